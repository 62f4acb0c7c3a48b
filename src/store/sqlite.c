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

#include "store/store.h"

typedef struct sq_store {
    td_store base;
    sqlite3 *db;
    sqlite3_stmt *put, *find_hash, *put_raw;
} sq_store;

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
};
enum { SCHEMA_VERSION = sizeof migrations / sizeof migrations[0] };

static td_status sq_fail(sq_store *s, const char *what)
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
    " length(CAST(a.body AS BLOB)), a.extra_json, a.raw_len, a.provenance"

static const char *col_text(sqlite3_stmt *st, int i)
{
    return (const char *)sqlite3_column_text(st, i);
}

static td_date_from date_from(const char *name)
{
    for (int f = TD_DATE_UNKNOWN; f <= TD_DATE_INFERRED; f++)
        if (name && strcmp(name, td_date_from_name((td_date_from)f)) == 0) return (td_date_from)f;
    return TD_DATE_UNKNOWN;
}

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
}

static void bind_text(sqlite3_stmt *st, int i, const char *s)
{
    if (s) sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
    else sqlite3_bind_null(st, i);
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
    snprintf(sql, sizeof sql,
             "SELECT " ARTICLE_COLUMNS " FROM article a WHERE a.id > ?1"
             " AND (?2 IS NULL OR a.outlet = ?2) ORDER BY a.id LIMIT ?3",
             o->with_body ? "a.body" : "NULL");
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
        return sq_fail(s, "listing articles");
    sqlite3_bind_int64(st, 1, o->after_id);
    bind_text(st, 2, o->outlet);
    sqlite3_bind_int64(st, 3, o->limit ? (sqlite3_int64)o->limit : -1);
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
    sqlite3_stmt *st;
    char sql[512];
    snprintf(sql, sizeof sql, "SELECT " ARTICLE_COLUMNS " FROM article a WHERE a.id = ?",
             "a.body");
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
        return sq_fail(s, "reading an article");
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
    sqlite3_finalize(st);
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
        h.score = -sqlite3_column_double(st, 17);
        h.snippet = col_text(st, 18);
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
                            " body, extra_json, raw_len, provenance)"
                            " VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15)"
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
