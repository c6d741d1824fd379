"""The working calendar as the deployment knows it: the package's years plus the years the administrator loaded."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from weakref import WeakKeyDictionary

from sqlalchemy import delete, select

from domain.workcalendar import (
    CalendarDay,
    CalendarError,
    ParsedCalendar,
    WorkCalendar,
    parse_calendar_file,
)
from services.admin_guard import admin_person_id, audit
from storage.db import Database
from storage.models import CalendarDayRow, CalendarYear

MAX_FILE_BYTES = 64 * 1024
CACHE_SECONDS = 60.0
# A calendar read is reused for a minute (the scheduler asks every few minutes for every kind); a year loaded by
# this process is seen at once, one loaded by another (the CLI) within the minute.
_cache: WeakKeyDictionary[Database, tuple[float, int, WorkCalendar]] = WeakKeyDictionary()
_version = 0


async def cached_work_calendar(db: Database) -> WorkCalendar:
    hit = _cache.get(db)
    now = time.monotonic()
    if hit is not None and hit[0] > now and hit[1] == _version:
        return hit[2]
    cal = await load_work_calendar(db)
    _cache[db] = (now + CACHE_SECONDS, _version, cal)
    return cal


async def load_work_calendar(db: Database) -> WorkCalendar:
    """Read the loaded years (a few dozen rows) and build the calendar; cheap enough to do per reminder run."""
    async with db.session() as session:
        years = list((await session.execute(select(CalendarYear.year))).scalars())
        rows = (await session.execute(select(CalendarDayRow))).scalars()
        days = [CalendarDay(row.day, row.working, row.name) for row in rows]
    return WorkCalendar(days, years)


@dataclass(frozen=True)
class LoadResult:
    year: int | None
    holidays: int
    workdays: int
    errors: list[CalendarError]


def read_calendar_file(path: Path) -> bytes | None:
    try:
        with path.open("rb") as handle:
            return handle.read(MAX_FILE_BYTES + 1)
    except OSError:
        return None


def preview_calendar(raw: bytes | None) -> ParsedCalendar:
    """Read a calendar file's bytes without storing anything: its year and days, or its errors (what the
    administrator sees before confirming, and what `store_calendar` checks again)."""
    try:
        if raw is None:
            raise ValueError
        text = raw.decode("utf-8-sig")
    except (ValueError, UnicodeDecodeError):
        return ParsedCalendar(errors=[CalendarError(0, "unreadable")])
    if len(raw) > MAX_FILE_BYTES:
        return ParsedCalendar(errors=[CalendarError(0, "too-big")])
    return parse_calendar_file(text)


async def store_calendar(
    db: Database, raw: bytes | None, source: str, now: datetime, *, admin_telegram_id: int | None = None
) -> LoadResult:
    """Store one year from a calendar file's bytes, replacing that year if it was loaded before; all or nothing.
    From the chat (`admin_telegram_id`), only an administrator may, and the load is audited."""
    parsed = preview_calendar(raw)
    if parsed.errors or parsed.year is None:
        return LoadResult(parsed.year, 0, 0, parsed.errors)
    year = parsed.year
    holidays = sum(not d.working for d in parsed.days)
    workdays = sum(d.working for d in parsed.days)
    async with db.session() as session:
        if admin_telegram_id is not None:
            if await admin_person_id(session, admin_telegram_id) is None:
                return LoadResult(year, 0, 0, [CalendarError(0, "not-admin")])
            audit(
                session,
                now,
                admin_telegram_id,
                "calendar_load",
                year=year,
                source=source[:200],
                holidays=holidays,
                workdays=workdays,
            )
        await session.execute(
            delete(CalendarDayRow).where(
                CalendarDayRow.day >= datetime(year, 1, 1).date(),
                CalendarDayRow.day <= datetime(year, 12, 31).date(),
            )
        )
        await session.execute(delete(CalendarYear).where(CalendarYear.year == year))
        session.add(CalendarYear(year=year, source=source[:200], loaded_at=now))
        session.add_all(CalendarDayRow(day=d.day, working=d.working, name=d.name) for d in parsed.days)
    global _version
    _version += 1
    return LoadResult(year, holidays=holidays, workdays=workdays, errors=[])
