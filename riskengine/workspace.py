"""The Workspace: an engine and (optionally) a store, and everything the CLI and the service do with them.

It owns the one path history → assess → save, and every store query the CLI commands and the
HTTP service need, so neither holds storage logic of its own. The engine core never imports
this module (nor the store): only the CLI and the service do.

Every method taking ``scope`` accepts the org ids a caller may see (a token's
:attr:`TokenScope.org_ids`); ``None`` means everything (the CLI). An object outside the scope is
reported exactly like a missing one (:class:`NotFoundError`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .data.complaints import dataset_orgs, merge_complaints
from .data.dataset import Dataset, load_dataset
from .data.period import Period
from .engine import Engine
from .messages import text
from .outcome.assessment import Assessment
from .outcome.disclosure_rate import disclosure_months
from .packs.rule import Rule
from .render.task_ledger import check_output, export_tasks
from .storage import AuditReport, EvidenceFile, SaveSummary, StorageError, Store, TokenScope


@dataclass(frozen=True)
class AssessOutcome:
    """An assessment and, when it was saved, what saving did to the tasks."""

    result: Assessment
    saved: SaveSummary | None = None


class Workspace:
    """An :class:`Engine` (built lazily) and an optional :class:`Store`."""

    def __init__(
        self,
        store: Store | None = None,
        engine: Engine | None = None,
        *,
        engine_factory: Callable[[], Engine] | None = None,
    ):
        self.store = store
        self._engine = engine
        self._engine_factory = engine_factory or Engine.create

    @classmethod
    def open(
        cls,
        db_url: str | None,
        *,
        rule_packs: Sequence[str | Path] = (),
        default_packs: bool = True,
        upgrade: bool = True,
        clock: Callable[[], dt.datetime] | None = None,
    ) -> Workspace:
        """A workspace on ``db_url`` (None: no database). ``upgrade`` creates or migrates the tables;
        otherwise the database must already be at the newest revision."""
        store = None
        if db_url:
            store = Store(db_url, clock=clock)
            if upgrade:
                store.upgrade()
            else:
                store.check()
        return cls(
            store, engine_factory=lambda: Engine.create(rule_packs=rule_packs, default_packs=default_packs)
        )

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Release the database connections."""
        if self.store is not None:
            self.store.dispose()

    @property
    def engine(self) -> Engine:
        """The engine (plugins and rule packs loaded on first use)."""
        if self._engine is None:
            self._engine = self._engine_factory()
        return self._engine

    @property
    def db(self) -> Store:
        """The store; :class:`StorageError` when the workspace has no database."""
        if self.store is None:
            raise StorageError(text("ws_no_database"))
        return self.store

    # -- assess -------------------------------------------------------------------------------
    def assess(
        self,
        dataset: str | Path | Dataset,
        *,
        as_of: dt.date | None = None,
        period: Period | None = None,
        progress: Callable[[Rule], None] | None = None,
        save: bool = True,
    ) -> AssessOutcome:
        """Assess ``dataset`` with the store's task history, then save it (one transaction) when asked.

        The same inputs and packs give the same assessment id and document with or without a
        database: only closures (not open tasks) of the history take part in the id.
        """
        data = (
            dataset
            if isinstance(dataset, Dataset)
            else load_dataset(Path(dataset), self.engine.registry.record_types, require_data=True)
        )
        if self.store is not None:
            data = merge_complaints(data, self.store.complaints(org_ids=dataset_orgs(data)))
        history = self.store.history() if self.store is not None else None
        result = self.engine.assess(data, as_of=as_of, period=period, progress=progress, task_history=history)
        if not save or self.store is None:
            return AssessOutcome(result)
        return AssessOutcome(result, self.save(result, data))

    def save(self, result: Assessment, dataset: Dataset | None = None) -> SaveSummary:
        """Save an assessment with its dataset's org hierarchy and disclosure months (when known)."""
        orgs: list[dict[str, Any]] = []
        disclosure: list[dict[str, Any]] = []
        holders: dict[str, str] = {}
        if dataset is not None:
            holders = _holders(dataset)
            frame = dataset.frames.get("orgs")
            if frame is not None:
                orgs = frame.select("org_id", "name", "level", "parent_id").to_dicts()
            doc = result.to_dict()
            period = Period(
                dt.date.fromisoformat(doc["period"]["from"]), dt.date.fromisoformat(doc["period"]["to"])
            )
            disclosure = disclosure_months(dataset.frames, period, dt.date.fromisoformat(doc["as_of"]))
        return self.db.save(result, orgs=orgs, disclosure=disclosure, holders=holders)

    # -- assessments, posts, findings ---------------------------------------------------------
    def assessments(self, *, scope: Collection[str] | None = None) -> list[dict[str, Any]]:
        """Saved assessments, newest first."""
        return self.db.assessments(scope=scope)

    def assessment(self, assessment_id: str, *, scope: Collection[str] | None = None) -> dict[str, Any]:
        """One saved assessment with its RESULT.md document (limited to ``scope``)."""
        return self.db.assessment(assessment_id, scope=scope)

    def posts(
        self,
        *,
        assessment_id: str | None = None,
        org_id: str | None = None,
        post_id: str | None = None,
        level: str | None = None,
        scope: Collection[str] | None = None,
    ) -> list[dict[str, Any]]:
        """Posts with level, score and contributions (each post's newest assessment unless one is named)."""
        return self.db.posts(
            assessment_id=assessment_id, org_id=org_id, post_id=post_id, level=level, scope=scope
        )

    def post(
        self, post_id: str, *, assessment_id: str | None = None, scope: Collection[str] | None = None
    ) -> dict[str, Any]:
        """One post with its contributions, findings and tasks."""
        return self.db.post(post_id, assessment_id=assessment_id, scope=scope)

    def explain_post(
        self, post_id: str, *, assessment_id: str | None = None, scope: Collection[str] | None = None
    ) -> dict[str, Any]:
        """Why a saved assessment (the newest that rated the post, unless one is named) gave the post
        its level, in plain words: ``{"assessment_id", "as_of", "post_id", "lines"}``.

        The rules and scoring of this workspace's engine give the titles and thresholds; the
        records' field values are not stored, so they are shown only by ``explain DATASET``.
        """
        from .authoring.explain import Explainer

        post = self.post(post_id, assessment_id=assessment_id, scope=scope)
        document = self.assessment(post["assessment_id"], scope=scope)["document"]
        engine = self.engine
        explainer = Explainer(
            document=document,
            rules={rule.id: rule for rule in engine.rulebook.rules},
            scoring=engine.rulebook.scoring,
            record_types=engine.registry.record_types,
        )
        return {"assessment_id": post["assessment_id"], "as_of": document["as_of"], "post_id": post_id,
                "lines": explainer.post(post_id)}

    def findings(
        self,
        *,
        assessment_id: str | None = None,
        org_id: str | None = None,
        post_id: str | None = None,
        rule_id: str | None = None,
        scope: Collection[str] | None = None,
    ) -> list[dict[str, Any]]:
        """Findings of an assessment (default: the newest in scope), each with its newest verdict."""
        return self.db.findings(
            assessment_id=assessment_id, org_id=org_id, post_id=post_id, rule_id=rule_id, scope=scope
        )

    def orgs(self) -> list[dict[str, Any]]:
        """The stored org hierarchy."""
        return self.db.orgs()

    def org_scope(self, org_id: str) -> frozenset[str]:
        """``org_id`` and every org below it."""
        return self.db.org_scope(org_id)

    # -- tasks --------------------------------------------------------------------------------
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
        """Tasks with filters; ``overdue`` is computed against ``today``."""
        return self.db.tasks(
            status=status,
            org_id=org_id,
            post_id=post_id,
            level=level,
            overdue=overdue,
            rule_id=rule_id,
            scope=scope,
            today=today,
        )

    def task_page(self, *, limit: int, offset: int = 0, **filters: Any) -> tuple[int, list[dict[str, Any]]]:
        """(how many tasks match ``filters`` (as :meth:`tasks`), the page ``offset:offset+limit``)."""
        return self.db.task_page(limit=limit, offset=offset, **filters)

    def task(self, task_id: str, *, scope: Collection[str] | None = None) -> dict[str, Any]:
        """One task with its evidence and audit trail."""
        return self.db.task(task_id, scope=scope)

    def task_events(self, task_id: str) -> list[dict[str, Any]]:
        """The audit trail of one task, oldest first."""
        return self.db.events(task_id)

    def start_task(
        self,
        task_id: str,
        *,
        by: str,
        expected_version: int | None = None,
        note: str | None = None,
        scope: Collection[str] | None = None,
    ) -> dict[str, Any]:
        """open / reopened → in_progress."""
        return self.db.start_task(task_id, by=by, expected_version=expected_version, note=note, scope=scope)

    def submit_task(
        self,
        task_id: str,
        *,
        by: str,
        note: str | None = None,
        files: Sequence[EvidenceFile] = (),
        expected_version: int | None = None,
        scope: Collection[str] | None = None,
    ) -> dict[str, Any]:
        """→ submitted, with evidence (a note and/or files)."""
        return self.db.submit_task(
            task_id, by=by, note=note, files=files, expected_version=expected_version, scope=scope
        )

    def close_task(
        self,
        task_id: str,
        *,
        by: str,
        note: str,
        on: dt.date | None = None,
        override: str | None = None,
        expected_version: int | None = None,
        scope: Collection[str] | None = None,
    ) -> dict[str, Any]:
        """submitted (or 核验通过 by data) → closed (销号) by a reviewer other than the responsible post."""
        return self.db.close_task(
            task_id,
            by=by,
            note=note,
            on=on,
            override=override,
            expected_version=expected_version,
            scope=scope,
        )

    def reject_task(
        self,
        task_id: str,
        *,
        by: str,
        reason: str,
        expected_version: int | None = None,
        scope: Collection[str] | None = None,
    ) -> dict[str, Any]:
        """submitted → in_progress, with the reviewer's reason."""
        return self.db.reject_task(
            task_id, by=by, reason=reason, expected_version=expected_version, scope=scope
        )

    def reopen_task(
        self,
        task_id: str,
        *,
        by: str,
        reason: str,
        expected_version: int | None = None,
        scope: Collection[str] | None = None,
    ) -> dict[str, Any]:
        """closed → reopened (escalated)."""
        return self.db.reopen_task(
            task_id, by=by, reason=reason, expected_version=expected_version, scope=scope
        )

    def evidence_content(
        self, task_id: str, evidence_id: int, *, scope: Collection[str] | None = None
    ) -> tuple[str, bytes]:
        """The name and bytes of an uploaded evidence file."""
        return self.db.evidence_content(task_id, evidence_id, scope=scope)

    def export_tasks(self, path: str | Path, fmt: str, **filters: Any) -> int:
        """Write the 整改台账 (xlsx, csv or json) of the tasks matching ``filters``; returns the row count."""
        check_output(Path(path), fmt)
        tasks = self.tasks(**filters)
        orgs = {o["org_id"]: o["name"] for o in self.orgs()}
        posts = self.db.post_details({t["post_id"] for t in tasks})
        messages = self.db.finding_messages({f for t in tasks for f in t["finding_ids"]})
        for task in tasks:
            post = posts.get(task["post_id"], {})
            problems = sorted(messages[f] for f in task["finding_ids"] if f in messages)
            task.update(
                org_name=orgs.get(task["org_id"]),
                post_title=post.get("title"),
                holder=post.get("holder"),
                problem=_problem(task["title"], problems),
            )
        return export_tasks(tasks, Path(path), fmt, evidence=self._evidence_names)

    def _evidence_names(self, task_id: str) -> list[str]:
        return [item["file_name"] or item["text"] for item in self.db.task(task_id)["evidence"]]

    # -- verdicts and suppressions ------------------------------------------------------------
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
        """查实 (confirmed) / 不实 (false_positive, reason required) / 已纠正 (corrected) on a finding."""
        return self.db.record_verdict(
            finding_id, verdict=verdict, by=by, reason=reason, suppress_until=suppress_until, scope=scope
        )

    def verdicts(self, *, finding_id: str | None = None, scope: Collection[str] | None = None) -> list[dict]:
        """Recorded verdicts, oldest first."""
        return self.db.verdicts(finding_id=finding_id, scope=scope)

    def suppressions(self, *, active_only: bool = False, scope: Collection[str] | None = None) -> list[dict]:
        """Suppressions of false positives with their state."""
        return self.db.suppressions(active_only=active_only, scope=scope)

    def revoke_suppression(
        self, suppression_id: int, *, by: str, reason: str | None = None, scope: Collection[str] | None = None
    ) -> dict[str, Any]:
        """Revoke a suppression."""
        return self.db.revoke_suppression(suppression_id, by=by, reason=reason, scope=scope)

    def confirmation_rates(self, *, org_ids: Collection[str] | None = None) -> list[dict[str, Any]]:
        """查实率 per rule, street and period."""
        return self.db.confirmation_rates(org_ids=org_ids)

    # -- history and rollups ------------------------------------------------------------------
    def post_history(self, post_id: str, *, scope: Collection[str] | None = None) -> dict[str, Any]:
        """A post's level, score and tasks over past assessments."""
        return self.db.post_history(post_id, scope=scope)

    def org_history(self, org_id: str, *, scope: Collection[str] | None = None) -> dict[str, Any]:
        """An org's posts by level, findings and tasks over past assessments."""
        return self.db.org_history(org_id, scope=scope)

    def rollup(
        self, org_id: str, *, scope: Collection[str] | None = None, today: dt.date | None = None
    ) -> dict[str, Any]:
        """Posts by level, open/overdue tasks, 销号率, 查实率, 公开率 per community, street and in total."""
        return self.db.rollup(org_id, scope=scope, today=today)

    # -- audit --------------------------------------------------------------------------------
    def verify_audit(self) -> AuditReport:
        """Check every hash chain of the audit trail."""
        return self.db.verify_audit()

    # -- tokens -------------------------------------------------------------------------------
    def create_token(self, *, org_id: str, role: str, by: str, name: str | None = None) -> tuple[str, dict]:
        """A new API token (returned once; only its hash is stored) and its record."""
        return self.db.create_token(org_id=org_id, role=role, by=by, name=name)

    def tokens(self) -> list[dict[str, Any]]:
        """Token records (never the tokens)."""
        return self.db.tokens()

    def revoke_token(self, token_id: str, *, by: str) -> dict[str, Any]:
        """Revoke a token."""
        return self.db.revoke_token(token_id, by=by)

    def resolve_token(self, token: str) -> TokenScope | None:
        """The scope of a presented token (None: unknown or revoked)."""
        return self.db.resolve_token(token)

    # -- jobs ---------------------------------------------------------------------------------
    def enqueue_job(
        self,
        *,
        params: dict[str, Any],
        by: str,
        org_id: str | None = None,
        payload: bytes | None = None,
        kind: str = "assess",
    ) -> dict[str, Any]:
        """Queue a background job."""
        return self.db.enqueue_job(kind=kind, params=params, by=by, org_id=org_id, payload=payload)

    def claim_job(self, worker: str, *, kind: str | None = None) -> dict[str, Any] | None:
        """Claim the oldest queued job (never twice, across processes)."""
        return self.db.claim_job(worker, kind=kind)

    def heartbeat_job(self, job_id: str, worker: str) -> None:
        """Keep a claimed job alive."""
        self.db.heartbeat_job(job_id, worker)

    def finish_job(
        self,
        job_id: str,
        worker: str,
        *,
        assessment_id: str | None = None,
        result: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """Mark a job succeeded."""
        return self.db.finish_job(job_id, worker, assessment_id=assessment_id, result=result)

    def fail_job(self, job_id: str, worker: str, *, error: str) -> dict[str, Any]:
        """Mark a job failed."""
        return self.db.fail_job(job_id, worker, error=error)

    def recover_stale_jobs(self, *, stale_after: dt.timedelta | None = None) -> list[str]:
        """Mark interrupted running jobs failed."""
        return self.db.recover_stale_jobs(**({"stale_after": stale_after} if stale_after else {}))

    def job(self, job_id: str, *, org_ids: frozenset[str] | None = None) -> dict[str, Any]:
        """A job's status to poll."""
        return self.db.job(job_id, org_ids=org_ids)

    def jobs(
        self, *, status: str | None = None, org_ids: frozenset[str] | None = None
    ) -> list[dict[str, Any]]:
        """Jobs, newest first."""
        return self.db.jobs(status=status, org_ids=org_ids)


MAX_PROBLEMS = 3


def _problem(title: str, messages: list[str]) -> str:
    """问题描述: the first findings' sentences, and how many more there are."""
    if not messages:
        return title
    shown = "；".join(messages[:MAX_PROBLEMS])
    return shown + (text("ws_more_problems", n=len(messages)) if len(messages) > MAX_PROBLEMS else "")


def _holders(dataset: Dataset) -> dict[str, str]:
    """post id → the holder's name (or id when the dataset has no name for them)."""
    posts = dataset.frames.get("posts")
    if posts is None or "holder_id" not in posts.columns:
        return {}
    names = {}
    persons = dataset.frames.get("persons")
    if persons is not None and {"person_id", "name"} <= set(persons.columns):
        names = dict(persons.select("person_id", "name").iter_rows())
    return {
        post_id: names.get(holder) or holder
        for post_id, holder in posts.select("post_id", "holder_id").iter_rows()
        if holder
    }
