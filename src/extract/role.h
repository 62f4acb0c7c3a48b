/*
 * role.h -- titles and roles attached to the people they describe.
 *
 * News gives a person's office in a few fixed shapes, all found here
 * from the titles lexicon of the knowledge base (td_kb_title) and the
 * resolved mentions:
 *
 *   pre-modifier   "Iranian Foreign Minister Abbas Araghchi",
 *                  "Brig. Gen. Mohammad Reza Zahedi" (a rank),
 *                  "deputy special envoy for Iran Abram Paley"
 *   apposition     "Brett McGurk, President Biden's top Middle East
 *                  adviser,", "Abram Paley, the acting U.S. envoy for
 *                  Iran", and the other way round: "the administration's
 *                  top official for Iran, Abram Paley,"
 *   bio            "Dave DeCamp is the news editor of Antiwar.com"
 *   predicate      "X, who serves as / who is the ..."
 *
 * A title records its phrase, its canonical role, flags (acting, deputy,
 * former, special), the country the office belongs to (from a demonym, a
 * country, a possessive or an organisation's KB country: "U.S. envoy" ->
 * USA), what it is about ("envoy for Iran" -> IRN) and the organisation
 * mention it names ("spokesperson of the State Department"). A rank next
 * to the name and an office before it ("commander General X") give two
 * titles.
 */
#ifndef TD_EXTRACT_ROLE_H
#define TD_EXTRACT_ROLE_H

#include <stddef.h>

#include "extract/entity.h"
#include "extract/kb.h"
#include "extract/mention.h"
#include "extract/sent.h"
#include "util/arena.h"

enum { TD_ROLE_OK = 0, TD_ROLE_ENOMEM = 1 };

/* Finds the titles of the person mentions in ms (resolved, in text
 * order). Titles come out ordered by mention; arrays live in arena.
 * Without a KB there are no titles. */
int td_role_find(const td_kb *kb, const char *text, const td_sent_doc *d, const td_mention_list *ms,
                 td_arena *arena, td_title **out, size_t *n);

#endif
