/* Unit tests: article date inference (src/extract/datefer.c). Sentences
 * are written for the tests; the seed test reads ../shared/seeds in place
 * (TD_SHARED or TD_SOURCE_DIR/../shared) and skips when it is absent. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract/datefer.h"
#include "util/date.h"

static td_datefer_evidence *new_ev(void)
{
    td_datefer_evidence *ev = malloc(sizeof *ev);
    assert_non_null(ev);
    td_datefer_init(ev);
    return ev;
}

static void from_text(td_datefer_evidence *ev, const char *text)
{
    assert_int_equal(td_datefer_from_text(ev, text, strlen(text)), TD_DATEFER_OK);
}

static void infer(td_datefer_evidence *ev, td_datefer_result *r)
{
    assert_int_equal(td_datefer_infer(ev, NULL, r), TD_DATEFER_OK);
    assert_true(r->inferred);
}

/* lo <= day <= hi, as ISO strings of one form */
static int within(const char *day, const char *lo, const char *hi)
{
    return strcmp(lo, day) <= 0 && strcmp(day, hi) <= 0;
}

static int has_reason(const td_datefer_evidence *ev, const char *part, int state)
{
    for (size_t k = 0; k < ev->n; k++)
        if (strstr(ev->con[k].reason, part) && (!state || ev->con[k].state == state)) return 1;
    return 0;
}

/* -- text evidence -- */

static void explicit_past_date(void **state)
{
    td_datefer_evidence *ev = new_ev();
    from_text(ev, "The council voted on March 4, 2021, to close the old bridge. "
                  "Engineers said the repairs would cost more than expected.");
    td_datefer_result r;
    infer(ev, &r);
    assert_true(r.found);
    assert_true(r.year_known);
    assert_string_equal(r.lo, "2021-03-04");
    assert_true(strcmp(r.hi, "2021-04-05") <= 0); /* within a month or so */
    assert_true(within(r.anchor, "2021-03-04", "2021-03-05"));
    assert_non_null(strstr(r.why, "March 4, 2021"));
    assert_true(r.confidence > 0 && r.confidence <= 1);
    free(ev);
}

static void future_date_bounds_above(void **state)
{
    td_datefer_evidence *ev = new_ev();
    from_text(ev, "The two leaders will meet on June 20, 2024, in the capital.");
    td_datefer_result r;
    infer(ev, &r);
    assert_true(r.found);
    assert_true(strcmp(r.hi, "2024-06-20") <= 0);
    assert_true(strcmp(r.anchor, "2024-06-20") <= 0);
    assert_true(has_reason(ev, "looks ahead", TD_DATEFER_USED));
    free(ev);
}

static void no_evidence_no_interval(void **state)
{
    td_datefer_evidence *ev = new_ev();
    from_text(ev, "The river rose again and farmers moved their herds to higher ground.");
    td_datefer_result r;
    infer(ev, &r);
    assert_false(r.found);
    assert_string_equal(r.lo, "");
    assert_int_equal(r.confidence, 0);
    free(ev);
}

static void yearless_without_year_evidence(void **state)
{
    /* month and day, but nothing says which year: a yearless result */
    td_datefer_evidence *ev = new_ev();
    from_text(ev, "On September 9, the mayor opened the new market hall.");
    td_datefer_result r;
    infer(ev, &r);
    assert_true(r.found);
    assert_false(r.year_known);
    assert_string_equal(r.lo, "XXXX-09-09");
    assert_true(strncmp(r.hi, "XXXX-", 5) == 0);
    /* re-anchoring needs a year */
    td_timex out[8];
    size_t n = 5;
    const char *t = "Monday";
    assert_int_equal(td_datefer_reanchor(t, strlen(t), &r, out, 8, &n), TD_TIMEX_EANCHOR);
    assert_int_equal(n, 0);
    free(ev);
}

static void weekday_and_date_pick_the_year(void **state)
{
    /* 6 October was a Sunday in 2019 and 2024, a Friday in 2023 */
    td_datefer_evidence *ev = new_ev();
    from_text(ev, "The ferry sank on Sunday, Oct. 6, and divers searched through the night.");
    assert_int_equal(td_datefer_add_dates(ev, "2022-01-01", "2025-12-31", 3.0,
                                          TD_DATEFER_SRC_CALLER, "test range"),
                     TD_DATEFER_OK);
    td_datefer_result r;
    infer(ev, &r);
    assert_true(r.found);
    assert_true(within(r.anchor, "2024-10-06", "2024-10-31"));
    assert_true(within(r.lo, "2024-10-01", "2024-10-06"));
    free(ev);
}

static void bare_weekday_prefers_that_day(void **state)
{
    td_datefer_evidence *ev = new_ev();
    from_text(ev, "Prices fell on August 1, 2023. The agency said Thursday that stocks were low.");
    td_datefer_result r;
    infer(ev, &r);
    assert_true(r.found);
    /* 2023-08-03 is the first Thursday after the dated fall */
    assert_string_equal(r.anchor, "2023-08-03");
    free(ev);
}

static void duration_after_a_date(void **state)
{
    td_datefer_evidence *ev = new_ev();
    from_text(ev, "The strike ended two weeks after the vote on March 3, 2024, union leaders said.");
    td_datefer_result r;
    infer(ev, &r);
    assert_true(r.found);
    assert_true(strcmp(r.lo, "2024-03-15") >= 0);
    assert_true(strcmp(r.lo, "2024-03-18") <= 0);
    assert_true(has_reason(ev, "happened", TD_DATEFER_USED));
    free(ev);
}

static void this_year_keeps_a_month_in_the_year(void **state)
{
    td_datefer_evidence *ev = new_ev();
    from_text(ev, "Earlier this year, the two sides met in secret. In February, they signed a truce.");
    assert_int_equal(td_datefer_add_dates(ev, "2022", "2022", 3.0, TD_DATEFER_SRC_CALLER, "year"),
                     TD_DATEFER_OK);
    td_datefer_result r;
    infer(ev, &r);
    assert_true(r.found);
    assert_string_equal(r.lo, "2022-03-01"); /* February is over */
    assert_true(strcmp(r.hi, "2022-12-31") <= 0);
    assert_true(has_reason(ev, "this year, after 'February'", TD_DATEFER_USED));
    free(ev);
}

static void since_is_not_recent(void **state)
{
    /* "since 1979" bounds below, but says nothing of how long since */
    td_datefer_evidence *ev = new_ev();
    from_text(ev, "The two countries have had no embassies since 1979.");
    td_datefer_result r;
    infer(ev, &r);
    assert_false(r.found && !r.open_hi);
    free(ev);
}

/* -- combining -- */

static void conflict_drops_the_weakest(void **state)
{
    td_datefer_evidence *ev = new_ev();
    td_datefer_add_dates(ev, "2024-05-01", "2024-05-31", 3.0, TD_DATEFER_SRC_CALLER, "strong May");
    td_datefer_add_dates(ev, "2023-01-01", "2023-12-31", 1.0, TD_DATEFER_SRC_CALLER, "weak 2023");
    td_datefer_result r;
    infer(ev, &r);
    assert_true(r.found);
    assert_string_equal(r.lo, "2024-05-01");
    assert_string_equal(r.hi, "2024-05-31");
    assert_int_equal(ev->con[0].state, TD_DATEFER_USED);
    assert_int_equal(ev->con[1].state, TD_DATEFER_DROPPED);
    assert_int_equal(r.dropped, 1);
    assert_non_null(strstr(r.why, "dropped: weak 2023"));
    free(ev);
}

static void crawl_time_is_never_dropped(void **state)
{
    td_datefer_evidence *ev = new_ev();
    from_text(ev, "The museum reopened on January 10, 2020.");
    td_datefer_add_dates(ev, "2021-06-01", NULL, 4.0, TD_DATEFER_SRC_CALLER, "strong but wrong");
    assert_int_equal(td_datefer_add_crawl(ev, "2020-12-31T08:00:00Z"), TD_DATEFER_OK);
    td_datefer_result r;
    infer(ev, &r);
    assert_true(r.found);
    assert_true(strcmp(r.hi, "2020-12-31") <= 0);
    assert_true(has_reason(ev, "strong but wrong", TD_DATEFER_DROPPED));
    assert_int_equal(td_datefer_add_crawl(ev, "soon"), TD_DATEFER_EINPUT);
    free(ev);
}

static void bad_input(void **state)
{
    td_datefer_evidence *ev = new_ev();
    assert_int_equal(td_datefer_add_dates(ev, "2024-13-01", NULL, 1, 0, NULL), TD_DATEFER_EINPUT);
    assert_int_equal(td_datefer_add_dates(ev, "2024-06-01", "2024-05-01", 1, 0, NULL),
                     TD_DATEFER_EINPUT);
    assert_null(td_datefer_add(ev, TD_DATEFER_RANGE, 5, 1, 1.0, 0, "reversed"));
    assert_int_equal(ev->n, 0);
    for (int k = 0; k < TD_DATEFER_MAXCON + 3; k++)
        td_datefer_add(ev, TD_DATEFER_RANGE, 19000, 19100, 0.1, 0, "many");
    assert_int_equal(ev->n, TD_DATEFER_MAXCON);
    assert_int_equal(ev->overflow, 3);
    assert_int_equal(td_datefer_from_timexes(ev, NULL, 4, NULL, 0), TD_DATEFER_EINPUT);
    free(ev);
}

/* -- tenures -- */

/* An invented office record: a foreign minister from 21 August 2024. */
static const td_kb_office minister[] = {
    {.role = "foreign minister", .country = "IRN", .start = "2024-08-21", .end = ""},
};
static const td_kb_office president_terms[] = {
    {.role = "president", .country = "ABC", .start = "2005-01-20", .end = "2009-01-20"},
    {.role = "president", .country = "ABC", .start = "2013-01-20", .end = "2017-01-20"},
};

static void tenure_pins_the_year(void **state)
{
    /* without the tenure, "October 3" has no year */
    const char *text = "The minister said Monday that the talks were over. On October 3, a "
                       "newspaper reported that a message had been sent.";
    td_datefer_evidence *ev = new_ev();
    from_text(ev, text);
    td_datefer_result r;
    infer(ev, &r);
    assert_false(r.year_known);

    assert_int_equal(td_datefer_add_tenure(ev, minister, 1, "foreign minister", "IRN", 0, "X", 0, 12),
                     1);
    assert_int_equal(td_datefer_add_tenure(ev, minister, 1, "interior minister", "", 0, "X", 0, 0), 0);
    assert_int_equal(td_datefer_add_tenure(ev, minister, 1, "foreign minister", "OMN", 0, "X", 0, 0), 0);
    infer(ev, &r);
    assert_true(r.found && r.year_known);
    assert_true(within(r.lo, "2024-10-03", "2024-10-07"));
    assert_true(strcmp(r.hi, "2024-10-31") <= 0);
    assert_string_equal(r.anchor, "2024-10-07"); /* the Monday after */
    assert_true(has_reason(ev, "foreign minister X: from 2024-08-21", TD_DATEFER_USED));

    /* the timexes re-resolved against the inferred anchor */
    td_timex out[16];
    size_t n;
    assert_int_equal(td_datefer_reanchor(text, strlen(text), &r, out, 16, &n), TD_TIMEX_OK);
    int monday = 0, oct3 = 0;
    for (size_t k = 0; k < n; k++) {
        if (strcmp(out[k].value, "2024-10-07") == 0) monday = 1;
        if (strcmp(out[k].value, "2024-10-03") == 0) oct3 = 1;
    }
    assert_true(monday && oct3);
    /* the same from recipes, without scanning again */
    size_t m;
    assert_int_equal(td_timex_find(text, strlen(text), NULL, out, 16, &m), TD_TIMEX_OK);
    assert_int_equal(td_datefer_resolve(out, m, &r), TD_TIMEX_OK);
    assert_string_equal(out[0].value, "2024-10-07");
    assert_true(out[0].anchored);
    free(ev);
}

static void former_and_second_terms(void **state)
{
    td_datefer_evidence *ev = new_ev();
    assert_int_equal(td_datefer_add_tenure(ev, president_terms, 2, "president", "ABC",
                                           TD_ROLE_FORMER, "Y", 0, 0),
                     1);
    assert_int_equal(ev->con[0].lo, 14265); /* 2009-01-21 */
    td_datefer_init(ev);
    /* serving: one of two terms */
    td_datefer_add_tenure(ev, president_terms, 2, "president", "", 0, "Y", 0, 0);
    assert_int_equal(ev->n, 2);
    assert_true(ev->con[0].group != 0 && ev->con[0].group == ev->con[1].group);
    td_datefer_add_dates(ev, "2014", "2016", 3.0, TD_DATEFER_SRC_CALLER, "mid-2010s");
    td_datefer_result r;
    infer(ev, &r);
    assert_true(r.found);
    assert_string_equal(r.lo, "2014-01-01");
    assert_string_equal(r.hi, "2016-12-31");
    free(ev);
}

/* -- across articles -- */

/* The days from which t names a day of [a, b], one range per stretch, read
 * day by day: what td_datefer_relate finds a run at a time. looks_back and
 * after as it sets them. */
static size_t every_day(const td_timex *t, long a, long b, long lo[], long hi[], size_t max)
{
    int looks_back = !(t->rel.shift > 0 || t->rel.dir > 0);
    long after = t->rel.kind == TD_TIMEX_REL_YEARLESS && t->precision == TD_TIMEX_PREC_MONTH ? b : a;
    size_t n = 0;
    long s = -1;
    for (long z = a - 800; z <= b + 801; z++) {
        int ok = 0;
        if (z <= b + 800) {
            char anchor[11], value[32];
            td_timex_value v;
            long va, vb;
            td_date_format_day(z, anchor);
            ok = td_timex_resolve(t, anchor, value) == TD_TIMEX_OK &&
                 td_timex_read_value(value, strlen(value), &v) && v.known;
            if (ok) td_timex_value_span(&v, &va, &vb);
            ok = ok && va <= b && vb >= a && (!looks_back || z > after);
        }
        if (ok && s < 0) s = z;
        if (!ok && s >= 0) {
            assert_true(n < max);
            lo[n] = s, hi[n] = z - 1, n++;
            s = -1;
        }
    }
    return n;
}

static void related_runs_match_every_day(void **state)
{
    (void)state;
    const char *text =
        "Talks held back in January resumed on Oct. 7, a day after Monday's call, and "
        "last week's meeting; yesterday the envoy said three years ago the sides met in "
        "the spring, next month they meet again, and this coming Sunday, on March 31, "
        "or in the fourth quarter they will sign. Two weeks ago it was Feb. 29.";
    static td_timex tx[64];
    size_t n;
    td_timex_find(text, strlen(text), NULL, tx, 64, &n);
    const char *spans[][2] = {{"2024-01-01", "2024-01-31"}, {"2024-10-03", "2024-10-03"},
                              {"2019-12-20", "2020-01-10"}, {"2013-06-07", "2013-06-09"}};
    const int dirs[] = {0, TD_TIMEX_DIR_ON_AFTER, TD_TIMEX_DIR_ON_BEFORE};
    size_t compared = 0;
    for (size_t i = 0; i < n; i++) {
        if (!tx[i].relative || tx[i].rel.kind == TD_TIMEX_REL_NONE || tx[i].type == TD_TIMEX_DURATION)
            continue;
        for (size_t d = 0; d < 3; d++)
            for (size_t h = 0; h < 4; h++) {
                td_datefer_related r = {.kind = TD_DATEFER_REFERS, .confidence = 1, .expr = tx[i]};
                if (d) r.expr.rel.dir = dirs[d];
                strcpy(r.lo, spans[h][0]);
                strcpy(r.hi, spans[h][1]);
                long a, b, lo[64], hi[64];
                assert_true(td_date_day(r.lo, &a) && td_date_day(r.hi, &b));
                size_t want = every_day(&r.expr, a, b, lo, hi, 64);
                td_datefer_evidence *ev = new_ev();
                assert_int_equal(td_datefer_relate(ev, &r, 1), TD_DATEFER_OK);
                assert_int_equal(ev->n, want);
                for (size_t k = 0; k < want; k++) {
                    assert_int_equal(ev->con[k].lo, lo[k]);
                    assert_int_equal(ev->con[k].hi, hi[k]);
                }
                free(ev);
                compared++;
            }
    }
    assert_true(compared >= 12 * 12); /* at least twelve expressions of the text */
}


static void related_articles(void **state)
{
    td_datefer_evidence *ev = new_ev();
    td_datefer_add_dates(ev, "2024", "2024", 2.0, TD_DATEFER_SRC_CALLER, "2024");
    td_datefer_related rel = {.kind = TD_DATEFER_SAME_STORY, .lo = "2024-05-16",
                              .hi = "2024-05-17", .confidence = 1.0};
    td_datefer_result r;
    assert_int_equal(td_datefer_refine(ev, NULL, &rel, 1, &r), TD_DATEFER_OK);
    assert_true(r.found);
    assert_string_equal(r.lo, "2024-05-09");
    assert_string_equal(r.hi, "2024-05-24");
    assert_int_equal(ev->n, 1); /* ev untouched */

    /* "last month", naming a happening of 13 April 2024: D in May */
    const char *s = "The attack last month changed the talks.";
    td_timex tx[4];
    size_t n;
    td_timex_find(s, strlen(s), NULL, tx, 4, &n);
    assert_int_equal(n, 1);
    td_datefer_related refers = {.kind = TD_DATEFER_REFERS, .lo = "2024-04-13", .hi = "2024-04-13",
                                 .confidence = 1.0, .expr = tx[0]};
    assert_int_equal(td_datefer_refine(NULL, NULL, &refers, 1, &r), TD_DATEFER_OK);
    assert_string_equal(r.lo, "2024-05-01");
    assert_string_equal(r.hi, "2024-05-31");

    /* a month named without a year is over: "back in January", naming a
     * round of January 2024, puts D from February 2024 */
    const char *jan = "The envoys met in Oman back in January.";
    td_timex_find(jan, strlen(jan), NULL, tx, 4, &n);
    assert_int_equal(n, 1);
    refers = (td_datefer_related){.kind = TD_DATEFER_REFERS, .lo = "2024-01-01",
                                  .hi = "2024-01-31", .confidence = 1.0, .expr = tx[0]};
    assert_int_equal(td_datefer_refine(NULL, NULL, &refers, 1, &r), TD_DATEFER_OK);
    assert_string_equal(r.lo, "2024-02-01");
    assert_true(strcmp(r.hi, "2024-06-30") > 0 && strcmp(r.hi, "2025-01-01") < 0);

    /* what a clause says of time */
    const char *ahead = "The union said it would hold rallies in October.";
    td_timex_find(ahead, strlen(ahead), NULL, tx, 4, &n);
    assert_int_equal(n, 1);
    assert_int_equal(td_datefer_tense(ahead, strlen(ahead), &tx[0]), 1);
    td_timex_find(jan, strlen(jan), NULL, tx, 4, &n);
    assert_true(td_datefer_tense(jan, strlen(jan), &tx[0]) <= 0);

    /* after one happening and before another, from the result alone */
    td_datefer_result own = {.found = 1, .year_known = 1, .lo = "2024-01-01", .hi = "2024-12-31",
                             .confidence = 0.9};
    td_datefer_related two[2] = {
        {.kind = TD_DATEFER_AFTER, .lo = "2024-01-10", .hi = "2024-01-12", .confidence = 0.9},
        {.kind = TD_DATEFER_BEFORE, .lo = "2024-05-12", .hi = "2024-05-14", .confidence = 0.9},
    };
    assert_int_equal(td_datefer_refine(NULL, &own, two, 2, &r), TD_DATEFER_OK);
    assert_string_equal(r.lo, "2024-01-11");
    assert_string_equal(r.hi, "2024-05-13");
    td_datefer_related bad = {.kind = 99, .lo = "2024-01-01", .hi = "2024-01-02"};
    assert_int_equal(td_datefer_refine(NULL, &own, &bad, 1, &r), TD_DATEFER_EINPUT);
    free(ev);
}

/* A wide interval resolves what every day of it agrees on; a month named
 * again takes the year it had before. */
static void stable_values_of_an_interval(void **state)
{
    const char *s = "A prisoner exchange last September opened the channel. The talks in "
                    "January were the first since the exchange in September. The envoys "
                    "met on Monday and will meet again in June.";
    td_timex tx[8];
    size_t n;
    assert_int_equal(td_timex_find(s, strlen(s), NULL, tx, 8, &n), TD_TIMEX_OK);
    assert_int_equal(n, 5);
    td_datefer_result res = {.found = 1, .year_known = 1, .lo = "2024-02-01", .hi = "2024-05-13",
                             .anchor = "2024-03-01"};
    assert_int_equal(td_datefer_resolve_stable(tx, n, &res), TD_TIMEX_OK);
    assert_string_equal(tx[0].value, "2023-09"); /* last September */
    assert_string_equal(tx[1].value, "2024-01"); /* January */
    assert_string_equal(tx[2].value, "2023-09"); /* September, as before */
    assert_false(tx[3].anchored);                /* Monday: which one is not known */
    assert_true(strncmp(tx[3].value, "XXXX", 4) == 0);
    res.year_known = 0;
    assert_int_equal(td_datefer_resolve_stable(tx, n, &res), TD_TIMEX_EANCHOR);
    (void)state;
}

/* -- the seeds -- */

typedef struct seed {
    char *text;
    size_t len;
} seed;

static int read_seeds(seed s[5])
{
    const char *shared = getenv("TD_SHARED");
    const char *src = getenv("TD_SOURCE_DIR");
    char dir[4096];
    if (shared) snprintf(dir, sizeof dir, "%s/seeds", shared);
    else snprintf(dir, sizeof dir, "%s/../shared/seeds", src ? src : ".");
    DIR *d = opendir(dir);
    if (!d) return 0;
    char *names[16];
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) && n < 16)
        if (e->d_name[0] != '.' && strstr(e->d_name, ".txt")) names[n++] = strdup(e->d_name);
    closedir(d);
    for (int i = 1; i < n; i++) /* byte order of names */
        for (int j = i; j > 0 && strcmp(names[j], names[j - 1]) < 0; j--) {
            char *t = names[j];
            names[j] = names[j - 1], names[j - 1] = t;
        }
    int ok = n == 5;
    for (int i = 0; ok && i < 5; i++) {
        char path[8192];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        FILE *f = fopen(path, "rb");
        assert_non_null(f);
        s[i].text = malloc(1 << 16);
        s[i].len = fread(s[i].text, 1, 1 << 16, f);
        fclose(f);
    }
    for (int i = 0; i < n; i++) free(names[i]);
    return ok;
}

/* Office facts (public records of the posts; dates as reported by the
 * governments concerned), standing in for the KB and the title finder,
 * which will supply the same records from the articles' own titles. */
static const td_kb_office araghchi[] = {
    {.role = "foreign minister", .country = "IRN", .start = "2024-08-21", .end = ""}};
static const td_kb_office paley[] = {
    {.role = "deputy special envoy", .country = "USA", .start = "2021", .end = "2023-06"},
    {.role = "acting special envoy", .country = "USA", .start = "2023-06", .end = ""}};
static const td_kb_office biden_aide[] = { /* the Biden administration's terms */
    {.role = "national security adviser", .country = "USA", .start = "2021-01-20",
     .end = "2025-01-20"},
    {.role = "secretary of state", .country = "USA", .start = "2021-01-26", .end = "2025-01-20"},
    {.role = "president", .country = "USA", .start = "2021-01-20", .end = "2025-01-20"}};

static void show(const char *what, int i, const td_datefer_result *r)
{
    print_message("seed %d %-22s found=%d %s..%s anchor %s conf %.2f (%s)\n", i, what, r->found,
                  r->lo, r->hi, r->anchor, r->confidence, r->why);
}

static int days_between(const char *a, const char *b)
{
    int y1, m1, d1, y2, m2, d2;
    sscanf(a, "%d-%d-%d", &y1, &m1, &d1);
    sscanf(b, "%d-%d-%d", &y2, &m2, &d2);
    return (y2 - y1) * 365 + (m2 - m1) * 30 + (d2 - d1); /* roughly */
}

static void seeds(void **state)
{
    seed s[5];
    if (!read_seeds(s)) skip();
    td_datefer_evidence *ev[5];
    td_datefer_result text_only[5], r[5];
    for (int i = 0; i < 5; i++) {
        ev[i] = new_ev();
        assert_int_equal(td_datefer_from_text(ev[i], s[i].text, s[i].len), TD_DATEFER_OK);
        infer(ev[i], &text_only[i]);
        show("text alone", i, &text_only[i]);
    }
    /* the offices each report names (file 0: the Iranian foreign minister;
     * 1: the deputy envoy, the national security adviser; 2 and 4: the
     * acting envoy, the president; 3: the envoy, the secretary of state) */
    td_datefer_add_tenure(ev[0], araghchi, 1, "foreign minister", "IRN", 0, "A", 0, 0);
    td_datefer_add_tenure(ev[1], paley, 2, "special envoy", "USA", TD_ROLE_DEPUTY, "P", 0, 0);
    td_datefer_add_tenure(ev[1], biden_aide, 3, "national security adviser", "USA", 0, "S", 0, 0);
    for (int i = 2; i <= 4; i += 2) {
        td_datefer_add_tenure(ev[i], paley, 2, "special envoy", "USA", TD_ROLE_ACTING, "P", 0, 0);
        td_datefer_add_tenure(ev[i], biden_aide, 3, "president", "USA", 0, "B", 0, 0);
    }
    td_datefer_add_tenure(ev[3], paley, 2, "acting special envoy", "USA", 0, "P", 0, 0);
    td_datefer_add_tenure(ev[3], biden_aide, 3, "secretary of state", "USA", 0, "B", 0, 0);
    for (int i = 0; i < 5; i++) {
        infer(ev[i], &r[i]);
        show("with offices", i, &r[i]);
    }
    /* across articles: 1 and 4 report the round that 2 reports (one story);
     * 3's round comes before it (2 calls it the first since January, 3
     * says no second meeting has taken place) */
    td_datefer_result fin[5];
    fin[0] = r[0], fin[2] = r[2];
    td_datefer_related same = {.kind = TD_DATEFER_SAME_STORY, .confidence = r[2].confidence};
    memcpy(same.lo, r[2].lo, 11), memcpy(same.hi, r[2].hi, 11);
    if (same.confidence < 0.5) same.confidence = 0.5;
    for (int i = 1; i <= 4; i += 3) {
        assert_int_equal(td_datefer_refine(ev[i], &r[i], &same, 1, &fin[i]), TD_DATEFER_OK);
        show("with the story", i, &fin[i]);
    }
    /* and 3's "January" names the round that 2, dated, calls the one
     * "since January": January of 2's year */
    td_datefer_related thread[2] = {{.kind = TD_DATEFER_BEFORE, .confidence = 0.9},
                                    {.kind = TD_DATEFER_REFERS, .confidence = 0.9}};
    memcpy(thread[0].lo, r[2].lo, 11), memcpy(thread[0].hi, r[2].lo, 11);
    td_timex tx[64];
    size_t ntx;
    td_timex_find(s[3].text, s[3].len, NULL, tx, 64, &ntx);
    size_t jan = 0;
    while (jan < ntx && strcmp(tx[jan].value, "XXXX-01") != 0) jan++;
    assert_true(jan < ntx);
    thread[1].expr = tx[jan];
    snprintf(thread[1].lo, 11, "%.4s-01-01", r[2].lo);
    snprintf(thread[1].hi, 11, "%.4s-01-31", r[2].lo);
    assert_int_equal(td_datefer_refine(ev[3], &r[3], thread, 2, &fin[3]), TD_DATEFER_OK);
    show("with the thread", 3, &fin[3]);

    /* the targets */
    assert_true(fin[0].found && within(fin[0].lo, "2024-10-01", "2024-10-31") &&
                within(fin[0].hi, "2024-10-01", "2024-10-31"));
    for (int i = 1; i <= 4; i++) {
        if (i == 3) continue;
        assert_true(fin[i].found && fin[i].year_known);
        assert_true(within(fin[i].lo, "2024-05-01", "2024-05-31"));
        assert_true(days_between(fin[i].lo, fin[i].hi) <= 31);
        assert_true(within("2024-05-17", fin[i].lo, fin[i].hi)); /* the round's report */
    }
    assert_true(fin[3].found && within(fin[3].lo, "2024-02-01", "2024-02-29") &&
                within(fin[3].hi, "2024-04-01", "2024-05-31"));
    for (int i = 0; i < 5; i++) {
        free(s[i].text);
        free(ev[i]);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(explicit_past_date),
        cmocka_unit_test(future_date_bounds_above),
        cmocka_unit_test(no_evidence_no_interval),
        cmocka_unit_test(yearless_without_year_evidence),
        cmocka_unit_test(weekday_and_date_pick_the_year),
        cmocka_unit_test(bare_weekday_prefers_that_day),
        cmocka_unit_test(duration_after_a_date),
        cmocka_unit_test(this_year_keeps_a_month_in_the_year),
        cmocka_unit_test(since_is_not_recent),
        cmocka_unit_test(conflict_drops_the_weakest),
        cmocka_unit_test(crawl_time_is_never_dropped),
        cmocka_unit_test(bad_input),
        cmocka_unit_test(tenure_pins_the_year),
        cmocka_unit_test(former_and_second_terms),
        cmocka_unit_test(related_articles),
        cmocka_unit_test(related_runs_match_every_day),
        cmocka_unit_test(stable_values_of_an_interval),
        cmocka_unit_test(seeds),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
