#!/usr/bin/env bash
# test_hostile.sh -- a folder of hostile inputs with three good articles
# among them: no crash, no database error, every bad input named on stderr,
# every good article stored, memory and time bounded, database intact.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
td_setup
cd "$TMP"

DB=$TMP/hostile.db
H=$TMP/hostile
mkdir -p "$H"

TIME=""
if [ -x /usr/bin/time ] && /usr/bin/time -f '%e %M' -o "$TMP/t" true 2>/dev/null; then
    TIME=/usr/bin/time
fi
# timed OUTFILE CMD... -- runs CMD like run, and puts "SECONDS MAXRSS_KB" in
# OUTFILE (empty without GNU time).
timed() {
    local tf=$1
    shift
    if [ -n "$TIME" ]; then
        run "$TIME" -f '%e %M' -o "$tf" "$@"
    else
        : >"$tf"
        run "$@"
    fi
}
# expect_bounded TIMEFILE MAX_SECONDS MAX_MB DESC
expect_bounded() {
    local s kb
    if [ ! -s "$1" ]; then
        echo "note  $4: no GNU time; time and memory not measured"
        return
    fi
    read -r s kb < <(tail -n 1 "$1")
    if awk -v s="$s" -v m="$2" 'BEGIN { exit !(s <= m) }'; then
        pass "$4: took ${s}s (limit ${2}s)"
    else
        fail "$4: time" "expected at most ${2}s, took ${s}s"
    fi
    if [ "$kb" -le $(($3 * 1024)) ]; then
        pass "$4: max RSS $((kb / 1024)) MB (limit $3 MB)"
    else
        fail "$4: memory" "expected max RSS under $3 MB, got $((kb / 1024)) MB"
    fi
}

# ---- the good articles ------------------------------------------------------
mkdir "$H/loopdir"
cp "$CORPUS/text/ledger-kovex-fire-wire.txt" "$H/loopdir/good.txt"
ln -s . "$H/loopdir/loop" # a folder symlink loop; good.txt is reachable through it
cp "$CORPUS/html/ledger-varona-second-round.html" "$H/good.html"
GOOD_JSONL='{"title":"Harbour cranes back in service","text":"The port authority said on Monday that the two harbour cranes damaged in the January storm are back in service after repairs costing four million euros.","outlet":"Test Gazette","published":"2024-03-04"}'

# ---- the hostile ones ---------------------------------------------------------
head -c 100000 /dev/urandom >"$H/junk.bin"
# Invalid UTF-8 (lone continuation and lead bytes) in otherwise plain text.
printf 'Quillbridge council report\n\nThe mayor of Quillbridge said \xff\xfe on Tuesday that the \xc3 new \x80bridge will open in May, \xe9 a year late.\n' >"$H/bad-utf8.txt"
: >"$H/empty.txt"
head -c 50000000 /dev/zero | tr '\0' 'a' >"$H/one-long-line.txt" # 50 MB, no newline
seq 1 20000 | sed 's/$/ lorem ipsum dolor sit amet/' | gzip -c >"$TMP/whole.txt.gz"
head -c $(($(stat -c %s "$TMP/whole.txt.gz") / 2)) "$TMP/whole.txt.gz" >"$H/truncated.txt.gz"
{
    echo '{"title": "broken", "text": '
    echo 'not json at all'
    echo "$GOOD_JSONL"
    echo '[1, 2, 3]'
    echo '{"title": "no body field"}'
} >"$H/mixed.jsonl"
{
    echo '<?xml version="1.0"?>'
    echo '<!DOCTYPE rss ['
    echo '<!ENTITY lol "lol">'
    prev=lol
    for i in 1 2 3 4 5 6 7 8 9; do
        printf '<!ENTITY lol%d "' "$i"
        for _ in 1 2 3 4 5 6 7 8 9 10; do printf '&%s;' "$prev"; done
        printf '">\n'
        prev=lol$i
    done
    echo ']>'
    echo '<rss version="2.0"><channel><title>Laughs</title><link>https://laughs.example/</link>'
    echo '<item><title>Billion laughs</title><link>https://laughs.example/1</link><description>&lol9;</description></item>'
    echo '</channel></rss>'
} >"$H/billion-laughs.rss"
{
    printf '<!DOCTYPE html><html><head><title>Deep</title></head><body>'
    printf '<div>%.0s' {1..100000}
    printf 'deep text'
    printf '</div>%.0s' {1..100000}
    printf '</body></html>\n'
} >"$H/deep.html"
# A WARC cut in the middle of its second response record.
zcat "$CORPUS/warc/crawl.warc.gz" >"$TMP/full.warc"
off=$(grep -a -b -o 'WARC-Type: response' "$TMP/full.warc" | tail -n 1 | cut -d: -f1)
size=$(stat -c %s "$TMP/full.warc")
head -c $((off + (size - off) / 2)) "$TMP/full.warc" >"$H/truncated.warc"
# (awk reads the file itself: fed through a pipe, its early exit could kill
# the writer with SIGPIPE, which pipefail turns into a failed test)
FIRST_URL=$(awk '{ sub(/\r$/, "") } /^WARC-Type: response/{r=1}
    r && /^WARC-Target-URI:/{print $2; exit}' "$TMP/full.warc")
# Gzip bombs: 120 gzip members of 10 MB of zeros each, 1.2 GB from 1.2 MB.
head -c 10M /dev/zero | gzip -9 >"$TMP/member.gz"
for _ in $(seq 120); do cat "$TMP/member.gz"; done >"$H/bomb.txt.gz"
cp "$H/bomb.txt.gz" "$H/bomb.jsonl.gz"
# shellcheck disable=SC2012
ls -la "$H" | sed 's/^/      /'

# ---- ingest the folder -----------------------------------------------------------
timed "$TMP/time.all" "$TIDINGS" --db "$DB" ingest "$H"
echo "      stdout: $(cat "$TMP/out")"
echo "      stderr:"
sed 's/^/        /' "$TMP/err" | cut -c1-220 | head -n 60 || true # head may close the pipe early
cp "$TMP/err" "$TMP/all.err"
cp "$TMP/out" "$TMP/all.out"
expect_rc 1 "ingest of the hostile folder ends with exit status 1 (no crash, no database error)"
expect_bounded "$TMP/time.all" 45 500 "the whole hostile folder"

named() { # NAME DESC
    expect_grep "$TMP/all.err" "$H/$1" "$2 is named on stderr"
}
named junk.bin "binary junk"
named empty.txt "the empty file"
named one-long-line.txt "the 50 MB single line"
expect_grep_re "$TMP/all.err" "one-long-line.txt: .*(limit|large)" "the 50 MB line is rejected for its size"
named truncated.txt.gz "the truncated .gz"
expect_grep_re "$TMP/all.err" "truncated.txt.gz: .*(truncated|corrupt)" "the truncated .gz is called truncated"
for n in 1 2 4 5; do
    expect_grep "$TMP/all.err" "$H/mixed.jsonl:$n:" "broken JSONL line $n is named as mixed.jsonl:$n"
done
expect_no_grep "$TMP/all.err" "$H/mixed.jsonl:3:" "the good JSONL line 3 has no message"
named billion-laughs.rss "the billion-laughs feed"
named deep.html "HTML nested 100,000 deep"
named truncated.warc "the truncated WARC"
expect_grep_re "$TMP/all.err" "truncated.warc@[0-9]+: .*truncated" "the truncated WARC's second response is reported with its offset"
named bomb.txt.gz "the gzip bomb (.txt.gz)"
expect_grep_re "$TMP/all.err" "bomb.txt.gz: .*(ratio|limit)" "the .txt.gz bomb is stopped by the inflate ratio or size limit"
named bomb.jsonl.gz "the gzip bomb (.jsonl.gz)"
expect_grep_re "$TMP/all.err" "bomb.jsonl.gz(:[0-9]+)?: .*ratio" "the .jsonl.gz bomb is stopped by the inflate ratio"
expect_eq "$(grep -c -E '^tidings: ' "$TMP/all.err" || true)" "$(wc -l <"$TMP/all.err")" \
    "every stderr line is a tidings message"

# What went in.
run "$TIDINGS" --db "$DB" export --json
cp "$TMP/out" "$TMP/export.json"
expect_json "$TMP/export.json" "export after the hostile ingest is valid JSON"
has() { # PYTHON-CONDITION-ON-a DESC
    expect_jpy "$TMP/export.json" "sum(1 for a in d['articles'] if $1)" 1 "$2"
}
has "a['source_path'].endswith('/good.txt') and 'Ostrava' in a['body']" "the good .txt is stored"
has "a['source_path'].endswith('/good.html') and a['published'] == '2025-06-12'" "the good .html is stored"
has "a['source_path'].endswith('/mixed.jsonl:3') and a['title'] == 'Harbour cranes back in service'" \
    "the good JSONL line (mixed.jsonl:3) is stored"
has "'/truncated.warc@' in a['source_path'] and a['url'] == '$FIRST_URL'" \
    "the truncated WARC's first response record is stored"
# Invalid UTF-8: repaired and stored, or rejected by name -- never lost silently.
if [ "$(jpy "$TMP/export.json" "sum(1 for a in d['articles'] if a['source_path'].endswith('/bad-utf8.txt'))")" = 1 ]; then
    pass "invalid UTF-8 text is ingested (repaired)"
    has "a['source_path'].endswith('/bad-utf8.txt') and 'Quillbridge' in a['body'] and 'open in May' in a['body']" \
        "invalid UTF-8 text keeps its valid words"
    WANT=5
else
    named bad-utf8.txt "invalid UTF-8 text (rejected, so it must be named)"
    WANT=4
fi
expect_eq "$(td_count "$DB")" "$WANT" "stats --json counts exactly the $WANT good articles"
expect_jpy "$TMP/export.json" "[a['source_path'] for a in d['articles'] if re.search(r'/(junk|empty|one-long-line|truncated\.txt|billion|deep|bomb)', a['source_path'])]" \
    '[]' "nothing from the rejected inputs was stored"
expect_integrity "$DB" "PRAGMA integrity_check after the hostile ingest"

# ---- the symlink loop ----------------------------------------------------------------
# The walk remembers folders and files by device and inode, so loopdir/good.txt
# is read once and the loop is named with a warning.
expect_grep_re "$TMP/all.err" "loopdir/loop.*(loop|levels of symbolic links)" "the symlink loop is reported"
expect_grep_re "$TMP/all.out" '^[0-9]+ new, 0 already known' \
    "a fresh database sees nothing twice in one run (no file re-read through the symlink loop)"
expect_eq "$(grep -c -F 'loop/loop' "$TMP/all.err" || true)" 0 \
    "no path through the loop more than once (loop/loop...)"

# Two loops in one folder: 2^40 paths if followed. It must end promptly.
mkdir "$TMP/loops2"
printf 'Two loops\n\nThe ferry to the island ran late again on Sunday, the harbour office said.\n' >"$TMP/loops2/a.txt"
ln -s . "$TMP/loops2/x"
ln -s . "$TMP/loops2/y"
start=$SECONDS
run timeout -k 2 10 "$TIDINGS" -q --db "$TMP/loops2.db" ingest "$TMP/loops2"
if [ "$RC" -ne 124 ] && [ "$RC" -lt 128 ]; then
    pass "two symlink loops in one folder: ingest ends (exit $RC, $((SECONDS - start))s)"
else
    fail "two symlink loops in one folder: ingest ends within 10 s" \
        "expected it to finish; got exit $RC after $((SECONDS - start))s (124 = killed by timeout)"
fi

# ---- bombs alone: quick and small ----------------------------------------------------
timed "$TMP/time.rss" "$TIDINGS" --db "$TMP/rss.db" ingest "$H/billion-laughs.rss"
expect_rc 1 "the billion-laughs feed alone is rejected"
echo "      stderr: $(head -c 300 "$TMP/err")"
expect_grep_re "$TMP/err" "billion-laughs.rss: .*entit" "the billion-laughs refusal names entities"
expect_bounded "$TMP/time.rss" 5 500 "the billion-laughs feed"

timed "$TMP/time.bomb" "$TIDINGS" --db "$TMP/bomb.db" ingest "$H/bomb.txt.gz"
expect_rc 1 "the gzip bomb alone is rejected"
echo "      stderr: $(head -c 300 "$TMP/err")"
expect_bounded "$TMP/time.bomb" 5 500 "the .txt.gz gzip bomb"
timed "$TMP/time.bomb2" "$TIDINGS" --db "$TMP/bomb.db" ingest "$H/bomb.jsonl.gz"
expect_rc 1 "the .jsonl.gz gzip bomb alone is rejected"
echo "      stderr: $(head -c 300 "$TMP/err")"
expect_grep "$TMP/err" "ratio" "the .jsonl.gz bomb message gives the ratio"
expect_bounded "$TMP/time.bomb2" 10 500 "the .jsonl.gz gzip bomb"

timed "$TMP/time.deep" "$TIDINGS" --db "$TMP/deep.db" ingest "$H/deep.html"
expect_rc 1 "HTML nested 100,000 deep alone is rejected, not a crash"
echo "      stderr: $(head -c 300 "$TMP/err")"
expect_bounded "$TMP/time.deep" 5 500 "HTML nested 100,000 deep"

# The same deep nesting as XML: a feed 100,000 elements deep.
{
    printf '<?xml version="1.0"?><rss version="2.0"><channel><title>x</title><item><title>deep</title><description>'
    printf '<b>%.0s' {1..100000}
    printf '</description></item></channel></rss>\n'
} >"$TMP/deep.rss"
run "$TIDINGS" --db "$TMP/deep.db" ingest "$TMP/deep.rss"
expect_rc 1 "an RSS feed nested 100,000 deep is rejected, not a crash"
expect_grep "$TMP/err" "deep.rss" "the deep feed is named"

td_finish
