"""The working calendar: which dates are working days (PRC official calendar), and the calendar file format.

Sources, first match wins: a year the administrator loaded (`gridbot calendar load PATH`, kept in the database), then
the `chinesecalendar` package (which knows the years up to its release), then Monday–Friday as a fallback. A year
answered by the fallback is remembered in `missing_years`, so the administrator can be warned; it never raises.

Calendar file (UTF-8 text, one year per file), one entry per line, `#` starts a comment:

    # 2027 年节假日安排
    休 2027-01-01..2027-01-03 元旦
    休 2027-02-06..2027-02-13 春节
    班 2027-02-14
    班 2027-02-20 春节调休

`休` (or `holiday`) marks a day or an inclusive range `A..B` off; `班` (or `workday`) marks a make-up working day
(调休) on. Anything after the dates is the day's name. Days not listed follow the week: Monday–Friday on,
Saturday–Sunday off. All dates must be in one year.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

import chinese_calendar

HOLIDAY_WORDS = {"休", "holiday", "off"}
WORKDAY_WORDS = {"班", "workday", "on"}
_LINE = re.compile(r"^(\S+)\s+(\d{4}-\d{2}-\d{2})(?:\.\.(\d{4}-\d{2}-\d{2}))?(?:\s+(.*))?$")
MAX_RANGE_DAYS = 31


@dataclass(frozen=True)
class CalendarDay:
    day: date
    working: bool
    name: str = ""


@dataclass(frozen=True)
class CalendarError:
    line: int
    code: str  # a locale message suffix: calendar-error-<code>
    text: str = ""


@dataclass
class ParsedCalendar:
    year: int | None = None
    days: list[CalendarDay] = field(default_factory=list)
    errors: list[CalendarError] = field(default_factory=list)


def parse_calendar_file(text: str) -> ParsedCalendar:
    """Parse a calendar file; every bad line is an error with its line number, and no partial result is used."""
    result = ParsedCalendar()
    seen: dict[date, int] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip().lstrip("\ufeff")
        if not line:
            continue
        match = _LINE.match(line)
        if not match:
            result.errors.append(CalendarError(number, "syntax", line))
            continue
        word, first, last, name = match.groups()
        if word.lower() in HOLIDAY_WORDS:
            working = False
        elif word.lower() in WORKDAY_WORDS:
            working = True
        else:
            result.errors.append(CalendarError(number, "kind", word))
            continue
        try:
            start = date.fromisoformat(first)
            end = date.fromisoformat(last) if last else start
        except ValueError:
            result.errors.append(CalendarError(number, "date", line))
            continue
        if end < start or (end - start).days >= MAX_RANGE_DAYS:
            result.errors.append(CalendarError(number, "range", line))
            continue
        if result.year is None:
            result.year = start.year
        if start.year != result.year or end.year != result.year:
            result.errors.append(CalendarError(number, "year", line))
            continue
        day = start
        while day <= end:
            if day in seen:
                result.errors.append(CalendarError(number, "duplicate", day.isoformat()))
            seen[day] = number
            result.days.append(CalendarDay(day, working, (name or "").strip()[:50]))
            day += timedelta(days=1)
    if not result.days and not result.errors:
        result.errors.append(CalendarError(0, "empty"))
    return result


class WorkCalendar:
    """Answers "is this a working day?" for any date, never raising."""

    def __init__(
        self, loaded: Iterable[CalendarDay] = (), loaded_years: Iterable[int] = (), *, builtin: bool = True
    ) -> None:
        self._loaded = {d.day: d.working for d in loaded}
        self.loaded_years = set(loaded_years) | {d.year for d in self._loaded}
        self.builtin = builtin
        self.missing_years: set[int] = set()

    def knows(self, year: int) -> bool:
        """True when the year comes from a loaded file or the chinesecalendar package, not the fallback."""
        if year in self.loaded_years:
            return True
        if not self.builtin:
            return False
        try:
            chinese_calendar.is_workday(date(year, 6, 1))
        except NotImplementedError:
            return False
        return True

    def is_working_day(self, day: date) -> bool:
        if day.year in self.loaded_years:
            return self._loaded.get(day, day.weekday() < 5)
        if self.builtin:
            try:
                return bool(chinese_calendar.is_workday(day))
            except NotImplementedError:  # a year after the package's release
                pass
        self.missing_years.add(day.year)
        return day.weekday() < 5

    def week_of(self, day: date) -> date:
        """The Monday of `day`'s week."""
        return day - timedelta(days=day.weekday())

    def working_days_of_week(self, day: date) -> list[date]:
        monday = self.week_of(day)
        return [d for d in (monday + timedelta(days=i) for i in range(7)) if self.is_working_day(d)]

    def working_days_between(self, start: date, end: date) -> list[date]:
        """Working days from `start` to `end`, both included."""
        days, day = [], start
        while day <= end:
            if self.is_working_day(day):
                days.append(day)
            day += timedelta(days=1)
        return days

    def add_working_days(self, day: date, count: int) -> date:
        """The working day `count` working days after (or, negative, before) `day`."""
        step = 1 if count >= 0 else -1
        remaining = abs(count)
        while remaining:
            day += timedelta(days=step)
            if self.is_working_day(day):
                remaining -= 1
        return day

    def last_working_day_on_or_before(self, day: date) -> date:
        for _ in range(40):
            if self.is_working_day(day):
                return day
            day -= timedelta(days=1)
        return day

    def first_working_day_on_or_after(self, day: date) -> date:
        for _ in range(40):
            if self.is_working_day(day):
                return day
            day += timedelta(days=1)
        return day


def monthly_deadline(month: date, due_day: int, cal: WorkCalendar) -> date:
    """The one deadline of a month's record (纪实表, 交办登记表): the `due_day` of the following month (clamped to
    the 28th), or, when that day is a rest day (a weekend or a holiday), the first working day after it, as the PRC
    Civil Code (art. 203) moves a period whose last day is a rest day. The submission screen shows this date, the
    reminders count to it, and a submission is late only after it."""
    following = (month.replace(day=28) + timedelta(days=4)).replace(day=1)
    return cal.first_working_day_on_or_after(following.replace(day=min(due_day, 28)))


def week_id(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"
