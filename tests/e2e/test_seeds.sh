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

# No seed carries a date: each is dated by inference from its text (its
# people's tenures, its dated happenings) and its story. The report of
# the halt is from October 2024, the May-round reports from May 2024.
expect_jpy "$TMP/export.json" 'all(a["published_from"] == "inferred" for a in d["articles"])' True \
    "every seed's date is marked inferred"
expect_jpy "$TMP/export.json" \
    '[(a["published"] or "")[:7] for a in d["articles"] if "alted" in (a["title"] or "")]' "['2024-10']" \
    "the report of the halt is dated to October 2024"
expect_jpy "$TMP/export.json" \
    'sum(1 for a in d["articles"] if (a["published"] or "")[:7] == "2024-05" and a["published_interval"]["from"] >= "2024-05-01" and a["published_interval"]["to"] <= "2024-06-15")' 3 \
    "three reports are dated to May 2024, none with an interval wider than a month"
# The report of the January round carries no date its own text can pin
# down; its thread can: the May reports date "January" to 2024, and it says
# no second meeting has been held yet, so it precedes the May round.
jan='next(a for a in d["articles"] if "earlier this year" in (a["title"] or ""))'
expect_jpy "$TMP/export.json" \
    "(lambda a: a['published_interval']['from'] >= '2024-02-01' and a['published_interval']['to'] <= '2024-05-31')($jan)" True \
    "the January-round report is dated between February and May 2024"
expect_jpy "$TMP/export.json" \
    "sorted((t['text'], t['value']) for t in d['timexes'] if t['article'] == $jan['id'] and t['type'] == 'DATE')" \
    "[('January', '2024-01'), ('January', '2024-01'), ('Oct. 7', '2023-10-07'), ('September', '2023-09'), ('last September', '2023-09')]" \
    "its dates resolve against that interval"
# Stories and threads: the May round is one story, the January round and
# the October halt a story each, and all five are one thread.
expect_jpy "$TMP/export.json" \
    'sorted(len([a for a in d["articles"] if a["story"] == s]) for s in {a["story"] for a in d["articles"]})' \
    '[1, 1, 3]' "three stories: the May round (3 reports), the January round, the halt"
expect_jpy "$TMP/export.json" \
    'len({a["story"] for a in d["articles"] if (a["published"] or "")[:7] == "2024-05"})' 1 \
    "the May-round reports are one story"
expect_jpy "$TMP/export.json" 'len({s["thread"] for s in d["stories"]})' 1 "all five are one thread"
expect_jpy "$TMP/export.json" \
    "[s['first_seen'] <= s['last_seen'] for s in d['stories'] if s['id'] == [a for a in d['articles'] if a['id'] == $jan['id']][0]['story']]" \
    '[True]' "the January-round story, whose only report has no day, is seen within its interval"
# What a reader of the listings sees: each story headed by one of its
# titles (one May-round report has none), seen from its first report's day
# to its last's, and the stories latest first.
expect_jpy "$TMP/export.json" \
    'all(s["title"] in [a["title"] for a in d["articles"] if a["story"] == s["id"]] for s in d["stories"])' True \
    "each story's headline is the title of one of its reports"
may='next(s for s in d["stories"] if s["articles"] == 3)'
expect_jpy "$TMP/export.json" \
    "(lambda s: (s['first_seen'], s['last_seen']) == (min(a['published'][:10] for a in d['articles'] if a['story'] == s['id']), max(a['published'][:10] for a in d['articles'] if a['story'] == s['id'])))($may)" \
    True "the May-round story is seen from its first report's day to its last's"
run T stories --json
expect_rc 0 "stories --json"
expect_jpy "$TMP/out" '[s["articles"] for s in d]' '[1, 3, 1]' \
    "stories latest first: the halt, the May round, the January round"

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

# ---- one report per ingest ------------------------------------------------------
# Reports come one at a time: first the January round's, then the May
# round's, then the halt's. An ingest places only its new report, among
# the stories earlier ingests left; when a small thread's dated reports
# date its undated ones, the thread is grouped again with those dates
# (core/regroup.h), so the stories come out as one ingest of all five
# gives them. In the order they were written and in the reverse one.
python3 - "$TMP/export.json" >"$TMP/order" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
def rank(a):
    t = a["title"] or ""
    return 0 if "earlier this year" in t else 2 if "alted" in t else 1
for a in sorted(d["articles"], key=lambda a: (rank(a), a["source_path"])):
    print(a["source_path"])
EOF
expect_eq "$(wc -l <"$TMP/order")" 5 "the five seeds ordered by the happening they report"
for way in written reverse; do
    ODB=$TMP/one-$way.db
    if [ $way = written ]; then cat "$TMP/order"; else tac "$TMP/order"; fi >"$TMP/files"
    while read -r f; do
        "$TIDINGS" --db "$ODB" ingest "$f" >"$TMP/out" 2>"$TMP/err" ||
            fail "ingest $(basename "$f") alone ($way order)" "$(cat "$TMP/err")"
    done <"$TMP/files"
    "$TIDINGS" --db "$ODB" export --json >"$TMP/one.json"
    expect_jpy "$TMP/one.json" \
        'sorted(len([a for a in d["articles"] if a["story"] == s]) for s in {a["story"] for a in d["articles"]})' \
        '[1, 1, 3]' "one report per ingest ($way order): three stories of 1, 1 and 3 reports"
    expect_jpy "$TMP/one.json" \
        'len({a["story"] for a in d["articles"] if "earlier this year" not in (a["title"] or "") and "alted" not in (a["title"] or "")})' \
        1 "one report per ingest ($way order): the three May-round reports are one story"
    expect_jpy "$TMP/one.json" 'len({s["thread"] for s in d["stories"]})' 1 \
        "one report per ingest ($way order): all five are one thread"
    expect_jpy "$TMP/one.json" 'sorted(s["articles"] for s in d["stories"])' '[1, 1, 3]' \
        "one report per ingest ($way order): the story rows count what their articles say"
    expect_integrity "$ODB" "PRAGMA integrity_check"
done
# A full clustering of the same store places the reports run by run as the
# ingests did, and so groups that thread again too, and says so.
run T --db "$TMP/one-written.db" cluster --json
expect_rc 0 "cluster --json after one report per ingest"
expect_jpy "$TMP/out" '(d["stories"], d["threads"], d["regrouped"])' '(3, 1, 1)' \
    "cluster after one report per ingest: three stories in one thread, that thread grouped again"

# ---- clutter removal, checked by construction (no seed text in here) --------
# tidings extract reads each seed without a database; every check below
# holds for any scraped page, except the counts of kept lines, which were
# verified by hand against each seed.
run T extract --json "$SEEDS"/*
expect_rc 0 "extract --json ../shared/seeds/*"
cp "$TMP/out" "$TMP/extract.jsonl"
python3 - "$TMP/extract.jsonl" >"$TMP/checks" <<'EOF'
import json, re, sys

arts = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
# Paragraphs kept per seed (file-name prefix), verified by hand.
kept_range = {"000": (8, 10), "001": (9, 11), "002": (18, 20), "003": (10, 12), "004": (8, 10)}

def check(ok, desc, detail=""):
    print(("PASS" if ok else "FAIL") + "\t" + desc + "\t" + detail)

check(len(arts) == 5, "extract gives one article per seed", "got %d" % len(arts))
titled = 0
for a in arts:
    name = a["source_path"].rsplit("/", 1)[-1]
    raw = open(a["source_path"], encoding="utf-8").read()
    lines = [l.strip() for l in raw.split("\n") if l.strip()]
    body = [l for l in (a["body"] or "").split("\n") if l.strip()]
    # Every paragraph of the body is a line of the input, in input order.
    pos, in_order = 0, True
    for b in body:
        try:
            pos = lines.index(b, pos) + 1
        except ValueError:
            in_order = False
    check(in_order, name + ": every body paragraph is an input line, in order")
    long_lost = [l[:60] for l in lines if len(l.split()) >= 25 and l not in body]
    check(not long_lost, name + ": every input line of 25 words or more is kept", repr(long_lost))
    bad = [b[:60] for b in body if
           all(re.match(r"^[#@]\w|^https?://", w) for w in b.split()) or
           re.search(r"(\.\.\.|\u2026)$", b) or
           re.search(r"\b\d+\s*min read", b, re.I) or
           re.match(r"^[A-Z][A-Z ]{1,20}:\s", b) or
           len(b.split()) < 2 or
           re.match(r"^(By|Author:|Source:?)\s", b)]
    check(not bad, name + ": no kept line is a hashtag, handle, teaser, label, lone word or byline",
          repr(bad))
    t = a.get("title")
    if t:
        titled += 1
        check(t in lines[:5] and body and lines.index(t) < lines.index(body[0]) and
              a["provenance"].get("title") == "headline line",
              name + ": the title is one of the first five lines, above the body")
        check(t not in body, name + ": the headline is not repeated in the body")
    lo, hi = kept_range.get(name[:3], (1, 10**6))
    check(lo <= len(body) <= hi, name + ": %d paragraphs kept, %d-%d expected" % (len(body), lo, hi),
          "removed %d of %d lines" % (len(lines) - len(body), len(lines)))
check(titled == 4, "four seeds have a headline line, one has none", "titled: %d" % titled)
EOF
while IFS=$'\t' read -r verdict desc detail; do
    if [ "$verdict" = PASS ]; then pass "$desc"; else fail "$desc" "$detail"; fi
done <"$TMP/checks"
[ -s "$TMP/checks" ] || fail "the seed checks ran" "no output"

td_finish
