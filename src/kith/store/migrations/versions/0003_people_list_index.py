"""Indexes for the people list sorted by last touch and for ranking layers by strength

Both keep a read to the rows it needs at 100,000 people: the People page's first
page, and the strongest ties `refresh_layers` ranks after every refresh (each
`kith log` among them), which otherwise sorts every summary.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-05
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("person_summary", schema=None) as batch_op:
        batch_op.create_index(
            "ix_summary_last_touch", ["account_id", "last_touch_at"], unique=False
        )
        batch_op.create_index("ix_summary_strength", ["account_id", "strength"], unique=False)


def downgrade() -> None:
    raise RuntimeError("Kith migrations only go forward; restore a backup instead")
