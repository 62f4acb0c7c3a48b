/*
 * cluster.c -- runs copy detection and story assignment over a set of
 * articles, for the story scorers and the throughput benchmark.
 *
 *   cluster [options] SET.jsonl        one line per article:
 *       {"id": "...", "gold": "...", "title": "...", "text": "...",
 *        "date": "YYYY-MM-DD" or null, "outlet": "..."}
 *     ("published", the key `tidings ingest` reads, is taken in place of
 *     "date", so that one stream serves the harness and the tool)
 *     writes one line per article to standard output:
 *       id <TAB> story <TAB> thread <TAB> duplicate_of <TAB> similarity
 *     and a summary to standard error.
 *
 *   cluster --seeds DIR                the model case: every file of DIR
 *     through the clean stage (td_extract), then stories; prints the
 *     stories and threads.
 *
 *   cluster --speed STREAM.jsonl       the throughput benchmark: streams the
 *     file, times only the tokenizer, dedup and story calls (thread CPU
 *     time, so other work on the machine does not count), and prints a row
 *     at 10k, 20k, 50k, 100k, ... articles with articles/s and RSS, and the
 *     microseconds an article of each stage over the rows' segment (wall).
 *     --copies-only leaves the story stage out (to study the copy index
 *     alone at scale). --save-at N saves the story index into memory
 *     after N articles (td_story_save), loads it back (td_story_load) and
 *     goes on with the loaded index; the bytes and the CPU seconds of each
 *     go to standard error, and are left out of the throughput.
 *     --vs-scalar places every article in a second story index too, one
 *     that scores with the portable loops only (td_story_use_simd), the
 *     two taking turns at going first; prints both story stages' times
 *     (an A/B that the machine's load touches alike) and checks that
 *     every placement is the same.
 *
 * Options:
 *   --set KEY=VALUE   change one td_story_config field (see story.h)
 *   --dedup KEY=VALUE change one td_dedup_config field
 *   --warm            count every article's terms first (td_story_observe),
 *                     as an engine with history would have them
 *   --text-dates      give undated articles the date the clean stage reads
 *                     in their text (a dateline or byline), as the pipeline
 *                     would
 *   --trace FILE      write every decision (joins with their score, merges)
 *   --file-order      keep file order even when every article has a date
 *                     (by default dated sets run in publication order)
 */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <dirent.h>

#include "tidings.h"
#include "dedup/dedup.h"
#include "story/story.h"
#include "util/mem.h"
#include "text/text.h"

typedef struct art {
    char *id, *title, *text, *outlet;
    size_t title_len, text_len;
    int64_t published;
    size_t order;
} art;

static double now_sec(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static long rss_kb(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    if (!f) return 0;
    char line[256];
    long kb = 0;
    while (fgets(line, sizeof line, f))
        if (strncmp(line, "VmRSS:", 6) == 0) { kb = strtol(line + 6, NULL, 10); break; }
    fclose(f);
    return kb;
}

static int64_t parse_date(const char *s)
{
    if (!s) return 0;
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    int y, m, d, H = 0, M = 0, S = 0;
    if (sscanf(s, "%d-%d-%dT%d:%d:%d", &y, &m, &d, &H, &M, &S) < 3) return 0;
    tm.tm_year = y - 1900;
    tm.tm_mon = m - 1;
    tm.tm_mday = d;
    tm.tm_hour = H;
    tm.tm_min = M;
    tm.tm_sec = S;
    return (int64_t)timegm(&tm);
}

static char *dupn(const char *s, size_t *len)
{
    if (!s) { *len = 0; return NULL; }
    *len = strlen(s);
    char *d = malloc(*len + 1);
    if (d) memcpy(d, s, *len + 1);
    return d;
}

static int parse_line(const char *line, art *a)
{
    json_error_t err;
    json_t *o = json_loads(line, 0, &err);
    if (!o || !json_is_object(o)) { json_decref(o); return -1; }
    memset(a, 0, sizeof *a);
    size_t n;
    json_t *id = json_object_get(o, "id");
    char buf[64];
    if (json_is_integer(id)) {
        snprintf(buf, sizeof buf, "%lld", (long long)json_integer_value(id));
        a->id = dupn(buf, &n);
    } else {
        a->id = dupn(json_string_value(id), &n);
    }
    a->title = dupn(json_string_value(json_object_get(o, "title")), &a->title_len);
    a->text = dupn(json_string_value(json_object_get(o, "text")), &a->text_len);
    a->outlet = dupn(json_string_value(json_object_get(o, "outlet")), &n);
    json_t *date = json_object_get(o, "published");
    if (!date) date = json_object_get(o, "date");
    a->published = parse_date(json_string_value(date));
    json_decref(o);
    return a->id ? 0 : -1;
}

static void art_free(art *a)
{
    free(a->id);
    free(a->title);
    free(a->text);
    free(a->outlet);
}

static int by_date(const void *x, const void *y)
{
    const art *a = x, *b = y;
    if (a->published != b->published) return a->published < b->published ? -1 : 1;
    return a->order < b->order ? -1 : a->order > b->order;
}

/* --set name=value for the numeric fields of the two configurations. */
static int set_story(td_story_config *c, const char *kv)
{
    const char *eq = strchr(kv, '=');
    if (!eq) return -1;
    size_t n = (size_t)(eq - kv);
    double v = strtod(eq + 1, NULL);
#define D(f) if (n == strlen(#f) && !strncmp(kv, #f, n)) { c->f = v; return 0; }
#define U(f) if (n == strlen(#f) && !strncmp(kv, #f, n)) { c->f = (unsigned)v; return 0; }
    U(max_terms) U(centroid_terms) U(max_words) U(lead_words)
    D(title_weight) D(lead_weight) D(name_weight) D(number_weight)
    D(join_threshold) D(dated_threshold) D(link) D(specific_power) D(single_term) D(idf_prior) D(merge_threshold) D(second_chance) D(grace_days) D(decay_days) D(story_days)
    U(lookup_terms) U(lookup_postings) U(max_candidates)
    if (n == 9 && !strncmp(kv, "time_cues", 9)) { c->time_cues = (int)v; return 0; }
    if (n == 10 && !strncmp(kv, "name_spans", 10)) { c->name_spans = (int)v; return 0; }
    D(thread_threshold) D(thread_days) D(retire_days) D(recheck)
    /* recheck_after=50,200,1000: the arrivals of the re-checks */
    if (n == 13 && !strncmp(kv, "recheck_after", 13)) {
        const char *p = eq + 1;
        for (int k = 0; k < TD_STORY_RECHECKS; k++) {
            char *end;
            c->recheck_after[k] = *p ? (unsigned)strtoul(p, &end, 10) : 0;
            if (*p) p = *end == ',' ? end + 1 : end;
        }
        return 0;
    }
    if (n == 15 && !strncmp(kv, "retire_articles", 15)) { c->retire_articles = (uint64_t)v; return 0; }
    if (n == 10 && !strncmp(kv, "max_active", 10)) { c->max_active = (size_t)v; return 0; }
    U(df_bits)
    if (n == 12 && !strncmp(kv, "keep_retired", 12)) { c->keep_retired = (int)v; return 0; }
    return -1;
}

static int set_dedup(td_dedup_config *c, const char *kv)
{
    const char *eq = strchr(kv, '=');
    if (!eq) return -1;
    size_t n = (size_t)(eq - kv);
    double v = strtod(eq + 1, NULL);
    D(threshold) D(gen_days)
    U(shingle) U(min_words)
    if (n == 12 && !strncmp(kv, "max_articles", 12)) { c->max_articles = (size_t)v; return 0; }
    return -1;
#undef D
#undef U
}

static int read_set(const char *path, art **out, size_t *nout)
{
    FILE *f = strcmp(path, "-") ? fopen(path, "r") : stdin;
    if (!f) { fprintf(stderr, "cluster: %s: %s\n", path, strerror(errno)); return -1; }
    char *line = NULL;
    size_t cap = 0, n = 0, acap = 0;
    art *v = NULL;
    ssize_t len;
    while ((len = getline(&line, &cap, f)) > 0) {
        if (len <= 1) continue;
        if (n == acap) {
            acap = acap ? acap * 2 : 1024;
            v = realloc(v, acap * sizeof *v);
            if (!v) return -1;
        }
        if (parse_line(line, &v[n]) != 0) {
            fprintf(stderr, "cluster: %s: bad line %zu\n", path, n + 1);
            continue;
        }
        v[n].order = n;
        n++;
    }
    free(line);
    if (f != stdin) fclose(f);
    *out = v;
    *nout = n;
    return 0;
}

static td_story_doc doc_of(const art *a, int64_t id, int64_t dup, const td_text_words *w)
{
    td_story_doc d;
    memset(&d, 0, sizeof d);
    d.id = id;
    d.title = a->title;
    d.title_len = a->title_len;
    d.body = a->text;
    d.body_len = a->text_len;
    d.published = a->published;
    d.outlet = a->outlet;
    d.duplicate_of = dup;
    d.body_words = w;
    return d;
}

/* ---- Dates from the text ------------------------------------------------------------ */

static int take_date(void *ctx, const td_article *x)
{
    int64_t *t = ctx;
    if (x->published) *t = parse_date(x->published);
    return 1;
}

/* What the clean stage reads from a dateline or byline ("Updated: January
 * 6, 2011"), for articles that came without a date: the pipeline does the
 * same before the story stage. */
static void dates_from_text(art *v, size_t n)
{
    td_extractor *x;
    char err[256];
    if (td_extractor_new(&x, err, sizeof err) != TD_OK) return;
    td_ingest_opts o;
    memset(&o, 0, sizeof o);
    o.format = TD_FMT_TEXT;
    size_t found = 0;
    for (size_t i = 0; i < n; i++) {
        if (v[i].published || !v[i].text) continue;
        int64_t t = 0;
        td_extract(x, v[i].id, v[i].text, v[i].text_len, &o, take_date, &t);
        if (t) { v[i].published = t; found++; }
    }
    fprintf(stderr, "cluster: dates read from the text of %zu articles\n", found);
    td_extractor_free(x);
}

/* ---- Clustering a labelled set ------------------------------------------------- */

static int run_set(const char *path, const td_story_config *sc, const td_dedup_config *dc,
                   int warm, int file_order, int vectors, int text_dates, FILE *trace)
{
    art *v;
    size_t n;
    if (read_set(path, &v, &n) != 0) return 1;
    if (text_dates) dates_from_text(v, n);
    int all_dated = n > 0;
    for (size_t i = 0; i < n; i++)
        if (!v[i].published) all_dated = 0;
    if (all_dated && !file_order) qsort(v, n, sizeof *v, by_date);

    td_story_index *sx;
    td_dedup_index *dx;
    if (td_story_index_new(sc, &sx) != TD_STORY_OK || td_dedup_index_new(dc, &dx) != TD_DEDUP_OK) {
        fprintf(stderr, "cluster: bad configuration\n");
        return 2;
    }
    td_text_words w;
    td_text_words_init(&w, 0);
    if (warm || vectors) {
        for (size_t i = 0; i < n; i++) {
            td_story_doc d = doc_of(&v[i], (int64_t)i + 1, 0, NULL);
            td_story_observe(sx, &d);
        }
    }
    if (vectors) {
        /* id, then term:weight:group for each term (for offline study) */
        td_story_term t[1024];
        uint32_t g[1024];
        for (size_t i = 0; i < n; i++) {
            td_story_doc d = doc_of(&v[i], (int64_t)i + 1, 0, NULL);
            int k = td_story_vectorize(sx, &d, t, g, 1024);
            printf("%s", v[i].id);
            for (int j = 0; j < k; j++) printf("\t%u:%.4f:%u", t[j].term, t[j].weight, g[j]);
            printf("\n");
        }
        return 0;
    }
    double t0 = now_sec();
    size_t copies = 0;
    int64_t *dups = calloc(n + 1, sizeof *dups);
    double *sims = calloc(n + 1, sizeof *sims);
    int64_t *story = calloc(n + 1, sizeof *story);
    for (size_t i = 0; i < n; i++) {
        int64_t id = (int64_t)i + 1;
        td_text_tokenize(&w, v[i].text ? v[i].text : "", v[i].text_len);
        td_dedup_match m;
        int rc = td_dedup_add_words_at(dx, id, v[i].published, &w, &m);
        if (rc < 0) { fprintf(stderr, "cluster: dedup failed\n"); return 3; }
        if (rc == 1) copies++;
        dups[i] = m.dup_of;
        sims[i] = m.similarity;
        td_story_doc d = doc_of(&v[i], id, m.dup_of, &w);
        td_story_assign as;
        if (td_story_add(sx, &d, &as) != TD_STORY_OK) { fprintf(stderr, "cluster: story failed\n"); return 3; }
        story[i] = as.story_id;
        if (trace) {
            fprintf(trace, "A\t%s\t%lld\t%d\t%.4f\n", v[i].id, (long long)as.story_id,
                    as.new_story, as.similarity);
            for (size_t k = 0; k < as.nmerges; k++)
                fprintf(trace, "M\t%lld\t%lld\t%.4f\n", (long long)as.merges[k].from,
                        (long long)as.merges[k].into, as.merges[k].similarity);
        }
    }
    double t1 = now_sec();
    /* Final story and thread of every article, merges applied. */
    for (size_t i = 0; i < n; i++) {
        td_story_info info;
        int64_t s = story[i], th = 0;
        if (td_story_get(sx, s, &info) == TD_STORY_OK) { s = info.id; th = info.thread_id; }
        printf("%s\t%lld\t%lld\t%s\t%.3f\n", v[i].id, (long long)s, (long long)th,
               dups[i] ? v[dups[i] - 1].id : "", sims[i]);
    }
    td_story_stats st;
    td_story_get_stats(sx, &st);
    fprintf(stderr, "cluster: %zu articles, %llu stories opened, %llu merges, %zu copies, "
            "%.0f articles/s\n", n, (unsigned long long)st.stories,
            (unsigned long long)st.merges, copies, n / (t1 - t0));
    td_text_words_free(&w);
    td_story_index_free(sx);
    td_dedup_index_free(dx);
    for (size_t i = 0; i < n; i++) art_free(&v[i]);
    free(v);
    free(dups);
    free(sims);
    free(story);
    return 0;
}

/* ---- The model case ------------------------------------------------------------- */

typedef struct seed_ctx {
    art *a;
} seed_ctx;

static int take_article(void *ctx, const td_article *x)
{
    seed_ctx *c = ctx;
    size_t n;
    c->a->title = dupn(x->title, &c->a->title_len);
    c->a->text = malloc(x->body_len + 1);
    if (c->a->text) {
        memcpy(c->a->text, x->body, x->body_len);
        c->a->text[x->body_len] = '\0';
        c->a->text_len = x->body_len;
    }
    c->a->outlet = dupn(x->outlet, &n);
    return 1; /* one article per file */
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int print_story(void *ctx, const td_story_info *s)
{
    (void)ctx;
    printf("story %lld  thread %lld  articles %u  month %d  \"%s\"\n", (long long)s->id,
           (long long)s->thread_id, s->articles, s->when_month, s->headline);
    return 0;
}

static int run_seeds(const char *dir, const td_story_config *sc, const td_dedup_config *dc)
{
    DIR *d = opendir(dir);
    if (!d) { fprintf(stderr, "cluster: %s: %s\n", dir, strerror(errno)); return 1; }
    char *names[256];
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)) && n < 256)
        if (e->d_name[0] != '.') names[n++] = strdup(e->d_name);
    closedir(d);
    qsort(names, n, sizeof *names, by_name);

    td_extractor *x;
    char err[256];
    if (td_extractor_new(&x, err, sizeof err) != TD_OK) { fprintf(stderr, "cluster: %s\n", err); return 1; }
    td_story_index *sx;
    td_dedup_index *dx;
    if (td_story_index_new(sc, &sx) != TD_STORY_OK || td_dedup_index_new(dc, &dx) != TD_DEDUP_OK) {
        fprintf(stderr, "cluster: bad configuration\n");
        return 2;
    }
    for (size_t i = 0; i < n; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        FILE *f = fopen(path, "rb");
        if (!f) continue;
        char *buf = malloc(1 << 20);
        size_t len = fread(buf, 1, 1 << 20, f);
        fclose(f);
        art a;
        memset(&a, 0, sizeof a);
        seed_ctx c = { &a };
        td_extract(x, names[i], buf, len, NULL, take_article, &c);
        free(buf);
        int64_t dup = 0;
        double sim = 0;
        td_dedup_add(dx, (int64_t)i + 1, a.text ? a.text : "", a.text_len, &dup, &sim);
        td_story_doc doc = doc_of(&a, (int64_t)i + 1, dup, NULL);
        td_story_assign as;
        td_story_add(sx, &doc, &as);
        printf("%s -> story %lld thread %lld%s sim %.3f  \"%.60s\"\n", names[i],
               (long long)as.story_id, (long long)as.thread_id, as.new_story ? " (new)" : "",
               as.similarity, a.title ? a.title : "");
        for (size_t k = 0; k < as.nmerges; k++)
            printf("  merge: story %lld into %lld (%.3f)\n", (long long)as.merges[k].from,
                   (long long)as.merges[k].into, as.merges[k].similarity);
        art_free(&a);
        free(names[i]);
    }
    td_story_each(sx, print_story, NULL);
    td_story_index_free(sx);
    td_dedup_index_free(dx);
    td_extractor_free(x);
    return 0;
}

/* ---- Throughput ------------------------------------------------------------------ */

static double cpu_sec(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Saves *sx into memory and replaces it with the index loaded back;
 * returns the CPU seconds spent, or -1. */
static double save_and_load(td_story_index **sx, const td_story_config *sc, size_t n)
{
    td_mem b = { 0 };
    double c0 = cpu_sec();
    int rc = td_story_save(*sx, td_mem_write, &b);
    double c1 = cpu_sec();
    td_story_index *loaded = NULL;
    if (rc == TD_STORY_OK) rc = td_story_load(sc, td_mem_read, &b, &loaded);
    double c2 = cpu_sec();
    size_t bytes = b.n;
    td_mem_free(&b);
    if (rc != TD_STORY_OK) {
        fprintf(stderr, "cluster: save or load at %zu articles failed (%d)\n", n, rc);
        return -1;
    }
    td_story_stats st;
    td_story_get_stats(loaded, &st);
    fprintf(stderr, "cluster: story index at %zu articles (%zu stories active, %zu retired; "
            "%.1f MB in memory): state %.1f MB, saved in %.3f s, loaded in %.3f s (CPU)\n", n,
            st.active, st.retired, st.bytes / 1e6, bytes / 1e6, c1 - c0, c2 - c1);
    td_story_index_free(*sx);
    *sx = loaded;
    return c2 - c0;
}

/* Articles are read and parsed a batch at a time, outside the timing; the
 * batch then goes through the library with two clocks running: the
 * thread's CPU time (what "one core" means on a machine shared with other
 * work) and the wall clock per stage. */
enum { SPEED_BATCH = 1000 };

static int same_assign(const td_story_assign *x, const td_story_assign *y)
{
    return x->story_id == y->story_id && x->thread_id == y->thread_id &&
           x->new_story == y->new_story && x->new_thread == y->new_thread && x->copy == y->copy &&
           !memcmp(&x->similarity, &y->similarity, sizeof x->similarity) &&
           x->nmerges == y->nmerges &&
           (!x->nmerges || !memcmp(x->merges, y->merges, x->nmerges * sizeof x->merges[0]));
}

static int run_speed(const char *path, const td_story_config *sc0, const td_dedup_config *dc,
                     int copies_only, size_t save_at, int vs_scalar)
{
    FILE *f = fopen(path, "r");
    if (!f) { fprintf(stderr, "cluster: %s: %s\n", path, strerror(errno)); return 1; }
    td_story_config sc = *sc0;
    td_story_index *sx;
    td_dedup_index *dx;
    if (td_story_index_new(&sc, &sx) != TD_STORY_OK || td_dedup_index_new(dc, &dx) != TD_DEDUP_OK) {
        fprintf(stderr, "cluster: bad configuration\n");
        return 2;
    }
    td_story_index *sy = NULL;
    if (vs_scalar) {
        if (td_story_index_new(&sc, &sy) != TD_STORY_OK) return 2;
        td_story_use_simd(sy, 0);
    }
    double t_scalar = 0;
    size_t differ = 0;
    td_text_words w;
    td_text_words_init(&w, 0);
    long rss0 = rss_kb();
    char *line = NULL;
    size_t cap = 0, n = 0, next = 10000, copies = 0;
    uint64_t words = 0, bytes = 0;
    double spent = 0, cpu = 0, seg_cpu = 0, t_tok = 0, t_dedup = 0, t_story = 0;
    double seg_tok = 0, seg_dedup = 0, seg_story = 0;
    size_t seg_start = 0;
    ssize_t len;
    art *batch = malloc(SPEED_BATCH * sizeof *batch);
    if (!batch) return 2;
    printf("%10s %12s %12s %12s %10s %10s %10s %12s %21s\n", "articles", "articles/s", "segment/s",
           "words/art", "RSS MB", "B/article", "stories", "index B/art", "segment us tok/cp/st");
    int eof = 0;
    while (!eof) {
        size_t nb = 0;
        while (nb < SPEED_BATCH && !(n + nb == next && nb > 0)) {
            if ((len = getline(&line, &cap, f)) <= 0) { eof = 1; break; }
            if (len <= 1 || parse_line(line, &batch[nb]) != 0) continue;
            nb++;
        }
        double c0 = cpu_sec(), aside = 0;
        for (size_t b = 0; b < nb; b++) {
            art *a = &batch[b];
            double t0 = now_sec();
            td_text_tokenize(&w, a->text ? a->text : "", a->text_len);
            double t1 = now_sec();
            td_dedup_match m;
            int rc = td_dedup_add_words_at(dx, (int64_t)n + 1, a->published, &w, &m);
            if (rc == 1) copies++;
            double t2 = now_sec(), t3;
            if (sy) {
                td_story_doc d = doc_of(a, (int64_t)n + 1, m.dup_of, &w);
                /* the two indexes take turns going first */
                td_story_assign ax, ay;
                td_story_index *one = n & 1 ? sy : sx, *two = n & 1 ? sx : sy;
                double u0 = now_sec();
                td_story_add(one, &d, one == sx ? &ax : &ay);
                double u1 = now_sec();
                td_story_add(two, &d, two == sx ? &ax : &ay);
                double u2 = now_sec();
                double tx = one == sx ? u1 - u0 : u2 - u1;
                t_scalar += (u2 - u0) - tx;
                t3 = t2 + tx;
                differ += !same_assign(&ax, &ay);
            } else {
                if (!copies_only) {
                    td_story_doc d = doc_of(a, (int64_t)n + 1, m.dup_of, &w);
                    td_story_assign as;
                    td_story_add(sx, &d, &as);
                }
                t3 = now_sec();
            }
            t_tok += t1 - t0;
            t_dedup += t2 - t1;
            t_story += t3 - t2;
            seg_tok += t1 - t0;
            seg_dedup += t2 - t1;
            seg_story += t3 - t2;
            spent += t3 - t0;
            words += w.n;
            bytes += a->text_len;
            n++;
            if (n == save_at && !copies_only) {
                double t = save_and_load(&sx, &sc, n);
                if (t < 0) return 3;
                aside += t;
            }
        }
        double dc1 = cpu_sec() - c0 - aside;
        cpu += dc1;
        seg_cpu += dc1;
        for (size_t b = 0; b < nb; b++) art_free(&batch[b]);
        if (n == next) {
            long rss = rss_kb();
            td_story_stats st;
            td_dedup_stats ds;
            td_story_get_stats(sx, &st);
            td_dedup_get_stats(dx, &ds);
            double per = 1e6 / (double)(n - seg_start);
            printf("%10zu %12.0f %12.0f %12.0f %10.1f %10.0f %10llu %12.0f %7.2f %6.2f %6.2f\n", n,
                   n / cpu, (n - seg_start) / seg_cpu, (double)words / n, rss / 1024.0,
                   (rss - rss0) * 1024.0 / n, (unsigned long long)st.stories,
                   (double)(st.bytes + ds.bytes) / n, seg_tok * per, seg_dedup * per,
                   seg_story * per);
            seg_tok = seg_dedup = seg_story = 0;
            fflush(stdout);
            seg_start = n;
            seg_cpu = 0;
            /* 10k, 20k, 50k, 100k, 200k, 500k, 1M, ... */
            next = (next / 10000) % 10 == 2 || (next / 100000) % 10 == 2 ||
                           (next / 1000000) % 10 == 2 ? next * 5 / 2 : next * 2;
        }
    }
    free(batch);
    free(line);
    fclose(f);
    td_story_stats st;
    td_dedup_stats ds;
    td_story_get_stats(sx, &st);
    td_dedup_get_stats(dx, &ds);
    if (!n) n = 1;
    fprintf(stderr, "cluster: %zu articles (%.1f MB of text, %.0f words each), %.2f s CPU in "
            "dedup+story: %.0f articles/s, %.1f MB/s (wall: %.0f articles/s); %zu copies; "
            "%llu stories, %zu active; index %.1f MB; RSS %.1f MB\n", n, bytes / 1e6,
            (double)words / n, cpu, n / cpu, bytes / 1e6 / cpu, n / spent, copies,
            (unsigned long long)st.stories, st.active, (st.bytes + ds.bytes) / 1e6,
            rss_kb() / 1024.0);
    fprintf(stderr, "cluster: per article (wall): tokenizing %.1f us, copies %.1f us, stories %.1f us; "
            "%.2f copy candidates compared\n",
            t_tok / n * 1e6, t_dedup / n * 1e6, t_story / n * 1e6, (double)ds.candidates / n);
    if (sy)
        fprintf(stderr, "cluster: stories with the portable loops %.1f us an article (%+.1f%%); "
                "%zu placements differ\n", t_scalar / n * 1e6,
                100 * (t_story - t_scalar) / t_scalar, differ);
    td_story_index_free(sy);
    td_text_words_free(&w);
    td_story_index_free(sx);
    td_dedup_index_free(dx);
    return 0;
}

int main(int argc, char **argv)
{
    td_story_config sc;
    td_dedup_config dc;
    td_story_config_default(&sc);
    td_dedup_config_default(&dc);
    int warm = 0, file_order = 0, vectors = 0, text_dates = 0;
    FILE *trace = NULL;
    const char *seeds = NULL, *speed = NULL, *input = NULL;
    int copies_only = 0, vs_scalar = 0;
    size_t save_at = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--set") && i + 1 < argc) {
            if (set_story(&sc, argv[++i]) != 0) { fprintf(stderr, "cluster: unknown %s\n", argv[i]); return 2; }
        } else if (!strcmp(argv[i], "--dedup") && i + 1 < argc) {
            if (set_dedup(&dc, argv[++i]) != 0) { fprintf(stderr, "cluster: unknown %s\n", argv[i]); return 2; }
        } else if (!strcmp(argv[i], "--warm")) {
            warm = 1;
        } else if (!strcmp(argv[i], "--trace") && i + 1 < argc) {
            trace = fopen(argv[++i], "w");
        } else if (!strcmp(argv[i], "--text-dates")) {
            text_dates = 1;
        } else if (!strcmp(argv[i], "--vectors")) {
            vectors = 1;
        } else if (!strcmp(argv[i], "--file-order")) {
            file_order = 1;
        } else if (!strcmp(argv[i], "--seeds") && i + 1 < argc) {
            seeds = argv[++i];
        } else if (!strcmp(argv[i], "--speed") && i + 1 < argc) {
            speed = argv[++i];
        } else if (!strcmp(argv[i], "--save-at") && i + 1 < argc) {
            save_at = (size_t)strtoull(argv[++i], NULL, 10);
        } else if (!strcmp(argv[i], "--copies-only")) {
            copies_only = 1;
        } else if (!strcmp(argv[i], "--vs-scalar")) {
            vs_scalar = 1;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            fprintf(stderr, "usage: cluster [--set K=V] [--dedup K=V] [--warm] [--file-order] "
                            "(SET.jsonl | --seeds DIR | --speed STREAM.jsonl [--save-at N] [--vs-scalar])\n");
            return 2;
        } else {
            input = argv[i];
        }
    }
    if (seeds) return run_seeds(seeds, &sc, &dc);
    if (speed) return run_speed(speed, &sc, &dc, copies_only, save_at, vs_scalar);
    if (!input) {
        fprintf(stderr, "cluster: no input\n");
        return 2;
    }
    return run_set(input, &sc, &dc, warm, file_order, vectors, text_dates, trace);
}
