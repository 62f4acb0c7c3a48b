/*
 * redate.c -- refining inferred dates from the articles of the same story
 * (see redate.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/redate.h"
#include "extract/datefer.h"
#include "util/date.h"

/* Related articles used per refinement: enough to pin a story's days. */
enum { MAX_RELATED = 16 };

static int by_story(const void *a, const void *b)
{
    const td_redate_item *x = a, *y = b;
    if (x->story != y->story) return x->story < y->story ? -1 : 1;
    return x->article < y->article ? -1 : x->article > y->article;
}

int td_core_date_firm(const td_redate_item *it)
{
    if (!it->day[0]) return 0;
    if (it->from != TD_DATE_INFERRED) return 1;
    return td_date_span_days(it->lo, it->hi) <= 31;
}

int td_core_date_loose(const td_redate_item *it)
{
    if (it->from == TD_DATE_UNKNOWN) return 1;
    return it->from == TD_DATE_INFERRED && td_date_span_days(it->lo, it->hi) > 31;
}

int td_core_date_result(const td_redate_item *it, td_datefer_result *own)
{
    memset(own, 0, sizeof *own);
    if (!it->lo[0] || !it->hi[0]) return 0;
    own->found = own->year_known = own->inferred = 1;
    memcpy(own->lo, it->lo, 11);
    memcpy(own->hi, it->hi, 11);
    memcpy(own->anchor, it->day[0] ? it->day : it->lo, 11);
    own->confidence = it->confidence;
    return 1;
}

td_status td_core_put_timexes(td_store *s, int64_t id, const char *body, size_t len,
                              const td_timex *tx, size_t n, const char *anchor, int inferred,
                              td_arena *arena)
{
    for (size_t i = 0; i < n; i++) {
        const td_timex *t = &tx[i];
        const char *text = td_arena_span(arena, body, len, t->start, t->end);
        if (!text) continue;
        td_timex_row row = {id, t->start, t->end, text, td_timex_type_name(t->type), t->value,
                            t->mod[0] ? t->mod : NULL, t->anchored && anchor ? anchor : NULL,
                            t->relative, t->anchored && anchor && inferred};
        td_status st = s->ops->put_timex(s, &row);
        if (st != TD_OK) return st;
    }
    return TD_OK;
}

void td_core_anchor_text(char out[TD_CORE_ANCHOR_MAX], const td_datefer_result *res, int narrow)
{
    if (narrow) snprintf(out, TD_CORE_ANCHOR_MAX, "%.10s", res->anchor);
    else snprintf(out, TD_CORE_ANCHOR_MAX, "%.10s/%.10s", res->lo, res->hi);
}

/* The article's time expressions again, resolved against its new date:
 * its day when narrow, else only what every day of the interval agrees on. */
static td_status reanchor(td_store *s, int64_t id, const td_datefer_result *res, int narrow)
{
    td_article *a;
    td_status st = s->ops->get_article(s, id, &a);
    if (st != TD_OK) return st;
    td_timex *tx = malloc(TD_CORE_MAX_TIMEXES * sizeof *tx);
    size_t n = 0;
    char anchor[TD_CORE_ANCHOR_MAX];
    td_core_anchor_text(anchor, res, narrow);
    if (!tx) st = TD_ENOMEM;
    else if (td_timex_find(a->body, a->body_len, narrow ? res->anchor : NULL, tx,
                           TD_CORE_MAX_TIMEXES, &n) == TD_TIMEX_EANCHOR)
        n = 0;
    else if (!narrow && td_datefer_resolve_stable(tx, n, res) != TD_TIMEX_OK)
        n = 0;
    if (st == TD_OK) st = s->ops->clear_timexes(s, id);
    td_arena arena;
    td_arena_init(&arena);
    if (st == TD_OK)
        st = td_core_put_timexes(s, id, a->body, a->body_len, tx, n, anchor, 1, &arena);
    td_arena_free(&arena);
    free(tx);
    free(a);
    return st;
}

/* Stores a new inferred date for the article and re-resolves its time
 * expressions against it. */
static td_status store_date(td_store *s, int64_t id, const td_datefer_result *res)
{
    int narrow = td_date_span_days(res->lo, res->hi) <= TD_DATE_NARROW_DAYS;
    int changed = 0;
    td_status st = s->ops->set_article_date(s, id, narrow ? res->anchor : NULL, res->lo, res->hi,
                                            res->confidence, &changed);
    return st == TD_OK && changed ? reanchor(s, id, res, narrow) : st;
}

static td_status refine_one(td_store *s, td_redate_item *it, const td_redate_item *group,
                            size_t ng, int *changed)
{
    td_datefer_related rel[MAX_RELATED];
    size_t nr = 0;
    for (size_t k = 0; k < ng && nr < MAX_RELATED; k++) {
        const td_redate_item *o = &group[k];
        if (o == it || !td_core_date_firm(o)) continue;
        td_datefer_related *r = &rel[nr++];
        memset(r, 0, sizeof *r);
        r->kind = TD_DATEFER_SAME_STORY;
        if (o->from == TD_DATE_INFERRED) {
            memcpy(r->lo, o->lo, 11);
            memcpy(r->hi, o->hi, 11);
            r->confidence = o->confidence;
        } else {
            memcpy(r->lo, o->day, 10);
            memcpy(r->hi, o->day, 10);
            r->confidence = 1;
        }
    }
    if (!nr) return TD_OK;
    td_datefer_result own, out;
    if (td_datefer_refine(NULL, td_core_date_result(it, &own) ? &own : NULL, rel, nr, &out) !=
            TD_DATEFER_OK ||
        !out.found || !out.year_known || out.open_lo || out.open_hi)
        return TD_OK;
    /* The story's articles report one happening, mostly on the same day or
     * the next: the likeliest day is the middle one of their firm days
     * that falls inside the interval, not an edge of the interval. */
    const char *days[MAX_RELATED];
    size_t nd = 0;
    for (size_t k = 0; k < nr; k++)
        if (!strcmp(rel[k].lo, rel[k].hi) && strcmp(rel[k].lo, out.lo) >= 0 &&
            strcmp(rel[k].lo, out.hi) <= 0) {
            size_t p = nd++;
            while (p && strcmp(days[p - 1], rel[k].lo) > 0) days[p] = days[p - 1], p--;
            days[p] = rel[k].lo;
        }
    if (nd) memcpy(out.anchor, days[(nd - 1) / 2], 11);
    td_status st = store_date(s, it->article, &out);
    if (st == TD_OK) *changed = 1;
    return st;
}

/* An interval that only the thread gave (core/relate.c). */
static td_status store_related(td_store *s, const td_redate_item *it)
{
    td_datefer_result res;
    td_core_date_result(it, &res);
    return store_date(s, it->article, &res);
}

td_status td_core_redate(td_store *s, td_redate_item *items, size_t n, size_t *changed)
{
    *changed = 0;
    qsort(items, n, sizeof *items, by_story);
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && items[j].story == items[i].story) j++;
        /* one story: items[i, j) */
        for (size_t k = i; k < j; k++) {
            int ch = 0;
            td_status st = TD_OK;
            if (j - i > 1 && td_core_date_loose(&items[k]))
                st = refine_one(s, &items[k], &items[i], j - i, &ch);
            if (st == TD_OK && !ch && items[k].related) {
                st = store_related(s, &items[k]);
                ch = 1;
            }
            if (st != TD_OK) return st;
            *changed += (size_t)ch;
        }
        i = j;
    }
    return TD_OK;
}
