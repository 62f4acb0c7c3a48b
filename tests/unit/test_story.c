/* Unit tests: stories, copies, merges, threads, retirement, persistence,
 * and the model case (../shared/seeds, read in place when present). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tidings.h"
#include "dedup/dedup.h"
#include "story/story.h"
#include "util/mem.h"

/* Three made-up happenings, three reports each, worded differently. */
static const char *volcano[3][2] = {
    { "Mount Varda erupts, Telmo evacuated",
      "Mount Varda erupted on Tuesday, sending ash over the village of Telmo. "
      "Civil defence chief Ana Ruiz ordered 3,200 residents to leave Telmo as lava "
      "reached the eastern slope of Mount Varda." },
    { "Thousands flee Telmo as Varda volcano blows",
      "Ash from the Varda volcano fell on Telmo after Tuesday's eruption. Ana Ruiz, "
      "who leads civil defence, said 3,200 people were moved out of Telmo while lava "
      "crept down Mount Varda." },
    { "Varda eruption: lava nears Telmo",
      "Lava from Mount Varda came within two kilometres of Telmo, where Ana Ruiz "
      "evacuated 3,200 villagers after the eruption on Tuesday." },
};
static const char *election[3][2] = {
    { "Harlan Vance wins Brookport mayoral race",
      "Harlan Vance was elected mayor of Brookport on Sunday with 54 percent of the "
      "vote, defeating incumbent Lise Okafor after a campaign fought over the harbour "
      "bridge." },
    { "Vance ousts Okafor in Brookport",
      "Brookport voters ousted mayor Lise Okafor, handing Harlan Vance 54 percent in "
      "Sunday's ballot. Vance promised to rebuild the harbour bridge." },
    { "Brookport elects Harlan Vance",
      "Harlan Vance will be Brookport's next mayor after beating Lise Okafor with 54 "
      "percent. The harbour bridge dominated the race." },
};
static const char *recall[3][2] = {
    { "Orvex recalls 40,000 Zephyr sedans",
      "Orvex Motors is recalling 40,000 Zephyr sedans because brake lines can corrode, "
      "the carmaker said. Owners of Zephyr models built in Kessel will get new brake "
      "lines free." },
    { "Brake fault forces Zephyr recall",
      "A brake line fault has led Orvex Motors to call back 40,000 Zephyr cars made at "
      "its Kessel plant. Corroded brake lines can leak fluid, Orvex said." },
    { "Orvex Motors: 40,000 Zephyrs back to dealers",
      "Zephyr owners will have brake lines replaced after Orvex Motors found corrosion "
      "in cars from Kessel; 40,000 sedans are affected." },
};

static td_story_doc doc(int64_t id, const char *title, const char *body, int64_t published)
{
    td_story_doc d;
    memset(&d, 0, sizeof d);
    d.id = id;
    d.title = title;
    d.title_len = strlen(title);
    d.body = body;
    d.body_len = strlen(body);
    d.published = published;
    d.outlet = id % 2 ? "odd.example" : "even.example";
    return d;
}

static td_story_index *new_index(const td_story_config *c)
{
    td_story_index *ix;
    assert_int_equal(td_story_index_new(c, &ix), TD_STORY_OK);
    return ix;
}

static int count_story(void *ctx, const td_story_info *s)
{
    int *n = ctx;
    (*n)++;
    assert_true(s->headline && s->headline[0]);
    assert_int_equal(s->articles, 3);
    assert_int_equal(s->noutlets, 2);
    return 0;
}

static void three_happenings(void **state)
{
    td_story_index *ix = new_index(NULL);
    const char *(*sets[3])[2] = { volcano, election, recall };
    int64_t story[3][3];
    /* interleaved: one report of each in turn */
    for (int k = 0; k < 3; k++) {
        for (int s = 0; s < 3; s++) {
            td_story_doc d = doc(10 * s + k + 1, sets[s][k][0], sets[s][k][1], 0);
            td_story_assign a;
            assert_int_equal(td_story_add(ix, &d, &a), TD_STORY_OK);
            assert_int_equal(a.new_story, k == 0);
            story[s][k] = a.story_id;
        }
    }
    for (int s = 0; s < 3; s++) {
        assert_true(story[s][0] == story[s][1] && story[s][1] == story[s][2]);
        for (int t = 0; t < s; t++) assert_true(story[s][0] != story[t][0]);
    }
    /* ids are given in order of opening */
    assert_int_equal(story[0][0], 1);
    assert_int_equal(story[2][0], 3);
    int n = 0;
    assert_int_equal(td_story_each(ix, count_story, &n), TD_STORY_OK);
    assert_int_equal(n, 3);
    td_story_info info;
    assert_int_equal(td_story_get(ix, story[1][0], &info), TD_STORY_OK);
    assert_non_null(strstr(info.headline, "Vance"));
    assert_int_equal(info.first_seq, 2);
    assert_int_equal(info.last_seq, 8);
    assert_int_equal(td_story_get(ix, 999, &info), TD_STORY_NOTFOUND);
    td_story_stats st;
    td_story_get_stats(ix, &st);
    assert_int_equal(st.stories, 3);
    assert_int_equal(st.active, 3);
    assert_true(st.bytes > 0);
    td_story_index_free(ix);
}

static void copies_do_not_move_the_centroid(void **state)
{
    td_story_index *ix = new_index(NULL);
    td_story_doc d = doc(1, volcano[0][0], volcano[0][1], 0);
    td_story_assign a;
    assert_int_equal(td_story_add(ix, &d, &a), TD_STORY_OK);
    td_story_term before[256], after[256];
    int nb = td_story_centroid(ix, a.story_id, before, 256);
    assert_true(nb > 0);
    /* a copy: another outlet, different clutter; the dedup stage said so */
    td_story_doc c = doc(2, "Varda: live updates", "Subscribe now. Nothing about the volcano here.", 0);
    c.duplicate_of = 1;
    assert_int_equal(td_story_add(ix, &c, &a), TD_STORY_OK);
    assert_int_equal(a.copy, 1);
    assert_int_equal(a.story_id, 1);
    assert_int_equal(td_story_centroid(ix, 1, after, 256), nb);
    assert_memory_equal(before, after, (size_t)nb * sizeof *before);
    td_story_info info;
    td_story_get(ix, 1, &info);
    assert_int_equal(info.articles, 2);
    assert_int_equal(info.copies, 1);
    assert_int_equal(info.noutlets, 2);
    /* a copy of an unknown article is placed like any other */
    td_story_doc e = doc(3, election[0][0], election[0][1], 0);
    e.duplicate_of = 12345;
    assert_int_equal(td_story_add(ix, &e, &a), TD_STORY_OK);
    assert_int_equal(a.copy, 0);
    assert_int_equal(a.new_story, 1);
    td_story_index_free(ix);
}

static void dates_split_stories_of_one_thread(void **state)
{
    td_story_index *ix = new_index(NULL);
    const int64_t day = 86400, t0 = 1715000000;
    td_story_assign a1, a2, a3;
    td_story_doc d1 = doc(1, election[0][0], election[0][1], t0);
    td_story_doc d2 = doc(2, election[1][0], election[1][1], t0 + day);
    /* five months on, the same cast in the news again */
    td_story_doc d3 = doc(3, "Brookport mayor Harlan Vance opens harbour bridge",
                          "Mayor Harlan Vance opened the new harbour bridge in Brookport, "
                          "the promise that won him the vote against Lise Okafor.",
                          t0 + 150 * day);
    assert_int_equal(td_story_add(ix, &d1, &a1), TD_STORY_OK);
    assert_int_equal(td_story_add(ix, &d2, &a2), TD_STORY_OK);
    assert_int_equal(td_story_add(ix, &d3, &a3), TD_STORY_OK);
    assert_int_equal(a1.story_id, a2.story_id);
    assert_true(a3.new_story);
    assert_true(a3.story_id != a1.story_id);
    assert_int_equal(a3.thread_id, a1.thread_id);
    assert_false(a3.new_thread);
    assert_int_equal(td_story_thread_of(ix, a3.story_id), td_story_thread_of(ix, a1.story_id));
    td_story_info info;
    td_story_get(ix, a1.story_id, &info);
    assert_int_equal(info.first_seen, t0);
    assert_int_equal(info.last_seen, t0 + day);
    td_story_index_free(ix);
}

/* Stories more than story_days away take no article, and are scored only
 * when the article opens a story (for its thread): the same saga reported
 * every three weeks is a story each time, all in one thread, and a report
 * a day after one of them joins that one, not the older ones around it. */
static void far_stories_give_threads_only(void **state)
{
    td_story_index *ix = new_index(NULL);
    const int64_t day = 86400, t0 = 1715000000;
    td_story_assign first, a;
    int64_t last_story = 0;
    for (int k = 0; k < 8; k++) {
        td_story_doc d = doc(k + 1, election[k % 3][0], election[k % 3][1], t0 + 21 * k * day);
        assert_int_equal(td_story_add(ix, &d, &a), TD_STORY_OK);
        if (k == 0) first = a;
        assert_true(a.new_story);
        assert_int_equal(a.thread_id, first.thread_id);
        if (k > 0) assert_false(a.new_thread);
        last_story = a.story_id;
    }
    td_story_doc d = doc(100, election[1][0], election[1][1], t0 + (21 * 7 + 1) * day);
    assert_int_equal(td_story_add(ix, &d, &a), TD_STORY_OK);
    assert_false(a.new_story);
    assert_int_equal(a.story_id, last_story);
    td_story_stats st;
    td_story_get_stats(ix, &st);
    assert_int_equal(st.stories, 8);
    assert_int_equal(st.threads, 1);
    td_story_index_free(ix);
    (void)state;
}

/* An undated article known to lie in an interval (an inferred date) is
 * kept out of a story too far from all of it, and may join one it
 * overlaps. */
static void intervals_keep_far_stories_apart(void **state)
{
    const int64_t day = 86400, t0 = 1715000000;
    for (int far = 0; far <= 1; far++) {
        td_story_index *ix = new_index(NULL);
        td_story_assign a1, a2;
        td_story_doc d1 = doc(1, volcano[0][0], volcano[0][1], t0);
        td_story_doc d2 = doc(2, volcano[1][0], volcano[1][1], 0);
        d2.published_lo = far ? t0 - 120 * day : t0 - 20 * day;
        d2.published_hi = far ? t0 - 30 * day : t0 + 20 * day;
        assert_int_equal(td_story_add(ix, &d1, &a1), TD_STORY_OK);
        assert_int_equal(td_story_add(ix, &d2, &a2), TD_STORY_OK);
        if (far) assert_true(a2.story_id != a1.story_id);
        else assert_int_equal(a2.story_id, a1.story_id);
        /* an interval does not move the story's own dates */
        td_story_info info;
        td_story_get(ix, a1.story_id, &info);
        assert_int_equal(info.first_seen, t0);
        assert_int_equal(info.last_seen, t0);
        td_story_index_free(ix);
    }
    (void)state;
}

static void time_cues_in_leads(void **state)
{
    td_story_index *ix = new_index(NULL);
    td_story_assign a, b;
    td_story_doc d1 = doc(1, "Envoys met in Kessel back in January, report says",
                          "Envoys of Orland and Vesta held talks in Kessel back in January, "
                          "with mediators from Tarn carrying messages between the rooms.", 0);
    td_story_doc d2 = doc(2, "Orland and Vesta envoys hold talks in Kessel",
                          "Envoys of Orland and Vesta held talks in Kessel this week, the first "
                          "since January, with mediators from Tarn carrying messages.", 0);
    assert_int_equal(td_story_add(ix, &d1, &a), TD_STORY_OK);
    assert_int_equal(td_story_add(ix, &d2, &b), TD_STORY_OK);
    assert_true(b.new_story);
    assert_true(a.story_id != b.story_id);
    assert_int_equal(a.thread_id, b.thread_id);
    td_story_info info;
    td_story_get(ix, a.story_id, &info);
    assert_int_equal(info.when_month, 1);
    td_story_get(ix, b.story_id, &info);
    assert_int_equal(info.when_month, 2);
    td_story_index_free(ix);
}

static td_story_index *save_load(td_story_index *ix, const td_story_config *c, td_mem *b);
static void same_state(td_story_index *a, td_story_index *b);

/* What a regroup (core/regroup.c) does with the index: two stories
 * dropped, one leading to the other's id; one brought back under a kept
 * id with its lead months and a centroid summed from article vectors, and
 * a copy of a moved article finds it there. */
static void remove_and_replace_stories(void **state)
{
    (void)state;
    /* vectors and centroids of 8 terms: four reports' vectors hold more */
    td_story_config cfg;
    td_story_config_default(&cfg);
    cfg.max_terms = cfg.centroid_terms = 8;
    td_story_index *ix = new_index(&cfg);
    td_story_assign a[3];
    td_story_doc d[3];
    for (int k = 0; k < 3; k++) {
        d[k] = doc(k + 1, recall[k][0], recall[k][1], 0);
        assert_int_equal(td_story_add(ix, &d[k], &a[k]), TD_STORY_OK);
    }
    td_story_doc v = doc(9, volcano[0][0], volcano[0][1], 0);
    td_story_assign va;
    assert_int_equal(td_story_add(ix, &v, &va), TD_STORY_OK);
    assert_true(va.new_story && va.story_id != a[0].story_id);
    td_story_stats before, after;
    td_story_get_stats(ix, &before);

    td_story_info old;
    assert_int_equal(td_story_get(ix, a[0].story_id, &old), TD_STORY_OK);
    char headline[256]; /* (old's strings live until the index changes) */
    snprintf(headline, sizeof headline, "%s", old.headline);
    old.headline = headline;
    old.noutlets = 0;
    int64_t keep = a[0].story_id, gone = va.story_id;
    assert_int_equal(td_story_remove(ix, gone, keep, 9), TD_STORY_OK);
    assert_int_equal(td_story_remove(ix, keep, 0, 0), TD_STORY_OK);
    assert_int_equal(td_story_remove(ix, keep, 0, 0), TD_STORY_NOTFOUND);
    assert_int_equal(td_story_remove(ix, 12345, 0, 0), TD_STORY_NOTFOUND);
    td_story_info info;
    assert_int_equal(td_story_get(ix, keep, &info), TD_STORY_NOTFOUND);

    /* the three recall reports and the volcano report as one story */
    td_story_term t[4 * 256];
    size_t nt = 0;
    for (int k = 0; k < 3; k++) {
        int r = td_story_vectorize(ix, &d[k], t + nt, NULL, 256);
        assert_true(r > 0);
        nt += (size_t)r;
    }
    int r = td_story_vectorize(ix, &v, t + nt, NULL, 256);
    assert_true(r > 0);
    nt += (size_t)r;
    old.articles = 4;
    old.at_months = 1u << 0;
    old.after_months = 1u << 4;
    assert_int_equal(td_story_restore(ix, &old, t, nt), TD_STORY_OK);
    assert_int_equal(td_story_place(ix, 9, keep), TD_STORY_OK);
    assert_int_equal(td_story_place(ix, 9, 777), TD_STORY_NOTFOUND);
    assert_int_equal(td_story_get(ix, gone, &info), TD_STORY_OK);
    assert_int_equal(info.id, keep); /* the dropped id leads to the kept one */
    assert_int_equal(info.articles, 4);
    assert_int_equal(info.at_months, 1u << 0);
    assert_int_equal(info.after_months, 1u << 4);
    assert_int_equal(info.when_month, 1);
    const td_story_merge *log;
    size_t nm = td_story_merges(ix, &log);
    assert_true(nm >= 1);
    assert_int_equal(log[nm - 1].from, gone);
    assert_int_equal(log[nm - 1].into, keep);
    assert_int_equal(log[nm - 1].article, 9);
    td_story_get_stats(ix, &after);
    assert_int_equal(after.merges, before.merges + 1);
    assert_int_equal(after.active, before.active - 1);

    /* a copy of the volcano report joins the story it was placed in */
    td_story_doc c = doc(10, volcano[0][0], volcano[0][1], 0);
    c.duplicate_of = 9;
    td_story_assign ca;
    assert_int_equal(td_story_add(ix, &c, &ca), TD_STORY_OK);
    assert_true(ca.copy);
    assert_int_equal(ca.story_id, keep);
    /* a new id is above every id in use and counts as a story opened */
    int64_t fresh = td_story_new_id(ix);
    assert_true(fresh > keep && fresh > gone);
    td_story_get_stats(ix, &after);
    assert_int_equal(after.stories, before.stories + 1);

    /* a centroid summed from more terms than a centroid keeps is cut to
     * centroid_terms, and the index saves and loads (a state that held
     * more would be refused) */
    assert_true(nt > cfg.centroid_terms + cfg.centroid_terms / 2);
    td_story_term back[1024];
    assert_int_equal(td_story_centroid(ix, keep, back, 1024), (int)cfg.centroid_terms);
    td_mem buf;
    td_story_index *loaded = save_load(ix, &cfg, &buf);
    td_mem_free(&buf);
    same_state(ix, loaded);
    td_story_index_free(loaded);

    /* a story dropped into one restored after it, under a newer id (what
     * a regroup does when a group takes no old id): the state still
     * loads; and a drop that would lead back to itself is refused */
    old.id = fresh;
    assert_int_equal(td_story_remove(ix, keep, fresh, 10), TD_STORY_OK);
    assert_int_equal(td_story_restore(ix, &old, t, nt), TD_STORY_OK);
    assert_int_equal(td_story_get(ix, keep, &info), TD_STORY_OK);
    assert_int_equal(info.id, fresh);
    assert_int_equal(td_story_remove(ix, fresh, keep, 11), TD_STORY_EUSAGE);
    assert_int_equal(td_story_remove(ix, fresh, gone, 11), TD_STORY_EUSAGE);
    loaded = save_load(ix, &cfg, &buf);
    td_mem_free(&buf);
    same_state(ix, loaded);
    assert_int_equal(td_story_get(loaded, gone, &info), TD_STORY_OK);
    assert_int_equal(info.id, fresh);
    td_story_index_free(loaded);
    td_story_index_free(ix);
}

static int retired_count;
static void on_retire(void *ctx, const td_story_info *s)
{
    (void)ctx;
    assert_true(s->id > 0);
    assert_false(s->active);
    retired_count++;
}

static int count_any(void *ctx, const td_story_info *s)
{
    (*(int *)ctx)++;
    return 0;
}

static void retirement_bounds_memory(void **state)
{
    td_story_config c;
    td_story_config_default(&c);
    c.max_active = 5;
    c.keep_retired = 0;
    c.on_retire = on_retire;
    retired_count = 0;
    td_story_index *ix = new_index(&c);
    char title[64], body[256];
    for (int i = 0; i < 20; i++) {
        /* twenty unrelated one-article stories */
        snprintf(title, sizeof title, "Topic%c%c news", 'a' + i, 'k' + i);
        snprintf(body, sizeof body, "Word%c%c and Thing%c%c met Place%c%c at Site%c%c.",
                 'a' + i, 'a' + i, 'b' + i, 'c' + i, 'd' + i, 'e' + i, 'f' + i, 'g' + i);
        td_story_doc d = doc(i + 1, title, body, 0);
        td_story_assign a;
        assert_int_equal(td_story_add(ix, &d, &a), TD_STORY_OK);
        assert_true(a.new_story);
    }
    td_story_stats st;
    td_story_get_stats(ix, &st);
    assert_true(st.active <= 6);
    assert_int_equal(st.retired, 0);
    assert_true(retired_count >= 14);
    int n = 0;
    td_story_each(ix, count_any, &n);
    assert_int_equal((size_t)n, st.active);
    td_story_index_free(ix);
}

/* An index with the first two recall reports in one story: its info, and
 * its centroid in terms[0..*n) (at most max). */
static td_story_index *two_recall_reports(td_story_info *info, td_story_term *terms, size_t max,
                                          int *n)
{
    td_story_index *a = new_index(NULL);
    td_story_assign r;
    for (int k = 0; k < 2; k++) {
        td_story_doc d = doc(k + 1, recall[k][0], recall[k][1], 0);
        assert_int_equal(td_story_add(a, &d, &r), TD_STORY_OK);
    }
    assert_int_equal(td_story_get(a, r.story_id, info), TD_STORY_OK);
    *n = td_story_centroid(a, r.story_id, terms, max);
    return a;
}

/* A fresh index, as after a restart, with the term statistics of the
 * first two recall reports. */
static td_story_index *warmed_index(void)
{
    td_story_index *b = new_index(NULL);
    for (int k = 0; k < 2; k++) {
        td_story_doc d = doc(k + 1, recall[k][0], recall[k][1], 0);
        assert_int_equal(td_story_observe(b, &d), TD_STORY_OK);
    }
    return b;
}

/* A restored centroid's term 0 counts as a term the article lacks: the
 * article's term table marks an empty slot with 0. The same story with
 * another absent term in its place gives the same similarity. */
static void a_restored_term_0_matches_nothing(void **state)
{
    (void)state;
    td_story_info info;
    td_story_term terms[257];
    int n;
    td_story_index *a = two_recall_reports(&info, terms, 256, &n);
    td_story_assign r;
    assert_true(n >= 8); /* the vector lookup's length too */
    td_story_doc d3 = doc(3, recall[2][0], recall[2][1], 0);
    /* an absent term: in neither the centroid nor the article */
    td_story_term art[256];
    int na = td_story_vectorize(a, &d3, art, NULL, 256);
    assert_true(na > 0);
    uint32_t absent = 7;
    for (int again = 1; again;) {
        again = 0;
        for (int k = 0; k < n; k++) again |= terms[k].term == absent;
        for (int k = 0; k < na; k++) again |= art[k].term == absent;
        absent += again;
    }
    double sim[2];
    for (int v = 0; v < 2; v++) {
        for (int simd = 0; simd < 2; simd++) {
            td_story_index *b = warmed_index();
            td_story_use_simd(b, simd);
            terms[n] = (td_story_term){v ? absent : 0, 0.3f};
            assert_int_equal(td_story_restore(b, &info, terms, (size_t)n + 1), TD_STORY_OK);
            assert_int_equal(td_story_add(b, &d3, &r), TD_STORY_OK);
            assert_int_equal(r.story_id, info.id);
            if (simd) assert_true(r.similarity == sim[v]);
            sim[v] = r.similarity;
            td_story_index_free(b);
        }
    }
    assert_true(sim[0] == sim[1]);
    td_story_index_free(a);
}

static void restore_a_story(void **state)
{
    (void)state;
    td_story_info info;
    td_story_term terms[512];
    int n;
    td_story_index *a = two_recall_reports(&info, terms, 512, &n);
    td_story_assign r;
    assert_true(n > 0);

    /* a fresh index, as after a restart: statistics warmed, story restored */
    td_story_index *b = warmed_index();
    assert_int_equal(td_story_restore(b, &info, terms, (size_t)n), TD_STORY_OK);
    assert_int_equal(td_story_restore(b, &info, terms, (size_t)n), TD_STORY_EUSAGE);
    /* the headline comes back with the similarity its report joined with
     * (the second report's title, which took over from the first's) */
    td_story_info back;
    assert_int_equal(td_story_get(b, info.id, &back), TD_STORY_OK);
    assert_string_equal(back.headline, info.headline);
    assert_true(info.headline_sim > 0 && info.headline_sim <= 1.0001f);
    assert_true(back.headline_sim == info.headline_sim);
    td_story_doc d3 = doc(3, recall[2][0], recall[2][1], 0);
    assert_int_equal(td_story_add(b, &d3, &r), TD_STORY_OK);
    assert_int_equal(r.story_id, info.id);
    /* a later title takes over only by joining closer */
    assert_int_equal(td_story_get(b, info.id, &back), TD_STORY_OK);
    assert_string_equal(back.headline,
                        r.similarity > info.headline_sim ? recall[2][0] : info.headline);
    td_story_doc d4 = doc(4, volcano[0][0], volcano[0][1], 0);
    assert_int_equal(td_story_add(b, &d4, &r), TD_STORY_OK);
    assert_true(r.new_story);
    assert_true(r.story_id > info.id);
    td_story_info again;
    td_story_get(b, info.id, &again);
    assert_int_equal(again.articles, 3);

    /* terms given twice are folded into one each */
    assert_true(n <= 256);
    memcpy(terms + n, terms, (size_t)n * sizeof terms[0]);
    td_story_index *c = new_index(NULL);
    assert_int_equal(td_story_restore(c, &info, terms, 2 * (size_t)n), TD_STORY_OK);
    td_story_term folded[512];
    assert_int_equal(td_story_centroid(c, info.id, folded, 512), n);
    for (int k = 0; k < n; k++) {
        assert_int_equal(folded[k].term, terms[k].term);
        assert_true(folded[k].weight == terms[k].weight + terms[k].weight);
    }
    td_story_index_free(c);
    td_story_index_free(a);
    td_story_index_free(b);
}

static void merges_are_logged(void **state)
{
    /* Two reports of one happening too differently worded to meet, then a
     * third that has the words of both: the stories merge. */
    td_story_config c;
    td_story_config_default(&c);
    c.idf_prior = 0;
    td_story_index *ix = new_index(&c);
    td_story_assign a, b, m;
    td_story_doc d1 = doc(1, "Quell dam breaks near Arvo",
                          "The Quell dam broke near Arvo, flooding farms along the Sarn river.", 0);
    td_story_doc d2 = doc(2, "Lindqvist orders Meriton evacuated",
                          "Governor Lindqvist ordered Meriton evacuated as rescue boats "
                          "searched rooftops for stranded families.", 0);
    td_story_doc d3 = doc(3, "Quell dam collapse floods Meriton",
                          "After the Quell dam broke near Arvo and flooded the Sarn river, "
                          "Governor Lindqvist ordered Meriton evacuated and rescue boats "
                          "searched rooftops.", 0);
    assert_int_equal(td_story_add(ix, &d1, &a), TD_STORY_OK);
    assert_int_equal(td_story_add(ix, &d2, &b), TD_STORY_OK);
    assert_true(b.new_story);
    assert_int_equal(td_story_add(ix, &d3, &m), TD_STORY_OK);
    assert_int_equal(m.nmerges, 1);
    assert_int_equal(m.merges[0].from, b.story_id);
    assert_int_equal(m.merges[0].into, a.story_id);
    assert_int_equal(m.merges[0].article, 3);
    assert_int_equal(m.story_id, a.story_id);
    const td_story_merge *log;
    assert_int_equal(td_story_merges(ix, &log), 1);
    assert_int_equal(log[0].from, b.story_id);
    /* the merged id still answers, with the story it went into */
    td_story_info info;
    assert_int_equal(td_story_get(ix, b.story_id, &info), TD_STORY_OK);
    assert_int_equal(info.id, a.story_id);
    assert_int_equal(info.articles, 3);
    td_story_index_free(ix);
}

/* Three reports of one strike: the second worded so differently that it
 * falls short of the bar to the first, the third close to both. */
static const char *strike_first = "Workers at the Ferrow glassworks in Dunmere walked out on Monday after the owners cut night shift pay, "
 "and the union said the strike would go on until the cut was withdrawn. About 600 workers joined the walkout, "
 "which closed both furnaces for the first time since the plant opened. Union leader Petra Salo told the crowd "
 "outside the gates that the company had broken the contract signed last spring. The owners said the cut was needed "
 "to keep the plant open as orders fell. Police watched the picket line, which stayed calm through the day. "
 "Shops near the gates gave the strikers coffee and bread, and the town council called both sides to talks.";
static const char *strike_loner = "The furnaces at Dunmere went cold this week. Night shift crews, angry at smaller pay packets, "
 "left their posts, and by evening the whole works had stopped. Salo, who speaks for the glassmakers, called it "
 "a breach of last spring's agreement and said nobody would return before the company backed down. Management "
 "blamed falling orders and said it had no choice. Local traders brought food to the pickets. Council members "
 "offered to host a meeting between the two sides, and a police patrol stayed near the gates in case of trouble, "
 "though there was none. Many families in the town depend on the plant for their living.";
static const char *strike_third = "The strike at the Ferrow glassworks in Dunmere entered its second day as union leader Petra Salo "
 "said the 600 workers would not return until the owners withdrew the night shift pay cut. Both furnaces stayed cold "
 "and the picket line at the gates stayed calm. Salo called the cut a breach of the contract signed last spring, "
 "while the owners said falling orders left them no choice. The town council offered to host talks between the two "
 "sides. Traders near the gates again brought food and coffee to the strikers, and police kept watch from a distance. "
 "Families in Dunmere, many of whom depend on the plant, followed the dispute closely.";

/* Places the three strike reports (the loner's body cut to body_len when
 * not 0) and returns what became of the third. */
static td_story_assign strike(double second_chance, size_t body_len, td_story_assign *loner)
{
    td_story_config c;
    td_story_config_default(&c);
    /* the loner's similarity to the first report is 0.24, the two
     * stories' after the third 0.30: below the bar, and above 3/4 of it */
    c.join_threshold = 0.36;
    c.second_chance = second_chance;
    td_story_index *ix = new_index(&c);
    td_story_assign a, m;
    td_story_doc d1 = doc(1, "Ferrow glassworks strike shuts Dunmere furnaces", strike_first, 0);
    td_story_doc d2 = doc(2, "Dunmere's furnaces go cold", strike_loner, 0);
    if (body_len) d2.body_len = body_len;
    td_story_doc d3 = doc(3, "Ferrow strike in second day", strike_third, 0);
    assert_int_equal(td_story_add(ix, &d1, &a), TD_STORY_OK);
    assert_int_equal(td_story_add(ix, &d2, loner), TD_STORY_OK);
    assert_true(loner->new_story);
    assert_int_equal(td_story_add(ix, &d3, &m), TD_STORY_OK);
    assert_int_equal(m.story_id, a.story_id);
    td_story_index_free(ix);
    return m;
}

static void a_loner_gets_a_second_chance(void **state)
{
    td_story_assign loner, m;
    /* The loner came closest to the first report's story; grown by the
     * third, that story takes it in below the full bar. */
    m = strike(0.75, 0, &loner);
    assert_int_equal(m.nmerges, 1);
    assert_int_equal(m.merges[0].from, loner.story_id);
    assert_int_equal(m.merges[0].into, m.story_id);
    /* at the full bar it stays alone */
    m = strike(1, 0, &loner);
    assert_int_equal(m.nmerges, 0);
    /* a loner of a lead's length gets no second chance, however low */
    m = strike(0.01, 200, &loner);
    assert_int_equal(m.nmerges, 0);
}

/* The strike reports again, then short reports of other happenings: a
 * stream in which the loner opens a story of its own (no second chance)
 * while the strike's story grows, and nothing else comes near it. */
enum { RECHECK_N = 12 };
static td_story_doc recheck_docs[RECHECK_N];

static void make_recheck_stream(size_t loner_len)
{
    static const char *strike_titles[3] = { "Ferrow glassworks strike shuts Dunmere furnaces",
                                            "Dunmere's furnaces go cold",
                                            "Ferrow strike in second day" };
    const char *strike_bodies[3] = { strike_first, strike_loner, strike_third };
    const char *(*others[3])[2] = { volcano, election, recall };
    for (int i = 0; i < RECHECK_N; i++) {
        const char *t, *b;
        if (i < 3) {
            t = strike_titles[i];
            b = strike_bodies[i];
        } else {
            t = others[(i - 3) % 3][(i - 3) / 3][0];
            b = others[(i - 3) % 3][(i - 3) / 3][1];
        }
        recheck_docs[i] = doc(i + 1, t, b, 0);
    }
    if (loner_len) recheck_docs[1].body_len = loner_len;
}

static void recheck_config(td_story_config *c, double recheck)
{
    td_story_config_default(c);
    c->join_threshold = 0.36;
    c->second_chance = 1;
    c->recheck = recheck;
    c->recheck_after[0] = 4;
    c->recheck_after[1] = 7;
    c->recheck_after[2] = 0;
}

/* Places the stream; returns the arrival (1..) whose placement merged the
 * loner's story into the strike's, or 0. */
static int recheck_merges_at(double recheck, size_t loner_len)
{
    td_story_config c;
    recheck_config(&c, recheck);
    make_recheck_stream(loner_len);
    td_story_index *ix = new_index(&c);
    td_story_assign a[RECHECK_N];
    int at = 0;
    for (int i = 0; i < RECHECK_N; i++) {
        assert_int_equal(td_story_add(ix, &recheck_docs[i], &a[i]), TD_STORY_OK);
        if (i == 1) assert_true(a[1].new_story);
        if (i == 2) assert_int_equal(a[2].story_id, a[0].story_id);
        for (size_t k = 0; k < a[i].nmerges; k++) {
            if (a[i].merges[k].from != a[1].story_id) continue;
            assert_int_equal(a[i].merges[k].into, a[0].story_id);
            assert_int_equal(at, 0);
            at = i + 1;
        }
    }
    if (at) {
        int64_t sid = 0;
        td_story_info info;
        assert_int_equal(td_story_get(ix, a[1].story_id, &info), TD_STORY_OK);
        sid = info.id;
        assert_int_equal(sid, a[0].story_id);
        assert_int_equal(info.articles, 3);
    }
    td_story_index_free(ix);
    return at;
}

static void a_lone_story_is_rechecked(void **state)
{
    (void)state;
    /* The loner (arrival 2) stays alone past the strike's third report;
     * four arrivals after it opened, the grown story takes it in. */
    assert_int_equal(recheck_merges_at(0.9, 0), 2 + 4);
    /* not close enough at 2.5 times the bar, at either look */
    assert_int_equal(recheck_merges_at(2.5, 0), 0);
    /* off */
    assert_int_equal(recheck_merges_at(0, 0), 0);
    /* a loner of a lead's length is not re-checked, however low the bar */
    assert_int_equal(recheck_merges_at(0.01, 200), 0);
}

/* An ingest in two runs gives what one run gives: the index saved and
 * loaded between any two articles, re-checks in flight among them,
 * places the rest as the one that went on. */
static td_story_index *save_load(td_story_index *ix, const td_story_config *c, td_mem *b);
static void same_stories(td_story_index *a, td_story_index *b);
static void same_assign(const td_story_assign *x, const td_story_assign *y);
static void same_state(td_story_index *a, td_story_index *b);

static void a_recheck_in_flight_survives_a_save(void **state)
{
    (void)state;
    td_story_config c;
    recheck_config(&c, 0.9);
    make_recheck_stream(0);
    int merged = 0;
    for (int k = 0; k <= RECHECK_N; k++) {
        td_story_index *a = new_index(&c);
        td_story_assign x, y;
        for (int i = 0; i < k; i++)
            assert_int_equal(td_story_add(a, &recheck_docs[i], &x), TD_STORY_OK);
        td_mem buf;
        td_story_index *b = save_load(a, &c, &buf);
        td_mem_free(&buf);
        same_state(a, b);
        for (int i = k; i < RECHECK_N; i++) {
            assert_int_equal(td_story_add(a, &recheck_docs[i], &x), TD_STORY_OK);
            assert_int_equal(td_story_add(b, &recheck_docs[i], &y), TD_STORY_OK);
            same_assign(&x, &y);
            merged += i == 5 && x.nmerges == 1;
        }
        same_stories(a, b);
        same_state(a, b);
        td_story_index_free(a);
        td_story_index_free(b);
    }
    /* the re-check at arrival 6 was in flight for every save before it */
    assert_int_equal(merged, 6);
    /* a state saved with re-checks is refused without them */
    td_story_index *a = new_index(&c), *b = NULL;
    for (int i = 0; i < 3; i++) assert_int_equal(td_story_add(a, &recheck_docs[i], NULL), TD_STORY_OK);
    td_mem buf = { 0 };
    assert_int_equal(td_story_save(a, td_mem_write, &buf), TD_STORY_OK);
    td_story_config other = c;
    other.recheck_after[1] = 8;
    assert_int_equal(td_story_load(&other, td_mem_read, &buf, &b), TD_STORY_ESTATE);
    assert_null(b);
    td_mem_free(&buf);
    td_story_index_free(a);
}

/* A report without a title lends its story its first sentence as a
 * headline, until a titled report joins; then the title stays. */
static void headline_prefers_titles(void **state)
{
    (void)state;
    td_story_index *ix = new_index(NULL);
    td_story_doc d = doc(1, "", volcano[0][1], 0);
    td_story_assign a;
    td_story_info info;
    assert_int_equal(td_story_add(ix, &d, &a), TD_STORY_OK);
    int64_t id = a.story_id;
    assert_int_equal(td_story_get(ix, id, &info), TD_STORY_OK);
    assert_string_equal(info.headline, "Mount Varda erupted on Tuesday, sending ash over the village of Telmo.");
    d = doc(2, volcano[1][0], volcano[1][1], 0);
    assert_int_equal(td_story_add(ix, &d, &a), TD_STORY_OK);
    assert_int_equal(a.story_id, id);
    assert_int_equal(td_story_get(ix, id, &info), TD_STORY_OK);
    assert_string_equal(info.headline, volcano[1][0]);
    /* an untitled report closer to the centroid does not take it back */
    d = doc(3, "", volcano[0][1], 0);
    assert_int_equal(td_story_add(ix, &d, &a), TD_STORY_OK);
    assert_int_equal(a.story_id, id);
    assert_int_equal(td_story_get(ix, id, &info), TD_STORY_OK);
    assert_string_equal(info.headline, volcano[1][0]);
    td_story_index_free(ix);

    /* from its first word to its stop: not the blank line before it, nor
     * the next sentence's opening quote */
    ix = new_index(NULL);
    d = doc(1, "", "\n  Markets in Carrow fell on Monday after the mine closed. \"We are "
                   "worried,\" said a trader.", 0);
    assert_int_equal(td_story_add(ix, &d, &a), TD_STORY_OK);
    assert_int_equal(td_story_get(ix, a.story_id, &info), TD_STORY_OK);
    assert_string_equal(info.headline, "Markets in Carrow fell on Monday after the mine closed.");
    /* a text need not end in a NUL: nothing past its length is read */
    static const char one[] = "Officials in Holt said the ferry would sail (on Friday).";
    char *body = malloc(sizeof one - 1);
    memcpy(body, one, sizeof one - 1);
    d = doc(2, "", "", 0);
    d.body = body;
    d.body_len = sizeof one - 1;
    assert_int_equal(td_story_add(ix, &d, &a), TD_STORY_OK);
    assert_int_equal(td_story_get(ix, a.story_id, &info), TD_STORY_OK);
    assert_string_equal(info.headline, one);
    free(body);
    d = doc(3, "", "\"Tarn will keep its lighthouse,\" the council of Tarn voted on Sunday. It "
                   "had been due to close.", 0);
    assert_int_equal(td_story_add(ix, &d, &a), TD_STORY_OK);
    assert_int_equal(td_story_get(ix, a.story_id, &info), TD_STORY_OK);
    assert_string_equal(info.headline, "\"Tarn will keep its lighthouse,\" the council of Tarn voted on Sunday.");
    td_story_index_free(ix);
}

static void bad_arguments(void **state)
{
    td_story_config c;
    td_story_config_default(&c);
    c.max_terms = 0;
    td_story_index *ix;
    assert_int_equal(td_story_index_new(&c, &ix), TD_STORY_EUSAGE);
    /* a NaN or negative setting is refused, not read as "off" */
    struct { double *field; double value; } bad[] = {
        { &c.recheck, -1 }, { &c.recheck, NAN }, { &c.join_threshold, NAN },
        { &c.second_chance, -0.5 }, { &c.story_days, INFINITY }, { &c.link, 1.5 },
        { &c.dated_threshold, 0.5 }, { &c.decay_days, 0 },
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        td_story_config_default(&c);
        *bad[i].field = bad[i].value;
        ix = (td_story_index *)(void *)bad; /* set to NULL on failure too */
        assert_int_equal(td_story_index_new(&c, &ix), TD_STORY_EUSAGE);
        assert_null(ix);
    }
    /* 0 is a setting: no re-checks */
    td_story_config_default(&c);
    c.recheck = 0;
    assert_int_equal(td_story_index_new(&c, &ix), TD_STORY_OK);
    td_story_index_free(ix);
    ix = new_index(NULL);
    td_story_doc d = doc(0, "x", "y", 0);
    td_story_assign a;
    assert_int_equal(td_story_add(ix, &d, &a), TD_STORY_EUSAGE);
    /* empty texts open (empty) stories and do not crash */
    td_story_doc e = doc(5, "", "", 0);
    assert_int_equal(td_story_add(ix, &e, &a), TD_STORY_OK);
    assert_true(a.new_story);
    td_story_index_free(ix);
    td_story_index_free(NULL);
}

/* ---- The model case ------------------------------------------------------ */

typedef struct seed {
    char *title, *body;
    size_t body_len;
} seed;

static int take(void *ctx, const td_article *x)
{
    seed *s = ctx;
    s->title = strdup(x->title ? x->title : "");
    s->body = malloc(x->body_len + 1);
    memcpy(s->body, x->body, x->body_len);
    s->body[x->body_len] = '\0';
    s->body_len = x->body_len;
    return 1;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Reads the five seed reports through the clean stage, in file order.
 * Returns 0 (and skips) when ../shared/seeds is not there. */
static int read_seeds(seed out[5])
{
    const char *src = getenv("TD_SOURCE_DIR");
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/../shared/seeds", src ? src : ".");
    DIR *d = opendir(dir);
    if (!d) return 0;
    char *names[16];
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) && n < 16)
        if (e->d_name[0] != '.') names[n++] = strdup(e->d_name);
    closedir(d);
    qsort(names, (size_t)n, sizeof *names, by_name);
    if (n != 5) {
        for (int i = 0; i < n; i++) free(names[i]);
        return 0;
    }
    td_extractor *x;
    char err[256];
    assert_int_equal(td_extractor_new(&x, err, sizeof err), TD_OK);
    for (int i = 0; i < 5; i++) {
        char path[8192];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        FILE *f = fopen(path, "rb");
        assert_non_null(f);
        char *buf = malloc(1 << 16);
        size_t len = fread(buf, 1, 1 << 16, f);
        fclose(f);
        memset(&out[i], 0, sizeof out[i]);
        td_extract(x, names[i], buf, len, NULL, take, &out[i]);
        assert_non_null(out[i].body);
        free(buf);
        free(names[i]);
    }
    td_extractor_free(x);
    return 1;
}

static void run_seeds(seed s[5], const int64_t *published, td_story_assign out[5])
{
    td_story_index *ix = new_index(NULL);
    td_dedup_index *dx;
    assert_int_equal(td_dedup_index_new(NULL, &dx), TD_DEDUP_OK);
    /* in publication order when dates are given, else file order */
    int order[5] = { 0, 1, 2, 3, 4 };
    if (published) {
        for (int i = 1; i < 5; i++)
            for (int j = i; j > 0 && published[order[j]] < published[order[j - 1]]; j--) {
                int t = order[j]; order[j] = order[j - 1]; order[j - 1] = t;
            }
    }
    for (int k = 0; k < 5; k++) {
        int i = order[k];
        int64_t dup = 0;
        double sim;
        assert_true(td_dedup_add(dx, i + 1, s[i].body, s[i].body_len, &dup, &sim) >= 0);
        assert_int_equal(dup, 0); /* five reports, no copies */
        td_story_doc d = doc(i + 1, s[i].title, s[i].body, published ? published[i] : 0);
        assert_int_equal(td_story_add(ix, &d, &out[i]), TD_STORY_OK);
    }
    /* final ids and threads, merges applied */
    for (int i = 0; i < 5; i++) {
        td_story_info info;
        assert_int_equal(td_story_get(ix, out[i].story_id, &info), TD_STORY_OK);
        out[i].story_id = info.id;
        out[i].thread_id = info.thread_id;
    }
    td_dedup_index_free(dx);
    td_story_index_free(ix);
}

static void seeds_undated(void **state)
{
    seed s[5];
    if (!read_seeds(s)) skip();
    td_story_assign a[5];
    run_seeds(s, NULL, a);
    /* files: 0 the October halt, 1 2 4 the May round, 3 the January round */
    assert_int_equal(a[1].story_id, a[2].story_id);
    assert_int_equal(a[1].story_id, a[4].story_id);
    assert_true(a[3].story_id != a[1].story_id);  /* "back in January" vs "first since January" */
    for (int i = 1; i < 5; i++) assert_int_equal(a[i].thread_id, a[0].thread_id);
    for (int i = 0; i < 5; i++) { free(s[i].title); free(s[i].body); }
}

static void seeds_dated(void **state)
{
    seed s[5];
    if (!read_seeds(s)) skip();
    /* the dates a later issue will infer: the halt in October, the May
     * round, the January round reported in March */
    const int64_t day = 86400, may17 = 1715904000;
    int64_t published[5] = { may17 + 150 * day, may17, may17 - day, may17 - 63 * day, may17 };
    td_story_assign a[5];
    run_seeds(s, published, a);
    assert_int_equal(a[1].story_id, a[2].story_id);
    assert_int_equal(a[1].story_id, a[4].story_id);
    assert_true(a[3].story_id != a[1].story_id);
    assert_true(a[0].story_id != a[1].story_id);
    assert_true(a[0].story_id != a[3].story_id);
    for (int i = 1; i < 5; i++) assert_int_equal(a[i].thread_id, a[0].thread_id);
    for (int i = 0; i < 5; i++) { free(s[i].title); free(s[i].body); }
}

/* Article id of the volcano story (the three reports in turn) from
 * outlet, into ix: it must join story when that is not 0. Returns the
 * story it joined. */
static int64_t add_volcano(td_story_index *ix, int64_t id, const char *outlet, int64_t story)
{
    td_story_doc d = doc(id, volcano[(id - 1) % 3][0], volcano[(id - 1) % 3][1], 0);
    d.outlet = outlet;
    td_story_assign a;
    assert_int_equal(td_story_add(ix, &d, &a), TD_STORY_OK);
    if (story) assert_int_equal(a.story_id, story);
    return a.story_id;
}

/* Outlets are known by name through a table that grows as names come:
 * one story covered by 150 outlets counts each once, names the first
 * ones in order, and an outlet seen again is not counted again. */
static void many_outlets(void **state)
{
    (void)state;
    td_story_index *ix = new_index(NULL);
    char name[32];
    int64_t story = 0;
    for (int i = 0; i < 151; i++) {
        snprintf(name, sizeof name, "outlet-%d.example", i == 150 ? 3 : i);
        story = add_volcano(ix, i + 1, name, story);
    }
    td_story_info info;
    assert_int_equal(td_story_get(ix, story, &info), TD_STORY_OK);
    assert_int_equal(info.articles, 151);
    assert_int_equal(info.noutlets, 150);
    assert_string_equal(info.outlets[0], "outlet-0.example");
    assert_string_equal(info.outlets[TD_STORY_MAX_OUTLETS - 1], "outlet-7.example");
    td_story_index_free(ix);
}

/* A feed's outlet name and a page's domain are one outlet to a story,
 * counted once under the spelling seen first, before and after a save;
 * two stations that share words stay two. */
static void outlet_spellings(void **state)
{
    (void)state;
    static const char *const names[] = {
        "Meridian Wire", "meridianwire.net", "The Harbour Ledger", "harbourledger.com",
        "Riverbend Public Radio", "Riverbend Community Radio", "riverbendradio.org",
    };
    td_story_index *ix = new_index(NULL);
    int64_t story = 0;
    for (int i = 0; i < 7; i++) story = add_volcano(ix, i + 1, names[i], story);
    td_story_info info;
    assert_int_equal(td_story_get(ix, story, &info), TD_STORY_OK);
    assert_int_equal(info.noutlets, 4);
    assert_string_equal(info.outlets[0], "Meridian Wire");
    assert_string_equal(info.outlets[1], "The Harbour Ledger");
    assert_string_equal(info.outlets[2], "Riverbend Public Radio");
    assert_string_equal(info.outlets[3], "Riverbend Community Radio");
    td_mem buf = {0};
    td_story_index *loaded = save_load(ix, NULL, &buf);
    td_story_index_free(ix);
    ix = loaded;
    add_volcano(ix, 8, "www.meridianwire.net", story);
    assert_int_equal(td_story_get(ix, story, &info), TD_STORY_OK);
    assert_int_equal(info.articles, 8);
    assert_int_equal(info.noutlets, 4);
    td_mem_free(&buf);
    td_story_index_free(ix);
}

/* ---- Saving and loading ------------------------------------------------------ */

static int fail_write(void *ctx, const void *p, size_t n)
{
    (void)p;
    (void)n;
    return --*(int *)ctx < 0;
}

/* A made-up stream that exercises what the state holds: several
 * happenings told in turn (joins), a loosely worded report and a later
 * one that bridges two stories (merges), copies of earlier articles,
 * one-off articles (retirement, under small limits), many outlets and
 * none, dates, inferred intervals and no date. */
enum { STREAM_N = 44 };
static td_story_doc stream_docs[STREAM_N];
static char stream_text[STREAM_N][2][160];

static void make_stream(int dated)
{
    static const char *dam[3][2] = {
        { "Quell dam breaks near Arvo",
          "The Quell dam broke near Arvo, flooding farms along the Sarn river." },
        { "Lindqvist orders Meriton evacuated",
          "Governor Lindqvist ordered Meriton evacuated as rescue boats searched rooftops "
          "for stranded families." },
        { "Quell dam collapse floods Meriton",
          "After the Quell dam broke near Arvo and flooded the Sarn river, Governor Lindqvist "
          "ordered Meriton evacuated and rescue boats searched rooftops." },
    };
    static const char *strike_titles[3] = { "Ferrow glassworks strike shuts Dunmere furnaces",
                                            "Dunmere's furnaces go cold",
                                            "Ferrow strike in second day" };
    const char *strike_bodies[3] = { strike_first, strike_loner, strike_third };
    const int64_t day = 86400, t0 = 1700000000;
    /* The stream opens with two stories that a third report merges (the
     * dam; the strike and its loner), then goes round the happenings with
     * copies and one-off articles between. */
    enum { DAM, STRIKE, VOLCANO, ELECTION, RECALL, COPY, ONE_OFF };
    static const int opening[8] = { DAM, VOLCANO, DAM, STRIKE, DAM, STRIKE, COPY, STRIKE };
    static const int round[6] = { VOLCANO, ELECTION, RECALL, COPY, ONE_OFF, ONE_OFF };
    int nd = 0, ns = 0, nv = 0, ne = 0, nr = 0, one_off = 0;
    for (int i = 0; i < STREAM_N; i++) {
        const char *title, *body;
        int64_t dup = 0;
        switch (i < 8 ? opening[i] : round[(i - 8) % 6]) {
        case DAM: title = dam[nd][0]; body = dam[nd][1]; nd++; break;
        case STRIKE: title = strike_titles[ns]; body = strike_bodies[ns]; ns++; break;
        case VOLCANO: title = volcano[nv % 3][0]; body = volcano[nv % 3][1]; nv++; break;
        case ELECTION: title = election[ne % 3][0]; body = election[ne % 3][1]; ne++; break;
        case RECALL: title = recall[nr % 3][0]; body = recall[nr % 3][1]; nr++; break;
        case COPY: /* of the article three back */
            title = stream_docs[i - 3].title;
            body = stream_docs[i - 3].body;
            dup = i - 2;
            break;
        default:
            snprintf(stream_text[i][0], sizeof stream_text[i][0], "Topic%c%c news",
                     'a' + one_off, 'k' + one_off);
            snprintf(stream_text[i][1], sizeof stream_text[i][1],
                     "Word%c%c and Thing%c%c met Place%c%c at Site%c%c.", 'a' + one_off,
                     'a' + one_off, 'b' + one_off, 'c' + one_off, 'd' + one_off, 'e' + one_off,
                     'f' + one_off, 'g' + one_off);
            title = stream_text[i][0];
            body = stream_text[i][1];
            one_off++;
            break;
        }
        td_story_doc *d = &stream_docs[i];
        *d = doc(i + 1, title, body, dated && i % 5 != 4 ? t0 + i * day : 0);
        if (dated && i % 5 == 4) {
            d->published_lo = t0 + (i - 1) * day;
            d->published_hi = t0 + (i + 1) * day;
        }
        d->duplicate_of = dup;
        static char outlets[11][24];
        snprintf(outlets[i % 11], sizeof outlets[i % 11], "outlet-%d.example", i % 11);
        d->outlet = i % 13 == 12 ? NULL : outlets[i % 11];
    }
}

/* What td_story_each reports, copied out. */
typedef struct story_row {
    td_story_info info;
    char headline[400];
    char outlets[TD_STORY_MAX_OUTLETS][24];
} story_row;

typedef struct rows {
    story_row r[STREAM_N];
    int n;
} rows;

static int take_row(void *ctx, const td_story_info *s)
{
    rows *rs = ctx;
    assert_true(rs->n < STREAM_N);
    story_row *r = &rs->r[rs->n++];
    memset(r, 0, sizeof *r);
    r->info = *s;
    snprintf(r->headline, sizeof r->headline, "%s", s->headline);
    size_t named = s->noutlets < TD_STORY_MAX_OUTLETS ? s->noutlets : TD_STORY_MAX_OUTLETS;
    for (size_t i = 0; i < named; i++) snprintf(r->outlets[i], sizeof r->outlets[i], "%s", s->outlets[i]);
    return 0;
}

static void same_stories(td_story_index *a, td_story_index *b)
{
    static rows ra, rb;
    ra.n = rb.n = 0;
    assert_int_equal(td_story_each(a, take_row, &ra), TD_STORY_OK);
    assert_int_equal(td_story_each(b, take_row, &rb), TD_STORY_OK);
    assert_int_equal(ra.n, rb.n);
    for (int i = 0; i < ra.n; i++) {
        const td_story_info *x = &ra.r[i].info, *y = &rb.r[i].info;
        assert_int_equal(x->id, y->id);
        assert_int_equal(x->thread_id, y->thread_id);
        assert_string_equal(ra.r[i].headline, rb.r[i].headline);
        assert_int_equal(x->first_seen, y->first_seen);
        assert_int_equal(x->last_seen, y->last_seen);
        assert_int_equal(x->first_seq, y->first_seq);
        assert_int_equal(x->last_seq, y->last_seq);
        assert_int_equal(x->articles, y->articles);
        assert_int_equal(x->copies, y->copies);
        assert_int_equal(x->noutlets, y->noutlets);
        for (int k = 0; k < TD_STORY_MAX_OUTLETS; k++)
            assert_string_equal(ra.r[i].outlets[k], rb.r[i].outlets[k]);
        assert_int_equal(x->active, y->active);
        assert_int_equal(x->when_month, y->when_month);
        /* and the centroids, term for term */
        td_story_term ta[512], tb[512];
        int na = td_story_centroid(a, x->id, ta, 512), nb = td_story_centroid(b, y->id, tb, 512);
        assert_int_equal(na, nb);
        if (na > 0) assert_memory_equal(ta, tb, (size_t)na * sizeof ta[0]);
    }
    const td_story_merge *ma, *mb;
    size_t nma = td_story_merges(a, &ma), nmb = td_story_merges(b, &mb);
    assert_int_equal(nma, nmb);
    if (nma) assert_memory_equal(ma, mb, nma * sizeof *ma);
    td_story_stats sa, sb;
    td_story_get_stats(a, &sa);
    td_story_get_stats(b, &sb);
    assert_memory_equal(&sa, &sb, sizeof sa);
}

static void same_assign(const td_story_assign *x, const td_story_assign *y)
{
    assert_int_equal(x->story_id, y->story_id);
    assert_int_equal(x->thread_id, y->thread_id);
    assert_int_equal(x->new_story, y->new_story);
    assert_int_equal(x->new_thread, y->new_thread);
    assert_int_equal(x->copy, y->copy);
    assert_memory_equal(&x->similarity, &y->similarity, sizeof x->similarity);
    assert_int_equal(x->nmerges, y->nmerges);
    if (x->nmerges) assert_memory_equal(x->merges, y->merges, x->nmerges * sizeof x->merges[0]);
}

/* A made-up word from a number: two to four syllables, capitalised when
 * asked (a name). */
static size_t fake_word(char *out, uint32_t x, int cap)
{
    static const char *syl[16] = { "ka", "ro", "mi", "tel", "van", "su", "bre", "lo",
                                   "dar", "pe", "nis", "gu", "fa", "tor", "le", "shi" };
    size_t n = 0, k = 2 + x % 3;
    for (size_t i = 0; i < k; i++, x /= 16) {
        const char *y = syl[(x >> 2) % 16];
        for (size_t j = 0; y[j]; j++) out[n++] = y[j];
    }
    if (cap) out[0] = (char)(out[0] - 'a' + 'A');
    return n;
}

/* The vector lookup of centroid terms (AVX2, where the CPU has it) and
 * the portable loop place every article alike, to the last bit of each
 * similarity: a stream of 600 articles on 40 topics (a few dozen words
 * and names each, and words of any topic), long enough that centroids
 * grow past the 8 terms a vector takes and are cut back. */
static void the_vector_lookup_places_alike(void **state)
{
    (void)state;
    td_story_index *a = new_index(NULL), *b = new_index(NULL);
    td_story_use_simd(b, 0);
    uint32_t r = 12345;
    static char title[200], body[2000];
    for (int i = 0; i < 600; i++) {
        r = r * 1103515245u + 12345u;
        uint32_t topic = (r >> 8) % 40;
        size_t nt = 0, nb = 0;
        for (int w = 0; w < 60; w++) {
            r = r * 1103515245u + 12345u;
            uint32_t pick = r >> 8;
            /* a topic's word, one of its names, or any word */
            uint32_t x = pick % 4 == 0 ? (pick >> 4) % 3000 : 3000 + topic * 40 + (pick >> 4) % 40;
            int cap = x >= 3000 && x % 5 == 0;
            char *o = w < 8 ? title : body;
            size_t *n = w < 8 ? &nt : &nb;
            if (*n) o[(*n)++] = ' ';
            *n += fake_word(o + *n, x * 2654435761u, cap);
            if (w >= 8 && w % 12 == 11) o[(*n)++] = '.';
        }
        title[nt] = body[nb] = 0;
        td_story_doc d = doc(i + 1, title, body, i % 3 ? 1700000000 + (int64_t)i * 3600 : 0);
        td_story_assign x, y;
        assert_int_equal(td_story_add(a, &d, &x), TD_STORY_OK);
        assert_int_equal(td_story_add(b, &d, &y), TD_STORY_OK);
        same_assign(&x, &y);
        td_story_term ta[256], tb[256];
        int na = td_story_centroid(a, x.story_id, ta, 256), nb2 = td_story_centroid(b, y.story_id, tb, 256);
        assert_int_equal(na, nb2);
        if (na > 0) assert_memory_equal(ta, tb, (size_t)na * sizeof ta[0]);
    }
    td_story_stats sa, sb;
    td_story_get_stats(a, &sa);
    td_story_get_stats(b, &sb);
    assert_memory_equal(&sa, &sb, sizeof sa);
    /* the stream must exercise both: joins, and centroids past a vector */
    assert_true(sa.stories >= 40 && sa.stories < 300 && sa.candidates > 2000);
    td_story_index_free(a);
    td_story_index_free(b);
}

/* Saves ix and loads the state back: the new index, and the state in *b. */
static td_story_index *save_load(td_story_index *ix, const td_story_config *c, td_mem *b)
{
    memset(b, 0, sizeof *b);
    assert_int_equal(td_story_save(ix, td_mem_write, b), TD_STORY_OK);
    td_story_index *out = NULL;
    assert_int_equal(td_story_load(c, td_mem_read, b, &out), TD_STORY_OK);
    assert_int_equal(b->off, b->n);
    assert_non_null(out);
    return out;
}

/* Saves both and checks the two states are the same bytes. */
static void same_state(td_story_index *a, td_story_index *b)
{
    td_mem x = { 0 }, y = { 0 };
    assert_int_equal(td_story_save(a, td_mem_write, &x), TD_STORY_OK);
    assert_int_equal(td_story_save(b, td_mem_write, &y), TD_STORY_OK);
    assert_int_equal(x.n, y.n);
    assert_memory_equal(x.p, y.p, x.n);
    td_mem_free(&x);
    td_mem_free(&y);
}

static int saved_retired;
static void count_retired(void *ctx, const td_story_info *s)
{
    (void)ctx;
    (void)s;
    saved_retired++;
}

/* The key property: an index loaded from a state saved after k articles
 * places the rest exactly as the saved one does, for every k. */
static void a_loaded_index_goes_on_the_same(void **state)
{
    (void)state;
    td_story_config cs[4];
    int dated[4] = { 0, 0, 1, 1 };
    td_story_config_default(&cs[0]);
    /* merges (no prior), retirement by articles and by count, a copy
     * map of two small generations */
    td_story_config_default(&cs[1]);
    cs[1].idf_prior = 0;
    cs[1].max_active = 4;
    cs[1].retire_articles = 12;
    cs[1].max_copy_map = 5;
    cs[1].df_bits = 12;
    /* a higher bar (second chances), retired stories dropped */
    td_story_config_default(&cs[2]);
    cs[2].join_threshold = 0.36;
    cs[2].idf_prior = 0;
    cs[2].keep_retired = 0;
    cs[2].on_retire = count_retired;
    cs[2].max_active = 6;
    cs[2].df_bits = 10;
    /* dated: retirement by days, threads over a short window */
    td_story_config_default(&cs[3]);
    cs[3].idf_prior = 10;
    cs[3].story_days = 3;
    cs[3].retire_days = 10;
    cs[3].thread_days = 30;
    cs[3].df_bits = 14;
    uint64_t merges = 0, retired = 0, copies = 0, threads_joined = 0;
    for (int ci = 0; ci < 4; ci++) {
        make_stream(dated[ci]);
        for (int k = 0; k <= STREAM_N; k++) {
            td_story_index *a = new_index(&cs[ci]);
            td_story_assign x, y;
            for (int i = 0; i < k; i++) assert_int_equal(td_story_add(a, &stream_docs[i], &x), TD_STORY_OK);
            td_mem buf;
            td_story_index *b = save_load(a, &cs[ci], &buf);
            td_mem_free(&buf);
            same_state(a, b);
            for (int i = k; i < STREAM_N; i++) {
                assert_int_equal(td_story_add(a, &stream_docs[i], &x), TD_STORY_OK);
                assert_int_equal(td_story_add(b, &stream_docs[i], &y), TD_STORY_OK);
                same_assign(&x, &y);
                threads_joined += x.new_story && !x.new_thread;
            }
            same_stories(a, b);
            same_state(a, b);
            if (k == 0) {
                td_story_stats st;
                td_story_get_stats(a, &st);
                merges += st.merges;
                retired += st.stories - st.merges - st.active;
                copies += st.copies;
            }
            td_story_index_free(a);
            td_story_index_free(b);
        }
    }
    /* the stream did exercise what it is meant to */
    assert_true(merges >= 3);
    assert_true(retired >= 10);
    assert_true(copies >= 10);
    assert_true(threads_joined > 0);
    assert_true(saved_retired > 0);
}

static void a_state_wants_its_configuration(void **state)
{
    (void)state;
    td_story_config c;
    td_story_config_default(&c);
    c.df_bits = 10;
    make_stream(1);
    td_story_index *a = new_index(&c), *b = NULL;
    for (int i = 0; i < 10; i++) assert_int_equal(td_story_add(a, &stream_docs[i], NULL), TD_STORY_OK);
    td_mem buf = { 0 };
    assert_int_equal(td_story_save(a, td_mem_write, &buf), TD_STORY_OK);
    td_story_config other = c;
    other.join_threshold = 0.2;
    assert_int_equal(td_story_load(&other, td_mem_read, &buf, &b), TD_STORY_ESTATE);
    assert_null(b);
    other = c;
    other.df_bits = 11;
    buf.off = 0;
    assert_int_equal(td_story_load(&other, td_mem_read, &buf, &b), TD_STORY_ESTATE);
    buf.off = 0;
    assert_int_equal(td_story_load(NULL, td_mem_read, &buf, &b), TD_STORY_ESTATE);
    /* the callbacks are the caller's to give */
    other = c;
    other.on_retire = count_retired;
    buf.off = 0;
    assert_int_equal(td_story_load(&other, td_mem_read, &buf, &b), TD_STORY_OK);
    td_story_index_free(b);
    /* another magic (as from a machine of the other byte order) */
    buf.p[0] ^= 0xFF;
    buf.off = 0;
    assert_int_equal(td_story_load(&c, td_mem_read, &buf, &b), TD_STORY_ESTATE);
    assert_null(b);
    /* a write that stops fails the save, at every point */
    for (int left = 0; left < 40; left++) {
        int n = left;
        assert_int_equal(td_story_save(a, fail_write, &n), TD_STORY_EUSAGE);
    }
    td_mem_free(&buf);
    td_story_index_free(a);
}

/* Truncated and damaged states: refused, or (a flipped byte that still
 * reads as a state) loaded into an index that works; never a crash. */
static void a_damaged_state_is_refused(void **state)
{
    (void)state;
    td_story_config c;
    td_story_config_default(&c);
    c.df_bits = 10;
    c.max_copy_map = 4;
    c.max_active = 5;
    make_stream(1);
    td_story_index *a = new_index(&c), *b = NULL;
    for (int i = 0; i < 24; i++) assert_int_equal(td_story_add(a, &stream_docs[i], NULL), TD_STORY_OK);
    td_mem buf = { 0 };
    assert_int_equal(td_story_save(a, td_mem_write, &buf), TD_STORY_OK);
    size_t size = buf.n;
    /* Every offset, but in the table of term counts (8 KiB with df_bits
     * 10, a few hundred bytes in, no structure to it) one in 31. */
    for (size_t len = 0; len < size; len += len >= 512 && len < 8704 ? 31 : 1) {
        buf.n = len;
        buf.off = 0;
        assert_int_equal(td_story_load(&c, td_mem_read, &buf, &b), TD_STORY_ESTATE);
        assert_null(b);
    }
    buf.n = size;
    int refused = 0, loaded = 0;
    /* Flipped bytes, one in five: the low bit (a count off by one, a link
     * to the next slot) or the whole byte, in turn. */
    for (size_t at = 0; at < size; at += at >= 512 && at < 8704 ? 31 : 5) {
        unsigned char flip = at % 2 ? 0xFF : 0x01;
        buf.p[at] ^= flip;
        buf.off = 0;
        int rc = td_story_load(&c, td_mem_read, &buf, &b);
        buf.p[at] ^= flip;
        if (rc != TD_STORY_OK) {
            assert_int_equal(rc, TD_STORY_ESTATE);
            assert_null(b);
            refused++;
            continue;
        }
        /* what loads must work */
        loaded++;
        int n = 0;
        td_story_each(b, count_any, &n);
        td_story_stats st;
        td_story_get_stats(b, &st);
        for (int i = 24; i < 28; i++) td_story_add(b, &stream_docs[i], NULL);
        td_story_each(b, count_any, &n);
        td_story_index_free(b);
    }
    assert_true(refused > 0 && loaded > 0);
    td_mem_free(&buf);
    td_story_index_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(three_happenings),
        cmocka_unit_test(headline_prefers_titles),
        cmocka_unit_test(copies_do_not_move_the_centroid),
        cmocka_unit_test(dates_split_stories_of_one_thread),
        cmocka_unit_test(far_stories_give_threads_only),
        cmocka_unit_test(time_cues_in_leads),
        cmocka_unit_test(intervals_keep_far_stories_apart),
        cmocka_unit_test(retirement_bounds_memory),
        cmocka_unit_test(restore_a_story),
        cmocka_unit_test(remove_and_replace_stories),
        cmocka_unit_test(a_restored_term_0_matches_nothing),
        cmocka_unit_test(merges_are_logged),
        cmocka_unit_test(a_loner_gets_a_second_chance),
        cmocka_unit_test(a_lone_story_is_rechecked),
        cmocka_unit_test(a_recheck_in_flight_survives_a_save),
        cmocka_unit_test(bad_arguments),
        cmocka_unit_test(many_outlets),
        cmocka_unit_test(outlet_spellings),
        cmocka_unit_test(seeds_undated),
        cmocka_unit_test(seeds_dated),
        cmocka_unit_test(a_loaded_index_goes_on_the_same),
        cmocka_unit_test(a_state_wants_its_configuration),
        cmocka_unit_test(a_damaged_state_is_refused),
        cmocka_unit_test(the_vector_lookup_places_alike),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
