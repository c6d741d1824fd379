"""Dialogs opened within one second get ids of their own (aiogram-dialog's ids collide once in a hundred)."""

from __future__ import annotations

from types import SimpleNamespace

import aiogram_dialog.api.entities.stack as dialog_stack

from domain.roles import Role
from tests.factories import add_person
from tests.tg import Sent


async def test_back_from_a_dialog_opened_in_the_same_second_as_the_menu(harness, db, monkeypatch, caplog):
    """The CI flake of the web-chat test: the menu (update 2) and 名册概况 (update 3) opened within one second drew
    the same of aiogram-dialog's 100 random numbers, so both had one id; ⬅️ 返回 then found no menu (UnknownIntent,
    "Stack is broken") and the person got "已过期". aiogram-dialog's clock and dice are fixed here, in its module only,
    to make that one-in-a-hundred draw every time."""
    monkeypatch.setattr(dialog_stack, "time", SimpleNamespace(time=lambda: 1_795_000_000.0))
    monkeypatch.setattr(dialog_stack, "random", SimpleNamespace(randint=lambda _a, _b: 7))
    await add_person(db, "管理员", "13800000011", [(Role.ADMIN, None)], telegram_id=111)
    user = harness.user(111)
    await user.send("/menu")
    menu_intents = _intents(user.last())
    await user.press("👥 名册概况")
    overview = user.last()
    assert "名册概况" in overview.text
    overview_intents = _intents(overview)
    callback = await user.press("⬅️ 返回", overview)
    answer = user.answer(callback)
    assert answer is None or "已过期" not in (answer.get("text") or ""), answer
    assert "主菜单" in user.last().text
    assert "Stack is broken" not in caplog.text
    assert len(menu_intents) == len(overview_intents) == 1 and menu_intents != overview_intents


def _intents(message: Sent) -> set[str]:
    """The dialog ids in a message's callback data (aiogram-dialog: "<intent id>\\x1d<widget data>")."""
    return {data.split("\x1d")[0] for row in message.inline for _text, data in row}


def test_intent_ids_are_short_unique_and_safe_in_callback_data(harness):
    from bot.app import INTENT_ID_LENGTH, INTENT_ID_SYMBOLS

    ids = {
        dialog_stack.new_id() for _ in range(10_000)
    }  # as patched by make_dispatcher (the harness made one)
    assert len(ids) == 10_000
    assert all(len(i) == INTENT_ID_LENGTH and set(i) <= set(INTENT_ID_SYMBOLS) for i in ids)
