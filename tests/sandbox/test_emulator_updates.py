"""Updates reach the bot: getUpdates long polling, conflicts, webhooks."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

import pytest
from aiogram import Bot, Dispatcher
from aiogram.exceptions import TelegramConflictError
from aiogram.methods import SendMessage
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup, Update
from aiogram.webhook.aiohttp_server import SimpleRequestHandler
from aiohttp import web
from conftest import LI, ZHANG

from sandbox import SandboxClient


async def test_long_poll_waits_for_a_user_message(bot: Bot, sandbox: SandboxClient) -> None:
    poll = asyncio.create_task(bot.get_updates(timeout=5))
    await asyncio.sleep(0.1)
    assert not poll.done()
    await sandbox.user(ZHANG).send_command("start", "invite-42")
    [update] = await asyncio.wait_for(poll, 2)
    assert isinstance(update, Update) and update.message
    assert update.message.text == "/start invite-42"
    assert update.message.from_user and update.message.from_user.id == ZHANG
    assert update.message.entities and update.message.entities[0].type == "bot_command"


async def test_offset_confirms_updates(bot: Bot, sandbox: SandboxClient) -> None:
    await sandbox.user(ZHANG).send_text("一")
    await sandbox.user(LI).send_text("二")
    first = await bot.get_updates(timeout=0)
    assert [u.message.text for u in first if u.message] == ["一", "二"]
    again = await bot.get_updates(offset=first[0].update_id + 1, timeout=0)
    assert [u.message.text for u in again if u.message] == ["二"]
    assert await bot.get_updates(offset=first[-1].update_id + 1, timeout=0) == []
    started = time.monotonic()
    assert await bot.get_updates(timeout=1) == []
    assert time.monotonic() - started >= 0.9


async def test_contact_location_and_callback_updates(bot: Bot, sandbox: SandboxClient) -> None:
    zhang = sandbox.user(ZHANG)
    await zhang.share_contact()
    await zhang.share_contact(user_id=None, phone="+8613900000000", first_name="王", last_name="五")
    await zhang.send_location(31.23, 121.47)
    markup = InlineKeyboardMarkup(inline_keyboard=[[InlineKeyboardButton(text="确认", callback_data="ok:1")]])
    sent = await bot.send_message(ZHANG, "请确认", reply_markup=markup)
    await zhang.press("确认")
    own, typed, location, callback = await bot.get_updates(timeout=0)
    assert own.message and own.message.contact
    assert own.message.contact.user_id == ZHANG and own.message.contact.phone_number == "+8613800001001"
    assert typed.message and typed.message.contact
    assert typed.message.contact.user_id is None and typed.message.contact.first_name == "王"
    assert location.message and location.message.location and location.message.location.longitude == 121.47
    query = callback.callback_query
    assert query and query.data == "ok:1" and query.from_user.id == ZHANG
    assert query.message and query.message.message_id == sent.message_id


async def test_allowed_updates_filters(bot: Bot, sandbox: SandboxClient) -> None:
    await bot.get_updates(timeout=0, allowed_updates=["callback_query"])
    await sandbox.user(ZHANG).send_text("filtered out")
    assert await bot.get_updates(timeout=0) == []


async def test_second_poll_terminates_the_first(bot: Bot) -> None:
    first = asyncio.create_task(bot.get_updates(timeout=5))
    await asyncio.sleep(0.1)
    second = asyncio.create_task(bot.get_updates(timeout=0))
    with pytest.raises(TelegramConflictError, match="terminated by other getUpdates request"):
        await asyncio.wait_for(first, 2)
    assert await second == []


@pytest.fixture
async def webhook_receiver() -> AsyncIterator[tuple[str, asyncio.Queue[tuple[dict, str | None]]]]:
    received: asyncio.Queue[tuple[dict, str | None]] = asyncio.Queue()
    failures = {"left": 1}  # the first delivery fails, to exercise the retry

    async def handle(request: web.Request) -> web.Response:
        if failures["left"]:
            failures["left"] -= 1
            return web.Response(status=500)
        await received.put((await request.json(), request.headers.get("X-Telegram-Bot-Api-Secret-Token")))
        return web.json_response({})

    app = web.Application()
    app.router.add_post("/hook", handle)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    yield f"http://127.0.0.1:{runner.addresses[0][1]}/hook", received
    await runner.cleanup()


async def test_webhook_pushes_updates_with_secret(
    bot: Bot, sandbox: SandboxClient, webhook_receiver: tuple[str, asyncio.Queue[tuple[dict, str | None]]]
) -> None:
    url, received = webhook_receiver
    assert await bot.set_webhook(url, secret_token="s3cret_TOKEN-1")
    with pytest.raises(TelegramConflictError, match="can't use getUpdates method while webhook is active"):
        await bot.get_updates(timeout=0)
    await sandbox.user(ZHANG).send_text("经 webhook")
    update, secret = await asyncio.wait_for(received.get(), 5)
    assert secret == "s3cret_TOKEN-1"
    assert Update.model_validate(update).message.text == "经 webhook"  # type: ignore[union-attr]
    info = await bot.get_webhook_info()
    assert info.url == url and info.pending_update_count == 0
    assert info.last_error_message and "500" in info.last_error_message
    assert await bot.delete_webhook()
    await sandbox.user(ZHANG).send_text("回到 polling")
    [polled] = await bot.get_updates(timeout=1)
    assert polled.message and polled.message.text == "回到 polling"


async def test_webhook_reply_method_is_executed(bot: Bot, sandbox: SandboxClient) -> None:
    """A webhook may answer with a Bot API call in its response body (aiogram does so as multipart)."""
    dp = Dispatcher()

    @dp.message()
    async def echo(message: object) -> SendMessage:
        return SendMessage(chat_id=ZHANG, text="回声")

    app = web.Application()
    SimpleRequestHandler(dp, bot, handle_in_background=False, secret_token="abc").register(app, path="/hook")
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    try:
        await bot.set_webhook(f"http://127.0.0.1:{runner.addresses[0][1]}/hook", secret_token="abc")
        zhang = sandbox.user(ZHANG)
        await zhang.send_text("你好")
        reply = await zhang.wait_message(timeout=5)
        assert reply.text == "回声"
    finally:
        await runner.cleanup()


@asynccontextmanager
async def serve_hook(handle: Callable[[web.Request], Awaitable[web.Response]]) -> AsyncIterator[str]:
    """A webhook at a local address answered by `handle`; the address is yielded."""
    app = web.Application()
    app.router.add_post("/hook", handle)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    try:
        yield f"http://127.0.0.1:{runner.addresses[0][1]}/hook"
    finally:
        await runner.cleanup()


async def test_webhook_posts_chats_in_parallel_and_each_chat_in_order(
    bot: Bot, sandbox: SandboxClient
) -> None:
    """Like Telegram, the webhook gets up to max_connections updates at once, but one chat's updates one after the
    other: the second of a chat is posted only once the first was answered 2xx."""
    open_now = {"count": 0, "peak": 0}
    seen: list[tuple[int, str]] = []
    failed_once: set[str] = set()
    release = asyncio.Event()

    async def handle(request: web.Request) -> web.Response:
        update = await request.json()
        message = update["message"]
        chat, text = message["chat"]["id"], message["text"]
        open_now["count"] += 1
        open_now["peak"] = max(open_now["peak"], open_now["count"])
        try:
            await release.wait()
            if text == "A2" and text not in failed_once:  # a failure must hold back A3, not let it overtake
                failed_once.add(text)
                return web.Response(status=500)
            seen.append((chat, text))
            return web.json_response({})
        finally:
            open_now["count"] -= 1

    async with serve_hook(handle) as url:
        await bot.set_webhook(url, max_connections=3)
        zhang, li = sandbox.user(ZHANG), sandbox.user(LI)
        for n in (1, 2, 3):
            await zhang.send_text(f"A{n}")
            await li.send_text(f"B{n}")
        await asyncio.sleep(0.3)
        assert open_now["peak"] == 2, "one connection per chat while the first updates are not answered"
        release.set()
        for _ in range(100):
            if len(seen) == 6:
                break
            await asyncio.sleep(0.05)
        assert [t for c, t in seen if c == ZHANG] == ["A1", "A2", "A3"]
        assert [t for c, t in seen if c == LI] == ["B1", "B2", "B3"]
        assert (await bot.get_webhook_info()).pending_update_count == 0


async def test_webhook_keeps_to_max_connections(bot: Bot, sandbox: SandboxClient) -> None:
    open_now = {"count": 0, "peak": 0}
    done: list[int] = []

    async def handle(request: web.Request) -> web.Response:
        update = await request.json()
        open_now["count"] += 1
        open_now["peak"] = max(open_now["peak"], open_now["count"])
        await asyncio.sleep(0.05)
        open_now["count"] -= 1
        done.append(update["message"]["chat"]["id"])
        return web.json_response({})

    async with serve_hook(handle) as url:
        users = [ZHANG, LI, ZHANG, LI]
        await bot.set_webhook(url, max_connections=1)
        for user in users:
            await sandbox.user(user).send_text("hi")
        for _ in range(100):
            if len(done) == len(users):
                break
            await asyncio.sleep(0.05)
        assert done == users, "with one connection, updates go one by one in their order"
        assert open_now["peak"] == 1
