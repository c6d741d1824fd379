"""Who is writing: the Actor of an update, loaded in one short read, and their language preference."""

from __future__ import annotations

from sqlalchemy import bindparam, select

from domain.roles import Actor, Role
from locales import normalize_locale
from storage.db import Database
from storage.models import Community, Department, Person, PersonRole, UserPref

ACTOR_QUERY = (
    select(
        Person.id,
        Person.name,
        Person.active,
        Department.name.label("department"),
        PersonRole.role,
        Community.name.label("community"),
        UserPref.locale,
    )
    .select_from(Person)
    .outerjoin(Department, Department.id == Person.department_id)
    .outerjoin(PersonRole, PersonRole.person_id == Person.id)
    .outerjoin(Community, Community.id == PersonRole.community_id)
    .outerjoin(UserPref, UserPref.telegram_id == Person.telegram_id)
    .where(Person.telegram_id == bindparam("telegram_id"))
)


LOCALE_QUERY = select(UserPref.locale).where(UserPref.telegram_id == bindparam("telegram_id"))


async def load_actor(db: Database, telegram_id: int, default_locale: str, language_code: str | None = None) -> Actor:
    """Runs on every update, so it is one statement: the person, their roles and communities, and the language."""
    params = {"telegram_id": telegram_id}
    rows = await db.hot_fetch(ACTOR_QUERY, params)
    if not rows:
        prefs = await db.hot_fetch(LOCALE_QUERY, params)
        locale = prefs[0]["locale"] if prefs else normalize_locale(language_code, default_locale)
        return Actor(telegram_id=telegram_id, locale=locale)
    first = rows[0]
    return Actor(
        telegram_id=telegram_id,
        locale=first["locale"] or default_locale,
        person_id=first["id"],
        name=first["name"],
        roles=frozenset(Role(r["role"]) for r in rows if r["role"]),
        communities=tuple(sorted({r["community"] for r in rows if r["community"]})),
        department=first["department"],
        active=bool(first["active"]),
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
