"""What `gridbot run` relies on in production, below the end-to-end modes (tests/e2e/test_modes_e2e.py): one
instance per database without Redis, PostgreSQL's first updates arriving together, and answers that wait out
Telegram's flood control."""

from __future__ import annotations

import asyncio

import pytest
from aiogram.exceptions import TelegramRetryAfter
from aiogram.methods import SendMessage

from bot import telegram_retry
from bot.telegram_retry import RetryInUpdate, in_update
from storage.db import Database
from storage.instance_lock import InstanceRunning, single_instance
from tests.conftest import PG_URL, needs_pg


async def test_a_second_instance_on_the_same_database_without_redis_is_refused(any_db):
    async with single_instance(any_db.url):
        with pytest.raises(InstanceRunning):
            async with single_instance(any_db.url):
                pass
    async with single_instance(any_db.url):  # the first one gone: free again
        pass


def test_gridbot_run_says_why_it_does_not_start(any_db, monkeypatch, capsys):
    """The operator's view: a localized line and exit code 3, not a traceback."""
    from bot.cli import main

    monkeypatch.setenv("BOT_TOKEN", "123456:ABC")
    monkeypatch.setenv("DATABASE_URL", any_db.url)
    monkeypatch.delenv("REDIS_URL", raising=False)
    monkeypatch.setenv("DEFAULT_LOCALE", "zh-CN")

    lock = single_instance(any_db.url)  # another instance holds the database
    loop = asyncio.new_event_loop()
    try:
        loop.run_until_complete(lock.__aenter__())
        assert main(["run"]) == 3
        loop.run_until_complete(lock.__aexit__(None, None, None))
    finally:
        loop.close()
    assert "另一个 GridBot 实例正在使用同一个数据库" in capsys.readouterr().out


@needs_pg
async def test_the_first_updates_after_a_start_share_one_pool_and_one_listener():
    db = Database(PG_URL)  # type: ignore[arg-type]
    try:
        versions = await asyncio.gather(*(db.people_version() for _ in range(30)))
        rows = await asyncio.gather(*(db._hot.fetch("SELECT 1 AS one", []) for _ in range(30)))
        assert None not in versions and len(set(versions)) == 1
        assert all(r[0]["one"] == 1 for r in rows)
        hot = db._hot
        assert hot._pool is not None and hot._listener is not None and not hot._listener.is_closed()  # type: ignore[union-attr]
    finally:
        await db.dispose()


async def test_a_call_refused_by_flood_control_while_answering_is_made_again(monkeypatch):
    monkeypatch.setattr(telegram_retry.asyncio, "sleep", _no_sleep)
    calls: list[str] = []

    async def make_request(bot, method):  # type: ignore[no-untyped-def]
        calls.append(method.text)
        if len(calls) < 3:
            raise TelegramRetryAfter(method=method, message="Too Many Requests", retry_after=1)
        return "sent"

    method = SendMessage(chat_id=1, text="你好")
    middleware = RetryInUpdate()

    async def handler(event, data):  # type: ignore[no-untyped-def]
        return await middleware(make_request, None, method)  # type: ignore[arg-type]

    assert await in_update()(handler, None, {}) == "sent" and len(calls) == 3
    # Outside an update (the outbox sender paces itself) the 429 is passed on at once.
    calls.clear()
    with pytest.raises(TelegramRetryAfter):
        await middleware(make_request, None, method)  # type: ignore[arg-type]
    assert len(calls) == 1


async def test_flood_control_longer_than_an_answer_can_wait_is_passed_on(monkeypatch):
    monkeypatch.setattr(telegram_retry.asyncio, "sleep", _no_sleep)

    async def make_request(bot, method):  # type: ignore[no-untyped-def]
        raise TelegramRetryAfter(method=method, message="Too Many Requests", retry_after=60)

    middleware = RetryInUpdate()

    async def handler(event, data):  # type: ignore[no-untyped-def]
        return await middleware(make_request, None, SendMessage(chat_id=1, text="x"))  # type: ignore[arg-type]

    with pytest.raises(TelegramRetryAfter):
        await in_update()(handler, None, {})


async def _no_sleep(_seconds: float) -> None:
    return None


async def test_a_server_error_or_a_lost_connection_while_answering_is_retried(monkeypatch):
    from aiogram.exceptions import TelegramNetworkError, TelegramServerError

    monkeypatch.setattr(telegram_retry.asyncio, "sleep", _no_sleep)
    method = SendMessage(chat_id=1, text="你好")
    failures = [
        TelegramServerError(method=method, message="Internal Server Error"),
        TelegramNetworkError(method=method, message="Server disconnected"),
    ]

    async def make_request(bot, method):  # type: ignore[no-untyped-def]
        if failures:
            raise failures.pop(0)
        return "sent"

    async def handler(event, data):  # type: ignore[no-untyped-def]
        return await RetryInUpdate()(make_request, None, method)  # type: ignore[arg-type]

    assert await in_update()(handler, None, {}) == "sent" and not failures
