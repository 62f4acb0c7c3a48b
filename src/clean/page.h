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

/* One candidate for a field, with where on the page it was found. */
typedef struct td_meta_cand {
    const char *text;  /* as found, white space squashed; a date in the text as
                          YYYY-MM-DD, a <time> or itemprop date as written */
    const char *from;  /* provenance label */
    unsigned kind;     /* which sort of source (meta.c) */
    unsigned ctx;      /* context flags of the element it was in (meta.c) */
    size_t pos;        /* offset in the page's visible text */
} td_meta_cand;

enum { TD_META_HEADS = 12, TD_META_AUTHORS = 24, TD_META_DATES = 48 };

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

    /* Added for judging between candidates (meta.c). */
    const char *ld_page_date;  /* JSON-LD datePublished of a WebPage, not an article */
    const char *modified;      /* article:modified_time, JSON-LD dateModified */
    const char *ld_site;       /* JSON-LD WebSite or publisher name */
    const char *itemprop_date; /* itemprop=datePublished in the body */
    unsigned itemprop_ctx;     /* where it was (CX_ flags of meta.c) */
    size_t text_len;           /* visible text seen in <body>, in bytes */
    int dmy_words, mdy_words;  /* dates shown with a month's name, day first
                                  ("3 October 2023") and month first */
    int nheads, nauthors, ndates;
    td_meta_cand heads[TD_META_HEADS];     /* <h1>s and elements marked headline */
    td_meta_cand authors[TD_META_AUTHORS]; /* names from tags, links, bylines */
    td_meta_cand dates[TD_META_DATES];     /* dates shown in the page's text */
} td_page_meta;

/* parse.c: our HTML tokenizer and tree builder (the tree libxml2 2.9.14
 * builds, without script and style bodies, comments and attributes the
 * clean stage does not read). A parser keeps its name table and memory
 * from page to page. */
typedef struct td_parse td_parse;
td_parse *td_clean_parse_new(void);
void td_clean_parse_free(td_parse *p);
/* Parses the page s[0..n). The tree belongs to p until its next parse;
 * never give it to xmlFreeDoc. NULL with err set when the page is nested
 * deeper than libxml2 allows, has too many elements or memory ran out;
 * NULL with err empty when the page is not UTF-8 or holds a NUL byte
 * (libxml2 reads those its own way: give them to it). */
xmlDoc *td_clean_parse(td_parse *p, const char *s, size_t n, char *err, size_t errlen);
/* Whether the tree keeps attribute attr (a lowercase name) on elements
 * other than <meta>, <link>, <script>, <style> and <abbr>, which keep all
 * theirs: the attributes the clean stage reads. */
int td_clean_parse_keeps(const char *attr);

/* html.c: what parsing keeps from one page to the next on one thread: our
 * parser, and a libxml2 context for pages that are not clean UTF-8.
 * Bounded: each is renewed or trimmed when it grows large. */
typedef struct td_html_state td_html_state;
td_html_state *td_clean_html_state_new(void);
void td_clean_html_state_free(td_html_state *st);
/* td_clean_html with st's parsers (st may be NULL). */
int td_clean_html_with(td_html_state *st, td_doc *d, unsigned max_depth, char *err,
                       size_t errlen);

/* meta.c: reads m from the parsed page. */
void td_clean_meta_read(td_arena *a, xmlDoc *doc, td_page_meta *m);
/* meta.c: fills the document's unset fields (title, author, date, URL,
 * site name, language) from m, judging between candidates. body is the
 * extracted text (for bylines), may be NULL. */
void td_clean_meta_apply(td_doc *d, const td_page_meta *m);

/* byline.c: the first date written out in s[0..n) ("May 17, 2024",
 * "17th May 2024", "2024-05-17", "17.05.2024", "05/17/2024") as
 * "YYYY-MM-DD" in out; *at and *end get its span. Returns 0 when there is
 * none. Month and year must both be there: "May 17" is no date. */
int td_clean_find_date(const char *s, size_t n, char out[11], size_t *at, size_t *end);
/* How the date td_clean_find_date found at s[0..n) (its span) writes its
 * month's name: 1 after the day ("17 May 2024"), 2 before it ("May 17,
 * 2024"), 0 not at all (numbers only). */
int td_clean_date_order(const char *s, size_t n);

/* byline.c: does the date at s[at..end) open a dateline ("ZARAGOZA,
 * Feb. 11, 2025 -- ..."): no lower-case letter before it, within 48
 * bytes, and a dash, a parenthesis or a colon after it? */
int td_clean_dateline(const char *s, size_t n, size_t at, size_t end);

/* byline.c: the author name(s) in a byline such as "By Jane Roe and John
 * Doe | May 17, 2024": a leading "By" and trailing dates, times and
 * separators are dropped. NULL when what is left does not read like a
 * name. With need_by, a "By"/"Author:" prefix is required. */
const char *td_clean_byline_name(td_arena *a, const char *s, size_t n, int need_by);

/* byline.c: is s (NUL-terminated) a newsroom role that follows a name in a
 * byline ("Reporter", "Senior Political Correspondent", "Global Desk"): at
 * most four words of letters, the last one a role? */
int td_clean_newsroom_role(const char *s);

/* extract.c: writes the article's own text into out, one line per block.
 * Returns 0, or -1 when out's cap was reached. */
int td_clean_extract(xmlDoc *doc, const td_page_meta *m, td_buf *out);

/* Text of a subtree, white space squashed; arena-allocated, NULL when
 * empty. At most cap bytes are read. */
const char *td_clean_node_text(td_arena *a, xmlNode *n, size_t cap);

#endif
