/*
 * cmd_ingest.c -- tidings ingest: messages about bad input on stderr as
 * they happen, a progress bar on a terminal, the counts on stdout.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"

static const char help[] =
    "usage: tidings ingest [options] PATH...\n"
    "\n"
    "Read articles from files, folders (recursively; hidden entries, and files\n"
    "whose names say they are not articles, such as README.md, *.sh or *.png,\n"
    "passed over with a warning) and - (standard input). gzip-compressed input\n"
    "is read transparently.\n"
    "Content already in the database is recognised and not added again.\n"
    "\n"
    "options:\n"
    "  --format FMT       text, html, jsonl, rss, atom or warc (default: sniffed)\n"
    "  --outlet NAME      the outlet of every article read\n"
    "  --url URL          the URL of every article read\n"
    "  --published DATE   the publication date of every article read\n"
    "  --author NAME      the author of every article read\n"
    "  --max-article-bytes N   largest article, page, line or record (16 MiB)\n"
    "  --batch N          articles per transaction (256)\n"
    "  --jobs N           threads cleaning documents (default: one per CPU)\n"
    "  --no-cluster       do not group articles into stories afterwards\n"
    "  --actors FILE      add your own people, organisations, places, outlets or\n"
    "                     titles to the knowledge base (data/actors/README.md);\n"
    "                     may be repeated\n"
    "  --json             print the counts as JSON\n"
    "  --db PATH, -q, -v  as for every command\n"
    "\n"
    "exit status: 0 all went in, 1 some inputs rejected (each named on stderr),\n"
    "2 usage error, 3 database error.\n";

typedef struct ui {
    cli *c;
    double start;
    double last_draw;
    int drawn;
} ui;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void clear_bar(ui *u)
{
    if (u->drawn) {
        fputs("\r\033[K", stderr);
        u->drawn = 0;
    }
}

static void on_diag(void *ctx, td_diag_level level, const char *where, const char *msg)
{
    ui *u = ctx;
    if (level == TD_DIAG_INFO && !u->c->verbose) return;
    if (level == TD_DIAG_WARNING && u->c->quiet) return;
    clear_bar(u);
    fprintf(stderr, "tidings: %s%s: %s\n",
            level == TD_DIAG_WARNING ? "warning: " : level == TD_DIAG_INFO ? "" : "",
            where ? where : "?", msg);
}

static void on_progress(void *ctx, const td_ingest_progress *p)
{
    ui *u = ctx;
    if (u->c->quiet || !u->c->stderr_tty) return;
    double t = now_s();
    /* Only work that takes over a second gets a bar; redraw 10 times a second. */
    if (t - u->start < 1.0 || t - u->last_draw < 0.1) return;
    u->last_draw = t;
    double el = t - u->start;
    uint64_t arts = p->articles_new + p->articles_known;
    int width = 24;
    double frac = p->bytes_total ? (double)p->bytes_done / (double)p->bytes_total
                  : p->files_total ? (double)p->files_done / (double)p->files_total : 0;
    if (frac > 1) frac = 1;
    int fill = (int)(frac * width);
    fputs("\r\033[K[", stderr);
    for (int k = 0; k < width; k++) fputc(k < fill ? '=' : k == fill ? '>' : ' ', stderr);
    fprintf(stderr, "] %llu/%llu files  %.1f MB  %llu articles  %.0f/s",
            (unsigned long long)p->files_done, (unsigned long long)p->files_total,
            (double)p->bytes_done / 1e6, (unsigned long long)arts, (double)arts / el);
    if (p->rejected) fprintf(stderr, "  %llu rejected", (unsigned long long)p->rejected);
    u->drawn = 1;
}

int cmd_ingest(cli *c, int argc, char **argv)
{
    static const struct option longopts[] = {
        CLI_COMMON_LONGOPTS,
        {"format", required_argument, NULL, 'f'},
        {"outlet", required_argument, NULL, 'O'},
        {"url", required_argument, NULL, 'U'},
        {"published", required_argument, NULL, 'P'},
        {"author", required_argument, NULL, 'A'},
        {"max-article-bytes", required_argument, NULL, 'M'},
        {"batch", required_argument, NULL, 'B'},
        {"jobs", required_argument, NULL, 'J'},
        {"no-cluster", no_argument, NULL, 'N'},
        {"actors", required_argument, NULL, 'K'},
        {0}};
    td_ingest_opts o = {0};
    const char *actor_files[16];
    int opt;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "qvh", longopts, NULL)) != -1) {
        if (cli_common_option(c, opt, optarg)) continue;
        switch (opt) {
        case 'h': fputs(help, stdout); return EXIT_ALL_OK;
        case 'f':
            if (cli_parse_format("ingest", optarg, &o.format)) return EXIT_USAGE;
            break;
        case 'O': o.outlet = optarg; break;
        case 'N': o.no_cluster = 1; break;
        case 'K':
            if (o.nactor_files == sizeof actor_files / sizeof actor_files[0]) {
                cli_error("ingest: at most 16 --actors files");
                return EXIT_USAGE;
            }
            actor_files[o.nactor_files++] = optarg;
            o.actor_files = actor_files;
            break;
        case 'U': o.url = optarg; break;
        case 'P': o.published = optarg; break;
        case 'A': o.author = optarg; break;
        case 'M': case 'B': case 'J': {
            char *end;
            unsigned long long v = strtoull(optarg, &end, 10);
            if (*end || v == 0 || v > (1ull << 34) || (opt == 'J' && v > 64)) {
                cli_error("ingest: --%s wants a positive number%s",
                          opt == 'M' ? "max-article-bytes" : opt == 'B' ? "batch" : "jobs",
                          opt == 'J' ? " up to 64" : "");
                return EXIT_USAGE;
            }
            if (opt == 'M') o.limits.max_article_bytes = (size_t)v;
            else if (opt == 'B') o.batch_size = (size_t)v;
            else o.jobs = (unsigned)v;
            break;
        }
        default: fputs(help, stderr); return EXIT_USAGE;
        }
    }
    if (optind >= argc) {
        cli_error("ingest: no input named (see tidings ingest --help)");
        return EXIT_USAGE;
    }
    /* Usage errors are found before the database is touched, so a typo
     * leaves no empty database behind. */
    char day[32];
    if (o.published && td_parse_date(o.published, day) != TD_OK) {
        cli_error("ingest: --published: cannot read \"%s\" as a date", o.published);
        return EXIT_USAGE;
    }
    td_db *db = cli_open(c, 1);
    if (!db) return EXIT_DB;
    ui u = {c, now_s(), 0, 0};
    o.diag = on_diag;
    o.progress = on_progress;
    o.ctx = &u;
    td_ingest_stats st;
    td_status rc = td_ingest_paths(db, (const char *const *)argv + optind,
                                   (size_t)(argc - optind), &o, &st);
    clear_bar(&u);
    if (rc == TD_EUSAGE || rc == TD_EDB || rc == TD_ENOMEM) {
        cli_error("ingest: %s", td_errmsg(db));
        td_close(db);
        return rc == TD_EUSAGE ? EXIT_USAGE : EXIT_DB;
    }
    double el = now_s() - u.start;
    if (c->json) {
        printf("{\"files\": %llu, \"bytes\": %llu, \"new\": %llu, \"known\": %llu, "
               "\"rejected\": %llu, \"seconds\": %.3f}\n",
               (unsigned long long)st.files, (unsigned long long)st.bytes,
               (unsigned long long)st.articles_new, (unsigned long long)st.articles_known,
               (unsigned long long)st.rejected, el);
    } else {
        printf("%llu new, %llu already known", (unsigned long long)st.articles_new,
               (unsigned long long)st.articles_known);
        if (st.rejected) printf(", %llu rejected", (unsigned long long)st.rejected);
        printf(" (%llu file%s, %.1f MB, %.2f s)\n", (unsigned long long)st.files,
               st.files == 1 ? "" : "s", (double)st.bytes / 1e6, el);
    }
    td_close(db);
    return cli_status_exit(rc);
}
