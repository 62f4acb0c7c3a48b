/*
 * mojibake.c -- text that was UTF-8, read as Windows-1252 or Latin-1 and
 * written out again as UTF-8: "Investor’s" shown as "Investorâ€™s" or
 * "Investorâ\u0080\u0099s", a no-break space as "Â ", "é" as "Ã©".
 *
 * Pages carry this in their bytes (a CMS that imported a feed with the
 * wrong charset), so decoding the page right does not cure it. Each
 * broken character is a run of two to four characters whose Windows-1252
 * bytes form one UTF-8 sequence; those runs are decoded back. Written
 * here because no C library in Debian does it (ICU converts charsets
 * but does not undo a wrong conversion; ftfy is Python).
 *
 * Real text can hold the same characters ("ß’" closing a quotation, "Ã©"
 * in a note about encodings), so a run is undone only when it could
 * hardly be anything else: one of its characters is a C1 control, which
 * no text holds ("â\u0080\u0099"), it starts with "Â" or "Ã" ("Â®",
 * "Ã©"), it is three or four bytes long ("â€™"), or two broken
 * characters stand side by side ("Ð¿Ñ€", Cyrillic). What it would mend
 * into a C1 control is left alone: that was no text either.
 */
#include <string.h>

#include "clean/clean.h"
#include "util/text.h"

/* The byte Windows-1252 writes as code point cp, or -1. Latin-1 code
 * points (C1 controls included: the bytes 1252 leaves undefined are read
 * as those) stand for themselves. */
static int cp1252_byte(uint32_t cp)
{
    if (cp >= 0x80 && cp <= 0xFF) return (int)cp;
    static const struct { uint16_t cp; unsigned char b; } map[] = {
        {0x0152, 0x8C}, {0x0153, 0x9C}, {0x0160, 0x8A}, {0x0161, 0x9A}, {0x0178, 0x9F},
        {0x017D, 0x8E}, {0x017E, 0x9E}, {0x0192, 0x83}, {0x02C6, 0x88}, {0x02DC, 0x98},
        {0x2013, 0x96}, {0x2014, 0x97}, {0x2018, 0x91}, {0x2019, 0x92}, {0x201A, 0x82},
        {0x201C, 0x93}, {0x201D, 0x94}, {0x201E, 0x84}, {0x2020, 0x86}, {0x2021, 0x87},
        {0x2022, 0x95}, {0x2026, 0x85}, {0x2030, 0x89}, {0x2039, 0x8B}, {0x203A, 0x9B},
        {0x20AC, 0x80}, {0x2122, 0x99}};
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (map[i].cp == cp) return map[i].b;
    return -1;
}

/* One broken character at s[i..n): its length in s, the code point it
 * stood for, and whether it is broken beyond doubt on its own. 0 when
 * there is none at i. */
static size_t broken_at(const char *s, size_t n, size_t i, uint32_t *out, int *sure)
{
    uint32_t lead;
    size_t at = i + td_utf8_decode(s, n, i, &lead);
    if (lead < 0xC2 || lead > 0xF4) return 0;
    int need = lead < 0xE0 ? 1 : lead < 0xF0 ? 2 : 3;
    unsigned char b[4] = {(unsigned char)lead};
    int c1 = 0; /* a C1 control among the continuations: no text has one */
    for (int k = 1; k <= need; k++) {
        if (at >= n) return 0;
        uint32_t cp;
        at += td_utf8_decode(s, n, at, &cp);
        int byte = cp1252_byte(cp);
        if (byte < 0x80 || byte > 0xBF) return 0;
        if (cp < 0xA0) c1 = 1;
        b[k] = (unsigned char)byte;
    }
    /* The bytes must make one well-formed sequence (no overlong form, no
     * surrogate): td_utf8_decode_seq says so by taking all of them. */
    uint32_t cp;
    if (td_utf8_decode_seq((const char *)b, (size_t)need + 1, 0, &cp) != (size_t)need + 1 ||
        cp < 0xA0)
        return 0;
    *out = cp;
    *sure = c1 || need > 1 || lead == 0xC2 || lead == 0xC3;
    return at - i;
}

const char *td_clean_fix_mojibake(td_arena *a, const char *s, size_t n, size_t *outlen)
{
    if (!s) return NULL;
    /* Every broken character starts with a letter from U+00C2 to U+00F4,
     * which UTF-8 writes C3 82 to C3 B4: most text has no C3 byte. */
    if (!memchr(s, 0xC3, n)) return NULL;
    char *out = NULL;
    size_t o = 0, copied = 0, i = 0;
    while (i < n) {
        uint32_t cp;
        int sure;
        size_t len = broken_at(s, n, i, &cp, &sure);
        if (!len) {
            i += td_utf8_decode(s, n, i, &cp);
            continue;
        }
        /* A run of broken characters side by side is sure as a whole. */
        size_t end = i, count = 0;
        int any_sure = 0;
        while (end < n && (len = broken_at(s, n, end, &cp, &sure)) != 0) {
            any_sure |= sure;
            count++;
            end += len;
        }
        if (!any_sure && count < 2) {
            i += td_utf8_decode(s, n, i, &cp);
            continue;
        }
        if (!out) {
            /* Undone, a run only shrinks. */
            out = td_arena_alloc(a, n + 1);
            if (!out) return NULL;
        }
        memcpy(out + o, s + copied, i - copied);
        o += i - copied;
        while (i < end) {
            i += broken_at(s, n, i, &cp, &sure);
            o += td_utf8_encode(cp, out + o);
        }
        copied = i;
    }
    if (!out) return NULL;
    memcpy(out + o, s + copied, n - copied);
    o += n - copied;
    out[o] = '\0';
    *outlen = o;
    return out;
}
