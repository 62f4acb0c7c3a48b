/*
 * html.c -- an HTML page to text and metadata, with libxml2's HTML parser.
 *
 * libxml2 rather than a full HTML5 tree builder: it is three to four times
 * faster than gumbo on news pages (docs/benchmarks.md), is maintained, and
 * stops at 256 levels of nesting in linear time, which bounds hostile
 * input. Its trees differ from a browser's only on broken markup, where
 * text extraction does not care.
 */
#include <stdio.h>
#include <string.h>

#include "clean/clean.h"
#include "clean/page.h"

/* libxml2 reports through the parser context; we read it there and keep no
 * global handler. */
static void quiet(void *ctx, const char *msg, ...) {}

int td_clean_html(td_doc *d, unsigned max_depth, char *err, size_t errlen)
{
    if (d->content_len > (size_t)INT32_MAX) {
        snprintf(err, errlen, "page too large");
        return -1;
    }
    htmlParserCtxtPtr ctx = htmlNewParserCtxt();
    if (!ctx) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    ctx->sax->error = quiet;
    ctx->sax->warning = quiet;
    /* The content is UTF-8 already (ingest converted it): IGNORE_ENC stops
     * a <meta charset> from switching the decoder half-way. */
    htmlDocPtr doc = htmlCtxtReadMemory(
        ctx, d->content, (int)d->content_len, NULL, "UTF-8",
        HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
            HTML_PARSE_COMPACT | HTML_PARSE_IGNORE_ENC);
    const xmlError *xe = &ctx->lastError;
    if (xe->code == XML_ERR_INTERNAL_ERROR && xe->message &&
        strstr(xe->message, "Excessive depth")) {
        /* The parser's own limit; it is not adjustable per parse. */
        snprintf(err, errlen, "HTML nested deeper than 256 levels (near line %d of the page)",
                 xe->line);
        xmlFreeDoc(doc);
        htmlFreeParserCtxt(ctx);
        return -1;
    }
    htmlFreeParserCtxt(ctx);
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
