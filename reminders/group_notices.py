"""The monthly records' deadlines and the overdue items for the work groups' robots (issue 20), queued by the
reminder kinds of `reminders.monthly` in their slot's transaction (so once per slot, as their Telegram reminders):
a community's robots get their community's part, a sub-district's robots the list for the whole sub-district.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.problems import OPEN_STATUSES
from locales import tr
from reminders.engine import Slot
from services.channels.fanout import Listener, all_listeners, channel_rows, enqueue_rows
from services.channels.model import MessageKind
from services.channels.texts import list_message
from storage.models import Community, Person, Problem, Subdistrict

MAX_LINES = 200  # an overdue list longer than this ends with "…": the bot has the rest


async def _places(session: AsyncSession) -> tuple[dict[int, tuple[int, str]], dict[int, str]]:
    communities = {
        r.id: (r.subdistrict_id, r.name)
        for r in await session.execute(select(Community.id, Community.subdistrict_id, Community.name))
    }
    subdistricts = {r.id: r.name for r in await session.execute(select(Subdistrict.id, Subdistrict.name))}
    return communities, subdistricts


def _mine(listener: Listener, community_ids: set[int], communities: dict[int, tuple[int, str]]) -> list[int]:
    """The communities among `community_ids` a robot speaks for: its own, or those of its sub-district."""
    if listener.community_id is not None:
        return [listener.community_id] if listener.community_id in community_ids else []
    return sorted(c for c in community_ids if communities.get(c, (None, ""))[0] == listener.subdistrict_id)


async def deadline_to_groups(
    session: AsyncSession, slot: Slot, what: str, waiting: set[int], deadline: date, key: str
) -> None:
    """The communities that have not submitted last month's records (`what`: logs or register) by `deadline`."""
    listeners = await all_listeners(session, MessageKind.DEADLINE)
    if not listeners or not waiting:
        return
    communities, _ = await _places(session)
    locale = slot.settings.default_locale
    month = (slot.today.replace(day=1) - date.resolution).replace(day=1)
    for listener in listeners:
        mine = _mine(listener, waiting, communities)
        if not mine:
            continue
        names = str(tr(locale, "list-separator")).join(communities[c][1] for c in mine)
        message = list_message(
            locale,
            "channel-title-deadline",
            [str(tr(locale, "channel-deadline-line", communities=names))],
            "channel-act-deadline",
            year=month.year,
            month=month.month,
            what=tr(locale, f"channel-deadline-{what}"),
            deadline=deadline.isoformat(),
        )
        await enqueue_rows(session, channel_rows(listener, message, key=key, now=slot.now))


async def overdue_to_groups(session: AsyncSession, slot: Slot) -> None:
    """The open items past their due date, per community, with who is responsible (names only)."""
    listeners = await all_listeners(session, MessageKind.OVERDUE)
    if not listeners:
        return
    rows = await session.execute(
        select(Problem.id, Problem.community_id, Problem.description, Problem.due_date, Person.name)
        .outerjoin(Person, Person.id == Problem.owner_id)
        .where(
            Problem.status.in_([s.value for s in OPEN_STATUSES]),
            Problem.due_date.is_not(None),
            Problem.due_date < slot.today,
        )
        .order_by(Problem.due_date, Problem.id)
    )
    locale = slot.settings.default_locale
    communities, subdistricts = await _places(session)
    lines: dict[int, list[str]] = defaultdict(list)
    for problem_id, community_id, description, due, owner in rows:
        lines[community_id].append(
            str(
                tr(
                    locale,
                    "channel-overdue-line",
                    id=problem_id,
                    community=communities.get(community_id, (0, ""))[1],
                    description=description[:30],
                    due=f"{due:%m-%d}",
                    owner=owner or "-",
                )
            )
        )
    for listener in listeners:
        mine = _mine(listener, set(lines), communities)
        listed = [line for c in mine for line in lines[c]]
        if not listed:
            continue
        scope = (
            communities[listener.community_id][1]
            if listener.community_id is not None
            else subdistricts.get(listener.subdistrict_id, "")
        )
        message = list_message(
            locale,
            "channel-title-overdue",
            listed[:MAX_LINES] + (["…"] if len(listed) > MAX_LINES else []),
            "channel-act-overdue",
            count=len(listed),
            scope=scope,
            day=slot.today.isoformat(),
        )
        key = f"rem:problem-items:groups:{slot.today.isoformat()}"
        await enqueue_rows(session, channel_rows(listener, message, key=key, now=slot.now))
