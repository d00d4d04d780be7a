"""Database models: saved assessments, rectification tasks (整改任务) and their audit trail.

The tables are created and changed only by the Alembic migrations in
``riskengine/storage/migrations``; a test compares these models with a migrated database so
the two cannot drift apart.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    func,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

TASK_STATUSES = ("open", "closed", "reopened")
EVENTS = ("opened", "seen", "closed", "reopened")

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
    # UTC: PostgreSQL stores timestamptz, SQLite's CURRENT_TIMESTAMP is UTC.
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    posts: Mapped[int] = mapped_column(Integer)
    findings: Mapped[int] = mapped_column(Integer)
    tasks: Mapped[int] = mapped_column(Integer)
    document: Mapped[dict[str, Any]] = mapped_column(JSON)


class Task(Base):
    """A rectification task: one per post and rule, tracked from opening until it is closed (对账销号)."""

    __tablename__ = "tasks"
    __table_args__ = (
        CheckConstraint(_in("status", TASK_STATUSES), name="status"),
        Index(None, "post_id", "rule_id"),
        Index(None, "status"),
        Index(None, "org_id"),
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


class TaskEvent(Base):
    """The audit trail of a task: when it was opened, seen again, closed or reopened, and why."""

    __tablename__ = "task_events"
    __table_args__ = (
        CheckConstraint(_in("event", EVENTS), name="event"),
        Index(None, "task_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    task_id: Mapped[str] = mapped_column(ForeignKey("tasks.task_id"))
    assessment_id: Mapped[str | None] = mapped_column(ForeignKey("assessments.assessment_id"))
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    event: Mapped[str] = mapped_column(String(16))
    note: Mapped[str | None] = mapped_column(Text)
