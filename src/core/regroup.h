/*
 * regroup.h -- a small thread grouped again once its dates are known.
 *
 * Stories are formed online: an article is placed among the stories that
 * exist when it arrives, with the date it has then. An undated report
 * that arrives before the dated reports of its saga can only be placed by
 * its words, and reports of two rounds of the same talks share most of
 * them; when the dated reports come (in a later ingest), the thread pass
 * (core/relate.h) dates the early report, but it stays where its words put
 * it. In one ingest of all the reports the dated ones come first, and the
 * same report finds its round.
 *
 * td_core_regroup gives a thread that second look: a thread of at most
 * TD_CORE_REGROUP_MAX articles, stored by more than one ingest, in which
 * the thread pass dated a loose article from a firm one is clustered
 * again on its own, as one ingest of
 * just its articles would (dated ones first, by day, then the rest; every
 * article with the dates the thread pass gave it; a fresh story index, so
 * that the result depends on the thread's articles and dates, not on the
 * order of the ingests they came in). A thread stored by one ingest was
 * placed in that order already.
 * When that grouping differs from the stories
 * the thread has, those stories are replaced in the story index by the new
 * groups: each group keeps the id of the old story it shares the most
 * articles with, the others get new ids, and an old story left without a
 * group is logged as merged into the group that took most of its articles.
 * Centroids of the new stories are summed from their articles' vectors
 * under the story index's term statistics. A thread with a retired story
 * is left alone.
 */
#ifndef TD_CORE_REGROUP_H
#define TD_CORE_REGROUP_H

#include "core/db.h"
#include "core/redate.h"
#include "story/story.h"

/* Threads larger than this are not regrouped: the cost of a regroup grows
 * with the thread, and the sagas of a few rounds that need it are small. */
#define TD_CORE_REGROUP_MAX 64

/* The dates the story stage takes for the article of item it, whose own
 * publication date is published (ISO 8601, or NULL): the day its thread
 * gave it (it->related), else its own date; failing that, its inferred
 * interval. An inferred date under TD_CORE_MIN_INFERRED_CONFIDENCE that
 * its thread did not narrow is left out. Sets d->published,
 * published_lo and published_hi (unix seconds, 0 for none). */
void td_core_story_dates(const td_redate_item *it, const char *published, td_story_doc *d);

/* Where clustering placed an article. */
typedef struct td_core_placed {
    int64_t article, story, dup_of;
    double similarity;
} td_core_placed;

/* Before the thread pass of an update: the items of the threads that
 * may be regrouped (at most TD_CORE_REGROUP_MAX articles, stored by more
 * than one ingest, with a loose article and a firm one) get settled = 0,
 * so that the pass dates every loose article of them as a full replay
 * would; their stories are added to *changed (sorted, unique,
 * realloc'd). */
td_status td_core_regroup_open(td_redate_item *items, size_t n, int64_t **changed,
                               size_t *nchanged);

/* items[0..n) (with story and thread, after td_core_relate) and p[0..n)
 * describe the same articles; pre[0..n) (or NULL) are the items as they
 * were before td_core_relate, from which the thread pass runs again over
 * a thread's new grouping (regroup.c: relate_again). p's copies (dup_of,
 * similarity) are known for the first nplaced, which this clustering
 * placed; for the others they are read from the store and filled in.
 * Regrouped articles get their new story in items[i].story and
 * p[i].story, and settled = 0; the stories of regrouped threads are added
 * to *changed (sorted, unique, realloc'd) unless changed is NULL; *moved
 * (malloc'd, the caller frees it) lists the indexes i >= nplaced whose
 * story changed; *regrouped counts the threads whose stories it
 * replaced. */
td_status td_core_regroup(td_store *s, td_story_index *ix, td_redate_item *items,
                          const td_redate_item *pre, td_core_placed *p, size_t n,
                          size_t nplaced, int64_t **changed, size_t *nchanged, size_t **moved,
                          size_t *nmoved, size_t *regrouped);

/* Sorts the ids v[0..n) and drops repeats; returns how many are left. */
size_t td_core_sort_ids(int64_t *v, size_t n);

#endif
