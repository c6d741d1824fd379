"""Notifications to people, rendered in each recipient's language and queued in the caller's transaction."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.roles import Role
from locales import tr
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


async def recipients_of(
    session: AsyncSession, person_ids: set[int] | frozenset[int]
) -> list[tuple[int, str | None]]:
    """(telegram_id, locale) of these people, those bound and active."""
    if not person_ids:
        return []
    rows = await session.execute(
        select(Person.telegram_id, UserPref.locale)
        .outerjoin(UserPref, UserPref.telegram_id == Person.telegram_id)
        .where(Person.id.in_(person_ids), Person.telegram_id.is_not(None), Person.active.is_(True))
        .order_by(Person.id)
    )
    return [(row.telegram_id, row.locale) for row in rows]


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
