"""Issue 15, workbooks an office can use: every xlsx the bot writes (the submitted 纪实表, the exports, the 交办登记表,
a call-out's timeline, the scorecards) opened with openpyxl: real dates in Shanghai time, thin borders, wrapped long
text, landscape pages one page wide with the header row repeated, an autofilter, statuses in words (no emoji), a
summary sheet laid out as a table, and file names of one scheme (纪实表-幸福社区-2026年11月.xlsx)."""

from __future__ import annotations

import re
from datetime import date, datetime
from io import BytesIO
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from sqlalchemy import select

from locales import tr_text
from reports import exports as registry
from reports import naming
from reports.callout_xlsx import timeline_workbook
from reports.register_xlsx import RegisterRow, build_register_xlsx
from reports.scorecard_xlsx import CADRE_COLUMNS
from reports.xlsx_stream import BOLD, CELL, TITLE, WRAP, Sheet, save
from storage.models import OutboxMessage
from tests.test_exports import build_in, params, seeded
from tests.test_worklog_submit import approved_month, submit

EMOJI = re.compile("[\u2190-\u21ff\u2300-\u23ff\u2600-\u27bf\u2b00-\u2bff\ufe0f\U0001f000-\U0001faff]")


def assert_printable_table(sheet: Any, header_row: int, last_column: str) -> None:
    """Landscape, one page wide, the header row repeated on printed pages, an autofilter from the header."""
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.page_setup.fitToWidth == 1 and sheet.page_setup.fitToHeight == 0
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows == f"${header_row}:${header_row}"
    assert sheet.auto_filter.ref is not None
    start, end = sheet.auto_filter.ref.split(":")
    assert start == f"A{header_row}" and end.rstrip("0123456789") == last_column


def assert_bordered(cells: Any) -> None:
    for cell in cells:
        assert cell.border.left.style == "thin" and cell.border.bottom.style == "thin", cell.coordinate


def test_the_stream_writer_writes_dates_borders_wrapping_print_setup_and_a_filter(tmp_path: Path) -> None:
    sheet = Sheet("表", widths=[6, 12, 40], freeze_rows=2, styles=[CELL, CELL, WRAP], header_row=2)
    sheet.append(["标题"], TITLE)
    sheet.append(["序号", "日期", "内容"], BOLD)
    sheet.append([1, date(2026, 11, 3), "很长的工作内容" * 20])
    sheet.append([2, datetime(2026, 11, 3, 14, 5), "x"])
    sheet.table_end = sheet.rows
    sheet.append(["合计", None, None], BOLD)
    save(tmp_path / "t.xlsx", [sheet])
    book = load_workbook(tmp_path / "t.xlsx")
    ws = book["表"]
    assert ws["B3"].value == datetime(2026, 11, 3) and ws["B3"].number_format == "yyyy-mm-dd"
    assert ws["B4"].value == datetime(2026, 11, 3, 14, 5) and ws["B4"].number_format == "yyyy-mm-dd hh:mm"
    assert ws["C3"].alignment.wrap_text and not ws["A3"].alignment.wrap_text
    assert_bordered([ws["A2"], ws["A3"], ws["B4"], ws["C4"]])
    assert ws["A2"].font.b and ws["A1"].border.left.style is None  # the title is no table cell
    assert_printable_table(ws, 2, "C")
    assert ws.auto_filter.ref == "A2:C4"  # the table, not its total row


async def test_the_submitted_month_is_a_printable_table_with_dates_and_a_summary_table(db, tmp_path) -> None:
    ids = await approved_month(db)  # three logs of 幸福社区, signed 2026-12-03 02:00 UTC
    result = await submit(db, ids, tmp_path / "media")
    book = load_workbook(result.path)
    logs, summary = book.worksheets
    assert [c.value for c in logs[2]][:2] == ["序号", "日期"]
    assert logs.title == "纪实表" and logs["A1"].value == "幸福社区 网格工作纪实表（2026年11月）"
    days = [logs.cell(row, 2) for row in range(3, 6)]
    assert [c.value for c in days] == [datetime(2026, 11, d) for d in (3, 11, 28)]
    assert all(c.number_format == "yyyy-mm-dd" for c in days)
    signed = logs["N3"]  # 签署时间: 02:00 UTC is 10:00 in Shanghai
    assert signed.value == datetime(2026, 12, 3, 10, 0) and signed.number_format == "yyyy-mm-dd hh:mm"
    assert logs["I3"].alignment.wrap_text  # 工作内容
    assert_bordered(logs[3])
    assert_printable_table(logs, 2, "N")
    assert logs.auto_filter.ref == "A2:N5"

    # The summary: a table with a header and one row a grid (then the total), not the chat message in column A.
    rows = [list(r) for r in summary.iter_rows(values_only=True)]
    assert rows[1] == ["网格", "纪实条数", "人数", "走访户数"]
    grid_rows = rows[2:-1][: next(i for i, r in enumerate(rows[2:]) if r[0] == "合计")]
    assert len(grid_rows) == 1 and grid_rows[0][1:3] == [3, 1]
    assert not any(isinstance(v, str) and "\n" in v for r in rows for v in r)
    facts = {r[0]: r[1] for r in rows if r[0] in {"报送人", "报送时间", "逾期报送"}}
    assert facts["报送时间"] == datetime(2026, 12, 3, 10, 0) and facts["逾期报送"] == "否"
    assert summary["B" + str(2 + len(grid_rows) + 1 + 5)].number_format in {"General", "yyyy-mm-dd hh:mm"}
    assert_printable_table(summary, 2, "D")

    async with db.session() as s:
        payloads = (
            await s.execute(select(OutboxMessage.payload).where(OutboxMessage.method == "sendDocument"))
        ).scalars()
        names = {payload["filename"] for payload in payloads}
    assert names == {"纪实表-幸福社区-2026年11月.xlsx"}  # no UTC timestamp in what people receive


async def test_every_export_is_a_printable_table_with_dates_and_statuses_in_words(db, tmp_path) -> None:
    district = await seeded(db)
    worklog = params(district, "worklog", month="2026-10-01")
    register = params(district, "register", month="2026-10-01")
    attendance = params(
        district, "attendance", week="2026-10-12", working_days=[f"2026-10-{d}" for d in range(12, 17)]
    )
    scorecards = params(district, "scorecards", quarter="2026-10-01", as_of="2026-10-31")
    assert [registry.file_name(p) for p in (worklog, register, attendance, scorecards)] == [
        "纪实表-城关街道-2026年10月.xlsx",
        "交办登记表-城关街道-2026年10月.xlsx",
        "包联干部考勤-城关街道-2026年10月12日至10月18日.xlsx",
        "考核记分卡-城关街道-2026年第4季度.xlsx",
    ]
    assert (
        scorecards.period_text == "2026年第4季度"
    )  # in the progress message and the caption, as in the picker

    book = load_workbook(await build_in(db, worklog, tmp_path))
    logs, summary = book.worksheets
    assert_printable_table(logs, 2, "P")
    assert logs["C3"].number_format == "yyyy-mm-dd" and isinstance(logs["C3"].value, datetime)
    statuses = {logs.cell(row, 16).value for row in range(3, logs.max_row + 1)}
    assert statuses <= {tr_text("zh-CN", f"ex-status-{s}") for s in ("submitted", "returned", "approved")}
    assert statuses and not any(EMOJI.search(s) for s in statuses)
    assert logs["J3"].alignment.wrap_text and logs["J3"].border.left.style == "thin"
    assert [c.value for c in summary[2]][:2] == ["社区", "纪实条数"]
    assert summary.max_row == 2 + 4 + 1  # the header, one row a community, the total
    assert_printable_table(summary, 2, "H")
    assert summary.auto_filter.ref == "A2:H6"

    book = load_workbook(await build_in(db, register, tmp_path))
    items = book.worksheets[0]
    assert_printable_table(
        items, 2, "P"
    )  # the form, 来源, 工单编号, 涉及居民, then whether it is on a register
    assert isinstance(items["B3"].value, datetime) and items["B3"].number_format == "yyyy-mm-dd hh:mm"
    assert items["G3"].alignment.wrap_text
    assert not any(EMOJI.search(str(items.cell(row, 12).value or "")) for row in range(3, items.max_row + 1))

    book = load_workbook(await build_in(db, attendance, tmp_path))
    assert_printable_table(book.worksheets[0], 2, "H")
    assert_printable_table(book.worksheets[1], 2, "E")

    book = load_workbook(await build_in(db, scorecards, tmp_path))
    cadres, communities, _formula = book.worksheets
    assert_printable_table(cadres, 2, get_column_letter(len(CADRE_COLUMNS)))
    assert_bordered(cadres[3])
    assert_printable_table(communities, 2, "I")
    assert _formula.page_setup.orientation == "landscape"


def test_the_register_and_a_callout_timeline_are_printable_tables_with_dates() -> None:
    row = RegisterRow(
        1,
        datetime(2026, 11, 3, 9, 30),
        "幸福社区",
        "第一网格",
        "李娜",
        "安全隐患",
        "楼道堆物" * 20,
        "",
        "",
        date(2026, 11, 5),
        "",
        "办理中",
    )
    sheet = load_workbook(BytesIO(build_register_xlsx("zh-CN", "标题", "签批", [row]))).active
    assert (
        sheet["B4"].value == datetime(2026, 11, 3, 9, 30) and sheet["B4"].number_format == "yyyy-mm-dd hh:mm"
    )
    assert sheet["J4"].value == datetime(2026, 11, 5) and sheet["J4"].number_format == "yyyy-mm-dd"
    assert sheet["G4"].alignment.wrap_text and not sheet["A4"].alignment.wrap_text
    assert_bordered(sheet[3][:15] + sheet[4][:15])
    assert_printable_table(sheet, 3, "O")  # the form's twelve columns, then 来源, 工单编号, 涉及居民
    assert sheet.auto_filter.ref == "A3:O4"

    content = timeline_workbook(
        [("编号", "7"), ("发起时间", datetime(2026, 11, 27, 10, 0))],
        ["姓名", "呼叫范围", "回复", "回复时间", "原因"],
        [("马超", "本社区应急分队", "马上到", datetime(2026, 11, 27, 10, 2), "")],
        ["时间", "人员", "事件", "说明"],
        [(datetime(2026, 11, 27, 10, 0), "张伟", "发起", "")],
        ("概况", "时间线"),
    )
    book = load_workbook(BytesIO(content))
    summary, timeline = book.worksheets
    assert summary["B2"].number_format == "yyyy-mm-dd hh:mm"
    assert_printable_table(summary, 4, "E")
    assert (
        summary["D5"].value == datetime(2026, 11, 27, 10, 2)
        and summary["D5"].number_format == "yyyy-mm-dd hh:mm"
    )
    assert_printable_table(timeline, 1, "D")
    assert_bordered(timeline[2])


def test_one_naming_scheme_and_quarters_in_words() -> None:
    assert naming.workbook_name(
        "zh-CN", "worklog", "幸福社区", naming.month_label("zh-CN", date(2026, 11, 1))
    ) == ("纪实表-幸福社区-2026年11月.xlsx")
    assert naming.quarter_label("zh-CN", date(2026, 10, 1)) == "2026年第4季度"
    assert (
        naming.workbook_name("zh-CN", "register", "A/B:社区", "2026年11月")
        == "交办登记表-A_B_社区-2026年11月.xlsx"
    )
    from dialogs.problems_register import register_file_name

    assert register_file_name("zh-CN", "幸福社区", 2026, 11) == "交办登记表-幸福社区-2026年11月.xlsx"
