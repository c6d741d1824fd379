"""The outbox table: notifications are written in the transaction of the change that caused them, then delivered.

`enqueue` is idempotent by key: queueing the same notification twice (a retried handler, a re-run reminder job)
stores it once. The sender claims one message at a time, right before its call to Telegram, for a lease a little
longer than that call may take, and records the outcome: a sender that dies holds back only the message it was
sending, and only until the lease runs out.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import case, func, literal, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.db import insert_for, rowcount
from storage.messenger_ids import is_feishu_id
from storage.models import OutboxMessage, Person

PENDING, SENDING, SENT, FAILED = "pending", "sending", "sent", "failed"

# Set by `watching()`: a flag that turns True when a row is made for queuing, in that block or in a task it starts.
_watch: ContextVar[list[bool] | None] = ContextVar("gridbot_outbox_watch", default=None)


@contextmanager
def watching() -> Iterator[list[bool]]:
    """`with watching() as queued:` — `queued[0]` is True after the block if anything in it queued a message (the
    bot wakes its sender after an update only then, not after every press)."""
    flag = [False]
    token = _watch.set(flag)
    try:
        yield flag
    finally:
        _watch.reset(token)


@dataclass(frozen=True)
class Outgoing:
    id: int
    chat_id: int
    method: str
    payload: dict
    attempts: int
    priority: int = 0
    # Claimed before by a sender whose lease ran out (it died, or could not record the outcome): maybe sent already.
    lease_ran_out: bool = False
    channel_id: int | None = None  # a group robot's row (issue 20)


# The first words of `error` on a message that may have reached its chat twice: an attempt whose outcome is unknown
# (the call timed out or the connection broke; Telegram may have accepted it) was followed by another. The words stay
# when the message is sent or fails later, so such messages can be counted:
# `SELECT count(*) FROM outbox WHERE error LIKE 'possible duplicate%'`.
POSSIBLE_DUPLICATE = "possible duplicate"


def _error(new: str | None, *, uncertain: bool = False) -> Any:
    """The new value of `error`: `new`, keeping (or adding, when `uncertain`) the possible-duplicate mark."""
    marked = f"{POSSIBLE_DUPLICATE}: {new}" if new else POSSIBLE_DUPLICATE
    if uncertain:
        return marked
    return case((OutboxMessage.error.startswith(POSSIBLE_DUPLICATE), marked), else_=new)


def new_row(
    *,
    key: str,
    chat_id: int,
    payload: dict,
    now: datetime,
    method: str = "sendMessage",
    not_before: datetime | None = None,
    priority: int = 0,
    channel_id: int | None = None,
) -> dict:
    """An outbox row's values as `enqueue` stores them, for queuing many at once (`reminders.engine.enqueue_many`)."""
    if (flag := _watch.get()) is not None:
        flag[0] = True
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
        # A group robot's row (issue 20): `chat_id` is then minus the channel's id (no person's chat), and only
        # `bot.sender.robots` sends it.
        "channel_id": channel_id,
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
    channel_id: int | None = None,
) -> bool:
    """Queue a message; returns False when a message with this key was already queued (nothing changes).

    Methods: sendMessage; sendDocument and sendPhoto (payload `document_path` / `photo_path`: a file the bot wrote, or
    `photo`: a Telegram file id); editMessageText (payload `edit_key`: the key of an earlier outbox message, edited
    once that one has been sent; with `or_send: True`, when that message is gone from the chat (deleted, or it was
    never delivered) the new text is sent as a new message, which the key names from then on: `send_anew`). A
    higher `priority` is sent before lower ones that are due.
    """
    insert = insert_for(session.get_bind().dialect.name)
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
                channel_id=channel_id,
            )
        )
        .on_conflict_do_nothing(index_elements=[OutboxMessage.key])
    )
    result = await session.execute(stmt)
    inserted = bool(rowcount(result))
    if inserted and channel_id is None:  # issue 19: the person's other account gets its own row
        row = {"key": key, "chat_id": chat_id, "payload": payload, "method": method}
        for twin in await twins(session, [row]):
            await session.execute(
                insert(OutboxMessage)
                .values(**new_row(now=now, not_before=not_before, priority=priority, **twin))
                .on_conflict_do_nothing(index_elements=[OutboxMessage.key])
            )
    return inserted


TWIN = "@feishu"
# Up to this many chats, their twins are read by IN (...); beyond, every twin in one statement.
TWIN_LOOKUP_IN = 500


async def twins(session: AsyncSession, rows: list[dict]) -> list[dict]:
    """For rows to a person's Telegram chat (`telegram_id`) who is bound on Feishu too (`feishu_id`): the same
    message to the Feishu account, keyed `key + TWIN` (an edit names its message's twin), so each account gets it
    exactly once (issue 19). `rows` need key, chat_id, payload, method; a twin is its row with key, chat_id and
    payload changed (so `new_row`'s rows give whole rows: `enqueue_many`'s bulk paths, the reminders and digests)."""
    chats = {row["chat_id"] for row in rows if not is_feishu_id(row["chat_id"]) and row["chat_id"] > 0}
    if not chats:
        return []
    query = select(Person.telegram_id, Person.feishu_id).where(Person.feishu_id.is_not(None))
    if len(chats) <= TWIN_LOOKUP_IN:
        query = query.where(Person.telegram_id.in_(chats))
    else:  # a reminder or digest for thousands: every person bound on both (at most the roster), in one read
        query = query.where(Person.telegram_id.is_not(None))
    other = {telegram: feishu for telegram, feishu in await session.execute(query) if telegram in chats}
    made = []
    for row in rows:
        if row["chat_id"] in other:
            payload = dict(row["payload"])
            if "edit_key" in payload:
                payload["edit_key"] = payload["edit_key"] + TWIN
            made.append(
                {**row, "key": row["key"] + TWIN, "chat_id": other[row["chat_id"]], "payload": payload}
            )
    return made


async def due_heads(
    session: AsyncSession,
    now: datetime,
    limit: int,
    busy_chats: Collection[int] = (),
    *,
    robots: bool = False,
) -> list[Outgoing]:
    """The message each chat would send next, if it may go now: up to `limit`, by priority, then age.

    Nothing is claimed here: a message is claimed (`claim`) only when its call to Telegram is about to start, so a
    sender that dies holds back only the messages it was sending at that moment.

    A chat's messages go in queue order (higher priority first, then as queued). A chat whose next message is being
    sent (claimed, its lease running) or waits for a retry (after a failed attempt or a 429: `retry_later` with an
    error) has no head: its later messages wait behind it, on every sender. A claimed message whose lease ran out
    (its sender died) is due again.
    Chats in `busy_chats` (had their message this second) come after the others, so that they do not crowd out chats
    that can be served now.
    Telegram's rows, or with `robots` the group robots' (`channel_id` set; their `chat_id` is minus the channel's):
    the two senders never see each other's rows.
    """
    in_queue = (OutboxMessage.status == SENDING) | (
        (OutboxMessage.status == PENDING)
        & ((OutboxMessage.not_before <= now) | OutboxMessage.error.is_not(None))
    )
    in_queue &= OutboxMessage.channel_id.is_not(None) if robots else OutboxMessage.channel_id.is_(None)
    turn = (
        func.row_number()
        .over(partition_by=OutboxMessage.chat_id, order_by=(OutboxMessage.priority.desc(), OutboxMessage.id))
        .label("turn")
    )
    queue = (
        select(
            OutboxMessage.id,
            OutboxMessage.chat_id,
            OutboxMessage.method,
            OutboxMessage.payload,
            OutboxMessage.attempts,
            OutboxMessage.priority,
            OutboxMessage.status,
            OutboxMessage.not_before,
            OutboxMessage.channel_id,
            turn,
        )
        .where(in_queue)
        .subquery()
    )
    busy_last = case((queue.c.chat_id.in_(list(busy_chats)), 1), else_=0) if busy_chats else literal(0)
    rows = await session.execute(
        select(queue)
        .where(queue.c.turn == 1, queue.c.not_before <= now)  # pending and due, or a lease that ran out
        .order_by(busy_last, queue.c.priority.desc(), queue.c.not_before, queue.c.id)
        .limit(limit)
    )
    return [
        Outgoing(
            r.id,
            r.chat_id,
            r.method,
            r.payload,
            r.attempts,
            r.priority,
            lease_ran_out=r.status == SENDING,
            channel_id=r.channel_id,
        )
        for r in rows
    ]


async def claim(session: AsyncSession, message: Outgoing, now: datetime, lease: timedelta) -> Outgoing | None:
    """Claim one message for the call to Telegram that starts now; None when another sender took it first.

    The claim lasts `lease` (longer than the call may take: the sender gives the call up before): until then no
    other sender takes the message. A message whose earlier lease ran out is taken over and marked as a possible
    duplicate, since the sender that held it may have had it accepted by Telegram before it died.
    """
    values: dict = {"status": SENDING, "not_before": now + lease, "attempts": OutboxMessage.attempts + 1}
    if message.lease_ran_out:
        values["error"] = _error(f"lease ran out (attempt {message.attempts})", uncertain=True)
    result = await session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.id == message.id,
            OutboxMessage.status.in_([PENDING, SENDING]),
            OutboxMessage.not_before <= now,  # pending and due, or a lease that ran out; not a live claim
        )
        .values(**values)
    )
    if not rowcount(result):
        return None
    return replace(message, attempts=message.attempts + 1)


async def mark_sent(
    session: AsyncSession,
    message_id: int,
    now: datetime,
    telegram_message_id: int | None = None,
    *,
    replaces: str | None = None,
) -> None:
    """Sent; `replaces`: the key of an earlier message this one stands in for (`send_anew`), which names this
    message from now on, so that later edits by that key change it."""
    await session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id)
        .values(status=SENT, sent_at=now, error=_error(None), message_id=telegram_message_id)
    )
    if replaces is not None and telegram_message_id is not None:
        await session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.key == replaces)
            .values(status=SENT, message_id=telegram_message_id)
        )


# In the payload of a sendMessage row made by `send_anew`: the key of the message it stands in for.
REPLACES = "replaces"


def anew(payload: dict) -> dict:
    """The payload of an edit (`editMessageText` with `edit_key`) as a sendMessage that stands in for the message."""
    fresh = {k: v for k, v in payload.items() if k not in ("edit_key", "or_send", "message_id")}
    fresh[REPLACES] = payload["edit_key"]
    return fresh


async def send_anew(session: AsyncSession, message_id: int, payload: dict, now: datetime) -> None:
    """An edit whose message is gone from the chat (deleted, too old to edit, never delivered) becomes a new message
    with the same text and buttons, due now, in the edit's place in its chat's queue; once sent, the edited message's
    key names it (`mark_sent(replaces=...)`)."""
    await session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id)
        .values(
            method="sendMessage", payload=anew(payload), status=PENDING, not_before=now, error=_error(None)
        )
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
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id)
        .values(status=FAILED, error=_error(error[:500]))
    )


async def retry_later(
    session: AsyncSession,
    message_id: int,
    when: datetime,
    error: str | None,
    *,
    refund_attempt: bool = False,
    uncertain: bool = False,
) -> None:
    """Back to the queue until `when`; a 429 refunds the attempt, since Telegram only asked us to wait.

    `uncertain`: the attempt's outcome is unknown (a timeout, a broken connection), so the retry may be a duplicate;
    the row is marked (`POSSIBLE_DUPLICATE`). With an error, the chat's later messages wait for this one
    (`due_heads`); without (an edit waiting for its message to be sent), they go meanwhile."""
    error = error[:500] if error else None
    values: dict = {"status": PENDING, "not_before": when, "error": _error(error, uncertain=uncertain)}
    if refund_attempt:
        values["attempts"] = OutboxMessage.attempts - 1
    await session.execute(update(OutboxMessage).where(OutboxMessage.id == message_id).values(**values))


async def mark_chat_blocked(session: AsyncSession, chat_id: int) -> None:
    """The person blocked the bot: stop counting them as reachable until they write again."""
    await session.execute(update(Person).where(Person.telegram_id == chat_id).values(active=False))


async def robot_calls_since(
    session: AsyncSession, channel_id: int, since: datetime, now: datetime
) -> list[datetime]:
    """When this group robot's recent calls were made: its rows sent since `since`, and those being sent now (their
    claim time is unknown here, so they count as now's). For pacing across every sender (issue 20)."""
    rows = await session.execute(
        select(OutboxMessage.status, OutboxMessage.sent_at).where(
            OutboxMessage.channel_id == channel_id,
            ((OutboxMessage.status == SENT) & (OutboxMessage.sent_at >= since))
            | (OutboxMessage.status == SENDING),
        )
    )
    return sorted(r.sent_at if r.status == SENT and r.sent_at is not None else now for r in rows)


async def fail_channel(session: AsyncSession, channel_id: int, error: str) -> int:
    """Every queued row of a group robot that stopped taking messages: failed, so that nothing loops."""
    result = await session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.channel_id == channel_id, OutboxMessage.status == PENDING)
        .values(status=FAILED, error=error[:500])
    )
    return rowcount(result)
