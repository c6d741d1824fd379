"""The plain .xlsx writer, read back with openpyxl: values, types, styles, widths, frozen header, awkward text."""

from __future__ import annotations

import io
import zipfile

from openpyxl import load_workbook

from reports import xlsx_stream
from reports.xlsx_stream import BOLD, TITLE, Sheet, column_name, save


def test_workbook_reads_back_with_openpyxl(tmp_path):
    data = Sheet("纪实表", widths=[6, 40], freeze_rows=2)
    data.append(["标题"], TITLE)
    data.append(["序号", "内容"], BOLD)
    data.append([1, "走访 <居民> & “物业”\x07"])  # markup characters escaped, a control character dropped
    data.append([2, None, "  前后空格  "])
    data.append([3.5, "x" * 40000])
    other = Sheet(
        "汇总/summary:[1]"
    )  # characters Excel forbids in sheet names are left to the caller; kept short
    other.append(["一行"])
    path = tmp_path / "book.xlsx"
    save(path, [data, other])

    book = load_workbook(path)
    sheet = book["纪实表"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "标题" and sheet["A1"].font.b and sheet["A1"].font.sz == 14
    assert rows[1] == ("序号", "内容", None) and sheet["B2"].font.b
    assert rows[2][:2] == (1, "走访 <居民> & “物业”")
    assert rows[3] == (2, None, "  前后空格  ")
    assert rows[4][0] == 3.5 and len(rows[4][1]) == 32767  # Excel's cell limit
    assert sheet.freeze_panes == "A3" and sheet.column_dimensions["B"].width == 40
    assert book.sheetnames == ["纪实表", "汇总_summary__1_"]


def test_column_names():
    assert [column_name(i) for i in (0, 25, 26, 27, 701, 702)] == ["A", "Z", "AA", "AB", "ZZ", "AAA"]


def test_a_big_sheet_waits_in_a_temporary_file_not_in_memory(tmp_path, monkeypatch):
    """Rows beyond SPOOL_BYTES (compressed) go to a temporary file as they are appended; the workbook still holds
    every row, in order, with the rows still pending in memory after the spooled ones."""
    monkeypatch.setattr(xlsx_stream, "SPOOL_BYTES", 100)
    big = Sheet("纪实表", widths=[6, 30], freeze_rows=1)
    for n in range(1, 1302):  # two full batches of rows and one left pending
        big.append([n, f"第{n}条 走访记录 {n**9:x}"])
    big._settle()  # noqa: SLF001 (the compressing thread is done with the batches)
    assert big._spool is not None and big._spool._rolled  # noqa: SLF001 (on disk, not in memory)
    assert len(big._pending) == 1301 - 2 * xlsx_stream._FLUSH_ROWS  # noqa: SLF001
    plain = io.BytesIO()
    big.write(plain)  # the spooled rows inflated again, then the pending ones
    monkeypatch.setattr(xlsx_stream, "_FLUSH_ROWS", 10**9)
    kept = Sheet("纪实表", widths=[6, 30], freeze_rows=1)  # the same rows, never compressed as they come
    kept.extend([n, f"第{n}条 走访记录 {n**9:x}"] for n in range(1, 1302))
    expected = io.BytesIO()
    kept.write(expected)
    assert plain.getvalue() == expected.getvalue()
    path = tmp_path / "big.xlsx"
    save(path, [big])
    assert big._spool is None  # noqa: SLF001 (the temporary file is gone once the workbook is written)
    with zipfile.ZipFile(path) as package:
        assert package.testzip() is None  # every entry's CRC checks out
        assert package.read("xl/worksheets/sheet1.xml") == plain.getvalue()
    rows = list(load_workbook(path, read_only=True)["纪实表"].iter_rows(values_only=True))
    assert len(rows) == 1301
    assert rows[0] == (1, "第1条 走访记录 1") and rows[999] == (1000, f"第1000条 走访记录 {1000**9:x}")
    assert rows[-1] == (1301, f"第1301条 走访记录 {1301**9:x}")
