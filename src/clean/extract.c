/*
 * extract.c -- the article's own text from a parsed page.
 *
 * This version keeps all visible text of <body>, one line per block;
 * choosing the article's blocks among the page's clutter replaces it.
 */
#include <string.h>

#include "clean/page.h"

static int is_skipped(const char *name)
{
    static const char *const names[] = {
        "script", "style", "noscript", "template", "head", "svg", "math", "iframe",
        "object", "embed", "select", "textarea", "button", "canvas", "audio", "video", NULL};
    for (int i = 0; names[i]; i++)
        if (!strcmp(name, names[i])) return 1;
    return 0;
}

static int is_block(const char *name)
{
    static const char *const names[] = {
        "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd",
        "blockquote", "pre", "table", "tr", "caption", "article", "section", "header",
        "footer", "nav", "aside", "main", "figure", "figcaption", "address", "hr", "form",
        "fieldset", "body", "details", "summary", "center", "br", NULL};
    for (int i = 0; names[i]; i++)
        if (!strcmp(name, names[i])) return 1;
    return 0;
}

typedef struct out {
    td_buf *b;
    int space; /* a space is owed before the next word */
    int pre;   /* inside <pre>: keep white space */
    int full;
} out;

static void newline(out *o)
{
    if (o->b->len && o->b->data[o->b->len - 1] != '\n' && td_buf_putc(o->b, '\n')) o->full = 1;
    o->space = 0;
}

static void text(out *o, const char *s)
{
    for (const char *p = s; *p; p++) {
        unsigned char c = (unsigned char)*p;
        int ws = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
        if (!ws && c == 0xC2 && (unsigned char)p[1] == 0xA0) {
            ws = 1;
            p++;
        }
        if (o->pre) {
            /* A no-break space (two bytes, skipped above) becomes a space. */
            char k = ws ? (c == '\n' || c == '\r' ? '\n' : ' ') : (char)c;
            if (td_buf_putc(o->b, k)) o->full = 1;
            continue;
        }
        if (ws) {
            o->space = 1;
            continue;
        }
        if (o->space && o->b->len && o->b->data[o->b->len - 1] != '\n')
            if (td_buf_putc(o->b, ' ')) o->full = 1;
        o->space = 0;
        if (td_buf_putc(o->b, (char)c)) o->full = 1;
    }
}

static xmlNode *find_body(xmlDoc *doc)
{
    xmlNode *root = xmlDocGetRootElement(doc);
    if (!root) return NULL;
    for (xmlNode *c = root->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE && !strcmp((const char *)c->name, "body")) return c;
    return root;
}

int td_clean_extract(xmlDoc *doc, const td_page_meta *m, td_buf *b)
{
    xmlNode *root = find_body(doc);
    if (!root) return 0;
    out o = {b, 0, 0, 0};
    /* Depth-first by the tree's own links; leaving an element is where its
     * block ends. */
    xmlNode *n = root;
    while (n && !o.full) {
        int descend = 0;
        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            if (n->content) text(&o, (const char *)n->content);
        } else if (n->type == XML_ELEMENT_NODE) {
            const char *name = (const char *)n->name;
            if (!is_skipped(name)) {
                if (is_block(name)) newline(&o);
                if (!strcmp(name, "td") || !strcmp(name, "th")) o.space = 1;
                if (!strcmp(name, "pre")) o.pre++;
                descend = n->children != NULL;
                if (!descend && !strcmp(name, "pre")) o.pre--;
            }
        }
        if (descend) {
            n = n->children;
            continue;
        }
        /* Leave finished elements, closing their blocks, until one has a
         * next sibling. */
        while (n && n != root && !n->next) {
            n = n->parent;
            if (n->type == XML_ELEMENT_NODE) {
                const char *name = (const char *)n->name;
                if (is_block(name)) newline(&o);
                if (!strcmp(name, "pre") && o.pre) o.pre--;
            }
        }
        if (!n || n == root) break;
        n = n->next;
    }
    return o.full ? -1 : 0;
}
