"""Alembic migrations, run programmatically (`gridbot db upgrade`, and on every start)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.engine import Connection

from storage.db import Database

MIGRATIONS = Path(__file__).parent / "migrations"
MIGRATION_LOCK_KEY = 0x6772_6964  # "grid"


def alembic_config(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url)
    return cfg


def revisions(url: str = "sqlite://") -> list[str]:
    """All revisions, oldest first."""
    script = ScriptDirectory.from_config(alembic_config(url))
    return [rev.revision for rev in reversed(list(script.walk_revisions()))]


async def _run(db: Database, fn, revision: str) -> None:
    cfg = alembic_config(db.url)

    def _in_sync(connection: Connection) -> None:
        cfg.attributes["connection"] = connection
        fn(cfg, revision)

    async with db.engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            # Several instances starting at once migrate one after the other (released at commit); SQLite's
            # BEGIN IMMEDIATE already does the same.
            await connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
        await connection.run_sync(_in_sync)


async def upgrade(db: Database, revision: str = "head") -> None:
    await _run(db, command.upgrade, revision)


async def downgrade(db: Database, revision: str) -> None:
    await _run(db, command.downgrade, revision)


@asynccontextmanager
async def migrated_database(url: str) -> AsyncIterator[Database]:
    """A database brought up to the newest revision, disposed on the way out: what every CLI command starts with."""
    db = Database(url)
    try:
        await upgrade(db)
        yield db
    finally:
        await db.dispose()
