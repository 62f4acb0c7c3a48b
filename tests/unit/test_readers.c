/* Unit tests: sniffing, charset conversion, the text, HTML and JSONL readers. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ucnv.h>

#include "ingest/reader.h"

typedef struct sink {
    td_doc *docs[16];
    int n;
    char msgs[8][256];
    int nmsg;
} sink;

static int collect(void *ctx, td_doc *d)
{
    sink *s = ctx;
    if (s->n < 16) s->docs[s->n++] = d;
    else td_doc_free(d);
    return 0;
}

static void note(void *ctx, td_diag_level level, const char *where, const char *msg)
{
    sink *s = ctx;
    if (s->nmsg < 8) snprintf(s->msgs[s->nmsg++], 256, "%s: %s", where, msg);
}

static td_reader_env env_for(sink *s)
{
    td_reader_env e = {0};
    e.name = "input";
    e.limits.max_article_bytes = 1 << 20;
    e.limits.max_feed_bytes = 1 << 20;
    e.limits.max_depth = 64;
    e.limits.max_inflate_ratio = 1000;
    e.emit = collect;
    e.emit_ctx = s;
    e.diag = note;
    e.diag_ctx = s;
    return e;
}

static void drain(sink *s)
{
    for (int i = 0; i < s->n; i++) td_doc_free(s->docs[i]);
    s->n = 0;
    s->nmsg = 0;
}

#define SNIFF(lit, name) td_sniff((const unsigned char *)(lit), sizeof(lit) - 1, name)

static void sniffing_picks_the_reader(void **state)
{
    assert_int_equal(SNIFF("WARC/1.0\r\n", "x"), TD_FMT_WARC);
    assert_int_equal(SNIFF("  {\"text\": \"a\"}\n", "x"), TD_FMT_JSONL);
    assert_int_equal(SNIFF("<?xml version=\"1.0\"?><rss version=\"2.0\">", "x"), TD_FMT_RSS);
    assert_int_equal(SNIFF("<?xml version=\"1.0\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">",
                           "x"), TD_FMT_ATOM);
    assert_int_equal(SNIFF("<rdf:RDF xmlns:rdf=\"x\">", "x"), TD_FMT_RSS);
    assert_int_equal(SNIFF("<!DOCTYPE html><html><body>", "page.txt"), TD_FMT_HTML);
    assert_int_equal(SNIFF("Headline\n\nBody text.", "a.txt"), TD_FMT_TEXT);
    assert_int_equal(SNIFF("Scraped line\n<html><body>x", "a"), TD_FMT_HTML);
    assert_int_equal(SNIFF("\xff\xfe<\0h\0t\0m\0l\0>\0", "a"), TD_FMT_HTML);
}

static void convert(const char *in, size_t n, int html, const char *want, const char *from)
{
    td_arena a;
    td_arena_init(&a);
    char *out, err[128];
    size_t len;
    const char *f;
    assert_int_equal(td_to_utf8(&a, (const unsigned char *)in, n, NULL, html, &out, &len, &f,
                                err, sizeof err), 0);
    assert_string_equal(out, want);
    assert_int_equal(len, strlen(want));
    if (from) assert_string_equal(f, from);
    td_arena_free(&a);
}

static void charsets_become_utf8(void **state)
{
    convert("caf\xc3\xa9", 5, 0, "caf\xc3\xa9", "UTF-8");
    convert("\xef\xbb\xbf" "ok", 5, 0, "ok", "UTF-8");
    convert("\xff\xfeh\0i\0", 6, 0, "hi", "UTF-16LE");
    convert("\xfe\xff\0h\0i", 6, 0, "hi", "UTF-16BE");
    /* windows-1252 curly quotes and an accent, with no declaration. */
    const char cp[] = "\x93Jos\xe9 said so,\x94 the mediator told reporters on Monday.";
    convert(cp, sizeof cp - 1, 0,
            "\xe2\x80\x9cJos\xc3\xa9 said so,\xe2\x80\x9d the mediator told reporters on Monday.",
            NULL);
    /* A <meta charset> declaration is honoured. */
    const char page[] = "<html><head><meta charset=\"windows-1252\"></head><p>\xe9t\xe9</p>";
    convert(page, sizeof page - 1, 1,
            "<html><head><meta charset=\"windows-1252\"></head><p>\xc3\xa9t\xc3\xa9</p>",
            "windows-1252");
    /* Mostly UTF-8 with one broken byte: repaired, not re-decoded. */
    const char mixed[] = "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9 and \xff here";
    convert(mixed, sizeof mixed - 1, 0,
            "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9 and \xef\xbf\xbd here", "UTF-8");
}

/* SCSU turns one byte into a 4-byte character once a window points past
 * the BMP: the output must grow rather than overflow. */
static void charsets_that_expand_past_three_bytes(void **state)
{
    td_arena a;
    td_arena_init(&a);
    /* Let ICU write the SCSU bytes for three musical symbols. */
    UErrorCode err = U_ZERO_ERROR;
    const char want[] = "\xf0\x9d\x84\x9e\xf0\x9d\x84\x9e\xf0\x9d\x84\x9e"; /* 3 x U+1D11E */
    char scsu[64];
    int32_t n = ucnv_convert("SCSU", "UTF-8", scsu, sizeof scsu, want, sizeof want - 1, &err);
    assert_false(U_FAILURE(err));
    char *out, msg[128];
    size_t len;
    const char *f;
    assert_int_equal(td_to_utf8(&a, (unsigned char *)scsu, (size_t)n, "SCSU", 0, &out, &len, &f,
                                msg, sizeof msg), 0);
    assert_int_equal(len, sizeof want - 1);
    assert_memory_equal(out, want, len);
    td_arena_free(&a);
}

static void binary_is_refused(void **state)
{
    td_arena a;
    td_arena_init(&a);
    char bin[256], *out, err[128] = "";
    for (int i = 0; i < 256; i++) bin[i] = (char)i;
    size_t len;
    const char *f;
    assert_int_equal(td_to_utf8(&a, (unsigned char *)bin, sizeof bin, NULL, 0, &out, &len, &f,
                                err, sizeof err), -1);
    assert_non_null(strstr(err, "binary"));
    td_arena_free(&a);
}

static void text_reader_makes_one_doc(void **state)
{
    sink s = {0};
    td_reader_env e = env_for(&s);
    const char t[] = "A headline here\n\nThe body.\n";
    td_read_text(&e, "a.txt", (const unsigned char *)t, sizeof t - 1);
    assert_int_equal(s.n, 1);
    assert_int_equal(e.rejected, 0);
    td_doc *d = s.docs[0];
    assert_int_equal(d->format, TD_FMT_TEXT);
    assert_int_equal(d->ctype, TD_CT_TEXT);
    assert_string_equal(d->where, "a.txt");
    assert_int_equal(d->raw_len, sizeof t - 1);
    assert_memory_equal(d->content, t, sizeof t - 1);
    drain(&s);

    td_read_text(&e, "empty.txt", (const unsigned char *)"", 0);
    td_read_text(&e, "blank.txt", (const unsigned char *)" \n\t\n", 4);
    assert_int_equal(s.n, 0);
    assert_int_equal(e.rejected, 2);
    assert_non_null(strstr(s.msgs[0], "empty.txt"));
    drain(&s);
}

static void html_reader_uses_the_declared_charset(void **state)
{
    sink s = {0};
    td_reader_env e = env_for(&s);
    const char p[] = "<p>caf\xe9</p>";
    td_read_html(&e, "p.html", (const unsigned char *)p, sizeof p - 1, "iso-8859-1");
    assert_int_equal(s.n, 1);
    assert_int_equal(s.docs[0]->ctype, TD_CT_HTML);
    assert_string_equal(s.docs[0]->content, "<p>caf\xc3\xa9</p>");
    drain(&s);
}

/* Reads n bytes of JSON Lines from memory into e's sink. */
static void read_jsonl_mem(td_reader_env *e, const char *data, size_t n)
{
    td_src *src = td_src_mem(data, n, 0);
    td_read_jsonl(e, src);
    td_src_close(src);
}

static void jsonl_keeps_good_lines_and_names_bad_ones(void **state)
{
    sink s = {0};
    td_reader_env e = env_for(&s);
    const char data[] =
        "{\"url\":\"https://a.example/x\",\"title\":\"T1\",\"text\":\"Body one.\","
        "\"published\":\"2025-06-03T10:00:00Z\",\"outlet\":\"A\",\"author\":[\"X\",\"Y\"],"
        "\"section\":\"World\"}\n"
        "\n"
        "{not json\n"
        "[1,2]\n"
        "{\"title\":\"no body\"}\n"
        "{\"html\":\"<p>Two</p>\",\"published\":\"someday\"}\n";
    read_jsonl_mem(&e, data, sizeof data - 1);
    assert_int_equal(s.n, 2);
    assert_int_equal(e.rejected, 3);
    td_doc *d = s.docs[0];
    assert_string_equal(d->where, "input:1");
    assert_string_equal(d->url, "https://a.example/x");
    assert_string_equal(d->title, "T1");
    assert_string_equal(d->content, "Body one.");
    assert_string_equal(d->author, "X, Y");
    assert_string_equal(d->outlet, "A");
    assert_string_equal(d->published, "2025-06-03T10:00:00Z");
    assert_int_equal(d->published_from, TD_DATE_METADATA);
    assert_string_equal(d->extra_json, "{\"section\":\"World\"}");
    d = s.docs[1];
    assert_int_equal(d->ctype, TD_CT_HTML);
    assert_null(d->published);
    assert_string_equal(d->extra_json, "{\"published_raw\":\"someday\"}");
    /* Messages name the lines. */
    int named3 = 0, named4 = 0, named5 = 0;
    for (int i = 0; i < s.nmsg; i++) {
        named3 |= strncmp(s.msgs[i], "input:3:", 8) == 0;
        named4 |= strncmp(s.msgs[i], "input:4:", 8) == 0;
        named5 |= strncmp(s.msgs[i], "input:5:", 8) == 0;
    }
    assert_true(named3 && named4 && named5);
    drain(&s);
}

/* Exports from crawlers and news APIs name the fields otherwise; the
 * schema's own name wins, and an alias not read stays in extra. */
static void jsonl_reads_other_names_for_the_fields(void **state)
{
    sink s = {0};
    td_reader_env e = env_for(&s);
    const char data[] =
        "{\"maintext\":\"Body.\",\"date_publish\":\"2017-02-17 19:21:51\","
        "\"source_domain\":\"a.example\",\"authors\":[\"X\"],\"headline\":\"H\"}\n"
        "{\"content\":\"Lead.\",\"publishedAt\":\"2024-03-01T08:00:00Z\","
        "\"source\":{\"id\":null,\"name\":\"Wire\"},\"link\":\"https://b.example/y\"}\n"
        "{\"text\":\"T.\",\"published\":\"2025-01-02\",\"date\":\"2025-01-01\","
        "\"body\":\"other\"}\n";
    read_jsonl_mem(&e, data, sizeof data - 1);
    assert_int_equal(s.n, 3);
    assert_int_equal(e.rejected, 0);
    td_doc *d = s.docs[0];
    assert_string_equal(d->content, "Body.");
    assert_string_equal(d->title, "H");
    assert_string_equal(d->outlet, "a.example");
    assert_string_equal(d->author, "X");
    assert_non_null(d->published);
    assert_int_equal(strncmp(d->published, "2017-02-17T19:21:51", 19), 0);
    assert_null(d->extra_json);
    d = s.docs[1];
    assert_string_equal(d->content, "Lead.");
    assert_string_equal(d->outlet, "Wire");
    assert_string_equal(d->url, "https://b.example/y");
    assert_string_equal(d->published, "2024-03-01T08:00:00Z");
    d = s.docs[2];
    assert_string_equal(d->content, "T.");
    assert_int_equal(strncmp(d->published, "2025-01-02", 10), 0);
    assert_string_equal(d->extra_json, "{\"body\":\"other\",\"date\":\"2025-01-01\"}");
    drain(&s);
}

static void jsonl_overlong_line_is_skipped(void **state)
{
    sink s = {0};
    td_reader_env e = env_for(&s);
    e.limits.max_article_bytes = 64;
    char data[400];
    int n = snprintf(data, sizeof data, "{\"text\":\"%0200d\"}\n{\"text\":\"short\"}\n", 0);
    read_jsonl_mem(&e, data, (size_t)n);
    assert_int_equal(s.n, 1);
    assert_int_equal(e.rejected, 1);
    assert_string_equal(s.docs[0]->where, "input:2");
    drain(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sniffing_picks_the_reader),
        cmocka_unit_test(charsets_become_utf8),
        cmocka_unit_test(charsets_that_expand_past_three_bytes),
        cmocka_unit_test(binary_is_refused),
        cmocka_unit_test(text_reader_makes_one_doc),
        cmocka_unit_test(html_reader_uses_the_declared_charset),
        cmocka_unit_test(jsonl_keeps_good_lines_and_names_bad_ones),
        cmocka_unit_test(jsonl_reads_other_names_for_the_fields),
        cmocka_unit_test(jsonl_overlong_line_is_skipped),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
