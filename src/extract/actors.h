/*
 * actors.h -- who an article names and how: the one call that runs
 * sentence and word segmentation (sent.h), the mention finder
 * (mention.h), in-article resolution (resolve.h), titles (role.h) and
 * attribution (attrib.h, once it exists) over an article body.
 *
 * A td_actors holds what is costly to set up (ICU break iterators) and
 * is meant to be made once per thread; the knowledge base it reads is
 * shared and immutable. Everything td_actors_run returns lives in the
 * caller's arena, with offsets into the text it was given.
 */
#ifndef TD_EXTRACT_ACTORS_H
#define TD_EXTRACT_ACTORS_H

#include <stddef.h>

#include "extract/entity.h"
#include "extract/kb.h"
#include "extract/mention.h"
#include "extract/sent.h"
#include "util/arena.h"

typedef struct td_actors td_actors;

typedef struct td_actors_result {
    td_sent_doc seg;            /* sentences and tokens */
    td_mention *mentions;       /* resolved mentions, text order */
    td_mention_info *info;      /* their token extents and evidence */
    size_t nmentions;
    td_mention *inner;          /* names inside those names ("Irving" in
                                   "Irving Police Department"), see
                                   td_resolve_inner; overlap mentions */
    td_mention_info *inner_info;
    size_t ninner;
    td_title *titles;           /* by mention */
    size_t ntitles;
    td_local_entity *entities;  /* by first mention */
    size_t nentities;
    td_attribution *attributions;
    size_t nattributions;
} td_actors_result;

/* Return codes. */
enum { TD_ACTORS_OK = 0, TD_ACTORS_ENOMEM = 1, TD_ACTORS_EICU = 2 };

/* kb may be NULL: then only capitalised runs are found and no titles. */
td_actors *td_actors_new(const td_kb *kb);
void td_actors_free(td_actors *a);

/* Runs every stage over text[0..len). On failure out is empty and the
 * code says why. */
int td_actors_run(td_actors *a, const char *text, size_t len, td_arena *arena,
                  td_actors_result *out);

#endif
