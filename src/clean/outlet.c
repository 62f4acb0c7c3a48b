/*
 * outlet.c -- naming an outlet by the registrable domain of its URL, with
 * the Public Suffix List (libpsl), so "edition.cnn.com" and "www.cnn.com"
 * are one outlet and "bbc.co.uk" is not cut to "co.uk".
 */
#include <ctype.h>
#include <libpsl.h>
#include <string.h>

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
