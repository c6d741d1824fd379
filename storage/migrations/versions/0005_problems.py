"""problems and suggestions: items, their history, monthly registers (issue 5)

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27

New tables only, so no batch recreation of existing tables (see the note in env.py) is involved.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "problem_registers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("community_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("month", sa.Integer(), nullable=False),
        sa.Column("submitted_by", sa.Integer(), nullable=True),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("signed_by", sa.Integer(), nullable=True),
        sa.Column("signed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["community_id"],
            ["communities.id"],
            name=op.f("fk_problem_registers_community_id_communities"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["submitted_by"],
            ["people.id"],
            name=op.f("fk_problem_registers_submitted_by_people"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["signed_by"],
            ["people.id"],
            name=op.f("fk_problem_registers_signed_by_people"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_problem_registers")),
        sa.UniqueConstraint("community_id", "year", "month", name="uq_problem_registers_community_month"),
    )
    op.create_table(
        "problems",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subdistrict_id", sa.Integer(), nullable=True),
        sa.Column("community_id", sa.Integer(), nullable=False),
        sa.Column("grid_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("category", sa.String(length=40), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("latitude", sa.Double(), nullable=True),
        sa.Column("longitude", sa.Double(), nullable=True),
        sa.Column("address", sa.String(length=300), nullable=True),
        sa.Column("photos", sa.JSON(), nullable=False),
        sa.Column("resident_name", sa.String(length=50), nullable=True),
        sa.Column("resident_phone", sa.String(length=20), nullable=True),
        sa.Column("urgent", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("reopen_to", sa.String(length=16), nullable=True),
        sa.Column("reporter_id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("leader_id", sa.Integer(), nullable=True),
        sa.Column("escalated", sa.Boolean(), nullable=False),
        sa.Column("city_flag", sa.Boolean(), nullable=False),
        sa.Column("city_note", sa.Text(), nullable=True),
        sa.Column("advice", sa.Text(), nullable=True),
        sa.Column("result", sa.Text(), nullable=True),
        sa.Column("result_photos", sa.JSON(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("log_id", sa.Integer(), nullable=True),
        sa.Column("observed_on", sa.Date(), nullable=True),
        sa.Column("register_id", sa.Integer(), nullable=True),
        sa.Column("reported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("urgent_pushed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("urgent_rounds", sa.Integer(), nullable=False),
        sa.Column("urgent_acked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("urgent_acked_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["subdistrict_id"],
            ["subdistricts.id"],
            name=op.f("fk_problems_subdistrict_id_subdistricts"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["community_id"],
            ["communities.id"],
            name=op.f("fk_problems_community_id_communities"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["grid_id"], ["grids.id"], name=op.f("fk_problems_grid_id_grids"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["reporter_id"], ["people.id"], name=op.f("fk_problems_reporter_id_people"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["people.id"], name=op.f("fk_problems_owner_id_people"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["leader_id"], ["people.id"], name=op.f("fk_problems_leader_id_people"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["register_id"],
            ["problem_registers.id"],
            name=op.f("fk_problems_register_id_problem_registers"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["urgent_acked_by"],
            ["people.id"],
            name=op.f("fk_problems_urgent_acked_by_people"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_problems")),
    )
    op.create_index("ix_problems_open", "problems", ["community_id", "status"], unique=False)
    op.create_index(op.f("ix_problems_reported_at"), "problems", ["reported_at"], unique=False)
    op.create_table(
        "problem_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("problem_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("move", sa.String(length=16), nullable=False),
        sa.Column("from_status", sa.String(length=16), nullable=True),
        sa.Column("to_status", sa.String(length=16), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["problem_id"],
            ["problems.id"],
            name=op.f("fk_problem_events_problem_id_problems"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["people.id"], name=op.f("fk_problem_events_actor_id_people"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_problem_events")),
    )
    op.create_index(op.f("ix_problem_events_problem_id"), "problem_events", ["problem_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_problem_events_problem_id"), table_name="problem_events")
    op.drop_table("problem_events")
    op.drop_index(op.f("ix_problems_reported_at"), table_name="problems")
    op.drop_index("ix_problems_open", table_name="problems")
    op.drop_table("problems")
    op.drop_table("problem_registers")
