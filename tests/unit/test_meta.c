/* Unit tests: article metadata from pages and texts -- title, author,
 * date, canonical URL -- and where each came from (meta.c, byline.c). */
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

static const td_limits limits = {1 << 20, 1 << 20, 64, 1000};

/* Cleans content (HTML or text) read from url; the caller frees. */
static td_doc *clean(void **state, const char *content, td_ctype ct, const char *url)
{
    td_doc *d = td_doc_new();
    d->content = td_arena_strdup(&d->arena, content);
    d->content_len = strlen(content);
    d->ctype = ct;
    d->where = "test";
    d->url = url;
    char err[128];
    assert_int_equal(td_clean_doc(*state, d, &limits, err, sizeof err), 0);
    return d;
}

static td_doc *page(void **state, const char *head, const char *body, const char *url)
{
    char buf[8192];
    snprintf(buf, sizeof buf, "<!DOCTYPE html><html lang=\"en\"><head>%s</head><body>%s"
                              "<p>The story itself, told in a paragraph of ordinary prose that "
                              "goes on for a while so that the page has a body.</p></body></html>",
             head, body);
    return clean(state, buf, TD_CT_HTML, url);
}

/* One field of the page made of head and body (page()), checked, and the
 * page freed: macros, so that a failure names the test's own line. */
#define EXPECT_FIELD(field, head, body, url, want)                                             \
    do {                                                                                       \
        td_doc *page_ = page(state, head, body, url);                                          \
        assert_string_equal(page_->field, want);                                               \
        td_doc_free(page_);                                                                    \
    } while (0)
#define EXPECT_NO_FIELD(field, head, body, url)                                                \
    do {                                                                                       \
        td_doc *page_ = page(state, head, body, url);                                          \
        assert_null(page_->field);                                                             \
        td_doc_free(page_);                                                                    \
    } while (0)

/* ---- titles ------------------------------------------------------------ */

static void site_suffix_is_cut(void **state)
{
    td_doc *d = page(state,
                     "<title>Harbour fees rise again | The Example Post</title>"
                     "<meta property=\"og:site_name\" content=\"The Example Post\">",
                     "<p>No headline element here.</p>", NULL);
    assert_string_equal(d->title, "Harbour fees rise again");
    assert_string_equal(d->from.title, "<title>");
    td_doc_free(d);

    /* The site named by its domain, as a prefix, with another separator. */
    d = page(state, "<meta property=\"og:title\" content=\"ExampleNews \xE2\x80\x94 Ferry strike "
                    "ends after talks\">",
             "", "https://www.examplenews.org/2024/ferry");
    assert_string_equal(d->title, "Ferry strike ends after talks");
    assert_string_equal(d->from.title, "og:title");
    td_doc_free(d);
}

static void titles_that_merely_contain_a_dash_stay_whole(void **state)
{
    /* Nothing says "Fast-moving fire" or "a look back" is the site. */
    td_doc *d = page(state,
                     "<meta property=\"og:title\" content=\"Fast-moving fire - a look back\">"
                     "<meta property=\"og:site_name\" content=\"Daily Lantern\">",
                     "", "https://lantern.example/a");
    assert_string_equal(d->title, "Fast-moving fire - a look back");
    td_doc_free(d);

    /* A headline about the site, "Name: ...", keeps its name. */
    EXPECT_FIELD(title, "<title>Lantern's 2026 forecast: more rain | Lantern</title>",
            "<h1>Lantern's 2026 forecast: more rain</h1>", "https://lantern.example/b",
            "Lantern's 2026 forecast: more rain");
}

static void the_headline_shown_wins(void **state)
{
    /* og:title words it differently; the <h1> is what readers see. */
    td_doc *d = page(state,
                     "<meta property=\"og:title\" content=\"Ten harbour facts for 2025\">"
                     "<title>Ten harbour facts for 2025 - Port News</title>",
                     "<header><h1 class=\"logo\">Port News</h1></header>"
                     "<article><h1>The ten harbour facts every visitor should know in 2025</h1>"
                     "</article>",
                     "https://portnews.example/facts");
    assert_string_equal(d->title, "The ten harbour facts every visitor should know in 2025");
    assert_string_equal(d->from.title, "<h1>");
    td_doc_free(d);

    /* An <h1> that also holds the byline: the metadata's copy is cleaner. */
    d = page(state, "<meta property=\"og:title\" content=\"Ferry timetable changes\">",
             "<h1>Ferry timetable changes <small>Posted on May 3, 2024 by Ann Lee</small></h1>",
             NULL);
    assert_string_equal(d->title, "Ferry timetable changes");
    assert_string_equal(d->from.title, "og:title");
    td_doc_free(d);

    /* An <h1> whose quote and colon a charset conversion turned into '?':
     * the metadata's copy has them. A question the metadata also asks,
     * or one it leaves off, stays as shown. */
    d = page(state, "<meta property=\"og:title\" content=\"Harbour rules: Beginner&#x27;s Guide\">",
             "<h1>Harbour rules? Beginner? Guide</h1>", NULL);
    assert_string_equal(d->title, "Harbour rules: Beginner's Guide");
    assert_string_equal(d->from.title, "og:title");
    td_doc_free(d);
    EXPECT_FIELD(title, "<meta property=\"og:title\" content=\"Who runs the harbour\">",
            "<h1>Who runs the harbour?</h1>", NULL, "Who runs the harbour?");
    d = page(state, "<meta property=\"og:title\" content=\"Who runs the harbour? A guide\">",
             "<h1>Who runs the harbour? A guide</h1>", NULL);
    assert_string_equal(d->title, "Who runs the harbour? A guide");
    assert_string_equal(d->from.title, "<h1>");
    td_doc_free(d);

    /* An <h1> in capitals throughout: the same words as the metadata has
     * them, cased; other words in capitals stay as shown. */
    d = page(state, "<meta property=\"og:title\" content=\"Ferry Timetable Changes\">",
             "<h1>FERRY TIMETABLE CHANGES</h1>", NULL);
    assert_string_equal(d->title, "Ferry Timetable Changes");
    assert_string_equal(d->from.title, "og:title");
    td_doc_free(d);
    EXPECT_FIELD(title, "<meta property=\"og:title\" content=\"Ferry Timetable Changes\">",
            "<h1>FERRY TIMETABLE CHANGES TODAY</h1>", NULL, "FERRY TIMETABLE CHANGES TODAY");

    /* The headline after a stray </html> (past a doctype, libxml2 puts it
     * in a second <html> beside the first) is still the page's. */
    d = clean(state,
              "<!DOCTYPE html><html><head><meta property=\"og:title\" content=\"Here is why the ferry "
              "stopped.\"><script type=\"application/ld+json\">{\"@type\": \"NewsArticle\", "
              "\"headline\": \"Six reasons the ferry stopped\"}</script></head><body><nav>Home"
              "</nav></body></html><div><h1>Six reasons the ferry stopped</h1><p>The story itself, "
              "told in a paragraph of ordinary prose that goes on for a while.</p></div>",
              TD_CT_HTML, NULL);
    assert_string_equal(d->title, "Six reasons the ferry stopped");
    assert_string_equal(d->from.title, "<h1>");
    td_doc_free(d);

    /* No metadata at all: the first <h1>, inline markup joined as shown. */
    EXPECT_FIELD(title, "", "<h1>Plan<span>ning</span> season opens</h1>", NULL,
            "Planning season opens");
}

/* ---- authors ----------------------------------------------------------- */

static void authors_from_metadata(void **state)
{
    td_doc *d = page(state,
                     "<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\","
                     "\"@type\":\"NewsArticle\",\"headline\":\"H\",\"author\":[{\"@type\":"
                     "\"Person\",\"name\":\"Ann Lee\"},{\"@type\":\"Person\",\"name\":"
                     "\"Bo Chen\"}]}</script>",
                     "", NULL);
    assert_string_equal(d->author, "Ann Lee, Bo Chen");
    assert_string_equal(d->from.author, "json-ld");
    td_doc_free(d);

    /* A person given by reference in an @graph; entities in JSON-LD. */
    EXPECT_FIELD(author, "<script type=\"application/ld+json\">{\"@graph\":[{\"@type\":\"Article\","
            "\"author\":{\"@id\":\"#p1\"}},{\"@type\":\"Person\",\"@id\":\"#p1\",\"name\":"
            "\"Maria &amp; Kate\"}]}</script>",
            "", NULL, "Maria & Kate");

    d = page(state, "<meta name=\"author\" content=\"By Jane Roe\">", "", NULL);
    assert_string_equal(d->author, "Jane Roe");
    assert_string_equal(d->from.author, "meta author");
    td_doc_free(d);
}

static void authors_the_page_shows(void **state)
{
    td_doc *d = page(state, "",
                     "<h1>Storm closes the bridge</h1><div class=\"byline\">By "
                     "<a href=\"/staff/ann\">Ann Lee</a> | May 3, 2024</div>",
                     NULL);
    assert_string_equal(d->author, "Ann Lee");
    assert_string_equal(d->from.author, "author element");
    td_doc_free(d);

    d = page(state, "", "<h1>Storm closes the bridge</h1><p>Written by</p><p>Ann Lee</p>", NULL);
    assert_string_equal(d->author, "Ann Lee");
    assert_string_equal(d->from.author, "byline");
    td_doc_free(d);

    EXPECT_FIELD(from.author, "",
            "<h1>Storm closes the bridge</h1><span itemprop=\"author\">Ann Lee</span>", NULL,
            "itemprop=author");

    d = page(state, "", "<h1>Storm closes the bridge</h1><a rel=\"author\" href=\"/a\">Ann Lee</a>",
             NULL);
    assert_string_equal(d->author, "Ann Lee");
    assert_string_equal(d->from.author, "rel=author");
    td_doc_free(d);

    /* Co-authors joined the way the page joins them. */
    EXPECT_FIELD(author, "",
            "<h1>Storm closes the bridge</h1><p class=\"author\"><a>Ann Lee</a>, "
            "<a>Bo Chen</a>, and <a>Cy Diaz</a></p>",
            NULL, "Ann Lee, Bo Chen, and Cy Diaz");
}

static void metadata_names_give_way_to_the_byline(void **state)
{
    /* A user name, and the site's own name, are not the byline shown. */
    td_doc *d = page(state, "<meta name=\"author\" content=\"jroe42\">",
                     "<h1>Storm closes the bridge</h1><span class=\"author-name\">Jane Roe"
                     "</span>",
                     NULL);
    assert_string_equal(d->author, "Jane Roe");
    td_doc_free(d);

    EXPECT_FIELD(author, "<meta property=\"og:site_name\" content=\"Bay Courier\">"
            "<meta name=\"author\" content=\"Bay Courier\">",
            "<h1>Storm closes the bridge</h1><span class=\"byline\">By Jane Roe</span>", NULL,
            "Jane Roe");

    /* The byline shown holds the metadata's name, with more. */
    EXPECT_FIELD(author, "<meta name=\"author\" content=\"Jane Roe\">",
            "<h1>Storm closes the bridge</h1><span class=\"byline\">By Dr. Jane Roe</span>",
            NULL, "Dr. Jane Roe");
}

static void no_author_from_comments_or_filters(void **state)
{
    td_doc *d = page(state, "",
                     "<h1>Storm closes the bridge</h1><ul class=\"filters\"><li>By Type</li>"
                     "<li>BY COMPANY SIZE</li></ul><section id=\"comments\"><div class=\""
                     "comment-author\">Sam Poe</div><p>By Sam Poe on May 4, 2024</p></section>",
                     NULL);
    assert_null(d->author);
    td_doc_free(d);

    /* A date left of a byline is no name. */
    EXPECT_NO_FIELD(author,
            "", "<h1>Storm closes the bridge</h1><span class=\"author\">Dec. 18, 2025"
            "</span>",
            NULL);
}

/* ---- dates ------------------------------------------------------------- */

static void metadata_dates(void **state)
{
    td_doc *d = page(state,
                     "<meta property=\"article:published_time\" content=\"2025-06-12T08:30:00+02:00"
                     "\">",
                     "", NULL);
    assert_string_equal(d->published, "2025-06-12T06:30:00Z");
    assert_int_equal(d->published_from, TD_DATE_METADATA);
    assert_string_equal(d->from.published, "meta");
    td_doc_free(d);

    /* Late in the evening west of Greenwich: the day the publisher wrote,
     * not the UTC day after. */
    d = page(state,
             "<script type=\"application/ld+json\">{\"@type\":\"BlogPosting\","
             "\"datePublished\":\"2024-05-17T22:30:00-05:00\"}</script>",
             "", NULL);
    assert_string_equal(d->published, "2024-05-17");
    assert_string_equal(d->from.published, "json-ld");
    td_doc_free(d);
}

static void dates_in_the_page_and_their_order(void **state)
{
    /* The metadata's date, shown on the page too, before a <time> of
     * another day near the headline. */
    td_doc *d = page(state,
                     "<meta property=\"article:published_time\" content=\"2024-05-17\">",
                     "<h1>Bridge reopens</h1><time datetime=\"2024-05-20\">May 20, 2024</time>"
                     "<p>First published 17 May 2024.</p>",
                     NULL);
    assert_string_equal(d->published, "2024-05-17");
    td_doc_free(d);

    /* A <time> by the headline. */
    d = page(state, "",
             "<h1>Bridge reopens</h1><time datetime=\"2024-05-20T10:00:00Z\">May 20</time>",
             NULL);
    assert_string_equal(d->published, "2024-05-20T10:00:00Z");
    assert_string_equal(d->from.published, "<time>");
    td_doc_free(d);

    /* A date written in the byline, in another language. */
    d = page(state, "", "<h1>Puente reabierto</h1><div class=\"post-meta\">Publicado el 4 de "
                        "agosto de 2021</div>",
             NULL);
    assert_string_equal(d->published, "2021-08-04");
    assert_int_equal(d->published_from, TD_DATE_TEXT);
    assert_string_equal(d->from.published, "byline");
    td_doc_free(d);

    /* "Updated" shown, "published" stated: the publication date. */
    EXPECT_FIELD(published, "<meta property=\"article:published_time\" content=\"2020-01-02\">",
            "<h1>Bridge reopens</h1><div class=\"meta\">Last updated on March 3, 2025</div>",
            NULL, "2020-01-02");
}

static void dates_from_the_url(void **state)
{
    td_doc *d = page(state, "", "<h1>Bridge reopens</h1>",
                     "https://news.example/local/2024/05/17/bridge-reopens/");
    assert_string_equal(d->published, "2024-05-17");
    assert_string_equal(d->from.published, "url path");
    td_doc_free(d);

    EXPECT_FIELD(published, "", "<h1>Bridge reopens</h1>", "https://news.example/20240517-bridge",
            "2024-05-17");

    /* Not a date: an article number, an impossible day. */
    EXPECT_NO_FIELD(published, "", "<h1>Bridge reopens</h1>", "https://news.example/a/20241399-x");
}

static void no_date_is_invented(void **state)
{
    /* Dates in a masthead, in teasers for other stories and in comments
     * are not the article's; the page has none of its own. */
    td_doc *d = page(state, "",
                     "<header id=\"masthead\"><div class=\"top-bar\">Wednesday, June 4, 2025"
                     "</div></header><h1>Bridge reopens</h1>"
                     "<p>Crews worked through the night to finish the repairs, the council said "
                     "in a statement, and traffic was flowing again by the morning rush.</p>"
                     "<aside class=\"related-posts\"><ul><li>Ferry fares rise <time datetime="
                     "\"2025-05-30\">May 30, 2025</time></li></ul></aside>"
                     "<section id=\"comments\"><p>Sam on June 5, 2025 said: finally!</p>"
                     "</section>",
                     NULL);
    assert_null(d->published);
    assert_null(d->from.published);
    assert_int_equal(d->published_from, TD_DATE_UNKNOWN);
    td_doc_free(d);

    /* A web page's own JSON-LD date, which the page does not show, is the
     * CMS's, not the article's. */
    EXPECT_NO_FIELD(published,
            "<script type=\"application/ld+json\">{\"@type\":\"WebPage\",\"datePublished\":"
            "\"2019-03-01\"}</script>",
            "<h1>About our bridges</h1>", NULL);
}

static void dates_judged_in_context(void **state)
{
    /* A <time> whose own text says "Updated" is an update: the stated
     * publication date wins, as it does over a labelled text date. */
    td_doc *d = page(state, "<meta property=\"article:published_time\" content=\"2020-01-02\">",
                     "<h1>Bridge reopens</h1><p class=\"byline\">By Jane Roe</p>"
                     "<time datetime=\"2025-03-03T10:00:00Z\">Updated on March 3, 2025</time>",
                     NULL);
    assert_string_equal(d->published, "2020-01-02");
    td_doc_free(d);

    /* Stated in UTC just after midnight, shown as the evening before in
     * the page's own zone: the stated day. */
    d = page(state,
             "<meta property=\"article:published_time\" content=\"2024-05-18T01:30:00+00:00\">",
             "<h1>Bridge reopens</h1><div class=\"post-meta\">May 17, 2024</div>", NULL);
    assert_string_equal(d->published, "2024-05-18T01:30:00Z");
    assert_string_equal(d->from.published, "meta");
    td_doc_free(d);

    /* The same, and the URL's path, written in the blog's own time, has
     * the day shown: the day shown. */
    d = page(state,
             "<link rel=\"canonical\" href=\"https://blog.example/2024/05/17/bridge\">"
             "<meta property=\"article:published_time\" content=\"2024-05-18T01:30:00+00:00\">",
             "<h1>Bridge reopens</h1><div class=\"post-meta\">May 17, 2024</div>", NULL);
    assert_string_equal(d->published, "2024-05-17");
    assert_string_equal(d->from.published, "meta");
    td_doc_free(d);

    /* "03/10/2023" by the headline, on a page that writes its other dates
     * day first ("13 October 2023"): 3 October. Month first ("October 13,
     * 2023"): 10 March, as read. */
    EXPECT_FIELD(published, "",
            "<h1>Bridge reopens</h1><div class=\"post-date\">03/10/2023</div>"
            "<ul class=\"recent\"><li>Ferry fares - 13 October 2023</li>"
            "<li>Tolls - 7 September 2023</li></ul>",
            NULL, "2023-10-03");
    EXPECT_FIELD(published, "",
            "<h1>Bridge reopens</h1><div class=\"post-date\">03/10/2023</div>"
            "<ul class=\"recent\"><li>Ferry fares - October 13, 2023</li>"
            "<li>Tolls - September 7, 2023</li></ul>",
            NULL, "2023-03-10");

    /* Far below the headline, a labelled date in a byline wins over a
     * note in the text that tells an older story. */
    {
        char body[4096], filler[2048];
        size_t o = 0;
        while (o + 40 < sizeof filler)
            o += (size_t)snprintf(filler + o, sizeof filler - o, "%s",
                                  "The river crossing was closed for works. ");
        snprintf(body, sizeof body,
                 "<article><h1>Bridge reopens</h1><p>%s</p>"
                 "<p>This guide was originally published on June 21, 2017.</p>"
                 "<div class=\"byline\">Posted on April 13, 2023</div></article>",
                 filler);
        EXPECT_FIELD(published, "", body, NULL, "2023-04-13");
    }

    /* A column beside the article with its facts: a date labelled as
     * published there is the article's; "Publicly" is no such label. */
    EXPECT_FIELD(published, "",
            "<article><h1>Bridge reopens</h1><p>The bridge is open again.</p></article>"
            "<div class=\"sidebar\"><h4>Published</h4> <time datetime=\"2018-11-15T12:00:00Z\">"
            "15 November 2018</time></div>",
            NULL, "2018-11-15");
    EXPECT_NO_FIELD(published, "",
            "<article><h1>Bridge reopens</h1><p>The bridge is open again.</p></article>"
            "<div class=\"sidebar\"><ul><li><a href=\"/w\">Publicly available workspaces</a> "
            "<span class=\"post-date\">Sunday, 10.03.2019</span></li></ul></div>",
            NULL);

    /* JSON-LD in a meta tag's content, as some head managers write it. */
    d = page(state,
             "<meta name=\"script:ld+json\" content=\"{&quot;@type&quot;:&quot;Article&quot;,"
             "&quot;datePublished&quot;:&quot;2025-11-17T09:00:00-05:00&quot;}\">",
             "<h1>Bridge reopens</h1>", NULL);
    assert_string_equal(d->published, "2025-11-17T14:00:00Z");
    assert_string_equal(d->from.published, "json-ld");
    td_doc_free(d);

    /* A related story's own itemprop date, shown in its teaser, is not
     * the article's, which the metadata states. */
    EXPECT_FIELD(published,
            "<meta property=\"article:published_time\" content=\"2023-05-30T18:24:00+00:00\">",
            "<article><h1>Bridge reopens</h1><p>The bridge is open again.</p></article>"
            "<div class=\"related-posts\"><h3>Ferry fares</h3><time itemprop=\"datePublished\" "
            "datetime=\"2015-12-07\">December 7, 2015</time></div>",
            NULL, "2023-05-30T18:24:00Z");

    /* The same in <meta> form: the teaser's comes first, the article's
     * own is still found. */
    d = page(state, "",
             "<div class=\"related-posts\"><h3>Ferry fares</h3><meta itemprop=\"datePublished\" "
             "content=\"2015-12-07\"></div>"
             "<article><h1>Bridge reopens</h1><meta itemprop=\"datePublished\" "
             "content=\"2023-05-30T18:24:00+00:00\"><p>The bridge is open again.</p></article>",
             NULL);
    assert_non_null(d->published);
    assert_string_equal(d->published, "2023-05-30T18:24:00Z");
    assert_string_equal(d->from.published, "itemprop");
    td_doc_free(d);

    /* A day apart the other way round is no time zone: the page's day. */
    EXPECT_FIELD(published,
            "<meta property=\"article:published_time\" content=\"2024-05-18T22:30:00+00:00\">",
            "<h1>Bridge reopens</h1><div class=\"post-meta\">May 17, 2024</div>", NULL,
            "2024-05-17");

    /* The headline inside <article>: a date just before it but outside
     * (the end of a list of other stories) is not its own. */
    EXPECT_FIELD(published, "",
            "<div class=\"list\"><time datetime=\"2025-12-04\">12/04/2025</time></div>"
            "<article><h1>Bridge reopens</h1><div class=\"post-meta\"><time "
            "datetime=\"2017-03-01\">03/01/2017</time></div></article>",
            NULL, "2017-03-01");

    /* "02-12-2025" by the headline, and the page writes 2 December 2025
     * in full elsewhere: day first. */
    EXPECT_FIELD(published, "",
            "<article><h1>Bridge reopens</h1><time datetime=\"02-12-2025\">02-12-2025</time>"
            "<p>The story itself, told in a paragraph of ordinary prose that goes on for a "
            "while so that the page has a body.</p></article>"
            "<aside class=\"recent-posts\"><h2>Bridge reopens</h2>"
            "<time datetime=\"2025-12-02\">December 2, 2025</time></aside>",
            NULL, "2025-12-02");

    /* A site's own name for the publication date; of two, the earlier. */
    d = page(state,
             "<meta name=\"site-published-time\" content=\"2026-03-09T08:45:32Z\">"
             "<meta name=\"published-date\" content=\"2021-02-16\">",
             "<h1>Bridge reopens</h1>", NULL);
    assert_string_equal(d->published, "2021-02-16");
    assert_string_equal(d->from.published, "meta");
    td_doc_free(d);
    EXPECT_FIELD(published, "<meta name=\"published\" content=\"July 17, 2025\">",
            "<h1>Bridge reopens</h1>", NULL, "2025-07-17");

    /* The day the page was served, or when an offer ends, is no
     * publication date. */
    EXPECT_NO_FIELD(published, "",
            "<h1>Indoor plants for dark rooms</h1><div class=\"hours\">Today's Hours "
            "March 14, 2026</div><p>Prices are valid through 01/23/2026.</p>",
            NULL);

    /* A date with a reading time beside it is the article's, further down
     * than a bare date would count; the same date without it is not. */
#define LEAD                                                                                   \
    "A first paragraph long enough to push what follows well away from the headline, as a "  \
    "lead written in full sentences does on many blogs, with a clause or two more about the " \
    "harbour, its ferries, the council and the works, and then some more words so that the "  \
    "date line comes more than a few hundred bytes below the headline of the page, where an " \
    "unmarked date would be too far to be taken for the article's own."
    static const char filler[] = "<p>" LEAD "</p><p>Jane Roe</p>";
    char body[2048];
    snprintf(body, sizeof body, "<h1>Bridge reopens</h1>%s<div><span>23.07.2025</span>"
                                "<span> \xC2\xB7 6 min read</span></div>", filler);
    EXPECT_FIELD(published, "", body, NULL, "2025-07-23");
    snprintf(body, sizeof body, "<h1>Bridge reopens</h1>%s<div><span>23.07.2025</span></div>",
             filler);
    EXPECT_NO_FIELD(published, "", body, NULL);

    /* A dateline opening a long first paragraph gives its day; a date
     * further into the paragraph is prose. */
    snprintf(body, sizeof body, "<h1>Bridge reopens</h1><p>HARBOURTON, Dec 20, 2025 (EXN) - %s</p>",
             LEAD);
    EXPECT_FIELD(published, "", body, NULL, "2025-12-20");
    snprintf(body, sizeof body, "<h1>Bridge reopens</h1><p>The council met on Dec 20, 2025 - %s</p>",
             LEAD);
#undef LEAD
    EXPECT_NO_FIELD(published, "", body, NULL);

    /* hAtom: an <abbr> whose title spells out the date it shows. */
    d = page(state, "",
             "<h1>Bridge reopens</h1><p>Posted <abbr class=\"published\" itemprop=\"datePublished\""
             " title=\"2025-12-19T15:18:00-05:00\">December 19, 2025</abbr></p>",
             NULL);
    assert_non_null(d->published);
    assert_memory_equal(d->published, "2025-12-19", 10);
    td_doc_free(d);
}

/* ---- URL --------------------------------------------------------------- */

static void canonical_urls(void **state)
{
    td_doc *d = page(state,
                     "<link rel=\"canonical\" href=\"/world/bridge-reopens\">"
                     "<meta property=\"og:url\" content=\"https://www.news.example/w/1\">",
                     "", NULL);
    assert_string_equal(d->url, "https://www.news.example/world/bridge-reopens");
    assert_string_equal(d->from.url, "canonical link");
    td_doc_free(d);

    d = page(state, "<meta property=\"og:url\" content=\"https://news.example/w/1\">", "", NULL);
    assert_string_equal(d->url, "https://news.example/w/1");
    assert_string_equal(d->from.url, "og:url");
    td_doc_free(d);

    /* The reader's URL outranks the page's. */
    EXPECT_FIELD(url, "<link rel=\"canonical\" href=\"https://other.example/x\">", "",
            "https://news.example/y", "https://news.example/y");
}

/* ---- bylines in text --------------------------------------------------- */

static void text_bylines(void **state)
{
    td_doc *d = clean(state,
                      "Harbour fees rise for the third year running\n\n"
                      "Home > Business > Ports\n\n"
                      "By Jane Roe\n"
                      "February 12, 2025 \xC2\xB7 4 min read\n\n"
                      "The port authority raised its fees again on Tuesday, the third increase in "
                      "as many years, citing the cost of dredging the outer channel.\n\n"
                      "Shipping lines said they would pass the cost on to customers.\n",
                      TD_CT_TEXT, NULL);
    assert_string_equal(d->author, "Jane Roe");
    assert_string_equal(d->from.author, "byline");
    assert_string_equal(d->published, "2025-02-12");
    assert_int_equal(d->published_from, TD_DATE_TEXT);
    assert_string_equal(d->from.published, "byline");
    td_doc_free(d);

    d = clean(state,
              "Harbour fees rise for the third year running\n\n"
              "Jane Roe | June 3, 2025\n\n"
              "The port authority raised its fees again on Tuesday, the third increase in as "
              "many years, citing the cost of dredging the outer channel.\n",
              TD_CT_TEXT, NULL);
    assert_string_equal(d->author, "Jane Roe");
    assert_string_equal(d->published, "2025-06-03");
    td_doc_free(d);

    /* The date run into the byline ends the name. */
    d = clean(state,
              "Harbour fees rise for the third year running\n\n"
              "By Jane Roe November 19, 2019, 07:47 PM EST\n\n"
              "The port authority raised its fees again on Tuesday, the third increase in as "
              "many years, citing the cost of dredging the outer channel.\n",
              TD_CT_TEXT, NULL);
    assert_string_equal(d->author, "Jane Roe");
    assert_string_equal(d->published, "2019-11-19");
    td_doc_free(d);

    /* A note at the end. */
    d = clean(state,
              "Harbour fees rise for the third year running\n\n"
              "The port authority raised its fees again on Tuesday, the third increase in as "
              "many years, citing the cost of dredging the outer channel.\n\n"
              "Author: Jane Roe\nPublished: 3 June 2025\n",
              TD_CT_TEXT, NULL);
    assert_string_equal(d->author, "Jane Roe");
    assert_string_equal(d->published, "2025-06-03");
    td_doc_free(d);
}

static void text_dates_not_taken(void **state)
{
    /* A date in the story and in a teaser below it: no byline, no date. */
    td_doc *d = clean(state,
                      "Harbour fees rise for the third year running\n\n"
                      "The port authority raised its fees on May 3, 2024, the third increase in "
                      "as many years, citing the cost of dredging the outer channel.\n\n"
                      "TOP STORIES\n\n"
                      "Ferry fares frozen until spring\n"
                      "June 1, 2025 \xC2\xB7 2 min read\n\n"
                      "Leave a Reply\n",
                      TD_CT_TEXT, NULL);
    assert_null(d->published);
    assert_null(d->author);
    td_doc_free(d);
}

/* A line of nothing but a date at the head of the text is the page's
 * date, above the headline or just below it; a date line further down
 * is not. */
static void text_date_lines(void **state)
{
    td_doc *d = clean(state,
                      "Thursday, March 6, 2025\n"
                      "Harbour fees rise for the third year running\n"
                      "The port authority raised its fees again on Tuesday, the third increase in "
                      "as many years, citing the cost of dredging the outer channel.\n"
                      "Shipping lines said they would pass the cost on to customers.\n",
                      TD_CT_TEXT, NULL);
    assert_string_equal(d->published, "2025-03-06");
    assert_int_equal(d->published_from, TD_DATE_TEXT);
    td_doc_free(d);

    d = clean(state,
              "Harbour fees rise for the third year running\n"
              "6 March 2025 Last updated at 11:11 GMT\n"
              "The port authority raised its fees again on Tuesday, the third increase in as "
              "many years, citing the cost of dredging the outer channel.\n",
              TD_CT_TEXT, NULL);
    assert_string_equal(d->published, "2025-03-06");
    td_doc_free(d);

    /* Below the first paragraphs: a teaser's or a comment's date. */
    d = clean(state,
              "Harbour fees rise for the third year running\n"
              "The port authority raised its fees again on Tuesday, the third increase in as "
              "many years, citing the cost of dredging the outer channel.\n"
              "Shipping lines said they would pass the cost on to customers.\n"
              "Dock workers said the fees were the highest on the coast.\n"
              "The authority said the dredging would take two more years.\n"
              "June 1, 2025\n"
              "Ferry fares frozen until spring\n",
              TD_CT_TEXT, NULL);
    assert_null(d->published);
    td_doc_free(d);
}

/* Far down a scraped page, under its menus: the byline and the date
 * around the headline are read all the same. */
static void text_head_far_down(void **state)
{
    char page[8192];
    size_t o = 0;
    for (int i = 0; i < 70; i++)
        o += (size_t)snprintf(page + o, sizeof page - o, "Section %d\n", i);
    snprintf(page + o, sizeof page - o, "%s",
             "Updated 9:15 am EST, Tuesday, March 4, 2025\n"
             "Harbour fees rise for the third year running\n"
             "By Jane Roe\n"
             "The port authority raised its fees again on Tuesday, the third increase in "
             "as many years, citing the cost of dredging the outer channel.\n"
             "Shipping lines said they would pass the cost on to customers, and two of "
             "them said they would call at the port less often from the summer.\n");
    td_doc *d = clean(state, page, TD_CT_TEXT, NULL);
    assert_string_equal(d->title, "Harbour fees rise for the third year running");
    assert_string_equal(d->author, "Jane Roe");
    assert_string_equal(d->published, "2025-03-04");
    td_doc_free(d);
}

/* ---- the date reader --------------------------------------------------- */

static void finding_dates_in_text(void **state)
{
    (void)state;
    struct {
        const char *text, *want;
        int order; /* td_clean_date_order of the span found */
    } cases[] = {
        {"Posted on 17th May 2024 at 9:00", "2024-05-17", 1},
        {"Updated: Sept. 4, 2025", "2025-09-04", 2},
        {"17.05.2024", "2024-05-17", 0},
        {"05/17/2024", "2024-05-17", 0},
        {"2024-05-17T10:00:00Z", "2024-05-17", 0},
        {"am 17. Mai 2024", "2024-05-17", 1},
        {"le 3 d\xC3\xA9" "cembre 2023", "2023-12-03", 1},
        {"May 2024", NULL, 0},
        {"Feb 30, 2024", NULL, 0},
        {"The Mayor said 17 people", NULL, 0},
        {"Tel. 12-345-2024", NULL, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char out[11];
        size_t at, end;
        int found = td_clean_find_date(cases[i].text, strlen(cases[i].text), out, &at, &end);
        if (cases[i].want) {
            assert_true(found);
            assert_string_equal(out, cases[i].want);
            assert_int_equal(td_clean_date_order(cases[i].text + at, end - at), cases[i].order);
        } else {
            assert_false(found);
        }
    }
}

static void reading_bylines(void **state)
{
    (void)state;
    td_arena a;
    td_arena_init(&a);
    const char *s = "By Jane Roe and John Doe | May 17, 2024";
    assert_string_equal(td_clean_byline_name(&a, s, strlen(s), 1), "Jane Roe and John Doe");
    s = "Written by Doris Munoz, MD";
    assert_string_equal(td_clean_byline_name(&a, s, strlen(s), 1), "Doris Munoz, MD");
    s = "Reviewed by Jane Roe";
    assert_null(td_clean_byline_name(&a, s, strlen(s), 0));
    s = "By the way, this is a sentence";
    assert_null(td_clean_byline_name(&a, s, strlen(s), 1));
    s = "Jane Roe";
    assert_null(td_clean_byline_name(&a, s, strlen(s), 1));
    assert_string_equal(td_clean_byline_name(&a, s, strlen(s), 0), "Jane Roe");
    /* A newsroom role after the name is the byline's. */
    s = "By Jane Roe, Senior Political Correspondent";
    assert_string_equal(td_clean_byline_name(&a, s, strlen(s), 1), "Jane Roe");
    s = "Jane Roe, Staff Writer";
    assert_string_equal(td_clean_byline_name(&a, s, strlen(s), 0), "Jane Roe");
    /* A name in brackets before the surname is the name's; an outlet is
     * not. */
    s = "Paramita (Guha) Ghosh";
    assert_string_equal(td_clean_byline_name(&a, s, strlen(s), 0), "Paramita (Guha) Ghosh");
    s = "By Jane Roe (Reuters)";
    assert_string_equal(td_clean_byline_name(&a, s, strlen(s), 1), "Jane Roe");
    s = "By Jane Roe (AP) Updated";
    assert_string_equal(td_clean_byline_name(&a, s, strlen(s), 1), "Jane Roe");
    /* A name shown twice (a link, then its text) is one name. */
    s = "By Jane Roe Jane Roe";
    assert_string_equal(td_clean_byline_name(&a, s, strlen(s), 1), "Jane Roe");
    s = "By Ann Lee Ann Lees";
    assert_string_equal(td_clean_byline_name(&a, s, strlen(s), 1), "Ann Lee Ann Lees");
    td_arena_free(&a);
}

static void bylines_with_roles(void **state)
{
    /* The desk after a byline's name is no second author. */
    td_doc *d = page(state, "",
                     "<h1>Storm closes the bridge</h1><div class=\"byline\">By <div "
                     "class=\"auth\">Ann Lee</div>, <span>Global Desk</span></div>",
                     NULL);
    assert_string_equal(d->author, "Ann Lee");
    td_doc_free(d);
    /* Metadata in capitals with a role: the name as the page shows it. */
    EXPECT_FIELD(author,
            "<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"author\":"
            "{\"name\":\"ANN LEE, AP Science Writer\"}}</script>",
            "<h1>Storm closes the bridge</h1><p class=\"byline\">By Ann Lee</p>", NULL, "Ann Lee");
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(site_suffix_is_cut),
        cmocka_unit_test(titles_that_merely_contain_a_dash_stay_whole),
        cmocka_unit_test(the_headline_shown_wins),
        cmocka_unit_test(authors_from_metadata),
        cmocka_unit_test(authors_the_page_shows),
        cmocka_unit_test(metadata_names_give_way_to_the_byline),
        cmocka_unit_test(no_author_from_comments_or_filters),
        cmocka_unit_test(metadata_dates),
        cmocka_unit_test(dates_in_the_page_and_their_order),
        cmocka_unit_test(dates_from_the_url),
        cmocka_unit_test(no_date_is_invented),
        cmocka_unit_test(dates_judged_in_context),
        cmocka_unit_test(canonical_urls),
        cmocka_unit_test(text_bylines),
        cmocka_unit_test(text_dates_not_taken),
        cmocka_unit_test(text_date_lines),
        cmocka_unit_test(text_head_far_down),
        cmocka_unit_test(finding_dates_in_text),
        cmocka_unit_test(reading_bylines),
        cmocka_unit_test(bylines_with_roles),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
