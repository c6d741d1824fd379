"""A minimal .xlsx writer for big, plain tables: rows of text and numbers, a bold header, column widths, a frozen
header, several sheets. Everything else (reading workbooks, small styled exports) uses openpyxl.

Why not openpyxl here: a month of logs is 20,000 rows × 14 cells, and openpyxl spends ~28 µs on each cell on the
target machine (7.7 s for the workbook, with lxml; XlsxWriter 5.6 s) against a 5 s target for the whole monthly
submission (benchmarks/worklog_workbook.py). Writing the sheet XML directly costs ~2 µs a cell. The output is
standard SpreadsheetML (inline strings), read back with openpyxl in the tests, and opens in Excel and WPS.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO
from xml.sax.saxutils import quoteattr

# Characters XML 1.0 forbids (a pasted text can carry them); Excel would refuse the file.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_NOT_IN_SHEET_NAMES = re.compile(r"[\\/?*\[\]:]")
MAX_CELL = 32767  # Excel's limit on a cell's text
# A sheet's rows wait in memory up to this size, beyond it in a temporary file: the 纪实表 of a sub-district month
# is 100,000 rows, about 70 MB of XML, which the bot would otherwise hold until the workbook is zipped.
SPOOL_BYTES = 4 * 1024 * 1024
_FLUSH_ROWS = 500

PLAIN, BOLD, TITLE = 0, 1, 2  # cell styles (xl/styles.xml below)

_STYLES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<fonts count="3"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font>\
<font><b/><sz val="14"/><name val="Calibri"/></font></fonts>
<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>\
<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>
</styleSheet>"""


def column_name(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    name, index = "", index + 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def sheet_name(title: str) -> str:
    """What Excel takes as a sheet name: at most 31 characters, none of \\ / ? * [ ] :."""
    return _NOT_IN_SHEET_NAMES.sub("_", _ILLEGAL.sub("", title))[:31] or "Sheet"


def _text(value: str) -> str:
    if _ILLEGAL.search(value):
        value = _ILLEGAL.sub("", value)
    if len(value) > MAX_CELL:
        value = value[:MAX_CELL]
    # xml.sax.saxutils.escape, inlined: this runs for every text cell of a 100,000-row export.
    if "&" in value:
        value = value.replace("&", "&amp;")
    if "<" in value:
        value = value.replace("<", "&lt;")
    if ">" in value:
        value = value.replace(">", "&gt;")
    return value


_COLUMN_NAMES = [column_name(i) for i in range(128)]  # names of the first columns, looked up, not computed
_SEPARATOR = "\ue000"  # a private-use character: legal in XML, untouched by escaping, absent from real text


def _column(index: int) -> str:
    return _COLUMN_NAMES[index] if index < len(_COLUMN_NAMES) else column_name(index)


@dataclass
class Sheet:
    title: str
    widths: Sequence[float] = ()
    freeze_rows: int = 0  # rows kept in view when scrolling
    _pending: list[bytes] = field(
        default_factory=list
    )  # encoded as they come: half the memory of str for CJK
    _spool: tempfile.SpooledTemporaryFile[bytes] | None = None  # rows already moved out of `_pending`
    _count: int = 0

    def append(self, values: Sequence[object], style: int = PLAIN) -> None:
        self._count += 1
        number = self._count
        styled = f' s="{style}"' if style else ""
        parts: list[object] = []  # a cell's XML, or (text cells) its column index until the texts are escaped
        texts: list[str] = []
        slots: list[int] = []
        for index, value in enumerate(values):
            if value is None or value == "":
                continue
            kind = type(value)
            if kind is not str and kind is not bool and isinstance(value, int | float):
                parts.append(f'<c r="{_column(index)}{number}"{styled}><v>{value}</v></c>')
                continue
            texts.append(value if kind is str else str(value))  # type: ignore[arg-type]
            slots.append(len(parts))
            parts.append(index)
        if texts:
            # The row's texts are escaped in one go (one regex search and three replaces per row, not per cell:
            # half the time of a 100,000-row sheet); a text holding the separator itself is escaped on its own.
            joined = _SEPARATOR.join(texts)
            pieces = _text(joined).split(_SEPARATOR) if len(joined) <= MAX_CELL else []
            if len(pieces) != len(texts):
                pieces = [_text(text) for text in texts]
            for slot, text in zip(slots, pieces, strict=True):
                parts[slot] = (
                    f'<c r="{_column(parts[slot])}{number}"{styled} t="inlineStr">'  # type: ignore[arg-type]
                    f'<is><t xml:space="preserve">{text}</t></is></c>'
                )
        self._pending.append(f'<row r="{number}">{"".join(parts)}</row>'.encode())  # type: ignore[arg-type]
        if len(self._pending) >= _FLUSH_ROWS:
            if self._spool is None:
                self._spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 (closed by close)
            self._spool.write(b"".join(self._pending))
            self._pending.clear()

    def close(self) -> None:
        """Drop the spooled rows (`save` does, once the workbook is written)."""
        if self._spool is not None:
            self._spool.close()
            self._spool = None
        self._pending.clear()

    def extend(self, rows: Iterable[Sequence[object]]) -> None:
        for values in rows:
            self.append(values)

    def write(self, out: IO[bytes]) -> None:
        """The sheet's XML, streamed: the rows are never joined into one string (nor read from the spool at once)."""
        parts = [
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        ]
        if self.freeze_rows:
            top = f"A{self.freeze_rows + 1}"
            parts.append(
                f'<sheetViews><sheetView workbookViewId="0"><pane ySplit="{self.freeze_rows}" topLeftCell="{top}" '
                'activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>'
            )
        if self.widths:
            parts.append("<cols>")
            parts.extend(
                f'<col min="{i}" max="{i}" width="{w}" customWidth="1"/>'
                for i, w in enumerate(self.widths, start=1)
            )
            parts.append("</cols>")
        parts.append("<sheetData>")
        out.write("".join(parts).encode())
        if self._spool is not None:
            self._spool.seek(0)
            shutil.copyfileobj(self._spool, out, 1 << 20)
        for row in self._pending:
            out.write(row)
        out.write(b"</sheetData></worksheet>")


def save(path: Path, sheets: Sequence[Sheet], compresslevel: int = 6) -> None:
    """Write the sheets, in order, as one workbook (`compresslevel` 1: a third of the time, a fifth bigger)."""
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{n}.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for n in range(1, len(sheets) + 1)
    )
    content_types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/styles.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        f"{overrides}</Types>"
    )
    root_rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'officeDocument" Target="xl/workbook.xml"/></Relationships>'
    )
    sheet_entries = "".join(
        f'<sheet name={quoteattr(sheet_name(s.title))} sheetId="{n}" r:id="rId{n}"/>'
        for n, s in enumerate(sheets, start=1)
    )
    workbook = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        f"<sheets>{sheet_entries}</sheets></workbook>"
    )
    sheet_rels = "".join(
        f'<Relationship Id="rId{n}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        f'worksheet" Target="worksheets/sheet{n}.xml"/>'
        for n in range(1, len(sheets) + 1)
    )
    styles_id = len(sheets) + 1
    workbook_rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'{sheet_rels}<Relationship Id="rId{styles_id}" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
        "</Relationships>"
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=compresslevel) as package:
        package.writestr("[Content_Types].xml", content_types)
        package.writestr("_rels/.rels", root_rels)
        package.writestr("xl/workbook.xml", workbook)
        package.writestr("xl/_rels/workbook.xml.rels", workbook_rels)
        package.writestr("xl/styles.xml", _STYLES)
        for n, sheet in enumerate(sheets, start=1):
            with package.open(f"xl/worksheets/sheet{n}.xml", "w") as out:
                sheet.write(out)
    for sheet in sheets:
        sheet.close()
