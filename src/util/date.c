/*
 * date.c -- a small scanner for the date formats news metadata uses.
 *
 * Written by hand because strptime() takes one fixed format per call and
 * knows nothing of time zone names, and feeds mix ISO 8601, RFC 822 with
 * zone names, and written-out dates freely.
 */
#include "util/date.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

static const char *const month_names[12] = {
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december"};

typedef struct scan {
    const char *s;
    size_t n, i;
} scan;

static void skip_space(scan *c)
{
    while (c->i < c->n && (isspace((unsigned char)c->s[c->i]) || c->s[c->i] == ','))
        c->i++;
}

/* Reads 1..maxd digits; returns -1 when there are none. */
static int digits(scan *c, int mind, int maxd)
{
    int v = 0, k = 0;
    while (c->i < c->n && k < maxd && isdigit((unsigned char)c->s[c->i])) {
        v = v * 10 + (c->s[c->i++] - '0');
        k++;
    }
    return k >= mind ? v : -1;
}

static int word(scan *c, char *out, size_t cap)
{
    size_t k = 0;
    while (c->i < c->n && isalpha((unsigned char)c->s[c->i])) {
        if (k + 1 < cap) out[k++] = (char)tolower((unsigned char)c->s[c->i]);
        c->i++;
    }
    out[k] = '\0';
    return (int)k;
}

/* 1..12 for a month name or its 3+ letter abbreviation ("Sept" too). */
static int month_from(const char *w)
{
    size_t l = strlen(w);
    if (l < 3) return 0;
    for (int m = 0; m < 12; m++)
        if (strncmp(month_names[m], w, l) == 0) return m + 1;
    if (strcmp(w, "sept") == 0) return 9;
    return 0;
}

static int is_weekday(const char *w)
{
    static const char *const days[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
    for (int d = 0; d < 7; d++)
        if (strncmp(w, days[d], 3) == 0) return 1;
    return 0;
}

static int days_in(int y, int m)
{
    static const int dm[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 29;
    return dm[m - 1];
}

/* Offset in minutes east of UTC for a zone name; 1 when recognised. */
static int zone_name(const char *w, int *off)
{
    static const struct { const char *n; int off; } zones[] = {
        {"gmt", 0}, {"ut", 0}, {"utc", 0}, {"z", 0},
        {"est", -300}, {"edt", -240}, {"cst", -360}, {"cdt", -300},
        {"mst", -420}, {"mdt", -360}, {"pst", -480}, {"pdt", -420},
        {"bst", 60}, {"cet", 60}, {"cest", 120}, {"eet", 120}, {"eest", 180},
        {"ist", 330}, {"jst", 540}, {"aest", 600}};
    for (size_t k = 0; k < sizeof zones / sizeof zones[0]; k++)
        if (strcmp(w, zones[k].n) == 0) {
            *off = zones[k].off;
            return 1;
        }
    return 0;
}

/* [T| ]HH:MM[:SS[.fff]] [zone]. Returns 1 when a time was read. */
static int read_time(scan *c, int *h, int *mi, int *se, int *off, int *has_zone)
{
    size_t save = c->i;
    if (c->i < c->n && (c->s[c->i] == 'T' || c->s[c->i] == 't')) c->i++;
    else skip_space(c);
    *h = digits(c, 1, 2);
    if (*h < 0 || c->i >= c->n || c->s[c->i] != ':') {
        c->i = save;
        return 0;
    }
    c->i++;
    *mi = digits(c, 2, 2);
    if (*mi < 0) {
        c->i = save;
        return 0;
    }
    *se = 0;
    if (c->i < c->n && c->s[c->i] == ':') {
        c->i++;
        *se = digits(c, 2, 2);
        if (*se < 0) *se = 0;
        if (c->i < c->n && (c->s[c->i] == '.' || c->s[c->i] == ',')) {
            c->i++;
            digits(c, 1, 9);
        }
    }
    if (*h > 23 || *mi > 59 || *se > 60) return -1;
    /* am/pm */
    size_t before = c->i;
    skip_space(c);
    char w[8];
    size_t wstart = c->i;
    if (word(c, w, sizeof w)) {
        if (strcmp(w, "pm") == 0 && *h < 12) *h += 12;
        else if (strcmp(w, "am") == 0 && *h == 12) *h = 0;
        else if (strcmp(w, "am") != 0 && strcmp(w, "pm") != 0) c->i = wstart;
    } else {
        c->i = before;
    }
    *has_zone = 0;
    *off = 0;
    skip_space(c);
    if (c->i < c->n && (c->s[c->i] == '+' || c->s[c->i] == '-')) {
        int sign = c->s[c->i] == '-' ? -1 : 1;
        c->i++;
        int zh = digits(c, 2, 2), zm = 0;
        if (zh < 0) return 1;
        if (c->i < c->n && c->s[c->i] == ':') c->i++;
        zm = digits(c, 2, 2);
        if (zm < 0) zm = 0;
        *off = sign * (zh * 60 + zm);
        *has_zone = 1;
    } else if (c->i < c->n && (c->s[c->i] == 'Z' || c->s[c->i] == 'z') &&
               (c->i + 1 == c->n || !isalpha((unsigned char)c->s[c->i + 1]))) {
        c->i++;
        *has_zone = 1;
    } else {
        char z[8];
        size_t zs = c->i;
        if (word(c, z, sizeof z) && zone_name(z, off)) *has_zone = 1;
        else c->i = zs;
    }
    return 1;
}

static char *format(td_arena *a, int y, int m, int d, int has_time, int h, int mi,
                    int se, int off)
{
    if (y < 1800 || y > 2200 || m < 1 || m > 12 || d < 1 || d > days_in(y, m)) return NULL;
    if (!has_time) return td_arena_printf(a, "%04d-%02d-%02d", y, m, d);
    struct tm tm = {0};
    tm.tm_year = y - 1900;
    tm.tm_mon = m - 1;
    tm.tm_mday = d;
    tm.tm_hour = h;
    tm.tm_min = mi;
    tm.tm_sec = se > 59 ? 59 : se;
    time_t t = timegm(&tm) - (time_t)off * 60;
    struct tm u;
    gmtime_r(&t, &u);
    return td_arena_printf(a, "%04d-%02d-%02dT%02d:%02d:%02dZ", u.tm_year + 1900,
                           u.tm_mon + 1, u.tm_mday, u.tm_hour, u.tm_min, u.tm_sec);
}

char *td_date_parse(td_arena *a, const char *s, size_t n)
{
    if (!s) return NULL;
    scan c = {s, n, 0};
    skip_space(&c);
    int y = -1, m = -1, d = -1;
    char w[16];

    /* A leading weekday: "Fri, 17 May 2024" or "Friday May 17". */
    size_t ws = c.i;
    if (word(&c, w, sizeof w)) {
        if (is_weekday(w)) {
            skip_space(&c);
        } else {
            c.i = ws;
        }
    }

    if (c.i < c.n && isdigit((unsigned char)c.s[c.i])) {
        size_t start = c.i;
        int v = digits(&c, 1, 8);
        if (c.i - start == 4 && c.i < c.n && (c.s[c.i] == '-' || c.s[c.i] == '/' ||
                                               c.s[c.i] == '.')) {
            /* ISO 8601 and its slash variant: 2024-05-17 */
            char sep = c.s[c.i++];
            y = v;
            m = digits(&c, 1, 2);
            if (m < 0 || c.i >= c.n || c.s[c.i] != sep) return NULL;
            c.i++;
            d = digits(&c, 1, 2);
            if (d < 0) return NULL;
        } else if (c.i - start == 8 && (c.i == c.n || !isdigit((unsigned char)c.s[c.i]))) {
            /* Compact 20240517 */
            y = v / 10000;
            m = v / 100 % 100;
            d = v % 100;
            (void)0;
        } else if (c.i - start <= 2) {
            /* 17 May 2024 */
            d = v;
            skip_space(&c);
            if (c.i < c.n && (c.s[c.i] == '-' || c.s[c.i] == '.')) c.i++;
            if (!word(&c, w, sizeof w) || !(m = month_from(w))) return NULL;
            skip_space(&c);
            if (c.i < c.n && (c.s[c.i] == '-' || c.s[c.i] == '.')) c.i++;
            y = digits(&c, 4, 4);
            if (y < 0) return NULL;
        } else {
            return NULL;
        }
    } else if (word(&c, w, sizeof w) && (m = month_from(w))) {
        /* May 17, 2024 */
        if (c.i < c.n && c.s[c.i] == '.') c.i++;
        skip_space(&c);
        d = digits(&c, 1, 2);
        if (d < 0) return NULL;
        /* ordinal suffix: 17th */
        word(&c, w, sizeof w);
        skip_space(&c);
        y = digits(&c, 4, 4);
        if (y < 0) return NULL;
    } else {
        return NULL;
    }

    int h = 0, mi = 0, se = 0, off = 0, has_zone = 0;
    int t = read_time(&c, &h, &mi, &se, &off, &has_zone);
    if (t < 0) return NULL;
    /* Hours without a zone are treated as UTC: the date is what matters,
     * and a guess about local time would be no better. */
    return format(a, y, m, d, t == 1, h, mi, se, off);
}

long td_days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void td_civil_from_days(long z, int *y, int *m, int *d)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

/* 1970-01-01 was a Thursday. */
int td_weekday_of(long z) { return (int)(((z % 7) + 7 + 3) % 7) + 1; }

int td_leap_year(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int td_days_in_month(int y, int m)
{
    static const int dm[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && td_leap_year(y) ? 29 : dm[m - 1];
}

int td_date_day(const char *s, long *out)
{
    int y, m, d;
    if (!s || sscanf(s, "%4d-%2d-%2d", &y, &m, &d) != 3 || m < 1 || m > 12 || d < 1 || d > 31)
        return 0;
    *out = td_days_from_civil(y, m, d);
    return 1;
}

void td_date_format_day(long z, char out[11])
{
    int y, m, d;
    td_civil_from_days(z, &y, &m, &d);
    if (y < 0 || y > 9999) y = y < 0 ? 0 : 9999;
    /* by hand: relating dates formats a day for each of thousands of
     * days an article, and snprintf cost twenty times this */
    out[0] = (char)('0' + y / 1000), out[1] = (char)('0' + y / 100 % 10);
    out[2] = (char)('0' + y / 10 % 10), out[3] = (char)('0' + y % 10);
    out[4] = '-', out[5] = (char)('0' + m / 10), out[6] = (char)('0' + m % 10);
    out[7] = '-', out[8] = (char)('0' + d / 10), out[9] = (char)('0' + d % 10);
    out[10] = '\0';
}

long td_date_span_days(const char *lo, const char *hi)
{
    long a, b;
    if (!td_date_day(lo, &a) || !td_date_day(hi, &b)) return 1L << 30;
    return b - a;
}

static int by_day(const void *a, const void *b)
{
    long x = *(const long *)a, y = *(const long *)b;
    return (x > y) - (x < y);
}

size_t td_date_agreed(long *lo, long *hi, size_t n, long *from, long *to)
{
    /* A sweep over first days and last days, each sorted on its own: at a
     * first day p, the intervals holding p are those begun by p less those
     * ended before it. The deepest span begins at such a p and ends at the
     * first last day from p on, which is a holding interval's: an interval
     * begun after p and ended before them would hold a deeper span. */
    if (!n) return 0;
    qsort(lo, n, sizeof *lo, by_day);
    qsort(hi, n, sizeof *hi, by_day);
    size_t best = 0, j = 0;
    for (size_t i = 0; i < n; i++) {
        if (i + 1 < n && lo[i + 1] == lo[i]) continue; /* the last of equal first days */
        while (hi[j] < lo[i]) j++; /* stops: the interval begun at lo[i] ends on or after it */
        size_t depth = i + 1 - j;
        if (depth > best) {
            best = depth;
            *from = lo[i];
            *to = hi[j];
        }
    }
    return best;
}

int64_t td_date_unix(const char *iso)
{
    if (!iso || strlen(iso) < 10) return 0;
    struct tm tm = {0};
    if (sscanf(iso, "%4d-%2d-%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday) != 3) return 0;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    if (strlen(iso) >= 19) sscanf(iso + 11, "%2d:%2d:%2d", &tm.tm_hour, &tm.tm_min, &tm.tm_sec);
    return (int64_t)timegm(&tm);
}
