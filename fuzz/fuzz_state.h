/*
 * fuzz_state.h -- how the targets that load a saved index state
 * (fuzz_dedup_load, fuzz_story_load) read their input. A random input is
 * rarely a state that gets past the header, so the first byte picks: even,
 * the rest is the state itself; odd, it is edits to a good state the
 * target saved at start-up: four bytes give the length it is cut to, then
 * each four bytes a byte to change (three bytes of offset) and what to xor
 * it with. Header-only: each target is its own program.
 */
#ifndef TD_FUZZ_STATE_H
#define TD_FUZZ_STATE_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/mem.h"

/* A write function that only counts: what a loaded state saves back to. */
static int count_bytes(void *ctx, const void *p, size_t n)
{
    (void)p;
    *(size_t *)ctx += n;
    return 0;
}

/* The state to load into *in (its bytes malloc'd); 0, or 1 for no input. */
static int fuzz_state_input(const uint8_t *data, size_t size, const td_mem *good, td_mem *in)
{
    memset(in, 0, sizeof *in);
    if (size < 1) return 1;
    if (data[0] % 2 == 0) {
        if (!(in->p = malloc(size))) return 1;
        memcpy(in->p, data + 1, size - 1);
        in->n = size - 1;
        return 0;
    }
    if (!(in->p = malloc(good->n ? good->n : 1))) return 1;
    memcpy(in->p, good->p, good->n);
    in->n = good->n;
    if (size >= 5) {
        uint32_t cut;
        memcpy(&cut, data + 1, 4);
        if (cut < in->n) in->n = cut;
    }
    for (size_t k = 5; k + 4 <= size && in->n; k += 4) {
        size_t at = ((size_t)data[k] | (size_t)data[k + 1] << 8 | (size_t)data[k + 2] << 16) % in->n;
        in->p[at] ^= data[k + 3];
    }
    return 0;
}

#endif
