/*
 * kb.c -- the actor knowledge base: loader and matcher (see kb.h).
 *
 * Every data file is plain UTF-8 text, one record per line, fields
 * separated by tabs; data/actors/README.md documents the grammar, which is
 * the same for the shipped files and a user's --actors FILE.
 *
 * The matcher is a hash table of normalised name keys. A key is the text
 * a name spans, normalised (white space collapsed, typographic apostrophes
 * and dashes folded, a full stop before a space or at the end dropped), so
 * it does not depend on how the caller cut the text into tokens: the
 * tokens only say where a name may end. Every word boundary inside a name
 * is also stored as a "prefix" key, so a longest match from token i walks
 * right one token at a time and stops at the first key that is neither a
 * name nor a prefix: most tokens cost one probe. Titles live in a second
 * table keyed on lower-cased text.
 *
 * The file reads top-down: storage (string pool, hash tables), key
 * normalisation, indexing, the line parser and loaders, finalisation, and
 * the lookups.
 */
#include "extract/kb.h"
#include "util/text.h"

#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <xxhash.h>

#ifndef TD_SRCDATA
#define TD_SRCDATA ""
#endif
#ifndef TD_DATADIR
#define TD_DATADIR ""
#endif
#ifndef TD_BUILDDATA
#define TD_BUILDDATA ""
#endif

#define KB_LINE_MAX 4096  /* longest line a data file may hold */
#define KB_KEY_MAX 160    /* longest normalised name, in bytes */
#define KB_MAX_TOK 16     /* most tokens a match may span */
#define KB_MAX_FIELDS 10
#define KB_MAX_ITEMS 64   /* aliases in one field */
#define KB_MAX_ENTRIES (1u << 24)
#define KB_FILTER_BITS (1u << 19) /* 64 KiB; about 3% false hits at 16k keys */
#define TITLE_FIRST_BITS 8192u    /* 1 KiB; a few hundred first words */
#define KB_ISO_JSON "/usr/share/iso-codes/json/iso_3166-1.json"

/* ---- 1. Storage ------------------------------------------------------------ */

/* Strings live in chunks that never move, so entries can point into them
 * while the arrays around them grow. */
typedef struct pool_chunk {
    struct pool_chunk *next;
    size_t used, cap;
    char data[];
} pool_chunk;

typedef struct hslot {
    uint64_t h;
    const char *key; /* NULL: empty slot */
    uint32_t klen;
    uint32_t val;
} hslot;

typedef struct htab {
    hslot *s;
    uint32_t cap, n; /* cap is a power of two */
} htab;

enum { K_PREFIX = 1, K_NAME = 2, K_DOT = 4 };

/* What a name key leads to: up to TD_KB_MAXCAND entries, best first. */
typedef struct nrec {
    uint32_t cand[TD_KB_MAXCAND];
    uint8_t form[TD_KB_MAXCAND];
    uint8_t ncand;
    uint8_t flags;
} nrec;

typedef struct trec {
    const char *role; /* NULL for a pure modifier ("acting") */
    uint8_t flags;    /* K_* */
    uint8_t rank;
    uint8_t tflags;   /* TD_ROLE_* */
} trec;

/* An office as read, before its person is known to exist. */
typedef struct raw_office {
    td_kb_office o;
    const char *person; /* the person's id */
    const char *where;  /* file:line, for the error if it is unknown */
    uint32_t seq;       /* order read */
} raw_office;

struct td_kb {
    td_kb_entry *ent;
    uint32_t nent, capent;

    htab ids;      /* id (and "a2:XX") -> entry */
    htab names;    /* normalised name -> nrec */
    nrec *nrecs;
    uint32_t nnrec, capnrec;
    htab titles;   /* lower-cased phrase -> trec */
    trec *trecs;
    uint32_t ntrec, captrec;
    htab given;    /* given names */
    htab common;   /* common English words, lower case */
    uint8_t first[256]; /* bytes a name key may start with */
    uint64_t *filter;   /* one bit per name key hash: most tokens start no
                           name, and this answers without touching the
                           table, which is too big for the cache */
    uint64_t tfirst[TITLE_FIRST_BITS / 64]; /* one bit per first word of a
                           title: the title probe runs on every word, and
                           most start none */

    raw_office *raw;
    uint32_t nraw, capraw;
    td_kb_office *offices; /* raw offices grouped per person, oldest first */

    pool_chunk *pool;
    size_t bytes; /* heap bytes held, for td_kb_stats */
    uint32_t skipped_common; /* person aliases not indexed: common words */
    int cities_loaded;
    char note[512];
};

static void *kb_realloc(td_kb *kb, void *p, size_t oldn, size_t n)
{
    void *q = realloc(p, n);
    if (q) kb->bytes += n - oldn;
    return q;
}

static char *pool_alloc(td_kb *kb, size_t n)
{
    pool_chunk *c = kb->pool;
    if (!c || c->cap - c->used < n) {
        size_t cap = n > 65536 ? n : 65536;
        c = malloc(sizeof *c + cap);
        if (!c) return NULL;
        kb->bytes += sizeof *c + cap;
        c->cap = cap;
        c->used = 0;
        c->next = kb->pool;
        kb->pool = c;
    }
    char *p = c->data + c->used;
    c->used += n;
    return p;
}

static const char *pool_strndup(td_kb *kb, const char *s, size_t n)
{
    char *p = pool_alloc(kb, n + 1);
    if (!p) return NULL;
    memcpy(p, s, n);
    p[n] = 0;
    return p;
}

static uint64_t hash_bytes(const char *s, size_t n)
{
    return XXH3_64bits(s, n);
}

/* The value stored for key, or -1. */
static int64_t ht_get(const htab *t, const char *k, size_t n, uint64_t h)
{
    if (!t->cap) return -1;
    uint32_t mask = t->cap - 1;
    for (uint32_t i = (uint32_t)h & mask;; i = (i + 1) & mask) {
        const hslot *s = &t->s[i];
        if (!s->key) return -1;
        if (s->h == h && s->klen == n && memcmp(s->key, k, n) == 0) return s->val;
    }
}

static int ht_grow(td_kb *kb, htab *t)
{
    uint32_t ncap = t->cap ? t->cap * 2 : 1024;
    hslot *ns = calloc(ncap, sizeof *ns);
    if (!ns) return -1;
    kb->bytes += (size_t)ncap * sizeof *ns;
    for (uint32_t i = 0; i < t->cap; i++) {
        if (!t->s[i].key) continue;
        uint32_t j = (uint32_t)t->s[i].h & (ncap - 1);
        while (ns[j].key) j = (j + 1) & (ncap - 1);
        ns[j] = t->s[i];
    }
    kb->bytes -= (size_t)t->cap * sizeof *ns;
    free(t->s);
    t->s = ns;
    t->cap = ncap;
    return 0;
}

/* Inserts key (copied into the pool) with val; the key must be absent. */
static int ht_put(td_kb *kb, htab *t, const char *k, size_t n, uint64_t h, uint32_t val)
{
    if ((t->n + 1) * 2 > t->cap && ht_grow(kb, t) < 0) return -1;
    const char *key = pool_strndup(kb, k, n);
    if (!key) return -1;
    uint32_t mask = t->cap - 1, i = (uint32_t)h & mask;
    while (t->s[i].key) i = (i + 1) & mask;
    t->s[i] = (hslot){h, key, (uint32_t)n, val};
    t->n++;
    return 0;
}

/* ---- 2. Key normalisation ------------------------------------------------ */

enum { M_EXACT, M_CAPS, M_LOWER };

static int is_wordbyte(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c >= 0x80;
}

static int is_upper(unsigned char c) { return c >= 'A' && c <= 'Z'; }
static int is_lower(unsigned char c) { return c >= 'a' && c <= 'z'; }

/* Length of the white space or of the folded character at s[i]: *kind is
 * ' ' for white space, '\'' or '-' for a folded apostrophe or dash, 0
 * for anything else. */
static size_t special_at(const unsigned char *s, size_t n, size_t i, int *kind)
{
    unsigned char c = s[i];
    *kind = 0;
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
        *kind = ' ';
        return 1;
    }
    if (c == 0xC2 && i + 1 < n && s[i + 1] == 0xA0) { /* no-break space */
        *kind = ' ';
        return 2;
    }
    if (c == 0xCA && i + 1 < n && s[i + 1] == 0xBC) { /* modifier apostrophe */
        *kind = '\'';
        return 2;
    }
    if (c == 0xE2 && i + 2 < n && s[i + 1] == 0x80) {
        unsigned char d = s[i + 2];
        if (d <= 0x8A || d == 0xAF) { /* U+2000..200A, U+202F spaces */
            *kind = ' ';
            return 3;
        }
        if (d >= 0x90 && d <= 0x95) { /* hyphens and dashes */
            *kind = '-';
            return 3;
        }
        if (d == 0x98 || d == 0x99) { /* single quotes */
            *kind = '\'';
            return 3;
        }
    }
    if (c == 0xE2 && i + 2 < n && s[i + 1] == 0x88 && s[i + 2] == 0x92) { /* minus */
        *kind = '-';
        return 3;
    }
    return 1;
}

/*
 * Normalises s[0..n) into out (room for cap bytes) and returns the length,
 * or 0 when the key is empty or longer than cap. *dot tells whether a full
 * stop was dropped at the end ("U.S." -> "U.S").
 *
 * M_CAPS writes a word of two or more ASCII capitals in title case
 * ("IRAN" -> "Iran"); M_LOWER lower-cases ASCII. In the name modes a
 * leading "The" becomes "the", so "The Guardian" and "the Guardian" are
 * one key.
 */
static size_t normkey(const char *str, size_t n, int mode, char *out, size_t cap, int *dot)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t o = 0;
    int pspace = 0, pdot = 0;
    size_t wend = 0; /* end of the current word, for M_CAPS */
    int wfold = 0;
    for (size_t i = 0; i < n;) {
        unsigned char b = s[i];
        /* the common case: a plain ASCII letter or digit inside a word */
        if (b < 0x80 && b > ' ' && b != '.' && (mode == M_EXACT || (mode == M_CAPS && i < wend && !wfold) ||
                                                (mode == M_LOWER)) &&
            !pdot && !pspace && o < cap) {
            out[o++] = (char)(mode == M_LOWER && is_upper(b) ? b + 32 : b);
            i++;
            continue;
        }
        int kind;
        size_t l = special_at(s, n, i, &kind);
        if (kind == ' ') {
            pdot = 0;
            pspace = o > 0;
            i += l;
            continue;
        }
        if (kind == 0 && s[i] == '.') {
            pdot = 1;
            i++;
            continue;
        }
        if (o + 3 > cap) return 0;
        if (pdot) out[o++] = '.';
        if (pspace) out[o++] = ' ';
        pdot = pspace = 0;
        if (kind) {
            out[o++] = (char)kind;
            i += l;
            continue;
        }
        unsigned char c = s[i];
        if (mode == M_CAPS && i >= wend && is_wordbyte(c)) {
            /* a new word: fold it when it is all ASCII capitals */
            size_t j = i;
            int up = 0, other = 0;
            while (j < n && is_wordbyte(s[j])) {
                if (is_upper(s[j])) up++;
                else if (is_lower(s[j]) || s[j] >= 0x80) other++;
                j++;
            }
            wend = j;
            wfold = up >= 2 && !other;
            if (wfold) {
                out[o++] = (char)c;
                i++;
                continue;
            }
        }
        if ((mode == M_CAPS && wfold && i < wend) || mode == M_LOWER)
            c = is_upper(c) ? (unsigned char)(c + 32) : c;
        out[o++] = (char)c;
        i++;
    }
    *dot = pdot;
    if (mode != M_LOWER && o >= 3 && out[0] == 'T' && out[1] == 'h' && out[2] == 'e' &&
        (o == 3 || out[3] == ' '))
        out[0] = 't';
    return o;
}

/* ---- 3. Indexing --------------------------------------------------------- */

static int err_set(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int err_set(char *err, size_t errlen, const char *fmt, ...)
{
    if (err && errlen) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, errlen, fmt, ap);
        va_end(ap);
    }
    return 0;
}

/* Lower is better: countries, then named bodies and people, capitals and
 * very big cities, regions, provincial seats, other cities; bigger first. */
static uint64_t ent_score(const td_kb *kb, uint32_t e)
{
    const td_kb_entry *x = &kb->ent[e];
    uint64_t cls;
    switch (x->type) {
    case TD_ENT_COUNTRY: cls = 0; break;
    case TD_ENT_PERSON:
    case TD_ENT_ORG:
    case TD_ENT_OUTLET: cls = 1; break;
    case TD_ENT_REGION: cls = 3; break;
    case TD_ENT_CITY:
        if (strcmp(x->kind, "capital") == 0 || x->population >= 5000000) cls = 2;
        else if (strcmp(x->kind, "admin") == 0) cls = 4;
        else cls = 5;
        break;
    default: cls = 6;
    }
    return (cls << 32) | (uint32_t)(0xFFFFFFFFu - x->population);
}

static nrec *nrec_new(td_kb *kb, uint32_t *idx)
{
    if (kb->nnrec == kb->capnrec) {
        uint32_t nc = kb->capnrec ? kb->capnrec * 2 : 4096;
        nrec *p = kb_realloc(kb, kb->nrecs, kb->capnrec * sizeof *p, nc * sizeof *p);
        if (!p) return NULL;
        kb->nrecs = p;
        kb->capnrec = nc;
    }
    *idx = kb->nnrec;
    nrec *r = &kb->nrecs[kb->nnrec++];
    memset(r, 0, sizeof *r);
    return r;
}

/* The name record of key, created if absent. */
static nrec *name_rec(td_kb *kb, const char *k, size_t n)
{
    uint64_t h = hash_bytes(k, n);
    int64_t v = ht_get(&kb->names, k, n, h);
    if (v >= 0) return &kb->nrecs[v];
    uint32_t idx;
    if (!nrec_new(kb, &idx)) return NULL;
    if (ht_put(kb, &kb->names, k, n, h, idx) < 0) return NULL;
    return &kb->nrecs[idx];
}

/* Adds entry e to a record, keeping the best TD_KB_MAXCAND. */
static void nrec_add(const td_kb *kb, nrec *r, uint32_t e, int form)
{
    for (uint32_t i = 0; i < r->ncand; i++)
        if (r->cand[i] == e) return;
    uint64_t sc = ent_score(kb, e);
    uint32_t pos = r->ncand;
    while (pos > 0 && ent_score(kb, r->cand[pos - 1]) > sc) pos--;
    if (pos >= TD_KB_MAXCAND) return;
    uint32_t last = r->ncand < TD_KB_MAXCAND ? r->ncand : TD_KB_MAXCAND - 1;
    for (uint32_t i = last; i > pos; i--) {
        r->cand[i] = r->cand[i - 1];
        r->form[i] = r->form[i - 1];
    }
    r->cand[pos] = e;
    r->form[pos] = (uint8_t)form;
    if (r->ncand < TD_KB_MAXCAND) r->ncand++;
}

/* Marks every word boundary inside key as a prefix, so a walk over the
 * tokens of a longer name goes on past it. */
static int add_prefixes(td_kb *kb, const char *k, size_t n)
{
    for (size_t p = 1; p < n; p++) {
        if (!is_wordbyte((unsigned char)k[p - 1]) || is_wordbyte((unsigned char)k[p])) continue;
        nrec *r = name_rec(kb, k, p);
        if (!r) return -1;
        r->flags |= K_PREFIX;
    }
    return 0;
}

static int is_acronym(const char *s, size_t n)
{
    int up = 0;
    for (size_t i = 0; i < n; i++) {
        if (is_lower((unsigned char)s[i]) || (unsigned char)s[i] >= 0x80) return 0;
        up += is_upper((unsigned char)s[i]);
    }
    return up >= 2;
}

static int in_set(const htab *t, const char *s, size_t n)
{
    return ht_get(t, s, n, hash_bytes(s, n)) >= 0;
}

static int lower_in_set(const htab *t, const char *s, size_t n)
{
    char b[KB_KEY_MAX];
    if (n > sizeof b) return 0;
    for (size_t i = 0; i < n; i++) b[i] = is_upper((unsigned char)s[i]) ? (char)(s[i] + 32) : s[i];
    return in_set(t, b, n);
}

/* Indexes one name of entry e. Returns -1 on memory failure, 0 when the
 * name was indexed or deliberately left out. */
static int index_name(td_kb *kb, uint32_t e, const char *s, size_t n, int form)
{
    char key[KB_KEY_MAX];
    int dot;
    size_t k = normkey(s, n, M_EXACT, key, sizeof key, &dot);
    if (!k || !is_wordbyte((unsigned char)key[k - 1])) return 0;
    /* A surname that is also a common word ("Rice", "May") would match
     * every sentence that uses the word; people need more than that. */
    if (kb->ent[e].type == TD_ENT_PERSON && !memchr(key, ' ', k) &&
        lower_in_set(&kb->common, key, k)) {
        kb->skipped_common++;
        return 0;
    }
    if (form == TD_KB_NAME && is_acronym(key, k)) form = TD_KB_ACRONYM;
    if (add_prefixes(kb, key, k) < 0) return -1;
    nrec *r = name_rec(kb, key, k);
    if (!r) return -1;
    r->flags |= K_NAME | (dot ? K_DOT : 0);
    nrec_add(kb, r, e, form);
    kb->first[(unsigned char)key[0]] = 1;
    if (key[0] == 't' && k > 4 && memcmp(key, "the ", 4) == 0) kb->first['T'] = 1;
    return 0;
}

/* The bit of tfirst for the word at s: its leading ASCII letters and
 * digits, lower-cased ("Brig." and "brig. gen." give "brig", "U.S." "u"),
 * or -1 when it starts with anything else (such a word is always looked
 * up). Normalisation (normkey) leaves those bytes as they are but for
 * case, so a text's word and a title's key agree. */
static int first_word_bit(const char *s, size_t n)
{
    uint32_t h = 2166136261u;
    size_t i = 0;
    for (; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (is_upper(c)) c = (unsigned char)(c + 32);
        else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) break;
        h = (h ^ c) * 16777619u;
    }
    return i ? (int)(h & (TITLE_FIRST_BITS - 1)) : -1;
}

static int index_title(td_kb *kb, const char *s, size_t n, const char *role, int rank,
                       int tflags)
{
    char key[KB_KEY_MAX];
    int dot;
    size_t k = normkey(s, n, M_LOWER, key, sizeof key, &dot);
    if (!k || !is_wordbyte((unsigned char)key[k - 1])) return 0;
    int bit = first_word_bit(key, k);
    if (bit >= 0) kb->tfirst[bit / 64] |= 1ull << (bit % 64);
    for (size_t p = 1; p <= k; p++) {
        if (p < k && (!is_wordbyte((unsigned char)key[p - 1]) || is_wordbyte((unsigned char)key[p])))
            continue;
        uint64_t h = hash_bytes(key, p);
        int64_t v = ht_get(&kb->titles, key, p, h);
        if (v < 0) {
            if (kb->ntrec == kb->captrec) {
                uint32_t nc = kb->captrec ? kb->captrec * 2 : 256;
                trec *t = kb_realloc(kb, kb->trecs, kb->captrec * sizeof *t, nc * sizeof *t);
                if (!t) return -1;
                kb->trecs = t;
                kb->captrec = nc;
            }
            v = kb->ntrec;
            memset(&kb->trecs[v], 0, sizeof kb->trecs[v]);
            kb->ntrec++;
            if (ht_put(kb, &kb->titles, key, p, h, (uint32_t)v) < 0) return -1;
        }
        trec *t = &kb->trecs[v];
        if (p < k) {
            t->flags |= K_PREFIX;
        } else {
            t->flags |= K_NAME | (dot ? K_DOT : 0);
            t->role = role;
            t->rank = (uint8_t)rank;
            t->tflags = (uint8_t)tflags;
        }
    }
    return 0;
}

static int add_word(td_kb *kb, htab *t, const char *s, size_t n, int lower)
{
    char b[KB_KEY_MAX];
    if (!n || n > sizeof b) return 0;
    for (size_t i = 0; i < n; i++)
        b[i] = lower && is_upper((unsigned char)s[i]) ? (char)(s[i] + 32) : s[i];
    uint64_t h = hash_bytes(b, n);
    if (ht_get(t, b, n, h) >= 0) return 0;
    return ht_put(kb, t, b, n, h, 1);
}

/* ---- 4. Entries ---------------------------------------------------------- */

static const char *const type_prefix[TD_ENT_NTYPES] = {
    NULL, "person", "org", "country", "city", "region", "outlet"};

static int32_t find_id(const td_kb *kb, const char *id, size_t n)
{
    int64_t v = ht_get(&kb->ids, id, n, hash_bytes(id, n));
    return v < 0 ? -1 : (int32_t)v;
}

/* The entry with this id, created (with name as its canonical name) when
 * new. *fresh tells which. */
static int32_t ent_get(td_kb *kb, const char *id, size_t idn, int type, int *fresh)
{
    int32_t e = find_id(kb, id, idn);
    *fresh = 0;
    if (e >= 0) return e;
    if (kb->nent >= KB_MAX_ENTRIES) return -1;
    if (kb->nent == kb->capent) {
        uint32_t nc = kb->capent ? kb->capent * 2 : 1024;
        td_kb_entry *p = kb_realloc(kb, kb->ent, kb->capent * sizeof *p, nc * sizeof *p);
        if (!p) return -1;
        kb->ent = p;
        kb->capent = nc;
    }
    const char *pid = pool_strndup(kb, id, idn);
    if (!pid) return -1;
    e = (int32_t)kb->nent;
    td_kb_entry *x = &kb->ent[kb->nent++];
    memset(x, 0, sizeof *x);
    x->id = pid;
    x->name = "";
    x->kind = "";
    x->type = type;
    if (ht_put(kb, &kb->ids, id, idn, hash_bytes(id, idn), (uint32_t)e) < 0) return -1;
    *fresh = 1;
    return e;
}

/* An alpha-3 or alpha-2 code into out[4]; 0 when unknown. Alpha-2 codes
 * map through the countries known so far. */
static int country_code(const td_kb *kb, const char *s, size_t n, char out[4])
{
    if (n == 3 && is_upper(s[0]) && is_upper(s[1]) && is_upper(s[2])) {
        memcpy(out, s, 3);
        out[3] = 0;
        return 1;
    }
    if (n == 2 && is_upper(s[0]) && is_upper(s[1])) {
        char k[5] = {'a', '2', ':', s[0], s[1]};
        int32_t e = find_id(kb, k, 5);
        if (e < 0) return 0;
        memcpy(out, kb->ent[e].country, 4);
        return 1;
    }
    return 0;
}

/* ---- 5. The line parser -------------------------------------------------- */

typedef struct field {
    const char *s;
    size_t n;
} field;

typedef struct loadctx {
    td_kb *kb;
    const char *file;
    unsigned long line;
    char *err;
    size_t errlen;
} loadctx;

static int perr(loadctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int perr(loadctx *c, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    err_set(c->err, c->errlen, "%s:%lu: %s", c->file, c->line, msg);
    return TD_KB_EPARSE;
}

static int oom(loadctx *c)
{
    err_set(c->err, c->errlen, "%s:%lu: out of memory", c->file, c->line);
    return TD_KB_ENOMEM;
}

static field trim(const char *s, size_t n)
{
    while (n && (*s == ' ')) s++, n--;
    while (n && (s[n - 1] == ' ')) n--;
    return (field){s, n};
}

static int is_dash(field f) { return f.n == 0 || (f.n == 1 && f.s[0] == '-'); }

static int feq(field f, const char *lit)
{
    return f.n == strlen(lit) && memcmp(f.s, lit, f.n) == 0;
}

/* Splits a '|'-separated field into items; -1 when there are too many. */
static int split_items(field f, field *items, int max)
{
    int k = 0;
    if (is_dash(f)) return 0;
    const char *p = f.s, *end = f.s + f.n;
    while (p <= end) {
        const char *q = memchr(p, '|', (size_t)(end - p));
        if (!q) q = end;
        field it = trim(p, (size_t)(q - p));
        if (it.n) {
            if (k == max) return -1;
            items[k++] = it;
        }
        p = q + 1;
    }
    return k;
}

/* YYYY, YYYY-MM or YYYY-MM-DD. */
static int valid_date(field f)
{
    static const char *const shapes[] = {"dddd", "dddd-dd", "dddd-dd-dd"};
    for (size_t i = 0; i < 3; i++) {
        if (f.n != strlen(shapes[i])) continue;
        size_t k = 0;
        for (; k < f.n; k++)
            if (shapes[i][k] == 'd' ? !(f.s[k] >= '0' && f.s[k] <= '9') : f.s[k] != '-') break;
        if (k < f.n) continue;
        if (f.n >= 7 && (memcmp(f.s + 5, "01", 2) < 0 || memcmp(f.s + 5, "12", 2) > 0)) return 0;
        if (f.n == 10 && (memcmp(f.s + 8, "01", 2) < 0 || memcmp(f.s + 8, "31", 2) > 0)) return 0;
        return 1;
    }
    return 0;
}

static int add_names(loadctx *c, uint32_t e, field f, int form, const char *what)
{
    field it[KB_MAX_ITEMS];
    int k = split_items(f, it, KB_MAX_ITEMS);
    if (k < 0) return perr(c, "more than %d %s", KB_MAX_ITEMS, what);
    for (int i = 0; i < k; i++)
        if (index_name(c->kb, e, it[i].s, it[i].n, form) < 0) return oom(c);
    return 0;
}

/* ID NAME KIND COUNTRY ALIASES DEMONYMS ATTRS */
static int parse_entity(loadctx *c, field *f, int nf)
{
    td_kb *kb = c->kb;
    field id = f[0];
    const char *colon = memchr(id.s, ':', id.n);
    int type = TD_ENT_NONE;
    for (int t = 1; t < TD_ENT_NTYPES && colon; t++)
        if ((size_t)(colon - id.s) == strlen(type_prefix[t]) &&
            memcmp(id.s, type_prefix[t], (size_t)(colon - id.s)) == 0)
            type = t;
    if (!type)
        return perr(c, "unknown record \"%.*s\" (want an id such as person:..., org:..., "
                       "or office, title, given, common)",
                    (int)(id.n > 40 ? 40 : id.n), id.s);
    if ((size_t)(colon - id.s) + 1 == id.n) return perr(c, "empty id after \"%.*s\"",
                                                          (int)(colon - id.s + 1), id.s);
    for (size_t i = 0; i < id.n; i++)
        if (id.s[i] == ' ' || id.s[i] == '|') return perr(c, "an id may not hold spaces or '|'");
    if (nf < 2) return perr(c, "want at least an id and a name");
    int fresh;
    int32_t e = ent_get(kb, id.s, id.n, type, &fresh);
    if (e < 0) return oom(c);
    td_kb_entry *x = &kb->ent[e];
    if (x->type != type) return perr(c, "id %s has another type", x->id);
    if (!is_dash(f[1])) {
        if (x->name[0] && f[1].n == strlen(x->name) && memcmp(x->name, f[1].s, f[1].n) == 0) {
            /* same name again */
        } else {
            const char *nm = pool_strndup(kb, f[1].s, f[1].n);
            if (!nm) return oom(c);
            x = &kb->ent[e];
            x->name = nm;
            if (index_name(kb, (uint32_t)e, f[1].s, f[1].n, TD_KB_NAME) < 0) return oom(c);
        }
    } else if (fresh) {
        return perr(c, "a new entry needs a name");
    }
    x = &kb->ent[e];
    if (nf > 2 && !is_dash(f[2])) {
        const char *kind = pool_strndup(kb, f[2].s, f[2].n);
        if (!kind) return oom(c);
        kb->ent[e].kind = kind;
    }
    if (nf > 3 && !is_dash(f[3])) {
        char cc[4];
        if (!country_code(kb, f[3].s, f[3].n, cc))
            return perr(c, "bad country code \"%.*s\" (want ISO alpha-3)", (int)f[3].n, f[3].s);
        memcpy(kb->ent[e].country, cc, 4);
    }
    if (type == TD_ENT_COUNTRY && !kb->ent[e].country[0]) {
        size_t kl = id.n - (size_t)(colon - id.s) - 1;
        if (kl == 3) memcpy(kb->ent[e].country, colon + 1, 3);
    }
    if (type == TD_ENT_OUTLET && !kb->ent[e].domain) kb->ent[e].domain = kb->ent[e].id + 7;
    int rc;
    if (nf > 4 && (rc = add_names(c, (uint32_t)e, f[4], TD_KB_NAME, "aliases"))) return rc;
    if (nf > 5 && (rc = add_names(c, (uint32_t)e, f[5], TD_KB_DEMONYM, "demonyms"))) return rc;
    if (nf > 6 && !is_dash(f[6])) {
        /* key=value pairs separated by ';' */
        const char *p = f[6].s, *end = f[6].s + f[6].n;
        while (p < end) {
            const char *q = memchr(p, ';', (size_t)(end - p));
            if (!q) q = end;
            field kv = trim(p, (size_t)(q - p));
            const char *eq = memchr(kv.s, '=', kv.n);
            if (kv.n && !eq) return perr(c, "attribute \"%.*s\" is not key=value", (int)kv.n, kv.s);
            if (kv.n) {
                field k = trim(kv.s, (size_t)(eq - kv.s));
                field v = trim(eq + 1, (size_t)(kv.s + kv.n - eq - 1));
                if (feq(k, "pop")) {
                    unsigned long long pop = 0;
                    if (!v.n || v.n > 10) return perr(c, "bad population");
                    for (size_t i = 0; i < v.n; i++) {
                        if (v.s[i] < '0' || v.s[i] > '9') return perr(c, "bad population");
                        pop = pop * 10 + (unsigned)(v.s[i] - '0');
                    }
                    kb->ent[e].population = pop > 0xFFFFFFFFull ? 0xFFFFFFFFu : (uint32_t)pop;
                } else if (feq(k, "domain")) {
                    const char *d = pool_strndup(kb, v.s, v.n);
                    if (!d) return oom(c);
                    kb->ent[e].domain = d;
                } else if (feq(k, "a2")) {
                    if (v.n != 2 || !is_upper(v.s[0]) || !is_upper(v.s[1]))
                        return perr(c, "bad alpha-2 code");
                    char a2[5] = {'a', '2', ':', v.s[0], v.s[1]};
                    if (find_id(kb, a2, 5) < 0 &&
                        ht_put(kb, &kb->ids, a2, 5, hash_bytes(a2, 5), (uint32_t)e) < 0)
                        return oom(c);
                }
                /* other keys (src=, note=) are for people reading the file */
            }
            p = q + 1;
        }
    }
    return 0;
}

/* office PERSON ROLE COUNTRY ORG START END SOURCE */
static int parse_office(loadctx *c, field *f, int nf)
{
    td_kb *kb = c->kb;
    if (nf < 6) return perr(c, "an office wants: office, person id, role, country, org, start[, end, source]");
    if (f[1].n < 8 || memcmp(f[1].s, "person:", 7) != 0) return perr(c, "an office needs a person id");
    if (is_dash(f[2])) return perr(c, "an office needs a role");
    if (!valid_date(f[5])) return perr(c, "bad start date \"%.*s\" (want YYYY[-MM[-DD]])", (int)f[5].n, f[5].s);
    if (nf > 6 && !is_dash(f[6]) && !valid_date(f[6]))
        return perr(c, "bad end date \"%.*s\" (want YYYY[-MM[-DD]] or -)", (int)f[6].n, f[6].s);
    if (kb->nraw == kb->capraw) {
        uint32_t nc = kb->capraw ? kb->capraw * 2 : 512;
        raw_office *p = kb_realloc(kb, kb->raw, kb->capraw * sizeof *p, nc * sizeof *p);
        if (!p) return oom(c);
        kb->raw = p;
        kb->capraw = nc;
    }
    raw_office *r = &kb->raw[kb->nraw];
    memset(r, 0, sizeof *r);
    if (!(r->person = pool_strndup(kb, f[1].s, f[1].n))) return oom(c);
    /* the role is kept in lower case, as the titles lexicon gives it */
    char role[KB_KEY_MAX];
    if (f[2].n >= sizeof role) return perr(c, "role too long");
    for (size_t i = 0; i < f[2].n; i++)
        role[i] = is_upper((unsigned char)f[2].s[i]) ? (char)(f[2].s[i] + 32) : f[2].s[i];
    if (!(r->o.role = pool_strndup(kb, role, f[2].n))) return oom(c);
    if (!is_dash(f[3]) && !country_code(kb, f[3].s, f[3].n, r->o.country))
        return perr(c, "bad country code \"%.*s\"", (int)f[3].n, f[3].s);
    if (!is_dash(f[4]) && !(r->o.org = pool_strndup(kb, f[4].s, f[4].n))) return oom(c);
    memcpy(r->o.start, f[5].s, f[5].n);
    if (nf > 6 && !is_dash(f[6])) memcpy(r->o.end, f[6].s, f[6].n);
    char where[600];
    snprintf(where, sizeof where, "%s:%lu", c->file, c->line);
    if (!(r->where = pool_strndup(kb, where, strlen(where)))) return oom(c);
    r->seq = kb->nraw++;
    return 0;
}

/* title PHRASES ROLE FLAGS */
static int parse_title(loadctx *c, field *f, int nf)
{
    td_kb *kb = c->kb;
    if (nf < 3) return perr(c, "a title wants: title, phrases, role[, flags]");
    const char *role = NULL;
    if (!is_dash(f[2])) {
        char r[KB_KEY_MAX];
        if (f[2].n >= sizeof r) return perr(c, "role too long");
        for (size_t i = 0; i < f[2].n; i++)
            r[i] = is_upper((unsigned char)f[2].s[i]) ? (char)(f[2].s[i] + 32) : f[2].s[i];
        if (!(role = pool_strndup(kb, r, f[2].n))) return oom(c);
    }
    int rank = 0, tflags = 0;
    if (nf > 3 && !is_dash(f[3])) {
        const char *p = f[3].s, *end = f[3].s + f[3].n;
        while (p < end) {
            const char *q = p;
            while (q < end && *q != ',' && *q != '|') q++;
            field w = trim(p, (size_t)(q - p));
            if (feq(w, "rank")) rank = 1;
            else if (feq(w, "acting")) tflags |= TD_ROLE_ACTING;
            else if (feq(w, "deputy")) tflags |= TD_ROLE_DEPUTY;
            else if (feq(w, "former")) tflags |= TD_ROLE_FORMER;
            else if (feq(w, "special")) tflags |= TD_ROLE_SPECIAL;
            else if (w.n) return perr(c, "unknown title flag \"%.*s\" (want rank, acting, deputy, former, special)", (int)w.n, w.s);
            p = q + 1;
        }
    }
    if (!role && !tflags && !rank) return perr(c, "a title needs a role or a flag");
    field it[KB_MAX_ITEMS];
    int k = split_items(f[1], it, KB_MAX_ITEMS);
    if (k <= 0) return perr(c, k < 0 ? "too many phrases" : "a title needs a phrase");
    for (int i = 0; i < k; i++)
        if (index_title(kb, it[i].s, it[i].n, role, rank, tflags) < 0) return oom(c);
    return 0;
}

/* given NAMES / common WORDS: '|' or space separated */
static int parse_words(loadctx *c, field *f, int nf, htab *t, int lower)
{
    for (int i = 1; i < nf; i++) {
        const char *p = f[i].s, *end = f[i].s + f[i].n;
        while (p < end) {
            while (p < end && (*p == ' ' || *p == '|' || *p == ',')) p++;
            const char *q = p;
            while (q < end && *q != ' ' && *q != '|' && *q != ',') q++;
            if (q > p && add_word(c->kb, t, p, (size_t)(q - p), lower) < 0) return oom(c);
            p = q;
        }
    }
    return 0;
}

/* One line, without its newline. wordlist: 0 for a record file, else the
 * table a word-list file fills. */
static int parse_line(loadctx *c, char *s, size_t n, htab *wordlist, int lower)
{
    if (n && s[n - 1] == '\r') n--;
    if (!td_utf8_valid(s, n)) return perr(c, "not valid UTF-8");
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] < 0x20 && s[i] != '\t') return perr(c, "control character in line");
    field whole = trim(s, n);
    if (!whole.n || whole.s[0] == '#') return 0;
    if (wordlist) {
        field f2[2] = {{NULL, 0}, whole};
        return parse_words(c, f2, 2, wordlist, lower);
    }
    field f[KB_MAX_FIELDS];
    int nf = 0;
    const char *p = s, *end = s + n;
    while (p <= end) {
        const char *q = memchr(p, '\t', (size_t)(end - p));
        if (!q) q = end;
        if (nf == KB_MAX_FIELDS) return perr(c, "more than %d fields", KB_MAX_FIELDS);
        f[nf++] = trim(p, (size_t)(q - p));
        p = q + 1;
    }
    while (nf > 1 && f[nf - 1].n == 0) nf--;
    if (feq(f[0], "office")) return parse_office(c, f, nf);
    if (feq(f[0], "title")) return parse_title(c, f, nf);
    if (feq(f[0], "given")) return parse_words(c, f, nf, &c->kb->given, 0);
    if (feq(f[0], "common")) return parse_words(c, f, nf, &c->kb->common, 1);
    return parse_entity(c, f, nf);
}

static int load_file(td_kb *kb, const char *path, htab *wordlist, int lower, char *err,
                     size_t errlen)
{
    FILE *fp = fopen(path, "r");
    if (!fp) {
        err_set(err, errlen, "%s: %s", path, strerror(errno));
        return TD_KB_ENOENT;
    }
    loadctx c = {kb, path, 0, err, errlen};
    char buf[KB_LINE_MAX + 2];
    int rc = 0;
    while (!rc && fgets(buf, sizeof buf, fp)) {
        c.line++;
        size_t n = strlen(buf);
        if (n && buf[n - 1] == '\n') n--;
        else if (!feof(fp)) {
            rc = perr(&c, "line longer than %d bytes", KB_LINE_MAX);
            break;
        }
        if (memchr(buf, 0, n)) {
            rc = perr(&c, "NUL byte in line");
            break;
        }
        rc = parse_line(&c, buf, n, wordlist, lower);
    }
    if (!rc && ferror(fp)) {
        err_set(err, errlen, "%s: read error", path);
        rc = TD_KB_ENOENT;
    }
    fclose(fp);
    return rc;
}

/* ---- 6. ISO 3166 from Debian's iso-codes --------------------------------- */

/* Names from iso-codes: the common or short name is the canonical name
 * until countries.tsv says otherwise; official names become aliases.
 * Inverted names ("Korea, Republic of") are not how news writes, so they
 * are left out. */
static int load_iso(td_kb *kb, const char *path, char *err, size_t errlen)
{
    json_error_t je;
    json_t *root = json_load_file(path, 0, &je);
    if (!root) return TD_KB_ENOENT;
    json_t *arr = json_object_get(root, "3166-1");
    size_t i;
    json_t *it;
    int rc = 0;
    loadctx c = {kb, path, 0, err, errlen};
    json_array_foreach(arr, i, it) {
        const char *a2 = json_string_value(json_object_get(it, "alpha_2"));
        const char *a3 = json_string_value(json_object_get(it, "alpha_3"));
        if (!a2 || !a3 || strlen(a2) != 2 || strlen(a3) != 3) continue;
        char id[16];
        snprintf(id, sizeof id, "country:%s", a3);
        int fresh;
        int32_t e = ent_get(kb, id, strlen(id), TD_ENT_COUNTRY, &fresh);
        if (e < 0) { rc = oom(&c); break; }
        memcpy(kb->ent[e].country, a3, 4);
        char k2[5] = {'a', '2', ':', a2[0], a2[1]};
        if (find_id(kb, k2, 5) < 0 && ht_put(kb, &kb->ids, k2, 5, hash_bytes(k2, 5), (uint32_t)e) < 0) {
            rc = oom(&c);
            break;
        }
        static const char *const keys[] = {"common_name", "name", "official_name"};
        for (size_t k = 0; k < 3; k++) {
            const char *nm = json_string_value(json_object_get(it, keys[k]));
            if (!nm || strchr(nm, ',') || strchr(nm, '(')) continue;
            if (!kb->ent[e].name[0]) {
                const char *p = pool_strndup(kb, nm, strlen(nm));
                if (!p) { rc = oom(&c); break; }
                kb->ent[e].name = p;
            }
            if (index_name(kb, (uint32_t)e, nm, strlen(nm), TD_KB_NAME) < 0) { rc = oom(&c); break; }
        }
        if (rc) break;
    }
    json_decref(root);
    return rc;
}

/* ---- 7. Finalisation ----------------------------------------------------- */

static int cmp_raw(const void *a, const void *b)
{
    const raw_office *x = a, *y = b;
    int c = strcmp(x->person, y->person);
    if (c) return c;
    c = strcmp(x->o.start, y->o.start);
    if (c) return c;
    return x->seq < y->seq ? -1 : x->seq > y->seq; /* file order among equals */
}

/* Groups offices by person (oldest first) and points each person at
 * theirs; re-ranks candidates, since kinds and populations may have
 * changed since a name was indexed. */
static int finalize(td_kb *kb, char *err, size_t errlen)
{
    for (uint32_t e = 0; e < kb->nent; e++) {
        kb->ent[e].offices = NULL;
        kb->ent[e].noffices = 0;
        if (!kb->ent[e].name[0]) kb->ent[e].name = kb->ent[e].id;
    }
    if (kb->nraw) {
        qsort(kb->raw, kb->nraw, sizeof *kb->raw, cmp_raw);
        td_kb_office *o = kb_realloc(kb, kb->offices, 0, kb->nraw * sizeof *o);
        if (!o) {
            err_set(err, errlen, "out of memory");
            return TD_KB_ENOMEM;
        }
        kb->offices = o;
        for (uint32_t i = 0; i < kb->nraw;) {
            int32_t p = find_id(kb, kb->raw[i].person, strlen(kb->raw[i].person));
            if (p < 0 || kb->ent[p].type != TD_ENT_PERSON) {
                err_set(err, errlen, "%s: unknown person %s", kb->raw[i].where, kb->raw[i].person);
                return TD_KB_EPARSE;
            }
            uint32_t j = i;
            while (j < kb->nraw && strcmp(kb->raw[j].person, kb->raw[i].person) == 0) {
                o[j] = kb->raw[j].o;
                j++;
            }
            kb->ent[p].offices = &o[i];
            kb->ent[p].noffices = j - i;
            i = j;
        }
    }
    if (!kb->filter) {
        kb->filter = calloc(KB_FILTER_BITS / 64, sizeof *kb->filter);
        if (!kb->filter) {
            err_set(err, errlen, "out of memory");
            return TD_KB_ENOMEM;
        }
        kb->bytes += KB_FILTER_BITS / 8;
    }
    for (uint32_t i = 0; i < kb->names.cap; i++)
        if (kb->names.s[i].key) {
            uint32_t b = (uint32_t)(kb->names.s[i].h >> 40) & (KB_FILTER_BITS - 1);
            kb->filter[b / 64] |= 1ull << (b % 64);
        }
    for (uint32_t r = 0; r < kb->nnrec; r++) {
        nrec *n = &kb->nrecs[r];
        for (uint32_t i = 1; i < n->ncand; i++)
            for (uint32_t j = i; j > 0 && ent_score(kb, n->cand[j - 1]) > ent_score(kb, n->cand[j]); j--) {
                uint32_t t = n->cand[j];
                n->cand[j] = n->cand[j - 1];
                n->cand[j - 1] = t;
                uint8_t f = n->form[j];
                n->form[j] = n->form[j - 1];
                n->form[j - 1] = f;
            }
    }
    return TD_KB_OK;
}

/* ---- 8. Opening ---------------------------------------------------------- */

static int is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

static int is_file(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Loads every .tsv and .txt file of dir/actors in name order. Word lists
 * load first, since indexing people consults the common words. */
static int load_actors(td_kb *kb, const char *dir, char *err, size_t errlen)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/actors", dir);
    DIR *d = opendir(path);
    if (!d) {
        err_set(err, errlen, "%s: %s", path, strerror(errno));
        return TD_KB_ENOENT;
    }
    char *names[256];
    size_t nn = 0;
    struct dirent *de;
    while ((de = readdir(d)) && nn < 256) {
        size_t l = strlen(de->d_name);
        if (de->d_name[0] == '.' || l < 5) continue;
        if (strcmp(de->d_name + l - 4, ".tsv") && strcmp(de->d_name + l - 4, ".txt")) continue;
        if (!(names[nn] = strdup(de->d_name))) break;
        nn++;
    }
    closedir(d);
    qsort(names, nn, sizeof *names, cmp_str);
    int rc = 0;
    for (int pass = 0; pass < 2 && !rc; pass++)
        for (size_t i = 0; i < nn && !rc; i++) {
            int txt = strcmp(names[i] + strlen(names[i]) - 4, ".txt") == 0;
            if (txt != (pass == 0)) continue;
            snprintf(path, sizeof path, "%s/actors/%s", dir, names[i]);
            htab *wl = NULL;
            int lower = 0;
            if (txt && strncmp(names[i], "common", 6) == 0) wl = &kb->common, lower = 1;
            else if (txt) wl = &kb->given;
            rc = load_file(kb, path, wl, lower, err, errlen);
        }
    for (size_t i = 0; i < nn; i++) free(names[i]);
    return rc;
}

int td_kb_open(td_kb **out, const char *datadir, char *err, size_t errlen)
{
    *out = NULL;
    const char *dir = datadir;
    if (!dir || !*dir) dir = getenv("TIDINGS_DATA");
    const char *builddir = NULL;
    if (!dir || !*dir) {
        char p[4096];
        snprintf(p, sizeof p, "%s/actors", TD_SRCDATA);
        if (*TD_SRCDATA && is_dir(p)) {
            dir = TD_SRCDATA;
            builddir = TD_BUILDDATA;
        } else {
            dir = TD_DATADIR;
        }
    }
    td_kb *kb = calloc(1, sizeof *kb);
    if (!kb) {
        err_set(err, errlen, "out of memory");
        return TD_KB_ENOMEM;
    }
    kb->bytes = sizeof *kb;
    int rc;
    int have_iso = 0;
    if ((rc = load_iso(kb, KB_ISO_JSON, err, errlen)) == TD_KB_OK) have_iso = 1;
    else if (rc != TD_KB_ENOENT) goto fail;
    /* the generated city list first, so that the curated files can
     * rename and extend its entries: next to the data (installed), or in
     * the build tree when running from the source tree */
    char cities[4096] = "";
    snprintf(cities, sizeof cities, "%s/cities.tsv", dir);
    if (!is_file(cities) && builddir && *builddir)
        snprintf(cities, sizeof cities, "%s/cities.tsv", builddir);
    if (is_file(cities)) {
        if ((rc = load_file(kb, cities, NULL, 0, err, errlen))) goto fail;
        kb->cities_loaded = 1;
    } else {
        snprintf(kb->note, sizeof kb->note,
                 "knowledge base: no generated cities list (cities.tsv); only the curated "
                 "cities are known (run scripts/install-deps and rebuild)");
    }
    if ((rc = load_actors(kb, dir, err, errlen))) goto fail;
    if (!have_iso) {
        size_t l = strlen(kb->note);
        snprintf(kb->note + l, sizeof kb->note - l, "%sknowledge base: %s not found; country "
                 "names come from countries.tsv alone", l ? "; " : "", KB_ISO_JSON);
    }
    if ((rc = finalize(kb, err, errlen))) goto fail;
    *out = kb;
    return TD_KB_OK;
fail:
    td_kb_close(kb);
    return rc;
}

int td_kb_add_file(td_kb *kb, const char *path, char *err, size_t errlen)
{
    int rc = load_file(kb, path, NULL, 0, err, errlen);
    int rc2 = finalize(kb, rc ? NULL : err, rc ? 0 : errlen);
    return rc ? rc : rc2;
}

void td_kb_close(td_kb *kb)
{
    if (!kb) return;
    while (kb->pool) {
        pool_chunk *n = kb->pool->next;
        free(kb->pool);
        kb->pool = n;
    }
    free(kb->ent);
    free(kb->ids.s);
    free(kb->names.s);
    free(kb->nrecs);
    free(kb->titles.s);
    free(kb->trecs);
    free(kb->given.s);
    free(kb->common.s);
    free(kb->raw);
    free(kb->offices);
    free(kb->filter);
    free(kb);
}

const char *td_kb_note(const td_kb *kb)
{
    return kb->note[0] ? kb->note : NULL;
}

void td_kb_stats(const td_kb *kb, td_kb_stat *st)
{
    memset(st, 0, sizeof *st);
    for (uint32_t e = 0; e < kb->nent; e++)
        if (kb->ent[e].type > 0 && kb->ent[e].type < TD_ENT_NTYPES) st->by_type[kb->ent[e].type]++;
    st->entries = kb->nent;
    st->names = kb->names.n;
    st->titles = kb->titles.n;
    st->given = kb->given.n;
    st->offices = kb->nraw;
    st->bytes = kb->bytes;
    st->cities_loaded = kb->cities_loaded;
}

/* ---- 9. Lookups ---------------------------------------------------------- */

size_t td_kb_count(const td_kb *kb) { return kb->nent; }

const td_kb_entry *td_kb_entry_at(const td_kb *kb, uint32_t idx)
{
    return idx < kb->nent ? &kb->ent[idx] : NULL;
}

int32_t td_kb_find_id(const td_kb *kb, const char *id)
{
    return find_id(kb, id, strlen(id));
}

int32_t td_kb_country(const td_kb *kb, const char *code)
{
    size_t n = strlen(code);
    char k[16];
    if (n == 3) snprintf(k, sizeof k, "country:%s", code);
    else if (n == 2) snprintf(k, sizeof k, "a2:%s", code);
    else return -1;
    int32_t e = find_id(kb, k, strlen(k));
    return e >= 0 && kb->ent[e].type == TD_ENT_COUNTRY ? e : -1;
}

/* Bytes of a possessive ending the key ("'s" or "s'"): how many to drop
 * from the key, and from the text it came from. */
static size_t possessive(const char *key, size_t k, const char *text, size_t tend,
                         size_t *textcut)
{
    const unsigned char *t = (const unsigned char *)text;
    if (k >= 3 && key[k - 2] == '\'' && key[k - 1] == 's') {
        if (tend >= 2 && t[tend - 2] == '\'') *textcut = 2;
        else if (tend >= 4 && t[tend - 4] == 0xE2) *textcut = 4;
        else *textcut = 3; /* U+02BC */
        return 2;
    }
    if (k >= 3 && key[k - 1] == '\'' && key[k - 2] == 's') {
        if (tend >= 1 && t[tend - 1] == '\'') *textcut = 1;
        else if (tend >= 3 && t[tend - 3] == 0xE2) *textcut = 3;
        else *textcut = 2;
        return 1;
    }
    return 0;
}

typedef struct walk {
    size_t j;    /* last token of the best match */
    int64_t rec; /* its record */
    size_t end;  /* its byte end */
    int poss;    /* a possessive was set aside */
} walk;

static uint8_t rec_flags(const td_kb *kb, int titles, int64_t v)
{
    return titles ? kb->trecs[v].flags : kb->nrecs[v].flags;
}

/* Walks right from token i, probing the table after each token that ends
 * a word; stops at the first key that is neither a name nor a prefix.
 * Returns whether anything matched. */
static int walk_keys(const td_kb *kb, int titles, int mode, const char *text, const td_span *toks,
                     size_t ntok, size_t i, walk *w)
{
    const htab *t = titles ? &kb->titles : &kb->names;
    char key[KB_KEY_MAX];
    int found = 0;
    size_t stop = ntok - i > KB_MAX_TOK ? i + KB_MAX_TOK : ntok;
    size_t s0 = toks[i].start, prevk = 0;
    for (size_t j = i; j < stop; j++) {
        if (toks[j].end <= s0 || toks[j].end - s0 > KB_KEY_MAX * 2) break;
        int dot;
        size_t k = normkey(text + s0, toks[j].end - s0, mode, key, sizeof key, &dot);
        if (!k) break;
        /* a token that adds nothing to the key (a full stop the
         * normalisation drops) cannot end a longer name */
        if (k == prevk) continue;
        prevk = k;
        size_t cut = 0, pk = possessive(key, k, text, toks[j].end, &cut);
        if (pk) {
            int64_t v = ht_get(t, key, k - pk, hash_bytes(key, k - pk));
            if (v >= 0 && (rec_flags(kb, titles, v) & K_NAME)) {
                *w = (walk){j, v, toks[j].end - cut, 1};
                found = 1;
            }
        }
        if (!is_wordbyte((unsigned char)key[k - 1])) continue;
        uint64_t h = hash_bytes(key, k);
        if (!titles) {
            uint32_t b = (uint32_t)(h >> 40) & (KB_FILTER_BITS - 1);
            if (!(kb->filter[b / 64] >> (b % 64) & 1)) break;
        }
        int64_t v = ht_get(t, key, k, h);
        if (v < 0) break;
        uint8_t fl = rec_flags(kb, titles, v);
        if (fl & K_NAME) {
            *w = (walk){j, v, toks[j].end, 0};
            found = 1;
        }
        if (!(fl & K_PREFIX)) break;
    }
    return found;
}

/* Whether the word starting at s is written in capitals (two or more). */
static int caps_word(const char *s, size_t n)
{
    size_t up = 0, i = 0;
    for (; i < n && is_wordbyte((unsigned char)s[i]); i++) {
        if (!is_upper((unsigned char)s[i])) return 0;
        up++;
    }
    return up >= 2;
}

/* The full stop of an abbreviation ("U.S.", "Gen.") belongs to the match
 * when the name was written with it. */
static void take_dot(const char *text, size_t len, const td_span *toks, size_t ntok, walk *w,
                     size_t *ntaken)
{
    if (w->poss || w->end >= len || text[w->end] != '.') return;
    w->end++;
    if (w->j + 1 < ntok && toks[w->j + 1].start == w->end - 1 && toks[w->j + 1].end == w->end)
        (*ntaken)++;
}

static size_t text_len_hint(const td_span *toks, size_t ntok)
{
    return ntok ? toks[ntok - 1].end : 0;
}

size_t td_kb_longest(const td_kb *kb, const char *text, const td_span *toks, size_t ntok,
                     size_t i, td_kb_hit *hit)
{
    memset(hit, 0, sizeof *hit);
    if (i >= ntok || toks[i].end <= toks[i].start) return 0;
    unsigned char c0 = (unsigned char)text[toks[i].start];
    if (!kb->first[c0]) return 0;
    walk w = {0}, wc = {0};
    int ok = walk_keys(kb, 0, M_EXACT, text, toks, ntok, i, &w);
    /* "IRAN" reads as "Iran" unless it is a name as written */
    if (caps_word(text + toks[i].start, toks[i].end - toks[i].start) &&
        walk_keys(kb, 0, M_CAPS, text, toks, ntok, i, &wc) && (!ok || wc.j > w.j)) {
        w = wc;
        ok = 1;
    }
    if (!ok) return 0;
    const nrec *r = &kb->nrecs[w.rec];
    size_t n = w.j - i + 1;
    if (r->flags & K_DOT) take_dot(text, text_len_hint(toks, ntok), toks, ntok, &w, &n);
    hit->ntok = n;
    hit->start = toks[i].start;
    hit->end = w.end;
    hit->possessive = w.poss;
    hit->form = r->ncand ? r->form[0] : TD_KB_NAME;
    hit->ncand = r->ncand;
    memcpy(hit->cand, r->cand, sizeof hit->cand);
    return n;
}

size_t td_kb_title(const td_kb *kb, const char *text, const td_span *toks, size_t ntok, size_t i,
                   td_kb_title_hit *hit)
{
    memset(hit, 0, sizeof *hit);
    if (i >= ntok || toks[i].end <= toks[i].start) return 0;
    int bit = first_word_bit(text + toks[i].start, toks[i].end - toks[i].start);
    if (bit >= 0 && !(kb->tfirst[bit / 64] >> (bit % 64) & 1)) return 0;
    walk w = {0};
    if (!walk_keys(kb, 1, M_LOWER, text, toks, ntok, i, &w)) return 0;
    const trec *t = &kb->trecs[w.rec];
    size_t n = w.j - i + 1;
    if (t->flags & K_DOT) take_dot(text, text_len_hint(toks, ntok), toks, ntok, &w, &n);
    hit->ntok = n;
    hit->start = toks[i].start;
    hit->end = w.end;
    hit->role = t->role;
    hit->rank = t->rank;
    hit->flags = t->tflags;
    return n;
}

int td_kb_given_name(const td_kb *kb, const char *s, size_t n)
{
    if (!n || n >= KB_KEY_MAX) return 0;
    if (in_set(&kb->given, s, n)) return 1;
    if (!caps_word(s, n) || n < 2) return 0;
    char b[KB_KEY_MAX];
    b[0] = s[0];
    for (size_t i = 1; i < n; i++) b[i] = is_upper((unsigned char)s[i]) ? (char)(s[i] + 32) : s[i];
    return in_set(&kb->given, b, n);
}

/* Compares a date with a bound of coarser or equal precision: only the
 * bound's own digits count, so "2024-08-21" is within "2024-08". */
static int date_cmp(const char *date, const char *bound)
{
    size_t n = strlen(bound), m = strlen(date);
    int c = strncmp(date, bound, n < m ? n : m);
    return c;
}

int td_kb_office_on(const td_kb *kb, uint32_t person, const char *role, const char *country,
                    const char *date, const td_kb_office **office)
{
    if (office) *office = NULL;
    if (person >= kb->nent || !date) return 0;
    const td_kb_entry *x = &kb->ent[person];
    for (uint32_t k = 0; k < x->noffices; k++) {
        const td_kb_office *o = &x->offices[k];
        if (role && *role && strcasecmp(o->role, role) != 0) continue;
        if (country && *country && strcmp(o->country, country) != 0) continue;
        if (date_cmp(date, o->start) < 0) continue;
        if (o->end[0] && date_cmp(date, o->end) > 0) continue;
        if (office) *office = o;
        return 1;
    }
    return 0;
}
