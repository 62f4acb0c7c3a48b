/*
 * text.c -- plain text: normalise line ends and blank lines, and take a
 * first line that reads like a headline as the title.
 */
#include <string.h>

#include "clean/clean.h"
#include "util/buf.h"
#include "util/text.h"

/* A headline: short, several words, no sentence-final period. */
static int headline_like(const char *s, size_t n)
{
    if (n < 10 || n > 200) return 0;
    if (s[n - 1] == '.' || s[n - 1] == ',' || s[n - 1] == ':') return 0;
    int words = 1;
    for (size_t i = 0; i < n; i++)
        if (s[i] == ' ') words++;
    return words >= 3;
}

void td_clean_text(td_doc *d)
{
    const char *s = d->content;
    size_t n = d->content_len;
    char *out = td_arena_alloc(&d->arena, n + 1);
    if (!out) return;
    size_t o = 0;
    int blank_run = 0;
    const char *first = NULL;
    size_t first_len = 0;
    size_t i = 0;
    while (i < n) {
        const char *nl = memchr(s + i, '\n', n - i);
        size_t end = nl ? (size_t)(nl - s) : n;
        /* Trim the line. */
        size_t a = i, b = end;
        while (a < b && (s[a] == ' ' || s[a] == '\t' || s[a] == '\r' || s[a] == '\f')) a++;
        while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t' || s[b - 1] == '\r')) b--;
        if (a == b) {
            blank_run++;
        } else {
            /* Paragraphs stay separated by one blank line. */
            if (o) {
                out[o++] = '\n';
                if (blank_run) out[o++] = '\n';
            }
            blank_run = 0;
            if (!first) {
                first = out + o;
                first_len = b - a;
            }
            memcpy(out + o, s + a, b - a);
            o += b - a;
        }
        i = end + 1;
    }
    out[o] = '\0';
    d->body = out;
    d->body_len = o;
    if (!d->title && first && headline_like(first, first_len)) {
        d->title = td_squash_space(&d->arena, first, first_len);
        d->from.title = "first line";
    }
}
