"""The outbox side: alerts to the people called, the caller's live roll (sent once, then edited), timeline events."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from domain import callouts as rules
from domain.callouts import Wave
from domain.roles import Role
from locales import tr
from services.callouts.model import (
    PREFIX,
    CalloutConfig,
)
from services.callouts.texts import alert_buttons, alert_text, roll_buttons, roll_text
from services.callouts.views import view_of
from services.channels.fanout import enqueue_for_channels
from services.channels.model import MessageKind
from services.channels.texts import callout_message
from services.notify import keyboard, reachable
from services.outgoing import BUTTONS
from storage.models import (
    Callout,
    CalloutEvent,
    CalloutTarget,
    OutboxMessage,
    Person,
    PersonRole,
    UserPref,
)
from storage.outbox import PENDING, enqueue

# --- outbox -------------------------------------------------------------------------------------------------------


async def _locale_of(session: AsyncSession, chat_id: int | None, default: str) -> str:
    if chat_id is None:
        return default
    pref = await session.get(UserPref, chat_id)
    return pref.locale if pref else default


def _roll_key(callout_id: int) -> str:
    return f"{PREFIX}:roll:{callout_id}"


async def queue_roll(session: AsyncSession, callout: Callout, now: datetime, config: CalloutConfig) -> None:
    """The caller's roll: sent once, then edited. An edit that has not gone out yet is replaced by this one."""
    if callout.caller_chat_id is None:
        return
    await session.flush()
    view = await view_of(session, callout.id)
    assert view is not None
    locale = await _locale_of(session, callout.caller_chat_id, config.default_locale)
    payload: dict = {
        "text": roll_text(locale, view, now, config),
        BUTTONS: keyboard(roll_buttons(locale, view)),
    }
    key = _roll_key(callout.id)
    callout.roll_at = now
    if callout.roll_seq == 0:
        callout.roll_seq = 1
        await enqueue(
            session,
            key=key,
            chat_id=callout.caller_chat_id,
            payload=payload,
            now=now,
            priority=rules.PRIORITY,
        )
        return
    await session.execute(
        delete(OutboxMessage).where(OutboxMessage.key.like(f"{key}:e%"), OutboxMessage.status == PENDING)
    )
    callout.roll_seq += 1
    await enqueue(
        session,
        key=f"{key}:e{callout.roll_seq}",
        chat_id=callout.caller_chat_id,
        method="editMessageText",
        payload={"edit_key": key, **payload},
        now=now,
        priority=rules.PRIORITY,
    )


async def record_event(
    session: AsyncSession,
    callout_id: int,
    now: datetime,
    action: str,
    person_id: int | None,
    note: str | None = None,
) -> None:
    session.add(CalloutEvent(callout_id=callout_id, at=now, person_id=person_id, action=action, note=note))


async def call_people(
    session: AsyncSession,
    callout: Callout,
    people: Iterable[tuple[int, int | None]],
    wave: Wave,
    now: datetime,
    config: CalloutConfig,
) -> list[str]:
    """Record targets (person id, community id) not already called and queue their alert; returns their names."""
    already = set(
        (
            await session.execute(
                select(CalloutTarget.person_id).where(CalloutTarget.callout_id == callout.id)
            )
        ).scalars()
    )
    wanted = {pid: community for pid, community in people if pid not in already and pid != callout.caller_id}
    reach = await reachable(session, wanted)
    if not reach:
        return []
    for person_id, _chat, _locale in reach:
        session.add(
            CalloutTarget(
                callout_id=callout.id,
                person_id=person_id,
                wave=wave.value,
                community_id=wanted[person_id],
                sent_at=now,
            )
        )
    await session.flush()
    view = await view_of(session, callout.id)
    assert view is not None
    for person_id, chat_id, locale in reach:
        locale = locale or config.default_locale
        payload = {
            "text": alert_text(locale, view, tr(locale, f"callout-wave-{wave.value}")),
            BUTTONS: keyboard(alert_buttons(locale, view)),
        }
        key = f"{PREFIX}:alert:{callout.id}:{person_id}"
        await enqueue(session, key=key, chat_id=chat_id, payload=payload, now=now, priority=rules.PRIORITY)
        if callout.latitude is not None and callout.longitude is not None:
            await enqueue(
                session,
                key=f"{PREFIX}:loc:{callout.id}:{person_id}",
                chat_id=chat_id,
                method="sendLocation",
                payload={"latitude": callout.latitude, "longitude": callout.longitude},
                now=now,
                priority=rules.PRIORITY,
            )
    names = {t.person_id: t.name for t in view.targets}
    return [names[pid] for pid, _, _ in reach]


async def members(
    session: AsyncSession, role: Role, community_ids: Iterable[int] | None, subdistrict_id: int | None = None
) -> list[tuple[int, int | None]]:
    """(person id, community id) of the holders of `role`: in these communities, or (for the brigade, which has
    no community) in this sub-district, or with no sub-district recorded."""
    query = select(PersonRole.person_id, PersonRole.community_id).where(PersonRole.role == role.value)
    if community_ids is not None:
        query = query.where(PersonRole.community_id.in_(list(community_ids)))
    if subdistrict_id is not None:
        query = query.join(Person, Person.id == PersonRole.person_id).where(
            (Person.subdistrict_id == subdistrict_id) | Person.subdistrict_id.is_(None)
        )
    return [
        (r.person_id, r.community_id) for r in (await session.execute(query.order_by(PersonRole.person_id)))
    ]


async def to_groups(
    session: AsyncSession, callout: Callout, subdistrict_id: int, now: datetime, config: CalloutConfig
) -> None:
    """Issue 20: the call-out to the work groups' robots (its community's and its sub-district's), once."""
    view = await view_of(session, callout.id)
    assert view is not None
    locale = config.default_locale
    await enqueue_for_channels(
        session,
        MessageKind.CALLOUT,
        callout_message(
            locale, callout.id, alert_text(locale, view, tr(locale, f"callout-wave-{Wave.SQUAD.value}"))
        ),
        key=f"{PREFIX}:groups:{callout.id}",
        now=now,
        subdistrict_id=subdistrict_id,
        community_id=callout.community_id,
        with_subdistrict=True,
        priority=rules.PRIORITY,
    )
