/*
 * mention.c -- the mention finder: knowledge-base names, then capitalised
 * runs typed by the words around them. See mention.h for the rules.
 */
#include "extract/mention.h"

#include <string.h>

#include "text/text.h"
#include "util/text.h"

/* ---- Word lists ----------------------------------------------------------
 * Sorted for binary search; compared byte for byte with the token as
 * written (heads are capitalised inside names). */

typedef struct headword {
    const char *w;
    int type;
} headword;

/* Last (or, before "of", first) words that make a capitalised run an
 * organisation, an outlet or a place. */
static const headword heads[] = {
    {"Academy", TD_ENT_ORG},       {"Administration", TD_ENT_ORG},
    {"Agency", TD_ENT_ORG},        {"Airlines", TD_ENT_ORG},
    {"Airport", TD_ENT_CITY},      {"Airways", TD_ENT_ORG},
    {"Alliance", TD_ENT_ORG},      {"Archipelago", TD_ENT_REGION},
    {"Army", TD_ENT_ORG},          {"Assembly", TD_ENT_ORG},
    {"Association", TD_ENT_ORG},   {"Authority", TD_ENT_ORG},
    {"Avenue", TD_ENT_CITY},       {"Bank", TD_ENT_ORG},
    {"Base", TD_ENT_CITY},         {"Battalion", TD_ENT_ORG},
    {"Bay", TD_ENT_REGION},        {"Beach", TD_ENT_CITY},
    {"Board", TD_ENT_ORG},         {"Bridge", TD_ENT_CITY},
    {"Brigade", TD_ENT_ORG},       {"Brigades", TD_ENT_ORG},
    {"Broadcasting", TD_ENT_OUTLET},{"Bureau", TD_ENT_ORG},
    {"Cabinet", TD_ENT_ORG},       {"Canal", TD_ENT_REGION},
    {"Castle", TD_ENT_CITY},       {"Cathedral", TD_ENT_CITY},
    {"Cave", TD_ENT_CITY},         {"Cemetery", TD_ENT_CITY},
    {"Center", TD_ENT_CITY},       {"Centre", TD_ENT_CITY},
    {"Chamber", TD_ENT_ORG},       {"Church", TD_ENT_ORG},
    {"Club", TD_ENT_ORG},          {"Co", TD_ENT_ORG},
    {"Co.", TD_ENT_ORG},           {"Coalition", TD_ENT_ORG},
    {"Coast", TD_ENT_REGION},      {"College", TD_ENT_ORG},
    {"Command", TD_ENT_ORG},       {"Commission", TD_ENT_ORG},
    {"Committee", TD_ENT_ORG},     {"Company", TD_ENT_ORG},
    {"Complex", TD_ENT_CITY},      {"Conference", TD_ENT_ORG},
    {"Congress", TD_ENT_ORG},      {"Consulate", TD_ENT_CITY},
    {"Corp", TD_ENT_ORG},          {"Corp.", TD_ENT_ORG},
    {"Corporation", TD_ENT_ORG},   {"Corps", TD_ENT_ORG},
    {"Council", TD_ENT_ORG},       {"County", TD_ENT_REGION},
    {"Court", TD_ENT_ORG},         {"Department", TD_ENT_ORG},
    {"Desert", TD_ENT_REGION},     {"District", TD_ENT_REGION},
    {"Division", TD_ENT_ORG},      {"Embassy", TD_ENT_CITY},
    {"FC", TD_ENT_ORG},            {"Facility", TD_ENT_CITY},
    {"Federation", TD_ENT_ORG},    {"Force", TD_ENT_ORG},
    {"Forces", TD_ENT_ORG},        {"Foundation", TD_ENT_ORG},
    {"Front", TD_ENT_ORG},         {"Fund", TD_ENT_ORG},
    {"Gazette", TD_ENT_OUTLET},    {"Government", TD_ENT_ORG},
    {"Governorate", TD_ENT_REGION},{"Group", TD_ENT_ORG},
    {"Guard", TD_ENT_ORG},         {"Guards", TD_ENT_ORG},
    {"Gulf", TD_ENT_REGION},       {"Hall", TD_ENT_CITY},
    {"Harbor", TD_ENT_CITY},       {"Harbour", TD_ENT_CITY},
    {"Heights", TD_ENT_REGION},    {"Herald", TD_ENT_OUTLET},
    {"Highway", TD_ENT_CITY},      {"Hills", TD_ENT_REGION},
    {"Hospital", TD_ENT_ORG},      {"Hotel", TD_ENT_CITY},
    {"Inc", TD_ENT_ORG},           {"Inc.", TD_ENT_ORG},
    {"Institute", TD_ENT_ORG},     {"Institution", TD_ENT_ORG},
    {"Island", TD_ENT_REGION},     {"Islands", TD_ENT_REGION},
    {"Journal", TD_ENT_OUTLET},    {"LLC", TD_ENT_ORG},
    {"Laboratory", TD_ENT_ORG},    {"Lake", TD_ENT_REGION},
    {"League", TD_ENT_ORG},        {"Ltd", TD_ENT_ORG},
    {"Ltd.", TD_ENT_ORG},          {"Memorial", TD_ENT_CITY},
    {"Ministry", TD_ENT_ORG},      {"Mission", TD_ENT_ORG},
    {"Monument", TD_ENT_CITY},     {"Mosque", TD_ENT_CITY},
    {"Mountain", TD_ENT_REGION},   {"Mountains", TD_ENT_REGION},
    {"Movement", TD_ENT_ORG},      {"Municipality", TD_ENT_ORG},
    {"Museum", TD_ENT_CITY},
    {"Navy", TD_ENT_ORG},          {"Network", TD_ENT_ORG},
    {"Ocean", TD_ENT_REGION},      {"Office", TD_ENT_ORG},
    {"Organisation", TD_ENT_ORG},  {"Organization", TD_ENT_ORG},
    {"Palace", TD_ENT_CITY},       {"Park", TD_ENT_CITY},
    {"Parliament", TD_ENT_ORG},    {"Party", TD_ENT_ORG},
    {"Peninsula", TD_ENT_REGION},  {"Plains", TD_ENT_REGION},
    {"Planetarium", TD_ENT_CITY},
    {"Plaza", TD_ENT_CITY},        {"Plc", TD_ENT_ORG},
    {"Police", TD_ENT_ORG},        {"Prefecture", TD_ENT_REGION},
    {"Prison", TD_ENT_CITY},       {"Province", TD_ENT_REGION},
    {"Regiment", TD_ENT_ORG},      {"Region", TD_ENT_REGION},
    {"Republic", TD_ENT_COUNTRY},  {"River", TD_ENT_REGION},
    {"Road", TD_ENT_CITY},         {"School", TD_ENT_ORG},
    {"Sea", TD_ENT_REGION},        {"Secretariat", TD_ENT_ORG},
    {"Senate", TD_ENT_ORG},        {"Service", TD_ENT_ORG},
    {"Services", TD_ENT_ORG},      {"Society", TD_ENT_ORG},
    {"Square", TD_ENT_CITY},       {"Stadium", TD_ENT_CITY},
    {"Station", TD_ENT_CITY},      {"Strait", TD_ENT_REGION},
    {"Street", TD_ENT_CITY},       {"Strip", TD_ENT_REGION},
    {"Team", TD_ENT_ORG},          {"Temple", TD_ENT_CITY},
    {"Territory", TD_ENT_REGION},  {"Times", TD_ENT_OUTLET},
    {"Tower", TD_ENT_CITY},        {"Towers", TD_ENT_CITY},
    {"Tribune", TD_ENT_OUTLET},    {"Trust", TD_ENT_ORG},
    {"Union", TD_ENT_ORG},         {"University", TD_ENT_ORG},
    {"Valley", TD_ENT_REGION},
};

/* Words after a name that say a person spoke. */
static const char *const speech[] = {
    "added",   "admitted", "argued",  "asked",    "believes", "claimed", "commented",
    "declared", "explained", "insisted", "noted",   "recalled", "remarked", "replied",
    "said",    "says",     "stated",  "stressed", "thinks",   "told",    "tweeted",
    "warned",  "wrote",
};

/* Words before a name that say it is a place. */
static const char *const placecue[] = {
    "across", "central", "eastern", "in", "near", "northern", "outside", "southern", "throughout",
    "western",
};

/* Lower-case particles inside personal names ("Bashar al-Assad"). */
static const char *const particles[] = {
    "al", "bin", "da", "de", "del", "der", "di", "dos", "du", "el", "ibn", "la", "le", "van", "von",
};

/* Capitalised words that never start a name. */
static const char *const notname[] = {
    "April", "August", "December", "February", "Friday", "I", "January", "July", "June", "March",
    "May", "Monday", "November", "October", "Saturday", "September", "Sunday", "Thursday",
    "Tuesday", "Wednesday",
};

/* Capitalised function words: inside a run of capitals they begin a new
 * clause (a caption run into a sentence: "... Elizabeth Quat In the New
 * Territories"), not a name. */
static const char *const funcword[] = {
    "A", "An", "As", "At", "But", "By", "For", "From", "He", "In", "It", "On", "She", "The",
    "They", "This", "To", "We", "When", "Where", "While", "Who", "With",
};

/* Words in capitals that name no body or place: measures, formats,
 * positions, post-nominals ("IQ", "HTML", "CEO", "QC"). */
static const char *const plain_acronym[] = {
    "AD", "AI", "AIDS", "AM", "BBQ", "BC", "CCTV", "CEO", "CFO", "COO", "COVID", "CT", "DIY",
    "DNA", "DVD", "EDT", "EST", "FAQ", "GDP", "GMT", "GPS", "HIV", "HTML", "ID", "IQ", "IT",
    "KO", "LED", "LGBT", "MBA", "MD", "MP", "MPs", "MRI", "NGO", "NGOs", "OK", "PC", "PDF",
    "PDT", "PhD", "PM", "PR", "PST", "QC", "RNA", "SC", "SMS", "SUV", "TV", "UFO", "URL",
    "USB", "UTC", "VIP", "VP", "VR", "WMD",
};

/* Whether w[0..n) is a Roman numeral of two or more letters ("XVII"). */
static int roman(const char *w, size_t n)
{
    if (n < 2)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!strchr("IVXLC", w[i]))
            return 0;
    return 1;
}

/* Lower-case words after a hyphen that make a name a modifier, not a
 * double given name ("Iran-backed", "Obama-era", "Texas-based"). */
static const char *const compound_tail[] = {
    "affiliated", "aligned", "allied", "area", "backed", "based", "born", "bound", "brokered",
    "class", "controlled", "era", "esque", "funded", "held", "led", "like", "linked", "made",
    "owned", "related", "run", "sponsored", "style", "type", "wide",
};

#define IN(list, w, wl) td_word_in(list, sizeof list / sizeof *list, w, wl)

int td_mention_head(const char *t, size_t n)
{
    size_t lo = 0, hi = sizeof heads / sizeof *heads;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strncmp(heads[mid].w, t, n);
        if (c == 0 && heads[mid].w[n] == 0)
            return heads[mid].type;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return TD_ENT_NONE;
}

/* ---- A set of folded word hashes ---------------------------------------- */

typedef struct wset {
    uint64_t *slot;
    size_t mask;
} wset;

/* FNV-1a over the word with ASCII folded to lower case, a possessive
 * ("'s", "’s") left out. Never 0 (0 marks an empty slot). */
static uint64_t fold_hash(const char *w, size_t n)
{
    if (n > 2 && w[n - 1] == 's' && w[n - 2] == '\'')
        n -= 2;
    else if (n > 4 && w[n - 1] == 's' && memcmp(w + n - 4, "\xE2\x80\x99", 3) == 0)
        n -= 4;
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)w[i];
        if (c >= 'A' && c <= 'Z')
            c += 32;
        h = (h ^ c) * 1099511628211ull;
    }
    return h | 1;
}

static int wset_init(wset *s, td_arena *a, size_t n)
{
    size_t cap = 64;
    while (cap < 2 * n + 2)
        cap <<= 1;
    s->slot = td_arena_alloc(a, cap * sizeof *s->slot);
    if (!s->slot)
        return -1;
    memset(s->slot, 0, cap * sizeof *s->slot);
    s->mask = cap - 1;
    return 0;
}

static void wset_add(wset *s, uint64_t h)
{
    size_t i = (size_t)h & s->mask;
    while (s->slot[i] && s->slot[i] != h)
        i = (i + 1) & s->mask;
    s->slot[i] = h;
}

static int wset_has(const wset *s, uint64_t h)
{
    size_t i = (size_t)h & s->mask;
    while (s->slot[i]) {
        if (s->slot[i] == h)
            return 1;
        i = (i + 1) & s->mask;
    }
    return 0;
}

/* ---- The finder ----------------------------------------------------------- */

typedef struct finder {
    const td_kb *kb;
    const char *text;
    const td_sent_doc *d;
    td_arena *arena;
    wset lower;   /* words written in lower case somewhere */
    wset capmid;  /* words capitalised away from a sentence start */
    td_mention_list *out;
    size_t cap;
} finder;

#define TOKP(f, i) ((f)->text + (f)->d->tok[i].start)
#define TOKL(f, i) ((f)->d->tok[i].end - (f)->d->tok[i].start)

static int is_tok(const finder *f, size_t i, const char *w)
{
    size_t l = strlen(w);
    return TOKL(f, i) == l && memcmp(TOKP(f, i), w, l) == 0;
}

static int possessive(const finder *f, size_t i)
{
    const char *w = TOKP(f, i);
    size_t n = TOKL(f, i);
    if (n > 2 && w[n - 1] == 's' && w[n - 2] == '\'')
        return 2;
    if (n > 4 && w[n - 1] == 's' && memcmp(w + n - 4, "\xE2\x80\x99", 3) == 0)
        return 4;
    return 0;
}

/* The token as a name word: without a possessive. */
static size_t bare_len(const finder *f, size_t i) { return TOKL(f, i) - (size_t)possessive(f, i); }

/* Whether token i hangs on a word before it: "pro-Beijing" (a lower-case
 * prefix and a hyphen, no space). */
static int glued_prefix(const finder *f, size_t i)
{
    const td_sent_doc *d = f->d;
    if (i < 2 || d->tsent[i - 2] != d->tsent[i])
        return 0;
    return TOKL(f, i - 1) == 1 && TOKP(f, i - 1)[0] == '-' && (d->flags[i - 2] & TD_TOK_LOWER) &&
           d->tok[i - 2].end == d->tok[i - 1].start && d->tok[i - 1].end == d->tok[i].start;
}

/* Bytes of a sentence-final period glued to the last token of a name: the
 * token took it as an abbreviation's ("Oman." before a closing quote or
 * a new sentence) but a word of three or more letters with no inner
 * period is not one, unless it is a company suffix ("Inc."). */
static size_t final_period(const finder *f, size_t t1)
{
    const td_sent_doc *d = f->d;
    size_t t = t1 - 1;
    if (!(d->flags[t] & TD_TOK_ABBR))
        return 0;
    const char *w = TOKP(f, t);
    size_t n = TOKL(f, t);
    if (n < 4 || memchr(w, '.', n - 1) || td_mention_head(w, n) != TD_ENT_NONE)
        return 0;
    if (t1 >= d->ntok || (d->flags[t1] & TD_TOK_FIRST))
        return 1;
    char c = TOKP(f, t1)[0];
    return (c == '"' || c == ')' || (unsigned char)c == 0xE2) ? 1 : 0;
}

static int emit(finder *f, size_t t0, size_t t1, int type, int form, int32_t kb, int cue,
                int headline)
{
    if (f->out->n >= f->cap)
        return 0;
    const td_sent_doc *d = f->d;
    size_t k = f->out->n++;
    int poss = possessive(f, t1 - 1);
    f->out->m[k] = (td_mention){
        .start = d->tok[t0].start,
        .end = d->tok[t1 - 1].end - (size_t)poss - final_period(f, t1),
        .sentence = d->tsent[t0],
        .type = type,
        .form = form,
        .kb = kb,
        .entity = -1,
    };
    f->out->info[k] = (td_mention_info){
        .tok0 = (uint32_t)t0, .tok1 = (uint32_t)t1, .cue = (uint8_t)cue,
        .possessive = poss != 0, .headline = (uint8_t)headline};
    return 1;
}

/* Whether sentence s is in headline case: most longer words capitalised,
 * and some of them ordinary words the text also writes in lower case. */
static int headline_case(const finder *f, uint32_t s)
{
    const td_sent_doc *d = f->d;
    unsigned words = 0, caps = 0, common = 0;
    for (uint32_t i = d->sfirst[s]; i < d->sfirst[s + 1]; i++) {
        if (!(d->flags[i] & TD_TOK_WORD) || TOKL(f, i) < 4)
            continue;
        words++;
        if (d->flags[i] & TD_TOK_CAP) {
            caps++;
            common += wset_has(&f->lower, fold_hash(TOKP(f, i), TOKL(f, i)));
        }
    }
    return words >= 3 && caps * 4 >= words * 3 && common >= 2;
}

/* Whether token i opens its sentence, an inner quotation or a clause after
 * a colon: a capital there says nothing about names. */
static int starts_clause(const finder *f, size_t i)
{
    const td_sent_doc *d = f->d;
    if (d->flags[i] & TD_TOK_FIRST)
        return 1;
    size_t p = i - 1;
    if (!(d->flags[p] & TD_TOK_PUNCT))
        return 0;
    const char *w = TOKP(f, p);
    size_t n = TOKL(f, p);
    if ((n == 1 && (*w == '"' || *w == ':' || *w == '(' || *w == '\'')) ||
        (n == 3 && (memcmp(w, "\xE2\x80\x9C", 3) == 0 || memcmp(w, "\xE2\x80\x98", 3) == 0)) ||
        (n == 3 && memcmp(w, "\xE2\x80\x94", 3) == 0))
        return 1;
    return (d->flags[p] & TD_TOK_FIRST) != 0 && p + 1 == i;
}

/* A capitalised word that is an ordinary word which happens to open a
 * clause: a function word, or a word the text also writes in lower case. */
static int common_opener(const finder *f, size_t i)
{
    char low[32];
    size_t n = bare_len(f, i);
    if (n < sizeof low) {
        for (size_t k = 0; k < n; k++) {
            char c = TOKP(f, i)[k];
            low[k] = (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
        }
        if (td_text_is_stopword(low, n))
            return 1;
    }
    return wset_has(&f->lower, fold_hash(TOKP(f, i), n));
}

/* A caption's credit label: "Image: Nick Moreau", "Video: Reuters". The
 * label ends the name before it ("... Ahmed Mohamed Image: Twitter") and
 * names nothing itself. */
static int credit_label(const finder *f, size_t i)
{
    static const char *const label[] = {"Audio", "Credit", "Credits", "Image", "Images",
                                        "Photo", "Photograph", "Photos", "Picture",
                                        "Source", "Sources", "Video"};
    return i + 1 < f->d->ntok && is_tok(f, i + 1, ":") && IN(label, TOKP(f, i), TOKL(f, i));
}

static int cap_word(const finder *f, size_t i)
{
    uint16_t fl = f->d->flags[i];
    return (fl & TD_TOK_CAP) && !IN(notname, TOKP(f, i), TOKL(f, i));
}

/* Whether the words from j are a name of their own: a known name
 * beginning capitalised words that end in a head word ("Massachusetts
 * Institute of Technology and Colorado State University"; but "Department
 * of Health and Human Services" is one name). */
static int own_name_after(const finder *f, size_t j, size_t end)
{
    td_kb_hit h;
    if (!f->kb || !td_kb_longest(f->kb, f->text, f->d->tok, end, j, &h) || !h.ncand)
        return 0;
    size_t e = j + h.ntok;
    while (e < end && e - j < TD_MENTION_MAXRUN && cap_word(f, e) && !possessive(f, e))
        e++;
    return e > j + h.ntok && td_mention_head(TOKP(f, e - 1), bare_len(f, e - 1)) != TD_ENT_NONE;
}

/* Whether tokens [i, j) are all initials ("L.", "J. R."). */
static int initials(const finder *f, size_t i, size_t j)
{
    for (size_t t = i; t < j; t++) {
        const char *w = TOKP(f, t);
        size_t n = TOKL(f, t);
        if (!(n == 2 && w[1] == '.' && w[0] >= 'A' && w[0] <= 'Z'))
            return 0;
    }
    return j > i;
}

/* The end of a capitalised run starting at i (exclusive), within [i, end). */
static size_t run_end(const finder *f, size_t i, size_t end, int *has_of)
{
    const td_sent_doc *d = f->d;
    size_t j = i + 1, last = i + 1;
    int head = td_mention_head(TOKP(f, i), bare_len(f, i)) != TD_ENT_NONE;
    *has_of = 0;
    if (possessive(f, i))
        return last;
    while (j < end && j - i < TD_MENTION_MAXRUN) {
        uint16_t fl = d->flags[j];
        if (cap_word(f, j)) {
            if (IN(funcword, TOKP(f, j), TOKL(f, j)) || credit_label(f, j))
                break;
            /* "University of Texas Arlington Amneh Jafari", "NASA
             * Administrator Charles Bolden": a given name followed by a
             * capital, after words that do not begin a person's name,
             * begins one. */
            if (f->kb && j + 1 < end && cap_word(f, j + 1) && !possessive(f, j) &&
                td_kb_given_name(f->kb, TOKP(f, j), bare_len(f, j)) &&
                (head || !td_kb_given_name(f->kb, TOKP(f, i), bare_len(f, i))) &&
                !initials(f, i, j))
                break;
            if (f->kb) {
                /* A title inside a run begins the next name: "Quds Force
                 * Commander Esmail Qaani". */
                td_kb_title_hit th;
                if (td_kb_title(f->kb, f->text, d->tok, end, j, &th) && j + th.ntok < end &&
                    cap_word(f, j + th.ntok) && !td_mention_head(TOKP(f, j), bare_len(f, j)))
                    break;
            }
            head |= td_mention_head(TOKP(f, j), bare_len(f, j)) != TD_ENT_NONE;
            last = ++j;
            if (possessive(f, j - 1))
                break;
            continue;
        }
        /* "Cheng Chung-tai", "Kim Jong-un": a lower-case syllable hyphened
         * to the last word of a name of two or more words is part of it. */
        if ((fl & TD_TOK_PUNCT) && TOKL(f, j) == 1 && TOKP(f, j)[0] == '-' && j + 1 < end &&
            last - i >= 2 && (d->flags[j + 1] & TD_TOK_LOWER) && !possessive(f, j - 1) &&
            d->tok[j - 1].end == d->tok[j].start && d->tok[j].end == d->tok[j + 1].start &&
            bare_len(f, j + 1) <= 6 && !IN(compound_tail, TOKP(f, j + 1), bare_len(f, j + 1)) &&
            !(bare_len(f, j + 1) > 2 && memcmp(TOKP(f, j + 1) + bare_len(f, j + 1) - 2, "ed", 2) == 0)) {
            j += 2;
            last = j;
            break;
        }
        /* "Suleiman al-Amr", "Abu Bakr al-Baghdadi": a particle hyphened
         * to the next word of the name */
        if ((fl & TD_TOK_LOWER) && IN(particles, TOKP(f, j), TOKL(f, j)) && j + 2 < end &&
            is_tok(f, j + 1, "-") && d->tok[j].end == d->tok[j + 1].start &&
            d->tok[j + 1].end == d->tok[j + 2].start && cap_word(f, j + 2)) {
            j += 2;
            continue;
        }
        if (j + 1 >= end || !cap_word(f, j + 1))
            break;
        if ((fl & TD_TOK_LOWER) && IN(particles, TOKP(f, j), TOKL(f, j))) {
            j++;
            continue;
        }
        if ((fl & TD_TOK_PUNCT) && TOKL(f, j) == 1 && TOKP(f, j)[0] == '-' &&
            d->tok[j - 1].end == d->tok[j].start && d->tok[j].end == d->tok[j + 1].start) {
            j++;
            continue;
        }
        /* "Ministry of Foreign Affairs", "Department of Health and Human
         * Services": connectors only inside organisation and place names. */
        if (head && (is_tok(f, j, "of") || is_tok(f, j, "for") || is_tok(f, j, "on") ||
                     (*has_of && (is_tok(f, j, "and") || is_tok(f, j, "&")) &&
                      !own_name_after(f, j + 1, end)))) {
            *has_of = 1;
            j++;
            continue;
        }
        /* "National Air and Space Museum", "Evergreen Aviation & Space
         * Museum": words without a head joined by "and" to words ending
         * in one are one name (not "Civic Party and Democratic Party",
         * where each part has its head). */
        if (!head && (is_tok(f, j, "and") || is_tok(f, j, "&"))) {
            size_t e = j + 1;
            while (e < end && e - i < TD_MENTION_MAXRUN && cap_word(f, e) &&
                   !IN(funcword, TOKP(f, e), TOKL(f, e)) && !possessive(f, e))
                e++;
            int h2 = e > j + 1 ? td_mention_head(TOKP(f, e - 1), bare_len(f, e - 1)) : 0;
            if (h2 != TD_ENT_NONE && (e >= end || !cap_word(f, e))) {
                j++;
                continue;
            }
        }
        break;
    }
    return last;
}

/* "Irving, Texas", "Evanston, Illinois, ...", "Livorno, Tuscany": a name
 * followed by a comma and a known region or country that ends a phrase
 * (punctuation after it; not "Texas Governor", "Panama coach") is a town
 * in it. */
static int in_region(const finder *f, size_t k, size_t send)
{
    const td_sent_doc *d = f->d;
    td_kb_hit h;
    if (k + 1 >= send || !is_tok(f, k, ",") || !(d->flags[k + 1] & TD_TOK_CAP) ||
        !td_kb_longest(f->kb, f->text, d->tok, send, k + 1, &h) || !h.ncand ||
        h.form == TD_KB_DEMONYM)
        return 0;
    int t = td_kb_entry_at(f->kb, h.cand[0])->type;
    if (t != TD_ENT_REGION && t != TD_ENT_COUNTRY)
        return 0;
    size_t after = k + 1 + h.ntok;
    return after >= send || (d->flags[after] & TD_TOK_PUNCT);
}

/* Lower-case nouns after a name that make it a body: "the Scientology
 * organization", "Greenpeace members", "the Wikinews website". A person
 * has a spokesman too, so only nouns a person does not have are here. */
static const char *const body_noun[] = {
    "group", "headquarters", "homepage", "member", "members", "organisation", "organization",
    "website",
};

/* Whether the run [i, k) with no head word is a body by the words around
 * it: a body noun after it, or "a member of", "members of", "joined"
 * before it. A known given name first ("members of Daniel Smith's
 * family") is left to the person rules. */
static int body_context(const finder *f, size_t i, size_t k, size_t send)
{
    const td_sent_doc *d = f->d;
    if (f->kb && td_kb_given_name(f->kb, TOKP(f, i), bare_len(f, i)))
        return 0;
    if (i == d->sfirst[d->tsent[i]])
        /* "Volunteer organization X": an opening capital is a name only
         * if the text capitalises it elsewhere too */
        return k < send && !possessive(f, k - 1) && (d->flags[k] & TD_TOK_LOWER) &&
               IN(body_noun, TOKP(f, k), TOKL(f, k)) &&
               wset_has(&f->capmid, fold_hash(TOKP(f, i), bare_len(f, i)));
    if (k < send && !possessive(f, k - 1) && (d->flags[k] & TD_TOK_LOWER) &&
        IN(body_noun, TOKP(f, k), TOKL(f, k)))
        return 1;
    if (is_tok(f, i - 1, "joined"))
        return 1;
    return i >= 2 && d->tsent[i - 2] == d->tsent[i] && is_tok(f, i - 1, "of") &&
           (is_tok(f, i - 2, "member") || is_tok(f, i - 2, "members"));
}

static int type_run(finder *f, size_t i, size_t k, size_t send, int has_of, int titled,
                    int *cue)
{
    const td_sent_doc *d = f->d;
    /* "Operation Truthful Promise" names an event, not an actor. */
    if (k - i >= 2 && is_tok(f, i, "Operation")) {
        *cue = TD_CUE_NONE;
        return TD_ENT_NONE;
    }
    /* "University of Kestrel Bay", "Gulf of Aden": in "X of Y" the head
     * is X, whatever Y ends with. */
    int h = TD_ENT_NONE;
    if (has_of) {
        /* the head is the word before the first "of" ("Comic Corps of
         * Canada"), usually the first */
        size_t t = i;
        while (t + 1 < k && !is_tok(f, t + 1, "of"))
            t++;
        h = td_mention_head(TOKP(f, t), bare_len(f, t));
    }
    if (h == TD_ENT_NONE)
        h = td_mention_head(TOKP(f, k - 1), bare_len(f, k - 1));
    /* "Group F", "Division 3": a head labelled by one letter or number */
    if (h == TD_ENT_NONE && k - i >= 2 && TOKL(f, k - 1) == 1 &&
        ((d->flags[k - 1] & TD_TOK_CAP) || (d->flags[k - 1] & TD_TOK_NUM)))
        h = td_mention_head(TOKP(f, k - 2), bare_len(f, k - 2));
    if (h != TD_ENT_NONE && (k - i > 1 || has_of)) {
        *cue = TD_CUE_HEAD;
        return h;
    }
    if (titled) {
        *cue = TD_CUE_TITLE;
        return TD_ENT_PERSON;
    }
    int sfirst = i == d->sfirst[d->tsent[i]];
    /* An unknown word in capitals is an acronym: a body, even when it
     * "said" something; after "in" a place. */
    if (k - i == 1 && (d->flags[i] & TD_TOK_UPPER) && bare_len(f, i) <= 6) {
        if (IN(plain_acronym, TOKP(f, i), bare_len(f, i)) || roman(TOKP(f, i), bare_len(f, i))) {
            *cue = TD_CUE_NONE;
            return TD_ENT_NONE;
        }
        *cue = TD_CUE_CONTEXT;
        if (!sfirst && IN(placecue, TOKP(f, i - 1), TOKL(f, i - 1)))
            return TD_ENT_CITY;
        return TD_ENT_ORG;
    }
    /* "the Church", "the Court", "the Ministry": a capitalised head word
     * alone after "the" inside a sentence is the short name of a body
     * (written in lower case it would be any church or court). */
    if (k - i == 1 && !sfirst && (is_tok(f, i - 1, "the") || is_tok(f, i - 1, "The")) &&
        !possessive(f, i - 1)) {
        int h1 = td_mention_head(TOKP(f, i), bare_len(f, i));
        if (h1 == TD_ENT_ORG || h1 == TD_ENT_OUTLET) {
            *cue = TD_CUE_CONTEXT;
            return h1;
        }
    }
    if (body_context(f, i, k, send)) {
        *cue = TD_CUE_CONTEXT;
        return TD_ENT_ORG;
    }
    /* People's names take no article: "the Sea Org", "the Kowloon West
     * constituency". */
    if (!sfirst && (is_tok(f, i - 1, "the") || is_tok(f, i - 1, "The")) &&
        !(k - i == 1 && wset_has(&f->lower, fold_hash(TOKP(f, i), bare_len(f, i))))) {
        *cue = TD_CUE_NONE;
        return TD_ENT_ORG;
    }
    if (f->kb && in_region(f, k, send)) {
        *cue = TD_CUE_CONTEXT;
        return TD_ENT_CITY;
    }
    if (f->kb && k - i <= 4 && td_kb_given_name(f->kb, TOKP(f, i), bare_len(f, i)) &&
        !(d->flags[i] & TD_TOK_UPPER)) {
        *cue = TD_CUE_GIVEN;
        return TD_ENT_PERSON;
    }
    if (k < send && !possessive(f, k - 1)) {
        if (IN(speech, TOKP(f, k), TOKL(f, k))) {
            *cue = TD_CUE_CONTEXT;
            return TD_ENT_PERSON;
        }
        /* "X, 43, ..." and "X, who ..." (but in "members of X, who" the
         * clause is about the members) */
        if (is_tok(f, k, ",") && k + 1 < send &&
            ((k + 2 < send && (d->flags[k + 1] & TD_TOK_NUM) && is_tok(f, k + 2, ",")) ||
             (is_tok(f, k + 1, "who") && !(i > 0 && is_tok(f, i - 1, "of"))))) {
            *cue = TD_CUE_CONTEXT;
            return TD_ENT_PERSON;
        }
    }
    if (!sfirst && IN(placecue, TOKP(f, i - 1), TOKL(f, i - 1))) {
        *cue = TD_CUE_CONTEXT;
        return TD_ENT_CITY;
    }
    *cue = TD_CUE_NONE;
    if (k - i >= 2) {
        /* No person's name opens with an acronym ("LA Weekly", "GB
         * News"; initials are written with stops); a name with no head
         * that ends in a country names a body of it ("Environment
         * Canada", "Hitwise UK"); one ending in an unknown acronym is a
         * product or a thing ("PlayStation VR", "Windows XP"). A known
         * given name first was taken as a person above. */
        if ((d->flags[i] & TD_TOK_UPPER) && !roman(TOKP(f, i), bare_len(f, i)) &&
            !memchr(TOKP(f, i), '.', TOKL(f, i)))
            return TD_ENT_ORG;
        size_t last = k - 1;
        if (f->kb && (d->flags[last] & TD_TOK_CAP)) {
            td_kb_hit kh;
            if (td_kb_longest(f->kb, f->text, d->tok, k, last, &kh) && kh.ncand &&
                kh.form != TD_KB_DEMONYM &&
                td_kb_entry_at(f->kb, kh.cand[0])->type == TD_ENT_COUNTRY)
                return TD_ENT_ORG;
        }
        if ((d->flags[last] & TD_TOK_UPPER) && !roman(TOKP(f, last), bare_len(f, last)))
            return TD_ENT_NONE;
        /* A name made of words the text also uses in lower case is more
         * likely a body or a thing than a person. */
        size_t caps = 0, common = 0;
        for (size_t j = i; j < k; j++)
            if (d->flags[j] & TD_TOK_CAP) {
                caps++;
                common += wset_has(&f->lower, fold_hash(TOKP(f, j), bare_len(f, j)));
            }
        if (common == caps)
            return TD_ENT_NONE;
        if (common)
            return TD_ENT_ORG;
        return TD_ENT_PERSON;
    }
    return TD_ENT_NONE;
}

static int d_lower(const finder *f, size_t t) { return (f->d->flags[t] & TD_TOK_LOWER) != 0; }

/* Demonyms and place names followed by capitalised words ending in an
 * organisation head ("Iranian Foreign Ministry", "New York Police
 * Department", "U.S. Department of Agriculture", "Massachusetts Institute
 * of Technology") name the organisation; a place name followed by words
 * ending in a place head names that place ("U.S. Space and Rocket
 * Center"). Returns the run's end and sets *type, or returns 0. */
static size_t org_after(const finder *f, size_t j, size_t send, int place_ok, int *type,
                        int *has_of)
{
    if (j >= send || !cap_word(f, j) || IN(funcword, TOKP(f, j), TOKL(f, j)))
        return 0;
    /* most capitals after a place are no organisation ("U.S. President
     * Joe Biden"): no head word among them, no run to read */
    size_t k = j;
    int any = 0;
    while (k < send && k - j < TD_MENTION_MAXRUN && !any && (cap_word(f, k) || d_lower(f, k)))
        any = td_mention_head(TOKP(f, k), bare_len(f, k)) != TD_ENT_NONE, k++;
    if (!any)
        return 0;
    k = run_end(f, j, send, has_of);
    int h = TD_ENT_NONE;
    /* in "X of Y" the head ends X: "Supreme Court of Cassation" */
    for (size_t t = j + 1; *has_of && t < k && h == TD_ENT_NONE; t++)
        if (d_lower(f, t))
            h = td_mention_head(TOKP(f, t - 1), bare_len(f, t - 1));
    if (h == TD_ENT_NONE)
        h = td_mention_head(TOKP(f, k - 1), bare_len(f, k - 1));
    if (h == TD_ENT_NONE || (!place_ok && h != TD_ENT_ORG && h != TD_ENT_OUTLET))
        return 0;
    *type = h;
    return k;
}

static void scan_sentence(finder *f, uint32_t s)
{
    const td_sent_doc *d = f->d;
    size_t i = d->sfirst[s], send = d->sfirst[s + 1];
    int headline = headline_case(f, s);
    size_t title_end = (size_t)-1; /* the token after the last title seen */
    while (i < send) {
        uint16_t fl = d->flags[i];
        if (f->kb && (fl & TD_TOK_WORD)) {
            td_kb_title_hit th;
            if (td_kb_title(f->kb, f->text, d->tok, send, i, &th)) {
                /* A capitalised title may also be a name's first word
                 * ("General Motors"): a KB name wins below. */
                td_kb_hit kh;
                if (!(fl & TD_TOK_CAP) || !td_kb_longest(f->kb, f->text, d->tok, send, i, &kh) ||
                    kh.ntok <= th.ntok) {
                    i += th.ntok;
                    title_end = i;
                    continue;
                }
            }
        }
        if (!(fl & TD_TOK_CAP) || !(fl & TD_TOK_WORD)) {
            i++;
            continue;
        }
        int opener = starts_clause(f, i);
        /* "pro-Beijing", "anti-American", "US$": a name inside a word is
         * a modifier or a currency, not a mention. */
        if (!opener && glued_prefix(f, i)) {
            i++;
            continue;
        }
        /* A known name opening a clause may be an ordinary word ("May");
         * in capitals it is an acronym wherever it stands ("(WHO)", "WHO
         * says"), never the pronoun. */
        if (f->kb) {
            td_kb_hit h;
            if (td_kb_longest(f->kb, f->text, d->tok, send, i, &h) && h.ncand > 0 &&
                !(opener && h.ntok == 1 && !(fl & TD_TOK_UPPER) && common_opener(f, i) &&
                  td_kb_entry_at(f->kb, h.cand[0])->type != TD_ENT_COUNTRY)) {
                const td_kb_entry *e = td_kb_entry_at(f->kb, h.cand[0]);
                int otype = TD_ENT_NONE, of = 0;
                size_t k = h.possessive || e->type == TD_ENT_PERSON || e->type == TD_ENT_ORG ||
                                   e->type == TD_ENT_OUTLET
                               ? 0
                               : org_after(f, i + h.ntok, send, h.form != TD_KB_DEMONYM, &otype,
                                           &of);
                if (k) {
                    /* "the Greek Ministry of Culture": a demonym before a
                     * name built with "of" is an adjective of its own
                     * (the name is "Ministry of Culture"); in "Saudi
                     * Interior Ministry" and "New York Police Department"
                     * it is part of the name */
                    if (h.form == TD_KB_DEMONYM && of) {
                        if (!emit(f, i, i + h.ntok, e->type, TD_FORM_DEMONYM, (int32_t)h.cand[0],
                                  TD_CUE_KB, headline))
                            return;
                        i += h.ntok;
                    }
                    emit(f, i, k, otype, TD_FORM_NAME, -1, TD_CUE_HEAD, headline);
                    i = k;
                    continue;
                }
                int form = h.form == TD_KB_DEMONYM ? TD_FORM_DEMONYM : TD_FORM_NAME;
                size_t end_tok = i + h.ntok;
                if (end_tok < send && TOKL(f, end_tok) == 1 && TOKP(f, end_tok)[0] == '$' &&
                    d->tok[end_tok - 1].end == d->tok[end_tok].start) {
                    i = end_tok; /* "US$ 20,000" */
                    continue;
                }
                /* A leading "The" of a KB alias is not part of the name
                 * ("The Straits Times"), as in CoNLL. */
                size_t t0 = i;
                if (h.ntok > 1 && (is_tok(f, i, "The") || is_tok(f, i, "the")))
                    t0 = i + 1;
                if (!emit(f, t0, end_tok, e->type, form, (int32_t)h.cand[0], TD_CUE_KB,
                          headline))
                    return;
                /* the KB's own extent, without an abbreviation period the
                 * name does not have */
                td_mention *m = &f->out->m[f->out->n - 1];
                if (h.end < m->end || !(d->flags[end_tok - 1] & TD_TOK_ABBR))
                    m->end = h.end;
                i += h.ntok;
                continue;
            }
        }
        /* A capital "The" inside a sentence opens a title or a name
         * ("against The Church of Scientology"); CoNLL leaves it out. */
        if (IN(notname, TOKP(f, i), TOKL(f, i)) || is_tok(f, i, "The") || credit_label(f, i)) {
            i++;
            continue;
        }
        if (opener && common_opener(f, i)) {
            i++;
            continue;
        }
        /* "Senior US officials", "Engineer Tomasz Wrobel": an opening
         * capital before a known name or a given name */
        if (opener && f->kb && i + 1 < send) {
            td_kb_hit h2;
            /* but a city after an opening capital may be a surname
             * ("Valeska Paris"): then the run is left to the rules below */
            if ((td_kb_longest(f->kb, f->text, d->tok, send, i + 1, &h2) && h2.ncand > 0 &&
                 !(h2.ntok == 1 && td_kb_entry_at(f->kb, h2.cand[0])->type == TD_ENT_CITY &&
                   !wset_has(&f->lower, fold_hash(TOKP(f, i), bare_len(f, i))))) ||
                (cap_word(f, i + 1) && !td_kb_given_name(f->kb, TOKP(f, i), bare_len(f, i)) &&
                 td_kb_given_name(f->kb, TOKP(f, i + 1), bare_len(f, i + 1)))) {
                i++;
                continue;
            }
        }
        int has_of;
        size_t k = run_end(f, i, send, &has_of);
        int cue;
        int type = type_run(f, i, k, send, has_of, title_end == i, &cue);
        if (headline && cue != TD_CUE_HEAD) {
            type = TD_ENT_NONE;
            cue = TD_CUE_NONE;
        }
        /* A lone capital opening a sentence, seen nowhere else with one,
         * is not evidence of a name. */
        if (opener && k - i == 1 && cue == TD_CUE_NONE &&
            !wset_has(&f->capmid, fold_hash(TOKP(f, i), bare_len(f, i))))
            type = TD_ENT_NONE;
        if (!emit(f, i, k, type, TD_FORM_NAME, -1, cue, headline))
            return;
        i = k;
    }
}

/* Case-insensitive ASCII comparison of token i with w. */
static int is_tok_ci(const finder *f, size_t i, const char *w)
{
    size_t l = strlen(w);
    if (TOKL(f, i) != l) return 0;
    const char *t = TOKP(f, i);
    for (size_t k = 0; k < l; k++)
        if ((t[k] | 32) != w[k]) return 0;
    return 1;
}

/* A match report: at least two scores ("3 – 0", "1-2") and three words of
 * the game. In one, countries named as the side that beats, loses, scores
 * or has the ball are national teams (organisations), as every sports desk
 * writes them: "Belgium defeated Panama 3 – 0". */
static int match_report(const finder *f)
{
    static const char *const game[] = {"goal",    "goals",    "match",   "matches", "scored",
                                       "striker", "midfielder", "goalkeeper", "penalty",
                                       "minute",  "kick-off", "half-time", "tournament", NULL};
    const td_sent_doc *d = f->d;
    unsigned scores = 0, words = 0;
    /* scores first: a flag test a token, and most articles have none */
    for (uint32_t i = 0; i + 2 < d->ntok && scores < 2; i++)
        if ((d->flags[i] & TD_TOK_NUM) && TOKL(f, i) <= 2 && (d->flags[i + 2] & TD_TOK_NUM) &&
            TOKL(f, i + 2) <= 2 && (is_tok(f, i + 1, "-") || is_tok(f, i + 1, "\xE2\x80\x93")))
            scores++;
    for (uint32_t i = 0; i < d->ntok && scores >= 2 && words < 3; i++)
        if (d->flags[i] & TD_TOK_LOWER)
            for (int k = 0; game[k]; k++)
                if (is_tok_ci(f, i, game[k])) {
                    words++;
                    break;
                }
    return scores >= 2 && words >= 3;
}

/* In a match report, a country (or a home nation: England) not named as a
 * location ("in Russia", "of Belgium", "from Wales") is its team. */
static void national_teams(finder *f)
{
    static const char *const where[] = {"in", "at", "across", "throughout", "inside", "into",
                                        "within", "of", "from", "near", "visit", "visited",
                                        NULL};
    if (!f->out->n || !match_report(f)) return;
    for (size_t k = 0; k < f->out->n; k++) {
        td_mention *m = &f->out->m[k];
        td_mention_info *in = &f->out->info[k];
        /* England, Scotland and Wales field teams too: regions count */
        if ((m->type != TD_ENT_COUNTRY && m->type != TD_ENT_REGION) || m->form != TD_FORM_NAME)
            continue;
        int located = 0;
        if (in->tok0 > 0 && f->d->tsent[in->tok0 - 1] == f->d->tsent[in->tok0])
            for (int w = 0; where[w] && !located; w++)
                located = is_tok_ci(f, in->tok0 - 1, where[w]);
        if (located) continue;
        m->type = TD_ENT_ORG;
        m->kb = -1; /* the team, not the country */
        in->cue = TD_CUE_CONTEXT;
    }
}

int td_mention_find(const td_kb *kb, const char *text, const td_sent_doc *d, td_arena *arena,
                    td_mention_list *out)
{
    memset(out, 0, sizeof *out);
    finder f = {.kb = kb, .text = text, .d = d, .arena = arena, .out = out};
    f.cap = d->ntok < TD_MENTION_MAX ? d->ntok + 1 : TD_MENTION_MAX;
    out->m = td_arena_alloc(arena, f.cap * sizeof *out->m);
    out->info = td_arena_alloc(arena, f.cap * sizeof *out->info);
    if (!out->m || !out->info || wset_init(&f.lower, arena, d->ntok) ||
        wset_init(&f.capmid, arena, d->ntok))
        return TD_MENTION_ENOMEM;
    for (uint32_t i = 0; i < d->ntok; i++) {
        uint16_t fl = d->flags[i];
        if (!(fl & TD_TOK_WORD))
            continue;
        /* a syllable hyphened to a capital ("Chi-wai") is part of a name,
         * not a lower-case use of the word */
        if ((fl & TD_TOK_LOWER) && !(i >= 2 && (d->flags[i - 2] & TD_TOK_CAP) &&
                                     TOKL(&f, i - 1) == 1 && TOKP(&f, i - 1)[0] == '-' &&
                                     d->tok[i - 1].end == d->tok[i].start))
            wset_add(&f.lower, fold_hash(TOKP(&f, i), TOKL(&f, i)));
        else if ((fl & TD_TOK_CAP) && i > 0 && !starts_clause(&f, i))
            wset_add(&f.capmid, fold_hash(TOKP(&f, i), bare_len(&f, i)));
    }
    for (uint32_t s = 0; s < d->nsent; s++)
        scan_sentence(&f, s);
    national_teams(&f);
    return TD_MENTION_OK;
}
