/*
 * fuzz_words.c -- differential libFuzzer target for the story stages'
 * tokenizer (text/token.c): common words (ASCII letters and digits ended by
 * a byte that cannot join them to more) are taken whole from a 16-byte load
 * while 16 bytes of text are left, and byte by byte near the end. The input
 * and the input with 40 spaces after it (which add no word) take the two
 * ways for its last words; both must give the same words, offsets,
 * lower-cased forms, flags, sentence numbers and hashes, and each hash must
 * be td_text_hash of the lower-cased form. Also checks the promises every
 * tokenisation keeps: words in order, inside the text, never empty.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "text/text.h"

enum { PAD = 40, MAX_INPUT = 1 << 16 };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > MAX_INPUT) return 0;
    char *padded = malloc(size + PAD);
    if (!padded) return 0;
    if (size) memcpy(padded, data, size);
    memset(padded + size, ' ', PAD);
    td_text_words a, b;
    td_text_words_init(&a, 0);
    td_text_words_init(&b, 0);
    if (td_text_tokenize(&a, (const char *)data, size) != TD_TEXT_OK ||
        td_text_tokenize(&b, padded, size + PAD) != TD_TEXT_OK)
        abort();
    if (a.n != b.n || a.sentences != b.sentences) abort();
    uint32_t end = 0;
    for (size_t i = 0; i < a.n; i++) {
        const td_text_tok *x = &a.tok[i], *y = &b.tok[i];
        if (x->off != y->off || x->len != y->len || x->low_len != y->low_len ||
            x->flags != y->flags || x->sent != y->sent || x->hash != y->hash)
            abort();
        if (memcmp(td_text_low(&a, i), td_text_low(&b, i), x->low_len) != 0) abort();
        if (x->hash != td_text_hash(td_text_low(&a, i), x->low_len)) abort();
        if (x->len == 0 || x->low_len == 0 || x->off < end || x->off + x->len > size) abort();
        end = x->off + x->len;
    }
    td_text_words_free(&a);
    td_text_words_free(&b);
    free(padded);
    return 0;
}
