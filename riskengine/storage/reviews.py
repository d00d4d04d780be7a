"""Verdicts on findings (查实 / 不实 / 已纠正), suppressions of false positives, and 查实率 per rule."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection
from typing import Any

from sqlalchemy import func, select

from ..messages import label, text
from . import db
from .audit import utc
from .errors import NotFoundError, StorageError, TransitionError
from .suppressions import add_suppression, records_key
from .trail import append_next

__all__ = ["ReviewStore", "records_key", "verdict_label"]


def verdict_label(verdict: str) -> str:
    """查实 / 不实 / 已纠正 in the user's language."""
    return label("verdict", verdict)


class ReviewStore:
    """Verdicts and suppressions (mixed into :class:`~riskengine.storage.Store`)."""

    def record_verdict(
        self,
        finding_id: str,
        *,
        verdict: str,
        by: str,
        reason: str | None = None,
        suppress_until: dt.date | None = None,
        scope: Collection[str] | None = None,
    ) -> dict[str, Any]:
        """Record an officer's verdict on a finding (its newest saved occurrence).

        ``false_positive`` (不实) needs a reason; with ``suppress_until`` the finding's rule on
        these very records is suppressed until that date (a new record is never hidden).
        """
        if verdict not in db.VERDICTS:
            raise StorageError(text("err_unknown_verdict", verdict=verdict, allowed=" / ".join(db.VERDICTS)))
        reason = (reason or "").strip() or None
        if verdict == "false_positive" and not reason:
            raise TransitionError(text("err_false_needs_reason"))
        if suppress_until is not None and verdict != "false_positive":
            raise TransitionError(text("err_suppress_only_false"))
        by = (by or "").strip()
        if not by:
            raise TransitionError(text("err_needs_by"))
        with self._unit_of_work(write=True) as session:
            finding = self._newest_finding(session, finding_id, scope)
            now = self.now()
            row = db.Verdict(
                finding_id=finding_id,
                assessment_id=finding.assessment_id,
                rule_id=finding.rule_id,
                org_id=finding.org_id,
                verdict=verdict,
                reason=reason,
                by=by,
                at=now,
            )
            session.add(row)
            append_next(
                session,
                "finding",
                finding_id,
                at=now,
                actor=by,
                action=f"verdict:{verdict}",
                reason=reason,
                assessment_id=finding.assessment_id,
                data={"suppress_until": suppress_until.isoformat() if suppress_until else None},
            )
            out = {
                "finding_id": finding_id,
                "rule_id": finding.rule_id,
                "org_id": finding.org_id,
                "verdict": verdict,
                "verdict_label": verdict_label(verdict),
                "reason": reason,
                "by": by,
                "at": utc(now).isoformat(),
                "suppression": None,
            }
            if suppress_until is not None:
                out["suppression"] = add_suppression(session, finding, reason=reason, until=suppress_until,
                                                     by=by, at=now, today=self.today())
            return out

    def verdicts(
        self, *, finding_id: str | None = None, scope: Collection[str] | None = None
    ) -> list[dict[str, Any]]:
        """Every verdict recorded (oldest first), optionally for one finding."""
        query = select(db.Verdict).order_by(db.Verdict.id)
        if finding_id is not None:
            query = query.where(db.Verdict.finding_id == finding_id)
        if scope is not None:
            query = query.where(db.Verdict.org_id.in_(list(scope)))
        with self._unit_of_work() as session:
            return [
                {
                    "id": v.id,
                    "finding_id": v.finding_id,
                    "assessment_id": v.assessment_id,
                    "rule_id": v.rule_id,
                    "org_id": v.org_id,
                    "verdict": v.verdict,
                    "verdict_label": verdict_label(v.verdict),
                    "reason": v.reason,
                    "by": v.by,
                    "at": utc(v.at).isoformat(),
                }
                for v in session.scalars(query)
            ]

    def confirmation_rates(self, *, org_ids: Collection[str] | None = None) -> list[dict[str, Any]]:
        """查实率 per rule, street and period (the assessment's as-of month), from the newest verdicts.

        rate = 查实 / (查实 + 不实); 已纠正 counts as 查实 (the problem was real).
        """
        with self._unit_of_work() as session:
            newest = (select(func.max(db.Verdict.id)).group_by(db.Verdict.finding_id)).scalar_subquery()
            rows = session.execute(
                select(db.Verdict.rule_id, db.Verdict.org_id, db.Verdict.verdict, db.Assessment.as_of)
                .join(db.Assessment, db.Assessment.assessment_id == db.Verdict.assessment_id)
                .where(db.Verdict.id.in_(newest))
            ).all()
            parents = dict(session.execute(select(db.Org.org_id, db.Org.parent_id)).all())
        counts: dict[tuple[str, str, str], list[int]] = defaultdict(lambda: [0, 0])
        for rule_id, org_id, verdict, as_of in rows:
            if org_ids is not None and org_id not in org_ids:
                continue
            key = (rule_id, parents.get(org_id) or org_id, as_of.strftime("%Y-%m"))
            counts[key][0 if verdict in ("confirmed", "corrected") else 1] += 1
        return [
            {
                "rule_id": rule_id,
                "street_id": street,
                "period": period,
                "confirmed": c,
                "false_positive": f,
                "rate": round(c / (c + f), 4),
            }
            for (rule_id, street, period), (c, f) in sorted(counts.items())
        ]

    def _newest_finding(self, session, finding_id: str, scope: Collection[str] | None) -> db.Finding:
        finding = session.scalars(
            select(db.Finding)
            .join(db.Assessment, db.Assessment.assessment_id == db.Finding.assessment_id)
            .where(db.Finding.finding_id == finding_id)
            .order_by(db.Assessment.as_of.desc(), db.Assessment.created_at.desc())
            .limit(1)
        ).first()
        if finding is None or (scope is not None and finding.org_id not in scope):
            raise NotFoundError(text("err_finding_not_found", finding_id=finding_id))
        return finding

