"""Helpers for the reminder tests: local times in Asia/Shanghai, an engine on a test database, the outbox as seen."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select

from bot.config import Settings
from reminders.engine import ReminderEngine
from reminders.kinds import all_kinds
from storage.db import Database
from storage.models import OutboxMessage, Problem

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(year: int, month: int, day: int, hour: int = 9, minute: int = 0) -> datetime:
    """A local (Asia/Shanghai) wall-clock time, as the aware UTC instant the bot's clock returns."""
    return datetime(year, month, day, hour, minute, tzinfo=SHANGHAI).astimezone(UTC)


def make_engine(db: Database, settings: Settings, clock, **overrides) -> ReminderEngine:  # type: ignore[no-untyped-def]
    if overrides:
        settings = settings.model_copy(update=overrides)
    return ReminderEngine(db, settings, all_kinds(), clock)


@dataclass(frozen=True)
class Queued:
    kind: str
    person_id: int
    period: str
    chat_id: int
    day: date
    hour: int
    text: str
    buttons: list[str]


async def queued(db: Database) -> list[Queued]:
    """Reminders in the outbox, by kind, person, period and the local date and hour they were queued."""
    async with db.session() as session:
        rows = (await session.execute(select(OutboxMessage).order_by(OutboxMessage.id))).scalars().all()
    found = []
    for row in rows:
        if not row.key.startswith("rem:"):
            continue
        _, kind, person, period = row.key.split(":", 3)
        local = row.created_at.astimezone(SHANGHAI)
        buttons = [label for line in row.payload.get("buttons", []) for label, _ in line]  # services.outgoing
        found.append(
            Queued(
                kind, int(person), period, row.chat_id, local.date(), local.hour, row.payload["text"], buttons
            )
        )
    return found


def accepted_problem(
    reporter_id: int,
    owner_id: int,
    due: date,
    description: str = "路灯损坏",
    reported: datetime | None = None,
) -> Problem:
    """An item of 幸福社区 (community 1) accepted by `owner_id`, due on `due`: what the problem-item reminders watch."""
    reported = reported or at(2026, 11, 27, 10)
    return Problem(
        community_id=1,
        kind="problem",
        category="facilities",
        description=description,
        status="accepted",
        reporter_id=reporter_id,
        owner_id=owner_id,
        due_date=due,
        reported_at=reported,
        updated_at=reported,
    )
