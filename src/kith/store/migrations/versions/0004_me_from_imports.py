"""The user's identities and name carry the import that brought them

So `kith import --undo` takes back the `me` an import found (a WhatsApp owner, a
LinkedIn profile) and leaves what the user said with `kith me`.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("me_identities", schema=None) as batch_op:
        batch_op.add_column(sa.Column("import_id", sa.Integer(), nullable=True))
    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("me_name_import_id", sa.Integer(), nullable=True))


def downgrade() -> None:
    raise RuntimeError("Kith migrations only go forward; restore a backup instead")
