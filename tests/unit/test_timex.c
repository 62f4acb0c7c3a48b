/* Unit tests: time expressions (src/extract/timex.c). Each test is one
 * rule, with sentences written for it. The anchor is Friday 17 May 2024
 * unless a test says otherwise. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract/timex.h"
#include "util/date.h"

#define ANCHOR "2024-05-17"
#define MAXT 64

typedef struct found {
    td_timex t[MAXT];
    size_t n;
    const char *text;
} found;

static void scan(found *f, const char *text, const char *anchor)
{
    f->text = text;
    int rc = td_timex_find(text, strlen(text), anchor, f->t, MAXT, &f->n);
    assert_int_equal(rc, TD_TIMEX_OK);
}

/* The expression whose text is exactly want, or fail. */
static const td_timex *get(const found *f, const char *want)
{
    size_t l = strlen(want);
    for (size_t k = 0; k < f->n; k++)
        if (f->t[k].end - f->t[k].start == l && memcmp(f->text + f->t[k].start, want, l) == 0)
            return &f->t[k];
    for (size_t k = 0; k < f->n; k++)
        print_message("  found [%.*s] %s\n", (int)(f->t[k].end - f->t[k].start),
                      f->text + f->t[k].start, f->t[k].value);
    fail_msg("no expression [%s] in: %s", want, f->text);
    return NULL;
}

/* Checks text, type and value of one expression in a sentence. */
static void expect(const char *sentence, const char *anchor, const char *extent, int type,
                   const char *value)
{
    found f;
    scan(&f, sentence, anchor);
    const td_timex *t = get(&f, extent);
    assert_int_equal(t->type, type);
    assert_string_equal(t->value, value);
}

static void absent(const char *sentence, const char *anchor)
{
    found f;
    scan(&f, sentence, anchor);
    for (size_t k = 0; k < f.n; k++)
        print_message("  unexpected [%.*s] %s\n", (int)(f.t[k].end - f.t[k].start),
                      sentence + f.t[k].start, f.t[k].value);
    assert_int_equal(f.n, 0);
}

static void weekdays_look_back_unless_the_clause_looks_ahead(void **state)
{
    /* Friday 17 May: "Monday" is the 13th, "Friday" today */
    expect("Ministers met on Monday in Geneva.", ANCHOR, "Monday", TD_TIMEX_DATE, "2024-05-13");
    expect("The ceasefire began Friday.", ANCHOR, "Friday", TD_TIMEX_DATE, "2024-05-17");
    expect("Talks will resume Tuesday.", ANCHOR, "Tuesday", TD_TIMEX_DATE, "2024-05-21");
    expect("Wednesday's ruling angered both sides.", ANCHOR, "Wednesday", TD_TIMEX_DATE,
           "2024-05-15");
    expect("He spoke last Friday.", ANCHOR, "last Friday", TD_TIMEX_DATE, "2024-05-10");
    /* "next Tuesday" is the Tuesday of next week */
    expect("The vote is next Tuesday.", ANCHOR, "next Tuesday", TD_TIMEX_DATE, "2024-05-21");
    expect("Protesters gathered Sunday night.", ANCHOR, "Sunday night", TD_TIMEX_DATE,
           "2024-05-12TNI");
    expect("Shelling resumed on Thursday, May 16, 2024.", ANCHOR, "Thursday, May 16, 2024",
           TD_TIMEX_DATE, "2024-05-16");
}

static void relative_units_follow_the_anchor(void **state)
{
    expect("Prices fell last week.", ANCHOR, "last week", TD_TIMEX_DATE, "2024-W19");
    expect("Exports rose last month.", ANCHOR, "last month", TD_TIMEX_DATE, "2024-04");
    expect("The deal was signed earlier this year.", ANCHOR, "earlier this year", TD_TIMEX_DATE,
           "2024");
    expect("Crowds are expected this weekend.", ANCHOR, "this weekend", TD_TIMEX_DATE,
           "2024-W20-WE");
    expect("The law passed yesterday.", ANCHOR, "yesterday", TD_TIMEX_DATE, "2024-05-16");
    expect("Rain is due tomorrow.", ANCHOR, "tomorrow", TD_TIMEX_DATE, "2024-05-18");
    expect("He will speak tonight.", ANCHOR, "tonight", TD_TIMEX_TIME, "2024-05-17TNI");
    expect("Elections are next year.", ANCHOR, "next year", TD_TIMEX_DATE, "2025");
    expect("It happened three years ago.", ANCHOR, "three years ago", TD_TIMEX_DATE, "2021");
    expect("Fighting flared two weeks ago.", ANCHOR, "two weeks ago", TD_TIMEX_DATE,
           "2024-05-03");
    expect("Shares rose this quarter.", ANCHOR, "this quarter", TD_TIMEX_DATE, "2024-Q2");
}

static void dates_without_years_take_the_nearest(void **state)
{
    expect("The strike came on April 13.", ANCHOR, "April 13", TD_TIMEX_DATE, "2024-04-13");
    expect("Hostages held since Oct. 7 were freed.", ANCHOR, "Oct. 7", TD_TIMEX_DATE,
           "2023-10-07");
    expect("The summit opens June 2.", ANCHOR, "June 2", TD_TIMEX_DATE, "2024-06-02");
    expect("Results fell in February.", ANCHOR, "February", TD_TIMEX_DATE, "2024-02");
    expect("Snow fell in early December.", ANCHOR, "early December", TD_TIMEX_DATE, "2023-12");
    expect("Sales slumped last summer.", ANCHOR, "last summer", TD_TIMEX_DATE, "2023-SU");
    expect("Talks end on 12 June.", ANCHOR, "12 June", TD_TIMEX_DATE, "2024-06-12");
    expect("Meetings on April 24 and 25 went well.", ANCHOR, "25", TD_TIMEX_DATE, "2024-04-25");
}

static void explicit_dates_are_absolute_with_a_precision(void **state)
{
    found f;
    scan(&f, "Fighting began on May 17, 2024, and in 1998, and on 2024-05-17, in May 2024.",
         NULL);
    const td_timex *t = get(&f, "May 17, 2024");
    assert_string_equal(t->value, "2024-05-17");
    assert_false(t->relative);
    assert_int_equal(t->precision, TD_TIMEX_PREC_DAY);
    t = get(&f, "1998");
    assert_string_equal(t->value, "1998");
    assert_int_equal(t->precision, TD_TIMEX_PREC_YEAR);
    t = get(&f, "2024-05-17");
    assert_int_equal(t->precision, TD_TIMEX_PREC_DAY);
    t = get(&f, "May 2024");
    assert_string_equal(t->value, "2024-05");
    assert_int_equal(t->precision, TD_TIMEX_PREC_MONTH);
    /* the weekday beside a date is kept, for a reader to check */
    scan(&f, "on Friday, May 17, 2024", NULL);
    assert_int_equal(get(&f, "Friday, May 17, 2024")->weekday, 5);
}

static void parts_seasons_quarters_decades(void **state)
{
    expect("at the end of 2003", ANCHOR, "the end of 2003", TD_TIMEX_DATE, "2003");
    found f;
    scan(&f, "at the end of 2003", ANCHOR);
    assert_string_equal(get(&f, "the end of 2003")->mod, "END");
    expect("Profit rose in the third quarter.", ANCHOR, "the third quarter", TD_TIMEX_DATE,
           "2024-Q3");
    expect("a third-quarter loss", ANCHOR, "third-quarter", TD_TIMEX_DATE, "2024-Q3");
    expect("In the fourth quarter of 2023 sales fell.", ANCHOR, "the fourth quarter of 2023",
           TD_TIMEX_DATE, "2023-Q4");
    expect("in the first half of 2022", ANCHOR, "the first half of 2022", TD_TIMEX_DATE,
           "2022-H1");
    expect("prices of the 1990s", ANCHOR, "the 1990s", TD_TIMEX_DATE, "199");
    expect("in the mid-1990s", ANCHOR, "the mid-1990s", TD_TIMEX_DATE, "199");
    expect("in the 20th century", ANCHOR, "the 20th century", TD_TIMEX_DATE, "19");
    expect("in the winter of 2022", ANCHOR, "the winter of 2022", TD_TIMEX_DATE, "2022-WI");
}

static void anaphora_follow_the_discourse(void **state)
{
    /* "a year earlier" compares with the quarter just named */
    expect("Profit rose 5% in the third quarter of 2023 from a year earlier.", ANCHOR,
           "a year earlier", TD_TIMEX_DATE, "2022-Q3");
    expect("The storm hit on March 3, 2020. The next day, power failed.", ANCHOR,
           "The next day", TD_TIMEX_DATE, "2020-03-04");
    expect("It closed in 2019 and reopened the following year.", ANCHOR, "the following year",
           TD_TIMEX_DATE, "2020");
}

static void durations(void **state)
{
    expect("They served a 72-hour notice.", ANCHOR, "72-hour", TD_TIMEX_DURATION, "PT72H");
    expect("The siege lasted two months.", ANCHOR, "two months", TD_TIMEX_DURATION, "P2M");
    expect("after years of war", ANCHOR, "years", TD_TIMEX_DURATION, "PXY");
    expect("in recent weeks", ANCHOR, "recent weeks", TD_TIMEX_DURATION, "PXW");
    expect("over the past three years", ANCHOR, "the past three years", TD_TIMEX_DURATION,
           "P3Y");
    expect("for two and a half years", ANCHOR, "two and a half years", TD_TIMEX_DURATION,
           "P2Y6M");
    expect("nearly forty years", ANCHOR, "nearly forty years", TD_TIMEX_DURATION, "P40Y");
    expect("for 1 hour and 30 minutes", ANCHOR, "1 hour and 30 minutes", TD_TIMEX_DURATION,
           "PT1H30M");
    /* an age is not a time */
    absent("the 6-year-old boy", ANCHOR);
}

static void sets(void **state)
{
    expect("Markets close every Friday.", ANCHOR, "every Friday", TD_TIMEX_SET, "XXXX-WXX-5");
    expect("The paper comes out daily.", ANCHOR, "daily", TD_TIMEX_SET, "P1D");
    expect("They meet twice a year.", ANCHOR, "a year", TD_TIMEX_SET, "P1Y");
    expect("each July", ANCHOR, "each July", TD_TIMEX_SET, "XXXX-07");
}

static void references_stay_underspecified(void **state)
{
    expect("Recently, prices fell.", ANCHOR, "Recently", TD_TIMEX_DATE, "PAST_REF");
    expect("He is now in Paris.", ANCHOR, "now", TD_TIMEX_DATE, "PRESENT_REF");
    expect("in the near future", ANCHOR, "the near future", TD_TIMEX_DATE, "FUTURE_REF");
    expect("several years ago", ANCHOR, "several years ago", TD_TIMEX_DATE, "PAST_REF");
}

static void clock_times(void **state)
{
    expect("Polls close at 8 p.m.", ANCHOR, "8 p.m.", TD_TIMEX_TIME, "2024-05-17T20:00");
    expect("at 10:30 a.m. EST Tuesday", ANCHOR, "10:30 a.m. EST Tuesday", TD_TIMEX_TIME,
           "2024-05-14T10:30");
    expect("The blast came at noon yesterday.", ANCHOR, "noon yesterday", TD_TIMEX_TIME,
           "2024-05-16T12:00");
    expect("He landed tomorrow at 9 a.m.", ANCHOR, "tomorrow at 9 a.m.", TD_TIMEX_TIME,
           "2024-05-18T09:00");
}

static void numbers_that_are_not_years(void **state)
{
    absent("The company employs 2000 people and sold 1500 cars.", ANCHOR);
    absent("He paid $1998 for it.", ANCHOR);
    absent("Call 1-800-555-1212 for help.", NULL);
}

static void without_an_anchor_values_stay_open(void **state)
{
    found f;
    scan(&f, "Talks began Monday, on April 13 and last week; they resume next month.", NULL);
    const td_timex *t = get(&f, "Monday");
    assert_string_equal(t->value, "XXXX-WXX-1");
    assert_true(t->relative);
    assert_false(t->anchored);
    assert_int_equal(t->rel.kind, TD_TIMEX_REL_WEEKDAY);
    assert_int_equal(t->rel.weekday, 1);
    assert_string_equal(get(&f, "April 13")->value, "XXXX-04-13");
    assert_string_equal(get(&f, "last week")->value, "XXXX-WXX");
    assert_string_equal(get(&f, "next month")->value, "XXXX-XX");
}

static void recipes_resolve_later(void **state)
{
    /* what td_timex_resolve gives from a scan without an anchor is what a
     * scan with the anchor gives */
    const char *text = "Monday, last week, yesterday, April 13, next month, this weekend, "
                       "last Friday, the third quarter, last summer, tonight, three years ago.";
    found open, anchored;
    scan(&open, text, NULL);
    scan(&anchored, text, ANCHOR);
    assert_int_equal(open.n, anchored.n);
    for (size_t k = 0; k < open.n; k++) {
        char v[32];
        assert_int_equal(td_timex_resolve(&open.t[k], ANCHOR, v), TD_TIMEX_OK);
        assert_string_equal(v, anchored.t[k].value);
    }
    /* and another anchor moves them */
    char v[32];
    assert_int_equal(td_timex_resolve(get(&open, "Monday"), "2024-01-03", v), TD_TIMEX_OK);
    assert_string_equal(v, "2024-01-01");
    assert_int_equal(td_timex_resolve(get(&open, "April 13"), "2020-12-01", v), TD_TIMEX_OK);
    assert_string_equal(v, "2020-04-13");
    assert_int_equal(td_timex_resolve(&open.t[0], "May 2024", v), TD_TIMEX_EANCHOR);
}

static void bad_anchor_and_full_output(void **state)
{
    td_timex t[2];
    size_t n = 99;
    assert_int_equal(td_timex_find("Monday", 6, "17/05/2024", t, 2, &n), TD_TIMEX_EANCHOR);
    assert_int_equal(n, 0);
    const char *text = "Monday, Tuesday and Wednesday";
    assert_int_equal(td_timex_find(text, strlen(text), ANCHOR, t, 2, &n), TD_TIMEX_FULL);
    assert_int_equal(n, 2);
    /* a longer ISO 8601 anchor is cut to its date */
    assert_int_equal(td_timex_find(text, 6, "2024-05-17T08:30:00Z", t, 2, &n), TD_TIMEX_OK);
    assert_string_equal(t[0].value, "2024-05-13");
}

static void explicit_length_and_odd_bytes(void **state)
{
    /* text need not end in NUL: only the first len bytes count */
    char buf[] = {'o', 'n', ' ', 'M', 'o', 'n', 'd', 'a', 'y', 'x', 'x', 'x'};
    td_timex t[4];
    size_t n;
    assert_int_equal(td_timex_find(buf, 9, ANCHOR, t, 4, &n), TD_TIMEX_OK);
    assert_int_equal(n, 1);
    assert_int_equal(t[0].end, 9);
    /* any bytes: invalid UTF-8, overlong forms, NULs; every extent in range */
    unsigned seed = 12345;
    char junk[20000];
    for (size_t k = 0; k < sizeof junk; k++) {
        seed = seed * 1103515245u + 12345u;
        junk[k] = (char)(seed >> 16);
    }
    static const char odd[] = "\xC0\xB0\xC0\xB1 May 17, 2024 \xE2\x80\x93 last week";
    memcpy(junk + 100, odd, sizeof odd - 1);
    td_timex many[256];
    int rc = td_timex_find(junk, sizeof junk, ANCHOR, many, 256, &n);
    assert_true(rc == TD_TIMEX_OK || rc == TD_TIMEX_FULL);
    for (size_t k = 0; k < n; k++) {
        assert_true(many[k].start < many[k].end);
        assert_true(many[k].end <= sizeof junk);
    }
    assert_int_equal(td_timex_find(NULL, 0, ANCHOR, t, 4, &n), TD_TIMEX_OK);
    assert_int_equal(n, 0);
}

static void long_text_keeps_the_discourse(void **state)
{
    /* the window slides over a long text and still sees every phrase */
    size_t reps = 400, cap = reps * 64 + 1;
    char *text = malloc(cap);
    assert_non_null(text);
    size_t l = 0;
    for (size_t k = 0; k < reps; k++)
        l += (size_t)snprintf(text + l, cap - l, "Filler words go here and there. Monday! ");
    td_timex *t = malloc(sizeof *t * reps);
    size_t n;
    assert_int_equal(td_timex_find(text, l, ANCHOR, t, reps, &n), TD_TIMEX_OK);
    assert_int_equal(n, reps);
    assert_string_equal(t[reps - 1].value, "2024-05-13");
    free(t);
    free(text);
}

/* A value's span as "YYYY-MM-DD..YYYY-MM-DD", or "" when unreadable or
 * yearless. */
static const char *span_of(const char *value, char out[32])
{
    td_timex_value v;
    long a, b;
    int y1, m1, d1, y2, m2, d2;
    out[0] = 0;
    if (!td_timex_read_value(value, strlen(value), &v) || !v.known) return out;
    td_timex_value_span(&v, &a, &b);
    td_civil_from_days(a, &y1, &m1, &d1);
    td_civil_from_days(b, &y2, &m2, &d2);
    snprintf(out, 32, "%04d-%02d-%02d..%04d-%02d-%02d", y1, m1, d1, y2, m2, d2);
    return out;
}

static void values_read_back_to_their_days(void **state)
{
    (void)state;
    char s[32];
    assert_string_equal(span_of("2024-05-17", s), "2024-05-17..2024-05-17");
    assert_string_equal(span_of("2024-05-17T10:30", s), "2024-05-17..2024-05-17");
    assert_string_equal(span_of("2024-02", s), "2024-02-01..2024-02-29");
    assert_string_equal(span_of("2024-Q3", s), "2024-07-01..2024-09-30");
    assert_string_equal(span_of("2024-H2", s), "2024-07-01..2024-12-31");
    assert_string_equal(span_of("2023-WI", s), "2023-12-01..2024-02-29");
    assert_string_equal(span_of("2024-W20", s), "2024-05-13..2024-05-19");
    assert_string_equal(span_of("2024-W20-WE", s), "2024-05-18..2024-05-19");
    assert_string_equal(span_of("199", s), "1990-01-01..1999-12-31");
    assert_string_equal(span_of("19", s), "1900-01-01..1999-12-31");
    assert_string_equal(span_of("2024", s), "2024-01-01..2024-12-31");
    /* no calendar period, or no year */
    assert_string_equal(span_of("PAST_REF", s), "");
    assert_string_equal(span_of("P3D", s), "");
    assert_string_equal(span_of("2024-13", s), "");
    assert_string_equal(span_of("XXXX-10-03", s), "");
    td_timex_value v;
    assert_int_equal(td_timex_read_value("XXXX-10-03", 10, &v), 1);
    assert_int_equal(v.known, 0);
    assert_int_equal(v.precision, TD_TIMEX_PREC_DAY);
    assert_int_equal(v.mo, 10);
    assert_int_equal(v.d, 3);
    assert_int_equal(td_timex_read_value("XXXX-WXX-1", 10, &v), 0);
    assert_int_equal(td_timex_read_value("XXXX", 4, &v), 0);
    /* the length is explicit: "2024-05" read out of "2024-05-17" */
    assert_int_equal(td_timex_read_value("2024-05-17", 7, &v), 1);
    assert_int_equal(v.precision, TD_TIMEX_PREC_MONTH);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(weekdays_look_back_unless_the_clause_looks_ahead),
        cmocka_unit_test(relative_units_follow_the_anchor),
        cmocka_unit_test(dates_without_years_take_the_nearest),
        cmocka_unit_test(explicit_dates_are_absolute_with_a_precision),
        cmocka_unit_test(parts_seasons_quarters_decades),
        cmocka_unit_test(anaphora_follow_the_discourse),
        cmocka_unit_test(durations),
        cmocka_unit_test(sets),
        cmocka_unit_test(references_stay_underspecified),
        cmocka_unit_test(clock_times),
        cmocka_unit_test(numbers_that_are_not_years),
        cmocka_unit_test(without_an_anchor_values_stay_open),
        cmocka_unit_test(recipes_resolve_later),
        cmocka_unit_test(bad_anchor_and_full_output),
        cmocka_unit_test(explicit_length_and_odd_bytes),
        cmocka_unit_test(long_text_keeps_the_discourse),
        cmocka_unit_test(values_read_back_to_their_days),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
