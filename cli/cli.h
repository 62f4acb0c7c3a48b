/*
 * cli.h -- what the subcommands of the tidings tool share.
 */
#ifndef TD_CLI_H
#define TD_CLI_H

#include <stdio.h>

#include "tidings.h"

/* Exit statuses, documented in tidings(1). */
enum {
    EXIT_ALL_OK = 0,
    EXIT_REJECTED = 1,
    EXIT_USAGE = 2,
    EXIT_DB = 3
};

typedef struct cli {
    const char *db_path;
    int quiet, verbose, json;
    int stderr_tty, stdout_tty;
} cli;

/* Options every subcommand takes; returns 1 when opt was one of them. */
int cli_common_option(cli *c, int opt, const char *arg);
#define CLI_COMMON_LONGOPTS                                                        \
    {"db", required_argument, NULL, 'D'}, {"quiet", no_argument, NULL, 'q'},       \
        {"verbose", no_argument, NULL, 'v'}, {"json", no_argument, NULL, 'j'},     \
        {"help", no_argument, NULL, 'h'}

/* Opens the database (creating it only when create is set) or prints why
 * not; NULL means exit with EXIT_DB. */
td_db *cli_open(const cli *c, int create);
int cli_status_exit(td_status st);
/* --format NAME for command cmd; prints the error and returns -1 when NAME
 * is no format. */
int cli_parse_format(const char *cmd, const char *name, td_format *out);
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints s cut to at most width columns (UTF-8 aware), padded when pad. */
void cli_put_cut(FILE *f, const char *s, int width, int pad);
/* An article's title cut to width columns; without one, "(untitled)"
 * and how its body opens (when the body was read). */
void cli_put_title(FILE *f, const td_article *a, int width);
/* An article as one line of a listing: id, day, outlet, and its title
 * (cli_put_title, 60 columns). */
void cli_put_article_row(FILE *f, const td_article *a);
void cli_json_string(FILE *f, const char *s);
/* An article as one JSON object; full adds the body and extra fields. */
void cli_json_article(FILE *f, const td_article *a, int full);
/* The same without the closing brace, for callers that add fields. */
void cli_json_article_fields(FILE *f, const td_article *a, int full);

int cmd_ingest(cli *c, int argc, char **argv);
int cmd_articles(cli *c, int argc, char **argv);
int cmd_show(cli *c, int argc, char **argv);
int cmd_search(cli *c, int argc, char **argv);
int cmd_export(cli *c, int argc, char **argv);
int cmd_stats(cli *c, int argc, char **argv);
int cmd_extract(cli *c, int argc, char **argv);
int cmd_stories(cli *c, int argc, char **argv);
int cmd_threads(cli *c, int argc, char **argv);
int cmd_cluster(cli *c, int argc, char **argv);
int cmd_entities(cli *c, int argc, char **argv);
/* show entity NAME|ID; an article's entities and attributions (JSON
 * arrays when c->json, else text sections) for show article. */
int cli_show_entity(cli *c, td_db *db, const char *name);
td_status cli_article_actors(cli *c, td_db *db, int64_t article);
/* show story ID / show thread ID, on an open database. */
int cli_show_story(cli *c, td_db *db, int64_t id);
int cli_show_thread(cli *c, td_db *db, int64_t id);

#endif
