/*
 * fuzz_sent.c -- differential libFuzzer target for word segmentation
 * (extract/sent.c): any bytes, segmented with the ASCII fast path for
 * words and with ICU's word iterator alone, must give the same tokens,
 * token flags and sentences. Also checks the promises every segmentation
 * keeps: tokens in order, inside the text, never empty, never white space
 * alone, each in a sentence that holds it.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract/sent.h"
#include "util/arena.h"

static td_sent *seg;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    char err[128];
    (void)argc, (void)argv;
    seg = td_sent_new(err, sizeof err);
    if (!seg) {
        fprintf(stderr, "fuzz_sent: %s\n", err);
        abort();
    }
    return 0;
}

static void check(const char *t, size_t n, const td_sent_doc *d)
{
    for (uint32_t i = 0; i < d->ntok; i++) {
        const td_span *k = &d->tok[i];
        if (k->start >= k->end || k->end > n) __builtin_trap();
        if (i && k->start < d->tok[i - 1].end) __builtin_trap();
        uint32_t s = d->tsent[i];
        if (s >= d->nsent || i < d->sfirst[s] || i >= d->sfirst[s + 1]) __builtin_trap();
        if (k->end - k->start == 1 && (t[k->start] == ' ' || t[k->start] == '\n')) __builtin_trap();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *t = (const char *)data;
    td_arena a1, a2;
    td_arena_init(&a1);
    td_arena_init(&a2);
    td_sent_doc fast, icu;
    td_sent_icu_words(seg, 0);
    int r1 = td_sent_run(seg, t, size, &a1, &fast);
    td_sent_icu_words(seg, 1);
    int r2 = td_sent_run(seg, t, size, &a2, &icu);
    if (r1 != r2) __builtin_trap();
    if (r1 == TD_SENT_OK) {
        check(t, size, &fast);
        if (fast.ntok != icu.ntok || fast.nsent != icu.nsent) {
            fprintf(stderr, "fuzz_sent: %u tokens, %u sentences fast; %u, %u from ICU\n",
                    fast.ntok, fast.nsent, icu.ntok, icu.nsent);
            __builtin_trap();
        }
        for (uint32_t i = 0; i < fast.ntok; i++)
            if (fast.tok[i].start != icu.tok[i].start || fast.tok[i].end != icu.tok[i].end ||
                fast.flags[i] != icu.flags[i] || fast.tsent[i] != icu.tsent[i]) {
                fprintf(stderr, "fuzz_sent: token %u: fast [%zu,%zu) %u, ICU [%zu,%zu) %u\n", i,
                        fast.tok[i].start, fast.tok[i].end, fast.flags[i], icu.tok[i].start,
                        icu.tok[i].end, icu.flags[i]);
                __builtin_trap();
            }
    }
    td_arena_free(&a1);
    td_arena_free(&a2);
    return 0;
}
