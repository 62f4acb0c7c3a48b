/*
 * page.h -- a parsed HTML page, shared by the parts of the clean stage that
 * read it: html.c parses, meta.c reads what the page says about itself,
 * extract.c picks the article's own text. Internal to src/clean/.
 */
#ifndef TD_CLEAN_PAGE_H
#define TD_CLEAN_PAGE_H

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "ingest/doc.h"
#include "util/buf.h"

/* Everything the page states about itself, as found (squashed, not yet
 * judged). NULL when absent. Strings live in the document's arena. */
typedef struct td_page_meta {
    const char *title_tag;   /* <title> */
    const char *og_title;    /* og:title, twitter:title */
    const char *ld_headline; /* JSON-LD headline */
    const char *h1;          /* first <h1> */
    const char *site_name;   /* og:site_name, application-name */
    const char *author;      /* author meta tags */
    const char *ld_author;   /* JSON-LD author name(s) */
    const char *date;        /* article:published_time and kin */
    const char *ld_date;     /* JSON-LD datePublished */
    const char *time_date;   /* first <time datetime> */
    const char *canonical;   /* <link rel=canonical> */
    const char *og_url;
    const char *lang;        /* <html lang> */
    const char *description; /* og:description, description */
    const char *ld_body;     /* JSON-LD articleBody */
} td_page_meta;

/* meta.c: reads m from the parsed page. */
void td_clean_meta_read(td_arena *a, xmlDoc *doc, td_page_meta *m);
/* meta.c: fills the document's unset fields (title, author, date, URL,
 * site name, language) from m, judging between candidates. body is the
 * extracted text (for bylines), may be NULL. */
void td_clean_meta_apply(td_doc *d, const td_page_meta *m);

/* extract.c: writes the article's own text into out, one line per block.
 * Returns 0, or -1 when out's cap was reached. */
int td_clean_extract(xmlDoc *doc, const td_page_meta *m, td_buf *out);

/* Text of a subtree, white space squashed; arena-allocated, NULL when
 * empty. At most cap bytes are read. */
const char *td_clean_node_text(td_arena *a, xmlNode *n, size_t cap);

#endif
