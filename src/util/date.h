/*
 * date.h -- parsing the dates that feeds, pages and archives carry.
 */
#ifndef TD_DATE_H
#define TD_DATE_H

#include <stddef.h>

#include "util/arena.h"

/* Parses ISO 8601 ("2024-05-17", "2024-05-17T08:30:00+02:00"),
 * RFC 822/1123 ("Fri, 17 May 2024 08:30:00 GMT"), and written-out dates
 * ("May 17, 2024", "17 May 2024") into ISO 8601: "YYYY-MM-DD" when only the
 * day is known, "YYYY-MM-DDTHH:MM:SSZ" in UTC otherwise. Returns NULL when
 * s holds no such date or the date is impossible (month 13, Feb 30). */
char *td_date_parse(td_arena *a, const char *s, size_t n);

#endif
