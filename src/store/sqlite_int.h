/*
 * sqlite_int.h -- what the SQLite backend's files share: the handle and
 * a few binding helpers. Private to src/store/.
 */
#ifndef TD_STORE_SQLITE_INT_H
#define TD_STORE_SQLITE_INT_H

#include <sqlite3.h>

#include "store/store.h"

enum { SQ_NSTMT_ACTORS = 8 };

typedef struct sq_store {
    td_store base;
    sqlite3 *db;
    sqlite3_stmt *put, *find_hash, *put_raw, *set_story, *put_timex, *put_quantity;
    /* sqlite_actors.c's prepared statements, made on first use */
    sqlite3_stmt *actors[SQ_NSTMT_ACTORS];
    int64_t run; /* the ingest run articles are stored under */
} sq_store;

td_status sq_fail(sq_store *s, const char *what);
void sq_bind_text(sqlite3_stmt *st, int i, const char *s);
const char *sq_col_text(sqlite3_stmt *st, int i);
/* Prepares sql once into s->actors[slot] (kept for the handle's life). */
sqlite3_stmt *sq_stmt(sq_store *s, int slot, const char *sql);

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
