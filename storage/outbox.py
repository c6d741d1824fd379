"""The outbox table: notifications are written in the transaction of the change that caused them, then delivered.

`enqueue` is idempotent by key: queueing the same notification twice (a retried handler, a re-run reminder job)
stores it once. The sender claims due rows, sends them, and records the outcome.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from storage.db import rowcount
from storage.models import OutboxMessage, Person

PENDING, SENDING, SENT, FAILED = "pending", "sending", "sent", "failed"


@dataclass(frozen=True)
class Outgoing:
    id: int
    chat_id: int
    method: str
    payload: dict
    attempts: int
    priority: int = 0


def new_row(
    *,
    key: str,
    chat_id: int,
    payload: dict,
    now: datetime,
    method: str = "sendMessage",
    not_before: datetime | None = None,
    priority: int = 0,
) -> dict:
    """An outbox row's values as `enqueue` stores them, for queuing many at once (`reminders.engine.enqueue_many`)."""
    return {
        "key": key,
        "chat_id": chat_id,
        "method": method,
        "payload": payload,
        "status": PENDING,
        "attempts": 0,
        "not_before": not_before or now,
        "created_at": now,
        "priority": priority,
    }


async def enqueue(
    session: AsyncSession,
    *,
    key: str,
    chat_id: int,
    payload: dict,
    now: datetime,
    method: str = "sendMessage",
    not_before: datetime | None = None,
    priority: int = 0,
) -> bool:
    """Queue a message; returns False when a message with this key was already queued (nothing changes).

    Methods: sendMessage; sendDocument and sendPhoto (payload `document_path` / `photo_path`: a file the bot wrote, or
    `photo`: a Telegram file id); editMessageText (payload `edit_key`: the key of an earlier outbox message, edited
    once that one has been sent). A higher `priority` is sent before lower ones that are due.
    """
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    stmt = (
        insert(OutboxMessage)
        .values(
            **new_row(
                key=key,
                chat_id=chat_id,
                payload=payload,
                now=now,
                method=method,
                not_before=not_before,
                priority=priority,
            )
        )
        .on_conflict_do_nothing(index_elements=[OutboxMessage.key])
    )
    result = await session.execute(stmt)
    return bool(rowcount(result))


async def claim_due(
    session: AsyncSession, now: datetime, limit: int, stale_after: timedelta
) -> list[Outgoing]:
    """Mark up to `limit` due messages as being sent and return them.

    A message left in "sending" by a process that died is taken up again after `stale_after`: the crash window between
    Telegram accepting a message and this row being marked sent is milliseconds, and a repeat is less harmful than a
    lost notice.
    """
    rows = (
        await session.execute(
            select(OutboxMessage)
            .where(
                ((OutboxMessage.status == PENDING) & (OutboxMessage.not_before <= now))
                | ((OutboxMessage.status == SENDING) & (OutboxMessage.not_before <= now - stale_after))
            )
            .order_by(OutboxMessage.priority.desc(), OutboxMessage.not_before, OutboxMessage.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
    ).scalars()
    claimed = []
    for row in rows:
        row.status = SENDING
        row.not_before = now
        row.attempts += 1
        claimed.append(Outgoing(row.id, row.chat_id, row.method, row.payload, row.attempts, row.priority))
    return claimed


async def more_urgent_due(session: AsyncSession, now: datetime, priority: int) -> bool:
    """Is a message of a higher priority than `priority` waiting to go now (an emergency call-out)?"""
    found = await session.execute(
        select(OutboxMessage.id)
        .where(
            OutboxMessage.status == PENDING,
            OutboxMessage.priority > priority,
            OutboxMessage.not_before <= now,
        )
        .limit(1)
    )
    return found.first() is not None


async def release(session: AsyncSession, message_ids: list[int]) -> None:
    """Claimed but not sent (the sender is stopping): back to the queue, for the next start to send at once."""
    await session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(message_ids), OutboxMessage.status == SENDING)
        .values(status=PENDING, attempts=OutboxMessage.attempts - 1)
    )


async def mark_sent(
    session: AsyncSession, message_id: int, now: datetime, telegram_message_id: int | None = None
) -> None:
    await session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id)
        .values(status=SENT, sent_at=now, error=None, message_id=telegram_message_id)
    )


async def sent_message(session: AsyncSession, key: str) -> tuple[str, int | None] | None:
    """(status, Telegram message id) of the outbox message with this key, or None if there is none."""
    row = (
        await session.execute(
            select(OutboxMessage.status, OutboxMessage.message_id).where(OutboxMessage.key == key)
        )
    ).first()
    return (row.status, row.message_id) if row else None


async def mark_failed(session: AsyncSession, message_id: int, error: str) -> None:
    await session.execute(
        update(OutboxMessage).where(OutboxMessage.id == message_id).values(status=FAILED, error=error[:500])
    )


async def retry_later(
    session: AsyncSession, message_id: int, when: datetime, error: str, *, refund_attempt: bool = False
) -> None:
    """Back to the queue until `when`; a 429 refunds the attempt, since Telegram only asked us to wait."""
    values: dict = {"status": PENDING, "not_before": when, "error": error[:500]}
    if refund_attempt:
        values["attempts"] = OutboxMessage.attempts - 1
    await session.execute(update(OutboxMessage).where(OutboxMessage.id == message_id).values(**values))


async def mark_chat_blocked(session: AsyncSession, chat_id: int) -> None:
    """The person blocked the bot: stop counting them as reachable until they write again."""
    await session.execute(update(Person).where(Person.telegram_id == chat_id).values(active=False))


async def defer(session: AsyncSession, deferrals: list[tuple[int, float]], now: datetime) -> None:
    """Claimed but not tried (its chat was busy): back to the queue for when the chat is free, attempt refunded."""
    for message_id, seconds in deferrals:
        await session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == message_id, OutboxMessage.status == SENDING)
            .values(
                status=PENDING,
                not_before=now + timedelta(seconds=seconds),
                attempts=OutboxMessage.attempts - 1,
            )
        )
