"""Requests to move a planned community day, asked of the community's Party secretaries and decided by one of them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from sqlalchemy import delete, exists, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from domain.quiet import in_quiet_hours
from domain.roles import Role
from domain.workcalendar import WorkCalendar
from locales import tr, tr_text
from services.attendance.plans import move_targets
from services.attendance.week import APPROVED, DECLINED, PENDING, local_today, posting_of
from services.outgoing import BUTTONS, rows
from storage.db import Database, rowcount
from storage.models import AttendancePlan, MoveRequest, Person, PersonRole, UserPref
from storage.outbox import enqueue

REASON_MAX = 200

MOVE_CALLBACK = "mv"  # mv:<ok|no>:<request id>, on the secretary's message


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
            buttons = rows(
                [
                    [
                        (tr_text(locale, "move-approve"), f"{MOVE_CALLBACK}:ok:{request.id}"),
                        (tr_text(locale, "move-decline"), f"{MOVE_CALLBACK}:no:{request.id}"),
                    ]
                ]
            )
            await enqueue(
                session,
                key=f"move:{request.id}:ask:{secretary.telegram_id}",
                chat_id=secretary.telegram_id,
                payload={"text": text, BUTTONS: buttons},
                now=now,
                not_before=send_at,
            )
    return MoveOutcome.SENT


def _html(text: str) -> str:
    """Typed text for a message: tr escapes it (a Markup, so it is not escaped twice)."""
    from markupsafe import escape

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
