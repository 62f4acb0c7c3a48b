/*
 * bench_io.h -- what the bench programs share for reading their input.
 * Header-only: each bench program is its own executable.
 */
#ifndef TD_BENCH_IO_H
#define TD_BENCH_IO_H

#include <stdio.h>
#include <stdlib.h>

/* Reads f to its end into a malloc'd buffer, NUL-terminated (the text
 * itself may hold NULs: *len is its length). NULL when out of memory. */
static char *read_all(FILE *f, size_t *len)
{
    size_t cap = 1 << 16, n = 0;
    char *b = malloc(cap);
    if (!b) return NULL;
    for (;;) {
        if (n + 1 >= cap) {
            char *nb = realloc(b, cap *= 2);
            if (!nb) {
                free(b);
                return NULL;
            }
            b = nb;
        }
        size_t r = fread(b + n, 1, cap - n - 1, f);
        if (r == 0) break;
        n += r;
    }
    b[n] = '\0';
    *len = n;
    return b;
}

#endif
