"""A call-out's timeline as an Excel workbook: a summary sheet (what, where, who answered how) and the timeline."""

from __future__ import annotations

from collections.abc import Sequence
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font


def timeline_workbook(
    summary: Sequence[tuple[str, str]],
    roster_header: Sequence[str],
    roster: Sequence[Sequence[str]],
    timeline_header: Sequence[str],
    timeline: Sequence[Sequence[str]],
    titles: tuple[str, str],
) -> bytes:
    """`summary` is (label, value) pairs above the roster of the people called; `timeline` one row per event.
    The texts come already translated: the workbook knows no language."""
    book = Workbook()
    first = book.active
    first.title = titles[0]
    bold = Font(bold=True)
    for label, value in summary:
        first.append([label, value])
        first.cell(first.max_row, 1).font = bold
    first.append([])
    first.append(list(roster_header))
    for cell in first[first.max_row]:
        cell.font = bold
    for row in roster:
        first.append(list(row))
    _widths(first, (14, 24, 12, 12, 40))
    second = book.create_sheet(titles[1])
    second.append(list(timeline_header))
    for cell in second[1]:
        cell.font = bold
    for row in timeline:
        second.append(list(row))
    _widths(second, (18, 12, 14, 60))
    for sheet in (first, second):
        for line in sheet.iter_rows():
            for cell in line:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def _widths(sheet, widths: Sequence[int]) -> None:
    for index, width in enumerate(widths):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
