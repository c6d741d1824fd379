"""Who gives communities work and who answers it: department staff, the secretaries of a community, the
communities of a person's sub-district."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.roles import Role
from services.problems import people_with
from storage.db import Database
from storage.models import Community, Department, Person, PersonRole


async def issuer(
    session: AsyncSession, person_id: int, community_ids: list[int] | set[int] | dict[int, int]
) -> tuple[int | None, str, str | None]:
    """(sub-district, department, refusal) of someone giving communities work: the refusal is "no-permission" for
    anyone but department staff and "no-communities" when a community is missing or not of their sub-district."""
    if not await is_department_staff(session, person_id):
        return None, "", "no-permission"
    sub = await session.scalar(select(Person.subdistrict_id).where(Person.id == person_id))
    wanted = set(community_ids)
    known = set(
        (
            await session.scalars(
                select(Community.id).where(Community.id.in_(wanted), Community.subdistrict_id == sub)
            )
        ).all()
    )
    if not wanted or known != wanted:
        return sub, "", "no-communities"
    return sub, await department_of(session, person_id), None


async def is_department_staff(session: AsyncSession, person_id: int) -> bool:
    found = await session.scalar(
        select(PersonRole.id).where(
            PersonRole.person_id == person_id, PersonRole.role == Role.DEPARTMENT_STAFF.value
        )
    )
    return found is not None


async def is_secretary_of(session: AsyncSession, person_id: int, community_id: int) -> bool:
    return person_id in await people_with(session, Role.SECRETARY, community_id)


async def communities_for(db: Database, person_id: int) -> list[tuple[int, str]]:
    """The communities of the person's sub-district, (id, name), by name."""
    async with db.session() as session:
        sub = await session.scalar(select(Person.subdistrict_id).where(Person.id == person_id))
        rows = await session.execute(
            select(Community.id, Community.name).where(Community.subdistrict_id == sub).order_by(Community.id)
        )
        return [(r.id, r.name) for r in rows]


async def department_of(session: AsyncSession, person_id: int) -> str:
    name = await session.scalar(
        select(Department.name)
        .join(Person, Person.department_id == Department.id)
        .where(Person.id == person_id)
    )
    return name or ""
