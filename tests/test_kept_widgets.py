"""The menu's kept keyboards (dialogs.kept_widgets): the same buttons, rows and data aiogram-dialog would build,
with each menu's own intent id, in the reader's language, and they still work when pressed again and again."""

from __future__ import annotations

import pytest
from aiogram_dialog.widgets.kbd import Row, SwitchTo
from aiogram_dialog.widgets.text import Const

from dialogs.kept_widgets import KeptButtons
from dialogs.states import Menu
from dialogs.widgets import L
from domain.roles import Role, actions_for
from locales import message_variables, tr_text
from tests.factories import add_person

ROLES = [(Role.SECRETARY, "幸福社区"), (Role.GRID_WORKER, "幸福社区")]
SEP = "\x1d"  # aiogram-dialog's separator between the intent id and a button's own data


def _rows(message) -> list[list[tuple[str, str]]]:
    return message.inline


async def test_menu_keyboard_is_laid_out_and_addressed_as_aiogram_dialog_would(harness, db):
    await add_person(db, "王建国", "13800000001", ROLES, telegram_id=300)
    user = harness.user(300)
    await user.send("/menu")
    rows = _rows(user.last())
    actions = actions_for(frozenset(role for role, _ in ROLES))
    labels = [tr_text("zh-CN", f"action-{action.value}") for action in actions]
    # The actions two to a row, then 🌐 语言 and ❓ 帮助 on one row.
    assert [[text for text, _ in row] for row in rows] == [
        *[labels[i : i + 2] for i in range(0, len(labels), 2)],
        ["🌐 语言 / Language", "❓ 帮助"],
    ]
    intents = {data.split(SEP, 1)[0] for row in rows for _, data in row}
    assert len(intents) == 1  # every button carries the menu's intent id, once
    own_data = [data.split(SEP, 1)[1] for row in rows for _, data in row]
    assert own_data == [f"act:{action.value}" for action in actions] + ["lang", "help"]


async def test_kept_buttons_follow_each_new_menu_and_the_language(harness, db):
    await add_person(db, "王建国", "13800000002", ROLES, telegram_id=301)
    user = harness.user(301)
    seen_intents = set()
    for _ in range(2):  # a new menu is a new dialog (intent): its buttons carry its id, and work
        await user.send("/menu")
        for _ in range(3):
            await user.press("❓ 帮助")
            assert "帮助" in user.last().text
            await user.press("⬅️ 返回")
            assert "主菜单" in user.last().text
        seen_intents |= {data.split(SEP, 1)[0] for row in _rows(user.last()) for _, data in row}
    assert len(seen_intents) == 2
    await user.send("/lang")
    await user.press("English")
    await user.send("/menu")
    await user.press("❓ Help")
    await user.press("⬅️ Back")
    buttons = user.last().buttons()
    assert "❓ Help" in buttons and tr_text("en", "action-log") in buttons


def test_kept_buttons_take_only_fixed_labels():
    KeptButtons(Row(SwitchTo(L("menu-help"), id="help", state=Menu.help)))  # fixed: fine
    with pytest.raises(TypeError):  # shown only sometimes
        KeptButtons(SwitchTo(L("menu-help"), id="help", state=Menu.help, when="flag"))
    with pytest.raises(TypeError):  # not a locale message of the reader's language
        KeptButtons(SwitchTo(Const("❓"), id="help", state=Menu.help))
    with pytest.raises(TypeError):  # fixed arguments: not the message alone
        KeptButtons(SwitchTo(L("menu-help", x=1), id="help", state=Menu.help))
    # Labels with variables are refused when first shown (message_variables); the menu's have none.
    assert not message_variables("zh-CN", "menu-help") and message_variables("zh-CN", "menu-who")
