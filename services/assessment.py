"""Quarterly ratings 季度评议: whom a rater rates this quarter (unrated first), giving or changing a rating inside the
quarter's rating window (history kept), and the scope of scorecards a person may see.

Every change re-checks, in its own transaction, that the rater still rates that cadre in that community and that
the quarter is still open, so a forged, stale or replayed button changes nothing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from functools import cached_property
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from domain import assessment as rules
from domain.assessment import Grade, Period
from domain.roles import Role
from storage.db import Database
from storage.models import Community, Person, PersonRole, Rating, RatingEvent


@dataclass(frozen=True)
class Ratee:
    person_id: int
    name: str
    community_id: int
    community: str
    kind: Role  # the role they are rated as
    rater_role: Role
    grade: Grade | None = None
    comment: str | None = None
    version: int = 0

    @property
    def key(self) -> str:
        return f"{self.person_id}.{self.community_id}"


async def _roles_by_community(session: AsyncSession, person_id: int) -> dict[int, set[Role]]:
    rows = await session.execute(
        select(PersonRole.community_id, PersonRole.role).where(
            PersonRole.person_id == person_id, PersonRole.community_id.is_not(None)
        )
    )
    found: dict[int, set[Role]] = defaultdict(set)
    for community_id, role in rows:
        assert community_id is not None  # the query leaves out roles without a community
        found[community_id].add(Role(role))
    return found


@dataclass
class _Roster:
    """Who holds which roles in which community (of some communities), read in one statement."""

    held: dict[tuple[int, int], set[Role]]  # (person, community) → roles
    names: dict[tuple[int, int], tuple[str, str]]  # (person, community) → (name, community name)

    @classmethod
    async def read(cls, session: AsyncSession, community_ids: Iterable[int] | None = None) -> _Roster:
        query = (
            select(
                PersonRole.person_id, PersonRole.community_id, PersonRole.role, Person.name, Community.name
            )
            .join(Person, Person.id == PersonRole.person_id)
            .join(Community, Community.id == PersonRole.community_id)
        )
        if community_ids is not None:
            query = query.where(PersonRole.community_id.in_(list(community_ids)))
        roster = cls(defaultdict(set), {})
        for person_id, community_id, role, name, community in await session.execute(query):
            assert community_id is not None  # joined to its community
            roster.held[(person_id, community_id)].add(Role(role))
            roster.names[(person_id, community_id)] = (name, community)
        return roster

    @cached_property
    def by_community(self) -> dict[int, list[tuple[int, set[Role]]]]:
        found: dict[int, list[tuple[int, set[Role]]]] = defaultdict(list)
        for (person_id, community_id), roles in self.held.items():
            found[community_id].append((person_id, roles))
        return found

    @cached_property
    def raters(self) -> dict[int, dict[int, set[Role]]]:
        """rater → community → the rater roles they hold there."""
        found: dict[int, dict[int, set[Role]]] = defaultdict(dict)
        for (person_id, community_id), roles in self.held.items():
            if roles & rules.RATER_ROLES:
                found[person_id][community_id] = roles & rules.RATER_ROLES
        return found

    def ratees_of(self, rater_id: int, given: dict[tuple[int, int], Rating]) -> list[Ratee]:
        """Everyone `rater_id` rates, with their rating of `given` ((cadre, community) → rating), unrated first."""
        ratees = []
        for community_id, rater_roles in self.raters.get(rater_id, {}).items():
            for person_id, roles in self.by_community[community_id]:
                if person_id != rater_id and rules.may_rate(rater_roles, roles):
                    ratees.append(self._ratee(person_id, community_id, roles, rater_roles, given))
        ratees.sort(key=lambda r: (r.grade is not None, r.community, r.name, r.person_id))
        return ratees

    def _ratee(
        self,
        person_id: int,
        community_id: int,
        roles: set[Role],
        rater_roles: set[Role],
        given: dict[tuple[int, int], Rating],
    ) -> Ratee:
        # The role they are rated as: the most specific one this rater rates.
        ratable = set().union(*(rules.RATED_BY[r] for r in rater_roles))
        kind = rules.cadre_kind(roles & ratable)
        rater_role = Role.SECRETARY if Role.SECRETARY in rater_roles else Role.LEADER_IN_CHARGE
        rating = given.get((person_id, community_id))
        name, community = self.names[(person_id, community_id)]
        return Ratee(
            person_id,
            name,
            community_id,
            community,
            kind,  # type: ignore[arg-type]
            rater_role,
            Grade(rating.grade) if rating else None,
            rating.comment if rating else None,
            rating.version if rating else 0,
        )


def _in_quarter(quarter: Period) -> tuple[Any, ...]:
    return (Rating.year == quarter.year, Rating.quarter == quarter.number)


async def _ratees(session: AsyncSession, rater_id: int, quarter: Period) -> list[Ratee]:
    mine = await _roles_by_community(session, rater_id)
    communities = [c for c, roles in mine.items() if roles & rules.RATER_ROLES]
    if not communities:
        return []
    roster = await _Roster.read(session, communities)
    rows = await session.execute(select(Rating).where(Rating.rater_id == rater_id, *_in_quarter(quarter)))
    return roster.ratees_of(rater_id, {(r.cadre_id, r.community_id): r for r in rows.scalars()})


async def unrated_by_rater(session: AsyncSession, quarter: Period) -> dict[int, list[Ratee]]:
    """Every rater with someone still unrated for `quarter`, and whom: two statements for the whole deployment."""
    roster = await _Roster.read(session)
    given: dict[int, dict[tuple[int, int], Rating]] = defaultdict(dict)
    for rating in (await session.execute(select(Rating).where(*_in_quarter(quarter)))).scalars():
        given[rating.rater_id][(rating.cadre_id, rating.community_id)] = rating
    found = {}
    for rater_id in roster.raters:
        unrated = [r for r in roster.ratees_of(rater_id, given.get(rater_id, {})) if r.grade is None]
        if unrated:
            found[rater_id] = unrated
    return found


async def ratees(db: Database, rater_id: int, quarter: Period) -> list[Ratee]:
    """Everyone `rater_id` rates for `quarter`, the unrated first, with their current rating."""
    async with db.session() as session:
        return await _ratees(session, rater_id, quarter)


class RateOutcome(StrEnum):
    SAVED = "saved"
    CHANGED = "changed"
    UNCHANGED = "unchanged"
    NOT_YOURS = "not-yours"  # not a cadre this person rates (wrong role, other community, forged)
    CLOSED = "closed"  # the quarter's rating window is not open today
    STALE = "stale"  # changed elsewhere since the screen was shown
    BAD_GRADE = "bad-grade"
    TOO_LONG = "too-long"


@dataclass(frozen=True)
class RateResult:
    outcome: RateOutcome
    ratee: Ratee | None = None


async def rate(
    db: Database,
    rater_id: int,
    cadre_id: int,
    community_id: int,
    quarter: Period,
    grade: str,
    comment: str | None,
    *,
    today: date,
    now: datetime,
    grace_days: int,
    version: int | None = None,
) -> RateResult:
    """Give or change a rating; `version` is the rating's version the rater saw (0: none yet), None to skip."""
    if grade not in {g.value for g in Grade}:
        return RateResult(RateOutcome.BAD_GRADE)
    try:
        text = rules.check_comment(comment)
    except ValueError:
        return RateResult(RateOutcome.TOO_LONG)
    if not rules.rating_open(quarter, today, grace_days):
        return RateResult(RateOutcome.CLOSED)
    async with db.session() as session:
        ratee = next(
            (
                r
                for r in await _ratees(session, rater_id, quarter)
                if r.person_id == cadre_id and r.community_id == community_id
            ),
            None,
        )
        if ratee is None:
            return RateResult(RateOutcome.NOT_YOURS)
        if version is not None and version != ratee.version:
            return RateResult(RateOutcome.STALE, ratee)
        row = (
            await session.execute(
                select(Rating).where(
                    Rating.rater_id == rater_id, Rating.cadre_id == cadre_id, *_in_quarter(quarter)
                )
            )
        ).scalar()
        if row is not None and row.grade == grade and row.comment == text:
            return RateResult(RateOutcome.UNCHANGED, ratee)
        if row is None:
            row = Rating(
                rater_id=rater_id,
                cadre_id=cadre_id,
                community_id=community_id,
                rater_role=ratee.rater_role.value,
                year=quarter.year,
                quarter=quarter.number,
                grade=grade,
                comment=text,
                version=1,
                created_at=now,
                updated_at=now,
            )
            session.add(row)
            outcome = RateOutcome.SAVED
        else:
            row.grade, row.comment, row.version, row.updated_at = grade, text, row.version + 1, now
            outcome = RateOutcome.CHANGED
        await session.flush()
        session.add(RatingEvent(rating_id=row.id, at=now, grade=grade, comment=text))
    return RateResult(
        outcome,
        Ratee(
            ratee.person_id,
            ratee.name,
            ratee.community_id,
            ratee.community,
            ratee.kind,
            ratee.rater_role,
            Grade(grade),
            text,
            row.version,
        ),
    )


async def is_rater(db: Database, person_id: int) -> bool:
    async with db.session() as session:
        mine = await _roles_by_community(session, person_id)
    return any(roles & rules.RATER_ROLES for roles in mine.values())


async def scorecard_scope(db: Database, person_id: int) -> list[int] | None:
    """The communities whose scorecards a person sees: a principal leader their whole sub-district, a leader in
    charge their communities, a secretary their community (the union when several); [] when none."""
    async with db.session() as session:
        person = await session.get(Person, person_id)
        roles = (
            await session.execute(
                select(PersonRole.role, PersonRole.community_id).where(PersonRole.person_id == person_id)
            )
        ).all()
        if any(role == Role.PRINCIPAL_LEADER.value for role, _ in roles):
            query = select(Community.id)
            if person is not None and person.subdistrict_id is not None:
                query = query.where(Community.subdistrict_id == person.subdistrict_id)
            return sorted((await session.execute(query)).scalars())
        wanted = {Role.LEADER_IN_CHARGE.value, Role.SECRETARY.value}
        return sorted({c for role, c in roles if role in wanted and c is not None})
