/* Unit tests: scraped plain text -- clutter lines out, every paragraph of
 * the article in, and the headline found. The pages here are made up for
 * these tests; each clutter line imitates a kind seen on news sites. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clean/clean.h"

static const td_limits limits = {1 << 24, 1 << 24, 64, 1000};

static td_doc *text_doc(const char *content)
{
    td_doc *d = td_doc_new();
    d->content = td_arena_strdup(&d->arena, content);
    d->content_len = strlen(content);
    d->ctype = TD_CT_TEXT;
    d->where = "test";
    return d;
}

/* Cleans content and checks the body and the title (NULL: none). */
static void expect_clean(td_clean *c, const char *content, const char *body, const char *title)
{
    td_doc *d = text_doc(content);
    char err[128];
    assert_int_equal(td_clean_doc(c, d, &limits, err, sizeof err), 0);
    assert_string_equal(d->body, body);
    assert_int_equal(d->body_len, strlen(d->body));
    if (title) {
        assert_non_null(d->title);
        assert_string_equal(d->title, title);
        assert_string_equal(d->from.title, "headline line");
    } else {
        assert_null(d->title);
    }
    td_doc_free(d);
}

#define P1 "Officials from both river authorities met on Thursday in Linsford to " \
           "agree on how much water each region may take from the shared reservoir " \
           "during the dry months, the first such meeting in four years."
#define P2 "The talks were chaired by a retired judge, Maren Oakes, who was named " \
           "by both sides last winter after an earlier round of negotiations " \
           "collapsed over the question of who should pay for the new pipeline."
#define P3 "Farmers in the lower valley say that the current limits are too low " \
           "for their orchards, and that several families have already sold land " \
           "because the summer allowance ran out before the harvest."
#define P4 "A second meeting is planned for the spring, when engineers from both " \
           "authorities are expected to present a joint survey of the reservoir " \
           "and of the leaking channels that feed it."

static void a_cluttered_page(void **state)
{
    td_clean *c = *state;
    const char *page =
        "Home  Regions  Water  Officials agree to share the reservoir over...\n"
        "\n"
        "Stay connected with us\n"
        "What can we help you find today?\n"
        "\n"
        "Regions\n"
        "\n"
        "River Authorities Agree to Share the Linsford Reservoir\n"
        "\n"
        "By Tomas Ferrand\n"
        "March 3, 2025 at 9:15 am\n"
        "\n"
        P1 "\n"
        "\n"
        "Advertisement\n"
        "\n"
        P2 "\n"
        "\n"
        "\xE2\x80\x9CWe are not giving up a single drop,\xE2\x80\x9D one farmer said.\n"
        "\n"
        "ALSO READ: Drought warnings extended to three more counties\n"
        "\n"
        "What the farmers want\n"
        "\n"
        P3 "\n"
        "\n"
        P4 "\n"
        "\n"
        "Tomas Ferrand covers water and farming for the Linsford Gazette. "
        "Follow him on social media @tferrand.\n"
        "\n"
        "#water #drought #Linsford\n"
        "\n"
        "Source link\n"
        "\n"
        "MOST READ\n"
        "\n"
        "2 min readCouncil votes to close the old ferry pier after storm damage left it...\n"
        "\n"
        "4 min readA local bakery has won a national prize for its rye bread, beating...\n"
        "\n"
        "Leave a Reply\n"
        "\n"
        "Please type your comment here!\n"
        "Please type your name here\n"
        "\n"
        "\xC2\xA9 2025 Linsford Gazette. All rights reserved.\n";
    expect_clean(c, page,
                 P1 "\n\n" P2 "\n\n"
                 "\xE2\x80\x9CWe are not giving up a single drop,\xE2\x80\x9D one farmer said."
                 "\n\nWhat the farmers want\n\n" P3 "\n\n" P4,
                 "River Authorities Agree to Share the Linsford Reservoir");
}

static void a_standfirst_stays_and_no_title_line_means_none(void **state)
{
    td_clean *c = *state;
    /* Headline, standfirst (prose without a full stop), no blank lines. */
    expect_clean(c,
                 "Reservoir deal reached after a night of talks in Linsford\n"
                 "Both authorities will cut their summer take by a tenth, easing a "
                 "dispute that has run since the drought began\n" P1 "\n" P2 "\n"
                 "Source: Newsdesk\n"
                 "#rivers#\n",
                 "Both authorities will cut their summer take by a tenth, easing a "
                 "dispute that has run since the drought began\n" P1 "\n" P2,
                 "Reservoir deal reached after a night of talks in Linsford");
    /* The text opens with the article: no title; the related link between
     * paragraphs goes, the paragraphs stay. */
    expect_clean(c, P1 "\nREAD: Pipeline costs rise again\n" P2 "\n" P3 "\n",
                 P1 "\n" P2 "\n" P3, NULL);
}

/* A short line shown twice: "Advertisement" goes both times, a sentence
 * of the article pasted twice keeps its first copy. */
static void repeated_lines(void **state)
{
    td_clean *c = *state;
    expect_clean(c,
                 P1 "\nAdvertisement\n" P2 "\nThe pipeline has not been repaired.\n" P3
                 "\nAdvertisement\nThe pipeline has not been repaired.\n" P4 "\n",
                 P1 "\n" P2 "\nThe pipeline has not been repaired.\n" P3 "\n" P4, NULL);
}

/* What the article's own paragraphs may look like, each once mistaken for
 * clutter: a sentence about a comment, one full of names, one naming a
 * show in title case, and a paragraph pasted twice in a row. */
static void paragraphs_that_look_like_clutter_stay(void **state)
{
    td_clean *c = *state;
    /* "for comment" was a comment section's count, and nothing above it
     * counted as the article. */
    expect_clean(c, P1 "\n" P2 "\nOakes, 61, was not available for comment.\n" P3 "\n",
                 P1 "\n" P2 "\nOakes, 61, was not available for comment.\n" P3, NULL);
#define NAMES "Linsford Police Chief Tom Ash confirmed 58-year-old Maren Oakes and " \
              "61-year-old Jon Wick were detained near Harbour Street late Friday, " \
              "charged with three counts of forging permits."
    expect_clean(c, P1 "\n" P2 "\n" NAMES "\n", P1 "\n" P2 "\n" NAMES, NULL);
#define SHOW "Well known for her work as the judge on The House Of Water, Oakes said " \
             "she had agreed to chair the talks because she grew up in the lower valley " \
             "and knew the families there."
    expect_clean(c, SHOW "\n" P1 "\n" P2 "\n", SHOW "\n" P1 "\n" P2, NULL);
    expect_clean(c, P1 "\n" P1 "\n" P2 "\n" P3 "\n", P1 "\n" P2 "\n" P3, NULL);
#undef NAMES
#undef SHOW
}

static void the_readers_title_stays(void **state)
{
    td_clean *c = *state;
    td_doc *d = text_doc("Reservoir Talks Resume in Linsford\n\n" P1 "\n\n" P2 "\n");
    d->title = "Feed title";
    d->from.title = "rss";
    char err[128];
    assert_int_equal(td_clean_doc(c, d, &limits, err, sizeof err), 0);
    assert_string_equal(d->title, "Feed title");
    assert_string_equal(d->from.title, "rss");
    assert_string_equal(d->body, P1 "\n\n" P2);
    td_doc_free(d);
}

static void comments_and_teasers_after_the_article_go(void **state)
{
    td_clean *c = *state;
    expect_clean(c,
                 "Engineers Find Leaks in the Linsford Channels\n\n" P1 "\n\n" P2 "\n\n"
                 "3 Comments\n\n"
                 "riverwatcher says:\n"
                 "March 4, 2025 at 7:02 am\n"
                 "This is exactly what the people of the lower valley have been saying for "
                 "years, and nobody in the capital wanted to listen to any of us at all.\n"
                 "Reply\n"
                 "orchardkeeper says:\n"
                 "March 4, 2025 at 8:40 am\n"
                 "Good to see the judge is taking the survey seriously this time, though I "
                 "will believe it when the channels are actually repaired by someone.\n"
                 "Reply\n\n"
                 "More From the Gazette\n"
                 "City Council Approves a New Budget for the Harbour\n"
                 "The council voted on Tuesday to spend more on dredging the harbour and on "
                 "repairs to the sea wall after the winter storms.\n"
                 "Bakery in the Old Town Wins a National Bread Prize\n"
                 "The family bakery has been making rye bread for three generations and "
                 "beat more than two hundred entries.\n",
                 P1 "\n\n" P2, "Engineers Find Leaks in the Linsford Channels");
}

static void short_notes_keep_every_line(void **state)
{
    td_clean *c = *state;
    /* No paragraph of prose: nothing stands out as the article, so every
     * line that is not clutter stays, the headline too. */
    expect_clean(c, "  Pier closed for repairs  \r\n\r\n\r\nOpen again in May.\nSee notices.\n\n"
                    "#pier\n",
                 "Pier closed for repairs\n\nOpen again in May.\nSee notices.",
                 "Pier closed for repairs");
    /* A byte-order mark and CRLF line ends are not part of the text. */
    expect_clean(c, "\xEF\xBB\xBFRiver Authorities Meet Again in Linsford\r\n\r\n" P1 "\r\n",
                 P1, "River Authorities Meet Again in Linsford");
}

static void text_without_english_function_words(void **state)
{
    td_clean *c = *state;
    /* Spanish prose: judged by length and sentence shape alone. */
    const char *es1 = "Los representantes de las dos autoridades del agua se reunieron el jueves "
                      "en Linsford para acordar el reparto del embalse durante los meses secos.";
    const char *es2 = "Las conversaciones fueron presididas por una jueza retirada, elegida por "
                      "ambas partes el invierno pasado tras una ronda fallida.";
    char page[1024], body[1024];
    snprintf(page, sizeof page,
             "Inicio | Regiones | Agua\n\nAcuerdo sobre el embalse de Linsford\n\n"
             "%s\n\nPublicidad\n\n%s\n\nCompartir\n\u00A9 2025 Gaceta de Linsford\n", es1, es2);
    snprintf(body, sizeof body, "%s\n\n%s", es1, es2);
    expect_clean(c, page, body, "Acuerdo sobre el embalse de Linsford");
}

static td_line measured(const char *s)
{
    td_line l = {.s = s, .len = strlen(s)};
    td_line_measure(&l);
    return l;
}

static void line_shapes(void **state)
{
    (void)state;
    td_line l = measured("The talks in the capital were the first of their kind.");
    assert_int_equal(l.words, 11);
    assert_int_equal(l.stops, 7); /* "capital", "first", "kind" are no function words */
    assert_int_equal(l.end, TD_END_SENTENCE);
    assert_int_equal(l.flags, 0);

    assert_true(measured("@linsgazette #water https://example.org/x").flags & TD_LINE_TAGS);
    assert_false(measured("Follow her @jroe for updates").flags & TD_LINE_TAGS);
    assert_true(measured("Follow her @jroe for updates").flags & TD_LINE_HANDLE);
    assert_true(measured("5 min read").flags & TD_LINE_READTIME);
    assert_true(measured("12 min readThe council met again").flags & TD_LINE_READTIME);
    l = measured("WATCH: Flood barriers tested on the river");
    assert_true(l.flags & TD_LINE_LABEL);
    assert_int_equal(l.label_words, 1);
    assert_false(measured("The minister said: we will wait.").flags & TD_LINE_LABEL);
    assert_true(measured("By Jane Roe and Tom Ash").flags & TD_LINE_BYLINE);
    assert_false(measured("By noon the river had risen by a metre").flags & TD_LINE_BYLINE);
    assert_true(measured("Author: Jane Roe").flags & TD_LINE_BYLINE);
    assert_true(measured("Updated 9:24 pm GMT, Tuesday, Nov. 19, 2024").flags & TD_LINE_DATE);
    assert_true(measured("3 hours ago").flags & TD_LINE_DATE);
    assert_true(measured("jroe on May 3, 2024 at 9:15 am said:").flags & TD_LINE_DATED);
    assert_false(measured("jroe on May 3, 2024 at 9:15 am said:").flags & TD_LINE_DATE);
    assert_true(measured("\xC2\xA9 2025 The Gazette").flags & TD_LINE_COPYRIGHT);
    assert_true(measured("News | Sport | Weather").flags & TD_LINE_MENU);
    assert_true(measured("Home \xE2\x80\xBA World \xE2\x80\xBA Europe").flags & TD_LINE_MENU);
    assert_int_equal(measured("Officials said talks would go on...").end, TD_END_ELLIPSIS);
    assert_int_equal(measured("Will the deal hold?\xE2\x80\x9D").end, TD_END_ASK);
    assert_int_equal(measured("\xE2\x80\x9CWe will see.\xE2\x80\x9D").end, TD_END_SENTENCE);
    assert_true(measured("12 Comments").flags & TD_LINE_COMMENTS);
    assert_true(measured("Comments (12)").flags & TD_LINE_COMMENTS);
    assert_true(measured("34 responses to Pipeline costs rise again").flags & TD_LINE_COMMENTS);
    /* A reporter's phrase is no comment section. */
    assert_false(measured("Oakes, 61, was not available for comment.").flags & TD_LINE_COMMENTS);
    assert_false(measured("The judge declined to comment.").flags & TD_LINE_COMMENTS);
    assert_false(measured("She had 3 replies from the council.").flags & TD_LINE_COMMENTS);
    assert_true(measured("Log in to comment").flags & TD_LINE_COMMENTS);
    assert_true(measured("Jane Roe is a reporter for the Gazette.").flags & TD_LINE_BIO);
    assert_false(measured("It was a long night for the negotiators.").flags & TD_LINE_BIO);
    assert_true(measured("Subscribe to our newsletter").flags & TD_LINE_ASKS);
    /* Title case: capitalised function words inside the sentence. */
    assert_int_equal(measured("Talks Resume With the Union in Linsford").title_words, 1);
    assert_int_equal(measured("Talks Resume With The Union In Linsford").title_words, 3);
    assert_int_equal(measured("He said: \xE2\x80\x9CThe deal is off.\xE2\x80\x9D").title_words, 0);
    assert_int_equal(measured("US and Iran Talks").stops, 1); /* "US" is no "us" */
    assert_int_equal(measured("\xE6\xB0\xB4\xE3\x81\xAE\xE8\xA9\xB1").cjk, 3);
}

static void lines_read_counts_blanks_and_trims(void **state)
{
    (void)state;
    td_arena a;
    td_arena_init(&a);
    td_line *v;
    const char *s = " \xC2\xA0One\t\r\n\r\n \n\xE2\x80\x8BTwo \xC2\xA0\nThree";
    size_t n = td_lines_read(&a, s, strlen(s), 10, &v);
    assert_int_equal(n, 3);
    assert_int_equal(v[0].len, 3);
    assert_memory_equal(v[0].s, "One", 3);
    assert_int_equal(v[0].blank_before, 0);
    assert_int_equal(v[1].blank_before, 2);
    assert_int_equal(v[1].len, 3);
    assert_memory_equal(v[1].s, "Two", 3);
    assert_int_equal(v[2].blank_before, 0);
    assert_int_equal(td_lines_read(&a, s, strlen(s), 2, &v), (size_t)-1);
    assert_int_equal(td_lines_read(&a, "", 0, 2, &v), 0);
    td_arena_free(&a);
}

static void huge_texts_are_kept_whole(void **state)
{
    td_clean *c = *state;
    /* More lines than any web page: kept as they are, in linear time. */
    size_t lines = 300000;
    char *s = malloc(lines * 4 + 1);
    assert_non_null(s);
    char *p = s;
    for (size_t i = 0; i < lines; i++) {
        memcpy(p, i % 2 ? "ab\n\n" : "Cd.\n", 4);
        p += 4;
    }
    *p = '\0';
    td_doc *d = text_doc(s);
    char err[128];
    assert_int_equal(td_clean_doc(c, d, &limits, err, sizeof err), 0);
    assert_true(d->body_len > lines * 2);
    assert_memory_equal(d->body, "Cd.\nab\n\nCd.\nab", 14);
    td_doc_free(d);
    free(s);
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
        cmocka_unit_test(a_cluttered_page),
        cmocka_unit_test(a_standfirst_stays_and_no_title_line_means_none),
        cmocka_unit_test(paragraphs_that_look_like_clutter_stay),
        cmocka_unit_test(the_readers_title_stays),
        cmocka_unit_test(repeated_lines),
        cmocka_unit_test(comments_and_teasers_after_the_article_go),
        cmocka_unit_test(short_notes_keep_every_line),
        cmocka_unit_test(text_without_english_function_words),
        cmocka_unit_test(line_shapes),
        cmocka_unit_test(lines_read_counts_blanks_and_trims),
        cmocka_unit_test(huge_texts_are_kept_whole),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
