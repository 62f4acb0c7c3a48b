/*
 * fuzz_jsonl.c -- libFuzzer target for the JSON Lines reader, fed through
 * a memory byte source (so a gzip'd input is inflated first, as a .jsonl.gz
 * file would be).
 *
 * The line cap is small so overlong lines are reached by short inputs.
 * Each emitted document then goes through the clean stage: a record's
 * "html", "language" and "url" fields are only looked at there.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"


static const td_limits limits = {
    .max_article_bytes = 2048, /* one line */
    .max_feed_bytes = 1024 * 1024,
    .max_depth = 256,
    .max_inflate_ratio = 100,
};

static int emit(void *ctx, td_doc *d)
{
    volatile size_t sink = 0;
    if (d->format != TD_FMT_JSONL || !d->where) __builtin_trap();
    if (!d->content || strlen(d->content) != d->content_len) __builtin_trap();
    /* The raw unit is one line, within the cap. */
    if (d->raw_len > limits.max_article_bytes) __builtin_trap();
    touch(&sink, d->extra_json);
    touch(&sink, d->published);
    clean_and_check(d, &limits);
    return 0;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    make_cleaner("fuzz_jsonl");
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    td_src *src = td_src_mem(data, size, limits.max_inflate_ratio);
    if (!src) return 0;
    td_reader_env env = {0};
    env.name = "fuzz.jsonl";
    env.limits = limits;
    env.emit = emit;
    env.diag = diag;
    td_read_jsonl(&env, src);
    td_src_close(src);
    return 0;
}
