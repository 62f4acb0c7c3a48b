/*
 * token.c -- the tokenizer: UTF-8 text to lower-cased words with offsets.
 *
 * One pass over the bytes. ASCII, which is nearly all of the bytes in
 * English news, is classified through a table; other code points are
 * decoded and asked of ICU (u_charType and u_tolower are table lookups).
 */
#include "text.h"
#include "util/text.h"

#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#include <xxhash.h>

enum { C_OTHER = 0, C_LOWER = 1, C_UPPER = 2, C_DIGIT = 3, C_SPACE = 4,
       C_NEWLINE = 5, C_STOP = 6 };

/* Class of each ASCII byte. */
static const unsigned char ascii_class[128] = {
    ['\t'] = C_SPACE, ['\v'] = C_SPACE, ['\f'] = C_SPACE, [' '] = C_SPACE,
    ['\r'] = C_SPACE, ['\n'] = C_NEWLINE,
    ['.'] = C_STOP, ['!'] = C_STOP, ['?'] = C_STOP,
    ['0'] = C_DIGIT, ['1'] = C_DIGIT, ['2'] = C_DIGIT, ['3'] = C_DIGIT,
    ['4'] = C_DIGIT, ['5'] = C_DIGIT, ['6'] = C_DIGIT, ['7'] = C_DIGIT,
    ['8'] = C_DIGIT, ['9'] = C_DIGIT,
    ['a'] = C_LOWER, ['b'] = C_LOWER, ['c'] = C_LOWER, ['d'] = C_LOWER,
    ['e'] = C_LOWER, ['f'] = C_LOWER, ['g'] = C_LOWER, ['h'] = C_LOWER,
    ['i'] = C_LOWER, ['j'] = C_LOWER, ['k'] = C_LOWER, ['l'] = C_LOWER,
    ['m'] = C_LOWER, ['n'] = C_LOWER, ['o'] = C_LOWER, ['p'] = C_LOWER,
    ['q'] = C_LOWER, ['r'] = C_LOWER, ['s'] = C_LOWER, ['t'] = C_LOWER,
    ['u'] = C_LOWER, ['v'] = C_LOWER, ['w'] = C_LOWER, ['x'] = C_LOWER,
    ['y'] = C_LOWER, ['z'] = C_LOWER,
    ['A'] = C_UPPER, ['B'] = C_UPPER, ['C'] = C_UPPER, ['D'] = C_UPPER,
    ['E'] = C_UPPER, ['F'] = C_UPPER, ['G'] = C_UPPER, ['H'] = C_UPPER,
    ['I'] = C_UPPER, ['J'] = C_UPPER, ['K'] = C_UPPER, ['L'] = C_UPPER,
    ['M'] = C_UPPER, ['N'] = C_UPPER, ['O'] = C_UPPER, ['P'] = C_UPPER,
    ['Q'] = C_UPPER, ['R'] = C_UPPER, ['S'] = C_UPPER, ['T'] = C_UPPER,
    ['U'] = C_UPPER, ['V'] = C_UPPER, ['W'] = C_UPPER, ['X'] = C_UPPER,
    ['Y'] = C_UPPER, ['Z'] = C_UPPER,
};

/* Words are short: up to 16 bytes they are hashed inline from two loads
 * (a call into XXH3 costs more than the hashing); longer ones go to XXH3. */
static inline uint64_t word_hash(const char *s, size_t n)
{
    if (n > 16) return XXH3_64bits(s, n);
    uint64_t a = 0, b = 0;
    memcpy(&a, s, n < 8 ? n : 8);
    if (n > 8) memcpy(&b, s + 8, n - 8);
    return td_text_mix64(a ^ td_text_mix64(b ^ (0x9E3779B97F4A7C15ULL * (n + 1))));
}

uint64_t td_text_hash(const char *s, size_t n) { return word_hash(s, n); }

/* For each ASCII byte inside a word: bit 0 a letter, bit 1 upper case,
 * bit 2 a digit; 0 for bytes that are not word characters. */
enum { W_LETTER = 1, W_UPPER = 2, W_DIGIT = 4 };
static const unsigned char ascii_word[256] = { /* 0 from 0x80 on */
#define L W_LETTER
#define U (W_LETTER | W_UPPER)
#define D W_DIGIT
    ['0'] = D, ['1'] = D, ['2'] = D, ['3'] = D, ['4'] = D,
    ['5'] = D, ['6'] = D, ['7'] = D, ['8'] = D, ['9'] = D,
    ['a'] = L, ['b'] = L, ['c'] = L, ['d'] = L, ['e'] = L, ['f'] = L, ['g'] = L,
    ['h'] = L, ['i'] = L, ['j'] = L, ['k'] = L, ['l'] = L, ['m'] = L, ['n'] = L,
    ['o'] = L, ['p'] = L, ['q'] = L, ['r'] = L, ['s'] = L, ['t'] = L, ['u'] = L,
    ['v'] = L, ['w'] = L, ['x'] = L, ['y'] = L, ['z'] = L,
    ['A'] = U, ['B'] = U, ['C'] = U, ['D'] = U, ['E'] = U, ['F'] = U, ['G'] = U,
    ['H'] = U, ['I'] = U, ['J'] = U, ['K'] = U, ['L'] = U, ['M'] = U, ['N'] = U,
    ['O'] = U, ['P'] = U, ['Q'] = U, ['R'] = U, ['S'] = U, ['T'] = U, ['U'] = U,
    ['V'] = U, ['W'] = U, ['X'] = U, ['Y'] = U, ['Z'] = U,
#undef L
#undef U
#undef D
};

/* word_hash for a word in the words buffer, which always has 16 bytes of
 * room past its end (see td_text_tokenize): two whole 8-byte loads, masked,
 * instead of copies of a variable length. The same value as word_hash. */
static inline uint64_t word_hash_padded(const char *s, size_t n)
{
    if (n > 16) return XXH3_64bits(s, n);
    uint64_t a, b;
    memcpy(&a, s, 8);
    memcpy(&b, s + 8, 8);
    /* Masks by shifts, not branches (word lengths are not predictable):
     * na is 1..8 bytes of the first load, nb 0..8 of the second. */
    size_t na = n < 8 ? n : 8, nb = n - na;
    a &= ~0ULL >> ((64 - 8 * na) & 63);
    b &= (0 - (uint64_t)(nb != 0)) >> ((64 - 8 * nb) & 63);
    return td_text_mix64(a ^ td_text_mix64(b ^ (0x9E3779B97F4A7C15ULL * (n + 1))));
}

void td_text_words_init(td_text_words *w, size_t max_words)
{
    memset(w, 0, sizeof *w);
    w->max_words = max_words ? max_words : 100000;
}

void td_text_words_free(td_text_words *w)
{
    free(w->tok);
    free(w->low);
    memset(w, 0, sizeof *w);
}

static int grow_low(td_text_words *w, size_t need)
{
    if (w->low_cap - w->low_len >= need) return TD_TEXT_OK;
    size_t cap = w->low_cap ? w->low_cap * 2 : 1024;
    while (cap - w->low_len < need) cap *= 2;
    char *p = realloc(w->low, cap);
    if (!p) return TD_TEXT_NOMEM;
    w->low = p;
    w->low_cap = cap;
    return TD_TEXT_OK;
}

static int grow_tok(td_text_words *w)
{
    if (w->n < w->cap) return TD_TEXT_OK;
    size_t cap = w->cap ? w->cap * 2 : 256;
    td_text_tok *p = realloc(w->tok, cap * sizeof *p);
    if (!p) return TD_TEXT_NOMEM;
    w->tok = p;
    w->cap = cap;
    return TD_TEXT_OK;
}

/* Decodes one well-formed UTF-8 sequence at s[i..n); returns its length,
 * or 0 when the bytes there are not one. */
static size_t utf8_decode(const unsigned char *s, size_t i, size_t n, UChar32 *cp)
{
    unsigned c = s[i];
    size_t len;
    unsigned min;
    if ((c & 0xE0) == 0xC0) { len = 2; min = 0x80; c &= 0x1F; }
    else if ((c & 0xF0) == 0xE0) { len = 3; min = 0x800; c &= 0x0F; }
    else if ((c & 0xF8) == 0xF0) { len = 4; min = 0x10000; c &= 0x07; }
    else return 0;
    if (n - i < len) return 0;
    for (size_t k = 1; k < len; k++) {
        if ((s[i + k] & 0xC0) != 0x80) return 0;
        c = (c << 6) | (s[i + k] & 0x3F);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) return 0;
    *cp = (UChar32)c;
    return len;
}

/* What a code point is to the tokenizer. */
enum { K_SEP, K_LOWER, K_UPPER, K_DIGIT, K_MARK, K_SPACE, K_NEWLINE, K_STOP,
       K_APOS };

/* What each ASCII byte is to the tokenizer: one load, no switch (the
 * switch's indirect jump mispredicted on every separator). */
static const unsigned char ascii_kind[128] = {
    ['\t'] = K_SPACE, ['\v'] = K_SPACE, ['\f'] = K_SPACE, [' '] = K_SPACE,
    ['\r'] = K_SPACE, ['\n'] = K_NEWLINE, ['\''] = K_APOS,
    ['.'] = K_STOP, ['!'] = K_STOP, ['?'] = K_STOP,
    ['0'] = K_DIGIT, ['1'] = K_DIGIT, ['2'] = K_DIGIT, ['3'] = K_DIGIT,
    ['4'] = K_DIGIT, ['5'] = K_DIGIT, ['6'] = K_DIGIT, ['7'] = K_DIGIT,
    ['8'] = K_DIGIT, ['9'] = K_DIGIT,
    ['a'] = K_LOWER, ['b'] = K_LOWER, ['c'] = K_LOWER, ['d'] = K_LOWER,
    ['e'] = K_LOWER, ['f'] = K_LOWER, ['g'] = K_LOWER, ['h'] = K_LOWER,
    ['i'] = K_LOWER, ['j'] = K_LOWER, ['k'] = K_LOWER, ['l'] = K_LOWER,
    ['m'] = K_LOWER, ['n'] = K_LOWER, ['o'] = K_LOWER, ['p'] = K_LOWER,
    ['q'] = K_LOWER, ['r'] = K_LOWER, ['s'] = K_LOWER, ['t'] = K_LOWER,
    ['u'] = K_LOWER, ['v'] = K_LOWER, ['w'] = K_LOWER, ['x'] = K_LOWER,
    ['y'] = K_LOWER, ['z'] = K_LOWER,
    ['A'] = K_UPPER, ['B'] = K_UPPER, ['C'] = K_UPPER, ['D'] = K_UPPER,
    ['E'] = K_UPPER, ['F'] = K_UPPER, ['G'] = K_UPPER, ['H'] = K_UPPER,
    ['I'] = K_UPPER, ['J'] = K_UPPER, ['K'] = K_UPPER, ['L'] = K_UPPER,
    ['M'] = K_UPPER, ['N'] = K_UPPER, ['O'] = K_UPPER, ['P'] = K_UPPER,
    ['Q'] = K_UPPER, ['R'] = K_UPPER, ['S'] = K_UPPER, ['T'] = K_UPPER,
    ['U'] = K_UPPER, ['V'] = K_UPPER, ['W'] = K_UPPER, ['X'] = K_UPPER,
    ['Y'] = K_UPPER, ['Z'] = K_UPPER,
};

static inline int classify(const unsigned char *s, size_t i, size_t n, UChar32 *cp,
                           size_t *len)
{
    unsigned c = s[i];
    if (c < 0x80) {
        *cp = (UChar32)c;
        *len = 1;
        return ascii_kind[c];
    }
    size_t l = utf8_decode(s, i, n, cp);
    if (!l) { *len = 1; *cp = 0xFFFD; return K_SEP; }
    *len = l;
    UChar32 u = *cp;
    if (u == 0x2019) return K_APOS;                  /* right single quote */
    if (u == 0x00A0 || u == 0x2009 || u == 0x202F) return K_SPACE;
    if (u == 0x2028 || u == 0x2029) return K_NEWLINE;
    uint32_t gc = U_GET_GC_MASK(u);
    if (gc & (U_GC_LU_MASK | U_GC_LT_MASK)) return K_UPPER;
    if (gc & U_GC_L_MASK) return K_LOWER;
    if (gc & U_GC_ND_MASK) return K_DIGIT;
    if (gc & (U_GC_NL_MASK | U_GC_NO_MASK)) return K_LOWER; /* letter-like numbers */
    if (gc & U_GC_M_MASK) return K_MARK;
    if (gc & U_GC_Z_MASK) return K_SPACE;
    return K_SEP;
}

/* Lower-cased abbreviations whose period does not end a sentence. Asked
 * at every period, so the list is split by length and compared as whole
 * words packed into an integer. */
static int is_abbrev(const char *w, size_t n)
{
    static const char l2[][3] = { "mr", "ms", "dr", "st", "jr", "sr", "lt", "co", "vs", "no",
                                  "ft", "mt" };
    static const char l3[][4] = { "mrs", "gen", "sen", "rep", "gov", "col", "sgt",
                                  "adm", "maj", "rev", "inc", "ltd", "jan", "feb", "mar",
                                  "apr", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
                                  "u.s", "u.n", "u.k", "e.g", "i.e" };
    static const char l4[][5] = { "capt", "cmdr", "prof", "corp", "sept", "pres", "brig" };
    if (n == 1) return 1; /* an initial: "George W. Bush" */
    uint32_t x = 0;
    if (n == 2) {
        memcpy(&x, w, 2);
        for (size_t i = 0; i < sizeof l2 / sizeof l2[0]; i++) {
            uint32_t y = 0;
            memcpy(&y, l2[i], 2);
            if (x == y) return 1;
        }
    } else if (n == 3) {
        memcpy(&x, w, 3);
        for (size_t i = 0; i < sizeof l3 / sizeof l3[0]; i++) {
            uint32_t y = 0;
            memcpy(&y, l3[i], 3);
            if (x == y) return 1;
        }
    } else if (n == 4) {
        memcpy(&x, w, 4);
        for (size_t i = 0; i < sizeof l4 / sizeof l4[0]; i++) {
            uint32_t y;
            memcpy(&y, l4[i], 4);
            if (x == y) return 1;
        }
    }
    return 0;
}

/* Whether s[i..] is ".X." with X an ASCII letter: the next step of a run
 * of dotted initials. */
static int is_initial_dot(const unsigned char *s, size_t i, size_t n)
{
    if (i + 2 >= n || s[i] != '.' || s[i + 2] != '.' || s[i + 1] >= 0x80) return 0;
    int c = ascii_class[s[i + 1]];
    return c == C_LOWER || c == C_UPPER;
}

#if defined(__SSE2__)
/* Sixteen bytes classed at once: which are ASCII letters (alpha) and of
 * those upper case (upper), and the length of the run of letters and
 * digits at the start (16 when all are). The fast paths below share it. */
typedef struct ascii16 {
    __m128i v, alpha, upper;
    unsigned run;
} ascii16;

static inline ascii16 ascii16_load(const unsigned char *p)
{
    ascii16 r;
    const __m128i bit5 = _mm_set1_epi8(0x20);
    r.v = _mm_loadu_si128((const __m128i *)p);
    __m128i la = _mm_sub_epi8(_mm_or_si128(r.v, bit5), _mm_set1_epi8('a'));
    __m128i da = _mm_sub_epi8(r.v, _mm_set1_epi8('0'));
    /* x <= k unsigned: min(x, k) == x */
    r.alpha = _mm_cmpeq_epi8(_mm_min_epu8(la, _mm_set1_epi8(25)), la);
    __m128i digit = _mm_cmpeq_epi8(_mm_min_epu8(da, _mm_set1_epi8(9)), da);
    r.upper = _mm_andnot_si128(_mm_cmpeq_epi8(_mm_and_si128(r.v, bit5), bit5), r.alpha);
    unsigned wm = (unsigned)_mm_movemask_epi8(_mm_or_si128(r.alpha, digit));
    r.run = (unsigned)__builtin_ctz(~wm | 0x10000u);
    return r;
}

/* Its bytes with upper-case letters lowered. */
static inline __m128i ascii16_lower(const ascii16 *r)
{
    return _mm_or_si128(r->v, _mm_and_si128(r->upper, _mm_set1_epi8(0x20)));
}

/* Bytes that may end a common word: ASCII that is not a word character
 * and cannot join it to more (an apostrophe, a period or a comma may). */
static const unsigned char fast_end[256] = {
    [0x00] = 1, [0x01] = 1, [0x02] = 1, [0x03] = 1, [0x04] = 1, [0x05] = 1, [0x06] = 1,
    [0x07] = 1, [0x08] = 1, [0x09] = 1, [0x0A] = 1, [0x0B] = 1, [0x0C] = 1, [0x0D] = 1,
    [0x0E] = 1, [0x0F] = 1, [0x10] = 1, [0x11] = 1, [0x12] = 1, [0x13] = 1, [0x14] = 1,
    [0x15] = 1, [0x16] = 1, [0x17] = 1, [0x18] = 1, [0x19] = 1, [0x1A] = 1, [0x1B] = 1,
    [0x1C] = 1, [0x1D] = 1, [0x1E] = 1, [0x1F] = 1,
    [' '] = 1, ['!'] = 1, ['"'] = 1, ['#'] = 1, ['$'] = 1, ['%'] = 1, ['&'] = 1,
    ['('] = 1, [')'] = 1, ['*'] = 1, ['+'] = 1, ['-'] = 1, ['/'] = 1,
    [':'] = 1, [';'] = 1, ['<'] = 1, ['='] = 1, ['>'] = 1, ['?'] = 1, ['@'] = 1,
    ['['] = 1, ['\\'] = 1, [']'] = 1, ['^'] = 1, ['_'] = 1, ['`'] = 1,
    ['{'] = 1, ['|'] = 1, ['}'] = 1, ['~'] = 1, [0x7F] = 1,
};

/* word_hash's inner mix for words of 8 bytes or fewer, whose second
 * word is zero: td_text_mix64(0x9E3779B97F4A7C15 * (n + 1)) by length n
 * (the tests hold every fast-path hash to td_text_hash). Most words are
 * this short, and the table saves them a chain of two multiplications. */
static const uint64_t short_inner[9] = {
    0x9CA066F1A4AB2EEAULL, 0xD30B054265133DD7ULL, 0xD7F1515598B6B983ULL,
    0x6AE4C48206C1097EULL, 0x2295674CA6A1E887ULL, 0x23828C1DDF82F350ULL,
    0x3E278DCA88014E2AULL, 0x3DEFDD576EE7B7DAULL, 0xF882315217641BC6ULL,
};

/* The common word, taken whole from one 16-byte load: ASCII letters and
 * digits, at most 15 bytes, ended by an ASCII byte that cannot join it to
 * more (an apostrophe, or a period or comma that may join, goes through
 * the general loop with longer words and other code points). Writes its
 * lower-cased bytes to lo (16 bytes of room), its flags of shape, its
 * hash and the byte that ends it, and returns its length; 0 when the
 * word is not of this kind. The same words, flags and hashes as the
 * general loop, in about a quarter of the instructions: no per-word
 * bookkeeping of the last byte's kind, and the hash comes from the
 * register rather than from two loads and shifts. */
static inline unsigned fast_word(const unsigned char *s, size_t i, size_t n, char *lo,
                                 uint32_t *flags, uint64_t *hash, unsigned char *end)
{
    if (n - i < 16) return 0;
    ascii16 r = ascii16_load(s + i);
    unsigned run = r.run;
    if (run == 0 || run == 16) return 0;
    unsigned char c = s[i + run];
    if (!fast_end[c]) {
        /* A period or a comma ends the word too, unless it may join
         * digits ("6.1", "1,000": a digit on both sides, and a byte past
         * ASCII may be one) or make initials ("U.S."): those, and an
         * apostrophe, are the general loop's. */
        if (c != '.' && c != ',') return 0;
        if (c == '.' && run == 1) return 0;
        unsigned last = s[i + run - 1] - (unsigned)'0';
        if (last < 10) {
            unsigned next = i + run + 1 < n ? s[i + run + 1] : ' ';
            if (next >= 0x80 || next - (unsigned)'0' < 10) return 0;
        }
    }
    *end = c;
    __m128i low = ascii16_lower(&r);
    _mm_storeu_si128((__m128i *)lo, low);
    unsigned keep = (1u << run) - 1;
    unsigned am = (unsigned)_mm_movemask_epi8(r.alpha) & keep;
    unsigned um = (unsigned)_mm_movemask_epi8(r.upper) & keep;
    /* Nearly every word is letters with at most the first a capital;
     * the others (numbers, acronyms) work their flags out in full. */
    if (am == keep && !(um >> 1))
        *flags = TD_TEXT_ALPHA | (um & 1) * TD_TEXT_CAP;
    else
        *flags = (um & 1) * TD_TEXT_CAP | (uint32_t)(am != keep) * TD_TEXT_DIGIT |
                 (uint32_t)(am != 0) * TD_TEXT_ALPHA |
                 (uint32_t)((am & (am - 1)) != 0 && (am & ~um) == 0) * TD_TEXT_UPPER;
    /* word_hash of the run: its bytes, zero past the end, as two words */
    const __m128i iota = _mm_setr_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    low = _mm_and_si128(low, _mm_cmpgt_epi8(_mm_set1_epi8((char)run), iota));
    uint64_t a = (uint64_t)_mm_cvtsi128_si64(low);
    if (run <= 8) {
        /* the second half is zero: the inner mix is a constant */
        *hash = td_text_mix64(a ^ short_inner[run]);
    } else {
        uint64_t b = (uint64_t)_mm_cvtsi128_si64(_mm_unpackhi_epi64(low, low));
        *hash = td_text_mix64(a ^ td_text_mix64(b ^ (0x9E3779B97F4A7C15ULL * (run + 1))));
    }
    return run;
}
#endif

int td_text_tokenize(td_text_words *w, const char *str, size_t n)
{
    const unsigned char *s = (const unsigned char *)str;
    w->n = 0;
    w->low_len = 0;
    w->sentences = 0;
    /* Lower-casing keeps the length of ASCII; other code points may grow by
     * a byte, which grow_low handles as it goes. */
    if (grow_low(w, n + 16) != TD_TEXT_OK) return TD_TEXT_NOMEM;

    int sent = 1, para = 1, joined = 0;
    int newlines = 0;
    size_t i = 0;
    while (i < n && w->n < w->max_words) {
        UChar32 cp;
        size_t len;
        if (s[i] == ' ') { i++; continue; } /* the commonest byte of all */
#if defined(__SSE2__)
        if (ascii_word[s[i]]) {
            /* A run of common words (see fast_word), each followed by one
             * space, with the state in locals: stores through the char and
             * token pointers could alias the fields of w, which would make
             * the compiler reload them for every word. Only the first word
             * of the run can open a sentence or a paragraph or follow
             * punctuation; the rest are joined words of its sentence. */
            size_t nw = w->n, ol = w->low_len, first = nw;
            size_t room = w->cap < w->max_words ? w->cap : w->max_words;
            td_text_tok *tok = w->tok;
            char *lo = w->low;
            uint32_t extra = (sent ? TD_TEXT_SENT : 0) | (para ? TD_TEXT_PARA : 0) |
                             (joined ? TD_TEXT_JOINED : 0);
            uint32_t sentno = sent ? w->sentences : w->sentences ? w->sentences - 1 : 0;
            while (nw < room) {
                uint32_t flags;
                uint64_t hash;
                unsigned char end;
                unsigned run = fast_word(s, i, n, lo + ol, &flags, &hash, &end);
                if (!run) break;
                td_text_tok *t = &tok[nw++];
                t->off = (uint32_t)i;
                t->len = run;
                t->low = (uint32_t)ol;
                t->low_len = run;
                t->flags = flags | extra;
                t->sent = sentno;
                t->hash = hash;
                ol += run;
                extra = TD_TEXT_JOINED;
                i += run;
                /* the byte after the word is there (fast_word saw it) */
                if (end != ' ') break;
                i++;
            }
            if (nw > first) {
                if (sent) w->sentences++;
                sent = para = 0;
                newlines = 0;
                joined = 1;
            }
            w->n = nw;
            w->low_len = ol;
            if (i >= n || w->n >= w->max_words) break;
        }
#endif
        int k = classify(s, i, n, &cp, &len);
        if (k == K_SPACE) { i += len; continue; }
        if (k == K_NEWLINE) {
            if (++newlines >= 2) para = 1;
            sent = 1;
            joined = 0;
            i += len;
            continue;
        }
        if (k == K_STOP) {
            /* A period after an abbreviation or an initial does not end a
             * sentence; "!" and "?" always do. */
            int ends = 1;
            if (s[i] == '.' && w->n > 0 && !sent) {
                td_text_tok *p = &w->tok[w->n - 1];
                if (p->off + p->len == i && is_abbrev(w->low + p->low, p->low_len))
                    ends = 0;
            }
            if (ends) sent = 1;
            joined = 0;
            i += len;
            continue;
        }
        if (k != K_LOWER && k != K_UPPER && k != K_DIGIT) {
            joined = 0;
            i += len;
            continue;
        }

        /* A word starts here. */
        if (grow_tok(w) != TD_TEXT_OK) return TD_TEXT_NOMEM;
        td_text_tok *t = &w->tok[w->n];
        t->off = (uint32_t)i;
        t->low = (uint32_t)w->low_len;
        uint32_t flags = 0;
        if (k == K_UPPER) flags |= TD_TEXT_CAP;
        /* letters counts up to at least 2 (that is all the flags below ask);
         * lowers counts lower-case letters: a word with none is all capitals */
        int letters = 0, lowers = 0;
        int prev = K_SEP;
        /* Locals, not w->low_len: stores through a char pointer could alias
         * it, which would make the compiler reload it for every byte. */
        char *lo = w->low;
        size_t ol = w->low_len;
        while (i < n) {
            /* A run of ASCII letters and digits, the common case: a table
             * load, a store and three adds a byte; the kind of the last
             * byte is worked out once the run ends. Lower-casing ASCII
             * keeps the length, so the room reserved up front is enough. */
            unsigned m, any = 0, last = 0;
#if defined(__SSE2__)
            /* Sixteen bytes at a time while the input lasts: the length of
             * the run comes from a mask, so the end of a word costs no
             * mispredicted branch. The lower-cased bytes are stored whole;
             * the buffer keeps 16 bytes of room past what is written. */
            while (i + 16 <= n) {
                ascii16 r = ascii16_load(s + i);
                unsigned run = r.run;
                if (!run) break;
                _mm_storeu_si128((__m128i *)(lo + ol), ascii16_lower(&r));
                unsigned keep = run == 16 ? 0xFFFFu : (1u << run) - 1;
                unsigned am = (unsigned)_mm_movemask_epi8(r.alpha) & keep;
                unsigned um = (unsigned)_mm_movemask_epi8(r.upper) & keep;
                letters += (am != 0) + ((am & (am - 1)) != 0);
                lowers += (am & ~um) != 0;
                if (am != keep) any |= W_DIGIT;
                unsigned top = 1u << (run - 1);
                last = (um & top) ? (W_LETTER | W_UPPER) : (am & top) ? W_LETTER : W_DIGIT;
                ol += run;
                i += run;
                if (run < 16) break;
            }
#endif
            while (i < n && (m = ascii_word[s[i]]) != 0) {
                lo[ol++] = (char)(s[i] | ((m & W_UPPER) << 4)); /* 'A' | 0x20 = 'a' */
                letters += m & W_LETTER;
                lowers += m == W_LETTER;
                any |= m;
                last = m;
                i++;
            }
            if (any & W_DIGIT) flags |= TD_TEXT_DIGIT;
            if (last) prev = (last & W_DIGIT) ? K_DIGIT : (last & W_UPPER) ? K_UPPER : K_LOWER;
            if (i >= n) break;
            k = classify(s, i, n, &cp, &len);
            if (k == K_APOS || (k == K_STOP && s[i] == '.') || (k == K_SEP && s[i] == ',')) {
                /* Joins: letter'letter, digit.digit, digit,digit. */
                size_t j = i + len;
                if (j >= n) break;
                UChar32 c2;
                size_t l2;
                int k2 = classify(s, j, n, &c2, &l2);
                int ok = 0;
                if (k == K_APOS) ok = (prev == K_LOWER || prev == K_UPPER) &&
                                      (k2 == K_LOWER || k2 == K_UPPER);
                else ok = prev == K_DIGIT && k2 == K_DIGIT;
                if (!ok) break;
                lo[ol++] = (char)(k == K_APOS ? '\'' : s[i]);
                i = j;
                prev = k;
                continue;
            }
            if (k != K_LOWER && k != K_UPPER && k != K_DIGIT && k != K_MARK) break;
            if (k == K_DIGIT) flags |= TD_TEXT_DIGIT;
            else if (k != K_MARK) { letters++; if (k == K_LOWER) lowers++; }
            UChar32 lc = k == K_UPPER ? u_tolower(cp) : cp;
            ol += td_utf8_encode((uint32_t)lc, lo + ol);
            prev = k;
            i += len;
            /* A lower-case form may be longer than its capital: keep room
             * for the rest of the text. */
            if (w->low_cap - ol < n - i + 16) {
                w->low_len = ol;
                if (grow_low(w, n - i + 16) != TD_TEXT_OK) return TD_TEXT_NOMEM;
                lo = w->low;
            }
        }
        w->low_len = ol;
        /* Dotted initials: "U.S." or "D.C." become one word "u.s"; the
         * closing period belongs to them, not to a sentence end. */
        if (letters == 1 && w->low_len - t->low == 1 && is_initial_dot(s, i, n)) {
            while (is_initial_dot(s, i, n)) {
                unsigned char c = s[i + 1];
                w->low[w->low_len++] = '.';
                w->low[w->low_len++] = (char)(ascii_class[c] == C_UPPER ? c + 32 : c);
                letters++;
                if (ascii_class[c] != C_UPPER) lowers++;
                i += 2;
            }
            if (i < n && s[i] == '.') i++;
        }
        t->len = (uint32_t)(i - t->off);
        t->low_len = (uint32_t)(w->low_len - t->low);
        if (letters) flags |= TD_TEXT_ALPHA;
        if (letters >= 2 && lowers == 0) flags |= TD_TEXT_UPPER;
        if (sent) {
            flags |= TD_TEXT_SENT;
            w->sentences++;
        }
        if (para) flags |= TD_TEXT_PARA;
        if (joined) flags |= TD_TEXT_JOINED;
        t->flags = flags;
        t->sent = w->sentences ? w->sentences - 1 : 0;
        t->hash = word_hash_padded(w->low + t->low, t->low_len);
        w->n++;
        sent = para = 0;
        newlines = 0;
        joined = 1;
    }
    return TD_TEXT_OK;
}
