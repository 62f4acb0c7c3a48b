/*
 * main.c -- the tidings command: global options, then one subcommand.
 */
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static const char usage[] =
    "usage: tidings [--db PATH] [--quiet|--verbose] <command> [options]\n"
    "\n"
    "Rebuild what happened from many outlets' reports.\n"
    "\n"
    "commands:\n"
    "  ingest PATH...   read articles from files, folders (recursively) or - (stdin)\n"
    "  articles         list stored articles\n"
    "  show ID          one article in full (show story|thread ID, show entity NAME)\n"
    "  stories          stories (one happening each), latest first\n"
    "  threads          threads (stories that continue one another)\n"
    "  cluster          group all articles into stories and threads again\n"
    "  entities         people, organisations, places and outlets, most named first\n"
    "  search QUERY     full-text search with highlighted snippets\n"
    "  export           everything as JSON (--json) or JSON Lines (--jsonl)\n"
    "  stats            what the database holds\n"
    "  extract FILE...  clean articles from files, printed, nothing stored\n"
    "  help [COMMAND]   this text, or a command's\n"
    "  version          the version\n"
    "\n"
    "global options:\n"
    "  --db PATH        database file (default $TIDINGS_DB, else ./tidings.db)\n"
    "  -q, --quiet      no progress and no warnings\n"
    "  -v, --verbose    also say which inputs were already known\n"
    "\n"
    "exit status: 0 all went in, 1 some inputs rejected, 2 usage error,\n"
    "3 database error. See tidings(1).\n";

void cli_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("tidings: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

int cli_common_option(cli *c, int opt, const char *arg)
{
    switch (opt) {
    case 'D': c->db_path = arg; return 1;
    case 'q': c->quiet = 1; c->verbose = 0; return 1;
    case 'v': c->verbose = 1; c->quiet = 0; return 1;
    case 'j': c->json = 1; return 1;
    default: return 0;
    }
}

td_db *cli_open(const cli *c, int create)
{
    td_db *db;
    char err[512];
    /* Reading commands never leave an empty database behind a typo. */
    if (!create && access(c->db_path, F_OK) != 0) {
        cli_error("no database at %s (tidings ingest makes one; --db names another)",
                  c->db_path);
        return NULL;
    }
    if (td_open(c->db_path, &db, err, sizeof err) != TD_OK) {
        cli_error("%s", err);
        return NULL;
    }
    return db;
}

int cli_status_exit(td_status st)
{
    switch (st) {
    case TD_OK: return EXIT_ALL_OK;
    case TD_REJECTED: case TD_EINPUT: case TD_EIO: return EXIT_REJECTED;
    case TD_EUSAGE: case TD_ENOTFOUND: return EXIT_USAGE;
    default: return EXIT_DB;
    }
}

int cli_parse_format(const char *cmd, const char *name, td_format *out)
{
    *out = td_format_from_name(name);
    if (*out == TD_FMT_AUTO && strcmp(name, "auto") != 0) {
        cli_error("%s: unknown format '%s' (text, html, jsonl, rss, atom, warc)", cmd, name);
        return -1;
    }
    return 0;
}

void cli_put_cut(FILE *f, const char *s, int width, int pad)
{
    if (!s) s = "";
    int cols = 0;
    const unsigned char *p = (const unsigned char *)s;
    const unsigned char *end = p;
    /* Count code points as columns: close enough for Latin text, and it
     * never splits a character. */
    while (*end && cols < width) {
        if (*end == '\n' || *end == '\t') break;
        end++;
        while ((*end & 0xC0) == 0x80) end++;
        cols++;
    }
    if (*end && *end != '\n' && cols == width && width > 1) {
        /* Make room for the ellipsis. */
        const unsigned char *q = end;
        do q--; while (q > p && (*q & 0xC0) == 0x80);
        fwrite(p, 1, (size_t)(q - p), f);
        fputs("…", f);
    } else {
        fwrite(p, 1, (size_t)(end - p), f);
    }
    if (pad)
        for (; cols < width; cols++) fputc(' ', f);
}

void cli_put_title(FILE *f, const td_article *a, int width)
{
    if (a->title && *a->title) {
        cli_put_cut(f, a->title, width, 0);
        return;
    }
    /* An untitled report (scraped text often has none) is told apart from
     * its neighbours by how its body opens, when the body was read. */
    fputs("(untitled)", f);
    const char *b = a->body ? a->body : "";
    while (*b == ' ' || *b == '\t' || *b == '\n' || *b == '\r') b++;
    if (*b && width > 11) {
        fputc(' ', f);
        cli_put_cut(f, b, width - 11, 0);
    }
}

void cli_put_article_row(FILE *f, const td_article *a)
{
    fprintf(f, "  %5lld  %-10.10s  ", (long long)a->id, a->published ? a->published : "-");
    cli_put_cut(f, a->outlet ? a->outlet : "-", 22, 1);
    fputs("  ", f);
    if (a->duplicate_of) fprintf(f, "(copy of %lld) ", (long long)a->duplicate_of);
    cli_put_title(f, a, 60);
    fputc('\n', f);
}

void cli_json_string(FILE *f, const char *s)
{
    if (!s) {
        fputs("null", f);
        return;
    }
    fputc('"', f);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"': fputs("\\\"", f); break;
        case '\\': fputs("\\\\", f); break;
        case '\n': fputs("\\n", f); break;
        case '\r': fputs("\\r", f); break;
        case '\t': fputs("\\t", f); break;
        default:
            /* U+2028 and U+2029 are valid in JSON but end lines for
             * JavaScript and for many line splitters: escape them. */
            if (p[0] == 0xE2 && p[1] == 0x80 && (p[2] == 0xA8 || p[2] == 0xA9)) {
                fprintf(f, "\\u%04x", p[2] == 0xA8 ? 0x2028 : 0x2029);
                p += 2;
            } else if (*p < 0x20) {
                fprintf(f, "\\u%04x", *p);
            } else {
                fputc(*p, f);
            }
        }
    }
    fputc('"', f);
}

/* An article as a JSON object: its fields and, when full, its body and
 * the unknown input fields (extra). */
void cli_json_article(FILE *f, const td_article *a, int full)
{
    cli_json_article_fields(f, a, full);
    fputc('}', f);
}

void cli_json_article_fields(FILE *f, const td_article *a, int full)
{
    static const char *const names[] = {"source_path", "format", "url", "outlet", "title",
                                        "author", "published", "published_from",
                                        "language", "content_hash"};
    const char *values[] = {a->source_path, a->format, a->url, a->outlet, a->title, a->author,
                            a->published,
                            a->published || a->published_from == TD_DATE_INFERRED
                                ? td_date_from_name(a->published_from)
                                : NULL,
                            a->language, a->content_hash};
    fprintf(f, "{\"id\": %lld", (long long)a->id);
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        fprintf(f, ", \"%s\": ", names[i]);
        cli_json_string(f, values[i]);
    }
    if (a->published_from == TD_DATE_INFERRED && (a->published_lo || a->published_hi)) {
        fputs(", \"published_interval\": {\"from\": ", f);
        cli_json_string(f, a->published_lo);
        fputs(", \"to\": ", f);
        cli_json_string(f, a->published_hi);
        fprintf(f, ", \"confidence\": %.2f}", a->published_confidence);
    }
    fprintf(f, ", \"body_length\": %zu, \"story\": ", a->body_len);
    if (a->story_id) fprintf(f, "%lld", (long long)a->story_id);
    else fputs("null", f);
    fputs(", \"duplicate_of\": ", f);
    if (a->duplicate_of) fprintf(f, "%lld", (long long)a->duplicate_of);
    else fputs("null", f);
    if (full) {
        fputs(", \"body\": ", f);
        cli_json_string(f, a->body);
        if (a->extra_json) fprintf(f, ", \"extra\": %s", a->extra_json);
        if (a->provenance) fprintf(f, ", \"provenance\": %s", a->provenance);
    }
}

static const struct {
    const char *name;
    int (*fn)(cli *, int, char **);
} commands[] = {
    {"ingest", cmd_ingest}, {"articles", cmd_articles}, {"show", cmd_show},
    {"search", cmd_search}, {"export", cmd_export},     {"stats", cmd_stats},
    {"extract", cmd_extract},  {"stories", cmd_stories},   {"threads", cmd_threads},
    {"cluster", cmd_cluster}, {"entities", cmd_entities},
};

int main(int argc, char **argv)
{
    cli c = {0};
    c.db_path = getenv("TIDINGS_DB");
    if (!c.db_path || !*c.db_path) c.db_path = "tidings.db";
    c.stderr_tty = isatty(2);
    c.stdout_tty = isatty(1);

    /* Global options stop at the first word that is not one. */
    int i = 1;
    for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--db") && i + 1 < argc) c.db_path = argv[++i];
        else if (!strncmp(a, "--db=", 5)) c.db_path = a + 5;
        else if (!strcmp(a, "--db")) {
            cli_error("--db needs a path");
            return EXIT_USAGE;
        }
        else if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) cli_common_option(&c, 'q', NULL);
        else if (!strcmp(a, "-v") || !strcmp(a, "--verbose")) cli_common_option(&c, 'v', NULL);
        else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            fputs(usage, stdout);
            return EXIT_ALL_OK;
        } else if (!strcmp(a, "--version")) {
            printf("tidings %s\n", TIDINGS_VERSION);
            return EXIT_ALL_OK;
        } else {
            cli_error("unknown option %s (see tidings --help)", a);
            return EXIT_USAGE;
        }
    }
    if (i >= argc) {
        fputs(usage, stderr);
        return EXIT_USAGE;
    }
    const char *name = argv[i];
    if (!strcmp(name, "version")) {
        printf("tidings %s\n", TIDINGS_VERSION);
        return EXIT_ALL_OK;
    }
    if (!strcmp(name, "help")) {
        if (i + 1 >= argc) {
            fputs(usage, stdout);
            return EXIT_ALL_OK;
        }
        name = argv[i + 1];
        for (size_t k = 0; k < sizeof commands / sizeof commands[0]; k++)
            if (!strcmp(name, commands[k].name)) {
                char *args[] = {(char *)name, "--help", NULL};
                return commands[k].fn(&c, 2, args);
            }
        cli_error("no command '%s' (see tidings --help)", name);
        return EXIT_USAGE;
    }
    for (size_t k = 0; k < sizeof commands / sizeof commands[0]; k++)
        if (!strcmp(name, commands[k].name)) return commands[k].fn(&c, argc - i, argv + i);
    cli_error("no command '%s' (see tidings --help)", name);
    return EXIT_USAGE;
}
