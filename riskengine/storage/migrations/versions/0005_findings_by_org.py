"""Findings by (org, assessment): the read of one post with its findings.

``GET /api/posts/{id}`` reads the findings of the post's org in one assessment. With an index on
``org_id`` alone PostgreSQL intersects it with the primary key's ``assessment_id`` prefix, which walks
every finding of the assessment (3–4 ms at 45,000 findings, the p99 of the read); one index on both
columns finds the few rows at once. It replaces the index on ``org_id``, which is its prefix.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30
"""

from __future__ import annotations

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(op.f("ix_findings_org_id_assessment_id"), "findings", ["org_id", "assessment_id"])
    op.drop_index(op.f("ix_findings_org_id"), table_name="findings")


def downgrade() -> None:
    op.create_index(op.f("ix_findings_org_id"), "findings", ["org_id"])
    op.drop_index(op.f("ix_findings_org_id_assessment_id"), table_name="findings")
