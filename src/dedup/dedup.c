/*
 * dedup.c -- MinHash sketches with LSH bands, in two generations.
 */
#include "dedup.h"

#include <stdlib.h>
#include <string.h>

/* An entry of the exact-hash table: key and slot side by side, so that a
 * lookup reads one cache line. */
typedef struct exact_ent {
    uint64_t key;           /* hash of the word sequence; 0 is empty */
    uint64_t slot;
} exact_ent;

/* Bytes of a sketch's fingerprint: the low 4 bits of every bin, two bins a
 * byte, one cache line. */
enum { FP_BYTES = TD_DEDUP_BINS / 2 };

/* One generation of the index: the articles it holds, their sketches, the
 * band table and the table of exact hashes. Slots are numbered from 0 in
 * the order articles came in. */
typedef struct gen {
    size_t n, cap;          /* articles held, room for */
    int64_t *root;          /* the original each slot copies (its own id if none) */
    uint16_t *sketch;       /* TD_DEDUP_BINS per slot */
    uint8_t *fp;            /* FP_BYTES per slot, aligned to a cache line */
    uint64_t *band;         /* (key << 32) | (slot + 1); 0 is empty */
    size_t band_cap, band_used;
    exact_ent *exact;
    size_t exact_cap, exact_used;
} gen;

struct td_dedup_index {
    td_dedup_config cfg;
    gen g[2];               /* g[cur] takes new articles; the other is older */
    int cur;
    int64_t gen_start;      /* time of the first dated article of g[cur], 0 none */
    unsigned need;          /* equal bins that reach cfg.threshold */
    td_text_words words;    /* scratch for td_dedup_add */
    td_dedup_stats st;
};

void td_dedup_config_default(td_dedup_config *c)
{
    c->shingle = 5;
    c->threshold = 0.65;
    c->min_words = 8;
    c->max_articles = 1000000;
    c->gen_days = 0;
    c->max_words = 50000;
}

static void gen_free(gen *g)
{
    free(g->root);
    free(g->sketch);
    free(g->fp);
    free(g->band);
    free(g->exact);
    memset(g, 0, sizeof *g);
}

int td_dedup_index_new(const td_dedup_config *cfg, td_dedup_index **out)
{
    *out = NULL;
    td_dedup_config c;
    if (cfg) c = *cfg; else td_dedup_config_default(&c);
    if (c.shingle == 0 || c.shingle > 16 || !(c.threshold > 0 && c.threshold <= 1) ||
        !(c.gen_days >= 0))
        return TD_DEDUP_EUSAGE;
    if (c.max_articles == 0) c.max_articles = 1000000;
    if (c.max_articles > UINT32_MAX / 2) c.max_articles = UINT32_MAX / 2;
    td_dedup_index *ix = calloc(1, sizeof *ix);
    if (!ix) return TD_DEDUP_NOMEM;
    ix->cfg = c;
    /* the same test as the one on a candidate's similarity */
    while ((double)ix->need / TD_DEDUP_BINS < c.threshold) ix->need++;
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

/* The sketch of w and, in the same pass, the hash that finds exact copies.
 * The exact hash folds the shingle hashes the sketch computes anyway, in
 * order, as a polynomial (E * C + x, C odd, so each step is a bijection
 * of E and a change in any one shingle changes E), then mixes in the
 * number of words: two texts agree on it when they have the same words in
 * the same order. It costs two instructions a shingle where a separate
 * pass over the words cost about twelve a word. */
static size_t sketch_words(size_t k, const td_text_words *w, uint16_t sk[TD_DEDUP_BINS],
                           uint64_t *exact)
{
    size_t n = w->n;
    uint32_t best[TD_DEDUP_BINS];
    for (int b = 0; b < TD_DEDUP_BINS; b++) best[b] = UINT32_MAX;
    if (n == 0) {
        memset(sk, 0, TD_DEDUP_BINS * sizeof *sk);
        *exact = 1;
        return 0;
    }
    size_t width = n < k ? n : k;
    /* A shingle's hash is a polynomial in its word hashes, sum of
     * h[i+j] * P^(width-1-j) (mod 2^64, P odd), so the next one comes from
     * this one with two multiplications rather than one per word; the
     * coefficients differ by position, so word order counts. */
    const uint64_t P = 0x9E3779B97F4A7C15ULL;
    const uint64_t C = 0xD6E8FEB86659FD93ULL;
    uint64_t top = 1;                       /* P^(width-1) */
    for (size_t j = 1; j < width; j++) top *= P;
    uint64_t h = 0;
    for (size_t j = 0; j < width; j++) h = h * P + w->tok[j].hash;
    uint64_t e = 0x243F6A8885A308D3ULL;
    const td_text_tok *t = w->tok;
    size_t last = n - width;                /* index of the last shingle */
    for (size_t i = 0;; i++) {
        uint64_t x = td_text_mix64(h);
        unsigned b = (unsigned)(x >> 57);          /* top 7 bits: the bin */
        uint32_t v = (uint32_t)(x & 0xFFFF);       /* low 16 bits: the value */
        /* a minimum without a branch: early in a text most shingles
         * lower their bin, later few, which a predictor follows badly */
        best[b] = v < best[b] ? v : best[b];
        e = e * C + x;
        if (i == last) break;
        h = (h - t[i].hash * top) * P + t[i + width].hash;
    }
    uint64_t eh = td_text_mix64(e + (uint64_t)n * P);
    *exact = eh ? eh : 1;
    /* Densify: an empty bin takes the value of the next full bin to its
     * right (wrapping around), shifted by the distance, so that two sets
     * that leave the same bins empty still agree there. One pass from
     * right to left carries the nearest full bin, starting from the last
     * full one (there is one: a text of one word or more has a shingle). */
    int f = TD_DEDUP_BINS - 1;
    while (best[f] == UINT32_MAX) f--;
    int next = f;
    sk[f] = (uint16_t)best[f];
    for (int b = f - 1; b >= 0; b--) {
        if (best[b] != UINT32_MAX) {
            sk[b] = (uint16_t)best[b];
            next = b;
        } else {
            sk[b] = (uint16_t)(best[next] + (uint32_t)(next - b) * 0x9E37u);
        }
    }
    for (int b = TD_DEDUP_BINS - 1; b > f; b--)
        sk[b] = (uint16_t)(best[next] + (uint32_t)(next + TD_DEDUP_BINS - b) * 0x9E37u);
    return last + 1;
}

size_t td_dedup_sketch(const td_dedup_index *ix, const td_text_words *w,
                       uint16_t sk[TD_DEDUP_BINS])
{
    uint64_t exact;
    return sketch_words(ix->cfg.shingle, w, sk, &exact);
}

double td_dedup_similarity(const uint16_t *a, const uint16_t *b)
{
    unsigned eq = 0;
    for (int i = 0; i < TD_DEDUP_BINS; i++) eq += a[i] == b[i];
    return (double)eq / TD_DEDUP_BINS;
}

/* A band's key: its four bins are 8 bytes, taken as one word and mixed
 * with the band's number (a call into a general hash cost four times as
 * much). The mix is a bijection, so two bands differ in their keys unless
 * the top 32 bits collide. */
static inline uint32_t band_key(const uint16_t *sk, int band)
{
    uint64_t v;
    memcpy(&v, sk + band * TD_DEDUP_BAND, sizeof v);
    return (uint32_t)(td_text_mix64(v ^ ((uint64_t)band + 1) * 0x9E3779B97F4A7C15ULL) >> 32);
}

/* Grows the per-slot arrays of g to hold one more article. */
static int gen_reserve(gen *g)
{
    if (g->n < g->cap) return TD_DEDUP_OK;
    size_t cap = g->cap ? g->cap * 2 : 1024;
    int64_t *root = realloc(g->root, cap * sizeof *root);
    if (!root) return TD_DEDUP_NOMEM;
    g->root = root;
    uint16_t *sk = realloc(g->sketch, cap * TD_DEDUP_BINS * sizeof *sk);
    if (!sk) return TD_DEDUP_NOMEM;
    g->sketch = sk;
    void *fp;
    if (posix_memalign(&fp, 64, cap * FP_BYTES) != 0) return TD_DEDUP_NOMEM;
    if (g->n) memcpy(fp, g->fp, g->n * FP_BYTES);
    free(g->fp);
    g->fp = fp;
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
    exact_ent *t = calloc(cap, sizeof *t);
    if (!t) return TD_DEDUP_NOMEM;
    for (size_t i = 0; i < g->exact_cap; i++) {
        if (!g->exact[i].key) continue;
        size_t k = g->exact[i].key & (cap - 1);
        while (t[k].key) k = (k + 1) & (cap - 1);
        t[k] = g->exact[i];
    }
    free(g->exact);
    g->exact = t;
    g->exact_cap = cap;
    return TD_DEDUP_OK;
}

static int exact_find(const gen *g, uint64_t h, uint32_t *slot)
{
    if (!g->exact_cap) return 0;
    size_t mask = g->exact_cap - 1;
    for (size_t k = h & mask; g->exact[k].key; k = (k + 1) & mask)
        if (g->exact[k].key == h) { *slot = (uint32_t)g->exact[k].slot; return 1; }
    return 0;
}

/* The fingerprint of a sketch: the low 4 bits of each bin. Two bins that
 * are equal have equal low bits, so the equal nibbles of two fingerprints
 * are at least the equal bins of their sketches: a candidate whose
 * fingerprint falls short of the threshold cannot reach it, and is
 * dropped after reading one cache line instead of four. Unrelated
 * sketches agree on about 1/16 of their nibbles beyond their equal bins,
 * so few get through. */
static void fp_make(const uint16_t *sk, uint8_t *fp)
{
    for (int j = 0; j < FP_BYTES; j++)
        fp[j] = (uint8_t)((sk[2 * j] & 0xF) | (sk[2 * j + 1] & 0xF) << 4);
}

static unsigned fp_equal(const uint8_t *a, const uint8_t *b)
{
    unsigned eq = 0;
    for (int j = 0; j < FP_BYTES; j++) {
        unsigned x = (unsigned)(a[j] ^ b[j]);
        eq += ((x & 0xF) == 0) + ((x >> 4) == 0);
    }
    return eq;
}

/* Starts a new generation when the current one is full, dropping the
 * older one: this is what bounds memory. */
static void maybe_roll(td_dedup_index *ix, int64_t published)
{
    gen *g = &ix->g[ix->cur];
    int full = g->n >= ix->cfg.max_articles;
    if (published && ix->cfg.gen_days > 0) {
        if (!ix->gen_start) ix->gen_start = published;
        else if ((double)(published - ix->gen_start) >= ix->cfg.gen_days * 86400) full = 1;
    }
    if (!full) return;
    ix->cur ^= 1;
    gen_free(&ix->g[ix->cur]);
    ix->gen_start = published && ix->cfg.gen_days > 0 ? published : 0;
}

/* Candidates compared per article, at most: bounds the time an article
 * can take when many earlier ones share its bands (boilerplate). */
enum { MAX_CANDIDATES = 64 };

int td_dedup_add_words(td_dedup_index *ix, int64_t id, const td_text_words *w,
                       td_dedup_match *m)
{
    return td_dedup_add_words_at(ix, id, 0, w, m);
}

int td_dedup_add_words_at(td_dedup_index *ix, int64_t id, int64_t published,
                          const td_text_words *w, td_dedup_match *m)
{
    td_dedup_match dummy;
    if (!m) m = &dummy;
    m->dup_of = 0;
    m->similarity = 0;
    m->exact = 0;
    ix->st.articles++;
    if (w->n == 0) return 0; /* nothing to compare */

    maybe_roll(ix, published);
    gen *cur = &ix->g[ix->cur];
    if (gen_reserve(cur) != TD_DEDUP_OK || exact_reserve(cur) != TD_DEDUP_OK)
        return TD_DEDUP_NOMEM;

    /* The sketch, the exact hash and the band keys come first, and the
     * home slots of the exact and band tables are asked for at once: the
     * tables are large and each key lands anywhere in them, so the misses
     * are served side by side rather than one after another. (An exact
     * copy is not indexed, so its sketch, written into the next free slot,
     * is simply overwritten later.) */
    size_t slot = cur->n;
    uint16_t *sk = cur->sketch + slot * TD_DEDUP_BINS;
    uint8_t *fp = cur->fp + slot * FP_BYTES;
    uint64_t eh;
    sketch_words(ix->cfg.shingle, w, sk, &eh);
    for (int gi = 0; gi < 2; gi++) {
        const gen *g = &ix->g[gi];
        if (g->exact_cap) __builtin_prefetch(&g->exact[eh & (g->exact_cap - 1)]);
    }
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
        fp_make(sk, fp);
    }

    /* Exact copies. */
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
         * the bands name them. They are gathered first and their
         * fingerprints asked for at once (each a cache line anywhere in a
         * large array); those whose fingerprints could reach the threshold
         * have their sketches (four lines) asked for in turn, and are
         * compared in that order. */
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
                    __builtin_prefetch(g->fp + (size_t)s * FP_BYTES);
                    if (nseen == MAX_CANDIDATES) break;
                }
            }
        }
        size_t npass = 0;
        for (size_t q = 0; q < nseen; q++) {
            const gen *g = &ix->g[seen[q] >> 32];
            uint32_t s = (uint32_t)seen[q];
            ix->st.candidates++;
            if (fp_equal(fp, g->fp + (size_t)s * FP_BYTES) < ix->need) continue;
            seen[npass++] = seen[q];
            const char *cs = (const char *)(g->sketch + (size_t)s * TD_DEDUP_BINS);
            for (size_t off = 0; off < TD_DEDUP_BINS * sizeof *sk; off += 64)
                __builtin_prefetch(cs + off);
            __builtin_prefetch(&g->root[s]);
        }
        for (size_t q = 0; q < npass; q++) {
            const gen *g = &ix->g[seen[q] >> 32];
            uint32_t s = (uint32_t)seen[q];
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
    cur->root[slot] = is_copy ? best_root : id;
    cur->n++;
    {
        size_t mask = cur->exact_cap - 1;
        size_t k = eh & mask;
        while (cur->exact[k].key) k = (k + 1) & mask;
        cur->exact[k].key = eh;
        cur->exact[k].slot = slot;
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
        bytes += g->cap * (sizeof(int64_t) + TD_DEDUP_BINS * sizeof(uint16_t) + FP_BYTES);
        bytes += g->band_cap * sizeof(uint64_t);
        bytes += g->exact_cap * sizeof(exact_ent);
    }
    bytes += ix->words.cap * sizeof(td_text_tok) + ix->words.low_cap;
    st->bytes = bytes;
}

/* ---- Saved state ------------------------------------------------------------------ */

/* The state is a dump of the arrays in the machine's own byte order, in
 * the order the index keeps them: it is a cache of what a full replay of
 * the stored articles rebuilds (core/cluster.c), saved so that the next
 * ingest places only its new articles, so it needs to be fast to write and
 * read, not portable. The magic holds the format's version and catches a
 * state written on a machine of the other byte order. The tables are
 * saved as they are, with their sizes: probe order and so the candidates
 * an article meets depend on them. */
static const uint64_t STATE_MAGIC = 0x3130505544445444ULL; /* "TDDDUP01" little-endian */

typedef struct state_head {
    uint64_t magic;
    uint32_t shingle, min_words;
    double threshold, gen_days;
    uint64_t max_articles, max_words;
    int64_t gen_start;
    uint32_t cur, pad;
    uint64_t articles, exact, near, candidates;
} state_head;

typedef struct gen_head {
    uint64_t n, band_cap, band_used, exact_cap, exact_used;
} gen_head;

static int same_config(const td_dedup_config *a, const state_head *h)
{
    return a->shingle == h->shingle && a->min_words == h->min_words &&
           a->threshold == h->threshold && a->gen_days == h->gen_days &&
           a->max_articles == h->max_articles && a->max_words == h->max_words;
}

int td_dedup_save(const td_dedup_index *ix, td_dedup_write_fn write, void *ctx)
{
    state_head h;
    memset(&h, 0, sizeof h);
    h.magic = STATE_MAGIC;
    h.shingle = ix->cfg.shingle;
    h.min_words = ix->cfg.min_words;
    h.threshold = ix->cfg.threshold;
    h.gen_days = ix->cfg.gen_days;
    h.max_articles = ix->cfg.max_articles;
    h.max_words = ix->cfg.max_words;
    h.gen_start = ix->gen_start;
    h.cur = (uint32_t)ix->cur;
    h.articles = ix->st.articles;
    h.exact = ix->st.exact;
    h.near = ix->st.near;
    h.candidates = ix->st.candidates;
    if (write(ctx, &h, sizeof h)) return TD_DEDUP_EUSAGE;
    for (int i = 0; i < 2; i++) {
        const gen *g = &ix->g[i];
        gen_head gh = {g->n, g->band_cap, g->band_used, g->exact_cap, g->exact_used};
        if (write(ctx, &gh, sizeof gh) ||
            (g->n && (write(ctx, g->root, g->n * sizeof *g->root) ||
                      write(ctx, g->sketch, g->n * TD_DEDUP_BINS * sizeof *g->sketch))) ||
            (g->band_cap && write(ctx, g->band, g->band_cap * sizeof *g->band)) ||
            (g->exact_cap && write(ctx, g->exact, g->exact_cap * sizeof *g->exact)))
            return TD_DEDUP_EUSAGE;
    }
    return TD_DEDUP_OK;
}

/* One generation, checked as it is read: every count within what the
 * configuration allows, every table entry naming a slot that exists, and
 * the tables with a free slot (a full one would never end a probe). */
static int gen_load(gen *g, const td_dedup_config *c, td_dedup_read_fn read, void *ctx)
{
    gen_head gh;
    if (read(ctx, &gh, sizeof gh)) return TD_DEDUP_ESTATE;
    if (gh.n > c->max_articles || gh.band_used > gh.n * TD_DEDUP_BANDS ||
        (gh.band_cap && gh.band_used >= gh.band_cap) ||
        gh.band_cap > 4 * (gh.n * TD_DEDUP_BANDS + 4096) || gh.exact_used > gh.n ||
        (gh.exact_cap & (gh.exact_cap - 1)) || gh.exact_cap > 4 * (gh.n + 1024) ||
        gh.exact_used * 2 > gh.exact_cap || (gh.n && !gh.exact_cap))
        return TD_DEDUP_ESTATE;
    if (!gh.n && !gh.band_cap && !gh.exact_cap) return TD_DEDUP_OK;
    /* room as the generation grows it (a power of two from 1024) */
    size_t cap = 1024;
    while (cap < gh.n) cap *= 2;
    g->root = malloc(cap * sizeof *g->root);
    g->sketch = malloc(cap * TD_DEDUP_BINS * sizeof *g->sketch);
    void *fp = NULL;
    if (posix_memalign(&fp, 64, cap * FP_BYTES) != 0) fp = NULL;
    g->fp = fp;
    g->band = gh.band_cap ? malloc(gh.band_cap * sizeof *g->band) : NULL;
    g->exact = gh.exact_cap ? malloc(gh.exact_cap * sizeof *g->exact) : NULL;
    if (!g->root || !g->sketch || !g->fp || (gh.band_cap && !g->band) ||
        (gh.exact_cap && !g->exact))
        return TD_DEDUP_NOMEM;
    g->cap = cap;
    g->n = gh.n;
    g->band_cap = gh.band_cap;
    g->band_used = gh.band_used;
    g->exact_cap = gh.exact_cap;
    g->exact_used = gh.exact_used;
    if ((g->n && (read(ctx, g->root, g->n * sizeof *g->root) ||
                  read(ctx, g->sketch, g->n * TD_DEDUP_BINS * sizeof *g->sketch))) ||
        (g->band_cap && read(ctx, g->band, g->band_cap * sizeof *g->band)) ||
        (g->exact_cap && read(ctx, g->exact, g->exact_cap * sizeof *g->exact)))
        return TD_DEDUP_ESTATE;
    size_t used = 0;
    for (size_t i = 0; i < g->band_cap; i++) {
        if (!g->band[i]) continue;
        used++;
        uint32_t s = (uint32_t)(g->band[i] & 0xFFFFFFFFu);
        if (s == 0 || s > g->n) return TD_DEDUP_ESTATE;
    }
    if (used != g->band_used) return TD_DEDUP_ESTATE;
    used = 0;
    for (size_t i = 0; i < g->exact_cap; i++) {
        if (!g->exact[i].key) continue;
        used++;
        if (g->exact[i].slot >= g->n) return TD_DEDUP_ESTATE;
    }
    if (used != g->exact_used) return TD_DEDUP_ESTATE;
    /* the fingerprints follow from the sketches */
    for (size_t s = 0; s < g->n; s++)
        fp_make(g->sketch + s * TD_DEDUP_BINS, g->fp + s * FP_BYTES);
    return TD_DEDUP_OK;
}

int td_dedup_load(const td_dedup_config *cfg, td_dedup_read_fn read, void *ctx,
                  td_dedup_index **out)
{
    *out = NULL;
    td_dedup_index *ix;
    int rc = td_dedup_index_new(cfg, &ix);
    if (rc != TD_DEDUP_OK) return rc;
    state_head h;
    if (read(ctx, &h, sizeof h) || h.magic != STATE_MAGIC || !same_config(&ix->cfg, &h) ||
        h.cur > 1) {
        td_dedup_index_free(ix);
        return TD_DEDUP_ESTATE;
    }
    ix->gen_start = h.gen_start;
    ix->cur = (int)h.cur;
    ix->st.articles = h.articles;
    ix->st.exact = h.exact;
    ix->st.near = h.near;
    ix->st.candidates = h.candidates;
    for (int i = 0; i < 2 && rc == TD_DEDUP_OK; i++) rc = gen_load(&ix->g[i], &ix->cfg, read, ctx);
    if (rc != TD_DEDUP_OK) {
        td_dedup_index_free(ix);
        return rc;
    }
    *out = ix;
    return TD_DEDUP_OK;
}
