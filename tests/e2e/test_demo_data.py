"""The demo sub-district as the issue describes it, checked on what `seed_demo` stores (in-process, no bot)."""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from bot.sandbox_runner import PERSONA_ID_BASE, load_personas, seed_demo
from domain.phones import normalize_phone
from domain.roles import WINDOW_STAFF_CAP, Role
from storage.db import Database
from storage.models import Community, Person
from tests.e2e.harness import DEFAULT_START

CJK_NAME = re.compile(r"^[\u4e00-\u9fff]{2,4}$")


async def test_demo_sub_district_has_every_role_and_is_seeded_once(db: Database) -> None:
    first = await seed_demo(db, now=DEFAULT_START)
    assert first.imported and (first.people, first.communities, first.grids) == (25, 3, 12)

    async with db.session() as session:
        communities = (await session.scalars(select(Community).options(selectinload(Community.grids)))).all()
        people = (await session.scalars(select(Person).options(selectinload(Person.department)))).all()
        # Roles are loaded with the people (selectin); their communities are joined.
        roles = [
            (person, held.role, held.community.name if held.community else None)
            for person in people
            for held in person.roles
        ]

    assert len(communities) == 3
    for community in communities:
        assert 3 <= len(community.grids) <= 5, community.name
        assert all(grid.households and grid.population for grid in community.grids)

    assert {Role(role) for _, role, _ in roles} == set(Role)
    for person in people:
        assert CJK_NAME.match(person.name), person.name
        assert normalize_phone(person.phone) == person.phone
    by_role: dict[Role, list[tuple[Person, str | None]]] = defaultdict(list)
    for person, role, community in roles:
        by_role[Role(role)].append((person, community))
    assert Counter(c for _, c in by_role[Role.SECRETARY]) == Counter(c.name for c in communities)
    assert max(Counter(c for _, c in by_role[Role.WINDOW_STAFF]).values()) <= WINDOW_STAFF_CAP
    for cadre in (Role.PAIRED_CADRE, Role.SECONDED_CADRE):
        assert all(person.department for person, _ in by_role[cadre]), cadre
    departments = {person.department.name for person, _ in by_role[Role.DEPARTMENT_STAFF]}
    assert {"党群工作部", "党政办"} <= departments

    again = await seed_demo(db, now=DEFAULT_START)
    assert not again.imported and again.people == 25

    personas = await load_personas(db, "zh-CN")
    assert sorted(p["user_id"] for p in personas) == sorted(PERSONA_ID_BASE + p.id for p in people)
    assert all(p["phone"].startswith("+861") for p in personas)
