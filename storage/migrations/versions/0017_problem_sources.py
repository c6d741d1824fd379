"""problem sources, anonymous reports and 12345 hotline work orders (issue 18)

Existing items get the source their reporter's role implies: 窗口受理 (window) for items reported by window staff,
网格走访 (grid_visit) for all others.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("problems") as batch:
        batch.add_column(
            sa.Column("source", sa.String(length=20), server_default="grid_visit", nullable=False)
        )
        batch.add_column(sa.Column("anonymous", sa.Boolean(), server_default=sa.false(), nullable=False))
    op.execute(
        "UPDATE problems SET source = 'window' WHERE reporter_id IN "
        "(SELECT person_id FROM person_roles WHERE role = 'window_staff') AND reporter_id NOT IN "
        "(SELECT person_id FROM person_roles WHERE role = 'grid_worker')"
    )
    op.create_table(
        "hotline_orders",
        sa.Column("problem_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("order_no", sa.String(length=40), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("contact_due", sa.Date(), nullable=False),
        sa.Column("handle_due", sa.Date(), nullable=False),
        sa.Column("callback_due", sa.Date(), nullable=True),
        sa.Column("contacted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("contacted_by", sa.Integer(), nullable=True),
        sa.Column("handled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("handled_by", sa.Integer(), nullable=True),
        sa.Column("called_back_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("called_back_by", sa.Integer(), nullable=True),
        sa.Column("satisfaction", sa.String(length=16), nullable=True),
        sa.Column("warning_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("second_due", sa.Date(), nullable=True),
        sa.Column("second_handled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("second_handled_by", sa.Integer(), nullable=True),
        sa.Column("second_called_back_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("second_called_back_by", sa.Integer(), nullable=True),
        sa.Column("second_satisfaction", sa.String(length=16), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["problem_id"],
            ["problems.id"],
            name=op.f("fk_hotline_orders_problem_id_problems"),
            ondelete="CASCADE",
        ),
        *(
            sa.ForeignKeyConstraint(
                [column], ["people.id"], name=op.f(f"fk_hotline_orders_{column}_people"), ondelete="SET NULL"
            )
            for column in (
                "contacted_by",
                "handled_by",
                "called_back_by",
                "second_handled_by",
                "second_called_back_by",
            )
        ),
        sa.PrimaryKeyConstraint("problem_id", name=op.f("pk_hotline_orders")),
        sa.UniqueConstraint("order_no", name=op.f("uq_hotline_orders_order_no")),
    )


def downgrade() -> None:
    op.drop_table("hotline_orders")
    with op.batch_alter_table("problems") as batch:
        batch.drop_column("anonymous")
        batch.drop_column("source")
