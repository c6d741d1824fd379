"""The log a person is still writing, kept in the database between their steps."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete

from storage.db import Database
from storage.models import (
    WorkLogDraft,
)


async def load_draft(db: Database, person_id: int) -> dict[str, Any] | None:
    async with db.session() as s:
        draft = await s.get(WorkLogDraft, person_id)
        return dict(draft.data) if draft else None


async def save_draft(db: Database, person_id: int, data: dict[str, Any], now: datetime) -> None:
    async with db.session() as s:
        draft = await s.get(WorkLogDraft, person_id)
        if draft is None:
            s.add(WorkLogDraft(person_id=person_id, data=data, updated_at=now))
        else:
            draft.data = data
            draft.updated_at = now


async def discard_draft(db: Database, person_id: int) -> None:
    async with db.session() as s:
        await s.execute(delete(WorkLogDraft).where(WorkLogDraft.person_id == person_id))
