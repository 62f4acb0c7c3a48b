#!/usr/bin/env bash
# test_examples.sh -- the example corpus (examples/README.md) through the
# whole tool: ingest, re-ingest, list, export, search, show, stats, and the
# choice of database (--db, $TIDINGS_DB, ./tidings.db).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
td_setup

DB=$TMP/ex.db
# shellcheck disable=SC2317 # called through run
T() { "$TIDINGS" --db "$DB" "$@"; }

# ---- ingest, twice ----------------------------------------------------------
run T ingest "$CORPUS"
expect_rc 0 "ingest examples/corpus into a fresh database"
expect_grep_re "$TMP/out" '^18 new, 0 already known' "first ingest says 18 new, 0 already known"
expect_empty "$TMP/err" "first ingest prints no message on stderr"

run T ingest "$CORPUS"
expect_rc 0 "ingest examples/corpus again"
expect_grep_re "$TMP/out" '^0 new, 18 already known' "second ingest says 0 new, 18 already known"

# ---- articles --json ----------------------------------------------------------
run T articles --json
expect_rc 0 "articles --json"
cp "$TMP/out" "$TMP/articles.json"
expect_json "$TMP/articles.json" "articles --json is valid JSON"
expect_jpy "$TMP/articles.json" 'len(d)' 18 "articles --json lists 18 articles"
expect_jpy "$TMP/articles.json" 'sorted(a["id"] for a in d) == list(range(1, 19))' True \
    "articles --json ids are 1..18"

run T articles
expect_rc 0 "articles (table)"
expect_eq "$(wc -l <"$TMP/out")" 19 "articles prints a header and 18 rows"

# ---- export --json ----------------------------------------------------------
run T export --json
expect_rc 0 "export --json"
EXP=$TMP/export.json
cp "$TMP/out" "$EXP"
expect_json "$EXP" "export --json is valid JSON"
expect_jpy "$EXP" 'len(d["articles"])' 18 "export --json has 18 articles"
FIELDS='["id","source_path","url","outlet","title","author","published","published_from","language","body","content_hash"]'
expect_jpy "$EXP" "[a.get('id') for a in d['articles'] if not set($FIELDS) <= set(a)]" '[]' \
    "every exported article has id, source_path, url, outlet, title, author, published, published_from, language, body, content_hash"
expect_jpy "$EXP" \
    '[a["id"] for a in d["articles"] if not (a["published"] is None or re.fullmatch(r"\d{4}-\d\d-\d\d", a["published"]))]' \
    '[]' "every published is YYYY-MM-DD or null"
expect_jpy "$EXP" \
    '[a["id"] for a in d["articles"] if not re.fullmatch(r"[0-9a-f]{32}", a["content_hash"] or "")]' \
    '[]' "every content_hash is 32 hex digits"
expect_jpy "$EXP" '[a["id"] for a in d["articles"] if not (a["body"] or "").strip()]' '[]' \
    "every body is non-empty"
expect_jpy "$EXP" 'len(set(a["content_hash"] for a in d["articles"]))' 18 \
    "the 18 content hashes are distinct"
expect_jpy "$EXP" '[a["id"] for a in d["articles"] if (a["published"] is None) != (a["published_from"] is None)]' \
    '[]' "published_from is null exactly when published is"

# ---- export --jsonl ---------------------------------------------------------
run T export --jsonl
expect_rc 0 "export --jsonl"
cp "$TMP/out" "$TMP/export.jsonl"
expect_jpy "$TMP/export.jsonl" 'sum(1 for l in lines if json.loads(l).get("type") == "article")' 18 \
    "export --jsonl gives 18 lines with \"type\":\"article\""
expect_jpy "$TMP/export.jsonl" \
    '{json.loads(l)["type"] for l in lines} <= {"article", "story", "thread", "timex", "quantity", "entity", "attribution"} and {"article", "story", "entity"} <= {json.loads(l)["type"] for l in lines}' True \
    "every JSONL line is an article, story, thread, timex, quantity, entity or attribution"
expect_jpy "$TMP/export.jsonl" \
    'sorted(json.loads(l)["content_hash"] for l in lines if json.loads(l)["type"] == "article") == sorted(a["content_hash"] for a in json.load(open("'"$EXP"'"))["articles"])' \
    True "export --jsonl holds the same articles as export --json"

# ---- known facts from examples/README.md ----------------------------------------
# by(SUFFIX) finds the one exported article whose source_path ends so.
by() { echo "[a for a in d['articles'] if a['source_path'].endswith('$1')][0]"; }

A=$(by html/ledger-varona-second-round.html)
expect_jpy "$EXP" "($A)['published'], ($A)['published_from'], ($A)['outlet']" \
    "('2025-06-12', 'metadata', 'harbourledger.com')" \
    "ledger-varona-second-round.html: published 2025-06-12 from metadata, outlet harbourledger.com"

# Undated articles get an inferred date from their text and their story,
# marked as such, with an interval holding the happening's day (README).
for f in html/observer-respivane-approval.html:2025-09-18 jsonl/articles.jsonl:3:2025-09-18 \
    text/plainsman-varona-walkout.txt:2025-09-16; do
    A=$(by "${f%:*}")
    expect_jpy "$EXP" "($A)['published_from'], ($A)['published_interval']['from'] <= '${f##*:}' <= ($A)['published_interval']['to']" \
        "('inferred', True)" "${f%:*} (no date in its metadata) is dated by inference around ${f##*:}"
done

# UTF-16LE text: the words iconv finds must be in the body, with no NULs.
SRC=$CORPUS/text/observer-varona-summer-deal.txt
A=$(by text/observer-varona-summer-deal.txt)
# (The headline line is the title, not part of the body.)
expect_jpy "$EXP" "($A)['title'].startswith('Water truce for the summer')" True \
    "UTF-16 text: the headline line is its title"
for w in Peñaroja Antúnez; do
    # grep -q would stop reading early, and iconv's SIGPIPE fail the pipe
    if iconv -f UTF-16 -t UTF-8 "$SRC" | grep -F "$w" >/dev/null; then
        expect_jpy "$EXP" "'$w' in ($A)['body']" True "UTF-16 text: body contains \"$w\" (as iconv reads it)"
    else
        fail "iconv finds \"$w\" in $SRC (test premise)"
    fi
done
expect_jpy "$EXP" "'\\x00' in ($A)['body'] or '\\ufffd' in ($A)['body']" False \
    "UTF-16 text: no NUL or U+FFFD in the body"

# windows-1252: accented letters and curly quotes decode as iconv -f cp1252
# does. (Its "café", "Ríos" and 0x85 "…" stand only in a teaser and the
# author's bio, which cleaning removes.)
SRC=$CORPUS/text/plainsman-varona-walkout.txt
A=$(by text/plainsman-varona-walkout.txt)
for w in Peñaroja Antúnez Tomás "“We"; do
    # grep -q would stop reading early, and iconv's SIGPIPE fail the pipe
    if iconv -f CP1252 -t UTF-8 "$SRC" | grep -F "$w" >/dev/null; then
        expect_jpy "$EXP" "'$w' in ($A)['body']" True "windows-1252 text: body contains \"$w\""
    else
        fail "iconv -f cp1252 finds \"$w\" in $SRC (test premise)"
    fi
done
expect_jpy "$EXP" "'\\ufffd' in ($A)['body'] or '\\x85' in ($A)['body']" False \
    "windows-1252 text: no U+FFFD and no NEL in the body"

SRC=$CORPUS/html/meridian-varona-walkout.html
A=$(by html/meridian-varona-walkout.html)
# (The reporter's name stands only in the byline and the footer: it is the
# author, not body text.)
expect_jpy "$EXP" "($A)['author']" "Carmen Villaseñor" "windows-1252 HTML: the author decodes"
for w in Peñaroja Antúnez; do
    # grep -q would stop reading early, and iconv's SIGPIPE fail the pipe
    if iconv -f CP1252 -t UTF-8 "$SRC" | grep -F "$w" >/dev/null; then
        expect_jpy "$EXP" "'$w' in ($A)['body']" True "windows-1252 HTML: body contains \"$w\""
    else
        fail "iconv -f cp1252 finds \"$w\" in $SRC (test premise)"
    fi
done
expect_jpy "$EXP" "($A)['published'], ($A)['outlet']" "('2025-09-16', 'meridianwire.net')" \
    "windows-1252 HTML: published 2025-09-16, outlet meridianwire.net"

# JSONL: fields outside the schema are kept under "extra".
expect_jpy "$EXP" "sorted(($(by jsonl/articles.jsonl:1)).get('extra', {}))" "['section', 'tags']" \
    "articles.jsonl:1 keeps section and tags under extra"
expect_jpy "$EXP" "sorted(($(by jsonl/articles.jsonl:2)).get('extra', {}))" "['program', 'section']" \
    "articles.jsonl:2 keeps program and section under extra"
expect_jpy "$EXP" "($(by jsonl/articles.jsonl:3)).get('extra')" \
    "{'paywall': False, 'tags': ['health', 'vaccines', 'RSV']}" \
    "articles.jsonl:3 keeps paywall (false) and tags under extra"
expect_jpy "$EXP" "[a['id'] for a in d['articles'] if 'extra' in a and not a['source_path'].count('.jsonl:')]" '[]' \
    "only JSONL articles have extra"

# WARC: both response records, with their target URIs.
WANT=$(zcat "$CORPUS/warc/crawl.warc.gz" | tr -d '\r' |
    awk '/^WARC-Type: response/{r=1} r && /^WARC-Target-URI:/{print $2; r=0}' | sort | paste -sd' ')
expect_jpy "$EXP" "' '.join(sorted(a['url'] for a in d['articles'] if '/crawl.warc.gz@' in a['source_path']))" \
    "$WANT" "the WARC's two response records are in, with their URLs"
expect_jpy "$EXP" "sorted(a['published'] for a in d['articles'] if '/crawl.warc.gz@' in a['source_path'])" \
    "['2025-06-04', '2025-09-19']" "the WARC articles carry their page dates"

# Feeds: 3 RSS items and 2 Atom entries.
expect_jpy "$EXP" "sum(1 for a in d['articles'] if a['format'] == 'rss'), sum(1 for a in d['articles'] if a['format'] == 'atom')" \
    "(3, 2)" "3 RSS items and 2 Atom entries"
expect_jpy "$EXP" "sorted(a['published'] for a in d['articles'] if a['format'] == 'rss')" \
    "['2025-02-11', '2025-06-11', '2025-09-16']" "RSS dates (with their offsets) give the right days"

# ---- search ----------------------------------------------------------------------
run T search "water talks"
expect_rc 0 'search "water talks"'
expect_grep "$TMP/out" "[water]" 'search "water talks" highlights [water]'
expect_grep "$TMP/out" "[talks]" 'search "water talks" highlights [talks]'

run T search --json water talks
expect_rc 0 "search --json water talks"
cp "$TMP/out" "$TMP/search.json"
expect_json "$TMP/search.json" "search --json is valid JSON"
expect_jpy "$TMP/search.json" 'len(d) > 0 and all("[" in h["snippet"] and "article" in h for h in d)' True \
    "search --json gives hits with highlighted snippets"
expect_jpy "$TMP/search.json" 'all(d[i]["score"] >= d[i + 1]["score"] for i in range(len(d) - 1))' True \
    "search --json hits come best first"

run T search --json zzqqxxnothing
expect_rc 0 "search with no match"
expect_jpy "$TMP/out" 'd' '[]' "search --json with no match prints []"

# ---- show -----------------------------------------------------------------------
run T show 1
expect_rc 0 "show 1"
expect_grep_re "$TMP/out" '^article +1$' "show 1 prints the article's fields"
expect_grep_re "$TMP/out" '^title ' "show 1 prints the title"

run T show article 1 --json
expect_rc 0 "show article 1 --json"
cp "$TMP/out" "$TMP/show.json"
expect_json "$TMP/show.json" "show article 1 --json is valid JSON"
expect_jpy "$TMP/show.json" 'd["id"] == 1 and len(d["body"]) > 100' True "show --json has id 1 and the body"

run T show 1 --raw
expect_rc 0 "show 1 --raw"
expect_nonempty "$TMP/out" "show 1 --raw prints the raw input"

# --raw gives back the exact bytes of a whole-file input (here UTF-16).
ID=$(jpy "$EXP" "($(by text/observer-varona-summer-deal.txt))['id']")
run T show "$ID" --raw
if cmp -s "$TMP/out" "$CORPUS/text/observer-varona-summer-deal.txt"; then
    pass "show $ID --raw is byte for byte the UTF-16 file"
else
    fail "show $ID --raw is byte for byte the UTF-16 file" \
        "expected $(stat -c %s "$CORPUS/text/observer-varona-summer-deal.txt") bytes, got $(stat -c %s "$TMP/out")"
fi

run T show 9999
expect_rc 2 "show 9999 (no such article)"
expect_grep "$TMP/err" "9999" "show 9999 names the id on stderr"
expect_empty "$TMP/out" "show 9999 prints nothing on stdout"

# ---- stats ----------------------------------------------------------------------
run T stats --json
expect_rc 0 "stats --json"
cp "$TMP/out" "$TMP/stats.json"
expect_json "$TMP/stats.json" "stats --json is valid JSON"
expect_jpy "$TMP/stats.json" 'd["articles"]' 18 "stats --json says 18 articles"
expect_jpy "$TMP/stats.json" 'sum(o["articles"] for o in d["by_outlet"])' 18 "stats --json by_outlet adds up to 18"

# ---- which database -----------------------------------------------------------------
mkdir "$TMP/cwd"
cd "$TMP/cwd"
TIDINGS_DB=$TMP/env.db run "$TIDINGS" ingest "$CORPUS/jsonl"
expect_rc 0 "TIDINGS_DB=env.db tidings ingest corpus/jsonl"
expect_eq "$(td_count "$TMP/env.db")" 3 "TIDINGS_DB selects the database (3 articles in env.db)"
if [ -e "$TMP/cwd/tidings.db" ]; then
    fail "with TIDINGS_DB set, no ./tidings.db is made" "got: $(ls "$TMP/cwd")"
else
    pass "with TIDINGS_DB set, no ./tidings.db is made"
fi
TIDINGS_DB=$TMP/env.db run "$TIDINGS" stats --json
expect_jpy "$TMP/out" 'd["articles"]' 3 "TIDINGS_DB is read by stats too"

TIDINGS_DB=$TMP/env.db run "$TIDINGS" --db "$TMP/flag.db" ingest "$CORPUS/feeds"
expect_rc 0 "--db flag.db with TIDINGS_DB set"
expect_eq "$(td_count "$TMP/flag.db"),$(td_count "$TMP/env.db")" "5,3" "--db outranks TIDINGS_DB"

run "$TIDINGS" ingest "$CORPUS/text"
expect_rc 0 "tidings ingest corpus/text with neither --db nor TIDINGS_DB"
if [ -f "$TMP/cwd/tidings.db" ]; then
    pass "the default database is ./tidings.db"
    expect_eq "$(td_count "$TMP/cwd/tidings.db")" 4 "./tidings.db holds the 4 text articles"
else
    fail "the default database is ./tidings.db" "got in cwd: $(ls "$TMP/cwd")"
fi
run "$TIDINGS" stats --json
expect_jpy "$TMP/out" 'd["articles"]' 4 "stats with no --db reads ./tidings.db"
cd "$TMP"

expect_integrity "$DB" "PRAGMA integrity_check on the examples database"

td_finish
