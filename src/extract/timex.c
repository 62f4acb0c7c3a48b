/*
 * timex.c -- time expressions: find, type and normalise (TIMEX3).
 *
 * A hand-written scanner rather than PCRE2 patterns: the work is not
 * matching strings but reading small phrases ("the past three months",
 * "Monday, Oct. 30", "the year-earlier quarter") into values, and a
 * grammar over tokens does both at once -- each rule knows what it read.
 * It runs in one left-to-right pass over a fixed window of tokens, so
 * time is linear and memory is bounded whatever the input.
 *
 * The file reads top-down:
 *   1. calendar arithmetic (days since 1970, ISO weeks);
 *   2. the lexicon: every word the grammar knows, with its roles;
 *   3. the tokenizer and its window;
 *   4. the grammar: one function per kind of phrase, each filling a
 *      `mt` (match) with the parts of the value it read and a recipe
 *      for the parts it did not (the year of "April 13", the week of
 *      "last week");
 *   5. normalisation: resolve() -- every rule that turns a recipe into
 *      a value against the anchor or the discourse is in that one
 *      function -- and format_tv();
 *   6. the driver, td_timex_find.
 */
#include "extract/timex.h"
#include "util/date.h"
#include "util/lexhash.h"
#include "util/text.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- 1. Calendar --------------------------------------------------------- */

/* ISO 8601 week-numbering year and week of a day. */
static void iso_week(long z, int *wy, int *wn)
{
    long thu = z - (td_weekday_of(z) - 1) + 3; /* the Thursday of its week */
    int y, m, d;
    td_civil_from_days(thu, &y, &m, &d);
    *wy = y;
    *wn = (int)((thu - td_days_from_civil(y, 1, 1)) / 7) + 1;
}

/* The Monday of ISO week wn of week-year wy. */
static long iso_week_monday(int wy, int wn)
{
    long jan4 = td_days_from_civil(wy, 1, 4);
    return jan4 - (td_weekday_of(jan4) - 1) + 7L * (wn - 1);
}

/* Easter Sunday (anonymous Gregorian algorithm). */
static long easter(int y)
{
    int a = y % 19, b = y / 100, c = y % 100, d = b / 4, e = b % 4;
    int f = (b + 8) / 25, g = (b - f + 1) / 3, h = (19 * a + b - d - g + 15) % 30;
    int i = c / 4, k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7;
    int m = (a + 11 * h + 22 * l) / 451;
    int month = (h + l - 7 * m + 114) / 31, day = (h + l - 7 * m + 114) % 31 + 1;
    return td_days_from_civil(y, month, day);
}

/* ---- 2. Lexicon ---------------------------------------------------------- */

/* Roles a word can play. A word may have several (“second” is an ordinal
 * and a unit; “may” a month and a verb), so the table holds one row per
 * role and a token collects them all. */
enum {
    LX_KW = 1, /* a keyword: value is a W_* id */
    LX_CARD,   /* cardinal number word: one .. ninety */
    LX_SCALE,  /* hundred, thousand, million, billion */
    LX_ORD,    /* ordinal: first .. thirty-first, hundredth */
    LX_MONTH,  /* month name: 1..12 */
    LX_MABBR,  /* month abbreviation: jan, sept, ... */
    LX_WDAY,   /* weekday: 1..7 */
    LX_WABBR,  /* weekday abbreviation */
    LX_WDAYS,  /* plural weekday ("on Fridays") */
    LX_UNIT,   /* time unit, singular: U_* */
    LX_UNITS,  /* time unit, plural */
    LX_SEASON, /* 1 spring, 2 summer, 3 fall, 4 winter */
    LX_SEASONS,
    LX_POD,    /* part of day: P_* */
    LX_PODS,   /* plural ("mornings") */
    LX_HOL,    /* holiday: H_* */
    LX_ZONE,   /* time zone abbreviation */
    LX_SETADV, /* daily, weekly, ...: U_* */
    LX_DECW    /* decade word: "nineties" = 9 */
};

/* Units; the first ones match TD_TIMEX_U_*. */
enum {
    U_NONE = 0, U_SEC, U_MIN, U_HOUR, U_DAY, U_WEEK, U_MONTH, U_QUARTER,
    U_HALF, U_YEAR, U_DECADE, U_CENTURY,
    U_FORTNIGHT, U_WEEKEND, U_MILLENNIUM
};

enum { P_NONE = 0, P_MO, P_AF, P_EV, P_NI, P_MI, P_DT };

enum { H_NONE = 0, H_CHRISTMAS, H_HALLOWEEN, H_THANKSGIVING, H_EASTER,
       H_VALENTINE, H_NEWYEAR, H_INDEPENDENCE, H_LABOR, H_MEMORIAL, H_ELECTION,
       H_BLACKFRIDAY, H_EARTH, H_PATRICK, H_JUNETEENTH };

/* Keywords. */
enum {
    W_NONE = 0,
    W_A, W_ABOUT, W_ADDITIONAL, W_AFTER, W_AGO, W_AHEAD, W_ALMOST, W_AM, W_AN, W_AND,
    W_ANOTHER, W_APPROXIMATELY, W_ARE, W_AROUND, W_AS, W_AT, W_BEFORE, W_BEGINNING,
    W_BI, W_BLACK, W_BUSINESS, W_BY, W_CALENDAR, W_CLOCK, W_COMING, W_COMPARABLE,
    W_CONSECUTIVE, W_CORRESPONDING, W_COUPLE, W_CURRENT, W_CURRENTLY, W_DATE, W_DISTANT,
    W_DOZEN, W_DUE, W_DURING, W_EACH, W_EARLIER, W_EARLY, W_EARTH, W_END, W_ENDED,
    W_ENTIRE, W_EVE, W_EVERY, W_EXPECT, W_FEW, W_FINAL, W_FISCAL, W_FOLLOWING, W_FOR,
    W_FORESEEABLE, W_FROM, W_FULL, W_FUTURE, W_FY, W_GOING, W_H, W_HALF, W_HENCE, W_HER,
    W_HIS, W_IMMEDIATE, W_IN, W_INITIAL, W_INTO, W_IS, W_ITS, W_JUST, W_LAST, W_LATE,
    W_LATELY, W_LATER, W_LATEST, W_LEAST, W_LESS, W_LIKELY, W_LL, W_LONG, W_M, W_MANY,
    W_MID, W_MIDDLE, W_MIDNIGHT, W_MOMENT, W_MORE, W_MOST, W_NEAR, W_NEARLY, W_NEW,
    W_NEXT, W_NO, W_NOON, W_NOW, W_NOWADAYS, W_O, W_OCLOCK, W_OF, W_OLD, W_ON, W_ONCE,
    W_OR, W_OTHER, W_OUR, W_OVER, W_P, W_PAST, W_PASTV, W_PATRICK, W_PER, W_PERIOD,
    W_PLAN, W_PM, W_POSSIBLE, W_POST, W_PRE, W_PRESENT, W_PREVIOUS, W_PRIOR, W_Q,
    W_RECENT, W_RECENTLY, W_ROUGHLY, W_S, W_SAINT, W_SAME, W_SCHEDULED, W_SEMI, W_SET,
    W_SEVERAL, W_SHALL, W_SHORT, W_SINCE, W_SO, W_SOME, W_SOON, W_ST, W_START,
    W_STRAIGHT, W_TERM, W_THAN, W_THAT, W_THE, W_THEIR, W_THESE, W_THIS, W_THOSE,
    W_THRICE, W_THROUGH, W_THROUGHOUT, W_TILL, W_TIME, W_TIMES, W_TO, W_TODAY,
    W_TOMORROW, W_TONIGHT, W_TRADING, W_TURN, W_TWICE, W_UNDER, W_UNTIL, W_UP,
    W_UPCOMING, W_WELL, W_WHOLE, W_WILL, W_WITHIN, W_WORKING, W_WOULD, W_YESTERDAY,
};

typedef struct lexrow {
    const char *w;
    unsigned char kind;
    unsigned char val;
} lexrow;

/* Kept sorted in byte order (LC_ALL=C) for the binary search; a word
 * with several roles has adjacent rows. */
static const lexrow lexicon[] = {
    {"a", LX_KW, W_A},
    {"about", LX_KW, W_ABOUT},
    {"additional", LX_KW, W_ADDITIONAL},
    {"after", LX_KW, W_AFTER},
    {"afternoon", LX_POD, P_AF},
    {"afternoons", LX_PODS, P_AF},
    {"ago", LX_KW, W_AGO},
    {"ahead", LX_KW, W_AHEAD},
    {"almost", LX_KW, W_ALMOST},
    {"am", LX_KW, W_AM},
    {"an", LX_KW, W_AN},
    {"and", LX_KW, W_AND},
    {"annually", LX_SETADV, U_YEAR},
    {"another", LX_KW, W_ANOTHER},
    {"approximately", LX_KW, W_APPROXIMATELY},
    {"apr", LX_MABBR, 4},
    {"april", LX_MONTH, 4},
    {"are", LX_KW, W_ARE},
    {"around", LX_KW, W_AROUND},
    {"as", LX_KW, W_AS},
    {"at", LX_KW, W_AT},
    {"aug", LX_MABBR, 8},
    {"august", LX_MONTH, 8},
    {"autumn", LX_SEASON, 3},
    {"autumns", LX_SEASONS, 3},
    {"became", LX_KW, W_PASTV},
    {"before", LX_KW, W_BEFORE},
    {"began", LX_KW, W_PASTV},
    {"beginning", LX_KW, W_BEGINNING},
    {"bi", LX_KW, W_BI},
    {"biannually", LX_SETADV, U_HALF},
    {"billion", LX_SCALE, 9},
    {"black", LX_KW, W_BLACK},
    {"bought", LX_KW, W_PASTV},
    {"broke", LX_KW, W_PASTV},
    {"brought", LX_KW, W_PASTV},
    {"bst", LX_ZONE, 1},
    {"business", LX_KW, W_BUSINESS},
    {"by", LX_KW, W_BY},
    {"calendar", LX_KW, W_CALENDAR},
    {"came", LX_KW, W_PASTV},
    {"caught", LX_KW, W_PASTV},
    {"cdt", LX_ZONE, 1},
    {"centuries", LX_UNITS, U_CENTURY},
    {"century", LX_UNIT, U_CENTURY},
    {"cet", LX_ZONE, 1},
    {"chose", LX_KW, W_PASTV},
    {"christmas", LX_HOL, H_CHRISTMAS},
    {"clock", LX_KW, W_CLOCK},
    {"coming", LX_KW, W_COMING},
    {"comparable", LX_KW, W_COMPARABLE},
    {"consecutive", LX_KW, W_CONSECUTIVE},
    {"corresponding", LX_KW, W_CORRESPONDING},
    {"couple", LX_KW, W_COUPLE},
    {"cst", LX_ZONE, 1},
    {"current", LX_KW, W_CURRENT},
    {"currently", LX_KW, W_CURRENTLY},
    {"daily", LX_SETADV, U_DAY},
    {"date", LX_KW, W_DATE},
    {"dawn", LX_POD, P_MO},
    {"day", LX_UNIT, U_DAY},
    {"days", LX_UNITS, U_DAY},
    {"dec", LX_MABBR, 12},
    {"decade", LX_UNIT, U_DECADE},
    {"decades", LX_UNITS, U_DECADE},
    {"december", LX_MONTH, 12},
    {"did", LX_KW, W_PASTV},
    {"distant", LX_KW, W_DISTANT},
    {"dozen", LX_KW, W_DOZEN},
    {"drove", LX_KW, W_PASTV},
    {"due", LX_KW, W_DUE},
    {"during", LX_KW, W_DURING},
    {"each", LX_KW, W_EACH},
    {"earlier", LX_KW, W_EARLIER},
    {"early", LX_KW, W_EARLY},
    {"earth", LX_KW, W_EARTH},
    {"easter", LX_HOL, H_EASTER},
    {"edt", LX_ZONE, 1},
    {"eight", LX_CARD, 8},
    {"eighteen", LX_CARD, 18},
    {"eighteenth", LX_ORD, 18},
    {"eighth", LX_ORD, 8},
    {"eighties", LX_DECW, 8},
    {"eighty", LX_CARD, 80},
    {"election", LX_HOL, H_ELECTION},
    {"eleven", LX_CARD, 11},
    {"eleventh", LX_ORD, 11},
    {"end", LX_KW, W_END},
    {"ended", LX_KW, W_ENDED},
    {"ending", LX_KW, W_ENDED},
    {"entire", LX_KW, W_ENTIRE},
    {"est", LX_ZONE, 1},
    {"eve", LX_KW, W_EVE},
    {"evening", LX_POD, P_EV},
    {"evenings", LX_PODS, P_EV},
    {"every", LX_KW, W_EVERY},
    {"expect", LX_KW, W_EXPECT},
    {"expected", LX_KW, W_EXPECT},
    {"expects", LX_KW, W_EXPECT},
    {"fall", LX_SEASON, 3},
    {"feb", LX_MABBR, 2},
    {"february", LX_MONTH, 2},
    {"fell", LX_KW, W_PASTV},
    {"felt", LX_KW, W_PASTV},
    {"few", LX_KW, W_FEW},
    {"fifteen", LX_CARD, 15},
    {"fifteenth", LX_ORD, 15},
    {"fifth", LX_ORD, 5},
    {"fifties", LX_DECW, 5},
    {"fifty", LX_CARD, 50},
    {"final", LX_KW, W_FINAL},
    {"first", LX_ORD, 1},
    {"fiscal", LX_KW, W_FISCAL},
    {"five", LX_CARD, 5},
    {"flew", LX_KW, W_PASTV},
    {"following", LX_KW, W_FOLLOWING},
    {"for", LX_KW, W_FOR},
    {"forecast", LX_KW, W_EXPECT},
    {"foreseeable", LX_KW, W_FORESEEABLE},
    {"fortieth", LX_ORD, 40},
    {"fortnight", LX_UNIT, U_FORTNIGHT},
    {"fortnightly", LX_SETADV, U_FORTNIGHT},
    {"fortnights", LX_UNITS, U_FORTNIGHT},
    {"forty", LX_CARD, 40},
    {"fought", LX_KW, W_PASTV},
    {"found", LX_KW, W_PASTV},
    {"four", LX_CARD, 4},
    {"fourteen", LX_CARD, 14},
    {"fourteenth", LX_ORD, 14},
    {"fourth", LX_ORD, 4},
    {"fri", LX_WABBR, 5},
    {"friday", LX_WDAY, 5},
    {"fridays", LX_WDAYS, 5},
    {"from", LX_KW, W_FROM},
    {"full", LX_KW, W_FULL},
    {"future", LX_KW, W_FUTURE},
    {"fy", LX_KW, W_FY},
    {"gave", LX_KW, W_PASTV},
    {"gmt", LX_ZONE, 1},
    {"going", LX_KW, W_GOING},
    {"got", LX_KW, W_PASTV},
    {"grew", LX_KW, W_PASTV},
    {"h", LX_KW, W_H},
    {"had", LX_KW, W_PASTV},
    {"half", LX_KW, W_HALF},
    {"halloween", LX_HOL, H_HALLOWEEN},
    {"held", LX_KW, W_PASTV},
    {"hence", LX_KW, W_HENCE},
    {"her", LX_KW, W_HER},
    {"his", LX_KW, W_HIS},
    {"hit", LX_KW, W_PASTV},
    {"hour", LX_UNIT, U_HOUR},
    {"hourly", LX_SETADV, U_HOUR},
    {"hours", LX_UNITS, U_HOUR},
    {"hr", LX_UNIT, U_HOUR},
    {"hrs", LX_UNITS, U_HOUR},
    {"hundred", LX_SCALE, 2},
    {"hundredth", LX_ORD, 100},
    {"immediate", LX_KW, W_IMMEDIATE},
    {"in", LX_KW, W_IN},
    {"independence", LX_HOL, H_INDEPENDENCE},
    {"initial", LX_KW, W_INITIAL},
    {"into", LX_KW, W_INTO},
    {"is", LX_KW, W_IS},
    {"its", LX_KW, W_ITS},
    {"jan", LX_MABBR, 1},
    {"january", LX_MONTH, 1},
    {"jul", LX_MABBR, 7},
    {"july", LX_MONTH, 7},
    {"jun", LX_MABBR, 6},
    {"june", LX_MONTH, 6},
    {"juneteenth", LX_HOL, H_JUNETEENTH},
    {"just", LX_KW, W_JUST},
    {"kept", LX_KW, W_PASTV},
    {"knew", LX_KW, W_PASTV},
    {"labor", LX_HOL, H_LABOR},
    {"last", LX_KW, W_LAST},
    {"late", LX_KW, W_LATE},
    {"lately", LX_KW, W_LATELY},
    {"later", LX_KW, W_LATER},
    {"latest", LX_KW, W_LATEST},
    {"least", LX_KW, W_LEAST},
    {"led", LX_KW, W_PASTV},
    {"left", LX_KW, W_PASTV},
    {"less", LX_KW, W_LESS},
    {"likely", LX_KW, W_LIKELY},
    {"ll", LX_KW, W_LL},
    {"long", LX_KW, W_LONG},
    {"lost", LX_KW, W_PASTV},
    {"m", LX_KW, W_M},
    {"made", LX_KW, W_PASTV},
    {"many", LX_KW, W_MANY},
    {"mar", LX_MABBR, 3},
    {"march", LX_MONTH, 3},
    {"may", LX_MONTH, 5},
    {"mdt", LX_ZONE, 1},
    {"meant", LX_KW, W_PASTV},
    {"memorial", LX_HOL, H_MEMORIAL},
    {"met", LX_KW, W_PASTV},
    {"mid", LX_KW, W_MID},
    {"midday", LX_POD, P_MI},
    {"middle", LX_KW, W_MIDDLE},
    {"midnight", LX_KW, W_MIDNIGHT},
    {"midyear", LX_KW, W_MID},
    {"millennia", LX_UNITS, U_MILLENNIUM},
    {"millennium", LX_UNIT, U_MILLENNIUM},
    {"million", LX_SCALE, 6},
    {"min", LX_UNIT, U_MIN},
    {"mins", LX_UNITS, U_MIN},
    {"minute", LX_UNIT, U_MIN},
    {"minutes", LX_UNITS, U_MIN},
    {"moment", LX_KW, W_MOMENT},
    {"mon", LX_WABBR, 1},
    {"monday", LX_WDAY, 1},
    {"mondays", LX_WDAYS, 1},
    {"month", LX_UNIT, U_MONTH},
    {"monthly", LX_SETADV, U_MONTH},
    {"months", LX_UNITS, U_MONTH},
    {"more", LX_KW, W_MORE},
    {"morning", LX_POD, P_MO},
    {"mornings", LX_PODS, P_MO},
    {"most", LX_KW, W_MOST},
    {"mst", LX_ZONE, 1},
    {"nd", LX_KW, W_ST},
    {"near", LX_KW, W_NEAR},
    {"nearly", LX_KW, W_NEARLY},
    {"new", LX_KW, W_NEW},
    {"next", LX_KW, W_NEXT},
    {"night", LX_POD, P_NI},
    {"nightly", LX_SETADV, U_NONE},
    {"nights", LX_PODS, P_NI},
    {"nine", LX_CARD, 9},
    {"nineteen", LX_CARD, 19},
    {"nineteenth", LX_ORD, 19},
    {"nineties", LX_DECW, 9},
    {"ninety", LX_CARD, 90},
    {"ninth", LX_ORD, 9},
    {"no", LX_KW, W_NO},
    {"noon", LX_KW, W_NOON},
    {"nov", LX_MABBR, 11},
    {"november", LX_MONTH, 11},
    {"now", LX_KW, W_NOW},
    {"nowadays", LX_KW, W_NOWADAYS},
    {"o", LX_KW, W_O},
    {"oclock", LX_KW, W_OCLOCK},
    {"oct", LX_MABBR, 10},
    {"october", LX_MONTH, 10},
    {"of", LX_KW, W_OF},
    {"old", LX_KW, W_OLD},
    {"on", LX_KW, W_ON},
    {"once", LX_KW, W_ONCE},
    {"one", LX_CARD, 1},
    {"or", LX_KW, W_OR},
    {"other", LX_KW, W_OTHER},
    {"our", LX_KW, W_OUR},
    {"over", LX_KW, W_OVER},
    {"p", LX_KW, W_P},
    {"paid", LX_KW, W_PASTV},
    {"past", LX_KW, W_PAST},
    {"patrick", LX_KW, W_PATRICK},
    {"pdt", LX_ZONE, 1},
    {"per", LX_KW, W_PER},
    {"period", LX_KW, W_PERIOD},
    {"plan", LX_KW, W_PLAN},
    {"planned", LX_KW, W_PLAN},
    {"planning", LX_KW, W_PLAN},
    {"plans", LX_KW, W_PLAN},
    {"pm", LX_KW, W_PM},
    {"possible", LX_KW, W_POSSIBLE},
    {"post", LX_KW, W_POST},
    {"pre", LX_KW, W_PRE},
    {"present", LX_KW, W_PRESENT},
    {"previous", LX_KW, W_PREVIOUS},
    {"prior", LX_KW, W_PRIOR},
    {"pst", LX_ZONE, 1},
    {"q", LX_KW, W_Q},
    {"quarter", LX_UNIT, U_QUARTER},
    {"quarters", LX_UNITS, U_QUARTER},
    {"ran", LX_KW, W_PASTV},
    {"rd", LX_KW, W_ST},
    {"recent", LX_KW, W_RECENT},
    {"recently", LX_KW, W_RECENTLY},
    {"rose", LX_KW, W_PASTV},
    {"roughly", LX_KW, W_ROUGHLY},
    {"s", LX_KW, W_S},
    {"said", LX_KW, W_PASTV},
    {"saint", LX_KW, W_SAINT},
    {"same", LX_KW, W_SAME},
    {"sat", LX_WABBR, 6},
    {"sat", LX_KW, W_PASTV},
    {"saturday", LX_WDAY, 6},
    {"saturdays", LX_WDAYS, 6},
    {"saw", LX_KW, W_PASTV},
    {"scheduled", LX_KW, W_SCHEDULED},
    {"sec", LX_UNIT, U_SEC},
    {"second", LX_ORD, 2},
    {"second", LX_UNIT, U_SEC},
    {"seconds", LX_UNITS, U_SEC},
    {"secs", LX_UNITS, U_SEC},
    {"semi", LX_KW, W_SEMI},
    {"semiannually", LX_SETADV, U_HALF},
    {"sent", LX_KW, W_PASTV},
    {"sep", LX_MABBR, 9},
    {"sept", LX_MABBR, 9},
    {"september", LX_MONTH, 9},
    {"set", LX_KW, W_SET},
    {"seven", LX_CARD, 7},
    {"seventeen", LX_CARD, 17},
    {"seventeenth", LX_ORD, 17},
    {"seventh", LX_ORD, 7},
    {"seventies", LX_DECW, 7},
    {"seventy", LX_CARD, 70},
    {"several", LX_KW, W_SEVERAL},
    {"shall", LX_KW, W_SHALL},
    {"short", LX_KW, W_SHORT},
    {"since", LX_KW, W_SINCE},
    {"six", LX_CARD, 6},
    {"sixteen", LX_CARD, 16},
    {"sixteenth", LX_ORD, 16},
    {"sixth", LX_ORD, 6},
    {"sixties", LX_DECW, 6},
    {"sixty", LX_CARD, 60},
    {"so", LX_KW, W_SO},
    {"sold", LX_KW, W_PASTV},
    {"some", LX_KW, W_SOME},
    {"soon", LX_KW, W_SOON},
    {"sought", LX_KW, W_PASTV},
    {"spent", LX_KW, W_PASTV},
    {"spoke", LX_KW, W_PASTV},
    {"spring", LX_SEASON, 1},
    {"springs", LX_SEASONS, 1},
    {"st", LX_KW, W_ST},
    {"start", LX_KW, W_START},
    {"stood", LX_KW, W_PASTV},
    {"straight", LX_KW, W_STRAIGHT},
    {"struck", LX_KW, W_PASTV},
    {"summer", LX_SEASON, 2},
    {"summers", LX_SEASONS, 2},
    {"sun", LX_WABBR, 7},
    {"sunday", LX_WDAY, 7},
    {"sundays", LX_WDAYS, 7},
    {"ten", LX_CARD, 10},
    {"tenth", LX_ORD, 10},
    {"term", LX_KW, W_TERM},
    {"th", LX_KW, W_ST},
    {"than", LX_KW, W_THAN},
    {"thanksgiving", LX_HOL, H_THANKSGIVING},
    {"that", LX_KW, W_THAT},
    {"the", LX_KW, W_THE},
    {"their", LX_KW, W_THEIR},
    {"these", LX_KW, W_THESE},
    {"third", LX_ORD, 3},
    {"thirteen", LX_CARD, 13},
    {"thirteenth", LX_ORD, 13},
    {"thirties", LX_DECW, 3},
    {"thirtieth", LX_ORD, 30},
    {"thirty", LX_CARD, 30},
    {"this", LX_KW, W_THIS},
    {"those", LX_KW, W_THOSE},
    {"thought", LX_KW, W_PASTV},
    {"thousand", LX_SCALE, 3},
    {"three", LX_CARD, 3},
    {"threw", LX_KW, W_PASTV},
    {"thrice", LX_KW, W_THRICE},
    {"through", LX_KW, W_THROUGH},
    {"throughout", LX_KW, W_THROUGHOUT},
    {"thu", LX_WABBR, 4},
    {"thur", LX_WABBR, 4},
    {"thurs", LX_WABBR, 4},
    {"thursday", LX_WDAY, 4},
    {"thursdays", LX_WDAYS, 4},
    {"till", LX_KW, W_TILL},
    {"time", LX_KW, W_TIME},
    {"times", LX_KW, W_TIMES},
    {"to", LX_KW, W_TO},
    {"today", LX_KW, W_TODAY},
    {"told", LX_KW, W_PASTV},
    {"tomorrow", LX_KW, W_TOMORROW},
    {"tonight", LX_KW, W_TONIGHT},
    {"took", LX_KW, W_PASTV},
    {"trading", LX_KW, W_TRADING},
    {"tue", LX_WABBR, 2},
    {"tues", LX_WABBR, 2},
    {"tuesday", LX_WDAY, 2},
    {"tuesdays", LX_WDAYS, 2},
    {"turn", LX_KW, W_TURN},
    {"twelfth", LX_ORD, 12},
    {"twelve", LX_CARD, 12},
    {"twenties", LX_DECW, 2},
    {"twentieth", LX_ORD, 20},
    {"twenty", LX_CARD, 20},
    {"twice", LX_KW, W_TWICE},
    {"two", LX_CARD, 2},
    {"under", LX_KW, W_UNDER},
    {"until", LX_KW, W_UNTIL},
    {"up", LX_KW, W_UP},
    {"upcoming", LX_KW, W_UPCOMING},
    {"utc", LX_ZONE, 1},
    {"valentine", LX_HOL, H_VALENTINE},
    {"was", LX_KW, W_PASTV},
    {"wed", LX_WABBR, 3},
    {"wednesday", LX_WDAY, 3},
    {"wednesdays", LX_WDAYS, 3},
    {"week", LX_UNIT, U_WEEK},
    {"weekend", LX_UNIT, U_WEEKEND},
    {"weekends", LX_UNITS, U_WEEKEND},
    {"weekly", LX_SETADV, U_WEEK},
    {"weeks", LX_UNITS, U_WEEK},
    {"well", LX_KW, W_WELL},
    {"went", LX_KW, W_PASTV},
    {"were", LX_KW, W_PASTV},
    {"whole", LX_KW, W_WHOLE},
    {"will", LX_KW, W_WILL},
    {"winter", LX_SEASON, 4},
    {"winters", LX_SEASONS, 4},
    {"within", LX_KW, W_WITHIN},
    {"wk", LX_UNIT, U_WEEK},
    {"wks", LX_UNITS, U_WEEK},
    {"won", LX_KW, W_PASTV},
    {"wore", LX_KW, W_PASTV},
    {"working", LX_KW, W_WORKING},
    {"would", LX_KW, W_WOULD},
    {"wrote", LX_KW, W_PASTV},
    {"year", LX_UNIT, U_YEAR},
    {"yearly", LX_SETADV, U_YEAR},
    {"years", LX_UNITS, U_YEAR},
    {"yesterday", LX_KW, W_YESTERDAY},
    {"yr", LX_UNIT, U_YEAR},
    {"yrs", LX_UNITS, U_YEAR},
    {"zero", LX_CARD, 0},
};

#define NLEX (sizeof lexicon / sizeof lexicon[0])

/* ---- 3. Tokens ----------------------------------------------------------- */

enum { K_NONE = 0, K_WORD, K_NUM, K_PUNCT };

#define HALF_SIGN 'h' /* the K_PUNCT character of U+00BD (one half) */

#define TF_SPACE 1   /* white space before the token */
#define TF_CAP 2     /* starts with an upper-case letter */
#define TF_ALLCAP 4  /* all upper case, two letters or more */
#define TF_NL 8      /* a line break before the token */
#define TF_SENT 16   /* first token of a sentence (or of a line) */

typedef struct tok {
    size_t start, end;
    unsigned char kind, flags;
    unsigned char ndig;   /* K_NUM: number of digits */
    char ch;              /* K_PUNCT: the character, dashes folded to '-' */
    long num;             /* K_NUM: value (capped at 10^15) */
    /* K_WORD: its roles, 0 when it has none */
    unsigned char w, card, scale, ord, month, mabbr, wday, wabbr, wdays;
    unsigned char unit, units, season, seasons, pod, pods, hol, zone, setadv, decw;
    unsigned char iscard; /* card is meaningful (zero is a number too) */
    unsigned char cand;   /* may start a phrase: a number or a word the
                             lexicon knows; the driver skips the rest */
} tok;

/* A window of tokens: enough for the longest phrase plus left context.
 * The driver slides it along the text, so memory does not grow with the
 * input. */
#define WIN 192
#define LOOK 40  /* the grammar never looks further ahead than this */
#define KEEP 24  /* tokens of left context kept when the window slides */

static const tok no_tok; /* what lies beyond either end: kind K_NONE */

/* The lexicon's hash table: a function of the lexicon alone, built once
 * per process and only read after that. */
static td_lexhash lex_table;
static pthread_once_t lex_once = PTHREAD_ONCE_INIT;

static void lex_build(void)
{
    for (size_t k = 0; k < NLEX; k++)
        td_lexhash_add(&lex_table, lexicon[k].w, strlen(lexicon[k].w), (unsigned)k);
}

/* The roles of lower-case word lw[0..len): the lexicon is sorted, so a
 * word's entries follow its first. */
static void lex_roles(tok *t, const char *lw, size_t len)
{
    int first = td_lexhash_find(&lex_table, lw, len);
    if (first < 0) return;
    for (size_t lo = (size_t)first;
         lo < NLEX && (lo == (size_t)first || !strcmp(lexicon[lo].w, lw)); lo++) {
        unsigned char v = lexicon[lo].val;
        switch (lexicon[lo].kind) {
        case LX_KW: t->w = v; break;
        case LX_CARD: t->card = v; t->iscard = 1; break;
        case LX_SCALE: t->scale = v; break;
        case LX_ORD: t->ord = v; break;
        case LX_MONTH: t->month = v; break;
        case LX_MABBR: t->mabbr = v; break;
        case LX_WDAY: t->wday = v; break;
        case LX_WABBR: t->wabbr = v; break;
        case LX_WDAYS: t->wdays = v; break;
        case LX_UNIT: t->unit = v; break;
        case LX_UNITS: t->units = v; break;
        case LX_SEASON: t->season = v; break;
        case LX_SEASONS: t->seasons = v; break;
        case LX_POD: t->pod = v; break;
        case LX_PODS: t->pods = v; break;
        case LX_HOL: t->hol = v; break;
        case LX_ZONE: t->zone = v; break;
        case LX_SETADV: t->setadv = v ? v : 255; break;
        case LX_DECW: t->decw = v; break;
        }
    }
}
static int is_space_cp(unsigned cp)
{
    return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' ||
           cp == '\v' || cp == 0xA0 || (cp >= 0x2000 && cp <= 0x200B) ||
           cp == 0x202F || cp == 0x205F || cp == 0x3000 || cp == 0xFEFF;
}

/* Punctuation outside ASCII that must split words: dashes, quotes,
 * ellipsis, bullets and the like (U+2010..U+205E), guillemets. */
static int is_punct_cp(unsigned cp)
{
    return (cp >= 0x2010 && cp <= 0x205E) || cp == 0xAB || cp == 0xBB ||
           cp == 0xB7 || cp == 0xBF || cp == 0xA1 || cp == 0xFFFD || cp == 0xBD ||
           (cp >= 0xA2 && cp <= 0xA5) || (cp >= 0x20A0 && cp <= 0x20CF);
}

/* Keywords that only ever follow or surround a phrase (prepositions,
 * conjunctions, the verbs the tense cues look at): no phrase starts with
 * one, so the driver need not try them. */
static int never_starts(int w)
{
    switch (w) {
    case W_IN: case W_OF: case W_ON: case W_FOR: case W_BY: case W_FROM: case W_AND:
    case W_OR: case W_PASTV: case W_IS: case W_ARE: case W_WILL: case W_WOULD: case W_SHALL:
    case W_LL: case W_SINCE: case W_UNTIL: case W_DURING: case W_THROUGH: case W_THROUGHOUT:
    case W_WITHIN: case W_INTO: case W_BEFORE: case W_AFTER: case W_THAN: case W_AGO:
    case W_EXPECT: case W_PLAN: case W_SCHEDULED: case W_DUE: case W_LIKELY: case W_GOING:
        return 1;
    }
    return 0;
}

typedef struct scanner {
    const char *s;
    size_t n, pos;
} scanner;

/* Reads the next token at sc->pos; 0 at the end of the text. */
static int scan_token(scanner *sc, tok *t)
{
    const char *s = sc->s;
    size_t n = sc->n, i = sc->pos;
    unsigned cp = 0;
    int flags = 0, newlines = 0;
    memset(t, 0, sizeof *t);
    while (i < n) {
        unsigned char b = (unsigned char)s[i];
        if (b == ' ') { /* the common case, without decoding */
            flags |= TF_SPACE;
            i++;
            continue;
        }
        size_t l = td_utf8_decode(s, n, i, &cp);
        if (!is_space_cp(cp) && cp != 0) break;
        if (cp == '\n') newlines++;
        flags |= TF_SPACE;
        i += l;
    }
    if (i >= n) {
        sc->pos = n;
        return 0;
    }
    if (newlines) flags |= TF_NL;
    t->start = i;
    size_t l = td_utf8_decode(s, n, i, &cp);
    if (cp >= '0' && cp <= '9') {
        long v = 0;
        int nd = 0;
        while (i < n && s[i] >= '0' && s[i] <= '9') {
            if (v < 1000000000000000L) v = v * 10 + (s[i] - '0');
            nd++;
            i++;
        }
        t->kind = K_NUM;
        t->num = v;
        t->ndig = (unsigned char)(nd > 255 ? 255 : nd);
    } else if ((cp < 0x80 && ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z')) ||
               (cp >= 0x80 && !is_punct_cp(cp) && !is_space_cp(cp))) {
        char lw[24];
        size_t k = 0;
        int upper = 0, letters = 0, ascii = 1;
        while (i < n) {
            unsigned char b = (unsigned char)s[i];
            if (b < 0x80) { /* ASCII: no decoding */
                if ((unsigned)((b | 0x20) - 'a') > 'z' - 'a') break;
                upper += b <= 'Z';
                if (k + 1 < sizeof lw) lw[k] = (char)(b | 0x20);
                k++;
                letters++;
                i++;
                continue;
            }
            l = td_utf8_decode(s, n, i, &cp);
            if (is_punct_cp(cp) || is_space_cp(cp)) break;
            ascii = 0;
            k++;
            letters++;
            i += l;
        }
        t->kind = K_WORD;
        if (s[t->start] >= 'A' && s[t->start] <= 'Z') flags |= TF_CAP;
        if (upper == letters && letters > 1) flags |= TF_ALLCAP;
        if (ascii && k < sizeof lw) {
            lw[k] = '\0';
            lex_roles(t, lw, k);
        }
    } else {
        t->kind = K_PUNCT;
        if (cp < 0x80) t->ch = (char)cp;
        else if (cp == 0x2010 || cp == 0x2011 || cp == 0x2012 || cp == 0x2013 || cp == 0x2212)
            t->ch = '-'; /* hyphens, figure and en dash, minus */
        else if (cp == 0x2018 || cp == 0x2019 || cp == 0x2032) t->ch = '\'';
        else if (cp == 0x201C || cp == 0x201D) t->ch = '"';
        else if (cp == 0x2014 || cp == 0x2015) t->ch = ';'; /* an em dash parts clauses */
        else if (cp == 0x2026) t->ch = '.'; /* an ellipsis ends like a stop */
        else if ((cp >= 0xA2 && cp <= 0xA5) || (cp >= 0x20A0 && cp <= 0x20CF))
            t->ch = '$'; /* any currency sign */
        else if (cp == 0xBD) t->ch = HALF_SIGN;
        else t->ch = '#';
        i += l;
    }
    if (i == t->start) i++; /* every token moves on, whatever the bytes */
    t->end = i;
    t->flags = (unsigned char)flags;
    t->cand = t->kind == K_NUM || (t->kind == K_PUNCT && (t->ch == '\'' || t->ch == HALF_SIGN)) ||
              (t->kind == K_WORD && ((t->w && !never_starts(t->w)) || t->iscard || t->scale || t->ord || t->month ||
                                     t->mabbr || t->wday || t->wabbr || t->wdays || t->unit ||
                                     t->units || t->season || t->seasons || t->pod || t->pods ||
                                     t->hol || t->setadv || t->decw));
    sc->pos = i;
    return 1;
}

/* ---- 4. Grammar ---------------------------------------------------------- */

#define YUNK (-32768) /* year not known */

/* A calendar value part by part. The grammar fills what the text says;
 * resolve() fills the rest from the anchor or the discourse. */
typedef struct tv {
    int gran;   /* TD_TIMEX_PREC_* */
    int y;      /* year; decade and century: their first year; or YUNK */
    int mo, d;  /* 0 when not known */
    int sub;    /* quarter, half, season (1..4) or ISO week; 0 unknown */
    int we;     /* the weekend of week sub */
    int wd;     /* weekday 1..7 when only that is known ("Friday") */
    int pod;    /* part of day P_* */
    int hh, mi; /* clock time; -1 when none */
    int ss;     /* seconds, -1 when not given */
    int hol;    /* holiday H_* (its day depends on the year) */
    int hoff;   /* days from the holiday: -1 its eve, +1 Easter Monday */
} tv;

/* Recipes: how the parts the text left out are found. */
enum {
    RK_ABS = 0, /* nothing left out */
    RK_SHIFT,   /* from the anchor moved by rn units ru ("last week") */
    RK_WDAY,    /* the weekday nearest the anchor in direction rdir */
    RK_YEARLESS,/* the year nearest the anchor in direction rdir */
    RK_ANAPH,   /* from the last date mentioned, moved ("a year earlier") */
    RK_AGO,     /* from the anchor, at the granularity of the discourse */
    RK_QCTX,    /* the quarter under discussion ("the latest quarter") */
    RK_REF,     /* PAST_REF, PRESENT_REF, FUTURE_REF */
    RK_DUR,     /* a duration or a set: the value is in dur */
    RK_WDAYDOM, /* a weekday and a day of the month ("Tuesday the 11th"):
                   the nearest month where they agree */
};

/* Directions: the public TD_TIMEX_DIR_* under shorter names. */
#define DIR_PREV TD_TIMEX_DIR_PREV
#define DIR_NEXT TD_TIMEX_DIR_NEXT
#define DIR_BEFORE TD_TIMEX_DIR_BEFORE
#define DIR_AFTER TD_TIMEX_DIR_AFTER
#define DIR_THISWEEK TD_TIMEX_DIR_THIS_WEEK
#define DIR_SAMEYEAR TD_TIMEX_DIR_QUARTER
#define DIR_SAMEYEAR_FUT TD_TIMEX_DIR_QUARTER_AHEAD
#define DIR_HAS_YEAR 99 /* a holiday with its year: nothing to choose */

typedef struct mt {
    int end;           /* the token after the phrase; 0 = no match */
    int type;          /* TD_TIMEX_* */
    tv v;
    int rk, ru, rn, rdir;
    int wd;            /* a weekday the text names */
    const char *ref;   /* RK_REF */
    char dur[24];      /* RK_DUR */
    const char *mod;   /* TIMEX3 mod or NULL */
    int report;        /* a report time (today, Friday): not a topic date */
    int anchored;      /* set by resolve() */
    int skip;          /* leading tokens the rule read but the extent leaves
                          out ("a third-quarter loss" is "third-quarter") */
    int begin;         /* first token of the extent (set by match_at) */
    int listable;      /* a month and day: "April 24 and 25" may follow */
    int post_ru, post_rn; /* then moved by post_rn units post_ru ("two days
                             after Christmas") */
} mt;

typedef struct ctx {
    scanner sc;
    tok t[WIN];
    int nt;
    int has_anchor;
    int ay, am, ad;
    long aday;
    /* Discourse: last[g] is the latest date mentioned at precision g or
     * finer (report times only count from DAY down). */
    tv last[TD_TIMEX_PREC_MINUTE + 1];
    unsigned char has_last[TD_TIMEX_PREC_MINUTE + 1];
    tv lastq;          /* the latest quarter or half mentioned */
    int has_lastq;
} ctx;

static const tok *T(const ctx *c, int i)
{
    return i >= 0 && i < c->nt ? &c->t[i] : &no_tok;
}

static int W(const ctx *c, int i)
{
    const tok *t = T(c, i);
    return t->kind == K_WORD ? t->w : 0;
}

static int P(const ctx *c, int i, char ch)
{
    const tok *t = T(c, i);
    return t->kind == K_PUNCT && t->ch == ch;
}

/* Token i touches token i-1 (no space between). */
static int ADJ(const ctx *c, int i)
{
    const tok *t = T(c, i);
    return t->kind != K_NONE && !(t->flags & TF_SPACE);
}

static int is_num(const ctx *c, int i)
{
    return T(c, i)->kind == K_NUM;
}

static void mt_init(mt *m)
{
    memset(m, 0, sizeof *m);
    m->v.y = YUNK;
    m->v.hh = m->v.mi = m->v.ss = -1;
}

/* -- numbers -------------------------------------------------------------- */

/* A number in digits ("3", "1,200", "2.5", "5 1/2") or words ("twenty
 * four", "a hundred", "two thousand and one"). Returns the token after
 * it, or 0. */
static int rnum(const ctx *c, int i, double *val)
{
    const tok *t = T(c, i);
    if (t->kind == K_PUNCT && t->ch == HALF_SIGN) {
        *val = 0.5;
        return i + 1;
    }
    if (t->kind == K_NUM) {
        double v = (double)t->num;
        int j = i + 1;
        if (t->ndig <= 3) /* thousands groups: 1,200,000 */
            while (P(c, j, ',') && ADJ(c, j) && is_num(c, j + 1) && ADJ(c, j + 1) &&
                   T(c, j + 1)->ndig == 3) {
                v = v * 1000 + (double)T(c, j + 1)->num;
                j += 2;
            }
        if (P(c, j, '.') && ADJ(c, j) && is_num(c, j + 1) && ADJ(c, j + 1)) {
            double f = (double)T(c, j + 1)->num;
            for (int k = 0; k < T(c, j + 1)->ndig; k++) f /= 10;
            v += f;
            j += 2;
        } else if (is_num(c, j) && P(c, j + 1, '/') && ADJ(c, j + 1) && is_num(c, j + 2) &&
                   ADJ(c, j + 2) && T(c, j + 2)->num > T(c, j)->num && T(c, j + 2)->num > 0) {
            v += (double)T(c, j)->num / (double)T(c, j + 2)->num; /* 5 1/2 */
            j += 3;
        }
        if (P(c, j, HALF_SIGN) && ADJ(c, j)) v += 0.5, j++; /* 2½ */
        *val = v;
        return j;
    }
    /* words */
    double total = 0, cur = 0;
    int j = i, any = 0, last = 0; /* last: 1 unit, 2 teen, 3 tens, 4 scale */
    if ((W(c, j) == W_A || W(c, j) == W_AN) && T(c, j + 1)->scale) {
        cur = 1;
        j++;
        last = 1;
        any = 1;
    }
    for (;;) {
        const tok *u = T(c, j);
        if (u->kind != K_WORD) break;
        if (u->iscard) {
            int v = u->card;
            int cls = v < 10 ? 1 : v < 20 ? 2 : 3;
            if (any && !(last == 4 || (last == 3 && cls == 1))) break;
            cur += v;
            last = cls;
            any = 1;
            j++;
            if (cls == 3 && P(c, j, '-') && ADJ(c, j) && T(c, j + 1)->iscard &&
                T(c, j + 1)->card < 10 && ADJ(c, j + 1)) {
                cur += T(c, j + 1)->card;
                last = 1;
                j += 2;
            }
        } else if (u->scale && any) {
            if (u->scale == 2) cur *= 100;
            else {
                double s = u->scale == 3 ? 1e3 : u->scale == 6 ? 1e6 : 1e9;
                total += (cur ? cur : 1) * s;
                cur = 0;
            }
            last = 4;
            j++;
        } else if (u->w == W_AND && last == 4 && T(c, j + 1)->iscard) {
            j++;
        } else {
            break;
        }
    }
    if (!any) return 0;
    *val = total + cur;
    return j;
}

/* A day of the month: "17", "17th", "seventeenth", "twenty-first". */
static int rday(const ctx *c, int i, int *d)
{
    const tok *t = T(c, i);
    int j = i + 1, v = 0;
    if (t->kind == K_NUM) {
        if (t->ndig > 2 || t->num < 1 || t->num > 31) return 0;
        v = (int)t->num;
        if (W(c, j) == W_ST && ADJ(c, j)) j++;
        /* not a time (5:30), a decimal, or a bigger number (1,000) */
        if ((P(c, j, ':') || P(c, j, '.') || P(c, j, ',') || P(c, j, '/')) && ADJ(c, j) &&
            is_num(c, j + 1) && ADJ(c, j + 1))
            return 0;
        if (is_num(c, j) && ADJ(c, j)) return 0;
    } else if (t->kind == K_WORD) {
        if (t->iscard && t->card >= 20 && t->card <= 30 && P(c, j, '-') &&
            T(c, j + 1)->ord && T(c, j + 1)->ord < 10) {
            v = t->card + T(c, j + 1)->ord;
            j += 2;
        } else if (t->iscard && t->card >= 20 && t->card <= 30 && T(c, j)->ord &&
                   T(c, j)->ord < 10) {
            v = t->card + T(c, j)->ord;
            j += 1;
        } else if (t->ord >= 1 && t->ord <= 31) {
            v = t->ord;
        } else if (t->iscard && t->card >= 20 && t->card <= 30 && T(c, j)->iscard &&
                   T(c, j)->card >= 1 && T(c, j)->card <= 9) {
            v = t->card + T(c, j)->card; /* "May twenty nine" */
            j++;
        } else if (t->iscard && t->card >= 1 && t->card <= 31 && !T(c, j)->iscard &&
                   !T(c, j)->scale) {
            v = t->card; /* "fifteen August", not "nineteen ninety" */
        } else {
            return 0;
        }
        if (v > 31) return 0;
    } else {
        return 0;
    }
    *d = v;
    return j;
}

/* The year of a two-digit "98", "'40": within the 80 years before and
 * 20 after the anchor (without one: 1930..2029). */
static int two_digit_year(const ctx *c, int yy)
{
    int base = c->has_anchor ? c->ay : 2010;
    int y = base - base % 100 + yy;
    if (y > base + 20) y -= 100;
    else if (y < base - 80) y += 100;
    return y;
}

/* A year written as a number: 1998, '98, nineteen ninety-six, two
 * thousand and one. Plausibility of a bare number is the caller's. */
static int ryear(const ctx *c, int i, int *y)
{
    const tok *t = T(c, i);
    if (t->kind == K_NUM) {
        if (t->ndig != 4 || t->num < 1000 || t->num > 2199) return 0;
        int j = i + 1;
        /* part of a bigger number, a decimal, a time or a percentage */
        if ((P(c, j, ',') || P(c, j, '.') || P(c, j, ':')) && ADJ(c, j) && is_num(c, j + 1) &&
            ADJ(c, j + 1))
            return 0;
        if (P(c, j, '%') && ADJ(c, j)) return 0;
        if (ADJ(c, i) && (P(c, i - 1, '$') || P(c, i - 1, '#') || P(c, i - 1, ',') ||
                          P(c, i - 1, '.') || P(c, i - 1, '/') || P(c, i - 1, ':') ||
                          is_num(c, i - 1) || T(c, i - 1)->kind == K_WORD))
            return 0;
        /* "138-2010-2015", "2010-2015-86": a code; "2015-32" is no range */
        if (ADJ(c, i) && P(c, i - 1, '-') && ADJ(c, i - 1) && is_num(c, i - 2) &&
            (T(c, i - 2)->ndig != 4 || (P(c, i - 3, '-') && ADJ(c, i - 2))))
            return 0;
        if (P(c, j, '-') && ADJ(c, j) && is_num(c, j + 1) && ADJ(c, j + 1)) {
            const tok *u = T(c, j + 1);
            if (P(c, j + 2, '-') && ADJ(c, j + 2)) return 0;
            if (u->ndig == 2 && (u->num - t->num % 100 + 100) % 100 > 10) return 0;
        }
        if (ADJ(c, j) && T(c, j)->kind == K_WORD && W(c, j) != W_S) return 0;
        *y = (int)t->num;
        return j;
    }
    if (P(c, i, '\'') && is_num(c, i + 1) && ADJ(c, i + 1) && T(c, i + 1)->ndig == 2) {
        *y = two_digit_year(c, (int)T(c, i + 1)->num);
        return i + 2;
    }
    if (t->kind == K_WORD && t->iscard) {
        /* nineteen ninety-six, nineteen eighty, twenty twenty-four,
         * nineteen hundred, two thousand (and) one */
        int hi = t->card, j = i + 1;
        if (hi >= 10 && hi <= 20) {
            const tok *u = T(c, j);
            if (u->iscard && u->card >= 10) {
                int lo = u->card;
                j++;
                if (lo >= 20 && P(c, j, '-') && T(c, j + 1)->iscard && T(c, j + 1)->card < 10) {
                    lo += T(c, j + 1)->card;
                    j += 2;
                } else if (lo >= 20 && T(c, j)->iscard && T(c, j)->card < 10 &&
                           T(c, j)->card > 0) {
                    lo += T(c, j)->card;
                    j++;
                }
                *y = hi * 100 + lo;
                return j;
            }
            if (u->scale == 2) {
                /* "nineteen hundred (and) ninety three" */
                int k = j + 1, e;
                double v;
                if (W(c, k) == W_AND) k++;
                if (T(c, k)->iscard && (e = rnum(c, k, &v)) != 0 && v < 100) {
                    *y = hi * 100 + (int)v;
                    return e;
                }
                *y = hi * 100;
                return j + 1;
            }
        }
        if (hi == 2 && T(c, j)->scale == 3) {
            int k = j + 1, lo = 0;
            if (W(c, k) == W_AND) k++;
            double v;
            int e = T(c, k)->iscard ? rnum(c, k, &v) : 0;
            if (e && v < 100) {
                lo = (int)v;
                j = e;
            } else {
                j = j + 1;
            }
            *y = 2000 + lo;
            return j;
        }
    }
    return 0;
}

/* Words that make a following weekday, month or season read as a date:
 * prepositions and the like. */
static int temporal_lead(int w)
{
    switch (w) {
    case W_IN: case W_ON: case W_SINCE: case W_UNTIL: case W_TILL: case W_BY:
    case W_FROM: case W_THROUGH: case W_DURING: case W_BEFORE: case W_AFTER:
    case W_OF: case W_LAST: case W_NEXT: case W_THIS: case W_EARLY: case W_LATE:
    case W_MID: case W_TO: case W_AT: case W_FOR: case W_AND: case W_OR:
    case W_THAT: case W_EVERY: case W_EACH: case W_PAST: case W_WITHIN:
    case W_INTO: case W_OVER: case W_AROUND: case W_THROUGHOUT:
        return 1;
    }
    return 0;
}

/* A month name or abbreviation ("Sept." takes its stop). *sure is set
 * when the word cannot be anything else: an abbreviation with its stop,
 * or a capitalised name other than May, March and August. */
static int rmonth(const ctx *c, int i, int *mo, int *sure)
{
    const tok *t = T(c, i);
    if (t->kind != K_WORD) return 0;
    if (t->month) {
        *mo = t->month;
        *sure = (t->flags & TF_CAP) && t->month != 5 && t->month != 3 && t->month != 8;
        if ((t->flags & TF_ALLCAP) && t->end - t->start > 3) *sure = t->month != 5;
        return i + 1;
    }
    if (t->mabbr) {
        *mo = t->mabbr;
        *sure = 0;
        if (P(c, i + 1, '.') && ADJ(c, i + 1)) {
            *sure = (t->flags & TF_CAP) != 0;
            return i + 2;
        }
        int b = W(c, i - 1);
        if (!(t->flags & TF_CAP) && !(t->flags & TF_ALLCAP) && !is_num(c, i + 1) &&
            !is_num(c, i - 1) && (!temporal_lead(b) || b == W_AND || b == W_OR || b == W_THAT))
            return 0;
        return i + 1;
    }
    return 0;
}

/* A full weekday name. */
static int rwday(const ctx *c, int i, int *wd)
{
    const tok *t = T(c, i);
    if (t->kind != K_WORD || !t->wday) return 0;
    *wd = t->wday;
    return i + 1;
}

/* A part of day: morning, afternoon, evening, night. */
static int rpod(const ctx *c, int i, int *pod)
{
    const tok *t = T(c, i);
    if (t->kind != K_WORD || !t->pod) return 0;
    if (t->pod == P_MI) return 0;
    *pod = t->pod;
    return i + 1;
}

/* A verb in the past tense: "-ed" or an irregular one ("said", "met"). */
static int past_verb(const ctx *c, int k)
{
    const tok *t = T(c, k);
    if (t->kind != K_WORD || (t->flags & TF_CAP)) return 0;
    if (t->w == W_PASTV) return 1;
    if (t->w) return 0; /* "expected", "scheduled", "planned" look ahead */
    size_t l = t->end - t->start;
    const char *s = c->sc.s + t->start;
    return l >= 4 && s[l - 2] == 'e' && s[l - 1] == 'd';
}

static int clause_break(const tok *t)
{
    return t->kind == K_PUNCT &&
           (t->ch == '.' || t->ch == '?' || t->ch == '!' || t->ch == ';' || t->ch == ',');
}

/* The tense around the phrase [i, end): +1 when its clause speaks of
 * what is to come (will, 'll, expects, plans, is due to, as soon as),
 * -1 when a past verb governs it ("announced Wednesday", "met on
 * Monday"), 0 when nothing says. Used to pick a weekday, season or
 * quarter on the right side of the anchor. */
static int tense_at(const ctx *c, int i, int end)
{
    int k = i - 1;
    while (W(c, k) == W_ON || W(c, k) == W_LATE || W(c, k) == W_EARLY || W(c, k) == W_LAST ||
           W(c, k) == W_THIS)
        k--;
    if (past_verb(c, k)) return -1;
    for (k = i - 1; k >= 0 && k >= i - 12; k--) {
        const tok *t = T(c, k);
        if (clause_break(t)) break;
        switch (t->w) {
        case W_WILL: case W_LL: case W_SHALL: case W_EXPECT: case W_PLAN:
        case W_SCHEDULED: case W_DUE: case W_UPCOMING: case W_UNTIL: case W_TILL:
        case W_WOULD: case W_LIKELY:
            return 1;
        case W_AS: /* "as soon as", "as early as" */
            if ((W(c, k + 1) == W_SOON || W(c, k + 1) == W_EARLY) && W(c, k + 2) == W_AS) return 1;
            break;
        case W_SET: case W_GOING: case W_IS: case W_ARE:
            if (W(c, k + 1) == W_TO) return 1;
            break;
        }
    }
    for (k = end; k < end + 6 && k < c->nt; k++) {
        const tok *t = T(c, k);
        if (clause_break(t)) break;
        if (t->w == W_WILL || t->w == W_LL || t->w == W_SHALL) return 1;
    }
    return 0;
}

/* -- durations ------------------------------------------------------------ */

/* Writes a TIMEX3 duration for n units (n < 0: unknown, "PXY"). */
static void dur_value(char out[24], double n, int unit)
{
    const char *u = "D";
    int timep = 0;
    switch (unit) {
    case U_SEC: u = "S"; timep = 1; break;
    case U_MIN: u = "M"; timep = 1; break;
    case U_HOUR: u = "H"; timep = 1; break;
    case U_DAY: u = "D"; break;
    case U_WEEK: u = "W"; break;
    case U_FORTNIGHT: u = "W"; if (n >= 0) n *= 2; break;
    case U_WEEKEND: u = "D"; if (n >= 0) n *= 2; break;
    case U_MONTH: u = "M"; break;
    case U_QUARTER: u = "Q"; break;
    case U_HALF: u = "M"; if (n >= 0) n *= 6; break;
    case U_YEAR: u = "Y"; break;
    case U_DECADE: u = "DE"; if (n >= 0) { n *= 10; u = "Y"; } break;
    case U_CENTURY: u = "CE"; if (n >= 0) { n *= 100; u = "Y"; } break;
    case U_MILLENNIUM: u = "ML"; if (n >= 0) { n *= 1000; u = "Y"; } break;
    }
    if (n < 0) {
        snprintf(out, 24, "P%sX%s", timep ? "T" : "", u);
        return;
    }
    double whole = floor(n), frac = n - whole;
    if (frac > 1e-9 && whole < 1e9) {
        /* "2 1/2 years" is P2Y6M: the fraction in the next unit down */
        static const struct { int unit; const char *big, *small; int k; } down[] = {
            {U_YEAR, "Y", "M", 12}, {U_MONTH, "M", "D", 30}, {U_WEEK, "W", "D", 7},
            {U_DAY, "D", "H", 24}, {U_HOUR, "H", "M", 60}, {U_MIN, "M", "S", 60}};
        for (size_t k = 0; k < sizeof down / sizeof down[0]; k++)
            if (down[k].unit == unit) {
                long small = lround(frac * down[k].k);
                int tsmall = unit == U_DAY || timep;
                if (whole == 0)
                    snprintf(out, 24, "P%s%ld%s", tsmall ? "T" : "", small, down[k].small);
                else if (unit == U_DAY)
                    snprintf(out, 24, "P%.0fDT%ldH", whole, small);
                else
                    snprintf(out, 24, "P%s%.0f%s%ld%s", timep ? "T" : "", whole, down[k].big,
                             small, down[k].small);
                return;
            }
        snprintf(out, 24, "P%s%g%s", timep ? "T" : "", n, u);
        return;
    }
    if (n > 1e9) n = 1e9;
    snprintf(out, 24, "P%s%.0f%s", timep ? "T" : "", whole, u);
}

static int unit_gran(int unit)
{
    switch (unit) {
    case U_SEC: case U_MIN: case U_HOUR: return TD_TIMEX_PREC_MINUTE;
    case U_DAY: return TD_TIMEX_PREC_DAY;
    case U_WEEK: case U_WEEKEND: case U_FORTNIGHT: return TD_TIMEX_PREC_WEEK;
    case U_MONTH: return TD_TIMEX_PREC_MONTH;
    case U_QUARTER: return TD_TIMEX_PREC_QUARTER;
    case U_HALF: return TD_TIMEX_PREC_HALF;
    case U_YEAR: return TD_TIMEX_PREC_YEAR;
    case U_DECADE: return TD_TIMEX_PREC_DECADE;
    case U_CENTURY: return TD_TIMEX_PREC_CENTURY;
    case U_MILLENNIUM: return TD_TIMEX_PREC_MILLENNIUM;
    }
    return TD_TIMEX_PREC_DAY;
}

/* A vague amount: "several", "a few", "many", "some", "a couple of". *n
 * is -1 for unknown, 2 for a couple. Returns the token after it or 0. */
static int rvague(const ctx *c, int i, double *n)
{
    int w = W(c, i);
    if (w == W_A && W(c, i + 1) == W_FEW) { *n = -1; return i + 2; }
    if (w == W_A && W(c, i + 1) == W_COUPLE) {
        *n = 2;
        return W(c, i + 2) == W_OF ? i + 3 : i + 2;
    }
    if (w == W_COUPLE && W(c, i + 1) == W_OF) { *n = 2; return i + 2; }
    if (w == W_SEVERAL || w == W_FEW || w == W_MANY) { *n = -1; return i + 1; }
    if (w == W_SOME && T(c, i + 1)->units) { *n = -1; return i + 1; } /* "some days" */
    if (w == W_A && W(c, i + 1) == W_DOZEN) { *n = 12; return i + 2; }
    return 0;
}

/* Words that may sit between a number and its unit: "three more years",
 * "eight trading days", "two full weeks". */
static int filler(int w)
{
    return w == W_MORE || w == W_ADDITIONAL || w == W_FULL || w == W_STRAIGHT ||
           w == W_CONSECUTIVE || w == W_TRADING || w == W_BUSINESS || w == W_WORKING ||
           w == W_CALENDAR || w == W_ENTIRE || w == W_WHOLE;
}

/* Reads [number] [filler] unit at i, for durations: "three years",
 * "a week", "several months", "72 hours", "two and a half years", "an
 * hour and a half", "half a year". */
static int rdur_core(const ctx *c, int i, double *n, int *unit, int *plural)
{
    double v = 0;
    int j = 0;
    if ((W(c, i) == W_HALF) && (W(c, i + 1) == W_A || W(c, i + 1) == W_AN) &&
        (T(c, i + 2)->unit)) {
        *n = 0.5;
        *unit = T(c, i + 2)->unit;
        *plural = 0;
        return i + 3;
    }
    if ((W(c, i) == W_A || W(c, i) == W_AN) && W(c, i + 1) == W_HALF && T(c, i + 2)->unit) {
        *n = 0.5;
        *unit = T(c, i + 2)->unit;
        *plural = 0;
        return i + 3;
    }
    if ((j = rvague(c, i, &v)) == 0) {
        if (W(c, i) == W_A || W(c, i) == W_AN) {
            v = 1;
            j = i + 1;
            if (T(c, j)->scale) j = rnum(c, i, &v);
        } else {
            j = rnum(c, i, &v);
        }
    }
    if (!j) return 0;
    /* "two and a half years", "one and half hours" */
    if (W(c, j) == W_AND && W(c, j + 1) == W_A && W(c, j + 2) == W_HALF) {
        v += 0.5;
        j += 3;
    } else if (W(c, j) == W_AND && W(c, j + 1) == W_HALF) {
        v += 0.5;
        j += 2;
    } else if (W(c, j) == W_AND && W(c, j + 1) == W_A && T(c, j + 2)->unit == U_QUARTER &&
               (T(c, j + 3)->unit || T(c, j + 3)->units)) {
        v += 0.25; /* "one and a quarter years" */
        j += 3;
    }
    /* "two to three weeks", "12 to 18 months", "two or three days" */
    int k = j;
    if ((W(c, k) == W_TO || W(c, k) == W_OR || (P(c, k, '-') && v >= 0)) &&
        (is_num(c, k + 1) || T(c, k + 1)->iscard)) {
        double v2;
        int e = rnum(c, k + 1, &v2);
        if (e && (T(c, e)->unit || T(c, e)->units)) {
            j = e;
            if (W(c, k) == W_TO) v = -1;
        }
    }
    while (filler(W(c, j))) j++;
    /* the adjective form: "72-hour", "five-year" */
    if (P(c, j, '-') && ADJ(c, j) && ADJ(c, j + 1) && (T(c, j + 1)->unit || T(c, j + 1)->units))
        j++;
    const tok *u = T(c, j);
    if (u->units) {
        *unit = u->units;
        *plural = 1;
    } else if (u->unit) {
        *unit = u->unit;
        *plural = 0;
    } else {
        return 0;
    }
    /* "an hour and a half", "a year and a half", "one hour and half" */
    if (W(c, j + 1) == W_AND && W(c, j + 2) == W_A && W(c, j + 3) == W_HALF && v >= 0) {
        v += 0.5;
        j += 3;
    } else if (W(c, j + 1) == W_AND && W(c, j + 2) == W_HALF && v >= 0) {
        v += 0.5;
        j += 2;
    } else if (W(c, j + 1) == W_AND && W(c, j + 2) == W_A && T(c, j + 3)->unit == U_QUARTER &&
               v >= 0 && *unit >= U_HOUR) {
        v += 0.25; /* "a year and a quarter" */
        j += 3;
    }
    *n = v;
    return j + 1;
}

/* -- phrases --------------------------------------------------------------- */

static int found(mt *m, int end, int type)
{
    m->end = end;
    m->type = type;
    return end;
}

static int valid_md(int mo, int d)
{
    return mo >= 1 && mo <= 12 && d >= 1 && d <= td_days_in_month(2000, mo);
}

/* Dates in digits: 2024-05-17, 2024/05/17, 5/17/2024, 17.05.2024, 5/17. */
static int r_numeric(ctx *c, int i, mt *m)
{
    const tok *a = T(c, i);
    if (a->kind != K_NUM) return 0;
    if (ADJ(c, i) && (is_num(c, i - 1) || P(c, i - 1, '/') || P(c, i - 1, '.') ||
                      P(c, i - 1, '$') || P(c, i - 1, ':') || T(c, i - 1)->kind == K_WORD ||
                      (P(c, i - 1, '-') && ADJ(c, i - 1) && is_num(c, i - 2))))
        return 0;
    char sep = T(c, i + 1)->kind == K_PUNCT ? T(c, i + 1)->ch : 0;
    int three = (sep == '-' || sep == '/' || sep == '.') && ADJ(c, i + 1) && is_num(c, i + 2) &&
                ADJ(c, i + 2) && P(c, i + 3, sep) && ADJ(c, i + 3) && is_num(c, i + 4) &&
                ADJ(c, i + 4);
    if (three) {
        const tok *b = T(c, i + 2), *d3 = T(c, i + 4);
        int y, mo, d;
        /* not the start of a longer run: 1-800-555-1212, 1.2.3.4 */
        if ((P(c, i + 5, sep) || P(c, i + 5, '.')) && ADJ(c, i + 5) && is_num(c, i + 6) &&
            ADJ(c, i + 6))
            return 0;
        if (a->ndig == 4 && b->ndig <= 2 && d3->ndig <= 2) {
            y = (int)a->num, mo = (int)b->num, d = (int)d3->num;
        } else if (a->ndig <= 2 && b->ndig <= 2 && (d3->ndig == 4 || d3->ndig == 2)) {
            if (sep == '.' || a->num > 12) mo = (int)b->num, d = (int)a->num;
            else mo = (int)a->num, d = (int)b->num;
            y = (int)d3->num;
            if (d3->ndig == 2) y = two_digit_year(c, y);
        } else {
            return 0;
        }
        if (y < 1000 || y > 2199 || mo < 1 || mo > 12 || d < 1 || d > td_days_in_month(y, mo))
            return 0;
        m->v.gran = TD_TIMEX_PREC_DAY;
        m->v.y = y, m->v.mo = mo, m->v.d = d;
        return found(m, i + 5, TD_TIMEX_DATE);
    }
    if (sep == '/' && ADJ(c, i + 1) && is_num(c, i + 2) && ADJ(c, i + 2) && a->ndig <= 2 &&
        T(c, i + 2)->ndig <= 2 && !(P(c, i + 3, '/') && ADJ(c, i + 3))) {
        int mo = (int)a->num, d = (int)T(c, i + 2)->num;
        if (mo > 12 && d <= 12) mo = d, d = (int)a->num; /* 22/04 is day first */
        if ((P(c, i + 3, '.') || P(c, i + 3, ',')) && ADJ(c, i + 3) && is_num(c, i + 4) &&
            ADJ(c, i + 4))
            return 0;
        /* 1/2, 3/4, 5/8 are fractions; a number before ("2 1/2") too */
        if ((mo < d && d <= 8) || is_num(c, i - 1) || !valid_md(mo, d)) return 0;
        m->v.gran = TD_TIMEX_PREC_DAY;
        m->v.mo = mo, m->v.d = d;
        m->rk = RK_YEARLESS;
        m->rdir = 0;
        return found(m, i + 3, TD_TIMEX_DATE);
    }
    if ((sep == '-' || sep == '/') && ADJ(c, i + 1) && is_num(c, i + 2) && ADJ(c, i + 2) &&
        !(P(c, i + 3, sep) && ADJ(c, i + 3))) {
        /* "12-2015", "2015-03": a month, when it cannot be a range of
         * years ("2011-12", "1998-99") */
        const tok *b = T(c, i + 2);
        int y = 0, mo = 0;
        if (a->ndig <= 2 && b->ndig == 4) mo = (int)a->num, y = (int)b->num;
        else if (a->ndig == 4 && b->ndig <= 2 && b->num != (a->num + 1) % 100 && sep == '-')
            y = (int)a->num, mo = (int)b->num;
        if (mo >= 1 && mo <= 12 && y >= 1900 && y <= 2099) {
            m->v.gran = TD_TIMEX_PREC_MONTH;
            m->v.y = y, m->v.mo = mo;
            return found(m, i + 3, TD_TIMEX_DATE);
        }
    }
    if (a->ndig == 8 && !(ADJ(c, i + 1) && T(c, i + 1)->kind != K_PUNCT)) {
        int y = (int)(a->num / 10000), mo = (int)(a->num / 100 % 100), d = (int)(a->num % 100);
        if (y < 1900 || y > 2099 || mo < 1 || mo > 12 || d < 1 || d > td_days_in_month(y, mo))
            return 0;
        m->v.gran = TD_TIMEX_PREC_DAY;
        m->v.y = y, m->v.mo = mo, m->v.d = d;
        return found(m, i + 1, TD_TIMEX_DATE);
    }
    return 0;
}

/* Dates written with a month name between numbers: "05-Aug-2016",
 * "Dec-2018", "2019/aug/01", "Sep-23-2020", "23/Sep/2020", "Oct/2". */
static int r_mixdate(ctx *c, int i, mt *m)
{
    int num[3], nd[3], nn = 0, mo = 0, np = 0, j = i;
    char sep = 0;
    if (ADJ(c, i) && (is_num(c, i - 1) || P(c, i - 1, '/') || P(c, i - 1, '-'))) return 0;
    for (;;) {
        const tok *t = T(c, j);
        if (t->kind == K_NUM && t->ndig <= 4 && nn < 2) {
            num[nn] = (int)t->num, nd[nn] = t->ndig, nn++;
        } else if (t->kind == K_WORD && (t->month || t->mabbr) && !mo) {
            mo = t->month ? t->month : t->mabbr;
        } else {
            return 0;
        }
        np++, j++;
        if (np == 3) break;
        const tok *s2 = T(c, j);
        if (!(s2->kind == K_PUNCT && (s2->ch == '-' || s2->ch == '/') && ADJ(c, j) && ADJ(c, j + 1)))
            break;
        if (sep && s2->ch != sep) return 0;
        sep = s2->ch;
        j++;
    }
    if (!mo || np < 2 || !sep) return 0;
    if ((P(c, j, '-') || P(c, j, '/')) && ADJ(c, j) && is_num(c, j + 1)) return 0;
    int y = YUNK, d = 0;
    for (int k = 0; k < nn; k++) {
        if (nd[k] == 4 && y == YUNK) y = num[k];
        else if (num[k] >= 1 && num[k] <= 31 && !d && nd[k] <= 2) d = num[k];
        else if (nd[k] == 2 && y == YUNK && np == 3) y = two_digit_year(c, num[k]);
        else return 0;
    }
    if (y != YUNK && (y < 1000 || y > 2199)) return 0;
    if (d) {
        if (d > td_days_in_month(y == YUNK ? 2000 : y, mo)) return 0;
        m->v.gran = TD_TIMEX_PREC_DAY;
        m->v.mo = mo, m->v.d = d;
        if (y == YUNK) m->rk = RK_YEARLESS, m->rdir = 0;
        else m->v.y = y;
    } else {
        if (y == YUNK) return 0;
        m->v.gran = TD_TIMEX_PREC_MONTH;
        m->v.mo = mo, m->v.y = y;
    }
    return found(m, j, TD_TIMEX_DATE);
}

/* The year after a month or a day and month: ", 2024", " 2024", " of
 * 2024", " in 2024", " of '87", " of 87". Returns the token after it. */
static int rdate_year(const ctx *c, int k, int *y)
{
    int of = 0, e;
    if (P(c, k, ',')) k++;
    else if (W(c, k) == W_OF || (W(c, k) == W_IN && is_num(c, k + 1) && T(c, k + 1)->ndig == 4))
        of = 1, k++;
    if ((e = ryear(c, k, y)) != 0) return e;
    if (of && W(c, k - 1) == W_OF && is_num(c, k) && T(c, k)->ndig == 2) {
        *y = two_digit_year(c, (int)T(c, k)->num);
        return k + 1;
    }
    return 0;
}

/* Dates with a month name: "May 17, 2024", "Friday, May 17", "17 May
 * 2024", "the 17th of May", "May 2024", "Oct. 23". */
static int r_date(ctx *c, int i, mt *m)
{
    int j = i, wd = 0, mo, d, y, sure, e, k;
    if ((k = rwday(c, j, &wd)) != 0) {
        if (P(c, k, ',')) k++;
        j = k;
    } else if (T(c, j)->wabbr) {
        wd = T(c, j)->wabbr;
        k = j + 1;
        if (P(c, k, '.') && ADJ(c, k)) k++;
        if (P(c, k, ',')) k++;
        j = k;
    }
    if ((e = rmonth(c, j, &mo, &sure)) != 0) {
        int k2 = rday(c, e, &d);
        if (P(c, e, '/') && ADJ(c, e) && is_num(c, e + 1) && ADJ(c, e + 1)) k2 = 0; /* Oct/2 */
        if (!k2 && P(c, e, ',') && (W(c, e + 2) == W_ST || (T(c, e + 1)->ord && !is_num(c, e + 1))))
            k2 = rday(c, e + 1, &d); /* "October, 1st" */
        if (k2 && valid_md(mo, d)) {
            int ye;
            m->v.gran = TD_TIMEX_PREC_DAY;
            m->v.mo = mo, m->v.d = d;
            m->wd = wd;
            if ((ye = rdate_year(c, k2, &y)) != 0 && d <= td_days_in_month(y, mo)) {
                m->v.y = y;
                return found(m, ye, TD_TIMEX_DATE);
            }
            m->rk = RK_YEARLESS;
            m->rdir = 0;
            m->listable = 1;
            return found(m, k2, TD_TIMEX_DATE);
        }
        int ye;
        if (!wd && (ye = rdate_year(c, e, &y)) != 0 &&
            (T(c, ye - 1)->kind == K_NUM || T(c, e)->iscard)) {
            m->v.gran = TD_TIMEX_PREC_MONTH;
            m->v.y = y, m->v.mo = mo;
            return found(m, ye, TD_TIMEX_DATE);
        }
        return 0;
    }
    /* year first: "2017 April" */
    if (!wd && (k = ryear(c, j, &y)) != 0 && T(c, j)->kind == K_NUM &&
        (e = rmonth(c, k, &mo, &sure)) != 0 && (sure || T(c, k)->flags & TF_CAP || !T(c, k)->mabbr) &&
        !(is_num(c, e) && ADJ(c, e))) {
        m->v.gran = TD_TIMEX_PREC_MONTH;
        m->v.y = y, m->v.mo = mo;
        return found(m, e, TD_TIMEX_DATE);
    }
    /* "18 and 19 June": the first day, with the month after the second */
    if (!wd && is_num(c, j) && (k = rday(c, j, &d)) != 0 &&
        (W(c, k) == W_AND || W(c, k) == W_OR || W(c, k) == W_TO) && is_num(c, k + 1)) {
        int d2, k2 = rday(c, k + 1, &d2);
        if (k2 && d2 > d && (e = rmonth(c, k2, &mo, &sure)) != 0 && valid_md(mo, d) &&
            (sure || (T(c, k2)->flags & TF_CAP) || T(c, k2)->month)) {
            m->v.gran = TD_TIMEX_PREC_DAY;
            m->v.mo = mo, m->v.d = d;
            int ye, e3 = rdate_year(c, e, &y);
            if ((ye = e3) != 0 && d <= td_days_in_month(y, mo)) m->v.y = y;
            else m->rk = RK_YEARLESS;
            return found(m, k, TD_TIMEX_DATE);
        }
    }
    /* day first */
    int j0 = j;
    if (W(c, j) == W_THE) j++;
    if (T(c, j - 1)->kind == K_PUNCT && T(c, j - 1)->ch == '$') return 0; /* "$12 December 27" */
    if ((k = rday(c, j, &d)) != 0) {
        int k2 = k, of = 0;
        if (W(c, k2) == W_OF) k2++, of = 1;
        if ((e = rmonth(c, k2, &mo, &sure)) != 0 && valid_md(mo, d)) {
            if (!sure && !(T(c, k2)->flags & TF_CAP) && !of && (mo == 5 || mo == 3 || mo == 8))
                return 0;
            if (j > j0 && !of && T(c, j)->kind == K_NUM && W(c, j + 1) != W_ST) return 0;
            m->v.gran = TD_TIMEX_PREC_DAY;
            m->v.mo = mo, m->v.d = d;
            m->wd = wd;
            int ye;
            if ((ye = rdate_year(c, e, &y)) != 0 && d <= td_days_in_month(y, mo)) {
                m->v.y = y;
                return found(m, ye, TD_TIMEX_DATE);
            }
            m->rk = RK_YEARLESS;
            return found(m, e, TD_TIMEX_DATE);
        }
    }
    return 0;
}

/* "this", "last", "next", "this past", "this coming" before a weekday,
 * month, season or holiday: *dir as in td_timex_rel, *this for "this". */
static int rrel(const ctx *c, int i, int *dir, int *this_)
{
    int w = W(c, i);
    *dir = 0;
    *this_ = 0;
    if (w == W_LAST || w == W_PREVIOUS) { *dir = DIR_PREV; return i + 1; }
    if (w == W_NEXT || w == W_FOLLOWING) { *dir = DIR_NEXT; return i + 1; }
    if (w == W_COMING || w == W_UPCOMING) { *dir = DIR_AFTER; return i + 1; }
    if (w == W_THIS && (W(c, i + 1) == W_PAST)) { *dir = DIR_BEFORE; return i + 2; }
    if (w == W_THIS && (W(c, i + 1) == W_COMING || W(c, i + 1) == W_UPCOMING)) {
        *dir = DIR_AFTER;
        return i + 2;
    }
    if (w == W_THIS) { *this_ = 1; return i + 1; }
    return i;
}

/* "last year", "this year", "next year" after a month or season: the
 * shift in years, via *n; returns the token after, or 0. */
static int ryear_rel(const ctx *c, int i, int *n)
{
    int j = i;
    if (W(c, j) == W_OF) j++;
    int w = W(c, j);
    if (T(c, j + 1)->unit != U_YEAR) return 0;
    if (w == W_LAST) *n = -1;
    else if (w == W_THIS) *n = 0;
    else if (w == W_NEXT) *n = 1;
    else return 0;
    return j + 2;
}

/* A month on its own: "April", "last November", "this September",
 * "June last year". */
static int r_month(ctx *c, int i, mt *m)
{
    int dir, this_, mo, sure, e, n;
    int j = rrel(c, i, &dir, &this_);
    if ((e = rmonth(c, j, &mo, &sure)) == 0) return 0;
    const tok *t = T(c, j);
    if ((mo == 5 || mo == 3) && !(t->flags & TF_CAP)) {
        /* "this march" is a walk; "in may." at the end of a clause is a
         * month */
        int b = W(c, i - 1);
        const tok *nx = T(c, e);
        if (!(j == i && (b == W_IN || b == W_SINCE || b == W_UNTIL || b == W_OF || b == W_BY) &&
              (nx->kind == K_NONE || (nx->kind == K_PUNCT && nx->ch != '-'))))
            return 0;
    }
    if (j == i) {
        /* a month named alone must be sure of itself or follow a word
         * that asks for a time; May never is sure */
        int lead = temporal_lead(W(c, i - 1)) || P(c, i - 1, '(');
        if (!sure && !lead) return 0;
        if (t->mabbr && !P(c, j + 1, '.') &&
            !((t->flags & TF_CAP) && temporal_lead(W(c, i - 1)) && W(c, i - 1) != W_AND &&
              W(c, i - 1) != W_OR && W(c, i - 1) != W_THAT))
            return 0; /* "and Jan Kavan" */
        if (mo == 5 && !lead) return 0;
    }
    m->v.gran = TD_TIMEX_PREC_MONTH;
    m->v.mo = mo;
    int k;
    if ((k = ryear_rel(c, e, &n)) != 0) {
        m->rk = RK_SHIFT, m->ru = U_YEAR, m->rn = n;
        return found(m, k, TD_TIMEX_DATE);
    }
    if (this_) {
        m->rk = RK_SHIFT, m->ru = U_YEAR, m->rn = 0;
    } else {
        m->rk = RK_YEARLESS;
        m->rdir = dir;
    }
    return found(m, e, TD_TIMEX_DATE);
}

/* A weekday: "Monday", "last Friday", "this coming Sunday", "Friday
 * night". */
static int r_weekday(ctx *c, int i, mt *m)
{
    int dir, this_, wd, pod = 0, e, k;
    int j = rrel(c, i, &dir, &this_);
    int anaph = 0;
    if (j == i && W(c, i) == W_THE &&
        (W(c, i + 1) == W_PREVIOUS || W(c, i + 1) == W_PRIOR || W(c, i + 1) == W_FOLLOWING)) {
        dir = W(c, i + 1) == W_FOLLOWING ? DIR_NEXT : DIR_PREV;
        anaph = 1;
        j = i + 2;
    }
    /* "next week Monday", "last week on Tuesday" */
    if ((W(c, i) == W_NEXT || W(c, i) == W_LAST || W(c, i) == W_THIS ||
                   W(c, i) == W_PREVIOUS || W(c, i) == W_FOLLOWING) &&
        T(c, i + 1)->unit == U_WEEK) {
        int k2 = i + 2;
        if (W(c, k2) == W_ON || P(c, k2, ',') || P(c, k2, '-')) k2++;
        if (T(c, k2)->wday || T(c, k2)->wabbr) {
            dir = W(c, i) == W_THIS ? DIR_THISWEEK
                : W(c, i) == W_NEXT || W(c, i) == W_FOLLOWING ? DIR_NEXT : DIR_PREV;
            j = k2;
            this_ = 0;
        }
    }
    if ((e = rwday(c, j, &wd)) == 0) {
        /* an abbreviation where the phrase shows it is a day: "next week
         * Mon", "tues the 4th" */
        const tok *t = T(c, j);
        if (!t->wabbr || !(j > i || (W(c, j + 1) == W_THE && (is_num(c, j + 2) || T(c, j + 2)->ord))))
            return 0;
        wd = t->wabbr;
        e = j + 1;
    }
    if (this_) dir = DIR_THISWEEK;
    /* "Tuesday the 11th", "Friday 23": a day of the month with it */
    if (!dir && !anaph) {
        int k2 = e + (W(c, e) == W_THE), dom;
        int e2 = rday(c, k2, &dom);
        if (e2 && (k2 > e || T(c, k2)->kind == K_NUM) && !T(c, e2)->month && !T(c, e2)->mabbr &&
            !T(c, e2)->unit && !T(c, e2)->units &&
            !((P(c, e2, '/') || P(c, e2, '.') || P(c, e2, '-')) && ADJ(c, e2) && is_num(c, e2 + 1)) &&
            !(T(c, k2)->kind == K_NUM && W(c, e2) != W_ST && T(c, e2)->kind == K_WORD &&
              !T(c, e2)->w) &&
            !(T(c, k2)->kind == K_NUM && (W(c, e2) == W_OCLOCK || W(c, e2) == W_AM ||
                                         W(c, e2) == W_PM || W(c, e2) == W_O ||
                                         ((W(c, e2) == W_A || W(c, e2) == W_P) && P(c, e2 + 1, '.'))))) {
            m->v.gran = TD_TIMEX_PREC_DAY;
            m->v.wd = wd, m->v.d = dom;
            m->wd = wd;
            m->rk = RK_WDAYDOM;
            m->report = 1;
            return found(m, e2, TD_TIMEX_DATE);
        }
    }
    if ((k = rpod(c, e, &pod)) != 0) e = k;
    else if ((W(c, e) == W_EARLY || W(c, e) == W_LATE) && (k = rpod(c, e + 1, &pod)) != 0)
        e = k; /* "Sunday early morning" */
    /* "Tuesday of next week", "Wednesday evening last week" */
    k = e;
    if (W(c, k) == W_OF) k++;
    if (W(c, k) == W_THE) k++;
    if (T(c, k + 1)->unit == U_WEEK && !dir) {
        int w2 = W(c, k);
        if (w2 == W_NEXT || w2 == W_FOLLOWING) dir = DIR_NEXT, e = k + 2;
        else if (w2 == W_LAST || w2 == W_PREVIOUS) dir = DIR_PREV, e = k + 2;
        else if (w2 == W_THIS) dir = DIR_THISWEEK, e = k + 2;
    }
    m->v.gran = pod ? TD_TIMEX_PREC_PARTDAY : TD_TIMEX_PREC_DAY;
    m->v.wd = wd;
    m->v.pod = pod;
    m->wd = wd;
    m->rk = RK_WDAY;
    m->rdir = dir ? dir : tense_at(c, i, e) > 0 ? 1 : -1;
    /* "Wednesday's ruling": a day already talked of */
    if (!dir && !pod && P(c, e, '\'') && ADJ(c, e) && W(c, e + 1) == W_S) m->rdir = -1;
    m->report = !anaph;
    return found(m, e, TD_TIMEX_DATE);
}

/* today, yesterday, tomorrow, tonight, "this morning", "last night",
 * "yesterday afternoon", "the day before yesterday". */
static int r_deictic(ctx *c, int i, mt *m)
{
    int w = W(c, i), j = i + 1, n = 0, pod = 0, k;
    switch (w) {
    case W_TODAY: n = 0; break;
    case W_YESTERDAY: n = -1; break;
    case W_TOMORROW: n = 1; break;
    case W_TONIGHT: pod = P_NI; break;
    case W_LAST:
        if (!rpod(c, j, &pod) || (pod != P_NI && pod != P_EV)) return 0;
        n = -1;
        j++;
        break;
    case W_THIS:
        if (!rpod(c, j, &pod)) return 0;
        j++;
        break;
    case W_THE:
        if (T(c, j)->pod && T(c, j)->pod != P_MI &&
            (W(c, i - 1) == W_IN || W(c, i - 1) == W_DURING || W(c, i - 1) == W_BY ||
             W(c, i - 1) == W_UNTIL || W(c, i - 1) == W_THROUGH) &&
            !(W(c, j + 1) == W_OF || W(c, j + 1) == W_AFTER || W(c, j + 1) == W_BEFORE)) {
            pod = T(c, j)->pod; /* "in the morning": of the day in question */
            j++;
            break;
        }
        if (T(c, j)->unit == U_DAY && (W(c, j + 1) == W_BEFORE || W(c, j + 1) == W_AFTER) &&
            (W(c, j + 2) == W_YESTERDAY || W(c, j + 2) == W_TOMORROW)) {
            n = W(c, j + 2) == W_YESTERDAY ? -2 : 2;
            j += 3;
            break;
        }
        if (T(c, j)->unit == U_DAY && (W(c, j + 1) == W_BEFORE || W(c, j + 1) == W_AFTER) &&
            (T(c, j + 2)->kind == K_PUNCT || T(c, j + 2)->kind == K_NONE)) {
            /* "the day before", "the day after": of the day in question */
            m->v.gran = TD_TIMEX_PREC_DAY;
            m->rk = RK_ANAPH, m->ru = U_DAY, m->rn = W(c, j + 1) == W_BEFORE ? -1 : 1;
            return found(m, j + 2, TD_TIMEX_DATE);
        }
        return 0;
    default:
        return 0;
    }
    if (!pod && w != W_THE && (k = rpod(c, j, &pod)) != 0) j = k;
    m->v.gran = pod ? TD_TIMEX_PREC_PARTDAY : TD_TIMEX_PREC_DAY;
    m->v.pod = pod;
    m->rk = RK_SHIFT, m->ru = U_DAY, m->rn = n;
    m->report = 1;
    return found(m, j, pod ? TD_TIMEX_TIME : TD_TIMEX_DATE);
}

/* PRESENT_REF, PAST_REF, FUTURE_REF: "now", "currently", "recently",
 * "the past", "the future", "soon". */
static int r_ref(ctx *c, int i, mt *m)
{
    int w = W(c, i), j = i + 1;
    const char *ref = NULL;
    switch (w) {
    case W_NOW: case W_CURRENTLY: case W_NOWADAYS:
        ref = "PRESENT_REF";
        break;
    case W_TO: case W_TILL:
        /* "to date": so far, not "up to date" */
        if (W(c, j) != W_DATE || W(c, i - 1) == W_UP || P(c, j + 1, '-') || is_num(c, j + 1))
            return 0;
        ref = "PRESENT_REF";
        j++;
        break;
    case W_PRESENT:
        if (W(c, i - 1) != W_AT) return 0; /* "at present" */
        ref = "PRESENT_REF";
        break;
    case W_CURRENT:
        /* the adjective: "current realities", not "the current quarter" */
        if (T(c, j)->kind != K_WORD || T(c, j)->unit || T(c, j)->units || W(c, j) == W_FISCAL ||
            T(c, j)->month || T(c, j)->season)
            return 0;
        ref = "PRESENT_REF";
        break;
    case W_THESE:
        if (T(c, j)->units != U_DAY) return 0;
        ref = "PRESENT_REF";
        j++;
        break;
    case W_THIS:
        if (W(c, i - 1) != W_AT || W(c, j) != W_TIME) return 0;
        ref = "PRESENT_REF"; /* "at this time" */
        j++;
        break;
    case W_RECENTLY: case W_LATELY:
        ref = "PAST_REF";
        break;
    case W_MORE:
        if (W(c, j) != W_RECENTLY) return 0;
        ref = "PAST_REF";
        j++;
        break;
    case W_SOON:
        /* not "soon after", "as soon as" */
        if (W(c, i - 1) == W_AS || W(c, j) == W_AFTER || W(c, j) == W_AS) return 0;
        ref = "FUTURE_REF";
        break;
    case W_AS:
        if (W(c, j) != W_SOON || W(c, j + 1) != W_AS || W(c, j + 2) != W_POSSIBLE) return 0;
        ref = "FUTURE_REF";
        j += 3;
        break;
    case W_THE: {
        int k = j;
        if (W(c, k) == W_NEAR || W(c, k) == W_DISTANT || W(c, k) == W_IMMEDIATE ||
            W(c, k) == W_FORESEEABLE)
            k++;
        if (W(c, k) == W_FUTURE) {
            ref = "FUTURE_REF";
            j = k + 1;
            break;
        }
        if (W(c, k) == W_PAST && k == j) {
            /* "the past" on its own, not "the past three years" */
            const tok *u = T(c, k + 1);
            if (u->unit || u->units || u->iscard || u->kind == K_NUM || u->w == W_FEW ||
                u->w == W_SEVERAL || u->w == W_COUPLE || u->w == W_MANY || u->ord ||
                u->season || u->wday || u->month)
                return 0;
            ref = "PAST_REF";
            j = k + 1;
            break;
        }
        if (W(c, i - 1) == W_AT && (W(c, j) == W_MOMENT ||
                                    (W(c, j) == W_PRESENT && W(c, j + 1) == W_TIME))) {
            ref = "PRESENT_REF"; /* "at the moment", "at the present time" */
            j += W(c, j) == W_MOMENT ? 1 : 2;
            break;
        }
        if ((W(c, j) == W_NEAR || W(c, j) == W_SHORT || W(c, j) == W_LONG) &&
            W(c, j + 1) == W_TERM) {
            ref = "FUTURE_REF"; /* "the near term" */
            j += 2;
            break;
        }
        return 0;
    }
    case W_A:
        if (W(c, j) == W_LATER && W(c, j + 1) == W_DATE) {
            ref = "FUTURE_REF";
            j += 2;
            break;
        }
        return 0;
    default:
        return 0;
    }
    m->rk = RK_REF;
    m->ref = ref;
    m->v.gran = TD_TIMEX_PREC_NONE;
    return found(m, j, TD_TIMEX_DATE);
}

/* Units a calendar phrase can name ("last week", "this quarter"). */
static int calendar_unit(int u)
{
    return u == U_DAY || u == U_WEEK || u == U_WEEKEND || u == U_MONTH || u == U_QUARTER ||
           u == U_YEAR || u == U_DECADE || u == U_CENTURY;
}

/* "this week", "last year", "the past month", "next quarter", "the
 * following day", "that year", "the current fiscal year", "the weekend". */
static int r_unit_rel(ctx *c, int i, mt *m)
{
    int j = i, det = 0, rk = RK_SHIFT, n = 0;
    int w = W(c, j);
    if (w == W_THE || w == W_THAT || w == W_ITS) {
        det = w;
        j++;
        w = W(c, j);
    }
    if (det == W_THAT) {
        rk = RK_ANAPH, n = 0; /* "that year" */
    } else if (w == W_THIS || w == W_CURRENT || w == W_PRESENT) {
        if (w == W_THIS && det) return 0;
        if (w == W_THIS && W(c, j + 1) == W_PAST) { n = -1; j++; }
        else if (w == W_THIS && (W(c, j + 1) == W_COMING || W(c, j + 1) == W_UPCOMING)) { n = 1; j++; }
        j++;
    } else if (w == W_LAST || w == W_PAST) {
        n = -1;
        j++;
    } else if (w == W_PREVIOUS || w == W_PRIOR) {
        n = -1;
        if (det == W_THE) rk = RK_ANAPH;
        j++;
    } else if (w == W_NEXT || w == W_COMING || w == W_UPCOMING) {
        n = 1;
        if (det == W_THE && w == W_NEXT) rk = RK_ANAPH;
        j++;
    } else if (w == W_FOLLOWING) {
        if (det != W_THE) return 0;
        n = 1, rk = RK_ANAPH;
        j++;
    } else if (w == W_SAME) {
        if (det != W_THE) return 0;
        n = 0, rk = RK_ANAPH;
        j++;
    } else if (det == W_THE && T(c, j)->unit == U_WEEKEND) {
        /* "the weekend": the one before the anchor unless the sentence
         * looks ahead */
        m->v.gran = TD_TIMEX_PREC_WEEK;
        m->v.we = 1;
        m->rk = RK_SHIFT, m->ru = U_WEEKEND, m->rn = 0;
        m->rdir = tense_at(c, i, j + 1) > 0 ? 1 : -1;
        return found(m, j + 1, TD_TIMEX_DATE);
    } else {
        return 0;
    }
    if (rk == RK_ANAPH && T(c, j)->pod && T(c, j)->pod != P_MI) {
        /* "the next morning", "that night": a day */
        m->v.gran = TD_TIMEX_PREC_DAY;
        m->rk = RK_ANAPH, m->ru = U_DAY, m->rn = n;
        return found(m, j + 1, TD_TIMEX_DATE);
    }
    if (W(c, j) == W_FISCAL || W(c, j) == W_CALENDAR) j++;
    int u = T(c, j)->unit;
    if (!calendar_unit(u)) return 0;
    if (u == U_QUARTER && W(c, i) == W_THE && W(c, i + 1) == W_LATEST) return 0;
    m->v.gran = unit_gran(u);
    if (u == U_WEEKEND) {
        m->v.we = 1;
        m->rdir = 0;
    }
    m->rk = rk, m->ru = u == U_WEEKEND ? U_WEEK : u, m->rn = n;
    if (u == U_WEEKEND) m->ru = U_WEEKEND;
    m->report = u == U_DAY;
    return found(m, j + 1, TD_TIMEX_DATE);
}

/* "the year" as a date ("for the year") or a duration ("the year ended
 * June 30"), "year-end", "year's end", and "year-earlier", "year-ago" on
 * their own ("year-earlier results"). */
static int r_yearword(ctx *c, int i, mt *m)
{
    int j = i, w = W(c, i);
    if (w == W_THE) {
        j++;
        while (W(c, j) == W_FULL || W(c, j) == W_FISCAL || W(c, j) == W_ENTIRE ||
               W(c, j) == W_WHOLE || W(c, j) == W_CALENDAR)
            j++;
        if (T(c, j)->unit != U_YEAR || P(c, j + 1, '\'') || P(c, j + 1, '-') ||
            (W(c, j + 1) == W_OF && is_num(c, j + 2)))
            return 0;
        if (W(c, j + 1) == W_ENDED) {
            m->rk = RK_DUR;
            dur_value(m->dur, 1, U_YEAR);
            return found(m, j + 1, TD_TIMEX_DURATION);
        }
        int b = W(c, i - 1);
        if (!(b == W_FOR || b == W_OF || b == W_IN || b == W_THROUGH || b == W_THROUGHOUT ||
              b == W_DURING || b == W_BY))
            return 0;
        m->v.gran = TD_TIMEX_PREC_YEAR;
        m->rk = RK_SHIFT, m->ru = U_YEAR, m->rn = 0;
        return found(m, j + 1, TD_TIMEX_DATE);
    }
    if (T(c, i)->unit != U_YEAR) return 0;
    int e = 0;
    if (P(c, i + 1, '-') && ADJ(c, i + 1) && W(c, i + 2) == W_END && ADJ(c, i + 2)) e = i + 3;
    else if (W(c, i + 1) == W_END && temporal_lead(W(c, i - 1))) e = i + 2;
    else if (P(c, i + 1, '\'') && W(c, i + 2) == W_S && W(c, i + 3) == W_END) e = i + 4;
    if (e) {
        m->v.gran = TD_TIMEX_PREC_YEAR;
        m->rk = RK_SHIFT, m->ru = U_YEAR, m->rn = 0;
        m->mod = "END";
        return found(m, e, TD_TIMEX_DATE);
    }
    if (P(c, i + 1, '-') && ADJ(c, i + 1) && (W(c, i + 2) == W_EARLIER || W(c, i + 2) == W_AGO) &&
        ADJ(c, i + 2)) {
        /* the quarter under discussion a year back, or last year */
        m->rk = RK_QCTX, m->rn = -1, m->ru = U_YEAR;
        return found(m, i + 3, TD_TIMEX_DATE);
    }
    return 0;
}

/* Quarters and halves: "the third quarter", "third-quarter", "the fiscal
 * first quarter", "the 1988 third quarter", "this year's third quarter",
 * "the first half of 1998", "the year-earlier quarter", "Q3 2024". */
static int r_quarter(ctx *c, int i, mt *m)
{
    int j = i, y = YUNK, yshift = 0, has_shift = 0, back = 0, q = 0, half = 0, ctxq = 0, k, e;
    int w = W(c, j);
    /* 2017 Q1, 2017-Q1, 2019 H2 */
    if ((e = ryear(c, j, &y)) != 0 && T(c, j)->kind == K_NUM) {
        k = e;
        if (P(c, k, '-') && ADJ(c, k)) k++;
        int qw = W(c, k);
        if ((qw == W_Q || qw == W_H) && is_num(c, k + 1) && ADJ(c, k + 1) &&
            T(c, k + 1)->ndig == 1 && T(c, k + 1)->num >= 1 &&
            T(c, k + 1)->num <= (qw == W_Q ? 4 : 2) && !ADJ(c, k + 2)) {
            m->v.gran = qw == W_Q ? TD_TIMEX_PREC_QUARTER : TD_TIMEX_PREC_HALF;
            m->v.sub = (int)T(c, k + 1)->num;
            m->v.y = y;
            return found(m, k + 2, TD_TIMEX_DATE);
        }
        y = YUNK;
    }
    /* Q3, Q3 2024, H2 2019 */
    if ((w == W_Q || w == W_H) && is_num(c, j + 1) && ADJ(c, j + 1) && T(c, j + 1)->num >= 1 &&
        T(c, j + 1)->num <= (w == W_Q ? 4 : 2) && T(c, j + 1)->ndig == 1 &&
        (w == W_Q || T(c, j)->flags & TF_CAP)) {
        m->v.gran = w == W_Q ? TD_TIMEX_PREC_QUARTER : TD_TIMEX_PREC_HALF;
        m->v.sub = (int)T(c, j + 1)->num;
        k = j + 2;
        if ((e = ryear(c, k, &y)) != 0) {
            m->v.y = y;
            return found(m, e, TD_TIMEX_DATE);
        }
        m->rk = RK_YEARLESS, m->rdir = -1;
        return found(m, k, TD_TIMEX_DATE);
    }
    int det = 0;
    if ((w == W_THE || w == W_ITS || w == W_THEIR || w == W_THIS || w == W_THAT || w == W_A) &&
        !(T(c, j + 1)->unit == U_YEAR && P(c, j + 2, '\''))) {
        det = w;
        j++;
    }
    for (int guard = 0; guard < 4; guard++) {
        w = W(c, j);
        if (w == W_FISCAL || w == W_COMPARABLE || w == W_CORRESPONDING || w == W_SAME) {
            j++;
        } else if ((e = ryear(c, j, &y)) != 0 && T(c, j)->kind == K_NUM) {
            j = e;
            if (P(c, j, '\'') && W(c, j + 1) == W_S) j += 2;
        } else if ((w == W_THIS || w == W_LAST || w == W_NEXT) && T(c, j + 1)->unit == U_YEAR &&
                   P(c, j + 2, '\'') && W(c, j + 3) == W_S) {
            has_shift = 1;
            yshift = w == W_THIS ? 0 : w == W_LAST ? -1 : 1;
            j += 4;
        } else if (T(c, j)->unit == U_YEAR && P(c, j + 1, '-') && ADJ(c, j + 1) &&
                   (W(c, j + 2) == W_EARLIER || W(c, j + 2) == W_AGO)) {
            back = 1;
            j += 3;
        } else {
            break;
        }
    }
    w = W(c, j);
    const tok *t = T(c, j);
    if (t->ord >= 1 && t->ord <= 4 && t->kind == K_WORD) q = t->ord, j++;
    else if (w == W_FINAL || (w == W_LAST && det)) q = 4, j++;
    else if (w == W_LATEST || w == W_CURRENT) ctxq = w, j++;
    else if (t->kind == K_NUM && t->ndig == 1 && t->num >= 1 && t->num <= 4 && W(c, j + 1) == W_ST &&
             ADJ(c, j + 1))
        q = (int)t->num, j += 2;
    int hyphen = 0;
    if (P(c, j, '-') && ADJ(c, j) && ADJ(c, j + 1)) j++, hyphen = 1;
    int u = T(c, j)->unit;
    if (W(c, j) == W_HALF) {
        half = 1;
        if (q > 2) return 0;
    } else if (u == U_QUARTER) {
    } else if (W(c, j) == W_PERIOD && (back || ctxq || y != YUNK || W(c, i + 1) == W_COMPARABLE ||
                                      W(c, i + 1) == W_CORRESPONDING || W(c, i + 1) == W_SAME)) {
        if (q) return 0;
    } else {
        return 0;
    }
    if (P(c, j + 1, '-') && ADJ(c, j + 1)) return 0; /* "quarter-century" */
    if (!det && !q && !back && y == YUNK && !has_shift) return 0;
    if (!q && !back && !ctxq && !has_shift && y == YUNK && det != W_THE && det != W_THAT && det != W_ITS)
        return 0;
    j++;
    /* after: "of 1998", "of fiscal 1990", "of the year", "of this year",
     * "last year", "a year ago", "a year earlier" */
    k = j;
    if (W(c, k) == W_OF) {
        int k2 = k + 1;
        if (W(c, k2) == W_FISCAL) k2++;
        if ((e = ryear(c, k2, &y)) != 0) j = e;
        else if ((e = ryear_rel(c, k, &yshift)) != 0) has_shift = 1, j = e;
        else if (W(c, k2) == W_THE && T(c, k2 + 1)->unit == U_YEAR) j = k2 + 2;
    } else if ((e = ryear_rel(c, k, &yshift)) != 0) {
        has_shift = 1, j = e;
    } else if (W(c, k) == W_A && T(c, k + 1)->unit == U_YEAR &&
               (W(c, k + 2) == W_AGO || W(c, k + 2) == W_EARLIER)) {
        back = 1;
        j = k + 3;
    }
    m->v.gran = half ? TD_TIMEX_PREC_HALF : TD_TIMEX_PREC_QUARTER;
    m->v.sub = q;
    /* "a third-quarter loss", "its fourth quarter": the extent is the
     * quarter, not the article */
    if (det && (det == W_A || det == W_ITS || det == W_THEIR || hyphen)) m->skip = 1;
    if (y != YUNK) {
        m->v.y = y;
        if (!q) m->rk = RK_QCTX, m->rn = 0, m->v.y = y; /* "the 1988 period" */
        if (!q) m->v.sub = 0;
    } else if (has_shift) {
        m->rk = RK_SHIFT, m->ru = U_YEAR, m->rn = yshift;
        if (!q) m->rk = RK_QCTX, m->rn = yshift;
    } else if (back) {
        m->rk = RK_QCTX, m->rn = -1;
    } else if (q) {
        m->rk = RK_YEARLESS;
        m->rdir = tense_at(c, i, j) > 0 ? DIR_SAMEYEAR_FUT : DIR_SAMEYEAR;
    } else {
        m->rk = RK_QCTX, m->rn = 0;
        if (ctxq == W_CURRENT) m->rk = RK_SHIFT, m->ru = U_QUARTER, m->rn = 0;
    }
    return found(m, j, TD_TIMEX_DATE);
}

/* Seasons: "summer", "last fall", "this spring", "the winter of 1998". */
static int r_season(ctx *c, int i, mt *m)
{
    int dir, this_, y, n, e, k;
    int j = rrel(c, i, &dir, &this_);
    int the = 0;
    if (j == i && W(c, j) == W_THE) the = 1, j++;
    const tok *t = T(c, j);
    if (!t->season) return 0;
    int s = t->season;
    e = j + 1;
    m->v.gran = TD_TIMEX_PREC_SEASON;
    m->v.sub = s;
    k = e;
    if (W(c, k) == W_OF) k++;
    if ((e = ryear(c, k, &y)) != 0 && (k > j + 1 || T(c, k)->kind == K_NUM)) {
        m->v.y = y;
        return found(m, e, TD_TIMEX_DATE);
    }
    e = j + 1;
    if ((k = ryear_rel(c, e, &n)) != 0) {
        m->rk = RK_SHIFT, m->ru = U_YEAR, m->rn = n;
        return found(m, k, TD_TIMEX_DATE);
    }
    if (j == i || the) {
        /* a season word alone must follow a temporal word; "fall" and
         * "spring" are verbs too, so they need "the" after one */
        int lead = temporal_lead(W(c, i - 1));
        if (!lead) return 0;
        if ((s == 1 || s == 3) && !the) return 0;
        if (W(c, i - 1) == W_AND || W(c, i - 1) == W_OR || W(c, i - 1) == W_TO) return 0;
    }
    if (this_) {
        m->rk = RK_SHIFT, m->ru = U_YEAR, m->rn = 0;
    } else {
        m->rk = RK_YEARLESS;
        m->rdir = dir ? dir : tense_at(c, i, e) > 0 ? 1 : 0;
    }
    return found(m, e, TD_TIMEX_DATE);
}

/* A word that reads as a plural noun, so a number before it counts
 * things: "troops", "cars", "people". */
static int plural_noun(const ctx *c, int i)
{
    static const char *const irregular[] = {"people", "children", "men", "women", "police",
                                            "staff", "personnel", "aircraft", "cattle"};
    const tok *t = T(c, i);
    if (t->kind != K_WORD || (t->flags & TF_CAP) || t->w) return 0;
    const char *s = c->sc.s + t->start;
    size_t l = t->end - t->start;
    for (size_t k = 0; k < sizeof irregular / sizeof irregular[0]; k++)
        if (strlen(irregular[k]) == l && memcmp(s, irregular[k], l) == 0) return 1;
    return l > 3 && s[l - 1] == 's' && s[l - 2] != 's';
}

/* A bare four-digit number read as a year: reject what looks like a
 * count or a label ("2000 people", "about 1500", "Windows 2000"). */
static int year_plausible(const ctx *c, int i, int e, int y)
{
    int before = W(c, i - 1);
    const tok *p = T(c, i - 1), *n = T(c, e);
    int lead = temporal_lead(before) || before == W_FISCAL;
    if ((y < 1600 || y > 2099) && !lead) return 0;
    if (before == W_ABOUT || before == W_NEARLY || before == W_SOME || before == W_THAN ||
        before == W_ALMOST || before == W_APPROXIMATELY || before == W_OVER || before == W_UNDER)
        return 0;
    if (p->kind == K_PUNCT && (p->ch == '$' || p->ch == '#')) return 0;
    if (!n->unit && !n->units && !n->month && !n->season && !lead && plural_noun(c, e))
        return 0; /* "1500 troops", "2000 people" */
    if (n->kind == K_WORD && (n->w == W_PER || (n->units && n->units != U_YEAR))) return 0;
    return 1;
}

/* Years, decades and centuries: "1998", "fiscal 1989", "the year 2000",
 * "the 1990s", "the '90s", "the nineties", "the 20th century". */
static int r_year(ctx *c, int i, mt *m)
{
    int j = i, y, e, fiscal = 0, theyear = 0;
    /* "the 1990s": the article goes with a decade */
    if (W(c, j) == W_THE && ryear(c, j + 1, &y) && T(c, j + 1)->kind == K_NUM &&
        W(c, j + 2) == W_S && ADJ(c, j + 2)) {
        m->v.gran = TD_TIMEX_PREC_DECADE;
        m->v.y = y - y % 10;
        return found(m, j + 3, TD_TIMEX_DATE);
    }
    if (W(c, j) == W_FISCAL) {
        fiscal = 1;
        j++;
        if (T(c, j)->unit == U_YEAR) j++;
    } else if (W(c, j) == W_THE && T(c, j + 1)->unit == U_YEAR) {
        theyear = 1;
        j += 2;
    } else if (W(c, j) == W_FY && is_num(c, j + 1)) {
        fiscal = 1;
        j++;
    } else if ((W(c, j) == W_POST || W(c, j) == W_PRE) && P(c, j + 1, '-') && ADJ(c, j + 1) &&
               is_num(c, j + 2) && ADJ(c, j + 2)) {
        fiscal = 1; /* "post-1959": as sure as "fiscal" */
        j += 2;
    }
    if ((e = ryear(c, j, &y)) != 0) {
        /* decades: 1990s, 1990's, '90s */
        if (W(c, e) == W_S && ADJ(c, e)) {
            m->v.gran = TD_TIMEX_PREC_DECADE;
            m->v.y = y - y % 10;
            return found(m, e + 1, TD_TIMEX_DATE);
        }
        if (P(c, e, '\'') && ADJ(c, e) && W(c, e + 1) == W_S && ADJ(c, e + 1) && y % 10 == 0 &&
            T(c, j)->kind == K_NUM) {
            m->v.gran = TD_TIMEX_PREC_DECADE;
            m->v.y = y;
            return found(m, e + 2, TD_TIMEX_DATE);
        }
        if (P(c, j, '\'')) {
            if (!fiscal && !theyear && !temporal_lead(W(c, i - 1))) return 0;
        } else if (T(c, j)->kind == K_WORD) {
            /* "nineteen ninety-six" is a year anywhere; "two thousand"
             * only where a year is expected */
            int pair = T(c, j)->card >= 10 && T(c, j)->card <= 20 && e - j >= 2 &&
                       T(c, j + 1)->iscard && T(c, j + 1)->card >= 10;
            if (!theyear && !pair && !temporal_lead(W(c, i - 1)) && !fiscal) return 0;
        } else if (!fiscal && !theyear && !year_plausible(c, j, e, y)) {
            return 0;
        }
        m->v.gran = TD_TIMEX_PREC_YEAR;
        m->v.y = y;
        return found(m, e, TD_TIMEX_DATE);
    }
    /* "the 90s", "the nineties", "the 20th century", "the twentieth
     * century" */
    int k = i;
    if (W(c, k) == W_THE) k++;
    const tok *t = T(c, k);
    if (k > i && t->kind == K_NUM && t->ndig == 2 && t->num % 10 == 0 && W(c, k + 1) == W_S &&
        ADJ(c, k + 1)) {
        m->v.gran = TD_TIMEX_PREC_DECADE;
        m->v.y = 1900 + (int)t->num;
        return found(m, k + 2, TD_TIMEX_DATE);
    }
    if (k > i && P(c, k, '\'') && is_num(c, k + 1) && T(c, k + 1)->ndig == 2 &&
        T(c, k + 1)->num % 10 == 0 && W(c, k + 2) == W_S && ADJ(c, k + 2)) {
        m->v.gran = TD_TIMEX_PREC_DECADE;
        m->v.y = 1900 + (int)T(c, k + 1)->num;
        return found(m, k + 3, TD_TIMEX_DATE);
    }
    if (k > i && t->decw) {
        m->v.gran = TD_TIMEX_PREC_DECADE;
        m->v.y = 1900 + 10 * t->decw;
        return found(m, k + 1, TD_TIMEX_DATE);
    }
    int ord = 0, e2 = 0;
    if (t->kind == K_NUM && t->ndig <= 2 && W(c, k + 1) == W_ST && ADJ(c, k + 1)) {
        ord = (int)t->num;
        e2 = k + 2;
    } else if (t->iscard && t->card >= 20 && T(c, k + 1 + P(c, k + 1, '-'))->ord &&
               T(c, k + 1 + P(c, k + 1, '-'))->ord < 10) {
        int d = P(c, k + 1, '-'); /* "twenty-first century" */
        ord = t->card + T(c, k + 1 + d)->ord;
        e2 = k + 2 + d;
    } else if (t->ord && t->kind == K_WORD) {
        ord = t->ord;
        e2 = k + 1;
    }
    if (ord >= 1 && ord <= 30 && T(c, e2)->unit == U_CENTURY) {
        m->v.gran = TD_TIMEX_PREC_CENTURY;
        m->v.y = (ord - 1) * 100;
        return found(m, e2 + 1, TD_TIMEX_DATE);
    }
    return 0;
}

/* Bare plural units read as vague durations ("for years", "years of
 * war", "months ago") only where the words around make that clear. */
static int bare_plural_ok(const ctx *c, int i)
{
    int before = W(c, i - 1), after = W(c, i + 1);
    if (T(c, i)->units == U_SEC || T(c, i)->units == U_WEEKEND) return 0;
    if (before == W_FOR || before == W_OVER || before == W_WITHIN) return 1;
    if (before == W_IN && (T(c, i)->units == U_YEAR || T(c, i)->units == U_DECADE)) return 1;
    if (after == W_AGO || after == W_LATER || after == W_EARLIER) return 1;
    if (after == W_OF && (T(c, i)->units == U_YEAR || T(c, i)->units == U_DECADE ||
                          T(c, i)->units == U_MONTH))
        return before != W_THE;
    return 0;
}

typedef int (*rule_fn)(ctx *c, int i, mt *m);
static int r_holiday(ctx *c, int i, mt *m);

/* Durations and the dates they make: "three years", "a 72-hour
 * notice", "the past two months", "several years", "two weeks ago",
 * "a year earlier", "recent weeks", "twice a year" (a set). */
static int r_duration(ctx *c, int i, mt *m)
{
    int j = i, det = 0, rel = 0, unit = 0, plural = 0, e;
    double n = 0;
    int w = W(c, j);
    if (w == W_THE || w == W_ITS || w == W_THEIR || w == W_HIS || w == W_HER || w == W_OUR ||
        w == W_THESE || w == W_THOSE) {
        det = w;
        j++;
        w = W(c, j);
    }
    if (w == W_PAST || w == W_LAST || w == W_NEXT || w == W_COMING || w == W_PREVIOUS ||
        w == W_LATEST || w == W_FINAL || w == W_INITIAL || w == W_FOLLOWING || w == W_PRIOR ||
        w == W_RECENT || w == W_UPCOMING || w == W_ADDITIONAL || w == W_ANOTHER) {
        rel = w;
        j++;
    } else if (T(c, j)->kind == K_WORD && T(c, j)->ord == 1) {
        rel = W_INITIAL; /* "the first nine months" */
        j++;
    }
    if (W(c, j) == W_FEW && (det || rel)) {
        n = -1;
        j++;
        while (filler(W(c, j))) j++;
        if (T(c, j)->units) unit = T(c, j)->units, plural = 1, e = j + 1;
        else return 0;
    } else if ((e = rdur_core(c, j, &n, &unit, &plural)) == 0) {
        const tok *u = T(c, j);
        /* "day-long", "decades-long" */
        if ((u->unit || u->units) && !det && !rel && P(c, j + 1, '-') && ADJ(c, j + 1) &&
            W(c, j + 2) == W_LONG && ADJ(c, j + 2)) {
            m->rk = RK_DUR;
            dur_value(m->dur, u->units ? -1 : 1, u->units ? u->units : u->unit);
            return found(m, j + 3, TD_TIMEX_DURATION);
        }
        if (!u->units || (!calendar_unit(u->units) && u->units != U_HOUR && u->units != U_MIN))
            return 0;
        if (rel == W_RECENT || rel == W_COMING || rel == W_PAST || rel == W_LAST ||
            rel == W_NEXT || rel == W_UPCOMING) {
            if (rel != W_RECENT && rel != W_COMING && rel != W_UPCOMING && !det) return 0;
        } else if (det == W_THE && W(c, j + 1) == W_AHEAD) {
            e = j + 2;
        } else if (!det && !rel && bare_plural_ok(c, j)) {
        } else if (det == W_THE && !rel &&
                   (W(c, i - 1) == W_OVER || W(c, i - 1) == W_IN || W(c, i - 1) == W_THROUGH ||
                    W(c, i - 1) == W_DURING || W(c, i - 1) == W_FOR) &&
                   (u->units == U_YEAR || u->units == U_DECADE)) {
            /* "over the years", "in the years that followed" */
        } else {
            return 0;
        }
        n = -1;
        unit = u->units;
        plural = 1;
        if (!e) e = j + 1;
    }
    if (unit == U_SEC && !plural && !is_num(c, j) && !T(c, j)->iscard)
        return 0; /* "a second term" */
    /* "1 hour and 30 minutes", "2 years 1 month 21 days": smaller units
     * after the first, in whole numbers */
    double parts[U_MILLENNIUM + 1] = {0};
    int nparts = 1, last = unit;
    if (n > 0 && n == floor(n) && unit >= U_SEC && unit <= U_YEAR && unit != U_QUARTER &&
        unit != U_HALF) {
        parts[unit] = n;
        for (;;) {
            int k = e, u2, pl2;
            double n2;
            if (W(c, k) == W_AND || P(c, k, ',')) k++;
            int e2 = is_num(c, k) || T(c, k)->iscard ? rdur_core(c, k, &n2, &u2, &pl2) : 0;
            if (!e2 || n2 <= 0 || u2 >= last || u2 == U_QUARTER || u2 == U_HALF ||
                u2 == U_FORTNIGHT || u2 == U_WEEKEND || n2 != floor(n2))
                break;
            parts[u2] = n2;
            last = u2;
            nparts++;
            e = e2;
        }
    }
    if (unit == U_WEEKEND && !plural && n == 1 && (W(c, j) == W_A)) return 0;
    if (unit == U_QUARTER && !plural && det == W_THE && !rel) return 0;
    /* "twice a year", "$5 a day", "50 cents per share per day": a set */
    if ((W(c, i) == W_A || W(c, i) == W_AN || W(c, i) == W_PER) && !plural && n == 1 &&
        i == j) {
        int b = W(c, i - 1);
        const tok *p = T(c, i - 1);
        if (b == W_TIMES || b == W_ONCE || b == W_TWICE || b == W_THRICE || W(c, i) == W_PER ||
            (p->kind == K_PUNCT && p->ch == '%')) {
            m->rk = RK_DUR;
            dur_value(m->dur, 1, unit);
            return found(m, e, TD_TIMEX_SET);
        }
    }
    if (W(c, i) == W_PER) return 0;
    if (unit == U_QUARTER && W(c, e) == W_OF) return 0; /* "a quarter of" is a share */
    /* "year-earlier", "year-ago", "year-end" are other words */
    if (P(c, e, '-') && ADJ(c, e) &&
        (W(c, e + 1) == W_EARLIER || W(c, e + 1) == W_AGO || W(c, e + 1) == W_END))
        return 0;
    /* an age ("the 6-year-old", "52 years old") is not a time */
    if (W(c, e) == W_OLD || (P(c, e, '-') && W(c, e + 1) == W_OLD)) return 0;
    /* "a two-day-long meeting" */
    if (P(c, e, '-') && ADJ(c, e) && W(c, e + 1) == W_LONG && ADJ(c, e + 1)) e += 2;
    int after = W(c, e);
    /* "two days after today", "3 weeks from tomorrow", "two weeks before
     * May 13 1999": a date moved */
    int workdays = 0; /* "eight trading days after": not calendar days */
    for (int k = j; k < e; k++)
        if (W(c, k) == W_TRADING || W(c, k) == W_BUSINESS || W(c, k) == W_WORKING) workdays = 1;
    if (!det && !rel && n > 0 && unit >= U_DAY && unit != U_WEEKEND && unit <= U_CENTURY &&
        !workdays && (after == W_FROM || after == W_AFTER || after == W_BEFORE) &&
        W(c, e + 1) != W_NOW) {
        mt d;
        int de = 0, k = e + 1;
        static const rule_fn day_rules[] = {r_deictic, r_weekday, r_date, r_holiday, r_numeric};
        for (size_t r = 0; r < sizeof day_rules / sizeof day_rules[0] && !de; r++) {
            mt_init(&d);
            de = day_rules[r](c, k, &d);
            if (de && (d.type != TD_TIMEX_DATE || d.v.gran != TD_TIMEX_PREC_DAY)) de = 0;
        }
        if (de) {
            int k2 = (int)lround(n);
            *m = d;
            m->post_ru = unit;
            m->post_rn = after == W_BEFORE ? -k2 : k2;
            m->listable = 0;
            return found(m, de, TD_TIMEX_DATE);
        }
    }
    /* "will be back in two weeks": a date, when the clause looks ahead */
    if (!det && !rel && n > 0 && W(c, i - 1) == W_IN && unit >= U_DAY && unit != U_WEEKEND &&
        unit != U_QUARTER && unit != U_HALF && unit <= U_YEAR && !workdays &&
        tense_at(c, i - 1, e) > 0) {
        int k2 = (int)lround(n);
        m->rk = RK_SHIFT;
        m->ru = unit == U_FORTNIGHT ? U_WEEK : unit;
        m->rn = unit == U_FORTNIGHT ? 2 * k2 : k2;
        m->v.gran = TD_TIMEX_PREC_DAY;
        return found(m, e, TD_TIMEX_DATE);
    }
    if (!det && !rel && (after == W_AGO || after == W_EARLIER || after == W_LATER ||
                         after == W_HENCE || (after == W_FROM && W(c, e + 1) == W_NOW) ||
                         ((after == W_BEFORE || after == W_AFTER) &&
                          (T(c, e + 1)->kind == K_PUNCT || T(c, e + 1)->kind == K_NONE)))) {
        if (unit == U_SEC || unit == U_MIN || unit == U_HOUR) {
            /* "three hours later": keep the duration */
        } else {
            int end = e + 1 + (after == W_FROM);
            if (n < 0) {
                m->rk = RK_REF;
                m->ref = after == W_AGO || after == W_EARLIER || after == W_BEFORE ? "PAST_REF"
                                                                                   : "FUTURE_REF";
                return found(m, end, TD_TIMEX_DATE);
            }
            int sign = after == W_AGO || after == W_EARLIER || after == W_BEFORE ? -1 : 1;
            int k = (int)lround(n);
            m->ru = unit == U_FORTNIGHT ? U_WEEK : unit == U_WEEKEND ? U_WEEK : unit;
            if (unit == U_FORTNIGHT) k *= 2;
            m->rn = sign * (k ? k : 1);
            m->v.gran = unit_gran(m->ru);
            if (m->ru == U_WEEK) m->v.gran = TD_TIMEX_PREC_DAY;
            if (m->ru == U_DECADE || m->ru == U_CENTURY) m->v.gran = TD_TIMEX_PREC_YEAR;
            m->rk = after == W_AGO ? RK_AGO
                  : after == W_HENCE || after == W_FROM ? RK_SHIFT : RK_ANAPH;
            if (m->rk == RK_ANAPH) m->v.gran = 0; /* the discourse's own */
            return found(m, end, TD_TIMEX_DATE);
        }
    }
    if (after == W_OR && W(c, e + 1) == W_SO) e += 2;
    if (after == W_AHEAD && det) e++;
    /* "the two-week crisis", "its one-year term": the article is not
     * part of an adjective */
    if (det && !rel && ((P(c, e - 2, '-') && ADJ(c, e - 1)) || (!plural && n != 1 && n >= 0)))
        m->skip = 1;
    m->rk = RK_DUR;
    if (nparts > 1) {
        static const struct { int unit; char c; } order[] = {
            {U_YEAR, 'Y'}, {U_MONTH, 'M'}, {U_WEEK, 'W'}, {U_DAY, 'D'},
            {U_HOUR, 'H'}, {U_MIN, 'M'}, {U_SEC, 'S'}};
        size_t o = 0;
        o += (size_t)snprintf(m->dur, sizeof m->dur, "P");
        for (size_t k = 0; k < sizeof order / sizeof order[0] && o < sizeof m->dur; k++) {
            if (!parts[order[k].unit]) continue;
            if (order[k].unit <= U_HOUR && !strchr(m->dur, 'T'))
                o += (size_t)snprintf(m->dur + o, sizeof m->dur - o, "T");
            if (o < sizeof m->dur)
                o += (size_t)snprintf(m->dur + o, sizeof m->dur - o, "%.0f%c",
                                      parts[order[k].unit], order[k].c);
        }
    } else {
        dur_value(m->dur, n, unit);
    }
    return found(m, e, TD_TIMEX_DURATION);
}

/* "a.m.", "am", "A.M", "p.m.", "pm": 1 for am, 2 for pm; *e after it. */
static int rampm(const ctx *c, int i, int *e)
{
    int w = W(c, i);
    if (w == W_AM || w == W_PM) {
        if (ADJ(c, i + 1) && (T(c, i + 1)->kind == K_NUM || T(c, i + 1)->kind == K_WORD))
            return 0; /* "3am3io" in a code */
        *e = i + 1;
        if (P(c, i + 1, '.') && ADJ(c, i + 1) && !(T(c, i + 2)->flags & TF_CAP)) *e = i + 2;
        return w == W_AM ? 1 : 2;
    }
    if ((w == W_A || w == W_P) && P(c, i + 1, '.') && ADJ(c, i + 1) && W(c, i + 2) == W_M &&
        ADJ(c, i + 2)) {
        *e = i + 3;
        if (P(c, i + 3, '.') && ADJ(c, i + 3)) *e = i + 4;
        return w == W_A ? 1 : 2;
    }
    return 0;
}

/* A time of day at i: "10 a.m.", "10:30", "7:56:30 pm", "noon",
 * "midnight", "ten o'clock", "4 in the morning", "8 at night", and a
 * zone after it. With weak set a bare hour or "2.30" is enough, because
 * a day came just before ("Friday at 4"). Returns the token after it. */
static int rclock(const ctx *c, int i, int weak, int *hh_, int *mi_, int *ss_)
{
    int j = i, hh, mi = 0, ss = -1, ok = 0, ampm = 0, e, sep = 0;
    const tok *t = T(c, i);
    int w = W(c, i);
    /* "half past seven", "ten past 9", "20 minutes past eight", "a
     * quarter to nine" */
    {
        int k = i, e2;
        double mins = -1, v;
        if (w == W_HALF) mins = 30, k++;
        else if (w == W_A && T(c, k + 1)->unit == U_QUARTER) mins = 15, k += 2;
        else if (t->unit == U_QUARTER && t->kind == K_WORD) mins = 15, k++;
        else if ((t->kind == K_NUM || t->iscard) && (e2 = rnum(c, i, &v)) != 0 && v >= 1 &&
                 v < 60 && v == floor(v)) {
            mins = v, k = e2;
            if (T(c, k)->unit == U_MIN || T(c, k)->units == U_MIN) k++;
        }
        int past = W(c, k) == W_PAST, to = W(c, k) == W_TO;
        const tok *h = T(c, k + 1);
        int hv = h->kind == K_NUM && h->ndig <= 2 ? (int)h->num : h->iscard ? h->card : -1;
        if (mins >= 0 && (past || to) && hv >= 1 && hv <= 12) {
            int e3 = k + 2, a2 = rampm(c, e3, &e2);
            int sure = a2 || (W(c, e3) == W_O && W(c, e3 + 2) == W_CLOCK) ||
                       (W(c, e3) == W_IN && W(c, e3 + 1) == W_THE && T(c, e3 + 2)->pod);
            if (past || sure || weak) {
                hh = past ? hv : hv - 1;
                mi = past ? (int)mins : 60 - (int)mins;
                if (hh == 0) hh = 12;
                j = e3;
                if (a2) {
                    j = e2;
                    if (a2 == 2 && hh < 12) hh += 12;
                } else if (W(c, j) == W_O && W(c, j + 2) == W_CLOCK) {
                    j += 3;
                }
                ok = 2;
            }
        }
    }
    if (ok == 2) {
        ok = 1;
    } else if (w == W_NOON || t->pod == P_MI) {
        hh = 12, ok = 1, j++;
    } else if (w == W_MIDNIGHT) {
        hh = 24, ok = 1, j++;
    } else if (t->kind == K_NUM && t->ndig <= 2 && t->num <= 24) {
        if (ADJ(c, i) && (is_num(c, i - 1) || P(c, i - 1, ':') || P(c, i - 1, '.') ||
                          P(c, i - 1, '$') || P(c, i - 1, '/') || P(c, i - 1, '-')))
            return 0;
        hh = (int)t->num;
        j++;
        if ((P(c, j, ':') || P(c, j, '.')) && ADJ(c, j) && is_num(c, j + 1) && ADJ(c, j + 1) &&
            T(c, j + 1)->ndig == 2 && T(c, j + 1)->num < 60) {
            sep = P(c, j, ':') ? ':' : '.';
            mi = (int)T(c, j + 1)->num;
            j += 2;
            if (sep == ':' && P(c, j, ':') && ADJ(c, j) && is_num(c, j + 1) && ADJ(c, j + 1) &&
                T(c, j + 1)->ndig == 2 && T(c, j + 1)->num < 60) {
                ss = (int)T(c, j + 1)->num;
                j += 2;
            }
            if ((P(c, j, ':') || P(c, j, '.') || P(c, j, '/')) && ADJ(c, j) && is_num(c, j + 1) &&
                ADJ(c, j + 1))
                return 0; /* a longer run of numbers */
        }
    } else if (t->kind == K_WORD && t->iscard && t->card >= 1 && t->card <= 12) {
        hh = t->card;
        j++;
        /* "seven twenty-seven", "five-thirty", "six forty-three minutes" */
        int k = j + (P(c, j, '-') && ADJ(c, j)), e2;
        double v;
        if (T(c, k)->iscard && T(c, k)->card >= 10 && (e2 = rnum(c, k, &v)) != 0 && v < 60) {
            int e3 = e2, a2;
            if (T(c, e3)->units == U_MIN) e3++;
            a2 = rampm(c, e3, &e2);
            if (weak || a2 || (k > j)) {
                mi = (int)v;
                j = e3;
                sep = ':';
            }
        }
    } else {
        return 0;
    }
    if (!ok) {
        if ((ampm = rampm(c, j, &e)) != 0) {
            if (hh > 12 || hh == 0) return 0;
            ok = 1;
            j = e;
        } else if (W(c, j) == W_O && P(c, j + 1, '\'') && W(c, j + 2) == W_CLOCK) {
            if (hh > 12) return 0;
            ok = 1;
            j += 3;
        } else if (W(c, j) == W_OCLOCK && hh <= 12) {
            ok = 1;
            j++;
        } else if (hh <= 12 && W(c, j) == W_IN && W(c, j + 1) == W_THE && T(c, j + 2)->pod &&
                   T(c, j + 2)->pod != P_MI) {
            ok = 1; /* "4 in the morning": read below */
        } else if (hh <= 12 && W(c, j) == W_AT && T(c, j + 1)->pod == P_NI) {
            if (hh < 12 && hh >= 6) hh += 12;
            ok = 1;
            j += 2;
        } else if (sep == ':' && t->kind == K_WORD) {
            ok = 1; /* "five-thirty" */
        } else if (sep == ':' && hh < 24) {
            /* 10:30 alone: a time after a word that asks for one */
            int b = W(c, i - 1);
            ok = weak || b == W_AT || b == W_BY || b == W_UNTIL || b == W_TILL || b == W_FROM ||
                 b == W_BEFORE || b == W_AFTER || b == W_AROUND || b == W_ABOUT || b == W_TO ||
                 T(c, j)->zone;
        } else if (weak && sep == '.' && hh < 24) {
            ok = 1; /* "Thursdays at 17.30" */
        } else if (weak && t->kind == K_NUM && hh >= 1 && hh <= 24) {
            /* "Friday at 4", "Monday at 2.30": nothing may follow that
             * makes it a count ("at 1,015 francs") */
            const tok *n = T(c, j);
            ok = n->kind == K_NONE || (n->kind == K_PUNCT && !(ADJ(c, j) && is_num(c, j + 1))) ||
                 n->zone || n->pod || n->w == W_IN || n->w == W_ON || n->w == W_AND;
        }
    }
    if (!ok) return 0;
    if (ampm == 2 && hh < 12) hh += 12;
    if (ampm == 1 && hh == 12) hh = 0;
    /* "in the morning", "in the evening" */
    if (ampm == 0 && hh <= 12 && W(c, j) == W_IN && W(c, j + 1) == W_THE && T(c, j + 2)->pod &&
        T(c, j + 2)->pod != P_MI) {
        int pod = T(c, j + 2)->pod;
        if ((pod == P_AF || pod == P_EV || pod == P_NI) && hh < 12 && hh > 0) hh += 12;
        j += 3;
    }
    if (T(c, j)->zone) j++;
    *hh_ = hh, *mi_ = mi, *ss_ = ss;
    return j;
}

/* Sets: "every Friday", "each July", "every day", "every two weeks",
 * "daily", "annually", "on Fridays", "Tuesday nights". */
static int r_set(ctx *c, int i, mt *m)
{
    int w = W(c, i), j = i + 1;
    const tok *t = T(c, i);
    if ((w == W_SEMI || w == W_BI) && P(c, j, '-') && ADJ(c, j) && T(c, j + 1)->setadv &&
        T(c, j + 1)->setadv != 255 && ADJ(c, j + 1)) {
        /* "semi-annually" is every half year, "bi-monthly" every two
         * months */
        int u = T(c, j + 1)->setadv;
        if (w == W_SEMI) dur_value(m->dur, u == U_YEAR ? 6 : 0.5, u == U_YEAR ? U_MONTH : u);
        else dur_value(m->dur, 2, u);
        m->rk = RK_DUR;
        return found(m, j + 2, TD_TIMEX_SET);
    }
    if (t->setadv) {
        if (t->setadv == 255) {
            m->v.gran = TD_TIMEX_PREC_PARTDAY;
            snprintf(m->dur, sizeof m->dur, "XXXX-XX-XXTNI");
        } else {
            dur_value(m->dur, t->setadv == U_QUARTER ? 3 : 1,
                      t->setadv == U_QUARTER ? U_MONTH : t->setadv);
        }
        m->rk = RK_DUR;
        return found(m, j, TD_TIMEX_SET);
    }
    if (t->wdays) {
        int pod = 0, e = j, hh, mi, ss, e2;
        if (T(c, j)->pods) pod = T(c, j)->pods, e++;
        if (W(c, e) == W_AT && (e2 = rclock(c, e + 1, 1, &hh, &mi, &ss)) != 0) {
            snprintf(m->dur, sizeof m->dur, "XXXX-WXX-%dT%02d:%02d", t->wdays, hh % 24, mi);
            m->rk = RK_DUR;
            return found(m, e2, TD_TIMEX_SET);
        }
        if (W(c, i - 1) != W_ON && !pod) return 0;
        snprintf(m->dur, sizeof m->dur, "XXXX-WXX-%d%s", t->wdays,
                 pod == P_MO ? "TMO" : pod == P_AF ? "TAF" : pod == P_EV ? "TEV" : pod == P_NI ? "TNI" : "");
        m->rk = RK_DUR;
        return found(m, e, TD_TIMEX_SET);
    }
    if (t->wday && T(c, j)->pods) {
        int pod = T(c, j)->pods;
        snprintf(m->dur, sizeof m->dur, "XXXX-WXX-%dT%s", t->wday,
                 pod == P_MO ? "MO" : pod == P_AF ? "AF" : pod == P_EV ? "EV" : "NI");
        m->rk = RK_DUR;
        return found(m, j + 1, TD_TIMEX_SET);
    }
    if (w != W_EVERY && w != W_EACH) return 0;
    if (T(c, j)->unit == U_WEEKEND || (W(c, j) == W_OTHER && T(c, j + 1)->unit == U_WEEKEND)) {
        snprintf(m->dur, sizeof m->dur, "XXXX-WXX-WE");
        m->rk = RK_DUR;
        return found(m, j + 1 + (W(c, j) == W_OTHER), TD_TIMEX_SET);
    }
    if (W(c, j) == W_OTHER && T(c, j + 1)->wday) {
        snprintf(m->dur, sizeof m->dur, "XXXX-WXX-%d", T(c, j + 1)->wday);
        m->rk = RK_DUR;
        return found(m, j + 2, TD_TIMEX_SET);
    }
    if (W(c, j) == W_OTHER) {
        if (T(c, j + 1)->unit) {
            dur_value(m->dur, 2, T(c, j + 1)->unit);
            m->rk = RK_DUR;
            return found(m, j + 2, TD_TIMEX_SET);
        }
        return 0;
    }
    const tok *u = T(c, j);
    double n;
    int unit, plural, e;
    if (u->wday) {
        int pod = 0, k = j + 1, hh, mi, ss, e2;
        if (W(c, k) == W_AT && (e2 = rclock(c, k + 1, 1, &hh, &mi, &ss)) != 0) {
            snprintf(m->dur, sizeof m->dur, "XXXX-WXX-%dT%02d:%02d", u->wday, hh % 24, mi);
            m->rk = RK_DUR;
            return found(m, e2, TD_TIMEX_SET);
        }
        if (T(c, k)->pod) pod = T(c, k)->pod, k++;
        snprintf(m->dur, sizeof m->dur, "XXXX-WXX-%d%s", u->wday,
                 pod == P_MO ? "TMO" : pod == P_AF ? "TAF" : pod == P_EV ? "TEV" : pod == P_NI ? "TNI" : "");
        m->rk = RK_DUR;
        return found(m, k, TD_TIMEX_SET);
    }
    if (u->month && (u->flags & TF_CAP)) {
        snprintf(m->dur, sizeof m->dur, "XXXX-%02d", u->month);
        m->rk = RK_DUR;
        return found(m, j + 1, TD_TIMEX_SET);
    }
    if (u->season) {
        static const char *const sn[] = {"", "SP", "SU", "FA", "WI"};
        snprintf(m->dur, sizeof m->dur, "XXXX-%s", sn[u->season]);
        m->rk = RK_DUR;
        return found(m, j + 1, TD_TIMEX_SET);
    }
    if (u->pod && u->pod != P_MI) {
        snprintf(m->dur, sizeof m->dur, "XXXX-XX-XXT%s",
                 u->pod == P_MO ? "MO" : u->pod == P_AF ? "AF" : u->pod == P_EV ? "EV" : "NI");
        m->rk = RK_DUR;
        return found(m, j + 1, TD_TIMEX_SET);
    }
    if (u->unit && u->unit != U_SEC) {
        dur_value(m->dur, 1, u->unit);
        m->rk = RK_DUR;
        return found(m, j + 1, TD_TIMEX_SET);
    }
    if ((e = rdur_core(c, j, &n, &unit, &plural)) != 0 && n > 0) {
        dur_value(m->dur, n, unit);
        m->rk = RK_DUR;
        return found(m, e, TD_TIMEX_SET);
    }
    return 0;
}

/* Clock times: "10 a.m.", "10:30 p.m. EST", "noon", "midnight", "ten
 * o'clock", with a day after them: "9 a.m. Thursday", "noon Saturday",
 * "12:30 December 27th". */
static int r_clock(ctx *c, int i, mt *m)
{
    int hh, mi, ss, j = rclock(c, i, 0, &hh, &mi, &ss);
    int need_day = 0;
    if (!j) {
        /* a colon time with a date after it */
        if (!is_num(c, i) || !P(c, i + 1, ':')) return 0;
        if (!(j = rclock(c, i, 1, &hh, &mi, &ss))) return 0;
        need_day = 1;
    }
    m->v.gran = TD_TIMEX_PREC_MINUTE;
    m->v.hh = hh, m->v.mi = mi, m->v.ss = ss;
    m->rk = RK_SHIFT, m->ru = U_DAY, m->rn = 0;
    m->report = 1;
    /* a day after the time */
    int k = j;
    if (P(c, k, ',')) k++;
    if (W(c, k) == W_ON) k++;
    mt d;
    int de = 0;
    if (!de) { mt_init(&d); de = r_date(c, k, &d); }
    if (!de) { mt_init(&d); de = r_weekday(c, k, &d); }
    if (!de) { mt_init(&d); de = r_deictic(c, k, &d); }
    if (!de) { mt_init(&d); de = r_numeric(c, k, &d); }
    if (de && (d.v.gran == TD_TIMEX_PREC_DAY || d.v.gran == TD_TIMEX_PREC_PARTDAY) &&
        d.rk != RK_DUR && d.rk != RK_REF) {
        tv keep = m->v;
        int pod = d.v.pod;
        *m = d;
        m->v.gran = TD_TIMEX_PREC_MINUTE;
        m->v.hh = keep.hh, m->v.mi = keep.mi, m->v.ss = keep.ss;
        m->v.pod = 0;
        /* "five-thirty tomorrow evening" */
        if ((pod == P_EV || pod == P_AF || (pod == P_NI && m->v.hh > 5)) && m->v.hh < 12 &&
            !(W(c, j - 1) == W_M || W(c, j - 1) == W_AM || W(c, j - 1) == W_PM ||
              P(c, j - 1, '.')))
            m->v.hh += 12;
        j = de;
    } else if (need_day) {
        return 0;
    }
    return found(m, j, TD_TIMEX_TIME);
}

/* A day followed by its time: "tomorrow at 8 a.m.", "Friday at 4",
 * "tonight around 7", "23.04.2022 14:55". Extends m in place. */
static void with_time(ctx *c, mt *m)
{
    if ((m->type != TD_TIMEX_DATE && m->type != TD_TIMEX_TIME) ||
        (m->v.gran != TD_TIMEX_PREC_DAY && m->v.gran != TD_TIMEX_PREC_PARTDAY) ||
        m->rk == RK_REF || m->rk == RK_DUR || m->v.hol)
        return;
    int k = m->end, weak = 0, hh, mi, ss, e;
    if (P(c, k, ',')) k++;
    if (W(c, k) == W_AT || W(c, k) == W_AROUND || W(c, k) == W_ABOUT || P(c, k, '@'))
        k++, weak = 1;
    e = rclock(c, k, weak, &hh, &mi, &ss);
    if (!e && !weak && is_num(c, k) && P(c, k + 1, ':') && ADJ(c, k + 1))
        e = rclock(c, k, 1, &hh, &mi, &ss); /* "23.04.2022 14:55" */
    if (!e && !weak && T(c, k)->iscard && T(c, k + 1)->iscard && T(c, k + 1)->card >= 10)
        e = rclock(c, k, 1, &hh, &mi, &ss); /* "March eighteenth nine thirty" */
    if (!e) return;
    if (m->v.pod && hh < 12 && hh > 0 &&
        (m->v.pod == P_EV || m->v.pod == P_AF || (m->v.pod == P_NI && hh > 5)) &&
        !(W(c, e - 1) == W_M || W(c, e - 1) == W_AM || W(c, e - 1) == W_PM || P(c, e - 1, '.')))
        hh += 12; /* "tonight at 7"; "tonight around 3" is in the small hours */
    m->v.gran = TD_TIMEX_PREC_MINUTE;
    m->v.hh = hh, m->v.mi = mi, m->v.ss = ss;
    m->v.pod = 0;
    m->type = TD_TIMEX_TIME;
    m->end = e;
}

/* Holidays: "Christmas", "Christmas Eve", "New Year's Day",
 * "Thanksgiving Day", "Easter 2018", "last Christmas". */
static int r_holiday(ctx *c, int i, mt *m)
{
    int dir, this_, y, e, weekend = 0;
    int j = rrel(c, i, &dir, &this_);
    /* "the weekend of Thanksgiving" */
    if (j == i && T(c, j + (W(c, j) == W_THE))->unit == U_WEEKEND &&
        W(c, j + 1 + (W(c, j) == W_THE)) == W_OF) {
        j += 2 + (W(c, j) == W_THE);
        weekend = 1;
    }
    int h = T(c, j)->hol, k = j + 1;
    if (!h && W(c, j) == W_NEW && T(c, j + 1)->unit == U_YEAR) {
        /* "New Year's Day", "New Year's Eve"; "new year" alone only where
         * a date is asked for ("before new year"), not "the new year" */
        if (P(c, j + 2, '\'') && W(c, j + 3) == W_S) {
            h = H_NEWYEAR;
            k = j + 4;
        } else if ((T(c, j)->flags & TF_CAP && T(c, j + 1)->flags & TF_CAP) ||
                   (j == i && temporal_lead(W(c, i - 1)) && W(c, i - 1) != W_THE) || dir) {
            h = H_NEWYEAR;
            k = j + 2;
        }
    }
    if (!h && W(c, j) == W_BLACK && T(c, j + 1)->wday == 5 && (T(c, j)->flags & TF_CAP ||
                                                              temporal_lead(W(c, i - 1)))) {
        h = H_BLACKFRIDAY; /* "Black Friday" */
        k = j + 2;
    } else if (!h && W(c, j) == W_EARTH && T(c, j + 1)->unit == U_DAY) {
        h = H_EARTH;
    } else if (!h && (W(c, j) == W_SAINT || W(c, j) == W_ST) && W(c, j + 1 + P(c, j + 1, '.')) == W_PATRICK) {
        h = H_PATRICK;
        k = j + 2 + P(c, j + 1, '.');
        if (P(c, k, '\'') && W(c, k + 1) == W_S) k += 2;
        if (T(c, k)->unit == U_DAY) k++;
        else if (!is_num(c, k) && !temporal_lead(W(c, i - 1))) return 0; /* the cathedral */
        j = k - 1;
    }
    if (!h) return 0;
    if (!(T(c, j)->flags & TF_CAP) && h != H_NEWYEAR && j == i && !temporal_lead(W(c, i - 1)) &&
        !(is_num(c, k) && T(c, k)->ndig == 4))
        return 0;
    if (h == H_VALENTINE || h == H_INDEPENDENCE || h == H_LABOR || h == H_MEMORIAL ||
        h == H_ELECTION || h == H_EARTH) {
        if (P(c, k, '\'') && W(c, k + 1) == W_S) k += 2;
        if (T(c, k)->unit != U_DAY) return 0;
    }
    if (T(c, k)->unit == U_DAY) k++;
    else if (W(c, k) == W_EVE) m->v.hoff = -1, k++;
    else if (h == H_EASTER && T(c, k)->wday == 1) m->v.hoff = 1, k++; /* Easter Monday */
    m->v.gran = TD_TIMEX_PREC_DAY;
    m->v.hol = h;
    if (weekend) m->v.gran = TD_TIMEX_PREC_WEEK, m->v.we = 1;
    if ((e = ryear(c, k, &y)) != 0 && T(c, k)->kind == K_NUM) {
        m->v.y = y;
        k = e;
        if (!weekend && T(c, k)->unit == U_WEEKEND)
            k++, m->v.gran = TD_TIMEX_PREC_WEEK, m->v.we = 1;
        m->rk = RK_YEARLESS; /* resolve() fills the day from the year */
        m->rdir = DIR_HAS_YEAR;
        return found(m, k, TD_TIMEX_DATE);
    }
    if (!weekend && T(c, k)->unit == U_WEEKEND) { /* "Labor Day weekend (2021)" */
        k++, m->v.gran = TD_TIMEX_PREC_WEEK, m->v.we = 1;
        if ((e = ryear(c, k, &y)) != 0 && T(c, k)->kind == K_NUM) {
            m->v.y = y;
            m->rk = RK_YEARLESS;
            m->rdir = DIR_HAS_YEAR;
            return found(m, e, TD_TIMEX_DATE);
        }
    }
    m->rk = this_ ? RK_SHIFT : RK_YEARLESS;
    m->ru = U_YEAR, m->rn = 0;
    m->rdir = dir ? dir : tense_at(c, i, k) > 0 ? 1 : 0;
    return found(m, k, TD_TIMEX_DATE);
}

/* -- modifiers and the dispatcher ------------------------------------------ */

enum { PK_NONE = 0, PK_PART, PK_APPROX, PK_ABOUT };

/* Words before a phrase that belong to it: "early", "late", "mid-",
 * "the end of", "about", "nearly", "more than", "at least". */
static int rprefix(const ctx *c, int i, const char **mod, int *pk)
{
    int w = W(c, i), j = i + 1;
    *mod = NULL;
    *pk = PK_NONE;
    switch (w) {
    case W_EARLY: case W_EARLIER:
        *mod = "START", *pk = PK_PART;
        break;
    case W_LATE: case W_LATER:
        *mod = "END", *pk = PK_PART;
        break;
    case W_MID:
        *mod = "MID", *pk = PK_PART;
        break;
    case W_THE:
        w = W(c, j);
        if (w == W_EARLY || w == W_LATE || w == W_MID) {
            /* "the early 1980s", "the mid-1990s" */
            *mod = w == W_EARLY ? "START" : w == W_LATE ? "END" : "MID";
            *pk = PK_PART;
            j++;
            break;
        }
        if (W(c, j + 1) != W_OF) return i;
        if (w == W_END) *mod = "END";
        else if (w == W_BEGINNING || w == W_START || w == W_TURN) *mod = "START";
        else if (w == W_MIDDLE) *mod = "MID";
        else return i;
        *pk = PK_PART;
        return j + 2;
    case W_END: case W_BEGINNING: case W_START: case W_MIDDLE:
        if (W(c, j) != W_OF) return i;
        *mod = w == W_END ? "END" : w == W_MIDDLE ? "MID" : "START";
        *pk = PK_PART;
        return j + 1;
    case W_ABOUT: case W_AROUND: case W_ROUGHLY: case W_APPROXIMATELY:
        *mod = "APPROX", *pk = PK_ABOUT;
        break;
    case W_SOME:
        *mod = "APPROX", *pk = PK_APPROX;
        break;
    case W_NEARLY: case W_ALMOST: case W_UNDER:
        *mod = "LESS_THAN", *pk = PK_APPROX;
        break;
    case W_OVER:
        *mod = "MORE_THAN", *pk = PK_APPROX;
        break;
    case W_JUST: case W_WELL:
        if (W(c, j) == W_OVER) *mod = "MORE_THAN";
        else if (W(c, j) == W_UNDER) *mod = "LESS_THAN";
        else return i;
        *pk = PK_APPROX;
        return j + 1;
    case W_MORE: case W_LESS:
        if (W(c, j) != W_THAN) return i;
        *mod = w == W_MORE ? "MORE_THAN" : "LESS_THAN", *pk = PK_APPROX;
        return j + 1;
    case W_AT:
        if (W(c, j) == W_LEAST) *mod = "EQUAL_OR_MORE";
        else if (W(c, j) == W_MOST) *mod = "EQUAL_OR_LESS";
        else return i;
        *pk = PK_APPROX;
        return j + 1;
    case W_UP:
        if (W(c, j) != W_TO) return i;
        *mod = "EQUAL_OR_LESS", *pk = PK_APPROX;
        return j + 1;
    case W_NO:
        if ((W(c, j) != W_MORE && W(c, j) != W_LESS) || W(c, j + 1) != W_THAN) return i;
        *mod = W(c, j) == W_MORE ? "EQUAL_OR_LESS" : "EQUAL_OR_MORE", *pk = PK_APPROX;
        return j + 2;
    default:
        return i;
    }
    if (P(c, j, '-') && ADJ(c, j) && ADJ(c, j + 1)) j++; /* mid-1990s */
    return j;
}

static const rule_fn rules[] = {
    r_numeric, r_mixdate, r_date, r_month, r_weekday, r_deictic, r_ref, r_unit_rel, r_quarter,
    r_season, r_year, r_duration, r_set, r_clock, r_holiday, r_yearword,
};

/* The longest phrase any rule reads at i. */
static int core(ctx *c, int i, mt *best)
{
    mt_init(best);
    for (size_t k = 0; k < sizeof rules / sizeof rules[0]; k++) {
        mt m;
        mt_init(&m);
        if (rules[k](c, i, &m) > best->end) *best = m;
    }
    return best->end;
}

/* A phrase at i with what may come before it. */
static int match_at(ctx *c, int i, mt *m)
{
    const char *mod;
    int pk;
    int j = rprefix(c, i, &mod, &pk);
    int w = W(c, j);
    if (W(c, i) == W_OVER && (w == W_THE || w == W_THIS || w == W_THAT || w == W_LAST ||
                              w == W_PAST || w == W_NEXT || w == W_COMING || w == W_RECENT))
        j = i; /* "over the past year": a preposition */
    if (j > i) {
        mt p;
        if (core(c, j, &p)) {
            int ok = 0;
            if (pk == PK_PART)
                ok = (p.type == TD_TIMEX_DATE || p.type == TD_TIMEX_TIME) && p.rk != RK_REF;
            else if (pk == PK_ABOUT)
                ok = p.type != TD_TIMEX_SET && p.rk != RK_REF;
            else
                ok = p.type == TD_TIMEX_DURATION || p.rk == RK_AGO || p.rk == RK_ANAPH;
            if (ok) {
                *m = p;
                m->mod = mod;
                m->begin = p.skip ? j + p.skip : i;
                with_time(c, m);
                return m->end;
            }
        } else if (pk == PK_PART && (W(c, j) == W_THE || W(c, i) == W_END) &&
                   calendar_unit(T(c, j + (W(c, j) == W_THE))->unit) &&
                   T(c, j + (W(c, j) == W_THE))->unit != U_WEEKEND) {
            /* "the end of the year", "end of month", "early in the week" */
            int u = T(c, j + (W(c, j) == W_THE))->unit;
            mt_init(m);
            m->v.gran = unit_gran(u);
            m->rk = RK_SHIFT, m->ru = u, m->rn = 0;
            m->mod = mod;
            m->begin = i;
            return found(m, j + 1 + (W(c, j) == W_THE), TD_TIMEX_DATE);
        } else if (pk == PK_PART && T(c, j)->pod && T(c, j)->pod != P_MI) {
            /* "mid-afternoon", "late morning", "early evening yesterday" */
            mt_init(m);
            m->v.gran = TD_TIMEX_PREC_PARTDAY;
            m->v.pod = T(c, j)->pod;
            m->rk = RK_SHIFT, m->ru = U_DAY, m->rn = 0;
            m->report = 1;
            int e = j + 1;
            if (W(c, e) == W_YESTERDAY) m->rn = -1, e++;
            else if (W(c, e) == W_TODAY) e++;
            else if (W(c, e) == W_TOMORROW) m->rn = 1, e++;
            m->begin = i;
            return found(m, e, TD_TIMEX_TIME);
        }
    }
    if (!core(c, i, m)) return 0;
    m->begin = i + m->skip;
    with_time(c, m);
    return m->end;
}

/* "April 24 and 25", "Oct. 5-7": a day after a month-day date, at i. */
static int continuation(ctx *c, int i, const mt *prev, mt *m)
{
    int w = W(c, i), d, e;
    if (!(w == W_AND || w == W_OR || w == W_TO || w == W_THROUGH || P(c, i, '-'))) return 0;
    if (!is_num(c, i + 1) || (e = rday(c, i + 1, &d)) == 0) return 0;
    /* not a count: "April 24 and 25 people", "25%", "25 miles" */
    const tok *n = T(c, e);
    if (n->kind == K_PUNCT && (n->ch == '%' || n->ch == '-' || n->ch == '/')) return 0;
    if (n->kind == K_WORD && (n->unit || n->units || n->month || n->mabbr || plural_noun(c, e)))
        return 0;
    if (d <= prev->v.d || d > td_days_in_month(prev->v.y == YUNK ? 2000 : prev->v.y, prev->v.mo))
        return 0;
    *m = *prev;
    m->v.d = d;
    m->begin = i + 1;
    m->end = e;
    m->wd = m->v.wd = 0;
    m->listable = 0;
    return e;
}

/* ---- 5. Normalisation ---------------------------------------------------- */

static long floordiv(long a, long b)
{
    return a >= 0 ? a / b : -((-a + b - 1) / b);
}

/* Day z moved by n units. Months clamp the day ("Jan 31" + 1 month is
 * the last of February). */
static long shift_day(long z, int unit, int n)
{
    long months;
    switch (unit) {
    case U_DAY: return z + n;
    case U_WEEK: case U_WEEKEND: return z + 7L * n;
    case U_FORTNIGHT: return z + 14L * n;
    case U_MONTH: months = n; break;
    case U_QUARTER: months = 3L * n; break;
    case U_HALF: months = 6L * n; break;
    case U_YEAR: months = 12L * n; break;
    case U_DECADE: months = 120L * n; break;
    case U_CENTURY: months = 1200L * n; break;
    case U_MILLENNIUM: months = 12000L * n; break;
    default: return z;
    }
    int y, mo, d;
    td_civil_from_days(z, &y, &mo, &d);
    long t = (long)y * 12 + (mo - 1) + months;
    y = (int)floordiv(t, 12);
    mo = (int)(t - (long)y * 12) + 1;
    if (d > td_days_in_month(y, mo)) d = td_days_in_month(y, mo);
    return td_days_from_civil(y, mo, d);
}

static int season_of_month(int mo)
{
    return mo >= 3 && mo <= 5 ? 1 : mo >= 6 && mo <= 8 ? 2 : mo >= 9 && mo <= 11 ? 3 : 4;
}

/* Fills the parts of v the text left out, down to v->gran, from day z. */
static void fill_from_day(tv *v, long z)
{
    int y, mo, d;
    td_civil_from_days(z, &y, &mo, &d);
    if (v->gran == TD_TIMEX_PREC_WEEK) {
        int wy, wn;
        iso_week(z, &wy, &wn);
        if (v->y == YUNK) v->y = wy;
        if (!v->sub) v->sub = wn;
        return;
    }
    if (v->y == YUNK) {
        v->y = y;
        if (v->gran == TD_TIMEX_PREC_SEASON && !v->sub && mo <= 2) v->y = y - 1;
        if (v->gran == TD_TIMEX_PREC_DECADE) v->y = (int)(floordiv(y, 10) * 10);
        if (v->gran == TD_TIMEX_PREC_CENTURY) v->y = (int)(floordiv(y, 100) * 100);
        if (v->gran == TD_TIMEX_PREC_MILLENNIUM) v->y = (int)(floordiv(y, 1000) * 1000);
    }
    if (!v->sub) {
        if (v->gran == TD_TIMEX_PREC_HALF) v->sub = (mo - 1) / 6 + 1;
        else if (v->gran == TD_TIMEX_PREC_QUARTER) v->sub = (mo - 1) / 3 + 1;
        else if (v->gran == TD_TIMEX_PREC_SEASON) v->sub = season_of_month(mo);
    }
    if (v->gran >= TD_TIMEX_PREC_MONTH && !v->mo) v->mo = mo;
    if (v->gran >= TD_TIMEX_PREC_DAY && !v->d) v->d = d;
}

/* The day of a holiday in year y. */
static long holiday_day(int h, int y)
{
    long z;
    switch (h) {
    case H_CHRISTMAS: return td_days_from_civil(y, 12, 25);
    case H_HALLOWEEN: return td_days_from_civil(y, 10, 31);
    case H_VALENTINE: return td_days_from_civil(y, 2, 14);
    case H_NEWYEAR: return td_days_from_civil(y, 1, 1);
    case H_INDEPENDENCE: return td_days_from_civil(y, 7, 4);
    case H_EASTER: return easter(y);
    case H_THANKSGIVING: /* the fourth Thursday of November */
        z = td_days_from_civil(y, 11, 1);
        return z + (4 - td_weekday_of(z) + 7) % 7 + 21;
    case H_LABOR: /* the first Monday of September */
        z = td_days_from_civil(y, 9, 1);
        return z + (1 - td_weekday_of(z) + 7) % 7;
    case H_ELECTION: /* the Tuesday after the first Monday of November */
        z = td_days_from_civil(y, 11, 1);
        return z + (1 - td_weekday_of(z) + 7) % 7 + 1;
    case H_BLACKFRIDAY: /* the day after Thanksgiving */
        return holiday_day(H_THANKSGIVING, y) + 1;
    case H_EARTH: return td_days_from_civil(y, 4, 22);
    case H_PATRICK: return td_days_from_civil(y, 3, 17);
    case H_JUNETEENTH: return td_days_from_civil(y, 6, 19);
    case H_MEMORIAL: /* the last Monday of May */
        z = td_days_from_civil(y, 5, 31);
        return z - (td_weekday_of(z) - 1);
    }
    return td_days_from_civil(y, 1, 1);
}

/* ---- Values read back -------------------------------------------------- */

/* n digits at s[at..]; -1 unless all are there and digits. */
static int value_digits(const char *s, size_t len, size_t at, size_t n)
{
    if (at + n > len) return -1;
    int v = 0;
    for (size_t k = 0; k < n; k++) {
        if (s[at + k] < '0' || s[at + k] > '9') return -1;
        v = v * 10 + (s[at + k] - '0');
    }
    return v;
}

int td_timex_read_value(const char *s, size_t len, td_timex_value *v)
{
    memset(v, 0, sizeof *v);
    if (len >= 4 && memcmp(s, "XXXX", 4) == 0) {
        v->known = 0;
    } else if (value_digits(s, len, 0, 4) >= 0) {
        v->known = 1, v->y = value_digits(s, len, 0, 4);
    } else if (len == 3 && value_digits(s, len, 0, 3) >= 0) {
        v->known = 1, v->y = value_digits(s, len, 0, 3) * 10;
        v->precision = TD_TIMEX_PREC_DECADE;
        return 1;
    } else if (len == 2 && value_digits(s, len, 0, 2) >= 0) {
        v->known = 1, v->y = value_digits(s, len, 0, 2) * 100;
        v->precision = TD_TIMEX_PREC_CENTURY;
        return 1;
    } else {
        return 0;
    }
    if (len == 4 || s[4] == 'T') {
        v->precision = TD_TIMEX_PREC_YEAR;
        return v->known;
    }
    if (s[4] != '-' || len < 6) return 0;
    const char *r = s + 5;
    size_t rl = len - 5;
    if (r[0] == 'Q' && rl >= 2 && r[1] >= '1' && r[1] <= '4') {
        v->precision = TD_TIMEX_PREC_QUARTER, v->sub = r[1] - '0';
        return 1;
    }
    if (r[0] == 'H' && rl >= 2 && (r[1] == '1' || r[1] == '2')) {
        v->precision = TD_TIMEX_PREC_HALF, v->sub = r[1] - '0';
        return 1;
    }
    static const char seasons[][3] = {"SP", "SU", "FA", "WI"};
    for (int k = 0; k < 4; k++)
        if (rl >= 2 && memcmp(r, seasons[k], 2) == 0) {
            v->precision = TD_TIMEX_PREC_SEASON, v->sub = k + 1;
            return 1;
        }
    if (r[0] == 'W') {
        int wn = value_digits(r, rl, 1, 2);
        if (wn < 1 || wn > 53 || !v->known) return 0; /* "XXXX-WXX": relative */
        v->precision = TD_TIMEX_PREC_WEEK, v->sub = wn;
        v->weekend = rl >= 6 && memcmp(r + 3, "-WE", 3) == 0;
        return 1;
    }
    int m = value_digits(r, rl, 0, 2);
    if (m < 1 || m > 12) return 0;
    v->mo = m;
    if (rl == 2 || r[2] != '-') {
        v->precision = TD_TIMEX_PREC_MONTH;
        return 1;
    }
    int d = value_digits(r, rl, 3, 2);
    if (d < 1 || d > 31) return 0;
    v->d = d;
    v->precision = TD_TIMEX_PREC_DAY;
    return 1;
}

void td_timex_value_span(const td_timex_value *v, long *a, long *b)
{
    int y = v->y, m0;
    switch (v->precision) {
    case TD_TIMEX_PREC_MILLENNIUM:
        *a = td_days_from_civil(y, 1, 1), *b = td_days_from_civil(y + 999, 12, 31);
        return;
    case TD_TIMEX_PREC_CENTURY:
        *a = td_days_from_civil(y, 1, 1), *b = td_days_from_civil(y + 99, 12, 31);
        return;
    case TD_TIMEX_PREC_DECADE:
        *a = td_days_from_civil(y, 1, 1), *b = td_days_from_civil(y + 9, 12, 31);
        return;
    case TD_TIMEX_PREC_YEAR:
        *a = td_days_from_civil(y, 1, 1), *b = td_days_from_civil(y, 12, 31);
        return;
    case TD_TIMEX_PREC_HALF:
        m0 = v->sub == 2 ? 7 : 1;
        *a = td_days_from_civil(y, m0, 1), *b = shift_day(*a, U_MONTH, 6) - 1;
        return;
    case TD_TIMEX_PREC_QUARTER:
        m0 = 3 * ((v->sub ? v->sub : 1) - 1) + 1;
        *a = td_days_from_civil(y, m0, 1), *b = shift_day(*a, U_MONTH, 3) - 1;
        return;
    case TD_TIMEX_PREC_SEASON: /* winter runs from December into the next year */
        m0 = 3 * (v->sub ? v->sub : 1);
        *a = td_days_from_civil(y, m0, 1), *b = shift_day(*a, U_MONTH, 3) - 1;
        return;
    case TD_TIMEX_PREC_MONTH:
        m0 = v->mo ? v->mo : 1;
        *a = td_days_from_civil(y, m0, 1), *b = td_days_from_civil(y, m0, td_days_in_month(y, m0));
        return;
    case TD_TIMEX_PREC_WEEK:
        *a = iso_week_monday(y, v->sub ? v->sub : 1), *b = *a + 6;
        if (v->weekend) *a += 5;
        return;
    default:
        *a = *b = td_days_from_civil(y, v->mo ? v->mo : 1, v->d > 0 ? v->d : 1);
        return;
    }
}

/* First and last day of the period a value names (y must be known). */
static void tv_span(const tv *v, long *a, long *b)
{
    if (v->hol && v->gran == TD_TIMEX_PREC_WEEK) {
        /* the weekend of a holiday: before it when it is a Monday */
        long z = holiday_day(v->hol, v->y) + v->hoff;
        z -= td_weekday_of(z) == 1 ? 2 : td_weekday_of(z) - 6;
        *a = z, *b = z + 1;
        return;
    }
    if (v->hol && (v->gran == TD_TIMEX_PREC_NONE || v->gran >= TD_TIMEX_PREC_DAY)) {
        *a = *b = holiday_day(v->hol, v->y) + v->hoff;
        return;
    }
    td_timex_value x = {1, v->gran, v->y, v->mo, v->d, v->sub, v->we};
    td_timex_value_span(&x, a, b);
}

/* How much farther a future date must be than a past one to be chosen
 * when nothing in the sentence says which: news looks back. */
#ifndef FUTURE_PENALTY
#define FUTURE_PENALTY 2
#endif

/* Picks the year of a yearless value (a month, a day, a season, a
 * quarter, a holiday) nearest the anchor day A in direction dir. */
static void resolve_yearless(tv *v, long A, int ay, int dir)
{
    int best = YUNK;
    long bestd = 0;
    if (dir == DIR_SAMEYEAR || dir == DIR_SAMEYEAR_FUT) {
        /* a quarter is of the anchor's year, unless it would begin more
         * than a quarter after the anchor and the sentence does not look
         * ahead ("the fourth quarter" in February is last year's) */
        tv t = *v;
        long a, b;
        t.y = ay;
        tv_span(&t, &a, &b);
        v->y = dir == DIR_SAMEYEAR && a - A > 92 ? ay - 1 : ay;
        return;
    }
    for (int y = ay - 1; y <= ay + 1; y++) {
        tv t = *v;
        t.y = y;
        if (t.gran >= TD_TIMEX_PREC_DAY && !t.hol && t.mo && t.d > td_days_in_month(y, t.mo)) continue;
        long a, b;
        tv_span(&t, &a, &b);
        int ok;
        long dist;
        switch (dir == DIR_BEFORE ? DIR_PREV : dir == DIR_AFTER ? DIR_NEXT : dir) {
        case -1: ok = a <= A; dist = A - a; break;
        case -2: ok = b < A; dist = A - b; break;
        case 1: ok = b >= A; dist = b - A; break;
        case 2: ok = a > A; dist = a - A; break;
        default:
            ok = 1;
            dist = A < a ? (a - A) * FUTURE_PENALTY : A > b ? A - b : 0;
        }
        if (ok && (best == YUNK || dist < bestd)) best = y, bestd = dist;
    }
    v->y = best == YUNK ? ay : best;
}

/* The latest quarter that ended before day A. */
static tv last_quarter(long A)
{
    int y, mo, d;
    td_civil_from_days(A, &y, &mo, &d);
    tv q = {.gran = TD_TIMEX_PREC_QUARTER, .y = y, .sub = (mo - 1) / 3, .hh = -1, .mi = -1};
    if (q.sub == 0) q.sub = 4, q.y = y - 1;
    return q;
}

/* Moves a whole value (a quarter, a month, a day) by n units, keeping its
 * precision: 1989-Q3 a year earlier is 1988-Q3. */
static tv shift_tv(const tv *base, int unit, int n)
{
    long a, b;
    tv_span(base, &a, &b);
    tv r = *base;
    r.y = YUNK, r.sub = r.mo = r.d = 0, r.hol = 0, r.wd = 0;
    if (r.gran > TD_TIMEX_PREC_DAY) r.gran = TD_TIMEX_PREC_DAY, r.pod = 0, r.hh = r.mi = -1;
    fill_from_day(&r, shift_day(a, unit, n));
    return r;
}

/*
 * The normalisation rules, in one place. With the anchor A (the
 * article's date):
 *
 *   RK_SHIFT     A moved by rn units, then cut to the precision:
 *                "yesterday" A-1 day; "last week" the ISO week of A-7;
 *                "this year" A's year; "April last year" April of A-1y;
 *                "the weekend" the last weekend before A (this week's
 *                when A is a Saturday or Sunday, or the sentence looks
 *                ahead).
 *   RK_WDAY      a weekday: the one on or before A ("Monday" in news is
 *                this week's or last week's Monday); after A when the
 *                sentence speaks of the future (will, expects, ...);
 *                "last"/"next" Friday are strictly before/after A.
 *   RK_YEARLESS  "April 13", "April", "summer", "the third quarter": the
 *                year that puts it nearest A, a future date counting
 *                FUTURE_PENALTY times as far; "last"/"next" pick the one
 *                strictly before/after; quarters take the latest that has
 *                begun unless the sentence looks ahead.
 *   RK_ANAPH     "a year earlier", "the following day", "that year": the
 *                last date the text mentioned at that precision, moved;
 *                A when there is none. Report times (today, Monday) only
 *                count for day-level references.
 *   RK_AGO       "two years ago": A moved; but "a year ago" right after a
 *                quarter of A's year means that quarter a year back.
 *   RK_QCTX      "the quarter", "the latest period", "the year-earlier
 *                quarter": the quarter last mentioned (or the latest one
 *                that ended before A), moved by rn years.
 *   RK_REF       PAST_REF, PRESENT_REF, FUTURE_REF as they are.
 *
 * Without an anchor, whatever depends on it stays unknown (XXXX).
 */
static void resolve(ctx *c, mt *m)
{
    tv *v = &m->v;
    long A = c->aday;
    switch (m->rk) {
    case RK_ABS:
        break;
    case RK_SHIFT: {
        if (!c->has_anchor) break;
        long z = shift_day(A, m->ru, m->rn);
        if (m->ru == U_WEEKEND && m->rn == 0 && m->rdir < 0 && td_weekday_of(A) <= 4) z -= 7;
        fill_from_day(v, z);
        m->anchored = 1;
        break;
    }
    case RK_WDAY: {
        if (!c->has_anchor) break;
        int aw = td_weekday_of(A), wd = v->wd;
        long back = (aw - wd + 7) % 7, fwd = (wd - aw + 7) % 7, delta;
        long monday = -(aw - 1) + (wd - 1); /* this week's weekday wd */
        switch (m->rdir) {
        case DIR_PREV: delta = monday - 7; break;
        case DIR_NEXT: delta = monday + 7; break;
        case DIR_THISWEEK: delta = monday; break;
        case DIR_BEFORE: delta = back ? -back : -7; break;
        case DIR_AFTER: delta = fwd ? fwd : 7; break;
        case 1: delta = fwd; break;
        case 0: delta = fwd < back ? fwd : -back; break;
        default: delta = -back;
        }
        fill_from_day(v, A + delta);
        m->anchored = 1;
        break;
    }
    case RK_WDAYDOM: {
        /* the month nearest the anchor whose day d is weekday wd */
        if (!c->has_anchor) break;
        long best = 0, bestd = -1;
        for (int k = -14; k <= 14; k++) {
            long t = (long)c->ay * 12 + (c->am - 1) + k;
            int y = (int)floordiv(t, 12), mo = (int)(t - (long)y * 12) + 1;
            if (v->d > td_days_in_month(y, mo)) continue;
            long z = td_days_from_civil(y, mo, v->d);
            if (td_weekday_of(z) != v->wd) continue;
            long dist = z > A ? z - A : A - z;
            if (bestd < 0 || dist < bestd) best = z, bestd = dist;
        }
        if (bestd >= 0) {
            int wd = v->wd, y, mo, d;
            td_civil_from_days(best, &y, &mo, &d);
            v->y = y, v->mo = mo, v->d = d, v->wd = wd;
            m->anchored = 1;
        }
        break;
    }
    case RK_YEARLESS:
        if (m->rdir == DIR_HAS_YEAR || !c->has_anchor) break; /* a holiday with its year */
        if (v->gran == TD_TIMEX_PREC_WEEK && !v->hol) break;
        resolve_yearless(v, A, c->ay, m->rdir);
        m->anchored = 1;
        break;
    case RK_ANAPH: {
        int g = v->gran;
        const tv *base = NULL;
        int want = g ? g : TD_TIMEX_PREC_YEAR;
        if (want > TD_TIMEX_PREC_DAY) want = TD_TIMEX_PREC_DAY;
        if (want >= TD_TIMEX_PREC_YEAR && c->has_last[want]) base = &c->last[want];
        if (base) {
            tv r = shift_tv(base, m->ru, m->rn);
            if (g && g < r.gran) {
                tv cut = {.gran = g, .y = YUNK, .hh = -1, .mi = -1};
                long a, b;
                tv_span(&r, &a, &b);
                fill_from_day(&cut, a);
                r = cut;
            }
            r.pod = v->pod;
            *v = r;
            m->anchored = c->has_anchor;
        } else if (c->has_anchor) {
            if (!g) v->gran = unit_gran(m->ru);
            if (m->ru == U_WEEK && !g) v->gran = TD_TIMEX_PREC_DAY;
            fill_from_day(v, shift_day(A, m->ru, m->rn));
            m->anchored = 1;
        } else if (!g) {
            v->gran = unit_gran(m->ru);
        }
        break;
    }
    case RK_AGO: {
        if (!c->has_anchor) break;
        const tv *q = c->has_last[TD_TIMEX_PREC_YEAR] ? &c->last[TD_TIMEX_PREC_YEAR] : NULL;
        if (q && m->ru == U_YEAR &&
            (q->gran == TD_TIMEX_PREC_QUARTER || q->gran == TD_TIMEX_PREC_HALF) &&
            q->y >= c->ay - 1 && q->y <= c->ay) {
            *v = shift_tv(q, m->ru, m->rn);
        } else {
            fill_from_day(v, shift_day(A, m->ru, m->rn));
        }
        m->anchored = 1;
        break;
    }
    case RK_QCTX: {
        tv q;
        if (!c->has_lastq && m->ru == U_YEAR && c->has_anchor) {
            /* "year-earlier" with no quarter in sight: last year */
            v->gran = TD_TIMEX_PREC_YEAR;
            fill_from_day(v, shift_day(A, U_YEAR, m->rn));
            m->anchored = 1;
            break;
        }
        if (c->has_lastq) q = c->lastq;
        else if (c->has_anchor) q = last_quarter(A);
        else break;
        if (v->y != YUNK) q.y = v->y;
        *v = m->rn ? shift_tv(&q, U_YEAR, m->rn) : q;
        m->anchored = c->has_anchor;
        break;
    }
    default:
        break;
    }
    if (v->hol && v->y != YUNK && !v->mo && !v->sub) {
        int y, mo, d;
        long a, b;
        tv_span(v, &a, &b);
        if (v->gran == TD_TIMEX_PREC_WEEK) {
            iso_week(a, &y, &mo);
            v->y = y, v->sub = mo;
        } else {
            td_civil_from_days(a, &y, &mo, &d);
            v->mo = mo, v->d = d, v->y = y;
        }
    }
    if (m->post_rn && v->y != YUNK && v->mo && v->d > 0) {
        int y, mo, d;
        td_civil_from_days(shift_day(td_days_from_civil(v->y, v->mo, v->d), m->post_ru, m->post_rn),
                        &y, &mo, &d);
        v->y = y, v->mo = mo, v->d = d, v->wd = 0, v->hol = 0;
    } else if (m->post_rn) {
        v->y = YUNK, v->mo = v->d = 0, v->wd = 0, v->hol = 0;
    }
}

/* The TIMEX3 value of a calendar value; X for what is not known. */
/* A value is written into 32 bytes by hand: relating dates across
 * articles (core/relate.c) resolves an expression against thousands of
 * days an article, and snprintf was most of that cost. Output as
 * snprintf would give it, cut at 31 bytes. */
typedef struct vout {
    char *p;
    int n;
} vout;

static void put_str(vout *o, const char *s, int max)
{
    for (; *s && max > 0 && o->n < 31; max--) o->p[o->n++] = *s++;
    o->p[o->n] = '\0';
}

/* v as %0<width>d would print it */
static void put_int(vout *o, int v, int width)
{
    char d[12];
    int nd = 0;
    unsigned u = v < 0 ? 0u - (unsigned)v : (unsigned)v;
    do d[nd++] = (char)('0' + u % 10), u /= 10; while (u);
    int len = nd + (v < 0);
    if (v < 0 && o->n < 31) o->p[o->n++] = '-';
    for (; len < width && o->n < 31; len++) o->p[o->n++] = '0';
    while (nd && o->n < 31) o->p[o->n++] = d[--nd];
    o->p[o->n] = '\0';
}

static void format_tv(const tv *v, char out[32])
{
    static const char *const season[] = {"X", "SP", "SU", "FA", "WI"};
    static const char *const pod[] = {"", "MO", "AF", "EV", "NI", "MI", "DT"};
    char y[12];
    vout yo = {y, 0}, o = {out, 0};
    if (v->y == YUNK) put_str(&yo, "XXXX", 4);
    else put_int(&yo, v->y < 0 ? 0 : v->y > 9999 ? 9999 : v->y, 4);
    out[0] = '\0';
    switch (v->gran) {
    case TD_TIMEX_PREC_MILLENNIUM: put_str(&o, y, 1); return;
    case TD_TIMEX_PREC_CENTURY: put_str(&o, y, 2); return;
    case TD_TIMEX_PREC_DECADE: put_str(&o, y, 3); return;
    case TD_TIMEX_PREC_YEAR: put_str(&o, y, 31); return;
    case TD_TIMEX_PREC_HALF:
    case TD_TIMEX_PREC_QUARTER:
        put_str(&o, y, 31);
        put_str(&o, v->gran == TD_TIMEX_PREC_HALF ? "-H" : "-Q", 2);
        if (v->sub) put_int(&o, v->sub, 0);
        else put_str(&o, "X", 1);
        return;
    case TD_TIMEX_PREC_SEASON:
        put_str(&o, y, 31);
        put_str(&o, "-", 1);
        put_str(&o, season[v->sub & 7 ? v->sub : 0], 2);
        return;
    case TD_TIMEX_PREC_MONTH:
        put_str(&o, y, 31);
        put_str(&o, "-", 1);
        if (v->mo) put_int(&o, v->mo, 2);
        else put_str(&o, "XX", 2);
        return;
    case TD_TIMEX_PREC_WEEK:
        put_str(&o, y, 31);
        put_str(&o, "-W", 2);
        if (v->sub) put_int(&o, v->sub, 2);
        else put_str(&o, "XX", 2);
        if (v->we && o.n > 0 && o.n < 28) put_str(&o, "-WE", 3);
        return;
    default:
        break;
    }
    /* a day, maybe with a part of day or a clock time */
    put_str(&o, y, 31);
    if (v->mo && v->d > 0) {
        put_str(&o, "-", 1);
        put_int(&o, v->mo, 2);
        put_str(&o, "-", 1);
        put_int(&o, v->d, 2);
    } else if (v->wd) {
        put_str(&o, "-WXX-", 5);
        put_int(&o, v->wd, 0);
    } else if (v->mo) {
        put_str(&o, "-", 1);
        put_int(&o, v->mo, 2);
        put_str(&o, "-XX", 3);
    } else {
        put_str(&o, "-XX-XX", 6);
    }
    if (o.n <= 0 || o.n >= 24) return;
    if (v->gran == TD_TIMEX_PREC_MINUTE && v->hh >= 0) {
        put_str(&o, "T", 1);
        put_int(&o, v->hh, 2);
        put_str(&o, ":", 1);
        put_int(&o, v->mi < 0 ? 0 : v->mi, 2);
        if (v->ss >= 0) {
            put_str(&o, ":", 1);
            put_int(&o, v->ss, 2);
        }
    } else if (v->gran >= TD_TIMEX_PREC_PARTDAY && v->pod) {
        put_str(&o, "T", 1);
        put_str(&o, pod[v->pod], 2);
    }
}

/* Remembers a date for later anaphora ("a year earlier", "the next day"). */
static void remember(ctx *c, const mt *m)
{
    const tv *v = &m->v;
    if (m->type != TD_TIMEX_DATE && m->type != TD_TIMEX_TIME) return;
    if (m->rk == RK_REF || m->rk == RK_DUR || v->y == YUNK) return;
    /* "a year earlier" compares; it does not move the story */
    if (m->rk == RK_ANAPH || m->rk == RK_AGO || (m->rk == RK_QCTX && m->rn)) return;
    if (v->gran < TD_TIMEX_PREC_YEAR) return;
    int from = m->report ? TD_TIMEX_PREC_DAY : TD_TIMEX_PREC_YEAR;
    for (int g = from; g <= v->gran && g <= TD_TIMEX_PREC_MINUTE; g++) {
        c->last[g] = *v;
        c->has_last[g] = 1;
    }
    if (v->gran == TD_TIMEX_PREC_QUARTER || v->gran == TD_TIMEX_PREC_HALF) {
        c->lastq = *v;
        c->has_lastq = 1;
    }

}

/* ---- 6. The driver ------------------------------------------------------- */

/* Reads "YYYY-MM-DD" (anything after the date is ignored). */
static int parse_anchor(const char *s, int *y, int *m, int *d)
{
    for (int k = 0; k < 10; k++) {
        if (k == 4 || k == 7) {
            if (s[k] != '-') return 0;
        } else if (s[k] < '0' || s[k] > '9') {
            return 0;
        }
    }
    *y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    *m = (s[5] - '0') * 10 + (s[6] - '0');
    *d = (s[8] - '0') * 10 + (s[9] - '0');
    return *m >= 1 && *m <= 12 && *d >= 1 && *d <= td_days_in_month(*y, *m);
}

static int set_anchor(ctx *c, const char *anchor)
{
    c->has_anchor = 0;
    if (!anchor) return 1;
    if (!parse_anchor(anchor, &c->ay, &c->am, &c->ad)) return 0;
    c->has_anchor = 1;
    c->aday = td_days_from_civil(c->ay, c->am, c->ad);
    return 1;
}

/* Tops the window up with tokens; marks sentence starts. */
static void fill(ctx *c, int *prev_end)
{
    while (c->nt < WIN) {
        tok *t = &c->t[c->nt];
        if (!scan_token(&c->sc, t)) return;
        if (*prev_end || (t->flags & TF_NL)) t->flags |= TF_SENT;
        *prev_end = t->kind == K_PUNCT && (t->ch == '.' || t->ch == '?' || t->ch == '!');
        c->nt++;
    }
}

static int public_unit(int u)
{
    switch (u) {
    case U_FORTNIGHT: case U_WEEKEND: return TD_TIMEX_U_WEEK;
    case U_MILLENNIUM: return TD_TIMEX_U_CENTURY;
    }
    return u;
}

/* Fills out from a resolved match covering tokens [m->begin, m->end). */
static void emit(const ctx *c, const mt *m, int used_discourse, td_timex *out)
{
    memset(out, 0, sizeof *out);
    out->start = c->t[m->begin].start;
    out->end = c->t[m->end - 1].end;
    out->type = m->type;
    if (m->rk == RK_REF) snprintf(out->value, sizeof out->value, "%s", m->ref);
    else if (m->rk == RK_DUR) snprintf(out->value, sizeof out->value, "%s", m->dur);
    else format_tv(&m->v, out->value);
    if (m->mod) snprintf(out->mod, sizeof out->mod, "%s", m->mod);
    out->anchored = m->anchored;
    out->relative = m->rk != RK_ABS && m->rk != RK_DUR;
    if (m->rk == RK_YEARLESS && m->rdir == DIR_HAS_YEAR) out->relative = 0;
    out->precision = m->rk == RK_REF || m->rk == RK_DUR ? TD_TIMEX_PREC_NONE : m->v.gran;
    out->weekday = m->wd ? m->wd : m->v.wd;
    td_timex_rel *r = &out->rel;
    switch (m->post_rn ? -1 : m->rk) {
    case RK_SHIFT:
        r->kind = TD_TIMEX_REL_SHIFT, r->unit = public_unit(m->ru), r->shift = m->rn;
        if (m->ru == U_FORTNIGHT) r->shift *= 2;
        if (m->ru == U_MILLENNIUM) r->shift *= 10;
        r->dir = m->rdir;
        break;
    case RK_AGO: case RK_ANAPH:
        if (!used_discourse)
            r->kind = TD_TIMEX_REL_SHIFT, r->unit = public_unit(m->ru), r->shift = m->rn;
        break;
    case RK_QCTX:
        if (!used_discourse)
            r->kind = TD_TIMEX_REL_SHIFT, r->unit = TD_TIMEX_U_QUARTER, r->shift = 4 * m->rn - 1;
        break;
    case RK_WDAY:
        r->kind = TD_TIMEX_REL_WEEKDAY, r->weekday = m->v.wd, r->dir = m->rdir;
        break;
    case RK_YEARLESS:
        if (m->rdir != DIR_HAS_YEAR) r->kind = TD_TIMEX_REL_YEARLESS, r->dir = m->rdir;
        break;
    }
}

/* Did resolve() take this match's value from the discourse? */
static int uses_discourse(const ctx *c, const mt *m)
{
    switch (m->rk) {
    case RK_ANAPH: {
        int want = m->v.gran ? m->v.gran : TD_TIMEX_PREC_YEAR;
        if (want > TD_TIMEX_PREC_DAY) want = TD_TIMEX_PREC_DAY;
        return want >= TD_TIMEX_PREC_YEAR && c->has_last[want];
    }
    case RK_QCTX:
        return c->has_lastq;
    case RK_AGO: {
        const tv *q = c->has_last[TD_TIMEX_PREC_YEAR] ? &c->last[TD_TIMEX_PREC_YEAR] : NULL;
        return c->has_anchor && q && m->ru == U_YEAR &&
               (q->gran == TD_TIMEX_PREC_QUARTER || q->gran == TD_TIMEX_PREC_HALF) &&
               q->y >= c->ay - 1 && q->y <= c->ay;
    }
    }
    return 0;
}

/* Candidates that start nothing where they stand, told by the next token
 * alone, so the driver need not try every rule on them: a determiner
 * before a plain word, "to" but for "to date", an apostrophe but for a
 * decade ("the '90s"). They are among the commonest words of news. */
static int dead_start(const ctx *c, int i)
{
    const tok *t = &c->t[i], *next = T(c, i + 1);
    if (t->kind == K_PUNCT) return t->ch == '\'' && !(next->kind == K_NUM && ADJ(c, i + 1));
    switch (t->w) {
    case W_THE: case W_A: case W_AN: case W_ITS: case W_THAT: case W_HIS: case W_HER:
    case W_THEIR: case W_OUR: case W_THOSE: case W_THESE:
        return !next->cand && !(next->kind == K_PUNCT && next->ch == '\'');
    case W_TO:
        return W(c, i + 1) != W_DATE;
    }
    return 0;
}

int td_timex_find(const char *text, size_t len, const char *anchor, td_timex *out,
                  size_t max, size_t *n)
{
    ctx c;
    *n = 0;
    pthread_once(&lex_once, lex_build);
    memset(&c, 0, sizeof c);
    if (!set_anchor(&c, anchor)) return TD_TIMEX_EANCHOR;
    if (!text) return TD_TIMEX_OK;
    c.sc.s = text, c.sc.n = len, c.sc.pos = 0;
    int prev_end = 1;
    fill(&c, &prev_end);
    int i = 0;
    for (;;) {
        if (i + LOOK > c.nt && c.sc.pos < c.sc.n) {
            /* slide: keep KEEP tokens of left context */
            int drop = i - KEEP;
            if (drop > 0) {
                memmove(c.t, c.t + drop, (size_t)(c.nt - drop) * sizeof c.t[0]);
                c.nt -= drop;
                i -= drop;
            }
            fill(&c, &prev_end);
        }
        if (i >= c.nt) break;
        if (!c.t[i].cand) { /* most words start nothing */
            i++;
            continue;
        }
        if (dead_start(&c, i)) {
            i++;
            continue;
        }
        mt m;
        if (!match_at(&c, i, &m) || m.end <= i) {
            i++;
            continue;
        }
        int used = uses_discourse(&c, &m);
        resolve(&c, &m);
        if (*n >= max) return TD_TIMEX_FULL;
        emit(&c, &m, used, &out[*n]);
        (*n)++;
        remember(&c, &m);
        i = m.end;
        mt m2;
        if (m.listable && continuation(&c, i, &m, &m2)) {
            if (*n >= max) return TD_TIMEX_FULL;
            emit(&c, &m2, used, &out[*n]);
            (*n)++;
            i = m2.end;
        }
    }
    return TD_TIMEX_OK;
}

/* Reads a value this module wrote back into its parts. */
static void parse_value(const char *s, int prec, tv *v)
{
    memset(v, 0, sizeof *v);
    v->y = YUNK, v->hh = v->mi = -1, v->gran = prec;
    size_t yl = prec == TD_TIMEX_PREC_CENTURY ? 2 : prec == TD_TIMEX_PREC_DECADE ? 3
              : prec == TD_TIMEX_PREC_MILLENNIUM ? 1 : 4;
    if (strlen(s) < yl) return;
    if (s[0] != 'X') {
        int y = 0;
        for (size_t k = 0; k < yl; k++) y = y * 10 + (s[k] - '0');
        for (size_t k = yl; k < 4; k++) y *= 10;
        v->y = y;
    }
    s += yl;
    if (*s != '-') goto timepart;
    s++;
    if (s[0] == 'Q' || s[0] == 'H') v->sub = s[1] == 'X' ? 0 : s[1] - '0', s += 2;
    else if (s[0] == 'W' && s[1] != 'E') {
        v->sub = s[1] == 'X' ? 0 : atoi(s + 1);
        s += 3;
        if (s[0] == '-' && s[1] >= '1' && s[1] <= '7') v->wd = s[1] - '0', s += 2;
        if (strncmp(s, "-WE", 3) == 0) v->we = 1, s += 3;
    } else if (s[0] >= 'A' && s[0] <= 'Z' && s[0] != 'X') {
        static const char *const sn[] = {"SP", "SU", "FA", "WI"};
        for (int k = 0; k < 4; k++)
            if (strncmp(s, sn[k], 2) == 0) v->sub = k + 1;
        s += 2;
    } else {
        v->mo = s[0] == 'X' ? 0 : atoi(s);
        s += 2;
        if (s[0] == '-') {
            v->d = s[1] == 'X' ? 0 : atoi(s + 1);
            s += 3;
        }
    }
timepart:
    if (s[0] == 'T') {
        static const char *const pn[] = {"", "MO", "AF", "EV", "NI", "MI", "DT"};
        for (int k = 1; k < 7; k++)
            if (strncmp(s + 1, pn[k], 2) == 0) v->pod = k;
        if (s[1] >= '0' && s[1] <= '9') {
            v->hh = atoi(s + 1);
            v->mi = s[3] == ':' ? atoi(s + 4) : 0;
        }
    }
}

int td_timex_resolve(const td_timex *t, const char *anchor, char value[32])
{
    int y, mo, d;
    if (!anchor || !parse_anchor(anchor, &y, &mo, &d)) return TD_TIMEX_EANCHOR;
    if (t->rel.kind == TD_TIMEX_REL_NONE) {
        snprintf(value, 32, "%s", t->value);
        return TD_TIMEX_OK;
    }
    /* a context with the anchor and no discourse; with no tokens its
     * scanner and token window (nearly all of its 11 KB) are never read,
     * so only the fields from nt on are cleared: the relation loop in
     * datefer.c calls this dozens of times a relation, for an update's
     * thousands of loose articles */
    ctx small;
    memset(&small.nt, 0, sizeof small - offsetof(ctx, nt));
    set_anchor(&small, anchor);
    mt m;
    mt_init(&m);
    m.type = t->type;
    parse_value(t->value, t->precision, &m.v);
    m.rdir = t->rel.dir;
    switch (t->rel.kind) {
    case TD_TIMEX_REL_SHIFT: {
        m.rk = RK_SHIFT, m.ru = t->rel.unit, m.rn = t->rel.shift;
        if (m.ru == U_WEEK && m.v.we) m.ru = U_WEEKEND;
        int g = unit_gran(t->rel.unit);
        m.v.y = YUNK;
        if (g >= TD_TIMEX_PREC_HALF && g != TD_TIMEX_PREC_MONTH) m.v.sub = 0;
        if (g >= TD_TIMEX_PREC_MONTH && g != TD_TIMEX_PREC_WEEK) m.v.mo = 0;
        if (g >= TD_TIMEX_PREC_DAY) m.v.d = 0;
        if (g == TD_TIMEX_PREC_WEEK) m.v.sub = 0;
        if (t->rel.unit == TD_TIMEX_U_QUARTER && t->precision == TD_TIMEX_PREC_QUARTER) m.v.sub = 0;
        break;
    }
    case TD_TIMEX_REL_WEEKDAY:
        m.rk = RK_WDAY;
        m.v.y = YUNK, m.v.mo = m.v.d = 0, m.v.wd = t->rel.weekday;
        break;
    case TD_TIMEX_REL_YEARLESS:
        m.rk = RK_YEARLESS;
        m.v.y = YUNK;
        break;
    default:
        snprintf(value, 32, "%s", t->value);
        return TD_TIMEX_OK;
    }
    resolve(&small, &m);
    format_tv(&m.v, value);
    return TD_TIMEX_OK;
}

const char *td_timex_type_name(int type)
{
    switch (type) {
    case TD_TIMEX_DATE: return "DATE";
    case TD_TIMEX_TIME: return "TIME";
    case TD_TIMEX_DURATION: return "DURATION";
    case TD_TIMEX_SET: return "SET";
    }
    return "";
}
