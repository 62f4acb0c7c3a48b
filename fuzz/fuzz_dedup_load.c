/*
 * fuzz_dedup_load.c -- libFuzzer target for td_dedup_load (dedup/dedup.c):
 * a saved copy index, truncated or damaged, must be refused with
 * TD_DEDUP_ESTATE or load into an index that works (articles added and
 * compared, saved again), never crash, leak or loop.
 *
 * The input is a state or edits to a good one (fuzz_state.h), saved at
 * start-up from made-up texts: two generations of 16, copies among them.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dedup/dedup.h"
#include "fuzz_state.h"
#include "util/mem.h"

static td_dedup_config cfg;
static td_mem good;

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
    if (td_dedup_save(ix, td_mem_write, &good) != TD_DEDUP_OK) abort();
    td_dedup_index_free(ix);
    if (td_dedup_load(&cfg, td_mem_read, &good, &ix) != TD_DEDUP_OK || good.off != good.n) abort();
    td_dedup_index_free(ix);
    good.off = 0;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    td_mem in;
    if (fuzz_state_input(data, size, &good, &in)) return 0;
    td_dedup_index *ix = NULL;
    int rc = td_dedup_load(&cfg, td_mem_read, &in, &ix);
    if (rc != TD_DEDUP_OK) {
        if (rc != TD_DEDUP_ESTATE || ix) abort();
        td_mem_free(&in);
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
    td_mem_free(&in);
    return 0;
}
