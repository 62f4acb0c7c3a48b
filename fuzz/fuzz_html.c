/*
 * fuzz_html.c -- libFuzzer target for the HTML reader and the clean stage
 * behind it: charset detection (BOM, <meta charset>, ICU's detector), the
 * nesting limit, libxml2's HTML parser, the text walk and the metadata walk (meta tags,
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

#include "fuzz_common.h"


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

static int emit(void *ctx, td_doc *d)
{
    if (!d->content || d->content[d->content_len] != '\0') __builtin_trap();
    clean_and_check(d, &limits);
    return 0;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    make_cleaner("fuzz_html");
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
