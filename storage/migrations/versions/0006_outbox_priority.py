"""outbox: priority (emergency call-outs overtake routine notices) and the sent message's Telegram id (for edits)

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-27

Two added columns with defaults: plain ALTER TABLE ADD COLUMN on SQLite and PostgreSQL, no table rebuild.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("outbox", sa.Column("priority", sa.Integer(), nullable=False, server_default="0"))
    op.add_column("outbox", sa.Column("message_id", sa.BigInteger(), nullable=True))


def downgrade() -> None:
    op.drop_column("outbox", "message_id")
    op.drop_column("outbox", "priority")
