/*
 * mention.h -- names of people, organisations, places and outlets in an
 * article body.
 *
 * Two sources of mentions, in one left-to-right pass over each sentence:
 *
 *  1. the knowledge base (kb.h): the longest known name, alias, acronym or
 *     demonym starting at a capitalised token ("the Financial Times",
 *     "U.S.", "Iranian");
 *  2. runs of capitalised words the KB does not know ("Abram Paley",
 *     "Quds Force"), typed by the evidence around them, strongest first:
 *     an organisation or place head word ("Ministry", "Council", "Corp",
 *     "University", "Guards", "River", "Province"), a title right before
 *     ("Deputy Spokesman Vedant Patel", "Mr. Jones"), a known given name
 *     first, a speech verb or an age after ("X said", "X, 43,"), a place
 *     cue before ("in X", "near X").
 *
 * A run with no evidence is kept as a *weak* candidate with type
 * TD_ENT_NONE; in-article resolution (resolve.h) types it when it names
 * something the article names elsewhere ("Araghchi" after "Abbas
 * Araghchi") and drops it otherwise. Sentence-initial capitals are not
 * taken as names when the word is a function word or appears in lower
 * case elsewhere in the text; headline-case sentences (most words
 * capitalised) yield only KB names and weak candidates.
 *
 * Runs stop at a capitalised function word ("In", "He": a caption run
 * into a sentence) and before a known given name that follows words not
 * starting a person's name ("NASA Administrator Charles Bolden"); they
 * take hyphened lower-case syllables of a name ("Cheng Chung-tai") but
 * not modifiers ("Iran-backed"). "the" before a run rules out a person;
 * in "X of Y" the head word is X's; acronyms of measures and formats
 * ("IQ", "HTML") and Roman numerals are not bodies; "pro-Beijing" and
 * "US$" are not mentions; "Operation X" names no actor.
 *
 * "X and Y Head" is one name when X has no head word ("National Air and
 * Space Museum"); "X of Y and Z Head" is two when Z begins a known name.
 * A place before a head run is part of the name ("U.S. Department of
 * Agriculture"); a demonym before a name built with "of" is not ("Greek |
 * Ministry of Culture"). "the Church" alone is a body; "X, Texas." is a
 * town; caption credit labels ("Image:") end a name and name nothing.
 *
 * Spans never include a leading "the"/"The" (also of a KB alias: "The
 * Straits Times" -> "Straits Times"), a possessive "'s", nor a sentence's
 * final period glued to the last word ("Oman.").
 */
#ifndef TD_EXTRACT_MENTION_H
#define TD_EXTRACT_MENTION_H

#include <stddef.h>
#include <stdint.h>

#include "extract/entity.h"
#include "extract/kb.h"
#include "extract/sent.h"
#include "util/arena.h"

/* What typed a candidate (for resolution, and for debugging). */
enum {
    TD_CUE_NONE = 0, /* weak: nothing but capitals */
    TD_CUE_KB,       /* a knowledge-base name */
    TD_CUE_HEAD,     /* an organisation or place head word */
    TD_CUE_TITLE,    /* a title or honorific right before */
    TD_CUE_GIVEN,    /* starts with a known given name */
    TD_CUE_CONTEXT   /* a speech verb, an age, a place preposition */
};

/* What the later stages need beyond td_mention. */
typedef struct td_mention_info {
    uint32_t tok0, tok1; /* tokens [tok0, tok1) of the name */
    uint8_t cue;         /* TD_CUE_* */
    uint8_t possessive;  /* the name was written "X's" */
    uint8_t headline;    /* found in a headline-case sentence */
} td_mention_info;

typedef struct td_mention_list {
    td_mention *m;
    td_mention_info *info;
    size_t n;
} td_mention_list;

/* Caps on work: mentions per article, tokens per name. */
#define TD_MENTION_MAX 20000u
#define TD_MENTION_MAXRUN 8u

enum { TD_MENTION_OK = 0, TD_MENTION_ENOMEM = 1 };

/* Finds candidates in text (as segmented in d). Mentions come out in text
 * order with entity = -1; arrays live in arena. kb may be NULL (then only
 * capitalised runs are found). */
int td_mention_find(const td_kb *kb, const char *text, const td_sent_doc *d, td_arena *arena,
                    td_mention_list *out);

/* Whether the token t[0..n) is, case aside, one of the heads that make a
 * capitalised run an organisation (returns TD_ENT_ORG or TD_ENT_OUTLET)
 * or a place (TD_ENT_REGION, TD_ENT_CITY); TD_ENT_NONE otherwise. */
int td_mention_head(const char *t, size_t n);

#endif
