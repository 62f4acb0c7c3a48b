/*
 * dedup.h -- copies: exact and near-duplicate articles.
 *
 * Wire copy is printed by many outlets with its own clutter, a trimmed
 * paragraph or a changed headline. An article is a copy of an earlier one
 * when their bodies share most of their 5-word shingles (Jaccard
 * similarity of the shingle sets). Each article gets a MinHash sketch of
 * its shingles, computed in one pass with one hash per shingle
 * (one-permutation hashing: the hash picks one of 128 bins and the bin
 * keeps its smallest value; empty bins borrow from the next full one).
 * The share of equal bins between two sketches estimates their Jaccard
 * similarity. Candidates are found through LSH: the sketch is cut into
 * bands of 4 bins, and two articles that agree on any whole band are
 * compared. With 20 bands a pair at Jaccard 0.8 is a candidate with
 * probability 1 - (1 - 0.8^4)^20 > 0.99997, and at 0.85 > 0.9999996.
 *
 * Exact copies (the same words in the same order, whatever the spacing,
 * case or punctuation) are found first through a hash of the word
 * sequence.
 *
 * Memory per article: a sketch of 128 16-bit values (256 bytes), a
 * fingerprint of it (the low 4 bits of each value, 64 bytes: a candidate
 * is first compared on these), its original's id, 20 band entries
 * in a hash table (8 bytes each, the table 3/8 to 3/4 full) and an
 * exact-hash entry (16 bytes, the table 1/4 to 1/2 full): about 650
 * bytes. The index keeps the last max_articles articles: it works in two
 * generations, and when the current one is full the older one is
 * dropped, so a copy is found if its original is among the last
 * max_articles to max_articles * 2 articles. A generation can be bounded
 * by time as well (gen_days).
 *
 * Time per article: linear in its words, plus a constant number of bucket
 * probes; no scan over earlier articles.
 */
#ifndef TD_DEDUP_H
#define TD_DEDUP_H

#include <stddef.h>
#include <stdint.h>

#include "text/text.h"

enum { TD_DEDUP_BINS = 128, TD_DEDUP_BAND = 4, TD_DEDUP_BANDS = 20 };

/* Status codes. */
enum { TD_DEDUP_OK = 0, TD_DEDUP_NOMEM = -1, TD_DEDUP_EUSAGE = -2, TD_DEDUP_ESTATE = -3 };

typedef struct td_dedup_config {
    unsigned shingle;      /* words per shingle: 5 */
    double threshold;      /* estimated Jaccard from which an article is a copy: 0.65 */
    unsigned min_words;    /* near-duplicates need this many words (exact copies
                              do not): 8 */
    size_t max_articles;   /* articles per generation: 1,000,000 */
    double gen_days;       /* days per generation as well, for dated articles
                              (td_dedup_add_words_at): 0, no bound by time */
    size_t max_words;      /* words read from one text: 50,000 */
} td_dedup_config;

void td_dedup_config_default(td_dedup_config *c);

typedef struct td_dedup_index td_dedup_index;

/* cfg NULL means the defaults. Returns TD_DEDUP_OK, TD_DEDUP_NOMEM or
 * TD_DEDUP_EUSAGE (a shingle of 0 or more than 16 words, a threshold out
 * of (0, 1]). */
int td_dedup_index_new(const td_dedup_config *cfg, td_dedup_index **out);
void td_dedup_index_free(td_dedup_index *ix);

/* The outcome for one article. */
typedef struct td_dedup_match {
    int64_t dup_of;      /* the earliest article it copies, 0 when none */
    double similarity;   /* estimated Jaccard with the article it matched
                            (1 for an exact copy), 0 when none */
    int exact;           /* the same words in the same order */
} td_dedup_match;

/* Adds an article's text (clean body). Returns 1 when it is a copy of an
 * earlier article, 0 when it is not, or a negative status. A copy points to
 * the original of the article it matched, so copies of copies all point to
 * the first one. Ids should be unique; they are not checked.
 * dup_of and similarity may be NULL. */
int td_dedup_add(td_dedup_index *ix, int64_t id, const char *text, size_t len,
                 int64_t *dup_of, double *similarity);

/* The same for text already split into words (lets the caller share one
 * tokenisation with the story stage). m may be NULL. */
int td_dedup_add_words(td_dedup_index *ix, int64_t id, const td_text_words *w,
                       td_dedup_match *m);
/* The same with the article's time (seconds since 1970, 0 when unknown):
 * with cfg.gen_days set, a generation also ends once an article comes
 * gen_days after its first dated one, so that a copy is found if its
 * original came at most gen_days to 2 * gen_days earlier (and is among the
 * last max_articles). Syndicated copies follow their original within days,
 * and an index of days stays small enough to be served from the caches,
 * so the cost of an article stays flat however long the stream runs. */
int td_dedup_add_words_at(td_dedup_index *ix, int64_t id, int64_t published,
                          const td_text_words *w, td_dedup_match *m);

/* The sketch of a text, for tests and for callers that keep sketches
 * elsewhere. Returns the number of shingles. */
size_t td_dedup_sketch(const td_dedup_index *ix, const td_text_words *w,
                       uint16_t sketch[TD_DEDUP_BINS]);
/* Estimated Jaccard similarity of two sketches. */
double td_dedup_similarity(const uint16_t *a, const uint16_t *b);

typedef struct td_dedup_stats {
    uint64_t articles;     /* added */
    uint64_t exact;        /* exact copies found */
    uint64_t near;         /* near-duplicates found */
    uint64_t candidates;   /* sketches compared */
    size_t indexed;        /* articles in the index now */
    size_t bytes;          /* memory held by the index */
} td_dedup_stats;

void td_dedup_get_stats(const td_dedup_index *ix, td_dedup_stats *st);

/* ---- Saved state --------------------------------------------------------------- */

/* Streams for saving and loading: write takes n bytes; read fills exactly
 * n bytes. Each returns 0 on success, non-zero to stop. */
typedef int (*td_dedup_write_fn)(void *ctx, const void *p, size_t n);
typedef int (*td_dedup_read_fn)(void *ctx, void *p, size_t n);

/* Writes the index's whole state: an index loaded from it with the same
 * configuration finds exactly the copies this one would. A failed write
 * gives TD_DEDUP_EUSAGE. */
int td_dedup_save(const td_dedup_index *ix, td_dedup_write_fn write, void *ctx);

/* A new index from a saved state. cfg (NULL: the defaults) must be the
 * configuration it was saved with; another one, another format, or a
 * truncated or damaged state gives TD_DEDUP_ESTATE and no index. */
int td_dedup_load(const td_dedup_config *cfg, td_dedup_read_fn read, void *ctx,
                  td_dedup_index **out);

#endif
