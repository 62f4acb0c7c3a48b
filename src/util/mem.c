/*
 * mem.c -- a byte stream in memory (see mem.h).
 */
#include "util/mem.h"

#include <stdlib.h>
#include <string.h>

int td_mem_write(void *ctx, const void *p, size_t n)
{
    td_mem *m = ctx;
    if (n > m->cap - m->n) {
        size_t cap = m->cap ? m->cap : 4096;
        while (cap - m->n < n) {
            if (cap > (size_t)-1 / 2) return 1;
            cap *= 2;
        }
        unsigned char *q = realloc(m->p, cap);
        if (!q) return 1;
        m->p = q;
        m->cap = cap;
    }
    if (n) memcpy(m->p + m->n, p, n);
    m->n += n;
    return 0;
}

int td_mem_read(void *ctx, void *p, size_t n)
{
    td_mem *m = ctx;
    if (n > m->n - m->off) return 1;
    if (n) memcpy(p, m->p + m->off, n);
    m->off += n;
    return 0;
}

void td_mem_free(td_mem *m)
{
    free(m->p);
    memset(m, 0, sizeof *m);
}
