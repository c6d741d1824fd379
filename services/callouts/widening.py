"""The periodic watch: widening to the neighbours' squads once the deadline passes with too few coming, telling
the leaders in charge, and keeping the rolls' elapsed time current."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from markupsafe import escape
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from domain import callouts as rules
from domain.callouts import Answer, Status, Wave
from domain.roles import Role
from locales import tr
from services.callouts.alerts import call_people, members, queue_roll, record_event
from services.callouts.model import (
    PREFIX,
    ROLL_REFRESH,
    ROLL_REFRESH_FOR,
    CalloutConfig,
)
from services.callouts.neighbours import neighbours_of
from services.callouts.texts import what_where
from services.callouts.views import view_of
from services.notify import reachable
from storage.db import Database, rowcount
from storage.models import (
    Callout,
    CalloutTarget,
    Community,
    Person,
)
from storage.outbox import enqueue


async def watch(db: Database, now: datetime, config: CalloutConfig) -> int:
    """The periodic job: widen call-outs whose deadline passed (once each), refresh rolls' elapsed time.
    Returns how many call-outs changed (so the caller wakes the sender)."""
    async with db.session() as session:
        due = list(
            (
                await session.execute(
                    select(Callout.id).where(
                        Callout.status == Status.OPEN.value,
                        Callout.widen_checked_at.is_(None),
                        Callout.widen_at <= now,
                    )
                )
            ).scalars()
        )
    changed = 0
    for callout_id in due:
        changed += await _widen_once(db, callout_id, now, config)
    async with db.session() as session:
        stale_rolls = (
            await session.execute(
                select(Callout)
                .where(
                    Callout.status == Status.OPEN.value,
                    Callout.roll_at <= now - ROLL_REFRESH,
                    Callout.raised_at >= now - ROLL_REFRESH_FOR,
                )
                .order_by(Callout.id)
                .with_for_update()  # an answer or a close at the same time waits; a closed one is left out
            )
        ).scalars()
        for callout in stale_rolls:
            await queue_roll(session, callout, now, config)
            changed += 1
    return changed


async def _widen_once(db: Database, callout_id: int, now: datetime, config: CalloutConfig) -> int:
    async with db.session() as session:
        # Exactly once: the first transaction to set widen_checked_at does the check; a second job run, a restart
        # or another instance finds it set (on PostgreSQL the second UPDATE waits for the first commit).
        taken = await session.execute(
            update(Callout)
            .where(
                Callout.id == callout_id,
                Callout.widen_checked_at.is_(None),
                Callout.status == Status.OPEN.value,
            )
            .values(widen_checked_at=now)
        )
        if rowcount(taken) != 1:
            return 0
        callout = await session.get(Callout, callout_id, with_for_update=True)  # locked by the UPDATE too
        assert callout is not None
        coming = (
            await session.execute(
                select(func.count())
                .select_from(CalloutTarget)
                .where(CalloutTarget.callout_id == callout_id, CalloutTarget.answer == Answer.COMING.value)
            )
        ).scalar_one()
        if not rules.needs_widening(coming, config.min_coming):
            await record_event(session, callout_id, now, "enough", None, str(coming))
            return 0
        neighbours = await neighbours_of(session, callout.community_id)
        squads = await members(session, Role.EMERGENCY_MEMBER, neighbours)
        names = await call_people(session, callout, squads, Wave.NEIGHBOUR, now, config)
        callout.widened = True
        community_names = (
            (await session.execute(select(Community.name).where(Community.id.in_(neighbours))))
            .scalars()
            .all()
            if neighbours
            else []
        )
        await record_event(
            session,
            callout_id,
            now,
            "widened",
            None,
            f"{coming}/{config.min_coming}; {'、'.join(community_names) or '-'}: {'、'.join(names) or '-'}",
        )
        await _tell_leaders(session, callout, coming, community_names, now, config)
        await queue_roll(session, callout, now, config)
        return 1


async def _tell_leaders(
    session: AsyncSession,
    callout: Callout,
    coming: int,
    community_names: Sequence[str],
    now: datetime,
    config: CalloutConfig,
) -> None:
    leaders = [pid for pid, _ in await members(session, Role.LEADER_IN_CHARGE, [callout.community_id])]
    view = await view_of(session, callout.id)
    assert view is not None
    told = []
    for person_id, chat_id, locale in await reachable(session, leaders):
        loc = locale or config.default_locale
        text = tr(
            loc,
            "callout-leader-widened",
            id=callout.id,
            **what_where(loc, view),
            coming=coming,
            min=config.min_coming,
            minutes=rules.elapsed_minutes(view.raised_at, now),
            neighbours=escape(tr(loc, "list-separator").join(community_names)) or "-",
        )
        await enqueue(
            session,
            key=f"{PREFIX}:leader:{callout.id}:{person_id}",
            chat_id=chat_id,
            payload={"text": text},
            now=now,
            priority=rules.PRIORITY,
        )
        told.append(person_id)
    names = (
        (await session.execute(select(Person.name).where(Person.id.in_(told)))).scalars().all()
        if told
        else []
    )
    await record_event(session, callout.id, now, "leader_told", None, "、".join(names) or "-")
