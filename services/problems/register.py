"""The monthly register 网格反映问题和意见建议交办登记表: compiled and submitted by the community secretary, signed by
a principal leader at 党政办 with a responsible leader and a due date for every item, exported as xlsx."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy import or_, select

from domain import problems as rules
from domain.problems import Move, Status
from domain.roles import Role
from locales import tr
from services.problems import notify as pn
from services.problems.config import ProblemConfig, ProblemError
from services.problems.moves import check_leader_and_due, locked_problem
from services.problems.notices import notify_change
from services.problems.people import load_person, office_staff, people_with
from services.problems.register_sheet import RegisterRow as RegisterRow
from services.problems.register_sheet import RegisterSheet as RegisterSheet
from services.problems.register_sheet import register_sheet as register_sheet
from services.problems.views import register_exists
from storage.db import Database
from storage.models import Community, Person, Problem, ProblemEvent, ProblemRegister


def _month_range(year: int, month: int, config: ProblemConfig) -> tuple[datetime, datetime]:
    first, nxt = rules.month_bounds(year, month)
    zone = ZoneInfo(config.timezone)
    return datetime.combine(first, time(), zone), datetime.combine(nxt, time(), zone)


def _candidates(community_id: int, year: int, month: int, config: ProblemConfig):
    """The month's items not closed in the community: still open, or handed on (claimed / escalated)."""
    start, end = _month_range(year, month, config)
    return select(Problem).where(
        Problem.community_id == community_id,
        Problem.reported_at >= start,
        Problem.reported_at < end,
        Problem.register_id.is_(None),
        or_(
            Problem.escalated.is_(True),
            Problem.status.in_([s.value for s in rules.OPEN_STATUSES]),
        ),
    )


async def preview(db: Database, community_id: int, year: int, month: int, config: ProblemConfig) -> list[int]:
    async with db.session() as session:
        rows = await session.scalars(_candidates(community_id, year, month, config).order_by(Problem.id))
        return [p.id for p in rows.all()]


async def submit_register(
    db: Database,
    person_id: int,
    community_id: int,
    year: int,
    month: int,
    now: datetime,
    config: ProblemConfig,
) -> int:
    """The secretary submits the month's register to 党政办; principal leaders and 党政办 are told."""
    if (year, month) >= (config.today(now).year, config.today(now).month):
        raise ProblemError("register-month-not-over")
    async with db.session() as session:
        person = await load_person(session, person_id)
        if not person.has(Role.SECRETARY, community_id):
            raise ProblemError("problem-no-permission")
        if await register_exists(session, community_id, year, month):
            raise ProblemError("register-already-submitted")
        register = ProblemRegister(
            community_id=community_id, year=year, month=month, submitted_by=person_id, submitted_at=now
        )
        session.add(register)
        await session.flush()
        problems = (await session.scalars(_candidates(community_id, year, month, config))).all()
        for problem in problems:
            problem.register_id = register.id
        community = await session.get(Community, community_id)
        assert community is not None
        recipients = set(await people_with(session, Role.PRINCIPAL_LEADER, None, community.subdistrict_id))
        recipients |= set(await office_staff(session, community.subdistrict_id))
        count = len(problems)

        def render(_pid: int, locale: str) -> tuple[str, list[tuple[str, str]]]:
            return (
                tr(
                    locale,
                    "register-submitted-notice",
                    community=community.name,
                    year=str(year),
                    month=month,
                    count=count,
                ),
                [(tr(locale, "register-btn-open"), pn.REGISTER_DATA.format(id=register.id))],
            )

        await pn.send(
            session,
            recipients,
            key=f"register:{register.id}:submitted",
            now=now,
            default_locale=config.default_locale,
            render=render,
        )
        return register.id


@dataclass(frozen=True)
class RegisterItem:
    problem_id: int
    description: str
    category: str
    leader_id: int | None
    leader: str
    due_date: date | None
    status: str


@dataclass(frozen=True)
class RegisterView:
    id: int
    community_id: int
    subdistrict_id: int | None
    community: str
    year: int
    month: int
    signed_by: str | None
    signed_at: datetime | None
    items: tuple[RegisterItem, ...]

    @property
    def complete(self) -> bool:
        return all(i.leader_id and i.due_date for i in self.items)


async def register_view(db: Database, register_id: int) -> RegisterView | None:
    async with db.session() as session:
        register = await session.get(ProblemRegister, register_id)
        if register is None:
            return None
        community = await session.get(Community, register.community_id)
        assert community is not None
        rows = await session.execute(
            select(Problem, Person.name)
            .outerjoin(Person, Person.id == Problem.leader_id)
            .where(Problem.register_id == register_id)
            .order_by(Problem.id)
        )
        signer = (
            (await session.execute(select(Person.name).where(Person.id == register.signed_by))).scalar()
            if register.signed_by
            else None
        )
        return RegisterView(
            id=register.id,
            community_id=community.id,
            subdistrict_id=community.subdistrict_id,
            community=community.name,
            year=register.year,
            month=register.month,
            signed_by=signer,
            signed_at=register.signed_at,
            items=tuple(
                RegisterItem(p.id, p.description, p.category, p.leader_id, name or "", p.due_date, p.status)
                for p, name in rows.all()
            ),
        )


async def _principal_for(session, person_id: int, register: ProblemRegister) -> Community:
    community = await session.get(Community, register.community_id)
    person = await load_person(session, person_id)
    if community is None or not (
        person.has(Role.PRINCIPAL_LEADER) and person.subdistrict_id == community.subdistrict_id
    ):
        raise ProblemError("problem-no-permission")
    return community


async def assign_item(
    db: Database,
    person_id: int,
    register_id: int,
    problem_id: int,
    leader_id: int,
    due: date,
    now: datetime,
    config: ProblemConfig,
) -> None:
    """The principal leader names the responsible leader 包办领导 and the due date of one register item; an open item
    becomes "assigned" to that leader."""
    async with db.session() as session:
        register = await session.get(ProblemRegister, register_id)
        if register is None:
            raise ProblemError("problem-not-found")
        await _principal_for(session, person_id, register)
        if register.signed_at is not None:
            raise ProblemError("register-already-signed")
        problem = await locked_problem(session, problem_id)
        if problem.register_id != register_id:
            raise ProblemError("problem-changed")
        await check_leader_and_due(session, problem, leader_id, due, now, config)
        before = problem.status
        problem.leader_id = leader_id
        problem.due_date = due
        if Status(before) in rules.OPEN_STATUSES and Status(before) not in (
            Status.ASSIGNED,
            Status.IN_PROGRESS,
        ):
            problem.status = Status.ASSIGNED.value
            problem.owner_id = leader_id
        problem.updated_at = now
        event = ProblemEvent(
            problem_id=problem.id,
            at=now,
            actor_id=person_id,
            move=Move.ASSIGN.value,
            from_status=before,
            to_status=problem.status,
        )
        session.add(event)
        await session.flush()
        await notify_change(session, problem, event, [leader_id], now, config, actor_id=person_id)


async def sign_register(
    db: Database, person_id: int, register_id: int, now: datetime, config: ProblemConfig
) -> None:
    async with db.session() as session:
        register = (
            await session.execute(
                select(ProblemRegister).where(ProblemRegister.id == register_id).with_for_update()
            )
        ).scalar_one_or_none()
        if register is None:
            raise ProblemError("problem-not-found")
        community = await _principal_for(session, person_id, register)
        if register.signed_at is not None:
            raise ProblemError("register-already-signed")
        missing = (
            await session.execute(
                select(Problem.id).where(
                    Problem.register_id == register_id,
                    or_(Problem.leader_id.is_(None), Problem.due_date.is_(None)),
                )
            )
        ).first()
        if missing is not None:
            raise ProblemError("register-items-unassigned")
        register.signed_by = person_id
        register.signed_at = now
        recipients = set(await people_with(session, Role.SECRETARY, register.community_id))
        recipients |= set(await office_staff(session, community.subdistrict_id))
        signer = (await session.execute(select(Person.name).where(Person.id == person_id))).scalar() or ""

        def render(_pid: int, locale: str) -> tuple[str, list[tuple[str, str]]]:
            return (
                tr(
                    locale,
                    "register-signed-notice",
                    community=community.name,
                    year=str(register.year),
                    month=register.month,
                    signer=signer,
                ),
                [(tr(locale, "register-btn-open"), pn.REGISTER_DATA.format(id=register.id))],
            )

        await pn.send(
            session,
            recipients - {person_id},
            key=f"register:{register.id}:signed",
            now=now,
            default_locale=config.default_locale,
            render=render,
        )


async def may_view_register(db: Database, person_id: int, register_id: int) -> bool:
    """The community's secretary, principal leaders and 党政办 of its sub-district."""
    async with db.session() as session:
        register = await session.get(ProblemRegister, register_id)
        if register is None:
            return False
        community = await session.get(Community, register.community_id)
        person = await load_person(session, person_id)
        same_sub = community is not None and person.subdistrict_id == community.subdistrict_id
        return (
            person.has(Role.SECRETARY, register.community_id)
            or (same_sub and person.has(Role.PRINCIPAL_LEADER))
            or (
                same_sub
                and person.has(Role.DEPARTMENT_STAFF)
                and person.department == rules.OFFICE_DEPARTMENT
            )
        )


def default_register_month(now: datetime, config: ProblemConfig) -> tuple[int, int]:
    return rules.previous_month(config.today(now))
