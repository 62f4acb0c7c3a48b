#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "store/store.h"

static size_t len_of(const char *s) { return s ? strlen(s) + 1 : 0; }

static const char *put(char **p, const char *s)
{
    if (!s) return NULL;
    size_t n = strlen(s) + 1;
    memcpy(*p, s, n);
    const char *r = *p;
    *p += n;
    return r;
}

td_article *td_store_article_pack(const td_article *a)
{
    size_t body = a->body ? a->body_len + 1 : 0;
    size_t n = sizeof *a + len_of(a->source_path) + len_of(a->format) + len_of(a->url) +
               len_of(a->outlet) + len_of(a->title) + len_of(a->author) +
               len_of(a->language) + len_of(a->published) + len_of(a->content_hash) +
               len_of(a->published_lo) + len_of(a->published_hi) +
               len_of(a->extra_json) + len_of(a->provenance) + body;
    td_article *r = malloc(n);
    if (!r) return NULL;
    *r = *a;
    char *p = (char *)(r + 1);
    r->source_path = put(&p, a->source_path);
    r->format = put(&p, a->format);
    r->url = put(&p, a->url);
    r->outlet = put(&p, a->outlet);
    r->title = put(&p, a->title);
    r->author = put(&p, a->author);
    r->language = put(&p, a->language);
    r->published = put(&p, a->published);
    r->content_hash = put(&p, a->content_hash);
    r->published_lo = put(&p, a->published_lo);
    r->published_hi = put(&p, a->published_hi);
    r->extra_json = put(&p, a->extra_json);
    r->provenance = put(&p, a->provenance);
    if (a->body) {
        memcpy(p, a->body, a->body_len);
        p[a->body_len] = '\0';
        r->body = p;
    }
    return r;
}

unsigned char *td_store_deflate(const void *raw, size_t len, size_t *zlen)
{
    uLongf n = compressBound((uLong)len);
    unsigned char *z = malloc(n ? n : 1);
    /* Level 1: the raw input is kept for re-processing, not read often,
     * and level 6 cost three times the CPU for a few percent of size. */
    if (!z || compress2(z, &n, raw, (uLong)len, 1) != Z_OK) {
        free(z);
        return NULL;
    }
    *zlen = n;
    return z;
}
