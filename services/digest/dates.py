"""The digests' periods: a local day range in UTC, the previous week and month."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo


def utc_bounds(start: date, end: date, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """[start 00:00, end 00:00) local, in UTC: `end` is the first day NOT included."""
    return (
        datetime.combine(start, time(), tz).astimezone(UTC),
        datetime.combine(end, time(), tz).astimezone(UTC),
    )


def previous_week(today: date) -> tuple[date, date]:
    """Monday and the following Monday of the week before `today`'s week."""
    monday = today - timedelta(days=today.weekday())
    return monday - timedelta(days=7), monday


def previous_month(today: date) -> tuple[date, date]:
    first = today.replace(day=1)
    return (first - timedelta(days=1)).replace(day=1), first


def _utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
