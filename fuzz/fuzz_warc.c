/*
 * fuzz_warc.c -- libFuzzer target for the WARC reader.
 *
 * The limits are small so that the size checks, the inflate bounds and
 * the resync paths are reached by small inputs, not only the happy path.
 */
#include <stddef.h>
#include <stdint.h>

#include "ingest/reader.h"

static int fuzz_emit(void *ctx, td_doc *doc)
{
    (void)ctx;
    /* Touch what the reader set, so a dangling pointer shows up here
     * rather than in some later stage. */
    volatile unsigned char sink = 0;
    for (size_t i = 0; i < doc->raw_len; i++) sink ^= doc->raw[i];
    for (size_t i = 0; i < doc->content_len; i++) sink ^= (unsigned char)doc->content[i];
    if (doc->url)
        for (const char *p = doc->url; *p; p++) sink ^= (unsigned char)*p;
    if (doc->where)
        for (const char *p = doc->where; *p; p++) sink ^= (unsigned char)*p;
    (void)sink;
    td_doc_free(doc);
    return 0;
}

static void fuzz_diag(void *ctx, td_diag_level level, const char *where, const char *msg)
{
    (void)ctx;
    (void)level;
    (void)where;
    (void)msg;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    td_src *src = td_src_mem(data, size, 100);
    if (!src) return 0;
    td_reader_env env = {
        .name = "fuzz.warc",
        .limits = {.max_article_bytes = 64 * 1024,
                   .max_feed_bytes = 64 * 1024,
                   .max_depth = 64,
                   .max_inflate_ratio = 100},
        .emit = fuzz_emit,
        .diag = fuzz_diag,
    };
    td_read_warc(&env, src);
    td_src_close(src);
    return 0;
}
