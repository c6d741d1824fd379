"""Reading logs: a log as it is shown (LogView, with its history), the signer's queue, lists and their filters."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from domain import worklog as rules
from domain.naming import natural_key
from domain.worklog import Status
from services.worklog.outcomes import SignOutcome
from services.worklog.signers import _signer, signer
from storage.db import Database
from storage.models import (
    Community,
    Grid,
    Person,
    Problem,
    WorkLog,
    WorkLogEvent,
)


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
