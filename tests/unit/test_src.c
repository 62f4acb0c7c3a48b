/* Unit tests: the byte source (plain, gzip, multi-member, truncated, bomb). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "ingest/src.h"

/* One gzip member of data, malloc'd. */
static unsigned char *gz(const void *data, size_t len, size_t *out_len)
{
    z_stream z = {0};
    assert_int_equal(deflateInit2(&z, 9, Z_DEFLATED, 16 + 15, 9, Z_DEFAULT_STRATEGY), Z_OK);
    size_t cap = deflateBound(&z, (uLong)len) + 64;
    unsigned char *out = malloc(cap);
    z.next_in = (unsigned char *)data;
    z.avail_in = (uInt)len;
    z.next_out = out;
    z.avail_out = (uInt)cap;
    assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
    *out_len = cap - z.avail_out;
    deflateEnd(&z);
    return out;
}

static char *read_everything(td_src *s, size_t *n)
{
    td_buf b;
    td_buf_init(&b, 0);
    int rc = td_src_read_all(s, &b);
    (void)rc;
    return td_buf_steal(&b, n);
}

static void plain_bytes_pass_through(void **state)
{
    td_src *s = td_src_mem("hello\nworld\n", 12, 0);
    assert_false(td_src_is_gzip(s));
    const unsigned char *p;
    assert_int_equal(td_src_peek(s, &p, 5), 5);
    assert_memory_equal(p, "hello", 5);
    td_buf line;
    td_buf_init(&line, 100);
    int over;
    assert_int_equal(td_src_getline(s, &line, &over), 1);
    assert_string_equal(line.data, "hello");
    assert_int_equal(td_src_offset(s), 6);
    assert_int_equal(td_src_getline(s, &line, &over), 1);
    assert_string_equal(line.data, "world");
    assert_int_equal(td_src_getline(s, &line, &over), 0);
    assert_null(td_src_error(s));
    td_buf_free(&line);
    td_src_close(s);
}

static void overlong_lines_are_cut_and_flagged(void **state)
{
    char data[300];
    memset(data, 'a', 250);
    memcpy(data + 250, "\r\nshort\n", 8);
    td_src *s = td_src_mem(data, 258, 0);
    td_buf line;
    td_buf_init(&line, 100);
    int over;
    assert_int_equal(td_src_getline(s, &line, &over), 1);
    assert_true(over);
    assert_int_equal(line.len, 100);
    assert_int_equal(td_src_getline(s, &line, &over), 1);
    assert_false(over);
    assert_string_equal(line.data, "short");
    td_buf_free(&line);
    td_src_close(s);
}

static void gzip_members_are_concatenated(void **state)
{
    size_t n1, n2;
    unsigned char *a = gz("first member\n", 13, &n1);
    unsigned char *b = gz("second member\n", 14, &n2);
    unsigned char *both = malloc(n1 + n2);
    memcpy(both, a, n1);
    memcpy(both + n1, b, n2);
    td_src *s = td_src_mem(both, n1 + n2, 0);
    assert_true(td_src_is_gzip(s));
    size_t n;
    char *all = read_everything(s, &n);
    assert_int_equal(n, 27);
    assert_memory_equal(all, "first member\nsecond member\n", 27);
    assert_null(td_src_error(s));
    free(all);
    td_src_close(s);
    free(a);
    free(b);
    free(both);
}

static void truncated_gzip_keeps_what_was_intact(void **state)
{
    char text[20000];
    for (size_t i = 0; i < sizeof text; i++) text[i] = (char)('a' + (i * 7919) % 26);
    size_t n;
    unsigned char *z = gz(text, sizeof text, &n);
    td_src *s = td_src_mem(z, n / 2, 0);
    size_t got;
    char *all = read_everything(s, &got);
    assert_non_null(td_src_error(s));
    assert_non_null(strstr(td_src_error(s), "truncated"));
    assert_true(got < sizeof text);
    assert_memory_equal(all, text, got);
    free(all);
    td_src_close(s);
    free(z);
}

static void compression_bombs_are_stopped(void **state)
{
    size_t len = 64u << 20;
    char *zeros = calloc(1, len);
    size_t n;
    unsigned char *z = gz(zeros, len, &n);
    free(zeros);
    td_src *s = td_src_mem(z, n, 100);
    size_t got;
    char *all = read_everything(s, &got);
    assert_non_null(td_src_error(s));
    assert_non_null(strstr(td_src_error(s), "ratio"));
    assert_true(got < len);
    free(all);
    td_src_close(s);
    free(z);
}

static void read_all_stops_at_the_cap(void **state)
{
    td_src *s = td_src_mem("0123456789", 10, 0);
    td_buf b;
    td_buf_init(&b, 4);
    assert_int_equal(td_src_read_all(s, &b), TD_BUF_FULL);
    assert_int_equal(b.len, 4);
    assert_int_equal(td_src_skip(s, 100), 6);
    td_buf_free(&b);
    td_src_close(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(plain_bytes_pass_through),
        cmocka_unit_test(overlong_lines_are_cut_and_flagged),
        cmocka_unit_test(gzip_members_are_concatenated),
        cmocka_unit_test(truncated_gzip_keeps_what_was_intact),
        cmocka_unit_test(compression_bombs_are_stopped),
        cmocka_unit_test(read_all_stops_at_the_cap),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
