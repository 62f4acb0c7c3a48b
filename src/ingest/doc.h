/*
 * doc.h -- the document: what the ingest stage hands to the rest of the
 * pipeline. One arena per document holds every string in it.
 *
 * Readers fill the payload and whatever metadata their container carries
 * (a feed item's title, a JSONL field, a WARC target URI, the user's
 * --outlet). The clean stage then fills the body and the fields the
 * payload itself reveals, never overriding what a reader set.
 */
#ifndef TD_DOC_H
#define TD_DOC_H

#include <stddef.h>

#include "tidings.h"
#include "util/arena.h"

typedef enum td_ctype { TD_CT_TEXT = 0, TD_CT_HTML } td_ctype;

/* Where each metadata field came from, in a word or two: "jsonl", "rss",
 * "user", "og:title", "json-ld", "<title>", "url path", "byline", ...
 * NULL while the field is unset. Stored with the article. */
typedef struct td_provenance {
    const char *title, *author, *published, *url, *outlet, *language;
} td_provenance;

typedef struct td_doc {
    td_arena arena;
    const char *where;      /* "path", "path:12" (line), "path@4096" (byte) */
    td_format format;       /* the reader that produced it */

    /* The unit as it was in the input: hashed and stored compressed. */
    const unsigned char *raw;
    size_t raw_len;

    /* The payload, converted to UTF-8, and what kind of markup it is. */
    const char *content;
    size_t content_len;
    td_ctype ctype;
    const char *charset;    /* what the payload was converted from */

    /* Metadata; NULL when unknown. */
    const char *url;
    const char *title;
    const char *author;
    const char *outlet;
    const char *site_name;  /* feed or site title: an outlet fallback */
    const char *language;
    const char *published;  /* ISO 8601 */
    td_date_from published_from;
    const char *extra_json; /* unknown JSONL fields, as a JSON object */
    td_provenance from;     /* where title, author, ... came from */

    /* Filled by the clean stage. */
    const char *body;
    size_t body_len;
    size_t head_at;         /* plain text: where the lines around its
                               headline begin in content; 0 when unknown */
    char content_hash[33];
} td_doc;

/* A new, zeroed document with its arena, or NULL. */
td_doc *td_doc_new(void);
void td_doc_free(td_doc *d);

#endif
