/*
 * export.c -- everything in the database as JSON (docs/schema.md).
 *
 * Articles stream out one at a time, so exporting a large database needs
 * memory for one article, in either form.
 */
#include <jansson.h>
#include <string.h>

#include "tidings.h"

typedef struct export_ctx {
    FILE *out;
    td_export_kind kind;
    size_t n;
    int failed;
} export_ctx;

static json_t *str_or_null(const char *s) { return s ? json_string(s) : json_null(); }

/* "2024-05-17T08:30:00Z" -> "2024-05-17". */
static json_t *day_or_null(const char *s)
{
    if (!s || strlen(s) < 10) return json_null();
    return json_stringn(s, 10);
}

static json_t *article_json(const td_article *a)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(a->id));
    json_object_set_new(o, "source_path", str_or_null(a->source_path));
    json_object_set_new(o, "format", str_or_null(a->format));
    json_object_set_new(o, "url", str_or_null(a->url));
    json_object_set_new(o, "outlet", str_or_null(a->outlet));
    json_object_set_new(o, "title", str_or_null(a->title));
    json_object_set_new(o, "author", str_or_null(a->author));
    json_object_set_new(o, "published", day_or_null(a->published));
    json_object_set_new(o, "published_time",
                        a->published && strlen(a->published) > 10 ? json_string(a->published)
                                                                   : json_null());
    json_object_set_new(o, "published_from",
                        a->published ? json_string(td_date_from_name(a->published_from))
                                     : json_null());
    json_object_set_new(o, "language", str_or_null(a->language));
    json_object_set_new(o, "ingested_at", json_integer(a->ingested_at));
    json_object_set_new(o, "content_hash", str_or_null(a->content_hash));
    json_object_set_new(o, "raw_bytes", json_integer((json_int_t)a->raw_len));
    json_object_set_new(o, "body", a->body ? json_stringn(a->body, a->body_len) : json_null());
    json_t *prov = a->provenance ? json_loads(a->provenance, 0, NULL) : NULL;
    json_object_set_new(o, "provenance", prov ? prov : json_object());
    if (a->extra_json) {
        json_t *extra = json_loads(a->extra_json, 0, NULL);
        if (extra) json_object_set_new(o, "extra", extra);
    }
    return o;
}

static int put_article(void *ctx, const td_article *a)
{
    export_ctx *e = ctx;
    json_t *o = article_json(a);
    if (e->kind == TD_EXPORT_JSONL) {
        json_t *line = json_object();
        json_object_set_new(line, "type", json_string("article"));
        json_object_update(line, o);
        json_decref(o);
        o = line;
    } else if (e->n) {
        fputs(",\n", e->out);
    }
    size_t flags = JSON_COMPACT | JSON_PRESERVE_ORDER;
    if (e->kind == TD_EXPORT_JSON) flags = JSON_INDENT(2) | JSON_PRESERVE_ORDER;
    if (json_dumpf(o, e->out, flags) != 0) e->failed = 1;
    if (e->kind == TD_EXPORT_JSONL) fputc('\n', e->out);
    json_decref(o);
    e->n++;
    return e->failed || ferror(e->out);
}

td_status td_export(td_db *db, td_export_kind kind, FILE *out)
{
    export_ctx e = {out, kind, 0, 0};
    td_list_opts o = {0};
    o.with_body = 1;
    if (kind == TD_EXPORT_JSON) fputs("{\"version\": 1, \"articles\": [\n", out);
    td_status st = td_articles(db, &o, put_article, &e);
    if (kind == TD_EXPORT_JSON) fputs("\n]}\n", out);
    if (st != TD_OK) return st;
    if (e.failed || fflush(out) != 0 || ferror(out)) return TD_EIO;
    return TD_OK;
}
