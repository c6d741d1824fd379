"""The administrator's overview of the roster: who is on it, who has linked their account, per role and community."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from domain.roles import Role
from storage.db import Database
from storage.models import Community, Grid, Person, PersonRole


@dataclass(frozen=True)
class CommunityCount:
    name: str
    people: int
    bound: int
    grids: int


@dataclass(frozen=True)
class Overview:
    people: int
    bound: int
    inactive: int
    by_role: list[tuple[Role, int]]
    by_community: list[CommunityCount]


async def roster_overview(db: Database) -> Overview:
    async with db.session() as s:
        people, bound, inactive = (
            await s.execute(
                select(
                    func.count(Person.id),
                    func.count(Person.telegram_id),
                    func.count(Person.id).filter(Person.telegram_id.is_not(None), Person.active.is_(False)),
                )
            )
        ).one()
        role_rows = await s.execute(
            select(PersonRole.role, func.count(func.distinct(PersonRole.person_id))).group_by(PersonRole.role)
        )
        by_role = sorted(((Role(r), n) for r, n in role_rows), key=lambda rn: list(Role).index(rn[0]))
        grid_counts = dict(
            (
                await s.execute(select(Grid.community_id, func.count(Grid.id)).group_by(Grid.community_id))
            ).all()
        )
        community_rows = await s.execute(
            select(
                Community.id,
                Community.name,
                func.count(func.distinct(PersonRole.person_id)),
                func.count(func.distinct(Person.telegram_id)),
            )
            .outerjoin(PersonRole, PersonRole.community_id == Community.id)
            .outerjoin(Person, Person.id == PersonRole.person_id)
            .group_by(Community.id, Community.name)
            .order_by(Community.name)
        )
        by_community = [
            CommunityCount(name, n_people, n_bound, grid_counts.get(cid, 0))
            for cid, name, n_people, n_bound in community_rows
        ]
    return Overview(people, bound, inactive, by_role, by_community)
