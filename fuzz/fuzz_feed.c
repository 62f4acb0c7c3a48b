/*
 * fuzz_feed.c -- libFuzzer target for the RSS/Atom reader.
 *
 * Limits are small so the fuzzer reaches the limit paths (depth, item
 * size) with short inputs. Every emitted document is read through before
 * it is freed, so a bad length or a dangling string shows up under ASan.
 */
#include <libxml/parser.h>
#include <stdint.h>
#include <string.h>

#include "ingest/reader.h"

static volatile size_t sink;

static void touch(const char *s)
{
    if (s) sink += strlen(s);
}

static int emit(void *ctx, td_doc *d)
{
    touch(d->where);
    touch(d->title);
    touch(d->url);
    touch(d->author);
    touch(d->site_name);
    touch(d->language);
    touch(d->published);
    touch(d->charset);
    /* content and raw carry lengths; check they are what they claim. */
    if (d->content) {
        if (strlen(d->content) != d->content_len) __builtin_trap();
    }
    for (size_t i = 0; i < d->raw_len; i++) sink += d->raw[i];
    td_doc_free(d);
    return 0;
}

static void diag(void *ctx, td_diag_level level, const char *where, const char *msg)
{
    touch(where);
    touch(msg);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    xmlInitParser();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    td_reader_env env = {0};
    env.name = "fuzz.xml";
    env.limits.max_article_bytes = 64 * 1024;
    env.limits.max_feed_bytes = 1024 * 1024;
    env.limits.max_depth = 64;
    env.limits.max_inflate_ratio = 100;
    env.emit = emit;
    env.diag = diag;
    if (size > env.limits.max_feed_bytes) return 0; /* the caller's job */
    td_read_feed(&env, data, size);
    return 0;
}
