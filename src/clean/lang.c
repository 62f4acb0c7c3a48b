/*
 * lang.c -- language identification with libexttextcat.
 *
 * We load a short list of the major news languages (data/textcat.conf)
 * rather than all 160 models: loading is faster and the guesser is less
 * likely to pick an obscure language for short text.
 */
#include <libexttextcat/textcat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clean/clean.h"

/* The folder holding textcat.conf: $TIDINGS_DATA, the source tree's data/
 * (so a fresh build runs in place), then the installed data folder. */
static const char *find_conf(void)
{
    const char *env = getenv("TIDINGS_DATA");
    if (env && *env) return env;
    static const char *const dirs[] = {TD_SRCDATA, TD_DATADIR};
    for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
        char p[4096];
        snprintf(p, sizeof p, "%s/textcat.conf", dirs[i]);
        if (access(p, R_OK) == 0) return dirs[i];
    }
    return NULL;
}

void *td_clean_lang_open(char *err, size_t errlen)
{
    const char *dir = find_conf();
    if (!dir) {
        snprintf(err, errlen, "cannot find textcat.conf (set TIDINGS_DATA to the data folder)");
        return NULL;
    }
    char conf[4096];
    snprintf(conf, sizeof conf, "%s/textcat.conf", dir);
    void *h = special_textcat_Init(conf, TD_EXTTEXTCAT_DIR);
    if (!h) {
        snprintf(err, errlen, "cannot load language models listed in %s from %s", conf,
                 TD_EXTTEXTCAT_DIR);
        return NULL;
    }
    return h;
}

void td_clean_lang_close(void *h)
{
    if (h) textcat_Done(h);
}

const char *td_clean_lang_guess(void *h, const char *text, size_t len)
{
    /* Two kilobytes say as much as the whole article, and the guesser's
     * cost grows with the text. */
    if (len > 2048) {
        len = 2048;
        while (len > 0 && ((unsigned char)text[len] & 0xC0) == 0x80) len--;
    }
    if (len < 20) return NULL;
    const char *r = textcat_Classify(h, text, len);
    if (!r || r[0] != '[') return NULL; /* SHORT or UNKNOWN */
    /* "[en--utf8][de--utf8]": several candidates means unsure; take the
     * first only when it is alone. */
    const char *close = strchr(r, ']');
    if (!close || close[1] == '[') return NULL;
    static const char *const codes[] = {"en", "de", "fr", "es", "it", "pt", "nl", "ru", "uk",
                                        "pl", "tr", "ar", "fa", "he", "zh", "ja", "ko", "hi",
                                        "id", "sv", "da", "no", "nb", "fi", "cs", "el", "ro",
                                        "hu", "ur", "vi"};
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        size_t l = strlen(codes[i]);
        if (strncmp(r + 1, codes[i], l) == 0 && r[1 + l] == '-') return codes[i];
    }
    return NULL;
}
