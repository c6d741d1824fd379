"""A calendar keyboard whose "today" is the bot's clock, not the machine's.

aiogram-dialog's Calendar decides which month it opens on and which day it marks as today with
`datetime.now(config.timezone)`, i.e. the machine's clock. The bot's rules (how far back a log may be dated, which
due dates are in the past) read the bot's clock (`middleware_data["clock"]`), which a test sets; the two disagreed
whenever they were not on the same day. `datetime.now(tz)` asks `tz.fromutc(...)` for the local time, so a tzinfo
that answers with the clock's local time puts the calendar on the clock's day, in the deployment's time zone.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

from aiogram_dialog import DialogManager
from aiogram_dialog.widgets.kbd import Calendar
from aiogram_dialog.widgets.kbd.calendar_kbd import (
    CalendarDaysView,
    CalendarMonthView,
    CalendarScope,
    CalendarScopeView,
    CalendarUserConfig,
    CalendarYearsView,
)
from aiogram_dialog.widgets.text import Text

from dialogs.widgets import actor_of
from locales import tr_text


class ClockZone(tzinfo):
    """The deployment's time zone, whose "now" is the bot's clock (`datetime.now(ClockZone(...))`)."""

    def __init__(self, clock: Callable[[], datetime], zone: ZoneInfo) -> None:
        self.clock, self.zone = clock, zone

    def utcoffset(self, dt: datetime | None) -> timedelta | None:
        return self.zone.utcoffset(dt.replace(tzinfo=None) if dt is not None else None)

    def dst(self, dt: datetime | None) -> timedelta | None:
        return self.zone.dst(dt.replace(tzinfo=None) if dt is not None else None)

    def tzname(self, dt: datetime | None) -> str | None:
        return self.zone.tzname(dt.replace(tzinfo=None) if dt is not None else None)

    def fromutc(self, dt: datetime) -> datetime:
        # `dt` is the machine's UTC time; the bot's clock is what counts.
        return self.clock().astimezone(self.zone).replace(tzinfo=self)


def clock_zone(manager: DialogManager) -> ClockZone:
    data = manager.middleware_data
    return ClockZone(data["clock"], ZoneInfo(data["settings"].timezone))


class LocalText(Text):
    """A calendar caption in the reader's language. aiogram-dialog's own captions are strftime formats (%B, %a),
    which name months and weekdays in the process locale, English, in every view (days, and the zoomed-out months
    and years)."""

    def __init__(self, kind: str) -> None:
        super().__init__()
        self.kind = kind

    async def _render_text(self, data: dict, manager: DialogManager) -> str:
        day = data["date"]
        locale = actor_of(manager).locale
        match self.kind:
            case "weekday":
                return tr_text(locale, f"weekday-{day.weekday()}")
            case "days-header":
                return tr_text(locale, "cal-days-header", year=day.year, month=day.month)
            case "prev-month" | "next-month":
                return tr_text(locale, f"cal-{self.kind}", year=day.year, month=day.month)
            case "month":
                return tr_text(locale, "cal-month", month=day.month)
            case "this-month":
                return f"[ {tr_text(locale, 'cal-month', month=day.month)} ]"
            case "months-header":
                return tr_text(locale, "cal-months-header", year=day.year)
            case "today":
                return f"[{day.day}]"
        return str(day.day)


def local_days_view(callback_generator: Callable[[str], str], view: type = CalendarDaysView) -> Any:
    return view(
        callback_generator,
        date_text=LocalText("date"),
        today_text=LocalText("today"),
        weekday_text=LocalText("weekday"),
        header_text=LocalText("days-header"),
        prev_month_text=LocalText("prev-month"),
        next_month_text=LocalText("next-month"),
    )


def local_views(callback_generator: Callable[[str], str]) -> dict[CalendarScope, CalendarScopeView]:
    """Days, months and years, every caption in the reader's language (years are numbers)."""
    return {
        CalendarScope.DAYS: local_days_view(callback_generator),
        CalendarScope.MONTHS: CalendarMonthView(
            callback_generator,
            month_text=LocalText("month"),
            this_month_text=LocalText("this-month"),
            header_text=LocalText("months-header"),
        ),
        CalendarScope.YEARS: CalendarYearsView(callback_generator),
    }


class ClockCalendar(Calendar):
    """A Calendar that opens on, and marks, the bot's today in the deployment's time zone, with its captions in
    the reader's language."""

    def _init_views(self) -> dict[CalendarScope, CalendarScopeView]:
        return local_views(self._item_callback_data)

    async def _get_user_config(self, data: dict, manager: DialogManager) -> CalendarUserConfig:
        # aiogram-dialog annotates datetime.timezone but only calls datetime.now(tz): any tzinfo works
        return CalendarUserConfig(timezone=clock_zone(manager))  # type: ignore[arg-type]

    @staticmethod
    def config_with_clock(manager: DialogManager, **options: Any) -> CalendarUserConfig:
        return CalendarUserConfig(timezone=clock_zone(manager), **options)  # type: ignore[arg-type]
