/*
 * clean.h -- from a document's payload to its fields: body text, title,
 * author, URL, outlet, language, date.
 *
 * The clean stage fills only what the reader left unset: metadata a feed or
 * a JSONL record states outranks what the page says about itself.
 */
#ifndef TD_CLEAN_H
#define TD_CLEAN_H

#include <stddef.h>

#include "ingest/doc.h"
#include "tidings.h"

typedef struct td_clean td_clean;

/* A cleaner holds the language models; one per database handle. Returns
 * NULL with a message in err when the models cannot be loaded. */
td_clean *td_clean_new(char *err, size_t errlen);
void td_clean_free(td_clean *c);

/* Returns 0, or -1 when the document must be rejected (reason in err). */
int td_clean_doc(td_clean *c, td_doc *d, const td_limits *lim, char *err, size_t errlen);

/* The pieces, for tests and later stages. */
int td_clean_html(td_doc *d, unsigned max_depth, char *err, size_t errlen);
void td_clean_text(td_doc *d);
/* Author and date from bylines in the body, when still unset (byline.c). */
void td_clean_byline(td_doc *d);
/* The registrable domain of a URL's host ("www.bbc.co.uk" -> "bbc.co.uk"),
 * arena-allocated, or NULL. */
const char *td_clean_outlet_from_url(td_arena *a, const char *url);
/* ISO 639-1 code of the text's language, or NULL when unsure. */
const char *td_clean_language(td_clean *c, const char *text, size_t len);

#endif
