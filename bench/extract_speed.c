/*
 * extract_speed.c -- how fast td_extract turns HTML pages into articles,
 * on one thread, with the pages already in memory; and how much of that is
 * the HTML parser: libxml2's parse of the page ("parse", what td_extract
 * used before clean/parse.c) and the tree td_extract actually pays for,
 * our own parser's ("tree").
 *
 *   extract_speed [--rounds N] [--threads N] [--only extract|parse|tree] [--table] DIR
 *
 * DIR is articlebench (html/ with *.html.gz, and ground-truth.json, whose "url"
 * each page gets) or any folder of *.html / *.html.gz pages. Every page is
 * read and decompressed before the clock starts. Each phase runs one
 * untimed warm-up round, then N timed rounds (5 by default) over all pages;
 * the median round is reported, the best one too, in wall time and in the
 * process's CPU time (the two differ when the machine is busy). --threads
 * (1 by default) shares the pages between threads, each with its own
 * extractor; per-page times are taken on one thread only. Peak memory is
 * getrusage's maxrss after loading and after each phase, and the resident
 * size after each round shows whether it grows.
 *
 * Prints one JSON line on standard output (--table: a small table).
 */
#include <dirent.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>
#include <libxml/HTMLparser.h>
#include <zlib.h>

#include "tidings.h"
#include "clean/page.h" /* td_clean_parse */

#define MAX_THREADS 64

typedef struct page {
    char *name;
    char *url;
    unsigned char *data;
    size_t len;
} page;

typedef struct corpus {
    page *p;
    size_t n, cap;
    size_t bytes, largest;
} corpus;

static void die(const char *fmt, const char *arg)
{
    fprintf(stderr, "extract_speed: ");
    fprintf(stderr, fmt, arg);
    fputc('\n', stderr);
    exit(2);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The process's CPU time: what the work cost whatever else the machine
 * runs (wall time on a busy machine also counts waiting for a core). */
static double cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static long maxrss_kb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

static long rss_kb(void)
{
    long pages = 0, resident = 0;
    FILE *f = fopen("/proc/self/statm", "r");
    if (!f) return 0;
    if (fscanf(f, "%ld %ld", &pages, &resident) != 2) resident = 0;
    fclose(f);
    return resident * (sysconf(_SC_PAGESIZE) / 1024);
}

static int ends_with(const char *s, const char *suf)
{
    size_t a = strlen(s), b = strlen(suf);
    return a >= b && strcmp(s + a - b, suf) == 0;
}

/* Reads a file whole, through zlib (gzread passes plain files through). */
static unsigned char *slurp(const char *path, size_t *len)
{
    gzFile g = gzopen(path, "rb");
    if (!g) die("cannot open %s", path);
    gzbuffer(g, 1 << 16);
    size_t cap = 1 << 18, n = 0;
    unsigned char *buf = malloc(cap);
    for (;;) {
        if (!buf) die("out of memory reading %s", path);
        if (cap - n < (1 << 16)) {
            cap *= 2;
            unsigned char *nb = realloc(buf, cap);
            if (!nb) free(buf);
            buf = nb;
            continue;
        }
        int r = gzread(g, buf + n, (unsigned)(cap - n));
        if (r < 0) die("cannot read %s", path);
        if (r == 0) break;
        n += (size_t)r;
    }
    gzclose(g);
    *len = n;
    return buf;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(((const page *)a)->name, ((const page *)b)->name);
}

static void load(corpus *c, const char *dir)
{
    char path[4096];
    const char *pages_dir = dir;
    snprintf(path, sizeof path, "%s/html", dir);
    DIR *d = opendir(path);
    if (d) {
        pages_dir = path;
    } else if (!(d = opendir(dir))) {
        die("cannot open folder %s", dir);
    }
    char base[4096];
    snprintf(base, sizeof base, "%s", pages_dir);
    struct dirent *e;
    while ((e = readdir(d))) {
        if (!ends_with(e->d_name, ".html") && !ends_with(e->d_name, ".html.gz")) continue;
        if (c->n == c->cap) {
            c->cap = c->cap ? c->cap * 2 : 256;
            c->p = realloc(c->p, c->cap * sizeof *c->p);
            if (!c->p) die("out of memory%s", "");
        }
        page *p = &c->p[c->n++];
        memset(p, 0, sizeof *p);
        p->name = strdup(e->d_name);
        char file[8192];
        snprintf(file, sizeof file, "%s/%s", base, e->d_name);
        p->data = slurp(file, &p->len);
        if (p->len > (size_t)INT32_MAX) die("%s is over 2 GB", file);
        c->bytes += p->len;
        if (p->len > c->largest) c->largest = p->len;
    }
    closedir(d);
    if (!c->n) die("no *.html or *.html.gz pages in %s", dir);
    qsort(c->p, c->n, sizeof *c->p, by_name);

    /* articlebench: the page's URL from the ground truth, as a crawler
     * would have it. */
    snprintf(path, sizeof path, "%s/ground-truth.json", dir);
    if (access(path, R_OK) != 0) return;
    json_error_t je;
    json_t *gt = json_load_file(path, 0, &je);
    if (!gt) die("cannot read %s", path);
    for (size_t i = 0; i < c->n; i++) {
        char key[1024];
        snprintf(key, sizeof key, "%s", c->p[i].name);
        char *dot = strstr(key, ".html");
        if (dot) *dot = '\0';
        const char *url = json_string_value(json_object_get(json_object_get(gt, key), "url"));
        if (url) c->p[i].url = strdup(url);
    }
    json_decref(gt);
}

/* ---- the two phases ------------------------------------------------------- */

typedef struct tally {
    size_t articles, body_bytes, titles, dated, rejected;
} tally;

static int on_article(void *ctx, const td_article *a)
{
    tally *t = ctx;
    t->articles++;
    t->body_bytes += a->body_len;
    t->titles += a->title && *a->title;
    t->dated += a->published != NULL;
    return 0;
}

/* The parse src/clean/html.c does, and nothing else. */
static const int parse_options = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
                                 HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
                                 HTML_PARSE_COMPACT | HTML_PARSE_IGNORE_ENC;

static void quiet(void *ctx, const char *msg, ...) {}

/* What td_extract pays for its tree: our parser (src/clean/parse.c), kept
 * from page to page as a cleaner keeps it. Each thread has its own. */
static _Thread_local td_parse *tree_parser;

static int parse_tree(const page *p)
{
    if (!tree_parser && !(tree_parser = td_clean_parse_new())) die("out of memory%s", "");
    char err[128];
    return td_clean_parse(tree_parser, (const char *)p->data, p->len, err, sizeof err) ? 0 : -1;
}

/* One page through td_extract (mode 1), through libxml2's parser alone
 * (0), or through ours, as td_extract does (2). */
static void one_page(td_extractor *x, int mode, const page *p, tally *t)
{
    if (mode == 2) {
        if (parse_tree(p)) t->rejected++;
        else t->articles++;
        return;
    }
    if (mode == 1) {
        td_ingest_opts o = {0};
        o.format = TD_FMT_HTML;
        o.jobs = 1;
        o.url = p->url;
        if (td_extract(x, p->name, p->data, p->len, &o, on_article, t) != TD_OK) t->rejected++;
        return;
    }
    htmlParserCtxtPtr ctx = htmlNewParserCtxt();
    if (!ctx) die("out of memory%s", "");
    ctx->sax->error = quiet;
    ctx->sax->warning = quiet;
    htmlDocPtr doc = htmlCtxtReadMemory(ctx, (const char *)p->data, (int)p->len, NULL, "UTF-8",
                                        parse_options);
    htmlFreeParserCtxt(ctx);
    if (doc) {
        t->articles++;
        xmlFreeDoc(doc);
    } else {
        t->rejected++;
    }
}

typedef struct worker {
    const corpus *c;
    td_extractor *x;
    int mode;
    atomic_size_t *next;
    tally t;
} worker;

static void *work(void *arg)
{
    worker *w = arg;
    size_t i;
    while ((i = atomic_fetch_add(w->next, 1)) < w->c->n) one_page(w->x, w->mode, &w->c->p[i], &w->t);
    return NULL;
}

/* All pages once. One thread: in order, on this thread, with per-page
 * times when per_page is given. More: each thread takes the next page. */
static void pass(td_extractor **xs, int threads, int mode, const corpus *c, tally *t,
                 double *per_page)
{
    if (threads == 1) {
        for (size_t i = 0; i < c->n; i++) {
            double t0 = per_page ? now() : 0;
            one_page(xs[0], mode, &c->p[i], t);
            if (per_page) per_page[i] = now() - t0;
        }
        return;
    }
    atomic_size_t next = 0;
    worker w[MAX_THREADS];
    pthread_t tid[MAX_THREADS];
    for (int k = 0; k < threads; k++) {
        w[k] = (worker){c, xs[k], mode, &next, {0}};
        if (pthread_create(&tid[k], NULL, work, &w[k])) die("cannot start a thread%s", "");
    }
    for (int k = 0; k < threads; k++) {
        pthread_join(tid[k], NULL);
        t->articles += w[k].t.articles;
        t->body_bytes += w[k].t.body_bytes;
        t->titles += w[k].t.titles;
        t->dated += w[k].t.dated;
        t->rejected += w[k].t.rejected;
    }
}

typedef struct result {
    const char *phase;
    int ran;
    double median, best, worst, cpu_median;
    long maxrss_kb, rss_first_kb, rss_last_kb;
    double slowest_page_ms, p50_page_ms, p99_page_ms; /* one thread only */
    const char *slowest_page;
    tally t; /* of one round */
} result;

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static void run_phase(result *r, const char *phase, int rounds, int threads, const corpus *c,
                      td_extractor **xs)
{
    int mode = !strcmp(phase, "extract") ? 1 : !strcmp(phase, "tree") ? 2 : 0;
    double *secs = calloc((size_t)rounds, sizeof *secs);
    double *cpu = calloc((size_t)rounds, sizeof *cpu);
    double *pp = calloc(c->n, sizeof *pp), *sorted = calloc(c->n, sizeof *sorted);
    if (!secs || !cpu || !pp || !sorted) die("out of memory%s", "");
    r->phase = phase;
    r->ran = 1;
    /* Warm-up, untimed; on one thread it gives the per-page times. */
    tally warm = {0};
    pass(xs, threads, mode, c, &warm, threads == 1 ? pp : NULL);
    r->t = warm;
    if (threads == 1) {
        size_t slowest = 0;
        for (size_t i = 0; i < c->n; i++) {
            sorted[i] = pp[i];
            if (pp[i] > pp[slowest]) slowest = i;
        }
        qsort(sorted, c->n, sizeof *sorted, cmp_double);
        r->slowest_page_ms = pp[slowest] * 1e3;
        r->slowest_page = c->p[slowest].name;
        r->p50_page_ms = sorted[c->n / 2] * 1e3;
        r->p99_page_ms = sorted[(c->n * 99) / 100 < c->n ? (c->n * 99) / 100 : c->n - 1] * 1e3;
    }
    r->rss_first_kb = rss_kb();
    for (int k = 0; k < rounds; k++) {
        tally t = {0};
        double t0 = now(), c0 = cpu_now();
        pass(xs, threads, mode, c, &t, NULL);
        secs[k] = now() - t0;
        cpu[k] = cpu_now() - c0;
        if (t.articles != warm.articles || t.body_bytes != warm.body_bytes)
            fprintf(stderr, "extract_speed: round %d gave different output\n", k + 1);
    }
    r->rss_last_kb = rss_kb();
    r->maxrss_kb = maxrss_kb();
    r->cpu_median = median(cpu, rounds);
    r->median = median(secs, rounds);
    r->best = secs[0];
    r->worst = secs[rounds - 1];
    free(secs);
    free(cpu);
    free(pp);
    free(sorted);
}

/* A file name as a JSON string (names are ASCII here, but any folder may be
 * given). */
static void put_json_string(const char *s)
{
    putchar('"');
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch == '"' || ch == '\\') printf("\\%c", ch);
        else if (ch < 0x20) printf("\\u%04x", ch);
        else putchar(ch);
    }
    putchar('"');
}

static void print_json_phase(const result *r, const corpus *c, int threads)
{
    double mb = (double)c->bytes / 1e6;
    printf("\"%s\":{\"seconds\":%.4f,\"best_seconds\":%.4f,\"worst_seconds\":%.4f,"
           "\"pages_per_s\":%.1f,\"mb_per_s\":%.2f,\"best_pages_per_s\":%.1f,"
           "\"cpu_seconds\":%.4f,\"cpu_pages_per_s\":%.1f,\"ok\":%zu,\"failed\":%zu,",
           r->phase, r->median, r->best, r->worst, (double)c->n / r->median, mb / r->median,
           (double)c->n / r->best, r->cpu_median, (double)c->n / r->cpu_median, r->t.articles,
           r->t.rejected);
    if (threads == 1) {
        printf("\"page_ms_p50\":%.3f,\"page_ms_p99\":%.3f,\"page_ms_max\":%.3f,"
               "\"slowest_page\":",
               r->p50_page_ms, r->p99_page_ms, r->slowest_page_ms);
        put_json_string(r->slowest_page);
        putchar(',');
    }
    if (strcmp(r->phase, "extract") == 0)
        printf("\"body_bytes\":%zu,\"with_title\":%zu,\"with_date\":%zu,", r->t.body_bytes,
               r->t.titles, r->t.dated);
    printf("\"maxrss_kb\":%ld,\"rss_kb_first_round\":%ld,\"rss_kb_last_round\":%ld}",
           r->maxrss_kb, r->rss_first_kb, r->rss_last_kb);
}

static void print_table_row(const result *r, const corpus *c, int threads)
{
    char p50[32] = "-", p99[32] = "-";
    if (threads == 1) {
        snprintf(p50, sizeof p50, "%.3f", r->p50_page_ms);
        snprintf(p99, sizeof p99, "%.3f", r->p99_page_ms);
    }
    printf("%-22s %9.1f %8.2f %11.1f %8s %8s %9.1f\n",
           strcmp(r->phase, "extract") == 0   ? "tidings td_extract"
           : strcmp(r->phase, "tree") == 0 ? "our parse (its tree)"
                                               : "libxml2 parse alone",
           (double)c->n / r->median, (double)c->bytes / 1e6 / r->median,
           (double)c->n / r->cpu_median, p50, p99, r->maxrss_kb / 1024.0);
}

static void usage(void)
{
    fprintf(stderr, "usage: extract_speed [--rounds N] [--threads N] "
                    "[--only extract|parse|tree] "
                    "[--table] DIR\n");
    exit(2);
}

int main(int argc, char **argv)
{
    int rounds = 5, threads = 1, table = 0;
    const char *only = NULL, *dir = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--rounds") == 0 && i + 1 < argc) {
            rounds = atoi(argv[++i]);
            if (rounds < 1) usage();
        } else if (strcmp(argv[i], "--threads") == 0 && i + 1 < argc) {
            threads = atoi(argv[++i]);
            if (threads < 1 || threads > MAX_THREADS) usage();
        } else if (strcmp(argv[i], "--only") == 0 && i + 1 < argc) {
            only = argv[++i];
            if (strcmp(only, "extract") != 0 && strcmp(only, "parse") != 0 &&
                strcmp(only, "tree") != 0)
                usage();
        } else if (strcmp(argv[i], "--table") == 0) {
            table = 1;
        } else if (argv[i][0] == '-' || dir) {
            usage();
        } else {
            dir = argv[i];
        }
    }
    if (!dir) usage();

    xmlInitParser();
    corpus c = {0};
    load(&c, dir);
    long rss_loaded = maxrss_kb();

    td_extractor *xs[MAX_THREADS] = {0};
    char err[256] = "";
    for (int k = 0; k < threads; k++)
        if (td_extractor_new(&xs[k], err, sizeof err) != TD_OK) die("td_extractor_new: %s", err);
    long rss_ready = maxrss_kb();

    /* Extraction first, so its peak is not the parse phase's. */
    result ex = {0}, pa = {0}, sp = {0};
    if (!only || strcmp(only, "extract") == 0) run_phase(&ex, "extract", rounds, threads, &c, xs);
    if (!only || strcmp(only, "parse") == 0) run_phase(&pa, "parse", rounds, threads, &c, xs);
    if (!only || strcmp(only, "tree") == 0)
        run_phase(&sp, "tree", rounds, threads, &c, xs);
    for (int k = 0; k < threads; k++) td_extractor_free(xs[k]);
    td_clean_parse_free(tree_parser);

    if (table) {
        printf("%zu pages, %.1f MB (%.0f KB a page, largest %.0f KB); median of %d rounds, "
               "%d thread%s\n",
               c.n, c.bytes / 1e6, c.bytes / 1e3 / c.n, c.largest / 1e3, rounds, threads,
               threads > 1 ? "s" : "");
        printf("%-22s %9s %8s %11s %8s %8s %9s\n", "", "pages/s", "MB/s", "pages/cpu-s",
               "p50 ms", "p99 ms", "maxrss MB");
        if (ex.ran) print_table_row(&ex, &c, threads);
        if (pa.ran) print_table_row(&pa, &c, threads);
        if (sp.ran) print_table_row(&sp, &c, threads);
        if (ex.ran && sp.ran)
            printf("its own parse's share of extraction (CPU time): %.0f%%\n",
                   100.0 * sp.cpu_median / ex.cpu_median);
        if (ex.ran && pa.ran)
            printf("libxml2 on the page as it is, against extraction (CPU time): %.0f%%\n",
                   100.0 * pa.cpu_median / ex.cpu_median);
        printf("maxrss with the pages loaded: %.1f MB; with the extractor%s: %.1f MB\n",
               rss_loaded / 1024.0, threads > 1 ? "s" : "", rss_ready / 1024.0);
    } else {
        printf("{\"tool\":\"tidings\",\"version\":\"%s\",\"pages\":%zu,\"bytes\":%zu,"
               "\"largest_page_bytes\":%zu,\"rounds\":%d,\"threads\":%d,"
               "\"maxrss_kb_loaded\":%ld,\"maxrss_kb_extractor\":%ld",
               TIDINGS_VERSION, c.n, c.bytes, c.largest, rounds, threads, rss_loaded,
               rss_ready);
        if (ex.ran) {
            putchar(',');
            print_json_phase(&ex, &c, threads);
        }
        if (pa.ran) {
            putchar(',');
            print_json_phase(&pa, &c, threads);
        }
        if (sp.ran) {
            putchar(',');
            print_json_phase(&sp, &c, threads);
        }
        printf("}\n");
    }
    for (size_t i = 0; i < c.n; i++) {
        free(c.p[i].name);
        free(c.p[i].url);
        free(c.p[i].data);
    }
    free(c.p);
    return 0;
}
