#!/usr/bin/env python3
"""A tiny OAuth2 token endpoint for the Dovecot of scripts/dovecot/start.sh DIR.

Usage: token-server.py DIR PORT_FILE

Listens on 127.0.0.1 on a free port, written to PORT_FILE once it accepts connections, and serves
until killed. POST /token with the form fields grant_type=refresh_token, refresh_token=refresh-USER
(USER alice or bob), client_id=archivist and client_secret=client-secret answers 200 with
{"access_token": a JWT for USER valid 3600 s, "token_type": "Bearer", "expires_in": 3600}; a wrong
client answers 401 {"error": "invalid_client"}, anything else 400 {"error": "invalid_grant"} or
{"error": "unsupported_grant_type"}. Every request appends one line to DIR/token-requests
("POST /token alice ok"), so a test can see that a refresh happened; no secret is written there.
"""

import http.server
import json
import os
import sys
import threading
import urllib.parse

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from jwt import make_token  # noqa: E402  (jwt.py next to this file, not PyJWT)

CLIENT_ID = "archivist"
CLIENT_SECRET = "client-secret"
USERS = ("alice", "bob")
LIFETIME = 3600


class TokenHandler(http.server.BaseHTTPRequestHandler):
    directory = "."
    lock = threading.Lock()

    def log_message(self, format, *args):
        # Nothing on stderr: the parent may never read that pipe.
        pass

    def record(self, who, outcome):
        with self.lock, open(os.path.join(self.directory, "token-requests"), "a") as log:
            log.write(f"{self.command} {self.path} {who or '-'} {outcome}\n")

    def reply(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        self.record(None, "not_found")
        self.reply(404, {"error": "not_found"})

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        form = urllib.parse.parse_qs(self.rfile.read(length).decode("utf-8", "replace"))
        field = lambda name: (form.get(name) or [""])[0]
        user = field("refresh_token").removeprefix("refresh-") if field("refresh_token").startswith("refresh-") else None
        if self.path.split("?")[0] != "/token":
            self.record(user, "not_found")
            self.reply(404, {"error": "not_found"})
        elif field("client_id") != CLIENT_ID or field("client_secret") != CLIENT_SECRET:
            self.record(user, "invalid_client")
            self.reply(401, {"error": "invalid_client"})
        elif field("grant_type") != "refresh_token":
            self.record(user, "unsupported_grant_type")
            self.reply(400, {"error": "unsupported_grant_type"})
        elif user not in USERS:
            self.record(user, "invalid_grant")
            self.reply(400, {"error": "invalid_grant"})
        else:
            token = make_token(self.directory, user, LIFETIME)
            self.record(user, "ok")
            self.reply(200, {"access_token": token, "token_type": "Bearer", "expires_in": LIFETIME})


def main():
    if len(sys.argv) != 3:
        print(f"usage: {sys.argv[0]} DIR PORT_FILE", file=sys.stderr)
        return 64
    TokenHandler.directory = sys.argv[1]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), TokenHandler)
    staged = sys.argv[2] + ".tmp"
    with open(staged, "w") as f:
        f.write(str(server.server_address[1]))
    os.replace(staged, sys.argv[2])
    server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
