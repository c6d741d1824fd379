"""people version (SQLite): one row whose number triggers raise whenever people or roles change

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-06

On SQLite the bot now remembers who is writing (person, roles, communities, language) between updates, as it does on
PostgreSQL (migration 0002). A change this process makes is seen at once (storage.db notes every write to these
tables); a change from another process (a `gridbot` command, another program) raises `people_version.version`
through these triggers, which the bot reads again at least once a second. PostgreSQL keeps its notifications and
leaves the row alone.

SQLite drops a table's triggers with the table: a later migration that rebuilds one of TABLES on SQLite (Alembic's
batch mode does) must call `create_triggers` again. tests/test_people.py checks every table at the head revision.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None

TABLES = ("people", "person_roles", "communities", "departments", "user_prefs")
OPERATIONS = ("INSERT", "UPDATE", "DELETE")


def create_triggers() -> None:
    for table in TABLES:
        for operation in OPERATIONS:
            op.execute(
                f"CREATE TRIGGER IF NOT EXISTS {table}_{operation.lower()}_people_version "
                f"AFTER {operation} ON {table} "
                "BEGIN UPDATE people_version SET version = version + 1 WHERE id = 1; END"
            )


def upgrade() -> None:
    op.create_table(
        "people_version",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_people_version")),
    )
    op.execute("INSERT INTO people_version (id, version) VALUES (1, 0)")
    if op.get_bind().dialect.name == "sqlite":
        create_triggers()


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for table in TABLES:
            for operation in OPERATIONS:
                op.execute(f"DROP TRIGGER IF EXISTS {table}_{operation.lower()}_people_version")
    op.drop_table("people_version")
