"""Scorecards: the raw figures of every cadre of the sub-districts concerned, gathered with a fixed number of
grouped queries whatever the number of cadres, then scored by `domain.assessment` with the formula of
`assessment.toml`.

Figures per cadre in the period (up to `as_of`):
- logs signed and households: their approved work logs dated in the period (one GROUP BY person);
- problems on time: the items they own that fell due in the period up to `as_of`, and of those the ones whose last
  "resolved" event (or "closed", when there is none) is on or before the due date, in local time (one query with the
  resolution time per item pre-aggregated in a grouped subquery);
- attendance (paired cadres, not also seconded): per week of the period that ended by `as_of`, whether their
  community days reached the weekly rule (one query for the days of the period);
- ratings: the points of every rating of the quarters inside the period (one GROUP BY cadre and grade).
Scores, "best" normalisation and ranks are per sub-district: a leader's scope is a filter over those rows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from domain import assessment as rules
from domain.assessment import Formula, Grade, Period, RawFigures, ScoreBoard
from domain.attendance import required_days
from domain.phases import Feature
from domain.problems import Status as ProblemStatus
from domain.roles import Role
from domain.workcalendar import CalendarDay, WorkCalendar
from domain.worklog import Status as LogStatus
from services.phases import inactive_communities
from storage.models import (
    AttendanceDay,
    CalendarDayRow,
    CalendarYear,
    Community,
    Person,
    PersonRole,
    Problem,
    ProblemEvent,
    Rating,
    WorkLog,
)

DEFAULT_CONFIG = Path(__file__).resolve().parent.parent / "assessment.toml"
TZ = ZoneInfo("Asia/Shanghai")


def formula_from(path: Path | str | None = None) -> Formula:
    """The formula of ASSESSMENT_CONFIG (or the repository's assessment.toml), read afresh: an edit of the file
    takes effect at the next scorecard."""
    return rules.load_formula(Path(path) if path else DEFAULT_CONFIG)


async def _calendar(session: AsyncSession) -> WorkCalendar:
    years = list((await session.execute(select(CalendarYear.year))).scalars())
    days = [
        CalendarDay(r.day, r.working, r.name)
        for r in (await session.execute(select(CalendarDayRow))).scalars()
    ]
    return WorkCalendar(days, years)


def counted_weeks(cal: WorkCalendar, start: date, end: date, as_of: date) -> list[tuple[list[date], int]]:
    """The weeks of [start, end] that are over by `as_of` (or the period is), each as (its working days inside the
    period, the community days it requires); weeks without a working day in the period are left out."""
    weeks = []
    monday = start - timedelta(days=start.weekday())
    while monday <= end:
        last = min(monday + timedelta(days=6), end)
        if last <= as_of:
            days = [d for d in cal.working_days_of_week(monday) if start <= d <= last]
            if days:
                weeks.append((days, required_days(len(days))))
        monday += timedelta(days=7)
    return weeks


async def compute_scorecards(
    session: AsyncSession,
    *,
    period: Period,
    community_ids: list[int] | None,
    formula: Formula | None = None,
    as_of: date | None = None,
    tz: ZoneInfo = TZ,
    phase_features: Mapping[str, list[str]] | None = None,
) -> ScoreBoard:
    """Scorecards of `period` for the cadres and communities of `community_ids` (None: everywhere), ranked within
    their sub-district. `as_of` (default: the period's end) cuts an unfinished period: targets shrink to the share
    elapsed, and only weeks and due dates up to it count. Communities whose pilot phase PHASE_FEATURES leaves out of
    the assessment (`phase_features`, issue 17) are not scored, nor are their cadres."""
    formula = formula or formula_from()
    as_of = min(as_of or period.end, period.end)
    start, end = period.start, as_of

    communities_q = select(Community.id, Community.name, Community.subdistrict_id)
    if community_ids is not None:
        subs = select(Community.subdistrict_id).where(Community.id.in_(community_ids)).scalar_subquery()
        communities_q = communities_q.where(
            or_(Community.subdistrict_id.in_(subs), Community.id.in_(community_ids))
        )
    communities = {cid: (name, sub) for cid, name, sub in await session.execute(communities_q)}
    if phase_features:
        left_out = await inactive_communities(session, Feature.ASSESSMENT, dict(phase_features), as_of)
        communities = {cid: value for cid, value in communities.items() if cid not in left_out}
    if not communities:
        return rules.score([], formula, period, as_of)

    # 1. cadres: their roles in these communities
    role_rows = await session.execute(
        select(PersonRole.person_id, PersonRole.role, PersonRole.community_id, Person.name)
        .join(Person, Person.id == PersonRole.person_id)
        .where(
            PersonRole.community_id.in_(list(communities)),
            PersonRole.role.in_([r.value for r in rules.CADRE_ORDER]),
        )
    )
    held: dict[int, dict[Role, int]] = defaultdict(dict)
    names: dict[int, str] = {}
    for person_id, role, community_id, name in role_rows:
        assert community_id is not None  # the query asks for roles in these communities
        held[person_id].setdefault(Role(role), community_id)
        names[person_id] = name
    if not held:
        return rules.restrict(rules.score([], formula, period, as_of, communities), community_ids)
    people = list(held)

    # 2. signed logs and households
    logs = {
        person_id: (int(count), int(households or 0))
        for person_id, count, households in await session.execute(
            select(WorkLog.person_id, func.count(WorkLog.id), func.sum(WorkLog.households))
            .where(
                WorkLog.status == LogStatus.APPROVED.value,
                WorkLog.work_date >= start,
                WorkLog.work_date <= end,
                WorkLog.person_id.in_(people),
            )
            .group_by(WorkLog.person_id)
        )
    }

    # 3. problems owned that fell due in the period, and when each was resolved
    done_statuses = {ProblemStatus.RESOLVED.value, ProblemStatus.CLOSED.value}
    problems: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    resolved_at = func.max(ProblemEvent.at).filter(ProblemEvent.to_status == ProblemStatus.RESOLVED.value)
    closed_at = func.max(ProblemEvent.at).filter(ProblemEvent.to_status == ProblemStatus.CLOSED.value)
    for owner_id, due_date, status, res, clo in await session.execute(
        select(Problem.owner_id, Problem.due_date, Problem.status, resolved_at, closed_at)
        .outerjoin(
            ProblemEvent,
            and_(ProblemEvent.problem_id == Problem.id, ProblemEvent.to_status.in_(list(done_statuses))),
        )
        .where(Problem.due_date >= start, Problem.due_date <= end, Problem.owner_id.is_not(None))
        .group_by(Problem.id, Problem.owner_id, Problem.due_date, Problem.status)
    ):
        if owner_id not in held:  # not a cadre of these sub-districts (a leader, department staff)
            continue
        tally = problems[owner_id]
        tally[0] += 1
        when: datetime | None = res or clo
        if status in done_statuses and when is not None:
            if when.tzinfo is None:  # SQLite hands back an aggregate's timestamp as naive UTC text
                when = when.replace(tzinfo=ZoneInfo("UTC"))
            assert due_date is not None  # the query asks for due dates in the period
            tally[1] += when.astimezone(tz).date() <= due_date

    # 4. attendance of paired cadres (not also seconded: those are in the community every working day)
    paired = {
        p: roles[Role.PAIRED_CADRE]
        for p, roles in held.items()
        if Role.PAIRED_CADRE in roles and Role.SECONDED_CADRE not in roles
    }
    weeks = counted_weeks(await _calendar(session), period.start, period.end, as_of) if paired else []
    attended: dict[int, set[date]] = defaultdict(set)
    if paired and weeks:
        for person_id, community_id, day in await session.execute(
            select(AttendanceDay.person_id, AttendanceDay.community_id, AttendanceDay.day).where(
                AttendanceDay.day >= start,
                AttendanceDay.day <= end,
                AttendanceDay.person_id.in_(list(paired)),
            )
        ):
            if paired.get(person_id) == community_id:
                attended[person_id].add(day)

    # 5. ratings of the quarters inside the period
    points: dict[int, list[float]] = defaultdict(list)
    quarters = [(y, q) for y, q in period.quarters if date(y, 3 * q - 2, 1) <= as_of]
    if quarters:
        for cadre_id, grade, count in await session.execute(
            select(Rating.cadre_id, Rating.grade, func.count(Rating.id))
            .where(
                or_(*(and_(Rating.year == y, Rating.quarter == q) for y, q in quarters)),
                Rating.cadre_id.in_(people),
            )
            .group_by(Rating.cadre_id, Rating.grade)
        ):
            points[cadre_id].extend([formula.grade_points[Grade(grade)]] * int(count))

    figures = []
    for person_id, roles in held.items():
        kind = rules.cadre_kind(roles)
        assert kind is not None
        community_id = roles[kind]
        name, sub = communities[community_id]
        count, households = logs.get(person_id, (0, 0))
        due, on_time = problems.get(person_id, (0, 0))
        weeks_ok: int | None = None
        if person_id in paired:
            days = attended.get(person_id, set())
            weeks_ok = sum(1 for week_days, need in weeks if len(days.intersection(week_days)) >= need)
        figures.append(
            RawFigures(
                person_id=person_id,
                name=names[person_id],
                community_id=community_id,
                community=name,
                subdistrict_id=sub,
                kind=kind,
                logs_signed=count,
                households=households,
                problems_due=due,
                problems_on_time=on_time,
                attendance_weeks=len(weeks) if person_id in paired else None,
                attendance_ok_weeks=weeks_ok,
                rating_points=tuple(sorted(points.get(person_id, []), reverse=True)),
            )
        )
    board = rules.score(figures, formula, period, as_of, communities)
    return rules.restrict(board, community_ids)
