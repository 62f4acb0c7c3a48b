/*
 * fuzz_common.h -- what the fuzz targets that run the clean stage share:
 * one cleaner made at start-up, a diagnostic sink, and the checks every
 * cleaned document must pass. Header-only: each target is its own program.
 */
#ifndef TD_FUZZ_COMMON_H
#define TD_FUZZ_COMMON_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clean/clean.h"
#include "ingest/reader.h"

static td_clean *cleaner; /* made once in LLVMFuzzerInitialize, read-only after */

/* Reads a string through so the sanitizers see every byte of it. */
static void touch(volatile size_t *sink, const char *s)
{
    if (s) *sink += strlen(s);
}

static void diag(void *ctx, td_diag_level level, const char *where, const char *msg)
{
    volatile size_t sink = 0;
    touch(&sink, where);
    touch(&sink, msg);
}

static void make_cleaner(const char *target)
{
    char err[256] = "";
    cleaner = td_clean_new(err, sizeof err);
    if (!cleaner) {
        fprintf(stderr, "%s: %s\n", target, err);
        abort();
    }
}

/* Cleans d and checks the clean stage's promises: a non-empty body that is
 * NUL-terminated at its stated length. Frees d. */
static void clean_and_check(td_doc *d, const td_limits *lim)
{
    volatile size_t sink = 0;
    for (size_t i = 0; i < d->raw_len; i++) sink += d->raw[i];
    char err[256] = "";
    if (td_clean_doc(cleaner, d, lim, err, sizeof err) == 0) {
        if (!d->body || d->body_len == 0 || d->body[d->body_len] != '\0') __builtin_trap();
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
}

#endif
