/*
 * words.c -- what the later stages ask of words: is it a function word,
 * what is its stem, which runs of words are names, which months are
 * mentioned and how.
 */
#include "text.h"

#include <string.h>

/* English function words, sorted (td_text_is_stopword searches it), and a
 * few words that news prints around every story (said, told, reported,
 * weekdays) and that say nothing about which story it is. */
static const char *const stopwords[] = {
    "a", "about", "above", "according", "across", "added", "adding", "afp",
    "after", "afterwards", "again", "against", "ago", "all", "almost",
    "along", "already", "also", "although", "always", "am", "among", "an",
    "and", "another", "any", "anyone", "anything", "ap", "are", "aren",
    "around", "as", "asked", "at", "away", "back", "be", "became", "because",
    "become", "becomes", "been", "before", "being", "below", "besides",
    "between", "both", "but", "by", "can", "cannot", "click", "copyright",
    "could", "couldn", "currently", "d", "day", "days", "did", "didn", "do",
    "does", "doesn", "doing", "don", "done", "down", "during", "each",
    "earlier", "either", "else", "enough", "etc", "even", "ever", "every",
    "few", "for", "former", "from", "further", "getty", "had",
    "hadn", "has", "hasn", "have", "haven", "having", "he", "her", "here",
    "hers", "herself", "him", "himself", "his", "how", "however", "i", "if",
    "image", "images", "in", "including", "into", "is", "isn", "it", "its",
    "itself", "just", "last", "later", "latest", "least", "less", "like",
    "link", "ll", "m", "made", "make", "many", "may", "me", "meanwhile",
    "might", "month", "months", "more", "most", "mostly", "mr",
    "mrs", "ms", "much", "must", "my", "myself", "near", "neither", "never",
    "new", "news", "next", "no", "nor", "not", "now", "of", "off", "often",
    "on", "once", "one", "only", "onto", "or", "other", "others",
    "otherwise", "our", "ours", "ourselves", "out", "over", "own", "per",
    "percent", "perhaps", "photo", "rather", "re", "read", "recent",
    "recently", "report", "reported", "reports", "reserved", "reuters",
    "rights", "s", "said", "same", "say", "saying", "says",
    "see", "seen", "several", "she", "should", "shouldn", "since", "so",
    "some", "source", "statement", "still", "stories", "story", "such",
    "t", "tell", "tells", "than", "that", "the", "their", "theirs",
    "them", "themselves", "then", "there", "therefore", "these", "they",
    "this", "those", "though", "through", "thus", "time",
    "times", "to", "today", "together", "told", "tomorrow", "too", "toward",
    "towards", "under", "unless", "until", "up", "upon", "us",
    "ve", "very", "via", "video", "was", "wasn", "we", "week",
    "weeks", "were", "weren", "what", "whatever", "when", "whenever",
    "where", "whereas", "whether", "which", "while", "who", "whoever",
    "whole", "whom", "whose", "why", "will", "with", "within", "without",
    "would", "wouldn", "year", "years", "yesterday", "yet", "you",
    "your", "yours", "yourself", "yourselves",
};

enum { NSTOP = sizeof stopwords / sizeof stopwords[0] };

int td_text_is_stopword(const char *s, size_t n)
{
    if (n == 0 || n > 12) return 0; /* no longer word in the list */
    size_t lo = 0, hi = NSTOP;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        const unsigned char *m = (const unsigned char *)stopwords[mid];
        /* compare s[0..n) with the NUL-terminated m, without strlen */
        int c = 0;
        size_t k = 0;
        for (; k < n; k++) {
            if (!m[k]) { c = 1; break; }
            if ((unsigned char)s[k] != m[k]) { c = (unsigned char)s[k] < m[k] ? -1 : 1; break; }
        }
        if (k == n && c == 0) c = m[n] ? -1 : 0;
        if (c == 0) return 1;
        if (c < 0) hi = mid; else lo = mid + 1;
    }
    return 0;
}

enum { STOPSET_MASK = 1023 };

void td_text_stopset_init(td_text_stopset *set)
{
    memset(set, 0, sizeof *set);
    for (size_t i = 0; i < NSTOP; i++) {
        uint64_t h = td_text_hash(stopwords[i], strlen(stopwords[i]));
        if (h == 0) h = 1; /* 0 marks an empty slot */
        size_t k = h & STOPSET_MASK;
        while (set->slot[k] && set->slot[k] != h) k = (k + 1) & STOPSET_MASK;
        set->slot[k] = h;
    }
}

int td_text_stopset_has(const td_text_stopset *set, uint64_t h)
{
    if (h == 0) h = 1;
    size_t k = h & STOPSET_MASK;
    while (set->slot[k]) {
        if (set->slot[k] == h) return 1;
        k = (k + 1) & STOPSET_MASK;
    }
    return 0;
}

static int is_vowel(char c)
{
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

static int has_vowel(const char *w, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (is_vowel(w[i])) return 1;
    return 0;
}

/* "stopp" -> "stop", but "fall" and "pass" keep their pair. */
static size_t undouble(const char *w, size_t n)
{
    if (n >= 3 && w[n - 1] == w[n - 2] && !is_vowel(w[n - 1]) && w[n - 1] != 'l' &&
        w[n - 1] != 's' && w[n - 1] != 'z')
        return n - 1;
    return n;
}

size_t td_text_stem(char *w, size_t n)
{
    if (n > 2 && w[n - 2] == '\'' && w[n - 1] == 's') n -= 2;
    if (n <= 3) return n;
    for (size_t i = n - 4; i < n; i++)
        if ((unsigned char)w[i] >= 0x80 || (w[i] >= '0' && w[i] <= '9')) return n;

    /* Plurals and the third person. */
    if (n > 4 && memcmp(w + n - 3, "ies", 3) == 0) {
        n -= 2;
        w[n - 1] = 'y';
    } else if (n > 4 && memcmp(w + n - 4, "sses", 4) == 0) {
        n -= 2;
    } else if (n > 4 && (memcmp(w + n - 3, "xes", 3) == 0 || memcmp(w + n - 4, "ches", 4) == 0 ||
                         memcmp(w + n - 4, "shes", 4) == 0)) {
        n -= 2;
    } else if (w[n - 1] == 's' && w[n - 2] != 's' && w[n - 2] != 'u' && w[n - 2] != 'i') {
        n -= 1;
    }

    /* Past tense and participles. */
    if (n > 5 && memcmp(w + n - 3, "ing", 3) == 0 && has_vowel(w, n - 3)) {
        n = undouble(w, n - 3);
    } else if (n > 4 && memcmp(w + n - 3, "ied", 3) == 0) {
        n -= 2;
        w[n - 1] = 'y';
    } else if (n > 4 && memcmp(w + n - 2, "ed", 2) == 0 && w[n - 3] != 'e' &&
               has_vowel(w, n - 2)) {
        n = undouble(w, n - 2);
    }

    /* A silent final e, so "make", "makes" and "making" meet. */
    if (n > 3 && w[n - 1] == 'e') n -= 1;
    return n;
}

static int is_cap(uint32_t f)
{
    return (f & TD_TEXT_ALPHA) && (f & (TD_TEXT_CAP | TD_TEXT_UPPER));
}

/* Lower-case words that may sit inside a name: "Bank of America". Asked
 * of most words in a run of capitals, so compared by length, not by a
 * walk over the list with a strlen each. */
static int is_connector(const char *w, size_t n)
{
    static const char two[][2] = { {'o','f'}, {'d','e'}, {'l','a'}, {'a','l'}, {'d','a'},
                                   {'d','u'} };
    static const char three[][3] = { {'d','e','l'}, {'v','a','n'}, {'v','o','n'},
                                     {'b','i','n'}, {'d','e','r'} };
    if (n == 2) {
        for (size_t i = 0; i < sizeof two / sizeof two[0]; i++)
            if (w[0] == two[i][0] && w[1] == two[i][1]) return 1;
    } else if (n == 3) {
        for (size_t i = 0; i < sizeof three / sizeof three[0]; i++)
            if (memcmp(w, three[i], 3) == 0) return 1;
    }
    return 0;
}

enum { SEEN_SLOTS = 512 };

static int is_stop(const td_text_words *w, const td_text_stopset *set, size_t i)
{
    if (set) return td_text_stopset_has(set, w->tok[i].hash);
    return td_text_is_stopword(td_text_low(w, i), w->tok[i].low_len);
}

size_t td_text_names(const td_text_words *w, td_text_span *out, size_t max)
{
    return td_text_names_set(w, NULL, out, max);
}

size_t td_text_names_set(const td_text_words *w, const td_text_stopset *stop,
                         td_text_span *out, size_t max)
{
    /* Words seen capitalised away from a sentence start: a one-word run at
     * a sentence start is a name only if it is one of these. A small
     * table of hashes; when it fills up, later words are just not known. */
    uint64_t seen[SEEN_SLOTS];
    memset(seen, 0, sizeof seen);
    size_t nseen = 0;
    for (size_t i = 0; i < w->n && nseen < SEEN_SLOTS / 2; i++) {
        const td_text_tok *t = &w->tok[i];
        if (!is_cap(t->flags) || (t->flags & TD_TEXT_SENT)) continue;
        uint64_t h = t->hash | 1;
        size_t k = h & (SEEN_SLOTS - 1);
        while (seen[k] && seen[k] != h) k = (k + 1) & (SEEN_SLOTS - 1);
        if (!seen[k]) { seen[k] = h; nseen++; }
    }

    size_t count = 0;
    size_t i = 0;
    while (i < w->n) {
        const td_text_tok *t = &w->tok[i];
        if (!is_cap(t->flags) || is_stop(w, stop, i)) {
            i++;
            continue;
        }
        size_t first = i, j = i + 1;
        while (j < w->n) {
            const td_text_tok *u = &w->tok[j];
            if (!(u->flags & TD_TEXT_JOINED) || (u->flags & TD_TEXT_SENT)) break;
            if (is_cap(u->flags) && !is_stop(w, stop, j)) {
                j++;
                continue;
            }
            /* A connector counts only with a capitalised word after it. */
            if (j + 1 < w->n && is_connector(td_text_low(w, j), u->low_len) &&
                is_cap(w->tok[j + 1].flags) && (w->tok[j + 1].flags & TD_TEXT_JOINED) &&
                !(w->tok[j + 1].flags & TD_TEXT_SENT)) {
                j += 2;
                continue;
            }
            break;
        }
        size_t len = j - first;
        int keep = 1;
        if (len == 1 && (t->flags & TD_TEXT_SENT)) {
            uint64_t h = t->hash | 1;
            size_t k = h & (SEEN_SLOTS - 1);
            keep = 0;
            while (seen[k]) {
                if (seen[k] == h) { keep = 1; break; }
                k = (k + 1) & (SEEN_SLOTS - 1);
            }
        }
        if (keep) {
            if (count < max) {
                out[count].first = (uint32_t)first;
                out[count].count = (uint32_t)len;
            }
            count++;
        }
        i = j;
    }
    return count;
}

/* Month names and their usual abbreviations; "may" is handled apart.
 * Asked only of words that maybe_month lets through. */
static int month_of(const char *w, size_t n)
{
    static const char full[12][10] = { "january", "february", "march", "april", "may",
                                       "june", "july", "august", "september", "october",
                                       "november", "december" };
    static const unsigned char flen[12] = { 7, 8, 5, 5, 3, 4, 4, 6, 9, 7, 8, 8 };
    for (int m = 0; m < 12; m++) {
        if (full[m][0] != w[0]) continue;
        if (n == flen[m] && memcmp(full[m], w, n) == 0) return m + 1;
        if (n == 3 && memcmp(full[m], w, 3) == 0) return m + 1;
    }
    if (n == 4 && memcmp(w, "sept", 4) == 0) return 9;
    return 0;
}

/* A day of the month: 1 to 31, with no other characters. */
static int day_of(const td_text_words *w, size_t i)
{
    if (i >= w->n) return 0;
    const char *s = td_text_low(w, i);
    size_t n = w->tok[i].low_len;
    /* "3rd", "21st" */
    if (n > 2 && (memcmp(s + n - 2, "st", 2) == 0 || memcmp(s + n - 2, "nd", 2) == 0 ||
                  memcmp(s + n - 2, "rd", 2) == 0 || memcmp(s + n - 2, "th", 2) == 0))
        n -= 2;
    if (n == 0 || n > 2) return 0;
    int d = 0;
    for (size_t k = 0; k < n; k++) {
        if (s[k] < '0' || s[k] > '9') return 0;
        d = d * 10 + (s[k] - '0');
    }
    return d >= 1 && d <= 31 ? d : 0;
}

static int cue_of(const char *w, size_t n)
{
    static const struct { const char *w; int when; } cues[] = {
        { "in", TD_TEXT_AT }, { "on", TD_TEXT_AT }, { "during", TD_TEXT_AT },
        { "early", TD_TEXT_AT }, { "late", TD_TEXT_AT }, { "mid", TD_TEXT_AT },
        { "last", TD_TEXT_AT }, { "this", TD_TEXT_AT }, { "of", TD_TEXT_AT },
        { "since", TD_TEXT_AFTER }, { "after", TD_TEXT_AFTER },
        { "until", TD_TEXT_BEFORE }, { "till", TD_TEXT_BEFORE },
        { "before", TD_TEXT_BEFORE }, { "by", TD_TEXT_BEFORE },
        { NULL, 0 }
    };
    for (int i = 0; cues[i].w; i++)
        if (strlen(cues[i].w) == n && memcmp(cues[i].w, w, n) == 0) return cues[i].when;
    return 0;
}

/* The first three letters of each month, packed little-end first, at
 * (k * 0x3b6fe507) >> 28 of its packing k (a perfect hash of the twelve,
 * found by search); ~0 where no month lands. */
static const uint32_t month_tri[16] = {
    0x706573u /* sep */, ~0u, 0x6E756Au /* jun */, ~0u, ~0u, 0x6C756Au /* jul */,
    0x6E616Au /* jan */, 0x727061u /* apr */, 0x626566u /* feb */, 0x766F6Eu /* nov */,
    ~0u, 0x72616Du /* mar */, 0x677561u /* aug */, 0x74636Fu /* oct */,
    0x636564u /* dec */, 0x79616Du /* may */,
};

/* Whether a word may be a month: three to nine letters, the first three
 * a month's. Decided with one branch, taken by a word in a hundred: the
 * checks one at a time each go either way at random. The three bytes
 * read may run past a short word, into the next or into the 16 bytes of
 * room the buffer keeps past its end. */
static inline int maybe_month(const td_text_words *w, const td_text_tok *t)
{
    const unsigned char *s = (const unsigned char *)w->low + t->low;
    uint32_t k = (uint32_t)s[0] | (uint32_t)s[1] << 8 | (uint32_t)s[2] << 16;
    int len_ok = t->low_len - 3u <= 6u;
    int alpha = (t->flags & TD_TEXT_ALPHA) != 0;
    return len_ok & alpha & (month_tri[(k * 0x3b6fe507u) >> 28] == k);
}

size_t td_text_months(const td_text_words *w, td_text_month *out, size_t max)
{
    size_t count = 0;
    for (size_t i = 0; i < w->n; i++) {
        const td_text_tok *t = &w->tok[i];
        if (!maybe_month(w, t)) continue;
        int m = month_of(td_text_low(w, i), t->low_len);
        if (!m) continue;
        /* Abbreviations and "May" must be capitalised to be months. */
        if ((t->low_len <= 4 || m == 5) && !(t->flags & TD_TEXT_CAP)) continue;
        int day = 0;
        if (i + 1 < w->n && w->tok[i + 1].sent == t->sent) day = day_of(w, i + 1);
        /* The cue is the word before, or the word before a day ("on 3 May"). */
        size_t c = i;
        if (c > 0 && w->tok[c - 1].sent == t->sent && day_of(w, c - 1)) {
            day = day_of(w, c - 1);
            c--;
        }
        int when = 0;
        if (c > 0 && w->tok[c - 1].sent == t->sent)
            when = cue_of(td_text_low(w, c - 1), w->tok[c - 1].low_len);
        if (!when && day) when = TD_TEXT_AT;
        if (!when) continue;
        if (m == 5 && !day && !when) continue;
        if (count < max) {
            out[count].word = (uint32_t)i;
            out[count].month = (uint8_t)m;
            out[count].when = (uint8_t)when;
            out[count].day = (uint8_t)day;
        }
        count++;
    }
    return count;
}
