"""The leaders' digests for the group robots (issue 20): a sub-district's robots get the sub-district's digest, a
community's robots their community's, rendered from the same templates as the Telegram digest (in the deployment's
language) and queued with the Telegram rows, in the digest slot's transaction (`reminders.digests.make_kind`), with
the keys `digest:<kind>:<day>:ch<channel>:<n>`: exactly once, as the slot is taken once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from locales import tr
from reports.digest import Digest
from services.channels.fanout import Listener, all_listeners, channel_rows
from services.channels.model import GroupMessage, MessageKind
from services.digest import Scope
from storage.models import Community, Subdistrict

KIND_OF = {
    "daily": MessageKind.DIGEST_DAILY,
    "weekly": MessageKind.DIGEST_WEEKLY,
    "monthly": MessageKind.DIGEST_MONTHLY,
}


@dataclass(frozen=True)
class GroupReader:
    """A robot as a digest reader: its scope and the name its group knows it by."""

    listener: Listener
    scope: Scope
    name: str


async def group_readers(session: AsyncSession, kind: str, skip: set[int]) -> list[GroupReader]:
    """The robots that take this digest, each with its scope (without the communities PHASE_FEATURES leaves out)."""
    listeners = await all_listeners(session, KIND_OF[kind])
    if not listeners:
        return []
    communities = {
        row.id: (row.subdistrict_id, row.name)
        for row in await session.execute(select(Community.id, Community.subdistrict_id, Community.name))
    }
    subdistricts = {
        row.id: row.name for row in await session.execute(select(Subdistrict.id, Subdistrict.name))
    }
    readers = []
    for listener in listeners:
        if listener.community_id is None:
            ids = frozenset(c for c, (sub, _) in communities.items() if sub == listener.subdistrict_id) - skip
            scope = Scope(ids, True, listener.subdistrict_id)
            name = subdistricts.get(listener.subdistrict_id, "")
        else:
            scope = Scope(frozenset({listener.community_id}) - skip, False)
            name = communities.get(listener.community_id, (0, ""))[1]
        if scope.community_ids:
            readers.append(GroupReader(listener, scope, name))
    return readers


def group_rows(
    kind: str,
    today: date,
    now: datetime,
    locale: str,
    readers: list[GroupReader],
    render: Callable[[Scope], tuple[Digest, str | None]],
) -> list[dict]:
    """The robots' outbox rows; `render(scope)`: the digest and its chart's file (None: no chart) for a scope."""
    rows: list[dict] = []
    for reader in readers:
        digest, chart_path = render(reader.scope)
        message = GroupMessage(
            title=str(tr(locale, f"channel-title-digest-{kind}", scope=reader.name, day=today.isoformat())),
            parts=[str(part) for part in digest.parts],
            act=str(tr(locale, "channel-act-digest-nudge")) if digest.nudges else None,
            chart_path=chart_path,
            chart_note=str(tr(locale, "channel-chart-note")),
        )
        rows += channel_rows(reader.listener, message, key=f"digest:{kind}:{today.isoformat()}", now=now)
    return rows
