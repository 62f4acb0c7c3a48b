/*
 * store.h -- where articles live. A small table of operations, so that a
 * PostgreSQL backend can be added beside SQLite without other stages
 * knowing which one they talk to.
 *
 * Every operation returns TD_OK or a td_status, with a message in the
 * store's error buffer (td_store_errmsg).
 */
#ifndef TD_STORE_H
#define TD_STORE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "tidings.h"

typedef struct td_store td_store;

/* An article's entity, to be merged into the store's entities: by key
 * (a knowledge-base id, or the type and normalised name), else -- for a
 * person the article names by surname alone -- by that surname when one
 * person of the store has it. */
typedef struct td_entity_in {
    const char *key;      /* "kb:country:IRN" or "name:person:abram paley" */
    const char *name;
    const char *type;     /* td_ent_type_name() */
    const char *kb_id;    /* or NULL */
    const char *surname;  /* persons: the last word of the name, lowercase */
    int single;           /* the article gave only one word of the name */
    uint32_t mentions;    /* in this article */
    const char *const *aliases; /* the forms this article used */
    size_t naliases;
} td_entity_in;

typedef struct td_store_ops {
    const char *name;
    void (*close)(td_store *s);
    td_status (*begin)(td_store *s);
    td_status (*commit)(td_store *s);
    td_status (*rollback)(td_store *s);
    /* Adds an article unless one with the same content_hash exists; then
     * *is_new is 0 and *id is the existing article's. zraw is the raw
     * input deflated with zlib (td_store_deflate); a->raw_len its size. */
    td_status (*put_article)(td_store *s, const td_article *a, const void *zraw,
                             size_t zraw_len, int64_t *id, int *is_new);
    td_status (*list_articles)(td_store *s, const td_list_opts *o, td_article_fn fn,
                               void *ctx);
    td_status (*get_article)(td_store *s, int64_t id, td_article **out);
    td_status (*get_raw)(td_store *s, int64_t id, unsigned char **out, size_t *len);
    td_status (*search)(td_store *s, const char *query, const td_search_opts *o,
                        td_hit_fn fn, void *ctx);
    td_status (*stats)(td_store *s, td_stats *out);
    td_status (*outlet_counts)(td_store *s, td_count_fn fn, void *ctx);
    int (*schema_version)(td_store *s);

    /* An article's time expressions and quantities, stored with it. */
    td_status (*put_timex)(td_store *s, const td_timex_row *t);
    td_status (*put_quantity)(td_store *s, const td_quantity_row *q);
    td_status (*timexes)(td_store *s, int64_t article, td_timex_cb fn, void *ctx);
    td_status (*quantities)(td_store *s, int64_t article, td_quantity_cb fn, void *ctx);
    /* Starts an ingest run: articles stored from now on carry its number,
     * which orders them for clustering. */
    td_status (*new_run)(td_store *s);
    /* Clustering: the articles of the ingest runs after after_run (0: every
     * article) in clustering order (ingest run, then publication date, then
     * id), with title and body. */
    td_status (*cluster_articles)(td_store *s, int64_t after_run, td_article_fn fn, void *ctx);
    /* The articles of a story, with the dates clustering reads (as
     * cluster_articles gives them), without title or body. */
    td_status (*story_articles)(td_store *s, int64_t story, td_article_fn fn, void *ctx);
    /* *upto: the articles stored in runs up to run; *total: all of them;
     * *last: the last run. */
    td_status (*run_counts)(td_store *s, int64_t run, int64_t *upto, int64_t *total,
                            int64_t *last);
    /* Inside a transaction: a story merged into another; its row goes and
     * its articles move to into. */
    td_status (*drop_story)(td_store *s, int64_t from, int64_t into);
    /* The clustering state saved between runs, in numbered parts under a
     * name: cleared, written part by part (inside a transaction), read
     * part by part (a malloc'd copy; TD_ENOTFOUND past the last). */
    td_status (*clear_state)(td_store *s);
    td_status (*put_state)(td_store *s, const char *name, int64_t part, const void *p, size_t n);
    td_status (*get_state)(td_store *s, const char *name, int64_t part, void **p, size_t *n);
    /* Inside a transaction: forget all stories, then record each (a story
     * recorded again is updated; a last_article of 0 keeps the one it had). */
    td_status (*clear_stories)(td_store *s);
    td_status (*put_story)(td_store *s, const td_story_summary *st);
    td_status (*put_story_merge)(td_store *s, int64_t from, int64_t into, int64_t article,
                                 double similarity);
    td_status (*set_article_story)(td_store *s, int64_t article, int64_t story,
                                   int64_t duplicate_of, double similarity);
    /* Inside a transaction, after the dates were refined: a story's first
     * and last seen become the first and last day among its articles'
     * stored dates (those given, and those inferred with at least
     * min_confidence), so that a story reads as its articles do; a story
     * none of whose articles has such a day keeps what it had. story 0:
     * every story. */
    td_status (*span_story)(td_store *s, int64_t story, double min_confidence);
    /* Reading. id 0: all (latest first, up to limit; 0 no limit). */
    td_status (*stories)(td_store *s, int64_t id, int64_t thread_id, size_t limit,
                         td_story_cb fn, void *ctx);
    td_status (*threads)(td_store *s, int64_t id, size_t limit, td_thread_cb fn, void *ctx);

    /* An inferred date refined after clustering (published may be NULL
     * when only a wide interval is known), and dropping an article's time
     * expressions so they can be stored again against the new anchor.
     * *changed is 0 when the article already had that date (or has one
     * from metadata, a byline or the user, which is kept): its time
     * expressions rest on it already. */
    td_status (*set_article_date)(td_store *s, int64_t article, const char *published,
                                  const char *lo, const char *hi, double confidence,
                                  int *changed);
    td_status (*clear_timexes)(td_store *s, int64_t article);

    /* Actors. put_entity finds or creates the entity, counts the article
     * and its mentions, and records the aliases; *id is the entity. */
    td_status (*put_entity)(td_store *s, const td_entity_in *e, int64_t *id);
    td_status (*put_mention)(td_store *s, const td_mention_row *m);
    td_status (*put_title)(td_store *s, const td_title_row *t, size_t start, size_t end);
    td_status (*put_attribution)(td_store *s, const td_attribution_row *a);
    /* Entities: by id (id != 0), by name or alias (name != NULL), or a
     * list by o. */
    td_status (*entities)(td_store *s, const td_entity_opts *o, int64_t id, const char *name,
                          td_entity_cb fn, void *ctx);
    td_status (*aliases)(td_store *s, int64_t entity, td_alias_cb fn, void *ctx);
    td_status (*titles)(td_store *s, int64_t entity, td_title_cb fn, void *ctx);
    td_status (*mentions)(td_store *s, int64_t article, int64_t entity, td_mention_cb fn,
                          void *ctx);
    td_status (*attributions)(td_store *s, int64_t article, int64_t entity,
                              td_attribution_cb fn, void *ctx);
} td_store_ops;

/* Every backend's handle starts with this. */
struct td_store {
    const td_store_ops *ops;
    char err[512];
};

/* Opens or creates an SQLite database, migrating its schema forward. */
td_status td_store_open_sqlite(const char *path, td_store **out, char *err, size_t errlen);

static inline const char *td_store_errmsg(td_store *s) { return s->err; }

/* Compresses raw input for put_article. Done by the caller, so that it
 * can happen on a worker thread rather than under the store's lock.
 * Returns a malloc'd buffer, or NULL when out of memory. */
unsigned char *td_store_deflate(const void *raw, size_t len, size_t *zlen);

/* A td_article in one malloc'd block (strings follow the struct), freed
 * with free(): how backends hand out single articles. Fields whose source
 * is NULL stay NULL. */
td_article *td_store_article_pack(const td_article *src);

#endif
