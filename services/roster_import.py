"""Roster import: read a file, validate it against what is stored, and apply it in one transaction.

All or nothing: the file is validated inside the same transaction that writes it, so the window-staff cap is checked
against the state the import will change, and any error means nothing at all is written. People are matched by
phone; a re-import replaces their name, roles, communities, grids and department and never duplicates them. People
not in the file are left alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import raiseload

from domain.roles import Role
from domain.roster import (
    DEFAULT_SUBDISTRICT,
    ExistingRoster,
    RosterError,
    RosterPlan,
    render_errors,
    validate_roster,
)
from domain.roster_file import RosterFile
from domain.roster_io import read_roster
from locales import tr
from services.phases import apply_roster_phases
from storage.db import Database
from storage.models import (
    AuditEntry,
    Community,
    Department,
    Grid,
    Person,
    PersonGrid,
    PersonRole,
    Subdistrict,
)

__all__ = [
    "ImportResult",
    "apply_plan",
    "import_roster",
    "load_existing",
    "render_errors",  # re-exported: the CLI renders import errors from here
    "render_summary",
    "validate_file",
]

AUDIT_ACTION = "roster_import"
# Bound parameters per IN (...) list; well below SQLite's and asyncpg's limits.
_CHUNK = 500


@dataclass(frozen=True)
class ImportResult:
    errors: list[RosterError] = field(default_factory=list)
    created: int = 0  # people new to the database
    updated: int = 0  # people matched by phone and replaced
    communities: int = 0  # communities the file names
    grids: int = 0  # grids the file names
    communities_created: int = 0
    grids_created: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


def render_summary(result: ImportResult, locale: str) -> str:
    """'导入成功：新增 N 人，更新 M 人，社区 X 个，网格 Y 个' or the failure headline."""
    if result.errors:
        return tr(locale, "roster-import-failed", count=len(result.errors))
    return tr(
        locale,
        "roster-import-summary",
        created=result.created,
        updated=result.updated,
        communities=result.communities,
        grids=result.grids,
    )


def _chunks(items: Sequence[Any]) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


async def load_existing(session: AsyncSession) -> ExistingRoster:
    """What validation needs from the database: sub-district names and who is window staff where."""
    subdistricts = tuple((await session.scalars(select(Subdistrict.name).order_by(Subdistrict.name))).all())
    rows = await session.execute(
        select(Subdistrict.name, Community.name, Person.phone)
        .select_from(PersonRole)
        .join(Person, Person.id == PersonRole.person_id)
        .join(Community, Community.id == PersonRole.community_id)
        .join(Subdistrict, Subdistrict.id == Community.subdistrict_id)
        .where(PersonRole.role == Role.WINDOW_STAFF.value)
    )
    window: dict[tuple[str, str], set[str]] = {}
    for subdistrict, community, phone in rows:
        window.setdefault((subdistrict, community), set()).add(phone)
    return ExistingRoster(
        subdistricts=subdistricts,
        window_staff={key: frozenset(phones) for key, phones in window.items()},
    )


async def _ensure_subdistricts(session: AsyncSession, names: Iterable[str]) -> dict[str, int]:
    names = list(names)
    found = {
        s.name: s.id for s in await session.scalars(select(Subdistrict).where(Subdistrict.name.in_(names)))
    }
    new = [Subdistrict(name=name) for name in names if name not in found]
    session.add_all(new)
    await session.flush()
    found.update({s.name: s.id for s in new})
    return found


_Named = TypeVar("_Named", Community, Department)


async def _ensure_named(
    session: AsyncSession,
    model: type[_Named],
    wanted: Sequence[tuple[str, str]],
    subdistrict_ids: dict[str, int],
) -> tuple[dict[tuple[str, str], int], int]:
    """Communities or departments by (sub-district, name) -> id, creating what is missing; returns (ids, created)."""
    name_by_id = {sid: name for name, sid in subdistrict_ids.items()}
    rows = await session.scalars(
        select(model).where(model.subdistrict_id.in_(list(subdistrict_ids.values())))
    )
    found = {(name_by_id[row.subdistrict_id], row.name): row.id for row in rows}
    new = {
        key: model(subdistrict_id=subdistrict_ids[key[0]], name=key[1]) for key in wanted if key not in found
    }
    session.add_all(new.values())
    await session.flush()
    found.update({key: row.id for key, row in new.items()})
    return found, len(new)


async def _apply_grids(
    session: AsyncSession, plan: RosterPlan, community_ids: dict[tuple[str, str], int]
) -> tuple[dict[tuple[str, str, str], int], int]:
    """Grids by (sub-district, community, grid) -> id; households/population set where the file gives them."""
    by_community_id = {cid: key for key, cid in community_ids.items()}
    stored: dict[tuple[str, str, str], Grid] = {}
    ids = list(community_ids.values())
    for chunk in _chunks(ids):
        for row in await session.scalars(select(Grid).where(Grid.community_id.in_(chunk))):
            subdistrict, community = by_community_id[row.community_id]
            stored[(subdistrict, community, row.name)] = row
    created = 0
    for planned in plan.grids:
        key = (planned.subdistrict, planned.community, planned.name)
        grid = stored.get(key)
        if grid is None:
            grid = Grid(
                community_id=community_ids[(planned.subdistrict, planned.community)], name=planned.name
            )
            session.add(grid)
            stored[key] = grid
            created += 1
        # A blank cell keeps what is stored: "unknown" in the file should not erase a known figure.
        if planned.households is not None:
            grid.households = planned.households
        if planned.population is not None:
            grid.population = planned.population
    await session.flush()
    return {key: grid.id for key, grid in stored.items()}, created


async def _apply_people(
    session: AsyncSession,
    plan: RosterPlan,
    subdistrict_ids: dict[str, int],
    community_ids: dict[tuple[str, str], int],
    department_ids: dict[tuple[str, str], int],
    grid_ids: dict[tuple[str, str, str], int],
    now: datetime,
) -> tuple[int, int]:
    phones = [person.phone for person in plan.people]
    stored: dict[str, Person] = {}
    for chunk in _chunks(phones):
        # Roles are replaced with bulk deletes below, so they must not be loaded into the session.
        query = select(Person).where(Person.phone.in_(chunk)).options(raiseload(Person.roles))
        stored.update({p.phone: p for p in await session.scalars(query)})

    people: list[tuple[Person, Any]] = []
    for planned in plan.people:
        department_id = (
            department_ids[(planned.subdistrict, planned.department)] if planned.department else None
        )
        person = stored.get(planned.phone)
        if person is None:
            person = Person(phone=planned.phone, created_at=now, active=True)
            session.add(person)
        person.name = planned.name
        person.subdistrict_id = subdistrict_ids[planned.subdistrict]
        person.department_id = department_id
        person.updated_at = now
        people.append((person, planned))
    await session.flush()

    # Delete-then-insert instead of replacing the relationship lists: the unit of work inserts before it deletes,
    # which would trip the (person, role, community) unique constraint when a role is kept.
    updated_ids = [p.id for p in stored.values()]
    for chunk in _chunks(updated_ids):
        await session.execute(
            delete(PersonRole)
            .where(PersonRole.person_id.in_(chunk))
            .execution_options(synchronize_session=False)
        )
        await session.execute(
            delete(PersonGrid)
            .where(PersonGrid.person_id.in_(chunk))
            .execution_options(synchronize_session=False)
        )
    for person, planned in people:
        for role, community in planned.roles:
            community_id = community_ids[(planned.subdistrict, community)] if community else None
            session.add(PersonRole(person_id=person.id, role=role.value, community_id=community_id))
        for community, grid in planned.grids:
            session.add(
                PersonGrid(person_id=person.id, grid_id=grid_ids[(planned.subdistrict, community, grid)])
            )
    await session.flush()
    return len(plan.people) - len(stored), len(stored)


async def apply_plan(
    session: AsyncSession,
    plan: RosterPlan,
    *,
    now: datetime,
    actor_telegram_id: int | None = None,
    source: str | None = None,
) -> ImportResult:
    """Write a validated plan in the caller's transaction, with one audit entry."""
    subdistrict_ids = await _ensure_subdistricts(session, plan.subdistricts)
    community_ids, communities_created = await _ensure_named(
        session, Community, plan.communities, subdistrict_ids
    )
    department_ids, _ = await _ensure_named(session, Department, plan.departments, subdistrict_ids)
    grid_ids, grids_created = await _apply_grids(session, plan, community_ids)
    created, updated = await _apply_people(
        session, plan, subdistrict_ids, community_ids, department_ids, grid_ids, now
    )
    # Issue 17: the optional 阶段 column; each change its own history row and audit line (services.phases).
    await apply_roster_phases(
        session, plan.phases, community_ids, now=now, actor_telegram_id=actor_telegram_id
    )
    result = ImportResult(
        created=created,
        updated=updated,
        communities=len(plan.communities),
        grids=len(plan.grids),
        communities_created=communities_created,
        grids_created=grids_created,
    )
    # Counts and names of units only: the audit log never holds phone numbers.
    detail: dict[str, Any] = {
        "created": created,
        "updated": updated,
        "communities": result.communities,
        "communities_created": communities_created,
        "grids": result.grids,
        "grids_created": grids_created,
        "departments": len(plan.departments),
        "subdistricts": list(plan.subdistricts),
    }
    if source:
        detail["file"] = source
    session.add(AuditEntry(at=now, actor_telegram_id=actor_telegram_id, action=AUDIT_ACTION, detail=detail))
    return result


async def validate_file(
    session: AsyncSession, roster: RosterFile, default_subdistrict: str = DEFAULT_SUBDISTRICT
) -> RosterPlan | list[RosterError]:
    """Validate a read roster file against what is stored (the CLI's import and the chat's preview, issue 17)."""
    return validate_roster(roster, await load_existing(session), default_subdistrict=default_subdistrict)


async def import_roster(
    db: Database,
    path: Path,
    *,
    default_subdistrict: str = DEFAULT_SUBDISTRICT,
    now: datetime,
    actor_telegram_id: int | None = None,
) -> ImportResult:
    """Import a roster file; on any error return every error and write nothing."""
    if now.tzinfo is None:
        raise ValueError("now must be an aware datetime")
    # The file is parsed before the transaction opens, so a slow read never holds the write lock.
    roster = read_roster(Path(path))
    async with db.session() as session:
        plan = await validate_file(session, roster, default_subdistrict)
        if isinstance(plan, list):
            return ImportResult(errors=plan)
        return await apply_plan(
            session, plan, now=now, actor_telegram_id=actor_telegram_id, source=Path(path).name
        )
