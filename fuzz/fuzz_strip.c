/*
 * fuzz_strip.c -- differential libFuzzer target for the pre-parse strip
 * (clean/strip.c): a page and its stripped form must parse into the same
 * tree, apart from what the strip is meant to remove -- script and style
 * bodies (JSON-LD kept), comment text, and attributes the clean stage
 * does not read. Also checks the output is never longer than the input.
 *
 * The trees are walked side by side without recursion (following child,
 * next and parent links), so deep pages cannot exhaust the stack; the
 * first difference aborts with where it is.
 */
#include <libxml/HTMLparser.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "clean/page.h"

static htmlDocPtr parse(const char *s, size_t n)
{
    /* the options clean/html.c parses with */
    return htmlReadMemory(s, (int)n, NULL, "UTF-8",
                          HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                              HTML_PARSE_NONET | HTML_PARSE_COMPACT | HTML_PARSE_IGNORE_ENC);
}

static int is(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && n->name && !strcasecmp((const char *)n->name, name);
}

/* A script or style element whose body the strip empties. */
static int emptied(const xmlNode *n)
{
    if (is(n, "style")) return 1;
    if (!is(n, "script")) return 0;
    for (const xmlAttr *a = n->properties; a; a = a->next)
        if (a->children && a->children->content &&
            strcasestr((const char *)a->children->content, "ld+json"))
            return 0;
    return 1;
}

/* Whether the strip keeps attribute a of element e (strip.c's list). */
static int kept(const xmlNode *e, const xmlAttr *a)
{
    static const char *const names[] = {
        "id", "rel", "role", "lang", "name", "type", "class", "style", "hidden", "content",
        "pubdate", "itemprop", "property", "datetime", "aria-hidden", "aria-labelledby", NULL};
    if (is(e, "meta") || is(e, "link") || is(e, "script") || is(e, "style")) return 1;
    for (int k = 0; names[k]; k++)
        if (!strcasecmp((const char *)a->name, names[k])) return 1;
    return 0;
}

static const xmlAttr *next_kept(const xmlNode *e, const xmlAttr *a)
{
    while (a && !kept(e, a)) a = a->next;
    return a;
}

static const char *text_of(const xmlAttr *a)
{
    return a->children && a->children->content ? (const char *)a->children->content : "";
}

static void differ(const char *what, const xmlNode *n)
{
    fprintf(stderr, "strip changed the tree: %s at <%s> line %d\n", what,
            n && n->name ? (const char *)n->name : "?", n ? n->line : 0);
    abort();
}

static void same_node(const xmlNode *a, const xmlNode *b)
{
    if (a->type != b->type) differ("node type", a);
    if ((a->name || b->name) &&
        (!a->name || !b->name || strcmp((const char *)a->name, (const char *)b->name)))
        differ("name", a);
    if (a->type == XML_TEXT_NODE || a->type == XML_CDATA_SECTION_NODE) {
        const char *x = a->content ? (const char *)a->content : "";
        const char *y = b->content ? (const char *)b->content : "";
        if (strcmp(x, y)) differ("text", a->parent);
    }
    if (a->type == XML_ELEMENT_NODE) {
        const xmlAttr *x = next_kept(a, a->properties), *y = next_kept(b, b->properties);
        for (; x || y; x = next_kept(a, x->next), y = next_kept(b, y->next)) {
            if (!x || !y) differ("attribute count", a);
            if (strcmp((const char *)x->name, (const char *)y->name)) differ("attribute", a);
            if (strcmp(text_of(x), text_of(y))) differ("attribute value", a);
        }
    }
}

static void compare(const xmlNode *a, const xmlNode *b)
{
    const xmlNode *top_a = a ? a->parent : NULL;
    while (a || b) {
        if (!a || !b) differ("node count", a ? a : b);
        same_node(a, b);
        /* down, unless the strip emptied this element's body */
        if (a->type == XML_ELEMENT_NODE && !emptied(a) && (a->children || b->children)) {
            if (!a->children || !b->children) differ("children", a);
            a = a->children;
            b = b->children;
            continue;
        }
        /* next, or up until there is a next */
        while (a && !a->next && a->parent != top_a) {
            if (b->next) differ("node count", b->next);
            a = a->parent;
            b = b->parent;
        }
        if (!a) break;
        if (!a->next && b->next) differ("node count", b->next);
        a = a->next;
        b = b ? b->next : NULL;
    }
}

static void quiet(void *ctx, const char *msg, ...)
{
    (void)ctx;
    (void)msg;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    xmlInitParser();
    xmlSetGenericErrorFunc(NULL, quiet);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 256 * 1024) return 0;
    char *out = malloc(size + 1);
    if (!out) return 0;
    size_t m = td_clean_strip((const char *)data, size, out);
    if (m > size) differ("output longer than input", NULL);
    htmlDocPtr a = parse((const char *)data, size), b = parse(out, m);
    if (!a != !b) differ("one side did not parse", NULL);
    if (a) compare(a->children, b->children);
    xmlFreeDoc(a);
    xmlFreeDoc(b);
    free(out);
    return 0;
}
