/*
 * story.c -- online story assignment, story merges and threads.
 *
 * The layout of the index:
 *
 *   stories   an array of slots; a slot is free, active (its centroid is
 *             in the inverted index) or retired (summary only). Slots are
 *             reused; postings name a slot and the slot's generation, so a
 *             posting left behind by a retired story is recognised as stale.
 *   ids       story id -> slot
 *   postings  term -> the slots whose centroid holds the term, oldest
 *             first, capped; stale entries are dropped as they are met
 *   df        a fixed table of document frequencies, indexed by term hash
 *   lru       active stories, most recently touched first: retirement
 *             takes from the tail
 *   articles  article id -> story id, for copies (two generations)
 *   threads   a union-find over thread ids (threads merge when their
 *             stories do)
 *   merges    the merge log, and merged story id -> surviving story id
 */
#include "story.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "clean/clean.h"

/* The vector lookup of dot_centroid: x86 with GCC or Clang, which compile
 * an AVX2 function into a build for any x86 and let the CPU be asked at
 * run time. */
#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
#define VLOOK_AVX2 1
#include <immintrin.h>
#endif

#define NONE UINT32_MAX
enum { S_FREE = 0, S_ACTIVE = 1, S_RETIRED = 2 };

/* Salts that keep names and numbers apart from words with the same
 * letters. */
#define SALT_NAME 0x9E3779B9u
#define SALT_NUM 0x85EBCA6Bu

enum { FMAP_SLOTS = 4096, FMAP_MAX = 2048, MAX_POSTINGS = 2048, HEADLINE_MAX = 300 };

/* Slots of the article's term table (vkey): four per term at the most
 * terms an article may keep (max_terms <= 1024). */
enum { VPROBE_SLOTS = 4096, VTERMS_MAX = 1024 };

typedef struct story {
    int64_t id, thread;
    int64_t first, last;          /* published range, 0 unknown */
    uint64_t first_seq, last_seq;
    uint32_t articles, copies;
    uint32_t noutlets;
    uint16_t outlets[TD_STORY_MAX_OUTLETS];
    uint16_t at_mask, after_mask; /* lead months: "in M", "since M" */
    td_story_term *terms;         /* centroid, sorted by term; one block with
                                     tspec after it, kept between joins */
    uint8_t *tspec;               /* per term: 1 a name or a number */
    uint32_t nterms, tcap;
    uint32_t members;             /* article vectors summed in the centroid */
    float norm;
    float norm_spec;              /* norm of the names-and-numbers part */
    float head_sim;
    int64_t near;                 /* the story its first article came
                                     closest to (not close enough), or 0 */
    char *headline;
    uint32_t prev, next;          /* LRU links */
    uint8_t state, gen;
} story;

typedef struct plist {
    uint32_t n, cap;
    uint32_t e[];                 /* slot | gen << 24 */
} plist;

/* An open-addressing map from int64 keys to int64 values; key 0 is empty.
 * Used for story ids, merged ids, thread parents and article stories. */
typedef struct imap {
    int64_t *key, *val;
    size_t cap, used;
} imap;

/* Articles that held a term, and how many of them as a name or a number.
 * Side by side so that counting and reading touch one cache line. */
typedef struct dfcount {
    uint32_t df, cap;
} dfcount;

/* The term of a word, remembered by the word's hash: stemming and hashing
 * the stem is most of the per-word cost, and most words come back. */
typedef struct tcache_entry {
    uint64_t key;                 /* word hash, marked when all capitals */
    uint32_t term;                /* 0: not a term */
    uint32_t number;
} tcache_entry;

enum { TCACHE_SLOTS = 1 << 14 };

/* Per story slot, what a scan of the postings reads: the slot's tag
 * (gen << 24 | state, which a posting is checked against; ACC_TOUCHED
 * while the story has a partial score for the article being placed) and
 * that partial score. Side by side so that a posting costs one cache line,
 * and 8 bytes rather than the whole story: in a long stream the scan
 * reads hundreds of these at random, and the fewer lines they fill the
 * more of them stay in cache. */
typedef struct acc_entry {
    uint32_t tag;
    float score;
} acc_entry;

enum { ACC_TOUCHED = 1u << 8 };

/* A slot of the article's term map: one cache line holds four, so a
 * probe touches one line. */
typedef struct fslot {
    uint32_t key;
    float val;
    uint32_t group;
    uint32_t spec;    /* a name or a number here */
} fslot;

typedef struct feat {
    uint32_t term;
    float w;
    uint32_t group;   /* the name it belongs to (hash of the name's last
                         word), or 0: the term stands alone */
    uint32_t spec;    /* a name or a number (is_specific) */
} feat;

struct td_story_index {
    td_story_config cfg;
    td_text_stopset stop;
    td_text_words tw, bw;
    td_text_span *spans;
    size_t spans_cap;

    /* The terms of the article being placed. */
    fslot fmap[FMAP_SLOTS];
    uint16_t fused[FMAP_MAX];
    size_t nfused;
    uint64_t names[256];          /* hashes of words inside names ... */
    uint32_t name_head[256];      /* ... and the name each belongs to */
    feat *vec;                    /* the article vector, sorted by term */
    size_t nvec;
    float vec_spec;               /* norm of its names-and-numbers part */
    /* The article's terms by hash, for scoring centroids against it: a
     * centroid's terms are looked up here rather than walked in step with
     * the article's (most of a merge walk's steps are not matches). */
    uint32_t vkey[VPROBE_SLOTS];  /* term, 0 empty */
    uint16_t vidx[VPROBE_SLOTS];  /* its index in vec */
    uint32_t vshift;              /* 32 - log2 of the slots in use; 0 when
                                     the table could not be built: then
                                     the terms are found by bisection */
    uint16_t vgi[VTERMS_MAX];     /* per vec term: its name's index among
                                     the article's names, 1.., or 0 alone */
    uint32_t nvg;                 /* names with a term in vec */
    int vlook;                    /* 1: dot_centroid looks terms up eight
                                     at a time (the CPU has AVX2) */
    uint8_t lanes[256][8];        /* per mask of 8 lanes: the lanes set, in
                                     order, then the rest (vlook_avx2) */
    feat *tmp;                    /* scratch for centroid updates */
    float *wtmp;                  /* scratch weights, tmp_cap of them */
    uint32_t *fresh;              /* scratch: terms new to a centroid, tmp_cap */
    size_t tmp_cap;

    dfcount *df;                  /* document frequencies by term hash */
    uint32_t df_mask;
    uint64_t ndocs;
    float logtab[1024];           /* log(i) for small document frequencies */
    float logtf[64];              /* fast_log(1 + i) for whole term counts */
    tcache_entry *tcache;

    story *st;
    size_t nst, stcap;
    uint32_t *freel;
    size_t nfree;
    imap ids, merged, tparent, amap[2];
    int acur;
    int64_t next_id;
    uint32_t lru_head, lru_tail;
    size_t nactive, nretired;

    uint32_t *pkey;
    plist **plists;
    size_t pcap, pused;

    acc_entry *acc;               /* per slot: tag and partial score */
    uint32_t *touched;
    size_t acc_cap;

    td_story_merge *mlog;
    size_t nmlog, mlog_cap;

    char **outlet_names;
    size_t noutlet_names, outlet_cap;
    uint16_t *outlet_slot;        /* hash of the name -> id; 0 empty */
    size_t outlet_slots;
    uint16_t *outlet_canon;       /* per name: the id of the outlet it spells */
    imap outlet_keys;             /* td_clean_outlet_keys (0 as 1) -> outlet id */

    uint64_t seq;
    int64_t now;
    td_story_stats stats;

    /* Stories opened by an article read past its lead, by the arrival
     * number that opened them (modulo the ring's size, which exceeds
     * every recheck_after): the ones a later arrival re-checks. 0: none,
     * or a story that was not such. */
    int64_t *lone;
    uint32_t lone_mask;           /* slots - 1; lone is NULL when off */
};

void td_story_config_default(td_story_config *c)
{
    /* One configuration for every set (tuned jointly on ECB+, BASIL and
     * NeuS; see docs/benchmarks.md). */
    memset(c, 0, sizeof *c);
    c->max_terms = 60;
    c->centroid_terms = 96;
    c->max_words = 150;
    c->lead_words = 50;
    c->title_weight = 3;
    c->lead_weight = 3;
    c->name_weight = 1;
    c->number_weight = 1;
    c->name_spans = 1;
    c->idf_prior = 1000;
    c->join_threshold = 0.18;
    c->dated_threshold = 0.06;
    c->link = 1;
    c->specific_power = 0.25;
    c->single_term = 0.5;
    c->merge_threshold = 1;
    c->second_chance = 0.75;
    c->recheck = 1.2;
    c->recheck_after[0] = 25;
    c->recheck_after[1] = 100;
    c->recheck_after[2] = 400;
    c->grace_days = 2;
    c->decay_days = 3;
    c->story_days = 14;
    c->lookup_terms = 12;
    c->lookup_postings = 64;
    c->max_candidates = 8;
    c->time_cues = 1;
    c->thread_threshold = 0.15;
    c->thread_days = 180;
    c->retire_days = 180;
    c->retire_articles = 1000000;
    c->max_active = 250000;
    c->df_bits = 20;
    c->max_copy_map = 1000000;
    c->keep_retired = 1;
}

/* ---- Small maps ------------------------------------------------------------ */

static size_t imap_home(int64_t k, size_t cap)
{
    return (size_t)(XXH3_64bits(&k, sizeof k) & (cap - 1));
}

static int imap_put(imap *m, int64_t k, int64_t v)
{
    if ((m->used + 1) * 2 > m->cap) {
        size_t cap = m->cap ? m->cap * 2 : 64;
        int64_t *key = calloc(cap, sizeof *key), *val = malloc(cap * sizeof *val);
        if (!key || !val) { free(key); free(val); return TD_STORY_NOMEM; }
        for (size_t i = 0; i < m->cap; i++) {
            if (!m->key[i]) continue;
            size_t h = imap_home(m->key[i], cap);
            while (key[h]) h = (h + 1) & (cap - 1);
            key[h] = m->key[i];
            val[h] = m->val[i];
        }
        free(m->key);
        free(m->val);
        m->key = key;
        m->val = val;
        m->cap = cap;
    }
    size_t h = imap_home(k, m->cap);
    while (m->key[h] && m->key[h] != k) h = (h + 1) & (m->cap - 1);
    if (!m->key[h]) { m->key[h] = k; m->used++; }
    m->val[h] = v;
    return TD_STORY_OK;
}

/* The slot holding key k, or m->cap when k is not in the map. */
static inline size_t imap_slot(const imap *m, int64_t k)
{
    if (!m->cap) return 0;
    for (size_t h = imap_home(k, m->cap); m->key[h]; h = (h + 1) & (m->cap - 1))
        if (m->key[h] == k) return h;
    return m->cap;
}

static int imap_get(const imap *m, int64_t k, int64_t *v)
{
    size_t h = imap_slot(m, k);
    if (h == m->cap) return 0;
    *v = m->val[h];
    return 1;
}

/* Deletion by backward shift, so probes never meet a hole. */
static void imap_del(imap *m, int64_t k)
{
    if (!m->cap) return;
    size_t mask = m->cap - 1, h = imap_home(k, m->cap);
    while (m->key[h] && m->key[h] != k) h = (h + 1) & mask;
    if (!m->key[h]) return;
    size_t hole = h;
    for (size_t j = (hole + 1) & mask; m->key[j]; j = (j + 1) & mask) {
        size_t home = imap_home(m->key[j], m->cap);
        /* j may move to the hole if its home is not in (hole, j]. */
        if ((j > hole && (home <= hole || home > j)) || (j < hole && home <= hole && home > j)) {
            m->key[hole] = m->key[j];
            m->val[hole] = m->val[j];
            hole = j;
        }
    }
    m->key[hole] = 0;
    m->used--;
}

static void imap_free(imap *m)
{
    free(m->key);
    free(m->val);
    memset(m, 0, sizeof *m);
}

/* ---- Setup --------------------------------------------------------------- */

static inline float fast_log(float x);

/* Every real-valued setting finite and not negative, and the few with an
 * upper bound within it. A NaN or a negative value would not fail
 * anywhere: it would switch a rule off (a NaN bar is never cleared) or
 * turn it inside out without a word, so it is refused here. */
static int config_numbers_ok(const td_story_config *c)
{
    const double v[] = {
        c->title_weight, c->lead_weight, c->name_weight, c->number_weight,
        c->idf_prior, c->link, c->single_term, c->specific_power,
        c->join_threshold, c->dated_threshold, c->grace_days, c->decay_days,
        c->story_days, c->merge_threshold, c->second_chance, c->recheck,
        c->thread_threshold, c->thread_days, c->retire_days,
    };
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
        if (!(v[i] >= 0) || !isfinite(v[i])) return 0;
    /* link blends two scores; the bar falls toward dated_threshold, which
     * a higher value would turn into a rise; decay_days divides. */
    return c->link <= 1 && c->single_term <= 1 && c->dated_threshold <= c->join_threshold &&
           c->decay_days > 0;
}

int td_story_index_new(const td_story_config *cfg, td_story_index **out)
{
    *out = NULL;
    td_story_config c;
    if (cfg) c = *cfg; else td_story_config_default(&c);
    if (c.max_terms < 4 || c.max_terms > 1024 || c.centroid_terms < c.max_terms ||
        c.centroid_terms > 4096 || c.df_bits < 10 || c.df_bits > 28 ||
        c.join_threshold <= 0 || c.lookup_terms == 0 || c.max_candidates == 0 ||
        !config_numbers_ok(&c))
        return TD_STORY_EUSAGE;
    if (!c.max_words) c.max_words = 150;
    if (!c.max_active) c.max_active = 250000;
    if (c.max_active > (1u << 24) - 2) c.max_active = (1u << 24) - 2;
    if (!c.max_copy_map) c.max_copy_map = 1000000;
    if (c.lookup_postings == 0) c.lookup_postings = 64;
    unsigned latest = 0;
    for (int k = 0; k < TD_STORY_RECHECKS; k++) {
        if (c.recheck_after[k] > 65536) return TD_STORY_EUSAGE;
        if (c.recheck > 0 && c.recheck_after[k] > latest) latest = c.recheck_after[k];
    }
    td_story_index *ix = calloc(1, sizeof *ix);
    if (!ix) return TD_STORY_NOMEM;
    ix->cfg = c;
    if (latest) {
        uint32_t slots = 64;
        while (slots <= latest) slots *= 2;
        ix->lone = calloc(slots, sizeof *ix->lone);
        if (!ix->lone) {
            free(ix);
            return TD_STORY_NOMEM;
        }
        ix->lone_mask = slots - 1;
    }
    td_text_stopset_init(&ix->stop);
    td_text_words_init(&ix->tw, 256);
    td_text_words_init(&ix->bw, c.max_words);
    ix->df_mask = (1u << c.df_bits) - 1;
    ix->df = calloc((size_t)ix->df_mask + 1, sizeof *ix->df);
    ix->tcache = calloc(TCACHE_SLOTS, sizeof *ix->tcache);
    ix->vec = malloc(FMAP_MAX * sizeof *ix->vec);
    ix->tmp_cap = c.centroid_terms + c.max_terms;
    ix->tmp = malloc(ix->tmp_cap * sizeof *ix->tmp);
    ix->wtmp = malloc(ix->tmp_cap * sizeof *ix->wtmp);
    ix->fresh = malloc(ix->tmp_cap * sizeof *ix->fresh);
    if (!ix->df || !ix->tcache || !ix->vec || !ix->tmp || !ix->wtmp || !ix->fresh) {
        td_story_index_free(ix);
        return TD_STORY_NOMEM;
    }
    ix->logtab[0] = 0;
    for (int i = 1; i < 1024; i++) ix->logtab[i] = logf((float)i);
    for (int i = 0; i < 64; i++) ix->logtf[i] = fast_log(1.0f + (float)i);
    for (unsigned mask = 0; mask < 256; mask++) {
        unsigned k = 0;
        for (unsigned l = 0; l < 8; l++)
            if (mask >> l & 1) ix->lanes[mask][k++] = (uint8_t)l;
        for (unsigned l = 0; l < 8; l++)
            if (!(mask >> l & 1)) ix->lanes[mask][k++] = (uint8_t)l;
    }
    td_story_use_simd(ix, 1);
    ix->next_id = 1;
    ix->lru_head = ix->lru_tail = NONE;
    *out = ix;
    return TD_STORY_OK;
}

void td_story_use_simd(td_story_index *ix, int on)
{
    (void)on;
    ix->vlook = 0;
#ifdef VLOOK_AVX2
    ix->vlook = on && __builtin_cpu_supports("avx2");
#endif
}

void td_story_index_free(td_story_index *ix)
{
    if (!ix) return;
    td_text_words_free(&ix->tw);
    td_text_words_free(&ix->bw);
    free(ix->spans);
    free(ix->vec);
    free(ix->tmp);
    free(ix->wtmp);
    free(ix->fresh);
    free(ix->df);
    free(ix->tcache);
    for (size_t i = 0; i < ix->nst; i++) {
        free(ix->st[i].terms);
        free(ix->st[i].headline);
    }
    free(ix->st);
    free(ix->freel);
    imap_free(&ix->ids);
    imap_free(&ix->merged);
    imap_free(&ix->tparent);
    imap_free(&ix->amap[0]);
    imap_free(&ix->amap[1]);
    for (size_t i = 0; i < ix->pcap; i++) free(ix->plists ? ix->plists[i] : NULL);
    free(ix->pkey);
    free(ix->plists);
    free(ix->acc);
    free(ix->touched);
    free(ix->mlog);
    for (size_t i = 0; i < ix->noutlet_names; i++) free(ix->outlet_names[i]);
    free(ix->outlet_names);
    free(ix->outlet_slot);
    free(ix->outlet_canon);
    imap_free(&ix->outlet_keys);
    free(ix->lone);
    free(ix);
}

/* ---- Article vectors -------------------------------------------------------- */

/* log(x) for x >= 1 to about 4 digits: enough for weights, and much
 * cheaper than logf in the loops that run once per term. */
static inline float fast_log(float x)
{
    union { float f; uint32_t u; } v = { x };
    float e = (float)((int)(v.u >> 23) - 127);
    v.u = (v.u & 0x007FFFFF) | 0x3F800000; /* mantissa in [1, 2) */
    float m = v.f;
    /* log2 of the mantissa by a cubic fit on [1, 2) */
    float l2 = -1.7417939f + (2.8212026f + (-1.4699568f + (0.44717955f - 0.056570851f * m) * m) * m) * m;
    return (e + l2) * 0.69314718f;
}

static void fmap_reset(td_story_index *ix)
{
    for (size_t i = 0; i < ix->nfused; i++) ix->fmap[ix->fused[i]].key = 0;
    ix->nfused = 0;
}

static void fmap_add(td_story_index *ix, uint32_t term, float w, uint32_t group, int spec)
{
    if (term == 0) term = 1;
    size_t h = (term * 2654435761u) >> 20 & (FMAP_SLOTS - 1);
    while (ix->fmap[h].key && ix->fmap[h].key != term) h = (h + 1) & (FMAP_SLOTS - 1);
    if (ix->fmap[h].key) {
        ix->fmap[h].val += w;
        if (group && !ix->fmap[h].group) ix->fmap[h].group = group;
        ix->fmap[h].spec |= (uint32_t)spec;
        return;
    }
    if (ix->nfused >= FMAP_MAX) return; /* a huge article: later terms are ignored */
    ix->fmap[h].key = term;
    ix->fmap[h].val = w;
    ix->fmap[h].group = group;
    ix->fmap[h].spec = (uint32_t)spec;
    ix->fused[ix->nfused++] = (uint16_t)h;
}

/* The name a word belongs to (the hash of the name's last word), or 0
 * when the word is in no name. */
static uint32_t name_group(const td_story_index *ix, uint64_t h)
{
    h |= 1;
    size_t k = h & 255;
    while (ix->names[k]) {
        if (ix->names[k] == h) return ix->name_head[k];
        k = (k + 1) & 255;
    }
    return 0;
}

static void names_put(td_story_index *ix, uint64_t h, uint32_t head, size_t *n)
{
    if (*n >= 192) return;
    h |= 1;
    size_t k = h & 255;
    while (ix->names[k] && ix->names[k] != h) k = (k + 1) & 255;
    if (!ix->names[k]) {
        ix->names[k] = h;
        ix->name_head[k] = head ? head : 1;
        (*n)++;
    }
}

/* The term of word i: a hash of its stem (dots dropped, so "U.S." and
 * "US" meet), or of the number; 0 when the word is not a term. */
static uint32_t word_term_uncached(const td_story_index *ix, const td_text_words *w, size_t i,
                                   int *is_number)
{
    const td_text_tok *t = &w->tok[i];
    *is_number = 0;
    if (!(t->flags & TD_TEXT_ALPHA)) {
        if (t->low_len < 2) return 0; /* a lone digit says little */
        *is_number = 1;
        return ((uint32_t)t->hash ^ SALT_NUM) | 1u;
    }
    if (t->low_len < 2 || t->low_len > 40) return 0;
    /* "US", "IT", "WHO" written in capitals are not the function words */
    if (!(t->flags & TD_TEXT_UPPER) && td_text_stopset_has(&ix->stop, t->hash)) return 0;
    char buf[48];
    size_t n = 0;
    const char *s = td_text_low(w, i);
    for (size_t k = 0; k < t->low_len; k++)
        if (s[k] != '.') buf[n++] = s[k];
    n = td_text_stem(buf, n);
    if (n < 2) return 0;
    uint32_t term = (uint32_t)XXH3_64bits(buf, n);
    return term ? term : 1;
}

static inline uint64_t tcache_key(const td_text_tok *t)
{
    return (t->hash ^ ((t->flags & TD_TEXT_UPPER) ? 0x5bd1e9955bd1e995ULL : 0)) | 1;
}

static uint32_t word_term(td_story_index *ix, const td_text_words *w, size_t i, int *is_number)
{
    const td_text_tok *t = &w->tok[i];
    uint64_t key = tcache_key(t);
    tcache_entry *e = &ix->tcache[(key >> 17) & (TCACHE_SLOTS - 1)];
    if (e->key == key) {
        *is_number = (int)e->number;
        return e->term;
    }
    uint32_t term = word_term_uncached(ix, w, i, is_number);
    e->key = key;
    e->term = term;
    e->number = (uint32_t)*is_number;
    return term;
}

/* Counts the words of w into the feature map with weight base, boosting
 * the first lead words and names. */
static void count_words(td_story_index *ix, const td_text_words *w, float base,
                        size_t lead, int is_title)
{
    const td_story_config *c = &ix->cfg;
    for (size_t i = 0; i < w->n; i++) {
        int num;
        /* the cache entry of a word a few ahead, so its miss overlaps;
         * found from the word's hash alone, which misses the entry only
         * of a word in capitals (tcache_key), for half the instructions */
        if (i + 8 < w->n)
            __builtin_prefetch(&ix->tcache[(w->tok[i + 8].hash >> 17) & (TCACHE_SLOTS - 1)]);
        uint32_t term = word_term(ix, w, i, &num);
        if (!term) continue;
        float wt = base;
        uint32_t group = 0;
        if (i < lead) wt *= (float)c->lead_weight;
        if (num) {
            wt *= (float)c->number_weight;
        } else if ((w->tok[i].flags & (TD_TEXT_CAP | TD_TEXT_UPPER)) &&
                   (group = name_group(ix, w->tok[i].hash)) != 0) {
            wt *= (float)c->name_weight;
        }
        fmap_add(ix, term, wt, group, num || group);
    }
}

/* Names of two words or more are terms of their own: "New York" is more
 * than "new" and "york". */
static int count_names(td_story_index *ix, const td_text_words *w, size_t *nnames)
{
    memset(ix->names, 0, sizeof ix->names);
    *nnames = 0;
    size_t want = w->n / 2 + 1;
    if (ix->spans_cap < want) {
        td_text_span *p = realloc(ix->spans, want * sizeof *p);
        if (!p) return TD_STORY_NOMEM;
        ix->spans = p;
        ix->spans_cap = want;
    }
    size_t n = td_text_names_set(w, &ix->stop, ix->spans, ix->spans_cap);
    if (n > ix->spans_cap) n = ix->spans_cap;
    for (size_t i = 0; i < n; i++) {
        const td_text_span *sp = &ix->spans[i];
        /* The words of a name are one group: "Senate Majority Leader Mitch
         * McConnell" and a later "McConnell" are all McConnell. */
        uint32_t head = (uint32_t)w->tok[sp->first + sp->count - 1].hash | 1;
        uint64_t h = 0;
        for (uint32_t k = 0; k < sp->count; k++) {
            names_put(ix, w->tok[sp->first + k].hash, head, nnames);
            h = (h ^ w->tok[sp->first + k].hash) * 0x100000001b3ULL;
        }
        if (sp->count >= 2 && ix->cfg.name_spans) {
            float wt = (float)ix->cfg.name_weight;
            if (sp->first < ix->cfg.lead_words) wt *= (float)ix->cfg.lead_weight;
            fmap_add(ix, (uint32_t)(h >> 32) ^ SALT_NAME, wt, head, 1);
        }
    }
    return TD_STORY_OK;
}

/* Sorts v by term: a quicksort that hands small ranges to insertion
 * sort (the lists are a few dozen to a few hundred terms long). */
static void sort_feats(feat *v, size_t n)
{
    while (n > 16) {
        /* Hoare's partition around the middle element: v[0..j] <= pivot <=
         * v[j+1..n), with 0 <= j < n - 1, so both sides shrink. */
        uint32_t pivot = v[(n - 1) / 2].term;
        ptrdiff_t i = -1, j = (ptrdiff_t)n;
        for (;;) {
            do i++; while (v[i].term < pivot);
            do j--; while (v[j].term > pivot);
            if (i >= j) break;
            feat t = v[i]; v[i] = v[j]; v[j] = t;
        }
        size_t left = (size_t)j + 1;
        /* recurse on the smaller side, loop on the larger */
        if (left < n - left) {
            sort_feats(v, left);
            v += left;
            n -= left;
        } else {
            sort_feats(v + left, n - left);
            n = left;
        }
    }
    for (size_t i = 1; i < n; i++) {
        feat x = v[i];
        size_t j = i;
        while (j > 0 && v[j - 1].term > x.term) { v[j] = v[j - 1]; j--; }
        v[j] = x;
    }
}

/* Sorts v[0..n) by term (n <= VTERMS_MAX), through scratch. Terms are
 * hashes, spread evenly: placed by their top bits (a counting sort),
 * the list is all but sorted, and an insertion sort finishes it with a
 * few moves. A quicksort's comparisons each go either way at random.
 * About one bucket a term: at 256 buckets for the usual 60 terms,
 * summing the counts cost more than the rest of the sort. */
static void sort_feats_hashed(feat *v, size_t n, feat *scratch)
{
    unsigned bits = 4;
    while (bits < 8 && ((size_t)1 << bits) < n) bits++;
    const unsigned shift = 32 - bits;
    const size_t nb = (size_t)1 << bits;
    uint16_t at[257];
    memset(at, 0, (nb + 1) * sizeof at[0]);
    for (size_t i = 0; i < n; i++) at[(v[i].term >> shift) + 1]++;
    for (size_t b = 1; b <= nb; b++) at[b] = (uint16_t)(at[b] + at[b - 1]);
    for (size_t i = 0; i < n; i++) scratch[at[v[i].term >> shift]++] = v[i];
    for (size_t i = 0; i < n; i++) {
        feat x = scratch[i];
        size_t j = i;
        while (j > 0 && v[j - 1].term > x.term) { v[j] = v[j - 1]; j--; }
        v[j] = x;
    }
}

/* Moves the k heaviest of v[0..n) to the front (in no order). */
static void select_top(feat *v, size_t n, size_t k)
{
    size_t lo = 0, hi = n;
    if (k >= n) return;
    while (hi - lo > 1) {
        float pivot = v[lo + (hi - lo) / 2].w;
        size_t i = lo, j = hi - 1;
        while (i <= j) {
            while (v[i].w > pivot) i++;
            while (v[j].w < pivot) j--;
            if (i <= j) {
                feat t = v[i]; v[i] = v[j]; v[j] = t;
                i++;
                if (j == 0) break;
                j--;
            }
        }
        if (k <= j) hi = j + 1;
        else if (k >= i) lo = i;
        else return;
    }
}

/* Moves the k heaviest of v[0..n) to the front, heaviest first, of equal
 * weights the earlier first (k at most TOP_MAX); for the lookup terms and
 * the candidates, a few out of up to hundreds. One pass, each entry
 * compared with the lightest kept: after the first few that comparison
 * nearly always goes one way, where select_top's partitions go either way
 * at random (the story stage 2-6% faster). The order it leaves decides
 * ties and the order of merges downstream: by score, then the order the
 * postings scan met the stories in (heaviest lookup term first, newest
 * postings first), where select_top's was that of its partitions. */
enum { TOP_MAX = 256 };

static void top_sorted(feat *v, size_t n, size_t k)
{
    feat best[TOP_MAX];
    size_t m = 0;
    if (k > TOP_MAX) k = TOP_MAX;
    if (!k) return;
    for (size_t i = 0; i < n; i++) {
        size_t j;
        if (m < k) j = m++;
        else if (v[i].w > best[k - 1].w) j = k - 1;
        else continue;
        while (j > 0 && v[i].w > best[j - 1].w) { best[j] = best[j - 1]; j--; }
        best[j] = v[i];
    }
    memcpy(v, best, m * sizeof *v);
}

/* log((N + prior) / (df + 1)): the prior is a number of imagined earlier
 * articles in which no term occurs. A fresh index has seen too little to
 * know which words are common (after five reports of one saga, "Oman" is
 * in all of them); the prior makes every word rare at first, so early
 * weights are plain term frequencies, and it fades as the stream grows. */
static inline float idf_of(const td_story_index *ix, uint32_t term, float logn)
{
    uint32_t df = ix->df[term & ix->df_mask].df + 1;
    float l = df < 1024 ? ix->logtab[df] : fast_log((float)df);
    float idf = logn - l;
    return idf > 0.01f ? idf : 0.01f;
}

/* Reads the article into the feature map. */
static int read_doc(td_story_index *ix, const td_story_doc *d)
{
    fmap_reset(ix);
    const td_text_words *bw = d->body_words;
    if (!bw) {
        size_t blen = d->body_len;
        if (td_text_tokenize(&ix->bw, d->body ? d->body : "", d->body ? blen : 0) != TD_TEXT_OK)
            return TD_STORY_NOMEM;
        bw = &ix->bw;
    }
    if (td_text_tokenize(&ix->tw, d->title ? d->title : "", d->title ? d->title_len : 0) !=
        TD_TEXT_OK)
        return TD_STORY_NOMEM;
    /* Body words past max_words are not read (a caller's tokenisation may
     * hold more). */
    td_text_words view = *bw;
    if (view.n > ix->cfg.max_words) view.n = ix->cfg.max_words;
    size_t nnames;
    if (count_names(ix, &view, &nnames) != TD_STORY_OK) return TD_STORY_NOMEM;
    count_words(ix, &ix->tw, (float)ix->cfg.title_weight, 0, 1);
    count_words(ix, &view, 1.0f, ix->cfg.lead_words, 0);
    return TD_STORY_OK;
}

static void count_df(td_story_index *ix)
{
    /* The table is megabytes and the terms land anywhere in it: ask for
     * all their lines first, so the misses overlap instead of queueing. */
    for (size_t i = 0; i < ix->nfused; i++)
        __builtin_prefetch(&ix->df[ix->fmap[ix->fused[i]].key & ix->df_mask], 1);
    for (size_t i = 0; i < ix->nfused; i++) {
        size_t h = ix->fused[i];
        dfcount *p = &ix->df[ix->fmap[h].key & ix->df_mask];
        p->df += p->df < UINT32_MAX;
        /* no branch: whether a term is a name or a number is random */
        p->cap += (ix->fmap[h].spec != 0) & (p->cap < UINT32_MAX);
    }
    ix->ndocs++;
}

/* Whether a term is a name or a number ("specific"): so it was in at least
 * half the articles that used it. Decided over the stream rather than per
 * article, so that "Trump" in a headline and in a body are one term. */
static inline int is_specific(const td_story_index *ix, uint32_t term)
{
    const dfcount *p = &ix->df[term & ix->df_mask];
    return p->df > 0 && p->cap * 2 >= p->df;
}

/* The two slots a term may take in the article's term table: a cuckoo
 * table, so that a lookup reads both and decides with no branch (a probe
 * loop's branch goes either way at random, and the centroids' terms are
 * looked up by the hundred for every article). */
static inline size_t vhome1(uint32_t term, uint32_t shift)
{
    return (size_t)((term * 2654435761u) >> shift);
}

static inline size_t vhome2(uint32_t term, uint32_t shift)
{
    return (size_t)(((term ^ (term >> 16)) * 0x85EBCA77u) >> shift);
}

/* Puts vec[0..n) into a table of 1 << bits slots; 0 when some term found
 * no place (the caller tries a larger table). */
static int vtable_fill(td_story_index *ix, size_t n, unsigned bits)
{
    uint32_t shift = 32 - bits;
    memset(ix->vkey, 0, ((size_t)1 << bits) * sizeof ix->vkey[0]);
    for (size_t i = 0; i < n; i++) {
        uint32_t key = ix->vec[i].term;
        uint16_t idx = (uint16_t)i;
        size_t h = vhome1(key, shift);
        for (int kick = 0;; kick++) {
            if (!ix->vkey[h]) {
                ix->vkey[h] = key;
                ix->vidx[h] = idx;
                break;
            }
            if (kick == 32) return 0;
            /* take the slot, and move its term to that term's other one */
            uint32_t k2 = ix->vkey[h];
            uint16_t i2 = ix->vidx[h];
            ix->vkey[h] = key;
            ix->vidx[h] = idx;
            key = k2;
            idx = i2;
            size_t a = vhome1(key, shift);
            h = a == h ? vhome2(key, shift) : a;
        }
    }
    return 1;
}

/* Each term of vec gets the index of its name among the names in vec
 * (1, 2, ...; 0 a term alone), so that dot_centroid sums a name's share
 * at that index instead of searching for it. */
static void vtable_groups(td_story_index *ix, size_t n)
{
    uint32_t seen[VTERMS_MAX];
    uint32_t ng = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t g = ix->vec[i].group, k = 0;
        if (g) {
            while (k < ng && seen[k] != g) k++;
            if (k == ng) seen[ng++] = g;
            k++;
        }
        ix->vgi[i] = (uint16_t)k;
    }
    ix->nvg = ng;
}

/* Builds the unit vector of the article's max_terms heaviest terms, sorted
 * by term, and the table that finds them by term. */
static void build_vec(td_story_index *ix)
{
    float logn = logf((float)ix->ndocs + (float)ix->cfg.idf_prior + 1.0f);
    size_t n = 0;
    for (size_t i = 0; i < ix->nfused; i++) {
        size_t h = ix->fused[i];
        float tf = ix->fmap[h].val;
        ix->vec[n].term = ix->fmap[h].key;
        ix->vec[n].group = ix->fmap[h].group;
        /* the weights that sum to a count are mostly whole (1 a word, 3
         * in the title or lead): those take the same value from a table */
        int whole = tf >= 0 && tf < 64 && tf == (float)(int)tf;
        float ltf = whole ? ix->logtf[(int)tf] : fast_log(1.0f + tf);
        ix->vec[n].w = ltf * idf_of(ix, ix->fmap[h].key, logn);
        n++;
    }
    size_t k = ix->cfg.max_terms;
    if (n > k) {
        select_top(ix->vec, n, k);
        n = k;
    }
    double norm = 0;
    for (size_t i = 0; i < n; i++) norm += (double)ix->vec[i].w * ix->vec[i].w;
    float inv = norm > 0 ? (float)(1.0 / sqrt(norm)) : 0;
    double spec = 0;
    for (size_t i = 0; i < n; i++) {
        ix->vec[i].w *= inv;
        if (is_specific(ix, ix->vec[i].term)) {
            spec += (double)ix->vec[i].w * ix->vec[i].w;
            ix->vec[i].spec = 1;
        } else {
            ix->vec[i].spec = 0;
        }
    }
    ix->vec_spec = (float)sqrt(spec);
    sort_feats_hashed(ix->vec, n, ix->tmp); /* n <= max_terms <= tmp_cap */
    /* The term table, at four slots or more per term (a cuckoo table
     * fills at a quarter: a term not placed after 32 moves is all but
     * unknown there; a larger table is tried, and bisection is left). */
    unsigned bits = 8;
    while (((size_t)1 << bits) < 4 * n) bits++;
    ix->vshift = 0;
    for (; ((size_t)1 << bits) <= VPROBE_SLOTS; bits++) {
        if (vtable_fill(ix, n, bits)) {
            ix->vshift = 32 - bits;
            break;
        }
    }
    vtable_groups(ix, n);
    ix->nvec = n;
}

/* The words of the body being placed: the caller's, or read_doc's. */
static inline const td_text_words *body_words(const td_story_index *ix, const td_story_doc *d)
{
    return d->body_words ? d->body_words : &ix->bw;
}

/* Lead months ("in January", "since January") of the title and the
 * first lead_words of the body, as bit masks. */
static void time_cues(td_story_index *ix, const td_story_doc *d, uint16_t *at, uint16_t *after)
{
    *at = *after = 0;
    if (!ix->cfg.time_cues) return;
    td_text_month m[16];
    const td_text_words *ws[2] = { &ix->tw, body_words(ix, d) };
    for (int k = 0; k < 2; k++) {
        td_text_words view = *ws[k];
        if (k == 1 && view.n > ix->cfg.lead_words * 2) view.n = ix->cfg.lead_words * 2;
        size_t n = td_text_months(&view, m, 16);
        if (n > 16) n = 16;
        for (size_t i = 0; i < n; i++) {
            if (m[i].when == TD_TEXT_AT) *at |= (uint16_t)(1u << (m[i].month - 1));
            else if (m[i].when == TD_TEXT_AFTER) *after |= (uint16_t)(1u << (m[i].month - 1));
        }
    }
}

/* ---- Stories --------------------------------------------------------------- */

static void lru_unlink(td_story_index *ix, uint32_t s)
{
    story *p = &ix->st[s];
    if (p->prev != NONE) ix->st[p->prev].next = p->next; else ix->lru_head = p->next;
    if (p->next != NONE) ix->st[p->next].prev = p->prev; else ix->lru_tail = p->prev;
    p->prev = p->next = NONE;
}

static void lru_front(td_story_index *ix, uint32_t s)
{
    story *p = &ix->st[s];
    p->prev = NONE;
    p->next = ix->lru_head;
    if (ix->lru_head != NONE) ix->st[ix->lru_head].prev = s;
    ix->lru_head = s;
    if (ix->lru_tail == NONE) ix->lru_tail = s;
}

static int new_slot(td_story_index *ix, uint32_t *out)
{
    if (ix->nfree) {
        *out = ix->freel[--ix->nfree];
        return TD_STORY_OK;
    }
    if (ix->nst >= (1u << 24) - 1) return TD_STORY_NOMEM;
    if (ix->nst == ix->stcap) {
        size_t cap = ix->stcap ? ix->stcap * 2 : 1024;
        story *p = realloc(ix->st, cap * sizeof *p);
        if (!p) return TD_STORY_NOMEM;
        ix->st = p;
        acc_entry *acc = realloc(ix->acc, cap * sizeof *acc);
        if (!acc) return TD_STORY_NOMEM;
        memset(acc + ix->stcap, 0, (cap - ix->stcap) * sizeof *acc);
        ix->acc = acc;
        /* one more than the slots: the scan writes a slot past the
         * stories it has listed before it knows whether to count it */
        uint32_t *tch = realloc(ix->touched, (cap + 1) * sizeof *tch);
        if (!tch) return TD_STORY_NOMEM;
        ix->touched = tch;
        ix->stcap = cap;
    }
    memset(&ix->st[ix->nst], 0, sizeof ix->st[ix->nst]);
    ix->acc[ix->nst].tag = 0;
    *out = (uint32_t)ix->nst++;
    return TD_STORY_OK;
}

/* Keeps the tag of slot s in step with its state and generation. */
static void set_tag(td_story_index *ix, uint32_t s)
{
    ix->acc[s].tag = (uint32_t)ix->st[s].gen << 24 | ix->st[s].state;
}

static void free_slot(td_story_index *ix, uint32_t s)
{
    story *p = &ix->st[s];
    free(p->terms);
    free(p->headline);
    uint8_t gen = p->gen;
    memset(p, 0, sizeof *p);
    p->gen = (uint8_t)(gen + 1);
    p->state = S_FREE;
    set_tag(ix, s);
    uint32_t *fl = realloc(ix->freel, (ix->nfree + 1) * sizeof *fl);
    if (!fl) return; /* the slot is lost, nothing worse */
    ix->freel = fl;
    ix->freel[ix->nfree++] = s;
}

/* The outlet that the name with id spells: an earlier name it shares a
 * key with ("Meridian Wire" and meridianwire.net, one outlet under a
 * feed's name and a page's domain), else its own. Its keys are filed
 * under that outlet. Only the order of the names decides, so that a
 * loaded index works it out again from its names. Returns 0 out of
 * memory. */
static uint16_t outlet_alias(td_story_index *ix, uint16_t id)
{
    uint64_t put[TD_CLEAN_OUTLET_KEYS], find[TD_CLEAN_OUTLET_KEYS];
    size_t nput, nfind;
    const char *name = ix->outlet_names[id - 1];
    td_clean_outlet_keys(name, strlen(name), put, &nput, find, &nfind);
    int64_t canon = id;
    for (size_t i = 0; i < nfind; i++)
        if (imap_get(&ix->outlet_keys, find[i] ? (int64_t)find[i] : 1, &canon)) break;
    for (size_t i = 0; i < nput; i++) {
        int64_t key = put[i] ? (int64_t)put[i] : 1, had;
        if (imap_get(&ix->outlet_keys, key, &had)) continue; /* an earlier outlet keeps it */
        if (imap_put(&ix->outlet_keys, key, canon) != TD_STORY_OK) return 0;
    }
    ix->outlet_canon[id - 1] = (uint16_t)canon;
    return (uint16_t)canon;
}

/* Outlet names to small ids, through a hash table of ids (a search of
 * the names cost a hundred string compares an article); two spellings
 * of one outlet give the same id (outlet_alias). */
static uint16_t outlet_id(td_story_index *ix, const char *name)
{
    size_t len = strlen(name);
    uint64_t h = XXH3_64bits(name, len);
    if (ix->outlet_slots) {
        size_t mask = ix->outlet_slots - 1;
        for (size_t k = h & mask; ix->outlet_slot[k]; k = (k + 1) & mask) {
            const char *o = ix->outlet_names[ix->outlet_slot[k] - 1];
            if (strcmp(o, name) == 0) return ix->outlet_canon[ix->outlet_slot[k] - 1];
        }
    }
    if (ix->noutlet_names >= 65535) return 0;
    if ((ix->noutlet_names + 1) * 2 > ix->outlet_slots) {
        size_t slots = ix->outlet_slots ? ix->outlet_slots * 2 : 64;
        uint16_t *t = calloc(slots, sizeof *t);
        if (!t) return 0;
        for (size_t i = 0; i < ix->noutlet_names; i++) {
            const char *o = ix->outlet_names[i];
            size_t k = XXH3_64bits(o, strlen(o)) & (slots - 1);
            while (t[k]) k = (k + 1) & (slots - 1);
            t[k] = (uint16_t)(i + 1);
        }
        free(ix->outlet_slot);
        ix->outlet_slot = t;
        ix->outlet_slots = slots;
    }
    if (ix->noutlet_names == ix->outlet_cap) {
        size_t cap = ix->outlet_cap ? ix->outlet_cap * 2 : 16;
        char **p = realloc(ix->outlet_names, cap * sizeof *p);
        if (!p) return 0;
        ix->outlet_names = p;
        uint16_t *c = realloc(ix->outlet_canon, cap * sizeof *c);
        if (!c) return 0;
        ix->outlet_canon = c;
        ix->outlet_cap = cap;
    }
    char *copy = malloc(len + 1);
    if (!copy) return 0;
    memcpy(copy, name, len + 1);
    ix->outlet_names[ix->noutlet_names++] = copy;
    uint16_t id = (uint16_t)ix->noutlet_names;
    size_t mask = ix->outlet_slots - 1, k = h & mask;
    while (ix->outlet_slot[k]) k = (k + 1) & mask;
    ix->outlet_slot[k] = id;
    ix->outlet_canon[id - 1] = id; /* out of memory below, its own */
    uint16_t canon = outlet_alias(ix, id);
    return canon ? canon : id;
}

static void add_outlet(story *p, uint16_t o)
{
    if (!o) return;
    size_t named = p->noutlets < TD_STORY_MAX_OUTLETS ? p->noutlets : TD_STORY_MAX_OUTLETS;
    for (size_t i = 0; i < named; i++)
        if (p->outlets[i] == o) return;
    if (p->noutlets < TD_STORY_MAX_OUTLETS) p->outlets[p->noutlets] = o;
    p->noutlets++;
}

/* head_sim of a headline taken from a body: below every similarity a
 * titled article joins with, so that the first title replaces it and a
 * later body never replaces a title. */
#define HEAD_UNTITLED (-1.0f)

/* The headline of the article that joined closest to the centroid (sim),
 * cut to its first line. */
static void set_headline(story *p, const char *s, size_t n, float sim)
{
    if (!s || !n) return;
    if (p->headline && sim <= p->head_sim) return;
    /* The first line is enough for a headline. s[cut] is read only below
     * n: s need not end in a NUL. */
    size_t cut = n < HEADLINE_MAX ? n : HEADLINE_MAX;
    for (size_t i = 0; i < cut; i++)
        if (s[i] == '\n') { cut = i; break; }
    while (cut > 0 && cut < n && ((unsigned char)s[cut] & 0xC0) == 0x80) cut--; /* whole UTF-8 */
    if (!cut) return;
    char *h = malloc(cut + 1);
    if (!h) return;
    memcpy(h, s, cut);
    h[cut] = '\0';
    free(p->headline);
    p->headline = h;
    p->head_sim = sim;
}

/* ---- Postings ------------------------------------------------------------------ */

static size_t pt_home(uint32_t term, size_t cap)
{
    return (size_t)((term * 2654435761u) & (cap - 1));
}

static plist **pt_find(td_story_index *ix, uint32_t term)
{
    if (!ix->pcap) return NULL;
    for (size_t h = pt_home(term, ix->pcap); ix->pkey[h]; h = (h + 1) & (ix->pcap - 1))
        if (ix->pkey[h] == term) return &ix->plists[h];
    return NULL;
}

static int live(const td_story_index *ix, uint32_t e)
{
    uint32_t s = e & 0xFFFFFF;
    return s < ix->nst &&
           (ix->acc[s].tag & ~(uint32_t)ACC_TOUCHED) == ((e & 0xFF000000u) | S_ACTIVE);
}

/* Drops stale entries of a list; returns its new length. */
static uint32_t pl_compact(const td_story_index *ix, plist *l)
{
    uint32_t o = 0;
    for (uint32_t i = 0; i < l->n; i++)
        if (live(ix, l->e[i])) l->e[o++] = l->e[i];
    l->n = o;
    return o;
}

/* Rebuilds the postings table at cap slots, leaving out empty lists. */
static int pt_rebuild(td_story_index *ix, size_t cap)
{
    uint32_t *key = calloc(cap, sizeof *key);
    plist **lists = calloc(cap, sizeof *lists);
    if (!key || !lists) { free(key); free(lists); return TD_STORY_NOMEM; }
    size_t used = 0;
    for (size_t i = 0; i < ix->pcap; i++) {
        if (!ix->pkey[i]) continue;
        plist *l = ix->plists[i];
        if (!l || pl_compact(ix, l) == 0) { free(l); continue; }
        size_t h = pt_home(ix->pkey[i], cap);
        while (key[h]) h = (h + 1) & (cap - 1);
        key[h] = ix->pkey[i];
        lists[h] = l;
        used++;
    }
    free(ix->pkey);
    free(ix->plists);
    ix->pkey = key;
    ix->plists = lists;
    ix->pcap = cap;
    ix->pused = used;
    return TD_STORY_OK;
}

static int post(td_story_index *ix, uint32_t term, uint32_t slot)
{
    if ((ix->pused + 1) * 2 > ix->pcap) {
        /* Sweep out the lists that only hold retired stories; grow only
         * when what is left is still more than a quarter full. */
        size_t cap = ix->pcap ? ix->pcap : 1024;
        if (ix->pcap && pt_rebuild(ix, ix->pcap) != TD_STORY_OK) return TD_STORY_NOMEM;
        while ((ix->pused + 1) * 4 > cap) cap *= 2;
        if (cap != ix->pcap && pt_rebuild(ix, cap) != TD_STORY_OK) return TD_STORY_NOMEM;
    }
    size_t h = pt_home(term, ix->pcap);
    while (ix->pkey[h] && ix->pkey[h] != term) h = (h + 1) & (ix->pcap - 1);
    if (!ix->pkey[h]) {
        ix->pkey[h] = term;
        ix->plists[h] = NULL;
        ix->pused++;
    }
    plist *l = ix->plists[h];
    uint32_t e = slot | (uint32_t)ix->st[slot].gen << 24;
    if (l && l->n && l->e[l->n - 1] == e) return TD_STORY_OK;
    if (!l || l->n == l->cap) {
        if (l && l->cap >= MAX_POSTINGS) {
            /* Full: first drop what is stale, then the oldest half. */
            if (pl_compact(ix, l) > l->cap / 2) {
                uint32_t keep = l->cap / 2;
                memmove(l->e, l->e + (l->n - keep), keep * sizeof *l->e);
                l->n = keep;
            }
        } else {
            uint32_t cap = l ? l->cap * 2 : 4;
            plist *nl = realloc(l, sizeof *nl + cap * sizeof nl->e[0]);
            if (!nl) return TD_STORY_NOMEM;
            if (!l) nl->n = 0;
            nl->cap = cap;
            ix->plists[h] = l = nl;
        }
    }
    l->e[l->n++] = e;
    return TD_STORY_OK;
}

/* ---- Centroids ------------------------------------------------------------------ */

static void centroid_norms(const td_story_index *ix, story *p)
{
    double n = 0, spec = 0;
    for (uint32_t i = 0; i < p->nterms; i++) {
        double w2 = (double)p->terms[i].weight * p->terms[i].weight;
        n += w2;
        spec += w2 * (double)(p->tspec[i] != 0);
    }
    p->norm = (float)sqrt(n);
    p->norm_spec = (float)sqrt(spec);
}

/* Keeps the k heaviest of m[0..n) in their order (sorted by term stays
 * sorted): the k-th weight is found on a copy of the weights, then one
 * pass keeps what is above it, and as many equal to it as fit. Cheaper
 * than a selection of the entries followed by a sort. */
static size_t keep_heaviest(td_story_index *ix, feat *m, size_t n, size_t k)
{
    if (k >= n) return n;
    float *w = ix->wtmp;
    for (size_t i = 0; i < n; i++) w[i] = m[i].w;
    /* quickselect on floats: w[k-1] becomes the k-th largest */
    size_t lo = 0, hi = n - 1, want = k - 1;
    while (lo < hi) {
        float pivot = w[lo + (hi - lo) / 2];
        size_t i = lo, j = hi;
        while (i <= j) {
            while (w[i] > pivot) i++;
            while (w[j] < pivot) j--;
            if (i <= j) {
                float t = w[i]; w[i] = w[j]; w[j] = t;
                i++;
                if (j == 0) break;
                j--;
            }
        }
        if (want <= j) hi = j;
        else if (want >= i) lo = i;
        else break;
    }
    float thr = w[want];
    size_t above = 0;
    for (size_t i = 0; i < n; i++) above += m[i].w > thr;
    size_t ties = k - above, o = 0;
    for (size_t i = 0; i < n; i++) {
        if (m[i].w > thr || (m[i].w == thr && ties && ties--)) m[o++] = m[i];
    }
    return o;
}

/* Room for need terms in the scratch lists (tmp, wtmp, fresh). */
static int grow_scratch(td_story_index *ix, size_t need)
{
    if (need <= ix->tmp_cap) return TD_STORY_OK;
    feat *t = realloc(ix->tmp, need * sizeof *t);
    if (!t) return TD_STORY_NOMEM;
    ix->tmp = t;
    float *wt = realloc(ix->wtmp, need * sizeof *wt);
    if (!wt) return TD_STORY_NOMEM;
    ix->wtmp = wt;
    uint32_t *fr = realloc(ix->fresh, need * sizeof *fr);
    if (!fr) return TD_STORY_NOMEM;
    ix->fresh = fr;
    ix->tmp_cap = need;
    return TD_STORY_OK;
}

/* Adds v (sorted by term, positive weights) to the centroid of slot s,
 * keeps its heaviest centroid_terms terms, and posts the terms that are
 * new to it. */
static int centroid_add(td_story_index *ix, uint32_t s, const feat *v, size_t nv)
{
    story *p = &ix->st[s];
    if (grow_scratch(ix, p->nterms + nv) != TD_STORY_OK) return TD_STORY_NOMEM;
    feat *m = ix->tmp;
    const td_story_term *a = p->terms;
    const uint8_t *as = p->tspec;
    size_t na = p->nterms, n = 0, i = 0, j = 0;
    /* A merge with no branch on which list goes first: the terms of the
     * two lists interleave at random, and a branch on it mispredicts at
     * every other step. group marks a term new to the centroid (it is
     * not read after); on a term in both, the article's view of whether
     * it is a name or a number is the fresher. Weights are positive, so
     * adding a 0 for the side that lacks the term changes nothing. */
    while (i < na && j < nv) {
        uint32_t ta = a[i].term, tv = v[j].term;
        int take_a = ta <= tv, take_v = tv <= ta;
        m[n].term = take_a ? ta : tv;
        /* products with 0 and 1, not ?: (which the compiler may branch on) */
        m[n].w = a[i].weight * (float)take_a + v[j].w * (float)take_v;
        m[n].spec = take_v ? v[j].spec : as[i];
        m[n].group = (uint32_t)!take_a;
        i += (size_t)take_a;
        j += (size_t)take_v;
        n++;
    }
    for (; i < na; i++, n++) {
        m[n].term = a[i].term; m[n].w = a[i].weight; m[n].spec = as[i]; m[n].group = 0;
    }
    for (; j < nv; j++, n++) {
        m[n] = v[j]; m[n].group = 1;
    }
    /* The merged list is sorted already. It may grow to half again
     * centroid_terms before it is cut back to its heaviest centroid_terms
     * (and sorted again): most joins then cost one linear merge. */
    if (n > ix->cfg.centroid_terms + ix->cfg.centroid_terms / 2)
        n = keep_heaviest(ix, m, n, ix->cfg.centroid_terms);
    /* The centroid's block is reused while it is big enough: most joins
     * then allocate nothing. Terms new to it are posted. */
    td_story_term *nt = p->terms;
    uint8_t *ns = p->tspec;
    int fresh = 0;
    if (n > p->tcap || !nt) {
        size_t cap = n + n / 4 + 8;
        nt = malloc(cap * (sizeof *nt + 1));
        if (!nt) return TD_STORY_NOMEM;
        ns = (uint8_t *)(nt + cap);
        p->tcap = (uint32_t)cap;
        fresh = 1;
    }
    /* Terms new to the centroid are posted: first listed, and their
     * places in the postings table asked for, so that the misses on that
     * large table overlap rather than come one post at a time. */
    uint32_t *fresh_terms = ix->fresh;
    size_t nfresh = 0;
    for (j = 0; j < n; j++) {
        fresh_terms[nfresh] = m[j].term;
        nfresh += m[j].group;
    }
    if (ix->pcap) {
        for (size_t q = 0; q < nfresh; q++) {
            size_t h = pt_home(fresh_terms[q], ix->pcap);
            __builtin_prefetch(&ix->pkey[h]);
            __builtin_prefetch(&ix->plists[h]);
        }
        /* then the lists' heads, then their tails (where post appends) */
        plist *heads[64];
        size_t nh = nfresh < 64 ? nfresh : 64;
        for (size_t q = 0; q < nh; q++) {
            plist **pl = pt_find(ix, fresh_terms[q]);
            heads[q] = pl ? *pl : NULL;
            if (heads[q]) __builtin_prefetch(heads[q]);
        }
        for (size_t q = 0; q < nh; q++)
            if (heads[q] && heads[q]->n) __builtin_prefetch(&heads[q]->e[heads[q]->n - 1], 1);
    }
    int rc = TD_STORY_OK;
    for (size_t q = 0; q < nfresh && rc == TD_STORY_OK; q++) rc = post(ix, fresh_terms[q], s);
    p = &ix->st[s];
    for (size_t q = 0; q < n; q++) {
        nt[q].term = m[q].term;
        nt[q].weight = m[q].w;
        ns[q] = (uint8_t)m[q].spec;
    }
    if (fresh) free(p->terms);
    p->terms = nt;
    p->tspec = ns;
    p->nterms = (uint32_t)n;
    centroid_norms(ix, p);
    return rc;
}

/* The index in vec of the article's copy of term, or -1. */
static inline int vfind_slow(const td_story_index *ix, uint32_t term)
{
    size_t lo = 0, hi = ix->nvec;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (ix->vec[mid].term < term) lo = mid + 1;
        else hi = mid;
    }
    return lo < ix->nvec && ix->vec[lo].term == term ? (int)lo : -1;
}

#ifdef VLOOK_AVX2
/* The first pass of dot_centroid for t[0..n), n >= 8, eight terms at a
 * time: both slots of each hashed and read at once, and the lanes that
 * match moved to the front (lanes) and stored, so that the matches come
 * out in the centroid's order as the scalar loop lists them. The last
 * eight terms are taken as a block that overlaps the one before, less
 * the lanes done. hs gets a match's slot in the table, mj its index in
 * t; both have room for 8 past the last match. */
__attribute__((target("avx2")))
static size_t vlook_avx2(const td_story_index *ix, const td_story_term *t, uint32_t n,
                         uint32_t *hs, uint32_t *mj)
{
    const __m256i mul1 = _mm256_set1_epi32((int)2654435761u);
    const __m256i mul2 = _mm256_set1_epi32((int)0x85EBCA77u);
    const __m128i shift = _mm_cvtsi32_si128((int)ix->vshift);
    const int *vkey = (const int *)ix->vkey;
    size_t m = 0;
    for (uint32_t j = 0; j < n; j += 8) {
        unsigned done = 0;
        if (j + 8 > n) {
            done = j - (n - 8);
            j = n - 8;
        }
        /* {term, weight} pairs: the terms of eight, in order */
        __m256 a = _mm256_loadu_ps((const float *)&t[j]);
        __m256 b = _mm256_loadu_ps((const float *)&t[j + 4]);
        __m256i term = _mm256_castps_si256(_mm256_shuffle_ps(a, b, _MM_SHUFFLE(2, 0, 2, 0)));
        term = _mm256_permute4x64_epi64(term, _MM_SHUFFLE(3, 1, 2, 0));
        __m256i h1 = _mm256_srl_epi32(_mm256_mullo_epi32(term, mul1), shift);
        __m256i x = _mm256_xor_si256(term, _mm256_srli_epi32(term, 16));
        __m256i h2 = _mm256_srl_epi32(_mm256_mullo_epi32(x, mul2), shift);
        __m256i hit1 = _mm256_cmpeq_epi32(_mm256_i32gather_epi32(vkey, h1, 4), term);
        __m256i hit2 = _mm256_cmpeq_epi32(_mm256_i32gather_epi32(vkey, h2, 4), term);
        unsigned mask = (unsigned)_mm256_movemask_ps(_mm256_castsi256_ps(_mm256_or_si256(hit1, hit2)));
        mask &= ~((1u << done) - 1);
        __m256i h = _mm256_blendv_epi8(h2, h1, hit1);
        __m256i lane = _mm256_cvtepu8_epi32(_mm_loadl_epi64((const __m128i *)ix->lanes[mask]));
        _mm256_storeu_si256((__m256i *)(hs + m), _mm256_permutevar8x32_epi32(h, lane));
        _mm256_storeu_si256((__m256i *)(mj + m), _mm256_add_epi32(_mm256_set1_epi32((int)j), lane));
        m += (size_t)__builtin_popcount(mask);
    }
    return m;
}
#endif

/* The dot product of the article vector and a centroid, and the largest
 * share of it that rests on one name (or one lone term). Two passes: the
 * centroid's terms are looked up in the article's term table with no
 * branch, and the matches listed (most terms do not match, at random:
 * a branch on it mispredicts about every other term); then the matches,
 * a few, are summed in the centroid's order (by term), the order a merge
 * of the two sorted lists would sum them in. A name's share is summed at
 * its index (vgi); shares only grow, so the largest is read at the end. */
static float dot_centroid(const td_story_index *ix, const story *p, float *maxc, float *dspec)
{
    const feat *v = ix->vec;
    /* An empty slot of the term table has key 0, so a centroid's term 0
     * would match one (an article's terms are never 0: fmap_add; only a
     * restored or loaded centroid can hold it, and first, as terms are
     * sorted): it is left out, as a term the article lacks. */
    uint32_t skip = p->nterms && p->terms[0].term == 0;
    const td_story_term *t = p->terms + skip;
    const uint32_t nt = p->nterms - skip;
    /* a centroid holds a term once, so there are no more matches than
     * article terms; then room for the vector lookup's stores of 8 */
    uint16_t mi[VTERMS_MAX + 16];
    uint32_t mj[VTERMS_MAX + 16];
    size_t m = 0;
    const uint32_t shift = ix->vshift;
#ifdef VLOOK_AVX2
    if (shift && ix->vlook && nt >= 8) {
        uint32_t hs[VTERMS_MAX + 16];
        m = vlook_avx2(ix, t, nt, hs, mj);
        for (size_t q = 0; q < m; q++) mi[q] = ix->vidx[hs[q]];
    } else
#endif
    if (shift) {
        for (uint32_t j = 0; j < nt; j++) {
            uint32_t term = t[j].term;
            size_t h1 = vhome1(term, shift), h2 = vhome2(term, shift);
            size_t hit1 = ix->vkey[h1] == term, hit2 = ix->vkey[h2] == term;
            /* the slot by arithmetic, not ?: (which the compiler may
             * branch on) */
            mi[m] = ix->vidx[h2 + (h1 - h2) * hit1];
            mj[m] = j;
            m += hit1 | hit2;
        }
    } else {
        for (uint32_t j = 0; j < nt && m < VTERMS_MAX; j++) {
            int i = vfind_slow(ix, t[j].term);
            if (i < 0) continue;
            mi[m] = (uint16_t)i;
            mj[m++] = j;
        }
    }
    float gsum[VTERMS_MAX + 1];
    memset(gsum, 0, (ix->nvg + 1) * sizeof gsum[0]);
    float d = 0, mx = 0, ds = 0;
    for (size_t q = 0; q < m; q++) {
        size_t i = mi[q];
        float x = v[i].w * t[mj[q]].weight;
        d += x;
        ds += x * (float)(v[i].spec != 0);
        uint16_t g = ix->vgi[i];
        gsum[g] += x;
        float alone = x * (float)(g == 0);
        mx = alone > mx ? alone : mx;
    }
    for (uint32_t g = 1; g <= ix->nvg; g++) mx = gsum[g] > mx ? gsum[g] : mx;
    *maxc = mx;
    *dspec = ds;
    return d;
}

/* How close two stories are, on the scale of an article's score: the mean
 * similarity of their members (or, with link < 1, a blend toward the
 * cosine of the centroids), less the largest single term's share, scaled
 * by how far their names and numbers agree. */
static float story_sim(const td_story_index *ix, const story *a, const story *b)
{
    const td_story_config *c = &ix->cfg;
    if (a->norm <= 0 || b->norm <= 0) return 0;
    float d = 0, mx = 0, ds = 0;
    size_t i = 0, j = 0;
    while (i < a->nterms && j < b->nterms) {
        if (a->terms[i].term < b->terms[j].term) i++;
        else if (a->terms[i].term > b->terms[j].term) j++;
        else {
            float x = a->terms[i].weight * b->terms[j].weight;
            d += x;
            if (x > mx) mx = x;
            if (a->tspec[i]) ds += x;
            i++;
            j++;
        }
    }
    float l = (float)c->link;
    float da = powf(a->norm, 1 - l) * powf((float)(a->members ? a->members : 1), l);
    float db = powf(b->norm, 1 - l) * powf((float)(b->members ? b->members : 1), l);
    float s = (d - (float)c->single_term * mx) / (da * db);
    if (c->specific_power > 0 && a->norm_spec > 0.05f * a->norm && b->norm_spec > 0.05f * b->norm) {
        float cs = ds / (a->norm_spec * b->norm_spec);
        s *= powf(cs > 0 ? cs : 0, (float)c->specific_power);
    }
    return s;
}

/* The bar a similarity must clear to join: join_threshold, lowered toward
 * dated_threshold when both sides are dated and close in time. */
static double join_bar(const td_story_config *c, int dated, double gap)
{
    double bar = c->join_threshold;
    if (dated) {
        double near = gap <= c->grace_days ? 1 : exp(-(gap - c->grace_days) / c->decay_days);
        bar -= (c->join_threshold - c->dated_threshold) * near;
    }
    return bar;
}

static double story_gap(const story *a, const story *b)
{
    if (!a->first || !b->first) return 0;
    if (a->last < b->first) return (double)(b->first - a->last) / 86400.0;
    if (b->last < a->first) return (double)(a->first - b->last) / 86400.0;
    return 0;
}

/* ---- Threads and merges ------------------------------------------------------- */

static int64_t thread_root(const td_story_index *ix, int64_t t)
{
    int64_t p;
    while (imap_get(&ix->tparent, t, &p)) t = p;
    return t;
}

/* Joins two threads; the older id (the smaller) names the result. */
static int thread_union(td_story_index *ix, int64_t a, int64_t b)
{
    a = thread_root(ix, a);
    b = thread_root(ix, b);
    if (a == b) return TD_STORY_OK;
    if (a > b) { int64_t t = a; a = b; b = t; }
    ix->stats.thread_merges++;
    return imap_put(&ix->tparent, b, a);
}

static int64_t resolve_story(const td_story_index *ix, int64_t id)
{
    int64_t next;
    while (imap_get(&ix->merged, id, &next)) id = next;
    return id;
}

static int slot_of(const td_story_index *ix, int64_t id, uint32_t *slot)
{
    int64_t v;
    if (!imap_get(&ix->ids, resolve_story(ix, id), &v)) return 0;
    *slot = (uint32_t)v;
    return 1;
}

static void fill_info(const td_story_index *ix, const story *p, td_story_info *o)
{
    memset(o, 0, sizeof *o);
    o->id = p->id;
    o->thread_id = thread_root(ix, p->thread);
    o->headline = p->headline ? p->headline : "";
    o->headline_sim = p->headline ? p->head_sim : 0;
    o->first_seen = p->first;
    o->last_seen = p->last;
    o->first_seq = p->first_seq;
    o->last_seq = p->last_seq;
    o->articles = p->articles;
    o->copies = p->copies;
    o->noutlets = p->noutlets;
    size_t named = p->noutlets < TD_STORY_MAX_OUTLETS ? p->noutlets : TD_STORY_MAX_OUTLETS;
    for (size_t i = 0; i < named; i++)
        o->outlets[i] = p->outlets[i] ? ix->outlet_names[p->outlets[i] - 1] : "";
    o->active = p->state == S_ACTIVE;
    o->at_months = p->at_mask;
    o->after_months = p->after_mask;
    /* Where the leads place it: the first month it is said to be "in";
     * else the month after the latest it is said to come "since". */
    if (p->at_mask) {
        for (int m = 0; m < 12; m++)
            if (p->at_mask & (1u << m)) { o->when_month = m + 1; break; }
    } else if (p->after_mask) {
        for (int m = 11; m >= 0; m--)
            if (p->after_mask & (1u << m)) { o->when_month = m + 2 > 12 ? 12 : m + 2; break; }
    }
}

static int log_merge(td_story_index *ix, const td_story_merge *m)
{
    if (ix->nmlog == ix->mlog_cap) {
        size_t cap = ix->mlog_cap ? ix->mlog_cap * 2 : 64;
        td_story_merge *p = realloc(ix->mlog, cap * sizeof *p);
        if (!p) return TD_STORY_NOMEM;
        ix->mlog = p;
        ix->mlog_cap = cap;
    }
    ix->mlog[ix->nmlog++] = *m;
    return TD_STORY_OK;
}

/* The share of the join bar two stories' similarity must clear to merge
 * when story b is merged into a, the story just grown: merge_threshold,
 * or second_chance when b is one article that came closest to a on
 * arrival (but not close enough) and has drawn no other since. Such an
 * article is more likely a loosely worded report of a's happening than a
 * happening of its own, and a's growth has made its centroid a better
 * judge of that. */
static double merge_bar(const td_story_index *ix, const story *a, const story *b)
{
    const td_story_config *c = &ix->cfg;
    if (b->members == 1 && b->near && resolve_story(ix, b->near) == a->id)
        return c->second_chance;
    return c->merge_threshold;
}

/* Takes story slot s out of the index; m, when not NULL, is the merge
 * that takes it: logged, and its id then leads to m->into. */
static int drop_slot(td_story_index *ix, uint32_t s, const td_story_merge *m)
{
    int rc;
    if (m) {
        if ((rc = log_merge(ix, m)) != TD_STORY_OK) return rc;
        if ((rc = imap_put(&ix->merged, m->from, m->into)) != TD_STORY_OK) return rc;
        ix->stats.merges++;
    }
    if (ix->st[s].state == S_ACTIVE) {
        lru_unlink(ix, s);
        ix->nactive--;
    } else {
        ix->nretired--;
    }
    imap_del(&ix->ids, ix->st[s].id);
    free_slot(ix, s);
    return TD_STORY_OK;
}

/* Merges story slot b into slot a (a is the older). */
static int merge_into(td_story_index *ix, uint32_t a, uint32_t b, int64_t article, float sim,
                      td_story_assign *out)
{
    story *pb = &ix->st[b];
    feat *v = malloc((pb->nterms ? pb->nterms : 1) * sizeof *v);
    if (!v) return TD_STORY_NOMEM;
    for (uint32_t i = 0; i < pb->nterms; i++) {
        v[i].term = pb->terms[i].term;
        v[i].w = pb->terms[i].weight;
        v[i].spec = pb->tspec[i];
    }
    int rc = centroid_add(ix, a, v, pb->nterms);
    free(v);
    if (rc != TD_STORY_OK) return rc;
    story *pa = &ix->st[a];
    pb = &ix->st[b];
    /* The merged story keeps a title over a headline taken from a body,
     * and else the larger story's headline. */
    int ta = pa->headline && pa->head_sim >= 0, tb = pb->headline && pb->head_sim >= 0;
    if (pb->headline && (!pa->headline || tb > ta || (tb == ta && pb->articles > pa->articles))) {
        free(pa->headline);
        pa->headline = pb->headline;
        pa->head_sim = pb->head_sim;
        pb->headline = NULL;
    }
    pa->articles += pb->articles;
    pa->copies += pb->copies;
    pa->members += pb->members;
    if (pb->first && (!pa->first || pb->first < pa->first)) pa->first = pb->first;
    if (pb->last > pa->last) pa->last = pb->last;
    if (pb->first_seq < pa->first_seq) pa->first_seq = pb->first_seq;
    if (pb->last_seq > pa->last_seq) pa->last_seq = pb->last_seq;
    size_t named = pb->noutlets < TD_STORY_MAX_OUTLETS ? pb->noutlets : TD_STORY_MAX_OUTLETS;
    for (size_t i = 0; i < named; i++) add_outlet(pa, pb->outlets[i]);
    pa->at_mask |= pb->at_mask;
    pa->after_mask |= pb->after_mask;
    if ((rc = thread_union(ix, pa->thread, pb->thread)) != TD_STORY_OK) return rc;
    td_story_merge m = { pb->id, pa->id, article, sim };
    if ((rc = drop_slot(ix, b, &m)) != TD_STORY_OK) return rc;
    if (out && out->nmerges < TD_STORY_MAX_MERGES) out->merges[out->nmerges++] = m;
    return TD_STORY_OK;
}

/* ---- Retirement --------------------------------------------------------------- */

static void retire(td_story_index *ix, uint32_t s)
{
    story *p = &ix->st[s];
    lru_unlink(ix, s);
    free(p->terms);
    p->terms = NULL;
    p->tspec = NULL;
    p->nterms = p->tcap = 0;
    p->norm = p->norm_spec = 0;
    p->state = S_RETIRED;
    set_tag(ix, s);
    ix->nactive--;
    if (ix->cfg.on_retire) {
        td_story_info info;
        fill_info(ix, p, &info);
        ix->cfg.on_retire(ix->cfg.retire_ctx, &info);
    }
    if (ix->cfg.keep_retired) {
        ix->nretired++;
    } else {
        imap_del(&ix->ids, p->id);
        free_slot(ix, s);
    }
}

static void retire_idle(td_story_index *ix)
{
    const td_story_config *c = &ix->cfg;
    while (ix->lru_tail != NONE) {
        const story *p = &ix->st[ix->lru_tail];
        int idle = ix->nactive > c->max_active;
        if (!idle && p->last && ix->now && (double)(ix->now - p->last) > c->retire_days * 86400.0)
            idle = 1;
        if (!idle && c->retire_articles && ix->seq > p->last_seq &&
            ix->seq - p->last_seq > c->retire_articles)
            idle = 1;
        if (!idle) break;
        retire(ix, ix->lru_tail);
    }
}

/* ---- Placing an article -------------------------------------------------------- */

static void touch(td_story_index *ix, uint32_t s, const td_story_doc *d, uint16_t outlet)
{
    story *p = &ix->st[s];
    p->articles++;
    if (d->published) {
        if (!p->first || d->published < p->first) p->first = d->published;
        if (d->published > p->last) p->last = d->published;
    }
    p->last_seq = ix->seq;
    add_outlet(p, outlet);
    if (p->state == S_ACTIVE && ix->lru_head != s) {
        lru_unlink(ix, s);
        lru_front(ix, s);
    }
}

/* Remembers which story an article went to, for its copies. */
static int remember_article(td_story_index *ix, int64_t article, int64_t story_id)
{
    if (ix->amap[ix->acur].used >= ix->cfg.max_copy_map) {
        ix->acur ^= 1;
        imap_free(&ix->amap[ix->acur]);
    }
    return imap_put(&ix->amap[ix->acur], article, story_id);
}

static int story_of_article(const td_story_index *ix, int64_t article, int64_t *story_id)
{
    return imap_get(&ix->amap[ix->acur], article, story_id) ||
           imap_get(&ix->amap[ix->acur ^ 1], article, story_id);
}

/* Days between an article and a story; an article known only to lie in an
 * interval is as near as the interval's nearer end. */
static double day_gap(const td_story_doc *d, const story *p)
{
    int64_t lo = d->published, hi = d->published;
    if (!lo && d->published_lo && d->published_hi >= d->published_lo)
        lo = d->published_lo, hi = d->published_hi;
    if (!lo || !p->first) return 0;
    if (hi < p->first) return (double)(p->first - hi) / 86400.0;
    if (lo > p->last) return (double)(lo - p->last) / 86400.0;
    return 0;
}

typedef struct cand {
    uint32_t slot;
    float cos, score;   /* score: cos with time decay; 0 when it may not join */
    int pending;        /* out of reach in time: cos not worked out yet */
    double gap;         /* days between the article and the story */
} cand;

/* The similarity of the article being placed to the story p, on the
 * scale the bars are set on. */
static float cand_sim(const td_story_index *ix, const story *p)
{
    const td_story_config *c = &ix->cfg;
    /* A match must rest on more than one term: without its largest
     * term's share, one shared name ("McConnell") would pull every
     * article about that person into one story. */
    float maxc = 0, dspec = 0;
    float dot = dot_centroid(ix, p, &maxc, &dspec);
    /* Divided by the centroid's norm this is a cosine, which a large and
     * loose cluster wins too easily (its norm grows like the root of its
     * size, its dot products like its size); divided by the number of
     * members it is the mean similarity to them (group average). With
     * link 1, the default, that is the number of members itself
     * (powf(x, 0) is 1 and powf(x, 1) is x, exactly). */
    float denom = p->norm;
    if (c->link == 1 && p->members > 1)
        denom = (float)p->members;
    else if (c->link > 0 && p->members > 1)
        denom = powf(p->norm, 1.0f - (float)c->link) * powf((float)p->members, (float)c->link);
    float cs = denom > 0 ? (dot - (float)c->single_term * maxc) / denom : 0;
    /* Names and numbers that disagree (Klitschko against Rahman, then
     * against Thompson; a 5.6 quake and a 5.9 one) mark two happenings
     * of one kind, however alike the rest of the words: the score is
     * scaled by the cosine of the two names-and-numbers parts. */
    if (c->specific_power > 0 && ix->vec_spec > 0.05f && p->norm_spec > 0.05f * p->norm) {
        float cspec = dspec / (ix->vec_spec * p->norm_spec);
        cs *= powf(cspec > 0 ? cspec : 0, (float)c->specific_power);
    }
    return cs;
}

enum { MAX_CAND = 256 };

/* Whether the article being placed reads past its lead (twice lead_words
 * body words): what the second chance and a re-check ask of the article
 * that opens a story. */
static int past_lead(const td_story_index *ix, const td_story_doc *d)
{
    const td_text_words *bw = body_words(ix, d);
    return bw->n >= 2 * (size_t)ix->cfg.lead_words;
}

static inline int blank(char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
}

/* The first sentence of the body being placed, from its first byte that
 * is not a space (*start) to the punctuation that ends it: the headline
 * of an article without a title. Its lead's first sentence says what
 * happened; the rest of the paragraph reads as a paragraph. Returns its
 * length. */
static size_t first_sentence(const td_story_index *ix, const td_story_doc *d, size_t *start)
{
    const td_text_words *bw = body_words(ix, d);
    *start = 0;
    if (!d->body || !bw->n) return 0;
    /* from the first byte that is not a space: an opening quote stays */
    while (*start < bw->tok[0].off && blank(d->body[*start])) (*start)++;
    size_t last = 0;
    while (last + 1 < bw->n && bw->tok[last + 1].sent == bw->tok[0].sent) last++;
    if (last + 1 == bw->n) {
        size_t end = d->body_len;
        while (end > *start && blank(d->body[end - 1])) end--;
        return end - *start;
    }
    /* past its last word, the bytes up to a space: "closed." and
     * "statement)." keep their stops, the next sentence's opening quote
     * stays out */
    size_t end = bw->tok[last].off + bw->tok[last].len, next = bw->tok[last + 1].off;
    while (end < next && !blank(d->body[end])) end++;
    return end - *start;
}

/* The story the article being placed came closest to (by the share of
 * its bar that it reached), for an article that opens a story of its own:
 * its id, or 0. Only an article read past its lead (twice lead_words body
 * words) gets one: the similarity of a title and a lead rests on a few
 * words, too few to trust below the bar (in the pooled NeuS set, leads
 * alone, more than half the stories of one lead merged that way were
 * wrong). */
static int64_t nearest_story(const td_story_index *ix, const td_story_doc *d, const cand *cd,
                             size_t ncand)
{
    if (!past_lead(ix, d)) return 0;
    int best = -1;
    for (size_t i = 0; i < ncand; i++)
        if (!cd[i].pending && cd[i].score > 0 && (best < 0 || cd[i].score > cd[best].score))
            best = (int)i;
    return best < 0 ? 0 : ix->st[cd[best].slot].id;
}

/* The postings scan: each live posting among the newest lookup_postings
 * of lists[i] adds look[i]'s weight to its story's partial score and
 * lists the story in ix->touched once. Returns how many it listed (see
 * take_touched). compact: a list read mostly stale is compacted, as an
 * arriving article's scan does; a re-check leaves the lists as they are,
 * so that which postings later scans reach does not depend on it. */
static inline size_t scan_postings(td_story_index *ix, plist *const *lists, const feat *look,
                                   size_t nlook, int compact)
{
    const td_story_config *c = &ix->cfg;
    size_t ntouched = 0;
    for (size_t i = 0; i < nlook; i++) {
        plist *l = lists[i];
        if (!l) continue;
        uint32_t stale = 0;
        uint32_t lo = l->n > c->lookup_postings ? l->n - c->lookup_postings : 0;
        uint32_t *tch = ix->touched;
        const float w = look[i].w;
        /* A partial score is zero while its story is untouched (it is
         * cleared after each article), so a posting adds to it and lists
         * its story without a branch on whether it was touched before:
         * that branch goes either way at random. */
        for (uint32_t k = l->n; k-- > lo;) {
            uint32_t e = l->e[k];
            /* the tag and score of the story a posting 16 on names, asked
             * for ahead of its turn: they lie at random in a table of a
             * megabyte and more */
            if (k >= lo + 16) {
                uint32_t ahead = l->e[k - 16] & 0xFFFFFF;
                if (ahead < ix->nst) __builtin_prefetch(&ix->acc[ahead], 1);
            }
            uint32_t s = e & 0xFFFFFF;
            if (s >= ix->nst) { stale++; continue; }
            acc_entry *ae = &ix->acc[s];
            uint32_t tag = ae->tag;
            /* live: the posting's generation, and the story active */
            if ((((tag ^ e) & 0xFF000000u) | (tag & 0xFFu)) != S_ACTIVE) { stale++; continue; }
            tch[ntouched] = s;
            ntouched += !(tag & ACC_TOUCHED);
            ae->tag = tag | ACC_TOUCHED;
            ae->score += w;
        }
        uint32_t seen = l->n - lo;
        if (compact && stale > 8 && stale * 2 > seen) pl_compact(ix, l);
    }
    return ntouched;
}

/* The stories a postings scan touched (ix->touched[0..ntouched)) with
 * their partial scores, into out (at most tmp_cap of them); the scan's
 * marks and scores are cleared for the next. Returns how many. */
static inline size_t take_touched(td_story_index *ix, size_t ntouched, feat *out)
{
    size_t n = ntouched < ix->tmp_cap ? ntouched : ix->tmp_cap;
    for (size_t i = 0; i < n; i++) {
        out[i].term = ix->touched[i];
        out[i].w = ix->acc[ix->touched[i]].score;
    }
    for (size_t i = 0; i < ntouched; i++) {
        ix->acc[ix->touched[i]].tag &= ~(uint32_t)ACC_TOUCHED;
        ix->acc[ix->touched[i]].score = 0;
    }
    return n;
}

/* Re-checks the lone story in slot b: looks up candidate stories by its
 * heaviest terms, as an arriving article's are looked up, and merges it
 * with the closest if their similarity clears recheck times the bar. A
 * report that opened a story of its own often met its happening's story
 * while that story was one or two articles, worded otherwise; some
 * arrivals later, the grown story is a better judge. */
static int recheck_story(td_story_index *ix, uint32_t b, int64_t article, td_story_assign *out)
{
    const td_story_config *c = &ix->cfg;
    const story *pb = &ix->st[b];
    size_t nt = pb->nterms < ix->tmp_cap ? pb->nterms : ix->tmp_cap;
    feat *f = ix->tmp;
    for (size_t i = 0; i < nt; i++) {
        f[i].term = pb->terms[i].term;
        f[i].w = pb->terms[i].weight;
    }
    size_t nlook = c->lookup_terms < 64 ? c->lookup_terms : 64;
    if (nlook > nt) nlook = nt;
    top_sorted(f, nt, nlook);
    feat look[64];
    memcpy(look, f, nlook * sizeof *look);

    plist *lists[64];
    for (size_t i = 0; i < nlook; i++) {
        plist **pl = pt_find(ix, look[i].term);
        lists[i] = pl ? *pl : NULL;
    }
    /* Its own story, hidden from the scan for its length: its tag reads
     * as a free slot, which no posting is live for. */
    const uint32_t own_tag = ix->acc[b].tag;
    ix->acc[b].tag = own_tag & ~0xFFu;
    size_t ntouched = scan_postings(ix, lists, look, nlook, 0);
    ix->acc[b].tag = own_tag;
    size_t ncand = take_touched(ix, ntouched, f);
    /* A quarter of max_candidates: the story a lone report belongs to is
     * nearly always among the first two by the postings' partial score
     * (ECB+ at shuffles 1-3 with 2 and with 8: 0.880 / 0.874 / 0.881 and
     * 0.882 / 0.876 / 0.881), and scoring a story against a story is most
     * of a re-check's cost. */
    size_t lim = (c->max_candidates + 3) / 4;
    top_sorted(f, ncand, lim);
    if (ncand > lim) ncand = lim;

    /* Scored by the cosine with the candidate's centroid, not the mean
     * similarity to its members that an arriving article meets: that
     * favours a large story whose members agree, the happening's main
     * story, over a small one of a sibling happening (ECB+ 0.872 / 0.870 /
     * 0.867 at shuffles 1-3 without re-checks: with the mean similarity
     * at 0.5-1.2 times the bar 0.863-0.878, with the cosine at 1.2 times
     * it 0.882 / 0.876 / 0.881). With link 1 the cosine is story_sim times
     * the members over the norm of each side. */
    const float l = (float)c->link;
    const float na = pb->members ? (float)pb->members : 1;
    int best = -1;
    float best_score = 0, best_sim = 0;
    for (size_t i = 0; i < ncand; i++) {
        uint32_t t = f[i].term;
        const story *pt = &ix->st[t];
        if ((pb->at_mask & pt->after_mask) || (pb->after_mask & pt->at_mask)) continue;
        double gap = story_gap(pb, pt);
        if (gap > c->story_days || pt->norm <= 0 || pb->norm <= 0) continue;
        float ss = story_sim(ix, pt, pb);
        float mt = pt->members ? (float)pt->members : 1;
        float cs = l == 1 ? ss * (mt / pt->norm) * (na / pb->norm)
                          : ss * powf(mt / pt->norm, l) * powf(na / pb->norm, l);
        float score = (float)(cs / join_bar(c, pb->first && pt->first, gap));
        if (score > best_score) {
            best_score = score;
            best_sim = ss;
            best = (int)t;
        }
    }
    if (best < 0 || best_score < (float)c->recheck) return TD_STORY_OK;
    uint32_t t = (uint32_t)best;
    uint32_t keep = ix->st[t].id < pb->id ? t : b, drop = keep == t ? b : t;
    return merge_into(ix, keep, drop, article, best_sim, out);
}

/* The re-checks due at this arrival: the lone stories opened
 * recheck_after[k] arrivals ago by an article read past its lead, if
 * still alone and in the index. Keyed to arrival numbers, so an index
 * saved and loaded between any two articles re-checks as one that was
 * not. */
static int recheck_due(td_story_index *ix, int64_t article, td_story_assign *out)
{
    for (int k = 0; k < TD_STORY_RECHECKS; k++) {
        uint64_t after = ix->cfg.recheck_after[k];
        if (!after || ix->seq <= after) continue;
        uint64_t at = ix->seq - after;
        int64_t id = ix->lone[at & ix->lone_mask], v;
        if (!id || !imap_get(&ix->ids, id, &v)) continue;
        const story *p = &ix->st[v];
        if (p->state != S_ACTIVE || p->members != 1 || p->first_seq != at) continue;
        int rc = recheck_story(ix, (uint32_t)v, article, out);
        if (rc != TD_STORY_OK) return rc;
    }
    return TD_STORY_OK;
}

int td_story_add(td_story_index *ix, const td_story_doc *d, td_story_assign *out)
{
    td_story_assign dummy;
    if (!out) out = &dummy;
    memset(out, 0, sizeof *out);
    if (!d || d->id == 0) return TD_STORY_EUSAGE;
    const td_story_config *c = &ix->cfg;
    ix->seq++;
    ix->stats.articles++;
    if (d->published > ix->now) ix->now = d->published;
    retire_idle(ix);
    uint16_t outlet = d->outlet && *d->outlet ? outlet_id(ix, d->outlet) : 0;
    int rc;
    if (ix->lone && (rc = recheck_due(ix, d->id, out)) != TD_STORY_OK) return rc;

    /* A copy joins its original's story and leaves the centroid alone. */
    if (d->duplicate_of) {
        int64_t sid;
        uint32_t s;
        if (story_of_article(ix, d->duplicate_of, &sid) && slot_of(ix, sid, &s)) {
            touch(ix, s, d, outlet);
            ix->st[s].copies++;
            out->story_id = ix->st[s].id;
            out->thread_id = thread_root(ix, ix->st[s].thread);
            out->copy = 1;
            out->similarity = 1;
            ix->stats.copies++;
            return remember_article(ix, d->id, out->story_id);
        }
    }

    if ((rc = read_doc(ix, d)) != TD_STORY_OK) return rc;
    count_df(ix);
    build_vec(ix);
    uint16_t at, after;
    time_cues(ix, d, &at, &after);

    /* Candidates: stories sharing the article's heaviest terms. */
    feat look[64];
    const size_t nv = ix->nvec < 64 ? ix->nvec : 64;
    memcpy(look, ix->vec, nv * sizeof *look);
    size_t nlook = nv < c->lookup_terms ? nv : c->lookup_terms;
    top_sorted(look, nv, nlook);
    /* Rounds of lookups, each asking for the memory the next one reads,
     * for all the terms at once, so that the misses overlap: the table
     * slots (key and list pointer), then the lists' heads, then their
     * newest postings (read newest first, which the hardware does not
     * stream), then, while scanning, the stories they name. */
    plist *lists[64];
    if (ix->pcap) {
        for (size_t i = 0; i < nlook; i++) {
            size_t h = pt_home(look[i].term, ix->pcap);
            __builtin_prefetch(&ix->pkey[h]);
            __builtin_prefetch(&ix->plists[h]);
        }
    }
    for (size_t i = 0; i < nlook; i++) {
        plist **pl = pt_find(ix, look[i].term);
        lists[i] = pl ? *pl : NULL;
        if (lists[i]) __builtin_prefetch(lists[i]);
    }
    for (size_t i = 0; i < nlook; i++) {
        const plist *l = lists[i];
        if (!l || !l->n) continue;
        uint32_t reach = l->n < c->lookup_postings ? l->n : c->lookup_postings;
        /* at most eight lines a list: a longer reach is streamed anyway */
        size_t span = (size_t)(reach - 1) * sizeof l->e[0];
        if (span > 8 * 64) span = 8 * 64;
        const char *newest = (const char *)&l->e[l->n - 1];
        for (size_t off = 0; off < span; off += 64) __builtin_prefetch(newest - off);
        __builtin_prefetch(newest - span);
    }
    size_t ntouched = scan_postings(ix, lists, look, nlook, 1);

    /* The best max_candidates by that partial score are scored in full. */
    feat *pick = ix->tmp;
    size_t ncand = take_touched(ix, ntouched, pick);
    size_t lim = c->max_candidates < MAX_CAND ? c->max_candidates : MAX_CAND;
    top_sorted(pick, ncand, lim);
    if (ncand > lim) ncand = lim;
    /* In a long stream the candidates' stories and centroids are cold:
     * ask for all of them before scoring any, so the misses overlap (the
     * story's slot is three cache lines; of a centroid, the head: the
     * rest is read in order, which the hardware streams). */
    for (size_t i = 0; i < ncand; i++) {
        const char *p = (const char *)&ix->st[pick[i].term];
        __builtin_prefetch(p);
        __builtin_prefetch(p + 64);
        __builtin_prefetch(p + sizeof(story) - 1);
    }
    for (size_t i = 0; i < ncand; i++) {
        const story *p = &ix->st[pick[i].term];
        /* not the centroid of a story out of reach: it is likely never
         * read (see below) */
        if (!p->terms || day_gap(d, p) > c->story_days) continue;
        __builtin_prefetch(p->terms);
        __builtin_prefetch((const char *)p->terms + 64);
    }
    cand cd[MAX_CAND];
    int best = -1;
    for (size_t i = 0; i < ncand; i++) {
        const story *p = &ix->st[pick[i].term];
        /* The score is the similarity over the bar it must clear. When both
         * sides have dates, closeness in time is evidence of its own: within
         * grace_days the bar drops to dated_threshold, and it rises back to
         * join_threshold as the gap grows; past story_days no join. */
        double gap = day_gap(d, p);
        cd[i].slot = pick[i].term;
        cd[i].gap = gap;
        ix->stats.candidates++;
        if (gap > c->story_days) {
            /* Out of reach: it can take no article and join no story now;
             * its similarity counts only for the thread of a new story,
             * so it is worked out only when the article opens one (most
             * join a story; in a long stream many candidates are old). */
            cd[i].cos = 0;
            cd[i].score = 0;
            cd[i].pending = 1;
            continue;
        }
        float cs = cand_sim(ix, p);
        float score = (float)(cs / (join_bar(c, d->published && p->first, gap)));
        if ((at & p->after_mask) || (after & p->at_mask)) score = 0; /* leads disagree on when */
        cd[i].cos = cs;
        cd[i].score = score;
        cd[i].pending = 0;
        if (score >= 1 && (best < 0 || score > cd[best].score)) best = (int)i;
    }

    uint32_t s;
    /* An article without a title offers its first sentence as a headline,
     * taken only while its story has no title (HEAD_UNTITLED). */
    const int titled = d->title && d->title_len;
    size_t head_at = 0;
    size_t head_len = titled ? d->title_len : first_sentence(ix, d, &head_at);
    const char *head = titled ? d->title : d->body ? d->body + head_at : NULL;
    if (best >= 0) {
        s = cd[best].slot;
        if ((rc = centroid_add(ix, s, ix->vec, ix->nvec)) != TD_STORY_OK) return rc;
        touch(ix, s, d, outlet);
        story *p = &ix->st[s];
        p->members++;
        p->at_mask |= at;
        p->after_mask |= after;
        set_headline(p, head, head_len, titled ? cd[best].cos : HEAD_UNTITLED);
        out->similarity = cd[best].cos;
        /* Later evidence may join two stories: the story just grown is
         * compared with the other candidates, story to story, against the
         * same bar an article meets. The older story keeps its id. */
        for (size_t i = 0; i < ncand; i++) {
            if ((int)i == best || cd[i].score < 0.5f) continue;
            uint32_t t = cd[i].slot;
            if (ix->st[t].state != S_ACTIVE || t == s) continue;
            const story *ps = &ix->st[s], *pt = &ix->st[t];
            if ((ps->at_mask & pt->after_mask) || (ps->after_mask & pt->at_mask)) continue;
            double gap = story_gap(ps, pt);
            if (gap > c->story_days) continue;
            float ss = story_sim(ix, ps, pt);
            if (ss < merge_bar(ix, ps, pt) * join_bar(c, ps->first && pt->first, gap)) continue;
            uint32_t keep = ps->id < pt->id ? s : t, drop = keep == s ? t : s;
            if ((rc = merge_into(ix, keep, drop, d->id, ss, out)) != TD_STORY_OK) return rc;
            s = keep;
        }
    } else {
        /* The thread: that of the closest candidate within thread_days. */
        int best_thread = -1;
        float best_thread_cos = 0;
        for (size_t i = 0; i < ncand; i++) {
            if (cd[i].gap > c->thread_days) continue;
            if (cd[i].pending) cd[i].cos = cand_sim(ix, &ix->st[cd[i].slot]);
            if (cd[i].cos > best_thread_cos) {
                best_thread_cos = cd[i].cos;
                best_thread = (int)i;
            }
        }
        int64_t near = nearest_story(ix, d, cd, ncand);
        if ((rc = new_slot(ix, &s)) != TD_STORY_OK) return rc;
        story *p = &ix->st[s];
        p->id = ix->next_id++;
        p->near = near;
        p->state = S_ACTIVE;
        set_tag(ix, s);
        p->prev = p->next = NONE;
        p->first_seq = ix->seq;
        p->at_mask = at;
        p->after_mask = after;
        if (best_thread >= 0 && best_thread_cos >= c->thread_threshold) {
            p->thread = thread_root(ix, ix->st[cd[best_thread].slot].thread);
        } else {
            p->thread = p->id;
            out->new_thread = 1;
            ix->stats.threads++;
        }
        ix->nactive++;
        ix->stats.stories++;
        lru_front(ix, s);
        if ((rc = imap_put(&ix->ids, p->id, s)) != TD_STORY_OK) return rc;
        if ((rc = centroid_add(ix, s, ix->vec, ix->nvec)) != TD_STORY_OK) return rc;
        touch(ix, s, d, outlet);
        ix->st[s].members = 1;
        set_headline(&ix->st[s], head, head_len, titled ? 0 : HEAD_UNTITLED);
        out->new_story = 1;
        if (ix->lone) ix->lone[ix->seq & ix->lone_mask] = past_lead(ix, d) ? ix->st[s].id : 0;
    }
    out->story_id = ix->st[s].id;
    out->thread_id = thread_root(ix, ix->st[s].thread);
    return remember_article(ix, d->id, out->story_id);
}

int td_story_vectorize(td_story_index *ix, const td_story_doc *d, td_story_term *out,
                       uint32_t *groups, size_t max)
{
    int rc = read_doc(ix, d);
    if (rc != TD_STORY_OK) return rc;
    build_vec(ix);
    size_t n = ix->nvec < max ? ix->nvec : max;
    for (size_t i = 0; i < n; i++) {
        out[i].term = ix->vec[i].term;
        out[i].weight = ix->vec[i].w;
        if (groups) groups[i] = ix->vec[i].spec ? ix->vec[i].group | 1u : ix->vec[i].group & ~1u;
    }
    return (int)n;
}

int td_story_observe(td_story_index *ix, const td_story_doc *d)
{
    int rc = read_doc(ix, d);
    if (rc != TD_STORY_OK) return rc;
    count_df(ix);
    return TD_STORY_OK;
}

/* ---- Reading ------------------------------------------------------------------ */

static int by_id(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

int td_story_each(td_story_index *ix, td_story_fn fn, void *ctx)
{
    /* (id, slot) pairs in id order */
    size_t n = 0;
    int64_t *pairs = malloc((ix->nst ? ix->nst : 1) * 2 * sizeof *pairs);
    if (!pairs) return TD_STORY_NOMEM;
    for (size_t i = 0; i < ix->nst; i++) {
        if (ix->st[i].state == S_FREE) continue;
        pairs[2 * n] = ix->st[i].id;
        pairs[2 * n + 1] = (int64_t)i;
        n++;
    }
    qsort(pairs, n, 2 * sizeof *pairs, by_id);
    for (size_t i = 0; i < n; i++) {
        td_story_info info;
        fill_info(ix, &ix->st[pairs[2 * i + 1]], &info);
        if (fn(ctx, &info)) break;
    }
    free(pairs);
    return TD_STORY_OK;
}

int td_story_get(td_story_index *ix, int64_t id, td_story_info *out)
{
    uint32_t s;
    if (!slot_of(ix, id, &s)) return TD_STORY_NOTFOUND;
    fill_info(ix, &ix->st[s], out);
    return TD_STORY_OK;
}

int64_t td_story_thread_of(td_story_index *ix, int64_t story_id)
{
    uint32_t s;
    if (!slot_of(ix, story_id, &s)) return 0;
    return thread_root(ix, ix->st[s].thread);
}

size_t td_story_merges(const td_story_index *ix, const td_story_merge **log)
{
    *log = ix->mlog;
    return ix->nmlog;
}

int td_story_centroid(td_story_index *ix, int64_t id, td_story_term *out, size_t max)
{
    uint32_t s;
    if (!slot_of(ix, id, &s)) return TD_STORY_NOTFOUND;
    const story *p = &ix->st[s];
    size_t n = p->nterms < max ? p->nterms : max;
    if (n) memcpy(out, p->terms, n * sizeof *out);
    return (int)p->nterms;
}

static size_t centroid_max(const td_story_config *c);

/* Heaviest first; equal weights by term, so that the order is one. */
static int by_weight(const void *a, const void *b)
{
    const feat *x = a, *y = b;
    if (x->w != y->w) return x->w > y->w ? -1 : 1;
    return x->term < y->term ? -1 : x->term > y->term;
}

int td_story_restore(td_story_index *ix, const td_story_info *si, const td_story_term *terms,
                     size_t nterms)
{
    if (!si || si->id <= 0) return TD_STORY_EUSAGE;
    int64_t v;
    if (imap_get(&ix->ids, si->id, &v)) return TD_STORY_EUSAGE;
    uint32_t s;
    int rc = new_slot(ix, &s);
    if (rc != TD_STORY_OK) return rc;
    story *p = &ix->st[s];
    p->id = si->id;
    p->thread = si->thread_id ? si->thread_id : si->id;
    p->first = si->first_seen;
    p->last = si->last_seen;
    p->first_seq = si->first_seq;
    p->last_seq = si->last_seq;
    p->articles = si->articles;
    p->copies = si->copies;
    p->members = si->articles > si->copies ? si->articles - si->copies : 1;
    p->prev = p->next = NONE;
    size_t named = si->noutlets < TD_STORY_MAX_OUTLETS ? si->noutlets : TD_STORY_MAX_OUTLETS;
    for (size_t i = 0; i < named; i++)
        if (si->outlets[i]) add_outlet(p, outlet_id(ix, si->outlets[i]));
    if (si->noutlets > p->noutlets) p->noutlets = si->noutlets;
    if (si->headline) {
        float hs = si->headline_sim;
        set_headline(p, si->headline, strlen(si->headline), isfinite(hs) ? hs : 0);
    }
    p->at_mask = si->at_months & 0xFFF;
    p->after_mask = si->after_months & 0xFFF;
    if ((rc = imap_put(&ix->ids, p->id, s)) != TD_STORY_OK) return rc;
    if (si->id >= ix->next_id) ix->next_id = si->id + 1;
    /* Arrival numbers go on from where the saved state left them. */
    if (si->last_seq > ix->seq) ix->seq = si->last_seq;
    if (si->last_seen > ix->now) ix->now = si->last_seen;
    if (si->active && nterms) {
        feat *f = malloc(nterms * sizeof *f);
        if (!f) return TD_STORY_NOMEM;
        for (size_t i = 0; i < nterms; i++) {
            f[i].term = terms[i].term;
            f[i].w = terms[i].weight;
            f[i].spec = (uint32_t)is_specific(ix, terms[i].term);
        }
        sort_feats(f, nterms);
        /* a term given twice is one term of the two weights: a centroid
         * holds each term once (dot_centroid's match lists count on it) */
        size_t u = 0;
        for (size_t i = 0; i < nterms; i++) {
            if (u && f[u - 1].term == f[i].term) f[u - 1].w += f[i].w;
            else f[u++] = f[i];
        }
        nterms = u;
        /* more terms than a centroid keeps (a centroid summed from its
         * articles' vectors): the heaviest, so that the merge below stays
         * within the scratch a saved state may hold */
        if (nterms > centroid_max(&ix->cfg)) {
            qsort(f, nterms, sizeof *f, by_weight);
            nterms = ix->cfg.centroid_terms;
            sort_feats(f, nterms);
        }
        ix->st[s].state = S_ACTIVE;
        set_tag(ix, s);
        ix->nactive++;
        lru_front(ix, s);
        rc = centroid_add(ix, s, f, nterms);
        free(f);
        if (rc != TD_STORY_OK) return rc;
    } else {
        ix->st[s].state = S_RETIRED;
        set_tag(ix, s);
        ix->nretired++;
    }
    return TD_STORY_OK;
}

int td_story_remove(td_story_index *ix, int64_t id, int64_t into, int64_t article)
{
    int64_t v;
    if (id <= 0 || into < 0 || into == id || !imap_get(&ix->ids, id, &v)) return TD_STORY_NOTFOUND;
    /* an id that leads back to this one would close a loop */
    if (into && resolve_story(ix, into) == id) return TD_STORY_EUSAGE;
    td_story_merge m = { id, into, article, 0 };
    return drop_slot(ix, (uint32_t)v, into ? &m : NULL);
}

int64_t td_story_new_id(td_story_index *ix)
{
    ix->stats.stories++;
    return ix->next_id++;
}

int td_story_place(td_story_index *ix, int64_t article, int64_t story_id)
{
    if (!article || !slot_of(ix, story_id, &(uint32_t){0})) return TD_STORY_NOTFOUND;
    return remember_article(ix, article, resolve_story(ix, story_id));
}

void td_story_get_stats(const td_story_index *ix, td_story_stats *st)
{
    *st = ix->stats;
    st->active = ix->nactive;
    st->retired = ix->nretired;
    size_t b = sizeof *ix;
    b += ((size_t)ix->df_mask + 1) * sizeof *ix->df;
    b += ix->stcap * (sizeof(story) + sizeof(acc_entry) + sizeof(uint32_t));
    for (size_t i = 0; i < ix->nst; i++) {
        b += ix->st[i].tcap * (sizeof(td_story_term) + 1);
        if (ix->st[i].headline) b += strlen(ix->st[i].headline) + 1;
    }
    b += ix->pcap * (sizeof(uint32_t) + sizeof(plist *));
    for (size_t i = 0; i < ix->pcap; i++)
        if (ix->plists[i]) b += sizeof(plist) + ix->plists[i]->cap * sizeof(uint32_t);
    b += (ix->ids.cap + ix->merged.cap + ix->tparent.cap + ix->amap[0].cap + ix->amap[1].cap) *
         2 * sizeof(int64_t);
    b += ix->mlog_cap * sizeof(td_story_merge);
    if (ix->lone) b += ((size_t)ix->lone_mask + 1) * sizeof *ix->lone;
    st->bytes = b;
}

/* ---- Saving and loading ----------------------------------------------------------- */

/*
 * The saved state is a raw dump of the index's tables, in the machine's
 * byte order, with the layout of the hash tables as it is: saving and
 * loading then cost little more than copying the bytes, and a loaded index
 * is the saved one to the last posting, so it goes on exactly as the saved
 * one would have. It need not be portable or outlive a format change: it is
 * a cache, which a full `tidings cluster` can always rebuild from the
 * stored articles. A state from another format version, another
 * configuration or a machine of the other byte order (its magic number
 * reads wrong) is refused with TD_STORY_ESTATE, and so is a damaged one.
 *
 * What is left out: the scratch of the article being placed, the term
 * cache (a memo of word -> term, keyed by 63 bits of the word's hash and
 * whether it is in capitals: what it returns depends on the word alone,
 * short of a hash collision) and the
 * tables that td_story_index_new computes (logarithms, stop words).
 *
 * Loading trusts nothing: every count is checked against the bound the
 * index itself keeps, every slot number, link and map against the slots
 * read, and large arrays are read into blocks that grow as their bytes
 * arrive, so a damaged count costs memory in proportion to the state
 * actually there.
 */

#define SAVE_MAGIC 0x7464737479737631ULL /* "tdstysv1" */
enum { SAVE_VERSION = 2, CFG_BYTES = 256 };

/* A story slot as saved: its fields without the pointers, and no padding
 * (every field at its natural alignment; pad is written as zeros). */
typedef struct story_rec {
    int64_t id, thread, first, last, near;
    uint64_t first_seq, last_seq;
    uint32_t articles, copies, noutlets, nterms, tcap, members, prev, next;
    uint32_t head_len;            /* NONE: no headline */
    float norm, norm_spec, head_sim;
    uint16_t outlets[TD_STORY_MAX_OUTLETS];
    uint16_t at_mask, after_mask;
    uint8_t state, gen, pad[2];
} story_rec;

_Static_assert(sizeof(story_rec) == 128, "story_rec has padding");

/* The configuration as bytes, field by field: two configurations are the
 * same when these are (the callbacks and the struct's padding left out).
 * A new field of td_story_config must be added here. */
static size_t config_bytes(const td_story_config *c, unsigned char *b)
{
    size_t n = 0;
    /* Bounded, so that a field added past CFG_BYTES fails the tests'
     * assert below instead of writing past the caller's buffer. */
#define CB(x) do { if (n + sizeof(x) <= CFG_BYTES) memcpy(b + n, &(x), sizeof(x)); \
                   n += sizeof(x); } while (0)
    uint64_t max_active = c->max_active, max_copy_map = c->max_copy_map;
    CB(c->max_terms); CB(c->centroid_terms); CB(c->max_words); CB(c->lead_words);
    CB(c->title_weight); CB(c->lead_weight); CB(c->name_weight); CB(c->number_weight);
    CB(c->name_spans); CB(c->idf_prior); CB(c->link); CB(c->single_term);
    CB(c->specific_power); CB(c->join_threshold); CB(c->dated_threshold);
    CB(c->grace_days); CB(c->decay_days); CB(c->story_days); CB(c->merge_threshold);
    CB(c->second_chance); CB(c->lookup_terms); CB(c->lookup_postings);
    CB(c->max_candidates); CB(c->time_cues); CB(c->thread_threshold); CB(c->thread_days);
    CB(c->retire_days); CB(c->retire_articles); CB(max_active); CB(c->df_bits);
    CB(max_copy_map); CB(c->keep_retired); CB(c->recheck); CB(c->recheck_after);
#undef CB
    assert(n <= CFG_BYTES);
    return n <= CFG_BYTES ? n : CFG_BYTES;
}

/* The most terms a centroid holds: it may grow to half again
 * centroid_terms before it is cut back (centroid_add). */
static size_t centroid_max(const td_story_config *c)
{
    return (size_t)c->centroid_terms + c->centroid_terms / 2;
}

typedef struct saver {
    td_story_write_fn write;
    void *ctx;
    int failed;
} saver;

static void put(saver *w, const void *p, size_t n)
{
    if (!w->failed && n && w->write(w->ctx, p, n) != 0) w->failed = 1;
}

static void put_u32(saver *w, uint32_t v) { put(w, &v, sizeof v); }
static void put_u64(saver *w, uint64_t v) { put(w, &v, sizeof v); }

static void put_imap(saver *w, const imap *m)
{
    put_u64(w, m->cap);
    put_u64(w, m->used);
    put(w, m->key, m->cap * sizeof *m->key);
    put(w, m->val, m->cap * sizeof *m->val);
}

static void put_stats(saver *w, const td_story_stats *s)
{
    put_u64(w, s->articles); put_u64(w, s->copies); put_u64(w, s->stories);
    put_u64(w, s->threads); put_u64(w, s->merges); put_u64(w, s->thread_merges);
    put_u64(w, s->active); put_u64(w, s->retired); put_u64(w, s->candidates);
    put_u64(w, s->bytes);
}

int td_story_save(const td_story_index *ix, td_story_write_fn write, void *ctx)
{
    saver w = { write, ctx, 0 };
    unsigned char cb[CFG_BYTES];
    size_t ncb = config_bytes(&ix->cfg, cb);
    put_u64(&w, SAVE_MAGIC);
    put_u32(&w, SAVE_VERSION);
    put_u32(&w, (uint32_t)ncb);
    put(&w, cb, ncb);

    put_u64(&w, ix->ndocs);
    put_u64(&w, (uint64_t)ix->next_id);
    put_u64(&w, ix->seq);
    put_u64(&w, (uint64_t)ix->now);
    put_u64(&w, ix->tmp_cap);
    put_stats(&w, &ix->stats);
    put(&w, ix->df, ((size_t)ix->df_mask + 1) * sizeof *ix->df);

    put_u64(&w, ix->noutlet_names);
    put_u64(&w, ix->outlet_slots);
    for (size_t i = 0; i < ix->noutlet_names; i++) {
        size_t len = strlen(ix->outlet_names[i]);
        put_u32(&w, (uint32_t)len);
        put(&w, ix->outlet_names[i], len);
    }
    put(&w, ix->outlet_slot, ix->outlet_slots * sizeof *ix->outlet_slot);

    /* The slots: their records in one block, then centroids and headlines
     * slot by slot. */
    put_u64(&w, ix->nst);
    story_rec *rec = calloc(ix->nst ? ix->nst : 1, sizeof *rec);
    if (!rec) return TD_STORY_NOMEM;
    for (size_t i = 0; i < ix->nst; i++) {
        const story *p = &ix->st[i];
        story_rec *r = &rec[i];
        r->id = p->id; r->thread = p->thread; r->first = p->first; r->last = p->last;
        r->near = p->near; r->first_seq = p->first_seq; r->last_seq = p->last_seq;
        r->articles = p->articles; r->copies = p->copies; r->noutlets = p->noutlets;
        r->nterms = p->nterms; r->tcap = p->tcap; r->members = p->members;
        r->prev = p->prev; r->next = p->next;
        r->head_len = p->headline ? (uint32_t)strlen(p->headline) : NONE;
        r->norm = p->norm; r->norm_spec = p->norm_spec; r->head_sim = p->head_sim;
        memcpy(r->outlets, p->outlets, sizeof r->outlets);
        r->at_mask = p->at_mask; r->after_mask = p->after_mask;
        r->state = p->state; r->gen = p->gen;
    }
    put(&w, rec, ix->nst * sizeof *rec);
    for (size_t i = 0; i < ix->nst; i++) {
        const story *p = &ix->st[i];
        if (p->state == S_ACTIVE) {
            put(&w, p->terms, p->nterms * sizeof *p->terms);
            put(&w, p->tspec, p->nterms);
        }
        if (p->headline) put(&w, p->headline, rec[i].head_len);
    }
    free(rec);
    put_u64(&w, ix->nfree);
    put(&w, ix->freel, ix->nfree * sizeof *ix->freel);
    put_u32(&w, ix->lru_head);
    put_u32(&w, ix->lru_tail);
    put_u64(&w, ix->nactive);
    put_u64(&w, ix->nretired);

    put_u64(&w, ix->nmlog);
    put_u64(&w, ix->mlog_cap);
    put(&w, ix->mlog, ix->nmlog * sizeof *ix->mlog);

    put_imap(&w, &ix->ids);
    put_imap(&w, &ix->merged);
    put_imap(&w, &ix->tparent);
    put_imap(&w, &ix->amap[0]);
    put_imap(&w, &ix->amap[1]);
    put_u32(&w, (uint32_t)ix->acur);

    /* The postings: the keys as they lie in the table, then each key's
     * list, stale entries and all, in order. */
    put_u64(&w, ix->pcap);
    put_u64(&w, ix->pused);
    put(&w, ix->pkey, ix->pcap * sizeof *ix->pkey);
    for (size_t i = 0; i < ix->pcap; i++) {
        if (!ix->pkey[i]) continue;
        const plist *l = ix->plists[i];
        uint32_t hdr[2] = { l ? l->n : 0, l ? l->cap : 0 };
        put(&w, hdr, sizeof hdr);
        if (l) put(&w, l->e, l->n * sizeof *l->e);
    }
    /* The re-checks in flight: the lone stories of the last arrivals. */
    put_u32(&w, ix->lone ? ix->lone_mask + 1 : 0);
    if (ix->lone) put(&w, ix->lone, ((size_t)ix->lone_mask + 1) * sizeof *ix->lone);
    put_u64(&w, SAVE_MAGIC);
    return w.failed ? TD_STORY_EUSAGE : TD_STORY_OK;
}

typedef struct loader {
    td_story_read_fn read;
    void *ctx;
    int err;                      /* the status of the first failure */
} loader;

static int get(loader *r, void *p, size_t n)
{
    if (r->err) return 0;
    if (n && r->read(r->ctx, p, n) != 0) { r->err = TD_STORY_ESTATE; return 0; }
    return 1;
}

static uint64_t get_u64(loader *r)
{
    uint64_t v = 0;
    get(r, &v, sizeof v);
    return v;
}

static uint32_t get_u32(loader *r)
{
    uint32_t v = 0;
    get(r, &v, sizeof v);
    return v;
}

/* Fails the load: a count or a link out of its bounds. */
static int bad(loader *r)
{
    if (!r->err) r->err = TD_STORY_ESTATE;
    return 0;
}

/* Reads n elements of size sz into a new block with room for extra more,
 * grown as the bytes arrive (from 64 KiB, doubling). NULL on failure, and
 * a block of one byte when there is nothing to hold. */
static void *get_array(loader *r, size_t n, size_t sz, size_t extra)
{
    if (r->err) return NULL;
    if (n > SIZE_MAX / 2 / sz || extra > SIZE_MAX / 2 / sz - n) { bad(r); return NULL; }
    size_t want = n * sz, total = (n + extra) * sz, done = 0;
    size_t cap = total < ((size_t)64 << 10) ? total : (size_t)64 << 10;
    unsigned char *b = malloc(cap ? cap : 1);
    if (!b) { r->err = TD_STORY_NOMEM; return NULL; }
    while (done < want) {
        if (done == cap) {
            size_t ncap = cap > total / 2 ? total : cap * 2;
            unsigned char *nb = realloc(b, ncap);
            if (!nb) { free(b); r->err = TD_STORY_NOMEM; return NULL; }
            b = nb;
            cap = ncap;
        }
        size_t step = (cap < want ? cap : want) - done;
        if (!get(r, b + done, step)) { free(b); return NULL; }
        done += step;
    }
    if (cap < total) {
        unsigned char *nb = realloc(b, total);
        if (!nb) { free(b); r->err = TD_STORY_NOMEM; return NULL; }
        b = nb;
    }
    return b;
}

static int pow2(uint64_t x) { return x && !(x & (x - 1)); }

/* Times are differences of unix seconds in the index's arithmetic: ones
 * past nine million years (2^48 s) are damage, and could overflow. */
static int sane_time(int64_t t) { return t >= -((int64_t)1 << 48) && t <= (int64_t)1 << 48; }

/* A map as saved: cap 0 (never used) or a power of two from 64, at most
 * half full, with used keys in it and at most `most`. It doubled when it
 * came to half full, so it has at most four slots a key it ever held: the
 * keys it holds, or `grown` for a map that loses keys (ids). */
static int get_imap(loader *r, imap *m, uint64_t most, uint64_t grown)
{
    uint64_t cap = get_u64(r), used = get_u64(r);
    if (r->err) return 0;
    if (cap == 0 ? used != 0
                 : !pow2(cap) || cap < 64 || used * 2 > cap || used > most ||
                       (cap > 64 && cap > 4 * (grown > used ? grown : used)))
        return bad(r);
    if (!cap) return 1;
    m->key = get_array(r, cap, sizeof *m->key, 0);
    if (m->key) m->val = get_array(r, cap, sizeof *m->val, 0);
    m->cap = cap;
    m->used = used;
    if (!m->key || !m->val) return 0;
    uint64_t n = 0;
    for (size_t i = 0; i < cap; i++) n += m->key[i] != 0;
    return n == used ? 1 : bad(r);
}

/* Every chain of a map of ids to ids (merged stories, thread parents)
 * ends: no id leads back to itself, or resolve_story and thread_root would
 * never return. Ids need not fall along a chain: regrouping drops a story
 * into one restored after it, with a newer id (td_story_remove). Each
 * slot is walked once: 1 while on the chain being walked, 2 once known
 * to end. */
static int chains_end(loader *r, const imap *m)
{
    if (!m->cap) return 1;
    uint8_t *mark = calloc(m->cap, 1);
    if (!mark) {
        r->err = TD_STORY_NOMEM;
        return 0;
    }
    int ok = 1;
    for (size_t i = 0; i < m->cap && ok; i++) {
        if (!m->key[i] || mark[i]) continue;
        size_t at = i;
        for (;;) {
            mark[at] = 1;
            size_t h = imap_slot(m, m->val[at]);
            if (h == m->cap || mark[h] == 2) break;
            if (mark[h] == 1) { ok = 0; break; }
            at = h;
        }
        /* the chain from i ends: mark it so */
        for (at = i; ok && at < m->cap && mark[at] == 1; at = imap_slot(m, m->val[at]))
            mark[at] = 2;
    }
    free(mark);
    return ok ? 1 : bad(r);
}

static int load_outlets(td_story_index *ix, loader *r)
{
    uint64_t n = get_u64(r), slots = get_u64(r);
    if (r->err) return 0;
    if (n > 65535 || (slots == 0 ? n != 0 : !pow2(slots) || slots < 64 || n * 2 > slots ||
                                              (slots > 64 && slots > 4 * n)))
        return bad(r);
    if (n) {
        ix->outlet_names = calloc(n, sizeof *ix->outlet_names);
        if (!ix->outlet_names) { r->err = TD_STORY_NOMEM; return 0; }
        ix->outlet_canon = calloc(n, sizeof *ix->outlet_canon);
        if (!ix->outlet_canon) { r->err = TD_STORY_NOMEM; return 0; }
        ix->outlet_cap = n;
    }
    for (size_t i = 0; i < n; i++) {
        uint32_t len = get_u32(r);
        char *s = get_array(r, len, 1, 1);
        if (!s) return 0;
        s[len] = '\0';
        ix->outlet_names[ix->noutlet_names++] = s;
        if (memchr(s, '\0', len)) return bad(r);
    }
    if (!slots) return 1;
    ix->outlet_slot = get_array(r, slots, sizeof *ix->outlet_slot, 0);
    if (!ix->outlet_slot) return 0;
    ix->outlet_slots = slots;
    /* every name's id once, and nothing else */
    uint8_t *seen = calloc(n + 1, 1);
    if (!seen) { r->err = TD_STORY_NOMEM; return 0; }
    size_t found = 0;
    int ok = 1;
    for (size_t k = 0; k < slots && ok; k++) {
        uint16_t id = ix->outlet_slot[k];
        if (!id) continue;
        if (id > n || seen[id]) ok = 0;
        else seen[id] = 1, found++;
    }
    free(seen);
    if (!ok || found != n) return bad(r);
    /* which names spell one outlet follows from their order */
    for (size_t i = 0; i < n; i++) {
        ix->outlet_canon[i] = (uint16_t)(i + 1);
        if (!outlet_alias(ix, (uint16_t)(i + 1))) { r->err = TD_STORY_NOMEM; return 0; }
    }
    return 1;
}

/* The slots: records, then centroids and headlines. */
static int load_stories(td_story_index *ix, loader *r)
{
    const size_t tmax = centroid_max(&ix->cfg), capmax = tmax + tmax / 4 + 8;
    uint64_t nst = get_u64(r);
    if (r->err) return 0;
    if (nst >= (1u << 24)) return bad(r);
    story_rec *rec = get_array(r, nst, sizeof *rec, 0);
    if (!rec) return 0;
    /* the capacity new_slot would have grown to */
    size_t cap = nst ? 1024 : 0;
    while (cap && cap < nst) cap *= 2;
    if (cap) {
        ix->st = calloc(cap, sizeof *ix->st);
        ix->acc = calloc(cap, sizeof *ix->acc);
        ix->touched = malloc((cap + 1) * sizeof *ix->touched);
        if (!ix->st || !ix->acc || !ix->touched) { free(rec); r->err = TD_STORY_NOMEM; return 0; }
    }
    ix->stcap = cap;
    ix->nst = nst;                /* all slots zero: freeable from here */
    size_t active = 0, retired = 0;
    for (size_t i = 0; i < nst; i++) {
        const story_rec *q = &rec[i];
        story *p = &ix->st[i];
        size_t named = q->noutlets < TD_STORY_MAX_OUTLETS ? q->noutlets : TD_STORY_MAX_OUTLETS;
        int ok = q->state <= S_RETIRED && q->nterms <= q->tcap &&
                 (q->state == S_ACTIVE ? q->tcap >= 1 && q->tcap <= capmax && q->nterms <= tmax
                                       : q->tcap == 0) &&
                 (q->state == S_FREE ? q->head_len == NONE
                                     : q->id > 0 && q->id < ix->next_id) &&
                 (q->head_len == NONE || q->head_len <= HEADLINE_MAX) &&
                 (q->state != S_ACTIVE ||
                  ((q->prev == NONE || q->prev < nst) && (q->next == NONE || q->next < nst))) &&
                 sane_time(q->first) && sane_time(q->last) && isfinite(q->norm) &&
                 isfinite(q->norm_spec) && isfinite(q->head_sim);
        for (size_t k = 0; k < named && ok; k++)
            if (q->outlets[k] > ix->noutlet_names) ok = 0;
        if (!ok) { free(rec); return bad(r); }
        p->id = q->id; p->thread = q->thread; p->first = q->first; p->last = q->last;
        p->near = q->near; p->first_seq = q->first_seq; p->last_seq = q->last_seq;
        p->articles = q->articles; p->copies = q->copies; p->noutlets = q->noutlets;
        p->members = q->members; p->prev = q->prev; p->next = q->next;
        p->norm = q->norm; p->norm_spec = q->norm_spec; p->head_sim = q->head_sim;
        memcpy(p->outlets, q->outlets, sizeof p->outlets);
        p->at_mask = q->at_mask; p->after_mask = q->after_mask;
        p->state = q->state; p->gen = q->gen;
        set_tag(ix, (uint32_t)i);
        active += q->state == S_ACTIVE;
        retired += q->state == S_RETIRED;
    }
    for (size_t i = 0; i < nst; i++) {
        const story_rec *q = &rec[i];
        story *p = &ix->st[i];
        if (q->state == S_ACTIVE) {
            p->terms = malloc(q->tcap * (sizeof *p->terms + 1));
            if (!p->terms) { free(rec); r->err = TD_STORY_NOMEM; return 0; }
            p->tspec = (uint8_t *)(p->terms + q->tcap);
            p->tcap = q->tcap;
            p->nterms = q->nterms;
            if (!get(r, p->terms, q->nterms * sizeof *p->terms) || !get(r, p->tspec, q->nterms)) {
                free(rec);
                return 0;
            }
            for (uint32_t k = 0; k < q->nterms; k++)
                if (!isfinite(p->terms[k].weight) || p->tspec[k] > 1 ||
                    (k && p->terms[k].term <= p->terms[k - 1].term)) {
                    free(rec);
                    return bad(r);
                }
        }
        if (q->head_len != NONE) {
            p->headline = malloc(q->head_len + 1);
            if (!p->headline) { free(rec); r->err = TD_STORY_NOMEM; return 0; }
            if (!get(r, p->headline, q->head_len)) { free(rec); return 0; }
            p->headline[q->head_len] = '\0';
            if (memchr(p->headline, '\0', q->head_len)) { free(rec); return bad(r); }
        }
    }
    free(rec);

    uint64_t nfree = get_u64(r);
    if (r->err) return 0;
    if (nfree > nst) return bad(r);
    ix->freel = get_array(r, nfree, sizeof *ix->freel, 0);
    if (!ix->freel) return 0;
    ix->nfree = nfree;
    /* free slots only, each once: one listed twice would be handed out
     * to two stories */
    uint8_t *seen = calloc(nst ? nst : 1, 1);
    if (!seen) { r->err = TD_STORY_NOMEM; return 0; }
    int ok = 1;
    for (size_t i = 0; i < nfree && ok; i++) {
        uint32_t s = ix->freel[i];
        if (s >= nst || ix->st[s].state != S_FREE || seen[s]) ok = 0;
        else seen[s] = 1;
    }
    free(seen);
    if (!ok) return bad(r);

    ix->lru_head = get_u32(r);
    ix->lru_tail = get_u32(r);
    uint64_t nactive = get_u64(r), nretired = get_u64(r);
    if (r->err) return 0;
    if (nactive != active || nretired != retired) return bad(r);
    ix->nactive = active;
    ix->nretired = retired;
    /* The LRU list: from the head, every active slot once, each linked
     * back to the one before, ending at the tail. */
    uint32_t s = ix->lru_head, prev = NONE;
    size_t n = 0;
    while (s != NONE) {
        if (s >= nst || n == active || ix->st[s].state != S_ACTIVE || ix->st[s].prev != prev)
            return bad(r);
        prev = s;
        s = ix->st[s].next;
        n++;
    }
    if (n != active || ix->lru_tail != prev) return bad(r);
    return 1;
}

static int load_postings(td_story_index *ix, loader *r)
{
    uint64_t pcap = get_u64(r), pused = get_u64(r);
    if (r->err) return 0;
    if (pcap == 0 ? pused != 0 : !pow2(pcap) || pcap < 1024 || pused * 2 > pcap)
        return bad(r);
    if (!pcap) return 1;
    /* the table of lists is allocated once the keys are there */
    ix->pkey = get_array(r, pcap, sizeof *ix->pkey, 0);
    if (!ix->pkey) return 0;
    ix->plists = calloc(pcap, sizeof *ix->plists);
    if (!ix->plists) { r->err = TD_STORY_NOMEM; return 0; }
    ix->pcap = pcap;
    ix->pused = pused;
    size_t keys = 0;
    for (size_t i = 0; i < pcap; i++) keys += ix->pkey[i] != 0;
    if (keys != pused) return bad(r);
    for (size_t i = 0; i < pcap; i++) {
        if (!ix->pkey[i]) continue;
        uint32_t hdr[2] = { 0, 0 };
        if (!get(r, hdr, sizeof hdr)) return 0;
        uint32_t n = hdr[0], cap = hdr[1];
        if (cap == 0) {
            if (n) return bad(r);
            continue;
        }
        if (!pow2(cap) || cap < 4 || cap > MAX_POSTINGS || n > cap) return bad(r);
        plist *l = malloc(sizeof *l + cap * sizeof l->e[0]);
        if (!l) { r->err = TD_STORY_NOMEM; return 0; }
        l->n = n;
        l->cap = cap;
        ix->plists[i] = l;
        if (!get(r, l->e, n * sizeof l->e[0])) return 0;
        for (uint32_t k = 0; k < n; k++)
            if ((l->e[k] & 0xFFFFFF) >= ix->nst) return bad(r);
    }
    return 1;
}

/* Loads into ix, made by td_story_index_new with the configuration the
 * caller asked for; 1 on success, else 0 with r->err set. */
static int load_state(td_story_index *ix, loader *r)
{
    unsigned char want[CFG_BYTES], have[CFG_BYTES];
    size_t nwant = config_bytes(&ix->cfg, want);
    if (get_u64(r) != SAVE_MAGIC || get_u32(r) != SAVE_VERSION || get_u32(r) != nwant)
        return bad(r);
    if (!get(r, have, nwant)) return 0;
    if (memcmp(want, have, nwant) != 0) return bad(r);

    ix->ndocs = get_u64(r);
    ix->next_id = (int64_t)get_u64(r);
    ix->seq = get_u64(r);
    ix->now = (int64_t)get_u64(r);
    uint64_t tmp_cap = get_u64(r);
    td_story_stats *st = &ix->stats;
    uint64_t v[10];
    for (int i = 0; i < 10; i++) v[i] = get_u64(r);
    st->articles = v[0]; st->copies = v[1]; st->stories = v[2]; st->threads = v[3];
    st->merges = v[4]; st->thread_merges = v[5]; st->active = v[6]; st->retired = v[7];
    st->candidates = v[8]; st->bytes = v[9];
    if (r->err) return 0;
    /* The scratch a merge grew is kept at its size: it caps the
     * candidates an article reads (td_story_add). It grows to the largest
     * centroid plus what is added to it (a centroid or an article; an
     * outsize centroid given to td_story_restore could take it further,
     * and its state is refused). */
    size_t tmp_min = (size_t)ix->cfg.centroid_terms + ix->cfg.max_terms;
    if (ix->next_id < 1 || ix->next_id == INT64_MAX || !sane_time(ix->now) || tmp_cap < tmp_min ||
        tmp_cap > 2 * centroid_max(&ix->cfg) + ix->cfg.max_terms)
        return bad(r);
    if (grow_scratch(ix, (size_t)tmp_cap) != TD_STORY_OK) {
        r->err = TD_STORY_NOMEM;
        return 0;
    }
    if (!get(r, ix->df, ((size_t)ix->df_mask + 1) * sizeof *ix->df)) return 0;

    if (!load_outlets(ix, r) || !load_stories(ix, r)) return 0;

    uint64_t nmlog = get_u64(r), mlog_cap = get_u64(r);
    if (r->err) return 0;
    if (mlog_cap == 0 ? nmlog != 0 : !pow2(mlog_cap) || mlog_cap < 64 || nmlog > mlog_cap ||
                                         (mlog_cap > 64 && mlog_cap > 2 * nmlog))
        return bad(r);
    if (mlog_cap) {
        ix->mlog = get_array(r, nmlog, sizeof *ix->mlog, mlog_cap - nmlog);
        if (!ix->mlog) return 0;
        ix->nmlog = nmlog;
        ix->mlog_cap = mlog_cap;
    }

    /* ids: every story's id to its slot, and nothing else */
    if (!get_imap(r, &ix->ids, ix->nst, ix->nst)) return 0;
    size_t held = 0;
    for (size_t i = 0; i < ix->nst; i++) held += ix->st[i].state != S_FREE;
    if (ix->ids.used != held) return bad(r);
    for (size_t i = 0; i < ix->ids.cap; i++) {
        if (!ix->ids.key[i]) continue;
        int64_t s = ix->ids.val[i];
        if (s < 0 || (uint64_t)s >= ix->nst || ix->st[s].state == S_FREE ||
            ix->st[s].id != ix->ids.key[i])
            return bad(r);
    }
    if (!get_imap(r, &ix->merged, nmlog, 0) || !chains_end(r, &ix->merged)) return 0;
    if (!get_imap(r, &ix->tparent, ix->stats.thread_merges, 0) || !chains_end(r, &ix->tparent))
        return 0;
    uint64_t remembered = ix->cfg.max_copy_map < ix->seq ? ix->cfg.max_copy_map : ix->seq;
    if (!get_imap(r, &ix->amap[0], remembered, 0) || !get_imap(r, &ix->amap[1], remembered, 0))
        return 0;
    uint32_t acur = get_u32(r);
    if (r->err) return 0;
    if (acur > 1) return bad(r);
    ix->acur = (int)acur;

    if (!load_postings(ix, r)) return 0;
    /* The ring of lone stories, its size the configuration's: ids that
     * were handed out, or 0. An id since merged away or retired is
     * skipped when its turn comes, as in the index that saved it. */
    uint32_t lone = get_u32(r);
    if (r->err) return 0;
    if (lone != (ix->lone ? ix->lone_mask + 1 : 0)) return bad(r);
    if (lone) {
        if (!get(r, ix->lone, (size_t)lone * sizeof *ix->lone)) return 0;
        for (uint32_t i = 0; i < lone; i++)
            if (ix->lone[i] < 0 || ix->lone[i] >= ix->next_id) return bad(r);
    }
    if (get_u64(r) != SAVE_MAGIC) return bad(r);
    return 1;
}

int td_story_load(const td_story_config *cfg, td_story_read_fn read, void *ctx,
                  td_story_index **out)
{
    *out = NULL;
    td_story_index *ix;
    int rc = td_story_index_new(cfg, &ix);
    if (rc == TD_STORY_EUSAGE) return TD_STORY_ESTATE; /* no state was saved with it */
    if (rc != TD_STORY_OK) return rc;
    loader r = { read, ctx, 0 };
    if (!load_state(ix, &r)) {
        td_story_index_free(ix);
        return r.err ? r.err : TD_STORY_ESTATE;
    }
    *out = ix;
    return TD_STORY_OK;
}
