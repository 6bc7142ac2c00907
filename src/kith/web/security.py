"""Sessions, CSRF tokens, the login rate limit and the security headers.

A session is a signed cookie (`expiry.nonce.signature`, HMAC-SHA256 with the
secret in auth.json), so the server keeps no session table and changing the
password, which changes the secret, ends every session. CSRF tokens are the HMAC
of a per-browser cookie, so a page on another site can neither read nor forge one.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from collections import defaultdict, deque

SESSION_COOKIE = "kith_session"
CSRF_COOKIE = "kith_csrf"
SESSION_SECONDS = 14 * 24 * 3600

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; connect-src 'self'"
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def _sign(secret: bytes, message: str) -> str:
    return hmac.new(secret, message.encode(), hashlib.sha256).hexdigest()


def make_session(secret: bytes, now: float | None = None) -> str:
    expiry = int((now or time.time()) + SESSION_SECONDS)
    body = f"{expiry}.{secrets.token_hex(8)}"
    return f"{body}.{_sign(secret, body)}"


def valid_session(secret: bytes, cookie: str | None, now: float | None = None) -> bool:
    if not cookie or cookie.count(".") != 2:
        return False
    body, signature = cookie.rsplit(".", 1)
    if not hmac.compare_digest(_sign(secret, body), signature):
        return False
    expiry = body.split(".", 1)[0]
    return expiry.isdigit() and int(expiry) > (now or time.time())


def new_csrf_cookie() -> str:
    return secrets.token_urlsafe(24)


def csrf_token(secret: bytes, cookie: str) -> str:
    return _sign(secret, "csrf:" + cookie)


def valid_csrf(secret: bytes, cookie: str | None, token: str | None) -> bool:
    if not cookie or not token:
        return False
    return hmac.compare_digest(csrf_token(secret, cookie), token)


class RateLimit:
    """At most `attempts` failures per client in `window` seconds."""

    def __init__(self, attempts: int = 5, window: float = 300.0) -> None:
        self.attempts = attempts
        self.window = window
        self._failures: dict[str, deque[float]] = defaultdict(deque)

    def blocked(self, client: str, now: float | None = None) -> bool:
        now = now or time.monotonic()
        failures = self._failures[client]
        while failures and failures[0] <= now - self.window:
            failures.popleft()
        return len(failures) >= self.attempts

    def fail(self, client: str, now: float | None = None) -> None:
        self._failures[client].append(now or time.monotonic())

    def clear(self, client: str) -> None:
        self._failures.pop(client, None)
