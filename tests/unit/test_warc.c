/*
 * test_warc.c -- the WARC reader on small archives built in memory.
 *
 * The assertions hold whatever the page readers do with the payload: they
 * check what the WARC reader owns (url, raw, format, which records become
 * documents, what is rejected and where) and only that the content holds
 * a word of the page.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "ingest/reader.h"
#include "util/buf.h"

#define MAX_DOCS 16
#define MAX_MSGS 16

typedef struct collect {
    td_doc *docs[MAX_DOCS];
    size_t ndocs;
    char msgs[MAX_MSGS][512];
    char wheres[MAX_MSGS][256];
    size_t nmsgs;
    size_t stop_after; /* emit asks to stop after this many docs; 0: never */
    uint64_t rejected;
    int rc;
} collect;

static int collect_emit(void *ctx, td_doc *doc)
{
    collect *c = ctx;
    if (c->ndocs == MAX_DOCS) {
        td_doc_free(doc);
        return 1;
    }
    c->docs[c->ndocs++] = doc;
    return c->stop_after && c->ndocs >= c->stop_after;
}

static void collect_diag(void *ctx, td_diag_level level, const char *where, const char *msg)
{
    collect *c = ctx;
    (void)level;
    if (getenv("TD_TEST_VERBOSE")) fprintf(stderr, "  diag: %s: %s\n", where, msg);
    if (c->nmsgs == MAX_MSGS) return;
    snprintf(c->msgs[c->nmsgs], sizeof c->msgs[0], "%s", msg);
    snprintf(c->wheres[c->nmsgs], sizeof c->wheres[0], "%s", where ? where : "");
    c->nmsgs++;
}

static void collect_free(collect *c)
{
    for (size_t i = 0; i < c->ndocs; i++) td_doc_free(c->docs[i]);
    c->ndocs = 0;
}

static void run_ratio(collect *c, const void *data, size_t len, size_t max_article,
                      unsigned ratio)
{
    td_src *src = td_src_mem(data, len, 0);
    assert_non_null(src);
    td_reader_env env = {
        .name = "test.warc",
        .limits = {max_article ? max_article : 16u << 20, 64u << 20, 512, ratio ? ratio : 1000},
        .emit = collect_emit,
        .emit_ctx = c,
        .diag = collect_diag,
        .diag_ctx = c,
    };
    c->rc = td_read_warc(&env, src);
    c->rejected = env.rejected;
    td_src_close(src);
}

static void run(collect *c, const void *data, size_t len, size_t max_article)
{
    run_ratio(c, data, len, max_article, 0);
}

static int contains(const char *hay, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    if (!hay) return 0;
    for (size_t i = 0; i + k <= n; i++)
        if (memcmp(hay + i, needle, k) == 0) return 1;
    return 0;
}

static int any_msg(const collect *c, const char *needle)
{
    for (size_t i = 0; i < c->nmsgs; i++)
        if (strstr(c->msgs[i], needle)) return 1;
    return 0;
}

/* ---- Building archives ------------------------------------------------ */

/* Appends one record; eol is "\r\n" or "\n". uri and ctype may be NULL. */
static void add_record_eol(td_buf *out, const char *eol, const char *type, const char *uri,
                           const char *ctype, const void *block, size_t blen)
{
    char head[1024];
    int n = snprintf(head, sizeof head,
                     "WARC/1.1%s"
                     "WARC-Type: %s%s"
                     "WARC-Record-ID: <urn:uuid:12345678-9abc-def0-1234-56789abcdef0>%s"
                     "WARC-Date: 2024-05-17T08:30:00Z%s",
                     eol, type, eol, eol, eol);
    assert_true(n > 0 && (size_t)n < sizeof head);
    assert_int_equal(td_buf_append(out, head, (size_t)n), 0);
    if (uri) {
        n = snprintf(head, sizeof head, "WARC-Target-URI: %s%s", uri, eol);
        assert_int_equal(td_buf_append(out, head, (size_t)n), 0);
    }
    if (ctype) {
        n = snprintf(head, sizeof head, "Content-Type: %s%s", ctype, eol);
        assert_int_equal(td_buf_append(out, head, (size_t)n), 0);
    }
    n = snprintf(head, sizeof head, "Content-Length: %zu%s%s", blen, eol, eol);
    assert_int_equal(td_buf_append(out, head, (size_t)n), 0);
    assert_int_equal(td_buf_append(out, block, blen), 0);
    assert_int_equal(td_buf_puts(out, eol), 0);
    assert_int_equal(td_buf_puts(out, eol), 0);
}

static void add_record(td_buf *out, const char *type, const char *uri, const char *ctype,
                       const void *block, size_t blen)
{
    add_record_eol(out, "\r\n", type, uri, ctype, block, blen);
}

/* An HTTP response: status line, extra header lines (each ending in
 * "\r\n"), blank line, body. */
static void http_response(td_buf *out, int status, const char *headers, const void *body,
                          size_t blen)
{
    char line[64];
    td_buf_reset(out);
    snprintf(line, sizeof line, "HTTP/1.1 %d %s\r\n", status, status == 200 ? "OK" : "Other");
    assert_int_equal(td_buf_puts(out, line), 0);
    assert_int_equal(td_buf_puts(out, headers), 0);
    assert_int_equal(td_buf_puts(out, "\r\n"), 0);
    assert_int_equal(td_buf_append(out, body, blen), 0);
}

static void add_response(td_buf *out, const char *uri, int status, const char *headers,
                         const char *body, td_buf *block_copy)
{
    td_buf blk;
    td_buf_init(&blk, 0);
    http_response(&blk, status, headers, body, strlen(body));
    add_record(out, "response", uri, "application/http; msgtype=response", blk.data, blk.len);
    if (block_copy) {
        td_buf_reset(block_copy);
        assert_int_equal(td_buf_append(block_copy, blk.data, blk.len), 0);
    }
    td_buf_free(&blk);
}

/* One gzip member, as .warc.gz writers make one per record. */
static void gzip_append(td_buf *out, const void *p, size_t n)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    assert_int_equal(deflateInit2(&z, 9, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY), Z_OK);
    uLong cap = deflateBound(&z, (uLong)n) + 64;
    unsigned char *tmp = malloc(cap);
    assert_non_null(tmp);
    z.next_in = (unsigned char *)p;
    z.avail_in = (uInt)n;
    z.next_out = tmp;
    z.avail_out = (uInt)cap;
    assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
    assert_int_equal(td_buf_append(out, tmp, cap - z.avail_out), 0);
    deflateEnd(&z);
    free(tmp);
}

static void assert_doc(const td_doc *d, const char *url, const td_buf *block, const char *word)
{
    assert_non_null(d);
    assert_int_equal(d->format, TD_FMT_WARC);
    assert_non_null(d->url);
    assert_string_equal(d->url, url);
    assert_int_equal(d->raw_len, block->len);
    assert_memory_equal(d->raw, block->data, block->len);
    assert_true(contains(d->content, d->content_len, word));
    /* WARC-Date is when the page was crawled, not published. */
    assert_null(d->published);
}

static const char page_a[] =
    "<!DOCTYPE html><html><head><title>Harbour</title></head>"
    "<body><p>Alpha: the harbour reopened on Monday.</p></body></html>";
static const char page_b[] =
    "<html><head><title>Bridge</title></head>"
    "<body><p>Bravo: the bridge vote was postponed.</p></body></html>";
static const char request_block[] =
    "GET /a HTTP/1.1\r\nHost: example.com\r\nUser-Agent: test\r\n\r\n";
static const char warcinfo_block[] = "software: test\r\nformat: WARC File Format 1.1\r\n";

#define HTML_HEADERS "Content-Type: text/html; charset=utf-8\r\n"

/* warcinfo, request, response, request, response, metadata. */
static void build_crawl(td_buf *w, td_buf *blk_a, td_buf *blk_b)
{
    add_record(w, "warcinfo", NULL, "application/warc-fields", warcinfo_block,
               strlen(warcinfo_block));
    add_record(w, "request", "http://example.com/a", "application/http; msgtype=request",
               request_block, strlen(request_block));
    add_response(w, "http://example.com/a", 200, HTML_HEADERS, page_a, blk_a);
    add_record(w, "request", "http://example.com/b", "application/http; msgtype=request",
               request_block, strlen(request_block));
    add_response(w, "http://example.com/b", 200, HTML_HEADERS "Server: test\r\n", page_b, blk_b);
    add_record(w, "metadata", "http://example.com/b", "application/warc-fields",
               "via: x\r\n", 8);
}

/* ---- Tests ------------------------------------------------------------ */

static void test_two_responses(void **state)
{
    (void)state;
    td_buf w, a, b;
    td_buf_init(&w, 0);
    td_buf_init(&a, 0);
    td_buf_init(&b, 0);
    build_crawl(&w, &a, &b);
    collect c = {0};
    run(&c, w.data, w.len, 0);
    assert_int_equal(c.rc, 0);
    assert_int_equal(c.rejected, 0);
    assert_int_equal(c.ndocs, 2);
    assert_doc(c.docs[0], "http://example.com/a", &a, "harbour");
    assert_doc(c.docs[1], "http://example.com/b", &b, "bridge");
    collect_free(&c);
    td_buf_free(&w);
    td_buf_free(&a);
    td_buf_free(&b);
}

static void test_gzip_per_record(void **state)
{
    (void)state;
    td_buf a, b, rec, gz;
    td_buf_init(&a, 0);
    td_buf_init(&b, 0);
    td_buf_init(&rec, 0);
    td_buf_init(&gz, 0);
    add_record(&rec, "warcinfo", NULL, "application/warc-fields", warcinfo_block,
               strlen(warcinfo_block));
    gzip_append(&gz, rec.data, rec.len);
    td_buf_reset(&rec);
    add_response(&rec, "http://example.com/a", 200, HTML_HEADERS, page_a, &a);
    gzip_append(&gz, rec.data, rec.len);
    td_buf_reset(&rec);
    add_response(&rec, "http://example.com/b", 200, HTML_HEADERS, page_b, &b);
    gzip_append(&gz, rec.data, rec.len);

    collect c = {0};
    run(&c, gz.data, gz.len, 0);
    assert_int_equal(c.rc, 0);
    assert_int_equal(c.rejected, 0);
    assert_int_equal(c.ndocs, 2);
    assert_doc(c.docs[0], "http://example.com/a", &a, "harbour");
    assert_doc(c.docs[1], "http://example.com/b", &b, "bridge");
    collect_free(&c);
    td_buf_free(&a);
    td_buf_free(&b);
    td_buf_free(&rec);
    td_buf_free(&gz);
}

static void test_skips_non_articles(void **state)
{
    (void)state;
    td_buf w, b;
    td_buf_init(&w, 0);
    td_buf_init(&b, 0);
    add_response(&w, "http://example.com/missing", 404, HTML_HEADERS, "<p>Not found</p>", NULL);
    add_response(&w, "http://example.com/old", 301,
                 "Location: http://example.com/new\r\n" HTML_HEADERS, "<p>Moved</p>", NULL);
    add_response(&w, "http://example.com/logo.png", 200, "Content-Type: image/png\r\n",
                 "\x89PNG\r\n", NULL);
    add_record(&w, "revisit", "http://example.com/a", "application/http; msgtype=response",
               "HTTP/1.1 200 OK\r\n\r\n", 19);
    add_response(&w, "http://example.com/b", 200, HTML_HEADERS, page_b, &b);
    collect c = {0};
    run(&c, w.data, w.len, 0);
    assert_int_equal(c.rejected, 0);
    assert_int_equal(c.nmsgs, 0);
    assert_int_equal(c.ndocs, 1);
    assert_doc(c.docs[0], "http://example.com/b", &b, "bridge");
    collect_free(&c);
    td_buf_free(&w);
    td_buf_free(&b);
}

static void test_chunked(void **state)
{
    (void)state;
    static const char body[] = "e\r\n<p>Chunky news\r\n"
                               "10\r\n: the weather is\r\n"
                               "a;ext=1\r\n fine.</p>\r\n"
                               "0\r\n\r\n";
    td_buf w, a;
    td_buf_init(&w, 0);
    td_buf_init(&a, 0);
    add_response(&w, "http://example.com/c", 200,
                 HTML_HEADERS "Transfer-Encoding: chunked\r\n", body, &a);
    collect c = {0};
    run(&c, w.data, w.len, 0);
    assert_int_equal(c.rejected, 0);
    assert_int_equal(c.ndocs, 1);
    assert_doc(c.docs[0], "http://example.com/c", &a, "Chunky news: the weather is fine.");
    collect_free(&c);
    td_buf_free(&w);
    td_buf_free(&a);
}

static void test_gzip_content_encoding(void **state)
{
    (void)state;
    td_buf gz, body, blk, w;
    td_buf_init(&gz, 0);
    td_buf_init(&body, 0);
    td_buf_init(&blk, 0);
    td_buf_init(&w, 0);
    gzip_append(&gz, page_a, strlen(page_a));
    /* gzip inside chunked: two chunks. */
    size_t half = gz.len / 2;
    char line[32];
    snprintf(line, sizeof line, "%zx\r\n", half);
    td_buf_puts(&body, line);
    td_buf_append(&body, gz.data, half);
    snprintf(line, sizeof line, "\r\n%zx\r\n", gz.len - half);
    td_buf_puts(&body, line);
    td_buf_append(&body, gz.data + half, gz.len - half);
    td_buf_puts(&body, "\r\n0\r\n\r\n");
    http_response(&blk, 200,
                  HTML_HEADERS "Content-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n",
                  body.data, body.len);
    add_record(&w, "response", "http://example.com/z", "application/http; msgtype=response",
               blk.data, blk.len);
    collect c = {0};
    run(&c, w.data, w.len, 0);
    assert_int_equal(c.rejected, 0);
    assert_int_equal(c.ndocs, 1);
    assert_doc(c.docs[0], "http://example.com/z", &blk, "harbour reopened");
    collect_free(&c);
    td_buf_free(&gz);
    td_buf_free(&body);
    td_buf_free(&blk);
    td_buf_free(&w);
}

static void test_oversized(void **state)
{
    (void)state;
    char big[2048];
    memset(big, 'x', sizeof big - 1);
    memcpy(big, "<p>", 3);
    big[sizeof big - 1] = '\0';
    td_buf a, b, rec, gz, blk;
    td_buf_init(&a, 0);
    td_buf_init(&b, 0);
    td_buf_init(&rec, 0);
    td_buf_init(&gz, 0);
    td_buf_init(&blk, 0);
    add_response(&rec, "http://example.com/a", 200, HTML_HEADERS, page_a, &a);
    size_t big_at = rec.len;
    gzip_append(&gz, rec.data, rec.len);
    td_buf_reset(&rec);
    add_response(&rec, "http://example.com/big", 200, HTML_HEADERS, big, &blk);
    /* A big image is skipped as well, but it was never an article. */
    add_response(&rec, "http://example.com/big.jpg", 200, "Content-Type: image/jpeg\r\n", big,
                 NULL);
    gzip_append(&gz, rec.data, rec.len);
    td_buf_reset(&rec);
    add_response(&rec, "http://example.com/b", 200, HTML_HEADERS, page_b, &b);
    gzip_append(&gz, rec.data, rec.len);

    collect c = {0};
    run(&c, gz.data, gz.len, 1024);
    assert_int_equal(c.rc, 0);
    assert_int_equal(c.rejected, 1);
    assert_int_equal(c.ndocs, 2);
    assert_doc(c.docs[0], "http://example.com/a", &a, "harbour");
    assert_doc(c.docs[1], "http://example.com/b", &b, "bridge");
    char where[64], size[32];
    snprintf(where, sizeof where, "test.warc@%zu", big_at);
    snprintf(size, sizeof size, "%zu bytes", blk.len);
    assert_int_equal(c.nmsgs, 1);
    assert_string_equal(c.wheres[0], where);
    assert_non_null(strstr(c.msgs[0], size));
    collect_free(&c);
    td_buf_free(&a);
    td_buf_free(&b);
    td_buf_free(&rec);
    td_buf_free(&gz);
    td_buf_free(&blk);
}

static void test_truncated(void **state)
{
    (void)state;
    td_buf w, a, b;
    td_buf_init(&w, 0);
    td_buf_init(&a, 0);
    td_buf_init(&b, 0);
    build_crawl(&w, &a, &b);
    size_t keep = w.len;
    add_response(&w, "http://example.com/cut", 200, HTML_HEADERS, page_a, NULL);
    collect c = {0};
    run(&c, w.data, w.len - 40, 0); /* ends inside the last block */
    assert_int_equal(c.rc, 0);
    assert_int_equal(c.rejected, 1);
    assert_int_equal(c.ndocs, 2);
    assert_doc(c.docs[0], "http://example.com/a", &a, "harbour");
    assert_doc(c.docs[1], "http://example.com/b", &b, "bridge");
    assert_true(any_msg(&c, "truncated WARC record: expected"));
    char where[64];
    snprintf(where, sizeof where, "test.warc@%zu", keep);
    assert_string_equal(c.wheres[0], where);
    collect_free(&c);
    td_buf_free(&w);
    td_buf_free(&a);
    td_buf_free(&b);
}

static void test_truncated_gzip(void **state)
{
    (void)state;
    td_buf a, rec, gz;
    td_buf_init(&a, 0);
    td_buf_init(&rec, 0);
    td_buf_init(&gz, 0);
    add_response(&rec, "http://example.com/a", 200, HTML_HEADERS, page_a, &a);
    gzip_append(&gz, rec.data, rec.len);
    td_buf_reset(&rec);
    add_response(&rec, "http://example.com/b", 200, HTML_HEADERS, page_b, NULL);
    size_t start = gz.len;
    gzip_append(&gz, rec.data, rec.len);
    /* Wherever the second member is cut, the first record survives and
     * the one problem is reported once. */
    for (size_t cut = start + 1; cut < gz.len; cut++) {
        collect c = {0};
        run(&c, gz.data, cut, 0);
        assert_int_equal(c.rc, 0);
        assert_int_equal(c.rejected, 1);
        assert_true(any_msg(&c, "truncated"));
        assert_true(c.ndocs == 1 || c.ndocs == 2);
        assert_doc(c.docs[0], "http://example.com/a", &a, "harbour");
        collect_free(&c);
    }
    td_buf_free(&a);
    td_buf_free(&rec);
    td_buf_free(&gz);
}

static void test_garbage_resync(void **state)
{
    (void)state;
    td_buf w, a, b;
    td_buf_init(&w, 0);
    td_buf_init(&a, 0);
    td_buf_init(&b, 0);
    add_response(&w, "http://example.com/a", 200, HTML_HEADERS, page_a, &a);
    size_t junk_at = w.len;
    td_buf_puts(&w, "this is not a record\r\nWARCish: nor is this\r\n\r\n");
    add_response(&w, "http://example.com/b", 200, HTML_HEADERS, page_b, &b);
    collect c = {0};
    run(&c, w.data, w.len, 0);
    assert_int_equal(c.rejected, 1);
    assert_int_equal(c.ndocs, 2);
    assert_doc(c.docs[0], "http://example.com/a", &a, "harbour");
    assert_doc(c.docs[1], "http://example.com/b", &b, "bridge");
    char where[64];
    snprintf(where, sizeof where, "test.warc@%zu", junk_at);
    assert_string_equal(c.wheres[0], where);
    collect_free(&c);
    td_buf_free(&w);
    td_buf_free(&a);
    td_buf_free(&b);
}

static void test_bad_records_resync(void **state)
{
    (void)state;
    td_buf w, b;
    td_buf_init(&w, 0);
    td_buf_init(&b, 0);
    /* No Content-Length: the block cannot be delimited. */
    td_buf_puts(&w, "WARC/1.0\r\nWARC-Type: response\r\n"
                    "Content-Type: application/http; msgtype=response\r\n\r\n"
                    "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>lost</p>\r\n\r\n");
    /* A bad Content-Length. */
    td_buf_puts(&w, "WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 12x\r\n\r\n"
                    "HTTP/1.1 200 OK\r\n\r\n\r\n\r\n");
    /* A header line without a colon. */
    td_buf_puts(&w, "WARC/1.0\r\nWARC-Type response\r\nContent-Length: 5\r\n\r\nhello\r\n\r\n");
    /* An HTTP block that is no HTTP response. */
    static const char smtp[] = "SMTP 200 what\r\n\r\n<p>x</p>";
    add_record(&w, "response", "http://example.com/x", "application/http; msgtype=response",
               smtp, strlen(smtp));
    add_response(&w, "http://example.com/b", 200, HTML_HEADERS, page_b, &b);
    collect c = {0};
    run(&c, w.data, w.len, 0);
    assert_int_equal(c.rc, 0);
    assert_int_equal(c.rejected, 4);
    assert_true(any_msg(&c, "Content-Length"));
    assert_true(any_msg(&c, "malformed HTTP response"));
    assert_int_equal(c.ndocs, 1);
    assert_doc(c.docs[0], "http://example.com/b", &b, "bridge");
    collect_free(&c);
    td_buf_free(&w);
    td_buf_free(&b);
}

static void test_resource_and_lf(void **state)
{
    (void)state;
    static const char text[] = "Gamma: the council met on Tuesday.\n";
    static const char http_lf[] = "HTTP/1.0 200 OK\nContent-Type: text/html\n\n"
                                  "<p>Delta: ferries resume.</p>";
    td_buf w, t, h;
    td_buf_init(&w, 0);
    td_buf_init(&t, 0);
    td_buf_init(&h, 0);
    td_buf_puts(&t, text);
    td_buf_puts(&h, http_lf);
    add_record_eol(&w, "\n", "resource", "<urn:x-test:gamma>", "text/plain; charset=\"UTF-8\"",
                   text, strlen(text));
    add_record_eol(&w, "\n", "response", "http://example.com/d",
                   "application/http;msgtype=response", http_lf, strlen(http_lf));
    collect c = {0};
    run(&c, w.data, w.len, 0);
    assert_int_equal(c.rejected, 0);
    assert_int_equal(c.ndocs, 2);
    assert_doc(c.docs[0], "urn:x-test:gamma", &t, "council");
    assert_doc(c.docs[1], "http://example.com/d", &h, "ferries");
    collect_free(&c);
    td_buf_free(&w);
    td_buf_free(&t);
    td_buf_free(&h);
}

static void test_folded_header(void **state)
{
    (void)state;
    td_buf w, blk;
    td_buf_init(&w, 0);
    td_buf_init(&blk, 0);
    http_response(&blk, 200, "Content-Type: text/html;\r\n\tcharset=utf-8\r\n", page_a,
                  strlen(page_a));
    char head[256];
    snprintf(head, sizeof head,
             "WARC/1.0\r\nwarc-type: response\r\nWARC-Target-URI:\r\n http://example.com/f\r\n"
             "X-Note: one\r\n  two\r\ncontent-length: %zu\r\n\r\n",
             blk.len);
    td_buf_puts(&w, head);
    td_buf_append(&w, blk.data, blk.len);
    td_buf_puts(&w, "\r\n\r\n");
    collect c = {0};
    run(&c, w.data, w.len, 0);
    assert_int_equal(c.rejected, 0);
    assert_int_equal(c.ndocs, 1);
    assert_doc(c.docs[0], "http://example.com/f", &blk, "harbour");
    collect_free(&c);
    td_buf_free(&w);
    td_buf_free(&blk);
}

/* A response whose body is given as bytes, with extra header lines. */
static void add_response_bytes(td_buf *out, const char *uri, const char *headers,
                               const void *body, size_t blen)
{
    td_buf blk;
    td_buf_init(&blk, 0);
    http_response(&blk, 200, headers, body, blen);
    add_record(out, "response", uri, "application/http; msgtype=response", blk.data, blk.len);
    td_buf_free(&blk);
}

static void zlib_compress(td_buf *out, const void *p, size_t n, int wbits)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    assert_int_equal(deflateInit2(&z, 9, Z_DEFLATED, wbits, 8, Z_DEFAULT_STRATEGY), Z_OK);
    uLong cap = deflateBound(&z, (uLong)n) + 64;
    unsigned char *tmp = malloc(cap);
    assert_non_null(tmp);
    z.next_in = (unsigned char *)p;
    z.avail_in = (uInt)n;
    z.next_out = tmp;
    z.avail_out = (uInt)cap;
    assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
    td_buf_reset(out);
    assert_int_equal(td_buf_append(out, tmp, cap - z.avail_out), 0);
    deflateEnd(&z);
    free(tmp);
}

static void test_content_codings(void **state)
{
    (void)state;
    td_buf w, z;
    td_buf_init(&w, 0);
    td_buf_init(&z, 0);
    zlib_compress(&z, page_a, strlen(page_a), MAX_WBITS);
    add_response_bytes(&w, "http://example.com/zlib",
                       HTML_HEADERS "Content-Encoding: deflate\r\n", z.data, z.len);
    zlib_compress(&z, page_a, strlen(page_a), -MAX_WBITS);
    add_response_bytes(&w, "http://example.com/raw",
                       HTML_HEADERS "Content-Encoding: deflate\r\n", z.data, z.len);
    /* Two gzip members make one body. */
    td_buf_reset(&z);
    gzip_append(&z, "<p>First half, ", 15);
    gzip_append(&z, "second half.</p>", 16);
    add_response_bytes(&w, "http://example.com/members",
                       HTML_HEADERS "Content-Encoding: x-gzip\r\n", z.data, z.len);
    /* Stored decoded although the header still says gzip. */
    add_response(&w, "http://example.com/plain", 200,
                 HTML_HEADERS "Content-Encoding: gzip\r\n", page_b, NULL);
    /* Not one we can decode: rejected, as the page is lost. */
    add_response(&w, "http://example.com/br", 200, HTML_HEADERS "Content-Encoding: br\r\n",
                 "\x1b\x03", NULL);
    collect c = {0};
    run(&c, w.data, w.len, 0);
    assert_int_equal(c.rejected, 1);
    assert_true(any_msg(&c, "Content-Encoding 'br'"));
    assert_int_equal(c.ndocs, 4);
    assert_true(contains(c.docs[0]->content, c.docs[0]->content_len, "harbour"));
    assert_true(contains(c.docs[1]->content, c.docs[1]->content_len, "harbour"));
    assert_true(contains(c.docs[2]->content, c.docs[2]->content_len, "First half, second half."));
    assert_true(contains(c.docs[3]->content, c.docs[3]->content_len, "bridge"));
    collect_free(&c);
    td_buf_free(&w);
    td_buf_free(&z);
}

static void test_decode_limits(void **state)
{
    (void)state;
    size_t n = 3u << 20;
    char *big = malloc(n);
    assert_non_null(big);
    memset(big, ' ', n);
    memcpy(big, "<p>", 3);
    td_buf w, z, b;
    td_buf_init(&w, 0);
    td_buf_init(&z, 0);
    td_buf_init(&b, 0);
    zlib_compress(&z, big, n, 16 + MAX_WBITS);
    add_response_bytes(&w, "http://example.com/bomb", HTML_HEADERS "Content-Encoding: gzip\r\n",
                       z.data, z.len);
    add_response(&w, "http://example.com/b", 200, HTML_HEADERS, page_b, &b);

    /* Over the article size once decoded. */
    collect c = {0};
    run(&c, w.data, w.len, 1u << 20);
    assert_int_equal(c.rejected, 1);
    assert_true(any_msg(&c, "over the 1048576-byte limit"));
    assert_int_equal(c.ndocs, 1);
    assert_doc(c.docs[0], "http://example.com/b", &b, "bridge");
    collect_free(&c);

    /* Within the size limit, but expanding too much. */
    collect r = {0};
    run_ratio(&r, w.data, w.len, 0, 100);
    assert_int_equal(r.rejected, 1);
    assert_true(any_msg(&r, "compression bomb"));
    assert_int_equal(r.ndocs, 1);
    collect_free(&r);
    td_buf_free(&w);
    td_buf_free(&z);
    td_buf_free(&b);
    free(big);
}

static void test_oversized_resource_and_header(void **state)
{
    (void)state;
    char big[1500];
    memset(big, 'y', sizeof big);
    td_buf w, b;
    td_buf_init(&w, 0);
    td_buf_init(&b, 0);
    add_record(&w, "resource", "urn:x:big", "text/plain", big, sizeof big);
    add_record(&w, "resource", "urn:x:big.bin", "application/octet-stream", big, sizeof big);
    /* A header section past the cap. */
    td_buf_puts(&w, "WARC/1.0\r\nWARC-Type: resource\r\n");
    for (int i = 0; i < 2000; i++)
        td_buf_puts(&w, "X-Filler: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n");
    td_buf_puts(&w, "Content-Length: 4\r\n\r\nabcd\r\n\r\n");
    add_response(&w, "http://example.com/b", 200, HTML_HEADERS, page_b, &b);
    collect c = {0};
    run(&c, w.data, w.len, 1024);
    assert_int_equal(c.rejected, 2);
    assert_true(any_msg(&c, "1500 bytes"));
    assert_true(any_msg(&c, "WARC header over"));
    assert_int_equal(c.ndocs, 1);
    assert_doc(c.docs[0], "http://example.com/b", &b, "bridge");
    collect_free(&c);
    td_buf_free(&w);
    td_buf_free(&b);
}

static void test_not_warc(void **state)
{
    (void)state;
    static const char html[] = "<html><body><p>Hello</p></body></html>";
    collect c = {0};
    run(&c, html, strlen(html), 0);
    assert_int_equal(c.rc, 0);
    assert_int_equal(c.rejected, 1);
    assert_int_equal(c.ndocs, 0);
    assert_true(any_msg(&c, "not a WARC file"));

    collect e = {0};
    run(&e, "", 0, 0);
    assert_int_equal(e.rejected, 1);
    assert_int_equal(e.ndocs, 0);
}

static void test_stop(void **state)
{
    (void)state;
    td_buf w, a, b;
    td_buf_init(&w, 0);
    td_buf_init(&a, 0);
    td_buf_init(&b, 0);
    build_crawl(&w, &a, &b);
    collect c = {0};
    c.stop_after = 1;
    run(&c, w.data, w.len, 0);
    assert_int_not_equal(c.rc, 0);
    assert_int_equal(c.ndocs, 1);
    assert_doc(c.docs[0], "http://example.com/a", &a, "harbour");
    collect_free(&c);
    td_buf_free(&w);
    td_buf_free(&a);
    td_buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_two_responses),
        cmocka_unit_test(test_gzip_per_record),
        cmocka_unit_test(test_skips_non_articles),
        cmocka_unit_test(test_chunked),
        cmocka_unit_test(test_gzip_content_encoding),
        cmocka_unit_test(test_content_codings),
        cmocka_unit_test(test_decode_limits),
        cmocka_unit_test(test_oversized_resource_and_header),
        cmocka_unit_test(test_oversized),
        cmocka_unit_test(test_truncated),
        cmocka_unit_test(test_truncated_gzip),
        cmocka_unit_test(test_garbage_resync),
        cmocka_unit_test(test_bad_records_resync),
        cmocka_unit_test(test_resource_and_lf),
        cmocka_unit_test(test_folded_header),
        cmocka_unit_test(test_not_warc),
        cmocka_unit_test(test_stop),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
