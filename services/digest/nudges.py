"""催办: a leader's nudge of an overdue item from a digest, once a day an item."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from domain.roles import NUDGERS
from locales import tr
from services.digest.facts import OPEN
from services.digest.readers import scope_of
from services.notify import reachable, send
from services.problems import category_label
from storage.db import Database
from storage.models import Community, DigestNudge, Person, PersonRole, Problem


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
                leader=leader.name if leader else "",
                id=problem.id,
                community=community.name if community else "",
                category=category_label(locale, problem.category),
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
