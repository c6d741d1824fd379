"""Dialog state under interleaving: error handlers inside the person's lock, and SqlStorage writes made outside an
update's batch, after it, or around a close, all stored and in order."""

from __future__ import annotations

import asyncio
import contextvars
from typing import Any

from aiogram import Bot
from aiogram.fsm.storage.base import StorageKey
from aiogram.methods import TelegramMethod

from domain.roles import Role
from storage.db import Database
from storage.fsm import SqlStorage
from tests.factories import add_person

KEY = StorageKey(bot_id=42, chat_id=7, user_id=7, destiny="aiogd:context:abc")


async def test_a_press_on_the_menu_a_stale_press_brought_back_is_not_stale(harness, db):
    """A stale press is answered by an error handler that sends a new menu. aiogram runs error handlers after the
    person's lock is released, and aiogram-dialog stores the new menu's stack only after that; a press on the new
    menu made at once (here: as soon as it is sent) then found the old stack, was called stale too, and the person
    got "已过期" and one more menu. Error handlers now run inside the update, so the press waits for it."""
    await add_person(db, "管理员", "13800000011", [(Role.ADMIN, None)], telegram_id=111)
    user = harness.user(111)
    await user.send("/menu")
    old_menu = user.last()
    send = harness.telegram.make_request
    quick_press: list[asyncio.Task[str]] = []

    async def make_request(bot: Bot, method: TelegramMethod[Any], timeout: int | None = None) -> Any:
        result = await send(bot, method, timeout)
        if type(method).__name__ == "SendMessage" and "主菜单" in method.text and not quick_press:
            quick_press.append(asyncio.create_task(user.press("👥 名册概况", user.last())))
        return result

    harness.telegram.make_request = make_request  # type: ignore[method-assign]
    stale = await user.press_data("zzzzzzzz\x1dact:roster", old_menu)  # an intent nobody has
    assert "已过期" in user.answer(stale)["text"]  # type: ignore[index]
    press = await quick_press[0]
    assert "已过期" not in (user.answer(press) or {}).get("text", "")
    assert "名册概况" in user.last().text
    # The /menu one, and the one after the stale press, now showing 名册概况: no third menu.
    assert len(user.messages()) == 2


async def _stored(db: Database, key: StorageKey = KEY) -> dict[str, Any]:
    """What a restarted bot would read."""
    reopened = SqlStorage(Database(db.url))
    try:
        return await reopened.get_data(key)
    finally:
        await reopened.db.dispose()


async def test_a_write_by_a_task_that_outlives_its_update_is_stored(any_db):
    """A task started inside an update inherits the update's batch (a ContextVar); once the update is done that
    batch has been handed to the writer, and what the task wrote into it was kept in memory only."""
    storage = SqlStorage(any_db)
    go = asyncio.Event()

    async def later() -> None:
        await go.wait()
        await storage.set_data(KEY, {"step": "late"})

    async with storage.batch():
        await storage.set_data(KEY, {"step": "in the update"})
        task = asyncio.create_task(later())
    go.set()
    await task
    assert await storage.get_data(KEY) == {"step": "late"}
    await storage.flush()
    assert await _stored(any_db) == {"step": "late"}
    await storage.close()


async def test_a_batch_handed_over_after_a_later_write_does_not_undo_it(any_db):
    """A write outside the batch (stored at once) comes after a batch's write of the same key; handing the batch
    over afterwards must not put its older value back into the database."""
    storage = SqlStorage(any_db)
    async with storage.batch():
        await storage.set_data(KEY, {"v": 1})
        outside = contextvars.Context()  # no batch: e.g. a task started before the update
        await asyncio.create_task(storage.set_data(KEY, {"v": 2}), context=outside)
    await storage.flush()
    assert await storage.get_data(KEY) == {"v": 2}
    assert await _stored(any_db) == {"v": 2}
    await storage.close()


async def test_an_update_still_running_when_the_storage_closes_keeps_its_changes(any_db):
    """aiogram closes the storage as soon as polling stops (Dispatcher.shutdown → FSMContextMiddleware.close), while
    `gridbot run` still lets the last updates finish: they must keep reading their own changes, and have them stored
    by the final close."""
    storage = SqlStorage(any_db)
    async with storage.batch():
        await storage.set_data(KEY, {"v": 1})
        await storage.close()  # polling stopped
        assert await storage.get_data(KEY) == {"v": 1}
        await storage.set_data(KEY, {"v": 2})
    await storage.close()  # `run`, after the updates in flight
    assert await _stored(any_db) == {"v": 2}
