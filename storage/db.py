"""Engine and sessions for SQLite (the embedded default) and PostgreSQL.

SQLite is opened in WAL mode with a busy timeout, and every transaction starts with BEGIN IMMEDIATE: a writer takes
the write lock up front instead of upgrading a read lock later, which is what makes concurrent updates fail with
"database is locked". Transactions are kept short; nothing here is held across a Telegram call.
"""

from __future__ import annotations

import asyncio
import re
import sqlite3
import time
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import ClauseElement, event
from sqlalchemy.engine import CursorResult, Result, make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.sql.compiler import SQLCompiler

if TYPE_CHECKING:  # imported where PostgreSQL is used: a bot on SQLite never loads the driver (≈ 3 MB)
    import asyncpg
    from sqlalchemy.dialects.postgresql import Insert as PgInsert
    from sqlalchemy.dialects.sqlite import Insert as SqliteInsert

SQLITE_BUSY_TIMEOUT_MS = 30_000
PEOPLE_CHANNEL = "gridbot_people"
READ_ONLY = "gridbot_read_only"  # execution option of Database.read_session's connection

# Who is writing (person, roles, communities, language) is remembered between updates until it may have changed. A
# change this process makes is noted here as it is written and counted once its connection goes back to the pool,
# after the commit; other processes' changes reach the bot through PostgreSQL's notifications (migration 0002) or
# SQLite's triggers on people_version (migration 0020).
_WRITES_PEOPLE = re.compile(
    r"^\s*(?:WITH\b.*?)?(?:INSERT(?:\s+OR\s+\w+)?\s+INTO|UPDATE(?:\s+OR\s+\w+)?|DELETE\s+FROM|REPLACE\s+INTO)\s+"
    r'"?(?:people|person_roles|communities|departments|user_prefs)\b',
    re.IGNORECASE | re.DOTALL,
)
_PEOPLE_WRITTEN = "gridbot_people_written"  # in a pooled connection's info until it is checked in
_people_writes = 0  # this process's committed (or rolled back) writes to those tables, as counted at check-in
PEOPLE_VERSION_SQL = "SELECT version FROM people_version WHERE id = 1"


def _note_people_write(conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
    if statement[:6].upper() != "SELECT" and _WRITES_PEOPLE.match(statement):
        conn.info[_PEOPLE_WRITTEN] = True


def _count_people_write(_dbapi_connection: Any, record: Any) -> None:
    global _people_writes
    if record is not None and record.info.pop(_PEOPLE_WRITTEN, False):
        _people_writes += 1


def _watch_people_writes(engine: AsyncEngine) -> AsyncEngine:
    event.listen(engine.sync_engine, "after_cursor_execute", _note_people_write)
    event.listen(engine.sync_engine, "checkin", _count_people_write)
    return engine


def _sqlite_pragmas(dbapi_connection, busy_timeout_ms: int = SQLITE_BUSY_TIMEOUT_MS) -> None:
    # Autocommit at the driver: SQLAlchemy sessions issue BEGIN IMMEDIATE themselves (see "begin" below), and
    # the hot path's single statements are each their own transaction.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={busy_timeout_ms}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def create_engine(url: str, *, echo: bool = False) -> AsyncEngine:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return _watch_people_writes(create_async_engine(url, echo=echo, pool_recycle=1800))

    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_async_engine(url, echo=echo, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection, _record):
        _sqlite_pragmas(dbapi_connection)

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(conn):
        # A long read (Database.read_session) takes a snapshot without the write lock: in WAL mode writers go on.
        deferred = conn.get_execution_options().get(READ_ONLY, False)
        conn.exec_driver_sql("BEGIN" if deferred else "BEGIN IMMEDIATE")

    return _watch_people_writes(engine)


class _SqliteHotPath:
    """Two plain sqlite3 connections: reads run on the event loop (an indexed read of a few rows takes tens of
    microseconds and, in WAL mode, never waits for a writer), writes on one dedicated thread (a writer may wait for
    the lock, which must not stall the loop; one thread also keeps the writes in order). aiosqlite costs several
    thread hops per statement, which was most of the time of a button press."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._reader: sqlite3.Connection | None = None
        self._writer: sqlite3.Connection | None = None
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="gridbot-sqlite")

    def _connect(self, busy_timeout_ms: int = SQLITE_BUSY_TIMEOUT_MS) -> sqlite3.Connection:
        connection = sqlite3.connect(self.path, timeout=busy_timeout_ms / 1000, check_same_thread=False)
        _sqlite_pragmas(connection, busy_timeout_ms)  # autocommit: each statement is its own transaction
        return connection

    async def fetch(self, sql: str, args: Sequence[Any]) -> list[dict[str, Any]]:
        if self._reader is None:
            # In WAL mode a reader does not wait for writers; should it ever be told "busy" (recovery, a
            # checkpoint), it gives up after a moment rather than stall every user on the event loop.
            self._reader = self._connect(busy_timeout_ms=1000)
        cursor = self._reader.execute(sql, args)
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    async def execute(self, sql: str, argsets: Sequence[Sequence[Any]]) -> int:
        return await asyncio.get_running_loop().run_in_executor(self._thread, self._write, sql, argsets)

    def _write(self, sql: str, argsets: Sequence[Sequence[Any]]) -> int:
        if self._writer is None:
            self._writer = self._connect()
        return self._writer.executemany(sql, argsets).rowcount

    async def close(self) -> None:
        if self._reader is not None:
            self._reader.close()
        await asyncio.get_running_loop().run_in_executor(self._thread, self._close_writer)
        self._thread.shutdown(wait=False)

    def _close_writer(self) -> None:
        if self._writer is not None:
            self._writer.close()


class _PostgresHotPath:
    """asyncpg's own pool: a checkout costs a fraction of SQLAlchemy's, and the hot statements change no session
    state, so a returned connection needs no reset round trip. Its commits do not wait for the WAL to reach disk
    (synchronous_commit=off): these are dialog positions, which a PostgreSQL crash may lose for the last fraction of
    a second without corrupting anything; records that matter go through `session()` with full durability."""

    def __init__(self, url: str) -> None:
        self.dsn = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
        self._pool: asyncpg.Pool | None = None
        self._listener: asyncpg.Connection | None = None
        self._version = 0
        self._listen_again_at = 0.0
        self._listen_lock = asyncio.Lock()
        self._pool_lock = asyncio.Lock()

    async def people_version(self) -> int | None:
        """A number PostgreSQL bumps (NOTIFY from the triggers of migration 0002) whenever people, their roles,
        communities, departments or language preferences change, in any process; None while not listening.

        The first updates after a start arrive together: one of them opens the LISTEN connection while the others
        wait for it (a lock), so none sees a half-made listener."""
        if self._listener is not None and not self._listener.is_closed():
            return self._version
        async with self._listen_lock:
            if self._listener is not None and not self._listener.is_closed():
                return self._version
            if time.monotonic() < self._listen_again_at:
                return None
            import asyncpg

            listener: asyncpg.Connection | None = None
            try:
                listener = await asyncpg.connect(self.dsn)
                await listener.add_listener(PEOPLE_CHANNEL, self._people_changed)
                listener.add_termination_listener(self._listener_lost)
            except (OSError, asyncpg.PostgresError):
                if listener is not None:
                    listener.terminate()
                self._listen_again_at = time.monotonic() + 30
                return None
            self._listener = listener
            self._version += 1  # whatever was remembered before could have missed a change
            return self._version

    def _people_changed(self, *_: object) -> None:
        self._version += 1

    def _listener_lost(self, *_: object) -> None:
        self._version += 1
        self._listener = None

    async def _get_pool(self) -> asyncpg.Pool:
        if self._pool is not None:
            return self._pool
        async with self._pool_lock:  # the first updates after a start arrive together: one pool, not several
            if self._pool is None:
                import asyncpg

                self._pool = await asyncpg.create_pool(
                    self.dsn,
                    min_size=1,
                    max_size=10,
                    server_settings={"synchronous_commit": "off"},
                    reset=_no_reset,
                )
        return self._pool

    async def fetch(self, sql: str, args: Sequence[Any]) -> list[Mapping[str, Any]]:
        return await (await self._get_pool()).fetch(sql, *args)

    async def execute(self, sql: str, argsets: Sequence[Sequence[Any]]) -> int | None:
        pool = await self._get_pool()
        if len(argsets) == 1:  # the usual case; executemany's pipeline costs more for a single row
            status = await pool.execute(sql, *argsets[0])  # "INSERT 0 1", "UPDATE 3": the count comes last
            return int(status.rsplit(" ", 1)[-1]) if status and status[-1].isdigit() else None
        await pool.executemany(sql, argsets)
        return None  # asyncpg does not count the rows of executemany

    async def close(self) -> None:
        if self._listener is not None:
            listener, self._listener = self._listener, None
            await listener.close()
        if self._pool is not None:
            await self._pool.close()


async def _no_reset(_connection: asyncpg.Connection) -> None:
    pass


class Database:
    """One engine and its session factory; `session()` is a short unit of work that commits on success."""

    # How long SQLite's people_version is taken as read: the longest another process's change to people waits
    # before the bot sees it (this process's own changes are seen at once).
    people_recheck_seconds = 1.0

    def __init__(self, url: str, *, echo: bool = False) -> None:
        self.url = url
        self._people_version: int | None = None
        self._people_recheck_at = 0.0
        self.engine = create_engine(url, echo=echo)
        self.sessionmaker = async_sessionmaker(self.engine, expire_on_commit=False)
        self._compiled: dict[ClauseElement, tuple[str, tuple[str, ...]]] = {}
        self._hot: _SqliteHotPath | _PostgresHotPath
        if self.dialect == "sqlite":
            database = make_url(url).database
            if not database or database == ":memory:":
                raise ValueError("GridBot needs a SQLite file, not an in-memory database")
            self._hot = _SqliteHotPath(database)
        else:
            self._hot = _PostgresHotPath(url)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @asynccontextmanager
    async def session(self) -> AsyncIterator[AsyncSession]:
        async with self.sessionmaker() as session, session.begin():
            yield session

    @asynccontextmanager
    async def read_session(self) -> AsyncIterator[AsyncSession]:
        """A long read (an export of a district month): one consistent snapshot that, on SQLite, does not hold
        the write lock `session()` takes (BEGIN IMMEDIATE), so nobody's writes wait for it. Not for writing."""
        async with self.engine.connect() as connection:
            reader = await connection.execution_options(**{READ_ONLY: True})
            async with AsyncSession(bind=reader, expire_on_commit=False) as session:
                yield session  # closing the session ends (rolls back) the read transaction

    async def people_version(self) -> tuple[int, int] | None:
        """A pair that moves on whenever people, their roles, communities, departments or language preferences may
        have changed: what the database says (PostgreSQL's notifications; SQLite's people_version, read again once
        `people_recheck_seconds` passed) and this process's own writes, counted once committed. None while the
        database says nothing (PostgreSQL not listening, a SQLite file without migration 0020): read every time."""
        own = _people_writes  # taken first: a write counted after this read moves the next pair on
        if isinstance(self._hot, _PostgresHotPath):
            notified = await self._hot.people_version()
            return None if notified is None else (notified, own)
        now = time.monotonic()
        if now >= self._people_recheck_at:
            try:
                rows = await self._hot.fetch(PEOPLE_VERSION_SQL, [])
            except sqlite3.OperationalError:  # no such table yet
                rows = []
            self._people_version = int(rows[0]["version"]) if rows else None
            self._people_recheck_at = now + self.people_recheck_seconds
        return None if self._people_version is None else (self._people_version, own)

    async def hot_fetch(self, stmt: ClauseElement, params: Mapping[str, Any]) -> Sequence[Mapping[str, Any]]:
        """Read on the path of every update (who is writing): one statement, compiled once, rows as mappings."""
        sql, order = self._compile(stmt)
        return await self._hot.fetch(sql, [params[name] for name in order])

    async def hot_execute(self, stmt: ClauseElement, rows: Sequence[Mapping[str, Any]]) -> int | None:
        """Write on the path of every update (dialog state): one statement per row, each atomic on its own,
        executed in the order of the calls. Returns the rows it changed (None when the driver does not say: several
        rows on PostgreSQL)."""
        sql, order = self._compile(stmt)
        return await self._hot.execute(sql, [[row[name] for name in order] for row in rows])

    def _compile(self, stmt: ClauseElement) -> tuple[str, tuple[str, ...]]:
        compiled = self._compiled.get(stmt)
        if compiled is None:
            c = stmt.compile(dialect=self.engine.dialect)
            assert isinstance(c, SQLCompiler)  # a query or DML statement, not DDL
            compiled = self._compiled[stmt] = (str(c), tuple(c.positiontup or ()))
        return compiled

    async def dispose(self) -> None:
        await self._hot.close()
        await self.engine.dispose()


def insert_for(dialect: str) -> Callable[[Any], PgInsert | SqliteInsert]:
    """The database's own INSERT, the one with ON CONFLICT (`on_conflict_do_nothing`, `on_conflict_do_update`).
    PostgreSQL's dialect module (≈ 40 ms to import) is loaded only by a bot on PostgreSQL."""
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert


def rowcount(result: Result[Any]) -> int:
    """The rows an UPDATE, DELETE or INSERT touched. Session.execute hands back a CursorResult for these
    statements but is typed to return a plain Result, which has no rowcount."""
    return cast(CursorResult[Any], result).rowcount
