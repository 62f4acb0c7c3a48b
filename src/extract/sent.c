/*
 * sent.c -- sentences and words with ICU break iterators over UTF-8 UText.
 *
 * One pass: the word iterator walks the text, and the sentence iterator is
 * advanced alongside it, so each token learns its sentence as it is made.
 * Sentences are then the spans from their first to their last token, which
 * trims white space for free and drops empty ones.
 */
#include "extract/sent.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/utext.h>

#include "text/text.h"
#include "util/text.h"

struct td_sent {
    UBreakIterator *words;
    UBreakIterator *sents;
    int icu_words; /* words from ICU alone (td_sent_icu_words) */
};

td_sent *td_sent_new(char *err, size_t errlen)
{
    td_sent *s = calloc(1, sizeof *s);
    if (!s) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    UErrorCode st = U_ZERO_ERROR;
    s->words = ubrk_open(UBRK_WORD, "en", NULL, 0, &st);
    if (U_SUCCESS(st))
        s->sents = ubrk_open(UBRK_SENTENCE, "en@ss=standard", NULL, 0, &st);
    if (U_FAILURE(st)) {
        snprintf(err, errlen, "ICU break iterators: %s", u_errorName(st));
        td_sent_free(s);
        return NULL;
    }
    return s;
}

void td_sent_free(td_sent *s)
{
    if (!s)
        return;
    if (s->words)
        ubrk_close(s->words);
    if (s->sents)
        ubrk_close(s->sents);
    free(s);
}

void td_sent_icu_words(td_sent *s, int on)
{
    s->icu_words = on;
}

/* ---- Words of ASCII text ---------------------------------------------------
 *
 * ICU's word iterator is most of the cost of segmenting news, nearly all
 * of which is ASCII. Over ASCII, UAX #29's word rules as ICU applies them
 * come down to a few: letters, digits and '_' join one another; '.' or
 * '\'' joins two letters ("U.S", "Iran's") or two digits ("6.1"), ',' or
 * ';' two digits ("1,000"); runs of spaces are one segment, CR LF one;
 * anything else stands alone (ICU takes ':' out of the letter joiners and
 * counts '@' a letter). ICU's rule status follows the last two
 * characters: 100 for a number ("A320", "1_"), 200 for a word ("3rd",
 * "a_", "__"), 0 for a lone '_'. Where a non-ASCII character could change
 * the answer (a letter, a combining mark after the segment), ICU decides.
 * Why by hand: ICU has no cheaper way to the same words, and the rules
 * over ASCII are this small; tests/unit/test_sent.c and fuzz/fuzz_sent.c
 * hold the two to agreement. */

enum { A_OTHER, A_LETTER, A_DIGIT, A_JOIN /* . ' */, A_NUMJOIN /* , ; */, A_UNDER, A_SPACE,
       A_CR, A_BREAK /* LF, VT, FF */, A_HIGH /* not ASCII */ };

static int aclass(unsigned char c)
{
    if (c >= 0x80) return A_HIGH;
    if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') return A_LETTER;
    if (c >= '0' && c <= '9') return A_DIGIT;
    switch (c) {
    case '.': case '\'': return A_JOIN;
    case ',': case ';': return A_NUMJOIN;
    case '_': return A_UNDER;
    case '@': return A_LETTER; /* ICU counts it a letter ("@POTUS", "a@b") */
    case ' ': return A_SPACE;
    case '\r': return A_CR;
    case '\n': case '\v': case '\f': return A_BREAK;
    }
    return A_OTHER;
}

/* The word boundary after t[a] and its ICU rule status, or 0 when ICU must
 * say. */
static int ascii_word(const char *t, size_t n, size_t a, size_t *b, int *status)
{
    const unsigned char *u = (const unsigned char *)t;
    int c = aclass(u[a]);
    size_t i = a + 1;
    *status = 0;
    switch (c) {
    case A_HIGH:
        return 0;
    case A_CR:
        if (i < n && u[i] == '\n') i++;
        *b = i;
        return 1;
    case A_BREAK:
        *b = i;
        return 1;
    case A_SPACE:
        while (i < n && u[i] == ' ') i++;
        break;
    case A_LETTER: case A_DIGIT: case A_UNDER: {
        while (i < n) {
            int d = aclass(u[i]);
            if (d == A_LETTER || d == A_DIGIT || d == A_UNDER) {
                i++;
                continue;
            }
            if ((d == A_JOIN || d == A_NUMJOIN) && i + 1 < n) {
                int p = aclass(u[i - 1]), q = aclass(u[i + 1]);
                if (q == A_HIGH) return 0;
                if ((p == A_LETTER && d == A_JOIN && q == A_LETTER) ||
                    (p == A_DIGIT && q == A_DIGIT)) {
                    i += 2;
                    continue;
                }
            }
            break;
        }
        /* ICU's status is that of the rule for the last two characters:
         * a digit last is a number, a letter last a word, and a final '_'
         * takes after what precedes it (a lone one matches no rule) */
        int z = aclass(u[i - 1]);
        if (z == A_UNDER)
            z = i - a == 1 ? A_OTHER : aclass(u[i - 2]) == A_DIGIT ? A_DIGIT : A_LETTER;
        *status = z == A_DIGIT ? UBRK_WORD_NUMBER : z == A_LETTER ? UBRK_WORD_LETTER : 0;
        break;
    }
    }
    /* a mark or joiner after it would belong to it */
    if (i < n && u[i] >= 0x80) return 0;
    *b = i;
    return 1;
}

static int is_space_at(const char *t, size_t n, size_t i, size_t *len)
{
    unsigned char c = (unsigned char)t[i];
    if (c < 0x80) {
        *len = 1;
        return c == ' ' || (c >= '\t' && c <= '\r');
    }
    uint32_t cp;
    *len = td_utf8_decode(t, n, i, &cp);
    return u_isUWhiteSpace((UChar32)cp) || cp == 0x200B || cp == 0xFEFF;
}

/* Shape flags of the token t[a..b). */
static uint16_t shape(const char *t, size_t a, size_t b, int status)
{
    uint16_t f;
    if (status >= UBRK_WORD_NUMBER && status < UBRK_WORD_NUMBER_LIMIT)
        f = TD_TOK_NUM;
    else if (status >= UBRK_WORD_LETTER)
        f = TD_TOK_WORD;
    else
        f = TD_TOK_PUNCT;
    if (!(f & TD_TOK_WORD))
        return f;
    uint32_t cp;
    size_t i = a;
    size_t l = td_utf8_decode(t, b, i, &cp);
    if (u_isupper((UChar32)cp) || u_istitle((UChar32)cp))
        f |= TD_TOK_CAP;
    else if (u_islower((UChar32)cp))
        f |= TD_TOK_LOWER;
    if (!(f & TD_TOK_CAP))
        return f;
    /* All capitals: two or more letters, none lower case, a possessive
     * "'s" aside ("IRGC's"). */
    size_t end = b;
    if (end - a > 2 && t[end - 1] == 's' && t[end - 2] == '\'')
        end -= 2;
    else if (end - a > 4 && t[end - 1] == 's' && (unsigned char)t[end - 2] == 0x99 &&
             (unsigned char)t[end - 3] == 0x80 && (unsigned char)t[end - 4] == 0xE2)
        end -= 4;
    unsigned letters = 1;
    for (i += l; i < end; i += l) {
        l = td_utf8_decode(t, end, i, &cp);
        if (u_islower((UChar32)cp))
            return f;
        if (u_isalpha((UChar32)cp))
            letters++;
    }
    if (letters >= 2)
        f |= TD_TOK_UPPER;
    return f;
}

/* Abbreviations written before a name or a number that ICU's English
 * suppression list lacks: a period after them does not end a sentence
 * when a capital or a digit follows ("Gen. Zahedi", "Oct. 7"). */
static const char *const abbrevs[] = {
    "Adm", "Amb", "Apr", "Aug", "Brig", "Capt", "Cmdr", "Col", "Cpl", "Dec", "Dr", "Feb",
    "Fr", "Ft", "Gen", "Gens", "Gov", "Hon", "Insp", "Jan", "Lt", "Maj", "Messrs", "Mr",
    "Mrs", "Ms", "Msgr", "Mt", "No", "Nos", "Nov", "Oct", "Pres", "Prof", "Rep", "Reps",
    "Rev", "Sen", "Sens", "Sep", "Sept", "Sgt", "St", "Supt",
};

static int is_abbrev(const char *w, size_t n)
{
    return td_word_in(abbrevs, sizeof abbrevs / sizeof *abbrevs, w, n);
}

/* Bytes of a closing quote or bracket at t[i], or 0. */
static size_t closing_at(const char *t, size_t n, size_t i)
{
    if (i >= n)
        return 0;
    char c = t[i];
    if (c == '"' || c == '\'' || c == ')' || c == ']')
        return 1;
    if (i + 3 <= n && (unsigned char)c == 0xE2 && (unsigned char)t[i + 1] == 0x80 &&
        ((unsigned char)t[i + 2] == 0x9D || (unsigned char)t[i + 2] == 0x99))
        return 3;
    return 0;
}

/* Capitalised function words that begin sentences and never continue an
 * abbreviation ("Inc. He", "Org. The"). */
static const char *const openers[] = {
    "A", "An", "Her", "His", "It", "Its", "She", "That", "The", "Their", "There", "These",
    "They", "This", "Those", "We",
};

static int opens_sentence(const char *w, size_t n)
{
    if (n == 2 && w[0] == 'H' && w[1] == 'e')
        return 1;
    for (size_t i = 0; i < sizeof openers / sizeof *openers; i++)
        if (strlen(openers[i]) == n && memcmp(openers[i], w, n) == 0)
            return 1;
    return 0;
}

/* Abbreviations that end names and go on before more capitals ("Apple
 * Inc. Chief Executive", "Martin Luther King Jr. Day"); other
 * abbreviations ICU does not let end a sentence ("Org.", "Dept.") do end
 * one before a capital. */
static int is_suffix(const char *w, size_t n)
{
    static const char *const sfx[] = {"Bros", "Co", "Corp", "Inc", "Jr", "Ltd", "Sr"};
    for (size_t i = 0; i < sizeof sfx / sizeof *sfx; i++)
        if (strlen(sfx[i]) == n && memcmp(sfx[i], w, n) == 0)
            return 1;
    return 0;
}

static int ascii_lower(char c) { return c >= 'a' && c <= 'z'; }
static int ascii_upper(char c) { return c >= 'A' && c <= 'Z'; }

int td_sent_run(td_sent *s, const char *text, size_t len, td_arena *arena, td_sent_doc *out)
{
    memset(out, 0, sizeof *out);
    if (len > TD_SENT_MAX_BYTES) {
        len = TD_SENT_MAX_BYTES;
        out->truncated = 1;
    }
    /* Room for every token: at most one per byte, and one more per split
     * of a run-together sentence ("rooms.The" gives three). */
    size_t cap = len + 1;
    if (cap > TD_SENT_MAX_TOKENS)
        cap = TD_SENT_MAX_TOKENS;
    td_span *tok = td_arena_alloc(arena, cap * sizeof *tok);
    uint16_t *flags = td_arena_alloc(arena, cap * sizeof *flags);
    uint32_t *tsent = td_arena_alloc(arena, cap * sizeof *tsent);
    if (!tok || !flags || !tsent)
        return TD_SENT_ENOMEM;

    UErrorCode st = U_ZERO_ERROR;
    /* Each iterator gets its own UText: they move through it separately. */
    UText ut = UTEXT_INITIALIZER, ut2 = UTEXT_INITIALIZER;
    utext_openUTF8(&ut, text, (int64_t)len, &st);
    utext_openUTF8(&ut2, text, (int64_t)len, &st);
    ubrk_setUText(s->words, &ut, &st);
    ubrk_setUText(s->sents, &ut2, &st);
    if (U_FAILURE(st)) {
        utext_close(&ut);
        utext_close(&ut2);
        return TD_SENT_EICU;
    }

    size_t n = 0;
    uint32_t raw_sent = 0; /* ICU's sentence number, empty ones included */
    int32_t sent_end = ubrk_first(s->sents);
    sent_end = ubrk_next(s->sents);
    int32_t a = 0, b;
    while ((size_t)a < len) {
        size_t wb;
        int status;
        if (!s->icu_words && ascii_word(text, len, (size_t)a, &wb, &status)) {
            b = (int32_t)wb;
        } else {
            if ((b = ubrk_following(s->words, a)) == UBRK_DONE) break;
            status = ubrk_getRuleStatus(s->words);
        }
        size_t sp;
        if (is_space_at(text, len, (size_t)a, &sp)) {
            a = b;
            continue;
        }
        uint16_t f = shape(text, (size_t)a, (size_t)b, status);
        if (sent_end != UBRK_DONE && a >= sent_end) {
            /* A break right after "Gen." before a name is ICU's miss. */
            int keep = 0;
            if (n > 0 && (flags[n - 1] & TD_TOK_ABBR) && (f & (TD_TOK_CAP | TD_TOK_NUM))) {
                const char *w = text + tok[n - 1].start;
                size_t wl = tok[n - 1].end - tok[n - 1].start;
                keep = is_abbrev(w, wl - 1);
                /* "U.S. Secretary", "U.K. officials": a dotted acronym is
                 * far more often an adjective than a sentence's end; so is
                 * an initial before a name ("L. Ron Hubbard"); a function
                 * word after it ("The", "He") still ends it. */
                int initial = wl == 2 && ascii_upper(w[0]) && w[1] == '.';
                if (!keep && wl <= 6 && (memchr(w, '.', wl - 1) || initial) && (f & TD_TOK_CAP) &&
                    !(flags[n - 1] & TD_TOK_LOWER)) {
                    char low[16];
                    size_t ll = (size_t)(b - a);
                    if (ll < sizeof low) {
                        for (size_t k = 0; k < ll; k++)
                            low[k] = (char)((text[a + k] >= 'A' && text[a + k] <= 'Z')
                                                ? text[a + k] + 32 : text[a + k]);
                        keep = !td_text_is_stopword(low, ll);
                    } else {
                        keep = 1;
                    }
                }
            }
            while (sent_end != UBRK_DONE && a >= sent_end) {
                sent_end = ubrk_next(s->sents);
                raw_sent += !keep;
            }
        }
        if (n + 3 > cap) {
            out->truncated = 1;
            break;
        }
        if (a > 0) {
            size_t pl = 1;
            size_t p = (size_t)a - 1;
            while (p > 0 && ((unsigned char)text[p] & 0xC0) == 0x80)
                p--, pl++;
            if (is_space_at(text, len, p, &pl))
                f |= TD_TOK_SPACE;
        }
        /* An abbreviation's period joins its word. */
        if (b - a == 1 && text[a] == '.' && n > 0 && (flags[n - 1] & TD_TOK_WORD) &&
            tok[n - 1].end == (size_t)a && tsent[n - 1] == raw_sent) {
            const char *w = text + tok[n - 1].start;
            size_t wl = tok[n - 1].end - tok[n - 1].start;
            /* Closing quotes and brackets after the period belong to the
             * sentence it ends ("... in Oman." Then). */
            size_t q = (size_t)b;
            for (;;) {
                while (q < len && is_space_at(text, len, q, &sp))
                    q += sp;
                size_t cl = closing_at(text, len, q);
                if (!cl)
                    break;
                q += cl;
            }
            int ends_sentence = q >= len || sent_end == UBRK_DONE || (int32_t)q >= sent_end;
            int dotted = memchr(w, '.', wl) != NULL;
            int single = wl == 1 && (flags[n - 1] & TD_TOK_CAP);
            if (dotted || single || !ends_sentence || is_abbrev(w, wl)) {
                tok[n - 1].end = (size_t)b;
                flags[n - 1] |= TD_TOK_ABBR;
                a = b;
                continue;
            }
        }
        /* ICU's suppression list keeps some abbreviations from ending a
         * sentence ("Org.", "Inc."); a pronoun or article after one
         * ("... the Sea Org. He was") still starts a new one, and the
         * period goes back to being a full stop. */
        if ((f & TD_TOK_CAP) && n > 0 && (flags[n - 1] & TD_TOK_ABBR) && tsent[n - 1] == raw_sent) {
            const char *w = text + tok[n - 1].start;
            size_t wl = tok[n - 1].end - tok[n - 1].start;
            if (wl > 3 && !memchr(w, '.', wl - 1) && !is_abbrev(w, wl - 1) &&
                (opens_sentence(text + a, (size_t)(b - a)) || !is_suffix(w, wl - 1))) {
                tok[n - 1].end--;
                flags[n - 1] &= (uint16_t)~TD_TOK_ABBR;
                tok[n] = (td_span){tok[n - 1].end, tok[n - 1].end + 1};
                flags[n] = TD_TOK_PUNCT;
                tsent[n++] = raw_sent;
                raw_sent++;
            }
        }
        /* ICU keeps "rooms.The" whole (a period between letters joins a
         * word, as in "Antiwar.com"); a lower-case letter before and a
         * capital after is a sentence run together, so split it. */
        if ((f & TD_TOK_WORD) && b - a >= 4) {
            const char *m = memchr(text + a + 1, '.', (size_t)(b - a - 2));
            if (m && ascii_lower(m[-1]) && ascii_upper(m[1]) && m - (text + a) >= 2) {
                size_t k = (size_t)(m - text);
                tok[n] = (td_span){(size_t)a, k};
                flags[n] = shape(text, (size_t)a, k, status) | (f & TD_TOK_SPACE);
                tsent[n++] = raw_sent;
                tok[n] = (td_span){k, k + 1};
                flags[n] = TD_TOK_PUNCT;
                tsent[n++] = raw_sent;
                raw_sent++; /* a new sentence begins after the period */
                tok[n] = (td_span){k + 1, (size_t)b};
                flags[n] = shape(text, k + 1, (size_t)b, status);
                tsent[n++] = raw_sent;
                a = b;
                continue;
            }
        }
        tok[n] = (td_span){(size_t)a, (size_t)b};
        flags[n] = f;
        tsent[n++] = raw_sent;
        a = b;
    }
    utext_close(&ut);
    utext_close(&ut2);

    /* Renumber sentences densely and build their spans. */
    td_span *sent = td_arena_alloc(arena, (n + 1) * sizeof *sent);
    uint32_t *sfirst = td_arena_alloc(arena, (n + 2) * sizeof *sfirst);
    if (!sent || !sfirst)
        return TD_SENT_ENOMEM;
    uint32_t ns = 0, prev = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t raw = tsent[i];
        if (i == 0 || raw != prev) {
            sfirst[ns] = (uint32_t)i;
            sent[ns].start = tok[i].start;
            flags[i] |= TD_TOK_FIRST;
            ns++;
        }
        prev = raw;
        tsent[i] = ns - 1;
        sent[ns - 1].end = tok[i].end;
    }
    sfirst[ns] = (uint32_t)n;
    out->sent = sent;
    out->nsent = ns;
    out->tok = tok;
    out->flags = flags;
    out->tsent = tsent;
    out->sfirst = sfirst;
    out->ntok = (uint32_t)n;
    return TD_SENT_OK;
}
