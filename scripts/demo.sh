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
# The main job: fetch the mailbox over IMAP (read-only), then run the engine on what arrived:
# confident targets archived, the rest waits for review. The mailbox is a throwaway local Dovecot
# loaded with the fixtures: mail from budowex.pl in Sent, the rest in INBOX.
if dovecot_env=$(scripts/dovecot/start.sh "$demo/dovecot" 2>"$demo/dovecot-start.log"); then
    eval "$dovecot_env"
    trap 'scripts/dovecot/stop.sh "$demo/dovecot" >/dev/null 2>&1' EXIT
    sent=$(grep -l -i '^From:.*@budowex\.pl' fixtures/mail/*.eml)
    inbox=$(grep -L -i '^From:.*@budowex\.pl' fixtures/mail/*.eml)
    scripts/dovecot/fill.sh "$demo/dovecot" alice Sent $sent >/dev/null
    scripts/dovecot/fill.sh "$demo/dovecot" alice INBOX $inbox >/dev/null
    printf '\n(A local Dovecot on 127.0.0.1:%s serves the fixtures: %s messages in INBOX, %s in Sent.)\n' \
        "$IMAPS_PORT" "$(echo "$inbox" | wc -l)" "$(echo "$sent" | wc -l)"
    export ARCHIVIST_KEY_FILE="$demo/archivist.key"
    printf 'secret\n' | step "$archivist" accounts add biuro --email biuro@budowex.pl --login alice --host 127.0.0.1 \
        --port "$IMAPS_PORT" --ca-file "$demo/dovecot/ca.pem" --password-stdin
    step "$archivist" accounts test biuro
    step "$archivist" fetch
    step "$archivist" fetch
    step "$archivist" status
else
    printf '\nDovecot is not available (%s), so the demo imports the fixtures from disk instead of over IMAP.\n' \
        "$(tail -n 1 "$demo/dovecot-start.log")"
    step "$archivist" ingest fixtures/mail
    step "$archivist" ingest fixtures/mail
fi
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
