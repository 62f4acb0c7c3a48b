/*
 * test_feed.c -- the RSS/Atom reader, including hostile feeds.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <libxml/parser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ingest/reader.h"

#define MAX_DOCS 16

typedef struct collect {
    td_doc *docs[MAX_DOCS];
    size_t n;
    size_t stop_after; /* emit asks to stop after this many; 0: never */
    char msgs[8192];   /* "E where: message\n" per diagnostic */
    size_t mlen;
    int errors, warnings;
} collect;

static int on_emit(void *ctx, td_doc *d)
{
    collect *c = ctx;
    if (c->n < MAX_DOCS) c->docs[c->n++] = d;
    else td_doc_free(d);
    return c->stop_after && c->n >= c->stop_after;
}

static void on_diag(void *ctx, td_diag_level level, const char *where, const char *msg)
{
    collect *c = ctx;
    if (level == TD_DIAG_ERROR) c->errors++;
    if (level == TD_DIAG_WARNING) c->warnings++;
    int n = snprintf(c->msgs + c->mlen, sizeof c->msgs - c->mlen, "%c %s: %s\n",
                     level == TD_DIAG_ERROR ? 'E' : 'W', where, msg);
    if (n > 0) c->mlen += (size_t)n < sizeof c->msgs - c->mlen ? (size_t)n : 0;
}

static void collect_free(collect *c)
{
    for (size_t i = 0; i < c->n; i++) td_doc_free(c->docs[i]);
    free(c);
}

static td_limits default_limits(void)
{
    td_limits l = {16u << 20, 64u << 20, 512, 1000};
    return l;
}

/* Runs the reader over len bytes of xml; returns what it collected. */
static collect *run_n(const char *xml, size_t len, const td_limits *lim, size_t stop_after,
                      td_reader_env *env_out, int *rc)
{
    collect *c = calloc(1, sizeof *c);
    assert_non_null(c);
    c->stop_after = stop_after;
    td_reader_env env = {0};
    env.name = "test.xml";
    env.limits = lim ? *lim : default_limits();
    env.emit = on_emit;
    env.emit_ctx = c;
    env.diag = on_diag;
    env.diag_ctx = c;
    int r = td_read_feed(&env, (const unsigned char *)xml, len);
    if (rc) *rc = r;
    if (env_out) *env_out = env;
    return c;
}

static collect *run(const char *xml, td_reader_env *env_out)
{
    return run_n(xml, strlen(xml), NULL, 0, env_out, NULL);
}

static int contains(const char *hay, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    for (size_t i = 0; i + k <= n; i++)
        if (memcmp(hay + i, needle, k) == 0) return 1;
    return 0;
}

/* ---- RSS 2.0 ------------------------------------------------------------- */

static const char rss2[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"\n"
    "     xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n"
    "<channel>\n"
    "  <title>  The Daily\n   Planet </title>\n"
    "  <link>https://planet.example/</link>\n"
    "  <language>en-US</language>\n"
    "  <item>\n" /* line 9 */
    "    <title>Storm   hits\n coast</title>\n"
    "    <link>https://planet.example/storm</link>\n"
    "    <description>Short &lt;b&gt;summary&lt;/b&gt;</description>\n"
    "    <content:encoded><![CDATA[<p>The <b>full</b> story &amp; more.</p>]]></content:encoded>\n"
    "    <pubDate>Thu, 12 Jun 2025 08:30:00 GMT</pubDate>\n"
    "    <dc:creator>Lois Lane</dc:creator>\n"
    "    <dc:creator>Clark Kent</dc:creator>\n"
    "  </item>\n"
    "  <item>\n" /* line 19 */
    "    <title>Second</title>\n"
    "    <guid>https://planet.example/second</guid>\n"
    "    <description>Only a &lt;i&gt;description&lt;/i&gt; here.</description>\n"
    "    <author>perry@planet.example (Perry White)</author>\n"
    "    <dc:date>2025-06-12T10:30:00+02:00</dc:date>\n"
    "  </item>\n"
    "  <item>\n" /* line 26 */
    "    <title>Third</title>\n"
    "    <guid isPermaLink=\"false\">https://planet.example/not-a-link</guid>\n"
    "    <description>Caf\xC3\xA9 news</description>\n"
    "    <pubDate>sometime soon</pubDate>\n"
    "  </item>\n"
    "</channel>\n"
    "</rss>\n";

static void test_rss2(void **state)
{
    td_reader_env env;
    collect *c = run(rss2, &env);
    assert_int_equal(c->n, 3);
    assert_int_equal(env.rejected, 0);

    td_doc *d = c->docs[0];
    assert_int_equal(d->format, TD_FMT_RSS);
    assert_string_equal(d->where, "test.xml:9");
    assert_string_equal(d->title, "Storm hits coast");
    assert_string_equal(d->url, "https://planet.example/storm");
    assert_int_equal(d->ctype, TD_CT_HTML);
    assert_string_equal(d->content, "<p>The <b>full</b> story &amp; more.</p>");
    assert_int_equal(d->content_len, strlen(d->content));
    assert_string_equal(d->published, "2025-06-12T08:30:00Z");
    assert_int_equal(d->published_from, TD_DATE_METADATA);
    assert_string_equal(d->author, "Lois Lane, Clark Kent");
    assert_string_equal(d->site_name, "The Daily Planet");
    assert_string_equal(d->language, "en");
    assert_non_null(d->raw);
    assert_true(d->raw_len > 5 && memcmp(d->raw, "<item>", 6) == 0);
    assert_true(contains((const char *)d->raw, d->raw_len, "Storm   hits"));
    assert_true(contains((const char *)d->raw, d->raw_len, "</item>"));

    d = c->docs[1];
    assert_string_equal(d->where, "test.xml:19");
    assert_string_equal(d->url, "https://planet.example/second");
    assert_string_equal(d->content, "Only a <i>description</i> here.");
    assert_int_equal(d->ctype, TD_CT_HTML);
    assert_string_equal(d->author, "perry@planet.example (Perry White)");
    assert_string_equal(d->published, "2025-06-12T08:30:00Z");

    d = c->docs[2];
    assert_null(d->url); /* isPermaLink="false" */
    assert_string_equal(d->content, "Caf\xC3\xA9 news");
    assert_null(d->published);
    assert_int_equal(d->published_from, TD_DATE_UNKNOWN);
    assert_null(d->author);
    assert_int_equal(c->warnings, 1);
    assert_true(contains(c->msgs, c->mlen, "test.xml:26: unreadable date"));
    collect_free(c);
}

/* ---- Atom ------------------------------------------------------------------ */

static const char atom[] =
    "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
    "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"fr-FR\"\n"
    "      xml:base=\"https://atom.example/\">\n"
    "  <title type=\"html\">Le &lt;em&gt;Monde&lt;/em&gt; &amp;amp; co</title>\n"
    "  <author><name>Desk</name></author>\n"
    "  <entry>\n" /* line 6 */
    "    <title type=\"html\">A &lt;b&gt;bold&lt;/b&gt; move &amp;amp; more</title>\n"
    "    <link rel=\"self\" href=\"https://atom.example/self/1\"/>\n"
    "    <link rel=\"alternate\" type=\"text/html\" href=\"articles/1\"/>\n"
    "    <id>tag:atom.example,2025:1</id>\n"
    "    <published>2025-06-12T08:30:00Z</published>\n"
    "    <updated>2025-06-13T09:00:00Z</updated>\n"
    "    <author><name>Ann</name></author>\n"
    "    <author><name>Bob</name></author>\n"
    "    <summary>short</summary>\n"
    "    <content type=\"html\">&lt;p&gt;Full &lt;i&gt;html&lt;/i&gt;&lt;/p&gt;</content>\n"
    "  </entry>\n"
    "  <entry xml:lang=\"de\">\n" /* line 18 */
    "    <title>Plain &amp; simple</title>\n"
    "    <link href=\"https://atom.example/2\"/>\n"
    "    <updated>2025-06-14T10:00:00+02:00</updated>\n"
    "    <content type=\"xhtml\"><div xmlns=\"http://www.w3.org/1999/xhtml\">"
    "<p>Hello <b>world</b></p></div></content>\n"
    "  </entry>\n"
    "  <entry>\n"
    "    <title>Only a summary</title>\n"
    "    <id>https://atom.example/3</id>\n"
    "    <summary type=\"text\">Just &lt;text&gt;</summary>\n"
    "  </entry>\n"
    "</feed>\n";

static void test_atom(void **state)
{
    td_reader_env env;
    collect *c = run(atom, &env);
    assert_int_equal(c->n, 3);
    assert_int_equal(env.rejected, 0);

    td_doc *d = c->docs[0];
    assert_int_equal(d->format, TD_FMT_ATOM);
    assert_string_equal(d->where, "test.xml:6");
    assert_string_equal(d->title, "A bold move & more");
    assert_string_equal(d->url, "https://atom.example/articles/1");
    assert_string_equal(d->published, "2025-06-12T08:30:00Z"); /* published over updated */
    assert_int_equal(d->published_from, TD_DATE_METADATA);
    assert_string_equal(d->author, "Ann, Bob");
    assert_int_equal(d->ctype, TD_CT_HTML);
    assert_string_equal(d->content, "<p>Full <i>html</i></p>"); /* content over summary */
    assert_string_equal(d->site_name, "Le Monde & co");
    assert_string_equal(d->language, "fr");
    assert_true(d->raw_len > 7 && memcmp(d->raw, "<entry>", 7) == 0);

    d = c->docs[1];
    assert_string_equal(d->title, "Plain & simple");
    assert_string_equal(d->url, "https://atom.example/2");
    assert_string_equal(d->published, "2025-06-14T08:00:00Z"); /* from updated */
    assert_string_equal(d->author, "Desk");                    /* inherited */
    assert_string_equal(d->language, "de");
    assert_int_equal(d->ctype, TD_CT_HTML);
    assert_string_equal(d->content, "<p>Hello <b>world</b></p>");

    d = c->docs[2];
    assert_string_equal(d->url, "https://atom.example/3"); /* an http id */
    assert_int_equal(d->ctype, TD_CT_TEXT);
    assert_string_equal(d->content, "Just <text>");
    assert_null(d->published);
    collect_free(c);
}

/* ---- RSS 1.0 ------------------------------------------------------------ */

static const char rdf[] =
    "<?xml version=\"1.0\"?>\n"
    "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"\n"
    "         xmlns=\"http://purl.org/rss/1.0/\"\n"
    "         xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n"
    "  <channel rdf:about=\"https://rdf.example/\">\n"
    "    <title>RDF Times</title>\n"
    "    <link>https://rdf.example/</link>\n"
    "    <description>News</description>\n"
    "    <dc:language>ja</dc:language>\n"
    "    <items><rdf:Seq><rdf:li rdf:resource=\"https://rdf.example/a\"/></rdf:Seq></items>\n"
    "  </channel>\n"
    "  <item rdf:about=\"https://rdf.example/a\">\n" /* line 12 */
    "    <title>First</title>\n"
    "    <link>https://rdf.example/a</link>\n"
    "    <description>Alpha text</description>\n"
    "    <dc:date>2025-06-12</dc:date>\n"
    "    <dc:creator>Yuki</dc:creator>\n"
    "  </item>\n"
    "  <item rdf:about=\"https://rdf.example/b\">\n"
    "    <title>Second</title>\n"
    "    <description>Beta text</description>\n"
    "  </item>\n"
    "</rdf:RDF>\n";

static void test_rdf(void **state)
{
    td_reader_env env;
    collect *c = run(rdf, &env);
    assert_int_equal(c->n, 2);
    assert_int_equal(env.rejected, 0);
    td_doc *d = c->docs[0];
    assert_int_equal(d->format, TD_FMT_RSS);
    assert_string_equal(d->where, "test.xml:12");
    assert_string_equal(d->title, "First");
    assert_string_equal(d->url, "https://rdf.example/a");
    assert_string_equal(d->content, "Alpha text");
    assert_string_equal(d->published, "2025-06-12");
    assert_string_equal(d->author, "Yuki");
    assert_string_equal(d->site_name, "RDF Times");
    assert_string_equal(d->language, "ja");
    d = c->docs[1];
    assert_string_equal(d->url, "https://rdf.example/b"); /* from rdf:about */
    assert_string_equal(d->content, "Beta text");
    collect_free(c);
}

/* ---- Bad items and bad feeds ------------------------------------------- */

static void test_empty_item_rejected(void **state)
{
    const char *xml = "<rss version=\"2.0\"><channel><title>T</title>\n"
                      "<item><title>One</title></item>\n"
                      "<item><link>https://x.example/</link>\n<description>  </description></item>\n"
                      "<item><description>Three</description></item>\n"
                      "</channel></rss>";
    td_reader_env env;
    collect *c = run(xml, &env);
    assert_int_equal(c->n, 2);
    assert_int_equal(env.rejected, 1);
    assert_true(contains(c->msgs, c->mlen, "E test.xml:3: item has no title"));
    /* A title-only item has an empty payload, not a NULL one. */
    assert_string_equal(c->docs[0]->title, "One");
    assert_non_null(c->docs[0]->content);
    assert_int_equal(c->docs[0]->content_len, 0);
    assert_string_equal(c->docs[1]->content, "Three");
    assert_null(c->docs[1]->title);
    collect_free(c);
}

static const char billion_laughs[] =
    "<?xml version=\"1.0\"?>\n"
    "<!DOCTYPE rss [\n"
    " <!ENTITY lol \"lol\">\n"
    " <!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n"
    " <!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;\">\n"
    " <!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">\n"
    " <!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">\n"
    " <!ENTITY lol5 \"&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;\">\n"
    " <!ENTITY lol6 \"&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;\">\n"
    " <!ENTITY lol7 \"&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;\">\n"
    " <!ENTITY lol8 \"&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;\">\n"
    " <!ENTITY lol9 \"&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;\">\n"
    "]>\n"
    "<rss version=\"2.0\"><channel><title>&lol9;</title>\n"
    "<item><title>Safe</title><description>&lol9;</description></item>\n"
    "</channel></rss>\n";

static void assert_no_lol(const collect *c)
{
    for (size_t i = 0; i < c->n; i++) {
        const td_doc *d = c->docs[i];
        assert_false(d->content && contains(d->content, d->content_len, "lollol"));
        assert_false(d->title && strstr(d->title, "lollol"));
        assert_false(d->site_name && strstr(d->site_name, "lollol"));
    }
}

static void test_billion_laughs(void **state)
{
    clock_t t0 = clock();
    td_reader_env env;
    collect *c = run(billion_laughs, &env);
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    assert_true(secs < 2.0);
    assert_true(env.rejected >= 1);
    assert_int_equal(c->n, 0);
    assert_no_lol(c);
    assert_true(contains(c->msgs, c->mlen, "declares XML entities"));
    collect_free(c);
}

/* One 64 KB entity referenced 4,000 times: libxml2 2.9.14 accepts this
 * without complaint, and expanding it would mean 256 MB. */
static void test_quadratic_blowup(void **state)
{
    size_t cap = 64 * 1024 + 4000 * 4 + 512, n = 0;
    char *xml = malloc(cap);
    assert_non_null(xml);
    n += (size_t)sprintf(xml + n, "<!DOCTYPE rss [<!ENTITY a \"");
    memset(xml + n, 'x', 64 * 1024);
    n += 64 * 1024;
    n += (size_t)sprintf(xml + n, "\">]><rss><channel><item><description>");
    for (int i = 0; i < 4000; i++) n += (size_t)sprintf(xml + n, "&a;");
    n += (size_t)sprintf(xml + n, "</description></item></channel></rss>");
    td_reader_env env;
    collect *c = run_n(xml, n, NULL, 0, &env, NULL);
    assert_true(env.rejected >= 1);
    assert_int_equal(c->n, 0);
    assert_true(contains(c->msgs, c->mlen, "declares XML entities"));
    collect_free(c);
    free(xml);
}

static void test_external_entity(void **state)
{
    const char *xml = "<?xml version=\"1.0\"?>\n"
                      "<!DOCTYPE rss [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n"
                      "<rss><channel><item><title>x</title>"
                      "<description>&xxe;</description></item></channel></rss>";
    td_reader_env env;
    collect *c = run(xml, &env);
    assert_int_equal(c->n, 0);
    assert_int_equal(env.rejected, 1);
    assert_true(contains(c->msgs, c->mlen, "declares XML entities"));
    collect_free(c);
}

/* An external DTD is never fetched; entities it would have declared stay
 * as written rather than failing the feed. */
static void test_external_dtd_not_loaded(void **state)
{
    const char *xml =
        "<?xml version=\"1.0\"?>\n"
        "<!DOCTYPE rss PUBLIC \"-//Netscape Communications//DTD RSS 0.91//EN\"\n"
        "  \"http://my.netscape.com/publish/formats/rss-0.91.dtd\">\n"
        "<rss version=\"0.91\"><channel><title>Old</title>\n"
        "<item><title>Caf&eacute;</title><description>caf&eacute; &amp; bar</description></item>\n"
        "</channel></rss>";
    td_reader_env env;
    collect *c = run(xml, &env);
    assert_int_equal(c->n, 1);
    assert_int_equal(env.rejected, 0);
    /* &amp; is XML's own and decoded; &eacute; is left for the HTML stage. */
    assert_string_equal(c->docs[0]->content, "caf&eacute; & bar");
    assert_string_equal(c->docs[0]->title, "Caf&eacute;");
    collect_free(c);
}

static char *nested(size_t depth, size_t *len)
{
    const char *head = "<rss><channel><item><title>deep</title><description>";
    const char *tail = "</description></item></channel></rss>";
    size_t n = strlen(head) + depth * 7 + strlen(tail) + 1;
    char *xml = malloc(n), *p = xml;
    assert_non_null(xml);
    p += sprintf(p, "%s", head);
    for (size_t i = 0; i < depth; i++) p += sprintf(p, "<a>");
    for (size_t i = 0; i < depth; i++) p += sprintf(p, "</a>");
    p += sprintf(p, "%s", tail);
    *len = (size_t)(p - xml);
    return xml;
}

static void test_deep_nesting(void **state)
{
    size_t len;
    char *xml = nested(100000, &len);
    clock_t t0 = clock();
    td_reader_env env;
    collect *c = run_n(xml, len, NULL, 0, &env, NULL);
    assert_true((double)(clock() - t0) / CLOCKS_PER_SEC < 2.0);
    assert_int_equal(c->n, 0);
    assert_int_equal(env.rejected, 1);
    assert_true(contains(c->msgs, c->mlen, "refusing feed: elements nested deeper than"));
    collect_free(c);
    free(xml);
}

static void test_depth_limit(void **state)
{
    td_limits lim = default_limits();
    lim.max_depth = 8;
    size_t len;
    char *xml = nested(3, &len); /* 4 + 3 = 7 levels: fine */
    td_reader_env env;
    collect *c = run_n(xml, len, &lim, 0, &env, NULL);
    assert_int_equal(c->n, 1);
    assert_int_equal(env.rejected, 0);
    collect_free(c);
    free(xml);

    xml = nested(5, &len); /* 9 levels */
    c = run_n(xml, len, &lim, 0, &env, NULL);
    assert_int_equal(c->n, 0);
    assert_int_equal(env.rejected, 1);
    assert_true(contains(c->msgs, c->mlen, "nested deeper than 8 levels"));
    collect_free(c);
    free(xml);
}

static void test_malformed(void **state)
{
    const char *xml = "<rss>\n<channel>\n<item><title>x</title>\n</channel></rss>";
    td_reader_env env;
    collect *c = run(xml, &env);
    assert_int_equal(c->n, 0);
    assert_int_equal(env.rejected, 1);
    assert_true(contains(c->msgs, c->mlen, "E test.xml: not a well-formed feed: line 4: "));
    assert_true(contains(c->msgs, c->mlen, "mismatch"));
    collect_free(c);

    /* HTML entities without any DTD are not XML. */
    c = run("<rss><channel><item><title>caf&eacute;</title></item></channel></rss>", &env);
    assert_int_equal(c->n, 0);
    assert_true(contains(c->msgs, c->mlen, "not a well-formed feed: line 1: Entity 'eacute'"));
    collect_free(c);

    c = run_n("", 0, NULL, 0, &env, NULL);
    assert_int_equal(env.rejected, 1);
    collect_free(c);

    c = run_n("\x00\x01garbage", 9, NULL, 0, &env, NULL);
    assert_int_equal(env.rejected, 1);
    collect_free(c);
}

static void test_not_a_feed(void **state)
{
    td_reader_env env;
    collect *c = run("<html><body><p>hi</p></body></html>", &env);
    assert_int_equal(c->n, 0);
    assert_int_equal(env.rejected, 1);
    assert_true(contains(c->msgs, c->mlen, "not a feed: the root element is <html>"));
    collect_free(c);

    c = run("<rss version=\"2.0\"><channel><title>Empty</title></channel></rss>", &env);
    assert_int_equal(c->n, 0);
    assert_int_equal(env.rejected, 1);
    assert_true(contains(c->msgs, c->mlen, "feed has no items"));
    collect_free(c);

    c = run("<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>Empty</title></feed>", &env);
    assert_true(contains(c->msgs, c->mlen, "feed has no items"));
    collect_free(c);
}

/* Undeclared prefixes are a namespace error, not a fatal one: the feed
 * still reads, and dc:creator is still recognised. */
static void test_undeclared_prefix(void **state)
{
    td_reader_env env;
    collect *c = run("<rss><channel><item><title>T</title><dc:creator>Zed</dc:creator>"
                     "<content:encoded>&lt;p&gt;x&lt;/p&gt;</content:encoded>"
                     "<description>d</description></item></channel></rss>",
                     &env);
    assert_int_equal(c->n, 1);
    assert_string_equal(c->docs[0]->author, "Zed");
    assert_string_equal(c->docs[0]->content, "<p>x</p>");
    collect_free(c);
}

static void test_latin1(void **state)
{
    td_reader_env env;
    collect *c = run("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n"
                     "<rss><channel><item><title>Caf\xE9</title></item></channel></rss>",
                     &env);
    assert_int_equal(c->n, 1);
    assert_string_equal(c->docs[0]->title, "Caf\xC3\xA9");
    assert_string_equal(c->docs[0]->charset, "ISO-8859-1");
    collect_free(c);
}

static void test_emit_stop(void **state)
{
    td_reader_env env;
    int rc;
    collect *c = run_n(rss2, strlen(rss2), NULL, 1, &env, &rc);
    assert_int_equal(c->n, 1);
    assert_int_not_equal(rc, 0);
    assert_true(env.stop);
    collect_free(c);
}

static void test_item_too_big(void **state)
{
    td_limits lim = default_limits();
    lim.max_article_bytes = 1024;
    size_t n = 0;
    char *xml = malloc(8192);
    assert_non_null(xml);
    n += (size_t)sprintf(xml, "<rss><channel><item><title>small</title></item>\n<item><description>");
    memset(xml + n, 'y', 4000);
    n += 4000;
    n += (size_t)sprintf(xml + n, "</description></item></channel></rss>");
    td_reader_env env;
    collect *c = run_n(xml, n, &lim, 0, &env, NULL);
    assert_int_equal(c->n, 1);
    assert_int_equal(env.rejected, 1);
    assert_true(contains(c->msgs, c->mlen, "test.xml:2: item larger than the 1024-byte limit"));
    collect_free(c);
    free(xml);
}

static int setup(void **state)
{
    xmlInitParser();
    return 0;
}

static int teardown(void **state)
{
    xmlCleanupParser();
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rss2),
        cmocka_unit_test(test_atom),
        cmocka_unit_test(test_rdf),
        cmocka_unit_test(test_empty_item_rejected),
        cmocka_unit_test(test_billion_laughs),
        cmocka_unit_test(test_quadratic_blowup),
        cmocka_unit_test(test_external_entity),
        cmocka_unit_test(test_external_dtd_not_loaded),
        cmocka_unit_test(test_deep_nesting),
        cmocka_unit_test(test_depth_limit),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_not_a_feed),
        cmocka_unit_test(test_undeclared_prefix),
        cmocka_unit_test(test_latin1),
        cmocka_unit_test(test_emit_stop),
        cmocka_unit_test(test_item_too_big),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
