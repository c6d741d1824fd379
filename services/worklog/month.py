"""A community's month of logs: its state, the unsigned logs left out with a reason, reopening a submitted month."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from domain import worklog as rules
from domain.worklog import Status
from services.calendar import cached_work_calendar
from services.worklog.outcomes import MonthOutcome
from services.worklog.rows import _in_month
from services.worklog.signers import _signer
from services.worklog.views import _LOADS, LogView, _views
from storage.db import Database
from storage.models import (
    Community,
    LogMonth,
    WorkLog,
    WorkLogEvent,
)


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


async def _locked_month(s: AsyncSession, community_id: int, month: date) -> LogMonth | None:
    """The community's record of the month, locked until the transaction ends (None: never submitted)."""
    return (
        await s.execute(
            select(LogMonth)
            .where(LogMonth.community_id == community_id, LogMonth.month == month)
            .with_for_update()
        )
    ).scalar()


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
