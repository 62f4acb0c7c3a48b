#!/usr/bin/env bash
# test_seeds.sh -- the five real scraped reports in ../shared/seeds (beside
# the repository; absent on a user's machine, then skipped). They are read
# in place and never copied into the repository.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SEEDS=$TD_SOURCE_DIR/../shared/seeds
[ -d "$SEEDS" ] || td_skip "../shared/seeds absent"
td_setup
cd "$TMP"

DB=$TMP/seeds.db
# shellcheck disable=SC2317 # called through run
T() { "$TIDINGS" --db "$DB" "$@"; }
N=$(find "$SEEDS" -type f ! -name '.*' | wc -l)
expect_eq "$N" 5 "../shared/seeds holds 5 files"

run T ingest "$SEEDS"
expect_rc 0 "ingest ../shared/seeds"
expect_grep_re "$TMP/out" '^5 new, 0 already known' "first ingest says 5 new"

run T ingest "$SEEDS"
expect_rc 0 "ingest ../shared/seeds again"
expect_grep_re "$TMP/out" '^0 new, 5 already known' "second ingest says 0 new, 5 already known"

run T export --json
expect_rc 0 "export --json"
cp "$TMP/out" "$TMP/export.json"
expect_json "$TMP/export.json" "export --json is valid JSON"
expect_jpy "$TMP/export.json" 'len(d["articles"])' 5 "export has 5 articles"
expect_jpy "$TMP/export.json" '[a["source_path"] for a in d["articles"] if len((a["body"] or "").strip()) < 200]' '[]' \
    "every body is non-empty (at least 200 characters)"
expect_jpy "$TMP/export.json" '[a["source_path"] for a in d["articles"] if "\ufffd" in a["body"] or "\x00" in a["body"]]' '[]' \
    "no body has U+FFFD or NUL"
expect_jpy "$TMP/export.json" 'len(set(a["content_hash"] for a in d["articles"]))' 5 "5 distinct content hashes"

run T search --json --limit 50 oman
expect_rc 0 'search --json oman'
cp "$TMP/out" "$TMP/search.json"
expect_json "$TMP/search.json" "search --json is valid JSON"
expect_jpy "$TMP/search.json" 'len(set(h["article"]["id"] for h in d)) >= 4' True \
    'search "oman" finds at least 4 articles'
run T search oman
expect_rc 0 'search oman (text)'
expect_grep_re "$TMP/out" '\[[Oo]man' 'search "oman" highlights the match'

run T stats --json
expect_jpy "$TMP/out" 'd["articles"]' 5 "stats --json says 5 articles"
expect_integrity "$DB" "PRAGMA integrity_check"

td_finish
