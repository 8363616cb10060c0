#!/usr/bin/env bash
# The demo: a fresh database under .build/demo, the bundled fixtures ingested, the queue shown.
set -euo pipefail
archivist=${1:-.build/release/archivist}
cd "$(dirname "$0")/.."
demo=.build/demo
rm -rf "$demo"
mkdir -p "$demo"
export ARCHIVIST_DB="$demo/archivist.db"

if [ -t 1 ]; then bold=$'\033[1m' plain=$'\033[0m'; else bold='' plain=''; fi
step() { printf '\n%s$ %s%s\n' "$bold" "$*" "$plain"; "$@"; }

step "$archivist" init
step "$archivist" ingest fixtures/mail
step "$archivist" ingest fixtures/mail
step "$archivist" queue list

step "$archivist" show 1
printf '\nThe demo database is %s; try: ARCHIVIST_DB=%s %s queue list --json\n' "$ARCHIVIST_DB" "$ARCHIVIST_DB" "$archivist"
