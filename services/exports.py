"""📥 报表导出: what a person may export, asking for an export (a persisted job), and the job's life as the export
worker (bot/exports_worker.py) moves it along. The scope is checked when the job is requested, against the database,
whatever the buttons said.

A job: queued → running (claimed with a lease, renewed with every progress report) → built (the file is written) →
sent (Telegram accepted the document); or failed. A job whose lease ran out (the bot stopped while it ran) is
claimed again: built again if it was not built, only sent if it was. It is marked sent right after Telegram accepts
the document, in its own short transaction — the same tradeoff as the outbox: a crash between the two would send it
a second time, never lose it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from domain import worklog as month_rules
from domain.exports import ExportParams, ExportRight, Period, Scope, export_right
from domain.exports import specs as kinds
from domain.roles import Role
from domain.workcalendar import WorkCalendar
from storage.db import Database
from storage.models import Community, ExportJob, Person, PersonRole, Subdistrict

QUEUED, RUNNING, BUILT, SENT, FAILED = "queued", "running", "built", "sent", "failed"
UNFINISHED = (QUEUED, RUNNING, BUILT)
MONTHS_BACK = 12  # months offered (and accepted) before the current one
WEEKS_BACK = 8


@dataclass(frozen=True)
class ExportScope:
    right: ExportRight
    roles: frozenset[Role]
    subdistrict: str  # the name shown for 全街道
    communities: list[tuple[int, str]]  # those the person may pick, by name


async def export_scope(db: Database, person_id: int) -> ExportScope:
    async with db.session() as session:
        return await _scope(session, person_id)


async def _scope(session: AsyncSession, person_id: int) -> ExportScope:
    person = await session.get(Person, person_id)
    held = (
        await session.execute(
            select(PersonRole.role, PersonRole.community_id).where(PersonRole.person_id == person_id)
        )
    ).all()
    right = export_right((Role(r.role), r.community_id) for r in held)
    query = select(Community.id, Community.name).order_by(Community.name, Community.id)
    if right.whole:
        if person is not None and person.subdistrict_id is not None:
            query = query.where(Community.subdistrict_id == person.subdistrict_id)
    else:
        query = query.where(Community.id.in_(sorted(right.communities) or [0]))
    communities = [(r[0], r[1]) for r in await session.execute(query)]
    name = ""
    if person is not None and person.subdistrict_id is not None:
        name = (await session.get(Subdistrict, person.subdistrict_id)).name  # type: ignore[union-attr]
    elif communities:  # one deployment, one sub-district: its name; several: the names would not fit a title
        names = (
            await session.execute(
                select(Subdistrict.name)
                .join(Community, Community.subdistrict_id == Subdistrict.id)
                .where(Community.id.in_([c for c, _ in communities]))
                .distinct()
            )
        ).scalars()
        name = "、".join(sorted(names))
    # A leader in charge of one community of another sub-district is not offered it under the whole's name.
    allowed = right if not right.whole else ExportRight(True, frozenset(c for c, _ in communities))
    return ExportScope(allowed, frozenset(Role(r.role) for r in held), name, communities)


def offered_kinds(roles: frozenset[Role]) -> list[str]:
    return [k.id for k in kinds().values() if k.roles is None or roles & k.roles]


def months_offered(today: date) -> list[date]:
    """This month (so far) and the twelve before it, newest first."""
    month = month_rules.month_start(today)
    months = []
    for _ in range(MONTHS_BACK + 1):
        months.append(month)
        month = month_rules.previous_month(month)
    return months


def weeks_offered(today: date) -> list[date]:
    """Mondays of this week and the eight before it, newest first."""
    monday = today - timedelta(days=today.weekday())
    return [monday - timedelta(weeks=n) for n in range(WEEKS_BACK + 1)]


def quarters_offered(today: date) -> list[date]:
    """First days of this quarter and the four before it, newest first."""
    first = date(today.year, (today.month - 1) // 3 * 3 + 1, 1)
    quarters = []
    for _ in range(5):
        quarters.append(first)
        first = date(first.year - (first.month == 1), (first.month - 4) % 12 + 1, 1)
    return quarters


PERIODS_OFFERED = {Period.MONTH: months_offered, Period.WEEK: weeks_offered, Period.QUARTER: quarters_offered}


class Outcome(StrEnum):
    QUEUED = "queued"
    UNKNOWN_KIND = "unknown-kind"
    NOT_ALLOWED = "not-allowed"  # the scope (a community, or the whole sub-district) is not the person's
    BAD_PERIOD = "bad-period"
    BUSY = "busy"  # an export of theirs is still being made


@dataclass(frozen=True)
class Requested:
    outcome: Outcome
    job_id: int | None = None


async def request_export(
    db: Database,
    person_id: int,
    *,
    chat_id: int,
    locale: str,
    kind: str,
    community_id: int | None,
    period: str,
    now: datetime,
    timezone: str,
    cal: WorkCalendar,
    assessment_config: str = "",
    phase_features: dict[str, list[str]] | None = None,
) -> Requested:
    """Check everything again (the buttons may be old or forged) and queue the job. `community_id` None: 全街道."""
    from zoneinfo import ZoneInfo

    spec = kinds().get(kind)
    today = now.astimezone(ZoneInfo(timezone)).date()
    async with db.session() as session:
        scope = await _scope(session, person_id)
        if spec is None or kind not in offered_kinds(scope.roles):
            return Requested(Outcome.UNKNOWN_KIND)
        wanted = Scope.ALL if community_id is None else Scope.COMMUNITY
        if wanted not in spec.scopes or not scope.right.may_export(community_id):
            return Requested(Outcome.NOT_ALLOWED)
        if community_id is not None and community_id not in {c for c, _ in scope.communities}:
            return Requested(Outcome.NOT_ALLOWED)
        try:
            start = date.fromisoformat(period)
        except ValueError:
            return Requested(Outcome.BAD_PERIOD)
        if start not in PERIODS_OFFERED[spec.period](today):
            return Requested(Outcome.BAD_PERIOD)
        busy = await session.scalar(
            select(ExportJob.id).where(ExportJob.person_id == person_id, ExportJob.status.in_(UNFINISHED))
        )
        if busy is not None:
            return Requested(Outcome.BUSY, busy)
        names = dict(scope.communities)
        params = ExportParams(
            kind=kind,
            scope=wanted.value,
            community_ids=[community_id] if community_id is not None else sorted(names),
            scope_name=names[community_id] if community_id is not None else scope.subdistrict,
            locale=locale,
            timezone=timezone,
            month=start.isoformat() if spec.period is Period.MONTH else None,
            week=start.isoformat() if spec.period is Period.WEEK else None,
            quarter=start.isoformat() if spec.period is Period.QUARTER else None,
            working_days=[d.isoformat() for d in cal.working_days_of_week(start)]
            if spec.period is Period.WEEK
            else [],
            as_of=today.isoformat(),
            assessment_config=assessment_config,
            phase_features=dict(phase_features or {}),
        )
        job = ExportJob(
            person_id=person_id,
            chat_id=chat_id,
            locale=locale,
            kind=kind,
            params=params.to_json(),
            status=QUEUED,
            progress=0,
            attempts=0,
            created_at=now,
        )
        session.add(job)
        await session.flush()
        return Requested(Outcome.QUEUED, job.id)


@dataclass(frozen=True)
class Job:
    """A claimed job, as plain data."""

    id: int
    chat_id: int
    locale: str
    kind: str
    params: ExportParams
    status: str
    progress_message_id: int | None
    file_path: str | None
    attempts: int


async def claim_next(db: Database, now: datetime, lease: timedelta) -> Job | None:
    """The oldest job that is queued, or whose holder's lease ran out; it is leased to the caller."""
    async with db.session() as session:
        row = (
            await session.execute(
                select(ExportJob)
                .where(
                    or_(
                        ExportJob.status == QUEUED,
                        ExportJob.status.in_([RUNNING, BUILT]) & (ExportJob.lease_until <= now),
                    )
                )
                .order_by(ExportJob.id)
                .limit(1)
                .with_for_update(skip_locked=True)
            )
        ).scalar()
        if row is None:
            return None
        if row.status == QUEUED:
            row.status = RUNNING
            row.started_at = now
        row.attempts += 1
        row.lease_until = now + lease
        return Job(
            row.id,
            row.chat_id,
            row.locale,
            row.kind,
            ExportParams.from_json(row.params),
            row.status,
            row.progress_message_id,
            row.file_path,
            row.attempts,
        )


async def update_job(db: Database, job_id: int, **values: object) -> None:
    """A job once failed stays failed: one dropped meanwhile (`gridbot person unbind`) is not marked built or sent."""
    async with db.session() as session:
        await session.execute(
            update(ExportJob).where(ExportJob.id == job_id, ExportJob.status != FAILED).values(**values)
        )


async def job_status(db: Database, job_id: int) -> str | None:
    async with db.session() as session:
        return await session.scalar(select(ExportJob.status).where(ExportJob.id == job_id))
