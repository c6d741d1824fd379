"""The per-chat lock of several instances (with REDIS_URL): aiogram's Redis lock, kept alive while it is held.

aiogram's RedisEventIsolation takes a Redis lock per chat for each update, with one fixed expiry (60 s by default):
if an instance dies while handling an update, that person's next updates wait for the whole expiry on every other
instance. Here the lock expires after `LOCK_SECONDS` and is renewed every third of that while its update is still
being handled, so a long update keeps it, and a dead instance's lock lapses within seconds.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator
from contextlib import asynccontextmanager, suppress

from aiogram.fsm.storage.base import StorageKey
from aiogram.fsm.storage.redis import RedisEventIsolation
from redis.asyncio.lock import Lock

LOCK_SECONDS = 15


class RenewedRedisEventIsolation(RedisEventIsolation):
    @asynccontextmanager
    async def lock(self, key: StorageKey) -> AsyncGenerator[None, None]:
        redis_key = self.key_builder.build(key, "lock")
        lock: Lock = self.redis.lock(name=redis_key, timeout=LOCK_SECONDS, lock_class=Lock)
        async with lock:
            keeper = asyncio.create_task(_renew(lock))
            try:
                yield None
            finally:
                keeper.cancel()
                with suppress(asyncio.CancelledError):
                    await keeper


async def _renew(lock: Lock) -> None:
    while True:
        await asyncio.sleep(LOCK_SECONDS / 3)
        with suppress(Exception):  # lost or Redis away a moment: the lock may lapse, as aiogram's would
            await lock.reacquire()
