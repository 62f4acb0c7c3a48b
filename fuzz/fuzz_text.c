/*
 * fuzz_text.c -- libFuzzer target for the plain-text reader and the clean
 * stage behind it.
 *
 * The input is one text file as td_read_text gets it: any bytes, in any
 * charset (the reader sniffs UTF-8, UTF-16 with a BOM, cp1252 ...). Every
 * document it emits goes through td_clean_doc, as in the ingest pipeline,
 * and is read through before it is freed, so a bad length or a dangling
 * string shows up under ASan here rather than in some later stage.
 *
 * The cleaner holds the language models and is made once. It finds
 * textcat.conf through $TIDINGS_DATA or, failing that, the source tree's
 * data/ folder compiled into the library (see src/clean/lang.c).
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

static void touch(volatile size_t *sink, const char *s)
{
    if (s) *sink += strlen(s);
}

static int emit(void *ctx, td_doc *d)
{
    volatile size_t sink = 0;
    /* The reader's promises: content is NUL-terminated UTF-8 of the stated
     * length, raw is the whole input. */
    if (!d->content || d->content[d->content_len] != '\0') __builtin_trap();
    for (size_t i = 0; i < d->raw_len; i++) sink += d->raw[i];
    char err[256] = "";
    if (td_clean_doc(cleaner, d, &limits, err, sizeof err) == 0) {
        if (!d->body || d->body_len == 0 || d->body[d->body_len] != '\0') __builtin_trap();
        if (memchr(d->body, '\0', d->body_len) && d->ctype == TD_CT_HTML) __builtin_trap();
        touch(&sink, d->title);
        touch(&sink, d->author);
        touch(&sink, d->url);
        touch(&sink, d->outlet);
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
        fprintf(stderr, "fuzz_text: %s\n", err);
        abort();
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    td_reader_env env = {0};
    env.name = "fuzz.txt";
    env.limits = limits;
    env.emit = emit;
    env.diag = diag;
    if (size > limits.max_article_bytes) return 0; /* the caller's job */
    td_read_text(&env, NULL, data, size);
    return 0;
}
