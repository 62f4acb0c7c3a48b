/* Unit tests: the public API over a real SQLite file: ingest, dedup,
 * listing, raw round trip, search, stats, export, reopening. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tidings.h"

typedef struct fixture {
    char dir[64];
    char path[128];
    td_db *db;
} fixture;

static const char jsonl[] =
    "{\"url\":\"https://www.harbour.example/a\",\"title\":\"Talks open in Oslo\","
    "\"text\":\"Negotiators met in Oslo on Tuesday for the first round of talks.\","
    "\"published\":\"2025-02-11\"}\n"
    "{\"url\":\"https://wire.example/b\",\"title\":\"Factory fire\","
    "\"text\":\"A fire broke out at a recycling plant; forty workers left the site.\"}\n";

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    strcpy(f->dir, "/tmp/td-store-XXXXXX");
    if (!mkdtemp(f->dir)) return -1;
    snprintf(f->path, sizeof f->path, "%s/t.db", f->dir);
    char err[256];
    if (td_open(f->path, &f->db, err, sizeof err) != TD_OK) {
        fprintf(stderr, "%s\n", err);
        return -1;
    }
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    td_close(f->db);
    char cmd[160];
    snprintf(cmd, sizeof cmd, "rm -rf %s", f->dir);
    if (system(cmd)) {}
    free(f);
    return 0;
}

static int count_one(void *ctx, const td_article *a)
{
    (*(int *)ctx)++;
    return 0;
}

static void ingest_twice_adds_once(void **state)
{
    fixture *f = *state;
    td_ingest_stats st;
    assert_int_equal(td_ingest_buffer(f->db, "b.jsonl", jsonl, sizeof jsonl - 1, NULL, &st), TD_OK);
    assert_int_equal(st.articles_new, 2);
    assert_int_equal(st.articles_known, 0);
    assert_int_equal(td_ingest_buffer(f->db, "b.jsonl", jsonl, sizeof jsonl - 1, NULL, &st), TD_OK);
    assert_int_equal(st.articles_new, 0);
    assert_int_equal(st.articles_known, 2);
    int n = 0;
    assert_int_equal(td_articles(f->db, NULL, count_one, &n), TD_OK);
    assert_int_equal(n, 2);
}

static void article_fields_and_raw_round_trip(void **state)
{
    fixture *f = *state;
    td_ingest_buffer(f->db, "b.jsonl", jsonl, sizeof jsonl - 1, NULL, NULL);
    td_article *a;
    assert_int_equal(td_article_get(f->db, 1, &a), TD_OK);
    assert_string_equal(a->title, "Talks open in Oslo");
    assert_string_equal(a->outlet, "harbour.example");
    assert_string_equal(a->published, "2025-02-11");
    assert_int_equal(a->published_from, TD_DATE_METADATA);
    assert_string_equal(a->format, "jsonl");
    assert_string_equal(a->source_path, "b.jsonl:1");
    assert_string_equal(a->language, "en");
    assert_int_equal(strlen(a->content_hash), 32);
    assert_string_equal(a->body, "Negotiators met in Oslo on Tuesday for the first round of talks.");
    unsigned char *raw;
    size_t len;
    assert_int_equal(td_article_raw(f->db, 1, &raw, &len), TD_OK);
    assert_int_equal(len, a->raw_len);
    assert_memory_equal(raw, jsonl, len);
    free(raw);
    td_article_free(a);
    assert_int_equal(td_article_get(f->db, 99, &a), TD_ENOTFOUND);
}

typedef struct hits {
    int n;
    int64_t first;
    char snippet[256];
} hits;

static int on_hit(void *ctx, const td_hit *h)
{
    hits *x = ctx;
    if (!x->n++) {
        x->first = h->article->id;
        snprintf(x->snippet, sizeof x->snippet, "%s", h->snippet);
    }
    return 0;
}

static void search_ranks_and_highlights(void **state)
{
    fixture *f = *state;
    td_ingest_buffer(f->db, "b.jsonl", jsonl, sizeof jsonl - 1, NULL, NULL);
    hits h = {0};
    assert_int_equal(td_search(f->db, "oslo talk", NULL, on_hit, &h), TD_OK);
    assert_int_equal(h.n, 1);
    assert_int_equal(h.first, 1);
    assert_non_null(strstr(h.snippet, "[Oslo]"));
    assert_non_null(strstr(h.snippet, "[talks]")); /* stemmed */
    memset(&h, 0, sizeof h);
    /* FTS5 syntax in user input is taken literally, not as operators. */
    assert_int_equal(td_search(f->db, "fire) OR (\"x", NULL, on_hit, &h), TD_OK);
    memset(&h, 0, sizeof h);
    assert_int_equal(td_search(f->db, "\"recycling plant\"", NULL, on_hit, &h), TD_OK);
    assert_int_equal(h.n, 1);
    assert_int_equal(h.first, 2);
}

static void stats_and_export(void **state)
{
    fixture *f = *state;
    td_ingest_buffer(f->db, "b.jsonl", jsonl, sizeof jsonl - 1, NULL, NULL);
    td_stats s;
    assert_int_equal(td_get_stats(f->db, &s), TD_OK);
    assert_int_equal(s.articles, 2);
    assert_int_equal(s.outlets, 2);
    assert_int_equal(s.with_date, 1);
    assert_int_equal(s.schema_version, td_schema_version(f->db));
    char *buf;
    size_t len;
    FILE *mem = open_memstream(&buf, &len);
    assert_int_equal(td_export(f->db, TD_EXPORT_JSON, mem), TD_OK);
    fclose(mem);
    json_error_t err;
    json_t *root = json_loads(buf, 0, &err);
    assert_non_null(root);
    json_t *arts = json_object_get(root, "articles");
    assert_int_equal(json_array_size(arts), 2);
    json_t *a = json_array_get(arts, 0);
    assert_string_equal(json_string_value(json_object_get(a, "published")), "2025-02-11");
    assert_string_equal(json_string_value(json_object_get(a, "published_from")), "metadata");
    assert_true(json_is_null(json_object_get(json_array_get(arts, 1), "published")));
    json_decref(root);
    free(buf);
}

static void user_metadata_wins(void **state)
{
    fixture *f = *state;
    td_ingest_opts o = {0};
    o.outlet = "Harbour Ledger";
    o.published = "June 3, 2025";
    const char text[] = "Fire at plant\n\nA fire broke out overnight.";
    assert_int_equal(td_ingest_buffer(f->db, "x.txt", text, sizeof text - 1, &o, NULL), TD_OK);
    td_article *a;
    assert_int_equal(td_article_get(f->db, 1, &a), TD_OK);
    assert_string_equal(a->outlet, "Harbour Ledger");
    assert_string_equal(a->published, "2025-06-03");
    assert_int_equal(a->published_from, TD_DATE_USER);
    td_article_free(a);
    o.published = "not a date";
    assert_int_equal(td_ingest_buffer(f->db, "x.txt", text, sizeof text - 1, &o, NULL), TD_EUSAGE);
    assert_non_null(strstr(td_errmsg(f->db), "not a date"));
}

static void rejected_units_are_reported(void **state)
{
    fixture *f = *state;
    const char bad[] = "{\"text\":\"fine\"}\n{oops\n";
    td_ingest_stats st;
    assert_int_equal(td_ingest_buffer(f->db, "bad.jsonl", bad, sizeof bad - 1, NULL, &st),
                     TD_REJECTED);
    assert_int_equal(st.articles_new, 1);
    assert_int_equal(st.rejected, 1);
}

static void reopening_keeps_data_and_schema(void **state)
{
    fixture *f = *state;
    td_ingest_buffer(f->db, "b.jsonl", jsonl, sizeof jsonl - 1, NULL, NULL);
    int v = td_schema_version(f->db);
    assert_true(v >= 1);
    td_close(f->db);
    assert_int_equal(td_open(f->path, &f->db, NULL, 0), TD_OK);
    assert_int_equal(td_schema_version(f->db), v);
    int n = 0;
    td_articles(f->db, NULL, count_one, &n);
    assert_int_equal(n, 2);
    /* Something that is not a database is refused with a message. */
    char notdb[160], err[256] = "";
    snprintf(notdb, sizeof notdb, "%s/not.db", f->dir);
    FILE *fp = fopen(notdb, "w");
    fputs("this is not a database file, just some text that is long enough", fp);
    fclose(fp);
    td_db *other;
    assert_int_equal(td_open(notdb, &other, err, sizeof err), TD_EDB);
    assert_null(other);
    assert_non_null(strstr(err, notdb));
}

typedef struct titles {
    char all[4096];
} titles;

static int add_title(void *ctx, const td_article *a)
{
    titles *t = ctx;
    strncat(t->all, a->title ? a->title : "-", sizeof t->all - strlen(t->all) - 2);
    strcat(t->all, "|");
    return 0;
}

/* Workers clean in any order; the store must still get input order. */
static void worker_threads_keep_input_order(void **state)
{
    fixture *f = *state;
    char data[8192] = "";
    for (int i = 0; i < 40; i++) {
        char line[160];
        snprintf(line, sizeof line,
                 "{\"title\":\"Story %02d\",\"text\":\"Body number %d of the run, long "
                 "enough to read.\"}\n", i, i * 7919 % 1000);
        strcat(data, line);
    }
    titles one = {""}, many = {""};
    td_ingest_opts o = {0};
    o.jobs = 1;
    assert_int_equal(td_ingest_buffer(f->db, "a.jsonl", data, strlen(data), &o, NULL), TD_OK);
    td_articles(f->db, NULL, add_title, &one);

    td_db *db2;
    char path[160];
    snprintf(path, sizeof path, "%s/jobs.db", f->dir);
    assert_int_equal(td_open(path, &db2, NULL, 0), TD_OK);
    o.jobs = 3;
    o.batch_size = 7;
    td_ingest_stats st;
    assert_int_equal(td_ingest_buffer(db2, "a.jsonl", data, strlen(data), &o, &st), TD_OK);
    assert_int_equal(st.articles_new, 40);
    td_articles(db2, NULL, add_title, &many);
    td_close(db2);
    assert_string_equal(one.all, many.all);
    assert_non_null(strstr(one.all, "Story 00|Story 01|"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(ingest_twice_adds_once, setup, teardown),
        cmocka_unit_test_setup_teardown(article_fields_and_raw_round_trip, setup, teardown),
        cmocka_unit_test_setup_teardown(search_ranks_and_highlights, setup, teardown),
        cmocka_unit_test_setup_teardown(stats_and_export, setup, teardown),
        cmocka_unit_test_setup_teardown(user_metadata_wins, setup, teardown),
        cmocka_unit_test_setup_teardown(rejected_units_are_reported, setup, teardown),
        cmocka_unit_test_setup_teardown(reopening_keeps_data_and_schema, setup, teardown),
        cmocka_unit_test_setup_teardown(worker_threads_keep_input_order, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
