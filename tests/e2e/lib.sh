# lib.sh -- helpers shared by the end-to-end tests (sourced, not run).
#
# Every test_*.sh is run by ctest with bash, with TIDINGS=<the binary> and
# TD_SOURCE_DIR=<the repository root> in the environment; exit status 77
# means "skipped". A check prints one line; a failed check prints what was
# expected and what came instead, the script goes on with the other checks,
# and td_finish exits 1 at the end.

set -euo pipefail

: "${TIDINGS:?set TIDINGS to the tidings binary}"
: "${TD_SOURCE_DIR:?set TD_SOURCE_DIR to the repository root}"
TIDINGS=$(cd "$(dirname "$TIDINGS")" && pwd)/$(basename "$TIDINGS")
TD_SOURCE_DIR=$(cd "$TD_SOURCE_DIR" && pwd)
# shellcheck disable=SC2034 # used by the tests that source this file
CORPUS=$TD_SOURCE_DIR/examples/corpus

# Sanitizer reports must fail the run, not hide behind an exit status.
export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=0:detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}
unset TIDINGS_DB

TD_FAILED=0
TD_CHECKS=0
TD_BG_PIDS=()

td_skip() {
    echo "skipped: $*"
    exit 77
}

# Makes $TMP, removed (and background jobs of this test killed) on exit.
td_setup() {
    TMP=$(mktemp -d "${TMPDIR:-/tmp}/tidings-e2e.XXXXXX")
    trap td_cleanup EXIT
    command -v python3 >/dev/null 2>&1 || td_skip "python3 is needed to check JSON"
}

td_cleanup() {
    local pid
    for pid in "${TD_BG_PIDS[@]+"${TD_BG_PIDS[@]}"}"; do
        kill -9 "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    rm -rf "$TMP"
}

pass() {
    TD_CHECKS=$((TD_CHECKS + 1))
    printf 'ok    %s\n' "$1"
}

# fail DESC [DETAIL...]
fail() {
    TD_CHECKS=$((TD_CHECKS + 1))
    TD_FAILED=$((TD_FAILED + 1))
    printf 'FAIL  %s\n' "$1"
    shift
    local l
    for l in "$@"; do printf '        %s\n' "$l"; done
}

td_finish() {
    if [ "$TD_FAILED" -ne 0 ]; then
        echo "$TD_FAILED of $TD_CHECKS checks failed"
        exit 1
    fi
    echo "all $TD_CHECKS checks passed"
    exit 0
}

# Shows the first lines of a file, indented, for failure messages.
td_excerpt() {
    local f=$1 n=${2:-8}
    if [ ! -s "$f" ]; then
        echo "(empty)"
        return
    fi
    head -n "$n" "$f" | cut -c1-300
}

# run CMD... -- runs CMD with stdout in $TMP/out and stderr in $TMP/err (stdin
# is the caller's), sets RC, and fails the test on a sanitizer report.
run() {
    set +e
    "$@" >"$TMP/out" 2>"$TMP/err"
    RC=$?
    set -e
    td_check_sanitizer "$TMP/err" "$*"
}

td_check_sanitizer() {
    local err=$1 what=$2
    if grep -q -E 'ERROR: (Address|Leak|Memory|Thread)Sanitizer|runtime error:|SUMMARY: .*Sanitizer' "$err"; then
        fail "no sanitizer report from: $what" "got:" "$(grep -m5 -E 'Sanitizer|runtime error' "$err")"
    fi
}

# expect_rc WANT DESC -- the last run's exit status.
expect_rc() {
    if [ "$RC" -eq "$1" ]; then
        pass "$2 (exit $RC)"
    else
        fail "$2" "expected exit status $1, got $RC" "stdout: $(td_excerpt "$TMP/out" 4)" \
            "stderr: $(td_excerpt "$TMP/err" 6)"
    fi
}

# expect_eq GOT WANT DESC
expect_eq() {
    if [ "$1" == "$2" ]; then
        pass "$3"
    else
        fail "$3" "expected: $2" "got:      $1"
    fi
}

# expect_grep FILE FIXED-STRING DESC
expect_grep() {
    if grep -q -F -- "$2" "$1"; then
        pass "$3"
    else
        fail "$3" "expected to find: $2" "in $(basename "$1"): $(td_excerpt "$1")"
    fi
}

# expect_grep_re FILE ERE DESC
expect_grep_re() {
    if grep -q -E -- "$2" "$1"; then
        pass "$3"
    else
        fail "$3" "expected a line matching: $2" "in $(basename "$1"): $(td_excerpt "$1")"
    fi
}

# expect_no_grep FILE FIXED-STRING DESC
expect_no_grep() {
    if ! grep -q -F -- "$2" "$1"; then
        pass "$3"
    else
        fail "$3" "expected no: $2" "got: $(grep -m3 -F -- "$2" "$1")"
    fi
}

# expect_empty FILE DESC
expect_empty() {
    if [ ! -s "$1" ]; then
        pass "$2"
    else
        fail "$2" "expected nothing, got:" "$(td_excerpt "$1")"
    fi
}

# expect_nonempty FILE DESC
expect_nonempty() {
    if [ -s "$1" ]; then
        pass "$2"
    else
        fail "$2" "expected some output, got nothing"
    fi
}

# jpy FILE EXPR -- evaluates a Python expression with d bound to the JSON in
# FILE (lines = the file's lines for JSON Lines) and prints the result.
# Prints "ERROR: ..." when the file is not valid JSON.
jpy() {
    python3 - "$1" "$2" <<'EOF'
import json, re, sys
path, expr = sys.argv[1], sys.argv[2]
text = open(path, encoding="utf-8").read()
try:
    d = json.loads(text)
except Exception as e:
    d = None
    derr = e
lines = text.splitlines()
try:
    if d is None and "lines" not in expr:
        raise derr
    r = eval(expr, {"d": d, "lines": lines, "json": json, "re": re})
except Exception as e:
    print("ERROR: %s: %s" % (type(e).__name__, str(e)[:200]))
    sys.exit(0)
print(r)
EOF
}

# expect_json FILE DESC -- the file holds one valid JSON value.
expect_json() {
    local r
    r=$(jpy "$1" 'type(d).__name__')
    case $r in
        ERROR*) fail "$2" "expected valid JSON, got $r" "$(td_excerpt "$1" 4)" ;;
        *) pass "$2" ;;
    esac
}

# expect_jpy FILE EXPR WANT DESC
expect_jpy() {
    local r
    r=$(jpy "$1" "$2")
    if [ "$r" == "$3" ]; then
        pass "$4"
    else
        fail "$4" "expected $2 == $3" "got: $r"
    fi
}

# Number of articles in a database, by the tool's own count.
td_count() {
    local db=$1 f
    f=$(mktemp "$TMP/count.XXXXXX")
    if "$TIDINGS" --db "$db" stats --json >"$f" 2>"$f.err"; then
        jpy "$f" 'd["articles"]'
    else
        echo "stats failed: $(cat "$f.err")"
    fi
    rm -f "$f" "$f.err"
}

# Prints "ok" or the problems; "skip" when there is no sqlite3 CLI.
td_integrity() {
    if ! command -v sqlite3 >/dev/null 2>&1; then
        echo skip
        return
    fi
    sqlite3 "$1" 'PRAGMA integrity_check' 2>&1 | head -n 5
}

# expect_integrity DB DESC
expect_integrity() {
    local r
    r=$(td_integrity "$1")
    case $r in
        skip) echo "note  $2: sqlite3 CLI missing (scripts/install-deps installs it); not checked" ;;
        ok) pass "$2" ;;
        *) fail "$2" "expected PRAGMA integrity_check to print ok" "got: $r" ;;
    esac
}
