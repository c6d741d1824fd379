"""Engine and sessions for SQLite (the embedded default) and PostgreSQL.

SQLite is opened in WAL mode with a busy timeout, and every transaction starts with BEGIN IMMEDIATE: a writer takes
the write lock up front instead of upgrading a read lock later, which is what makes concurrent updates fail with
"database is locked". Transactions are kept short; nothing here is held across a Telegram call.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TypeVar

from sqlalchemy import Connection, Engine, event
from sqlalchemy import create_engine as sa_create_engine
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

SQLITE_BUSY_TIMEOUT_MS = 30_000
AUTOCOMMIT = "gridbot_autocommit"
T = TypeVar("T")


def _sqlite_pragmas(dbapi_connection) -> None:  # type: ignore[no-untyped-def]
    # Let SQLAlchemy, not the sqlite3 module, decide when transactions begin (see "begin" below).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def create_sync_sqlite_engine(url: str) -> Engine:
    """The same SQLite file through the standard driver, in autocommit mode, for `Database.hot`."""
    sync_url = make_url(url).set(drivername="sqlite")
    engine = sa_create_engine(
        sync_url,
        isolation_level="AUTOCOMMIT",
        pool_reset_on_return=None,
        connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000},
    )
    event.listen(engine, "connect", lambda dbapi_connection, _record: _sqlite_pragmas(dbapi_connection))
    return engine


def create_engine(url: str, *, echo: bool = False) -> AsyncEngine:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_async_engine(url, echo=echo, pool_recycle=1800)

    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_async_engine(url, echo=echo, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection, _record):  # type: ignore[no-untyped-def]
        _sqlite_pragmas(dbapi_connection)

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(conn):  # type: ignore[no-untyped-def]
        if not conn.get_execution_options().get(AUTOCOMMIT):
            conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


class Database:
    """One engine and its session factory; `session()` is a short unit of work that commits on success."""

    def __init__(self, url: str, *, echo: bool = False) -> None:
        self.url = url
        self.engine = create_engine(url, echo=echo)
        self.sessionmaker = async_sessionmaker(self.engine, expire_on_commit=False)
        self._autocommit_engine = self.engine.execution_options(isolation_level="AUTOCOMMIT", **{AUTOCOMMIT: True})
        self._hot_engine: Engine | None = None
        self._hot_thread: ThreadPoolExecutor | None = None
        if self.dialect == "sqlite" and make_url(url).database not in (None, "", ":memory:"):
            self._hot_engine = create_sync_sqlite_engine(url)
            self._hot_thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="gridbot-sqlite")

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @asynccontextmanager
    async def session(self) -> AsyncIterator[AsyncSession]:
        async with self.sessionmaker() as session, session.begin():
            yield session

    async def hot_read(self, work: Callable[[Connection], T]) -> T:
        """Read on the path of every update (who is writing): `work` is plain synchronous SQLAlchemy Core.

        On SQLite it runs right here on the event loop with the standard sqlite3 driver: an indexed read of a few rows
        takes tens of microseconds and, in WAL mode, never waits for a writer, while a trip through aiosqlite's
        thread costs several times the query (most of the time of a button press). On PostgreSQL it runs on an
        autocommit asyncpg connection.
        """
        if self._hot_engine is None:
            async with self._autocommit_engine.connect() as connection:
                return await connection.run_sync(work)
        with self._hot_engine.connect() as connection:
            return work(connection)

    async def hot_write(self, work: Callable[[Connection], T]) -> T:
        """Write on the path of every update (dialog state), each statement atomic on its own.

        On SQLite it runs on one dedicated thread (a writer may have to wait for the lock, which must not stall the
        event loop); the single thread also keeps these writes in order. On PostgreSQL: an autocommit connection.
        """
        if self._hot_engine is None:
            async with self._autocommit_engine.connect() as connection:
                return await connection.run_sync(work)
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._hot_thread, self._run_hot, work)

    def _run_hot(self, work: Callable[[Connection], T]) -> T:
        assert self._hot_engine is not None
        with self._hot_engine.connect() as connection:
            return work(connection)

    async def dispose(self) -> None:
        await self.engine.dispose()
        if self._hot_engine is not None and self._hot_thread is not None:
            await asyncio.get_running_loop().run_in_executor(self._hot_thread, self._hot_engine.dispose)
            self._hot_thread.shutdown(wait=False)
