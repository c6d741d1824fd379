"""The administrator's hand on one roster person (`gridbot person ...`): show, unbind the Telegram account, deactivate
someone who left and activate them again. Every change is audited; phones appear masked only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from domain.callouts import Status as CalloutStatus
from domain.phones import mask_phone, normalize_phone
from domain.roles import Action, Actor
from services import exports
from services.onboarding import create_invite
from services.people import forget_actor
from storage.db import Database
from storage.models import AuditEntry, Callout, ExportJob, OutboxMessage, Person
from storage.outbox import FAILED, PENDING


class UnknownPerson(LookupError):
    """No roster person has this phone; the argument is the masked phone."""


class NotAllowed(PermissionError):
    """The actor (in the chat) may not manage the roster; the CLI, run on the server, passes no actor."""


class NotOnYourself(PermissionError):
    """An administrator in the chat may not unbind or deactivate their own account: nobody would be left to undo it."""


def require_admin(actor: Actor | None) -> None:
    if actor is not None and not actor.can(Action.ROSTER):
        raise NotAllowed(actor.telegram_id)


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


async def unbind(db: Database, phone: str, *, now: datetime, actor: Actor | None = None) -> Change:
    """The person's accounts (Telegram, and Feishu where bound too) are no longer theirs: each is an unknown user
    from its next update, its queued messages are dropped, and the person can bind again (contact or invite). `actor`: the administrator
    in the chat (checked and audited); None from the command line."""
    require_admin(actor)
    async with db.session() as session:
        person = await _person(session, phone, for_update=True)
        if actor is not None and actor.person_id == person.id:
            raise NotOnYourself(actor.telegram_id)
        old = person.telegram_id
        # Every account of theirs: the primary chat and, bound on Feishu too, that account (issue 19).
        accounts = [a for a in (person.telegram_id, person.feishu_id) if a is not None]
        if accounts:
            person.telegram_id = None
            person.feishu_id = None
            person.bound_at = None
            person.updated_at = now
            for account in accounts:
                await _cancel_pending(session, account, "unbound", now)
            # The account id is what was unbound; like onboarding's entries, it names the account, not the phone.
            session.add(
                AuditEntry(
                    at=now,
                    person_id=person.id,
                    actor_telegram_id=actor.telegram_id if actor else None,
                    action="person_unbound",
                    detail={"account": old, **({"feishu": accounts[-1]} if len(accounts) > 1 else {})},
                )
            )
        change = Change(person.name, mask_phone(person.phone), bool(accounts))
    for account in accounts:
        forget_actor(
            db, account
        )  # this process; others hear of it from PostgreSQL, or SQLite's people_version
    return change


async def set_active(
    db: Database, phone: str, active: bool, *, now: datetime, actor: Actor | None = None
) -> Change:
    """Deactivate someone who left (refused by the bot, sent nothing) or activate them again; `actor` as `unbind`."""
    require_admin(actor)
    async with db.session() as session:
        person = await _person(session, phone, for_update=True)
        if not active and actor is not None and actor.person_id == person.id:
            raise NotOnYourself(actor.telegram_id)
        was_deactivated = person.deactivated_at is not None
        changed = was_deactivated == active or person.active != active
        if changed:
            person.active = active
            person.deactivated_at = None if active else now
            person.updated_at = now
            session.add(
                AuditEntry(
                    at=now,
                    person_id=person.id,
                    actor_telegram_id=actor.telegram_id if actor else None,
                    action=ACTIVATED if active else DEACTIVATED,
                    detail={},
                )
            )
            if not active:
                for account in (person.telegram_id, person.feishu_id):  # every account of theirs (issue 19)
                    if account is not None:
                        await _cancel_pending(session, account, "deactivated", now)
        accounts = [a for a in (person.telegram_id, person.feishu_id) if a is not None]
        change = Change(person.name, mask_phone(person.phone), changed)
    for account in accounts:
        forget_actor(db, account)
    return change


@dataclass(frozen=True)
class Found:
    id: int
    name: str
    phone: str  # masked
    deactivated: bool


async def find_people(db: Database, actor: Actor, query: str, *, limit: int = 20) -> list[Found]:
    """People whose name contains the query, or whose phone is the query (a full number) or ends with its digits."""
    require_admin(actor)
    query = query.strip()
    digits = "".join(ch for ch in query if ch.isdigit())
    normalized = normalize_phone(query)
    if normalized:
        condition = Person.phone == normalized
    elif len(digits) >= 4 and len(digits) == len(query.replace(" ", "").replace("-", "")):
        condition = Person.phone.endswith(digits, autoescape=True)
    else:
        condition = Person.name.contains(query, autoescape=True)
    async with db.read_session() as session:
        rows = await session.scalars(
            select(Person).where(condition).order_by(Person.name, Person.id).limit(limit)
        )
        return [Found(p.id, p.name, mask_phone(p.phone), p.deactivated_at is not None) for p in rows]


async def phone_of(db: Database, actor: Actor, person_id: int) -> str:
    """The full phone of a person chosen in the chat (kept server-side, never shown)."""
    require_admin(actor)
    async with db.read_session() as session:
        phone = await session.scalar(select(Person.phone).where(Person.id == person_id))
    if phone is None:
        raise UnknownPerson("")
    return phone


async def invite(db: Database, actor: Actor, person_id: int, *, now: datetime, days: int) -> tuple[str, str]:
    """`gridbot invite` from the chat: a one-time invite code for a chosen person; (code, name)."""
    return await create_invite(db, phone=await phone_of(db, actor, person_id), now=now, days=days)
