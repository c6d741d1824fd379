"""The grid work log 网格工作纪实表: drafts, submission, the secretary's signature, history, the monthly submission.

Every function checks who is acting and re-checks the rules of `domain.worklog` (a dialog may be old, a button
forged): a refusal changes nothing. A change and the notifications it causes are committed in one transaction, before
the caller tells anyone it is done.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any
from uuid import uuid4
from zoneinfo import ZoneInfo

from markupsafe import escape
from sqlalchemy import Select, String, cast, delete, func, insert, literal, select, type_coerce, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased, selectinload

from domain import worklog as rules
from domain.naming import natural_key
from domain.phones import normalize_phone
from domain.roles import Role
from domain.worklog import Signer, Status, Task
from services.calendar import cached_work_calendar
from services.notify import reachable, send
from storage.db import Database
from storage.models import (
    Community,
    Department,
    Grid,
    LogMonth,
    Person,
    PersonGrid,
    PersonRole,
    Problem,
    SignDelegate,
    WorkLog,
    WorkLogDraft,
    WorkLogEvent,
    WorkLogPhoto,
)
from storage.outbox import enqueue

PARTY_MASS_DEPARTMENT = "党群工作部"
CAPTION_MAX = 1024  # Telegram's limit for a document's caption


# --- who is logging ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GridChoice:
    id: int
    name: str
    community_id: int
    community: str
    own: bool


@dataclass(frozen=True)
class Author:
    person_id: int
    name: str
    deployment: Role | None
    grids: tuple[GridChoice, ...]  # the grids of their communities, their own first

    @property
    def community_ids(self) -> frozenset[int]:
        return frozenset(g.community_id for g in self.grids)

    def grid(self, grid_id: int) -> GridChoice | None:
        return next((g for g in self.grids if g.id == grid_id), None)


async def author(db: Database, person_id: int) -> Author:
    async with db.session() as s:
        person = await s.get(Person, person_id)
        assert person is not None
        rows = (
            await s.execute(
                select(PersonRole.role, PersonRole.community_id).where(PersonRole.person_id == person_id)
            )
        ).all()
        roles = [Role(r.role) for r in rows]
        logging_roles = {Role(r.role) for r in rows} & set(rules.DEPLOYMENT_ORDER)
        community_ids = {r.community_id for r in rows if r.community_id and Role(r.role) in logging_roles}
        own = set(
            (await s.execute(select(PersonGrid.grid_id).where(PersonGrid.person_id == person_id))).scalars()
        )
        grids = (
            await s.execute(
                select(Grid.id, Grid.name, Grid.community_id, Community.name.label("community"))
                .join(Community, Community.id == Grid.community_id)
                .where(Grid.community_id.in_(community_ids))
                .order_by(Community.name, Grid.name)
            )
        ).all()
    grids = sorted(grids, key=lambda g: (natural_key(g.community), natural_key(g.name)))  # 第二 before 第十
    choices = [GridChoice(g.id, g.name, g.community_id, g.community, g.id in own) for g in grids]
    choices.sort(key=lambda g: not g.own)  # stable: their own grids first, then the rest in name order
    return Author(person_id, person.name, rules.deployment_for(roles), tuple(choices))


async def locked_months(session: AsyncSession, community_id: int) -> list[date]:
    rows = await session.execute(
        select(LogMonth.month).where(LogMonth.community_id == community_id, LogMonth.status == "submitted")
    )
    return list(rows.scalars())


# --- drafts -----------------------------------------------------------------------------------------------------


async def load_draft(db: Database, person_id: int) -> dict[str, Any] | None:
    async with db.session() as s:
        draft = await s.get(WorkLogDraft, person_id)
        return dict(draft.data) if draft else None


async def save_draft(db: Database, person_id: int, data: dict[str, Any], now: datetime) -> None:
    async with db.session() as s:
        draft = await s.get(WorkLogDraft, person_id)
        if draft is None:
            s.add(WorkLogDraft(person_id=person_id, data=data, updated_at=now))
        else:
            draft.data = data
            draft.updated_at = now


async def discard_draft(db: Database, person_id: int) -> None:
    async with db.session() as s:
        await s.execute(delete(WorkLogDraft).where(WorkLogDraft.person_id == person_id))


# --- submitting -------------------------------------------------------------------------------------------------


@dataclass
class Photo:
    file_id: str
    file_unique_id: str
    local_path: str | None = None


@dataclass
class LogInput:
    work_date: date
    grid_id: int
    categories: list[Task]
    households: int
    content: str
    addresses: str | None = None
    problem_ids: list[int] = field(default_factory=list)  # reported from this log through the problem flow
    photos: list[Photo] = field(default_factory=list)

    @classmethod
    def from_draft(cls, data: dict[str, Any]) -> LogInput:
        return cls(
            work_date=date.fromisoformat(data["date"]),
            grid_id=int(data["grid_id"]),
            categories=[Task(c) for c in data.get("categories", [])],
            households=int(data["households"]),
            content=data["content"],
            addresses=data.get("addresses") or None,
            problem_ids=[int(i) for i in data.get("problem_ids", [])],
            photos=[Photo(**p) for p in data.get("photos", [])],
        )


class Refusal(StrEnum):
    NOT_ALLOWED = "not-allowed"
    GRID_OUTSIDE = "grid-outside"
    DATE_FUTURE = "future"
    DATE_TOO_OLD = "too-old"
    MONTH_LOCKED = "month-locked"
    NO_CATEGORY = "no-category"
    CONTENT = "content"
    TOO_LONG = "too-long"
    TOO_MANY_PHOTOS = "too-many-photos"
    NOT_FOUND = "not-found"
    NOT_RETURNED = "not-returned"


@dataclass(frozen=True)
class Submitted:
    log_id: int | None = None
    refusal: Refusal | None = None
    signers: int = 0  # how many people were told to sign


def check_input(
    item: LogInput, who: Author, today: date, backdate_days: int, locked: Sequence[date]
) -> Refusal | None:
    if who.deployment is None:
        return Refusal.NOT_ALLOWED
    grid = who.grid(item.grid_id)
    if grid is None:
        return Refusal.GRID_OUTSIDE
    problem = rules.check_work_date(item.work_date, today, backdate_days, locked)
    if problem is not None:
        return Refusal(problem.value)
    if not item.categories:
        return Refusal.NO_CATEGORY
    if rules.check_text(item.content, minimum=rules.CONTENT_MIN, maximum=rules.CONTENT_MAX):
        return Refusal.CONTENT
    if len(item.addresses or "") > rules.ADDRESSES_MAX:
        return Refusal.TOO_LONG
    if not 0 <= item.households <= rules.HOUSEHOLDS_MAX:
        return Refusal.CONTENT
    if len(item.photos) > rules.PHOTOS_MAX:
        return Refusal.TOO_MANY_PHOTOS
    return None


async def submit_log(
    db: Database,
    person_id: int,
    item: LogInput,
    *,
    now: datetime,
    tz: ZoneInfo,
    backdate_days: int,
    default_locale: str,
    log_id: int | None = None,
) -> Submitted:
    """Store a new log (or, with `log_id`, resubmit a returned one), drop the draft and ask the signers to sign."""
    who = await author(db, person_id)
    today = now.astimezone(tz).date()
    async with db.session() as s:
        grid = who.grid(item.grid_id)
        locked = await locked_months(s, grid.community_id) if grid else []
        refusal = check_input(item, who, today, backdate_days, locked)
        if refusal is None and log_id is not None:
            existing = await s.get(WorkLog, log_id, with_for_update=True)
            if existing is None or existing.person_id != person_id:
                refusal = Refusal.NOT_FOUND
            elif existing.status != Status.RETURNED:
                refusal = Refusal.NOT_RETURNED
        if refusal is not None:
            return Submitted(refusal=refusal)
        assert grid is not None and who.deployment is not None
        fields = dict(
            community_id=grid.community_id,
            grid_id=grid.id,
            work_date=item.work_date,
            deployment=who.deployment.value,
            categories=[c.value for c in item.categories],
            households=item.households,
            addresses=(item.addresses or "").strip() or None,
            content=item.content.strip(),
            status=Status.SUBMITTED.value,
            submitted_at=now,
        )
        if log_id is None:
            log = WorkLog(person_id=person_id, version=1, created_at=now, **fields)
            s.add(log)
            action = "submitted"
        else:
            assert existing is not None  # refused above otherwise
            log = existing
            for name, value in fields.items():
                setattr(log, name, value)
            log.version += 1
            log.opinion = None
            log.photos.clear()
            action = "resubmitted"
        log.photos.extend(
            WorkLogPhoto(
                position=i, file_id=p.file_id, file_unique_id=p.file_unique_id, local_path=p.local_path
            )
            for i, p in enumerate(item.photos)
        )
        await s.flush()
        if item.problem_ids:  # the problems this person reported while filling in the log point back to it
            await s.execute(
                update(Problem)
                .where(Problem.id.in_(item.problem_ids), Problem.reporter_id == person_id)
                .values(log_id=log.id)
            )
        s.add(WorkLogEvent(log_id=log.id, at=now, person_id=person_id, action=action))
        await s.execute(delete(WorkLogDraft).where(WorkLogDraft.person_id == person_id))
        signers = await signers_of(s, grid.community_id)
        view = await _view(s, log.id)
        queued = await _ask_to_sign(s, view, signers, now, default_locale)
    return Submitted(log_id=log.id, signers=queued)


async def signers_of(session: AsyncSession, community_id: int) -> set[int]:
    """The people who may sign the community's logs: its secretaries and sign delegates."""
    secretaries = select(PersonRole.person_id).where(
        PersonRole.role == Role.SECRETARY.value, PersonRole.community_id == community_id
    )
    delegates = select(SignDelegate.person_id).where(SignDelegate.community_id == community_id)
    return set((await session.execute(secretaries)).scalars()) | set(
        (await session.execute(delegates)).scalars()
    )


async def _ask_to_sign(
    session: AsyncSession, view: LogView, signers: set[int], now: datetime, default_locale: str
) -> int:
    from services.worklog_text import log_card, sign_buttons  # text rendering lives beside the locales

    return await send(
        session,
        signers,
        key=f"worklog:{view.id}:v{view.version}:sign",
        now=now,
        default_locale=default_locale,
        render=lambda _, locale: (
            log_card(locale, view, heading="wl-sign-request"),
            sign_buttons(locale, view.id, view.version),
        ),
    )


# --- reading ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Event:
    at: datetime
    action: str
    who: str | None
    note: str | None


@dataclass(frozen=True)
class LogView:
    id: int
    version: int
    person_id: int
    person: str
    deployment: str
    community_id: int
    community: str
    grid_id: int
    grid: str
    work_date: date
    categories: list[str]
    households: int
    addresses: str | None
    content: str
    problems: tuple[tuple[int, str], ...]  # (problem id, description) reported from this log
    photos: int
    status: Status
    opinion: str | None
    signer: str | None
    signed_at: datetime | None
    excluded_reason: str | None
    submitted_at: datetime
    events: tuple[Event, ...] = ()

    @property
    def return_reason(self) -> str | None:
        """Why the log was last returned (the signer's note), if it was (events loaded: `get_log`)."""
        returns = [event.note for event in self.events if event.action == SignOutcome.RETURNED.value]
        return returns[-1] if returns else None

    photo_files: tuple[tuple[str, str, str | None], ...] = ()  # file id, unique id, local copy


def _to_view(log: WorkLog, events: Sequence[Event] = (), problems: Sequence[tuple[int, str]] = ()) -> LogView:
    return LogView(
        id=log.id,
        version=log.version,
        person_id=log.person_id,
        person=log.person.name,
        deployment=log.deployment,
        community_id=log.community_id,
        community=log.community.name,
        grid_id=log.grid_id,
        grid=log.grid.name,
        work_date=log.work_date,
        categories=list(log.categories),
        households=log.households,
        addresses=log.addresses,
        content=log.content,
        problems=tuple(problems),
        photos=len(log.photos),
        status=Status(log.status),
        opinion=log.opinion,
        signer=log.signer.name if log.signer else None,
        signed_at=log.signed_at,
        excluded_reason=log.excluded_reason,
        submitted_at=log.submitted_at,
        events=tuple(events),
        photo_files=tuple((p.file_id, p.file_unique_id, p.local_path) for p in log.photos),
    )


async def _problems_of(session: AsyncSession, log_ids: Sequence[int]) -> dict[int, list[tuple[int, str]]]:
    """The problems reported from these logs, by log: (problem id, description)."""
    found: dict[int, list[tuple[int, str]]] = {}
    if log_ids:
        rows = await session.execute(
            select(Problem.log_id, Problem.id, Problem.description)
            .where(Problem.log_id.in_(list(log_ids)))
            .order_by(Problem.id)
        )
        for log_id, problem_id, description in rows:
            assert log_id is not None  # asked for by log id
            found.setdefault(log_id, []).append((problem_id, description))
    return found


async def _views(session: AsyncSession, logs: Sequence[WorkLog]) -> list[LogView]:
    problems = await _problems_of(session, [log.id for log in logs])
    return [_to_view(log, problems=problems.get(log.id, ())) for log in logs]


_LOADS = (
    selectinload(WorkLog.person),
    selectinload(WorkLog.signer),
    selectinload(WorkLog.grid),
    selectinload(WorkLog.community),
)


async def _view(session: AsyncSession, log_id: int, with_events: bool = False) -> LogView:
    log = (await session.execute(select(WorkLog).options(*_LOADS).where(WorkLog.id == log_id))).scalar_one()
    events: list[Event] = []
    if with_events:
        rows = await session.execute(
            select(WorkLogEvent.at, WorkLogEvent.action, Person.name, WorkLogEvent.note)
            .outerjoin(Person, Person.id == WorkLogEvent.person_id)
            .where(WorkLogEvent.log_id == log_id)
            .order_by(WorkLogEvent.id)
        )
        events = [Event(r.at, r.action, r.name, r.note) for r in rows]
    return _to_view(log, events, (await _problems_of(session, [log_id])).get(log_id, ()))


async def get_log(db: Database, log_id: int) -> LogView | None:
    async with db.session() as s:
        if await s.get(WorkLog, log_id) is None:
            return None
        return await _view(s, log_id, with_events=True)


async def signer(db: Database, person_id: int) -> Signer:
    async with db.session() as s:
        return await _signer(s, person_id)


async def _signer(session: AsyncSession, person_id: int) -> Signer:
    secretary_of = await session.execute(
        select(PersonRole.community_id).where(
            PersonRole.person_id == person_id, PersonRole.role == Role.SECRETARY.value
        )
    )
    delegate_of = await session.execute(
        select(SignDelegate.community_id).where(SignDelegate.person_id == person_id)
    )
    return Signer(
        person_id,
        frozenset(c for c in secretary_of.scalars() if c is not None),
        frozenset(delegate_of.scalars()),
    )


async def can_view(db: Database, person_id: int, log: LogView) -> bool:
    """The author, and whoever may sign the log's community."""
    return log.person_id == person_id or (await signer(db, person_id)).may_sign(log.community_id)


@dataclass(frozen=True)
class Page:
    items: list[LogView]
    total: int


async def pending(db: Database, person_id: int, offset: int = 0, limit: int = 5) -> Page:
    """Logs waiting for this person's signature, oldest first."""
    async with db.session() as s:
        who = await _signer(s, person_id)
        if not who.communities:
            return Page([], 0)
        where = (WorkLog.community_id.in_(who.communities), WorkLog.status == Status.SUBMITTED.value)
        total = (await s.execute(select(func.count(WorkLog.id)).where(*where))).scalar_one()
        logs = (
            await s.execute(
                select(WorkLog)
                .options(*_LOADS)
                .where(*where)
                .order_by(WorkLog.submitted_at, WorkLog.id)
                .offset(offset)
                .limit(limit)
            )
        ).scalars()
        return Page(await _views(s, list(logs)), total)


@dataclass(frozen=True)
class LogFilter:
    month: date
    person_id: int | None = None
    community_ids: frozenset[int] | None = None
    grid_id: int | None = None
    status: Status | None = None


async def list_logs(db: Database, wanted: LogFilter, limit: int = 200) -> Page:
    where = [WorkLog.work_date >= wanted.month, WorkLog.work_date < rules.next_month(wanted.month)]
    if wanted.person_id is not None:
        where.append(WorkLog.person_id == wanted.person_id)
    if wanted.community_ids is not None:
        where.append(WorkLog.community_id.in_(wanted.community_ids))
    if wanted.grid_id is not None:
        where.append(WorkLog.grid_id == wanted.grid_id)
    if wanted.status is not None:
        where.append(WorkLog.status == wanted.status.value)
    async with db.session() as s:
        total = (await s.execute(select(func.count(WorkLog.id)).where(*where))).scalar_one()
        logs = (
            await s.execute(
                select(WorkLog)
                .options(*_LOADS)
                .where(*where)
                .order_by(WorkLog.work_date, WorkLog.id)
                .limit(limit)
            )
        ).scalars()
        return Page(await _views(s, list(logs)), total)


async def community_people(db: Database, community_ids: frozenset[int]) -> list[tuple[int, str]]:
    """People who logged in these communities, for the secretary's filter."""
    async with db.session() as s:
        rows = await s.execute(
            select(Person.id, Person.name)
            .join(WorkLog, WorkLog.person_id == Person.id)
            .where(WorkLog.community_id.in_(community_ids))
            .distinct()
            .order_by(Person.name)
        )
        return [(r.id, r.name) for r in rows]


async def community_grids(db: Database, community_ids: frozenset[int]) -> list[tuple[int, str]]:
    async with db.session() as s:
        rows = await s.execute(
            select(Grid.id, Grid.name, Community.name.label("community"))
            .join(Community, Community.id == Grid.community_id)
            .where(Grid.community_id.in_(community_ids))
            .order_by(Community.name, Grid.name)
        )
        many = len(community_ids) > 1
        ordered = sorted(
            rows, key=lambda r: (natural_key(r.community), natural_key(r.name))
        )  # 第二 before 第十
        return [(r.id, f"{r.community} {r.name}" if many else r.name) for r in ordered]


# --- signing ----------------------------------------------------------------------------------------------------


class Decision(StrEnum):
    APPROVE = "approve"
    RETURN = "return"


class SignOutcome(StrEnum):
    APPROVED = "approved"
    RETURNED = "returned"
    NOT_FOUND = "not-found"
    NOT_ALLOWED = "not-allowed"
    ALREADY_SIGNED = "already-signed"  # approved (final) or excluded
    ALREADY_RETURNED = "already-returned"
    OUTDATED = "outdated"  # the log was edited and resubmitted since this button was sent
    NEED_REASON = "need-reason"
    TOO_LONG = "too-long"


@dataclass(frozen=True)
class SignResult:
    outcome: SignOutcome
    log: LogView | None = None


async def check_sign(db: Database, person_id: int, log_id: int, version: int | None) -> SignResult:
    """Whether this person may sign this log now (the buttons check it before asking for an opinion)."""
    async with db.session() as s:
        return await _check_sign(s, person_id, log_id, version)


async def _check_sign(session: AsyncSession, person_id: int, log_id: int, version: int | None) -> SignResult:
    log = await session.get(WorkLog, log_id)
    if log is None:
        return SignResult(SignOutcome.NOT_FOUND)
    view = await _view(session, log_id)
    if not (await _signer(session, person_id)).may_sign(log.community_id):
        return SignResult(SignOutcome.NOT_ALLOWED, view)
    if log.status in (Status.APPROVED, Status.EXCLUDED):
        return SignResult(SignOutcome.ALREADY_SIGNED, view)
    if log.status == Status.RETURNED:
        return SignResult(SignOutcome.ALREADY_RETURNED, view)
    if version is not None and version != log.version:
        return SignResult(SignOutcome.OUTDATED, view)
    return SignResult(SignOutcome.APPROVED, view)  # i.e. "may sign"


async def sign(
    db: Database,
    person_id: int,
    log_id: int,
    version: int | None,
    decision: Decision,
    note: str | None,
    *,
    now: datetime,
    default_locale: str,
) -> SignResult:
    """Approve (optional opinion) or return (reason required); final once approved; the author is told."""
    note = (note or "").strip() or None
    if decision is Decision.RETURN and not note:
        return SignResult(SignOutcome.NEED_REASON)
    if note and len(note) > rules.NOTE_MAX:
        return SignResult(SignOutcome.TOO_LONG)
    async with db.session() as s:
        log = await s.get(WorkLog, log_id, with_for_update=True)  # two signers pressing at once: one wins
        checked = await _check_sign(s, person_id, log_id, version)
        if checked.outcome is not SignOutcome.APPROVED or log is None:
            return checked
        if decision is Decision.APPROVE:
            log.status = Status.APPROVED.value
            log.opinion = note
            log.signed_by = person_id
            log.signed_at = now
            outcome, msg = SignOutcome.APPROVED, "wl-told-approved"
        else:
            log.status = Status.RETURNED.value
            outcome, msg = SignOutcome.RETURNED, "wl-told-returned"
        s.add(WorkLogEvent(log_id=log.id, at=now, person_id=person_id, action=outcome.value, note=note))
        await s.flush()
        s.expire(log)
        view = await _view(s, log_id, with_events=True)
        await _tell_author(s, view, msg, now, default_locale)
    return SignResult(outcome, view)


async def _tell_author(
    session: AsyncSession, view: LogView, msg_id: str, now: datetime, default_locale: str
) -> None:
    from services.worklog_text import author_buttons, log_card

    await send(
        session,
        {view.person_id},
        key=f"worklog:{view.id}:v{view.version}:{view.status.value}",
        now=now,
        default_locale=default_locale,
        render=lambda _, locale: (log_card(locale, view, heading=msg_id), author_buttons(locale, view)),
    )


async def approve_all(
    db: Database, person_id: int, log_ids: Sequence[int], *, now: datetime, default_locale: str
) -> tuple[int, int]:
    """Approve the logs shown on the page (opinion left empty); returns (approved, skipped)."""
    approved = skipped = 0
    for log_id in log_ids:
        result = await sign(
            db, person_id, log_id, None, Decision.APPROVE, None, now=now, default_locale=default_locale
        )
        if result.outcome is SignOutcome.APPROVED:
            approved += 1
        else:
            skipped += 1
    return approved, skipped


async def set_delegate(
    db: Database, phone: str, community: str, *, now: datetime, remove: bool = False
) -> str:
    """Administrator (CLI): let someone sign a community's logs in place of its secretary, or stop that.
    Returns what happened: delegated, removed, no-person, no-community."""
    normalized = normalize_phone(phone)
    async with db.session() as s:
        person = (
            (await s.execute(select(Person).where(Person.phone == normalized))).scalar()
            if normalized
            else None
        )
        if person is None:
            return "no-person"
        found = (await s.execute(select(Community).where(Community.name == community))).scalar()
        if found is None:
            return "no-community"
        row = await s.get(SignDelegate, (found.id, person.id))
        if remove:
            if row is not None:
                await s.delete(row)
            return "removed"
        if row is None:
            s.add(SignDelegate(community_id=found.id, person_id=person.id, created_at=now))
        return "delegated"


# --- the monthly submission -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MonthState:
    community_id: int
    community: str
    month: date
    total: int
    approved: int
    unsigned: list[LogView]  # the first of those submitted or returned: signed or left out with a reason
    unsigned_count: int
    excluded: int
    submission: LogMonth | None
    deadline: date
    over: bool  # the month has ended


async def month_state(
    db: Database, community_id: int, month: date, today: date, deadline_day: int, shown: int = 20
) -> MonthState:
    """Counts by status (one grouped query, whatever the month's size) and the first `shown` unsigned logs."""
    calendar = await cached_work_calendar(db)
    async with db.session() as s:
        community = await s.get(Community, community_id)
        assert community is not None
        counts = dict(
            (
                await s.execute(
                    select(WorkLog.status, func.count(WorkLog.id))
                    .where(*_in_month(community_id, month))
                    .group_by(WorkLog.status)
                )
            ).all()
        )
        unsigned_where = WorkLog.status.in_([Status.SUBMITTED.value, Status.RETURNED.value])
        logs = (
            await s.execute(
                select(WorkLog)
                .options(*_LOADS)
                .where(*_in_month(community_id, month), unsigned_where)
                .order_by(WorkLog.work_date, WorkLog.id)
                .limit(shown)
            )
        ).scalars()
        unsigned = await _views(s, list(logs))
        submission = (
            await s.execute(
                select(LogMonth).where(LogMonth.community_id == community_id, LogMonth.month == month)
            )
        ).scalar()
    return MonthState(
        community_id=community_id,
        community=community.name,
        month=month,
        total=sum(counts.values()),
        approved=counts.get(Status.APPROVED.value, 0),
        unsigned=unsigned,
        unsigned_count=counts.get(Status.SUBMITTED.value, 0) + counts.get(Status.RETURNED.value, 0),
        excluded=counts.get(Status.EXCLUDED.value, 0),
        submission=submission,
        deadline=rules.submission_deadline(month, deadline_day, calendar),
        over=rules.can_submit_month(month, today),
    )


def _in_month(community_id: int, month: date) -> tuple[Any, ...]:
    return (
        WorkLog.community_id == community_id,
        WorkLog.work_date >= month,
        WorkLog.work_date < rules.next_month(month),
    )


def month_log_select(*where: Any, plain: bool = False) -> Select[Any]:
    """The month's logs as plain columns, filtered by `where`, in date order.

    `plain`: dates, times and the categories come as the database gives them, without SQLAlchemy's converters
    (on SQLite they parse text with regular expressions: 3 of the 5 s of 100,000 rows); the callers parse
    them with the standard library's C parsers instead. The categories are cast to text: asyncpg would decode each
    row's JSON, where the caller translates each distinct text once."""
    signer_person = aliased(Person)

    def raw(column: Any) -> Any:
        return type_coerce(column, String) if plain else column

    photo_count = (
        select(func.count(WorkLogPhoto.id)).where(WorkLogPhoto.log_id == WorkLog.id).scalar_subquery()
    )
    return (
        select(
            WorkLog.id,
            WorkLog.version,
            WorkLog.person_id,
            Person.name,
            WorkLog.deployment,
            WorkLog.community_id,
            Community.name,
            WorkLog.grid_id,
            Grid.name,
            raw(WorkLog.work_date),
            cast(WorkLog.categories, String) if plain else WorkLog.categories,
            WorkLog.households,
            WorkLog.addresses,
            WorkLog.content,
            WorkLog.status,
            WorkLog.opinion,
            signer_person.name,
            raw(WorkLog.signed_at),
            WorkLog.excluded_reason,
            raw(WorkLog.submitted_at),
            photo_count,
        )
        .join(Person, Person.id == WorkLog.person_id)
        .join(Community, Community.id == WorkLog.community_id)
        .join(Grid, Grid.id == WorkLog.grid_id)
        .outerjoin(signer_person, signer_person.id == WorkLog.signed_by)
        .where(*where)
        .order_by(WorkLog.work_date, WorkLog.id)
    )


async def linked_problems(session: AsyncSession, *where: Any) -> dict[int, list[tuple[int, str]]]:
    """Problems reported from the logs matching `where`, by log: selected by the month, not by a list of ids."""
    problems: dict[int, list[tuple[int, str]]] = {}
    linked = await session.execute(
        select(Problem.log_id, Problem.id, Problem.description)
        .join(WorkLog, WorkLog.id == Problem.log_id)
        .where(*where)
        .order_by(Problem.id)
    )
    for log_id, problem_id, description in linked:
        assert log_id is not None  # joined to its log
        problems.setdefault(log_id, []).append((problem_id, description))
    return problems


_STATUSES = {status.value: status for status in Status}


def stored_day(value: Any) -> date:
    return date.fromisoformat(value) if isinstance(value, str) else value


def stored_utc(value: Any) -> datetime | None:
    """A stored UTC time: SQLite's text (naive, UTC) when selected `plain`, else the datetime."""
    if isinstance(value, str):
        return datetime.fromisoformat(value).replace(tzinfo=UTC)
    return value


class MonthOutcome(StrEnum):
    SUBMITTED = "submitted"
    EXCLUDED = "excluded"
    REOPENED = "reopened"
    NOT_ALLOWED = "not-allowed"
    NOT_OVER = "not-over"
    UNSIGNED_LEFT = "unsigned-left"
    ALREADY_SUBMITTED = "already-submitted"
    NOT_SUBMITTED = "not-submitted"
    NEED_REASON = "need-reason"
    TOO_LONG = "too-long"
    CHANGED = "changed"  # the month kept changing while its workbook was being written: submit again


@dataclass(frozen=True)
class MonthResult:
    outcome: MonthOutcome
    submission_id: int | None = None
    count: int = 0
    late: bool = False
    path: str | None = None


async def _month_refusal(
    session: AsyncSession, person_id: int, community_id: int, reason: str | None
) -> MonthOutcome | None:
    """Why a month action that needs a reason cannot go ahead: no reason, too long, or not this community's signer."""
    if not (reason or "").strip():
        return MonthOutcome.NEED_REASON
    if len(reason.strip()) > rules.NOTE_MAX:  # type: ignore[union-attr]
        return MonthOutcome.TOO_LONG
    if not (await _signer(session, person_id)).may_sign(community_id):
        return MonthOutcome.NOT_ALLOWED
    return None


async def exclude_unsigned(
    db: Database, person_id: int, community_id: int, month: date, reason: str | None, *, now: datetime
) -> MonthResult:
    """Leave the month's unsigned logs out of the submission, with a reason kept on each."""
    async with db.session() as s:
        if refusal := await _month_refusal(s, person_id, community_id, reason):
            return MonthResult(refusal)
        logs = (
            await s.execute(
                select(WorkLog).where(
                    *_in_month(community_id, month),
                    WorkLog.status.in_([Status.SUBMITTED.value, Status.RETURNED.value]),
                )
            )
        ).scalars()
        count = 0
        for log in logs:
            log.status = Status.EXCLUDED.value
            log.excluded_reason = reason.strip()  # type: ignore[union-attr]
            s.add(
                WorkLogEvent(
                    log_id=log.id, at=now, person_id=person_id, action="excluded", note=log.excluded_reason
                )
            )
            count += 1
    return MonthResult(MonthOutcome.EXCLUDED, count=count)


_SUBMIT_ATTEMPTS = 3  # phase 1 is redone when the month changed under it, but not forever


@dataclass(frozen=True)
class _MonthRead:
    """What phase 1 of `submit_month` read: the workbook's rows and what phase 2 checks is still the same."""

    rows: list[Any]  # of month_log_select(plain=True): a LogView each would cost a second for 100,000 logs
    problems: dict[int, list[tuple[int, str]]]  # linked to the logs, by log id
    excluded: int
    community: str
    submitter: str
    logs: frozenset[tuple[int, int, str]]  # (id, version, status) of every log of the month, left out or not


async def _locked_month(s: AsyncSession, community_id: int, month: date) -> LogMonth | None:
    """The community's record of the month, locked until the transaction ends (None: never submitted)."""
    return (
        await s.execute(
            select(LogMonth)
            .where(LogMonth.community_id == community_id, LogMonth.month == month)
            .with_for_update()
        )
    ).scalar()


async def submit_month(
    db: Database,
    person_id: int,
    community_id: int,
    month: date,
    *,
    now: datetime,
    tz: ZoneInfo,
    deadline_day: int,
    media_dir: Path,
    default_locale: str,
) -> MonthResult:
    """Lock the month, write the 纪实表 workbook, store it and send it to the 党群工作部 staff (through the outbox).

    A month is up to ~20,000 logs, and its workbook takes a second or more to write: it is written in a thread (the
    event loop keeps answering everyone) and while no write transaction is open (on SQLite the write lock would make
    every other user's writes wait). Two phases:

    1. In a read session (`Database.read_session`: a snapshot, no write lock), the checks and the month's logs; the
       session is closed, then the workbook is written in a thread under a temporary name (`….xlsx.part`).
    2. In the write transaction, the LogMonth row locked (`with_for_update`), everything is checked again: still this
       community's signer, the month still not submitted, and the month's logs unchanged — the same (id, version,
       status) for every log of the month, the left-out ones included (a log's version goes up on every
       resubmission and an approved log is final, so any change that would change the workbook or its counts shows
       there), and the same community and submitter names. Only then is the workbook renamed to its final name
       (which holds the submission's id) and the submission, the history rows and the outbox rows recorded; they
       are committed before the caller tells anyone.

    If something changed meanwhile, the temporary workbook is removed and the outcome is what the change makes it:
    ALREADY_SUBMITTED (someone else submitted the month), NOT_ALLOWED, or UNSIGNED_LEFT (a log was added or
    returned); any other change (say a log added and left out at once) redoes phase 1, at most `_SUBMIT_ATTEMPTS`
    times in all, after which the outcome is CHANGED (submit again). The rename happens inside the transaction,
    before the commit: a crash or a failed commit leaves at most an orphan workbook, never a submission without its
    workbook (a failed commit removes the renamed file too).
    """
    from reports.naming import month_label, workbook_name
    from reports.worklog import write_month_workbook  # openpyxl is only imported when a workbook is made

    today = now.astimezone(tz).date()
    late = rules.is_late(month, today, deadline_day, await cached_work_calendar(db))
    folder = media_dir / "worklog-months"
    for _ in range(_SUBMIT_ATTEMPTS):
        read = await _read_month(db, person_id, community_id, month, today)
        if isinstance(read, MonthResult):
            return read
        staged = (
            folder / f"纪实表-{read.community}-{month:%Y-%m}-{now:%Y%m%d%H%M%S}-{uuid4().hex[:12]}.xlsx.part"
        )
        try:
            summary = await asyncio.to_thread(
                _write_staged,
                write_month_workbook,
                staged,
                community=read.community,
                month=month,
                rows=read.rows,
                problems=read.problems,
                submitted_by=read.submitter,
                submitted_at=now.astimezone(tz),
                late=late,
                excluded=read.excluded,
                locale=default_locale,
            )
            shown = workbook_name(
                default_locale, "worklog", read.community, month_label(default_locale, month)
            )
            result = await _record_submission(
                db, read, staged, summary, person_id, community_id, month, now=now, late=late, filename=shown
            )
        finally:
            _remove(staged)  # renamed away when the submission was recorded; otherwise no longer wanted
        if result is not None:
            return result
    return MonthResult(MonthOutcome.CHANGED)


async def _read_month(
    db: Database, person_id: int, community_id: int, month: date, today: date
) -> _MonthRead | MonthResult:
    """Phase 1 of `submit_month`: the checks and the month's logs, in a read session."""
    async with db.read_session() as s:
        if not (await _signer(s, person_id)).may_sign(community_id):
            return MonthResult(MonthOutcome.NOT_ALLOWED)
        if not rules.can_submit_month(month, today):
            return MonthResult(MonthOutcome.NOT_OVER)
        submission = (
            await s.execute(
                select(LogMonth).where(LogMonth.community_id == community_id, LogMonth.month == month)
            )
        ).scalar()
        if submission is not None and submission.status == "submitted":
            return MonthResult(MonthOutcome.ALREADY_SUBMITTED, submission.id)
        rows = (  # Core rows: the ORM's row loading costs more than the query for 100,000 logs
            await (await s.connection()).execute(
                month_log_select(
                    *_in_month(community_id, month), WorkLog.status != Status.EXCLUDED.value, plain=True
                )
            )
        ).all()
        if any(r[14] != Status.APPROVED.value for r in rows):
            return MonthResult(MonthOutcome.UNSIGNED_LEFT)
        problems = await linked_problems(s, *_in_month(community_id, month))
        # The left-out logs as a separate statement (on PostgreSQL another snapshot than the views'): the
        # fingerprint joins the views' own (id, version, status) with these, so phase 2 compares it with exactly
        # what the workbook holds and counts.
        excluded = (
            await s.execute(
                select(WorkLog.id, WorkLog.version, WorkLog.status).where(
                    *_in_month(community_id, month), WorkLog.status == Status.EXCLUDED.value
                )
            )
        ).all()
        community = await s.get(Community, community_id)
        submitter = await s.get(Person, person_id)
        assert community is not None and submitter is not None
        return _MonthRead(
            rows=rows,
            problems=problems,
            excluded=len(excluded),
            community=community.name,
            submitter=submitter.name,
            logs=frozenset((r[0], r[1], r[14]) for r in rows)
            | frozenset((r.id, r.version, r.status) for r in excluded),
        )


def _write_staged(write: Any, staged: Path, **workbook: Any) -> str:
    """In a thread: the workbook under its temporary name; returns the summary."""
    staged.parent.mkdir(parents=True, exist_ok=True)
    try:
        return write(staged, **workbook)
    except BaseException:
        _remove(staged)
        raise


def _remove(path: Path) -> None:
    path.unlink(missing_ok=True)


def _rename(staged: Path, path: Path) -> None:
    staged.replace(path)


async def _record_submission(
    db: Database,
    read: _MonthRead,
    staged: Path,
    summary: str,
    person_id: int,
    community_id: int,
    month: date,
    *,
    now: datetime,
    late: bool,
    filename: str | None = None,
) -> MonthResult | None:
    """Phase 2 of `submit_month`: check again under the lock, then record; None when phase 1 must be redone.
    `filename`: the name the recipients see (纪实表-幸福社区-2026年11月.xlsx), the stored file's own by default."""
    path: Path | None = None
    try:
        async with db.session() as s:
            if not (await _signer(s, person_id)).may_sign(community_id):
                return MonthResult(MonthOutcome.NOT_ALLOWED)
            submission = await _locked_month(s, community_id, month)
            if submission is not None and submission.status == "submitted":
                return MonthResult(MonthOutcome.ALREADY_SUBMITTED, submission.id)
            logs = frozenset(  # (id, version, status) tuples, as in phase 1
                map(
                    tuple,
                    await (await s.connection()).execute(
                        select(WorkLog.id, WorkLog.version, WorkLog.status).where(
                            *_in_month(community_id, month)
                        )
                    ),
                )
            )
            community = await s.get(Community, community_id)
            submitter = await s.get(Person, person_id)
            assert community is not None and submitter is not None
            if logs != read.logs or (community.name, submitter.name) != (read.community, read.submitter):
                unsigned = {Status.SUBMITTED.value, Status.RETURNED.value}
                if any(status in unsigned for _, _, status in logs):
                    return MonthResult(MonthOutcome.UNSIGNED_LEFT)
                return None
            count = len(read.rows)
            if submission is None:
                submission = LogMonth(community_id=community_id, month=month)
                s.add(submission)
            submission.status = "submitted"
            submission.submitted_by = person_id
            submission.submitted_at = now
            submission.late = late
            submission.log_count = count
            submission.excluded_count = read.excluded
            await s.flush()
            path = staged.with_name(
                f"纪实表-{read.community}-{month:%Y-%m}-{submission.id}-{now:%Y%m%d%H%M%S}.xlsx"
            )
            _rename(staged, path)  # a rename in one folder: no copying, it does not hold the transaction
            submission.workbook_path = str(path)
            submission.summary = summary
            if count:
                # The month's history rows in one INSERT … SELECT: 100,000 rows never pass through Python.
                # The workbook's logs are the month's approved ones (checked above; an approved log is final), in
                # its order; a count that differs means the month changed since the check (PostgreSQL: another
                # transaction committed meanwhile) and phase 1 is redone.
                added = await s.execute(
                    insert(WorkLogEvent)
                    .from_select(
                        ["log_id", "at", "person_id", "action"],
                        select(
                            WorkLog.id,
                            literal(now, WorkLogEvent.at.type),
                            literal(person_id),
                            literal("month-submitted"),
                        )
                        .where(*_in_month(community_id, month), WorkLog.status == Status.APPROVED.value)
                        .order_by(WorkLog.work_date, WorkLog.id),
                    )
                    .execution_options(synchronize_session=False)
                )
                if added.rowcount != count:  # type: ignore[attr-defined]
                    raise _MonthChanged
            # 党群工作部 gets the workbook; the secretary who submitted it gets the same copy for their records.
            recipients = await reachable(s, await _party_mass_staff(s) | {person_id})
            caption = escape(summary)
            if len(caption) > CAPTION_MAX:
                caption = caption[: CAPTION_MAX - 1] + "…"
            for _, chat_id, _ in recipients:
                await enqueue(
                    s,
                    key=f"worklog-month:{submission.id}:{now.isoformat()}:{chat_id}",
                    chat_id=chat_id,
                    payload={
                        "document_path": str(path),
                        "filename": filename or path.name,
                        "caption": caption,
                    },
                    now=now,
                    method="sendDocument",
                )
    except _MonthChanged:  # rolled back
        if path is not None:
            _remove(path)
        return None
    except BaseException:
        if path is not None:  # renamed, but the submission was not committed: no workbook without it
            _remove(path)
        raise
    return MonthResult(MonthOutcome.SUBMITTED, submission.id, count, late, str(path))


class _MonthChanged(Exception):
    """Raised in phase 2 of `submit_month` to roll back when the month's logs changed after the check."""


async def _party_mass_staff(session: AsyncSession) -> set[int]:
    ids = (
        await session.execute(
            select(Person.id)
            .join(Department, Department.id == Person.department_id)
            .join(PersonRole, PersonRole.person_id == Person.id)
            .where(Department.name == PARTY_MASS_DEPARTMENT, PersonRole.role == Role.DEPARTMENT_STAFF.value)
        )
    ).scalars()
    return set(ids)


async def reopen_month(
    db: Database, person_id: int, community_id: int, month: date, reason: str | None, *, now: datetime
) -> MonthResult:
    """A submitted month is locked; the secretary may reopen it (recorded) to add or sign late logs."""
    async with db.session() as s:
        if refusal := await _month_refusal(s, person_id, community_id, reason):
            return MonthResult(refusal)
        submission = await _locked_month(s, community_id, month)
        if submission is None or submission.status != "submitted":
            return MonthResult(MonthOutcome.NOT_SUBMITTED)
        submission.status = "reopened"
        submission.reopened_by = person_id
        submission.reopened_at = now
        submission.reopen_reason = reason.strip()  # type: ignore[union-attr]
        return MonthResult(MonthOutcome.REOPENED, submission.id)


async def signable_communities(db: Database, person_id: int) -> list[tuple[int, str]]:
    async with db.session() as s:
        who = await _signer(s, person_id)
        if not who.communities:
            return []
        rows = await s.execute(
            select(Community.id, Community.name)
            .where(Community.id.in_(who.communities))
            .order_by(Community.name)
        )
        return [(r.id, r.name) for r in rows]
