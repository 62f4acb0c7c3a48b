/*
 * timex_run -- runs the time-expression and quantity scanners for the
 * scorers (bench/score-timeml, bench/score-recognizers) and for a quick
 * look by hand.
 *
 *   timex_run [--anchor YYYY-MM-DD] [--quantity] FILE|-
 *       scans one text; prints one JSON object per expression.
 *   timex_run --jsonl [--quantity] FILE|-
 *       scans many: each input line is {"id": ..., "text": ...,
 *       "anchor": "YYYY-MM-DD" or null}; each output line carries the id.
 *   timex_run --bench N [--quantity] FILE
 *       scans the file N times and prints the throughput to stderr.
 *   timex_run --articles FILE.jsonl
 *       the per-article benchmark: each line's "text" (news bodies, such
 *       as ../shared/bench/basil) through both scanners, anchored on its
 *       "date", in passes over the set until a second of thread CPU time
 *       has run; prints articles/s and MB/s.
 *
 * Offsets are bytes into the UTF-8 text.
 */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench_io.h"
#include "extract/quantity.h"
#include "extract/timex.h"

#define MAXX 4096

static void print_timexes(json_t *id, const char *text, size_t len, const char *anchor)
{
    static td_timex out[MAXX];
    size_t n = 0;
    int rc = td_timex_find(text, len, anchor, out, MAXX, &n);
    if (rc == TD_TIMEX_EANCHOR) fprintf(stderr, "timex_run: bad anchor %s\n", anchor);
    for (size_t k = 0; k < n; k++) {
        const td_timex *t = &out[k];
        json_t *o = json_object();
        if (id) json_object_set(o, "id", id);
        json_object_set_new(o, "start", json_integer((json_int_t)t->start));
        json_object_set_new(o, "end", json_integer((json_int_t)t->end));
        json_object_set_new(o, "text", json_stringn(text + t->start, t->end - t->start));
        json_object_set_new(o, "type", json_string(td_timex_type_name(t->type)));
        json_object_set_new(o, "value", json_string(t->value));
        if (t->mod[0]) json_object_set_new(o, "mod", json_string(t->mod));
        json_object_set_new(o, "anchored", json_boolean(t->anchored));
        json_object_set_new(o, "relative", json_boolean(t->relative));
        char *s = json_dumps(o, JSON_COMPACT | JSON_ENSURE_ASCII);
        if (s) puts(s);
        free(s);
        json_decref(o);
    }
}

static void print_quantities(json_t *id, const char *text, size_t len)
{
    static td_quantity out[MAXX];
    size_t n = 0;
    td_quantity_find(text, len, out, MAXX, &n);
    for (size_t k = 0; k < n; k++) {
        const td_quantity *q = &out[k];
        json_t *o = json_object();
        if (id) json_object_set(o, "id", id);
        json_object_set_new(o, "start", json_integer((json_int_t)q->start));
        json_object_set_new(o, "end", json_integer((json_int_t)q->end));
        json_object_set_new(o, "text", json_stringn(text + q->start, q->end - q->start));
        json_object_set_new(o, "value", json_real(q->value));
        json_object_set_new(o, "low", json_real(q->low));
        json_object_set_new(o, "high", json_real(q->high));
        char ap[2] = {q->approx, 0};
        json_object_set_new(o, "approx", json_string(ap));
        json_object_set_new(o, "unit", json_string(q->unit));
        json_object_set_new(o, "kind", json_string(td_quantity_kind_name(q->kind)));
        if (q->about_end > q->about_start)
            json_object_set_new(o, "about", json_stringn(text + q->about_start,
                                                         q->about_end - q->about_start));
        if (q->counts_end > q->counts_start)
            json_object_set_new(o, "counts", json_stringn(text + q->counts_start,
                                                          q->counts_end - q->counts_start));
        char *s = json_dumps(o, JSON_COMPACT | JSON_ENSURE_ASCII);
        if (s) puts(s);
        free(s);
        json_decref(o);
    }
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Time and quantity extraction together, per article. */
static int bench_articles(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "timex_run: %s: %s\n", path, strerror(errno));
        return 1;
    }
    json_t *docs = json_array();
    char *line = NULL;
    size_t cap = 0, bytes = 0;
    ssize_t got;
    while ((got = getline(&line, &cap, f)) > 0) {
        json_t *d = json_loadb(line, (size_t)got, 0, NULL);
        if (d && json_is_string(json_object_get(d, "text"))) {
            bytes += json_string_length(json_object_get(d, "text"));
            json_array_append(docs, d);
        }
        json_decref(d);
    }
    free(line);
    fclose(f);
    size_t n = json_array_size(docs);
    if (!n) {
        fprintf(stderr, "timex_run: %s: no articles with a text\n", path);
        json_decref(docs);
        return 1;
    }
    static td_timex tx[MAXX];
    static td_quantity qx[MAXX];
    size_t articles = 0, found = 0, nt, nq;
    double t0 = cpu_now(), dt;
    do {
        for (size_t i = 0; i < n; i++) {
            json_t *d = json_array_get(docs, i);
            json_t *t = json_object_get(d, "text");
            const char *date = json_string_value(json_object_get(d, "date"));
            char anchor[11] = "";
            if (date && strlen(date) >= 10) memcpy(anchor, date, 10);
            td_timex_find(json_string_value(t), json_string_length(t), anchor[0] ? anchor : NULL,
                          tx, MAXX, &nt);
            td_quantity_find(json_string_value(t), json_string_length(t), qx, MAXX, &nq);
            found += nt + nq;
        }
        articles += n;
        dt = cpu_now() - t0;
    } while (dt < 1.0);
    printf("articles %zu (%.0f bytes each)  time+quantities: %.0f articles/s, %.1f MB/s, "
           "%.1f expressions per article\n",
           n, (double)bytes / n, articles / dt, (double)bytes * articles / n / dt / 1e6,
           (double)found / articles);
    json_decref(docs);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "--articles") == 0) return bench_articles(argv[2]);
    const char *anchor = NULL, *path = "-";
    int jsonl = 0, quantity = 0;
    long bench = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--anchor") == 0 && i + 1 < argc) anchor = argv[++i];
        else if (strcmp(argv[i], "--jsonl") == 0) jsonl = 1;
        else if (strcmp(argv[i], "--quantity") == 0) quantity = 1;
        else if (strcmp(argv[i], "--bench") == 0 && i + 1 < argc) bench = atol(argv[++i]);
        else path = argv[i];
    }
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "timex_run: %s: %s\n", path, strerror(errno));
        return 1;
    }
    if (bench > 0) {
        size_t len;
        char *text = read_all(f, &len);
        static td_timex tx[MAXX];
        static td_quantity qx[MAXX];
        size_t total = 0, n = 0;
        double t0 = now();
        for (long r = 0; r < bench; r++) {
            if (quantity) td_quantity_find(text, len, qx, MAXX, &n);
            else td_timex_find(text, len, anchor ? anchor : "2024-05-17", tx, MAXX, &n);
            total += n;
        }
        double dt = now() - t0;
        fprintf(stderr, "%s: %.1f MB/s, %.0f expressions/s (%zu per pass, %.3f s)\n",
                quantity ? "quantities" : "timexes", len * (double)bench / dt / 1e6,
                total / dt, n, dt);
        free(text);
        return 0;
    }
    if (!jsonl) {
        size_t len;
        char *text = read_all(f, &len);
        if (quantity) print_quantities(NULL, text, len);
        else print_timexes(NULL, text, len, anchor);
        free(text);
        return 0;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t got;
    while ((got = getline(&line, &cap, f)) > 0) {
        json_error_t err;
        json_t *doc = json_loadb(line, (size_t)got, 0, &err);
        if (!doc) {
            fprintf(stderr, "timex_run: bad line: %s\n", err.text);
            continue;
        }
        json_t *id = json_object_get(doc, "id");
        json_t *tx = json_object_get(doc, "text");
        const char *a = json_string_value(json_object_get(doc, "anchor"));
        if (json_is_string(tx)) {
            if (quantity) print_quantities(id, json_string_value(tx), json_string_length(tx));
            else print_timexes(id, json_string_value(tx), json_string_length(tx), a);
        }
        json_decref(doc);
    }
    free(line);
    return 0;
}
