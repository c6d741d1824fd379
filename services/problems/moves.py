"""The lifecycle: a move made on an item (checked against the rules, recorded with its history entry and
notices), and the moves its viewer may make."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from domain import problems as rules
from domain.problems import Move, Status
from domain.roles import Role
from services.problems.cards import Card, build_card, item_view
from services.problems.config import ProblemConfig, ProblemError
from services.problems.notices import notify_change
from services.problems.people import load_person, office_staff, people_with
from storage.db import Database
from storage.models import (
    Person,
    PersonRole,
    Problem,
    ProblemEvent,
)

# --- lifecycle ------------------------------------------------------------------------------------------------


async def apply_move(
    db: Database,
    person_id: int,
    problem_id: int,
    move: Move,
    now: datetime,
    config: ProblemConfig,
    *,
    expected_status: str | None = None,
    note: str | None = None,
    photos: list[str] | None = None,
    leader_id: int | None = None,
    due: date | None = None,
) -> Status:
    """Make `move` on the item as `person_id`; raises ProblemError (nothing changed) when it is not allowed now."""
    async with db.session() as session:
        problem = await locked_problem(session, problem_id)
        if expected_status is not None and problem.status != expected_status:
            raise ProblemError("problem-changed")
        person = await load_person(session, person_id)
        if not rules.may(person, item_view(problem), move):
            raise ProblemError("problem-no-permission")
        clean_note = (note or "").strip() or None
        if move in rules.NOTE_REQUIRED and rules.clean_text(clean_note, rules.MAX_NOTE) is None:
            raise ProblemError("problem-note-empty", max=rules.MAX_NOTE)
        if clean_note and len(clean_note) > rules.MAX_NOTE:
            raise ProblemError("problem-note-empty", max=rules.MAX_NOTE)
        if photos and len(photos) > rules.MAX_PHOTOS:
            raise ProblemError("problem-too-many-photos", max=rules.MAX_PHOTOS)
        before = Status(problem.status)
        extra: list[int] = []
        if move == Move.ASSIGN:
            await check_leader_and_due(session, problem, leader_id, due, now, config)
            problem.leader_id = leader_id
            problem.owner_id = leader_id
            problem.due_date = due
            extra.append(leader_id)  # type: ignore[arg-type]
        after = rules.target_status(move, before, Status(problem.reopen_to) if problem.reopen_to else None)
        if move == Move.CLAIM:
            problem.owner_id = person_id
            problem.escalated = True
        elif move == Move.ESCALATE:
            problem.escalated = True
            problem.advice = clean_note
            extra += await office_staff(session, problem.subdistrict_id)
        elif move == Move.REGISTER:
            extra += await people_with(session, Role.PRINCIPAL_LEADER, None, problem.subdistrict_id)
        elif move == Move.RESOLVE:
            problem.reopen_to = (
                Status.IN_PROGRESS if before in (Status.ASSIGNED, Status.IN_PROGRESS) else before
            ).value
            problem.result = clean_note
            problem.result_photos = list(photos or [])
        elif move == Move.ACCEPT:
            extra += await people_with(session, Role.PAIRED_CADRE, problem.community_id)
        elif move == Move.NOT_FIXED:
            if problem.leader_id:
                extra.append(problem.leader_id)
            # Whoever reported it done (a community resolves an item nobody escalated) hears it is not.
            resolver = (
                await session.execute(
                    select(ProblemEvent.actor_id)
                    .where(ProblemEvent.problem_id == problem.id, ProblemEvent.move == Move.RESOLVE.value)
                    .order_by(ProblemEvent.id.desc())
                    .limit(1)
                )
            ).scalar()
            if resolver is not None:
                extra.append(resolver)
        elif move == Move.CITY:
            problem.city_flag = not problem.city_flag
            problem.city_note = clean_note if problem.city_flag else None
        problem.status = after.value
        problem.updated_at = now
        event = ProblemEvent(
            problem_id=problem.id,
            at=now,
            actor_id=person_id,
            move=move.value,
            from_status=before.value,
            to_status=after.value,
            note=clean_note if move != Move.ASSIGN else None,
        )
        session.add(event)
        await session.flush()
        await notify_change(session, problem, event, extra, now, config, actor_id=person_id)
        return after


async def locked_problem(session: AsyncSession, problem_id: int) -> Problem:
    problem = (
        await session.execute(select(Problem).where(Problem.id == problem_id).with_for_update())
    ).scalar_one_or_none()
    if problem is None:
        raise ProblemError("problem-not-found")
    return problem


async def check_leader_and_due(
    session: AsyncSession,
    problem: Problem,
    leader_id: int | None,
    due: date | None,
    now: datetime,
    config: ProblemConfig,
) -> None:
    if leader_id is None:
        raise ProblemError("problem-pick-leader")
    ok = (
        await session.execute(
            select(PersonRole.id)
            .join(Person, Person.id == PersonRole.person_id)
            .where(
                PersonRole.person_id == leader_id,
                Person.subdistrict_id == problem.subdistrict_id,
                PersonRole.role.in_([Role.PRINCIPAL_LEADER.value, Role.LEADER_IN_CHARGE.value]),
            )
        )
    ).first()
    if ok is None:
        raise ProblemError("problem-pick-leader")
    if due is None or due < config.today(now):
        raise ProblemError("problem-due-past")


async def moves_for(db: Database, person_id: int, problem_id: int) -> tuple[Card | None, list[Move]]:
    async with db.session() as session:
        problem = await session.get(Problem, problem_id)
        if problem is None:
            return None, []
        person = await load_person(session, person_id)
        return await build_card(session, problem), rules.allowed_moves(person, item_view(problem))
