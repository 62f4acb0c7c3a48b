/*
 * resolve.h -- in-article resolution: which mentions name the same thing.
 *
 * Within one article, mentions are grouped into local entities:
 *
 *  - the same knowledge-base entry ("U.S.", "United States", "American");
 *  - the same name, case and possessive aside ("the State Department",
 *    "State Department's");
 *  - a short form of a person's name used before ("Araghchi", "Mohammad
 *    Reza Zahedi" -> "Zahedi"): any run of consecutive words of a longer
 *    person name; when two people share the word, the nearest one before;
 *  - an acronym given in parentheses after a name ("International Atomic
 *    Energy Agency (IAEA)"), or whose letters are the initials of an
 *    organisation named in the article.
 *
 * Resolution also settles types, one per entity: an entity takes its KB
 * type, else the type its mentions' evidence votes for, each vote
 * weighted by its cue (an organisation head word over a title, over a
 * given name, over context, over a bare guess, each worth four of the
 * next), and every mention of it takes that type. A one-word KB city
 * that is the surname of a person the article names ("Valeska Paris" ...
 * "Paris said") is that person. Weak candidates (TD_ENT_NONE, see mention.h)
 * that resolve to nothing are removed, so the mention array shrinks.
 *
 * After typing, a country mention that is the subject of a verb only a
 * state does as a body ("North Korea fired", "Iran says") is an
 * organisation mention; its entity stays the country.
 *
 * Each entity's name is the fullest form the article uses; with its KB id
 * (if any) it is the key other stages use to merge entities across
 * articles.
 */
#ifndef TD_EXTRACT_RESOLVE_H
#define TD_EXTRACT_RESOLVE_H

#include <stddef.h>

#include "extract/entity.h"
#include "extract/kb.h"
#include "extract/mention.h"
#include "extract/sent.h"
#include "util/arena.h"

enum { TD_RESOLVE_OK = 0, TD_RESOLVE_ENOMEM = 1 };

/* Resolves ms in place (drops weak leftovers, sets type, form and entity
 * of each mention) and returns the entities in order of first mention.
 * kb may be NULL. */
int td_resolve(const td_kb *kb, const char *text, const td_sent_doc *d, td_mention_list *ms,
               td_arena *arena, td_local_entity **ents, size_t *nents);

/* Names inside the names resolution kept: a place or person that an
 * organisation's or place's name contains ("Irving" in "Irving Police
 * Department", "North Carolina" in "University of North Carolina",
 * "Andy Warhol" in "Andy Warhol Foundation", "Mexico" in "Mexico City").
 * An inner name is a KB country, city, region or person, or words that
 * name a person or place elsewhere in the article; a place inside a
 * place's name only when that name is made with a head word ("Hong Kong
 * Island", "Gulf of Oman"; not "Wales" in "New South Wales"). Inner mentions overlap the outer ones,
 * so they come in a list of their own (text order by outer mention), with
 * the entity the article resolves them to, or -1; the stages after
 * resolution read only the outer list. */
int td_resolve_inner(const td_kb *kb, const char *text, const td_sent_doc *d,
                     const td_mention_list *ms, td_arena *arena, td_mention_list *out);

#endif
