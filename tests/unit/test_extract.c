/* Unit tests: the article's own text out of an HTML page (extract.c),
 * driven through the clean stage on small hand-written pages. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clean/clean.h"

static const td_limits limits = {1 << 20, 1 << 20, 64, 1000};

/* Cleans page as HTML; the document is the caller's to free. */
static td_doc *clean(td_clean *c, const char *page)
{
    td_doc *d = td_doc_new();
    d->content = td_arena_strdup(&d->arena, page);
    d->content_len = strlen(page);
    d->ctype = TD_CT_HTML;
    d->where = "test";
    char err[128] = "";
    int rc = td_clean_doc(c, d, &limits, err, sizeof err);
    if (rc) fprintf(stderr, "clean failed: %s\n", err);
    assert_int_equal(rc, 0);
    assert_non_null(d->body);
    assert_int_equal(d->body_len, strlen(d->body));
    return d;
}

static int has(const td_doc *d, const char *s) { return strstr(d->body, s) != NULL; }

/* The usual news page: the article among a cookie banner, navigation,
 * a share bar, related stories, comments and a footer. */
static const char news_page[] =
    "<!DOCTYPE html><html lang=\"en\"><head><title>Harbour talks resume | Example Post</title>"
    "<meta property=\"og:title\" content=\"Harbour talks resume\"></head><body>"
    "<div id=\"cookie-banner\"><p>We use cookies to improve your experience on our site. "
    "Do you accept all cookies?</p><button>Accept</button></div>"
    "<header><a href=\"/\">Example Post</a><nav><ul><li><a href=\"/world\">World</a></li>"
    "<li><a href=\"/business\">Business</a></li><li><a href=\"/sport\">Sport</a></li></ul></nav>"
    "</header><main><article>"
    "<h1>Harbour talks resume</h1>"
    "<p class=\"byline\">By Jane Roe</p>"
    "<p>Negotiators for the port authority and the dockworkers' union returned to the table on "
    "Monday, three weeks after talks collapsed over pay.</p>"
    "<h2>What is on the table</h2>"
    "<p>The union is asking for a four percent raise, while the authority has offered two and a "
    "half percent spread over two years.</p>"
    "<ul><li>A four percent raise</li><li>Shorter night shifts</li></ul>"
    "<blockquote><p>\"We are closer than we have been in months,\" said the union's "
    "negotiator, Ana Ruiz.</p></blockquote>"
    "<table><tr><th>Year</th><th>Offer</th></tr><tr><td>2024</td><td>2.5%</td></tr></table>"
    "<p>Both sides said they expected to meet again before the end of the week, and a mediator "
    "will join them.</p>"
    "<div class=\"share-bar\"><a href=\"#\">Share on Facebook</a> <a href=\"#\">Share on X</a>"
    "</div></article>"
    "<section class=\"related-articles\"><h3>Related stories</h3><ul>"
    "<li><a href=\"/a\">Port strike enters its second week as ships queue offshore</a></li>"
    "<li><a href=\"/b\">Union rejects first offer from the authority</a></li></ul></section>"
    "<section id=\"comments\"><h3>Comments</h3><div class=\"comment\"><p>This strike has gone "
    "on far too long; the port is losing business every single day it stays closed.</p></div>"
    "</section></main>"
    "<footer><p>Copyright 2025 Example Post. All rights reserved.</p>"
    "<a href=\"/privacy\">Privacy</a></footer></body></html>";

static void article_kept_clutter_dropped(void **state)
{
    td_doc *d = clean(*state, news_page);
    /* In order, one line per block; the headline is the title, not the
     * body; cells of a row share a line. */
    assert_string_equal(
        d->body,
        "Negotiators for the port authority and the dockworkers' union returned to the table on "
        "Monday, three weeks after talks collapsed over pay.\n"
        "What is on the table\n"
        "The union is asking for a four percent raise, while the authority has offered two and a "
        "half percent spread over two years.\n"
        "A four percent raise\n"
        "Shorter night shifts\n"
        "\"We are closer than we have been in months,\" said the union's negotiator, Ana Ruiz.\n"
        "Year Offer\n"
        "2024 2.5%\n"
        "Both sides said they expected to meet again before the end of the week, and a mediator "
        "will join them.");
    assert_false(has(d, "cookies"));
    assert_false(has(d, "Business"));
    assert_false(has(d, "By Jane Roe"));
    assert_false(has(d, "Share on"));
    assert_false(has(d, "ships queue offshore"));
    assert_false(has(d, "gone on far too long"));
    assert_false(has(d, "All rights reserved"));
    td_doc_free(d);
}

/* A short note of a few plain paragraphs is kept whole. */
static void short_article_kept_whole(void **state)
{
    td_doc *d = clean(*state,
                      "<html><body><nav><a href=\"/\">Home</a> <a href=\"/news\">News</a></nav>"
                      "<div><h2>Road closed</h2><p>The bridge on Mill Lane is closed.</p>"
                      "<p>It opens again on Friday.</p><p>Buses take the ring road.</p></div>"
                      "</body></html>");
    assert_string_equal(d->body, "Road closed\nThe bridge on Mill Lane is closed.\n"
                                 "It opens again on Friday.\nBuses take the ring road.");
    td_doc_free(d);

    /* Still kept whole when the paragraphs read as prose. */
    d = clean(*state,
              "<html><body><div class=\"menu\"><a href=\"/\">Home</a><a href=\"/a\">About</a></div>"
              "<div><p>The council approved the new budget on Tuesday evening, by seven votes to "
              "two.</p><p>Spending on roads rises by a tenth; the library keeps its Sunday "
              "hours.</p></div></body></html>");
    assert_string_equal(d->body,
                        "The council approved the new budget on Tuesday evening, by seven votes "
                        "to two.\nSpending on roads rises by a tenth; the library keeps its "
                        "Sunday hours.");
    td_doc_free(d);
}

/* No class names at all: the article is told from the clutter by its text
 * alone (long sentences, few links). */
static void article_in_a_plain_div(void **state)
{
    td_doc *d = clean(
        *state,
        "<html><body>"
        "<div><a href=\"/\">Home</a> <a href=\"/politics\">Politics</a> <a href=\"/science\">"
        "Science</a> <a href=\"/weather\">Weather</a> <a href=\"/contact\">Contact</a></div>"
        "<div><div>Tuesday 3 June</div>"
        "<div><p>Researchers counted more than four hundred nesting pairs on the island this "
        "spring, the highest number since records began.</p>"
        "<p>The colony had shrunk to fewer than fifty pairs a decade ago, when rats reached the "
        "island on a supply boat.</p>"
        "<p>Volunteers cleared the rats in two winters of work, and the birds returned within a "
        "year, the team said.</p></div></div>"
        "<div><div><a href=\"/1\">Storm warning for the coast</a></div><div><a href=\"/2\">"
        "Ferry timetable changes</a></div><div><a href=\"/3\">Election results by ward</a>"
        "</div></div>"
        "<div><a href=\"/terms\">Terms</a> <a href=\"/privacy\">Privacy</a></div>"
        "</body></html>");
    assert_string_equal(
        d->body,
        "Researchers counted more than four hundred nesting pairs on the island this spring, the "
        "highest number since records began.\n"
        "The colony had shrunk to fewer than fifty pairs a decade ago, when rats reached the "
        "island on a supply boat.\n"
        "Volunteers cleared the rats in two winters of work, and the birds returned within a "
        "year, the team said.");
    td_doc_free(d);
}

/* What a reader does not see is not text: display:none, the hidden
 * attribute, aria-hidden, screen-reader-only and hidden utility classes.
 * A class hidden only on small screens is seen on a desktop. */
static void hidden_elements_dropped(void **state)
{
    td_doc *d = clean(
        *state,
        "<html><body><article>"
        "<p>The museum reopens on Saturday after a two-year renovation of its west wing.</p>"
        "<div style=\"color: red; display: none\"><p>Draft paragraph that the editor hid from "
        "readers before publication.</p></div>"
        "<p hidden>A hidden paragraph with a correction that was never shown to readers.</p>"
        "<p>Visitors will find the collection rehung, with <span aria-hidden=\"true\">ICON</span>"
        "three new rooms for the prints.<span class=\"sr-only\">(opens in a new tab)</span></p>"
        "<div class=\"d-none\"><p>A paragraph kept for phones only, hidden by its class "
        "name.</p></div>"
        "<div class=\"hidden lg:block\"><p>Entry is free for children under twelve, and the "
        "cafe opens at nine.</p></div>"
        "</article></body></html>");
    assert_string_equal(
        d->body,
        "The museum reopens on Saturday after a two-year renovation of its west wing.\n"
        "Visitors will find the collection rehung, with three new rooms for the prints.\n"
        "Entry is free for children under twelve, and the cafe opens at nine.");
    td_doc_free(d);
}

/* A page drawn by script: its schema.org articleBody is the text. */
static void json_ld_article_body(void **state)
{
    td_doc *d = clean(
        *state,
        "<html><head><title>Rates held</title>"
        "<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\","
        "\"@type\":\"NewsArticle\",\"headline\":\"Rates held\",\"articleBody\":"
        "\"The central bank left its main rate unchanged on Thursday, as expected. Its governor "
        "said inflation was falling more slowly than hoped and that cuts would wait until the "
        "autumn at the earliest. Markets barely moved after the announcement.\"}</script>"
        "</head><body><div id=\"app\"><p>Loading...</p></div>"
        "<noscript>Please enable JavaScript.</noscript></body></html>");
    assert_string_equal(
        d->body,
        "The central bank left its main rate unchanged on Thursday, as expected. Its governor "
        "said inflation was falling more slowly than hoped and that cuts would wait until the "
        "autumn at the earliest. Markets barely moved after the announcement.");
    td_doc_free(d);
}

/* The JSON-LD copy also tells the article from a long comment thread
 * that carries no class names. */
static void json_ld_guides_the_choice(void **state)
{
    td_doc *d = clean(
        *state,
        "<html><head><script type=\"application/ld+json\">{\"@type\":\"Article\","
        "\"articleBody\":\"A new footbridge will link the two halves of the park by next "
        "summer. The council chose a timber design after a public vote. Work starts in "
        "March and the old crossing stays open until the bridge is finished.\"}</script>"
        "</head><body>"
        "<div><p>A new footbridge will link the two halves of the park by next summer.</p>"
        "<p>The council chose a timber design after a public vote.</p>"
        "<p>Work starts in March and the old crossing stays open until the bridge is "
        "finished.</p></div>"
        "<div><p>I walk through this park every morning and I think the money would be better "
        "spent on fixing the paths, which flood every winter.</p>"
        "<p>Timber will rot within ten years in this climate; steel would have cost less over "
        "the life of the bridge and needed less care.</p>"
        "<p>Finally some good news for the east side of town, where we have waited for decent "
        "access to the park for as long as I can remember.</p>"
        "<p>Will the cycle path be extended across the bridge as well, or is it for people on "
        "foot only? The plans do not say either way.</p></div>"
        "</body></html>");
    assert_string_equal(d->body,
                        "A new footbridge will link the two halves of the park by next summer.\n"
                        "The council chose a timber design after a public vote.\n"
                        "Work starts in March and the old crossing stays open until the bridge "
                        "is finished.");
    td_doc_free(d);
}

/* A list of other stories inside the article's box ends the article,
 * when most of the prose came before it; a "Read next" box near the top
 * does not. */
static void more_stories_end_the_article(void **state)
{
    td_doc *d = clean(
        *state,
        "<html><body><div class=\"post\">"
        "<p>The ferry service to the outer islands resumes on Monday after the winter "
        "break, with two crossings a day.</p>"
        "<h4>Read next</h4><p><a href=\"/x\">Harbour fees rise in spring</a></p>"
        "<p>The operator has added a second boat for the summer, when the crossings double "
        "and the island shops reopen.</p>"
        "<p>Tickets go on sale this week at the harbour office and online, at last year's "
        "prices for residents.</p>"
        "<h3>More from The Island Post</h3>"
        "<h4><a href=\"/a\">Storm damage on the pier</a></h4>"
        "<p>Repairs to the old pier will take most of the spring, the council said in its "
        "report on Friday.</p>"
        "</div></body></html>");
    assert_true(has(d, "The ferry service"));
    assert_true(has(d, "second boat"));
    assert_true(has(d, "Tickets go on sale"));
    assert_false(has(d, "More from"));
    assert_false(has(d, "Storm damage"));
    assert_false(has(d, "Repairs to the old pier"));
    td_doc_free(d);
}

/* Inside the article, a line that is nothing but a link is a button or
 * a pointer elsewhere; a link line with words of its own stays. */
static void link_only_lines_dropped(void **state)
{
    td_doc *d = clean(
        *state,
        "<html><body><article>"
        "<p>The new kettle boils a litre in under three minutes and keeps the water warm for "
        "an hour after.</p>"
        "<p><a href=\"/review\">Read our full review</a></p>"
        "<p>Its handle stays cool, though the lid is stiff to open with one hand, and the base "
        "takes up more room than most.</p>"
        "<p>The figures come from <a href=\"/report\">the maker's test report</a></p>"
        "<p>At its price it is the one we would buy, unless a larger family needs the bigger "
        "model with the two litre jug.</p>"
        "</article></body></html>");
    assert_false(has(d, "Read our full review"));
    assert_true(has(d, "The figures come from the maker's test report"));
    assert_true(has(d, "Its handle stays cool"));
    td_doc_free(d);
}

/* A <footer> stays clutter even when its notes are longer than a short
 * article. */
static void footer_notes_outweigh_nothing(void **state)
{
    td_doc *d = clean(
        *state,
        "<html><body><main><p>The library extends its opening hours on weekdays from "
        "next month.</p></main>"
        "<footer><p>This material is for general information only and is not a substitute for "
        "advice from a qualified professional. Information has been obtained from sources "
        "believed to be reliable, but no warranty is given as to its accuracy.</p>"
        "<p>Products and services referenced are for general information only. Always "
        "consult an adviser before acting on anything published on this site.</p></footer>"
        "</body></html>");
    assert_string_equal(d->body,
                        "The library extends its opening hours on weekdays from next month.");
    td_doc_free(d);
}

/* An article made of lists of links (a catalogue of free courses) is the
 * container, not the one small table of prose inside it. */
static void lists_of_links_weigh_little(void **state)
{
    char page[8192];
    char *p = page;
    p += sprintf(p, "<html><body><div>"
                    "<p>We compiled every free course with a certificate that we could find, "
                    "and tested each platform ourselves. Some universities still give their "
                    "certificates away, and so do a few of the large platforms, though the "
                    "list changes every month.</p>"
                    "<table><tr><td>Most courses below are free to audit, and the certificate "
                    "is free as well.</td></tr></table>");
    for (int list = 0; list < 3; list++) {
        p += sprintf(p, "<p>Here is list number %d of the courses, grouped by the university "
                        "that runs them; each one takes a few hours a week over a month, and "
                        "you can start any time.</p><ul>", list + 1);
        for (int i = 0; i < 12; i++)
            p += sprintf(p, "<li><a href=\"/c%d\">Introduction to a subject, course %d</a></li>",
                         list * 12 + i, list * 12 + i);
        p += sprintf(p, "</ul>");
    }
    sprintf(p, "<p>If you know of a free certificate that is not listed here, tell us in the "
               "comments; we check every suggestion and add the courses that still give one "
               "away.</p></div></body></html>");
    td_doc *d = clean(*state, page);
    assert_true(has(d, "We compiled every free course"));
    assert_true(has(d, "Most courses below are free"));
    assert_true(has(d, "list number 3"));
    assert_true(has(d, "If you know of a free certificate"));
    td_doc_free(d);
}

/* Pathological shapes stay linear and bounded: many flat blocks, deep
 * inline nesting, a page of nothing but links. */
static void big_flat_pages(void **state)
{
    size_t n = 20000;
    char *page = malloc(n * 40 + 64);
    char *p = page;
    p += sprintf(p, "<html><body>");
    for (size_t i = 0; i < n; i++) p += sprintf(p, "<p>Line %zu of the list.</p>", i);
    sprintf(p, "</body></html>");
    td_doc *d = clean(*state, page);
    assert_true(has(d, "Line 0 of the list."));
    assert_true(has(d, "Line 19999 of the list."));
    td_doc_free(d);

    p = page;
    p += sprintf(p, "<html><body><ul>");
    for (size_t i = 0; i < n; i++) p += sprintf(p, "<li><a href=\"/%zu\">link %zu</a></li>", i, i);
    sprintf(p, "</ul></body></html>");
    d = td_doc_new();
    d->content = td_arena_strdup(&d->arena, page);
    d->content_len = strlen(page);
    d->ctype = TD_CT_HTML;
    d->where = "test";
    char err[128];
    /* Nothing but links: nothing of an article, but no failure either. */
    assert_true(td_clean_doc(*state, d, &limits, err, sizeof err) <= 0);
    td_doc_free(d);
    free(page);
}

static int setup(void **state)
{
    char err[256];
    *state = td_clean_new(err, sizeof err);
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
        cmocka_unit_test(article_kept_clutter_dropped),
        cmocka_unit_test(short_article_kept_whole),
        cmocka_unit_test(article_in_a_plain_div),
        cmocka_unit_test(hidden_elements_dropped),
        cmocka_unit_test(json_ld_article_body),
        cmocka_unit_test(json_ld_guides_the_choice),
        cmocka_unit_test(more_stories_end_the_article),
        cmocka_unit_test(link_only_lines_dropped),
        cmocka_unit_test(footer_notes_outweigh_nothing),
        cmocka_unit_test(lists_of_links_weigh_little),
        cmocka_unit_test(big_flat_pages),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
