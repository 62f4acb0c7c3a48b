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

/* Collapses runs of white space to one space and trims both ends. The
 * result is arena-allocated; NULL when s is NULL. */
char *td_squash_space(td_arena *a, const char *s, size_t n);

/* Case-insensitive ASCII prefix test. */
int td_has_prefix_ci(const char *s, size_t n, const char *prefix);

/* 32 lower-case hex digits of the XXH3-128 hash of data, into out[33]. */
void td_hash128_hex(const void *data, size_t len, char out[33]);

#endif
