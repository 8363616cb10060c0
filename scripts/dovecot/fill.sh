#!/usr/bin/env bash
# Puts messages into a folder of the Dovecot of scripts/dovecot/start.sh DIR, as new (unseen) mail.
#
# Usage: fill.sh DIR USER FOLDER PATH...
#
# Each PATH is a message file (.eml), a directory of message files, or a Maildir (its cur/ and new/).
# Messages land in the folder's new/ under fresh unique names, in the order given (files of a
# directory by name), so Dovecot gives them increasing UIDs in that order; their flags are not
# kept. FOLDER is the name as a person writes it, in UTF-8 with "/" between levels ("INBOX",
# "Projects/Łomianki"); missing folders are created, not subscribed. Run as root, the files are
# given to the mail user archivist-imap. One process for all files: 20,000 take about a second.
set -euo pipefail

if [ $# -lt 4 ]; then
    echo "usage: $0 DIR USER FOLDER PATH..." >&2
    exit 64
fi

exec python3 - "$@" <<'PYTHON'
import fcntl, os, pwd, sys, time

directory, user, folder, paths = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]

def fail(message, code=65):
    print(f"fill.sh: {message}", file=sys.stderr)
    sys.exit(code)

# The layout start.sh configures: maildir:DIR/mail/%u/Maildir:LAYOUT=fs:UTF-8, INBOX at the top.
parts = [p for p in folder.split("/") if p != ""]
if any(p in (".", "..") or p.startswith(".") for p in parts) or "/" in user or user in ("", ".", ".."):
    fail(f"'{user}' '{folder}' is not a user and folder name this Dovecot can store", 64)
if len(parts) == 1 and parts[0].upper() == "INBOX":
    parts = []
maildir = os.path.join(directory, "mail", user, "Maildir")
target = os.path.join(maildir, *parts)

owner = None
if os.geteuid() == 0:
    entry = pwd.getpwnam("archivist-imap")
    owner = (entry.pw_uid, entry.pw_gid)

def make_dirs(path):
    """Creates path and its missing parents, all owned by the mail user."""
    missing = []
    while not os.path.isdir(path):
        missing.append(path)
        path = os.path.dirname(path)
    for d in reversed(missing):
        os.mkdir(d, 0o700)
        if owner:
            os.chown(d, *owner)

for sub in ("cur", "new", "tmp"):
    make_dirs(os.path.join(target, sub))

def message_files(path):
    if os.path.isfile(path):
        return [path]
    if not os.path.isdir(path):
        fail(f"{path}: no such file or directory", 66)
    if os.path.isdir(os.path.join(path, "cur")) or os.path.isdir(os.path.join(path, "new")):
        found = []
        for sub in ("cur", "new"):
            d = os.path.join(path, sub)
            if os.path.isdir(d):
                found += [(name, os.path.join(d, name)) for name in os.listdir(d) if not name.startswith(".")]
        return [p for _, p in sorted(found)]
    names = sorted(n for n in os.listdir(path) if not n.startswith("."))
    return [os.path.join(path, n) for n in names if os.path.isfile(os.path.join(path, n))]

files = [f for p in paths for f in message_files(p)]

# Dovecot orders new files by the seconds and microseconds in their names (then by the rest), so a
# serial kept in DIR across calls, spread over both, keeps every fill after the previous one.
with open(os.path.join(directory, "fill-serial"), "a+") as counter:
    fcntl.flock(counter, fcntl.LOCK_EX)
    counter.seek(0)
    text = counter.read().strip()
    serial = int(text) if text else 0
    counter.seek(0)
    counter.truncate()
    counter.write(str(serial + len(files)))
    counter.flush()

now = int(time.time())
pid = os.getpid()
tmp, new = os.path.join(target, "tmp"), os.path.join(target, "new")
for i, source in enumerate(files):
    number = serial + i
    name = f"{now + number // 1_000_000}.M{number % 1_000_000}P{pid}Q{i}.archivist-fill"
    with open(source, "rb") as f:
        data = f.read()
    staged = os.path.join(tmp, name)
    with os.fdopen(os.open(staged, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as out:
        if owner:
            os.fchown(out.fileno(), *owner)
        out.write(data)
    os.rename(staged, os.path.join(new, name))
print(f"{len(files)} messages put into {user}/{folder or 'INBOX'}")
PYTHON
