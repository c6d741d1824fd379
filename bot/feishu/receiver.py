"""Feishu's events into the dispatcher: each event handled once, a press answered within Feishu's 3 seconds.

An event is claimed by its `event_id` in `feishu_events` (Feishu pushes it again when not answered within 3 s, and
the claim survives restarts); the row's id is the update id. The update is then written to the update inbox
(`bot.inbox`, under the Feishu bot's id) and handled beside the answer to Feishu: a process killed meanwhile handles
it at its next start. A card press's answer waits up to `ANSWER_WITHIN` seconds for the press's AnswerCallbackQuery,
whose text becomes the toast; the handling goes on after the answer.

The two ways in: `http_app` (FEISHU_MODE=http: an aiohttp route that checks the signature and the verification token
and decrypts with the encrypt key) and `run_ws` (the default: lark-oapi's long connection).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.types import Update
from sqlalchemy import select

from bot.feishu.events import Toasts, to_update
from bot.inbox import Inbox
from storage.db import Database, insert_for
from storage.messenger_ids import MessengerIds
from storage.models import FeishuEvent

log = logging.getLogger("gridbot.feishu")
ANSWER_WITHIN = 2.5  # Feishu waits 3 s for a card callback's answer


class FeishuReceiver:
    def __init__(
        self,
        dp: Dispatcher,
        bot: Bot,
        db: Database,
        ids: MessengerIds,
        toasts: Toasts,
        clock: Callable[[], datetime],
        cards: dict[int, Any],
    ) -> None:
        self.dp, self.bot, self.db, self.ids, self.toasts, self.clock = dp, bot, db, ids, toasts, clock
        self.cards = cards
        self.inbox = Inbox(db, clock)
        self.tasks: set[asyncio.Task[None]] = set()
        self.tasks_pending: set[asyncio.Task[Any]] = set()  # events of the long connection being taken in

    async def claim(self, event_id: str) -> int | None:
        """The update id for a new event; None for one taken in before (a re-push)."""
        insert = insert_for(self.db.dialect)
        async with self.db.session() as session:
            inserted = await session.scalar(
                insert(FeishuEvent)
                .values(event_id=event_id, received_at=int(self.clock().timestamp()))
                .on_conflict_do_nothing(index_elements=[FeishuEvent.event_id])
                .returning(FeishuEvent.id)
            )
            if inserted is None:
                return None
            return int(inserted)

    async def seen(self, event_id: str) -> bool:
        async with self.db.session() as session:
            found = await session.scalar(select(FeishuEvent.id).where(FeishuEvent.event_id == event_id))
        return found is not None

    async def take(self, payload: dict[str, Any]) -> dict[str, Any]:
        """One event (already checked and decrypted): handled once. Returns the body of the answer to Feishu."""
        header = payload.get("header") or {}
        event_id = header.get("event_id")
        if not isinstance(event_id, str) or not event_id:
            return {}
        update_id = await self.claim(event_id)
        if update_id is None:
            log.info("feishu event %s again: handled already", event_id)
            return {}
        update = await to_update(update_id, payload, self.ids, self.cards)
        if update is None:
            return {}
        await self.inbox.record(self.bot.id, update)
        press = update.callback_query
        waiting: asyncio.Future[str] | None = self.toasts.expect(press.id) if press is not None else None
        task = asyncio.create_task(self._handle(update))
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)
        if press is None or waiting is None:
            return {}
        try:
            both: set[asyncio.Future[Any]] = {waiting, task}
            await asyncio.wait(both, timeout=ANSWER_WITHIN, return_when=asyncio.FIRST_COMPLETED)
        finally:
            self.toasts.forget(press.id)
        text = waiting.result() if waiting.done() else None
        return {"toast": {"type": "info", "content": text}} if text else {}

    async def _handle(self, update: Update) -> None:
        try:
            await self.dp.feed_update(self.bot, update)
        except Exception as exc:  # logged without its message (bot.logs); done all the same, as in polling
            log.error("feishu update %s failed (%s)", update.update_id, type(exc).__name__, exc_info=exc)
        try:
            await self.inbox.done(self.bot.id, update.update_id)
        except Exception as exc:
            log.warning(
                "feishu update %s handled but not marked done (%s)", update.update_id, type(exc).__name__
            )

    async def left_over(self) -> None:
        """The updates a stopped or killed process did not finish: handled first, in order."""
        for item in await self.inbox.left_over(self.bot):
            await self._handle(item)

    async def finish(self, timeout: float) -> None:
        if self.tasks:
            await asyncio.wait(set(self.tasks), timeout=timeout)
