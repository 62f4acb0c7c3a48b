/*
 * actors.h -- the core's use of the actor stages: loading the knowledge
 * base for an ingest, and storing an article's entities, mentions,
 * titles and attributions (merging its entities into the store's).
 */
#ifndef TD_CORE_ACTORS_H
#define TD_CORE_ACTORS_H

#include "core/db.h"
#include "extract/actors.h"

/* Makes sure db->kb is loaded: the bundled data plus the user's files.
 * The KB is kept on the handle for later ingests with the same files. */
td_status td_core_kb(td_db *db, const td_ingest_opts *o, char *err, size_t errlen);

/* Stores what td_actors_run found in article id's body. Runs on the
 * storing thread, inside the ingest's transaction. */
td_status td_core_store_actors(td_store *s, const td_kb *kb, int64_t id, const char *body,
                               size_t len, const td_actors_result *r, td_arena *arena);

#endif
