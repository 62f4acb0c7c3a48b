#!/usr/bin/env bash
# test_stories.sh -- copies, stories and threads through the tool: every
# article lands in a story, the listings and the export agree, and a later
# ingest leaves earlier articles in the stories (and story ids) they had.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

td_setup
cd "$TMP"
CORPUS=$TD_SOURCE_DIR/examples/corpus
DB=$TMP/s.db
# shellcheck disable=SC2317 # called through run
T() { "$TIDINGS" --db "$DB" "$@"; }

# First the HTML pages only, then everything else: a second run.
run T ingest "$CORPUS/html"
expect_rc 0 "ingest the HTML pages"
run T export --json
cp "$TMP/out" "$TMP/first.json"
expect_json "$TMP/first.json" "export --json after the first run"
expect_jpy "$TMP/first.json" 'all(a["story"] for a in d["articles"])' True \
    "every article of the first run has a story"

run T ingest "$CORPUS"
expect_rc 0 "ingest the whole corpus"
run T export --json
cp "$TMP/out" "$TMP/all.json"
expect_json "$TMP/all.json" "export --json after the second run"
expect_jpy "$TMP/all.json" 'len(d["articles"])' 18 "18 articles"
expect_jpy "$TMP/all.json" 'all(a["story"] for a in d["articles"])' True \
    "every article has a story"
expect_jpy "$TMP/all.json" \
    'sorted({a["story"] for a in d["articles"]}) == sorted(s["id"] for s in d["stories"])' True \
    "the stories of the articles are the stories listed"
expect_jpy "$TMP/all.json" \
    'all(s["articles"] == sum(1 for a in d["articles"] if a["story"] == s["id"]) for s in d["stories"])' \
    True "each story counts its own articles"
expect_jpy "$TMP/all.json" \
    'sorted({s["thread"] for s in d["stories"]}) == sorted(t["id"] for t in d["threads"])' True \
    "the threads of the stories are the threads listed"
expect_jpy "$TMP/all.json" \
    'all(set(k) >= {"id","thread","title","articles","outlets","first_seen","last_seen"} for k in d["stories"])' \
    True "stories carry id, thread, title, articles, outlets, first and last seen"
expect_jpy "$TMP/all.json" 'all(set(k) >= {"id","title","stories"} for k in d["threads"])' True \
    "threads carry id, title, stories"
python3 - "$TMP/first.json" "$TMP/all.json" >"$TMP/stable" <<'PY'
import json, sys
first, later = (json.load(open(p)) for p in sys.argv[1:3])
now = {a["content_hash"]: a["story"] for a in later["articles"]}
moved = [a["id"] for a in first["articles"] if now[a["content_hash"]] != a["story"]]
print("stable" if not moved else f"moved: {moved}")
PY
expect_eq "$(cat "$TMP/stable")" stable "a later ingest leaves earlier articles in their stories"

# The copy: the same wire text under two outlets' clutter (examples/README.md:
# text/ledger-kovex-fire-wire.txt and html/plainsman-kovex-fire-wire.html).
expect_jpy "$TMP/all.json" \
    'sorted(a["source_path"].rsplit("/", 1)[1] for a in d["articles"] if a["duplicate_of"] or any(b["duplicate_of"] == a["id"] for b in d["articles"]))' \
    "['ledger-kovex-fire-wire.txt', 'plainsman-kovex-fire-wire.html']" \
    "the wire copy and its original, and nothing else, are folded"
expect_jpy "$TMP/all.json" \
    'all(a["story"] == next(b["story"] for b in d["articles"] if b["id"] == a["duplicate_of"]) for a in d["articles"] if a["duplicate_of"])' \
    True "a copy is in its original's story"

# A story's seen days are its articles' days, as the articles show them
# (dates given, or inferred with confidence 0.1 or more).
python3 - "$TMP/all.json" >"$TMP/spans" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
bad = []
for s in d["stories"]:
    days = [a["published"][:10] for a in d["articles"] if a["story"] == s["id"]
            and a["published"] and len(a["published"]) >= 10
            and (a["published_from"] != "inferred"
                 or (a.get("published_interval") or {}).get("confidence", 0) >= 0.1)]
    if days and (s["first_seen"], s["last_seen"]) != (min(days), max(days)):
        bad.append((s["id"], s["first_seen"], s["last_seen"], min(days), max(days)))
print("spans" if not bad else f"differ: {bad}")
PY
expect_eq "$(cat "$TMP/spans")" spans "each story is seen from its first article's day to its last's"

run T stories --json
expect_rc 0 "stories --json"
cp "$TMP/out" "$TMP/stories.json"
expect_jpy "$TMP/stories.json" \
    '[s["last_seen"] for s in d if s["last_seen"]] == sorted((s["last_seen"] for s in d if s["last_seen"]), reverse=True)' \
    True "stories are listed latest first by their last day"
expect_jpy "$TMP/stories.json" 'len(d)' "$(jpy "$TMP/all.json" 'len(d["stories"])')" \
    "stories --json lists every story"
run T threads --json
expect_rc 0 "threads --json"
cp "$TMP/out" "$TMP/threads.json"
expect_json "$TMP/threads.json" "threads --json is valid JSON"
S=$(jpy "$TMP/stories.json" 'd[0]["id"]')
run T show story "$S"
expect_rc 0 "show story $S"
expect_grep "$TMP/out" "headline" "show story prints its headline"
run T show story "$S" --json
cp "$TMP/out" "$TMP/story.json"
expect_jpy "$TMP/story.json" 'd["story"]["id"] == '"$S"' and len(d["articles"]) == d["story"]["articles"]' True \
    "show story --json lists the story's articles"
TH=$(jpy "$TMP/threads.json" 'd[0]["id"]')
run T show thread "$TH" --json
expect_rc 0 "show thread $TH --json"
cp "$TMP/out" "$TMP/thread.json"
expect_jpy "$TMP/thread.json" 'd["thread"]["id"] == '"$TH"' and len(d["stories"]) == d["thread"]["stories"]' True \
    "show thread --json lists the thread's stories"
# An untitled report (examples/corpus/text/plainsman-varona-walkout.txt
# has no headline line) is listed by how its body opens.
U=$(jpy "$TMP/all.json" 'next(a["id"] for a in d["articles"] if not a["title"])')
US=$(jpy "$TMP/all.json" 'next(a["story"] for a in d["articles"] if not a["title"])')
OPENING=$(jpy "$TMP/all.json" 'next(a["body"].split()[0] + " " + a["body"].split()[1] for a in d["articles"] if not a["title"])')
run T show story "$US"
expect_rc 0 "show story $US"
expect_grep_re "$TMP/out" "^ *$U .*\\(untitled\\) $OPENING" "an untitled article is shown by its opening words"
run T articles
expect_grep_re "$TMP/out" "^ *$U .*\\(untitled\\) $OPENING" "articles lists an untitled article by its opening words"
run T search "$OPENING"
expect_grep_re "$TMP/out" "^ *$U .*\\(untitled\\)\$" "search marks an untitled hit (its snippet follows)"
run T show story 99999
expect_rc 2 "show story 99999 is not found (status 2)"

# cluster again: nothing moves.
run T cluster --json
expect_rc 0 "cluster --json"
run T export --json
cp "$TMP/out" "$TMP/again.json"
expect_jpy "$TMP/again.json" '[a["story"] for a in d["articles"]]' \
    "$(jpy "$TMP/all.json" '[a["story"] for a in d["articles"]]')" "cluster again assigns the same stories"

# The second ingest placed only its new articles, from the indexes the
# first one saved; grouping everything again gives the same stories,
# threads, titles and counts.
expect_jpy "$TMP/again.json" 'sorted(json.dumps(s, sort_keys=True) for s in d["stories"])' \
    "$(jpy "$TMP/all.json" 'sorted(json.dumps(s, sort_keys=True) for s in d["stories"])')" \
    "an ingest that places only its new articles gives the stories a full cluster gives"
expect_jpy "$TMP/again.json" '[(a["story"], a["duplicate_of"]) for a in d["articles"]]' \
    "$(jpy "$TMP/all.json" '[(a["story"], a["duplicate_of"]) for a in d["articles"]]')" \
    "... and the same story and copy for every article"
run T cluster --new --json
expect_rc 0 "cluster --new with nothing new"
expect_jpy "$TMP/out" '(d["placed"], d["only_new"], d["articles"])' "(0, True, 18)" \
    "cluster --new with nothing new places nothing and keeps the figures"

# A damaged saved state is not trusted: the next ingest groups everything
# again (and saves a good state), and nothing is lost.
sqlite3 "$DB" "UPDATE cluster_state SET data = zeroblob(64) WHERE name = 'story'"
mkdir -p "$TMP/later"
cat >"$TMP/later/c.txt" <<'TXT'
Port Velmar ferry strike ends after two days

Ferry crews at Port Velmar returned to work on Thursday after a two-day strike over rosters, the harbour board said.

The board said the first sailings would leave on time and that talks on pay would resume next month.
TXT
run T ingest "$TMP/later"
expect_rc 0 "ingest after the saved state was damaged"
run T export --json
cp "$TMP/out" "$TMP/later.json"
expect_jpy "$TMP/later.json" 'len(d["articles"]) == 19 and all(a["story"] for a in d["articles"])' True \
    "every article has a story after the damaged state was dropped"
expect_jpy "$TMP/later.json" '[a["story"] for a in d["articles"]][:18]' \
    "$(jpy "$TMP/all.json" '[a["story"] for a in d["articles"]]')" \
    "... and the earlier articles keep their stories"
run T cluster --new --json
expect_jpy "$TMP/out" '(d["placed"], d["only_new"])' "(0, True)" \
    "the state saved by that full run is taken again"

# --no-cluster leaves new articles without a story until the next cluster.
run "$TIDINGS" --db "$TMP/n.db" ingest --no-cluster "$CORPUS/jsonl"
expect_rc 0 "ingest --no-cluster"
run "$TIDINGS" --db "$TMP/n.db" stories --json
expect_eq "$(cat "$TMP/out")" "[]" "no stories before clustering"

# Ingests the folder $TMP/NAME into a database of its own and exports it
# to $TMP/NAME.json.
ingest_alone() {
    run "$TIDINGS" --db "$TMP/$1.db" ingest "$TMP/$1"
    expect_rc 0 "ingest $2"
    run "$TIDINGS" --db "$TMP/$1.db" export --json
    cp "$TMP/out" "$TMP/$1.json"
}

# An undated report whose only date has no year ("Saturday, March 7") is
# not pinned to the year before the ingest: the ingest time bounds a date
# from above but does not place it (an archive ingested today is years
# old), and a wrong year would keep the report from its story. Two such
# reports of one happening share a story.
mkdir -p "$TMP/yearless"
cat >"$TMP/yearless/a.txt" <<'TXT'
Crane topples at Port Velmar terminal

High winds toppled a container crane at Port Velmar on Saturday, March 7, and four dock workers were hurt as it fell onto a cargo ship.

Port director Anselm Kodric said the main terminal would stay closed until inspectors examine the remaining cranes.
TXT
cat >"$TMP/yearless/b.txt" <<'TXT'
Four hurt as Port Velmar crane collapses

Four dock workers were injured when high winds toppled a container crane onto a cargo ship at Port Velmar on Saturday.

Port director Anselm Kodric said inspectors will examine the remaining cranes before the main terminal reopens.
TXT
ingest_alone yearless "two yearless reports"
expect_jpy "$TMP/yearless.json" '[a["published"] for a in d["articles"]]' "[None, None]" \
    "a date without a year is not placed in the year before the ingest"
expect_jpy "$TMP/yearless.json" 'len({a["story"] for a in d["articles"]})' 1 \
    "the two reports of the collapse are one story"

# Two reports of one collapse, each placed by a weak inference in a
# different year (the first Saturday, March 7 after a year each names in
# passing): the guesses stay in the store, but clustering does not let a
# guess (confidence under 0.1) keep a report from its story.
mkdir -p "$TMP/guess"
cat >"$TMP/guess/a.txt" <<'TXT'
Crane topples at Port Velmar terminal

High winds toppled a container crane at Port Velmar on Saturday, March 7, and four dock workers were hurt as it fell onto a cargo ship. The crane was installed in 2004.

Port director Anselm Kodric said the main terminal would stay closed until inspectors examine the remaining cranes.
TXT
cat >"$TMP/guess/b.txt" <<'TXT'
Four hurt as Port Velmar crane collapses

Four dock workers were injured when high winds toppled a container crane onto a cargo ship at Port Velmar on Saturday, March 7. The terminal last closed in 2013, during a strike.

Port director Anselm Kodric said inspectors will examine the remaining cranes before the main terminal reopens.
TXT
ingest_alone guess "two reports with weakly inferred dates"
expect_jpy "$TMP/guess.json" \
    'all(a["published_from"] == "inferred" and a["published_interval"]["confidence"] < 0.1 for a in d["articles"]) and len({a["published"][:4] for a in d["articles"]}) == 2' \
    True "both reports keep a weak inferred date, in two different years"
expect_jpy "$TMP/guess.json" 'len({a["story"] for a in d["articles"]})' 1 \
    "weak inferred dates do not split the two reports"

# One outlet under two spellings: a JSON line names "Meridian Wire", a
# page's URL gives meridianwire.net. The story counts it once, under the
# spelling seen first; another outlet still counts.
mkdir -p "$TMP/spell"
cat >"$TMP/spell/a.jsonl" <<'JSONL'
{"title": "Dam operators open spillway as river rises in Varona", "text": "Operators of the Penaroja reservoir opened the spillway on Tuesday as the Varona river rose after three days of rain, the regional water authority said. Farmers downstream were told to move machinery away from the banks. The authority said the level would peak on Wednesday.", "outlet": "Meridian Wire", "published": "2025-03-04T10:00:00Z"}
{"title": "Penaroja spillway opened as Varona river rises after rain", "text": "The regional water authority opened the Penaroja reservoir spillway on Tuesday after three days of rain pushed the Varona river up. Farmers downstream were asked to move machinery away from the banks before the level peaks on Wednesday.", "url": "https://www.meridianwire.net/2025/03/04/spillway", "published": "2025-03-04T12:00:00Z"}
{"title": "Varona river rises; Penaroja spillway opened", "text": "After three days of rain, the Varona river rose and the water authority opened the spillway of the Penaroja reservoir on Tuesday. Farmers were told to move machines away from the river banks; the peak is expected on Wednesday.", "url": "https://valleycourier.com/a/1", "published": "2025-03-04T13:00:00Z"}
JSONL
ingest_alone spell "one outlet under two spellings"
expect_jpy "$TMP/spell.json" 'len(d["stories"])' 1 "the three reports are one story"
expect_jpy "$TMP/spell.json" 'd["stories"][0]["outlets"]' "['Meridian Wire', 'valleycourier.com']" \
    "its outlets: Meridian Wire once, and the Valley Courier"

td_finish
