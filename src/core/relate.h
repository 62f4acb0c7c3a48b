/*
 * relate.h -- dates an undated article takes from the dated articles of
 * its thread.
 *
 * An undated report often names a happening that other, dated reports of
 * the same saga date in full. It says the talks were held "back in
 * January"; a report of the next round, from May 2024, calls it "the first
 * since January": its January is January 2024, so the undated report was
 * written after January 2024 and (a month named without a year being the
 * last one of that name) before January 2025. When it adds that the sides
 * "have not yet held a second meeting", it was written before the next
 * story of the thread.
 *
 * td_core_relate finds those links after a first clustering, when threads
 * are known:
 *
 *   - a happening is a calendar date or month that a firm article names
 *     (value with a year: "2024-01", "2024-04-13"), with the content words
 *     of its sentence and the one before;
 *   - the loose article's yearless dates ("January", "Oct. 7") are matched
 *     to the thread's happenings of the same month (and day): the best
 *     one sharing at least MIN_SHARED content words, unless another year
 *     ties with it;
 *   - "not yet ... a second meeting" (or "yet to hold another round")
 *     puts it before the first story of the thread that starts after the
 *     happenings it names;
 *
 * and narrows the loose article's interval with td_datefer_relate. The
 * caller clusters again when an article's new interval keeps it out of the
 * story it had joined (the story stage uses intervals, story.h).
 *
 * Bounded (relate.c): at most 32 firm articles read per thread, 512
 * happenings kept, 64 yearless dates tried and 16 relations per article.
 */
#ifndef TD_CORE_RELATE_H
#define TD_CORE_RELATE_H

#include "core/db.h"
#include "core/redate.h"

/* Narrows the intervals of items' loose articles from their threads
 * (items carry story and thread). Changed items get related = 1 and their
 * new lo, hi, confidence (and day when the interval is narrow enough to
 * name one); settled items lend their dates but are not narrowed. Reads
 * articles through s; writes nothing. *changed counts the items narrowed. */
td_status td_core_relate(td_store *s, td_redate_item *items, size_t n, size_t *changed);

#endif
