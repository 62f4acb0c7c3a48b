/*
 * lines.c -- the shape of each line of scraped plain text.
 *
 * A scraper that keeps every visible line of a page hands us the article
 * wrapped in menus, slogans, bylines, teasers for other stories, share
 * buttons and footers. Deciding which lines are the article is a page-wide
 * question (text.c answers it); this file only measures each line on its
 * own: how long it is, how many of its words are English function words,
 * how it ends, and whether it has one of the shapes clutter takes -- a
 * "Label: text" prefix, @handles and #hashtags, a URL, "3 min read", a
 * copyright notice, a byline, a bare date, menu items split by "|".
 *
 * Everything here is one pass over the line's bytes; no line is copied.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "clean/clean.h"
#include "util/text.h"

/* The most common English function words. A sentence of running prose has
 * a good share of them (a third or more); menus, headlines, names and
 * lists of links have few. Lower case, sorted for bsearch. */
static const char *const function_words[] = {
    "a", "about", "after", "against", "all", "also", "am", "an", "and", "any",
    "are", "as", "at", "be", "because", "been", "before", "being", "between",
    "both", "but", "by", "can", "could", "did", "do", "does", "down", "during",
    "each", "few", "for", "from", "had", "has", "have", "having", "he", "her",
    "here", "hers", "him", "his", "how", "i", "if", "in", "into", "is", "it",
    "it's", "its", "itself", "just", "may", "me", "might", "more", "most",
    "must", "my", "no", "nor", "not", "now", "of", "off", "on", "once", "one",
    "only", "or", "other", "our", "out", "over", "own", "same", "she",
    "should", "since", "so", "some", "such", "than", "that", "the", "their",
    "them", "then", "there", "these", "they", "this", "those", "through",
    "to", "too", "under", "until", "up", "upon", "us", "very", "was", "we", "were",
    "what", "when", "where", "which", "while", "who", "whom", "why", "will",
    "with", "would", "you", "your",
};

/* Words of a date or time line: "Updated 9:24 pm EST, Tuesday, Nov. 19". */
static const char *const date_words[] = {
    "a.m", "ago", "am", "apr", "april", "at", "aug", "august", "bst", "cdt", "cest", "cet",
    "cst", "dec", "december", "edt", "est", "et", "feb", "february", "fri",
    "friday", "gmt", "ist", "jan", "january", "jul", "july", "jun", "june",
    "last", "mar", "march", "may", "modified", "mon", "monday", "nov",
    "november", "oct", "october", "of", "on", "p.m", "pdt", "pm", "posted", "pst",
    "pt", "published", "sat", "saturday", "sep", "sept", "september", "sun",
    "sunday", "the", "thu", "thursday", "tue", "tues", "tuesday", "updated",
    "utc", "wed", "wednesday", "yesterday",
};

static int cmp_word(const void *key, const void *elem)
{
    return strcmp(key, *(const char *const *)elem);
}

static int in_list(const char *w, const char *const *list, size_t n)
{
    return bsearch(w, list, n, sizeof *list, cmp_word) != NULL;
}

/* Horizontal white space, including U+00A0, U+200B and a byte-order mark. */
static size_t space_at(const char *s, size_t i, size_t n)
{
    unsigned char c = (unsigned char)s[i];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') return 1;
    if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0) return 2;
    if (c == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
        (unsigned char)s[i + 2] == 0x8B)
        return 3;
    if (c == 0xEF && i + 2 < n && (unsigned char)s[i + 1] == 0xBB &&
        (unsigned char)s[i + 2] == 0xBF)
        return 3;
    return 0;
}

/* The code point at s[*i], advancing *i; a negative value for bad bytes. */
static UChar32 next_cp(const char *s, size_t *i, size_t n)
{
    int32_t k = (int32_t)*i;
    UChar32 c;
    U8_NEXT((const uint8_t *)s, k, (int32_t)n, c);
    *i = (size_t)k;
    return c;
}

/* The last code point of s[0..*n), shortening *n past it. */
static UChar32 prev_cp(const char *s, size_t *n)
{
    int32_t k = (int32_t)*n;
    UChar32 c;
    U8_PREV((const uint8_t *)s, 0, k, c);
    *n = (size_t)k;
    return c;
}

static int word_char(UChar32 c) { return c >= 0 && (u_isalnum(c) || c == '_'); }

/* Quotes, brackets and the like that may close a sentence after its
 * full stop: 'He said "no."' ends a sentence as much as 'He said no.'. */
static int closer(UChar32 c)
{
    return c == '"' || c == '\'' || c == ')' || c == ']' || c == '*' ||
           c == 0x2019 || c == 0x201D || c == 0x00BB || c == 0x203A;
}

static int line_end(const char *s, size_t n)
{
    UChar32 c = 0;
    while (n) {
        c = prev_cp(s, &n);
        if (!closer(c) && c != ' ') break;
    }
    if (c == 0x2026) return TD_END_ELLIPSIS;
    if (c == '.' && n >= 2 && s[n - 1] == '.' && s[n - 2] == '.') return TD_END_ELLIPSIS;
    if (c == '.' || c == 0x3002) return TD_END_SENTENCE;
    if (c == '!' || c == '?' || c == 0xFF01 || c == 0xFF1F) return TD_END_ASK;
    if (c == ':' || c == 0xFF1A) return TD_END_COLON;
    return TD_END_NONE;
}

/* One white-space separated token, and what kind of word it is. */
typedef struct token {
    const char *s;      /* the token as written */
    size_t len;
    const char *core;   /* without the punctuation around it */
    size_t core_len;
    char lower[24];     /* the core in ASCII lower case, or "" */
    int letters, digits, upper;
    int capital;        /* its first letter is a capital */
} token;

static void read_token(token *t, const char *s, size_t len)
{
    t->s = s;
    t->len = len;
    t->letters = t->digits = t->upper = t->capital = 0;
    /* The core: from the first word character (or a leading @ or #) to the
     * last word character. */
    size_t a = 0, b = len;
    while (a < b) {
        size_t k = a;
        UChar32 c = next_cp(s, &k, b);
        if (word_char(c) || c == '@' || c == '#') break;
        a = k;
    }
    while (b > a) {
        size_t k = b;
        UChar32 c = prev_cp(s, &k);
        if (word_char(c)) break;
        b = k;
    }
    t->core = s + a;
    t->core_len = b - a;
    size_t o = 0;
    int ascii = 1;
    for (size_t i = a; i < b;) {
        UChar32 c = next_cp(s, &i, b);
        if (c < 0) {
            ascii = 0;
            continue;
        }
        if (u_isalpha(c)) {
            if (t->letters++ == 0) t->capital = u_isupper(c) || u_istitle(c);
            if (u_isupper(c) || u_istitle(c)) t->upper++;
        } else if (u_isdigit(c)) {
            t->digits++;
        }
        if (c == 0x2019) c = '\''; /* it’s -> it's */
        if (c >= 0x80 || o + 1 >= sizeof t->lower) ascii = 0;
        else t->lower[o++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    t->lower[ascii ? o : 0] = '\0';
}

static int is_number(const token *t)
{
    return t->digits > 0 && t->letters <= 2; /* 2019, 9:24, 19/11/2019, 9th */
}

static int is_handle(const token *t)
{
    if (t->core_len < 3 || t->core[0] != '@') return 0;
    for (size_t i = 1; i < t->core_len; i++) {
        unsigned char c = (unsigned char)t->core[i];
        if (!(c == '_' || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
              (c >= 'a' && c <= 'z')))
            return 0;
    }
    return 1;
}

static int is_hashtag(const token *t)
{
    return t->core_len >= 2 && t->core[0] == '#' && t->letters > 0;
}

static int is_url(const token *t)
{
    if (memmem(t->s, t->len, "://", 3)) return 1;
    if (td_has_prefix_ci(t->core, t->core_len, "www.")) return 1;
    if (td_has_prefix_ci(t->core, t->core_len, "pic.twitter.com/")) return 1;
    /* An e-mail address: something@host.tld */
    const char *at = memchr(t->core, '@', t->core_len);
    return at && at > t->core && memchr(at, '.', t->core_len - (size_t)(at - t->core));
}

/* Separators between menu items: "Home | World | Business", "Home › News". */
static int is_separator(const token *t)
{
    if (t->core_len) return 0;
    static const char *const seps[] = {"|", "•", "·", "»", "›", ">", "/", "◦", "||", "»»"};
    for (size_t i = 0; i < sizeof seps / sizeof *seps; i++)
        if (t->len == strlen(seps[i]) && memcmp(t->s, seps[i], t->len) == 0) return 1;
    return 0;
}

static int is_cjk(UChar32 c)
{
    return (c >= 0x3040 && c <= 0x30FF) || (c >= 0x3400 && c <= 0x4DBF) ||
           (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF);
}

/* "Label: text" -- a short capitalised label and a colon in the first three
 * tokens ("READ:", "Photo:", "Image Credit:", "Also read:"). Returns the
 * number of tokens in the label, or 0. */
static int label_tokens(const token *tk, int ntk)
{
    for (int i = 0; i < ntk && i < 3; i++) {
        const token *t = &tk[i];
        if (t->letters == 0 || t->digits) return 0;
        if (i == 0 && t->upper == 0) return 0;
        /* Every word of a longer label is capitalised ("Image Credit:");
         * "Senate resolves to:" is the start of a sentence. */
        if (i >= 2 && t->upper == 0) return 0;
        if (t->s[t->len - 1] == ':' && t->core_len + 1 == t->len)
            return t->letters >= 2 || i > 0 ? i + 1 : 0;
        if (t->core_len != t->len) return 0; /* punctuation inside the label */
    }
    return 0;
}

static int is_one_of(const char *w, const char *const *list)
{
    for (; *list; list++)
        if (!strcmp(w, *list)) return 1;
    return 0;
}

static const char *const minutes[] = {"min", "mins", "minute", "minutes", NULL};
static const char *const months[] = {
    "jan", "january", "feb", "february", "mar", "march", "apr", "april", "may", "jun", "june",
    "jul", "july", "aug", "august", "sep", "sept", "september", "oct", "october", "nov",
    "november", "dec", "december", NULL};
static const char *const units[] = {"second", "seconds", "min", "mins", "minute", "minutes",
                                    "hour", "hours", "hr", "hrs", "day", "days", "week",
                                    "weeks", "month", "months", "year", "years", NULL};
static const char *const you_words[] = {"you", "your", "yours", "yourself", NULL};
/* What a site asks its reader to do: "Subscribe to ...", "Sign up for ...". */
static const char *const ui_verbs[] = {
    "check", "click", "contact", "download", "email", "enter", "follow", "get", "join",
    "learn", "leave", "listen", "log", "read", "register", "share", "sign", "skip", "stay",
    "subscribe", "support", "tap", "visit", "watch", NULL};
static const char *const comment_words[] = {"comment", "comments", "reply", "replies",
                                            "responses", NULL};
static const char *const by_words[] = {"posted", "written", "words", "story", "reporting",
                                       NULL};
static const char *const article_words[] = {"article", "story", "post", "report", "piece",
                                            "content", NULL};
static const char *const bio_verbs[] = {"joined", "writes", "covers", "reports", NULL};
static const char *const author_labels[] = {"author", "authors", "by", "written", "reporter",
                                            "writer", NULL};

/* A number written as a date or a time: 19/11/2019, 2019-11-19, 9:24. */
static int numeric_date(const token *t, int *time)
{
    if (t->letters > 2 || t->digits < 3) return 0;
    int slash = 0, dash = 0, colon = 0;
    for (size_t i = 0; i < t->core_len; i++) {
        char c = t->core[i];
        slash += c == '/' || c == '.';
        dash += c == '-';
        colon += c == ':';
    }
    if (colon == 1 || colon == 2) *time = 1;
    return slash == 2 || dash == 2;
}

/* Does the token end a sentence or open a quote, so that the next word may
 * start with a capital? */
static int opens_sentence(const token *t)
{
    UChar32 c = (unsigned char)t->s[t->len - 1];
    return c == '.' || c == '!' || c == '?' || c == ':' || c == ';' || c == '"' ||
           c == '(' || c == '[' || (c & 0x80); /* a closing quote, a dash */
}

void td_line_measure(td_line *l)
{
    const char *s = l->s;
    size_t n = l->len;
    if (n > INT32_MAX) n = INT32_MAX; /* ICU's UTF-8 macros count in int32_t */
    l->chars = l->words = l->stops = l->caps = l->you = l->cjk = 0;
    l->marks = l->title_words = l->lead_caps = 0;
    int lead = 1; /* still in the capitalised words that open the line */
    l->flags = 0;
    l->label_words = 0;
    l->end = (unsigned char)line_end(s, n);

    /* Code points: length, letters in capitals, ideographs, copyright. */
    unsigned letters = 0, upper = 0;
    for (size_t i = 0; i < n;) {
        UChar32 c = next_cp(s, &i, n);
        l->chars++;
        if (c < 0) continue;
        if (u_isalpha(c)) {
            letters++;
            if (u_isupper(c)) upper++;
        }
        if (is_cjk(c)) l->cjk++;
        if (c == 0x00A9 || c == 0x24D2) l->flags |= TD_LINE_COPYRIGHT;
    }
    if (letters >= 4 && upper * 10 >= letters * 9) l->flags |= TD_LINE_ALLCAPS;

    /* Tokens. The first five are kept for the label, byline and bio shapes,
     * the last two for the shapes that span tokens ("3 min read"). */
    token first[5], prev[2];
    int ntok = 0, seps = 0, tags = 0, dates = 0, numbers = 0, comments = 0;
    int comment_at = -2, counted = 0; /* counted: a number beside a comment word */
    int names1 = 0, names2 = 0; /* capitalised words after the first, second token */
    int by = 0, readtime = 0, month = 0, numdate = 0, time = 0, ampm = 0, ago = 0;
    for (size_t i = 0; i < n;) {
        size_t sp;
        while (i < n && (sp = space_at(s, i, n))) i += sp;
        if (i >= n) break;
        size_t j = i;
        while (j < n && !space_at(s, j, n)) j++;
        token t;
        read_token(&t, s + i, j - i);
        i = j;
        if (is_separator(&t)) seps++;
        if (t.core_len == 0) continue;
        if (ntok < 5) first[ntok] = t;
        if (t.letters + t.digits > 0) l->words++;
        UChar32 last = (unsigned char)t.s[t.len - 1];
        if (last == ',' || last == ';' || last == '.' || last == ':' || last == '!' ||
            last == '?')
            l->marks++;
        if (is_handle(&t)) {
            l->flags |= TD_LINE_HANDLE;
            tags++;
        } else if (is_hashtag(&t)) {
            tags++;
        } else if (is_url(&t)) {
            l->flags |= TD_LINE_URL;
            tags++;
        } else if (t.letters + t.digits > 0) {
            /* An all-capital word is an acronym ("US"), not a function
             * word ("us"). */
            int acronym = t.letters >= 2 && t.upper == t.letters;
            int stop = t.lower[0] && !acronym &&
                       in_list(t.lower, function_words,
                               sizeof function_words / sizeof *function_words);
            if (stop) l->stops++;
            /* "Talks With the US": prose never capitalises a function word
             * inside a sentence; headlines in title case do. */
            if (stop && t.capital && ntok > 0 && strcmp(t.lower, "i") &&
                !opens_sentence(&prev[1]) && (unsigned char)t.s[0] == (unsigned char)t.core[0])
                l->title_words++;
            if (t.capital) l->caps++;
            /* Punctuation ends the run: "HANOI, Vietnam (AP) — U.S. Defense
             * Secretary ..." opens a news story, not a headline. */
            if (lead && (t.capital || t.digits)) l->lead_caps++;
            if (!(t.capital || t.digits) || t.core_len != t.len) lead = 0;
            if (is_one_of(t.lower, you_words)) l->you++;
            if (ntok == 0 && t.capital && is_one_of(t.lower, ui_verbs)) l->flags |= TD_LINE_ASKS;
            /* "12 Comments", "Leave a reply", "Log in to comment" -- but a
             * reporter's "declined to comment." or "was not available for
             * comment." is a sentence. */
            if (is_one_of(t.lower, comment_words) &&
                !(l->end == TD_END_SENTENCE && ntok > 0 &&
                  (!strcmp(prev[1].lower, "to") || !strcmp(prev[1].lower, "for")))) {
                comments++;
                comment_at = ntok;
                if (ntok > 0 && is_number(&prev[1])) counted = 1;
            }
            if (!strcmp(t.lower, "copyright") || (t.len == 3 && !memcmp(t.s, "(c)", 3)))
                l->flags |= TD_LINE_COPYRIGHT;
            if (is_number(&t)) {
                numbers++;
                if (ntok == comment_at + 1) counted = 1; /* "Comments (12)" */
                dates++;
                numdate |= numeric_date(&t, &time);
            } else if (t.lower[0] &&
                       (in_list(t.lower, date_words, sizeof date_words / sizeof *date_words) ||
                        is_one_of(t.lower, units))) {
                dates++;
                if (is_one_of(t.lower, months) && strcmp(t.lower, "may")) month++;
                if (!strcmp(t.lower, "am") || !strcmp(t.lower, "pm") ||
                    !strcmp(t.lower, "a.m") || !strcmp(t.lower, "p.m"))
                    ampm++;
                if (!strcmp(t.lower, "ago") && ntok >= 2 && is_number(&prev[0]) &&
                    is_one_of(prev[1].lower, units))
                    ago = 1;
            }
            if (t.capital && ntok >= 1) names1++;
            if (t.capital && ntok >= 2) names2++;
            /* "3 min read", "4 min readThe first ..." */
            if (ntok >= 2 && is_number(&prev[0]) && is_one_of(prev[1].lower, minutes) &&
                td_has_prefix_ci(t.core, t.core_len, "read"))
                readtime = 1;
            if (ntok == 0 && !strcmp(t.lower, "by")) by = 1;
            if (ntok == 1 && !strcmp(t.lower, "by") && is_one_of(first[0].lower, by_words))
                by = 2;
        }
        prev[0] = prev[1];
        prev[1] = t;
        ntok++;
    }
    if (l->words > 0 && tags == (int)l->words) l->flags |= TD_LINE_TAGS;
    if (seps >= 2) l->flags |= TD_LINE_MENU;
    if (readtime) l->flags |= TD_LINE_READTIME;
    if (memmem(s, n, "ll rights reserved", 18) || memmem(s, n, "ll Rights Reserved", 18) ||
        memmem(s, n, "LL RIGHTS RESERVED", 18))
        l->flags |= TD_LINE_COPYRIGHT;
    /* "Leave a reply", "12 Comments", "34 responses to ...", not
     * "Oakes, 61, was not available for comment." nor "She had 3 replies
     * from the council." */
    if (comments &&
        (l->words <= 4 || (l->words <= 12 && counted && l->end != TD_END_SENTENCE)))
        l->flags |= TD_LINE_COMMENTS;

    /* A date: "Nov. 19, 2019", "19/11/2019", "9:24 pm", "2 hours ago". */
    if ((month && numbers) || numdate || (time && ampm) || ago) l->flags |= TD_LINE_DATED;
    /* Nothing but a date or a time: every word a number, a month, a
     * weekday or a word that goes with them. */
    if ((l->flags & TD_LINE_DATED) && l->words <= 14 && dates == (int)l->words)
        l->flags |= TD_LINE_DATE;

    /* "By Jane Roe", "Posted by Jane Roe": a handful of capitalised words
     * after "by", and no sentence after them. */
    if (by && l->words >= (unsigned)by + 1 && l->words <= 8 && l->end != TD_END_SENTENCE &&
        (by == 1 ? names1 : names2) * 10 >= ((int)l->words - by) * 6)
        l->flags |= TD_LINE_BYLINE;

    /* "Jane Roe is a reporter for ...", "Jane joined the paper in 2019": an
     * author's bio. */
    unsigned nb = l->lead_caps;
    int named = nb >= 1 && nb <= 3 && (int)nb + 1 < ntok;
    /* "It was the ..." and "“Operating is a ...” he said" are no names. */
    for (unsigned k = 0; named && k < nb; k++)
        named = first[k].core == first[k].s &&
                (!first[k].lower[0] ||
                 !in_list(first[k].lower, function_words,
                          sizeof function_words / sizeof *function_words));
    if (named && first[nb].letters == (int)first[nb].core_len) {
        const char *verb = first[nb].lower, *next = first[nb + 1].lower;
        if ((nb >= 2 && (!strcmp(verb, "is") || !strcmp(verb, "was")) &&
             (!strcmp(next, "a") || !strcmp(next, "an") || !strcmp(next, "the"))) ||
            is_one_of(verb, bio_verbs))
            l->flags |= TD_LINE_BIO;
    }

    /* "This article was first published by ...": a note about the article. */
    if (ntok >= 3 && !strcmp(first[0].lower, "this") && is_one_of(first[1].lower, article_words))
        l->flags |= TD_LINE_NOTE;

    int lt = label_tokens(first, ntok < 3 ? ntok : 3);
    if (lt) {
        l->flags |= TD_LINE_LABEL;
        l->label_words = (unsigned char)lt;
        if (is_one_of(first[0].lower, author_labels)) l->flags |= TD_LINE_BYLINE;
    }
}

size_t td_lines_read(td_arena *a, const char *s, size_t n, size_t max, td_line **out)
{
    /* Count first, so the array is allocated once at its final size. */
    size_t count = 0;
    for (size_t i = 0; i < n;) {
        const char *nl = memchr(s + i, '\n', n - i);
        size_t end = nl ? (size_t)(nl - s) : n;
        size_t k = i;
        while (k < end) {
            size_t sp = space_at(s, k, end);
            if (!sp) break;
            k += sp;
        }
        if (k < end && ++count > max) return (size_t)-1;
        i = end + 1;
    }
    td_line *v = td_arena_alloc(a, (count ? count : 1) * sizeof *v);
    if (!v) return (size_t)-1;
    size_t m = 0;
    unsigned blanks = 0;
    for (size_t i = 0; i < n;) {
        const char *nl = memchr(s + i, '\n', n - i);
        size_t end = nl ? (size_t)(nl - s) : n;
        size_t b = i, e = end, sp;
        while (b < e && (sp = space_at(s, b, e))) b += sp;
        /* Trim the end: ASCII space, U+00A0, U+200B. */
        while (e > b) {
            unsigned char c = (unsigned char)s[e - 1];
            if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') e--;
            else if (e - b >= 2 && c == 0xA0 && (unsigned char)s[e - 2] == 0xC2) e -= 2;
            else if (e - b >= 3 && c == 0x8B && (unsigned char)s[e - 2] == 0x80 &&
                     (unsigned char)s[e - 3] == 0xE2)
                e -= 3;
            else break;
        }
        if (b == e) {
            blanks++;
        } else {
            td_line *l = &v[m++];
            l->s = s + b;
            l->len = e - b;
            l->blank_before = blanks;
            blanks = 0;
            td_line_measure(l);
        }
        i = end + 1;
    }
    *out = v;
    return m;
}
