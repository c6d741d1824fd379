"""The outbox: queued in the transaction of the change, delivered once, within limits, surviving restarts."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from bot.sender import OutboxSender, RateLimiter
from domain.roles import Role
from storage import outbox
from storage.db import Database
from storage.models import OutboxMessage
from tests.factories import NOW, add_person, person_by_phone
from tests.tg import make_fake_bot


async def _queue(db: Database, key: str, chat_id: int, text: str = "待签批纪实表 1 份") -> bool:
    async with db.session() as s:
        return await outbox.enqueue(s, key=key, chat_id=chat_id, payload={"text": text}, now=NOW)


async def _rows(db: Database) -> list[OutboxMessage]:
    async with db.session() as s:
        return list((await s.execute(select(OutboxMessage).order_by(OutboxMessage.id))).scalars())


def _sender(db: Database, clock, **kw):  # type: ignore[no-untyped-def]
    bot, telegram = make_fake_bot()
    return OutboxSender(
        bot, db, clock, limiter=kw.pop("limiter", RateLimiter(chat_interval=0)), **kw
    ), telegram


async def test_same_key_is_queued_once(any_db):
    assert await _queue(any_db, "log:1:signed", 5) is True
    assert await _queue(any_db, "log:1:signed", 5) is False
    assert len(await _rows(any_db)) == 1


async def test_queue_rolls_back_with_the_change(any_db):
    try:
        async with any_db.session() as s:
            await outbox.enqueue(s, key="k", chat_id=5, payload={"text": "x"}, now=NOW)
            raise RuntimeError("the change failed")
    except RuntimeError:
        pass
    assert await _rows(any_db) == []


async def test_restart_between_queueing_and_sending_delivers_once(any_db, clock):
    await _queue(any_db, "n1", 5, "第一条")
    await _queue(any_db, "n2", 6, "第二条")
    # The process dies here. A new process, with its own engine, picks the queue up.
    sender, telegram = _sender(Database(any_db.url), clock)
    assert await sender.drain_once() == 2
    assert await sender.drain_once() == 0
    assert telegram.texts(5) == ["第一条"] and telegram.texts(6) == ["第二条"]
    assert [r.status for r in await _rows(any_db)] == ["sent", "sent"]


async def test_message_claimed_by_a_dead_process_is_sent_after_the_lease(any_db, clock):
    await _queue(any_db, "n1", 5)
    sender, telegram = _sender(any_db, clock)
    async with any_db.session() as s:  # claimed for its call to Telegram, then the process died
        (head,) = await outbox.due_heads(s, clock(), 10)
        assert await outbox.claim(s, head, clock(), sender.lease(head))
    # The call's 8 s timeout and 10 s to record its outcome: a few seconds, not minutes.
    assert sender.lease(head) == timedelta(seconds=18)
    assert await sender.drain_once() == 0  # not while another sender may still be sending it
    clock.now += sender.lease(head)
    assert await sender.drain_once() == 1
    assert len(telegram.texts(5)) == 1
    # The dead sender's call may have reached Telegram: counted as a possible duplicate.
    (row,) = await _rows(any_db)
    assert row.status == "sent" and row.attempts == 2 and row.error.startswith(outbox.POSSIBLE_DUPLICATE)


async def test_429_is_waited_out_and_nothing_is_lost(any_db, clock):
    for i in range(3):
        await _queue(any_db, f"n{i}", 5 + i, f"消息{i}")
    sender, telegram = _sender(any_db, clock)
    telegram.faults = [("429", 1)]
    started = asyncio.get_running_loop().time()
    await sender.drain_once()  # first send gets 429: all sending pauses for retry_after
    clock.now += timedelta(seconds=1)
    await sender.drain_once()
    assert sorted(t for c in (5, 6, 7) for t in telegram.texts(c)) == ["消息0", "消息1", "消息2"]
    first_accepted = min(t for _, t in telegram.send_times)
    assert first_accepted - started >= 1.0  # nothing was sent before retry_after elapsed
    rows = await _rows(any_db)
    assert [r.status for r in rows] == ["sent"] * 3 and rows[0].attempts == 1  # a 429 is not a failed attempt


async def test_403_marks_person_inactive_and_others_still_get_theirs(any_db, clock):
    await add_person(any_db, "屏蔽者", "13800000001", [(Role.GRID_WORKER, "幸福社区")], telegram_id=5)
    await add_person(any_db, "正常", "13800000002", [(Role.GRID_WORKER, "幸福社区")], telegram_id=6)
    await _queue(any_db, "a", 5)
    await _queue(any_db, "b", 6)
    sender, telegram = _sender(any_db, clock)
    telegram.blocked.add(5)
    await sender.drain_once()
    assert (await person_by_phone(any_db, "13800000001")).active is False
    assert (await person_by_phone(any_db, "13800000002")).active is True
    assert telegram.texts(6) == ["待签批纪实表 1 份"]
    statuses = {r.chat_id: (r.status, r.error) for r in await _rows(any_db)}
    assert statuses[5][0] == "failed" and "blocked" in statuses[5][1]
    assert statuses[6] == ("sent", None)
    assert await sender.drain_once() == 0  # not retried


async def test_server_errors_are_retried_with_backoff(any_db, clock):
    await _queue(any_db, "n", 5)
    sender, telegram = _sender(any_db, clock)
    telegram.faults = [("500", 0)]
    await sender.drain_once()
    assert telegram.texts(5) == []
    assert await sender.drain_once() == 0  # backing off
    clock.now += timedelta(seconds=3)
    await sender.drain_once()
    assert telegram.texts(5) == ["待签批纪实表 1 份"]


async def test_one_message_per_second_per_chat(any_db, clock):
    for i in range(3):
        await _queue(any_db, f"n{i}", 5, f"消息{i}")
    sender, telegram = _sender(any_db, clock, limiter=RateLimiter())
    while await sender.drain_once():  # each waits for the chat's next turn when nothing else could go
        pass
    times = [t for _, t in telegram.send_times]
    assert len(times) == 3
    assert all(b - a >= 0.99 for a, b in zip(times, times[1:], strict=False))


async def test_person_who_writes_again_is_active_again(harness, db):
    await add_person(db, "回来了", "13800000003", [(Role.GRID_WORKER, "幸福社区")], telegram_id=9)
    async with db.session() as s:
        await outbox.mark_chat_blocked(s, 9)
    await harness.user(9).send("/menu")
    assert (await person_by_phone(db, "13800000003")).active is True


async def test_stop_finishes_the_message_in_hand_and_puts_the_rest_back(any_db, clock):
    for i in range(3):
        await _queue(any_db, f"n{i}", 5, f"消息{i}")
    sender, telegram = _sender(any_db, clock, limiter=RateLimiter())  # 1 per second to chat 5
    run = asyncio.create_task(sender.run_forever())
    while not telegram.send_times:  # noqa: ASYNC110 (the fake Telegram records sends in a plain list)
        await asyncio.sleep(0.01)
    sender.stop()
    await asyncio.wait_for(run, timeout=5)
    rows = await _rows(any_db)
    assert telegram.texts(5) == ["消息0"]
    assert [(r.status, r.attempts) for r in rows] == [("sent", 1), ("pending", 0), ("pending", 0)]
    # They were never claimed: the next start sends them at once, not after a lease.
    next_start, telegram = _sender(any_db, clock)
    assert await next_start.drain_once() == 2
    assert telegram.texts(5) == ["消息1", "消息2"]


async def test_unexpected_error_is_retried_then_given_up_not_stranded(any_db, clock):
    await _queue(any_db, "weird", 5)
    await _queue(any_db, "fine", 6)
    sender, telegram = _sender(any_db, clock)
    async with any_db.session() as s:  # a row the sender cannot turn into a Bot API call
        await s.execute(update(OutboxMessage).where(OutboxMessage.key == "weird").values(method="sendDice"))
    await sender.drain_once()
    assert telegram.texts(6) == ["待签批纪实表 1 份"]  # the other message in the batch still went
    for _ in range(10):
        clock.now += timedelta(minutes=10)
        await sender.drain_once()
    statuses = {r.key: (r.status, r.attempts) for r in await _rows(any_db)}
    assert statuses["weird"][0] == "failed" and statuses["fine"] == ("sent", 1)


async def test_urgent_messages_overtake_routine_ones_already_queued(any_db, clock):
    for i in range(3):
        await _queue(any_db, f"routine{i}", 10 + i, f"例行提醒{i}")
    async with any_db.session() as s:
        await outbox.enqueue(
            s, key="callout", chat_id=20, payload={"text": "🚨 应急出动"}, now=NOW, priority=10
        )
    sender, telegram = _sender(any_db, clock, batch=1)
    assert await sender.drain_once() == 1
    assert telegram.texts(20) == ["🚨 应急出动"]
    assert all(telegram.texts(10 + i) == [] for i in range(3))


async def test_photo_from_a_file_and_by_file_id(any_db, clock, tmp_path):
    chart = tmp_path / "chart.png"
    chart.write_bytes(b"\x89PNG fake")
    async with any_db.session() as s:
        await outbox.enqueue(
            s,
            key="chart",
            chat_id=5,
            method="sendPhoto",
            payload={"photo_path": str(chart), "caption": "出勤"},
            now=NOW,
        )
        await outbox.enqueue(
            s, key="forwarded", chat_id=6, method="sendPhoto", payload={"photo": "AgAD-file"}, now=NOW
        )
    sender, telegram = _sender(any_db, clock)
    assert await sender.drain_once() == 2
    by_chat = {p["chat_id"]: p for p in telegram.photos}
    assert by_chat[5]["content"] == b"\x89PNG fake" and by_chat[5]["caption"] == "出勤"
    assert by_chat[6]["file_id"] == "AgAD-file"
    assert all(r.status == "sent" and r.message_id for r in await _rows(any_db))


async def test_a_picture_whose_file_is_gone_is_marked_failed_not_retried(any_db, clock, tmp_path):
    """A digest chart past its keep time is deleted (reminders.digests.prune_charts): its row, if still waiting,
    fails at once with the reason instead of retrying a send that cannot work."""
    async with any_db.session() as s:
        await outbox.enqueue(
            s, key="old-chart", chat_id=5, method="sendPhoto",
            payload={"photo_path": str(tmp_path / "gone.png"), "caption": "出勤"}, now=NOW,
        )  # fmt: skip
    sender, telegram = _sender(any_db, clock)
    await sender.drain_once()
    assert telegram.photos == []
    (row,) = await _rows(any_db)
    assert row.status == "failed" and row.error == "the picture's file is gone"


async def test_an_edit_waits_for_its_message_then_changes_it(any_db, clock):
    async with any_db.session() as s:
        await outbox.enqueue(
            s, key="roll", chat_id=5, payload={"text": "已到 0 人"}, now=NOW,
            not_before=NOW + timedelta(seconds=5),
        )  # fmt: skip
        await outbox.enqueue(
            s, key="edit1", chat_id=5, method="editMessageText",
            payload={"edit_key": "roll", "text": "已到 1 人"}, now=NOW,
        )  # fmt: skip
    sender, telegram = _sender(any_db, clock)
    await sender.drain_once()  # the message to edit is not sent yet: the edit waits for it
    assert telegram.texts(5) == []
    assert [r.status for r in await _rows(any_db)] == ["pending", "pending"]
    for _ in range(3):
        clock.now += timedelta(seconds=5)
        await sender.drain_once()
    assert telegram.texts(5) == ["已到 1 人"]  # one message, edited in place
    roll, edit = await _rows(any_db)
    assert roll.status == "sent" and edit.status == "sent" and roll.message_id


@pytest.mark.parametrize("original", ["never queued", "failed"])
async def test_an_edit_of_a_message_that_will_never_be_sent_is_dropped(any_db, clock, original):
    if original == "failed":
        await _queue(any_db, "roll", 5, "已到 0 人")
        async with any_db.session() as s:
            await s.execute(update(OutboxMessage).values(status="failed"))
    async with any_db.session() as s:
        await outbox.enqueue(
            s, key="edit1", chat_id=5, method="editMessageText",
            payload={"edit_key": "roll", "text": "已到 1 人"}, now=NOW,
        )  # fmt: skip
    sender, telegram = _sender(any_db, clock)
    await sender.drain_once()
    assert telegram.texts(5) == []
    assert {r.key: r.status for r in await _rows(any_db)}["edit1"] == "failed"


async def test_a_call_out_queued_while_one_chat_is_paced_goes_before_the_rest(any_db, clock):
    """One person's ten routine messages go at one a second; an emergency queued meanwhile must not wait for them."""
    for i in range(10):
        await _queue(any_db, f"routine{i}", 5, f"例行{i}")
    sender, telegram = _sender(any_db, clock, limiter=RateLimiter(chat_interval=0.3))
    draining = asyncio.create_task(sender.drain_once())
    for _ in range(200):  # noqa: ASYNC110 (polling the fake Telegram for the first send)
        if telegram.texts(5):
            break
        await asyncio.sleep(0.01)
    async with any_db.session() as s:
        await outbox.enqueue(
            s, key="callout", chat_id=6, payload={"text": "🚨 应急出动"}, now=NOW, priority=100
        )
    handled = await asyncio.wait_for(draining, timeout=2)
    assert handled < 10  # the batch stopped early and put the rest back
    await sender.drain_once()
    order = [chat for chat, _ in telegram.send_times]
    assert order.index(6) <= handled + 1  # the call-out went next, not after the remaining routine messages
    for _ in range(20):  # the rest went back to the queue for their turns, a second apart
        clock.now += timedelta(seconds=1)
        await sender.drain_once()
    assert telegram.texts(5) == [f"例行{i}" for i in range(10)]  # nothing lost, in order


async def test_the_sender_is_woken_after_an_update_only_when_it_queued_something(db):
    """bot.app wakes the sender after an update that queued a message (it goes out at once), and leaves it alone after
    the many that queue nothing (a look at the outbox per button press was a tenth of the bot's CPU)."""
    from bot.app import _wake_sender

    class Sender:
        woken = 0

        def wake(self) -> None:
            self.woken += 1

    sender = Sender()
    middleware = _wake_sender(sender)  # type: ignore[arg-type]

    async def press(_event: object, _data: object) -> str:
        return "shown"

    async def decision(_event: object, _data: object) -> bool:
        async with db.session() as s:
            return await outbox.enqueue(s, key="notice", chat_id=5, payload={"text": "已同意"}, now=NOW)

    async def in_a_task(_event: object, _data: object) -> None:
        await asyncio.create_task(decision(_event, _data))  # queued by a task the handler started

    assert await middleware(press, object(), {}) == "shown"
    assert sender.woken == 0
    assert await middleware(decision, object(), {}) is True
    assert sender.woken == 1
    await middleware(in_a_task, object(), {})
    assert sender.woken == 2
    assert await middleware(press, object(), {}) == "shown"
    assert sender.woken == 2


async def test_an_outbox_row_speaks_of_buttons_as_plain_data_and_the_sender_makes_telegram_markup():
    """The transport seam (issue 16): below the bot layer a notice's buttons are rows of [label, action]; the
    sender alone turns them into Telegram's inline keyboard, and a row queued in the old form still goes."""
    from aiogram.types import InlineKeyboardMarkup

    from bot.sender import telegram_payload
    from services.notify import keyboard
    from services.outgoing import BUTTONS, with_buttons

    payload = with_buttons({"text": "请签收"}, keyboard([("✅ 签收", "pb:ack:1"), ("🔎 查看", "pb:open:1")]))
    assert payload == {"text": "请签收", BUTTONS: [[["✅ 签收", "pb:ack:1"]], [["🔎 查看", "pb:open:1"]]]}
    made = telegram_payload(payload)
    assert BUTTONS not in made and isinstance(made["reply_markup"], InlineKeyboardMarkup)
    assert [[(b.text, b.callback_data) for b in row] for row in made["reply_markup"].inline_keyboard] == [
        [("✅ 签收", "pb:ack:1")],
        [("🔎 查看", "pb:open:1")],
    ]
    assert payload[BUTTONS][0][0] == ["✅ 签收", "pb:ack:1"]  # the stored row is not changed
    old = {"text": "x", "reply_markup": {"inline_keyboard": [[{"text": "a", "callback_data": "b"}]]}}
    assert telegram_payload(old) == old
