"""Queuing a message for the group robots that take it, in the caller's transaction, as outbox rows (`channel_id`).

Who gets what: a sub-district's robots get what concerns the whole sub-district (its digest; with `with_subdistrict`
also a community's urgent item or call-out); a community's robots get what concerns their community. Only robots
that are not broken and took this kind of message. Keys `<key>:ch<channel>:<n>`: each robot gets each message once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.channels.model import METHOD, OK, GroupMessage, MessageKind
from services.channels.robots import ROBOTS
from storage.models import GroupChannel
from storage.outbox import enqueue, new_row


@dataclass(frozen=True)
class Listener:
    """A robot that takes a kind of message: its id, its kind, and the community it is for (None: the
    sub-district's)."""

    id: int
    kind: str
    subdistrict_id: int
    community_id: int | None


async def listeners(
    session: AsyncSession,
    kind: MessageKind,
    *,
    subdistrict_id: int | None = None,
    community_id: int | None = None,
    with_subdistrict: bool = False,
) -> list[Listener]:
    """The working robots that take `kind`: with `community_id`, that community's (and with `with_subdistrict` its
    sub-district's too); without, the sub-district's (every sub-district's when `subdistrict_id` is None too)."""
    query = _working()
    whole: ColumnElement[bool] = GroupChannel.community_id.is_(None)
    if subdistrict_id is not None:
        whole = whole & (GroupChannel.subdistrict_id == subdistrict_id)
    if community_id is None:
        query = query.where(whole)
    elif with_subdistrict:
        query = query.where(or_(GroupChannel.community_id == community_id, whole))
    else:
        query = query.where(GroupChannel.community_id == community_id)
    return await _taking(session, query, kind)


async def all_listeners(session: AsyncSession, kind: MessageKind) -> list[Listener]:
    """Every working robot that takes `kind`, whatever its scope (a digest run reads them once)."""
    return await _taking(session, _working(), kind)


def _working() -> Select[Any]:
    """The robots not marked broken."""
    return select(
        GroupChannel.id,
        GroupChannel.kind,
        GroupChannel.subdistrict_id,
        GroupChannel.community_id,
        GroupChannel.subscribed,
    ).where(GroupChannel.status == OK)


async def _taking(session: AsyncSession, query: Select[Any], kind: MessageKind) -> list[Listener]:
    """Of `query`'s robots, those that take `kind`, in the order they were registered."""
    return [
        Listener(r.id, r.kind, r.subdistrict_id, r.community_id)
        for r in await session.execute(query.order_by(GroupChannel.id))
        if kind.value in (r.subscribed or ()) and r.kind in ROBOTS
    ]


def channel_rows(
    listener: Listener, message: GroupMessage, *, key: str, now: datetime, priority: int = 0
) -> list[dict]:
    """The outbox rows of one message for one robot (several when it is longer than the robot takes, a picture
    after the text where the robot takes pictures)."""
    robot = ROBOTS[listener.kind]
    return [
        new_row(
            key=f"{key}:ch{listener.id}:{index}",
            chat_id=-listener.id,  # never a person's chat (storage.models.outbox)
            payload=payload,
            now=now,
            method=METHOD,
            priority=priority,
            channel_id=listener.id,
        )
        for index, payload in enumerate(robot.messages(message))
    ]


async def enqueue_for_channels(
    session: AsyncSession,
    kind: MessageKind,
    message: GroupMessage,
    *,
    key: str,
    now: datetime,
    subdistrict_id: int | None = None,
    community_id: int | None = None,
    with_subdistrict: bool = False,
    priority: int = 0,
) -> int:
    """Queue `message` for every robot that takes it (see `listeners`); returns how many rows were queued."""
    queued = 0
    found = await listeners(
        session,
        kind,
        subdistrict_id=subdistrict_id,
        community_id=community_id,
        with_subdistrict=with_subdistrict,
    )
    for listener in found:
        queued += await enqueue_rows(
            session, channel_rows(listener, message, key=key, now=now, priority=priority)
        )
    return queued


async def enqueue_rows(session: AsyncSession, rows: list[dict]) -> int:
    """Queue rows made by `channel_rows` (a key already queued is skipped); returns how many were queued."""
    queued = 0
    for row in rows:
        queued += await enqueue(
            session,
            key=row["key"],
            chat_id=row["chat_id"],
            payload=row["payload"],
            now=row["created_at"],
            method=row["method"],
            priority=row["priority"],
            channel_id=row["channel_id"],
        )
    return queued
