/*
 * mem.h -- a byte stream in memory, for the save and load functions of
 * the copy and story indexes (td_dedup_save, td_story_save): the tests,
 * fuzz targets and benches save an index into one and load it back.
 * core/cluster.c streams to the store instead.
 */
#ifndef TD_MEM_H
#define TD_MEM_H

#include <stddef.h>

typedef struct td_mem {
    unsigned char *p;
    size_t n, cap; /* bytes held, room */
    size_t off;    /* where the next read starts */
} td_mem;

/* Appends n bytes; 1 when out of memory. (A td_dedup_write_fn and a
 * td_story_write_fn, with a td_mem as ctx.) */
int td_mem_write(void *ctx, const void *p, size_t n);
/* The next n bytes; 1 when fewer are left. (A read function.) */
int td_mem_read(void *ctx, void *p, size_t n);
void td_mem_free(td_mem *m);

#endif
