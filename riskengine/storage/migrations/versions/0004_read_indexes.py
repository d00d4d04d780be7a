"""Indexes for the service's read paths: tasks by org in list order.

``GET /api/tasks`` filters by the caller's orgs and pages in (org, post, rule) order: one index on
those three columns serves both the filter and the order, so a page reads only its own rows. It
replaces the index on ``org_id`` alone, which is its prefix.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(op.f("ix_tasks_org_id_post_id_rule_id"), "tasks", ["org_id", "post_id", "rule_id"])
    op.drop_index(op.f("ix_tasks_org_id"), table_name="tasks")


def downgrade() -> None:
    op.create_index(op.f("ix_tasks_org_id"), "tasks", ["org_id"])
    op.drop_index(op.f("ix_tasks_org_id_post_id_rule_id"), table_name="tasks")
