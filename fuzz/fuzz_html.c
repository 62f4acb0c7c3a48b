/*
 * fuzz_html.c -- libFuzzer target for the HTML reader and the clean stage
 * behind it: charset detection (BOM, <meta charset>, ICU's detector), the
 * nesting guard, gumbo, the text walk and the metadata walk (meta tags,
 * <title>, <h1>, <time>, canonical links, JSON-LD).
 *
 * max_depth is small so the guard is reached by short inputs. An input
 * ending in a byte 0x01..0x04 also gets the charset hint a WARC record's
 * HTTP header would give (a page rarely ends so, so other inputs are read
 * as a file on disk is: unhinted). Every emitted document is read through
 * before it is freed.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clean/clean.h"
#include "ingest/reader.h"

static td_clean *cleaner; /* made once in LLVMFuzzerInitialize, read-only after */

static const td_limits limits = {
    .max_article_bytes = 1024 * 1024,
    .max_feed_bytes = 1024 * 1024,
    .max_depth = 256,
    .max_inflate_ratio = 100,
};

static const char *hint_for(const uint8_t *data, size_t size)
{
    static const char *const hints[] = {"utf-8", "iso-8859-1", "utf-16", "x-no-such-charset"};
    unsigned last = size ? data[size - 1] : 0;
    return last >= 1 && last <= 4 ? hints[last - 1] : NULL;
}

static void touch(volatile size_t *sink, const char *s)
{
    if (s) *sink += strlen(s);
}

static int emit(void *ctx, td_doc *d)
{
    volatile size_t sink = 0;
    if (!d->content || d->content[d->content_len] != '\0') __builtin_trap();
    for (size_t i = 0; i < d->raw_len; i++) sink += d->raw[i];
    char err[256] = "";
    if (td_clean_doc(cleaner, d, &limits, err, sizeof err) == 0) {
        /* The body is built from NUL-terminated text nodes. */
        if (!d->body || d->body_len == 0 || strlen(d->body) != d->body_len) __builtin_trap();
        touch(&sink, d->title);
        touch(&sink, d->author);
        touch(&sink, d->url);
        touch(&sink, d->outlet);
        touch(&sink, d->site_name);
        touch(&sink, d->language);
        touch(&sink, d->published);
    } else {
        touch(&sink, err);
    }
    touch(&sink, d->where);
    touch(&sink, d->charset);
    td_doc_free(d);
    return 0;
}

static void diag(void *ctx, td_diag_level level, const char *where, const char *msg)
{
    volatile size_t sink = 0;
    touch(&sink, where);
    touch(&sink, msg);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    char err[256] = "";
    cleaner = td_clean_new(err, sizeof err);
    if (!cleaner) {
        fprintf(stderr, "fuzz_html: %s\n", err);
        abort();
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    td_reader_env env = {0};
    env.name = "fuzz.html";
    env.limits = limits;
    env.emit = emit;
    env.diag = diag;
    if (size > limits.max_article_bytes) return 0; /* the caller's job */
    td_read_html(&env, NULL, data, size, hint_for(data, size));
    return 0;
}
