/*
 * entity.c -- names of the actor stages' enumerations (entity.h), for
 * export, display and the data files' ids.
 */
#include "extract/entity.h"

#include <string.h>

static const char *const ent_names[TD_ENT_NTYPES] = {
    "none", "person", "org", "country", "city", "region", "outlet"};

const char *td_ent_type_name(int type)
{
    return type > TD_ENT_NONE && type < TD_ENT_NTYPES ? ent_names[type] : "none";
}

int td_ent_type_from_name(const char *s, size_t n)
{
    for (int t = TD_ENT_NONE + 1; t < TD_ENT_NTYPES; t++)
        if (strlen(ent_names[t]) == n && memcmp(ent_names[t], s, n) == 0) return t;
    return TD_ENT_NONE;
}

const char *td_attr_kind_name(int kind)
{
    switch (kind) {
    case TD_ATTR_QUOTE: return "direct";
    case TD_ATTR_PARAPHRASE: return "paraphrase";
    case TD_ATTR_REPORT: return "report";
    default: return "none";
    }
}

const char *td_src_kind_name(int kind)
{
    switch (kind) {
    case TD_SRC_PERSON: return "person";
    case TD_SRC_ORG: return "org";
    case TD_SRC_OUTLET: return "outlet";
    case TD_SRC_ANON: return "anonymous";
    case TD_SRC_OTHER: return "other";
    default: return "none";
    }
}

const char *td_form_name(int form)
{
    static const char *const names[] = {"name", "short", "demonym", "nominal"};
    return form >= TD_FORM_NAME && form <= TD_FORM_NOMINAL ? names[form] : "name";
}

const char *td_title_attach_name(int attach)
{
    static const char *const names[] = {"premodifier", "apposition", "bio", "predicate"};
    return attach >= TD_TITLE_PREMOD && attach <= TD_TITLE_PRED ? names[attach - TD_TITLE_PREMOD]
                                                                : "premodifier";
}
