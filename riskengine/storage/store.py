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

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl
from sqlalchemy import select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError

from ..messages import text
from ..outcome.assessment import Assessment
from . import db, migrate
from .access import AccessStore
from .base import StoreBase
from .complaints import ComplaintStore
from .errors import StorageError
from .evidence import EvidenceStore
from .history import HistoryStore
from .jobs import JobStore
from .lifecycle import TaskLifecycle
from .orgs import OrgStore
from .reads import ReadStore
from .reviews import ReviewStore
from .rollup import RollupStore
from .saving import Saver
from .suppressions import SuppressionStore
from .tasks import TaskQueries
from .trail import TrailStore

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


class Store(
    TaskQueries,
    TaskLifecycle,
    EvidenceStore,
    TrailStore,
    ReviewStore,
    SuppressionStore,
    ReadStore,
    HistoryStore,
    RollupStore,
    OrgStore,
    AccessStore,
    JobStore,
    ComplaintStore,
    StoreBase,
):
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
                return SaveSummary(**Saver(session, doc, self.now()).save(orgs, disclosure, holders or {}))
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
