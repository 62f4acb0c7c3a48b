/* Unit tests: sentences and words (extract/sent.c), mentions
 * (extract/mention.c), resolution (extract/resolve.c) and titles
 * (extract/role.c), through the td_actors facade, with sentences written
 * for each rule and the shipped knowledge base (data/actors). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract/actors.h"
#include "extract/kb.h"

typedef struct world {
    td_kb *kb;
    td_actors *a;
    td_arena arena;
    td_actors_result r;
    const char *text;
} world;

static int setup(void **state)
{
    world *w = calloc(1, sizeof *w);
    char err[512];
    if (td_kb_open(&w->kb, NULL, err, sizeof err) != TD_KB_OK) {
        print_message("knowledge base: %s\n", err);
        free(w);
        return -1;
    }
    w->a = td_actors_new(w->kb);
    if (!w->a)
        return -1;
    td_arena_init(&w->arena);
    *state = w;
    return 0;
}

static int teardown(void **state)
{
    world *w = *state;
    td_arena_free(&w->arena);
    td_actors_free(w->a);
    td_kb_close(w->kb);
    free(w);
    return 0;
}

static void run(world *w, const char *text)
{
    w->text = text;
    assert_int_equal(td_actors_run(w->a, text, strlen(text), &w->arena, &w->r), TD_ACTORS_OK);
}

static const td_mention *find(world *w, const char *name)
{
    size_t l = strlen(name);
    for (size_t k = 0; k < w->r.nmentions; k++) {
        const td_mention *m = &w->r.mentions[k];
        if (m->end - m->start == l && memcmp(w->text + m->start, name, l) == 0)
            return m;
    }
    return NULL;
}

static const td_mention *get(world *w, const char *name)
{
    const td_mention *m = find(w, name);
    if (!m) {
        for (size_t k = 0; k < w->r.nmentions; k++)
            print_message("  [%.*s] %s\n", (int)(w->r.mentions[k].end - w->r.mentions[k].start),
                          w->text + w->r.mentions[k].start,
                          td_ent_type_name(w->r.mentions[k].type));
        fail_msg("no mention [%s]", name);
    }
    return m;
}

static const td_title *title_of(world *w, const td_mention *m, const char *phrase)
{
    size_t l = strlen(phrase);
    int32_t idx = (int32_t)(m - w->r.mentions);
    for (size_t k = 0; k < w->r.ntitles; k++) {
        const td_title *t = &w->r.titles[k];
        if (w->r.mentions[t->mention].entity == w->r.mentions[idx].entity &&
            t->end - t->start == l && memcmp(w->text + t->start, phrase, l) == 0)
            return t;
    }
    for (size_t k = 0; k < w->r.ntitles; k++)
        print_message("  title [%.*s]\n", (int)(w->r.titles[k].end - w->r.titles[k].start),
                      w->text + w->r.titles[k].start);
    fail_msg("no title [%s]", phrase);
    return NULL;
}

/* Abbreviations do not end sentences; real ends do. */
static void sentences(void **state)
{
    world *w = *state;
    run(w, "Lt. Gen. Maria Okafor met U.S. Secretary of Trade Tom Reyes on Oct. 3. "
           "They spoke for an hour.\n\nNo deal was made.");
    assert_int_equal(w->r.seg.nsent, 3);
    const td_span *s = &w->r.seg.sent[1];
    assert_memory_equal(w->text + s->start, "They spoke", 10);
}

/* KB names, demonyms, and unknown names typed by their context. */
static void mentions_typed(void **state)
{
    world *w = *state;
    run(w, "The Kenyan delegation met in Nairobi with Deputy Director Halvard Quist of the "
           "Northern Water Authority. Quist said the Lakeside Farmers Union had agreed.");
    const td_mention *m = get(w, "Kenyan");
    assert_int_equal(m->form, TD_FORM_DEMONYM);
    assert_int_equal(m->type, TD_ENT_COUNTRY);
    assert_int_equal(get(w, "Halvard Quist")->type, TD_ENT_PERSON);
    assert_int_equal(get(w, "Northern Water Authority")->type, TD_ENT_ORG);
    assert_int_equal(get(w, "Lakeside Farmers Union")->type, TD_ENT_ORG);
    /* "The" opening the sentence is not part of any name */
    assert_null(find(w, "The Kenyan"));
}

/* A short form resolves to the full name met before; an acronym to its
 * expansion. */
static void resolution(void **state)
{
    world *w = *state;
    run(w, "Engineer Tomasz Wrobel joined the Baltic Grid Safety Council (BGSC) in May. "
           "Wrobel said the BGSC would publish its findings. Later, Wrobel left.");
    const td_mention *full = get(w, "Tomasz Wrobel");
    const td_mention *shrt = get(w, "Wrobel");
    assert_int_equal(shrt->entity, full->entity);
    assert_int_equal(shrt->form, TD_FORM_SHORT);
    assert_int_equal(shrt->type, TD_ENT_PERSON);
    assert_int_equal(get(w, "BGSC")->entity, get(w, "Baltic Grid Safety Council")->entity);
    assert_string_equal(w->r.entities[full->entity].name, "Tomasz Wrobel");
}

/* Titles: pre-modifier with a country, apposition with what the role is
 * about, a bio sentence. */
static void titles(void **state)
{
    world *w = *state;
    run(w, "Kenyan Foreign Minister Achieng Otieno arrived on Monday. Otieno met Lars Brekke, "
           "the acting Norwegian envoy for Sudan, at noon. Kari Lunde is the news editor of "
           "the Fjord Courier Network.");
    const td_mention *m = get(w, "Achieng Otieno");
    const td_title *t = title_of(w, m, "Kenyan Foreign Minister");
    assert_int_equal(t->attach, TD_TITLE_PREMOD);
    assert_string_equal(t->country, "KEN");
    m = get(w, "Lars Brekke");
    t = title_of(w, m, "the acting Norwegian envoy for Sudan");
    assert_int_equal(t->attach, TD_TITLE_APPOS);
    assert_string_equal(t->country, "NOR");
    assert_string_equal(t->about, "SDN");
    assert_true(t->acting & TD_ROLE_ACTING);
    m = get(w, "Kari Lunde");
    t = title_of(w, m, "the news editor of the Fjord Courier Network");
    assert_int_equal(t->attach, TD_TITLE_BIO);
    assert_true(t->org >= 0);
}

/* A sentence-final period never sticks to a name, even before a closing
 * quote; an abbreviation ICU keeps from ending a sentence ("Org.") still
 * ends one before a new sentence's capital. */
static void final_periods(void **state)
{
    world *w = *state;
    run(w, "\"We will never go back to Oman.\" Talks resumed later.");
    assert_non_null(get(w, "Oman"));
    assert_null(find(w, "Oman."));
    run(w, "She left the Harbour Org. Delmont said nothing.");
    assert_int_equal(w->r.seg.nsent, 2);
    assert_null(find(w, "Harbour Org. Delmont"));
}

/* Runs stop at function words and before a person's given name; hyphened
 * syllables join a name; "the" before a run rules out a person; plain
 * acronyms and Roman numerals are not bodies; "pro-X" and "US$" are not
 * mentions; a KB alias's "The" is left out. */
static void run_shapes(void **state)
{
    world *w = *state;
    run(w, "Delegates of the Marrow Valley Trust met, and Lau Siu-wai and Cheng Chung-tai "
           "spoke at the University of Kestrel Bay Thomas Orrin said. A pro-Beijing rally "
           "cost US$ 40. Their IQ scores and part XVII were cited by The New York Times.");
    assert_int_equal(get(w, "Marrow Valley Trust")->type, TD_ENT_ORG);
    assert_int_equal(get(w, "Lau Siu-wai")->type, TD_ENT_PERSON);
    assert_int_equal(get(w, "Cheng Chung-tai")->type, TD_ENT_PERSON);
    assert_int_equal(get(w, "University of Kestrel Bay")->type, TD_ENT_ORG);
    assert_int_equal(get(w, "Thomas Orrin")->type, TD_ENT_PERSON);
    assert_null(find(w, "Beijing"));
    assert_null(find(w, "US"));
    assert_null(find(w, "IQ"));
    assert_null(find(w, "XVII"));
    assert_non_null(get(w, "New York Times"));
    assert_null(find(w, "The New York Times"));
    run(w, "The strikes, called Operation Silver Dawn, began at night.");
    assert_null(find(w, "Operation Silver Dawn"));
}

/* Places by their head word; one type per entity by a vote of its
 * mentions' evidence; a city that is a person's surname is the person. */
static void typing(void **state)
{
    world *w = *state;
    run(w, "Pilgrims gathered at the Orvand Mosque near the Kelso Memorial Hall. "
           "Former members of Quillonism, who left it, say Quillonism is secretive. "
           "The Quillonism office declined to comment on the Quillonism policy. "
           "Valeska Paris joined in 1990. Paris later said she was kept aboard.");
    assert_int_equal(get(w, "Orvand Mosque")->type, TD_ENT_CITY);
    assert_int_equal(get(w, "Kelso Memorial Hall")->type, TD_ENT_CITY);
    const td_mention *q = find(w, "Quillonism");
    assert_true(q == NULL || q->type != TD_ENT_PERSON);
    const td_mention *p = get(w, "Paris");
    assert_int_equal(p->type, TD_ENT_PERSON);
    assert_int_equal(p->entity, get(w, "Valeska Paris")->entity);
}

/* Buildings are places; in a match report, countries named as sides are
 * their teams, and a country named as a location stays a country. */
static void facilities_and_teams(void **state)
{
    world *w = *state;
    run(w, "Visitors filled the Harrow Planetarium and the Quaile Museum.");
    assert_int_equal(get(w, "Harrow Planetarium")->type, TD_ENT_CITY);
    assert_int_equal(get(w, "Quaile Museum")->type, TD_ENT_CITY);
    run(w, "Belgium defeated Panama 3 - 0 in Russia on Monday. Lukas Verhoef scored two goals "
           "in the match, the second in the 69th minute. Tunisia lost 1 - 2 to England after a "
           "late goal.");
    const td_mention *b = get(w, "Belgium");
    assert_int_equal(b->type, TD_ENT_ORG);
    assert_int_equal(b->kb, -1);
    assert_int_equal(get(w, "Panama")->type, TD_ENT_ORG);
    assert_int_equal(get(w, "England")->type, TD_ENT_ORG);
    assert_int_equal(get(w, "Russia")->type, TD_ENT_COUNTRY);
    /* no scores, no game: countries stay countries */
    run(w, "Belgium and Panama signed a trade deal on Monday.");
    assert_int_equal(get(w, "Belgium")->type, TD_ENT_COUNTRY);
    assert_true(get(w, "Panama")->kb >= 0);
}

static const td_mention *find_inner(world *w, const char *name)
{
    size_t l = strlen(name);
    for (size_t k = 0; k < w->r.ninner; k++) {
        const td_mention *m = &w->r.inner[k];
        if (m->end - m->start == l && memcmp(w->text + m->start, name, l) == 0)
            return m;
    }
    return NULL;
}

/* Names inside names: a known place or person inside an organisation's
 * name, a place before a head word inside a place's, in a list of their
 * own; never a place that merely begins a longer place name. */
static void inner_names(void **state)
{
    world *w = *state;
    run(w, "Officers of the Toronto Police Service met Dana Okafor at the Dana Okafor "
           "Foundation, then visited the University of Southern Indiana. They flew to Mexico City. "
           "Rain fell on New South Wales.");
    assert_int_equal(get(w, "Toronto Police Service")->type, TD_ENT_ORG);
    const td_mention *t = find_inner(w, "Toronto");
    assert_non_null(t);
    assert_int_equal(t->type, TD_ENT_CITY);
    const td_mention *d = find_inner(w, "Dana Okafor");
    assert_non_null(d);
    assert_int_equal(d->type, TD_ENT_PERSON);
    assert_int_equal(d->entity, get(w, "Dana Okafor")->entity);
    assert_non_null(find_inner(w, "Southern Indiana"));
    assert_non_null(find_inner(w, "Mexico"));
    assert_null(find_inner(w, "Wales"));
    /* the outer list is unchanged: no mention overlaps another */
    for (size_t k = 1; k < w->r.nmentions; k++)
        assert_true(w->r.mentions[k].start >= w->r.mentions[k - 1].end);
}

/* A country that fires, says or warns is its government (an
 * organisation mention of the country's entity); one that has or is
 * something stays a place. "the Church" alone is a body; a town before
 * ", Region." is a town; a caption's credit label ends a name. */
static void context_types(void **state)
{
    world *w = *state;
    run(w, "North Korea fired shells on Friday. Thailand has cracked down on smugglers.");
    const td_mention *nk = get(w, "North Korea");
    assert_int_equal(nk->type, TD_ENT_ORG);
    assert_true(nk->kb >= 0);
    assert_int_equal(get(w, "Thailand")->type, TD_ENT_COUNTRY);
    run(w, "Critics of the church wrote to the Church. The Church denied it.");
    assert_int_equal(get(w, "Church")->type, TD_ENT_ORG);
    run(w, "A boy from Quenby, Texas, was arrested. Image: Lee Marwood.");
    assert_int_equal(get(w, "Quenby")->type, TD_ENT_CITY);
    assert_null(find(w, "Image"));
    run(w, "Students cheered for Lina Haddad Image: Lee Marwood.");
    assert_non_null(find(w, "Lina Haddad"));
}

/* Span boundaries: "and" inside a name with one head, two names each
 * with a head; a demonym before a name with "of" stays outside it; an
 * initial and a hyphened particle belong to a person's name. */
static void span_rules(void **state)
{
    world *w = *state;
    run(w, "Engines went to the Harlow Air and Space Museum. Researchers from the Kestrel "
           "Institute of Technology and Colorado Mining University met officials of the Greek "
           "Ministry of Culture and the Municipality of Vellano, in Tuscany.");
    assert_int_equal(get(w, "Harlow Air and Space Museum")->type, TD_ENT_CITY);
    assert_int_equal(get(w, "Kestrel Institute of Technology")->type, TD_ENT_ORG);
    assert_non_null(find(w, "Colorado Mining University"));
    assert_int_equal(get(w, "Ministry of Culture")->type, TD_ENT_ORG);
    assert_int_equal(get(w, "Municipality of Vellano")->type, TD_ENT_ORG);
    const td_mention *v = find_inner(w, "Vellano");
    assert_non_null(v);
    assert_int_equal(v->type, TD_ENT_CITY);
    assert_int_equal(get(w, "Tuscany")->type, TD_ENT_REGION);
    run(w, "The group was founded by the writer L. Dorn Hallam in 1950, said Suleiman al-Amr.");
    assert_int_equal(get(w, "L. Dorn Hallam")->type, TD_ENT_PERSON);
    assert_non_null(find(w, "Suleiman al-Amr"));
}

/* Bodies by the words around a bare name: a body noun after it, "a
 * member of" or "joined" before it; the same name earlier in the article,
 * with no cue of its own, takes that type; a known acronym in capitals
 * opening a clause or in parentheses is the body, not a pronoun. */
static void body_cues(void **state)
{
    world *w = *state;
    run(w, "Critics within Quillonry spoke. Later the Quillonry organization replied. "
           "Ada Brenner, a member of Tessaline, and Omar Vey, who joined Corvantis, agreed.");
    const td_mention *m = get(w, "Quillonry");
    assert_int_equal(m->type, TD_ENT_ORG);
    assert_int_equal(get(w, "Tessaline")->type, TD_ENT_ORG);
    assert_int_equal(get(w, "Corvantis")->type, TD_ENT_ORG);
    assert_int_equal(get(w, "Ada Brenner")->type, TD_ENT_PERSON);
    /* an opening capital is no name on a body noun alone */
    run(w, "Volunteer organization Brindle Aid collects books.");
    assert_null(find(w, "Volunteer"));
    /* a bare article is too weak a cue to type earlier mentions */
    run(w, "He sold Marvolens to collectors. The Marvolens were rare.");
    assert_int_equal(get(w, "Marvolens")->start, strstr(w->text, "Marvolens were") - w->text);
    run(w, "The World Health Organisation (WHO) advises salt. WHO say it works.");
    assert_int_equal(get(w, "World Health Organisation")->type, TD_ENT_ORG);
    assert_int_equal(get(w, "WHO")->type, TD_ENT_ORG);
    const char *second = strstr(w->text, "WHO say");
    int both = 0;
    for (size_t k = 0; k < w->r.nmentions; k++)
        both += w->r.mentions[k].start == (size_t)(second - w->text);
    assert_int_equal(both, 1);
}

/* Runs with no head and no given name: an acronym first is no person's
 * name, a country last makes a body of it, an unknown acronym last a
 * thing; a head labelled by a letter; in "X of Y" the head ends X. */
static void headless_runs(void **state)
{
    world *w = *state;
    run(w, "Officials told RB Gazettes that Weather Kenya staff and the Brindle Corps of "
           "Canada met Group H, then left. He bought a Holvane XR on Monday. K.C. Doravel agreed.");
    assert_int_equal(get(w, "RB Gazettes")->type, TD_ENT_ORG);
    assert_int_equal(get(w, "Weather Kenya")->type, TD_ENT_ORG);
    assert_int_equal(get(w, "Brindle Corps of Canada")->type, TD_ENT_ORG);
    assert_int_equal(get(w, "Group H")->type, TD_ENT_ORG);
    assert_null(find(w, "Holvane XR"));
    assert_int_equal(get(w, "K.C. Doravel")->type, TD_ENT_PERSON);
}

/* Hostile input: nothing, one huge capitalised run, a long text of
 * repeated names; all bounded. */
static void hostile(void **state)
{
    world *w = *state;
    run(w, "");
    assert_int_equal(w->r.nmentions, 0);
    size_t n = 1u << 20;
    char *big = malloc(n + 1);
    for (size_t i = 0; i < n; i += 6)
        memcpy(big + i, "Abcd  ", n - i < 6 ? n - i : 6);
    big[n] = 0;
    run(w, big);
    assert_true(w->r.nmentions <= TD_MENTION_MAX);
    for (size_t i = 0; i < n; i++)
        big[i] = (char)(i % 7 == 0 ? '(' : i % 5 == 0 ? '.' : 'A');
    run(w, big);
    free(big);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sentences), cmocka_unit_test(mentions_typed),
        cmocka_unit_test(resolution), cmocka_unit_test(titles),
        cmocka_unit_test(final_periods), cmocka_unit_test(run_shapes), cmocka_unit_test(typing),
        cmocka_unit_test(facilities_and_teams), cmocka_unit_test(inner_names),
        cmocka_unit_test(context_types), cmocka_unit_test(span_rules),
        cmocka_unit_test(body_cues), cmocka_unit_test(headless_runs),
        cmocka_unit_test(hostile),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
