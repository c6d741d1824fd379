"""Who is acting and who is concerned: a person as the rules see them, holders of a role, 党政办's staff, the
leaders who can be made responsible for an item."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from domain import problems as rules
from domain.roles import Role
from services.problems.config import ProblemError
from storage.db import Database
from storage.models import (
    Department,
    Person,
    PersonRole,
)

# --- who is acting --------------------------------------------------------------------------------------------


async def load_person(session: AsyncSession, person_id: int) -> rules.Person:
    row = (
        await session.execute(
            select(Person.subdistrict_id, Department.name)
            .outerjoin(Department, Department.id == Person.department_id)
            .where(Person.id == person_id)
        )
    ).first()
    if row is None:
        raise ProblemError("problem-no-permission")
    roles = await session.execute(
        select(PersonRole.role, PersonRole.community_id).where(PersonRole.person_id == person_id)
    )
    return rules.Person(
        id=person_id,
        subdistrict_id=row[0],
        roles=frozenset((Role(r.role), r.community_id) for r in roles),
        department=row[1],
    )


async def leaders_of(db: Database, subdistrict_id: int | None) -> list[tuple[int, str]]:
    """Who can be named responsible leader 包办领导: principal leaders and leaders in charge of communities."""
    async with db.session() as session:
        rows = await session.execute(
            select(Person.id, Person.name)
            .join(PersonRole, PersonRole.person_id == Person.id)
            .where(
                Person.subdistrict_id == subdistrict_id,
                PersonRole.role.in_([Role.PRINCIPAL_LEADER.value, Role.LEADER_IN_CHARGE.value]),
            )
            .distinct()
            .order_by(Person.id)
        )
        return [(r.id, r.name) for r in rows]


async def people_with(
    session: AsyncSession, role: Role, community_id: int | None, subdistrict_id: int | None = None
) -> list[int]:
    query = (
        select(PersonRole.person_id)
        .join(Person, Person.id == PersonRole.person_id)
        .where(PersonRole.role == role.value)
    )
    if community_id is not None:
        query = query.where(PersonRole.community_id == community_id)
    if subdistrict_id is not None:
        query = query.where(Person.subdistrict_id == subdistrict_id)
    return sorted(set((await session.scalars(query)).all()))


async def people_by_community(
    session: AsyncSession, role: Role, community_ids: list[int]
) -> dict[int, list[int]]:
    """community id → the people holding `role` there, each list sorted: `people_with` for many communities in one
    query (a notice to every community of a sub-district is 200 of them)."""
    found: dict[int, list[int]] = {c: [] for c in community_ids}
    for person_id, community_id in await session.execute(
        select(PersonRole.person_id, PersonRole.community_id)
        .where(PersonRole.role == role.value, PersonRole.community_id.in_(community_ids))
        .distinct()
        .order_by(PersonRole.person_id)
    ):
        found[community_id].append(person_id)  # type: ignore[index]  # the IN filter rules out NULL
    return found


async def office_staff(session: AsyncSession, subdistrict_id: int | None) -> list[int]:
    rows = await session.scalars(
        select(Person.id)
        .join(PersonRole, PersonRole.person_id == Person.id)
        .join(Department, Department.id == Person.department_id)
        .where(
            PersonRole.role == Role.DEPARTMENT_STAFF.value,
            Department.name == rules.OFFICE_DEPARTMENT,
            Person.subdistrict_id == subdistrict_id,
        )
    )
    return sorted(set(rows.all()))
