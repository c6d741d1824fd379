"""The weekly and monthly digests' facts: a period's logs, tasks, the three rates, attendance, the month's
submissions and the burden of meetings and sheets, for every community at once.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import and_, case, func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from domain.attendance import required_days
from domain.problems import Status
from domain.roles import Role
from domain.workcalendar import WorkCalendar
from services.attendance import weekly_tally
from services.burden import burden_by_department, burden_counts
from services.digest.daily import _log_counts
from services.digest.dates import _utc, previous_month, previous_week, utc_bounds
from services.digest.facts import (
    DONE,
    OPEN,
    RESPONSE_MOVES,
    Attendance,
    MonthlyFacts,
    PeriodFacts,
    Rates,
    Submission,
)
from services.digest.readers import communities
from services.phases import phases_on
from storage.models import LogMonth, Person, PersonRole, Problem, ProblemEvent, ProblemRegister


async def period_facts(
    session: AsyncSession, start: date, end: date, today: date, tz: ZoneInfo, response_hours: float
) -> PeriodFacts:
    """Logs, tasks and problems of [start, end) per community, in the local days of `tz`; overdue: the items due
    in the period and still open (`today` after it)."""
    begin, finish = utc_bounds(start, end, tz)
    tasks = await _task_counts(session, start, end)
    first_response = (
        select(ProblemEvent.problem_id, func.min(ProblemEvent.at).label("at"))
        .join(Problem, Problem.id == ProblemEvent.problem_id)
        .where(
            ProblemEvent.move.in_(RESPONSE_MOVES),
            ProblemEvent.actor_id.is_(None) | (ProblemEvent.actor_id != Problem.reporter_id),
        )
        .group_by(ProblemEvent.problem_id)
        .subquery()
    )
    problems = await session.execute(
        select(
            Problem.community_id,
            Problem.reported_at,
            Problem.status,
            first_response.c.at,
            Problem.urgent,
            Problem.source,
        )
        .outerjoin(first_response, first_response.c.problem_id == Problem.id)
        .where(Problem.reported_at >= begin, Problem.reported_at < finish)
    )
    opened: Counter = Counter()
    urgent: Counter = Counter()
    responded: Counter = Counter()
    done: Counter = Counter()
    closed: Counter = Counter()
    sources: dict[int, Counter] = defaultdict(Counter)
    limit = timedelta(hours=response_hours)
    for cid, reported_at, status, response_at, is_urgent, source in problems:
        opened[cid] += 1
        sources[cid][source] += 1
        urgent[cid] += bool(is_urgent)
        if response_at is not None and _utc(response_at) - _utc(reported_at) <= limit:
            responded[cid] += 1
        if status in DONE:
            done[cid] += 1
        if status == Status.CLOSED.value:
            closed[cid] += 1
    verdict_rows = await session.execute(
        select(
            Problem.community_id,
            func.count(ProblemEvent.id),
            func.sum(case((ProblemEvent.move == "confirm", 1), else_=0)),
        )
        .join(Problem, Problem.id == ProblemEvent.problem_id)
        .where(
            ProblemEvent.move.in_(("confirm", "not_fixed")),
            ProblemEvent.at >= begin,
            ProblemEvent.at < finish,
        )
        .group_by(Problem.community_id)
    )
    verdicts = {cid: (int(n), int(yes or 0)) for cid, n, yes in verdict_rows}
    resolved_rows = await session.execute(
        select(Problem.community_id, func.count(func.distinct(ProblemEvent.problem_id)))
        .join(Problem, Problem.id == ProblemEvent.problem_id)
        .where(ProblemEvent.move == "resolve", ProblemEvent.at >= begin, ProblemEvent.at < finish)
        .group_by(Problem.community_id)
    )
    overdue_rows = await session.execute(
        select(Problem.community_id, func.count(Problem.id))
        .where(
            Problem.status.in_(OPEN),
            Problem.due_date >= start,
            Problem.due_date < min(end, today),
        )
        .group_by(Problem.community_id)
    )
    rates = {
        cid: Rates(
            opened[cid],
            responded[cid],
            done[cid],
            verdicts.get(cid, (0, 0))[1],
            verdicts.get(cid, (0, 0))[0],
            closed[cid],
        )
        for cid in set(opened) | set(verdicts)
    }
    return PeriodFacts(
        start=start,
        end=end,
        names=await communities(session),
        logs=await _log_counts(session, start, end),
        tasks=tasks,
        opened=dict(opened),
        urgent={cid: n for cid, n in urgent.items() if n},
        sources=dict(sources),
        resolved={cid: int(n) for cid, n in resolved_rows},
        overdue={cid: int(n) for cid, n in overdue_rows},
        rates=rates,
    )


# Logs per community and key task, counted by the database from each log's JSON list of tasks: a district month is
# 100,000 logs, which took 1.5 s to load and count in Python.
_TASKS_SQL = {
    "sqlite": "SELECT w.community_id, t.value, count(*) FROM work_logs AS w, json_each(w.categories) AS t "
    "WHERE w.work_date >= :start AND w.work_date < :end AND w.status != 'excluded' GROUP BY 1, 2",
    "postgresql": "SELECT w.community_id, t.value, count(*) FROM work_logs AS w, "
    "json_array_elements_text(w.categories) AS t(value) "
    "WHERE w.work_date >= :start AND w.work_date < :end AND w.status != 'excluded' GROUP BY 1, 2",
}


async def _task_counts(session: AsyncSession, start: date, end: date) -> dict[int, Counter]:
    tasks: dict[int, Counter] = defaultdict(Counter)
    query = text(_TASKS_SQL[session.get_bind().dialect.name])
    for cid, task, count in await session.execute(query, {"start": start, "end": end}):
        tasks[cid][task] += int(count)
    return dict(tasks)


async def weekly_facts(
    session: AsyncSession, today: date, cal: WorkCalendar, tz: ZoneInfo, response_hours: float
) -> PeriodFacts:
    start, end = previous_week(today)
    facts = await period_facts(session, start, end, today, tz, response_hours)
    working = cal.working_days_between(start, end - timedelta(days=1))
    need = required_days(len(working))
    tally: dict[int, list] = defaultdict(list)
    for cadre in await weekly_tally(session, working):
        tally[cadre.community_id].append(cadre)
    facts.attendance = {
        cid: Attendance(
            cadres=len(cadres),
            compliant=sum(1 for c in cadres if c.done >= need),
            days=sum(c.done for c in cadres),
            shortfall_names=tuple(c.name for c in cadres if c.done < need),
        )
        for cid, cadres in tally.items()
    }
    facts.working_days = len(working)
    await _burden(session, facts, start, end - timedelta(days=1), today)  # the week's, as everything else
    return facts


async def _burden(session: AsyncSession, facts: PeriodFacts, start: date, last: date, today: date) -> None:
    facts.burden_start, facts.burden_end = start, last
    facts.burden = await burden_counts(session, start=start, end=last, community_ids=None, today=today)
    facts.departments = await burden_by_department(session, start=start, end=last)


async def monthly_facts(
    session: AsyncSession, today: date, tz: ZoneInfo, response_hours: float, quota: int = 0
) -> MonthlyFacts:
    start, end = previous_month(today)
    period = await period_facts(session, start, end, today, tz, response_hours)
    await _burden(session, period, start, end - timedelta(days=1), today)
    months = await session.execute(
        select(LogMonth.community_id, LogMonth.status, LogMonth.late).where(LogMonth.month == start)
    )
    logs = {
        cid: "reopened" if status == "reopened" else "late" if late else "submitted"
        for cid, status, late in months
    }
    registers = await session.execute(
        select(ProblemRegister.community_id, ProblemRegister.signed_at).where(
            and_(ProblemRegister.year == start.year, ProblemRegister.month == start.month)
        )
    )
    register = {cid: "signed" if signed else "submitted" for cid, signed in registers}
    submissions = {cid: Submission(logs.get(cid, "none"), register.get(cid, "none")) for cid in period.names}
    phases = {
        cid: phase.value for cid, (phase, _) in (await phases_on(session, end - timedelta(days=1))).items()
    }
    facts = MonthlyFacts(period, submissions, phases)
    if quota > 0:
        facts.quota = quota
        facts.quota_workers, facts.quota_reports = await quota_counts(session, start, end, tz)
    return facts


async def quota_counts(
    session: AsyncSession, start: date, end: date, tz: ZoneInfo
) -> tuple[dict[int, int], dict[int, int]]:
    """Per community: its grid workers (not deactivated), and the items they reported in it in [start, end) local —
    counted per community only, never per person."""
    begin, finish = utc_bounds(start, end, tz)
    workers = await session.execute(
        select(PersonRole.community_id, func.count(func.distinct(PersonRole.person_id)))
        .join(Person, Person.id == PersonRole.person_id)
        .where(PersonRole.role == Role.GRID_WORKER.value, Person.deactivated_at.is_(None))
        .group_by(PersonRole.community_id)
    )
    reports = await session.execute(
        select(Problem.community_id, func.count(func.distinct(Problem.id)))
        .join(
            PersonRole,
            and_(
                PersonRole.person_id == Problem.reporter_id,
                PersonRole.community_id == Problem.community_id,
                PersonRole.role == Role.GRID_WORKER.value,
            ),
        )
        .where(Problem.reported_at >= begin, Problem.reported_at < finish)
        .group_by(Problem.community_id)
    )
    return (
        {cid: int(n) for cid, n in workers if cid is not None},
        {cid: int(n) for cid, n in reports},
    )
