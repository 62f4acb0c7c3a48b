/*
 * datefer.c -- article date inference: evidence to constraints, and
 * constraints to an interval (see datefer.h).
 *
 * The weights below are log-odds, set by hand for English news and
 * checked on TimeML (bench/score-datefer): a dated happening in a clause
 * that looks back puts the article after it almost always, and soon
 * after it often; a tenure is close to certain when the KB is right.
 */
#include "extract/datefer.h"
#include "util/date.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- Weights ------------------------------------------------------------ */

#define W_PAST_DAY 3.0    /* "On May 3, 2024, X reported": D >= that day */
#define W_PAST_MONTH 2.0  /* "in May 2024" looking back */
#define W_PAST_PERIOD 1.5 /* a quarter, half, season or year looking back */
#define W_PAST_OLD 1.0    /* a decade or century */
#define W_FUTURE 1.5      /* "will meet on May 20, 2024": D <= that day */
#define W_WDAY_PAIR 1.5   /* "Monday, Oct. 7": a year in which that holds */
#define W_WDAY_SAME 0.8   /* "said Monday": D is that Monday (45% on TimeML) */
#define W_WDAY_NEXT 0.4   /* ... or the day after (21%) */
#define W_SAME_YEAR 2.5   /* "earlier this year ... in April": April is over */
#define W_LAST_PERIOD 1.0 /* "last September": D within the year after it */
#define W_TENURE 2.5      /* "Foreign Minister X": D within X's tenure */
#define W_OPEN_TENURE 0.5 /* ... within six years of its start, if open */
#define W_TENURE_END 1.5  /* ... and not after it ended */
#define W_FORMER 2.0      /* "former President Y": D after Y's tenure */
#define W_RELATED 4.0     /* another article, at full confidence (half at none) */

/* Recency: an article follows soon after the latest happening it dates.
 * Each window is one group over all the happenings (a day after any of
 * them qualifies), so that ten dates a week apart do not count ten
 * times; the hard part, D after each of them, stays per happening. On
 * TimeML the DCT is within a day of the latest full date in 3 documents
 * of 4, while the latest month or year mentioned lies months or years
 * back: hence the weak month and year windows. */
enum { G_DAY1 = 1, G_DAY7, G_DAY28, G_MONTH, G_YEAR, G_FUTURE, G_QUARTER, G_TENURE, G_RELATED };
#define W_DAY1 1.0        /* within a day */
#define W_DAY7 1.0        /* within a week */
#define W_DAY28 0.8       /* within four weeks */
#define W_MONTH 0.5       /* within six months of a month named */
#define W_YEAR 0.8        /* within two years of a year named */
#define W_AHEAD 0.8       /* within three months before a date ahead */

#define MAXTX 1024        /* expressions td_datefer_from_text scans */
#define CLUSTER_GAP 10    /* near-best days this close are one stretch */
#define EARLIER 0.01      /* the prior for earlier days, per year */

/* ---- Calendar ----------------------------------------------------------- */

/* A day, month or year ("YYYY-MM-DD", "2024-05", "2024", a clock time
 * after the day ignored; also a week or quarter) to its first and last
 * day. Returns 0 if unreadable. */
static int parse_span(const char *s, size_t len, long *a, long *b)
{
    td_timex_value v;
    if (!td_timex_read_value(s, len, &v) || !v.known || v.precision < TD_TIMEX_PREC_YEAR ||
        (v.precision == TD_TIMEX_PREC_DAY && v.d > td_days_in_month(v.y, v.mo)))
        return 0;
    td_timex_value_span(&v, a, b);
    return 1;
}

/* A NUL-terminated TIMEX3 value, read for its calendar meaning. */
static int read_value(const char *value, td_timex_value *v)
{
    return td_timex_read_value(value, strlen(value), v);
}

/* First month and length in months of a sub-year period. */
static void period_months(const td_timex_value *t, int *m0, int *nm)
{
    switch (t->precision) {
    case TD_TIMEX_PREC_QUARTER: *m0 = 3 * (t->sub - 1) + 1, *nm = 3; return;
    case TD_TIMEX_PREC_HALF: *m0 = t->sub == 2 ? 7 : 1, *nm = 6; return;
    case TD_TIMEX_PREC_SEASON: *m0 = 3 * t->sub, *nm = 3; return; /* winter: Dec-Feb */
    case TD_TIMEX_PREC_MONTH: *m0 = t->mo, *nm = 1; return;
    default: *m0 = t->mo ? t->mo : 1, *nm = 0; return;
    }
}

/* ---- Evidence ----------------------------------------------------------- */

void td_datefer_init(td_datefer_evidence *ev)
{
    ev->n = 0;
    ev->overflow = 0;
}

td_datefer_con *td_datefer_add(td_datefer_evidence *ev, int kind, int32_t lo, int32_t hi,
                               double weight, int source, const char *reason)
{
    if (lo > hi || !(weight > 0)) return NULL;
    if (ev->n >= TD_DATEFER_MAXCON) {
        ev->overflow++;
        return NULL;
    }
    td_datefer_con *c = &ev->con[ev->n++];
    memset(c, 0, sizeof *c);
    c->kind = kind, c->lo = lo, c->hi = hi, c->weight = weight, c->source = source;
    snprintf(c->reason, sizeof c->reason, "%s", reason ? reason : "");
    return c;
}

static td_datefer_con *add_range(td_datefer_evidence *ev, long lo, long hi, double w, int src,
                                 const char *why)
{
    return td_datefer_add(ev, TD_DATEFER_RANGE, (int32_t)lo, (int32_t)hi, w, src, why);
}

static td_datefer_con *add_yearly(td_datefer_evidence *ev, int mo, int d, int wday, long lo,
                                  long hi, int same_year, double w, const char *why)
{
    td_datefer_con *c =
        td_datefer_add(ev, TD_DATEFER_YEARLY, (int32_t)lo, (int32_t)hi, w, TD_DATEFER_SRC_TEXT, why);
    if (c) c->month = mo, c->day = d, c->wday = wday, c->same_year = same_year;
    return c;
}

int td_datefer_add_dates(td_datefer_evidence *ev, const char *lo, const char *hi, double weight,
                         int source, const char *reason)
{
    long a = TD_DATEFER_OPEN_LO, b = TD_DATEFER_OPEN_HI, x;
    if (lo && *lo) {
        if (!parse_span(lo, strlen(lo), &a, &x)) return TD_DATEFER_EINPUT;
    }
    if (hi && *hi) {
        if (!parse_span(hi, strlen(hi), &x, &b)) return TD_DATEFER_EINPUT;
    }
    if (a > b) return TD_DATEFER_EINPUT;
    return add_range(ev, a, b, weight, source, reason) ? TD_DATEFER_OK : TD_DATEFER_ENOMEM;
}

int td_datefer_add_crawl(td_datefer_evidence *ev, const char *when)
{
    long a, b;
    if (!when || !parse_span(when, strlen(when) < 10 ? strlen(when) : 10, &a, &b))
        return TD_DATEFER_EINPUT;
    return add_range(ev, TD_DATEFER_OPEN_LO, b, TD_DATEFER_HARD, TD_DATEFER_SRC_CRAWL,
                     "not after the crawl")
               ? TD_DATEFER_OK
               : TD_DATEFER_ENOMEM;
}

/* Sets the span of the text the constraints from ev->con[from..] rest on. */
static void mark_span(td_datefer_evidence *ev, size_t from, size_t start, size_t end)
{
    for (size_t k = from; k < ev->n; k++) ev->con[k].start = start, ev->con[k].end = end;
}

/* -- the clause around an expression -- */

static int is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int word_is(const char *w, size_t n, const char *s)
{
    size_t l = strlen(s);
    if (n != l) return 0;
    for (size_t k = 0; k < l; k++)
        if ((w[k] | 0x20) != s[k]) return 0;
    return 1;
}

/* Words that make a clause look ahead. "to" after "set", "is", "are",
 * "going", "due" is checked by the caller. */
static int future_word(const char *w, size_t n)
{
    static const char *const words[] = {
        "will",     "ll",        "shall",    "expected",    "expects", "expect",   "plans",
        "planned",  "plan",      "scheduled", "upcoming",   "slated",  "would",    "until",
        "forthcoming", "intends", "aims",    "hopes",       "ahead",   "due",      "matures",
        "mature",   "maturing",  "expire",   "expires",     "expiring", "through", "till",
        "tomorrow", "next",      "coming",   "effective",   "starting", "beginning"};
    for (size_t k = 0; k < sizeof words / sizeof *words; k++)
        if (word_is(w, n, words[k])) return 1;
    return 0;
}

/* Words that say the clause tells what happened. */
static int past_word(const char *w, size_t n)
{
    static const char *const words[] = {
        "said",  "says",   "told",   "met",   "held",  "made",    "took",    "went",  "came",
        "saw",   "gave",   "won",    "lost",  "rose",  "fell",    "began",   "paid",  "sold",
        "bought", "left",  "led",    "ran",   "became", "got",    "kept",    "hit",   "spent",
        "sent",  "struck", "fought", "shot",  "brought", "thought", "found", "stood", "wrote",
        "spoke", "chose",  "drove",  "flew",  "grew",  "knew",    "threw",   "was",   "were",
        "had",   "did",    "ago",    "earlier", "last", "since",  "reported", "announced"};
    for (size_t k = 0; k < sizeof words / sizeof *words; k++)
        if (word_is(w, n, words[k])) return 1;
    /* a regular past: "-ed", lower case, not a noun or adjective in -ed */
    static const char *const not_past[] = {"need", "indeed", "speed", "seed", "feed", "bed",
                                           "red", "hundred", "united", "limited", "proposed",
                                           "related", "based", "listed", "red", "shed"};
    if (n < 4 || w[n - 2] != 'e' || w[n - 1] != 'd' || (w[0] >= 'A' && w[0] <= 'Z')) return 0;
    for (size_t k = 0; k < sizeof not_past / sizeof *not_past; k++)
        if (word_is(w, n, not_past[k])) return 0;
    return 1;
}

/* What the clause around text[start, end) speaks of: +1 what is to come
 * ("will meet on", "is expected", "notes due"), -1 what happened ("said
 * on", "met"), 0 when it does not say. The cue nearest the expression
 * decides, looking back to the start of its clause (at most 160 bytes)
 * and then a few words on; a sentence-initial phrase ("On Monday, the
 * minister will ...") looks into the main clause past its comma. */
static int clause_tense(const char *text, size_t len, size_t start, size_t end)
{
    size_t lo = start > 160 ? start - 160 : 0, b = start;
    while (b > lo) {
        char c = text[b - 1];
        if (c == '\n' || c == ';' || c == ',' ||
            ((c == '.' || c == '?' || c == '!') && b < len && (text[b] == ' ' || text[b] == '\n')))
            break;
        b--;
    }
    static const char *const lead[] = {"on", "in", "by", "since", "at", "the", "early", "late",
                                       "of", "and", "but", "as", "for", "from", "mid"};
    int initial = 1, tense = 0;
    size_t prev_s = 0, prev_n = 0;
    for (size_t i = b; i < start;) { /* the nearest cue before wins */
        if (!is_alpha(text[i])) {
            i++;
            continue;
        }
        size_t s = i;
        while (i < start && is_alpha(text[i])) i++;
        size_t n = i - s;
        if (future_word(text + s, n) ||
            (word_is(text + s, n, "to") && prev_n &&
             (word_is(text + prev_s, prev_n, "set") || word_is(text + prev_s, prev_n, "is") ||
              word_is(text + prev_s, prev_n, "are") || word_is(text + prev_s, prev_n, "going"))))
            tense = 1;
        else if (past_word(text + s, n))
            tense = -1;
        int is_lead = 0;
        for (size_t k = 0; k < sizeof lead / sizeof *lead; k++)
            if (word_is(text + s, n, lead[k])) is_lead = 1;
        if (!is_lead) initial = 0;
        prev_s = s, prev_n = n;
    }
    if (tense) return tense;
    int words = 0, commas = 0;
    for (size_t i = end; i < len && i < end + 120 && words < (initial ? 10 : 6);) {
        char c = text[i];
        if (c == '\n' || c == ';' || c == '.' || c == '?' || c == '!') break;
        if (c == ',' && (!initial || commas++)) break;
        if (!is_alpha(c)) {
            i++;
            continue;
        }
        size_t s = i;
        while (i < len && is_alpha(text[i])) i++;
        words++;
        if (future_word(text + s, i - s)) return 1;
        if (past_word(text + s, i - s)) return -1;
    }
    return 0;
}

/* Whether no sentence ends in text[a, b). */
static int same_sentence(const char *text, size_t a, size_t b)
{
    for (size_t i = a; i < b; i++) {
        char c = text[i];
        if (c == '\n' || ((c == '.' || c == '?' || c == '!') && (text[i + 1] == ' ')))
            return 0;
    }
    return 1;
}

/* -- one expression -- */

static void quote(char *out, size_t cap, const char *prefix, const char *text, size_t s, size_t e)
{
    size_t n = e - s;
    if (n > 40) n = 40;
    snprintf(out, cap, "%s '%.*s'", prefix, (int)n, text + s);
}

/* Recency of a happening spanning days [a, b] of precision gran. */
static void add_recency_range(td_datefer_evidence *ev, long a, long b, int gran, const char *why)
{
    td_datefer_con *c;
    if (gran >= TD_TIMEX_PREC_DAY) {
        if ((c = add_range(ev, a, b + 1, W_DAY1, TD_DATEFER_SRC_TEXT, why))) c->group = G_DAY1;
        if ((c = add_range(ev, a, b + 7, W_DAY7, TD_DATEFER_SRC_TEXT, why))) c->group = G_DAY7;
        if ((c = add_range(ev, a, b + 28, W_DAY28, TD_DATEFER_SRC_TEXT, why))) c->group = G_DAY28;
    }
    if (gran >= TD_TIMEX_PREC_MONTH)
        if ((c = add_range(ev, a, b + 183, W_MONTH, TD_DATEFER_SRC_TEXT, why))) c->group = G_MONTH;
    if (gran >= TD_TIMEX_PREC_YEAR)
        if ((c = add_range(ev, a, b + 731, W_YEAR, TD_DATEFER_SRC_TEXT, why))) c->group = G_YEAR;
}

/* The same for a yearless happening at base + [lo, hi] days (a window
 * of a year or more says nothing of a yearless date). */
static void add_recency_yearly(td_datefer_evidence *ev, int mo, int d, int wday, long lo, long hi,
                               int gran, const char *why)
{
    td_datefer_con *c;
    if (gran >= TD_TIMEX_PREC_DAY) {
        if ((c = add_yearly(ev, mo, d, wday, lo, hi + 1, 0, W_DAY1, why))) c->group = G_DAY1;
        if ((c = add_yearly(ev, mo, d, wday, lo, hi + 7, 0, W_DAY7, why))) c->group = G_DAY7;
        if ((c = add_yearly(ev, mo, d, wday, lo, hi + 28, 0, W_DAY28, why))) c->group = G_DAY28;
    }
    if ((c = add_yearly(ev, mo, d, wday, lo, hi + 183, 0, W_MONTH, why))) c->group = G_MONTH;
}

/* Whether the word before text[start] is w ("since January": a period
 * running from then to now, not a happening the article follows). */
static int word_before(const char *text, size_t start, const char *w)
{
    size_t i = start;
    while (i > 0 && text[i - 1] == ' ') i--;
    size_t e = i;
    while (i > 0 && is_alpha(text[i - 1])) i--;
    return e > i && word_is(text + i, e - i, w);
}

/* Days of a duration value ("P1M", "P3D", "P2W", "P1Y"), as [lo, hi]
 * after its mod ("just over a month": MORE_THAN). 0 if unreadable. */
static int duration_days(const td_timex *t, long *lo, long *hi)
{
    const char *v = t->value;
    if (v[0] != 'P' || v[1] < '0' || v[1] > '9') return 0;
    long n = 0;
    size_t i = 1;
    while (v[i] >= '0' && v[i] <= '9' && n < 100000) n = n * 10 + (v[i++] - '0');
    double per;
    switch (v[i]) {
    case 'D': per = 1; break;
    case 'W': per = 7; break;
    case 'M': per = 30.44; break;
    case 'Y': per = 365.25; break;
    default: return 0;
    }
    if (v[i + 1] != '\0' || n > 50) return 0;
    double x = n * per, a = x, b = x;
    if (strcmp(t->mod, "MORE_THAN") == 0 || strcmp(t->mod, "EQUAL_OR_MORE") == 0) b = x * 1.25;
    else if (strcmp(t->mod, "LESS_THAN") == 0 || strcmp(t->mod, "EQUAL_OR_LESS") == 0) a = x * 0.7;
    else a = x * 0.9, b = x * 1.1;
    *lo = (long)floor(a), *hi = (long)ceil(b);
    return 1;
}

/* Index of the DATE expression with a month (or day) that a duration at
 * tx[k] counts from: "<duration> after ... <date>" in one sentence. */
static size_t duration_base(const char *text, size_t len, const td_timex *tx, size_t n, size_t k)
{
    const td_timex *t = &tx[k];
    size_t i = t->end;
    while (i < len && (text[i] == ' ')) i++;
    if (!(i + 5 <= len && word_is(text + i, 5, "after") && (i + 5 == len || !is_alpha(text[i + 5]))))
        return n;
    for (size_t j = k + 1; j < n && tx[j].start < t->end + 200; j++) {
        if (!same_sentence(text, t->end, tx[j].start)) return n;
        if (tx[j].type != TD_TIMEX_DATE) continue;
        td_timex_value v;
        if (read_value(tx[j].value, &v) && v.precision >= TD_TIMEX_PREC_MONTH &&
            v.precision != TD_TIMEX_PREC_WEEK)
            return j;
    }
    return n;
}

/* Whether "this year" / "earlier this year" / "earlier in the year"
 * stands within 400 bytes before an expression at start (or in its
 * sentence): a yearless month then falls in the article's own year. */
static int this_year_before(const char *text, const td_timex *tx, size_t k)
{
    for (size_t j = k; j-- > 0;) {
        if (tx[k].start - tx[j].end > 400) break;
        const td_timex *u = &tx[j];
        if (u->type == TD_TIMEX_DATE && strcmp(u->value, "XXXX") == 0 &&
            u->rel.kind == TD_TIMEX_REL_SHIFT && u->rel.unit == TD_TIMEX_U_YEAR && u->rel.shift == 0)
            return 1;
    }
    (void)text;
    return 0;
}

static void from_absolute(td_datefer_evidence *ev, const char *text, const td_timex *t,
                          const td_timex_value *v, int tense, int is_base)
{
    int ahead = tense > 0;
    long a, b;
    td_timex_value_span(v, &a, &b);
    char why[80];
    td_datefer_con *c;
    if (ahead) {
        quote(why, sizeof why, "looks ahead to", text, t->start, t->end);
        add_range(ev, TD_DATEFER_OPEN_LO, b, W_FUTURE, TD_DATEFER_SRC_TEXT, why);
        if (v->precision >= TD_TIMEX_PREC_MONTH && (c = add_range(ev, a - 92, b, W_AHEAD,
                                                              TD_DATEFER_SRC_TEXT, why)))
            c->group = G_FUTURE;
        return;
    }
    quote(why, sizeof why, "after", text, t->start, t->end);
    double w = v->precision >= TD_TIMEX_PREC_DAY     ? W_PAST_DAY
               : v->precision >= TD_TIMEX_PREC_MONTH ? W_PAST_MONTH
               : v->precision >= TD_TIMEX_PREC_YEAR  ? W_PAST_PERIOD
                                                : W_PAST_OLD;
    if (tense == 0) {
        /* nothing says which way: after it, most likely, yet it may lie
         * just ahead ("the meeting on Nov. 13") */
        w /= 2;
        td_datefer_con *f;
        quote(why, sizeof why, "after, or just before,", text, t->start, t->end);
        if (v->precision >= TD_TIMEX_PREC_MONTH &&
            (f = add_range(ev, a - 92, b, W_AHEAD / 2, TD_DATEFER_SRC_TEXT, why)))
            f->group = G_FUTURE;
    }
    add_range(ev, a, TD_DATEFER_OPEN_HI, w, TD_DATEFER_SRC_TEXT, why);
    if (word_before(text, t->start, "since") || is_base) return; /* as from_yearless */
    if (v->precision == TD_TIMEX_PREC_QUARTER || v->precision == TD_TIMEX_PREC_HALF) {
        /* a quarter's results are reported once it is over */
        quote(why, sizeof why, "reported after", text, t->start, t->end);
        if ((c = add_range(ev, b + 1, b + 92, W_DAY7, TD_DATEFER_SRC_TEXT, why))) c->group = G_QUARTER;
    }
    /* a year named in a clause that does not say it is past is as often
     * a target ("by 1992", "notes of 1995") as the article's own year */
    if (tense == 0 && v->precision < TD_TIMEX_PREC_MONTH) return;
    quote(why, sizeof why, "soon after", text, t->start, t->end);
    add_recency_range(ev, a, b, v->precision, why);
}

static void from_yearless(td_datefer_evidence *ev, const char *text, const td_timex *tx, size_t k,
                          const td_timex_value *v, int ahead, int is_base)
{
    const td_timex *t = &tx[k];
    int m0, nm;
    period_months(v, &m0, &nm);
    int d0 = v->precision >= TD_TIMEX_PREC_DAY ? v->d : 1;
    /* the period's length in days, in a common year (Feb 29 is rare) */
    long len = 0;
    for (int m = 0; m < nm; m++) len += td_days_in_month(2001, (m0 - 1 + m) % 12 + 1);
    len = len ? len - 1 : 0;
    int wday = v->precision >= TD_TIMEX_PREC_DAY ? t->weekday : 0;
    char why[80];
    td_datefer_con *c;
    if (wday) {
        quote(why, sizeof why, "weekday and date", text, t->start, t->end);
        if (ahead) add_yearly(ev, m0, d0, wday, -366, 0, 0, W_WDAY_PAIR, why);
        else add_yearly(ev, m0, d0, wday, 0, 366, 0, W_WDAY_PAIR, why);
    }
    if (ahead || t->rel.dir == TD_TIMEX_DIR_ON_AFTER || t->rel.dir == TD_TIMEX_DIR_NEXT ||
        t->rel.dir == TD_TIMEX_DIR_AFTER || t->rel.dir == TD_TIMEX_DIR_QUARTER_AHEAD) {
        quote(why, sizeof why, "shortly before", text, t->start, t->end);
        if ((c = add_yearly(ev, m0, d0, wday, -92, len, 0, W_AHEAD, why))) c->group = G_FUTURE;
        return;
    }
    if (t->rel.dir == TD_TIMEX_DIR_PREV || t->rel.dir == TD_TIMEX_DIR_BEFORE) {
        quote(why, sizeof why, "within a year after", text, t->start, t->end);
        add_yearly(ev, m0, d0, wday, len + 1, len + 366, 0, W_LAST_PERIOD, why);
    } else if (this_year_before(text, tx, k)) {
        /* and over: "earlier this year" is not said within the month */
        quote(why, sizeof why, "this year, after", text, t->start, t->end);
        add_yearly(ev, m0, d0, wday, len + 1, 366, 1, W_SAME_YEAR, why);
    }
    /* "since January" is a period up to now; the date a duration counts
     * from ("a month after April 13") gives way to the later happening */
    if (word_before(text, t->start, "since") || is_base) return;
    if (v->precision == TD_TIMEX_PREC_QUARTER || v->precision == TD_TIMEX_PREC_HALF) {
        quote(why, sizeof why, "reported after", text, t->start, t->end);
        if ((c = add_yearly(ev, m0, d0, 0, len + 1, len + 92, 0, W_DAY7, why))) c->group = G_QUARTER;
    }
    quote(why, sizeof why, "soon after", text, t->start, t->end);
    add_recency_yearly(ev, m0, d0, wday, 0, len, v->precision, why);
}

static void from_weekday(td_datefer_evidence *ev, const char *text, const td_timex *t, int ahead)
{
    int wd = t->rel.weekday;
    if (wd < 1 || wd > 7 || t->type != TD_TIMEX_DATE) return;
    if (t->rel.dir != TD_TIMEX_DIR_ON_BEFORE || ahead) return;
    /* "said Monday": a report of that day, or of the day after */
    char why[80];
    quote(why, sizeof why, "on or the day after", text, t->start, t->end);
    td_datefer_con *c = td_datefer_add(ev, TD_DATEFER_WEEKDAY, 0, 0, W_WDAY_SAME,
                                       TD_DATEFER_SRC_TEXT, why);
    if (c) c->wdmask = 1 << (wd - 1);
    c = td_datefer_add(ev, TD_DATEFER_WEEKDAY, 0, 0, W_WDAY_NEXT, TD_DATEFER_SRC_TEXT, why);
    if (c) c->wdmask = 1 << (wd - 1) | 1 << (wd % 7);
}

int td_datefer_from_timexes(td_datefer_evidence *ev, const char *text, size_t len,
                            const td_timex *tx, size_t n)
{
    if (!ev || (!text && len) || (!tx && n)) return TD_DATEFER_EINPUT;
    size_t base = n; /* the date the last "<duration> after" counts from */
    for (size_t k = 0; k < n; k++) {
        const td_timex *t = &tx[k];
        if (t->end > len || t->start > t->end) continue;
        size_t first = ev->n;
        int tense = clause_tense(text, len, t->start, t->end), ahead = tense > 0;
        if (t->type == TD_TIMEX_DURATION) {
            size_t j = duration_base(text, len, tx, n, k);
            long dlo, dhi;
            td_timex_value v;
            if (j < n && duration_days(t, &dlo, &dhi) && read_value(tx[j].value, &v) && !ahead) {
                base = j;
                char why[80];
                quote(why, sizeof why, "happened", text, t->start, tx[j].end);
                if (v.known) {
                    long a, b;
                    td_timex_value_span(&v, &a, &b);
                    add_range(ev, a + dlo, TD_DATEFER_OPEN_HI, W_PAST_DAY, TD_DATEFER_SRC_TEXT, why);
                    add_recency_range(ev, a + dlo, b + dhi, TD_TIMEX_PREC_DAY, why);
                } else {
                    int m0, nm;
                    period_months(&v, &m0, &nm);
                    int d0 = v.precision >= TD_TIMEX_PREC_DAY ? v.d : 1;
                    long span =
                        v.precision >= TD_TIMEX_PREC_DAY ? 0 : td_days_in_month(2001, m0) - 1;
                    add_recency_yearly(ev, m0, d0, 0, dlo, span + dhi, TD_TIMEX_PREC_DAY, why);
                }
                mark_span(ev, first, t->start, tx[j].end);
            }
            continue;
        }
        if (t->type != TD_TIMEX_DATE && t->type != TD_TIMEX_TIME) continue;
        if (t->rel.kind == TD_TIMEX_REL_WEEKDAY) {
            from_weekday(ev, text, t, ahead);
        } else {
            td_timex_value v;
            if (!read_value(t->value, &v)) continue;
            if (v.known && !t->relative) from_absolute(ev, text, t, &v, tense, k == base);
            else if (!v.known && t->rel.kind == TD_TIMEX_REL_YEARLESS &&
                     v.precision >= TD_TIMEX_PREC_QUARTER &&
                     v.precision != TD_TIMEX_PREC_WEEK)
                from_yearless(ev, text, tx, k, &v, ahead, k == base);
        }
        mark_span(ev, first, t->start, t->end);
    }
    return TD_DATEFER_OK;
}

int td_datefer_from_text(td_datefer_evidence *ev, const char *text, size_t len)
{
    td_timex *tx = malloc(MAXTX * sizeof *tx);
    if (!tx) return TD_DATEFER_ENOMEM;
    size_t n = 0;
    td_timex_find(text, len, NULL, tx, MAXTX, &n);
    int rc = td_datefer_from_timexes(ev, text, len, tx, n);
    free(tx);
    return rc;
}

/* ---- Tenures ------------------------------------------------------------ */

static int role_eq(const char *a, const char *b)
{
    if (!a || !b) return 0;
    for (; *a && *b; a++, b++)
        if ((*a | 0x20) != (*b | 0x20)) return 0;
    return *a == *b;
}

/* Whether the KB's role names the title's role with its qualifier
 * ("acting special envoy" for an acting "special envoy"). */
static int role_matches(const char *office, const char *role, int flags)
{
    if (role_eq(office, role)) return 1;
    char q[96];
    if (flags & TD_ROLE_ACTING) {
        snprintf(q, sizeof q, "acting %s", role);
        if (role_eq(office, q)) return 1;
    }
    if (flags & TD_ROLE_DEPUTY) {
        snprintf(q, sizeof q, "deputy %s", role);
        if (role_eq(office, q)) return 1;
    }
    return 0;
}

int td_datefer_add_tenure(td_datefer_evidence *ev, const td_kb_office *offices, uint32_t n,
                          const char *role, const char *country, int flags, const char *who,
                          size_t start, size_t end)
{
    if (!ev || !offices || !role) return 0;
    int added = 0;
    size_t first = ev->n;
    /* several matching tenures (a second term) are alternatives; each
     * call is its own group, told apart by its place in ev */
    int alts = 0;
    for (uint32_t k = 0; k < n; k++)
        if (role_matches(offices[k].role, role, flags) &&
            (!country || !*country || !offices[k].country[0] ||
             strcmp(country, offices[k].country) == 0))
            alts++;
    for (uint32_t k = 0; k < n; k++) {
        const td_kb_office *o = &offices[k];
        if (!role_matches(o->role, role, flags)) continue;
        if (country && *country && o->country[0] && strcmp(country, o->country) != 0) continue;
        long a = TD_DATEFER_OPEN_LO, b = TD_DATEFER_OPEN_HI, x;
        if (o->start[0] && !parse_span(o->start, strlen(o->start), &a, &x)) continue;
        if (o->end[0] && !parse_span(o->end, strlen(o->end), &x, &b)) continue;
        char why[80];
        td_datefer_con *c;
        if (flags & TD_ROLE_FORMER) {
            if (b == TD_DATEFER_OPEN_HI) continue; /* still in office by the KB */
            snprintf(why, sizeof why, "former %s %s: after %s", role, who ? who : "", o->end);
            c = add_range(ev, b + 1, TD_DATEFER_OPEN_HI, W_FORMER, TD_DATEFER_SRC_OFFICE, why);
        } else if (alts > 1) {
            snprintf(why, sizeof why, "%s %s: %s to %s", role, who ? who : "", o->start,
                     o->end[0] ? o->end : "now");
            c = add_range(ev, a, b, W_TENURE, TD_DATEFER_SRC_OFFICE, why);
        } else {
            /* no one is called minister before taking office, but outlets
             * may keep an old title for a while after: the end is weaker */
            snprintf(why, sizeof why, "%s %s: from %s", role, who ? who : "", o->start);
            c = add_range(ev, a, TD_DATEFER_OPEN_HI, W_TENURE, TD_DATEFER_SRC_OFFICE, why);
            if (b == TD_DATEFER_OPEN_HI && c) {
                /* in office by the KB: tenures seldom last over six years */
                snprintf(why, sizeof why, "%s %s: within six years of %s", role, who ? who : "",
                         o->start);
                add_range(ev, a, a + 6 * 366, W_OPEN_TENURE, TD_DATEFER_SRC_OFFICE, why);
            }
            if (b != TD_DATEFER_OPEN_HI) {
                snprintf(why, sizeof why, "%s %s: until %s", role, who ? who : "", o->end);
                c = add_range(ev, TD_DATEFER_OPEN_LO, b, W_TENURE_END, TD_DATEFER_SRC_OFFICE, why);
            }
        }
        if (c) {
            if (alts > 1 && !(flags & TD_ROLE_FORMER)) c->group = G_TENURE + 2 * (int)first;
            added = 1;
        }
        if (flags & TD_ROLE_FORMER) break; /* after the first tenure ended is enough */
    }
    mark_span(ev, first, start, end);
    return added;
}

/* ---- Inference ---------------------------------------------------------- */

/* Whether day z lies in a constraint's set. */
static int holds(const td_datefer_con *c, long z)
{
    switch (c->kind) {
    case TD_DATEFER_RANGE:
        return z >= c->lo && z <= c->hi;
    case TD_DATEFER_WEEKDAY:
        return (c->wdmask >> (td_weekday_of(z) - 1)) & 1;
    case TD_DATEFER_YEARLY: {
        int y, m, d;
        td_civil_from_days(z, &y, &m, &d);
        for (int yy = y - 2 - (int)(c->hi / 366); yy <= y + 2 + (int)(-c->lo / 366); yy++) {
            if (c->day > td_days_in_month(yy, c->month)) continue;
            long base = td_days_from_civil(yy, c->month, c->day);
            if (c->wday && td_weekday_of(base) != c->wday) continue;
            long hi = base + c->hi;
            if (c->same_year) {
                long dec31 = td_days_from_civil(yy, 12, 31);
                if (hi > dec31) hi = dec31;
            }
            if (z >= base + c->lo && z <= hi) return 1;
        }
        return 0;
    }
    }
    return 0;
}

/* The score of a day is a sum of constraint weights that changes only
 * where some constraint's set of days begins or ends, less a prior that
 * falls steadily, plus weekday weights. Rather than score every day of a
 * window of up to eighty years, the window is cut into segments over
 * which the summed weights are constant, and maxima, stretches and score
 * mass are found per segment.
 *
 * The summed weights are built exactly as a day-by-day difference array
 * over the window would build them, operation for operation, so that each
 * day's score, and so every comparison and tie, is bit for bit what the
 * day-by-day loop computed: a marked run of days adds w at its start,
 * takes it away after its end, and on each day inside it takes w away and
 * adds it back (not a no-op in floating point where earlier constraints
 * left a step). */

typedef struct df_run {
    long s, e; /* days of the window, inclusive */
} df_run;

typedef struct df_steps {
    long *pos;     /* sorted days where the summed weights step */
    double *val;   /* by how much, as the difference array holds it */
    size_t n, cap;
    long *tpos;    /* scratch of the same capacity, for merging */
    double *tval;
} df_steps;

typedef struct df_seg {
    long s, e;  /* days of the window, inclusive */
    double run; /* the summed weights over it */
} df_seg;

/* How a day is scored: window start, and the weekday weights added
 * (none in the first pass). */
typedef struct df_scorer {
    long lo;
    const double *wdw; /* weekday weights in constraint order */
    const int *wdm;    /* their masks */
    size_t nwd;
    long period;       /* 7 with weekday weights, else 1 */
} df_scorer;

static double day_score(const df_scorer *f, long i, double run)
{
    double s = run;
    s -= EARLIER * (double)i / 365.25;
    if (f->nwd) {
        int bit = 1 << (td_weekday_of(f->lo + i) - 1);
        for (size_t k = 0; k < f->nwd; k++)
            if (f->wdm[k] & bit) s += f->wdw[k];
    }
    return s;
}

static int runs_push(df_run **r, size_t *n, size_t *cap, long s, long e)
{
    if (*n == *cap) {
        size_t nc = *cap ? 2 * *cap : 64;
        df_run *p = realloc(*r, nc * sizeof *p);
        if (!p) return 0;
        *r = p, *cap = nc;
    }
    (*r)[(*n)++] = (df_run){s, e};
    return 1;
}

/* Appends the runs of window days [0, L) that a constraint holds on (as
 * mark_days did: years y0..y1 are the window's). Returns 0 out of memory. */
static int con_runs(const td_datefer_con *c, long lo, long L, int y0, int y1, df_run **r,
                    size_t *n, size_t *cap)
{
    if (c->kind == TD_DATEFER_RANGE) {
        long a = c->lo == TD_DATEFER_OPEN_LO ? 0 : (long)c->lo - lo;
        long b = c->hi == TD_DATEFER_OPEN_HI ? L - 1 : (long)c->hi - lo;
        if (a < 0) a = 0;
        if (b >= L) b = L - 1;
        return a > b || runs_push(r, n, cap, a, b);
    }
    if (c->kind == TD_DATEFER_WEEKDAY) {
        long s = -1;
        for (long i = 0; i <= L; i++) {
            int on = i < L && ((c->wdmask >> (td_weekday_of(lo + i) - 1)) & 1);
            if (on && s < 0) s = i;
            if (!on && s >= 0) {
                if (!runs_push(r, n, cap, s, i - 1)) return 0;
                s = -1;
            }
        }
        return 1;
    }
    if (c->kind != TD_DATEFER_YEARLY || c->month < 1 || c->month > 12 || c->day < 1 ||
        c->day > 31)
        return 1;
    for (int y = y0 - 2 - (int)(c->hi / 366); y <= y1 + 2 + (int)(-c->lo / 366); y++) {
        if (c->day > td_days_in_month(y, c->month)) continue;
        long base = td_days_from_civil(y, c->month, c->day);
        if (c->wday && td_weekday_of(base) != c->wday) continue;
        long a = base + c->lo - lo, b = base + c->hi - lo;
        if (c->same_year) {
            long dec31 = td_days_from_civil(y, 12, 31) - lo;
            if (b > dec31) b = dec31;
        }
        if (a < 0) a = 0;
        if (b >= L) b = L - 1;
        if (a <= b && !runs_push(r, n, cap, a, b)) return 0;
    }
    return 1;
}

static int run_cmp(const void *a, const void *b)
{
    const df_run *x = a, *y = b;
    return x->s < y->s ? -1 : x->s > y->s;
}

/* Sorts runs and merges those that overlap or touch: the days a mark
 * array would hold, as maximal runs. Returns the new count. */
static size_t runs_union(df_run *r, size_t n)
{
    if (n < 2) return n;
    qsort(r, n, sizeof *r, run_cmp);
    size_t o = 0;
    for (size_t k = 1; k < n; k++) {
        if (r[k].s <= r[o].e + 1) {
            if (r[k].e > r[o].e) r[o].e = r[k].e;
        } else {
            r[++o] = r[k];
        }
    }
    return o + 1;
}

static int steps_reserve(df_steps *st, size_t need)
{
    if (need <= st->cap) return 1;
    size_t nc = st->cap ? st->cap : 64;
    while (nc < need) nc *= 2;
    long *p = realloc(st->pos, nc * sizeof *p), *tp;
    if (p) st->pos = p;
    double *v = realloc(st->val, nc * sizeof *v), *tv;
    if (v) st->val = v;
    tp = realloc(st->tpos, nc * sizeof *tp);
    if (tp) st->tpos = tp;
    tv = realloc(st->tval, nc * sizeof *tv);
    if (tv) st->tval = tv;
    if (!p || !v || !tp || !tv) return 0;
    st->cap = nc;
    return 1;
}

/* Adds w over disjoint, sorted runs of days of a window of L days, as the
 * difference array did: at each start, and taken away after each end;
 * with inner, also the take-away-and-add-back on each day inside (only
 * steps already there can change). */
static int steps_add(df_steps *st, const df_run *r, size_t nr, double w, int inner, long L)
{
    if (!steps_reserve(st, st->n + 2 * nr)) return 0;
    size_t i = 0, o = 0;
    for (size_t k = 0; k < nr; k++) {
        long s = r[k].s, e = r[k].e;
        while (i < st->n && st->pos[i] < s) st->tpos[o] = st->pos[i], st->tval[o++] = st->val[i++];
        double v = 0;
        if (i < st->n && st->pos[i] == s) v = st->val[i++];
        st->tpos[o] = s, st->tval[o++] = v + w;
        for (; i < st->n && st->pos[i] <= e; i++) {
            v = st->val[i];
            if (inner) v = v - w + w;
            st->tpos[o] = st->pos[i], st->tval[o++] = v;
        }
        if (e + 1 < L) { /* diff[L] is never read */
            v = 0;
            if (i < st->n && st->pos[i] == e + 1) v = st->val[i++];
            st->tpos[o] = e + 1, st->tval[o++] = v - w;
        }
    }
    while (i < st->n) st->tpos[o] = st->pos[i], st->tval[o++] = st->val[i++];
    long *tp = st->pos;
    double *tv = st->val;
    st->pos = st->tpos, st->val = st->tval, st->tpos = tp, st->tval = tv;
    st->n = o;
    return 1;
}

/* The days of [s, e] (run r) scoring above thr, as first and last; 0 if
 * none. Days of one weekday fall with the prior, so each weekday's days
 * above thr are a prefix of them, found by bisection; and as some weekday
 * has a day in every seven, the days found lie at most seven apart. */
static int seg_near(const df_scorer *f, long s, long e, double r, double thr, long *first,
                    long *last)
{
    int any = 0;
    for (long c = 0; c < f->period && s + c <= e; c++) {
        long d0 = s + c;
        if (!(day_score(f, d0, r) > thr)) continue;
        long a = 0, b = (e - d0) / f->period;
        while (a < b) {
            long m = a + (b - a + 1) / 2;
            if (day_score(f, d0 + f->period * m, r) > thr) a = m;
            else b = m - 1;
        }
        if (!any) *first = d0;
        if (!any || d0 + f->period * a > *last) *last = d0 + f->period * a;
        any = 1;
    }
    return any;
}

/* The stretch around top (in segment jt) of days scoring above thr,
 * merged across gaps of up to CLUSTER_GAP days, within [wa, wb]: what
 * walking day by day from top each way finds. */
static void stretch(const df_scorer *f, const df_seg *sg, size_t nseg, size_t jt, long top,
                    double thr, long wa, long wb, long *rs, long *re)
{
    long first, last;
    *rs = *re = top;
    long e = sg[jt].e < wb ? sg[jt].e : wb;
    if (seg_near(f, top, e, sg[jt].run, thr, &first, &last)) *re = last;
    for (size_t j = jt + 1; j < nseg && sg[j].s <= wb; j++) {
        if (sg[j].s > *re + CLUSTER_GAP) break;
        e = sg[j].e < wb ? sg[j].e : wb;
        if (seg_near(f, sg[j].s, e, sg[j].run, thr, &first, &last) &&
            first <= *re + CLUSTER_GAP)
            *re = last;
    }
    long s = sg[jt].s > wa ? sg[jt].s : wa;
    if (s < top && seg_near(f, s, top - 1, sg[jt].run, thr, &first, &last) &&
        last >= *rs - CLUSTER_GAP)
        *rs = first;
    for (size_t j = jt; j-- > 0 && sg[j].e >= wa;) {
        if (sg[j].e < *rs - CLUSTER_GAP) break;
        s = sg[j].s > wa ? sg[j].s : wa;
        if (seg_near(f, s, sg[j].e, sg[j].run, thr, &first, &last) &&
            last >= *rs - CLUSTER_GAP)
            *rs = first;
    }
}

/* Adds exp(score - best) over days [a, b] of the window to *sum, day
 * after day in order as the day-by-day loop did: the sum's rounding
 * depends on its order, and the confidence is stored to the last bit.
 * A segment whose largest term is zero, or under half a unit in the last
 * place of the sum so far, cannot move it and is passed over. *j is a
 * cursor into the segments, moved forward. */
static void mass_add(const df_scorer *f, const df_seg *sg, size_t nseg, size_t *j, long a,
                     long b, double best, double *sum)
{
    while (*j < nseg && sg[*j].e < a) (*j)++;
    for (size_t k = *j; k < nseg && sg[k].s <= b; k++) {
        long s = sg[k].s > a ? sg[k].s : a, e = sg[k].e < b ? sg[k].e : b;
        double r = sg[k].run, hi = day_score(f, s, r);
        for (long c = 1; c < f->period && s + c <= e; c++) {
            double v = day_score(f, s + c, r);
            if (v > hi) hi = v;
        }
        double tmax = exp(hi - best);
        if (tmax == 0 || (*sum > 0 && 2 * tmax < nextafter(*sum, INFINITY) - *sum)) continue;
        for (long i = s; i <= e; i++) *sum += exp(day_score(f, i, r) - best);
    }
}

static void explain(td_datefer_evidence *ev, td_datefer_result *res, long w0, long L)
{
    /* the strongest informative reasons used, then those dropped: a
     * constraint every day of the window satisfies explains nothing */
    char *p = res->why;
    size_t cap = sizeof res->why;
    p[0] = '\0';
    for (int pass = 0; pass < 2; pass++) {
        int shown = 0;
        char taken[TD_DATEFER_MAXCON] = {0};
        while (shown < (pass ? 2 : 4)) {
            int best = -1;
            for (size_t k = 0; k < ev->n; k++) {
                const td_datefer_con *c = &ev->con[k];
                if (taken[k] || c->state != (pass ? TD_DATEFER_DROPPED : TD_DATEFER_USED)) continue;
                if (c->kind == TD_DATEFER_RANGE && c->lo <= w0 && c->hi >= w0 + L - 1) continue;
                if (best < 0 || c->weight > ev->con[best].weight) best = (int)k;
            }
            if (best < 0) break;
            taken[best] = 1;
            /* one reason per sentence of evidence: skip repeats */
            int dup = 0;
            if (strstr(res->why, ev->con[best].reason)) dup = 1;
            if (!dup) {
                size_t used = strlen(p);
                snprintf(p + used, cap - used, "%s%s%s", used ? "; " : "", pass ? "dropped: " : "",
                         ev->con[best].reason);
                shown++;
            }
        }
    }
}

int td_datefer_infer(td_datefer_evidence *ev, const td_datefer_opts *opts, td_datefer_result *res)
{
    memset(res, 0, sizeof *res);
    res->inferred = 1;
    if (!ev) return TD_DATEFER_EINPUT;
    double margin = opts && opts->margin > 0 ? opts->margin : 2.0;

    /* the window: around every finite bound a RANGE gives, or, with
     * none, a stretch of 28 years (weekdays repeat) for a yearless result */
    long lo = 0, hi = 0, hard_hi = TD_DATEFER_OPEN_HI, hard_lo = TD_DATEFER_OPEN_LO;
    int any = 0;
    for (size_t k = 0; k < ev->n; k++) {
        const td_datefer_con *c = &ev->con[k];
        if (c->kind != TD_DATEFER_RANGE) continue;
        if (c->weight >= TD_DATEFER_HARD) {
            if (c->hi < hard_hi) hard_hi = c->hi;
            if (c->lo > hard_lo) hard_lo = c->lo;
        }
        long v[2] = {c->lo, c->hi};
        for (int i = 0; i < 2; i++) {
            if (v[i] == TD_DATEFER_OPEN_LO || v[i] == TD_DATEFER_OPEN_HI) continue;
            if (!any || v[i] < lo) lo = v[i];
            if (!any || v[i] > hi) hi = v[i];
            any = 1;
        }
    }
    int year_known = any;
    if (any) {
        /* before the earliest bound a little; after the latest, far:
         * news names old years, and the present may be decades on */
        lo -= 400, hi += 30 * 366L;
        if (hard_hi != TD_DATEFER_OPEN_HI && hi > hard_hi) hi = hard_hi;
        if (hard_lo != TD_DATEFER_OPEN_LO && lo < hard_lo) lo = hard_lo;
        if (hi - lo > TD_DATEFER_MAXYEARS * 366L) lo = hi - TD_DATEFER_MAXYEARS * 366L;
        if (lo > hi) lo = hi;
    } else {
        lo = td_days_from_civil(2001, 1, 1), hi = td_days_from_civil(2028, 12, 31);
    }
    long L = hi - lo + 1;
    int y0, y1, m_, d_;
    td_civil_from_days(lo, &y0, &m_, &d_);
    td_civil_from_days(hi, &y1, &m_, &d_);

    /* constraints on their own step at their ends; a group's days are
     * the union of its members', weighed once */
    df_steps st = {0};
    df_run *runs = NULL;
    df_seg *sg = NULL;
    size_t nr = 0, rcap = 0, nseg = 0;
    double wdw[TD_DATEFER_MAXCON];
    int wdm[TD_DATEFER_MAXCON];
    size_t nwd = 0;
    int rc = TD_DATEFER_ENOMEM;
    for (size_t k = 0; k < ev->n; k++) {
        const td_datefer_con *c = &ev->con[k];
        nr = 0;
        if (c->group) {
            int seen = 0;
            for (size_t j = 0; j < k && !seen; j++) seen = ev->con[j].group == c->group;
            if (seen) continue;
            double w = 0;
            for (size_t j = k; j < ev->n; j++) {
                const td_datefer_con *g = &ev->con[j];
                if (g->group != c->group) continue;
                if (g->weight > w) w = g->weight;
                if (!con_runs(g, lo, L, y0, y1, &runs, &nr, &rcap)) goto out;
            }
            nr = runs_union(runs, nr);
            if (!steps_add(&st, runs, nr, w, 1, L)) goto out;
        } else if (c->kind == TD_DATEFER_RANGE) {
            if (!con_runs(c, lo, L, y0, y1, &runs, &nr, &rcap) ||
                !steps_add(&st, runs, nr, c->weight, 0, L))
                goto out;
        } else if (c->kind == TD_DATEFER_YEARLY) {
            if (!con_runs(c, lo, L, y0, y1, &runs, &nr, &rcap)) goto out;
            nr = runs_union(runs, nr);
            if (!steps_add(&st, runs, nr, c->weight, 1, L)) goto out;
        } else if (c->kind == TD_DATEFER_WEEKDAY) {
            wdw[nwd] = c->weight, wdm[nwd++] = c->wdmask;
        }
    }
    /* the running sum, segment by segment (adding a zero changes nothing,
     * so skipping the days between steps keeps it exact) */
    sg = malloc((st.n + 1) * sizeof *sg);
    if (!sg) goto out;
    double run = 0;
    long from = 0;
    for (size_t j = 0; j < st.n; j++) {
        if (st.pos[j] > from) sg[nseg++] = (df_seg){from, st.pos[j] - 1, run}, from = st.pos[j];
        run += st.val[j];
    }
    sg[nseg++] = (df_seg){from, L - 1, run};

    /* A faint prior for earlier days (day_score): evidence that says
     * "after X" and nothing more is likelier met sooner than decades on;
     * it also breaks ties between years that yearly evidence cannot.
     *
     * Weekdays speak of days within a week, never of years or months:
     * the stretch of near-best days is found without them (around the
     * first best day, merged across short gaps), widened by a week each
     * way, and only then do they rank its days. Without them a segment's
     * best day is its first. */
    df_scorer plain = {lo, wdw, wdm, 0, 1}, full = {lo, wdw, wdm, nwd, nwd ? 7 : 1};
    double best = 0;
    size_t jt = 0;
    for (size_t j = 0; j < nseg; j++) {
        double v = day_score(&plain, sg[j].s, sg[j].run);
        if (j == 0 || v > best) best = v, jt = j;
    }
    long rs, re;
    stretch(&plain, sg, nseg, jt, sg[jt].s, best - margin, 0, L - 1, &rs, &re);
    rs = rs - 7 > 0 ? rs - 7 : 0;
    re = re + 7 < L - 1 ? re + 7 : L - 1;
    /* the best day of [rs, re] is the first of its weekday in its segment */
    long top = -1;
    for (size_t j = 0; j < nseg && sg[j].s <= re; j++) {
        if (sg[j].e < rs) continue;
        long s = sg[j].s > rs ? sg[j].s : rs, e = sg[j].e < re ? sg[j].e : re;
        for (long i = s; i <= e && i < s + full.period; i++) {
            double v = day_score(&full, i, sg[j].run);
            if (top < 0 || v > best) best = v, top = i, jt = j;
        }
    }
    long bs, be;
    stretch(&full, sg, nseg, jt, top, best - margin, rs, re, &bs, &be);
    double total = 0;
    size_t j0 = 0;
    mass_add(&full, sg, nseg, &j0, 0, L - 1, best, &total);
    long anchor = top;

    res->found = ev->n > 0 && !(bs == 0 && be == L - 1);
    res->year_known = year_known;
    res->open_lo = year_known && bs <= CLUSTER_GAP;
    res->open_hi = year_known && be >= L - 1 - CLUSTER_GAP;
    double conf = 0;
    if (year_known) {
        j0 = 0;
        if (res->found) mass_add(&full, sg, nseg, &j0, bs, be, best, &conf);
        conf /= total;
        td_date_format_day(lo + bs, res->lo);
        td_date_format_day(lo + be, res->hi);
        td_date_format_day(lo + anchor, res->anchor);
    } else {
        /* month and day only: the share of mass on those days of any year */
        int ys, ms, ds, ye, me, de, ya, ma, da;
        td_civil_from_days(lo + bs, &ys, &ms, &ds);
        td_civil_from_days(lo + be, &ye, &me, &de);
        td_civil_from_days(lo + anchor, &ya, &ma, &da);
        int wrap = be - bs >= 365 ? 2 : ye != ys;
        j0 = 0;
        if (wrap != 2 && res->found) {
            for (int y = y0; y <= y1; y++) {
                /* days of year y from (ms, ds) and up to (me, de); a 29
                 * February the year lacks starts from 1 March, ends on 28
                 * February */
                long jan1 = td_days_from_civil(y, 1, 1) - lo;
                long dec31 = td_days_from_civil(y, 12, 31) - lo;
                long a = ds > td_days_in_month(y, ms) ? td_days_from_civil(y, 3, 1) - lo
                                                      : td_days_from_civil(y, ms, ds) - lo;
                long b = de > td_days_in_month(y, me) ? td_days_from_civil(y, 3, 1) - lo - 1
                                                      : td_days_from_civil(y, me, de) - lo;
                long span[2][2] = {{a, b}, {1, 0}};
                if (wrap) span[0][0] = jan1, span[0][1] = b, span[1][0] = a, span[1][1] = dec31;
                for (int h = 0; h < 2; h++) {
                    long s = span[h][0] > 0 ? span[h][0] : 0;
                    long e = span[h][1] < L - 1 ? span[h][1] : L - 1;
                    if (s <= e) mass_add(&full, sg, nseg, &j0, s, e, best, &conf);
                }
            }
        }
        conf /= total;
        snprintf(res->lo, sizeof res->lo, "XXXX-%02d-%02d", ms, ds);
        snprintf(res->hi, sizeof res->hi, "XXXX-%02d-%02d", me, de);
        snprintf(res->anchor, sizeof res->anchor, "XXXX-%02d-%02d", ma, da);
        if (wrap == 2) res->found = 0;
    }
    res->confidence = conf > 1 ? 1 : conf;
    if (!res->found) {
        res->lo[0] = res->hi[0] = res->anchor[0] = '\0';
        res->confidence = 0;
    }
    for (size_t k = 0; k < ev->n; k++) {
        td_datefer_con *c = &ev->con[k];
        c->state = holds(c, lo + anchor) ? TD_DATEFER_USED : TD_DATEFER_DROPPED;
        if (c->state == TD_DATEFER_USED) res->used++;
        else res->dropped++;
    }
    if (res->found) explain(ev, res, lo, L);
    rc = TD_DATEFER_OK;
out:
    free(st.pos), free(st.val), free(st.tpos), free(st.tval);
    free(runs), free(sg);
    return rc;
}

/* ---- Across articles ---------------------------------------------------- */

/* Days of a resolved value, or 0 when it has no calendar span. */
static int resolved_span(const char *value, long *a, long *b)
{
    td_timex_value v;
    if (!read_value(value, &v) || !v.known) return 0;
    td_timex_value_span(&v, a, b);
    return 1;
}

/* What a relative expression names when read on day z: its days [a, b],
 * or ok 0 when it names none. */
typedef struct df_named {
    int ok;
    long a, b;
} df_named;

static df_named named_on(const td_timex *t, long z)
{
    df_named v = {0, 0, 0};
    char anchor[11], value[32];
    td_date_format_day(z, anchor);
    v.ok = td_timex_resolve(t, anchor, value) == TD_TIMEX_OK && resolved_span(value, &v.a, &v.b);
    if (!v.ok) v.a = v.b = 0;
    return v;
}

static int named_same(df_named x, df_named y)
{
    return x.ok == y.ok && x.a == y.a && x.b == y.b;
}

/* The last day of [z, end] on which t names what it names on day z (v).
 * What a relative expression names moves forward as the day it is read on
 * does ("in January" read in 2024 is January 2024 or 2023, read in 2025
 * January 2025 or 2024; "last Monday" steps a week at a time): two days
 * on which it names the same thing enclose no day on which it names
 * another, so the end of the run is found by doubling and halving, in a
 * few dozen resolutions where reading every day took one each (a month
 * holds for most of a year). *next gets what it names on the day after
 * the run when that day was read on the way (else next->ok is -1). */
static long named_run(const td_timex *t, long z, long end, df_named v, df_named *next)
{
    long lo = z, hi = end + 1; /* t names v on lo; on hi (when <= end) it does not */
    next->ok = -1;
    for (long step = 1; lo + step <= end; step *= 2) {
        df_named w = named_on(t, lo + step);
        if (!named_same(w, v)) {
            hi = lo + step;
            *next = w;
            break;
        }
        lo += step;
    }
    while (hi - lo > 1) {
        long mid = lo + (hi - lo) / 2;
        df_named w = named_on(t, mid);
        if (named_same(w, v)) {
            lo = mid;
        } else {
            hi = mid;
            *next = w;
        }
    }
    return lo;
}

/* Days [s, e] from which a related expression names its happening: one
 * alternative of the disjunction of the relation added at index first. */
static void add_alternative(td_datefer_evidence *ev, long s, long e, double w, const char *why,
                            size_t first)
{
    td_datefer_con *c = add_range(ev, s, e, w, TD_DATEFER_SRC_RELATED, why);
    if (c) c->group = G_RELATED + 2 * TD_DATEFER_MAXCON + (int)first;
}

int td_datefer_tense(const char *text, size_t len, const td_timex *t)
{
    if (!text || !t || t->end > len || t->start > t->end) return 0;
    return clause_tense(text, len, t->start, t->end);
}

int td_datefer_relate(td_datefer_evidence *ev, const td_datefer_related *rel, size_t n)
{
    if (!ev || (!rel && n)) return TD_DATEFER_EINPUT;
    for (size_t k = 0; k < n; k++) {
        const td_datefer_related *r = &rel[k];
        long a, b, x;
        if (!parse_span(r->lo, strnlen(r->lo, sizeof r->lo), &a, &x) ||
            !parse_span(r->hi, strnlen(r->hi, sizeof r->hi), &x, &b) || a > b)
            return TD_DATEFER_EINPUT;
        double conf = r->confidence > 0 && r->confidence <= 1 ? r->confidence : 0.5;
        double w = W_RELATED * (0.5 + 0.5 * conf);
        size_t first = ev->n;
        char why[80];
        switch (r->kind) {
        case TD_DATEFER_SAME_STORY: {
            int g = r->gap_days > 0 ? r->gap_days : 7;
            snprintf(why, sizeof why, "same story as one of %s..%s", r->lo, r->hi);
            add_range(ev, a - g, b + g, w, TD_DATEFER_SRC_RELATED, why);
            break;
        }
        case TD_DATEFER_AFTER:
            snprintf(why, sizeof why, "after a happening of %s..%s", r->lo, r->hi);
            add_range(ev, a + 1, TD_DATEFER_OPEN_HI, w, TD_DATEFER_SRC_RELATED, why);
            break;
        case TD_DATEFER_BEFORE:
            snprintf(why, sizeof why, "before a happening of %s..%s", r->lo, r->hi);
            add_range(ev, TD_DATEFER_OPEN_LO, b - 1, w, TD_DATEFER_SRC_RELATED, why);
            break;
        case TD_DATEFER_REFERS: {
            const td_timex *t = &r->expr;
            long dlo, dhi;
            if (t->type == TD_TIMEX_DURATION) {
                if (!duration_days(t, &dlo, &dhi)) return TD_DATEFER_EINPUT;
                snprintf(why, sizeof why, "'%s' after a happening of %s..%s", t->value, r->lo, r->hi);
                add_range(ev, a + dlo, TD_DATEFER_OPEN_HI, w, TD_DATEFER_SRC_RELATED, why);
                add_range(ev, a + dlo, b + dhi + 14, w / 2, TD_DATEFER_SRC_RELATED, why);
                break;
            }
            if (!t->relative) return TD_DATEFER_EINPUT;
            /* the days from which the expression names the happening, as
             * disjoint runs of one alternative */
            snprintf(why, sizeof why, "'%s' names a happening of %s..%s", t->value, r->lo, r->hi);
            int looks_back = !(t->rel.shift > 0 || t->rel.dir > 0);
            /* A month named without a year ("back in January") is over
             * when the article is written: news calls the current month
             * "this month". Finer names ("on Jan. 9") only follow the day. */
            long after = t->rel.kind == TD_TIMEX_REL_YEARLESS && t->precision == TD_TIMEX_PREC_MONTH
                             ? b
                             : a;
            /* the days z of [a - 800, b + 800] on which t names a day of
             * the happening (and, looking back, z past after), one range
             * per stretch of such days; read a run of days at a time */
            const long end = b + 800;
            long s = -1, last = 0;
            df_named v = named_on(t, a - 800), next;
            for (long z = a - 800; z <= end;) {
                long run_end = named_run(t, z, end, v, &next);
                long from = looks_back && after + 1 > z ? after + 1 : z;
                if (v.ok && v.a <= b && v.b >= a && from <= run_end) {
                    if (s >= 0 && from != last + 1) {
                        add_alternative(ev, s, last, w, why, first);
                        s = -1;
                    }
                    if (s < 0) s = from;
                    last = run_end;
                }
                z = run_end + 1;
                if (z <= end) v = next.ok >= 0 ? next : named_on(t, z);
            }
            if (s >= 0) add_alternative(ev, s, last, w, why, first);
            break;
        }
        default:
            return TD_DATEFER_EINPUT;
        }
    }
    return TD_DATEFER_OK;
}

int td_datefer_refine(const td_datefer_evidence *ev, const td_datefer_result *own,
                      const td_datefer_related *rel, size_t n, td_datefer_result *out)
{
    td_datefer_evidence *e = malloc(sizeof *e);
    if (!e) return TD_DATEFER_ENOMEM;
    if (ev) {
        memcpy(e, ev, sizeof *e);
    } else {
        td_datefer_init(e);
        if (own && own->found && own->year_known) {
            double c = own->confidence < 0.5 ? 0.5 : own->confidence > 0.98 ? 0.98 : own->confidence;
            td_datefer_add_dates(e, own->lo, own->hi, log(c / (1 - c)) + 1, TD_DATEFER_SRC_CALLER,
                                 "its own inferred interval");
        }
    }
    int rc = td_datefer_relate(e, rel, n);
    if (rc == TD_DATEFER_OK) rc = td_datefer_infer(e, NULL, out);
    free(e);
    return rc;
}

/* ---- Re-anchoring ------------------------------------------------------- */

static int full_anchor(const td_datefer_result *res)
{
    return res && res->found && res->year_known && res->anchor[0] >= '0' && res->anchor[0] <= '9';
}

int td_datefer_reanchor(const char *text, size_t len, const td_datefer_result *res, td_timex *out,
                        size_t max, size_t *n)
{
    *n = 0;
    if (!full_anchor(res)) return TD_TIMEX_EANCHOR;
    return td_timex_find(text, len, res->anchor, out, max, n);
}

int td_datefer_resolve_stable(td_timex *tx, size_t n, const td_datefer_result *res)
{
    if (!res || !res->found || !res->year_known || res->lo[0] < '0' || res->lo[0] > '9' ||
        res->hi[0] < '0' || res->hi[0] > '9')
        return TD_TIMEX_EANCHOR;
    for (size_t k = 0; k < n; k++) {
        if (!tx[k].relative || tx[k].anchored) continue;
        /* Every recipe moves forward with its anchor (nearest, latest
         * before, first after, shifted by a fixed amount), so a value
         * that is the same at both ends is the same in between. */
        char v1[32], v2[32];
        if (td_timex_resolve(&tx[k], res->lo, v1) != TD_TIMEX_OK ||
            td_timex_resolve(&tx[k], res->hi, v2) != TD_TIMEX_OK || strcmp(v1, v2))
            continue;
        memcpy(tx[k].value, v1, sizeof v1);
        tx[k].anchored = 1;
    }
    /* A month (or day) named again without a year is, in one article, the
     * one named before: "a prisoner exchange last September" then "the
     * prisoner exchange in September". */
    for (size_t k = 1; k < n; k++) {
        td_timex *t = &tx[k];
        size_t len = strlen(t->value);
        if (t->anchored || t->rel.kind != TD_TIMEX_REL_YEARLESS || len < 7 ||
            memcmp(t->value, "XXXX-", 5) || t->value[5] < '0' || t->value[5] > '9')
            continue;
        for (size_t j = k; j-- > 0;) {
            const td_timex *e = &tx[j];
            if (e->anchored && e->type == TD_TIMEX_DATE && strlen(e->value) == len &&
                e->value[0] >= '0' && e->value[0] <= '9' &&
                !memcmp(e->value + 4, t->value + 4, len - 4)) {
                memcpy(t->value, e->value, 4);
                t->anchored = 1;
                break;
            }
        }
    }
    return TD_TIMEX_OK;
}

int td_datefer_resolve(td_timex *tx, size_t n, const td_datefer_result *res)
{
    if (!full_anchor(res)) return TD_TIMEX_EANCHOR;
    for (size_t k = 0; k < n; k++) {
        if (!tx[k].relative || tx[k].anchored) continue;
        char value[32];
        if (td_timex_resolve(&tx[k], res->anchor, value) != TD_TIMEX_OK) return TD_TIMEX_EANCHOR;
        memcpy(tx[k].value, value, sizeof value);
        tx[k].anchored = 1;
    }
    return TD_TIMEX_OK;
}
