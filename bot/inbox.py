"""Long polling that loses no update: each update is recorded before Telegram is told it arrived.

Telegram forgets an update once the next getUpdates asks for a later offset. aiogram asks for it right after handing
the update to a handler task, so a process killed while handling (kill -9, out of memory, a power cut) lost the
update: the person's press or message got no answer and what it carried was gone. Here each fetched update is first
written to `update_inbox` (committed), and only then may the next getUpdates go out; the row is marked done once the
update was handled. At the next start the updates not marked done are handled first, in order, before polling
resumes; an update Telegram delivers again that is already in the inbox is not handled twice. Done rows are kept
`KEEP_DONE_SECONDS` (Telegram keeps an unconfirmed update for 24 hours), then deleted.

An update being handled when the process died is handled again: at least once, never lost. The services commit a
record before the person is told, and a dialog whose step was already stored takes the repeat as a stale press.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

from aiogram import Bot, Dispatcher, loggers
from aiogram.dispatcher.dispatcher import DEFAULT_BACKOFF_CONFIG
from aiogram.types import Update
from aiogram.utils.backoff import BackoffConfig
from sqlalchemy import bindparam, delete, literal_column, select, true, update

from bot.telegram_retry import retrying
from storage.db import Database, insert_for
from storage.models import InboxUpdate

log = logging.getLogger("gridbot.inbox")
KEEP_DONE_SECONDS = 2 * 24 * 3600

_THIS = (InboxUpdate.bot_id == bindparam("bot_id"), InboxUpdate.update_id == bindparam("update_id"))
# Done: only the ids are kept (to know a repeat); the payload, which may hold what a person typed or shared (a phone
# number in a contact), goes.
_MARK_DONE = update(InboxUpdate).where(*_THIS).values(done=true(), payload=literal_column("''"))


class Inbox:
    def __init__(self, db: Database, clock: Callable[[], datetime]) -> None:
        self.db, self.clock = db, clock
        insert = insert_for(db.dialect)(InboxUpdate)
        self._record = insert.on_conflict_do_nothing(
            index_elements=[InboxUpdate.bot_id, InboxUpdate.update_id]
        )

    async def record(self, bot_id: int, item: Update) -> bool:
        """Write the update down (committed). False when it is there already (delivered again): done, or being
        handled from the inbox; not to be handled now. Update ids are per bot (a new token starts its own)."""
        row = {
            "bot_id": bot_id,
            "update_id": item.update_id,
            "payload": item.model_dump_json(exclude_unset=True),
            "received_at": int(self.clock().timestamp()),
            "done": False,
        }
        # One statement: the insert does nothing (and counts 0 rows) when the update is there already.
        return await self.db.hot_execute(self._record, [row]) == 1

    async def done(self, bot_id: int, update_id: int) -> None:
        await self.db.hot_execute(_MARK_DONE, [{"bot_id": bot_id, "update_id": update_id}])

    async def left_over(self, bot: Bot) -> list[Update]:
        """The updates a stopped or killed process did not finish, oldest first. Old done rows are deleted."""
        async with self.db.session() as session:
            await session.execute(
                delete(InboxUpdate).where(
                    InboxUpdate.done.is_(True),
                    InboxUpdate.received_at < int(self.clock().timestamp()) - KEEP_DONE_SECONDS,
                )
            )
            rows = await session.execute(
                select(InboxUpdate.payload)
                .where(InboxUpdate.bot_id == bot.id, InboxUpdate.done.is_(False))
                .order_by(InboxUpdate.update_id)
            )
            payloads = list(rows.scalars())
        return [Update.model_validate(json.loads(payload), context={"bot": bot}) for payload in payloads]


class InboxDispatcher(Dispatcher):
    """aiogram's Dispatcher whose long polling goes through an `Inbox` (set `inbox` before polling)."""

    inbox: Inbox | None = None

    async def _polling(
        self,
        bot: Bot,
        polling_timeout: int = 30,
        handle_as_tasks: bool = True,
        backoff_config: BackoffConfig = DEFAULT_BACKOFF_CONFIG,
        allowed_updates: list[str] | None = None,
        tasks_concurrency_limit: int | None = None,
        **kwargs: Any,
    ) -> None:
        inbox = self.inbox
        if inbox is None:  # not the running bot (tests feed updates themselves)
            return await super()._polling(
                bot,
                polling_timeout,
                handle_as_tasks,
                backoff_config,
                allowed_updates,
                tasks_concurrency_limit,
                **kwargs,
            )
        with retrying():
            user = await bot.me()
        loggers.dispatcher.info("Run polling for bot @%s id=%d - %r", user.username, bot.id, user.full_name)
        left = await inbox.left_over(bot)
        if left:
            log.info("%d update(s) left unfinished by the last run: handled first", len(left))
        for item in left:  # in order, before anything newer
            await self._handle_recorded(bot, item, inbox, **kwargs)
        try:
            async for item in self._listen_updates(
                bot,
                polling_timeout=polling_timeout,
                backoff_config=backoff_config,
                allowed_updates=allowed_updates,
            ):
                # Recorded before the generator resumes, i.e. before the next getUpdates confirms it to Telegram.
                if not await inbox.record(bot.id, item):
                    continue
                task = asyncio.create_task(self._handle_recorded(bot, item, inbox, **kwargs))
                self._handle_update_tasks.add(task)
                task.add_done_callback(self._handle_update_tasks.discard)
        finally:
            loggers.dispatcher.info(
                "Polling stopped for bot @%s id=%d - %r", user.username, bot.id, user.full_name
            )

    async def _handle_recorded(self, bot: Bot, item: Update, inbox: Inbox, **kwargs: Any) -> None:
        await self._process_update(bot=bot, update=item, **kwargs)  # logs and swallows a handler's exception
        try:
            await inbox.done(bot.id, item.update_id)
        except Exception as exc:  # handled; at worst it is handled again at the next start
            log.warning("update %s handled but not marked done (%s)", item.update_id, type(exc).__name__)
