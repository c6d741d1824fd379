"""Binding a Telegram account to its roster person: by shared contact, or by a one-time invite link."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from markupsafe import escape
from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.onboarding import (
    BindOutcome,
    Candidate,
    contact_is_own,
    decide_binding,
    invite_outcome,
    new_invite_code,
)
from domain.phones import mask_phone, normalize_phone
from domain.roles import Role
from domain.roster import DEFAULT_SUBDISTRICT, NAME_MAX
from locales import tr_text
from services.notify import notify, people_with_role
from services.people import forget_actor
from storage.db import Database
from storage.messenger_ids import is_feishu_id
from storage.models import AuditEntry, Invite, Person, PersonRole, Subdistrict


@dataclass(frozen=True)
class BindResult:
    outcome: BindOutcome
    name: str = ""
    first_admin: bool = False  # created as an administrator from ADMIN_PHONES (not on the roster before)


@dataclass(frozen=True)
class AdminBootstrap:
    """ADMIN_PHONES and SUBDISTRICT_NAME: who becomes an administrator by sharing their contact, and where."""

    phones: frozenset[str] = frozenset()
    subdistrict_name: str = DEFAULT_SUBDISTRICT


def _audit(
    session: AsyncSession, now: datetime, sender_id: int, action: str, person_id: int | None, **detail: object
):
    session.add(
        AuditEntry(at=now, actor_telegram_id=sender_id, person_id=person_id, action=action, detail=detail)
    )


async def _bind(
    session: AsyncSession, person: Person, sender_id: int, now: datetime, via: str, default_locale: str
) -> BindResult:
    sender_person_id = (
        await session.execute(
            select(Person.id).where(or_(Person.telegram_id == sender_id, Person.feishu_id == sender_id))
        )
    ).scalar()
    # Issue 19: the account the person has on the sender's messenger (Telegram, or Feishu) is the one that counts.
    on_feishu = is_feishu_id(sender_id)
    if on_feishu:
        same = person.feishu_id or (person.telegram_id if is_feishu_id(person.telegram_id) else None)
    else:
        same = None if is_feishu_id(person.telegram_id) else person.telegram_id
    outcome = decide_binding(Candidate(person.id, same), sender_id, sender_person_id)
    if person.deactivated_at is not None and outcome is BindOutcome.BOUND:
        outcome = BindOutcome.DEACTIVATED  # they left: only `gridbot person activate` lets them back
    _audit(session, now, sender_id, f"bind_{outcome.value}", person.id, via=via)
    if outcome is BindOutcome.TAKEN:
        await notify(
            session,
            await people_with_role(session, Role.ADMIN),
            key=f"bind-conflict:{person.id}:{sender_id}",
            msg_id="admin-bind-conflict",
            now=now,
            default_locale=default_locale,
            name=escape(person.name),  # messages are HTML
            phone=mask_phone(person.phone),
            account=sender_id,
        )
    elif outcome is BindOutcome.BOUND and same is None:
        if person.telegram_id is not None and on_feishu:  # on Telegram already: Feishu beside it
            person.feishu_id = sender_id
        else:  # the primary chat is Telegram's when there is one (docs/messengers.md)
            person.feishu_id = person.telegram_id if person.telegram_id is not None else person.feishu_id
            person.telegram_id = sender_id
        person.bound_at = now
        person.active = True
        person.updated_at = now
    return BindResult(outcome, person.name)


def contact_name(first_name: str | None, last_name: str | None) -> str:
    """The name a contact carries: 孙 + 丽 -> 孙丽 (surname first, no space), Anna + Li -> Anna Li."""
    first, last = (first_name or "").strip(), (last_name or "").strip()
    if any("\u4e00" <= ch <= "\u9fff" for ch in first + last):
        name = last + first
    else:
        name = " ".join(part for part in (first, last) if part)
    return name[:NAME_MAX]


async def _first_admin(
    session: AsyncSession,
    phone: str,
    name: str,
    sender_id: int,
    now: datetime,
    bootstrap: AdminBootstrap,
    default_locale: str,
) -> BindResult:
    """ADMIN_PHONES: a listed phone not on the roster becomes an administrator bound to this account."""
    if (await session.execute(select(Person.id).where(Person.telegram_id == sender_id))).scalar() is not None:
        _audit(session, now, sender_id, "bind_account_in_use", None, via="admin_phones")
        return BindResult(BindOutcome.ACCOUNT_IN_USE)
    subdistricts = list(await session.scalars(select(Subdistrict).order_by(Subdistrict.id)))
    named = [s for s in subdistricts if s.name == bootstrap.subdistrict_name]
    if named or len(subdistricts) == 1:
        subdistrict: Subdistrict | None = (named or subdistricts)[0]
    elif not subdistricts:
        subdistrict = Subdistrict(name=bootstrap.subdistrict_name)
        session.add(subdistrict)
        await session.flush()
    else:
        subdistrict = None  # several and none named SUBDISTRICT_NAME: an administrator of them all
    admins = await people_with_role(session, Role.ADMIN)  # told, so an administrator never appears unnoticed
    person = Person(
        subdistrict_id=subdistrict.id if subdistrict else None,
        name=name or tr_text(default_locale, "role-admin"),  # a contact with no name at all
        phone=phone,
        telegram_id=sender_id,
        bound_at=now,
        active=True,
        created_at=now,
        updated_at=now,
        roles=[PersonRole(role=Role.ADMIN.value, community_id=None)],
    )
    session.add(person)
    await session.flush()
    _audit(
        session,
        now,
        sender_id,
        "admin_bootstrap",
        person.id,
        phone=mask_phone(phone),
        subdistrict=subdistrict.name if subdistrict else None,
    )
    await notify(
        session,
        admins,
        key=f"admin-bootstrap:{person.id}",
        msg_id="admin-bootstrap-notice",
        now=now,
        default_locale=default_locale,
        name=person.name,
        phone=mask_phone(phone),
    )
    return BindResult(BindOutcome.BOUND, person.name, first_admin=True)


async def bind_by_contact(
    db: Database,
    *,
    sender_id: int,
    contact_user_id: int | None,
    phone: str,
    now: datetime,
    default_locale: str,
    contact_first_name: str | None = None,
    contact_last_name: str | None = None,
    bootstrap: AdminBootstrap | None = None,
) -> BindResult:
    async with db.session() as session:
        if not contact_is_own(contact_user_id, sender_id):
            _audit(session, now, sender_id, "bind_not_own_contact", None)
            return BindResult(BindOutcome.NOT_OWN_CONTACT)
        normalized = normalize_phone(phone)
        if normalized is None:
            _audit(session, now, sender_id, "bind_invalid_phone", None)
            return BindResult(BindOutcome.INVALID_PHONE)
        # FOR UPDATE: two accounts racing for one person on PostgreSQL queue here, and the second sees it taken
        # (SQLite's BEGIN IMMEDIATE already serialises them).
        person = (
            await session.execute(select(Person).where(Person.phone == normalized).with_for_update())
        ).scalar()
        if person is None and bootstrap is not None and normalized in bootstrap.phones:
            name = contact_name(contact_first_name, contact_last_name)
            result = await _first_admin(session, normalized, name, sender_id, now, bootstrap, default_locale)
        elif person is None:
            # Only a masked number: the audit trail must not collect phones of people outside the roster.
            _audit(session, now, sender_id, "bind_unknown_phone", None, phone=mask_phone(normalized))
            return BindResult(BindOutcome.UNKNOWN_PHONE)
        else:
            result = await _bind(session, person, sender_id, now, "contact", default_locale)
    forget_actor(db, sender_id)
    return result


async def bind_by_directory_mobile(
    db: Database,
    *,
    sender_id: int,
    mobile: str,
    now: datetime,
    default_locale: str,
    bootstrap: AdminBootstrap | None = None,
) -> BindResult:
    """Issue 19: a Feishu user bound by the mobile their tenant's directory holds for them, by the rules of a shared
    own contact (the directory vouches that the number is theirs): the same roster match and refusals."""
    return await bind_by_contact(
        db,
        sender_id=sender_id,
        contact_user_id=sender_id,
        phone=mobile,
        now=now,
        default_locale=default_locale,
        bootstrap=bootstrap,
    )


async def redeem_invite(
    db: Database, *, code: str, sender_id: int, now: datetime, default_locale: str
) -> BindResult:
    async with db.session() as session:
        invite = (await session.execute(select(Invite).where(Invite.code == code))).scalar()
        if invite is None:
            _audit(session, now, sender_id, "invite_invalid", None)
            return BindResult(BindOutcome.INVITE_INVALID)
        refused = invite_outcome(invite.expires_at, invite.used_at, now)
        if refused is not None:
            _audit(session, now, sender_id, f"invite_{refused.value}", invite.person_id)
            return BindResult(refused)
        person = await session.get(Person, invite.person_id, with_for_update=True)
        assert person is not None  # invites are deleted with their person
        result = await _bind(session, person, sender_id, now, "invite", default_locale)
        if result.outcome is BindOutcome.BOUND:
            invite.used_at = now
            invite.used_by = sender_id
    forget_actor(db, sender_id)
    return result


class UnknownPerson(LookupError):
    pass


async def create_invite(db: Database, *, phone: str, now: datetime, days: int) -> tuple[str, str]:
    """A one-time invite for the roster person with this phone; returns (code, person name)."""
    normalized = normalize_phone(phone)
    async with db.session() as session:
        person = (
            (await session.execute(select(Person).where(Person.phone == normalized))).scalar()
            if normalized
            else None
        )
        if person is None:
            raise UnknownPerson(mask_phone(normalized or ""))
        code = new_invite_code()
        session.add(
            Invite(code=code, person_id=person.id, created_at=now, expires_at=now + timedelta(days=days))
        )
        session.add(AuditEntry(at=now, person_id=person.id, action="invite_created", detail={"days": days}))
        return code, person.name
