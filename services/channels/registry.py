"""Group robots as configuration: register, list (masked), remove; a robot that refuses every message is marked
broken and the administrators are told, once. Each step in its own transaction, checked here (not only by the menu).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from domain.roles import Role
from services.admin_guard import admin_person_id, audit
from services.channels.masking import mask_secret, mask_webhook
from services.channels.model import BROKEN, MESSAGE_KINDS, OK, ChannelError, ChannelView
from services.channels.robots import ROBOTS
from services.notify import notify, people_with_role
from storage.db import Database, rowcount
from storage.models import Community, GroupChannel, Subdistrict
from storage.outbox import fail_channel

MAX_SECRET = 200


@dataclass(frozen=True)
class NewChannel:
    kind: str
    webhook: str
    secret: str | None = None
    community: str | None = None  # None: the sub-district's group
    subdistrict: str | None = None  # which sub-district, when the deployment has several
    subscribed: tuple[str, ...] = MESSAGE_KINDS
    community_id: int | None = None  # chosen by id (the chat), instead of by name
    subdistrict_id: int | None = None


@dataclass(frozen=True)
class Target:
    """What the sender needs to call a robot (the whole webhook and secret: never shown, never logged)."""

    id: int
    kind: str
    webhook: str
    secret: str | None
    status: str


def check(new: NewChannel) -> None:
    """The rules a new channel must meet, before anything is read or written."""
    robot = ROBOTS.get(new.kind)
    if robot is None:
        raise ChannelError("channel-bad-kind", kinds=", ".join(ROBOTS))
    if len(new.webhook) > 500 or not robot.webhook_ok(new.webhook):
        raise ChannelError("channel-bad-webhook", kind=new.kind, host=robot.host)
    if new.secret and not robot.signs:
        raise ChannelError("channel-secret-unused", kind=new.kind)
    if new.secret and (len(new.secret) > MAX_SECRET or any(c.isspace() for c in new.secret)):
        raise ChannelError("channel-bad-secret")
    if not new.subscribed or any(k not in MESSAGE_KINDS for k in new.subscribed):
        raise ChannelError("channel-bad-message-kinds", kinds=", ".join(MESSAGE_KINDS))


async def _subdistrict_id(session: AsyncSession, name: str | None) -> int:
    query = select(Subdistrict.id)
    if name:
        query = query.where(Subdistrict.name == name)
    ids = list((await session.execute(query.limit(2))).scalars())
    if len(ids) != 1:
        raise ChannelError("channel-unknown-subdistrict" if name or not ids else "channel-which-subdistrict")
    return ids[0]


async def add_channel(
    db: Database, new: NewChannel, now: datetime, *, actor_telegram_id: int | None = None
) -> ChannelView:
    """Register a robot; `actor_telegram_id`: an administrator in the chat (checked), None from the CLI."""
    check(new)
    async with db.session() as session:
        person_id = None
        if actor_telegram_id is not None:
            person_id = await admin_person_id(session, actor_telegram_id)
            if person_id is None:
                raise ChannelError("channel-not-admin")
        community_id = None
        if new.community_id is not None:
            community = await session.get(Community, new.community_id)
            if community is None:
                raise ChannelError("channel-unknown-community", community=str(new.community_id))
            community_id, subdistrict_id = community.id, community.subdistrict_id
        elif new.subdistrict_id is not None:
            if await session.get(Subdistrict, new.subdistrict_id) is None:
                raise ChannelError("channel-unknown-subdistrict")
            subdistrict_id = new.subdistrict_id
        elif new.community:
            rows = (await session.execute(select(Community).where(Community.name == new.community))).scalars()
            found = list(rows)
            if len(found) != 1:
                raise ChannelError("channel-unknown-community", community=new.community)
            community_id, subdistrict_id = found[0].id, found[0].subdistrict_id
        else:
            subdistrict_id = await _subdistrict_id(session, new.subdistrict)
        webhook = new.webhook.strip()
        if (await session.execute(select(GroupChannel.id).where(GroupChannel.webhook == webhook))).first():
            raise ChannelError("channel-duplicate")
        channel = GroupChannel(
            kind=new.kind,
            subdistrict_id=subdistrict_id,
            community_id=community_id,
            webhook=webhook,
            secret=new.secret or None,
            subscribed=list(dict.fromkeys(new.subscribed)),
            status=OK,
            created_by=person_id,
            created_at=now,
        )
        session.add(channel)
        await session.flush()
        audit(
            session, now, actor_telegram_id or 0, "channel-add", person_id, channel=channel.id, kind=new.kind
        )
        return (await _views(session, [channel.id]))[0]


async def _views(session: AsyncSession, ids: Iterable[int] | None = None) -> list[ChannelView]:
    query = (
        select(GroupChannel, Subdistrict.name, Community.name)
        .join(Subdistrict, Subdistrict.id == GroupChannel.subdistrict_id)
        .outerjoin(Community, Community.id == GroupChannel.community_id)
        .order_by(GroupChannel.id)
    )
    if ids is not None:
        query = query.where(GroupChannel.id.in_(list(ids)))
    return [
        ChannelView(
            id=c.id,
            kind=c.kind,
            scope=community or subdistrict,
            community_id=c.community_id,
            webhook=mask_webhook(c.webhook),
            secret=mask_secret(c.secret),
            subscribed=tuple(c.subscribed or ()),
            status=c.status,
            broken_reason=c.broken_reason,
            broken_at=c.broken_at,
        )
        for c, subdistrict, community in await session.execute(query)
    ]


async def list_channels(db: Database) -> list[ChannelView]:
    async with db.read_session() as session:
        return await _views(session)


async def remove_channel(
    db: Database, channel_id: int, now: datetime, *, actor_telegram_id: int | None = None
) -> bool:
    """Remove a robot and what was queued for it; False when there is no such robot (nothing changed)."""
    async with db.session() as session:
        person_id = None
        if actor_telegram_id is not None:
            person_id = await admin_person_id(session, actor_telegram_id)
            if person_id is None:
                raise ChannelError("channel-not-admin")
        channel = await session.get(GroupChannel, channel_id)
        if channel is None:
            return False
        await fail_channel(session, channel_id, "channel removed")
        await session.delete(channel)
        audit(session, now, actor_telegram_id or 0, "channel-remove", person_id, channel=channel_id)
        return True


async def target(session: AsyncSession, channel_id: int) -> Target | None:
    channel = await session.get(GroupChannel, channel_id)
    if channel is None:
        return None
    return Target(channel.id, channel.kind, channel.webhook, channel.secret, channel.status)


async def mark_broken(db: Database, channel_id: int, reason: str, now: datetime, default_locale: str) -> bool:
    """The robot refuses every message: the channel stops (its queued rows failed) and the administrators are told,
    in the same transaction. Once: a channel already broken changes nothing (False)."""
    async with db.session() as session:
        changed = await session.execute(
            update(GroupChannel)
            .where(GroupChannel.id == channel_id, GroupChannel.status == OK)
            .values(status=BROKEN, broken_reason=reason[:500], broken_at=now)
        )
        if not rowcount(changed):
            return False
        await fail_channel(session, channel_id, f"channel broken: {reason}"[:500])
        view = (await _views(session, [channel_id]))[0]
        await notify(
            session,
            await people_with_role(session, Role.ADMIN),
            key=f"channel:{channel_id}:broken:{now.isoformat()}",
            msg_id="channel-broken-admin",
            now=now,
            default_locale=default_locale,
            kind=view.kind,
            scope=view.scope,
            webhook=view.webhook,
            reason=reason[:200],
        )
        return True


async def mark_ok(db: Database, channel_id: int) -> None:
    """A test message went through: the robot takes messages again."""
    async with db.session() as session:
        await session.execute(
            update(GroupChannel)
            .where(GroupChannel.id == channel_id)
            .values(status=OK, broken_reason=None, broken_at=None)
        )


async def require_admin(db: Database, telegram_id: int) -> int:
    """The administrator's person id, or the refusal (the role may have been taken away while a screen was open)."""
    async with db.read_session() as session:
        person_id = await admin_person_id(session, telegram_id)
    if person_id is None:
        raise ChannelError("channel-not-admin")
    return person_id


async def scope_choices(db: Database) -> list[tuple[str, str, bool]]:
    """(id, name, is the sub-district) of the groups a robot may be for: "s<id>" sub-districts, "c<id>" communities."""
    async with db.read_session() as session:
        subs = (
            await session.execute(select(Subdistrict.id, Subdistrict.name).order_by(Subdistrict.name))
        ).all()
        comms = (await session.execute(select(Community.id, Community.name).order_by(Community.name))).all()
    return [(f"s{r.id}", r.name, True) for r in subs] + [(f"c{r.id}", r.name, False) for r in comms]
