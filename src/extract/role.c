/*
 * role.c -- titles attached to persons (see role.h).
 *
 * Titles are found once per token from the lexicon; then, for each person
 * mention, a phrase is read leftwards from the name (pre-modifier, and
 * the noun phrase before ", NAME") or rightwards after it (apposition,
 * "is the ...", "who is ..."). The leftward reader accepts titles, the
 * modifiers of titles, names of countries and bodies (possessive or not),
 * "for/on/to X" after a title, and at most two other lower-case words
 * between them ("policy" in "Middle East policy official").
 */
#include "extract/role.h"

#include <string.h>
#include <strings.h>

#include "text/text.h"

typedef struct rctx {
    const td_kb *kb;
    const char *text;
    const td_sent_doc *d;
    const td_mention_list *ms;
    int32_t *tmen;        /* mention covering each token, or -1 */
    uint8_t *tlen;        /* title starting at each token: its length */
    int32_t *tend;        /* title ending at each token: its first token */
    const char **trole;
    uint8_t *trank;
    uint8_t *tflags;
    td_title *out;
    size_t n, cap;
} rctx;

#define TP(c, i) ((c)->text + (c)->d->tok[i].start)
#define TL(c, i) ((c)->d->tok[i].end - (c)->d->tok[i].start)

static int word_is(const rctx *c, size_t i, const char *w)
{
    size_t l = strlen(w);
    return TL(c, i) == l && strncasecmp(TP(c, i), w, l) == 0;
}

static int modifier_flags(const rctx *c, size_t i, int *flags)
{
    static const struct {
        const char *w;
        int f;
    } mods[] = {
        {"acting", TD_ROLE_ACTING}, {"interim", TD_ROLE_ACTING}, {"deputy", TD_ROLE_DEPUTY},
        {"vice", TD_ROLE_DEPUTY},   {"assistant", TD_ROLE_DEPUTY}, {"former", TD_ROLE_FORMER},
        {"ex", TD_ROLE_FORMER},     {"then", 0},                 {"special", TD_ROLE_SPECIAL},
        {"senior", 0},              {"top", 0},                  {"outgoing", 0},
        {"incoming", 0},            {"longtime", 0},             {"veteran", 0},
        {"chief", 0},               {"principal", 0},            {"new", 0},
    };
    for (size_t k = 0; k < sizeof mods / sizeof *mods; k++)
        if (word_is(c, i, mods[k].w)) {
            *flags |= mods[k].f;
            return 1;
        }
    return 0;
}

static int is_det(const rctx *c, size_t i)
{
    return word_is(c, i, "the") || word_is(c, i, "a") || word_is(c, i, "an") ||
           word_is(c, i, "its") || word_is(c, i, "his") || word_is(c, i, "her") ||
           word_is(c, i, "their");
}

static int is_stop(const rctx *c, size_t i)
{
    char low[24];
    size_t n = TL(c, i);
    if (n >= sizeof low)
        return 0;
    for (size_t k = 0; k < n; k++) {
        char ch = TP(c, i)[k];
        low[k] = (ch >= 'A' && ch <= 'Z') ? (char)(ch + 32) : ch;
    }
    return td_text_is_stopword(low, n);
}

static int is_term(const rctx *c, size_t i)
{
    if (!(c->d->flags[i] & TD_TOK_PUNCT))
        return 0;
    const char *w = TP(c, i);
    size_t n = TL(c, i);
    if (n == 1)
        return strchr(",.;:)!?\"", *w) != NULL;
    return n == 3 && (memcmp(w, "\xE2\x80\x94", 3) == 0 || memcmp(w, "\xE2\x80\x93", 3) == 0 ||
                      memcmp(w, "\xE2\x80\x9D", 3) == 0);
}

/* The country a mention stands for, or the one its organisation belongs to. */
static void country_of(const rctx *c, int32_t m, char out[4])
{
    const td_mention *x = &c->ms->m[m];
    if (x->kb < 0 || !c->kb || out[0])
        return;
    const td_kb_entry *e = td_kb_entry_at(c->kb, (uint32_t)x->kb);
    if (e && e->country[0])
        memcpy(out, e->country, 4);
}

/* One title phrase being read. */
typedef struct phrase {
    size_t start, end;   /* tokens [start, end) */
    const char *role;    /* the head office */
    size_t role_tok;
    const char *rank;    /* a rank next to the name */
    size_t rank_start;   /* where the rank run starts (== end if none) */
    int flags;
    char country[4], about[4];
    int32_t org;
    int titles;
} phrase;

static void add_title(rctx *c, size_t a, size_t b, int32_t mention, int attach, const char *role,
                      const phrase *p)
{
    if (c->n >= c->cap || a >= b)
        return;
    td_title *t = &c->out[c->n++];
    memset(t, 0, sizeof *t);
    t->start = c->d->tok[a].start;
    t->end = c->d->tok[b - 1].end;
    t->mention = mention;
    t->attach = attach;
    t->role = role;
    t->org = p->org;
    t->acting = p->flags;
    memcpy(t->country, p->country, 4);
    memcpy(t->about, p->about, 4);
}

static void emit_phrase(rctx *c, const phrase *p, int32_t mention, int attach)
{
    if (p->rank && p->rank_start < p->end) {
        phrase r = {.org = -1};
        add_title(c, p->rank_start, p->end, mention, attach, p->rank, &r);
        if (p->role && p->start < p->rank_start)
            add_title(c, p->start, p->rank_start, mention, attach, p->role, p);
    } else if (p->role || p->rank) {
        add_title(c, p->start, p->end, mention, attach, p->role ? p->role : p->rank, p);
    }
}

/* Reads a title phrase leftwards from token e (inclusive) down to lo. */
static int read_left(rctx *c, size_t e, size_t lo, phrase *p)
{
    memset(p, 0, sizeof *p);
    p->org = -1;
    p->end = e + 1;
    p->rank_start = e + 1;
    size_t t = e + 1, first_kept = e + 1;
    int unknown = 0, adjacent_ok = 0, only_ranks = 1;
    while (t-- > lo) {
        int32_t s = c->tend[t];
        if (s >= (int32_t)lo) {
            /* A title followed by a person names that person's office
             * ("President Biden's"), not this one's. */
            int of_other = t + 1 < c->d->ntok && c->tmen[t + 1] >= 0 && t + 1 < e + 1 &&
                           c->ms->m[c->tmen[t + 1]].type == TD_ENT_PERSON;
            if (!of_other) {
                if (t == e)
                    adjacent_ok = 1;
                if (c->trank[s] && only_ranks) {
                    p->rank = c->trole[s];
                    p->rank_start = (size_t)s;
                } else {
                    only_ranks = 0;
                    if (!p->role) {
                        p->role = c->trole[s];
                        p->role_tok = (size_t)s;
                    }
                }
                p->flags |= c->tflags[s];
                p->titles++;
            }
            t = (size_t)s;
            first_kept = t;
            unknown = 0;
            continue;
        }
        int32_t m = c->tmen[t];
        if (m >= 0) {
            const td_mention *x = &c->ms->m[m];
            const td_mention_info *xi = &c->ms->info[m];
            if (x->type == TD_ENT_PERSON && !xi->possessive)
                break;
            size_t t0 = xi->tok0;
            if (t0 >= lo + 2 && (word_is(c, t0 - 1, "for") || word_is(c, t0 - 1, "on") ||
                                 word_is(c, t0 - 1, "to")) &&
                c->tend[t0 - 2] >= (int32_t)lo && !p->titles) {
                /* "envoy for Iran": what the office is about. */
                if (x->type != TD_ENT_PERSON)
                    country_of(c, m, p->about);
                if (t == e)
                    adjacent_ok = 1;
                t = t0 - 1;
                first_kept = t;
                continue;
            }
            if (x->type == TD_ENT_ORG || x->type == TD_ENT_OUTLET) {
                if (p->org < 0)
                    p->org = m;
            }
            if (x->type != TD_ENT_PERSON)
                country_of(c, m, p->country);
            t = t0;
            first_kept = t;
            continue;
        }
        /* "Islamic Revolutionary Guard Corps (IRGC) commander" */
        if (TL(c, t) == 1 && TP(c, t)[0] == ')' && t >= lo + 3 && c->tmen[t - 1] >= 0 &&
            TP(c, t - 2)[0] == '(' && c->tmen[t - 3] >= 0) {
            t -= 2;
            continue;
        }
        if (modifier_flags(c, t, &p->flags)) {
            first_kept = t;
            continue;
        }
        if ((c->d->flags[t] & TD_TOK_LOWER) && p->titles && unknown < 2 && !is_stop(c, t) &&
            !is_det(c, t)) {
            unknown++;
            continue; /* kept only if something known comes before it */
        }
        break;
    }
    p->start = first_kept;
    return p->titles > 0 && adjacent_ok;
}

/* Reads a noun phrase with a title rightwards from token b, up to hi:
 * "the acting U.S. envoy for Iran", "commander of Iran's Quds Force". */
static int read_right(rctx *c, size_t b, size_t hi, phrase *p)
{
    memset(p, 0, sizeof *p);
    p->org = -1;
    p->start = b;
    size_t t = b;
    int unknown = 0;
    while (t < hi && is_det(c, t))
        t++;
    while (t < hi) {
        if (is_term(c, t))
            break;
        if (c->tlen[t]) {
            size_t l = c->tlen[t];
            /* a title of someone else named right after it */
            if (t + l < hi && c->tmen[t + l] >= 0 &&
                c->ms->m[c->tmen[t + l]].type == TD_ENT_PERSON) {
                t += l;
                continue;
            }
            if (c->trank[t] && !p->role)
                p->rank = c->trole[t];
            else
                p->role = c->trole[t];
            p->role_tok = t;
            p->flags |= c->tflags[t];
            p->titles++;
            t += l;
            p->end = t;
            continue;
        }
        int32_t m = c->tmen[t];
        if (m >= 0) {
            const td_mention *x = &c->ms->m[m];
            if (x->type == TD_ENT_PERSON && !c->ms->info[m].possessive)
                return 0; /* another person: not a description of this one */
            if (x->type == TD_ENT_ORG || x->type == TD_ENT_OUTLET) {
                if (p->org < 0)
                    p->org = m;
            }
            if (x->type != TD_ENT_PERSON)
                country_of(c, m, p->country);
            t = c->ms->info[m].tok1;
            continue;
        }
        if (modifier_flags(c, t, &p->flags)) {
            t++;
            continue;
        }
        int prep_about = word_is(c, t, "for") || word_is(c, t, "on") || word_is(c, t, "to");
        int prep_of = word_is(c, t, "of") || word_is(c, t, "at");
        if (p->titles && (prep_about || prep_of)) {
            size_t q = t + 1;
            while (q < hi && is_det(c, q))
                q++;
            size_t got = q;
            while (q < hi) {
                int32_t mm = c->tmen[q];
                if (mm >= 0) {
                    const td_mention *x = &c->ms->m[mm];
                    if (prep_about && x->type != TD_ENT_PERSON)
                        country_of(c, mm, p->about);
                    else if (x->type == TD_ENT_ORG || x->type == TD_ENT_OUTLET) {
                        if (p->org < 0)
                            p->org = mm;
                        country_of(c, mm, p->country);
                    } else if (x->type != TD_ENT_PERSON)
                        country_of(c, mm, p->country);
                    q = c->ms->info[mm].tok1;
                    got = q;
                    continue;
                }
                if (c->d->flags[q] & TD_TOK_CAP) {
                    q++;
                    got = q;
                    continue;
                }
                break;
            }
            if (got > t + 1 && (c->d->flags[got - 1] & (TD_TOK_CAP | TD_TOK_WORD)))
                p->end = got;
            break;
        }
        if (p->titles)
            break;
        if ((c->d->flags[t] & TD_TOK_WORD) && unknown < 4 && !is_stop(c, t)) {
            unknown++;
            t++;
            continue;
        }
        return 0;
    }
    p->rank_start = p->end; /* no rank split after the name */
    return p->titles > 0 && p->end > p->start;
}

static void person_titles(rctx *c, size_t k)
{
    const td_mention *m = &c->ms->m[k];
    const td_mention_info *in = &c->ms->info[k];
    const td_sent_doc *d = c->d;
    uint32_t s = m->sentence;
    size_t lo = d->sfirst[s], hi = d->sfirst[s + 1];
    size_t t0 = in->tok0, t1 = in->tok1;
    phrase p;
    /* Pre-modifiers. */
    if (t0 > lo && read_left(c, t0 - 1, lo, &p))
        emit_phrase(c, &p, (int32_t)k, TD_TITLE_PREMOD);
    if (in->possessive)
        return;
    /* "the ... adviser, NAME," */
    if (t0 >= lo + 2 && TL(c, t0 - 1) == 1 && TP(c, t0 - 1)[0] == ',' &&
        (t1 >= hi || is_term(c, t1) || word_is(c, t1, "and")) && read_left(c, t0 - 2, lo, &p) &&
        p.role)
        emit_phrase(c, &p, (int32_t)k, TD_TITLE_APPOS);
    if (t1 >= hi)
        return;
    /* "NAME, the ... envoy for Iran," and "NAME the acting envoy" */
    if (TL(c, t1) == 1 && TP(c, t1)[0] == ',' && t1 + 1 < hi) {
        size_t b = t1 + 1;
        int attach = TD_TITLE_APPOS;
        if (word_is(c, b, "who") && b + 1 < hi) {
            attach = TD_TITLE_PRED;
            b++;
            if (word_is(c, b, "is") || word_is(c, b, "was") || word_is(c, b, "became"))
                b++;
            else if ((word_is(c, b, "serves") || word_is(c, b, "served")) && b + 1 < hi &&
                     word_is(c, b + 1, "as"))
                b += 2;
            else
                return;
        }
        if (read_right(c, b, hi, &p) && p.end < hi + 1)
            emit_phrase(c, &p, (int32_t)k, attach);
        return;
    }
    if (word_is(c, t1, "the") && read_right(c, t1, hi, &p))
        emit_phrase(c, &p, (int32_t)k, TD_TITLE_APPOS);
    else if ((word_is(c, t1, "is") || word_is(c, t1, "was")) && t1 + 1 < hi &&
             read_right(c, t1 + 1, hi, &p))
        emit_phrase(c, &p, (int32_t)k, TD_TITLE_BIO);
}

int td_role_find(const td_kb *kb, const char *text, const td_sent_doc *d, const td_mention_list *ms,
                 td_arena *arena, td_title **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    if (!kb || d->ntok == 0)
        return TD_ROLE_OK;
    size_t nt = d->ntok;
    rctx c = {.kb = kb, .text = text, .d = d, .ms = ms};
    c.tmen = td_arena_alloc(arena, nt * sizeof *c.tmen);
    c.tlen = td_arena_alloc(arena, nt);
    c.tend = td_arena_alloc(arena, nt * sizeof *c.tend);
    c.trole = td_arena_alloc(arena, nt * sizeof *c.trole);
    c.trank = td_arena_alloc(arena, nt);
    c.tflags = td_arena_alloc(arena, nt);
    size_t npers = 0;
    for (size_t k = 0; k < ms->n; k++)
        npers += ms->m[k].type == TD_ENT_PERSON;
    c.cap = 3 * npers + 1;
    c.out = td_arena_alloc(arena, c.cap * sizeof *c.out);
    if (!c.tmen || !c.tlen || !c.tend || !c.trole || !c.trank || !c.tflags || !c.out)
        return TD_ROLE_ENOMEM;
    for (size_t i = 0; i < nt; i++) {
        c.tmen[i] = -1;
        c.tend[i] = -1;
        c.tlen[i] = 0;
    }
    for (size_t k = 0; k < ms->n; k++)
        for (size_t t = ms->info[k].tok0; t < ms->info[k].tok1; t++)
            c.tmen[t] = (int32_t)k;
    /* Titles only matter in sentences that name a person. */
    for (size_t k = 0, last = (size_t)-1; k < ms->n; k++) {
        uint32_t s = ms->m[k].sentence;
        if (ms->m[k].type != TD_ENT_PERSON || s == last)
            continue;
        last = s;
        size_t hi = d->sfirst[s + 1];
        for (size_t i = d->sfirst[s]; i < hi; i++) {
            if (!(d->flags[i] & TD_TOK_WORD) || c.tmen[i] >= 0)
                continue;
            td_kb_title_hit h;
            if (!td_kb_title(kb, text, d->tok, hi, i, &h) || h.ntok > 255)
                continue;
            size_t e = i + h.ntok - 1;
            /* "officials", "advisers": a group, not this person's title */
            size_t rl = h.role ? strlen(h.role) : 0;
            if (rl && text[d->tok[e].end - 1] == 's' && h.role[rl - 1] != 's' &&
                !(d->flags[e] & TD_TOK_UPPER))
                continue;
            int overlaps = 0;
            for (size_t j = i; j <= e; j++)
                overlaps |= c.tmen[j] >= 0;
            if (overlaps)
                continue;
            c.tlen[i] = (uint8_t)h.ntok;
            c.trole[i] = h.role;
            c.trank[i] = (uint8_t)(h.rank != 0);
            c.tflags[i] = (uint8_t)h.flags;
            if (c.tend[e] < 0 || (size_t)c.tend[e] > i)
                c.tend[e] = (int32_t)i;
        }
    }
    for (size_t k = 0; k < ms->n; k++)
        if (ms->m[k].type == TD_ENT_PERSON)
            person_titles(&c, k);
    *out = c.out;
    *n = c.n;
    return TD_ROLE_OK;
}
