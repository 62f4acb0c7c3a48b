/*
 * buf.h -- a growable byte buffer with a hard cap.
 *
 * Every buffer that holds input has a cap so hostile input cannot grow
 * memory without bound; td_buf_append fails with TD_BUF_FULL instead.
 */
#ifndef TD_BUF_H
#define TD_BUF_H

#include <stddef.h>

typedef struct td_buf {
    char *data;  /* always NUL-terminated when non-NULL */
    size_t len, cap;
    size_t max;  /* 0: no cap */
} td_buf;

enum { TD_BUF_OK = 0, TD_BUF_NOMEM = -1, TD_BUF_FULL = -2 };

void td_buf_init(td_buf *b, size_t max);
void td_buf_free(td_buf *b);
void td_buf_reset(td_buf *b);
int td_buf_reserve(td_buf *b, size_t extra);
int td_buf_append(td_buf *b, const void *p, size_t n);
int td_buf_putc(td_buf *b, char c);
int td_buf_puts(td_buf *b, const char *s);
/* Hands the data over to the caller (malloc'd) and resets the buffer. */
char *td_buf_steal(td_buf *b, size_t *len);

#endif
