"""The update inbox of long polling (bot/inbox.py): an update is written down before Telegram is told it arrived,
handled again at the next start if it was not finished, and never handled twice when Telegram sends it again."""

from __future__ import annotations

from datetime import timedelta

from aiogram.types import Update

from bot.inbox import KEEP_DONE_SECONDS, Inbox
from tests.test_webhook import update as webhook_update
from tests.tg import make_fake_bot


def update(update_id: int, text: str = "/help") -> Update:
    return Update.model_validate(webhook_update(update_id, text))


async def test_unfinished_updates_come_back_in_order_and_known_ones_are_not_taken_twice(any_db, clock):
    bot, _ = make_fake_bot()
    inbox = Inbox(any_db, clock)
    for number in (11, 12, 13):
        assert await inbox.record(bot.id, update(number, f"第{number}条"))
    assert not await inbox.record(bot.id, update(12))  # delivered again while waiting: not handled twice
    await inbox.done(bot.id, 11)
    assert not await inbox.record(
        bot.id, update(11)
    )  # delivered again after it was handled: not handled twice
    left = await Inbox(any_db, clock).left_over(bot)  # the next start
    assert [(u.update_id, u.message.text) for u in left] == [(12, "第12条"), (13, "第13条")]  # type: ignore[union-attr]
    assert left[0].message.from_user.id == 300  # type: ignore[union-attr]
    other_bot, _ = make_fake_bot("1234:another-bot")
    assert await inbox.record(other_bot.id, update(11))  # another bot's update 11 is another update


async def test_done_updates_are_forgotten_after_two_days(any_db, clock):
    bot, _ = make_fake_bot()
    inbox = Inbox(any_db, clock)
    await inbox.record(bot.id, update(21))
    await inbox.done(bot.id, 21)
    clock.now = clock.now + timedelta(seconds=KEEP_DONE_SECONDS + 60)
    assert await inbox.left_over(bot) == []  # and the row is deleted:
    assert await inbox.record(bot.id, update(21))


async def test_a_handled_update_keeps_only_its_id(any_db, clock):
    """What a person typed or shared (a contact's phone) is not kept once the update is handled."""
    from sqlalchemy import select

    from storage.models import InboxUpdate

    bot, _ = make_fake_bot()
    inbox = Inbox(any_db, clock)
    await inbox.record(bot.id, update(31, "13912345678"))
    await inbox.done(bot.id, 31)
    async with any_db.session() as s:
        row = (await s.execute(select(InboxUpdate))).scalar_one()
    assert (row.update_id, row.done, row.payload) == (31, True, "")
