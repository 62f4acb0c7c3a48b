/*
 * sqlite.c -- the embedded store: SQLite in WAL mode, FTS5 over titles and
 * bodies, raw input kept zlib-compressed.
 *
 * The schema is versioned with PRAGMA user_version; each migration below
 * takes the database one version forward inside a transaction, so an old
 * database opened by a newer tidings is brought up to date once.
 */
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "store/sqlite_int.h"

/* ---- schema --------------------------------------------------------------- */

static const char *const migrations[] = {
    /* 1: articles, their raw input, full-text index. */
    "CREATE TABLE article ("
    "  id INTEGER PRIMARY KEY,"
    "  content_hash TEXT NOT NULL UNIQUE,"
    "  source_path TEXT NOT NULL,"
    "  format TEXT NOT NULL,"
    "  url TEXT, outlet TEXT, title TEXT, author TEXT, language TEXT,"
    "  published TEXT,"
    "  published_from TEXT NOT NULL DEFAULT 'unknown',"
    "  ingested_at INTEGER NOT NULL,"
    "  body TEXT NOT NULL,"
    "  extra_json TEXT,"
    "  raw_len INTEGER NOT NULL);"
    "CREATE INDEX article_outlet ON article(outlet);"
    "CREATE INDEX article_published ON article(published);"
    "CREATE TABLE article_raw ("
    "  article_id INTEGER PRIMARY KEY REFERENCES article(id) ON DELETE CASCADE,"
    "  codec TEXT NOT NULL,"
    "  data BLOB NOT NULL);"
    "CREATE VIRTUAL TABLE article_fts USING fts5(title, body, content='article',"
    "  content_rowid='id', tokenize='porter unicode61 remove_diacritics 2');"
    "CREATE TRIGGER article_ai AFTER INSERT ON article BEGIN"
    "  INSERT INTO article_fts(rowid, title, body) VALUES (new.id, new.title, new.body);"
    "END;"
    "CREATE TRIGGER article_ad AFTER DELETE ON article BEGIN"
    "  INSERT INTO article_fts(article_fts, rowid, title, body)"
    "  VALUES ('delete', old.id, old.title, old.body);"
    "END;"
    "CREATE TRIGGER article_au AFTER UPDATE OF title, body ON article BEGIN"
    "  INSERT INTO article_fts(article_fts, rowid, title, body)"
    "  VALUES ('delete', old.id, old.title, old.body);"
    "  INSERT INTO article_fts(rowid, title, body) VALUES (new.id, new.title, new.body);"
    "END;",
    /* 2: where each field came from. */
    "ALTER TABLE article ADD COLUMN provenance TEXT;",
    /* 3: copies, stories and threads. Stories are rebuilt by td_cluster;
     * last_seq is their place in clustering order. */
    "ALTER TABLE article ADD COLUMN run INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE article ADD COLUMN story_id INTEGER;"
    "ALTER TABLE article ADD COLUMN duplicate_of INTEGER;"
    "ALTER TABLE article ADD COLUMN dup_similarity REAL;"
    "CREATE INDEX article_story ON article(story_id);"
    "CREATE TABLE story ("
    "  id INTEGER PRIMARY KEY,"
    "  thread_id INTEGER NOT NULL,"
    "  title TEXT,"
    "  articles INTEGER NOT NULL,"
    "  copies INTEGER NOT NULL,"
    "  outlets INTEGER NOT NULL,"
    "  outlet_list TEXT,"
    "  first_seen TEXT, last_seen TEXT,"
    "  last_article INTEGER, last_seq INTEGER);"
    "CREATE INDEX story_thread ON story(thread_id);"
    "CREATE TABLE story_merge ("
    "  from_id INTEGER NOT NULL, into_id INTEGER NOT NULL,"
    "  article_id INTEGER, similarity REAL);",
    /* 4: time expressions and quantities found in the bodies. */
    "CREATE TABLE timex ("
    "  article_id INTEGER NOT NULL REFERENCES article(id) ON DELETE CASCADE,"
    "  start INTEGER NOT NULL, end INTEGER NOT NULL, text TEXT NOT NULL,"
    "  type TEXT NOT NULL, value TEXT NOT NULL, mod TEXT, anchor TEXT,"
    "  relative INTEGER NOT NULL);"
    "CREATE INDEX timex_article ON timex(article_id, start);"
    "CREATE TABLE quantity ("
    "  article_id INTEGER NOT NULL REFERENCES article(id) ON DELETE CASCADE,"
    "  start INTEGER NOT NULL, end INTEGER NOT NULL, text TEXT NOT NULL,"
    "  value REAL, low REAL, high REAL, approx TEXT NOT NULL, kind TEXT NOT NULL,"
    "  unit TEXT, counts TEXT, about TEXT);"
    "CREATE INDEX quantity_article ON quantity(article_id, start);",
    /* 5: inferred publication dates; actors -- entities merged across
     * articles, their mentions, aliases and titles, and attributions. */
    "ALTER TABLE article ADD COLUMN published_lo TEXT;"
    "ALTER TABLE article ADD COLUMN published_hi TEXT;"
    "ALTER TABLE article ADD COLUMN published_conf REAL;"
    /* what the article's own text gave at ingest, kept apart from the
     * published_* columns (which clustering may refine from the story):
     * clustering reads these, so a replay sees the same dates */
    "ALTER TABLE article ADD COLUMN text_day TEXT;"
    "ALTER TABLE article ADD COLUMN text_lo TEXT;"
    "ALTER TABLE article ADD COLUMN text_hi TEXT;"
    "ALTER TABLE article ADD COLUMN text_conf REAL;"
    "ALTER TABLE timex ADD COLUMN anchor_inferred INTEGER NOT NULL DEFAULT 0;"
    "CREATE TABLE entity ("
    "  id INTEGER PRIMARY KEY,"
    "  key TEXT NOT NULL UNIQUE,"
    "  name TEXT NOT NULL, type TEXT NOT NULL, kb_id TEXT, surname TEXT,"
    "  mentions INTEGER NOT NULL DEFAULT 0, articles INTEGER NOT NULL DEFAULT 0);"
    "CREATE INDEX entity_mentions ON entity(mentions DESC);"
    "CREATE INDEX entity_surname ON entity(type, surname);"
    "CREATE TABLE entity_alias ("
    "  entity_id INTEGER NOT NULL REFERENCES entity(id),"
    "  alias TEXT NOT NULL, count INTEGER NOT NULL,"
    "  PRIMARY KEY(entity_id, alias)) WITHOUT ROWID;"
    "CREATE INDEX entity_alias_name ON entity_alias(alias COLLATE NOCASE);"
    "CREATE TABLE mention ("
    "  article_id INTEGER NOT NULL REFERENCES article(id) ON DELETE CASCADE,"
    "  entity_id INTEGER NOT NULL REFERENCES entity(id),"
    "  start INTEGER NOT NULL, end INTEGER NOT NULL, sentence INTEGER NOT NULL,"
    "  type TEXT NOT NULL, form TEXT NOT NULL, text TEXT NOT NULL);"
    "CREATE INDEX mention_article ON mention(article_id, start);"
    "CREATE INDEX mention_entity ON mention(entity_id, article_id);"
    "CREATE TABLE title ("
    "  entity_id INTEGER NOT NULL REFERENCES entity(id),"
    "  article_id INTEGER NOT NULL REFERENCES article(id) ON DELETE CASCADE,"
    "  start INTEGER NOT NULL, end INTEGER NOT NULL, text TEXT NOT NULL,"
    "  role TEXT, country TEXT, about TEXT, attach TEXT NOT NULL);"
    "CREATE INDEX title_entity ON title(entity_id, article_id);"
    "CREATE TABLE attribution ("
    "  article_id INTEGER NOT NULL REFERENCES article(id) ON DELETE CASCADE,"
    "  idx INTEGER NOT NULL, parent INTEGER, sentence INTEGER NOT NULL,"
    "  source TEXT NOT NULL, source_entity INTEGER, source_kind TEXT NOT NULL,"
    "  cue TEXT NOT NULL, kind TEXT NOT NULL, content TEXT,"
    "  content_start INTEGER, content_end INTEGER,"
    "  PRIMARY KEY(article_id, idx));"
    "CREATE INDEX attribution_source ON attribution(source_entity);",
    /* 6: the order clustering replays articles in (sq_cluster_articles'
     * ORDER BY, expression for expression), so that a replay walks this
     * index instead of sorting every body in a temporary b-tree: time and
     * temporary space that grew with the store at every ingest. */
    "CREATE INDEX article_cluster_order ON article(run,"
    "  coalesce(CASE WHEN published_from = 'inferred' THEN text_day ELSE published END,"
    "  '9999'), id);",
    /* 7: the copy and story indexes as the last clustering run left them
     * (core/cluster.c), so that an ingest places only its new articles. */
    "CREATE TABLE cluster_state ("
    "  name TEXT NOT NULL, part INTEGER NOT NULL, data BLOB NOT NULL,"
    "  PRIMARY KEY(name, part));",
};
enum { SCHEMA_VERSION = sizeof migrations / sizeof migrations[0] };

td_status sq_fail(sq_store *s, const char *what)
{
    snprintf(s->base.err, sizeof s->base.err, "%s: %s", what, sqlite3_errmsg(s->db));
    return TD_EDB;
}

static int user_version(sqlite3 *db)
{
    sqlite3_stmt *st;
    int v = -1;
    if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK) {
        if (sqlite3_step(st) == SQLITE_ROW) v = sqlite3_column_int(st, 0);
        sqlite3_finalize(st);
    }
    return v;
}

static td_status migrate(sq_store *s)
{
    /* Most opens find the schema current: check without a write lock, so a
     * reader never waits for an ingest that holds one. */
    if (user_version(s->db) == SCHEMA_VERSION) return TD_OK;
    if (sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
        return sq_fail(s, "cannot lock the database to check its schema");
    int v = user_version(s->db);
    if (v < 0) {
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
        return sq_fail(s, "not a tidings database");
    }
    if (v > SCHEMA_VERSION) {
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
        snprintf(s->base.err, sizeof s->base.err,
                 "database schema version %d is newer than this tidings knows (%d)", v,
                 SCHEMA_VERSION);
        return TD_EDB;
    }
    for (; v < SCHEMA_VERSION; v++) {
        char *msg = NULL;
        if (sqlite3_exec(s->db, migrations[v], NULL, NULL, &msg) != SQLITE_OK) {
            snprintf(s->base.err, sizeof s->base.err, "schema migration to version %d: %s",
                     v + 1, msg ? msg : "failed");
            sqlite3_free(msg);
            sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
            return TD_EDB;
        }
        char pragma[64];
        snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", v + 1);
        sqlite3_exec(s->db, pragma, NULL, NULL, NULL);
    }
    if (sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
        return sq_fail(s, "schema migration");
    return TD_OK;
}

/* ---- articles ------------------------------------------------------------- */

#define ARTICLE_COLUMNS                                                                  \
    "a.id, a.source_path, a.format, a.url, a.outlet, a.title, a.author, a.language,"   \
    " a.published, a.published_from, a.ingested_at, a.content_hash, %s,"               \
    " length(CAST(a.body AS BLOB)), a.extra_json, a.raw_len, a.provenance,"              \
    " coalesce(a.story_id, 0), coalesce(a.duplicate_of, 0), coalesce(a.dup_similarity, 0),"  \
    " a.published_lo, a.published_hi, coalesce(a.published_conf, 0), a.run"

const char *sq_col_text(sqlite3_stmt *st, int i)
{
    return (const char *)sqlite3_column_text(st, i);
}
#define col_text sq_col_text

sqlite3_stmt *sq_prepare_by(sq_store *s, const char *head, const char *c1, int64_t v1,
                            const char *c2, int64_t v2, const char *tail)
{
    char sql[1024];
    int n = snprintf(sql, sizeof sql, "%s%s%s%s%s%s%s %s", head, v1 || v2 ? " WHERE " : "",
                     v1 ? c1 : "", v1 ? " = ?1" : "", v1 && v2 ? " AND " : "",
                     v2 ? c2 : "", v2 ? " = ?2" : "", tail);
    sqlite3_stmt *st;
    if (n < 0 || (size_t)n >= sizeof sql ||
        sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
        return NULL;
    if (v1) sqlite3_bind_int64(st, 1, v1);
    if (v2) sqlite3_bind_int64(st, 2, v2);
    return st;
}

static td_date_from date_from(const char *name)
{
    for (int f = TD_DATE_UNKNOWN; f <= TD_DATE_INFERRED; f++)
        if (name && strcmp(name, td_date_from_name((td_date_from)f)) == 0) return (td_date_from)f;
    return TD_DATE_UNKNOWN;
}

enum { ARTICLE_NCOLUMNS = 24 };

/* Reads the ARTICLE_COLUMNS of a row starting at column 0. */
static void row_article(sqlite3_stmt *st, td_article *a)
{
    memset(a, 0, sizeof *a);
    a->id = sqlite3_column_int64(st, 0);
    a->source_path = col_text(st, 1);
    a->format = col_text(st, 2);
    a->url = col_text(st, 3);
    a->outlet = col_text(st, 4);
    a->title = col_text(st, 5);
    a->author = col_text(st, 6);
    a->language = col_text(st, 7);
    a->published = col_text(st, 8);
    a->published_from = date_from(col_text(st, 9));
    a->ingested_at = sqlite3_column_int64(st, 10);
    a->content_hash = col_text(st, 11);
    a->body = col_text(st, 12);
    a->body_len = (size_t)sqlite3_column_int64(st, 13);
    a->extra_json = col_text(st, 14);
    a->raw_len = (size_t)sqlite3_column_int64(st, 15);
    a->provenance = col_text(st, 16);
    a->story_id = sqlite3_column_int64(st, 17);
    a->duplicate_of = sqlite3_column_int64(st, 18);
    a->dup_similarity = sqlite3_column_double(st, 19);
    a->published_lo = col_text(st, 20);
    a->published_hi = col_text(st, 21);
    a->published_confidence = sqlite3_column_double(st, 22);
    a->run = sqlite3_column_int64(st, 23);
}

void sq_bind_text(sqlite3_stmt *st, int i, const char *s)
{
    if (s) sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
    else sqlite3_bind_null(st, i);
}
#define bind_text sq_bind_text

td_status sq_step_done(sq_store *s, sqlite3_stmt *st, const char *what)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? TD_OK : sq_fail(s, what);
}

sqlite3_stmt *sq_stmt(sq_store *s, int slot, const char *sql)
{
    if (!s->stmt[slot] &&
        sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s->stmt[slot], NULL) !=
            SQLITE_OK)
        return NULL;
    sqlite3_reset(s->stmt[slot]);
    sqlite3_clear_bindings(s->stmt[slot]);
    return s->stmt[slot];
}

static td_status sq_put(td_store *base, const td_article *a, const void *zraw, size_t zraw_len,
                        int64_t *id, int *is_new)
{
    sq_store *s = (sq_store *)base;
    sqlite3_stmt *st = s->put;
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    bind_text(st, 1, a->content_hash);
    bind_text(st, 2, a->source_path);
    bind_text(st, 3, a->format);
    bind_text(st, 4, a->url);
    bind_text(st, 5, a->outlet);
    bind_text(st, 6, a->title);
    bind_text(st, 7, a->author);
    bind_text(st, 8, a->language);
    bind_text(st, 9, a->published);
    bind_text(st, 10, td_date_from_name(a->published_from));
    sqlite3_bind_int64(st, 11, a->ingested_at);
    sqlite3_bind_text(st, 12, a->body, (int)a->body_len, SQLITE_TRANSIENT);
    bind_text(st, 13, a->extra_json);
    sqlite3_bind_int64(st, 14, (sqlite3_int64)a->raw_len);
    bind_text(st, 15, a->provenance);
    sqlite3_bind_int64(st, 16, s->run);
    bind_text(st, 17, a->published_lo);
    bind_text(st, 18, a->published_hi);
    if (a->published_lo || a->published_hi) sqlite3_bind_double(st, 19, a->published_confidence);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_DONE) return sq_fail(s, "storing an article");
    if (sqlite3_changes(s->db) == 0) {
        *is_new = 0;
        sqlite3_reset(s->find_hash);
        bind_text(s->find_hash, 1, a->content_hash);
        if (sqlite3_step(s->find_hash) != SQLITE_ROW) return sq_fail(s, "finding an article");
        *id = sqlite3_column_int64(s->find_hash, 0);
        sqlite3_reset(s->find_hash);
        return TD_OK;
    }
    *is_new = 1;
    *id = sqlite3_last_insert_rowid(s->db);

    sqlite3_reset(s->put_raw);
    sqlite3_bind_int64(s->put_raw, 1, *id);
    sqlite3_bind_blob(s->put_raw, 2, zraw, (int)zraw_len, SQLITE_STATIC);
    if (sqlite3_step(s->put_raw) != SQLITE_DONE) return sq_fail(s, "storing raw input");
    sqlite3_reset(s->put_raw);
    return TD_OK;
}

static td_status sq_list(td_store *base, const td_list_opts *o, td_article_fn fn, void *ctx)
{
    sq_store *s = (sq_store *)base;
    char sql[1024];
    /* Only the filters asked for, so that SQLite can take a story's,
     * thread's or outlet's articles by their index: "?4 = 0 OR ..." read
     * every article for one story (a second for show story at 100k). */
    snprintf(sql, sizeof sql,
             "SELECT " ARTICLE_COLUMNS " FROM article a WHERE a.id > ?1%s%s%s"
             " ORDER BY a.id LIMIT ?3",
             o->with_body ? "a.body" : "NULL", o->outlet ? " AND a.outlet = ?2" : "",
             o->story_id ? " AND a.story_id = ?4" : "",
             o->thread_id ? " AND a.story_id IN (SELECT id FROM story WHERE thread_id = ?5)" : "");
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
        return sq_fail(s, "listing articles");
    sqlite3_bind_int64(st, 1, o->after_id);
    bind_text(st, 2, o->outlet);
    sqlite3_bind_int64(st, 3, o->limit ? (sqlite3_int64)o->limit : -1);
    sqlite3_bind_int64(st, 4, o->story_id);
    sqlite3_bind_int64(st, 5, o->thread_id);
    int rc;
    td_article a;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        row_article(st, &a);
        if (fn(ctx, &a)) {
            rc = SQLITE_DONE;
            break;
        }
    }
    td_status r = rc == SQLITE_DONE ? TD_OK : sq_fail(s, "listing articles");
    sqlite3_finalize(st);
    return r;
}

static td_status sq_get(td_store *base, int64_t id, td_article **out)
{
    sq_store *s = (sq_store *)base;
    /* kept: the thread pass reads thousands of articles one by one */
    char sql[512];
    snprintf(sql, sizeof sql, "SELECT " ARTICLE_COLUMNS " FROM article a WHERE a.id = ?",
             "a.body");
    sqlite3_stmt *st = sq_stmt(s, SQ_GET_ARTICLE, sql);
    if (!st) return sq_fail(s, "reading an article");
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    td_status r = TD_OK;
    if (rc == SQLITE_ROW) {
        td_article a;
        row_article(st, &a);
        *out = td_store_article_pack(&a);
        if (!*out) r = TD_ENOMEM;
    } else if (rc == SQLITE_DONE) {
        snprintf(s->base.err, sizeof s->base.err, "no article %lld", (long long)id);
        r = TD_ENOTFOUND;
    } else {
        r = sq_fail(s, "reading an article");
    }
    sqlite3_reset(st);
    return r;
}

static td_status sq_get_raw(td_store *base, int64_t id, unsigned char **out, size_t *len)
{
    sq_store *s = (sq_store *)base;
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db,
                           "SELECT r.codec, r.data, a.raw_len FROM article_raw r"
                           " JOIN article a ON a.id = r.article_id WHERE r.article_id = ?",
                           -1, &st, NULL) != SQLITE_OK)
        return sq_fail(s, "reading raw input");
    sqlite3_bind_int64(st, 1, id);
    td_status r = TD_OK;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        const void *c = sqlite3_column_blob(st, 1);
        uLong clen = (uLong)sqlite3_column_bytes(st, 1);
        uLongf n = (uLongf)sqlite3_column_int64(st, 2);
        unsigned char *d = malloc(n ? n : 1);
        if (!d) {
            r = TD_ENOMEM;
        } else if (uncompress(d, &n, c, clen) != Z_OK) {
            free(d);
            snprintf(s->base.err, sizeof s->base.err, "raw input of article %lld is corrupt",
                     (long long)id);
            r = TD_EDB;
        } else {
            *out = d;
            *len = n;
        }
    } else if (rc == SQLITE_DONE) {
        snprintf(s->base.err, sizeof s->base.err, "no article %lld", (long long)id);
        r = TD_ENOTFOUND;
    } else {
        r = sq_fail(s, "reading raw input");
    }
    sqlite3_finalize(st);
    return r;
}

/* ---- search ------------------------------------------------------------- */

/* Turns what a user types into an FTS5 query: every word quoted (so
 * punctuation and FTS5 operators in news text cannot break the query),
 * words in "double quotes" kept together as a phrase. */
static char *fts_query(const char *q)
{
    size_t n = strlen(q);
    char *out = malloc(n * 3 + 8);
    if (!out) return NULL;
    size_t o = 0;
    int in_phrase = 0, in_word = 0;
    for (size_t i = 0; i <= n; i++) {
        char c = q[i];
        int boundary = c == '\0' || c == '"' || ((c == ' ' || c == '\t') && !in_phrase);
        if (boundary) {
            if (in_word) out[o++] = '"';
            in_word = 0;
            if (c == '"') in_phrase = !in_phrase;
            continue;
        }
        if (!in_word) {
            if (o) out[o++] = ' ';
            out[o++] = '"';
            in_word = 1;
        }
        out[o++] = c;
    }
    out[o] = '\0';
    return out;
}

static td_status sq_search(td_store *base, const char *query, const td_search_opts *o,
                           td_hit_fn fn, void *ctx)
{
    sq_store *s = (sq_store *)base;
    char *fq = fts_query(query);
    if (!fq) return TD_ENOMEM;
    if (!*fq) {
        free(fq);
        snprintf(s->base.err, sizeof s->base.err, "empty search query");
        return TD_EUSAGE;
    }
    sqlite3_stmt *st;
    char sql[1024];
    /* bm25 weights: a word in the title counts five times one in the body. */
    snprintf(sql, sizeof sql,
             "SELECT " ARTICLE_COLUMNS ", bm25(article_fts, 5.0, 1.0) AS rank,"
             " snippet(article_fts, 1, ?2, ?3, '…', 20)"
             " FROM article_fts JOIN article a ON a.id = article_fts.rowid"
             " WHERE article_fts MATCH ?1 ORDER BY rank LIMIT ?4",
             "NULL");
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) {
        free(fq);
        return sq_fail(s, "searching");
    }
    sqlite3_bind_text(st, 1, fq, -1, free);
    bind_text(st, 2, o->hl_open ? o->hl_open : "[");
    bind_text(st, 3, o->hl_close ? o->hl_close : "]");
    sqlite3_bind_int64(st, 4, o->limit ? (sqlite3_int64)o->limit : 20);
    int rc;
    td_article a;
    td_hit h;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        row_article(st, &a);
        h.article = &a;
        h.score = -sqlite3_column_double(st, ARTICLE_NCOLUMNS);
        h.snippet = col_text(st, ARTICLE_NCOLUMNS + 1);
        if (fn(ctx, &h)) {
            rc = SQLITE_DONE;
            break;
        }
    }
    td_status r = rc == SQLITE_DONE ? TD_OK : sq_fail(s, "searching");
    sqlite3_finalize(st);
    return r;
}

/* ---- statistics ------------------------------------------------------------ */

static int64_t scalar(sq_store *s, const char *sql)
{
    sqlite3_stmt *st;
    int64_t v = 0;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) return -1;
    if (sqlite3_step(st) == SQLITE_ROW) v = sqlite3_column_int64(st, 0);
    else v = -1;
    sqlite3_finalize(st);
    return v;
}

static td_status sq_stats(td_store *base, td_stats *out)
{
    sq_store *s = (sq_store *)base;
    int64_t v[6];
    static const char *const q[6] = {
        "SELECT count(*) FROM article",
        "SELECT count(DISTINCT outlet) FROM article",
        "SELECT count(*) FROM article WHERE published IS NOT NULL",
        "SELECT coalesce(sum(raw_len), 0) FROM article",
        "SELECT coalesce(sum(length(CAST(body AS BLOB))), 0) FROM article",
        "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()"};
    for (int i = 0; i < 6; i++)
        if ((v[i] = scalar(s, q[i])) < 0) return sq_fail(s, "statistics");
    out->articles = (uint64_t)v[0];
    out->outlets = (uint64_t)v[1];
    out->with_date = (uint64_t)v[2];
    out->raw_bytes = (uint64_t)v[3];
    out->body_bytes = (uint64_t)v[4];
    out->db_bytes = (uint64_t)v[5];
    out->schema_version = user_version(s->db);
    return TD_OK;
}

static td_status sq_outlets(td_store *base, td_count_fn fn, void *ctx)
{
    sq_store *s = (sq_store *)base;
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db,
                           "SELECT outlet, count(*) AS n FROM article"
                           " GROUP BY outlet ORDER BY n DESC, outlet",
                           -1, &st, NULL) != SQLITE_OK)
        return sq_fail(s, "counting outlets");
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        if (fn(ctx, col_text(st, 0), (uint64_t)sqlite3_column_int64(st, 1))) {
            rc = SQLITE_DONE;
            break;
        }
    td_status r = rc == SQLITE_DONE ? TD_OK : sq_fail(s, "counting outlets");
    sqlite3_finalize(st);
    return r;
}

/* ---- stories ----------------------------------------------------------------- */

static td_status exec(sq_store *s, const char *sql, const char *what);

/* ---- time expressions and quantities ------------------------------------- */

static td_status sq_put_timex(td_store *base, const td_timex_row *t)
{
    sq_store *s = (sq_store *)base;
    if (!s->put_timex &&
        sqlite3_prepare_v3(s->db,
                           "INSERT INTO timex(article_id, start, end, text, type, value, mod,"
                           " anchor, relative, anchor_inferred) VALUES (?,?,?,?,?,?,?,?,?,?)",
                           -1, SQLITE_PREPARE_PERSISTENT, &s->put_timex, NULL) != SQLITE_OK)
        return sq_fail(s, "storing time expressions");
    sqlite3_stmt *st = s->put_timex;
    sqlite3_reset(st);
    sqlite3_bind_int64(st, 1, t->article);
    sqlite3_bind_int64(st, 2, (sqlite3_int64)t->start);
    sqlite3_bind_int64(st, 3, (sqlite3_int64)t->end);
    bind_text(st, 4, t->text);
    bind_text(st, 5, t->type);
    bind_text(st, 6, t->value);
    bind_text(st, 7, t->mod);
    bind_text(st, 8, t->anchor);
    sqlite3_bind_int(st, 9, t->relative);
    sqlite3_bind_int(st, 10, t->anchor_inferred);
    return sq_step_done(s, st, "storing time expressions");
}

static td_status sq_put_quantity(td_store *base, const td_quantity_row *q)
{
    sq_store *s = (sq_store *)base;
    if (!s->put_quantity &&
        sqlite3_prepare_v3(s->db,
                           "INSERT INTO quantity(article_id, start, end, text, value, low, high,"
                           " approx, kind, unit, counts, about) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                           -1, SQLITE_PREPARE_PERSISTENT, &s->put_quantity, NULL) != SQLITE_OK)
        return sq_fail(s, "storing quantities");
    sqlite3_stmt *st = s->put_quantity;
    char approx[2] = {q->approx, 0};
    sqlite3_reset(st);
    sqlite3_bind_int64(st, 1, q->article);
    sqlite3_bind_int64(st, 2, (sqlite3_int64)q->start);
    sqlite3_bind_int64(st, 3, (sqlite3_int64)q->end);
    bind_text(st, 4, q->text);
    sqlite3_bind_double(st, 5, q->value);
    sqlite3_bind_double(st, 6, q->low);
    sqlite3_bind_double(st, 7, q->high);
    bind_text(st, 8, approx);
    bind_text(st, 9, q->kind);
    bind_text(st, 10, q->unit);
    bind_text(st, 11, q->counts);
    bind_text(st, 12, q->about);
    return sq_step_done(s, st, "storing quantities");
}

static td_status sq_timexes(td_store *base, int64_t article, td_timex_cb fn, void *ctx)
{
    sq_store *s = (sq_store *)base;
    sqlite3_stmt *st = sq_prepare_by(s,
                                     "SELECT article_id, start, end, text, type, value, mod,"
                                     " anchor, relative, anchor_inferred FROM timex",
                                     "article_id", article, NULL, 0, "ORDER BY article_id, start");
    if (!st) return sq_fail(s, "reading time expressions");
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        td_timex_row t;
        t.article = sqlite3_column_int64(st, 0);
        t.start = (size_t)sqlite3_column_int64(st, 1);
        t.end = (size_t)sqlite3_column_int64(st, 2);
        t.text = col_text(st, 3);
        t.type = col_text(st, 4);
        t.value = col_text(st, 5);
        t.mod = col_text(st, 6);
        t.anchor = col_text(st, 7);
        t.relative = sqlite3_column_int(st, 8);
        t.anchor_inferred = sqlite3_column_int(st, 9);
        if (fn(ctx, &t)) {
            rc = SQLITE_DONE;
            break;
        }
    }
    td_status r = rc == SQLITE_DONE ? TD_OK : sq_fail(s, "reading time expressions");
    sqlite3_finalize(st);
    return r;
}

static td_status sq_quantities(td_store *base, int64_t article, td_quantity_cb fn, void *ctx)
{
    sq_store *s = (sq_store *)base;
    sqlite3_stmt *st = sq_prepare_by(s,
                                     "SELECT article_id, start, end, text, value, low, high,"
                                     " approx, kind, unit, counts, about FROM quantity",
                                     "article_id", article, NULL, 0, "ORDER BY article_id, start");
    if (!st) return sq_fail(s, "reading quantities");
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        td_quantity_row q;
        q.article = sqlite3_column_int64(st, 0);
        q.start = (size_t)sqlite3_column_int64(st, 1);
        q.end = (size_t)sqlite3_column_int64(st, 2);
        q.text = col_text(st, 3);
        q.value = sqlite3_column_double(st, 4);
        q.low = sqlite3_column_double(st, 5);
        q.high = sqlite3_column_double(st, 6);
        const char *ap = col_text(st, 7);
        q.approx = ap && *ap ? *ap : '=';
        q.kind = col_text(st, 8);
        q.unit = col_text(st, 9);
        q.counts = col_text(st, 10);
        q.about = col_text(st, 11);
        if (fn(ctx, &q)) {
            rc = SQLITE_DONE;
            break;
        }
    }
    td_status r = rc == SQLITE_DONE ? TD_OK : sq_fail(s, "reading quantities");
    sqlite3_finalize(st);
    return r;
}

static td_status sq_new_run(td_store *base)
{
    sq_store *s = (sq_store *)base;
    int64_t v = scalar(s, "SELECT coalesce(max(run), 0) + 1 FROM article");
    if (v < 0) return sq_fail(s, "numbering the ingest run");
    s->run = v;
    return TD_OK;
}

/* Runs in turn; within one, dated articles in date order, then undated
 * ones (they join stories that dated articles have shaped), then ids: a
 * fixed order, so a replay gives earlier articles the stories they had.
 * This is article_cluster_order's expression (migration 6): keep the two
 * the same, or every replay sorts the whole store. */
#define CLUSTER_ORDER                                                                      \
    " ORDER BY a.run, coalesce(CASE WHEN a.published_from = 'inferred' THEN a.text_day"   \
    " ELSE a.published END, '9999'), a.id"

/* Clustering reads an inferred date as the article's own text gave it at
 * ingest, not as clustering later refined it: columns col.. of the row
 * are text_day, text_lo, text_hi and text_conf. */
static void clustering_date(sqlite3_stmt *st, int col, td_article *a)
{
    if (a->published_from != TD_DATE_INFERRED) return;
    a->published = col_text(st, col);
    a->published_lo = col_text(st, col + 1);
    a->published_hi = col_text(st, col + 2);
    a->published_confidence = sqlite3_column_double(st, col + 3);
}

/* Runs st (bound) and hands each row, read by row, to fn. */
static td_status clustering_rows(sq_store *s, sqlite3_stmt *st,
                                 void (*row)(sqlite3_stmt *, td_article *), td_article_fn fn,
                                 void *ctx)
{
    int rc;
    td_article a;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        row(st, &a);
        if (fn(ctx, &a)) {
            rc = SQLITE_DONE;
            break;
        }
    }
    td_status r = rc == SQLITE_DONE ? TD_OK : sq_fail(s, "reading articles for clustering");
    sqlite3_finalize(st);
    return r;
}

static void row_clustered(sqlite3_stmt *st, td_article *a)
{
    row_article(st, a);
    clustering_date(st, ARTICLE_NCOLUMNS, a);
}

static td_status sq_cluster_articles(td_store *base, int64_t after_run, td_article_fn fn,
                                     void *ctx)
{
    sq_store *s = (sq_store *)base;
    char sql[1024];
    snprintf(sql, sizeof sql,
             "SELECT " ARTICLE_COLUMNS ", a.text_day, a.text_lo, a.text_hi,"
             " coalesce(a.text_conf, 0) FROM article a WHERE a.run > ?1" CLUSTER_ORDER,
             "a.body");
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
        return sq_fail(s, "reading articles for clustering");
    sqlite3_bind_int64(st, 1, after_run);
    return clustering_rows(s, st, row_clustered, fn, ctx);
}

/* Only the id and the dates: the body is never read (an update reads the
 * articles of every story its new articles reach). */
static void row_dates(sqlite3_stmt *st, td_article *a)
{
    memset(a, 0, sizeof *a);
    a->id = sqlite3_column_int64(st, 0);
    a->published = col_text(st, 1);
    a->published_from = date_from(col_text(st, 2));
    a->published_lo = col_text(st, 3);
    a->published_hi = col_text(st, 4);
    a->published_confidence = sqlite3_column_double(st, 5);
    clustering_date(st, 6, a);
    a->run = sqlite3_column_int64(st, 10);
}

static td_status sq_story_articles(td_store *base, int64_t story, td_article_fn fn, void *ctx)
{
    sq_store *s = (sq_store *)base;
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db,
                           "SELECT a.id, a.published, a.published_from, a.published_lo,"
                           " a.published_hi, coalesce(a.published_conf, 0), a.text_day,"
                           " a.text_lo, a.text_hi, coalesce(a.text_conf, 0), a.run"
                           " FROM article a WHERE a.story_id = ?1" CLUSTER_ORDER,
                           -1, &st, NULL) != SQLITE_OK)
        return sq_fail(s, "reading articles for clustering");
    sqlite3_bind_int64(st, 1, story);
    return clustering_rows(s, st, row_dates, fn, ctx);
}

static td_status sq_run_counts(td_store *base, int64_t run, int64_t *upto, int64_t *total,
                               int64_t *last)
{
    sq_store *s = (sq_store *)base;
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db,
                           "SELECT coalesce(sum(run <= ?1), 0), count(*), coalesce(max(run), 0)"
                           " FROM article",
                           -1, &st, NULL) != SQLITE_OK)
        return sq_fail(s, "counting ingest runs");
    sqlite3_bind_int64(st, 1, run);
    td_status r = TD_OK;
    if (sqlite3_step(st) == SQLITE_ROW) {
        *upto = sqlite3_column_int64(st, 0);
        *total = sqlite3_column_int64(st, 1);
        *last = sqlite3_column_int64(st, 2);
    } else {
        r = sq_fail(s, "counting ingest runs");
    }
    sqlite3_finalize(st);
    return r;
}

static td_status sq_clear_stories(td_store *base)
{
    sq_store *s = (sq_store *)base;
    return exec(s, "DELETE FROM story; DELETE FROM story_merge;", "clearing stories");
}

static td_status sq_put_story(td_store *base, const td_story_summary *x)
{
    sq_store *s = (sq_store *)base;
    sqlite3_stmt *st = sq_stmt(s, SQ_PUT_STORY,
                               "INSERT INTO story(id, thread_id, title, articles, copies, outlets,"
                               " outlet_list, first_seen, last_seen, last_article, last_seq)"
                               " VALUES (?,?,?,?,?,?,?,?,?,?,?)"
                               " ON CONFLICT(id) DO UPDATE SET thread_id = excluded.thread_id,"
                               " title = excluded.title, articles = excluded.articles,"
                               " copies = excluded.copies, outlets = excluded.outlets,"
                               " outlet_list = excluded.outlet_list,"
                               " first_seen = excluded.first_seen, last_seen = excluded.last_seen,"
                               " last_article = coalesce(nullif(excluded.last_article, 0),"
                               " story.last_article), last_seq = excluded.last_seq");
    if (!st) return sq_fail(s, "storing a story");
    sqlite3_bind_int64(st, 1, x->id);
    sqlite3_bind_int64(st, 2, x->thread_id);
    bind_text(st, 3, x->title);
    sqlite3_bind_int64(st, 4, x->articles);
    sqlite3_bind_int64(st, 5, x->copies);
    sqlite3_bind_int64(st, 6, x->outlets);
    bind_text(st, 7, x->outlet_list);
    bind_text(st, 8, x->first_seen);
    bind_text(st, 9, x->last_seen);
    sqlite3_bind_int64(st, 10, x->last_article);
    sqlite3_bind_int64(st, 11, (sqlite3_int64)x->last_seq);
    return sq_step_done(s, st, "storing a story");
}

static td_status sq_put_story_merge(td_store *base, int64_t from, int64_t into, int64_t article,
                                    double similarity)
{
    sq_store *s = (sq_store *)base;
    sqlite3_stmt *st = sq_stmt(s, SQ_PUT_MERGE,
                               "INSERT INTO story_merge(from_id, into_id, article_id, similarity)"
                               " VALUES (?,?,?,?)");
    if (!st) return sq_fail(s, "storing a merge");
    sqlite3_bind_int64(st, 1, from);
    sqlite3_bind_int64(st, 2, into);
    sqlite3_bind_int64(st, 3, article);
    sqlite3_bind_double(st, 4, similarity);
    return sq_step_done(s, st, "storing a merge");
}

static td_status sq_set_article_story(td_store *base, int64_t article, int64_t story,
                                      int64_t dup, double sim)
{
    sq_store *s = (sq_store *)base;
    sqlite3_stmt *st = sq_stmt(s, SQ_SET_STORY,
                               "UPDATE article SET story_id = ?2, duplicate_of = nullif(?3, 0),"
                               " dup_similarity = CASE WHEN ?3 = 0 THEN NULL ELSE ?4 END"
                               " WHERE id = ?1");
    if (!st) return sq_fail(s, "assigning stories");
    sqlite3_bind_int64(st, 1, article);
    sqlite3_bind_int64(st, 2, story);
    sqlite3_bind_int64(st, 3, dup);
    sqlite3_bind_double(st, 4, sim);
    return sq_step_done(s, st, "assigning stories");
}

static td_status sq_drop_story(td_store *base, int64_t from, int64_t into)
{
    sq_store *s = (sq_store *)base;
    sqlite3_stmt *st = sq_stmt(s, SQ_DROP_STORY, "DELETE FROM story WHERE id = ?");
    if (!st) return sq_fail(s, "dropping a merged story");
    sqlite3_bind_int64(st, 1, from);
    td_status r = sq_step_done(s, st, "dropping a merged story");
    if (r != TD_OK) return r;
    st = sq_stmt(s, SQ_MOVE_STORY, "UPDATE article SET story_id = ?2 WHERE story_id = ?1");
    if (!st) return sq_fail(s, "moving a merged story's articles");
    sqlite3_bind_int64(st, 1, from);
    sqlite3_bind_int64(st, 2, into);
    return sq_step_done(s, st, "moving a merged story's articles");
}

static td_status sq_clear_state(td_store *base)
{
    return exec((sq_store *)base, "DELETE FROM cluster_state", "clearing the clustering state");
}

static td_status sq_put_state(td_store *base, const char *name, int64_t part, const void *p,
                              size_t n)
{
    sq_store *s = (sq_store *)base;
    sqlite3_stmt *st = sq_stmt(s, SQ_PUT_STATE,
                               "INSERT OR REPLACE INTO cluster_state(name, part, data)"
                               " VALUES (?,?,?)");
    if (!st) return sq_fail(s, "saving the clustering state");
    bind_text(st, 1, name);
    sqlite3_bind_int64(st, 2, part);
    sqlite3_bind_blob64(st, 3, n ? p : "", n, SQLITE_STATIC);
    return sq_step_done(s, st, "saving the clustering state");
}

static td_status sq_get_state(td_store *base, const char *name, int64_t part, void **p,
                              size_t *n)
{
    sq_store *s = (sq_store *)base;
    *p = NULL;
    *n = 0;
    sqlite3_stmt *st = sq_stmt(s, SQ_GET_STATE,
                               "SELECT data FROM cluster_state WHERE name = ? AND part = ?");
    if (!st) return sq_fail(s, "reading the clustering state");
    bind_text(st, 1, name);
    sqlite3_bind_int64(st, 2, part);
    int rc = sqlite3_step(st);
    td_status r = TD_OK;
    if (rc == SQLITE_ROW) {
        size_t len = (size_t)sqlite3_column_bytes(st, 0);
        const void *d = sqlite3_column_blob(st, 0);
        *p = malloc(len ? len : 1);
        if (!*p) {
            r = TD_ENOMEM;
        } else {
            if (len) memcpy(*p, d, len);
            *n = len;
        }
    } else if (rc == SQLITE_DONE) {
        r = TD_ENOTFOUND;
    } else {
        r = sq_fail(s, "reading the clustering state");
    }
    sqlite3_reset(st);
    return r;
}

/* A story's first and last seen from its articles' stored days: the
 * first ten characters of a full date (stored in UTC, as the story index
 * counts days). */
#define SPAN_STORY_SQL                                                                      \
    "UPDATE story SET (first_seen, last_seen) ="                                          \
    " (SELECT coalesce(min(substr(a.published, 1, 10)), story.first_seen),"               \
    " coalesce(max(substr(a.published, 1, 10)), story.last_seen)"                         \
    " FROM article a WHERE a.story_id = story.id AND length(a.published) >= 10"           \
    " AND (a.published_from <> 'inferred' OR a.published_conf >= ?2))"

static td_status sq_span_story(td_store *base, int64_t story, double min_confidence)
{
    sq_store *s = (sq_store *)base;
    /* One story by its key (an update spans hundreds, one at a time), or
     * all of them in one pass: "?1 = 0 OR id = ?1" would scan the table
     * for each. */
    sqlite3_stmt *st = NULL;
    if (story) st = sq_stmt(s, SQ_SPAN_STORY, SPAN_STORY_SQL " WHERE id = ?1");
    else if (sqlite3_prepare_v2(s->db, SPAN_STORY_SQL " WHERE id > ?1", -1, &st, NULL) != SQLITE_OK)
        st = NULL;
    if (!st) return sq_fail(s, "dating a story");
    sqlite3_bind_int64(st, 1, story);
    sqlite3_bind_double(st, 2, min_confidence);
    td_status r = sq_step_done(s, st, "dating a story");
    if (!story) sqlite3_finalize(st);
    return r;
}

static td_status sq_set_article_date(td_store *base, int64_t article, const char *published,
                                     const char *lo, const char *hi, double confidence,
                                     int *changed)
{
    sq_store *s = (sq_store *)base;
    /* A row already so dated is left alone, and sqlite3_changes says so:
     * an update re-refines every loose article of the stories it changed,
     * and most come out as they were. */
    sqlite3_stmt *st = sq_stmt(s, SQ_SET_DATE,
                               "UPDATE article SET published = ?2, published_from = 'inferred',"
                               " published_lo = ?3, published_hi = ?4, published_conf = ?5"
                               " WHERE id = ?1 AND published_from IN ('inferred', 'unknown')"
                               " AND (published_from = 'unknown' OR published IS NOT ?2"
                               " OR published_lo IS NOT ?3 OR published_hi IS NOT ?4"
                               " OR published_conf IS NOT ?5)");
    if (!st) return sq_fail(s, "dating an article");
    sqlite3_bind_int64(st, 1, article);
    bind_text(st, 2, published);
    bind_text(st, 3, lo);
    bind_text(st, 4, hi);
    sqlite3_bind_double(st, 5, confidence);
    td_status r = sq_step_done(s, st, "dating an article");
    *changed = r == TD_OK && sqlite3_changes(s->db) > 0;
    return r;
}

static td_status sq_clear_timexes(td_store *base, int64_t article)
{
    sq_store *s = (sq_store *)base;
    sqlite3_stmt *st = sq_stmt(s, SQ_CLEAR_TIMEX, "DELETE FROM timex WHERE article_id = ?");
    if (!st) return sq_fail(s, "clearing time expressions");
    sqlite3_bind_int64(st, 1, article);
    return sq_step_done(s, st, "clearing time expressions");
}

static td_status sq_stories(td_store *base, int64_t id, int64_t thread_id, size_t limit,
                            td_story_cb fn, void *ctx)
{
    sq_store *s = (sq_store *)base;
    /* one story or one thread's by their keys (sq_prepare_by) */
    sqlite3_stmt *st = sq_prepare_by(s,
                                     "SELECT id, thread_id, title, articles, copies, outlets,"
                                     " outlet_list, first_seen, last_seen, last_article, last_seq"
                                     " FROM story",
                                     "id", id, "thread_id", thread_id,
                                     "ORDER BY last_seen IS NULL, last_seen DESC, last_seq DESC"
                                     " LIMIT ?3");
    if (!st) return sq_fail(s, "reading stories");
    sqlite3_bind_int64(st, 3, limit ? (sqlite3_int64)limit : -1);
    int rc, n = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        td_story_summary x;
        x.id = sqlite3_column_int64(st, 0);
        x.thread_id = sqlite3_column_int64(st, 1);
        x.title = col_text(st, 2);
        x.articles = (uint32_t)sqlite3_column_int64(st, 3);
        x.copies = (uint32_t)sqlite3_column_int64(st, 4);
        x.outlets = (uint32_t)sqlite3_column_int64(st, 5);
        x.outlet_list = col_text(st, 6);
        x.first_seen = col_text(st, 7);
        x.last_seen = col_text(st, 8);
        x.last_article = sqlite3_column_int64(st, 9);
        x.last_seq = (uint64_t)sqlite3_column_int64(st, 10);
        n++;
        if (fn(ctx, &x)) {
            rc = SQLITE_DONE;
            break;
        }
    }
    td_status r = rc == SQLITE_DONE ? TD_OK : sq_fail(s, "reading stories");
    sqlite3_finalize(st);
    if (r == TD_OK && id && !n) {
        snprintf(s->base.err, sizeof s->base.err, "no story %lld", (long long)id);
        r = TD_ENOTFOUND;
    }
    return r;
}

static td_status sq_threads(td_store *base, int64_t id, size_t limit, td_thread_cb fn,
                            void *ctx)
{
    sq_store *s = (sq_store *)base;
    /* A thread is the stories that share its id; its title is the headline
     * of its largest story. Latest first, as stories: by the last day seen
     * (a store ingested out of time order would otherwise list an archive
     * read last above today's news), then by clustering order, which is
     * all an undated thread has. One thread by its key (sq_prepare_by). */
    sqlite3_stmt *st = sq_prepare_by(s,
                                     "SELECT t.thread_id,"
                                     " (SELECT title FROM story b WHERE b.thread_id = t.thread_id"
                                     "  ORDER BY b.articles DESC, b.id LIMIT 1),"
                                     " count(*), sum(t.articles), min(t.first_seen),"
                                     " max(t.last_seen), max(t.last_seq) AS la,"
                                     " max(t.last_seen) AS ls FROM story t",
                                     "t.thread_id", id, NULL, 0,
                                     "GROUP BY t.thread_id ORDER BY ls IS NULL, ls DESC, la DESC"
                                     " LIMIT ?2");
    if (!st) return sq_fail(s, "reading threads");
    sqlite3_bind_int64(st, 2, limit ? (sqlite3_int64)limit : -1);
    int rc, n = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        td_thread_summary t;
        t.id = sqlite3_column_int64(st, 0);
        t.title = col_text(st, 1);
        t.stories = (uint32_t)sqlite3_column_int64(st, 2);
        t.articles = (uint32_t)sqlite3_column_int64(st, 3);
        t.first_seen = col_text(st, 4);
        t.last_seen = col_text(st, 5);
        n++;
        if (fn(ctx, &t)) {
            rc = SQLITE_DONE;
            break;
        }
    }
    td_status r = rc == SQLITE_DONE ? TD_OK : sq_fail(s, "reading threads");
    sqlite3_finalize(st);
    if (r == TD_OK && id && !n) {
        snprintf(s->base.err, sizeof s->base.err, "no thread %lld", (long long)id);
        r = TD_ENOTFOUND;
    }
    return r;
}

/* ---- transactions and lifetime --------------------------------------------- */

static td_status exec(sq_store *s, const char *sql, const char *what)
{
    return sqlite3_exec(s->db, sql, NULL, NULL, NULL) == SQLITE_OK ? TD_OK : sq_fail(s, what);
}

static td_status sq_begin(td_store *b) { return exec((sq_store *)b, "BEGIN IMMEDIATE", "begin"); }
static td_status sq_commit(td_store *b) { return exec((sq_store *)b, "COMMIT", "commit"); }
static td_status sq_rollback(td_store *b)
{
    sq_store *s = (sq_store *)b;
    if (sqlite3_get_autocommit(s->db)) return TD_OK;
    return exec(s, "ROLLBACK", "rollback");
}

static int sq_version(td_store *b) { return user_version(((sq_store *)b)->db); }

static void sq_close(td_store *b)
{
    sq_store *s = (sq_store *)b;
    sqlite3_finalize(s->put);
    sqlite3_finalize(s->find_hash);
    sqlite3_finalize(s->put_raw);
    sqlite3_finalize(s->put_timex);
    sqlite3_finalize(s->put_quantity);
    for (int i = 0; i < SQ_NSTMT; i++) sqlite3_finalize(s->stmt[i]);
    sqlite3_close(s->db);
    free(s);
}

static const td_store_ops sqlite_ops = {
    .name = "sqlite",
    .close = sq_close,
    .begin = sq_begin,
    .commit = sq_commit,
    .rollback = sq_rollback,
    .put_article = sq_put,
    .list_articles = sq_list,
    .get_article = sq_get,
    .get_raw = sq_get_raw,
    .search = sq_search,
    .stats = sq_stats,
    .outlet_counts = sq_outlets,
    .schema_version = sq_version,
    .put_timex = sq_put_timex,
    .put_quantity = sq_put_quantity,
    .timexes = sq_timexes,
    .quantities = sq_quantities,
    .new_run = sq_new_run,
    .cluster_articles = sq_cluster_articles,
    .story_articles = sq_story_articles,
    .run_counts = sq_run_counts,
    .drop_story = sq_drop_story,
    .clear_state = sq_clear_state,
    .put_state = sq_put_state,
    .get_state = sq_get_state,
    .clear_stories = sq_clear_stories,
    .put_story = sq_put_story,
    .put_story_merge = sq_put_story_merge,
    .set_article_story = sq_set_article_story,
    .stories = sq_stories,
    .threads = sq_threads,
    .span_story = sq_span_story,
    .set_article_date = sq_set_article_date,
    .clear_timexes = sq_clear_timexes,
    .put_entity = sq_put_entity,
    .put_mention = sq_put_mention,
    .put_title = sq_put_title,
    .put_attribution = sq_put_attribution,
    .entities = sq_entities,
    .aliases = sq_aliases,
    .titles = sq_titles,
    .mentions = sq_mentions,
    .attributions = sq_attributions,
};

td_status td_store_open_sqlite(const char *path, td_store **out, char *err, size_t errlen)
{
    *out = NULL;
    sq_store *s = calloc(1, sizeof *s);
    if (!s) {
        snprintf(err, errlen, "out of memory");
        return TD_ENOMEM;
    }
    s->base.ops = &sqlite_ops;
    int rc = sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
    if (rc != SQLITE_OK) {
        snprintf(err, errlen, "cannot open database %s: %s", path,
                 s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc));
        sqlite3_close(s->db);
        free(s);
        return TD_EDB;
    }
    sqlite3_busy_timeout(s->db, 10000);
    /* WAL: readers never block the ingest, and a killed process leaves the
     * last committed batch intact. synchronous=NORMAL is durable against a
     * crash of tidings itself; only power loss may undo the last batch. */
    const char *setup = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
                        " PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY;"
                        /* 64 MiB of page cache: the full-text index's
                         * b-trees stay in memory during a batch. */
                        " PRAGMA cache_size=-65536;";
    td_status st = TD_OK;
    if (sqlite3_exec(s->db, setup, NULL, NULL, NULL) != SQLITE_OK) {
        st = sq_fail(s, "cannot set up the database (is it a SQLite file?)");
    } else {
        st = migrate(s);
    }
    if (st == TD_OK &&
        (sqlite3_prepare_v3(s->db,
                            "INSERT INTO article(content_hash, source_path, format, url, outlet,"
                            " title, author, language, published, published_from, ingested_at,"
                            " body, extra_json, raw_len, provenance, run, published_lo,"
                            " published_hi, published_conf, text_day, text_lo, text_hi,"
                            " text_conf) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,"
                            "?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,"
                            " CASE WHEN ?10 = 'inferred' THEN ?9 END, ?17, ?18, ?19)"
                            " ON CONFLICT(content_hash) DO NOTHING",
                            -1, SQLITE_PREPARE_PERSISTENT, &s->put, NULL) != SQLITE_OK ||
         sqlite3_prepare_v3(s->db, "SELECT id FROM article WHERE content_hash = ?", -1,
                            SQLITE_PREPARE_PERSISTENT, &s->find_hash, NULL) != SQLITE_OK ||
         sqlite3_prepare_v3(s->db,
                            "INSERT INTO article_raw(article_id, codec, data) VALUES (?, 'zlib', ?)",
                            -1, SQLITE_PREPARE_PERSISTENT, &s->put_raw, NULL) != SQLITE_OK))
        st = sq_fail(s, "preparing statements");
    if (st != TD_OK) {
        snprintf(err, errlen, "%s: %s", path, s->base.err);
        sq_close(&s->base);
        return st;
    }
    *out = &s->base;
    return TD_OK;
}
