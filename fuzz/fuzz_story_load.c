/*
 * fuzz_story_load.c -- libFuzzer target for td_story_load (story/story.c):
 * a saved state of the story index, truncated or damaged, must be refused
 * with TD_STORY_ESTATE or load into an index that works (read, placed
 * into, saved again), never crash, leak or allocate past what it holds.
 *
 * The input is read as fuzz_state.h says; the good state it edits is
 * saved at start-up from made-up articles, under small limits so that it
 * is small and has merges, copies, retired stories, a free slot and
 * re-checks in flight.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "story/story.h"
#include "fuzz_state.h"
#include "util/mem.h"

static td_story_config cfg;
static td_mem good;              /* the state saved at start-up */

/* A made-up article: one of a few happenings, in a few wordings; one in
 * five without a title (its headline then comes from its body). */
static td_story_doc article(int64_t id, char *title, size_t title_cap, char *body, size_t body_cap)
{
    static const char *who[] = { "Arlo Penn", "Mira Vasko", "Tobin Reyes", "Lena Fisk" };
    static const char *what[] = { "opened the bridge at", "closed the mine near",
                                  "won the vote in", "ended the strike at" };
    static const char *where[] = { "Holt", "Carrow", "Dunfield", "Marsh Bay", "Tarn" };
    int h = (int)(id % 7), v = (int)(id % 3);
    if (id % 5) snprintf(title, title_cap, "%s %s %s", who[h % 4], what[h % 4], where[(h + v) % 5]);
    else title[0] = '\0';
    snprintf(body, body_cap,
             "%s %s %s on day %d, officials said. The %s council met %s again, and %d "
             "people came to see it. Reports from %s followed.",
             who[h % 4], what[h % 4], where[(h + v) % 5], (int)(id % 5), where[h % 5],
             who[(h + 1) % 4], 100 + h * 7, where[(h + 2) % 5]);
    td_story_doc d;
    memset(&d, 0, sizeof d);
    d.id = id;
    d.title = title;
    d.title_len = strlen(title);
    d.body = body;
    d.body_len = strlen(body);
    d.published = id % 4 ? 1700000000 + id * 43200 : 0;
    d.outlet = id % 3 ? (id % 2 ? "one.example" : "two.example") : NULL;
    d.duplicate_of = id % 9 == 0 ? id - 2 : 0;
    return d;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    td_story_config_default(&cfg);
    cfg.df_bits = 10;
    cfg.idf_prior = 0;
    cfg.max_active = 4;
    cfg.max_copy_map = 3;
    cfg.retire_days = 3;
    /* short leads and early re-checks, so that re-checks are in flight */
    cfg.lead_words = 8;
    cfg.recheck_after[0] = 3;
    cfg.recheck_after[1] = 9;
    cfg.recheck_after[2] = 0;
    td_story_index *ix;
    if (td_story_index_new(&cfg, &ix) != TD_STORY_OK) abort();
    char title[160], body[400];
    for (int64_t id = 1; id <= 30; id++) {
        td_story_doc d = article(id, title, sizeof title, body, sizeof body);
        if (td_story_add(ix, &d, NULL) != TD_STORY_OK) abort();
    }
    if (td_story_save(ix, td_mem_write, &good) != TD_STORY_OK) abort();
    td_story_index_free(ix);
    /* the good state loads */
    if (td_story_load(&cfg, td_mem_read, &good, &ix) != TD_STORY_OK || good.off != good.n) abort();
    td_story_index_free(ix);
    good.off = 0;
    return 0;
}

static int read_story(void *ctx, const td_story_info *s)
{
    volatile size_t *sink = ctx;
    *sink += strlen(s->headline) + (size_t)s->thread_id;
    size_t named = s->noutlets < TD_STORY_MAX_OUTLETS ? s->noutlets : TD_STORY_MAX_OUTLETS;
    for (size_t i = 0; i < named; i++) *sink += strlen(s->outlets[i]);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    td_mem in;
    if (fuzz_state_input(data, size, &good, &in)) return 0;
    td_story_index *ix = NULL;
    int rc = td_story_load(&cfg, td_mem_read, &in, &ix);
    if (rc != TD_STORY_OK) {
        if (rc != TD_STORY_ESTATE || ix) abort();
        td_mem_free(&in);
        return 0;
    }
    volatile size_t sink = 0;
    td_story_each(ix, read_story, (void *)&sink);
    td_story_stats st;
    td_story_get_stats(ix, &st);
    const td_story_merge *log;
    size_t nm = td_story_merges(ix, &log);
    for (size_t i = 0; i < nm; i++) sink += (size_t)log[i].into;
    char title[160], body[400];
    /* a dozen more articles: enough for the re-checks the state had in
     * flight to fall due (recheck_after 3 and 9 past arrivals 22-30) */
    for (int64_t id = 31; id <= 42; id++) {
        td_story_doc d = article(id, title, sizeof title, body, sizeof body);
        td_story_assign a;
        if (td_story_add(ix, &d, &a) == TD_STORY_OK) sink += (size_t)td_story_thread_of(ix, a.story_id);
    }
    td_story_each(ix, read_story, (void *)&sink);
    size_t saved = 0;
    if (td_story_save(ix, count_bytes, &saved) != TD_STORY_OK) abort();
    td_story_index_free(ix);
    td_mem_free(&in);
    return 0;
}
