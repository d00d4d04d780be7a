"""A post's or an org's course over past assessments: levels, scores, findings and task events."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from typing import Any

from sqlalchemy import func, select

from ..messages import text
from . import db
from .errors import NotFoundError

LEVELS = ("high", "medium", "low")
ASSESSMENTS = db.Assessment.__table__
POSTS = db.AssessedPost.__table__
FINDINGS = db.Finding.__table__
EVENTS = db.AuditEvent.__table__
TASKS = db.Task.__table__


class HistoryStore:
    """History queries (mixed into :class:`~riskengine.storage.Store`)."""

    def post_history(self, post_id: str, *, scope: Collection[str] | None = None) -> dict[str, Any]:
        """A post's level, score and tasks over every saved assessment, oldest first."""
        with self._unit_of_work() as session:
            rows = session.execute(
                select(POSTS, ASSESSMENTS.c.as_of)
                .join(ASSESSMENTS, ASSESSMENTS.c.assessment_id == POSTS.c.assessment_id)
                .where(POSTS.c.post_id == post_id)
                .order_by(ASSESSMENTS.c.as_of, ASSESSMENTS.c.created_at)
            ).all()
            if not rows or (scope is not None and rows[-1].org_id not in scope):
                raise NotFoundError(text("err_post_not_assessed", post_id=post_id))
            events = task_events_by_assessment(session, post_id=post_id)
            runs = []
            for post in rows:
                findings = session.scalars(
                    select(FINDINGS.c.post_ids).where(
                        FINDINGS.c.assessment_id == post.assessment_id, FINDINGS.c.org_id == post.org_id
                    )
                ).all()
                runs.append(
                    {
                        "assessment_id": post.assessment_id,
                        "as_of": post.as_of.isoformat(),
                        "level": post.level,
                        "score": post.score,
                        "contributions": post.contributions,
                        "findings": sum(1 for post_ids in findings if post_id in post_ids),
                        "task_events": events.get(post.assessment_id, []),
                    }
                )
            return {
                "post_id": post_id,
                "org_id": rows[-1].org_id,
                "title": rows[-1].title,
                "assessments": runs,
                "tasks": self.tasks(post_id=post_id),
            }

    def org_history(self, org_id: str, *, scope: Collection[str] | None = None) -> dict[str, Any]:
        """An org's (and its descendants') posts by level, findings and tasks per saved assessment."""
        with self._unit_of_work() as session:
            orgs = self._org_filter(session, org_id, scope)
            rows = session.execute(
                select(ASSESSMENTS.c.assessment_id, ASSESSMENTS.c.as_of, POSTS.c.level, func.count())
                .join(POSTS, POSTS.c.assessment_id == ASSESSMENTS.c.assessment_id)
                .where(POSTS.c.org_id.in_(orgs))
                .group_by(ASSESSMENTS.c.assessment_id, ASSESSMENTS.c.as_of, ASSESSMENTS.c.created_at,
                          POSTS.c.level)
                .order_by(ASSESSMENTS.c.as_of, ASSESSMENTS.c.created_at)
            ).all()
            if not rows:
                raise NotFoundError(text("err_org_not_assessed", org_id=org_id))
            runs: dict[str, dict[str, Any]] = {}
            for assessment_id, as_of, level, count in rows:
                run = runs.setdefault(
                    assessment_id,
                    {
                        "assessment_id": assessment_id,
                        "as_of": as_of.isoformat(),
                        "posts": dict.fromkeys(LEVELS, 0),
                        "findings": 0,
                        "tasks_opened": 0,
                        "tasks_reopened": 0,
                    },
                )
                run["posts"][level] = run["posts"].get(level, 0) + count
            for assessment_id, count in session.execute(
                select(FINDINGS.c.assessment_id, func.count())
                .where(FINDINGS.c.assessment_id.in_(list(runs)), FINDINGS.c.org_id.in_(orgs))
                .group_by(FINDINGS.c.assessment_id)
            ):
                runs[assessment_id]["findings"] = count
            events = task_events_by_assessment(session, org_ids=orgs)
            for assessment_id, items in events.items():
                if assessment_id in runs:
                    runs[assessment_id]["tasks_opened"] = sum(1 for e in items if e["event"] == "opened")
                    runs[assessment_id]["tasks_reopened"] = sum(1 for e in items if e["event"] == "reopened")
            return {
                "org_id": org_id,
                "assessments": list(runs.values()),
                "tasks": self.tasks(org_id=org_id, scope=scope),
            }


def task_events_by_assessment(
    session, *, post_id: str | None = None, org_ids: set[str] | None = None
) -> dict[str, list[dict[str, Any]]]:
    """assessment id → what saving it did to the tasks (of one post, or of some orgs)."""
    query = (
        select(EVENTS.c.assessment_id, EVENTS.c.action, EVENTS.c.to_status, EVENTS.c.reason,
               TASKS.c.task_id, TASKS.c.rule_id)
        .join(TASKS, TASKS.c.task_id == EVENTS.c.subject_id)
        .where(EVENTS.c.subject_type == "task", EVENTS.c.assessment_id.is_not(None))
        .order_by(EVENTS.c.subject_id, EVENTS.c.seq)
    )
    if post_id is not None:
        query = query.where(TASKS.c.post_id == post_id)
    if org_ids is not None:
        query = query.where(TASKS.c.org_id.in_(org_ids))
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in session.execute(query):
        out[row.assessment_id].append(
            {
                "task_id": row.task_id,
                "rule_id": row.rule_id,
                "event": row.action,
                "status": row.to_status,
                "note": row.reason,
            }
        )
    return out
