/* Unit tests: arena, capped buffer, UTF-8 checks, hashing, date parsing. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/arena.h"
#include "util/buf.h"
#include "util/date.h"
#include "util/lexhash.h"
#include "util/text.h"

static void arena_allocates_aligned_and_big_blocks(void **state)
{
    td_arena a;
    td_arena_init(&a);
    for (int i = 0; i < 1000; i++) {
        char *p = td_arena_alloc(&a, (size_t)i + 1);
        assert_non_null(p);
        assert_int_equal((uintptr_t)p % 16, 0);
        memset(p, 'x', (size_t)i + 1);
    }
    char *big = td_arena_alloc(&a, 1 << 20);
    assert_non_null(big);
    memset(big, 0, 1 << 20);
    assert_string_equal(td_arena_printf(&a, "%d-%s", 7, "x"), "7-x");
    assert_string_equal(td_arena_strndup(&a, "hello", 3), "hel");
    assert_null(td_arena_strdup(&a, NULL));
    td_arena_free(&a);
}

static void buf_respects_its_cap(void **state)
{
    td_buf b;
    td_buf_init(&b, 8);
    assert_int_equal(td_buf_puts(&b, "1234"), TD_BUF_OK);
    assert_int_equal(td_buf_puts(&b, "5678"), TD_BUF_OK);
    assert_int_equal(td_buf_putc(&b, '9'), TD_BUF_FULL);
    assert_int_equal(b.len, 8);
    assert_string_equal(b.data, "12345678");
    size_t n;
    char *s = td_buf_steal(&b, &n);
    assert_int_equal(n, 8);
    free(s);
    assert_null(b.data);
}

static void utf8_validation(void **state)
{
    assert_true(td_utf8_valid("plain", 5));
    assert_true(td_utf8_valid("caf\xc3\xa9", 5));
    assert_false(td_utf8_valid("caf\xe9", 4));          /* latin-1 */
    assert_false(td_utf8_valid("\xc0\xaf", 2));          /* overlong */
    assert_false(td_utf8_valid("\xed\xa0\x80", 3));      /* surrogate */
    assert_false(td_utf8_valid("\xf4\x90\x80\x80", 4));  /* > U+10FFFF */
    assert_int_equal(td_utf8_valid_prefix("ab\xe2\x82", 4), 2); /* cut sequence */
    /* the decoder agrees: a byte that starts no sequence (0xF8 and up
     * among them) reads as U+FFFD of length 1 */
    uint32_t cp;
    assert_int_equal(td_utf8_decode_seq("\xf8\x90\x80\x80", 4, 0, &cp), 1);
    assert_int_equal(cp, 0xFFFD);
    assert_int_equal(td_utf8_decode_seq("\xf0\x90\x80\x80", 4, 0, &cp), 4);
    assert_int_equal(cp, 0x10000);
    assert_int_equal(td_utf8_decode_seq("\xc3\xa9", 2, 0, &cp), 2);
    assert_int_equal(td_utf8_decode_seq("\xed\xa0\x80", 3, 0, &cp), 1);
}

static void squash_and_hash(void **state)
{
    td_arena a;
    td_arena_init(&a);
    assert_string_equal(td_squash_space(&a, "  a \n\t b\xc2\xa0" "c  ", 13), "a b c");
    char h1[33], h2[33];
    td_hash128_hex("abc", 3, h1);
    td_hash128_hex("abd", 3, h2);
    assert_int_equal(strlen(h1), 32);
    assert_string_not_equal(h1, h2);
    td_hash128_hex("abc", 3, h2);
    assert_string_equal(h1, h2);
    td_arena_free(&a);
}

static void check_date(td_arena *a, const char *in, const char *want)
{
    const char *got = td_date_parse(a, in, strlen(in));
    if (!want) {
        if (got) fail_msg("'%s' parsed as %s, expected no date", in, got);
        return;
    }
    if (!got) fail_msg("'%s' did not parse, expected %s", in, want);
    assert_string_equal(got, want);
}

static void dates_in_every_news_format(void **state)
{
    td_arena a;
    td_arena_init(&a);
    check_date(&a, "2024-05-17", "2024-05-17");
    check_date(&a, "2024-05-17T08:30:00Z", "2024-05-17T08:30:00Z");
    check_date(&a, "2024-05-17T08:30:00.123+02:00", "2024-05-17T06:30:00Z");
    check_date(&a, "2024-05-17 23:30:00-0500", "2024-05-18T04:30:00Z");
    check_date(&a, "Fri, 17 May 2024 08:30:00 GMT", "2024-05-17T08:30:00Z");
    check_date(&a, "Fri, 17 May 2024 08:30:00 EDT", "2024-05-17T12:30:00Z");
    check_date(&a, "Friday, 17 May 2024 08:30 +0000", "2024-05-17T08:30:00Z");
    check_date(&a, "May 17, 2024", "2024-05-17");
    check_date(&a, "Sept. 3, 2025", "2025-09-03");
    check_date(&a, "17 May 2024", "2024-05-17");
    check_date(&a, "June 4th, 2025 3:15 pm", "2025-06-04T15:15:00Z");
    check_date(&a, "2024/05/17", "2024-05-17");
    check_date(&a, "20240517", "2024-05-17");
    check_date(&a, "2024-02-29", "2024-02-29");
    check_date(&a, "2023-02-29", NULL);
    check_date(&a, "2024-13-01", NULL);
    check_date(&a, "Monday", NULL);
    check_date(&a, "last week", NULL);
    check_date(&a, "", NULL);
    check_date(&a, "99999999999999999999", NULL);
    td_arena_free(&a);
}

/* Where day intervals agree: the span most of them hold, the earliest
 * when two spans are held by as many. */
static void intervals_agree_where_most_hold(void **state)
{
    (void)state;
    long from = -1, to = -1;
    assert_int_equal(td_date_agreed(NULL, NULL, 0, &from, &to), 0);
    /* three overlap on days 12..13; the fourth lies apart */
    long lo[] = {10, 12, 11, 40}, hi[] = {13, 20, 15, 50};
    assert_int_equal(td_date_agreed(lo, hi, 4, &from, &to), 3);
    assert_int_equal(from, 12);
    assert_int_equal(to, 13);
    /* one wide interval holding two narrow ones that do not meet: each
     * narrow one is held by two, the earlier wins */
    long lo2[] = {0, 30, 5}, hi2[] = {100, 31, 6};
    assert_int_equal(td_date_agreed(lo2, hi2, 3, &from, &to), 2);
    assert_int_equal(from, 5);
    assert_int_equal(to, 6);
    /* one interval is its own span */
    long lo3[] = {30}, hi3[] = {31};
    assert_int_equal(td_date_agreed(lo3, hi3, 1, &from, &to), 1);
    assert_int_equal(from, 30);
    assert_int_equal(to, 31);

    /* against counting every day, on intervals drawn at random (a fixed
     * sequence): the depth, and the first and last day of the earliest
     * deepest span */
    unsigned long r = 12345;
    for (int round = 0; round < 200; round++) {
        enum { N = 12, DAYS = 60 };
        long l[N], h[N];
        size_t n = 1 + round % N;
        for (size_t i = 0; i < n; i++) {
            r = r * 6364136223846793005UL + 1442695040888963407UL;
            l[i] = (long)((r >> 33) % DAYS);
            r = r * 6364136223846793005UL + 1442695040888963407UL;
            h[i] = l[i] + (long)((r >> 33) % 20);
        }
        size_t want = 0;
        long wfrom = 0, wto = 0;
        for (long d = 0; d < DAYS + 20; d++) {
            size_t depth = 0;
            for (size_t i = 0; i < n; i++) depth += l[i] <= d && d <= h[i];
            if (depth > want) want = depth, wfrom = wto = d;
            else if (want && depth == want && wto == d - 1) {
                /* the span runs on while the same intervals hold */
                size_t same = 1;
                for (size_t i = 0; i < n; i++)
                    if ((l[i] <= d && d <= h[i]) != (l[i] <= wfrom && wfrom <= h[i])) same = 0;
                if (same) wto = d;
            }
        }
        assert_int_equal(td_date_agreed(l, h, n, &from, &to), want);
        assert_int_equal(from, wfrom);
        assert_int_equal(to, wto);
    }
}

static void lexhash_finds_words_in_any_case(void **state)
{
    static td_lexhash h; /* 2048 slots: too big for the stack of a test */
    memset(&h, 0, sizeof h);
    static const char *const words[] = {"april", "monday", "monday", "q1", "mid-year", "o'clock"};
    for (unsigned k = 0; k < 6; k++)
        assert_int_equal(td_lexhash_add(&h, words[k], strlen(words[k]), k), 0);
    assert_int_equal(h.n, 5);                                /* a repeated word keeps its first */
    assert_int_equal(td_lexhash_find(&h, "Monday", 6), 1);
    assert_int_equal(td_lexhash_find(&h, "APRIL", 5), 0);
    assert_int_equal(td_lexhash_find(&h, "Q1", 2), 3);
    assert_int_equal(td_lexhash_find(&h, "mid-year", 8), 4);
    assert_int_equal(td_lexhash_find(&h, "o'clock", 7), 5);
    assert_int_equal(td_lexhash_find(&h, "mondays", 7), -1);
    assert_int_equal(td_lexhash_find(&h, "mon", 3), -1);
    assert_int_equal(td_lexhash_find(&h, "", 0), -1);
    assert_int_equal(td_lexhash_add(&h, "", 0, 9), -1);
    /* at most half full */
    static char pool[TD_LEXHASH_SLOTS][8]; /* the table keeps pointers */
    int refused = 0;
    for (unsigned k = 0; k < TD_LEXHASH_SLOTS && !refused; k++) {
        snprintf(pool[k], sizeof pool[k], "w%u", k);
        refused = td_lexhash_add(&h, pool[k], strlen(pool[k]), 10) < 0;
    }
    assert_true(refused);
    assert_int_equal(h.n, TD_LEXHASH_SLOTS / 2);
    (void)state;
}

static void dates_as_unix_seconds(void **state)
{
    (void)state;
    assert_int_equal(td_date_unix("1970-01-01"), 0);
    assert_int_equal(td_date_unix("2024-05-17"), 1715904000);
    /* the time of day counts to the second; a zone suffix is UTC's */
    assert_int_equal(td_date_unix("2024-05-17T08:30:05Z"), 1715904000 + 8 * 3600 + 30 * 60 + 5);
    assert_int_equal(td_date_unix("2024-05-17T08"), 1715904000);
    assert_int_equal(td_date_unix("1969-12-31"), -86400);
    assert_int_equal(td_date_unix(NULL), 0);
    assert_int_equal(td_date_unix(""), 0);
    assert_int_equal(td_date_unix("2024-05"), 0);
    assert_int_equal(td_date_unix("yesterday!"), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(arena_allocates_aligned_and_big_blocks),
        cmocka_unit_test(buf_respects_its_cap),
        cmocka_unit_test(utf8_validation),
        cmocka_unit_test(lexhash_finds_words_in_any_case),
        cmocka_unit_test(squash_and_hash),
        cmocka_unit_test(dates_in_every_news_format),
        cmocka_unit_test(intervals_agree_where_most_hold),
        cmocka_unit_test(dates_as_unix_seconds),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
