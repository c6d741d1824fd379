"""The reminder engine: runs a reminder kind for a slot (the kind and a local date), once.

A *reminder kind* is a schedule (`is_due`: on which local days, at the configured time) and a query (`collect`:
which people, for which period, with which message and arguments). The engine does the rest, the same for every
kind: the quiet hours and non-working days (urgent kinds excepted), people who muted reminders, people who blocked
the bot, the recipient's language, and delivery through the outbox with the idempotency key
`rem:<kind>:<person>:<period>`.

Exactly once, three ways: the slot is recorded in `reminder_runs` in the same transaction as its outbox rows, so a
second fire of the scheduler, a restart, or a second bot instance finds the slot taken and queues nothing (on
PostgreSQL the second instance's insert waits for the first one's commit and then conflicts); the outbox key stops a
repeat of the same (kind, person, period) from any other path; and the outbox itself keeps what was queued across a
crash until it is sent.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import cast
from zoneinfo import ZoneInfo

from sqlalchemy import Table, select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.quiet import in_quiet_hours, parse_hhmm
from domain.settings import Settings
from domain.workcalendar import WorkCalendar
from locales import render_args, tr, tr_text
from services import outgoing
from services.calendar import cached_work_calendar
from storage import outbox
from storage.db import Database, insert_for, rowcount
from storage.models import OutboxMessage, Person, ReminderMute, ReminderRun, UserPref
from storage.outbox import new_row

log = logging.getLogger("gridbot.reminders")
MUTE_CALLBACK = "rmute"  # rmute:<days>, under every non-urgent reminder
IN_QUERY_LIMIT = (
    500  # more recipients than this are resolved by one scan of the bound people instead of IN (...)
)


@dataclass(frozen=True)
class Due:
    """One reminder for one person: the message id in the locale files and its arguments (an argument may be a
    `locales.Msg` or `locales.MsgList`, rendered in the recipient's locale)."""

    person_id: int
    period: str
    msg_id: str
    args: dict = field(default_factory=dict)
    # Buttons above the mute row: (label's message id, callback data), e.g. the administrator's "send the file".
    buttons: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Slot:
    """What a kind is asked about: now (UTC and local), today's local date, the calendar and the settings."""

    now: datetime
    local: datetime
    today: date
    cal: WorkCalendar
    settings: Settings


@dataclass(frozen=True)
class ReminderKind:
    name: str
    is_due: Callable[[Slot], bool]
    collect: Callable[[AsyncSession, Slot], Awaitable[list[Due]]]
    urgent: bool = False  # sent at night and on non-working days too, and through a mute
    # A kind that writes its own outbox rows (the leaders' digests: several messages, a chart, buttons) instead of
    # one locale message per person: built before the slot's write transaction, since it may take a while.
    prepare: Callable[[Database, Slot], Awaitable[list[dict]]] | None = None
    default_time: str | None = None  # HH:MM, instead of REMINDER_TIME (REMINDER_TIMES still wins)


class RunOutcome(StrEnum):
    RAN = "ran"
    OFF = "off"
    NOT_YET = "not-yet"  # before the kind's time today
    QUIET = "quiet"
    NON_WORKING = "non-working"
    NOT_DUE = "not-due"
    ALREADY = "already"  # this slot already ran (a double fire, a restart, another instance)


@dataclass(frozen=True)
class RunResult:
    kind: str
    outcome: RunOutcome
    queued: int = 0


class ReminderEngine:
    def __init__(
        self,
        db: Database,
        settings: Settings,
        kinds: list[ReminderKind],
        clock: Callable[[], datetime],
        on_queued: Callable[[], None] | None = None,
    ) -> None:
        self.db = db
        self.settings = settings
        self.kinds = {kind.name: kind for kind in kinds}
        self.clock = clock
        self.on_queued = on_queued
        self.tz = ZoneInfo(settings.timezone)
        self.off = {name.strip() for name in settings.reminders_off.split(",") if name.strip()}
        self.quiet = (parse_hhmm(settings.quiet_start), parse_hhmm(settings.quiet_end))

    def time_of(self, kind: str) -> time:
        default = self.kinds[kind].default_time if kind in self.kinds else None
        return parse_hhmm(self.settings.reminder_times.get(kind, default or self.settings.reminder_time))

    def enabled(self) -> list[ReminderKind]:
        return [kind for name, kind in self.kinds.items() if name not in self.off]

    async def run_due(self, now: datetime | None = None) -> list[RunResult]:
        """Every enabled kind whose time has come today; what already ran is skipped. The scheduler's catch-up."""
        return [await self.run_kind(kind.name, now) for kind in self.enabled()]

    async def run_kind(self, name: str, now: datetime | None = None) -> RunResult:
        now = now or self.clock()
        kind = self.kinds[name]
        if name in self.off:
            return RunResult(name, RunOutcome.OFF)
        local = now.astimezone(self.tz)
        if local.time() < self.time_of(name):
            return RunResult(name, RunOutcome.NOT_YET)
        if not kind.urgent and in_quiet_hours(local.time(), *self.quiet):
            return RunResult(name, RunOutcome.QUIET)
        cal = await cached_work_calendar(self.db)
        slot = Slot(now, local, local.date(), cal, self.settings)
        if not kind.urgent:
            if not cal.is_working_day(slot.today):
                return RunResult(name, RunOutcome.NON_WORKING)
        if not kind.is_due(slot):
            return RunResult(name, RunOutcome.NOT_DUE)
        prepared: list[dict] | None = None
        if kind.prepare is not None:
            async with self.db.session() as session:
                if await session.get(ReminderRun, f"{name}:{slot.today.isoformat()}") is not None:
                    return RunResult(name, RunOutcome.ALREADY)
            prepared = await kind.prepare(self.db, slot)
        async with self.db.session() as session:
            if not await _take_slot(session, f"{name}:{slot.today.isoformat()}", now):
                return RunResult(name, RunOutcome.ALREADY)
            if prepared is not None:
                queued = await enqueue_many(session, prepared)
            else:
                queued = await self._queue(session, kind, await kind.collect(session, slot), now)
            run = await session.get(ReminderRun, f"{name}:{slot.today.isoformat()}")
            if run is not None:
                run.queued = queued
        if cal.missing_years:
            log.warning("calendar: no data for %s; Monday–Friday assumed", sorted(cal.missing_years))
        if queued:
            log.info("reminder %s: %d queued", name, queued)
            if self.on_queued:
                self.on_queued()
        return RunResult(name, RunOutcome.RAN, queued)

    async def _queue(self, session: AsyncSession, kind: ReminderKind, dues: list[Due], now: datetime) -> int:
        if not dues:
            return 0
        people = await _recipients(session, {due.person_id for due in dues})
        default = self.settings.default_locale
        mute_days = [d.strip() for d in self.settings.mute_days.split(",") if d.strip().isdigit()]
        rows = []
        keyboards: dict[str, list] = {}  # one mute keyboard per language, not per person
        for due in dues:
            person = people.get(due.person_id)
            if person is None:  # not bound to Telegram, or blocked the bot
                continue
            telegram_id, locale, muted_until = person
            if not kind.urgent and muted_until is not None and muted_until > now:
                continue
            locale = locale or default
            payload: dict = {"text": tr(locale, due.msg_id, **render_args(locale, due.args))}
            if not kind.urgent and mute_days:
                if locale not in keyboards:
                    keyboards[locale] = outgoing.rows(
                        [
                            [
                                (tr_text(locale, "mute-button", days=int(d)), f"{MUTE_CALLBACK}:{d}")
                                for d in mute_days
                            ]
                        ]
                    )
                payload[outgoing.BUTTONS] = keyboards[locale]
            if due.buttons:
                own = outgoing.rows([[(tr_text(locale, label), data) for label, data in due.buttons]])
                payload[outgoing.BUTTONS] = own + payload.get(outgoing.BUTTONS, [])
            rows.append(
                new_row(
                    key=f"rem:{kind.name}:{due.person_id}:{due.period}",
                    chat_id=telegram_id,
                    payload=payload,
                    now=now,
                )
            )
        return await enqueue_many(session, rows)


async def _take_slot(session: AsyncSession, key: str, now: datetime) -> bool:
    insert = insert_for(session.get_bind().dialect.name)
    result = await session.execute(
        insert(ReminderRun)
        .values(key=key, ran_at=now, queued=0)
        .on_conflict_do_nothing(index_elements=[ReminderRun.key])
    )
    return bool(rowcount(result))


async def enqueue_many(session: AsyncSession, rows: list[dict]) -> int:
    """Queue many outbox rows in one statement (executemany); a key already queued is skipped, as in `enqueue`.
    A person bound on Feishu too gets each row on that account as well (`outbox.twins`, issue 19): the reminders'
    and the digests' one door, so each account gets each message once; the count includes the twins."""
    if not rows:
        return 0
    rows = rows + await outbox.twins(session, rows)
    insert = insert_for(session.get_bind().dialect.name)
    table = cast(Table, OutboxMessage.__table__)  # declarative types __table__ as any FromClause
    connection = await session.connection()  # Core executemany: one statement, and a row count
    result = await connection.execute(
        insert(table).on_conflict_do_nothing(index_elements=[table.c.key]), rows
    )
    # The drivers report the rows inserted by an executemany (conflicts not counted); should one not, say how many
    # were offered.
    return result.rowcount if result.rowcount is not None and result.rowcount >= 0 else len(rows)


async def _recipients(
    session: AsyncSession, person_ids: set[int]
) -> dict[int, tuple[int, str | None, datetime | None]]:
    """person id → (telegram id, locale, muted until) for bound, reachable people, in one statement."""
    query = (
        select(Person.id, Person.telegram_id, UserPref.locale, ReminderMute.until)
        .outerjoin(UserPref, UserPref.telegram_id == Person.telegram_id)
        .outerjoin(ReminderMute, ReminderMute.person_id == Person.id)
        .where(Person.telegram_id.is_not(None), Person.active.is_(True))
    )
    if len(person_ids) <= IN_QUERY_LIMIT:
        query = query.where(Person.id.in_(person_ids))
    rows = await session.execute(query)
    return {r[0]: (r[1], r[2], r[3]) for r in rows if r[0] in person_ids and r[1] is not None}


def next_monday(day: date) -> date:
    return day - timedelta(days=day.weekday()) + timedelta(days=7)
