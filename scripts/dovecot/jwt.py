#!/usr/bin/env python3
"""Prints an OAuth2 access token that the Dovecot of scripts/dovecot/start.sh DIR accepts.

Usage: jwt.py DIR SUB SECONDS [ISSUER]

The token is an HS256 JWT with the claims sub, iat, exp (now + SECONDS; negative for a token that
has already expired) and iss (default archivist-test, the only issuer Dovecot accepts). It is signed
with the key in DIR/oauth-keys/default/HS256/default; the file holds the key in base64 and Dovecot
uses the decoded bytes, so this does too.
"""

import base64
import hashlib
import hmac
import json
import os
import sys
import time


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def make_token(directory: str, sub: str, seconds: int, issuer: str = "archivist-test") -> str:
    """Returns the signed token for `sub`, valid for `seconds` from now."""
    with open(os.path.join(directory, "oauth-keys", "default", "HS256", "default"), "rb") as f:
        key = base64.b64decode(f.read().strip())
    now = int(time.time())
    header = {"alg": "HS256", "typ": "JWT"}
    claims = {"sub": sub, "iat": now, "exp": now + seconds, "iss": issuer}
    signing_input = b64url(json.dumps(header, separators=(",", ":")).encode()) + "." + \
        b64url(json.dumps(claims, separators=(",", ":")).encode())
    signature = hmac.new(key, signing_input.encode("ascii"), hashlib.sha256).digest()
    return signing_input + "." + b64url(signature)


def main() -> int:
    if len(sys.argv) not in (4, 5):
        print(f"usage: {sys.argv[0]} DIR SUB SECONDS [ISSUER]", file=sys.stderr)
        return 64
    try:
        seconds = int(sys.argv[3])
    except ValueError:
        print(f"SECONDS must be a whole number, not '{sys.argv[3]}'", file=sys.stderr)
        return 64
    issuer = sys.argv[4] if len(sys.argv) == 5 else "archivist-test"
    print(make_token(sys.argv[1], sys.argv[2], seconds, issuer))
    return 0


if __name__ == "__main__":
    sys.exit(main())
