"""Who is asking: API tokens, their org scope and role, and what each role may do.

Every request under ``/api`` carries ``Authorization: Bearer <token>``. The workspace looks the
token up by its hash and resolves its org to the set of orgs it sees (a community itself, a street
its communities, a district its streets and their communities). Routes pass that set to every
query as ``scope``; an object outside it is answered exactly like a missing one (404) and logged.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from ..messages import text
from .errors import ServiceError

log = logging.getLogger("riskengine.service.access")

ROLES = ("officer", "reviewer", "auditor", "admin")
# What each write action needs. Reading needs only a valid token (auditors read everything in scope).
PERMISSIONS: dict[str, frozenset[str]] = {
    "assess": frozenset({"officer", "reviewer", "admin"}),
    "start": frozenset({"officer", "admin"}),
    "submit": frozenset({"officer", "admin"}),
    "evidence": frozenset({"officer", "admin"}),
    "close": frozenset({"reviewer", "admin"}),
    "reject": frozenset({"reviewer", "admin"}),
    "reopen": frozenset({"reviewer", "admin"}),
    "verdict": frozenset({"officer", "reviewer", "admin"}),
    "unsuppress": frozenset({"officer", "reviewer", "admin"}),
}

bearer = HTTPBearer(auto_error=False, description="api.security.bearer")


@dataclass(frozen=True)
class Principal:
    """The caller: its token, org, role and the org ids it may see."""

    token_id: str
    org_id: str
    role: str
    scope: frozenset[str]
    name: str | None = None

    @property
    def actor(self) -> str:
        """How the audit trail names this caller."""
        return self.name or f"token:{self.token_id}"

    def sees(self, org_id: str | None) -> bool:
        """Whether an object of ``org_id`` lies within this caller's scope."""
        return org_id is not None and org_id in self.scope


Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]


async def principal(request: Request, credentials: Credentials) -> Principal:
    """The dependency every ``/api`` route has: no valid token, no data (401).

    Async on purpose: a token resolved within the cache's time to live costs no database query,
    so it is answered on the event loop without a hop to a worker thread; only a miss asks the
    store, in a worker thread.
    """
    unauthorized = ServiceError(401, "unauthorized", text("auth_missing"), {"WWW-Authenticate": "Bearer"})
    if credentials is None or credentials.scheme.lower() != "bearer" or not credentials.credentials:
        raise unauthorized
    tokens = request.app.state.tokens
    found = tokens.cached(credentials.credentials)
    if found is None:
        found = await run_in_threadpool(tokens.resolve, credentials.credentials)
    if found is None:
        log.warning("refused: unknown or revoked token on %s %s", request.method, request.url.path)
        raise unauthorized
    request.state.principal = found
    return found


Caller = Annotated[Principal, Depends(principal)]


def allowed(who: Principal, action: str) -> None:
    """Raise 403 unless ``who``'s role may do ``action``."""
    if who.role not in PERMISSIONS[action]:
        log.warning("refused: %s (%s, org %s) may not %s", who.actor, who.role, who.org_id, action)
        raise ServiceError(403, "forbidden", text("auth_forbidden", role=who.role))


def out_of_scope(who: Principal, request: Request, what: str, object_id: str) -> None:
    """Log a request for an object the caller may not see (it then gets the same 404 as a missing one)."""
    log.warning("refused: %s (org %s) asked for %s %s outside its scope: %s %s", who.actor, who.org_id,
                what, object_id, request.method, request.url.path)
