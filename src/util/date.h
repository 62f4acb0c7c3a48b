/*
 * date.h -- parsing the dates that feeds, pages and archives carry.
 */
#ifndef TD_DATE_H
#define TD_DATE_H

#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"

/* Parses ISO 8601 ("2024-05-17", "2024-05-17T08:30:00+02:00"),
 * RFC 822/1123 ("Fri, 17 May 2024 08:30:00 GMT"), and written-out dates
 * ("May 17, 2024", "17 May 2024") into ISO 8601: "YYYY-MM-DD" when only the
 * day is known, "YYYY-MM-DDTHH:MM:SSZ" in UTC otherwise. Returns NULL when
 * s holds no such date or the date is impossible (month 13, Feb 30). */
char *td_date_parse(td_arena *a, const char *s, size_t n);

/* The proleptic Gregorian calendar as day numbers (days since
 * 1970-01-01, negative before), exact for any year: Howard Hinnant's
 * days-from-civil and civil-from-days arithmetic. */
long td_days_from_civil(int y, int m, int d);
void td_civil_from_days(long z, int *y, int *m, int *d);
int td_weekday_of(long z); /* 1 = Monday .. 7 = Sunday */
int td_leap_year(int y);
int td_days_in_month(int y, int m);

/* A "YYYY-MM-DD..." day as a day number into *z; 0 when s is missing or
 * unreadable. */
int td_date_day(const char *s, long *z);

/* "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:SS..." (UTC) as seconds since
 * 1970-01-01; 0 when s is NULL or does not open with a day (as for
 * 1970-01-01 itself: clustering reads 0 as no date). */
int64_t td_date_unix(const char *s);

/* Day number z as "YYYY-MM-DD" (the year clamped to 0000..9999). */
void td_date_format_day(long z, char out[11]);

/* Days from day lo to day hi (both "YYYY-MM-DD..."), or a large number
 * when either is missing or unreadable. */
long td_date_span_days(const char *lo, const char *hi);

/* Where n day intervals [lo[i], hi[i]] (day numbers, lo[i] <= hi[i])
 * agree: the span of days that the most of them hold, into *from and *to
 * (the earliest such span when two are held by as many). Returns how many
 * hold it; 0 when n is 0. Sorts lo and hi in place, each on its own. */
size_t td_date_agreed(long *lo, long *hi, size_t n, long *from, long *to);

/* An inferred date interval no wider than this names a day (its most
 * likely one); a wider one is kept as an interval only. */
#define TD_DATE_NARROW_DAYS 92

#endif
