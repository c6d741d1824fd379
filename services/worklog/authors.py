"""Who is logging: the person, the role they log as and the grids they may log for."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from domain import worklog as rules
from domain.naming import natural_key
from domain.roles import Role
from storage.db import Database
from storage.models import (
    Community,
    Grid,
    Person,
    PersonGrid,
    PersonRole,
)


@dataclass(frozen=True)
class GridChoice:
    id: int
    name: str
    community_id: int
    community: str
    own: bool


@dataclass(frozen=True)
class Author:
    person_id: int
    name: str
    deployment: Role | None
    grids: tuple[GridChoice, ...]  # the grids of their communities, their own first

    @property
    def community_ids(self) -> frozenset[int]:
        return frozenset(g.community_id for g in self.grids)

    def grid(self, grid_id: int) -> GridChoice | None:
        return next((g for g in self.grids if g.id == grid_id), None)


async def author(db: Database, person_id: int) -> Author:
    async with db.session() as s:
        person = await s.get(Person, person_id)
        assert person is not None
        rows = (
            await s.execute(
                select(PersonRole.role, PersonRole.community_id).where(PersonRole.person_id == person_id)
            )
        ).all()
        roles = [Role(r.role) for r in rows]
        logging_roles = {Role(r.role) for r in rows} & set(rules.DEPLOYMENT_ORDER)
        community_ids = {r.community_id for r in rows if r.community_id and Role(r.role) in logging_roles}
        own = set(
            (await s.execute(select(PersonGrid.grid_id).where(PersonGrid.person_id == person_id))).scalars()
        )
        grids = (
            await s.execute(
                select(Grid.id, Grid.name, Grid.community_id, Community.name.label("community"))
                .join(Community, Community.id == Grid.community_id)
                .where(Grid.community_id.in_(community_ids))
                .order_by(Community.name, Grid.name)
            )
        ).all()
    grids = sorted(grids, key=lambda g: (natural_key(g.community), natural_key(g.name)))  # 第二 before 第十
    choices = [GridChoice(g.id, g.name, g.community_id, g.community, g.id in own) for g in grids]
    choices.sort(key=lambda g: not g.own)  # stable: their own grids first, then the rest in name order
    return Author(person_id, person.name, rules.deployment_for(roles), tuple(choices))
