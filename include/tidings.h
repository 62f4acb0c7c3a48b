/*
 * tidings.h -- the public C API of libtidings, a news event engine.
 *
 * One handle (td_db) per database. Every call on a handle is serialised by
 * the handle's own lock, so a handle may be shared between threads; separate
 * handles share nothing. Strings are UTF-8. Text always travels with an
 * explicit length where it can contain NUL bytes.
 *
 * Errors are returned as td_status codes; td_errmsg() gives the message of
 * the last failed call on a handle.
 */
#ifndef TIDINGS_H
#define TIDINGS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#define TIDINGS_VERSION "0.1.0"

/* Status codes. The CLI's exit statuses are derived from these (see
 * tidings(1)): 0 all ingested, 1 some inputs rejected, 2 usage error,
 * 3 database error. */
typedef enum td_status {
    TD_OK = 0,
    TD_REJECTED = 1,  /* some input was rejected; the rest went in */
    TD_EUSAGE = 2,    /* bad argument or option */
    TD_EDB = 3,       /* the database could not be opened, read or written */
    TD_ENOMEM = 4,
    TD_EIO = 5,       /* a file could not be read */
    TD_ENOTFOUND = 6, /* no such article */
    TD_EINPUT = 7     /* one input unit was rejected (see diagnostics) */
} td_status;

typedef struct td_db td_db;

/* Input formats. TD_FMT_AUTO sniffs the content. */
typedef enum td_format {
    TD_FMT_AUTO = 0,
    TD_FMT_TEXT,
    TD_FMT_HTML,
    TD_FMT_JSONL,
    TD_FMT_RSS,
    TD_FMT_ATOM,
    TD_FMT_WARC
} td_format;

const char *td_format_name(td_format f);
/* Returns TD_FMT_AUTO for an unknown name (and for "auto"). */
td_format td_format_from_name(const char *name);

/* Where an article's publication date came from. */
typedef enum td_date_from {
    TD_DATE_UNKNOWN = 0,
    TD_DATE_METADATA, /* page, feed, archive or JSONL metadata */
    TD_DATE_TEXT,     /* a byline or dateline in the text */
    TD_DATE_USER,     /* --published on the command line */
    TD_DATE_INFERRED  /* reasoned from the content (later stages) */
} td_date_from;

const char *td_date_from_name(td_date_from f);

/* Reads a date the way tidings reads metadata (ISO 8601, RFC 822, "May 17,
 * 2024", ...) into out as ISO 8601 ("2024-05-17" or, with a time,
 * "2024-05-17T08:30:00Z" in UTC). Returns TD_OK, or TD_EUSAGE when s is not
 * a date. */
td_status td_parse_date(const char *s, char out[32]);

/* ---- Opening ---------------------------------------------------------- */

/* Opens (creating and migrating when needed) the database at path.
 * On failure *out is NULL and, if errbuf is given, the reason is copied
 * there. */
td_status td_open(const char *path, td_db **out, char *errbuf, size_t errlen);
void td_close(td_db *db);
const char *td_errmsg(td_db *db);

/* Schema version of an open database. */
int td_schema_version(td_db *db);

/* ---- Ingest ----------------------------------------------------------- */

/* Severity of a diagnostic about the input. */
typedef enum td_diag_level { TD_DIAG_ERROR, TD_DIAG_WARNING, TD_DIAG_INFO } td_diag_level;

/* A message about one input: where names the file and, when it helps, the
 * line ("feed.jsonl:12") or byte offset ("crawl.warc.gz@4096"). */
typedef void (*td_diag_fn)(void *ctx, td_diag_level level, const char *where,
                           const char *message);

typedef struct td_ingest_progress {
    uint64_t files_done, files_total;  /* files_total is 0 until known */
    uint64_t bytes_done, bytes_total;  /* input bytes as read from disk */
    uint64_t articles_new, articles_known, rejected;
} td_ingest_progress;

typedef void (*td_progress_fn)(void *ctx, const td_ingest_progress *p);

/* Limits that bound memory on hostile input. Zero means the default. */
typedef struct td_limits {
    size_t max_article_bytes;   /* one article (page, line, record) : 16 MiB */
    size_t max_feed_bytes;      /* one RSS/Atom document: 64 MiB */
    unsigned max_depth;         /* XML element nesting: 256 (libxml2 caps HTML and
                                   XML at 256 whatever this says) */
    unsigned max_inflate_ratio; /* decompressed/compressed bytes: 1000 */
} td_limits;

typedef struct td_ingest_opts {
    td_format format;       /* TD_FMT_AUTO to sniff */
    const char *outlet;     /* metadata from the user, or NULL */
    const char *url;
    const char *published;  /* a date, e.g. 2024-05-17 */
    const char *author;
    td_limits limits;
    size_t batch_size;      /* articles per transaction: 256 */
    unsigned jobs;          /* threads cleaning documents: 0 = one per CPU;
                               1 = all on the calling thread */
    int no_cluster;         /* do not run td_cluster after storing new articles */
    const char *const *actor_files; /* the user's knowledge-base files added to
                               the bundled one (see data/actors/README.md) */
    size_t nactor_files;
    td_diag_fn diag;
    td_progress_fn progress;
    void *ctx;              /* passed to diag and progress */
} td_ingest_opts;

typedef struct td_ingest_stats {
    uint64_t files;          /* files opened */
    uint64_t bytes;          /* bytes read from disk */
    uint64_t articles_new;   /* stored by this run */
    uint64_t articles_known; /* already in the database */
    uint64_t rejected;       /* input units rejected with a diagnostic */
} td_ingest_stats;

/* Ingests files, directories (recursively) and "-" for standard input.
 * Returns TD_OK when everything went in, TD_REJECTED when some units were
 * rejected (each with a diagnostic), TD_EUSAGE or TD_EDB on failure.
 * stats may be NULL. */
td_status td_ingest_paths(td_db *db, const char *const *paths, size_t npaths,
                          const td_ingest_opts *opts, td_ingest_stats *stats);

/* Ingests one in-memory input named name (used in messages). */
td_status td_ingest_buffer(td_db *db, const char *name, const void *data,
                           size_t len, const td_ingest_opts *opts,
                           td_ingest_stats *stats);

/* ---- Reading articles -------------------------------------------------- */

/* A stored article. All pointers belong to the library and live until the
 * callback returns (or until td_article_free for td_article_get). */
typedef struct td_article {
    int64_t id;
    const char *source_path;  /* file, with :line or @offset for containers */
    const char *format;       /* reader that produced it */
    const char *url;          /* NULL when unknown */
    const char *outlet;
    const char *title;
    const char *author;
    const char *language;     /* ISO 639-1 code, or NULL */
    const char *published;    /* ISO 8601 date or date-time, or NULL */
    td_date_from published_from;
    /* When published_from is TD_DATE_INFERRED: the interval the date was
     * reasoned to lie in (YYYY-MM-DD, inclusive; either may be NULL when
     * open) and the confidence in it, 0..1. NULL/0 otherwise. */
    const char *published_lo, *published_hi;
    double published_confidence;
    int64_t ingested_at;      /* seconds since the epoch */
    const char *content_hash; /* 32 hex digits, XXH3-128 of the raw unit */
    const char *body;
    size_t body_len;
    const char *extra_json;   /* unknown JSONL fields as a JSON object, or NULL */
    const char *provenance;   /* JSON object: field -> where its value came from */
    int64_t story_id;         /* the story it belongs to, 0 before clustering */
    int64_t duplicate_of;     /* the earliest article it copies, or 0 */
    double dup_similarity;    /* estimated word-shingle Jaccard with it */
    size_t raw_len;           /* size of the raw unit as ingested */
    int64_t run;              /* the ingest that stored it: 1, 2, ... */
} td_article;

/* Return non-zero to stop the iteration. */
typedef int (*td_article_fn)(void *ctx, const td_article *a);

typedef struct td_list_opts {
    int64_t after_id;    /* only ids greater than this */
    size_t limit;        /* 0: no limit */
    int with_body;       /* fill body (otherwise body is NULL, body_len set) */
    const char *outlet;  /* filter, or NULL */
    int64_t story_id;    /* only this story's articles, 0 for all */
    int64_t thread_id;   /* only this thread's articles, 0 for all */
} td_list_opts;

td_status td_articles(td_db *db, const td_list_opts *opts, td_article_fn fn,
                      void *ctx);

/* Fetches one article with its body. Free with td_article_free. */
td_status td_article_get(td_db *db, int64_t id, td_article **out);
void td_article_free(td_article *a);

/* The raw bytes of the unit the article came from (decompressed). *out is
 * malloc'd; free it with free(). */
td_status td_article_raw(td_db *db, int64_t id, unsigned char **out, size_t *len);

/* ---- Search ----------------------------------------------------------- */

typedef struct td_hit {
    const td_article *article; /* without body */
    double score;              /* higher is better */
    const char *snippet;       /* with the matches between hl_open/hl_close */
} td_hit;

typedef int (*td_hit_fn)(void *ctx, const td_hit *h);

typedef struct td_search_opts {
    size_t limit;          /* default 20 */
    const char *hl_open;   /* default "[" */
    const char *hl_close;  /* default "]" */
} td_search_opts;

/* Full-text search over titles and bodies, best first. The query is plain
 * words (all must match, stemmed); quotes make a phrase. */
td_status td_search(td_db *db, const char *query, const td_search_opts *opts,
                    td_hit_fn fn, void *ctx);

/* ---- Statistics -------------------------------------------------------- */

typedef struct td_stats {
    uint64_t articles, outlets, with_date, raw_bytes, body_bytes;
    uint64_t db_bytes;
    int schema_version;
} td_stats;

td_status td_get_stats(td_db *db, td_stats *out);

/* Articles per outlet, most first; name is NULL for articles with no
 * known outlet. */
typedef int (*td_count_fn)(void *ctx, const char *name, uint64_t count);
td_status td_outlet_counts(td_db *db, td_count_fn fn, void *ctx);

/* ---- Time expressions and quantities ------------------------------------- */

/* A time expression of an article's body (TimeML TIMEX3 style). */
typedef struct td_timex_row {
    int64_t article;
    size_t start, end;        /* byte offsets in the body */
    const char *text;
    const char *type;         /* DATE, TIME, DURATION or SET */
    const char *value;        /* 2024-05-17, 2024-W20, P72H, PAST_REF, XXXX-05-17 ... */
    const char *mod;          /* START, MID, END, APPROX, ... or NULL */
    const char *anchor;       /* the date it was resolved against, or NULL */
    int relative;             /* depends on the anchor, not an explicit date */
    int anchor_inferred;      /* the anchor is an inferred article date */
} td_timex_row;

/* A quantity: a number with what it counts or measures. */
typedef struct td_quantity_row {
    int64_t article;
    size_t start, end;
    const char *text;
    double value, low, high;  /* vague counts are ranges: "hundreds" 200..999 */
    char approx;              /* '=' exact, '~' about, '>' more than, '<' less than */
    const char *kind;         /* number, count, money, percent, measure */
    const char *unit;         /* "$", "%", "km", "troops" ... or NULL */
    const char *counts;       /* the counted noun phrase, or NULL */
    const char *about;        /* what it is of or in, or NULL */
} td_quantity_row;

typedef int (*td_timex_cb)(void *ctx, const td_timex_row *t);
typedef int (*td_quantity_cb)(void *ctx, const td_quantity_row *q);

/* An article's time expressions and quantities in text order; article 0
 * for every article's (by article, then offset). */
td_status td_timexes(td_db *db, int64_t article, td_timex_cb fn, void *ctx);
td_status td_quantities(td_db *db, int64_t article, td_quantity_cb fn, void *ctx);

/* ---- Stories and threads ------------------------------------------------ */

/* A story: one happening as the press covers it. */
typedef struct td_story_summary {
    int64_t id;
    int64_t thread_id;
    const char *title;        /* the representative headline */
    uint32_t articles;        /* copies included */
    uint32_t copies;
    uint32_t outlets;         /* distinct outlets */
    const char *outlet_list;  /* JSON array of outlet names */
    const char *first_seen;   /* ISO 8601 day of the earliest dated article (a
                                 date given, or one inferred with confidence
                                 0.1 or more, as the article shows it); when
                                 none has a day, the first of the span that
                                 most of its articles' inferred intervals
                                 hold (at least half of them); NULL when
                                 they agree on no span of 180 days or less */
    const char *last_seen;    /* likewise, the latest: what "latest first"
                                 sorts by, stories without one last */
    int64_t last_article;     /* its most recent article in clustering order */
    uint64_t last_seq;        /* that article's place in clustering order:
                                 "latest first" among stories of one last day
                                 and among those without one */
} td_story_summary;

/* A thread: stories that continue one another. */
typedef struct td_thread_summary {
    int64_t id;
    const char *title;        /* the headline of its largest story */
    uint32_t stories;
    uint32_t articles;
    const char *first_seen, *last_seen;
} td_thread_summary;

typedef int (*td_story_cb)(void *ctx, const td_story_summary *s);
typedef int (*td_thread_cb)(void *ctx, const td_thread_summary *t);

typedef struct td_cluster_stats {
    uint64_t articles, copies, stories, threads, merges;
    double seconds;
    uint64_t articles_stored; /* articles in the store */
    uint64_t placed;          /* articles this call placed */
    int updated;              /* 1: only the articles new since the last
                                 call were placed (td_cluster_update) */
    uint64_t regrouped;       /* small threads this call grouped again, their
                                 stories changed (their reports came in
                                 several ingests and dated one another) */
} td_cluster_stats;

/* Groups every article into stories and threads, folding copies. Articles
 * are taken in a fixed order (ingest run, then publication date, then id),
 * so running it again after more input leaves earlier assignments and story
 * ids as they were. The copy and story indexes are saved in the store at
 * the end, for td_cluster_update. */
td_status td_cluster(td_db *db, td_cluster_stats *stats);

/* The same for the articles stored since clustering last ran, from the
 * indexes it saved: the time it takes grows with the new articles and the
 * stories they reach, not with the store. The new articles get the
 * stories td_cluster would give them. Earlier articles keep their
 * stories, and their dates are refined again only in the stories the new
 * ones reach (td_cluster would re-date undated articles across the
 * threads, and re-place one that a new date takes out of its story's
 * reach). Without a saved state that fits
 * (none yet, or written by another version of tidings, or articles added
 * to earlier runs since) it runs td_cluster. td_ingest_* run it after
 * storing anything new. */
td_status td_cluster_update(td_db *db, td_cluster_stats *stats);

/* Stories, latest first (by last_seen, then last_seq); thread_id 0 for all
 * threads. */
td_status td_list_stories(td_db *db, int64_t thread_id, size_t limit, td_story_cb fn,
                          void *ctx);
td_status td_get_story(td_db *db, int64_t id, td_story_cb fn, void *ctx);
/* Threads, latest first (by their stories' last last_seen, then last_seq). */
td_status td_list_threads(td_db *db, size_t limit, td_thread_cb fn, void *ctx);
td_status td_get_thread(td_db *db, int64_t id, td_thread_cb fn, void *ctx);

/* ---- Actors: entities, their titles, and who says what ------------------ */

/* An entity: a person, organisation, country, city, region or outlet,
 * merged across articles (by knowledge-base id, else by name). */
typedef struct td_entity_row {
    int64_t id;
    const char *name;
    const char *type;         /* person, org, country, city, region, outlet */
    const char *kb_id;        /* knowledge-base id ("country:IRN"), or NULL */
    uint32_t mentions;        /* named mentions, all articles */
    uint32_t articles;        /* articles naming it */
    uint32_t outlets;         /* distinct outlets naming it */
    const char *outlet_list;  /* JSON array of those outlets, or NULL when not
                                 asked for (td_entity_opts.with_outlets) */
} td_entity_row;

typedef struct td_entity_opts {
    const char *type;   /* only this type, or NULL */
    size_t limit;       /* 0: no limit */
    int64_t article;    /* only entities this article names, or 0 */
    int with_outlets;   /* fill outlets and outlet_list (costs a join) */
} td_entity_opts;

/* A name an entity went by, with how many mentions used it. */
typedef struct td_alias_row {
    int64_t entity;
    const char *alias;
    uint32_t count;
} td_alias_row;

/* A title an article gave a person: "acting U.S. envoy for Iran". */
typedef struct td_title_row {
    int64_t entity, article;
    const char *outlet;       /* of the article, or NULL */
    const char *text;         /* the phrase as written */
    const char *role;         /* canonical role ("envoy"), or NULL */
    const char *country;      /* alpha-3 the role belongs to, or NULL */
    const char *about;        /* alpha-3 the role is about, or NULL */
    const char *attach;       /* premodifier, apposition, bio, predicate */
} td_title_row;

/* One mention of an entity in an article's body. */
typedef struct td_mention_row {
    int64_t article, entity;
    size_t start, end;        /* byte offsets in the body */
    uint32_t sentence;
    const char *text;
    const char *type;
    const char *form;         /* name, short, demonym, nominal */
} td_mention_row;

/* Who says what: one attribution in an article. */
typedef struct td_attribution_row {
    int64_t article;
    uint32_t idx;             /* its number in the article, from 0 */
    int32_t parent;           /* idx of the attribution it is nested in, or -1 */
    uint32_t sentence;
    const char *source;       /* the source as written */
    int64_t source_entity;    /* the entity it is, or 0 */
    const char *source_kind;  /* person, org, outlet, anonymous, other */
    const char *cue;          /* say, report, according to, tell, ... */
    const char *kind;         /* direct, paraphrase, report */
    const char *content;
    size_t content_start, content_end;
    const char *outlet;       /* of the article, or NULL */
} td_attribution_row;

typedef int (*td_entity_cb)(void *ctx, const td_entity_row *e);
typedef int (*td_alias_cb)(void *ctx, const td_alias_row *a);
typedef int (*td_title_cb)(void *ctx, const td_title_row *t);
typedef int (*td_mention_cb)(void *ctx, const td_mention_row *m);
typedef int (*td_attribution_cb)(void *ctx, const td_attribution_row *a);

/* Entities by mentions, most first. */
td_status td_list_entities(td_db *db, const td_entity_opts *opts, td_entity_cb fn, void *ctx);
/* One entity by id (with outlets), TD_ENOTFOUND if none. */
td_status td_get_entity(td_db *db, int64_t id, td_entity_cb fn, void *ctx);
/* Entities whose name or an alias is name (case-insensitive), most
 * mentioned first; with no such match, those whose name contains it. */
td_status td_find_entities(td_db *db, const char *name, size_t limit, td_entity_cb fn,
                           void *ctx);
/* An entity's aliases (most used first) and titles (by article); entity 0
 * for every entity's. */
td_status td_entity_aliases(td_db *db, int64_t entity, td_alias_cb fn, void *ctx);
td_status td_entity_titles(td_db *db, int64_t entity, td_title_cb fn, void *ctx);
/* Mentions of an article (entity 0) or of an entity (article 0), in text
 * order. */
td_status td_mentions(td_db *db, int64_t article, int64_t entity, td_mention_cb fn, void *ctx);
/* Attributions of an article, or (article 0) those whose source is entity,
 * or (both 0) all. */
td_status td_attributions(td_db *db, int64_t article, int64_t source_entity,
                          td_attribution_cb fn, void *ctx);

/* ---- Extraction without a database -------------------------------------- */

/* An extractor runs the readers and the clean stage and stores nothing:
 * for tools, benchmarks and programs that want clean articles only. It
 * holds the language models; use one per thread. */
typedef struct td_extractor td_extractor;

td_status td_extractor_new(td_extractor **out, char *errbuf, size_t errlen);
void td_extractor_free(td_extractor *x);
const char *td_extractor_errmsg(td_extractor *x);

/* Reads one input (any format, as td_ingest_buffer does) and calls fn for
 * each article found, with id 0. opts may be NULL; its
 * diag callback hears about rejected units. Returns TD_OK, TD_REJECTED,
 * TD_EUSAGE or TD_ENOMEM. */
td_status td_extract(td_extractor *x, const char *name, const void *data, size_t len,
                     const td_ingest_opts *opts, td_article_fn fn, void *ctx);

/* ---- Export ------------------------------------------------------------ */

typedef enum td_export_kind {
    TD_EXPORT_JSON, /* one object: {"version":1,"articles":[...],"stories":[...],
                       "threads":[...],"timexes":[...],"quantities":[...],
                       "entities":[...],"attributions":[...]} */
    TD_EXPORT_JSONL /* one object per line, {"type":"article",...} */
} td_export_kind;

/* Writes every article to out (see docs/schema.md). */
td_status td_export(td_db *db, td_export_kind kind, FILE *out);

#ifdef __cplusplus
}
#endif

#endif /* TIDINGS_H */
