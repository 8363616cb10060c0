#!/usr/bin/env bash
# Ingest benchmark: archivist vs. notmuch on the same synthetic Maildir.
#
#   bench/ingest.sh ARCHIVIST_BINARY [COUNT]        (COUNT defaults to 20000)
#
# Generates (or reuses) ${BENCH_DIR:-/tmp/archivist-bench}/maildir-COUNT with
# bench/gen_maildir.py, warms the page cache, then times
#   ARCHIVIST --db FRESH_DB ingest --no-match MAILDIR   (storing only; matching is measured elsewhere)
#   notmuch new --quiet --no-hooks         (throwaway config, DB outside MAILDIR)
# and prints MB, messages/s and MB/s for each plus the speed ratio.
# If notmuch is not installed only the archivist figures are printed.
# Exits non-zero if either tool fails.  Sizes are in MB = 10^6 bytes.
set -euo pipefail

if [[ $# -lt 1 || $# -gt 2 ]]; then
    echo "usage: $0 ARCHIVIST_BINARY [COUNT]" >&2
    exit 2
fi
ARCHIVIST=$1
COUNT=${2:-20000}
[[ -x "$ARCHIVIST" ]] || { echo "error: $ARCHIVIST is not an executable" >&2; exit 2; }
[[ "$COUNT" =~ ^[0-9]+$ ]] || { echo "error: COUNT must be a number" >&2; exit 2; }

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
BENCH_DIR=${BENCH_DIR:-/tmp/archivist-bench}
MAIL_DIR="$BENCH_DIR/maildir-$COUNT"   # not $MAILDIR: notmuch reads that variable
mkdir -p "$BENCH_DIR"

python3 "$HERE/gen_maildir.py" --count "$COUNT" "$MAIL_DIR"

WORK=$(mktemp -d "$BENCH_DIR/run.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

now() { date +%s.%N; }
calc() { awk "BEGIN { printf \"%.${1}f\", $2 }"; }

# Total size of the message files, then read them all once so that both tools
# start from the same (warm) page cache.
BYTES=$(find "$MAIL_DIR/cur" "$MAIL_DIR/new" -type f -printf '%s\n' | awk '{ s += $1 } END { print s + 0 }')
MB=$(calc 1 "$BYTES / 1e6")
find "$MAIL_DIR/cur" "$MAIL_DIR/new" -type f -print0 | xargs -0 cat > /dev/null

echo "maildir: $MAIL_DIR ($COUNT messages, $MB MB)"

# ---- archivist ---------------------------------------------------------------
DB="$WORK/archivist.sqlite"
rm -f "$DB" "$DB-wal" "$DB-shm" "$DB-journal"
T0=$(now)
if ! "$ARCHIVIST" --db "$DB" ingest --no-match "$MAIL_DIR" > "$WORK/archivist.log" 2>&1; then
    echo "error: archivist failed; its output:" >&2
    tail -n 20 "$WORK/archivist.log" >&2
    exit 1
fi
T1=$(now)
A_SECS=$(calc 3 "$T1 - $T0")
echo "archivist output: $(tail -n 1 "$WORK/archivist.log")"
A_NEW=$(grep -oE '^[0-9]+ new' "$WORK/archivist.log" | tail -n 1 | cut -d' ' -f1 || true)
if [[ -n "$A_NEW" && "$A_NEW" != "$COUNT" ]]; then
    echo "warning: archivist reports $A_NEW new messages, expected $COUNT" >&2
fi
printf 'archivist: %8.3f s  %9.0f messages/s  %7.1f MB/s\n' \
    "$A_SECS" "$(calc 3 "$COUNT / $A_SECS")" "$(calc 3 "$BYTES / 1e6 / $A_SECS")"

# ---- notmuch -----------------------------------------------------------------
if ! command -v notmuch > /dev/null; then
    echo "notmuch is not installed; skipping comparison (make bench installs it via apt)"
    exit 0
fi

# Split config (notmuch >= 0.32): mail_root is the Maildir, path is where the
# Xapian DB goes, so nothing is written into the Maildir.  Every file gets the
# tag "new"; flag synchronisation is off so tags don't depend on file names.
NM_DB="$WORK/notmuch-db"
rm -rf "$NM_DB" "$MAIL_DIR/.notmuch"
mkdir -p "$NM_DB"
cat > "$WORK/notmuch-config" <<EOF
[database]
path=$NM_DB
mail_root=$MAIL_DIR

[user]
name=Archivist Bench
primary_email=bench@example.invalid

[new]
tags=new
ignore=/^\.generated-/

[maildir]
synchronize_flags=false

[search]
exclude_tags=
EOF
nm() {
    env -u NOTMUCH_DATABASE -u NOTMUCH_PROFILE -u MAILDIR \
        NOTMUCH_CONFIG="$WORK/notmuch-config" XDG_CONFIG_HOME="$WORK" XDG_DATA_HOME="$WORK" \
        notmuch "$@"
}

T0=$(now)
if ! nm new --quiet --no-hooks > "$WORK/notmuch.log" 2>&1; then
    echo "error: notmuch new failed; its output:" >&2
    tail -n 20 "$WORK/notmuch.log" >&2
    exit 1
fi
T1=$(now)
N_SECS=$(calc 3 "$T1 - $T0")
N_COUNT=$(nm count '*')
if [[ "$N_COUNT" != "$COUNT" ]]; then
    echo "warning: notmuch indexed $N_COUNT messages, expected $COUNT" >&2
fi
printf 'notmuch:   %8.3f s  %9.0f messages/s  %7.1f MB/s   (%s)\n' \
    "$N_SECS" "$(calc 3 "$COUNT / $N_SECS")" "$(calc 3 "$BYTES / 1e6 / $N_SECS")" "$(notmuch --version)"

echo "archivist is $(calc 1 "$N_SECS / $A_SECS") times notmuch (messages/s)"
