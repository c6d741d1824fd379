"""Notifications to people, rendered in each recipient's language and queued in the caller's transaction."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.roles import Role
from locales import tr
from services.outgoing import one_per_row, with_buttons
from storage.models import Person, PersonRole, UserPref
from storage.outbox import enqueue


async def people_with_role(session: AsyncSession, role: Role) -> list[tuple[int, str | None]]:
    """(telegram_id, locale) of the bound, reachable people holding `role`."""
    rows = await session.execute(
        select(Person.telegram_id, UserPref.locale)
        .join(PersonRole, PersonRole.person_id == Person.id)
        .outerjoin(UserPref, UserPref.telegram_id == Person.telegram_id)
        .where(PersonRole.role == role.value, Person.telegram_id.is_not(None), Person.active.is_(True))
        .distinct()
    )
    return [(row.telegram_id, row.locale) for row in rows]


async def reachable(session: AsyncSession, person_ids: Iterable[int]) -> list[tuple[int, int, str | None]]:
    """(person id, telegram id, locale) of those who are bound and have not blocked the bot."""
    ids = sorted(set(person_ids))
    if not ids:
        return []
    rows = await session.execute(
        select(Person.id, Person.telegram_id, UserPref.locale)
        .outerjoin(UserPref, UserPref.telegram_id == Person.telegram_id)
        .where(Person.id.in_(ids), Person.telegram_id.is_not(None), Person.active.is_(True))
        .order_by(Person.id)
    )
    return [(row.id, row.telegram_id, row.locale) for row in rows]


def keyboard(buttons: list[tuple[str, str]]) -> list[list[list[str]]]:
    """Buttons, one per row: (label, action data), as an outbox payload keeps them (`services.outgoing`)."""
    return one_per_row(buttons)


async def send(
    session: AsyncSession,
    person_ids: Iterable[int],
    *,
    key: str,
    now: datetime,
    default_locale: str,
    render: Callable[[int, str], tuple[str, list[tuple[str, str]]]],
) -> int:
    """Queue one message per reachable person: `render(person_id, locale)` gives the text and its (label, data)
    buttons; `key` names the event, so each person gets it once."""
    queued = 0
    for person_id, chat_id, locale in await reachable(session, person_ids):
        text, buttons = render(person_id, locale or default_locale)
        payload = with_buttons({"text": text}, keyboard(buttons))
        if await enqueue(session, key=f"{key}:{chat_id}", chat_id=chat_id, payload=payload, now=now):
            queued += 1
    return queued


async def notify(
    session: AsyncSession,
    recipients: list[tuple[int, str | None]],
    *,
    key: str,
    msg_id: str,
    now: datetime,
    default_locale: str,
    **args: object,
) -> int:
    """Queue `msg_id` for every recipient; `key` identifies the event, so each recipient gets it once."""
    queued = 0
    for chat_id, locale in recipients:
        text = tr(locale or default_locale, msg_id, **args)
        if await enqueue(session, key=f"{key}:{chat_id}", chat_id=chat_id, payload={"text": text}, now=now):
            queued += 1
    return queued
