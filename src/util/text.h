/*
 * text.h -- small UTF-8 and string helpers shared by every stage.
 */
#ifndef TD_UTIL_TEXT_H
#define TD_UTIL_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"

/* Length of the longest valid UTF-8 prefix of s[0..n). Equal to n when
 * the whole of s is valid (overlongs, surrogates and > U+10FFFF are not). */
size_t td_utf8_valid_prefix(const char *s, size_t n);
int td_utf8_valid(const char *s, size_t n);

/* Writes code point cp (at most U+10FFFF) as UTF-8 into out (room for 4
 * bytes); returns the number of bytes. */
size_t td_utf8_encode(uint32_t cp, char *out);

/* Decodes the UTF-8 sequence at s[i..n) into *cp and returns its length. A
 * byte that does not start a well-formed sequence (stray, truncated,
 * overlong, surrogate) reads as U+FFFD of length 1, so a scanner always
 * moves on. ASCII is decoded inline; td_utf8_decode_seq does the rest. */
size_t td_utf8_decode_seq(const char *s, size_t n, size_t i, uint32_t *cp);
static inline size_t td_utf8_decode(const char *s, size_t n, size_t i, uint32_t *cp)
{
    /* ASCII, most of the bytes of most text, without a call */
    if ((unsigned char)s[i] < 0x80) {
        *cp = (unsigned char)s[i];
        return 1;
    }
    return td_utf8_decode_seq(s, n, i, cp);
}

/* Collapses runs of white space to one space and trims both ends. The
 * result is arena-allocated; NULL when s is NULL. */
char *td_squash_space(td_arena *a, const char *s, size_t n);

/* Whether w[0..wl) is one of the n words of list, which is sorted in
 * byte order (strcmp): a binary search, for the small fixed word lists
 * of the extract stage. */
int td_word_in(const char *const *list, size_t n, const char *w, size_t wl);

/* Case-insensitive ASCII prefix test. */
int td_has_prefix_ci(const char *s, size_t n, const char *prefix);

/* 32 lower-case hex digits of the XXH3-128 hash of data, into out[33]. */
void td_hash128_hex(const void *data, size_t len, char out[33]);

#endif
