"""people change notifications (PostgreSQL): triggers NOTIFY gridbot_people when people or roles change

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27

The bot remembers who is writing (person, roles, communities, language) between updates and forgets it when
PostgreSQL says any of these tables changed, from whichever process changed them. SQLite has no notifications; there
the bot reads every time, which is cheap.
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

TABLES = ("people", "person_roles", "communities", "departments", "user_prefs")


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        """
        CREATE FUNCTION gridbot_people_changed() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM pg_notify('gridbot_people', TG_TABLE_NAME);
            RETURN NULL;
        END
        $$
        """
    )
    for table in TABLES:
        op.execute(
            f"CREATE TRIGGER {table}_notify_people AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION gridbot_people_changed()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in TABLES:
        op.execute(f"DROP TRIGGER {table}_notify_people ON {table}")
    op.execute("DROP FUNCTION gridbot_people_changed()")
