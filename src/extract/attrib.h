/*
 * attrib.h -- attribution: who says what in an English news article.
 *
 * td_attrib_find reads each sentence for a speech or report cue and
 * fills a td_attribution (extract/entity.h) with the source, the cue, the
 * kind and the content:
 *
 *   Ana Ruiz said (that) the port reopened.          paraphrase, source before
 *   The port reopened, Ana Ruiz said.                paraphrase, content before
 *   "The port reopened," said Ana Ruiz, the mayor.   quote, inverted
 *   Ruiz told reporters (that) ... / said in a statement ... / said Monday ...
 *   According to the ministry, ... / ..., according to the ministry.
 *   The Ledger reported that ...                     report
 *   Ruiz confirmed / added / noted / warned / stressed / claimed / denied /
 *     announced / insisted / wrote / tweeted / posted on X ...
 *   The ministry declined to comment.                cue "decline"; content
 *                                                    "comment", may be empty
 *   ..., the source said, adding that ...           the participle takes the
 *                                                    source of the clause
 *   Ruiz said: "A. B."   /   "A. B," she said.       a quote may span sentences
 *
 * Cues come from a fixed lexicon (say, tell, report, according to, confirm,
 * decline, add, note, warn, stress, claim, deny, announce, insist, write,
 * tweet, post, disclose, state, explain, argue, acknowledge, admit, assert,
 * reveal, emphasize, reiterate, allege, reply, comment, cite; and, only
 * with "that" right after them, believe, think, assess, estimate, suggest,
 * indicate, conclude). A cue is skipped when it is negated ("did not
 * say"), passive ("is said to"), after a modal or "to", or a noun ("a
 * report", "Iran's claims").
 *
 * Sources and their kind (TD_SRC_*):
 *   - the word the source phrase turns on (its head: "spokesperson" in
 *     "the ministry's spokesperson", "person" in "a person familiar with
 *     the matter") decides. A head inside a mention takes the mention's
 *     type: person -> PERSON, outlet -> OUTLET, organisation, country,
 *     city, region -> ORG (a state speaks through its government).
 *   - anonymous heads ("official(s)", "source(s)", "person", "people",
 *     "diplomats", "analysts", "aides", "representatives", ...) -> ANON,
 *     whatever names modify them ("U.S. officials", "people briefed on").
 *   - institutional heads ("ministry", "mission", "government",
 *     "authorities", ...) -> ORG, linked to a mention of the body or state
 *     in the phrase when there is one ("the Iranian mission to the UN").
 *   - a spokesperson speaks on the record for a body: ORG linked to the
 *     body when the phrase names one ("a State Department spokesperson"),
 *     else OTHER (a description left unresolved), never ANON.
 *   - "a report by X", "a statement from X": the source is X.
 *   - he/she: linked to the nearest preceding person mention (within three
 *     sentences, not inside a quotation) when only one person is in view,
 *     or when the previous attribution's speaker is and no other person
 *     was named outside reported content since; else OTHER. "it" takes the
 *     previous attribution's organisation or outlet; "they", "we" are OTHER.
 *   - without mentions, named sources are OTHER (the text span is still
 *     right).
 *
 * Kinds: TD_ATTR_QUOTE when the content is a quotation; TD_ATTR_REPORT for
 * report, according to, citing, or an outlet's statement; else
 * TD_ATTR_PARAPHRASE. A content span is the quotation inside its marks or
 * the reported clause, trimmed of the cue, "that" and edge punctuation.
 *
 * Nesting: an attribution whose cue and source lie inside another's
 * content gets that one as parent ("X reported that Y said ..."; "Y said
 * ..., according to X" gives Y the parent X).
 *
 * Quotes: curly, straight and guillemet double quotes are paired left to
 * right within a paragraph (a line); a quote left open ends with its
 * paragraph, as news does for quotes that run on. Single quotes are not
 * quotation marks here (they are apostrophes too often).
 *
 * Matching is a hand-written scanner over tokens with explicit lengths,
 * case-aware (cue verbs in lower case, or in a title-case headline);
 * no regular expressions. Thread-safe; no allocation (about 20 KiB of
 * stack); linear time: each sentence is read in windows of at most 256
 * tokens, and memory does not grow with the input.
 */
#ifndef TD_EXTRACT_ATTRIB_H
#define TD_EXTRACT_ATTRIB_H

#include <stddef.h>

#include "extract/entity.h"

enum {
    TD_ATTRIB_OK = 0,
    TD_ATTRIB_FULL = 1, /* out[] filled up; what came later is dropped */
    TD_ATTRIB_EINVAL = 2 /* text or out is NULL while its length is not 0 */
};

/* Finds attributions in text[0..len) (UTF-8, need not be NUL-terminated).
 * sents: the sentence spans in text order (spans out of range or out of
 * order are clipped or skipped); attributions carry the index of their
 * sentence in this array. mentions: the article's mentions in text order,
 * resolved or not (may be NULL with nmentions 0; then source kinds rest on
 * the lexicon alone). Writes up to max attributions to out in text order
 * of their cues, *n their number; parent indexes point into out. */
int td_attrib_find(const char *text, size_t len, const td_span *sents, size_t nsents,
                   const td_mention *mentions, size_t nmentions, td_attribution *out,
                   size_t max, size_t *n);

/* A message for a return code. */
const char *td_attrib_strerror(int code);

#endif
