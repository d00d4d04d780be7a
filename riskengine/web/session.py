"""Signed cookies for the web pages: the session (which token logged in) and the CSRF secret.

A session cookie holds the token the officer typed on the login page, signed with the app's
secret (HMAC-SHA256) so it cannot be forged or altered; it is HttpOnly and SameSite=Lax, never
put in a URL, and expires after :data:`SESSION_SECONDS`. The token is resolved again on every
request, so a revoked token logs its sessions out.

CSRF: every page sets a signed random ``riskengine_csrf`` cookie; every form carries an HMAC of
it, and a POST whose form value does not match the cookie is refused (403). A page on another
site can neither read the cookie nor compute the HMAC.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
import time
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

SESSION_COOKIE = "riskengine_session"
CSRF_COOKIE = "riskengine_csrf"
SESSION_SECONDS = 8 * 3600
SECRET_ENV = "RISKENGINE_WEB_SECRET"


def web_secret() -> bytes:
    """The signing secret: ``RISKENGINE_WEB_SECRET`` (shared by worker processes), else a random one
    (sessions then last as long as this process)."""
    configured = os.environ.get(SECRET_ENV)
    return configured.encode() if configured else secrets.token_bytes(32)


class Signer:
    """Signs and checks small JSON payloads with an expiry."""

    def __init__(self, secret: bytes, *, clock=time.time):
        self._secret = secret
        self._clock = clock

    def _mac(self, data: bytes) -> str:
        digest = hmac.new(self._secret, data, hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).decode().rstrip("=")

    def sign(self, payload: dict[str, Any], max_age: int) -> str:
        """``payload`` with an expiry, encoded and signed for a cookie."""
        body = json.dumps({**payload, "exp": int(self._clock()) + max_age}, separators=(",", ":")).encode()
        data = base64.urlsafe_b64encode(body).decode().rstrip("=")
        return f"{data}.{self._mac(data.encode())}"

    def unsign(self, value: str | None) -> dict[str, Any] | None:
        """The payload of a valid, unexpired cookie value, else None."""
        if not value or value.count(".") != 1 or len(value) > 4096:
            return None
        data, mac = value.split(".")
        if not hmac.compare_digest(mac, self._mac(data.encode())):
            return None
        try:
            payload = json.loads(base64.urlsafe_b64decode(data + "=" * (-len(data) % 4)))
        except ValueError:
            return None
        if not isinstance(payload, dict) or payload.get("exp", 0) < self._clock():
            return None
        return payload

    def digest(self, purpose: str, value: str) -> str:
        """A keyed hash of ``value`` for ``purpose`` (CSRF form values, client addresses)."""
        return hmac.new(self._secret, f"{purpose}:{value}".encode(), hashlib.sha256).hexdigest()


def _secure(request: Request) -> bool:
    return request.url.scheme == "https"


def session_token(request: Request) -> str | None:
    """The token of the request's session cookie (None: not logged in, or tampered with, or expired)."""
    payload = request.app.state.web.signer.unsign(request.cookies.get(SESSION_COOKIE))
    token = payload.get("token") if payload else None
    return token if isinstance(token, str) else None


def start_session(request: Request, response: Response, token: str) -> None:
    """Log the browser in as ``token``."""
    value = request.app.state.web.signer.sign({"token": token}, SESSION_SECONDS)
    response.set_cookie(
        SESSION_COOKIE,
        value,
        max_age=SESSION_SECONDS,
        httponly=True,
        samesite="lax",
        secure=_secure(request),
        path="/",
    )


def end_session(response: Response) -> None:
    """Log the browser out."""
    response.delete_cookie(SESSION_COOKIE, path="/")


def csrf_seed(request: Request) -> tuple[str, bool]:
    """The browser's CSRF seed, and whether it is new (then :func:`set_csrf_cookie` must send it)."""
    payload = request.app.state.web.signer.unsign(request.cookies.get(CSRF_COOKIE))
    seed = payload.get("seed") if payload else None
    if isinstance(seed, str):
        return seed, False
    return secrets.token_urlsafe(16), True


def csrf_value(request: Request, seed: str) -> str:
    """What a form carries for ``seed``."""
    return request.app.state.web.signer.digest("csrf", seed)


def set_csrf_cookie(request: Request, response: Response, seed: str) -> None:
    """Send a new CSRF seed."""
    value = request.app.state.web.signer.sign({"seed": seed}, 30 * 24 * 3600)
    response.set_cookie(
        CSRF_COOKIE,
        value,
        max_age=30 * 24 * 3600,
        httponly=True,
        samesite="lax",
        secure=_secure(request),
        path="/",
    )


def csrf_ok(request: Request, submitted: str | None) -> bool:
    """Whether a form's CSRF value matches the browser's cookie."""
    payload = request.app.state.web.signer.unsign(request.cookies.get(CSRF_COOKIE))
    seed = payload.get("seed") if payload else None
    if not isinstance(seed, str) or not submitted:
        return False
    return hmac.compare_digest(submitted, csrf_value(request, seed))
