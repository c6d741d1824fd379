"""Who is writing: the actor of an update, and how quickly a change to their roles is seen."""

from __future__ import annotations

import asyncio
import sqlite3

import pytest
from sqlalchemy import update

from domain.roles import Role
from services.people import ACTOR_QUERY, load_actor, set_locale
from storage.db import Database
from storage.models import Person, PersonRole
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

        async def notified() -> (
            bool
        ):  # PostgreSQL's notification (the second number is this process's writes)
            return (await db.people_version())[0] != version[0]  # type: ignore[index]

        assert await _eventually(notified)
        assert Role.SECRETARY in (await load_actor(db, 4, "zh-CN")).roles
        assert reads == 1
    finally:
        await db.dispose()


def _count_actor_reads(monkeypatch) -> list[int]:  # type: ignore[no-untyped-def]
    reads: list[int] = []
    original = Database.hot_fetch

    async def counting(self, stmt, params):  # type: ignore[no-untyped-def]
        if stmt is ACTOR_QUERY:
            reads.append(params["telegram_id"])
        return await original(self, stmt, params)

    monkeypatch.setattr(Database, "hot_fetch", counting)
    return reads


async def test_sqlite_remembers_actor_and_sees_this_process_changes_at_once(db, monkeypatch):
    person_id = await add_person(db, "李红", "13800000005", [(Role.GRID_WORKER, "幸福社区")], telegram_id=5)
    db.people_recheck_seconds = 3600.0  # the database's number is not read again in this test
    assert (await load_actor(db, 5, "zh-CN")).roles == {Role.GRID_WORKER}
    reads = _count_actor_reads(monkeypatch)
    for _ in range(5):
        await load_actor(db, 5, "zh-CN")
    assert reads == []  # remembered
    # A change in this process, through another engine on the same file (an admin dialog, a roster import):
    other = Database(db.url)
    async with other.session() as s:
        await s.execute(update(Person).where(Person.id == person_id).values(active=False))
    await other.dispose()
    actor = await load_actor(db, 5, "zh-CN")
    assert actor.active is False and reads == [5]
    await set_locale(db, 5, "en")
    assert (await load_actor(db, 5, "zh-CN")).locale == "en"


async def test_sqlite_sees_another_process_change_once_it_reads_the_version_again(db, monkeypatch):
    person_id = await add_person(db, "李红", "13800000006", [(Role.GRID_WORKER, "幸福社区")], telegram_id=6)
    db.people_recheck_seconds = 3600.0
    assert (await load_actor(db, 6, "zh-CN")).roles == {Role.GRID_WORKER}
    # Another process (`gridbot` importing a roster): its own SQLite connection, none of this process's engines.
    other_process = sqlite3.connect(db.url.split("///", 1)[1], isolation_level=None)
    other_process.execute("INSERT INTO person_roles (person_id, role) VALUES (?, 'admin')", (person_id,))
    other_process.close()
    assert Role.ADMIN not in (await load_actor(db, 6, "zh-CN")).roles  # until the number is read again
    db.people_recheck_seconds = 0.0
    db._people_recheck_at = 0.0  # the second has passed
    assert Role.ADMIN in (await load_actor(db, 6, "zh-CN")).roles


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE people SET name = name",
        "UPDATE person_roles SET role = role",
        "INSERT INTO person_roles (person_id, role) VALUES (1, 'admin')",
        "DELETE FROM person_roles WHERE role = 'grid_worker'",
        "UPDATE communities SET name = name",
        "UPDATE departments SET name = name",
        "INSERT INTO user_prefs (telegram_id, locale) VALUES (99, 'en')",
        "DELETE FROM people",
    ],
)
async def test_sqlite_triggers_raise_the_people_version_for_every_table(db, statement):
    """At the head revision every table the actor is read from has its triggers (a migration that rebuilt one of
    them on SQLite would have dropped them)."""
    await add_person(
        db, "李红", "13800000007", [(Role.GRID_WORKER, "幸福社区")], telegram_id=7, department="党政办"
    )
    db.people_recheck_seconds = 0.0
    before = await db.people_version()
    other_process = sqlite3.connect(db.url.split("///", 1)[1], isolation_level=None)
    other_process.execute("PRAGMA foreign_keys=ON")
    other_process.execute(statement)
    other_process.close()
    after = await db.people_version()
    assert before is not None and after is not None and after[0] > before[0] and after[1] == before[1]
