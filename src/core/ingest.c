/*
 * ingest.c -- the pipeline behind td_ingest_paths: find the inputs, pick a
 * reader for each, clean every document the reader emits and store it in
 * batches of one transaction each.
 *
 * A batch either commits whole or not at all, and articles are keyed by the
 * hash of their raw input, so an ingest killed half-way is completed by
 * running the same command again: committed articles count as known, the
 * rest go in.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "clean/clean.h"
#include "core/actors.h"
#include "core/db.h"
#include "core/redate.h"
#include "extract/datefer.h"
#include "extract/quantity.h"
#include "extract/timex.h"
#include "ingest/reader.h"
#include "util/buf.h"
#include "util/date.h"
#include "util/text.h"

typedef struct run {
    td_db *db;
    const td_ingest_opts *opts;
    td_limits lim;
    td_ingest_stats st;
    td_ingest_progress prog;
    size_t batch, in_batch;
    int in_txn;
    td_status db_status; /* TD_OK until the store fails */
    int64_t now;
    const char *user_published; /* parsed --published */
    struct pool *pool;          /* NULL: clean on the reading thread */
    td_clean *clean;            /* the reading thread's cleaner */
    td_article_fn sink;         /* td_extract: hand articles here, store nothing */
    void *sink_ctx;
    td_arena arena;             /* run-lifetime strings */
} run;

static void diag(const run *r, td_diag_level level, const char *where, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void diag(const run *r, td_diag_level level, const char *where, const char *fmt, ...)
{
    if (!r->opts->diag) return;
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    r->opts->diag(r->opts->ctx, level, where, msg);
}

static void progress(run *r)
{
    if (!r->opts->progress) return;
    r->prog.articles_new = r->st.articles_new;
    r->prog.articles_known = r->st.articles_known;
    r->opts->progress(r->opts->ctx, &r->prog);
}

static td_status store_fail(run *r)
{
    snprintf(r->db->err, sizeof r->db->err, "%s", r->db->store->err);
    r->db_status = TD_EDB;
    return TD_EDB;
}

static td_status commit(run *r)
{
    if (!r->in_txn) return TD_OK;
    r->in_txn = 0;
    r->in_batch = 0;
    if (r->db->store->ops->commit(r->db->store) != TD_OK) return store_fail(r);
    return TD_OK;
}

/* Fills what the user stated on the command line: it outranks everything
 * the input says, since the user knows where the files came from. */
static void apply_user(run *r, td_doc *d)
{
    const td_ingest_opts *o = r->opts;
    /* What the reader's container stated is credited to the format. */
    const char *reader = td_format_name(d->format);
    const char **fields[] = {&d->title, &d->author, &d->published, &d->url, &d->outlet,
                             &d->language};
    const char **from[] = {&d->from.title, &d->from.author, &d->from.published,
                           &d->from.url, &d->from.outlet, &d->from.language};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        if (*fields[i] && !*from[i]) *from[i] = reader;
    if (o->outlet) {
        d->outlet = td_arena_strdup(&d->arena, o->outlet);
        d->from.outlet = "user";
    }
    if (o->url) {
        d->url = td_arena_strdup(&d->arena, o->url);
        d->from.url = "user";
    }
    if (o->author) {
        d->author = td_arena_strdup(&d->arena, o->author);
        d->from.author = "user";
    }
    if (r->user_published) {
        d->published = td_arena_strdup(&d->arena, r->user_published);
        d->published_from = TD_DATE_USER;
        d->from.published = "user";
    }
}

/* The provenance as a JSON object, arena-allocated; NULL when empty. */
static const char *provenance_json(td_doc *d)
{
    const char *names[] = {"title", "author", "published", "url", "outlet", "language"};
    const char *vals[] = {d->from.title, d->from.author, d->from.published,
                          d->from.url, d->from.outlet, d->from.language};
    json_t *o = json_object();
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (vals[i]) json_object_set_new(o, names[i], json_string(vals[i]));
    char *s = json_object_size(o) ? json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
    json_decref(o);
    const char *r = s ? td_arena_strdup(&d->arena, s) : NULL;
    free(s);
    return r;
}

/* ---- cleaning, possibly on worker threads ------------------------------------ */

/* One document between the reader and the store. */
typedef struct job {
    td_doc *doc;
    int done;
    int failed;
    char err[256];
    unsigned char *zraw;
    size_t zlen;
    td_timex *timexes;      /* found in the body (extract/) */
    size_t ntimexes;
    td_quantity *quantities;
    size_t nquantities;
    td_actors_result actors; /* who the body names and who says what */
    td_datefer_result date;  /* an inferred date, when date.found */
    int date_narrow;         /* ... narrow enough to name a day */
} job;

/* Quantities kept per article (time expressions: TD_CORE_MAX_TIMEXES):
 * enough for any real article, a bound for hostile ones. */
enum { MAX_QUANTITIES = 2000 };

/* What the workers share with the reading thread. The reading thread
 * reads, hands documents out in order and stores them back in the same
 * order, so ids follow the input whatever the number of workers. */
struct pool {
    pthread_mutex_t mu;
    pthread_cond_t work, done;
    job *ring;
    size_t cap;
    uint64_t next_seq, next_take, next_store;
    int quit;
    pthread_t *threads;
    td_clean **cleans;
    td_actors **actors;
    int nworkers;
    const td_limits *lim;
    const td_kb *kb;
    int64_t now;
};

/* Whether the evidence bounds the year: a range with a finite end from
 * the text or an office (not the ingest time, added later). */
static int names_a_year(const td_datefer_evidence *ev)
{
    for (size_t k = 0; k < ev->n; k++) {
        const td_datefer_con *c = &ev->con[k];
        if (c->kind == TD_DATEFER_RANGE &&
            (c->lo != TD_DATEFER_OPEN_LO || c->hi != TD_DATEFER_OPEN_HI))
            return 1;
    }
    return 0;
}

/* An undated article's date, reasoned from its time expressions (found
 * without an anchor), the offices its people held when they bore the
 * titles it gives them, and the ingest time (nothing is reported before
 * it is written). Only a bounded interval with a known year is kept.
 *
 * The ingest time bounds the date from above but does not place it: an
 * archive ingested today is years old. So when nothing in the text or
 * the offices names a year, yearless evidence ("Monday", "February 11")
 * is not pinned to the year before the ingest (which dated 2008 reports
 * to this year, and kept them from their stories), and the article stays
 * undated. */
static void infer_date(job *j, const td_kb *kb, int64_t now)
{
    td_doc *d = j->doc;
    td_datefer_evidence *ev = malloc(sizeof *ev);
    if (!ev) return;
    td_datefer_init(ev);
    td_datefer_from_timexes(ev, d->body, d->body_len, j->timexes, j->ntimexes);
    td_datefer_offices(ev, kb, j->actors.mentions, j->actors.nmentions, j->actors.titles,
                       j->actors.ntitles);
    if (!names_a_year(ev)) {
        free(ev);
        return;
    }
    char today[11];
    time_t t = (time_t)now;
    struct tm tm;
    if (gmtime_r(&t, &tm) && strftime(today, sizeof today, "%Y-%m-%d", &tm))
        td_datefer_add_crawl(ev, today);
    td_datefer_result res;
    if (ev->n && td_datefer_infer(ev, NULL, &res) == TD_DATEFER_OK && res.found &&
        res.year_known && !res.open_lo && !res.open_hi) {
        j->date = res;
        j->date_narrow = td_date_span_days(res.lo, res.hi) <= TD_DATE_NARROW_DAYS;
        /* the timexes now rest on the inferred day */
        if (j->date_narrow) td_datefer_resolve(j->timexes, j->ntimexes, &res);
        else td_datefer_resolve_stable(j->timexes, j->ntimexes, &res);
    }
    free(ev);
}

/* Everything that does not need the store: clean, hash, find actors,
 * time expressions and quantities, infer a missing date, and compress the
 * raw input -- unless nothing will be stored (keep_raw 0). */
static void process(job *j, td_clean *c, td_actors *ac, const td_kb *kb, int64_t now,
                    const td_limits *lim, int keep_raw)
{
    td_doc *d = j->doc;
    if (td_clean_doc(c, d, lim, j->err, sizeof j->err)) {
        j->failed = 1;
        return;
    }
    td_hash128_hex(d->raw, d->raw_len, d->content_hash);
    if (!keep_raw) return;
    /* Actors: a failure here (out of memory, ICU) leaves the article
     * without them rather than losing it. */
    if (ac && td_actors_run(ac, d->body, d->body_len, &d->arena, &j->actors) != TD_ACTORS_OK)
        memset(&j->actors, 0, sizeof j->actors);
    /* Time expressions resolve against the article's day when it has one;
     * otherwise their values stay open (XXXX-05-17) unless a date can be
     * inferred. */
    char anchor[11] = "";
    if (d->published && strlen(d->published) >= 10) memcpy(anchor, d->published, 10);
    j->timexes = malloc(TD_CORE_MAX_TIMEXES * sizeof *j->timexes);
    j->quantities = malloc(MAX_QUANTITIES * sizeof *j->quantities);
    if (j->timexes &&
        td_timex_find(d->body, d->body_len, anchor[0] ? anchor : NULL, j->timexes,
                      TD_CORE_MAX_TIMEXES, &j->ntimexes) == TD_TIMEX_EANCHOR)
        td_timex_find(d->body, d->body_len, NULL, j->timexes, TD_CORE_MAX_TIMEXES, &j->ntimexes);
    if (j->timexes && !d->published) infer_date(j, kb, now);
    if (j->quantities)
        td_quantity_find(d->body, d->body_len, j->quantities, MAX_QUANTITIES,
                         &j->nquantities);
    j->zraw = td_store_deflate(d->raw, d->raw_len, &j->zlen);
    if (!j->zraw) {
        j->failed = 1;
        snprintf(j->err, sizeof j->err, "out of memory compressing the input");
    }
}

typedef struct worker_arg {
    struct pool *p;
    int index;
} worker_arg;

static void *worker(void *arg)
{
    worker_arg *w = arg;
    struct pool *p = w->p;
    td_clean *c = p->cleans[w->index];
    td_actors *ac = p->actors[w->index];
    pthread_mutex_lock(&p->mu);
    for (;;) {
        while (!p->quit && p->next_take == p->next_seq) pthread_cond_wait(&p->work, &p->mu);
        if (p->next_take == p->next_seq) break; /* quit, and nothing left */
        job *j = &p->ring[p->next_take++ % p->cap];
        pthread_mutex_unlock(&p->mu);
        process(j, c, ac, p->kb, p->now, p->lim, 1);
        pthread_mutex_lock(&p->mu);
        j->done = 1;
        pthread_cond_broadcast(&p->done);
    }
    pthread_mutex_unlock(&p->mu);
    free(w);
    return NULL;
}

static td_status store_mentions(run *r, job *j, int64_t id)
{
    td_store *s = r->db->store;
    td_doc *d = j->doc;
    char anchor[TD_CORE_ANCHOR_MAX] = "";
    if (d->published && strlen(d->published) >= 10) memcpy(anchor, d->published, 10);
    int inferred = !d->published && j->date.found;
    if (inferred) td_core_anchor_text(anchor, &j->date, j->date_narrow);
    if (td_core_put_timexes(s, id, d->body, d->body_len, j->timexes, j->ntimexes,
                            anchor[0] ? anchor : NULL, inferred, &d->arena) != TD_OK)
        return store_fail(r);
    td_arena *a = &d->arena;
    for (size_t i = 0; i < j->nquantities; i++) {
        const td_quantity *q = &j->quantities[i];
        td_quantity_row row = {id, q->start, q->end,
                               td_arena_span(a, d->body, d->body_len, q->start, q->end), q->value,
                               q->low, q->high, q->approx, td_quantity_kind_name(q->kind),
                               q->unit[0] ? q->unit : NULL,
                               td_arena_span(a, d->body, d->body_len, q->counts_start, q->counts_end),
                               td_arena_span(a, d->body, d->body_len, q->about_start, q->about_end)};
        if (!row.text) continue;
        if (s->ops->put_quantity(s, &row) != TD_OK) return store_fail(r);
    }
    return TD_OK;
}

/* Stores one processed job, or reports why it was rejected. */
static void store_job(run *r, job *j)
{
    td_doc *d = j->doc;
    if (j->failed) {
        diag(r, TD_DIAG_ERROR, d->where, "%s", j->err);
        r->st.rejected++;
        goto out;
    }
    if (r->db_status != TD_OK) goto out;

    td_article a = {0};
    a.id = 0;
    a.source_path = d->where;
    a.format = td_format_name(d->format);
    a.url = d->url;
    a.outlet = d->outlet;
    a.title = d->title;
    a.author = d->author;
    a.language = d->language;
    a.published = d->published;
    a.published_from = d->published ? d->published_from : TD_DATE_UNKNOWN;
    if (!d->published && j->date.found) {
        /* a wide interval is kept, but names no day */
        a.published = j->date_narrow ? j->date.anchor : NULL;
        a.published_from = TD_DATE_INFERRED;
        a.published_lo = j->date.lo;
        a.published_hi = j->date.hi;
        a.published_confidence = j->date.confidence;
    }
    a.ingested_at = r->now;
    a.content_hash = d->content_hash;
    a.body = d->body;
    a.body_len = d->body_len;
    a.extra_json = d->extra_json;
    a.provenance = provenance_json(d);
    a.raw_len = d->raw_len;

    if (r->sink) {
        r->st.articles_new++;
        if (r->sink(r->sink_ctx, &a)) r->db_status = TD_EUSAGE; /* asked to stop */
        goto out;
    }
    td_store *s = r->db->store;
    if (!r->in_txn) {
        if (s->ops->begin(s) != TD_OK) {
            store_fail(r);
            goto out;
        }
        r->in_txn = 1;
    }
    int64_t id;
    int is_new;
    if (s->ops->put_article(s, &a, j->zraw, j->zlen, &id, &is_new) != TD_OK) {
        store_fail(r);
        goto out;
    }
    if (is_new) {
        r->st.articles_new++;
        if (store_mentions(r, j, id) != TD_OK) goto out;
        if (td_core_store_actors(s, r->db->kb, id, d->body, d->body_len, &j->actors,
                                 &d->arena) != TD_OK) {
            store_fail(r);
            goto out;
        }
    } else {
        r->st.articles_known++;
    }
    if (!is_new)
        diag(r, TD_DIAG_INFO, d->where, "already known as article %lld", (long long)id);
    if (++r->in_batch >= r->batch) commit(r);
    if ((r->st.articles_new + r->st.articles_known) % 64 == 0) progress(r);
out:
    td_doc_free(d);
    free(j->zraw);
    free(j->timexes);
    free(j->quantities);
    memset(j, 0, sizeof *j);
}

/* Stores finished jobs in order until next_store reaches upto, waiting for
 * the workers where needed, then whatever else is already finished. */
static void drain(run *r, uint64_t upto)
{
    struct pool *p = r->pool;
    pthread_mutex_lock(&p->mu);
    while (p->next_store < p->next_seq) {
        job *j = &p->ring[p->next_store % p->cap];
        if (!j->done) {
            if (p->next_store >= upto) break;
            pthread_cond_wait(&p->done, &p->mu);
            continue;
        }
        pthread_mutex_unlock(&p->mu);
        store_job(r, j);
        pthread_mutex_lock(&p->mu);
        p->next_store++;
    }
    pthread_mutex_unlock(&p->mu);
}

/* The reader's emit callback. */
static int emit(void *ctx, td_doc *d)
{
    run *r = ctx;
    if (r->db_status != TD_OK) {
        td_doc_free(d);
        return 1;
    }
    apply_user(r, d);
    struct pool *p = r->pool;
    if (!p) {
        job j = {0};
        j.doc = d;
        process(&j, r->clean, r->sink ? NULL : r->db->actors, r->sink ? NULL : r->db->kb,
                r->now, &r->lim, r->sink == NULL);
        store_job(r, &j);
        return r->db_status != TD_OK;
    }
    if (p->next_seq - p->next_store >= p->cap) drain(r, p->next_seq - p->cap + 1);
    pthread_mutex_lock(&p->mu);
    job *j = &p->ring[p->next_seq % p->cap];
    memset(j, 0, sizeof *j);
    j->doc = d;
    p->next_seq++;
    pthread_cond_signal(&p->work);
    pthread_mutex_unlock(&p->mu);
    drain(r, 0);
    return r->db_status != TD_OK;
}

static void pool_stop(run *r)
{
    struct pool *p = r->pool;
    if (!p) return;
    drain(r, p->next_seq);
    pthread_mutex_lock(&p->mu);
    p->quit = 1;
    pthread_cond_broadcast(&p->work);
    pthread_mutex_unlock(&p->mu);
    for (int i = 0; i < p->nworkers; i++) pthread_join(p->threads[i], NULL);
    for (int i = 0; i < p->nworkers; i++) {
        td_clean_free(p->cleans[i]);
        td_actors_free(p->actors[i]);
    }
    pthread_mutex_destroy(&p->mu);
    pthread_cond_destroy(&p->work);
    pthread_cond_destroy(&p->done);
    free(p->threads);
    free(p->cleans);
    free(p->actors);
    free(p->ring);
    free(p);
    r->pool = NULL;
}

/* Starts n workers, each with its own cleaner (the language guesser keeps
 * state per handle). Returns -1 with a message when that is impossible. */
static int pool_start(run *r, int n, char *err, size_t errlen)
{
    struct pool *p = calloc(1, sizeof *p);
    if (!p) return -1;
    p->cap = (size_t)n * 4;
    p->ring = calloc(p->cap, sizeof *p->ring);
    p->threads = calloc((size_t)n, sizeof *p->threads);
    p->cleans = calloc((size_t)n, sizeof *p->cleans);
    p->actors = calloc((size_t)n, sizeof *p->actors);
    p->lim = &r->lim;
    p->kb = r->db->kb;
    p->now = r->now;
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->work, NULL);
    pthread_cond_init(&p->done, NULL);
    r->pool = p;
    if (!p->ring || !p->threads || !p->cleans || !p->actors) {
        snprintf(err, errlen, "out of memory");
        pool_stop(r);
        return -1;
    }
    for (int i = 0; i < n; i++) {
        if (!(p->cleans[i] = td_clean_new(err, errlen))) break;
        if (!r->sink && !(p->actors[i] = td_actors_new(r->db->kb))) {
            snprintf(err, errlen, "cannot set up the actor stages (ICU)");
            td_clean_free(p->cleans[i]);
            p->cleans[i] = NULL;
            break;
        }
        worker_arg *w = malloc(sizeof *w);
        if (!w) break;
        w->p = p;
        w->index = i;
        if (pthread_create(&p->threads[i], NULL, worker, w) != 0) {
            td_clean_free(p->cleans[i]);
            p->cleans[i] = NULL;
            td_actors_free(p->actors[i]);
            p->actors[i] = NULL;
            free(w);
            break;
        }
        p->nworkers++;
    }
    if (p->nworkers == 0) {
        pool_stop(r);
        return -1;
    }
    return 0;
}

static void reader_diag(void *ctx, td_diag_level level, const char *where, const char *msg)
{
    run *r = ctx;
    if (r->opts->diag) r->opts->diag(r->opts->ctx, level, where, msg);
}

static void read_source(run *r, td_src *src, const char *name)
{
    td_reader_env env = {0};
    env.name = name;
    env.limits = r->lim;
    env.emit = emit;
    env.emit_ctx = r;
    env.diag = reader_diag;
    env.diag_ctx = r;

    const unsigned char *head;
    size_t n = td_src_peek(src, &head, 4096);
    if (n == 0 && td_src_error(src)) {
        td_reader_reject(&env, name, "%s", td_src_error(src));
        r->st.rejected += env.rejected;
        return;
    }
    td_format f = r->opts->format != TD_FMT_AUTO ? r->opts->format : td_sniff(head, n, name);

    if (f == TD_FMT_JSONL) {
        td_read_jsonl(&env, src);
    } else if (f == TD_FMT_WARC) {
        td_read_warc(&env, src);
    } else {
        int feed = f == TD_FMT_RSS || f == TD_FMT_ATOM;
        td_buf all;
        td_buf_init(&all, feed ? r->lim.max_feed_bytes : r->lim.max_article_bytes);
        int rc = td_src_read_all(src, &all);
        if (rc == TD_BUF_FULL) {
            td_reader_reject(&env, name, "larger than the %zu-byte limit for one %s; skipped",
                             all.max, feed ? "feed" : "article");
        } else if (rc != TD_BUF_OK) {
            td_reader_reject(&env, name, "%s",
                             td_src_error(src) ? td_src_error(src) : "out of memory");
        } else if (feed) {
            td_read_feed(&env, (const unsigned char *)all.data, all.len);
        } else if (f == TD_FMT_HTML) {
            td_read_html(&env, name, (const unsigned char *)all.data, all.len, NULL);
        } else {
            td_read_text(&env, name, (const unsigned char *)all.data, all.len);
        }
        td_buf_free(&all);
    }
    r->st.rejected += env.rejected;
}

static void ingest_fd(run *r, int fd, const char *name)
{
    td_src *src = td_src_fd(fd, 0, r->lim.max_inflate_ratio);
    if (!src) {
        diag(r, TD_DIAG_ERROR, name, "out of memory");
        r->st.rejected++;
        return;
    }
    read_source(r, src, name);
    r->st.bytes += td_src_bytes_in(src);
    r->prog.bytes_done += td_src_bytes_in(src);
    td_src_close(src);
}

/* ---- finding the files ---------------------------------------------------- */

typedef struct file_list {
    char **paths;
    size_t n, cap;
    uint64_t bytes;
    /* Files and folders already taken, by device and inode: a link loop or
     * a file named twice is read once. Open addressing; 0,0 is empty. */
    struct seen { dev_t dev; ino_t ino; } *seen;
    size_t nseen, seen_cap;
    /* Files a folder walk passed over by their names, and the first few. */
    uint64_t nskipped;
    char skipped[160];
} file_list;

/* Returns 1 when (dev, ino) was seen before, else records it. */
static int seen_before(file_list *l, dev_t dev, ino_t ino)
{
    if (l->nseen * 2 >= l->seen_cap) {
        size_t cap = l->seen_cap ? l->seen_cap * 2 : 256;
        struct seen *t = calloc(cap, sizeof *t);
        if (!t) return 0; /* no memory: worst case a file is read twice */
        for (size_t i = 0; i < l->seen_cap; i++) {
            struct seen e = l->seen[i];
            if (!e.dev && !e.ino) continue;
            size_t h = ((size_t)e.ino * 0x9E3779B97F4A7C15ull ^ (size_t)e.dev) & (cap - 1);
            while (t[h].dev || t[h].ino) h = (h + 1) & (cap - 1);
            t[h] = e;
        }
        free(l->seen);
        l->seen = t;
        l->seen_cap = cap;
    }
    size_t h = ((size_t)ino * 0x9E3779B97F4A7C15ull ^ (size_t)dev) & (l->seen_cap - 1);
    while (l->seen[h].dev || l->seen[h].ino) {
        if (l->seen[h].dev == dev && l->seen[h].ino == ino) return 1;
        h = (h + 1) & (l->seen_cap - 1);
    }
    l->seen[h].dev = dev;
    l->seen[h].ino = ino;
    l->nseen++;
    return 0;
}

static int add_file(file_list *l, const char *path, uint64_t size)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 64;
        char **p = realloc(l->paths, cap * sizeof *p);
        if (!p) return -1;
        l->paths = p;
        l->cap = cap;
    }
    if (!(l->paths[l->n] = strdup(path))) return -1;
    l->n++;
    l->bytes += size;
    return 0;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name);
}

/* Skips hidden entries (".git", editor droppings): they are never news. */
static int visible(const struct dirent *e) { return e->d_name[0] != '.'; }

/* Whether a file met in a folder is, by its name, something other than
 * an article: a project's documentation, code, styles, media and
 * packages, which a folder of pages or an unpacked mirror carries beside
 * the news and which would otherwise be stored as articles of its own.
 * By a list of what is not news rather than of what is: mirrored pages
 * come as .php, .aspx, .shtml or without an extension at all. A file
 * named on the command line is always read. */
static int not_an_article(const char *name)
{
    static const char *const stems[] = {
        "readme", "license", "licence", "copying", "changelog",
        "authors", "contributing", "makefile", "dockerfile", "cmakelists", NULL};
    static const char *const exts[] = {
        "md", "markdown", "rst", "adoc", "sh", "bash", "zsh", "py", "pl", "rb", "c", "h",
        "cc", "cpp", "hpp", "js", "mjs", "ts", "css", "map", "yml", "yaml", "toml", "ini",
        "cfg", "conf", "lock", "sql", "db", "sqlite", "sqlite3", "png", "jpg", "jpeg",
        "gif", "webp", "svg", "ico", "bmp", "tif", "tiff", "woff", "woff2", "ttf", "otf",
        "eot", "mp3", "mp4", "m4a", "webm", "ogg", "wav", "avi", "mov", "pdf", "zip",
        "tar", "7z", "exe", "so", "o", "a", "dll", "dylib", "class", "jar", "pyc",
        "wasm", NULL};
    size_t stem = strcspn(name, ".");
    for (int i = 0; stems[i]; i++)
        if (strlen(stems[i]) == stem && strncasecmp(name, stems[i], stem) == 0) return 1;
    const char *dot = strrchr(name, '.');
    if (!dot || dot == name) return 0;
    for (int i = 0; exts[i]; i++)
        if (strcasecmp(dot + 1, exts[i]) == 0) return 1;
    return 0;
}

static void note_skipped(file_list *l, const char *name)
{
    size_t have = strlen(l->skipped);
    if (l->nskipped++ < 4 && have + strlen(name) + 3 < sizeof l->skipped)
        snprintf(l->skipped + have, sizeof l->skipped - have, "%s%s", have ? ", " : "", name);
}

static void walk(run *r, file_list *l, const char *path, int depth)
{
    struct stat sb;
    if (stat(path, &sb) != 0) {
        diag(r, TD_DIAG_ERROR, path, "%s", strerror(errno));
        r->st.rejected++;
        return;
    }
    if (seen_before(l, sb.st_dev, sb.st_ino)) {
        diag(r, TD_DIAG_WARNING, path, "already taken in this run (a link loop or a "
                                       "repeated path); skipped");
        return;
    }
    if (S_ISREG(sb.st_mode) || S_ISFIFO(sb.st_mode) || S_ISCHR(sb.st_mode)) {
        const char *base = strrchr(path, '/');
        base = base ? base + 1 : path;
        if (depth > 0 && not_an_article(base)) {
            note_skipped(l, base);
            return;
        }
        if (add_file(l, path, (uint64_t)sb.st_size)) {
            diag(r, TD_DIAG_ERROR, path, "out of memory");
            r->st.rejected++;
        }
        return;
    }
    if (!S_ISDIR(sb.st_mode)) {
        diag(r, TD_DIAG_ERROR, path, "not a file or a folder; skipped");
        r->st.rejected++;
        return;
    }
    if (depth > 64) {
        diag(r, TD_DIAG_ERROR, path, "folders nested over 64 deep (a link loop?); skipped");
        r->st.rejected++;
        return;
    }
    struct dirent **ents;
    int n = scandir(path, &ents, visible, by_name);
    if (n < 0) {
        diag(r, TD_DIAG_ERROR, path, "%s", strerror(errno));
        r->st.rejected++;
        return;
    }
    size_t pl = strlen(path);
    for (int i = 0; i < n; i++) {
        size_t len = pl + 1 + strlen(ents[i]->d_name) + 1;
        char *child = malloc(len);
        if (child) {
            snprintf(child, len, "%s%s%s", path, pl && path[pl - 1] == '/' ? "" : "/",
                     ents[i]->d_name);
            walk(r, l, child, depth + 1);
            free(child);
        }
        free(ents[i]);
    }
    free(ents);
}

/* ---- entry points ------------------------------------------------------------- */

/* What every run needs, with or without a database. Returns 0, or -1 with
 * a message in err. */
static int prepare_run(run *r, const td_ingest_opts *opts, char *err, size_t errlen)
{
    memset(r, 0, sizeof *r);
    r->opts = opts;
    r->lim = opts->limits;
    if (!r->lim.max_article_bytes) r->lim.max_article_bytes = 16u << 20;
    if (!r->lim.max_feed_bytes) r->lim.max_feed_bytes = 64u << 20;
    if (!r->lim.max_depth) r->lim.max_depth = 256;
    if (!r->lim.max_inflate_ratio) r->lim.max_inflate_ratio = 1000;
    r->batch = opts->batch_size ? opts->batch_size : 256;
    r->now = (int64_t)time(NULL);
    td_arena_init(&r->arena);
    if (opts->published) {
        r->user_published = td_date_parse(&r->arena, opts->published, strlen(opts->published));
        if (!r->user_published) {
            snprintf(err, errlen, "--published: cannot read \"%s\" as a date", opts->published);
            return -1;
        }
    }
    if (opts->format < TD_FMT_AUTO || opts->format > TD_FMT_WARC) {
        snprintf(err, errlen, "unknown format");
        return -1;
    }
    return 0;
}

static td_status begin_run(td_db *db, run *r, const td_ingest_opts *opts)
{
    char err[256];
    if (prepare_run(r, opts, err, sizeof err)) return td_db_fail(db, TD_EUSAGE, "%s", err);
    r->db = db;
    if (!r->sink) {
        /* A user's --actors file must load; without the bundled data the
         * ingest goes on, naming only what capitalisation shows. */
        td_status st = td_core_kb(db, opts, err, sizeof err);
        if (st != TD_OK && opts->nactor_files) return td_db_fail(db, st, "%s", err);
        if (st != TD_OK) diag(r, TD_DIAG_WARNING, "knowledge base", "%s", err);
    }
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    int jobs = opts->jobs ? (int)opts->jobs : ncpu > 0 ? (int)ncpu : 1;
    if (jobs > 64) jobs = 64;
    if (jobs > 1) {
        if (pool_start(r, jobs, err, sizeof err)) return td_db_fail(db, TD_EUSAGE, "%s", err);
    } else if (!db->clean && !(db->clean = td_clean_new(err, sizeof err))) {
        return td_db_fail(db, TD_EUSAGE, "%s", err);
    }
    if (jobs <= 1 && !r->sink && !db->actors && !(db->actors = td_actors_new(db->kb)))
        return td_db_fail(db, TD_ENOMEM, "cannot set up the actor stages (ICU)");
    r->clean = db->clean;
    if (db->store->ops->new_run(db->store) != TD_OK)
        return td_db_fail(db, TD_EDB, "%s", db->store->err);
    return TD_OK;
}

static td_status end_run(run *r, td_ingest_stats *stats)
{
    pool_stop(r);
    if (r->db_status == TD_OK) commit(r);
    if (r->db_status != TD_OK) r->db->store->ops->rollback(r->db->store);
    progress(r);
    td_arena_free(&r->arena);
    if (stats) *stats = r->st;
    if (r->db_status != TD_OK) return r->db_status;
    return r->st.rejected ? TD_REJECTED : TD_OK;
}

/* Takes the handle's lock and starts a run; on failure the lock is
 * released again. Every successful start ends with finish(). */
static td_status start(td_db *db, run *r, const td_ingest_opts *opts, td_ingest_stats *stats)
{
    static const td_ingest_opts defaults;
    if (stats) memset(stats, 0, sizeof *stats);
    td_db_lock(db);
    td_status st = begin_run(db, r, opts ? opts : &defaults);
    if (st != TD_OK) {
        pool_stop(r);
        td_arena_free(&r->arena);
        td_db_unlock(db);
    }
    return st;
}

static td_status finish(td_db *db, run *r, td_ingest_stats *stats)
{
    td_status st = end_run(r, stats);
    /* Counted only now: the workers' last documents are stored by end_run. */
    int cluster = !r->opts->no_cluster && r->st.articles_new > 0;
    td_db_unlock(db);
    if (cluster && (st == TD_OK || st == TD_REJECTED)) {
        td_status cs = td_cluster_update(db, NULL);
        if (cs != TD_OK) st = cs;
    }
    return st;
}

td_status td_ingest_paths(td_db *db, const char *const *paths, size_t npaths,
                          const td_ingest_opts *opts, td_ingest_stats *stats)
{
    run r;
    td_status st = start(db, &r, opts, stats);
    if (st != TD_OK) return st;
    file_list l = {0};
    int stdin_seen = 0;
    for (size_t i = 0; i < npaths; i++) {
        if (strcmp(paths[i], "-") == 0) {
            if (!stdin_seen++) add_file(&l, "-", 0);
            continue;
        }
        walk(&r, &l, paths[i], 0);
    }
    if (l.nskipped)
        diag(&r, TD_DIAG_WARNING, "ingest",
             "passed over %llu file%s in folders whose names say they are not articles "
             "(%s%s); name a file to read it",
             (unsigned long long)l.nskipped, l.nskipped == 1 ? "" : "s", l.skipped,
             l.nskipped > 4 ? ", ..." : "");
    r.prog.files_total = l.n;
    r.prog.bytes_total = l.bytes;
    progress(&r);
    for (size_t i = 0; i < l.n && r.db_status == TD_OK; i++) {
        const char *p = l.paths[i];
        int fd = strcmp(p, "-") == 0 ? 0 : open(p, O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
            diag(&r, TD_DIAG_ERROR, p, "%s", strerror(errno));
            r.st.rejected++;
        } else {
            r.st.files++;
            ingest_fd(&r, fd, strcmp(p, "-") == 0 ? "<stdin>" : p);
            if (fd != 0) close(fd);
        }
        r.prog.files_done++;
        r.prog.rejected = r.st.rejected;
        progress(&r);
    }
    for (size_t i = 0; i < l.n; i++) free(l.paths[i]);
    free(l.paths);
    free(l.seen);
    return finish(db, &r, stats);
}

td_status td_ingest_buffer(td_db *db, const char *name, const void *data, size_t len,
                           const td_ingest_opts *opts, td_ingest_stats *stats)
{
    run r;
    td_status st = start(db, &r, opts, stats);
    if (st != TD_OK) return st;
    td_src *src = td_src_mem(data, len, r.lim.max_inflate_ratio);
    if (!src) {
        finish(db, &r, stats);
        return td_db_fail(db, TD_ENOMEM, "out of memory");
    }
    r.prog.files_total = 1;
    r.prog.bytes_total = len;
    read_source(&r, src, name ? name : "<buffer>");
    r.st.files = 1;
    r.st.bytes = len;
    r.prog.files_done = 1;
    r.prog.bytes_done = len;
    td_src_close(src);
    return finish(db, &r, stats);
}

/* ---- extraction without a database -------------------------------------------- */

struct td_extractor {
    td_clean *clean;
    char err[256];
};

td_status td_extractor_new(td_extractor **out, char *err, size_t errlen)
{
    *out = NULL;
    td_extractor *x = calloc(1, sizeof *x);
    if (!x) return TD_ENOMEM;
    if (!(x->clean = td_clean_new(err, errlen))) {
        free(x);
        return TD_EUSAGE;
    }
    *out = x;
    return TD_OK;
}

void td_extractor_free(td_extractor *x)
{
    if (!x) return;
    td_clean_free(x->clean);
    free(x);
}

const char *td_extractor_errmsg(td_extractor *x) { return x->err; }

td_status td_extract(td_extractor *x, const char *name, const void *data, size_t len,
                     const td_ingest_opts *opts, td_article_fn fn, void *ctx)
{
    static const td_ingest_opts defaults;
    run r;
    if (prepare_run(&r, opts ? opts : &defaults, x->err, sizeof x->err)) {
        td_arena_free(&r.arena);
        return TD_EUSAGE;
    }
    r.clean = x->clean;
    r.sink = fn;
    r.sink_ctx = ctx;
    td_src *src = td_src_mem(data, len, r.lim.max_inflate_ratio);
    if (!src) {
        td_arena_free(&r.arena);
        return TD_ENOMEM;
    }
    read_source(&r, src, name ? name : "<buffer>");
    td_src_close(src);
    td_arena_free(&r.arena);
    return r.st.rejected ? TD_REJECTED : TD_OK;
}
