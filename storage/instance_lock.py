"""One bot instance per database when there is no Redis.

Without REDIS_URL the dialogs' state is cached in the process and the per-chat lock lives in the process: a second
instance on the same database would take turns with the first over the same people's dialogs and overwrite them
(seen: hundreds of restarts of /log and DialogStackOverflow). So `gridbot run` without Redis holds a lock for its
lifetime and a second one refuses to start: on SQLite an exclusive lock on a file beside the database (released by
the operating system when the process dies, even by kill -9), on PostgreSQL a session advisory lock (released when
its connection closes, which a dead process's does).
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from sqlalchemy.engine import make_url

ADVISORY_KEY = 0x67726964626F74  # "gridbot"


class InstanceRunning(RuntimeError):
    """Another instance holds this database."""


@asynccontextmanager
async def single_instance(url: str) -> AsyncIterator[None]:
    """Hold the database's instance lock until the block ends; InstanceRunning if another process holds it."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        assert database
        path = Path(f"{database}.instance-lock")
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise InstanceRunning(str(path)) from None
            yield
        finally:
            os.close(fd)  # closing the descriptor releases the lock
        return
    import asyncpg  # the PostgreSQL driver, only when the database is PostgreSQL (storage.db)

    dsn = parsed.set(drivername="postgresql").render_as_string(hide_password=False)
    connection = await asyncpg.connect(dsn)
    try:
        if not await connection.fetchval("SELECT pg_try_advisory_lock($1)", ADVISORY_KEY):
            raise InstanceRunning(parsed.render_as_string(hide_password=True))
        yield
    finally:
        await connection.close()  # ends the session, and with it the advisory lock
