#!/usr/bin/env bash
# Archive benchmark: search and archive-listing latency with 100,000 archived messages.
#
#   bench/archive.sh BENCH_BINARY [COUNT]        (COUNT defaults to 100000)
#
# Generates (or reuses) ${BENCH_DIR:-/tmp/archivist-bench}/maildir-COUNT, then runs the
# archivist-bench-archive program on a fresh database: ingest, records, every message archived,
# then typical queries timed through the library, as an administrator and as a user with roles.
set -euo pipefail
if [[ $# -lt 1 || $# -gt 2 ]]; then
    echo "usage: $0 BENCH_BINARY [COUNT]" >&2
    exit 2
fi
BENCH=$1
COUNT=${2:-100000}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
BENCH_DIR=${BENCH_DIR:-/tmp/archivist-bench}
MAIL_DIR="$BENCH_DIR/maildir-$COUNT"
DB="$BENCH_DIR/archive-$COUNT.db"
mkdir -p "$BENCH_DIR"
python3 "$HERE/gen_maildir.py" --count "$COUNT" "$MAIL_DIR"
rm -f "$DB" "$DB-wal" "$DB-shm"
"$BENCH" "$MAIL_DIR" "$DB"
echo "database: $(du -m "$DB" | cut -f1) MB for $COUNT messages"
