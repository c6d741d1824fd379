"""Roster validation: raw spreadsheet rows in, either a plan to store or every error found, never both.

Pure: no files, no database. `domain.roster_io` turns a file into `RosterFile` (`domain.roster_file`); the
repository loads what is already stored into `ExistingRoster`, calls `validate_roster` and applies the `RosterPlan`
(both in `domain.roster_plan`) in one transaction.

Errors are message ids of `locales/*/roster.ftl` with plain-string parameters, so the CLI and the bot render them
in the reader's language. A full phone number never goes into an error: errors end up in terminals and logs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from domain.phones import mask_phone, normalize_phone
from domain.roles import ROLE_BY_ROSTER_NAME, SPEC_BY_ROLE, WINDOW_STAFF_CAP, Need, Role
from domain.roster_file import RawRow, RosterError, RosterFile
from domain.roster_file import render_error as render_error
from domain.roster_file import render_errors as render_errors
from domain.roster_phases import roster_phases
from domain.roster_plan import ExistingRoster as ExistingRoster
from domain.roster_plan import PlannedGrid, PlannedPerson, RosterPlan

DEFAULT_SUBDISTRICT = "本街道"

# Column widths of storage/models.py; checked here so PostgreSQL never sees an over-long value mid-import.
NAME_MAX = 50
UNIT_NAME_MAX = 100

# 、 and commas (Chinese or ASCII) are what DOMAIN.md allows; semicolons too, because people type them.
_SEPARATORS = re.compile(r"[、，,；;]")


def split_values(text: str) -> list[str]:
    """'网格员、社区干部' -> ['网格员', '社区干部']; blanks dropped, duplicates removed, order kept."""
    seen: dict[str, None] = {}
    for part in _SEPARATORS.split(text or ""):
        part = part.strip()
        if part:
            seen.setdefault(part, None)
    return list(seen)


def parse_role(word: str) -> Role | None:
    """The exact roster word of DOMAIN.md, or an English alias (case-insensitive)."""
    return ROLE_BY_ROSTER_NAME.get(word) or ROLE_BY_ROSTER_NAME.get(word.lower())


def _roster_names(roles: Iterable[Role]) -> str:
    return "、".join(SPEC_BY_ROLE[role].roster_name for role in roles)


def _masked(raw: str) -> str:
    """Mask a phone as typed: keep only digits so the mask hides the middle, not a '+86 ' prefix."""
    digits = re.sub(r"\D", "", raw)
    return mask_phone(digits or raw)


class _Subdistricts:
    """Which sub-district a row belongs to when its 街道 cell is empty or the column is absent.

    Candidates are the stored sub-districts plus those the file names. One candidate: use it; none: the
    default name (a fresh database); several: the row must say which.
    """

    def __init__(self, existing: Iterable[str], named: Iterable[str], default: str) -> None:
        self.candidates = sorted(set(existing) | set(named))
        self.default = default

    def fallback(self) -> str | None:
        if not self.candidates:
            return self.default
        if len(self.candidates) == 1:
            return self.candidates[0]
        return None


def _too_long(sheet: str | None, row: int, column: str, value: str, limit: int) -> RosterError | None:
    if len(value) > limit:
        return RosterError(sheet, row, "roster-err-too-long", {"column": column, "max": str(limit)})
    return None


def _parse_count(text: str) -> int | None:
    """Households/population: a non-negative whole number; '1,200' is accepted as Excel users write it."""
    cleaned = text.replace(",", "").replace("，", "").strip()
    if not cleaned.isdigit():
        raise ValueError(text)
    return int(cleaned)


def _validate_grid_sheet(
    file: RosterFile, subdistricts: _Subdistricts, errors: list[RosterError]
) -> dict[tuple[str, str, str], PlannedGrid] | None:
    """The 网格 sheet -> its grids by (sub-district, community, grid); None when it cannot be used at all."""
    rows = file.grids or []
    if "subdistrict" not in file.grid_columns and subdistricts.fallback() is None and rows:
        # Same rule as the people sheet: several sub-districts and no 街道 column is one sheet-level error.
        errors.append(
            RosterError(
                file.grid_sheet,
                None,
                "roster-err-subdistrict-ambiguous",
                {"subdistricts": "、".join(subdistricts.candidates)},
            )
        )
        return None
    grids: dict[tuple[str, str, str], PlannedGrid] = {}
    first_row: dict[tuple[str, str, str], int] = {}
    for raw in rows:
        sheet, row, v = raw.sheet, raw.row, raw.values
        row_errors: list[RosterError] = []
        community = v.get("community", "")
        name = v.get("grid", "")
        if not community:
            row_errors.append(RosterError(sheet, row, "roster-err-grid-missing-community"))
        if not name:
            row_errors.append(RosterError(sheet, row, "roster-err-grid-missing-name"))
        counts: dict[str, int | None] = {}
        for column in ("households", "population"):
            text = v.get(column, "")
            counts[column] = None
            if text:
                try:
                    counts[column] = _parse_count(text)
                except ValueError:
                    row_errors.append(
                        RosterError(sheet, row, "roster-err-bad-number", {"column": column, "value": text})
                    )
        subdistrict = v.get("subdistrict", "") or subdistricts.fallback()
        if subdistrict is None:
            row_errors.append(RosterError(sheet, row, "roster-err-subdistrict-missing"))
        for column, value in (("community", community), ("grid", name), ("subdistrict", subdistrict or "")):
            if error := _too_long(sheet, row, column, value, UNIT_NAME_MAX):
                row_errors.append(error)
        if row_errors:
            errors.extend(row_errors)
            continue
        assert subdistrict is not None
        key = (subdistrict, community, name)
        if key in first_row:
            errors.append(
                RosterError(
                    sheet,
                    row,
                    "roster-err-grid-duplicate",
                    {"community": community, "grid": name, "first_row": str(first_row[key])},
                )
            )
            continue
        first_row[key] = row
        grids[key] = PlannedGrid(subdistrict, community, name, counts["households"], counts["population"])
    return grids


def _validate_person(
    raw: RawRow,
    subdistricts: _Subdistricts,
    has_subdistrict_column: bool,
    grid_sheet: dict[tuple[str, str, str], PlannedGrid] | None,
) -> tuple[PlannedPerson | None, list[RosterError], str | None]:
    """One people row -> (person or None, its errors, normalised phone for duplicate detection)."""
    v = raw.values
    row = raw.row
    errors: list[RosterError] = []

    def err(code: str, **params: str) -> None:
        errors.append(RosterError(None, row, code, params))

    name = v.get("name", "")
    if not name:
        err("roster-err-empty-name")
    elif len(name) > NAME_MAX:
        err("roster-err-too-long", column="name", max=str(NAME_MAX))

    raw_phone = v.get("phone", "")
    phone = normalize_phone(raw_phone) if raw_phone else None
    if not raw_phone:
        err("roster-err-missing-phone")
    elif phone is None:
        err("roster-err-invalid-phone", phone=_masked(raw_phone))

    roles: list[Role] = []
    words = split_values(v.get("roles", ""))
    if not words:
        err("roster-err-missing-roles")
    for word in words:
        role = parse_role(word)
        if role is None:
            err("roster-err-unknown-role", role=word)
        elif role not in roles:
            roles.append(role)

    communities = split_values(v.get("community", ""))
    for community in communities:
        if len(community) > UNIT_NAME_MAX:
            err("roster-err-too-long", column="community", max=str(UNIT_NAME_MAX))
            break
    need_community = [r for r in roles if SPEC_BY_ROLE[r].community is Need.REQUIRED]
    single_community = [r for r in need_community if not SPEC_BY_ROLE[r].many_communities]
    if need_community and not communities:
        err("roster-err-missing-community", roles=_roster_names(need_community))
    elif single_community and len(communities) > 1:
        err(
            "roster-err-one-community",
            roles=_roster_names(single_community),
            communities="、".join(communities),
        )

    department = v.get("department", "") or None
    need_department = [r for r in roles if SPEC_BY_ROLE[r].department is Need.REQUIRED]
    if need_department and not department:
        err("roster-err-missing-department", roles=_roster_names(need_department))
    if department and len(department) > UNIT_NAME_MAX:
        err("roster-err-too-long", column="department", max=str(UNIT_NAME_MAX))

    subdistrict = v.get("subdistrict", "") or subdistricts.fallback()
    if subdistrict is None and has_subdistrict_column:
        # Without the column this is one file-level error, reported once by the caller.
        err("roster-err-subdistrict-missing")
    elif subdistrict and len(subdistrict) > UNIT_NAME_MAX:
        err("roster-err-too-long", column="subdistrict", max=str(UNIT_NAME_MAX))

    # Grids live in a community, so a person's grids need exactly one 社区 to be placed in.
    grid_names = split_values(v.get("grids", ""))
    grids: list[tuple[str, str]] = []
    if grid_names:
        if len(communities) != 1:
            err("roster-err-grid-needs-community", grids="、".join(grid_names))
        else:
            community = communities[0]
            for grid in grid_names:
                if len(grid) > UNIT_NAME_MAX:
                    err("roster-err-too-long", column="grid", max=str(UNIT_NAME_MAX))
                elif (
                    grid_sheet is not None
                    and subdistrict is not None
                    and (subdistrict, community, grid) not in grid_sheet
                ):
                    err("roster-err-unknown-grid", grid=grid, community=community)
                else:
                    grids.append((community, grid))

    if errors or phone is None or subdistrict is None:
        return None, errors, phone

    pairs: list[tuple[Role, str | None]] = []
    for role in roles:
        spec = SPEC_BY_ROLE[role]
        if spec.community is Need.NONE:
            # A 社区 given for a role that needs none is ignored, as the issue decides.
            pairs.append((role, None))
        elif spec.many_communities:
            pairs.extend((role, community) for community in communities)
        else:
            pairs.append((role, communities[0]))
    person = PlannedPerson(
        row=row,
        name=name,
        phone=phone,
        subdistrict=subdistrict,
        roles=tuple(pairs),
        grids=tuple(grids),
        department=department,
    )
    return person, errors, phone


def _check_window_cap(
    people: list[PlannedPerson], existing: ExistingRoster, errors: list[RosterError]
) -> None:
    """At most WINDOW_STAFF_CAP window staff per community, counting stored ones the file does not mention."""
    in_file = {person.phone for person in people}
    counts: dict[tuple[str, str], int] = {}
    for person in people:
        for role, community in person.roles:
            if role is not Role.WINDOW_STAFF or community is None:
                continue
            key = (person.subdistrict, community)
            if key not in counts:
                stored = existing.window_staff.get(key, frozenset())
                counts[key] = len(stored - in_file)
            counts[key] += 1
            if counts[key] > WINDOW_STAFF_CAP:
                errors.append(
                    RosterError(
                        None,
                        person.row,
                        "roster-err-window-cap",
                        {"community": community, "cap": str(WINDOW_STAFF_CAP)},
                    )
                )


def validate_roster(
    file: RosterFile,
    existing: ExistingRoster,
    default_subdistrict: str = DEFAULT_SUBDISTRICT,
) -> RosterPlan | list[RosterError]:
    """Check every row of `file` against the rules of DOMAIN.md; return the plan, or every error found."""
    errors: list[RosterError] = list(file.errors)

    people_has_subdistrict = "subdistrict" in file.people_columns
    named = {row.values["subdistrict"] for row in file.people if row.values.get("subdistrict")}
    named |= {row.values["subdistrict"] for row in file.grids or () if row.values.get("subdistrict")}
    subdistricts = _Subdistricts(existing.subdistricts, named, default_subdistrict)
    if not people_has_subdistrict and subdistricts.fallback() is None and file.people:
        errors.append(
            RosterError(
                None,
                None,
                "roster-err-subdistrict-ambiguous",
                {"subdistricts": "、".join(subdistricts.candidates)},
            )
        )

    grid_sheet: dict[tuple[str, str, str], PlannedGrid] | None = None
    if file.grids is not None:
        grid_sheet = _validate_grid_sheet(file, subdistricts, errors)

    if not file.people and not file.grids and not file.errors:
        errors.append(RosterError(None, None, "roster-err-empty-file"))

    people: list[PlannedPerson] = []
    first_row_by_phone: dict[str, int] = {}
    for raw in file.people:
        person, row_errors, phone = _validate_person(raw, subdistricts, people_has_subdistrict, grid_sheet)
        if phone is not None:
            if phone in first_row_by_phone:
                row_errors.append(
                    RosterError(
                        None,
                        raw.row,
                        "roster-err-duplicate-phone",
                        {"phone": mask_phone(phone), "first_row": str(first_row_by_phone[phone])},
                    )
                )
                person = None
            else:
                first_row_by_phone[phone] = raw.row
        errors.extend(row_errors)
        if person is not None:
            people.append(person)

    _check_window_cap(people, existing, errors)
    phases, phase_errors = roster_phases(file, subdistricts.fallback(), split_values)  # issue 17: 阶段 column
    errors.extend(phase_errors)

    if errors:
        return _sorted(errors)

    grids = dict(grid_sheet or {})
    for person in people:
        for community, grid in person.grids:
            grids.setdefault(
                (person.subdistrict, community, grid), PlannedGrid(person.subdistrict, community, grid)
            )
    communities: dict[tuple[str, str], None] = {}
    departments: dict[tuple[str, str], None] = {}
    for planned in grids.values():
        communities.setdefault((planned.subdistrict, planned.community))
    for person in people:
        for _role, role_community in person.roles:
            if role_community is not None:
                communities.setdefault((person.subdistrict, role_community))
        if person.department:
            departments.setdefault((person.subdistrict, person.department))
    used = {sd for sd, _ in communities} | {sd for sd, _ in departments} | {p.subdistrict for p in people}
    return RosterPlan(
        subdistricts=tuple(sorted(used)),
        communities=tuple(communities),
        departments=tuple(departments),
        grids=tuple(grids.values()),
        people=tuple(people),
        phases=tuple((sd, community, phase.value) for (sd, community), phase in phases.items()),
    )


def _sorted(errors: list[RosterError]) -> list[RosterError]:
    """File-level errors first, then the people sheet by row, then the 网格 sheet by row."""

    def key(error: RosterError) -> tuple[int, int]:
        if error.row is None:
            return (0, 0)
        return (1 if error.sheet is None else 2, error.row)

    return sorted(errors, key=key)
