/*
 * fuzz_src.c -- libFuzzer target for the byte source (plain or gzip, one
 * member or several, intact or truncated), with the format sniffer and the
 * date parser on the side.
 *
 * The first input byte seeds a small generator that picks the sequence of
 * operations -- peek, getline with a short cap, read, skip, read_all into
 * a capped buffer -- and their sizes; the rest is the stream, consumed to
 * its end. What can be checked is checked:
 *   - bytes a peek showed are the bytes the next read returns;
 *   - the offset counts exactly the bytes handed out;
 *   - for input that is not gzip, every byte handed out equals the input
 *     byte at that offset, and getline splits where the input has '\n';
 *   - a getline line never holds '\n' nor exceeds its cap; read_all stops
 *     at the cap only when full.
 * Dates: short slices of the input, each in a buffer of exactly its size
 * (no NUL after it, so an over-read is an ASan report), must parse to
 * "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:SSZ", or not at all.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/reader.h"
#include "ingest/src.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/date.h"

#define CHECK(c)                                                                            \
    do {                                                                                    \
        if (!(c)) __builtin_trap();                                                         \
    } while (0)

static uint32_t next(uint32_t *st)
{
    *st = *st * 1103515245u + 12345u;
    return *st >> 16;
}

static int digits_at(const char *s, size_t i, size_t n)
{
    for (size_t k = i; k < i + n; k++)
        if (s[k] < '0' || s[k] > '9') return 0;
    return 1;
}

static void check_date(const char *r)
{
    size_t l = strlen(r);
    CHECK(l == 10 || l == 20);
    CHECK(digits_at(r, 0, 4) && r[4] == '-' && digits_at(r, 5, 2) && r[7] == '-' &&
          digits_at(r, 8, 2));
    int m = (r[5] - '0') * 10 + (r[6] - '0'), d = (r[8] - '0') * 10 + (r[9] - '0');
    CHECK(m >= 1 && m <= 12 && d >= 1 && d <= 31);
    if (l == 20) {
        CHECK(r[10] == 'T' && digits_at(r, 11, 2) && r[13] == ':' && digits_at(r, 14, 2) &&
              r[16] == ':' && digits_at(r, 17, 2) && r[19] == 'Z');
        CHECK((r[11] - '0') * 10 + (r[12] - '0') <= 23);
        CHECK((r[14] - '0') * 10 + (r[15] - '0') <= 59);
        CHECK((r[17] - '0') * 10 + (r[18] - '0') <= 60);
    }
}

static void dates(const uint8_t *in, size_t n)
{
    td_arena a;
    td_arena_init(&a);
    size_t i = 0;
    for (int k = 0; k < 64 && i < n; k++) {
        const uint8_t *nl = memchr(in + i, '\n', n - i);
        size_t len = nl ? (size_t)(nl - (in + i)) : n - i;
        if (len > 48) len = 48;
        char *slice = malloc(len ? len : 1);
        if (!slice) break;
        memcpy(slice, in + i, len);
        const char *r = td_date_parse(&a, slice, len);
        if (r) check_date(r);
        free(slice);
        i += len + (nl && in + i + len == nl ? 1 : 0);
    }
    td_arena_free(&a);
}

static void sniff(const uint8_t *p, size_t n, uint32_t pick)
{
    static const char *const names[] = {NULL,        "in.txt",   "in.html", "in.jsonl.gz",
                                        "in.warc.gz", "feed.xml", "x"};
    td_format f = td_sniff(p, n < 4096 ? n : 4096, names[pick % 7]);
    CHECK(f > TD_FMT_AUTO && f <= TD_FMT_WARC);
}

/* The stream as the caller sees it, and what we know it must be. */
typedef struct run {
    td_src *s;
    const uint8_t *ref; /* the input when it is not gzip, else NULL */
    size_t ref_len;
    uint64_t off;       /* bytes handed out so far */
} run;

static void took(run *r, const void *p, size_t n)
{
    if (r->ref) {
        CHECK(r->off + n <= r->ref_len);
        CHECK(memcmp(p, r->ref + r->off, n) == 0);
    }
    r->off += n;
    CHECK(td_src_offset(r->s) == r->off);
}

/* Returns 1 at the end of the stream. */
static int step(run *r, uint32_t *st)
{
    uint32_t op = next(st) % 6, arg = next(st);
    switch (op) {
    case 0: { /* peek, then read what was shown */
        static const size_t wants[] = {1, 7, 300, 4096, 64 * 1024 + 100};
        size_t want = wants[arg % 5];
        const unsigned char *p;
        size_t k = td_src_peek(r->s, &p, want);
        CHECK(k <= want);
        if (k == 0) return 1;
        sniff(p, k, arg >> 3);
        if (r->ref) CHECK(r->off + k <= r->ref_len && memcmp(p, r->ref + r->off, k) == 0);
        CHECK(td_src_offset(r->s) == r->off); /* peeking consumes nothing */
        unsigned char shown[64], got[64];
        size_t m = k < sizeof shown ? k : sizeof shown;
        memcpy(shown, p, m);
        ssize_t g = td_src_read(r->s, got, m);
        CHECK(g == (ssize_t)m && memcmp(shown, got, m) == 0);
        took(r, got, m);
        return 0;
    }
    case 1: { /* getline with a short cap */
        td_buf line;
        td_buf_init(&line, 1 + arg % 24);
        int overlong = 0;
        uint64_t before = r->off;
        int rc = td_src_getline(r->s, &line, &overlong);
        if (rc != 1) {
            /* A read error may come after part of a line was consumed. */
            CHECK(rc == 0 || rc == -1);
            if (rc == 0) CHECK(td_src_offset(r->s) == before);
            r->off = td_src_offset(r->s);
            td_buf_free(&line);
            return 1;
        }
        CHECK(line.len <= line.max);
        CHECK(!line.len || !memchr(line.data, '\n', line.len));
        CHECK(!overlong || line.len + 1 >= line.max);
        uint64_t now = td_src_offset(r->s);
        CHECK(now > before);
        if (r->ref) {
            /* The line runs to the next '\n' (consumed) or the end. */
            const uint8_t *start = r->ref + before;
            size_t left = r->ref_len - before;
            const uint8_t *nl = memchr(start, '\n', left);
            size_t full = nl ? (size_t)(nl - start) : left;
            CHECK(now == before + full + (nl ? 1 : 0));
            size_t kept = full < line.max ? full : line.max;
            CHECK(overlong == (full > line.max));
            if (kept && start[kept - 1] == '\r') kept--;
            CHECK(line.len == kept && (!kept || memcmp(line.data, start, kept) == 0));
        }
        r->off = now;
        td_buf_free(&line);
        return 0;
    }
    case 2: { /* read */
        unsigned char b[61];
        size_t want = 1 + arg % sizeof b;
        ssize_t g = td_src_read(r->s, b, want);
        CHECK(g <= (ssize_t)want);
        if (g <= 0) return 1;
        took(r, b, (size_t)g);
        return 0;
    }
    case 3: { /* skip */
        static const uint64_t lens[] = {0, 1, 100, 70000};
        uint64_t want = lens[arg % 4];
        uint64_t got = td_src_skip(r->s, want);
        CHECK(got <= want);
        r->off += got;
        CHECK(td_src_offset(r->s) == r->off);
        if (r->ref) CHECK(r->off <= r->ref_len);
        return got < want;
    }
    case 4: { /* read_all into a capped buffer */
        td_buf all;
        td_buf_init(&all, 1 + arg % 5000);
        int rc = td_src_read_all(r->s, &all);
        CHECK(rc == TD_BUF_OK || rc == TD_BUF_FULL || rc == -3);
        CHECK(all.len <= all.max);
        if (rc == TD_BUF_FULL) CHECK(all.len == all.max);
        if (all.len) took(r, all.data, all.len);
        td_buf_free(&all);
        return rc != TD_BUF_FULL;
    }
    default: /* the counters */
        if (r->ref) {
            CHECK(!td_src_is_gzip(r->s));
            CHECK(td_src_bytes_in(r->s) <= r->ref_len);
        } else {
            CHECK(td_src_is_gzip(r->s));
        }
        return 0;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0) return 0;
    uint32_t st = data[0];
    const uint8_t *in = data + 1;
    size_t n = size - 1;

    sniff(in, n, st);
    dates(in, n);

    td_src *s = td_src_mem(in, n, 100);
    if (!s) return 0;
    int gz = n >= 2 && in[0] == 0x1f && in[1] == 0x8b;
    CHECK(td_src_is_gzip(s) == gz);
    run r = {s, gz ? NULL : in, n, 0};
    /* Every operation but a zero-length skip or a counter check moves on or
     * ends the stream; the bound is a backstop. */
    for (int i = 0; i < 1 << 20; i++)
        if (step(&r, &st)) break;
    /* At the end, the end stays the end. */
    unsigned char b[8];
    CHECK(td_src_read(s, b, sizeof b) <= 0);
    if (!gz && !td_src_error(s)) CHECK(r.off == n);
    if (gz) CHECK(td_src_bytes_in(s) <= n);
    td_src_close(s);
    return 0;
}
