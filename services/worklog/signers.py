"""Who may sign a community's logs: its secretaries and the sign delegates the administrator names."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.phones import normalize_phone
from domain.roles import Role
from domain.worklog import Signer
from storage.db import Database
from storage.models import (
    Community,
    Person,
    PersonRole,
    SignDelegate,
)


async def signers_of(session: AsyncSession, community_id: int) -> set[int]:
    """The people who may sign the community's logs: its secretaries and sign delegates."""
    secretaries = select(PersonRole.person_id).where(
        PersonRole.role == Role.SECRETARY.value, PersonRole.community_id == community_id
    )
    delegates = select(SignDelegate.person_id).where(SignDelegate.community_id == community_id)
    return set((await session.execute(secretaries)).scalars()) | set(
        (await session.execute(delegates)).scalars()
    )


async def signer(db: Database, person_id: int) -> Signer:
    async with db.session() as s:
        return await _signer(s, person_id)


async def _signer(session: AsyncSession, person_id: int) -> Signer:
    secretary_of = await session.execute(
        select(PersonRole.community_id).where(
            PersonRole.person_id == person_id, PersonRole.role == Role.SECRETARY.value
        )
    )
    delegate_of = await session.execute(
        select(SignDelegate.community_id).where(SignDelegate.person_id == person_id)
    )
    return Signer(
        person_id,
        frozenset(c for c in secretary_of.scalars() if c is not None),
        frozenset(delegate_of.scalars()),
    )


async def set_delegate(
    db: Database, phone: str, community: str, *, now: datetime, remove: bool = False
) -> str:
    """Administrator (CLI): let someone sign a community's logs in place of its secretary, or stop that.
    Returns what happened: delegated, removed, no-person, no-community."""
    normalized = normalize_phone(phone)
    async with db.session() as s:
        person = (
            (await s.execute(select(Person).where(Person.phone == normalized))).scalar()
            if normalized
            else None
        )
        if person is None:
            return "no-person"
        found = (await s.execute(select(Community).where(Community.name == community))).scalar()
        if found is None:
            return "no-community"
        return await apply_delegate(s, found.id, person.id, now=now, remove=remove)


async def apply_delegate(
    s: AsyncSession, community_id: int, person_id: int, *, now: datetime, remove: bool = False
) -> str:
    """Name a sign delegate of a community, or remove one (the CLI's and the chat's shared step)."""
    row = await s.get(SignDelegate, (community_id, person_id))
    if remove:
        if row is not None:
            await s.delete(row)
        return "removed"
    if row is None:
        s.add(SignDelegate(community_id=community_id, person_id=person_id, created_at=now))
    return "delegated"


async def signable_communities(db: Database, person_id: int) -> list[tuple[int, str]]:
    async with db.session() as s:
        who = await _signer(s, person_id)
        if not who.communities:
            return []
        rows = await s.execute(
            select(Community.id, Community.name)
            .where(Community.id.in_(who.communities))
            .order_by(Community.name)
        )
        return [(r.id, r.name) for r in rows]
