/*
 * actors.c -- the actor stages in order (see actors.h).
 */
#include "extract/actors.h"
#include "extract/attrib.h"

#include <stdlib.h>
#include <string.h>

#include "extract/resolve.h"
#include "extract/role.h"

struct td_actors {
    const td_kb *kb;
    td_sent *seg;
};

td_actors *td_actors_new(const td_kb *kb)
{
    td_actors *a = calloc(1, sizeof *a);
    if (!a)
        return NULL;
    char err[128];
    a->kb = kb;
    a->seg = td_sent_new(err, sizeof err);
    if (!a->seg) {
        free(a);
        return NULL;
    }
    return a;
}

void td_actors_free(td_actors *a)
{
    if (!a)
        return;
    td_sent_free(a->seg);
    free(a);
}

int td_actors_run(td_actors *a, const char *text, size_t len, td_arena *arena,
                  td_actors_result *out)
{
    memset(out, 0, sizeof *out);
    int rc = td_sent_run(a->seg, text, len, arena, &out->seg);
    if (rc != TD_SENT_OK)
        return rc == TD_SENT_EICU ? TD_ACTORS_EICU : TD_ACTORS_ENOMEM;
    td_mention_list ms;
    if (td_mention_find(a->kb, text, &out->seg, arena, &ms) != TD_MENTION_OK)
        return TD_ACTORS_ENOMEM;
    if (td_resolve(a->kb, text, &out->seg, &ms, arena, &out->entities, &out->nentities) !=
        TD_RESOLVE_OK)
        return TD_ACTORS_ENOMEM;
    out->mentions = ms.m;
    out->info = ms.info;
    out->nmentions = ms.n;
    td_mention_list inner;
    if (td_resolve_inner(a->kb, text, &out->seg, &ms, arena, &inner) != TD_RESOLVE_OK)
        return TD_ACTORS_ENOMEM;
    out->inner = inner.m;
    out->inner_info = inner.info;
    out->ninner = inner.n;
    if (td_role_find(a->kb, text, &out->seg, &ms, arena, &out->titles, &out->ntitles) !=
        TD_ROLE_OK)
        return TD_ACTORS_ENOMEM;
    /* Who says what: at most one attribution per ~4 tokens, a bound no
     * real text reaches; a full buffer keeps the first ones. */
    size_t max = out->seg.ntok / 4 + 16;
    out->attributions = td_arena_alloc(arena, max * sizeof *out->attributions);
    if (!out->attributions) return TD_ACTORS_ENOMEM;
    rc = td_attrib_find(text, len, out->seg.sent, out->seg.nsent, out->mentions,
                            out->nmentions, out->attributions, max, &out->nattributions);
    if (rc != TD_ATTRIB_OK && rc != TD_ATTRIB_FULL) out->nattributions = 0;
    return TD_ACTORS_OK;
}
