/*
 * cmd_stories.c -- tidings stories, threads, cluster, and show story/thread.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char stories_help[] =
    "usage: tidings stories [--limit N] [--thread ID] [--json]\n"
    "\n"
    "Stories (one happening each), latest first: id, thread, articles and\n"
    "outlets (copies included), first and last day seen, headline.\n";

static const char threads_help[] =
    "usage: tidings threads [--limit N] [--json]\n"
    "\n"
    "Threads (stories that continue one another), latest first: id, stories,\n"
    "articles, first and last day seen, the headline of the largest story.\n";

static const char cluster_help[] =
    "usage: tidings cluster [--new] [--json]\n"
    "\n"
    "Group every stored article into stories and threads again, folding\n"
    "copies; earlier articles keep their stories and story ids, except in a\n"
    "small thread whose reports came in several ingests and were dated by\n"
    "one another: it is grouped again as one ingest of them would group it.\n"
    "The copy and story indexes are saved in the database at the end.\n"
    "\n"
    "  --new   place only the articles stored since clustering last ran, from\n"
    "          the saved indexes (what ingest does after storing anything new);\n"
    "          without a saved state that fits, everything is grouped again\n";

typedef struct list_ctx {
    cli *c;
    size_t n;
} list_ctx;

static int parse_list(cli *c, int argc, char **argv, const char *help, size_t *limit,
                      int64_t *thread)
{
    static const struct option longopts[] = {CLI_COMMON_LONGOPTS,
                                             {"limit", required_argument, NULL, 'n'},
                                             {"thread", required_argument, NULL, 't'},
                                             {0}};
    int opt;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "qvhn:", longopts, NULL)) != -1) {
        if (cli_common_option(c, opt, optarg)) continue;
        char *end;
        long long v;
        switch (opt) {
        case 'h': fputs(help, stdout); return EXIT_ALL_OK;
        case 'n':
        case 't':
            v = strtoll(optarg, &end, 10);
            if (*end || v < 0 || (opt == 't' && (!thread || v == 0))) {
                cli_error("%s: bad value '%s'", argv[0], optarg);
                return EXIT_USAGE;
            }
            if (opt == 'n') *limit = (size_t)v;
            else *thread = v;
            break;
        default: fputs(help, stderr); return EXIT_USAGE;
        }
    }
    if (optind < argc) {
        cli_error("%s: unexpected argument '%s'", argv[0], argv[optind]);
        return EXIT_USAGE;
    }
    return -1;
}

static void story_json(FILE *f, const td_story_summary *s)
{
    fprintf(f, "{\"id\": %lld, \"thread\": %lld, \"title\": ", (long long)s->id,
            (long long)s->thread_id);
    cli_json_string(f, s->title);
    fprintf(f, ", \"articles\": %u, \"copies\": %u, \"outlets\": %s, \"first_seen\": ",
            s->articles, s->copies, s->outlet_list ? s->outlet_list : "[]");
    cli_json_string(f, s->first_seen);
    fputs(", \"last_seen\": ", f);
    cli_json_string(f, s->last_seen);
    fputc('}', f);
}

static int print_story(void *ctx, const td_story_summary *s)
{
    list_ctx *l = ctx;
    if (l->c->json) {
        fputs(l->n ? ",\n  " : "[\n  ", stdout);
        story_json(stdout, s);
    } else {
        /* no outlet known (plain text files name none) reads "-", not 0 */
        char outs[16];
        if (s->outlets) snprintf(outs, sizeof outs, "%u", s->outlets);
        else snprintf(outs, sizeof outs, "-");
        printf("%5lld %6lld %4u %4s  %-10s %-10s  ", (long long)s->id, (long long)s->thread_id,
               s->articles, outs, s->first_seen ? s->first_seen : "-",
               s->last_seen ? s->last_seen : "-");
        cli_put_cut(stdout, s->title ? s->title : "-", 70, 0);
        putchar('\n');
    }
    l->n++;
    return 0;
}

static void thread_json(FILE *f, const td_thread_summary *t)
{
    fprintf(f, "{\"id\": %lld, \"title\": ", (long long)t->id);
    cli_json_string(f, t->title);
    fprintf(f, ", \"stories\": %u, \"articles\": %u, \"first_seen\": ", t->stories,
            t->articles);
    cli_json_string(f, t->first_seen);
    fputs(", \"last_seen\": ", f);
    cli_json_string(f, t->last_seen);
    fputc('}', f);
}

static int print_thread(void *ctx, const td_thread_summary *t)
{
    list_ctx *l = ctx;
    if (l->c->json) {
        fputs(l->n ? ",\n  " : "[\n  ", stdout);
        thread_json(stdout, t);
    } else {
        printf("%6lld %7u %8u  %-10s %-10s  ", (long long)t->id, t->stories, t->articles,
               t->first_seen ? t->first_seen : "-", t->last_seen ? t->last_seen : "-");
        cli_put_cut(stdout, t->title ? t->title : "-", 70, 0);
        putchar('\n');
    }
    l->n++;
    return 0;
}

int cmd_stories(cli *c, int argc, char **argv)
{
    size_t limit = 0;
    int64_t thread = 0;
    int rc = parse_list(c, argc, argv, stories_help, &limit, &thread);
    if (rc >= 0) return rc;
    td_db *db = cli_open(c, 0);
    if (!db) return EXIT_DB;
    list_ctx l = {c, 0};
    if (!c->json)
        printf("%5s %6s %4s %4s  %-10s %-10s  %s\n", "story", "thread", "arts", "outs",
               "first", "last", "headline");
    td_status st = td_list_stories(db, thread, limit, print_story, &l);
    if (c->json) fputs(l.n ? "\n]\n" : "[]\n", stdout);
    if (st != TD_OK) cli_error("stories: %s", td_errmsg(db));
    td_close(db);
    return cli_status_exit(st);
}

int cmd_threads(cli *c, int argc, char **argv)
{
    size_t limit = 0;
    int rc = parse_list(c, argc, argv, threads_help, &limit, NULL);
    if (rc >= 0) return rc;
    td_db *db = cli_open(c, 0);
    if (!db) return EXIT_DB;
    list_ctx l = {c, 0};
    if (!c->json)
        printf("%6s %7s %8s  %-10s %-10s  %s\n", "thread", "stories", "articles", "first",
               "last", "headline");
    td_status st = td_list_threads(db, limit, print_thread, &l);
    if (c->json) fputs(l.n ? "\n]\n" : "[]\n", stdout);
    if (st != TD_OK) cli_error("threads: %s", td_errmsg(db));
    td_close(db);
    return cli_status_exit(st);
}

int cmd_cluster(cli *c, int argc, char **argv)
{
    static const struct option longopts[] = {CLI_COMMON_LONGOPTS,
                                             {"new", no_argument, NULL, 'N'},
                                             {0}};
    int opt, only_new = 0;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "qvh", longopts, NULL)) != -1) {
        if (cli_common_option(c, opt, optarg)) continue;
        switch (opt) {
        case 'h': fputs(cluster_help, stdout); return EXIT_ALL_OK;
        case 'N': only_new = 1; break;
        default: fputs(cluster_help, stderr); return EXIT_USAGE;
        }
    }
    if (optind < argc) {
        cli_error("%s: unexpected argument '%s'", argv[0], argv[optind]);
        return EXIT_USAGE;
    }
    td_db *db = cli_open(c, 0);
    if (!db) return EXIT_DB;
    td_cluster_stats s = {0};
    td_status st = only_new ? td_cluster_update(db, &s) : td_cluster(db, &s);
    if (st != TD_OK) {
        cli_error("cluster: %s", td_errmsg(db));
    } else if (c->json) {
        printf("{\"articles\": %llu, \"copies\": %llu, \"stories\": %llu, \"threads\": %llu, "
               "\"merges\": %llu, \"placed\": %llu, \"regrouped\": %llu, \"only_new\": %s, "
               "\"seconds\": %.3f}\n",
               (unsigned long long)s.articles, (unsigned long long)s.copies,
               (unsigned long long)s.stories, (unsigned long long)s.threads,
               (unsigned long long)s.merges, (unsigned long long)s.placed,
               (unsigned long long)s.regrouped, s.updated ? "true" : "false", s.seconds);
    } else {
        if (only_new)
            printf("%llu new articles placed%s; ", (unsigned long long)s.placed,
                   s.updated ? "" : " (no saved state that fits: all grouped again)");
        printf("%llu article%s: %llu stor%s in %llu thread%s, %llu cop%s folded",
               (unsigned long long)s.articles, s.articles == 1 ? "" : "s",
               (unsigned long long)s.stories, s.stories == 1 ? "y" : "ies",
               (unsigned long long)s.threads, s.threads == 1 ? "" : "s",
               (unsigned long long)s.copies, s.copies == 1 ? "y" : "ies");
        if (s.regrouped)
            printf(", %llu small thread%s grouped again", (unsigned long long)s.regrouped,
                   s.regrouped == 1 ? "" : "s");
        printf(" (%.2f s)\n", s.seconds);
    }
    td_close(db);
    return cli_status_exit(st);
}

/* ---- show story / show thread ------------------------------------------------ */

typedef struct show_ctx {
    cli *c;
    size_t n;
} show_ctx;

static int show_member(void *ctx, const td_article *a)
{
    show_ctx *s = ctx;
    if (s->c->json) {
        fputs(s->n ? ",\n    " : "\n    ", stdout);
        cli_json_article(stdout, a, 0);
    } else {
        cli_put_article_row(stdout, a);
    }
    s->n++;
    return 0;
}

static int show_story_head(void *ctx, const td_story_summary *st)
{
    show_ctx *s = ctx;
    if (s->c->json) {
        story_json(stdout, st);
    } else {
        printf("story      %lld (thread %lld)\n", (long long)st->id, (long long)st->thread_id);
        printf("headline   %s\n", st->title ? st->title : "-");
        printf("articles   %u (%u copies)", st->articles, st->copies);
        if (st->outlets) printf(" from %u outlet%s\n", st->outlets, st->outlets == 1 ? "" : "s");
        else printf(", outlets not known\n");
        printf("seen       %s .. %s\n\n", st->first_seen ? st->first_seen : "-",
               st->last_seen ? st->last_seen : "-");
    }
    return 0;
}

int cli_show_story(cli *c, td_db *db, int64_t id)
{
    show_ctx s = {c, 0};
    if (c->json) fputs("{\"story\": ", stdout);
    td_status st = td_get_story(db, id, show_story_head, &s);
    if (st == TD_OK) {
        td_list_opts o = {0};
        o.story_id = id;
        o.with_body = !c->json; /* for untitled rows (show_member) */
        if (c->json) fputs(", \"articles\": [", stdout);
        st = td_articles(db, &o, show_member, &s);
        if (c->json) fputs("]}\n", stdout);
    } else if (c->json) {
        fputs("null}\n", stdout);
    }
    if (st != TD_OK) cli_error("show: %s", td_errmsg(db));
    return cli_status_exit(st);
}

static int show_thread_head(void *ctx, const td_thread_summary *t)
{
    show_ctx *s = ctx;
    if (s->c->json) {
        thread_json(stdout, t);
    } else {
        printf("thread     %lld\n", (long long)t->id);
        printf("headline   %s\n", t->title ? t->title : "-");
        printf("stories    %u, %u articles\n", t->stories, t->articles);
        printf("seen       %s .. %s\n", t->first_seen ? t->first_seen : "-",
               t->last_seen ? t->last_seen : "-");
    }
    return 0;
}

typedef struct thread_ctx {
    cli *c;
    td_db *db;
    size_t n;
    td_status st;
} thread_ctx;

/* Stories of a thread, oldest first as a sequence in time, each with its
 * articles: each story's key to that order. */
typedef struct story_key {
    int64_t id;
    char first[11];             /* first day seen, or "" */
    uint64_t seq;               /* clustering order */
} story_key;

typedef struct story_ids {
    story_key *k;
    size_t n, cap;
} story_ids;

static int collect_story(void *ctx, const td_story_summary *s)
{
    story_ids *x = ctx;
    if (x->n == x->cap) {
        size_t cap = x->cap ? x->cap * 2 : 16;
        story_key *n = realloc(x->k, cap * sizeof *n);
        if (!n) return 1;
        x->k = n;
        x->cap = cap;
    }
    story_key *k = &x->k[x->n++];
    k->id = s->id;
    snprintf(k->first, sizeof k->first, "%.10s", s->first_seen ? s->first_seen : "");
    k->seq = s->last_seq;
    return 0;
}

/* By first day seen, then clustering order; stories without a day after
 * the dated ones, as the listing puts them last. */
static int oldest_first(const void *a, const void *b)
{
    const story_key *x = a, *y = b;
    if (!x->first[0] != !y->first[0]) return x->first[0] ? -1 : 1;
    int c = strcmp(x->first, y->first);
    if (c) return c;
    return (x->seq > y->seq) - (x->seq < y->seq);
}

int cli_show_thread(cli *c, td_db *db, int64_t id)
{
    show_ctx s = {c, 0};
    if (c->json) fputs("{\"thread\": ", stdout);
    td_status st = td_get_thread(db, id, show_thread_head, &s);
    story_ids ids = {0};
    if (st == TD_OK) st = td_list_stories(db, id, 0, collect_story, &ids);
    if (c->json) fputs(st == TD_OK ? ", \"stories\": [" : "null}\n", stdout);
    if (st == TD_OK && ids.n) qsort(ids.k, ids.n, sizeof *ids.k, oldest_first);
    for (size_t k = 0; st == TD_OK && k < ids.n; k++) {
        show_ctx member = {c, 0};
        if (c->json) {
            fputs(k == 0 ? "\n  {\"story\": " : ",\n  {\"story\": ", stdout);
        } else {
            putchar('\n');
        }
        st = td_get_story(db, ids.k[k].id, show_story_head, &member);
        td_list_opts o = {0};
        o.story_id = ids.k[k].id;
        o.with_body = !c->json;
        if (c->json) fputs(", \"articles\": [", stdout);
        if (st == TD_OK) st = td_articles(db, &o, show_member, &member);
        if (c->json) fputs("]}", stdout);
    }
    if (c->json && st == TD_OK) fputs("\n]}\n", stdout);
    free(ids.k);
    if (st != TD_OK) cli_error("show: %s", td_errmsg(db));
    return cli_status_exit(st);
}
