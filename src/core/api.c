/*
 * api.c -- the handle and the thin public entry points over the store.
 */
#include <libxml/parser.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/db.h"
#include "util/date.h"

static const char *const format_names[] = {"auto", "text", "html", "jsonl", "rss", "atom", "warc"};

const char *td_format_name(td_format f)
{
    return (unsigned)f < sizeof format_names / sizeof format_names[0] ? format_names[f] : "?";
}

td_format td_format_from_name(const char *name)
{
    for (unsigned i = 0; name && i < sizeof format_names / sizeof format_names[0]; i++)
        if (strcmp(name, format_names[i]) == 0) return (td_format)i;
    return TD_FMT_AUTO;
}

const char *td_date_from_name(td_date_from f)
{
    static const char *const names[] = {"unknown", "metadata", "text", "user", "inferred"};
    return (unsigned)f < sizeof names / sizeof names[0] ? names[f] : "unknown";
}

td_status td_parse_date(const char *s, char out[32])
{
    td_arena a;
    td_arena_init(&a);
    const char *d = s ? td_date_parse(&a, s, strlen(s)) : NULL;
    if (d) snprintf(out, 32, "%s", d);
    td_arena_free(&a);
    return d ? TD_OK : TD_EUSAGE;
}

void td_db_lock(td_db *db) { pthread_mutex_lock(&db->lock); }
void td_db_unlock(td_db *db) { pthread_mutex_unlock(&db->lock); }

td_status td_db_fail(td_db *db, td_status code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(db->err, sizeof db->err, fmt, ap);
    va_end(ap);
    return code;
}

td_status td_open(const char *path, td_db **out, char *errbuf, size_t errlen)
{
    char tmp[512];
    if (!errbuf) {
        errbuf = tmp;
        errlen = sizeof tmp;
    }
    *out = NULL;
    /* libxml2 wants its one-time set-up done before any thread parses;
     * it is idempotent and thread-safe to call again. */
    xmlInitParser();
    td_db *db = calloc(1, sizeof *db);
    if (!db) {
        snprintf(errbuf, errlen, "out of memory");
        return TD_ENOMEM;
    }
    pthread_mutexattr_t attr;
    pthread_mutexattr_init(&attr);
    pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE);
    pthread_mutex_init(&db->lock, &attr);
    pthread_mutexattr_destroy(&attr);
    td_status st = td_store_open_sqlite(path, &db->store, errbuf, errlen);
    if (st != TD_OK) {
        pthread_mutex_destroy(&db->lock);
        free(db);
        return st;
    }
    *out = db;
    return TD_OK;
}

void td_close(td_db *db)
{
    if (!db) return;
    td_clean_free(db->clean);
    td_actors_free(db->actors);
    td_kb_close(db->kb);
    for (size_t i = 0; i < db->kb_nfiles; i++) free(db->kb_files[i]);
    free(db->kb_files);
    db->store->ops->close(db->store);
    pthread_mutex_destroy(&db->lock);
    free(db);
}

const char *td_errmsg(td_db *db) { return db ? db->err : "no handle"; }

int td_schema_version(td_db *db)
{
    td_db_lock(db);
    int v = db->store->ops->schema_version(db->store);
    td_db_unlock(db);
    return v;
}

/* Runs a store call under the lock and copies its message on failure. */
#define STORE_CALL(db, call)                                                          \
    do {                                                                              \
        td_db_lock(db);                                                               \
        td_status st_ = (db)->store->ops->call;                                       \
        if (st_ != TD_OK) snprintf((db)->err, sizeof (db)->err, "%s", (db)->store->err); \
        td_db_unlock(db);                                                             \
        return st_;                                                                   \
    } while (0)

td_status td_articles(td_db *db, const td_list_opts *opts, td_article_fn fn, void *ctx)
{
    td_list_opts none = {0};
    STORE_CALL(db, list_articles(db->store, opts ? opts : &none, fn, ctx));
}

td_status td_article_get(td_db *db, int64_t id, td_article **out)
{
    STORE_CALL(db, get_article(db->store, id, out));
}

void td_article_free(td_article *a) { free(a); }

td_status td_article_raw(td_db *db, int64_t id, unsigned char **out, size_t *len)
{
    STORE_CALL(db, get_raw(db->store, id, out, len));
}

td_status td_search(td_db *db, const char *query, const td_search_opts *opts, td_hit_fn fn,
                    void *ctx)
{
    td_search_opts none = {0};
    STORE_CALL(db, search(db->store, query, opts ? opts : &none, fn, ctx));
}

td_status td_timexes(td_db *db, int64_t article, td_timex_cb fn, void *ctx)
{
    STORE_CALL(db, timexes(db->store, article, fn, ctx));
}

td_status td_quantities(td_db *db, int64_t article, td_quantity_cb fn, void *ctx)
{
    STORE_CALL(db, quantities(db->store, article, fn, ctx));
}

td_status td_get_stats(td_db *db, td_stats *out)
{
    memset(out, 0, sizeof *out);
    STORE_CALL(db, stats(db->store, out));
}

td_status td_outlet_counts(td_db *db, td_count_fn fn, void *ctx)
{
    STORE_CALL(db, outlet_counts(db->store, fn, ctx));
}

td_status td_list_entities(td_db *db, const td_entity_opts *opts, td_entity_cb fn, void *ctx)
{
    STORE_CALL(db, entities(db->store, opts, 0, NULL, fn, ctx));
}

td_status td_get_entity(td_db *db, int64_t id, td_entity_cb fn, void *ctx)
{
    if (id <= 0) return td_db_fail(db, TD_ENOTFOUND, "no entity %lld", (long long)id);
    STORE_CALL(db, entities(db->store, NULL, id, NULL, fn, ctx));
}

td_status td_find_entities(td_db *db, const char *name, size_t limit, td_entity_cb fn,
                           void *ctx)
{
    if (!name || !*name) return td_db_fail(db, TD_EUSAGE, "no entity name given");
    td_entity_opts o = {0};
    o.limit = limit;
    STORE_CALL(db, entities(db->store, &o, 0, name, fn, ctx));
}

td_status td_entity_aliases(td_db *db, int64_t entity, td_alias_cb fn, void *ctx)
{
    STORE_CALL(db, aliases(db->store, entity, fn, ctx));
}

td_status td_entity_titles(td_db *db, int64_t entity, td_title_cb fn, void *ctx)
{
    STORE_CALL(db, titles(db->store, entity, fn, ctx));
}

td_status td_mentions(td_db *db, int64_t article, int64_t entity, td_mention_cb fn, void *ctx)
{
    STORE_CALL(db, mentions(db->store, article, entity, fn, ctx));
}

td_status td_attributions(td_db *db, int64_t article, int64_t source_entity,
                          td_attribution_cb fn, void *ctx)
{
    STORE_CALL(db, attributions(db->store, article, source_entity, fn, ctx));
}
