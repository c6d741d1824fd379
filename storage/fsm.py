"""aiogram FSM storage in the bot's own database, so dialogs survive restarts without Redis.

Reads are served from a write-through cache: with the default set-up one bot process owns its users, so the cache is
always current and a button press costs no read queries. Writes reach the database before the update finishes.
Several instances sharing users must use Redis instead (REDIS_URL), which also provides cross-process event isolation.
Data goes through JSON both ways, so dialog data that cannot be stored fails at once, not after a restart.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from collections.abc import Mapping
from typing import Any

from aiogram.fsm.state import State
from aiogram.fsm.storage.base import BaseStorage, DefaultKeyBuilder, KeyBuilder, StateType, StorageKey
from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from storage.db import Database
from storage.models import FsmRecord

_Entry = tuple[str | None, str]  # state, data as JSON text


class SqlStorage(BaseStorage):
    def __init__(self, db: Database, key_builder: KeyBuilder | None = None, cache_size: int = 50_000) -> None:
        self.db = db
        self.key_builder = key_builder or DefaultKeyBuilder(with_destiny=True, with_bot_id=True)
        self._cache: OrderedDict[str, _Entry] = OrderedDict()
        self._cache_size = cache_size

    async def _load(self, key: str) -> _Entry:
        entry = self._cache.get(key)
        if entry is None:
            async with self.db.session() as session:
                row = (
                    await session.execute(select(FsmRecord.state, FsmRecord.data).where(FsmRecord.key == key))
                ).first()
            entry = (row.state, json.dumps(row.data, ensure_ascii=False)) if row else (None, "{}")
            self._remember(key, entry)
        else:
            self._cache.move_to_end(key)
        return entry

    def _remember(self, key: str, entry: _Entry) -> None:
        self._cache[key] = entry
        self._cache.move_to_end(key)
        while len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)

    async def _save(self, key: str, state: str | None, data_json: str) -> None:
        if self._cache.get(key) == (state, data_json):
            return
        async with self.db.session() as session:
            if state is None and data_json == "{}":
                await session.execute(delete(FsmRecord).where(FsmRecord.key == key))
            else:
                insert = pg_insert if self.db.dialect == "postgresql" else sqlite_insert
                values = {"key": key, "state": state, "data": json.loads(data_json)}
                stmt = insert(FsmRecord).values(**values)
                stmt = stmt.on_conflict_do_update(
                    index_elements=[FsmRecord.key],
                    set_={"state": stmt.excluded.state, "data": stmt.excluded.data},
                )
                await session.execute(stmt)
        self._remember(key, (state, data_json))

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        str_key = self.key_builder.build(key, "state")
        new_state = state.state if isinstance(state, State) else state
        _, data_json = await self._load(str_key)
        await self._save(str_key, new_state, data_json)

    async def get_state(self, key: StorageKey) -> str | None:
        state, _ = await self._load(self.key_builder.build(key, "state"))
        return state

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        str_key = self.key_builder.build(key, "state")
        state, _ = await self._load(str_key)
        # Raises TypeError for data that could not survive a restart.
        await self._save(str_key, state, json.dumps(dict(data), ensure_ascii=False, sort_keys=True))

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        _, data_json = await self._load(self.key_builder.build(key, "state"))
        return json.loads(data_json)

    async def close(self) -> None:
        self._cache.clear()
