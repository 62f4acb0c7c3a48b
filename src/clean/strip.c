/*
 * strip.c -- what the HTML parser need not read, taken out of a page first.
 *
 * Half the bytes of a news page are script and style bodies, which nothing
 * in the clean stage reads but JSON-LD; most of the rest of the markup is
 * attributes it never looks at (href, src, srcset, data-*). libxml2 decodes
 * all of it one character at a time and builds nodes for it: with them
 * gone, its parse takes a third of the time. One pass over the page finds
 * the tags the way libxml2's HTML parser (in recovery mode) finds them and
 *   - empties script and style bodies (a body runs to the first "</script"
 *     or "</style", whatever quotes it sits in), JSON-LD kept;
 *   - empties comments;
 *   - drops the attributes meta.c and extract.c do not read;
 * keeping every line break, so the parser builds the same tree, with the
 * same line numbers, but for those bodies, comments and attributes (the
 * unit tests and bench/ compare the trees).
 *
 * To know where tags start it follows libxml2's rules for comments, quoted
 * attribute values, <!DOCTYPE> and "<?...>". Where versions of the parser
 * differ or the page is broken in a way these rules do not cover (a
 * comment closed by "--!>", "</" or "<!" without a name, an unterminated
 * quote, a name of 96 characters or more, "</scripts") it stops and copies
 * the rest as it is.
 */
#include <string.h>
#include <strings.h>

#include "clean/page.h"
#include "util/text.h"

static int blank(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
static int letter(unsigned char c) { return ((c | 0x20) >= 'a' && (c | 0x20) <= 'z'); }
/* Characters of a tag or attribute name after the first (libxml2's
 * htmlParseHTMLName). */
static int name_char(unsigned char c)
{
    return letter(c) || (c >= '0' && c <= '9') || c == ':' || c == '-' || c == '_' || c == '.';
}

/* Attributes the clean stage reads (meta.c, extract.c); the parser is
 * given no others, except on <meta>, <link>, <script> and <style>, which
 * keep all theirs. A new attribute read there must be added here. */
static int wanted(const char *a, size_t n)
{
    static const char *const names[] = {
        "id", "rel", "role", "lang", "name", "type", "class", "style", "hidden", "content",
        "pubdate", "itemprop", "property", "datetime", "aria-hidden", "aria-labelledby", NULL};
    for (int k = 0; names[k]; k++)
        if (strlen(names[k]) == n && !strncasecmp(a, names[k], n)) return 1;
    return 0;
}

/* libxml2 reads a name of 100 characters at most and the rest as what
 * follows it; longer names are left to it. */
enum { SPANS = 64, NAME_MAX_LEN = 96 };

/* A start tag as read: its end, its name and where each attribute (or
 * bogus run) lies, with the blanks before it. */
typedef struct tag {
    size_t end;      /* just past '>' */
    int self;        /* ends "/>" */
    size_t nm, nl;   /* its name */
    size_t body;     /* where the attributes and the closing '>' start */
    int nspan;       /* SPANS + 1: too many to rewrite */
    struct {
        size_t a, b; /* blanks and attribute, s[a..b) */
        int keep;
    } span[SPANS];
} tag;

/* Reads the start tag at s[i] ('<' and a letter) as libxml2 does (its
 * htmlParseStartTag). Returns 0 when it is not closed within s[0..n). */
static int start_tag(const char *s, size_t n, size_t i, tag *t)
{
    size_t p = i + 1;
    while (p < n && name_char((unsigned char)s[p])) p++;
    t->nm = i + 1;
    t->nl = p - (i + 1);
    if (t->nl >= NAME_MAX_LEN) return 0;
    t->body = p;
    t->nspan = 0;
    for (;;) {
        size_t a = p;
        while (p < n && blank((unsigned char)s[p])) p++;
        if (p >= n) return 0;
        unsigned char c = (unsigned char)s[p];
        if (c == '>') {
            t->self = 0;
            t->end = p + 1;
            return 1;
        }
        if (c == '/' && p + 1 < n && s[p + 1] == '>') {
            t->self = 1;
            t->end = p + 2;
            return 1;
        }
        int keep = 0;
        if (letter(c) || c == '_' || c == ':' || c == '.') {
            size_t an = p;
            while (p < n && name_char((unsigned char)s[p])) p++;
            if (p - an >= NAME_MAX_LEN) return 0;
            keep = wanted(s + an, p - an);
            size_t q = p;
            while (q < n && blank((unsigned char)s[q])) q++;
            if (q < n && s[q] == '=') {
                q++;
                while (q < n && blank((unsigned char)s[q])) q++;
                if (q >= n) return 0;
                if (s[q] == '"' || s[q] == '\'') {
                    const char *e = memchr(s + q + 1, s[q], n - q - 1);
                    if (!e) return 0;
                    q = (size_t)(e - s) + 1;
                } else {
                    while (q < n && !blank((unsigned char)s[q]) && s[q] != '>') q++;
                }
            }
            p = q;
        } else {
            /* A bogus attribute: dropped up to a blank or the tag's end. */
            while (p < n && !blank((unsigned char)s[p]) && s[p] != '>' &&
                   !(s[p] == '/' && p + 1 < n && s[p + 1] == '>'))
                p++;
        }
        if (t->nspan < SPANS) {
            t->span[t->nspan].a = a;
            t->span[t->nspan].b = p;
            t->span[t->nspan].keep = keep;
        }
        if (t->nspan <= SPANS) t->nspan++;
    }
}

/* Writes the line breaks of s[a..b) to out + *o. */
static void newlines(const char *s, size_t a, size_t b, char *out, size_t *o)
{
    for (const char *p = s + a; (p = memchr(p, '\n', b - (size_t)(p - s))); p++) out[(*o)++] = '\n';
}

/* Where the raw body that starts at s[i] ends: the '<' of the first "</"
 * followed by the element's name in any case, or n when there is none. */
static size_t body_end(const char *s, size_t n, size_t i, const char *name, size_t nl)
{
    while (i < n) {
        const char *lt = memchr(s + i, '<', n - i);
        if (!lt) return n;
        size_t k = (size_t)(lt - s);
        if (k + 2 + nl <= n && s[k + 1] == '/' && !strncasecmp(s + k + 2, name, nl)) return k;
        i = k + 1;
    }
    return n;
}

/* Does the start tag s[a..b) say "ld+json" (a JSON-LD script)? The '+'
 * may be written as a character reference ("ld&#x2B;json"). */
static int says_jsonld(const char *s, size_t a, size_t b)
{
    for (size_t k = a; k + 6 <= b; k++) {
        if ((s[k] != 'l' && s[k] != 'L') || (s[k + 1] != 'd' && s[k + 1] != 'D')) continue;
        for (size_t j = k + 3; j + 4 <= b && j <= k + 10; j++)
            if (!strncasecmp(s + j, "json", 4)) return 1;
    }
    return 0;
}

/* The end of the comment that starts at s[i] ("<!--"): just past the
 * first "-->" after "<!--", or 0 when the parser's versions could read it
 * otherwise ("<!-->", "<!--->", "--!>") or it is not closed. */
static size_t comment_end(const char *s, size_t n, size_t i)
{
    size_t b = i + 4;
    if (b >= n || s[b] == '>' || (s[b] == '-' && b + 1 < n && s[b + 1] == '>')) return 0;
    const char *e = memmem(s + b, n - b, "-->", 3);
    if (!e) return 0;
    size_t ce = (size_t)(e - s);
    if (ce > b && memmem(s + b, ce - b, "--!>", 4)) return 0;
    return ce + 3;
}

static int comment_at(const char *s, size_t n, size_t i)
{
    return i + 3 < n && s[i] == '<' && s[i + 1] == '!' && s[i + 2] == '-' && s[i + 3] == '-';
}

size_t td_clean_strip(const char *s, size_t n, char *out)
{
    /* The parser reads a NUL byte as a space and switches to Latin-1 at
     * the first byte that is not UTF-8: with either, removing bytes could
     * change what the rest decodes to. Readers give UTF-8 without NULs. */
    if (!n) return 0;
    size_t lim = n, i = 0, from = 0, o = 0;
    if (memchr(s, '\0', n) || !td_utf8_valid(s, n)) lim = 0;
    while (i < lim) {
        const char *lt = memchr(s + i, '<', lim - i);
        if (!lt) break;
        i = (size_t)(lt - s);
        if (i + 2 >= lim) break;
        unsigned char c = (unsigned char)s[i + 1];
        if (c == '!') {
            if (comment_at(s, lim, i)) {
                size_t ce = comment_end(s, lim, i);
                if (!ce) break;
                /* Nothing reads comments: "<!--" and "-->" keep the node. */
                if (ce - 3 > i + 4) {
                    memcpy(out + o, s + from, i + 4 - from);
                    o += i + 4 - from;
                    newlines(s, i + 4, ce - 3, out, &o);
                    from = ce - 3;
                }
                i = ce;
                continue;
            }
            /* <!DOCTYPE ...> runs to the next '>' (a quoted literal could
             * hide one); versions differ on other "<!". */
            if (i + 9 > lim || strncasecmp(s + i + 2, "doctype", 7)) break;
            const char *gt = memchr(s + i, '>', lim - i);
            if (!gt || memchr(s + i, '"', (size_t)(gt - s) - i) ||
                memchr(s + i, '\'', (size_t)(gt - s) - i))
                break;
            i = (size_t)(gt - s) + 1;
            continue;
        }
        if (c == '?' || c == '/') {
            /* A processing instruction or an end tag: to the next '>'.
             * Without a name after it, versions differ. */
            if (!letter((unsigned char)s[i + 2])) break;
            const char *gt = memchr(s + i, '>', lim - i);
            if (!gt) break;
            i = (size_t)(gt - s) + 1;
            continue;
        }
        if (c == '_' || c == ':') break;
        if (!letter(c)) {
            i++; /* a '<' in text */
            continue;
        }
        tag t;
        if (!start_tag(s, lim, i, &t)) break;
        const char *nm = s + t.nm;
        const char *raw = NULL;
        if (t.nl == 6 && !strncasecmp(nm, "script", 6)) raw = "script";
        else if (t.nl == 5 && !strncasecmp(nm, "style", 5)) raw = "style";
        int all = raw || (t.nl == 4 && (!strncasecmp(nm, "meta", 4) || !strncasecmp(nm, "link", 4)));
        if (t.self) raw = NULL; /* "<script/>" is empty: what follows is markup */
        int drop = 0;
        for (int k = 0; !all && k < t.nspan && t.nspan <= SPANS; k++) drop |= !t.span[k].keep;
        if (drop) {
            /* The attributes nothing reads become a blank (or their line
             * breaks), which separates what is kept as they did: an
             * unquoted value must not run into a "/>". Each is a byte at
             * least, so the page never grows. */
            memcpy(out + o, s + from, t.body - from);
            o += t.body - from;
            for (int k = 0; k < t.nspan; k++) {
                size_t a = t.span[k].a, b = t.span[k].b;
                if (!t.span[k].keep) {
                    size_t o0 = o;
                    newlines(s, a, b, out, &o);
                    if (o == o0) out[o++] = ' ';
                    continue;
                }
                memcpy(out + o, s + a, b - a);
                o += b - a;
            }
            from = t.span[t.nspan - 1].b;
        }
        if (!raw) {
            i = t.end;
            continue;
        }
        size_t end = t.end;
        size_t close = body_end(s, lim, end, raw, t.nl);
        /* A body that runs to the end is left as it is; so is one cut by
         * "</scripts": the parser ends the text there but not the
         * element, and reads on. */
        if (close + 2 + t.nl >= lim || name_char((unsigned char)s[close + 2 + t.nl])) break;
        /* Markup right after the start tag may be read as markup ("</div>"
         * closes the script; versions differ on "<!--"): a comment that
         * ends before the body does is the same either way, anything else
         * there stops the emptying. */
        if (close > end && s[end] == '<') {
            size_t ce = comment_at(s, lim, end) ? comment_end(s, lim, end) : 0;
            if (!ce || ce > close) break;
        }
        if (close > end && !(raw[1] == 'c' && says_jsonld(s, i, t.end))) {
            memcpy(out + o, s + from, end - from);
            o += end - from;
            newlines(s, end, close, out, &o);
            from = close;
        }
        i = close;
    }
    memcpy(out + o, s + from, n - from);
    return o + n - from;
}
