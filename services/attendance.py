"""Paired and seconded cadres' community days: check in and out, the week's tally, next week's plan, and requests to
move a planned day, decided by the community Party secretary. Every change is committed before the person is told;
notifications are queued in the same transaction (outbox)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from sqlalchemy import and_, delete, exists, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from domain.attendance import bound_by_weekly_rule, distance_m, required_days
from domain.quiet import in_quiet_hours
from domain.roles import Role
from domain.workcalendar import WorkCalendar
from locales import tr
from storage.db import Database, rowcount
from storage.models import (
    AttendanceDay,
    AttendancePlan,
    Community,
    CommunityPoint,
    MoveRequest,
    Person,
    PersonRole,
    UserPref,
)
from storage.outbox import enqueue

PENDING, APPROVED, DECLINED = "pending", "approved", "declined"
REASON_MAX = 200
MOVE_CALLBACK = "mv"  # mv:<ok|no>:<request id>, on the secretary's message


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


class MoveOutcome(StrEnum):
    SENT = "sent"
    NOT_PLANNED = "not-planned"
    BAD_TARGET = "bad-target"
    ALREADY_PLANNED = "already-planned"
    ALREADY_PENDING = "already-pending"
    NO_SECRETARY = "no-secretary"
    TOO_LONG = "too-long"
    NOT_BOUND = "not-bound"


@dataclass(frozen=True)
class Recipient:
    person_id: int
    telegram_id: int
    locale: str | None
    name: str = ""


async def secretaries_of(session: AsyncSession, community_id: int) -> list[Recipient]:
    rows = await session.execute(
        select(Person.id, Person.telegram_id, Person.name, UserPref.locale)
        .join(PersonRole, PersonRole.person_id == Person.id)
        .outerjoin(UserPref, UserPref.telegram_id == Person.telegram_id)
        .where(
            PersonRole.role == Role.SECRETARY.value,
            PersonRole.community_id == community_id,
            Person.telegram_id.is_not(None),
            Person.active.is_(True),
        )
        .order_by(Person.id)
    )
    return [Recipient(r.id, r.telegram_id, r.locale, r.name) for r in rows]


def polite_time(now: datetime, tz: ZoneInfo, quiet_start: time, quiet_end: time) -> datetime:
    """`now`, or the end of the quiet hours when `now` is in them: a person's request waits for the morning."""
    local = now.astimezone(tz)
    t = local.time()
    if not in_quiet_hours(t, quiet_start, quiet_end):
        return now
    day = local.date() if t < quiet_end else local.date() + timedelta(days=1)
    return datetime.combine(day, quiet_end, tzinfo=tz)


def day_label(locale: str, day: date) -> str:
    return tr(
        locale,
        "checkin-day",
        weekday=tr(locale, f"checkin-weekday-{day.weekday()}"),
        month=day.month,
        dom=day.day,
    )


async def request_move(
    db: Database,
    person_id: int,
    from_day: date,
    to_day: date,
    reason: str,
    now: datetime,
    tz: ZoneInfo,
    cal: WorkCalendar,
    *,
    default_locale: str,
    quiet: tuple[time, time],
) -> MoveOutcome:
    if len(reason) > REASON_MAX:
        return MoveOutcome.TOO_LONG
    today = local_today(now, tz)
    if to_day not in move_targets(cal, today, from_day):
        return MoveOutcome.BAD_TARGET
    async with db.session() as session:
        posting = await posting_of(session, person_id)
        if posting is None or not posting.weekly_rule:
            return MoveOutcome.NOT_BOUND
        plans = set(
            (
                await session.execute(select(AttendancePlan.day).where(AttendancePlan.person_id == person_id))
            ).scalars()
        )
        if from_day not in plans or from_day < today:
            return MoveOutcome.NOT_PLANNED
        if to_day in plans:
            return MoveOutcome.ALREADY_PLANNED
        open_request = await session.scalar(
            select(MoveRequest.id).where(
                MoveRequest.person_id == person_id,
                MoveRequest.from_day == from_day,
                MoveRequest.status == PENDING,
            )
        )
        if open_request is not None:
            return MoveOutcome.ALREADY_PENDING
        secretaries = await secretaries_of(session, posting.community_id)
        if not secretaries:
            return MoveOutcome.NO_SECRETARY
        cadre = await session.get(Person, person_id)
        request = MoveRequest(
            person_id=person_id,
            community_id=posting.community_id,
            from_day=from_day,
            to_day=to_day,
            reason=reason,
            status=PENDING,
            created_at=now,
        )
        session.add(request)
        await session.flush()
        send_at = polite_time(now, tz, *quiet)
        for secretary in secretaries:
            locale = secretary.locale or default_locale
            text = tr(
                locale,
                "move-request-to-secretary",
                name=_html(cadre.name if cadre else ""),
                community=_html(posting.community),
                from_day=day_label(locale, from_day),
                to_day=day_label(locale, to_day),
                reason=_html(reason) or tr(locale, "move-no-reason"),
            )
            keyboard = [
                [
                    {"text": tr(locale, "move-approve"), "callback_data": f"{MOVE_CALLBACK}:ok:{request.id}"},
                    {"text": tr(locale, "move-decline"), "callback_data": f"{MOVE_CALLBACK}:no:{request.id}"},
                ]
            ]
            await enqueue(
                session,
                key=f"move:{request.id}:ask:{secretary.telegram_id}",
                chat_id=secretary.telegram_id,
                payload={"text": text, "reply_markup": {"inline_keyboard": keyboard}},
                now=now,
                not_before=send_at,
            )
    return MoveOutcome.SENT


def _html(text: str) -> str:
    from html import escape

    return escape(text)


class DecideOutcome(StrEnum):
    APPROVED = "approved"
    DECLINED = "declined"
    NOT_SECRETARY = "not-secretary"
    ALREADY_DECIDED = "already-decided"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Decision:
    outcome: DecideOutcome
    status: str = ""
    cadre: str = ""
    from_day: date | None = None
    to_day: date | None = None
    extra: dict = field(default_factory=dict)


async def decide_move(
    db: Database,
    request_id: int,
    secretary_person_id: int,
    approve: bool,
    now: datetime,
    *,
    default_locale: str,
) -> Decision:
    """Only a secretary of the request's community may decide, and only once; the cadre is told through the outbox."""
    async with db.session() as session:
        request = await session.get(MoveRequest, request_id)
        if request is None:
            return Decision(DecideOutcome.UNKNOWN)
        is_secretary = await session.scalar(
            select(
                exists().where(
                    PersonRole.person_id == secretary_person_id,
                    PersonRole.role == Role.SECRETARY.value,
                    PersonRole.community_id == request.community_id,
                )
            )
        )
        if not is_secretary:
            return Decision(DecideOutcome.NOT_SECRETARY)
        cadre = await session.get(Person, request.person_id)
        cadre_name = cadre.name if cadre else ""
        if request.status != PENDING:
            return Decision(
                DecideOutcome.ALREADY_DECIDED, request.status, cadre_name, request.from_day, request.to_day
            )
        status = APPROVED if approve else DECLINED
        # Guarded update: of two presses at once (two secretaries, a double tap) exactly one decides.
        changed = await session.execute(
            update(MoveRequest)
            .where(MoveRequest.id == request_id, MoveRequest.status == PENDING)
            .values(status=status, decided_at=now, decided_by=secretary_person_id)
        )
        if not rowcount(changed):
            await session.rollback()
            return Decision(DecideOutcome.ALREADY_DECIDED, "", cadre_name, request.from_day, request.to_day)
        if approve:
            await session.execute(
                delete(AttendancePlan).where(
                    AttendancePlan.person_id == request.person_id, AttendancePlan.day == request.from_day
                )
            )
            session.add(
                AttendancePlan(
                    person_id=request.person_id,
                    day=request.to_day,
                    community_id=request.community_id,
                    created_at=now,
                )
            )
        if cadre is not None and cadre.telegram_id is not None and cadre.active:
            pref = await session.get(UserPref, cadre.telegram_id)
            locale = pref.locale if pref else default_locale
            await enqueue(
                session,
                key=f"move:{request_id}:{status}",
                chat_id=cadre.telegram_id,
                payload={
                    "text": tr(
                        locale,
                        f"move-{status}-to-cadre",
                        from_day=day_label(locale, request.from_day),
                        to_day=day_label(locale, request.to_day),
                    )
                },
                now=now,
            )
        return Decision(
            DecideOutcome.APPROVED if approve else DecideOutcome.DECLINED,
            status,
            cadre_name,
            request.from_day,
            request.to_day,
        )


@dataclass(frozen=True)
class CadreWeek:
    person_id: int
    name: str
    community_id: int
    done: int
    outside: int = 0  # of those, check-ins whose location was outside the community's radius


async def weekly_tally(session: AsyncSession, working_days: list[date]) -> list[CadreWeek]:
    """Every paired cadre (not also seconded) and their community days on `working_days`, in ONE statement,
    whatever the number of cadres."""
    seconded = aliased(PersonRole)
    days = working_days or [date.min]
    rows = await session.execute(
        select(
            Person.id,
            Person.name,
            PersonRole.community_id,
            func.count(AttendanceDay.id),
            func.count(AttendanceDay.id).filter(AttendanceDay.outside.is_(True)),
        )
        .select_from(PersonRole)
        .join(Person, Person.id == PersonRole.person_id)
        .outerjoin(
            AttendanceDay,
            and_(
                AttendanceDay.person_id == PersonRole.person_id,
                AttendanceDay.community_id == PersonRole.community_id,
                AttendanceDay.day.in_(days),
            ),
        )
        .where(
            PersonRole.role == Role.PAIRED_CADRE.value,
            ~exists().where(seconded.person_id == Person.id, seconded.role == Role.SECONDED_CADRE.value),
        )
        .group_by(Person.id, Person.name, PersonRole.community_id)
        .order_by(PersonRole.community_id, Person.name)
    )
    return [
        CadreWeek(r[0], r[1], r[2], int(r[3]) if working_days else 0, int(r[4] or 0) if working_days else 0)
        for r in rows
        if r[2] is not None  # the roster requires a community for a paired cadre
    ]
