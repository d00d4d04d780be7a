"""Reading rectification tasks: filtered lists, pages, one task with its evidence and trail.

Reads select only the columns they show (Core, no ORM objects), so a task read under load costs
one indexed query for the task and its post's level, one for its evidence and one for its trail.
Changing tasks is :mod:`riskengine.storage.lifecycle`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from typing import Any

from sqlalchemy import and_, bindparam, func, select

from ..messages import label, text
from ..packs.rule_kinds import rule_kind
from . import db
from .errors import NotFoundError, StorageError
from .evidence import evidence_rows
from .trail import read_events

TASKS = db.Task.__table__
POSTS = db.AssessedPost.__table__
# Every task column a reader is shown (not audit_head, an integrity detail).
SHOWN = tuple(column for column in TASKS.c if column.name != "audit_head")


def with_level(*columns):
    """``select(columns…, the post's level in the task's newest assessment)``."""
    return select(*columns, POSTS.c.level).outerjoin(
        POSTS, and_(POSTS.c.assessment_id == TASKS.c.last_assessment_id, POSTS.c.post_id == TASKS.c.post_id)
    )


# The statements of the hottest reads, built once: only values change.
TASK_ROW = with_level(*SHOWN).where(TASKS.c.task_id == bindparam("task_id"))
POST_TASKS = with_level(*SHOWN).where(TASKS.c.post_id == bindparam("post_id")).order_by(TASKS.c.rule_id)


def post_tasks(session, post_id: str, today: dt.date) -> list[dict[str, Any]]:
    """Every task of one post, by rule (a post's tasks are all of its org)."""
    return [task_dict(row, row.level, today) for row in session.execute(POST_TASKS, {"post_id": post_id})]


def task_dict(task: Any, level: str | None, today: dt.date) -> dict[str, Any]:
    """A task (an ORM row or a Core row) as the CLI and the service show it: dates as ISO strings,
    ``overdue`` computed against ``today``, the status label in the user's language."""
    return {
        "task_id": task.task_id,
        "post_id": task.post_id,
        "org_id": task.org_id,
        "rule_id": task.rule_id,
        "title": task.title,
        "measures": list(task.measures),
        "deadline": task.deadline.isoformat(),
        "status": task.status,
        "status_label": label("status", task.status),
        "overdue": task.status != "closed" and task.deadline < today,
        "observation": task.observation,
        "kind": rule_kind(task.rule_id),
        "escalation": task.escalation,
        "version": task.version,
        "level": level,
        "opened_on": task.opened_on.isoformat(),
        "closed_on": task.closed_on.isoformat() if task.closed_on else None,
        "close_note": task.close_note,
        "closed_by": task.closed_by,
        "submitted_by": task.submitted_by,
        "first_assessment_id": task.first_assessment_id,
        "last_assessment_id": task.last_assessment_id,
        "finding_ids": list(task.finding_ids),
    }


class TaskQueries:
    """Task reads (mixed into :class:`~riskengine.storage.Store`)."""

    def tasks(
        self,
        *,
        status: str | Collection[str] | None = None,
        org_id: str | None = None,
        post_id: str | None = None,
        level: str | None = None,
        overdue: bool | None = None,
        rule_id: str | None = None,
        scope: Collection[str] | None = None,
        today: dt.date | None = None,
    ) -> list[dict[str, Any]]:
        """Tasks ordered by org, post and rule, each with ``overdue`` computed against ``today``.

        :param org_id: a community, or a street/district: its communities' tasks are included.
        :param level: the post's level (high/medium/low) in the task's newest assessment.
        :param scope: org ids the caller may see (None: all).
        """
        with self._unit_of_work() as session:
            query, today = self._task_query(session, status=status, org_id=org_id, post_id=post_id,
                                            level=level, overdue=overdue, rule_id=rule_id, scope=scope,
                                            today=today)
            return [task_dict(row, row.level, today) for row in session.execute(query)]

    def task_page(self, *, limit: int, offset: int = 0, **filters: Any) -> tuple[int, list[dict[str, Any]]]:
        """(how many tasks match ``filters`` (those of :meth:`tasks`), one page of them) as :meth:`tasks`
        orders them; the filters and the paging run in SQL, so a page reads only its own rows."""
        today = filters.pop("today", None)
        with self._unit_of_work() as session:
            query, today = self._task_query(session, today=today, **filters)
            total = session.scalar(
                select(func.count()).select_from(query.order_by(None).with_only_columns(TASKS.c.task_id)
                                                 .subquery())
            )
            rows = session.execute(query.limit(limit).offset(offset)) if total > offset else []
            return total, [task_dict(row, row.level, today) for row in rows]

    def _task_query(self, session, *, status=None, org_id=None, post_id=None, level=None, overdue=None,
                    rule_id=None, scope=None, today=None):
        statuses = [status] if isinstance(status, str) else list(status or [])
        for value in statuses:
            if value not in db.TASK_STATUSES:
                raise StorageError(text("err_unknown_task_status", value=value,
                                        allowed=" / ".join(db.TASK_STATUSES)))
        today = today or self.today()
        query = with_level(*SHOWN).order_by(TASKS.c.org_id, TASKS.c.post_id, TASKS.c.rule_id)
        if statuses:
            query = query.where(TASKS.c.status.in_(statuses))
        if post_id is not None:
            query = query.where(TASKS.c.post_id == post_id)
        if rule_id is not None:
            query = query.where(TASKS.c.rule_id == rule_id)
        if level is not None:
            query = query.where(POSTS.c.level == level)
        if overdue is not None:
            late = and_(TASKS.c.status != "closed", TASKS.c.deadline < today)
            query = query.where(late if overdue else ~late)
        orgs = self._org_filter(session, org_id, scope)
        if orgs is not None:
            query = query.where(TASKS.c.org_id.in_(sorted(orgs)))
        return query, today

    def task(
        self, task_id: str, *, scope: Collection[str] | None = None, today: dt.date | None = None
    ) -> dict[str, Any]:
        """One task with its evidence and audit trail; :class:`NotFoundError` if unknown or out of scope."""
        with self._unit_of_work() as session:
            row = session.execute(TASK_ROW, {"task_id": task_id}).first()
            if row is None or (scope is not None and row.org_id not in scope):
                raise NotFoundError(text("err_task_not_found", task_id=task_id))
            out = task_dict(row, row.level, today or self.today())
            out["evidence"] = evidence_rows(session, task_id)
            out["events"] = read_events(session, "task", task_id)
            return out

    def _visible_task(self, session, task_id: str, scope: Collection[str] | None) -> None:
        """Raise :class:`NotFoundError` unless ``task_id`` exists within ``scope`` (one indexed lookup)."""
        org_id = session.scalar(select(TASKS.c.org_id).where(TASKS.c.task_id == task_id))
        if org_id is None or (scope is not None and org_id not in scope):
            raise NotFoundError(text("err_task_not_found", task_id=task_id))
