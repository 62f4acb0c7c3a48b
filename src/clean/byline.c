/*
 * byline.c -- author and date from the lines of an article's text ("By
 * Jane Roe", "June 3, 2025"), for documents whose metadata did not say.
 * Also the two readers meta.c shares: dates written out in running text,
 * and the name(s) in a byline.
 *
 * Only lines shaped like bylines count: a date in a teaser about another
 * story or in a comment is not the article's date, so a bare date is taken
 * only next to a byline or after a "Published" label, and nothing is ever
 * guessed.
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "clean/clean.h"
#include "clean/page.h"
#include "util/text.h"

/* Month names and abbreviations in the languages news sites mostly use:
 * English, Spanish, Portuguese, French, German, Italian, Dutch. Words
 * shared by several languages appear once. */
static const struct {
    const char *name;
    int month;
} month_words[] = {
    {"january", 1}, {"february", 2}, {"march", 3}, {"april", 4}, {"may", 5}, {"june", 6},
    {"july", 7}, {"august", 8}, {"september", 9}, {"october", 10}, {"november", 11},
    {"december", 12}, {"jan", 1}, {"feb", 2}, {"mar", 3}, {"apr", 4}, {"jun", 6},
    {"jul", 7}, {"aug", 8}, {"sep", 9}, {"sept", 9}, {"oct", 10}, {"nov", 11}, {"dec", 12},
    {"enero", 1}, {"febrero", 2}, {"marzo", 3}, {"abril", 4}, {"mayo", 5}, {"junio", 6},
    {"julio", 7}, {"agosto", 8}, {"septiembre", 9}, {"setiembre", 9}, {"octubre", 10},
    {"noviembre", 11}, {"diciembre", 12}, {"ene", 1}, {"abr", 4}, {"ago", 8}, {"dic", 12},
    {"janeiro", 1}, {"fevereiro", 2}, {"mar\xC3\xA7o", 3}, {"maio", 5}, {"junho", 6},
    {"julho", 7}, {"setembro", 9}, {"outubro", 10}, {"novembro", 11}, {"dezembro", 12},
    {"fev", 2}, {"mai", 5}, {"set", 9}, {"out", 10}, {"dez", 12},
    {"janvier", 1}, {"f\xC3\xA9" "vrier", 2}, {"mars", 3}, {"avril", 4}, {"juin", 6},
    {"juillet", 7}, {"ao\xC3\xBBt", 8}, {"septembre", 9}, {"octobre", 10},
    {"novembre", 11}, {"d\xC3\xA9" "cembre", 12}, {"janv", 1}, {"f\xC3\xA9" "vr", 2},
    {"avr", 4}, {"juil", 7}, {"d\xC3\xA9" "c", 12},
    {"januar", 1}, {"februar", 2}, {"m\xC3\xA4rz", 3}, {"juni", 6}, {"juli", 7},
    {"oktober", 10}, {"dezember", 12}, {"m\xC3\xA4r", 3}, {"okt", 10},
    {"gennaio", 1}, {"febbraio", 2}, {"aprile", 4}, {"maggio", 5}, {"giugno", 6},
    {"luglio", 7}, {"settembre", 9}, {"ottobre", 10}, {"dicembre", 12}, {"gen", 1},
    {"mag", 5}, {"giu", 6}, {"lug", 7}, {"ott", 10},
    {"januari", 1}, {"februari", 2}, {"maart", 3}, {"mei", 5}, {"augustus", 8},
    {"mrt", 3}};

/* Bytes of a word: ASCII letters and digits, and any byte of a multibyte
 * UTF-8 character (so "Mayıs" is not "May"). */
static int wordish(unsigned char c)
{
    return isalnum(c) || c >= 0x80;
}

static int days_in(int y, int m)
{
    static const int dm[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 29;
    return dm[m - 1];
}

/* A month name or abbreviation at s[i..n): returns 1..12 and moves *i
 * past it and an abbreviation's dot. */
static int month_at(const char *s, size_t n, size_t *i)
{
    size_t k = *i;
    while (k < n && (isalpha((unsigned char)s[k]) || (unsigned char)s[k] >= 0x80)) k++;
    size_t len = k - *i;
    if (len < 3 || len > 12) return 0;
    char w[13];
    for (size_t j = 0; j < len; j++) w[j] = (char)tolower((unsigned char)s[*i + j]);
    w[len] = '\0';
    int m = 0;
    for (size_t j = 0; j < sizeof month_words / sizeof month_words[0] && !m; j++)
        if (!strcmp(w, month_words[j].name)) m = month_words[j].month;
    if (!m) return 0;
    if (k < n && s[k] == '.') k++;
    *i = k;
    return m;
}

/* Between 1 and maxd digits at s[*i], not followed by another digit. */
static int number_at(const char *s, size_t n, size_t *i, int mind, int maxd)
{
    size_t k = *i;
    int v = 0;
    while (k < n && isdigit((unsigned char)s[k]) && (int)(k - *i) < maxd)
        v = v * 10 + (s[k++] - '0');
    if ((int)(k - *i) < mind || (k < n && isdigit((unsigned char)s[k]))) return -1;
    *i = k;
    return v;
}

/* Spaces (a no-break space too) and commas; returns how many bytes. */
static size_t skip_gap(const char *s, size_t n, size_t *i)
{
    size_t k = *i;
    for (;;) {
        if (k < n && (s[k] == ' ' || s[k] == ',' || s[k] == '\t' || s[k] == '\n'))
            k++;
        else if (k + 1 < n && (unsigned char)s[k] == 0xC2 && (unsigned char)s[k + 1] == 0xA0)
            k += 2;
        else
            break;
    }
    size_t r = k - *i;
    *i = k;
    return r;
}

/* "st", "nd", "rd", "th" after a day number. */
static void skip_ordinal(const char *s, size_t n, size_t *i)
{
    if (*i + 1 < n && (!strncasecmp(s + *i, "st", 2) || !strncasecmp(s + *i, "nd", 2) ||
                       !strncasecmp(s + *i, "rd", 2) || !strncasecmp(s + *i, "th", 2)) &&
        (*i + 2 == n || !wordish((unsigned char)s[*i + 2])))
        *i += 2;
}

static int valid(int y, int m, int d)
{
    return y >= 1900 && y <= 2100 && m >= 1 && m <= 12 && d >= 1 && d <= days_in(y, m);
}

/* Tries every date shape at s[i]; on success fills y, m, d and *end. */
static int date_at(const char *s, size_t n, size_t i, int *y, int *m, int *d, size_t *end)
{
    size_t k = i;
    if (isalpha((unsigned char)s[i])) {
        /* May 17, 2024 / Sept. 4th 2025 */
        if (!(*m = month_at(s, n, &k))) return 0;
        if (!skip_gap(s, n, &k) && s[k - 1] != '.') return 0;
        if ((*d = number_at(s, n, &k, 1, 2)) < 0) return 0;
        skip_ordinal(s, n, &k);
        if (!skip_gap(s, n, &k)) return 0;
        if ((*y = number_at(s, n, &k, 4, 4)) < 0) return 0;
        *end = k;
        return valid(*y, *m, *d);
    }
    if (!isdigit((unsigned char)s[i])) return 0;
    size_t digits = 0;
    while (i + digits < n && isdigit((unsigned char)s[i + digits])) digits++;
    char sep = i + digits < n ? s[i + digits] : '\0';
    if (digits == 4 && (sep == '-' || sep == '/' || sep == '.')) {
        /* 2024-05-17 */
        *y = number_at(s, n, &k, 4, 4);
        k++;
        if ((*m = number_at(s, n, &k, 1, 2)) < 0 || k >= n || s[k] != sep) return 0;
        k++;
        if ((*d = number_at(s, n, &k, 1, 2)) < 0) return 0;
        *end = k;
        return valid(*y, *m, *d);
    }
    if (digits > 2) return 0;
    if ((sep == '/' || sep == '.' || sep == '-') && i + digits + 1 < n &&
        isdigit((unsigned char)s[i + digits + 1])) {
        /* 17.05.2024 (day first) or 05/17/2024 (month first, unless the
         * first number cannot be a month) */
        int a = number_at(s, n, &k, 1, 2);
        k++;
        int b = number_at(s, n, &k, 1, 2);
        if (b < 0 || k >= n || s[k] != sep) return 0;
        k++;
        if ((*y = number_at(s, n, &k, 4, 4)) < 0) return 0;
        if (sep == '.' || a > 12) {
            *d = a;
            *m = b;
        } else {
            *m = a;
            *d = b;
        }
        *end = k;
        return valid(*y, *m, *d);
    }
    /* 17 May 2024 / 17th of May, 2024 / 17-May-2024 */
    *d = number_at(s, n, &k, 1, 2);
    skip_ordinal(s, n, &k);
    skip_gap(s, n, &k);
    if (k < n && (s[k] == '-' || s[k] == '.')) k++;
    skip_gap(s, n, &k);
    if (k + 3 < n && (!strncasecmp(s + k, "of ", 3) || !strncasecmp(s + k, "de ", 3))) k += 3;
    if (!(*m = month_at(s, n, &k))) return 0;
    skip_gap(s, n, &k);
    if (k < n && (s[k] == '-' || s[k] == '.')) k++;
    if (k + 3 < n && !strncasecmp(s + k, "de ", 3)) k += 3;
    if ((*y = number_at(s, n, &k, 4, 4)) < 0) return 0;
    *end = k;
    return valid(*y, *m, *d);
}

int td_clean_date_order(const char *s, size_t n)
{
    /* Of the shapes date_at reads, only those with a month's name have
     * letters, and only "May 17, 2024" starts with one. */
    if (n && isalpha((unsigned char)s[0])) return 2;
    for (size_t i = 0; i < n; i++)
        if (isalpha((unsigned char)s[i])) return 1;
    return 0;
}

int td_clean_find_date(const char *s, size_t n, char out[11], size_t *at, size_t *end)
{
    /* Every shape ends in a year of four digits, 1900 to 2100, that no
     * digit touches: where the last one is bounds where a date can start,
     * and most texts have none (this runs on every text of a page). */
    size_t last = n;
    for (size_t k = 0; k < n;) {
        if (!isdigit((unsigned char)s[k])) {
            k++;
            continue;
        }
        size_t e = k;
        while (e < n && isdigit((unsigned char)s[e])) e++;
        if (e - k == 4) {
            int y = (s[k] - '0') * 1000 + (s[k + 1] - '0') * 100 + (s[k + 2] - '0') * 10 +
                    (s[k + 3] - '0');
            if (y >= 1900 && y <= 2100) last = k;
        }
        k = e;
    }
    if (last == n) return 0;
    for (size_t i = 0; i <= last; i++) {
        unsigned char c = (unsigned char)s[i];
        if (!isalnum(c) || (i > 0 && wordish((unsigned char)s[i - 1]))) continue;
        int y, m, d;
        size_t e;
        if (date_at(s, n, i, &y, &m, &d, &e)) {
            /* snprintf would warn about truncation it cannot rule out. */
            out[0] = (char)('0' + y / 1000);
            out[1] = (char)('0' + y / 100 % 10);
            out[2] = (char)('0' + y / 10 % 10);
            out[3] = (char)('0' + y % 10);
            out[4] = '-';
            out[5] = (char)('0' + m / 10);
            out[6] = (char)('0' + m % 10);
            out[7] = '-';
            out[8] = (char)('0' + d / 10);
            out[9] = (char)('0' + d % 10);
            out[10] = '\0';
            if (at) *at = i;
            if (end) *end = e;
            return 1;
        }
    }
    return 0;
}

/* ---- names ------------------------------------------------------------ */

/* Case-insensitive: does s start with the word w (followed by a non-letter)? */
static size_t starts_word(const char *s, const char *w)
{
    size_t l = strlen(w);
    if (strncasecmp(s, w, l) != 0) return 0;
    if (isalpha((unsigned char)w[l - 1]) && isalpha((unsigned char)s[l])) return 0;
    return l;
}

/* Lower-case words that belong inside names: "Ludwig van Beethoven". */
static int particle(const char *w, size_t l)
{
    static const char *const p[] = {"van", "von", "der", "den", "de", "da", "di", "du", "la",
                                    "le", "del", "della", "des", "bin", "al", "el", "y", "e",
                                    "dos", "das", "do", "ter", "ten", "af", "zu", "the", NULL};
    for (int i = 0; p[i]; i++)
        if (strlen(p[i]) == l && !strncmp(w, p[i], l)) return 1;
    return 0;
}

/* Whole bylines that name nobody. */
static int placeholder(const char *s)
{
    static const char *const p[] = {
        "admin", "administrator", "webmaster", "author", "authors", "editor", "by",
        "name", "user", "guest", "unknown", "anonymous", "undefined", "null", "none",
        "share", "follow", "home", "menu", "search", "login", "more", "read more",
        "view profile", "contributor", "posted", "updated", "published", "written",
        "reviewed", "comments", "reply", "leave a reply", "about", "bio", "profile",
        "all posts", "view all posts", "see all", "subscribe", "advertisement", "sponsored",
        NULL};
    for (int i = 0; p[i]; i++)
        if (!strcasecmp(s, p[i])) return 1;
    return 0;
}

/* Month and weekday names, which a byline cut before its date leaves
 * behind ("Dec." of "Dec. 18, 2025"). */
static int calendar_word(const char *w, size_t l)
{
    while (l && (w[l - 1] == '.' || w[l - 1] == ',')) l--;
    if (l < 3 || l > 12) return 0;
    char k[13];
    for (size_t i = 0; i < l; i++) k[i] = (char)tolower((unsigned char)w[i]);
    k[l] = '\0';
    for (size_t j = 0; j < sizeof month_words / sizeof month_words[0]; j++)
        if (!strcmp(k, month_words[j].name)) return 1;
    static const char *const days[] = {"monday", "tuesday", "wednesday", "thursday", "friday",
                                       "saturday", "sunday", "mon", "tue", "tues", "wed",
                                       "thu", "thur", "thurs", "fri", "sat", "sun", "today",
                                       "yesterday", NULL};
    for (int i = 0; days[i]; i++)
        if (!strcmp(k, days[i])) return 1;
    return 0;
}

/* First words of lines that are not names. */
static int bad_first_word(const char *w, size_t l)
{
    static const char *const p[] = {
        "read", "view", "see", "share", "follow", "click", "sign", "subscribe", "learn",
        "more", "posted", "updated", "published", "leave", "comments", "reply", "home",
        "search", "skip", "menu", "get", "join", "download", "contact", "about", "last",
        "min", "minute", "minutes", "listen", "watch", "print", "email", "save", "filed",
        "tags", "category", "categories", "in", "on", "at", "from", "for", "with", "and",
        "or", "of", "to", "is", "was", "are", "this", "that", "our", "your", "my", "we",
        "you", "it", "how", "what", "why", "when", "where", "who", "image", "photo",
        "source", "copyright", "all", "no", "not", "a", "an", NULL};
    for (int i = 0; p[i]; i++)
        if (strlen(p[i]) == l && !strncasecmp(w, p[i], l)) return 1;
    return 0;
}

/* A credential after a name: "MD", "PhD", "RD", "Ph.D.". */
static int credential(const char *w, size_t l)
{
    if (l == 0 || l > 8) return 0;
    int upper = 0, lower = 0;
    for (size_t i = 0; i < l; i++) {
        unsigned char c = (unsigned char)w[i];
        if (isupper(c)) upper++;
        else if (islower(c)) lower++;
        else if (c != '.' && c != '-') return 0;
    }
    /* Capitals, with one small letter at most: "MD", "PhD", "MSc". */
    return upper >= 2 && lower <= 1;
}

/* One person's name, or a desk's ("Newsdesk", "The Upwork Team"):
 * one to six words, each capitalised, a particle or an initial. */
static int name_part(const char *s, size_t n)
{
    size_t i = 0, words = 0;
    const char *first = s;
    size_t first_len = 0;
    while (i < n) {
        while (i < n && s[i] == ' ') i++;
        if (i >= n) break;
        size_t b = i;
        while (i < n && s[i] != ' ') i++;
        const char *w = s + b;
        size_t l = i - b;
        unsigned char c = (unsigned char)w[0];
        if (words == 0) {
            if (bad_first_word(w, l)) return 0;
            first = w;
            first_len = l;
        }
        if (!(isupper(c) || c >= 0x80 || particle(w, l) || (c == '(' && l > 1) ||
              (words > 0 && credential(w, l))))
            return 0;
        words++;
    }
    /* "April Ryan" is a name; "April" alone is what is left of a date. */
    if (words == 1 && calendar_word(first, first_len)) return 0;
    return words >= 1 && words <= 6;
}

/* Separators that end a name in a byline. */
/* Is the bracket opened before s[i] a part of a name, a maiden or middle
 * name before the surname that ends the byline ("Paramita (Guha) Ghosh"),
 * rather than an outlet or a note ("Jane Roe (Reuters)", "(AP) Updated")?
 * One capitalised word in the brackets, one after them. */
static int name_in_brackets(const char *s, size_t n, size_t i)
{
    size_t k = i + 1;
    if (i >= n || !isupper((unsigned char)s[i])) return 0;
    while (k < n && islower((unsigned char)s[k])) k++;
    if (k - i < 2 || k + 3 >= n || s[k] != ')' || s[k + 1] != ' ') return 0;
    size_t w = k + 2, e = w + 1;
    if (!isupper((unsigned char)s[w])) return 0;
    while (e < n && (islower((unsigned char)s[e]) || s[e] == '-' || s[e] == '\'')) e++;
    if (e - w < 2 || (e < n && s[e] != ' ' && s[e] != ',')) return 0;
    while (e < n && (s[e] == ' ' || s[e] == ',')) e++;
    if (e < n) return 0;
    char word[32];
    size_t wl = 0;
    for (size_t j = w; j < n && wl < sizeof word - 1 && s[j] != ' ' && s[j] != ','; j++)
        word[wl++] = s[j];
    word[wl] = '\0';
    return !td_clean_newsroom_role(word) && strcmp(word, "Updated") && strcmp(word, "Published") &&
           strcmp(word, "Posted");
}

static size_t cut_at(const char *s, size_t n)
{
    static const char *const seps[] = {
        "|", " \xC2\xB7", "\xC2\xB7", "\xE2\x80\xA2", " \xE2\x80\x94", " \xE2\x80\x93",
        " - ", " / ", " on ", " On ", " in ", " In ", " at ", " for ", " For ",
        " updated", " Updated", " UPDATED", " published", " Published", " posted",
        " Posted", " (", " - ", "\xE2\x80\x94", "Updated", "Published", " |", NULL};
    size_t cut = n;
    for (int i = 0; seps[i]; i++) {
        const char *p = memmem(s, n, seps[i], strlen(seps[i]));
        while (p && !strcmp(seps[i], " (") && name_in_brackets(s, n, (size_t)(p - s) + 2))
            p = memmem(p + 2, n - (size_t)(p + 2 - s), seps[i], 2);
        if (p && (size_t)(p - s) < cut) cut = (size_t)(p - s);
    }
    /* A date or a number (a time, "5 min read") ends it too. */
    for (size_t i = 0; i < cut; i++)
        if (isdigit((unsigned char)s[i])) {
            cut = i;
            break;
        }
    return cut;
}

int td_clean_newsroom_role(const char *s)
{
    static const char *const roles[] = {"journalist", "reporter", "correspondent", "editor",
                                        "writer", "columnist", "desk", "staff", "contributor",
                                        NULL};
    while (*s == ' ') s++;
    size_t n = strlen(s), words = 1;
    while (n && s[n - 1] == ' ') n--;
    if (!n) return 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == ' ') words++;
        else if (!isalpha((unsigned char)s[i]) && s[i] != '-') return 0;
    }
    if (words > 4) return 0;
    size_t last = n;
    while (last && s[last - 1] != ' ') last--;
    for (int i = 0; roles[i]; i++)
        if (strlen(roles[i]) == n - last && !strncasecmp(s + last, roles[i], n - last)) return 1;
    return 0;
}

const char *td_clean_byline_name(td_arena *a, const char *s, size_t n, int need_by)
{
    if (!s || n == 0) return NULL;
    /* Squash white space (no-break spaces too) into a small buffer. */
    char b[320];
    size_t o = 0;
    int space = 0;
    for (size_t i = 0; i < n && o + 2 < sizeof b; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0) {
            space = 1;
            i++;
            continue;
        }
        if (isspace(c)) {
            space = 1;
            continue;
        }
        if (space && o) b[o++] = ' ';
        space = 0;
        b[o++] = (char)c;
    }
    b[o] = '\0';
    char *p = b;
    /* Credits that are not the author's. */
    static const char *const others[] = {
        "reviewed by", "medically reviewed", "fact checked", "fact-checked", "edited by",
        "photo", "photos", "photograph", "illustration", "image", "video", "produced by",
        "sponsored", "powered by", "presented by", "hosted by", "designed by",
        "developed by", "supported by", "brought to you", "built by", "made by",
        "translated by", "narrated by", "read by", "paid for", "in partnership", NULL};
    for (int i = 0; others[i]; i++)
        if (starts_word(p, others[i])) return NULL;
    static const char *const prefixes[] = {
        "written by", "posted by", "story by", "words by", "article by", "text by",
        "reporting by", "report by", "authored by", "created by", "published by", "by:",
        "by", "authors:", "author:", "author", "writer:", "words:", NULL};
    int had_by = 0;
    for (int i = 0; prefixes[i]; i++) {
        size_t l = starts_word(p, prefixes[i]);
        if (l) {
            p += l;
            while (*p == ' ' || *p == ':') p++;
            had_by = 1;
            break;
        }
    }
    /* "Author Spotlight", "By Type": after a label on the same line, one
     * word is seldom a name. */
    if (had_by && !strchr(p, ' ')) return NULL;
    if (need_by && !had_by) return NULL;
    size_t len = cut_at(p, strlen(p));
    /* Trailing commas, "and", dashes. */
    for (;;) {
        while (len && strchr(" ,;:-&", p[len - 1])) len--;
        if (len >= 4 && !strncmp(p + len - 4, " and", 4)) len -= 4;
        else break;
    }
    p[len] = '\0';
    /* A newsroom role after the name is the byline's, not the name's:
     * "Jane Roe, Staff Writer", "John Doe, Global Desk". */
    const char *comma = strrchr(p, ',');
    if (comma && comma > p && td_clean_newsroom_role(comma + 1)) {
        len = (size_t)(comma - p);
        while (len && p[len - 1] == ' ') len--;
        p[len] = '\0';
    }
    /* A name shown twice, as a link and as text: "Jane Roe Jane Roe". */
    if (len >= 7 && len % 2 == 1 && p[len / 2] == ' ' && !memcmp(p, p + len / 2 + 1, len / 2)) {
        len /= 2;
        p[len] = '\0';
    }
    if (len < 2 || len > 120 || placeholder(p)) return NULL;
    if (strpbrk(p, "@/#=<>{}?!\"\\[]*+~^$%") || strstr(p, "www.") || strstr(p, "\xC2\xA9"))
        return NULL;
    /* Each person in "A, B and C" must read like a name; a part that is a
     * credential ("Jane Roe, MD") is kept as written. */
    size_t i = 0, people = 0;
    while (i < len) {
        size_t e = len, skip = 0;
        for (size_t k = i; k < len; k++) {
            if (p[k] == ',' || p[k] == ';') {
                e = k;
                skip = 1;
                break;
            }
            if (p[k] == '&' || (p[k] == ' ' && !strncmp(p + k, " and ", 5))) {
                e = k;
                skip = p[k] == '&' ? 1 : 5;
                break;
            }
        }
        size_t ps = i, pe = e;
        while (ps < pe && p[ps] == ' ') ps++;
        while (pe > ps && p[pe - 1] == ' ') pe--;
        if (!strncmp(p + ps, "and ", 4)) ps += 4;
        if (pe > ps && !credential(p + ps, pe - ps)) {
            if (!name_part(p + ps, pe - ps)) return NULL;
            people++;
        }
        i = e + skip;
    }
    if (people == 0 || people > 8) return NULL;
    if (need_by) {
        /* Free text that merely starts "By" ("By Type", "BY COMPANY
         * SIZE" in a shop's filters) needs a name of two words or more,
         * not in capitals throughout. */
        int words = 1, lower = 0;
        for (size_t k = 0; k < len; k++) {
            words += p[k] == ' ';
            lower += islower((unsigned char)p[k]) != 0;
        }
        if (words < 2 || !lower) return NULL;
    }
    return td_arena_strndup(a, p, len);
}

/* ---- the text of an article ------------------------------------------- */

typedef struct line {
    const char *s;
    size_t n;
} line;

enum { TOP_LINES = 48, END_LINES = 12 };

/* Lines that say when: "Published: May 17, 2024", "Posted on ...". */
static int published_label(const char *s, size_t n)
{
    static const char *const w[] = {"published", "posted", "first published",
                                    "originally published", "date:", "dated", "released",
                                    NULL};
    for (int i = 0; w[i]; i++) {
        size_t l = strlen(w[i]);
        if (n >= l && !strncasecmp(s, w[i], l)) return 1;
    }
    return 0;
}

static int updated_label(const char *s, size_t n)
{
    return (n >= 7 && !strncasecmp(s, "updated", 7)) ||
           (n >= 12 && !strncasecmp(s, "last updated", 12)) ||
           (n >= 8 && !strncasecmp(s, "modified", 8));
}

/* Words left on a line once its date is taken out: "February 12, 2025 ·
 * 4 min read" leaves a few, a sentence leaves many. */
static int words_besides(const char *s, size_t n, size_t at, size_t end)
{
    int words = 0, in = 0;
    for (size_t i = 0; i < n; i++) {
        if (i >= at && i < end) {
            in = 0;
            continue;
        }
        int w = isalpha((unsigned char)s[i]) || (unsigned char)s[i] >= 0x80;
        if (w && !in) words++;
        in = w;
    }
    return words;
}

/* A dateline opening the story: "ZARAGOZA, Feb. 11, 2025 -- ...". */
int td_clean_dateline(const char *s, size_t n, size_t at, size_t end)
{
    if (at == 0 || at > 48) return 0;
    for (size_t i = 0; i < at; i++) {
        unsigned char c = (unsigned char)s[i];
        if (islower(c)) return 0;
    }
    size_t k = end;
    while (k < n && s[k] == ' ') k++;
    return k < n && (s[k] == '-' || s[k] == '(' || s[k] == ':' ||
                     (k + 2 < n && (unsigned char)s[k] == 0xE2 && (unsigned char)s[k + 1] == 0x80));
}

/* A line of nothing but a date (and its weekday, time and zone) at the
 * head of scraped text: "Friday, June 7, 2013" above or just below the
 * headline, "21 July 2013 Last updated at 11:11 GMT". That is where a
 * page shows its own date; a date line further down belongs to something
 * else (a teaser, a comment). Without the headline in view, only the
 * first three lines count. */
static int head_date(const line *l, int i, int title_at)
{
    if (title_at >= 0 ? (i < title_at - 2 || i > title_at + 3) : i > 2) return 0;
    td_line m = {.s = l->s, .len = l->n};
    td_line_measure(&m);
    return (m.flags & TD_LINE_DATE) != 0;
}

static void set_date(td_doc *d, const char *iso)
{
    d->published = td_arena_strdup(&d->arena, iso);
    d->published_from = TD_DATE_TEXT;
    d->from.published = "byline";
}

static void set_author(td_doc *d, const char *name)
{
    d->author = name;
    d->from.author = "byline";
}

void td_clean_byline(td_doc *d)
{
    /* Plain text keeps its bylines out of the body (text.c drops them
     * there), so read the text as it came; a page's body is its text. */
    const char *s = d->body;
    size_t n = d->body_len;
    if (d->ctype == TD_CT_TEXT && d->content) {
        s = d->content;
        n = d->content_len;
    }
    if (!s || !n) return;

    /* The lines near the top: up to the headline (when the text holds
     * it) and a dozen after; the last few lines, for an "Author:" or
     * "Published" note at the end. */
    line top[TOP_LINES], tail[END_LINES];
    int ntop = 0, ntail = 0, title_at = -1;
    size_t tl = d->title ? strlen(d->title) : 0;
    /* In scraped text the top starts where text.c found the article's
     * head (the lines above its headline); higher up are the site's
     * menus. */
    size_t from = d->ctype == TD_CT_TEXT && d->head_at < n ? d->head_at : 0;
    for (size_t i = from; i < n && ntop < TOP_LINES;) {
        const char *e = memchr(s + i, '\n', n - i);
        size_t j = e ? (size_t)(e - s) : n;
        size_t a = i, b = j;
        while (a < b && (s[a] == ' ' || s[a] == '\t' || s[a] == '\r')) a++;
        while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t' || s[b - 1] == '\r')) b--;
        if (b > a) {
            if (title_at < 0 && tl && b - a == tl && !memcmp(s + a, d->title, tl))
                title_at = ntop;
            top[ntop++] = (line){s + a, b - a};
        }
        i = j + 1;
    }
    /* Without the headline in view, only the first lines are the top. */
    int limit = title_at >= 0 ? title_at + 12 : 14;
    if (limit < ntop) ntop = limit;
    for (size_t j = n; j > 0 && ntail < END_LINES;) {
        size_t b = j;
        while (j > 0 && s[j - 1] != '\n') j--;
        size_t a = j;
        while (a < b && (s[a] == ' ' || s[a] == '\t' || s[a] == '\r')) a++;
        while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t' || s[b - 1] == '\r')) b--;
        if (b > a) tail[ntail++] = (line){s + a, b - a};
        if (j > 0) j--;
    }

    const char *author = NULL, *date = NULL, *updated = NULL;
    int by_line = -1, plain = d->ctype == TD_CT_TEXT;
    char iso[11], iso_date[11], iso_updated[11];
    for (int i = 0; i < ntop; i++) {
        const line *l = &top[i];
        if (l->n > 300) continue; /* a paragraph, not a byline */
        size_t at, end;
        int has_date = td_clean_find_date(l->s, l->n, iso, &at, &end);
        /* "By Jane Roe November 19, 2019, 07:47 PM": the name ends where
         * the date begins. */
        const char *name = has_date && at > 0
                               ? td_clean_byline_name(&d->arena, l->s, at, 1)
                               : NULL;
        if (!name) name = td_clean_byline_name(&d->arena, l->s, l->n, 1);
        if (!name && has_date && at > 0) {
            /* "Jane Roe | June 3, 2025": a name, a separator, a date. */
            size_t k = at;
            while (k > 0 && (l->s[k - 1] == ' ' || l->s[k - 1] == ',')) k--;
            if (k > 0 && strchr("|-", l->s[k - 1]) && words_besides(l->s, l->n, at, end) <= 6)
                name = td_clean_byline_name(&d->arena, l->s, k - 1, 0);
        }
        if (name && !author) {
            author = name;
            by_line = i;
        }
        if (!has_date || date) continue;
        int near_by = by_line >= 0 && i - by_line <= 2;
        if (name || published_label(l->s, l->n) ||
            (near_by && words_besides(l->s, l->n, at, end) <= 6) ||
            (i > 0 && title_at >= 0 && i > title_at && i <= title_at + 8 &&
             td_clean_dateline(l->s, l->n, at, end)) ||
            (plain && head_date(l, i, title_at))) {
            if (updated_label(l->s, l->n)) {
                if (!updated) updated = memcpy(iso_updated, iso, sizeof iso);
            } else {
                date = memcpy(iso_date, iso, sizeof iso);
            }
        }
    }
    /* A date line just above a byline ("June 3, 2025" then "By ..."). */
    if (!date && by_line > 0) {
        for (int i = by_line - 1; i >= 0 && i >= by_line - 2; i--) {
            size_t at, end;
            if (td_clean_find_date(top[i].s, top[i].n, iso, &at, &end) &&
                words_besides(top[i].s, top[i].n, at, end) <= 4) {
                date = memcpy(iso_date, iso, sizeof iso);
                break;
            }
        }
    }
    if (!date) date = updated;
    for (int i = 0; i < ntail && (!author || !date); i++) {
        const line *l = &tail[i];
        if (l->n > 300) continue;
        size_t at, end;
        if (!author) {
            static const char *const labels[] = {"author:", "written by", "about the author:",
                                                 "by ", NULL};
            for (int k = 0; labels[k]; k++) {
                size_t ll = strlen(labels[k]);
                if (l->n <= ll || strncasecmp(l->s, labels[k], ll)) continue;
                const char *p = l->s + ll;
                size_t rest = l->n - ll;
                /* "About the author: Jane Roe is our correspondent ..." */
                const char *is = memmem(p, rest, " is ", 4);
                if (k == 2 && is) rest = (size_t)(is - p);
                if (k == 2 && !is) break;
                author = td_clean_byline_name(&d->arena, p, rest, 0);
                break;
            }
        }
        if (!date && published_label(l->s, l->n) &&
            td_clean_find_date(l->s, l->n, iso, &at, &end))
            date = memcpy(iso_date, iso, sizeof iso);
    }
    if (author && !d->author) set_author(d, author);
    if (date && !d->published) set_date(d, date);
}
