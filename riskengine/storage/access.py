"""API tokens of the service: created once (only the SHA-256 is kept), scoped to an org, revocable."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from ..messages import text
from . import db
from .audit import utc
from .errors import NotFoundError, StorageError, TransitionError
from .orgs import descendants
from .trail import append_event, append_next

TOKEN_PREFIX = "rk_"


@dataclass(frozen=True)
class TokenScope:
    """Who a token speaks for: its role and every org it may see (its org and all below)."""

    token_id: str
    org_id: str
    role: str
    org_ids: frozenset[str]
    name: str | None = None  # how the audit trail names the caller (None: by token id)

    def allows(self, org_id: str | None) -> bool:
        """True when ``org_id`` lies inside the scope."""
        return org_id in self.org_ids


def hash_token(token: str) -> str:
    """The stored form of a token."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class AccessStore:
    """API tokens (mixed into :class:`~riskengine.storage.Store`)."""

    def create_token(self, *, org_id: str, role: str, by: str, name: str | None = None) -> tuple[str, dict]:
        """Create a token for ``org_id`` and ``role``; returns (the token, shown only now; its record)."""
        if role not in db.ROLES:
            raise StorageError(text("err_unknown_role", role=role, allowed=" / ".join(db.ROLES)))
        if not (org_id or "").strip():
            raise StorageError(text("err_token_needs_org"))
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        token_id = "K-" + hash_token(token)[:12]
        with self._unit_of_work(write=True) as session:
            now = self.now()
            row = db.ApiToken(
                token_id=token_id,
                token_hash=hash_token(token),
                org_id=org_id,
                role=role,
                name=name,
                created_by=by,
                created_at=now,
            )
            session.add(row)
            append_event(
                session,
                "token",
                token_id,
                head=None,
                at=now,
                actor=by,
                action="created",
                data={"org_id": org_id, "role": role, "name": name},
            )
            return token, _token_dict(row)

    def tokens(self) -> list[dict[str, Any]]:
        """Every token's record (never the token itself), oldest first."""
        with self._unit_of_work() as session:
            return [
                _token_dict(t)
                for t in session.scalars(
                    select(db.ApiToken).order_by(db.ApiToken.created_at, db.ApiToken.token_id)
                )
            ]

    def revoke_token(self, token_id: str, *, by: str) -> dict[str, Any]:
        """Revoke a token: it resolves to nothing from now on."""
        with self._unit_of_work(write=True) as session:
            row = session.get(db.ApiToken, token_id)
            if row is None:
                raise NotFoundError(text("err_token_not_found", token_id=token_id))
            if row.revoked_at is not None:
                raise TransitionError(text("err_token_revoked", token_id=token_id,
                                           date=utc(row.revoked_at).date().isoformat()))
            now = self.now()
            row.revoked_at = now
            append_next(
                session,
                "token",
                token_id,
                at=now,
                actor=by,
                action="revoked",
            )
            return _token_dict(row)

    def resolve_token(self, token: str) -> TokenScope | None:
        """The scope of a presented token, or None when unknown or revoked (no token, no data)."""
        if not token:
            return None
        with self._unit_of_work() as session:
            # Just the columns needed, through the unique index on the hash.
            row = session.execute(
                select(
                    db.ApiToken.token_id,
                    db.ApiToken.org_id,
                    db.ApiToken.role,
                    db.ApiToken.name,
                    db.ApiToken.revoked_at,
                ).where(db.ApiToken.token_hash == hash_token(token))
            ).first()
            if row is None or row.revoked_at is not None:
                return None
            return TokenScope(
                row.token_id,
                row.org_id,
                row.role,
                frozenset(descendants(session, row.org_id)),
                row.name,
            )


def _token_dict(row: db.ApiToken) -> dict[str, Any]:
    return {
        "token_id": row.token_id,
        "org_id": row.org_id,
        "role": row.role,
        "role_label": text(f"role_{row.role}"),
        "name": row.name,
        "created_by": row.created_by,
        "created_at": utc(row.created_at).isoformat(),
        "revoked_at": utc(row.revoked_at).isoformat() if row.revoked_at else None,
        "active": row.revoked_at is None,
    }
