/*
 * html.c -- an HTML page to text and metadata, with libxml2's HTML parser.
 *
 * libxml2 rather than a full HTML5 tree builder: it is three to four times
 * faster than gumbo on news pages (docs/benchmarks.md), is maintained, and
 * stops at 256 levels of nesting in linear time, which bounds hostile
 * input. Its trees differ from a browser's only on broken markup, where
 * text extraction does not care.
 *
 * The page is parsed with its script and style bodies emptied (strip.c),
 * which halves what the parser reads. A cleaner keeps one parser context
 * from page to page (td_html_state): its dictionary of tag and attribute
 * names is then built once, not per page.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clean/clean.h"
#include "clean/page.h"

#include <libxml/dict.h>

/* A context is renewed after this many pages or when its dictionary (which
 * also interns short texts) holds this many strings; the strip buffer is
 * dropped after a page larger than STRIP_KEEP bytes. */
enum { CTX_PAGES = 1000, CTX_DICT = 1 << 17, STRIP_KEEP = 4 << 20 };

struct td_html_state {
    htmlParserCtxtPtr ctx;
    unsigned pages;
    char *buf;
    size_t cap;
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
    free(st->buf);
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

/* The page with script and style bodies emptied, in st's buffer (or a
 * fresh one, which *owned gets). NULL when out of memory. */
static const char *stripped(td_html_state *st, const td_doc *d, size_t *len, char **owned)
{
    size_t need = d->content_len ? d->content_len : 1;
    char *buf;
    *owned = NULL;
    if (st) {
        if (st->cap < need) {
            free(st->buf);
            st->cap = 0;
            if (!(st->buf = malloc(need))) return NULL;
            st->cap = need;
        }
        buf = st->buf;
    } else {
        if (!(buf = *owned = malloc(need))) return NULL;
    }
    *len = td_clean_strip(d->content, d->content_len, buf);
    return buf;
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
    size_t len;
    char *owned;
    const char *page = stripped(st, d, &len, &owned);
    htmlParserCtxtPtr ctx = page ? take_ctx(st) : NULL;
    if (!ctx) {
        free(owned);
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    xmlCtxtResetLastError(ctx);
    /* The content is UTF-8 already (ingest converted it): IGNORE_ENC stops
     * a <meta charset> from switching the decoder half-way. */
    htmlDocPtr doc = htmlCtxtReadMemory(
        ctx, page, (int)len, NULL, "UTF-8",
        HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
            HTML_PARSE_COMPACT | HTML_PARSE_IGNORE_ENC);
    free(owned);
    if (st && st->cap > STRIP_KEEP) {
        free(st->buf);
        st->buf = NULL;
        st->cap = 0;
    }
    const xmlError *xe = &ctx->lastError;
    if (xe->code == XML_ERR_INTERNAL_ERROR && xe->message &&
        strstr(xe->message, "Excessive depth")) {
        /* The parser's own limit; it is not adjustable per parse. */
        snprintf(err, errlen, "HTML nested deeper than 256 levels (near line %d of the page)",
                 xe->line);
        xmlFreeDoc(doc);
        xmlCtxtResetLastError(ctx);
        give_ctx(st, ctx);
        return -1;
    }
    give_ctx(st, ctx);
    if (!doc) {
        snprintf(err, errlen, "HTML parser failed");
        return -1;
    }

    td_page_meta m = {0};
    td_clean_meta_read(&d->arena, doc, &m);
    td_buf out;
    td_buf_init(&out, d->content_len + 64);
    int full = td_clean_extract(doc, &m, &out);
    xmlFreeDoc(doc);
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
