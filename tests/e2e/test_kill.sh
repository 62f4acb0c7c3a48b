#!/usr/bin/env bash
# test_kill.sh -- an ingest killed with SIGKILL half-way is completed by
# running the same command again: the result equals an uninterrupted
# ingest, nothing is lost or doubled, and the database stays intact.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
td_setup
cd "$TMP"

BATCH=50
IN=$TMP/in
mkdir -p "$IN/txt"

# ---- 5,000 small distinct articles: a 3,000-line JSONL and 2,000 text files ----
NJ=3000
NT=2000
for ((i = 1; i <= NJ; i++)); do
    printf '{"title":"Council report %d","text":"Item %d: the finance committee met on day %d and approved budget line %d for the harbour district after a short debate.","outlet":"Generated Wire"}\n' \
        "$i" "$i" "$i" "$((i * 7))"
done >"$IN/gen.jsonl"
for ((i = 1; i <= NT; i++)); do
    printf 'Bridge story %d\n\nThe town board discussed agenda item %d on Monday and agreed to fund repair number %d of the old stone bridge.\n' \
        "$i" "$i" "$((i * 3))" >"$IN/txt/story$i.txt"
done
TOTAL=$((NJ + NT))
echo "      generated $NJ JSONL lines and $NT text files"

# ---- the reference: one uninterrupted ingest ----------------------------------
start=$SECONDS
run "$TIDINGS" -q --db "$TMP/ref.db" ingest --batch "$BATCH" "$IN"
REF_SECONDS=$((SECONDS - start))
expect_rc 0 "uninterrupted ingest into a fresh database (${REF_SECONDS}s)"
REF=$(td_count "$TMP/ref.db")
expect_eq "$REF" "$TOTAL" "the uninterrupted ingest stores all $TOTAL articles"
if [ "$REF" != "$TOTAL" ]; then
    echo "      no reference to compare with; stopping here"
    td_finish
fi
"$TIDINGS" --db "$TMP/ref.db" export --jsonl 2>/dev/null |
    python3 -c 'import json,sys; [print(json.loads(l)["content_hash"]) for l in sys.stdin]' |
    sort >"$TMP/ref.hashes" || true

HAVE_SQLITE=0
command -v sqlite3 >/dev/null 2>&1 && HAVE_SQLITE=1
[ "$HAVE_SQLITE" = 1 ] || echo "note  no sqlite3 CLI: kills happen after fixed sleeps, integrity not checked"

# Committed articles, read directly (WAL readers do not wait for the writer).
# Not before the WAL exists: a reader then could race tidings' switch to WAL.
committed() {
    local n
    [ -e "$1-wal" ] || [ "${2:-}" = after ] || { echo 0; return; }
    n=$(sqlite3 "$1" 'SELECT count(*) FROM article' 2>/dev/null) || n=0
    echo "${n:-0}"
}

# kill_run NAME WHEN -- starts the ingest, SIGKILLs it at WHEN (early: after
# 0.1 s; first: once a batch is committed; half: once half is committed),
# then completes it by running the same command again.
kill_run() {
    local name=$1 when=$2 db=$TMP/$1.db pid st at_kill t0 target
    "$TIDINGS" -q --db "$db" ingest --batch "$BATCH" "$IN" >"$TMP/$name.bg.out" 2>"$TMP/$name.bg.err" &
    pid=$!
    TD_BG_PIDS+=("$pid")
    case $when in
        early) target=0 ;;
        first) target=1 ;;
        half) target=$((TOTAL / 2)) ;;
    esac
    t0=$SECONDS
    if [ "$when" = early ] || [ "$HAVE_SQLITE" = 0 ]; then
        case $when in
            early) sleep 0.1 ;;
            first) sleep 0.3 ;;
            half) sleep 1 ;;
        esac
    else
        while kill -0 "$pid" 2>/dev/null && [ "$(committed "$db")" -lt "$target" ] &&
            [ $((SECONDS - t0)) -lt 60 ]; do
            sleep 0.02
        done
    fi
    kill -9 "$pid" 2>/dev/null || true
    set +e
    wait "$pid" 2>/dev/null # no "Killed" job notice
    st=$?
    set -e
    td_check_sanitizer "$TMP/$name.bg.err" "background ingest ($name)"
    if [ "$st" -eq 137 ]; then
        echo "      $name: killed with SIGKILL while ingesting"
    else
        echo "note  $name: the ingest ended (exit $st) before the kill; the counts are still compared"
        expect_eq "$st" 0 "$name: the ingest that finished before the kill exited 0"
    fi

    if [ "$HAVE_SQLITE" = 1 ]; then
        at_kill=$(committed "$db" after)
        echo "      $name: $at_kill articles committed at the kill"
        expect_integrity "$db" "$name: PRAGMA integrity_check right after the kill"
        if [ $((at_kill % BATCH)) -eq 0 ] || [ "$at_kill" -eq "$TOTAL" ]; then
            pass "$name: whole batches only ($at_kill is a multiple of $BATCH)"
        else
            fail "$name: whole batches only" "expected a multiple of $BATCH committed, got $at_kill"
        fi
    fi
    # Readers work on the killed database (the WAL is recovered on open).
    run "$TIDINGS" --db "$db" stats --json
    expect_rc 0 "$name: stats on the killed database"
    at_kill=$(jpy "$TMP/out" 'd["articles"]')

    run "$TIDINGS" -q --db "$db" ingest --batch "$BATCH" "$IN"
    expect_rc 0 "$name: the same ingest again, to completion"
    expect_grep_re "$TMP/out" "^$((TOTAL - at_kill)) new, $at_kill already known" \
        "$name: the rerun adds the $((TOTAL - at_kill)) missing and knows the $at_kill committed"
    expect_eq "$(td_count "$db")" "$REF" "$name: final count equals the uninterrupted ingest ($REF)"
    "$TIDINGS" --db "$db" export --jsonl 2>/dev/null |
        python3 -c 'import json,sys; [print(json.loads(l)["content_hash"]) for l in sys.stdin]' |
        sort >"$TMP/$name.hashes" || true
    if cmp -s "$TMP/ref.hashes" "$TMP/$name.hashes"; then
        pass "$name: the same articles as the uninterrupted ingest (content hashes)"
    else
        fail "$name: the same articles as the uninterrupted ingest" \
            "$(diff "$TMP/ref.hashes" "$TMP/$name.hashes" | head -n 5)"
    fi
    expect_integrity "$db" "$name: PRAGMA integrity_check after completion"
}

kill_run early early
kill_run first first
kill_run half half

# ---- a reader while an ingest runs --------------------------------------------------
"$TIDINGS" -q --db "$TMP/live.db" ingest --batch "$BATCH" "$IN" >/dev/null 2>"$TMP/live.err" &
pid=$!
TD_BG_PIDS+=("$pid")
sleep 0.5
run "$TIDINGS" --db "$TMP/live.db" stats --json
if kill -0 "$pid" 2>/dev/null; then
    expect_rc 0 "stats while an ingest is running"
    expect_json "$TMP/out" "stats --json while an ingest is running is valid JSON"
else
    echo "note  the ingest ended before the concurrent stats; not a concurrency check"
fi
set +e
wait "$pid"
st=$?
set -e
expect_eq "$st" 0 "the ingest running beside a reader finishes with exit 0"
expect_eq "$(td_count "$TMP/live.db")" "$REF" "the ingest running beside a reader stores all $REF"

td_finish
