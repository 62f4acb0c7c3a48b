/*
 * cmd_extract.c -- tidings extract: run the readers and the clean stage on
 * files and print what comes out; no database is opened.
 */
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

static const char help[] =
    "usage: tidings extract [--format FMT] [--url URL] [--json] FILE...\n"
    "\n"
    "Clean articles out of files (or - for standard input) and print them:\n"
    "title, outlet, author, date and body, or one JSON object per line with\n"
    "--json. Nothing is stored. Any input format is read, as by ingest.\n"
    "\n"
    "options:\n"
    "  --format FMT   text, html, jsonl, rss, atom or warc (default: sniffed)\n"
    "  --url URL      the URL of the page (outlet and relative dates use it)\n"
    "  --json         JSON Lines output\n";

typedef struct ctx {
    cli *c;
    size_t n;
} ctx;

static void on_diag(void *p, td_diag_level level, const char *where, const char *msg)
{
    ctx *x = p;
    if (level == TD_DIAG_INFO && !x->c->verbose) return;
    if (level == TD_DIAG_WARNING && x->c->quiet) return;
    fprintf(stderr, "tidings: %s%s: %s\n", level == TD_DIAG_WARNING ? "warning: " : "",
            where ? where : "?", msg);
}

static int print_one(void *p, const td_article *a)
{
    ctx *x = p;
    if (x->c->json) {
        cli_json_article(stdout, a, 1);
        fputc('\n', stdout);
    } else {
        if (x->n) fputs("\n", stdout);
        printf("== %s\n", a->source_path);
        printf("title      %s\n", a->title ? a->title : "-");
        printf("outlet     %s\n", a->outlet ? a->outlet : "-");
        printf("author     %s\n", a->author ? a->author : "-");
        printf("published  %s%s%s%s\n", a->published ? a->published : "-",
               a->published ? " (" : "",
               a->published ? td_date_from_name(a->published_from) : "",
               a->published ? ")" : "");
        printf("url        %s\n\n%s\n", a->url ? a->url : "-", a->body ? a->body : "");
    }
    x->n++;
    return 0;
}

/* The whole file, up to 256 MiB. */
static char *slurp(const char *path, size_t *len)
{
    int fd = strcmp(path, "-") == 0 ? 0 : open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return NULL;
    size_t cap = 1 << 16, n = 0;
    char *b = malloc(cap);
    for (;;) {
        if (!b) break;
        if (n == cap) {
            if (cap >= (256u << 20)) break;
            char *nb = realloc(b, cap * 2);
            if (!nb) break;
            b = nb;
            cap *= 2;
        }
        ssize_t r = read(fd, b + n, cap - n);
        if (r <= 0) {
            if (r < 0) {
                free(b);
                b = NULL;
            }
            break;
        }
        n += (size_t)r;
    }
    if (fd) close(fd);
    *len = n;
    return b;
}

int cmd_extract(cli *c, int argc, char **argv)
{
    static const struct option longopts[] = {CLI_COMMON_LONGOPTS,
                                             {"format", required_argument, NULL, 'f'},
                                             {"url", required_argument, NULL, 'U'},
                                             {0}};
    td_ingest_opts o = {0};
    int opt;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "qvh", longopts, NULL)) != -1) {
        if (cli_common_option(c, opt, optarg)) continue;
        switch (opt) {
        case 'h': fputs(help, stdout); return EXIT_ALL_OK;
        case 'f':
            if (cli_parse_format("extract", optarg, &o.format)) return EXIT_USAGE;
            break;
        case 'U': o.url = optarg; break;
        default: fputs(help, stderr); return EXIT_USAGE;
        }
    }
    if (optind >= argc) {
        cli_error("extract: no input named (see tidings extract --help)");
        return EXIT_USAGE;
    }
    td_extractor *x;
    char err[256];
    if (td_extractor_new(&x, err, sizeof err) != TD_OK) {
        cli_error("extract: %s", err);
        return EXIT_USAGE;
    }
    ctx cx = {c, 0};
    o.diag = on_diag;
    o.ctx = &cx;
    int status = EXIT_ALL_OK;
    for (int i = optind; i < argc; i++) {
        size_t len;
        char *data = slurp(argv[i], &len);
        if (!data) {
            cli_error("%s: cannot read", argv[i]);
            status = EXIT_REJECTED;
            continue;
        }
        td_status st = td_extract(x, argv[i], data, len, &o, print_one, &cx);
        free(data);
        if (st == TD_REJECTED) status = EXIT_REJECTED;
        else if (st != TD_OK) {
            cli_error("extract: %s", td_extractor_errmsg(x));
            status = cli_status_exit(st);
        }
    }
    td_extractor_free(x);
    return status;
}
