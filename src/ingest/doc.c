#include "ingest/doc.h"

#include <stdlib.h>

td_doc *td_doc_new(void)
{
    td_doc *d = calloc(1, sizeof *d);
    if (d) td_arena_init(&d->arena);
    return d;
}

void td_doc_free(td_doc *d)
{
    if (!d) return;
    td_arena_free(&d->arena);
    free(d);
}
