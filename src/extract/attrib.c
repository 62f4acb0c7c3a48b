/*
 * attrib.c -- attribution: who says what (see attrib.h).
 *
 * A hand-written scanner, like timex.c and quantity.c: the work is not
 * matching strings but deciding, around each cue verb, which way the
 * source and the content lie, and a few rules over tokens do that with
 * explicit lengths and no backtracking.
 *
 * The file reads top-down:
 *   1. the lexicon: every word the rules know, with its roles, looked up
 *      through a hash table (util/lexhash.h) built once per process;
 *   2. quotation marks: a left-to-right pairing state carried across
 *      sentences, so a quote may open in one sentence and close in another;
 *   3. the tokenizer, which fills a window of at most MAXTOK tokens;
 *   4. phrase helpers: the source phrase before or after a cue, time
 *      words, "in a statement", the object of "told";
 *   5. the frames: one function per construction, each deciding where
 *      source and content lie;
 *   6. contents, source kinds, pronouns and parents;
 *   7. the driver, td_attrib_find.
 */
#include "extract/attrib.h"

#include <pthread.h>
#include <stdint.h>
#include <string.h>

#include "util/lexhash.h"

#define MAXTOK 256   /* tokens per window; a longer sentence is read in pieces */
#define MAXFR 32     /* attributions per window */
#define BACKNP 8     /* words in a source phrase before its cue */
#define FWDNP 12     /* words in a source phrase after its cue */
#define LOOKBACK 16  /* earlier attributions seen for parents and pronouns */
#define NOPOS SIZE_MAX

/* ---- 1. The lexicon ------------------------------------------------------ */

enum {
    LX_CUE = 1u << 0,
    LX_DET = 1u << 1,     /* a, the, his: a cue word after one is a noun */
    LX_STOP = 1u << 2,    /* that, which, who, when: no source phrase spans it */
    LX_SUBORD = 1u << 3,  /* when, while, after: opens an introductory clause */
    LX_AUX = 1u << 4,     /* has, also, later: may stand between source and cue */
    LX_MODAL = 1u << 5,
    LX_NEG = 1u << 6,
    LX_BE = 1u << 7,      /* a form of "be": "is said to" is no attribution */
    LX_DO = 1u << 8,
    LX_TIME = 1u << 9,    /* Monday, week, yesterday */
    LX_MONTH = 1u << 10,  /* only when capitalised ("May", "March") */
    LX_TMOD = 1u << 11,   /* on, last, this, late: before a time word */
    LX_PREP = 1u << 12,
    LX_MEDIUM = 1u << 13, /* statement, interview, X: "said in a statement" */
    LX_ANON = 1u << 14,   /* officials, sources, person: unnamed speakers */
    LX_INST = 1u << 15,   /* ministry, government: a body speaking */
    LX_SPOKES = 1u << 16, /* spokesperson: speaks for a body */
    LX_REPNOUN = 1u << 17, /* report, statement: "a report by X" */
    LX_PRON = 1u << 18,   /* he, she, it, they, we, I */
    LX_CONJ = 1u << 19,   /* and, or */
    LX_INTRO = 1u << 20,  /* however, meanwhile: sentence adverbs */
    LX_HEADCUT = 1u << 21, /* familiar, briefed: the head noun is before it */
    LX_TO = 1u << 22
};

/* Forms and classes of cue verbs. */
enum { FO_BASE = 1, FO_S, FO_PAST, FO_ING };
enum {
    CL_SAY = 1, /* plain speech verbs */
    CL_TELL,    /* "told Y (that)": an object before the content */
    CL_REPORT,  /* "reported (on)": a report attribution */
    CL_WEAK,    /* believe, assess: only with "that" right after */
    CL_DECLINE, /* "declined (to comment)" */
    CL_POST,    /* "posted on X" */
    CL_ACCORD,  /* "according to" */
    CL_CITE,    /* "citing X" */
    CL_QUOTED   /* "X quoted Y as saying ..." */
};

typedef struct lex {
    const char *w;
    uint8_t len, form, cls;
    uint32_t fl;
    const char *lemma;
} lex;

#define W(s, f) { s, sizeof s - 1, 0, 0, (f), NULL }
#define CUE(s, lemma, fo, cl, f) { s, sizeof s - 1, fo, cl, LX_CUE | (f), lemma }

/* Words are stored in lower case; the rules check the case of the text
 * themselves. A word has one entry with all its roles. */
static const lex LEX[] = {
    /* cue verbs */
    CUE("say", "say", FO_BASE, CL_SAY, 0), CUE("says", "say", FO_S, CL_SAY, 0),
    CUE("said", "say", FO_PAST, CL_SAY, 0), CUE("saying", "say", FO_ING, CL_SAY, 0),
    CUE("tell", "tell", FO_BASE, CL_TELL, 0), CUE("tells", "tell", FO_S, CL_TELL, 0),
    CUE("told", "tell", FO_PAST, CL_TELL, 0), CUE("telling", "tell", FO_ING, CL_TELL, 0),
    CUE("report", "report", FO_BASE, CL_REPORT, LX_REPNOUN),
    CUE("reports", "report", FO_S, CL_REPORT, LX_REPNOUN),
    CUE("reported", "report", FO_PAST, CL_REPORT, 0),
    CUE("reporting", "report", FO_ING, CL_REPORT, 0),
    CUE("according", "according to", FO_ING, CL_ACCORD, 0),
    CUE("citing", "cite", FO_ING, CL_CITE, 0),
    CUE("confirm", "confirm", FO_BASE, CL_SAY, 0), CUE("confirms", "confirm", FO_S, CL_SAY, 0),
    CUE("confirmed", "confirm", FO_PAST, CL_SAY, 0),
    CUE("confirming", "confirm", FO_ING, CL_SAY, 0),
    CUE("decline", "decline", FO_BASE, CL_DECLINE, 0),
    CUE("declines", "decline", FO_S, CL_DECLINE, 0),
    CUE("declined", "decline", FO_PAST, CL_DECLINE, 0),
    CUE("adds", "add", FO_S, CL_SAY, 0), CUE("added", "add", FO_PAST, CL_SAY, 0),
    CUE("adding", "add", FO_ING, CL_SAY, 0),
    CUE("notes", "note", FO_S, CL_SAY, 0), CUE("noted", "note", FO_PAST, CL_SAY, 0),
    CUE("noting", "note", FO_ING, CL_SAY, 0),
    CUE("warn", "warn", FO_BASE, CL_SAY, 0), CUE("warns", "warn", FO_S, CL_SAY, 0),
    CUE("warned", "warn", FO_PAST, CL_SAY, 0), CUE("warning", "warn", FO_ING, CL_SAY, 0),
    CUE("stresses", "stress", FO_S, CL_SAY, 0), CUE("stressed", "stress", FO_PAST, CL_SAY, 0),
    CUE("stressing", "stress", FO_ING, CL_SAY, 0),
    CUE("claim", "claim", FO_BASE, CL_SAY, 0), CUE("claims", "claim", FO_S, CL_SAY, 0),
    CUE("claimed", "claim", FO_PAST, CL_SAY, 0), CUE("claiming", "claim", FO_ING, CL_SAY, 0),
    CUE("deny", "deny", FO_BASE, CL_SAY, 0), CUE("denies", "deny", FO_S, CL_SAY, 0),
    CUE("denied", "deny", FO_PAST, CL_SAY, 0), CUE("denying", "deny", FO_ING, CL_SAY, 0),
    CUE("announce", "announce", FO_BASE, CL_SAY, 0),
    CUE("announces", "announce", FO_S, CL_SAY, 0),
    CUE("announced", "announce", FO_PAST, CL_SAY, 0),
    CUE("announcing", "announce", FO_ING, CL_SAY, 0),
    CUE("insist", "insist", FO_BASE, CL_SAY, 0), CUE("insists", "insist", FO_S, CL_SAY, 0),
    CUE("insisted", "insist", FO_PAST, CL_SAY, 0),
    CUE("insisting", "insist", FO_ING, CL_SAY, 0),
    CUE("writes", "write", FO_S, CL_SAY, 0), CUE("wrote", "write", FO_PAST, CL_SAY, 0),
    CUE("writing", "write", FO_ING, CL_SAY, 0),
    CUE("tweeted", "tweet", FO_PAST, CL_SAY, 0), CUE("tweeting", "tweet", FO_ING, CL_SAY, 0),
    CUE("posted", "post", FO_PAST, CL_POST, 0),
    CUE("disclose", "disclose", FO_BASE, CL_SAY, 0),
    CUE("discloses", "disclose", FO_S, CL_SAY, 0),
    CUE("disclosed", "disclose", FO_PAST, CL_SAY, 0),
    CUE("disclosing", "disclose", FO_ING, CL_SAY, 0),
    CUE("stated", "state", FO_PAST, CL_SAY, 0), CUE("stating", "state", FO_ING, CL_SAY, 0),
    CUE("explains", "explain", FO_S, CL_SAY, 0), CUE("explained", "explain", FO_PAST, CL_SAY, 0),
    CUE("explaining", "explain", FO_ING, CL_SAY, 0),
    CUE("argue", "argue", FO_BASE, CL_SAY, 0), CUE("argues", "argue", FO_S, CL_SAY, 0),
    CUE("argued", "argue", FO_PAST, CL_SAY, 0), CUE("arguing", "argue", FO_ING, CL_SAY, 0),
    CUE("acknowledge", "acknowledge", FO_BASE, CL_SAY, 0),
    CUE("acknowledges", "acknowledge", FO_S, CL_SAY, 0),
    CUE("acknowledged", "acknowledge", FO_PAST, CL_SAY, 0),
    CUE("acknowledging", "acknowledge", FO_ING, CL_SAY, 0),
    CUE("admit", "admit", FO_BASE, CL_SAY, 0), CUE("admits", "admit", FO_S, CL_SAY, 0),
    CUE("admitted", "admit", FO_PAST, CL_SAY, 0), CUE("admitting", "admit", FO_ING, CL_SAY, 0),
    CUE("asserts", "assert", FO_S, CL_SAY, 0), CUE("asserted", "assert", FO_PAST, CL_SAY, 0),
    CUE("asserting", "assert", FO_ING, CL_SAY, 0),
    CUE("reveal", "reveal", FO_BASE, CL_SAY, 0), CUE("reveals", "reveal", FO_S, CL_SAY, 0),
    CUE("revealed", "reveal", FO_PAST, CL_SAY, 0),
    CUE("revealing", "reveal", FO_ING, CL_SAY, 0),
    CUE("emphasizes", "emphasize", FO_S, CL_SAY, 0),
    CUE("emphasises", "emphasize", FO_S, CL_SAY, 0),
    CUE("emphasized", "emphasize", FO_PAST, CL_SAY, 0),
    CUE("emphasised", "emphasize", FO_PAST, CL_SAY, 0),
    CUE("emphasizing", "emphasize", FO_ING, CL_SAY, 0),
    CUE("emphasising", "emphasize", FO_ING, CL_SAY, 0),
    CUE("reiterates", "reiterate", FO_S, CL_SAY, 0),
    CUE("reiterated", "reiterate", FO_PAST, CL_SAY, 0),
    CUE("reiterating", "reiterate", FO_ING, CL_SAY, 0),
    CUE("alleges", "allege", FO_S, CL_SAY, 0), CUE("alleged", "allege", FO_PAST, CL_SAY, 0),
    CUE("alleging", "allege", FO_ING, CL_SAY, 0),
    CUE("replied", "reply", FO_PAST, CL_SAY, 0), CUE("replies", "reply", FO_S, CL_SAY, 0),
    CUE("commented", "comment", FO_PAST, CL_SAY, 0),
    CUE("quoted", "quote", FO_PAST, CL_QUOTED, 0), CUE("quotes", "quote", FO_S, CL_QUOTED, 0),
    CUE("believe", "believe", FO_BASE, CL_WEAK, 0),
    CUE("believes", "believe", FO_S, CL_WEAK, 0),
    CUE("believed", "believe", FO_PAST, CL_WEAK, 0),
    CUE("think", "think", FO_BASE, CL_WEAK, 0), CUE("thinks", "think", FO_S, CL_WEAK, 0),
    CUE("thought", "think", FO_PAST, CL_WEAK, 0),
    CUE("assess", "assess", FO_BASE, CL_WEAK, 0), CUE("assesses", "assess", FO_S, CL_WEAK, 0),
    CUE("assessed", "assess", FO_PAST, CL_WEAK, 0),
    CUE("estimate", "estimate", FO_BASE, CL_WEAK, 0),
    CUE("estimates", "estimate", FO_S, CL_WEAK, 0),
    CUE("estimated", "estimate", FO_PAST, CL_WEAK, 0),
    CUE("suggested", "suggest", FO_PAST, CL_WEAK, 0),
    CUE("suggests", "suggest", FO_S, CL_WEAK, 0),
    CUE("indicated", "indicate", FO_PAST, CL_WEAK, 0),
    CUE("indicates", "indicate", FO_S, CL_WEAK, 0),
    CUE("concluded", "conclude", FO_PAST, CL_WEAK, 0),
    CUE("concludes", "conclude", FO_S, CL_WEAK, 0),

    /* determiners */
    W("a", LX_DET), W("an", LX_DET), W("the", LX_DET), W("this", LX_DET | LX_TMOD),
    W("these", LX_DET), W("those", LX_DET), W("his", LX_DET), W("her", LX_DET),
    W("its", LX_DET), W("their", LX_DET), W("our", LX_DET), W("my", LX_DET),
    W("your", LX_DET), W("such", LX_DET), W("any", LX_DET), W("every", LX_DET),
    W("each", LX_DET), W("another", LX_DET), W("some", LX_DET), W("no", LX_DET),

    /* words no source phrase spans */
    W("that", LX_STOP), W("which", LX_STOP), W("who", LX_STOP), W("whom", LX_STOP),
    W("whose", LX_STOP), W("where", LX_STOP), W("why", LX_STOP), W("how", LX_STOP),
    W("what", LX_STOP), W("whether", LX_STOP), W("than", LX_STOP),
    W("when", LX_STOP | LX_SUBORD), W("while", LX_STOP | LX_SUBORD),
    W("whereas", LX_STOP | LX_SUBORD), W("because", LX_STOP | LX_SUBORD),
    W("as", LX_STOP | LX_SUBORD), W("if", LX_STOP | LX_SUBORD),
    W("after", LX_STOP | LX_SUBORD | LX_PREP), W("before", LX_STOP | LX_SUBORD | LX_PREP),
    W("since", LX_STOP | LX_SUBORD | LX_PREP), W("although", LX_STOP | LX_SUBORD),
    W("though", LX_STOP | LX_SUBORD), W("until", LX_STOP | LX_SUBORD | LX_PREP),
    W("unless", LX_STOP | LX_SUBORD), W("once", LX_STOP | LX_SUBORD),
    W("so", LX_STOP | LX_INTRO), W("but", LX_STOP | LX_INTRO), W("yet", LX_STOP | LX_INTRO),
    W("nor", LX_STOP),

    /* between a source and its cue */
    W("has", LX_AUX), W("have", LX_AUX), W("had", LX_AUX), W("also", LX_AUX | LX_INTRO),
    W("previously", LX_AUX), W("repeatedly", LX_AUX), W("publicly", LX_AUX),
    W("privately", LX_AUX), W("separately", LX_AUX | LX_INTRO), W("then", LX_AUX | LX_INTRO),
    W("again", LX_AUX), W("already", LX_AUX), W("reportedly", LX_AUX),
    W("further", LX_AUX), W("subsequently", LX_AUX), W("first", LX_AUX),
    W("initially", LX_AUX), W("just", LX_AUX), W("still", LX_AUX | LX_INTRO),
    W("often", LX_AUX), W("openly", LX_AUX), W("explicitly", LX_AUX),
    W("specifically", LX_AUX), W("immediately", LX_AUX), W("similarly", LX_AUX | LX_INTRO),
    W("likewise", LX_AUX | LX_INTRO), W("only", LX_AUX), W("even", LX_AUX),
    W("frequently", LX_AUX), W("clearly", LX_AUX), W("flatly", LX_AUX),
    W("quickly", LX_AUX), W("strongly", LX_AUX), W("formally", LX_AUX),
    W("officially", LX_AUX), W("jointly", LX_AUX),

    W("will", LX_MODAL), W("would", LX_MODAL), W("could", LX_MODAL), W("can", LX_MODAL),
    W("might", LX_MODAL), W("should", LX_MODAL), W("must", LX_MODAL), W("shall", LX_MODAL),
    W("may", LX_MODAL | LX_MONTH), W("not", LX_NEG), W("never", LX_NEG),
    W("cannot", LX_NEG | LX_MODAL),
    W("is", LX_BE), W("are", LX_BE), W("was", LX_BE), W("were", LX_BE), W("be", LX_BE),
    W("been", LX_BE), W("being", LX_BE), W("do", LX_DO), W("does", LX_DO), W("did", LX_DO),
    W("to", LX_TO | LX_PREP),

    /* time */
    W("monday", LX_TIME), W("tuesday", LX_TIME), W("wednesday", LX_TIME),
    W("thursday", LX_TIME), W("friday", LX_TIME), W("saturday", LX_TIME),
    W("sunday", LX_TIME), W("today", LX_TIME), W("yesterday", LX_TIME),
    W("tonight", LX_TIME), W("tomorrow", LX_TIME), W("morning", LX_TIME),
    W("afternoon", LX_TIME), W("evening", LX_TIME), W("night", LX_TIME),
    W("week", LX_TIME), W("weekend", LX_TIME), W("month", LX_TIME), W("year", LX_TIME),
    W("weeks", LX_TIME), W("months", LX_TIME), W("years", LX_TIME), W("days", LX_TIME),
    W("day", LX_TIME), W("hours", LX_TIME), W("ago", LX_TIME),
    W("earlier", LX_TIME | LX_TMOD | LX_INTRO), W("later", LX_TIME | LX_TMOD | LX_INTRO),
    W("recently", LX_TIME | LX_AUX), W("now", LX_TIME | LX_AUX | LX_INTRO),
    W("last", LX_TMOD), W("next", LX_TMOD), W("late", LX_TMOD), W("early", LX_TMOD),
    W("past", LX_TMOD),
    W("january", LX_MONTH), W("february", LX_MONTH), W("march", LX_MONTH),
    W("april", LX_MONTH), W("june", LX_MONTH), W("july", LX_MONTH), W("august", LX_MONTH),
    W("september", LX_MONTH), W("october", LX_MONTH), W("november", LX_MONTH),
    W("december", LX_MONTH), W("jan", LX_MONTH), W("feb", LX_MONTH), W("mar", LX_MONTH),
    W("apr", LX_MONTH), W("jun", LX_MONTH), W("jul", LX_MONTH), W("aug", LX_MONTH),
    W("sep", LX_MONTH), W("sept", LX_MONTH), W("oct", LX_MONTH), W("nov", LX_MONTH),
    W("dec", LX_MONTH),

    /* prepositions ("on" and "in" also open time phrases) */
    W("of", LX_PREP), W("for", LX_PREP), W("from", LX_PREP | LX_HEADCUT),
    W("at", LX_PREP), W("in", LX_PREP | LX_TMOD), W("with", LX_PREP),
    W("on", LX_PREP | LX_TMOD), W("by", LX_PREP), W("during", LX_PREP),
    W("via", LX_PREP), W("through", LX_PREP), W("about", LX_PREP), W("over", LX_PREP),
    W("into", LX_PREP), W("amid", LX_PREP), W("within", LX_PREP), W("inside", LX_PREP),
    W("near", LX_PREP), W("under", LX_PREP), W("across", LX_PREP), W("without", LX_PREP),
    W("toward", LX_PREP), W("towards", LX_PREP), W("against", LX_PREP),

    /* where statements are made */
    W("statement", LX_MEDIUM | LX_REPNOUN), W("statements", LX_MEDIUM | LX_REPNOUN),
    W("interview", LX_MEDIUM | LX_REPNOUN), W("interviews", LX_MEDIUM),
    W("speech", LX_MEDIUM), W("briefing", LX_MEDIUM), W("conference", LX_MEDIUM),
    W("address", LX_MEDIUM), W("letter", LX_MEDIUM | LX_REPNOUN), W("post", LX_MEDIUM),
    W("message", LX_MEDIUM), W("remarks", LX_MEDIUM), W("video", LX_MEDIUM),
    W("tweet", LX_MEDIUM), W("broadcast", LX_MEDIUM | LX_REPNOUN), W("podcast", LX_MEDIUM),
    W("hearing", LX_MEDIUM), W("call", LX_MEDIUM), W("announcement", LX_MEDIUM),
    W("communique", LX_MEDIUM), W("op-ed", LX_MEDIUM | LX_REPNOUN), W("essay", LX_MEDIUM),
    W("column", LX_MEDIUM), W("blog", LX_MEDIUM), W("website", LX_MEDIUM),
    W("x", LX_MEDIUM), W("twitter", LX_MEDIUM), W("facebook", LX_MEDIUM),
    W("telegram", LX_MEDIUM), W("instagram", LX_MEDIUM), W("tiktok", LX_MEDIUM),
    W("youtube", LX_MEDIUM), W("media", LX_MEDIUM), W("social", LX_MEDIUM),
    W("television", LX_MEDIUM), W("televised", LX_MEDIUM), W("radio", LX_MEDIUM),
    W("reporters", LX_MEDIUM), W("journalists", LX_MEDIUM), W("press", LX_MEDIUM),
    W("news", LX_MEDIUM), W("session", LX_MEDIUM), W("meeting", LX_MEDIUM),
    W("appearance", LX_MEDIUM), W("newsletter", LX_MEDIUM), W("filing", LX_MEDIUM),

    /* heads of source phrases */
    W("official", LX_ANON), W("officials", LX_ANON), W("source", LX_ANON),
    W("sources", LX_ANON), W("person", LX_ANON), W("people", LX_ANON),
    W("persons", LX_ANON), W("diplomat", LX_ANON), W("diplomats", LX_ANON),
    W("analyst", LX_ANON), W("analysts", LX_ANON), W("expert", LX_ANON),
    W("experts", LX_ANON), W("insider", LX_ANON), W("insiders", LX_ANON),
    W("aide", LX_ANON), W("aides", LX_ANON), W("representative", LX_ANON),
    W("representatives", LX_ANON), W("observer", LX_ANON), W("observers", LX_ANON),
    W("witness", LX_ANON), W("witnesses", LX_ANON), W("resident", LX_ANON),
    W("residents", LX_ANON), W("individual", LX_ANON), W("individuals", LX_ANON),
    W("someone", LX_ANON), W("staffer", LX_ANON), W("staffers", LX_ANON),
    W("negotiator", LX_ANON), W("negotiators", LX_ANON), W("lawmaker", LX_ANON),
    W("lawmakers", LX_ANON), W("adviser", LX_ANON), W("advisers", LX_ANON),
    W("advisor", LX_ANON), W("advisors", LX_ANON), W("officer", LX_ANON),
    W("officers", LX_ANON), W("investigators", LX_ANON), W("employees", LX_ANON),
    W("members", LX_ANON), W("figures", LX_ANON), W("envoys", LX_ANON),

    W("ministry", LX_INST), W("ministries", LX_INST), W("department", LX_INST),
    W("government", LX_INST), W("administration", LX_INST), W("office", LX_INST),
    W("embassy", LX_INST), W("mission", LX_INST), W("army", LX_INST),
    W("military", LX_INST), W("agency", LX_INST), W("committee", LX_INST),
    W("council", LX_INST), W("court", LX_INST), W("police", LX_INST),
    W("parliament", LX_INST), W("cabinet", LX_INST), W("presidency", LX_INST),
    W("authorities", LX_INST), W("authority", LX_INST), W("command", LX_INST),
    W("secretariat", LX_INST), W("regime", LX_INST), W("company", LX_INST),
    W("firm", LX_INST), W("group", LX_INST), W("organization", LX_INST),
    W("organisation", LX_INST), W("spokespeople", LX_SPOKES),
    W("spokesperson", LX_SPOKES), W("spokesman", LX_SPOKES), W("spokeswoman", LX_SPOKES),
    W("spokespersons", LX_SPOKES), W("spokesmen", LX_SPOKES),

    W("article", LX_REPNOUN), W("story", LX_REPNOUN), W("analysis", LX_REPNOUN),
    W("investigation", LX_REPNOUN), W("survey", LX_REPNOUN), W("study", LX_REPNOUN),
    W("dispatch", LX_REPNOUN), W("document", LX_REPNOUN), W("documents", LX_REPNOUN),
    W("memo", LX_REPNOUN), W("readout", LX_REPNOUN), W("transcript", LX_REPNOUN),
    W("cable", LX_REPNOUN),

    W("he", LX_PRON), W("she", LX_PRON), W("it", LX_PRON), W("they", LX_PRON),
    W("we", LX_PRON), W("i", LX_PRON),
    W("and", LX_CONJ), W("or", LX_CONJ),
    W("however", LX_INTRO), W("meanwhile", LX_INTRO), W("moreover", LX_INTRO),
    W("furthermore", LX_INTRO), W("instead", LX_INTRO), W("indeed", LX_INTRO),
    W("additionally", LX_INTRO), W("thus", LX_INTRO),
    W("familiar", LX_HEADCUT), W("close", LX_HEADCUT), W("briefed", LX_HEADCUT),
    W("knowledgeable", LX_HEADCUT), W("involved", LX_HEADCUT), W("aware", LX_HEADCUT),
};

#define NLEX (sizeof LEX / sizeof LEX[0])

/* ---- the call's state ---------------------------------------------------- */

enum { Q_NONE = 0, Q_CURLY, Q_STRAIGHT, Q_GUIL };

typedef struct ctx {
    const char *t;
    size_t len;
    const td_span *sents;
    size_t nsents;
    const td_mention *men;
    size_t nmen;

    /* quotation marks: state at qpos */
    size_t qpos;
    int qkind;                /* Q_* of the open quote, Q_NONE when closed */
    size_t qopen_e;           /* where the open quote's text starts */
    int have_last;            /* a quote was closed by a mark */
    size_t last_open_e, last_close_s, last_close_e;

    td_attribution *out;
    size_t max, n;
    int full;
} ctx;

/* The lexicon's hash table: a function of LEX alone, so it is built once
 * per process (pthread_once) and only read after that. */
static td_lexhash lex_table;
static pthread_once_t lex_once = PTHREAD_ONCE_INIT;

static void lex_build(void)
{
    for (size_t k = 0; k < NLEX; k++) td_lexhash_add(&lex_table, LEX[k].w, LEX[k].len, (unsigned)k);
}

/* The lexicon entry of a word (any case), or -1. */
static int lex_find(const unsigned char *s, size_t n)
{
    return td_lexhash_find(&lex_table, (const char *)s, n);
}

/* ---- 2. Quotation marks -------------------------------------------------- */

enum { MK_NONE = 0, MK_CO, MK_CC, MK_ST, MK_GO, MK_GC };

/* The quotation mark at t[i..to), if any, and its length. */
static int qmark(const unsigned char *t, size_t to, size_t i, size_t *ml)
{
    unsigned char ch = t[i];
    if (ch == '"') { *ml = 1; return MK_ST; }
    if (ch == 0xE2 && i + 2 < to && t[i + 1] == 0x80) {
        *ml = 3;
        if (t[i + 2] == 0x9C) return MK_CO;
        if (t[i + 2] == 0x9D) return MK_CC;
        return MK_NONE;
    }
    if (ch == 0xC2 && i + 1 < to) {
        *ml = 2;
        if (t[i + 1] == 0xAB) return MK_GO;
        if (t[i + 1] == 0xBB) return MK_GC;
    }
    return MK_NONE;
}

static int closes(int qkind, int mk)
{
    return (qkind == Q_CURLY && mk == MK_CC) || (qkind == Q_STRAIGHT && mk == MK_ST) ||
           (qkind == Q_GUIL && mk == MK_GC);
}

enum { R_NONE = 0, R_OPEN, R_CLOSE, R_STRAY };

/* Moves the pairing state over one mark at [s, e). A quote left open is
 * closed by the end of its line; marks of another kind inside an open
 * quote are left alone, so a stray mark cannot swap opens and closes for
 * the rest of the paragraph. */
static int q_feed(ctx *c, int mk, size_t s, size_t e, size_t *open_e)
{
    if (c->qkind == Q_NONE) {
        if (mk == MK_CO) c->qkind = Q_CURLY;
        else if (mk == MK_ST) c->qkind = Q_STRAIGHT;
        else if (mk == MK_GO) c->qkind = Q_GUIL;
        else return R_STRAY;
        c->qopen_e = e;
        return R_OPEN;
    }
    if (!closes(c->qkind, mk)) return R_STRAY;
    *open_e = c->qopen_e;
    c->qkind = Q_NONE;
    c->have_last = 1;
    c->last_open_e = c->qopen_e;
    c->last_close_s = s;
    c->last_close_e = e;
    return R_CLOSE;
}

/* Moves the state over text that is in no window (between sentences). */
static void q_skip(ctx *c, size_t to)
{
    const unsigned char *t = (const unsigned char *)c->t;
    size_t i = c->qpos;
    while (i < to) {
        unsigned char ch = t[i];
        if (ch == '\n') {
            c->qkind = Q_NONE;
            i++;
            continue;
        }
        if (ch == '"' || ch == 0xE2 || ch == 0xC2) {
            size_t ml = 1, oe;
            int mk = qmark(t, to, i, &ml);
            if (mk != MK_NONE) {
                q_feed(c, mk, i, i + ml, &oe);
                i += ml;
                continue;
            }
        }
        i++;
    }
    if (i > c->qpos) c->qpos = i;
}

/* Where the quote whose text starts at open_e ends: its closing mark or the
 * end of its line. */
static size_t q_lookahead(const ctx *c, size_t open_e, int qkind)
{
    const unsigned char *t = (const unsigned char *)c->t;
    size_t i = open_e;
    while (i < c->len) {
        unsigned char ch = t[i];
        if (ch == '\n') return i;
        if (ch == '"' || ch == 0xE2 || ch == 0xC2) {
            size_t ml = 1;
            int mk = qmark(t, c->len, i, &ml);
            if (mk != MK_NONE && closes(qkind, mk)) return i;
            if (mk != MK_NONE) {
                i += ml;
                continue;
            }
        }
        i++;
    }
    return c->len;
}

/* ---- 3. Tokens ----------------------------------------------------------- */

enum {
    T_WORD = 1, T_POSS, /* "'s" or a plural's "'" */
    T_COMMA, T_SEMI, T_COLON, T_DOT, /* . ! ? ... */
    T_DASH, T_PAREN, T_QOPEN, T_QCLOSE, T_QSTRAY, T_OTHER
};

enum { TF_CAP = 1, TF_DIGIT = 2, TF_NEG = 4, TF_LOWER = 8 };

typedef struct tok {
    size_t s, e;
    size_t match;  /* QOPEN: where its quote's text ends (NOPOS until asked);
                      QCLOSE: where its quote's text starts */
    int32_t men;   /* the mention this word is in, or -1 */
    int16_t lex;   /* lexicon entry, or -1 */
    uint8_t kind, flags, qkind, used;
} tok;

typedef struct win {
    tok t[MAXTOK];
    int nt;
    uint32_t sentence;
    size_t from, to;
} win;

/* Length of a multi-byte punctuation or space character at t[i], 0 when
 * the byte starts a letter. U+2000..U+202F (spaces, dashes, quotes,
 * ellipsis) and U+00A0, U+00AB, U+00BB. */
static size_t upunct(const unsigned char *t, size_t to, size_t i)
{
    if (t[i] == 0xE2 && i + 2 < to && t[i + 1] == 0x80 && t[i + 2] >= 0x80 && t[i + 2] <= 0xAF)
        return 3;
    if (t[i] == 0xC2 && i + 1 < to && (t[i + 1] == 0xA0 || t[i + 1] == 0xAB || t[i + 1] == 0xBB))
        return 2;
    return 0;
}

/* ASCII letters and digits, by byte: a table because the tokenizer asks
 * for every byte of every word (as Lua's lctype.c does). */
static const uint8_t ALNUM[256] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0,
    0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0,
    0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
};

static int is_alnum(unsigned char ch)
{
    return ALNUM[ch];
}

static int is_letter_at(const unsigned char *t, size_t to, size_t i)
{
    if (i >= to) return 0;
    if (t[i] < 0x80) return (t[i] | 32) >= 'a' && (t[i] | 32) <= 'z';
    return upunct(t, to, i) == 0;
}

static void push(win *w, int kind, size_t s, size_t e)
{
    tok *k = &w->t[w->nt++];
    k->s = s;
    k->e = e;
    k->kind = (uint8_t)kind;
    k->flags = 0;
    k->lex = -1;
    k->men = -1;
    k->match = NOPOS;
    k->qkind = 0;
    k->used = 0;
}

static void push_word(const ctx *c, win *w, size_t s, size_t e)
{
    const unsigned char *t = (const unsigned char *)c->t;
    push(w, T_WORD, s, e);
    tok *k = &w->t[w->nt - 1];
    unsigned char ch = t[s];
    if (ch >= 'A' && ch <= 'Z') k->flags |= TF_CAP;
    else if (ch >= '0' && ch <= '9') k->flags |= TF_DIGIT;
    else if (ch >= 'a' && ch <= 'z') k->flags |= TF_LOWER;
    else if (ch == 0xC3 && s + 1 < e && t[s + 1] >= 0x80 && t[s + 1] <= 0x9E && t[s + 1] != 0x97)
        k->flags |= TF_CAP; /* Latin-1 capitals */
    size_t n = e - s;
    if ((n >= 3 && t[e - 1] == 't' && t[e - 2] == '\'' && t[e - 3] == 'n') ||
        (n >= 5 && t[e - 1] == 't' && t[e - 2] == 0x99 && t[e - 3] == 0x80 && t[e - 4] == 0xE2 &&
         t[e - 5] == 'n'))
        k->flags |= TF_NEG;
    k->lex = (int16_t)lex_find(t + s, n);
}

/* Reads tokens from [from, to) into w, at most MAXTOK; returns where it
 * stopped. Drives the quotation state over every mark and line end. */
static size_t tokenize(ctx *c, size_t from, size_t to, win *w)
{
    const unsigned char *t = (const unsigned char *)c->t;
    size_t i = from;
    w->nt = 0;
    w->from = from;
    while (i < to && w->nt < MAXTOK) {
        unsigned char ch = t[i];
        if (ch == '\n') {
            c->qkind = Q_NONE;
            i++;
            continue;
        }
        if (ch == ' ' || ch == '\t' || ch == '\r' || ch == '\f' || ch == '\v') {
            i++;
            continue;
        }
        size_t ml = 1;
        int mk = qmark(t, to, i, &ml);
        if (mk != MK_NONE) {
            size_t oe = 0;
            int role = q_feed(c, mk, i, i + ml, &oe);
            push(w, role == R_OPEN ? T_QOPEN : role == R_CLOSE ? T_QCLOSE : T_QSTRAY, i, i + ml);
            tok *k = &w->t[w->nt - 1];
            if (role == R_OPEN) k->qkind = (uint8_t)c->qkind;
            if (role == R_CLOSE) {
                k->match = oe;
                /* pair with its open when both are in this window */
                for (int j = w->nt - 2; j >= 0; j--)
                    if (w->t[j].kind == T_QOPEN && w->t[j].e == oe) {
                        w->t[j].match = i;
                        break;
                    }
            }
            i += ml;
            continue;
        }
        size_t ul = upunct(t, to, i);
        if (ul) {
            unsigned char c3 = ul == 3 ? t[i + 2] : 0;
            if (ul == 2 || c3 <= 0x8F || c3 == 0xA8 || c3 == 0xA9 || c3 == 0xAF) {
                /* no-break, thin and other spaces */
            } else if (c3 == 0x93 || c3 == 0x94 || c3 == 0x95) {
                push(w, T_DASH, i, i + ul);
            } else if (c3 == 0xA6) {
                push(w, T_DOT, i, i + ul);
            } else if (c3 == 0x99 && w->nt > 0 && w->t[w->nt - 1].kind == T_WORD &&
                       w->t[w->nt - 1].e == i && t[i - 1] == 's') {
                push(w, T_POSS, i, i + ul); /* "officials’" */
            } else {
                push(w, T_OTHER, i, i + ul);
            }
            i += ul;
            continue;
        }
        if (ch >= 0x80 || is_alnum(ch)) {
            size_t s = i;
            int dots = 0, poss = 0;
            size_t pe = 0;
            while (i < to) {
                while (i < to && is_alnum(t[i])) i++;
                if (i >= to) break;
                unsigned char d = t[i];
                if (d < 0x80) {
                    if ((d == '-' || d == '&') && i > s && i + 1 < to && is_alnum(t[i + 1])) {
                        i++;
                        continue;
                    }
                    if ((d == ',' || d == '.') && t[i - 1] >= '0' && t[i - 1] <= '9' &&
                        i + 1 < to && t[i + 1] >= '0' && t[i + 1] <= '9') {
                        i++;
                        continue;
                    }
                    if (d == '.') {
                        if (is_letter_at(t, to, i + 1) && i + 1 < to && t[i + 1] < 0x80) {
                            dots++;
                            i++;
                            continue; /* "U.S", "e.g" */
                        }
                        if (dots > 0 || (i - s == 1 && t[s] >= 'A' && t[s] <= 'Z')) i++; /* "U.S.", "D." */
                        break;
                    }
                    if (d == '\'') {
                        if (i + 1 < to && (t[i + 1] == 's' || t[i + 1] == 'S') &&
                            !is_letter_at(t, to, i + 2)) {
                            poss = 1;
                            pe = i + 2;
                            break;
                        }
                        if (is_letter_at(t, to, i + 1)) { i++; continue; }
                    }
                    break;
                }
                size_t ul2 = upunct(t, to, i);
                if (ul2 == 0) { i++; continue; }
                if (ul2 == 3 && t[i + 2] == 0x99) { /* ’ */
                    if (i + 3 < to && (t[i + 3] == 's' || t[i + 3] == 'S') &&
                        !is_letter_at(t, to, i + 4)) {
                        poss = 1;
                        pe = i + 4;
                        break;
                    }
                    if (is_letter_at(t, to, i + 3)) { i += 3; continue; }
                }
                if (ul2 == 3 && (t[i + 2] == 0x90 || t[i + 2] == 0x91) && i > s &&
                    is_letter_at(t, to, i + 3)) {
                    i += 3;
                    continue; /* a Unicode hyphen inside a word */
                }
                break;
            }
            push_word(c, w, s, i);
            if (poss && w->nt < MAXTOK) {
                push(w, T_POSS, i, pe);
                i = pe;
            }
            continue;
        }
        int kind = T_OTHER;
        switch (ch) {
        case ',': kind = T_COMMA; break;
        case ';': kind = T_SEMI; break;
        case ':': kind = T_COLON; break;
        case '.': case '!': case '?': kind = T_DOT; break;
        case '(': case ')': case '[': case ']': kind = T_PAREN; break;
        case '-': kind = T_DASH; break;
        default: break;
        }
        push(w, kind, i, i + 1);
        i++;
    }
    if (i > c->qpos) c->qpos = i;
    w->to = i;
    return i;
}

/* The first mention whose end lies after pos (mentions are in text order). */
static size_t men_lower(const ctx *c, size_t pos)
{
    size_t lo = 0, hi = c->nmen;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (c->men[mid].end <= pos) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

static void map_mentions(const ctx *c, win *w)
{
    if (!c->nmen || !w->nt) return;
    size_t m = men_lower(c, w->t[0].s);
    int k = 0;
    while (m < c->nmen && k < w->nt) {
        const td_mention *mm = &c->men[m];
        if (mm->start >= mm->end || mm->end > c->len) { m++; continue; }
        if (mm->start >= w->to) break;
        if (w->t[k].e <= mm->start) { k++; continue; }
        if (w->t[k].s >= mm->end) { m++; continue; }
        if (w->t[k].kind == T_WORD) w->t[k].men = (int32_t)m;
        k++;
    }
}

/* ---- 4. Phrase helpers --------------------------------------------------- */

static uint32_t tfl(const tok *k)
{
    return k->kind == T_WORD && k->lex >= 0 ? LEX[k->lex].fl : 0;
}

static const lex *tlex(const tok *k)
{
    return k->kind == T_WORD && k->lex >= 0 ? &LEX[k->lex] : NULL;
}

static int is(const tok *k, const char *w)
{
    const lex *L = tlex(k);
    return L && strcmp(L->w, w) == 0;
}

static int word(const win *w, int i)
{
    return i >= 0 && i < w->nt && w->t[i].kind == T_WORD;
}

static int cap(const win *w, int i)
{
    return word(w, i) && (w->t[i].flags & TF_CAP);
}

static int kind_at(const win *w, int i, int kind)
{
    return i >= 0 && i < w->nt && w->t[i].kind == kind;
}

/* A period right after a word that does not end the window: "Gen.",
 * "Oct.". */
static int abbrev_dot(const win *w, int i)
{
    return kind_at(w, i, T_DOT) && i > 0 && w->t[i - 1].kind == T_WORD &&
           w->t[i - 1].e == w->t[i].s && i + 1 < w->nt && w->t[i + 1].kind == T_WORD;
}

/* A word that names a time: "Monday", "week", "October", or a day number
 * after a month. */
static int is_time(const win *w, int i)
{
    if (!word(w, i)) return 0;
    uint32_t f = tfl(&w->t[i]);
    if (f & LX_TIME) return 1;
    if ((f & LX_MONTH) && (w->t[i].flags & TF_CAP)) return 1;
    if (w->t[i].flags & TF_DIGIT) {
        int p = i - 1;
        if (abbrev_dot(w, p)) p--;
        return word(w, p) && (tfl(&w->t[p]) & LX_MONTH) && (w->t[p].flags & TF_CAP);
    }
    return 0;
}

/* Skips a time phrase at i: "on Monday", "late Tuesday", "earlier this
 * week", "on Oct. 3". */
static int skip_time(const win *w, int i)
{
    for (;;) {
        if (is_time(w, i)) { i++; continue; }
        if (abbrev_dot(w, i) && is_time(w, i - 1)) { i++; continue; }
        if (word(w, i) && (tfl(&w->t[i]) & LX_TMOD)) {
            int j = i + 1;
            while (word(w, j) && (tfl(&w->t[j]) & (LX_TMOD | LX_DET)) && j < i + 3) j++;
            if (is_time(w, j)) { i = j; continue; }
        }
        return i;
    }
}

/* Skips what may stand between a cue and its content: time phrases and
 * "in a statement", "on X", "to reporters", "in an interview with CNN". */
static int skip_after(const win *w, int j)
{
    for (;;) {
        int k = skip_time(w, j);
        if (k != j) { j = k; continue; }
        if (word(w, j) && (tfl(&w->t[j]) & LX_PREP)) {
            k = j + 1;
            int n = 0;
            while (word(w, k) && !(tfl(&w->t[k]) & (LX_MEDIUM | LX_STOP | LX_CUE)) && n < 3) {
                k++;
                n++;
            }
            if (word(w, k) && (tfl(&w->t[k]) & LX_MEDIUM)) {
                while (word(w, k) && (tfl(&w->t[k]) & LX_MEDIUM)) k++;
                if (word(w, k) && (is(&w->t[k], "with") || is(&w->t[k], "to")) && cap(w, k + 1)) {
                    k++;
                    while (cap(w, k) || kind_at(w, k, T_POSS)) k++;
                }
                j = k;
                continue;
            }
        }
        return j;
    }
}

/* The object of "told": "told reporters", "told Al Jazeera", "told the
 * newspaper", or everything up to a "that" close by. */
static int skip_object(const win *w, int j)
{
    for (int k = j; k < w->nt && k < j + 8; k++) {
        if (is(&w->t[k], "that")) return k;
        if (w->t[k].kind != T_WORD && w->t[k].kind != T_POSS && !abbrev_dot(w, k)) break;
    }
    if (!word(w, j)) return j;
    if (w->t[j].men >= 0) {
        int32_t m = w->t[j].men;
        while (word(w, j) && w->t[j].men == m) j++;
        return j;
    }
    if (tfl(&w->t[j]) & LX_DET) {
        j++;
        if (cap(w, j)) {
            while (cap(w, j)) j++;
        } else if (word(w, j)) {
            j++;
        }
        return j;
    }
    if (cap(w, j)) {
        int n = 0;
        while (cap(w, j) && n < 4) { j++; n++; }
        return j;
    }
    return j + 1;
}

/* The source phrase ending at token p, read backwards: at most BACKNP
 * words, stopping at punctuation, a clause word, a time word, a cue or a
 * token another attribution took. Returns its first token or -1. */
static int back_np(const win *w, int p)
{
    if (!word(w, p)) return -1;
    if (tfl(&w->t[p]) & LX_PRON) return p;
    int b = p, n = 0;
    while (b >= 0 && n < BACKNP) {
        const tok *k = &w->t[b];
        if (k->used) break;
        if (k->kind == T_WORD) {
            uint32_t f = tfl(k);
            if (f & (LX_STOP | LX_BE | LX_MODAL | LX_DO | LX_NEG | LX_PRON)) break;
            if (k->flags & TF_DIGIT) break;
            if (is_time(w, b)) break;
            if ((f & LX_CUE) && b != p) break;
            if (f & LX_CONJ) {
                /* "McGurk and Paley", "U.S. and Iranian officials" */
                if (b > 0 && b < p && (cap(w, b - 1) || abbrev_dot(w, b - 1)) && cap(w, b + 1)) {
                    b--;
                    n++;
                    continue;
                }
                break;
            }
        } else if (k->kind == T_POSS) {
        } else if (!(k->kind == T_DOT && b > 0 && w->t[b - 1].kind == T_WORD &&
                     w->t[b - 1].e == k->s)) {
            break;
        }
        b--;
        n++;
    }
    int a = b + 1;
    /* drop what cannot start a noun phrase: "In Tehran officials", "Also X" */
    while (a <= p && (w->t[a].kind != T_WORD ||
                      (tfl(&w->t[a]) & (LX_PREP | LX_INTRO | LX_CONJ | LX_AUX | LX_TMOD))))
        a++;
    return a <= p ? a : -1;
}

/* The source phrase starting at token k, read forwards; *e gets its end
 * (exclusive). Trailing time phrases ("on Friday") are left out. */
static int fwd_np(const win *w, int k, int *e)
{
    int j = k, n = 0;
    while (j < w->nt && n < FWDNP) {
        const tok *t = &w->t[j];
        if (t->used) break;
        if (t->kind == T_WORD) {
            uint32_t f = tfl(t);
            if (f & (LX_STOP | LX_BE | LX_MODAL | LX_DO | LX_NEG)) break;
            if ((f & LX_CUE) && !(f & LX_REPNOUN)) break;
        } else if (t->kind != T_POSS && !abbrev_dot(w, j)) {
            break;
        }
        j++;
        n++;
    }
    while (j > k && (is_time(w, j - 1) || kind_at(w, j - 1, T_DOT) ||
                     (word(w, j - 1) && (tfl(&w->t[j - 1]) &
                                         (LX_TMOD | LX_PREP | LX_DET | LX_CONJ | LX_AUX)))))
        j--;
    *e = j;
    return j > k;
}

/* ---- 5. Frames ----------------------------------------------------------- */

enum { D_FWD = 1, D_BACK, D_AROUND };

typedef struct frame {
    int ci, cj;          /* cue tokens [ci, cj) */
    const lex *cue;
    int si, sj;          /* source tokens [si, sj) */
    int inherit;         /* the frame whose source this one shares, or -1
                            (copied into si, sj once the frame is found) */
    int implicit;        /* the source is not this frame's own phrase */
    int dir;             /* D_*: where the content lies */
    int fs, fe;          /* first and last token of the frame (source and cue) */
    int cut;             /* a content running forward ends before this token, -1 */
    int c0;              /* first content token for D_FWD and D_AROUND */
    int s0;              /* first content token for D_BACK */
    int fixed;           /* cs, ce are set (a quotation, or empty) */
    int quote;
    int allclause;       /* D_BACK from the clause start, over earlier frames */
    size_t cs, ce;
    size_t src_s, src_e;
    int src_kind;
    int32_t src_men;
} frame;

typedef struct scan {
    ctx *c;
    win *w;
    frame f[MAXFR];
    int nf;
} scan;

static int is_clause_punct(const win *w, int i)
{
    return kind_at(w, i, T_COMMA) || kind_at(w, i, T_SEMI) || kind_at(w, i, T_DASH) ||
           kind_at(w, i, T_PAREN);
}

/* The punctuation a frame starting at fs follows: ", X said", ", while X
 * said", "; X said". */
static int boundary_before(const win *w, int fs)
{
    int p = fs - 1;
    if (word(w, p) && (tfl(&w->t[p]) & (LX_CONJ | LX_SUBORD)) && !(tfl(&w->t[p]) & LX_PREP)) p--;
    return is_clause_punct(w, p) ? p : -1;
}

/* Sets the content to the quotation whose open mark is token k. */
static void quote_after(scan *sc, frame *f, int k)
{
    tok *q = &sc->w->t[k];
    if (q->match == NOPOS) q->match = q_lookahead(sc->c, q->e, q->qkind);
    f->cs = q->e;
    f->ce = q->match;
    f->fixed = f->quote = 1;
    f->dir = D_FWD;
}

/* A quotation that closes right before token i (", he said" after
 * "...,”"), in this window or just before it; 1 when found. */
static int quote_before(scan *sc, frame *f, int i)
{
    const win *w = sc->w;
    int p = i - 1;
    if (kind_at(w, p, T_COMMA)) p--;
    if (kind_at(w, p, T_QCLOSE)) {
        f->cs = w->t[p].match;
        f->ce = w->t[p].s;
        f->fixed = f->quote = 1;
        f->dir = D_BACK;
        return 1;
    }
    if (p >= 0) return 0;
    /* the window starts with this frame: look back over space and commas */
    const ctx *c = sc->c;
    if (!c->have_last || w->nt == 0 || c->last_close_e > w->t[0].s ||
        w->t[0].s - c->last_close_e > 16)
        return 0;
    for (size_t x = c->last_close_e; x < w->t[0].s; x++) {
        char ch = c->t[x];
        if (ch != ' ' && ch != ',' && ch != '\n' && ch != '\t' && ch != '\r') return 0;
    }
    f->cs = c->last_open_e;
    f->ce = c->last_close_s;
    f->fixed = f->quote = 1;
    f->dir = D_BACK;
    return 1;
}

/* Whether the words [a, b) only introduce the clause: "Earlier this
 * year", "On Monday", "When asked about it", "However". */
static int intro_only(const win *w, int a, int b)
{
    if (a >= b || !word(w, a)) return 0;
    for (int k = a; k < b; k++)
        if (kind_at(w, k, T_COMMA) || kind_at(w, k, T_QOPEN) || kind_at(w, k, T_QCLOSE))
            return 0;
    uint32_t f = tfl(&w->t[a]);
    if (f & LX_SUBORD) return 1;
    if (((f & (LX_PREP | LX_TIME | LX_INTRO | LX_TMOD | LX_AUX)) || is_time(w, a)) && b - a <= 5)
        return 1;
    return 0;
}

/* The previous frame's end, for a content that runs back from a frame. */
static int clause_start(const scan *sc)
{
    return sc->nf > 0 ? sc->f[sc->nf - 1].fe + 1 : 0;
}

/* After a source and its cue: where does the content lie? j is the token
 * after the cue. Fills dir and the content start; 0 when there is none. */
static int place_content(scan *sc, frame *f, int j)
{
    const win *w = sc->w;
    const lex *L = f->cue;
    int nt = w->nt;

    if (L->cls == CL_DECLINE) {
        f->dir = D_FWD;
        if (word(w, j) && is(&w->t[j], "to")) j++;
        if (word(w, j) && !(tfl(&w->t[j]) & LX_STOP)) {
            f->c0 = j;
        } else {
            f->cs = f->ce = w->t[f->cj - 1].e;
            f->fixed = 1;
        }
        return 1;
    }
    if (L->cls == CL_QUOTED) {
        /* the report holds the whole "Y as saying ..." */
        f->dir = D_FWD;
        f->c0 = j;
        return 1;
    }
    if (L->cls == CL_TELL) j = skip_object(w, j);
    if (L->cls == CL_REPORT && word(w, j) && is(&w->t[j], "on")) j++;
    if (L->cls == CL_POST && word(w, j) && is(&w->t[j], "on")) {
        j++;
        while (word(w, j) && (tfl(&w->t[j]) & (LX_MEDIUM | LX_DET))) j++;
        if (kind_at(w, j, T_POSS)) j++;
        while (word(w, j) && (tfl(&w->t[j]) & LX_MEDIUM)) j++;
    }
    j = skip_after(w, j);

    /* "that", ":", ", “": the content follows */
    int anchored = 0;
    if (word(w, j) && is(&w->t[j], "that")) {
        j++;
        anchored = 1;
        if (kind_at(w, j, T_COMMA) && kind_at(w, j + 1, T_QOPEN)) j++;
    } else if ((kind_at(w, j, T_COLON) || kind_at(w, j, T_COMMA)) && kind_at(w, j + 1, T_QOPEN)) {
        j++;
        anchored = 1;
    } else if (kind_at(w, j, T_COLON)) {
        j++;
        anchored = 1;
    } else if (word(w, j) && (tfl(&w->t[j]) & LX_PREP)) {
        /* "said during a press conference this week, “...": an adverbial
         * phrase, then the quotation or "that" */
        for (int k = j + 1; k < nt && k <= j + 9; k++) {
            const tok *t = &w->t[k];
            if (t->kind == T_WORD && is(t, "that")) { j = k + 1; anchored = 1; break; }
            if (t->kind == T_COLON || t->kind == T_QOPEN ||
                (t->kind == T_COMMA && kind_at(w, k + 1, T_QOPEN))) {
                j = t->kind == T_QOPEN ? k : k + 1;
                anchored = 1;
                break;
            }
            if (t->kind != T_WORD && t->kind != T_POSS && !abbrev_dot(w, k)) break;
            if ((tfl(t) & LX_CUE) && !(tfl(t) & LX_REPNOUN)) break;
        }
    }
    if (kind_at(w, j, T_QOPEN)) {
        quote_after(sc, f, j);
        return 1;
    }
    if (anchored) {
        f->dir = D_FWD;
        f->c0 = j;
        return j < nt;
    }
    if (L->cls == CL_WEAK) return 0;

    /* Nothing but an adverbial left in the clause: the content is before
     * the source ("..., Axios reported for the first time."). */
    int r = j;
    while (r < nt && (w->t[r].kind == T_WORD || w->t[r].kind == T_POSS || abbrev_dot(w, r)) &&
           !is(&w->t[r], "that") && !(tfl(&w->t[r]) & LX_CUE))
        r++;
    int at_end = r >= nt || (kind_at(w, r, T_DOT) && r == nt - 1) ||
                 (r < nt && w->t[r].kind != T_WORD && w->t[r].kind != T_QOPEN &&
                  w->t[r].kind != T_POSS);
    int trailing = at_end && (r == j || (r - j <= 5 && (tfl(&w->t[j]) & (LX_PREP | LX_TMOD) ||
                                                        is_time(w, j))));
    if (!trailing) {
        f->dir = D_FWD;
        f->c0 = j;
        return j < nt;
    }
    if (quote_before(sc, f, f->fs)) return 1;
    int b = f->fs - 1;
    if (b >= 0 && is_clause_punct(w, b)) {
        int s0 = clause_start(sc);
        while (s0 < b && (kind_at(w, s0, T_COMMA) || (word(w, s0) && (tfl(&w->t[s0]) & LX_CONJ))))
            s0++;
        if (s0 >= b || intro_only(w, s0, b)) {
            f->dir = D_FWD;
            f->c0 = j;
            return j < nt;
        }
        f->s0 = s0;
        f->cut = b;
        /* ", he said, ..." in mid-sentence, after a short subject */
        if (r < nt && kind_at(w, r, T_COMMA) && r + 1 < nt && b - s0 <= 3 &&
            !(tfl(&w->t[r + 1]) & LX_CUE) && w->t[r + 1].kind == T_WORD) {
            f->dir = D_AROUND;
            f->c0 = r + 1;
            return 1;
        }
        f->dir = D_BACK;
        return 1;
    }
    f->dir = D_FWD;
    f->c0 = j;
    return j < nt;
}

/* "said X" after a quotation or a comma: the source follows the cue. */
static int fr_inverted(scan *sc, frame *f, int i, int q)
{
    const win *w = sc->w;
    int e;
    if (!fwd_np(w, i + 1, &e)) return 0;
    f->si = i + 1;
    f->sj = e;
    f->fs = i;
    f->fe = e - 1;
    if (quote_before(sc, f, i)) return 1;
    if (q < 0 || !is_clause_punct(w, q)) return 0;
    /* the source must end its clause: ", said the minister." and not
     * ", said the cabinet would meet" */
    int x = skip_time(w, e);
    if (x < w->nt && !is_clause_punct(w, x) && !(kind_at(w, x, T_DOT) && x == w->nt - 1))
        return 0;
    int s0 = clause_start(sc);
    while (s0 < q && kind_at(w, s0, T_COMMA)) s0++;
    if (s0 >= q) return 0;
    f->dir = D_BACK;
    f->s0 = s0;
    f->cut = q;
    return 1;
}

/* A comma before the cue: "X, the ministry's spokesperson, said". Returns
 * the comma that opens the appositive, or -1. Unless loose, the appositive
 * must look like one (an article, "who", a possessive); loose takes any
 * words ("X, speaking on condition of anonymity, said"). */
static int appositive(const win *w, int q, int loose)
{
    int k = q - 1, n = 0;
    while (k >= 0 && n < 16) {
        const tok *t = &w->t[k];
        if (t->kind == T_COMMA) break;
        if (t->kind != T_WORD && t->kind != T_POSS && !abbrev_dot(w, k)) return -1;
        if (t->used) return -1;
        k--;
        n++;
    }
    if (!kind_at(w, k, T_COMMA) || k + 1 >= q || !word(w, k - 1)) return -1;
    const tok *first = &w->t[k + 1];
    uint32_t f = tfl(first);
    if (loose || (f & LX_DET)) return k;
    if (is(first, "who") || is(first, "which")) return k;
    if (first->flags & TF_CAP)
        for (int x = k + 1; x < q; x++)
            if (w->t[x].kind == T_POSS) return k;
    return -1;
}

/* A finite cue: "X said", "X has confirmed", "said X", "X, who ..., said". */
static int fr_finite(scan *sc, frame *f, int i)
{
    const win *w = sc->w;
    const tok *T = w->t;
    const lex *L = tlex(&T[i]);

    if (T[i].flags & TF_CAP) {
        /* only inside a title-case headline: "Iran Says It ..." */
        if (!cap(w, i - 1) || L->form == FO_BASE) return 0;
    }
    /* a noun: "a report", "Iran's claims", "media reports said" */
    if (i > 0 && (T[i - 1].kind == T_POSS || (tfl(&T[i - 1]) & LX_DET))) return 0;
    if (L->form != FO_PAST && word(w, i - 1) && (tfl(&T[i - 1]) & LX_PREP)) return 0;
    if (word(w, i + 1) && (tfl(&T[i + 1]) & LX_CUE) && tlex(&T[i + 1])->form != FO_ING &&
        tlex(&T[i + 1])->cls != CL_ACCORD)
        return 0;
    if (L->cls == CL_POST && !(word(w, i + 1) && is(&T[i + 1], "on"))) return 0;
    if (L->cls == CL_WEAK) {
        int j = skip_time(w, i + 1);
        if (!(word(w, j) && is(&T[j], "that"))) return 0;
    }
    if (L->cls == CL_QUOTED) {
        int j = i + 1;
        while (j < w->nt && j < i + 10 && !(word(w, j) && is(&T[j], "as"))) j++;
        if (!(word(w, j + 1) && tlex(&T[j + 1]) && tlex(&T[j + 1])->form == FO_ING &&
              (tfl(&T[j + 1]) & LX_CUE)))
            return 0;
    }

    /* back over "has", "also", "on Monday", refusing "did not" */
    int p = i - 1;
    while (word(w, p)) {
        uint32_t fl = tfl(&T[p]);
        if ((T[p].flags & TF_NEG) || (fl & LX_NEG)) return 0;
        if ((fl & LX_AUX) && !(fl & LX_PRON)) { p--; continue; }
        if (is_time(w, p)) { p--; continue; }
        if (abbrev_dot(w, p) && is_time(w, p - 1)) { p--; continue; }
        if ((fl & LX_TMOD) && is_time(w, p + 1) && p + 1 < i) { p--; continue; }
        break;
    }
    if (abbrev_dot(w, p) && is_time(w, p - 1)) p -= 2;
    if (word(w, p) && (tfl(&T[p]) & (LX_BE | LX_MODAL | LX_DO | LX_TO))) return 0;

    f->ci = i;
    f->cj = i + 1;
    f->cue = L;
    f->fe = i;

    /* after a quotation, or at the start of the clause: "said X" */
    if (p < 0 || kind_at(w, p, T_QCLOSE) ||
        (kind_at(w, p, T_COMMA) && kind_at(w, p - 1, T_QCLOSE)))
        return fr_inverted(sc, f, i, p);
    if (kind_at(w, p, T_COMMA)) {
        int a = appositive(w, p, 0);
        if (a < 0 && fr_inverted(sc, f, i, p)) return 1;
        if (a < 0) a = appositive(w, p, 1);
        if (a < 0) return 0;
        f->fixed = f->quote = 0;
        f->fe = i;
        int s = back_np(w, a - 1);
        if (s < 0) return 0;
        f->si = s;
        f->sj = a;
        f->fs = s;
        return place_content(sc, f, i + 1);
    }
    if (word(w, p) && (is(&T[p], "and") || is(&T[p], "but")) && sc->nf > 0 &&
        sc->f[sc->nf - 1].dir == D_FWD && !sc->f[sc->nf - 1].fixed) {
        /* "declined to comment but said ...": the same speaker */
        f->inherit = sc->nf - 1;
        f->fs = p + 1;
        f->cut = p;
        return place_content(sc, f, i + 1);
    }
    if (word(w, p) && is(&T[p], "who") && kind_at(w, p - 1, T_COMMA)) {
        /* "Paley, who ..., said" is read above; this is "Paley, who said" */
        int s = back_np(w, p - 2);
        if (s < 0) return 0;
        f->si = s;
        f->sj = p - 1;
        f->fs = s;
        return place_content(sc, f, i + 1);
    }
    if (!word(w, p) && !kind_at(w, p, T_POSS) && !kind_at(w, p, T_DOT)) return 0;
    int s = back_np(w, p);
    if (s < 0) return 0;
    f->si = s;
    f->sj = p + 1;
    f->fs = s;
    return place_content(sc, f, i + 1);
}

/* "according to X": before its content ("According to X, ...") or after
 * it ("..., according to X"). */
static int fr_according(scan *sc, frame *f, int i)
{
    const win *w = sc->w;
    if (!(word(w, i + 1) && is(&w->t[i + 1], "to"))) return 0;
    int e;
    if (!fwd_np(w, i + 2, &e)) return 0;
    f->ci = i;
    f->cj = i + 2;
    f->cue = tlex(&w->t[i]);
    f->si = i + 2;
    f->sj = e;
    f->fs = i;
    f->fe = e - 1;
    int b = i - 1;
    int pre = b < 0 || kind_at(w, b, T_QOPEN) || kind_at(w, b, T_COLON) ||
              (word(w, b) && (tfl(&w->t[b]) & (LX_CONJ | LX_INTRO)) &&
               (b == 0 || kind_at(w, b - 1, T_COMMA)));
    if (pre) {
        int j = e;
        if (kind_at(w, j, T_COMMA)) j++;
        f->dir = D_FWD;
        f->c0 = j;
        return j < w->nt;
    }
    f->cut = is_clause_punct(w, b) ? b : i;
    int end = f->cut;
    if (end <= 0) return 0;
    /* "The talks, according to X, were held in Oman": around the frame */
    if (kind_at(w, b, T_COMMA) && kind_at(w, e, T_COMMA) && e + 3 < w->nt && b <= 4 &&
        word(w, e + 1)) {
        f->dir = D_AROUND;
        f->s0 = 0;
        f->c0 = e + 1;
        return 1;
    }
    if (quote_before(sc, f, f->cut == b ? b + 1 : i) && !(b >= 0 && kind_at(w, b, T_COMMA) &&
                                                           !kind_at(w, b - 1, T_QCLOSE) &&
                                                           !kind_at(w, b - 1, T_COMMA))) {
        return 1;
    }
    f->fixed = f->quote = 0;
    f->dir = D_BACK;
    f->s0 = 0;
    f->allclause = 1;
    return 1;
}

/* "..., citing X": the content is before. */
static int fr_citing(scan *sc, frame *f, int i)
{
    const win *w = sc->w;
    int e;
    if (!fwd_np(w, i + 1, &e)) return 0;
    f->ci = i;
    f->cj = i + 1;
    f->cue = tlex(&w->t[i]);
    f->si = i + 1;
    f->sj = e;
    f->fs = i;
    f->fe = e - 1;
    if (!kind_at(w, i - 1, T_COMMA) || i - 1 <= 0) return 0;
    f->cut = i - 1;
    f->dir = D_BACK;
    f->s0 = 0;
    f->allclause = 1;
    return 1;
}

/* "..., adding that ...", "declined, stating: “...”": the speaker is the
 * previous frame's, or the sentence's subject when it is a mention. */
static int fr_participle(scan *sc, frame *f, int i)
{
    const win *w = sc->w;
    if (w->t[i].flags & TF_CAP) return 0;
    if (word(w, i - 1) && is(&w->t[i - 1], "as") && sc->nf > 0 &&
        sc->f[sc->nf - 1].cue->cls == CL_QUOTED && sc->f[sc->nf - 1].cj < i - 1) {
        /* "quoted a minister as saying": the one quoted speaks */
        f->ci = i;
        f->cj = i + 1;
        f->cue = tlex(&w->t[i]);
        f->fs = f->fe = i;
        f->si = sc->f[sc->nf - 1].cj;
        f->sj = i - 1;
        return place_content(sc, f, i + 1);
    }
    if (!kind_at(w, i - 1, T_COMMA)) return 0;
    f->ci = i;
    f->cj = i + 1;
    f->cue = tlex(&w->t[i]);
    f->fs = f->fe = i;
    f->cut = i - 1;
    if (sc->nf > 0) {
        f->inherit = sc->nf - 1;
    } else {
        /* the subject: names and source nouns at the sentence start, as in
         * "U.S. officials rejected it, saying ..."; nothing vaguer */
        int k = 0, e, known = 0;
        if (word(w, k) && (tfl(&w->t[k]) & LX_DET)) k++;
        for (e = k; e < w->nt && e < k + 6; e++) {
            uint32_t fl = tfl(&w->t[e]);
            if (word(w, e) && (fl & (LX_ANON | LX_INST | LX_SPOKES))) known = 1;
            else if (word(w, e) && w->t[e].men >= 0) known = 1;
            else if (!(cap(w, e) && !(fl & (LX_PRON | LX_INTRO | LX_PREP | LX_TIME))) &&
                     !kind_at(w, e, T_POSS) && !abbrev_dot(w, e))
                break;
        }
        if (!known || e == k || !(w->t[e - 1].kind == T_WORD)) return 0;
        f->si = 0; /* with its article: "The ministry" */
        f->sj = e;
    }
    return place_content(sc, f, i + 1);
}

/* ---- 6. Contents, kinds, pronouns, parents ------------------------------- */

static int kind_of_type(int type)
{
    switch (type) {
    case TD_ENT_PERSON: return TD_SRC_PERSON;
    case TD_ENT_OUTLET: return TD_SRC_OUTLET;
    case TD_ENT_ORG: case TD_ENT_COUNTRY: case TD_ENT_CITY: case TD_ENT_REGION:
        return TD_SRC_ORG;
    default: return TD_SRC_OTHER;
    }
}

/* A mention in [a, b) whose type is a body (or an outlet), last first. */
static int32_t body_mention(const ctx *c, const win *w, int a, int b)
{
    for (int k = b - 1; k >= a; k--) {
        int32_t m = w->t[k].men;
        if (m < 0) continue;
        int ty = c->men[m].type;
        if (ty != TD_ENT_PERSON && ty != TD_ENT_NONE) return m;
    }
    return -1;
}

/* The kind of a source phrase [a, b) and the mention it is; narrows "a
 * report by X" to X. */
static void classify(const ctx *c, const win *w, frame *f)
{
    int a = f->si, b = f->sj;
    f->src_men = -1;
    f->src_kind = TD_SRC_OTHER;
    if (b - a == 1 && (tfl(&w->t[a]) & LX_PRON)) return; /* resolved later */
    /* a person's name closes the phrase after any title: "Deputy minister
     * for water Ana Ruiz" */
    int32_t last = w->t[b - 1].men;
    if (last >= 0 && c->men[last].type == TD_ENT_PERSON) {
        f->src_men = last;
        f->src_kind = TD_SRC_PERSON;
        return;
    }
    for (int pass = 0; pass < 2; pass++) {
        int cut = b;
        for (int k = a + 1; k < b; k++)
            if (word(w, k) && (tfl(&w->t[k]) & (LX_PREP | LX_HEADCUT))) {
                cut = k;
                break;
            }
        int h0 = a;
        for (int k = a; k < cut; k++)
            if (w->t[k].kind == T_POSS) h0 = k + 1;
        int head = -1;
        for (int k = cut - 1; k >= h0; k--)
            if (w->t[k].kind == T_WORD) {
                head = k;
                break;
            }
        if (head < 0) return;
        const tok *h = &w->t[head];
        uint32_t fl = tfl(h);
        if (h->men >= 0) {
            f->src_men = h->men;
            f->src_kind = kind_of_type(c->men[h->men].type);
            return;
        }
        if ((fl & LX_REPNOUN) && pass == 0 && cut < b) {
            /* "a report on Friday by Axios", "a statement from the ministry" */
            int nb = -1;
            for (int k = b - 1; k >= cut; k--)
                if (word(w, k) && (is(&w->t[k], "by") || is(&w->t[k], "from") ||
                                   is(&w->t[k], "in"))) {
                    nb = k;
                    break;
                }
            if (nb >= 0 && nb + 1 < b) {
                a = nb + 1;
                f->si = a;
                continue;
            }
        }
        if (fl & LX_ANON) {
            f->src_kind = TD_SRC_ANON;
            return;
        }
        if (fl & (LX_SPOKES | LX_INST | LX_REPNOUN)) {
            int32_t m = body_mention(c, w, a, b);
            if (m >= 0) {
                f->src_men = m;
                f->src_kind = kind_of_type(c->men[m].type);
            } else {
                f->src_kind = (fl & LX_INST) ? TD_SRC_ORG : TD_SRC_OTHER;
            }
            return;
        }
        /* a head no lexicon knows: a mention in the head part, or the
         * possessor ("Iran's X") */
        for (int k = cut - 1; k >= h0; k--)
            if (w->t[k].men >= 0) {
                f->src_men = w->t[k].men;
                f->src_kind = kind_of_type(c->men[f->src_men].type);
                return;
            }
        return;
    }
}

/* A key for "the same person": the resolved entity, else the mention's
 * last word. */
static int same_person(const ctx *c, int32_t x, int32_t y)
{
    const td_mention *a = &c->men[x], *b = &c->men[y];
    if (a->entity >= 0 && b->entity >= 0) return a->entity == b->entity;
    size_t as = a->end, bs = b->end;
    while (as > a->start && c->t[as - 1] != ' ') as--;
    while (bs > b->start && c->t[bs - 1] != ' ') bs--;
    return a->end - as == b->end - bs && memcmp(c->t + as, c->t + bs, a->end - as) == 0;
}

/* Whether pos lies in the content of an earlier attribution (emitted, or
 * earlier in this window), optionally only quotations. */
static int in_content(const ctx *c, const scan *sc, int upto, size_t pos, int quotes_only)
{
    size_t lo = c->n > LOOKBACK ? c->n - LOOKBACK : 0;
    for (size_t k = lo; k < c->n; k++) {
        const td_attribution *o = &c->out[k];
        if (quotes_only && o->kind != TD_ATTR_QUOTE) continue;
        if (pos >= o->content_start && pos < o->content_end) return 1;
    }
    for (int k = 0; k < upto; k++) {
        const frame *g = &sc->f[k];
        if (quotes_only && !g->quote) continue;
        if (pos >= g->cs && pos < g->ce) return 1;
    }
    return 0;
}

/* The source before this frame: the last one in this window, else the
 * last emitted, when within two sentences. */
static int prev_source(const ctx *c, const scan *sc, int fi, int *kind, int32_t *men,
                       size_t *end)
{
    if (fi > 0) {
        const frame *g = &sc->f[fi - 1];
        *kind = g->src_kind;
        *men = g->src_men;
        *end = g->src_e;
        return 1;
    }
    if (c->n > 0) {
        const td_attribution *o = &c->out[c->n - 1];
        if (o->sentence + 2 >= sc->w->sentence) {
            *kind = o->src_kind;
            *men = o->src_mention;
            *end = o->src_end;
            return 1;
        }
    }
    return 0;
}

static void resolve_pronoun(const ctx *c, const scan *sc, int fi, frame *f)
{
    const win *w = sc->w;
    const tok *p = &w->t[f->si];
    f->src_kind = TD_SRC_OTHER;
    f->src_men = -1;
    int pk = 0;
    int32_t pm = -1;
    size_t pend = 0;
    int havep = prev_source(c, sc, fi, &pk, &pm, &pend);
    if (is(p, "it")) {
        if (havep && (pk == TD_SRC_ORG || pk == TD_SRC_OUTLET)) {
            f->src_kind = pk;
            f->src_men = pm;
        }
        return;
    }
    if (!(is(p, "he") || is(p, "she")) || !c->nmen) return;
    uint32_t s0 = w->sentence >= 3 ? w->sentence - 3 : 0;
    size_t lo = s0 < c->nsents ? c->sents[s0].start : 0;
    size_t m = men_lower(c, p->s);
    int32_t nearest = -1;
    int distinct = 0, other_since = 0;
    for (int steps = 0; m > 0 && steps < 64; steps++) {
        const td_mention *mm = &c->men[--m];
        if (mm->start < lo) break;
        if (mm->type != TD_ENT_PERSON || mm->end > p->s) continue;
        if (mm->start >= f->cs && mm->start < f->ce) continue;
        if (in_content(c, sc, fi, mm->start, 1)) continue;
        if (nearest < 0) {
            nearest = (int32_t)m;
            distinct = 1;
        } else if (!same_person(c, nearest, (int32_t)m)) {
            distinct++;
        }
        if (havep && pk == TD_SRC_PERSON && pm >= 0 && mm->start >= pend &&
            !same_person(c, pm, (int32_t)m) && !in_content(c, sc, fi, mm->start, 0))
            other_since = 1;
    }
    if (nearest >= 0 && distinct == 1) {
        f->src_kind = TD_SRC_PERSON;
        f->src_men = nearest;
    } else if (havep && pk == TD_SRC_PERSON && pm >= 0 && !other_since) {
        f->src_kind = TD_SRC_PERSON;
        f->src_men = pm;
    }
}

static int is_space_punct(char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == ',' || ch == ';' ||
           ch == ':' || ch == '.';
}

static void trim(const ctx *c, size_t *s, size_t *e)
{
    while (*s < *e && is_space_punct(c->t[*s])) (*s)++;
    while (*e > *s && is_space_punct(c->t[*e - 1])) (*e)--;
}

/* Where each content lies in bytes. */
static void contents(scan *sc)
{
    const win *w = sc->w;
    for (int k = 0; k < sc->nf; k++) {
        frame *f = &sc->f[k];
        if (f->fixed) continue;
        int a, b;
        if (f->dir == D_BACK) {
            a = f->s0;
            b = f->cut >= 0 ? f->cut : f->fs;
        } else {
            a = f->dir == D_AROUND ? f->s0 : f->c0;
            b = w->nt;
            int from = f->dir == D_AROUND ? f->c0 : f->c0;
            for (int g = 0; g < sc->nf; g++)
                if (g != k && sc->f[g].ci > f->ci && sc->f[g].cut > from && sc->f[g].cut < b)
                    b = sc->f[g].cut;
            /* a frame inside a quotation ends with it */
            for (int x = f->c0; x < b; x++)
                if (w->t[x].kind == T_QCLOSE && w->t[x].match <= w->t[f->ci].s) {
                    b = x;
                    break;
                }
        }
        if (a < 0) a = 0;
        if (b > w->nt) b = w->nt;
        if (a >= b) {
            f->cs = f->ce = w->t[f->cj - 1].e;
            continue;
        }
        f->cs = w->t[a].s;
        f->ce = w->t[b - 1].e;
    }
    for (int k = 0; k < sc->nf; k++) trim(sc->c, &sc->f[k].cs, &sc->f[k].ce);
}

/* ---- 7. The driver ------------------------------------------------------- */

static void find_frames(scan *sc)
{
    win *w = sc->w;
    for (int i = 0; i < w->nt && sc->nf < MAXFR; i++) {
        tok *t = &w->t[i];
        const lex *L = tlex(t);
        if (!L || !(L->fl & LX_CUE) || t->used) continue;
        if ((t->flags & TF_CAP) && L->cls != CL_ACCORD && L->form == FO_ING) continue;
        frame *f = &sc->f[sc->nf];
        memset(f, 0, sizeof *f);
        f->si = f->sj = -1;
        f->inherit = -1;
        f->cut = -1;
        f->cue = L;
        f->ci = i;
        f->cj = i + 1;
        int ok;
        if (L->cls == CL_ACCORD) ok = fr_according(sc, f, i);
        else if (L->cls == CL_CITE) ok = fr_citing(sc, f, i);
        else if (L->form == FO_ING) ok = fr_participle(sc, f, i);
        else ok = fr_finite(sc, f, i);
        if (!ok) continue;
        if (f->fixed && f->ce < f->cs) f->ce = f->cs;
        if (f->cut < 0 && f->fs > 0 && f->inherit < 0) f->cut = boundary_before(w, f->fs);
        if (f->inherit >= 0) {
            f->si = sc->f[f->inherit].si;
            f->sj = sc->f[f->inherit].sj;
            f->implicit = 1;
            f->inherit = -1;
        }
        if (f->si < 0 || f->sj <= f->si) continue;
        for (int k = f->ci; k < f->cj; k++) w->t[k].used = 1;
        for (int k = f->si; k >= 0 && k < f->sj; k++) w->t[k].used = 1;
        sc->nf++;
        if (f->cj - 1 > i) i = f->cj - 1;
    }
}

static void finish(ctx *c, scan *sc)
{
    win *w = sc->w;
    for (int k = 0; k < sc->nf; k++) {
        frame *f = &sc->f[k];
        classify(c, w, f);
        f->src_s = w->t[f->si].s;
        f->src_e = w->t[f->sj - 1].e;
        if (f->sj - f->si == 1 && (tfl(&w->t[f->si]) & LX_PRON)) resolve_pronoun(c, sc, k, f);
    }
    /* parents: the smallest content holding this cue and source */
    size_t base = c->n;
    size_t lo = base > LOOKBACK ? base - LOOKBACK : 0;
    for (int k = 0; k < sc->nf; k++) {
        frame *f = &sc->f[k];
        size_t cue_s = w->t[f->ci].s, cue_e = w->t[f->cj - 1].e;
        int own = !f->implicit;
        int32_t best = -1;
        size_t bestlen = SIZE_MAX;
        for (size_t o = lo; o < base; o++) {
            const td_attribution *g = &c->out[o];
            if (g->content_start <= cue_s && cue_e <= g->content_end &&
                (!own || (g->content_start <= f->src_s && f->src_e <= g->content_end)) &&
                g->content_end - g->content_start < bestlen) {
                best = (int32_t)o;
                bestlen = g->content_end - g->content_start;
            }
        }
        for (int x = 0; x < sc->nf; x++) {
            const frame *g = &sc->f[x];
            if (x == k || g->cs >= g->ce) continue;
            size_t gcue = w->t[g->ci].s;
            if (g->cs <= cue_s && cue_e <= g->ce &&
                (!own || (g->cs <= f->src_s && f->src_e <= g->ce)) &&
                !(f->cs <= gcue && gcue < f->ce) && g->ce - g->cs < bestlen &&
                base + (size_t)x < c->max) {
                best = (int32_t)(base + (size_t)x);
                bestlen = g->ce - g->cs;
            }
        }
        if (c->n >= c->max) {
            c->full = 1;
            return;
        }
        td_attribution *o = &c->out[c->n++];
        o->sentence = w->sentence;
        o->src_start = f->src_s;
        o->src_end = f->src_e;
        o->src_kind = f->src_kind;
        o->src_mention = f->src_men;
        o->cue_start = cue_s;
        o->cue_end = cue_e;
        o->cue = f->cue->lemma;
        o->kind = f->quote ? TD_ATTR_QUOTE
                  : (f->cue->cls == CL_REPORT || f->cue->cls == CL_ACCORD ||
                     f->cue->cls == CL_QUOTED ||
                     f->cue->cls == CL_CITE || f->src_kind == TD_SRC_OUTLET)
                      ? TD_ATTR_REPORT
                      : TD_ATTR_PARAPHRASE;
        o->content_start = f->cs;
        o->content_end = f->ce;
        o->parent = best;
    }
}

/* Drops frames with no content (but "declined" may have none). */
static void prune(scan *sc)
{
    int n = 0;
    for (int k = 0; k < sc->nf; k++) {
        frame *f = &sc->f[k];
        if (f->cs >= f->ce && f->cue->cls != CL_DECLINE) continue;
        if (n != k) sc->f[n] = *f;
        n++;
    }
    sc->nf = n;
}

int td_attrib_find(const char *text, size_t len, const td_span *sents, size_t nsents,
                   const td_mention *mentions, size_t nmentions, td_attribution *out,
                   size_t max, size_t *n)
{
    if (n) *n = 0;
    if ((!text && len) || (!out && max) || !n || (!sents && nsents)) return TD_ATTRIB_EINVAL;
    if (!len || !nsents || !max) return TD_ATTRIB_OK;
    ctx c;
    memset(&c, 0, sizeof c);
    c.t = text;
    c.len = len;
    c.sents = sents;
    c.nsents = nsents;
    c.men = mentions;
    c.nmen = mentions ? nmentions : 0;
    c.out = out;
    c.max = max;
    pthread_once(&lex_once, lex_build);

    win w;
    scan sc;
    size_t done = 0; /* end of the last sentence read */
    for (size_t s = 0; s < nsents && !c.full; s++) {
        size_t from = sents[s].start, to = sents[s].end;
        if (to > len) to = len;
        if (from < done) from = done;
        if (from >= to) continue;
        q_skip(&c, from);
        size_t pos = from;
        while (pos < to && !c.full) {
            w.sentence = (uint32_t)s;
            size_t next = tokenize(&c, pos, to, &w);
            map_mentions(&c, &w);
            sc.c = &c;
            sc.w = &w;
            sc.nf = 0;
            find_frames(&sc);
            contents(&sc);
            prune(&sc);
            finish(&c, &sc);
            pos = next > pos ? next : to;
        }
        done = to;
    }
    *n = c.n;
    return c.full ? TD_ATTRIB_FULL : TD_ATTRIB_OK;
}

const char *td_attrib_strerror(int code)
{
    switch (code) {
    case TD_ATTRIB_OK: return "ok";
    case TD_ATTRIB_FULL: return "more attributions than room for them";
    case TD_ATTRIB_EINVAL: return "invalid argument";
    default: return "unknown error";
    }
}
