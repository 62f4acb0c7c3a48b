#!/usr/bin/env bash
# Build crawl.warc.gz, a tiny WARC/1.0 file in the style of Common Crawl News,
# from the HTML pages kept in warc-src/.
#
# Layout: one warcinfo record, then for each page a request record followed by
# a response record (HTTP/1.1 status line + headers + HTML payload).  Every
# record is compressed as its own gzip member and the members are concatenated,
# which is how .warc.gz files are normally written.
#
# Output is deterministic (fixed record ids and dates, gzip -n), so re-running
# the script reproduces the same bytes.  Needs only bash, printf, wc and gzip.
set -euo pipefail

cd "$(dirname "$0")"

OUT=corpus/warc/crawl.warc.gz
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

CRLF=$'\r\n'
WARCINFO_ID='<urn:uuid:7d0c2f3a-5b1e-4c8a-9f21-3e6b8a4d0c11>'

# byte length of a file, without the padding some wc implementations add
nbytes() { local n; n=$(wc -c < "$1"); echo $((n)); }

# write_record OUTFILE BLOCKFILE HEADER...
#   Writes one WARC record: version line, the given headers, Content-Length
#   computed from BLOCKFILE, a blank line, the block, and the CRLF CRLF trailer.
write_record() {
    local out=$1 block=$2; shift 2
    {
        printf 'WARC/1.0\r\n'
        local h
        for h in "$@"; do printf '%s\r\n' "$h"; done
        printf 'Content-Length: %d\r\n' "$(nbytes "$block")"
        printf '\r\n'
        cat "$block"
        printf '\r\n\r\n'
    } > "$out"
}

n=0
emit() {   # compress one record as its own gzip member and append it
    gzip -n -9 -c "$1" >> "$TMP/out.warc.gz"
    n=$((n + 1))
}

# ---- warcinfo ---------------------------------------------------------------
{
    printf 'software: tidings-examples make-warc.sh\r\n'
    printf 'format: WARC File Format 1.0\r\n'
    printf 'conformsTo: https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.0/\r\n'
    printf 'isPartOf: tidings-example-news\r\n'
    printf 'operator: tidings project (example data, fictional)\r\n'
    printf 'description: Two fictional news pages for tidings tests and demo\r\n'
    printf 'robots: obey\r\n'
    printf 'http-header-user-agent: tidings-example-crawler/0.1\r\n'
} > "$TMP/warcinfo.block"
write_record "$TMP/rec" "$TMP/warcinfo.block" \
    'WARC-Type: warcinfo' \
    'WARC-Date: 2025-09-20T02:00:00Z' \
    'WARC-Filename: crawl.warc.gz' \
    "WARC-Record-ID: $WARCINFO_ID" \
    'Content-Type: application/warc-fields'
emit "$TMP/rec"

# ---- request + response pairs -----------------------------------------------
# page SRC URI WARC_DATE HTTP_DATE IP REQUEST_UUID RESPONSE_UUID
page() {
    local src=$1 uri=$2 wdate=$3 hdate=$4 ip=$5 req_id=$6 resp_id=$7
    local rest=${uri#*://}
    local host=${rest%%/*}
    local path=/${rest#*/}

    # request record
    {
        printf 'GET %s HTTP/1.1\r\n' "$path"
        printf 'Host: %s\r\n' "$host"
        printf 'User-Agent: tidings-example-crawler/0.1\r\n'
        printf 'Accept: text/html,application/xhtml+xml;q=0.9,*/*;q=0.8\r\n'
        printf 'Accept-Encoding: identity\r\n'
        printf 'Connection: close\r\n'
        printf '\r\n'
    } > "$TMP/req.block"
    write_record "$TMP/rec" "$TMP/req.block" \
        'WARC-Type: request' \
        "WARC-Target-URI: $uri" \
        "WARC-Date: $wdate" \
        "WARC-Record-ID: <urn:uuid:$req_id>" \
        "WARC-Concurrent-To: <urn:uuid:$resp_id>" \
        "WARC-Warcinfo-ID: $WARCINFO_ID" \
        "WARC-IP-Address: $ip" \
        'Content-Type: application/http; msgtype=request'
    emit "$TMP/rec"

    # response record: HTTP header block followed by the page as payload
    {
        printf 'HTTP/1.1 200 OK\r\n'
        printf 'Date: %s\r\n' "$hdate"
        printf 'Server: nginx\r\n'
        printf 'Content-Type: text/html; charset=utf-8\r\n'
        printf 'Content-Length: %d\r\n' "$(nbytes "warc-src/$src")"
        printf 'Cache-Control: max-age=300\r\n'
        printf 'Connection: close\r\n'
        printf '\r\n'
        cat "warc-src/$src"
    } > "$TMP/resp.block"
    write_record "$TMP/rec" "$TMP/resp.block" \
        'WARC-Type: response' \
        "WARC-Target-URI: $uri" \
        "WARC-Date: $wdate" \
        "WARC-Record-ID: <urn:uuid:$resp_id>" \
        "WARC-Warcinfo-ID: $WARCINFO_ID" \
        "WARC-IP-Address: $ip" \
        'WARC-Identified-Payload-Type: text/html' \
        'Content-Type: application/http; msgtype=response'
    emit "$TMP/rec"
}

page observer-kovex-fire.html \
    'https://www.civicobserver.net/world/ostrava-battery-plant-blaze-evacuated' \
    '2025-06-04T11:42:17Z' 'Wed, 04 Jun 2025 11:42:17 GMT' '203.0.113.24' \
    'a3f1c9e2-6d4b-4f0a-8e57-1b2c3d4e5f60' 'b84e2d17-0c9a-4e3b-a6f5-7c8d9e0f1a22'

page ledger-respivane-approval.html \
    'https://www.harbourledger.com/health/2025/09/19/needle-free-rsv-vaccine-europe' \
    '2025-09-19T14:05:53Z' 'Fri, 19 Sep 2025 14:05:53 GMT' '198.51.100.71' \
    'c5d7e913-2f4a-4b6c-9d80-e1f2a3b4c5d6' 'd6e8fa24-3a5b-4c7d-8e91-f2a3b4c5d6e7'

mv "$TMP/out.warc.gz" "$OUT"
echo "wrote $OUT: $n records, $(nbytes "$OUT") bytes"
