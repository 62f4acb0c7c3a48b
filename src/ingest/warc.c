/*
 * warc.c -- the WARC reader (ISO 28500: WARC/1.0 and WARC/1.1).
 *
 * This is our own small reader because no WARC library is packaged for
 * Debian. What we need is modest: walk the records, keep the HTTP responses
 * and resources that hold pages, and undo their transfer and content
 * codings. Everything else in a crawl (requests, metadata, revisits) is
 * skipped.
 *
 * Records stream from the td_src one at a time; gzip, including the usual
 * one member per record, is undone there. Memory is bounded by one record:
 * its block (at most max_article_bytes) plus, when the payload is chunked
 * or compressed, the decoded payload (at most max_article_bytes again).
 *
 * A damaged record costs only itself: it is rejected with its offset and
 * the reader resynchronises on the next line that starts a record.
 */
#define ZLIB_CONST
#include <stdio.h>
#include <string.h>
#include <zlib.h>

#include "ingest/reader.h"
#include "util/text.h"

/* Header sections are a few hundred bytes in practice; the caps only stop
 * hostile input from growing them. */
#define TD_WARC_MAX_HEADER (64 * 1024)
#define TD_WARC_MAX_FIELDS 256

/* Decoded content is not ratio-checked below this size (as in src.c):
 * small pages of repetitive markup compress very well and are harmless. */
#define TD_WARC_RATIO_FLOOR (1u << 20)

/* zlib counts in uInt; larger inputs are fed in slices. */
#define TD_WARC_ZSLICE (1u << 30)

typedef struct td_warc_field {
    const char *name, *value; /* not NUL-terminated */
    size_t name_len, value_len;
} td_warc_field;

typedef struct td_warc_fields {
    td_warc_field f[TD_WARC_MAX_FIELDS];
    size_t n;
} td_warc_fields;

typedef enum td_warc_kind { TD_WARC_SKIP, TD_WARC_HTML, TD_WARC_TEXT } td_warc_kind;

/* What the record loop does after one record. */
typedef enum td_warc_step {
    TD_WARC_NEXT,   /* the record was consumed exactly: go on */
    TD_WARC_RESYNC, /* its extent is unknown: skip to the next record line */
    TD_WARC_END     /* the input ended or cannot be read */
} td_warc_step;

typedef struct td_warc {
    td_reader_env *env;
    td_src *src;
    size_t max_block;
    unsigned max_ratio;
    td_buf line;  /* the current line of the WARC header */
    td_buf head;  /* the WARC header section, parsed in place */
    td_buf http;  /* a copy of the HTTP header section, parsed in place */
    td_buf block; /* the record block, exactly as in the input */
    td_buf body;  /* the payload after de-chunking and inflating */
    td_buf where; /* "name@offset" of the current record */
    td_warc_fields wf, hf;
    int src_err_told; /* the stream error was already named in a rejection */
} td_warc;

/* The emit wrapper's view of the record whose payload is being read. */
typedef struct td_warc_emit_ctx {
    td_reader_env *outer;
    const char *url;
    size_t url_len;
    const unsigned char *raw;
    size_t raw_len;
} td_warc_emit_ctx;

/* Content codings, with a decoder that inflates piece by piece so that a
 * chunked, compressed body never needs a de-chunked copy of its own. */
enum { TD_WARC_IDENTITY, TD_WARC_GZIP, TD_WARC_DEFLATE };

typedef struct td_warc_dec {
    int coding;
    int started, ended;
    z_stream z;
    uint64_t in; /* compressed bytes fed, for the ratio check */
} td_warc_dec;

/* ---- Small text helpers ------------------------------------------------ */

static int td_warc_ws(char c) { return c == ' ' || c == '\t'; }

static int td_warc_eq_ci(const char *s, size_t n, const char *lit)
{
    return n == strlen(lit) && td_has_prefix_ci(s, n, lit);
}

static void td_warc_trim(const char **s, size_t *n)
{
    while (*n && td_warc_ws(**s)) (*s)++, (*n)--;
    while (*n && td_warc_ws((*s)[*n - 1])) (*n)--;
}

static const td_warc_field *td_warc_get(const td_warc_fields *h, const char *name)
{
    for (size_t i = 0; i < h->n; i++)
        if (td_warc_eq_ci(h->f[i].name, h->f[i].name_len, name)) return &h->f[i];
    return NULL;
}

/* Content-Length: plain digits only. 18 digits cannot overflow, and no
 * real record comes near that. */
static int td_warc_parse_len(const char *s, size_t n, uint64_t *out)
{
    if (n == 0 || n > 18) return -1;
    uint64_t v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') return -1;
        v = v * 10 + (uint64_t)(s[i] - '0');
    }
    *out = v;
    return 0;
}

/* Parses "Name: value" lines in p[0..n) in place, up to a blank line.
 * Continuation lines are folded into the previous value with one space,
 * which is why values are compacted: each ends up contiguous. The rewrite
 * never overtakes the read position because every line loses at least its
 * newline. Returns NULL, or what is wrong. */
static const char *td_warc_parse_fields(char *p, size_t n, td_warc_fields *h)
{
    size_t r = 0, w = 0;
    h->n = 0;
    while (r < n) {
        char *nl = memchr(p + r, '\n', n - r);
        size_t e = nl ? (size_t)(nl - p) : n;
        size_t next = nl ? e + 1 : n;
        if (e > r && p[e - 1] == '\r') e--;
        if (e == r) break;
        if (td_warc_ws(p[r])) {
            if (!h->n) return "continuation line before the first field";
            size_t s = r;
            while (s < e && td_warc_ws(p[s])) s++;
            while (e > s && td_warc_ws(p[e - 1])) e--;
            td_warc_field *f = &h->f[h->n - 1];
            if (e > s) {
                if (f->value_len) p[w++] = ' ';
                memmove(p + w, p + s, e - s);
                w += e - s;
                f->value_len = (size_t)(p + w - f->value);
            }
        } else {
            char *colon = memchr(p + r, ':', e - r);
            if (!colon) return "a line without a colon";
            size_t ne = (size_t)(colon - p);
            while (ne > r && td_warc_ws(p[ne - 1])) ne--;
            for (size_t i = r; i < ne; i++)
                if ((unsigned char)p[i] <= ' ' || p[i] == 0x7f)
                    return "a field name with a control character or space";
            if (ne == r) return "a field without a name";
            if (h->n == TD_WARC_MAX_FIELDS) return "too many fields";
            size_t s = (size_t)(colon - p) + 1, ve = e;
            while (s < ve && td_warc_ws(p[s])) s++;
            while (ve > s && td_warc_ws(p[ve - 1])) ve--;
            td_warc_field *f = &h->f[h->n++];
            memmove(p + w, p + r, ne - r);
            f->name = p + w;
            f->name_len = ne - r;
            w += ne - r;
            memmove(p + w, p + s, ve - s);
            f->value = p + w;
            f->value_len = ve - s;
            w += ve - s;
        }
        r = next;
    }
    return NULL;
}

/* The media type of a Content-Type value, trimmed and without parameters. */
static void td_warc_media(const td_warc_field *f, const char **type, size_t *len)
{
    const char *semi = memchr(f->value, ';', f->value_len);
    *type = f->value;
    *len = semi ? (size_t)(semi - f->value) : f->value_len;
    td_warc_trim(type, len);
}

/* Copies parameter name's value from a Content-Type value into out, which
 * stays empty unless the value is short and looks like a token: it ends up
 * as a charset name handed to ICU. */
static void td_warc_param(const td_warc_field *f, const char *name, char *out, size_t cap)
{
    out[0] = '\0';
    const char *p = f->value, *end = f->value + f->value_len;
    const char *semi = memchr(p, ';', f->value_len);
    while (semi) {
        p = semi + 1;
        semi = memchr(p, ';', (size_t)(end - p));
        const char *seg = p;
        size_t n = (size_t)((semi ? semi : end) - p);
        const char *eq = memchr(seg, '=', n);
        if (!eq) continue;
        const char *k = seg, *v = eq + 1;
        size_t kn = (size_t)(eq - seg), vn = n - kn - 1;
        td_warc_trim(&k, &kn);
        td_warc_trim(&v, &vn);
        if (!td_warc_eq_ci(k, kn, name)) continue;
        if (vn >= 2 && v[0] == '"' && v[vn - 1] == '"') v++, vn -= 2;
        if (vn == 0 || vn >= cap) return;
        for (size_t i = 0; i < vn; i++) {
            char c = v[i];
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '-' || c == '_' || c == '.' || c == ':' || c == '+'))
                return;
        }
        memcpy(out, v, vn);
        out[vn] = '\0';
        return;
    }
}

/* Servers often omit Content-Type; a page that says it is HTML is still
 * worth reading. Anything else without a type is most likely binary. */
static int td_warc_looks_html(const unsigned char *p, size_t n)
{
    if (n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) p += 3, n -= 3;
    while (n && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')) p++, n--;
    return td_has_prefix_ci((const char *)p, n, "<!doctype html") ||
           td_has_prefix_ci((const char *)p, n, "<html");
}

/* Which reader a payload goes to, from its Content-Type (or, without one,
 * from its first bytes), and the declared charset. */
static td_warc_kind td_warc_kind_of(const td_warc_field *ct, const unsigned char *body,
                                    size_t n, char *charset, size_t cap)
{
    charset[0] = '\0';
    if (!ct || !ct->value_len) return td_warc_looks_html(body, n) ? TD_WARC_HTML : TD_WARC_SKIP;
    const char *t;
    size_t tn;
    td_warc_media(ct, &t, &tn);
    td_warc_kind k = TD_WARC_SKIP;
    if (td_warc_eq_ci(t, tn, "text/html") || td_warc_eq_ci(t, tn, "application/xhtml+xml"))
        k = TD_WARC_HTML;
    else if (td_warc_eq_ci(t, tn, "text/plain"))
        k = TD_WARC_TEXT;
    if (k != TD_WARC_SKIP) td_warc_param(ct, "charset", charset, cap);
    return k;
}

/* "HTTP/1.1 200 OK": the status code, or -1. */
static int td_warc_status(const char *s, size_t n)
{
    if (!td_has_prefix_ci(s, n, "HTTP/")) return -1;
    size_t i = 5;
    while (i < n && !td_warc_ws(s[i])) i++;
    if (i == 5 || i == n) return -1;
    while (i < n && td_warc_ws(s[i])) i++;
    if (n - i < 3) return -1;
    int code = 0;
    for (size_t k = 0; k < 3; k++, i++) {
        if (s[i] < '0' || s[i] > '9') return -1;
        code = code * 10 + (s[i] - '0');
    }
    if (i < n && !td_warc_ws(s[i])) return -1;
    return code;
}

/* Finds the blank line that ends the HTTP header section within the first
 * TD_WARC_MAX_HEADER bytes. *hlen excludes the blank line, *body_off is
 * where the body starts. */
static int td_warc_http_end(const unsigned char *p, size_t n, size_t *hlen, size_t *body_off)
{
    size_t lim = n < TD_WARC_MAX_HEADER ? n : TD_WARC_MAX_HEADER;
    for (size_t i = 0; i < lim; i++) {
        if (p[i] != '\n') continue;
        if (i + 1 < n && p[i + 1] == '\n') {
            *hlen = i + 1;
            *body_off = i + 2;
            return 1;
        }
        if (i + 2 < n && p[i + 1] == '\r' && p[i + 2] == '\n') {
            *hlen = i + 1;
            *body_off = i + 3;
            return 1;
        }
    }
    return 0;
}

/* Parses the status line and header fields of an HTTP response in p[0..n)
 * into r->hf (via a copy in r->http: the block must stay as it was read,
 * since it is the document's raw unit). Returns NULL, or what is wrong. */
static const char *td_warc_http_head(td_warc *r, const unsigned char *p, size_t n,
                                     int *status, size_t *body_off)
{
    size_t hlen;
    *status = -1;
    if (!td_warc_http_end(p, n, &hlen, body_off)) return "no end of the header section";
    td_buf_reset(&r->http);
    if (td_buf_append(&r->http, p, hlen)) return "out of memory";
    char *h = r->http.data;
    char *nl = memchr(h, '\n', hlen);
    size_t l1 = nl ? (size_t)(nl - h) : hlen;
    size_t rest = nl ? l1 + 1 : hlen;
    if (l1 && h[l1 - 1] == '\r') l1--;
    *status = td_warc_status(h, l1);
    if (*status < 0) return "bad status line";
    return td_warc_parse_fields(h + rest, hlen - rest, &r->hf);
}

static const char *td_warc_where(td_warc *r, uint64_t at)
{
    const char *name = r->env->name ? r->env->name : "-";
    char num[32];
    snprintf(num, sizeof num, "@%llu", (unsigned long long)at);
    td_buf_reset(&r->where);
    if (td_buf_puts(&r->where, name) || td_buf_puts(&r->where, num)) return name;
    return r->where.data;
}

/* ---- Payload decoding -------------------------------------------------- */

/* The next chunk of a chunked body at *pos: 1 with the chunk in *data and
 * *len, 0 at the last chunk (or at the end of the bytes: a missing last
 * chunk loses nothing), -1 when the framing is broken. */
static int td_warc_chunk(const unsigned char *p, size_t n, size_t *pos,
                         const unsigned char **data, size_t *len)
{
    size_t i = *pos;
    if (i >= n) return 0;
    uint64_t size = 0;
    size_t digits = 0;
    for (; i < n; i++, digits++) {
        unsigned char c = p[i];
        int v = c >= '0' && c <= '9'   ? c - '0'
                : c >= 'a' && c <= 'f' ? c - 'a' + 10
                : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                       : -1;
        if (v < 0) break;
        if (digits == 15) return -1;
        size = size * 16 + (uint64_t)v;
    }
    if (!digits) return -1;
    /* Chunk extensions are ignored, but nothing else may follow the size. */
    if (i < n && p[i] != ';' && p[i] != '\r' && p[i] != '\n' && !td_warc_ws((char)p[i]))
        return -1;
    const unsigned char *nl = i < n ? memchr(p + i, '\n', n - i) : NULL;
    if (!nl) return -1;
    i = (size_t)(nl - p) + 1;
    if (size == 0) {
        *pos = n;
        return 0;
    }
    if (size > n - i) return -1;
    *data = p + i;
    *len = (size_t)size;
    i += (size_t)size;
    if (i < n && p[i] == '\r') i++;
    if (i < n) {
        if (p[i] != '\n') return -1;
        i++;
    }
    *pos = i;
    return 1;
}

/* Appends one piece of the body to r->body, inflating it when the body
 * has a content coding. Returns 0, or -1 with the reason in err. */
static int td_warc_put(td_warc *r, td_warc_dec *d, const unsigned char *p, size_t n,
                       char *err, size_t errlen)
{
    if (d->coding == TD_WARC_IDENTITY) {
        int rc = td_buf_append(&r->body, p, n);
        if (rc == TD_BUF_FULL)
            snprintf(err, errlen, "payload over the %zu-byte limit", r->max_block);
        else if (rc)
            snprintf(err, errlen, "out of memory");
        return rc ? -1 : 0;
    }
    /* Bytes after the end of the compressed stream are ignored. */
    if (d->ended || n == 0) return 0;
    const char *what = d->coding == TD_WARC_GZIP ? "gzip" : "deflate";
    if (!d->started) {
        int wbits;
        if (d->coding == TD_WARC_GZIP) {
            /* Some crawlers store the decoded payload but keep the header;
             * the magic bytes tell. */
            if (p[0] != 0x1f) {
                d->coding = TD_WARC_IDENTITY;
                return td_warc_put(r, d, p, n, err, errlen);
            }
            wbits = 16 + MAX_WBITS;
        } else {
            /* "deflate" is zlib-wrapped by the standard, raw from many
             * servers; a valid zlib header settles which. */
            int zlib = n >= 2 && (p[0] & 0x0f) == 8 && (p[0] >> 4) <= 7 &&
                       ((p[0] << 8) | p[1]) % 31 == 0;
            wbits = zlib ? MAX_WBITS : -MAX_WBITS;
        }
        memset(&d->z, 0, sizeof d->z);
        if (inflateInit2(&d->z, wbits) != Z_OK) {
            snprintf(err, errlen, "out of memory");
            return -1;
        }
        d->started = 1;
    }
    while (n > 0 && !d->ended) {
        size_t slice = n < TD_WARC_ZSLICE ? n : TD_WARC_ZSLICE;
        d->z.next_in = p;
        d->z.avail_in = (uInt)slice;
        d->in += slice;
        for (;;) {
            size_t room = r->max_block - r->body.len;
            if (room > 64 * 1024) room = 64 * 1024;
            if (room == 0) {
                snprintf(err, errlen, "decoded payload over the %zu-byte limit", r->max_block);
                return -1;
            }
            if (td_buf_reserve(&r->body, room)) {
                snprintf(err, errlen, "out of memory");
                return -1;
            }
            d->z.next_out = (unsigned char *)r->body.data + r->body.len;
            d->z.avail_out = (uInt)room;
            int rc = inflate(&d->z, Z_NO_FLUSH);
            size_t got = room - d->z.avail_out;
            r->body.len += got;
            r->body.data[r->body.len] = '\0';
            if (r->body.len > TD_WARC_RATIO_FLOOR && r->body.len / r->max_ratio > d->in) {
                snprintf(err, errlen, "%s payload expands more than %u:1 (a compression bomb?)",
                         what, r->max_ratio);
                return -1;
            }
            if (rc == Z_STREAM_END) {
                /* A gzip body may hold several members back to back. */
                if (d->coding == TD_WARC_GZIP && d->z.avail_in >= 2 && d->z.next_in[0] == 0x1f &&
                    d->z.next_in[1] == 0x8b) {
                    inflateReset(&d->z);
                    continue;
                }
                d->ended = 1;
                break;
            }
            /* No progress: the input so far is used up. */
            if (rc == Z_BUF_ERROR && got == 0) break;
            if (rc != Z_OK && rc != Z_BUF_ERROR) {
                snprintf(err, errlen, "corrupt %s payload: %s", what,
                         d->z.msg ? d->z.msg : "inflate error");
                return -1;
            }
            /* Output space left over means the input is used up and
             * nothing is pending. */
            if (d->z.avail_out != 0 && d->z.avail_in == 0) break;
        }
        p += slice;
        n -= slice;
    }
    return 0;
}

/* Decodes the body p[0..n) into r->body. Returns 0, or -1 with the reason
 * in err. */
static int td_warc_decode(td_warc *r, const unsigned char *p, size_t n, int chunked,
                          int coding, char *err, size_t errlen)
{
    td_warc_dec d;
    memset(&d, 0, sizeof d);
    d.coding = coding;
    td_buf_reset(&r->body);
    int rc = 0;
    if (chunked) {
        size_t pos = 0;
        const unsigned char *c;
        size_t clen;
        int k, first = 1;
        while ((k = td_warc_chunk(p, n, &pos, &c, &clen)) > 0) {
            first = 0;
            if ((rc = td_warc_put(r, &d, c, clen, err, errlen))) break;
        }
        /* Crawlers that store the de-chunked payload often keep the
         * Transfer-Encoding header; a body that does not even start like
         * a chunk is taken as it is. */
        if (k < 0 && first)
            rc = td_warc_put(r, &d, p, n, err, errlen);
        else if (k < 0 && !rc) {
            snprintf(err, errlen, "broken chunked transfer encoding");
            rc = -1;
        }
    } else {
        rc = td_warc_put(r, &d, p, n, err, errlen);
    }
    if (!rc && d.started && !d.ended) {
        snprintf(err, errlen, "truncated %s payload",
                 d.coding == TD_WARC_GZIP ? "gzip" : "deflate");
        rc = -1;
    }
    if (d.started) inflateEnd(&d.z);
    return rc;
}

/* ---- Handing payloads to the page readers ------------------------------ */

/* The page readers emit their document themselves; this wrapper adds what
 * only the WARC record knows before passing it on. WARC-Date is the crawl
 * time, not the publication date, so it is deliberately not used. */
static int td_warc_emit(void *ctx, td_doc *doc)
{
    td_warc_emit_ctx *c = ctx;
    doc->format = TD_FMT_WARC;
    if (c->url) {
        char *u = td_arena_strndup(&doc->arena, c->url, c->url_len);
        if (!u) goto oom;
        doc->url = u;
    }
    /* The raw unit is the whole block, HTTP headers included, so that what
     * is stored is what the archive held. */
    unsigned char *raw = td_arena_alloc(&doc->arena, c->raw_len ? c->raw_len : 1);
    if (!raw) goto oom;
    if (c->raw_len) memcpy(raw, c->raw, c->raw_len);
    doc->raw = raw;
    doc->raw_len = c->raw_len;
    return td_reader_emit(c->outer, doc);
oom:
    td_reader_reject(c->outer, doc->where, "out of memory");
    td_doc_free(doc);
    return c->outer->stop;
}

static void td_warc_deliver(td_warc *r, const char *where, td_warc_kind kind,
                            const unsigned char *payload, size_t len, const char *charset)
{
    td_warc_emit_ctx c = {.outer = r->env,
                          .raw = (const unsigned char *)r->block.data,
                          .raw_len = r->block.len};
    const td_warc_field *uri = td_warc_get(&r->wf, "WARC-Target-URI");
    if (uri && uri->value_len) {
        /* WARC/1.0's grammar put the URI in angle brackets; some writers
         * still do. */
        const char *u = uri->value;
        size_t un = uri->value_len;
        if (un >= 2 && u[0] == '<' && u[un - 1] == '>') u++, un -= 2;
        if (un) {
            c.url = u;
            c.url_len = un;
        }
    }
    td_reader_env inner = *r->env;
    inner.emit = td_warc_emit;
    inner.emit_ctx = &c;
    inner.rejected = 0;
    inner.stop = 0;
    if (kind == TD_WARC_HTML)
        td_read_html(&inner, where, payload, len, charset[0] ? charset : NULL);
    else
        td_read_text(&inner, where, payload, len);
    r->env->rejected += inner.rejected;
    if (inner.stop) r->env->stop = 1;
}

/* A response record: the block is an HTTP response. */
static void td_warc_response(td_warc *r, const char *where)
{
    const unsigned char *p = (const unsigned char *)r->block.data;
    size_t n = r->block.len;
    int status;
    size_t off;
    const char *bad = td_warc_http_head(r, p, n, &status, &off);
    /* Redirects, errors and the like hold no article: not an error, even
     * when their headers are sloppy. */
    if (status >= 0 && (status < 200 || status > 299)) return;
    if (bad) {
        td_reader_reject(r->env, where, "malformed HTTP response: %s", bad);
        return;
    }

    const unsigned char *body = p + off;
    size_t blen = n - off;
    char charset[64];
    td_warc_kind kind =
        td_warc_kind_of(td_warc_get(&r->hf, "Content-Type"), body, blen, charset, sizeof charset);
    if (kind == TD_WARC_SKIP) return;

    int chunked = 0, coding = TD_WARC_IDENTITY;
    const td_warc_field *te = td_warc_get(&r->hf, "Transfer-Encoding");
    if (te) {
        for (size_t i = 0; i + 7 <= te->value_len; i++)
            if (td_has_prefix_ci(te->value + i, te->value_len - i, "chunked")) chunked = 1;
    }
    const td_warc_field *ce = td_warc_get(&r->hf, "Content-Encoding");
    if (ce) {
        const char *v = ce->value;
        size_t vn = ce->value_len;
        td_warc_trim(&v, &vn);
        if (td_warc_eq_ci(v, vn, "gzip") || td_warc_eq_ci(v, vn, "x-gzip"))
            coding = TD_WARC_GZIP;
        else if (td_warc_eq_ci(v, vn, "deflate"))
            coding = TD_WARC_DEFLATE;
        else if (vn && !td_warc_eq_ci(v, vn, "identity")) {
            td_reader_reject(r->env, where, "unsupported Content-Encoding '%.*s'",
                             (int)(vn > 40 ? 40 : vn), v);
            return;
        }
    }
    if (chunked || coding != TD_WARC_IDENTITY) {
        char err[160];
        if (td_warc_decode(r, body, blen, chunked, coding, err, sizeof err)) {
            td_reader_reject(r->env, where, "%s", err);
            return;
        }
        body = (const unsigned char *)r->body.data;
        blen = r->body.len;
    }
    td_warc_deliver(r, where, kind, body, blen, charset);
}

/* A resource record: the block is the payload itself. */
static void td_warc_resource(td_warc *r, const char *where)
{
    const unsigned char *p = (const unsigned char *)r->block.data;
    char charset[64];
    td_warc_kind kind = td_warc_kind_of(td_warc_get(&r->wf, "Content-Type"), p, r->block.len,
                                        charset, sizeof charset);
    if (kind != TD_WARC_SKIP) td_warc_deliver(r, where, kind, p, r->block.len, charset);
}

/* ---- Records ----------------------------------------------------------- */

static td_warc_step td_warc_truncated(td_warc *r, const char *where, uint64_t want,
                                      uint64_t got)
{
    /* When the stream broke (a cut gzip member), say so here, once, rather
     * than again at the end. */
    const char *e = td_src_error(r->src);
    if (e) {
        td_reader_reject(r->env, where, "truncated WARC record: expected %llu bytes, got %llu (%s)",
                         (unsigned long long)want, (unsigned long long)got, e);
        r->src_err_told = 1;
    } else {
        td_reader_reject(r->env, where, "truncated WARC record: expected %llu bytes, got %llu",
                         (unsigned long long)want, (unsigned long long)got);
    }
    return TD_WARC_END;
}

static td_warc_step td_warc_skip_block(td_warc *r, const char *where, uint64_t len)
{
    uint64_t got = td_src_skip(r->src, len);
    return got < len ? td_warc_truncated(r, where, len, got) : TD_WARC_NEXT;
}

/* Whether an oversized record would have been an article, judged from its
 * first bytes without reading it: a crawl is full of large images and
 * videos that would never have been read, and they are not worth a
 * rejection each. */
static int td_warc_big_is_article(td_warc *r, int is_response, uint64_t len)
{
    const unsigned char *p;
    size_t want = len < TD_WARC_MAX_HEADER + 4 ? (size_t)len : TD_WARC_MAX_HEADER + 4;
    size_t n = td_src_peek(r->src, &p, want);
    char charset[64];
    if (!is_response)
        return td_warc_kind_of(td_warc_get(&r->wf, "Content-Type"), p, n, charset,
                               sizeof charset) != TD_WARC_SKIP;
    int status;
    size_t off;
    const char *bad = td_warc_http_head(r, p, n, &status, &off);
    if (status >= 0 && (status < 200 || status > 299)) return 0;
    if (bad) return 1; /* cannot tell: better to say it was skipped */
    return td_warc_kind_of(td_warc_get(&r->hf, "Content-Type"), p + off, n - off, charset,
                           sizeof charset) != TD_WARC_SKIP;
}

/* Reads one record whose version line is in r->line and starts at byte
 * offset at. */
static td_warc_step td_warc_record(td_warc *r, uint64_t at)
{
    const char *where = td_warc_where(r, at);
    char version[24];
    const char *v = r->line.data;
    size_t vn = r->line.len;
    td_warc_trim(&v, &vn);
    snprintf(version, sizeof version, "%.*s", (int)vn, v);
    int supported = td_warc_eq_ci(v, vn, "WARC/1.0") || td_warc_eq_ci(v, vn, "WARC/1.1");

    td_buf_reset(&r->head);
    for (;;) {
        int overlong;
        int rc = td_src_getline(r->src, &r->line, &overlong);
        if (rc < 0) {
            const char *e = td_src_error(r->src);
            td_reader_reject(r->env, where, "truncated WARC record header (%s)",
                             e ? e : "out of memory");
            r->src_err_told = e != NULL;
            return TD_WARC_END;
        }
        if (rc == 0) {
            td_reader_reject(r->env, where, "truncated WARC record: the header has no end");
            return TD_WARC_END;
        }
        if (!overlong && r->line.len == 0) break;
        if (overlong || td_buf_append(&r->head, r->line.data, r->line.len) ||
            td_buf_putc(&r->head, '\n')) {
            td_reader_reject(r->env, where, "WARC header over %d bytes", TD_WARC_MAX_HEADER);
            return TD_WARC_RESYNC;
        }
    }
    const char *bad = td_warc_parse_fields(r->head.data, r->head.len, &r->wf);
    if (bad) {
        td_reader_reject(r->env, where, "malformed WARC header: %s", bad);
        return TD_WARC_RESYNC;
    }
    const td_warc_field *cl = td_warc_get(&r->wf, "Content-Length");
    uint64_t len;
    if (!cl) {
        td_reader_reject(r->env, where, "WARC record without Content-Length");
        return TD_WARC_RESYNC;
    }
    if (td_warc_parse_len(cl->value, cl->value_len, &len)) {
        td_reader_reject(r->env, where, "WARC record with a bad Content-Length '%.*s'",
                         (int)(cl->value_len > 40 ? 40 : cl->value_len), cl->value);
        return TD_WARC_RESYNC;
    }
    if (!supported) {
        td_warc_step s = td_warc_skip_block(r, where, len);
        if (s == TD_WARC_NEXT)
            td_reader_reject(r->env, where, "unsupported WARC version '%s'", version);
        return s;
    }

    const td_warc_field *ty = td_warc_get(&r->wf, "WARC-Type");
    int is_response = ty && td_warc_eq_ci(ty->value, ty->value_len, "response");
    int is_resource = ty && td_warc_eq_ci(ty->value, ty->value_len, "resource");
    /* warcinfo, request, metadata, revisit, conversion, continuation. */
    if (!is_response && !is_resource) return td_warc_skip_block(r, where, len);
    if (is_response) {
        /* Only HTTP responses; DNS records and the like are responses too. */
        const td_warc_field *ct = td_warc_get(&r->wf, "Content-Type");
        if (ct) {
            const char *t;
            size_t tn;
            char msgtype[16];
            td_warc_media(ct, &t, &tn);
            td_warc_param(ct, "msgtype", msgtype, sizeof msgtype);
            if (!td_warc_eq_ci(t, tn, "application/http") ||
                (msgtype[0] && !td_warc_eq_ci(msgtype, strlen(msgtype), "response")))
                return td_warc_skip_block(r, where, len);
        }
    }

    if (len > r->max_block) {
        int article = td_warc_big_is_article(r, is_response, len);
        uint64_t got = td_src_skip(r->src, len);
        if (got < len) return td_warc_truncated(r, where, len, got);
        if (article)
            td_reader_reject(r->env, where,
                             "WARC record at offset %llu is %llu bytes, over the %zu-byte "
                             "limit; skipped",
                             (unsigned long long)at, (unsigned long long)len, r->max_block);
        return TD_WARC_NEXT;
    }

    td_buf_reset(&r->block);
    if (td_buf_reserve(&r->block, (size_t)len)) {
        td_reader_reject(r->env, where, "out of memory");
        return td_warc_skip_block(r, where, len);
    }
    size_t got = 0;
    while (got < len) {
        ssize_t k = td_src_read(r->src, r->block.data + got, (size_t)len - got);
        if (k <= 0) break;
        got += (size_t)k;
    }
    r->block.len = got;
    r->block.data[got] = '\0';
    if (got < len) return td_warc_truncated(r, where, len, got);
    /* The "\r\n\r\n" after the block is left to the record loop, which
     * skips blank lines between records anyway. */
    if (is_response)
        td_warc_response(r, where);
    else
        td_warc_resource(r, where);
    return TD_WARC_NEXT;
}

static int td_warc_is_record_line(const td_buf *line)
{
    return line->len >= 6 && memcmp(line->data, "WARC/", 5) == 0 && line->data[5] >= '0' &&
           line->data[5] <= '9';
}

static int td_warc_is_blank(const td_buf *line)
{
    for (size_t i = 0; i < line->len; i++)
        if (!td_warc_ws(line->data[i])) return 0;
    return 1;
}

int td_read_warc(td_reader_env *env, td_src *src)
{
    td_warc r;
    memset(&r, 0, sizeof r);
    r.env = env;
    r.src = src;
    r.max_block = env->limits.max_article_bytes ? env->limits.max_article_bytes : 16u << 20;
    r.max_ratio = env->limits.max_inflate_ratio ? env->limits.max_inflate_ratio : 1000;

    const unsigned char *p;
    if (td_src_peek(src, &p, 5) < 5 || memcmp(p, "WARC/", 5) != 0) {
        const char *e = td_src_error(src);
        td_reader_reject(env, NULL, "%s", e ? e : "not a WARC file");
        return env->stop;
    }

    td_buf_init(&r.line, TD_WARC_MAX_HEADER);
    td_buf_init(&r.head, TD_WARC_MAX_HEADER);
    td_buf_init(&r.http, TD_WARC_MAX_HEADER);
    td_buf_init(&r.block, r.max_block);
    td_buf_init(&r.body, r.max_block);
    td_buf_init(&r.where, 0);

    /* Bytes that belong to no record are reported once per run, when the
     * run ends; after a broken record they are expected and not reported. */
    int resync = 0, junk = 0;
    uint64_t junk_at = 0;
    while (!env->stop) {
        uint64_t at = td_src_offset(src);
        int overlong;
        int rc = td_src_getline(src, &r.line, &overlong);
        if (rc <= 0) break;
        if (!overlong && td_warc_is_record_line(&r.line)) {
            if (junk) {
                td_reader_reject(env, td_warc_where(&r, junk_at),
                                 "%llu bytes that are not a WARC record; skipped",
                                 (unsigned long long)(at - junk_at));
                junk = 0;
            }
            td_warc_step s = td_warc_record(&r, at);
            if (s == TD_WARC_END) break;
            resync = s == TD_WARC_RESYNC;
            continue;
        }
        if (overlong || !td_warc_is_blank(&r.line)) {
            if (!resync && !junk) {
                junk = 1;
                junk_at = at;
            }
        }
    }
    if (junk && !env->stop)
        td_reader_reject(env, td_warc_where(&r, junk_at),
                         "%llu bytes that are not a WARC record; skipped",
                         (unsigned long long)(td_src_offset(src) - junk_at));
    const char *e = td_src_error(src);
    if (e && !r.src_err_told) td_reader_reject(env, NULL, "%s", e);

    td_buf_free(&r.line);
    td_buf_free(&r.head);
    td_buf_free(&r.http);
    td_buf_free(&r.block);
    td_buf_free(&r.body);
    td_buf_free(&r.where);
    return env->stop ? 1 : 0;
}
