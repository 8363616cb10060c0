#!/usr/bin/env bash
# IMAP fetch benchmark: archivist vs. mbsync vs. a raw pipelined fetch, from the same local Dovecot.
#
#   bench/fetch.sh ARCHIVIST_BINARY [COUNT]        (COUNT defaults to 20000)
#
# Generates (or reuses) ${BENCH_DIR:-/tmp/archivist-bench}/maildir-COUNT with bench/gen_maildir.py,
# starts a throwaway Dovecot (scripts/dovecot/start.sh) in $BENCH_DIR/dovecot-COUNT whose INBOX for
# alice holds exactly those COUNT messages, warms it up with one untimed fetch of everything, then
# times, REPEAT times (default 3) and in turn, over implicit TLS on 127.0.0.1:
#   raw        openssl s_client fed "LOGIN, EXAMINE INBOX, UID FETCH 1:* BODY.PEEK[], LOGOUT" at once
#              (pipelined); the output is counted and must end with the tagged OKs
#   mbsync     isync syncing INBOX (Sync Pull) into a fresh Maildir; it must write COUNT files
#   archivist  ARCHIVIST fetch --no-match --json into a fresh database (fetch and store, matching
#              off); it must report COUNT new messages in INBOX
# Each time is the wall time of the one process (pipeline) doing the work, TLS handshake and login
# included; setting up the database, account, config or target directory is not timed. Prints MB
# (the sum of the message files' sizes, MB = 10^6 bytes; on the wire lines end in CRLF, so slightly
# more is sent), the best time, messages/s and MB/s of each, every run, and archivist's rate
# against the raw one (goal: at least 80%) and mbsync's (goal: at least 5 times).
#
# Environment:
#   BENCH_DIR         where the Maildir, the Dovecot and the run's temporary files go
#   REPEAT            timed runs of each tool (default 3)
#   MBSYNC_FSYNC      yes|no: mbsync's FSync setting (default yes, as isync ships); "no" spares it
#                     an fsync per message
# If mbsync is not installed its figures are skipped.  Exits non-zero if a tool fails or fetches
# the wrong number of messages.
set -euo pipefail
shopt -s inherit_errexit

if [[ $# -lt 1 || $# -gt 2 ]]; then
    echo "usage: $0 ARCHIVIST_BINARY [COUNT]" >&2
    exit 2
fi
ARCHIVIST=$1
COUNT=${2:-20000}
REPEAT=${REPEAT:-3}
MBSYNC_FSYNC=${MBSYNC_FSYNC:-yes}
[[ -x "$ARCHIVIST" ]] || { echo "error: $ARCHIVIST is not an executable" >&2; exit 2; }
[[ "$COUNT" =~ ^[0-9]+$ && "$COUNT" -gt 0 ]] || { echo "error: COUNT must be a positive number" >&2; exit 2; }
[[ "$REPEAT" =~ ^[0-9]+$ && "$REPEAT" -gt 0 ]] || { echo "error: REPEAT must be a positive number" >&2; exit 2; }
[[ "$MBSYNC_FSYNC" == yes || "$MBSYNC_FSYNC" == no ]] || { echo "error: MBSYNC_FSYNC must be yes or no" >&2; exit 2; }
command -v openssl > /dev/null || { echo "error: openssl is not installed" >&2; exit 2; }
command -v dovecot > /dev/null || PATH=$PATH:/usr/sbin:/sbin
command -v dovecot > /dev/null || { echo "error: dovecot is not installed (Debian: apt-get install dovecot-imapd)" >&2; exit 2; }
case $ARCHIVIST in */*) ARCHIVIST=$(cd "$(dirname "$ARCHIVIST")" && pwd)/$(basename "$ARCHIVIST") ;; esac

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
DOVECOT_SCRIPTS="$HERE/../scripts/dovecot"
BENCH_DIR=${BENCH_DIR:-/tmp/archivist-bench}
MAIL_DIR="$BENCH_DIR/maildir-$COUNT"
DOVE_DIR="$BENCH_DIR/dovecot-$COUNT"
mkdir -p "$BENCH_DIR"
BENCH_DIR=$(cd "$BENCH_DIR" && pwd)
MAIL_DIR="$BENCH_DIR/maildir-$COUNT"
DOVE_DIR="$BENCH_DIR/dovecot-$COUNT"

python3 "$HERE/gen_maildir.py" --count "$COUNT" "$MAIL_DIR"

now() { date +%s.%N; }
calc() { awk "BEGIN { printf \"%.${1}f\", $2 }"; }

BYTES=$(find "$MAIL_DIR/cur" "$MAIL_DIR/new" -type f -printf '%s\n' | awk '{ s += $1 } END { print s + 0 }')
MB=$(calc 1 "$BYTES / 1e6")

# ---- Dovecot -------------------------------------------------------------------------------------
# A leftover instance (an interrupted run) is stopped and its mail and indexes removed, so INBOX holds
# exactly the COUNT messages; certificates, users and ports are kept.
"$DOVECOT_SCRIPTS/stop.sh" "$DOVE_DIR"
rm -rf "$DOVE_DIR/mail" "$DOVE_DIR/fill-serial"
WORK=$(mktemp -d "$BENCH_DIR/fetch-run.XXXXXX")
cleanup() {
    "$DOVECOT_SCRIPTS/stop.sh" "$DOVE_DIR" > /dev/null 2>&1 || true
    rm -rf "$WORK" "$DOVE_DIR/mail" "$DOVE_DIR/fill-serial"
}
trap cleanup EXIT
if ! "$DOVECOT_SCRIPTS/start.sh" "$DOVE_DIR" > "$WORK/dovecot-start.log" 2>&1; then
    echo "error: Dovecot did not start:" >&2
    tail -n 20 "$WORK/dovecot-start.log" >&2
    exit 1
fi
IMAPS_PORT=$(sed -n 's/^IMAPS_PORT=//p' "$DOVE_DIR/env")
[[ -n "$IMAPS_PORT" ]] || { echo "error: Dovecot has no IMAPS port (see $DOVE_DIR/env)" >&2; exit 1; }
CA="$DOVE_DIR/ca.pem"
"$DOVECOT_SCRIPTS/fill.sh" "$DOVE_DIR" alice INBOX "$MAIL_DIR" > /dev/null

echo "mailbox: alice/INBOX on Dovecot $(dovecot --version | cut -d' ' -f1), 127.0.0.1:$IMAPS_PORT (TLS): $COUNT messages, $MB MB (from $MAIL_DIR)"

# ---- raw: one pipelined session over openssl s_client --------------------------------------------
# Everything is sent at once: Dovecot's login process hands what follows LOGIN to the IMAP process.
# -quiet implies -ign_eof: s_client keeps reading after its input ends, until the server closes the
# connection after LOGOUT.  The output is counted and its end kept, to check the session finished.
raw_session() {  # $1: SELECT or EXAMINE, $2: where the output goes
    printf 'a LOGIN alice secret\r\nb %s INBOX\r\nc UID FETCH 1:* BODY.PEEK[]\r\nd LOGOUT\r\n' "$1" |
        openssl s_client -quiet -ign_eof -verify_return_error -connect "127.0.0.1:$IMAPS_PORT" \
            -CAfile "$CA" 2> "$WORK/raw.err" > "$2"
}
raw_check() {  # $1: the end of a session's output
    if ! grep -a -q '^c OK ' "$1" || [[ "$(tail -n 1 "$1")" != "d OK "* ]]; then
        echo "error: the raw fetch did not complete; the end of its output:" >&2
        tail -c 600 "$1" >&2
        echo "openssl s_client said:" >&2
        tail -n 5 "$WORK/raw.err" >&2
        exit 1
    fi
}

# Warm-up, untimed: Dovecot builds its index and cache on first access.  SELECT (BODY.PEEK sets no
# flags) also lets it move the new mail from new/ to cur/, which EXAMINE would leave to the first
# tool to SELECT (mbsync does).  The whole output is checked: COUNT FETCH responses.
if ! raw_session SELECT "$WORK/warmup.out"; then
    echo "error: openssl s_client failed:" >&2
    tail -n 5 "$WORK/raw.err" >&2
    exit 1
fi
raw_check "$WORK/warmup.out"
FETCHED=$(grep -c -a -E '^\* [0-9]+ FETCH \(' "$WORK/warmup.out" || true)
if [[ "$FETCHED" != "$COUNT" ]]; then
    echo "error: the warm-up fetch returned $FETCHED messages, expected $COUNT" >&2
    exit 1
fi
WIRE_BYTES=$(stat -c %s "$WORK/warmup.out")
rm -f "$WORK/warmup.out"

run_raw() {
    local t0 t1 wire
    rm -f "$WORK/raw.count" "$WORK/raw.tail"
    t0=$(now)
    raw_session EXAMINE >(tee >(tail -c 4096 > "$WORK/raw.tail") | wc -c > "$WORK/raw.count") || {
        echo "error: openssl s_client failed:" >&2; tail -n 5 "$WORK/raw.err" >&2; exit 1; }
    t1=$(now)
    # s_client has exited, so the session is over; wait (untimed) for the counters to finish reading.
    for _ in $(seq 1000); do
        [[ -s "$WORK/raw.count" && -s "$WORK/raw.tail" ]] && break
        sleep 0.005
    done
    raw_check "$WORK/raw.tail"
    wire=$(tr -d ' ' < "$WORK/raw.count")
    # The same messages; only the status lines differ (EXAMINE vs. SELECT, Dovecot's timings).
    if (( wire < WIRE_BYTES - 2000 || wire > WIRE_BYTES + 2000 )); then
        echo "error: the raw fetch returned $wire bytes, the warm-up $WIRE_BYTES" >&2
        exit 1
    fi
    calc 3 "$t1 - $t0"
}

# ---- mbsync --------------------------------------------------------------------------------------
MBSYNC_VERSION=''
if command -v mbsync > /dev/null; then
    MBSYNC_VERSION=$(mbsync --version 2>/dev/null | awk '{ print $NF; exit }')
fi
# isync 1.5 renamed SSLType to TLSType (1.4 rejects TLSType); 1.4 renamed Master/Slave to Far/Near.
version_at_least() { [[ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n 1)" == "$2" ]]; }
run_mbsync() {
    local dir=$WORK/mbsync t0 t1 files tls far near
    rm -rf "$dir"
    mkdir -p "$dir/mail"
    tls=SSLType far=Far near=Near
    version_at_least "$MBSYNC_VERSION" 1.5 && tls=TLSType
    version_at_least "$MBSYNC_VERSION" 1.4 || { far=Master near=Slave; }
    # isync matches only DNS names, not IP addresses, against the certificate, so the server's own
    # certificate is trusted (isync accepts a listed host certificate as it is) rather than the CA.
    cat > "$dir/config" <<EOF
FSync $MBSYNC_FSYNC

IMAPAccount bench
Host 127.0.0.1
Port $IMAPS_PORT
User alice
Pass secret
$tls IMAPS
CertificateFile $DOVE_DIR/server.pem

IMAPStore bench-far
Account bench

MaildirStore bench-near
Path $dir/mail/
Inbox $dir/mail/INBOX

Channel bench
$far :bench-far:
$near :bench-near:
Patterns INBOX
Sync Pull
Create $near
SyncState *
EOF
    t0=$(now)
    if ! mbsync -c "$dir/config" -a > "$WORK/mbsync.log" 2>&1; then
        echo "error: mbsync failed; its output:" >&2
        tail -n 20 "$WORK/mbsync.log" >&2
        exit 1
    fi
    t1=$(now)
    files=$(find "$dir/mail/INBOX/cur" "$dir/mail/INBOX/new" -type f 2>/dev/null | wc -l)
    if [[ "$files" != "$COUNT" ]]; then
        echo "error: mbsync wrote $files messages, expected $COUNT; its output:" >&2
        tail -n 20 "$WORK/mbsync.log" >&2
        exit 1
    fi
    rm -rf "$dir"
    calc 3 "$t1 - $t0"
}

# ---- archivist -----------------------------------------------------------------------------------
run_archivist() {
    local dir=$WORK/archivist t0 t1 got
    rm -rf "$dir"
    mkdir -p "$dir"
    arch() { env -u ARCHIVIST_USER ARCHIVIST_DB="$dir/archivist.db" ARCHIVIST_KEY_FILE="$dir/archivist.key" "$ARCHIVIST" "$@"; }
    if ! printf 'secret\n' | arch accounts add bench --email alice@example.com --login alice --host 127.0.0.1 \
            --port "$IMAPS_PORT" --ca-file "$CA" --password-stdin > "$WORK/archivist.log" 2>&1; then
        echo "error: archivist accounts add failed; its output:" >&2
        tail -n 20 "$WORK/archivist.log" >&2
        exit 1
    fi
    t0=$(now)
    if ! arch fetch --no-match --json > "$WORK/archivist.json" 2> "$WORK/archivist.log"; then
        echo "error: archivist fetch failed; its output:" >&2
        tail -n 20 "$WORK/archivist.log" "$WORK/archivist.json" >&2
        exit 1
    fi
    t1=$(now)
    # INBOX: messages and new both COUNT, and nothing else new.
    got=$(python3 -c '
import json, sys
reports = json.loads(open(sys.argv[1]).read().strip().splitlines()[-1])
inbox = [f for r in reports for f in r.get("folders", []) if f.get("folder") == "INBOX"]
new = sum(f.get("new", 0) for r in reports for f in r.get("folders", []))
print(inbox[0]["messages"], inbox[0]["new"], new) if inbox else print("none")' "$WORK/archivist.json" 2>&1) || got="unreadable"
    if [[ "$got" != "$COUNT $COUNT $COUNT" ]]; then
        echo "error: archivist did not report $COUNT new messages in INBOX (INBOX messages, INBOX new, all new: $got); its report:" >&2
        tail -c 2000 "$WORK/archivist.json" >&2
        tail -n 20 "$WORK/archivist.log" >&2
        exit 1
    fi
    rm -rf "$dir"
    calc 3 "$t1 - $t0"
}

# ---- the timed runs, in turn, so that a slow moment of the machine does not hit one tool only -----
RAW_TIMES=() MBSYNC_TIMES=() ARCHIVIST_TIMES=()
for i in $(seq "$REPEAT"); do
    raw=$(run_raw)
    RAW_TIMES+=("$raw")
    mbs='(not installed)'
    if [[ -n "$MBSYNC_VERSION" ]]; then
        mbs=$(run_mbsync)
        MBSYNC_TIMES+=("$mbs")
    fi
    arc=$(run_archivist)
    ARCHIVIST_TIMES+=("$arc")
    echo "run $i/$REPEAT: raw $raw s, mbsync $mbs s, archivist $arc s"
done

best() { printf '%s\n' "$@" | sort -g | head -n 1; }
report() {  # name, label, times...
    local name=$1 label=$2 b
    shift 2
    b=$(best "$@")
    printf '%-10s %8.3f s  %9.0f messages/s  %7.1f MB/s   (runs: %s)%s\n' "$name:" "$b" \
        "$(calc 3 "$COUNT / $b")" "$(calc 3 "$BYTES / 1e6 / $b")" "$*" "${label:+  $label}"
}

echo "MB: $MB (message files; $(calc 1 "$WIRE_BYTES / 1e6") MB on the wire in the raw session)"
report raw "openssl s_client, pipelined UID FETCH 1:* BODY.PEEK[]" "${RAW_TIMES[@]}"
if [[ -n "$MBSYNC_VERSION" ]]; then
    report mbsync "isync $MBSYNC_VERSION, FSync $MBSYNC_FSYNC" "${MBSYNC_TIMES[@]}"
else
    echo "mbsync:    not installed; skipped (Debian: apt-get install isync)"
fi
report archivist "fetch --no-match" "${ARCHIVIST_TIMES[@]}"

RAW_BEST=$(best "${RAW_TIMES[@]}")
ARCHIVIST_BEST=$(best "${ARCHIVIST_TIMES[@]}")
echo "archivist / raw: $(calc 0 "100 * $RAW_BEST / $ARCHIVIST_BEST")%   (goal: at least 80%)"
if [[ -n "$MBSYNC_VERSION" ]]; then
    MBSYNC_BEST=$(best "${MBSYNC_TIMES[@]}")
    echo "archivist / mbsync: $(calc 1 "$MBSYNC_BEST / $ARCHIVIST_BEST")×   (goal: at least 5×)"
fi
