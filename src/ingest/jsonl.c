/*
 * jsonl.c -- JSON Lines: one article per line (schema in docs/schema.md).
 *
 * Lines are read one at a time with a length cap, so a file of any size
 * streams in bounded memory, and a broken line costs only itself.
 */
#include <jansson.h>
#include <string.h>

#include "ingest/reader.h"
#include "util/date.h"
#include "util/text.h"

/* The schema's fields, each with the other names it goes by in common
 * crawler and API exports (news-please, NewsAPI, schema.org-shaped
 * dumps), tried in order when the schema's own name is absent or of the
 * wrong type: an export read as it comes, rather than rewritten first.
 * The key a field was read from is consumed; every other key, an unused
 * alias included, is kept in extra_json. */
enum { F_URL, F_TITLE, F_TEXT, F_HTML, F_PUBLISHED, F_OUTLET, F_AUTHOR, F_LANGUAGE, F_COUNT };

static const char *const field_names[F_COUNT][8] = {
    [F_URL] = {"url", "link", NULL},
    [F_TITLE] = {"title", "headline", NULL},
    [F_TEXT] = {"text", "maintext", "body", "content", NULL},
    [F_HTML] = {"html", NULL},
    [F_PUBLISHED] = {"published", "date_publish", "publishedAt", "published_at", "datePublished",
                     "pubDate", "date", NULL},
    [F_OUTLET] = {"outlet", "source_domain", "site_name", "source", NULL},
    [F_AUTHOR] = {"author", "authors", "byline", NULL},
    [F_LANGUAGE] = {"language", "lang", NULL},
};

/* The keys read for this line, by field; NULL: none. */
typedef struct picked {
    const char *key[F_COUNT];
} picked;

static int is_picked(const picked *pk, const char *k)
{
    for (int f = 0; f < F_COUNT; f++)
        if (pk->key[f] && strcmp(pk->key[f], k) == 0) return 1;
    return 0;
}

/* The schema's own names are consumed even when of the wrong type (such a
 * value is dropped, as the schema says); aliases only when read. */
static int is_schema_name(const char *k)
{
    for (int f = 0; f < F_COUNT; f++)
        if (strcmp(field_names[f][0], k) == 0) return 1;
    return 0;
}

/* A string value; for "source" also NewsAPI's {"id": ..., "name": ...}. */
static json_t *string_of(json_t *v)
{
    if (json_is_string(v)) return v;
    if (json_is_object(v)) {
        json_t *name = json_object_get(v, "name");
        if (json_is_string(name)) return name;
    }
    return NULL;
}

static json_t *pick(json_t *obj, picked *pk, int f)
{
    for (int i = 0; field_names[f][i]; i++) {
        json_t *v = json_object_get(obj, field_names[f][i]);
        if (!v) continue;
        json_t *s = f == F_AUTHOR && json_is_array(v) ? v : string_of(v);
        if (!s) continue;
        pk->key[f] = field_names[f][i];
        return s;
    }
    return NULL;
}

/* A copy in the article's arena of v when it is a string, else NULL. */
static const char *arena_string(td_doc *d, json_t *v)
{
    if (!json_is_string(v)) return NULL;
    return td_arena_strndup(&d->arena, json_string_value(v), json_string_length(v));
}

static const char *str_field(td_doc *d, json_t *obj, picked *pk, int f)
{
    return arena_string(d, pick(obj, pk, f));
}

/* The author may be a string or an array of strings. */
static const char *author_field(td_doc *d, json_t *obj, picked *pk)
{
    json_t *v = pick(obj, pk, F_AUTHOR);
    if (!json_is_array(v)) return arena_string(d, v);
    td_buf b;
    td_buf_init(&b, 4096);
    size_t i;
    json_t *e;
    json_array_foreach(v, i, e) {
        if (!json_is_string(e)) continue;
        if (b.len) td_buf_puts(&b, ", ");
        td_buf_append(&b, json_string_value(e), json_string_length(e));
    }
    const char *s = b.len ? td_arena_strndup(&d->arena, b.data, b.len) : NULL;
    td_buf_free(&b);
    return s;
}

static void read_line(td_reader_env *env, const char *where, const char *line, size_t len)
{
    json_error_t jerr;
    json_t *obj = json_loadb(line, len, 0, &jerr);
    if (!obj) {
        td_reader_reject(env, where, "invalid JSON at column %d: %s", jerr.column, jerr.text);
        return;
    }
    if (!json_is_object(obj)) {
        td_reader_reject(env, where, "a line must hold a JSON object");
        json_decref(obj);
        return;
    }
    td_doc *d = td_doc_new();
    if (!d) {
        td_reader_reject(env, where, "out of memory");
        json_decref(obj);
        return;
    }
    picked pk = {0};
    const char *html = str_field(d, obj, &pk, F_HTML);
    const char *text = str_field(d, obj, &pk, F_TEXT);
    if (!html && !text) {
        td_reader_reject(env, where,
                         "no \"text\" or \"html\" field (nor \"maintext\", \"body\" or "
                         "\"content\")");
        goto drop;
    }
    d->where = td_arena_strdup(&d->arena, where);
    d->format = TD_FMT_JSONL;
    d->ctype = html ? TD_CT_HTML : TD_CT_TEXT;
    d->content = html ? html : text;
    d->content_len = strlen(d->content);
    d->charset = "UTF-8";
    d->url = str_field(d, obj, &pk, F_URL);
    d->title = str_field(d, obj, &pk, F_TITLE);
    d->outlet = str_field(d, obj, &pk, F_OUTLET);
    d->author = author_field(d, obj, &pk);
    d->language = str_field(d, obj, &pk, F_LANGUAGE);

    json_t *extra = json_object();
    const char *pub = str_field(d, obj, &pk, F_PUBLISHED);
    if (pub) {
        d->published = td_date_parse(&d->arena, pub, strlen(pub));
        if (d->published) {
            d->published_from = TD_DATE_METADATA;
        } else {
            /* Keep what we could not read rather than drop it. */
            td_reader_warn(env, where, "unreadable \"%s\" value kept as published_raw",
                           pk.key[F_PUBLISHED]);
            json_object_set_new(extra, "published_raw", json_string(pub));
        }
    }
    const char *key;
    json_t *val;
    json_object_foreach(obj, key, val) {
        if (!is_schema_name(key) && !is_picked(&pk, key)) json_object_set(extra, key, val);
    }
    if (json_object_size(extra)) {
        char *s = json_dumps(extra, JSON_COMPACT | JSON_SORT_KEYS);
        d->extra_json = td_arena_strdup(&d->arena, s);
        free(s);
    }
    json_decref(extra);

    unsigned char *raw = td_arena_alloc(&d->arena, len);
    if (!raw || !d->where) {
        td_reader_reject(env, where, "out of memory");
        goto drop;
    }
    memcpy(raw, line, len);
    d->raw = raw;
    d->raw_len = len;
    json_decref(obj);
    td_reader_emit(env, d);
    return;
drop:
    json_decref(obj);
    td_doc_free(d);
}

int td_read_jsonl(td_reader_env *env, td_src *src)
{
    td_buf line;
    td_buf_init(&line, env->limits.max_article_bytes);
    unsigned long lineno = 0;
    int overlong, rc;
    char where[512];
    while (!env->stop && (rc = td_src_getline(src, &line, &overlong)) == 1) {
        lineno++;
        snprintf(where, sizeof where, "%s:%lu", env->name, lineno);
        if (overlong) {
            td_reader_reject(env, where, "line longer than the %zu-byte limit; skipped",
                             env->limits.max_article_bytes);
            continue;
        }
        size_t s = 0;
        if (lineno == 1 && line.len >= 3 && memcmp(line.data, "\xEF\xBB\xBF", 3) == 0) s = 3;
        while (s < line.len && (line.data[s] == ' ' || line.data[s] == '\t')) s++;
        if (s == line.len) continue;
        read_line(env, where, line.data + s, line.len - s);
    }
    if (td_src_error(src)) {
        snprintf(where, sizeof where, "%s:%lu", env->name, lineno + 1);
        td_reader_reject(env, where, "%s", td_src_error(src));
    }
    td_buf_free(&line);
    return env->stop;
}
