#!/usr/bin/env bash
# test_split_ingest.sh -- an ingest in three runs gives what one clustering
# of everything gives, on ECB+'s 982 reports in ../shared/bench (beside the
# repository; absent on a user's machine, then skipped; read in place,
# never copied into the repository).
#
# Each ingest after the first places only its new articles from the saved
# state; the story index re-checks a lone story at fixed positions after
# it opens, so a re-check of a story from the first run can merge two
# earlier stories during the second. The update must write those stories
# and their threads (and re-date their articles) as a full clustering does.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ECB=$TD_SOURCE_DIR/../shared/bench/ecbplus/ecbplus_docs.jsonl
[ -f "$ECB" ] || td_skip "../shared/bench/ecbplus absent"
td_setup
cd "$TMP"

DB=$TMP/split.db
# shellcheck disable=SC2317 # called through run
T() { "$TIDINGS" --db "$DB" "$@"; }

# The reports as feed lines, cut after 600 and 660: the middle run is
# shorter than the last re-check's distance, so re-checks of stories the
# first run opened fall into the second and third.
python3 - "$ECB" <<'EOF'
import json, sys
lines = []
with open(sys.argv[1]) as f:
    for line in f:
        d = json.loads(line)
        lines.append(json.dumps({"url": "https://split.invalid/%s" % d["doc_id"], "text": d["text"]}))
for name, part in (("p1", lines[:600]), ("p2", lines[600:660]), ("p3", lines[660:])):
    with open(name + ".jsonl", "w") as f:
        f.write("\n".join(part) + "\n")
EOF

for p in p1 p2 p3; do
    run T ingest --format jsonl "$p.jsonl"
    expect_rc 0 "ingest $p"
done
run T export --json
expect_rc 0 "export after three ingests"
cp "$TMP/out" "$TMP/runs.json"
run T cluster
expect_rc 0 "cluster everything again"
run T export --json
cp "$TMP/out" "$TMP/full.json"

expect_jpy "$TMP/runs.json" 'len(d["articles"])' 982 "982 articles in"
expect_jpy "$TMP/runs.json" 'sorted(json.dumps(s, sort_keys=True) for s in d["stories"])' \
    "$(jpy "$TMP/full.json" 'sorted(json.dumps(s, sort_keys=True) for s in d["stories"])')" \
    "three ingests give the stories (threads, titles, counts) one clustering gives"
expect_jpy "$TMP/runs.json" '[(a["story"], a["duplicate_of"], a["published"]) for a in d["articles"]]' \
    "$(jpy "$TMP/full.json" '[(a["story"], a["duplicate_of"], a["published"]) for a in d["articles"]]')" \
    "... and the same story, copy and date for every article"
td_finish
