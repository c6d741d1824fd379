"""The monthly register 网格反映问题和意见建议交办登记表 as an Excel workbook: the form's columns, then where each item
came from (来源), its 12345 work order (工单编号) and the resident (涉及居民: 匿名 when anonymous)."""

from __future__ import annotations

from dataclasses import astuple
from io import BytesIO

from locales import tr_text as tr  # workbook cells: plain text
from reports.xlsx_stream import CELL, DATE, DATETIME, WRAP
from services.problems.register import RegisterRow as RegisterRow  # the rows the service reads

# The form's column headers, as message ids (locales/*/problems.ftl); zh-CN spells out the official form. Issue 18's
# three columns follow the form's own, so the form reads as it always did.
COLUMNS = tuple(
    f"register-col-{name}"
    for name in (
        "number",
        "reported-at",
        "community",
        "grid",
        "reporter",
        "category",
        "content",
        "advice",
        "leader",
        "due",
        "result",
        "remarks",
        "source",
        "order-no",
        "resident",
    )
)
WIDTHS = (6, 17, 12, 12, 10, 12, 40, 30, 10, 12, 30, 20, 10, 18, 16)
# Each column's cell style in `reports.xlsx_stream` (the export); the long texts wrapped here too.
STYLES = (CELL, DATETIME, CELL, CELL, CELL, CELL, WRAP, WRAP, CELL, DATE, WRAP, WRAP, CELL, CELL, CELL)
WRAP_COLUMNS = frozenset(i for i, style in enumerate(STYLES, start=1) if style == WRAP)


def headers(locale: str) -> list[str]:
    """The form's column headers in `locale`."""
    return [tr(locale, msg_id) for msg_id in COLUMNS]


def build_register_xlsx(locale: str, title: str, signed: str, rows: list[RegisterRow]) -> bytes:
    """Row 1: the title; row 2: who signed and when; row 3: the column headers; then one row per item."""
    # openpyxl is imported when a workbook is made: the bot imports this module for the headers of its exports.
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    from reports.xlsx_look import last_cell, print_setup, style_table

    book = Workbook()
    sheet = book.active
    sheet.title = tr(locale, "register-xlsx-sheet")
    sheet.append([title])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(COLUMNS))
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A1"].alignment = Alignment(horizontal="center")
    sheet.append([signed])
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(COLUMNS))
    sheet.append(headers(locale))
    for row in rows:
        sheet.append(list(astuple(row)))
    for index, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[sheet.cell(row=3, column=index).column_letter].width = width
    last = max(sheet.max_row, 3)
    style_table(sheet, 3, last, len(COLUMNS), WRAP_COLUMNS)
    print_setup(sheet, 3, last_cell(len(COLUMNS), last))
    sheet.freeze_panes = "A4"
    out = BytesIO()
    book.save(out)
    return out.getvalue()
