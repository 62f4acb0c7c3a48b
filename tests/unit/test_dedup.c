/* Unit tests: exact and near-duplicate articles. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dedup/dedup.h"
#include "util/mem.h"

/* A made-up text of n words drawn from a vocabulary of 5,000, from a seed:
 * different seeds give unrelated texts. */
static char *fake_text(uint64_t seed, size_t n)
{
    char *s = malloc(n * 12 + 1);
    size_t o = 0;
    uint64_t x = seed * 0x9E3779B97F4A7C15ULL + 1;
    for (size_t i = 0; i < n; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        o += (size_t)sprintf(s + o, "%sw%u", i ? " " : "", (unsigned)(x % 5000));
    }
    s[o] = '\0';
    return s;
}

/* Replaces every k-th word of s (in place) by a new one: a light rewrite. */
static void rewrite_every(char *s, size_t k)
{
    size_t word = 0;
    for (char *p = s; *p; p++) {
        if (p == s || p[-1] == ' ') {
            if (++word % k == 0) *p = 'v'; /* "w123" becomes "v123" */
        }
    }
}

static td_dedup_index *new_index(size_t max_articles)
{
    td_dedup_config c;
    td_dedup_config_default(&c);
    if (max_articles) c.max_articles = max_articles;
    td_dedup_index *ix;
    assert_int_equal(td_dedup_index_new(&c, &ix), TD_DEDUP_OK);
    return ix;
}

static int add(td_dedup_index *ix, int64_t id, const char *s, int64_t *dup, double *sim)
{
    return td_dedup_add(ix, id, s, strlen(s), dup, sim);
}

static void exact_copies(void **state)
{
    td_dedup_index *ix = new_index(0);
    int64_t dup;
    double sim;
    const char *a = "Senior officials held indirect talks in Oman this week, the first since January.";
    const char *b = "senior officials  held indirect TALKS in Oman this week -- the first since January";
    assert_int_equal(add(ix, 1, a, &dup, &sim), 0);
    assert_int_equal(dup, 0);
    assert_int_equal(add(ix, 2, b, &dup, &sim), 1);
    assert_int_equal(dup, 1);
    assert_true(sim == 1.0);
    /* a short text is folded only when exact */
    assert_int_equal(add(ix, 3, "Breaking news", &dup, &sim), 0);
    assert_int_equal(add(ix, 4, "BREAKING NEWS!", &dup, &sim), 1);
    assert_int_equal(dup, 3);
    assert_int_equal(add(ix, 5, "Breaking news today", &dup, &sim), 0);
    /* an empty text is never a copy */
    assert_int_equal(add(ix, 6, "", &dup, &sim), 0);
    assert_int_equal(add(ix, 7, "  ", &dup, &sim), 0);
    td_dedup_stats st;
    td_dedup_get_stats(ix, &st);
    assert_int_equal(st.exact, 2);
    td_dedup_index_free(ix);
}

/* The exact hash runs in four lanes (words 0, 4, 8... in one): texts of
 * every length up to a few lanes are found, and the same words in another
 * order, or one word fewer, are not exact copies. */
static void exact_copies_in_lanes(void **state)
{
    static const char *const words[] = { "orland", "vesta", "kessel", "tarn", "envoys",
                                         "talks", "mediators", "harbour", "bridge", "vance" };
    td_dedup_index *ix = new_index(0);
    int64_t id = 1, dup;
    double sim;
    char text[256], copy[256], swapped[256];
    for (size_t n = 1; n <= 10; n++) {
        size_t o = 0, oc = 0, os = 0;
        for (size_t i = 0; i < n; i++) {
            /* the copy in capitals with other spacing; the swap exchanges
             * the words of lanes 0 and 1 */
            o += (size_t)snprintf(text + o, sizeof text - o, "%s%s%zu", i ? " " : "", words[i], n);
            oc += (size_t)snprintf(copy + oc, sizeof copy - oc, "%s%s%zu", i ? "   " : "",
                                   words[i], n);
            size_t j = n >= 2 && i < 2 ? 1 - i : i;
            os += (size_t)snprintf(swapped + os, sizeof swapped - os, "%s%s%zu", i ? " " : "",
                                   words[j], n);
        }
        for (char *p = copy; *p; p++)
            if (*p >= 'a' && *p <= 'z') *p = (char)(*p - 32);
        int64_t orig = id;
        assert_int_equal(add(ix, id++, text, &dup, &sim), 0);
        assert_int_equal(add(ix, id++, copy, &dup, &sim), 1);
        assert_int_equal(dup, orig);
        assert_true(sim == 1.0);
        if (n >= 2) {
            td_dedup_match m;
            td_text_words w;
            td_text_words_init(&w, 0);
            assert_int_equal(td_text_tokenize(&w, swapped, strlen(swapped)), TD_TEXT_OK);
            assert_true(td_dedup_add_words(ix, id++, &w, &m) >= 0);
            assert_int_equal(m.exact, 0);
            /* one word fewer */
            w.n--;
            assert_true(td_dedup_add_words(ix, id++, &w, &m) >= 0);
            assert_int_equal(m.exact, 0);
            td_text_words_free(&w);
        }
    }
    td_dedup_index_free(ix);
    (void)state;
}

static void near_copies(void **state)
{
    td_dedup_index *ix = new_index(0);
    int64_t dup;
    double sim;
    /* 200 unrelated articles, then copies of some with clutter added, a
     * few words rewritten, or a paragraph cut */
    char *orig[200];
    for (int i = 0; i < 200; i++) {
        orig[i] = fake_text((uint64_t)i + 1, 300);
        assert_int_equal(add(ix, i + 1, orig[i], &dup, &sim), 0);
    }
    for (int i = 0; i < 200; i += 10) {
        size_t n = strlen(orig[i]);
        char *c = malloc(n + 200);
        memcpy(c, orig[i], n + 1);
        strcat(c, " Read more about this story. Sign up for our newsletter.");
        assert_int_equal(add(ix, 1000 + i, c, &dup, &sim), 1);
        assert_int_equal(dup, i + 1);
        assert_true(sim >= 0.8);
        /* a copy of the copy points to the first article */
        strcat(c, " Share this.");
        assert_int_equal(add(ix, 2000 + i, c, &dup, &sim), 1);
        assert_int_equal(dup, i + 1);
        /* every 40th word changed: shingle Jaccard about 0.78 */
        memcpy(c, orig[i], n + 1);
        rewrite_every(c, 40);
        assert_int_equal(add(ix, 3000 + i, c, &dup, &sim), 1);
        assert_int_equal(dup, i + 1);
        /* the first half only: Jaccard about 0.5, not a copy */
        memcpy(c, orig[i], n / 2);
        c[n / 2] = '\0';
        assert_int_equal(add(ix, 4000 + i, c, &dup, &sim), 0);
        /* every 4th word changed: a different text */
        memcpy(c, orig[i], n + 1);
        rewrite_every(c, 4);
        assert_int_equal(add(ix, 5000 + i, c, &dup, &sim), 0);
        free(c);
    }
    td_dedup_stats st;
    td_dedup_get_stats(ix, &st);
    assert_int_equal(st.near, 60);
    assert_true(st.bytes > 0);
    for (int i = 0; i < 200; i++) free(orig[i]);
    td_dedup_index_free(ix);
}

static void sketches(void **state)
{
    td_dedup_index *ix = new_index(0);
    td_text_words w;
    td_text_words_init(&w, 0);
    uint16_t a[TD_DEDUP_BINS], b[TD_DEDUP_BINS];
    char *t = fake_text(7, 500);
    td_text_tokenize(&w, t, strlen(t));
    assert_int_equal(td_dedup_sketch(ix, &w, a), 496); /* 500 - 5 + 1 shingles */
    td_dedup_sketch(ix, &w, b);
    assert_true(td_dedup_similarity(a, b) == 1.0);
    char *u = fake_text(8, 500);
    td_text_tokenize(&w, u, strlen(u));
    td_dedup_sketch(ix, &w, b);
    assert_true(td_dedup_similarity(a, b) < 0.1);
    /* fewer words than a shingle: one shingle */
    td_text_tokenize(&w, "two words", 9);
    assert_int_equal(td_dedup_sketch(ix, &w, b), 1);
    /* shingle hashes roll from one to the next: the same words in another
     * order are other shingles, and each shingle depends on its words only
     * (the same text behind a different first word shares all but one) */
    td_text_tokenize(&w, "words two", 9);
    td_dedup_sketch(ix, &w, a);
    assert_true(td_dedup_similarity(a, b) < 0.1);
    const char *p1 = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu";
    const char *p2 = "omega beta gamma delta epsilon zeta eta theta iota kappa lambda mu";
    td_text_tokenize(&w, p1, strlen(p1));
    assert_int_equal(td_dedup_sketch(ix, &w, a), 8);
    td_text_tokenize(&w, p2, strlen(p2));
    td_dedup_sketch(ix, &w, b);
    double sim = td_dedup_similarity(a, b);
    assert_true(sim > 0.5 && sim < 1.0); /* 7 of 9 shingles shared: J = 0.78 */
    free(t);
    free(u);
    td_text_words_free(&w);
    td_dedup_index_free(ix);
}

static void memory_is_bounded(void **state)
{
    /* generations of 100 articles: after 1,000 the index holds at most 200,
     * copies of recent articles are found, of old ones not */
    td_dedup_index *ix = new_index(100);
    int64_t dup;
    double sim;
    char *first = fake_text(1, 100);
    for (int i = 0; i < 1000; i++) {
        char *t = fake_text((uint64_t)i + 1, 100);
        assert_int_equal(add(ix, i + 1, t, &dup, &sim), 0);
        free(t);
    }
    td_dedup_stats st;
    td_dedup_get_stats(ix, &st);
    assert_true(st.indexed <= 200);
    assert_int_equal(add(ix, 5000, first, &dup, &sim), 0);
    char *recent = fake_text(1000, 100);
    assert_int_equal(add(ix, 5001, recent, &dup, &sim), 1);
    assert_int_equal(dup, 1000);
    free(first);
    free(recent);
    td_dedup_index_free(ix);
}

static int add_at(td_dedup_index *ix, td_text_words *w, int64_t id, int64_t t,
                  const char *s, int64_t *dup)
{
    td_text_tokenize(w, s, strlen(s));
    td_dedup_match m;
    int rc = td_dedup_add_words_at(ix, id, t, w, &m);
    *dup = m.dup_of;
    return rc;
}

static void bounded_by_time(void **state)
{
    /* generations of a day: a copy finds an original one to two days
     * older, not one older than two days; undated articles do not end a
     * generation */
    td_dedup_config c;
    td_dedup_config_default(&c);
    c.gen_days = 1;
    td_dedup_index *ix;
    assert_int_equal(td_dedup_index_new(&c, &ix), TD_DEDUP_OK);
    td_text_words w;
    td_text_words_init(&w, 0);
    const int64_t t0 = 1700000000, day = 86400;
    int64_t dup;
    char *a = fake_text(1, 100), *b = fake_text(2, 100);
    assert_int_equal(add_at(ix, &w, 1, t0, a, &dup), 0);
    assert_int_equal(add_at(ix, &w, 2, t0 + day / 2, b, &dup), 0);
    for (int i = 0; i < 10; i++) {
        char *t = fake_text((uint64_t)i + 10, 100);
        assert_int_equal(add_at(ix, &w, 10 + i, 0, t, &dup), 0);
        free(t);
    }
    assert_int_equal(add_at(ix, &w, 3, t0 + day * 3 / 2, a, &dup), 1); /* rolls once */
    assert_int_equal(dup, 1);
    assert_int_equal(add_at(ix, &w, 4, t0 + day * 13 / 5, a, &dup), 0); /* rolls again */
    assert_int_equal(add_at(ix, &w, 5, t0 + day * 27 / 10, a, &dup), 1);
    assert_int_equal(dup, 4);
    td_dedup_stats st;
    td_dedup_get_stats(ix, &st);
    assert_true(st.indexed <= 2);
    free(a);
    free(b);
    td_text_words_free(&w);
    td_dedup_index_free(ix);
    c.gen_days = -1;
    assert_int_equal(td_dedup_index_new(&c, &ix), TD_DEDUP_EUSAGE);
}

static void bad_config(void **state)
{
    td_dedup_config c;
    td_dedup_index *ix;
    td_dedup_config_default(&c);
    c.shingle = 0;
    assert_int_equal(td_dedup_index_new(&c, &ix), TD_DEDUP_EUSAGE);
    td_dedup_config_default(&c);
    c.threshold = 1.5;
    assert_int_equal(td_dedup_index_new(&c, &ix), TD_DEDUP_EUSAGE);
    assert_int_equal(td_dedup_index_new(NULL, &ix), TD_DEDUP_OK);
    td_dedup_index_free(ix);
    td_dedup_index_free(NULL);
}

/* The i-th text of a stream with originals, light rewrites and exact
 * copies of recent ones, and short texts. */
static char *stream_text(size_t i)
{
    if (i % 11 == 5) return strdup("Short item");
    if (i % 7 == 3 && i >= 7) {
        char *t = fake_text(i - 6, 120);
        rewrite_every(t, 12);
        return t;
    }
    if (i % 13 == 9) return fake_text(i - 4, 120);
    return fake_text(i, 120);
}

/* Adds texts [from, to) of the stream to ix, article ids from 1. */
static void feed(td_dedup_index *ix, size_t from, size_t to)
{
    for (size_t i = from; i < to; i++) {
        char *t = stream_text(i);
        add(ix, (int64_t)i + 1, t, NULL, NULL);
        free(t);
    }
}

/* An index saved after k articles and loaded again finds the same copies
 * in the rest of the stream as the index that went on, across generation
 * changes (max_articles 40). */
static void saved_state_continues(void **state)
{
    const size_t total = 150;
    const size_t ks[] = {0, 1, 37, 40, 81, 149, 150};
    for (size_t q = 0; q < sizeof ks / sizeof ks[0]; q++) {
        td_dedup_index *a = new_index(40), *b = NULL;
        feed(a, 0, ks[q]);
        size_t i = ks[q];
        td_mem m = {0};
        assert_int_equal(td_dedup_save(a, td_mem_write, &m), TD_DEDUP_OK);
        td_dedup_config c;
        td_dedup_config_default(&c);
        c.max_articles = 40;
        assert_int_equal(td_dedup_load(&c, td_mem_read, &m, &b), TD_DEDUP_OK);
        assert_int_equal(m.off, m.n);
        size_t copies = 0;
        for (; i < total; i++) {
            char *t = stream_text(i);
            int64_t da, db;
            double sa, sb;
            int ra = add(a, (int64_t)i + 1, t, &da, &sa);
            int rb = add(b, (int64_t)i + 1, t, &db, &sb);
            free(t);
            assert_int_equal(ra, rb);
            assert_int_equal(da, db);
            assert_true(sa == sb);
            copies += (size_t)ra;
        }
        if (ks[q] == 0) assert_true(copies > 10);
        td_dedup_stats sa, sb;
        td_dedup_get_stats(a, &sa);
        td_dedup_get_stats(b, &sb);
        assert_int_equal(sa.articles, sb.articles);
        assert_int_equal(sa.exact, sb.exact);
        assert_int_equal(sa.near, sb.near);
        assert_int_equal(sa.indexed, sb.indexed);
        td_mem_free(&m);
        td_dedup_index_free(a);
        td_dedup_index_free(b);
    }
}

/* Another configuration, a cut state or a damaged one is refused, never
 * a crash. */
static void saved_state_refused(void **state)
{
    td_dedup_index *a = new_index(40), *b = NULL;
    feed(a, 0, 60);
    td_mem m = {0};
    assert_int_equal(td_dedup_save(a, td_mem_write, &m), TD_DEDUP_OK);
    td_dedup_config c;
    td_dedup_config_default(&c);
    assert_int_equal(td_dedup_load(&c, td_mem_read, &m, &b), TD_DEDUP_ESTATE);
    assert_null(b);
    c.max_articles = 40;
    size_t full = m.n;
    for (size_t cut = 0; cut < full; cut += cut < 600 ? 1 : 997) {
        m.n = cut;
        m.off = 0;
        assert_int_equal(td_dedup_load(&c, td_mem_read, &m, &b), TD_DEDUP_ESTATE);
        assert_null(b);
    }
    m.n = full;
    /* a byte flipped in the header or the tables' counts */
    for (size_t at = 0; at < 160; at++) {
        m.p[at] ^= 0x5A;
        m.off = 0;
        int rc = td_dedup_load(&c, td_mem_read, &m, &b);
        if (rc == TD_DEDUP_OK) td_dedup_index_free(b);
        b = NULL;
        m.p[at] ^= 0x5A;
    }
    m.off = 0;
    assert_int_equal(td_dedup_load(&c, td_mem_read, &m, &b), TD_DEDUP_OK);
    td_dedup_index_free(b);
    td_mem_free(&m);
    td_dedup_index_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(exact_copies),
        cmocka_unit_test(exact_copies_in_lanes),
        cmocka_unit_test(near_copies),
        cmocka_unit_test(sketches),
        cmocka_unit_test(memory_is_bounded),
        cmocka_unit_test(bounded_by_time),
        cmocka_unit_test(bad_config),
        cmocka_unit_test(saved_state_continues),
        cmocka_unit_test(saved_state_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
