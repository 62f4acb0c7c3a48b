/*
 * quantity.h -- counts, amounts and measures in English news text.
 *
 * td_quantity_find reads every number a text states and what it counts:
 *
 *   "nearly 200 ballistic missiles"   200   '<'  [180, 200]  "ballistic missiles"
 *   "more than 300 missiles and drones" 300 '>'  [300, inf)  "missiles and drones"
 *   "about 100 troops"                100   '~'  [90, 110]   "troops"
 *   "hundreds of missiles"            200   '~'  [200, 999]  "missiles"
 *   "$2.5 million in aid"             2.5e6 '='  "$", about "aid"
 *   "a dozen", "two-thirds", "12%"    12, 0.667, 12 "%"
 *
 * Conventions (one place for them):
 *   value   the figure as stated, scale words applied ("2.5 million" is
 *           2500000); a range ("200 to 300", "200-300") gives its low end;
 *           a vague count ("hundreds", "dozens", "several") its low end.
 *   low, high  the interval the words allow: equal to value when exact;
 *           "about" is a tenth either side; "nearly", "almost" a tenth
 *           below up to the value; "under", "up to", "less than" from 0;
 *           "more than", "over", "at least" up to HUGE_VAL; "hundreds" is
 *           [200, 999], "dozens" [24, 99], "scores" [40, 199], "thousands"
 *           [2000, 9999], "tens of thousands" [10000, 99000], "hundreds of
 *           thousands" [200000, 999000], "millions" [2e6, 999e6], "several"
 *           [3, 9], "a few" [2, 5].
 *   approx  '=' exact, '~' about, '>' more than / at least, '<' nearly,
 *           under, up to.
 *   unit    "$", "€", "£", "¥", "%" or a measure ("km", "tons"), or the
 *           counted noun phrase cut to 47 bytes ("ballistic missiles and
 *           drones"); "" when the number counts nothing named.
 *   counts  the counted noun phrase in the text (start == end when none).
 *   about   what an amount or share is of or in ("$2 billion in aid",
 *           "30% of the vote"), when the sentence says so.
 *
 * Years, dates, times and clock readings are left to timex.h; ordinals
 * ("third") and numbers inside words or codes are not quantities.
 *
 * Thread-safe; no allocation; linear time; bounded memory.
 */
#ifndef TD_EXTRACT_QUANTITY_H
#define TD_EXTRACT_QUANTITY_H

#include <stddef.h>

enum {
    TD_QUANTITY_OK = 0,
    TD_QUANTITY_FULL = 1 /* out[] filled up; scanning stopped there */
};

/* What a quantity measures. */
enum {
    TD_QUANTITY_NUMBER = 0, /* a bare number */
    TD_QUANTITY_COUNT,      /* a count of things: "300 missiles" */
    TD_QUANTITY_MONEY,      /* an amount of money: unit is the currency */
    TD_QUANTITY_PERCENT,    /* a share: unit "%" */
    TD_QUANTITY_MEASURE     /* a physical measure: unit "km", "tons", ... */
};

typedef struct td_quantity {
    size_t start, end;     /* byte offsets of the expression */
    double value;          /* see the conventions above */
    double low, high;
    char approx;           /* '=', '~', '>', '<' */
    int kind;              /* TD_QUANTITY_* */
    char unit[48];
    size_t counts_start, counts_end; /* the counted noun phrase */
    size_t about_start, about_end;   /* what it is of or in */
} td_quantity;

/* Finds the quantities of text[0..len) (UTF-8, need not be
 * NUL-terminated) in text order; writes up to max to out and their
 * number to *n. Returns TD_QUANTITY_OK or TD_QUANTITY_FULL. */
int td_quantity_find(const char *text, size_t len, td_quantity *out, size_t max,
                     size_t *n);

/* Reads one number at text[0..len): digits ("1,200", "2.5", "5 1/2"),
 * words ("twenty-four", "a hundred and five", "two-thirds", "a dozen")
 * and a scale after either ("2.5 million", "$3bn" reads 3e9 from "3bn").
 * Returns the bytes it used (0 when no number starts there) and the
 * value in *value. */
size_t td_quantity_number(const char *text, size_t len, double *value);

/* "number", "count", "money", "percent", "measure". */
const char *td_quantity_kind_name(int kind);

#endif
