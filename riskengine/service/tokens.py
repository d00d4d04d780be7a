"""Resolving a bearer token to a :class:`~riskengine.service.auth.Principal` through the workspace.

Resolution reads the token (by hash) and the org hierarchy from the store. Under load the same
few tokens come back many times a second, so a resolved token may be cached for
``ttl`` seconds (0: never): a revoked token then still works for at most that long, and orgs saved
by another process join a cached scope within that time (this process clears its cache itself
whenever one of its jobs saves an assessment, and forgets a token revoked through its workspace).
"""

from __future__ import annotations

import hashlib
import threading
import time
from typing import Any

from .auth import Principal


class TokenResolver:
    """Looks tokens up in the store and resolves their org scope, with an optional short cache."""

    def __init__(self, workspace: Any, ttl: float = 0.0, clock=time.monotonic):
        self.workspace = workspace
        self.ttl = ttl
        self._clock = clock
        self._cache: dict[str, tuple[float, Principal]] = {}
        self._lock = threading.Lock()
        # One resolution per token at a time: when a district's token expires from the cache, the
        # requests arriving meanwhile wait for that one resolution (thousands of orgs) instead of
        # each starting its own and slowing all of them down.
        self._resolving: dict[str, threading.Lock] = {}

    def cached(self, secret: str) -> Principal | None:
        """The caller behind ``secret`` if a resolution younger than the ttl is cached, else None (an
        unknown or revoked token is never cached: None means "ask the store")."""
        if self.ttl <= 0:
            return None
        with self._lock:
            hit = self._cache.get(_key(secret))
        return hit[1] if hit is not None and self._clock() - hit[0] < self.ttl else None

    def resolve(self, secret: str) -> Principal | None:
        """The caller behind ``secret``, or None for an unknown or revoked token."""
        key = _key(secret)
        with self._lock:
            entry = self._cache.get(key) if self.ttl > 0 else None
        if entry is not None and (age := self._clock() - entry[0]) < self.ttl:
            if age > self.ttl / 2:
                self._refresh_ahead(secret, key)
            return entry[1]
        with self._lock:
            turn = self._resolving.setdefault(key, threading.Lock())
        with turn:
            hit = self.cached(secret)  # resolved by the request this one waited for
            if hit is not None:
                return hit
            found = self._resolve(secret, key)
        with self._lock:
            self._resolving.pop(key, None)
        return found

    def _refresh_ahead(self, secret: str, key: str) -> None:
        """Resolve a token again in the background once half its ttl has passed, so that requests keep
        finding it cached: otherwise every ttl one request per token waits for the store (a district's
        thousands of orgs), and the requests queued behind it too. Nothing is served past the ttl."""
        with self._lock:
            if key in self._resolving:
                return
            turn = self._resolving[key] = threading.Lock()

        def refresh() -> None:
            try:
                with turn:
                    self._resolve(secret, key)
            except Exception:  # the next request past the ttl asks the store itself, and reports
                pass
            finally:
                with self._lock:
                    self._resolving.pop(key, None)

        threading.Thread(target=refresh, name="token-refresh", daemon=True).start()

    def _resolve(self, secret: str, key: str) -> Principal | None:
        now = self._clock()
        scope = self.workspace.resolve_token(secret)
        if scope is None:
            with self._lock:  # revoked (perhaps from another process): stop serving it from the cache
                self._cache.pop(key, None)
            return None
        found = Principal(token_id=scope.token_id, org_id=scope.org_id, role=scope.role,
                          scope=frozenset(scope.org_ids), name=self._name(scope))
        if self.ttl > 0:
            with self._lock:
                if len(self._cache) > 10_000:
                    self._cache.clear()
                self._cache[key] = (now, found)
        return found

    def forget(self, token_id: str) -> None:
        """Drop the cached resolutions of ``token_id`` (it was revoked): its next request asks the store."""
        with self._lock:
            for key in [k for k, (_, found) in self._cache.items() if found.token_id == token_id]:
                del self._cache[key]

    def clear(self) -> None:
        """Forget every cached resolution (an assessment saved new orgs: scopes may have grown)."""
        with self._lock:
            self._cache.clear()

    def _name(self, scope: Any) -> str | None:
        # The audit trail names the caller by the token's name (e.g. a post id or a person) when it has one.
        if hasattr(scope, "name"):
            return scope.name
        return next((t["name"] for t in self.workspace.tokens() if t["token_id"] == scope.token_id), None)


def _key(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()
