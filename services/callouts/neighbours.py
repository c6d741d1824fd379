"""Neighbouring communities: set with `gridbot neighbours`, or the nearest ones by check-in point."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from domain import callouts as rules
from storage.db import Database
from storage.models import (
    Community,
    CommunityNeighbour,
    CommunityPoint,
)


async def neighbours_of(session: AsyncSession, community_id: int) -> list[int]:
    """The neighbours set with `gridbot neighbours`; if none, the nearest communities of the same sub-district by
    their check-in points (issue 6's CommunityPoint); if the community has no point either, none."""
    set_ = list(
        (
            await session.execute(
                select(CommunityNeighbour.neighbour_id)
                .where(CommunityNeighbour.community_id == community_id)
                .order_by(CommunityNeighbour.neighbour_id)
            )
        ).scalars()
    )
    if set_:
        return set_
    origin = await session.get(CommunityPoint, community_id)
    community = await session.get(Community, community_id)
    if origin is None or community is None:
        return []
    rows = (
        await session.execute(
            select(CommunityPoint.community_id, CommunityPoint.latitude, CommunityPoint.longitude)
            .join(Community, Community.id == CommunityPoint.community_id)
            .where(Community.subdistrict_id == community.subdistrict_id, Community.id != community_id)
        )
    ).all()
    return rules.nearest((origin.latitude, origin.longitude), {r[0]: (r[1], r[2]) for r in rows})


# --- neighbours (CLI) ---------------------------------------------------------------------------------------------


async def set_neighbours(db: Database, community: str, neighbours: list[str]) -> tuple[str, list[str]]:
    """Replace a community's neighbour list (names); an empty list clears it (the fallback applies again).
    Returns (outcome, names): "set" / "cleared", or "unknown" / "ambiguous" / "self" with the names at fault."""
    async with db.session() as session:

        async def find(name: str) -> list[int]:
            return list((await session.execute(select(Community.id).where(Community.name == name))).scalars())

        found = await find(community)
        if not found:
            return "unknown", [community]
        if len(found) > 1:
            return "ambiguous", [community]
        community_id = found[0]
        ids = []
        unknown = []
        for name in neighbours:
            matches = await find(name)
            if len(matches) != 1:
                unknown.append(name)
            elif matches[0] == community_id:
                return "self", [name]
            else:
                ids.append(matches[0])
        if unknown:
            return "unknown", unknown
        await session.execute(
            delete(CommunityNeighbour).where(CommunityNeighbour.community_id == community_id)
        )
        for neighbour_id in dict.fromkeys(ids):
            session.add(CommunityNeighbour(community_id=community_id, neighbour_id=neighbour_id))
        return ("set" if ids else "cleared"), neighbours


async def neighbour_names(db: Database, community: str) -> list[str] | None:
    """The neighbours a widened call-out of this community would reach (set, or the nearest fallback)."""
    async with db.session() as session:
        ids = list((await session.execute(select(Community.id).where(Community.name == community))).scalars())
        if len(ids) != 1:
            return None
        neighbours = await neighbours_of(session, ids[0])
        if not neighbours:
            return []
        rows = dict(
            (
                await session.execute(
                    select(Community.id, Community.name).where(Community.id.in_(neighbours))
                )
            ).all()
        )
        return [rows[i] for i in neighbours if i in rows]
