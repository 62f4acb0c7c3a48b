#!/usr/bin/env bash
# test_entities.sh -- actors at ingest: entities merged across articles,
# their aliases and titles, who says what; `entities`, `show entity`,
# export; a user's --actors file. Then the seeds' people, outlets and
# sources when ../shared is there.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

td_setup
cd "$TMP"
DB=$TMP/e.db
# shellcheck disable=SC2317 # called through run
T() { "$TIDINGS" --db "$DB" "$@"; }

# A user's file: one of the corpus's (fictional) outlets, so that the
# knowledge base types it as an outlet.
printf 'outlet:meridianwire.net\tMeridian Wire\twire\tESP\n' >"$TMP/mine.tsv"
run T ingest --actors "$TMP/mine.tsv" "$TD_SOURCE_DIR/examples/corpus"
expect_rc 0 "ingest the example corpus with --actors"
run T export --json
cp "$TMP/out" "$TMP/all.json"
expect_json "$TMP/all.json" "export --json is valid JSON"
expect_jpy "$TMP/all.json" \
    'all(set(e) >= {"id","name","type","aliases","titles","articles"} for e in d["entities"])' True \
    "entities carry id, name, type, aliases, titles, articles"
expect_jpy "$TMP/all.json" \
    'all(set(a) >= {"article","source","source_entity","cue","kind","content"} for a in d["attributions"])' True \
    "attributions carry article, source, source_entity, cue, kind, content"
expect_jpy "$TMP/all.json" 'all(e["type"] in ("person","org","country","city","region","outlet") for e in d["entities"])' True \
    "entity types are person, org, country, city, region, outlet"
expect_jpy "$TMP/all.json" 'len(d["attributions"]) > 10' True "the corpus yields attributions"
# The mediator of the Varona talks is in no knowledge base: found by the
# shape of the text, one entity across the articles of the thread.
expect_jpy "$TMP/all.json" \
    '[(e["type"], len(e["articles"]) > 1) for e in d["entities"] if e["name"] == "Astrid Holmvik"]' \
    "[('person', True)]" "Astrid Holmvik is one person across articles"
expect_jpy "$TMP/all.json" '[e["type"] for e in d["entities"] if e["name"] == "Meridian Wire"]' \
    "['outlet']" "--actors makes Meridian Wire an outlet"
expect_jpy "$TMP/all.json" '[e["kb_id"] for e in d["entities"] if e["name"] == "Spain"]' \
    "['country:ESP']" "Spain is the knowledge base's country:ESP"
# Mentions are the body's own text.
run T show 1 --json
cp "$TMP/out" "$TMP/show.json"
expect_json "$TMP/show.json" "show --json with actors is valid JSON"
expect_jpy "$TMP/show.json" '"entities" in d and "attributions" in d' True \
    "show --json lists the article's entities and attributions"

run T entities --json --type person
cp "$TMP/out" "$TMP/people.json"
expect_json "$TMP/people.json" "entities --json is valid JSON"
expect_jpy "$TMP/people.json" 'len(d) > 0 and all(e["type"] == "person" for e in d)' True \
    "entities --type person lists people only"
run T entities
expect_grep "$TMP/out" "Holmvik" "entities lists Holmvik"
run T show entity holmvik
expect_rc 0 "show entity by a short, lower-case name"
expect_grep "$TMP/out" "Astrid Holmvik" "show entity finds the full name"
expect_grep "$TMP/out" "articles" "show entity lists the articles"
run T show entity Nobody Atall
expect_rc 2 "show entity of an unknown name is a usage error"
run T entities --type planet
expect_rc 2 "entities --type with an unknown type is a usage error"

printf 'this is not a record\n' >"$TMP/bad.tsv"
run T ingest --actors "$TMP/bad.tsv" "$TD_SOURCE_DIR/examples/corpus"
expect_rc 2 "a bad --actors file is a usage error"
expect_grep "$TMP/err" "bad.tsv:1" "the error names the file and line"

# The seeds: everyone with their titles, the outlets as sources.
SEEDS=$TD_SOURCE_DIR/../shared/seeds
if [ -d "$SEEDS" ]; then
    SDB=$TMP/seeds.db
    run "$TIDINGS" --db "$SDB" ingest "$SEEDS"
    expect_rc 0 "ingest the seeds"
    run "$TIDINGS" --db "$SDB" export --json
    cp "$TMP/out" "$TMP/seeds.json"
    for who in "Brett McGurk:4" "Abram Paley:3"; do
        expect_jpy "$TMP/seeds.json" \
            "[len({t['text'].replace('U.S.', 'US') for t in e['titles']}) >= ${who##*:} for e in d['entities'] if e['name'] == '${who%:*}']" \
            "[True]" "${who%:*} is one entity with ${who##*:} title phrasings"
    done
    for o in Axios "Financial Times" PressTV "Al Jazeera" CNN; do
        expect_jpy "$TMP/seeds.json" \
            "any(e['type'] == 'outlet' and e['name'] == '$o' and any(a['source_entity'] == e['id'] for a in d['attributions']) for e in d['entities'])" \
            True "$o is an outlet and a source"
    done
    expect_jpy "$TMP/seeds.json" \
        "any(a['source_kind'] == 'anonymous' and 'familiar with the matter' in a['source'] for a in d['attributions'])" \
        True "a person familiar with the matter is an anonymous source"
fi

td_finish
