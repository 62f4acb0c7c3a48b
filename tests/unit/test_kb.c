/* Unit tests: the actor knowledge base (src/extract/kb.c) on the real
 * data folder (data/actors/), plus user files written by the tests.
 * Tokens are cut the way the mention stage cuts them (src/extract/sent.c):
 * punctuation is its own token, a possessive stays inside its word, and
 * an abbreviation keeps its full stop ("U.S.", "Gen."). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "extract/kb.h"

#define MAXTOK 256

static td_kb *kb;

static int setup(void **state)
{
    char err[512] = "";
    const char *src = getenv("TD_SOURCE_DIR");
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/data", src ? src : ".");
    /* NULL finds the source tree's data and the build tree's cities */
    int rc = td_kb_open(&kb, src ? NULL : dir, err, sizeof err);
    if (rc != TD_KB_OK) fprintf(stderr, "td_kb_open: %s\n", err);
    return rc;
}

static int teardown(void **state)
{
    td_kb_close(kb);
    return 0;
}

static int wordbyte(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}

static int is_abbrev(const char *s, size_t n)
{
    static const char *const ab[] = {"Gen", "Brig", "Mr", "Mrs", "Ms", "Dr", "Lt", "Col", "Sen",
                                     "Rep", "Gov", "St", "Maj", "Adm", "Capt", "Sgt", "Prof"};
    if (n == 1 && s[0] >= 'A' && s[0] <= 'Z') return 1;
    if (memchr(s, '.', n)) return 1;
    for (size_t i = 0; i < sizeof ab / sizeof ab[0]; i++)
        if (strlen(ab[i]) == n && memcmp(ab[i], s, n) == 0) return 1;
    return 0;
}

/* Cuts text into tokens like the mention stage does. */
static size_t tokens(const char *t, td_span *toks)
{
    size_t n = 0, len = strlen(t), i = 0;
    while (i < len && n < MAXTOK) {
        unsigned char c = (unsigned char)t[i];
        if (c == ' ' || c == '\n') {
            i++;
            continue;
        }
        size_t s = i;
        if (!wordbyte(c)) {
            /* typographic quotes are three bytes */
            i += c == 0xE2 ? 3 : 1;
            toks[n++] = (td_span){s, i};
            continue;
        }
        while (i < len) {
            if (wordbyte((unsigned char)t[i])) i++;
            else if ((t[i] == '\'' || t[i] == '.') && i + 1 < len && wordbyte((unsigned char)t[i + 1]) && (unsigned char)t[i + 1] < 0x80) i++;
            else if ((unsigned char)t[i] == 0xE2 && i + 3 < len && (unsigned char)t[i + 2] == 0x99 && wordbyte((unsigned char)t[i + 3])) i += 3;
            else break;
        }
        if (i < len && t[i] == '.' && is_abbrev(t + s, i - s)) i++;
        toks[n++] = (td_span){s, i};
    }
    return n;
}

/* The longest name at the token that starts at byte offset of `at` in text. */
static size_t match(const char *text, const char *at, td_kb_hit *hit)
{
    td_span toks[MAXTOK];
    size_t n = tokens(text, toks);
    const char *p = strstr(text, at);
    assert_non_null(p);
    size_t off = (size_t)(p - text);
    for (size_t i = 0; i < n; i++)
        if (toks[i].start == off) return td_kb_longest(kb, text, toks, n, i, hit);
    fail_msg("no token starts at [%s]", at);
    return 0;
}

static const td_kb_entry *best(const td_kb_hit *h)
{
    assert_true(h->ncand > 0);
    return td_kb_entry_at(kb, h->cand[0]);
}

/* Asserts that the longest match at `at` covers exactly `want` and that
 * its best candidate has this id. */
static const td_kb_entry *expect(const char *text, const char *at, const char *want,
                                 const char *id)
{
    td_kb_hit h;
    size_t n = match(text, at, &h);
    if (!n) fail_msg("nothing matched at [%s] in: %s", at, text);
    size_t l = strlen(want);
    const char *p = strstr(text, at);
    if (h.start != (size_t)(p - text) || h.end - h.start != l || memcmp(text + h.start, want, l))
        fail_msg("matched [%.*s], want [%s]", (int)(h.end - h.start), text + h.start, want);
    const td_kb_entry *e = best(&h);
    if (strcmp(e->id, id) != 0) fail_msg("[%s] is %s, want %s", want, e->id, id);
    return e;
}

static void nothing(const char *text, const char *at)
{
    td_kb_hit h;
    size_t n = match(text, at, &h);
    if (n) fail_msg("unexpected match [%.*s] -> %s", (int)(h.end - h.start), text + h.start,
                    td_kb_entry_at(kb, h.cand[0])->id);
}

static void countries_by_name_alias_and_code(void **state)
{
    expect("The U.S. said on Monday", "U.S.", "U.S.", "country:USA");
    expect("The US said on Monday", "US", "US", "country:USA");
    expect("officials in the United States said", "United", "United States", "country:USA");
    expect("the United States of America", "United", "United States of America", "country:USA");
    expect("Britain and France", "Britain", "Britain", "country:GBR");
    expect("in Iran.", "Iran", "Iran", "country:IRN");
    assert_int_equal(td_kb_country(kb, "IRN"), td_kb_find_id(kb, "country:IRN"));
    assert_int_equal(td_kb_country(kb, "IR"), td_kb_find_id(kb, "country:IRN"));
    assert_int_equal(td_kb_country(kb, "XK"), td_kb_find_id(kb, "country:XKX"));
    assert_int_equal(td_kb_country(kb, "ZZZ"), -1);
    const td_kb_entry *e = td_kb_entry_at(kb, (uint32_t)td_kb_country(kb, "OMN"));
    assert_string_equal(e->name, "Oman");
    assert_int_equal(e->type, TD_ENT_COUNTRY);
    assert_string_equal(e->country, "OMN");
}

static void demonyms(void **state)
{
    td_kb_hit h;
    const char *t = "Iranian Foreign Minister Abbas Araghchi met Omani officials.";
    expect(t, "Iranian", "Iranian", "country:IRN");
    match(t, "Iranian", &h);
    assert_int_equal(h.form, TD_KB_DEMONYM);
    expect(t, "Omani", "Omani", "country:OMN");
    expect("Americans are divided", "Americans", "Americans", "country:USA");
}

static void capitals_read_as_title_case(void **state)
{
    td_kb_hit h;
    expect("IRAN REJECTS TALKS", "IRAN", "IRAN", "country:IRN");
    expect("THE UNITED STATES AND IRAN", "UNITED", "UNITED STATES", "country:USA");
    /* an acronym stays an acronym */
    expect("the IRGC said", "IRGC", "IRGC", "org:irgc");
    match("the IRGC said", "IRGC", &h);
    assert_int_equal(h.form, TD_KB_ACRONYM);
}

static void possessives_are_set_aside(void **state)
{
    td_kb_hit h;
    const char *t = "Iran's president and Hamas\xe2\x80\x99s leaders";
    expect(t, "Iran's", "Iran", "country:IRN");
    match(t, "Iran's", &h);
    assert_true(h.possessive);
    assert_int_equal(h.ntok, 1);
    expect(t, "Hamas", "Hamas", "org:hamas");
    match(t, "Hamas", &h);
    assert_true(h.possessive);
}

static void cities_and_ranking(void **state)
{
    const td_kb_entry *e = expect("talks in Muscat on Saturday", "Muscat", "Muscat", "city:287286");
    assert_int_equal(e->type, TD_ENT_CITY);
    assert_string_equal(e->country, "OMN");
    /* the country comes before a city or region of the same name */
    td_kb_hit h;
    match("Georgia's president", "Georgia", &h);
    assert_true(h.ncand >= 2);
    assert_string_equal(best(&h)->id, "country:GEO");
    assert_int_equal(td_kb_entry_at(kb, h.cand[1])->type, TD_ENT_REGION);
}

static void outlets(void **state)
{
    const td_kb_entry *e = expect("first reported by Axios on Friday", "Axios", "Axios", "outlet:axios.com");
    assert_int_equal(e->type, TD_ENT_OUTLET);
    assert_string_equal(e->domain, "axios.com");
    expect("told the Financial Times that", "the", "the Financial Times", "outlet:ft.com");
    expect("The Financial Times reported", "The", "The Financial Times", "outlet:ft.com");
    expect("told the Financial Times that", "Financial", "Financial Times", "outlet:ft.com");
    expect("Iran's PressTV said", "PressTV", "PressTV", "outlet:presstv.ir");
    expect("Al Jazeera reported", "Al", "Al Jazeera", "outlet:aljazeera.com");
}

static void people_and_offices(void **state)
{
    const char *t = "Iranian Foreign Minister Abbas Araghchi said";
    const td_kb_entry *e = expect(t, "Abbas", "Abbas Araghchi", "person:abbas-araghchi");
    assert_int_equal(e->type, TD_ENT_PERSON);
    assert_true(e->noffices >= 1);
    int found = 0;
    for (uint32_t k = 0; k < e->noffices; k++)
        if (strcmp(e->offices[k].role, "foreign minister") == 0 &&
            strcmp(e->offices[k].country, "IRN") == 0 &&
            strncmp(e->offices[k].start, "2024-08", 7) == 0)
            found = 1;
    assert_true(found);
    uint32_t idx = (uint32_t)td_kb_find_id(kb, "person:abbas-araghchi");
    const td_kb_office *o;
    assert_true(td_kb_office_on(kb, idx, "foreign minister", "IRN", "2025-06-01", &o));
    assert_non_null(o);
    assert_false(td_kb_office_on(kb, idx, "foreign minister", "IRN", "2023-01-15", &o));
    assert_null(o);
    assert_false(td_kb_office_on(kb, idx, "foreign minister", "USA", "2025-06-01", NULL));
    assert_true(td_kb_office_on(kb, idx, NULL, NULL, "2025-06-01", NULL));
    expect("Araghchi said", "Araghchi", "Araghchi", "person:abbas-araghchi");
}

static void titles(void **state)
{
    td_span toks[MAXTOK];
    td_kb_title_hit th;
    const char *t = "Brig. Gen. Mohammad Reza Zahedi and Foreign Minister Abbas Araghchi";
    size_t n = tokens(t, toks);
    assert_int_equal(td_kb_title(kb, t, toks, n, 0, &th), 2);
    assert_true(th.rank);
    assert_string_equal(th.role, "general");
    assert_int_equal(th.end, strlen("Brig. Gen."));
    size_t fm = 0;
    while (fm < n && memcmp(t + toks[fm].start, "Foreign", 7) != 0) fm++;
    assert_int_equal(td_kb_title(kb, t, toks, n, fm, &th), 2);
    assert_string_equal(th.role, "foreign minister");
    assert_false(th.rank);

    const char *u = "the acting U.S. special envoy for Iran";
    n = tokens(u, toks);
    assert_int_equal(td_kb_title(kb, u, toks, n, 1, &th), 1);
    assert_null(th.role);
    assert_int_equal(th.flags, TD_ROLE_ACTING);
    assert_int_equal(td_kb_title(kb, u, toks, n, 3, &th), 2);
    assert_string_equal(th.role, "envoy");
    assert_int_equal(th.flags, TD_ROLE_SPECIAL);
    const char *v = "U.S. Secretary of State Marco Rubio";
    n = tokens(v, toks);
    assert_int_equal(td_kb_title(kb, v, toks, n, 1, &th), 3);
    assert_string_equal(th.role, "foreign minister");
}

static void given_names(void **state)
{
    assert_true(td_kb_given_name(kb, "Abbas", 5));
    assert_true(td_kb_given_name(kb, "Brett", 5));
    assert_true(td_kb_given_name(kb, "BRETT", 5));
    assert_false(td_kb_given_name(kb, "Ministry", 8));
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void user_files(void **state)
{
    char path[] = "/tmp/td_kb_user_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    write_file(path, "# a user's additions\n"
                     "country:IRN\t-\t-\t-\tPersia\n"
                     "person:jane-roe\tJane Roe\t-\tGBR\tRoe\n"
                     "office\tperson:jane-roe\tenvoy\tGBR\t-\t2025-02\t-\tour notes\n");
    char err[512] = "";
    td_kb *k2;
    assert_int_equal(td_kb_open(&k2, NULL, err, sizeof err), TD_KB_OK);
    assert_int_equal(td_kb_add_file(k2, path, err, sizeof err), TD_KB_OK);
    td_kb *keep = kb;
    kb = k2;
    expect("ancient Persia", "Persia", "Persia", "country:IRN");
    expect("said Jane Roe", "Jane", "Jane Roe", "person:jane-roe");
    assert_true(td_kb_office_on(kb, (uint32_t)td_kb_find_id(kb, "person:jane-roe"), "envoy", "GBR",
                                "2025-03-01", NULL));
    kb = keep;

    /* a bad line fails with the file and line */
    write_file(path, "country:IRN\t-\t-\t-\tPersia\n"
                     "office\tperson:jane-roe\tenvoy\tGBR\t-\t2025-13-01\n");
    assert_int_not_equal(td_kb_add_file(k2, path, err, sizeof err), TD_KB_OK);
    char want[600];
    snprintf(want, sizeof want, "%s:2:", path);
    if (strncmp(err, want, strlen(want)) != 0) fail_msg("error [%s] does not start with %s", err, want);
    write_file(path, "nonsense line\n");
    assert_int_equal(td_kb_add_file(k2, path, err, sizeof err), TD_KB_EPARSE);
    snprintf(want, sizeof want, "%s:1:", path);
    assert_int_equal(strncmp(err, want, strlen(want)), 0);
    /* an office of a person nobody defined */
    write_file(path, "\n\noffice\tperson:nobody-at-all\tenvoy\tGBR\t-\t2025\n");
    assert_int_equal(td_kb_add_file(k2, path, err, sizeof err), TD_KB_EPARSE);
    snprintf(want, sizeof want, "%s:3:", path);
    assert_int_equal(strncmp(err, want, strlen(want)), 0);
    /* an overlong line */
    FILE *f = fopen(path, "w");
    for (int i = 0; i < 5000; i++) fputc('x', f);
    fputc('\n', f);
    fclose(f);
    assert_int_equal(td_kb_add_file(k2, path, err, sizeof err), TD_KB_EPARSE);
    assert_int_equal(td_kb_add_file(k2, "/nonexistent/file", err, sizeof err), TD_KB_ENOENT);
    td_kb_close(k2);
    unlink(path);
}

static void misses_and_common_words(void **state)
{
    nothing("the ministry said", "ministry");
    nothing("Thursday", "Thursday");
    /* "Rice" as a one-word alias would match the grain */
    nothing("Rice prices rose", "Rice");
    /* tokens past the end are never read */
    td_span toks[MAXTOK];
    td_kb_hit h;
    const char *t = "U.S.";
    size_t n = tokens(t, toks);
    assert_int_equal(td_kb_longest(kb, t, toks, n, 0, &h), 1);
    assert_int_equal(h.end, 4);
    assert_int_equal(td_kb_longest(kb, t, toks, n, 5, &h), 0);
}

/* Without the generated cities the KB still loads, with the curated
 * capitals, and says what it is missing. */
static void loads_without_generated_cities(void **state)
{
    const char *src = getenv("TD_SOURCE_DIR");
    char dir[4096], err[512];
    snprintf(dir, sizeof dir, "%s/data", src ? src : ".");
    td_kb *k2;
    assert_int_equal(td_kb_open(&k2, dir, err, sizeof err), TD_KB_OK);
    assert_non_null(td_kb_note(k2));
    assert_non_null(strstr(td_kb_note(k2), "cities"));
    td_kb_stat st;
    td_kb_stats(k2, &st);
    assert_false(st.cities_loaded);
    assert_true(st.by_type[TD_ENT_CITY] >= 240);
    assert_true(st.by_type[TD_ENT_COUNTRY] >= 249);
    assert_true(st.by_type[TD_ENT_OUTLET] >= 300);
    td_kb *keep = kb;
    kb = k2;
    expect("talks in Muscat on Saturday", "Muscat", "Muscat", "city:287286");
    kb = keep;
    td_kb_close(k2);
    assert_int_equal(td_kb_open(&k2, "/nonexistent", err, sizeof err), TD_KB_ENOENT);
    assert_non_null(strstr(err, "/nonexistent"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(countries_by_name_alias_and_code),
        cmocka_unit_test(demonyms),
        cmocka_unit_test(capitals_read_as_title_case),
        cmocka_unit_test(possessives_are_set_aside),
        cmocka_unit_test(cities_and_ranking),
        cmocka_unit_test(outlets),
        cmocka_unit_test(people_and_offices),
        cmocka_unit_test(titles),
        cmocka_unit_test(given_names),
        cmocka_unit_test(user_files),
        cmocka_unit_test(misses_and_common_words),
        cmocka_unit_test(loads_without_generated_cities),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
