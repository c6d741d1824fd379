"""即报即办: the push of a special or major item to the leaders and 党政办, its acknowledgement, and the pushes
again while nobody acknowledges it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from domain import problems as rules
from domain.roles import Role
from locales import tr
from services.channels.fanout import enqueue_for_channels
from services.channels.model import MessageKind
from services.channels.texts import urgent_message
from services.problems import notify as pn
from services.problems.cards import Card, build_card, render_card
from services.problems.config import ProblemConfig, ProblemError
from services.problems.moves import locked_problem
from services.problems.notices import notify_change
from services.problems.people import office_staff, people_with
from storage.db import Database
from storage.models import (
    Person,
    Problem,
    ProblemEvent,
)

# --- 即报即办 -------------------------------------------------------------------------------------------------------


async def urgent_recipients(session: AsyncSession, problem: Problem) -> list[int]:
    """Principal leaders, the leaders in charge of the item's community, and 党政办."""
    principals = await people_with(session, Role.PRINCIPAL_LEADER, None, problem.subdistrict_id)
    in_charge = await people_with(session, Role.LEADER_IN_CHARGE, problem.community_id)
    return sorted(set(principals) | set(in_charge) | set(await office_staff(session, problem.subdistrict_id)))


async def push_urgent(
    session: AsyncSession, problem: Problem, round_: int, now: datetime, config: ProblemConfig
) -> None:
    c = await build_card(session, problem)

    def render(person_id: int, locale: str) -> tuple[str, list[tuple[str, str]]]:
        head = tr(
            locale, "problem-urgent-push" if round_ == 0 else "problem-urgent-again", id=c.id, round=round_
        )
        return head + "\n\n" + render_card(c, person_id, locale, config, now), [
            (tr(locale, "problem-btn-ack"), pn.ACK_DATA.format(id=c.id)),
            (tr(locale, "problem-btn-open"), pn.OPEN_DATA.format(id=c.id)),
        ]

    await pn.send(
        session,
        await urgent_recipients(session, problem),
        key=f"problem:{problem.id}:urgent:{round_}",
        now=now,
        default_locale=config.default_locale,
        render=render,
    )
    if round_ == 0:  # issue 20: the work groups' robots, once (the card as a group sees it: no resident data)
        locale = config.default_locale
        card = str(render_card(c, 0, locale, config, now, group=True))
        await enqueue_for_channels(
            session,
            MessageKind.URGENT,
            urgent_message(locale, c.id, card, "、".join(n for n in (c.leader, c.owner) if n)),
            key=f"problem:{problem.id}:urgent",
            now=now,
            subdistrict_id=problem.subdistrict_id,
            community_id=problem.community_id,
            with_subdistrict=True,
        )


async def acknowledge(
    db: Database, person_id: int, problem_id: int, now: datetime, config: ProblemConfig
) -> str | None:
    """The acknowledge button of a 即报即办 push. Returns the name of whoever acknowledged it earlier, if anyone."""
    async with db.session() as session:
        problem = await locked_problem(session, problem_id)
        if not problem.urgent or person_id not in await urgent_recipients(session, problem):
            raise ProblemError("problem-no-permission")
        if problem.urgent_acked_at is not None:
            return (
                await session.execute(select(Person.name).where(Person.id == problem.urgent_acked_by))
            ).scalar() or ""
        problem.urgent_acked_at = now
        problem.urgent_acked_by = person_id
        event = ProblemEvent(
            problem_id=problem.id,
            at=now,
            actor_id=person_id,
            move="ack",
            from_status=problem.status,
            to_status=problem.status,
        )
        session.add(event)
        await session.flush()
        await notify_change(session, problem, event, [], now, config, actor_id=person_id)
        return None


async def resend_unacknowledged(db: Database, now: datetime, config: ProblemConfig | None = None) -> int:
    """The 即报即办 watch: a special/major item nobody acknowledged within `config.urgent_ack` is pushed again and
    the administrators are told. Safe to run as often as wanted: each round is queued once (idempotency keys).
    Returns how many items were pushed again."""
    config = config or ProblemConfig()
    async with db.session() as session:
        due = (
            await session.scalars(
                select(Problem)
                .where(
                    Problem.urgent.is_(True),
                    Problem.urgent_acked_at.is_(None),
                    Problem.urgent_pushed_at <= now - config.urgent_ack,
                    Problem.urgent_rounds < config.urgent_max_resends,
                    Problem.status.in_([s.value for s in rules.OPEN_STATUSES]),
                )
                .with_for_update(skip_locked=True)
            )
        ).all()
        minutes = int(config.urgent_ack.total_seconds() // 60)
        for problem in due:
            problem.urgent_rounds += 1
            problem.urgent_pushed_at = now
            await push_urgent(session, problem, problem.urgent_rounds, now, config)
            admins = await people_with(session, Role.ADMIN, None)
            c = await build_card(session, problem)
            rounds = problem.urgent_rounds

            def render(
                person_id: int, locale: str, c: Card = c, rounds: int = rounds
            ) -> tuple[str, list[tuple[str, str]]]:
                return (
                    tr(locale, "problem-urgent-admin", id=c.id, minutes=minutes, round=rounds)
                    + "\n\n"
                    + render_card(c, person_id, locale, config, now),
                    [],
                )

            await pn.send(
                session,
                admins,
                key=f"problem:{problem.id}:urgent-admin:{rounds}",
                now=now,
                default_locale=config.default_locale,
                render=render,
            )
        return len(due)
