/*
 * cluster.c -- td_cluster: stored articles through copy detection
 * (dedup/) and story assignment (story/), results written back in one
 * transaction.
 *
 * td_cluster replays every article, in a fixed order (ingest run, then
 * publication date, then id); assignment is online and deterministic, so
 * the articles of earlier runs keep their stories and story ids. At the
 * end of a run both indexes' state is saved in the store (cluster_state).
 * td_cluster_update, which every ingest runs, loads that state and places
 * only the articles of later runs: it gives them the stories and ids a
 * full replay gives. The thread pass (core/relate.c) and the refinement of
 * dates (core/redate.c) then run over the stories the update changed, with
 * the dated articles of their threads as evidence; earlier articles stay in
 * their stories, and those of other stories keep their dates, until the
 * next td_cluster. Both then regroup the small threads whose reports came
 * in several runs and were dated by one another (core/regroup.h).
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/db.h"
#include "core/redate.h"
#include "core/regroup.h"
#include "core/relate.h"
#include "dedup/dedup.h"
#include "story/story.h"
#include "text/text.h"
#include "util/date.h"

typedef td_core_placed placed;

typedef struct cluster_run {
    td_dedup_index *dedup;
    td_story_index *stories;
    td_text_words words;
    placed *p;
    td_redate_item *dates; /* parallel to p: what each article's date rests on */
    size_t n, cap;
    const td_redate_item *related; /* a second pass: the first one's dates,
                                      some narrowed by their threads */
    size_t nrelated;
    int failed;
    /* An update: the runs up to after_run were placed by the saved state,
     * whose story index had placed base_seq articles and logged base_merges
     * merges. 0 for a full replay. */
    int update;
    int64_t after_run;
    uint64_t base_seq;
    size_t base_merges;
    int64_t *roots;  /* an update: (story, thread) pairs as loaded, by story */
    size_t nroots;
} cluster_run;

/* The saved state: the copy index and the story index, each under its
 * name in parts of STATE_PART bytes, and a line of meta data that says
 * which articles they hold. STATE_FORMAT changes when what a state means
 * does, so that the first ingest after an upgrade groups everything
 * again: 2, headlines taken from bodies are marked, and story rows read
 * their days off their articles (a state of format 1 would leave every
 * story the ingest does not touch with its old headline and days); 3,
 * two spellings of one outlet count once in a story (a story of format 2
 * may hold both). */
enum { STATE_PART = 16 << 20, STATE_FORMAT = 3 };

typedef struct state_io {
    td_store *s;
    const char *name;
    int64_t part;
    unsigned char *buf;
    size_t n, off;
    td_status st;
} state_io;

/* Collects bytes into parts of STATE_PART and stores each full one. */
static int state_write(void *ctx, const void *p, size_t n)
{
    state_io *io = ctx;
    const unsigned char *b = p;
    while (n && io->st == TD_OK) {
        if (!io->buf && !(io->buf = malloc(STATE_PART))) {
            io->st = TD_ENOMEM;
            break;
        }
        size_t k = STATE_PART - io->n < n ? STATE_PART - io->n : n;
        memcpy(io->buf + io->n, b, k);
        io->n += k;
        b += k;
        n -= k;
        if (io->n == STATE_PART) {
            io->st = io->s->ops->put_state(io->s, io->name, io->part++, io->buf, io->n);
            io->n = 0;
        }
    }
    return io->st != TD_OK;
}

static td_status state_flush(state_io *io)
{
    if (io->st == TD_OK && io->n)
        io->st = io->s->ops->put_state(io->s, io->name, io->part++, io->buf, io->n);
    free(io->buf);
    io->buf = NULL;
    io->n = 0;
    return io->st;
}

/* Reads bytes across parts; a missing part ends the state (and the load
 * fails as a damaged state would). */
static int state_read(void *ctx, void *p, size_t n)
{
    state_io *io = ctx;
    unsigned char *b = p;
    while (n) {
        if (io->off == io->n) {
            free(io->buf);
            io->buf = NULL;
            io->n = io->off = 0;
            void *q;
            size_t len;
            td_status st = io->s->ops->get_state(io->s, io->name, io->part, &q, &len);
            if (st != TD_OK) {
                if (st != TD_ENOTFOUND) io->st = st;
                return 1;
            }
            io->part++;
            io->buf = q;
            io->n = len;
            if (!len) continue;
        }
        size_t k = io->n - io->off < n ? io->n - io->off : n;
        memcpy(b, io->buf + io->off, k);
        io->off += k;
        b += k;
        n -= k;
    }
    return 0;
}

/* Room for one more item and placement; 1 (and c->failed) when out of
 * memory. */
static int reserve_one(cluster_run *c)
{
    if (c->n < c->cap) return 0;
    size_t cap = c->cap ? c->cap * 2 : 1024;
    placed *np = realloc(c->p, cap * sizeof *np);
    if (np) c->p = np;
    td_redate_item *nd = np ? realloc(c->dates, cap * sizeof *nd) : NULL;
    if (!nd) {
        c->failed = 1;
        return 1;
    }
    c->dates = nd;
    c->cap = cap;
    return 0;
}

/* An article's item as clustering reads its date (no story yet). */
static void item_of(const td_article *a, td_redate_item *it)
{
    memset(it, 0, sizeof *it);
    it->article = a->id;
    it->run = a->run;
    it->from = a->published ? a->published_from
                            : a->published_from == TD_DATE_INFERRED ? TD_DATE_INFERRED
                                                                    : TD_DATE_UNKNOWN;
    if (a->published) snprintf(it->day, sizeof it->day, "%.10s", a->published);
    if (a->published_lo) snprintf(it->lo, sizeof it->lo, "%.10s", a->published_lo);
    if (a->published_hi) snprintf(it->hi, sizeof it->hi, "%.10s", a->published_hi);
    it->confidence = a->published_confidence;
}

static int place_one(void *ctx, const td_article *a)
{
    cluster_run *c = ctx;
    if (reserve_one(c)) return 1;
    if (td_text_tokenize(&c->words, a->body ? a->body : "", a->body_len) != TD_TEXT_OK) {
        c->failed = 1;
        return 1;
    }
    td_redate_item *it = &c->dates[c->n];
    item_of(a, it);
    /* the replay order is fixed, so the first pass's item n is this article */
    if (c->n < c->nrelated && c->related[c->n].article == a->id && c->related[c->n].related)
        *it = c->related[c->n];
    td_story_doc d = {0};
    d.id = a->id;
    d.title = a->title;
    d.title_len = a->title ? strlen(a->title) : 0;
    d.body = a->body;
    d.body_len = a->body_len;
    td_core_story_dates(it, a->published, &d);
    /* The copy index is told the date too, so that a generation can end
     * after gen_days (undated articles count toward max_articles only). */
    td_dedup_match m = {0};
    /* 1 means a copy, 0 not; below 0 is a failure. */
    if (td_dedup_add_words_at(c->dedup, a->id, d.published, &c->words, &m) < 0) {
        c->failed = 1;
        return 1;
    }
    d.outlet = a->outlet;
    d.duplicate_of = m.dup_of;
    d.body_words = &c->words;
    td_story_assign as;
    if (td_story_add(c->stories, &d, &as) != TD_STORY_OK) {
        c->failed = 1;
        return 1;
    }
    c->p[c->n++] = (placed){a->id, as.story_id, m.dup_of, m.similarity};
    return 0;
}

static const char *day(char buf[16], int64_t t)
{
    if (!t) return NULL;
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    strftime(buf, 16, "%Y-%m-%d", &tm);
    return buf;
}

/* An inferred interval of an article that has no day, by story. */
typedef struct loose_span {
    int64_t story;
    const char *lo, *hi;
} loose_span;

static int by_story(const void *a, const void *b)
{
    int64_t x = ((const loose_span *)a)->story, y = ((const loose_span *)b)->story;
    return (x > y) - (x < y);
}

typedef struct save_ctx {
    td_store *store;
    td_story_index *stories;
    const placed *p;
    size_t n;
    uint64_t base_seq;       /* p[0] is the article of seq base_seq + 1 */
    const loose_span *loose; /* sorted by story */
    size_t nloose;
    const int64_t *only;     /* an update: only these stories (sorted) are
                                written; NULL: all */
    size_t nonly;
    td_status st;
} save_ctx;

static int has_id(const int64_t *v, size_t n, int64_t id)
{
    size_t a = 0, b = n;
    while (a < b) {
        size_t m = a + (b - a) / 2;
        if (v[m] < id) a = m + 1;
        else b = m;
    }
    return a < n && v[a] == id;
}

/* A story none of whose articles has a day is still seen somewhere: its
 * articles report one happening, so its day lies where their inferred
 * intervals agree. The bounds are the span that most of them hold (the
 * earliest such span when two tie), with at least half of them; none
 * when fewer agree, or when that span is wider than a thread reaches
 * (thread_days): a story "seen" over years would head every latest-first
 * listing and place nothing. The union of the intervals, shown before,
 * did both (a story of six undated reports seen from 1961 to 2026). */
static int loose_bounds(const save_ctx *x, int64_t story, char lo[16], char hi[16])
{
    size_t a = 0, b = x->nloose;
    while (a < b) {
        size_t m = a + (b - a) / 2;
        if (x->loose[m].story < story) a = m + 1;
        else b = m;
    }
    size_t n = 0;
    while (a + n < x->nloose && x->loose[a + n].story == story) n++;
    if (!n) return 0;
    long *d = malloc(2 * n * sizeof *d), from = 0, to = 0;
    if (!d) return 0; /* the story is saved without its loose bounds */
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (td_date_day(x->loose[a + i].lo, &d[k]) && td_date_day(x->loose[a + i].hi, &d[n + k]) &&
            d[k] <= d[n + k])
            k++;
    size_t held = td_date_agreed(d, d + n, k, &from, &to);
    free(d);
    td_story_config cfg;
    td_story_config_default(&cfg);
    if (!held || held * 2 < k || (double)(to - from) > cfg.thread_days) return 0;
    td_date_format_day(from, lo);
    td_date_format_day(to, hi);
    return 1;
}

static int save_story(void *ctx, const td_story_info *s)
{
    save_ctx *x = ctx;
    if (x->only && !has_id(x->only, x->nonly, s->id)) return 0;
    int64_t thread = td_story_thread_of(x->stories, s->id);
    json_t *outlets = json_array();
    for (uint32_t i = 0; i < s->noutlets && i < TD_STORY_MAX_OUTLETS; i++)
        if (s->outlets[i]) json_array_append_new(outlets, json_string(s->outlets[i]));
    char *list = json_dumps(outlets, JSON_COMPACT);
    json_decref(outlets);
    char d1[16], d2[16];
    td_story_summary sum = {0};
    sum.id = s->id;
    sum.thread_id = thread;
    sum.title = s->headline;
    sum.articles = s->articles;
    sum.copies = s->copies;
    sum.outlets = s->noutlets;
    sum.outlet_list = list;
    sum.first_seen = day(d1, s->first_seen);
    sum.last_seen = day(d2, s->last_seen);
    if (!sum.first_seen && loose_bounds(x, s->id, d1, d2)) {
        sum.first_seen = d1;
        sum.last_seen = d2;
    }
    /* 0 (an article placed before an update) keeps the stored one */
    sum.last_article = s->last_seq > x->base_seq && s->last_seq - x->base_seq <= x->n
                           ? x->p[s->last_seq - x->base_seq - 1].article
                           : 0;
    sum.last_seq = s->last_seq;
    x->st = x->store->ops->put_story(x->store, &sum);
    free(list);
    return x->st != TD_OK;
}

/* One pass over every stored article: copies, stories, then each item's
 * surviving story and thread. */
/* The saved indexes, or TD_ENOTFOUND when there are none that fit. */
static td_status load_state(td_db *db, cluster_run *c)
{
    state_io io = {db->store, "dedup", 0, NULL, 0, 0, TD_OK};
    int dr = td_dedup_load(NULL, state_read, &io, &c->dedup), sr = TD_STORY_OK;
    free(io.buf);
    if (dr == TD_DEDUP_OK) {
        io = (state_io){db->store, "story", 0, NULL, 0, 0, TD_OK};
        sr = td_story_load(NULL, state_read, &io, &c->stories);
        free(io.buf);
    }
    if (io.st != TD_OK) {
        snprintf(db->err, sizeof db->err, "%s",
                 io.st == TD_ENOMEM ? "out of memory reading the clustering state"
                                    : db->store->err);
        return io.st;
    }
    if (dr == TD_DEDUP_NOMEM || sr == TD_STORY_NOMEM)
        return td_db_fail(db, TD_ENOMEM, "out of memory reading the clustering state");
    return dr == TD_DEDUP_OK && sr == TD_STORY_OK ? TD_OK : TD_ENOTFOUND;
}

/* Both indexes and a line saying what they hold (the run's figures, the
 * last ingest run placed and the articles stored up to it), inside the
 * caller's transaction. */
static td_status save_state(td_db *db, const cluster_run *c, int64_t run,
                            const td_cluster_stats *f)
{
    td_store *s = db->store;
    td_status st = s->ops->clear_state(s);
    state_io io = {s, "dedup", 0, NULL, 0, 0, TD_OK};
    if (st == TD_OK) {
        if (td_dedup_save(c->dedup, state_write, &io) != TD_DEDUP_OK && io.st == TD_OK)
            io.st = TD_ENOMEM;
        st = state_flush(&io);
    }
    if (st == TD_OK) {
        io = (state_io){s, "story", 0, NULL, 0, 0, TD_OK};
        if (td_story_save(c->stories, state_write, &io) != TD_STORY_OK && io.st == TD_OK)
            io.st = TD_ENOMEM;
        st = state_flush(&io);
    }
    if (st == TD_OK) {
        json_t *j = json_pack("{s:i, s:s, s:I, s:I, s:I, s:I, s:I, s:I, s:I}", "format",
                              STATE_FORMAT, "version", TIDINGS_VERSION, "run", (json_int_t)run,
                              "articles_stored", (json_int_t)f->articles_stored, "articles",
                              (json_int_t)f->articles, "copies", (json_int_t)f->copies,
                              "stories", (json_int_t)f->stories, "threads",
                              (json_int_t)f->threads, "merges", (json_int_t)f->merges);
        char *meta = j ? json_dumps(j, JSON_COMPACT) : NULL;
        json_decref(j);
        st = meta ? s->ops->put_state(s, "meta", 0, meta, strlen(meta)) : TD_ENOMEM;
        free(meta);
    }
    if (st == TD_ENOMEM) return td_db_fail(db, st, "out of memory saving the clustering state");
    if (st != TD_OK) snprintf(db->err, sizeof db->err, "%s", s->err);
    return st;
}

/* What the saved state holds: the last run it placed, and the figures of
 * the run that saved it. 0 when there is no state this version of tidings
 * wrote. */
static int read_meta(td_store *s, int64_t *run, td_cluster_stats *f)
{
    void *p;
    size_t n;
    if (s->ops->get_state(s, "meta", 0, &p, &n) != TD_OK) return 0;
    json_t *j = json_loadb(p, n, 0, NULL);
    free(p);
    int format = 0;
    const char *version = NULL;
    json_int_t r = 0, stored = 0, articles = 0, copies = 0, stories = 0, threads = 0,
               merges = 0;
    int ok = j &&
             json_unpack(j, "{s:i, s:s, s:I, s:I, s:I, s:I, s:I, s:I, s:I}", "format", &format,
                         "version", &version, "run", &r, "articles_stored", &stored,
                         "articles", &articles, "copies", &copies, "stories", &stories,
                         "threads", &threads, "merges", &merges) == 0 &&
             format == STATE_FORMAT && !strcmp(version, TIDINGS_VERSION);
    if (ok) {
        *run = r;
        f->articles_stored = (uint64_t)stored;
        f->articles = (uint64_t)articles;
        f->copies = (uint64_t)copies;
        f->stories = (uint64_t)stories;
        f->threads = (uint64_t)threads;
        f->merges = (uint64_t)merges;
    }
    json_decref(j);
    return ok;
}

/* Records a story's thread as the saved state has it (stories come in
 * order of id). */
static int note_root(void *ctx, const td_story_info *s)
{
    cluster_run *c = ctx;
    if (c->nroots % 1024 == 0) {
        int64_t *v = realloc(c->roots, (c->nroots + 1024) * 2 * sizeof *v);
        if (!v) return c->failed = 1;
        c->roots = v;
    }
    c->roots[2 * c->nroots] = s->id;
    c->roots[2 * c->nroots + 1] = td_story_thread_of(c->stories, s->id);
    c->nroots++;
    return 0;
}

/* The thread story id was in when the state was loaded, 0 if none. */
static int64_t loaded_root(const cluster_run *c, int64_t id)
{
    size_t a = 0, b = c->nroots;
    while (a < b) {
        size_t m = a + (b - a) / 2;
        if (c->roots[2 * m] < id) a = m + 1;
        else b = m;
    }
    return a < c->nroots && c->roots[2 * a] == id ? c->roots[2 * a + 1] : 0;
}

/* The story and thread an item's article is in now. */
static void resolve_item(const cluster_run *c, td_redate_item *it)
{
    td_story_info info;
    if (td_story_get(c->stories, it->story, &info) == TD_STORY_OK) it->story = info.id;
    it->thread = td_story_thread_of(c->stories, it->story);
}

static td_status replay(td_db *db, cluster_run *c)
{
    td_store *s = db->store;
    if (c->update) {
        /* TD_ENOTFOUND: no state that fits (the caller decides) */
        td_status st = load_state(db, c);
        if (st != TD_OK) return st;
        td_story_stats ss;
        td_story_get_stats(c->stories, &ss);
        c->base_seq = ss.articles;
        const td_story_merge *log;
        c->base_merges = td_story_merges(c->stories, &log);
        /* (a callback that stops the walk does not make it fail: failed
         * tells) */
        if (td_story_each(c->stories, note_root, c) || c->failed)
            return td_db_fail(db, TD_ENOMEM, "out of memory while clustering");
    } else if (td_dedup_index_new(NULL, &c->dedup) != TD_DEDUP_OK ||
               td_story_index_new(NULL, &c->stories) != TD_STORY_OK) {
        return td_db_fail(db, TD_ENOMEM, "out of memory for the story index");
    }
    td_status st = s->ops->cluster_articles(s, c->after_run, place_one, c);
    if (st != TD_OK) {
        snprintf(db->err, sizeof db->err, "%s", s->err);
        return st;
    }
    if (c->failed) return td_db_fail(db, TD_ENOMEM, "out of memory while clustering");
    for (size_t i = 0; i < c->n; i++) {
        /* A story merged after the article joined it: take the survivor. */
        c->dates[i].story = c->p[i].story;
        resolve_item(c, &c->dates[i]);
        c->p[i].story = c->dates[i].story;
    }
    return TD_OK;
}

static void run_free(cluster_run *c)
{
    td_dedup_index_free(c->dedup);
    td_story_index_free(c->stories);
    free(c->p);
    free(c->dates);
    free(c->roots);
    c->roots = NULL;
    c->nroots = 0;
    c->dedup = NULL;
    c->stories = NULL;
    c->p = NULL;
    c->dates = NULL;
    c->n = c->cap = 0;
}

/* Whether an article that its thread re-dated now lies too far from the
 * story it joined for the story to take it: then clustering runs again.
 * Only the first n items are looked at (an update: the new articles). */
static int moved_away(const cluster_run *c, size_t n)
{
    td_story_config cfg;
    td_story_config_default(&cfg);
    for (size_t i = 0; i < n; i++) {
        const td_redate_item *it = &c->dates[i];
        td_story_info info;
        if (!it->related || td_story_get(c->stories, it->story, &info) != TD_STORY_OK ||
            !info.first_seen)
            continue;
        int64_t lo = td_date_unix(it->lo), hi = td_date_unix(it->hi);
        int64_t reach = (int64_t)(cfg.story_days * 86400);
        if (hi + reach < info.first_seen || lo - reach > info.last_seen) return 1;
    }
    return 0;
}

/* ---- an update: the articles placed before, around the new ones ---------------- */

typedef struct older_ctx {
    cluster_run *c;
    int64_t story; /* the story the store has them in */
} older_ctx;

/* Appends an item and its placement to c's arrays. */
static int push_item(cluster_run *c, const td_redate_item *it, const placed *p)
{
    if (reserve_one(c)) return 1;
    c->dates[c->n] = *it;
    c->p[c->n] = *p;
    c->n++;
    return 0;
}

/* An earlier article's item, as place_one makes it, after the new
 * articles' (its story resolved later). */
static int add_older(void *ctx, const td_article *a)
{
    older_ctx *o = ctx;
    td_redate_item it;
    item_of(a, &it);
    it.story = o->story;
    placed p = {a->id, o->story, 0, 0};
    return push_item(o->c, &it, &p);
}

typedef struct touched_ctx {
    cluster_run *c;
    const int64_t *threads; /* sorted */
    size_t nthreads;
    int64_t *stories;       /* the stories of those threads */
    size_t nstories, cap;
} touched_ctx;

static int touched_story(void *ctx, const td_story_info *s)
{
    touched_ctx *t = ctx;
    if (!has_id(t->threads, t->nthreads, td_story_thread_of(t->c->stories, s->id))) return 0;
    if (t->nstories == t->cap) {
        size_t cap = t->cap * 2 + 64;
        int64_t *v = realloc(t->stories, cap * sizeof *v);
        if (!v) return t->c->failed = 1;
        t->stories = v;
        t->cap = cap;
    }
    t->stories[t->nstories++] = s->id;
    return 0;
}

/* The merges the update logged (those after the loaded state's). */
static size_t update_merges(const cluster_run *c, const td_story_merge **log)
{
    size_t nm = td_story_merges(c->stories, log);
    *log += c->base_merges;
    return nm - c->base_merges;
}

/* The threads an update changes, sorted: those the new articles
 * (c->dates[0..nnew)) are in, and those of the stories its merges went
 * into. A merge need not involve a new article's story: a re-check
 * (story/) merges two earlier stories at a fixed stream position, and
 * their threads are joined as well. */
static int64_t *touched_threads(const cluster_run *c, size_t nnew, size_t *n)
{
    const td_story_merge *log;
    size_t nm = update_merges(c, &log);
    int64_t *t = malloc((nnew + nm + 1) * sizeof *t);
    if (!t) return NULL;
    size_t k = 0;
    for (size_t i = 0; i < nnew; i++) t[k++] = c->dates[i].thread;
    for (size_t i = 0; i < nm; i++) t[k++] = td_story_thread_of(c->stories, log[i].into);
    *n = td_core_sort_ids(t, k);
    return t;
}

/* The stories the update changed, added to *changed (sorted, unique;
 * realloc'd): those the new articles (c->dates[0..nnew)) joined or
 * opened, those its merges went into, and those of the touched threads
 * (t->stories) whose thread is not the one the loaded state had. */
static int note_changed(const cluster_run *c, size_t nnew, const touched_ctx *t,
                        int64_t **changed, size_t *nchanged)
{
    const td_story_merge *log;
    size_t nm = update_merges(c, &log);
    size_t k = *nchanged;
    int64_t *ch = realloc(*changed, (k + nnew + nm + t->nstories + 1) * sizeof *ch);
    if (!ch) return 1;
    for (size_t i = 0; i < nnew; i++) ch[k++] = c->dates[i].story;
    for (size_t i = 0; i < nm; i++) {
        td_story_info info;
        if (td_story_get(c->stories, log[i].into, &info) == TD_STORY_OK) ch[k++] = info.id;
    }
    for (size_t i = 0; i < t->nstories; i++)
        if (loaded_root(c, t->stories[i]) != td_story_thread_of(c->stories, t->stories[i]))
            ch[k++] = t->stories[i];
    *changed = ch;
    *nchanged = td_core_sort_ids(ch, k);
    return 0;
}

/* The stories of the touched threads (t->stories, malloc'd: the caller
 * frees it), and the stories the update changed, added to *changed
 * (note_changed). Nonzero when out of memory. */
static int touched_and_changed(cluster_run *c, const int64_t *threads, size_t nthreads,
                               size_t nnew, touched_ctx *t, int64_t **changed, size_t *nchanged)
{
    *t = (touched_ctx){c, threads, nthreads, NULL, 0, 0};
    /* (a callback that stops the walk does not make it fail: failed
     * tells) */
    return td_story_each(c->stories, touched_story, t) || c->failed ||
           note_changed(c, nnew, t, changed, nchanged);
}

/* Adds the items of the articles placed before the update that lie in the
 * threads the new ones touched, with the stories and threads they are in
 * now: what the thread pass reads. Stories merged away in this update are
 * read under their old ids. *changed (sorted, malloc'd) gets the stories
 * the update changed (note_changed). Items of other stories are settled:
 * they lend their dates, as an earlier clustering left them. */
static td_status add_older_items(td_db *db, cluster_run *c, const int64_t *threads,
                                 size_t nthreads, int64_t **changed, size_t *nchanged)
{
    td_store *s = db->store;
    touched_ctx t;
    size_t nnew = c->n;
    if (touched_and_changed(c, threads, nthreads, nnew, &t, changed, nchanged)) {
        free(t.stories);
        return td_db_fail(db, TD_ENOMEM, "out of memory while clustering");
    }
    const int64_t *ch = *changed;
    size_t k = *nchanged;

    const td_story_merge *log;
    size_t nm = update_merges(c, &log);
    td_status st = TD_OK;
    for (size_t i = 0; i < t.nstories + nm && st == TD_OK; i++) {
        int64_t id = i < t.nstories ? t.stories[i] : log[i - t.nstories].from;
        older_ctx o = {c, id};
        st = s->ops->story_articles(s, id, add_older, &o);
    }
    free(t.stories);
    if (st != TD_OK) {
        snprintf(db->err, sizeof db->err, "%s", s->err);
        return st;
    }
    if (c->failed) return td_db_fail(db, TD_ENOMEM, "out of memory while clustering");
    for (size_t i = nnew; i < c->n; i++) {
        resolve_item(c, &c->dates[i]);
        c->dates[i].settled = !has_id(ch, k, c->dates[i].story);
    }
    return TD_OK;
}

/* ---- a run ------------------------------------------------------------------------ */

/* update: place only the articles of runs after the saved state's, when
 * there is a state that fits; else (and for td_cluster) every article. */
static td_status run_cluster(td_db *db, int update, td_cluster_stats *stats)
{
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    td_db_lock(db);
    cluster_run c = {0};
    td_redate_item *first = NULL;
    int64_t *threads = NULL, *changed = NULL;
    size_t nthreads = 0, nchanged = 0, nnew = 0, nmoved = 0, nregrouped = 0;
    size_t *moved = NULL, npre = 0;
    td_redate_item *pre = NULL;
    td_redate_item *refine = NULL;
    td_status st = TD_OK;
    td_store *s = db->store;
    td_text_words_init(&c.words, 0);
    int64_t state_run = 0, upto = 0, total = 0, last = 0;
    td_cluster_stats saved = {0};
    if (update && !read_meta(s, &state_run, &saved)) update = 0;
    if ((st = s->ops->run_counts(s, state_run, &upto, &total, &last)) != TD_OK) {
        snprintf(db->err, sizeof db->err, "%s", s->err);
        goto out;
    }
    /* no state, another version's, or articles added to its runs since */
    if (update && upto != (int64_t)saved.articles_stored) update = 0;
    if (update && last == state_run) {
        /* nothing new: the figures the last run saved */
        if (stats) *stats = saved, stats->updated = 1;
        goto out;
    }
    c.update = update;
    c.after_run = update ? state_run : 0;
    st = replay(db, &c);
    if (st == TD_ENOTFOUND && c.update) {
        /* a state that does not load: replay everything */
        run_free(&c);
        c.update = update = 0;
        c.after_run = 0;
        st = replay(db, &c);
    }
    if (st != TD_OK) goto out;
    nnew = c.n;
    if (update) {
        if (!(threads = touched_threads(&c, nnew, &nthreads))) {
            st = td_db_fail(db, TD_ENOMEM, "out of memory while clustering");
            goto out;
        }
        if ((st = add_older_items(db, &c, threads, nthreads, &changed, &nchanged)) != TD_OK)
            goto out;
        if (td_core_regroup_open(c.dates, c.n, &changed, &nchanged) != TD_OK) {
            st = td_db_fail(db, TD_ENOMEM, "out of memory while clustering");
            goto out;
        }
    }
    /* Undated articles take dates from their threads; one that leaves its
     * story's reach that way is placed again, by a second replay that uses
     * the narrowed intervals (the same for every replay of the same
     * articles, so story ids stay stable). */
    size_t nrelated;
    /* the items as they were, for td_core_regroup */
    if (!(pre = malloc((c.n ? c.n : 1) * sizeof *pre))) {
        st = td_db_fail(db, TD_ENOMEM, "out of memory while clustering");
        goto out;
    }
    if (c.n) memcpy(pre, c.dates, c.n * sizeof *pre);
    npre = c.n;
    if ((st = td_core_relate(s, c.dates, c.n, &nrelated)) != TD_OK) {
        snprintf(db->err, sizeof db->err, "%s",
                 st == TD_ENOMEM ? "out of memory relating dates" : s->err);
        goto out;
    }
    if (nrelated && moved_away(&c, nnew)) {
        /* the items of earlier articles (an update) are kept: they are not
         * replayed */
        size_t n = c.n;
        first = c.dates;
        c.dates = NULL;
        int upd = c.update;
        int64_t after = c.after_run;
        run_free(&c);
        c.update = upd;
        c.after_run = after;
        c.related = first;
        c.nrelated = nnew;
        st = replay(db, &c);
        if (st == TD_ENOTFOUND)
            st = td_db_fail(db, TD_EDB, "the clustering state cannot be read a second time");
        /* the earlier articles' items as the thread pass left them */
        for (size_t i = nnew; i < n && st == TD_OK; i++) {
            placed p = {first[i].article, first[i].story, 0, 0}; /* as add_older's */
            if (push_item(&c, &first[i], &p))
                st = td_db_fail(db, TD_ENOMEM, "out of memory while clustering");
            else
                resolve_item(&c, &c.dates[c.n - 1]);
        }
        if (st != TD_OK) goto out;
        if (update) {
            /* The new articles' stories, and the threads they reach, may
             * differ this time: a story whose thread only this pass joined
             * to another is written too. (Its earlier articles are not
             * read in: their dates stay as they were.) */
            free(threads);
            threads = touched_threads(&c, nnew, &nthreads);
            touched_ctx t = {0};
            if (!threads ||
                touched_and_changed(&c, threads, nthreads, nnew, &t, &changed, &nchanged)) {
                free(t.stories);
                st = td_db_fail(db, TD_ENOMEM, "out of memory while clustering");
                goto out;
            }
            free(t.stories);
            for (size_t i = nnew; i < c.n; i++)
                c.dates[i].settled = !has_id(changed, nchanged, c.dates[i].story);
        }
    }

    /* Small threads whose loose articles the thread pass dated are
     * grouped again with those dates (core/regroup.h). */
    /* (a full replay writes every story: it keeps no list of changed ones) */
    if ((st = td_core_regroup(s, c.stories, c.dates, npre == c.n ? pre : NULL, c.p, c.n, nnew,
                              update ? &changed : NULL, &nchanged, &moved, &nmoved,
                              &nregrouped)) != TD_OK) {
        if (st == TD_ENOMEM) st = td_db_fail(db, TD_ENOMEM, "out of memory regrouping stories");
        else snprintf(db->err, sizeof db->err, "%s", s->err);
        goto out;
    }

    if ((st = s->ops->begin(s)) != TD_OK) goto store_failed;
    if (!update && (st = s->ops->clear_stories(s)) != TD_OK) goto rollback;
    const td_story_merge *log;
    size_t nm = td_story_merges(c.stories, &log);
    for (size_t i = update ? c.base_merges : 0; i < nm; i++) {
        if (update && (st = s->ops->drop_story(s, log[i].from, log[i].into)) != TD_OK)
            goto rollback;
        if ((st = s->ops->put_story_merge(s, log[i].from, log[i].into, log[i].article,
                                          log[i].similarity)) != TD_OK)
            goto rollback;
    }
    loose_span *loose = malloc((c.n ? c.n : 1) * sizeof *loose);
    if (!loose) {
        st = td_db_fail(db, TD_ENOMEM, "out of memory saving stories");
        s->ops->rollback(s);
        goto out;
    }
    size_t nloose = 0;
    for (size_t i = 0; i < c.n; i++)
        if (!c.dates[i].day[0] && c.dates[i].lo[0] && c.dates[i].hi[0])
            loose[nloose++] = (loose_span){c.dates[i].story, c.dates[i].lo, c.dates[i].hi};
    qsort(loose, nloose, sizeof *loose, by_story);
    save_ctx x = {s, c.stories, c.p, nnew, c.base_seq, loose, nloose, changed, nchanged, TD_OK};
    td_story_each(c.stories, save_story, &x);
    free(loose);
    if ((st = x.st) != TD_OK) goto rollback;
    for (size_t i = 0; i < nnew; i++)
        if ((st = s->ops->set_article_story(s, c.p[i].article, c.p[i].story, c.p[i].dup_of,
                                            c.p[i].similarity)) != TD_OK)
            goto rollback;
    for (size_t k = 0; k < nmoved; k++) {
        const placed *pl = &c.p[moved[k]];
        if ((st = s->ops->set_article_story(s, pl->article, pl->story, pl->dup_of,
                                            pl->similarity)) != TD_OK)
            goto rollback;
    }
    /* An update refines the dates of the stories it changed (the others'
     * are as an earlier clustering refined them). */
    size_t nrefine = 0, redated;
    if (update) {
        if (!(refine = malloc((c.n ? c.n : 1) * sizeof *refine))) {
            st = td_db_fail(db, TD_ENOMEM, "out of memory while clustering");
            s->ops->rollback(s);
            goto out;
        }
        for (size_t i = 0; i < c.n; i++)
            if (!c.dates[i].settled) refine[nrefine++] = c.dates[i];
    }
    if ((st = td_core_redate(s, update ? refine : c.dates, update ? nrefine : c.n, &redated)) !=
        TD_OK)
        goto rollback;
    /* The stories written read their seen days off their articles' dates
     * as refined (the index knew only the dates clustering took). */
    if (!update) st = s->ops->span_story(s, 0, TD_CORE_MIN_INFERRED_CONFIDENCE);
    for (size_t i = 0; update && i < nchanged && st == TD_OK; i++)
        st = s->ops->span_story(s, changed[i], TD_CORE_MIN_INFERRED_CONFIDENCE);
    if (st != TD_OK) goto rollback;
    td_cluster_stats now = {0};
    td_story_stats ss;
    td_story_get_stats(c.stories, &ss);
    now.articles = ss.articles;
    now.copies = ss.copies;
    now.stories = ss.stories - ss.merges;
    now.threads = ss.threads - ss.thread_merges;
    now.merges = ss.merges;
    now.articles_stored = (uint64_t)total;
    now.placed = nnew;
    now.updated = update;
    now.regrouped = nregrouped;
    if ((st = save_state(db, &c, last, &now)) != TD_OK) {
        s->ops->rollback(s);
        goto out;
    }
    if ((st = s->ops->commit(s)) != TD_OK) goto store_failed;
    if (stats) *stats = now;
    goto out;

rollback:
    snprintf(db->err, sizeof db->err, "%s", s->err);
    s->ops->rollback(s);
    goto out;
store_failed:
    snprintf(db->err, sizeof db->err, "%s", s->err);
out:
    td_text_words_free(&c.words);
    run_free(&c);
    free(first);
    free(threads);
    free(changed);
    free(moved);
    free(pre);
    free(refine);
    td_db_unlock(db);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    if (stats) stats->seconds = (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
    return st;
}

td_status td_cluster(td_db *db, td_cluster_stats *stats)
{
    return run_cluster(db, 0, stats);
}

td_status td_cluster_update(td_db *db, td_cluster_stats *stats)
{
    return run_cluster(db, 1, stats);
}

/* ---- reading ------------------------------------------------------------- */

td_status td_list_stories(td_db *db, int64_t thread_id, size_t limit, td_story_cb fn, void *ctx)
{
    td_db_lock(db);
    td_status st = db->store->ops->stories(db->store, 0, thread_id, limit, fn, ctx);
    if (st != TD_OK) snprintf(db->err, sizeof db->err, "%s", db->store->err);
    td_db_unlock(db);
    return st;
}

td_status td_get_story(td_db *db, int64_t id, td_story_cb fn, void *ctx)
{
    if (id <= 0) return td_db_fail(db, TD_ENOTFOUND, "no story %lld", (long long)id);
    td_db_lock(db);
    td_status st = db->store->ops->stories(db->store, id, 0, 1, fn, ctx);
    if (st != TD_OK) snprintf(db->err, sizeof db->err, "%s", db->store->err);
    td_db_unlock(db);
    return st;
}

td_status td_list_threads(td_db *db, size_t limit, td_thread_cb fn, void *ctx)
{
    td_db_lock(db);
    td_status st = db->store->ops->threads(db->store, 0, limit, fn, ctx);
    if (st != TD_OK) snprintf(db->err, sizeof db->err, "%s", db->store->err);
    td_db_unlock(db);
    return st;
}

td_status td_get_thread(td_db *db, int64_t id, td_thread_cb fn, void *ctx)
{
    if (id <= 0) return td_db_fail(db, TD_ENOTFOUND, "no thread %lld", (long long)id);
    td_db_lock(db);
    td_status st = db->store->ops->threads(db->store, id, 1, fn, ctx);
    if (st != TD_OK) snprintf(db->err, sizeof db->err, "%s", db->store->err);
    td_db_unlock(db);
    return st;
}
