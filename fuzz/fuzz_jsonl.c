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

#include "clean/clean.h"
#include "ingest/reader.h"

static td_clean *cleaner; /* made once in LLVMFuzzerInitialize, read-only after */

static const td_limits limits = {
    .max_article_bytes = 2048, /* one line */
    .max_feed_bytes = 1024 * 1024,
    .max_depth = 256,
    .max_inflate_ratio = 100,
};

static void touch(volatile size_t *sink, const char *s)
{
    if (s) *sink += strlen(s);
}

static int emit(void *ctx, td_doc *d)
{
    volatile size_t sink = 0;
    if (d->format != TD_FMT_JSONL || !d->where) __builtin_trap();
    if (!d->content || strlen(d->content) != d->content_len) __builtin_trap();
    /* The raw unit is one line, within the cap. */
    if (d->raw_len > limits.max_article_bytes) __builtin_trap();
    for (size_t i = 0; i < d->raw_len; i++) sink += d->raw[i];
    touch(&sink, d->extra_json);
    touch(&sink, d->published);
    char err[256] = "";
    if (td_clean_doc(cleaner, d, &limits, err, sizeof err) == 0) {
        if (!d->body || d->body_len == 0 || d->body[d->body_len] != '\0') __builtin_trap();
        touch(&sink, d->title);
        touch(&sink, d->author);
        touch(&sink, d->url);
        touch(&sink, d->outlet);
        touch(&sink, d->language);
    } else {
        touch(&sink, err);
    }
    touch(&sink, d->where);
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
        fprintf(stderr, "fuzz_jsonl: %s\n", err);
        abort();
    }
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
