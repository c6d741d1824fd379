"""The administrator's hand on one roster person (`gridbot person ...`): show, unbind the Telegram account, deactivate
someone who left and activate them again. Every change is audited; phones appear masked only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from domain.callouts import Status as CalloutStatus
from domain.phones import mask_phone, normalize_phone
from services import exports
from services.people import forget_actor
from storage.db import Database
from storage.models import AuditEntry, Callout, ExportJob, OutboxMessage, Person
from storage.outbox import FAILED, PENDING


class UnknownPerson(LookupError):
    """No roster person has this phone; the argument is the masked phone."""


# Audit actions of `gridbot person deactivate` / `activate` (the state itself is Person.deactivated_at).
DEACTIVATED, ACTIVATED = "person_deactivated", "person_activated"


@dataclass(frozen=True)
class PersonView:
    name: str
    phone: str  # masked
    roles: tuple[tuple[str, str | None], ...]  # (role value, community name or None)
    bound: bool
    active: bool  # Person.active: False also for someone who blocked the bot
    deactivated: bool  # by an administrator


@dataclass(frozen=True)
class Change:
    name: str
    phone: str  # masked
    changed: bool  # False: it already was so


async def _person(session: AsyncSession, phone: str, *, for_update: bool = False) -> Person:
    normalized = normalize_phone(phone)
    query = select(Person).where(Person.phone == normalized)
    person = (
        (await session.execute(query.with_for_update() if for_update else query)).scalar()
        if normalized
        else None
    )
    if person is None:
        raise UnknownPerson(mask_phone(normalized or phone))
    return person


async def _cancel_pending(session: AsyncSession, chat_id: int, reason: str, now: datetime) -> None:
    """Nothing more goes to this chat (an account that is no longer the person's, or someone who left): queued
    messages are not sent, exports asked for from it are dropped (the export worker checks before it sends), and
    open call-outs it raised stop editing their live roll there."""
    await session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.chat_id == chat_id, OutboxMessage.status == PENDING)
        .values(status=FAILED, error=reason)
    )
    await session.execute(
        update(ExportJob)
        .where(ExportJob.chat_id == chat_id, ExportJob.status.in_(exports.UNFINISHED))
        .values(status=exports.FAILED, error=reason, finished_at=now)
    )
    await session.execute(
        update(Callout)
        .where(Callout.caller_chat_id == chat_id, Callout.status == CalloutStatus.OPEN.value)
        .values(caller_chat_id=None)
    )


async def show_person(db: Database, phone: str) -> PersonView:
    async with db.read_session() as session:
        person = await _person(session, phone)
        roles = tuple(
            sorted(
                ((r.role, r.community.name if r.community else None) for r in person.roles),
                key=lambda rc: (rc[0], rc[1] or ""),
            )
        )
        return PersonView(
            person.name,
            mask_phone(person.phone),
            roles,
            person.telegram_id is not None,
            person.active,
            person.deactivated_at is not None,
        )


async def unbind(db: Database, phone: str, *, now: datetime) -> Change:
    """The person's Telegram account is no longer theirs: the old account is an unknown user from its next update,
    its queued messages are dropped, and the person can bind again (contact or invite)."""
    async with db.session() as session:
        person = await _person(session, phone, for_update=True)
        old = person.telegram_id
        if old is not None:
            person.telegram_id = None
            person.bound_at = None
            person.updated_at = now
            await _cancel_pending(session, old, "unbound", now)
            # The account id is what was unbound; like onboarding's entries, it names the account, not the phone.
            session.add(
                AuditEntry(at=now, person_id=person.id, action="person_unbound", detail={"account": old})
            )
        change = Change(person.name, mask_phone(person.phone), old is not None)
    if old is not None:
        forget_actor(db, old)  # this process; others hear of it from PostgreSQL, or read every time (SQLite)
    return change


async def set_active(db: Database, phone: str, active: bool, *, now: datetime) -> Change:
    """Deactivate someone who left (refused by the bot, sent nothing) or activate them again."""
    async with db.session() as session:
        person = await _person(session, phone, for_update=True)
        was_deactivated = person.deactivated_at is not None
        changed = was_deactivated == active or person.active != active
        if changed:
            person.active = active
            person.deactivated_at = None if active else now
            person.updated_at = now
            session.add(
                AuditEntry(
                    at=now, person_id=person.id, action=ACTIVATED if active else DEACTIVATED, detail={}
                )
            )
            if not active and person.telegram_id is not None:
                await _cancel_pending(session, person.telegram_id, "deactivated", now)
        telegram_id = person.telegram_id
        change = Change(person.name, mask_phone(person.phone), changed)
    if telegram_id is not None:
        forget_actor(db, telegram_id)
    return change
