#include "buf.h"

#include <stdlib.h>
#include <string.h>

void td_buf_init(td_buf *b, size_t max)
{
    b->data = NULL;
    b->len = b->cap = 0;
    b->max = max;
}

void td_buf_free(td_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

void td_buf_reset(td_buf *b)
{
    b->len = 0;
    if (b->data) b->data[0] = '\0';
}

int td_buf_reserve(td_buf *b, size_t extra)
{
    if (extra > (size_t)-1 - b->len - 1) return TD_BUF_NOMEM;
    size_t need = b->len + extra + 1;
    if (b->max && need - 1 > b->max) return TD_BUF_FULL;
    if (need <= b->cap) return TD_BUF_OK;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < need) cap = cap > (size_t)-1 / 2 ? need : cap * 2;
    char *d = realloc(b->data, cap);
    if (!d) return TD_BUF_NOMEM;
    b->data = d;
    b->cap = cap;
    return TD_BUF_OK;
}

int td_buf_append(td_buf *b, const void *p, size_t n)
{
    int rc = td_buf_reserve(b, n);
    if (rc) return rc;
    if (n) memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
    return TD_BUF_OK;
}

int td_buf_putc(td_buf *b, char c) { return td_buf_append(b, &c, 1); }
int td_buf_puts(td_buf *b, const char *s) { return td_buf_append(b, s, strlen(s)); }

char *td_buf_steal(td_buf *b, size_t *len)
{
    if (!b->data && td_buf_reserve(b, 0)) return NULL;
    char *d = b->data;
    if (len) *len = b->len;
    b->data = NULL;
    b->len = b->cap = 0;
    return d;
}
