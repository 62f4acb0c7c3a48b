/*
 * entity.h -- the types that the actor stages share: mentions of people,
 * organisations, places and outlets, the titles news gives people, the
 * in-article entities mentions resolve to, and attributions (who says
 * what).
 *
 * All offsets are byte offsets into the article body the stages ran on.
 * Arrays live in the caller's arena (one per document); nothing here
 * owns memory.
 */
#ifndef TD_EXTRACT_ENTITY_H
#define TD_EXTRACT_ENTITY_H

#include <stddef.h>
#include <stdint.h>

/* Entity types. Organisations carry a finer kind in the knowledge base
 * ("gov", "ministry", "igo", "armed", "party", "company", ...). */
enum {
    TD_ENT_NONE = 0,
    TD_ENT_PERSON,
    TD_ENT_ORG,
    TD_ENT_COUNTRY,
    TD_ENT_CITY,
    TD_ENT_REGION,
    TD_ENT_OUTLET,
    TD_ENT_NTYPES
};

/* How a mention names its entity. */
enum {
    TD_FORM_NAME = 0, /* a proper name or an alias: "Abbas Araghchi", "U.S." */
    TD_FORM_SHORT,    /* a shorter form of a name met before: "Araghchi" */
    TD_FORM_DEMONYM,  /* an adjective or people noun: "Iranian", "Omani" */
    TD_FORM_NOMINAL   /* a definite description standing for a named body:
                         "the ministry" (only when resolution is sure) */
};

typedef struct td_span {
    size_t start, end;
} td_span;

typedef struct td_mention {
    size_t start, end; /* the name itself, without titles */
    uint32_t sentence; /* index into the sentence array */
    int type;          /* TD_ENT_* */
    int form;          /* TD_FORM_* */
    int32_t kb;        /* knowledge-base entry (td_kb_entry_at), or -1 */
    int32_t entity;    /* index into the article's td_local_entity array,
                          or -1 before resolution */
} td_mention;

/* How a title is attached to its person. */
enum {
    TD_TITLE_PREMOD = 1, /* "Iranian Foreign Minister Abbas Araghchi" */
    TD_TITLE_APPOS,      /* "Brett McGurk, President Biden's top Middle
                            East adviser," */
    TD_TITLE_BIO,        /* "X is the news editor of Y" */
    TD_TITLE_PRED        /* "X, who serves as ...", "X, now the envoy" */
};

typedef struct td_title {
    size_t start, end; /* the title phrase as written */
    int32_t mention;   /* the person mention it describes */
    int attach;        /* TD_TITLE_* */
    const char *role;  /* canonical role from the lexicon ("foreign
                          minister", "envoy", "adviser"), or NULL */
    char country[4];   /* ISO 3166 alpha-3 the role belongs to ("USA"), or "" */
    char about[4];     /* alpha-3 the role is about ("envoy for Iran"), or "" */
    int32_t org;       /* mention of the organisation it names, or -1 */
    int acting;        /* "acting", "deputy", "former", ... as flags below */
} td_title;

enum { TD_ROLE_ACTING = 1, TD_ROLE_DEPUTY = 2, TD_ROLE_FORMER = 4, TD_ROLE_SPECIAL = 8 };

/* One entity as one article knows it, after in-article resolution. */
typedef struct td_local_entity {
    const char *name; /* the fullest form the article uses (arena string) */
    int type;         /* TD_ENT_* */
    int32_t kb;       /* knowledge-base entry, or -1 */
    uint32_t nmentions;
    int32_t first;    /* first mention */
} td_local_entity;

/* Who is the source of a statement. */
enum {
    TD_SRC_PERSON = 1,
    TD_SRC_ORG,       /* an institution, government or country */
    TD_SRC_OUTLET,
    TD_SRC_ANON,      /* "a person familiar with the matter", "U.S. officials" */
    TD_SRC_OTHER      /* a pronoun or a description left unresolved */
};

/* What kind of attribution. */
enum {
    TD_ATTR_QUOTE = 1, /* direct quotation */
    TD_ATTR_PARAPHRASE, /* indirect speech: "X said that ..." */
    TD_ATTR_REPORT      /* report attribution: "according to X",
                           "X reported that ..." */
};

typedef struct td_attribution {
    uint32_t sentence;
    size_t src_start, src_end; /* the source phrase as written */
    int src_kind;              /* TD_SRC_* */
    int32_t src_mention;       /* the mention the source is, or -1 */
    size_t cue_start, cue_end; /* "said", "according to", ... */
    const char *cue;           /* the cue's lemma: "say", "report",
                                  "according to", "tell", "confirm",
                                  "decline", ... */
    int kind;                  /* TD_ATTR_* */
    size_t content_start, content_end;
    int32_t parent;            /* the attribution this one is nested in
                                  ("Al Jazeera reported that Iran said ..."),
                                  or -1 */
} td_attribution;

/* Names for export and display: "person", "org", "country", "city",
 * "region", "outlet"; "direct", "paraphrase", "report"; "person",
 * "org", "outlet", "anonymous", "other". */
const char *td_ent_type_name(int type);
int td_ent_type_from_name(const char *s, size_t n); /* TD_ENT_NONE if unknown */
const char *td_attr_kind_name(int kind);
/* "name", "short", "demonym", "nominal"; "premodifier", "apposition",
 * "bio", "predicate". */
const char *td_form_name(int form);
const char *td_title_attach_name(int attach);
const char *td_src_kind_name(int kind);

#endif
