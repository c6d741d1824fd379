"""assessment: quarterly ratings of cadres and their history (issue 7)

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-27

New tables only.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "assessment_ratings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rater_id", sa.Integer(), nullable=False),
        sa.Column("cadre_id", sa.Integer(), nullable=False),
        sa.Column("community_id", sa.Integer(), nullable=False),
        sa.Column("rater_role", sa.String(length=32), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("quarter", sa.Integer(), nullable=False),
        sa.Column("grade", sa.String(length=16), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["rater_id"],
            ["people.id"],
            name=op.f("fk_assessment_ratings_rater_id_people"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["cadre_id"],
            ["people.id"],
            name=op.f("fk_assessment_ratings_cadre_id_people"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["community_id"],
            ["communities.id"],
            name=op.f("fk_assessment_ratings_community_id_communities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessment_ratings")),
        sa.UniqueConstraint(
            "rater_id", "cadre_id", "year", "quarter", name="uq_assessment_ratings_rater_cadre_q"
        ),
    )
    op.create_index("ix_assessment_ratings_period", "assessment_ratings", ["year", "quarter"])
    op.create_index(op.f("ix_assessment_ratings_cadre_id"), "assessment_ratings", ["cadre_id"])
    op.create_table(
        "assessment_rating_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rating_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("grade", sa.String(length=16), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["rating_id"],
            ["assessment_ratings.id"],
            name=op.f("fk_assessment_rating_events_rating_id_assessment_ratings"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessment_rating_events")),
    )
    op.create_index(op.f("ix_assessment_rating_events_rating_id"), "assessment_rating_events", ["rating_id"])


def downgrade() -> None:
    op.drop_table("assessment_rating_events")
    op.drop_table("assessment_ratings")
