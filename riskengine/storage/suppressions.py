"""Suppressions of false positives (不实): a rule silenced on the very records of one finding, until a date.

A suppression is made with a 不实 verdict (:meth:`ReviewStore.record_verdict` with
``suppress_until``); saving an assessment then keeps the finding but opens no task for it while
the suppression is active. A new record is never hidden: the key is the finding's exact records.
Each suppression has its own audit chain (``suppressed``, then perhaps ``revoked``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from typing import Any

from sqlalchemy import and_, select

from ..messages import text
from . import db
from .audit import utc
from .errors import NotFoundError, StorageError, TransitionError
from .trail import append_event, append_next

SUPPRESSIONS = db.Suppression.__table__
STATES = ("active", "expired", "revoked")
STATE_KEYS = {"active": "suppression_active", "expired": "suppression_expired",
              "revoked": "suppression_revoked_state"}


def records_key(records: Sequence[str]) -> str:
    """The identity of a finding's records for suppression: sorted, joined by U+001F."""
    return "\x1f".join(sorted(records))


def add_suppression(session, finding: db.Finding, *, reason: str, until: dt.date, by: str, at: dt.datetime,
                    today: dt.date) -> dict[str, Any]:
    """Suppress ``finding``'s rule on its records until ``until`` (in the caller's unit of work)."""
    row = db.Suppression(
        rule_id=finding.rule_id,
        org_id=finding.org_id,
        records_key=records_key(finding.records),
        finding_id=finding.finding_id,
        reason=reason,
        expires_on=until,
        created_by=by,
        created_at=at,
    )
    session.add(row)
    session.flush()
    append_event(
        session,
        "suppression",
        str(row.id),
        head=None,
        at=at,
        actor=by,
        action="suppressed",
        reason=reason,
        data={
            "finding_id": finding.finding_id,
            "rule_id": finding.rule_id,
            "records": sorted(finding.records),
            "expires_on": until.isoformat(),
        },
    )
    return suppression_dict(row, today)


def state_condition(state: str, today: dt.date):
    """The SQL condition of one state at ``today``."""
    if state == "revoked":
        return SUPPRESSIONS.c.revoked_at.is_not(None)
    live = SUPPRESSIONS.c.revoked_at.is_(None)
    if state == "active":
        return and_(live, SUPPRESSIONS.c.expires_on >= today)
    return and_(live, SUPPRESSIONS.c.expires_on < today)


class SuppressionStore:
    """Listing and revoking suppressions (mixed into :class:`~riskengine.storage.Store`)."""

    def suppressions(
        self,
        *,
        state: str | None = None,
        org_id: str | None = None,
        rule_id: str | None = None,
        active_only: bool = False,
        scope: Collection[str] | None = None,
        today: dt.date | None = None,
    ) -> list[dict[str, Any]]:
        """Suppressions, oldest first, each with its state at ``today`` (active, expired, revoked).

        :param state: only those in this state (``active_only`` is the same as ``state="active"``).
        :param org_id: a community, or a street/district and the communities below it.
        :param rule_id: only this rule's.
        :param scope: org ids the caller may see (None: all).
        """
        state = "active" if active_only else state
        if state is not None and state not in STATES:
            raise StorageError(text("err_unknown_suppression_state", state=state, allowed=" / ".join(STATES)))
        today = today or self.today()
        query = select(SUPPRESSIONS).order_by(SUPPRESSIONS.c.id)
        if state is not None:
            query = query.where(state_condition(state, today))
        if rule_id is not None:
            query = query.where(SUPPRESSIONS.c.rule_id == rule_id)
        with self._unit_of_work() as session:
            orgs = self._org_filter(session, org_id, scope)
            if orgs is not None:
                query = query.where(SUPPRESSIONS.c.org_id.in_(sorted(orgs)))
            return [suppression_dict(row, today) for row in session.execute(query)]

    def revoke_suppression(
        self, suppression_id: int, *, by: str, reason: str | None = None, scope: Collection[str] | None = None
    ) -> dict[str, Any]:
        """Revoke a suppression: the next assessment opens tasks for the finding again."""
        by = (by or "").strip()
        if not by:
            raise TransitionError(text("err_needs_by"))
        reason = (reason or "").strip() or None
        with self._unit_of_work(write=True) as session:
            row = session.get(db.Suppression, suppression_id)
            if row is None or (scope is not None and row.org_id not in scope):
                raise NotFoundError(text("err_suppression_not_found", id=suppression_id))
            if row.revoked_at is not None:
                raise TransitionError(text("err_suppression_revoked", id=suppression_id))
            now = self.now()
            row.revoked_at, row.revoked_by = now, by
            append_next(session, "suppression", str(suppression_id), at=now, actor=by, action="revoked",
                        reason=reason)
            return suppression_dict(row, self.today())


def suppression_dict(row: Any, today: dt.date) -> dict[str, Any]:
    """A suppression (an ORM or a Core row) with its state at ``today``."""
    state = "revoked" if row.revoked_at else ("expired" if row.expires_on < today else "active")
    return {
        "id": row.id,
        "rule_id": row.rule_id,
        "org_id": row.org_id,
        "records": row.records_key.split("\x1f"),
        "finding_id": row.finding_id,
        "reason": row.reason,
        "expires_on": row.expires_on.isoformat(),
        "created_by": row.created_by,
        "created_at": utc(row.created_at).isoformat(),
        "state": state,
        "state_label": text(STATE_KEYS[state]),
        "revoked_by": row.revoked_by,
        "revoked_at": utc(row.revoked_at).isoformat() if row.revoked_at else None,
    }
