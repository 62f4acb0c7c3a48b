/* test_sent.c -- sentence and word segmentation: the ASCII fast path for
 * words gives exactly what ICU's word iterator gives, and the abbreviation
 * rules on top hold. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract/sent.h"
#include "util/arena.h"

static td_sent *seg;

static int setup(void **state)
{
    char err[128];
    seg = td_sent_new(err, sizeof err);
    (void)state;
    return seg ? 0 : -1;
}

static int teardown(void **state)
{
    td_sent_free(seg);
    (void)state;
    return 0;
}

/* Segments text both ways and fails at the first difference, saying
 * where. */
static void same_both_ways(const char *text, size_t len, const char *what)
{
    td_arena a1, a2;
    td_arena_init(&a1);
    td_arena_init(&a2);
    td_sent_doc fast, icu;
    td_sent_icu_words(seg, 0);
    assert_int_equal(td_sent_run(seg, text, len, &a1, &fast), TD_SENT_OK);
    td_sent_icu_words(seg, 1);
    assert_int_equal(td_sent_run(seg, text, len, &a2, &icu), TD_SENT_OK);
    td_sent_icu_words(seg, 0);
    size_t n = fast.ntok < icu.ntok ? fast.ntok : icu.ntok;
    for (size_t i = 0; i < n; i++) {
        if (fast.tok[i].start != icu.tok[i].start || fast.tok[i].end != icu.tok[i].end ||
            fast.flags[i] != icu.flags[i] || fast.tsent[i] != icu.tsent[i]) {
            size_t s = icu.tok[i].start > 20 ? icu.tok[i].start - 20 : 0;
            fail_msg("%s: token %zu differs: fast [%zu,%zu) flags %u sentence %u, ICU [%zu,%zu) "
                     "flags %u sentence %u, near \"%.*s\"",
                     what, i, fast.tok[i].start, fast.tok[i].end, fast.flags[i], fast.tsent[i],
                     icu.tok[i].start, icu.tok[i].end, icu.flags[i], icu.tsent[i],
                     (int)(len - s < 50 ? len - s : 50), text + s);
        }
    }
    assert_int_equal(fast.ntok, icu.ntok);
    assert_int_equal(fast.nsent, icu.nsent);
    td_arena_free(&a1);
    td_arena_free(&a2);
}

static void words_of_every_ascii_shape(void **state)
{
    static const char *const cases[] = {
        "A320 3rd U.S. 6.1 1,000 x_1 _a 1_ a_b 5'6 Iran's a:b 1;2 a.1 1.a a''b .5 a..b",
        "__ 1__2 a1b2 3.4.5 x,y @POTUS a@b 1@2 @@ e-mail c/o #tag $5 50% (a) [b] {c}",
        "a\tb  c\r\nd\fe\vf\r\r\n\n\n  \t \x01\x7f end",
        "Brig. Gen. Mohammad Reza Zahedi met Dr. Smith on Oct. 7. Then U.S. officials left.",
        "rooms.The talks Antiwar.com Inc. He said. The Sea Org. He was.",
        /* where the fast path hands over to ICU */
        "caf\xc3\xa9 na\xc3\xafve e\xcc\x81t\xc3\xa9 Iran\xe2\x80\x99s \xe2\x80\x9cquoted\xe2\x80\x9d "
        "a\xe2\x80\x8d" "b 1\xc2\xa0" "2 \xe6\x9d\xb1\xe4\xba\xac 5.\xc3\xa9 a.\xc3\xa9 x \xcc\x81",
        "trailing.", ".", "", "'", "a'", "1,", "  ", "\xff\xfe bad bytes \xc3",
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++)
        same_both_ways(cases[k], strlen(cases[k]), cases[k]);
    (void)state;
}

/* Random text over an alphabet that dwells on the characters the rules
 * look at, with some non-ASCII among them; a fixed seed. */
static void words_of_random_text(void **state)
{
    static const char *const alphabet[] = {
        "a", "b", "Z", "Q", "1", "9", ".", "'", ",", ";", "_", "@", ":", "-", " ", " ", " ",
        "\n", "\r", "\t", "\"", "(", "!", "?", "\xc3\xa9", "\xe2\x80\x99", "\xcc\x81",
        "\xe2\x80\x8d", "\xc2\xa0", "Mr.", "U.S.", "Gen.", "The", "He", "Inc."};
    const size_t na = sizeof alphabet / sizeof *alphabet;
    uint32_t x = 12345;
    char buf[512];
    for (int round = 0; round < 3000; round++) {
        size_t len = 0;
        int pieces = 1 + (int)(x % 60);
        for (int p = 0; p < pieces; p++) {
            x = x * 1103515245u + 12345u;
            const char *s = alphabet[(x >> 16) % na];
            size_t l = strlen(s);
            if (len + l >= sizeof buf) break;
            memcpy(buf + len, s, l);
            len += l;
        }
        buf[len] = '\0';
        same_both_ways(buf, len, buf);
    }
    (void)state;
}

/* Every text file of a folder, when the folder is there. */
static int files_of(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) return 0;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t l = strlen(e->d_name);
        if (l < 5 || strcmp(e->d_name + l - 4, ".txt")) continue;
        char path[8192];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        FILE *f = fopen(path, "rb");
        if (!f) continue;
        static char text[1 << 20];
        size_t len = fread(text, 1, sizeof text, f);
        fclose(f);
        same_both_ways(text, len, path);
        n++;
    }
    closedir(d);
    return n;
}

static void words_of_real_text(void **state)
{
    const char *src = getenv("TD_SOURCE_DIR");
    const char *shared = getenv("TD_SHARED");
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/examples/corpus/text", src ? src : ".");
    int n = files_of(dir);
    if (shared) snprintf(dir, sizeof dir, "%s/seeds", shared);
    else snprintf(dir, sizeof dir, "%s/../shared/seeds", src ? src : ".");
    n += files_of(dir); /* the seeds, when ../shared is beside the tree */
    if (!n) skip();
    (void)state;
}

static void abbreviations_keep_their_periods(void **state)
{
    const char *t = "Brig. Gen. Zahedi met U.S. envoys in Oman. They left.";
    td_arena a;
    td_arena_init(&a);
    td_sent_doc d;
    assert_int_equal(td_sent_run(seg, t, strlen(t), &a, &d), TD_SENT_OK);
    assert_int_equal(d.nsent, 2);
    assert_int_equal(d.tok[0].end - d.tok[0].start, 5); /* "Brig." */
    assert_true(d.flags[0] & TD_TOK_ABBR);
    int us = 0;
    for (uint32_t i = 0; i < d.ntok; i++)
        us |= d.tok[i].end - d.tok[i].start == 4 && !memcmp(t + d.tok[i].start, "U.S.", 4);
    assert_true(us);
    td_arena_free(&a);
    (void)state;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(words_of_every_ascii_shape),
        cmocka_unit_test(words_of_random_text),
        cmocka_unit_test(words_of_real_text),
        cmocka_unit_test(abbreviations_keep_their_periods),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
