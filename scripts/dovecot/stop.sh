#!/usr/bin/env bash
# Stops the Dovecot that scripts/dovecot/start.sh DIR started: SIGTERM, up to 5 s to finish, then
# SIGKILL. Does nothing when it is not running. DIR/env keeps the ports for the next start.
#
# Usage: stop.sh DIR
set -euo pipefail

if [ $# -ne 1 ]; then
    echo "usage: $0 DIR" >&2
    exit 64
fi
dir=$1
[ -f "$dir/env" ] || exit 0
pid=$(sed -n 's/^DOVECOT_PID=//p' "$dir/env")

# The process must still be a Dovecot master: after a reboot the number may be someone else's. A
# zombie has finished; whoever inherited it reaps it in its own time.
running() {
    [ -n "$pid" ] && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = dovecot ] &&
        [ "$(sed 's/.*) \(.\).*/\1/' "/proc/$pid/stat" 2>/dev/null)" != Z ]
}

if running; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 100); do
        running || break
        sleep 0.05
    done
    if running; then
        kill -KILL "$pid" 2>/dev/null || true
        for _ in $(seq 20); do
            running || break
            sleep 0.05
        done
    fi
fi

# The base directory (or the link to it when it lives under /tmp).
for run in "$dir"/run-*; do
    if [ -L "$run" ]; then
        rm -rf "$(readlink "$run")"
        rm -f "$run"
    elif [ -d "$run" ]; then
        rm -rf "$run"
    fi
done
