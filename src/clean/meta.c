/*
 * meta.c -- what a page says about itself: headline, author, date, URL,
 * site name, language, description, and schema.org JSON-LD.
 *
 * Reading (td_clean_meta_read) collects every candidate; applying
 * (td_clean_meta_apply) judges between them and fills only the fields the
 * reader left unset.
 */
#include <jansson.h>
#include <string.h>
#include <strings.h>

#include "clean/page.h"
#include "util/date.h"
#include "util/text.h"

static const char *prop(xmlNode *n, const char *name)
{
    for (xmlAttr *a = n->properties; a; a = a->next)
        if (a->name && !strcasecmp((const char *)a->name, name) && a->children &&
            a->children->content)
            return (const char *)a->children->content;
    return NULL;
}

const char *td_clean_node_text(td_arena *ar, xmlNode *root, size_t cap)
{
    td_buf b;
    td_buf_init(&b, cap);
    /* Walk the subtree by its links: no stack, no recursion. */
    xmlNode *n = root->children;
    while (n && n != root) {
        if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) && n->content) {
            if (td_buf_puts(&b, (const char *)n->content) || td_buf_putc(&b, ' ')) break;
        }
        if (n->type == XML_ELEMENT_NODE && n->children) {
            n = n->children;
            continue;
        }
        while (n && n != root && !n->next) n = n->parent;
        if (n && n != root) n = n->next;
    }
    const char *r = b.len ? td_squash_space(ar, b.data, b.len) : NULL;
    td_buf_free(&b);
    return r && *r ? r : NULL;
}

/* schema.org NewsArticle/Article in JSON-LD: top level, a list, or @graph. */
static void read_jsonld(td_arena *ar, const char *text, td_page_meta *m)
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
            m->ld_headline = td_squash_space(ar, json_string_value(h), json_string_length(h));
        json_t *d = json_object_get(v, "datePublished");
        if (!m->ld_date && json_is_string(d))
            m->ld_date = td_arena_strdup(ar, json_string_value(d));
        json_t *b = json_object_get(v, "articleBody");
        if (!m->ld_body && json_is_string(b))
            m->ld_body = td_arena_strndup(ar, json_string_value(b), json_string_length(b));
        json_t *a = json_object_get(v, "author");
        if (json_is_array(a)) a = json_array_get(a, 0);
        if (json_is_object(a)) a = json_object_get(a, "name");
        if (!m->ld_author && json_is_string(a))
            m->ld_author = td_squash_space(ar, json_string_value(a), json_string_length(a));
    }
    json_decref(root);
}

static void read_meta_tag(td_arena *ar, xmlNode *e, td_page_meta *m)
{
    const char *key = prop(e, "property");
    if (!key) key = prop(e, "name");
    if (!key) key = prop(e, "itemprop");
    const char *content = prop(e, "content");
    if (!key || !content || !*content) return;
    size_t cl = strlen(content);
    if (!strcasecmp(key, "og:title") || !strcasecmp(key, "twitter:title")) {
        if (!m->og_title) m->og_title = td_squash_space(ar, content, cl);
    } else if (!strcasecmp(key, "og:site_name") || !strcasecmp(key, "application-name")) {
        if (!m->site_name) m->site_name = td_squash_space(ar, content, cl);
    } else if (!strcasecmp(key, "author") || !strcasecmp(key, "article:author") ||
               !strcasecmp(key, "byl") || !strcasecmp(key, "dc.creator")) {
        /* article:author is often a profile URL, which names nobody. */
        if (!m->author && strncmp(content, "http", 4) != 0)
            m->author = td_squash_space(ar, content, cl);
    } else if (!strcasecmp(key, "article:published_time") ||
               !strcasecmp(key, "og:article:published_time") ||
               !strcasecmp(key, "datePublished") || !strcasecmp(key, "pubdate") ||
               !strcasecmp(key, "publishdate") || !strcasecmp(key, "dc.date.issued") ||
               !strcasecmp(key, "dc.date") || !strcasecmp(key, "date") ||
               !strcasecmp(key, "parsely-pub-date") || !strcasecmp(key, "sailthru.date")) {
        if (!m->date) m->date = td_arena_strdup(ar, content);
    } else if (!strcasecmp(key, "og:description") || !strcasecmp(key, "description") ||
               !strcasecmp(key, "twitter:description")) {
        if (!m->description) m->description = td_squash_space(ar, content, cl);
    } else if (!strcasecmp(key, "og:url")) {
        if (!m->og_url) m->og_url = td_arena_strdup(ar, content);
    }
}

static int is(xmlNode *n, const char *name)
{
    return n->name && !strcmp((const char *)n->name, name);
}

void td_clean_meta_read(td_arena *ar, xmlDoc *doc, td_page_meta *m)
{
    xmlNode *root = xmlDocGetRootElement(doc);
    if (!root) return;
    const char *lang = prop(root, "lang");
    if (lang) m->lang = td_arena_strdup(ar, lang);
    xmlNode *n = root;
    while (n) {
        if (n->type == XML_ELEMENT_NODE) {
            if (is(n, "meta")) {
                read_meta_tag(ar, n, m);
            } else if (is(n, "title")) {
                if (!m->title_tag) m->title_tag = td_clean_node_text(ar, n, 4096);
            } else if (is(n, "link")) {
                const char *rel = prop(n, "rel"), *href = prop(n, "href");
                if (rel && href && !strcasecmp(rel, "canonical") && !m->canonical)
                    m->canonical = td_arena_strdup(ar, href);
            } else if (is(n, "script")) {
                const char *type = prop(n, "type");
                if (type && !strcasecmp(type, "application/ld+json") && n->children &&
                    n->children->content)
                    read_jsonld(ar, (const char *)n->children->content, m);
            } else if (is(n, "h1")) {
                if (!m->h1) m->h1 = td_clean_node_text(ar, n, 4096);
            } else if (is(n, "time")) {
                const char *dt = prop(n, "datetime");
                if (dt && !m->time_date) m->time_date = td_arena_strdup(ar, dt);
            }
        }
        if (n->type == XML_ELEMENT_NODE && n->children && !is(n, "script") &&
            !is(n, "style")) {
            n = n->children;
            continue;
        }
        while (n && !n->next) n = n->parent;
        if (n) n = n->next;
    }
}

/* Takes the first candidate that is set, and says which it was. */
static void pick(const char **field, const char **from, const char *const *cands,
                 const char *const *names, int n)
{
    if (*field) return;
    for (int i = 0; i < n; i++)
        if (cands[i]) {
            *field = cands[i];
            *from = names[i];
            return;
        }
}

void td_clean_meta_apply(td_doc *d, const td_page_meta *m)
{
    const char *titles[] = {m->og_title, m->ld_headline, m->title_tag, m->h1};
    const char *title_names[] = {"og:title", "json-ld", "<title>", "<h1>"};
    pick(&d->title, &d->from.title, titles, title_names, 4);
    const char *authors[] = {m->author, m->ld_author};
    const char *author_names[] = {"meta author", "json-ld"};
    pick(&d->author, &d->from.author, authors, author_names, 2);
    const char *url = m->canonical ? m->canonical : m->og_url;
    if (!d->url && url && strncmp(url, "http", 4) == 0) {
        d->url = url;
        d->from.url = m->canonical ? "canonical link" : "og:url";
    }
    if (!d->site_name) d->site_name = m->site_name;
    if (!d->language && m->lang) {
        d->language = m->lang;
        d->from.language = "html lang";
    }
    if (!d->published) {
        const char *cands[] = {m->date, m->ld_date, m->time_date};
        const char *names[] = {"meta", "json-ld", "<time>"};
        for (int i = 0; i < 3 && !d->published; i++) {
            if (!cands[i]) continue;
            d->published = td_date_parse(&d->arena, cands[i], strlen(cands[i]));
            if (d->published) {
                d->published_from = TD_DATE_METADATA;
                d->from.published = names[i];
            }
        }
    }
}
