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

#include "fuzz_common.h"


static const td_limits limits = {
    .max_article_bytes = 1024 * 1024,
    .max_feed_bytes = 1024 * 1024,
    .max_depth = 256,
    .max_inflate_ratio = 100,
};

static int emit(void *ctx, td_doc *d)
{
    /* The reader's promises: content is NUL-terminated UTF-8 of the stated
     * length, raw is the whole input. */
    if (!d->content || d->content[d->content_len] != '\0') __builtin_trap();
    clean_and_check(d, &limits);
    return 0;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    make_cleaner("fuzz_text");
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
