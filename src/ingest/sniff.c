/*
 * sniff.c -- choosing a reader from the first bytes of an input.
 *
 * Content decides; the file name only breaks ties, because scraped files
 * are often misnamed (.txt holding HTML, .xml holding a page).
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "ingest/reader.h"
#include "util/text.h"

static int ends_with(const char *name, const char *suffix)
{
    if (!name) return 0;
    size_t n = strlen(name), s = strlen(suffix);
    if (n >= s + 3 && strcmp(name + n - 3, ".gz") == 0) n -= 3;
    return n >= s && strncasecmp(name + n - s, suffix, s) == 0;
}

/* The view is lower-cased once, so a needle (lower case) is a memmem. */
static int contains(const char *p, size_t n, const char *needle)
{
    return memmem(p, n, needle, strlen(needle)) != NULL;
}

td_format td_sniff(const unsigned char *in, size_t n, const char *name)
{
    /* An ASCII view: UTF-16 text with a BOM loses its zero bytes. */
    char view[4096];
    size_t v = 0, i = 0;
    int utf16 = n >= 2 && ((in[0] == 0xFF && in[1] == 0xFE) || (in[0] == 0xFE && in[1] == 0xFF));
    if (utf16) i = 2;
    else if (n >= 3 && in[0] == 0xEF && in[1] == 0xBB && in[2] == 0xBF) i = 3;
    for (; i < n && v < sizeof view; i++)
        if (!(utf16 && in[i] == 0)) view[v++] = (char)tolower(in[i]);

    size_t s = 0;
    while (s < v && isspace((unsigned char)view[s])) s++;
    const char *p = view + s;
    size_t len = v - s;

    if (len >= 5 && memcmp(p, "warc/", 5) == 0) return TD_FMT_WARC;
    if (len && p[0] == '{') return TD_FMT_JSONL;
    if (len && p[0] == '<') {
        if (contains(p, len, "<rss") || contains(p, len, "<rdf:rdf")) return TD_FMT_RSS;
        if (contains(p, len, "<feed")) {
            if (!contains(p, len, "<html")) return TD_FMT_ATOM;
        }
        return TD_FMT_HTML;
    }
    if (ends_with(name, ".jsonl") || ends_with(name, ".ndjson")) return TD_FMT_JSONL;
    if (ends_with(name, ".warc")) return TD_FMT_WARC;
    /* Scraped text sometimes starts with a line of prose before the markup. */
    if (contains(p, len, "<html") || contains(p, len, "<!doctype html") ||
        contains(p, len, "<body"))
        return TD_FMT_HTML;
    return TD_FMT_TEXT;
}
