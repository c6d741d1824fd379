"""Webhook mode: an update is answered 200 only once it has been handled, and each update is handled once.

Telegram re-sends an update until it gets a 2xx answer. aiogram's default (`handle_in_background=True`) answers at once
and handles afterwards, so a process killed meanwhile lost the update; and an update delivered twice (a retry after a
slow answer, or to two instances behind one address) was handled twice. Here:

- the update is claimed in an `UpdateLedger` by its `update_id` (in Redis when there is one, shared by every
  instance; else in this process, which is then the only instance: storage.instance_lock);
- it is handled while Telegram waits; its records are committed by the handlers before they answer the person;
- only then is it marked done and answered 200. A second delivery of a done update is answered 200 and nothing else;
  one still being handled elsewhere is answered 503, so Telegram tries again later (by then it is done, or, if its
  instance died, the claim has expired and this delivery handles it). A failed handling gives its claim back (500).
- An update that takes longer than `ANSWER_WITHIN` seconds goes on being handled; its delivery is answered 503 and
  the retry finds it done.
- A claim lives CLAIM_SECONDS and is renewed while its update is handled, so the claims of an instance that died
  lapse within seconds and Telegram's next delivery is handled by another instance.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import signal
import time
from contextlib import suppress
from enum import StrEnum
from typing import Any, Protocol

from aiogram import Bot, Dispatcher
from aiogram.methods import TelegramMethod
from aiogram.webhook.aiohttp_server import SimpleRequestHandler, setup_application
from aiohttp import web

from bot.config import Settings
from bot.telegram_retry import retrying

log = logging.getLogger("gridbot.webhook")

ANSWER_WITHIN = 50.0  # Telegram waits about 60 s for an answer
CLAIM_SECONDS = 15  # a claim of an instance that died mid-update expires after this; renewed while handling
DONE_SECONDS = 26 * 3600  # Telegram keeps an undelivered update for 24 hours


class Claim(StrEnum):
    NEW = "new"  # this delivery handles it
    DONE = "done"  # handled before: answer 200, do nothing
    BUSY = "busy"  # being handled now (here or by another instance): answer 503, Telegram retries


class UpdateLedger(Protocol):
    async def claim(self, update_id: int) -> Claim: ...
    async def done(self, update_id: int) -> None: ...
    async def release(self, update_id: int) -> None: ...
    async def renew(self, update_id: int) -> None: ...


class LocalLedger:
    """The ledger of a single instance: update ids of the last DONE_SECONDS, in memory."""

    def __init__(self) -> None:
        self._busy: set[int] = set()
        self._done: dict[int, float] = {}

    async def claim(self, update_id: int) -> Claim:
        if update_id in self._busy:
            return Claim.BUSY
        if update_id in self._done:
            return Claim.DONE
        self._busy.add(update_id)
        return Claim.NEW

    async def done(self, update_id: int) -> None:
        self._busy.discard(update_id)
        now = time.monotonic()
        self._done[update_id] = now
        if len(self._done) > 100_000:  # forget the oldest beyond a day
            self._done = {u: t for u, t in self._done.items() if now - t < DONE_SECONDS}

    async def release(self, update_id: int) -> None:
        self._busy.discard(update_id)

    async def renew(self, update_id: int) -> None:
        pass  # nothing expires in memory


class RedisLedger:
    """The ledger shared by every instance: one Redis key per update, "busy" with an expiry, then "done"."""

    def __init__(self, redis: Any, bot_id: int) -> None:
        self.redis = redis
        self.prefix = f"gridbot:update:{bot_id}:"

    async def claim(self, update_id: int) -> Claim:
        key = self.prefix + str(update_id)
        if await self.redis.set(key, "busy", nx=True, ex=CLAIM_SECONDS):
            return Claim.NEW
        state = await self.redis.get(key)
        if state is None:  # expired between the two calls: try once more
            return Claim.NEW if await self.redis.set(key, "busy", nx=True, ex=CLAIM_SECONDS) else Claim.BUSY
        return Claim.DONE if state in (b"done", "done") else Claim.BUSY

    async def done(self, update_id: int) -> None:
        await self.redis.set(self.prefix + str(update_id), "done", ex=DONE_SECONDS)

    async def release(self, update_id: int) -> None:
        await self.redis.delete(self.prefix + str(update_id))

    async def renew(self, update_id: int) -> None:
        """Still being handled: the claim lives CLAIM_SECONDS more, only while it is "busy" (never over "done")."""
        await self.redis.eval(_RENEW, 1, self.prefix + str(update_id), CLAIM_SECONDS)


_RENEW = """if redis.call('GET', KEYS[1]) == 'busy' then return redis.call('EXPIRE', KEYS[1], ARGV[1]) end return 0"""


def ledger_for(dp: Dispatcher, bot: Bot) -> UpdateLedger:
    redis = getattr(dp.storage, "redis", None)  # aiogram's RedisStorage (bot.app.make_storage)
    return RedisLedger(redis, bot.id) if redis is not None else LocalLedger()


class OnceRequestHandler(SimpleRequestHandler):
    """aiogram's webhook handler, answering after the update is handled and handling each update once."""

    def __init__(self, dispatcher: Dispatcher, bot: Bot, ledger: UpdateLedger, **kwargs: Any) -> None:
        super().__init__(dispatcher=dispatcher, bot=bot, handle_in_background=False, **kwargs)
        self.ledger = ledger

    async def _handle_request(self, bot: Bot, request: web.Request) -> web.Response:
        update = await request.json(loads=bot.session.json_loads)
        update_id = update.get("update_id") if isinstance(update, dict) else None
        if not isinstance(update_id, int) or isinstance(update_id, bool):
            return web.json_response({"ok": False, "description": "no update_id"}, status=400)
        claim = await self.ledger.claim(update_id)
        if claim is Claim.DONE:
            return web.json_response({})
        if claim is Claim.BUSY:
            return web.json_response({"ok": False, "description": "being handled"}, status=503)
        task = asyncio.create_task(self._handle(bot, update_id, update))
        self._background_feed_update_tasks.add(task)  # waited for at shutdown
        task.add_done_callback(self._background_feed_update_tasks.discard)
        done, _ = await asyncio.wait({task}, timeout=ANSWER_WITHIN)
        if not done or not task.result():
            # Still being handled (Telegram's retry will find it done), or it failed and gave its claim back.
            return web.json_response({"ok": False}, status=503 if not done else 500)
        return web.json_response({})

    async def _handle(self, bot: Bot, update_id: int, update: dict[str, Any]) -> bool:
        keeper = asyncio.create_task(self._keep_claim(update_id))
        try:
            result = await self.dispatcher.feed_raw_update(bot=bot, update=update, **self.data)
            if isinstance(result, TelegramMethod):
                await self.dispatcher.silent_call_request(bot=bot, result=result)
        except Exception as exc:
            log.error("update %s failed (%s); Telegram will deliver it again", update_id, type(exc).__name__)
            handled = False
        else:
            handled = True
        finally:
            keeper.cancel()  # and stopped before the claim is settled, so no renewal comes after it
            with suppress(asyncio.CancelledError):
                await keeper
        if handled:
            await self.ledger.done(update_id)
        else:
            with suppress(Exception):
                await self.ledger.release(update_id)
        return handled

    async def _keep_claim(self, update_id: int) -> None:
        """Renew the claim while the update is handled: if this instance dies, it lapses within CLAIM_SECONDS."""
        while True:
            await asyncio.sleep(CLAIM_SECONDS / 3)
            with suppress(
                Exception
            ):  # Redis away a moment: the claim may lapse, and the update is done twice
                await self.ledger.renew(update_id)

    async def finish(self, timeout: float) -> None:
        """Let the updates being handled finish (at shutdown)."""
        if self._background_feed_update_tasks:
            await asyncio.wait(set(self._background_feed_update_tasks), timeout=timeout)


WEBHOOK_HANDLER = web.AppKey("gridbot_webhook_handler", OnceRequestHandler)


def webhook_secret(settings: Settings) -> str:
    """WEBHOOK_SECRET, or one derived from the token: every instance behind one webhook must present the same."""
    if settings.webhook_secret:
        return settings.webhook_secret.get_secret_value()
    token = settings.bot_token.get_secret_value() if settings.bot_token else ""
    return hashlib.sha256(f"gridbot-webhook:{token}".encode()).hexdigest()


def make_webhook_app(
    dp: Dispatcher, bot: Bot, settings: Settings, secret: str, ledger: UpdateLedger | None = None
) -> web.Application:
    web_app = web.Application()
    # Requests without Telegram's X-Telegram-Bot-Api-Secret-Token header (or with a wrong one) get 401.
    handler = OnceRequestHandler(dp, bot, ledger or ledger_for(dp, bot), secret_token=secret)
    handler.register(web_app, path=settings.webhook_path)
    web_app[WEBHOOK_HANDLER] = handler
    setup_application(web_app, dp, bot=bot)
    return web_app


async def run_webhook(dp: Dispatcher, bot: Bot, settings: Settings, url: str, stop_timeout: float) -> None:
    secret = webhook_secret(settings)
    web_app = make_webhook_app(dp, bot, settings, secret)
    runner = web.AppRunner(web_app)
    await runner.setup()
    site = web.TCPSite(runner, settings.webhook_host, settings.webhook_port)
    await site.start()
    with retrying():
        await bot.set_webhook(url, secret_token=secret, drop_pending_updates=False)
    log.info("webhook listening on %s:%s", settings.webhook_host, settings.webhook_port)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):  # a service manager's stop runs the orderly shutdown of `run`
        with suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    try:
        await stop.wait()
    finally:
        await web_app[WEBHOOK_HANDLER].finish(stop_timeout)
        await runner.cleanup()
