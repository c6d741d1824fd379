"""Who is writing: the actor of an update, and how quickly a change to their roles is seen."""

from __future__ import annotations

import asyncio

from domain.roles import Role
from services.people import load_actor
from storage.db import Database
from storage.models import PersonRole
from tests.conftest import fresh_database, needs_pg
from tests.factories import add_person


async def _eventually(check, timeout: float = 5.0):  # type: ignore[no-untyped-def]
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        result = await check()
        if result or asyncio.get_running_loop().time() > deadline:
            return result
        await asyncio.sleep(0.01)


async def test_actor_has_roles_communities_and_language(any_db):
    person_id = await add_person(
        any_db,
        "王建国",
        "13800000001",
        [
            (Role.SECRETARY, "幸福社区"),
            (Role.LEADER_IN_CHARGE, "和平社区"),
            (Role.LEADER_IN_CHARGE, "幸福社区"),
        ],
        telegram_id=1,
        department="党政办",
    )
    actor = await load_actor(any_db, 1, "zh-CN")
    assert actor.person_id == person_id and actor.name == "王建国" and actor.active is True
    assert actor.roles == {Role.SECRETARY, Role.LEADER_IN_CHARGE}
    assert actor.communities == ("和平社区", "幸福社区") and actor.department == "党政办"
    stranger = await load_actor(any_db, 2, "zh-CN", language_code="en")
    assert not stranger.onboarded and stranger.locale == "en"


async def test_role_change_from_another_process_is_seen(any_db):
    person_id = await add_person(
        any_db, "李红", "13800000002", [(Role.GRID_WORKER, "幸福社区")], telegram_id=3
    )
    assert (await load_actor(any_db, 3, "zh-CN")).roles == {Role.GRID_WORKER}
    other_process = Database(any_db.url)
    async with other_process.session() as s:
        s.add(PersonRole(person_id=person_id, role=Role.ADMIN.value))
    await other_process.dispose()

    async def sees_admin() -> bool:
        return Role.ADMIN in (await load_actor(any_db, 3, "zh-CN")).roles

    assert await _eventually(sees_admin)


@needs_pg
async def test_postgresql_remembers_actor_until_notified(tmp_path, monkeypatch):
    db = await fresh_database("postgresql", tmp_path)
    try:
        await add_person(db, "李红", "13800000003", [(Role.GRID_WORKER, "幸福社区")], telegram_id=4)
        await load_actor(db, 4, "zh-CN")
        reads = 0
        original = Database.hot_fetch

        async def counting(self, stmt, params):  # type: ignore[no-untyped-def]
            nonlocal reads
            reads += 1
            return await original(self, stmt, params)

        monkeypatch.setattr(Database, "hot_fetch", counting)
        for _ in range(5):
            await load_actor(db, 4, "zh-CN")
        assert reads == 0  # remembered
        version = await db.people_version()
        async with db.session() as s:
            s.add(PersonRole(person_id=1, role=Role.SECRETARY.value, community_id=1))

        async def notified() -> bool:
            return await db.people_version() != version

        assert await _eventually(notified)
        assert Role.SECRETARY in (await load_actor(db, 4, "zh-CN")).roles
        assert reads == 1
    finally:
        await db.dispose()
