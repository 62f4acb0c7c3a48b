/*
 * kb.h -- the actor knowledge base: countries (with demonyms and
 * capitals), cities, regions, international organisations, government
 * bodies, armed groups, parties, companies, news outlets (with their
 * domains), people with the offices they held (with start and end
 * dates), a lexicon of titles and roles, and a list of given names.
 *
 * It is loaded once from plain text files (data/actors/, the generated
 * cities list, and any --actors FILE a user adds) and then read by many
 * threads at once: after td_kb_open and td_kb_add_file return, the KB is
 * immutable and every lookup is thread-safe.
 *
 * Matching works on tokens the caller has already segmented (byte spans
 * into its text). Names are matched case-sensitively after a light
 * normalisation (typographic apostrophes and dashes folded, a trailing
 * possessive "'s" set aside), except that a token written wholly in
 * capitals also matches its title-case form ("IRAN" -> "Iran") unless it
 * is listed as an acronym of its own.
 */
#ifndef TD_EXTRACT_KB_H
#define TD_EXTRACT_KB_H

#include <stddef.h>
#include <stdint.h>

#include "extract/entity.h"

typedef struct td_kb td_kb;

/* One office a person held: "foreign minister" of IRN, 2024-08-21 to "". */
typedef struct td_kb_office {
    const char *role;    /* canonical role, as in the titles lexicon */
    char country[4];     /* alpha-3, or "" for an international body */
    const char *org;     /* the organisation, if the office is in one
                            ("United Nations"), else NULL */
    char start[11];      /* YYYY-MM-DD (or YYYY-MM, YYYY) */
    char end[11];        /* "" while in office */
} td_kb_office;

typedef struct td_kb_entry {
    const char *id;      /* stable id: "country:IRN", "city:112931",
                            "outlet:axios.com", "person:abbas-araghchi" */
    const char *name;    /* canonical name */
    int type;            /* TD_ENT_* */
    const char *kind;    /* finer kind: "igo", "gov", "ministry", "armed",
                            "party", "company", "capital", ...; "" if none */
    char country[4];     /* the alpha-3 it belongs to, or "" */
    const char *domain;  /* outlets: their main domain, else NULL */
    uint32_t population; /* cities: for ranking ambiguous names; else 0 */
    const td_kb_office *offices; /* people: offices held, oldest first */
    uint32_t noffices;
} td_kb_entry;

/* How a hit names its entry. */
enum {
    TD_KB_NAME = 0, /* the canonical name or an alias */
    TD_KB_DEMONYM,  /* "Iranian", "Omanis" */
    TD_KB_ACRONYM   /* an alias in capitals: "IRGC", "UN" */
};

#define TD_KB_MAXCAND 4

typedef struct td_kb_hit {
    size_t ntok;       /* tokens matched (0: no match) */
    size_t start, end; /* bytes covered, possessive excluded */
    int possessive;    /* the last token carried "'s" */
    int form;          /* TD_KB_NAME, _DEMONYM, _ACRONYM */
    uint32_t ncand;    /* candidate entries, best first (a country before a
                          city of the same name, bigger cities first) */
    uint32_t cand[TD_KB_MAXCAND];
} td_kb_hit;

/* A title or role phrase from the lexicon: "foreign minister",
 * "Brig. Gen.", "special envoy", "spokesperson". */
typedef struct td_kb_title_hit {
    size_t ntok;
    size_t start, end;
    const char *role;  /* canonical role */
    int rank;          /* a military or honorific rank ("Gen.", "Sen.",
                          "Dr.") rather than an office */
    int flags;         /* TD_ROLE_* the phrase itself carries ("acting") */
} td_kb_title_hit;

/* Status codes. */
enum { TD_KB_OK = 0, TD_KB_ENOENT = 1, TD_KB_EPARSE = 2, TD_KB_ENOMEM = 3 };

/* Loads the knowledge base from the data folder: datadir if not NULL,
 * else $TIDINGS_DATA, else the source tree's data/ (plus the build
 * tree's generated files), else the installed data folder. On failure
 * returns a code and writes a message naming the file and line to err. */
int td_kb_open(td_kb **kb, const char *datadir, char *err, size_t errlen);

/* Adds a user's file (the same formats; see data/actors/README.md).
 * Entries with an id already known extend that entry (aliases, offices). */
int td_kb_add_file(td_kb *kb, const char *path, char *err, size_t errlen);

void td_kb_close(td_kb *kb);

/* A note about what td_kb_open could not load but did without (no
 * generated cities list, no iso-codes), for the caller to show once;
 * NULL when everything was there. */
const char *td_kb_note(const td_kb *kb);

/* Sizes, for benchmarks and `tidings stats`. */
typedef struct td_kb_stat {
    size_t entries;
    size_t by_type[TD_ENT_NTYPES]; /* entries per TD_ENT_* */
    size_t names;   /* name keys in the matcher (prefixes included) */
    size_t titles;  /* title keys (prefixes included) */
    size_t given;   /* given names */
    size_t offices; /* tenures */
    size_t bytes;   /* heap memory held */
    int cities_loaded; /* the generated cities list was found */
} td_kb_stat;
void td_kb_stats(const td_kb *kb, td_kb_stat *st);

size_t td_kb_count(const td_kb *kb);
const td_kb_entry *td_kb_entry_at(const td_kb *kb, uint32_t idx);
/* The entry with this id, or -1. */
int32_t td_kb_find_id(const td_kb *kb, const char *id);
/* The country entry of an alpha-3 or alpha-2 code, or -1. */
int32_t td_kb_country(const td_kb *kb, const char *code);

/* The longest name in the KB that starts at toks[i]. text is what the
 * token spans point into. Returns hit->ntok (0 when nothing matches). */
size_t td_kb_longest(const td_kb *kb, const char *text, const td_span *toks, size_t ntok,
                     size_t i, td_kb_hit *hit);

/* The longest title phrase starting at toks[i]; 0 when none. Matching is
 * case-insensitive ("Foreign Minister", "foreign minister"). */
size_t td_kb_title(const td_kb *kb, const char *text, const td_span *toks, size_t ntok, size_t i,
                   td_kb_title_hit *hit);

/* Whether s[0..n) is a known given name ("Abbas", "Brett"). */
int td_kb_given_name(const td_kb *kb, const char *s, size_t n);

/* Whether a person entry held an office that the role (and country, if
 * not NULL or "") describes on a date (YYYY-MM-DD); fills [start,end] of
 * the matching tenure. Used by date inference. */
int td_kb_office_on(const td_kb *kb, uint32_t person, const char *role, const char *country,
                    const char *date, const td_kb_office **office);

#endif
