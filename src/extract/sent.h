/*
 * sent.h -- sentences and words of an article body, with ICU.
 *
 * The actor stages (mentions, titles, attribution) work on tokens and
 * sentences given as byte spans into the UTF-8 body. Segmentation follows
 * ICU's Unicode rules (UAX #29): sentences with the "en@ss=standard"
 * locale, whose suppression list keeps "U.S.", "Gen." or "Mr." from ending
 * a sentence; words with the English word rules, which keep "Iran's",
 * "6.1" and "U.S" whole.
 *
 * On top of ICU one thing is added: a period right after a word is made
 * part of the word when it is an abbreviation's period -- the word already
 * holds a period ("U.S."), is one letter ("D."), or the period does not
 * end the sentence ("Gen.", "Brig.", "Oct."; closing quotes after the
 * period count as the end: "in Oman." stays "Oman" "."). Name and title
 * lexicons can then list "U.S." and "Brig. Gen." as they are written.
 * Where ICU's suppression list keeps a period from ending a sentence
 * ("Org.") but a capital follows, the sentence ends after all, unless the
 * word is a name suffix ("Inc.", "Jr.") and no pronoun or article
 * follows.
 *
 * Words of ASCII text come from a fast path that gives exactly ICU's
 * words (see sent.c); ICU's word iterator takes over wherever a non-ASCII
 * character could change them.
 *
 * Opening ICU break iterators costs far more than running them, so a
 * td_sent is made once per thread and reused for every text; it is not
 * thread-safe. Results live in the caller's arena.
 */
#ifndef TD_EXTRACT_SENT_H
#define TD_EXTRACT_SENT_H

#include <stddef.h>
#include <stdint.h>

#include "extract/entity.h"
#include "util/arena.h"

typedef struct td_sent td_sent;

/* Token flags. */
enum {
    TD_TOK_WORD = 1 << 0,   /* letters (possibly with digits, marks) */
    TD_TOK_NUM = 1 << 1,    /* a number ("6.1", "1,000", "2024") */
    TD_TOK_PUNCT = 1 << 2,  /* anything else: punctuation, symbols */
    TD_TOK_CAP = 1 << 3,    /* a word that starts with a capital */
    TD_TOK_UPPER = 1 << 4,  /* a word of 2+ letters, all capitals ("NATO") */
    TD_TOK_LOWER = 1 << 5,  /* a word that starts with a lower-case letter */
    TD_TOK_FIRST = 1 << 6,  /* the first token of its sentence */
    TD_TOK_SPACE = 1 << 7,  /* white space comes right before it */
    TD_TOK_ABBR = 1 << 8    /* ends with an abbreviation period */
};

typedef struct td_sent_doc {
    td_span *sent;       /* sentences, trimmed of white space */
    uint32_t nsent;
    td_span *tok;        /* tokens; white space is never a token */
    uint16_t *flags;     /* TD_TOK_* per token */
    uint32_t *tsent;     /* sentence of each token */
    uint32_t *sfirst;    /* first token of each sentence; sfirst[nsent] = ntok */
    uint32_t ntok;
    int truncated;       /* the token or sentence cap was reached */
} td_sent_doc;

/* Caps that bound work on hostile input: the text past them is ignored. */
#define TD_SENT_MAX_TOKENS 200000u
#define TD_SENT_MAX_BYTES (16u << 20)

/* Return codes. */
enum { TD_SENT_OK = 0, TD_SENT_EICU = 1, TD_SENT_ENOMEM = 2 };

/* Opens the break iterators. NULL on failure, with a message in err. */
td_sent *td_sent_new(char *err, size_t errlen);
void td_sent_free(td_sent *s);

/* Words from ICU alone, even for ASCII text (on = 1), or through the ASCII
 * fast path that gives the same words (on = 0, the default): for tests
 * that compare the two. */
void td_sent_icu_words(td_sent *s, int on);

/* Segments text[0..len) (UTF-8; invalid bytes are kept inside tokens or
 * made tokens of their own). Arrays come from arena. */
int td_sent_run(td_sent *s, const char *text, size_t len, td_arena *arena, td_sent_doc *out);

#endif
