/*
 * sqlite_int.h -- what the SQLite backend's files share: the handle and
 * a few binding helpers. Private to src/store/.
 */
#ifndef TD_STORE_SQLITE_INT_H
#define TD_STORE_SQLITE_INT_H

#include <sqlite3.h>

#include "store/store.h"

/* Slots of the statements prepared on first use and kept for the
 * handle's life: sqlite_actors.c's first, then the clustering writes,
 * which run once per story or per article. */
enum { SQ_NSTMT_ACTORS = 8,
       SQ_PUT_STORY = SQ_NSTMT_ACTORS, SQ_PUT_MERGE, SQ_SET_STORY, SQ_SET_DATE, SQ_CLEAR_TIMEX,
       SQ_DROP_STORY, SQ_MOVE_STORY, SQ_SPAN_STORY, SQ_PUT_STATE, SQ_GET_STATE, SQ_GET_ARTICLE,
       SQ_NSTMT };

typedef struct sq_store {
    td_store base;
    sqlite3 *db;
    sqlite3_stmt *put, *find_hash, *put_raw, *put_timex, *put_quantity;
    sqlite3_stmt *stmt[SQ_NSTMT]; /* made on first use (sq_stmt) */
    int64_t run; /* the ingest run articles are stored under */
} sq_store;

td_status sq_fail(sq_store *s, const char *what);
void sq_bind_text(sqlite3_stmt *st, int i, const char *s);
const char *sq_col_text(sqlite3_stmt *st, int i);
/* Prepares sql once into s->stmt[slot] (kept for the handle's life), and
 * hands it back reset, with no bindings; NULL when it does not prepare. */
sqlite3_stmt *sq_stmt(sq_store *s, int slot, const char *sql);
/* Prepares "head WHERE c1 = ?1 AND c2 = ?2 tail" with only the filters
 * whose value is not 0 (neither: no WHERE) and binds them; NULL when it
 * does not prepare. Written out rather than "?1 = 0 OR c1 = ?1", through
 * which SQLite cannot use an index: an export read the whole mention
 * table once per entity (minutes for 10,000 articles). */
sqlite3_stmt *sq_prepare_by(sq_store *s, const char *head, const char *c1, int64_t v1,
                            const char *c2, int64_t v2, const char *tail);
/* Runs a bound statement that returns no rows and resets it (a kept
 * statement holds its read lock until reset); TD_EDB naming what when it
 * does not finish. */
td_status sq_step_done(sq_store *s, sqlite3_stmt *st, const char *what);

/* sqlite_actors.c */
td_status sq_put_entity(td_store *b, const td_entity_in *e, int64_t *id);
td_status sq_put_mention(td_store *b, const td_mention_row *m);
td_status sq_put_title(td_store *b, const td_title_row *t, size_t start, size_t end);
td_status sq_put_attribution(td_store *b, const td_attribution_row *a);
td_status sq_entities(td_store *b, const td_entity_opts *o, int64_t id, const char *name,
                      td_entity_cb fn, void *ctx);
td_status sq_aliases(td_store *b, int64_t entity, td_alias_cb fn, void *ctx);
td_status sq_titles(td_store *b, int64_t entity, td_title_cb fn, void *ctx);
td_status sq_mentions(td_store *b, int64_t article, int64_t entity, td_mention_cb fn, void *ctx);
td_status sq_attributions(td_store *b, int64_t article, int64_t entity, td_attribution_cb fn,
                          void *ctx);

#endif
