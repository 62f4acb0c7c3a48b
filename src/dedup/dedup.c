/*
 * dedup.c -- MinHash sketches with LSH bands, in two generations.
 */
#include "dedup.h"

#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

/* One generation of the index: the articles it holds, their sketches, the
 * band table and the table of exact hashes. Slots are numbered from 0 in
 * the order articles came in. */
typedef struct gen {
    size_t n, cap;          /* articles held, room for */
    int64_t *id;            /* article id per slot */
    int64_t *root;          /* the original each slot copies (its own id if none) */
    uint16_t *sketch;       /* TD_DEDUP_BINS per slot */
    uint64_t *band;         /* (key << 32) | (slot + 1); 0 is empty */
    size_t band_cap, band_used;
    uint64_t *exact_key;    /* hash of the word sequence; 0 is empty */
    uint32_t *exact_slot;
    size_t exact_cap, exact_used;
} gen;

struct td_dedup_index {
    td_dedup_config cfg;
    gen g[2];               /* g[cur] takes new articles; the other is older */
    int cur;
    td_text_words words;    /* scratch for td_dedup_add */
    td_dedup_stats st;
};

void td_dedup_config_default(td_dedup_config *c)
{
    c->shingle = 5;
    c->threshold = 0.65;
    c->min_words = 8;
    c->max_articles = 1000000;
    c->max_words = 50000;
}

static void gen_free(gen *g)
{
    free(g->id);
    free(g->root);
    free(g->sketch);
    free(g->band);
    free(g->exact_key);
    free(g->exact_slot);
    memset(g, 0, sizeof *g);
}

int td_dedup_index_new(const td_dedup_config *cfg, td_dedup_index **out)
{
    *out = NULL;
    td_dedup_config c;
    if (cfg) c = *cfg; else td_dedup_config_default(&c);
    if (c.shingle == 0 || c.shingle > 16 || !(c.threshold > 0 && c.threshold <= 1))
        return TD_DEDUP_EUSAGE;
    if (c.max_articles == 0) c.max_articles = 1000000;
    if (c.max_articles > UINT32_MAX / 2) c.max_articles = UINT32_MAX / 2;
    td_dedup_index *ix = calloc(1, sizeof *ix);
    if (!ix) return TD_DEDUP_NOMEM;
    ix->cfg = c;
    td_text_words_init(&ix->words, c.max_words);
    *out = ix;
    return TD_DEDUP_OK;
}

void td_dedup_index_free(td_dedup_index *ix)
{
    if (!ix) return;
    gen_free(&ix->g[0]);
    gen_free(&ix->g[1]);
    td_text_words_free(&ix->words);
    free(ix);
}

size_t td_dedup_sketch(const td_dedup_index *ix, const td_text_words *w,
                       uint16_t sk[TD_DEDUP_BINS])
{
    size_t k = ix->cfg.shingle;
    size_t n = w->n;
    uint32_t best[TD_DEDUP_BINS];
    for (int b = 0; b < TD_DEDUP_BINS; b++) best[b] = UINT32_MAX;
    size_t shingles = 0;
    if (n == 0) {
        memset(sk, 0, TD_DEDUP_BINS * sizeof *sk);
        return 0;
    }
    size_t width = n < k ? n : k;
    /* A shingle's hash is a polynomial in its word hashes, sum of
     * h[i+j] * P^(width-1-j) (mod 2^64, P odd), so the next one comes from
     * this one with two multiplications rather than one per word; the
     * coefficients differ by position, so word order counts. */
    const uint64_t P = 0x9E3779B97F4A7C15ULL;
    uint64_t top = 1;                       /* P^(width-1) */
    for (size_t j = 1; j < width; j++) top *= P;
    uint64_t h = 0;
    for (size_t j = 0; j < width; j++) h = h * P + w->tok[j].hash;
    for (size_t i = 0;; i++) {
        uint64_t x = td_text_mix64(h);
        unsigned b = (unsigned)(x >> 57);          /* top 7 bits: the bin */
        uint32_t v = (uint32_t)(x & 0xFFFF);       /* low 16 bits: the value */
        /* a minimum without a branch: early in a text most shingles
         * lower their bin, later few, which a predictor follows badly */
        best[b] = v < best[b] ? v : best[b];
        shingles++;
        if (i + width >= n) break;
        h = (h - w->tok[i].hash * top) * P + w->tok[i + width].hash;
    }
    /* Densify: an empty bin takes the value of the next full bin to its
     * right, shifted by the distance, so that two sets that leave the same
     * bins empty still agree there. */
    int any = 0;
    for (int b = 0; b < TD_DEDUP_BINS; b++)
        if (best[b] != UINT32_MAX) { any = 1; break; }
    for (int b = 0; b < TD_DEDUP_BINS; b++) {
        if (best[b] != UINT32_MAX || !any) {
            sk[b] = (uint16_t)best[b];
            continue;
        }
        int d = 1;
        while (best[(b + d) % TD_DEDUP_BINS] == UINT32_MAX) d++;
        sk[b] = (uint16_t)(best[(b + d) % TD_DEDUP_BINS] + (uint32_t)d * 0x9E37u);
    }
    return shingles;
}

double td_dedup_similarity(const uint16_t *a, const uint16_t *b)
{
    unsigned eq = 0;
    for (int i = 0; i < TD_DEDUP_BINS; i++) eq += a[i] == b[i];
    return (double)eq / TD_DEDUP_BINS;
}

static uint32_t band_key(const uint16_t *sk, int band)
{
    return (uint32_t)(XXH3_64bits_withSeed(sk + band * TD_DEDUP_BAND,
                                           TD_DEDUP_BAND * sizeof *sk,
                                           (uint64_t)band + 1) >> 32);
}

/* Grows the per-slot arrays of g to hold one more article. */
static int gen_reserve(gen *g)
{
    if (g->n < g->cap) return TD_DEDUP_OK;
    size_t cap = g->cap ? g->cap * 2 : 1024;
    int64_t *id = realloc(g->id, cap * sizeof *id);
    if (!id) return TD_DEDUP_NOMEM;
    g->id = id;
    int64_t *root = realloc(g->root, cap * sizeof *root);
    if (!root) return TD_DEDUP_NOMEM;
    g->root = root;
    uint16_t *sk = realloc(g->sketch, cap * TD_DEDUP_BINS * sizeof *sk);
    if (!sk) return TD_DEDUP_NOMEM;
    g->sketch = sk;
    g->cap = cap;
    return TD_DEDUP_OK;
}

/* Where a band key starts probing: the key scaled to the table size, so
 * the size need not be a power of two (which would waste up to half the
 * table). */
static inline size_t band_home(uint32_t key, size_t cap)
{
    return (size_t)(((uint64_t)key * cap) >> 32);
}

static void band_put_raw(uint64_t *tab, size_t cap, uint64_t e)
{
    size_t k = band_home((uint32_t)(e >> 32), cap);
    while (tab[k]) if (++k == cap) k = 0;
    tab[k] = e;
}

/* Keeps the band table at most three quarters full (linear probing stays
 * short up to there). */
static int band_reserve(gen *g, size_t more)
{
    if ((g->band_used + more) * 4 <= g->band_cap * 3) return TD_DEDUP_OK;
    size_t cap = g->band_cap ? g->band_cap : 4096;
    while ((g->band_used + more) * 4 > cap * 3) cap *= 2;
    uint64_t *t = calloc(cap, sizeof *t);
    if (!t) return TD_DEDUP_NOMEM;
    for (size_t i = 0; i < g->band_cap; i++)
        if (g->band[i]) band_put_raw(t, cap, g->band[i]);
    free(g->band);
    g->band = t;
    g->band_cap = cap;
    return TD_DEDUP_OK;
}

static int exact_reserve(gen *g)
{
    if ((g->exact_used + 1) * 2 <= g->exact_cap) return TD_DEDUP_OK;
    size_t cap = g->exact_cap ? g->exact_cap * 2 : 1024;
    uint64_t *key = calloc(cap, sizeof *key);
    uint32_t *slot = malloc(cap * sizeof *slot);
    if (!key || !slot) {
        free(key);
        free(slot);
        return TD_DEDUP_NOMEM;
    }
    for (size_t i = 0; i < g->exact_cap; i++) {
        if (!g->exact_key[i]) continue;
        size_t k = g->exact_key[i] & (cap - 1);
        while (key[k]) k = (k + 1) & (cap - 1);
        key[k] = g->exact_key[i];
        slot[k] = g->exact_slot[i];
    }
    free(g->exact_key);
    free(g->exact_slot);
    g->exact_key = key;
    g->exact_slot = slot;
    g->exact_cap = cap;
    return TD_DEDUP_OK;
}

static int exact_find(const gen *g, uint64_t h, uint32_t *slot)
{
    if (!g->exact_cap) return 0;
    size_t mask = g->exact_cap - 1;
    for (size_t k = h & mask; g->exact_key[k]; k = (k + 1) & mask)
        if (g->exact_key[k] == h) { *slot = g->exact_slot[k]; return 1; }
    return 0;
}

/* Starts a new generation when the current one is full, dropping the
 * older one: this is what bounds memory. */
static void maybe_roll(td_dedup_index *ix)
{
    gen *g = &ix->g[ix->cur];
    if (g->n < ix->cfg.max_articles) return;
    ix->cur ^= 1;
    gen_free(&ix->g[ix->cur]);
}

/* Candidates compared per article, at most: bounds the time an article
 * can take when many earlier ones share its bands (boilerplate). */
enum { MAX_CANDIDATES = 64 };

int td_dedup_add_words(td_dedup_index *ix, int64_t id, const td_text_words *w,
                       td_dedup_match *m)
{
    td_dedup_match dummy;
    if (!m) m = &dummy;
    m->dup_of = 0;
    m->similarity = 0;
    m->exact = 0;
    ix->st.articles++;
    if (w->n == 0) return 0; /* nothing to compare */

    maybe_roll(ix);
    gen *cur = &ix->g[ix->cur];
    if (gen_reserve(cur) != TD_DEDUP_OK || exact_reserve(cur) != TD_DEDUP_OK)
        return TD_DEDUP_NOMEM;

    /* The sketch and its band keys come first, and the band tables' home
     * slots are asked for at once: they are large and each key lands
     * anywhere in them, and the exact hash below gives the misses time to
     * be served. (An exact copy is not indexed, so its sketch, written
     * into the next free slot, is simply overwritten later.) */
    size_t slot = cur->n;
    uint16_t *sk = cur->sketch + slot * TD_DEDUP_BINS;
    td_dedup_sketch(ix, w, sk);
    int near_ok = w->n >= ix->cfg.min_words;
    uint32_t keys[TD_DEDUP_BANDS];
    if (near_ok) {
        for (int b = 0; b < TD_DEDUP_BANDS; b++) keys[b] = band_key(sk, b);
        for (int gi = 0; gi < 2; gi++) {
            const gen *g = &ix->g[gi];
            if (!g->band_cap) continue;
            for (int b = 0; b < TD_DEDUP_BANDS; b++)
                __builtin_prefetch(&g->band[band_home(keys[b], g->band_cap)]);
        }
    }

    /* Exact copies: a hash of the sequence of word hashes, in four lanes
     * (words 0, 4, 8... in one, 1, 5, 9... in the next), so that four
     * chains of multiplications run side by side rather than one after
     * another; each step is a bijection of its lane mixed with the next
     * word and its position, and the lanes are folded together at the
     * end, so order and length count. */
    uint64_t lane[4] = { 0x243F6A8885A308D3ULL, 0x13198A2E03707344ULL,
                         0xA4093822299F31D0ULL, 0x082EFA98EC4E6C89ULL };
    size_t i = 0;
    for (; i + 4 <= w->n; i += 4) {
        lane[0] = td_text_mix64(lane[0] ^ w->tok[i].hash) + i;
        lane[1] = td_text_mix64(lane[1] ^ w->tok[i + 1].hash) + i + 1;
        lane[2] = td_text_mix64(lane[2] ^ w->tok[i + 2].hash) + i + 2;
        lane[3] = td_text_mix64(lane[3] ^ w->tok[i + 3].hash) + i + 3;
    }
    for (; i < w->n; i++) lane[i & 3] = td_text_mix64(lane[i & 3] ^ w->tok[i].hash) + i;
    uint64_t eh = td_text_mix64(lane[0] ^ w->n);
    eh = td_text_mix64(eh ^ lane[1]);
    eh = td_text_mix64(eh ^ lane[2]);
    eh = td_text_mix64(eh ^ lane[3]);
    if (eh == 0) eh = 1;
    for (int gi = 0; gi < 2; gi++) {
        const gen *g = &ix->g[gi == 0 ? ix->cur : ix->cur ^ 1];
        uint32_t eslot;
        if (exact_find(g, eh, &eslot)) {
            m->dup_of = g->root[eslot];
            m->similarity = 1;
            m->exact = 1;
            ix->st.exact++;
            return 1; /* not indexed: the original already stands for it */
        }
    }

    int64_t best_root = 0;
    double best_sim = 0;
    if (near_ok) {
        /* Candidates: (generation, slot) pairs, each once, in the order
         * the bands name them. They are gathered first and their sketches
         * asked for at once (each is four cache lines anywhere in a large
         * array), then compared in that order. */
        uint64_t seen[MAX_CANDIDATES];
        size_t nseen = 0;
        for (int gi = 0; gi < 2 && nseen < MAX_CANDIDATES; gi++) {
            int which = gi == 0 ? ix->cur : ix->cur ^ 1;
            const gen *g = &ix->g[which];
            if (!g->band_cap) continue;
            for (int b = 0; b < TD_DEDUP_BANDS && nseen < MAX_CANDIDATES; b++) {
                for (size_t k = band_home(keys[b], g->band_cap); g->band[k];
                     k = k + 1 == g->band_cap ? 0 : k + 1) {
                    uint64_t e = g->band[k];
                    if ((uint32_t)(e >> 32) != keys[b]) continue;
                    uint32_t s = (uint32_t)(e & 0xFFFFFFFFu) - 1;
                    if (g == cur && s == slot) continue;
                    uint64_t tag = ((uint64_t)which << 32) | s;
                    size_t q;
                    for (q = 0; q < nseen; q++)
                        if (seen[q] == tag) break;
                    if (q < nseen) continue;
                    seen[nseen++] = tag;
                    const char *cs = (const char *)(g->sketch + (size_t)s * TD_DEDUP_BINS);
                    for (size_t off = 0; off < TD_DEDUP_BINS * sizeof *sk; off += 64)
                        __builtin_prefetch(cs + off);
                    __builtin_prefetch(&g->root[s]);
                    if (nseen == MAX_CANDIDATES) break;
                }
            }
        }
        for (size_t q = 0; q < nseen; q++) {
            const gen *g = &ix->g[seen[q] >> 32];
            uint32_t s = (uint32_t)seen[q];
            ix->st.candidates++;
            double sim = td_dedup_similarity(sk, g->sketch + (size_t)s * TD_DEDUP_BINS);
            /* On a tie the earlier article wins: older generation slots
             * come later in this loop, so prefer them. */
            if (sim > best_sim || (sim == best_sim && sim > 0 && g->root[s] < best_root)) {
                best_sim = sim;
                best_root = g->root[s];
            }
        }
    }

    int is_copy = near_ok && best_sim >= ix->cfg.threshold;
    cur->id[slot] = id;
    cur->root[slot] = is_copy ? best_root : id;
    cur->n++;
    {
        size_t mask = cur->exact_cap - 1;
        size_t k = eh & mask;
        while (cur->exact_key[k]) k = (k + 1) & mask;
        cur->exact_key[k] = eh;
        cur->exact_slot[k] = (uint32_t)slot;
        cur->exact_used++;
    }
    if (near_ok) {
        if (band_reserve(cur, TD_DEDUP_BANDS) != TD_DEDUP_OK) return TD_DEDUP_NOMEM;
        for (int b = 0; b < TD_DEDUP_BANDS; b++)
            band_put_raw(cur->band, cur->band_cap, ((uint64_t)keys[b] << 32) | (slot + 1));
        cur->band_used += TD_DEDUP_BANDS;
    }
    if (is_copy) {
        m->dup_of = best_root;
        m->similarity = best_sim;
        ix->st.near++;
        return 1;
    }
    return 0;
}

int td_dedup_add(td_dedup_index *ix, int64_t id, const char *text, size_t len,
                 int64_t *dup_of, double *similarity)
{
    if (td_text_tokenize(&ix->words, text, len) != TD_TEXT_OK) return TD_DEDUP_NOMEM;
    td_dedup_match m;
    int rc = td_dedup_add_words(ix, id, &ix->words, &m);
    if (dup_of) *dup_of = m.dup_of;
    if (similarity) *similarity = m.similarity;
    return rc;
}

void td_dedup_get_stats(const td_dedup_index *ix, td_dedup_stats *st)
{
    *st = ix->st;
    st->indexed = ix->g[0].n + ix->g[1].n;
    size_t bytes = sizeof *ix;
    for (int i = 0; i < 2; i++) {
        const gen *g = &ix->g[i];
        bytes += g->cap * (2 * sizeof(int64_t) + TD_DEDUP_BINS * sizeof(uint16_t));
        bytes += g->band_cap * sizeof(uint64_t);
        bytes += g->exact_cap * (sizeof(uint64_t) + sizeof(uint32_t));
    }
    bytes += ix->words.cap * sizeof(td_text_tok) + ix->words.low_cap;
    st->bytes = bytes;
}
