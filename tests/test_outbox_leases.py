"""The outbox's claims cover only the calls under way: a sender that dies holds back only what it was sending, a call
that hangs is given up after its timeout without holding up the other chats, and two senders never send a row twice.
"""

from __future__ import annotations

import asyncio
import random
from collections import Counter
from datetime import timedelta
from typing import Any

from aiogram import Bot
from aiogram.client.default import DefaultBotProperties
from aiogram.enums import ParseMode
from aiogram.methods import TelegramMethod
from sqlalchemy import select

from bot.sender import OutboxSender, RateLimiter
from storage import outbox
from storage.db import Database
from storage.models import OutboxMessage
from tests.factories import NOW
from tests.tg import FakeTelegram


class SlowTelegram(FakeTelegram):
    """The fake Telegram, with calls that never return (`hang`: chat id → how many of its next calls hang) or that
    take `latency` seconds; records each sendMessage call as it starts, with the timeout aiogram was given."""

    def __init__(self, latency: float = 0.0, seed: int = 0) -> None:
        super().__init__()
        self.hang: dict[int, int] = {}
        self.latency = latency
        self.random = random.Random(seed)
        self.started: list[
            tuple[int, str, int | None, float]
        ] = []  # chat id, text, request timeout, loop time
        self.accepted: list[tuple[int, str]] = []  # in the order they were accepted

    async def make_request(self, bot: Bot, method: TelegramMethod[Any], timeout: int | None = None) -> Any:
        chat_id = getattr(method, "chat_id", None)
        if type(method).__name__ == "SendMessage":
            self.started.append((chat_id, method.text, timeout, asyncio.get_running_loop().time()))
            if self.hang.get(chat_id):
                self.hang[chat_id] -= 1
                await asyncio.Event().wait()  # no answer, ever: only the sender's timeout ends this call
            if self.latency:
                await asyncio.sleep(self.random.uniform(0, self.latency))
        result = await super().make_request(bot, method, timeout)
        if type(method).__name__ == "SendMessage":
            self.accepted.append((chat_id, method.text))
        return result


def slow_bot(**kw: Any) -> tuple[Bot, SlowTelegram]:
    telegram = SlowTelegram(**kw)
    return Bot("42:TEST", session=telegram, default=DefaultBotProperties(parse_mode=ParseMode.HTML)), telegram


async def _queue(db: Database, *messages: tuple[int, str]) -> None:
    async with db.session() as s:
        for chat_id, text in messages:
            await outbox.enqueue(s, key=f"{chat_id}:{text}", chat_id=chat_id, payload={"text": text}, now=NOW)


async def _rows(db: Database) -> dict[str, OutboxMessage]:
    async with db.session() as s:
        return {r.key: r for r in (await s.execute(select(OutboxMessage))).scalars()}


async def _drain(sender: OutboxSender) -> int:
    total = 0
    while handled := await sender.drain_once():
        total += handled
    return total


async def _until(condition, seconds: float = 5.0) -> None:  # type: ignore[no-untyped-def]
    for _ in range(int(seconds / 0.01)):
        if condition():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("the condition never came true")


async def test_a_dead_sender_holds_back_only_the_message_it_was_sending(any_db, clock):
    await _queue(any_db, (5, "a0"), (6, "卡住"), (7, "b"), (8, "c"), (5, "a1"))
    bot, telegram = slow_bot()
    telegram.hang[6] = 1
    # One call at a time (as when Telegram answers promptly), so the sender is stuck in the middle of what is due.
    first = OutboxSender(bot, any_db, clock, limiter=RateLimiter(chat_interval=0), overlap_after=60)
    running = asyncio.create_task(first.drain_once())
    await _until(lambda: any(chat == 6 for chat, *_ in telegram.started))
    running.cancel()  # the process dies in the middle of the call to chat 6
    await asyncio.gather(running, return_exceptions=True)
    assert telegram.accepted == [(5, "a0")]
    rows = await _rows(any_db)
    assert rows["6:卡住"].status == "sending"  # the only claimed message: the one whose call was under way
    assert all(rows[k].status == "pending" and rows[k].attempts == 0 for k in ("7:b", "8:c", "5:a1"))

    # The next start (a new engine, as a new process) sends the rest at once: the clock has not moved.
    restarted = Database(any_db.url)
    try:
        bot, telegram = slow_bot()
        second = OutboxSender(bot, restarted, clock, limiter=RateLimiter(chat_interval=0))
        assert await _drain(second) == 3
        assert sorted(telegram.accepted) == [(5, "a1"), (7, "b"), (8, "c")]
        # The message whose call was under way waits for its lease (its call's timeout and a margin, not minutes).
        lease = second.lease(outbox.Outgoing(0, 6, "sendMessage", {}, 0))
        assert lease <= timedelta(seconds=20)
        clock.now += lease - timedelta(seconds=1)
        assert await _drain(second) == 0
        clock.now += timedelta(seconds=1)
        assert await _drain(second) == 1
        assert telegram.texts(6) == ["卡住"]
    finally:
        await restarted.dispose()
    row = (await _rows(any_db))["6:卡住"]  # the dead sender's call may have reached Telegram: counted
    assert row.status == "sent" and row.attempts == 2 and row.error.startswith(outbox.POSSIBLE_DUPLICATE)


async def test_a_hanging_call_is_given_up_without_holding_up_other_chats(any_db, clock):
    await _queue(
        any_db, (5, "卡住"), (5, "其后"), *[(chat, f"{chat}-{n}") for n in range(2) for chat in (6, 7, 8)]
    )
    bot, telegram = slow_bot()
    telegram.hang[5] = 1  # the first call to chat 5 never answers; the next one does
    sender = OutboxSender(
        bot, any_db, clock, limiter=RateLimiter(chat_interval=0.05), send_timeout=1.0, overlap_after=0.05
    )
    loop = asyncio.get_running_loop()
    started = loop.time()
    await _drain(sender)
    given_up = loop.time() - started
    (hung,) = [s for s in telegram.started if s[0] == 5]
    assert hung[2] == 1  # aiohttp's own timeout for the call (aiogram takes whole seconds)
    assert given_up >= 1.0  # the call was given up after its timeout ...
    others = [t for chat, _, _, t in telegram.started if chat != 5]
    assert len(others) == 6 and max(others) - hung[3] < 1.0  # ... and meanwhile every other chat was served
    assert sorted(telegram.accepted) == sorted((chat, f"{chat}-{n}") for n in range(2) for chat in (6, 7, 8))
    assert telegram.texts(5) == []  # chat 5's later message waits behind the one to retry
    rows = await _rows(any_db)
    hung_row = rows["5:卡住"]
    assert (hung_row.status, hung_row.attempts) == ("pending", 1)
    assert hung_row.error == f"{outbox.POSSIBLE_DUPLICATE}: timeout"
    assert hung_row.not_before == NOW + timedelta(seconds=2)  # retried with the network errors' backoff
    assert sender.uncertain_retries == 1
    clock.now += timedelta(seconds=1)
    assert await _drain(sender) == 0 and telegram.texts(5) == []  # not before its retry, nor its successor
    clock.now += timedelta(seconds=1)
    assert await _drain(sender) == 2
    assert telegram.texts(5) == ["卡住", "其后"]  # sent once the call was retried, and in order
    rows = await _rows(any_db)
    assert rows["5:卡住"].status == "sent" and rows["5:卡住"].error.startswith(outbox.POSSIBLE_DUPLICATE)
    assert rows["5:其后"].status == "sent" and rows["5:其后"].error is None
    assert sender.uncertain_retries == 1


async def test_two_senders_never_send_a_row_twice_and_keep_each_chats_order(any_db, clock):
    chats, per_chat = 12, 5
    await _queue(any_db, *[(100 + c, f"第{n}条") for n in range(per_chat) for c in range(chats)])
    engines = [Database(any_db.url), Database(any_db.url)]  # two instances on one database
    bots = [slow_bot(latency=0.01, seed=seed) for seed in (1, 2)]
    try:
        senders = [
            OutboxSender(bot, engine, clock, limiter=RateLimiter(per_second=1e6, chat_interval=0), batch=4)
            for (bot, _), engine in zip(bots, engines, strict=True)
        ]
        handled = await asyncio.wait_for(asyncio.gather(*(_drain(s) for s in senders)), timeout=60)
    finally:
        for engine in engines:
            await engine.dispose()
    accepted = [sent for _, telegram in bots for sent in telegram.accepted]
    assert sum(handled) == chats * per_chat
    assert Counter(accepted) == Counter((100 + c, f"第{n}条") for n in range(per_chat) for c in range(chats))
    assert all(handled)  # both took part
    # Each chat's messages reached Telegram in the order queued, whichever instance sent them.
    by_time = sorted((when, chat, text) for _, telegram in bots for chat, text, _, when in telegram.started)
    for c in range(chats):
        assert [text for _, chat, text in by_time if chat == 100 + c] == [f"第{n}条" for n in range(per_chat)]
    rows = await _rows(any_db)
    assert {(r.status, r.attempts, r.error) for r in rows.values()} == {("sent", 1, None)}
