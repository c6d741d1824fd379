"""Who may raise a call-out for which community, and who may manage (close, export) one."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from domain import callouts as rules
from domain.callouts import Raiser
from domain.roles import Role
from storage.db import Database
from storage.models import (
    Callout,
    Community,
    Person,
    PersonRole,
)

# --- who may do what ----------------------------------------------------------------------------------------------


async def load_raiser(session: AsyncSession, person_id: int) -> Raiser:
    rows = (
        await session.execute(
            select(PersonRole.role, PersonRole.community_id).where(PersonRole.person_id == person_id)
        )
    ).all()
    roles = set()
    secretary, in_charge = set(), set()
    for role, community_id in rows:
        try:
            roles.add(Role(role))
        except ValueError:
            continue
        if role == Role.SECRETARY and community_id is not None:
            secretary.add(community_id)
        if role == Role.LEADER_IN_CHARGE and community_id is not None:
            in_charge.add(community_id)
    person = await session.get(Person, person_id)
    return Raiser(
        frozenset(roles),
        frozenset(secretary),
        frozenset(in_charge),
        person.subdistrict_id if person else None,
    )


async def communities_for(db: Database, person_id: int) -> list[tuple[int, str]]:
    """(id, name) of the communities this person may raise a call-out for, by name."""
    async with db.session() as session:
        raiser = await load_raiser(session, person_id)
        rows = (
            await session.execute(
                select(Community.id, Community.name, Community.subdistrict_id).order_by(Community.name)
            )
        ).all()
    return [(r.id, r.name) for r in rows if rules.may_raise(raiser, r.id, r.subdistrict_id)]


async def may_manage(session: AsyncSession, person_id: int, callout: Callout) -> bool:
    """The caller, or anyone who may raise a call-out for its community, may close it and export its timeline."""
    if callout.caller_id == person_id:
        return True
    community = await session.get(Community, callout.community_id)
    return rules.may_raise(
        await load_raiser(session, person_id),
        callout.community_id,
        community.subdistrict_id if community else None,
    )
