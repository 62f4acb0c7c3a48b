/*
 * datefer.h -- inferring an article's date from what it says, when no
 * metadata gives one.
 *
 * Evidence becomes constraints, constraints become an interval:
 *
 *   evidence                          constraint on the article date D
 *   "On October 3, 2024, X reported"  D >= 2024-10-03, most likely soon after
 *   "Monday, Oct. 7" (no year)        a year in which Oct. 7 is a Monday
 *   "said Monday"                     D is a Monday, or the day after
 *   "a month after ... April 13"      a happening near May 13: D after it
 *   "Foreign Minister X"              D within X's tenure (from the KB)
 *   "former President Y"              D after Y's tenure
 *   the crawl time                    D <= it (never dropped)
 *   a related article (same story,    D within days of it, after it, before
 *   a happening it reports)           it, or where "last month" names it
 *
 * Every constraint is "D in a set of days" with a weight, the log-odds
 * that it holds. td_datefer_infer scores each day of a bounded window by
 * the weights of the constraints it satisfies, so that when constraints
 * conflict the weakest side loses (it is marked dropped, with its
 * reason); the interval is the stretch of days scoring near the best, the
 * confidence the share of the score mass (exp(score)) inside it, and the
 * anchor the best day. Yearless evidence ("October 3", "said Monday")
 * holds in some year: it is kept as a yearly pattern and pinned down once
 * other evidence (a year, a tenure) bounds the year; without any, the
 * result is yearless ("XXXX-10-03").
 *
 * The result is always an inference: callers store it marked as such and
 * never let it replace a date from metadata or from the user. Timexes
 * re-resolved against its anchor (td_datefer_reanchor) rest on it.
 *
 * Memory is bounded (a fixed number of constraints, a window of at most
 * TD_DATEFER_MAXYEARS years); time is linear in the window and the
 * constraints. No global state; thread-safe.
 */
#ifndef TD_EXTRACT_DATEFER_H
#define TD_EXTRACT_DATEFER_H

#include <stddef.h>
#include <stdint.h>

#include "extract/entity.h"
#include "extract/kb.h"
#include "extract/timex.h"

#define TD_DATEFER_MAXCON 256  /* constraints kept per article */
#define TD_DATEFER_MAXYEARS 80 /* widest window searched */

/* Status codes. */
enum { TD_DATEFER_OK = 0, TD_DATEFER_EINPUT = 1, TD_DATEFER_ENOMEM = 2 };

/* Kinds of constraint. */
enum {
    TD_DATEFER_RANGE = 1, /* lo <= D <= hi (days since 1970-01-01) */
    TD_DATEFER_YEARLY,    /* for some year Y: base(Y) + lo <= D <= base(Y) + hi,
                             base(Y) = Y-month-day (years where that day
                             does not exist, or, when wday is set, does not
                             fall on it, are skipped) */
    TD_DATEFER_WEEKDAY    /* D falls on one of the weekdays in wdmask */
};

/* What a constraint came from. */
enum {
    TD_DATEFER_SRC_TEXT = 1, /* a time expression */
    TD_DATEFER_SRC_OFFICE,   /* an office-holder's tenure */
    TD_DATEFER_SRC_CRAWL,    /* the crawl or ingest time */
    TD_DATEFER_SRC_RELATED,  /* another article */
    TD_DATEFER_SRC_CALLER    /* anything else the caller adds */
};

/* After td_datefer_infer: whether the chosen interval honours it. */
enum { TD_DATEFER_UNSEEN = 0, TD_DATEFER_USED, TD_DATEFER_DROPPED };

#define TD_DATEFER_OPEN_LO INT32_MIN
#define TD_DATEFER_OPEN_HI INT32_MAX
#define TD_DATEFER_HARD 1000.0 /* a weight no evidence outweighs */

typedef struct td_datefer_con {
    int kind;         /* TD_DATEFER_RANGE, _YEARLY, _WEEKDAY */
    int32_t lo, hi;   /* RANGE: days since 1970-01-01, inclusive, or
                         TD_DATEFER_OPEN_LO / _OPEN_HI; YEARLY: day
                         offsets from base */
    int month, day;   /* YEARLY: the yearless date of base */
    int wday;         /* YEARLY: 1..7 (Monday = 1) base must fall on, or 0 */
    int same_year;    /* YEARLY: hi is also cut at 31 December of base's
                         year ("earlier this year ... in April") */
    int wdmask;       /* WEEKDAY: bit (w - 1) for weekday w */
    int group;        /* non-zero: constraints sharing it are one
                         disjunction ("soon after some happening the
                         article reports"): a day in any of them gets the
                         group's weight once */
    double weight;    /* log-odds that it holds (TD_DATEFER_HARD: always) */
    int source;       /* TD_DATEFER_SRC_* */
    size_t start, end; /* the words it rests on, bytes into the text (0, 0
                          when none) */
    char reason[80];  /* short, for explanations and tests */
    int state;        /* set by td_datefer_infer: TD_DATEFER_USED / _DROPPED */
} td_datefer_con;

typedef struct td_datefer_evidence {
    td_datefer_con con[TD_DATEFER_MAXCON];
    size_t n;
    size_t overflow; /* constraints refused for want of room */
} td_datefer_evidence;

typedef struct td_datefer_result {
    int found;          /* 0: no evidence narrows the date (lo/hi empty) */
    int inferred;       /* always 1: the date is an inference */
    int year_known;     /* 0: only month and day are inferred, as XXXX-MM-DD */
    int open_lo, open_hi; /* that end only reached the edge of the search
                             window: nothing bounds it */
    char lo[11], hi[11];  /* YYYY-MM-DD (or XXXX-MM-DD), inclusive */
    char anchor[11];      /* the most likely day, inside [lo, hi] */
    double confidence;    /* 0..1: share of the score mass inside [lo, hi] */
    uint32_t used;        /* constraints the anchor satisfies */
    uint32_t dropped;     /* constraints the anchor violates */
    char why[320];        /* the strongest reasons used, then those dropped */
} td_datefer_result;

/* Options of td_datefer_infer (NULL: defaults). */
typedef struct td_datefer_opts {
    double margin; /* days scoring within margin of the best are in the
                      interval (0: the default, 2.0) */
} td_datefer_opts;

/* Empties ev. */
void td_datefer_init(td_datefer_evidence *ev);

/* Adds one constraint; returns a pointer to it (to set start/end or group)
 * or NULL when ev is full (counted in ev->overflow). reason may be NULL. */
td_datefer_con *td_datefer_add(td_datefer_evidence *ev, int kind, int32_t lo, int32_t hi,
                               double weight, int source, const char *reason);

/* "D within [lo, hi]" with dates as "YYYY-MM-DD" (or "YYYY-MM", "YYYY":
 * the whole month or year); NULL or "" for an open end. */
int td_datefer_add_dates(td_datefer_evidence *ev, const char *lo, const char *hi, double weight,
                         int source, const char *reason);

/* Evidence from the text. tx[0..n) are its time expressions, found by
 * td_timex_find without an anchor; text is what their offsets point
 * into. Adds constraints from explicit dates, yearless dates (with their
 * weekdays), bare weekdays, quarters, seasons, "this year" beside a
 * yearless month, and "<duration> after <date>" happenings. The clause
 * around each expression decides whether it looks back (the default in
 * news) or ahead ("will meet on", "is expected"). */
int td_datefer_from_timexes(td_datefer_evidence *ev, const char *text, size_t len,
                            const td_timex *tx, size_t n);

/* The same, scanning text itself (up to 1024 expressions). */
int td_datefer_from_text(td_datefer_evidence *ev, const char *text, size_t len);

/* A tenure: the person held offices[k] (a person's td_kb_entry.offices,
 * filtered by the caller or not) and the article calls them by role
 * (canonical, as in the titles lexicon) of country (alpha-3 or "" for
 * any). flags are the title's TD_ROLE_*: a present title puts D within
 * the tenure, TD_ROLE_FORMER after it; an "acting" or "deputy" title
 * also matches offices so qualified in the KB. Returns 1 if a matching
 * office was found and a constraint added, else 0. */
int td_datefer_add_tenure(td_datefer_evidence *ev, const td_kb_office *offices, uint32_t n,
                          const char *role, const char *country, int flags, const char *who,
                          size_t start, size_t end);

/* Tenure evidence for every title attached to a person mention that the
 * KB knows, through td_datefer_add_tenure. Returns how many were added.
 * Inline here so that datefer.c itself needs nothing of the KB's code:
 * only a caller that has titles (and so a KB) compiles it. */
static inline size_t td_datefer_offices(td_datefer_evidence *ev, const td_kb *kb,
                                        const td_mention *mentions, size_t nmentions,
                                        const td_title *titles, size_t ntitles)
{
    size_t added = 0;
    if (!ev || !kb || !mentions || !titles) return 0;
    for (size_t k = 0; k < ntitles; k++) {
        const td_title *t = &titles[k];
        if (t->mention < 0 || (size_t)t->mention >= nmentions || !t->role) continue;
        const td_mention *m = &mentions[t->mention];
        if (m->type != TD_ENT_PERSON || m->kb < 0) continue;
        const td_kb_entry *e = td_kb_entry_at(kb, (uint32_t)m->kb);
        if (!e || !e->noffices) continue;
        size_t s = t->start < m->start ? t->start : m->start;
        size_t en = t->end > m->end ? t->end : m->end;
        added += (size_t)td_datefer_add_tenure(ev, e->offices, e->noffices, t->role, t->country,
                                               t->acting, e->name, s, en);
    }
    return added;
}

/* Upper bound from the time the article was crawled or ingested
 * ("YYYY-MM-DD..."): never dropped. */
int td_datefer_add_crawl(td_datefer_evidence *ev, const char *when);

/* Combines the constraints into a result; marks each constraint USED or
 * DROPPED. Returns TD_DATEFER_OK (res->found says whether anything was
 * inferred) or TD_DATEFER_ENOMEM. */
int td_datefer_infer(td_datefer_evidence *ev, const td_datefer_opts *opts, td_datefer_result *res);

/* ---- Across articles ------------------------------------------------- */

/* How another article, or a happening it dates, relates to this one. */
enum {
    TD_DATEFER_SAME_STORY = 1, /* reports the same happening: published
                                  within gap_days of it (default 7) */
    TD_DATEFER_AFTER,          /* this article reports something after the
                                  other's happening [lo, hi] ("the first
                                  round since January"): D > lo */
    TD_DATEFER_BEFORE,         /* this article precedes it ("has not yet
                                  held a second meeting"): D < hi */
    TD_DATEFER_REFERS          /* this article names the happening [lo, hi]
                                  with the expression expr ("last month",
                                  "earlier this year", "in January", or a
                                  duration: "a month after" it) */
};

typedef struct td_datefer_related {
    int kind;           /* TD_DATEFER_SAME_STORY, ... */
    char lo[11], hi[11]; /* the other article's interval, or the happening's
                            days; YYYY-MM-DD */
    double confidence;  /* of that interval: 1 for a metadata date */
    int gap_days;       /* SAME_STORY: 0 for the default */
    td_timex expr;      /* REFERS: this article's expression (as found
                           without an anchor) */
} td_datefer_related;

/* What the clause around the expression t of text speaks of: +1 what is
 * to come ("will hold rallies in October"), -1 what happened, 0 when it
 * does not say. */
int td_datefer_tense(const char *text, size_t len, const td_timex *t);

/* Adds the constraints the relations imply to ev (weights scaled by each
 * relation's confidence). Call td_datefer_infer afterwards. */
int td_datefer_relate(td_datefer_evidence *ev, const td_datefer_related *rel, size_t n);

/* Narrows an article's result with related articles: recombines ev (the
 * article's own evidence; NULL when only its result was kept, which then
 * stands in as one constraint weighted by its confidence) with the
 * relations. ev is not changed. */
int td_datefer_refine(const td_datefer_evidence *ev, const td_datefer_result *own,
                      const td_datefer_related *rel, size_t n, td_datefer_result *out);

/* ---- Re-anchoring ---------------------------------------------------- */

/* Finds the text's time expressions again with res->anchor as the
 * anchor, so that relative values rest on the inferred date. Returns a
 * td_timex_find code, or TD_TIMEX_EANCHOR when the result has no full
 * anchor (nothing found, or the year unknown). */
int td_datefer_reanchor(const char *text, size_t len, const td_datefer_result *res, td_timex *out,
                        size_t max, size_t *n);

/* Resolves expressions already found (without an anchor) in place from
 * their recipes; marks them anchored. Same return codes. */
int td_datefer_resolve(td_timex *tx, size_t n, const td_datefer_result *res);

/* For a wide interval: resolves, in place, the expressions that name the
 * same value from every day of [res->lo, res->hi] ("in January" from
 * February to May 2024), and leaves the others unresolved. Same return
 * codes (TD_TIMEX_EANCHOR when the interval's year is unknown). */
int td_datefer_resolve_stable(td_timex *tx, size_t n, const td_datefer_result *res);

#endif
