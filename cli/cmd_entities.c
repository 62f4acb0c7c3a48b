/*
 * cmd_entities.c -- tidings entities, show entity, and the actors part of
 * show article.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char entities_help[] =
    "usage: tidings entities [--type TYPE] [--article ID] [--limit N] [--json]\n"
    "\n"
    "People, organisations, countries, cities, regions and news outlets the\n"
    "articles name, merged across articles, most mentioned first: id, type,\n"
    "mentions, articles, outlets, name. TYPE is person, org, country, city,\n"
    "region or outlet. --limit defaults to 100 (0: all).\n";

typedef struct list_ctx {
    cli *c;
    size_t n;
} list_ctx;

static void entity_json(FILE *f, const td_entity_row *e)
{
    fprintf(f, "{\"id\": %lld, \"name\": ", (long long)e->id);
    cli_json_string(f, e->name);
    fputs(", \"type\": ", f);
    cli_json_string(f, e->type);
    fputs(", \"kb_id\": ", f);
    cli_json_string(f, e->kb_id);
    fprintf(f, ", \"mentions\": %u, \"articles\": %u, \"outlets\": %s}", e->mentions,
            e->articles, e->outlet_list ? e->outlet_list : "[]");
}

static int print_entity(void *ctx, const td_entity_row *e)
{
    list_ctx *l = ctx;
    if (l->c->json) {
        fputs(l->n ? ",\n  " : "[\n  ", stdout);
        entity_json(stdout, e);
    } else {
        printf("%6lld  %-7s %8u %8u %7u  %s\n", (long long)e->id, e->type, e->mentions,
               e->articles, e->outlets, e->name);
    }
    l->n++;
    return 0;
}

static int parse_id(const char *s, int64_t *out)
{
    char *end;
    long long v = strtoll(s, &end, 10);
    if (*end || v < 0) return -1;
    *out = v;
    return 0;
}

int cmd_entities(cli *c, int argc, char **argv)
{
    static const struct option longopts[] = {CLI_COMMON_LONGOPTS,
                                             {"limit", required_argument, NULL, 'n'},
                                             {"type", required_argument, NULL, 't'},
                                             {"article", required_argument, NULL, 'a'},
                                             {0}};
    td_entity_opts o = {0};
    o.limit = 100;
    o.with_outlets = 1;
    int64_t v;
    int opt;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "qvhn:t:a:", longopts, NULL)) != -1) {
        if (cli_common_option(c, opt, optarg)) continue;
        switch (opt) {
        case 'h': fputs(entities_help, stdout); return EXIT_ALL_OK;
        case 'n':
        case 'a':
            if (parse_id(optarg, &v)) {
                cli_error("entities: bad value '%s'", optarg);
                return EXIT_USAGE;
            }
            if (opt == 'n') o.limit = (size_t)v;
            else o.article = v;
            break;
        case 't': {
            static const char *const types[] = {"person", "org",    "country",
                                                "city",   "region", "outlet"};
            o.type = NULL;
            for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
                if (!strcmp(optarg, types[i])) o.type = types[i];
            if (!o.type) {
                cli_error("entities: no type '%s' (person, org, country, city, region, "
                          "outlet)",
                          optarg);
                return EXIT_USAGE;
            }
            break;
        }
        default: fputs(entities_help, stderr); return EXIT_USAGE;
        }
    }
    if (optind < argc) {
        cli_error("entities: unexpected argument '%s'", argv[optind]);
        return EXIT_USAGE;
    }
    td_db *db = cli_open(c, 0);
    if (!db) return EXIT_DB;
    list_ctx l = {c, 0};
    if (!c->json)
        printf("%6s  %-7s %8s %8s %7s  %s\n", "id", "type", "mentions", "articles", "outlets",
               "name");
    td_status st = td_list_entities(db, &o, print_entity, &l);
    if (c->json) fputs(l.n ? "\n]\n" : "[]\n", stdout);
    if (st != TD_OK) cli_error("entities: %s", td_errmsg(db));
    td_close(db);
    return cli_status_exit(st);
}

/* ---- show entity ---------------------------------------------------------- */

typedef struct show_ctx {
    cli *c;
    td_db *db;
    size_t n;
    int64_t id, last;
    td_entity_row first;
    char *name, *type, *kb_id, *outlets;
} show_ctx;

static int take_first(void *ctx, const td_entity_row *e)
{
    show_ctx *s = ctx;
    if (s->n++ == 0) {
        s->id = e->id;
        s->first = *e;
        s->name = strdup(e->name);
        s->type = strdup(e->type);
        s->kb_id = e->kb_id ? strdup(e->kb_id) : NULL;
        s->outlets = e->outlet_list ? strdup(e->outlet_list) : NULL;
        s->first.name = s->name;
        s->first.type = s->type;
        s->first.kb_id = s->kb_id;
        s->first.outlet_list = s->outlets;
    } else if (!s->c->json) {
        if (s->n == 2) fputs("also       ", stdout);
        else fputs(", ", stdout);
        printf("%s (%s, entity %lld)", e->name, e->type, (long long)e->id);
    }
    return 0;
}

static int show_alias(void *ctx, const td_alias_row *a)
{
    show_ctx *s = ctx;
    if (s->c->json) {
        fputs(s->n ? ", {\"alias\": " : "{\"alias\": ", stdout);
        cli_json_string(stdout, a->alias);
        printf(", \"count\": %u}", a->count);
    } else {
        printf("%s%s (%u)", s->n ? ", " : "aliases    ", a->alias, a->count);
    }
    s->n++;
    return 0;
}

static int show_title(void *ctx, const td_title_row *t)
{
    show_ctx *s = ctx;
    if (s->c->json) {
        fputs(s->n ? ", {\"text\": " : "{\"text\": ", stdout);
        cli_json_string(stdout, t->text);
        printf(", \"article\": %lld, \"outlet\": ", (long long)t->article);
        cli_json_string(stdout, t->outlet);
        fputs(", \"role\": ", stdout);
        cli_json_string(stdout, t->role);
        fputs(", \"country\": ", stdout);
        cli_json_string(stdout, t->country);
        fputs(", \"about\": ", stdout);
        cli_json_string(stdout, t->about);
        fputs(", \"attach\": ", stdout);
        cli_json_string(stdout, t->attach);
        fputc('}', stdout);
    } else {
        if (!s->n) fputs("\ntitles\n", stdout);
        printf("  %-44s", t->text);
        if (t->role)
            printf("  [%s%s%s%s%s]", t->role, t->country ? ", " : "", t->country ? t->country : "",
                   t->about ? ", about " : "", t->about ? t->about : "");
        printf("  article %lld (%s)\n", (long long)t->article, t->outlet ? t->outlet : "-");
    }
    s->n++;
    return 0;
}

static int show_article_of(void *ctx, const td_mention_row *m)
{
    show_ctx *s = ctx;
    if (m->article == s->last) return 0;
    s->last = m->article;
    td_article *a;
    if (td_article_get(s->db, m->article, &a) != TD_OK) return 1;
    if (s->c->json) {
        fputs(s->n ? ", " : "", stdout);
        cli_json_article(stdout, a, 0);
    } else {
        if (!s->n) fputs("\narticles\n", stdout);
        cli_put_article_row(stdout, a);
    }
    td_article_free(a);
    s->n++;
    return 0;
}

static void attribution_json(const td_attribution_row *a)
{
    printf("{\"article\": %lld, \"index\": %u, \"parent\": ", (long long)a->article, a->idx);
    if (a->parent >= 0) printf("%d", a->parent);
    else fputs("null", stdout);
    fputs(", \"source\": ", stdout);
    cli_json_string(stdout, a->source);
    fputs(", \"source_entity\": ", stdout);
    if (a->source_entity) printf("%lld", (long long)a->source_entity);
    else fputs("null", stdout);
    fputs(", \"source_kind\": ", stdout);
    cli_json_string(stdout, a->source_kind);
    fputs(", \"cue\": ", stdout);
    cli_json_string(stdout, a->cue);
    fputs(", \"kind\": ", stdout);
    cli_json_string(stdout, a->kind);
    fputs(", \"content\": ", stdout);
    cli_json_string(stdout, a->content);
    fputc('}', stdout);
}

static int show_attribution(void *ctx, const td_attribution_row *a)
{
    show_ctx *s = ctx;
    if (s->c->json) {
        fputs(s->n ? ", " : "", stdout);
        attribution_json(a);
    } else {
        if (!s->n) fputs("\nwho says what\n", stdout);
        printf("  %-10s %-12s ", a->kind, a->cue);
        if (s->id) printf("article %lld (%s): ", (long long)a->article, a->outlet ? a->outlet : "-");
        else printf("%s%s [%s]: ", a->parent >= 0 ? "  " : "", a->source, a->source_kind);
        cli_put_cut(stdout, a->content ? a->content : "-", 90, 0);
        putchar('\n');
    }
    s->n++;
    return 0;
}

int cli_show_entity(cli *c, td_db *db, const char *name)
{
    show_ctx s = {c, db, 0, 0, 0, {0}, NULL, NULL, NULL, NULL};
    int64_t id;
    td_status st;
    if (parse_id(name, &id) == 0 && id > 0) st = td_get_entity(db, id, take_first, &s);
    else st = td_find_entities(db, name, 6, take_first, &s);
    if (st == TD_OK && !s.n) {
        cli_error("show: no entity named '%s' (see tidings entities)", name);
        return EXIT_USAGE;
    }
    if (st == TD_OK) {
        if (!c->json && s.n > 1) putchar('\n');
        const td_entity_row *e = &s.first;
        if (c->json) {
            fputs("{\"entity\": ", stdout);
            entity_json(stdout, e);
            fputs(", \"aliases\": [", stdout);
        } else {
            printf("entity     %lld (%s)%s%s\n", (long long)e->id, e->type,
                   e->kb_id ? "  kb: " : "", e->kb_id ? e->kb_id : "");
            printf("name       %s\n", e->name);
            printf("mentions   %u in %u articles from %u outlets%s%s\n", e->mentions, e->articles,
                   e->outlets, e->outlet_list ? ": " : "", e->outlet_list ? e->outlet_list : "");
        }
        s.n = 0;
        st = td_entity_aliases(db, s.id, show_alias, &s);
        fputs(c->json ? "], \"titles\": [" : (s.n ? "\n" : ""), stdout);
        s.n = 0;
        if (st == TD_OK) st = td_entity_titles(db, s.id, show_title, &s);
        if (c->json) fputs("], \"articles\": [", stdout);
        s.n = 0;
        if (st == TD_OK) st = td_mentions(db, 0, s.id, show_article_of, &s);
        if (c->json) fputs("], \"attributions\": [", stdout);
        s.n = 0;
        if (st == TD_OK) st = td_attributions(db, 0, s.id, show_attribution, &s);
        if (c->json) fputs("]}\n", stdout);
    }
    free(s.name);
    free(s.type);
    free(s.kb_id);
    free(s.outlets);
    if (st != TD_OK) cli_error("show: %s", td_errmsg(db));
    return cli_status_exit(st);
}

/* ---- an article's actors (show article) ------------------------------------ */

static int article_entity(void *ctx, const td_entity_row *e)
{
    show_ctx *s = ctx;
    if (s->c->json) {
        fputs(s->n ? ", " : "", stdout);
        entity_json(stdout, e);
    } else {
        if (!s->n) fputs("\nentities\n", stdout);
        printf("  %-7s %6lld  %s\n", e->type, (long long)e->id, e->name);
    }
    s->n++;
    return 0;
}

td_status cli_article_actors(cli *c, td_db *db, int64_t article)
{
    show_ctx s = {c, db, 0, 0, 0, {0}, NULL, NULL, NULL, NULL};
    td_entity_opts o = {0};
    o.article = article;
    if (c->json) fputs(", \"entities\": [", stdout);
    td_status st = td_list_entities(db, &o, article_entity, &s);
    if (c->json) fputs("], \"attributions\": [", stdout);
    s.n = 0;
    if (st == TD_OK) st = td_attributions(db, article, 0, show_attribution, &s);
    if (c->json) fputc(']', stdout);
    return st;
}
