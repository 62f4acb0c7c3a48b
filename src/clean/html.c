/*
 * html.c -- an HTML page to text and metadata, with gumbo's HTML5 parser.
 *
 * This first version keeps all visible text with one line break per block;
 * choosing the article's own blocks is the extraction issue's work. What it
 * reads of the page's metadata: <title>, OpenGraph and article meta tags,
 * schema.org JSON-LD, <link rel=canonical>, <html lang>, <time datetime>.
 *
 * gumbo has no depth limit and frees its tree recursively, so nesting is
 * measured before parsing; our own walks use an explicit stack.
 */
#include <ctype.h>
#include <gumbo.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "clean/clean.h"
#include "util/buf.h"
#include "util/date.h"
#include "util/text.h"

/* ---- nesting check ------------------------------------------------------ */

static int name_is(const char *p, size_t n, const char *const *names)
{
    for (int i = 0; names[i]; i++) {
        size_t l = strlen(names[i]);
        if (n == l && strncasecmp(p, names[i], l) == 0) return 1;
    }
    return 0;
}

/* Void elements never hold children; "<div/>" is not one of them, since
 * HTML5 ignores the slash on other elements. */
static const char *const void_elements[] = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
    "source", "track", "wbr", "keygen", "image", NULL};
/* Elements whose start tag closes an open one of their kind (a new <p> or
 * <li> ends the last), or that are ignored outside a table: counting them
 * would mistake a list of 5,000 items for 5,000 levels. (<rb>, <rt> and
 * <rp> close only inside <ruby>, so they count.) */
static const char *const flat_elements[] = {
    "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "tbody", "thead",
    "tfoot", "colgroup", "caption", NULL};
static const char *const foreign_elements[] = {"svg", "math", NULL};
static const char *const raw_elements[] = {"script", "style", "textarea", "title", "xmp",
                                           "plaintext", NULL};

/* An upper bound on element depth, close enough for a guard. Returns 0 when
 * within max, else the byte offset where max is exceeded + 1. */
static size_t depth_exceeded(const char *s, size_t n, unsigned max)
{
    long depth = 0, foreign = 0;
    size_t i = 0;
    while (i < n) {
        const char *lt = memchr(s + i, '<', n - i);
        if (!lt) break;
        i = (size_t)(lt - s) + 1;
        if (i >= n) break;
        if (s[i] == '!') {
            const char *end = (i + 2 < n && s[i + 1] == '-' && s[i + 2] == '-')
                                  ? memmem(s + i, n - i, "-->", 3)
                                  : memchr(s + i, '>', n - i);
            if (!end) break;
            i = (size_t)(end - s) + 1;
            continue;
        }
        int closing = s[i] == '/';
        if (closing) i++;
        size_t ns = i;
        while (i < n && (isalnum((unsigned char)s[i]) || s[i] == '-' || s[i] == ':')) i++;
        size_t nl = i - ns;
        if (nl == 0 || !isalpha((unsigned char)s[ns])) continue;
        const char *gt = memchr(s + i, '>', n - i);
        size_t tag_end = gt ? (size_t)(gt - s) : n;
        int is_void = name_is(s + ns, nl, void_elements);
        int flat = is_void || name_is(s + ns, nl, flat_elements);
        int self_closing = gt && gt > s && gt[-1] == '/';
        int is_foreign = name_is(s + ns, nl, foreign_elements);
        /* "/>" closes an element only inside <svg> and <math> (icons are
         * full of <path/>); elsewhere HTML5 ignores it. */
        if (foreign && self_closing) flat = 1;
        if (closing) {
            if (!flat && depth > 0) depth--;
            if (is_foreign && foreign > 0) foreign--;
        } else if (!flat) {
            if (is_foreign && !self_closing) foreign++;
            if (++depth > (long)max) return ns;
            if (name_is(s + ns, nl, raw_elements)) {
                /* Skip to the matching end tag: its content is not markup. */
                char endtag[16];
                int k = snprintf(endtag, sizeof endtag, "</%.*s", (int)nl, s + ns);
                const char *e = NULL;
                for (size_t j = tag_end; j + (size_t)k <= n; j++) {
                    const char *lt2 = memchr(s + j, '<', n - j);
                    if (!lt2 || (size_t)(lt2 - s) + (size_t)k > n) break;
                    if (strncasecmp(lt2, endtag, (size_t)k) == 0) {
                        e = lt2;
                        break;
                    }
                    j = (size_t)(lt2 - s);
                }
                depth--;
                if (!e) return 0;
                i = (size_t)(e - s);
                continue;
            }
        }
        i = tag_end;
    }
    return 0;
}

/* ---- metadata ------------------------------------------------------------ */

typedef struct meta {
    const char *og_title, *title, *h1, *site, *author, *date, *url, *lang, *description;
    const char *ld_headline, *ld_author, *ld_date;
} meta;

static const char *attr(const GumboElement *e, const char *name)
{
    GumboAttribute *a = gumbo_get_attribute(&e->attributes, name);
    return a ? a->value : NULL;
}

/* Text of a node's subtree, squashed, arena-allocated. */
static const char *subtree_text(td_arena *ar, const GumboNode *root, size_t cap)
{
    td_buf b;
    td_buf_init(&b, cap);
    const GumboNode *stack[256];
    unsigned idx[256];
    int sp = 0;
    stack[0] = root;
    idx[0] = 0;
    while (sp >= 0) {
        const GumboNode *n = stack[sp];
        if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_WHITESPACE ||
            n->type == GUMBO_NODE_CDATA) {
            if (td_buf_puts(&b, n->v.text.text) || td_buf_putc(&b, ' ')) break;
            sp--;
            continue;
        }
        if (n->type != GUMBO_NODE_ELEMENT || idx[sp] >= n->v.element.children.length ||
            sp == 255) {
            sp--;
            continue;
        }
        const GumboNode *c = n->v.element.children.data[idx[sp]++];
        stack[++sp] = c;
        idx[sp] = 0;
    }
    const char *r = b.len ? td_squash_space(ar, b.data, b.len) : NULL;
    td_buf_free(&b);
    return r && *r ? r : NULL;
}

/* schema.org NewsArticle/Article in JSON-LD: top level, a list, or @graph. */
static void read_jsonld(td_arena *ar, const char *text, meta *m)
{
    json_error_t err;
    json_t *root = json_loads(text, 0, &err);
    if (!root) return;
    json_t *queue[64];
    int qn = 0;
    queue[qn++] = root;
    for (int qi = 0; qi < qn; qi++) {
        json_t *v = queue[qi];
        if (json_is_array(v)) {
            size_t i;
            json_t *e;
            json_array_foreach(v, i, e) if (qn < 64) queue[qn++] = e;
            continue;
        }
        if (!json_is_object(v)) continue;
        json_t *g = json_object_get(v, "@graph");
        if (g && qn < 64) queue[qn++] = g;
        json_t *h = json_object_get(v, "headline");
        if (!m->ld_headline && json_is_string(h))
            m->ld_headline = td_arena_strdup(ar, json_string_value(h));
        json_t *d = json_object_get(v, "datePublished");
        if (!m->ld_date && json_is_string(d))
            m->ld_date = td_arena_strdup(ar, json_string_value(d));
        json_t *a = json_object_get(v, "author");
        if (json_is_array(a)) a = json_array_get(a, 0);
        if (json_is_object(a)) a = json_object_get(a, "name");
        if (!m->ld_author && json_is_string(a))
            m->ld_author = td_arena_strdup(ar, json_string_value(a));
    }
    json_decref(root);
}

static void read_meta_tag(td_arena *ar, const GumboElement *e, meta *m)
{
    const char *key = attr(e, "property");
    if (!key) key = attr(e, "name");
    if (!key) key = attr(e, "itemprop");
    const char *content = attr(e, "content");
    if (!key || !content || !*content) return;
    if (!strcasecmp(key, "og:title") || !strcasecmp(key, "twitter:title")) {
        if (!m->og_title) m->og_title = td_squash_space(ar, content, strlen(content));
    } else if (!strcasecmp(key, "og:site_name") || !strcasecmp(key, "application-name")) {
        if (!m->site) m->site = td_squash_space(ar, content, strlen(content));
    } else if (!strcasecmp(key, "author") || !strcasecmp(key, "article:author") ||
               !strcasecmp(key, "byl") || !strcasecmp(key, "dc.creator")) {
        /* article:author is often a profile URL, which names nobody. */
        if (!m->author && strncmp(content, "http", 4) != 0)
            m->author = td_squash_space(ar, content, strlen(content));
    } else if (!strcasecmp(key, "article:published_time") ||
               !strcasecmp(key, "og:article:published_time") ||
               !strcasecmp(key, "datePublished") || !strcasecmp(key, "pubdate") ||
               !strcasecmp(key, "publishdate") || !strcasecmp(key, "dc.date.issued") ||
               !strcasecmp(key, "dc.date") || !strcasecmp(key, "date") ||
               !strcasecmp(key, "parsely-pub-date") || !strcasecmp(key, "sailthru.date")) {
        if (!m->date) m->date = td_arena_strdup(ar, content);
    } else if (!strcasecmp(key, "og:description") || !strcasecmp(key, "description") ||
               !strcasecmp(key, "twitter:description")) {
        if (!m->description) m->description = td_squash_space(ar, content, strlen(content));
    } else if (!strcasecmp(key, "og:url")) {
        if (!m->url) m->url = td_arena_strdup(ar, content);
    }
}

/* ---- the walk ------------------------------------------------------------ */

static int skipped(GumboTag t)
{
    switch (t) {
    case GUMBO_TAG_SCRIPT: case GUMBO_TAG_STYLE: case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_TEMPLATE: case GUMBO_TAG_HEAD: case GUMBO_TAG_SVG: case GUMBO_TAG_MATH:
    case GUMBO_TAG_IFRAME: case GUMBO_TAG_OBJECT: case GUMBO_TAG_EMBED:
    case GUMBO_TAG_SELECT: case GUMBO_TAG_TEXTAREA: case GUMBO_TAG_BUTTON:
    case GUMBO_TAG_CANVAS: case GUMBO_TAG_AUDIO: case GUMBO_TAG_VIDEO:
        return 1;
    default:
        return 0;
    }
}

static int is_block(GumboTag t)
{
    switch (t) {
    case GUMBO_TAG_P: case GUMBO_TAG_DIV: case GUMBO_TAG_H1: case GUMBO_TAG_H2:
    case GUMBO_TAG_H3: case GUMBO_TAG_H4: case GUMBO_TAG_H5: case GUMBO_TAG_H6:
    case GUMBO_TAG_LI: case GUMBO_TAG_UL: case GUMBO_TAG_OL: case GUMBO_TAG_DL:
    case GUMBO_TAG_DT: case GUMBO_TAG_DD: case GUMBO_TAG_BLOCKQUOTE: case GUMBO_TAG_PRE:
    case GUMBO_TAG_TABLE: case GUMBO_TAG_TR: case GUMBO_TAG_CAPTION:
    case GUMBO_TAG_ARTICLE: case GUMBO_TAG_SECTION: case GUMBO_TAG_HEADER:
    case GUMBO_TAG_FOOTER: case GUMBO_TAG_NAV: case GUMBO_TAG_ASIDE: case GUMBO_TAG_MAIN:
    case GUMBO_TAG_FIGURE: case GUMBO_TAG_FIGCAPTION: case GUMBO_TAG_ADDRESS:
    case GUMBO_TAG_HR: case GUMBO_TAG_FORM: case GUMBO_TAG_FIELDSET: case GUMBO_TAG_BODY:
    case GUMBO_TAG_DETAILS: case GUMBO_TAG_SUMMARY: case GUMBO_TAG_CENTER:
        return 1;
    default:
        return 0;
    }
}

typedef struct out {
    td_buf b;
    int space;  /* a space is owed before the next word */
    int failed;
} out;

static void newline(out *o)
{
    if (o->b.len && o->b.data[o->b.len - 1] != '\n' && td_buf_putc(&o->b, '\n')) o->failed = 1;
    o->space = 0;
}

static void text(out *o, const char *s, int pre)
{
    for (const char *p = s; *p; p++) {
        unsigned char c = (unsigned char)*p;
        int ws = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
        if (!ws && c == 0xC2 && (unsigned char)p[1] == 0xA0) { ws = 1; p++; }
        if (pre) {
            if (td_buf_putc(&o->b, c == '\r' ? '\n' : (char)c)) o->failed = 1;
            continue;
        }
        if (ws) {
            o->space = 1;
            continue;
        }
        if (o->space && o->b.len && o->b.data[o->b.len - 1] != '\n')
            if (td_buf_putc(&o->b, ' ')) o->failed = 1;
        o->space = 0;
        if (td_buf_putc(&o->b, (char)c)) o->failed = 1;
    }
}

typedef struct frame {
    const GumboNode *node;
    unsigned next;
} frame;

int td_clean_html(td_doc *d, unsigned max_depth, char *err, size_t errlen)
{
    size_t at = depth_exceeded(d->content, d->content_len, max_depth);
    if (at) {
        snprintf(err, errlen, "HTML nested deeper than %u levels (at byte %zu of the page)",
                 max_depth, at);
        return -1;
    }
    GumboOptions opts = kGumboDefaultOptions;
    opts.max_errors = 0; /* we do not read parse errors: do not collect them */
    GumboOutput *g = gumbo_parse_with_options(&opts, d->content, d->content_len);
    if (!g) {
        snprintf(err, errlen, "HTML parser failed");
        return -1;
    }
    meta m = {0};
    out o;
    td_buf_init(&o.b, d->content_len + 64);
    o.space = 0;
    o.failed = 0;

    size_t cap = max_depth + 16;
    frame *st = malloc(cap * sizeof *st);
    if (!st) {
        gumbo_destroy_output(&kGumboDefaultOptions, g);
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    int pre = 0;
    size_t sp = 0;
    st[0].node = g->root;
    st[0].next = 0;
    /* Walk once over the whole tree: <head> for metadata, the rest for text. */
    const GumboElement *html = &g->root->v.element;
    const char *lang = attr(html, "lang");
    if (lang) m.lang = td_arena_strdup(&d->arena, lang);
    int in_head = 0;
    while (1) {
        frame *f = &st[sp];
        const GumboNode *n = f->node;
        if (n->type != GUMBO_NODE_ELEMENT && n->type != GUMBO_NODE_TEMPLATE) {
            if (!in_head && (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_WHITESPACE ||
                             n->type == GUMBO_NODE_CDATA))
                text(&o, n->v.text.text, pre);
        } else if (f->next == 0) {
            /* First visit of an element. */
            const GumboElement *e = &n->v.element;
            GumboTag t = e->tag;
            if (t == GUMBO_TAG_META) read_meta_tag(&d->arena, e, &m);
            else if (t == GUMBO_TAG_TITLE && !m.title)
                m.title = subtree_text(&d->arena, n, 4096);
            else if (t == GUMBO_TAG_LINK) {
                const char *rel = attr(e, "rel"), *href = attr(e, "href");
                if (rel && href && !strcasecmp(rel, "canonical") && !m.url)
                    m.url = td_arena_strdup(&d->arena, href);
            } else if (t == GUMBO_TAG_SCRIPT) {
                const char *type = attr(e, "type");
                if (type && !strcasecmp(type, "application/ld+json") && e->children.length) {
                    const GumboNode *c = e->children.data[0];
                    if (c->type == GUMBO_NODE_TEXT || c->type == GUMBO_NODE_CDATA ||
                        c->type == GUMBO_NODE_WHITESPACE)
                        read_jsonld(&d->arena, c->v.text.text, &m);
                }
            } else if (t == GUMBO_TAG_H1 && !m.h1) {
                m.h1 = subtree_text(&d->arena, n, 4096);
            } else if (t == GUMBO_TAG_TIME && !m.date) {
                const char *dt = attr(e, "datetime");
                if (dt) m.date = td_arena_strdup(&d->arena, dt);
            } else if (t == GUMBO_TAG_BR) {
                newline(&o);
            }
            if (t == GUMBO_TAG_HEAD) in_head = 1;
            if (skipped(t) && t != GUMBO_TAG_HEAD) goto pop;
            if (t == GUMBO_TAG_HEAD) {
                /* Visit the head for metadata only (in_head mutes text). */
            }
            if (is_block(t)) newline(&o);
            if (t == GUMBO_TAG_PRE) pre++;
            if (t == GUMBO_TAG_TD || t == GUMBO_TAG_TH) o.space = 1;
        }
        if (n->type == GUMBO_NODE_ELEMENT || n->type == GUMBO_NODE_TEMPLATE) {
            const GumboVector *kids = &n->v.element.children;
            if (f->next < kids->length) {
                const GumboNode *c = kids->data[f->next++];
                if (sp + 1 >= cap) continue; /* deeper than the guard allowed: skip */
                st[++sp].node = c;
                st[sp].next = 0;
                continue;
            }
            /* Last visit. */
            GumboTag t = n->v.element.tag;
            if (t == GUMBO_TAG_HEAD) in_head = 0;
            if (t == GUMBO_TAG_PRE && pre) pre--;
            if (is_block(t)) newline(&o);
        }
    pop:
        if (sp == 0) break;
        sp--;
    }
    free(st);
    gumbo_destroy_output(&kGumboDefaultOptions, g);

    if (o.failed) {
        td_buf_free(&o.b);
        snprintf(err, errlen, "page text over the size limit");
        return -1;
    }
    /* Trim trailing space and newlines. */
    while (o.b.len && (o.b.data[o.b.len - 1] == '\n' || o.b.data[o.b.len - 1] == ' '))
        o.b.data[--o.b.len] = '\0';
    if (o.b.len) {
        d->body = td_arena_strndup(&d->arena, o.b.data, o.b.len);
        d->body_len = o.b.len;
    } else if (m.description) {
        /* A page drawn by script has no text of its own; its summary is
         * better than losing the page. */
        d->body = m.description;
        d->body_len = strlen(m.description);
    }
    td_buf_free(&o.b);

    if (!d->title) d->title = m.og_title ? m.og_title : m.ld_headline ? m.ld_headline
                              : m.title ? m.title : m.h1;
    if (!d->author) d->author = m.author ? m.author : m.ld_author;
    if (!d->url && m.url && strncmp(m.url, "http", 4) == 0) d->url = m.url;
    if (!d->site_name) d->site_name = m.site;
    if (!d->language) d->language = m.lang;
    if (!d->published) {
        const char *cands[] = {m.date, m.ld_date};
        for (int i = 0; i < 2 && !d->published; i++) {
            if (!cands[i]) continue;
            d->published = td_date_parse(&d->arena, cands[i], strlen(cands[i]));
            if (d->published) d->published_from = TD_DATE_METADATA;
        }
    }
    return 0;
}
