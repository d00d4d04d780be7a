"""Saving one assessment inside one session: its rows, then task by task open, seen, reopened or unobserved.

What each outcome means is told in :mod:`riskengine.storage.store`; this module is the
mechanics: existing tasks are read (locked) in chunks, changes are collected and written back in
bulk with one audit entry each, so a 10,000-community assessment saves in seconds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from types import SimpleNamespace
from typing import Any

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from ..packs.rule_kinds import STATE, rule_kind
from . import db
from .base import CHUNK
from .bulk import assessment_row, date, finding_row, insert_rows, post_row, upsert_orgs
from .reviews import records_key
from .trail import append_event, chain_heads

SYSTEM = "system"
RECURRENCE_RULE = "conduct.recurrence"
COUNTS = ("new", "seen", "reopened", "kept_closed", "verified_by_data", "not_observed", "suppressed")


class Saver:
    """One assessment being saved inside one session (:meth:`save` returns the counts of each outcome)."""

    def __init__(self, session: Session, doc: Mapping[str, Any], now: dt.datetime):
        self.session = session
        self.doc = doc
        self.now = now
        self.assessment_id = doc["assessment_id"]
        self.as_of = date(doc["as_of"])
        self.counts = dict.fromkeys(COUNTS, 0)
        self.heads: dict[str, tuple[int, str]] = {}
        self.suppressed_tasks: set[str] = set()  # every finding under a suppression (不实)
        self.new_tasks: list[SimpleNamespace] = []
        self.new_ids: set[str] = set()
        self.changed: dict[str, SimpleNamespace] = {}  # existing tasks to write back
        self.events: list[dict[str, Any]] = []

    def save(self, orgs, disclosure, holders) -> dict[str, int]:
        # Bulk inserts and one flush at the end: a 10,000-community assessment saves in seconds.
        with self.session.no_autoflush:
            summary = self._save(orgs, disclosure, holders)
        if self.new_tasks:
            insert_rows(self.session, db.Task, [vars(task) for task in self.new_tasks])
        _update_tasks(self.session, list(self.changed.values()))
        self.session.flush()
        if self.events:
            insert_rows(self.session, db.AuditEvent, self.events)
        return summary

    def _save(self, orgs, disclosure, holders) -> dict[str, int]:
        session, doc = self.session, self.doc
        session.add(assessment_row(doc))
        session.flush()
        suppressed = self._suppressed_findings()
        self.counts["suppressed"] = len(suppressed)
        insert_rows(
            session,
            db.AssessedPost,
            [post_row(self.assessment_id, post, holders.get(post["post_id"])) for post in doc["posts"]],
        )
        insert_rows(
            session,
            db.Finding,
            [finding_row(self.assessment_id, f, f["finding_id"] in suppressed) for f in doc["findings"]],
        )
        upsert_orgs(session, orgs)
        insert_rows(
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
        return self.counts

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
            deadline=date(item["deadline"]),
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
        task.closed_on = date(recurrence["closed_on"])
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
            task.deadline = date(item["deadline"])
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
