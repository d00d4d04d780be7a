"""The stored org hierarchy (community → street → district …) and the scopes drawn from it."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from sqlalchemy import select

from . import db
from .base import CHUNK

ORGS = db.Org.__table__


def descendants(session, org_id: str) -> set[str]:
    """``org_id`` and every org below it."""
    # Level by level through the parent_id index: a community or a street costs a query or two,
    # not a scan of the whole hierarchy (a province has tens of thousands of orgs).
    found, frontier = {org_id}, [org_id]
    while frontier:
        children: set[str] = set()
        for start in range(0, len(frontier), CHUNK):
            children.update(session.scalars(
                select(ORGS.c.org_id).where(ORGS.c.parent_id.in_(frontier[start:start + CHUNK]))))
        frontier = sorted(children - found)
        found.update(frontier)
    return found


class OrgStore:
    """The org hierarchy (mixed into :class:`~riskengine.storage.Store`)."""

    def orgs(self) -> list[dict[str, Any]]:
        """The stored org hierarchy (from the datasets' ``orgs``), ordered by id."""
        with self._unit_of_work() as session:
            return [
                {"org_id": o.org_id, "name": o.name, "level": o.level, "parent_id": o.parent_id}
                for o in session.execute(select(ORGS).order_by(ORGS.c.org_id))
            ]

    def org_scope(self, org_id: str) -> frozenset[str]:
        """``org_id`` and every org below it (a street: its communities; a district: its streets, theirs)."""
        with self._unit_of_work() as session:
            return frozenset(descendants(session, org_id))

    def _org_filter(self, session, org_id: str | None, scope: Collection[str] | None) -> set[str] | None:
        """The orgs a query is limited to: ``org_id`` and below, within ``scope`` (None: no limit)."""
        orgs = None if org_id is None else descendants(session, org_id)
        if scope is not None:
            orgs = set(scope) if orgs is None else orgs & set(scope)
        return orgs
