/* Unit tests: quantities (src/extract/quantity.c), with sentences written
 * for each rule. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "extract/quantity.h"

#define MAXQ 32

typedef struct found {
    td_quantity q[MAXQ];
    size_t n;
    const char *text;
} found;

static void scan(found *f, const char *text)
{
    f->text = text;
    assert_int_equal(td_quantity_find(text, strlen(text), f->q, MAXQ, &f->n), TD_QUANTITY_OK);
}

static const td_quantity *get(const found *f, const char *want)
{
    size_t l = strlen(want);
    for (size_t k = 0; k < f->n; k++)
        if (f->q[k].end - f->q[k].start == l && memcmp(f->text + f->q[k].start, want, l) == 0)
            return &f->q[k];
    for (size_t k = 0; k < f->n; k++)
        print_message("  found [%.*s] %g\n", (int)(f->q[k].end - f->q[k].start),
                      f->text + f->q[k].start, f->q[k].value);
    fail_msg("no quantity [%s] in: %s", want, f->text);
    return NULL;
}

static void near(double got, double want)
{
    if (isinf(want)) {
        assert_true(isinf(got));
        return;
    }
    if (fabs(got - want) > 1e-6 * (fabs(want) > 1 ? fabs(want) : 1))
        fail_msg("%.10g != %.10g", got, want);
}

static const char *counts(const found *f, const td_quantity *q, char *buf, size_t cap)
{
    snprintf(buf, cap, "%.*s", (int)(q->counts_end - q->counts_start), f->text + q->counts_start);
    return buf;
}

/* The examples of the issue. */
static void loose_counts_of_news(void **state)
{
    found f;
    char b[64];
    scan(&f, "Iran fired nearly 200 ballistic missiles; in April, more than 300 missiles and "
             "drones, then 350 ballistic missiles and drones. About 100 troops stayed. "
             "Hundreds of missiles fell.");
    const td_quantity *q = get(&f, "nearly 200 ballistic missiles");
    near(q->value, 200);
    assert_int_equal(q->approx, '<');
    near(q->high, 200);
    assert_true(q->low > 150 && q->low < 200);
    assert_string_equal(q->unit, "ballistic missiles");
    assert_string_equal(counts(&f, q, b, sizeof b), "ballistic missiles");
    assert_int_equal(q->kind, TD_QUANTITY_COUNT);

    q = get(&f, "more than 300 missiles and drones");
    assert_int_equal(q->approx, '>');
    near(q->low, 300);
    assert_true(isinf(q->high));
    assert_string_equal(q->unit, "missiles and drones");

    q = get(&f, "350 ballistic missiles and drones");
    assert_int_equal(q->approx, '=');
    near(q->low, 350);
    near(q->high, 350);
    assert_string_equal(q->unit, "ballistic missiles and drones");

    q = get(&f, "About 100 troops");
    assert_int_equal(q->approx, '~');
    near(q->low, 90);
    near(q->high, 110);
    assert_string_equal(q->unit, "troops");

    q = get(&f, "Hundreds of missiles");
    assert_int_equal(q->approx, '~');
    near(q->low, 200);
    near(q->high, 999);
    assert_string_equal(q->unit, "missiles");
}

static void money_and_shares(void **state)
{
    found f;
    char b[64];
    scan(&f, "The fund gave $2.5 million in aid, won 30% of the vote, paid €3bn and "
             "£8.10 million, lost 1,200 yuan, cut 5 percent, and paid 15 dollars and 50 cents.");
    const td_quantity *q = get(&f, "$2.5 million");
    near(q->value, 2.5e6);
    assert_int_equal(q->kind, TD_QUANTITY_MONEY);
    assert_string_equal(q->unit, "$");
    snprintf(b, sizeof b, "%.*s", (int)(q->about_end - q->about_start), f.text + q->about_start);
    assert_string_equal(b, "aid");
    q = get(&f, "30%");
    assert_int_equal(q->kind, TD_QUANTITY_PERCENT);
    snprintf(b, sizeof b, "%.*s", (int)(q->about_end - q->about_start), f.text + q->about_start);
    assert_string_equal(b, "the vote");
    near(get(&f, "€3bn")->value, 3e9);
    assert_string_equal(get(&f, "€3bn")->unit, "€");
    near(get(&f, "£8.10 million")->value, 8.1e6);
    assert_string_equal(get(&f, "1,200 yuan")->unit, "CNY");
    near(get(&f, "5 percent")->value, 5);
    near(get(&f, "15 dollars and 50 cents")->value, 15.5);
}

static void numbers_in_words_and_fractions(void **state)
{
    found f;
    scan(&f, "There were twenty-four ships, one hundred and sixty-one boats, a dozen tanks, "
             "two-thirds of the town, two and a half million people, 2 1/2 tons and three "
             "quarters of them.");
    near(get(&f, "twenty-four ships")->value, 24);
    near(get(&f, "one hundred and sixty-one boats")->value, 161);
    near(get(&f, "a dozen tanks")->value, 12);
    near(get(&f, "two-thirds")->value, 2.0 / 3);
    near(get(&f, "two and a half million people")->value, 2.5e6);
    near(get(&f, "2 1/2 tons")->value, 2.5);
    near(get(&f, "three quarters")->value, 0.75);
}

static void ranges_and_vague_counts(void **state)
{
    found f;
    scan(&f, "Between 200 and 300 people, 10-15 vehicles, tens of thousands of refugees, "
             "several villages, dozens of homes and up to 700 workers.");
    const td_quantity *q = get(&f, "Between 200 and 300 people");
    near(q->low, 200);
    near(q->high, 300);
    q = get(&f, "10-15 vehicles");
    near(q->low, 10);
    near(q->high, 15);
    q = get(&f, "tens of thousands of refugees");
    near(q->low, 10000);
    near(q->high, 99000);
    q = get(&f, "several villages");
    near(q->low, 3);
    q = get(&f, "dozens of homes");
    near(q->low, 24);
    q = get(&f, "up to 700 workers");
    assert_int_equal(q->approx, '<');
    near(q->high, 700);
    near(q->low, 0);
}

static void measures(void **state)
{
    found f;
    scan(&f, "A 6-mile walk, 190,000 square meters, 40 km, 16,000 metric tons, "
             "5 feet 2 inches and 188 miles an hour.");
    assert_string_equal(get(&f, "6-mile")->unit, "mi");
    assert_string_equal(get(&f, "190,000 square meters")->unit, "m2");
    assert_int_equal(get(&f, "40 km")->kind, TD_QUANTITY_MEASURE);
    assert_string_equal(get(&f, "16,000 metric tons")->unit, "t");
    near(get(&f, "5 feet 2 inches")->value, 5 + 2.0 / 12);
    assert_string_equal(get(&f, "188 miles an hour")->unit, "mph");
}

static void not_quantities(void **state)
{
    found f;
    /* dates, times, ordinals and codes are for timex.c or nobody */
    scan(&f, "On May 17, 2024 at 10:30 a.m., the 3rd unit of A320 jets met in 1998; "
             "the one we saw.");
    assert_int_equal(f.n, 0);
    /* but a year-like count is a count */
    scan(&f, "1900 troops arrived.");
    near(get(&f, "1900 troops")->value, 1900);
}

static void scale_letters_and_signs(void **state)
{
    found f;
    scan(&f, "Revenue of $3bn, 10k users, US$ 1MM, -9.5 degrees and minus five.");
    near(get(&f, "$3bn")->value, 3e9);
    near(get(&f, "10k users")->value, 1e4);
    near(get(&f, "US$ 1MM")->value, 1e6);
    near(get(&f, "-9.5 degrees")->value, -9.5);
    near(get(&f, "minus five")->value, -5);
}

static void one_number_reader(void **state)
{
    double v;
    assert_int_equal(td_quantity_number("1,234,567 more", 15, &v), 9);
    near(v, 1234567);
    assert_int_equal(td_quantity_number("two hundred and five", 20, &v), 20);
    near(v, 205);
    assert_int_equal(td_quantity_number("2.5 million", 11, &v), 11);
    near(v, 2.5e6);
    assert_int_equal(td_quantity_number("none here", 9, &v), 0);
}

static void explicit_length_full_and_odd_bytes(void **state)
{
    td_quantity q[2];
    size_t n;
    /* only len bytes count: "300" is cut to "30" */
    assert_int_equal(td_quantity_find("30012", 2, q, 2, &n), TD_QUANTITY_OK);
    assert_int_equal(n, 1);
    near(q[0].value, 30);
    assert_int_equal(td_quantity_find("1 a, 2 b, 3 c", 13, q, 2, &n), TD_QUANTITY_FULL);
    assert_int_equal(n, 2);
    unsigned seed = 777;
    char junk[20000];
    for (size_t k = 0; k < sizeof junk; k++) {
        seed = seed * 1103515245u + 12345u;
        junk[k] = (char)(seed >> 16);
    }
    td_quantity many[512];
    int rc = td_quantity_find(junk, sizeof junk, many, 512, &n);
    assert_true(rc == TD_QUANTITY_OK || rc == TD_QUANTITY_FULL);
    for (size_t k = 0; k < n; k++) {
        assert_true(many[k].start < many[k].end);
        assert_true(many[k].end <= sizeof junk);
        assert_true(many[k].counts_end <= sizeof junk);
        assert_true(strlen(many[k].unit) < sizeof many[k].unit);
    }
    assert_int_equal(td_quantity_find(NULL, 0, q, 2, &n), TD_QUANTITY_OK);
    assert_int_equal(n, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(loose_counts_of_news),
        cmocka_unit_test(money_and_shares),
        cmocka_unit_test(numbers_in_words_and_fractions),
        cmocka_unit_test(ranges_and_vague_counts),
        cmocka_unit_test(measures),
        cmocka_unit_test(not_quantities),
        cmocka_unit_test(scale_letters_and_signs),
        cmocka_unit_test(one_number_reader),
        cmocka_unit_test(explicit_length_full_and_odd_bytes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
