"""The export worker: builds the queued xlsx exports one at a time beside the bot, shows the progress by editing one
message ("正在生成… 40%"), sends the document as a reply and then edits the progress message to done.

Delivery is direct (the document is the answer to the person's own request, so it does not wait behind the outbox's
queue) and recorded right after Telegram accepts it; a job cut short by a stop or a crash is claimed again once its
lease runs out — built again, or only sent if its file was already written (services/exports.py).
"""

from __future__ import annotations

import asyncio
import logging
import shutil
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
from aiogram.types import FSInputFile

from locales import tr
from reports.exports import build, kinds
from services import exports as service
from storage.db import Database
from storage.messenger_ids import is_feishu_id

log = logging.getLogger("gridbot.exports")
SEND_ATTEMPTS = 5
EDIT_EVERY_SECONDS = 1.5  # Telegram allows about one edit a second per chat; fewer keep the chat calm
EDIT_EVERY_PERCENT = 10


class ExportWorker:
    def __init__(
        self,
        bot: Bot,
        db: Database,
        clock: Callable[[], datetime],
        folder: Path,
        *,
        lease: timedelta = timedelta(seconds=60),
        idle_poll: float = 2.0,
        feishu_bot: Bot | None = None,
    ) -> None:
        self.bot, self.db, self.clock, self.folder = bot, db, clock, folder
        self.feishu_bot = feishu_bot  # issue 19: with both messengers, Feishu's chats go through it (`_bot`)
        self.lease = lease
        self.idle_poll = idle_poll
        self._wake = asyncio.Event()
        self._stopped = False

    def _bot(self, chat_id: int) -> Bot:
        """The bot of the chat's messenger, as the outbox sender picks it: Feishu's id range → the Feishu bot."""
        return self.feishu_bot if self.feishu_bot is not None and is_feishu_id(chat_id) else self.bot

    def wake(self) -> None:
        """A job was queued: start on it now rather than at the next poll."""
        self._wake.set()

    def stop(self) -> None:
        self._stopped = True
        self._wake.set()

    async def run_forever(self) -> None:
        while not self._stopped:
            try:
                worked = await self.work_once()
            except Exception as exc:  # logged without its message (bot.logs); the next round tries again
                log.error("export worker failed (%s)", type(exc).__name__, exc_info=exc)
                worked = False
            if not worked and not self._stopped:
                self._wake.clear()
                with suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), timeout=self.idle_poll)

    async def drain(self) -> int:
        """Work every claimable job now (tests, and a start that finds jobs left over)."""
        done = 0
        while await self.work_once():
            done += 1
        return done

    async def work_once(self) -> bool:
        job = await service.claim_next(self.db, self.clock(), self.lease)
        if job is None:
            return False
        try:
            await self._work(job)
        except asyncio.CancelledError:
            # Stopping: give the job back at once, so the next start takes it up without waiting out the lease.
            with suppress(Exception):
                await asyncio.shield(service.update_job(self.db, job.id, lease_until=self.clock()))
            raise
        return True

    async def _work(self, job: service.Job) -> None:
        label = tr(job.locale, kinds()[job.kind].label) if job.kind in kinds() else job.kind
        what = tr(
            job.locale,
            "ex-what",
            kind=label,
            scope=job.params.scope_name,
            period=job.params.period_text,
        )
        message_id = job.progress_message_id
        if message_id is None:
            message_id = await self._say(job.chat_id, tr(job.locale, "ex-progress", what=what, percent=0))
            await service.update_job(self.db, job.id, progress_message_id=message_id)
        elif job.status == service.RUNNING:  # taken up again after a stop: say so on the same message
            await self._edit(job.chat_id, message_id, tr(job.locale, "ex-progress-resumed", what=what))
        path = Path(job.file_path) if job.file_path else None
        if job.status == service.RUNNING or path is None or not path.exists():
            try:
                path = await self._build(job, what, message_id)
            except Exception as exc:
                log.error("export %s failed (%s)", job.id, type(exc).__name__, exc_info=exc)
                await self._fail(job, message_id, what, f"build: {type(exc).__name__}")
                return
        if await service.job_status(self.db, job.id) == service.FAILED:
            return  # dropped meanwhile (`gridbot person unbind/deactivate`): the account may not be theirs any more
        await self._send(job, path, what, message_id, label)

    async def _build(self, job: service.Job, what: str, message_id: int | None) -> Path:
        shown = {"percent": 0, "at": time.monotonic()}
        # The progress edits go to Telegram beside the build, in order, and are awaited once its read session is
        # closed: the build never waits on Telegram with its transaction open.
        edits: asyncio.Task[None] | None = None

        async def edit_after(previous: asyncio.Task[None] | None, text: str) -> None:
            if previous is not None:
                await previous
            await self._edit(job.chat_id, message_id, text)

        async def progress(share: float) -> None:
            nonlocal edits
            percent = max(0, min(99, int(share * 100)))
            await service.update_job(self.db, job.id, progress=percent, lease_until=self.clock() + self.lease)
            now = time.monotonic()
            if percent - shown["percent"] >= EDIT_EVERY_PERCENT and now - shown["at"] >= EDIT_EVERY_SECONDS:
                shown.update(percent=percent, at=now)
                text = tr(job.locale, "ex-progress", what=what, percent=percent)
                edits = asyncio.create_task(edit_after(edits, text))

        folder = self.folder / str(job.id)
        try:
            async with self.db.read_session() as session:  # the progress updates write beside it
                path = await build(session, job.params, folder, progress)
        finally:
            if edits is not None:
                await edits
        await service.update_job(
            self.db,
            job.id,
            status=service.BUILT,
            file_path=str(path),
            progress=100,
            lease_until=self.clock() + self.lease,
        )
        return path

    async def _send(
        self, job: service.Job, path: Path, what: str, message_id: int | None, label: str
    ) -> None:
        caption = tr(job.locale, "ex-caption", what=what)
        for attempt in range(SEND_ATTEMPTS):
            try:
                await self._bot(job.chat_id).send_document(
                    job.chat_id, FSInputFile(path, filename=path.name), caption=caption
                )
                break
            except TelegramRetryAfter as exc:
                await asyncio.sleep(exc.retry_after)
            except (TelegramServerError, TelegramNetworkError) as exc:
                if attempt == SEND_ATTEMPTS - 1:
                    await self._fail(job, message_id, what, f"send: {type(exc).__name__}")
                    return
                await asyncio.sleep(min(2**attempt, 30))
            except (TelegramBadRequest, TelegramForbiddenError) as exc:
                await self._fail(job, message_id, what, f"send: {exc.message}"[:500])
                return
        else:  # every attempt was asked to wait (429): not sent, so not marked sent
            await self._fail(job, message_id, what, "send: rate limited")
            return
        await service.update_job(self.db, job.id, status=service.SENT, finished_at=self.clock())
        if path.parent == self.folder / str(job.id):  # Telegram keeps the document; the disk need not
            shutil.rmtree(path.parent, ignore_errors=True)
        await self._edit(job.chat_id, message_id, tr(job.locale, "ex-done", what=what))

    async def _fail(self, job: service.Job, message_id: int | None, what: str, error: str) -> None:
        await service.update_job(
            self.db, job.id, status=service.FAILED, error=error, finished_at=self.clock()
        )
        text = tr(job.locale, "ex-failed", what=what)
        if not await self._edit(job.chat_id, message_id, text):
            await self._say(job.chat_id, text)

    async def _say(self, chat_id: int, text: str) -> int | None:
        try:
            return (await self._bot(chat_id).send_message(chat_id, text)).message_id
        except Exception as exc:  # the export goes on; its document is what matters
            log.warning("export progress message not sent (%s)", type(exc).__name__)
            return None

    async def _edit(self, chat_id: int, message_id: int | None, text: str) -> bool:
        if message_id is None:
            return False
        try:
            await self._bot(chat_id).edit_message_text(text, chat_id=chat_id, message_id=message_id)
            return True
        except TelegramBadRequest as exc:  # "message is not modified", or deleted by the person
            return "not modified" in exc.message
        except Exception as exc:
            log.warning("export progress not edited (%s)", type(exc).__name__)
            return False
