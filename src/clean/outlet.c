/*
 * outlet.c -- naming an outlet by the registrable domain of its URL, with
 * the Public Suffix List (libpsl), so "edition.cnn.com" and "www.cnn.com"
 * are one outlet and "bbc.co.uk" is not cut to "co.uk".
 */
#include <ctype.h>
#include <libpsl.h>
#include <string.h>
#include <strings.h>
#include <xxhash.h>

#include "clean/clean.h"

const char *td_clean_outlet_from_url(td_arena *a, const char *url)
{
    if (!url) return NULL;
    const char *p = strstr(url, "://");
    p = p ? p + 3 : url;
    /* user:pass@ */
    const char *end = p + strcspn(p, "/?#");
    const char *at = memchr(p, '@', (size_t)(end - p));
    if (at) p = at + 1;
    size_t n = strcspn(p, "/?#:");
    if (n == 0 || n > 253) return NULL;
    char host[256];
    for (size_t i = 0; i < n; i++) host[i] = (char)tolower((unsigned char)p[i]);
    host[n] = '\0';
    if (strspn(host, "0123456789.") == n) return td_arena_strdup(a, host); /* an IP */
    const char *reg = psl_registrable_domain(psl_builtin(), host);
    if (!reg) reg = psl_is_public_suffix(psl_builtin(), host) ? NULL : host;
    return reg ? td_arena_strdup(a, reg) : NULL;
}

/* A letter or digit, or a byte of another script. */
static int word_byte(char ch)
{
    unsigned char c = (unsigned char)ch;
    return c >= 0x80 || isalnum(c);
}

/* The word bytes of s[0..n), ASCII lower-cased, the rest dropped. */
static size_t squash(const char *s, size_t n, char *out, size_t cap)
{
    size_t k = 0;
    for (size_t i = 0; i < n && k < cap; i++)
        if (word_byte(s[i])) out[k++] = (char)tolower((unsigned char)s[i]);
    return k;
}

static uint64_t okey(char ns, const char *s, size_t n)
{
    return XXH3_64bits_withSeed(s, n, (uint64_t)(unsigned char)ns);
}

static void add_key(uint64_t *v, size_t *n, uint64_t k)
{
    for (size_t i = 0; i < *n; i++)
        if (v[i] == k) return;
    if (*n < TD_CLEAN_OUTLET_KEYS) v[(*n)++] = k;
}

/* A name's short form s[0..n) (A): filed under it, and looked for among
 * domains and full names. */
static void short_form(const char *s, size_t n, uint64_t *put, size_t *nput, uint64_t *find,
                       size_t *nfind)
{
    add_key(put, nput, okey('A', s, n));
    add_key(find, nfind, okey('F', s, n));
    add_key(find, nfind, okey('D', s, n));
}

/* Keys live in three spaces: D, a domain's name ("meridianwire" of
 * meridianwire.net, "bbc" of bbc.co.uk); F, a name's words run together
 * ("meridianwire" of "Meridian Wire"); A, a name's other short forms: its
 * initials ("npr" of "National Public Radio") and its words run together
 * without some middle ones ("riverbendradio" of "Riverbend Public
 * Radio"), as domains are often made. A domain meets domains and names
 * under any form; a name meets domains under any of its forms and names
 * under their full form only, so that "Riverbend Public Radio" and
 * "Riverbend Community Radio" do not meet through "riverbendradio". A
 * leading "the" is dropped everywhere ("The Guardian", theguardian.com). */
void td_clean_outlet_keys(const char *name, size_t len, uint64_t *put, size_t *nput,
                          uint64_t *find, size_t *nfind)
{
    *nput = *nfind = 0;
    char buf[128];
    int domain = len > 0 && !memchr(name, ' ', len) && memchr(name, '.', len);
    if (domain) {
        /* an IP address is only itself */
        if (strspn(name, "0123456789.") >= len) return;
        size_t a = 0;
        if (len > 4 && !strncasecmp(name, "www.", 4)) a = 4;
        const char *dot = memchr(name + a, '.', len - a);
        size_t n = squash(name + a, (size_t)((dot ? dot : name + len) - (name + a)), buf,
                          sizeof buf);
        if (n > 5 && !memcmp(buf, "the", 3)) memmove(buf, buf + 3, n -= 3);
        if (n < 2) return;
        add_key(put, nput, okey('D', buf, n));
        add_key(find, nfind, okey('D', buf, n));
        add_key(find, nfind, okey('F', buf, n));
        add_key(find, nfind, okey('A', buf, n));
        return;
    }
    /* the words, squashed */
    enum { MAXW = 16 };
    size_t wo[MAXW], wl[MAXW], nw = 0, used = 0;
    for (size_t i = 0; i < len && nw < MAXW;) {
        while (i < len && !word_byte(name[i])) i++;
        size_t s = i;
        while (i < len && (word_byte(name[i]) || name[i] == '\'' || name[i] == '.')) i++;
        if (i == s) break;
        size_t n = squash(name + s, i - s, buf + used, sizeof buf - used);
        if (!n) continue;
        wo[nw] = used;
        wl[nw++] = n;
        used += n;
    }
    size_t first = nw > 1 && wl[0] == 3 && !memcmp(buf + wo[0], "the", 3);
    size_t k = nw - first;
    if (k == 0) return;
    const char *w0 = buf + wo[first];
    /* the words are contiguous in buf: the full form is one run */
    size_t full = used - (size_t)(w0 - buf);
    if (full < 2) return;
    add_key(put, nput, okey('F', w0, full));
    add_key(find, nfind, okey('F', w0, full));
    add_key(find, nfind, okey('A', w0, full));
    add_key(find, nfind, okey('D', w0, full));
    char alt[128];
    if (k >= 3) {
        for (size_t i = 0; i < k; i++) alt[i] = buf[wo[first + i]];
        short_form(alt, k, put, nput, find, nfind);
    }
    /* first and last word with any of up to four middle ones */
    if (k >= 3 && k <= 6) {
        unsigned mid = (unsigned)(k - 2);
        for (unsigned m = 0; m + 1 < (1u << mid); m++) {
            memcpy(alt, w0, wl[first]);
            size_t n = wl[first];
            for (unsigned j = 0; j < mid; j++) {
                if (!(m >> j & 1)) continue;
                memcpy(alt + n, buf + wo[first + 1 + j], wl[first + 1 + j]);
                n += wl[first + 1 + j];
            }
            memcpy(alt + n, buf + wo[first + k - 1], wl[first + k - 1]);
            n += wl[first + k - 1];
            short_form(alt, n, put, nput, find, nfind);
        }
    }
}
