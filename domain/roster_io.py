"""Roster files: reading .xlsx/.csv into raw rows with canonical column keys, and writing the empty template.

Nothing here judges the content (that is `domain.roster`); this only finds the sheets, the header row and the
columns, turns every cell into stripped text, and reports what makes a file unreadable as a whole.

CSV encodings: UTF-8 (with or without BOM) first, then GB18030, a superset of the GBK that Chinese Excel uses
when it saves CSV. A 网格 sheet is a sheet of that name in a workbook, or a sibling file 网格.csv next to a CSV.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from domain.roles import ROLE_SPECS, WINDOW_STAFF_CAP, Need
from domain.roster_file import RawRow as RawRow
from domain.roster_file import RosterError
from domain.roster_file import RosterFile as RosterFile
from locales import tr

# Canonical column key -> accepted headers (the first is what the template writes).
PEOPLE_HEADERS: dict[str, tuple[str, ...]] = {
    "name": ("姓名", "name"),
    "phone": ("手机号", "phone", "手机号码", "手机"),
    "roles": ("角色", "roles", "role"),
    "community": ("社区", "community", "communities"),
    "grids": ("网格", "grids", "grid"),
    "department": ("部门", "department"),
    "subdistrict": ("街道", "subdistrict"),
    "phase": ("阶段", "phase"),  # issue 17: optional, the community's pilot phase (domain.roster_phases)
}
REQUIRED_PEOPLE = ("name", "phone", "roles")
GRID_HEADERS: dict[str, tuple[str, ...]] = {
    "community": ("社区", "community"),
    "grid": ("网格", "grid", "grids"),
    "households": ("户数", "households"),
    "population": ("人口", "population"),
    "subdistrict": ("街道", "subdistrict"),
    "phase": ("阶段", "phase"),
}
REQUIRED_GRID = ("community", "grid")

PEOPLE_SHEET = "人员"
GRID_SHEET = "网格"
HELP_SHEET = "说明"
_GRID_SHEET_NAMES = {"网格", "grid", "grids"}
_HELP_SHEET_NAMES = {"说明", "instructions", "help"}
_EXCEL_SUFFIXES = {".xlsx", ".xlsm"}
# A title line ("XX街道网格人员名单") may sit above the header; look this far down for it.
_HEADER_SEARCH_ROWS = 10

EXAMPLE_PERSON = {
    "name": "张三",
    "phone": "13800000000",
    "roles": "网格员、社区干部",
    "community": "幸福社区",
    "grids": "第一网格",
    "department": "",
    "subdistrict": "",
    "phase": "",
}
EXAMPLE_GRID = {
    "community": "幸福社区",
    "grid": "第一网格",
    "households": "300",
    "population": "900",
    "phase": "",
}


def _header_key(text: str) -> str:
    """'手机号（必填）' / ' Phone* ' -> '手机号' / 'phone': templates and people decorate headers."""
    text = re.sub(r"[（(].*?[)）]", "", text)
    return text.strip().strip("*＊").strip().lower()


def _lookup(headers: dict[str, tuple[str, ...]]) -> dict[str, str]:
    return {_header_key(alias): key for key, aliases in headers.items() for alias in aliases}


_PEOPLE_LOOKUP = _lookup(PEOPLE_HEADERS)
_GRID_LOOKUP = _lookup(GRID_HEADERS)


def cell_text(value: object) -> str:
    """An Excel/CSV cell as stripped text; whole floats lose their '.0' (Excel stores phones as numbers)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _rows_to_raw(
    sheet: str,
    rows: Iterable[Sequence[object]],
    headers: dict[str, tuple[str, ...]],
    lookup: dict[str, str],
    required: tuple[str, ...],
    error_sheet: str | None,
) -> tuple[list[RawRow], frozenset[str], list[RosterError]]:
    """Find the header row, map its columns to keys, and collect the non-empty data rows after it."""
    numbered = [(number, [cell_text(cell) for cell in cells]) for number, cells in enumerate(rows, start=1)]
    numbered = [(number, cells) for number, cells in numbered if any(cells)]
    header_at = 0
    for index, (_number, cells) in enumerate(numbered[:_HEADER_SEARCH_ROWS]):
        keys = {lookup.get(_header_key(cell)) for cell in cells}
        if required[0] in keys:
            header_at = index
            break
    if not numbered:
        return [], frozenset(), [RosterError(error_sheet, None, "roster-err-empty-sheet")]

    columns: dict[int, str] = {}
    for position, cell in enumerate(numbered[header_at][1]):
        key = lookup.get(_header_key(cell))
        # A repeated header keeps its first column; a later copy is usually a stray note.
        if key is not None and key not in columns.values():
            columns[position] = key
    missing = [key for key in required if key not in columns.values()]
    if missing:
        errors = [
            RosterError(error_sheet, None, "roster-err-missing-header", {"header": headers[key][0]})
            for key in missing
        ]
        return [], frozenset(columns.values()), errors

    result: list[RawRow] = []
    for number, cells in numbered[header_at + 1 :]:
        values = {key: (cells[pos] if pos < len(cells) else "") for pos, key in columns.items()}
        if any(values.values()):  # a row with text only in unknown columns is empty to us
            result.append(RawRow(sheet, number, values))
    return result, frozenset(columns.values()), []


def _decode(data: bytes) -> str | None:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def _read_csv(path: Path) -> list[list[str]] | None:
    text = _decode(path.read_bytes())
    if text is None:
        return None
    return list(csv.reader(io.StringIO(text, newline="")))


def _sibling_grid_file(path: Path) -> Path | None:
    for name in ("网格", "grids", "grid"):
        candidate = path.with_name(f"{name}{path.suffix}")
        if candidate != path and candidate.exists():
            return candidate
    return None


def _read_csv_roster(path: Path) -> RosterFile:
    result = RosterFile(people_sheet=path.name)
    rows = _read_csv(path)
    if rows is None:
        result.errors.append(RosterError(None, None, "roster-err-file-encoding", {"file": path.name}))
        return result
    result.people, result.people_columns, errors = _rows_to_raw(
        path.name, rows, PEOPLE_HEADERS, _PEOPLE_LOOKUP, REQUIRED_PEOPLE, None
    )
    result.errors.extend(errors)
    grid_path = _sibling_grid_file(path)
    if grid_path is not None:
        result.grid_sheet = grid_path.name
        grid_rows = _read_csv(grid_path)
        if grid_rows is None:
            result.errors.append(
                RosterError(grid_path.name, None, "roster-err-file-encoding", {"file": grid_path.name})
            )
            result.grids = []
        else:
            result.grids, result.grid_columns, errors = _read_grid_rows(grid_path.name, grid_rows)
            result.errors.extend(errors)
    return result


def _read_grid_rows(
    sheet: str, rows: Iterable[Sequence[object]]
) -> tuple[list[RawRow], frozenset[str], list[RosterError]]:
    grids, columns, errors = _rows_to_raw(sheet, rows, GRID_HEADERS, _GRID_LOOKUP, REQUIRED_GRID, sheet)
    # An empty 网格 sheet (e.g. the template's, cleared) simply lists no grids.
    errors = [error for error in errors if error.code != "roster-err-empty-sheet"]
    return grids, columns, errors


def _read_excel_roster(path: Path) -> RosterFile:
    # Imported here: openpyxl is slow to import and the bot itself never reads workbooks.
    from openpyxl import load_workbook

    result = RosterFile()
    try:
        # Not read-only: read-only mode may skip leading empty rows, and row numbers must be the ones users see.
        workbook = load_workbook(path, data_only=True)
    except Exception:  # openpyxl raises zipfile, KeyError, InvalidFileException… for a damaged or wrong file
        result.errors.append(RosterError(None, None, "roster-err-file-unreadable", {"file": path.name}))
        return result
    try:
        people_ws = grid_ws = None
        for ws in workbook.worksheets:
            title = ws.title.strip().lower()
            if title in _GRID_SHEET_NAMES:
                grid_ws = grid_ws or ws
            elif title not in _HELP_SHEET_NAMES and people_ws is None:
                people_ws = ws
        if people_ws is None:
            result.errors.append(RosterError(None, None, "roster-err-no-people-sheet"))
        else:
            result.people_sheet = people_ws.title
            result.people, result.people_columns, errors = _rows_to_raw(
                people_ws.title,
                people_ws.iter_rows(min_row=1, values_only=True),
                PEOPLE_HEADERS,
                _PEOPLE_LOOKUP,
                REQUIRED_PEOPLE,
                None,
            )
            result.errors.extend(errors)
        if grid_ws is not None:
            result.grid_sheet = grid_ws.title
            result.grids, result.grid_columns, errors = _read_grid_rows(
                grid_ws.title, grid_ws.iter_rows(min_row=1, values_only=True)
            )
            result.errors.extend(errors)
    finally:
        workbook.close()
    return result


def read_roster(path: Path) -> RosterFile:
    """Read a roster file; problems with the file as a whole come back in `errors`, never as exceptions."""
    path = Path(path)
    if not path.is_file():
        return RosterFile(errors=[RosterError(None, None, "roster-err-file-not-found", {"file": str(path)})])
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _read_csv_roster(path)
    if suffix in _EXCEL_SUFFIXES:
        return _read_excel_roster(path)
    return RosterFile(
        errors=[RosterError(None, None, "roster-err-file-type", {"suffix": suffix or path.name})]
    )


def _need_text(need: Need, locale: str, many: bool = False) -> str:
    if need is Need.REQUIRED:
        return tr(locale, "roster-tpl-need-many" if many else "roster-tpl-need-required")
    if need is Need.OPTIONAL:
        return tr(locale, "roster-tpl-need-optional")
    return tr(locale, "roster-tpl-need-none")


def instruction_rows(locale: str = "zh-CN") -> list[list[str]]:
    """The 说明 sheet: general notes, then one line per role generated from ROLE_SPECS."""
    rows: list[list[str]] = [
        [tr(locale, "roster-tpl-title")],
        [tr(locale, "roster-tpl-columns")],
        [tr(locale, "roster-tpl-separators")],
        [tr(locale, "roster-tpl-phone")],
        [tr(locale, "roster-tpl-grid-sheet")],
        [tr(locale, "roster-tpl-phase")],  # issue 17: the optional 阶段 column (locales/*/phases.ftl)
        [tr(locale, "roster-tpl-reimport")],
        [],
        [
            tr(locale, "roster-tpl-head-role"),
            tr(locale, "roster-tpl-head-community"),
            tr(locale, "roster-tpl-head-department"),
        ],
    ]
    for spec in ROLE_SPECS:
        rows.append(
            [
                spec.roster_name,
                _need_text(spec.community, locale, spec.many_communities),
                _need_text(spec.department, locale),
            ]
        )
    rows.append([])
    rows.append([tr(locale, "roster-tpl-window-cap", cap=str(WINDOW_STAFF_CAP))])
    return rows


def write_template(path: Path, locale: str = "zh-CN") -> None:
    """An empty roster with its headers and one example row: .csv (UTF-8 with BOM, for Excel) or .xlsx."""
    path = Path(path)
    people_header = [aliases[0] for aliases in PEOPLE_HEADERS.values()]
    people_example = [EXAMPLE_PERSON[key] for key in PEOPLE_HEADERS]
    if path.suffix.lower() == ".csv":
        # The BOM is what makes Excel open UTF-8 CSV as UTF-8 instead of the ANSI code page.
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(people_header)
            writer.writerow(people_example)
        return

    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    people = workbook.active
    people.title = PEOPLE_SHEET
    people.append(people_header)
    people.append(people_example)
    # Phone as text, or Excel turns 13800000000 into 1.38E+10 when the column is narrow.
    phone_column = list(PEOPLE_HEADERS).index("phone") + 1
    for row in range(2, 1001):
        people.cell(row=row, column=phone_column).number_format = "@"

    grids = workbook.create_sheet(GRID_SHEET)
    grid_keys = [key for key in GRID_HEADERS if key != "subdistrict"]
    grids.append([GRID_HEADERS[key][0] for key in grid_keys])
    grids.append([int(v) if v.isdigit() else v for v in (EXAMPLE_GRID[key] for key in grid_keys)])

    help_sheet = workbook.create_sheet(HELP_SHEET)
    for line in instruction_rows(locale):
        help_sheet.append(line)
    help_sheet["A1"].font = Font(bold=True)

    for ws in (people, grids, help_sheet):
        for row in ws.iter_rows(min_row=1, max_row=1):
            for cell in row:
                cell.font = Font(bold=True)
        ws.column_dimensions["A"].width = 16
    people.column_dimensions["B"].width = 16
    people.column_dimensions["C"].width = 22
    help_sheet.column_dimensions["A"].width = 40
    help_sheet.column_dimensions["B"].width = 22
    help_sheet.column_dimensions["C"].width = 22
    workbook.save(path)
