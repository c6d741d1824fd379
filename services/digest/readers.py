"""Who sees what: a reader's communities (`Scope`), the digests' readers, the communities by name."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.roles import Role
from storage.models import Community, Person, PersonRole


@dataclass(frozen=True)
class Scope:
    """The communities a reader's digest covers, and whether that is their whole sub-district."""

    community_ids: frozenset[int]
    whole: bool
    subdistrict_id: int | None = None  # a whole scope's sub-district (None: every one, a deployment of one)

    def __contains__(self, community_id: object) -> bool:
        return community_id in self.community_ids


@dataclass(frozen=True)
class Reader:
    person_id: int
    name: str
    scope: Scope


async def communities(session: AsyncSession) -> dict[int, str]:
    rows = await session.execute(select(Community.id, Community.name).order_by(Community.name))
    return {row.id: row.name for row in rows}


async def scope_of(session: AsyncSession, person_id: int) -> Scope | None:
    """A principal leader or department staff: their sub-district; a leader in charge or a secretary: their
    communities; anyone else: None."""
    person = await session.get(Person, person_id)
    if person is None:
        return None
    roles = (
        (await session.execute(select(PersonRole).where(PersonRole.person_id == person_id))).scalars().all()
    )
    held = {Role(r.role) for r in roles}
    if held & {Role.PRINCIPAL_LEADER, Role.DEPARTMENT_STAFF}:
        query = select(Community.id)
        if person.subdistrict_id is not None:
            query = query.where(Community.subdistrict_id == person.subdistrict_id)
        return Scope(frozenset((await session.execute(query)).scalars()), True, person.subdistrict_id)
    own = {
        r.community_id
        for r in roles
        if r.community_id is not None and Role(r.role) in (Role.LEADER_IN_CHARGE, Role.SECRETARY)
    }
    return Scope(frozenset(own), whole=False) if own else None


async def digest_readers(session: AsyncSession) -> list[Reader]:
    """Who receives the scheduled digests: principal leaders and leaders in charge, with their scopes."""
    rows = await session.execute(
        select(Person.id, Person.name, Person.subdistrict_id, PersonRole.role, PersonRole.community_id)
        .join(PersonRole, PersonRole.person_id == Person.id)
        .where(
            PersonRole.role.in_([Role.PRINCIPAL_LEADER.value, Role.LEADER_IN_CHARGE.value]),
            Person.telegram_id.is_not(None),
            Person.active.is_(True),
        )
        .order_by(Person.id)
    )
    by_subdistrict: dict[int | None, frozenset[int]] = {}
    for community_sub_id, community_id in await session.execute(
        select(Community.subdistrict_id, Community.id)
    ):
        by_subdistrict[community_sub_id] = by_subdistrict.get(community_sub_id, frozenset()) | {community_id}
    everything = frozenset().union(*by_subdistrict.values()) if by_subdistrict else frozenset()
    names: dict[int, str] = {}
    principal: dict[int, frozenset[int]] = {}
    principal_of: dict[int, int | None] = {}
    in_charge: dict[int, set[int]] = defaultdict(set)
    for person_id, name, sub_id, role, role_community_id in rows:
        names[person_id] = name
        if role == Role.PRINCIPAL_LEADER.value:
            # A principal leader not tied to a sub-district sees them all (a one-sub-district deployment).
            principal[person_id] = by_subdistrict.get(sub_id, frozenset()) if sub_id else everything
            principal_of[person_id] = sub_id
        elif role_community_id is not None:
            in_charge[person_id].add(role_community_id)
    readers = []
    for person_id in sorted(names):
        if person_id in principal:
            if not principal[person_id]:
                continue  # their sub-district has no communities yet: nothing to report
            scope = Scope(principal[person_id], True, principal_of[person_id])
            readers.append(Reader(person_id, names[person_id], scope))
        elif in_charge.get(person_id):
            readers.append(Reader(person_id, names[person_id], Scope(frozenset(in_charge[person_id]), False)))
    return readers
