"""Where a cadre is posted and how their week stands: today's record, the week's community days, the plan, pending
moves.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.attendance import bound_by_weekly_rule, required_days
from domain.roles import Role
from domain.workcalendar import WorkCalendar
from storage.db import Database
from storage.models import AttendanceDay, AttendancePlan, Community, MoveRequest, PersonRole

PENDING, APPROVED, DECLINED = "pending", "approved", "declined"


def local_today(now: datetime, tz: ZoneInfo) -> date:
    return now.astimezone(tz).date()


@dataclass(frozen=True)
class Posting:
    """Where a cadre's community days are kept, and whether the weekly rule applies to them."""

    person_id: int
    community_id: int
    community: str
    weekly_rule: bool


async def posting_of(session: AsyncSession, person_id: int) -> Posting | None:
    rows = (
        await session.execute(
            select(PersonRole.role, PersonRole.community_id, Community.name)
            .join(Community, Community.id == PersonRole.community_id)
            .where(
                PersonRole.person_id == person_id,
                PersonRole.role.in_([Role.PAIRED_CADRE.value, Role.SECONDED_CADRE.value]),
            )
            .order_by(PersonRole.role, PersonRole.community_id)
        )
    ).all()
    if not rows:
        return None
    roles = {Role(r.role) for r in rows}
    # A seconded cadre's own community first: that is where they work every day.
    chosen = next((r for r in rows if r.role == Role.SECONDED_CADRE.value), rows[0])
    return Posting(person_id, chosen.community_id, chosen.name, bound_by_weekly_rule(roles))


@dataclass(frozen=True)
class DayRecord:
    day: date
    checkin_at: datetime
    checkout_at: datetime | None
    distance_m: int | None
    outside: bool
    located: bool


@dataclass(frozen=True)
class WeekStatus:
    posting: Posting
    today: date
    today_working: bool
    record: DayRecord | None
    done: int  # community days on working days this week
    required: int
    this_week: list[date]
    next_week: list[date]  # working days of next week
    planned: list[date]  # planned days, this week (still to come) and next
    pending: list[tuple[int, date, date]]  # open move requests (id, from, to)


def _record(row: AttendanceDay | None) -> DayRecord | None:
    if row is None:
        return None
    return DayRecord(
        row.day, row.checkin_at, row.checkout_at, row.distance_m, row.outside, row.latitude is not None
    )


async def week_status(
    db: Database, person_id: int, now: datetime, tz: ZoneInfo, cal: WorkCalendar
) -> WeekStatus | None:
    today = local_today(now, tz)
    this_week = cal.working_days_of_week(today)
    next_week = cal.working_days_of_week(cal.week_of(today) + timedelta(days=7))
    async with db.session() as session:
        posting = await posting_of(session, person_id)
        if posting is None:
            return None
        record = (
            await session.execute(
                select(AttendanceDay).where(AttendanceDay.person_id == person_id, AttendanceDay.day == today)
            )
        ).scalar()
        done = await session.scalar(
            select(func.count(AttendanceDay.id)).where(
                AttendanceDay.person_id == person_id,
                AttendanceDay.community_id == posting.community_id,
                AttendanceDay.day.in_(this_week or [today]),
            )
        )
        if not this_week:
            done = 0
        planned = list(
            (
                await session.execute(
                    select(AttendancePlan.day)
                    .where(AttendancePlan.person_id == person_id, AttendancePlan.day >= today)
                    .order_by(AttendancePlan.day)
                )
            ).scalars()
        )
        pending = [
            (r.id, r.from_day, r.to_day)
            for r in (
                await session.execute(
                    select(MoveRequest)
                    .where(MoveRequest.person_id == person_id, MoveRequest.status == PENDING)
                    .order_by(MoveRequest.id)
                )
            ).scalars()
        ]
        return WeekStatus(
            posting=posting,
            today=today,
            today_working=cal.is_working_day(today),
            record=_record(record),
            done=int(done or 0),
            required=required_days(len(this_week)),
            this_week=this_week,
            next_week=next_week,
            planned=planned,
            pending=pending,
        )
