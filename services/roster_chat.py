"""Roster by file in the chat (issue 17): the administrator's preview of a roster file, its confirmation and the
deactivation of people the file no longer names.

Validation and writing are `services.roster_import`'s (the code `gridbot roster import` runs); this module adds what
the chat needs around them: the administrator check (here, not only in the menu), a preview of what would change, and
a fingerprint of the stored roster so a confirmation pressed after the roster changed is refused instead of applied.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.phones import mask_phone
from domain.roles import Actor
from domain.roster import DEFAULT_SUBDISTRICT, RosterError, RosterPlan
from domain.roster_io import read_roster
from services.person_admin import NotAllowed as NotAllowed  # re-exported for the dialog
from services.person_admin import require_admin, set_active
from services.roster_import import ImportResult, apply_plan, validate_file
from storage.db import Database
from storage.models import Community, Department, Grid, Person, PersonGrid, Subdistrict


class StaleRoster(RuntimeError):
    """The roster changed since the preview was made."""


@dataclass(frozen=True)
class Changed:
    name: str
    phone: str  # masked
    what: tuple[str, ...]  # "name", "roles", "community", "grids", "department"


@dataclass(frozen=True)
class Missing:
    name: str
    phone: str  # masked


@dataclass(frozen=True)
class Preview:
    errors: list[RosterError] = field(default_factory=list)
    new: int = 0
    changed: tuple[Changed, ...] = ()
    unchanged: int = 0
    missing: tuple[Missing, ...] = ()
    fingerprint: str = ""


@dataclass(frozen=True)
class _Stored:
    id: int
    name: str
    phone: str
    subdistrict: str | None
    department: str | None
    roles: frozenset[tuple[str, str | None]]
    grids: frozenset[tuple[str, str]]
    active: bool


def _check(actor: Actor) -> None:
    require_admin(actor)


async def _stored(session: AsyncSession) -> dict[str, _Stored]:
    subdistricts = dict((await session.execute(select(Subdistrict.id, Subdistrict.name))).all())
    departments = dict((await session.execute(select(Department.id, Department.name))).all())
    grid_rows = await session.execute(
        select(PersonGrid.person_id, Community.name, Grid.name)
        .join(Grid, Grid.id == PersonGrid.grid_id)
        .join(Community, Community.id == Grid.community_id)
    )
    grids: dict[int, set[tuple[str, str]]] = {}
    for person_id, community, grid in grid_rows:
        grids.setdefault(person_id, set()).add((community, grid))
    people: dict[str, _Stored] = {}
    for person in await session.scalars(select(Person).order_by(Person.id)):
        people[person.phone] = _Stored(
            person.id,
            person.name,
            person.phone,
            subdistricts.get(person.subdistrict_id) if person.subdistrict_id else None,
            departments.get(person.department_id) if person.department_id else None,
            frozenset((r.role, r.community.name if r.community else None) for r in person.roles),
            frozenset(grids.get(person.id, ())),
            person.deactivated_at is None,
        )
    return people


def _fingerprint(stored: dict[str, _Stored]) -> str:
    digest = hashlib.sha256()
    for phone in sorted(stored):
        s = stored[phone]
        digest.update(
            repr(
                (
                    s.phone,
                    s.name,
                    s.subdistrict,
                    s.department,
                    sorted(s.roles, key=repr),
                    sorted(s.grids),
                    s.active,
                )
            ).encode()
        )
    return digest.hexdigest()[:16]


def _diff(plan: RosterPlan, stored: dict[str, _Stored], actor: Actor) -> Preview:
    new, unchanged = 0, 0
    changed: list[Changed] = []
    for planned in plan.people:
        old = stored.get(planned.phone)
        if old is None:
            new += 1
            continue
        roles = frozenset((role.value, community) for role, community in planned.roles)
        what = []
        if old.name != planned.name:
            what.append("name")
        if {r for r, _ in old.roles} != {r for r, _ in roles}:
            what.append("roles")
        if {c for _, c in old.roles if c} != {c for _, c in roles if c}:
            what.append("community")
        if old.grids != frozenset(planned.grids):
            what.append("grids")
        if old.department != planned.department:
            what.append("department")
        if what:
            changed.append(Changed(planned.name, mask_phone(planned.phone), tuple(what)))
        else:
            unchanged += 1
    in_file = {p.phone for p in plan.people}
    missing = tuple(
        Missing(s.name, mask_phone(s.phone))
        for s in stored.values()
        if s.phone not in in_file
        and s.active
        and s.id != actor.person_id  # never offers to deactivate oneself
    )
    return Preview(
        new=new,
        changed=tuple(changed),
        unchanged=unchanged,
        missing=missing,
        fingerprint=_fingerprint(stored),
    )


async def _validate(
    session: AsyncSession, path: Path, default_subdistrict: str
) -> RosterPlan | list[RosterError]:
    return await validate_file(session, read_roster(path), default_subdistrict)


async def preview_roster(
    db: Database, actor: Actor, path: Path, *, default_subdistrict: str = DEFAULT_SUBDISTRICT
) -> Preview:
    """What importing this file would do; nothing is written."""
    _check(actor)
    async with db.read_session() as session:
        plan = await _validate(session, Path(path), default_subdistrict)
        if isinstance(plan, list):
            return Preview(errors=plan)
        return _diff(plan, await _stored(session), actor)


async def confirm_roster(
    db: Database,
    actor: Actor,
    path: Path,
    fingerprint: str,
    *,
    now: datetime,
    default_subdistrict: str = DEFAULT_SUBDISTRICT,
) -> ImportResult:
    """Apply the previewed file in one transaction (the CLI's apply code, audited), unless the roster changed since
    the preview (`StaleRoster`) or the file no longer validates (the errors come back, nothing written)."""
    _check(actor)
    roster = read_roster(
        Path(path)
    )  # before the transaction, as the CLI: a slow read never holds the write lock
    async with db.session() as session:
        if _fingerprint(await _stored(session)) != fingerprint:
            raise StaleRoster()
        plan = await validate_file(session, roster, default_subdistrict)
        if isinstance(plan, list):
            return ImportResult(errors=plan)
        return await apply_plan(
            session, plan, now=now, actor_telegram_id=actor.telegram_id, source=Path(path).name
        )


async def missing_phones(
    db: Database,
    actor: Actor,
    path: Path,
    fingerprint: str,
    *,
    default_subdistrict: str = DEFAULT_SUBDISTRICT,
) -> list[str]:
    """The full phones of the active people the (imported) file does not name, if the roster is as previewed."""
    _check(actor)
    async with db.read_session() as session:
        stored = await _stored(session)
        if _fingerprint(stored) != fingerprint:
            raise StaleRoster()
        plan = await _validate(session, Path(path), default_subdistrict)
        if isinstance(plan, list):
            return []
        in_file = {p.phone for p in plan.people}
        return [
            s.phone
            for s in stored.values()
            if s.phone not in in_file and s.active and s.id != actor.person_id
        ]


async def deactivate_missing(
    db: Database, actor: Actor, path: Path, fingerprint: str, *, now: datetime
) -> int:
    """Deactivate (`gridbot person deactivate`, audited) the people the file does not name; how many changed."""
    phones = await missing_phones(db, actor, path, fingerprint)
    count = 0
    for phone in phones:
        count += (await set_active(db, phone, False, now=now, actor=actor)).changed
    return count


async def roster_fingerprint(db: Database) -> str:
    async with db.read_session() as session:
        return _fingerprint(await _stored(session))
