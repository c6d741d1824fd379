"""A person's mute of non-urgent reminders."""

from __future__ import annotations

from datetime import datetime, timedelta

from storage.db import Database
from storage.models import ReminderMute

MAX_MUTE_DAYS = 30


async def mute(db: Database, person_id: int, days: int, now: datetime) -> datetime:
    until = now + timedelta(days=days)
    async with db.session() as session:
        row = await session.get(ReminderMute, person_id)
        if row is None:
            session.add(ReminderMute(person_id=person_id, until=until))
        else:
            row.until = until
    return until


async def unmute(db: Database, person_id: int) -> bool:
    async with db.session() as session:
        row = await session.get(ReminderMute, person_id)
        if row is None:
            return False
        await session.delete(row)
        return True


async def muted_until(db: Database, person_id: int, now: datetime) -> datetime | None:
    async with db.session() as session:
        row = await session.get(ReminderMute, person_id)
        return row.until if row is not None and row.until > now else None
