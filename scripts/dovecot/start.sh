#!/usr/bin/env bash
# Starts a throwaway Dovecot for tests, the demo and benchmarks: everything lives in DIR, it listens
# on 127.0.0.1 only, and it is stopped by scripts/dovecot/stop.sh DIR.
#
# Usage: start.sh DIR
#
# Made once and kept (so a restart keeps certificates, users, keys and mail): a test CA (ca.pem,
# ca.key), a server certificate it signed for localhost and 127.0.0.1 (server.pem, server.key), a
# self-signed one (selfsigned.pem, selfsigned.key), the users alice and bob with password "secret"
# (users), and the HS256 key Dovecot checks OAuth2 tokens with (oauth-keys/default/HS256/default,
# base64 of 32 random bytes). dovecot.conf is written anew on every start, from the options below.
#
# Environment:
#   IMAP_PORT, IMAPS_PORT  ports to listen on; unset or empty: the ports in DIR/env from a
#                          previous start, else free ones
#   DOVECOT_SSL=yes|no     no: no TLS at all (no STARTTLS, no imaps listener); default yes
#   DOVECOT_CERT=ca|selfsigned  the certificate the server presents; default ca
#   DOVECOT_OAUTH_MECHS    OAuth2 SASL mechanisms offered; default "xoauth2 oauthbearer"
#
# On success DIR/env holds, and standard output shows, shell lines IMAP_PORT=, IMAPS_PORT= (empty
# without TLS), DOVECOT_PID=, DOVECOT_DIR=.
#
# Mail layout: maildir:DIR/mail/USER/Maildir:LAYOUT=fs:UTF-8 with hierarchy separator "/". INBOX is
# the Maildir itself; folder "Projects/Łomianki" is the directory Maildir/Projects/Łomianki, its name
# stored on disk in UTF-8 (Dovecot's UTF-8 option), so scripts/dovecot/fill.sh needs no modified
# UTF-7. Over IMAP the name is, as always, modified UTF-7 ("Projects/&AUE-omianki").
set -euo pipefail
PATH=$PATH:/usr/sbin:/sbin

if [ $# -ne 1 ]; then
    echo "usage: $0 DIR" >&2
    exit 64
fi
mkdir -p "$1"
dir=$(cd "$1" && pwd)
ssl=${DOVECOT_SSL:-yes}
cert=${DOVECOT_CERT:-ca}
mechs=${DOVECOT_OAUTH_MECHS:-xoauth2 oauthbearer}
case $ssl in yes|no) ;; *) echo "DOVECOT_SSL must be yes or no, not '$ssl'" >&2; exit 64 ;; esac
case $cert in ca|selfsigned) ;; *) echo "DOVECOT_CERT must be ca or selfsigned, not '$cert'" >&2; exit 64 ;; esac
if ! command -v dovecot >/dev/null; then
    echo "dovecot is not installed (Debian: apt-get install dovecot-imapd)" >&2
    exit 69
fi

# A previous instance still running in DIR would share the mail and fight over the ports.
old_imap='' old_imaps='' old_pid=''
if [ -f "$dir/env" ]; then
    old_imap=$(sed -n 's/^IMAP_PORT=//p' "$dir/env")
    old_imaps=$(sed -n 's/^IMAPS_PORT=//p' "$dir/env")
    old_pid=$(sed -n 's/^DOVECOT_PID=//p' "$dir/env")
fi
if [ -n "$old_pid" ] && [ "$(cat "/proc/$old_pid/comm" 2>/dev/null)" = dovecot ] &&
    [ "$(sed 's/.*) \(.\).*/\1/' "/proc/$old_pid/stat" 2>/dev/null)" != Z ]; then
    echo "Dovecot is already running in $dir (pid $old_pid); stop it with scripts/dovecot/stop.sh first" >&2
    exit 1
fi

umask 077
cd "$dir"

# Certificates: EC keys, because they are made in milliseconds.
newkey=(-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes)
san='subjectAltName=DNS:localhost,IP:127.0.0.1'
if [ ! -f ca.pem ] || [ ! -f ca.key ]; then
    openssl req -x509 "${newkey[@]}" -keyout ca.key -out ca.pem -days 3650 -subj '/CN=Archivist Test CA' \
        -addext 'basicConstraints=critical,CA:TRUE' -addext 'keyUsage=critical,keyCertSign,cRLSign' 2>/dev/null
    rm -f server.pem server.key
fi
if [ ! -f server.pem ] || [ ! -f server.key ]; then
    openssl req -new "${newkey[@]}" -keyout server.key -out server.csr -subj '/CN=localhost' 2>/dev/null
    printf '%s\nbasicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n' "$san" >server.ext
    openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -set_serial "0x$(openssl rand -hex 8)" \
        -days 825 -extfile server.ext -out server.pem 2>/dev/null
    rm -f server.csr server.ext
fi
if [ ! -f selfsigned.pem ] || [ ! -f selfsigned.key ]; then
    openssl req -x509 "${newkey[@]}" -keyout selfsigned.key -out selfsigned.pem -days 825 -subj '/CN=localhost' \
        -addext "$san" -addext 'basicConstraints=critical,CA:FALSE' -addext 'extendedKeyUsage=serverAuth' 2>/dev/null
fi
chmod 644 ca.pem server.pem selfsigned.pem
# Dovecot's auth process, running as default_internal_user, reads the users and the OAuth2 key.
umask 022
if [ ! -f users ]; then
    printf '%s:{PLAIN}secret::::::\n' alice bob >users
fi
key=oauth-keys/default/HS256/default
if [ ! -f "$key" ]; then
    mkdir -p "${key%/*}"
    head -c 32 /dev/urandom | base64 -w0 >"$key"
fi

# Who owns the mail. Dovecot refuses to store mail as root, so root runs the mail processes as a
# system user of their own and the rest as Debian's dovecot/dovenull; anyone else runs it all as
# themselves, without chroot.
if [ "$(id -u)" = 0 ]; then
    if ! id -u archivist-imap >/dev/null 2>&1; then
        useradd --system --user-group --no-create-home --shell /usr/sbin/nologin archivist-imap
    fi
    mail_owner=archivist-imap
    internal_user=dovecot login_user=dovenull
    id -u dovecot >/dev/null 2>&1 || internal_user=$mail_owner
    id -u dovenull >/dev/null 2>&1 || login_user=$mail_owner
    users_settings="mail_uid = $mail_owner
mail_gid = $mail_owner
first_valid_uid = 1
first_valid_gid = 1"
    chroot=login
else
    mail_owner=$(id -un)
    internal_user=$mail_owner login_user=$mail_owner
    users_settings="default_internal_group = $(id -gn)"
    chroot=''
fi
mkdir -p mail state
[ "$(id -u)" = 0 ] && chown "$mail_owner:" mail
# The mail processes must reach DIR/mail and the sockets in the base directory: DIR and those of
# its parents that are ours and under the temporary directory (mktemp -d makes them 0700) become
# searchable by all; any other parent is left alone and checked below.
chmod 711 "$dir"
tmp_root=$(cd "${TMPDIR:-/tmp}" 2>/dev/null && pwd || echo /tmp)
parent=${dir%/*}
while [ -n "$parent" ] && [ "${parent#"$tmp_root"/}" != "$parent" ]; do
    [ -O "$parent" ] && chmod o+x "$parent"
    parent=${parent%/*}
done
chmod 755 mail
if [ "$(id -u)" = 0 ] && ! runuser -u "$mail_owner" -- test -x "$dir/mail"; then
    echo "$mail_owner cannot reach $dir/mail: make its parent directories searchable (chmod o+x)" >&2
    exit 77
fi

# A fresh base directory on each start: a socket left over from an earlier run (anvil's penalty
# socket above all) slows logins down. A Unix socket path has at most 107 bytes and the longest
# below the base directory is 25 (/token-login/imap-urlauth); when DIR is too deep for that, the
# base directory goes under /tmp, DIR/run-PID links to it, and stop.sh removes both.
remove_run_dirs() {
    local old
    for old in "$dir"/run-*; do
        if [ -L "$old" ]; then
            rm -rf "$(readlink "$old")" "$old"
        elif [ -d "$old" ]; then
            rm -rf "$old"
        fi
    done
}
make_run_dir() {
    if [ ${#dir} -le 68 ]; then
        run=$dir/run-$$
        mkdir "$run"
    else
        run=$(mktemp -d /tmp/archivist-dovecot.XXXXXX)
        ln -s "$run" "$dir/run-$$"
    fi
    chmod 755 "$run"
}

free_ports() {
    python3 -c '
import socket
a, b = socket.socket(), socket.socket()
a.bind(("127.0.0.1", 0)); b.bind(("127.0.0.1", 0))
print(a.getsockname()[1], b.getsockname()[1])'
}

write_config() {
    local imaps_listener='' ssl_settings='ssl = no'
    if [ "$ssl" = yes ]; then
        imaps_listener="  inet_listener imaps {
    port = $imaps_port
    ssl = yes
  }"
        ssl_settings="ssl = yes
ssl_cert = <$dir/$cert_name.pem
ssl_key = <$dir/$cert_name.key"
        [ -f /usr/share/dovecot/dh.pem ] && ssl_settings+=$'\n'"ssl_dh = </usr/share/dovecot/dh.pem"
    fi
    local oauth_passdb=''
    if [ -n "${mechs// /}" ]; then
        oauth_passdb="passdb {
  driver = oauth2
  args = $dir/oauth2.conf.ext
  mechanisms = $mechs
}"
    fi
    cat >"$dir/oauth2.conf.ext" <<EOF
# Tokens are checked here, without any HTTP server: an HS256 JWT signed with the key in
# $dir/oauth-keys/default/HS256/default (the file holds it in base64).
introspection_mode = local
local_validation_key_dict = fs:posix:prefix=$dir/oauth-keys/
username_attribute = sub
issuers = archivist-test
EOF
    cat >"$dir/dovecot.conf" <<EOF
# Written by scripts/dovecot/start.sh on every start; edits are lost.
protocols = imap
listen = 127.0.0.1
base_dir = $run
state_dir = $dir/state
log_path = $dir/dovecot.log
instance_name = archivist-$imap_port
login_greeting = $greeting
default_internal_user = $internal_user
default_login_user = $login_user
$users_settings

$ssl_settings
disable_plaintext_auth = no
auth_mechanisms = plain login $mechs
# Failed logins are part of the tests: no delay, and no per-IP penalty either. auth_failure_delay = 0
# alone still holds a failure back until the auth process's next 500 ms tick; the "nodelay" field
# answers at once, and it must come from a passdb that succeeds (noauthenticate) because a failing
# passdb's fields are dropped.
auth_failure_delay = 0

passdb {
  driver = static
  args = noauthenticate nodelay=yes
  result_success = continue
}
passdb {
  driver = passwd-file
  args = scheme=PLAIN $dir/users
  mechanisms = plain login
}
$oauth_passdb
userdb {
  driver = passwd-file
  args = $dir/users
}

# INBOX is the Maildir itself, "A/B" the directory Maildir/A/B, names on disk in UTF-8.
mail_home = $dir/mail/%u
mail_location = maildir:$dir/mail/%u/Maildir:LAYOUT=fs:UTF-8
namespace inbox {
  inbox = yes
  separator = /
  mailbox Sent {
    special_use = \\Sent
    auto = subscribe
  }
  mailbox Drafts {
    special_use = \\Drafts
    auto = subscribe
  }
  mailbox Trash {
    special_use = \\Trash
    auto = subscribe
  }
  mailbox Junk {
    special_use = \\Junk
    auto = subscribe
  }
  mailbox Archive {
    special_use = \\Archive
    auto = subscribe
  }
}

service imap-login {
  chroot = $chroot
  inet_listener imap {
    port = $imap_port
  }
$imaps_listener
}
service anvil {
  chroot =
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
EOF
}

cert_name=server
[ "$cert" = selfsigned ] && cert_name=selfsigned
# Ports: from the environment, else those of the previous start (a restart keeps them), else free
# ones. A port not given by the environment can be taken by someone else before Dovecot binds it:
# then try free ones.
for attempt in 1 2 3; do
    imap_port=${IMAP_PORT:-} imaps_port=${IMAPS_PORT:-}
    [ -n "$imap_port" ] || [ "$attempt" != 1 ] || imap_port=$old_imap
    [ -n "$imaps_port" ] || [ "$attempt" != 1 ] || imaps_port=$old_imaps
    if [ -z "$imap_port" ] || [ -z "$imaps_port" ]; then
        read -r free1 free2 < <(free_ports)
        [ -n "$imap_port" ] || imap_port=$free1
        [ -n "$imaps_port" ] || imaps_port=$free2
    fi
    [ "$ssl" = yes ] || imaps_port=''
    remove_run_dirs
    make_run_dir
    greeting="Archivist test Dovecot $$.$attempt ready."
    write_config
    log_start=$(stat -c %s dovecot.log 2>/dev/null || echo 0)
    out_start=$(stat -c %s dovecot.out 2>/dev/null || echo 0)
    # Dovecot keeps every descriptor it inherits. Swift's Process watches a socket it hands to its
    # child to learn when that exits, so a Dovecot holding it would make the caller wait for ever:
    # it gets standard input, output and error and nothing else.
    (
        for fd in /proc/self/fd/*; do
            fd=${fd##*/}
            [ "$fd" -gt 2 ] && eval "exec $fd>&-" 2>/dev/null
        done
        # A parent may block or ignore signals (a test runner does), and children inherit that:
        # Dovecot gets a clean slate, or SIGTERM would not stop it.
        exec python3 -c 'import os, signal, sys
signal.pthread_sigmask(signal.SIG_SETMASK, set())
for number in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP, signal.SIGPIPE):
    signal.signal(number, signal.SIG_DFL)
os.execvp(sys.argv[1], sys.argv[1:])' dovecot -F -c "$dir/dovecot.conf" </dev/null >>"$dir/dovecot.out" 2>&1
    ) &
    pid=$!

    # Ready when our greeting arrives (not another server's on a port taken meanwhile): the login
    # process sends it once it reaches auth.
    ready=no
    deadline=$((SECONDS + 10))
    while [ $SECONDS -lt $deadline ]; do
        kill -0 "$pid" 2>/dev/null || break
        if { exec 3<>"/dev/tcp/127.0.0.1/$imap_port"; } 2>/dev/null; then
            line=''
            read -r -t 1 line <&3 || true
            exec 3<&- 3>&-
            case $line in '* OK'*"$greeting"*) ready=yes; break ;; esac
        fi
        sleep 0.05
    done
    if [ $ready = yes ]; then
        break
    fi
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    remove_run_dirs
    # Dovecot logs to dovecot.log once its log process runs, to standard error (dovecot.out) before.
    log=$(tail -c +"$((log_start + 1))" dovecot.log 2>/dev/null || true)
    [ -n "$log" ] || log=$(tail -c +"$((out_start + 1))" dovecot.out 2>/dev/null || true)
    errors=$(printf '%s\n' "$log" | grep -E 'Fatal|Panic|Error' | head -n 20 || true)
    [ -z "$errors" ] || log=$errors
    busy=$(printf '%s\n' "$log" | sed -n 's/.*(127\.0\.0\.1, \([0-9]*\)) failed: Address already in use.*/\1/p' | head -n 1)
    if [ -n "$busy" ] && [ "$busy" != "${IMAP_PORT:-}" ] && [ "$busy" != "${IMAPS_PORT:-}" ] && [ "$attempt" != 3 ]; then
        continue
    fi
    if [ -n "$busy" ]; then
        echo "Dovecot could not listen in $dir: port $busy is in use" >&2
    else
        echo "Dovecot did not start in $dir; its log says:" >&2
        printf '%s\n' "$log" | tail -n 20 >&2
    fi
    exit 1
done

umask 022
printf 'IMAP_PORT=%s\nIMAPS_PORT=%s\nDOVECOT_PID=%s\nDOVECOT_DIR=%s\n' "$imap_port" "$imaps_port" "$pid" "$dir" >"$dir/env.tmp"
mv "$dir/env.tmp" "$dir/env"
cat "$dir/env"
