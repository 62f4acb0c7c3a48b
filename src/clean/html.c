/*
 * html.c -- an HTML page to text and metadata.
 *
 * The page is parsed by our own tokenizer and tree builder (parse.c),
 * which builds the tree libxml2's HTML parser would, five times faster.
 * A page that holds a NUL byte or is not UTF-8 is given to libxml2 as it
 * is: libxml2 stops at a NUL and reads on in Latin-1 after a bad byte, and
 * those trees are the ones the clean stage has always been given. Both
 * parsers stop at 257 levels of nesting, which bounds hostile input.
 *
 * A cleaner keeps its parsers from page to page (td_html_state): names
 * are interned once, and the tree's memory is reused.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clean/clean.h"
#include "clean/page.h"
#include "util/text.h"

#include <libxml/dict.h>

/* A libxml2 context is renewed after this many pages or when its
 * dictionary (which also interns short texts) holds this many strings. */
enum { CTX_PAGES = 1000, CTX_DICT = 1 << 17 };

struct td_html_state {
    td_parse *parse;
    htmlParserCtxtPtr ctx;
    unsigned pages;
};

/* libxml2 reports through the parser context; we read it there and keep no
 * global handler. */
static void quiet(void *ctx, const char *msg, ...) {}

static htmlParserCtxtPtr new_ctx(void)
{
    htmlParserCtxtPtr ctx = htmlNewParserCtxt();
    if (ctx) {
        ctx->sax->error = quiet;
        ctx->sax->warning = quiet;
    }
    return ctx;
}

td_html_state *td_clean_html_state_new(void) { return calloc(1, sizeof(td_html_state)); }

void td_clean_html_state_free(td_html_state *st)
{
    if (!st) return;
    if (st->ctx) htmlFreeParserCtxt(st->ctx);
    td_clean_parse_free(st->parse);
    free(st);
}

/* The context for the next page: st's, renewed when it has grown. */
static htmlParserCtxtPtr take_ctx(td_html_state *st)
{
    if (!st) return new_ctx();
    if (st->ctx && (st->pages >= CTX_PAGES || !st->ctx->dict ||
                    xmlDictSize(st->ctx->dict) > CTX_DICT)) {
        htmlFreeParserCtxt(st->ctx);
        st->ctx = NULL;
    }
    if (!st->ctx) {
        st->ctx = new_ctx();
        st->pages = 0;
    }
    st->pages++;
    return st->ctx;
}

static void give_ctx(td_html_state *st, htmlParserCtxtPtr ctx)
{
    if (!st) htmlFreeParserCtxt(ctx);
}

/* libxml2's tree of page s[0..n), or NULL with err set. */
static htmlDocPtr libxml2_parse(td_html_state *st, const char *s, size_t n, char *err,
                                size_t errlen)
{
    htmlParserCtxtPtr ctx = take_ctx(st);
    if (!ctx) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    xmlCtxtResetLastError(ctx);
    /* The content is UTF-8 already (ingest converted it): IGNORE_ENC stops
     * a <meta charset> from switching the decoder half-way. */
    htmlDocPtr doc = htmlCtxtReadMemory(
        ctx, s, (int)n, NULL, "UTF-8",
        HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
            HTML_PARSE_COMPACT | HTML_PARSE_IGNORE_ENC);
    const xmlError *xe = &ctx->lastError;
    if (xe->code == XML_ERR_INTERNAL_ERROR && xe->message &&
        strstr(xe->message, "Excessive depth")) {
        /* The parser's own limit; it is not adjustable per parse. */
        snprintf(err, errlen, "HTML nested deeper than 256 levels (near line %d of the page)",
                 xe->line);
        xmlFreeDoc(doc);
        xmlCtxtResetLastError(ctx);
        give_ctx(st, ctx);
        return NULL;
    }
    give_ctx(st, ctx);
    if (!doc) snprintf(err, errlen, "HTML parser failed");
    return doc;
}

int td_clean_html(td_doc *d, unsigned max_depth, char *err, size_t errlen)
{
    return td_clean_html_with(NULL, d, max_depth, err, errlen);
}

int td_clean_html_with(td_html_state *st, td_doc *d, unsigned max_depth, char *err,
                       size_t errlen)
{
    if (d->content_len > (size_t)INT32_MAX) {
        snprintf(err, errlen, "page too large");
        return -1;
    }
    /* Pages that are clean UTF-8 (nearly all) go to our parser. */
    const char *page = d->content ? d->content : "";
    size_t n = d->content_len;
    td_parse *own = NULL, *parser = NULL;
    xmlDoc *doc;
    if (!n) {
        snprintf(err, errlen, "HTML parser failed"); /* as libxml2 says of an empty page */
        return -1;
    }
    if (st && !st->parse) st->parse = td_clean_parse_new();
    parser = st ? st->parse : (own = td_clean_parse_new());
    if (!parser) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    doc = td_clean_parse(parser, page, n, err, errlen);
    /* It checks the bytes as it goes and leaves other pages to libxml2. */
    int ours = doc || (errlen && err[0]);
    if (!ours) {
        td_clean_parse_free(own);
        own = NULL;
        doc = libxml2_parse(st, page, n, err, errlen);
    }
    if (!doc) {
        td_clean_parse_free(own);
        return -1;
    }

    td_page_meta m = {0};
    td_clean_meta_read(&d->arena, doc, &m);
    td_buf out;
    td_buf_init(&out, d->content_len + 64);
    int full = td_clean_extract(doc, &m, &out);
    if (ours) td_clean_parse_free(own);
    else xmlFreeDoc(doc);
    if (full) {
        td_buf_free(&out);
        snprintf(err, errlen, "page text over the size limit");
        return -1;
    }
    while (out.len && (out.data[out.len - 1] == '\n' || out.data[out.len - 1] == ' '))
        out.data[--out.len] = '\0';
    if (out.len) {
        d->body = td_arena_strndup(&d->arena, out.data, out.len);
        d->body_len = out.len;
    } else if (m.description) {
        /* A page drawn by script has no text of its own; its summary is
         * better than losing the page. */
        d->body = m.description;
        d->body_len = strlen(m.description);
    }
    td_buf_free(&out);
    td_clean_meta_apply(d, &m);
    return 0;
}
