/*
 * actors_speed.c -- how fast the actor stages (segmentation, mentions,
 * resolution, titles; attribution once it is wired into td_actors_run)
 * run on one thread over article bodies already in memory; and, with
 * --dump, what they find, for scorers (bench/score-gum) and for reading.
 *
 *   actors_speed [--rounds N] [--clean] [--data DIR] [--dump] FILE|DIR...
 *
 * Inputs are text files (a folder: its *.txt files), each one article
 * body. --clean first runs td_extract on each file (scraped pages and
 * seeds) and uses the clean body, as ingest would. Speed: one untimed
 * warm-up round, then N timed rounds (5 by default) over all bodies; the
 * median and best rounds are reported in CPU time of the process
 * (articles/s, MB/s, mentions/s), with the KB load time. One JSON line
 * on standard output.
 *
 * --dump prints, per input, one JSON line: {"file", "text_len",
 * "mentions": [[start, end, type, form, entity, kb_id, text, cue], ...]
 * (cue: what typed the mention, TD_CUE_* of mention.h; names inside
 * names, td_resolve_inner, follow with a ninth field, 1),
 * "entities": [[name, type, kb_id, nmentions], ...], "titles":
 * [[mention, start, end, role, attach, country, about, flags, org, text], ...]}.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <jansson.h>

#include "tidings.h"
#include "bench_io.h"
#include "extract/actors.h"
#include "extract/kb.h"

typedef struct body {
    char *name;
    char *text;
    size_t len;
} body;

typedef struct corpus {
    body *b;
    size_t n, cap, bytes;
} corpus;

static void die(const char *msg, const char *arg)
{
    fprintf(stderr, "actors_speed: %s%s\n", msg, arg ? arg : "");
    exit(2);
}

static double cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        die("cannot read ", path);
    char *p = read_all(f, len);
    if (!p || ferror(f))
        die("cannot read ", path);
    fclose(f);
    return p;
}

static void add(corpus *c, const char *name, char *text, size_t len)
{
    if (c->n == c->cap) {
        c->cap = c->cap ? 2 * c->cap : 64;
        c->b = realloc(c->b, c->cap * sizeof *c->b);
        if (!c->b)
            die("out of memory", NULL);
    }
    c->b[c->n++] = (body){strdup(name), text, len};
    c->bytes += len;
}

typedef struct clean_ctx {
    corpus *c;
    const char *name;
} clean_ctx;

static int on_article(void *ctx, const td_article *a)
{
    clean_ctx *cc = ctx;
    if (!a->body)
        return 0;
    char *t = malloc(a->body_len + 1);
    if (!t)
        die("out of memory", NULL);
    memcpy(t, a->body, a->body_len);
    t[a->body_len] = 0;
    add(cc->c, cc->name, t, a->body_len);
    return 0;
}

static void load_file(corpus *c, const char *path, td_extractor *x)
{
    size_t len;
    char *text = slurp(path, &len);
    if (!x) {
        add(c, path, text, len);
        return;
    }
    clean_ctx cc = {c, path};
    td_extract(x, path, text, len, NULL, on_article, &cc);
    free(text);
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void load(corpus *c, const char *path, td_extractor *x)
{
    struct stat st;
    if (stat(path, &st) != 0)
        die("no such input: ", path);
    if (!S_ISDIR(st.st_mode)) {
        load_file(c, path, x);
        return;
    }
    DIR *d = opendir(path);
    if (!d)
        die("cannot open ", path);
    char **names = NULL;
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t l = strlen(e->d_name);
        if (l < 5 || strcmp(e->d_name + l - 4, ".txt") != 0)
            continue;
        names = realloc(names, (n + 1) * sizeof *names);
        size_t pl = strlen(path) + l + 2;
        names[n] = malloc(pl);
        snprintf(names[n++], pl, "%s/%s", path, e->d_name);
    }
    closedir(d);
    qsort(names, n, sizeof *names, by_name);
    for (size_t i = 0; i < n; i++) {
        load_file(c, names[i], x);
        free(names[i]);
    }
    free(names);
}

static const char *kb_id(const td_kb *kb, int32_t k)
{
    if (k < 0 || !kb)
        return NULL;
    return td_kb_entry_at(kb, (uint32_t)k)->id;
}

static void dump(const td_kb *kb, const body *b, const td_actors_result *r)
{
    json_t *o = json_object();
    json_object_set_new(o, "file", json_string(b->name));
    json_object_set_new(o, "text_len", json_integer((json_int_t)b->len));
    json_t *ms = json_array();
    for (size_t i = 0; i < r->nmentions; i++) {
        const td_mention *m = &r->mentions[i];
        const char *id = kb_id(kb, m->kb);
        json_array_append_new(
            ms, json_pack("[I,I,s,i,i,s?,s%,i]", (json_int_t)m->start, (json_int_t)m->end,
                          td_ent_type_name(m->type), m->form, m->entity, id,
                          b->text + m->start, m->end - m->start, (int)r->info[i].cue));
    }
    /* names inside names after them, marked by a ninth field */
    for (size_t i = 0; i < r->ninner; i++) {
        const td_mention *m = &r->inner[i];
        const char *id = kb_id(kb, m->kb);
        json_array_append_new(
            ms, json_pack("[I,I,s,i,i,s?,s%,i,i]", (json_int_t)m->start, (json_int_t)m->end,
                          td_ent_type_name(m->type), m->form, m->entity, id,
                          b->text + m->start, m->end - m->start, (int)r->inner_info[i].cue, 1));
    }
    json_object_set_new(o, "mentions", ms);
    json_t *es = json_array();
    for (size_t i = 0; i < r->nentities; i++) {
        const td_local_entity *e = &r->entities[i];
        json_array_append_new(es, json_pack("[s?,s,s?,i]", e->name, td_ent_type_name(e->type),
                                            kb_id(kb, e->kb), (int)e->nmentions));
    }
    json_object_set_new(o, "entities", es);
    json_t *ts = json_array();
    for (size_t i = 0; i < r->ntitles; i++) {
        const td_title *t = &r->titles[i];
        json_array_append_new(
            ts, json_pack("[i,I,I,s?,i,s,s,i,i,s%]", t->mention, (json_int_t)t->start,
                          (json_int_t)t->end, t->role, t->attach, t->country, t->about,
                          t->acting, t->org, b->text + t->start, t->end - t->start));
    }
    json_object_set_new(o, "titles", ts);
    char *s = json_dumps(o, JSON_COMPACT);
    puts(s);
    free(s);
    json_decref(o);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    int rounds = 5, do_dump = 0, clean = 0;
    const char *datadir = NULL;
    corpus c = {0};
    td_extractor *x = NULL;
    int ninputs = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--rounds") && i + 1 < argc)
            rounds = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--dump"))
            do_dump = 1;
        else if (!strcmp(argv[i], "--clean"))
            clean = 1;
        else if (!strcmp(argv[i], "--data") && i + 1 < argc)
            datadir = argv[++i];
        else if (argv[i][0] == '-')
            die("usage: actors_speed [--rounds N] [--clean] [--data DIR] [--dump] FILE|DIR...",
                NULL);
        else {
            if (clean && !x) {
                char err[256];
                if (td_extractor_new(&x, err, sizeof err) != TD_OK)
                    die("extractor: ", err);
            }
            load(&c, argv[i], x);
            ninputs++;
        }
    }
    if (!ninputs || rounds < 1)
        die("usage: actors_speed [--rounds N] [--clean] [--data DIR] [--dump] FILE|DIR...", NULL);
    if (x)
        td_extractor_free(x);

    double t0 = cpu_now();
    td_kb *kb = NULL;
    char err[512];
    if (td_kb_open(&kb, datadir, err, sizeof err) != TD_KB_OK)
        die("knowledge base: ", err);
    double kb_ms = (cpu_now() - t0) * 1e3;
    td_actors *a = td_actors_new(kb);
    if (!a)
        die("cannot set up the actor stages", NULL);

    if (do_dump) {
        for (size_t i = 0; i < c.n; i++) {
            td_arena ar;
            td_arena_init(&ar);
            td_actors_result r;
            if (td_actors_run(a, c.b[i].text, c.b[i].len, &ar, &r) != TD_ACTORS_OK)
                die("failed on ", c.b[i].name);
            dump(kb, &c.b[i], &r);
            td_arena_free(&ar);
        }
    } else {
        double *times = calloc((size_t)rounds, sizeof *times);
        size_t mentions = 0;
        for (int round = -1; round < rounds; round++) {
            double s = cpu_now();
            size_t nm = 0;
            for (size_t i = 0; i < c.n; i++) {
                td_arena ar;
                td_arena_init(&ar);
                td_actors_result r;
                if (td_actors_run(a, c.b[i].text, c.b[i].len, &ar, &r) != TD_ACTORS_OK)
                    die("failed on ", c.b[i].name);
                nm += r.nmentions;
                td_arena_free(&ar);
            }
            if (round >= 0)
                times[round] = cpu_now() - s;
            mentions = nm;
        }
        qsort(times, (size_t)rounds, sizeof *times, cmp_double);
        double med = times[rounds / 2], best = times[0];
        printf("{\"articles\":%zu,\"bytes\":%zu,\"mentions\":%zu,\"rounds\":%d,"
               "\"kb_load_ms\":%.1f,\"median_s\":%.6f,\"best_s\":%.6f,"
               "\"articles_per_s\":%.0f,\"best_articles_per_s\":%.0f,"
               "\"us_per_article\":%.1f,\"mb_per_s\":%.2f,\"mentions_per_s\":%.0f}\n",
               c.n, c.bytes, mentions, rounds, kb_ms, med, best, c.n / med, c.n / best,
               med * 1e6 / (double)c.n, c.bytes / med / 1e6, mentions / med);
        free(times);
    }
    td_actors_free(a);
    td_kb_close(kb);
    for (size_t i = 0; i < c.n; i++) {
        free(c.b[i].name);
        free(c.b[i].text);
    }
    free(c.b);
    return 0;
}
