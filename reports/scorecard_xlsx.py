"""Scorecards as an Excel workbook (openpyxl): the cadres ranked, the communities ranked (with how their seconded and
paired cadres did), and the formula and weights of `assessment.toml` that produced them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, NamedStyle
from openpyxl.utils import get_column_letter

from domain.assessment import CadreScore, CommunityScore, Component, ScoreBoard
from locales import tr_text as tr  # workbook cells: plain text
from reports.xlsx_look import BORDER, HEADER_ALIGNMENT, TOP, WRAPPED, last_cell, print_setup

CADRE_COLUMNS = (
    ("asmt-col-rank", 6),
    ("asmt-col-name", 10),
    ("asmt-col-community", 14),
    ("asmt-col-kind", 12),
    ("asmt-col-logs", 10),
    ("asmt-col-households", 10),
    ("asmt-col-problems-due", 10),
    ("asmt-col-problems-on-time", 10),
    ("asmt-col-weeks", 10),
    ("asmt-col-weeks-ok", 10),
    ("asmt-col-ratings", 10),
    ("asmt-col-rating-average", 10),
    *((f"asmt-part-{c.value}", 12) for c in Component),
    ("asmt-col-total", 10),
)
BOLD = Font(bold=True)
TITLE_FONT = Font(bold=True, size=13)
COMMUNITY_COLUMNS = (
    ("asmt-col-rank", 6),
    ("asmt-col-community", 14),
    ("asmt-col-cadres", 10),
    ("asmt-col-average", 12),
    ("asmt-col-secondment", 12),
    ("asmt-col-secondment-average", 14),
    ("asmt-col-attendance", 14),
    ("asmt-col-secondment-rating", 14),
    ("asmt-col-community-total", 10),
)


def _pct(part: float | None) -> float | str:
    return "" if part is None else round(100 * part, 1)


def _blank(value: float | int | None) -> float | int | str:
    return "" if value is None else value


def cadre_row(locale: str, c: CadreScore) -> list[object]:
    raw = c.raw
    return [
        c.rank,
        raw.name,
        raw.community,
        tr(locale, f"role-{raw.kind.value}"),
        raw.logs_signed,
        raw.households,
        raw.problems_due,
        raw.problems_on_time,
        _blank(raw.attendance_weeks),
        _blank(raw.attendance_ok_weeks),
        len(raw.rating_points),
        _blank(None if raw.rating_average is None else round(raw.rating_average, 2)),
        *(_pct(c.parts[comp]) for comp in Component),
        c.total,
    ]


def community_row(c: CommunityScore) -> list[object]:
    return [
        c.rank,
        c.name,
        c.cadres,
        _blank(c.average),
        c.secondment_count,
        _blank(c.secondment_average),
        _pct(c.attendance),
        _blank(c.rating_average),
        c.total,
    ]


def formula_lines(board: ScoreBoard, locale: str) -> list[list[object]]:
    """The formula sheet's rows: also what the chat scorecard prints, in short."""
    formula = board.formula
    rows: list[list[object]] = [
        [tr(locale, "asmt-formula-title")],
        [board.formula.describe(locale)],
        [],
        [
            tr(locale, "asmt-col-component"),
            tr(locale, "asmt-col-weight"),
            tr(locale, "asmt-col-method"),
            tr(locale, "asmt-col-rule"),
        ],
    ]
    for rule in formula.components:
        rows.append(
            [
                tr(locale, f"asmt-part-{rule.component.value}"),
                rule.weight,
                tr(locale, f"asmt-method-{rule.method.value}"),
                rule.describe(locale),
            ]
        )
    rows += [
        [],
        [tr(locale, "asmt-grade-points")],
        *(
            [tr(locale, f"asmt-grade-{grade.value}"), points]
            for grade, points in formula.grade_points.items()
        ),
        [],
        [tr(locale, "asmt-community-rule")],
        [formula.describe_community(locale)],
        [tr(locale, "asmt-col-all-cadres"), formula.community_weights["all_cadres"]],
        [tr(locale, "asmt-col-secondment-average"), formula.community_weights["secondment"]],
        [],
        [tr(locale, "asmt-source", source=formula.source or "-")],
    ]
    return rows


def _named(name: str, **style: Any) -> NamedStyle:
    named = NamedStyle(name=name)
    for key, value in style.items():
        setattr(named, key, value)
    return named


def write_scorecards_xlsx(board: ScoreBoard, path: Path, locale: str) -> Path:
    """Write the workbook (openpyxl write-only mode: a sub-district of 5,000 cadres in about a second). Each table
    bordered, its header repeated on printed pages with an autofilter, landscape and one page wide."""
    workbook = Workbook(write_only=True)
    # Named styles: one lookup a cell (a sub-district is 5,000 cadres × 20 cells).
    for named in (
        _named("gridbot-cell", border=BORDER, alignment=TOP),
        _named("gridbot-wrap", border=BORDER, alignment=WRAPPED),
        _named("gridbot-header", border=BORDER, alignment=HEADER_ALIGNMENT, font=BOLD),
    ):
        workbook.add_named_style(named)
    title = tr(locale, "asmt-sheet-title", period=_period(board, locale), as_of=board.as_of.isoformat())

    def styled(sheet: Any, values: list[object], font: Font) -> list[WriteOnlyCell]:
        cells = []
        for value in values:
            cell = WriteOnlyCell(sheet, value=value)
            cell.font = font
            cells.append(cell)
        return cells

    def cells(sheet: Any, values: list[object], style: str = "gridbot-cell") -> list[WriteOnlyCell]:
        made = []
        for value in values:
            cell = WriteOnlyCell(sheet, value=value)
            cell.style = style
            made.append(cell)
        return made

    sheets = (
        ("asmt-sheet-cadres", CADRE_COLUMNS, (cadre_row(locale, c) for c in board.cadres)),
        ("asmt-sheet-communities", COMMUNITY_COLUMNS, (community_row(c) for c in board.communities)),
    )
    for name, columns, rows in sheets:
        sheet = workbook.create_sheet(tr(locale, name))
        for i, (_, width) in enumerate(columns, start=1):
            sheet.column_dimensions[get_column_letter(i)].width = width
        sheet.freeze_panes = "A3"
        print_setup(sheet, 2)  # before the rows: write-only mode writes the sheet's head with the first
        sheet.append(styled(sheet, [title], TITLE_FONT))
        sheet.append(cells(sheet, [tr(locale, msg_id) for msg_id, _ in columns], "gridbot-header"))
        count = 0
        for row in rows:
            sheet.append(cells(sheet, row))
            count += 1
        sheet.auto_filter.ref = f"A2:{last_cell(len(columns), count + 2)}"
    formula_sheet = workbook.create_sheet(tr(locale, "asmt-sheet-formula"))
    for letter, width in zip("ABCD", (22, 10, 14, 80), strict=True):
        formula_sheet.column_dimensions[letter].width = width
    print_setup(formula_sheet)
    formula_sheet.append(styled(formula_sheet, [title], TITLE_FONT))
    for row in formula_lines(board, locale):
        formula_sheet.append(cells(formula_sheet, row, "gridbot-wrap") if row else row)
    workbook.save(path)
    return path


def _period(board: ScoreBoard, locale: str) -> str:
    return tr(
        locale, f"asmt-period-{board.period.kind.value}", year=board.period.year, number=board.period.number
    )
