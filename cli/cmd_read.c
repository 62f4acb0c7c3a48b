/*
 * cmd_read.c -- the commands that read the database: articles, show,
 * search, export, stats.
 */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* Parses the options shared by the read commands; extra handles the rest.
 * Returns -1 to go on, or an exit status. */
typedef int (*extra_opt_fn)(void *ctx, int opt, const char *arg);

static int parse(cli *c, int argc, char **argv, const char *help,
                 const struct option *more, size_t nmore, extra_opt_fn extra, void *ctx)
{
    struct option longopts[24] = {CLI_COMMON_LONGOPTS};
    size_t n = 5;
    for (size_t i = 0; i < nmore && n < 23; i++) longopts[n++] = more[i];
    memset(&longopts[n], 0, sizeof longopts[n]);
    int opt;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "qvho:n:", longopts, NULL)) != -1) {
        if (cli_common_option(c, opt, optarg)) continue;
        if (opt == 'h') {
            fputs(help, stdout);
            return EXIT_ALL_OK;
        }
        if (extra && extra(ctx, opt, optarg) == 0) continue;
        fputs(help, stderr);
        return EXIT_USAGE;
    }
    return -1;
}

static int parse_count(const char *arg, size_t *out)
{
    char *end;
    unsigned long long v = strtoull(arg, &end, 10);
    if (!*arg || *end || v > 100000000ull) return -1;
    *out = (size_t)v;
    return 0;
}

static const char *or_dash(const char *s) { return s && *s ? s : "-"; }

/* ---- articles ---------------------------------------------------------------- */

static const char articles_help[] =
    "usage: tidings articles [--limit N] [--after ID] [--outlet NAME] [--json]\n"
    "\n"
    "List stored articles in the order they were stored: id, publication date,\n"
    "outlet, body length in bytes, title.\n"
    "With --json, one JSON array of objects (no bodies; see tidings export).\n";

typedef struct list_ctx {
    cli *c;
    td_list_opts o;
    size_t n;
} list_ctx;

static int list_opt(void *ctx, int opt, const char *arg)
{
    list_ctx *l = ctx;
    switch (opt) {
    case 'n': return parse_count(arg, &l->o.limit);
    case 'a': {
        size_t v;
        if (parse_count(arg, &v)) return -1;
        l->o.after_id = (int64_t)v;
        return 0;
    }
    case 'O': l->o.outlet = arg; return 0;
    default: return -1;
    }
}

static void print_row(const td_article *a)
{
    printf("%5lld  ", (long long)a->id);
    printf("%-10.10s  ", a->published ? a->published : "-");
    cli_put_cut(stdout, or_dash(a->outlet), 22, 1);
    printf(" %6zu  ", a->body_len);
    cli_put_title(stdout, a, 70);
    putchar('\n');
}

static int list_one(void *ctx, const td_article *a)
{
    list_ctx *l = ctx;
    if (l->c->json) {
        fputs(l->n ? ",\n  " : "[\n  ", stdout);
        cli_json_article(stdout, a, 0);
    } else {
        print_row(a);
    }
    l->n++;
    return 0;
}

int cmd_articles(cli *c, int argc, char **argv)
{
    static const struct option more[] = {{"limit", required_argument, NULL, 'n'},
                                         {"after", required_argument, NULL, 'a'},
                                         {"outlet", required_argument, NULL, 'O'}};
    list_ctx l = {c, {0}, 0};
    int rc = parse(c, argc, argv, articles_help, more, 3, list_opt, &l);
    if (rc >= 0) return rc;
    if (optind < argc) {
        cli_error("articles: unexpected argument '%s'", argv[optind]);
        return EXIT_USAGE;
    }
    td_db *db = cli_open(c, 0);
    if (!db) return EXIT_DB;
    if (!c->json) printf("%5s  %-10s  %-22s %6s  %s\n", "id", "published", "outlet", "bytes",
                         "title");
    l.o.with_body = !c->json; /* for untitled rows (cli_put_title) */
    td_status st = td_articles(db, &l.o, list_one, &l);
    if (c->json) fputs(l.n ? "\n]\n" : "[]\n", stdout);
    if (st != TD_OK) cli_error("articles: %s", td_errmsg(db));
    td_close(db);
    return cli_status_exit(st);
}

/* ---- show ----------------------------------------------------------------------- */

static const char show_help[] =
    "usage: tidings show [article] ID [--json] [--raw]\n"
    "       tidings show story ID [--json]\n"
    "       tidings show thread ID [--json]\n"
    "       tidings show entity NAME|ID [--json]\n"
    "\n"
    "One article: its fields and its clean body. --raw prints instead the raw\n"
    "unit it came from: the file, the JSONL line, the WARC record, or the feed\n"
    "item (re-serialised by the XML parser). An article also lists its time\n"
    "expressions, quantities, entities and who says what in it.\n"
    "\n"
    "An entity (a name, an alias, or an id): its aliases, the titles each\n"
    "article gave it, the articles naming it, and what it is quoted saying.\n";

typedef struct mention_ctx {
    int json;
    size_t n;
} mention_ctx;

static int print_timex(void *ctx, const td_timex_row *t)
{
    mention_ctx *m = ctx;
    if (m->json) {
        fputs(m->n ? ", {\"text\": " : "{\"text\": ", stdout);
        cli_json_string(stdout, t->text);
        printf(", \"start\": %zu, \"end\": %zu, \"type\": ", t->start, t->end);
        cli_json_string(stdout, t->type);
        fputs(", \"value\": ", stdout);
        cli_json_string(stdout, t->value);
        fputs(", \"anchor\": ", stdout);
        cli_json_string(stdout, t->anchor);
        fputc('}', stdout);
    } else {
        if (!m->n) printf("\ntime expressions\n");
        printf("  %-9s %-16s %s%s\n", t->type, t->value, t->text,
               t->relative && !t->anchor ? "  (no anchor)" : "");
    }
    m->n++;
    return 0;
}

static int print_quantity(void *ctx, const td_quantity_row *q)
{
    mention_ctx *m = ctx;
    if (m->json) {
        fputs(m->n ? ", {\"text\": " : "{\"text\": ", stdout);
        cli_json_string(stdout, q->text);
        /* An open range ("more than 2") has an infinite bound: null in JSON. */
        const char *names[] = {"value", "low", "high"};
        double vals[] = {q->value, q->low, q->high};
        for (int k = 0; k < 3; k++) {
            if (isfinite(vals[k])) printf(", \"%s\": %.15g", names[k], vals[k]);
            else printf(", \"%s\": null", names[k]);
        }
        printf(", \"approx\": \"%c\", \"unit\": ", q->approx);
        cli_json_string(stdout, q->unit);
        fputs(", \"counts\": ", stdout);
        cli_json_string(stdout, q->counts);
        fputc('}', stdout);
    } else {
        if (!m->n) printf("\nquantities\n");
        printf("  %c %-14.15g %-10s %s", q->approx, q->value, q->unit ? q->unit : "-", q->text);
        if (q->counts) printf("  [counts: %s]", q->counts);
        putchar('\n');
    }
    m->n++;
    return 0;
}

static int show_opt(void *ctx, int opt, const char *arg)
{
    if (opt == 'r') {
        *(int *)ctx = 1;
        return 0;
    }
    return -1;
}

int cmd_show(cli *c, int argc, char **argv)
{
    static const struct option more[] = {{"raw", no_argument, NULL, 'r'}};
    int raw = 0;
    int rc = parse(c, argc, argv, show_help, more, 1, show_opt, &raw);
    if (rc >= 0) return rc;
    int what = 0; /* 0 article, 1 story, 2 thread */
    if (optind < argc && !strcmp(argv[optind], "article")) optind++;
    else if (optind < argc && !strcmp(argv[optind], "story")) what = 1, optind++;
    else if (optind < argc && !strcmp(argv[optind], "thread")) what = 2, optind++;
    else if (optind < argc && !strcmp(argv[optind], "entity")) {
        optind++;
        if (optind >= argc) {
            cli_error("show entity: give a name or an id");
            return EXIT_USAGE;
        }
        /* a name may come as several words: show entity Abbas Araghchi */
        size_t len = 0;
        for (int i = optind; i < argc; i++) len += strlen(argv[i]) + 1;
        char *name = malloc(len);
        if (!name) return EXIT_DB;
        name[0] = '\0';
        for (int i = optind; i < argc; i++) {
            if (i > optind) strcat(name, " ");
            strcat(name, argv[i]);
        }
        td_db *db = cli_open(c, 0);
        int rc2 = db ? cli_show_entity(c, db, name) : EXIT_DB;
        td_close(db);
        free(name);
        return rc2;
    }
    char *end = NULL;
    long long id = optind < argc ? strtoll(argv[optind], &end, 10) : 0;
    if (optind + 1 != argc || !end || *end || id <= 0) {
        cli_error("show: give one id (see tidings show --help)");
        return EXIT_USAGE;
    }
    td_db *db = cli_open(c, 0);
    if (!db) return EXIT_DB;
    if (what) {
        int rc2 = what == 1 ? cli_show_story(c, db, id) : cli_show_thread(c, db, id);
        td_close(db);
        return rc2;
    }
    td_status st;
    if (raw) {
        unsigned char *data;
        size_t len;
        st = td_article_raw(db, id, &data, &len);
        if (st == TD_OK) {
            fwrite(data, 1, len, stdout);
            free(data);
        }
    } else {
        td_article *a;
        st = td_article_get(db, id, &a);
        if (st == TD_OK && c->json) {
            /* The article's fields, then its mentions, in one object. */
            cli_json_article_fields(stdout, a, 1);
            mention_ctx m = {1, 0};
            fputs(", \"timexes\": [", stdout);
            if (st == TD_OK) st = td_timexes(db, a->id, print_timex, &m);
            fputs("], \"quantities\": [", stdout);
            m.n = 0;
            if (st == TD_OK) st = td_quantities(db, a->id, print_quantity, &m);
            fputc(']', stdout);
            if (st == TD_OK) st = cli_article_actors(c, db, a->id);
            fputs("}\n", stdout);
        } else if (st == TD_OK) {
            printf("article    %lld\n", (long long)a->id);
            printf("title      %s\n", or_dash(a->title));
            printf("outlet     %s\n", or_dash(a->outlet));
            printf("author     %s\n", or_dash(a->author));
            printf("published  %s%s%s%s\n", or_dash(a->published), a->published ? " (" : "",
                   a->published ? td_date_from_name(a->published_from) : "",
                   a->published ? ")" : "");
            if (a->published_from == TD_DATE_INFERRED)
                printf("interval   %s .. %s (confidence %.2f)\n", or_dash(a->published_lo),
                       or_dash(a->published_hi), a->published_confidence);
            printf("url        %s\n", or_dash(a->url));
            printf("language   %s\n", or_dash(a->language));
            printf("source     %s (%s, %zu bytes)\n", a->source_path, a->format, a->raw_len);
            printf("hash       %s\n", a->content_hash);
            if (a->story_id) printf("story      %lld\n", (long long)a->story_id);
            if (a->duplicate_of)
                printf("copy of    %lld (similarity %.2f)\n", (long long)a->duplicate_of,
                       a->dup_similarity);
            if (a->extra_json) printf("extra      %s\n", a->extra_json);
            printf("\n%s\n", a->body ? a->body : "");
            mention_ctx m = {0, 0};
            st = td_timexes(db, a->id, print_timex, &m);
            m.n = 0;
            if (st == TD_OK) st = td_quantities(db, a->id, print_quantity, &m);
            if (st == TD_OK) st = cli_article_actors(c, db, a->id);
        }
        if (st == TD_OK) td_article_free(a);
    }
    if (st != TD_OK) cli_error("show: %s", td_errmsg(db));
    td_close(db);
    return cli_status_exit(st);
}

/* ---- search --------------------------------------------------------------------- */

static const char search_help[] =
    "usage: tidings search [--limit N] [--json] QUERY...\n"
    "\n"
    "Full-text search over titles and bodies, best match first. All words\n"
    "must match (stemmed: \"talks\" finds \"talk\"); \"double quotes\" make a\n"
    "phrase. Matches are highlighted in the snippet.\n";

typedef struct search_ctx {
    cli *c;
    size_t n;
} search_ctx;

static int search_opt(void *ctx, int opt, const char *arg)
{
    return opt == 'n' ? parse_count(arg, (size_t *)ctx) : -1;
}

static int search_hit(void *ctx, const td_hit *h)
{
    search_ctx *s = ctx;
    const td_article *a = h->article;
    if (s->c->json) {
        fputs(s->n ? ",\n  " : "[\n  ", stdout);
        printf("{\"score\": %.6g, \"article\": ", h->score);
        cli_json_article(stdout, a, 0);
        fputs(", \"snippet\": ", stdout);
        cli_json_string(stdout, h->snippet);
        fputc('}', stdout);
    } else {
        printf("%5lld  %-10.10s  ", (long long)a->id, a->published ? a->published : "-");
        cli_put_cut(stdout, or_dash(a->outlet), 22, 1);
        printf("  ");
        cli_put_title(stdout, a, 60);
        printf("\n       ");
        /* The snippet on one line. */
        for (const char *p = h->snippet ? h->snippet : ""; *p; p++)
            putchar(*p == '\n' ? ' ' : *p);
        printf("\n\n");
    }
    s->n++;
    return 0;
}

int cmd_search(cli *c, int argc, char **argv)
{
    static const struct option more[] = {{"limit", required_argument, NULL, 'n'}};
    td_search_opts so = {0};
    so.limit = 20;
    int rc = parse(c, argc, argv, search_help, more, 1, search_opt, &so.limit);
    if (rc >= 0) return rc;
    if (optind >= argc) {
        cli_error("search: no query (see tidings search --help)");
        return EXIT_USAGE;
    }
    /* The words of the query may come as one argument or several. */
    size_t len = 1;
    for (int i = optind; i < argc; i++) len += strlen(argv[i]) + 1;
    char *q = malloc(len);
    if (!q) return EXIT_DB;
    q[0] = '\0';
    for (int i = optind; i < argc; i++) {
        if (i > optind) strcat(q, " ");
        strcat(q, argv[i]);
    }
    if (c->stdout_tty && !c->json) {
        so.hl_open = "\033[1m";
        so.hl_close = "\033[0m";
    }
    td_db *db = cli_open(c, 0);
    if (!db) {
        free(q);
        return EXIT_DB;
    }
    search_ctx s = {c, 0};
    td_status st = td_search(db, q, &so, search_hit, &s);
    if (c->json) fputs(s.n ? "\n]\n" : "[]\n", stdout);
    else if (st == TD_OK && s.n == 0) fprintf(stderr, "tidings: search: no match\n");
    if (st != TD_OK) cli_error("search: %s", td_errmsg(db));
    free(q);
    td_close(db);
    return cli_status_exit(st);
}

/* ---- export --------------------------------------------------------------------- */

static const char export_help[] =
    "usage: tidings export [--json | --jsonl] [-o FILE]\n"
    "\n"
    "Write every article as one JSON object {\"version\": 1, \"articles\": [...]}\n"
    "(--json, the default) or as JSON Lines, one {\"type\": \"article\", ...} per\n"
    "line (--jsonl), to standard output or FILE. Fields: docs/schema.md.\n";

typedef struct export_opts {
    int jsonl;
    const char *out;
} export_opts;

static int export_opt(void *ctx, int opt, const char *arg)
{
    export_opts *e = ctx;
    if (opt == 'l') e->jsonl = 1;
    else if (opt == 'o') e->out = arg;
    else return -1;
    return 0;
}

int cmd_export(cli *c, int argc, char **argv)
{
    static const struct option more[] = {{"jsonl", no_argument, NULL, 'l'},
                                         {"output", required_argument, NULL, 'o'}};
    export_opts e = {0, NULL};
    int rc = parse(c, argc, argv, export_help, more, 2, export_opt, &e);
    if (rc >= 0) return rc;
    if (optind < argc) {
        cli_error("export: unexpected argument '%s'", argv[optind]);
        return EXIT_USAGE;
    }
    td_db *db = cli_open(c, 0);
    if (!db) return EXIT_DB;
    FILE *f = stdout;
    if (e.out && !(f = fopen(e.out, "w"))) {
        cli_error("export: cannot write %s", e.out);
        td_close(db);
        return EXIT_USAGE;
    }
    td_status st = td_export(db, e.jsonl ? TD_EXPORT_JSONL : TD_EXPORT_JSON, f);
    if (f != stdout && fclose(f) != 0 && st == TD_OK) st = TD_EIO;
    if (st != TD_OK) cli_error("export: %s", st == TD_EIO ? "write failed" : td_errmsg(db));
    td_close(db);
    return st == TD_EIO ? EXIT_DB : cli_status_exit(st);
}

/* ---- stats ----------------------------------------------------------------------- */

static const char stats_help[] =
    "usage: tidings stats [--json]\n"
    "\n"
    "How many articles, outlets and dated articles the database holds, their\n"
    "sizes, and the articles per outlet.\n";

typedef struct outlet_ctx {
    int json;
    size_t n;
} outlet_ctx;

static int print_outlet(void *ctx, const char *name, uint64_t count)
{
    outlet_ctx *o = ctx;
    if (o->json) {
        fputs(o->n ? ", {\"outlet\": " : "{\"outlet\": ", stdout);
        cli_json_string(stdout, name);
        printf(", \"articles\": %llu}", (unsigned long long)count);
    } else {
        printf("  %6llu  %s\n", (unsigned long long)count, name ? name : "(unknown)");
    }
    o->n++;
    return 0;
}

int cmd_stats(cli *c, int argc, char **argv)
{
    int rc = parse(c, argc, argv, stats_help, NULL, 0, NULL, NULL);
    if (rc >= 0) return rc;
    if (optind < argc) {
        cli_error("stats: unexpected argument '%s'", argv[optind]);
        return EXIT_USAGE;
    }
    td_db *db = cli_open(c, 0);
    if (!db) return EXIT_DB;
    td_stats s;
    td_status st = td_get_stats(db, &s);
    if (st == TD_OK) {
        outlet_ctx o = {c->json, 0};
        if (c->json) {
            printf("{\"articles\": %llu, \"outlets\": %llu, \"with_date\": %llu, "
                   "\"raw_bytes\": %llu, \"body_bytes\": %llu, \"db_bytes\": %llu, "
                   "\"schema_version\": %d, \"by_outlet\": [",
                   (unsigned long long)s.articles, (unsigned long long)s.outlets,
                   (unsigned long long)s.with_date, (unsigned long long)s.raw_bytes,
                   (unsigned long long)s.body_bytes, (unsigned long long)s.db_bytes,
                   s.schema_version);
        } else {
            printf("articles        %llu\n", (unsigned long long)s.articles);
            printf("outlets         %llu\n", (unsigned long long)s.outlets);
            printf("with a date     %llu\n", (unsigned long long)s.with_date);
            printf("raw input       %.1f kB\n", (double)s.raw_bytes / 1e3);
            printf("clean text      %.1f kB\n", (double)s.body_bytes / 1e3);
            printf("database file   %.1f kB\n", (double)s.db_bytes / 1e3);
            printf("schema version  %d\n", s.schema_version);
            printf("by outlet:\n");
        }
        st = td_outlet_counts(db, print_outlet, &o);
        if (c->json) puts("]}");
    }
    if (st != TD_OK) cli_error("stats: %s", td_errmsg(db));
    td_close(db);
    return cli_status_exit(st);
}
