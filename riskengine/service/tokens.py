"""Resolving a bearer token to a :class:`~riskengine.service.auth.Principal` through the workspace."""

from __future__ import annotations

from typing import Any

from .auth import Principal


class TokenResolver:
    """Looks tokens up (by hash, in the store) and resolves their org scope."""

    def __init__(self, workspace: Any):
        self.workspace = workspace

    def resolve(self, secret: str) -> Principal | None:
        """The caller behind ``secret``, or None for an unknown or revoked token."""
        token = self.workspace.authenticate(secret)
        if token is None:
            return None
        return Principal(token_id=token["token_id"], org_id=token["org_id"], role=token["role"],
                         scope=frozenset(token["scope"]), name=token.get("name"))
