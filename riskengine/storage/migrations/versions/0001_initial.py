"""Assessments, rectification tasks and their audit trail.

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

JSONList = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "assessments",
        sa.Column("assessment_id", sa.String(64), nullable=False),
        sa.Column("engine_version", sa.String(32), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("period_from", sa.Date(), nullable=False),
        sa.Column("period_to", sa.Date(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column("posts", sa.Integer(), nullable=False),
        sa.Column("findings", sa.Integer(), nullable=False),
        sa.Column("tasks", sa.Integer(), nullable=False),
        sa.Column("document", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("assessment_id", name=op.f("pk_assessments")),
    )
    op.create_table(
        "tasks",
        sa.Column("task_id", sa.String(64), nullable=False),
        sa.Column("post_id", sa.String(64), nullable=False),
        sa.Column("org_id", sa.String(64), nullable=False),
        sa.Column("rule_id", sa.String(128), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("measures", JSONList, nullable=False),
        sa.Column("deadline", sa.Date(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("first_assessment_id", sa.String(64), nullable=False),
        sa.Column("last_assessment_id", sa.String(64), nullable=False),
        sa.Column("opened_on", sa.Date(), nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("close_note", sa.Text(), nullable=True),
        sa.Column("finding_ids", JSONList, nullable=False),
        sa.CheckConstraint("status IN ('open', 'closed', 'reopened')", name=op.f("ck_tasks_status")),
        sa.ForeignKeyConstraint(["first_assessment_id"], ["assessments.assessment_id"],
                                name=op.f("fk_tasks_first_assessment_id_assessments")),
        sa.ForeignKeyConstraint(["last_assessment_id"], ["assessments.assessment_id"],
                                name=op.f("fk_tasks_last_assessment_id_assessments")),
        sa.PrimaryKeyConstraint("task_id", name=op.f("pk_tasks")),
    )
    op.create_index(op.f("ix_tasks_post_id_rule_id"), "tasks", ["post_id", "rule_id"])
    op.create_index(op.f("ix_tasks_status"), "tasks", ["status"])
    op.create_index(op.f("ix_tasks_org_id"), "tasks", ["org_id"])
    op.create_table(
        "task_events",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("task_id", sa.String(64), nullable=False),
        sa.Column("assessment_id", sa.String(64), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column("event", sa.String(16), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.CheckConstraint("event IN ('opened', 'seen', 'closed', 'reopened')",
                           name=op.f("ck_task_events_event")),
        sa.ForeignKeyConstraint(["task_id"], ["tasks.task_id"], name=op.f("fk_task_events_task_id_tasks")),
        sa.ForeignKeyConstraint(["assessment_id"], ["assessments.assessment_id"],
                                name=op.f("fk_task_events_assessment_id_assessments")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_task_events")),
    )
    op.create_index(op.f("ix_task_events_task_id"), "task_events", ["task_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_task_events_task_id"), table_name="task_events")
    op.drop_table("task_events")
    op.drop_index(op.f("ix_tasks_org_id"), table_name="tasks")
    op.drop_index(op.f("ix_tasks_status"), table_name="tasks")
    op.drop_index(op.f("ix_tasks_post_id_rule_id"), table_name="tasks")
    op.drop_table("tasks")
    op.drop_table("assessments")
