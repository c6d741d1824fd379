"""A call-out's timeline as an Excel workbook: a summary sheet (what, where, then a table of who answered how) and the
timeline; times are real Excel dates in the sub-district's time zone, tables bordered, filtered and printable."""

from __future__ import annotations

from collections.abc import Sequence
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Font

from reports.xlsx_look import last_cell, print_setup, style_cell, style_table


def timeline_workbook(
    summary: Sequence[tuple[str, object]],
    roster_header: Sequence[str],
    roster: Sequence[Sequence[object]],
    timeline_header: Sequence[str],
    timeline: Sequence[Sequence[object]],
    titles: tuple[str, str],
) -> bytes:
    """`summary` is (label, value) pairs above the roster of the people called; `timeline` one row per event.
    The texts come already translated (the workbook knows no language), times as the sub-district's local
    datetimes without their offset."""
    book = Workbook()
    first = book.active
    first.title = titles[0]
    bold = Font(bold=True)
    for label, value in summary:
        first.append([label, value])
        style_cell(first.cell(first.max_row, 1))
        first.cell(first.max_row, 1).font = bold
        style_cell(first.cell(first.max_row, 2), wrap=True)
    header = first.max_row + 2  # after an empty row
    first.append([])
    first.append(list(roster_header))
    for row in roster:
        first.append(list(row))
    columns = len(roster_header)
    style_table(first, header, first.max_row, columns, wrap={columns})
    print_setup(first, header, last_cell(columns, first.max_row))
    _widths(first, (14, 24, 12, 17, 40))
    second = book.create_sheet(titles[1])
    second.append(list(timeline_header))
    for row in timeline:
        second.append(list(row))
    columns = len(timeline_header)
    style_table(second, 1, second.max_row, columns, wrap={columns})
    print_setup(second, 1, last_cell(columns, second.max_row))
    second.freeze_panes = "A2"
    _widths(second, (18, 12, 14, 60))
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def _widths(sheet, widths: Sequence[int]) -> None:
    for index, width in enumerate(widths):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
