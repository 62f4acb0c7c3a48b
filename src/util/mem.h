/*
 * mem.h -- hints about how large tables are read.
 */
#ifndef TD_UTIL_MEM_H
#define TD_UTIL_MEM_H

#include <stddef.h>

/* Asks that the block p[0..n) be backed by huge pages where the system can
 * (on Linux, transparent huge pages are often given only on request).
 * For tables of megabytes that are read at random, a few cache lines per
 * article: on 4 KB pages nearly every such read also misses the TLB, and
 * the page walk costs as much as the miss. Only a hint: nothing changes
 * where it is not supported, and blocks under 4 MB are left alone. */
void td_mem_advise_huge(void *p, size_t n);

#endif
