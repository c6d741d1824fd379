"""people: when an administrator deactivated a person (`gridbot person deactivate`)

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-27

`people.active` also turns false when Telegram says the person blocked the bot, and true again when they write;
`deactivated_at` is the administrator's decision, which only `gridbot person activate` undoes.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("people", sa.Column("deactivated_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("people") as batch:
        batch.drop_column("deactivated_at")
