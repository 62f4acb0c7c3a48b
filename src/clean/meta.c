/*
 * meta.c -- what a page says about itself: headline, author, date, URL,
 * site name, language, description, and schema.org JSON-LD.
 *
 * Reading (td_clean_meta_read) walks the tree once and collects every
 * candidate with the context it was found in: meta tags, JSON-LD, <h1>s,
 * elements marked as author or date, "By" lines and dates in the visible
 * text. Applying (td_clean_meta_apply) judges between them and fills only
 * the fields the reader left unset.
 *
 * The judging follows what a reader of the page sees: the headline is the
 * one the page shows (its <h1>, when that agrees with the metadata), the
 * date is the one the page shows near the headline or one its metadata
 * states and its text confirms, and a page that shows and states no date
 * gets none.
 */
#include <ctype.h>
#include <stdint.h>
#include <jansson.h>
#include <string.h>
#include <strings.h>

#include "clean/clean.h"
#include "clean/page.h"
#include "util/date.h"
#include "util/text.h"

/* Kinds of candidates (td_meta_cand.kind). */
enum {
    HK_H1 = 1,    /* an <h1> */
    HK_MARKED,    /* itemprop=headline or a class saying headline */
    AK_ITEMPROP,  /* itemprop=author */
    AK_REL,       /* rel=author link */
    AK_CLASS,     /* element whose class or id says author/byline */
    AK_BYTEXT,    /* "By Jane Roe" in the text */
    DK_TIME,      /* <time datetime> */
    DK_ITEMPROP,  /* itemprop=datePublished in the body */
    DK_TEXT       /* a date written in the visible text */
};

/* Context of an element, inherited by everything inside it. */
enum {
    CX_HEAD = 1 << 0,      /* <head> */
    CX_INVISIBLE = 1 << 1, /* script, style, svg, hidden: not shown as text */
    CX_COMMENTS = 1 << 2,  /* readers' comments */
    CX_AROUND = 1 << 3,    /* related stories, sidebars, widgets, teasers */
    CX_CHROME = 1 << 4,    /* navigation, footers, menus, breadcrumbs */
    CX_ARTICLE = 1 << 5,   /* <article>, <main> */
    CX_BYLINE = 1 << 6,    /* marked byline or article meta */
    CX_AUTHOR = 1 << 7,    /* marked author */
    CX_DATE = 1 << 8,      /* marked date, or <time> */
    CX_UPDATED = 1 << 9,   /* marked or labelled updated/modified */
    CX_PUBLISHED = 1 << 10,/* marked or labelled published/posted */
    CX_HEADING = 1 << 11,  /* h1-h6 */
    CX_PROSE = 1 << 12,    /* (dates) found inside a long run of text */
    CX_LABELLED = 1 << 13, /* (dates) after "Published", "Updated" in the text */
    CX_AMBIGUOUS = 1 << 14,/* (dates) "05/06/2024": day and month could swap */
    CX_CATEGORY = 1 << 15, /* a category, tag or topic link: no names */
    CX_OTHERDAY = 1 << 16, /* (dates) after "Today", "Valid until": no publication */
    CX_DAYFIRST = 1 << 17  /* (dates) an ambiguous one read day first ("05.06.2024") */
};

/* libxml2 stops at 256 levels; the walk's context stack has room for more. */
enum { STACK = 320, TEXT_CAP = 512, ELEMENT_TEXTS = 64, WALK_NODES = 4000 };

static const char *prop(xmlNode *n, const char *name)
{
    for (xmlAttr *a = n->properties; a; a = a->next)
        if (a->name && !strcasecmp((const char *)a->name, name) && a->children &&
            a->children->content)
            return (const char *)a->children->content;
    return NULL;
}

static int is(xmlNode *n, const char *name)
{
    return n->name && !strcmp((const char *)n->name, name);
}

/* Does s start like "YYYY-MM-DD", an ISO 8601 date (its digits
 * checked when it is read)? */
static int iso_day_first(const char *s)
{
    return strlen(s) >= 10 && isdigit((unsigned char)s[0]) && s[4] == '-' && s[7] == '-';
}

/* The attributes this file reads, found in one pass over an element's
 * attributes (prop() would walk them once per name). Each is the value of
 * the first attribute of that name with a value, as prop() gives it. */
typedef struct attrs {
    const char *cls, *id, *itemprop, *rel, *style, *hidden, *content, *datetime, *pubdate,
        *type, *href, *property, *name, *title;
} attrs;

static void read_attrs(xmlNode *n, attrs *at)
{
    memset(at, 0, sizeof *at);
    for (xmlAttr *a = n->properties; a; a = a->next) {
        const char *k = (const char *)a->name;
        if (!k || !a->children || !a->children->content) continue;
        const char *v = (const char *)a->children->content, **slot = NULL;
        switch (*k | 0x20) {
        case 'c':
            if (!strcasecmp(k, "class")) slot = &at->cls;
            else if (!strcasecmp(k, "content")) slot = &at->content;
            break;
        case 'd': if (!strcasecmp(k, "datetime")) slot = &at->datetime; break;
        case 'h':
            if (!strcasecmp(k, "hidden")) slot = &at->hidden;
            else if (!strcasecmp(k, "href")) slot = &at->href;
            break;
        case 'i':
            if (!strcasecmp(k, "id")) slot = &at->id;
            else if (!strcasecmp(k, "itemprop")) slot = &at->itemprop;
            break;
        case 'n': if (!strcasecmp(k, "name")) slot = &at->name; break;
        case 'p':
            if (!strcasecmp(k, "property")) slot = &at->property;
            else if (!strcasecmp(k, "pubdate")) slot = &at->pubdate;
            break;
        case 'r': if (!strcasecmp(k, "rel")) slot = &at->rel; break;
        case 's': if (!strcasecmp(k, "style")) slot = &at->style; break;
        case 't':
            if (!strcasecmp(k, "type")) slot = &at->type;
            else if (!strcasecmp(k, "title")) slot = &at->title;
            break;
        default: break;
        }
        if (slot && !*slot) *slot = v;
    }
}

/* What an element's name says, as bits (NM_*), remembered by name: a page
 * has few distinct ones (libxml2's HTML parser gives every element its own
 * copy of its name, so the address is no key). */
enum {
    NM_META = 1 << 0, NM_TITLE = 1 << 1, NM_LINK = 1 << 2, NM_SCRIPT = 1 << 3,
    NM_STYLE = 1 << 4, NM_H1 = 1 << 5, NM_MARKABLE = 1 << 6, /* div, span, p, header */
    NM_TIME = 1 << 7, NM_A = 1 << 8, NM_HEAD = 1 << 9, NM_NAV = 1 << 10, NM_FOOTER = 1 << 11,
    NM_ASIDE = 1 << 12, NM_ARTICLE = 1 << 13, NM_HEADING = 1 << 14, NM_INVISIBLE = 1 << 15,
    NM_PAGE = 1 << 16, /* body, html */
    NM_ABBR = 1 << 17
};

static unsigned name_bits_of(const char *name)
{
    static const char *const invisible[] = {"script", "style", "noscript", "template", "svg",
                                            "math", "iframe", "select", "textarea", "option",
                                            "object", "canvas", NULL};
    static const struct {
        const char *name;
        unsigned bits;
    } named[] = {{"meta", NM_META},     {"title", NM_TITLE},     {"link", NM_LINK},
                 {"script", NM_SCRIPT}, {"style", NM_STYLE},     {"h1", NM_H1},
                 {"div", NM_MARKABLE},  {"span", NM_MARKABLE},   {"p", NM_MARKABLE},
                 {"header", NM_MARKABLE}, {"time", NM_TIME},     {"a", NM_A},
                 {"head", NM_HEAD},     {"nav", NM_NAV},         {"footer", NM_FOOTER},
                 {"aside", NM_ASIDE},   {"article", NM_ARTICLE}, {"main", NM_ARTICLE},
                 {"body", NM_PAGE},     {"html", NM_PAGE},       {"abbr", NM_ABBR}};
    unsigned b = 0;
    for (int i = 0; invisible[i]; i++)
        if (!strcmp(name, invisible[i])) b |= NM_INVISIBLE;
    for (size_t i = 0; i < sizeof named / sizeof named[0]; i++)
        if (!strcmp(name, named[i].name)) b |= named[i].bits;
    if (name[0] == 'h' && name[1] >= '1' && name[1] <= '6' && !name[2]) b |= NM_HEADING;
    return b;
}

enum { NAME_CACHE = 256, CLASS_MEMO = 512 };

typedef struct name_cache {
    const xmlChar *name[NAME_CACHE];
    unsigned bits[NAME_CACHE];
} name_cache;

static unsigned name_bits(name_cache *nc, const xmlChar *name)
{
    if (!name) return 0;
    uint32_t h = 2166136261u;
    for (const xmlChar *p = name; *p; p++) h = (h ^ *p) * 16777619u;
    unsigned k = h % NAME_CACHE;
    if (!nc->name[k] || strcmp((const char *)nc->name[k], (const char *)name)) {
        nc->name[k] = name;
        nc->bits[k] = name_bits_of((const char *)name);
    }
    return nc->bits[k];
}
/* HTML character references left in text that was escaped twice, or
 * that came from JSON-LD (which HTML does not decode): "Maria &amp;
 * Katerina", "SQL &#x26; AI". Returns s itself when there are none. */
static const char *decode_refs(td_arena *ar, const char *s)
{
    if (!s || !strchr(s, '&')) return s;
    size_t n = strlen(s);
    char *o = td_arena_alloc(ar, n + 1);
    if (!o) return s;
    size_t k = 0;
    for (size_t i = 0; i < n;) {
        if (s[i] == '&') {
            static const struct {
                const char *name;
                unsigned long c;
            } named[] = {{"amp;", '&'}, {"quot;", '"'}, {"apos;", '\''}, {"lt;", '<'},
                         {"gt;", '>'}, {"nbsp;", 0xA0}, {"rsquo;", 0x2019}, {"lsquo;", 0x2018},
                         {"ldquo;", 0x201C}, {"rdquo;", 0x201D}, {"ndash;", 0x2013},
                         {"mdash;", 0x2014}, {"hellip;", 0x2026}, {"bull;", 0x2022},
                         {"middot;", 0xB7},  {"raquo;", 0xBB},  {"laquo;", 0xAB},
                         {"copy;", 0xA9},    {"reg;", 0xAE},    {"trade;", 0x2122}};
            int done = 0;
            for (size_t j = 0; j < sizeof named / sizeof named[0] && !done; j++) {
                size_t l = strlen(named[j].name);
                if (!strncmp(s + i + 1, named[j].name, l)) {
                    k += td_utf8_encode((uint32_t)named[j].c, o + k);
                    i += 1 + l;
                    done = 1;
                }
            }
            if (!done && s[i + 1] == '#') {
                int hex = s[i + 2] == 'x' || s[i + 2] == 'X';
                size_t j = i + 2 + (size_t)hex;
                unsigned long c = 0;
                size_t digits = 0;
                while (j < n && digits < 7 &&
                       (hex ? isxdigit((unsigned char)s[j]) : isdigit((unsigned char)s[j]))) {
                    c = c * (hex ? 16 : 10) +
                        (unsigned long)(isdigit((unsigned char)s[j])
                                            ? s[j] - '0'
                                            : tolower((unsigned char)s[j]) - 'a' + 10);
                    j++;
                    digits++;
                }
                /* Four bytes at most for five or more of the reference. */
                if (digits && j < n && s[j] == ';' && c > 0 && c <= 0x10FFFF &&
                    (c < 0xD800 || c > 0xDFFF)) {
                    k += td_utf8_encode((uint32_t)c, o + k);
                    i = j + 1;
                    done = 1;
                }
            }
            if (done) continue;
        }
        o[k++] = s[i++];
    }
    o[k] = '\0';
    return o;
}

/* Elements that run inside a line of text: no word break at their edges
 * ("C<span>ycle</span>" is one word). */
static int inline_element(xmlNode *n)
{
    static const char *const names[] = {"a", "span", "em", "strong", "b", "i", "u", "small",
                                        "sup", "sub", "mark", "abbr", "cite", "code", "q",
                                        "s", "time", "font", "label", "bdi", "bdo", "wbr",
                                        NULL};
    for (int i = 0; names[i]; i++)
        if (!strcmp((const char *)n->name, names[i])) return 1;
    return 0;
}

const char *td_clean_node_text(td_arena *ar, xmlNode *root, size_t cap)
{
    td_buf b;
    td_buf_init(&b, cap);
    /* Walk the subtree by its links: no stack, no recursion. Other
     * elements than inline ones break words at both ends; at an inline
     * element's edge a word breaks only where the case changes from lower
     * to upper ("Alternatives</span><span>Top"), as style sheets set such
     * spans on lines of their own. */
    xmlNode *n = root->children;
    int full = 0, edge = 0;
    while (n && n != root && !full) {
        if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) && n->content) {
            const char *t = (const char *)n->content;
            if (edge && b.len && islower((unsigned char)b.data[b.len - 1]) &&
                isupper((unsigned char)t[0]) && td_buf_putc(&b, ' '))
                full = 1;
            if (td_buf_puts(&b, t)) full = 1;
            edge = 0;
        } else if (n->type == XML_ELEMENT_NODE) {
            if (!inline_element(n) && td_buf_putc(&b, ' ')) full = 1;
            edge = 1;
        }
        if (n->type == XML_ELEMENT_NODE && n->children && !is(n, "script") &&
            !is(n, "style")) {
            n = n->children;
            continue;
        }
        while (n && n != root && !n->next) {
            n = n->parent;
            if (n && n != root && n->type == XML_ELEMENT_NODE) {
                if (!inline_element(n) && td_buf_putc(&b, ' ')) full = 1;
                edge = 1;
            }
        }
        if (n && n != root) n = n->next;
    }
    const char *r = b.len ? td_squash_space(ar, b.data, b.len) : NULL;
    td_buf_free(&b);
    return r && *r ? r : NULL;
}

/* Is the element a category, tag or topic link, which a byline often
 * holds next to the name ("Wellness & Prevention")? A class name must end
 * so ("byline__category", "post-tags"): WordPress marks whole articles
 * "category-news tag-storm", which says nothing of the part. */
static int category_of(const char *cls)
{
    if (!cls) return 0;
    static const char *const ends[] = {"category", "categories", "tag", "tags", "cat-links",
                                       "tags-links", "topics", NULL};
    const char *p = cls;
    while (*p) {
        while (*p == ' ') p++;
        size_t l = strcspn(p, " ");
        for (int i = 0; ends[i] && l; i++) {
            size_t e = strlen(ends[i]);
            if (l >= e && !strncasecmp(p + l - e, ends[i], e) &&
                (l == e || p[l - e - 1] == '-' || p[l - e - 1] == '_'))
                return 1;
        }
        p += l;
    }
    return 0;
}

static int category(xmlNode *n) { return category_of(prop(n, "class")); }

/* The text of a subtree as lines, one per text node, for reading bylines
 * ("By", "Jane Roe", "May 17, 2024" are often separate elements). At most
 * cap bytes and WALK_NODES nodes, so a huge element marked "author" costs
 * no more than a small one. */
static size_t node_lines(xmlNode *root, char *out, size_t cap)
{
    size_t o = 0;
    int nodes = 0;
    xmlNode *n = root->children;
    while (n && n != root && nodes++ < WALK_NODES && o + 2 < cap) {
        if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) && n->content) {
            const char *s = (const char *)n->content;
            size_t l = strlen(s);
            while (l && isspace((unsigned char)*s)) s++, l--;
            while (l && isspace((unsigned char)s[l - 1])) l--;
            if (l) {
                if (o) out[o++] = '\n';
                if (l > cap - o - 1) l = cap - o - 1;
                memcpy(out + o, s, l);
                o += l;
            }
        }
        if (n->type == XML_ELEMENT_NODE && n->children && !is(n, "script") &&
            !is(n, "style") && !is(n, "noscript") && !is(n, "svg") && !category(n)) {
            n = n->children;
            continue;
        }
        while (n && n != root && !n->next) n = n->parent;
        if (n && n != root) n = n->next;
    }
    out[o] = '\0';
    return o;
}

/* ---- context ---------------------------------------------------------- */

/* Does the lower-cased class/id string contain any of words? */
static int has_any(const char *s, const char *const *words)
{
    for (int i = 0; words[i]; i++)
        if (strstr(s, words[i])) return 1;
    return 0;
}

/* Is the key ("date") found at p inside one of the longer words of
 * list ("update")? */
static int inside_word(const char *s, const char *p, const char *key,
                       const char *const *list)
{
    for (int i = 0; list[i]; i++) {
        const char *k = strstr(list[i], key);
        if (!k) continue;
        size_t back = (size_t)(k - list[i]);
        if ((size_t)(p - s) >= back && !strncmp(p - back, list[i], strlen(list[i]))) return 1;
    }
    return 0;
}

/* What a class or id value says about its content, as found in the
 * lower-cased value (CW_*); class_bits() turns the findings of an
 * element's class and id together into context. Words that are common
 * inside other class names ("promo" in "node--promoted") must stand as a
 * part of a name. Page builders still name everything "...-widget-...";
 * the judging (pick_date, pick_author) discounts what the headline
 * shares. */
enum {
    CW_COMMENTS = 1 << 0, CW_AROUND = 1 << 1, CW_CHROME = 1 << 2, CW_BYLINE = 1 << 3,
    CW_AUTHOR = 1 << 4, CW_AUTHORIT = 1 << 5, CW_DATE = 1 << 6, CW_PUBLISHED = 1 << 7,
    CW_UPDATED = 1 << 8
};

/* The words class_words() looks for, sorted. part: the word must stand
 * as a part of a name ("related", "post-related", "related_posts", not
 * "unrelated"; a plural "s" counts); else it counts anywhere. CW_DATEWORD:
 * "date" or "time", unless inside a longer word ("update", "timeline").
 * The groups: comments, around (related stories, widgets), chrome
 * (navigation, footers), byline, author, updated, published. */
enum { CW_DATEWORD = 1 << 9 };
static const struct class_word {
    const char *w;
    unsigned char len, part;
    unsigned short bits;
} class_word_table[] = {
    {"also-like", 9, 0, CW_AROUND}, {"article-header", 14, 0, CW_BYLINE},
    {"article-info", 12, 0, CW_BYLINE}, {"article-meta", 12, 0, CW_BYLINE},
    {"article__meta", 13, 0, CW_BYLINE}, {"author", 6, 0, CW_AUTHOR},
    {"authorit", 8, 0, CW_AUTHORIT}, {"blog-header", 11, 0, CW_BYLINE},
    {"breadcrumb", 10, 1, CW_CHROME}, {"by-line", 7, 0, CW_BYLINE | CW_AUTHOR},
    {"byline", 6, 0, CW_BYLINE | CW_AUTHOR}, {"carousel", 8, 1, CW_AROUND},
    {"comment", 7, 0, CW_COMMENTS}, {"contributor", 11, 0, CW_AUTHOR},
    {"cookie", 6, 1, CW_CHROME}, {"created", 7, 0, CW_PUBLISHED}, {"date", 4, 0, CW_DATEWORD},
    {"dateline", 8, 0, CW_BYLINE}, {"disqus", 6, 0, CW_COMMENTS},
    {"entry-header", 12, 0, CW_BYLINE}, {"entry-info", 10, 0, CW_BYLINE},
    {"entry-meta", 10, 0, CW_BYLINE}, {"footer", 6, 1, CW_CHROME},
    {"further-reading", 15, 0, CW_AROUND}, {"hero", 4, 0, CW_BYLINE},
    {"latest-posts", 12, 0, CW_AROUND}, {"masthead", 8, 1, CW_CHROME},
    {"meta", 4, 1, CW_BYLINE}, {"meta-info", 9, 0, CW_BYLINE}, {"modified", 8, 0, CW_UPDATED},
    {"more-articles", 13, 0, CW_AROUND}, {"more-from", 9, 0, CW_AROUND},
    {"more-stories", 12, 0, CW_AROUND}, {"morestories", 11, 0, CW_AROUND},
    {"nav", 3, 1, CW_CHROME}, {"nav-links", 9, 0, CW_AROUND}, {"navbar", 6, 1, CW_CHROME},
    {"navigation", 10, 1, CW_CHROME}, {"next-post", 9, 0, CW_AROUND},
    {"outbrain", 8, 1, CW_AROUND}, {"pagination", 10, 0, CW_AROUND},
    {"popular", 7, 1, CW_AROUND}, {"post-header", 11, 0, CW_BYLINE},
    {"post-info", 9, 0, CW_BYLINE}, {"post-meta", 9, 0, CW_BYLINE},
    {"post-navigation", 15, 0, CW_AROUND}, {"post__meta", 10, 0, CW_BYLINE},
    {"posted", 6, 0, CW_PUBLISHED}, {"posted-on", 9, 0, CW_BYLINE},
    {"posted_on", 9, 0, CW_BYLINE}, {"postedon", 8, 0, CW_BYLINE},
    {"prev-post", 9, 0, CW_AROUND}, {"previous-post", 13, 0, CW_AROUND},
    {"promo", 5, 1, CW_AROUND}, {"pubdate", 7, 0, CW_PUBLISHED},
    {"publish", 7, 0, CW_BYLINE | CW_PUBLISHED}, {"read-next", 9, 0, CW_AROUND},
    {"readnext", 8, 0, CW_AROUND}, {"recent-posts", 12, 0, CW_AROUND},
    {"recent_posts", 12, 0, CW_AROUND}, {"recirc", 6, 1, CW_AROUND},
    {"recommend", 9, 0, CW_AROUND}, {"related", 7, 1, CW_AROUND},
    {"replies", 7, 0, CW_COMMENTS}, {"respond", 7, 0, CW_COMMENTS},
    {"revised", 7, 0, CW_UPDATED}, {"sidebar", 7, 1, CW_AROUND},
    {"site-header", 11, 1, CW_CHROME}, {"taboola", 7, 1, CW_AROUND},
    {"teaser", 6, 1, CW_AROUND}, {"testimonial", 11, 1, CW_AROUND},
    {"time", 4, 0, CW_DATEWORD}, {"timestamp", 9, 0, CW_BYLINE}, {"top-bar", 7, 1, CW_CHROME},
    {"topbar", 6, 1, CW_CHROME}, {"trending", 8, 1, CW_AROUND}, {"up-next", 7, 0, CW_AROUND},
    {"update", 6, 0, CW_UPDATED}, {"upnext", 6, 0, CW_AROUND}, {"widget", 6, 1, CW_AROUND},
    {"widget-area", 11, 0, CW_AROUND}, {"widget_", 7, 0, CW_AROUND},
    {"writer", 6, 0, CW_AUTHOR}, {"you-may", 7, 0, CW_AROUND}, {"you-might", 9, 0, CW_AROUND},
};

/* Where class_words() looks in the table: the range of each first letter
 * and the second letters that follow it. Built once a page rather than
 * for each of the page's some 200 distinct values. */
typedef struct class_index {
    unsigned char from[26], to[26];
    uint32_t pairs[26];
} class_index;

static void class_index_init(class_index *ix)
{
    memset(ix, 0, sizeof *ix);
    const unsigned char nw = sizeof class_word_table / sizeof class_word_table[0];
    for (unsigned char k = nw; k-- > 0;) {
        int l = class_word_table[k].w[0] - 'a';
        ix->from[l] = k;
        if (!ix->to[l]) ix->to[l] = k + 1;
        ix->pairs[l] |= 1u << (class_word_table[k].w[1] - 'a');
    }
}

/* One pass over the value: at each letter, the words that start with it,
 * found by the table's range for that letter. */
static unsigned class_words(const class_index *ix, const char *s)
{
    static const char *const not_date[] = {"update", "validat", "candidat", "datepicker",
                                           "runtime", "timeline", "read-time", "readtime",
                                           "reading-time", "readingtime", "read_time",
                                           "reading_time", "timer", "times", "timezone",
                                           "lifetime", "anytime", "overtime", NULL};
    const unsigned char *from = ix->from, *to = ix->to;
    const uint32_t *pairs = ix->pairs;
    unsigned w = 0;
    for (const char *p = s; *p; p++) {
        unsigned char c = (unsigned char)*p, c2 = (unsigned char)p[1];
        if (c < 'a' || c > 'z' || c2 < 'a' || c2 > 'z' || !(pairs[c - 'a'] >> (c2 - 'a') & 1))
            continue;
        for (unsigned k = from[c - 'a']; k < to[c - 'a']; k++) {
            const struct class_word *e = &class_word_table[k];
            if (p[1] != e->w[1] || ((w & e->bits) == e->bits && e->bits != CW_DATEWORD))
                continue;
            if (strncmp(p + 2, e->w + 2, e->len - 2)) continue;
            if (e->part) {
                char before = p == s ? ' ' : p[-1];
                const char *a = p + e->len;
                if (*a == 's') a++;
                if (!((before == ' ' || before == '-' || before == '_') &&
                      (*a == '\0' || *a == ' ' || *a == '-' || *a == '_')))
                    continue;
            }
            if (e->bits == CW_DATEWORD) {
                if (!inside_word(s, p, e->w, not_date)) w |= CW_DATE;
                continue;
            }
            w |= e->bits;
        }
    }
    return w;
}

/* An article's own footer holds its byline and tags: the caller drops
 * CX_CHROME inside an article. */
static unsigned class_bits(unsigned w)
{
    unsigned c = 0;
    if (w & CW_COMMENTS) c |= CX_COMMENTS;
    if (w & CW_AROUND) c |= CX_AROUND;
    if (w & CW_CHROME) c |= CX_CHROME;
    if (w & CW_BYLINE) c |= CX_BYLINE;
    if ((w & CW_AUTHOR) && !(w & CW_AUTHORIT)) c |= CX_AUTHOR;
    if (w & (CW_DATE | CW_PUBLISHED)) c |= CX_DATE;
    if (w & CW_UPDATED) c |= CX_UPDATED | CX_DATE;
    if (w & CW_PUBLISHED) c |= CX_PUBLISHED;
    return c;
}

/* Lower-cases s into out (cap bytes with the NUL) after out[0..o). */
static size_t lower_into(char *out, size_t o, size_t cap, const char *s)
{
    for (const char *p = s; p && *p && o < cap - 1; p++) out[o++] = (char)tolower((unsigned char)*p);
    out[o] = '\0';
    return o;
}

/* Class and id read as one string "class id", cut at 255 bytes. No
 * pattern holds a space, so this is the class's and the id's findings
 * together when the two fit (class_lookup's way). */
static unsigned class_context(const class_index *ix, const char *cls, const char *id)
{
    if (!cls && !id) return 0;
    char s[256];
    size_t o = lower_into(s, 0, sizeof s - 1, cls);
    s[o++] = ' ';
    lower_into(s, o, sizeof s, id);
    return class_bits(class_words(ix, s));
}

/* Class and id values repeat across a page ("menu-item" hundreds of
 * times): what each says is remembered by value, direct-mapped by a hash
 * of it. */
typedef struct class_memo {
    uint32_t hash;
    const char *value; /* NULL: an empty slot */
    unsigned words;    /* class_words() */
    int category;      /* category_of(), for a class */
} class_memo;

typedef struct class_table {
    class_index ix;
    class_memo slot[CLASS_MEMO];
} class_table;

static const class_memo *value_lookup(class_table *tab, const char *v, int is_class)
{
    uint32_t h = 2166136261u ^ (uint32_t)is_class;
    for (const char *p = v; *p; p++) h = (h ^ (unsigned char)*p) * 16777619u;
    class_memo *m = &tab->slot[h % CLASS_MEMO];
    if (m->value && m->hash == h && !strcmp(m->value, v)) return m;
    char s[256];
    lower_into(s, 0, sizeof s, v);
    m->hash = h;
    m->value = v;
    m->words = class_words(&tab->ix, s);
    m->category = is_class && category_of(v);
    return m;
}

/* What an element's class and id say (CX_*), and whether the class marks
 * a category link. */
static unsigned class_lookup(class_table *tab, const char *cls, const char *id, int *category)
{
    size_t lc = cls ? strlen(cls) : 0, li = id ? strlen(id) : 0;
    if (lc + li > 250) {
        /* The joined string is cut: read it as one. */
        *category = category_of(cls);
        return class_context(&tab->ix, cls, id);
    }
    unsigned w = 0;
    *category = 0;
    if (cls) {
        const class_memo *m = value_lookup(tab, cls, 1);
        w |= m->words;
        *category = m->category;
    }
    if (id) w |= value_lookup(tab, id, 0)->words;
    return class_bits(w);
}

/* Is the element the entry itself (hAtom's "hentry")? Its other classes
 * describe the post ("has-comments", "author-jane-roe", "tag-garden"),
 * not a part of the page. */
static int hentry(const char *cls)
{
    for (const char *p = cls ? strstr(cls, "hentry") : NULL; p; p = strstr(p + 1, "hentry"))
        if ((p == cls || p[-1] == ' ') && (p[6] == '\0' || p[6] == ' ')) return 1;
    return 0;
}

static unsigned element_context(class_table *memo, const attrs *at, unsigned nb,
                                unsigned parent)
{
    unsigned c = parent & ~(CX_PROSE);
    if (nb & NM_INVISIBLE) c |= CX_INVISIBLE;
    if (nb & NM_HEAD) c |= CX_HEAD;
    /* Asides and footers inside an article are the article's own. */
    if ((nb & NM_NAV) || ((nb & NM_FOOTER) && !(parent & CX_ARTICLE))) c |= CX_CHROME;
    if ((nb & NM_ASIDE) && !(parent & CX_ARTICLE)) c |= CX_AROUND;
    if (nb & NM_ARTICLE) c |= CX_ARTICLE;
    if (nb & NM_TIME) c |= CX_DATE;
    if (nb & NM_HEADING) c |= CX_HEADING;
    if (at->hidden) c |= CX_INVISIBLE;
    const char *style = at->style;
    if (style && (strstr(style, "display:none") || strstr(style, "display: none")))
        c |= CX_INVISIBLE;
    int cat = 0;
    if (at->cls || at->id) {
        unsigned cc = class_lookup(memo, at->cls, at->id, &cat);
        /* <body> and <html> classes describe the whole page ("has-sidebar",
         * "menu-open"), not a part of it. */
        if (!(nb & NM_PAGE) && !(cc && hentry(at->cls)))
            c |= cc & ~(parent & CX_ARTICLE ? (unsigned)CX_CHROME : 0u);
    }
    const char *ip = at->itemprop;
    if (ip) {
        if (strstr(ip, "author") || strstr(ip, "creator")) c |= CX_AUTHOR;
        if (strstr(ip, "datePublished") || strstr(ip, "dateCreated"))
            c |= CX_DATE | CX_PUBLISHED;
        if (strstr(ip, "dateModified")) c |= CX_DATE | CX_UPDATED;
    }
    const char *rel = at->rel;
    if (rel && strstr(rel, "author")) c |= CX_AUTHOR;
    if (cat || (rel && strstr(rel, "tag"))) c |= CX_CATEGORY;
    return c;
}

/* ---- collecting ------------------------------------------------------- */

typedef struct walker {
    td_arena *ar;
    td_page_meta *m;
    char prev[48];   /* the end of the previous text, for labels ("Updated:") */
    const char *loose_date; /* the earliest date in a meta tag of another name with
                               "publish" in it ("w-published-date"), as a day */
    int by_pending;  /* the previous text was a lone "By" */
    int og_twitter;  /* m->og_title came from twitter:title, og:title may replace it */
    int texts;       /* element texts read so far (bounded) */
    name_cache names;
    class_table memo;
} walker;

static void add_cand(td_meta_cand *arr, int *count, int max, const char *text,
                     const char *from, unsigned kind, unsigned ctx, size_t pos)
{
    if (!text || *count >= max) return;
    arr[*count] = (td_meta_cand){text, from, kind, ctx, pos};
    (*count)++;
}

static void add_author(walker *w, const char *name, const char *from, unsigned kind,
                       unsigned ctx)
{
    if (!name) return;
    td_page_meta *m = w->m;
    for (int i = 0; i < m->nauthors; i++)
        if (m->authors[i].kind == kind && !strcmp(m->authors[i].text, name)) return;
    add_cand(m->authors, &m->nauthors, TD_META_AUTHORS, name, from, kind, ctx, m->text_len);
}

static int lone_by(const char *s, size_t n);

/* Lines that join names in a byline: ",", "and", ", and", "&". */
static int connector(const char *s, size_t n)
{
    static const char *const c[] = {",", "and", ", and", "&", "and,", ";", NULL};
    for (int i = 0; c[i]; i++)
        if (n == strlen(c[i]) && !strncasecmp(s, c[i], n)) return 1;
    return 0;
}

enum { ELEMENT_LINES = 12 };

/* The byline in an element's text: the first line that reads as a name
 * (a lone "By" line before it is a label), with the names that follow it
 * joined the way the page joins them ("A, B, and C"). */
static const char *element_author(walker *w, xmlNode *n)
{
    if (w->texts++ >= ELEMENT_TEXTS) return NULL;
    char buf[TEXT_CAP];
    size_t len = node_lines(n, buf, sizeof buf);
    struct {
        size_t a, n;
    } ln[ELEMENT_LINES];
    int nl = 0;
    for (size_t i = 0; i < len && nl < ELEMENT_LINES;) {
        const char *e = memchr(buf + i, '\n', len - i);
        size_t j = e ? (size_t)(e - buf) : len;
        ln[nl].a = i;
        ln[nl].n = j - i;
        nl++;
        i = j + 1;
    }
    for (int k = 0; k < nl; k++) {
        if (lone_by(buf + ln[k].a, ln[k].n)) continue;
        const char *name = td_clean_byline_name(w->ar, buf + ln[k].a, ln[k].n, 0);
        if (!name) continue;
        char joined[TEXT_CAP];
        size_t o = (size_t)snprintf(joined, sizeof joined, "%s", name);
        while (k + 2 < nl && connector(buf + ln[k + 1].a, ln[k + 1].n) && o < sizeof joined) {
            const char *next = td_clean_byline_name(w->ar, buf + ln[k + 2].a, ln[k + 2].n, 0);
            if (!next || td_clean_newsroom_role(next)) break; /* "Jane Roe, Global Desk" */
            const char *c = buf + ln[k + 1].a;
            int comma = c[0] == ',' || c[0] == ';';
            o += (size_t)snprintf(joined + o, sizeof joined - o, "%s%.*s %s", comma ? "" : " ",
                                  (int)ln[k + 1].n, c, next);
            k += 2;
        }
        if (o >= sizeof joined) return name;
        return o > strlen(name) ? td_arena_strdup(w->ar, joined) : name;
    }
    return NULL;
}

static void read_meta_tag(walker *w, const attrs *at, unsigned ctx);
static void read_jsonld(td_arena *ar, const char *text, td_page_meta *m);

static void add_head(walker *w, xmlNode *n, unsigned kind, unsigned ctx)
{
    td_page_meta *m = w->m;
    if (m->nheads >= TD_META_HEADS && kind != HK_H1) return;
    const char *t = decode_refs(w->ar, td_clean_node_text(w->ar, n, 1024));
    if (!t || strlen(t) > 400) return;
    if (m->nheads >= TD_META_HEADS) {
        /* Card titles marked "entry-title" can fill the list before the
         * page's <h1>; an <h1> takes the place of the last of them. */
        int last = -1;
        for (int i = 0; i < m->nheads; i++)
            if (m->heads[i].kind == HK_MARKED) last = i;
        if (last < 0) return;
        memmove(&m->heads[last], &m->heads[last + 1],
                (size_t)(m->nheads - last - 1) * sizeof m->heads[0]);
        m->nheads--;
    }
    add_cand(m->heads, &m->nheads, TD_META_HEADS, t, kind == HK_H1 ? "<h1>" : "headline",
             kind, ctx, m->text_len);
}

static void visit_element(walker *w, xmlNode *n, const attrs *at, unsigned nb, unsigned ctx,
                          unsigned parent)
{
    td_page_meta *m = w->m;
    td_arena *ar = w->ar;
    if (nb & NM_META) {
        read_meta_tag(w, at, ctx);
        return;
    }
    if (nb & NM_TITLE) {
        if (!m->title_tag && !(parent & CX_INVISIBLE))
            m->title_tag = decode_refs(ar, td_clean_node_text(ar, n, 4096));
        return;
    }
    if (nb & NM_LINK) {
        const char *rel = at->rel, *href = at->href;
        if (rel && href && !strcasecmp(rel, "canonical") && !m->canonical)
            m->canonical = td_arena_strdup(ar, href);
        return;
    }
    if (nb & NM_SCRIPT) {
        const char *type = at->type;
        if (type && !strcasecmp(type, "application/ld+json") && n->children &&
            n->children->content)
            read_jsonld(ar, (const char *)n->children->content, m);
        return;
    }
    if (ctx & (CX_HEAD | CX_INVISIBLE)) return;
    if (nb & NM_H1) {
        if (!m->h1) m->h1 = td_clean_node_text(ar, n, 4096);
        add_head(w, n, HK_H1, ctx);
    } else {
        const char *ip = at->itemprop, *cls = at->cls;
        int marked = ip && !strcmp(ip, "headline");
        if (!marked && cls && (ctx & CX_HEADING || (nb & NM_MARKABLE))) {
            static const char *const words[] = {"headline", "entry-title", "post-title",
                                                "article-title", "article__title",
                                                "post__title", "page-title", "blog-title",
                                                "title-post", "story-title", NULL};
            char low[128];
            size_t k = 0;
            for (; cls[k] && k < sizeof low - 1; k++)
                low[k] = (char)tolower((unsigned char)cls[k]);
            low[k] = '\0';
            marked = has_any(low, words);
        }
        if (marked && !(ctx & (CX_COMMENTS | CX_AROUND))) add_head(w, n, HK_MARKED, ctx);
    }
    /* Dates the markup states. */
    if (nb & NM_TIME) {
        const char *dt = at->datetime;
        if (dt && *dt) {
            if (!m->time_date) m->time_date = td_arena_strdup(ar, dt);
            unsigned c = ctx;
            if (at->pubdate) c |= CX_PUBLISHED;
            add_cand(m->dates, &m->ndates, TD_META_DATES, td_arena_strdup(ar, dt), "<time>",
                     DK_TIME, c, m->text_len);
        }
    }
    /* An <abbr> spelling out in its title the date it shows, as hAtom's
     * "published" and "updated" do: the title is that date's datetime. */
    const char *abbr = (nb & NM_ABBR) && at->title && iso_day_first(at->title) ? at->title : NULL;
    if (abbr && (ctx & CX_DATE))
        add_cand(m->dates, &m->ndates, TD_META_DATES, td_arena_strdup(ar, abbr), "<abbr>",
                 DK_TIME, ctx, m->text_len);
    const char *ip = at->itemprop;
    if (ip && (!strcmp(ip, "datePublished") || !strcmp(ip, "dateCreated"))) {
        const char *v = at->datetime;
        if (!v) v = at->content;
        if (!v) v = abbr;
        if (v && *v) {
            if (!m->itemprop_date) {
                m->itemprop_date = td_arena_strdup(ar, v);
                m->itemprop_ctx = ctx;
            }
            add_cand(m->dates, &m->ndates, TD_META_DATES, td_arena_strdup(ar, v),
                     "itemprop", DK_ITEMPROP, ctx, m->text_len);
        }
    }
    /* Authors the markup names. */
    if (ctx & (CX_COMMENTS | CX_CATEGORY)) return;
    if ((ctx & CX_AUTHOR) && !(parent & CX_AUTHOR)) {
        const char *rel = at->rel;
        unsigned kind = AK_CLASS;
        const char *from = "author element";
        if (ip && (strstr(ip, "author") || strstr(ip, "creator"))) {
            kind = AK_ITEMPROP;
            from = "itemprop=author";
        } else if (rel && strstr(rel, "author")) {
            kind = AK_REL;
            from = "rel=author";
        }
        const char *content = at->content;
        const char *name = content ? td_clean_byline_name(ar, content, strlen(content), 0)
                                   : element_author(w, n);
        add_author(w, name, from, kind, ctx);
    } else if ((ctx & CX_AUTHOR) && (nb & NM_A)) {
        /* The link inside an author box names the author more exactly
         * than the box's whole text. */
        const char *rel = at->rel;
        const char *name = element_author(w, n);
        int isrel = rel && strstr(rel, "author");
        add_author(w, name, isrel ? "rel=author" : "author element", isrel ? AK_REL : AK_CLASS,
                   ctx);
    }
}

/* Is s[0..n) a lone label, "By" or "Written by:", that introduces the
 * author's name in the next text? */
static int lone_by(const char *s, size_t n)
{
    char k[32];
    size_t o = 0;
    int space = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (isspace(c)) {
            space = 1;
            continue;
        }
        if (o + 2 >= sizeof k) return 0;
        if (space && o) k[o++] = ' ';
        space = 0;
        k[o++] = (char)tolower(c);
    }
    while (o && k[o - 1] == ':') o--;
    k[o] = '\0';
    static const char *const by[] = {"by", "written by", "posted by", "author", "authors",
                                     "author(s)", "words by", "story by", "authored by",
                                     "article by", "article written by", "contributors",
                                     "contributor", "reporting by", "text by", NULL};
    for (int i = 0; by[i]; i++)
        if (!strcmp(k, by[i])) return 1;
    return 0;
}

/* Do the words before "written by" say the text is the article's ("This
 * post was", "Article")? Inside a byline or an author box anything does. */
static int about_the_article(const char *s, size_t n, unsigned ctx)
{
    if (ctx & (CX_AUTHOR | CX_BYLINE)) return 1;
    if (n > 40) return 0;
    static const char *const words[] = {"post", "article", "story", "piece", "guide",
                                        "blog", "page", "review", "column", NULL};
    char low[48];
    for (size_t i = 0; i < n; i++) low[i] = (char)tolower((unsigned char)s[i]);
    low[n] = '\0';
    return n == 0 || has_any(low, words);
}

/* Is the date "05/06/2024" (or with dots or dashes), which reads as May 6
 * or June 5? */
static int numeric_both_ways(const char *s, size_t n)
{
    int a = 0, b = 0;
    size_t i = 0;
    while (i < n && isdigit((unsigned char)s[i])) a = a * 10 + (s[i++] - '0');
    if (i == 0 || i > 2 || i >= n || !strchr("/.-", s[i])) return 0;
    size_t j = ++i;
    while (i < n && isdigit((unsigned char)s[i])) b = b * 10 + (s[i++] - '0');
    return i > j && a != b && a <= 12 && b <= 12;
}

/* "publi" as in "published", "publication", "publié", "publicado",
 * "publiziert" -- not "public", "publicly", "publicity" ("Publicly
 * available workspaces, Sunday, 10.03.2019" in a list of posts). */
static int published_word(const char *low)
{
    for (const char *p = strstr(low, "publi"); p; p = strstr(p + 1, "publi"))
        if (p[5] != 'c' || p[6] == 'a') return 1;
    return 0;
}

/* Labels just before a date: "Updated", "Published on". */
static unsigned date_label(const char *s, size_t n)
{
    char low[64];
    size_t k = n > sizeof low - 1 ? n - (sizeof low - 1) : 0, o = 0;
    for (; k < n; k++) low[o++] = (char)tolower((unsigned char)s[k]);
    low[o] = '\0';
    unsigned c = 0;
    if (strstr(low, "updat") || strstr(low, "modif") || strstr(low, "revis") ||
        strstr(low, "reviewed") || strstr(low, "edited"))
        c |= CX_UPDATED;
    if (published_word(low) || strstr(low, "posted") || strstr(low, "created") ||
        strstr(low, "written"))
        c |= CX_PUBLISHED;
    /* The day the page was served (opening hours, a "today" box), or
     * when an offer or a price runs out: said just before the date. */
    const char *near = low + (o > 16 ? o - 16 : 0);
    if (!c && (strstr(near, "today") || strstr(near, "valid") || strstr(near, "expir") ||
               strstr(near, "deadline")))
        return CX_OTHERDAY;
    return c ? c | CX_LABELLED : 0;
}

/* Whether s[0..n) gives a reading time ("6 min read", "5 minute read"):
 * the line of an article's own date and length. */
static int reading_time(const char *s, size_t n)
{
    static const char *const w[] = {"min read", "mins read", "min. read", "minute read",
                                    "minutes read", NULL};
    for (int i = 0; w[i]; i++)
        if (memmem(s, n, w[i], strlen(w[i]))) return 1;
    return 0;
}

static void visit_text(walker *w, xmlNode *n, unsigned ctx)
{
    td_page_meta *m = w->m;
    if (ctx & (CX_HEAD | CX_INVISIBLE) || !n->content) return;
    const char *s = (const char *)n->content;
    size_t l = strlen(s);
    while (l && isspace((unsigned char)*s)) s++, l--;
    while (l && isspace((unsigned char)s[l - 1])) l--;
    if (!l) return;
    size_t pos = m->text_len;
    m->text_len += l + 1;

    /* A label ("Author", "Written by:") may be a small heading of its own,
     * and so may the name after it; free "By ..." text in a heading is a
     * headline. */
    if (!(ctx & (CX_COMMENTS | CX_CATEGORY)) && l < 200) {
        if (lone_by(s, l)) {
            w->by_pending = 1;
        } else {
            const char *name = NULL;
            if (w->by_pending) {
                name = td_clean_byline_name(w->ar, s, l, 0);
            } else if (ctx & CX_HEADING) {
                name = NULL;
            } else if (l > 3 && (s[0] == 'B' || s[0] == 'b') && (s[1] == 'y' || s[1] == 'Y')) {
                name = td_clean_byline_name(w->ar, s, l, 1);
            } else {
                /* "This post was written by Jane Roe, ..." -- but not "the
                 * song was written by ...": the sentence must be about
                 * the article, or sit in a byline. */
                const char *wb = strcasestr(s, "written by ");
                if (wb && (size_t)(wb - s) < l && about_the_article(s, (size_t)(wb - s), ctx))
                    name = td_clean_byline_name(w->ar, wb, l - (size_t)(wb - s), 1);
            }
            if (name) add_author(w, name, "byline", AK_BYTEXT, ctx);
            w->by_pending = 0;
        }
    } else {
        w->by_pending = 0;
    }

    /* Dates written in the text: a few per text node. */
    size_t i = 0;
    /* Past the candidates kept, dates are still read for the order the
     * page writes them in (a long list of posts says it). */
    for (int found = 0; found < 3 && i < l &&
                        (m->ndates < TD_META_DATES || m->dmy_words + m->mdy_words < 16);
         found++) {
        char iso[11];
        size_t at, end;
        if (!memchr(s + i, '1', l - i) && !memchr(s + i, '2', l - i)) break;
        if (!td_clean_find_date(s + i, l - i, iso, &at, &end)) break;
        switch (td_clean_date_order(s + i + at, end - at)) {
        case 1: m->dmy_words++; break;
        case 2: m->mdy_words++; break;
        }
        if (m->ndates >= TD_META_DATES) { /* no room: the order is all it gives */
            i += end;
            continue;
        }
        unsigned c = ctx;
        /* The label is in this text before the date, or just before it. */
        if (i + at < 24) {
            char both[96];
            size_t pl = strlen(w->prev);
            memcpy(both, w->prev, pl);
            memcpy(both + pl, s, i + at);
            c |= date_label(both, pl + i + at);
        } else {
            c |= date_label(s + i + at - 24, 24);
        }
        if (l > 160) c |= CX_PROSE;
        /* A dateline opening the text ("RAJSHAHI, Dec 20, 2025 (BSS) -
         * ..."): the day the story was filed, however long the paragraph
         * it opens. */
        if (i == 0 && isupper((unsigned char)s[0]) && td_clean_dateline(s, l, at, end))
            c |= CX_DATE;
        if (numeric_both_ways(s + i + at, end - at)) {
            c |= CX_AMBIGUOUS;
            if (memchr(s + i + at, '.', end - at)) c |= CX_DAYFIRST;
        }
        add_cand(m->dates, &m->ndates, TD_META_DATES, td_arena_strdup(w->ar, iso),
                 "page text", DK_TEXT, c, pos + i + at);
        i += end;
    }
    /* A reading time just after a date ("23.07.2025 · 6 min read", in
     * one element or two) marks that date as the article's own. */
    if (m->ndates && l < 64) {
        td_meta_cand *c = &m->dates[m->ndates - 1];
        if (c->kind == DK_TEXT && c->pos + 24 > pos && reading_time(s, l)) c->ctx |= CX_BYLINE;
    }
    /* Keep the last few words across text nodes: "Last Updated", "on"
     * and the date are often three elements. */
    char both[sizeof w->prev * 2 + 2];
    size_t pl = strlen(w->prev);
    size_t take = l < sizeof w->prev ? l : sizeof w->prev;
    memcpy(both, w->prev, pl);
    both[pl] = ' ';
    memcpy(both + pl + 1, s + l - take, take);
    size_t bl = pl + 1 + take;
    size_t keep = bl < sizeof w->prev - 1 ? bl : sizeof w->prev - 1;
    memcpy(w->prev, both + bl - keep, keep);
    w->prev[keep] = '\0';
}

/* ---- meta tags and JSON-LD -------------------------------------------- */

static int key_in(const char *key, const char *const *list)
{
    for (int i = 0; list[i]; i++)
        if (!strcasecmp(key, list[i])) return 1;
    return 0;
}

static void read_meta_tag(walker *w, const attrs *at, unsigned ctx)
{
    td_arena *ar = w->ar;
    td_page_meta *m = w->m;
    const char *key = at->property;
    if (!key) key = at->name;
    if (!key) key = at->itemprop;
    const char *content = at->content;
    if (!key || !content || !*content) return;
    size_t cl = strlen(content);
    /* Some head managers put the JSON-LD script in a meta tag's content
     * ("script:ld+json"): read it as the script. */
    if (cl > 2 && (ctx & CX_HEAD) && strlen(key) >= 7 &&
        !strcasecmp(key + strlen(key) - 7, "ld+json")) {
        read_jsonld(ar, content, m);
        return;
    }
    static const char *const authors[] = {
        "author", "article:author", "byl", "dc.creator", "dc.creator.author", "sailthru.author",
        "parsely-author", "citation_author", "dcterms.creator", "og:article:author",
        "article.author", "cxenseparse:author", NULL};
    static const char *const dates[] = {
        "article:published_time", "og:article:published_time", "og:published_time",
        "datePublished", "pubdate", "publishdate", "publish-date", "publish_date",
        "dc.date.issued", "dc.date", "dcterms.date", "dcterms.issued", "dcterms.created",
        "date", "parsely-pub-date", "sailthru.date", "article.published",
        "citation_publication_date", "citation_date", "citation_online_date",
        "cxenseparse:recs:publishtime", "article_date_original", "originalpublicationdate",
        "dateCreated", "release_date", NULL};
    static const char *const modified[] = {"article:modified_time", "og:updated_time",
                                           "dateModified", "last-modified", "dcterms.modified",
                                           "article.updated", NULL};
    if (!strcasecmp(key, "og:title")) {
        /* twitter:title is the fallback: pages fill it with a teaser or
         * the description when it comes first. */
        if (!m->og_title || w->og_twitter)
            m->og_title = decode_refs(ar, td_squash_space(ar, content, cl));
        w->og_twitter = 0;
    } else if (!strcasecmp(key, "twitter:title")) {
        if (!m->og_title) {
            m->og_title = td_squash_space(ar, content, cl);
            w->og_twitter = 1;
        }
    } else if (!strcasecmp(key, "og:site_name") || !strcasecmp(key, "application-name")) {
        if (!m->site_name) m->site_name = td_squash_space(ar, content, cl);
    } else if (key_in(key, authors)) {
        /* article:author is often a profile URL, which names nobody. */
        if (strncmp(content, "http", 4) != 0 && !strchr(content, '@')) {
            const char *a = td_squash_space(ar, content, cl);
            if (!m->author) {
                m->author = a;
            } else if (!strcasecmp(key, "citation_author") && strlen(m->author) < 400) {
                /* One tag per author. */
                m->author = td_arena_printf(ar, "%s, %s", m->author, a);
            }
        }
    } else if (key_in(key, dates)) {
        if (!(ctx & CX_HEAD) && !strcasecmp(key, "datePublished")) {
            /* itemprop in the body: the article's own, when in it. */
            const char *v = td_arena_strdup(ar, content);
            if (!m->itemprop_date) {
                m->itemprop_date = v;
                m->itemprop_ctx = ctx;
            } else {
                /* A later one is listed, so that own_itemprop finds the
                 * article's when a teaser's came first; marked invisible,
                 * since a <meta> shows nothing and must not confirm the
                 * date it states itself. */
                add_cand(m->dates, &m->ndates, TD_META_DATES, v, "itemprop", DK_ITEMPROP,
                         ctx | CX_INVISIBLE, m->text_len);
            }
        } else if (!m->date) {
            m->date = td_arena_strdup(ar, content);
        }
    } else if (key_in(key, modified)) {
        if (!m->modified) m->modified = td_arena_strdup(ar, content);
    } else if (strcasestr(key, "publish") && !strcasestr(key, "publisher") && cl < 80) {
        /* Site-made names for the publication date. Of several, the
         * earliest: later ones restate it or time a republication. */
        const char *day = td_date_parse(ar, content, cl);
        char iso[11];
        size_t a, e;
        if (!day && td_clean_find_date(content, cl, iso, &a, &e)) day = td_arena_strdup(ar, iso);
        if (day && (!w->loose_date || strncmp(day, w->loose_date, 10) < 0))
            w->loose_date = td_arena_strndup(ar, day, 10);
    } else if (!strcasecmp(key, "og:description") || !strcasecmp(key, "description") ||
               !strcasecmp(key, "twitter:description")) {
        if (!m->description) m->description = td_squash_space(ar, content, cl);
    } else if (!strcasecmp(key, "og:url")) {
        if (!m->og_url) m->og_url = td_arena_strdup(ar, content);
    }
}

/* Which sort of schema.org object: 1 an article (or post, review, recipe
 * ...), 2 a web page, 3 a site or an organisation, 0 anything else. */
static int ld_sort(json_t *type)
{
    if (json_is_array(type)) {
        int best = 0;
        size_t i;
        json_t *t;
        json_array_foreach(type, i, t)
        {
            int s = ld_sort(t);
            if (s && (!best || s < best)) best = s;
        }
        return best;
    }
    if (!json_is_string(type)) return 0;
    const char *t = json_string_value(type);
    static const char *const article[] = {"Article", "Posting", "Report", "Review", "Recipe",
                                          "HowTo", "Story", "LiveBlog", "Episode", "Thesis",
                                          "Guide", NULL};
    for (int i = 0; article[i]; i++)
        if (strstr(t, article[i])) return 1;
    size_t l = strlen(t);
    if (l >= 4 && !strcmp(t + l - 4, "Page")) return 2;
    if (!strcmp(t, "WebSite") || strstr(t, "Organization") || !strcmp(t, "Corporation") ||
        !strcmp(t, "LocalBusiness") || !strcmp(t, "Brand"))
        return 3;
    return 0;
}

/* Names of a schema.org author value: a string, {name}, or a list. Person
 * references by @id are looked up in ids. */
typedef struct ld_person {
    const char *id, *name;
} ld_person;

static void author_names(json_t *a, td_buf *out, const ld_person *ids, int nids)
{
    json_t *one = a;
    size_t i = 0;
    if (json_is_array(a)) one = json_array_get(a, 0);
    while (one) {
        const char *name = NULL;
        if (json_is_string(one)) {
            name = json_string_value(one);
        } else if (json_is_object(one)) {
            json_t *nm = json_object_get(one, "name");
            if (json_is_array(nm)) nm = json_array_get(nm, 0);
            if (json_is_string(nm)) {
                name = json_string_value(nm);
            } else {
                json_t *id = json_object_get(one, "@id");
                for (int k = 0; json_is_string(id) && k < nids; k++)
                    if (!strcmp(ids[k].id, json_string_value(id))) name = ids[k].name;
            }
        }
        if (name && *name && strncmp(name, "http", 4) != 0 && out->len < 400) {
            if (out->len) td_buf_puts(out, ", ");
            td_buf_puts(out, name);
        }
        if (!json_is_array(a) || ++i >= json_array_size(a)) break;
        one = json_array_get(a, i);
    }
}

static const char *ld_string(td_arena *ar, json_t *v)
{
    if (json_is_array(v)) v = json_array_get(v, 0);
    if (!json_is_string(v) || !json_string_length(v)) return NULL;
    return decode_refs(ar, td_squash_space(ar, json_string_value(v), json_string_length(v)));
}

enum { LD_QUEUE = 128, LD_PEOPLE = 16 };

/* schema.org objects in JSON-LD: top level, a list, @graph, mainEntity. */
static void read_jsonld(td_arena *ar, const char *text, td_page_meta *m)
{
    /* Pages put raw line breaks and tabs inside strings, which JSON
     * forbids; they are white space to us, so blank them first. */
    size_t n = strlen(text);
    char *clean = td_arena_alloc(ar, n + 1);
    if (!clean) return;
    for (size_t i = 0; i < n; i++)
        clean[i] = (unsigned char)text[i] < 0x20 ? ' ' : text[i];
    clean[n] = '\0';
    char *start = clean;
    while (*start && *start != '{' && *start != '[') start++;
    json_error_t err;
    json_t *root = json_loads(start, JSON_DISABLE_EOF_CHECK, &err);
    if (!root) return;
    json_t *queue[LD_QUEUE];
    int qn = 0;
    queue[qn++] = root;
    ld_person people[LD_PEOPLE];
    int np = 0;
    /* First pass: people by @id, for authors given as references. */
    for (int qi = 0; qi < qn; qi++) {
        json_t *v = queue[qi];
        if (json_is_array(v)) {
            size_t i;
            json_t *e;
            json_array_foreach(v, i, e) if (qn < LD_QUEUE) queue[qn++] = e;
            continue;
        }
        if (!json_is_object(v)) continue;
        static const char *const nested[] = {"@graph", "mainEntity", "author", NULL};
        for (int k = 0; nested[k]; k++) {
            json_t *g = json_object_get(v, nested[k]);
            if (g && (json_is_object(g) || json_is_array(g)) && qn < LD_QUEUE) queue[qn++] = g;
        }
        json_t *type = json_object_get(v, "@type"), *id = json_object_get(v, "@id"),
               *name = json_object_get(v, "name");
        if (json_is_string(type) && !strcmp(json_string_value(type), "Person") &&
            json_is_string(id) && json_is_string(name) && np < LD_PEOPLE)
            people[np++] = (ld_person){json_string_value(id), json_string_value(name)};
    }
    for (int qi = 0; qi < qn; qi++) {
        json_t *v = queue[qi];
        if (!json_is_object(v)) continue;
        int sort = ld_sort(json_object_get(v, "@type"));
        if (sort == 3) {
            json_t *t = json_object_get(v, "@type");
            if (!m->ld_site && json_is_string(t) && !strcmp(json_string_value(t), "WebSite"))
                m->ld_site = ld_string(ar, json_object_get(v, "name"));
            continue;
        }
        if (!sort) continue;
        const char *pub = ld_string(ar, json_object_get(v, "datePublished"));
        if (!pub) pub = ld_string(ar, json_object_get(v, "dateCreated"));
        const char *mod = ld_string(ar, json_object_get(v, "dateModified"));
        td_buf b;
        td_buf_init(&b, 1024);
        json_t *a = json_object_get(v, "author");
        if (!a) a = json_object_get(v, "creator");
        if (a) author_names(a, &b, people, np);
        const char *author = b.len ? decode_refs(ar, td_squash_space(ar, b.data, b.len)) : NULL;
        td_buf_free(&b);
        if (sort == 1) {
            if (!m->ld_headline) m->ld_headline = ld_string(ar, json_object_get(v, "headline"));
            if (!m->ld_date) m->ld_date = pub;
            if (!m->ld_author) m->ld_author = author;
            json_t *pb = json_object_get(v, "publisher");
            if (!m->ld_site && json_is_object(pb))
                m->ld_site = ld_string(ar, json_object_get(pb, "name"));
            json_t *b2 = json_object_get(v, "articleBody");
            if (!m->ld_body && json_is_string(b2))
                m->ld_body = td_arena_strndup(ar, json_string_value(b2), json_string_length(b2));
        } else {
            if (!m->ld_page_date) m->ld_page_date = pub;
            if (!m->ld_author && author) m->ld_author = author;
        }
        if (!m->modified) m->modified = mod;
    }
    json_decref(root);
}

/* Walks the element root and everything in it, depth first by the tree's
 * own links, with the context of every open element on a fixed stack. */
static void walk(walker *w, xmlNode *root)
{
    unsigned stack[STACK];
    int sp = 0;
    unsigned cur = 0;
    xmlNode *n = root;
    while (n) {
        unsigned here = cur;
        unsigned nb = 0;
        if (n->type == XML_ELEMENT_NODE) {
            attrs at;
            read_attrs(n, &at);
            nb = name_bits(&w->names, n->name);
            here = element_context(&w->memo, &at, nb, cur);
            visit_element(w, n, &at, nb, here, cur);
        } else if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            visit_text(w, n, cur);
        }
        if (n->type == XML_ELEMENT_NODE && n->children && !(nb & (NM_SCRIPT | NM_STYLE))) {
            if (sp < STACK) stack[sp] = cur;
            sp++;
            cur = here;
            n = n->children;
            continue;
        }
        while (n != root && !n->next) {
            n = n->parent;
            sp--;
            if (sp < STACK) cur = stack[sp];
        }
        if (n == root) break;
        n = n->next;
    }
}

void td_clean_meta_read(td_arena *ar, xmlDoc *doc, td_page_meta *m)
{
    xmlNode *root = xmlDocGetRootElement(doc);
    if (!root) return;
    const char *lang = prop(root, "lang");
    if (lang) m->lang = td_arena_strdup(ar, lang);
    walker wk = {.ar = ar, .m = m}, *w = &wk; /* about 20 KB with its tables */
    class_index_init(&w->memo.ix);
    /* Every element at the top, not only the first: after a stray
     * </html>, libxml2 puts the rest of the page (a headline, a byline)
     * in a second <html>. */
    for (; root; root = root->next)
        if (root->type == XML_ELEMENT_NODE) walk(w, root);
    if (!m->date) m->date = w->loose_date;
}

/* ---- judging: the headline -------------------------------------------- */

/* A comparison key: ASCII letters and digits lower-cased, other UTF-8
 * letters kept, punctuation (curly quotes, dashes) and spaces dropped. */
static size_t fold_key(const char *s, char *out, size_t cap)
{
    size_t o = 0;
    for (size_t i = 0; s[i] && o + 4 < cap; i++) {
        unsigned char c = (unsigned char)s[i];
        if (isalnum(c)) {
            out[o++] = (char)tolower(c);
        } else if (c == 0xE2 && (unsigned char)s[i + 1] == 0x80 && s[i + 2]) {
            i += 2; /* U+2000-U+203F: dashes, quotes, bullets */
        } else if (c == 0xC2 && s[i + 1]) {
            i += 1; /* Latin-1 punctuation, no-break space */
        } else if (c >= 0x80) {
            out[o++] = (char)c;
        }
    }
    out[o] = '\0';
    return o;
}

static int same_text(const char *a, const char *b)
{
    char ka[1024], kb[1024];
    size_t la = fold_key(a, ka, sizeof ka), lb = fold_key(b, kb, sizeof kb);
    return la > 0 && la == lb && !memcmp(ka, kb, la);
}

/* The ASCII capitals and small letters of s, counted. */
static void count_case(const char *s, int *upper, int *lower)
{
    *upper = *lower = 0;
    for (; *s; s++) {
        *upper += isupper((unsigned char)*s) != 0;
        *lower += islower((unsigned char)*s) != 0;
    }
}

/* Is s written in one case throughout ("TIPS FOR ONLINE SUCCESS",
 * "history of coffee"), with a few letters at least? */
static int one_case(const char *s)
{
    int upper, lower;
    count_case(s, &upper, &lower);
    return (upper == 0) != (lower == 0) && upper + lower >= 3;
}

/* Words of a title, folded, for overlap. */
typedef struct words {
    char key[64][24];
    int n;
} words;

static void split_words(const char *s, words *w)
{
    w->n = 0;
    size_t i = 0;
    while (s[i] && w->n < 64) {
        while (s[i] && !isalnum((unsigned char)s[i]) && (unsigned char)s[i] < 0xC3) i++;
        size_t k = 0;
        while (s[i] && (isalnum((unsigned char)s[i]) || (unsigned char)s[i] >= 0xC3 ||
                        ((unsigned char)s[i] >= 0x80 && k))) {
            unsigned char c = (unsigned char)s[i];
            if (c == 0xE2 && (unsigned char)s[i + 1] == 0x80) break;
            if (k < 23) w->key[w->n][k++] = (char)tolower(c);
            i++;
        }
        if (k) {
            w->key[w->n][k] = '\0';
            int dup = 0;
            for (int j = 0; j < w->n && !dup; j++) dup = !strcmp(w->key[j], w->key[w->n]);
            if (!dup) w->n++;
        } else if (s[i]) {
            i++;
        }
    }
}

/* Share of words in common (Dice), 0..1. */
static double overlap(const char *a, const char *b)
{
    words wa, wb;
    split_words(a, &wa);
    split_words(b, &wb);
    if (!wa.n || !wb.n) return 0;
    int common = 0;
    for (int i = 0; i < wa.n; i++)
        for (int j = 0; j < wb.n; j++)
            if (!strcmp(wa.key[i], wb.key[j])) {
                common++;
                break;
            }
    return 2.0 * common / (wa.n + wb.n);
}

/* Title separators between a headline and a site name. */
static const char *const title_seps[] = {" | ", " \xE2\x80\x93 ", " \xE2\x80\x94 ", " - ",
                                         " :: ", " \xE2\x80\xA2 ", " \xC2\xB7 ", " \xC2\xBB ",
                                         " \xC2\xAB ", " ~ ", " // ", ": ", " |", "| ", NULL};

typedef struct seg {
    size_t a, b; /* the text s[a..b), without separators */
} seg;

/* Splits a title at its separators; returns the number of segments. */
static int split_title(const char *s, seg *segs, int max)
{
    int n = 0;
    size_t start = 0, len = strlen(s);
    size_t i = 0;
    while (i < len && n < max - 1) {
        size_t hit = 0;
        for (int k = 0; title_seps[k] && !hit; k++) {
            size_t l = strlen(title_seps[k]);
            if (!strncmp(s + i, title_seps[k], l)) hit = l;
        }
        if (hit && i > start) {
            segs[n++] = (seg){start, i};
            start = i + hit;
            i += hit;
        } else {
            i++;
        }
    }
    segs[n++] = (seg){start, len};
    return n;
}

/* What names the site: og:site_name, JSON-LD WebSite, the domain. */
typedef struct sites {
    char key[4][128];
    int n;
} sites;

static void add_site(sites *st, const char *s)
{
    if (!s || st->n >= 4) return;
    if (fold_key(s, st->key[st->n], sizeof st->key[0]) >= 2) st->n++;
}

/* Does a start or end with b? (Keys have no spaces left, so a name
 * found in the middle, "webdev" in "learnwebdevelopment", is no match.) */
static int affix(const char *a, size_t al, const char *b, size_t bl)
{
    return bl <= al && (!memcmp(a, b, bl) || !memcmp(a + al - bl, b, bl));
}

/* Does one segment of a title name the site? With strict, only its exact
 * name counts. */
static int site_part(const char *s, size_t a, size_t b, const sites *st, int strict)
{
    char tmp[512], key[512];
    size_t l = b - a < sizeof tmp - 1 ? b - a : sizeof tmp - 1;
    memcpy(tmp, s + a, l);
    tmp[l] = '\0';
    size_t kl = fold_key(tmp, key, sizeof key);
    if (kl < 2) return 0;
    int nwords = 1;
    for (size_t i = 0; i < l; i++)
        if (tmp[i] == ' ') nwords++;
    for (int i = 0; i < st->n; i++) {
        const char *k = st->key[i];
        size_t sl = strlen(k);
        if (kl == sl && !memcmp(key, k, kl)) return 1;
        if (strict) continue;
        /* "The Motley Fool" and fool.com; "Help Net Security" and
         * helpnetsecurity.com; "EcoFlow ZA" and ecoflow; "MIT Sloan" and
         * "MIT Sloan School of Management". */
        if (nwords <= 6 && sl >= 4 && affix(key, kl, k, sl)) return 1;
        if (kl >= 4 && kl * 5 >= sl * 3 && affix(k, sl, key, kl)) return 1;
    }
    return 0;
}

/* The headline part of a title: the site name cut off at either end, by
 * what names the site or by another title that is this one's prefix. */
static const char *strip_site(td_arena *ar, const char *t, const sites *st,
                              const char *const *others, int nothers, int strict)
{
    if (!t) return NULL;
    seg segs[16];
    int n = split_title(t, segs, 16);
    if (n < 2) return t;
    size_t a = segs[0].a, b = segs[n - 1].b;
    int first = 0, last = n - 1;
    /* Another title (og:title, an <h1>) equal to a run of segments marks
     * the rest as site; of several such runs, the shortest is the part
     * they all agree on. A run that names the site is no headline. */
    int bi = -1, bj = -1;
    for (int o = 0; o < nothers; o++) {
        if (!others[o]) continue;
        for (int i = 0; i < n; i++)
            for (int j = i; j < n; j++) {
                if ((i == 0 && j == n - 1) || (bi >= 0 && j - i >= bj - bi)) continue;
                char tmp[1024];
                size_t l = segs[j].b - segs[i].a;
                if (l >= sizeof tmp) continue;
                memcpy(tmp, t + segs[i].a, l);
                tmp[l] = '\0';
                if (same_text(tmp, others[o]) && !site_part(t, segs[i].a, segs[j].b, st, 0)) {
                    bi = i;
                    bj = j;
                }
            }
    }
    if (bi >= 0) return td_arena_strndup(ar, t + segs[bi].a, segs[bj].b - segs[bi].a);
    /* A segment naming the site, and all after it. */
    /* After a colon only the site's exact name counts: "Redfin's 2026
     * Predictions: ..." is a headline about the site. */
    for (int i = 1; i < n; i++)
        if (site_part(t, segs[i].a, segs[i].b, st, strict || t[segs[i].a - 2] == ':')) {
            last = i - 1;
            break;
        }
    if (last == n - 1 && n >= 2 &&
        site_part(t, segs[0].a, segs[0].b, st, strict || t[segs[0].b] == ':'))
        first = 1;
    if (first == 0 && last == n - 1) return t;
    a = segs[first].a;
    b = segs[last].b;
    return td_arena_strndup(ar, t + a, b - a);
}

/* A clean title: trimmed, without a lone trailing separator. */
static const char *tidy_title(td_arena *ar, const char *t)
{
    if (!t) return NULL;
    size_t l = strlen(t);
    while (l && (t[l - 1] == ' ' || t[l - 1] == '|' || t[l - 1] == '-')) l--;
    while (l && (*t == ' ' || *t == '|')) t++, l--;
    return l ? td_arena_strndup(ar, t, l) : NULL;
}

/* Host part of a URL, lower-cased, without "www.", as a site key. */
static void domain_keys(const char *url, sites *st)
{
    if (!url) return;
    const char *p = strstr(url, "://");
    if (!p) return;
    p += 3;
    size_t n = strcspn(p, "/?#:");
    if (n == 0 || n > 200) return;
    char host[256];
    for (size_t i = 0; i < n; i++) host[i] = (char)tolower((unsigned char)p[i]);
    host[n] = '\0';
    /* The label before the public suffix: "motley" of "www.fool.com" is
     * "fool"; a short label is too weak a clue. */
    const char *lab = host;
    if (!strncmp(lab, "www.", 4)) lab += 4;
    char first[128];
    size_t fl = strcspn(lab, ".");
    if (fl >= 4 && fl < sizeof first) {
        memcpy(first, lab, fl);
        first[fl] = '\0';
        add_site(st, first);
    }
    /* Also the registrable part for hosts like blog.example.com. */
    const char *dot = strrchr(host, '.');
    if (dot && dot > host) {
        const char *b = dot - 1;
        while (b > host && b[-1] != '.') b--;
        size_t bl = (size_t)(dot - b);
        if (bl >= 4 && bl < sizeof first && (b != lab || fl != bl)) {
            memcpy(first, b, bl);
            first[bl] = '\0';
            add_site(st, first);
        }
    }
}

/* Is the whole of t the site's name? Short texts may hold it with a word
 * more ("EcoFlow ZA"); longer ones must be it exactly. */
static int names_site_only(const char *t, const sites *st)
{
    size_t l = strlen(t);
    int nwords = 1;
    for (size_t i = 0; i < l; i++) nwords += t[i] == ' ';
    return site_part(t, 0, l, st, nwords > 3);
}

static void site_keys(const td_doc *d, const td_page_meta *m, sites *st)
{
    st->n = 0;
    add_site(st, m->site_name);
    add_site(st, m->ld_site);
    domain_keys(d->url, st);
    if (!d->url) domain_keys(m->canonical ? m->canonical : m->og_url, st);
}

/* The metadata titles (og:title, JSON-LD headline, <title>) without
 * their site parts. */
static void strip_titles(td_doc *d, const td_page_meta *m, const char *stripped[3])
{
    td_arena *ar = &d->arena;
    sites st;
    site_keys(d, m, &st);
    const char *raw[3] = {m->og_title, m->ld_headline, m->title_tag};
    for (int i = 0; i < 3; i++) {
        /* The other titles and the first <h1> serve as evidence. */
        const char *others[5] = {NULL, NULL, NULL, NULL, NULL};
        int no = 0;
        for (int k = 0; k < 3; k++)
            if (k != i && raw[k]) others[no++] = raw[k];
        for (int k = 0; k < m->nheads && no < 5; k++) others[no++] = m->heads[k].text;
        stripped[i] = tidy_title(ar, strip_site(ar, raw[i], &st, others, no, 0));
        /* A title that is nothing but the site's name is the site's
         * title, not the article's. */
        if (stripped[i] && names_site_only(stripped[i], &st)) stripped[i] = NULL;
    }
}

/* Does a headline hold more than the metadata title: a date, a byline
 * or a label ("Title:", "Blog:") that the page set in the same element?
 * Then the metadata title is the cleaner copy. */
static int polluted(const char *head, const char *meta)
{
    char kh[1024], km[1024];
    size_t lh = fold_key(head, kh, sizeof kh), lm = fold_key(meta, km, sizeof km);
    if (lm < 8 || lh <= lm) return 0;
    const char *at = strstr(kh, km);
    if (!at) return 0;
    /* The extra text, before or after, in the head's own words. */
    char iso[11];
    size_t a, e;
    if (td_clean_find_date(head, strlen(head), iso, &a, &e)) return 1;
    static const char *const marks[] = {"Posted", "Published", "Updated", " by ", "Title:",
                                        "Blog:", "News:", NULL};
    for (int i = 0; marks[i]; i++) {
        const char *at_mark = strstr(head, marks[i]);
        if (!at_mark || strstr(meta, marks[i])) continue;
        /* A byline names someone: "by Jane Roe", not "Reviewed by a
         * Student". */
        if (marks[i][0] == ' ' && !isupper((unsigned char)at_mark[4])) continue;
        return 1;
    }
    /* Trailing counts and sources: "(example.com) 87". */
    size_t hl = strlen(head);
    return hl && isdigit((unsigned char)head[hl - 1]) && at == kh &&
           !isdigit((unsigned char)km[lm - 1]);
}

/* Is head the metadata's headline with characters lost to a charset
 * conversion ("Planning? Beginner? Guide" for "Planning: Beginner's
 * Guide")? Word for word the same, but where a word of head has a '?' or
 * U+FFFD, meta's word there has other characters after the same start;
 * meta itself has neither mark. */
static int garbled(const char *head, const char *meta)
{
    if (strchr(meta, '?') || strstr(meta, "\xEF\xBF\xBD")) return 0;
    int lost = 0;
    const char *h = head, *g = meta;
    for (;;) {
        while (*h == ' ') h++;
        while (*g == ' ') g++;
        if (!*h || !*g) return !*h && !*g && lost;
        size_t hl = strcspn(h, " "), gl = strcspn(g, " ");
        /* where in this word a mark is, if it has one */
        size_t q = 0;
        while (q < hl && h[q] != '?' &&
               !((unsigned char)h[q] == 0xEF && (unsigned char)h[q + 1] == 0xBF &&
                 (unsigned char)h[q + 2] == 0xBD))
            q++;
        if (q < hl) {
            /* the start before the mark is meta's, and meta has more */
            if (gl <= q || memcmp(h, g, q) != 0) return 0;
            lost = 1;
        } else if (hl != gl || memcmp(h, g, hl) != 0) {
            return 0;
        }
        h += hl;
        g += gl;
    }
}

static int count_words(const char *s, size_t n)
{
    int w = 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && (i == 0 || s[i - 1] == ' ')) w++;
    return w;
}

/* The headline without a tail the page's template added. A headline
 * does not hold a vertical bar: what follows one is a section, a tagline
 * or the site ("... | Opinion", "... | Top 19 Companies"). A spaced ASCII
 * hyphen, where an edited headline sets a dash, comes from the same
 * templates; a few words after it are a label ("- Part 1", "-
 * Infographic"), more are the headline's own second half. A head of one
 * or two words is a section or a site name: before a bar it gives way
 * to the headline after it. */
static const char *cut_tail(td_arena *ar, const char *t)
{
    if (!t) return t;
    const char *cut = strstr(t, " | ");
    if (!cut) {
        const char *h = NULL;
        for (const char *p = strstr(t, " - "); p; p = strstr(p + 1, " - ")) h = p;
        if (h && count_words(h + 3, strlen(h + 3)) <= 3) cut = h;
    }
    if (!cut) return t;
    if (count_words(t, (size_t)(cut - t)) >= 3) return td_arena_strndup(ar, t, (size_t)(cut - t));
    /* "Opinion | The headline": a section before the bar. */
    if (cut[1] == '|' && !strstr(cut + 3, " | ") && count_words(cut + 3, strlen(cut + 3)) >= 3)
        return cut + 3;
    return t;
}

/* A title led by the site's host name and a space, with no separator
 * ("example.com Vibe Coding"): the host is the site's name. */
static const char *cut_host(const char *t, const char *url)
{
    const char *p = url ? strstr(url, "://") : NULL;
    if (!t || !p) return t;
    p += 3;
    if (!strncasecmp(p, "www.", 4)) p += 4;
    size_t n = strcspn(p, "/?#:");
    if (n < 4 || !memchr(p, '.', n) || strncasecmp(t, p, n) || t[n] != ' ' || !t[n + 1])
        return t;
    return t + n + 1;
}

static int pick_title_from(td_doc *d, const td_page_meta *m);

/* Picks the title; returns the index of the head that shows the headline
 * on the page (chosen or not), or -1, for finding the byline near it. */
static int pick_title(td_doc *d, const td_page_meta *m)
{
    int had = d->title != NULL;
    int head = pick_title_from(d, m);
    if (!had) d->title = cut_tail(&d->arena, cut_host(d->title, d->url));
    return head;
}

static int pick_title_from(td_doc *d, const td_page_meta *m)
{
    td_arena *ar = &d->arena;
    const char *raw[3] = {m->og_title, m->ld_headline, m->title_tag};
    const char *names[3] = {"og:title", "json-ld", "<title>"};
    const char *stripped[3];
    strip_titles(d, m, stripped);
    sites st;
    site_keys(d, m, &st);

    /* The headline the page shows: an <h1> (or an element marked
     * headline) that agrees with the metadata, even loosely: pages word
     * their headline differently from their og:title, and the one shown
     * is the headline. The site's name set as an <h1> (a logo) is not. */
    int best = -1;
    double best_score = 0;
    const char *best_text = NULL;
    for (int h = 0; h < m->nheads; h++) {
        const td_meta_cand *c = &m->heads[h];
        if (c->ctx & CX_COMMENTS) continue;
        if (names_site_only(c->text, &st)) continue;
        const char *text = tidy_title(ar, strip_site(ar, c->text, &st, NULL, 0, 1));
        if (!text) continue;
        double score = 0;
        for (int i = 0; i < 3; i++) {
            if (!stripped[i]) continue;
            double s = same_text(text, stripped[i]) || same_text(text, raw[i])
                           ? 2.0
                           : overlap(text, stripped[i]);
            if (s > score) score = s;
        }
        if (c->kind == HK_MARKED) score -= 0.05;
        /* A teaser of a related story shares words with any headline of
         * the site: after a fair match outside such lists, only the same
         * text makes it this page's. */
        if ((c->ctx & CX_AROUND) && best >= 0 && !(m->heads[best].ctx & CX_AROUND) &&
            best_score >= 0.35 && score < 2.0)
            continue;
        if (score > best_score + 0.001) {
            best_score = score;
            best = h;
            best_text = text;
        }
    }
    int have_meta = stripped[0] || stripped[1] || stripped[2];
    if (best >= 0 && (best_score >= 0.35 || !have_meta)) {
        if (!d->title) {
            d->title = best_text;
            d->from.title = m->heads[best].from;
            for (int i = 0; i < 3; i++)
                if (stripped[i] && (polluted(best_text, stripped[i]) ||
                                    garbled(best_text, stripped[i]))) {
                    d->title = stripped[i];
                    d->from.title = names[i];
                    break;
                }
            /* A headline set in one case throughout is the site's
             * typography; the metadata's same words keep their case. */
            if (d->title == best_text && one_case(best_text))
                for (int i = 0; i < 3; i++)
                    if (stripped[i] && !one_case(stripped[i]) &&
                        !strcasecmp(best_text, stripped[i])) {
                        d->title = stripped[i];
                        d->from.title = names[i];
                        break;
                    }
        }
        return best;
    }
    for (int i = 0; i < 3 && !d->title; i++)
        if (stripped[i]) {
            d->title = stripped[i];
            d->from.title = names[i];
        }
    /* Where the page shows its headline: the best match if it is a fair
     * one, else the first <h1> not in the page's furniture. */
    if (best >= 0 && best_score >= 0.25) return best;
    int fallback = d->title != NULL;
    for (int h = 0; h < m->nheads; h++)
        if (!(m->heads[h].ctx & (CX_COMMENTS | CX_AROUND | CX_CHROME)) &&
            !names_site_only(m->heads[h].text, &st)) {
            if (!d->title) {
                d->title = m->heads[h].text;
                d->from.title = m->heads[h].from;
            }
            return h;
        }
    /* Nothing but the site's name: better than no title. */
    for (int i = 0; i < 3 && !fallback && !d->title; i++)
        if (raw[i]) {
            d->title = raw[i];
            d->from.title = names[i];
        }
    return -1;
}

/* ---- judging: the author ---------------------------------------------- */

/* A user name rather than a person's: one token, lower case, digits or
 * dots ("jsmith", "andrew.keaveney"). */
static int username_like(const char *s)
{
    if (strchr(s, ' ')) return 0;
    for (const char *p = s; *p; p++)
        if (isupper((unsigned char)*p)) return 0;
    return 1;
}

/* Is the name the site's own (an organisation writing as itself)? */
static int names_site(const char *name, const sites *st)
{
    char key[256];
    size_t kl = fold_key(name, key, sizeof key);
    if (kl < 2) return 0;
    for (int i = 0; i < st->n; i++) {
        const char *k = st->key[i];
        if (!strcmp(key, k) || (strlen(k) >= 4 && strstr(key, k)) || (kl >= 4 && strstr(k, key)))
            return 1;
    }
    return 0;
}

/* Does the byline big hold the first name listed in small, and more? */
static int contains_name(const char *big, const char *small)
{
    char kb[512], ks[512];
    size_t first = strcspn(small, ",;");
    char one[256];
    if (first >= sizeof one) return 0;
    memcpy(one, small, first);
    one[first] = '\0';
    size_t lb = fold_key(big, kb, sizeof kb), ls = fold_key(one, ks, sizeof ks);
    return ls >= 4 && lb > ls && strstr(kb, ks) != NULL;
}

/* A metadata author value made readable: "By Jane Roe" -> "Jane Roe". */
static const char *clean_meta_author(td_arena *ar, const char *s)
{
    if (!s) return NULL;
    s = decode_refs(ar, s);
    while (*s == ' ' || *s == ',' || *s == '"') s++;
    if (!strncasecmp(s, "by ", 3)) s += 3;
    size_t l = strlen(s);
    while (l && strchr(" ,;|\"", s[l - 1])) l--;
    /* URLs, e-mail addresses and "content: X, design: Y" credits. */
    if (l < 2 || strncmp(s, "http", 4) == 0 || memchr(s, '@', l) || memchr(s, ':', l))
        return NULL;
    char *r = td_arena_strndup(ar, s, l);
    /* "Jane Roe, Staff Writer": the name. */
    char *comma = strrchr(r, ',');
    if (comma && comma > r && td_clean_newsroom_role(comma + 1)) {
        while (comma > r && comma[-1] == ' ') comma--;
        *comma = '\0';
    }
    static const char *const junk[] = {"admin", "administrator", "webmaster", "author",
                                       "name", "undefined", "null", "unknown", "user",
                                       "editor", "none", NULL};
    for (int i = 0; junk[i]; i++)
        if (!strcasecmp(r, junk[i])) return NULL;
    int digits = 0;
    for (size_t i = 0; i < l; i++) digits += isdigit((unsigned char)r[i]) != 0;
    if (digits * 2 > (int)l || strchr(r, '{') || strstr(r, ".head.")) return NULL;
    return r;
}

/* A name in capitals throughout ("JANE ROE"), as some metadata has it;
 * the page shows it cased. */
static int shouted(const char *s)
{
    int upper, lower;
    count_case(s, &upper, &lower);
    return lower == 0 && upper >= 2;
}

static void pick_author(td_doc *d, const td_page_meta *m, size_t head_pos, unsigned head_ctx)
{
    if (d->author) return;
    td_arena *ar = &d->arena;
    sites st;
    site_keys(d, m, &st);

    const char *ld = clean_meta_author(ar, m->ld_author);
    const char *meta = clean_meta_author(ar, m->author);
    /* A name shown on the page, nearest after the headline (or just
     * before it), outside comments and teasers. */
    int vis = -1;
    size_t vis_dist = (size_t)-1;
    for (int i = 0; i < m->nauthors; i++) {
        const td_meta_cand *c = &m->authors[i];
        if ((c->ctx & ~head_ctx) & (CX_COMMENTS | CX_AROUND | CX_CHROME)) continue;
        size_t dist = c->pos >= head_pos ? c->pos - head_pos : (head_pos - c->pos) * 4;
        if (c->kind == AK_CLASS && !(c->ctx & CX_BYLINE)) dist += 200;
        if (dist < vis_dist) {
            vis_dist = dist;
            vis = i;
        }
    }
    const char *shown = vis >= 0 ? m->authors[vis].text : NULL;
    const char *cands[2] = {ld, meta};
    const char *labels[2] = {"json-ld", "meta author"};
    for (int i = 0; i < 2; i++) {
        const char *a = cands[i];
        if (!a) continue;
        /* The page's own byline, when it holds the same name with more
         * ("Dr. Jane Roe", "Jane Roe, MD", "Jane Roe and John Doe"), is
         * the author as shown. */
        if (shown && (contains_name(shown, a) || (shouted(a) && same_text(shown, a)))) {
            d->author = shown;
            d->from.author = m->authors[vis].from;
            return;
        }
        /* A user name or the site's own name gives way to a person the
         * page shows; with nobody shown it stays (measured: such pages
         * mostly do credit the organisation). */
        if (shown && (username_like(a) || names_site(a, &st))) continue;
        d->author = a;
        d->from.author = labels[i];
        return;
    }
    /* No metadata author, or one that gave way: the byline shown. */
    if (shown) {
        d->author = shown;
        d->from.author = m->authors[vis].from;
    }
}

/* ---- judging: the date ------------------------------------------------ */

/* The calendar day a date string states, as written (before any time
 * zone conversion): "2024-05-17T23:30:00-05:00" is the 17th. */
/* td_date_parse, or failing that a date written out anywhere in s
 * ("Thu, 09/25/2025 - 11:38"), as a day. */
static const char *parse_any(td_arena *ar, const char *s)
{
    const char *p = td_date_parse(ar, s, strlen(s));
    char day[11];
    size_t at, end;
    if (!p && strlen(s) < 80 && td_clean_find_date(s, strlen(s), day, &at, &end))
        p = td_arena_strdup(ar, day);
    return p;
}

static int local_day(td_arena *ar, const char *s, char out[11])
{
    if (!s) return 0;
    while (*s == ' ') s++;
    if (iso_day_first(s)) {
        char tmp[11];
        memcpy(tmp, s, 10);
        tmp[10] = '\0';
        if (!td_date_parse(ar, tmp, 10)) return 0;
        memcpy(out, s, 10);
        out[10] = '\0';
        return 1;
    }
    const char *p = parse_any(ar, s);
    if (!p) return 0;
    memcpy(out, p, 10);
    out[10] = '\0';
    return 1;
}

/* The date a metadata string states: ISO 8601 with its time in UTC; but
 * when the conversion to UTC would move it to another day, the day the
 * publisher wrote, which is the one a reader of the page sees. */
static const char *meta_date(td_arena *ar, const char *s)
{
    if (!s) return NULL;
    const char *p = parse_any(ar, s);
    char day[11];
    if (!p || !local_day(ar, s, day)) return p;
    if (strncmp(p, day, 10) != 0) return td_arena_strdup(ar, day);
    return p;
}

static int atoi_n(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) v = v * 10 + (s[i] - '0');
    return v;
}

/* A date from the URL path: /2024/05/17/, /2024-05-17/, /20240517/. */
static int url_date(const char *url, char out[11])
{
    if (!url) return 0;
    const char *p = strstr(url, "://");
    p = p ? strchr(p + 3, '/') : NULL;
    if (!p) return 0;
    size_t n = strcspn(p, "?#");
    for (size_t i = 0; i + 8 <= n; i++) {
        if (p[i] != '/' && p[i] != '-' && p[i] != '_') continue;
        const char *q = p + i + 1;
        int y, mo, d;
        size_t k = 0;
        if (!isdigit((unsigned char)q[0]) || (q[0] != '1' && q[0] != '2')) continue;
        while (k < 4 && isdigit((unsigned char)q[k])) k++;
        if (k != 4) continue;
        y = atoi_n(q, 4);
        if (y < 1990 || y > 2100) continue;
        if ((q[4] == '/' || q[4] == '-' || q[4] == '_') && isdigit((unsigned char)q[5]) &&
            isdigit((unsigned char)q[6]) && q[7] == q[4] && isdigit((unsigned char)q[8]) &&
            isdigit((unsigned char)q[9]) && !isdigit((unsigned char)q[10])) {
            mo = atoi_n(q + 5, 2);
            d = atoi_n(q + 8, 2);
        } else if (isdigit((unsigned char)q[4]) && isdigit((unsigned char)q[5]) &&
                   isdigit((unsigned char)q[6]) && isdigit((unsigned char)q[7]) &&
                   !isdigit((unsigned char)q[8]) && (q[8] == '/' || q[8] == '-' || q[8] == '_' ||
                                                      q[8] == '.' || q[8] == '\0')) {
            mo = atoi_n(q + 4, 2);
            d = atoi_n(q + 6, 2);
        } else {
            continue;
        }
        /* Checked the way text dates are: a real day, a plausible year. */
        char tmp[16];
        size_t at, end;
        memcpy(tmp, q, 4);
        tmp[4] = '-';
        tmp[5] = (char)('0' + mo / 10);
        tmp[6] = (char)('0' + mo % 10);
        tmp[7] = '-';
        tmp[8] = (char)('0' + d / 10);
        tmp[9] = (char)('0' + d % 10);
        if (td_clean_find_date(tmp, 10, out, &at, &end) && at == 0) return 1;
    }
    return 0;
}

/* The calendar day of a date candidate. */
static int cand_day(td_arena *ar, const td_meta_cand *c, char out[11])
{
    if (c->kind == DK_TEXT) {
        memcpy(out, c->text, 11);
        return 1;
    }
    return local_day(ar, c->text, out);
}

/* The hour of a metadata timestamp written in UTC ("...T23:10:00Z",
 * "+00:00"), or -1 for any other form. */
static int utc_hour(const char *s)
{
    if (!s) return -1;
    while (*s == ' ') s++;
    size_t n = strlen(s);
    if (n < 17 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != ' ') ||
        !isdigit((unsigned char)s[11]) || !isdigit((unsigned char)s[12]) || s[13] != ':')
        return -1;
    size_t i = 14;
    while (i < n && (isdigit((unsigned char)s[i]) || s[i] == ':' || s[i] == '.')) i++;
    const char *z = s + i;
    if (strcmp(z, "Z") && strcmp(z, "+00:00") && strcmp(z, "+0000")) return -1;
    return (s[11] - '0') * 10 + (s[12] - '0');
}

/* Does the day a page shows stand for a UTC timestamp of the day
 * before or after, seen in the page's own time zone? A post made at
 * 00:30 UTC shows the evening before in the Americas, one at 23:00 UTC
 * the next morning east of Europe. Zones run from UTC-12 to UTC+14. */
static int zone_shifted(const char *meta, const char *meta_day, const char *shown)
{
    int h = utc_hour(meta);
    long a, b;
    if (h < 0 || !td_date_day(meta_day, &a) || !td_date_day(shown, &b)) return 0;
    return (b == a - 1 && h < 12) || (b == a + 1 && h >= 10);
}

/* Swaps day and month of "YYYY-MM-DD" in place. */
static void swap_day_month(char d[11])
{
    char t[2] = {d[5], d[6]};
    d[5] = d[8];
    d[6] = d[9];
    d[8] = t[0];
    d[9] = t[1];
}

/* The context of each date candidate as judged: a <time> element takes
 * the label its own text gives it ("Updated on June 18, 2025" inside the
 * element says the element's date is an update), and a datetime that
 * is no ISO date ("02-12-2025") is as ambiguous as that text. */
static void date_contexts(td_arena *ar, const td_page_meta *m, unsigned *cx)
{
    for (int k = 0; k < m->ndates; k++) {
        const td_meta_cand *c = &m->dates[k];
        cx[k] = c->ctx;
        char day[11], td[11];
        if (c->kind == DK_TEXT || !cand_day(ar, c, day)) continue;
        for (int j = k + 1; j < m->ndates; j++) {
            const td_meta_cand *t = &m->dates[j];
            if (t->pos > c->pos + 40) break;
            if (t->kind != DK_TEXT || !cand_day(ar, t, td) || strcmp(td, day)) continue;
            cx[k] |= t->ctx & (CX_UPDATED | CX_PUBLISHED | CX_LABELLED);
            if (!isdigit((unsigned char)c->text[0]) || c->text[4] != '-')
                cx[k] |= t->ctx & CX_AMBIGUOUS;
            break;
        }
    }
}

/* "02/12/2025" read as 12 February, when the page writes 2 December
 * unambiguously elsewhere (a list of posts, its URL) and never
 * 12 February: the page's own convention for day and month. Failing
 * that, the order it writes its worded dates in ("2 December 2025" or
 * "December 2, 2025") when one order clearly prevails. dayfirst: the date
 * was read day first (1) or month first (0); -1 for a datetime, which the
 * words do not decide. */
static int page_convention(td_arena *ar, const td_page_meta *m, const unsigned *cx,
                           const char *url, int dayfirst, char day[11])
{
    char sw[11], cd[11];
    memcpy(sw, day, 11);
    swap_day_month(sw);
    if (!td_date_parse(ar, sw, 10)) return 0;
    int as_read = 0, swapped = 0;
    for (int k = 0; k < m->ndates; k++) {
        if ((cx[k] & (CX_AMBIGUOUS | CX_INVISIBLE)) || !cand_day(ar, &m->dates[k], cd)) continue;
        as_read |= !strcmp(cd, day);
        swapped |= !strcmp(cd, sw);
    }
    if (url_date(url, cd)) {
        as_read |= !strcmp(cd, day);
        swapped |= !strcmp(cd, sw);
    }
    if (!swapped && !as_read && dayfirst >= 0) {
        int mine = dayfirst ? m->dmy_words : m->mdy_words;
        int other = dayfirst ? m->mdy_words : m->dmy_words;
        swapped = other >= 2 && other > 2 * mine;
    }
    if (!swapped || as_read) return 0;
    memcpy(day, sw, 11);
    return 1;
}

static void set_date(td_doc *d, const char *iso, td_date_from df, const char *from)
{
    d->published = iso;
    d->published_from = df;
    d->from.published = from;
}

/* The body's itemprop date that stands for the article: not a teaser's
 * or a comment's (each has its own), unless the headline is inside the
 * same (a page builder's "widget" holding the whole post). */
static const char *own_itemprop(const td_page_meta *m, unsigned head_ctx)
{
    const unsigned foreign = CX_AROUND | CX_COMMENTS;
    if (!m->itemprop_date || !((m->itemprop_ctx & ~head_ctx) & foreign)) return m->itemprop_date;
    for (int k = 0; k < m->ndates; k++) {
        const td_meta_cand *c = &m->dates[k];
        if (c->kind == DK_ITEMPROP && !((c->ctx & ~head_ctx) & foreign)) return c->text;
    }
    return NULL;
}

static void pick_date(td_doc *d, const td_page_meta *m, size_t head_pos, int have_head,
                      unsigned head_ctx)
{
    if (d->published) return;
    td_arena *ar = &d->arena;
    const char *meta_c[4] = {m->ld_date, m->date, own_itemprop(m, head_ctx), m->ld_page_date};
    const char *meta_n[4] = {"json-ld", "meta", "itemprop", "json-ld"};

    unsigned cx[TD_META_DATES];
    date_contexts(ar, m, cx);

    /* A date the metadata states and the page shows -- also when the
     * page shows a UTC timestamp's day in its own time zone; then the
     * day the metadata writes is the one taken. */
    for (int i = 0; i < 4; i++) {
        char day[11], cd[11];
        if (!local_day(ar, meta_c[i], day)) continue;
        for (int k = 0; k < m->ndates; k++) {
            const td_meta_cand *c = &m->dates[k];
            if (cx[k] & (CX_COMMENTS | CX_INVISIBLE)) continue;
            if (!cand_day(ar, c, cd)) continue;
            if (cx[k] & CX_AMBIGUOUS) {
                /* "10/09/2024" confirms a stated 10 September as well as
                 * 9 October. */
                char sw[11];
                memcpy(sw, cd, 11);
                memcpy(sw + 5, cd + 8, 2);
                memcpy(sw + 8, cd + 5, 2);
                if (!strcmp(sw, day)) memcpy(cd, sw, 11);
            }
            if (!strcmp(cd, day)) {
                set_date(d, meta_date(ar, meta_c[i]), TD_DATE_METADATA, meta_n[i]);
                return;
            }
            if (zone_shifted(meta_c[i], day, cd)) {
                /* Which day is the article's is then a matter of zone:
                 * the metadata's UTC day unless the URL's path, which a
                 * blog writes in its own time, has the day shown too. */
                char ud[11];
                int shown = url_date(d->url, ud) && !strcmp(ud, cd);
                set_date(d, shown ? td_arena_strdup(ar, cd) : meta_date(ar, meta_c[i]),
                         TD_DATE_METADATA, meta_n[i]);
                return;
            }
        }
    }

    /* The date the page shows by its headline: in a byline or an element
     * marked as a date, or on a short line near the headline. */
    int best = -1;
    size_t best_dist = (size_t)-1;
    for (int k = 0; k < m->ndates; k++) {
        const td_meta_cand *c = &m->dates[k];
        unsigned ctx = cx[k];
        /* What the headline is inside of too (a page builder's "widget",
         * a layout's "sidebar" column) is the article's frame, not
         * furniture around it. */
        unsigned own = ctx & ~head_ctx;
        if ((own & (CX_COMMENTS | CX_AROUND | CX_CHROME)) ||
            (ctx & (CX_INVISIBLE | CX_HEAD | CX_OTHERDAY)))
            continue;
        int marked = c->kind != DK_TEXT || (ctx & (CX_DATE | CX_BYLINE | CX_PUBLISHED));
        if (!marked && (ctx & CX_PROSE)) continue;
        size_t dist;
        if (have_head)
            dist = c->pos >= head_pos ? c->pos - head_pos : (head_pos - c->pos) * 2;
        else
            dist = c->pos; /* the top of the page stands for the headline */
        if (dist > (marked ? 1500u : 400u)) continue;
        /* A headline inside an <article> or <main> has its date there
         * too; one outside is another story's, unless there is no other. */
        if (have_head && (head_ctx & CX_ARTICLE) && !(ctx & CX_ARTICLE)) dist += 1500;
        if (ctx & CX_UPDATED) dist += 300;
        if (dist < best_dist) {
            best_dist = dist;
            best = k;
        }
    }
    if (best >= 0) {
        const td_meta_cand *c = &m->dates[best];
        char day[11];
        /* A date the page labels as its last update gives way to the
         * publication date the metadata states. (An unlabelled date is
         * the one readers take for the article's, even when the metadata
         * calls it the modification date.) */
        int updated = (cx[best] & CX_UPDATED) != 0;
        for (int i = 0; i < 3 && updated; i++) {
            const char *p = meta_date(ar, meta_c[i]);
            if (p) {
                set_date(d, p, TD_DATE_METADATA, meta_n[i]);
                return;
            }
        }
        if (cand_day(ar, c, day) && (cx[best] & CX_AMBIGUOUS) &&
            page_convention(ar, m, cx, d->url,
                            c->kind == DK_TEXT ? (cx[best] & CX_DAYFIRST) != 0 : -1, day)) {
            set_date(d, td_arena_strdup(ar, day), TD_DATE_TEXT, "byline");
            return;
        }
        if (c->kind == DK_TEXT) {
            set_date(d, c->text, TD_DATE_TEXT, "byline");
            return;
        }
        if (cand_day(ar, c, day)) {
            set_date(d, meta_date(ar, c->text), TD_DATE_METADATA, c->from);
            return;
        }
    }

    /* What the metadata states, shown or not -- but not a web page's
     * JSON-LD date without an article's: that is mostly the day the page
     * was made in the CMS, which nobody shows, so it counts only when the
     * page shows it too (above). */
    for (int i = 0; i < 3; i++) {
        const char *p = meta_date(ar, meta_c[i]);
        if (p) {
            set_date(d, p, TD_DATE_METADATA, meta_n[i]);
            return;
        }
    }
    /* A date the text labels as published or updated, further down the
     * article ("Page last modified ..."); in a column beside it only as
     * published ("Published 15 November 2018" among a page's facts). One
     * in an element marked as a byline or date first: a note in the text
     * ("originally published on ...") may tell an older story. */
    for (int pass = 0; pass < 2; pass++) {
        for (int k = 0; k < m->ndates; k++) {
            const td_meta_cand *c = &m->dates[k];
            if (c->kind != DK_TEXT || !(c->ctx & CX_LABELLED) ||
                (c->ctx & (CX_COMMENTS | CX_CHROME | CX_INVISIBLE | CX_PROSE | CX_OTHERDAY)))
                continue;
            if (pass == 0 && !(c->ctx & (CX_BYLINE | CX_DATE))) continue;
            if ((c->ctx & CX_AROUND) && !(c->ctx & CX_PUBLISHED)) continue;
            /* "Last updated" notes also close pages that are no articles. */
            if (!(c->ctx & CX_PUBLISHED) && !(c->ctx & CX_ARTICLE)) continue;
            set_date(d, c->text, TD_DATE_TEXT, "page text");
            return;
        }
    }
    char day[11];
    if (url_date(d->url, day)) set_date(d, td_arena_strdup(ar, day), TD_DATE_METADATA, "url path");
}

/* ---- the URL ---------------------------------------------------------- */

/* ref resolved against base (both may be NULL); NULL unless the result is
 * an http(s) URL. */
static const char *resolve_url(td_arena *ar, const char *ref, const char *base)
{
    if (!ref) return NULL;
    while (*ref == ' ') ref++;
    if (!strncasecmp(ref, "http://", 7) || !strncasecmp(ref, "https://", 8))
        return td_arena_strdup(ar, ref);
    if (!base || (strncasecmp(base, "http://", 7) && strncasecmp(base, "https://", 8)))
        return NULL;
    const char *host = strstr(base, "://") + 3;
    size_t scheme = (size_t)(host - base);
    if (ref[0] == '/' && ref[1] == '/')
        return td_arena_printf(ar, "%.*s%s", (int)(scheme - 2), base, ref);
    size_t hl = strcspn(host, "/?#");
    if (ref[0] == '/') return td_arena_printf(ar, "%.*s%s", (int)(scheme + hl), base, ref);
    if (!*ref || ref[0] == '#' || ref[0] == '?') return NULL;
    /* Relative to the base's folder. */
    size_t pl = scheme + hl + strcspn(host + hl, "?#");
    size_t dir = pl;
    while (dir > scheme + hl && base[dir - 1] != '/') dir--;
    if (dir == scheme + hl) return td_arena_printf(ar, "%.*s/%s", (int)dir, base, ref);
    return td_arena_printf(ar, "%.*s%s", (int)dir, base, ref);
}

static void pick_url(td_doc *d, const td_page_meta *m)
{
    if (d->url) return;
    const char *og = resolve_url(&d->arena, m->og_url, NULL);
    const char *canon = resolve_url(&d->arena, m->canonical, og);
    if (canon) {
        d->url = canon;
        d->from.url = "canonical link";
    } else if (og) {
        d->url = og;
        d->from.url = "og:url";
    }
}

void td_clean_meta_apply(td_doc *d, const td_page_meta *m)
{
    pick_url(d, m);
    int head = pick_title(d, m);
    size_t head_pos = head >= 0 ? m->heads[head].pos : 0;
    unsigned head_ctx = head >= 0 ? m->heads[head].ctx : 0;
    pick_author(d, m, head_pos, head_ctx);
    pick_date(d, m, head_pos, head >= 0, head_ctx);
    if (!d->site_name) d->site_name = m->site_name ? m->site_name : m->ld_site;
    if (!d->language && m->lang) {
        d->language = m->lang;
        d->from.language = "html lang";
    }
}
