"""Feishu (issue 19): integer ids for Feishu's string ids, the Feishu events taken in, people.feishu_id

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "messenger_ids",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("messenger", sa.String(length=10), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("external", sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_messenger_ids")),
        sa.UniqueConstraint("messenger", "kind", "external", name="uq_messenger_ids_messenger_kind_external"),
    )
    op.create_table(
        "feishu_events",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("event_id", sa.String(length=100), nullable=False),
        sa.Column("received_at", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feishu_events")),
        sa.UniqueConstraint("event_id", name=op.f("uq_feishu_events_event_id")),
    )
    with op.batch_alter_table("people") as batch:
        batch.add_column(sa.Column("feishu_id", sa.BigInteger(), nullable=True))
        batch.create_unique_constraint(batch.f("uq_people_feishu_id"), ["feishu_id"])


def downgrade() -> None:
    with op.batch_alter_table("people") as batch:
        batch.drop_constraint(batch.f("uq_people_feishu_id"), type_="unique")
        batch.drop_column("feishu_id")
    op.drop_table("feishu_events")
    op.drop_table("messenger_ids")
