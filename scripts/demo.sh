#!/usr/bin/env bash
# The demo: a fresh database under .build/demo, the bundled records and mail imported, a few
# messages archived by hand, the archive listed and searched.
set -euo pipefail
archivist=${1:-.build/release/archivist}
cd "$(dirname "$0")/.."
demo=.build/demo
rm -rf "$demo"
mkdir -p "$demo"
export ARCHIVIST_DB="$demo/archivist.db"

if [ -t 1 ]; then bold=$'\033[1m' plain=$'\033[0m'; else bold='' plain=''; fi
step() { printf '\n%s$ %s%s\n' "$bold" "$*" "$plain"; "$@"; }

step "$archivist" init --admin demo
export ARCHIVIST_USER=demo
step "$archivist" settings set own-domains budowex.pl
step "$archivist" settings set rules-dir rules
step "$archivist" records import fixtures/records
step "$archivist" rules check
# Ingest runs the engine on what arrived: confident targets archived, the rest waits for review.
step "$archivist" ingest fixtures/mail
step "$archivist" ingest fixtures/mail
step "$archivist" queue list --limit 8
step "$archivist" review list
# The engine filed the offer from Spostex for the Łomianki site on its own; here is why.
step "$archivist" suggest '<3f9a1c2e-7b41-4d2a-9e0f-5c1d8a6b2e71@spostex.pl>'
# A person confirms the first item waiting for review, attaches the offer to one more record,
# and keeps the reply to it for the purchasing team.
step "$archivist" review accept 1
step "$archivist" attach '<3f9a1c2e-7b41-4d2a-9e0f-5c1d8a6b2e71@spostex.pl>' --to contact:K0002
step "$archivist" archives edit '<e1b7c0a4-2f6d-4a91-b3c8-0d5e7f9a1b22@budowex.pl>' --roles purchasing
step "$archivist" records emails project:J0001
step "$archivist" search lomianki cement --limit 3
step "$archivist" log --limit 8
# What the example rules change on the fixtures, and how the engine does on them, with the rules.
step "$archivist" rules test --messages fixtures/mail
step "$archivist" eval --records fixtures/records --messages fixtures/mail --truth fixtures/truth.jsonl --own-domain budowex.pl --rules rules
printf '\nThe demo database is %s. Start reviewing, one key per decision, with:\n  ARCHIVIST_DB=%s ARCHIVIST_USER=demo %s review\n(or, from scripts: review list, review accept ITEM, review reject ITEM)\n' \
    "$ARCHIVIST_DB" "$ARCHIVIST_DB" "$archivist"
