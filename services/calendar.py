"""The working calendar as the deployment knows it: the package's years plus the years the administrator loaded."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import delete, select

from domain.workcalendar import CalendarDay, CalendarError, WorkCalendar, parse_calendar_file
from storage.db import Database
from storage.models import CalendarDayRow, CalendarYear

MAX_FILE_BYTES = 64 * 1024


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


async def store_calendar(db: Database, raw: bytes | None, source: str, now: datetime) -> LoadResult:
    """Store one year from a calendar file's bytes, replacing that year if it was loaded before; all or nothing."""
    try:
        if raw is None:
            raise ValueError
        text = raw.decode("utf-8-sig")
    except (ValueError, UnicodeDecodeError):
        return LoadResult(None, 0, 0, [CalendarError(0, "unreadable")])
    if len(raw) > MAX_FILE_BYTES:
        return LoadResult(None, 0, 0, [CalendarError(0, "too-big")])
    parsed = parse_calendar_file(text)
    if parsed.errors or parsed.year is None:
        return LoadResult(parsed.year, 0, 0, parsed.errors)
    year = parsed.year
    async with db.session() as session:
        await session.execute(
            delete(CalendarDayRow).where(
                CalendarDayRow.day >= datetime(year, 1, 1).date(),
                CalendarDayRow.day <= datetime(year, 12, 31).date(),
            )
        )
        await session.execute(delete(CalendarYear).where(CalendarYear.year == year))
        session.add(CalendarYear(year=year, source=source[:200], loaded_at=now))
        session.add_all(CalendarDayRow(day=d.day, working=d.working, name=d.name) for d in parsed.days)
    return LoadResult(
        year,
        holidays=sum(not d.working for d in parsed.days),
        workdays=sum(d.working for d in parsed.days),
        errors=[],
    )
