"""Test data written straight to storage, so tests of one flow do not depend on another (e.g. roster import)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from domain.roles import Role
from storage.db import Database
from storage.models import Community, Department, Grid, Person, PersonRole, Subdistrict

NOW = datetime(2026, 11, 27, 2, 0, tzinfo=UTC)


async def add_person(
    db: Database,
    name: str,
    phone: str,
    roles: list[tuple[Role, str | None]],
    *,
    telegram_id: int | None = None,
    department: str | None = None,
    subdistrict: str = "城关街道",
) -> int:
    async with db.session() as s:
        sub = (await s.execute(select(Subdistrict).where(Subdistrict.name == subdistrict))).scalar()
        if sub is None:
            sub = Subdistrict(name=subdistrict)
            s.add(sub)
            await s.flush()
        dept_id = None
        if department:
            dept = (await s.execute(select(Department).where(Department.name == department))).scalar()
            if dept is None:
                dept = Department(subdistrict_id=sub.id, name=department)
                s.add(dept)
                await s.flush()
            dept_id = dept.id
        person = Person(
            subdistrict_id=sub.id,
            name=name,
            phone=phone,
            department_id=dept_id,
            telegram_id=telegram_id,
            bound_at=NOW if telegram_id else None,
            created_at=NOW,
            updated_at=NOW,
        )
        s.add(person)
        await s.flush()
        for role, community_name in roles:
            community_id = None
            if community_name:
                community = (
                    await s.execute(select(Community).where(Community.name == community_name))
                ).scalar()
                if community is None:
                    community = Community(subdistrict_id=sub.id, name=community_name)
                    s.add(community)
                    await s.flush()
                    s.add(Grid(community_id=community.id, name=f"{community_name}第一网格", households=300))
                community_id = community.id
            s.add(PersonRole(person_id=person.id, role=role.value, community_id=community_id))
        return person.id


async def person_by_phone(db: Database, phone: str) -> Person | None:
    async with db.session() as s:
        return (await s.execute(select(Person).where(Person.phone == phone))).scalar()
