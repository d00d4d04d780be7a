"""Reading back what was saved: assessments, posts with contributions, findings, history and rollups."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection
from typing import Any

from sqlalchemy import select

from . import db
from .audit import utc
from .base import CHUNK
from .errors import NotFoundError
from .lifecycle import task_dict

LEVELS = ("high", "medium", "low")


class ReportStore:
    """Queries over saved assessments (mixed into :class:`~riskengine.storage.Store`)."""

    # -- orgs ---------------------------------------------------------------------------------
    def orgs(self) -> list[dict[str, Any]]:
        """The stored org hierarchy (from the datasets' ``orgs``), ordered by id."""
        with self._unit_of_work() as session:
            return [
                {"org_id": o.org_id, "name": o.name, "level": o.level, "parent_id": o.parent_id}
                for o in session.scalars(select(db.Org).order_by(db.Org.org_id))
            ]

    def org_scope(self, org_id: str) -> frozenset[str]:
        """``org_id`` and every org below it (a street: its communities; a district: its streets, theirs)."""
        with self._unit_of_work() as session:
            return frozenset(_descendants(session, org_id))

    def _org_filter(self, session, org_id: str | None, scope: Collection[str] | None) -> set[str] | None:
        orgs = None if org_id is None else _descendants(session, org_id)
        if scope is not None:
            orgs = set(scope) if orgs is None else orgs & set(scope)
        return orgs

    # -- assessments, posts, findings ---------------------------------------------------------
    def assessments(self, *, scope: Collection[str] | None = None) -> list[dict[str, Any]]:
        """Saved assessments, newest first (with a scope: those assessing at least one org in it)."""
        with self._unit_of_work() as session:
            query = select(db.Assessment).order_by(
                db.Assessment.as_of.desc(), db.Assessment.created_at.desc(), db.Assessment.assessment_id
            )
            if scope is not None:
                query = query.where(
                    db.Assessment.assessment_id.in_(
                        select(db.AssessedPost.assessment_id).where(db.AssessedPost.org_id.in_(list(scope)))
                    )
                )
            return [_assessment_dict(a) for a in session.scalars(query)]

    def assessment(self, assessment_id: str, *, scope: Collection[str] | None = None) -> dict[str, Any]:
        """One saved assessment's summary and its whole RESULT.md ``document`` (filtered to ``scope``)."""
        with self._unit_of_work() as session:
            row = session.get(db.Assessment, assessment_id)
            if row is None:
                raise NotFoundError(f"评估 {assessment_id} 不存在")
            document = row.document
            if scope is not None:
                allowed = set(scope)
                if not any(p["org_id"] in allowed for p in document["posts"]):
                    raise NotFoundError(f"评估 {assessment_id} 不存在")
                document = {
                    **document,
                    **{
                        key: [item for item in document[key] if item.get("org_id") in allowed]
                        for key in ("findings", "posts", "tasks")
                    },
                }
            return {**_assessment_dict(row), "document": document}

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
                select(db.AssessedPost, db.Assessment.as_of)
                .join(db.Assessment, db.Assessment.assessment_id == db.AssessedPost.assessment_id)
                .order_by(
                    db.AssessedPost.post_id, db.Assessment.as_of.desc(), db.Assessment.created_at.desc()
                )
            )
            if assessment_id is not None:
                query = query.where(db.AssessedPost.assessment_id == assessment_id)
            if post_id is not None:
                query = query.where(db.AssessedPost.post_id == post_id)
            if level is not None:
                query = query.where(db.AssessedPost.level == level)
            orgs = self._org_filter(session, org_id, scope)
            if orgs is not None:
                query = query.where(db.AssessedPost.org_id.in_(orgs))
            seen, out = set(), []
            for post, as_of in session.execute(query):
                if post.post_id in seen:
                    continue
                seen.add(post.post_id)
                out.append(_post_dict(post, as_of))
            return sorted(out, key=lambda p: (p["org_id"], p["post_id"]))

    def post(
        self, post_id: str, *, assessment_id: str | None = None, scope: Collection[str] | None = None
    ) -> dict[str, Any]:
        """One post (newest assessment unless named) with contributions, its findings and its tasks."""
        found = self.posts(post_id=post_id, assessment_id=assessment_id, scope=scope)
        if not found:
            raise NotFoundError(f"岗位 {post_id} 不存在")
        post = found[0]
        # A post's findings are its org's: filtering by org first keeps this off the whole assessment.
        post["findings"] = self.findings(assessment_id=post["assessment_id"], org_id=post["org_id"],
                                         post_id=post_id)
        post["tasks"] = self.tasks(post_id=post_id, scope=scope)
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
                query = select(db.Assessment.assessment_id).order_by(
                    db.Assessment.as_of.desc(), db.Assessment.created_at.desc()
                )
                if orgs is not None:
                    query = query.where(
                        db.Assessment.assessment_id.in_(
                            select(db.Finding.assessment_id).where(db.Finding.org_id.in_(orgs))
                        )
                    )
                assessment_id = session.scalars(query.limit(1)).first()
                if assessment_id is None:
                    return []
            query = (
                select(db.Finding)
                .where(db.Finding.assessment_id == assessment_id)
                .order_by(db.Finding.rule_id, db.Finding.org_id, db.Finding.finding_id)
            )
            if rule_id is not None:
                query = query.where(db.Finding.rule_id == rule_id)
            if orgs is not None:
                query = query.where(db.Finding.org_id.in_(orgs))
            rows = [f for f in session.scalars(query) if post_id is None or post_id in f.post_ids]
            verdicts = _newest_verdicts(session, [f.finding_id for f in rows])
            return [_finding_dict(f, verdicts.get(f.finding_id)) for f in rows]

    def finding_messages(self, finding_ids: Collection[str]) -> dict[str, str]:
        """finding id → its message (from the newest assessment that has it)."""
        ids = sorted(set(finding_ids))
        out: dict[str, str] = {}
        with self._unit_of_work() as session:
            for start in range(0, len(ids), 500):
                rows = session.execute(
                    select(db.Finding.finding_id, db.Finding.message)
                    .join(db.Assessment, db.Assessment.assessment_id == db.Finding.assessment_id)
                    .where(db.Finding.finding_id.in_(ids[start : start + 500]))
                    .order_by(db.Assessment.as_of)
                )
                out.update((finding_id, message) for finding_id, message in rows)
        return out

    def post_details(self, post_ids: Collection[str]) -> dict[str, dict[str, Any]]:
        """post id → title and holder (责任人) from the post's newest assessment."""
        return {p["post_id"]: p for p in self.posts() if p["post_id"] in set(post_ids)}

    # -- history and rollups ------------------------------------------------------------------
    def post_history(self, post_id: str, *, scope: Collection[str] | None = None) -> dict[str, Any]:
        """A post's level, score and tasks over every saved assessment, oldest first."""
        with self._unit_of_work() as session:
            rows = session.execute(
                select(db.AssessedPost, db.Assessment)
                .join(db.Assessment, db.Assessment.assessment_id == db.AssessedPost.assessment_id)
                .where(db.AssessedPost.post_id == post_id)
                .order_by(db.Assessment.as_of, db.Assessment.created_at)
            ).all()
            if not rows or (scope is not None and rows[-1][0].org_id not in scope):
                raise NotFoundError(f"岗位 {post_id} 没有已保存的评估")
            events = _task_events_by_assessment(session, post_id=post_id)
            runs = []
            for post, assessment in rows:
                findings = session.scalars(
                    select(db.Finding).where(db.Finding.assessment_id == assessment.assessment_id)
                ).all()
                runs.append(
                    {
                        "assessment_id": assessment.assessment_id,
                        "as_of": assessment.as_of.isoformat(),
                        "level": post.level,
                        "score": post.score,
                        "contributions": post.contributions,
                        "findings": sum(1 for f in findings if post_id in f.post_ids),
                        "task_events": events.get(assessment.assessment_id, []),
                    }
                )
        return {
            "post_id": post_id,
            "org_id": rows[-1][0].org_id,
            "title": rows[-1][0].title,
            "assessments": runs,
            "tasks": self.tasks(post_id=post_id),
        }

    def org_history(self, org_id: str, *, scope: Collection[str] | None = None) -> dict[str, Any]:
        """An org's (and its descendants') posts by level, findings and tasks per saved assessment."""
        with self._unit_of_work() as session:
            orgs = self._org_filter(session, org_id, scope)
            rows = session.execute(
                select(db.Assessment, db.AssessedPost.level)
                .join(db.AssessedPost, db.AssessedPost.assessment_id == db.Assessment.assessment_id)
                .where(db.AssessedPost.org_id.in_(orgs))
                .order_by(db.Assessment.as_of, db.Assessment.created_at)
            ).all()
            if not rows:
                raise NotFoundError(f"组织 {org_id} 没有已保存的评估")
            runs: dict[str, dict[str, Any]] = {}
            for assessment, level in rows:
                run = runs.setdefault(
                    assessment.assessment_id,
                    {
                        "assessment_id": assessment.assessment_id,
                        "as_of": assessment.as_of.isoformat(),
                        "posts": dict.fromkeys(LEVELS, 0),
                        "findings": 0,
                        "tasks_opened": 0,
                        "tasks_reopened": 0,
                    },
                )
                run["posts"][level] = run["posts"].get(level, 0) + 1
            for assessment_id, run in runs.items():
                run["findings"] = len(
                    session.scalars(
                        select(db.Finding.finding_id).where(
                            db.Finding.assessment_id == assessment_id, db.Finding.org_id.in_(orgs)
                        )
                    ).all()
                )
            events = _task_events_by_assessment(session, org_ids=orgs)
            for assessment_id, items in events.items():
                if assessment_id in runs:
                    runs[assessment_id]["tasks_opened"] = sum(1 for e in items if e["event"] == "opened")
                    runs[assessment_id]["tasks_reopened"] = sum(1 for e in items if e["event"] == "reopened")
        return {
            "org_id": org_id,
            "assessments": list(runs.values()),
            "tasks": self.tasks(org_id=org_id, scope=scope),
        }

    def rollup(
        self, org_id: str, *, scope: Collection[str] | None = None, today: dt.date | None = None
    ) -> dict[str, Any]:
        """Counts for a street or district: per community, per street and in total.

        Posts by level (each post's newest assessment), tasks open and overdue, 销号率 (closed /
        all tasks), 公开率 (months disclosed on time / months due, newest assessment per community)
        and 查实率 per rule.
        """
        today = today or self.today()
        with self._unit_of_work() as session:
            orgs = self._org_filter(session, org_id, scope)
            info = {o.org_id: o for o in session.scalars(select(db.Org).where(db.Org.org_id.in_(orgs)))}
            disclosure = _newest_disclosure(session, orgs)
        posts = self.posts(org_id=org_id, scope=scope)
        tasks = self.tasks(org_id=org_id, scope=scope, today=today)
        community_ids = sorted(
            {p["org_id"] for p in posts}
            | {t["org_id"] for t in tasks}
            | set(disclosure)
            | {o for o, row in info.items() if row.level in ("community", "village")}
        )
        rows = {c: _empty_row(c, info.get(c)) for c in community_ids}
        for post in posts:
            rows[post["org_id"]]["posts"][post["level"]] += 1
        for task in tasks:
            row = rows[task["org_id"]]
            row["tasks"] += 1
            row["closed"] += task["status"] == "closed"
            row["open"] += task["status"] != "closed"
            row["overdue"] += task["overdue"]
        for org, (due, on_time) in disclosure.items():
            rows[org]["months_due"], rows[org]["months_on_time"] = due, on_time
        streets: dict[str, dict[str, Any]] = {}
        for community in rows.values():
            parent = info[community["org_id"]].parent_id if community["org_id"] in info else None
            street_id = parent if parent and parent != community["org_id"] else org_id
            street = streets.setdefault(street_id, _empty_row(street_id, info.get(street_id)))
            _add(street, community)
        total = _empty_row(org_id, info.get(org_id))
        for street in streets.values():
            _add(total, street)
        for row in [*rows.values(), *streets.values(), total]:
            _rates(row)
        rates = self.confirmation_rates(org_ids=orgs)
        return {
            "org_id": org_id,
            "name": total["name"],
            "as_of": today.isoformat(),
            "communities": list(rows.values()),
            "streets": [streets[s] for s in sorted(streets)],
            "total": total,
            "confirmation_rates": rates,
            "rules": _rule_totals(rates),
        }


def _descendants(session, org_id: str) -> set[str]:
    # Level by level through the parent_id index: a community or a street costs a query or two,
    # not a scan of the whole hierarchy (a province has tens of thousands of orgs).
    found, frontier = {org_id}, [org_id]
    while frontier:
        children: set[str] = set()
        for start in range(0, len(frontier), CHUNK):
            children.update(session.scalars(
                select(db.Org.org_id).where(db.Org.parent_id.in_(frontier[start:start + CHUNK]))))
        frontier = sorted(children - found)
        found.update(frontier)
    return found


def _newest_disclosure(session, orgs: set[str]) -> dict[str, tuple[int, int]]:
    out: dict[str, tuple[int, int]] = {}
    rows = session.execute(
        select(db.DisclosureMonths, db.Assessment.as_of)
        .join(db.Assessment, db.Assessment.assessment_id == db.DisclosureMonths.assessment_id)
        .where(db.DisclosureMonths.org_id.in_(orgs))
        .order_by(db.DisclosureMonths.org_id, db.Assessment.as_of.desc(), db.Assessment.created_at.desc())
    )
    for row, _ in rows:
        out.setdefault(row.org_id, (row.months_due, row.months_on_time))
    return out


def _empty_row(org_id: str, org: db.Org | None) -> dict[str, Any]:
    return {
        "org_id": org_id,
        "name": org.name if org else None,
        "posts": dict.fromkeys(LEVELS, 0),
        "tasks": 0,
        "open": 0,
        "overdue": 0,
        "closed": 0,
        "closure_rate": None,
        "months_due": 0,
        "months_on_time": 0,
        "disclosure_rate": None,
    }


def _add(into: dict[str, Any], row: dict[str, Any]) -> None:
    for level in LEVELS:
        into["posts"][level] += row["posts"][level]
    for key in ("tasks", "open", "overdue", "closed", "months_due", "months_on_time"):
        into[key] += row[key]


def _rates(row: dict[str, Any]) -> None:
    row["closure_rate"] = round(row["closed"] / row["tasks"], 4) if row["tasks"] else None
    row["disclosure_rate"] = (
        round(row["months_on_time"] / row["months_due"], 4) if row["months_due"] else None
    )


def _rule_totals(rates: list[dict[str, Any]]) -> list[dict[str, Any]]:
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for r in rates:
        totals[r["rule_id"]][0] += r["confirmed"]
        totals[r["rule_id"]][1] += r["false_positive"]
    return [
        {"rule_id": rule_id, "confirmed": c, "false_positive": f, "rate": round(c / (c + f), 4)}
        for rule_id, (c, f) in sorted(totals.items())
    ]


def _task_events_by_assessment(
    session, *, post_id: str | None = None, org_ids: set[str] | None = None
) -> dict[str, list[dict[str, Any]]]:
    query = (
        select(db.AuditEvent, db.Task)
        .join(db.Task, db.Task.task_id == db.AuditEvent.subject_id)
        .where(db.AuditEvent.subject_type == "task", db.AuditEvent.assessment_id.is_not(None))
        .order_by(db.AuditEvent.subject_id, db.AuditEvent.seq)
    )
    if post_id is not None:
        query = query.where(db.Task.post_id == post_id)
    if org_ids is not None:
        query = query.where(db.Task.org_id.in_(org_ids))
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for event, task in session.execute(query):
        out[event.assessment_id].append(
            {
                "task_id": task.task_id,
                "rule_id": task.rule_id,
                "event": event.action,
                "status": event.to_status,
                "note": event.reason,
            }
        )
    return out


def _newest_verdicts(session, finding_ids: list[str]) -> dict[str, db.Verdict]:
    out: dict[str, db.Verdict] = {}
    for start in range(0, len(finding_ids), 500):
        for verdict in session.scalars(
            select(db.Verdict)
            .where(db.Verdict.finding_id.in_(finding_ids[start : start + 500]))
            .order_by(db.Verdict.id)
        ):
            out[verdict.finding_id] = verdict
    return out


def _assessment_dict(row: db.Assessment) -> dict[str, Any]:
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


def _post_dict(post: db.AssessedPost, as_of: dt.date) -> dict[str, Any]:
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


def _finding_dict(f: db.Finding, verdict: db.Verdict | None) -> dict[str, Any]:
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
        "verdict_reason": verdict.reason if verdict else None,
    }


__all__ = ["ReportStore", "task_dict"]
