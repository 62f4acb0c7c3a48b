/* Unit tests: the clean stage on HTML and text, outlets, languages. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clean/clean.h"
#include "clean/page.h"
#include "util/text.h"

static td_doc *doc_of(const char *content, td_ctype ct)
{
    td_doc *d = td_doc_new();
    d->content = td_arena_strdup(&d->arena, content);
    d->content_len = strlen(content);
    d->ctype = ct;
    d->where = "test";
    return d;
}

static const td_limits limits = {1 << 20, 1 << 20, 64, 1000};

static void html_text_and_metadata(void **state)
{
    td_clean *c = *state;
    const char *page =
        "<!DOCTYPE html><html lang=\"en-GB\"><head>"
        "<title>Talks resume | The Example Post</title>"
        "<meta property=\"og:title\" content=\"Talks  resume in Muscat\">"
        "<meta property=\"og:site_name\" content=\"The Example Post\">"
        "<meta name=\"author\" content=\"Jane Roe\">"
        "<meta property=\"article:published_time\" content=\"2025-06-12T08:30:00+02:00\">"
        "<link rel=\"canonical\" href=\"https://www.example.co.uk/world/talks\">"
        "<style>p { color: red }</style><script>var x = '<p>no</p>';</script>"
        "</head><body><h1>Talks resume</h1><p>First <b>paragraph</b>\n of  text.</p>"
        "<p>Second&nbsp;one.<br>After a break.</p><ul><li>one</li><li>two</li></ul>"
        "<table><tr><td>a</td><td>b</td></tr></table><noscript>enable js</noscript>"
        "<pre>x&nbsp;=\r\n 1</pre>"
        "</body></html>";
    td_doc *d = doc_of(page, TD_CT_HTML);
    char err[128];
    assert_int_equal(td_clean_doc(c, d, &limits, err, sizeof err), 0);
    assert_string_equal(d->body, "Talks resume\nFirst paragraph of text.\nSecond one.\n"
                                 "After a break.\none\ntwo\na b\nx =\n\n 1");
    assert_int_equal(d->body_len, strlen(d->body));
    /* The headline as the page shows it: <h1> and <title> agree on it. */
    assert_string_equal(d->title, "Talks resume");
    assert_string_equal(d->author, "Jane Roe");
    assert_string_equal(d->published, "2025-06-12T06:30:00Z");
    assert_int_equal(d->published_from, TD_DATE_METADATA);
    assert_string_equal(d->url, "https://www.example.co.uk/world/talks");
    assert_string_equal(d->outlet, "example.co.uk");
    assert_string_equal(d->language, "en");
    td_doc_free(d);
}

static void reader_metadata_outranks_the_page(void **state)
{
    td_clean *c = *state;
    td_doc *d = doc_of("<html><head><title>Page title</title>"
                       "<script type=\"application/ld+json\">{\"@graph\":[{\"@type\":"
                       "\"NewsArticle\",\"headline\":\"LD headline\",\"datePublished\":"
                       "\"2024-05-17\",\"author\":{\"name\":\"LD Author\"}}]}</script>"
                       "</head><body><p>Body text of the story.</p></body></html>",
                       TD_CT_HTML);
    d->title = "Feed title";
    char err[128];
    assert_int_equal(td_clean_doc(c, d, &limits, err, sizeof err), 0);
    assert_string_equal(d->title, "Feed title");
    assert_string_equal(d->author, "LD Author");
    assert_string_equal(d->published, "2024-05-17");
    td_doc_free(d);
}

static void deep_nesting_is_refused_before_parsing(void **state)
{
    td_clean *c = *state;
    size_t levels = 100000;
    char *page = malloc(levels * 11 + 64);
    char *p = page;
    for (size_t i = 0; i < levels; i++) p += sprintf(p, "<div>");
    p += sprintf(p, "deep");
    for (size_t i = 0; i < levels; i++) p += sprintf(p, "</div>");
    td_doc *d = doc_of(page, TD_CT_HTML);
    free(page);
    char err[128] = "";
    assert_int_equal(td_clean_doc(c, d, &limits, err, sizeof err), -1);
    assert_non_null(strstr(err, "nested deeper"));
    td_doc_free(d);

    /* 200,000 <div/> (a quadratic case for HTML5 tree builders) are empty
     * elements to libxml2: read at once. */
    char *slashed = malloc(200000 * 6 + 32);
    p = slashed;
    for (int i = 0; i < 200000; i++) p += sprintf(p, "<div/>");
    sprintf(p, "<p>Still here.</p>");
    d = doc_of(slashed, TD_CT_HTML);
    free(slashed);
    assert_int_equal(td_clean_doc(c, d, &limits, err, sizeof err), 0);
    assert_string_equal(d->body, "Still here.");
    td_doc_free(d);

    /* Inside <svg> the slash closes too: icons are full of <path/>. */
    char *icons = malloc(5000 * 20 + 64);
    p = icons;
    p += sprintf(p, "<p>Text.</p><svg>");
    for (int i = 0; i < 5000; i++) p += sprintf(p, "<path d=\"M0 0\"/>");
    sprintf(p, "</svg><p>More text.</p>");
    d = doc_of(icons, TD_CT_HTML);
    free(icons);
    assert_int_equal(td_clean_doc(c, d, &limits, err, sizeof err), 0);
    assert_string_equal(d->body, "Text.\nMore text.");
    td_doc_free(d);

    /* Thousands of unclosed list items and paragraphs are not nesting. */
    char *flat = malloc(50000 * 12 + 64);
    p = flat;
    p += sprintf(p, "<ul>");
    for (int i = 0; i < 50000; i++) p += sprintf(p, "<li>x<p>y");
    sprintf(p, "</ul>");
    d = doc_of(flat, TD_CT_HTML);
    free(flat);
    assert_int_equal(td_clean_doc(c, d, &limits, err, sizeof err), 0);
    td_doc_free(d);
}

static void text_title_and_paragraphs(void **state)
{
    td_clean *c = *state;
    td_doc *d = doc_of("  Talks resume in Muscat  \r\n\r\n\r\nFirst paragraph.\nSame block.\n\n"
                       "Second paragraph.\n\n\n",
                       TD_CT_TEXT);
    char err[128];
    assert_int_equal(td_clean_doc(c, d, &limits, err, sizeof err), 0);
    assert_string_equal(d->title, "Talks resume in Muscat");
    assert_string_equal(d->body, "Talks resume in Muscat\n\nFirst paragraph.\nSame block.\n\n"
                                 "Second paragraph.");
    td_doc_free(d);

    d = doc_of("This first line is a sentence of the body, not a headline.\nMore.", TD_CT_TEXT);
    assert_int_equal(td_clean_doc(c, d, &limits, err, sizeof err), 0);
    assert_null(d->title);
    td_doc_free(d);
}

static void headline_only_items(void **state)
{
    td_clean *c = *state;
    char err[128];
    /* A feed item of a title and a link: the headline is its text. */
    td_doc *d = doc_of("", TD_CT_TEXT);
    d->title = "  Ferry strike   ends after talks ";
    assert_int_equal(td_clean_doc(c, d, &limits, err, sizeof err), 0);
    assert_string_equal(d->body, "Ferry strike ends after talks");
    assert_int_equal(d->body_len, strlen("Ferry strike ends after talks"));
    td_doc_free(d);

    /* Without a title, or with one of blanks only, there is nothing. */
    d = doc_of(" \n ", TD_CT_TEXT);
    assert_int_equal(td_clean_doc(c, d, &limits, err, sizeof err), -1);
    assert_string_equal(err, "no text found in the document");
    td_doc_free(d);
    d = doc_of("", TD_CT_TEXT);
    d->title = "   ";
    assert_int_equal(td_clean_doc(c, d, &limits, err, sizeof err), -1);
    td_doc_free(d);

    /* A page that gives nothing but its <title> is no article. */
    d = doc_of("<html><head><title>Ferry strike ends after talks</title></head><body></body></html>",
               TD_CT_HTML);
    assert_int_equal(td_clean_doc(c, d, &limits, err, sizeof err), -1);
    td_doc_free(d);
}

static void outlets_from_urls(void **state)
{
    td_arena a;
    td_arena_init(&a);
    assert_string_equal(td_clean_outlet_from_url(&a, "https://edition.cnn.com/x"), "cnn.com");
    assert_string_equal(td_clean_outlet_from_url(&a, "http://www.bbc.co.uk/news/1"), "bbc.co.uk");
    assert_string_equal(td_clean_outlet_from_url(&a, "https://u:p@News.Example.ORG:8080/a?b"),
                        "example.org");
    assert_string_equal(td_clean_outlet_from_url(&a, "http://10.0.0.1/a"), "10.0.0.1");
    assert_null(td_clean_outlet_from_url(&a, "https://co.uk/"));
    assert_null(td_clean_outlet_from_url(&a, NULL));
    assert_null(td_clean_outlet_from_url(&a, "https:///nohost"));
    td_arena_free(&a);
}

/* Whether b, coming after a, is taken for the same outlet. */
static int same_outlet(const char *a, const char *b)
{
    uint64_t put[TD_CLEAN_OUTLET_KEYS], find[TD_CLEAN_OUTLET_KEYS], x[TD_CLEAN_OUTLET_KEYS];
    size_t nput, nfind, nx;
    td_clean_outlet_keys(a, strlen(a), put, &nput, x, &nx);
    td_clean_outlet_keys(b, strlen(b), x, &nx, find, &nfind);
    for (size_t i = 0; i < nfind; i++)
        for (size_t j = 0; j < nput; j++)
            if (find[i] == put[j]) return 1;
    return 0;
}

/* A feed names its outlet, a page's URL gives its domain: the two
 * spellings meet, either one first; different outlets stay apart. */
static void outlet_spellings(void **state)
{
    (void)state;
    static const char *const same[][2] = {
        {"Meridian Wire", "meridianwire.net"},
        {"The Guardian", "theguardian.com"},
        {"Guardian", "The Guardian"},
        {"Riverbend Public Radio", "riverbendradio.org"},
        {"National Public Radio", "npr.org"},
        {"NPR", "National Public Radio"},
        {"Antiwar.com", "antiwar.com"},
        {"bbc.co.uk", "bbc.com"},
        {"www.foxnews.com", "Fox News"},
        {"U.S. News", "usnews.com"},
    };
    static const char *const apart[][2] = {
        {"Riverbend Public Radio", "Riverbend Community Radio"},
        {"Meridian Wire", "Meridian Times"},
        {"meridianwire.net", "meridiantimes.net"},
        {"10.0.0.1", "10.0.0.2"},
        {"Fox News", "Fox Business"},
        {"", "x.com"},
    };
    for (size_t i = 0; i < sizeof same / sizeof same[0]; i++) {
        assert_true(same_outlet(same[i][0], same[i][1]));
        assert_true(same_outlet(same[i][1], same[i][0]));
    }
    for (size_t i = 0; i < sizeof apart / sizeof apart[0]; i++) {
        assert_false(same_outlet(apart[i][0], apart[i][1]));
        assert_false(same_outlet(apart[i][1], apart[i][0]));
    }
}

static void languages(void **state)
{
    td_clean *c = *state;
    const char *en = "The foreign minister said on Monday that the talks had been halted "
                     "until the current crisis was over, according to state media.";
    const char *de = "Der Außenminister sagte am Montag, die Gespräche seien ausgesetzt, "
                     "bis die gegenwärtige Krise vorüber sei, berichteten Staatsmedien.";
    const char *fr = "Le ministre des Affaires étrangères a déclaré lundi que les "
                     "discussions étaient suspendues jusqu'à la fin de la crise actuelle.";
    assert_string_equal(td_clean_language(c, en, strlen(en)), "en");
    assert_string_equal(td_clean_language(c, de, strlen(de)), "de");
    assert_string_equal(td_clean_language(c, fr, strlen(fr)), "fr");
    assert_null(td_clean_language(c, "ok", 2));
}


static void utf8_check_past_ascii_runs(void **state)
{
    (void)state;
    /* The eight-bytes-at-a-time path must stop at every kind of byte. */
    char buf[64];
    for (size_t at = 0; at < 20; at++) {
        memset(buf, 'a', sizeof buf);
        memcpy(buf + at, "\xC3\xA9", 2); /* é */
        assert_true(td_utf8_valid(buf, 40));
        buf[at + 1] = 'x'; /* a lead byte without its follower */
        assert_int_equal(td_utf8_valid_prefix(buf, 40), at);
        memset(buf, 'a', sizeof buf);
        buf[at] = '\xFF';
        assert_int_equal(td_utf8_valid_prefix(buf, 40), at);
        memcpy(buf + at, "\xE2\x82", 2); /* cut at the end */
        assert_int_equal(td_utf8_valid_prefix(buf, at + 2), at);
    }
}

static void parser_kept_between_pages(void **state)
{
    /* A cleaner's parser and buffer serve page after page, large and
     * small, and a refused page leaves nothing behind. */
    td_clean *c = *state;
    for (int round = 0; round < 3; round++) {
        size_t big = 300000;
        char *page = malloc(big + 256);
        char *p = page + sprintf(page, "<html><body><script>");
        memset(p, 'x', big);
        p += big;
        sprintf(p, "</script><h1>Round</h1><p>Some words of text, round %d.</p></body></html>",
                round);
        td_doc *d = doc_of(page, TD_CT_HTML);
        free(page);
        char err[128] = "";
        assert_int_equal(td_clean_doc(c, d, &limits, err, sizeof err), 0);
        assert_non_null(strstr(d->body, "Some words of text"));
        assert_null(strstr(d->body, "xxx"));
        td_doc_free(d);
        d = doc_of("<p>Small <b>page</b>.</p>", TD_CT_HTML);
        assert_int_equal(td_clean_doc(c, d, &limits, err, sizeof err), 0);
        assert_string_equal(d->body, "Small page.");
        td_doc_free(d);
    }
}

static int setup(void **state)
{
    char err[256];
    *state = td_clean_new(err, sizeof err);
    if (!*state) fprintf(stderr, "%s\n", err);
    return *state ? 0 : -1;
}

static int teardown(void **state)
{
    td_clean_free(*state);
    return 0;
}

/* mended: what td_clean_fix_mojibake makes of s, or s itself when it
 * leaves s alone. */
static const char *mended(td_arena *a, const char *s)
{
    size_t n = 0;
    const char *r = td_clean_fix_mojibake(a, s, strlen(s), &n);
    if (!r) return s;
    assert_int_equal(n, strlen(r));
    return r;
}

static void mojibake_mended(void **state)
{
    (void)state;
    td_arena a;
    td_arena_init(&a);
    /* Read as Windows-1252, and as Latin-1 (C1 controls). */
    assert_string_equal(mended(&a, "Investor\u00e2\u20ac\u2122s guide"), "Investor\u2019s guide");
    assert_string_equal(mended(&a, "Investor\u00e2\xc2\x80\xc2\x99" "s"), "Investor\u2019s");
    assert_string_equal(mended(&a, "cats.\u00c2\u00a0The"), "cats.\u00a0The");
    assert_string_equal(mended(&a, "WireGuard\u00c2\u00ae VPN"), "WireGuard\u00ae VPN");
    assert_string_equal(mended(&a, "caf\u00c3\u00a9"), "caf\u00e9");
    /* An emoji (four bytes), and Cyrillic: two broken letters side by side. */
    assert_string_equal(mended(&a, "\u00e2\u00ad\xc2\x90" " rated"), "\u2b50 rated");
    assert_string_equal(mended(&a, "\u00d0\u00bf\u00d1\u20ac"), "\u043f\u0440");
    /* Real text stays as it is: a letter before a closing quote, accents,
     * a lone letter before a sign, no C3 byte at all. */
    const char *keep[] = {"\u2018\u00df\u2019 and \u2018K\u2019", "Caf\u00e9 cr\u00e8me \u00e0 la carte",
                          "\u00c9\u00ab", "S\u00c3O PAULO", "plain ASCII", "\u00c3", "\u00e2\u20ac"};
    for (size_t i = 0; i < sizeof keep / sizeof keep[0]; i++)
        assert_null(td_clean_fix_mojibake(&a, keep[i], strlen(keep[i]), &(size_t){0}));
    td_arena_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(html_text_and_metadata),
        cmocka_unit_test(headline_only_items),
        cmocka_unit_test(reader_metadata_outranks_the_page),
        cmocka_unit_test(deep_nesting_is_refused_before_parsing),
        cmocka_unit_test(text_title_and_paragraphs),
        cmocka_unit_test(outlets_from_urls),
        cmocka_unit_test(outlet_spellings),
        cmocka_unit_test(languages),
        cmocka_unit_test(utf8_check_past_ascii_runs),
        cmocka_unit_test(parser_kept_between_pages),
        cmocka_unit_test(mojibake_mended),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
