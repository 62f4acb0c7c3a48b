#!/usr/bin/env bash
# test_cli.sh -- the command line contract of tidings(1): help, usage
# errors, exit statuses, database errors, stdin, gzip, metadata overrides,
# and what goes to stdout versus stderr.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
td_setup
cd "$TMP"

DB=$TMP/cli.db
# shellcheck disable=SC2317 # called through run
T() { "$TIDINGS" --db "$DB" "$@"; }
COMMANDS="ingest articles show search export stats"

# ---- help -------------------------------------------------------------------------
for h in --help -h; do
    run "$TIDINGS" $h
    expect_rc 0 "tidings $h"
    expect_grep "$TMP/out" "usage: tidings" "tidings $h prints usage on stdout"
    expect_empty "$TMP/err" "tidings $h prints nothing on stderr"
done
for c in $COMMANDS; do
    run "$TIDINGS" "$c" --help
    expect_rc 0 "tidings $c --help"
    expect_grep "$TMP/out" "usage: tidings $c" "tidings $c --help prints its usage on stdout"
    run "$TIDINGS" help "$c"
    expect_rc 0 "tidings help $c"
    expect_grep "$TMP/out" "usage: tidings $c" "tidings help $c prints its usage on stdout"
done
run "$TIDINGS" help
expect_rc 0 "tidings help"
expect_grep "$TMP/out" "usage: tidings" "tidings help prints usage on stdout"
run "$TIDINGS" --version
expect_rc 0 "tidings --version"
expect_grep_re "$TMP/out" '^tidings [0-9]+\.[0-9]+' "tidings --version prints the version"
if [ -e "$TMP/tidings.db" ]; then
    fail "help and version make no database" "got: $(ls "$TMP")"
else
    pass "help and version make no database"
fi

# ---- usage errors: exit 2, a message on stderr, nothing on stdout --------------------
usage_error() { # DESC CMD...
    local desc=$1
    shift
    run "$@"
    expect_rc 2 "$desc"
    expect_empty "$TMP/out" "$desc: nothing on stdout"
    expect_nonempty "$TMP/err" "$desc: a message on stderr"
}
usage_error "unknown command (tidings frobnicate)" T frobnicate
expect_grep "$TMP/err" "frobnicate" "unknown command is named on stderr"
usage_error "no command at all" "$TIDINGS"
usage_error "unknown global option (tidings --frob stats)" "$TIDINGS" --frob stats
expect_grep "$TMP/err" "--frob" "unknown global option is named on stderr"
usage_error "help for an unknown command (tidings help frob)" T help frob
for c in $COMMANDS; do
    usage_error "unknown option (tidings $c --frob)" T "$c" --frob
done
usage_error "ingest with no paths" T ingest
usage_error "ingest --format nope x" T ingest --format nope x
expect_grep "$TMP/err" "nope" "the unknown format is named"
usage_error "ingest --published notadate f" T ingest --published notadate "$CORPUS/text/ledger-kovex-fire-wire.txt"
expect_grep "$TMP/err" "notadate" "the unreadable date is named"
usage_error "ingest --batch 0" T ingest --batch 0 "$CORPUS/text"
usage_error "ingest --batch x" T ingest --batch x "$CORPUS/text"
usage_error "ingest --max-article-bytes -5" T ingest --max-article-bytes -5 "$CORPUS/text"
usage_error "ingest --format (argument missing)" T ingest --format
usage_error "articles --limit x" T articles --limit x
usage_error "articles with a stray argument" T articles stray
usage_error "show with no id" T show
usage_error "show abc" T show abc
usage_error "show 0" T show 0
usage_error "show 1 2" T show 1 2
usage_error "search with no query" T search
usage_error "export with a stray argument" T export stray
if [ -e "$DB" ]; then
    c=$(td_count "$DB")
    expect_eq "$c" 0 "usage errors store nothing"
fi

# ---- database errors: exit 3, the path named --------------------------------------
db_error() { # DESC DBPATH CMD...
    local desc=$1 path=$2
    shift 2
    run "$TIDINGS" --db "$path" "$@"
    expect_rc 3 "$desc"
    expect_grep "$TMP/err" "$path" "$desc: the path is named on stderr"
    expect_empty "$TMP/out" "$desc: nothing on stdout"
}
db_error "--db in a folder that does not exist (ingest)" "$TMP/no/such/dir/x.db" ingest "$CORPUS/jsonl"
db_error "--db in a folder that does not exist (stats)" "$TMP/no/such/dir/x.db" stats
printf 'this is not a database, just some text\n' >"$TMP/notsqlite.db"
db_error "--db naming a text file (ingest)" "$TMP/notsqlite.db" ingest "$CORPUS/jsonl"
db_error "--db naming a text file (articles)" "$TMP/notsqlite.db" articles
expect_eq "$(cat "$TMP/notsqlite.db")" "this is not a database, just some text" \
    "a file that is not a database is left as it was"
head -c 8192 /dev/urandom >"$TMP/random.db"
db_error "--db naming a file of random bytes" "$TMP/random.db" stats
mkdir "$TMP/adir"
db_error "--db naming a folder" "$TMP/adir" stats

# ---- a missing input: exit 1, named, the rest still goes in -------------------------
run T ingest "$TMP/does-not-exist.txt" "$CORPUS/text/ledger-kovex-fire-wire.txt" "$CORPUS/jsonl"
expect_rc 1 "ingest with one missing path among good ones"
expect_grep "$TMP/err" "$TMP/does-not-exist.txt" "the missing path is named on stderr"
expect_grep_re "$TMP/out" '^4 new, 0 already known, 1 rejected' "the other inputs went in (4 new, 1 rejected)"
expect_eq "$(wc -l <"$TMP/out")" 1 "stdout of a run with a rejected input holds only the summary line"
expect_no_grep "$TMP/out" "does-not-exist" "the rejected input is not mentioned on stdout"
expect_eq "$(td_count "$DB")" 4 "4 articles stored"

# ---- stdin ----------------------------------------------------------------------------
rm -f "$DB"*
run T ingest - <"$CORPUS/jsonl/articles.jsonl"
expect_rc 0 "cat articles.jsonl | tidings ingest -"
expect_grep_re "$TMP/out" '^3 new, 0 already known' "stdin: 3 new"
run T articles --json
expect_jpy "$TMP/out" 'sorted(a["source_path"] for a in d)' "['<stdin>:1', '<stdin>:2', '<stdin>:3']" \
    "stdin articles are named <stdin>:LINE"
gzip -c "$CORPUS/jsonl/articles.jsonl" >"$TMP/a.jsonl.gz"
run T ingest - <"$TMP/a.jsonl.gz"
expect_rc 0 "gzipped JSONL on stdin"
expect_grep_re "$TMP/out" '^0 new, 3 already known' "gzipped stdin is read and recognised (0 new, 3 known)"

# ---- gzip: the raw unit is the decompressed bytes -----------------------------------
# src/core/ingest.c hashes the decoded bytes (td_src inflates before the
# reader sees anything), so a .gz copy is the same content: "already known".
rm -f "$DB"*
TXT=$CORPUS/text/ledger-varona-talks-open.txt
cp "$TXT" "$TMP/plain.txt"
gzip -c "$TXT" >"$TMP/copy.txt.gz"
run T ingest "$TMP/copy.txt.gz"
expect_rc 0 "ingest a gzipped text file"
expect_grep_re "$TMP/out" '^1 new' "the .gz file gives 1 new article"
run T show 1 --json
cp "$TMP/out" "$TMP/gz.json"
run T -v ingest "$TMP/plain.txt"
expect_rc 0 "ingest the same text uncompressed"
expect_grep_re "$TMP/out" '^0 new, 1 already known' "the plain copy of a .gz file is already known (same content hash)"
expect_grep "$TMP/err" "already known as article 1" "-v says which article it is"
expect_jpy "$TMP/gz.json" "'Holmvik' in d['body'] and d['source_path'].endswith('copy.txt.gz')" True \
    "the .gz article's body is the decompressed text"
rm -f "$DB"*
run T ingest "$TMP/plain.txt"
run T show 1 --json
cp "$TMP/out" "$TMP/plain.json"
expect_jpy "$TMP/gz.json" "(d['body'], d['title'], d['content_hash']) == (lambda p: (p['body'], p['title'], p['content_hash']))(json.load(open('$TMP/plain.json')))" True \
    "the .gz and the plain file give the same body, title and content_hash"
run T show 1 --raw
if cmp -s "$TMP/out" "$TXT"; then
    pass "show --raw of the text is the decompressed file"
else
    fail "show --raw of the text is the decompressed file" "got $(stat -c %s "$TMP/out") bytes, expected $(stat -c %s "$TXT")"
fi

# ---- metadata from the command line outranks the input's -----------------------------
rm -f "$DB"*
run T ingest --outlet "Test Outlet" --url https://example.org/story --published 2024-05-17 \
    --author "Jane Roe" "$CORPUS/html/ledger-varona-second-round.html"
expect_rc 0 "ingest with --outlet --url --published --author"
run T show 1 --json
expect_jpy "$TMP/out" "d['outlet'], d['url'], d['author'], d['published'][:10], d['published_from']" \
    "('Test Outlet', 'https://example.org/story', 'Jane Roe', '2024-05-17', 'user')" \
    "user metadata outranks the page's (published_from user)"
run T export --json
expect_jpy "$TMP/out" "d['articles'][0]['published'], d['articles'][0]['published_from']" "('2024-05-17', 'user')" \
    "export shows the user's date as published_from user"
run T ingest --published 2023-01-02 "$CORPUS/text/ledger-kovex-fire-wire.txt"
run T show 2 --json
expect_jpy "$TMP/out" "d['published'][:10], d['published_from']" "('2023-01-02', 'user')" \
    "--published dates an undated text file"

# ---- ingest --json ------------------------------------------------------------------
rm -f "$DB"*
run T ingest --json "$CORPUS"
expect_rc 0 "ingest --json"
cp "$TMP/out" "$TMP/sum.json"
expect_json "$TMP/sum.json" "ingest --json summary is valid JSON"
expect_jpy "$TMP/sum.json" "d['new'], d['known'], d['rejected'], d['files']" "(18, 0, 0, 12)" \
    "ingest --json counts 18 new, 0 known, 0 rejected, 12 files"
run T ingest --json "$TMP/missing" "$CORPUS/jsonl"
expect_rc 1 "ingest --json with a missing input"
expect_jpy "$TMP/out" "d['new'], d['known'], d['rejected']" "(0, 3, 1)" "ingest --json counts the rejected input"
expect_grep "$TMP/err" "$TMP/missing" "ingest --json still names the missing input on stderr"

# ---- what a folder walk passes over ----------------------------------------------------
# A folder of articles often carries a README, a script or images beside them:
# a walk passes over those by name and says so; a file named is always read.
rm -f "$DB"*
mkdir -p "$TMP/walk/img"
cp "$CORPUS/text/ledger-kovex-fire-wire.txt" "$TMP/walk/report.txt"
printf '# Notes\n\nHow these files were collected, in three long sentences of prose.\n' >"$TMP/walk/README.md"
printf '#!/bin/sh\necho collecting the pages into this folder for the ingest\n' >"$TMP/walk/fetch.sh"
printf 'GIF89a' >"$TMP/walk/img/logo.gif"
run T ingest "$TMP/walk"
expect_rc 0 "a folder with a README, a script and an image beside an article"
expect_grep_re "$TMP/out" '^1 new, 0 already known \(1 file' "only the article is ingested"
expect_grep "$TMP/err" "passed over 3 files" "the files passed over are counted on stderr"
expect_grep "$TMP/err" "README.md" "and named"
run T ingest "$TMP/walk/README.md"
expect_grep_re "$TMP/out" '^1 new' "a file named on the command line is read whatever its name"

# ---- quiet and verbose ------------------------------------------------------------------
run T -q ingest "$CORPUS/jsonl"
expect_rc 0 "-q ingest"
expect_empty "$TMP/err" "-q: nothing on stderr"
run T -v ingest "$CORPUS/jsonl"
expect_eq "$(grep -c 'already known' "$TMP/err" || true)" 3 "-v names each already-known input on stderr"
run T ingest "$CORPUS/jsonl"
expect_empty "$TMP/err" "without -v, known inputs are not listed"

td_finish
