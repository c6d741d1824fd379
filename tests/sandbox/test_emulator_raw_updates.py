"""Raw updates (`POST /sandbox/api/updates`): groups, channels, stickers, forwards and any callback query reach the
bot with the ids Telegram would assign; what Telegram could never send is refused."""

from __future__ import annotations

from typing import Any

import pytest
from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import InaccessibleMessage, Update
from conftest import LI, ZHANG

from sandbox import Emulator, SandboxClient, SandboxError

GROUP = {"id": -100123, "type": "supergroup", "title": "幸福社区工作群"}
CHANNEL = {"id": -100777, "type": "channel", "title": "城关街道通知"}
STRANGER = {"id": 990001, "is_bot": False, "first_name": "陌生人"}


def private(user: dict[str, Any]) -> dict[str, Any]:
    return {"id": user["id"], "type": "private", "first_name": user["first_name"]}


async def updates(bot: Bot) -> list[Update]:
    return await bot.get_updates(timeout=0)


async def test_group_and_channel_messages_get_fresh_ids(bot: Bot, sandbox: SandboxClient) -> None:
    first = await sandbox.send_update(
        {"update_id": 999, "message": {"message_id": 5, "chat": GROUP, "from": STRANGER, "text": "/menu"}}
    )
    second = await sandbox.send_update({"channel_post": {"chat": CHANNEL, "text": "<b>通知</b> & 公告"}})
    third = await sandbox.send_update({"message": {"chat": GROUP, "from": STRANGER, "text": "again"}})
    assert second["update_id"] == first["update_id"] + 1 and first["update_id"] != 999
    got = await updates(bot)
    assert [u.update_id for u in got] == [first["update_id"], second["update_id"], third["update_id"]]
    group_message, post, again = got[0].message, got[1].channel_post, got[2].message
    assert group_message and post and again
    assert group_message.chat.type == "supergroup" and group_message.text == "/menu"
    assert (group_message.message_id, again.message_id) == (
        1,
        2,
    )  # the group's own numbering, not the caller's
    assert post.chat.type == "channel" and post.from_user is None and post.text == "<b>通知</b> & 公告"


async def test_the_bot_cannot_write_to_a_group(bot: Bot, sandbox: SandboxClient) -> None:
    await sandbox.send_update({"message": {"chat": GROUP, "from": STRANGER, "text": "hi"}})
    with pytest.raises(TelegramBadRequest, match="chat not found"):
        await bot.send_message(GROUP["id"], "menu")


async def test_a_private_raw_message_is_recorded_in_the_chat(bot: Bot, sandbox: SandboxClient) -> None:
    zhang = {"id": ZHANG, "is_bot": False, "first_name": "伟", "last_name": "张"}
    sticker = {
        "file_id": "CAAC-sticker",
        "file_unique_id": "AgAD-sticker",
        "type": "regular",
        "width": 512,
        "height": 512,
        "is_animated": False,
        "is_video": False,
        "emoji": "👍",
    }
    forwarded = {
        "chat": private(zhang),
        "from": zhang,
        "forward_origin": {"type": "user", "date": 1700000000, "sender_user": STRANGER},
        "contact": {"phone_number": "+8613800001002", "first_name": "娜", "user_id": LI},
    }
    await sandbox.user(ZHANG).send_text("before")
    await sandbox.send_update({"message": {"chat": private(zhang), "from": zhang, "sticker": sticker}})
    await sandbox.send_update({"message": forwarded})
    messages = await sandbox.user(ZHANG).messages()
    assert [m.message_id for m in messages] == [1, 2, 3]
    assert messages[2].contact == forwarded["contact"]
    got = await updates(bot)
    assert got[1].message and got[1].message.sticker and got[1].message.sticker.emoji == "👍"
    assert got[1].message.message_id == 2
    assert got[2].message and got[2].message.forward_origin and got[2].message.contact
    assert got[2].message.contact.user_id == LI


async def test_a_stranger_gets_a_chat_the_bot_can_answer(bot: Bot, sandbox: SandboxClient) -> None:
    text = "\u202e\u200d👨\u200d👩\u200d👧 \x01\x1b <b>x & y"
    await sandbox.send_update({"message": {"chat": private(STRANGER), "from": STRANGER, "text": text}})
    [update] = await updates(bot)
    assert update.message and update.message.text == text
    sent = await bot.send_message(STRANGER["id"], "请先 /start")
    assert sent.chat.id == STRANGER["id"]
    texts = [m.text for m in await sandbox.user(STRANGER["id"]).messages()]
    assert texts == [text, "请先 /start"]


async def test_any_callback_query_can_be_answered(
    bot: Bot, sandbox: SandboxClient, emulator: Emulator
) -> None:
    sent = await bot.send_message(LI, "李娜的菜单")
    # Another person's message and data no button carries: a forged client, or a spoofed update.
    result = await sandbox.send_update(
        {
            "callback_query": {
                "id": "mine",
                "from": STRANGER,
                "message": sent.model_dump(mode="json", exclude_none=True, by_alias=True),
                "data": "0\x1dforged",
            }
        }
    )
    [update] = await updates(bot)
    query = update.callback_query
    assert (
        query and query.id != "mine" and query.data == "0\x1dforged" and query.from_user.id == STRANGER["id"]
    )
    assert query.message and query.message.chat.id == LI and query.chat_instance
    assert result["update"]["callback_query"]["id"] == query.id
    assert await bot.answer_callback_query(query.id, text="已过期")
    recorded = emulator.world.callbacks[query.id]
    assert recorded.answered and recorded.answer and recorded.answer["text"] == "已过期"
    assert (recorded.user_id, recorded.message_id) == (STRANGER["id"], sent.message_id)


async def test_a_callback_on_an_inaccessible_message(bot: Bot, sandbox: SandboxClient) -> None:
    old = {"chat": private(STRANGER), "message_id": 7, "date": 0}
    await sandbox.send_update({"callback_query": {"from": STRANGER, "message": old, "data": "x"}})
    [update] = await updates(bot)
    assert update.callback_query and isinstance(update.callback_query.message, InaccessibleMessage)
    assert update.callback_query.message.message_id == 7
    with pytest.raises(SandboxError, match="unknown field"):
        await sandbox.send_update(
            {"callback_query": {"from": STRANGER, "message": {**old, "text": "x"}, "data": "x"}}
        )


async def test_allowed_updates_filter_raw_updates(bot: Bot, sandbox: SandboxClient) -> None:
    await bot.get_updates(timeout=0, allowed_updates=["message", "callback_query"])
    result = await sandbox.send_update({"channel_post": {"chat": CHANNEL, "text": "公告"}})
    assert result["update_id"] is None and result["update"] is None
    assert await updates(bot) == []


@pytest.mark.parametrize(
    ("update", "problem"),
    [
        ({"message": {"chat": GROUP, "from": STRANGER, "text": "x" * 4097}}, "longer than 4096"),
        # 2,049 emoji are 4,098 UTF-16 units, as Telegram counts: too long though only 2,049 characters.
        ({"message": {"chat": GROUP, "from": STRANGER, "text": "😀" * 2049}}, "longer than 4096"),
        ({"message": {"chat": GROUP, "from": STRANGER, "text": "   "}}, "blank"),
        ({"callback_query": {"from": STRANGER, "data": "x" * 65}}, "64 bytes"),
        ({"callback_query": {"from": STRANGER, "data": "数" * 22}}, "64 bytes"),  # 66 bytes in UTF-8
        ({"poll": {"id": "1"}}, "unsupported update type"),
        ({"message": {}, "callback_query": {}}, "exactly one"),
        ({"message": {"chat": GROUP, "from": STRANGER}}, "no content"),
        ({"message": {"chat": GROUP, "from": STRANGER, "voice": {"file_id": "v"}}}, "unknown field"),
        ({"message": {"chat": GROUP, "text": "who"}}, "missing field(s) ['from']"),
        (
            {"message": {"chat": private(STRANGER), "from": {**STRANGER, "id": 5}, "text": "x"}},
            "private chat",
        ),
        ({"message": {"chat": CHANNEL, "from": STRANGER, "text": "x"}}, "channel_post"),
        ({"channel_post": {"chat": GROUP, "text": "x"}}, "comes from a channel"),
        ({"message": {"chat": {**GROUP, "id": 5}, "from": STRANGER, "text": "x"}}, "negative"),
        (
            {
                "message": {
                    "chat": GROUP,
                    "from": {"id": "1", "is_bot": False, "first_name": "x"},
                    "text": "x",
                }
            },
            "integer",
        ),
        ({"edited_message": {"chat": GROUP, "from": STRANGER, "text": "x"}}, "message_id"),
        (
            {"message": {"chat": GROUP, "from": STRANGER, "location": {"latitude": 91, "longitude": 0}}},
            "latitude",
        ),
        (
            {
                "message": {
                    "chat": GROUP,
                    "from": STRANGER,
                    "sticker": {"file_id": "s", "file_unique_id": "u"},
                }
            },
            "missing",
        ),
    ],
)
async def test_what_telegram_never_sends_is_refused(
    sandbox: SandboxClient, emulator: Emulator, update: dict[str, Any], problem: str
) -> None:
    with pytest.raises(SandboxError) as refused:
        await sandbox.send_update(update)
    assert problem in str(refused.value)
    assert emulator.world.updates.pending_count == 0
