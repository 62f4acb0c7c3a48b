/*
 * lexhash.h -- a fixed word list looked up in one probe or two.
 *
 * The scanners of the extract stage (time expressions, quantities,
 * attribution cues) ask of nearly every word of a text whether their
 * lexicon knows it. A binary search costs ten string comparisons a word;
 * this open-addressing table costs one hash of four bytes and, mostly,
 * one comparison. A lexicon is fixed at compile time, so its table is a
 * function of it alone: callers build it once per process (pthread_once)
 * and only read it after that.
 *
 * Words are ASCII; lookups fold A-Z to a-z, so the table holds lower case.
 */
#ifndef TD_UTIL_LEXHASH_H
#define TD_UTIL_LEXHASH_H

#include <stddef.h>
#include <stdint.h>

#define TD_LEXHASH_SLOTS 2048 /* a power of two, at most half full */
#define TD_LEXHASH_MAXLEN 255

typedef struct td_lexhash_slot {
    const char *w; /* NULL: empty */
    uint8_t len;
    uint16_t k;    /* the caller's entry number */
} td_lexhash_slot;

typedef struct td_lexhash {
    td_lexhash_slot slot[TD_LEXHASH_SLOTS];
    size_t n;
} td_lexhash;

/* A hash that costs the same for any length: the length and the first,
 * middle and last bytes, case folded (OR-ing 32 maps A-Z to a-z and leaves
 * digits and the punctuation words hold as they are). */
static inline uint32_t td_lexhash_hash(const unsigned char *s, size_t n)
{
    uint32_t h = (uint32_t)n * 0x9E3779B1u;
    h ^= (uint32_t)(s[0] | 32) * 0x85EBCA77u;
    h ^= (uint32_t)(s[n / 2] | 32) * 0xC2B2AE3Du;
    h ^= (uint32_t)(s[n - 1] | 32) * 0x27D4EB2Fu;
    return h ^ (h >> 15);
}

/* Adds word w[0..len) (lower case) as entry k; a word already there keeps
 * its first entry. Returns 0, or -1 when the table is half full or the
 * word empty or too long. */
int td_lexhash_add(td_lexhash *h, const char *w, size_t len, unsigned k);

/* The entry of word s[0..n) (any case), or -1. */
static inline int td_lexhash_find(const td_lexhash *h, const char *s, size_t n)
{
    if (n == 0 || n > TD_LEXHASH_MAXLEN) return -1;
    const unsigned char *u = (const unsigned char *)s;
    uint32_t i = td_lexhash_hash(u, n) & (TD_LEXHASH_SLOTS - 1);
    for (; h->slot[i].w; i = (i + 1) & (TD_LEXHASH_SLOTS - 1)) {
        const td_lexhash_slot *e = &h->slot[i];
        if (e->len != n) continue;
        size_t j = 0;
        while (j < n && (unsigned char)e->w[j] == (u[j] | 32)) j++;
        if (j == n) return e->k;
    }
    return -1;
}

#endif
