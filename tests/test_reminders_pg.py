"""Two bot processes sharing one PostgreSQL database: every reminder is queued once and delivered once."""

from __future__ import annotations

import asyncio
import sys
from collections import Counter
from pathlib import Path

from sqlalchemy import func, select

from bot.sender import OutboxSender, RateLimiter
from storage.db import Database
from storage.models import OutboxMessage, ReminderRun
from tests.conftest import PG_URL, fresh_database, needs_pg
from tests.reminder_helpers import at, queued
from tests.test_reminders import _people
from tests.tg import make_fake_bot

ROOT = Path(__file__).resolve().parent.parent


@needs_pg
async def test_two_processes_on_postgresql_send_each_reminder_once(tmp_path):
    db = await fresh_database("postgresql", tmp_path)
    try:
        await _people(db)
        workers = [
            await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "tests.reminder_worker",
                PG_URL,
                "2026-09-14",
                "7",
                str(tmp_path),
                cwd=ROOT,
            )
            for _ in range(2)
        ]
        assert [await w.wait() for w in workers] == [0, 0]
        sent = await queued(db)
        # Week 38: midweek on Wed 16 Sep (3 cadres), last day on the make-up Sunday 20 Sep (3), the summary on Monday
        # 14 Sep (secretary, leader), and August's overdue 纪实表 and 交办登记表 to the secretary that Monday:
        # 10 reminders, each queued once, by whichever process took the slot first.
        assert Counter((q.kind, q.day.isoformat()) for q in sent) == {
            ("attendance-midweek", "2026-09-16"): 3,
            ("attendance-last-day", "2026-09-20"): 3,
            ("attendance-summary", "2026-09-14"): 2,
            ("logs-deadline", "2026-09-14"): 1,
            ("register-deadline", "2026-09-14"): 1,
        }
        async with db.session() as s:
            runs = (await s.execute(select(ReminderRun))).scalars().all()
            everything = (await s.execute(select(func.count(OutboxMessage.id)))).scalar()
            # No slot was run by both: the runs' counts add up to what the outbox holds (the digests' rows too).
            assert sum(r.queued for r in runs) == everything
        # Two senders (one per instance) drain the queue at once: each message reaches Telegram once.
        bot, telegram = make_fake_bot()
        engines = [Database(PG_URL), Database(PG_URL)]  # type: ignore[arg-type]
        try:
            senders = [
                OutboxSender(
                    bot, e, lambda: at(2026, 9, 21, 9), limiter=RateLimiter(chat_interval=0), batch=2
                )
                for e in engines
            ]

            async def drain(sender: OutboxSender) -> None:
                while await sender.drain_once():
                    pass

            await asyncio.gather(*(drain(s) for s in senders))
        finally:
            for e in engines:
                await e.dispose()
        delivered = Counter(
            (chat, text)
            for chat, msgs in telegram.messages.items()
            for text in [m.text for m in msgs.values()]
        )
        assert sum(delivered.values()) == everything and set(delivered.values()) == {1}
        async with db.session() as s:
            assert await s.scalar(select(func.count()).where(OutboxMessage.status != "sent")) == 0
    finally:
        await db.dispose()
