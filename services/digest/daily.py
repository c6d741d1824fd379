"""The daily digest's facts: the day's logs, urgent items and overdue items, for every community at once."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.workcalendar import WorkCalendar
from services.digest.dates import utc_bounds
from services.digest.facts import OPEN, DailyFacts, LogCount, OverdueItem, UrgentItem
from services.digest.readers import communities
from storage.models import Person, Problem, ProblemRegister, WorkLog


async def _log_counts(session: AsyncSession, start: date, end: date) -> dict[int, LogCount]:
    rows = await session.execute(
        select(
            WorkLog.community_id,
            func.count(WorkLog.id),
            func.count(func.distinct(WorkLog.person_id)),
            func.coalesce(func.sum(WorkLog.households), 0),
        )
        .where(WorkLog.work_date >= start, WorkLog.work_date < end, WorkLog.status != "excluded")
        .group_by(WorkLog.community_id)
    )
    return {cid: LogCount(int(n), int(people), int(households)) for cid, n, people, households in rows}


async def daily_facts(session: AsyncSession, today: date, cal: WorkCalendar, tz: ZoneInfo) -> DailyFacts:
    since = today - timedelta(days=1)
    while since > today - timedelta(days=15) and not cal.is_working_day(since):
        since -= timedelta(days=1)
    window_start, _ = utc_bounds(since, today, tz)
    names = await communities(session)
    acker = Person.__table__.alias("acker")
    urgent_rows = await session.execute(
        select(
            Problem.id,
            Problem.community_id,
            Problem.category,
            Problem.reported_at,
            Problem.urgent_acked_at,
            acker.c.name,
        )
        .outerjoin(acker, acker.c.id == Problem.urgent_acked_by)
        .where(
            Problem.urgent.is_(True),
            (Problem.reported_at >= window_start)
            | (Problem.urgent_acked_at.is_(None) & Problem.status.in_(OPEN)),
        )
        .order_by(Problem.reported_at)
    )
    urgent = [
        UrgentItem(pid, cid, cat, at, acked_at is not None, who)
        for pid, cid, cat, at, acked_at, who in urgent_rows
    ]
    owner = Person.__table__.alias("owner")
    leader = Person.__table__.alias("leader")
    overdue_rows = await session.execute(
        select(
            Problem.id,
            Problem.community_id,
            Problem.category,
            Problem.status,
            Problem.due_date,
            Problem.owner_id,
            owner.c.name,
            leader.c.name,
        )
        .outerjoin(owner, owner.c.id == Problem.owner_id)
        .outerjoin(leader, leader.c.id == Problem.leader_id)
        .where(Problem.status.in_(OPEN), Problem.due_date < today)
        .order_by(Problem.due_date, Problem.id)
    )
    overdue = [OverdueItem(*row) for row in overdue_rows]
    unsigned = await session.execute(
        select(WorkLog.community_id, func.count(WorkLog.id))
        .where(WorkLog.status == "submitted")
        .group_by(WorkLog.community_id)
    )
    registers = await session.execute(
        select(ProblemRegister.community_id, ProblemRegister.year, ProblemRegister.month)
        .where(ProblemRegister.signed_at.is_(None))
        .order_by(ProblemRegister.year, ProblemRegister.month, ProblemRegister.community_id)
    )
    opened_rows = await session.execute(
        select(
            Problem.community_id,
            Problem.source,
            func.count(Problem.id),
            func.sum(case((Problem.urgent.is_(True), 1), else_=0)),
        )
        .where(Problem.reported_at >= window_start, Problem.reported_at < utc_bounds(today, today, tz)[0])
        .group_by(Problem.community_id, Problem.source)
    )
    opened: Counter = Counter()
    opened_urgent: Counter = Counter()
    sources: dict[int, Counter] = defaultdict(Counter)
    for cid, source, n, urgent_count in opened_rows:
        opened[cid] += int(n)
        opened_urgent[cid] += int(urgent_count or 0)
        sources[cid][source] += int(n)
    return DailyFacts(
        opened={cid: (n, opened_urgent[cid]) for cid, n in opened.items()},
        sources=dict(sources),
        day=today,
        since=since,
        names=names,
        logs=await _log_counts(session, since, today),
        urgent=urgent,
        overdue=overdue,
        unsigned_logs={cid: int(n) for cid, n in unsigned},
        unsigned_registers=[tuple(r) for r in registers],  # type: ignore[misc]
    )
