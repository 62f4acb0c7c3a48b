/*
 * feed.c -- RSS 2.0, RSS 1.0 (RDF) and Atom: one document per item.
 *
 * The feed is parsed into a libxml2 tree and each <item> or <entry> becomes
 * one document carrying the item's own metadata (title, link, author, date)
 * plus what the feed says about itself (its title, its language).
 *
 * Feeds come from anywhere, so the parse is locked down:
 *
 *   - No entity may be declared. libxml2 2.9.14 catches the classic
 *     "billion laughs" with its amplification check, but it accepts a
 *     quadratic blowup (one large entity referenced thousands of times)
 *     and leaves it to whoever reads the tree to expand. Feeds have no
 *     business declaring entities, so the first <!ENTITY> stops the parse.
 *   - Nothing is fetched: no network, no external DTD, no external entity.
 *   - Nesting is capped at limits.max_depth, counted as the parser goes, so
 *     a deep bomb is refused before it builds a tree. libxml2 has its own
 *     cap (256 without XML_PARSE_HUGE, which we never set).
 *   - Every string taken from the tree is copied through a buffer capped at
 *     limits.max_article_bytes, and entity references left in the tree are
 *     never expanded: they are copied as written ("&eacute;").
 *
 * Parser state lives in the parser context (its SAX handler is per context),
 * never in libxml2's global error or SAX defaults, so concurrent handles do
 * not see each other.
 */
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <libxml/uri.h>
#include <limits.h>
#include <string.h>

#include "ingest/reader.h"
#include "util/buf.h"
#include "util/date.h"
#include "util/text.h"

#define NS_ATOM "http://www.w3.org/2005/Atom"
#define NS_ATOM03 "http://purl.org/atom/ns#"
#define NS_RSS1 "http://purl.org/rss/1.0/"
#define NS_RSS09 "http://my.netscape.com/rdf/simple/0.9/"
#define NS_RDF "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#define NS_CONTENT "http://purl.org/rss/1.0/modules/content/"
#define NS_DC "http://purl.org/dc/elements/1.1/"

/* NOCDATA merges CDATA into text; BIG_LINES keeps line numbers right past
 * 65535. Never NOENT (expand entities), DTDLOAD or HUGE (lift limits). */
#define PARSE_OPTIONS                                                                 \
    (XML_PARSE_NONET | XML_PARSE_NOWARNING | XML_PARSE_NOERROR | XML_PARSE_NOCDATA | \
     XML_PARSE_BIG_LINES)

/* More authors than this on one item are dropped, not joined. */
#define MAX_AUTHORS 32

/* ---- Parsing ------------------------------------------------------------ */

/* What the SAX hooks learn while the parser runs; reached through
 * ctxt->_private. */
typedef struct parse_state {
    unsigned depth, max_depth;
    int entity_decl; /* the document declared an entity: refused */
    int too_deep;    /* nesting went past max_depth */
    int err_line;    /* first fatal error, else first error */
    int err_fatal;
    char err[160];
    startElementNsSAX2Func start;
    endElementNsSAX2Func end;
} parse_state;

static parse_state *state_of(void *ctx)
{
    return ((xmlParserCtxtPtr)ctx)->_private;
}

static void on_entity_decl(void *ctx, const xmlChar *name, int type, const xmlChar *public_id,
                           const xmlChar *system_id, xmlChar *content)
{
    state_of(ctx)->entity_decl = 1;
    xmlStopParser(ctx);
}

static void on_start(void *ctx, const xmlChar *localname, const xmlChar *prefix,
                     const xmlChar *uri, int nb_namespaces, const xmlChar **namespaces,
                     int nb_attributes, int nb_defaulted, const xmlChar **attributes)
{
    parse_state *st = state_of(ctx);
    if (++st->depth > st->max_depth) {
        st->too_deep = 1;
        xmlStopParser(ctx);
        return;
    }
    st->start(ctx, localname, prefix, uri, nb_namespaces, namespaces, nb_attributes,
              nb_defaulted, attributes);
}

static void on_end(void *ctx, const xmlChar *localname, const xmlChar *prefix,
                   const xmlChar *uri)
{
    parse_state *st = state_of(ctx);
    if (st->depth) st->depth--;
    st->end(ctx, localname, prefix, uri);
}

/* Keeps the first fatal error (the one that ended the parse; later ones are
 * usually its echoes), or failing that the first error. */
static void on_error(void *ctx, xmlErrorPtr e)
{
    parse_state *st = state_of(ctx);
    if (!e || e->level < XML_ERR_ERROR) return;
    int fatal = e->level == XML_ERR_FATAL;
    if (st->err[0] && (st->err_fatal || !fatal)) return;
    const char *m = e->message ? e->message : "unknown error";
    size_t n = strlen(m);
    while (n && (m[n - 1] == '\n' || m[n - 1] == ' ')) n--;
    if (n >= sizeof st->err) n = sizeof st->err - 1;
    memcpy(st->err, m, n);
    st->err[n] = '\0';
    st->err_line = e->line;
    st->err_fatal = fatal;
}

static int declares_entities(const xmlDtd *dtd)
{
    return dtd && (dtd->entities || dtd->pentities);
}

/* Parses buf, or rejects the feed and returns NULL. */
static xmlDocPtr parse_feed(td_reader_env *env, const unsigned char *buf, size_t len)
{
    if (len == 0) {
        td_reader_reject(env, NULL, "empty feed");
        return NULL;
    }
    if (len > INT_MAX) { /* libxml2 takes an int length */
        td_reader_reject(env, NULL, "feed too large to parse (%zu bytes)", len);
        return NULL;
    }
    xmlParserCtxtPtr ctxt = xmlCreateMemoryParserCtxt((const char *)buf, (int)len);
    if (!ctxt || !ctxt->sax) {
        xmlFreeParserCtxt(ctxt);
        td_reader_reject(env, NULL, "out of memory");
        return NULL;
    }
    xmlCtxtUseOptions(ctxt, PARSE_OPTIONS);

    parse_state st = {0};
    st.max_depth = env->limits.max_depth;
    ctxt->_private = &st;
    xmlSAXHandler *sax = ctxt->sax;
    st.start = sax->startElementNs;
    st.end = sax->endElementNs;
    sax->startElementNs = on_start;
    sax->endElementNs = on_end;
    sax->entityDecl = on_entity_decl;
    /* Without DTDLOAD the external subset is not read anyway; dropping the
     * hook makes sure of it. */
    sax->externalSubset = NULL;
    sax->serror = on_error;

    xmlParseDocument(ctxt);
    xmlDocPtr doc = ctxt->myDoc;
    ctxt->myDoc = NULL;
    int well_formed = ctxt->wellFormed;
    if (!st.err[0]) {
        /* Errors raised before our handler was in place, if any. */
        xmlErrorPtr e = xmlCtxtGetLastError(ctxt);
        if (e && e->code != XML_ERR_OK) on_error(ctxt, e);
    }
    unsigned depth_at_end = st.depth;
    xmlFreeParserCtxt(ctxt);

    if (st.entity_decl || (doc && (declares_entities(doc->intSubset) ||
                                   declares_entities(doc->extSubset)))) {
        td_reader_reject(env, NULL,
                         "refusing feed: it declares XML entities (entity expansion is "
                         "not allowed)");
    } else if (st.too_deep) {
        td_reader_reject(env, NULL, "refusing feed: elements nested deeper than %u levels",
                         st.max_depth);
    } else if (!well_formed && depth_at_end >= xmlParserMaxDepth &&
               strncmp(st.err, "Excessive depth", 15) == 0) {
        /* libxml2's own cap, lower than ours; its message talks of
         * XML_PARSE_HUGE, which means nothing to a user. */
        td_reader_reject(env, NULL, "refusing feed: elements nested deeper than %u levels",
                         xmlParserMaxDepth);
    } else if (!well_formed || !doc) {
        td_reader_reject(env, NULL, "not a well-formed feed: line %d: %s", st.err_line,
                         st.err[0] ? st.err : "parse failed");
    } else {
        return doc;
    }
    xmlFreeDoc(doc);
    return NULL;
}

/* ---- Tree helpers -------------------------------------------------------- */

static int is_elem(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

static int ns_is(const xmlNode *n, const char *uri)
{
    return n->ns && n->ns->href && strcmp((const char *)n->ns->href, uri) == 0;
}

/* An RSS element: no namespace (2.0) or one of the RDF flavours (1.0, 0.9). */
static int rss_el(const xmlNode *n, const char *name)
{
    return is_elem(n, name) && (!n->ns || ns_is(n, NS_RSS1) || ns_is(n, NS_RSS09));
}

static int atom_el(const xmlNode *n, const char *name)
{
    return is_elem(n, name) && (ns_is(n, NS_ATOM) || ns_is(n, NS_ATOM03));
}

/* A module element such as dc:creator. Feeds that use the prefix without
 * declaring it still parse (a namespace error is not fatal); libxml2 then
 * names the element "dc:creator" with no namespace, so accept that too. */
static int mod_el(const xmlNode *n, const char *uri, const char *name, const char *qname)
{
    if (n->type != XML_ELEMENT_NODE) return 0;
    if (n->ns) return ns_is(n, uri) && strcmp((const char *)n->name, name) == 0;
    return strcmp((const char *)n->name, qname) == 0;
}

static const xmlNode *first_child(const xmlNode *parent,
                                  int (*match)(const xmlNode *, const char *),
                                  const char *name)
{
    for (const xmlNode *c = parent ? parent->children : NULL; c; c = c->next)
        if (match(c, name)) return c;
    return NULL;
}

/* Value of an attribute without namespace, as a libxml2 string (xmlFree),
 * or NULL. Entity references in attribute values cannot reach here: no
 * entity can be declared. */
static xmlChar *attr(const xmlNode *n, const char *name)
{
    return xmlGetNoNsProp(n, (const xmlChar *)name);
}

static int attr_is(const xmlNode *n, const char *name, const char *value)
{
    xmlChar *v = attr(n, name);
    int eq = v && xmlStrcasecmp(v, (const xmlChar *)value) == 0;
    xmlFree(v);
    return eq;
}

static int is_http(const char *s)
{
    return td_has_prefix_ci(s, strlen(s), "http://") ||
           td_has_prefix_ci(s, strlen(s), "https://");
}

/* Appends the text inside n, in document order, to b. Only elements are
 * descended into: an entity reference node's children are the entity's
 * replacement, so the reference is copied as written instead. Iterative,
 * so depth costs no stack. Returns a TD_BUF_* code. */
static int append_text(td_buf *b, const xmlNode *n)
{
    const xmlNode *cur = n->children;
    while (cur) {
        int rc = TD_BUF_OK;
        if (cur->type == XML_TEXT_NODE || cur->type == XML_CDATA_SECTION_NODE) {
            if (cur->content) rc = td_buf_puts(b, (const char *)cur->content);
        } else if (cur->type == XML_ENTITY_REF_NODE) {
            if (!(rc = td_buf_putc(b, '&')) && !(rc = td_buf_puts(b, (const char *)cur->name)))
                rc = td_buf_putc(b, ';');
        }
        if (rc) return rc;
        if (cur->type == XML_ELEMENT_NODE && cur->children) {
            cur = cur->children;
            continue;
        }
        while (!cur->next) {
            cur = cur->parent;
            if (!cur || cur == n) return TD_BUF_OK;
        }
        cur = cur->next;
    }
    return TD_BUF_OK;
}

/* Serialisation goes through an output buffer whose sink is a capped
 * td_buf, so an oversized node fails at the cap instead of first growing
 * an unbounded xmlBuffer. */
typedef struct sink {
    td_buf *b;
    int rc; /* first TD_BUF_* failure */
} sink;

static int sink_write(void *ctx, const char *p, int n)
{
    sink *s = ctx;
    if (!s->rc) s->rc = td_buf_append(s->b, p, (size_t)n);
    return s->rc ? -1 : n;
}

static int sink_close(void *ctx) { return 0; }

/* Appends n serialised as XML; returns a TD_BUF_* code. */
static int append_dump(td_buf *b, xmlDocPtr doc, xmlNodePtr n)
{
    sink s = {b, TD_BUF_OK};
    xmlOutputBufferPtr out = xmlOutputBufferCreateIO(sink_write, sink_close, &s, NULL);
    if (!out) return TD_BUF_NOMEM;
    xmlNodeDumpOutput(out, doc, n, 0, 0, "UTF-8");
    int failed = xmlOutputBufferClose(out) < 0;
    if (s.rc) return s.rc;
    return failed ? TD_BUF_NOMEM : TD_BUF_OK;
}

/* Decodes the character reference at s[0] == '&' into o; returns how many
 * input bytes it used (0: not one we know) and the output length in *olen.
 * The output is never longer than the input. */
static size_t decode_ref(const char *s, size_t n, char *o, size_t *olen)
{
    static const struct { const char *name; const char *utf8; } named[] = {
        {"amp;", "&"}, {"lt;", "<"}, {"gt;", ">"}, {"quot;", "\""}, {"apos;", "'"},
        {"nbsp;", "\xC2\xA0"}, {NULL, NULL}};
    for (int i = 0; named[i].name; i++) {
        size_t k = strlen(named[i].name);
        if (n > k && memcmp(s + 1, named[i].name, k) == 0) {
            *olen = strlen(named[i].utf8);
            memcpy(o, named[i].utf8, *olen);
            return k + 1;
        }
    }
    if (n < 4 || s[1] != '#') return 0;
    size_t i = 2;
    int hex = s[i] == 'x' || s[i] == 'X';
    if (hex) i++;
    unsigned long c = 0;
    size_t digits = 0;
    for (; i < n && digits < 8; i++, digits++) {
        char ch = s[i];
        int v = ch >= '0' && ch <= '9'                 ? ch - '0'
                : hex && ch >= 'a' && ch <= 'f'        ? ch - 'a' + 10
                : hex && ch >= 'A' && ch <= 'F'        ? ch - 'A' + 10
                                                       : -1;
        if (v < 0) break;
        c = c * (hex ? 16 : 10) + (unsigned long)v;
    }
    if (!digits || i >= n || s[i] != ';') return 0;
    if (c == 0 || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) return 0;
    *olen = td_utf8_encode((uint32_t)c, o);
    return i + 1;
}

/* Plain text from a little HTML (an Atom title of type="html"): tags are
 * dropped and the common character references decoded. In place; returns
 * the new length. */
static size_t strip_html(char *s, size_t n)
{
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        char c = s[i];
        if (c == '<' && i + 1 < n &&
            (s[i + 1] == '/' || s[i + 1] == '!' || s[i + 1] == '?' ||
             ((s[i + 1] | 0x20) >= 'a' && (s[i + 1] | 0x20) <= 'z'))) {
            const char *gt = memchr(s + i, '>', n - i);
            if (gt) {
                i = (size_t)(gt - s) + 1;
                continue;
            }
        }
        if (c == '&') {
            char tmp[4];
            size_t olen;
            size_t used = decode_ref(s + i, n - i, tmp, &olen);
            if (used) {
                memcpy(s + o, tmp, olen);
                o += olen;
                i += used;
                continue;
            }
        }
        s[o++] = s[i++];
    }
    s[o] = '\0';
    return o;
}

static void trim(const char **s, size_t *n)
{
    while (*n && strchr(" \t\r\n", (*s)[0])) (*s)++, (*n)--;
    while (*n && strchr(" \t\r\n", (*s)[*n - 1])) (*n)--;
}

/* ---- Items --------------------------------------------------------------- */

/* What the feed says about itself, shared by its items. Strings are in the
 * feed's own arena, freed when the reader returns. */
typedef struct feed_info {
    td_arena arena;
    int atom;
    const char *site_name;
    const char *language;
    const xmlNode *channel; /* RSS <channel>; the <feed> itself for Atom */
} feed_info;

/* One item being built. Field errors stop at the first: an oversized
 * field rejects the whole item. */
typedef struct item_ctx {
    td_reader_env *env;
    xmlDocPtr xdoc;
    td_doc *d;
    td_buf buf;     /* scratch, capped at max_article_bytes */
    int err;        /* first TD_BUF_* failure */
} item_ctx;

/* The text of n, trimmed and copied into the document's arena; NULL when
 * empty (or on failure, noted in it->err). With squash, runs of white
 * space become one space; with html, tags are stripped first. */
static const char *field(item_ctx *it, td_arena *a, const xmlNode *n, int squash, int html,
                         size_t *lenp)
{
    if (!n || it->err) return NULL;
    td_buf_reset(&it->buf);
    int rc = append_text(&it->buf, n);
    if (rc) {
        it->err = rc;
        return NULL;
    }
    if (!it->buf.data) return NULL;
    size_t len = it->buf.len;
    if (html) len = strip_html(it->buf.data, len);
    const char *s = it->buf.data;
    trim(&s, &len);
    if (!len) return NULL;
    char *out = squash ? td_squash_space(a, s, len) : td_arena_strndup(a, s, len);
    if (!out) {
        it->err = TD_BUF_NOMEM;
        return NULL;
    }
    if (lenp) *lenp = strlen(out);
    return out;
}

/* How an Atom text construct is to be read, from its type attribute. */
enum { ATOM_TEXT, ATOM_HTML, ATOM_XHTML, ATOM_OTHER };

static int atom_type(const xmlNode *n)
{
    xmlChar *t = attr(n, "type");
    int kind = ATOM_TEXT;
    if (!t || !xmlStrcasecmp(t, BAD_CAST "text") || !xmlStrcasecmp(t, BAD_CAST "text/plain"))
        kind = ATOM_TEXT;
    else if (!xmlStrcasecmp(t, BAD_CAST "html") || !xmlStrcasecmp(t, BAD_CAST "text/html"))
        kind = ATOM_HTML;
    else if (!xmlStrcasecmp(t, BAD_CAST "xhtml") ||
             !xmlStrcasecmp(t, BAD_CAST "application/xhtml+xml"))
        kind = ATOM_XHTML;
    else
        kind = ATOM_OTHER; /* another media type: base64 or foreign XML */
    xmlFree(t);
    return kind;
}

/* An Atom title as plain text, whatever its type. */
static const char *atom_title(item_ctx *it, td_arena *a, const xmlNode *n)
{
    if (!n) return NULL;
    int kind = atom_type(n);
    if (kind == ATOM_OTHER) return NULL;
    return field(it, a, n, 1, kind == ATOM_HTML, NULL);
}

/* Atom type="xhtml": the children of the wrapping <div>, serialised. */
static const char *xhtml_of(item_ctx *it, xmlNodePtr n, size_t *lenp)
{
    xmlNodePtr div = NULL;
    for (xmlNodePtr c = n->children; c; c = c->next) {
        if (c->type == XML_ELEMENT_NODE) {
            if (!div && strcmp((const char *)c->name, "div") == 0) div = c;
            else { div = NULL; break; } /* no single wrapper: take it all */
        }
    }
    xmlNodePtr from = div ? div : n;
    td_buf_reset(&it->buf);
    for (xmlNodePtr c = from->children; c; c = c->next) {
        int rc = append_dump(&it->buf, it->xdoc, c);
        if (rc) {
            it->err = rc;
            return NULL;
        }
    }
    if (!it->buf.data) return NULL;
    const char *s = it->buf.data;
    size_t len = it->buf.len;
    trim(&s, &len);
    if (!len) return NULL;
    char *out = td_arena_strndup(&it->d->arena, s, len);
    if (!out) it->err = TD_BUF_NOMEM;
    *lenp = len;
    return out;
}

/* An Atom <content> or <summary>; sets *html. NULL when empty or not
 * something we can read (out-of-line src=, base64 media). */
static const char *atom_body(item_ctx *it, xmlNodePtr n, size_t *lenp, int *html)
{
    if (!n) return NULL;
    xmlChar *src = attr(n, "src");
    int out_of_line = src != NULL;
    xmlFree(src);
    if (out_of_line) return NULL;
    switch (atom_type(n)) {
    case ATOM_TEXT: *html = 0; return field(it, &it->d->arena, n, 0, 0, lenp);
    case ATOM_HTML: *html = 1; return field(it, &it->d->arena, n, 0, 0, lenp);
    case ATOM_XHTML: *html = 1; return xhtml_of(it, n, lenp);
    default: return NULL;
    }
}

/* Adds s to the author list unless it is already there. */
static void add_author(const char **list, size_t *n, const char *s)
{
    if (!s || *n == MAX_AUTHORS) return;
    for (size_t i = 0; i < *n; i++)
        if (strcmp(list[i], s) == 0) return;
    list[(*n)++] = s;
}

static const char *join_authors(item_ctx *it, const char **list, size_t n)
{
    if (!n || it->err) return NULL;
    td_buf_reset(&it->buf);
    for (size_t i = 0; i < n; i++) {
        int rc = i ? td_buf_puts(&it->buf, ", ") : TD_BUF_OK;
        if (!rc) rc = td_buf_puts(&it->buf, list[i]);
        if (rc) {
            it->err = rc;
            return NULL;
        }
    }
    const char *s = td_arena_strndup(&it->d->arena, it->buf.data, it->buf.len);
    if (!s) it->err = TD_BUF_NOMEM;
    return s;
}

/* The first of the candidate date elements that parses. A date that is
 * there but unreadable is worth a warning, not a rejection. */
static void set_published(item_ctx *it, const xmlNode *const *cand, size_t ncand)
{
    const char *bad = NULL;
    for (size_t i = 0; i < ncand && !it->err; i++) {
        size_t len;
        const char *s = field(it, &it->d->arena, cand[i], 1, 0, &len);
        if (!s) continue;
        char *iso = td_date_parse(&it->d->arena, s, len);
        if (iso) {
            it->d->published = iso;
            it->d->published_from = TD_DATE_METADATA;
            return;
        }
        if (!bad) bad = s;
    }
    if (bad) td_reader_warn(it->env, it->d->where, "unreadable date \"%.80s\" ignored", bad);
}

/* "en-US" -> "en"; NULL unless it starts with two letters. */
static const char *lang2(td_arena *a, const char *s)
{
    if (!s) return NULL;
    char l[3];
    for (int i = 0; i < 2; i++) {
        char c = (char)(s[i] | 0x20);
        if (c < 'a' || c > 'z') return NULL;
        l[i] = c;
    }
    if (s[2] && s[2] != '-' && s[2] != '_' && s[2] != ' ') return NULL; /* "eng" etc. */
    l[2] = '\0';
    return td_arena_strdup(a, l);
}

/* An RSS <link>, <guid isPermaLink="true"> or RDF rdf:about, in that order
 * of preference. */
static void rss_url(item_ctx *it, const xmlNode *item)
{
    td_doc *d = it->d;
    d->url = field(it, &d->arena, first_child(item, rss_el, "link"), 1, 0, NULL);
    if (d->url) return;
    const xmlNode *guid = first_child(item, rss_el, "guid");
    if (guid && !attr_is(guid, "isPermaLink", "false")) {
        const char *g = field(it, &d->arena, guid, 1, 0, NULL);
        if (g && is_http(g)) d->url = g; /* many feeds mislabel plain ids */
    }
    if (d->url) return;
    xmlChar *about = xmlGetNsProp(item, BAD_CAST "about", BAD_CAST NS_RDF);
    if (about && is_http((const char *)about))
        d->url = td_arena_strdup(&d->arena, (const char *)about);
    xmlFree(about);
}

static void read_rss_item(item_ctx *it, const xmlNode *item, const char **content,
                          size_t *content_len)
{
    td_doc *d = it->d;
    const xmlNode *desc = NULL, *encoded = NULL, *dates[4];
    const char *authors[MAX_AUTHORS];
    size_t nauthors = 0, ndates = 0;
    const xmlNode *pub = NULL, *dcdate = NULL, *dclang = NULL;

    d->title = field(it, &d->arena, first_child(item, rss_el, "title"), 1, 0, NULL);
    for (const xmlNode *c = item->children; c && !it->err; c = c->next) {
        if (c->type != XML_ELEMENT_NODE) continue;
        if (!desc && rss_el(c, "description")) desc = c;
        else if (!encoded && mod_el(c, NS_CONTENT, "encoded", "content:encoded")) encoded = c;
        else if (!pub && rss_el(c, "pubDate")) pub = c;
        else if (!dcdate && mod_el(c, NS_DC, "date", "dc:date")) dcdate = c;
        else if (!dclang && mod_el(c, NS_DC, "language", "dc:language")) dclang = c;
        else if (rss_el(c, "author") || mod_el(c, NS_DC, "creator", "dc:creator"))
            add_author(authors, &nauthors, field(it, &d->arena, c, 1, 0, NULL));
    }
    rss_url(it, item);
    d->author = join_authors(it, authors, nauthors);
    if (pub) dates[ndates++] = pub;
    if (dcdate) dates[ndates++] = dcdate;
    set_published(it, dates, ndates);
    if (dclang) d->language = lang2(&d->arena, field(it, &d->arena, dclang, 1, 0, NULL));

    /* Full content over the summary; both are HTML by convention. */
    *content = field(it, &d->arena, encoded, 0, 0, content_len);
    if (!*content) *content = field(it, &d->arena, desc, 0, 0, content_len);
    d->ctype = TD_CT_HTML;
}

/* Atom <link rel="alternate"> (or no rel), resolved against xml:base. */
static void atom_url(item_ctx *it, const xmlNode *entry)
{
    td_doc *d = it->d;
    for (const xmlNode *c = entry->children; c; c = c->next) {
        if (!atom_el(c, "link")) continue;
        xmlChar *rel = attr(c, "rel");
        int alternate = !rel || xmlStrcmp(rel, BAD_CAST "alternate") == 0;
        xmlFree(rel);
        if (!alternate) continue;
        xmlChar *href = attr(c, "href");
        if (!href || !href[0]) {
            xmlFree(href);
            continue;
        }
        xmlChar *base = xmlNodeGetBase(it->xdoc, c);
        xmlChar *abs = base ? xmlBuildURI(href, base) : NULL;
        d->url = td_squash_space(&d->arena, (const char *)(abs ? abs : href),
                                 (size_t)xmlStrlen(abs ? abs : href));
        xmlFree(abs);
        xmlFree(base);
        xmlFree(href);
        if (d->url) return;
    }
    /* An id that is a web address is the next best thing. */
    const char *id = field(it, &d->arena, first_child(entry, atom_el, "id"), 1, 0, NULL);
    if (id && is_http(id)) d->url = id;
}

static void atom_authors(item_ctx *it, const xmlNode *parent, const char **list, size_t *n)
{
    for (const xmlNode *c = parent->children; c && !it->err; c = c->next)
        if (atom_el(c, "author"))
            add_author(list, n,
                       field(it, &it->d->arena, first_child(c, atom_el, "name"), 1, 0, NULL));
}

static void read_atom_entry(item_ctx *it, const feed_info *f, xmlNodePtr entry,
                            const char **content, size_t *content_len)
{
    td_doc *d = it->d;
    const char *authors[MAX_AUTHORS];
    size_t nauthors = 0, ndates = 0;
    const xmlNode *dates[4];

    d->title = atom_title(it, &d->arena, first_child(entry, atom_el, "title"));
    atom_url(it, entry);
    atom_authors(it, entry, authors, &nauthors);
    if (!nauthors) atom_authors(it, f->channel, authors, &nauthors); /* inherited */
    d->author = join_authors(it, authors, nauthors);

    /* published, else updated; Atom 0.3 called them issued and modified. */
    static const char *const date_names[] = {"published", "issued", "updated", "modified"};
    for (size_t i = 0; i < 4; i++) {
        const xmlNode *n = first_child(entry, atom_el, date_names[i]);
        if (n) dates[ndates++] = n;
    }
    set_published(it, dates, ndates);

    xmlChar *lang = xmlNodeGetLang(entry);
    if (lang) d->language = lang2(&d->arena, (const char *)lang);
    xmlFree(lang);

    int html = 0;
    xmlNodePtr c = (xmlNodePtr)first_child(entry, atom_el, "content");
    xmlNodePtr s = (xmlNodePtr)first_child(entry, atom_el, "summary");
    *content = atom_body(it, c, content_len, &html);
    if (!*content) *content = atom_body(it, s, content_len, &html);
    d->ctype = html ? TD_CT_HTML : TD_CT_TEXT;
}

/* Builds and emits the document for one item. */
static void read_item(td_reader_env *env, const feed_info *f, xmlDocPtr xdoc, xmlNodePtr item)
{
    char where[256];
    snprintf(where, sizeof where, "%s:%ld", env->name, xmlGetLineNo(item));

    td_doc *d = td_doc_new();
    if (!d) {
        td_reader_reject(env, where, "out of memory");
        return;
    }
    item_ctx it = {.env = env, .xdoc = xdoc, .d = d};
    td_buf_init(&it.buf, env->limits.max_article_bytes);

    d->where = td_arena_strdup(&d->arena, where);
    d->format = f->atom ? TD_FMT_ATOM : TD_FMT_RSS;
    d->charset = xdoc->encoding ? td_arena_strdup(&d->arena, (const char *)xdoc->encoding)
                                : "UTF-8";
    d->site_name = f->site_name ? td_arena_strdup(&d->arena, f->site_name) : NULL;

    const char *content = NULL;
    size_t content_len = 0;
    if (f->atom) read_atom_entry(&it, f, item, &content, &content_len);
    else read_rss_item(&it, item, &content, &content_len);
    if (!d->language && f->language) d->language = td_arena_strdup(&d->arena, f->language);

    if (!it.err) {
        td_buf_reset(&it.buf);
        it.err = append_dump(&it.buf, xdoc, item);
    }
    if (it.err) {
        if (it.err == TD_BUF_FULL)
            td_reader_reject(env, where, "item larger than the %zu-byte limit; skipped",
                             env->limits.max_article_bytes);
        else
            td_reader_reject(env, where, "out of memory");
        goto fail;
    }
    if (!content && !d->title) {
        td_reader_reject(env, where, "item has no title, content or summary; skipped");
        goto fail;
    }
    unsigned char *raw = td_arena_alloc(&d->arena, it.buf.len ? it.buf.len : 1);
    if (!raw || !d->where) {
        td_reader_reject(env, where, "out of memory");
        goto fail;
    }
    memcpy(raw, it.buf.data ? it.buf.data : "", it.buf.len);
    d->raw = raw;
    d->raw_len = it.buf.len;
    if (!content) {
        /* A title-only item: an empty payload rather than NULL, so later
         * stages need no special case. */
        content = "";
        content_len = 0;
        d->ctype = TD_CT_TEXT;
    }
    d->content = content;
    d->content_len = content_len;
    td_buf_free(&it.buf);
    td_reader_emit(env, d);
    return;

fail:
    td_buf_free(&it.buf);
    td_doc_free(d);
}

/* ---- The feed ------------------------------------------------------------ */

/* Feed-level title and language. Uses a throwaway item context for its
 * capped buffer. */
static void read_feed_info(td_reader_env *env, feed_info *f)
{
    item_ctx it = {.env = env};
    td_buf_init(&it.buf, env->limits.max_article_bytes);
    const xmlNode *ch = f->channel;
    if (f->atom) {
        f->site_name = atom_title(&it, &f->arena, first_child(ch, atom_el, "title"));
        xmlChar *lang = xmlNodeGetLang(ch);
        f->language = lang2(&f->arena, (const char *)lang);
        xmlFree(lang);
    } else if (ch) {
        f->site_name = field(&it, &f->arena, first_child(ch, rss_el, "title"), 1, 0, NULL);
        const xmlNode *l = first_child(ch, rss_el, "language");
        for (const xmlNode *c = ch->children; !l && c; c = c->next)
            if (mod_el(c, NS_DC, "language", "dc:language")) l = c;
        f->language = lang2(&f->arena, field(&it, &f->arena, l, 1, 0, NULL));
        if (!f->language) {
            xmlChar *lang = xmlNodeGetLang(ch);
            f->language = lang2(&f->arena, (const char *)lang);
            xmlFree(lang);
        }
    }
    td_buf_free(&it.buf);
}

int td_read_feed(td_reader_env *env, const unsigned char *buf, size_t len)
{
    xmlDocPtr xdoc = parse_feed(env, buf, len);
    if (!xdoc) return env->stop;

    feed_info f = {0};
    td_arena_init(&f.arena);
    xmlNodePtr root = xmlDocGetRootElement(xdoc);
    const char *item_name = "item";
    int (*item_match)(const xmlNode *, const char *) = rss_el;
    if (root && atom_el(root, "feed")) {
        f.atom = 1;
        f.channel = root;
        item_name = "entry";
        item_match = atom_el;
    } else if (root && (rss_el(root, "rss") || (is_elem(root, "RDF") && ns_is(root, NS_RDF)))) {
        f.channel = first_child(root, rss_el, "channel");
    } else {
        td_reader_reject(env, NULL, "not a feed: the root element is <%.40s>",
                         root ? (const char *)root->name : "");
        goto done;
    }
    read_feed_info(env, &f);

    /* RSS 2.0 items live in <channel>, RSS 1.0 items beside it; some
     * feeds get 2.0 wrong the 1.0 way, so look in both. */
    uint64_t items = 0;
    const xmlNode *parents[2] = {f.channel, root};
    for (int p = 0; p < 2 && !env->stop; p++) {
        if (!parents[p] || (p == 1 && parents[0] == root)) continue;
        for (xmlNodePtr c = parents[p]->children; c && !env->stop; c = c->next) {
            if (!item_match(c, item_name)) continue;
            items++;
            read_item(env, &f, xdoc, c);
        }
    }
    if (!items) td_reader_reject(env, NULL, "feed has no items");

done:
    td_arena_free(&f.arena);
    xmlFreeDoc(xdoc);
    return env->stop;
}
