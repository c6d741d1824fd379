"""problem_cards: the one card of a problem item in each chat, edited in place on every later change

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "problem_cards",
        sa.Column("problem_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("chat_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["problem_id"],
            ["problems.id"],
            name=op.f("fk_problem_cards_problem_id_problems"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_problem_cards_person_id_people"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("problem_id", "chat_id", name=op.f("pk_problem_cards")),
    )


def downgrade() -> None:
    op.drop_table("problem_cards")
