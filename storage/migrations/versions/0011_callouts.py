"""emergency call-outs 应急分队: call-outs, who they were sent to and their answers, the timeline, neighbours (issue 8)

Revision ID: 0011
Revises: 0009
Create Date: 2026-11-27

New tables only.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0009"
branch_labels = None
depends_on = None


def _fk(table: str, column: str, target: str, ondelete: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}"), ondelete=ondelete
    )


def upgrade() -> None:
    op.create_table(
        "callouts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("community_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("address", sa.String(length=300), nullable=True),
        sa.Column("need", sa.Text(), nullable=False),
        sa.Column("brigade", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("caller_id", sa.Integer(), nullable=True),
        sa.Column("caller_chat_id", sa.BigInteger(), nullable=True),
        sa.Column("raised_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("widen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("widen_checked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("widened", sa.Boolean(), nullable=False),
        sa.Column("roll_seq", sa.Integer(), nullable=False),
        sa.Column("roll_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_by", sa.Integer(), nullable=True),
        sa.Column("outcome", sa.Text(), nullable=True),
        _fk("callouts", "community_id", "communities", "CASCADE"),
        _fk("callouts", "caller_id", "people", "SET NULL"),
        _fk("callouts", "closed_by", "people", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_callouts")),
    )
    op.create_index("ix_callouts_status_widen", "callouts", ["status", "widen_at"])
    op.create_table(
        "callout_targets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("callout_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("wave", sa.String(length=10), nullable=False),
        sa.Column("community_id", sa.Integer(), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answer", sa.String(length=10), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        _fk("callout_targets", "callout_id", "callouts", "CASCADE"),
        _fk("callout_targets", "person_id", "people", "CASCADE"),
        _fk("callout_targets", "community_id", "communities", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_callout_targets")),
        sa.UniqueConstraint("callout_id", "person_id", name="uq_callout_targets_callout_person"),
    )
    op.create_index(op.f("ix_callout_targets_callout_id"), "callout_targets", ["callout_id"])
    op.create_table(
        "callout_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("callout_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        _fk("callout_events", "callout_id", "callouts", "CASCADE"),
        _fk("callout_events", "person_id", "people", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_callout_events")),
    )
    op.create_index(op.f("ix_callout_events_callout_id"), "callout_events", ["callout_id"])
    op.create_table(
        "community_neighbours",
        sa.Column("community_id", sa.Integer(), nullable=False),
        sa.Column("neighbour_id", sa.Integer(), nullable=False),
        _fk("community_neighbours", "community_id", "communities", "CASCADE"),
        _fk("community_neighbours", "neighbour_id", "communities", "CASCADE"),
        sa.PrimaryKeyConstraint("community_id", "neighbour_id", name=op.f("pk_community_neighbours")),
    )


def downgrade() -> None:
    op.drop_table("community_neighbours")
    op.drop_index(op.f("ix_callout_events_callout_id"), table_name="callout_events")
    op.drop_table("callout_events")
    op.drop_index(op.f("ix_callout_targets_callout_id"), table_name="callout_targets")
    op.drop_table("callout_targets")
    op.drop_index("ix_callouts_status_widen", table_name="callouts")
    op.drop_table("callouts")
