/*
 * parse.c -- an HTML page to a libxml2 tree, with our own tokenizer.
 *
 * Why hand-written: libxml2 2.9's HTML parser spent about 150 instructions
 * a byte (it decodes each character on its own and allocates every node,
 * attribute and name), 53% of td_extract's time; even with the page
 * stripped first it capped td_extract near 900 pages/s. No packaged parser
 * is faster (gumbo is slower, lexbor is not in Debian). This one scans text
 * runs and quoted values with memchr, builds nodes in an arena reused from
 * page to page, and never builds what the clean stage does not read.
 *
 * The tree is the one libxml2 2.9.14 builds in recovery mode, because
 * meta.c and extract.c were tuned on it: the same implied html, head,
 * body and p elements, the same start tags closing open elements (an HTML
 * 4 table: "p" closes at "div", "li" at "li", "head" at "span"), the same
 * priorities for stray end tags, "<x/>" closing any element, white space
 * dropped where libxml2 drops it, character references decoded the same
 * way, and a page nested deeper than 257 elements refused. What differs,
 * on purpose: script and style bodies are not kept (but JSON-LD's),
 * comments, processing instructions and the doctype make no node, and
 * attributes nothing reads (see wanted[]) are skipped. Unlike libxml2 it
 * does not switch to Latin-1 at a byte that is not UTF-8; html.c gives
 * such pages to libxml2.
 *
 * The tree is the parser's: it lives in the parser's arena until the next
 * page is parsed, and must not be given to xmlFreeDoc. Names are
 * interned in the parser, so they compare by pointer within a page.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include <libxml/HTMLparser.h>
#include <libxml/chvalid.h>
#include <libxml/entities.h>
#include <libxml/parserInternals.h> /* xmlStringText, the name of text nodes */

#include "clean/page.h"
#include "util/text.h"

/* ---- tags the tree builder knows ---------------------------------------- */

/* Tags that some start tag closes come first: their ids index a 64-bit
 * set. */
enum {
    T_NONE,
    T_A, T_ADDRESS, T_B, T_BIG, T_CAPTION, T_COL, T_COLGROUP, T_DD, T_DIR, T_DL, T_DT,
    T_FONT, T_FORM, T_H1, T_H2, T_H3, T_H4, T_H5, T_H6, T_HEAD, T_HR, T_I, T_LEGEND, T_LI,
    T_LINK, T_LISTING, T_MENU, T_OL, T_OPTION, T_P, T_PRE, T_S, T_SCRIPT, T_SMALL, T_SPAN,
    T_STRIKE, T_STYLE, T_TBODY, T_TD, T_TFOOT, T_TH, T_THEAD, T_TITLE, T_TR, T_TT, T_U, T_UL,
    T_XMP,
    T_CLOSABLE, /* ids below can be closed by a start tag */
    T_ABBR = T_CLOSABLE, T_ACRONYM, T_APPLET, T_AREA, T_BASE, T_BASEFONT, T_BDO, T_BLOCKQUOTE,
    T_BODY, T_BR, T_BUTTON, T_CENTER, T_CITE, T_CODE, T_DEL, T_DFN, T_DIV, T_EM, T_FIELDSET,
    T_FRAME, T_FRAMESET, T_HTML, T_IFRAME, T_IMG, T_INPUT, T_INS, T_ISINDEX, T_KBD, T_LABEL,
    T_MAP, T_META, T_NOFRAMES, T_NOSCRIPT, T_OBJECT, T_OPTGROUP, T_PARAM, T_Q, T_SAMP,
    T_STRONG, T_SUB, T_SUP, T_TABLE, T_VAR,
    T_COUNT
};

enum {
    F_VOID = 1,   /* no content, closed at once (libxml2's "empty") */
    F_PCDATA = 2, /* white space kept after or inside it (libxml2's allowPCData) */
    F_HEAD = 4,   /* implies <head> when first (script, style, meta, link, title, base) */
    F_FRAME = 8,  /* implies no <body> (noframes, frame, frameset) */
};

/* For each tag: its flags, its end tag priority (a stray end tag closes
 * nothing of higher priority) and the start tags that close it. */
static const struct tag_info {
    const char *name;
    unsigned char id, flags, prio;
    const char *closed_by;
} tags[] = {
    {"a", T_A, F_PCDATA, 100, "a fieldset table td th"},
    {"address", T_ADDRESS, F_PCDATA, 100, "dd dl dt form li ul"},
    {"b", T_B, F_PCDATA, 100, "center p td th"},
    {"big", T_BIG, F_PCDATA, 100, "p"},
    {"caption", T_CAPTION, F_PCDATA, 100, "col colgroup tbody tfoot thead tr"},
    {"col", T_COL, F_VOID, 100, "col colgroup tbody tfoot thead tr"},
    {"colgroup", T_COLGROUP, 0, 100, "colgroup tbody tfoot thead tr"},
    {"dd", T_DD, F_PCDATA, 100, "dt"},
    {"dir", T_DIR, 0, 100, "dd dl dt form ul"},
    {"dl", T_DL, 0, 100, "form li"},
    {"dt", T_DT, F_PCDATA, 100, "dd dl"},
    {"font", T_FONT, F_PCDATA, 100, "center td th"},
    {"form", T_FORM, F_PCDATA, 100, "form"},
    {"h1", T_H1, F_PCDATA, 100, "fieldset form li p table"},
    {"h2", T_H2, F_PCDATA, 100, "fieldset form li p table"},
    {"h3", T_H3, F_PCDATA, 100, "fieldset form li p table"},
    {"h4", T_H4, F_PCDATA, 100, "fieldset form li p table"},
    {"h5", T_H5, F_PCDATA, 100, "fieldset form li p table"},
    {"h6", T_H6, F_PCDATA, 100, "fieldset form li p table"},
    {"head", T_HEAD, 0, 200,
     "a abbr acronym address b bdo big blockquote body br center cite code dd dfn dir div dl "
     "dt em fieldset font form frameset h1 h2 h3 h4 h5 h6 hr i iframe img kbd li listing map "
     "menu ol p pre q s samp small span strike strong sub sup table tt u ul var xmp"},
    {"hr", T_HR, F_VOID, 100, "form"},
    {"i", T_I, F_PCDATA, 100, "center p td th"},
    {"legend", T_LEGEND, F_PCDATA, 100, "fieldset"},
    {"li", T_LI, F_PCDATA, 100, "li"},
    {"link", T_LINK, F_VOID | F_HEAD, 100, "body frameset"},
    {"listing", T_LISTING, 0, 100, "dd dl dt fieldset form li table ul"},
    {"menu", T_MENU, 0, 100, "dd dl dt form ul"},
    {"ol", T_OL, 0, 100, "form ul"},
    {"option", T_OPTION, 0, 100, "optgroup option"},
    {"p", T_P, F_PCDATA, 100,
     "address blockquote body caption center col colgroup dd dir div dl dt fieldset form "
     "frameset h1 h2 h3 h4 h5 h6 head hr li listing menu ol p pre table tbody td tfoot th "
     "title tr ul xmp"},
    {"pre", T_PRE, F_PCDATA, 100, "dd dl dt fieldset form li table ul"},
    {"s", T_S, F_PCDATA, 100, "p"},
    {"script", T_SCRIPT, F_HEAD, 100, "noscript"},
    {"small", T_SMALL, F_PCDATA, 100, "p"},
    {"span", T_SPAN, F_PCDATA, 100, "td th"},
    {"strike", T_STRIKE, F_PCDATA, 100, "p"},
    {"style", T_STYLE, F_HEAD, 100, "body frameset"},
    {"tbody", T_TBODY, 0, 180, "tbody tfoot"},
    {"td", T_TD, F_PCDATA, 160, "tbody td tfoot th tr"},
    {"tfoot", T_TFOOT, 0, 180, "tbody"},
    {"th", T_TH, F_PCDATA, 160, "tbody td tfoot th tr"},
    {"thead", T_THEAD, 0, 180, "tbody tfoot"},
    {"title", T_TITLE, F_HEAD, 100, "body frameset"},
    {"tr", T_TR, 0, 170, "tbody tfoot tr"},
    {"tt", T_TT, F_PCDATA, 100, "p"},
    {"u", T_U, F_PCDATA, 100, "p td th"},
    {"ul", T_UL, 0, 100, "address form menu ol pre"},
    {"xmp", T_XMP, 0, 100, "dd dl dt fieldset form li table ul"},
    {"abbr", T_ABBR, F_PCDATA, 100, NULL},
    {"acronym", T_ACRONYM, F_PCDATA, 100, NULL},
    {"applet", T_APPLET, F_PCDATA, 100, NULL},
    {"area", T_AREA, F_VOID, 100, NULL},
    {"base", T_BASE, F_VOID | F_HEAD, 100, NULL},
    {"basefont", T_BASEFONT, F_VOID, 100, NULL},
    {"bdo", T_BDO, F_PCDATA, 100, NULL},
    {"blockquote", T_BLOCKQUOTE, F_PCDATA, 100, NULL},
    {"body", T_BODY, F_PCDATA, 200, NULL},
    {"br", T_BR, F_VOID, 100, NULL},
    {"button", T_BUTTON, F_PCDATA, 100, NULL},
    {"center", T_CENTER, F_PCDATA, 100, NULL},
    {"cite", T_CITE, F_PCDATA, 100, NULL},
    {"code", T_CODE, F_PCDATA, 100, NULL},
    {"del", T_DEL, F_PCDATA, 100, NULL},
    {"dfn", T_DFN, F_PCDATA, 100, NULL},
    {"div", T_DIV, F_PCDATA, 150, NULL},
    {"em", T_EM, F_PCDATA, 100, NULL},
    {"fieldset", T_FIELDSET, 0, 100, NULL},
    {"frame", T_FRAME, F_VOID | F_FRAME, 100, NULL},
    {"frameset", T_FRAMESET, F_FRAME, 100, NULL},
    {"html", T_HTML, 0, 220, NULL},
    {"iframe", T_IFRAME, F_PCDATA, 100, NULL},
    {"img", T_IMG, F_VOID, 100, NULL},
    {"input", T_INPUT, F_VOID, 100, NULL},
    {"ins", T_INS, F_PCDATA, 100, NULL},
    {"isindex", T_ISINDEX, F_VOID, 100, NULL},
    {"kbd", T_KBD, F_PCDATA, 100, NULL},
    {"label", T_LABEL, F_PCDATA, 100, NULL},
    {"map", T_MAP, 0, 100, NULL},
    {"meta", T_META, F_VOID | F_HEAD, 100, NULL},
    {"noframes", T_NOFRAMES, F_PCDATA | F_FRAME, 100, NULL},
    {"noscript", T_NOSCRIPT, F_PCDATA, 100, NULL},
    {"object", T_OBJECT, F_PCDATA, 100, NULL},
    {"optgroup", T_OPTGROUP, 0, 100, NULL},
    {"param", T_PARAM, F_VOID, 100, NULL},
    {"q", T_Q, F_PCDATA, 100, NULL},
    {"samp", T_SAMP, F_PCDATA, 100, NULL},
    {"strong", T_STRONG, F_PCDATA, 100, NULL},
    {"sub", T_SUB, 0, 100, NULL},
    {"sup", T_SUP, 0, 100, NULL},
    {"table", T_TABLE, 0, 190, NULL},
    {"var", T_VAR, F_PCDATA, 100, NULL},
};

/* Attributes the clean stage reads (meta.c, extract.c); elements get no
 * others, except <meta>, <link>, <script>, <style> and <abbr>, which keep
 * all theirs. A new attribute read there must be added here. */
static const char *const wanted[] = {
    "id", "rel", "role", "lang", "name", "type", "class", "style", "hidden", "content",
    "pubdate", "itemprop", "property", "datetime", "aria-hidden", "aria-labelledby"};

int td_clean_parse_keeps(const char *attr)
{
    for (size_t k = 0; k < sizeof wanted / sizeof wanted[0]; k++)
        if (!strcmp(attr, wanted[k])) return 1;
    return 0;
}

/* ---- the parser's state --------------------------------------------------- */

/* A name as interned: lowercase, NUL-terminated, in the parser's pool. */
typedef struct tname {
    const char *s;
    uint32_t hash, len;
    unsigned char id;     /* T_*, or T_NONE */
    unsigned char wanted; /* an attribute the clean stage reads */
} tname;

typedef struct chunk {
    struct chunk *next;
    size_t cap, used;
    _Alignas(16) char data[];
} chunk;

/* A bump allocator: chunks kept from page to page. */
typedef struct arena {
    chunk *head, *cur;
} arena;

/* Names stop being added past this many; the table is emptied between
 * pages once it is this full, so hostile pages cannot grow it. */
enum { NAMES_CAP = 1 << 14, NAMES_KEEP = 1 << 13 };
/* Element depth libxml2 accepts (its nodePush refuses past 256 open). */
enum { DEPTH_MAX = 257 };
/* Nodes a page may make: about 250 MB of tree. */
enum { NODES_MAX = 1 << 21 };
/* Named character references remembered (their names have 8 letters at
 * most, packed in a word). */
enum { ENT_SLOTS = 512 };
/* Arena and buffers kept between pages up to these sizes. */
enum { ARENA_KEEP = 8 << 20, BUF_KEEP = 8 << 20 };

struct td_parse {
    tname *names; /* open addressing, NAMES_CAP * 2 slots */
    uint32_t nnames;
    arena pool;   /* name strings */
    uint64_t closes[T_COUNT]; /* by new tag id: set of old tag ids it closes */
    struct {
        uint64_t key;
        uint32_t value; /* code point, 0 when not an entity */
    } ent[ENT_SLOTS];

    /* per page */
    arena nodes;
    char *text, *vals; /* text node and attribute value bytes */
    size_t tcap;
    size_t tlen, vlen;
    xmlDoc *doc;
    struct {
        xmlNode *node;
        const tname *t; /* the name as written ("o:p" for a node named "p") */
    } stack[DEPTH_MAX + 1];
    int sp;
    int html;       /* libxml2's ctxt->html: 3 once a head was opened, 10 a body */
    int discarded;  /* misplaced html/head/body start tags ignored */
    int split;      /* a comment or PI since the last node: no text merge */
    int strict;     /* doctype HTML 4.01 strict: white space in body dropped */
    int dirty;      /* the page has control characters */
    int prolog;     /* libxml2's document starts with a node we do not make:
                       a doctype (put first wherever it is), or a comment or
                       PI before any element */
    int json;       /* the open script holds JSON: its text is kept */
    xmlNode *last_text; /* the text node whose bytes end the text area */
    unsigned nnodes;
    const char *fail; /* error */
    size_t fail_at;
    const tname *n_html, *n_head, *n_body, *n_p, *n_script, *n_style, *n_type;
};

/* ---- arena -------------------------------------------------------------- */

static void *arena_alloc(arena *a, size_t n)
{
    n = (n + 15) & ~(size_t)15;
    chunk *c = a->cur;
    while (c && c->used + n > c->cap) {
        c = c->next;
        if (c) c->used = 0;
        a->cur = c ? c : a->cur;
    }
    if (!c) {
        size_t cap = n > (64 << 10) ? n : (64 << 10);
        if (a->cur && a->cur->cap * 2 > cap && a->cur->cap < (1 << 20)) cap = a->cur->cap * 2;
        c = malloc(sizeof *c + cap);
        if (!c) return NULL;
        c->cap = cap;
        c->used = 0;
        c->next = NULL;
        if (a->cur) {
            c->next = a->cur->next;
            a->cur->next = c;
        } else {
            a->head = c;
        }
        a->cur = c;
    }
    void *p = c->data + c->used;
    c->used += n;
    return p;
}

/* Starts the arena over, keeping up to ARENA_KEEP bytes of chunks. */
static void arena_reset(arena *a)
{
    size_t kept = 0;
    chunk **pp = &a->head;
    while (*pp) {
        chunk *c = *pp;
        if (kept + c->cap > ARENA_KEEP && kept) {
            *pp = c->next;
            free(c);
            continue;
        }
        kept += c->cap;
        c->used = 0;
        pp = &c->next;
    }
    a->cur = a->head;
}

static void arena_free(arena *a)
{
    for (chunk *c = a->head, *next; c; c = next) {
        next = c->next;
        free(c);
    }
    a->head = a->cur = NULL;
}

/* ---- names -------------------------------------------------------------- */

static uint32_t hash_name(const char *s, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

/* The interned name s[0..n) (lowercase already), added when add is set
 * and there is room; NULL otherwise. */
static const tname *name_find(td_parse *p, const char *s, size_t n, int add)
{
    uint32_t h = hash_name(s, n), mask = NAMES_CAP * 2 - 1;
    for (uint32_t i = h & mask;; i = (i + 1) & mask) {
        tname *t = &p->names[i];
        if (!t->s) {
            if (!add) return NULL;
            if (p->nnames >= NAMES_CAP) {
                /* Full (a hostile page): the name lives with the page and
                 * no end tag will find it. */
                tname *x = arena_alloc(&p->nodes, sizeof *x + n + 1);
                if (!x) return NULL;
                char *copy = (char *)(x + 1);
                memcpy(copy, s, n);
                copy[n] = '\0';
                *x = (tname){copy, h, (uint32_t)n, T_NONE, 0};
                return x;
            }
            char *copy = arena_alloc(&p->pool, n + 1);
            if (!copy) return NULL;
            memcpy(copy, s, n);
            copy[n] = '\0';
            t->s = copy;
            t->hash = h;
            t->len = (uint32_t)n;
            t->id = T_NONE;
            t->wanted = 0;
            p->nnames++;
            return t;
        }
        if (t->hash == h && t->len == n && !memcmp(t->s, s, n)) return t;
    }
}

static const tname *intern(td_parse *p, const char *s)
{
    return name_find(p, s, strlen(s), 1);
}

/* Empties the name table and puts the known names back. */
static int names_init(td_parse *p)
{
    memset(p->names, 0, sizeof(tname) * NAMES_CAP * 2);
    p->nnames = 0;
    arena_reset(&p->pool);
    for (size_t k = 0; k < sizeof tags / sizeof tags[0]; k++) {
        tname *t = (tname *)intern(p, tags[k].name);
        if (!t) return -1;
        t->id = tags[k].id;
    }
    for (size_t k = 0; k < sizeof wanted / sizeof wanted[0]; k++) {
        tname *t = (tname *)intern(p, wanted[k]);
        if (!t) return -1;
        t->wanted = 1;
    }
    p->n_html = intern(p, "html");
    p->n_head = intern(p, "head");
    p->n_body = intern(p, "body");
    p->n_p = intern(p, "p");
    p->n_script = intern(p, "script");
    p->n_style = intern(p, "style");
    p->n_type = intern(p, "type");
    return 0;
}

static const struct tag_info *info_of(unsigned id)
{
    static const struct tag_info *by_id[T_COUNT];
    static int ready;
    if (!ready) {
        /* Filled identically by any thread that gets here first. */
        for (size_t k = 0; k < sizeof tags / sizeof tags[0]; k++) by_id[tags[k].id] = &tags[k];
        ready = 1;
    }
    return by_id[id];
}

static unsigned tag_flags(unsigned id) { return id ? info_of(id)->flags : 0; }
static unsigned tag_prio(unsigned id) { return id ? info_of(id)->prio : 100; }

td_parse *td_clean_parse_new(void)
{
    td_parse *p = calloc(1, sizeof *p);
    if (!p) return NULL;
    p->names = malloc(sizeof(tname) * NAMES_CAP * 2);
    if (!p->names || names_init(p)) {
        td_clean_parse_free(p);
        return NULL;
    }
    /* closes[new] from each old tag's list of new tags */
    for (size_t k = 0; k < sizeof tags / sizeof tags[0]; k++) {
        const char *w = tags[k].closed_by;
        while (w && *w) {
            size_t l = strcspn(w, " ");
            const tname *t = name_find(p, w, l, 0);
            if (t && t->id) p->closes[t->id] |= (uint64_t)1 << tags[k].id;
            w += l;
            while (*w == ' ') w++;
        }
    }
    return p;
}

void td_clean_parse_free(td_parse *p)
{
    if (!p) return;
    free(p->names);
    arena_free(&p->pool);
    arena_free(&p->nodes);
    free(p->text);
    free(p->vals);
    free(p);
}

/* ---- tree --------------------------------------------------------------- */

static void *new_node(td_parse *p, size_t size)
{
    if (++p->nnodes > NODES_MAX) {
        if (!p->fail) p->fail = "too many elements";
        return NULL;
    }
    void *n = arena_alloc(&p->nodes, size);
    if (!n) {
        if (!p->fail) p->fail = "out of memory";
        return NULL;
    }
    memset(n, 0, size);
    return n;
}

static void add_child(td_parse *p, xmlNode *parent, xmlNode *n)
{
    n->parent = parent;
    n->doc = p->doc;
    if (parent->last) {
        parent->last->next = n;
        n->prev = parent->last;
    } else {
        parent->children = n;
    }
    parent->last = n;
    p->split = 0;
}

static xmlNode *top(td_parse *p) { return p->sp ? p->stack[p->sp - 1].node : NULL; }
static unsigned top_id(td_parse *p) { return p->sp ? p->stack[p->sp - 1].t->id : T_NONE; }

/* The name an element gets: libxml2 drops a prefix ("o:p" is a "p"). */
static const tname *local_name(td_parse *p, const tname *t)
{
    const char *c = memchr(t->s, ':', t->len);
    if (!c || c == t->s || c + 1 == t->s + t->len) return t;
    const tname *l = name_find(p, c + 1, t->len - (size_t)(c + 1 - t->s), 1);
    return l ? l : t;
}

/* Opens element t (attributes added after). NULL when it cannot. */
static xmlNode *push(td_parse *p, const tname *t, size_t at)
{
    if (p->fail) return NULL;
    if (p->sp >= DEPTH_MAX) {
        p->fail = "nested";
        p->fail_at = at;
        return NULL;
    }
    xmlNode *n = new_node(p, sizeof *n);
    if (!n) return NULL;
    n->type = XML_ELEMENT_NODE;
    const tname *l = local_name(p, t);
    n->name = (const xmlChar *)l->s;
    n->extra = l->id;
    xmlNode *parent = top(p);
    if (!parent) {
        /* A second root element (after </html>) goes in the document's
         * first node, as libxml2 puts it: in the first root, but beside
         * it when a doctype, comment or PI comes first. */
        xmlNode *root = p->doc->children;
        parent = root && !p->prolog ? root : (xmlNode *)p->doc;
    }
    add_child(p, parent, n);
    if (t->id == T_HEAD && p->html < 3) p->html = 3;
    if (t->id == T_BODY && p->html < 10) p->html = 10;
    p->stack[p->sp].node = n;
    p->stack[p->sp].t = t;
    p->sp++;
    return n;
}

static void pop(td_parse *p)
{
    if (p->sp) p->sp--;
}

static int in_stack(td_parse *p, const tname *t)
{
    for (int i = 0; i < p->sp; i++)
        if (p->stack[i].t == t) return 1;
    return 0;
}

/* The tag a start tag t counts as when it closes open elements. libxml2
 * 2.9.14 matches only the part of a name before its first '.' there (a
 * "<div.x>" closes a <p> as "<div>" does), though the element keeps its
 * whole name and no other rule of <div>; we follow it so that the trees
 * stay the same. */
static unsigned closer_id(td_parse *p, const tname *t)
{
    if (t->id) return t->id;
    const char *dot = memchr(t->s, '.', t->len);
    if (!dot || dot == t->s) return T_NONE;
    const tname *u = name_find(p, t->s, (size_t)(dot - t->s), 0);
    return u ? u->id : T_NONE;
}

/* Closes what start tag id closes (libxml2's htmlAutoClose). */
static void auto_close(td_parse *p, unsigned id)
{
    uint64_t set = p->closes[id];
    while (p->sp && top_id(p) < T_CLOSABLE && (set >> top_id(p) & 1)) pop(p);
}

/* Opens the html, head or body element a start tag t implies
 * (htmlCheckImplied). */
static void implied(td_parse *p, const tname *t, size_t at)
{
    if (t->id == T_HTML) return;
    if (!p->sp) push(p, p->n_html, at);
    if (t->id == T_BODY || t->id == T_HEAD) return;
    unsigned f = tag_flags(t->id);
    if (p->sp <= 1 && (f & F_HEAD)) {
        if (p->html >= 3) return;
        push(p, p->n_head, at);
    } else if (!(f & F_FRAME)) {
        if (p->html >= 10) return;
        for (int i = 0; i < p->sp; i++)
            if (p->stack[i].t->id == T_BODY || p->stack[i].t->id == T_HEAD) return;
        push(p, p->n_body, at);
    }
}

/* Text cannot go straight into html or head, nor before any element: a
 * <p> is opened for it (htmlCheckParagraph). */
static void need_paragraph(td_parse *p, size_t at)
{
    unsigned id = top_id(p);
    if (p->sp && id != T_HTML && id != T_HEAD) return;
    if (p->sp) auto_close(p, T_P);
    implied(p, p->n_p, at);
    push(p, p->n_p, at);
}

/* Appends s[0..n) to the current element's text (merged with a text node
 * just before it). The text area has room: see td_clean_parse. */
static void add_text(td_parse *p, const char *s, size_t n, xmlElementType type)
{
    xmlNode *parent = top(p);
    if (!parent || !n || p->fail) return;
    xmlNode *last = parent->last;
    if (last && last == p->last_text && last->type == type && !p->split) {
        memcpy(p->text + p->tlen, s, n);
        p->tlen += n;
        p->text[p->tlen] = '\0';
        return;
    }
    xmlNode *t = new_node(p, sizeof *t);
    if (!t) return;
    t->type = type;
    t->name = type == XML_TEXT_NODE ? xmlStringText : NULL;
    p->tlen++; /* the previous node's NUL */
    t->content = (xmlChar *)(p->text + p->tlen);
    memcpy(p->text + p->tlen, s, n);
    p->tlen += n;
    p->text[p->tlen] = '\0';
    add_child(p, parent, t);
    p->last_text = t;
}

/* ---- tokens ------------------------------------------------------------- */

static int blank(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
static int letter(unsigned char c) { return (unsigned char)((c | 0x20) - 'a') < 26; }
static int name_char(unsigned char c)
{
    return letter(c) || (unsigned char)(c - '0') < 10 || c == ':' || c == '-' || c == '_' ||
           c == '.';
}
/* A byte libxml2 does not accept as a character: it drops it from text
 * (not from attribute values). */
static int bad_byte(unsigned char c) { return c < 0x20 && c != '\t' && c != '\n' && c != '\r'; }

static size_t put_utf8(char *o, uint32_t c)
{
    if (c < 0x80) {
        o[0] = (char)c;
        return 1;
    }
    if (c < 0x800) {
        o[0] = (char)(0xC0 | c >> 6);
        o[1] = (char)(0x80 | (c & 0x3F));
        return 2;
    }
    if (c < 0x10000) {
        o[0] = (char)(0xE0 | c >> 12);
        o[1] = (char)(0x80 | (c >> 6 & 0x3F));
        o[2] = (char)(0x80 | (c & 0x3F));
        return 3;
    }
    o[0] = (char)(0xF0 | c >> 18);
    o[1] = (char)(0x80 | (c >> 12 & 0x3F));
    o[2] = (char)(0x80 | (c >> 6 & 0x3F));
    o[3] = (char)(0x80 | (c & 0x3F));
    return 4;
}

/* The code point of named reference s[0..n), 0 when there is none; names
 * seen are remembered. */
static uint32_t entity(td_parse *p, const char *s, size_t n)
{
    if (n > 8) return 0;
    uint64_t key = 0;
    memcpy(&key, s, n);
    uint32_t slot = (uint32_t)((key * 0x9E3779B97F4A7C15ull) >> 55) & (ENT_SLOTS - 1);
    if (p->ent[slot].key == key) return p->ent[slot].value;
    char z[9];
    memcpy(z, s, n);
    z[n] = '\0';
    const htmlEntityDesc *e = htmlEntityLookup((const xmlChar *)z);
    uint32_t v = e ? e->value : 0;
    p->ent[slot].key = key;
    p->ent[slot].value = v;
    return v;
}

static int is_char(uint32_t c)
{
    return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) ||
           (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
}

/* Decodes the reference at s[i] ('&') as libxml2 does, within s[0..n).
 * Writes the text it stands for to o (at most 4 bytes; nothing for a bad
 * numeric one) and returns the bytes of s read. A name that is no entity
 * or lacks its ';' stands for itself. */
static size_t reference(td_parse *p, const char *s, size_t n, size_t i, int in_value, char *o,
                        size_t *olen)
{
    size_t k = i + 1;
    *olen = 0;
    if (k < n && s[k] == '#') {
        uint32_t v = 0;
        k++;
        if (k < n && (s[k] == 'x' || s[k] == 'X')) {
            for (k++; k < n && s[k] != ';'; k++) {
                unsigned char c = (unsigned char)s[k];
                unsigned d = (unsigned char)(c - '0') < 10   ? c - '0'
                             : (unsigned char)((c | 0x20) - 'a') < 6 ? (c | 0x20) - 'a' + 10
                                                                   : 16;
                if (d == 16) break;
                if (v < 0x110000) v = v * 16 + d;
            }
        } else {
            for (; k < n && s[k] != ';'; k++) {
                unsigned char c = (unsigned char)s[k];
                if ((unsigned char)(c - '0') >= 10) break;
                if (v < 0x110000) v = v * 10 + (c - '0');
            }
        }
        if (k < n && s[k] == ';') k++;
        if (is_char(v)) *olen = put_utf8(o, v);
        else if (in_value) *olen = 1, o[0] = '\0'; /* libxml2 ends the value there */
        return k - i;
    }
    /* a name: a letter, '_' or ':', then letters, digits, "_-:." */
    if (k < n && (letter((unsigned char)s[k]) || s[k] == '_' || s[k] == ':')) {
        size_t e = k + 1;
        while (e < n && name_char((unsigned char)s[e])) e++;
        if (e < n && s[e] == ';') {
            uint32_t v = entity(p, s + k, e - k);
            if (v) {
                *olen = put_utf8(o, v);
                return e + 1 - i;
            }
        }
        /* itself: '&' and the name (a ';' after it is read as text) */
        memcpy(o, s + i, 1);
        *olen = 1;
        return 1;
    }
    o[0] = '&';
    *olen = 1;
    return 1;
}

/* Copies s[a..b) to out with references decoded and bad bytes dropped;
 * returns the length written. in_value: an attribute value's. */
static size_t decode(td_parse *p, const char *s, size_t a, size_t b, int in_value, char *out)
{
    size_t o = 0;
    while (a < b) {
        const char *amp = memchr(s + a, '&', b - a);
        size_t e = amp ? (size_t)(amp - s) : b;
        if (p->dirty && !in_value) { /* values keep them */
            for (size_t k = a; k < e; k++)
                if (!bad_byte((unsigned char)s[k])) out[o++] = s[k];
        } else {
            memcpy(out + o, s + a, e - a);
            o += e - a;
        }
        if (e == b) break;
        size_t ol;
        a = e + reference(p, s, b, e, in_value, out + o, &ol);
        o += ol;
    }
    return o;
}

/* White space only? */
static int all_blank(const char *s, size_t n)
{
    for (size_t k = 0; k < n; k++)
        if (!blank((unsigned char)s[k])) return 0;
    return 1;
}

/* Is white space s[a..b), followed by s[b] (or the end), ignorable in
 * libxml2's sense (its areBlanks)? Ignorable space is kept all the same
 * (libxml2 keeps blanks) but opens no <p>. */
static int ignorable(td_parse *p, const char *s, size_t n, size_t b)
{
    if (b >= n) return 1;
    if (s[b] != '<') return 0;
    unsigned id = top_id(p);
    if (!p->sp || id == T_HTML || id == T_HEAD) return 1;
    if (id == T_BODY && p->strict) return 1;
    xmlNode *last = top(p)->last;
    if (!last) return !(tag_flags(id) & F_PCDATA);
    if (last->type == XML_TEXT_NODE) return 0;
    return !(last->type == XML_ELEMENT_NODE && (tag_flags(last->extra) & F_PCDATA));
}

/* Text s[a..b), followed by s[b] (or the end). */
static void text_run(td_parse *p, const char *s, size_t n, size_t a, size_t b)
{
    const char *t = s + a;
    size_t m = b - a;
    if (p->dirty) {
        /* without the bytes libxml2 drops; scratch space: values written
         * later overwrite it */
        char *o = p->vals + p->vlen;
        m = decode(p, s, a, b, 0, o);
        t = o;
    }
    if (!m) return;
    if (!(all_blank(t, m) && ignorable(p, s, n, b))) need_paragraph(p, a);
    add_text(p, t, m, XML_TEXT_NODE);
}

/* Reads a tag or attribute name at s[*i] (a letter, '_', ':' or '.'),
 * lowercased into buf; libxml2 reads 100 characters at most. */
static size_t read_name(const char *s, size_t n, size_t *i, char buf[100])
{
    size_t k = *i, l = 0;
    while (k < n && l < 100 && name_char((unsigned char)s[k])) {
        unsigned char c = (unsigned char)s[k++];
        buf[l++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    *i = k;
    return l;
}

/* An HTML 4 boolean attribute, whose value is its name when none is
 * written. */
static int boolean(const char *a)
{
    static const char *const names[] = {"checked", "compact", "declare", "defer", "disabled",
                                        "ismap", "multiple", "nohref", "noresize", "noshade",
                                        "nowrap", "readonly", "selected"};
    for (size_t k = 0; k < sizeof names / sizeof names[0]; k++)
        if (!strcmp(a, names[k])) return 1;
    return 0;
}

/* Script text s[a..b), not decoded. */
static void raw_text(td_parse *p, const char *s, size_t a, size_t b)
{
    if (!p->dirty) {
        add_text(p, s + a, b - a, XML_CDATA_SECTION_NODE);
        return;
    }
    char *o = p->vals + p->vlen; /* scratch */
    size_t m = 0;
    for (size_t k = a; k < b; k++)
        if (!bad_byte((unsigned char)s[k])) o[m++] = s[k];
    add_text(p, o, m, XML_CDATA_SECTION_NODE);
}

static int says_json(const char *v)
{
    return v && strcasestr(v, "json") != NULL;
}

/* The start tag at s[i] ('<' and a letter). Returns where parsing goes on. */
static size_t start_tag(td_parse *p, const char *s, size_t n, size_t i)
{
    char buf[100];
    size_t k = i + 1;
    size_t l = read_name(s, n, &k, buf);
    const tname *t = name_find(p, buf, l, 1);
    if (!t) {
        if (!p->fail) p->fail = "out of memory";
        return n;
    }
    unsigned cid = closer_id(p, t);
    if (cid) auto_close(p, cid);
    implied(p, t, i);
    int discard = (p->sp && t->id == T_HTML) || (p->sp != 1 && t->id == T_HEAD) ||
                  (t->id == T_BODY && in_stack(p, p->n_body));
    xmlNode *el = NULL;
    if (discard) p->discarded++;
    else el = push(p, t, i);
    if (p->fail) return n;
    /* by the element's name: an "<o:meta>" is a <meta> to the clean stage */
    unsigned lid = el ? (unsigned)el->extra : t->id;
    /* <abbr> too, for the date its title spells out (meta.c): a title
     * kept on every element would cost each page's links theirs. */
    int all = lid == T_META || lid == T_LINK || lid == T_SCRIPT || lid == T_STYLE ||
              lid == T_ABBR;
    xmlAttr *lastattr = NULL;
    const char *type = NULL;

    /* attributes, to '>' or "/>" */
    while (k < n && blank((unsigned char)s[k])) k++;
    while (k < n && s[k] != '>' && !(s[k] == '/' && k + 1 < n && s[k + 1] == '>')) {
        unsigned char c = (unsigned char)s[k];
        if (!(letter(c) || c == '_' || c == ':' || c == '.')) {
            /* a bogus attribute, dropped up to a blank or the tag's end */
            while (k < n && !blank((unsigned char)s[k]) && s[k] != '>' &&
                   !(s[k] == '/' && k + 1 < n && s[k + 1] == '>'))
                k++;
            while (k < n && blank((unsigned char)s[k])) k++;
            continue;
        }
        char an[100];
        size_t al = read_name(s, n, &k, an);
        const tname *a = el ? name_find(p, an, al, all) : NULL;
        int keep = a && (all || a->wanted);
        while (k < n && blank((unsigned char)s[k])) k++;
        size_t va = 0, vb = 0;
        int has_value = 0;
        if (k < n && s[k] == '=') {
            k++;
            while (k < n && blank((unsigned char)s[k])) k++;
            has_value = 1;
            if (k < n && (s[k] == '"' || s[k] == '\'')) {
                const char *q = memchr(s + k + 1, s[k], n - k - 1);
                va = k + 1;
                vb = q ? (size_t)(q - s) : n;
                k = q ? vb + 1 : n;
            } else {
                va = k;
                while (k < n && !blank((unsigned char)s[k]) && s[k] != '>') k++;
                vb = k;
            }
        }
        if (keep) {
            for (xmlAttr *x = el->properties; x; x = x->next)
                if (x->name == (const xmlChar *)a->s) keep = 0; /* the first one counts */
        }
        if (keep) {
            xmlAttr *at = new_node(p, sizeof *at);
            if (!at) return n;
            at->type = XML_ATTRIBUTE_NODE;
            at->name = (const xmlChar *)a->s;
            at->parent = el;
            at->doc = p->doc;
            if (has_value || boolean(a->s)) {
                xmlNode *v = new_node(p, sizeof *v);
                if (!v) return n;
                char *o = p->vals + p->vlen;
                size_t m = has_value ? decode(p, s, va, vb, 1, o) : a->len;
                if (!has_value) memcpy(o, a->s, m); /* libxml2 gives "defer" the value "defer" */
                o[m] = '\0';
                p->vlen += m + 1;
                v->type = XML_TEXT_NODE;
                v->name = xmlStringText;
                v->content = (xmlChar *)o;
                v->parent = (xmlNode *)at;
                v->doc = p->doc;
                at->children = at->last = v;
                if (a == p->n_type) type = o;
            }
            if (lastattr) {
                lastattr->next = at;
                at->prev = lastattr;
            } else {
                el->properties = at;
            }
            lastattr = at;
        }
        while (k < n && blank((unsigned char)s[k])) k++;
    }

    /* libxml2 goes on with the element now open, the discarded tag's
     * place taken by the current one */
    if (discard && p->sp) t = NULL;
    if (k + 1 < n && s[k] == '/' && s[k + 1] == '>') {
        pop(p);
        return k + 2;
    }
    if (k >= n || s[k] != '>') {
        /* not closed (the page ended): the element stays empty */
        pop(p);
        return k;
    }
    k++;
    unsigned id = t ? t->id : top_id(p);
    if (tag_flags(id) & F_VOID) {
        pop(p);
        return k;
    }
    if (id == T_SCRIPT) p->json = says_json(type);
    return k;
}

static size_t end_tag(td_parse *p, const char *s, size_t n, size_t i);

/* Inside a script or style element, at s[i]: its raw body, up to the
 * first "</script" or "</style" (an end tag of another name there is read
 * as an end tag, as libxml2 does, and a "<noscript>" there closes a
 * script). Only JSON data is kept. */
static size_t raw_body(td_parse *p, const char *s, size_t n, size_t i)
{
    unsigned id = top_id(p);
    if (s[i] == '<' && i + 1 < n && s[i + 1] == '/') {
        unsigned char d = i + 2 < n ? (unsigned char)s[i + 2] : 0;
        if (letter(d) || d == '_' || d == ':' || d == '.') return end_tag(p, s, n, i);
        return i + 2;
    }
    if (s[i] == '<' && i + 1 < n && letter((unsigned char)s[i + 1])) {
        char buf[100];
        size_t k = i + 1, l = read_name(s, n, &k, buf);
        const tname *t = name_find(p, buf, l, 0);
        if (t && t->id && (p->closes[t->id] >> id & 1)) {
            auto_close(p, t->id);
            return i;
        }
    }
    const char *nm = id == T_SCRIPT ? "script" : "style";
    size_t nl = id == T_SCRIPT ? 6 : 5, k = i;
    for (;;) {
        const char *lt = memchr(s + k, '<', n - k);
        if (!lt) {
            k = n;
            break;
        }
        k = (size_t)(lt - s);
        if (k + 2 + nl <= n && s[k + 1] == '/' && !strncasecmp(s + k + 2, nm, nl)) break;
        k++;
    }
    if (id == T_SCRIPT && p->json) raw_text(p, s, i, k);
    return k;
}

/* The end tag at s[i] ("</" and a letter). */
static size_t end_tag(td_parse *p, const char *s, size_t n, size_t i)
{
    char buf[100];
    size_t k = i + 2;
    size_t l = read_name(s, n, &k, buf);
    while (k < n && blank((unsigned char)s[k])) k++;
    /* to the '>' (in recovery mode libxml2 looks for it) */
    if (k < n && s[k] != '>') {
        const char *gt = memchr(s + k, '>', n - k);
        k = gt ? (size_t)(gt - s) : n;
    }
    if (k < n) k++;
    const tname *t = name_find(p, buf, l, 0);
    if (!t) return k; /* a name never seen opens nothing */
    if (p->discarded > 0 && (t->id == T_HTML || t->id == T_BODY || t->id == T_HEAD)) {
        p->discarded--;
        return k;
    }
    int at = p->sp - 1;
    while (at >= 0 && p->stack[at].t != t) at--;
    if (at < 0) return k;
    unsigned prio = tag_prio(t->id);
    for (int j = p->sp - 1; j > at; j--)
        if (tag_prio(p->stack[j].t->id) > prio) return k;
    p->sp = at;
    return k;
}

/* Whether s[k] starts a letter other than ASCII, as XML 1.0 (and so
 * libxml2's name reader) has them. The page is valid UTF-8. */
static int letter_above_ascii(const char *s, size_t n, size_t k)
{
    if ((unsigned char)s[k] < 0x80) return 0;
    uint32_t c = 0;
    td_utf8_decode_seq(s, n, k, &c);
    return xmlIsBaseChar(c) || xmlIsIdeographic(c);
}

/* Skips a comment, PI or declaration at s[i] ('<' and '!' or '?').
 * Returns where parsing goes on, or 0 when the '<' is text. */
static size_t markup(td_parse *p, const char *s, size_t n, size_t i)
{
    if (s[i + 1] == '?') {
        size_t k = i + 2;
        if (k < n && (letter((unsigned char)s[k]) || s[k] == '_' || s[k] == ':' ||
                      letter_above_ascii(s, n, k))) {
            /* libxml2's name reader gives no name for ASCII that runs to
             * the end of the page: then only the "<?" is dropped */
            size_t e = k;
            while (e < n && name_char((unsigned char)s[e])) e++;
            if (e == n) return k;
            p->split = 1; /* libxml2 makes a node of it */
            if (!p->doc->children) p->prolog = 1;
            const char *gt = memchr(s + k, '>', n - k);
            return gt ? (size_t)(gt - s) + 1 : n;
        }
        return k; /* "<?" with no name: dropped */
    }
    if (i + 3 < n && s[i + 2] == '-' && s[i + 3] == '-') {
        /* a comment, to the first "-->" or "--!>" after "<!--" */
        p->split = 1;
        if (!p->doc->children) p->prolog = 1;
        for (size_t k = i + 4; k < n;) {
            const char *e = memmem(s + k, n - k, "--", 2);
            if (!e) break;
            k = (size_t)(e - s) + 2;
            if (k < n && s[k] == '>') return k + 1;
            if (k + 1 < n && s[k] == '!' && s[k + 1] == '>') return k + 2;
            k--;
        }
        return n;
    }
    if (i + 9 <= n && !strncasecmp(s + i + 2, "doctype", 7)) {
        /* to its '>', but for a quoted system literal, which may hold one */
        size_t k = i + 9;
        while (k < n && blank((unsigned char)s[k])) k++;
        /* a name starts as libxml2's name reader wants one ("2x" is none,
         * and what follows is then skipped to the first '>') */
        if (k < n && (letter((unsigned char)s[k]) || s[k] == '_' || s[k] == ':' ||
                      letter_above_ascii(s, n, k)))
            while (k < n && (name_char((unsigned char)s[k]) || (unsigned char)s[k] >= 0x80)) k++;
        while (k < n && blank((unsigned char)s[k])) k++;
        int system = k + 6 <= n && !strncasecmp(s + k, "system", 6);
        if (k + 6 <= n && !strncasecmp(s + k, "public", 6)) {
            for (k += 6; k < n && blank((unsigned char)s[k]); k++) {}
            if (k < n && (s[k] == '"' || s[k] == '\'')) {
                static const char *const strict[] = {"-//W3C//DTD HTML 4.01//EN",
                                                     "-//W3C//DTD HTML 4//EN"};
                for (int j = 0; j < 2; j++) {
                    size_t l = strlen(strict[j]);
                    if (k + 1 + l < n && !strncasecmp(s + k + 1, strict[j], l) &&
                        s[k + 1 + l] == s[k])
                        p->strict = 1;
                }
                /* to its closing quote, past any '>', as libxml2 reads it */
                const char *q = memchr(s + k + 1, s[k], n - k - 1);
                k = q ? (size_t)(q - s) + 1 : n;
            }
            while (k < n && blank((unsigned char)s[k])) k++;
            system = 1;
        } else if (system) {
            for (k += 6; k < n && blank((unsigned char)s[k]); k++) {}
        }
        if (system && k < n && (s[k] == '"' || s[k] == '\'')) {
            const char *q = memchr(s + k + 1, s[k], n - k - 1);
            k = q ? (size_t)(q - s) + 1 : n;
        }
        const char *gt = k < n ? memchr(s + k, '>', n - k) : NULL;
        k = gt ? (size_t)(gt - s) : n;
        /* no node: text around it is one text node */
        p->prolog = 1;
        return k < n ? k + 1 : n;
    }
    return 0;
}

/* Whether s[0..n) is a page for us: UTF-8 without NUL bytes. *ctrl is
 * set when it holds other control characters (text loses them). One pass
 * in place of three (a NUL search, a UTF-8 check, a control character
 * search): on most pages it is the only time every byte is read, since
 * the parser skips script and style bodies with memchr. ASCII goes 16
 * bytes at a time. */
static int page_is_ours(const char *str, size_t n, int *ctrl)
{
    const unsigned char *s = (const unsigned char *)str;
    unsigned bad = 0;
    size_t i = 0;
    while (i < n) {
#ifdef __SSE2__
        const __m128i space = _mm_set1_epi8(0x20);
        while (n - i >= 16) {
            __m128i v = _mm_loadu_si128((const __m128i *)(s + i));
            if (_mm_movemask_epi8(v)) break; /* a byte >= 0x80 */
            unsigned low = (unsigned)_mm_movemask_epi8(_mm_cmplt_epi8(v, space));
            if (low) {
                __m128i ok = _mm_or_si128(
                    _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\t')),
                                 _mm_cmpeq_epi8(v, _mm_set1_epi8('\n'))),
                    _mm_cmpeq_epi8(v, _mm_set1_epi8('\r')));
                if (low & ~(unsigned)_mm_movemask_epi8(ok)) break;
            }
            i += 16;
        }
#endif
        size_t end = n - i > 16 ? i + 16 : n;
        while (i < end) {
            unsigned c = s[i];
            if (c < 0x80) {
                if (c < 0x20) {
                    if (!c) return 0;
                    bad |= bad_byte((unsigned char)c);
                }
                i++;
                continue;
            }
            /* a byte above ASCII that starts no sequence reads as length 1 */
            uint32_t cp;
            size_t len = td_utf8_decode_seq(str, n, i, &cp);
            if (len == 1) return 0;
            i += len;
        }
    }
    *ctrl = bad != 0;
    return 1;
}

xmlDoc *td_clean_parse(td_parse *p, const char *s, size_t n, char *err, size_t errlen)
{
    int dirty;
    if (!page_is_ours(s, n, &dirty)) {
        if (errlen) err[0] = '\0';
        return NULL;
    }
    /* Text and values are never longer than the page, plus a NUL each. */
    size_t need = 2 * n + 64;
    if (p->tcap < need || p->tcap > BUF_KEEP) {
        free(p->text);
        free(p->vals);
        p->text = malloc(need);
        p->vals = malloc(need);
        p->tcap = need;
        if (!p->text || !p->vals) {
            free(p->text);
            free(p->vals);
            p->text = p->vals = NULL;
            p->tcap = 0;
            snprintf(err, errlen, "out of memory");
            return NULL;
        }
    }
    if (p->nnames > NAMES_KEEP && names_init(p)) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    arena_reset(&p->nodes);
    p->tlen = p->vlen = 0;
    p->text[0] = '\0';
    p->sp = 0;
    p->html = 1;
    p->discarded = 0;
    p->split = 0;
    p->strict = 0;
    p->nnodes = 0;
    p->fail = NULL;
    p->prolog = 0;
    p->last_text = NULL;
    p->dirty = dirty;
    p->doc = arena_alloc(&p->nodes, sizeof(xmlDoc));
    if (!p->doc) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    memset(p->doc, 0, sizeof(xmlDoc));
    p->doc->type = XML_HTML_DOCUMENT_NODE;
    p->doc->doc = p->doc;

    /* The prolog: comments, PIs and a doctype, and the blanks around them,
     * make no text (libxml2's htmlParseDocument skips them). */
    size_t i = 0;
    for (int doctype_seen = 0;;) {
        while (i < n && blank((unsigned char)s[i])) i++;
        if (i + 1 >= n || s[i] != '<') break;
        int comment = s[i + 1] == '?' || (i + 3 < n && s[i + 1] == '!' && s[i + 2] == '-' && s[i + 3] == '-');
        int doctype = !doctype_seen && i + 9 <= n && s[i + 1] == '!' && !strncasecmp(s + i + 2, "doctype", 7);
        if (!comment && !doctype) break;
        size_t e = markup(p, s, n, i);
        if (!e || e == i) break;
        i = e;
        doctype_seen |= doctype;
    }
    while (i < n && !p->fail) {
        if (p->sp && (top_id(p) == T_SCRIPT || top_id(p) == T_STYLE)) {
            i = raw_body(p, s, n, i);
            continue;
        }
        const char *lt = memchr(s + i, '<', n - i);
        size_t e = lt ? (size_t)(lt - s) : n;
        /* text to the '<', references decoded on the way */
        while (i < e && !p->fail) {
            const char *amp = memchr(s + i, '&', e - i);
            size_t b = amp ? (size_t)(amp - s) : e;
            text_run(p, s, n, i, b);
            if (b == e) break;
            char o[4];
            size_t ol;
            i = b + reference(p, s, e, b, 0, o, &ol);
            if (ol) {
                need_paragraph(p, b);
                add_text(p, o, ol, XML_TEXT_NODE);
            }
        }
        i = e;
        if (i >= n || p->fail) break;
        unsigned char c = i + 1 < n ? (unsigned char)s[i + 1] : 0;
        if (letter(c)) {
            i = start_tag(p, s, n, i);
        } else if (c == '/') {
            unsigned char d = i + 2 < n ? (unsigned char)s[i + 2] : 0;
            if (letter(d) || d == '_' || d == ':' || d == '.') i = end_tag(p, s, n, i);
            else i += 2; /* "</" without a name is dropped */
        } else if ((c == '!' || c == '?') && (e = markup(p, s, n, i)) != 0) {
            int doctype = c == '!' && s[i + 2] != '-';
            i = e;
            /* libxml2 reads what follows a doctype in the same step: only
             * a comment, PI or start tag there is markup */
            if (doctype && i + 1 < n && s[i] == '<' && !letter((unsigned char)s[i + 1]) &&
                s[i + 1] != '?' && !(i + 3 < n && s[i + 1] == '!' && s[i + 2] == '-' && s[i + 3] == '-')) {
                add_text(p, "<", 1, XML_TEXT_NODE);
                i++;
            }
        } else {
            /* a '<' in text, given as it is (libxml2 opens no <p> for it) */
            add_text(p, "<", 1, XML_TEXT_NODE);
            i++;
        }
    }
    if (p->fail) {
        if (!strcmp(p->fail, "nested")) {
            int line = 1;
            for (const char *q = s; (q = memchr(q, '\n', p->fail_at - (size_t)(q - s))); q++)
                line++;
            snprintf(err, errlen, "HTML nested deeper than 256 levels (near line %d of the page)",
                     line);
        } else {
            snprintf(err, errlen, "%s", p->fail);
        }
        return NULL;
    }
    return p->doc;
}
