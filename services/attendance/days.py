"""A community day: checking in (optionally with a location) and checking out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from zoneinfo import ZoneInfo

from sqlalchemy import select

from domain.attendance import distance_m
from domain.workcalendar import WorkCalendar
from services.attendance.week import DayRecord, _record, local_today, posting_of
from storage.db import Database
from storage.models import AttendanceDay, CommunityPoint


class CheckinOutcome(StrEnum):
    RECORDED = "recorded"  # no location given
    INSIDE = "inside"
    OUTSIDE = "outside"  # recorded, but marked
    NO_POINT = "no-point"  # a location, but the community has no configured point to compare with
    ALREADY = "already"
    NOT_POSTED = "not-posted"


@dataclass(frozen=True)
class CheckinResult:
    outcome: CheckinOutcome
    record: DayRecord | None = None
    radius_m: int | None = None
    working_day: bool = True


async def check_in(
    db: Database,
    person_id: int,
    now: datetime,
    tz: ZoneInfo,
    cal: WorkCalendar,
    location: tuple[float, float] | None = None,
) -> CheckinResult:
    today = local_today(now, tz)
    async with db.session() as session:
        posting = await posting_of(session, person_id)
        if posting is None:
            return CheckinResult(CheckinOutcome.NOT_POSTED)
        existing = (
            await session.execute(
                select(AttendanceDay).where(AttendanceDay.person_id == person_id, AttendanceDay.day == today)
            )
        ).scalar()
        if existing is not None:
            return CheckinResult(CheckinOutcome.ALREADY, _record(existing))
        outcome, distance, radius = CheckinOutcome.RECORDED, None, None
        if location is not None:
            point = await session.get(CommunityPoint, posting.community_id)
            if point is None:
                outcome = CheckinOutcome.NO_POINT
            else:
                distance = distance_m(point.latitude, point.longitude, *location)
                radius = point.radius_m
                outcome = CheckinOutcome.OUTSIDE if distance > point.radius_m else CheckinOutcome.INSIDE
        row = AttendanceDay(
            person_id=person_id,
            community_id=posting.community_id,
            day=today,
            checkin_at=now,
            latitude=location[0] if location else None,
            longitude=location[1] if location else None,
            distance_m=distance,
            outside=outcome == CheckinOutcome.OUTSIDE,
        )
        session.add(row)
        await session.flush()
        return CheckinResult(outcome, _record(row), radius, cal.is_working_day(today))


class CheckoutOutcome(StrEnum):
    DONE = "done"
    NOT_IN = "not-in"
    ALREADY = "already"


async def check_out(db: Database, person_id: int, now: datetime, tz: ZoneInfo) -> CheckoutOutcome:
    today = local_today(now, tz)
    async with db.session() as session:
        row = (
            await session.execute(
                select(AttendanceDay).where(AttendanceDay.person_id == person_id, AttendanceDay.day == today)
            )
        ).scalar()
        if row is None:
            return CheckoutOutcome.NOT_IN
        if row.checkout_at is not None:
            return CheckoutOutcome.ALREADY
        row.checkout_at = now
        return CheckoutOutcome.DONE
