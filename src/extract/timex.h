/*
 * timex.h -- time expressions in English news text (TimeML TIMEX3 style).
 *
 * td_timex_find scans a text once and reports every time expression with
 * its extent (byte offsets), its TIMEX3 type and its normalised value:
 *
 *   "on April 13"         DATE      2024-04-13   (year from the anchor)
 *   "Monday"              DATE      2024-05-13   (the Monday of or before)
 *   "last week"           DATE      2024-W19
 *   "earlier this year"   DATE      2024
 *   "early December"      DATE      2023-12      mod START
 *   "a 72-hour notice"    DURATION  P72H
 *   "every Friday"        SET       XXXX-WXX-5
 *   "recently"            DATE      PAST_REF
 *
 * Values are resolved against an anchor: the article's date, given as
 * "YYYY-MM-DD" (a longer ISO 8601 string is cut to its date). Without an
 * anchor, nothing is guessed: values that depend on the anchor keep the
 * TIMEX3 unknowns ("XXXX-04-13", "XXXX-WXX-1", "XXXX-WXX") and the entry
 * carries a recipe (td_timex_rel) from which td_timex_resolve computes
 * the value once an anchor is known -- which is what article date
 * inference needs: it can try candidate anchors without scanning again.
 *
 * Explicit absolute dates ("May 17, 2024", "2024-05-17", "in 1998") have
 * relative == 0 and a precision; a weekday named beside a full date
 * ("Friday, May 17, 2024") is kept in weekday, so a reader can check it.
 *
 * Thread-safe: all state lives on the caller's stack; no allocation.
 * Memory is bounded (a fixed window of tokens) and time is linear in len.
 */
#ifndef TD_EXTRACT_TIMEX_H
#define TD_EXTRACT_TIMEX_H

#include <stddef.h>

/* TIMEX3 types. */
enum { TD_TIMEX_DATE = 1, TD_TIMEX_TIME, TD_TIMEX_DURATION, TD_TIMEX_SET };

/* Return codes of td_timex_find and td_timex_resolve. */
enum {
    TD_TIMEX_OK = 0,
    TD_TIMEX_FULL = 1,   /* out[] filled up: the first max expressions were
                            written; scanning stopped there */
    TD_TIMEX_EANCHOR = 2 /* the anchor is not a YYYY-MM-DD date */
};

/* Precision of a DATE or TIME value (what its value string spells out). */
enum {
    TD_TIMEX_PREC_NONE = 0, /* not a calendar value (PAST_REF, P3D, ...) */
    TD_TIMEX_PREC_MILLENNIUM,
    TD_TIMEX_PREC_CENTURY,  /* "19" */
    TD_TIMEX_PREC_DECADE,   /* "199" */
    TD_TIMEX_PREC_YEAR,     /* "1998" */
    TD_TIMEX_PREC_HALF,     /* "1998-H1" */
    TD_TIMEX_PREC_QUARTER,  /* "1998-Q3" */
    TD_TIMEX_PREC_SEASON,   /* "1998-SU" */
    TD_TIMEX_PREC_MONTH,    /* "1998-05" */
    TD_TIMEX_PREC_WEEK,     /* "1998-W20", "1998-W20-WE" */
    TD_TIMEX_PREC_DAY,      /* "1998-05-17" */
    TD_TIMEX_PREC_PARTDAY,  /* "1998-05-17TMO" */
    TD_TIMEX_PREC_MINUTE    /* "1998-05-17T10:30" (or T10 for an hour) */
};

/* How a value follows from the anchor (the recipe). */
enum {
    TD_TIMEX_REL_NONE = 0, /* absolute, or needs no anchor (PAST_REF, P3D) */
    TD_TIMEX_REL_SHIFT,    /* the anchor moved by shift units ("last week":
                              -1 week), then cut to the precision */
    TD_TIMEX_REL_WEEKDAY,  /* the weekday (1 = Monday) found from the anchor
                              in direction dir ("Monday", "next Friday") */
    TD_TIMEX_REL_YEARLESS  /* a month, day, season, quarter or holiday
                              without a year ("April 13"): the year that
                              puts it nearest the anchor in direction dir */
};

/* Units of a shift. */
enum {
    TD_TIMEX_U_NONE = 0, TD_TIMEX_U_SECOND, TD_TIMEX_U_MINUTE, TD_TIMEX_U_HOUR,
    TD_TIMEX_U_DAY, TD_TIMEX_U_WEEK, TD_TIMEX_U_MONTH, TD_TIMEX_U_QUARTER,
    TD_TIMEX_U_HALF, TD_TIMEX_U_YEAR, TD_TIMEX_U_DECADE, TD_TIMEX_U_CENTURY
};

/* Directions of a recipe (td_timex_rel.dir): where, relative to the
 * anchor, a weekday, a yearless date or a weekend falls. */
enum {
    TD_TIMEX_DIR_NEAREST = 0,    /* whichever is nearer (a future date counts
                                    double: news looks back) */
    TD_TIMEX_DIR_ON_BEFORE = -1, /* the latest on or before the anchor: a bare
                                    weekday in news ("said Monday") */
    TD_TIMEX_DIR_ON_AFTER = 1,   /* the first on or after it (the clause looks
                                    ahead: "will meet Monday") */
    TD_TIMEX_DIR_PREV = -2,      /* "last": a weekday of the week before the
                                    anchor's; a month or season wholly before */
    TD_TIMEX_DIR_NEXT = 2,       /* "next": of the week after; wholly after */
    TD_TIMEX_DIR_BEFORE = -3,    /* "this past Sunday": nearest strictly before */
    TD_TIMEX_DIR_AFTER = 3,      /* "this coming Sunday": nearest strictly after */
    TD_TIMEX_DIR_THIS_WEEK = 5,  /* "this Friday": of the anchor's ISO week */
    TD_TIMEX_DIR_QUARTER = 6,    /* a quarter: the anchor's year, or the year
                                    before if it would begin over 92 days after
                                    the anchor ("the fourth quarter" in February) */
    TD_TIMEX_DIR_QUARTER_AHEAD = 7 /* a quarter, the clause looking ahead: the
                                      anchor's year */
};

/* The recipe of an anchor-dependent value. For whole documents prefer
 * calling td_timex_find again with the anchor: it also follows the
 * discourse ("a year earlier" after "the third quarter"), which a recipe
 * on its own cannot; such entries have relative set and kind NONE. */
typedef struct td_timex_rel {
    int kind;    /* TD_TIMEX_REL_* */
    int unit;    /* SHIFT: TD_TIMEX_U_* */
    int shift;   /* SHIFT: units, negative into the past */
    int dir;     /* WEEKDAY, YEARLESS (and a weekend's SHIFT): TD_TIMEX_DIR_* */
    int weekday; /* WEEKDAY: 1..7 */
} td_timex_rel;

typedef struct td_timex {
    size_t start, end; /* byte offsets of the expression in the text */
    int type;          /* TD_TIMEX_DATE, _TIME, _DURATION, _SET */
    char value[32];    /* TIMEX3 value: 2024-05-17, 2024-W20, 2024-Q3, P72H,
                          PXY, PAST_REF, XXXX-05-17 (no anchor), ... */
    char mod[12];      /* TIMEX3 mod, "" when none: START, MID, END, APPROX,
                          LESS_THAN, MORE_THAN, EQUAL_OR_MORE, ... */
    int anchored;      /* the value was resolved against the anchor */
    int relative;      /* the value depends on the anchor (or on the
                          discourse): not an explicit absolute date */
    int precision;     /* TD_TIMEX_PREC_* of the value */
    int weekday;       /* 1..7 (Monday = 1) when the text names a weekday */
    td_timex_rel rel;  /* how to resolve it against another anchor */
} td_timex;

/* Finds the time expressions of text[0..len) (UTF-8; need not be
 * NUL-terminated) in text order, writes up to max of them to out and
 * their number to *n. anchor is "YYYY-MM-DD" (the article's date) or
 * NULL when unknown. Returns TD_TIMEX_OK, TD_TIMEX_FULL when out[] ran
 * out, or TD_TIMEX_EANCHOR (with *n = 0) for an unreadable anchor. */
int td_timex_find(const char *text, size_t len, const char *anchor,
                  td_timex *out, size_t max, size_t *n);

/* Resolves one expression found without an anchor (or with another one)
 * against anchor, from its recipe, into value[32]. Absolute values are
 * copied as they are. Returns TD_TIMEX_OK or TD_TIMEX_EANCHOR. */
int td_timex_resolve(const td_timex *t, const char *anchor, char value[32]);

/* A TIMEX3 calendar value read back from its string. */
typedef struct td_timex_value {
    int known;     /* the year is spelled out (not "XXXX") */
    int precision; /* TD_TIMEX_PREC_*, MILLENNIUM to DAY: a clock time
                      ("2024-05-17T10:30") reads as its DAY */
    int y;         /* when known; a decade or century: its first year */
    int mo, d;     /* 0 when not given */
    int sub;       /* quarter, half, season (1 spring .. 4 winter) or ISO
                      week; 0 when not given */
    int weekend;   /* "2024-W20-WE": the Saturday and Sunday of week sub */
} td_timex_value;

/* Reads a DATE or TIME value of len bytes: "2024-05-17T10:30",
 * "XXXX-10-03", "1989-Q3", "XXXX-SU", "2024-W20-WE", "199", "19".
 * Returns 1, or 0 for anything that names no calendar period (PAST_REF,
 * durations, "XXXX-WXX-1", a bare "XXXX"). */
int td_timex_read_value(const char *s, size_t len, td_timex_value *v);

/* The first and last day (days since 1970-01-01) of the period v names;
 * its year must be known. A part left out (a quarter's number, a day)
 * counts as the first. */
void td_timex_value_span(const td_timex_value *v, long *first, long *last);

/* "DATE", "TIME", "DURATION", "SET" ("" for anything else). */
const char *td_timex_type_name(int type);

#endif
