"""A roster file's optional 阶段 column (issue 17): the pilot phase of the row's community, on the people sheet or
the 网格 sheet. Each value must name a phase, its row exactly one community, and a community one phase only."""

from __future__ import annotations

from collections.abc import Callable

from domain.phases import PHASE_BY_NAME, Phase, parse_phase
from domain.roster_file import RawRow, RosterError, RosterFile

PHASE_NAMES = "、".join(name for name in PHASE_BY_NAME if not name.isascii())


def roster_phases(
    file: RosterFile, fallback_subdistrict: str | None, split: Callable[[str], list[str]]
) -> tuple[dict[tuple[str, str], Phase], list[RosterError]]:
    """(sub-district, community) -> phase, from every row with a 阶段 value; and the errors found. `split` is the
    roster's own splitting of a 社区 cell (`domain.roster.split_values`, handed in: that module calls this one)."""
    phases: dict[tuple[str, str], tuple[Phase, RawRow]] = {}
    errors: list[RosterError] = []
    people_sheet = file.people_sheet
    for raw in [*file.people, *(file.grids or [])]:
        sheet = None if raw.sheet == people_sheet else raw.sheet  # errors name only the 网格 sheet
        text = raw.values.get("phase", "")
        if not text:
            continue
        phase = parse_phase(text)
        if phase is None:
            errors.append(
                RosterError(
                    sheet, raw.row, "roster-err-unknown-phase", {"value": text, "phases": PHASE_NAMES}
                )
            )
            continue
        communities = split(raw.values.get("community", ""))
        if len(communities) != 1:
            errors.append(RosterError(sheet, raw.row, "roster-err-phase-needs-community"))
            continue
        subdistrict = raw.values.get("subdistrict", "") or fallback_subdistrict
        if subdistrict is None:
            continue  # the file's sub-district is already an error of its own
        key = (subdistrict, communities[0])
        if key in phases and phases[key][0] != phase:
            first = phases[key][1]
            errors.append(
                RosterError(
                    sheet,
                    raw.row,
                    "roster-err-phase-conflict",
                    {"community": communities[0], "first_row": str(first.row)},
                )
            )
            continue
        phases.setdefault(key, (phase, raw))
    return {key: phase for key, (phase, _raw) in phases.items()}, errors
