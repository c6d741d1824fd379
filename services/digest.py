"""The facts behind the leaders' digests (issue 7), gathered once for the whole sub-district and cut per reader.

Each digest is computed with a handful of grouped queries over every community at once (`daily_facts`,
`weekly_facts`, `monthly_facts`); a reader's digest is the same facts restricted to their communities (`Scope`).
A district month of 200 communities and 100,000 logs is therefore read once per digest, not once per leader.

The three rates (三率, as 12345 hotlines count them), over the items reported in the period:
- response rate 响应率: items someone other than the reporter acted on (accepted, claimed, escalated, resolved…)
  within PROBLEM_RESPONSE_HOURS of the report;
- resolution rate 解决率: items now resolved or closed;
- satisfaction rate 满意率: of the reporters' verdicts given in the period, the share "confirmed fixed" (not "not
  fixed").
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from markupsafe import escape
from sqlalchemy import and_, case, func, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from domain.attendance import required_days
from domain.problems import OPEN_STATUSES, Status
from domain.roles import NUDGERS, Role
from domain.workcalendar import WorkCalendar
from locales import tr
from services.attendance import weekly_tally
from services.burden import Burden, DepartmentBurden, burden_by_department, burden_counts
from services.notify import reachable, send
from services.problems import category_label
from storage.db import Database
from storage.models import (
    Community,
    DigestNudge,
    LogMonth,
    Person,
    PersonRole,
    Problem,
    ProblemEvent,
    ProblemRegister,
    WorkLog,
)

OPEN = sorted(s.value for s in OPEN_STATUSES)
DONE = (Status.RESOLVED.value, Status.CLOSED.value)
RESPONSE_MOVES = ("accept", "claim", "escalate", "register", "assign", "start", "resolve")


# --- who sees what ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scope:
    """The communities a reader's digest covers, and whether that is their whole sub-district."""

    community_ids: frozenset[int]
    whole: bool
    subdistrict_id: int | None = None  # a whole scope's sub-district (None: every one, a deployment of one)

    def __contains__(self, community_id: object) -> bool:
        return community_id in self.community_ids


@dataclass(frozen=True)
class Reader:
    person_id: int
    name: str
    scope: Scope


async def communities(session: AsyncSession) -> dict[int, str]:
    rows = await session.execute(select(Community.id, Community.name).order_by(Community.name))
    return {row.id: row.name for row in rows}


async def scope_of(session: AsyncSession, person_id: int) -> Scope | None:
    """A principal leader or department staff: their sub-district; a leader in charge or a secretary: their
    communities; anyone else: None."""
    person = await session.get(Person, person_id)
    if person is None:
        return None
    roles = (
        (await session.execute(select(PersonRole).where(PersonRole.person_id == person_id))).scalars().all()
    )
    held = {Role(r.role) for r in roles}
    if held & {Role.PRINCIPAL_LEADER, Role.DEPARTMENT_STAFF}:
        query = select(Community.id)
        if person.subdistrict_id is not None:
            query = query.where(Community.subdistrict_id == person.subdistrict_id)
        return Scope(frozenset((await session.execute(query)).scalars()), True, person.subdistrict_id)
    own = {
        r.community_id
        for r in roles
        if r.community_id is not None and Role(r.role) in (Role.LEADER_IN_CHARGE, Role.SECRETARY)
    }
    return Scope(frozenset(own), whole=False) if own else None


async def digest_readers(session: AsyncSession) -> list[Reader]:
    """Who receives the scheduled digests: principal leaders and leaders in charge, with their scopes."""
    rows = await session.execute(
        select(Person.id, Person.name, Person.subdistrict_id, PersonRole.role, PersonRole.community_id)
        .join(PersonRole, PersonRole.person_id == Person.id)
        .where(
            PersonRole.role.in_([Role.PRINCIPAL_LEADER.value, Role.LEADER_IN_CHARGE.value]),
            Person.telegram_id.is_not(None),
            Person.active.is_(True),
        )
        .order_by(Person.id)
    )
    by_subdistrict: dict[int | None, frozenset[int]] = {}
    for community_sub_id, community_id in await session.execute(
        select(Community.subdistrict_id, Community.id)
    ):
        by_subdistrict[community_sub_id] = by_subdistrict.get(community_sub_id, frozenset()) | {community_id}
    everything = frozenset().union(*by_subdistrict.values()) if by_subdistrict else frozenset()
    names: dict[int, str] = {}
    principal: dict[int, frozenset[int]] = {}
    principal_of: dict[int, int | None] = {}
    in_charge: dict[int, set[int]] = defaultdict(set)
    for person_id, name, sub_id, role, role_community_id in rows:
        names[person_id] = name
        if role == Role.PRINCIPAL_LEADER.value:
            # A principal leader not tied to a sub-district sees them all (a one-sub-district deployment).
            principal[person_id] = by_subdistrict.get(sub_id, frozenset()) if sub_id else everything
            principal_of[person_id] = sub_id
        elif role_community_id is not None:
            in_charge[person_id].add(role_community_id)
    readers = []
    for person_id in sorted(names):
        if person_id in principal:
            if not principal[person_id]:
                continue  # their sub-district has no communities yet: nothing to report
            scope = Scope(principal[person_id], True, principal_of[person_id])
            readers.append(Reader(person_id, names[person_id], scope))
        elif in_charge.get(person_id):
            readers.append(Reader(person_id, names[person_id], Scope(frozenset(in_charge[person_id]), False)))
    return readers


# --- periods ----------------------------------------------------------------------------------------------------


def utc_bounds(start: date, end: date, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """[start 00:00, end 00:00) local, in UTC: `end` is the first day NOT included."""
    return (
        datetime.combine(start, time(), tz).astimezone(UTC),
        datetime.combine(end, time(), tz).astimezone(UTC),
    )


def previous_week(today: date) -> tuple[date, date]:
    """Monday and the following Monday of the week before `today`'s week."""
    monday = today - timedelta(days=today.weekday())
    return monday - timedelta(days=7), monday


def previous_month(today: date) -> tuple[date, date]:
    first = today.replace(day=1)
    return (first - timedelta(days=1)).replace(day=1), first


# --- facts ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LogCount:
    logs: int = 0
    people: int = 0
    households: int = 0


@dataclass(frozen=True)
class UrgentItem:
    id: int
    community_id: int
    category: str
    reported_at: datetime
    acked: bool
    acked_by: str | None


@dataclass(frozen=True)
class OverdueItem:
    id: int
    community_id: int
    category: str
    status: str
    due_date: date
    owner_id: int | None
    owner: str | None
    leader: str | None


@dataclass(frozen=True)
class Rates:
    reported: int = 0
    responded: int = 0
    resolved: int = 0
    confirmed: int = 0  # verdicts "fixed" given in the period (满意率), whenever the item was reported
    verdicts: int = 0
    closed: int = (
        0  # of the items reported in the period, those the reporter has confirmed (the funnel's last stage)
    )

    @staticmethod
    def pct(part: int, whole: int) -> int | None:
        return round(100 * part / whole) if whole else None

    @property
    def response(self) -> int | None:
        return self.pct(self.responded, self.reported)

    @property
    def resolution(self) -> int | None:
        return self.pct(self.resolved, self.reported)

    @property
    def satisfaction(self) -> int | None:
        return self.pct(self.confirmed, self.verdicts)

    def __add__(self, other: Rates) -> Rates:
        return Rates(
            self.reported + other.reported,
            self.responded + other.responded,
            self.resolved + other.resolved,
            self.confirmed + other.confirmed,
            self.verdicts + other.verdicts,
            self.closed + other.closed,
        )


@dataclass(frozen=True)
class Attendance:
    cadres: int = 0
    compliant: int = 0
    days: int = 0
    shortfall_names: tuple[str, ...] = ()


@dataclass
class DailyFacts:
    day: date
    since: date  # logs dated from this day (the previous working day) to yesterday
    names: dict[int, str]
    logs: dict[int, LogCount]
    urgent: list[UrgentItem]
    overdue: list[OverdueItem]
    unsigned_logs: dict[int, int]
    unsigned_registers: list[tuple[int, int, int]]  # (community id, year, month)
    # Problems reported from `since` to yesterday: (all, urgent).
    opened: dict[int, tuple[int, int]] = field(default_factory=dict)


@dataclass
class PeriodFacts:
    """A week's or a month's figures, per community."""

    start: date
    end: date  # first day not included
    names: dict[int, str]
    logs: dict[int, LogCount]
    tasks: dict[int, Counter]
    opened: dict[int, int]
    resolved: dict[int, int]
    overdue: dict[int, int]  # due in the period and still open
    rates: dict[int, Rates]
    urgent: dict[int, int] = field(default_factory=dict)  # of `opened`, the urgent ones (即报即办)
    attendance: dict[int, Attendance] = field(default_factory=dict)
    working_days: int = 0
    # Issue 8's burden count over the period's days (a weekly digest: that week only).
    burden_start: date | None = None
    burden_end: date | None = None
    burden: dict[int, Burden] = field(default_factory=dict)
    departments: dict[int | None, dict[str, DepartmentBurden]] = field(
        default_factory=dict
    )  # by sub-district


@dataclass(frozen=True)
class Submission:
    logs: str  # none, submitted, late, reopened
    register: str  # none, submitted, signed


@dataclass
class MonthlyFacts:
    period: PeriodFacts
    submissions: dict[int, Submission]


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
            func.count(Problem.id),
            func.sum(case((Problem.urgent.is_(True), 1), else_=0)),
        )
        .where(Problem.reported_at >= window_start, Problem.reported_at < utc_bounds(today, today, tz)[0])
        .group_by(Problem.community_id)
    )
    return DailyFacts(
        opened={cid: (int(n), int(urgent or 0)) for cid, n, urgent in opened_rows},
        day=today,
        since=since,
        names=names,
        logs=await _log_counts(session, since, today),
        urgent=urgent,
        overdue=overdue,
        unsigned_logs={cid: int(n) for cid, n in unsigned},
        unsigned_registers=[tuple(r) for r in registers],  # type: ignore[misc]
    )


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
        select(Problem.community_id, Problem.reported_at, Problem.status, first_response.c.at, Problem.urgent)
        .outerjoin(first_response, first_response.c.problem_id == Problem.id)
        .where(Problem.reported_at >= begin, Problem.reported_at < finish)
    )
    opened: Counter = Counter()
    urgent: Counter = Counter()
    responded: Counter = Counter()
    done: Counter = Counter()
    closed: Counter = Counter()
    limit = timedelta(hours=response_hours)
    for cid, reported_at, status, response_at, is_urgent in problems:
        opened[cid] += 1
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


def _utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


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
    session: AsyncSession, today: date, tz: ZoneInfo, response_hours: float
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
    return MonthlyFacts(period, submissions)


# --- nudges -----------------------------------------------------------------------------------------------------


class Nudged(StrEnum):
    SENT = "sent"
    UNREACHABLE = (
        "unreachable"  # the owner is not bound to the bot or has blocked it: nothing sent, nothing stored
    )
    ALREADY = "already"  # someone nudged this item today
    GONE = "gone"  # no such item, or it is done or no longer overdue
    NOT_YOURS = "not-yours"  # outside the presser's communities


@dataclass(frozen=True)
class NudgeResult:
    outcome: Nudged
    name: str = ""  # the owner told (SENT) or the leader who nudged first (ALREADY)


async def nudge(
    db: Database, problem_id: int, person_id: int, now: datetime, tz: ZoneInfo, default_locale: str
) -> NudgeResult:
    """Remind an overdue item's owner through the outbox, once a day per item whoever presses (the key and the
    unique (item, day) row both say so); the presser must oversee the item's community."""
    today = now.astimezone(tz).date()
    try:
        return await _nudge(db, problem_id, person_id, now, today, default_locale)
    except IntegrityError:  # another leader nudged the same item at the same moment, and was first
        async with db.session() as session:
            return NudgeResult(Nudged.ALREADY, await _nudged_by(session, problem_id, today) or "")


async def _nudged_by(session: AsyncSession, problem_id: int, today: date) -> str | None:
    return (
        await session.execute(
            select(Person.name)
            .join(DigestNudge, DigestNudge.person_id == Person.id)
            .where(DigestNudge.problem_id == problem_id, DigestNudge.day == today)
        )
    ).scalar()


async def _nudge(
    db: Database, problem_id: int, person_id: int, now: datetime, today: date, default_locale: str
) -> NudgeResult:
    async with db.session() as session:
        problem = await session.get(Problem, problem_id)
        if (
            problem is None
            or problem.status not in OPEN
            or problem.due_date is None
            or problem.due_date >= today
        ):
            return NudgeResult(Nudged.GONE)
        roles = set(
            (
                await session.execute(select(PersonRole.role).where(PersonRole.person_id == person_id))
            ).scalars()
        )
        scope = await scope_of(session, person_id)
        if not roles & set(NUDGERS) or scope is None or problem.community_id not in scope:
            return NudgeResult(Nudged.NOT_YOURS)
        earlier = await _nudged_by(session, problem_id, today)
        if earlier is not None:
            return NudgeResult(Nudged.ALREADY, earlier)
        leader = await session.get(Person, person_id)
        owner = await session.get(Person, problem.owner_id) if problem.owner_id else None
        if owner is None:
            return NudgeResult(Nudged.GONE)
        if not await reachable(session, [owner.id]):
            return NudgeResult(Nudged.UNREACHABLE, owner.name)
        session.add(
            DigestNudge(problem_id=problem_id, day=today, person_id=person_id, owner_id=owner.id, at=now)
        )
        await session.flush()  # the unique (item, day) stops a second leader pressing at the same moment
        community = await session.get(Community, problem.community_id)
        days = (today - problem.due_date).days

        def render(_person_id: int, locale: str) -> tuple[str, list[tuple[str, str]]]:
            text = tr(
                locale,
                "digest-nudge-text",
                leader=escape(leader.name if leader else ""),
                id=problem.id,
                community=escape(community.name if community else ""),
                category=escape(category_label(locale, problem.category)),
                days=days,
            )
            return text, []

        await send(
            session,
            [owner.id],
            key=f"nudge:{problem_id}:{today.isoformat()}",
            now=now,
            default_locale=default_locale,
            render=render,
        )
        return NudgeResult(Nudged.SENT, owner.name)
