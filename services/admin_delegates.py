"""Administrator, in the chat: who may sign a community's logs in place of its secretary (the sign delegates). The
change itself is `services.worklog.signers.apply_delegate`, the step `gridbot delegate` takes too."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from services.admin_guard import admin_person_id, audit
from services.worklog.signers import apply_delegate
from storage.db import Database
from storage.models import Community, Person, PersonRole, SignDelegate


async def communities(db: Database) -> list[tuple[int, str]]:
    async with db.session() as s:
        rows = await s.execute(select(Community.id, Community.name).order_by(Community.name, Community.id))
        return [(r.id, r.name) for r in rows]


async def community_name(db: Database, community_id: int) -> str | None:
    async with db.session() as s:
        found = await s.get(Community, community_id)
        return found.name if found else None


async def delegates_of(db: Database, community_id: int) -> list[tuple[int, str]]:
    async with db.session() as s:
        rows = await s.execute(
            select(Person.id, Person.name)
            .join(SignDelegate, SignDelegate.person_id == Person.id)
            .where(SignDelegate.community_id == community_id)
            .order_by(Person.name, Person.id)
        )
        return [(r.id, r.name) for r in rows]


async def community_people(db: Database, community_id: int) -> list[tuple[int, str]]:
    """The active people with a role in the community: those who may be named its delegate."""
    async with db.session() as s:
        rows = await s.execute(
            select(Person.id, Person.name)
            .join(PersonRole, PersonRole.person_id == Person.id)
            .where(PersonRole.community_id == community_id, Person.deactivated_at.is_(None))
            .distinct()
            .order_by(Person.name, Person.id)
        )
        return [(r.id, r.name) for r in rows]


async def change_delegate(
    db: Database, admin_telegram_id: int, community_id: int, person_id: int, *, now: datetime, remove: bool
) -> str:
    """Name (or remove) a delegate: delegated, removed, not-admin, no-community, no-person, not-delegate."""
    async with db.session() as s:
        if await admin_person_id(s, admin_telegram_id) is None:
            return "not-admin"
        if await s.get(Community, community_id) is None:
            return "no-community"
        if remove:
            if await s.get(SignDelegate, (community_id, person_id)) is None:
                return "not-delegate"
        else:
            member = await s.execute(
                select(Person.id)
                .join(PersonRole, PersonRole.person_id == Person.id)
                .where(
                    Person.id == person_id,
                    PersonRole.community_id == community_id,
                    Person.deactivated_at.is_(None),
                )
                .limit(1)
            )
            if member.scalar() is None:
                return "no-person"
        outcome = await apply_delegate(s, community_id, person_id, now=now, remove=remove)
        audit(s, now, admin_telegram_id, f"delegate_{outcome}", person_id, community_id=community_id)
        return outcome
