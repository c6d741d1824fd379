"""Alembic environment: runs on the connection handed over by `storage.migrate` (async engines), or on its own."""

from __future__ import annotations

import asyncio

from alembic import context
from sqlalchemy.engine import Connection

from storage.db import create_engine
from storage.models import Base

config = context.config
target_metadata = Base.metadata


# For whoever writes the next migration: SQLite connections run with PRAGMA foreign_keys=ON (storage/db.py), and a
# batch operation (render_as_batch) recreates the table; on `people` or `communities` that would fire ON DELETE
# CASCADE into person_roles / person_grids. Such a migration must switch foreign keys off on the connection before
# its transaction begins, and run PRAGMA foreign_key_check afterwards.


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


async def _run_with_own_engine(url: str) -> None:
    engine = create_engine(url)
    async with engine.connect() as connection:
        await connection.run_sync(_run)
        await connection.commit()
    await engine.dispose()


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
elif context.is_offline_mode():
    context.configure(url=config.get_main_option("sqlalchemy.url"), target_metadata=target_metadata)
    with context.begin_transaction():
        context.run_migrations()
else:
    url = config.get_main_option("sqlalchemy.url")
    if url is None:
        raise RuntimeError("alembic: no sqlalchemy.url to migrate")
    asyncio.run(_run_with_own_engine(url))
