/*
 * story.h -- articles grouped into stories, and stories into threads.
 *
 * A story is one happening as the press covers it: every article about the
 * same talks, the same quake, the same verdict. A thread is a running saga:
 * the stories that continue one another over weeks or months (two rounds
 * of talks, then their halt).
 *
 * Assignment is online: articles come one at a time (in publication order
 * when dates are known, else in the order they arrived) and each is placed
 * at once.
 *
 *   1. The article becomes a unit term vector: stemmed content words, names
 *      (runs of capitalised words) and numbers, weighted by log term
 *      frequency times inverse document frequency (learnt from the stream,
 *      in a fixed-size table, with a prior so that a fresh index is not
 *      fooled); title and lead words weigh more. Only its max_terms
 *      heaviest terms are kept, so a long article and a short lead are
 *      described by vectors of the same size.
 *   2. Candidate stories come from an inverted index over the stories'
 *      centroids (sums of their members' vectors), read for the article's
 *      heaviest terms, newest postings first; the best max_candidates by
 *      that partial score are scored in full, highest first.
 *   3. The score of a story is the mean similarity of the article to its
 *      members (group average, so that a big loose cluster does not win by
 *      size), less half the part that rests on one name -- all words of
 *      "Senate Majority Leader Mitch McConnell" count as one -- (so one
 *      shared person does not make one story), times the agreement of the
 *      two sides' names and numbers to the power 1/4 (Klitschko against
 *      Rahman, then against Thompson, are two fights).
 *   4. The article joins the best story whose score clears the bar, else
 *      opens a story. The bar is join_threshold; when both sides are dated
 *      and within grace_days it drops to dated_threshold (closeness in time
 *      is evidence of its own), rising back with the gap; past story_days
 *      no join (an article known only to lie in an inferred interval is
 *      as far as the interval's nearer end). Lead months that contradict
 *      ("in January" against "the first since January") veto a join.
 *   5. Later evidence joins stories: the story an article joined is compared
 *      with the other candidates, story to story on the same scale and bar;
 *      the younger merges into the older (which keeps its id), and the
 *      merge is logged.
 *      A story opened by an article read past its lead that is still
 *      alone some arrivals later (recheck_after) is looked at again
 *      against the stories grown since, and merges like any other.
 *   6. A new story joins the thread of the closest story at or above
 *      thread_threshold within thread_days (a lower bar, a longer window);
 *      otherwise it starts a thread. Threads merge when their stories do.
 *
 * Copies (doc.duplicate_of set, from the dedup stage) join their
 * original's story and count as coverage, but do not move its centroid.
 *
 * Memory stays bounded: stories idle for longer than retire_days (or, for
 * undated streams, retire_articles articles), and the oldest beyond
 * max_active, are retired: their centroids leave the index and only their
 * summary stays, which a callback may persist and drop (keep_retired = 0).
 * Term statistics live in fixed-size tables.
 *
 * Every call on an index must be serialised by the caller; separate
 * indexes share nothing.
 */
#ifndef TD_STORY_H
#define TD_STORY_H

#include <stddef.h>
#include <stdint.h>

#include "text/text.h"

/* Status codes. TD_STORY_ESTATE: a saved state that this index cannot
 * take: written by another version of the format, with another
 * configuration, or damaged. */
enum { TD_STORY_OK = 0, TD_STORY_NOMEM = -1, TD_STORY_EUSAGE = -2,
       TD_STORY_NOTFOUND = -3, TD_STORY_ESTATE = -4 };

enum { TD_STORY_MAX_OUTLETS = 8, TD_STORY_MAX_MERGES = 4, TD_STORY_RECHECKS = 3 };

typedef struct td_story_info td_story_info;

/* Called when a story is retired (see keep_retired). */
typedef void (*td_story_retire_fn)(void *ctx, const td_story_info *s);

typedef struct td_story_config {
    /* Article vectors. */
    unsigned max_terms;       /* terms kept per article: 60 */
    unsigned centroid_terms;  /* terms kept per story centroid: 96 */
    unsigned max_words;       /* body words read per article (the lead
                                 decides): 150 */
    unsigned lead_words;      /* body words that count as the lead: 50 */
    double title_weight;      /* a title word counts this many times: 3 */
    double lead_weight;       /* a lead word: 3 */
    double name_weight;       /* a word of a name counts this much more: 1 */
    double number_weight;     /* a number: 1 */
    int name_spans;           /* names of two words or more are terms too: 1 */
    double idf_prior;         /* imagined earlier articles with none of the
                                 terms, so that a fresh index does not call
                                 every shared word common: 1000 */
    /* Scoring an article against a story. */
    double link;              /* 0: cosine with the centroid; 1: mean
                                 similarity to the members (group average);
                                 between: a blend: 1 */
    double single_term;       /* share of the largest part resting on one
                                 name (all its words) or one term, taken
                                 off the score: 0.5 */
    double specific_power;    /* the score is scaled by the cosine of the
                                 names-and-numbers parts to this power: 0.25 */
    /* Assignment. */
    double join_threshold;    /* the score to join a story: 0.18 */
    double dated_threshold;   /* the bar when both are dated and close: 0.06 */
    double grace_days;        /* "close": this many days apart or less: 2 */
    double decay_days;        /* the bar returns to join_threshold with this
                                 time constant past grace_days: 3 */
    double story_days;        /* beyond this a dated story takes no article: 14 */
    double merge_threshold;   /* two stories merge when their similarity
                                 clears this times the join bar: 1 */
    double second_chance;     /* a story of one article (read past its lead)
                                 merges into the story it came closest to
                                 when, grown, their similarity clears this
                                 times the bar: 0.75 (1: no second chance) */
    double recheck;           /* a story of one article read past its lead
                                 is looked at again as the stream goes on,
                                 and merges into the story it is then
                                 closest to when its cosine with that
                                 story's centroid clears this times the
                                 bar: 1.2 (0: never) */
    unsigned recheck_after[TD_STORY_RECHECKS]; /* when: this many articles
                                 after it opened, at most 65,536 (0: no
                                 look): 25, 100, 400 */
    unsigned lookup_terms;    /* article terms read in the inverted index: 12 */
    unsigned lookup_postings; /* postings read per term, newest first: 64 */
    unsigned max_candidates;  /* stories scored in full per article: 8 */
    int time_cues;            /* veto joins on contradicting lead months: 1 */
    /* Threads. */
    double thread_threshold;  /* score to link a new story to a thread: 0.15 */
    double thread_days;       /* a dated story links to threads this recent: 180 */
    /* Memory. */
    double retire_days;       /* dated stories idle this long retire: 180 */
    uint64_t retire_articles; /* undated: idle for this many articles: 1,000,000 */
    size_t max_active;        /* stories in the index at most: 250,000 */
    unsigned df_bits;         /* log2 of the term-statistics tables: 20 */
    size_t max_copy_map;      /* articles remembered for copies to find their
                                 story (two generations): 1,000,000 */
    int keep_retired;         /* keep summaries of retired stories: 1 */
    td_story_retire_fn on_retire;
    void *retire_ctx;
} td_story_config;

void td_story_config_default(td_story_config *c);

/* One article. Strings need not be NUL-terminated except outlet. */
typedef struct td_story_doc {
    int64_t id;               /* unique, non-zero */
    const char *title;
    size_t title_len;
    const char *body;
    size_t body_len;
    int64_t published;        /* unix seconds, 0 when unknown */
    int64_t published_lo;     /* when published is 0: an interval it lies in
                                 (an inferred date), unix seconds, or 0; a */
    int64_t published_hi;     /* story too far from all of it is not joined */
    const char *outlet;       /* NULL when unknown */
    int64_t duplicate_of;     /* the original when it is a copy, else 0 */
    const td_text_words *body_words; /* the body already tokenised, or NULL */
} td_story_doc;

typedef struct td_story_merge {
    int64_t from, into;       /* story from was merged into story into */
    int64_t article;          /* the article whose arrival joined them */
    double similarity;        /* the two stories' similarity (story_sim) */
} td_story_merge;

/* What became of one article. */
typedef struct td_story_assign {
    int64_t story_id;
    int64_t thread_id;
    int new_story;            /* this article opened the story */
    int new_thread;           /* ... and a new thread */
    int copy;                 /* joined as a copy of an earlier article */
    double similarity;        /* to the story it joined (1 for copies, 0 new) */
    size_t nmerges;
    td_story_merge merges[TD_STORY_MAX_MERGES];
} td_story_assign;

typedef struct td_story_index td_story_index;

/* cfg NULL means the defaults. TD_STORY_EUSAGE for a setting out of its
 * range (story.c: config_numbers_ok and the checks before it), a NaN or a
 * negative number among them; *out is then NULL. */
int td_story_index_new(const td_story_config *cfg, td_story_index **out);
void td_story_index_free(td_story_index *ix);

/* For tests: 0 makes the index score centroids with the portable loops
 * only; 1 (what a new index starts with) uses the vector ones where the
 * CPU has them. Either way every result is the same. */
void td_story_use_simd(td_story_index *ix, int on);

/* Places one article. Returns TD_STORY_OK, TD_STORY_NOMEM or
 * TD_STORY_EUSAGE (id 0). */
int td_story_add(td_story_index *ix, const td_story_doc *doc, td_story_assign *out);

/* Counts the article's terms in the term statistics without placing it:
 * warms a fresh index with articles already stored (after a restart), so
 * inverse document frequencies need not be learnt again. */
int td_story_observe(td_story_index *ix, const td_story_doc *doc);

/* The article's unit vector as td_story_add would build it, with the term
 * statistics as they are (nothing is counted or placed): up to max terms,
 * sorted by term; groups (may be NULL) gets the name each term belongs to
 * (0 for none), with the low bit set for names and numbers. Returns the
 * number of terms or a negative status. */
typedef struct td_story_term td_story_term;
int td_story_vectorize(td_story_index *ix, const td_story_doc *doc, td_story_term *out,
                       uint32_t *groups, size_t max);

/* ---- Reading stories --------------------------------------------------- */

struct td_story_info {
    int64_t id;
    int64_t thread_id;
    const char *headline;     /* the title nearest the centroid (or the first
                                 sentence when articles have no title) */
    float headline_sim;       /* the similarity its article joined with, -1
                                 for a first sentence: a later title takes
                                 over only when it joins closer, which
                                 td_story_restore keeps (0 when not known) */
    int64_t first_seen, last_seen; /* unix seconds; 0 when no date was known */
    uint64_t first_seq, last_seq;  /* arrival numbers (from 1) of its first and
                                      last article */
    uint32_t articles;        /* all articles, copies included */
    uint32_t copies;
    uint32_t noutlets;        /* distinct outlets (at most TD_STORY_MAX_OUTLETS
                                 are named below), two spellings of one
                                 ("Meridian Wire", meridianwire.net) counted
                                 once under the first seen */
    const char *outlets[TD_STORY_MAX_OUTLETS];
    int active;               /* 1 in the index, 0 retired */
    int when_month;           /* month (1..12) the leads place it in, 0 unknown */
    uint16_t at_months;       /* months its leads place it "in" (bit m-1 for
                                 month m) and months they say it came */
    uint16_t after_months;    /* "since" or "after": what joins and merges
                                 check (td_story_restore brings them back) */
};

/* Return non-zero to stop. Stories come in order of id. Pointers live
 * until the next call that changes the index. */
typedef int (*td_story_fn)(void *ctx, const td_story_info *s);

int td_story_each(td_story_index *ix, td_story_fn fn, void *ctx);
/* A story by id; a merged id gives the story it was merged into. */
int td_story_get(td_story_index *ix, int64_t id, td_story_info *out);
/* The thread a story is in now (threads merge as stories do). */
int64_t td_story_thread_of(td_story_index *ix, int64_t story_id);

/* The merge log, oldest first. */
size_t td_story_merges(const td_story_index *ix, const td_story_merge **log);

/* ---- State for persistence ---------------------------------------------- */

/* A centroid entry: a term (hash of a stem, a name or a number) and its
 * weight. Centroids are sums of unit article vectors. */
struct td_story_term {
    uint32_t term;
    float weight;
};

/* Copies up to max entries of an active story's centroid; returns how many
 * it has, or a negative status. */
int td_story_centroid(td_story_index *ix, int64_t id, td_story_term *out, size_t max);

/* Brings back a story saved with td_story_each and td_story_centroid
 * (after a restart). Its id must not be in use; later new stories get ids
 * above every restored one. What a story's summary does not hold does not
 * come back: the term statistics, the copies' map, the nearest story a
 * lone article remembers for its second chance, and the re-checks in
 * flight (a restored lone story is not re-checked). More terms than a
 * centroid keeps (centroid_terms, and half as many again) are cut to its
 * centroid_terms heaviest. An index that must go
 * on exactly as before is saved whole with td_story_save. */
int td_story_restore(td_story_index *ix, const td_story_info *s,
                     const td_story_term *terms, size_t nterms);

/* ---- Regrouping ------------------------------------------------------------ */

/* What a caller that has grouped some articles again (core/cluster.c
 * regroups a small thread once its dates are known) needs to put its
 * groups in place of the stories they came from: drop those stories,
 * bring the groups back with td_story_restore, and say where each
 * article now is.
 *
 * td_story_remove drops a story from the index (active or retired). into,
 * when not 0, is the story its id now leads to (td_story_get follows it),
 * and the drop is logged as a merge into it, for article; into need not
 * exist yet, and may be newer than id. TD_STORY_NOTFOUND when id is not
 * a story in the index, TD_STORY_EUSAGE when into leads back to id.
 * td_story_new_id gives an id for a story to be restored that no story had,
 * and counts it as opened. td_story_place records that article is in
 * story_id, for copies of it that arrive later. */
int td_story_remove(td_story_index *ix, int64_t id, int64_t into, int64_t article);
int64_t td_story_new_id(td_story_index *ix);
int td_story_place(td_story_index *ix, int64_t article, int64_t story_id);

typedef struct td_story_stats {
    uint64_t articles, copies;
    uint64_t stories, threads, merges; /* opened (stories, threads) and
                                          merged away (stories) */
    uint64_t thread_merges;  /* threads joined into another; live threads
                                are threads - thread_merges */
    size_t active, retired;  /* stories in the index, summaries kept */
    uint64_t candidates;     /* stories scored */
    size_t bytes;            /* memory held */
} td_story_stats;

void td_story_get_stats(const td_story_index *ix, td_story_stats *st);

/* ---- Saving and loading the whole index ----------------------------------- */

/* Streams for saving and loading: write takes n bytes; read fills exactly
 * n bytes. Each returns 0 on success, non-zero to stop (the save or load
 * then fails with TD_STORY_ESTATE for a read, TD_STORY_EUSAGE for a write). */
typedef int (*td_story_write_fn)(void *ctx, const void *p, size_t n);
typedef int (*td_story_read_fn)(void *ctx, void *p, size_t n);

/* Writes the index's whole state: an index loaded from it with the same
 * configuration places every later article exactly as this one would
 * (same story ids, threads, merges, similarities, headlines, stats).
 * The state is a raw dump in the machine's byte order, not portable to a
 * machine of the other order (its magic number then reads wrong and the
 * load is refused). Returns TD_STORY_OK, TD_STORY_EUSAGE (the write
 * stopped) or TD_STORY_NOMEM. */
int td_story_save(const td_story_index *ix, td_story_write_fn write, void *ctx);

/* A new index from a saved state. cfg (NULL: the defaults) must equal the
 * configuration the state was saved with, the callbacks (on_retire,
 * retire_ctx) aside, which are taken from cfg: else TD_STORY_ESTATE and no
 * index. A truncated or damaged state gives TD_STORY_ESTATE too (or
 * TD_STORY_NOMEM when memory runs out), never a crash. */
int td_story_load(const td_story_config *cfg, td_story_read_fn read, void *ctx,
                  td_story_index **out);

#endif
