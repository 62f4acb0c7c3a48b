/*
 * text.c -- the plain-text and HTML readers: one input, one document.
 *
 * Both only decode the bytes; what the text says (title, body, date) is the
 * clean stage's business.
 */
#include <string.h>

#include "ingest/reader.h"

static int only_space(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0) { i++; continue; }
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v') return 0;
    }
    return 1;
}

static int read_one(td_reader_env *env, const char *where, const unsigned char *buf,
                    size_t len, const char *hint, td_format fmt)
{
    const char *at = where ? where : env->name;
    if (len == 0) {
        td_reader_reject(env, at, "empty input");
        return env->stop;
    }
    td_doc *d = td_doc_new();
    if (!d) {
        td_reader_reject(env, at, "out of memory");
        return env->stop;
    }
    char err[128] = "";
    char *out;
    size_t outlen;
    const char *from;
    if (td_to_utf8(&d->arena, buf, len, hint, fmt == TD_FMT_HTML, &out, &outlen, &from, err,
                   sizeof err)) {
        td_reader_reject(env, at, "%s", err[0] ? err : "cannot decode text");
        td_doc_free(d);
        return env->stop;
    }
    if (only_space(out, outlen)) {
        td_reader_reject(env, at, "no text in input");
        td_doc_free(d);
        return env->stop;
    }
    d->where = td_arena_strdup(&d->arena, at);
    d->format = fmt;
    d->ctype = fmt == TD_FMT_HTML ? TD_CT_HTML : TD_CT_TEXT;
    d->content = out;
    d->content_len = outlen;
    d->charset = from;
    unsigned char *raw = td_arena_alloc(&d->arena, len);
    if (!raw || !d->where) {
        td_reader_reject(env, at, "out of memory");
        td_doc_free(d);
        return env->stop;
    }
    memcpy(raw, buf, len);
    d->raw = raw;
    d->raw_len = len;
    return td_reader_emit(env, d);
}

int td_read_text(td_reader_env *env, const char *where, const unsigned char *buf, size_t len)
{
    return read_one(env, where, buf, len, NULL, TD_FMT_TEXT);
}

int td_read_html(td_reader_env *env, const char *where, const unsigned char *buf, size_t len,
                 const char *charset_hint)
{
    return read_one(env, where, buf, len, charset_hint, TD_FMT_HTML);
}
