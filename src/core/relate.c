/*
 * relate.c -- dates an undated article takes from the dated articles of
 * its thread (see relate.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/relate.h"
#include "extract/datefer.h"
#include "extract/timex.h"
#include "text/text.h"
#include "util/date.h"

enum {
    MAX_FIRM = 32,        /* firm articles read per thread */
    PER_STORY = 4,        /* ... and per story of it, so that all stories speak */
    MAX_HAPPENINGS = 512, /* happenings kept per thread */
    MAX_RELATIONS = 16,   /* relations per loose article */
    MAX_CTX = 64,         /* content words kept around an expression */
    MIN_SHARED = 2,       /* words two mentions of a happening must share */
    MAX_TRIED = 64,       /* yearless dates of one article tried */
    CTX_REACH = 120       /* words looked at on each side of an expression */
};

/* Content words (stemmed, hashed) of the sentence of an expression and of
 * the one before it: what tells "the talks in January" from "the storm in
 * January". */
typedef struct ctxset {
    uint64_t h[MAX_CTX];
    unsigned n;
} ctxset;

typedef struct happening {
    long lo, hi;       /* its days */
    int year, month, day; /* day 0: a whole month */
    double confidence; /* of the date of the article that names it */
    ctxset ctx;
} happening;

/* Scratch reused from article to article. */
typedef struct scratch {
    td_article *article; /* the one scanned last */
    td_text_words words;
    td_text_stopset stop;
    td_timex *tx;
    size_t ntx;
    happening *hap;
    size_t nhap;
} scratch;

static int word_is(const td_text_words *w, size_t i, const char *s)
{
    size_t n = strlen(s);
    return w->tok[i].low_len == n && !memcmp(td_text_low(w, i), s, n);
}

static int word_in(const td_text_words *w, size_t i, const char *const *list)
{
    for (; *list; list++)
        if (word_is(w, i, *list)) return 1;
    return 0;
}

/* Kept sorted, so that two sets meet in one merge. */
static void ctx_add(ctxset *c, uint64_t h)
{
    unsigned k = c->n;
    while (k > 0 && c->h[k - 1] > h) k--;
    if ((k > 0 && c->h[k - 1] == h) || c->n == MAX_CTX) return;
    memmove(&c->h[k + 1], &c->h[k], (c->n - k) * sizeof c->h[0]);
    c->h[k] = h;
    c->n++;
}

static unsigned ctx_shared(const ctxset *a, const ctxset *b)
{
    unsigned n = 0, i = 0, j = 0;
    while (i < a->n && j < b->n) {
        if (a->h[i] < b->h[j]) i++;
        else if (a->h[i] > b->h[j]) j++;
        else n++, i++, j++;
    }
    return n;
}

static void ctx_word(scratch *x, ctxset *c, size_t i)
{
    const td_text_tok *t = &x->words.tok[i];
    char stem[64];
    if (!(t->flags & TD_TEXT_ALPHA) || (t->flags & TD_TEXT_DIGIT) || t->low_len < 3 ||
        t->low_len >= sizeof stem || td_text_stopset_has(&x->stop, t->hash))
        return;
    memcpy(stem, td_text_low(&x->words, i), t->low_len);
    size_t n = td_text_stem(stem, t->low_len);
    ctx_add(c, td_text_hash(stem, n));
}

/* The context of the expression at bytes [start, end): its own words are
 * left out (the month itself is what is being matched). */
static void context(scratch *x, size_t start, size_t end, ctxset *c)
{
    const td_text_words *w = &x->words;
    c->n = 0;
    if (!w->n) return;
    size_t lo = 0, hi = w->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (w->tok[mid].off < start) lo = mid + 1;
        else hi = mid;
    }
    size_t at = lo < w->n ? lo : w->n - 1;
    uint32_t sent = w->tok[at].sent;
    for (size_t i = at, k = 0; i-- > 0 && k < CTX_REACH && w->tok[i].sent + 1 >= sent; k++)
        ctx_word(x, c, i);
    for (size_t i = at, k = 0; i < w->n && k < CTX_REACH && w->tok[i].sent == sent; i++, k++)
        if (w->tok[i].off >= end) ctx_word(x, c, i);
}

/* Reads an article's body into x->words and its time expressions into
 * x->tx, resolved against anchor (NULL: left as recipes). */
static td_status scan(td_store *s, scratch *x, int64_t id, const char *anchor)
{
    x->ntx = 0;
    free(x->article);
    x->article = NULL;
    td_status st = s->ops->get_article(s, id, &x->article);
    if (st != TD_OK) return st;
    const td_article *a = x->article;
    if (td_text_tokenize(&x->words, a->body ? a->body : "", a->body_len) != TD_TEXT_OK)
        st = TD_ENOMEM;
    else if (td_timex_find(a->body, a->body_len, anchor, x->tx, TD_CORE_MAX_TIMEXES, &x->ntx) ==
             TD_TIMEX_EANCHOR)
        x->ntx = 0;
    return st;
}

/* "2024-01" or "2024-01-15" (with the year "XXXX" when yearless); *d is 0
 * for a month. */
static int calendar_value(const char *v, int yearless, int *y, int *m, int *d)
{
    td_timex_value tv;
    if (!td_timex_read_value(v, strlen(v), &tv) || tv.known == yearless ||
        (tv.precision != TD_TIMEX_PREC_MONTH && tv.precision != TD_TIMEX_PREC_DAY))
        return 0;
    *y = tv.y, *m = tv.mo, *d = tv.d;
    return 1;
}

/* The happenings a firm article dates, added to x->hap. */
static td_status add_happenings(td_store *s, scratch *x, const td_redate_item *it)
{
    td_status st = scan(s, x, it->article, it->day);
    if (st != TD_OK) return st;
    double conf = it->from == TD_DATE_INFERRED ? it->confidence : 1;
    for (size_t k = 0; k < x->ntx && x->nhap < MAX_HAPPENINGS; k++) {
        const td_timex *t = &x->tx[k];
        int y, m, d;
        /* only dates the text names ("in January", "on April 13"), not
         * ones counted from the article's own day ("Monday", "last week") */
        if (t->type != TD_TIMEX_DATE || !calendar_value(t->value, 0, &y, &m, &d) ||
            (t->relative && t->rel.kind != TD_TIMEX_REL_YEARLESS))
            continue;
        happening *h = &x->hap[x->nhap];
        h->year = y;
        h->month = m;
        h->day = d;
        h->lo = td_days_from_civil(y, m, d ? d : 1);
        h->hi = d ? h->lo : td_days_from_civil(y, m, td_days_in_month(y, m));
        h->confidence = conf;
        context(x, t->start, t->end, &h->ctx);
        if (h->ctx.n >= MIN_SHARED) x->nhap++;
    }
    return TD_OK;
}

/* The happening a yearless expression names: the one of the same month
 * (and day) sharing the most context, unless another year ties. */
static const happening *match(const scratch *x, const td_timex *t, const ctxset *c)
{
    int y, m, d;
    if (!calendar_value(t->value, 1, &y, &m, &d)) return NULL;
    const happening *best = NULL;
    unsigned best_n = MIN_SHARED - 1;
    int tie = 0;
    for (size_t k = 0; k < x->nhap; k++) {
        const happening *h = &x->hap[k];
        if (h->month != m || h->day != d) continue; /* "in October" is not "on October 1" */
        unsigned n = ctx_shared(c, &h->ctx);
        if (n > best_n) {
            best = h;
            best_n = n;
            tie = 0;
        } else if (best && n == best_n && h->year != best->year) {
            tie = 1; /* as much in common with two years' January */
        }
    }
    return tie ? NULL : best;
}

/* "have not yet held a second meeting", "are yet to hold another round":
 * the article was written before the next happening of its kind. */
static int not_yet_again(const td_text_words *w)
{
    static const char *const again[] = {"second", "another", "next", "further", "new",
                                        "third",  "fresh",   NULL};
    static const char *const meeting[] = {"meeting", "meetings", "round",   "rounds", "talks",
                                          "session", "sessions", "summit", NULL};
    for (size_t i = 0; i < w->n; i++) {
        if (!word_is(w, i, "yet")) continue;
        uint32_t sent = w->tok[i].sent;
        int neg = i + 1 < w->n && word_is(w, i + 1, "to");
        for (size_t k = i; !neg && k-- > 0 && k + 3 >= i && w->tok[k].sent == sent;) {
            const char *s = td_text_low(w, k);
            size_t n = w->tok[k].low_len;
            neg = word_is(w, k, "not") || word_is(w, k, "never") || word_is(w, k, "no") ||
                  (n > 3 && !memcmp(s + n - 3, "n't", 3)) ||
                  (n > 5 && !memcmp(s + n - 5, "n\xe2\x80\x99t", 5));
        }
        if (!neg) continue;
        for (size_t j = i + 1; j < w->n && j <= i + 10 && w->tok[j].sent == sent; j++) {
            if (!word_in(w, j, again)) continue;
            for (size_t k = j + 1; k < w->n && k <= j + 3 && w->tok[k].sent == sent; k++)
                if (word_in(w, k, meeting)) return 1;
        }
    }
    return 0;
}

/* Whether the article already names the happening h that way. */
static int named(const td_datefer_related *rel, size_t nr, const happening *h, const td_timex *t)
{
    char lo[11];
    td_date_format_day(h->lo, lo);
    for (size_t k = 0; k < nr; k++)
        if (!strcmp(rel[k].lo, lo) && !strcmp(rel[k].expr.value, t->value) &&
            rel[k].expr.rel.dir == t->rel.dir)
            return 1;
    return 0;
}

/* Relations of one loose article to its thread [t, t + nt); narrows it. */
static td_status relate_one(td_store *s, scratch *x, td_redate_item *it,
                            td_redate_item *const *t, size_t nt, int *changed)
{
    *changed = 0;
    td_status st = scan(s, x, it->article, NULL);
    if (st != TD_OK) return st;
    td_datefer_related rel[MAX_RELATIONS];
    size_t nr = 0;
    long after = 0; /* the latest happening it names */
    size_t tried = 0;
    for (size_t k = 0; k < x->ntx && nr < MAX_RELATIONS && tried < MAX_TRIED; k++) {
        const td_timex *tx = &x->tx[k];
        int y, m, d;
        if (tx->type != TD_TIMEX_DATE || tx->rel.kind != TD_TIMEX_REL_YEARLESS ||
            !calendar_value(tx->value, 1, &y, &m, &d))
            continue;
        tried++;
        ctxset c;
        context(x, tx->start, tx->end, &c);
        const happening *h = match(x, tx, &c);
        if (!h || named(rel, nr, h, tx)) continue;
        td_datefer_related *r = &rel[nr++];
        memset(r, 0, sizeof *r);
        r->kind = TD_DATEFER_REFERS;
        td_date_format_day(h->lo, r->lo);
        td_date_format_day(h->hi, r->hi);
        r->confidence = h->confidence;
        r->expr = *tx;
        /* "will hold rallies in October": the next October, not the last */
        if (td_datefer_tense(x->article->body, x->article->body_len, tx) > 0)
            r->expr.rel.dir = TD_TIMEX_DIR_ON_AFTER;
        else if (h->hi > after)
            after = h->hi;
    }
    if (!nr) return TD_OK;
    if (nr < MAX_RELATIONS && not_yet_again(&x->words)) {
        /* the first story of the thread that starts after what it names
         * (t is sorted by story) */
        const td_redate_item *next = NULL;
        long first = 0;
        for (size_t i = 0; i < nt;) {
            const td_redate_item *start = NULL;
            long z = 0;
            size_t j = i;
            for (; j < nt && t[j]->story == t[i]->story; j++) {
                long d;
                if (td_core_date_firm(t[j]) && td_date_day(t[j]->day, &d) && (!start || d < z))
                    start = t[j], z = d;
            }
            if (start && z > after && (!next || z < first)) next = start, first = z;
            i = j;
        }
        if (next) {
            td_datefer_related *r = &rel[nr++];
            memset(r, 0, sizeof *r);
            r->kind = TD_DATEFER_BEFORE;
            td_date_format_day(first, r->lo);
            td_date_format_day(first, r->hi);
            r->confidence = next->from == TD_DATE_INFERRED ? next->confidence : 1;
        }
    }
    td_datefer_result own, out;
    if (td_datefer_refine(NULL, td_core_date_result(it, &own) ? &own : NULL, rel, nr, &out) !=
        TD_DATEFER_OK)
        return TD_ENOMEM;
    if (!out.found || !out.year_known || out.open_lo || out.open_hi) return TD_OK;
    if (own.found && td_date_span_days(out.lo, out.hi) >= td_date_span_days(own.lo, own.hi))
        return TD_OK;
    memcpy(it->lo, out.lo, 11);
    memcpy(it->hi, out.hi, 11);
    it->confidence = out.confidence;
    it->from = TD_DATE_INFERRED;
    if (td_date_span_days(out.lo, out.hi) <= TD_DATE_NARROW_DAYS) memcpy(it->day, out.anchor, 11);
    else it->day[0] = '\0';
    it->related = 1;
    *changed = 1;
    return TD_OK;
}

static int by_thread(const void *a, const void *b)
{
    const td_redate_item *x = *(td_redate_item *const *)a, *y = *(td_redate_item *const *)b;
    if (x->thread != y->thread) return x->thread < y->thread ? -1 : 1;
    if (x->story != y->story) return x->story < y->story ? -1 : 1;
    return x->article < y->article ? -1 : x->article > y->article;
}

/* One thread, t[0..nt) sorted by story: its happenings, then each loose
 * article against them. */
static td_status relate_thread(td_store *s, scratch *x, td_redate_item **t, size_t nt,
                               size_t *changed)
{
    size_t nloose = 0, nfirm = 0;
    for (size_t k = 0; k < nt; k++) {
        nloose += (size_t)(td_core_date_loose(t[k]) && !t[k]->settled);
        nfirm += (size_t)td_core_date_firm(t[k]);
    }
    if (!nloose || !nfirm) return TD_OK;
    x->nhap = 0;
    size_t read = 0, in_story = 0;
    for (size_t k = 0; k < nt && read < MAX_FIRM; k++) {
        if (k && t[k]->story != t[k - 1]->story) in_story = 0;
        if (!td_core_date_firm(t[k]) || in_story >= PER_STORY) continue;
        td_status st = add_happenings(s, x, t[k]);
        if (st != TD_OK) return st;
        read++;
        in_story++;
    }
    if (!x->nhap) return TD_OK;
    for (size_t k = 0; k < nt; k++) {
        if (!td_core_date_loose(t[k]) || t[k]->settled) continue;
        int ch;
        td_status st = relate_one(s, x, t[k], (td_redate_item *const *)t, nt, &ch);
        if (st != TD_OK) return st;
        *changed += (size_t)ch;
    }
    return TD_OK;
}

td_status td_core_relate(td_store *s, td_redate_item *items, size_t n, size_t *changed)
{
    *changed = 0;
    if (n < 2) return TD_OK;
    scratch x;
    memset(&x, 0, sizeof x);
    td_text_words_init(&x.words, 0);
    td_text_stopset_init(&x.stop);
    td_redate_item **order = malloc(n * sizeof *order);
    x.tx = malloc(TD_CORE_MAX_TIMEXES * sizeof *x.tx);
    x.hap = malloc(MAX_HAPPENINGS * sizeof *x.hap);
    td_status st = order && x.tx && x.hap ? TD_OK : TD_ENOMEM;
    if (st == TD_OK) {
        for (size_t i = 0; i < n; i++) order[i] = &items[i];
        qsort(order, n, sizeof *order, by_thread);
        for (size_t i = 0; i < n && st == TD_OK;) {
            size_t j = i;
            while (j < n && order[j]->thread == order[i]->thread) j++;
            if (j - i > 1) st = relate_thread(s, &x, &order[i], j - i, changed);
            i = j;
        }
    }
    td_text_words_free(&x.words);
    free(x.article);
    free(order);
    free(x.tx);
    free(x.hap);
    return st;
}
