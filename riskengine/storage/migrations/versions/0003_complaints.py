"""Residents' complaints filed on the public page (码上监督).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "complaints",
        sa.Column("complaint_id", sa.String(64), nullable=False),
        sa.Column("org_id", sa.String(64), nullable=False),
        sa.Column("filed_on", sa.Date(), nullable=False),
        sa.Column("filed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("category", sa.String(32), nullable=False),
        sa.Column("target_post_id", sa.String(64), nullable=True),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("contact", sa.Text(), nullable=True),
        sa.Column("client", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("complaint_id", name=op.f("pk_complaints")),
    )
    op.create_index(op.f("ix_complaints_org_id"), "complaints", ["org_id"])
    op.create_index(op.f("ix_complaints_client_filed_at"), "complaints", ["client", "filed_at"])


def downgrade() -> None:
    op.drop_index(op.f("ix_complaints_client_filed_at"), table_name="complaints")
    op.drop_index(op.f("ix_complaints_org_id"), table_name="complaints")
    op.drop_table("complaints")
