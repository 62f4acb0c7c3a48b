/*
 * sqlite_actors.c -- entities, mentions, titles and attributions in the
 * SQLite store.
 *
 * Entities are merged across articles here, in the one thread that
 * stores, so that the same input always gives the same entity ids: by key
 * (a knowledge-base id, or the type and normalised full name), and a
 * person an article names by surname alone joins the one person of that
 * surname the store knows -- when there is exactly one.
 */
#include <stdio.h>
#include <string.h>

#include "store/sqlite_int.h"

enum { S_FIND_KEY, S_FIND_SURNAME, S_INSERT, S_COUNT, S_ALIAS, S_MENTION, S_TITLE, S_ATTR };

static int64_t find_one(sqlite3_stmt *st, int *rows)
{
    int64_t id = 0;
    *rows = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (++*rows == 1) id = sqlite3_column_int64(st, 0);
        if (*rows > 1) break;
    }
    sqlite3_reset(st);
    return id;
}

td_status sq_put_entity(td_store *b, const td_entity_in *e, int64_t *id)
{
    sq_store *s = (sq_store *)b;
    int rows;
    sqlite3_stmt *st = sq_stmt(s, S_FIND_KEY, "SELECT id FROM entity WHERE key = ?");
    if (!st) return sq_fail(s, "finding an entity");
    sq_bind_text(st, 1, e->key);
    *id = find_one(st, &rows);
    if (!*id && e->single && e->surname && strcmp(e->type, "person") == 0) {
        st = sq_stmt(s, S_FIND_SURNAME,
                     "SELECT id FROM entity WHERE type = 'person' AND surname = ? LIMIT 2");
        if (!st) return sq_fail(s, "finding an entity");
        sq_bind_text(st, 1, e->surname);
        int64_t cand = find_one(st, &rows);
        if (rows == 1) *id = cand;
    }
    if (!*id) {
        st = sq_stmt(s, S_INSERT,
                     "INSERT INTO entity(key, name, type, kb_id, surname) VALUES (?,?,?,?,?)");
        if (!st) return sq_fail(s, "storing an entity");
        sq_bind_text(st, 1, e->key);
        sq_bind_text(st, 2, e->name);
        sq_bind_text(st, 3, e->type);
        sq_bind_text(st, 4, e->kb_id);
        sq_bind_text(st, 5, e->surname);
        td_status ts = sq_step_done(s, st, "storing an entity");
        if (ts != TD_OK) return ts;
        *id = sqlite3_last_insert_rowid(s->db);
    }
    st = sq_stmt(s, S_COUNT,
                 "UPDATE entity SET mentions = mentions + ?2, articles = articles + 1"
                 " WHERE id = ?1");
    if (!st) return sq_fail(s, "counting an entity");
    sqlite3_bind_int64(st, 1, *id);
    sqlite3_bind_int64(st, 2, e->mentions);
    td_status ts = sq_step_done(s, st, "counting an entity");
    if (ts != TD_OK) return ts;
    for (size_t i = 0; i < e->naliases; i++) {
        st = sq_stmt(s, S_ALIAS,
                     "INSERT INTO entity_alias(entity_id, alias, count) VALUES (?,?,1)"
                     " ON CONFLICT(entity_id, alias) DO UPDATE SET count = count + 1");
        if (!st) return sq_fail(s, "storing an alias");
        sqlite3_bind_int64(st, 1, *id);
        sq_bind_text(st, 2, e->aliases[i]);
        if ((ts = sq_step_done(s, st, "storing an alias")) != TD_OK) return ts;
    }
    return TD_OK;
}

td_status sq_put_mention(td_store *b, const td_mention_row *m)
{
    sq_store *s = (sq_store *)b;
    sqlite3_stmt *st = sq_stmt(s, S_MENTION,
                               "INSERT INTO mention(article_id, entity_id, start, end, sentence,"
                               " type, form, text) VALUES (?,?,?,?,?,?,?,?)");
    if (!st) return sq_fail(s, "storing a mention");
    sqlite3_bind_int64(st, 1, m->article);
    sqlite3_bind_int64(st, 2, m->entity);
    sqlite3_bind_int64(st, 3, (sqlite3_int64)m->start);
    sqlite3_bind_int64(st, 4, (sqlite3_int64)m->end);
    sqlite3_bind_int64(st, 5, m->sentence);
    sq_bind_text(st, 6, m->type);
    sq_bind_text(st, 7, m->form);
    sq_bind_text(st, 8, m->text);
    return sq_step_done(s, st, "storing a mention");
}

td_status sq_put_title(td_store *b, const td_title_row *t, size_t start, size_t end)
{
    sq_store *s = (sq_store *)b;
    sqlite3_stmt *st = sq_stmt(s, S_TITLE,
                               "INSERT INTO title(entity_id, article_id, start, end, text, role,"
                               " country, about, attach) VALUES (?,?,?,?,?,?,?,?,?)");
    if (!st) return sq_fail(s, "storing a title");
    sqlite3_bind_int64(st, 1, t->entity);
    sqlite3_bind_int64(st, 2, t->article);
    sqlite3_bind_int64(st, 3, (sqlite3_int64)start);
    sqlite3_bind_int64(st, 4, (sqlite3_int64)end);
    sq_bind_text(st, 5, t->text);
    sq_bind_text(st, 6, t->role);
    sq_bind_text(st, 7, t->country);
    sq_bind_text(st, 8, t->about);
    sq_bind_text(st, 9, t->attach);
    return sq_step_done(s, st, "storing a title");
}

td_status sq_put_attribution(td_store *b, const td_attribution_row *a)
{
    sq_store *s = (sq_store *)b;
    sqlite3_stmt *st =
        sq_stmt(s, S_ATTR,
                "INSERT INTO attribution(article_id, idx, parent, sentence, source,"
                " source_entity, source_kind, cue, kind, content, content_start, content_end)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?)");
    if (!st) return sq_fail(s, "storing an attribution");
    sqlite3_bind_int64(st, 1, a->article);
    sqlite3_bind_int64(st, 2, a->idx);
    if (a->parent >= 0) sqlite3_bind_int64(st, 3, a->parent);
    sqlite3_bind_int64(st, 4, a->sentence);
    sq_bind_text(st, 5, a->source);
    if (a->source_entity) sqlite3_bind_int64(st, 6, a->source_entity);
    sq_bind_text(st, 7, a->source_kind);
    sq_bind_text(st, 8, a->cue);
    sq_bind_text(st, 9, a->kind);
    sq_bind_text(st, 10, a->content);
    sqlite3_bind_int64(st, 11, (sqlite3_int64)a->content_start);
    sqlite3_bind_int64(st, 12, (sqlite3_int64)a->content_end);
    return sq_step_done(s, st, "storing an attribution");
}

/* ---- reading ------------------------------------------------------------- */

/* The outlets naming an entity, as a JSON array, only when asked: the
 * join over its mentions is the costly part of a listing. */
#define OUTLETS_SQL                                                                  \
    "(SELECT json_group_array(o) FROM (SELECT DISTINCT a.outlet AS o FROM mention m" \
    " JOIN article a ON a.id = m.article_id WHERE m.entity_id = e.id"                \
    " AND a.outlet IS NOT NULL ORDER BY 1))"

td_status sq_entities(td_store *b, const td_entity_opts *o, int64_t id, const char *name,
                      td_entity_cb fn, void *ctx)
{
    sq_store *s = (sq_store *)b;
    td_entity_opts none = {0};
    if (!o) o = &none;
    int outlets = o->with_outlets || id || name;
    char sql[1024];
    const char *where;
    if (id) where = "e.id = ?1";
    else if (name)
        /* an exact name or alias first; failing that, names containing it */
        where = "(e.name = ?2 COLLATE NOCASE OR e.id IN (SELECT entity_id FROM entity_alias"
                " WHERE alias = ?2 COLLATE NOCASE)) OR (NOT EXISTS (SELECT 1 FROM entity"
                " x WHERE x.name = ?2 COLLATE NOCASE) AND NOT EXISTS (SELECT 1 FROM"
                " entity_alias y WHERE y.alias = ?2 COLLATE NOCASE) AND e.name LIKE"
                " '%' || ?2 || '%')";
    else
        where = "(?3 IS NULL OR e.type = ?3) AND (?4 = 0 OR e.id IN (SELECT entity_id FROM"
                " mention WHERE article_id = ?4))";
    snprintf(sql, sizeof sql,
             "SELECT *, coalesce(json_array_length(ol), 0) FROM (SELECT e.id, e.name, e.type,"
             " e.kb_id, e.mentions, e.articles, %s AS ol FROM entity e"
             " WHERE %s ORDER BY e.mentions DESC, e.id LIMIT ?5) ORDER BY mentions DESC, id",
             outlets ? OUTLETS_SQL : "NULL", where);
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
        return sq_fail(s, "reading entities");
    sqlite3_bind_int64(st, 1, id);
    sq_bind_text(st, 2, name);
    sq_bind_text(st, 3, o->type);
    sqlite3_bind_int64(st, 4, o->article);
    sqlite3_bind_int64(st, 5, o->limit ? (sqlite3_int64)o->limit : -1);
    int rc, found = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        td_entity_row e = {0};
        e.id = sqlite3_column_int64(st, 0);
        e.name = sq_col_text(st, 1);
        e.type = sq_col_text(st, 2);
        e.kb_id = sq_col_text(st, 3);
        e.mentions = (uint32_t)sqlite3_column_int64(st, 4);
        e.articles = (uint32_t)sqlite3_column_int64(st, 5);
        e.outlet_list = sq_col_text(st, 6);
        e.outlets = (uint32_t)sqlite3_column_int64(st, 7);
        found++;
        if (fn(ctx, &e)) {
            rc = SQLITE_DONE;
            break;
        }
    }
    td_status r = rc == SQLITE_DONE ? TD_OK : sq_fail(s, "reading entities");
    sqlite3_finalize(st);
    if (r == TD_OK && id && !found) {
        snprintf(s->base.err, sizeof s->base.err, "no entity %lld", (long long)id);
        return TD_ENOTFOUND;
    }
    return r;
}

td_status sq_aliases(td_store *b, int64_t entity, td_alias_cb fn, void *ctx)
{
    sq_store *s = (sq_store *)b;
    sqlite3_stmt *st = sq_prepare_by(s, "SELECT entity_id, alias, count FROM entity_alias",
                                     "entity_id", entity, NULL, 0,
                                     "ORDER BY entity_id, count DESC, alias");
    if (!st) return sq_fail(s, "reading aliases");
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        td_alias_row a = {sqlite3_column_int64(st, 0), sq_col_text(st, 1),
                          (uint32_t)sqlite3_column_int64(st, 2)};
        if (fn(ctx, &a)) {
            rc = SQLITE_DONE;
            break;
        }
    }
    td_status r = rc == SQLITE_DONE ? TD_OK : sq_fail(s, "reading aliases");
    sqlite3_finalize(st);
    return r;
}

td_status sq_titles(td_store *b, int64_t entity, td_title_cb fn, void *ctx)
{
    sq_store *s = (sq_store *)b;
    sqlite3_stmt *st = sq_prepare_by(s,
                                     "SELECT t.entity_id, t.article_id, a.outlet, t.text, t.role,"
                                     " t.country, t.about, t.attach FROM title t"
                                     " JOIN article a ON a.id = t.article_id",
                                     "t.entity_id", entity, NULL, 0,
                                     "ORDER BY t.entity_id, t.article_id, t.start");
    if (!st) return sq_fail(s, "reading titles");
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        td_title_row t = {sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1),
                          sq_col_text(st, 2), sq_col_text(st, 3), sq_col_text(st, 4),
                          sq_col_text(st, 5), sq_col_text(st, 6), sq_col_text(st, 7)};
        if (fn(ctx, &t)) {
            rc = SQLITE_DONE;
            break;
        }
    }
    td_status r = rc == SQLITE_DONE ? TD_OK : sq_fail(s, "reading titles");
    sqlite3_finalize(st);
    return r;
}

td_status sq_mentions(td_store *b, int64_t article, int64_t entity, td_mention_cb fn, void *ctx)
{
    sq_store *s = (sq_store *)b;
    sqlite3_stmt *st = sq_prepare_by(s,
                                     "SELECT article_id, entity_id, start, end, sentence, text,"
                                     " type, form FROM mention",
                                     "article_id", article, "entity_id", entity,
                                     "ORDER BY article_id, start");
    if (!st) return sq_fail(s, "reading mentions");
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        td_mention_row m = {sqlite3_column_int64(st, 0),
                            sqlite3_column_int64(st, 1),
                            (size_t)sqlite3_column_int64(st, 2),
                            (size_t)sqlite3_column_int64(st, 3),
                            (uint32_t)sqlite3_column_int64(st, 4),
                            sq_col_text(st, 5),
                            sq_col_text(st, 6),
                            sq_col_text(st, 7)};
        if (fn(ctx, &m)) {
            rc = SQLITE_DONE;
            break;
        }
    }
    td_status r = rc == SQLITE_DONE ? TD_OK : sq_fail(s, "reading mentions");
    sqlite3_finalize(st);
    return r;
}

td_status sq_attributions(td_store *b, int64_t article, int64_t entity, td_attribution_cb fn,
                          void *ctx)
{
    sq_store *s = (sq_store *)b;
    sqlite3_stmt *st = sq_prepare_by(s,
                                     "SELECT t.article_id, t.idx, coalesce(t.parent, -1),"
                                     " t.sentence, t.source, coalesce(t.source_entity, 0),"
                                     " t.source_kind, t.cue, t.kind, t.content, t.content_start,"
                                     " t.content_end, a.outlet"
                                     " FROM attribution t JOIN article a ON a.id = t.article_id",
                                     "t.article_id", article, "t.source_entity", entity,
                                     "ORDER BY t.article_id, t.idx");
    if (!st) return sq_fail(s, "reading attributions");
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        td_attribution_row a;
        a.article = sqlite3_column_int64(st, 0);
        a.idx = (uint32_t)sqlite3_column_int64(st, 1);
        a.parent = (int32_t)sqlite3_column_int64(st, 2);
        a.sentence = (uint32_t)sqlite3_column_int64(st, 3);
        a.source = sq_col_text(st, 4);
        a.source_entity = sqlite3_column_int64(st, 5);
        a.source_kind = sq_col_text(st, 6);
        a.cue = sq_col_text(st, 7);
        a.kind = sq_col_text(st, 8);
        a.content = sq_col_text(st, 9);
        a.content_start = (size_t)sqlite3_column_int64(st, 10);
        a.content_end = (size_t)sqlite3_column_int64(st, 11);
        a.outlet = sq_col_text(st, 12);
        if (fn(ctx, &a)) {
            rc = SQLITE_DONE;
            break;
        }
    }
    td_status r = rc == SQLITE_DONE ? TD_OK : sq_fail(s, "reading attributions");
    sqlite3_finalize(st);
    return r;
}
