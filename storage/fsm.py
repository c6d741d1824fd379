"""aiogram FSM storage in the bot's own database, so dialogs survive restarts without Redis.

The whole table is held in memory (one stack and the open dialogs per person: small), loaded once; reads never touch
the database. The changes of each update are handed, when the update is done, to one writer task that stores them in
order, coalescing what piles up into a single statement; `close()` (a normal stop) waits until everything is stored.
So a half-filled dialog survives a restart, and a crash loses at most the dialog moves of the last moment, never a
submitted record (those are committed by their services before the user is told). Outside an update (`batch()`),
a write is stored before it returns; so is a write made after its update's batch was handed over (by a task the
update started, which inherits the batch). The database never goes back behind memory: a batch handed over late
does not store a key that a later write has changed since (that later write is stored by whoever made it). `close()`
keeps the memory: aiogram closes the storage when polling stops, while the last updates may still be running, and
their changes must still be read and stored. This relies on one bot process owning its users; several instances
sharing users use Redis (REDIS_URL). Data goes through JSON both ways, so dialog data that could not survive a
restart fails at once.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Mapping
from contextvars import ContextVar
from typing import Any

from aiogram.fsm.state import State
from aiogram.fsm.storage.base import BaseStorage, DefaultKeyBuilder, KeyBuilder, StateType, StorageKey
from sqlalchemy import delete, select

from storage.db import Database, insert_for
from storage.models import FsmRecord

log = logging.getLogger("gridbot.fsm")
_Entry = tuple[str | None, str]  # state, data as JSON text
_EMPTY: _Entry = (None, "{}")


class _Batch:
    """The changes of one update, and whether they may still be added to (not yet handed to the writer)."""

    __slots__ = ("changes", "open")

    def __init__(self) -> None:
        self.changes: dict[str, _Entry] = {}
        self.open = True


class _BatchScope:
    """`SqlStorage.batch()`: a plain async context manager (it is entered for every update)."""

    __slots__ = ("batch", "storage", "token")

    def __init__(self, storage: SqlStorage) -> None:
        self.storage = storage
        self.batch = _Batch()

    async def __aenter__(self) -> None:
        self.token = self.storage._batch.set(self.batch)

    async def __aexit__(self, *_: object) -> None:
        self.storage._batch.reset(self.token)
        self.batch.open = False  # later writes through a copy of this context are stored at once
        self.storage._hand_over(self.batch.changes)


class SqlStorage(BaseStorage):
    def __init__(self, db: Database, key_builder: KeyBuilder | None = None) -> None:
        self.db = db
        self.key_builder = key_builder or DefaultKeyBuilder(with_destiny=True, with_bot_id=True)
        self._entries: dict[str, _Entry] | None = None
        self._load_lock = asyncio.Lock()
        self._batch: ContextVar[_Batch | None] = ContextVar(f"fsm-batch-{id(self)}", default=None)
        self._unwritten: dict[str, _Entry] = {}
        self._writer: asyncio.Task[None] | None = None
        self._write_lock = asyncio.Lock()
        insert = insert_for(db.dialect)(FsmRecord)
        # One statement for every write, compiled once; several changes go as one executemany.
        self._upsert = insert.on_conflict_do_update(
            index_elements=[FsmRecord.key],
            set_={"state": insert.excluded.state, "data": insert.excluded.data},
        )

    async def _all(self) -> dict[str, _Entry]:
        if self._entries is None:
            async with self._load_lock:
                if self._entries is None:
                    self._entries = await self._load()
        return self._entries

    async def _load(self) -> dict[str, _Entry]:
        async with self.db.session() as session:
            rows = (await session.execute(select(FsmRecord.key, FsmRecord.state, FsmRecord.data))).all()
            entries = {key: (state, data) for key, state, data in rows if (state, data) != _EMPTY}
            if len(entries) < len(rows):
                # Cleared entries are stored as empty rows (writes are upserts); tidy them here.
                await session.execute(
                    delete(FsmRecord).where(FsmRecord.state.is_(None), FsmRecord.data == _EMPTY[1])
                )
        return entries

    async def _get(self, key: str) -> _Entry:
        entries = self._entries if self._entries is not None else await self._all()
        return entries.get(key, _EMPTY)

    async def _put(self, key: str, entry: _Entry) -> None:
        entries = self._entries if self._entries is not None else await self._all()
        if entries.get(key, _EMPTY) == entry:
            return
        if entry == _EMPTY:
            entries.pop(key, None)
        else:
            entries[key] = entry
        batch = self._batch.get()
        if batch is not None and batch.open:
            batch.changes[key] = entry
        else:  # outside an update, or after its batch was handed over: a task it started and outlived it
            self._unwritten[key] = entry
            await self.flush()

    async def _write_unwritten(self) -> None:
        async with self._write_lock:  # one writer at a time keeps the writes of a key in order
            while self._unwritten:
                changes, self._unwritten = self._unwritten, {}
                rows = [{"key": k, "state": s, "data": d} for k, (s, d) in changes.items()]
                try:
                    await self.db.hot_execute(self._upsert, rows)
                except Exception:
                    # Keep them for the next attempt rather than drop a person's progress.
                    self._unwritten = {**changes, **self._unwritten}
                    raise

    async def _writer_loop(self) -> None:
        try:
            await self._write_unwritten()
        except Exception as exc:  # dialog data is what people typed: only the type is logged here
            log.error("storing dialog state failed (%s); will retry with the next change", type(exc).__name__)

    def batch(self) -> _BatchScope:
        """`async with storage.batch():` collect the writes of one update and hand them to the writer when the
        update is done."""
        return _BatchScope(self)

    def _hand_over(self, changes: dict[str, _Entry]) -> None:
        if not changes:
            return
        entries = self._entries or {}
        for key, entry in changes.items():
            # A key changed again since (a late write, another batch) is stored with that newer change instead:
            # storing this one now could put the database behind memory for good.
            if entries.get(key, _EMPTY) == entry:
                self._unwritten[key] = entry
        if self._unwritten and (self._writer is None or self._writer.done()):
            self._writer = asyncio.create_task(self._writer_loop(), name="fsm-writer")

    async def flush(self) -> None:
        """Store every change handed over so far."""
        if self._writer is not None:
            await asyncio.shield(self._writer)
        await self._write_unwritten()

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        str_key = self.key_builder.build(key, "state")
        _, data = await self._get(str_key)
        await self._put(str_key, (state.state if isinstance(state, State) else state, data))

    async def get_state(self, key: StorageKey) -> str | None:
        return (await self._get(self.key_builder.build(key, "state")))[0]

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        str_key = self.key_builder.build(key, "state")
        state, _ = await self._get(str_key)
        # Raises TypeError for data that could not survive a restart.
        await self._put(str_key, (state, json.dumps(dict(data), ensure_ascii=False, sort_keys=True)))

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        return json.loads((await self._get(self.key_builder.build(key, "state")))[1])

    async def close(self) -> None:
        """Store everything; the memory stays (see the module docstring), so a late write is still right."""
        await self.flush()
