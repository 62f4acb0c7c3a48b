/*
 * resolve.c -- in-article resolution (see resolve.h).
 *
 * Three passes over the mentions:
 *   1. names of two or more words and KB names, longest first, so that a
 *      shorter name finds the longer one it is part of;
 *   2. acronyms in parentheses right after a name;
 *   3. one-word names in text order: same KB entry, same name, part of a
 *      person's name, initials of an organisation; else a new entity, or
 *      nothing for a weak candidate.
 * Lookups go through one hash table of name keys and one of name parts;
 * both are sized from the mention count, so the cost is linear.
 */
#include "extract/resolve.h"

#include <stdlib.h>
#include <string.h>

#include "util/text.h"

#define AMBIGUOUS (-2)

typedef struct slot {
    uint64_t key;
    int32_t val;
} slot;

typedef struct map {
    slot *s;
    size_t mask;
} map;

static int map_init(map *m, td_arena *a, size_t n)
{
    size_t cap = 64;
    while (cap < 2 * n + 2)
        cap <<= 1;
    m->s = td_arena_alloc(a, cap * sizeof *m->s);
    if (!m->s)
        return -1;
    memset(m->s, 0, cap * sizeof *m->s);
    m->mask = cap - 1;
    return 0;
}

static slot *map_at(map *m, uint64_t key)
{
    size_t i = (size_t)key & m->mask;
    while (m->s[i].key && m->s[i].key != key)
        i = (i + 1) & m->mask;
    return &m->s[i];
}

static int32_t map_get(map *m, uint64_t key)
{
    slot *s = map_at(m, key);
    return s->key ? s->val : -1;
}

/* Sets key to val; a second, different value makes it ambiguous. */
static void map_put(map *m, uint64_t key, int32_t val, int ambiguous_ok)
{
    slot *s = map_at(m, key);
    if (!s->key) {
        s->key = key;
        s->val = val;
    } else if (s->val != val && ambiguous_ok) {
        s->val = AMBIGUOUS;
    }
}

typedef struct ctx {
    const td_kb *kb;
    const char *text;
    const td_sent_doc *d;
    td_mention_list *ms;
    td_arena *arena;
    map names;   /* name key -> entity */
    map parts;   /* word run of a person's name -> entity, or AMBIGUOUS */
    map kbids;   /* KB entry + 1 -> entity */
    td_local_entity *e;
    uint8_t *ecue;  /* best cue seen per entity */
    uint8_t *etype_locked; /* type from the KB */
    size_t ne;
} ctx;

/* A word of a name: the token without a possessive. */
static size_t word_len(const ctx *c, size_t t)
{
    const char *w = c->text + c->d->tok[t].start;
    size_t n = c->d->tok[t].end - c->d->tok[t].start;
    if (n > 2 && w[n - 1] == 's' && w[n - 2] == '\'')
        return n - 2;
    if (n > 4 && w[n - 1] == 's' && memcmp(w + n - 4, "\xE2\x80\x99", 3) == 0)
        return n - 4;
    return n;
}

/* The name hash h carried over token t: the word folded to lower case
 * (ASCII), then a separator. */
static uint64_t key_step(const ctx *c, uint64_t h, size_t t)
{
    const char *w = c->text + c->d->tok[t].start;
    size_t n = word_len(c, t);
    if (n == 1 && (*w == '-' || *w == '.'))
        return h;
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)w[i];
        if (ch >= 'A' && ch <= 'Z')
            ch += 32;
        if (ch == '.')
            continue; /* "U.S." and "US" alike */
        h = (h ^ ch) * 1099511628211ull;
    }
    return (h ^ 0x1F) * 1099511628211ull;
}

/* Hash of tokens [a, b): words folded to lower case (ASCII), joined. */
static uint64_t key_of(const ctx *c, size_t a, size_t b)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t t = a; t < b; t++)
        h = key_step(c, h, t);
    return h | 1;
}

static int cue_rank(int cue)
{
    switch (cue) {
    case TD_CUE_KB: return 5;
    case TD_CUE_HEAD: return 4;
    case TD_CUE_TITLE: return 3;
    case TD_CUE_GIVEN: return 2;
    case TD_CUE_CONTEXT: return 1;
    default: return 0;
    }
}

static int32_t new_entity(ctx *c, size_t k)
{
    td_mention *m = &c->ms->m[k];
    int32_t id = (int32_t)c->ne++;
    c->e[id] = (td_local_entity){.name = NULL, .type = m->type, .kb = m->kb, .nmentions = 0,
                                 .first = (int32_t)k};
    c->ecue[id] = (uint8_t)c->ms->info[k].cue;
    c->etype_locked[id] = m->kb >= 0;
    return id;
}

static void attach(ctx *c, size_t k, int32_t id, int form)
{
    td_mention *m = &c->ms->m[k];
    m->entity = id;
    if (form == TD_FORM_SHORT && m->form == TD_FORM_NAME)
        m->form = TD_FORM_SHORT;
    if (c->e[id].first < 0 || (size_t)c->e[id].first > k)
        c->e[id].first = (int32_t)k;
    int cue = c->ms->info[k].cue;
    if (!c->etype_locked[id] && m->type != TD_ENT_NONE &&
        (c->e[id].type == TD_ENT_NONE || cue_rank(cue) > cue_rank(c->ecue[id]))) {
        c->e[id].type = m->type;
        c->ecue[id] = (uint8_t)cue;
    }
    if (m->kb >= 0 && c->e[id].kb < 0) {
        c->e[id].kb = m->kb;
        c->e[id].type = m->type;
        c->etype_locked[id] = 1;
    }
}

/* Indexes every run of consecutive words of a person's name. */
static void index_parts(ctx *c, size_t k, int32_t id)
{
    const td_mention_info *in = &c->ms->info[k];
    size_t a = in->tok0, b = in->tok1;
    for (size_t i = a; i < b; i++)
        for (size_t j = i + 1; j <= b; j++)
            if (j - i < b - a && (c->d->flags[i] & TD_TOK_CAP) &&
                (c->d->flags[j - 1] & TD_TOK_CAP))
                map_put(&c->parts, key_of(c, i, j), id, 1);
}

/* The nearest mention before k whose entity is a person and has the words
 * of mention k among its own. */
static int32_t nearest_part(const ctx *c, size_t k, uint64_t key)
{
    const td_mention_info *in = &c->ms->info[k];
    size_t len = in->tok1 - in->tok0;
    size_t lo = k > 400 ? k - 400 : 0;
    for (size_t j = k; j-- > lo;) {
        const td_mention *o = &c->ms->m[j];
        const td_mention_info *oi = &c->ms->info[j];
        if (o->entity < 0 || c->e[o->entity].type != TD_ENT_PERSON)
            continue;
        if (oi->tok1 - oi->tok0 <= len)
            continue;
        for (size_t i = oi->tok0; i + len <= oi->tok1; i++)
            if (key_of(c, i, i + len) == key)
                return o->entity;
    }
    return -1;
}

/* Whether the all-capitals word w[0..n) spells the initials of the
 * capitalised words of mention k ("IAEA"). */
static int initials_of(const ctx *c, const char *w, size_t n, size_t k)
{
    const td_mention_info *in = &c->ms->info[k];
    size_t got = 0;
    for (size_t t = in->tok0; t < in->tok1; t++) {
        if (!(c->d->flags[t] & TD_TOK_CAP))
            continue;
        char first = c->text[c->d->tok[t].start];
        if (got >= n || w[got] != first)
            return 0;
        got++;
    }
    return got == n && n >= 2;
}

typedef struct order_item {
    uint32_t k, len;
} order_item;

static int cmp_order(const void *pa, const void *pb)
{
    const order_item *a = pa, *b = pb;
    if (a->len != b->len)
        return a->len > b->len ? -1 : 1;
    return a->k < b->k ? -1 : a->k > b->k;
}

/* Words in a mention, punctuation aside. */
static uint32_t nwords(const ctx *c, size_t k)
{
    uint32_t n = 0;
    for (size_t t = c->ms->info[k].tok0; t < c->ms->info[k].tok1; t++)
        n += (c->d->flags[t] & TD_TOK_WORD) != 0;
    return n;
}

/* A one-word city that is also the surname of a person the article
 * names is the person ("Valeska Paris" ... "Paris said"): names of two
 * or more words are resolved first, so the person is known by then. */
static int surname_city(ctx *c, size_t k)
{
    td_mention *m = &c->ms->m[k];
    const td_mention_info *in = &c->ms->info[k];
    if (m->kb < 0 || in->tok1 - in->tok0 != 1 || m->type != TD_ENT_CITY)
        return 0;
    uint64_t key = key_of(c, in->tok0, in->tok1);
    int32_t pid = map_get(&c->parts, key);
    if (pid == AMBIGUOUS)
        pid = nearest_part(c, k, key);
    if (pid < 0 || c->e[pid].type != TD_ENT_PERSON)
        return 0;
    m->kb = -1;
    m->type = TD_ENT_PERSON;
    attach(c, k, pid, TD_FORM_SHORT);
    return 1;
}

static void resolve_long(ctx *c, size_t k)
{
    td_mention *m = &c->ms->m[k];
    const td_mention_info *in = &c->ms->info[k];
    if (surname_city(c, k))
        return;
    int32_t id = -1;
    if (m->kb >= 0)
        id = map_get(&c->kbids, (uint64_t)m->kb + 1);
    uint64_t key = key_of(c, in->tok0, in->tok1);
    if (id < 0)
        id = map_get(&c->names, key);
    int form = TD_FORM_NAME;
    if (id < 0 && m->kb < 0 && (m->type == TD_ENT_PERSON || m->type == TD_ENT_NONE)) {
        id = map_get(&c->parts, key);
        if (id == AMBIGUOUS)
            id = nearest_part(c, k, key);
        if (id >= 0 && c->e[id].type != TD_ENT_PERSON)
            id = -1;
        if (id >= 0)
            form = TD_FORM_SHORT;
    }
    if (id < 0) {
        if (m->type == TD_ENT_NONE)
            return; /* weak: only kept when it matches something */
        id = new_entity(c, k);
    }
    attach(c, k, id, form);
    map_put(&c->names, key, id, 0);
    if (m->kb >= 0)
        map_put(&c->kbids, (uint64_t)m->kb + 1, id, 0);
    if (c->e[id].type == TD_ENT_PERSON && m->form != TD_FORM_DEMONYM)
        index_parts(c, k, id);
}

static void resolve_acronyms(ctx *c)
{
    td_mention_list *ms = c->ms;
    for (size_t k = 0; k + 1 < ms->n; k++) {
        td_mention *m = &ms->m[k], *x = &ms->m[k + 1];
        const td_mention_info *xi = &ms->info[k + 1];
        if (m->entity < 0 || x->entity >= 0 || xi->tok0 < 1)
            continue;
        size_t open = xi->tok0 - 1;
        if (open != ms->info[k].tok1 || xi->tok1 >= c->d->ntok ||
            c->text[c->d->tok[open].start] != '(' || c->text[c->d->tok[xi->tok1].start] != ')' ||
            !(c->d->flags[xi->tok0] & TD_TOK_UPPER))
            continue;
        attach(c, k + 1, m->entity, TD_FORM_NAME);
        map_put(&c->names, key_of(c, xi->tok0, xi->tok1), m->entity, 0);
    }
}

static void resolve_short(ctx *c, size_t k)
{
    td_mention *m = &c->ms->m[k];
    const td_mention_info *in = &c->ms->info[k];
    if (m->entity >= 0)
        return;
    int32_t id = -1;
    int form = TD_FORM_NAME;
    if (m->kb >= 0)
        id = map_get(&c->kbids, (uint64_t)m->kb + 1);
    uint64_t key = key_of(c, in->tok0, in->tok1);
    if (id < 0)
        id = map_get(&c->names, key);
    if (id < 0 && m->kb < 0) {
        int cue = in->cue;
        /* A strong organisation or place reading is not a surname. */
        int strong_other = m->type != TD_ENT_PERSON && m->type != TD_ENT_NONE &&
                           cue_rank(cue) >= cue_rank(TD_CUE_HEAD);
        if (!strong_other) {
            id = map_get(&c->parts, key);
            if (id == AMBIGUOUS)
                id = nearest_part(c, k, key);
            if (id >= 0)
                form = TD_FORM_SHORT;
        }
    }
    if (id < 0 && m->kb < 0 && (c->d->flags[in->tok0] & TD_TOK_UPPER)) {
        const char *w = c->text + m->start;
        size_t n = m->end - m->start;
        for (size_t j = 0; j < c->ms->n && id < 0; j++) {
            td_mention *o = &c->ms->m[j];
            if (o->entity >= 0 && c->e[o->entity].type != TD_ENT_PERSON &&
                o->form == TD_FORM_NAME && initials_of(c, w, n, j))
                id = o->entity;
        }
    }
    if (id < 0) {
        if (m->type == TD_ENT_NONE)
            return;
        id = new_entity(c, k);
    }
    attach(c, k, id, form);
    map_put(&c->names, key, id, 0);
    if (m->kb >= 0)
        map_put(&c->kbids, (uint64_t)m->kb + 1, id, 0);
}

/* Whether token t is one of the n words of sorted list. */
static int tok_in(const ctx *c, size_t t, const char *const *list, size_t n)
{
    return td_word_in(list, n, c->text + c->d->tok[t].start,
                      c->d->tok[t].end - c->d->tok[t].start);
}

/* Whether country mention k is the subject of a verb only a state does
 * as a body: "North Korea fired", "South Korea says", "Iran warned". News
 * writes the country for its government; the mention then names an
 * organisation (its entity stays the country). "has", "is" and the like
 * say nothing: "Thailand has cracked down" is read as the place. */
static int acts_as_government(const ctx *c, size_t k)
{
    static const char *const verb[] = {
        "accused", "accuses", "announced", "announces", "condemned", "condemns", "confirmed",
        "declared", "denied", "denies", "deployed", "evacuated", "exchanged", "expelled",
        "fired", "fires", "imposed", "imposes", "launched", "launches", "ordered", "pledged",
        "protested", "puts", "recalled", "rejected", "rejects", "retaliated", "said", "says",
        "stated", "states", "threatened", "threatens", "urged", "urges", "vowed", "warned",
        "warns"};
    const td_mention_info *in = &c->ms->info[k];
    size_t t = in->tok1;
    if (in->possessive || t >= c->d->ntok || c->d->tsent[t] != c->d->tsent[in->tok0] ||
        !(c->d->flags[t] & TD_TOK_LOWER))
        return 0;
    return tok_in(c, t, verb, sizeof verb / sizeof *verb);
}

int td_resolve(const td_kb *kb, const char *text, const td_sent_doc *d, td_mention_list *ms,
               td_arena *arena, td_local_entity **ents, size_t *nents)
{
    *ents = NULL;
    *nents = 0;
    size_t n = ms->n;
    ctx c = {.kb = kb, .text = text, .d = d, .ms = ms, .arena = arena};
    c.e = td_arena_alloc(arena, (n + 1) * sizeof *c.e);
    c.ecue = td_arena_alloc(arena, n + 1);
    c.etype_locked = td_arena_alloc(arena, n + 1);
    order_item *ord = td_arena_alloc(arena, (n + 1) * sizeof *ord);
    if (!c.e || !c.ecue || !c.etype_locked || !ord || map_init(&c.names, arena, n) ||
        map_init(&c.parts, arena, n * 8) || map_init(&c.kbids, arena, n))
        return TD_RESOLVE_ENOMEM;

    size_t nlong = 0;
    for (size_t k = 0; k < n; k++) {
        ms->m[k].entity = -1;
        uint32_t w = nwords(&c, k);
        if (w >= 2 || ms->m[k].kb >= 0)
            ord[nlong++] = (order_item){(uint32_t)k, w};
    }
    qsort(ord, nlong, sizeof *ord, cmp_order);
    for (size_t i = 0; i < nlong; i++)
        resolve_long(&c, ord[i].k);
    resolve_acronyms(&c);
    for (size_t k = 0; k < n; k++)
        resolve_short(&c, k);
    /* One sense per document, backwards too: a bare name with no cue of
     * its own ("within Scientology") takes the entity of the same words
     * typed later in the article by a real cue ("the Scientology
     * organization"); a bare article ("the Polaroids") is too weak. */
    for (size_t k = 0; k < n; k++)
        if (ms->m[k].entity < 0 && ms->m[k].type == TD_ENT_NONE) {
            int32_t id = map_get(&c.names, key_of(&c, ms->info[k].tok0, ms->info[k].tok1));
            if (id >= 0 && cue_rank(c.ecue[id]) >= cue_rank(TD_CUE_CONTEXT))
                attach(&c, k, id, TD_FORM_NAME);
        }

    /* One sense per document: an entity the KB does not know takes the
     * type most of its mentions' evidence points to, stronger cues
     * weighing more, so one stray cue ("members of X, who") does not
     * type a body a person. */
    uint32_t *votes = td_arena_alloc(arena, (c.ne + 1) * TD_ENT_NTYPES * sizeof *votes);
    if (!votes)
        return TD_RESOLVE_ENOMEM;
    memset(votes, 0, (c.ne + 1) * TD_ENT_NTYPES * sizeof *votes);
    for (size_t k = 0; k < n; k++) {
        int32_t id = ms->m[k].entity;
        int t = ms->m[k].type;
        if (id >= 0 && t > TD_ENT_NONE && t < TD_ENT_NTYPES)
            votes[(size_t)id * TD_ENT_NTYPES + (size_t)t] += 1u << (2 * cue_rank(ms->info[k].cue));
    }
    for (size_t i = 0; i < c.ne; i++) {
        if (c.etype_locked[i])
            continue;
        const uint32_t *v = votes + i * TD_ENT_NTYPES;
        int best = c.e[i].type;
        for (int t = 1; t < TD_ENT_NTYPES; t++)
            if (v[t] > v[best])
                best = t;
        c.e[i].type = best;
    }

    /* Entities in order of first mention; drop unresolved candidates; every
     * mention takes its entity's type. */
    int32_t *renum = td_arena_alloc(arena, (c.ne + 1) * sizeof *renum);
    td_local_entity *out = td_arena_alloc(arena, (c.ne + 1) * sizeof *out);
    size_t *name_len = td_arena_alloc(arena, (c.ne + 1) * sizeof *name_len);
    uint8_t *name_dem = td_arena_alloc(arena, c.ne + 1);
    if (!renum || !out || !name_len || !name_dem)
        return TD_RESOLVE_ENOMEM;
    for (size_t i = 0; i < c.ne; i++)
        renum[i] = -1;
    size_t ne = 0, keep = 0;
    for (size_t k = 0; k < n; k++) {
        int32_t id = ms->m[k].entity;
        if (id < 0 || c.e[id].type == TD_ENT_NONE)
            continue;
        if (renum[id] < 0) {
            renum[id] = (int32_t)ne;
            out[ne] = c.e[id];
            out[ne].first = (int32_t)keep;
            out[ne].nmentions = 0;
            out[ne].name = NULL;
            ne++;
        }
        td_mention m = ms->m[k];
        int32_t e = renum[id];
        if (!out[e].name && out[e].kb >= 0 && kb) {
            /* a known entity goes by its canonical name */
            out[e].name = td_kb_entry_at(kb, (uint32_t)out[e].kb)->name;
            name_len[e] = (size_t)-1;
            name_dem[e] = 0;
        }
        m.entity = e;
        m.type = out[e].type;
        ms->m[keep] = m;
        ms->info[keep] = ms->info[k];
        out[e].nmentions++;
        /* The fullest form: the longest, the earliest among equals; a
         * demonym only until a real name comes. */
        size_t len = m.end - m.start;
        int dem = m.form == TD_FORM_DEMONYM;
        if (!out[e].name || (name_dem[e] && !dem) || (dem == name_dem[e] && len > name_len[e])) {
            out[e].name = td_arena_strndup(arena, text + m.start, len);
            if (!out[e].name)
                return TD_RESOLVE_ENOMEM;
            name_len[e] = len;
            name_dem[e] = (uint8_t)dem;
        }
        keep++;
    }
    ms->n = keep;
    for (size_t k = 0; k < keep; k++)
        if (ms->m[k].type == TD_ENT_COUNTRY && ms->m[k].form == TD_FORM_NAME &&
            acts_as_government(&c, k))
            ms->m[k].type = TD_ENT_ORG;
    *ents = out;
    *nents = ne;
    return TD_RESOLVE_OK;
}

/* ---- Names inside names ---------------------------------------------------- */

/* Whether token t is a head word of a place's name ("Island", "Airport"). */
static int place_head(const ctx *c, size_t t)
{
    const char *w = c->text + c->d->tok[t].start;
    size_t n = word_len(c, t);
    return td_mention_head(w, n) != TD_ENT_NONE || (n == 4 && memcmp(w, "City", 4) == 0);
}

/* Whether inner places may be read inside the place mention k: only in
 * a name made with a head word ("Mexico City", "Hong Kong Island",
 * "Washington Dulles International Airport", "Gulf of Oman"), never in
 * a name that merely contains another ("New South Wales", "Western
 * Australia"). */
static int place_with_head(const ctx *c, size_t k)
{
    const td_mention_info *in = &c->ms->info[k];
    return place_head(c, in->tok1 - 1) || place_head(c, in->tok0);
}

/* Whether token t is a capitalised compass word ("Southern", "North"). */
static int compass(const ctx *c, size_t t)
{
    static const char *const w[] = {"Central", "East", "Eastern", "North", "Northern",
                                    "South", "Southern", "West", "Western"};
    return tok_in(c, t, w, sizeof w / sizeof *w);
}

/* Whether token t follows "AREA of", AREA a word for a government's
 * territory ("Municipality", "Province", "County", "City"). */
static int area_of(const ctx *c, size_t t)
{
    static const char *const area[] = {"City", "Commune", "County", "District", "Municipality",
                                       "Prefecture", "Province", "Town", "Village"};
    static const char *const of[] = {"of"};
    return tok_in(c, t - 1, of, 1) && tok_in(c, t - 2, area, sizeof area / sizeof *area);
}

int td_resolve_inner(const td_kb *kb, const char *text, const td_sent_doc *d,
                     const td_mention_list *ms, td_arena *arena, td_mention_list *out)
{
    memset(out, 0, sizeof *out);
    size_t n = ms->n, cap = n * 2 + 1;
    ctx c = {.kb = kb, .text = text, .d = d, .ms = (td_mention_list *)ms, .arena = arena};
    out->m = td_arena_alloc(arena, cap * sizeof *out->m);
    out->info = td_arena_alloc(arena, cap * sizeof *out->info);
    if (!out->m || !out->info || map_init(&c.names, arena, n) || map_init(&c.kbids, arena, n))
        return TD_RESOLVE_ENOMEM;
    /* the people and places the article names, by their words */
    for (size_t k = 0; k < n; k++) {
        const td_mention *m = &ms->m[k];
        if (m->kb >= 0 && m->entity >= 0)
            map_put(&c.kbids, (uint64_t)m->kb + 1, m->entity, 0);
        if (m->form == TD_FORM_DEMONYM || m->form == TD_FORM_NOMINAL)
            continue;
        if (m->type == TD_ENT_PERSON || m->type == TD_ENT_CITY || m->type == TD_ENT_REGION ||
            m->type == TD_ENT_COUNTRY)
            map_put(&c.names, key_of(&c, ms->info[k].tok0, ms->info[k].tok1), (int32_t)k, 0);
    }
    for (size_t k = 0; k < n; k++) {
        const td_mention *m = &ms->m[k];
        const td_mention_info *in = &ms->info[k];
        int outer_place = m->type == TD_ENT_CITY || m->type == TD_ENT_REGION;
        if (m->form != TD_FORM_NAME || in->tok1 - in->tok0 < 2 ||
            (!outer_place && m->type != TD_ENT_ORG && m->type != TD_ENT_OUTLET))
            continue;
        for (size_t t = in->tok0; t < in->tok1;) {
            /* a word, not the tail of a hyphened one ("Pro-Beijing") */
            if (!(d->flags[t] & TD_TOK_CAP) ||
                (t > in->tok0 && d->tok[t - 1].end == d->tok[t].start &&
                 text[d->tok[t - 1].start] == '-')) {
                t++;
                continue;
            }
            /* a known place or person ("Irving Police Department",
             * "University of North Carolina", "Toronto Star") */
            size_t t1 = t, kb_end = 0;
            int type = TD_ENT_NONE;
            int32_t kbid = -1, ent = -1;
            td_kb_hit h;
            /* at the first word, shorter than the whole ("Toronto" in the
             * KB's "Toronto Star") */
            size_t lim = t == in->tok0 ? in->tok1 - 1 : in->tok1;
            if (kb && td_kb_longest(kb, text, d->tok, lim, t, &h) && h.ncand > 0 &&
                h.form != TD_KB_DEMONYM) {
                const td_kb_entry *e = td_kb_entry_at(kb, h.cand[0]);
                if (e->type == TD_ENT_COUNTRY || e->type == TD_ENT_CITY ||
                    e->type == TD_ENT_REGION || e->type == TD_ENT_PERSON) {
                    t1 = t + h.ntok;
                    kb_end = h.end;
                    type = e->type;
                    kbid = (int32_t)h.cand[0];
                    ent = map_get(&c.kbids, (uint64_t)kbid + 1);
                }
            }
            /* else the longest run of words that names a person or place
             * elsewhere in the article ("Andy Warhol Foundation") */
            uint64_t h64 = 1469598103934665603ull;
            int32_t best = -1;
            for (size_t e1 = t + 1; type == TD_ENT_NONE && e1 <= in->tok1; e1++) {
                h64 = key_step(&c, h64, e1 - 1); /* key_of(t, e1), word by word */
                if (t == in->tok0 && e1 == in->tok1)
                    break;
                if (!(d->flags[e1 - 1] & TD_TOK_CAP))
                    continue;
                int32_t j = map_get(&c.names, h64 | 1);
                /* a place named by a head word is a building or a feature:
                 * inside a longer name only at its start ("Kennedy Space
                 * Center Visitor Complex"), not as any words that end
                 * like it ("... Aviation & Space Museum") */
                if (j >= 0 && ms->m[j].type != TD_ENT_PERSON && ms->info[j].cue == TD_CUE_HEAD &&
                    t != in->tok0)
                    j = -1;
                if (j >= 0) {
                    best = j;
                    t1 = e1;
                }
            }
            if (best >= 0) {
                type = ms->m[best].type;
                kbid = ms->m[best].kb;
                ent = ms->m[best].entity;
            }
            /* "Municipality of Bogliasco", "Province of Kestrel": after
             * "of", the rest of a government area's name is the place */
            if (type == TD_ENT_NONE && t > in->tok0 + 1 && area_of(&c, t)) {
                t1 = in->tok1;
                type = TD_ENT_CITY;
            }
            if (type == TD_ENT_NONE || (outer_place && type != TD_ENT_PERSON &&
                                        !place_with_head(&c, k))) {
                t = t1 > t ? t1 : t + 1;
                continue;
            }
            if (out->n >= cap)
                return TD_RESOLVE_OK;
            /* "University of Southern Indiana": a capitalised compass word
             * before a region is part of its name */
            size_t t0 = t;
            if (type == TD_ENT_REGION && t > in->tok0 && compass(&c, t - 1))
                t0 = t - 1;
            /* the KB's extent, without a period the name does not have */
            size_t end = d->tok[t1 - 1].start + word_len(&c, t1 - 1);
            if (kb_end && kb_end < end)
                end = kb_end;
            out->m[out->n] = (td_mention){.start = d->tok[t0].start, .end = end,
                                          .sentence = m->sentence, .type = type,
                                          .form = TD_FORM_NAME, .kb = kbid, .entity = ent};
            out->info[out->n] = (td_mention_info){.tok0 = (uint32_t)t0, .tok1 = (uint32_t)t1,
                                                  .cue = TD_CUE_KB, .headline = in->headline};
            out->n++;
            t = t1;
        }
    }
    return TD_RESOLVE_OK;
}
