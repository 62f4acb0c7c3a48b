/*
 * text.c -- plain text: find the article among the lines a scraper kept,
 * and the headline above it.
 *
 * Scraped text is the article wrapped in the rest of the page: menus and
 * breadcrumbs above it, slogans and search prompts, bylines, photo
 * captions and "Advertisement" inside it, then share buttons, author
 * bios, teasers for other stories, comment forms and the footer below it.
 * The article is the part of the page made of paragraphs of prose, so:
 *
 *   1. Each line is measured (lines.c) and sorted into a kind: prose, a
 *      short line (a heading, a one-line quote, or a menu item), or a
 *      shape only clutter has ("READ: ...", "3 min read", "#tag").
 *   2. Prose lines are worth their length in words; every other line costs
 *      a little, more when many come in a row, and a byline or a date
 *      between paragraphs costs a lot (a comment or a teaser starts
 *      there). The article is the run of lines with the largest sum
 *      (Kadane's maximum subarray): a heading or a quote between two
 *      paragraphs stays with them, while the lines around the article --
 *      and prose cut off from it by clutter, such as the teasers after its
 *      end or readers' comments -- fall away.
 *   3. The headline is the first headline-shaped line among the few above
 *      the article. It becomes the title, not a paragraph of the body; a
 *      standfirst right under it is kept.
 *
 * A text with no paragraph of prose at all (a note, a list) keeps every
 * line but the clutter. Bylines and bare dates are kept out of the body;
 * d->content is left as it was, so byline.c can read them there. All of it
 * is linear in the size of the text, with a few words of memory per line;
 * a text with more lines than any web page is kept as it is.
 */
#include <string.h>

#include <xxhash.h>

#include "clean/clean.h"
#include "util/text.h"

/* More lines than this and the text is not a scraped page: keep it all. */
#define MAX_LINES 200000

/* What a line is to the page. */
enum {
    K_BODY,    /* a paragraph of prose */
    K_SHORT,   /* a heading, a quote, a list item -- or a menu item */
    K_SOFT,    /* kept inside the article, never what starts or ends it */
    K_NOISE,   /* a lone word or a repeated short line: dropped */
    K_META,    /* a byline or a date: dropped, byline.c reads d->content */
    K_CLUTTER, /* a shape only clutter has: dropped */
};

/* What a line adds to a run of lines (best_run): prose adds its length in
 * words; every other kind costs a little. A byline or a date costs much:
 * between two paragraphs it starts something else -- a reader's comment,
 * a teaser for another story. */
static const int kind_cost[] = {
    [K_BODY] = 0, [K_SHORT] = -2, [K_SOFT] = -4, [K_NOISE] = -2, [K_META] = -40, [K_CLUTTER] = -8,
};
/* Past "12 Comments" or the copyright notice nothing continues the article. */
#define WALL_COST 100
/* Each short line in a row costs one more than the one before, up to this. */
#define GAP_MAX 8
/* A line opening with this many capitalised words is a headline. */
#define LEAD_CAPS 8
/* Lines above the headline that may hold its date or byline. */
#define HEAD_ABOVE 8

typedef struct page {
    td_line *v;
    size_t n;
    unsigned char *kind;
    unsigned char *rep;  /* how often the line occurs on the page (max 255) */
    unsigned char *again; /* 1 on the second and later copies of a line */
    int english;         /* prose here has English function words */
    size_t comments;     /* where the comments begin, or n */
} page;

/* Words a line is worth; Chinese and Japanese write no spaces. */
static unsigned weight(const td_line *l) { return l->words + l->cjk / 2; }

static int same_line(const td_line *a, const td_line *b)
{
    return a->len == b->len && memcmp(a->s, b->s, a->len) == 0;
}

static int ends_sentence(const td_line *l)
{
    return l->end == TD_END_SENTENCE || l->end == TD_END_ASK;
}

/* Prose, by its function words: at least one in five in English. A
 * sentence full of names ("Police Chief Tom Ash said ...") counts
 * them out, names taking no function words -- if it has words of its own
 * between them: a list of names is no sentence. */
static int reads_as_prose(const page *p, const td_line *l)
{
    if (!p->english || l->stops * 5 >= l->words) return 1;
    return ends_sentence(l) && l->stops >= 3 && l->words >= l->caps + 8 &&
           l->stops * 5 + l->caps >= l->words;
}

/* Counts how often each line occurs: menus repeated at the foot of the
 * page, "Advertisement" between paragraphs, a caption shown twice. */
static int count_repeats(td_arena *a, page *p)
{
    size_t cap = 16;
    while (cap < p->n * 2) cap *= 2;
    uint32_t *slot = td_arena_alloc(a, cap * sizeof *slot);
    if (!slot) return -1;
    memset(slot, 0, cap * sizeof *slot);
    memset(p->again, 0, p->n);
    for (size_t i = 0; i < p->n; i++) {
        const td_line *l = &p->v[i];
        size_t h = (size_t)XXH3_64bits(l->s, l->len) & (cap - 1);
        for (;;) {
            if (!slot[h]) {
                slot[h] = (uint32_t)i + 1;
                p->rep[i] = 1;
                break;
            }
            const td_line *o = &p->v[slot[h] - 1];
            if (same_line(o, l)) {
                size_t first = slot[h] - 1;
                if (p->rep[first] < 255) p->rep[first]++;
                p->rep[i] = 0; /* filled in below */
                p->again[i] = 1;
                break;
            }
            h = (h + 1) & (cap - 1);
        }
    }
    /* Give every copy the count of its first occurrence. */
    for (size_t i = 0; i < p->n; i++) {
        if (p->rep[i]) continue;
        const td_line *l = &p->v[i];
        size_t h = (size_t)XXH3_64bits(l->s, l->len) & (cap - 1);
        while (slot[h]) {
            const td_line *o = &p->v[slot[h] - 1];
            if (same_line(o, l)) break;
            h = (h + 1) & (cap - 1);
        }
        p->rep[i] = p->rep[slot[h] - 1];
    }
    return 0;
}

static int kind_of(const page *p, size_t i)
{
    const td_line *l = &p->v[i];
    unsigned w = weight(l);
    unsigned f = l->flags;

    /* Shapes only clutter has. */
    if (f & (TD_LINE_TAGS | TD_LINE_READTIME | TD_LINE_COPYRIGHT | TD_LINE_MENU |
             TD_LINE_COMMENTS))
        return K_CLUTTER;
    /* The signature under a quoted tweet: "— Jane Roe (@jroe) May 3, 2024". */
    if ((f & TD_LINE_DATED) && (f & TD_LINE_HANDLE) && l->words <= 12) return K_SOFT;
    /* A byline, a dateline, a comment's "Jane on May 3, 2024 at 9:15 said:". */
    if (f & (TD_LINE_BYLINE | TD_LINE_DATE)) return K_META;
    if ((f & TD_LINE_DATED) && l->words <= 12 && !ends_sentence(l)) return K_META;
    /* "READ: Another story", "Photo: Agency": a label and a few words that
     * are not a sentence. A bare "Label:" may head a list in the body. */
    if (f & TD_LINE_LABEL) {
        unsigned rest = l->words - l->label_words;
        if (rest > 0 && rest <= 15 && !ends_sentence(l)) return K_CLUTTER;
        if (rest == 0) return K_SOFT;
    }
    /* A teaser or a breadcrumb cut short: "Officials hold talks over...". */
    if (l->end == TD_END_ELLIPSIS) return K_CLUTTER;

    if (w <= 1 && !ends_sentence(l)) return K_NOISE;
    /* A short sentence shown twice is a paragraph pasted twice: its
     * first copy stays a candidate for the body ("The gun has not been
     * recovered."), not "Advertisement" between paragraphs. */
    if (p->rep[i] > 1 && w < 10 &&
        (p->again[i] || !ends_sentence(l) || w < 3 || l->you || (f & TD_LINE_ASKS) ||
         !reads_as_prose(p, l)))
        return K_NOISE;
    /* Lines that are clutter at the edges of the article and may be part
     * of it inside: the site asking its reader to do something ("Sign up
     * for our newsletter"), a handle or a link in a short line (an
     * author's bio, or a quoted tweet), a bio, a note about the article. */
    if (f & (TD_LINE_ASKS | TD_LINE_BIO | TD_LINE_NOTE)) return K_SOFT;
    if ((f & (TD_LINE_HANDLE | TD_LINE_URL)) && w < 30) return K_SOFT;
    /* A line shown twice: a caption under two copies of a photo, a
     * notice repeated in a pop-up, a pull quote. */
    if (p->rep[i] > 1) {
        /* But a paragraph pasted twice in a row is the article's: its
         * first copy is judged as any line, the second goes. */
        int pasted = w >= 10 && ends_sentence(l) &&
                     (p->again[i] ? i > 0 && same_line(&p->v[i - 1], l)
                                  : i + 1 < p->n && same_line(&p->v[i + 1], l));
        if (!pasted) return K_SOFT;
        if (p->again[i]) return K_NOISE;
    }
    /* A headline in title case run into its summary: a teaser. */
    if (l->lead_caps >= LEAD_CAPS) return K_SOFT;
    /* Not a paragraph that names a show or a book ("The House of Water"): a
     * teaser opens with its headline, a paragraph with a word or two. */
    if (l->title_words >= 2 && !(w >= 25 && ends_sentence(l) && l->stops * 4 >= l->words &&
                                 l->lead_caps < 3 && !(f & (TD_LINE_HANDLE | TD_LINE_URL))))
        return K_SOFT;

    if (w >= 10 && reads_as_prose(p, l)) {
        if (ends_sentence(l)) return K_BODY;
        /* A long line without a full stop is prose if it has the commas
         * of prose; a tag cloud has none. */
        if (w >= 25 && l->marks * 30 >= w) return K_BODY;
    }
    return K_SHORT;
}

/* A headline: a few words, capitalised, no full stop, and few function
 * words -- "Connect with us" and "What are you looking for?" are the site
 * talking, with a function word in every other word. */
static int headline_shape(const page *p, size_t i)
{
    const td_line *l = &p->v[i];
    int k = p->kind[i];
    unsigned f = l->flags;
    /* A headline in title case is a teaser in the body, but a headline
     * here; so is one with a label ("Police: Two held after ..."). */
    if (k == K_CLUTTER && (f & TD_LINE_LABEL) && !(f & TD_LINE_ALLCAPS) &&
        !(f & ~(TD_LINE_LABEL | TD_LINE_DATED)) && l->words >= l->label_words + 4u)
        k = K_SHORT;
    if (k != K_SHORT && k != K_BODY && k != K_SOFT) return 0;
    if (f & (TD_LINE_URL | TD_LINE_HANDLE)) return 0;
    if (p->rep[i] > 1 || l->you) return 0;
    if (l->words < 3 || l->words > 30 || l->chars < 10 || l->chars > 250) return 0;
    if (f & TD_LINE_ASKS) return 0;
    if (l->end == TD_END_SENTENCE || l->end == TD_END_COLON) return 0;
    if (l->caps == 0 || l->marks > 2) return 0;
    if (p->english && l->stops * 2 > l->words) return 0;
    return 1;
}

/* A standfirst under the headline: prose that sums the story up, if not
 * always as a sentence. */
static int standfirst_shape(const page *p, size_t i)
{
    const td_line *l = &p->v[i];
    int k = p->kind[i];
    return (k == K_SHORT || k == K_BODY) && weight(l) >= 6 && p->rep[i] == 1 &&
           l->caps > 0 && !l->you && l->end != TD_END_ASK && l->title_words < 2 &&
           (!p->english || (l->stops * 6 >= l->words && l->stops * 2 <= l->words));
}

/* A sentence too short to count as a paragraph on its own. */
static int short_sentence(const page *p, size_t i)
{
    const td_line *l = &p->v[i];
    unsigned w = weight(l);
    return p->kind[i] == K_SHORT && !l->you && !(l->flags & TD_LINE_ASKS) &&
           ((l->end == TD_END_SENTENCE && w >= 3) || (l->end == TD_END_ASK && w >= 5)) &&
           (!p->english || w < 6 || l->stops * 6 >= l->words);
}

/* The run of lines [*lo, *hi] with the largest total worth. Returns the
 * total, 0 when no line is worth anything. */
static long best_run(const page *p, size_t *lo, size_t *hi)
{
    long best = 0, sum = 0;
    size_t start = 0, gap = 0;
    for (size_t i = 0; i < p->n; i++) {
        int k = p->kind[i];
        const td_line *l = &p->v[i];
        long v = kind_cost[k];
        if (k == K_BODY) {
            /* Readers' comments are prose too, and may outweigh the
             * article: below where they begin, prose counts a quarter. */
            v = i > p->comments ? weight(l) / 4 : weight(l);
            gap = 0;
        } else if (k != K_CLUTTER && k != K_META) {
            /* A short line or two between paragraphs is a heading or a
             * quote; ten in a row are a menu. */
            v -= (long)gap;
            if (gap < GAP_MAX) gap++;
        }
        /* The comments, or the notice at the foot of the page, follow the
         * article: nothing on the other side of them continues it. */
        if ((l->flags & TD_LINE_COMMENTS) || ((l->flags & TD_LINE_COPYRIGHT) && l->words >= 6))
            v = -WALL_COST;
        if (sum <= 0) {
            sum = 0;
            start = i;
        }
        sum += v;
        if (sum > best) {
            best = sum;
            *lo = start;
            *hi = i;
        }
    }
    return best;
}

/* Appends line l, after a blank line when the input had one before it. */
static size_t put_line(char *out, size_t o, const td_line *l, int blank)
{
    if (o) {
        out[o++] = '\n';
        if (blank) out[o++] = '\n';
    }
    memcpy(out + o, l->s, l->len);
    return o + l->len;
}

/* The text as it was, trimmed line by line: for texts too big to judge. */
static void keep_all(td_doc *d)
{
    const char *s = d->content;
    size_t n = d->content_len;
    char *out = td_arena_alloc(&d->arena, n + 1);
    if (!out) return;
    size_t o = 0;
    int blank = 0;
    for (size_t i = 0; i < n;) {
        const char *nl = memchr(s + i, '\n', n - i);
        size_t end = nl ? (size_t)(nl - s) : n;
        size_t a = i, b = end;
        while (a < b && (s[a] == ' ' || s[a] == '\t' || s[a] == '\r' || s[a] == '\f')) a++;
        while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t' || s[b - 1] == '\r')) b--;
        if (a == b) {
            blank = 1;
        } else {
            td_line l = {.s = s + a, .len = b - a};
            o = put_line(out, o, &l, blank);
            blank = 0;
        }
        i = end + 1;
    }
    out[o] = '\0';
    d->body = out;
    d->body_len = o;
}

void td_clean_text(td_doc *d)
{
    page p = {0};
    p.n = td_lines_read(&d->arena, d->content, d->content_len, MAX_LINES, &p.v);
    if (p.n == (size_t)-1) {
        keep_all(d);
        return;
    }
    p.kind = td_arena_alloc(&d->arena, p.n + 1);
    p.rep = td_arena_alloc(&d->arena, p.n + 1);
    p.again = td_arena_alloc(&d->arena, p.n + 1);
    char *out = td_arena_alloc(&d->arena, d->content_len + 1);
    unsigned char *keep = td_arena_alloc(&d->arena, p.n + 1);
    if (!p.kind || !p.rep || !p.again || !out || !keep || count_repeats(&d->arena, &p)) {
        keep_all(d);
        return;
    }

    /* English prose, judged on the longer lines: a fifth or more of their
     * words are function words. Elsewhere the function words say nothing. */
    unsigned long words = 0, stops = 0;
    for (size_t i = 0; i < p.n; i++) {
        if (p.v[i].words < 8) continue;
        words += p.v[i].words;
        stops += p.v[i].stops;
    }
    p.english = words >= 40 && stops * 6 >= words;

    for (size_t i = 0; i < p.n; i++) p.kind[i] = (unsigned char)kind_of(&p, i);

    /* The comments begin at the first "12 Comments" or "Leave a reply"
     * that is followed by what comments have: names and dates. A link to
     * the comments next to the byline is not where they begin. */
    p.comments = p.n;
    for (size_t i = 0; i < p.n && p.comments == p.n; i++) {
        if (!(p.v[i].flags & TD_LINE_COMMENTS)) continue;
        int stamps = 0;
        for (size_t k = i + 1; k < p.n && k <= i + 12; k++) stamps += p.kind[k] == K_META;
        if (stamps >= 2) p.comments = i;
    }

    size_t lo = 0, hi = 0;
    memset(keep, 0, p.n);
    long best = best_run(&p, &lo, &hi);
    size_t title = (size_t)-1;
    if (best == 0) {
        /* No paragraph of prose (a short note, a list): keep every line
         * but the clutter; a headline on the first of them is the title
         * and, with so little text, stays in the body too. */
        for (size_t i = 0; i < p.n; i++) keep[i] = p.kind[i] <= K_NOISE;
        lo = 0;
        while (lo < p.n && !keep[lo]) lo++;
        if (lo < p.n && headline_shape(&p, lo)) title = lo;
    } else {
        /* A short first or last paragraph ("Two men were arrested.") is
         * worth too little to start or end the run by itself. */
        while (lo > 0 && short_sentence(&p, lo - 1)) lo--;
        while (hi + 1 < p.n && short_sentence(&p, hi + 1)) hi++;
        for (size_t i = lo; i <= hi; i++) keep[i] = p.kind[i] <= K_SOFT;
        /* The headline: the first headline-shaped line among the few
         * above the article, past the menus and slogans over it. */
        for (size_t i = lo > 8 ? lo - 8 : 0; i < lo; i++) {
            if (headline_shape(&p, i)) {
                title = i;
                break;
            }
        }
        if (title != (size_t)-1) {
            /* The headline is the title, not a paragraph of the body; a
             * standfirst follows it directly and is. */
            for (size_t i = title + 1; i < lo && standfirst_shape(&p, i); i++) keep[i] = 1;
        }
    }

    size_t o = 0;
    size_t last = (size_t)-1;
    for (size_t i = 0; i < p.n; i++) {
        if (!keep[i]) continue;
        int blank = 0;
        for (size_t k = (last == (size_t)-1 ? i : last + 1); k <= i; k++)
            if (p.v[k].blank_before) blank = 1;
        o = put_line(out, o, &p.v[i], blank);
        last = i;
    }
    if (o == 0) {
        /* Nothing but clutter ("#tag", "By Jane Roe"): better the text as
         * it is than no text at all. */
        keep_all(d);
        return;
    }
    out[o] = '\0';
    d->body = out;
    d->body_len = o;
    /* Where the article's head begins, for byline.c: its byline and date
     * stand around the headline, which may lie a hundred lines of menus
     * down, or in the few lines above it. */
    if (title != (size_t)-1) {
        size_t head = title > HEAD_ABOVE ? title - HEAD_ABOVE : 0;
        d->head_at = (size_t)(p.v[head].s - d->content);
    }
    if (!d->title && title != (size_t)-1) {
        d->title = td_squash_space(&d->arena, p.v[title].s, p.v[title].len);
        d->from.title = "headline line";
    }
}
