"""Database models: saved assessments (with their posts and findings), rectification tasks (整改任务),
their tamper-evident audit trail, verdicts on findings, suppressions, the org hierarchy, API tokens
and background assessment jobs.

The tables are created and changed only by the Alembic migrations in
``riskengine/storage/migrations``; a test compares these models with a migrated database so
the two cannot drift apart.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    false,
    func,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# open → in_progress → submitted → closed; submitted → (rejected) → in_progress; closed → reopened.
TASK_STATUSES = ("open", "in_progress", "submitted", "closed", "reopened")
# What the newest assessment says about the problem behind a task (RESULT-independent, store-side).
OBSERVATIONS = ("observed", "verified_by_data", "not_observed")
VERDICTS = ("confirmed", "false_positive", "corrected")
ROLES = ("officer", "reviewer", "auditor", "admin")
JOB_STATUSES = ("queued", "running", "succeeded", "failed")
EVIDENCE_KINDS = ("note", "file")

# Named constraints and indexes, so migrations can refer to them on every backend.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# Lists we may want to query inside (``finding_ids @> '["F-…"]'``) are JSONB on PostgreSQL;
# the archived result document stays plain JSON there, which keeps its key order verbatim.
JSONList = JSON().with_variant(JSONB(), "postgresql")

ID = String(64)
UTC_NOW = func.now()  # PostgreSQL stores timestamptz; SQLite's CURRENT_TIMESTAMP is UTC


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Base(DeclarativeBase):
    """Declarative base of every riskengine table."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Assessment(Base):
    """One saved ``assess`` run: its dates, counts and the whole RESULT.md document."""

    __tablename__ = "assessments"

    assessment_id: Mapped[str] = mapped_column(ID, primary_key=True)
    engine_version: Mapped[str] = mapped_column(String(32))
    as_of: Mapped[dt.date] = mapped_column(Date)
    period_from: Mapped[dt.date] = mapped_column(Date)
    period_to: Mapped[dt.date] = mapped_column(Date)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=UTC_NOW)
    posts: Mapped[int] = mapped_column(Integer)
    findings: Mapped[int] = mapped_column(Integer)
    tasks: Mapped[int] = mapped_column(Integer)
    document: Mapped[dict[str, Any]] = mapped_column(JSON)


class AssessedPost(Base):
    """A post as one assessment saw it: level, score and the contributions behind the score."""

    __tablename__ = "assessed_posts"
    __table_args__ = (Index(None, "post_id"), Index(None, "org_id"))

    assessment_id: Mapped[str] = mapped_column(ForeignKey("assessments.assessment_id"), primary_key=True)
    post_id: Mapped[str] = mapped_column(ID, primary_key=True)
    org_id: Mapped[str] = mapped_column(ID)
    title: Mapped[str | None] = mapped_column(Text)
    # The post holder (责任人) as the dataset names them: the person's name, else their id.
    holder: Mapped[str | None] = mapped_column(Text)
    level: Mapped[str] = mapped_column(String(16))
    score: Mapped[float | None] = mapped_column(Float)
    contributions: Mapped[list[dict[str, Any]]] = mapped_column(JSON)


class Finding(Base):
    """A finding of one assessment (RESULT.md), kept so verdicts and history can name it."""

    __tablename__ = "findings"
    # (org, assessment): a post's findings are read by both; org alone (scope filters) is its prefix
    __table_args__ = (
        Index(None, "finding_id"),
        Index(None, "org_id", "assessment_id"),
        Index(None, "rule_id"),
    )

    assessment_id: Mapped[str] = mapped_column(ForeignKey("assessments.assessment_id"), primary_key=True)
    finding_id: Mapped[str] = mapped_column(ID, primary_key=True)
    rule_id: Mapped[str] = mapped_column(String(128))
    org_id: Mapped[str] = mapped_column(ID)
    post_ids: Mapped[list[str]] = mapped_column(JSONList)
    records: Mapped[list[str]] = mapped_column(JSONList)
    date: Mapped[dt.date | None] = mapped_column(Date)
    severity: Mapped[str] = mapped_column(String(16))
    points: Mapped[float] = mapped_column(Float)
    message: Mapped[str] = mapped_column(Text)
    # True when an active suppression (a false positive on these very records) covered it at save time.
    suppressed: Mapped[bool] = mapped_column(Boolean, server_default=false())


class Org(Base):
    """The org hierarchy (community → street → district …) from the datasets' ``orgs`` records."""

    __tablename__ = "orgs"
    __table_args__ = (Index(None, "parent_id"),)

    org_id: Mapped[str] = mapped_column(ID, primary_key=True)
    name: Mapped[str | None] = mapped_column(Text)
    level: Mapped[str | None] = mapped_column(String(16))
    parent_id: Mapped[str | None] = mapped_column(ID)


class DisclosureMonths(Base):
    """Per assessment and community: finance-disclosure months due and months disclosed on time (公开率)."""

    __tablename__ = "disclosure_months"

    assessment_id: Mapped[str] = mapped_column(ForeignKey("assessments.assessment_id"), primary_key=True)
    org_id: Mapped[str] = mapped_column(ID, primary_key=True)
    months_due: Mapped[int] = mapped_column(Integer)
    months_on_time: Mapped[int] = mapped_column(Integer)


class Task(Base):
    """A rectification task: one per post and rule, tracked from opening until it is closed (对账销号).

    ``version`` is checked on every update (optimistic concurrency): a transition that read an
    older version fails instead of overwriting someone else's change.
    """

    __tablename__ = "tasks"
    __table_args__ = (
        CheckConstraint(_in("status", TASK_STATUSES), name="status"),
        CheckConstraint(_in("observation", OBSERVATIONS), name="observation"),
        Index(None, "post_id", "rule_id"),
        Index(None, "status"),
        Index(None, "org_id", "post_id", "rule_id"),  # scope filter and list order (0003)
    )

    task_id: Mapped[str] = mapped_column(ID, primary_key=True)
    post_id: Mapped[str] = mapped_column(ID)
    org_id: Mapped[str] = mapped_column(ID)
    rule_id: Mapped[str] = mapped_column(String(128))
    title: Mapped[str] = mapped_column(Text)
    measures: Mapped[list[str]] = mapped_column(JSONList)
    deadline: Mapped[dt.date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16))
    first_assessment_id: Mapped[str] = mapped_column(ForeignKey("assessments.assessment_id"))
    last_assessment_id: Mapped[str] = mapped_column(ForeignKey("assessments.assessment_id"))
    opened_on: Mapped[dt.date] = mapped_column(Date)
    # Kept when a task is reopened: the date of the last closure (the recurrence rule reads it).
    closed_on: Mapped[dt.date | None] = mapped_column(Date)
    close_note: Mapped[str | None] = mapped_column(Text)
    finding_ids: Mapped[list[str]] = mapped_column(JSONList)
    version: Mapped[int] = mapped_column(Integer, server_default="1")
    observation: Mapped[str] = mapped_column(String(16), server_default="observed")
    escalation: Mapped[int] = mapped_column(Integer, server_default="0")
    submitted_by: Mapped[str | None] = mapped_column(String(128))
    closed_by: Mapped[str | None] = mapped_column(String(128))
    # Hash of the newest audit entry of this task: a deleted tail of the chain is noticed.
    audit_head: Mapped[str | None] = mapped_column(String(64))

    __mapper_args__ = {"version_id_col": version}


class Evidence(Base):
    """Evidence submitted for a task: a note, or a file (a reference, optionally with its bytes)."""

    __tablename__ = "evidence"
    __table_args__ = (CheckConstraint(_in("kind", EVIDENCE_KINDS), name="kind"), Index(None, "task_id"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    task_id: Mapped[str] = mapped_column(ForeignKey("tasks.task_id"))
    kind: Mapped[str] = mapped_column(String(8))
    text: Mapped[str | None] = mapped_column(Text)
    file_name: Mapped[str | None] = mapped_column(Text)
    sha256: Mapped[str | None] = mapped_column(String(64))
    size: Mapped[int | None] = mapped_column(Integer)
    content: Mapped[bytes | None] = mapped_column(LargeBinary)
    added_by: Mapped[str] = mapped_column(String(128))
    added_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class AuditEvent(Base):
    """The append-only, hash-chained audit trail of every change (who, when, what, why).

    Each subject (a task, a finding's verdicts, a suppression, a token) has its own chain:
    ``seq`` counts from 1 and ``hash`` is SHA-256 over the canonical JSON of the entry including
    ``prev_hash``. The unique (subject, seq) pair means two writers cannot fork a chain.
    """

    __tablename__ = "audit_events"
    __table_args__ = (
        UniqueConstraint("subject_type", "subject_id", "seq"),
        Index(None, "subject_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    subject_type: Mapped[str] = mapped_column(String(16))
    subject_id: Mapped[str] = mapped_column(String(128))
    seq: Mapped[int] = mapped_column(Integer)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    actor: Mapped[str] = mapped_column(String(128))
    action: Mapped[str] = mapped_column(String(32))
    from_status: Mapped[str | None] = mapped_column(String(16))
    to_status: Mapped[str | None] = mapped_column(String(16))
    reason: Mapped[str | None] = mapped_column(Text)
    assessment_id: Mapped[str | None] = mapped_column(ID)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    prev_hash: Mapped[str | None] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class Verdict(Base):
    """An officer's verdict on a finding: 查实 / 不实 (with a reason) / 已纠正. The newest one counts."""

    __tablename__ = "verdicts"
    __table_args__ = (CheckConstraint(_in("verdict", VERDICTS), name="verdict"), Index(None, "finding_id"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    finding_id: Mapped[str] = mapped_column(ID)
    assessment_id: Mapped[str] = mapped_column(ForeignKey("assessments.assessment_id"))
    rule_id: Mapped[str] = mapped_column(String(128))
    org_id: Mapped[str] = mapped_column(ID)
    verdict: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str | None] = mapped_column(Text)
    by: Mapped[str] = mapped_column(String(128))
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class Suppression(Base):
    """A false positive silenced for the very records it rests on, until ``expires_on`` or revoked."""

    __tablename__ = "suppressions"
    __table_args__ = (Index(None, "rule_id", "records_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    rule_id: Mapped[str] = mapped_column(String(128))
    org_id: Mapped[str] = mapped_column(ID)
    # The finding's sorted record references joined by U+001F: a new record never matches.
    records_key: Mapped[str] = mapped_column(Text)
    finding_id: Mapped[str] = mapped_column(ID)
    reason: Mapped[str] = mapped_column(Text)
    expires_on: Mapped[dt.date] = mapped_column(Date)
    created_by: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    revoked_by: Mapped[str | None] = mapped_column(String(128))
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class ApiToken(Base):
    """An API token of the service: stored as a SHA-256 hash, bound to an org scope and a role."""

    __tablename__ = "api_tokens"
    __table_args__ = (CheckConstraint(_in("role", ROLES), name="role"),)

    token_id: Mapped[str] = mapped_column(ID, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    org_id: Mapped[str] = mapped_column(ID)
    role: Mapped[str] = mapped_column(String(16))
    name: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    last_used_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class Job(Base):
    """A persisted background assessment job, claimed by exactly one worker (SKIP LOCKED)."""

    __tablename__ = "jobs"
    __table_args__ = (CheckConstraint(_in("status", JOB_STATUSES), name="status"), Index(None, "status"))

    job_id: Mapped[str] = mapped_column(ID, primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16))
    org_id: Mapped[str | None] = mapped_column(ID)
    params: Mapped[dict[str, Any]] = mapped_column(JSON)
    payload: Mapped[bytes | None] = mapped_column(LargeBinary)
    created_by: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    started_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    heartbeat_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    worker: Mapped[str | None] = mapped_column(String(128))
    attempts: Mapped[int] = mapped_column(Integer, server_default="0")
    error: Mapped[str | None] = mapped_column(Text)
    assessment_id: Mapped[str | None] = mapped_column(ID)
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class Complaint(Base):
    """A resident's complaint filed on a community's public page (码上监督), read by its next assessment.

    ``client`` is a keyed hash of the filer's address, kept only to bound how many complaints one
    address files per hour; ``contact`` is optional and never shown on a public page.
    """

    __tablename__ = "complaints"
    __table_args__ = (Index(None, "org_id"), Index(None, "client", "filed_at"))

    complaint_id: Mapped[str] = mapped_column(ID, primary_key=True)
    org_id: Mapped[str] = mapped_column(ID)
    filed_on: Mapped[dt.date] = mapped_column(Date)
    filed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    category: Mapped[str] = mapped_column(String(32))
    target_post_id: Mapped[str | None] = mapped_column(ID)
    content: Mapped[str] = mapped_column(Text)
    contact: Mapped[str | None] = mapped_column(Text)
    client: Mapped[str] = mapped_column(String(64))
