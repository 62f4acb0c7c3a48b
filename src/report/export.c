/*
 * export.c -- everything in the database as JSON (docs/schema.md).
 *
 * Articles stream out one at a time, so exporting a large database needs
 * memory for one article, in either form.
 */
#include <jansson.h>
#include <math.h>
#include <string.h>

#include "tidings.h"

typedef struct export_ctx {
    FILE *out;
    td_export_kind kind;
    size_t n;
    int failed;
} export_ctx;

static json_t *str_or_null(const char *s) { return s ? json_string(s) : json_null(); }

/* JSON has no infinity: an open range's bound ("more than 2") is null. */
static json_t *real_or_null(double v) { return isfinite(v) ? json_real(v) : json_null(); }

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
                        a->published || a->published_from == TD_DATE_INFERRED
                            ? json_string(td_date_from_name(a->published_from))
                                     : json_null());
    if (a->published_from == TD_DATE_INFERRED && (a->published_lo || a->published_hi)) {
        json_t *iv = json_object();
        json_object_set_new(iv, "from", str_or_null(a->published_lo));
        json_object_set_new(iv, "to", str_or_null(a->published_hi));
        json_object_set_new(iv, "confidence", json_real(a->published_confidence));
        json_object_set_new(o, "published_interval", iv);
    } else {
        json_object_set_new(o, "published_interval", json_null());
    }
    json_object_set_new(o, "language", str_or_null(a->language));
    json_object_set_new(o, "ingested_at", json_integer(a->ingested_at));
    json_object_set_new(o, "content_hash", str_or_null(a->content_hash));
    json_object_set_new(o, "raw_bytes", json_integer((json_int_t)a->raw_len));
    json_object_set_new(o, "story", a->story_id ? json_integer(a->story_id) : json_null());
    json_object_set_new(o, "duplicate_of",
                        a->duplicate_of ? json_integer(a->duplicate_of) : json_null());
    if (a->duplicate_of)
        json_object_set_new(o, "duplicate_similarity", json_real(a->dup_similarity));
    json_object_set_new(o, "body", a->body ? json_stringn(a->body, a->body_len) : json_null());
    json_t *prov = a->provenance ? json_loads(a->provenance, 0, NULL) : NULL;
    json_object_set_new(o, "provenance", prov ? prov : json_object());
    if (a->extra_json) {
        json_t *extra = json_loads(a->extra_json, 0, NULL);
        if (extra) json_object_set_new(o, "extra", extra);
    }
    return o;
}

/* Writes o as the next item of a JSON array or as a typed JSON line. */
static int put_item(export_ctx *e, const char *type, json_t *o)
{
    if (e->kind == TD_EXPORT_JSONL) {
        /* "type" says what a line is; a record's own type field (a time
         * expression's DATE or DURATION) moves to "<record>_type". */
        json_t *own = json_object_get(o, "type");
        if (own) {
            char key[32];
            snprintf(key, sizeof key, "%s_type", type);
            json_object_set(o, key, own);
            json_object_del(o, "type");
        }
        json_t *line = json_object();
        json_object_set_new(line, "type", json_string(type));
        json_object_update(line, o);
        json_decref(o);
        o = line;
    } else if (e->n) {
        fputs(",\n", e->out);
    }
    size_t flags = e->kind == TD_EXPORT_JSON ? JSON_INDENT(2) | JSON_PRESERVE_ORDER
                                             : JSON_COMPACT | JSON_PRESERVE_ORDER;
    if (json_dumpf(o, e->out, flags) != 0) e->failed = 1;
    if (e->kind == TD_EXPORT_JSONL) fputc('\n', e->out);
    json_decref(o);
    e->n++;
    return e->failed || ferror(e->out);
}

static int put_article(void *ctx, const td_article *a)
{
    return put_item(ctx, "article", article_json(a));
}

static json_t *day_json(const char *s) { return s ? json_string(s) : json_null(); }

static int put_story(void *ctx, const td_story_summary *s)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(s->id));
    json_object_set_new(o, "thread", json_integer(s->thread_id));
    json_object_set_new(o, "title", str_or_null(s->title));
    json_object_set_new(o, "articles", json_integer(s->articles));
    json_object_set_new(o, "copies", json_integer(s->copies));
    json_t *outlets = s->outlet_list ? json_loads(s->outlet_list, 0, NULL) : NULL;
    json_object_set_new(o, "outlets", outlets ? outlets : json_array());
    json_object_set_new(o, "first_seen", day_json(s->first_seen));
    json_object_set_new(o, "last_seen", day_json(s->last_seen));
    return put_item(ctx, "story", o);
}

static int put_thread(void *ctx, const td_thread_summary *t)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(t->id));
    json_object_set_new(o, "title", str_or_null(t->title));
    json_object_set_new(o, "stories", json_integer(t->stories));
    json_object_set_new(o, "articles", json_integer(t->articles));
    json_object_set_new(o, "first_seen", day_json(t->first_seen));
    json_object_set_new(o, "last_seen", day_json(t->last_seen));
    return put_item(ctx, "thread", o);
}

static int put_timex(void *ctx, const td_timex_row *t)
{
    json_t *o = json_object();
    json_object_set_new(o, "article", json_integer(t->article));
    json_object_set_new(o, "text", str_or_null(t->text));
    json_object_set_new(o, "start", json_integer((json_int_t)t->start));
    json_object_set_new(o, "end", json_integer((json_int_t)t->end));
    json_object_set_new(o, "type", str_or_null(t->type));
    json_object_set_new(o, "value", str_or_null(t->value));
    json_object_set_new(o, "mod", str_or_null(t->mod));
    json_object_set_new(o, "anchor", str_or_null(t->anchor));
    json_object_set_new(o, "relative", json_boolean(t->relative));
    json_object_set_new(o, "anchor_inferred", json_boolean(t->anchor_inferred));
    return put_item(ctx, "timex", o);
}

static int put_quantity(void *ctx, const td_quantity_row *q)
{
    char approx[2] = {q->approx, 0};
    json_t *o = json_object();
    json_object_set_new(o, "article", json_integer(q->article));
    json_object_set_new(o, "text", str_or_null(q->text));
    json_object_set_new(o, "start", json_integer((json_int_t)q->start));
    json_object_set_new(o, "end", json_integer((json_int_t)q->end));
    json_object_set_new(o, "value", real_or_null(q->value));
    json_object_set_new(o, "low", real_or_null(q->low));
    json_object_set_new(o, "high", real_or_null(q->high));
    json_object_set_new(o, "approx", json_string(approx));
    json_object_set_new(o, "kind", str_or_null(q->kind));
    json_object_set_new(o, "unit", str_or_null(q->unit));
    json_object_set_new(o, "counts", str_or_null(q->counts));
    json_object_set_new(o, "about", str_or_null(q->about));
    return put_item(ctx, "quantity", o);
}

/* An entity with its aliases, the titles articles gave it and the
 * articles naming it: three small queries per entity, so the export
 * holds one entity in memory at a time. */
typedef struct entity_ctx {
    export_ctx *e;
    td_db *db;
    json_t *list;
    int64_t last;
} entity_ctx;

static int add_alias(void *ctx, const td_alias_row *a)
{
    json_array_append_new(((entity_ctx *)ctx)->list, json_string(a->alias));
    return 0;
}

static int add_title(void *ctx, const td_title_row *t)
{
    json_t *o = json_object();
    json_object_set_new(o, "text", str_or_null(t->text));
    json_object_set_new(o, "article", json_integer(t->article));
    json_object_set_new(o, "outlet", str_or_null(t->outlet));
    json_object_set_new(o, "role", str_or_null(t->role));
    json_object_set_new(o, "country", str_or_null(t->country));
    json_object_set_new(o, "about", str_or_null(t->about));
    json_array_append_new(((entity_ctx *)ctx)->list, o);
    return 0;
}

static int add_article(void *ctx, const td_mention_row *m)
{
    entity_ctx *x = ctx;
    if (m->article != x->last) json_array_append_new(x->list, json_integer(m->article));
    x->last = m->article;
    return 0;
}

static int put_entity(void *ctx, const td_entity_row *en)
{
    entity_ctx *x = ctx;
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(en->id));
    json_object_set_new(o, "name", str_or_null(en->name));
    json_object_set_new(o, "type", str_or_null(en->type));
    json_object_set_new(o, "kb_id", str_or_null(en->kb_id));
    json_object_set_new(o, "mentions", json_integer(en->mentions));
    x->list = json_array();
    td_status st = td_entity_aliases(x->db, en->id, add_alias, x);
    json_object_set_new(o, "aliases", x->list);
    x->list = json_array();
    if (st == TD_OK) st = td_entity_titles(x->db, en->id, add_title, x);
    json_object_set_new(o, "titles", x->list);
    x->list = json_array();
    x->last = 0;
    if (st == TD_OK) st = td_mentions(x->db, 0, en->id, add_article, x);
    json_object_set_new(o, "articles", x->list);
    if (st != TD_OK) x->e->failed = 1;
    return put_item(x->e, "entity", o);
}

static int put_attribution(void *ctx, const td_attribution_row *a)
{
    json_t *o = json_object();
    json_object_set_new(o, "article", json_integer(a->article));
    json_object_set_new(o, "index", json_integer(a->idx));
    json_object_set_new(o, "parent", a->parent >= 0 ? json_integer(a->parent) : json_null());
    json_object_set_new(o, "source", str_or_null(a->source));
    json_object_set_new(o, "source_entity",
                        a->source_entity ? json_integer(a->source_entity) : json_null());
    json_object_set_new(o, "source_kind", str_or_null(a->source_kind));
    json_object_set_new(o, "cue", str_or_null(a->cue));
    json_object_set_new(o, "kind", str_or_null(a->kind));
    json_object_set_new(o, "content", str_or_null(a->content));
    return put_item(ctx, "attribution", o);
}

td_status td_export(td_db *db, td_export_kind kind, FILE *out)
{
    export_ctx e = {out, kind, 0, 0};
    td_list_opts o = {0};
    o.with_body = 1;
    int json = kind == TD_EXPORT_JSON;
    if (json) fputs("{\"version\": 1, \"articles\": [\n", out);
    td_status st = td_articles(db, &o, put_article, &e);
    if (json) fputs("\n], \"stories\": [\n", out);
    e.n = 0;
    if (st == TD_OK) st = td_list_stories(db, 0, 0, put_story, &e);
    if (json) fputs("\n], \"threads\": [\n", out);
    e.n = 0;
    if (st == TD_OK) st = td_list_threads(db, 0, put_thread, &e);
    if (json) fputs("\n], \"timexes\": [\n", out);
    e.n = 0;
    if (st == TD_OK) st = td_timexes(db, 0, put_timex, &e);
    if (json) fputs("\n], \"quantities\": [\n", out);
    e.n = 0;
    if (st == TD_OK) st = td_quantities(db, 0, put_quantity, &e);
    if (json) fputs("\n], \"entities\": [\n", out);
    e.n = 0;
    entity_ctx x = {&e, db, NULL, 0};
    if (st == TD_OK) st = td_list_entities(db, NULL, put_entity, &x);
    if (json) fputs("\n], \"attributions\": [\n", out);
    e.n = 0;
    if (st == TD_OK) st = td_attributions(db, 0, 0, put_attribution, &e);
    if (json) fputs("\n]}\n", out);
    if (st != TD_OK) return st;
    if (e.failed || fflush(out) != 0 || ferror(out)) return TD_EIO;
    return TD_OK;
}
