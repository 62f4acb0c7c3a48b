/*
 * regroup.c -- a small thread grouped again once its dates are known
 * (regroup.h).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/regroup.h"
#include "core/relate.h"
#include "util/date.h"

/* Article vector terms asked for per article (above any max_terms). */
enum { VEC_MAX = 1024 };

typedef struct member {
    size_t item;         /* index into items and p */
    td_article *a;       /* with its body */
    td_story_doc d;
    int copy;            /* a copy of another member: it follows it */
    size_t group;        /* index into the thread's groups */
} member;

typedef struct group {
    int64_t tmp;         /* its story in the scratch index */
    int64_t id;          /* its id in the story index, 0 until given */
    char *headline;
    td_story_info info;  /* what td_story_restore gets, filled on the way */
} group;

typedef struct thread_work {
    td_store *s;
    td_story_index *ix;
    td_redate_item *items;
    td_core_placed *p;
    size_t nplaced;
    member *m;
    size_t nm;
    group *g;
    size_t ng;
    int64_t *old;        /* the thread's stories now, sorted */
    size_t nold;
} thread_work;

void td_core_story_dates(const td_redate_item *it, const char *published, td_story_doc *d)
{
    d->published = td_date_unix(it->related ? (it->day[0] ? it->day : NULL) : published);
    d->published_lo = d->published_hi = 0;
    if (!d->published && it->lo[0] && it->hi[0]) {
        d->published_lo = td_date_unix(it->lo);
        d->published_hi = td_date_unix(it->hi);
    }
    /* An inferred date whose interval holds under a tenth of its score
     * mass is a guess (a weekday placed in a year that an office or an
     * older year in the text suggests); taken as the article's date, it
     * keeps the article from its story, which only articles within
     * story_days may join. It is left out here, and kept in the store. */
    if (!it->related && it->from == TD_DATE_INFERRED &&
        it->confidence < TD_CORE_MIN_INFERRED_CONFIDENCE)
        d->published = d->published_lo = d->published_hi = 0;
}

/* One ingest's order: dated articles first, by date, then the rest; then
 * by id. */
static int by_arrival(const void *x, const void *y)
{
    const member *a = x, *b = y;
    int da = a->d.published != 0, db = b->d.published != 0;
    if (da != db) return db - da;
    if (da && a->d.published != b->d.published) return a->d.published < b->d.published ? -1 : 1;
    return a->d.id < b->d.id ? -1 : a->d.id > b->d.id;
}

static int by_id(const void *x, const void *y)
{
    int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
    return a < b ? -1 : a > b;
}

/* Items ordered by thread, then article. */
typedef struct thread_key {
    int64_t thread, article;
    size_t item;
} thread_key;

static int by_thread(const void *x, const void *y)
{
    const thread_key *a = x, *b = y;
    if (a->thread != b->thread) return a->thread < b->thread ? -1 : 1;
    return a->article < b->article ? -1 : a->article > b->article;
}

static void work_free(thread_work *w)
{
    for (size_t i = 0; i < w->nm; i++) free(w->m[i].a);
    for (size_t i = 0; i < w->ng; i++) free(w->g[i].headline);
    free(w->m);
    free(w->g);
    free(w->old);
    w->m = NULL;
    w->g = NULL;
    w->old = NULL;
    w->nm = w->ng = w->nold = 0;
}

/* Whether the thread of keys[0..k) is one to regroup: small, stored by
 * more than one ingest, with a firm article and a loose one -- after the
 * thread pass (dated), one that the pass dated. */
static int wants_regroup(const td_redate_item *items, const thread_key *keys, size_t k,
                         int dated)
{
    if (k < 2 || k > TD_CORE_REGROUP_MAX) return 0;
    int loose = 0, firm = 0, runs = 0;
    for (size_t i = 0; i < k; i++) {
        const td_redate_item *it = &items[keys[i].item];
        if (dated ? it->related : td_core_date_loose(it)) loose = 1;
        else if (td_core_date_firm(it)) firm = 1;
        runs |= it->run != items[keys[0].item].run;
    }
    return loose && firm && runs;
}

/* The items' keys, ordered by thread (malloc'd), or NULL. */
static thread_key *thread_keys(const td_redate_item *items, size_t n)
{
    thread_key *keys = malloc((n ? n : 1) * sizeof *keys);
    if (!keys) return NULL;
    for (size_t i = 0; i < n; i++) keys[i] = (thread_key){items[i].thread, items[i].article, i};
    qsort(keys, n, sizeof *keys, by_thread);
    return keys;
}

/* The end of the thread that starts at keys[i]. */
static size_t thread_end(const thread_key *keys, size_t n, size_t i)
{
    size_t j = i + 1;
    while (j < n && keys[j].thread == keys[i].thread) j++;
    return j;
}

size_t td_core_sort_ids(int64_t *v, size_t n)
{
    qsort(v, n, sizeof *v, by_id);
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (!k || v[k - 1] != v[i]) v[k++] = v[i];
    return k;
}

td_status td_core_regroup_open(td_redate_item *items, size_t n, int64_t **changed,
                               size_t *nchanged)
{
    thread_key *keys = thread_keys(items, n);
    if (!keys) return TD_ENOMEM;
    size_t k = *nchanged;
    int64_t *ch = NULL;
    for (size_t i = 0, j; i < n; i = j) {
        j = thread_end(keys, n, i);
        if (!keys[i].thread || !wants_regroup(items, keys + i, j - i, 0)) continue;
        if (!ch && !(ch = realloc(*changed, (k + n) * sizeof *ch))) {
            free(keys);
            return TD_ENOMEM;
        }
        *changed = ch;
        for (size_t m = i; m < j; m++) {
            items[keys[m].item].settled = 0;
            ch[k++] = items[keys[m].item].story;
        }
    }
    free(keys);
    if (ch) *nchanged = td_core_sort_ids(ch, k);
    return TD_OK;
}

/* The member holding article id, or NULL. */
static member *member_of(thread_work *w, int64_t id)
{
    for (size_t i = 0; i < w->nm; i++)
        if (w->m[i].d.id == id) return &w->m[i];
    return NULL;
}

/* Reads the thread's articles into w->m. */
static td_status read_thread(thread_work *w, const thread_key *keys, size_t k)
{
    td_store *s = w->s;
    if (!(w->m = calloc(k, sizeof *w->m)) || !(w->g = calloc(k, sizeof *w->g)))
        return TD_ENOMEM;
    for (size_t i = 0; i < k; i++) {
        member *m = &w->m[w->nm];
        m->item = keys[i].item;
        td_status st = s->ops->get_article(s, keys[i].article, &m->a);
        if (st != TD_OK) return st;
        w->nm++;
        td_core_placed *pl = &w->p[m->item];
        if (m->item >= w->nplaced) {
            pl->dup_of = m->a->duplicate_of;
            pl->similarity = m->a->dup_similarity;
        }
        m->d.id = m->a->id;
        m->d.title = m->a->title;
        m->d.title_len = m->a->title ? strlen(m->a->title) : 0;
        m->d.body = m->a->body ? m->a->body : "";
        m->d.body_len = m->a->body_len;
        m->d.outlet = m->a->outlet;
    }
    for (size_t i = 0; i < w->nm; i++) {
        int64_t dup = w->p[w->m[i].item].dup_of;
        w->m[i].copy = dup && dup != w->m[i].d.id && member_of(w, dup) != NULL;
    }
    return TD_OK;
}

/* Groups the members, with the dates items give them, in a scratch
 * index: w->ng groups, each member's group set. */
static td_status group_members(thread_work *w)
{
    for (size_t i = 0; i < w->ng; i++) free(w->g[i].headline);
    memset(w->g, 0, w->nm * sizeof *w->g);
    w->ng = 0;
    for (size_t i = 0; i < w->nm; i++) {
        /* The article's own date as clustering took it: a date given with
         * it (metadata, byline, --published) to the second, as stored; an
         * inferred one as its item has it, since the store holds the date
         * refined from its story, which clustering does not take. */
        const td_redate_item *it = &w->items[w->m[i].item];
        int given = it->from != TD_DATE_INFERRED && it->from != TD_DATE_UNKNOWN;
        td_core_story_dates(it, given ? w->m[i].a->published : it->day, &w->m[i].d);
    }
    qsort(w->m, w->nm, sizeof *w->m, by_arrival);

    td_story_index *tmp;
    if (td_story_index_new(NULL, &tmp) != TD_STORY_OK) return TD_ENOMEM;
    td_status st = TD_OK;
    int64_t *placed = calloc(w->nm, sizeof *placed);
    if (!placed) st = TD_ENOMEM;
    for (size_t i = 0; i < w->nm && st == TD_OK; i++) {
        td_story_assign as;
        if (w->m[i].copy) continue;
        if (td_story_add(tmp, &w->m[i].d, &as) != TD_STORY_OK) st = TD_ENOMEM;
        else placed[i] = as.story_id;
    }
    /* groups in the order their first member arrived, after every merge */
    for (size_t i = 0; i < w->nm && st == TD_OK; i++) {
        if (w->m[i].copy) continue;
        td_story_info info;
        if (td_story_get(tmp, placed[i], &info) != TD_STORY_OK) {
            st = TD_ENOMEM;
            break;
        }
        size_t g = 0;
        while (g < w->ng && w->g[g].tmp != info.id) g++;
        if (g == w->ng) {
            group *gr = &w->g[w->ng++];
            gr->tmp = info.id;
            /* days, lead months; the rest is set in replace() */
            gr->info = info;
            gr->info.noutlets = 0;
            gr->info.articles = gr->info.copies = 0;
            gr->info.first_seq = gr->info.last_seq = 0;
            if (!(gr->headline = strdup(info.headline ? info.headline : ""))) st = TD_ENOMEM;
            gr->info.headline = gr->headline;
        }
        w->m[i].group = g;
    }
    free(placed);
    td_story_index_free(tmp);
    if (st != TD_OK) return st;
    for (size_t i = 0; i < w->nm; i++)
        if (w->m[i].copy) w->m[i].group = member_of(w, w->p[w->m[i].item].dup_of)->group;
    return TD_OK;
}

/* Whether the groups are the thread's stories as they are. */
static int same_partition(const thread_work *w)
{
    /* each story's members in one group, and each group from one story */
    for (size_t i = 0; i < w->nm; i++)
        for (size_t j = i + 1; j < w->nm; j++) {
            int same_story = w->items[w->m[i].item].story == w->items[w->m[j].item].story;
            if (same_story != (w->m[i].group == w->m[j].group)) return 0;
        }
    return 1;
}

static size_t old_index(const thread_work *w, int64_t story)
{
    const int64_t *f = bsearch(&story, w->old, w->nold, sizeof *w->old, by_id);
    return (size_t)(f - w->old);
}

/* Ids for the groups: each takes the old story it shares the most
 * articles with, largest shares first (ties: the older story, the earlier
 * group); the rest get new ones. into[o] is the group an old story left
 * without a group leads to, the one that took most of its articles. */
static td_status give_ids(thread_work *w, size_t *into)
{
    size_t no = w->nold, ng = w->ng;
    uint32_t *share = calloc(no * ng, sizeof *share);
    int *taken = calloc(no, sizeof *taken);
    if (!share || !taken) {
        free(share);
        free(taken);
        return TD_ENOMEM;
    }
    /* twice the articles shared, and one more for the group that holds
     * the old story's first article (the lowest id): on a tie the id
     * stays with the article that opened it */
    int64_t *first = malloc(no * sizeof *first);
    if (!first) {
        free(share);
        free(taken);
        return TD_ENOMEM;
    }
    for (size_t o = 0; o < no; o++) first[o] = INT64_MAX;
    for (size_t i = 0; i < w->nm; i++) {
        size_t o = old_index(w, w->items[w->m[i].item].story);
        share[o * ng + w->m[i].group] += 2;
        if (w->m[i].d.id < first[o]) first[o] = w->m[i].d.id;
    }
    for (size_t i = 0; i < w->nm; i++) {
        size_t o = old_index(w, w->items[w->m[i].item].story);
        if (w->m[i].d.id == first[o]) share[o * ng + w->m[i].group]++;
    }
    free(first);
    for (;;) {
        size_t bo = no, bg = ng;
        uint32_t best = 0;
        for (size_t o = 0; o < no; o++) {
            if (taken[o]) continue;
            for (size_t g = 0; g < ng; g++)
                if (!w->g[g].id && share[o * ng + g] > best) best = share[o * ng + g], bo = o, bg = g;
        }
        if (!best) break;
        taken[bo] = 1;
        w->g[bg].id = w->old[bo];
    }
    for (size_t g = 0; g < ng; g++)
        if (!w->g[g].id) w->g[g].id = td_story_new_id(w->ix);
    for (size_t o = 0; o < no; o++) {
        into[o] = ng;
        if (taken[o]) continue;
        uint32_t best = 0;
        for (size_t g = 0; g < ng; g++)
            if (share[o * ng + g] > best) best = share[o * ng + g], into[o] = g;
    }
    free(share);
    free(taken);
    return TD_OK;
}

/* The centroid of group g under the story index's term statistics: the
 * sum of its articles' vectors (copies left out, as the story stage
 * leaves them out). *out is malloc'd. */
static int group_terms(thread_work *w, size_t g, td_story_term **out, size_t *n)
{
    size_t cap = 0, k = 0;
    td_story_term *t = NULL;
    for (size_t i = 0; i < w->nm; i++) {
        if (w->m[i].group != g || w->m[i].copy) continue;
        if (k + VEC_MAX > cap) {
            cap = k + VEC_MAX;
            td_story_term *nt = realloc(t, cap * sizeof *nt);
            if (!nt) {
                free(t);
                return -1;
            }
            t = nt;
        }
        int r = td_story_vectorize(w->ix, &w->m[i].d, t + k, NULL, VEC_MAX);
        if (r < 0) {
            free(t);
            return -1;
        }
        k += (size_t)r;
    }
    *out = t;
    *n = k;
    return 0;
}

/* Puts the groups in place of the thread's stories in the story index. */
static td_status replace(thread_work *w, int64_t thread)
{
    size_t *into = malloc((w->nold ? w->nold : 1) * sizeof *into);
    if (!into) return TD_ENOMEM;
    td_status st = give_ids(w, into);
    /* arrival numbers: a group spans those of the stories its articles
     * came from */
    for (size_t i = 0; i < w->nm && st == TD_OK; i++) {
        group *g = &w->g[w->m[i].group];
        td_story_info info;
        if (td_story_get(w->ix, w->items[w->m[i].item].story, &info) != TD_STORY_OK) {
            st = TD_ENOMEM;
            break;
        }
        td_story_info *gi = &g->info;
        if (!gi->first_seq || info.first_seq < gi->first_seq) gi->first_seq = info.first_seq;
        if (info.last_seq > gi->last_seq) gi->last_seq = info.last_seq;
        gi->articles++;
        gi->copies += (uint32_t)w->m[i].copy;
    }
    for (size_t o = 0; o < w->nold && st == TD_OK; o++) {
        int64_t to = into[o] < w->ng ? w->g[into[o]].id : 0, article = 0;
        for (size_t i = 0; i < w->nm && !article; i++)
            if (w->items[w->m[i].item].story == w->old[o]) article = w->m[i].d.id;
        if (td_story_remove(w->ix, w->old[o], to, article) != TD_STORY_OK) st = TD_ENOMEM;
    }
    for (size_t g = 0; g < w->ng && st == TD_OK; g++) {
        td_story_info info = w->g[g].info;
        info.id = w->g[g].id;
        info.thread_id = thread;
        info.active = 1;
        for (size_t i = 0; i < w->nm; i++) {
            const char *o = w->m[i].d.outlet;
            if (w->m[i].group != g || !o) continue;
            size_t named = info.noutlets < TD_STORY_MAX_OUTLETS ? info.noutlets
                                                                : TD_STORY_MAX_OUTLETS;
            size_t k = 0;
            while (k < named && strcmp(info.outlets[k], o) != 0) k++;
            if (k < named) continue;
            int seen = 0; /* beyond the named ones: counted once */
            for (size_t j = 0; j < i && !seen; j++)
                seen = w->m[j].group == g && w->m[j].d.outlet && !strcmp(w->m[j].d.outlet, o);
            if (seen) continue;
            if (info.noutlets < TD_STORY_MAX_OUTLETS) info.outlets[info.noutlets] = o;
            info.noutlets++;
        }
        td_story_term *t = NULL;
        size_t nt = 0;
        if (group_terms(w, g, &t, &nt) || td_story_restore(w->ix, &info, t, nt) != TD_STORY_OK)
            st = TD_ENOMEM;
        free(t);
    }
    for (size_t i = 0; i < w->nm && st == TD_OK; i++)
        if (td_story_place(w->ix, w->m[i].d.id, w->g[w->m[i].group].id) != TD_STORY_OK)
            st = TD_ENOMEM;
    free(into);
    return st;
}

/* The thread's stories now (w->old), and whether all are in the index. */
static td_status old_stories(thread_work *w, int *retired)
{
    if (!(w->old = malloc(w->nm * sizeof *w->old))) return TD_ENOMEM;
    for (size_t i = 0; i < w->nm; i++) w->old[i] = w->items[w->m[i].item].story;
    size_t k = w->nold = td_core_sort_ids(w->old, w->nm);
    *retired = 0;
    for (size_t i = 0; i < k; i++) {
        td_story_info info;
        if (td_story_get(w->ix, w->old[i], &info) != TD_STORY_OK || !info.active) *retired = 1;
    }
    return TD_OK;
}

/* The thread pass dated the loose articles against the stories the
 * thread had, which the order of ingests made; a story of the first
 * grouping may hold the report those dates rest on. So the thread pass
 * runs again over the first grouping, from the dates the articles had
 * before it (pre), and the members are grouped again with its dates,
 * which items then keep. */
static td_status relate_again(thread_work *w, const td_redate_item *pre, int64_t thread)
{
    td_redate_item *local = malloc(w->nm * sizeof *local);
    if (!local) return TD_ENOMEM;
    for (size_t i = 0; i < w->nm; i++) {
        size_t it = w->m[i].item;
        if (pre[it].article != w->items[it].article) {
            free(local); /* not the same articles: keep the first grouping */
            return TD_OK;
        }
        local[i] = pre[it];
        local[i].story = (int64_t)w->m[i].group + 1;
        local[i].thread = thread;
        local[i].settled = 0;
        local[i].related = 0;
    }
    size_t nrel;
    td_status st = td_core_relate(w->s, local, w->nm, &nrel);
    if (st == TD_OK) {
        for (size_t i = 0; i < w->nm; i++) {
            td_redate_item *it = &w->items[w->m[i].item];
            int64_t story = it->story, th = it->thread;
            int settled = it->settled;
            *it = local[i];
            it->story = story;
            it->thread = th;
            it->settled = settled;
        }
        st = group_members(w);
    }
    free(local);
    return st;
}

static int push(void **v, size_t *n, size_t *cap, size_t size, const void *x)
{
    if (*n == *cap) {
        size_t c = *cap ? *cap * 2 : 64;
        void *nv = realloc(*v, c * size);
        if (!nv) return 1;
        *v = nv;
        *cap = c;
    }
    memcpy((char *)*v + *n * size, x, size);
    (*n)++;
    return 0;
}

td_status td_core_regroup(td_store *s, td_story_index *ix, td_redate_item *items,
                          const td_redate_item *pre, td_core_placed *p, size_t n,
                          size_t nplaced, int64_t **changed, size_t *nchanged, size_t **moved,
                          size_t *nmoved, size_t *regrouped)
{
    *moved = NULL;
    *nmoved = *regrouped = 0;
    thread_key *keys = thread_keys(items, n);
    if (!keys) return TD_ENOMEM;
    size_t movecap = 0, chcap = changed ? *nchanged : 0;
    td_status st = TD_OK;
    for (size_t i = 0, j; i < n && st == TD_OK; i = j) {
        j = thread_end(keys, n, i);
        if (!keys[i].thread || !wants_regroup(items, keys + i, j - i, 1)) continue;
        thread_work w = {s, ix, items, p, nplaced, NULL, 0, NULL, 0, NULL, 0};
        int retired = 0;
        if ((st = read_thread(&w, keys + i, j - i)) != TD_OK ||
            (st = old_stories(&w, &retired)) != TD_OK || retired ||
            (st = group_members(&w)) != TD_OK || same_partition(&w) ||
            (pre && ((st = relate_again(&w, pre, keys[i].thread)) != TD_OK || same_partition(&w)))) {
            work_free(&w);
            continue;
        }
        if ((st = replace(&w, keys[i].thread)) == TD_OK) {
            (*regrouped)++;
            for (size_t k = 0; k < w.nm && st == TD_OK; k++) {
                size_t it = w.m[k].item;
                int64_t id = w.g[w.m[k].group].id;
                if (it >= nplaced && items[it].story != id &&
                    push((void **)moved, nmoved, &movecap, sizeof it, &it))
                    st = TD_ENOMEM;
                items[it].story = p[it].story = id;
                items[it].settled = 0;
            }
            for (size_t g = 0; changed && g < w.ng && st == TD_OK; g++)
                if (push((void **)changed, nchanged, &chcap, sizeof(int64_t), &w.g[g].id))
                    st = TD_ENOMEM;
        }
        work_free(&w);
    }
    free(keys);
    if (st == TD_OK && changed && *nchanged) *nchanged = td_core_sort_ids(*changed, *nchanged);
    return st;
}
