"""The look of the small workbooks written with openpyxl (the register, a call-out's timeline, the scorecards), the same
as `reports.xlsx_stream`'s: thin borders, wrapped long text, real dates, a header row repeated on every printed page
with an autofilter on its table, landscape pages fitted to the paper's width."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime
from typing import Any

from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties

from reports.xlsx_stream import DATE_FORMAT, DATETIME_FORMAT

THIN = Side(style="thin")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FONT = Font(bold=True)
TOP = Alignment(vertical="top")
WRAPPED = Alignment(vertical="top", wrap_text=True)
HEADER_ALIGNMENT = Alignment(horizontal="center", vertical="center", wrap_text=True)


def style_cell(cell: Any, *, wrap: bool = False, header: bool = False) -> None:
    """A table cell: bordered; a header bold and centred; long text wrapped; a date shown as a date."""
    cell.border = BORDER
    if header:
        cell.font = HEADER_FONT
        cell.alignment = HEADER_ALIGNMENT
        return
    cell.alignment = WRAPPED if wrap else TOP
    if isinstance(cell.value, datetime):
        cell.number_format = DATETIME_FORMAT
    elif isinstance(cell.value, date):
        cell.number_format = DATE_FORMAT


def style_table(
    sheet: Any,
    header_row: int,
    last_row: int,
    columns: int,
    wrap: Collection[int] = (),
    *,
    first_column: int = 1,
) -> None:
    """Style the table from `header_row` to `last_row` (columns `first_column` … + `columns` - 1; `wrap`: the
    1-based indexes of its long-text columns)."""
    for row in sheet.iter_rows(
        min_row=header_row, max_row=last_row, min_col=first_column, max_col=first_column + columns - 1
    ):
        for cell in row:
            header = cell.row == header_row
            style_cell(cell, wrap=cell.column - first_column + 1 in wrap, header=header)


def print_setup(sheet: Any, header_row: int | None = None, filter_to: str | None = None) -> None:
    """Landscape A4, one page wide (as many tall as it takes), centred; `header_row` repeated on every page, and an
    autofilter from it to `filter_to` (the table's last cell, "L40")."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = 9  # A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.print_options.horizontalCentered = True
    if header_row:
        sheet.print_title_rows = f"{header_row}:{header_row}"
        if filter_to:
            sheet.auto_filter.ref = f"A{header_row}:{filter_to}"


def last_cell(columns: int, row: int) -> str:
    return f"{get_column_letter(columns)}{row}"
