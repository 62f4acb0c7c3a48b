/*
 * cluster.c -- td_cluster: every stored article through copy detection
 * (dedup/) and story assignment (story/), results written back in one
 * transaction.
 *
 * The indexes live only while this runs: articles are replayed in a fixed
 * order each time, and the assignment is online and deterministic, so the
 * articles of earlier runs keep their stories and story ids. The cost is a
 * pass over all articles per call (about 50,000 a second); keeping the
 * indexes' state in the database would make it incremental.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/db.h"
#include "core/redate.h"
#include "core/relate.h"
#include "dedup/dedup.h"
#include "story/story.h"
#include "text/text.h"

/* The least confidence of an inferred date clustering takes (see
 * place_one). */
#define MIN_INFERRED_CONFIDENCE 0.1

typedef struct placed {
    int64_t article, story, dup_of;
    double similarity;
} placed;

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
} cluster_run;

/* "2024-05-17" or "2024-05-17T08:30:00Z" to unix seconds; 0 when NULL. */
static int64_t unix_time(const char *iso)
{
    if (!iso || strlen(iso) < 10) return 0;
    struct tm tm = {0};
    if (sscanf(iso, "%4d-%2d-%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday) != 3) return 0;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    if (strlen(iso) >= 19) sscanf(iso + 11, "%2d:%2d:%2d", &tm.tm_hour, &tm.tm_min, &tm.tm_sec);
    return (int64_t)timegm(&tm);
}

static int place_one(void *ctx, const td_article *a)
{
    cluster_run *c = ctx;
    if (c->n == c->cap) {
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
    }
    if (td_text_tokenize(&c->words, a->body ? a->body : "", a->body_len) != TD_TEXT_OK) {
        c->failed = 1;
        return 1;
    }
    td_redate_item *it = &c->dates[c->n];
    memset(it, 0, sizeof *it);
    it->article = a->id;
    it->from = a->published ? a->published_from
                            : a->published_from == TD_DATE_INFERRED ? TD_DATE_INFERRED
                                                                    : TD_DATE_UNKNOWN;
    if (a->published) snprintf(it->day, sizeof it->day, "%.10s", a->published);
    if (a->published_lo) snprintf(it->lo, sizeof it->lo, "%.10s", a->published_lo);
    if (a->published_hi) snprintf(it->hi, sizeof it->hi, "%.10s", a->published_hi);
    it->confidence = a->published_confidence;
    /* the replay order is fixed, so the first pass's item n is this article */
    if (c->n < c->nrelated && c->related[c->n].article == a->id && c->related[c->n].related)
        *it = c->related[c->n];
    td_story_doc d = {0};
    d.id = a->id;
    d.title = a->title;
    d.title_len = a->title ? strlen(a->title) : 0;
    d.body = a->body;
    d.body_len = a->body_len;
    d.published = unix_time(it->related ? (it->day[0] ? it->day : NULL) : a->published);
    if (!d.published && it->lo[0] && it->hi[0]) {
        d.published_lo = unix_time(it->lo);
        d.published_hi = unix_time(it->hi);
    }
    /* An inferred date whose interval holds under a tenth of its score
     * mass is a guess (a weekday placed in a year that an office or an
     * older year in the text suggests); taken as the article's date, it
     * keeps the article from its story, which only articles within
     * story_days may join. It is left out here, and kept in the store. */
    if (!it->related && a->published_from == TD_DATE_INFERRED &&
        a->published_confidence < MIN_INFERRED_CONFIDENCE)
        d.published = d.published_lo = d.published_hi = 0;
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
    const loose_span *loose; /* sorted by story */
    size_t nloose;
    td_status st;
} save_ctx;

/* A story none of whose articles has a day is still seen somewhere:
 * between the earliest and the latest day its articles' inferred
 * intervals allow. */
static void loose_bounds(const save_ctx *x, int64_t story, const char **lo, const char **hi)
{
    size_t a = 0, b = x->nloose;
    while (a < b) {
        size_t m = a + (b - a) / 2;
        if (x->loose[m].story < story) a = m + 1;
        else b = m;
    }
    for (; a < x->nloose && x->loose[a].story == story; a++) {
        if (!*lo || strcmp(x->loose[a].lo, *lo) < 0) *lo = x->loose[a].lo;
        if (!*hi || strcmp(x->loose[a].hi, *hi) > 0) *hi = x->loose[a].hi;
    }
}

static int save_story(void *ctx, const td_story_info *s)
{
    save_ctx *x = ctx;
    json_t *outlets = json_array();
    for (uint32_t i = 0; i < s->noutlets && i < TD_STORY_MAX_OUTLETS; i++)
        if (s->outlets[i]) json_array_append_new(outlets, json_string(s->outlets[i]));
    char *list = json_dumps(outlets, JSON_COMPACT);
    json_decref(outlets);
    char d1[16], d2[16];
    td_story_summary sum = {0};
    sum.id = s->id;
    sum.thread_id = td_story_thread_of(x->stories, s->id);
    sum.title = s->headline;
    sum.articles = s->articles;
    sum.copies = s->copies;
    sum.outlets = s->noutlets;
    sum.outlet_list = list;
    sum.first_seen = day(d1, s->first_seen);
    sum.last_seen = day(d2, s->last_seen);
    if (!sum.first_seen) loose_bounds(x, s->id, &sum.first_seen, &sum.last_seen);
    sum.last_article = s->last_seq && s->last_seq <= x->n ? x->p[s->last_seq - 1].article : 0;
    sum.last_seq = s->last_seq;
    x->st = x->store->ops->put_story(x->store, &sum);
    free(list);
    return x->st != TD_OK;
}

/* One pass over every stored article: copies, stories, then each item's
 * surviving story and thread. */
static td_status replay(td_db *db, cluster_run *c)
{
    td_store *s = db->store;
    if (td_dedup_index_new(NULL, &c->dedup) != TD_DEDUP_OK ||
        td_story_index_new(NULL, &c->stories) != TD_STORY_OK)
        return td_db_fail(db, TD_ENOMEM, "out of memory for the story index");
    td_status st = s->ops->cluster_articles(s, place_one, c);
    if (st != TD_OK) {
        snprintf(db->err, sizeof db->err, "%s", s->err);
        return st;
    }
    if (c->failed) return td_db_fail(db, TD_ENOMEM, "out of memory while clustering");
    for (size_t i = 0; i < c->n; i++) {
        /* A story merged after the article joined it: take the survivor. */
        td_story_info info;
        if (td_story_get(c->stories, c->p[i].story, &info) == TD_STORY_OK)
            c->p[i].story = info.id;
        c->dates[i].story = c->p[i].story;
        c->dates[i].thread = td_story_thread_of(c->stories, c->p[i].story);
    }
    return TD_OK;
}

static void run_free(cluster_run *c)
{
    td_dedup_index_free(c->dedup);
    td_story_index_free(c->stories);
    free(c->p);
    free(c->dates);
    c->dedup = NULL;
    c->stories = NULL;
    c->p = NULL;
    c->dates = NULL;
    c->n = c->cap = 0;
}

/* Whether an article that its thread re-dated now lies too far from the
 * story it joined for the story to take it: then clustering runs again. */
static int moved_away(const cluster_run *c)
{
    td_story_config cfg;
    td_story_config_default(&cfg);
    for (size_t i = 0; i < c->n; i++) {
        const td_redate_item *it = &c->dates[i];
        td_story_info info;
        if (!it->related || td_story_get(c->stories, it->story, &info) != TD_STORY_OK ||
            !info.first_seen)
            continue;
        int64_t lo = unix_time(it->lo), hi = unix_time(it->hi);
        int64_t reach = (int64_t)(cfg.story_days * 86400);
        if (hi + reach < info.first_seen || lo - reach > info.last_seen) return 1;
    }
    return 0;
}

td_status td_cluster(td_db *db, td_cluster_stats *stats)
{
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    td_db_lock(db);
    cluster_run c = {0};
    td_redate_item *first = NULL;
    td_status st = TD_OK;
    td_store *s = db->store;
    td_text_words_init(&c.words, 0);
    if ((st = replay(db, &c)) != TD_OK) goto out;
    /* Undated articles take dates from their threads; one that leaves its
     * story's reach that way is placed again, by a second replay that uses
     * the narrowed intervals (the same for every replay of the same
     * articles, so story ids stay stable). */
    size_t nrelated;
    if ((st = td_core_relate(s, c.dates, c.n, &nrelated)) != TD_OK) {
        snprintf(db->err, sizeof db->err, "%s",
                 st == TD_ENOMEM ? "out of memory relating dates" : s->err);
        goto out;
    }
    if (nrelated && moved_away(&c)) {
        first = c.dates;
        c.dates = NULL;
        size_t n = c.n;
        run_free(&c);
        c.related = first;
        c.nrelated = n;
        if ((st = replay(db, &c)) != TD_OK) goto out;
    }

    if ((st = s->ops->begin(s)) != TD_OK) goto store_failed;
    if ((st = s->ops->clear_stories(s)) != TD_OK) goto rollback;
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
    save_ctx x = {s, c.stories, c.p, c.n, loose, nloose, TD_OK};
    td_story_each(c.stories, save_story, &x);
    free(loose);
    if ((st = x.st) != TD_OK) goto rollback;
    const td_story_merge *log;
    size_t nm = td_story_merges(c.stories, &log);
    for (size_t i = 0; i < nm; i++)
        if ((st = s->ops->put_story_merge(s, log[i].from, log[i].into, log[i].article,
                                          log[i].similarity)) != TD_OK)
            goto rollback;
    for (size_t i = 0; i < c.n; i++)
        if ((st = s->ops->set_article_story(s, c.p[i].article, c.p[i].story, c.p[i].dup_of,
                                            c.p[i].similarity)) != TD_OK)
            goto rollback;
    size_t redated;
    if ((st = td_core_redate(s, c.dates, c.n, &redated)) != TD_OK) goto rollback;
    if ((st = s->ops->commit(s)) != TD_OK) goto store_failed;

    if (stats) {
        td_story_stats ss;
        td_story_get_stats(c.stories, &ss);
        stats->articles = ss.articles;
        stats->copies = ss.copies;
        stats->stories = ss.stories - ss.merges;
        stats->threads = ss.threads - ss.thread_merges;
        stats->merges = ss.merges;
    }
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
    td_db_unlock(db);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    if (stats) stats->seconds = (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
    return st;
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
