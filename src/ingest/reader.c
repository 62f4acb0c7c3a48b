#include "ingest/reader.h"

#include <stdarg.h>
#include <stdio.h>

static void vreport(td_reader_env *env, td_diag_level level, const char *where,
                    const char *fmt, va_list ap)
{
    char msg[512];
    vsnprintf(msg, sizeof msg, fmt, ap);
    if (env->diag) env->diag(env->diag_ctx, level, where ? where : env->name, msg);
}

void td_reader_reject(td_reader_env *env, const char *where, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(env, TD_DIAG_ERROR, where, fmt, ap);
    va_end(ap);
    env->rejected++;
}

void td_reader_warn(td_reader_env *env, const char *where, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(env, TD_DIAG_WARNING, where, fmt, ap);
    va_end(ap);
}

int td_reader_emit(td_reader_env *env, td_doc *doc)
{
    if (env->stop) {
        td_doc_free(doc);
        return 1;
    }
    if (env->emit(env->emit_ctx, doc)) env->stop = 1;
    return env->stop;
}
