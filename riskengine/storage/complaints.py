"""Residents' complaints (码上监督) and what a community's public page may show.

A complaint is stored as filed on the public page and read by the community's next assessment
through the workspace (see :func:`riskengine.data.complaints.merge_complaints`). The public
summary holds counts and rates only: no names, person ids or post holders.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections import Counter
from collections.abc import Collection
from typing import Any

from sqlalchemy import func, select

from ..messages import text
from . import db
from .errors import NotFoundError

# Task statuses as residents see them: waiting, being rectified, 销号.
PUBLIC_STATUS = {
    "open": "opened",
    "reopened": "opened",
    "in_progress": "in_progress",
    "submitted": "in_progress",
    "closed": "closed",
}


class ComplaintStore:
    """Filing and reading complaints; a community's public summary."""

    def file_complaint(
        self,
        *,
        org_id: str,
        category: str,
        content: str,
        client: str,
        contact: str | None = None,
        target_post_id: str | None = None,
    ) -> dict[str, Any]:
        """Store a complaint for ``org_id`` (which must be a stored org) and return its record."""
        now = self.now()
        with self._unit_of_work(write=True) as session:
            if session.get(db.Org, org_id) is None:
                raise NotFoundError(text("err_org_not_found_community", org_id=org_id))
            row = db.Complaint(
                complaint_id=f"QR-{now:%Y%m%d}-{secrets.token_hex(4)}",
                org_id=org_id,
                filed_on=self.today(),
                filed_at=now,
                category=category,
                target_post_id=target_post_id,
                content=content,
                contact=contact,
                client=client,
            )
            session.add(row)
            session.flush()
            return _complaint_dict(row)

    def complaints_since(self, client: str, since: dt.datetime) -> int:
        """How many complaints ``client`` filed at or after ``since`` (for the rate bound)."""
        with self._unit_of_work() as session:
            query = (
                select(func.count())
                .select_from(db.Complaint)
                .where(db.Complaint.client == client, db.Complaint.filed_at >= since)
            )
            return int(session.scalar(query) or 0)

    def complaints(self, *, org_ids: Collection[str] | None = None) -> list[dict[str, Any]]:
        """Stored complaints (of ``org_ids`` when given), oldest first."""
        with self._unit_of_work() as session:
            query = select(db.Complaint).order_by(db.Complaint.filed_at, db.Complaint.complaint_id)
            if org_ids is not None:
                query = query.where(db.Complaint.org_id.in_(list(org_ids)))
            return [_complaint_dict(row) for row in session.scalars(query)]

    def public_summary(self, org_id: str) -> dict[str, Any]:
        """What a community's public page shows: its name, 公开率 per assessed month, task counts."""
        with self._unit_of_work() as session:
            org = session.get(db.Org, org_id)
            if org is None:
                raise NotFoundError(text("err_org_not_found_community", org_id=org_id))
            months = session.execute(
                select(
                    db.Assessment.as_of, db.DisclosureMonths.months_due, db.DisclosureMonths.months_on_time
                )
                .join(db.Assessment, db.Assessment.assessment_id == db.DisclosureMonths.assessment_id)
                .where(db.DisclosureMonths.org_id == org_id)
                .order_by(db.Assessment.as_of, db.Assessment.created_at)
            ).all()
            statuses = session.scalars(select(db.Task.status).where(db.Task.org_id == org_id)).all()
            parent = session.get(db.Org, org.parent_id) if org.parent_id else None
        by_month: dict[str, dict[str, Any]] = {}
        for as_of, due, on_time in months:  # the newest assessment of a month speaks for it
            by_month[f"{as_of:%Y-%m}"] = {
                "month": f"{as_of:%Y-%m}",
                "months_due": due,
                "months_on_time": on_time,
                "rate": round(on_time / due, 4) if due else None,
            }
        counts = Counter(PUBLIC_STATUS.get(status, "opened") for status in statuses)
        return {
            "org_id": org.org_id,
            "name": org.name or org.org_id,
            "parent_name": (parent.name or parent.org_id) if parent else None,
            "disclosure": list(by_month.values()),
            "tasks": {
                "total": len(statuses),
                **{k: counts.get(k, 0) for k in ("opened", "in_progress", "closed")},
            },
        }


def _complaint_dict(row: db.Complaint) -> dict[str, Any]:
    return {
        "complaint_id": row.complaint_id,
        "org_id": row.org_id,
        "date": row.filed_on,
        "category": row.category,
        "target_post_id": row.target_post_id,
        "content": row.content,
        "contact": row.contact,
    }
