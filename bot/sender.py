"""The one sender of everything the bot says on its own initiative: it drains the outbox within Telegram's limits.

Limits: about 30 messages a second overall and one a second per chat. A 429 is waited out for as long as Telegram
says (`retry_after`) and the message stays queued; transient errors (5xx, network) are retried with backoff; a 403
marks the person inactive and drops the message; other 400s are recorded as failed. Rows are claimed before sending
and marked sent right after, each in its own short transaction, never across the Telegram call. A claimed message
whose chat already had its message this second goes back to the queue for its turn instead of holding up the
other chats' messages (the 1 msg/s per chat would otherwise set the pace of the whole batch).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from contextlib import suppress
from datetime import datetime, timedelta
from pathlib import Path

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

from storage import outbox
from storage.db import Database

log = logging.getLogger("gridbot.sender")
MAX_ATTEMPTS = 8


class RateLimiter:
    """At most `per_second` sends overall and one per `chat_interval` seconds per chat."""

    def __init__(self, per_second: float = 30.0, chat_interval: float = 1.0, catch_up: float = 0.1) -> None:
        self.interval = 1.0 / per_second
        self.chat_interval = chat_interval
        # A send that took longer than its slot (a slow commit, a slow answer) would lose that slot for good and pull
        # the rate below the limit; slots up to `catch_up` seconds old may still be used (a burst of at most three
        # at 30/s, well inside Telegram's one-second allowance). The per-chat interval never catches up.
        self.catch_up = catch_up
        self._next_global = 0.0
        self._next_chat: dict[int, float] = {}
        self._paused_until = 0.0

    def pause(self, seconds: float) -> None:
        self._paused_until = max(self._paused_until, time.monotonic() + seconds)

    def chat_delay(self, chat_id: int) -> float:
        return max(0.0, self._next_chat.get(chat_id, 0.0) - time.monotonic())

    def reserve(self, chat_id: int) -> float:
        """Book the next free slot for this chat; returns how many seconds to wait for it."""
        now = time.monotonic()
        global_slot = max(now - self.catch_up, self._next_global)
        start = max(now, self._next_chat.get(chat_id, 0.0), self._paused_until, global_slot)
        self._next_global = (start if start > now else global_slot) + self.interval
        self._next_chat[chat_id] = start + self.chat_interval
        return start - now


class OutboxSender:
    def __init__(
        self,
        bot: Bot,
        db: Database,
        clock: Callable[[], datetime],
        limiter: RateLimiter | None = None,
        batch: int = 30,
        idle_poll: float = 1.0,
        stale_after: timedelta = timedelta(minutes=5),
        defer_after: float = 0.1,
    ) -> None:
        self.bot = bot
        self.db = db
        self.clock = clock
        self.limiter = limiter or RateLimiter()
        self.batch = batch
        self.idle_poll = idle_poll
        self.stale_after = stale_after
        self.defer_after = defer_after
        self._wake = asyncio.Event()
        self._stopped = asyncio.Event()

    def wake(self) -> None:
        """Called after a handler queued something, so it goes out without waiting for the next poll."""
        self._wake.set()

    def stop(self) -> None:
        """Finish the message in hand, put back what was claimed but not sent, and end `run_forever`.

        Cancelling the sender instead could land inside a transaction, or between Telegram accepting a message and
        the row being marked sent (which would send it again after the lease)."""
        self._stopped.set()
        self._wake.set()

    async def run_forever(self) -> None:
        while not self._stopped.is_set():
            try:
                sent = await self.drain_once()
            except Exception as exc:  # the traceback is logged without its message (bot.logs)
                log.error("outbox drain failed (%s); retrying", type(exc).__name__, exc_info=exc)
                sent = 0
            if not sent and not self._stopped.is_set():
                self._wake.clear()
                try:
                    await asyncio.wait_for(self._wake.wait(), timeout=self.idle_poll)
                except TimeoutError:
                    pass

    async def drain_once(self) -> int:
        """Send what is due now; returns how many messages were handled."""
        async with self.db.session() as session:
            claimed = await outbox.claim_due(session, self.clock(), self.batch, self.stale_after)
        # Chats that can go now first, so one busy chat does not hold up everyone else's messages.
        # One reading per chat: a key read at each comparison falls as time passes and put a chat's later message
        # before its earlier one.
        delays = {chat_id: self.limiter.chat_delay(chat_id) for chat_id in {m.chat_id for m in claimed}}
        claimed.sort(key=lambda m: delays[m.chat_id])
        deferred: list[tuple[int, float]] = []
        turns: dict[int, tuple[float, int]] = {}
        several_chats = len({m.chat_id for m in claimed}) > 1
        for index, message in enumerate(claimed):
            busy_for = self.limiter.chat_delay(message.chat_id)
            if several_chats and busy_for > self.defer_after:
                # This chat had its message this second: waiting here would hold up every other chat's message (a
                # batch of three messages to one person ran at 3/s), so it goes back to the queue for its turn;
                # a chat's later messages get later turns, so they keep their order.
                base, count = turns.get(message.chat_id, (busy_for, 0))
                turns[message.chat_id] = (base, count + 1)
                deferred.append((message.id, base + count * self.limiter.chat_interval))
                continue
            if busy_for > self.defer_after and await self._overtaken(message):
                # A more urgent message (a call-out) was queued meanwhile: the rest of this batch goes back, and
                # the next claim, by priority, sends it first instead of after this chat's pacing.
                async with self.db.session() as session:
                    await outbox.release(session, [m.id for m in claimed[index:]])
                    if deferred:
                        await outbox.defer(session, deferred, self.clock())
                return index
            delay = self.limiter.reserve(message.chat_id)
            if delay > 0:
                with suppress(TimeoutError):  # woken early only by stop()
                    await asyncio.wait_for(self._stopped.wait(), timeout=delay)
            if self._stopped.is_set():
                async with self.db.session() as session:
                    await outbox.release(session, [m.id for m in claimed[index:]] + [i for i, _ in deferred])
                return index
            await self._deliver(message)
        if deferred:
            async with self.db.session() as session:
                await outbox.defer(session, deferred, self.clock())
        return len(claimed)

    async def _overtaken(self, message: outbox.Outgoing) -> bool:
        async with self.db.session() as session:
            return await outbox.more_urgent_due(session, self.clock(), message.priority)

    async def _deliver(self, message: outbox.Outgoing) -> None:
        try:
            request = await self._request(message)
            if request is None:
                return
            result = await self.bot(request)
        except TelegramRetryAfter as exc:
            self.limiter.pause(exc.retry_after)
            await self._retry(
                message, exc.retry_after, f"429 retry_after={exc.retry_after}", count_attempt=False
            )
        except TelegramForbiddenError as exc:
            log.info("outbox %s: chat %s blocked the bot", message.id, message.chat_id)
            async with self.db.session() as session:
                await outbox.mark_failed(session, message.id, f"403 {exc.message}")
                await outbox.mark_chat_blocked(session, message.chat_id)
        except TelegramBadRequest as exc:
            log.warning("outbox %s: refused by Telegram (%s)", message.id, type(exc).__name__)
            async with self.db.session() as session:
                await outbox.mark_failed(session, message.id, f"400 {exc.message}")
        except Exception as exc:  # 5xx, network, and anything unforeseen: retried with backoff, then given up
            await self._retry_or_give_up(message, exc)
        else:
            await self._record_sent(message, result.message_id if isinstance(result, Message) else None)

    async def _retry_or_give_up(self, message: outbox.Outgoing, exc: Exception) -> None:
        if not isinstance(exc, TelegramServerError | TelegramNetworkError):
            log.error("outbox %s: unexpected %s", message.id, type(exc).__name__, exc_info=exc)
        if message.attempts >= MAX_ATTEMPTS:
            async with self.db.session() as session:
                await outbox.mark_failed(session, message.id, f"gave up: {type(exc).__name__}")
        else:
            await self._retry(message, min(2**message.attempts, 300), type(exc).__name__)

    async def _record_sent(self, message: outbox.Outgoing, telegram_message_id: int | None) -> None:
        """Telegram has it: record that, trying a few times, since a row left claimed is sent again later."""
        for attempt in range(3):
            try:
                async with self.db.session() as session:
                    await outbox.mark_sent(session, message.id, self.clock(), telegram_message_id)
                return
            except Exception as exc:
                log.error("outbox %s: sent but not recorded (%s)", message.id, type(exc).__name__)
                await asyncio.sleep(0.5 * (attempt + 1))

    async def _retry(
        self, message: outbox.Outgoing, seconds: float, error: str, count_attempt: bool = True
    ) -> None:
        async with self.db.session() as session:
            await outbox.retry_later(
                session,
                message.id,
                self.clock() + timedelta(seconds=seconds),
                error,
                refund_attempt=not count_attempt,
            )

    async def _request(self, message: outbox.Outgoing) -> TelegramMethod | None:
        """The Bot API call for an outbox row; None when it cannot go yet (handled here: retried or dropped)."""
        payload = dict(message.payload)
        if message.method == "sendMessage":
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
                    await outbox.mark_failed(session, message.id, "the message to edit was never sent")
                return None
            status, message_id = target
            if status != outbox.SENT or message_id is None:  # not sent yet: the edit waits for it
                await self._retry(message, 1, "waiting for the message to edit", count_attempt=False)
                return None
            return EditMessageText(chat_id=message.chat_id, message_id=message_id, **payload)
        if message.method == "sendLocation":  # the place of an emergency call-out (issue 8)
            return SendLocation(chat_id=message.chat_id, **payload)
        raise ValueError(f"unsupported outbox method {message.method}")
