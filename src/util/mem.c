#include "mem.h"

#include <stdint.h>
#if defined(__linux__)
#include <sys/mman.h>
#include <unistd.h>
#endif

void td_mem_advise_huge(void *p, size_t n)
{
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    if (!p || n < ((size_t)4 << 20)) return;
    long ps = sysconf(_SC_PAGESIZE);
    if (ps <= 0) return;
    /* madvise wants whole pages: the pages that lie wholly inside */
    uintptr_t page = (uintptr_t)ps;
    uintptr_t lo = ((uintptr_t)p + page - 1) & ~(page - 1);
    uintptr_t hi = ((uintptr_t)p + n) & ~(page - 1);
    if (hi > lo) (void)madvise((void *)lo, hi - lo, MADV_HUGEPAGE);
#else
    (void)p;
    (void)n;
#endif
}
