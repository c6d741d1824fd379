"""What an item looks like to whom: the card as plain data, and rendered for one viewer (phones masked)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from domain import problems as rules
from domain.phones import mask_phone
from domain.problems import Status
from domain.roles import Role
from domain.sources import HOTLINE
from locales import tr
from services.problems.config import ProblemConfig
from services.problems.hotline_card import HotlineCard, hotline_card, hotline_lines
from services.problems.labels import category_label, status_label
from services.problems.people import people_with
from services.problems.sources import source_label
from storage.db import Database
from storage.models import (
    Community,
    Grid,
    Person,
    Problem,
)


def item_view(problem: Problem | Card) -> rules.ItemView:
    """What the rules need of a stored item or of its card."""
    return rules.ItemView(
        status=Status(problem.status),
        community_id=problem.community_id,
        subdistrict_id=problem.subdistrict_id,
        reporter_id=problem.reporter_id,
        owner_id=problem.owner_id,
        leader_id=problem.leader_id,
        hotline=problem.source == HOTLINE,
    )


# --- what an item looks like to whom ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Card:
    """An item as plain data, with the names it refers to."""

    id: int
    kind: str
    category: str
    status: str
    urgent: bool
    community_id: int
    subdistrict_id: int | None
    community: str
    grid: str
    description: str
    latitude: float | None
    longitude: float | None
    address: str | None
    photos: tuple[str, ...]
    resident_name: str | None
    resident_phone: str | None
    reporter_id: int
    reporter: str
    owner_id: int | None
    owner: str
    leader_id: int | None
    leader: str
    due_date: date | None
    city_flag: bool
    city_note: str | None
    advice: str | None
    result: str | None
    result_photos: tuple[str, ...]
    reported_at: datetime
    urgent_acked: bool
    full_phone_ids: frozenset[int]  # who sees the resident's phone unmasked
    hotline: HotlineCard | None = None  # the 12345 work order behind it (issue 18)
    source: str = "grid_visit"  # where it came from (issue 18: a key of config.sources)
    anonymous: bool = False  # the resident asked not to be named: nothing of them is kept

    @property
    def view(self) -> rules.ItemView:
        return item_view(self)


async def build_card(session: AsyncSession, problem: Problem) -> Card:
    ids = {i for i in (problem.reporter_id, problem.owner_id, problem.leader_id) if i}
    names = (
        dict((await session.execute(select(Person.id, Person.name).where(Person.id.in_(ids)))).all())
        if ids
        else {}
    )
    community = await session.get(Community, problem.community_id)
    grid = await session.get(Grid, problem.grid_id) if problem.grid_id else None
    secretaries = await people_with(session, Role.SECRETARY, problem.community_id)
    return Card(
        id=problem.id,
        kind=problem.kind,
        category=problem.category,
        status=problem.status,
        urgent=problem.urgent,
        community_id=problem.community_id,
        subdistrict_id=problem.subdistrict_id,
        community=community.name if community else "",
        grid=grid.name if grid else "",
        description=problem.description,
        latitude=problem.latitude,
        longitude=problem.longitude,
        address=problem.address,
        photos=tuple(problem.photos or ()),
        resident_name=problem.resident_name,
        resident_phone=problem.resident_phone,
        reporter_id=problem.reporter_id,
        reporter=names.get(problem.reporter_id, ""),
        owner_id=problem.owner_id,
        owner=names.get(problem.owner_id, "") if problem.owner_id else "",
        leader_id=problem.leader_id,
        leader=names.get(problem.leader_id, "") if problem.leader_id else "",
        due_date=problem.due_date,
        city_flag=problem.city_flag,
        city_note=problem.city_note,
        advice=problem.advice,
        result=problem.result,
        result_photos=tuple(problem.result_photos or ()),
        reported_at=problem.reported_at,
        urgent_acked=problem.urgent_acked_at is not None,
        full_phone_ids=frozenset(
            {problem.reporter_id, *(i for i in (problem.owner_id, problem.leader_id) if i), *secretaries}
        ),
        hotline=await hotline_card(session, problem),
        source=problem.source,
        anonymous=problem.anonymous,
    )


async def card(db: Database, problem_id: int) -> Card | None:
    async with db.session() as session:
        problem = await session.get(Problem, problem_id)
        return None if problem is None else await build_card(session, problem)


def render_card(
    c: Card, viewer_id: int, locale: str, config: ProblemConfig, now: datetime, *, group: bool = False
) -> Markup:
    """The item as its viewer may see it: the resident's phone is masked unless the viewer handles the item; in a
    work group (`group`, issue 20's robots) nothing of the resident is shown at all, only that there is one."""
    phone = c.resident_phone or ""
    if phone and viewer_id not in c.full_phone_ids:
        phone = mask_phone(phone)
    lines = [
        tr(
            locale,
            "problem-card-title",
            id=c.id,
            kind=tr(locale, f"problem-kind-{c.kind}"),
            category=category_label(locale, c.category),
        )
    ]
    if c.urgent:
        lines.append(tr(locale, "problem-card-urgent"))
    lines.append(tr(locale, "problem-card-status", status=status_label(locale, c.status)))
    lines.append(tr(locale, "problem-card-where", community=c.community, grid=c.grid))
    lines.append(
        tr(
            locale,
            "problem-card-reported",
            reporter=c.reporter,
            at=config.local(c.reported_at).strftime("%Y-%m-%d %H:%M"),
        )
    )
    lines.append(tr(locale, "problem-card-source", source=source_label(locale, c.source)))
    lines.append(tr(locale, "problem-card-description", text=c.description))
    if c.latitude is not None:
        lines.append(tr(locale, "problem-card-location", lat=f"{c.latitude:.5f}", lon=f"{c.longitude:.5f}"))
    if c.address:
        lines.append(tr(locale, "problem-card-address", address=c.address))
    if c.photos:
        lines.append(tr(locale, "problem-card-photos", count=len(c.photos)))
    if c.anonymous:
        lines.append(tr(locale, "problem-card-anonymous"))
    elif group and (c.resident_name or phone):
        lines.append(tr(locale, "problem-card-resident-group"))
    elif c.resident_name or phone:
        lines.append(tr(locale, "problem-card-resident", name=c.resident_name or "-", phone=phone or "-"))
    if c.owner:
        lines.append(tr(locale, "problem-card-owner", owner=c.owner))
    if c.leader:
        lines.append(tr(locale, "problem-card-leader", leader=c.leader))
    if c.due_date:
        overdue = rules.is_overdue(c.due_date, Status(c.status), config.today(now))
        lines.append(
            tr(
                locale,
                "problem-card-due-overdue" if overdue else "problem-card-due",
                due=c.due_date.isoformat(),
            )
        )
    if c.city_flag:
        lines.append(tr(locale, "problem-card-city", note=c.city_note or "-"))
    if c.result:
        lines.append(tr(locale, "problem-card-result", result=c.result))
    if c.hotline is not None:
        lines += hotline_lines(c.hotline, locale, config.timezone, config.today(now))
    return Markup("\n").join(lines)
