#!/usr/bin/env bash
# test_mentions.sh -- time expressions and quantities found at ingest:
# stored per article, their spans are the body's own text, shown by
# `show` and exported.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

td_setup
cd "$TMP"
DB=$TMP/m.db
# shellcheck disable=SC2317 # called through run
T() { "$TIDINGS" --db "$DB" "$@"; }

run T ingest "$TD_SOURCE_DIR/examples/corpus"
expect_rc 0 "ingest the example corpus"
run T export --json
cp "$TMP/out" "$TMP/all.json"
expect_json "$TMP/all.json" "export --json is valid JSON"
expect_jpy "$TMP/all.json" 'len(d["timexes"]) > 50 and len(d["quantities"]) > 50' True \
    "the corpus yields time expressions and quantities"
expect_jpy "$TMP/all.json" \
    'all(set(t) >= {"article","text","start","end","type","value","anchor"} for t in d["timexes"])' True \
    "timexes carry article, text, start, end, type, value, anchor"
expect_jpy "$TMP/all.json" \
    'all(set(q) >= {"article","text","value","approx","unit","counts"} for q in d["quantities"])' True \
    "quantities carry article, text, value, approx, unit, counts"
# Offsets are bytes of the UTF-8 body.
expect_jpy "$TMP/all.json" \
    'all(next(a for a in d["articles"] if a["id"] == t["article"])["body"].encode()[t["start"]:t["end"]].decode() == t["text"] for t in d["timexes"] + d["quantities"])' \
    True "every span is the body's own text"
expect_jpy "$TMP/all.json" \
    'all(t["type"] in ("DATE","TIME","DURATION","SET") for t in d["timexes"])' True \
    "timex types are DATE, TIME, DURATION or SET"
# A dated article resolves its relative dates against its own day; one
# with only a wide inferred interval keeps the values every day of the
# interval agrees on, anchored on the interval.
expect_jpy "$TMP/all.json" \
    'all(t["anchor"] == ((lambda a: a["published"] or "%s/%s" % (a["published_interval"]["from"], a["published_interval"]["to"]))(next(a for a in d["articles"] if a["id"] == t["article"]))) for t in d["timexes"] if t["anchor"])' \
    True "anchors are the articles' publication days (or inferred intervals)"
expect_jpy "$TMP/all.json" \
    'any(t["anchor"] and t["relative"] and t["value"][:4] == "2025" for t in d["timexes"])' True \
    "relative expressions in dated articles resolve to 2025 dates"
# The summer deal's compensation fund (examples/README.md): 140 million euros.
expect_jpy "$TMP/all.json" \
    'any(q["value"] == 140000000 and q["unit"] == "€" for q in d["quantities"] if "varona-second-round" in next(a for a in d["articles"] if a["id"] == q["article"])["source_path"])' \
    True "the deal's €140 million fund is a quantity of 140,000,000 €"
expect_jpy "$TMP/all.json" \
    'all(q["approx"] in "=~<>" for q in d["quantities"])' True "approximation is one of = ~ < >"

ID=$(jpy "$TMP/all.json" '[a["id"] for a in d["articles"] if a["published"]][0]')
run T show "$ID" --json
expect_rc 0 "show $ID --json"
cp "$TMP/out" "$TMP/show.json"
expect_json "$TMP/show.json" "show --json with mentions is valid JSON"
expect_jpy "$TMP/show.json" '"timexes" in d and "quantities" in d' True \
    "show --json lists the article's timexes and quantities"
run T show "$ID"
expect_grep "$TMP/out" "time expressions" "show lists time expressions"

run T export --jsonl
cp "$TMP/out" "$TMP/all.jsonl"
expect_jpy "$TMP/all.jsonl" \
    'all(json.loads(l)["timex_type"] in ("DATE","TIME","DURATION","SET") for l in lines if json.loads(l)["type"] == "timex")' \
    True "JSONL timex lines keep their own type as timex_type"

td_finish
