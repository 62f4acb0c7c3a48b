/*
 * arena.h -- a bump allocator: one per document, freed in one go.
 *
 * Documents are built from many small strings (title, fields, body lines)
 * that all die together when the document is stored; an arena makes that
 * one free and keeps the readers free of ownership bookkeeping.
 */
#ifndef TD_ARENA_H
#define TD_ARENA_H

#include <stddef.h>

typedef struct td_arena_chunk td_arena_chunk;

typedef struct td_arena {
    td_arena_chunk *head;
    size_t used;  /* bytes handed out, for limits and statistics */
} td_arena;

void td_arena_init(td_arena *a);
void td_arena_free(td_arena *a);
/* NULL only when malloc fails. Memory is 16-byte aligned. */
void *td_arena_alloc(td_arena *a, size_t n);
/* A NUL-terminated copy of s[0..n). NULL when s is NULL. */
char *td_arena_strndup(td_arena *a, const char *s, size_t n);
char *td_arena_strdup(td_arena *a, const char *s);
/* A copy of the span s[start..end) of a text of len bytes; NULL when the
 * span is empty or runs past len (offsets from another stage are checked
 * here, once). */
char *td_arena_span(td_arena *a, const char *s, size_t len, size_t start, size_t end);
char *td_arena_printf(td_arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
