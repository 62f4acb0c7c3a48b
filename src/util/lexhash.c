/*
 * lexhash.c -- a fixed word list looked up in one probe or two (see
 * lexhash.h).
 */
#include "util/lexhash.h"

int td_lexhash_add(td_lexhash *h, const char *w, size_t len, unsigned k)
{
    if (!len || len > TD_LEXHASH_MAXLEN || k > UINT16_MAX || h->n >= TD_LEXHASH_SLOTS / 2)
        return -1;
    if (td_lexhash_find(h, w, len) >= 0) return 0;
    uint32_t i = td_lexhash_hash((const unsigned char *)w, len) & (TD_LEXHASH_SLOTS - 1);
    while (h->slot[i].w) i = (i + 1) & (TD_LEXHASH_SLOTS - 1);
    h->slot[i] = (td_lexhash_slot){w, (uint8_t)len, (uint16_t)k};
    h->n++;
    return 0;
}
