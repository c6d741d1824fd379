"""Shared fixtures: databases (SQLite always; PostgreSQL and Redis when TEST_DATABASE_URL / TEST_REDIS_URL are set)
and an in-process bot whose Telegram is `tests.tg.FakeTelegram`."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from datetime import datetime

import pytest
from sqlalchemy import text

import locales
from bot.app import make_dispatcher
from bot.config import Settings
from storage.db import Database
from storage.migrate import upgrade
from tests.factories import NOW
from tests.tg import TgUser, make_fake_bot

# A message rendered without one of its variables fails the test (in production it is logged: locales.tr_from).
locales.STRICT = True

SYSTEM_DATE_HELP = (
    "move this test process's wall clock (time.time, datetime.now, date.today) to this instant, ISO with its offset, "
    "ticking on from there; the tests' and the bot's own clocks are unchanged, so a test or code that reads the real "
    "clock shows up (make test-dates). Also TEST_SYSTEM_DATE."
)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--system-date", default=os.environ.get("TEST_SYSTEM_DATE") or None, help=SYSTEM_DATE_HELP
    )


def pytest_configure(config: pytest.Config) -> None:
    value = config.getoption("--system-date")
    if value:
        import time_machine

        instant = datetime.fromisoformat(value)
        if instant.tzinfo is None:
            raise pytest.UsageError(f"--system-date {value}: give the offset, e.g. {value}+08:00")
        traveller = time_machine.travel(instant, tick=True)
        traveller.start()
        config.add_cleanup(traveller.stop)


def pytest_report_header(config: pytest.Config) -> str | None:
    value = config.getoption("--system-date")
    return f"system date moved to {value} (--system-date)" if value else None


PG_URL = os.environ.get("TEST_DATABASE_URL")
REDIS_URL = os.environ.get("TEST_REDIS_URL")
needs_pg = pytest.mark.skipif(not PG_URL, reason="TEST_DATABASE_URL not set: PostgreSQL tests skipped")
needs_redis = pytest.mark.skipif(not REDIS_URL, reason="TEST_REDIS_URL not set: Redis tests skipped")


async def fresh_database(kind: str, tmp_path) -> Database:  # type: ignore[no-untyped-def]
    if kind == "sqlite":
        db = Database(f"sqlite+aiosqlite:///{tmp_path}/gridbot.sqlite3")
    else:
        db = Database(PG_URL)  # type: ignore[arg-type]
        async with db.engine.begin() as conn:
            await conn.execute(text("DROP SCHEMA public CASCADE"))
            await conn.execute(text("CREATE SCHEMA public"))
    await upgrade(db)
    return db


@pytest.fixture
async def db(tmp_path) -> AsyncIterator[Database]:  # type: ignore[no-untyped-def]
    database = await fresh_database("sqlite", tmp_path)
    yield database
    await database.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=needs_pg)])
async def any_db(request, tmp_path) -> AsyncIterator[Database]:  # type: ignore[no-untyped-def]
    database = await fresh_database(request.param, tmp_path)
    yield database
    await database.dispose()


class Clock:
    def __init__(self, now: datetime = NOW) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def settings(tmp_path) -> Settings:  # type: ignore[no-untyped-def]
    return Settings(
        _env_file=None,
        database_url=f"sqlite+aiosqlite:///{tmp_path}/gridbot.sqlite3",
        media_dir=tmp_path / "media",
    )


class BotHarness:
    def __init__(self, settings: Settings, db: Database, clock: Clock) -> None:
        self.settings, self.db, self.clock = settings, db, clock
        self.bot, self.telegram = make_fake_bot()
        self.dp = make_dispatcher(settings, db, clock=clock)  # storage and lock by bot.app.make_storage
        self.restarted: list[Database] = []

    def user(self, user_id: int, language: str = "zh-hans") -> TgUser:
        return TgUser(self.dp, self.bot, self.telegram, user_id, language)

    async def deliver(self) -> int:
        """Send everything the outbox holds now, as the running bot's sender would (no pacing in tests)."""
        from bot.sender import OutboxSender, RateLimiter

        sender = OutboxSender(
            self.bot,
            self.restarted[-1] if self.restarted else self.db,
            self.clock,
            limiter=RateLimiter(per_second=1e6, chat_interval=0),
        )
        total = 0
        while sent := await sender.drain_once():
            total += sent
        return total

    async def restart(self) -> None:
        """Stop as `gridbot run` does (storage closed), then a new dispatcher, storage and engine on the same
        database, as after a process restart; the chats on the Telegram side are kept."""
        await self.dp.storage.close()
        self.restarted.append(Database(self.db.url))
        self.dp = make_dispatcher(self.settings, self.restarted[-1], clock=self.clock)


@pytest.fixture
async def harness(settings: Settings, db: Database, clock: Clock) -> AsyncIterator[BotHarness]:
    bot_harness = BotHarness(settings, db, clock)
    yield bot_harness
    await bot_harness.dp.storage.close()
    for database in bot_harness.restarted:
        await database.dispose()
