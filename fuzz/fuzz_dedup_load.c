/*
 * fuzz_dedup_load.c -- libFuzzer target for td_dedup_load (dedup/dedup.c):
 * a saved copy index, truncated or damaged, must be refused with
 * TD_DEDUP_ESTATE or load into an index that works (articles added and
 * compared, saved again), never crash, leak or loop.
 *
 * The first byte picks how the input is read, as in fuzz_story_load.c:
 * even, the rest is the state itself; odd, edits to a good state saved at
 * start-up (made-up texts, two generations of 16 articles, copies among
 * them): four bytes give the length it is cut to, then each four bytes a
 * byte to change (three bytes of offset) and what to xor it with.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dedup/dedup.h"

typedef struct membuf {
    unsigned char *p;
    size_t n, cap, off;
} membuf;

static int mem_write(void *ctx, const void *p, size_t n)
{
    membuf *b = ctx;
    if (n > b->cap - b->n) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap - b->n < n) cap *= 2;
        unsigned char *q = realloc(b->p, cap);
        if (!q) return 1;
        b->p = q;
        b->cap = cap;
    }
    memcpy(b->p + b->n, p, n);
    b->n += n;
    return 0;
}

static int mem_read(void *ctx, void *p, size_t n)
{
    membuf *b = ctx;
    if (n > b->n - b->off) return 1;
    memcpy(p, b->p + b->off, n);
    b->off += n;
    return 0;
}

static int count_bytes(void *ctx, const void *p, size_t n)
{
    (void)p;
    *(size_t *)ctx += n;
    return 0;
}

static td_dedup_config cfg;
static membuf good;

/* A made-up text: every third one repeats an earlier one with a word
 * changed, so the index holds copies. */
static void text(int64_t id, char *out, size_t cap)
{
    static const char *w[] = { "harbour", "council", "vote", "bridge", "storm", "mayor",
                               "strike", "ferry", "budget", "court", "river", "school" };
    int64_t seed = id % 3 == 0 ? id - 1 : id;
    size_t o = 0;
    for (int i = 0; i < 40 && o + 16 < cap; i++)
        o += (size_t)snprintf(out + o, cap - o, "%s%s", i ? " " : "",
                              i == 7 && seed != id ? "tram" : w[(seed * 7 + i * (seed % 5 + 1)) % 12]);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    td_dedup_config_default(&cfg);
    cfg.max_articles = 16;
    td_dedup_index *ix;
    if (td_dedup_index_new(&cfg, &ix) != TD_DEDUP_OK) abort();
    char buf[512];
    for (int64_t id = 1; id <= 24; id++) {
        text(id, buf, sizeof buf);
        if (td_dedup_add(ix, id, buf, strlen(buf), NULL, NULL) < 0) abort();
    }
    if (td_dedup_save(ix, mem_write, &good) != TD_DEDUP_OK) abort();
    td_dedup_index_free(ix);
    if (td_dedup_load(&cfg, mem_read, &good, &ix) != TD_DEDUP_OK || good.off != good.n) abort();
    td_dedup_index_free(ix);
    good.off = 0;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    membuf in = { 0 };
    if (data[0] % 2 == 0) {
        in.p = malloc(size);
        if (!in.p) return 0;
        memcpy(in.p, data + 1, size - 1);
        in.n = size - 1;
    } else {
        in.p = malloc(good.n);
        if (!in.p) return 0;
        memcpy(in.p, good.p, good.n);
        in.n = good.n;
        if (size >= 5) {
            uint32_t cut;
            memcpy(&cut, data + 1, 4);
            if (cut < in.n) in.n = cut;
        }
        for (size_t k = 5; k + 4 <= size && in.n; k += 4) {
            size_t at = ((size_t)data[k] | (size_t)data[k + 1] << 8 | (size_t)data[k + 2] << 16) % in.n;
            in.p[at] ^= data[k + 3];
        }
    }
    td_dedup_index *ix = NULL;
    int rc = td_dedup_load(&cfg, mem_read, &in, &ix);
    if (rc != TD_DEDUP_OK) {
        if (rc != TD_DEDUP_ESTATE || ix) abort();
        free(in.p);
        return 0;
    }
    char buf[512];
    for (int64_t id = 25; id <= 40; id++) {
        text(id, buf, sizeof buf);
        if (td_dedup_add(ix, id, buf, strlen(buf), NULL, NULL) < 0) abort();
    }
    size_t saved = 0;
    if (td_dedup_save(ix, count_bytes, &saved) != TD_DEDUP_OK) abort();
    td_dedup_index_free(ix);
    free(in.p);
    return 0;
}
