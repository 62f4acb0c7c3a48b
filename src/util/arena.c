#include "arena.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct td_arena_chunk {
    td_arena_chunk *next;
    size_t cap, off;
    _Alignas(16) unsigned char data[];
};

enum { TD_ARENA_CHUNK = 16 * 1024 };

void td_arena_init(td_arena *a) { a->head = NULL; a->used = 0; }

void td_arena_free(td_arena *a)
{
    td_arena_chunk *c = a->head;
    while (c) {
        td_arena_chunk *n = c->next;
        free(c);
        c = n;
    }
    a->head = NULL;
    a->used = 0;
}

void *td_arena_alloc(td_arena *a, size_t n)
{
    size_t need = (n + 15) & ~(size_t)15;
    if (need < n) return NULL;
    td_arena_chunk *c = a->head;
    if (!c || c->cap - c->off < need) {
        size_t cap = need > TD_ARENA_CHUNK ? need : TD_ARENA_CHUNK;
        if (cap > SIZE_MAX - sizeof *c) return NULL;
        c = malloc(sizeof *c + cap);
        if (!c) return NULL;
        c->cap = cap;
        c->off = 0;
        /* A big block gets its own chunk behind the current one, so the
         * free space of the current chunk is not wasted. */
        if (a->head && need > TD_ARENA_CHUNK) {
            c->next = a->head->next;
            a->head->next = c;
        } else {
            c->next = a->head;
            a->head = c;
        }
    }
    void *p = c->data + c->off;
    c->off += need;
    a->used += need;
    return p;
}

char *td_arena_strndup(td_arena *a, const char *s, size_t n)
{
    if (!s) return NULL;
    char *d = td_arena_alloc(a, n + 1);
    if (!d) return NULL;
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

char *td_arena_strdup(td_arena *a, const char *s)
{
    return s ? td_arena_strndup(a, s, strlen(s)) : NULL;
}

char *td_arena_printf(td_arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) return NULL;
    char *d = td_arena_alloc(a, (size_t)n + 1);
    if (!d) return NULL;
    va_start(ap, fmt);
    vsnprintf(d, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return d;
}

char *td_arena_span(td_arena *a, const char *s, size_t len, size_t start, size_t end)
{
    if (end <= start || end > len) return NULL;
    return td_arena_strndup(a, s + start, end - start);
}
