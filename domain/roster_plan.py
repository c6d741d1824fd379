"""What roster validation is given besides the file (`ExistingRoster`, filled by the repository) and what it gives
back for a valid file (`RosterPlan`, applied by the repository in one transaction): plain data, no rules."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from domain.roles import Role


@dataclass(frozen=True)
class ExistingRoster:
    """What is already stored and matters for validation; filled by the repository."""

    subdistricts: tuple[str, ...] = ()
    # Window staff already stored: (sub-district, community) -> their phones. The cap holds for the end state.
    window_staff: Mapping[tuple[str, str], frozenset[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class PlannedGrid:
    subdistrict: str
    community: str
    name: str
    households: int | None = None  # None: leave what is stored
    population: int | None = None


@dataclass(frozen=True)
class PlannedPerson:
    row: int
    name: str
    phone: str
    subdistrict: str
    # (role, community name) pairs; the community is None for roles that need none.
    roles: tuple[tuple[Role, str | None], ...]
    grids: tuple[tuple[str, str], ...] = ()  # (community, grid) in the person's sub-district
    department: str | None = None


@dataclass(frozen=True)
class RosterPlan:
    """Everything a valid file says, as plain data; names are (sub-district, …) scoped."""

    subdistricts: tuple[str, ...]
    communities: tuple[tuple[str, str], ...]
    departments: tuple[tuple[str, str], ...]
    grids: tuple[PlannedGrid, ...]
    people: tuple[PlannedPerson, ...]
    # Issue 17: (sub-district, community, phase value) from the optional 阶段 column.
    phases: tuple[tuple[str, str, str], ...] = ()
