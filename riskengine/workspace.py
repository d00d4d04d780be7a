"""The Workspace: an engine and (optionally) a store, and everything the CLI and the service do with them.

It owns the one path history → assess → save, and every store query the CLI commands and the
HTTP service need, so neither holds storage logic of its own. Queries and changes the engine has
nothing to add to are the store's own methods, handed through unchanged (see the end of the
class); the Workspace adds assessing and saving, explanations and the ledger export. The engine
core never imports this module (nor the store): only the CLI and the service do.

Every method taking ``scope`` accepts the org ids a caller may see (a token's
:attr:`TokenScope.org_ids`); ``None`` means everything (the CLI). An object outside the scope is
reported exactly like a missing one (:class:`NotFoundError`).
"""

from __future__ import annotations

import datetime as dt
import functools
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
from .storage import SaveSummary, StorageError, Store


def _store(name: str) -> Callable[..., Any]:
    """A Workspace method that hands its arguments to the store's method ``name`` (its docs and signature)."""
    target = getattr(Store, name)

    @functools.wraps(target)
    def call(self: Workspace, *args: Any, **kwargs: Any) -> Any:
        return getattr(self.db, name)(*args, **kwargs)

    return call


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
        self._revoke_listeners: list[Callable[[str], None]] = []
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

    # -- what the engine adds to the store's answers ---------------------------------------------
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
        return [item["file_name"] or item["text"] for item in self.db.evidence(task_id)]

    # -- tokens: revoking one also forgets it in this process's caches -------------------------------
    def on_token_revoked(self, callback: Callable[[str], None]) -> None:
        """Call ``callback(token_id)`` whenever a token is revoked through this workspace (the service's
        token cache forgets it at once instead of at the end of its time to live)."""
        self._revoke_listeners.append(callback)

    def revoke_token(self, token_id: str, *, by: str) -> dict[str, Any]:
        """Revoke a token: it resolves to nothing from now on."""
        record = self.db.revoke_token(token_id, by=by)
        for callback in self._revoke_listeners:
            callback(token_id)
        return record

    # -- straight to the store: the same signature and documentation as :class:`Store`'s --------------
    assessments = _store("assessments")
    assessment = _store("assessment")
    posts = _store("posts")
    post = _store("post")
    findings = _store("findings")
    orgs = _store("orgs")
    org_scope = _store("org_scope")
    post_history = _store("post_history")
    org_history = _store("org_history")
    rollup = _store("rollup")
    # tasks and their lifecycle
    tasks = _store("tasks")
    task_page = _store("task_page")
    task = _store("task")
    task_events = _store("events")
    start_task = _store("start_task")
    submit_task = _store("submit_task")
    close_task = _store("close_task")
    reject_task = _store("reject_task")
    reopen_task = _store("reopen_task")
    add_evidence = _store("add_evidence")
    evidence = _store("evidence")
    evidence_content = _store("evidence_content")
    verify_audit = _store("verify_audit")
    # verdicts and suppressions
    record_verdict = _store("record_verdict")
    verdicts = _store("verdicts")
    suppressions = _store("suppressions")
    revoke_suppression = _store("revoke_suppression")
    confirmation_rates = _store("confirmation_rates")
    # tokens and jobs
    create_token = _store("create_token")
    tokens = _store("tokens")
    resolve_token = _store("resolve_token")
    enqueue_job = _store("enqueue_job")
    claim_job = _store("claim_job")
    heartbeat_job = _store("heartbeat_job")
    finish_job = _store("finish_job")
    fail_job = _store("fail_job")
    recover_stale_jobs = _store("recover_stale_jobs")
    job = _store("job")
    jobs = _store("jobs")


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
