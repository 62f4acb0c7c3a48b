/*
 * charset.c -- turning input bytes into UTF-8 with ICU.
 *
 * The evidence, strongest first: a byte-order mark; the charset the
 * container declared (HTTP Content-Type); for HTML, a <meta> declaration in
 * the first 4 KiB; bytes that are valid UTF-8; ICU's statistical detector.
 * A declaration of UTF-8 that the bytes contradict is not trusted blindly:
 * mislabelled windows-1252 pages are common.
 */
#include "ingest/reader.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>

#include "util/text.h"

/* Finds charset=NAME inside <meta ...> tags in the first bytes of a page. */
static int meta_charset(const unsigned char *p, size_t n, char *out, size_t cap)
{
    if (n > 4096) n = 4096;
    for (size_t i = 0; i + 5 < n; i++) {
        if (p[i] != '<' || !td_has_prefix_ci((const char *)p + i, n - i, "<meta")) continue;
        size_t end = i;
        while (end < n && p[end] != '>') end++;
        for (size_t k = i; k + 8 < end; k++) {
            if (!td_has_prefix_ci((const char *)p + k, end - k, "charset")) continue;
            k += 7;
            while (k < end && (p[k] == ' ' || p[k] == '=' || p[k] == '"' || p[k] == '\''))
                k++;
            size_t o = 0;
            while (k < end && o + 1 < cap &&
                   (isalnum(p[k]) || p[k] == '-' || p[k] == '_' || p[k] == ':' || p[k] == '.'))
                out[o++] = (char)p[k++];
            out[o] = '\0';
            if (o) return 1;
        }
        i = end;
    }
    return 0;
}

/* Share of bytes that cannot appear in text (NUL and most C0 controls). */
static int looks_binary(const unsigned char *p, size_t n)
{
    size_t sample = n < 65536 ? n : 65536, bad = 0;
    for (size_t i = 0; i < sample; i++) {
        unsigned char c = p[i];
        if (c == 0) return 1;
        if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' && c != 0x1b) bad++;
    }
    return sample && bad * 20 > sample; /* over 5% */
}

/* Counts invalid and multi-byte sequences to tell "UTF-8 with a few broken
 * bytes" from a legacy encoding. */
static void utf8_census(const unsigned char *p, size_t n, size_t *bad, size_t *multi)
{
    *bad = *multi = 0;
    size_t i = 0;
    while (i < n) {
        if (p[i] < 0x80) { i++; continue; }
        size_t k = td_utf8_valid_prefix((const char *)p + i, n - i);
        if (k == 0) {
            (*bad)++;
            i++;
        } else {
            /* k covers this and following valid bytes; count sequences. */
            size_t end = i + k;
            while (i < end) {
                if (p[i] >= 0xC0) (*multi)++;
                i++;
            }
        }
    }
}

static int convert(td_arena *a, const char *from, const unsigned char *in, size_t n,
                   char **out, size_t *outlen)
{
    /* Most charsets give at most 3 UTF-8 bytes per input byte, but not all
     * (SCSU can give 4), so a second pass takes the length ICU asks for. */
    size_t cap = n * 3 + 4;
    if (n > INT32_MAX / 4) return -1;
    for (int pass = 0; pass < 2; pass++) {
        char *d = td_arena_alloc(a, cap);
        if (!d) return -1;
        UErrorCode err = U_ZERO_ERROR;
        int32_t len = ucnv_convert("UTF-8", from, d, (int32_t)cap, (const char *)in,
                                   (int32_t)n, &err);
        if (err == U_BUFFER_OVERFLOW_ERROR || (len >= 0 && (size_t)len >= cap)) {
            cap = (size_t)len + 1;
            continue;
        }
        if (U_FAILURE(err) || len < 0) return -1;
        d[len] = '\0';
        *out = d;
        *outlen = (size_t)len;
        return 0;
    }
    return -1;
}

/* Decodes mostly-valid UTF-8, replacing each broken byte with U+FFFD. */
static int repair_utf8(td_arena *a, const unsigned char *in, size_t n, char **out,
                       size_t *outlen)
{
    char *d = td_arena_alloc(a, n * 3 + 1);
    if (!d) return -1;
    size_t o = 0, i = 0;
    while (i < n) {
        size_t k = td_utf8_valid_prefix((const char *)in + i, n - i);
        memcpy(d + o, in + i, k);
        o += k;
        i += k;
        if (i < n) {
            memcpy(d + o, "\xEF\xBF\xBD", 3);
            o += 3;
            i++;
        }
    }
    d[o] = '\0';
    *out = d;
    *outlen = o;
    return 0;
}

static int usable(const char *name)
{
    UErrorCode err = U_ZERO_ERROR;
    UConverter *c = ucnv_open(name, &err);
    if (U_FAILURE(err) || !c) return 0;
    ucnv_close(c);
    return 1;
}

int td_to_utf8(td_arena *a, const unsigned char *in, size_t n, const char *hint, int is_html,
               char **out, size_t *outlen, const char **from, char *errbuf, size_t errlen)
{
    char meta[64];
    const char *declared = NULL;

    if (n >= 3 && in[0] == 0xEF && in[1] == 0xBB && in[2] == 0xBF) {
        *from = "UTF-8";
        in += 3;
        n -= 3;
        if (td_utf8_valid((const char *)in, n)) {
            *out = td_arena_strndup(a, (const char *)in, n);
            *outlen = n;
            return *out ? 0 : -1;
        }
        return repair_utf8(a, in, n, out, outlen);
    }
    if (n >= 2 && ((in[0] == 0xFF && in[1] == 0xFE) || (in[0] == 0xFE && in[1] == 0xFF))) {
        *from = in[0] == 0xFF ? "UTF-16LE" : "UTF-16BE";
        if (convert(a, *from, in + 2, n - 2, out, outlen) == 0) return 0;
        snprintf(errbuf, errlen, "cannot decode %s text", *from);
        return -1;
    }

    if (hint && *hint) declared = hint;
    else if (is_html && meta_charset(in, n, meta, sizeof meta)) declared = meta;

    int valid = td_utf8_valid((const char *)in, n);
    if (valid && (!declared || strcasecmp(declared, "utf-8") == 0 ||
                  strcasecmp(declared, "utf8") == 0 || strcasecmp(declared, "us-ascii") == 0)) {
        *from = "UTF-8";
        *out = td_arena_strndup(a, (const char *)in, n);
        *outlen = n;
        return *out ? 0 : -1;
    }
    if (declared && strcasecmp(declared, "utf-8") != 0 && strcasecmp(declared, "utf8") != 0) {
        /* HTML5 reads iso-8859-1 and us-ascii labels as windows-1252. */
        const char *name = declared;
        if (strcasecmp(name, "iso-8859-1") == 0 || strcasecmp(name, "latin1") == 0 ||
            strcasecmp(name, "us-ascii") == 0)
            name = "windows-1252";
        if (usable(name) && convert(a, name, in, n, out, outlen) == 0) {
            *from = td_arena_strdup(a, name);
            return 0;
        }
    }

    /* Only undeclared bytes are judged: a declared UTF-16 or SCSU payload
     * is full of bytes that would look binary. */
    if (looks_binary(in, n)) {
        snprintf(errbuf, errlen, "looks like binary data, not text");
        return -1;
    }

    size_t bad, multi;
    utf8_census(in, n, &bad, &multi);
    /* Legacy one-byte text almost never forms valid multi-byte sequences,
     * so as many valid ones as broken bytes means UTF-8 with damage. */
    if (multi > 0 && bad <= multi) {
        *from = "UTF-8";
        return repair_utf8(a, in, n, out, outlen);
    }

    const char *guess = "windows-1252";
    UErrorCode err = U_ZERO_ERROR;
    UCharsetDetector *det = ucsdet_open(&err);
    if (U_SUCCESS(err)) {
        ucsdet_setText(det, (const char *)in, (int32_t)(n > 65536 ? 65536 : n), &err);
        const UCharsetMatch *m = ucsdet_detect(det, &err);
        if (U_SUCCESS(err) && m) {
            const char *name = ucsdet_getName(m, &err);
            int32_t conf = ucsdet_getConfidence(m, &err);
            /* ISO-8859-1 is what ICU says for most Western text; its
             * superset windows-1252 also decodes curly quotes. */
            if (U_SUCCESS(err) && name && conf >= 30 && strcasecmp(name, "ISO-8859-1") != 0 &&
                strncasecmp(name, "UTF-", 4) != 0)
                guess = td_arena_strdup(a, name);
        }
        ucsdet_close(det);
    }
    if (convert(a, guess, in, n, out, outlen) == 0) {
        *from = guess;
        return 0;
    }
    snprintf(errbuf, errlen, "cannot decode text (guessed %s)", guess);
    return -1;
}
