"""The test client against a tiny aiogram bot polling the emulator."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from aiogram import Bot, Dispatcher, F
from aiogram.filters import Command, CommandObject
from aiogram.types import (
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    Message,
    ReplyKeyboardMarkup,
)
from conftest import LI, ZHANG

from sandbox import SandboxClient
from sandbox.client import DEFAULT_LOCATION, SandboxError

MENU = InlineKeyboardMarkup(
    inline_keyboard=[
        [InlineKeyboardButton(text="走访登记", callback_data="visit")],
        [
            InlineKeyboardButton(text="帮助", callback_data="help"),
            InlineKeyboardButton(text="官网", url="https://example.org"),
        ],
    ]
)
SHARE = ReplyKeyboardMarkup(
    keyboard=[
        [KeyboardButton(text="📱 共享手机号", request_contact=True)],
        [KeyboardButton(text="📍 发送位置", request_location=True), KeyboardButton(text="取消")],
    ],
    resize_keyboard=True,
    one_time_keyboard=True,
)


def build_dispatcher() -> Dispatcher:
    dp = Dispatcher()

    @dp.message(Command("start"))
    async def start(message: Message, command: CommandObject) -> None:
        await message.answer(f"主菜单 {command.args or ''}".strip(), reply_markup=MENU)

    @dp.message(Command("phone"))
    async def phone(message: Message) -> None:
        await message.answer("请共享手机号", reply_markup=SHARE)

    @dp.message(F.contact)
    async def contact(message: Message) -> None:
        assert message.contact
        await message.answer(f"手机号 {message.contact.phone_number} {message.contact.user_id}")

    @dp.message(F.location)
    async def location(message: Message) -> None:
        assert message.location
        await message.answer(f"位置 {message.location.latitude},{message.location.longitude}")

    @dp.message(F.text)
    async def echo(message: Message) -> None:
        await message.answer(f"你说：{message.text}")

    @dp.callback_query(F.data == "visit")
    async def visit(query: CallbackQuery) -> None:
        await query.answer("开始登记")
        assert isinstance(query.message, Message)
        await query.message.edit_text(
            "走访登记：请选择对象",
            reply_markup=InlineKeyboardMarkup(
                inline_keyboard=[[InlineKeyboardButton(text="返回", callback_data="back")]]
            ),
        )

    @dp.callback_query(F.data == "back")
    async def back(query: CallbackQuery) -> None:
        await query.answer("返回主菜单", show_alert=True)
        assert isinstance(query.message, Message)
        await query.message.edit_text("主菜单", reply_markup=MENU)

    return dp


@pytest.fixture
async def running_bot(bot: Bot) -> AsyncIterator[Bot]:
    dp = build_dispatcher()
    task = asyncio.create_task(dp.start_polling(bot, handle_signals=False, polling_timeout=1))
    yield bot
    await dp.stop_polling()
    await task


async def test_command_press_and_edit(running_bot: Bot, sandbox: SandboxClient) -> None:
    zhang = sandbox.user(ZHANG)
    await zhang.send_command("start", "grid-7")
    menu = await zhang.wait_message()
    assert menu.text == "主菜单 grid-7"
    assert menu.buttons == [["走访登记"], ["帮助", "官网"]]

    await zhang.press("走访登记")
    edited = await zhang.wait_message()
    assert edited.edited and edited.message_id == menu.message_id
    assert edited.text == "走访登记：请选择对象" and edited.buttons == [["返回"]]
    answer = await zhang.callback_answer()
    assert answer.answered and answer.text == "开始登记" and not answer.show_alert

    await zhang.press("返回")
    back = await zhang.wait_message(lambda m: m.text == "主菜单")
    assert back.buttons[0] == ["走访登记"]
    assert (await zhang.callback_answer()).show_alert
    assert [m.text for m in await zhang.messages()] == ["/start grid-7", "主菜单"]


async def test_press_reports_available_buttons(running_bot: Bot, sandbox: SandboxClient) -> None:
    zhang = sandbox.user(ZHANG)
    await zhang.send_command("start")
    await zhang.wait_message()
    with pytest.raises(AssertionError, match=r"no button '不存在'.*走访登记"):
        await zhang.press("不存在")
    with pytest.raises(AssertionError, match="not a callback button"):
        await zhang.press("官网")


async def test_reply_keyboard_requests_contact_and_location(running_bot: Bot, sandbox: SandboxClient) -> None:
    zhang = sandbox.user(ZHANG)
    await zhang.send_command("phone")
    await zhang.wait_message(lambda m: m.text == "请共享手机号")
    await zhang.press("📱 共享手机号")
    assert (await zhang.wait_message()).text == f"手机号 +8613800001001 {ZHANG}"
    assert await zhang.reply_keyboard() is None  # one_time_keyboard hides it after use

    await zhang.send_command("phone")
    await zhang.wait_message(lambda m: m.text == "请共享手机号")
    await zhang.press("📍 发送位置")
    assert (await zhang.wait_message()).text == f"位置 {DEFAULT_LOCATION[0]},{DEFAULT_LOCATION[1]}"


async def test_two_users_have_separate_chats(running_bot: Bot, sandbox: SandboxClient) -> None:
    zhang, li = sandbox.user(ZHANG), sandbox.user(LI)
    await asyncio.gather(zhang.send_text("我是张伟"), li.send_text("我是李娜"))
    replies = await asyncio.gather(zhang.wait_message(), li.wait_message())
    assert [r.text for r in replies] == ["你说：我是张伟", "你说：我是李娜"]
    with pytest.raises(AssertionError, match="no matching bot message within 0.3s"):
        await li.wait_message(timeout=0.3)
    last = await zhang.last_message()
    assert last and last.text == "你说：我是张伟"


async def test_personas_and_control_errors(sandbox: SandboxClient) -> None:
    personas = await sandbox.personas()
    assert [p["title"] for p in personas] == ["张伟 · 网格员、包联干部 (幸福社区)", "李娜 · 社区书记"]
    added = await sandbox.set_personas([{"user_id": 7, "first_name": "王", "phone": "+861", "title": "居民"}])
    assert [p["user_id"] for p in added] == [ZHANG, LI, 7]
    replaced = await sandbox.set_personas([{"user_id": 8, "first_name": "赵"}], replace=True)
    assert [p["user_id"] for p in replaced] == [8]
    with pytest.raises(SandboxError, match="no bot message 99"):
        await sandbox.request(
            "POST", f"/chats/{ZHANG}/callback", json={"message_id": 99, "callback_data": "x"}
        )
    with pytest.raises(SandboxError, match="has no phone number"):
        await sandbox.user(555).share_contact()
