"""Storage on SQLite and PostgreSQL: migrations up and down, concurrent writes, dialog state on every FSM backend."""

from __future__ import annotations

import asyncio

import pytest
from aiogram.fsm.storage.base import StorageKey
from sqlalchemy import func, inspect, select

from domain.roles import Role
from storage.db import Database
from storage.fsm import SqlStorage
from storage.migrate import downgrade, revisions, upgrade
from storage.models import AuditEntry, Base, Person
from tests.conftest import REDIS_URL, fresh_database, needs_pg, needs_redis
from tests.factories import NOW, add_person


async def _tables(db: Database) -> set[str]:
    async with db.engine.connect() as conn:
        return set(await conn.run_sync(lambda c: inspect(c).get_table_names())) - {"alembic_version"}


@pytest.mark.parametrize("kind", ["sqlite", pytest.param("postgresql", marks=needs_pg)])
async def test_stairway_every_revision_up_and_down(kind, tmp_path):
    db = await fresh_database(kind, tmp_path)
    try:
        await downgrade(db, "base")
        assert await _tables(db) == set()
        revs = revisions()
        assert revs, "no migrations found"
        for i, rev in enumerate(revs):
            await upgrade(db, rev)
            await downgrade(db, revs[i - 1] if i else "base")
            await upgrade(db, rev)
        assert await _tables(db) == set(Base.metadata.tables)
    finally:
        await db.dispose()


async def test_models_and_migrations_agree(any_db):
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    async with any_db.engine.connect() as conn:
        diff = await conn.run_sync(
            lambda c: compare_metadata(
                MigrationContext.configure(c, opts={"compare_type": False}), Base.metadata
            )
        )
    assert diff == []


async def test_concurrent_writes_do_not_fail(any_db):
    """Fifty concurrent read-modify-write transactions: none fails with "database is locked", none is lost."""
    await add_person(any_db, "计数", "13800000000", [(Role.GRID_WORKER, "幸福社区")])

    async def bump(i: int) -> None:
        async with any_db.session() as s:
            person = (await s.execute(select(Person).where(Person.phone == "13800000000"))).scalar_one()
            await asyncio.sleep(0)  # let the others interleave inside their transactions
            person.name = f"计数{i}"
            s.add(AuditEntry(at=NOW, action="bump", detail={"i": i}))

    await asyncio.gather(*(bump(i) for i in range(50)))
    async with any_db.session() as s:
        assert (await s.execute(select(func.count(AuditEntry.id)))).scalar() == 50


KEY = StorageKey(bot_id=42, chat_id=7, user_id=7, destiny="aiogd:stack")


async def _roundtrip(make_storage) -> None:  # type: ignore[no-untyped-def]
    storage = await make_storage()
    await storage.set_state(KEY, "Menu:main")
    await storage.set_data(KEY, {"日志": "半填", "n": 3, "grids": [1, 2]})
    await storage.close()
    reopened = await make_storage()  # as after a restart
    assert await reopened.get_state(KEY) == "Menu:main"
    assert await reopened.get_data(KEY) == {"日志": "半填", "n": 3, "grids": [1, 2]}
    await reopened.set_state(KEY, None)
    await reopened.set_data(KEY, {})
    assert await reopened.get_state(KEY) is None
    await reopened.close()


async def test_sql_fsm_storage_survives_restart(any_db):
    async def make():  # type: ignore[no-untyped-def]
        return SqlStorage(Database(any_db.url))

    await _roundtrip(make)


async def test_sql_fsm_storage_refuses_data_that_cannot_be_stored(db):
    storage = SqlStorage(db)
    with pytest.raises(TypeError):
        await storage.set_data(KEY, {"when": object()})
    assert await storage.get_data(KEY) == {}


@needs_redis
async def test_redis_fsm_storage_survives_restart():
    from aiogram.fsm.storage.base import DefaultKeyBuilder
    from aiogram.fsm.storage.redis import RedisStorage

    async def make():  # type: ignore[no-untyped-def]
        return RedisStorage.from_url(
            REDIS_URL, key_builder=DefaultKeyBuilder(with_destiny=True, with_bot_id=True)
        )

    await _roundtrip(make)


@needs_redis
async def test_bot_runs_dialogs_on_redis(settings, db, clock):
    """With REDIS_URL set the same menu works, its state is in Redis (shared by instances) and the per-chat lock is
    Redis's too (the app's own factory, bot.app.make_storage, builds both)."""
    from aiogram.fsm.storage.redis import RedisEventIsolation

    from tests.conftest import BotHarness

    redis_settings = settings.model_copy(update={"redis_url": REDIS_URL})
    await add_person(db, "管理员", "13800000001", [(Role.ADMIN, None)], telegram_id=300)
    harness = BotHarness(redis_settings, db, clock)
    storage = harness.dp.storage
    assert isinstance(harness.dp.fsm.events_isolation, RedisEventIsolation)
    await storage.redis.flushdb()  # type: ignore[attr-defined]
    user = harness.user(300)
    await user.send("/menu")
    await user.press("👥 名册概况")
    overview = user.last()
    second_instance = BotHarness(redis_settings, db, clock)
    user2 = second_instance.user(300)
    user2.telegram = harness.telegram
    user2.bot = harness.bot
    await user2.press("⬅️ 返回", overview)
    assert "主菜单" in harness.telegram.chat(300)[-1].text
    assert await storage.redis.keys("fsm:42:300:*")  # type: ignore[attr-defined]
    await second_instance.dp.storage.close()


async def test_instances_starting_together_migrate_one_after_the_other(any_db):
    await downgrade(any_db, "base")
    instances = [Database(any_db.url) for _ in range(3)]
    try:
        await asyncio.gather(*(upgrade(instance) for instance in instances))
    finally:
        for instance in instances:
            await instance.dispose()
    assert await _tables(any_db) == set(Base.metadata.tables)


@needs_redis
async def test_the_per_chat_redis_lock_is_renewed_while_held_and_lapses_after_a_crash(monkeypatch):
    from aiogram.fsm.storage.base import StorageKey
    from redis.asyncio import Redis

    from storage import redis_lock
    from storage.redis_lock import RenewedRedisEventIsolation

    monkeypatch.setattr(redis_lock, "LOCK_SECONDS", 0.6)
    redis = Redis.from_url(REDIS_URL)  # type: ignore[arg-type]
    isolation = RenewedRedisEventIsolation(redis)
    key = StorageKey(bot_id=42, chat_id=77, user_id=77, destiny="default")
    name = isolation.key_builder.build(key, "lock")
    try:
        async with isolation.lock(key):
            await asyncio.sleep(1.5)  # longer than the lock's life: renewed, still held
            assert await redis.exists(name)
        assert not await redis.exists(name)
        # An instance that died holding it: nobody renews it, and it lapses by itself.
        await redis.set(name, "dead-instance", px=600)
        await asyncio.sleep(0.8)
        assert not await redis.exists(name)
    finally:
        await redis.delete(name)
        await redis.aclose()
