/*
 * text.h -- words, names and time cues from clean text.
 *
 * The later stages (dedup/, story/) see an article as a sequence of
 * lower-cased words. Tokenising is the one pass over the bytes that every
 * article pays for, so it is written for speed: ASCII goes through a table,
 * and only other code points are decoded and asked of ICU (letters, digits
 * and marks make words; ICU lower-cases them).
 *
 * A word is a maximal run of letters, digits and marks, with three joins
 * that keep a word whole: an apostrophe between letters ("Iran's", kept so
 * the stemmer can drop the possessive), a period or comma between digits
 * ("6.1", "1,000"), and dotted initials ("U.S." becomes "u.s").
 *
 * Each word records where it is in the source, where its lower-cased form
 * is in td_text_words.low, a 64-bit hash of the lower-cased form (shingles
 * and features are built from hashes, never from strings) and flags about
 * its shape and position.
 */
#ifndef TD_TEXT_H
#define TD_TEXT_H

#include <stddef.h>
#include <stdint.h>

/* Word flags. */
enum {
    TD_TEXT_CAP = 1 << 0,    /* starts with an upper-case or title-case letter */
    TD_TEXT_UPPER = 1 << 1,  /* two or more letters, all upper case ("NATO") */
    TD_TEXT_DIGIT = 1 << 2,  /* holds a digit */
    TD_TEXT_ALPHA = 1 << 3,  /* holds a letter */
    TD_TEXT_SENT = 1 << 4,   /* first word of a sentence, line or text */
    TD_TEXT_JOINED = 1 << 5, /* only spaces (no punctuation, no line break)
                                separate it from the word before */
    TD_TEXT_PARA = 1 << 6    /* first word after a blank line or of the text */
};

typedef struct td_text_tok {
    uint32_t off, len;       /* bytes of the word in the source text */
    uint32_t low, low_len;   /* bytes of its lower-cased form in words->low */
    uint32_t flags;
    uint32_t sent;           /* sentence number, from 0 */
    uint64_t hash;           /* td_text_hash of the lower-cased form */
} td_text_tok;

/* The words of one text. Reused from text to text: td_text_tokenize
 * resets it, and keeps the memory. */
typedef struct td_text_words {
    td_text_tok *tok;
    size_t n, cap;
    char *low;               /* lower-cased words back to back, no separators */
    size_t low_len, low_cap;
    size_t max_words;        /* words kept per text; the rest is ignored */
    uint32_t sentences;      /* sentences seen */
} td_text_words;

/* Status codes of this module. */
enum { TD_TEXT_OK = 0, TD_TEXT_NOMEM = -1 };

/* max_words 0 means 100,000. */
void td_text_words_init(td_text_words *w, size_t max_words);
void td_text_words_free(td_text_words *w);

/* Splits s[0..n) into words (replacing what w held). Invalid UTF-8 bytes
 * separate words. Returns TD_TEXT_OK or TD_TEXT_NOMEM. */
int td_text_tokenize(td_text_words *w, const char *s, size_t n);

/* The lower-cased form of word i. */
static inline const char *td_text_low(const td_text_words *w, size_t i)
{
    return w->low + w->tok[i].low;
}

/* The finaliser of MurmurHash3: spreads every input bit over the output.
 * For combining word hashes (short words, shingles). */
static inline uint64_t td_text_mix64(uint64_t h)
{
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 33;
    return h;
}

/* The hash used for words: 64 bits of the bytes (inline for up to 16
 * bytes, XXH3-64 beyond). */
uint64_t td_text_hash(const char *s, size_t n);

/* ---- Function words ---------------------------------------------------- */

/* Whether the lower-cased word s[0..n) is an English function word (or one
 * of the few content-free words news leans on: "said", "told", "also").
 * A binary search; for hot loops use a td_text_stopset. */
int td_text_is_stopword(const char *s, size_t n);

/* The same list as a set of word hashes, for a test in a few nanoseconds.
 * Plain data: embed it in a handle and fill it once. */
typedef struct td_text_stopset {
    uint64_t slot[1024];
} td_text_stopset;

void td_text_stopset_init(td_text_stopset *set);
int td_text_stopset_has(const td_text_stopset *set, uint64_t hash);

/* ---- Stems --------------------------------------------------------------- */

/* Strips common English inflections from the lower-cased word w[0..n) in
 * place and returns the new length: possessive 's, plural -s/-es/-ies,
 * -ed and -ing (with a doubled final consonant undone). Crude, but the same
 * word always gives the same stem, which is all that matching needs.
 * Words of three bytes or fewer, and non-ASCII endings, are left alone. */
size_t td_text_stem(char *w, size_t n);

/* ---- Names --------------------------------------------------------------- */

/* A run of capitalised words: first word index and number of words. */
typedef struct td_text_span {
    uint32_t first, count;
} td_text_span;

/* Finds names: runs of capitalised (or all-capital) words with only spaces
 * between them. A function word opening a sentence ("The", "In") is not
 * part of a name; a one-word run opening a sentence counts only if the
 * same word is capitalised somewhere else in the text, away from a sentence
 * start. Writes up to max spans and returns how many there are in all. */
size_t td_text_names(const td_text_words *w, td_text_span *out, size_t max);
/* The same with the function-word test done through a stopset. */
size_t td_text_names_set(const td_text_words *w, const td_text_stopset *stop,
                         td_text_span *out, size_t max);

/* ---- Time cues ----------------------------------------------------------- */

/* What a month mention says about when the reported happening was. */
typedef enum td_text_when {
    TD_TEXT_AT = 1,    /* "in January", "back in May", "on October 3" */
    TD_TEXT_AFTER = 2, /* "since January", "first ... since January" */
    TD_TEXT_BEFORE = 3 /* "until March", "before March" */
} td_text_when;

typedef struct td_text_month {
    uint32_t word;     /* index of the month word */
    uint8_t month;     /* 1..12 */
    uint8_t when;      /* td_text_when */
    uint8_t day;       /* day of month when one follows, else 0 */
} td_text_month;

/* Month mentions with the preposition before them ("in", "back in",
 * "since", "on", "until"...). "May" counts only with a cue before it or a
 * day after it, since it is mostly the verb. Bare mentions with no cue are
 * skipped. Writes up to max and returns how many there are in all. */
size_t td_text_months(const td_text_words *w, td_text_month *out, size_t max);

#endif
