/*
 * actors.c -- loading the knowledge base for an ingest, and storing an
 * article's actors.
 *
 * Entities are merged across articles by a key: the knowledge-base id
 * when the entity is known ("kb:country:IRN"), else its type and
 * lower-cased full name ("name:person:abram paley"). The store adds the
 * surname rule for people an article names by surname alone.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/actors.h"

static int same_files(const td_db *db, const td_ingest_opts *o)
{
    if (db->kb_nfiles != o->nactor_files) return 0;
    for (size_t i = 0; i < o->nactor_files; i++)
        if (strcmp(db->kb_files[i], o->actor_files[i]) != 0) return 0;
    return 1;
}

static void forget_files(td_db *db)
{
    for (size_t i = 0; i < db->kb_nfiles; i++) free(db->kb_files[i]);
    free(db->kb_files);
    db->kb_files = NULL;
    db->kb_nfiles = 0;
}

td_status td_core_kb(td_db *db, const td_ingest_opts *o, char *err, size_t errlen)
{
    if (db->kb && same_files(db, o)) return TD_OK;
    td_actors_free(db->actors); /* it reads the KB being replaced */
    db->actors = NULL;
    td_kb_close(db->kb);
    db->kb = NULL;
    forget_files(db);
    td_kb *kb;
    int rc = td_kb_open(&kb, NULL, err, errlen);
    if (rc != TD_KB_OK) return rc == TD_KB_ENOMEM ? TD_ENOMEM : TD_EUSAGE;
    for (size_t i = 0; i < o->nactor_files; i++) {
        rc = td_kb_add_file(kb, o->actor_files[i], err, errlen);
        if (rc != TD_KB_OK) {
            td_kb_close(kb);
            return rc == TD_KB_ENOMEM ? TD_ENOMEM : TD_EUSAGE;
        }
    }
    db->kb_files = o->nactor_files ? calloc(o->nactor_files, sizeof *db->kb_files) : NULL;
    for (size_t i = 0; db->kb_files && i < o->nactor_files; i++)
        db->kb_files[i] = strdup(o->actor_files[i]);
    db->kb_nfiles = db->kb_files ? o->nactor_files : 0;
    db->kb = kb;
    return TD_OK;
}

/* Lower-case ASCII, white space squashed: the name part of a key. */
static char *fold(td_arena *a, const char *s)
{
    size_t n = strlen(s);
    char *r = td_arena_alloc(a, n + 1);
    if (!r) return NULL;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (isspace(c)) {
            if (k && r[k - 1] != ' ') r[k++] = ' ';
        } else {
            r[k++] = (char)tolower(c);
        }
    }
    while (k && r[k - 1] == ' ') k--;
    r[k] = '\0';
    return r;
}

/* Distinct forms kept per entity and article: real articles use a few; a
 * hostile one could make the distinct-check quadratic. */
enum { MAX_ALIASES = 64 };

td_status td_core_store_actors(td_store *s, const td_kb *kb, int64_t id, const char *body,
                               size_t len, const td_actors_result *r, td_arena *arena)
{
    if (!r->nentities) return TD_OK;
    size_t nm = r->nmentions, ne = r->nentities;
    int64_t *gid = td_arena_alloc(arena, ne * sizeof *gid);
    const char **aliases = td_arena_alloc(arena, MAX_ALIASES * sizeof *aliases);
    /* each mention's text, made once; the mentions grouped by entity (a
     * counting sort), so that each entity reads only its own */
    const char **text = td_arena_alloc(arena, (nm + 1) * sizeof *text);
    uint32_t *first = td_arena_alloc(arena, (ne + 2) * sizeof *first);
    uint32_t *order = td_arena_alloc(arena, (nm + 1) * sizeof *order);
    if (!gid || !aliases || !text || !first || !order) return TD_ENOMEM;
    memset(first, 0, (ne + 2) * sizeof *first);
    for (size_t m = 0; m < nm; m++) {
        const td_mention *mm = &r->mentions[m];
        text[m] = td_arena_span(arena, body, len, mm->start, mm->end);
        if (mm->entity >= 0 && (size_t)mm->entity < ne) first[mm->entity + 2]++;
    }
    for (size_t e = 2; e < ne + 2; e++) first[e] += first[e - 1];
    for (size_t m = 0; m < nm; m++) {
        int32_t e = r->mentions[m].entity;
        if (e >= 0 && (size_t)e < ne) order[first[e + 1]++] = (uint32_t)m;
    }
    /* now entity e's mentions are order[first[e] .. first[e + 1]) */
    for (size_t e = 0; e < ne; e++) {
        const td_local_entity *le = &r->entities[e];
        const td_kb_entry *ke = kb && le->kb >= 0 ? td_kb_entry_at(kb, (uint32_t)le->kb) : NULL;
        td_entity_in in = {0};
        in.type = td_ent_type_name(le->type);
        in.name = ke ? ke->name : le->name;
        in.kb_id = ke ? ke->id : NULL;
        char *folded = fold(arena, le->name);
        if (!folded) return TD_ENOMEM;
        in.key = ke ? td_arena_printf(arena, "kb:%s", ke->id)
                    : td_arena_printf(arena, "name:%s:%s", in.type, folded);
        if (!in.key) return TD_ENOMEM;
        if (le->type == TD_ENT_PERSON) {
            const char *sp = strrchr(folded, ' ');
            in.surname = sp ? sp + 1 : folded;
            in.single = sp == NULL;
        }
        in.mentions = first[e + 1] - first[e];
        /* the distinct forms this article used, demonyms aside */
        for (uint32_t k = first[e]; k < first[e + 1] && in.naliases < MAX_ALIASES; k++) {
            const td_mention *mm = &r->mentions[order[k]];
            const char *t = text[order[k]];
            if (!t || mm->form == TD_FORM_DEMONYM || mm->form == TD_FORM_NOMINAL) continue;
            size_t a = 0;
            while (a < in.naliases && strcmp(aliases[a], t) != 0) a++;
            if (a == in.naliases) aliases[in.naliases++] = t;
        }
        in.aliases = aliases;
        td_status st = s->ops->put_entity(s, &in, &gid[e]);
        if (st != TD_OK) return st;
    }
    for (size_t m = 0; m < nm; m++) {
        const td_mention *mm = &r->mentions[m];
        if (mm->entity < 0 || (size_t)mm->entity >= ne || !text[m]) continue;
        td_mention_row row = {id,
                              gid[mm->entity],
                              mm->start,
                              mm->end,
                              mm->sentence,
                              text[m],
                              td_ent_type_name(mm->type),
                              td_form_name(mm->form)};
        td_status st = s->ops->put_mention(s, &row);
        if (st != TD_OK) return st;
    }
    for (size_t t = 0; t < r->ntitles; t++) {
        const td_title *ti = &r->titles[t];
        if (ti->mention < 0 || (size_t)ti->mention >= r->nmentions) continue;
        int32_t le = r->mentions[ti->mention].entity;
        if (le < 0 || (size_t)le >= r->nentities) continue;
        td_title_row row = {gid[le],
                            id,
                            NULL,
                            td_arena_span(arena, body, len, ti->start, ti->end),
                            ti->role,
                            ti->country[0] ? ti->country : NULL,
                            ti->about[0] ? ti->about : NULL,
                            td_title_attach_name(ti->attach)};
        if (!row.text) continue;
        td_status st = s->ops->put_title(s, &row, ti->start, ti->end);
        if (st != TD_OK) return st;
    }
    for (size_t k = 0; k < r->nattributions; k++) {
        const td_attribution *a = &r->attributions[k];
        td_attribution_row row = {0};
        row.article = id;
        row.idx = (uint32_t)k;
        row.parent = a->parent;
        row.sentence = a->sentence;
        row.source = td_arena_span(arena, body, len, a->src_start, a->src_end);
        if (!row.source) row.source = "";
        if (a->src_mention >= 0 && (size_t)a->src_mention < r->nmentions) {
            int32_t le = r->mentions[a->src_mention].entity;
            if (le >= 0 && (size_t)le < r->nentities) row.source_entity = gid[le];
        }
        row.source_kind = td_src_kind_name(a->src_kind);
        row.cue = a->cue ? a->cue : "say";
        row.kind = td_attr_kind_name(a->kind);
        row.content = td_arena_span(arena, body, len, a->content_start, a->content_end);
        row.content_start = a->content_start;
        row.content_end = a->content_end;
        td_status st = s->ops->put_attribution(s, &row);
        if (st != TD_OK) return st;
    }
    return TD_OK;
}
