"""Who is writing: the Actor of an update, loaded in one short read, and their language preference."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from domain.roles import Actor, Role
from locales import normalize_locale
from storage.db import Database
from storage.models import Person, UserPref


async def load_actor(
    db: Database, telegram_id: int, default_locale: str, language_code: str | None = None
) -> Actor:
    async with db.session() as session:
        row = (
            await session.execute(
                select(Person, UserPref.locale)
                .outerjoin(UserPref, UserPref.telegram_id == telegram_id)
                .where(Person.telegram_id == telegram_id)
                .options(selectinload(Person.department))
            )
        ).first()
        if row is None:
            locale = (
                await session.execute(select(UserPref.locale).where(UserPref.telegram_id == telegram_id))
            ).scalar()
            return Actor(
                telegram_id=telegram_id, locale=locale or normalize_locale(language_code, default_locale)
            )
        person, locale = row
        communities = sorted({r.community.name for r in person.roles if r.community is not None})
        return Actor(
            telegram_id=telegram_id,
            locale=locale or default_locale,
            person_id=person.id,
            name=person.name,
            roles=frozenset(Role(r.role) for r in person.roles),
            communities=tuple(communities),
            department=person.department.name if person.department else None,
            active=person.active,
        )


async def set_locale(db: Database, telegram_id: int, locale: str) -> None:
    async with db.session() as session:
        pref = await session.get(UserPref, telegram_id)
        if pref is None:
            session.add(UserPref(telegram_id=telegram_id, locale=locale))
        else:
            pref.locale = locale


async def mark_active(db: Database, person_id: int) -> None:
    """A person who blocked the bot and writes again is reachable again."""
    async with db.session() as session:
        person = await session.get(Person, person_id)
        if person is not None:
            person.active = True
