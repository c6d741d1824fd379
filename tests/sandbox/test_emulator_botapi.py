"""Bot API methods and Telegram's error answers, as aiogram parses them."""

from __future__ import annotations

import asyncio

import pytest
from aiogram import Bot
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNotFound,
    TelegramUnauthorizedError,
)
from aiogram.methods import TelegramMethod
from aiogram.types import (
    BotCommand,
    BotCommandScopeAllPrivateChats,
    ChatMemberMember,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
)
from aiohttp import ClientSession
from conftest import LI, TOKEN, ZHANG, make_bot

from sandbox import Emulator, SandboxClient

NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are "
    "exactly the same as a current content and reply markup of the message"
)


def keyboard(*labels: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text=t, callback_data=t) for t in labels]]
    )


class UnknownMethod(TelegramMethod[bool]):
    __returning__ = bool
    __api_method__ = "sendTelepathy"


async def test_get_me(bot: Bot) -> None:
    me = await bot.get_me()
    assert me.id == 123456 and me.is_bot and me.username == "gridbot_sandbox_bot"


async def test_wrong_token_is_unauthorized(emulator: Emulator) -> None:
    bot = make_bot(emulator.base_url, token="123456:wrong")
    with pytest.raises(TelegramUnauthorizedError, match="Unauthorized"):
        await bot.get_me()
    await bot.session.close()


async def test_unknown_method_is_not_found(bot: Bot) -> None:
    with pytest.raises(TelegramNotFound, match="Not Found"):
        await bot(UnknownMethod())


async def test_send_message_parses_html(bot: Bot, sandbox: SandboxClient) -> None:
    sent = await bot.send_message(
        ZHANG,
        "<b>走访</b> &lt;3 <a href='https://example.org'>链接</a>",
        parse_mode="HTML",
        reply_markup=keyboard("A"),
    )
    assert sent.text == "走访 <3 链接"
    assert sent.from_user and sent.from_user.is_bot and sent.chat.id == ZHANG
    assert [(e.type, e.offset, e.length) for e in sent.entities or []] == [
        ("bold", 0, 2),
        ("text_link", 6, 2),
    ]
    assert sent.reply_markup and sent.reply_markup.model_dump() == keyboard("A").model_dump()
    last = await sandbox.user(ZHANG).last_message()
    assert (
        last
        and last.html
        == '<b>走访</b> &lt;3 <a href="https://example.org" target="_blank" rel="noopener noreferrer">链接</a>'
    )
    assert last.raw["raw_text"].startswith("<b>走访</b>") and last.raw["parse_mode"] == "HTML"


async def test_html_is_sanitised_or_rejected(bot: Bot, sandbox: SandboxClient) -> None:
    with pytest.raises(TelegramBadRequest, match='Unsupported start tag "script" at byte offset 0'):
        await bot.send_message(ZHANG, "<script>alert(1)</script>", parse_mode="HTML")
    with pytest.raises(TelegramBadRequest, match='Can\'t find end tag corresponding to start tag "b"'):
        await bot.send_message(ZHANG, "<b>open", parse_mode="HTML")
    await bot.send_message(ZHANG, "<b>x</b> <script>", parse_mode=None)
    last = await sandbox.user(ZHANG).last_message()
    assert last and last.html == "&lt;b&gt;x&lt;/b&gt; &lt;script&gt;"


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("", "Bad Request: message text is empty"),
        ("   ", "Bad Request: message text is empty"),
        ("字" * 4097, "Bad Request: message is too long"),
    ],
)
async def test_bad_texts(bot: Bot, text: str, error: str) -> None:
    with pytest.raises(TelegramBadRequest) as info:
        await bot.send_message(ZHANG, text)
    assert info.value.message == error


async def test_max_length_text_is_accepted(bot: Bot) -> None:
    assert (await bot.send_message(ZHANG, "字" * 4096)).text == "字" * 4096


async def test_callback_data_over_64_bytes(bot: Bot) -> None:
    markup = InlineKeyboardMarkup(inline_keyboard=[[InlineKeyboardButton(text="x", callback_data="数" * 22)]])
    with pytest.raises(TelegramBadRequest) as info:
        await bot.send_message(ZHANG, "hi", reply_markup=markup)
    assert info.value.message == "Bad Request: BUTTON_DATA_INVALID"


async def test_unknown_and_blocked_chats(bot: Bot, sandbox: SandboxClient) -> None:
    with pytest.raises(TelegramBadRequest) as info:
        await bot.send_message(999, "hi")
    assert info.value.message == "Bad Request: chat not found"
    await sandbox.block(LI)
    with pytest.raises(TelegramForbiddenError) as forbidden:
        await bot.send_message(LI, "hi")
    assert forbidden.value.message == "Forbidden: bot was blocked by the user"
    await sandbox.unblock(LI)
    assert (await bot.send_message(LI, "hi")).chat.id == LI


async def test_edit_text_markup_and_not_modified(bot: Bot, sandbox: SandboxClient) -> None:
    sent = await bot.send_message(ZHANG, "第一版", reply_markup=keyboard("A"))
    edited = await bot.edit_message_text(
        "第二版", chat_id=ZHANG, message_id=sent.message_id, reply_markup=keyboard("A")
    )
    assert not isinstance(edited, bool) and edited.text == "第二版" and edited.edit_date is not None
    with pytest.raises(TelegramBadRequest) as info:
        await bot.edit_message_text(
            "第二版", chat_id=ZHANG, message_id=sent.message_id, reply_markup=keyboard("A")
        )
    assert info.value.message == NOT_MODIFIED
    # Same text, other keyboard: modified.
    await bot.edit_message_reply_markup(chat_id=ZHANG, message_id=sent.message_id, reply_markup=keyboard("B"))
    # An edit without reply_markup drops the inline keyboard, as on Telegram.
    plain = await bot.edit_message_text("第三版", chat_id=ZHANG, message_id=sent.message_id)
    assert not isinstance(plain, bool) and plain.reply_markup is None
    with pytest.raises(TelegramBadRequest, match="message is not modified"):
        await bot.edit_message_reply_markup(chat_id=ZHANG, message_id=sent.message_id)
    last = await sandbox.user(ZHANG).last_message()
    assert last and last.edited and last.raw["history"] == ["第一版", "第二版", "第二版"]


async def test_edit_and_delete_unknown_messages(bot: Bot, sandbox: SandboxClient) -> None:
    with pytest.raises(TelegramBadRequest) as info:
        await bot.edit_message_text("x", chat_id=ZHANG, message_id=424242)
    assert info.value.message == "Bad Request: message to edit not found"
    sent = await bot.send_message(ZHANG, "将被删除")
    assert await bot.delete_message(ZHANG, sent.message_id) is True
    with pytest.raises(TelegramBadRequest) as deleted:
        await bot.delete_message(ZHANG, sent.message_id)
    assert deleted.value.message == "Bad Request: message to delete not found"
    with pytest.raises(TelegramBadRequest, match="message to edit not found"):
        await bot.edit_message_text("x", chat_id=ZHANG, message_id=sent.message_id)
    user_message = await sandbox.user(ZHANG).send_text("你好")
    with pytest.raises(TelegramBadRequest, match="message can't be edited"):
        await bot.edit_message_text("x", chat_id=ZHANG, message_id=user_message.message_id)


async def test_answer_callback_query(bot: Bot, sandbox: SandboxClient, emulator: Emulator) -> None:
    sent = await bot.send_message(ZHANG, "选择", reply_markup=keyboard("A"))
    zhang = sandbox.user(ZHANG)
    pressed = await zhang.press("A")
    assert pressed["message_id"] == sent.message_id
    assert await bot.answer_callback_query(pressed["callback_query_id"], text="已记录", show_alert=True)
    answer = await zhang.callback_answer()
    assert answer.answered and answer.text == "已记录" and answer.show_alert
    too_old = "Bad Request: query is too old and response timeout expired or query ID is invalid"
    with pytest.raises(TelegramBadRequest) as twice:
        await bot.answer_callback_query(pressed["callback_query_id"])
    assert twice.value.message == too_old
    with pytest.raises(TelegramBadRequest, match="query is too old"):
        await bot.answer_callback_query("123")
    await sandbox.configure(callback_timeout=0.05)
    late = await zhang.press("A")
    await asyncio.sleep(0.1)
    with pytest.raises(TelegramBadRequest, match="query is too old"):
        await bot.answer_callback_query(late["callback_query_id"])
    assert not (await zhang.callback_answer(timeout=0)).answered


async def test_reply_keyboard_and_remove(bot: Bot, sandbox: SandboxClient) -> None:
    markup = ReplyKeyboardMarkup(
        keyboard=[[KeyboardButton(text="共享手机号", request_contact=True)], [KeyboardButton(text="取消")]],
        resize_keyboard=True,
        one_time_keyboard=True,
    )
    await bot.send_message(ZHANG, "请共享手机号", reply_markup=markup)
    zhang = sandbox.user(ZHANG)
    rows = await zhang.reply_keyboard()
    assert rows == [[{"text": "共享手机号", "request_contact": True}], [{"text": "取消"}]]
    await bot.send_message(ZHANG, "好的", reply_markup=ReplyKeyboardRemove())
    assert await zhang.reply_keyboard() is None


async def test_location_chat_action_and_chat_info(bot: Bot, sandbox: SandboxClient) -> None:
    sent = await bot.send_location(ZHANG, 39.9, 116.4)
    assert sent.location and sent.location.latitude == 39.9
    assert await bot.send_chat_action(ZHANG, "typing")
    events = await sandbox.events(chat_id=ZHANG)
    assert events[-1]["type"] == "chat_action" and events[-1]["action"] == "typing"
    chat = await bot.get_chat(ZHANG)
    assert chat.id == ZHANG and chat.type == "private" and chat.first_name == "伟"
    member = await bot.get_chat_member(ZHANG, ZHANG)
    assert isinstance(member, ChatMemberMember) and member.user.id == ZHANG


async def test_my_commands(bot: Bot, sandbox: SandboxClient) -> None:
    commands = [
        BotCommand(command="start", description="开始"),
        BotCommand(command="help", description="帮助"),
    ]
    assert await bot.set_my_commands(commands)
    assert [c.model_dump() for c in await bot.get_my_commands()] == [c.model_dump() for c in commands]
    assert await bot.get_my_commands(scope=BotCommandScopeAllPrivateChats()) == []
    assert (await sandbox.request("GET", "/bot"))["commands"][0]["command"] == "start"
    assert await bot.delete_my_commands()
    assert await bot.get_my_commands() == []
    with pytest.raises(TelegramBadRequest, match="BOT_COMMAND_INVALID"):
        await bot.set_my_commands([BotCommand(command="Bad Command", description="x")])
    assert await bot.close() and await bot.log_out()


async def test_json_and_query_string_bodies(emulator: Emulator) -> None:
    """Other clients send JSON bodies or query strings; nested fields are then real objects."""
    url = f"{emulator.base_url}/bot{TOKEN}"
    markup = {"inline_keyboard": [[{"text": "好", "callback_data": "ok"}]]}
    async with ClientSession() as session:
        async with session.post(
            f"{url}/sendMessage", json={"chat_id": ZHANG, "text": 123, "reply_markup": markup}
        ) as resp:
            body = await resp.json()
        assert body["ok"] and body["result"]["text"] == "123" and body["result"]["reply_markup"] == markup
        async with session.get(f"{url}/sendMessage", params={"chat_id": str(LI), "text": "经查询串"}) as resp:
            assert (await resp.json())["result"]["chat"]["id"] == LI
        async with session.post(
            f"{url}/sendMessage", data=b"{not json", headers={"Content-Type": "application/json"}
        ) as resp:
            assert resp.status == 400 and (await resp.json())["description"].startswith(
                "Bad Request: can't parse"
            )
