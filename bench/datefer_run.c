/*
 * datefer_run -- runs article date inference (src/extract/datefer.c) from
 * the text alone, for bench/score-datefer and for a look by hand.
 *
 *   datefer_run [--explain] FILE|-
 *       infers the date of one text; prints the result as JSON and, with
 *       --explain, every constraint with its weight and state.
 *   datefer_run --jsonl FILE|-
 *       each input line is {"id": ..., "text": ..., "crawl": "YYYY-MM-DD"
 *       or absent}; each output line is the result with the id.
 *   --margin M sets td_datefer_opts.margin (for tuning).
 */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_io.h"
#include "extract/datefer.h"

static const char *kind_name(int k)
{
    return k == TD_DATEFER_RANGE ? "range" : k == TD_DATEFER_YEARLY ? "yearly" : "weekday";
}

static json_t *result_json(const td_datefer_result *r)
{
    json_t *o = json_object();
    json_object_set_new(o, "found", json_boolean(r->found));
    if (r->found) {
        json_object_set_new(o, "lo", json_string(r->lo));
        json_object_set_new(o, "hi", json_string(r->hi));
        json_object_set_new(o, "anchor", json_string(r->anchor));
        json_object_set_new(o, "year_known", json_boolean(r->year_known));
        json_object_set_new(o, "open_lo", json_boolean(r->open_lo));
        json_object_set_new(o, "open_hi", json_boolean(r->open_hi));
        json_object_set_new(o, "confidence", json_real(r->confidence));
        json_object_set_new(o, "used", json_integer(r->used));
        json_object_set_new(o, "dropped", json_integer(r->dropped));
        json_object_set_new(o, "why", json_string(r->why));
    }
    return o;
}

static void print(json_t *o)
{
    char *s = json_dumps(o, JSON_COMPACT | JSON_ENSURE_ASCII);
    if (s) puts(s);
    free(s);
}

static td_datefer_opts opts;

static int infer(const char *text, size_t len, const char *crawl, td_datefer_evidence *ev,
                 td_datefer_result *res)
{
    td_datefer_init(ev);
    if (td_datefer_from_text(ev, text, len) != TD_DATEFER_OK) return -1;
    if (crawl && td_datefer_add_crawl(ev, crawl) != TD_DATEFER_OK)
        fprintf(stderr, "datefer_run: bad crawl time %s\n", crawl);
    return td_datefer_infer(ev, &opts, res) == TD_DATEFER_OK ? 0 : -1;
}

int main(int argc, char **argv)
{
    const char *path = "-";
    int jsonl = 0, explain = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--jsonl") == 0) jsonl = 1;
        else if (strcmp(argv[i], "--explain") == 0) explain = 1;
        else if (strcmp(argv[i], "--margin") == 0 && i + 1 < argc) opts.margin = atof(argv[++i]);
        else path = argv[i];
    }
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "datefer_run: %s: %s\n", path, strerror(errno));
        return 1;
    }
    td_datefer_evidence *ev = malloc(sizeof *ev);
    td_datefer_result res;
    if (!ev) return 1;
    if (!jsonl) {
        size_t len;
        char *text = read_all(f, &len);
        if (!text || infer(text, len, NULL, ev, &res) != 0) return 1;
        json_t *o = result_json(&res);
        print(o);
        json_decref(o);
        for (size_t k = 0; explain && k < ev->n; k++) {
            const td_datefer_con *c = &ev->con[k];
            printf("  %-7s %-8s w=%4.1f [%d..%d]%s%s %.*s | %s\n", kind_name(c->kind),
                   c->state == TD_DATEFER_USED ? "used" : "dropped", c->weight, c->lo, c->hi,
                   c->kind == TD_DATEFER_YEARLY ? " yearly" : "", c->same_year ? " same-year" : "",
                   (int)(c->end - c->start), text + c->start, c->reason);
        }
        free(text);
        free(ev);
        return 0;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t got;
    while ((got = getline(&line, &cap, f)) > 0) {
        json_error_t err;
        json_t *doc = json_loadb(line, (size_t)got, 0, &err);
        if (!doc) {
            fprintf(stderr, "datefer_run: bad line: %s\n", err.text);
            continue;
        }
        json_t *tx = json_object_get(doc, "text");
        const char *crawl = json_string_value(json_object_get(doc, "crawl"));
        if (json_is_string(tx) &&
            infer(json_string_value(tx), json_string_length(tx), crawl, ev, &res) == 0) {
            json_t *o = result_json(&res);
            json_object_set(o, "id", json_object_get(doc, "id"));
            print(o);
            json_decref(o);
        }
        json_decref(doc);
    }
    free(line);
    free(ev);
    return 0;
}
