/* Unit tests: attribution (src/extract/attrib.c), with sentences written
 * for each construction, hostile input, and the seed reports read in place
 * (../shared/seeds, or $TD_SHARED/seeds) when they are there. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract/attrib.h"

#define MAXA 64
#define MAXS 256
#define MAXM 64

typedef struct run {
    const char *text;
    size_t len;
    td_span s[MAXS];
    size_t ns;
    td_mention m[MAXM];
    size_t nm;
    td_attribution a[MAXA];
    size_t n;
} run;

/* A plain splitter for the tests (the real one is ICU's, in sent.c): a
 * sentence ends at . ! ? with closing quotes after it and a space or the
 * end, unless the word before is an initial ("U.S.", "D.") or a common
 * abbreviation; and at every line end. */
static int abbrev_before(const char *t, size_t i)
{
    size_t b = i;
    while (b > 0 && t[b - 1] != ' ' && t[b - 1] != '\n') b--;
    size_t n = i - b;
    if (n == 1 && t[b] >= 'A' && t[b] <= 'Z') return 1;
    if (memchr(t + b, '.', n)) return 1;
    static const char *ab[] = { "Mr", "Mrs", "Ms", "Dr", "Gen", "Brig", "Sen", "Rep", "Gov",
                                "Lt", "Col", "St", "Jr", "Jan", "Feb", "Aug", "Sept", "Oct",
                                "Nov", "Dec" };
    for (size_t k = 0; k < sizeof ab / sizeof *ab; k++)
        if (strlen(ab[k]) == n && memcmp(ab[k], t + b, n) == 0) return 1;
    return 0;
}

static size_t split(const char *t, size_t n, td_span *s, size_t max)
{
    size_t k = 0, start = 0, i = 0;
    while (i <= n && k < max) {
        size_t end = 0, next = 0;
        if (i == n || t[i] == '\n') {
            end = i;
            next = i + 1;
        } else if ((t[i] == '.' || t[i] == '!' || t[i] == '?') && !abbrev_before(t, i)) {
            size_t j = i + 1;
            for (;;) {
                if (j < n && t[j] == '"') j++;
                else if (j + 2 < n && (unsigned char)t[j] == 0xE2 && (unsigned char)t[j + 1] == 0x80 &&
                         (unsigned char)t[j + 2] == 0x9D)
                    j += 3;
                else break;
            }
            if (j >= n || t[j] == ' ' || t[j] == '\n') {
                end = j;
                next = j;
            }
        }
        if (next) {
            size_t a = start;
            while (a < end && (t[a] == ' ' || t[a] == '\n')) a++;
            if (end > a) {
                s[k].start = a;
                s[k].end = end;
                k++;
            }
            start = next;
            i = next;
            if (i > n) break;
            continue;
        }
        i++;
    }
    return k;
}

static int by_start(const void *x, const void *y)
{
    const td_mention *a = x, *b = y;
    return a->start < b->start ? -1 : a->start > b->start;
}

/* Marks every whole-word occurrence of name as a mention of one entity. */
static void mention(run *r, const char *name, int type, int32_t entity)
{
    size_t l = strlen(name);
    for (const char *p = r->text; (p = strstr(p, name)) != NULL; p += l) {
        size_t at = (size_t)(p - r->text);
        char before = at ? r->text[at - 1] : ' ';
        char after = r->text[at + l];
        if ((before >= 'A' && before <= 'z') || (after >= 'a' && after <= 'z')) continue;
        assert_true(r->nm < MAXM);
        td_mention *m = &r->m[r->nm++];
        m->start = at;
        m->end = at + l;
        m->sentence = 0;
        for (size_t k = 0; k < r->ns; k++)
            if (r->s[k].start <= at && at < r->s[k].end) m->sentence = (uint32_t)k;
        m->type = type;
        m->form = 0;
        m->kb = -1;
        m->entity = entity;
    }
    qsort(r->m, r->nm, sizeof *r->m, by_start);
}

static void prepare(run *r, const char *text)
{
    memset(r, 0, sizeof *r);
    r->text = text;
    r->len = strlen(text);
    r->ns = split(text, r->len, r->s, MAXS);
}

static void find(run *r)
{
    assert_int_equal(td_attrib_find(r->text, r->len, r->s, r->ns, r->nm ? r->m : NULL, r->nm,
                                    r->a, MAXA, &r->n),
                     TD_ATTRIB_OK);
}

static void scan(run *r, const char *text)
{
    prepare(r, text);
    find(r);
}

static int span_is(const run *r, size_t s, size_t e, const char *want)
{
    return e - s == strlen(want) && memcmp(r->text + s, want, e - s) == 0;
}

static void dump(const run *r)
{
    for (size_t k = 0; k < r->n; k++) {
        const td_attribution *a = &r->a[k];
        print_message("  #%zu src [%.*s] kind %d cue [%.*s] %s type %d content [%.*s] parent %d\n",
                      k, (int)(a->src_end - a->src_start), r->text + a->src_start, a->src_kind,
                      (int)(a->cue_end - a->cue_start), r->text + a->cue_start, a->cue, a->kind,
                      (int)(a->content_end - a->content_start), r->text + a->content_start,
                      a->parent);
    }
}

/* The attribution whose source reads src and whose cue's lemma is cue. */
static const td_attribution *get(const run *r, const char *src, const char *cue)
{
    for (size_t k = 0; k < r->n; k++)
        if (span_is(r, r->a[k].src_start, r->a[k].src_end, src) && strcmp(r->a[k].cue, cue) == 0)
            return &r->a[k];
    dump(r);
    fail_msg("no attribution [%s] %s in: %s", src, cue, r->text);
    return NULL;
}

static void content(const run *r, const td_attribution *a, const char *want)
{
    if (!span_is(r, a->content_start, a->content_end, want)) {
        dump(r);
        fail_msg("content [%.*s], wanted [%s]", (int)(a->content_end - a->content_start),
                 r->text + a->content_start, want);
    }
}

static int32_t index_of(const run *r, const td_attribution *a)
{
    return (int32_t)(a - r->a);
}

/* ---- constructions ------------------------------------------------------- */

static void said_that(void **state)
{
    run r;
    prepare(&r, "Mayor Ana Ruiz said that the port would reopen on Friday.");
    mention(&r, "Ana Ruiz", TD_ENT_PERSON, 0);
    find(&r);
    assert_int_equal(r.n, 1);
    const td_attribution *a = get(&r, "Mayor Ana Ruiz", "say");
    assert_int_equal(a->kind, TD_ATTR_PARAPHRASE);
    assert_int_equal(a->src_kind, TD_SRC_PERSON);
    assert_int_equal(a->src_mention, 0);
    assert_int_equal(a->parent, -1);
    assert_true(span_is(&r, a->cue_start, a->cue_end, "said"));
    content(&r, a, "the port would reopen on Friday");

    scan(&r, "The harbour authority said Monday the cranes were repaired.");
    a = get(&r, "The harbour authority", "say");
    assert_int_equal(a->src_kind, TD_SRC_ORG); /* an institution's head noun */
    content(&r, a, "the cranes were repaired");
}

static void content_before(void **state)
{
    run r;
    scan(&r, "The cranes were repaired overnight, the harbour authority said.");
    const td_attribution *a = get(&r, "the harbour authority", "say");
    content(&r, a, "The cranes were repaired overnight");

    scan(&r, "Freight volumes doubled in the spring, the Northern Courier reported on Sunday.");
    a = get(&r, "the Northern Courier", "report");
    assert_int_equal(a->kind, TD_ATTR_REPORT);
    content(&r, a, "Freight volumes doubled in the spring");

    /* a phrase that only introduces the clause is not content */
    scan(&r, "Earlier this year, the Northern Courier reported that freight doubled.");
    a = get(&r, "the Northern Courier", "report");
    content(&r, a, "freight doubled");
}

static void inverted(void **state)
{
    run r;
    scan(&r, "\xE2\x80\x9CWe are ready,\xE2\x80\x9D said Tomas Berg, the port director.");
    const td_attribution *a = get(&r, "Tomas Berg", "say");
    assert_int_equal(a->kind, TD_ATTR_QUOTE);
    content(&r, a, "We are ready");

    scan(&r, "The vote was postponed, said Lena Ortiz, a council member.");
    a = get(&r, "Lena Ortiz", "say");
    assert_int_equal(a->kind, TD_ATTR_PARAPHRASE);
    content(&r, a, "The vote was postponed");
}

static void told(void **state)
{
    run r;
    scan(&r, "Berg told reporters that the strike had ended.");
    const td_attribution *a = get(&r, "Berg", "tell");
    content(&r, a, "the strike had ended");

    prepare(&r, "Berg told the Daily Ledger the strike had ended.");
    mention(&r, "Daily Ledger", TD_ENT_OUTLET, 1);
    find(&r);
    a = get(&r, "Berg", "tell");
    content(&r, a, "the strike had ended");

    scan(&r, "Berg told reporters on Tuesday: \"The strike is over.\"");
    a = get(&r, "Berg", "tell");
    assert_int_equal(a->kind, TD_ATTR_QUOTE);
    content(&r, a, "The strike is over");
}

static void statement(void **state)
{
    run r;
    scan(&r, "The ministry said in a statement that exports fell.");
    content(&r, get(&r, "The ministry", "say"), "exports fell");
    scan(&r, "The ministry said in a statement exports fell.");
    content(&r, get(&r, "The ministry", "say"), "exports fell");
    scan(&r, "Ortiz said in an interview with Radio North that the plan was dead.");
    content(&r, get(&r, "Ortiz", "say"), "the plan was dead");
    scan(&r, "Ortiz said at a press briefing this week, \xE2\x80\x9CThe plan is dead.\xE2\x80\x9D");
    const td_attribution *a = get(&r, "Ortiz", "say");
    assert_int_equal(a->kind, TD_ATTR_QUOTE);
    content(&r, a, "The plan is dead");
}

static void according_to(void **state)
{
    run r;
    scan(&r, "According to two people familiar with the talks, the deal is close.");
    const td_attribution *a = get(&r, "two people familiar with the talks", "according to");
    assert_int_equal(a->kind, TD_ATTR_REPORT);
    assert_int_equal(a->src_kind, TD_SRC_ANON);
    assert_true(span_is(&r, a->cue_start, a->cue_end, "According to"));
    content(&r, a, "the deal is close");

    prepare(&r, "The deal is close, according to the Daily Ledger.");
    mention(&r, "Daily Ledger", TD_ENT_OUTLET, 0);
    find(&r);
    a = get(&r, "the Daily Ledger", "according to");
    assert_int_equal(a->src_kind, TD_SRC_OUTLET);
    assert_int_equal(a->src_mention, 0);
    content(&r, a, "The deal is close");

    /* the report is the vehicle; its outlet is the source */
    prepare(&r, "The deal is close, according to a report on Sunday by the Daily Ledger.");
    mention(&r, "Daily Ledger", TD_ENT_OUTLET, 0);
    find(&r);
    a = get(&r, "the Daily Ledger", "according to");
    assert_int_equal(a->src_kind, TD_SRC_OUTLET);
    content(&r, a, "The deal is close");
}

static void reported(void **state)
{
    run r;
    scan(&r, "The Northern Courier reported that the mine had closed.");
    const td_attribution *a = get(&r, "The Northern Courier", "report");
    assert_int_equal(a->kind, TD_ATTR_REPORT);
    content(&r, a, "the mine had closed");
    /* a report as a noun is no cue */
    scan(&r, "The report was published on Friday.");
    assert_int_equal(r.n, 0);
}

static void confirmed_declined(void **state)
{
    run r;
    scan(&r, "The company has confirmed that forty jobs will go.");
    content(&r, get(&r, "The company", "confirm"), "forty jobs will go");
    scan(&r, "The company confirmed the layoffs.");
    content(&r, get(&r, "The company", "confirm"), "the layoffs");

    scan(&r, "The embassy declined to comment.");
    const td_attribution *a = get(&r, "The embassy", "decline");
    assert_int_equal(a->src_kind, TD_SRC_ORG);
    content(&r, a, "comment");
    scan(&r, "A spokesman declined to say whether talks continued.");
    a = get(&r, "A spokesman", "decline");
    assert_int_equal(a->src_kind, TD_SRC_OTHER); /* no body named */
    content(&r, a, "say whether talks continued");
    /* declined with nothing after: kept, with an empty content */
    scan(&r, "Asked about the fines, the regulator declined, citing privacy rules.");
    a = get(&r, "the regulator", "decline");
    assert_int_equal(a->content_start, a->content_end);
}

static void speech_verbs(void **state)
{
    static const struct {
        const char *verb, *lemma;
    } v[] = { { "added", "add" },     { "noted", "note" },         { "warned", "warn" },
              { "stressed", "stress" }, { "claimed", "claim" },    { "denied", "deny" },
              { "announced", "announce" }, { "insisted", "insist" }, { "wrote", "write" },
              { "tweeted", "tweet" }, { "argued", "argue" },       { "acknowledged", "acknowledge" },
              { "emphasised", "emphasize" }, { "reiterated", "reiterate" },
              { "posted on X", "post" }, { "wrote on Telegram", "write" } };
    for (size_t k = 0; k < sizeof v / sizeof *v; k++) {
        char text[160];
        snprintf(text, sizeof text, "Ortiz %s that the budget was short.", v[k].verb);
        run r;
        scan(&r, text);
        assert_int_equal(r.n, 1);
        content(&r, get(&r, "Ortiz", v[k].lemma), "the budget was short");
    }
    /* present tense, and a title-case headline */
    run r;
    scan(&r, "Officials say the bridge is safe.");
    content(&r, get(&r, "Officials", "say"), "the bridge is safe");
    scan(&r, "Harbour Board Says Cranes Are Safe");
    content(&r, get(&r, "Harbour Board", "say"), "Cranes Are Safe");
    /* "believe", "assess": only with "that" */
    scan(&r, "Analysts assess that the drought will last.");
    assert_int_equal(get(&r, "Analysts", "assess")->src_kind, TD_SRC_ANON);
    scan(&r, "Analysts believe the drought.");
    assert_int_equal(r.n, 0);
}

static void quotes(void **state)
{
    run r;
    scan(&r, "Berg said: \"The gates open at noon.\"");
    const td_attribution *a = get(&r, "Berg", "say");
    assert_int_equal(a->kind, TD_ATTR_QUOTE);
    content(&r, a, "The gates open at noon");

    scan(&r, "\xE2\x80\x9CThe gates open at noon,\xE2\x80\x9D Berg said.");
    a = get(&r, "Berg", "say");
    assert_int_equal(a->kind, TD_ATTR_QUOTE);
    content(&r, a, "The gates open at noon");

    scan(&r, "Berg said, \xC2\xABThe gates open at noon.\xC2\xBB");
    content(&r, get(&r, "Berg", "say"), "The gates open at noon");

    /* a short quoted phrase inside a paraphrase stays part of it */
    scan(&r, "Ortiz said the delay was \xE2\x80\x9Cunacceptable\xE2\x80\x9D and costly.");
    a = get(&r, "Ortiz", "say");
    assert_int_equal(a->kind, TD_ATTR_PARAPHRASE);
    content(&r, a, "the delay was \xE2\x80\x9Cunacceptable\xE2\x80\x9D and costly");
}

static void quote_across_sentences(void **state)
{
    run r;
    /* the cue before the quote */
    scan(&r, "Berg said: \xE2\x80\x9CThe gates open at noon. Trucks may enter after one.\xE2\x80\x9D "
             "Traffic was light.");
    assert_true(r.ns >= 3);
    const td_attribution *a = get(&r, "Berg", "say");
    assert_int_equal(a->sentence, 0);
    content(&r, a, "The gates open at noon. Trucks may enter after one");

    /* the cue after it, in the quote's last sentence */
    scan(&r, "Traffic was light. \xE2\x80\x9CThe gates open at noon. Trucks may enter after one,"
             "\xE2\x80\x9D Berg said.");
    a = get(&r, "Berg", "say");
    assert_int_equal(a->sentence, 2);
    content(&r, a, "The gates open at noon. Trucks may enter after one");

    /* the cue in a sentence of its own after the quote */
    scan(&r, "\"Where are the trucks?\" he asked. \"Where are they?\" Berg said.");
    content(&r, get(&r, "Berg", "say"), "Where are they?");
}

static void several_per_sentence(void **state)
{
    run r;
    scan(&r, "Ortiz said the budget was short, while Berg said it was sufficient.");
    assert_int_equal(r.n, 2);
    content(&r, get(&r, "Ortiz", "say"), "the budget was short");
    content(&r, get(&r, "Berg", "say"), "it was sufficient");

    scan(&r, "\xE2\x80\x9CIt is late,\xE2\x80\x9D Berg said, adding that the crew was tired.");
    assert_int_equal(r.n, 2);
    content(&r, get(&r, "Berg", "say"), "It is late");
    content(&r, get(&r, "Berg", "add"), "the crew was tired");

    scan(&r, "The vessel left port, the source disclosed, noting that nobody was aboard.");
    const td_attribution *a = get(&r, "the source", "note");
    assert_int_equal(a->src_kind, TD_SRC_ANON);
    content(&r, a, "nobody was aboard");
}

static void nested(void **state)
{
    run r;
    scan(&r, "The Northern Courier reported that Berg said the gates would stay shut.");
    assert_int_equal(r.n, 2);
    const td_attribution *outer = get(&r, "The Northern Courier", "report");
    const td_attribution *inner = get(&r, "Berg", "say");
    content(&r, outer, "Berg said the gates would stay shut");
    content(&r, inner, "the gates would stay shut");
    assert_int_equal(inner->parent, index_of(&r, outer));
    assert_int_equal(outer->parent, -1);

    /* "X said, according to Y": Y reports what X said */
    scan(&r, "Berg said the gates would stay shut, according to the Northern Courier.");
    outer = get(&r, "the Northern Courier", "according to");
    inner = get(&r, "Berg", "say");
    content(&r, inner, "the gates would stay shut");
    content(&r, outer, "Berg said the gates would stay shut");
    assert_int_equal(inner->parent, index_of(&r, outer));

    /* a speaker quoted inside a quotation */
    scan(&r, "\xE2\x80\x9CThe mayor told us the gates would stay shut,\xE2\x80\x9D Berg said.");
    outer = get(&r, "Berg", "say");
    inner = get(&r, "The mayor", "tell");
    assert_int_equal(inner->parent, index_of(&r, outer));
}

static void more_constructions(void **state)
{
    run r;
    /* a wire quoting someone: the wire reports what the minister said */
    scan(&r, "The Coastal Wire quoted a minister as saying the offer was final.");
    const td_attribution *outer = get(&r, "The Coastal Wire", "quote");
    const td_attribution *inner = get(&r, "a minister", "say");
    assert_int_equal(outer->kind, TD_ATTR_REPORT);
    content(&r, inner, "the offer was final");
    assert_int_equal(inner->parent, index_of(&r, outer));

    /* a long parenthetical between source and cue */
    scan(&r, "A senior official, speaking on condition of anonymity, said the cabinet would meet.");
    const td_attribution *a = get(&r, "A senior official", "say");
    assert_int_equal(a->src_kind, TD_SRC_ANON);
    content(&r, a, "the cabinet would meet");

    /* two verbs, one speaker */
    scan(&r, "She declined to comment on the talks but said the first day was useful.");
    content(&r, get(&r, "She", "decline"), "comment on the talks");
    content(&r, get(&r, "She", "say"), "the first day was useful");

    /* a title with its own phrase before the name */
    prepare(&r, "Deputy minister for water Ana Ruiz told lawmakers that reserves were low.");
    mention(&r, "Ana Ruiz", TD_ENT_PERSON, 0);
    find(&r);
    a = get(&r, "Deputy minister for water Ana Ruiz", "tell");
    assert_int_equal(a->src_kind, TD_SRC_PERSON);
    content(&r, a, "reserves were low");

    /* a participle after a clause whose subject is named */
    prepare(&r, "Norway rejected the offer, saying it came too late.");
    mention(&r, "Norway", TD_ENT_COUNTRY, 0);
    find(&r);
    a = get(&r, "Norway", "say");
    assert_int_equal(a->src_kind, TD_SRC_ORG);
    content(&r, a, "it came too late");
}

static void anonymous(void **state)
{
    static const char *anon[] = { "A person familiar with the matter", "People briefed on the plan",
                                  "Sources", "A source", "Officials", "U.S. officials",
                                  "A senior administration official", "Diplomats", "Analysts",
                                  "Two Western diplomats" };
    for (size_t k = 0; k < sizeof anon / sizeof *anon; k++) {
        char text[160];
        snprintf(text, sizeof text, "%s said the ceasefire was holding.", anon[k]);
        run r;
        scan(&r, text);
        const td_attribution *a = get(&r, anon[k], "say");
        assert_int_equal(a->src_kind, TD_SRC_ANON);
        assert_int_equal(a->src_mention, -1);
        content(&r, a, "the ceasefire was holding");
    }
    /* a spokesperson speaks for the body the phrase names */
    run r;
    prepare(&r, "A spokesperson for the Harbour Authority said the cranes were safe.");
    mention(&r, "Harbour Authority", TD_ENT_ORG, 0);
    find(&r);
    const td_attribution *a = get(&r, "A spokesperson for the Harbour Authority", "say");
    assert_int_equal(a->src_kind, TD_SRC_ORG);
    assert_int_equal(a->src_mention, 0);
    scan(&r, "A spokesperson said the cranes were safe.");
    assert_int_equal(get(&r, "A spokesperson", "say")->src_kind, TD_SRC_OTHER);
}

static void kinds_from_mentions(void **state)
{
    run r;
    prepare(&r, "Norway said it would send aid. The Daily Ledger said the aid was late.");
    mention(&r, "Norway", TD_ENT_COUNTRY, 0);
    mention(&r, "Daily Ledger", TD_ENT_OUTLET, 1);
    find(&r);
    const td_attribution *a = get(&r, "Norway", "say");
    assert_int_equal(a->src_kind, TD_SRC_ORG);
    assert_int_equal(a->src_mention, 0);
    a = get(&r, "The Daily Ledger", "say");
    assert_int_equal(a->src_kind, TD_SRC_OUTLET);
    assert_int_equal(a->kind, TD_ATTR_REPORT);

    /* a title before the name: the name is the head */
    prepare(&r, "Port director Tomas Berg said the cranes were safe.");
    mention(&r, "Tomas Berg", TD_ENT_PERSON, 0);
    find(&r);
    a = get(&r, "Port director Tomas Berg", "say");
    assert_int_equal(a->src_kind, TD_SRC_PERSON);
    assert_int_equal(a->src_mention, 0);

    /* an appositive after the name */
    prepare(&r, "Tomas Berg, the port's director, said Monday the cranes were safe.");
    mention(&r, "Tomas Berg", TD_ENT_PERSON, 0);
    find(&r);
    a = get(&r, "Tomas Berg", "say");
    assert_int_equal(a->src_kind, TD_SRC_PERSON);
    content(&r, a, "the cranes were safe");
}

static void pronouns(void **state)
{
    run r;
    prepare(&r, "Lena Ortiz spoke after the vote. \xE2\x80\x9CWe lost,\xE2\x80\x9D she said.");
    mention(&r, "Lena Ortiz", TD_ENT_PERSON, 0);
    find(&r);
    const td_attribution *a = get(&r, "she", "say");
    assert_int_equal(a->src_kind, TD_SRC_PERSON);
    assert_int_equal(a->src_mention, 0);

    /* two people in view: no guess */
    prepare(&r, "Lena Ortiz met Tomas Berg. \xE2\x80\x9CWe lost,\xE2\x80\x9D he said.");
    mention(&r, "Lena Ortiz", TD_ENT_PERSON, 0);
    mention(&r, "Tomas Berg", TD_ENT_PERSON, 1);
    find(&r);
    a = get(&r, "he", "say");
    assert_int_equal(a->src_kind, TD_SRC_OTHER);
    assert_int_equal(a->src_mention, -1);

    /* the last speaker, when the other name was only in what she said */
    prepare(&r, "Lena Ortiz said the Berg plan had failed. \xE2\x80\x9CWe lost,\xE2\x80\x9D she said.");
    mention(&r, "Lena Ortiz", TD_ENT_PERSON, 0);
    mention(&r, "Berg", TD_ENT_PERSON, 1);
    find(&r);
    a = get(&r, "she", "say");
    assert_int_equal(a->src_kind, TD_SRC_PERSON);
    assert_int_equal(a->src_mention, 0);

    /* without mentions, a pronoun is OTHER */
    scan(&r, "\xE2\x80\x9CWe lost,\xE2\x80\x9D she said.");
    assert_int_equal(get(&r, "she", "say")->src_kind, TD_SRC_OTHER);
}

static void not_attributions(void **state)
{
    static const char *none[] = {
        "Berg did not say whether the gates would open.",
        "The ship is said to be lost.",
        "Officials would not confirm the figures.",
        "Her claims were rejected by the court.",
        "He was told to leave the building.",
    };
    for (size_t k = 0; k < sizeof none / sizeof *none; k++) {
        run r;
        scan(&r, none[k]);
        if (r.n) {
            dump(&r);
            fail_msg("attribution found in: %s", none[k]);
        }
    }
}

/* ---- hostile input ------------------------------------------------------- */

static void hostile_quotes(void **state)
{
    run r;
    /* an unclosed quote ends with its line */
    scan(&r, "Berg said: \xE2\x80\x9CThe gates open at noon\nOrtiz said the vote failed.");
    content(&r, get(&r, "Berg", "say"), "The gates open at noon");
    content(&r, get(&r, "Ortiz", "say"), "the vote failed");

    /* a stray closing mark changes nothing after it */
    scan(&r, "Traffic\xE2\x80\x9D was light. Ortiz said the vote failed.");
    content(&r, get(&r, "Ortiz", "say"), "the vote failed");

    /* 1 MB of marks, cues and commas, as one sentence and as many */
    size_t len = 1u << 20;
    char *t = malloc(len);
    assert_non_null(t);
    static const char *pieces[] = { "\"", "\xE2\x80\x9C", "\xE2\x80\x9D", " said ", ", ",
                                    "X said: ", "according to ", "\n", "he", "\xC2\xAB" };
    size_t at = 0, seed = 12345;
    while (at < len) {
        seed = seed * 1103515245u + 12345u;
        const char *p = pieces[(seed >> 16) % 10];
        size_t l = strlen(p);
        if (at + l > len) break;
        memcpy(t + at, p, l);
        at += l;
    }
    td_span one = { 0, at };
    td_attribution *a = malloc(4096 * sizeof *a);
    size_t n;
    int rc = td_attrib_find(t, at, &one, 1, NULL, 0, a, 4096, &n);
    assert_true(rc == TD_ATTRIB_OK || rc == TD_ATTRIB_FULL);
    assert_true(n <= 4096);
    for (size_t k = 0; k < n; k++) {
        assert_true(a[k].content_start <= a[k].content_end && a[k].content_end <= at);
        assert_true(a[k].src_start <= a[k].src_end && a[k].src_end <= at);
        assert_true(a[k].parent < (int32_t)n);
    }
    /* sentences of 100 bytes */
    size_t ns = at / 100;
    td_span *s = malloc(ns * sizeof *s);
    for (size_t k = 0; k < ns; k++) {
        s[k].start = k * 100;
        s[k].end = k * 100 + 100;
    }
    rc = td_attrib_find(t, at, s, ns, NULL, 0, a, 4096, &n);
    assert_true(rc == TD_ATTRIB_OK || rc == TD_ATTRIB_FULL);
    /* all quotes, no words */
    memset(t, '"', len);
    rc = td_attrib_find(t, len, &one, 1, NULL, 0, a, 4096, &n);
    assert_int_equal(rc, TD_ATTRIB_OK);
    assert_int_equal(n, 0);
    free(s);
    free(a);
    free(t);
}

static void hostile_arguments(void **state)
{
    const char *text = "Ortiz said the vote failed. Berg said it passed.";
    size_t len = strlen(text);
    td_attribution a[4];
    size_t n = 99;
    /* no sentences */
    assert_int_equal(td_attrib_find(text, len, NULL, 0, NULL, 0, a, 4, &n), TD_ATTRIB_OK);
    assert_int_equal(n, 0);
    /* spans past the end, reversed, overlapping */
    td_span bad[] = { { 0, 27 }, { 20, 10 }, { 5, 30 }, { 28, len + 500 }, { len + 10, len + 20 } };
    td_mention m[] = { { 0, 5, 0, 1, 0, -1, -1 }, { 40, 4000, 0, 1, 0, -1, -1 },
                       { 9, 3, 0, 1, 0, -1, -1 } };
    assert_int_equal(td_attrib_find(text, len, bad, 5, m, 3, a, 4, &n), TD_ATTRIB_OK);
    assert_int_equal(n, 2);
    for (size_t k = 0; k < n; k++) assert_true(a[k].content_end <= len);
    /* no room */
    td_span two[] = { { 0, 27 }, { 28, len } };
    assert_int_equal(td_attrib_find(text, len, two, 2, NULL, 0, a, 1, &n), TD_ATTRIB_FULL);
    assert_int_equal(n, 1);
    assert_int_equal(td_attrib_find(text, len, two, 2, NULL, 0, a, 0, &n), TD_ATTRIB_OK);
    assert_int_equal(n, 0);
    /* null pointers */
    assert_int_equal(td_attrib_find(NULL, 5, two, 2, NULL, 0, a, 4, &n), TD_ATTRIB_EINVAL);
    assert_int_equal(td_attrib_find(text, len, two, 2, NULL, 0, NULL, 4, &n), TD_ATTRIB_EINVAL);
    assert_int_equal(td_attrib_find(text, 0, two, 2, NULL, 0, a, 4, &n), TD_ATTRIB_OK);
    assert_int_equal(n, 0);
    assert_string_equal(td_attrib_strerror(TD_ATTRIB_FULL), "more attributions than room for them");
}

/* ---- the seed reports ---------------------------------------------------- */

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Reads the seeds through the plain splitter, without mentions: every
 * outlet the reports cite should be a source by its text, and an unnamed
 * source should be recognised. */
static void seeds(void **state)
{
    char dir[4096];
    const char *shared = getenv("TD_SHARED");
    const char *src = getenv("TD_SOURCE_DIR");
    if (shared) snprintf(dir, sizeof dir, "%s/seeds", shared);
    else snprintf(dir, sizeof dir, "%s/../shared/seeds", src ? src : ".");
    DIR *d = opendir(dir);
    if (!d) {
        skip();
        return;
    }
    char *names[16];
    int nn = 0;
    struct dirent *e;
    while ((e = readdir(d)) && nn < 16)
        if (e->d_name[0] != '.') names[nn++] = strdup(e->d_name);
    closedir(d);
    qsort(names, (size_t)nn, sizeof *names, by_name);
    static const char *outlets[] = { "Axios", "Financial Times", "PressTV", "Al Jazeera", "CNN" };
    int found[5] = { 0 }, anon = 0, quotes = 0;
    size_t total = 0;
    for (int i = 0; i < nn; i++) {
        char path[8192];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        FILE *f = fopen(path, "rb");
        assert_non_null(f);
        static char buf[1 << 16];
        size_t len = fread(buf, 1, sizeof buf - 1, f);
        fclose(f);
        buf[len] = '\0';
        static run r;
        memset(&r, 0, sizeof r);
        r.text = buf;
        r.len = len;
        r.ns = split(buf, len, r.s, MAXS);
        find(&r);
        total += r.n;
        for (size_t k = 0; k < r.n; k++) {
            const td_attribution *a = &r.a[k];
            assert_true(a->content_end <= len && a->src_end <= len);
            assert_true(a->parent < (int32_t)r.n);
            for (int o = 0; o < 5; o++) {
                size_t l = strlen(outlets[o]);
                for (size_t x = a->src_start; x + l <= a->src_end; x++)
                    if (memcmp(buf + x, outlets[o], l) == 0) found[o] = 1;
            }
            if (a->src_kind == TD_SRC_ANON) anon++;
            if (a->kind == TD_ATTR_QUOTE) quotes++;
        }
        free(names[i]);
    }
    if (nn == 0) {
        skip();
        return;
    }
    for (int o = 0; o < 5; o++)
        if (!found[o]) fail_msg("outlet %s is no source in the seeds", outlets[o]);
    assert_true(anon >= 1);
    assert_true(quotes >= 1);
    assert_true(total >= 10);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(said_that),
        cmocka_unit_test(content_before),
        cmocka_unit_test(inverted),
        cmocka_unit_test(told),
        cmocka_unit_test(statement),
        cmocka_unit_test(according_to),
        cmocka_unit_test(reported),
        cmocka_unit_test(confirmed_declined),
        cmocka_unit_test(speech_verbs),
        cmocka_unit_test(quotes),
        cmocka_unit_test(quote_across_sentences),
        cmocka_unit_test(several_per_sentence),
        cmocka_unit_test(nested),
        cmocka_unit_test(more_constructions),
        cmocka_unit_test(anonymous),
        cmocka_unit_test(kinds_from_mentions),
        cmocka_unit_test(pronouns),
        cmocka_unit_test(not_attributions),
        cmocka_unit_test(hostile_quotes),
        cmocka_unit_test(hostile_arguments),
        cmocka_unit_test(seeds),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
