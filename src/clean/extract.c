/*
 * extract.c -- the article's own text from a parsed page.
 *
 * The page is read once, in document order, into two flat arrays: its
 * elements, with the hints their class, id, role and itemprop give, and
 * its text blocks (a paragraph, a heading, a list item, a table row: the
 * text between two block boundaries), each with its length, the part of
 * it inside links and its punctuation. Hidden elements and those that
 * never show text (script, style, svg) are not read. Elements are
 * numbered in document order, so the blocks of an element are one range
 * and sums over an element are differences of prefix sums or one
 * backward pass over the array: no recursion, no second walk of the tree.
 *
 * Then:
 *   1. Each block gets a value: positive for prose (long, few links,
 *      sentences), negative for clutter (short lines, link lists, and
 *      anything inside an element whose class says navigation, comments,
 *      sharing, related stories, ...). A hint is doubted when the element
 *      holds most of the page's prose.
 *   2. The container is the element whose blocks sum highest, with a
 *      bonus for elements that say they hold the article (<article>,
 *      itemprop=articleBody, class "entry-content", ...). Clutter around
 *      the article makes its ancestors score lower than the article.
 *      Siblings sharing the container's class join it.
 *   3. Inside, each block is judged: clutter is dropped, prose kept, and
 *      short blocks (a one-line paragraph, a heading, a list item, a
 *      table row) are kept inside the body of prose and, around it, when
 *      their neighbours say so.
 *   4. The publisher's JSON-LD copy of the text, when whole, weighs in
 *      the choice of the container; when the page shows little of it
 *      (drawn by script), it is the text.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "clean/page.h"

/* ---- Tags --------------------------------------------------------------- */

enum tag_id {
    T_BLOCK = 0, /* any element not listed: treated as a block container */
    T_INLINE,
    T_SKIP,
    T_A,
    T_BR,
    T_P,
    T_H1, T_H2, T_H3, T_H4, T_H5, T_H6,
    T_LI, T_DT, T_DD, T_UL, T_OL, T_DL,
    T_TABLE, T_TR, T_TD, T_TH, T_CAPTION,
    T_PRE, T_BLOCKQUOTE, T_FIGURE, T_FIGCAPTION,
    T_ARTICLE, T_MAIN, T_SECTION, T_DIV,
    T_NAV, T_ASIDE, T_FOOTER, T_HEADER, T_FORM, T_MENU,
    T_BODY, T_HTML, T_HR, T_ADDRESS,
    T_BUTTON /* not skipped: libxml2 may nest the whole page in one */
};

typedef struct tag_entry {
    const char *name;
    unsigned char id;
} tag_entry;

/* Sorted by name, for a binary search. */
static const tag_entry tags[] = {
    {"a", T_A},           {"abbr", T_INLINE},     {"acronym", T_INLINE},
    {"address", T_ADDRESS}, {"applet", T_SKIP},   {"area", T_SKIP},
    {"article", T_ARTICLE}, {"aside", T_ASIDE},   {"audio", T_SKIP},
    {"b", T_INLINE},      {"base", T_SKIP},       {"bdi", T_INLINE},
    {"bdo", T_INLINE},    {"big", T_INLINE},      {"blockquote", T_BLOCKQUOTE},
    {"body", T_BODY},     {"br", T_BR},           {"button", T_BUTTON},
    {"canvas", T_SKIP},   {"caption", T_CAPTION}, {"cite", T_INLINE},
    {"code", T_INLINE},   {"data", T_INLINE},     {"datalist", T_SKIP},
    {"dd", T_DD},         {"del", T_INLINE},      {"dfn", T_INLINE},
    {"dialog", T_SKIP},   {"div", T_DIV},         {"dl", T_DL},
    {"dt", T_DT},         {"em", T_INLINE},       {"embed", T_SKIP},
    {"figcaption", T_FIGCAPTION}, {"figure", T_FIGURE}, {"font", T_INLINE},
    {"footer", T_FOOTER}, {"form", T_FORM},       {"frame", T_SKIP},
    {"frameset", T_SKIP}, {"h1", T_H1},           {"h2", T_H2},
    {"h3", T_H3},         {"h4", T_H4},           {"h5", T_H5},
    {"h6", T_H6},         {"head", T_BLOCK},      {"header", T_HEADER},
    {"hr", T_HR},         {"html", T_HTML},       {"i", T_INLINE},
    {"iframe", T_SKIP},   {"img", T_INLINE},      {"input", T_SKIP},
    {"ins", T_INLINE},    {"kbd", T_INLINE},      {"label", T_INLINE},
    {"li", T_LI},         {"link", T_SKIP},       {"main", T_MAIN},
    {"map", T_SKIP},      {"mark", T_INLINE},     {"math", T_SKIP},
    {"menu", T_MENU},     {"meta", T_SKIP},       {"nav", T_NAV},
    {"nobr", T_INLINE},   {"noembed", T_SKIP},    {"noframes", T_SKIP},
    {"noscript", T_SKIP}, {"object", T_SKIP},     {"ol", T_OL},
    {"optgroup", T_SKIP}, {"option", T_SKIP},     {"output", T_INLINE},
    {"p", T_P},           {"param", T_SKIP},      {"picture", T_INLINE},
    {"pre", T_PRE},       {"q", T_INLINE},        {"rp", T_INLINE},
    {"rt", T_INLINE},     {"ruby", T_INLINE},     {"s", T_INLINE},
    {"samp", T_INLINE},   {"script", T_SKIP},     {"section", T_SECTION},
    {"select", T_SKIP},   {"slot", T_INLINE},     {"small", T_INLINE},
    {"source", T_SKIP},   {"span", T_INLINE},     {"strike", T_INLINE},
    {"strong", T_INLINE}, {"style", T_SKIP},      {"sub", T_INLINE},
    {"sup", T_INLINE},    {"svg", T_SKIP},        {"table", T_TABLE},
    {"td", T_TD},         {"template", T_SKIP},   {"textarea", T_SKIP},
    {"th", T_TH},         {"time", T_INLINE},     {"title", T_SKIP},
    {"tr", T_TR},         {"track", T_SKIP},      {"tt", T_INLINE},
    {"u", T_INLINE},      {"ul", T_UL},           {"var", T_INLINE},
    {"video", T_SKIP},    {"wbr", T_INLINE},
};

/* strcmp with the first letters compared inline: most probes of a
 * binary search end there. */
static int name_cmp(const char *a, const char *b)
{
    int c = (unsigned char)a[0] - (unsigned char)b[0];
    return c || !a[0] ? c : strcmp(a + 1, b + 1);
}

static int tag_of(const char *name)
{
    size_t lo = 0, hi = sizeof tags / sizeof tags[0];
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = name_cmp(name, tags[mid].name);
        if (!c) return tags[mid].id;
        if (c < 0) hi = mid;
        else lo = mid + 1;
    }
    return T_BLOCK;
}

/* Inline elements, links, cells and line breaks do not end a block. */
static int is_inline(int t)
{
    return t == T_INLINE || t == T_A || t == T_TD || t == T_TH || t == T_BR;
}
static int is_heading(int t) { return t >= T_H1 && t <= T_H6; }

/* ---- Hints from class, id, role and itemprop ---------------------------- */

static int is_ws(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

enum { H_NEG = 1, H_POS = 2, H_STRONG = 4, H_HIDDEN = 8, H_COMMENT = 16, H_POPUP = 32 };

/* Word classes. A class item like "article-body" or "articleBody" is cut
 * into words; the item says "article here" when it has both a head word
 * (what: article, story, post) and a tail word (which part: body, text). */
enum {
    W_NEG = 1, W_POS = 2, W_HEAD = 4, W_TAIL = 8, W_SKIPITEM = 16, W_COMMENT = 32, W_OFF = 64,
    W_POPUP = 128
};

typedef struct word_entry {
    const char *w;
    unsigned char f;
} word_entry;

/* Whole words, sorted for a binary search. Short or ambiguous words are only
 * matched whole ("ad" must not match "header" or "read"). */
static const word_entry hint_words[] = {
    {"ad", W_NEG}, {"ads", W_NEG}, {"adv", W_NEG},
    {"advert", W_NEG}, {"align", W_SKIPITEM}, {"article", W_HEAD},
    {"aside", W_NEG}, {"author", W_NEG}, {"bg", W_SKIPITEM},
    {"bio", W_NEG}, {"blog", W_HEAD}, {"body", W_TAIL},
    {"border", W_SKIPITEM}, {"byline", W_NEG}, {"caption", W_NEG},
    {"category", W_SKIPITEM}, {"col", W_SKIPITEM}, {"color", W_SKIPITEM},
    {"content", W_TAIL | W_POS}, {"copy", W_TAIL}, {"credit", W_NEG},
    {"credits", W_NEG}, {"date", W_NEG}, {"dateline", W_NEG},
    {"dfp", W_NEG}, {"disabled", W_OFF}, {"enabled", W_OFF},
    {"entry", W_HEAD}, {"excerpt", W_NEG}, {"extra", W_NEG},
    {"false", W_OFF}, {"fg", W_SKIPITEM}, {"flex", W_SKIPITEM},
    {"font", W_SKIPITEM}, {"format", W_SKIPITEM}, {"gpt", W_NEG},
    {"grid", W_SKIPITEM}, {"has", W_SKIPITEM}, {"hentry", W_HEAD | W_TAIL},
    {"hide", W_SKIPITEM}, {"is", W_SKIPITEM}, {"items", W_SKIPITEM},
    {"justify", W_SKIPITEM}, {"leading", W_SKIPITEM}, {"main", W_POS},
    {"meta", W_NEG}, {"nav", W_NEG}, {"news", W_HEAD},
    {"no", W_SKIPITEM}, {"none", W_OFF}, {"off", W_OFF},
    {"page", W_SKIPITEM}, {"post", W_HEAD}, {"print", W_NEG},
    {"prose", W_TAIL | W_POS}, {"rail", W_NEG}, {"rounded", W_SKIPITEM},
    {"search", W_NEG}, {"shadow", W_SKIPITEM}, {"single", W_SKIPITEM},
    {"skip", W_NEG}, {"status", W_SKIPITEM}, {"story", W_HEAD},
    {"tag", W_NEG}, {"tags", W_NEG}, {"text", W_TAIL},
    {"tracking", W_SKIPITEM}, {"true", W_OFF}, {"tw", W_SKIPITEM},
    {"type", W_SKIPITEM}, {"with", W_SKIPITEM}, {"without", W_SKIPITEM},
};

/* Parts of a word that say what it names wherever they appear:
 * "socialshare", "relatedposts", "commentlist" are clutter; "articlebody"
 * and "storytext" join a head and a tail. */
typedef struct part_entry {
    const char *s;
    unsigned char n, f;
} part_entry;

static const part_entry parts[] = {
    {"advert", 6, W_NEG}, {"article", 7, W_HEAD},
    {"banner", 6, W_NEG}, {"body", 4, W_TAIL},
    {"breadcrumb", 10, W_NEG}, {"comment", 7, W_NEG | W_COMMENT},
    {"consent", 7, W_NEG}, {"content", 7, W_TAIL},
    {"cookie", 6, W_NEG}, {"disqus", 6, W_NEG},
    {"dropdown", 8, W_NEG}, {"entry", 5, W_HEAD},
    {"footer", 6, W_NEG}, {"gdpr", 4, W_NEG},
    {"hovercard", 9, W_NEG | W_POPUP}, {"login", 5, W_NEG},
    {"masthead", 8, W_NEG}, {"menu", 4, W_NEG},
    {"modal", 5, W_NEG}, {"navbar", 6, W_NEG},
    {"navigation", 10, W_NEG}, {"newsletter", 10, W_NEG},
    {"outbrain", 8, W_NEG}, {"overlay", 7, W_NEG},
    {"pager", 5, W_NEG}, {"pagination", 10, W_NEG},
    {"popover", 7, W_NEG | W_POPUP}, {"popular", 7, W_NEG},
    {"popup", 5, W_NEG | W_POPUP}, {"post", 4, W_HEAD},
    {"promo", 5, W_NEG}, {"recommend", 9, W_NEG},
    {"related", 7, W_NEG}, {"rollover", 8, W_NEG | W_POPUP},
    {"share", 5, W_NEG}, {"sharing", 7, W_NEG},
    {"sidebar", 7, W_NEG}, {"signup", 6, W_NEG},
    {"social", 6, W_NEG}, {"sponsor", 7, W_NEG},
    {"story", 5, W_HEAD}, {"subscri", 7, W_NEG},
    {"taboola", 7, W_NEG}, {"text", 4, W_TAIL},
    {"toolbar", 7, W_NEG}, {"tooltip", 7, W_NEG | W_POPUP},
    {"trending", 8, W_NEG},
};

static unsigned word_class(const char *w, size_t n)
{
    size_t lo = 0, hi = sizeof hint_words / sizeof hint_words[0];
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = name_cmp(w, hint_words[mid].w);
        if (!c) return hint_words[mid].f;
        if (c < 0) hi = mid;
        else lo = mid + 1;
    }
    if (n < 5 || !strcmp(w, "commentary")) return 0; /* opinion, not comments */
    /* One pass over the word's positions; a first-letter test keeps it
     * cheap (this runs for every class name of the page). */
    unsigned f = 0;
    size_t np = sizeof parts / sizeof parts[0];
    for (size_t i = 0; i + 4 <= n; i++) {
        /* The first part that starts with this letter (parts are sorted). */
        size_t a = 0, b = np;
        while (a < b) {
            size_t mid = (a + b) / 2;
            if ((unsigned char)parts[mid].s[0] < (unsigned char)w[i]) a = mid + 1;
            else b = mid;
        }
        for (size_t k = a; k < np && parts[k].s[0] == w[i]; k++)
            if (parts[k].n <= n - i && !memcmp(w + i, parts[k].s, parts[k].n)) f |= parts[k].f;
    }
    return f & W_NEG ? f & (W_NEG | W_COMMENT | W_POPUP) : f;
}

/* Hints of one attribute value: items split on white space, words on
 * anything that is not a letter and on lower-to-upper case changes. */
static unsigned value_hints(const char *s)
{
    unsigned h = 0;
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\f') p++;
        if (!*p) break;
        unsigned item = 0;
        int first = 1, skip = 0, nwords = 0;
        while (*p && !(*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\f')) {
            if (!((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z')) {
                p++;
                continue;
            }
            char w[32];
            size_t n = 0;
            int prev_lower = 0;
            int digits = p > (const unsigned char *)s && p[-1] >= '0' && p[-1] <= '9';
            while (((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z')) {
                int upper = *p >= 'A' && *p <= 'Z';
                if (upper && prev_lower) break; /* camelCase boundary */
                if (n < sizeof w - 1) w[n++] = (char)(*p | 0x20);
                prev_lower = !upper;
                p++;
            }
            w[n] = '\0';
            /* Letters run into digits are a generated name ("b5343ad4"),
             * not words. */
            if (digits || (*p >= '0' && *p <= '9')) continue;
            unsigned f = word_class(w, n);
            nwords++;
            /* "tag-politics" names a taxonomy term; "tags", "post-tags" and
             * "tag-list" are tag boxes. */
            if (first && ((f & W_SKIPITEM) || !strcmp(w, "tag"))) skip = 1;
            first = 0;
            item |= f;
        }
        /* "has-sidebar", "sidebar-enabled--false": a state of the
         * layout, not the name of a part. */
        if ((skip && nwords > 1) || (item & W_OFF)) continue;
        if (item & W_NEG) {
            h |= H_NEG;
            if (item & W_COMMENT) h |= H_COMMENT;
            if (item & W_POPUP) h |= H_POPUP;
        } else if ((item & W_HEAD) && (item & W_TAIL)) {
            h |= H_STRONG | H_POS;
        } else if (item & (W_POS | W_HEAD | W_TAIL)) {
            h |= H_POS;
        }
    }
    return h;
}

static int span_is(const char *s, size_t n, const char *want)
{
    return strlen(want) == n && !memcmp(s, want, n);
}

/* A display value that shows an element. */
static int shows(const char *s, size_t n)
{
    static const char *const v[] = {"block", "flex", "grid", "inline", "inline-block",
                                    "inline-flex", "inline-grid", "table", "contents",
                                    "flow-root", "table-cell", "table-row", NULL};
    for (int i = 0; v[i]; i++)
        if (span_is(s, n, v[i])) return 1;
    return 0;
}

/* Breakpoint of a responsive prefix: 0 none, 1-4 sm, md, lg, xl; -1 for
 * prefixes that do not apply on a desktop screen (hover:, max-md:). */
static int breakpoint(const char *s, size_t n)
{
    static const char *const bp[] = {"", "sm", "md", "lg", "xl", NULL};
    for (int i = 0; bp[i]; i++)
        if (span_is(s, n, bp[i])) return i;
    return -1;
}

/* Whether a class list hides the element on a desktop screen, which is
 * what the page's readers see: utility classes ("hidden", "d-none",
 * "sr-only") with their responsive forms ("hidden lg:block", "d-none
 * d-md-block", "md:hidden"). The state at the widest breakpoint wins. */
static int class_hides(const char *s)
{
    signed char st[5] = {-1, -1, -1, -1, -1}; /* -1 unset, 0 shown, 1 hidden */
    const char *p = s;
    while (*p) {
        while (*p && is_ws((unsigned char)*p)) p++;
        const char *a = p;
        while (*p && !is_ws((unsigned char)*p)) p++;
        size_t n = (size_t)(p - a);
        if (!n) break;
        /* Tailwind: "lg:block", "md:hidden". */
        const char *colon = memchr(a, ':', n);
        const char *u = colon ? colon + 1 : a;
        size_t un = n - (size_t)(u - a);
        int bp = colon ? breakpoint(a, (size_t)(colon - a)) : 0;
        if (bp < 0) continue;
        if (span_is(u, un, "hidden")) {
            st[bp] = 1;
            continue;
        }
        if (colon && shows(u, un)) {
            st[bp] = 0;
            continue;
        }
        if (colon) continue;
        /* Bootstrap: "d-none", "d-md-block". */
        if (n > 2 && a[0] == 'd' && a[1] == '-') {
            const char *v = a + 2;
            size_t vn = n - 2;
            const char *dash = memchr(v, '-', vn);
            int b = 0;
            if (dash && (b = breakpoint(v, (size_t)(dash - v))) > 0) {
                vn -= (size_t)(dash + 1 - v);
                v = dash + 1;
            } else {
                b = 0;
            }
            if (span_is(v, vn, "none")) st[b] = 1;
            else if (shows(v, vn)) st[b] = 0;
            continue;
        }
        if (span_is(a, n, "sr-only") || span_is(a, n, "visually-hidden") ||
            span_is(a, n, "visuallyhidden") || span_is(a, n, "screen-reader-text") ||
            span_is(a, n, "is-hidden") || span_is(a, n, "hide") || span_is(a, n, "hidden-lg"))
            st[0] = 1;
    }
    for (int i = 4; i >= 0; i--)
        if (st[i] >= 0) return st[i];
    return 0;
}

static int attr_is(const char *v, const char *want)
{
    while (*v == ' ') v++;
    return !strncasecmp(v, want, strlen(want));
}

/* style="display: none" or "visibility:hidden". */
static int style_hides(const char *s)
{
    for (const char *p = s; *p; p++) {
        const char *val = NULL;
        if (!strncasecmp(p, "display", 7)) val = p + 7;
        else if (!strncasecmp(p, "visibility", 10)) val = p + 10;
        if (!val) continue;
        while (*val == ' ') val++;
        if (*val != ':') continue;
        val++;
        while (*val == ' ') val++;
        if (!strncasecmp(val, "none", 4) || !strncasecmp(val, "hidden", 6)) return 1;
    }
    return 0;
}

/* The hidden attribute hides, except on React's streamed parts: they wait
 * in <div hidden id="S:0"> until a script moves them in place. */
static unsigned hidden_attr(xmlNode *n)
{
    for (xmlAttr *a = n->properties; a; a = a->next)
        if (a->name && !strcmp((const char *)a->name, "id") && a->children &&
            a->children->content && !strncmp((const char *)a->children->content, "S:", 2))
            return 0;
    return H_HIDDEN;
}

/* Class and id values repeat across a page ("menu-item" hundreds of
 * times), so their hints are remembered by value in a small table,
 * direct-mapped by a hash of the value. */
enum { MEMO_SIZE = 256 };

typedef struct memo {
    uint32_t hash;
    const char *value; /* NULL: empty slot */
    unsigned hints;
} memo;

/* A hash of a string's length, first 32 and last 16 bytes: class values
 * run long ("menu-item menu-item-type-post_type menu-item-object-page")
 * and a collision only costs a comparison. */
static uint32_t hash_str(const char *s, uint32_t seed)
{
    size_t n = strlen(s);
    uint32_t h = (2166136261u ^ seed ^ (uint32_t)n) * 16777619u;
    size_t head = n < 32 ? n : 32;
    for (size_t i = 0; i < head; i++) h = (h ^ (unsigned char)s[i]) * 16777619u;
    for (size_t i = n > 48 ? n - 16 : head; i < n; i++) h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

/* Hints of a class (is_class) or id value. */
static unsigned attr_hints(memo *tab, const char *v, int is_class)
{
    uint32_t h = hash_str(v, (uint32_t)is_class);
    memo *m = &tab[h % MEMO_SIZE];
    if (m->value && m->hash == h && !strcmp(m->value, v)) return m->hints;
    unsigned r = value_hints(v);
    if (is_class && class_hides(v)) r |= H_HIDDEN;
    m->hash = h;
    m->value = v;
    m->hints = r;
    return r;
}

static unsigned element_hints(memo *tab, xmlNode *n, int tag, const char **cls)
{
    unsigned h = 0;
    int panel = 0;
    *cls = NULL;
    for (xmlAttr *a = n->properties; a; a = a->next) {
        const char *name = (const char *)a->name;
        if (!name) continue;
        /* Most attributes (href, src, data-*) matter not: sort by the
         * first letter before comparing names. */
        char c0 = name[0];
        if (c0 != 'c' && c0 != 'i' && c0 != 'r' && c0 != 'h' && c0 != 'a' && c0 != 's') continue;
        if (!a->children || !a->children->content) {
            if (!strcmp(name, "hidden")) h |= hidden_attr(n);
            continue;
        }
        const char *v = (const char *)a->children->content;
        if (!strcmp(name, "class") || !strcmp(name, "id")) {
            int is_class = c0 == 'c';
            unsigned ah = attr_hints(tab, v, is_class);
            /* The page's own classes ("single-post has-sidebar") say
             * nothing about its parts. */
            if (tag == T_BODY || tag == T_HTML) ah &= H_HIDDEN;
            h |= ah;
            if (is_class) *cls = v;
        } else if (!strcmp(name, "aria-labelledby")) {
            panel = 1;
        } else if (!strcmp(name, "role")) {
            if (attr_is(v, "region") || attr_is(v, "tabpanel")) panel = 1;
            if (attr_is(v, "navigation") || attr_is(v, "banner") || attr_is(v, "contentinfo") ||
                attr_is(v, "complementary") || attr_is(v, "menu") || attr_is(v, "search") ||
                attr_is(v, "dialog") || attr_is(v, "alert"))
                h |= H_NEG;
            else if (attr_is(v, "main") || attr_is(v, "article"))
                h |= H_STRONG | H_POS;
        } else if (!strcmp(name, "itemprop")) {
            if (strstr(v, "articleBody") || attr_is(v, "text")) h |= H_STRONG | H_POS;
        } else if (!strcmp(name, "hidden")) {
            h |= hidden_attr(n);
        } else if (!strcmp(name, "aria-hidden")) {
            if (attr_is(v, "true")) h |= H_HIDDEN;
        } else if (!strcmp(name, "style")) {
            if (style_hides(v)) h |= H_HIDDEN;
        }
    }
    /* A collapsed panel of an accordion or a tab set is part of the page
     * a reader opens; its text counts. A pop-up inside a line of text (a
     * hover card on a name) shows only on hover. */
    if (panel) h &= ~(unsigned)H_HIDDEN;
    if ((h & H_POPUP) && is_inline(tag)) h |= H_HIDDEN;
    switch (tag) {
    case T_NAV: case T_ASIDE: case T_FOOTER: case T_MENU: case T_HEADER: case T_BUTTON:
        h |= H_NEG;
        break;
    case T_ARTICLE: case T_MAIN:
        h |= H_STRONG | H_POS;
        break;
    default:
        break;
    }
    return h;
}

/* ---- The page as arrays ------------------------------------------------- */

/* Context an element passes to everything inside it. */
enum { C_LINK = 1, C_PRE = 2, C_CAPTION = 4 };

typedef struct el {
    const char *cls; /* its class attribute */
    int parent;
    int prev;    /* previous sibling element, or -1 */
    int last;    /* last child element so far, or -1 */
    int group;   /* the first clutter-hinted element with its class */
    int end;     /* one past its last descendant */
    int b0, b1;  /* its blocks */
    int owner;   /* itself when it ends blocks, else its parent's owner */
    int neg;     /* nearest clutter ancestor-or-self that counts, or -1 */
    unsigned char tag;
    unsigned char hint;
    unsigned char ctx;
    unsigned char inl; /* does not end a block */
} el;

/* Kinds of block. */
enum { K_TEXT = 0, K_HEADING, K_ITEM, K_ROW, K_PRE, K_CAPTION };

/* Judgements of a block inside the container. */
enum { J_BAD = 0, J_SHORT, J_GOOD, J_EDGE, J_LINKS };

/* The most a clutter box weighs against its surroundings. */
#define CLUTTER_CAP 300.0
/* The most a list or a table weighs against its surroundings. */
#define LIST_CAP 150.0

typedef struct blk {
    size_t off, len; /* its text in the page's text buffer */
    int chars;       /* characters, not counting spaces */
    int links;       /* of which inside links */
    int punct;       /* sentence punctuation */
    int words;
    int owner;       /* innermost enclosing block element */
    unsigned char kind, judge;
    float value;
    float ld_share;  /* share of its words found in the JSON-LD body */
} blk;

typedef struct page {
    el *els;
    int nel, cap_el;
    blk *blks;
    int nblk, cap_blk;
    td_buf text;
    /* The walk's state. */
    int cur;     /* innermost open element */
    int open;    /* a block is being filled */
    blk b;
    int space;   /* a space is owed before the next word */
    int err;     /* -1: text cap reached, -2: out of memory */
    /* What the choice works with. */
    double *sum;         /* per element: the value of its blocks */
    double *pgood;       /* pgood[i]: prose characters in blocks [0, i) */
    unsigned char *keep; /* per block: goes into the text */
    int ld;              /* the JSON-LD body: 0 none, 1 a teaser, 2 whole */
    memo memo[MEMO_SIZE];
    /* Tag ids by name (each element has its own copy of its name): a
     * direct-mapped table over the names seen. */
    const xmlChar *tag_name[256];
    unsigned char tag_id[256];
} page;

static int page_tag(page *pg, const xmlChar *name)
{
    uint32_t h = 2166136261u;
    for (const xmlChar *p = name; *p; p++) h = (h ^ *p) * 16777619u;
    unsigned k = h & 255;
    if (!pg->tag_name[k] || strcmp((const char *)pg->tag_name[k], (const char *)name)) {
        pg->tag_name[k] = name;
        pg->tag_id[k] = (unsigned char)tag_of((const char *)name);
    }
    return pg->tag_id[k];
}

static int grow(void **p, int *cap, int need, size_t size)
{
    if (need <= *cap) return 0;
    int c = *cap ? *cap : 256;
    while (c < need) {
        if (c > INT32_MAX / 2) return -1;
        c *= 2;
    }
    void *q = realloc(*p, (size_t)c * size);
    if (!q) return -1;
    *p = q;
    *cap = c;
    return 0;
}

static void put(page *pg, const char *s, size_t n)
{
    int rc = td_buf_append(&pg->text, s, n);
    if (rc == TD_BUF_FULL) pg->err = -1;
    else if (rc) pg->err = -2;
}

static void close_block(page *pg)
{
    if (!pg->open) return;
    pg->open = 0;
    pg->space = 0;
    if (pg->b.chars == 0) {
        pg->text.len = pg->b.off;
        return;
    }
    /* Trailing spaces and newlines of <pre> blocks. */
    while (pg->text.len > pg->b.off &&
           (pg->text.data[pg->text.len - 1] == ' ' || pg->text.data[pg->text.len - 1] == '\n'))
        pg->text.len--;
    pg->b.len = pg->text.len - pg->b.off;
    if (grow((void **)&pg->blks, &pg->cap_blk, pg->nblk + 1, sizeof(blk))) {
        pg->err = -2;
        return;
    }
    pg->blks[pg->nblk++] = pg->b;
}

static void open_block(page *pg)
{
    const el *e = &pg->els[pg->cur];
    const el *o = &pg->els[e->owner];
    memset(&pg->b, 0, sizeof pg->b);
    pg->b.off = pg->text.len;
    pg->b.owner = e->owner;
    int t = o->tag;
    /* The kind comes from the nearest element that says what the block
     * is: a heading inside a list item is a heading. */
    if (is_heading(t)) {
        pg->b.kind = K_HEADING;
    } else if (t == T_LI || t == T_DT || t == T_DD) {
        pg->b.kind = K_ITEM;
    } else if (t == T_TR) {
        pg->b.kind = K_ROW;
    } else if (e->ctx & C_PRE) {
        pg->b.kind = K_PRE;
    } else if (e->ctx & C_CAPTION) {
        pg->b.kind = K_CAPTION;
    } else {
        pg->b.kind = K_TEXT;
    }
    pg->open = 1;
    pg->space = 0;
}


/* Length of the white space character at p, 0 when it is none: ASCII
 * space, no-break space, the typographic and zero-width spaces, the
 * ideographic space and the byte order mark. */
static int space_len(const unsigned char *p)
{
    if (is_ws(p[0])) return 1;
    if (p[0] == 0xC2 && p[1] == 0xA0) return 2;
    if (p[0] == 0xE2 && p[1] == 0x80 && (p[2] <= 0x8D || p[2] == 0xAF)) return 3;
    if (p[0] == 0xE2 && p[1] == 0x81 && (p[2] == 0x9F || p[2] == 0xA0)) return 3;
    if (p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80) return 3;
    if (p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) return 3;
    return 0;
}

/* Appends a text node to the open block, squashing white space (except in
 * <pre>) and counting what the judgement needs. */
static void add_text(page *pg, const char *s)
{
    unsigned ctx = pg->els[pg->cur].ctx;
    int pre = (ctx & C_PRE) != 0;
    const unsigned char *p = (const unsigned char *)s;
    while (*p && !pg->err) {
        unsigned char c = *p;
        int sl = space_len(p);
        if (sl) {
            p += sl;
            if (pre && pg->open) put(pg, c == '\n' || c == '\r' ? "\n" : " ", 1);
            else pg->space = 1;
            continue;
        }
        if (!pg->open) open_block(pg);
        if (pg->space && !pre && pg->text.len > pg->b.off &&
            pg->text.data[pg->text.len - 1] != '\n')
            put(pg, " ", 1);
        pg->space = 0;
        pg->b.words++;
        /* One word: up to the next white space. */
        const unsigned char *w = p;
        int chars = 0, punct = 0;
        while (*p && ((*p > ' ' && *p < 0x80) || !space_len(p))) {
            unsigned char d = *p;
            if ((d & 0xC0) != 0x80) {
                /* Ideographs carry a word's worth of meaning each. */
                chars += d >= 0xE3 && d <= 0xED ? 2 : 1;
            }
            if (d == '.' || d == ',' || d == '!' || d == '?' || d == ';' || d == ':') punct++;
            /* 。，、！？ and the Arabic comma. */
            else if (d == 0xE3 && p[1] == 0x80 && (p[2] == 0x82 || p[2] == 0x81)) punct++;
            else if (d == 0xEF && p[1] == 0xBC && (p[2] == 0x8C || p[2] == 0x81 || p[2] == 0x9F))
                punct++;
            else if (d == 0xD8 && p[1] == 0x8C) punct++;
            p++;
        }
        put(pg, (const char *)w, (size_t)(p - w));
        pg->b.chars += chars;
        pg->b.punct += punct;
        if (ctx & C_LINK) pg->b.links += chars;
    }
}

static void enter(page *pg, int tag, unsigned hint, const char *cls)
{
    if (grow((void **)&pg->els, &pg->cap_el, pg->nel + 1, sizeof(el))) {
        pg->err = -2;
        return;
    }
    int id = pg->nel++;
    el *e = &pg->els[id];
    const el *up = pg->cur >= 0 ? &pg->els[pg->cur] : NULL;
    e->cls = cls;
    e->parent = pg->cur;
    e->last = -1;
    e->prev = -1;
    if (pg->cur >= 0) {
        e->prev = pg->els[pg->cur].last;
        pg->els[pg->cur].last = id;
    }
    e->tag = (unsigned char)tag;
    e->hint = (unsigned char)hint;
    e->neg = -1;
    e->ctx = up ? up->ctx : 0;
    switch (tag) {
    case T_A: e->ctx |= C_LINK; break;
    case T_PRE: e->ctx |= C_PRE; break;
    case T_FIGCAPTION: case T_CAPTION: e->ctx |= C_CAPTION; break;
    default: break;
    }
    /* An unknown element (a web component such as <hl-trusted-source>)
     * inside a paragraph or a heading flows with its text. */
    int inl = is_inline(tag) ||
              (tag == T_BLOCK && up && (up->inl || up->tag == T_P || is_heading(up->tag)));
    e->inl = (unsigned char)inl;
    if (!inl) close_block(pg);
    e->owner = inl && up ? up->owner : id;
    if (tag == T_TD || tag == T_TH) pg->space = 1; /* cells of a row */
    if (tag == T_BR) {
        /* A line break stays inside its block. */
        if (pg->open && !(e->ctx & C_PRE)) {
            put(pg, "\n", 1);
            pg->space = 0;
        }
    }
    e->b0 = pg->nblk;
    pg->cur = id;
}

static void leave(page *pg)
{
    el *e = &pg->els[pg->cur];
    if (!e->inl) close_block(pg);
    e->b1 = pg->nblk;
    e->end = pg->nel;
    pg->cur = e->parent;
}

/* Reads the page into pg: document order, by the tree's own links. */
static void read_page(page *pg, xmlNode *root)
{
    pg->cur = -1;
    enter(pg, T_BODY, 0, NULL);
    xmlNode *n = root->children;
    while (n && !pg->err) {
        int descend = 0;
        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            if (n->content) add_text(pg, (const char *)n->content);
        } else if (n->type == XML_ELEMENT_NODE) {
            int tag = page_tag(pg, n->name);
            const char *cls = NULL;
            unsigned hint = tag == T_SKIP ? 0 : element_hints(pg->memo, n, tag, &cls);
            if (tag != T_SKIP && !(hint & H_HIDDEN)) {
                enter(pg, tag, hint, cls);
                if (pg->err) break;
                if (n->children) descend = 1;
                else leave(pg);
            }
        }
        if (descend) {
            n = n->children;
            continue;
        }
        /* Leave finished elements until one has a next sibling. */
        while (n && n != root && !n->next) {
            n = n->parent;
            if (n != root) leave(pg);
        }
        if (!n || n == root) break;
        n = n->next;
    }
    while (pg->cur >= 0 && !pg->err) leave(pg);
}

/* Sets each clutter-hinted element's group to the first element with the
 * same class value (itself when none came before); other elements are
 * their own group. Returns -1 when out of memory. */
static int group_by_class(page *pg)
{
    size_t n = 0;
    for (int id = 0; id < pg->nel; id++) {
        pg->els[id].group = id;
        n += (pg->els[id].hint & H_NEG) && pg->els[id].cls;
    }
    if (!n) return 0;
    size_t cap = 16;
    while (cap < 2 * n) cap *= 2;
    int *slot = malloc(cap * sizeof *slot); /* element ids, -1 empty */
    if (!slot) return -1;
    for (size_t i = 0; i < cap; i++) slot[i] = -1;
    for (int id = 0; id < pg->nel; id++) {
        el *e = &pg->els[id];
        if (!(e->hint & H_NEG) || !e->cls) continue;
        size_t k = hash_str(e->cls, 7) & (cap - 1);
        while (slot[k] >= 0 && strcmp(pg->els[slot[k]].cls, e->cls)) k = (k + 1) & (cap - 1);
        if (slot[k] < 0) slot[k] = id;
        else e->group = slot[k];
    }
    free(slot);
    return 0;
}

/* Prose characters inside element id. */
static double prose_of(const page *pg, int id)
{
    return pg->pgood[pg->els[id].b1] - pg->pgood[pg->els[id].b0];
}

/* ---- JSON-LD articleBody as a guide -------------------------------------- */

/* A set of hashed words (lower-case ASCII, other bytes as they are). */
typedef struct wordset {
    uint32_t *slot;
    size_t mask;
} wordset;

static uint32_t hash_word(const unsigned char *s, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = s[i];
        if (c >= 'A' && c <= 'Z') c |= 0x20;
        h = (h ^ c) * 16777619u;
    }
    return h ? h : 1;
}

static int is_word_byte(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}

/* Calls fn for each word of s[0..n): runs of letters and digits. */
#define FOR_EACH_WORD(s, n, w, wl, body)                                      \
    for (size_t i_ = 0; i_ < (n);) {                                          \
        while (i_ < (n) && !is_word_byte((unsigned char)(s)[i_])) i_++;       \
        size_t j_ = i_;                                                       \
        while (j_ < (n) && is_word_byte((unsigned char)(s)[j_])) j_++;        \
        if (j_ > i_) {                                                        \
            const unsigned char *w = (const unsigned char *)(s) + i_;         \
            size_t wl = j_ - i_;                                              \
            body                                                              \
        }                                                                     \
        i_ = j_;                                                              \
    }

static int wordset_build(wordset *ws, const char *s)
{
    size_t n = strlen(s), words = 0;
    FOR_EACH_WORD(s, n, w, wl, { (void)w; (void)wl; words++; })
    size_t cap = 64;
    while (cap < words * 2) cap *= 2;
    ws->slot = calloc(cap, sizeof *ws->slot);
    if (!ws->slot) return -1;
    ws->mask = cap - 1;
    FOR_EACH_WORD(s, n, w, wl, {
        uint32_t h = hash_word(w, wl);
        size_t k = h & ws->mask;
        while (ws->slot[k] && ws->slot[k] != h) k = (k + 1) & ws->mask;
        ws->slot[k] = h;
    })
    return 0;
}

static int wordset_has(const wordset *ws, uint32_t h)
{
    size_t k = h & ws->mask;
    while (ws->slot[k]) {
        if (ws->slot[k] == h) return 1;
        k = (k + 1) & ws->mask;
    }
    return 0;
}

static float share_in(const wordset *ws, const char *s, size_t n)
{
    size_t all = 0, in = 0;
    FOR_EACH_WORD(s, n, w, wl, {
        all++;
        in += wordset_has(ws, hash_word(w, wl));
    })
    return all ? (float)in / (float)all : 0.0f;
}

/* A teaser of the text: ends with an ellipsis. */
static int ld_cut(const char *s)
{
    size_t n = strlen(s);
    while (n && (is_ws((unsigned char)s[n - 1]))) n--;
    if (n >= 3 && !memcmp(s + n - 3, "\xE2\x80\xA6", 3)) return 1;
    if (n >= 8 && !memcmp(s + n - 8, "&hellip;", 8)) return 1;
    if (n >= 3 && !memcmp(s + n - 3, "...", 3)) return 1;
    return 0;
}

/* ---- Judging ------------------------------------------------------------ */

/* Prose: long enough, mostly not links, with sentence punctuation. */
static int is_prose(const blk *b)
{
    int own = b->chars - b->links; /* text of its own, not in links */
    return own >= 50 && b->links * 2 <= b->chars && b->punct >= 1;
}

/* Mostly links, with little text of its own: a menu, a teaser, tags. */
static int link_list(const blk *b)
{
    if (b->kind == K_HEADING) return b->links * 10 > b->chars * 9;
    return b->links * 2 > b->chars && (b->chars - b->links < 60 || b->links * 5 > b->chars * 4);
}

/* What a block adds to an element that holds it, in characters: prose
 * adds its length (less for its links), a link list takes away more than
 * its length, a short line a little, and clutter (inside an element whose
 * class says so) half its length. */
static float block_value(const blk *b, int clutter, int ld)
{
    float c = (float)b->chars, l = (float)b->links;
    float v;
    if (clutter) v = -0.5f * c - 10.0f;
    else if (is_prose(b)) v = c - 1.5f * l;
    else if (l * 3 > c) v = c - 2.5f * l - 10.0f; /* a link list */
    else v = 0.5f * c - 10.0f;                   /* a label, a date, a line */
    if (ld > 1 && b->words >= 4) {
        /* A whole copy of the text from the publisher outweighs our guess
         * (a teaser of it says too little). It only weighs in the choice
         * of the container: inside it, a tweet or a list that the copy
         * leaves out still belongs to the article. */
        if (b->ld_share >= 0.8f && v < c) v = c;
        else if (b->words >= 8 && b->ld_share < 0.3f && v > -0.5f * c) v = -0.5f * c;
    }
    return v;
}

/* Folds a string for comparison: lower-case ASCII, letters and digits. */
static size_t fold(const char *s, size_t n, char *out, size_t cap)
{
    size_t k = 0;
    for (size_t i = 0; i < n && k + 1 < cap; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 'A' && c <= 'Z') c |= 0x20;
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80) out[k++] = (char)c;
    }
    out[k] = '\0';
    return k;
}

/* The article's headline is stored as the title; as the first line of the
 * body it would be said twice. */
static int is_title(const page *pg, const blk *b, const td_page_meta *m)
{
    if (!m || b->len > 600) return 0;
    char x[640], y[640];
    size_t xn = fold(pg->text.data + b->off, b->len, x, sizeof x);
    if (xn == 0) return 0;
    const char *cands[] = {m->og_title, m->ld_headline};
    for (int i = 0; i < 2; i++) {
        if (!cands[i]) continue;
        size_t yn = fold(cands[i], strlen(cands[i]), y, sizeof y);
        if (yn == xn && !memcmp(x, y, xn)) return 1;
    }
    return 0;
}

/* Ends like a sentence: a full stop, a question or exclamation mark, a
 * colon or an ellipsis, maybe inside quotes or brackets; and has a few
 * words. Bylines, dates and labels do not. */
static int ends_sentence(const char *s, size_t n)
{
    int spaces = 0;
    for (size_t i = 0; i < n; i++) spaces += s[i] == ' ';
    if (spaces < 2) return 0;
    while (n) {
        unsigned char c = (unsigned char)s[n - 1];
        if (c == '"' || c == '\'' || c == ')' || c == ']' || c == ' ') {
            n--;
        } else if (n >= 3 && (unsigned char)s[n - 3] == 0xE2 && (unsigned char)s[n - 2] == 0x80 &&
                   (c == 0x9D || c == 0x99)) {
            n -= 3; /* a closing curly quote */
        } else {
            break;
        }
    }
    if (!n) return 0;
    unsigned char c = (unsigned char)s[n - 1];
    if (c == '.' || c == '!' || c == '?' || c == ':') return 1;
    if (n >= 3 && (unsigned char)s[n - 3] == 0xE2 && (unsigned char)s[n - 2] == 0x80 && c == 0xA6)
        return 1; /* … */
    if (n >= 3 && (unsigned char)s[n - 3] == 0xE3 && (unsigned char)s[n - 2] == 0x80 && c == 0x82)
        return 1; /* 。 */
    return 0;
}

/* A link line that points to another story: a label ("Read more:",
 * "RELATED:") before it, or a headline in capitals. Links inside an
 * article that are not teasers ("Get it on Amazon for $39") stay. */
static int teaser_link(const char *s, size_t n)
{
    size_t upper = 0, lower = 0, words = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 'A' && c <= 'Z') upper++;
        else if (c >= 'a' && c <= 'z') lower++;
        else if (c == ' ') words++;
        else if (c == ':' && words <= 3 && i + 1 < n) return 1;
    }
    return upper > 8 && upper > 3 * lower;
}

/* A short paragraph that asks the reader for something or credits the
 * reporters (English only: the cues are words). */
static int is_pitch(const char *s, size_t n)
{
    static const char *const cues[] = {
        "subscribe", "newsletter", "sign up", "follow us", "follow him",
        "follow her", "donat", "support our", "support us", "reporting by", "editing by",
        "contributed to this report", "click here", NULL};
    if (n > 400) return 0;
    char x[408];
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        x[i] = (char)(c >= 'A' && c <= 'Z' ? c | 0x20 : c);
    }
    x[n] = '\0';
    for (int i = 0; cues[i]; i++)
        if (strstr(x, cues[i])) return 1;
    return 0;
}

/* Clutter phrases that stand alone as a block. */
static int is_boilerplate(const char *s, size_t n)
{
    static const char *const lines[] = {
        "advertisement", "advertisements", "sponsored", "sponsored content", "share",
        "share this", "share this article", "share this story", "share on facebook",
        "share on twitter", "tweet", "email", "print", "comments", "read more",
        "continue reading", "related", "related articles", "related stories",
        "recommended", "story continues below advertisement", "skip to content",
        "skip to main content", "back to top", "loading", "loading...", NULL};
    if (n > 40) return 0;
    char x[48];
    size_t k = 0;
    for (size_t i = 0; i < n && k + 1 < sizeof x; i++) {
        unsigned char c = (unsigned char)s[i];
        x[k++] = (char)(c >= 'A' && c <= 'Z' ? c | 0x20 : c);
    }
    while (k && (x[k - 1] == ':' || x[k - 1] == ' ')) k--;
    x[k] = '\0';
    for (int i = 0; lines[i]; i++)
        if (!strcmp(x, lines[i])) return 1;
    return 0;
}

/* A label that opens a list of other stories: "Related posts", "Read
 * next", "More from <the site>" (English only: the cues are words). */
static int more_stories_label(const char *s, size_t n)
{
    static const char *const labels[] = {
        "related", "related posts", "related articles", "related stories", "related content",
        "related news", "related reading", "read next", "read this next", "also in the news",
        "recent posts", "recent articles", "recent stories", "recent news", "latest posts",
        "latest articles", "latest stories", "latest news", "you may also like",
        "you might also like", "you may also enjoy", "you might also enjoy",
        "recommended reading", "recommended articles", "recommended stories",
        "recommended posts", "recommended for you", "more stories", "more articles",
        "more posts", "more news", "trending", "trending now", "popular posts",
        "popular articles", "popular stories", NULL};
    if (n > 80) return 0;
    /* Lower-case words, one space between them, punctuation and emoji
     * dropped: "RELATED POSTS:" and "📰 Related posts" are the same label.
     * ("Up next" is not one: AP sports stories end with the next games.) */
    char x[88];
    size_t k = 0;
    int gap = 0, words = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 'A' && c <= 'Z') c |= 0x20;
        if (c < 'a' || c > 'z') {
            gap = 1;
            continue;
        }
        if (gap && k) x[k++] = ' ';
        words += gap || !k;
        gap = 0;
        x[k++] = (char)c;
    }
    x[k] = '\0';
    if (words <= 6 && !strncmp(x, "more from ", 10)) return 1;
    for (int i = 0; labels[i]; i++)
        if (!strcmp(x, labels[i])) return 1;
    return 0;
}

/* ---- Choosing ------------------------------------------------------------ */

/* Weighs each block against the JSON-LD body, when there is one long
 * enough to say something: pg->ld becomes 1, or 2 when the copy is whole
 * (not a teaser cut with an ellipsis) and may also say what is not the
 * article. Returns -1 when out of memory. */
static int weigh_ld(page *pg, const char *ld_body)
{
    if (!ld_body || strlen(ld_body) < 200) return 0;
    wordset ws;
    if (wordset_build(&ws, ld_body)) return -1;
    for (int i = 0; i < pg->nblk; i++)
        pg->blks[i].ld_share = share_in(&ws, pg->text.data + pg->blks[i].off, pg->blks[i].len);
    free(ws.slot);
    pg->ld = ld_cut(ld_body) ? 1 : 2;
    return 0;
}

/* Decides which clutter hints count and sets each element's neg. A hint
 * is doubted when the element holds most of the page's prose, alone or
 * with the other elements that share its class (the article cut into
 * <div class="content-nav-section"> parts, a guide made of <div
 * class="venue-excerpt"> entries); comments stay comments however long,
 * and so does a <footer> (a short article must not lose to the legal
 * notes below it: the markup itself says what they are, where a class
 * name is only a guess).
 * An element that names itself the article and holds much of the prose
 * clears the hints of the wrappers around it ("layout-with-sidebar").
 * Returns -1 when out of memory. */
static int weigh_hints(page *pg)
{
    double total = pg->pgood[pg->nblk];
    double *group = malloc(sizeof *group * (size_t)pg->nel);
    if (!group || group_by_class(pg)) {
        free(group);
        return -1;
    }
    for (int id = 0; id < pg->nel; id++) group[id] = 0;
    for (int id = 0; id < pg->nel; id++) group[pg->els[id].group] += prose_of(pg, id);
    for (int id = 0; id < pg->nel; id++) {
        el *e = &pg->els[id];
        double good = prose_of(pg, id);
        double share = group[e->group] > good ? group[e->group] : good;
        int doubted = share > 0 && share >= 0.6 * total && !(e->hint & H_COMMENT) &&
                      e->tag != T_FOOTER;
        if ((e->hint & H_NEG) && !doubted)
            e->neg = id;
        else if ((e->hint & H_STRONG) && good > 0 && good >= 0.3 * total)
            e->neg = -1;
        else
            e->neg = e->parent >= 0 ? pg->els[e->parent].neg : -1;
    }
    free(group);
    return 0;
}

/* Values every block and sums them per element. A clutter box (comments,
 * a sidebar) weighs against the elements around it, but no more than a
 * few blocks of clutter: whatever its size it is dropped from the text
 * anyway, and a long comment thread must not push the choice down to a
 * single paragraph of the article beside it. So does a list or a table
 * of links: an article made of them (a catalogue of courses, a round-up
 * of tools) must not lose to a small table of prose beside them, and a
 * menu is kept out of the text by the judgement of its blocks anyway. */
static void sum_values(page *pg)
{
    for (int id = 0; id < pg->nel; id++) pg->sum[id] = 0;
    for (int i = 0; i < pg->nblk; i++) {
        blk *b = &pg->blks[i];
        b->value = block_value(b, pg->els[b->owner].neg >= 0, pg->ld);
        pg->sum[b->owner] += b->value;
    }
    /* Children come after their parents: one backward pass adds each
     * element into its parent. */
    for (int id = pg->nel - 1; id > 0; id--) {
        const el *e = &pg->els[id];
        if (e->neg == id && pg->sum[id] < -CLUTTER_CAP) pg->sum[id] = -CLUTTER_CAP;
        if (e->neg < 0 && pg->sum[id] < -LIST_CAP &&
            (e->tag == T_UL || e->tag == T_OL || e->tag == T_DL || e->tag == T_TABLE))
            pg->sum[id] = -LIST_CAP;
        pg->sum[e->parent] += pg->sum[id];
    }
}

/* The container: the element whose blocks sum highest. An element that
 * names itself the article gets a share of its prose as a bonus, enough
 * to win over a wrapper that adds a little clutter, not enough to win
 * with little prose. Ties go to the deeper element. A page without any
 * prose (a note, a list, a table) has no article to single out: the
 * container is then the whole page. */
static int choose_container(const page *pg)
{
    if (pg->pgood[pg->nblk] == 0) return 0;
    int best = 0;
    double best_score = -1e300;
    for (int id = 0; id < pg->nel; id++) {
        const el *e = &pg->els[id];
        if (e->inl || e->b1 == e->b0) continue;
        double s = pg->sum[id];
        if (e->hint & H_STRONG) s += 0.3 * prose_of(pg, id);
        else if (e->hint & H_POS) s += 0.1 * prose_of(pg, id);
        if (s >= best_score) {
            best_score = s;
            best = id;
        }
    }
    return best;
}

/* The blocks the article may span: the container's, and those of its
 * siblings (above its wrappers) that share its class and add value, for
 * a page builder cuts an article into boxes ("sqs-block html-block")
 * with images between them. Marks them J_SHORT (undecided) and the
 * others between them J_BAD; sets [*lo, *hi). */
static void span(page *pg, int best, int *lo, int *hi)
{
    int top = best;
    while (pg->els[top].parent > 0) {
        const el *up = &pg->els[pg->els[top].parent];
        if (up->b0 != pg->els[top].b0 || up->b1 != pg->els[top].b1) break;
        top = pg->els[top].parent;
    }
    *lo = pg->els[best].b0;
    *hi = pg->els[best].b1;
    const char *cls = pg->els[top].cls;
    int parent = pg->els[top].parent;
    if (cls && *cls && parent > 0) {
        for (int k = pg->els[parent].last; k >= 0; k = pg->els[k].prev) {
            const el *e = &pg->els[k];
            if (k == top || e->b0 == e->b1 || !e->cls || strcmp(e->cls, cls)) continue;
            if (pg->sum[k] <= 0) continue;
            for (int i = e->b0; i < e->b1; i++) pg->blks[i].judge = J_SHORT;
            if (e->b0 < *lo) *lo = e->b0;
            if (e->b1 > *hi) *hi = e->b1;
        }
    }
    for (int i = pg->els[best].b0; i < pg->els[best].b1; i++) pg->blks[i].judge = J_SHORT;
}

/* Judges the blocks in [lo, hi) (J_SHORT there means: in the article's
 * span) and returns how many are prose. */
static int judge_blocks(page *pg, int best, int lo, int hi)
{
    int ngood = 0;
    for (int i = lo; i < hi; i++) {
        blk *b = &pg->blks[i];
        int neg = pg->els[b->owner].neg;
        const char *s = pg->text.data + b->off;
        /* Clutter hints of the container's ancestors were weighed when
         * it was chosen; those inside it hold. */
        int clutter = neg >= 0 && !(neg <= best && pg->els[neg].end > best);
        if (b->judge != J_SHORT) b->judge = J_BAD; /* between joined siblings */
        else if (clutter || b->kind == K_CAPTION || is_boilerplate(s, b->len)) b->judge = J_BAD;
        else if (link_list(b)) b->judge = J_LINKS;
        else if (is_prose(b)) b->judge = J_GOOD;
        else b->judge = J_SHORT;
        ngood += b->judge == J_GOOD;
    }
    return ngood;
}

/* Decides keep[] for blocks [lo, hi). Prose is kept, clutter is not.
 * Between the first and the last prose block, the article's body, short
 * blocks (a one-line paragraph, a list item, a table row, a heading) are
 * kept, and so is a lone link line with some text of its own; a line
 * that is nothing but a link is a button or a pointer to another page
 * ("Read our full review", "Buy on Amazon"), and a run of link lines is a
 * list of other pages. Before and after the body, short blocks live by their
 * neighbours (the nearest judged blocks, or the edge): a heading is kept
 * when prose follows, a short sentence when no clutter is next to it,
 * anything else when prose is on both sides. */
static void keep_blocks(page *pg, int lo, int hi, int ngood)
{
    unsigned char *keep = pg->keep;
    if (ngood == 0) {
        /* No prose at all: a short note or a list. Keep what is not clutter. */
        for (int i = lo; i < hi; i++)
            keep[i] = pg->blks[i].judge != J_BAD && pg->blks[i].judge != J_LINKS;
        return;
    }
    int first = hi, last = lo;
    for (int i = lo; i < hi; i++)
        if (pg->blks[i].judge == J_GOOD) {
            if (first == hi) first = i;
            last = i;
        }
    /* keep[i] holds the judgement of the nearest judged block after i
     * until i is decided. */
    int nextj = J_EDGE;
    for (int i = hi - 1; i >= lo; i--) {
        keep[i] = (unsigned char)nextj;
        int j = pg->blks[i].judge;
        if (j != J_SHORT) nextj = j == J_LINKS ? J_BAD : j;
    }
    int prevj = J_EDGE;
    for (int i = lo; i < hi; i++) {
        const blk *b = &pg->blks[i];
        int after = keep[i];
        int inside = i > first && i < last;
        if (b->judge == J_LINKS) {
            keep[i] = inside && !teaser_link(pg->text.data + b->off, b->len) &&
                      !(b->kind == K_TEXT && b->links == b->chars) &&
                      (i == lo || pg->blks[i - 1].judge != J_LINKS) &&
                      (i + 1 == hi || pg->blks[i + 1].judge != J_LINKS);
            prevj = J_BAD;
        } else if (b->judge != J_SHORT) {
            keep[i] = b->judge == J_GOOD;
            prevj = b->judge;
        } else if (inside) {
            keep[i] = 1;
        } else if (b->kind == K_HEADING) {
            keep[i] = after == J_GOOD;
        } else if (ends_sentence(pg->text.data + b->off, b->len)) {
            keep[i] = (prevj == J_GOOD || prevj == J_EDGE) && (after == J_GOOD || after == J_EDGE) &&
                      !(prevj == J_EDGE && after == J_EDGE);
        } else if (b->kind == K_ITEM || b->kind == K_ROW) {
            /* A list or a table right after the prose belongs to it. */
            keep[i] = (prevj == J_GOOD && (after == J_GOOD || after == J_EDGE || i > last)) ||
                      (i < first && after == J_GOOD);
        } else {
            keep[i] = prevj == J_GOOD && after == J_GOOD;
        }
    }
}

/* A list of other stories inside the container ends the article: from
 * a label that opens one ("Related posts") on, nothing is kept, when at
 * least as much of the article's prose came before the label as after it
 * (a "Read next" box between the first paragraphs is left to the
 * judgement of its blocks). */
static void cut_more_stories(page *pg, int lo, int hi)
{
    double before = 0, all = 0;
    for (int i = lo; i < hi; i++)
        if (pg->keep[i] && pg->blks[i].judge == J_GOOD) all += pg->blks[i].chars;
    for (int i = lo; i < hi; i++) {
        const blk *b = &pg->blks[i];
        if (!pg->keep[i]) continue;
        if (b->judge == J_GOOD) {
            before += b->chars;
            continue;
        }
        if (before > 0 && all - before <= before &&
            more_stories_label(pg->text.data + b->off, b->len)) {
            memset(pg->keep + i, 0, (size_t)(hi - i));
            return;
        }
    }
}

/* ---- Output --------------------------------------------------------------- */

static int emit(td_buf *out, const page *pg)
{
    for (int i = 0; i < pg->nblk; i++) {
        if (!pg->keep[i]) continue;
        const blk *b = &pg->blks[i];
        if (td_buf_append(out, pg->text.data + b->off, b->len) || td_buf_putc(out, '\n'))
            return -1;
    }
    return 0;
}

/* The JSON-LD body as the text. Some publishers put HTML in it: tags are
 * dropped, paragraph ends become line ends, the common entities are
 * decoded. */
static int emit_ld(td_buf *out, const char *s)
{
    static const struct {
        const char *name;
        const char *text;
    } ents[] = {{"&amp;", "&"},      {"&lt;", "<"},        {"&gt;", ">"},
                {"&quot;", "\""},    {"&apos;", "'"},      {"&#39;", "'"},
                {"&nbsp;", " "},     {"&hellip;", "\xE2\x80\xA6"}};
    for (const char *p = s; *p;) {
        int rc = 0;
        if (*p == '<') {
            const char *e = strchr(p, '>');
            if (!e) break;
            /* </p>, <br>, </div>, </li>, </h2>: a block ends. */
            if (p[1] == '/' || !strncasecmp(p + 1, "br", 2))
                if (out->len && out->data[out->len - 1] != '\n') rc = td_buf_putc(out, '\n');
            p = e + 1;
        } else if (*p == '&') {
            size_t k = 0;
            while (k < sizeof ents / sizeof ents[0] && strncmp(p, ents[k].name, strlen(ents[k].name))) k++;
            if (k < sizeof ents / sizeof ents[0]) {
                rc = td_buf_puts(out, ents[k].text);
                p += strlen(ents[k].name);
            } else {
                rc = td_buf_putc(out, *p++);
            }
        } else {
            rc = td_buf_putc(out, *p++);
        }
        if (rc) return -1;
    }
    return 0;
}

/* Everything visible, as the last resort (and when memory runs out). */
static int emit_all(td_buf *out, xmlNode *root);

int td_clean_extract(xmlDoc *doc, const td_page_meta *m, td_buf *out)
{
    /* From the document, not <body>: libxml2 leaves a page's content
     * inside <head> when an unknown element comes before it, or in a
     * second <html> after a stray </html>. The usual children of <head>
     * (title, meta, script, style) are skipped anyway. */
    xmlNode *root = (xmlNode *)doc;
    if (!root->children) return 0;
    page pg;
    memset(&pg, 0, sizeof pg);
    td_buf_init(&pg.text, out->max);
    int rc = 0;
    read_page(&pg, root);
    if (pg.err == -1) {
        rc = -1;
        goto done;
    }
    int nb = pg.nblk;
    if (!pg.err) {
        pg.sum = malloc(sizeof *pg.sum * (size_t)pg.nel);
        pg.pgood = malloc(sizeof *pg.pgood * (size_t)(nb + 1));
        pg.keep = calloc((size_t)nb + 1, 1);
    }
    if (pg.err || !pg.sum || !pg.pgood || !pg.keep || weigh_ld(&pg, m ? m->ld_body : NULL)) {
        rc = emit_all(out, root);
        goto done;
    }
    pg.pgood[0] = 0;
    for (int i = 0; i < nb; i++)
        pg.pgood[i + 1] = pg.pgood[i] + (is_prose(&pg.blks[i]) ? pg.blks[i].chars : 0);
    if (weigh_hints(&pg)) {
        rc = emit_all(out, root);
        goto done;
    }
    sum_values(&pg);

    int best = choose_container(&pg);
    int lo, hi;
    span(&pg, best, &lo, &hi);
    keep_blocks(&pg, lo, hi, judge_blocks(&pg, best, lo, hi));
    cut_more_stories(&pg, lo, hi);
    /* The headline is the document's title; as the body's first line it
     * would be said twice. */
    for (int i = lo; i < hi; i++) {
        if (!pg.keep[i]) continue;
        if (is_title(&pg, &pg.blks[i], m)) pg.keep[i] = 0;
        break;
    }
    /* What trails the article: a pitch for a newsletter, for support,
     * for the site's social accounts; the credits of a wire story. */
    for (int i = hi - 1, n = 0; i >= lo && n < 3; i--) {
        if (!pg.keep[i]) continue;
        n++;
        if (!is_pitch(pg.text.data + pg.blks[i].off, pg.blks[i].len)) break;
        pg.keep[i] = 0;
    }

    /* The JSON-LD body when the page shows little of it (drawn by
     * script), all visible text when nothing at all was kept. */
    size_t kept = 0;
    for (int i = 0; i < nb; i++)
        if (pg.keep[i]) kept += pg.blks[i].len;
    if (pg.ld && m && kept * 2 < strlen(m->ld_body)) rc = emit_ld(out, m->ld_body);
    else if (kept == 0) rc = emit_all(out, root);
    else rc = emit(out, &pg);
done:
    free(pg.sum);
    free(pg.pgood);
    free(pg.keep);
    free(pg.els);
    free(pg.blks);
    td_buf_free(&pg.text);
    return rc;
}

/* ---- All visible text ----------------------------------------------------- */

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

static int emit_all(td_buf *b, xmlNode *root)
{
    out o = {b, 0, 0, 0};
    xmlNode *n = root->children;
    while (n && !o.full) {
        int descend = 0;
        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            if (n->content) text(&o, (const char *)n->content);
        } else if (n->type == XML_ELEMENT_NODE) {
            int tag = tag_of((const char *)n->name);
            if (tag != T_SKIP) {
                if (!is_inline(tag) || tag == T_BR) newline(&o);
                if (tag == T_TD || tag == T_TH) o.space = 1;
                if (tag == T_PRE) o.pre++;
                descend = n->children != NULL;
                if (!descend && tag == T_PRE) o.pre--;
            }
        }
        if (descend) {
            n = n->children;
            continue;
        }
        while (n && n != root && !n->next) {
            n = n->parent;
            if (n->type == XML_ELEMENT_NODE) {
                int tag = tag_of((const char *)n->name);
                if (!is_inline(tag)) newline(&o);
                if (tag == T_PRE && o.pre) o.pre--;
            }
        }
        if (!n || n == root) break;
        n = n->next;
    }
    return o.full ? -1 : 0;
}
