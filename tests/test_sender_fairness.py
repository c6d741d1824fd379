"""The sender does not let one busy chat set the pace of a batch: its later messages wait their turn in the queue."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.sender import OutboxSender, RateLimiter
from storage import outbox
from storage.models import OutboxMessage
from tests.factories import NOW
from tests.tg import make_fake_bot


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
