/*
 * src.h -- a byte source: a file, standard input or memory, with gzip
 * decompressed on the fly.
 *
 * gzip is detected by its magic bytes, not the file name, and concatenated
 * members are read as one stream (that is how .warc.gz stores records).
 * The decompression ratio is bounded so a small bomb cannot expand into
 * gigabytes, and a truncated stream is an error after the bytes that were
 * intact have been delivered.
 */
#ifndef TD_SRC_H
#define TD_SRC_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "util/buf.h"

typedef struct td_src td_src;

/* max_ratio: decompressed/compressed bytes allowed (0: 1000). */
td_src *td_src_fd(int fd, int close_fd, unsigned max_ratio);
td_src *td_src_mem(const void *data, size_t len, unsigned max_ratio);
void td_src_close(td_src *s);

/* Ensures up to want bytes are buffered and points *p at them; returns
 * how many are there (fewer at end of input or on error). */
size_t td_src_peek(td_src *s, const unsigned char **p, size_t want);

/* Reads up to n bytes; 0 at end of input, -1 on error (td_src_error). */
ssize_t td_src_read(td_src *s, void *buf, size_t n);

/* Appends the rest of the input to out. Returns TD_BUF_OK, TD_BUF_FULL
 * (out's cap reached: the rest is left unread) or -3 on a read error. */
int td_src_read_all(td_src *s, td_buf *out);

/* Reads one line (without its \n, and without a trailing \r) into line,
 * replacing its content. Returns 1 for a line, 0 at end of input, -1 on
 * a read error. A line longer than line->max is consumed to its end but
 * only its first line->max bytes are kept, and *overlong is set. */
int td_src_getline(td_src *s, td_buf *line, int *overlong);

/* Skips n bytes; returns how many were skipped. */
uint64_t td_src_skip(td_src *s, uint64_t n);

/* Offset in the decompressed stream of the next byte to be read. */
uint64_t td_src_offset(const td_src *s);
/* Bytes taken from the file so far (compressed, when gzip). */
uint64_t td_src_bytes_in(const td_src *s);
int td_src_is_gzip(const td_src *s);
/* NULL when no error has happened. */
const char *td_src_error(const td_src *s);

#endif
