"""Notifications about problems: rendered per recipient (language, phone masking), queued in the outbox with buttons.

Every call is made inside the transaction of the change it reports, with a key naming that change, so a retried
handler or job queues each message once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Person, UserPref
from storage.outbox import enqueue

OPEN_DATA = "pb:open:{id}"
ACK_DATA = "pb:ack:{id}"
REGISTER_DATA = "pb:reg:{id}"


async def reachable(session: AsyncSession, person_ids: Iterable[int]) -> list[tuple[int, int, str | None]]:
    """(person id, telegram id, locale) of those who are bound and have not blocked the bot."""
    ids = sorted(set(person_ids))
    if not ids:
        return []
    rows = await session.execute(
        select(Person.id, Person.telegram_id, UserPref.locale)
        .outerjoin(UserPref, UserPref.telegram_id == Person.telegram_id)
        .where(Person.id.in_(ids), Person.telegram_id.is_not(None), Person.active.is_(True))
    )
    return [(row.id, row.telegram_id, row.locale) for row in rows]


def keyboard(buttons: list[tuple[str, str]]) -> dict:
    return {"inline_keyboard": [[{"text": text, "callback_data": data}] for text, data in buttons]}


async def send(
    session: AsyncSession,
    person_ids: Iterable[int],
    *,
    key: str,
    now: datetime,
    default_locale: str,
    render: Callable[[int, str], tuple[str, list[tuple[str, str]]]],
) -> int:
    """Queue one message per person: `render(person_id, locale)` gives the text and its (label, data) buttons."""
    queued = 0
    for person_id, chat_id, locale in await reachable(session, person_ids):
        text, buttons = render(person_id, locale or default_locale)
        payload: dict = {"text": text}
        if buttons:
            payload["reply_markup"] = keyboard(buttons)
        if await enqueue(session, key=f"{key}:{chat_id}", chat_id=chat_id, payload=payload, now=now):
            queued += 1
    return queued
