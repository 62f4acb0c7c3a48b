/* Unit tests: our HTML parser (clean/parse.c) builds the tree libxml2
 * 2.9.14 builds, but for what the clean stage never reads; it refuses
 * deep nesting and stays bounded from page to page. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clean/page.h"
#include "util/buf.h"

static htmlDocPtr libxml2_tree(const char *s, size_t n)
{
    /* the options clean/html.c gives libxml2 */
    return htmlReadMemory(s, (int)n, NULL, "UTF-8",
                          HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                              HTML_PARSE_NONET | HTML_PARSE_COMPACT | HTML_PARSE_IGNORE_ENC);
}

/* The tree as the clean stage sees it: names, the attributes it reads
 * (all of them on meta, link, script and style), texts; not the bodies of
 * scripts and styles but JSON ones; no comments, PIs or doctype. */
static void describe(xmlNode *n, td_buf *b)
{
    for (; n; n = n->next) {
        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            td_buf_puts(b, "[");
            td_buf_puts(b, (const char *)n->content);
            td_buf_puts(b, "]");
        } else if (n->type == XML_ELEMENT_NODE) {
            const char *name = (const char *)n->name;
            int raw = !strcmp(name, "script") || !strcmp(name, "style");
            int all = raw || !strcmp(name, "meta") || !strcmp(name, "link"), json = 0;
            td_buf_puts(b, "<");
            td_buf_puts(b, name);
            for (xmlAttr *a = n->properties; a; a = a->next) {
                if (!all && !td_clean_parse_keeps((const char *)a->name)) continue;
                const char *v = a->children ? (const char *)a->children->content : NULL;
                json |= !strcmp((const char *)a->name, "type") && v && strstr(v, "json");
                td_buf_puts(b, " ");
                td_buf_puts(b, (const char *)a->name);
                if (v) {
                    td_buf_puts(b, "=");
                    td_buf_puts(b, v);
                }
            }
            td_buf_puts(b, ">");
            if (!raw || json) describe(n->children, b);
            td_buf_puts(b, "</>");
        }
    }
}

static void same_tree(td_parse *p, const char *page)
{
    size_t n = strlen(page);
    htmlDocPtr a = libxml2_tree(page, n);
    char err[128] = "";
    xmlDoc *b = td_clean_parse(p, page, n, err, sizeof err);
    assert_non_null(a);
    if (!b) fprintf(stderr, "%s: %s\n", page, err);
    assert_non_null(b);
    td_buf da, db;
    td_buf_init(&da, 1 << 16);
    td_buf_init(&db, 1 << 16);
    describe(a->children, &da);
    describe(b->children, &db);
    td_buf_putc(&da, '\0');
    td_buf_putc(&db, '\0');
    if (strcmp(da.data, db.data)) fprintf(stderr, "page: %s\nlibxml2: %s\nours:    %s\n", page, da.data, db.data);
    assert_string_equal(da.data, db.data);
    td_buf_free(&da);
    td_buf_free(&db);
    xmlFreeDoc(a);
}

static void builds_libxml2s_tree(void **state)
{
    (void)state;
    static const char *const pages[] = {
        /* script and style bodies, end tags in them, JSON-LD */
        "<p>a<script>if (a < b) x = '</p>';</script>b</p>",
        "<div><script></div>x</script>y</div>",
        "<script><!-- a --> b</script>c<script><!-- x\n</script>y -->z</script>w",
        "<div title=\"<script>\">a</div><script>s</script>b",
        "<script>a</scripts>b</script>c",
        "<SCRIPT>x\ny</SCRIPT >y<STYLE type=t>p{}</style>z",
        "<script/>a<style/>b",
        "<head><script type=\"application/ld+json\">{\"a\":\"</b>\"}</scripts>x</script>after",
        "<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\"}</script>",
        "<!DOCTYPE html><p>t</p><script>unterminated",
        /* attributes: quotes, values without quotes or "=", booleans, repeats */
        "<a href=x/>b</a><a class=y/>c</a>",
        "<img src=\"a\"<br/> class=c>d<p class=\"e\"data-f=1 id=g>h</p>",
        "<p\nclass=\"a\"\ndata-x=\"1\n2\"\nid=b>t</p>",
        "<div _x=1 :y=2 .z=3 class=k>t</div><_a>u</_a><:b>v",
        "<p a='x\"y' b=\"x'y\" class='c'>t</p>",
        "<div id=1 id=2 hidden class=\"\" role= >g</div><script defer async src=x></script>",
        "<div class=\"a&amp;b&ampc&#65;&#x;&eacute;&nope;\">t</div>",
        "<p a44444444444444444444444444444444444444444444444444444444444444444444444444444444"
        "444444444444444444444444444444b=\"c>d\"e>f</p><p class=g data-h=1>i</p>",
        /* markup that is text, comments, PIs, doctypes */
        "<p>1 < 2 and <3 </ p> <? x?></p><style>q</style>r",
        "<!DOCTYPE html \"a>b\"><script>x</script>y",
        /* a public literal runs to its quote past any '>', or to the end */
        "<!DOCTYPE p\npublic\">a<p>x</p>",
        "<!DOCTYPEp\npublic\">a",
        /* no name ("2x"): the rest is skipped to the first '>' */
        "<!DOCTYPE 2x system \">a<p>x</p>",
        "<!DOCTYPE \xc3\xa9 system \"a>b\">c<p>x</p>",
        "<!DOCTYPE p public \"a>b\" \"c>d\">e<p>f</p>",
        "<!DOCTYPE p public \">a\"<p>x</p>",
        "<style><!--->x</style>y<!-->z<!--->w<!-- a --!> b -->c<script>s</script>",
        "</article><!<script><!-- </script> -->-- x --><!foo><script>y</script>z",
        "x < y &amp z &foo; &#65; &#x42 &#; &#abc; <! foo> a <!-->b--> c <?php x ?> d "
        "<![CDATA[e]]> f </ g> h </3> i",
        "<p>a<!-- unterminated <b>x</b>",
        "<p>a<?x <b>y</b>",
        "<p>a<?x-y.z:w_v",
        "<?x",
        "<title>a<?\xc4\x9fx b>c<?\xe2\x80\x9cx>d</title>",
        "<p>a</p>\n<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" \"x.dtd\">\n<p>b</p>",
        "<p>a</p>&#150;&#128512;&nbsp;&NBSP;&amp;x<div>&lt;</div>",
        /* implied and closed elements */
        "<p>a<section>b</section><p>c<article>d<p>e<aside>f<p>g<header>h</header>",
        "<html><head><span>s</span><div>d</div></head><body>b</body></html>after",
        "<div>a</div></body>x</html><p>y",
        "<!--c-->\n<p>a</p></html>b",
        "<?x y>\n<p>a</p></html><?x z>b",
        "<p>a</p><!--c--></html>b",
        "<!DOCTYPE html><html><body>b</body></html>after<div>x</div>",
        "<p><embed>e<source>s<wbr>w<track>t</p>",
        "<title>a <b>b</b></title><textarea>x<b>y</b></textarea>",
        "<head> x<meta a=b></head>",
        "<html><head><title>t</title><textarea>s</textarea><div>d</div>",
        "<table><tr><td>a<td>b</table><ul><li>x<li>y</ul><dl><dt>a<dd>b</dl>"
        "<select><option>a<option>b</select>",
        "<ol><li>a</li><ul><li>b</li></ul><li>c</ol><p><b>x<p>y</b>z",
        "<div><p>a</div>b</p><table><tr><td><div>c</td></tr></table></div>",
        "<html><html lang=en><body><body class=x><head>h</head>t</body></body></html></html>z",
        "<x:style data-a=1 b>c</x:style><x:meta data-c=d>"
        "<o:p>office</o:p><gcse:searchbox-only></gcse:searchbox-only><xml:x>y</xml:x>",
        "<frameset><frame src=a><noframes>n</noframes></frameset>",
        /* a name with a '.' closes elements as its part before the '.' */
        "<p>a<div.x>b</div.x><li>c<li.>d<li.>e<p.y>f<div>g",
        "<head><title>t</title><span.>s<!x>\nr\" y>z\n<title.>u",
        /* white space: kept or dropped as libxml2 does */
        "<p>a</p> <p>b</p>  <div> <b>x</b> <i>y</i> </div>\n<ul>\n <li>x</li>\n</ul>\n",
        "  \n<html> <head> <title>t</title> </head> <body> <div> </div> &amp; </body> </html> ",
        "<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 4.01//EN\"><body> <div>a</div> <p>b</p> </body>",
        "text only",
        "   ",
        "<div",
        "<div class=\"unterminated>text",
        "a\x01" "b<p c=\x02 d=e>f\x1fg</p>",
    };
    td_parse *p = td_clean_parse_new();
    assert_non_null(p);
    for (size_t i = 0; i < sizeof pages / sizeof pages[0]; i++) same_tree(p, pages[i]);
    td_clean_parse_free(p);
}

static void deep_nesting_is_refused(void **state)
{
    (void)state;
    td_parse *p = td_clean_parse_new();
    char *page = malloc(300 * 5 + 1), *q = page;
    /* html and body are two levels; 255 divs make the 257 libxml2 takes */
    for (int i = 0; i < 255; i++) q += sprintf(q, "<div>");
    char err[128] = "";
    assert_non_null(td_clean_parse(p, page, strlen(page), err, sizeof err));
    for (int i = 255; i < 300; i++) q += sprintf(q, "<div>");
    assert_null(td_clean_parse(p, page, strlen(page), err, sizeof err));
    assert_non_null(strstr(err, "nested deeper than 256 levels"));
    /* the parser is usable after a refusal */
    assert_non_null(td_clean_parse(p, "<p>x</p>", 8, err, sizeof err));
    free(page);
    td_clean_parse_free(p);
}

static void bounded_from_page_to_page(void **state)
{
    (void)state;
    td_parse *p = td_clean_parse_new();
    char err[128];
    /* Many distinct names (a hostile page): the name table is emptied
     * between pages, and pages keep parsing right. */
    size_t cap = 40000 * 24;
    char *page = malloc(cap), *q = page;
    for (int i = 0; i < 40000; i++) q += sprintf(q, "<x%d class=\"c%d\"/>", i % 30000, i);
    for (int round = 0; round < 3; round++) {
        xmlDoc *d = td_clean_parse(p, page, (size_t)(q - page), err, sizeof err);
        if (!d) fprintf(stderr, "%s\n", err);
        assert_non_null(d);
        same_tree(p, "<div class=a><p>b</p></div>");
    }
    /* 200,000 "<div/>" are empty elements: read at once */
    q = page;
    for (int i = 0; i < 150000; i++) q += sprintf(q, "<div/>");
    xmlDoc *d = td_clean_parse(p, page, (size_t)(q - page), err, sizeof err);
    assert_non_null(d);
    free(page);
    td_clean_parse_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(builds_libxml2s_tree),
        cmocka_unit_test(deep_nesting_is_refused),
        cmocka_unit_test(bounded_from_page_to_page),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
