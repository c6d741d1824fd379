"""The sender does not let one busy chat set the pace of a batch: its later messages wait their turn in the queue.
Its pace never exceeds a strict server's limit (no more than the limit in any one-second window), and each chat's
messages arrive once each, in the order queued, even when some calls are answered 429 or 500."""

from __future__ import annotations

import asyncio
import random
from datetime import timedelta
from typing import Any

import pytest
from aiogram import Bot
from aiogram.exceptions import TelegramRetryAfter, TelegramServerError
from aiogram.methods import TelegramMethod
from sqlalchemy import select

from bot.config import Settings
from bot.sender import OutboxSender, RateLimiter
from sandbox.limits import LimitConfig
from sandbox.limits import RateLimiter as ServerLimits
from storage import outbox
from storage.db import Database
from storage.models import OutboxMessage
from tests.factories import NOW
from tests.tg import FakeTelegram, make_fake_bot


async def test_busy_chat_is_deferred_not_waited_for(any_db, clock):
    async with any_db.session() as s:
        for i in range(3):
            await outbox.enqueue(s, key=f"busy{i}", chat_id=5, payload={"text": f"忙{i}"}, now=NOW)
        for chat in (6, 7, 8):
            await outbox.enqueue(s, key=f"other{chat}", chat_id=chat, payload={"text": "其他"}, now=NOW)
    bot, telegram = make_fake_bot()
    sender = OutboxSender(bot, any_db, clock, limiter=RateLimiter())
    await sender.drain_once()
    # One to chat 5 and one to each other chat went at once; chat 5's next two wait in the queue for its turn.
    assert telegram.texts(5) == ["忙0"] and all(telegram.texts(c) == ["其他"] for c in (6, 7, 8))
    first, last = telegram.send_times[0][1], telegram.send_times[-1][1]
    assert last - first < 0.5
    async with any_db.session() as s:
        rows = (
            (
                await s.execute(
                    select(OutboxMessage)
                    .where(OutboxMessage.status == "pending")
                    .order_by(OutboxMessage.not_before)
                )
            )
            .scalars()
            .all()
        )
    # Never claimed: they waited in the queue, free for any sender, not held by this one.
    assert [(r.key, r.attempts, r.not_before) for r in rows] == [("busy1", 0, NOW), ("busy2", 0, NOW)]
    # Their turn comes: they go, in order, one a second.
    clock.now = NOW + timedelta(seconds=5)
    while await sender.drain_once():
        pass
    assert telegram.texts(5) == ["忙0", "忙1", "忙2"]


# --- pacing against a strict server (issue 14) ---


class Timer:
    """A monotonic clock the test moves by hand (`RateLimiter(timer=...)`)."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _call(limiter: RateLimiter, timer: Timer, chat_id: int, answer_after: float | None = 0.0) -> float:
    """Book a turn, move the clock to it, start the call there and have it answered `answer_after` later (None: no
    answer yet); returns the booked start."""
    slot = limiter.reserve(chat_id)
    timer.now = slot.at
    limiter.began(slot)
    if answer_after is not None:
        timer.now += answer_after
        limiter.ended(slot)
        timer.now = slot.at
    return slot.at


def test_calls_are_paced_evenly_at_the_limit_without_catching_up():
    timer = Timer()
    limiter = RateLimiter(per_second=10, chat_interval=0, timer=timer)
    starts = [_call(limiter, timer, chat_id=c) for c in range(5)]
    assert [round(s - 1000, 6) for s in starts] == [0.0, 0.1, 0.2, 0.3, 0.4]
    timer.now = 1000.75  # the sender was busy: its turn at 1000.5 went by unused
    late = limiter.reserve(6)
    assert (late.at, late.delay) == (1000.75, 0.0)
    # The lost turn is not made up for with a burst: the next call is a full interval later.
    assert limiter.reserve(7).delay == pytest.approx(0.1)


def test_a_call_waits_until_the_one_a_window_before_has_surely_left_the_servers_window():
    timer = Timer()
    limiter = RateLimiter(per_second=3, chat_interval=0, transit=0.05, timer=timer)
    first = _call(limiter, timer, 1, answer_after=0.02)  # the server counted it at 1000.02 at the latest
    _call(limiter, timer, 2, answer_after=0.02)
    _call(limiter, timer, 3, answer_after=0.02)
    # Even pacing alone would start the fourth at 1001.0, when the first may still be in a server's last second.
    assert _call(limiter, timer, 4) == pytest.approx(first + 1.02)
    # A call not answered within `transit` is taken to have reached the server by then (it may hang for seconds).
    slow = _call(limiter, timer, 5, answer_after=None)
    _call(limiter, timer, 6)
    _call(limiter, timer, 7)
    assert _call(limiter, timer, 8) == pytest.approx(slow + 1.05)


class StrictTelegram(FakeTelegram):
    """The fake Telegram behind the emulator's strict limits (`sandbox.limits`, global limit as a sliding window: no
    more than `per_second` sends in any one second; per chat a burst of 3 then `per_chat_per_second`), judged as a
    server would, when a call arrives. Each sendMessage takes a seeded random time to reach it and to be answered;
    `faults` answers given calls (numbered from 1) with a 429 (retry_after 1) or a 500 instead."""

    def __init__(
        self, per_second: float, per_chat_per_second: float, faults: dict[int, str] | None = None
    ) -> None:
        super().__init__()
        config = LimitConfig(
            enabled=True, global_per_second=per_second, per_chat_per_second=per_chat_per_second
        )
        assert config.window == "sliding"
        self.limits = ServerLimits(config)
        self.random = random.Random(14)
        self.scripted = dict(faults or {})
        self.sends = 0
        self.injected: list[str] = []

    async def make_request(self, bot: Bot, method: TelegramMethod[Any], timeout: int | None = None) -> Any:
        if type(method).__name__ != "SendMessage":
            return await super().make_request(bot, method, timeout)
        self.sends += 1
        await asyncio.sleep(self.random.uniform(0, 0.01))  # on its way to the server
        fault = self.scripted.pop(self.sends, None)
        retry_after = 1 if fault == "429" else self.limits.acquire(getattr(method, "chat_id", None))
        if fault:
            self.injected.append(fault)
        if fault == "500":
            raise TelegramServerError(method=method, message="Internal Server Error")
        if retry_after is not None:
            raise TelegramRetryAfter(
                method=method,
                message=f"Too Many Requests: retry after {retry_after}",
                retry_after=retry_after,
            )
        result = await super().make_request(bot, method, timeout)
        await asyncio.sleep(self.random.uniform(0, 0.01))  # the answer on its way back
        return result


async def _fan_out(db: Database, chats: range, per_chat: int) -> None:
    """Queued person by person, as a notification to everyone is: the hardest order for the per-chat limit."""
    async with db.session() as s:
        for chat in chats:
            for n in range(per_chat):
                await outbox.enqueue(
                    s, key=f"{chat}:{n}", chat_id=chat, payload={"text": f"通知{n}"}, now=NOW
                )


async def _statuses(db: Database) -> set[tuple[str, int]]:
    async with db.session() as s:
        rows = await s.execute(select(OutboxMessage.status, OutboxMessage.attempts))
        return {(status, attempts) for status, attempts in rows}


async def test_a_fan_out_stays_within_a_strict_servers_window_and_keeps_each_chats_order(any_db, clock):
    chats, per_chat = range(100, 120), 4
    await _fan_out(any_db, chats, per_chat)
    telegram = StrictTelegram(per_second=40, per_chat_per_second=5)
    bot = Bot("42:TEST", session=telegram)
    sender = OutboxSender(bot, any_db, clock, limiter=RateLimiter(per_second=40, chat_interval=0.2))
    while await sender.drain_once():
        pass
    assert telegram.limits.refused == 0  # not one 429 over the two seconds and more it took
    assert all(telegram.texts(chat) == [f"通知{n}" for n in range(per_chat)] for chat in chats)
    assert await _statuses(any_db) == {("sent", 1)}  # each sent once, at the first attempt


async def test_429_and_500_keep_each_chats_order_and_send_each_message_once(any_db, clock):
    chats, per_chat = range(200, 206), 4
    await _fan_out(any_db, chats, per_chat)
    # The 3rd and 15th calls are answered 429, the 8th and 9th 500: each of those messages is tried again later.
    telegram = StrictTelegram(
        per_second=40, per_chat_per_second=20, faults={3: "429", 8: "500", 9: "500", 15: "429"}
    )
    bot = Bot("42:TEST", session=telegram)
    sender = OutboxSender(bot, any_db, clock, limiter=RateLimiter(per_second=40, chat_interval=0.05))
    for _ in range(10):
        while await sender.drain_once():
            pass
        if await _statuses(any_db) <= {("sent", 1), ("sent", 2)}:
            break
        clock.now += timedelta(seconds=5)  # past the retries' backoff
    assert sorted(telegram.injected) == ["429", "429", "500", "500"]
    assert telegram.limits.refused == 0  # the only 429s were the injected ones
    assert telegram.sends == len(chats) * per_chat + 4
    # Every chat got its messages once each, in the order queued: a later one waited behind the one to retry.
    assert all(telegram.texts(chat) == [f"通知{n}" for n in range(per_chat)] for chat in chats)
    async with any_db.session() as s:
        rows = (await s.execute(select(OutboxMessage.status, OutboxMessage.attempts))).all()
    assert {status for status, _ in rows} == {"sent"}
    assert sorted(attempts for _, attempts in rows) == [1] * 22 + [2] * 2  # a 429 is not a failed attempt


async def test_the_sender_is_built_with_the_configured_limit(tmp_path):
    from bot.app import build_app

    settings = Settings(
        _env_file=None,
        bot_token="42:TEST",
        database_url=f"sqlite+aiosqlite:///{tmp_path}/gridbot.sqlite3",
        media_dir=tmp_path / "media",
        send_rate_per_second=100,
        send_chat_interval=0.5,
    )
    app = await build_app(settings)
    try:
        limiter = app.sender.limiter
        assert (limiter.per_second, limiter.capacity, limiter.chat_interval) == (100, 100, 0.5)
    finally:
        await app.bot.session.close()
        await app.db.dispose()
    assert Settings(_env_file=None).send_rate_per_second == 30  # Telegram's limit for a bot
