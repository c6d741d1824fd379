"""Reading items: an item's history, and what waits for whom (/pending's problems part)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from domain import problems as rules
from domain.problems import Move, Status
from domain.roles import Role
from services.calendar import cached_work_calendar
from services.problems.cards import item_view
from services.problems.config import ProblemConfig
from services.problems.people import load_person
from storage.db import Database
from storage.models import (
    Community,
    Person,
    Problem,
    ProblemEvent,
    ProblemRegister,
)


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime
    actor: str
    move: str
    from_status: str | None
    to_status: str
    note: str | None


async def history(db: Database, problem_id: int) -> list[HistoryEntry]:
    async with db.session() as session:
        rows = await session.execute(
            select(ProblemEvent, Person.name)
            .outerjoin(Person, Person.id == ProblemEvent.actor_id)
            .where(ProblemEvent.problem_id == problem_id)
            .order_by(ProblemEvent.id)
        )
        return [
            HistoryEntry(e.at, name or "", e.move, e.from_status, e.to_status, e.note)
            for e, name in rows.all()
        ]


# --- what waits for whom ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PendingItem:
    """One line of the problems part of /pending: an item, or a monthly register, and what to do with it."""

    kind: str  # "problem", "register_sign" (principal leader), "register_submit" (secretary)
    ref_id: int  # problem id, register id, or community id for register_submit
    title: str  # plain text (no markup), short
    moves: tuple[str, ...] = ()
    due_date: date | None = None
    overdue: bool = False
    year: int = 0
    month: int = 0


async def pending_items(
    db: Database, actor: object, now: datetime, config: ProblemConfig | None = None
) -> list[PendingItem]:
    """What waits for this person: items they may accept, claim, register, assign, resolve or confirm; the items
    they lead, by due date; registers to sign (principal leaders) or to submit (secretaries, after month end)."""
    config = config or ProblemConfig()
    person_id = getattr(actor, "person_id", None)
    if person_id is None:
        return []
    today = config.today(now)
    calendar = await cached_work_calendar(db)
    async with db.session() as session:
        person = await load_person(session, person_id)
        communities = {c for _, c in person.roles if c is not None}
        conditions = [
            Problem.reporter_id == person_id,
            Problem.owner_id == person_id,
            Problem.leader_id == person_id,
        ]
        if communities:
            conditions.append(Problem.community_id.in_(communities))
        if person.subdistrict_id is not None:
            conditions.append(
                and_(
                    Problem.subdistrict_id == person.subdistrict_id,
                    Problem.status.in_([Status.ESCALATED.value, Status.REGISTERED.value]),
                )
            )
        problems = (
            await session.scalars(
                select(Problem).where(or_(*conditions), Problem.status != Status.CLOSED.value)
            )
        ).all()
        items: list[PendingItem] = []
        for problem in problems:
            moves = [m for m in rules.allowed_moves(person, item_view(problem)) if m != Move.CITY]
            if not moves:
                continue
            items.append(
                PendingItem(
                    kind="problem",
                    ref_id=problem.id,
                    title=problem.description[:30],
                    moves=tuple(m.value for m in moves),
                    due_date=problem.due_date,
                    overdue=rules.is_overdue(problem.due_date, Status(problem.status), today),
                )
            )
        items.sort(key=lambda i: (i.due_date or date.max, i.ref_id))
        if person.has(Role.PRINCIPAL_LEADER):
            registers = await session.execute(
                select(ProblemRegister, Community.name)
                .join(Community, Community.id == ProblemRegister.community_id)
                .where(ProblemRegister.signed_at.is_(None), Community.subdistrict_id == person.subdistrict_id)
                .order_by(ProblemRegister.id)
            )
            for reg, name in registers.all():
                items.append(PendingItem("register_sign", reg.id, name, year=reg.year, month=reg.month))
        year, month = rules.previous_month(today)
        for role, community_id in sorted(person.roles, key=lambda rc: rc[1] or 0):
            if role != Role.SECRETARY or community_id is None:
                continue
            exists = await register_exists(session, community_id, year, month)
            if not exists:
                community_name = (
                    await session.execute(select(Community.name).where(Community.id == community_id))
                ).scalar()
                due = rules.register_due(year, month, config.register_due_day, calendar)
                items.append(
                    PendingItem(
                        "register_submit",
                        community_id,
                        community_name or "",
                        due_date=due,
                        overdue=today > due,
                        year=year,
                        month=month,
                    )
                )
        return items


async def register_exists(session: AsyncSession, community_id: int, year: int, month: int) -> bool:
    found = await session.execute(
        select(ProblemRegister.id).where(
            ProblemRegister.community_id == community_id,
            ProblemRegister.year == year,
            ProblemRegister.month == month,
        )
    )
    return found.first() is not None
