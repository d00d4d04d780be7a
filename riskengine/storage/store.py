"""Save assessments and track their rectification tasks until they are closed (对账销号).

A task is identified by post and rule (RESULT.md), so the same problem on the same post is the
same task from one assessment to the next. Saving an assessment (one transaction: a crash leaves
no half run) stores its posts and findings and then, task by task:

- a task id not seen before is **opened** with the assessment's deadline; if the assessment's
  recurrence rule names it (a closure in an imported ``task_history``), it is opened as
  **reopened** and escalated instead;
- a task not yet closed and seen again is **seen**: it points at the newer assessment, its
  deadline is kept, and its problem is marked *observed*;
- a closed task firing again with findings it did not have when it was closed is **reopened**
  and escalated, with the new assessment's deadline. The same findings as before closing are the
  old, rectified problem still lying in the ledgers of an overlapping period: it stays closed;
- a task not closed whose post was assessed but whose problem was not found again is marked
  **核验通过 by data** when its rule is state-type and was evaluated (see
  :mod:`riskengine.packs.rule_kinds`), otherwise **no longer observed** for an officer to confirm. It is
  never closed by the engine.

Every change is appended to the hash-chained audit trail (:mod:`riskengine.storage.audit`).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import polars as pl
from sqlalchemy import JSON, bindparam, insert, select, update
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..messages import text
from ..outcome.assessment import Assessment
from ..packs.rule_kinds import STATE, rule_kind
from . import db, migrate
from .access import AccessStore
from .base import CHUNK, StoreBase
from .complaints import ComplaintStore
from .errors import StorageError
from .jobs import JobStore
from .lifecycle import TaskStore, append_event, chain_heads
from .reports import ReportStore
from .reviews import ReviewStore, records_key

HISTORY_SCHEMA = {
    "task_id": pl.String,
    "post_id": pl.String,
    "org_id": pl.String,
    "rule_id": pl.String,
    "status": pl.String,
    "closed_on": pl.Date,
    "finding_ids": pl.List(pl.String),
}
IMPORT_HINT = "import_hint"
SYSTEM = "system"
RECURRENCE_RULE = "conduct.recurrence"


@dataclass(frozen=True)
class SaveSummary:
    """What :meth:`Store.save` did to the tasks of one assessment."""

    new: int
    seen: int
    reopened: int
    kept_closed: int = 0  # closed tasks named again with only the findings they were closed with
    already_saved: bool = False  # the assessment was saved before; nothing changed
    verified_by_data: int = 0  # state-type problems the data no longer shows (核验通过 by data)
    not_observed: int = 0  # problems no longer found for another reason, for an officer to confirm
    suppressed: int = 0  # findings under an active suppression (false positive on those records)


class Store(TaskStore, ReviewStore, ReportStore, AccessStore, JobStore, ComplaintStore, StoreBase):
    """Assessments, rectification tasks, verdicts, tokens and jobs in a SQL database (SQLite or PostgreSQL).

    ``url`` is a SQLAlchemy URL, e.g. ``sqlite:///riskengine.db`` or
    ``postgresql+psycopg://localhost/riskengine``. Call :meth:`upgrade` once to create or
    migrate the tables. ``clock`` (returning an aware datetime) replaces the wall clock in tests.
    """

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.dispose()

    def upgrade(self) -> None:
        """Create the tables or migrate them to the newest revision (safe to run concurrently)."""
        with self._errors():
            migrate.upgrade(self.engine)

    def check(self) -> None:
        """Raise :class:`StorageError` unless the database exists and is at the newest revision.

        Does not create anything: a missing SQLite file is reported, not created.
        """
        url = make_url(self.url)
        if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
            if not Path(url.database).exists():
                raise StorageError(text("err_db_missing", path=url.database, hint=text(IMPORT_HINT)))
        with self._errors():
            current = migrate.current_revision(self.engine)
        head = migrate.head_revision()
        if current != head:
            raise StorageError(
                text("err_db_outdated", url=self.display_url, current=current or text("revision_none"),
                     head=head, hint=text(IMPORT_HINT))
            )

    def save(
        self,
        assessment: Assessment,
        *,
        orgs: Iterable[Mapping[str, Any]] = (),
        disclosure: Iterable[Mapping[str, Any]] = (),
        holders: Mapping[str, str] | None = None,
    ) -> SaveSummary:
        """Save ``assessment`` in one transaction and open, update, reopen or mark its tasks.

        :param orgs: the dataset's ``orgs`` records (org_id, name, level, parent_id), kept as the
            org hierarchy for scopes and rollups (newest wins).
        :param disclosure: per community, ``{"org_id", "months_due", "months_on_time"}`` (公开率).
        :param holders: post id → the holder's name (责任人 in the ledger).

        Saving the same assessment again (or two processes saving it at once) changes nothing.
        """
        doc = assessment.to_dict()
        try:
            with self._unit_of_work(write=True) as session:
                if session.get(db.Assessment, doc["assessment_id"]) is not None:
                    return SaveSummary(0, 0, 0, already_saved=True)
                return _Saver(session, doc, self.now()).save(orgs, disclosure, holders or {})
        except StorageError as exc:
            if isinstance(exc.__cause__, IntegrityError) and self._saved(doc["assessment_id"]):
                return SaveSummary(0, 0, 0, already_saved=True)  # another process saved it first
            raise

    def _saved(self, assessment_id: str) -> bool:
        with self._unit_of_work() as session:
            return session.get(db.Assessment, assessment_id) is not None

    def history(self) -> pl.DataFrame:
        """Every task with its status and last closing date (the recurrence rule reads this)."""
        query = select(
            db.Task.task_id,
            db.Task.post_id,
            db.Task.org_id,
            db.Task.rule_id,
            db.Task.status,
            db.Task.closed_on,
            db.Task.finding_ids,
        ).order_by(db.Task.task_id)
        with self._unit_of_work() as session:
            rows = session.execute(query).all()
        return pl.DataFrame([tuple(r) for r in rows], schema=HISTORY_SCHEMA, orient="row")


class _Saver:
    """One assessment being saved inside one session."""

    def __init__(self, session: Session, doc: Mapping[str, Any], now: dt.datetime):
        self.session = session
        self.doc = doc
        self.now = now
        self.assessment_id = doc["assessment_id"]
        self.as_of = _date(doc["as_of"])
        self.counts = {
            "new": 0,
            "seen": 0,
            "reopened": 0,
            "kept_closed": 0,
            "verified_by_data": 0,
            "not_observed": 0,
            "suppressed": 0,
        }
        self.heads: dict[str, tuple[int, str]] = {}
        self.suppressed_tasks: set[str] = set()  # every finding under a suppression (不实)
        self.new_tasks: list[SimpleNamespace] = []
        self.new_ids: set[str] = set()
        self.changed: dict[str, SimpleNamespace] = {}  # existing tasks to write back
        self.events: list[dict[str, Any]] = []

    def save(self, orgs, disclosure, holders) -> SaveSummary:
        # Bulk inserts and one flush at the end: a 10,000-community assessment saves in seconds.
        with self.session.no_autoflush:
            summary = self._save(orgs, disclosure, holders)
        if self.new_tasks:
            _insert(self.session, db.Task, [vars(task) for task in self.new_tasks])
        _update_tasks(self.session, list(self.changed.values()))
        self.session.flush()
        if self.events:
            _insert(self.session, db.AuditEvent, self.events)
        return summary

    def _save(self, orgs, disclosure, holders) -> SaveSummary:
        session, doc = self.session, self.doc
        session.add(_assessment_row(doc))
        session.flush()
        suppressed = self._suppressed_findings()
        self.counts["suppressed"] = len(suppressed)
        _insert(
            session,
            db.AssessedPost,
            [_post_row(self.assessment_id, post, holders.get(post["post_id"])) for post in doc["posts"]],
        )
        _insert(
            session,
            db.Finding,
            [_finding_row(self.assessment_id, f, f["finding_id"] in suppressed) for f in doc["findings"]],
        )
        _upsert_orgs(session, orgs)
        _insert(
            session,
            db.DisclosureMonths,
            [
                {
                    "assessment_id": self.assessment_id,
                    "org_id": row["org_id"],
                    "months_due": row["months_due"],
                    "months_on_time": row["months_on_time"],
                }
                for row in disclosure
            ],
        )
        incoming = {}
        for task in doc["tasks"]:  # one per task (post and rule), not per record
            finding_ids = [f for f in task["finding_ids"] if f not in suppressed]
            if finding_ids:
                incoming[task["task_id"]] = {**task, "finding_ids": finding_ids}
            else:
                self.suppressed_tasks.add(task["task_id"])
        existing = _tasks_with_last_as_of(session, list(incoming))
        self.heads.update(chain_heads(session, "task", list(existing)))
        recurred = self._recurrences()
        for task_id, item in incoming.items():
            if task_id in existing:
                task, last_as_of = existing[task_id]
                outcome = self._update(task, item, last_as_of)
            else:
                outcome = self._open(item, recurred.get((item["post_id"], item["rule_id"])))
            self.counts[outcome] += 1
        self._mark_unobserved(set(incoming))
        return SaveSummary(**self.counts)

    def _event(
        self, task: SimpleNamespace, action: str, *, from_status, to_status, reason=None, data=None
    ) -> None:
        head = append_event(
            self.session,
            "task",
            task.task_id,
            head=self.heads.get(task.task_id),
            at=self.now,
            actor=SYSTEM,
            action=action,
            from_status=from_status,
            to_status=to_status,
            reason=reason,
            assessment_id=self.assessment_id,
            data=data or {},
            sink=self.events,
        )
        self.heads[task.task_id] = head
        task.audit_head = head[1]
        if task.task_id not in self.new_ids:
            self.changed[task.task_id] = task

    def _open(self, item: Mapping[str, Any], recurrence: Mapping[str, Any] | None) -> str:
        task = SimpleNamespace(
            task_id=item["task_id"],
            post_id=item["post_id"],
            org_id=item["org_id"],
            rule_id=item["rule_id"],
            title=item["title"],
            measures=list(item["measures"]),
            deadline=_date(item["deadline"]),
            status="open",
            first_assessment_id=self.assessment_id,
            last_assessment_id=self.assessment_id,
            opened_on=self.as_of,
            finding_ids=sorted(item["finding_ids"]),
            observation="observed",
            escalation=0,
            version=1,
            closed_on=None,
            audit_head=None,
        )
        self.new_tasks.append(task)
        self.new_ids.add(task.task_id)
        self._event(
            task,
            "opened",
            from_status=None,
            to_status="open",
            data={"finding_ids": task.finding_ids, "deadline": item["deadline"]},
        )
        if recurrence is None:
            return "new"
        # The recurrence rule found this problem again after a closure the store never saw
        # (an imported task_history): the task is a reopened one, not a new one.
        task.status = "reopened"
        task.closed_on = _date(recurrence["closed_on"])
        task.escalation = 1
        self._event(
            task,
            "reopened",
            from_status="closed",
            to_status="reopened",
            reason=f"整改后复发：原任务 {recurrence['task_id']} 已于 {recurrence['closed_on']} 销号",
            data={"escalation": 1, "history_task_id": recurrence["task_id"]},
        )
        return "reopened"

    def _update(self, task: SimpleNamespace, item: Mapping[str, Any], last_as_of: dt.date) -> str:
        newer = self.as_of >= last_as_of  # an older assessment saved late must not rewind the task
        if task.status != "closed":
            if newer:
                task.last_assessment_id = self.assessment_id
                task.finding_ids = sorted(item["finding_ids"])
                task.observation = "observed"
            self._event(
                task,
                "seen",
                from_status=task.status,
                to_status=task.status,
                data={"finding_ids": sorted(item["finding_ids"])},
            )
            return "seen"
        fresh = set(item["finding_ids"]) - set(task.finding_ids)
        if fresh and self.as_of > task.closed_on:
            task.status = "reopened"
            task.deadline = _date(item["deadline"])
            task.title = item["title"]
            task.measures = list(item["measures"])
            task.finding_ids = sorted(item["finding_ids"])
            task.last_assessment_id = self.assessment_id
            task.observation = "observed"
            task.escalation += 1
            task.submitted_by = None
            self._event(
                task,
                "reopened",
                from_status="closed",
                to_status="reopened",
                reason=f"销号后出现新问题：{'、'.join(sorted(fresh))}",
                data={"escalation": task.escalation, "deadline": item["deadline"]},
            )
            return "reopened"
        if newer:
            task.last_assessment_id = self.assessment_id
        self._event(
            task,
            "seen",
            from_status="closed",
            to_status="closed",
            reason="已销号；仍为销号前已知的问题记录，不重新打开",
        )
        return "kept_closed"

    def _mark_unobserved(self, incoming: set[str]) -> None:
        """Tasks of the assessed posts that this assessment did not find again."""
        posts = [post["post_id"] for post in self.doc["posts"]]
        not_evaluated = {item["rule_id"] for item in self.doc.get("not_evaluated", [])}
        candidates: list[tuple[SimpleNamespace, dt.date]] = []
        for start in range(0, len(posts), CHUNK):
            rows = _task_rows(
                self.session, TASKS.c.post_id.in_(posts[start : start + CHUNK]), TASKS.c.status != "closed"
            )
            candidates.extend(
                (task, as_of)
                for task, as_of in rows
                if task.task_id not in incoming and task.task_id not in self.changed
            )
        self.heads.update(chain_heads(self.session, "task", [task.task_id for task, _ in candidates]))
        for task, last_as_of in sorted(candidates, key=lambda c: c[0].task_id):
            if self.as_of < last_as_of:
                continue
            suppressed = task.task_id in self.suppressed_tasks
            data_confirms = (
                rule_kind(task.rule_id) == STATE and task.rule_id not in not_evaluated and not suppressed
            )
            observation = "verified_by_data" if data_confirms else "not_observed"
            if task.observation == observation:
                continue
            task.observation = observation
            if data_confirms:
                reason = "本次评估数据显示问题已不存在（核验通过），待审核人确认销号"
            else:
                why = (
                    "问题已认定不实并在屏蔽期内"
                    if suppressed
                    else "该规则本次未评估"
                    if task.rule_id in not_evaluated
                    else "本次评估未再发现该问题"
                )
                reason = why + "，请经办人核实确认，不会自动销号"
            self._event(task, observation, from_status=task.status, to_status=task.status, reason=reason)
            self.counts[observation] += 1

    def _recurrences(self) -> dict[tuple[str, str], Mapping[str, Any]]:
        """(post, rule) → the closure the recurrence rule found in this assessment's task history."""
        found = {}
        for finding in self.doc["findings"]:
            if finding["rule_id"] != RECURRENCE_RULE:
                continue
            evidence = finding.get("evidence") or {}
            if evidence.get("repeated_rule") and evidence.get("closed_on"):
                for post_id in finding["post_ids"]:
                    found[(post_id, evidence["repeated_rule"])] = evidence
        return found

    def _suppressed_findings(self) -> set[str]:
        """Findings whose rule and exact records are under an active suppression at the as-of date."""
        keys = {(f["rule_id"], records_key(f["records"])): f["finding_id"] for f in self.doc["findings"]}
        if not keys:
            return set()
        active = self.session.execute(
            select(db.Suppression.rule_id, db.Suppression.records_key).where(
                db.Suppression.revoked_at.is_(None), db.Suppression.expires_on >= self.as_of
            )
        ).all()
        return {keys[(rule_id, key)] for rule_id, key in active if (rule_id, key) in keys}


def _tasks_with_last_as_of(
    session: Session, task_ids: list[str]
) -> dict[str, tuple[SimpleNamespace, dt.date]]:
    found: dict[str, tuple[SimpleNamespace, dt.date]] = {}
    for start in range(0, len(task_ids), CHUNK):
        found.update(
            (task.task_id, (task, as_of))
            for task, as_of in _task_rows(session, db.Task.task_id.in_(task_ids[start : start + CHUNK]))
        )
    return found


TASKS = db.Task.__table__
UPDATED = (
    "title",
    "measures",
    "deadline",
    "status",
    "last_assessment_id",
    "closed_on",
    "finding_ids",
    "observation",
    "escalation",
    "submitted_by",
    "audit_head",
)


def _task_rows(session: Session, *where) -> list[tuple[SimpleNamespace, dt.date]]:
    """Tasks as plain rows (locked for update) with the as-of date of their newest assessment."""
    query = (
        select(*TASKS.c, db.Assessment.as_of.label("_last_as_of"))
        .join(db.Assessment, db.Assessment.assessment_id == TASKS.c.last_assessment_id)
        .where(*where)
        .with_for_update(of=TASKS)
    )
    out = []
    for row in session.execute(query):
        values = dict(row._mapping)
        as_of = values.pop("_last_as_of")
        out.append((SimpleNamespace(**values), as_of))
    return out


def _update_tasks(session: Session, tasks: list[SimpleNamespace]) -> None:
    """Write back changed tasks in batches, each one version up (rows are locked: no one else wrote them)."""
    statement = (
        update(TASKS)
        .where(TASKS.c.task_id == bindparam("u_task_id"))
        .values(
            {
                **{name: bindparam(f"u_{name}", type_=TASKS.c[name].type) for name in UPDATED},
                "version": TASKS.c.version + 1,
            }
        )
    )
    rows = [{"u_task_id": t.task_id, **{f"u_{name}": getattr(t, name) for name in UPDATED}} for t in tasks]
    for start in range(0, len(rows), CHUNK):
        session.connection().execute(statement, rows[start : start + CHUNK])


def _assessment_row(doc: Mapping[str, Any]) -> db.Assessment:
    return db.Assessment(
        assessment_id=doc["assessment_id"],
        engine_version=doc["engine_version"],
        as_of=_date(doc["as_of"]),
        period_from=_date(doc["period"]["from"]),
        period_to=_date(doc["period"]["to"]),
        posts=len(doc["posts"]),
        findings=len(doc["findings"]),
        tasks=len(doc["tasks"]),
        document=dict(doc),
    )


def _post_row(assessment_id: str, post: Mapping[str, Any], holder: str | None) -> dict[str, Any]:
    return {
        "assessment_id": assessment_id,
        "post_id": post["post_id"],
        "org_id": post["org_id"],
        "title": post.get("title"),
        "holder": holder,
        "level": post["level"],
        "score": post.get("score"),
        "contributions": list(post.get("contributions") or []),
    }


def _finding_row(assessment_id: str, finding: Mapping[str, Any], suppressed: bool) -> dict[str, Any]:
    return {
        "assessment_id": assessment_id,
        "finding_id": finding["finding_id"],
        "rule_id": finding["rule_id"],
        "org_id": finding["org_id"],
        "post_ids": list(finding.get("post_ids") or []),
        "records": list(finding.get("records") or []),
        "date": _date(finding["date"]) if finding.get("date") else None,
        "severity": finding.get("severity", ""),
        "points": float(finding.get("points") or 0),
        "message": finding.get("message", ""),
        "suppressed": suppressed,
    }


# From this many rows on, PostgreSQL is given the rows with COPY rather than batched INSERTs.
COPY_FROM = 200


def _insert(session: Session, model: type[db.Base], rows: list[dict[str, Any]]) -> None:
    """Insert ``rows`` in the session's transaction: COPY on PostgreSQL when there are many,
    batched INSERTs (executemany) otherwise and on SQLite."""
    if (
        len(rows) >= COPY_FROM
        and session.get_bind().dialect.name == "postgresql"
        and all(row.keys() == rows[0].keys() for row in rows)
    ):
        _copy(session, model, rows)
        return
    for start in range(0, len(rows), CHUNK):
        session.execute(insert(model), rows[start : start + CHUNK])


def _copy(session: Session, model: type[db.Base], rows: list[dict[str, Any]]) -> None:
    """``COPY table (columns) FROM STDIN`` on the session's own psycopg connection (same transaction:
    a failure later on rolls the copied rows back with everything else). JSON columns are given as
    their text, as SQLAlchemy would have serialised them; other values go through psycopg's dumpers."""
    table = model.__table__
    names = list(rows[0])
    columns = [table.c[name] for name in names]
    as_json = [isinstance(column.type, JSON) for column in columns]
    serialise = session.get_bind().dialect._json_serializer or json.dumps
    quoted = ", ".join(f'"{name}"' for name in names)
    raw = session.connection().connection.driver_connection
    with raw.cursor() as cursor, cursor.copy(f'COPY "{table.name}" ({quoted}) FROM STDIN') as copy:
        for row in rows:
            copy.write_row(
                [
                    serialise(row[name]) if json_column and row[name] is not None else row[name]
                    for name, json_column in zip(names, as_json, strict=True)
                ]
            )


def _upsert_orgs(session: Session, orgs: Iterable[Mapping[str, Any]]) -> None:
    """The dataset's orgs, newest wins: new ones inserted, changed ones updated, in bulk."""
    wanted = {
        str(o["org_id"]): {
            "org_id": str(o["org_id"]),
            "name": o.get("name"),
            "level": o.get("level"),
            "parent_id": o.get("parent_id"),
        }
        for o in orgs
    }
    ids = sorted(wanted)
    known: dict[str, dict[str, Any]] = {}
    for start in range(0, len(ids), CHUNK):
        for org in session.scalars(select(db.Org).where(db.Org.org_id.in_(ids[start : start + CHUNK]))):
            known[org.org_id] = {
                "org_id": org.org_id,
                "name": org.name,
                "level": org.level,
                "parent_id": org.parent_id,
            }
    _insert(session, db.Org, [row for org_id, row in wanted.items() if org_id not in known])
    changed = [row for org_id, row in wanted.items() if org_id in known and known[org_id] != row]
    if changed:
        session.execute(update(db.Org), changed)


def _date(value: str | dt.date) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)
