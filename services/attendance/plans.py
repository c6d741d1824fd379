"""Next week's plan of community days, and the days a planned day may move to."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from sqlalchemy import delete

from domain.workcalendar import WorkCalendar
from services.attendance.week import local_today, posting_of
from storage.db import Database
from storage.models import AttendancePlan


class PlanOutcome(StrEnum):
    SAVED = "saved"
    BAD_DAY = "bad-day"
    NOT_BOUND = "not-bound"


async def save_plan(
    db: Database, person_id: int, days: list[date], now: datetime, tz: ZoneInfo, cal: WorkCalendar
) -> PlanOutcome:
    """Replace next week's planned days with `days` (working days of next week only)."""
    today = local_today(now, tz)
    next_monday = cal.week_of(today) + timedelta(days=7)
    allowed = set(cal.working_days_of_week(next_monday))
    if any(d not in allowed for d in days):
        return PlanOutcome.BAD_DAY
    async with db.session() as session:
        posting = await posting_of(session, person_id)
        if posting is None or not posting.weekly_rule:
            return PlanOutcome.NOT_BOUND
        await session.execute(
            delete(AttendancePlan).where(
                AttendancePlan.person_id == person_id,
                AttendancePlan.day >= next_monday,
                AttendancePlan.day < next_monday + timedelta(days=7),
            )
        )
        session.add_all(
            AttendancePlan(person_id=person_id, day=d, community_id=posting.community_id, created_at=now)
            for d in sorted(set(days))
        )
    return PlanOutcome.SAVED


def move_targets(cal: WorkCalendar, today: date, from_day: date) -> list[date]:
    """Days a planned day may move to: working days after today in its own week or the next, not the day itself."""
    monday = cal.week_of(from_day)
    days = cal.working_days_of_week(monday) + cal.working_days_of_week(monday + timedelta(days=7))
    return [d for d in days if d > today and d != from_day]
