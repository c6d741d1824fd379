"""The outbox sender: claiming each due message with a lease, calling Telegram within the limits of
`bot.sender.rate`, retrying, recording what was sent (the package's docstring tells how).
"""

from __future__ import annotations

import asyncio
import functools
import logging
import math
from collections.abc import Callable
from contextlib import suppress
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from aiogram import Bot
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.methods import (
    EditMessageText,
    SendDocument,
    SendLocation,
    SendMessage,
    SendPhoto,
    TelegramMethod,
)
from aiogram.types import FSInputFile, Message

from bot.sender.payload import telegram_payload
from bot.sender.rate import ByMessenger, RateLimiter, Slot
from storage import outbox
from storage.db import Database
from storage.messenger_ids import is_feishu_id

log = logging.getLogger("gridbot.sender")

MAX_ATTEMPTS = 8

# Telegram's words (lower case) when the message an edit names is no longer there to edit.
EDIT_TARGET_GONE = ("message to edit not found", "message can't be edited", "message_id_invalid")

# How long one Bot API call may take before the sender gives it up (aiohttp's default is 60 s): a call that hangs
# after Telegram accepted the message would otherwise hold up its chat for a minute and then be sent again anyway.
SEND_TIMEOUT = 8.0

UPLOAD_TIMEOUT = 30.0  # sendDocument / sendPhoto of a file the bot wrote (a workbook, a chart): an upload

# A claim lasts the call's timeout and this much more: the claim's commit before the call and the recording of its
# outcome after it (`_record_sent` tries for about 3 s). No other sender takes the message while the lease runs.
LEASE_MARGIN = 10.0


class OutboxSender:
    def __init__(
        self,
        bot: Bot,
        db: Database,
        clock: Callable[[], datetime],
        limiter: RateLimiter | None = None,
        *,
        per_second: float = 30.0,
        chat_interval: float = 1.0,
        batch: int = 30,
        idle_poll: float = 1.0,
        defer_after: float = 0.1,
        send_timeout: float = SEND_TIMEOUT,
        upload_timeout: float = UPLOAD_TIMEOUT,
        lease_margin: float = LEASE_MARGIN,
        max_in_flight: int = 8,
        overlap_after: float = 0.5,
        feishu_bot: Bot | None = None,
    ) -> None:
        self.bot = bot
        self.feishu_bot = feishu_bot  # issue 19: the chats of Feishu's id range go through it, at its pace
        self.db = db
        self.clock = clock
        # `per_second` and `chat_interval` (settings SEND_RATE_PER_SECOND, SEND_CHAT_INTERVAL) make the limiter unless
        # one is given.
        self.limiter = limiter or RateLimiter(per_second, chat_interval)
        if feishu_bot is not None:
            self.limiter = ByMessenger(self.limiter, RateLimiter(per_second, chat_interval), is_feishu_id)
        self.batch = batch  # messages looked at per query, and at most this many per `drain_once`
        self.idle_poll = idle_poll
        self.defer_after = defer_after
        self.send_timeout = send_timeout
        self.upload_timeout = upload_timeout
        self.lease_margin = lease_margin
        # Calls go one after another (so that a 429 stops the next one); a call without an answer after
        # `overlap_after` seconds is left to run beside the next chats' calls, up to `max_in_flight` at once.
        self.max_in_flight = max_in_flight
        self.overlap_after = overlap_after
        # Calls given up on after their timeout, or broken off, and so retried: each retry is a duplicate if Telegram
        # had accepted the first call (the row says so too: outbox.POSSIBLE_DUPLICATE).
        self.uncertain_retries = 0
        self._wake = asyncio.Event()
        self._stopped = asyncio.Event()

    def wake(self) -> None:
        """Called after a handler queued something, so it goes out without waiting for the next poll."""
        self._wake.set()

    def stop(self) -> None:
        """Finish the calls under way (each within its timeout), start no more, and end `run_forever`.

        Nothing else is claimed: what was not being sent stays queued for the next start. Cancelling the sender
        instead could land between Telegram accepting a message and its row being marked sent (which would send it
        again once the lease runs out)."""
        self._stopped.set()
        self._wake.set()

    async def run_forever(self) -> None:
        while not self._stopped.is_set():
            try:
                sent = await self._pump(limit=None)
            except Exception as exc:  # the traceback is logged without its message (bot.logs)
                log.error("outbox drain failed (%s); retrying", type(exc).__name__, exc_info=exc)
                sent = 0
            # No `_wake.clear()` here: `_pump` clears it before it looks at the queue, so a wake-up since then counts.
            if not sent and not self._stopped.is_set():
                try:
                    await asyncio.wait_for(self._wake.wait(), timeout=self.idle_poll)
                except TimeoutError:
                    pass

    async def drain_once(self) -> int:
        """Send what can go now (at most `batch` messages) and wait for those calls; returns how many were handled.

        A chat that had its message this second is left for a later call unless nothing else could go, in which case
        its turn is waited for."""
        return await self._pump(limit=self.batch)

    def timeout(self, message: outbox.Outgoing) -> float:
        """How long this message's call to Telegram may take."""
        upload = message.method == "sendDocument" or (
            message.method == "sendPhoto" and "photo_path" in message.payload
        )
        return self.upload_timeout if upload else self.send_timeout

    def lease(self, message: outbox.Outgoing) -> timedelta:
        return timedelta(seconds=self.timeout(message) + self.lease_margin)

    async def _pump(self, limit: int | None) -> int:
        """Claim and send one message at a time, several chats' calls under way at once, each chat's in order.

        Ends when nothing is under way and nothing can go now (after at least one message: a busy chat's turn is then
        left to the next call), or when `limit` messages were handled, or on `stop()`."""
        handled = 0
        in_flight: dict[int, asyncio.Task[None]] = {}
        try:
            while not self._stopped.is_set() and (limit is None or handled < limit):
                self._wake.clear()
                busy = set(self.limiter.busy_chats(self.defer_after)) | set(in_flight)
                async with self.db.session() as session:
                    heads = await outbox.due_heads(session, self.clock(), self.batch, busy)
                started, next_turn = 0, None
                for head in heads:
                    if self._stopped.is_set() or (limit is not None and handled >= limit):
                        break
                    if head.chat_id in in_flight:
                        continue
                    busy_for = self.limiter.chat_delay(head.chat_id)
                    if busy_for > self.defer_after:  # its turn comes within a second; others go meanwhile
                        next_turn = busy_for if next_turn is None else min(next_turn, busy_for)
                        continue
                    while len(in_flight) >= self.max_in_flight:
                        await self._settle(in_flight, asyncio.FIRST_COMPLETED)
                    slot = self.limiter.reserve(head.chat_id)
                    message: outbox.Outgoing | None = None
                    try:
                        if slot.delay > 0:
                            with suppress(TimeoutError):  # woken early only by stop()
                                await asyncio.wait_for(self._stopped.wait(), timeout=slot.delay)
                        # Claimed only now, right before the call: a sender that dies holds back just this message.
                        if not self._stopped.is_set():
                            async with self.db.session() as session:
                                message = await outbox.claim(session, head, self.clock(), self.lease(head))
                    finally:
                        if message is None:  # stopped, or another sender took it, or cancelled: no call made
                            self.limiter.ended(slot)
                    if message is None:
                        if self._stopped.is_set():
                            break
                        continue
                    call = in_flight[message.chat_id] = asyncio.create_task(
                        self._deliver_logged(message, slot)
                    )
                    # Whatever becomes of the call (even cancelled before it started), its turn is over then.
                    call.add_done_callback(functools.partial(self._call_done, slot))
                    started += 1
                    handled += 1
                    # Its answer is awaited here, up to `overlap_after`: a slow call goes on beside the next ones.
                    await asyncio.wait({call}, timeout=self.overlap_after)
                if started:
                    continue  # look again: the chats just served have their next messages, others may be new
                if not in_flight and (next_turn is None or handled):
                    break  # nothing (more) can go now
                # Wait for a call to end, a chat's turn, a newly queued message or stop(), then look again.
                await self._settle(in_flight, asyncio.FIRST_COMPLETED, timeout=next_turn or self.idle_poll)
        except asyncio.CancelledError:
            for task in in_flight.values():  # the process is going down: as if it died here
                task.cancel()
            raise
        finally:
            await self._settle(in_flight, asyncio.ALL_COMPLETED)
        return handled

    def _call_done(self, slot: Slot, call: asyncio.Task[None]) -> None:
        self.limiter.ended(slot)

    async def _settle(
        self, in_flight: dict[int, asyncio.Task[None]], when: str, timeout: float | None = None
    ) -> None:
        """Wait until calls end (`when`: the first, or all), or, with `timeout`, at most that long, woken early by
        `wake()` or `stop()`; then forget the calls that ended."""
        waiting: set[asyncio.Future[Any]] = set(in_flight.values())
        wake = None
        if timeout is not None:
            wake = asyncio.ensure_future(self._wake.wait())
            waiting.add(wake)
        if waiting:
            try:
                await asyncio.wait(waiting, timeout=timeout, return_when=when)
            finally:
                if wake is not None:
                    wake.cancel()
        for chat_id, task in list(in_flight.items()):
            if task.done():
                del in_flight[chat_id]

    async def _deliver_logged(self, message: outbox.Outgoing, slot: Slot) -> None:
        try:
            await self._deliver(message, slot)
        except Exception as exc:  # a database error recording the outcome: retried when the lease runs out
            log.error("outbox %s: delivery not recorded (%s)", message.id, type(exc).__name__, exc_info=exc)

    async def _deliver(self, message: outbox.Outgoing, slot: Slot) -> None:
        try:
            request = await self._request(message)
            if request is None:
                return
            timeout = self.timeout(message)
            self.limiter.began(slot)
            # aiohttp gives the request up after `request_timeout`; the asyncio timeout also covers a session that
            # does not (and the rounding up to whole seconds that aiogram's parameter needs).
            try:
                async with asyncio.timeout(timeout):
                    bot = self.feishu_bot if is_feishu_id(message.chat_id) and self.feishu_bot else self.bot
                    result = await bot(request, request_timeout=max(1, math.ceil(timeout)))
            finally:
                self.limiter.ended(slot)  # the server counted the call (if at all) by now
        except TelegramRetryAfter as exc:
            self.limiter.pause(exc.retry_after, message.chat_id)
            await self._retry(
                message, exc.retry_after, f"429 retry_after={exc.retry_after}", count_attempt=False
            )
        except TelegramForbiddenError as exc:
            log.info("outbox %s: chat %s blocked the bot", message.id, message.chat_id)
            async with self.db.session() as session:
                await outbox.mark_failed(session, message.id, f"403 {exc.message}")
                await outbox.mark_chat_blocked(session, message.chat_id)
        except TelegramBadRequest as exc:
            if message.method == "editMessageText" and await self._edit_refused(message, exc):
                return
            log.warning("outbox %s: refused by Telegram (%s)", message.id, type(exc).__name__)
            async with self.db.session() as session:
                await outbox.mark_failed(session, message.id, f"400 {exc.message}")
        except Exception as exc:  # 5xx, network, and anything unforeseen: retried with backoff, then given up
            await self._retry_or_give_up(message, exc)
        else:
            await self._record_sent(message, result.message_id if isinstance(result, Message) else None)

    async def _edit_refused(self, message: outbox.Outgoing, exc: TelegramBadRequest) -> bool:
        """An edit Telegram refused: True when that is handled here. "Not modified" (the message already says it):
        done. The message is gone (deleted by the person, or it cannot be edited any more) and the row asks for it
        (`or_send`): the text goes as a new message instead (`outbox.send_anew`)."""
        text = exc.message.lower()
        if "not modified" in text:
            await self._record_sent(message, None)
            return True
        gone = any(words in text for words in EDIT_TARGET_GONE)
        if gone and message.payload.get("or_send"):
            log.info("outbox %s: the message to edit is gone; sending it anew", message.id)
            async with self.db.session() as session:
                await outbox.send_anew(session, message.id, message.payload, self.clock())
            return True
        return False

    async def _retry_or_give_up(self, message: outbox.Outgoing, exc: Exception) -> None:
        # No answer in time, or the connection broke: Telegram may have accepted the message, so a retry may be a
        # duplicate. A 5xx is an answer: the message was not sent.
        uncertain = isinstance(exc, TimeoutError | TelegramNetworkError)
        if uncertain:
            self.uncertain_retries += 1
            log.warning(
                "outbox %s: no answer from Telegram (%s, attempt %s, timeout %ss): retried, a duplicate if it was"
                " accepted",
                message.id,
                type(exc).__name__,
                message.attempts,
                self.timeout(message),
            )
        elif not isinstance(exc, TelegramServerError):
            log.error("outbox %s: unexpected %s", message.id, type(exc).__name__, exc_info=exc)
        name = "timeout" if isinstance(exc, TimeoutError) else type(exc).__name__
        if message.attempts >= MAX_ATTEMPTS:
            async with self.db.session() as session:
                await outbox.mark_failed(session, message.id, f"gave up: {name}")
        else:
            await self._retry(message, min(2**message.attempts, 300), name, uncertain=uncertain)

    async def _record_sent(self, message: outbox.Outgoing, telegram_message_id: int | None) -> None:
        """Telegram has it: record that, trying a few times, since a row left claimed is sent again later."""
        replaces = message.payload.get(outbox.REPLACES) if message.method == "sendMessage" else None
        for attempt in range(3):
            try:
                async with self.db.session() as session:
                    await outbox.mark_sent(
                        session,
                        message.id,
                        self.clock(),
                        telegram_message_id,
                        replaces=replaces,
                    )
                return
            except Exception as exc:
                log.error("outbox %s: sent but not recorded (%s)", message.id, type(exc).__name__)
                await asyncio.sleep(0.5 * (attempt + 1))

    async def _retry(
        self,
        message: outbox.Outgoing,
        seconds: float,
        error: str | None,
        count_attempt: bool = True,
        uncertain: bool = False,
    ) -> None:
        async with self.db.session() as session:
            await outbox.retry_later(
                session,
                message.id,
                self.clock() + timedelta(seconds=seconds),
                error,
                refund_attempt=not count_attempt,
                uncertain=uncertain,
            )

    async def _request(self, message: outbox.Outgoing) -> TelegramMethod | None:
        """The Bot API call for an outbox row; None when it cannot go yet (handled here: retried or dropped)."""
        payload = telegram_payload(message.payload)
        if message.method == "sendMessage":
            payload.pop(outbox.REPLACES, None)  # recorded when it is sent (`_record_sent`)
            return SendMessage(chat_id=message.chat_id, **payload)
        if message.method == "sendDocument":  # a file the bot wrote (a monthly workbook), sent from disk
            document = FSInputFile(payload.pop("document_path"), filename=payload.pop("filename", None))
            return SendDocument(chat_id=message.chat_id, document=document, **payload)
        if (
            message.method == "sendPhoto"
        ):  # a picture the bot drew (a chart), or a photo someone sent (file id)
            path = payload.pop("photo_path", None)
            if path and not await asyncio.to_thread(
                Path(path).is_file
            ):  # a chart past its keep time is deleted
                async with self.db.session() as session:
                    await outbox.mark_failed(session, message.id, "the picture's file is gone")
                return None
            photo = FSInputFile(path) if path else payload.pop("photo")
            return SendPhoto(chat_id=message.chat_id, photo=photo, **payload)
        if message.method == "editMessageText":  # a message sent earlier through the outbox, named by its key
            async with self.db.session() as session:
                target = await outbox.sent_message(session, payload.pop("edit_key"))
            if target is None or target[0] == outbox.FAILED:
                async with self.db.session() as session:
                    # It never reached the chat: with `or_send` the new text goes as a new message.
                    if payload.get("or_send"):
                        await outbox.send_anew(session, message.id, message.payload, self.clock())
                    else:
                        await outbox.mark_failed(session, message.id, "the message to edit was never sent")
                return None
            status, message_id = target
            if status != outbox.SENT or message_id is None:  # not sent yet: the edit waits for it
                # No error: the chat's later messages need not wait for this edit (outbox.due_heads).
                await self._retry(message, 1, None, count_attempt=False)
                return None
            payload.pop("or_send", None)
            return EditMessageText(chat_id=message.chat_id, message_id=message_id, **payload)
        if message.method == "sendLocation":  # the place of an emergency call-out (issue 8)
            return SendLocation(chat_id=message.chat_id, **payload)
        raise ValueError(f"unsupported outbox method {message.method}")
