"""Save assessments and track their rectification tasks until they are closed (对账销号).

A task is identified by post and rule (RESULT.md), so the same problem on the same post is the
same task from one assessment to the next:

- a task id not seen before is **opened** with the assessment's deadline;
- an open (or reopened) task seen again is **seen**: it points at the newer assessment, its
  deadline is kept;
- a closed task firing again with findings it did not have when it was closed is **reopened**
  with the new assessment's deadline. The same findings as before closing are the old,
  rectified problem still lying in the ledgers of an overlapping period: the task stays closed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl
from sqlalchemy import Engine, create_engine, event, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError
from sqlalchemy.orm import Session, sessionmaker

from ..errors import RiskEngineError
from ..messages import text
from ..result import Assessment
from . import db, migrate

HISTORY_SCHEMA = {
    "task_id": pl.String, "post_id": pl.String, "org_id": pl.String, "rule_id": pl.String,
    "status": pl.String, "closed_on": pl.Date, "finding_ids": pl.List(pl.String),
}
# Keeps each IN (...) well below SQLite's bound-parameter limit.
CHUNK = 500


class StorageError(RiskEngineError):
    """The task database cannot do what was asked (unknown task, already closed, unreachable)."""


@dataclass(frozen=True)
class SaveSummary:
    """What :meth:`Store.save` did to the tasks of one assessment."""

    new: int
    seen: int
    reopened: int
    kept_closed: int = 0        # closed tasks named again with only the findings they were closed with
    already_saved: bool = False  # the assessment was saved before; nothing changed


class Store:
    """Assessments and rectification tasks in a SQL database (SQLite or PostgreSQL).

    ``url`` is a SQLAlchemy URL, e.g. ``sqlite:///riskengine.db`` or
    ``postgresql+psycopg://localhost/riskengine``. Call :meth:`upgrade` once to create or
    migrate the tables.
    """

    def __init__(self, url: str, *, echo: bool = False):
        self.url = url
        try:
            self.engine: Engine = create_engine(url, echo=echo, json_serializer=_json_dumps)
        except (ArgumentError, NoSuchModuleError, ModuleNotFoundError) as exc:
            raise StorageError(text("db_url_invalid", error=exc)) from None
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_foreign_keys)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.dispose()

    def dispose(self) -> None:
        """Close the pooled connections."""
        self.engine.dispose()

    @property
    def display_url(self) -> str:
        """The URL with any password hidden, for messages."""
        return make_url(self.url).render_as_string(hide_password=True)

    def upgrade(self) -> None:
        """Create the tables or migrate them to the newest revision (Alembic ``upgrade head``)."""
        with self._errors():
            migrate.upgrade(self.engine)

    def check(self) -> None:
        """Raise :class:`StorageError` unless the database exists and is at the newest revision.

        Does not create anything: a missing SQLite file is reported, not created.
        """
        url = make_url(self.url)
        if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
            if not Path(url.database).exists():
                raise StorageError(text("db_file_missing", path=url.database))
        with self._errors():
            current = migrate.current_revision(self.engine)
        head = migrate.head_revision()
        if current != head:
            raise StorageError(
                text("db_not_initialised", url=self.display_url, current=current or "-", head=head)
            )

    def save(self, assessment: Assessment) -> SaveSummary:
        """Save ``assessment`` and open, update or reopen its tasks. Saving it again changes nothing."""
        doc = assessment.to_dict()
        as_of = _date(doc["as_of"])
        incoming = {task["task_id"]: task for task in doc["tasks"]}
        counts = {"new": 0, "seen": 0, "reopened": 0, "kept_closed": 0}
        with self._unit_of_work() as session:
            if session.get(db.Assessment, doc["assessment_id"]) is not None:
                return SaveSummary(0, 0, 0, already_saved=True)
            session.add(_assessment_row(doc))
            existing = _tasks_with_last_as_of(session, list(incoming))
            for task_id, item in incoming.items():  # one per task (post and rule), not per record
                if task_id in existing:
                    task, last_as_of = existing[task_id]
                    outcome = _update(session, task, item, doc["assessment_id"], as_of, last_as_of)
                else:
                    outcome = _open(session, item, doc["assessment_id"], as_of)
                counts[outcome] += 1
        return SaveSummary(**counts)

    def tasks(self, status: str | None = None, org_id: str | None = None,
              post_id: str | None = None) -> list[dict[str, Any]]:
        """Tasks, optionally filtered, ordered by org, post and rule (dates as ISO strings)."""
        if status is not None and status not in db.TASK_STATUSES:
            raise StorageError(text("unknown_status", status=status, known=" / ".join(db.TASK_STATUSES)))
        query = select(db.Task).order_by(db.Task.org_id, db.Task.post_id, db.Task.rule_id)
        if status is not None:
            query = query.where(db.Task.status == status)
        if org_id is not None:
            query = query.where(db.Task.org_id == org_id)
        if post_id is not None:
            query = query.where(db.Task.post_id == post_id)
        with self._unit_of_work() as session:
            return [_task_dict(task) for task in session.scalars(query)]

    def close(self, task_id: str, *, on: dt.date, note: str) -> dict[str, Any]:
        """Close (销号) a task after rectification; returns the closed task."""
        if not note or not note.strip():
            raise StorageError(text("close_needs_note"))
        with self._unit_of_work() as session:
            task = session.get(db.Task, task_id, with_for_update=True)
            if task is None:
                raise StorageError(text("task_missing", task=task_id))
            if task.status == "closed":
                raise StorageError(
                    text("task_already_closed", task=task_id, on=task.closed_on.isoformat())
                )
            if on < task.opened_on:
                opened = task.opened_on.isoformat()
                raise StorageError(text("close_before_open", on=on.isoformat(), opened=opened))
            task.status = "closed"
            task.closed_on = on
            task.close_note = note.strip()
            session.add(db.TaskEvent(task_id=task_id, event="closed", note=task.close_note))
            return _task_dict(task)

    def events(self, task_id: str) -> list[dict[str, Any]]:
        """The audit trail of one task, oldest first."""
        query = select(db.TaskEvent).where(db.TaskEvent.task_id == task_id).order_by(db.TaskEvent.id)
        with self._unit_of_work() as session:
            return [_event_dict(e) for e in session.scalars(query)]

    def history(self) -> pl.DataFrame:
        """Every task with its status and last closing date (the recurrence rule reads this)."""
        query = select(db.Task.task_id, db.Task.post_id, db.Task.org_id, db.Task.rule_id, db.Task.status,
                       db.Task.closed_on, db.Task.finding_ids).order_by(db.Task.task_id)
        with self._unit_of_work() as session:
            rows = session.execute(query).all()
        return pl.DataFrame([tuple(r) for r in rows], schema=HISTORY_SCHEMA, orient="row")

    @contextlib.contextmanager
    def _unit_of_work(self) -> Iterator[Session]:
        with self._errors(), self._sessions.begin() as session:
            yield session

    @contextlib.contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except DBAPIError as exc:
            raise StorageError(text("db_failed", url=self.display_url, error=exc.orig)) from exc


def _open(session: Session, item: Mapping[str, Any], assessment_id: str, as_of: dt.date) -> str:
    session.add(db.Task(
        task_id=item["task_id"], post_id=item["post_id"], org_id=item["org_id"], rule_id=item["rule_id"],
        title=item["title"], measures=list(item["measures"]), deadline=_date(item["deadline"]), status="open",
        first_assessment_id=assessment_id, last_assessment_id=assessment_id, opened_on=as_of,
        finding_ids=sorted(item["finding_ids"]),
    ))
    session.add(db.TaskEvent(task_id=item["task_id"], assessment_id=assessment_id, event="opened"))
    return "new"


def _update(session: Session, task: db.Task, item: Mapping[str, Any], assessment_id: str,
            as_of: dt.date, last_as_of: dt.date) -> str:
    newer = as_of >= last_as_of  # an older assessment saved late must not rewind the task
    if task.status != "closed":
        if newer:
            task.last_assessment_id = assessment_id
            task.finding_ids = sorted(item["finding_ids"])
        session.add(db.TaskEvent(task_id=task.task_id, assessment_id=assessment_id, event="seen"))
        return "seen"
    fresh = set(item["finding_ids"]) - set(task.finding_ids)
    if fresh and as_of > task.closed_on:
        task.status = "reopened"
        task.deadline = _date(item["deadline"])
        task.title = item["title"]
        task.measures = list(item["measures"])
        task.finding_ids = sorted(item["finding_ids"])
        task.last_assessment_id = assessment_id
        session.add(db.TaskEvent(task_id=task.task_id, assessment_id=assessment_id, event="reopened",
                                 note=f"销号后出现新问题：{'、'.join(sorted(fresh))}"))
        return "reopened"
    if newer:
        task.last_assessment_id = assessment_id
    session.add(db.TaskEvent(task_id=task.task_id, assessment_id=assessment_id, event="seen",
                             note="已销号；仍为销号前已知的问题记录，不重新打开"))
    return "kept_closed"


def _tasks_with_last_as_of(session: Session, task_ids: list[str]) -> dict[str, tuple[db.Task, dt.date]]:
    found: dict[str, tuple[db.Task, dt.date]] = {}
    for start in range(0, len(task_ids), CHUNK):
        query = (
            select(db.Task, db.Assessment.as_of)
            .join(db.Assessment, db.Assessment.assessment_id == db.Task.last_assessment_id)
            .where(db.Task.task_id.in_(task_ids[start:start + CHUNK]))
            .with_for_update(of=db.Task)
        )
        found.update((task.task_id, (task, last_as_of)) for task, last_as_of in session.execute(query))
    return found


def _assessment_row(doc: Mapping[str, Any]) -> db.Assessment:
    return db.Assessment(
        assessment_id=doc["assessment_id"], engine_version=doc["engine_version"], as_of=_date(doc["as_of"]),
        period_from=_date(doc["period"]["from"]), period_to=_date(doc["period"]["to"]),
        posts=len(doc["posts"]), findings=len(doc["findings"]), tasks=len(doc["tasks"]), document=dict(doc),
    )


def _task_dict(task: db.Task) -> dict[str, Any]:
    return {
        "task_id": task.task_id, "post_id": task.post_id, "org_id": task.org_id, "rule_id": task.rule_id,
        "title": task.title, "measures": list(task.measures), "deadline": task.deadline.isoformat(),
        "status": task.status, "opened_on": task.opened_on.isoformat(),
        "closed_on": task.closed_on.isoformat() if task.closed_on else None, "close_note": task.close_note,
        "first_assessment_id": task.first_assessment_id, "last_assessment_id": task.last_assessment_id,
        "finding_ids": list(task.finding_ids),
    }


def _event_dict(entry: db.TaskEvent) -> dict[str, Any]:
    return {"event": entry.event, "assessment_id": entry.assessment_id, "at": _utc(entry.at).isoformat(),
            "note": entry.note}


def _date(value: str | dt.date) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


def _utc(value: dt.datetime) -> dt.datetime:
    # SQLite hands back CURRENT_TIMESTAMP naive; it is UTC.
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def _json_dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _sqlite_foreign_keys(dbapi_connection, _record) -> None:
    # SQLite ignores foreign keys unless each connection asks for them.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()
