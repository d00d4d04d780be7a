"""Reading back what was saved: assessments, posts with their contributions, findings with verdicts.

Every query selects the columns it shows (Core rows, no ORM objects): these are the service's
hottest read paths (a post with its contributions, findings and tasks).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from typing import Any

from sqlalchemy import bindparam, select

from ..messages import text
from . import db
from .audit import utc
from .base import CHUNK
from .errors import NotFoundError
from .tasks import post_tasks

ASSESSMENTS = db.Assessment.__table__
POSTS = db.AssessedPost.__table__
FINDINGS = db.Finding.__table__
VERDICTS = db.Verdict.__table__
SUMMARY = tuple(c for c in ASSESSMENTS.c if c.name != "document")
NEWEST_FIRST = (ASSESSMENTS.c.as_of.desc(), ASSESSMENTS.c.created_at.desc())
# The statements of the hottest read (a post with its findings), built once: only values change.
POST_ROWS = (
    select(*POSTS.c, ASSESSMENTS.c.as_of)
    .join(ASSESSMENTS, ASSESSMENTS.c.assessment_id == POSTS.c.assessment_id)
    .where(POSTS.c.post_id == bindparam("post_id"))
    .order_by(*NEWEST_FIRST)
)
POST_NEWEST = POST_ROWS.limit(1)
POST_IN = POST_ROWS.where(POSTS.c.assessment_id == bindparam("assessment_id"))
ORG_FINDINGS = (
    select(FINDINGS)
    .where(FINDINGS.c.assessment_id == bindparam("assessment_id"), FINDINGS.c.org_id == bindparam("org_id"))
    .order_by(FINDINGS.c.rule_id, FINDINGS.c.finding_id)
)
NEWEST_VERDICTS = (
    select(VERDICTS.c.finding_id, VERDICTS.c.verdict, VERDICTS.c.reason)
    .where(VERDICTS.c.finding_id.in_(bindparam("finding_ids", expanding=True)))
    .order_by(VERDICTS.c.id)
)


class ReadStore:
    """Queries over saved assessments (mixed into :class:`~riskengine.storage.Store`)."""

    def assessments(self, *, scope: Collection[str] | None = None) -> list[dict[str, Any]]:
        """Saved assessments, newest first (with a scope: those assessing at least one org in it)."""
        with self._unit_of_work() as session:
            query = select(*SUMMARY).order_by(*NEWEST_FIRST, ASSESSMENTS.c.assessment_id)
            if scope is not None:
                query = query.where(
                    ASSESSMENTS.c.assessment_id.in_(
                        select(POSTS.c.assessment_id).where(POSTS.c.org_id.in_(list(scope)))
                    )
                )
            return [assessment_dict(a) for a in session.execute(query)]

    def assessment(self, assessment_id: str, *, scope: Collection[str] | None = None) -> dict[str, Any]:
        """One saved assessment's summary and its whole RESULT.md ``document`` (filtered to ``scope``)."""
        with self._unit_of_work() as session:
            query = select(ASSESSMENTS).where(ASSESSMENTS.c.assessment_id == assessment_id)
            row = session.execute(query).first()
            if row is None:
                raise NotFoundError(text("err_assessment_not_found", assessment_id=assessment_id))
            document = row.document
            if scope is not None:
                allowed = set(scope)
                if not any(p["org_id"] in allowed for p in document["posts"]):
                    raise NotFoundError(text("err_assessment_not_found", assessment_id=assessment_id))
                document = {
                    **document,
                    **{
                        key: [item for item in document[key] if item.get("org_id") in allowed]
                        for key in ("findings", "posts", "tasks")
                    },
                }
            return {**assessment_dict(row), "document": document}

    def posts(
        self,
        *,
        assessment_id: str | None = None,
        org_id: str | None = None,
        post_id: str | None = None,
        level: str | None = None,
        scope: Collection[str] | None = None,
    ) -> list[dict[str, Any]]:
        """Posts with level, score and contributions: of one assessment, or each post's newest one."""
        with self._unit_of_work() as session:
            query = (
                select(*POSTS.c, ASSESSMENTS.c.as_of)
                .join(ASSESSMENTS, ASSESSMENTS.c.assessment_id == POSTS.c.assessment_id)
                .order_by(POSTS.c.post_id, *NEWEST_FIRST)
            )
            if assessment_id is not None:
                query = query.where(POSTS.c.assessment_id == assessment_id)
            if post_id is not None:
                query = query.where(POSTS.c.post_id == post_id)
            if level is not None:
                query = query.where(POSTS.c.level == level)
            orgs = self._org_filter(session, org_id, scope)
            if orgs is not None:
                query = query.where(POSTS.c.org_id.in_(orgs))
            seen, out = set(), []
            for post in session.execute(query):
                if post.post_id in seen:
                    continue
                seen.add(post.post_id)
                out.append(post_dict(post))
            return sorted(out, key=lambda p: (p["org_id"], p["post_id"]))

    def post(
        self, post_id: str, *, assessment_id: str | None = None, scope: Collection[str] | None = None
    ) -> dict[str, Any]:
        """One post (newest assessment unless named) with contributions, its findings and its tasks."""
        with self._unit_of_work() as session:  # one transaction (and connection) for the reads below
            if assessment_id is None:
                row = session.execute(POST_NEWEST, {"post_id": post_id}).first()
            else:
                row = session.execute(POST_IN, {"post_id": post_id, "assessment_id": assessment_id}).first()
            if row is None or (scope is not None and row.org_id not in scope):
                raise NotFoundError(text("err_post_not_found", post_id=post_id))
            post = post_dict(row)
            # A post's findings are its org's: read by (assessment, org), then kept if they name the post.
            findings = [f for f in session.execute(ORG_FINDINGS, {"assessment_id": row.assessment_id,
                                                                  "org_id": row.org_id})
                        if post_id in f.post_ids]
            verdicts = newest_verdicts(session, [f.finding_id for f in findings])
            post["findings"] = [finding_dict(f, verdicts.get(f.finding_id)) for f in findings]
            # A post's tasks belong to its org, which the caller sees: no scope to check again.
            post["tasks"] = post_tasks(session, post_id, self.today())
            return post

    def findings(
        self,
        *,
        assessment_id: str | None = None,
        org_id: str | None = None,
        post_id: str | None = None,
        rule_id: str | None = None,
        scope: Collection[str] | None = None,
    ) -> list[dict[str, Any]]:
        """Findings of one assessment (default: the newest saved one in scope), with their newest verdict."""
        with self._unit_of_work() as session:
            orgs = self._org_filter(session, org_id, scope)
            if assessment_id is None:
                query = select(ASSESSMENTS.c.assessment_id).order_by(*NEWEST_FIRST)
                if orgs is not None:
                    query = query.where(
                        ASSESSMENTS.c.assessment_id.in_(
                            select(FINDINGS.c.assessment_id).where(FINDINGS.c.org_id.in_(orgs))
                        )
                    )
                assessment_id = session.scalars(query.limit(1)).first()
                if assessment_id is None:
                    return []
            query = (
                select(FINDINGS)
                .where(FINDINGS.c.assessment_id == assessment_id)
                .order_by(FINDINGS.c.rule_id, FINDINGS.c.org_id, FINDINGS.c.finding_id)
            )
            if rule_id is not None:
                query = query.where(FINDINGS.c.rule_id == rule_id)
            if orgs is not None:
                query = query.where(FINDINGS.c.org_id.in_(orgs))
            rows = [f for f in session.execute(query) if post_id is None or post_id in f.post_ids]
            verdicts = newest_verdicts(session, [f.finding_id for f in rows])
            return [finding_dict(f, verdicts.get(f.finding_id)) for f in rows]

    def finding_messages(self, finding_ids: Collection[str]) -> dict[str, str]:
        """finding id → its message (from the newest assessment that has it)."""
        ids = sorted(set(finding_ids))
        out: dict[str, str] = {}
        with self._unit_of_work() as session:
            for start in range(0, len(ids), CHUNK):
                rows = session.execute(
                    select(FINDINGS.c.finding_id, FINDINGS.c.message)
                    .join(ASSESSMENTS, ASSESSMENTS.c.assessment_id == FINDINGS.c.assessment_id)
                    .where(FINDINGS.c.finding_id.in_(ids[start : start + CHUNK]))
                    .order_by(ASSESSMENTS.c.as_of)
                )
                out.update((finding_id, message) for finding_id, message in rows)
        return out

    def post_details(self, post_ids: Collection[str]) -> dict[str, dict[str, Any]]:
        """post id → title and holder (责任人) from the post's newest assessment."""
        wanted = set(post_ids)
        return {p["post_id"]: p for p in self.posts() if p["post_id"] in wanted}


def newest_verdicts(session, finding_ids: list[str]) -> dict[str, Any]:
    """finding id → its newest verdict row (verdict, reason)."""
    out: dict[str, Any] = {}
    for start in range(0, len(finding_ids), CHUNK):
        for verdict in session.execute(NEWEST_VERDICTS, {"finding_ids": finding_ids[start : start + CHUNK]}):
            out[verdict.finding_id] = verdict
    return out


def assessment_dict(row: Any) -> dict[str, Any]:
    """A saved assessment's summary (without its document)."""
    return {
        "assessment_id": row.assessment_id,
        "engine_version": row.engine_version,
        "as_of": row.as_of.isoformat(),
        "period": {"from": row.period_from.isoformat(), "to": row.period_to.isoformat()},
        "created_at": utc(row.created_at).isoformat(),
        "posts": row.posts,
        "findings": row.findings,
        "tasks": row.tasks,
    }


def post_dict(post: Any) -> dict[str, Any]:
    """A post as one assessment rated it (``post.as_of`` is that assessment's date)."""
    as_of: dt.date = post.as_of
    return {
        "post_id": post.post_id,
        "org_id": post.org_id,
        "title": post.title,
        "holder": post.holder,
        "level": post.level,
        "score": post.score,
        "contributions": post.contributions,
        "assessment_id": post.assessment_id,
        "as_of": as_of.isoformat(),
    }


def finding_dict(f: Any, verdict: Any | None) -> dict[str, Any]:
    """A saved finding with its newest verdict."""
    return {
        "finding_id": f.finding_id,
        "assessment_id": f.assessment_id,
        "rule_id": f.rule_id,
        "org_id": f.org_id,
        "post_ids": list(f.post_ids),
        "records": list(f.records),
        "date": f.date.isoformat() if f.date else None,
        "severity": f.severity,
        "points": f.points,
        "message": f.message,
        "suppressed": bool(f.suppressed),
        "verdict": verdict.verdict if verdict else None,
        "verdict_label": text(f"verdict_{verdict.verdict}") if verdict else None,
        "verdict_reason": verdict.reason if verdict else None,
    }
