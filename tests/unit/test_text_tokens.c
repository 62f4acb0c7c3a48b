/* Unit tests: the tokenizer, function words, stems, names, month cues. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text/text.h"

static int tokenize(td_text_words *w, const char *s)
{
    return td_text_tokenize(w, s, strlen(s));
}

/* The lower-cased word i as a NUL-terminated string (test helper). */
static const char *low(const td_text_words *w, size_t i)
{
    static char buf[256];
    size_t n = w->tok[i].low_len < sizeof buf - 1 ? w->tok[i].low_len : sizeof buf - 1;
    memcpy(buf, td_text_low(w, i), n);
    buf[n] = '\0';
    return buf;
}

static void words_and_joins(void **state)
{
    td_text_words w;
    td_text_words_init(&w, 0);
    const char *s = "Iran's U.S. talks: a 6.1 quake, 1,000 hurt.";
    assert_int_equal(tokenize(&w, s), TD_TEXT_OK);
    const char *want[] = { "iran's", "u.s", "talks", "a", "6.1", "quake", "1,000", "hurt" };
    assert_int_equal(w.n, 8);
    for (size_t i = 0; i < 8; i++) assert_string_equal(low(&w, i), want[i]);
    /* offsets point into the source */
    assert_int_equal(w.tok[0].off, 0);
    assert_int_equal(w.tok[0].len, 6);
    assert_memory_equal(s + w.tok[1].off, "U.S.", 4);
    assert_memory_equal(s + w.tok[4].off, "6.1", 3);
    /* flags */
    assert_true(w.tok[0].flags & TD_TEXT_CAP);
    assert_true(w.tok[0].flags & TD_TEXT_SENT);
    assert_true(w.tok[0].flags & TD_TEXT_PARA);
    assert_true(w.tok[1].flags & TD_TEXT_UPPER);
    assert_true(w.tok[1].flags & TD_TEXT_JOINED);
    assert_false(w.tok[3].flags & TD_TEXT_JOINED); /* after ':' */
    assert_true(w.tok[4].flags & TD_TEXT_DIGIT);
    assert_false(w.tok[4].flags & TD_TEXT_ALPHA);
    /* the same word hashes the same whatever its case */
    assert_int_equal(tokenize(&w, "Talks TALKS talks"), TD_TEXT_OK);
    assert_int_equal(w.n, 3);
    assert_true(w.tok[0].hash == w.tok[1].hash && w.tok[1].hash == w.tok[2].hash);
    assert_true(w.tok[0].hash == td_text_hash("talks", 5));
    td_text_words_free(&w);
}

static void unicode_words(void **state)
{
    td_text_words w;
    td_text_words_init(&w, 0);
    assert_int_equal(tokenize(&w, "\xc3\x9c" "ber Stra\xc3\x9f" "e caf\xc3\xa9 "
                                  "\xd0\x9c\xd0\xbe\xd1\x81\xd0\xba\xd0\xb2\xd0\xb0"),
                     TD_TEXT_OK);
    assert_int_equal(w.n, 4);
    assert_string_equal(low(&w, 0), "\xc3\xbc" "ber");
    assert_true(w.tok[0].flags & TD_TEXT_CAP);
    assert_string_equal(low(&w, 1), "stra\xc3\x9f" "e");
    assert_string_equal(low(&w, 2), "caf\xc3\xa9");
    assert_string_equal(low(&w, 3), "\xd0\xbc\xd0\xbe\xd1\x81\xd0\xba\xd0\xb2\xd0\xb0");
    /* the right single quote joins like an apostrophe; no-break space
     * separates like a space */
    assert_int_equal(tokenize(&w, "Iran\xe2\x80\x99s\xc2\xa0nuclear"), TD_TEXT_OK);
    assert_int_equal(w.n, 2);
    assert_string_equal(low(&w, 0), "iran's");
    assert_true(w.tok[1].flags & TD_TEXT_JOINED);
    /* invalid bytes split words and do not crash */
    assert_int_equal(tokenize(&w, "ab\xff\xfe" "cd \xe2\x82 ef"), TD_TEXT_OK);
    assert_int_equal(w.n, 3);
    assert_string_equal(low(&w, 1), "cd");
    td_text_words_free(&w);
}

static void sentences(void **state)
{
    td_text_words w;
    td_text_words_init(&w, 0);
    assert_int_equal(tokenize(&w, "Mr. Smith met Gen. Jones. He left!\nNext line\n\nNew para"),
                     TD_TEXT_OK);
    /* mr smith met gen jones he left next line new para */
    assert_int_equal(w.n, 11);
    assert_true(w.tok[0].flags & TD_TEXT_SENT);
    assert_false(w.tok[1].flags & TD_TEXT_SENT);  /* after "Mr." */
    assert_false(w.tok[4].flags & TD_TEXT_SENT);  /* after "Gen." */
    assert_true(w.tok[5].flags & TD_TEXT_SENT);   /* "He" */
    assert_true(w.tok[7].flags & TD_TEXT_SENT);   /* after "!" and a line break */
    assert_false(w.tok[7].flags & TD_TEXT_PARA);
    assert_true(w.tok[9].flags & TD_TEXT_PARA);   /* after a blank line */
    assert_int_equal(w.tok[5].sent, 1);
    assert_int_equal(w.tok[10].sent, 3);
    td_text_words_free(&w);
}

static void word_limit(void **state)
{
    td_text_words w;
    td_text_words_init(&w, 3);
    assert_int_equal(tokenize(&w, "one two three four five"), TD_TEXT_OK);
    assert_int_equal(w.n, 3);
    td_text_words_free(&w);
}

static void function_words(void **state)
{
    assert_true(td_text_is_stopword("the", 3));
    assert_true(td_text_is_stopword("said", 4));
    assert_true(td_text_is_stopword("a", 1));
    assert_true(td_text_is_stopword("yourselves", 10));
    assert_false(td_text_is_stopword("oman", 4));
    assert_false(td_text_is_stopword("th", 2));
    assert_false(td_text_is_stopword("thee", 4));
    assert_false(td_text_is_stopword("tuesday", 7)); /* weekdays date a report */
    td_text_stopset *set = malloc(sizeof *set);
    td_text_stopset_init(set);
    assert_true(td_text_stopset_has(set, td_text_hash("the", 3)));
    assert_true(td_text_stopset_has(set, td_text_hash("according", 9)));
    assert_false(td_text_stopset_has(set, td_text_hash("talks", 5)));
    free(set);
}

static void check_stem(const char *word, const char *want)
{
    char buf[64];
    size_t n = strlen(word);
    memcpy(buf, word, n);
    n = td_text_stem(buf, n);
    buf[n] = '\0';
    assert_string_equal(buf, want);
}

static void stems(void **state)
{
    check_stem("talks", "talk");
    check_stem("talked", "talk");
    check_stem("talking", "talk");
    check_stem("halted", "halt");
    check_stem("stopped", "stop");
    check_stem("parties", "party");
    check_stem("iran's", "iran");
    check_stem("missiles", "missil");
    check_stem("missile", "missil");
    check_stem("classes", "class");
    check_stem("news", "new");
    check_stem("gas", "gas");    /* three letters stay */
    check_stem("2024", "2024");  /* numbers stay */
    check_stem("caf\xc3\xa9s", "caf\xc3\xa9s"); /* non-ASCII endings stay */
    /* the same stem from every form of a verb */
    char a[16] = "make", b[16] = "makes", c[16] = "making";
    size_t na = td_text_stem(a, 4), nb = td_text_stem(b, 5), nc = td_text_stem(c, 6);
    assert_int_equal(na, nb);
    assert_int_equal(na, nc);
    assert_memory_equal(a, b, na);
    assert_memory_equal(a, c, na);
}

static void names(void **state)
{
    td_text_words w;
    td_text_words_init(&w, 0);
    const char *s = "The talks were held in Oman by Brett McGurk and the Bank of America. "
                    "Senior officials attended. Oman said nothing. Officials left.";
    assert_int_equal(tokenize(&w, s), TD_TEXT_OK);
    td_text_span sp[16];
    size_t n = td_text_names(&w, sp, 16);
    /* Oman, Brett McGurk, Bank of America, Oman (seen mid-sentence, so kept
     * at a sentence start); not The, not Senior, not Officials */
    assert_int_equal(n, 4);
    assert_string_equal(low(&w, sp[0].first), "oman");
    assert_int_equal(sp[0].count, 1);
    assert_string_equal(low(&w, sp[1].first), "brett");
    assert_int_equal(sp[1].count, 2);
    assert_string_equal(low(&w, sp[2].first), "bank");
    assert_int_equal(sp[2].count, 3);
    assert_string_equal(low(&w, sp[3].first), "oman");
    /* the count is right even when out has no room */
    assert_int_equal(td_text_names(&w, sp, 1), 4);
    td_text_words_free(&w);
}

static void months(void **state)
{
    td_text_words w;
    td_text_words_init(&w, 0);
    const char *s = "Talks were held back in January, the first since September. "
                    "On October 3, officials may meet again until May. Oct. 7 was a Monday.";
    assert_int_equal(tokenize(&w, s), TD_TEXT_OK);
    td_text_month m[8];
    size_t n = td_text_months(&w, m, 8);
    assert_int_equal(n, 5);
    assert_int_equal(m[0].month, 1);
    assert_int_equal(m[0].when, TD_TEXT_AT);
    assert_int_equal(m[1].month, 9);
    assert_int_equal(m[1].when, TD_TEXT_AFTER);
    assert_int_equal(m[2].month, 10);
    assert_int_equal(m[2].when, TD_TEXT_AT);
    assert_int_equal(m[2].day, 3);
    assert_int_equal(m[3].month, 5);  /* "until May"; "may meet" is a verb */
    assert_int_equal(m[3].when, TD_TEXT_BEFORE);
    assert_int_equal(m[4].month, 10); /* "Oct. 7": a day makes it a date */
    assert_int_equal(m[4].day, 7);
    /* a bare month with no cue says nothing */
    assert_int_equal(tokenize(&w, "January was cold."), TD_TEXT_OK);
    assert_int_equal(td_text_months(&w, m, 8), 0);
    td_text_words_free(&w);
}

/* Words of every length from 1 to 40 bytes, mixed case, digits, at every
 * offset against the 16-byte blocks the fast path reads: each must come
 * out as a plain byte-by-byte reading would see it (lower-cased bytes,
 * flags, hash of the lower-cased form), with no read past the input
 * (the sanitizer build checks that: the text is an exact-size heap copy). */
static void long_runs_and_blocks(void **state)
{
    (void)state;
    char src[4096];
    size_t n = 0;
    const char alpha[] = "aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789";
    unsigned seed = 7;
    for (int len = 1; len <= 40; len++) {
        for (int shape = 0; shape < 4; shape++) {
            for (int k = 0; k < len; k++) {
                seed = seed * 1103515245u + 12345u;
                char c = alpha[(seed >> 16) % 26];          /* letters only */
                if (shape == 1) c = (char)(c | 0x20);       /* all lower */
                if (shape == 2) c = (char)(c & ~0x20);      /* all capitals */
                if (shape == 3 && k % 3 == 2) c = alpha[26 + (seed >> 8) % 10]; /* digits */
                src[n++] = c;
            }
            src[n++] = (shape & 1) ? ' ' : '-';
        }
    }
    char *text = malloc(n);
    assert_non_null(text);
    memcpy(text, src, n);
    td_text_words w;
    td_text_words_init(&w, 0);
    assert_int_equal(td_text_tokenize(&w, text, n), TD_TEXT_OK);
    assert_int_equal(w.n, 160);
    size_t i = 0, k = 0;
    while (k < n) {
        while (k < n && (text[k] == ' ' || text[k] == '-')) k++;
        if (k >= n) break;
        size_t start = k;
        int letters = 0, lowers = 0, digits = 0;
        char want[64];
        for (; k < n && text[k] != ' ' && text[k] != '-'; k++) {
            char c = text[k];
            if (c >= 'a' && c <= 'z') { letters++; lowers++; }
            else if (c >= 'A' && c <= 'Z') letters++;
            else digits++;
            want[k - start] = (char)((c >= 'A' && c <= 'Z') ? c | 0x20 : c);
        }
        size_t len = k - start;
        assert_true(i < w.n);
        assert_int_equal(w.tok[i].off, start);
        assert_int_equal(w.tok[i].len, len);
        assert_int_equal(w.tok[i].low_len, len);
        assert_memory_equal(td_text_low(&w, i), want, len);
        assert_true(w.tok[i].hash == td_text_hash(want, len));
        uint32_t f = w.tok[i].flags;
        assert_int_equal(!!(f & TD_TEXT_ALPHA), letters > 0);
        assert_int_equal(!!(f & TD_TEXT_DIGIT), digits > 0);
        assert_int_equal(!!(f & TD_TEXT_UPPER), letters >= 2 && lowers == 0);
        assert_int_equal(!!(f & TD_TEXT_CAP), text[start] >= 'A' && text[start] <= 'Z');
        i++;
    }
    assert_int_equal(i, w.n);
    td_text_words_free(&w);
    free(text);
}

/* Abbreviations keep a sentence open; other periods close it. */
/* Common words (ASCII letters and digits ended by a byte that cannot join
 * them to more) are taken whole from one 16-byte load while 16 bytes of
 * text are left, and byte by byte near the end: both ways must give the
 * same words, offsets, flags and hashes. A text and the same text with
 * spaces after it (which add no word) take the two ways for its last
 * words. */
static void fast_words_match_the_general_loop(void **state)
{
    static const char *const before[] = { "", "Word ", "Word. ", "word\n\n", "(", "\"",
                                          "x - ", "A.", "9," };
    static const char *const shapes[] = { "a", "Ab", "ABC", "abc123", "123", "A1", "x9y",
                                          "NATO", "Iran", "iPhone", "McDonald",
                                          "ABCDEFGHIJKLMNO", "abcdefghijklmnop", "I" };
    static const char *const after[] = { "", " ", "  ", "\n", "\n\n", "-", ")", ";", ":", "!",
                                         "?", "\"", "/", "\t", "'", "'s", ".", ". B", ",",
                                         ",5", ".5", "\xe2\x80\x99s", "\xc3\xa9", "\xff",
                                         " and", " More" };
    td_text_words a, b;
    td_text_words_init(&a, 0);
    td_text_words_init(&b, 0);
    char text[128], padded[192];
    for (size_t p = 0; p < sizeof before / sizeof before[0]; p++)
        for (size_t k = 0; k < sizeof shapes / sizeof shapes[0]; k++)
            for (size_t q = 0; q < sizeof after / sizeof after[0]; q++) {
                int n = snprintf(text, sizeof text, "%s%s%s", before[p], shapes[k], after[q]);
                snprintf(padded, sizeof padded, "%s%40s", text, "");
                assert_int_equal(td_text_tokenize(&a, text, (size_t)n), TD_TEXT_OK);
                assert_int_equal(tokenize(&b, padded), TD_TEXT_OK);
                assert_int_equal(a.n, b.n);
                assert_int_equal(a.sentences, b.sentences);
                for (size_t i = 0; i < a.n; i++) {
                    const td_text_tok *x = &a.tok[i], *y = &b.tok[i];
                    assert_int_equal(x->off, y->off);
                    assert_int_equal(x->len, y->len);
                    assert_int_equal(x->low_len, y->low_len);
                    assert_memory_equal(td_text_low(&a, i), td_text_low(&b, i), x->low_len);
                    assert_int_equal(x->flags, y->flags);
                    assert_int_equal(x->sent, y->sent);
                    assert_true(x->hash == y->hash);
                    assert_true(x->hash == td_text_hash(td_text_low(&a, i), x->low_len));
                }
            }
    td_text_words_free(&a);
    td_text_words_free(&b);
    (void)state;
}

static void abbreviations(void **state)
{
    (void)state;
    td_text_words w;
    td_text_words_init(&w, 0);
    const char *s = "Gen. Smith met Sept. envoys in Jan. today. Capt. Ng left. Talks end.";
    assert_int_equal(tokenize(&w, s), TD_TEXT_OK);
    /* sentences: "Gen. ... today." "Capt. Ng left." "Talks end." */
    assert_int_equal(w.sentences, 3);
    td_text_words_free(&w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(words_and_joins),
        cmocka_unit_test(unicode_words),
        cmocka_unit_test(sentences),
        cmocka_unit_test(word_limit),
        cmocka_unit_test(function_words),
        cmocka_unit_test(stems),
        cmocka_unit_test(names),
        cmocka_unit_test(months),
        cmocka_unit_test(long_runs_and_blocks),
        cmocka_unit_test(abbreviations),
        cmocka_unit_test(fast_words_match_the_general_loop),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
