#include "ingest/src.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

enum { IN_SIZE = 64 * 1024, OUT_SIZE = 64 * 1024 };

/* Below this many output bytes the ratio is not checked: tiny inputs of
 * repeated text compress very well and are harmless. */
#define RATIO_FLOOR (1u << 20)

struct td_src {
    int fd, close_fd;
    const unsigned char *mem; /* memory source */
    size_t mem_len, mem_off;
    int eof_in;               /* no more compressed/raw input */
    int gzip, gz_done, gz_started;
    z_stream z;
    unsigned max_ratio;
    unsigned char *in;        /* raw input buffer (gzip only) */
    unsigned char *out;       /* decoded bytes */
    size_t out_off, out_len, out_cap;
    uint64_t offset;          /* decoded bytes consumed by the caller */
    uint64_t bytes_in;
    uint64_t decoded;         /* bytes inflated, all members */
    int failed;
    char err[160];
};

static void fail(td_src *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void fail(td_src *s, const char *fmt, ...)
{
    if (s->failed) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(s->err, sizeof s->err, fmt, ap);
    va_end(ap);
    s->failed = 1;
}

/* Raw bytes from the underlying file or memory. */
static ssize_t raw_read(td_src *s, unsigned char *buf, size_t n)
{
    if (s->mem) {
        size_t k = s->mem_len - s->mem_off;
        if (k > n) k = n;
        memcpy(buf, s->mem + s->mem_off, k);
        s->mem_off += k;
        s->bytes_in += k;
        return (ssize_t)k;
    }
    for (;;) {
        ssize_t r = read(s->fd, buf, n);
        if (r < 0 && errno == EINTR) continue;
        if (r < 0) {
            fail(s, "read error: %s", strerror(errno));
            return -1;
        }
        s->bytes_in += (uint64_t)r;
        return r;
    }
}

static td_src *src_new(unsigned max_ratio)
{
    td_src *s = calloc(1, sizeof *s);
    if (!s) return NULL;
    s->fd = -1;
    s->max_ratio = max_ratio ? max_ratio : 1000;
    s->out_cap = OUT_SIZE;
    s->out = malloc(s->out_cap);
    if (!s->out) {
        free(s);
        return NULL;
    }
    return s;
}

/* Fills out[] with raw bytes first, then decides whether it is gzip. */
static void detect(td_src *s)
{
    ssize_t r = raw_read(s, s->out, s->out_cap);
    if (r <= 0) {
        s->eof_in = 1;
        return;
    }
    s->out_len = (size_t)r;
    if (s->out_len >= 2 && s->out[0] == 0x1f && s->out[1] == 0x8b) {
        s->gzip = 1;
        s->in = malloc(IN_SIZE);
        if (!s->in || inflateInit2(&s->z, 16 + MAX_WBITS) != Z_OK) {
            fail(s, "out of memory");
            return;
        }
        s->gz_started = 1;
        memcpy(s->in, s->out, s->out_len);
        s->z.next_in = s->in;
        s->z.avail_in = (uInt)s->out_len;
        s->out_len = 0;
    }
}

td_src *td_src_fd(int fd, int close_fd, unsigned max_ratio)
{
    td_src *s = src_new(max_ratio);
    if (!s) return NULL;
    s->fd = fd;
    s->close_fd = close_fd;
    detect(s);
    return s;
}

td_src *td_src_mem(const void *data, size_t len, unsigned max_ratio)
{
    td_src *s = src_new(max_ratio);
    if (!s) return NULL;
    static const unsigned char empty[1];
    s->mem = len ? data : empty;
    s->mem_len = len;
    detect(s);
    return s;
}

void td_src_close(td_src *s)
{
    if (!s) return;
    if (s->gz_started) inflateEnd(&s->z);
    if (s->close_fd && s->fd >= 0) close(s->fd);
    free(s->in);
    free(s->out);
    free(s);
}

/* Appends more decoded bytes at out[out_len..]. Returns the number added,
 * 0 at end of input or on error. */
static size_t fill(td_src *s)
{
    if (s->failed) return 0;
    size_t room = s->out_cap - s->out_len;
    if (!room) return 0;
    if (!s->gzip) {
        if (s->eof_in) return 0;
        ssize_t r = raw_read(s, s->out + s->out_len, room);
        if (r <= 0) {
            s->eof_in = 1;
            return 0;
        }
        s->out_len += (size_t)r;
        return (size_t)r;
    }
    size_t added = 0;
    while (!added && !s->gz_done) {
        if (s->z.avail_in == 0 && !s->eof_in) {
            ssize_t r = raw_read(s, s->in, IN_SIZE);
            if (r < 0) return 0;
            if (r == 0) s->eof_in = 1;
            s->z.next_in = s->in;
            s->z.avail_in = (uInt)r;
        }
        if (s->z.avail_in == 0 && s->eof_in) {
            /* Input ended inside a member. */
            fail(s, "truncated gzip stream (compressed input ends at byte %llu)",
                 (unsigned long long)s->bytes_in);
            s->gz_done = 1;
            break;
        }
        s->z.next_out = s->out + s->out_len;
        s->z.avail_out = (uInt)room;
        int rc = inflate(&s->z, Z_NO_FLUSH);
        size_t got = room - s->z.avail_out;
        s->out_len += got;
        s->decoded += got;
        added += got;
        if (rc == Z_STREAM_END) {
            /* Another member may follow (.warc.gz has one per record);
             * trailing zero padding after the last member is tolerated. */
            if (s->z.avail_in == 0 && !s->eof_in) {
                ssize_t r = raw_read(s, s->in, IN_SIZE);
                if (r <= 0) s->eof_in = 1;
                s->z.next_in = s->in;
                s->z.avail_in = r > 0 ? (uInt)r : 0;
            }
            if (s->z.avail_in == 0) {
                s->gz_done = 1;
                break;
            }
            if (s->z.next_in[0] != 0x1f) {
                /* Zero padding after the last member is common and harmless;
                 * anything else is damage worth naming. */
                size_t k = 0;
                while (k < s->z.avail_in && s->z.next_in[k] == 0) k++;
                if (k < s->z.avail_in || !s->eof_in)
                    fail(s, "unexpected bytes after a gzip member (compressed byte %llu); "
                            "the rest is ignored",
                         (unsigned long long)(s->bytes_in - s->z.avail_in));
                s->gz_done = 1;
                break;
            }
            inflateReset(&s->z);
        } else if (rc == Z_BUF_ERROR) {
            if (got == 0 && s->z.avail_in == 0 && s->eof_in) {
                fail(s, "truncated gzip stream (compressed input ends at byte %llu)",
                     (unsigned long long)s->bytes_in);
                s->gz_done = 1;
            }
        } else if (rc != Z_OK) {
            fail(s, "corrupt gzip data near compressed byte %llu: %s",
                 (unsigned long long)s->bytes_in, s->z.msg ? s->z.msg : "inflate error");
            s->gz_done = 1;
        }
        uint64_t total_out = s->decoded;
        if (total_out > RATIO_FLOOR && total_out / s->max_ratio > s->bytes_in) {
            fail(s, "decompression ratio over %u:1 (a compression bomb?); stopped after "
                    "%llu bytes", s->max_ratio, (unsigned long long)total_out);
            s->gz_done = 1;
        }
    }
    return added;
}

/* Moves unread bytes to the front so the buffer can be refilled. */
static void compact(td_src *s)
{
    if (s->out_off == 0) return;
    memmove(s->out, s->out + s->out_off, s->out_len - s->out_off);
    s->out_len -= s->out_off;
    s->out_off = 0;
}

size_t td_src_peek(td_src *s, const unsigned char **p, size_t want)
{
    if (want > s->out_cap) {
        unsigned char *n = realloc(s->out, want);
        if (n) {
            s->out = n;
            s->out_cap = want;
        } else {
            want = s->out_cap;
        }
    }
    if (s->out_len - s->out_off < want) {
        compact(s);
        while (s->out_len < want && fill(s)) {}
    }
    *p = s->out + s->out_off;
    size_t have = s->out_len - s->out_off;
    return have < want ? have : want;
}

ssize_t td_src_read(td_src *s, void *buf, size_t n)
{
    if (s->out_off == s->out_len) {
        s->out_off = s->out_len = 0;
        fill(s);
        if (s->out_len == 0) return s->failed ? -1 : 0;
    }
    size_t k = s->out_len - s->out_off;
    if (k > n) k = n;
    memcpy(buf, s->out + s->out_off, k);
    s->out_off += k;
    s->offset += k;
    return (ssize_t)k;
}

int td_src_read_all(td_src *s, td_buf *out)
{
    for (;;) {
        if (s->out_off == s->out_len) {
            s->out_off = s->out_len = 0;
            fill(s);
            if (s->out_len == 0) return s->failed ? -3 : TD_BUF_OK;
        }
        size_t k = s->out_len - s->out_off;
        if (out->max && out->len + k > out->max) {
            /* Take what fits so the caller can report the size; leave the
             * rest unread. */
            size_t fits = out->max - out->len;
            if (td_buf_append(out, s->out + s->out_off, fits)) return TD_BUF_NOMEM;
            s->out_off += fits;
            s->offset += fits;
            return TD_BUF_FULL;
        }
        int rc = td_buf_append(out, s->out + s->out_off, k);
        if (rc) return rc;
        s->out_off += k;
        s->offset += k;
    }
}

int td_src_getline(td_src *s, td_buf *line, int *overlong)
{
    td_buf_reset(line);
    *overlong = 0;
    int any = 0;
    for (;;) {
        if (s->out_off == s->out_len) {
            s->out_off = s->out_len = 0;
            fill(s);
            if (s->out_len == 0) {
                if (s->failed) return -1;
                break;
            }
        }
        any = 1;
        unsigned char *start = s->out + s->out_off;
        size_t avail = s->out_len - s->out_off;
        unsigned char *nl = memchr(start, '\n', avail);
        size_t take = nl ? (size_t)(nl - start) : avail;
        if (!*overlong) {
            size_t room = line->max ? line->max - line->len : take;
            size_t k = take < room ? take : room;
            if (td_buf_append(line, start, k)) return -1;
            if (k < take) *overlong = 1;
        }
        s->out_off += take + (nl ? 1 : 0);
        s->offset += take + (nl ? 1 : 0);
        if (nl) break;
    }
    if (!any) return 0;
    if (line->len && line->data[line->len - 1] == '\r') line->data[--line->len] = '\0';
    return 1;
}

uint64_t td_src_skip(td_src *s, uint64_t n)
{
    uint64_t done = 0;
    while (done < n) {
        if (s->out_off == s->out_len) {
            s->out_off = s->out_len = 0;
            fill(s);
            if (s->out_len == 0) break;
        }
        uint64_t k = s->out_len - s->out_off;
        if (k > n - done) k = n - done;
        s->out_off += (size_t)k;
        s->offset += k;
        done += k;
    }
    return done;
}

uint64_t td_src_offset(const td_src *s) { return s->offset; }
uint64_t td_src_bytes_in(const td_src *s) { return s->bytes_in; }
int td_src_is_gzip(const td_src *s) { return s->gzip; }
const char *td_src_error(const td_src *s) { return s->failed ? s->err : NULL; }
