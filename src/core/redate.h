/*
 * redate.h -- dates inferred across articles, and storing time
 * expressions against an article's anchor.
 *
 * At ingest an undated article's date is inferred from its own text
 * (core/ingest.c). Once stories are known, an article that stayed undated,
 * or got only a wide interval, borrows from the other articles of its
 * story: they report the same happening, so they were published within
 * days of one another.
 */
#ifndef TD_CORE_REDATE_H
#define TD_CORE_REDATE_H

#include "core/db.h"
#include "extract/datefer.h"
#include "extract/timex.h"

/* Time expressions kept per article: enough for any real article, a
 * bound for hostile ones (ingest and re-anchoring alike). */
#define TD_CORE_MAX_TIMEXES 2000

/* What timexes resting on an inferred date name as their anchor: the
 * inferred day, or for a wide interval the interval ("2024-02-01/2024-05-12",
 * ISO 8601), from every day of which the values kept resolve alike. */
#define TD_CORE_ANCHOR_MAX 22
void td_core_anchor_text(char out[TD_CORE_ANCHOR_MAX], const td_datefer_result *res, int narrow);

/* One article as clustering saw it. */
typedef struct td_redate_item {
    int64_t article, story, thread;
    int64_t run;         /* the ingest that stored it */
    td_date_from from;
    char day[11];        /* its published day, or "" */
    char lo[11], hi[11]; /* an inferred interval, or "" */
    double confidence;
    int related;         /* lo, hi (and day when narrow) come from other
                            articles of its thread (core/relate.h): to be
                            stored even if its story adds nothing */
    int settled;         /* placed by an earlier clustering in a story this
                            one left alone: a source of dates for its
                            thread, not related again */
} td_redate_item;

/* The least confidence of an inferred date clustering takes: an inferred
 * date whose interval holds under a tenth of its score mass is a guess,
 * left out of clustering (td_core_story_dates, core/regroup.h) and kept
 * in the store. */
#define TD_CORE_MIN_INFERRED_CONFIDENCE 0.1

/* A date the articles of a story or thread can lean on: from metadata,
 * the user or a byline, or an inferred one narrow enough to name a day. */
int td_core_date_firm(const td_redate_item *it);

/* Whether the article would gain from other articles' dates: it has none,
 * or only a wide inferred interval. */
int td_core_date_loose(const td_redate_item *it);

/* The item's inferred interval as a datefer result, to be refined with
 * other articles; returns own->found (0 when it has no interval). */
int td_core_date_result(const td_redate_item *it, td_datefer_result *own);

/* Refines the dates of items (sorted or not) from their stories; runs
 * inside the caller's transaction. *changed counts articles re-dated. */
td_status td_core_redate(td_store *s, td_redate_item *items, size_t n, size_t *changed);

/* Stores article id's time expressions; anchor is the day they were
 * resolved against (or NULL), inferred says it is an inferred date. Their
 * texts are copied into arena. */
td_status td_core_put_timexes(td_store *s, int64_t id, const char *body, size_t len,
                              const td_timex *tx, size_t n, const char *anchor, int inferred,
                              td_arena *arena);

#endif
