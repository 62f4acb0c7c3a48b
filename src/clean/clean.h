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
#include <stdint.h>

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
/* s[0..n) with characters broken by a wrong charset conversion in its
 * bytes ("Investorâ€™s") mended, in arena a, its length in *outlen; NULL
 * when nothing needed mending (mojibake.c). */
const char *td_clean_fix_mojibake(td_arena *a, const char *s, size_t n, size_t *outlen);
/* Author and date from bylines in the body, when still unset (byline.c). */
void td_clean_byline(td_doc *d);
/* The registrable domain of a URL's host ("www.bbc.co.uk" -> "bbc.co.uk"),
 * arena-allocated, or NULL. */
const char *td_clean_outlet_from_url(td_arena *a, const char *url);
/* Keys that tell two spellings of one outlet ("Meridian Wire",
 * "meridianwire.net"): an outlet name is filed under put[0..*nput) and
 * is the same outlet as an earlier name filed under any of
 * find[0..*nfind). Each array holds TD_CLEAN_OUTLET_KEYS. */
enum { TD_CLEAN_OUTLET_KEYS = 40 };
void td_clean_outlet_keys(const char *name, size_t len, uint64_t *put, size_t *nput,
                          uint64_t *find, size_t *nfind);
/* ISO 639-1 code of the text's language, or NULL when unsure. */
const char *td_clean_language(td_clean *c, const char *text, size_t len);

/* One line of scraped plain text and what its shape says (lines.c). */
typedef struct td_line {
    const char *s;          /* the line, trimmed; not NUL-terminated */
    size_t len;
    unsigned blank_before;  /* blank lines between it and the line before */
    unsigned chars;         /* code points */
    unsigned words;         /* tokens with a letter or a digit */
    unsigned stops;         /* of which English function words ("the", "of") */
    unsigned caps;          /* of which capitalised */
    unsigned you;           /* of which "you", "your" */
    unsigned cjk;           /* Chinese and Japanese characters (no spaces) */
    unsigned marks;         /* words followed by punctuation: , ; : . ! ? */
    unsigned title_words;   /* function words capitalised inside a sentence */
    unsigned lead_caps;     /* capitalised words (or numbers) opening the line */
    unsigned flags;         /* TD_LINE_* */
    unsigned char end;      /* TD_END_*: how the line ends */
    unsigned char label_words; /* words before the colon of a "Label:" */
} td_line;

enum {
    TD_END_NONE,
    TD_END_SENTENCE,  /* a full stop */
    TD_END_ASK,       /* a question or exclamation mark */
    TD_END_ELLIPSIS,  /* "..." or "…": cut short */
    TD_END_COLON,
};
enum {
    TD_LINE_URL = 1 << 0,       /* holds a URL or an e-mail address */
    TD_LINE_HANDLE = 1 << 1,    /* holds an @handle */
    TD_LINE_TAGS = 1 << 2,      /* nothing but handles, hashtags and URLs */
    TD_LINE_LABEL = 1 << 3,     /* starts "Label:" ("READ:", "Photo:") */
    TD_LINE_READTIME = 1 << 4,  /* "3 min read" */
    TD_LINE_COPYRIGHT = 1 << 5, /* "©", "All rights reserved" */
    TD_LINE_BYLINE = 1 << 6,    /* "By Jane Roe", "Author: Jane Roe" */
    TD_LINE_DATE = 1 << 7,      /* nothing but a date or a time */
    TD_LINE_ALLCAPS = 1 << 8,   /* "TOP STORIES" */
    TD_LINE_MENU = 1 << 9,      /* items split by "|", "•", "›" */
    TD_LINE_DATED = 1 << 10,    /* holds a date or a time */
    TD_LINE_COMMENTS = 1 << 11, /* a few words about comments: "12 Comments" */
    TD_LINE_BIO = 1 << 12,      /* "Jane Roe is a reporter ...": an author's bio */
    TD_LINE_ASKS = 1 << 13,     /* opens with "Subscribe", "Sign", "Follow", ... */
    TD_LINE_NOTE = 1 << 14,     /* "This article was first published by ..." */
};

/* Measures l->s[0..l->len) into the other fields. */
void td_line_measure(td_line *l);
/* The non-blank lines of s[0..n), measured, into an arena array. Returns
 * their number, or (size_t)-1 when there are more than max or no memory. */
size_t td_lines_read(td_arena *a, const char *s, size_t n, size_t max, td_line **out);

#endif
