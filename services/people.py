"""Who is writing: the Actor of an update, loaded in one short read, and their language preference."""

from __future__ import annotations

import time
from weakref import WeakKeyDictionary

from sqlalchemy import bindparam, or_, select, update

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
    # Issue 19: an account is the person's primary chat (telegram_id) or their Feishu account beside it (feishu_id).
    .where(or_(Person.telegram_id == bindparam("telegram_id"), Person.feishu_id == bindparam("telegram_id")))
)


LOCALE_QUERY = select(UserPref.locale).where(UserPref.telegram_id == bindparam("telegram_id"))


# The people of recent updates are remembered until the database says something about people changed (PostgreSQL's
# notification, SQLite's people_version), this process changes them, or a minute passes (a safety net should a
# notification ever be lost).
_remembered: WeakKeyDictionary[Database, dict[int, tuple[tuple[int, int], float, Actor]]] = (
    WeakKeyDictionary()
)
REMEMBER_AT_MOST = 50_000
REMEMBER_SECONDS = 60.0


async def load_actor(
    db: Database, telegram_id: int, default_locale: str, language_code: str | None = None
) -> Actor:
    """Runs on every update, so it is one statement: the person, their roles and communities, and the language.

    The result is reused until people, roles, communities, departments or language preferences change: at once
    for a change this process makes; for one from another process (a roster import by `gridbot`), when PostgreSQL
    notifies it or, on SQLite, within `Database.people_recheck_seconds` (see `Database.people_version`).
    """
    version = await db.people_version()
    remembered = _remembered.setdefault(db, {})
    now = time.monotonic()
    if version is not None:
        hit = remembered.get(telegram_id)
        if hit is not None and hit[0] == version and hit[1] > now:
            return hit[2]
    actor = await _read_actor(db, telegram_id, default_locale, language_code)
    if version is not None and actor.onboarded:
        if len(remembered) >= REMEMBER_AT_MOST:
            remembered.clear()
        remembered[telegram_id] = (version, now + REMEMBER_SECONDS, actor)
    return actor


def forget_actor(db: Database, telegram_id: int) -> None:
    """After this process changed someone, their next update reads them again without waiting for the notice."""
    _remembered.get(db, {}).pop(telegram_id, None)


async def _read_actor(
    db: Database, telegram_id: int, default_locale: str, language_code: str | None
) -> Actor:
    params = {"telegram_id": telegram_id}
    rows = await db.hot_fetch(ACTOR_QUERY, params)
    if not rows:
        prefs = await db.hot_fetch(LOCALE_QUERY, params)
        locale = prefs[0]["locale"] if prefs else normalize_locale(language_code, default_locale)
        return Actor(telegram_id=telegram_id, locale=locale)
    first = rows[0]
    return Actor(
        telegram_id=telegram_id,
        locale=first["locale"] or normalize_locale(language_code, default_locale),
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
    forget_actor(db, telegram_id)


async def mark_active(db: Database, person_id: int) -> None:
    """A person who blocked the bot and writes again is reachable again."""
    async with db.session() as session:
        # Not someone an administrator deactivated, even if that happened since the caller looked.
        telegram_id = await session.scalar(
            update(Person)
            .where(Person.id == person_id, Person.deactivated_at.is_(None))
            .values(active=True)
            .returning(Person.telegram_id)
        )
    if telegram_id is not None:
        forget_actor(db, telegram_id)


async def deactivated(db: Database, person_id: int) -> bool:
    """Whether an administrator deactivated this (inactive) person, as opposed to Telegram saying they blocked the
    bot. Only asked for inactive people, so it costs nothing on the hot path of everyone else."""
    async with db.read_session() as session:
        return (await session.scalar(select(Person.deactivated_at).where(Person.id == person_id))) is not None
