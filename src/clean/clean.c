#include "clean/clean.h"
#include "clean/page.h"
#include "util/text.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The language guesser is an internal part of this module. */
void *td_clean_lang_open(char *err, size_t errlen);
void td_clean_lang_close(void *h);
const char *td_clean_lang_guess(void *h, const char *text, size_t len);

struct td_clean {
    void *textcat;
    td_html_state *html; /* parser and buffer kept between pages */
};

td_clean *td_clean_new(char *err, size_t errlen)
{
    td_clean *c = calloc(1, sizeof *c);
    if (!c) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    c->textcat = td_clean_lang_open(err, errlen);
    if (!c->textcat) {
        free(c);
        return NULL;
    }
    if (!(c->html = td_clean_html_state_new())) {
        td_clean_lang_close(c->textcat);
        free(c);
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    return c;
}

void td_clean_free(td_clean *c)
{
    if (!c) return;
    td_clean_lang_close(c->textcat);
    td_clean_html_state_free(c->html);
    free(c);
}

const char *td_clean_language(td_clean *c, const char *text, size_t len)
{
    return td_clean_lang_guess(c->textcat, text, len);
}

/* "EN-us" -> "en". Three-letter codes ("eng") and anything else give NULL,
 * so the guesser decides: the stored code is always ISO 639-1. */
static const char *normalise_language(td_arena *a, const char *s)
{
    if (!s) return NULL;
    char code[4];
    size_t k = 0;
    while (s[k] && isalpha((unsigned char)s[k]) && k < 3) {
        code[k] = (char)tolower((unsigned char)s[k]);
        k++;
    }
    if (k != 2 || (s[k] && s[k] != '-' && s[k] != '_')) return NULL;
    code[k] = '\0';
    return td_arena_strdup(a, code);
}

/* Characters a page's own bytes carry broken ("â€™"), mended in the
 * fields the clean stage hands on. */
static void mend_field(td_doc *d, const char **f)
{
    size_t n;
    const char *fixed = *f ? td_clean_fix_mojibake(&d->arena, *f, strlen(*f), &n) : NULL;
    if (fixed) *f = fixed;
}

static void mend(td_doc *d)
{
    size_t n;
    const char *fixed = td_clean_fix_mojibake(&d->arena, d->body, d->body_len, &n);
    if (fixed) {
        d->body = fixed;
        d->body_len = n;
    }
    mend_field(d, &d->title);
    mend_field(d, &d->author);
    mend_field(d, &d->site_name);
}

int td_clean_doc(td_clean *c, td_doc *d, const td_limits *lim, char *err, size_t errlen)
{
    if (d->ctype == TD_CT_HTML) {
        if (td_clean_html_with(c->html, d, lim->max_depth, err, errlen)) return -1;
    } else {
        td_clean_text(d);
    }
    if ((!d->body || d->body_len == 0) && d->ctype == TD_CT_TEXT && d->title) {
        /* A headline and nothing more (a feed item of a title and a link,
         * a JSON line with an empty "text"): the headline is all the item
         * says, so it is the body too. A page that gives nothing but its
         * <title> is no article and still refused. */
        const char *t = td_squash_space(&d->arena, d->title, strlen(d->title));
        if (t && *t) {
            d->body = t;
            d->body_len = strlen(t);
        }
    }
    if (!d->body || d->body_len == 0) {
        snprintf(err, errlen, "no text found in the document");
        return -1;
    }
    mend(d);
    if (!d->author || !d->published) td_clean_byline(d);
    if (!d->outlet) {
        d->outlet = td_clean_outlet_from_url(&d->arena, d->url);
        d->from.outlet = d->outlet ? "url domain" : NULL;
        if (!d->outlet && d->site_name) {
            d->outlet = d->site_name;
            d->from.outlet = "site name";
        }
    }
    d->language = normalise_language(&d->arena, d->language);
    if (!d->language) {
        d->language = td_clean_language(c, d->body, d->body_len);
        d->from.language = d->language ? "guess" : NULL;
    }
    return 0;
}
