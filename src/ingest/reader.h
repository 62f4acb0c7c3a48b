/*
 * reader.h -- what every format reader gets and gives.
 *
 * A reader turns one input into zero or more documents. Each document goes
 * to env->emit, which takes ownership. A unit that cannot be read (a broken
 * JSON line, an oversized WARC record) is reported with td_reader_reject,
 * naming where it is, and the reader goes on with the next unit: bad input
 * never stops a batch.
 */
#ifndef TD_READER_H
#define TD_READER_H

#include <stddef.h>
#include <stdint.h>

#include "ingest/doc.h"
#include "ingest/src.h"
#include "tidings.h"

typedef struct td_reader_env {
    const char *name;          /* input name for messages ("<stdin>" for -) */
    td_limits limits;          /* resolved: no zeros */
    /* Takes ownership of doc. Returns 0, or non-zero to stop the reader
     * (a database failure: nothing more can be stored). */
    int (*emit)(void *ctx, td_doc *doc);
    void *emit_ctx;
    void (*diag)(void *ctx, td_diag_level level, const char *where, const char *msg);
    void *diag_ctx;
    uint64_t rejected;         /* units rejected so far */
    int stop;                  /* set when emit asked to stop */
} td_reader_env;

/* Reports a rejected unit and counts it. where may be NULL (the input). */
void td_reader_reject(td_reader_env *env, const char *where, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void td_reader_warn(td_reader_env *env, const char *where, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Calls emit and records a stop request. Returns 0 to go on. */
int td_reader_emit(td_reader_env *env, td_doc *doc);

/* Whole-document readers: buf holds the entire input (raw bytes). The
 * charset hint (from HTTP headers, or NULL) applies to HTML. */
int td_read_text(td_reader_env *env, const char *where, const unsigned char *buf,
                 size_t len);
int td_read_html(td_reader_env *env, const char *where, const unsigned char *buf,
                 size_t len, const char *charset_hint);
/* RSS 2.0, RSS 1.0 (RDF) and Atom. */
int td_read_feed(td_reader_env *env, const unsigned char *buf, size_t len);

/* Streaming readers. */
int td_read_jsonl(td_reader_env *env, td_src *src);
int td_read_warc(td_reader_env *env, td_src *src);

/* Guesses the format from the first bytes (after decompression) and the
 * name. Never returns TD_FMT_AUTO. */
td_format td_sniff(const unsigned char *p, size_t n, const char *name);

/* Converts bytes to UTF-8 (see charset.c for the order of evidence).
 * *out is arena-allocated and NUL-terminated; *from names the source
 * charset. Returns 0, or -1 when the bytes look binary (the message is
 * in err). */
int td_to_utf8(td_arena *a, const unsigned char *in, size_t n, const char *hint,
               int is_html, char **out, size_t *outlen, const char **from,
               char *err, size_t errlen);

#endif
