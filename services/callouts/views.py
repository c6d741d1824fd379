"""Reading call-outs: one as a view, the recent ones a person may manage, the timeline."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from domain import callouts as rules
from services.callouts.access import load_raiser, may_manage
from services.callouts.model import (
    CalloutView,
    EventView,
    Outcome,
    TargetView,
)
from storage.db import Database
from storage.models import (
    Callout,
    CalloutEvent,
    CalloutTarget,
    Community,
    Person,
)

# --- reading ------------------------------------------------------------------------------------------------------


async def view_of(session: AsyncSession, callout_id: int) -> CalloutView | None:
    callout = await session.get(Callout, callout_id)
    if callout is None:
        return None
    community = await session.get(Community, callout.community_id)
    caller = await session.get(Person, callout.caller_id) if callout.caller_id else None
    rows = (
        await session.execute(
            select(CalloutTarget, Person.name)
            .join(Person, Person.id == CalloutTarget.person_id)
            .where(CalloutTarget.callout_id == callout_id)
            .order_by(CalloutTarget.id)
        )
    ).all()
    targets = [TargetView(t.person_id, name, t.wave, t.answer, t.answered_at, t.reason) for t, name in rows]
    return CalloutView(
        id=callout.id,
        community_id=callout.community_id,
        community=community.name if community else "",
        kind=callout.kind,
        need=callout.need,
        address=callout.address,
        latitude=callout.latitude,
        longitude=callout.longitude,
        brigade=callout.brigade,
        status=callout.status,
        version=callout.version,
        caller_id=callout.caller_id,
        caller=caller.name if caller else "",
        raised_at=callout.raised_at,
        widened=callout.widened,
        closed_at=callout.closed_at,
        outcome=callout.outcome,
        targets=targets,
    )


async def get_callout(db: Database, callout_id: int) -> CalloutView | None:
    async with db.session() as session:
        return await view_of(session, callout_id)


async def get_managed(db: Database, person_id: int, callout_id: int) -> tuple[Outcome, CalloutView | None]:
    """A call-out's roll for someone who may manage it (the recent list's rule); a refusal otherwise."""
    async with db.session() as session:
        callout = await session.get(Callout, callout_id)
        if callout is None:
            return Outcome.NOT_FOUND, None
        if not await may_manage(session, person_id, callout):
            return Outcome.NOT_ALLOWED, None
        return Outcome.OK, await view_of(session, callout_id)


async def recent(db: Database, person_id: int, limit: int = 10) -> list[CalloutView]:
    """The latest call-outs this person may manage (raised, or for a community they may raise one for)."""
    async with db.session() as session:
        raiser = await load_raiser(session, person_id)
        ids = (
            await session.execute(
                select(Callout.id, Callout.community_id, Callout.caller_id, Community.subdistrict_id)
                .join(Community, Community.id == Callout.community_id)
                .order_by(Callout.id.desc())
                .limit(500)  # the recent ones are what is asked for; older ones are in the exports
            )
        ).all()
        mine = [
            r.id
            for r in ids
            if r.caller_id == person_id or rules.may_raise(raiser, r.community_id, r.subdistrict_id)
        ]
        return [v for i in mine[:limit] if (v := await view_of(session, i)) is not None]


async def timeline(db: Database, callout_id: int) -> list[EventView]:
    async with db.session() as session:
        rows = (
            await session.execute(
                select(CalloutEvent, Person.name)
                .outerjoin(Person, Person.id == CalloutEvent.person_id)
                .where(CalloutEvent.callout_id == callout_id)
                .order_by(CalloutEvent.at, CalloutEvent.id)
            )
        ).all()
    return [EventView(e.at, name or "", e.action, e.note) for e, name in rows]
