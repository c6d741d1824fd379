"""A minimal .xlsx writer for big tables an office prints: rows of text, numbers and real Excel dates, thin borders,
wrapped long text, a bold header repeated on every printed page with an autofilter on it, column widths, a frozen
header, landscape pages fitted to the paper's width, several sheets. Everything else (reading workbooks, small styled
exports) uses openpyxl, with the same look (`reports.xlsx_look`).

Why not openpyxl here: a month of logs is 20,000 rows × 14 cells, and openpyxl spends ~28 µs on each cell on the
target machine (7.7 s for the workbook, with lxml; XlsxWriter 5.6 s) against a 5 s target for the whole monthly
submission (benchmarks/worklog_workbook.py). Writing the sheet XML directly costs ~2 µs a cell. The output is
standard SpreadsheetML (inline strings), read back with openpyxl in the tests, and opens in Excel and WPS.

Since issue 14 (a district month's 纪实表 is 100,000 rows, a month's submission as many): a row's XML comes from a
format string made once per row shape (`_template`), and a big sheet's rows are compressed by a thread of their own
while the next rows are made (`Sheet._flush`); `save` copies them into the zip as they are.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import threading
import time
import zipfile
import zlib
from collections import deque
from collections.abc import Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any
from xml.sax.saxutils import escape, quoteattr

# Characters XML 1.0 forbids (a pasted text can carry them); Excel would refuse the file.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_NOT_IN_SHEET_NAMES = re.compile(r"[\\/?*\[\]:]")
MAX_CELL = 32767  # Excel's limit on a cell's text
# A big sheet's rows are compressed as they come (see `Sheet`) and wait in memory up to this size, beyond it in a
# temporary file: the 纪实表 of a sub-district month is 100,000 rows, about 70 MB of XML (8 MB compressed), which the
# bot would otherwise hold until the workbook is zipped.
SPOOL_BYTES = 4 * 1024 * 1024
_FLUSH_ROWS = 500
# The compression level of a big sheet's rows, compressed as they come: level 1 takes a third of level 6's time for
# a 100,000-row sheet, for a file a fifth bigger.
SHEET_LEVEL = 1
_QUEUED = 8  # batches of rows waiting for the compressing thread at most (the rows are made faster than that)
_deflater: ThreadPoolExecutor | None = None
_deflater_lock = threading.Lock()


def _deflate_thread() -> ThreadPoolExecutor:
    """One thread compresses the big sheets' rows, in the order they come (zlib lets go of the GIL meanwhile: the
    compression runs beside the making of the next rows, on the other CPU)."""
    global _deflater
    with _deflater_lock:
        if _deflater is None:
            _deflater = ThreadPoolExecutor(max_workers=1, thread_name_prefix="xlsx-deflate")
        return _deflater


# Cell styles (xl/styles.xml below): PLAIN no border; BOLD a header or total cell (bold, thin border, wrapped);
# TITLE a sheet's title; CELL a bordered cell; WRAP a bordered cell of long text, wrapped; DATE and DATETIME bordered
# real Excel dates (a `date` or `datetime` value gets one of them whatever its column's style).
PLAIN, BOLD, TITLE, CELL, WRAP, DATE, DATETIME = 0, 1, 2, 3, 4, 5, 6
DATE_FORMAT, DATETIME_FORMAT = "yyyy-mm-dd", "yyyy-mm-dd hh:mm"
_EPOCH = date(1899, 12, 30).toordinal()  # Excel's day 0 (its 1900 leap-year bug included)

_STYLES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/>\
<numFmt numFmtId="165" formatCode="yyyy-mm-dd hh:mm"/></numFmts>
<fonts count="3"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font>\
<font><b/><sz val="14"/><name val="Calibri"/></font></fonts>
<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>
<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>\
<border><left style="thin"><color auto="1"/></left><right style="thin"><color auto="1"/></right>\
<top style="thin"><color auto="1"/></top><bottom style="thin"><color auto="1"/></bottom><diagonal/></border></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="7"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
<xf numFmtId="0" fontId="1" fillId="0" borderId="1" xfId="0" applyFont="1" applyBorder="1" applyAlignment="1">\
<alignment horizontal="center" vertical="center" wrapText="1"/></xf>\
<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1"/>\
<xf numFmtId="0" fontId="0" fillId="0" borderId="1" xfId="0" applyBorder="1" applyAlignment="1">\
<alignment vertical="top"/></xf>\
<xf numFmtId="0" fontId="0" fillId="0" borderId="1" xfId="0" applyBorder="1" applyAlignment="1">\
<alignment vertical="top" wrapText="1"/></xf>\
<xf numFmtId="164" fontId="0" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyBorder="1" \
applyAlignment="1"><alignment horizontal="left" vertical="top"/></xf>\
<xf numFmtId="165" fontId="0" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyBorder="1" \
applyAlignment="1"><alignment horizontal="left" vertical="top"/></xf></cellXfs>
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


# What `_text` changes: a row whose texts hold none of these is written as it is.
_ESCAPE = re.compile("[&<>\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_MAX_TEMPLATES = 4096  # shapes are few (each column has one type, or is empty); a bound all the same


def excel_serial(value: date | datetime) -> float | int:
    """A date or a datetime as Excel's serial number (days since 1899-12-30, the time of day as the fraction), from
    its wall-clock fields: a datetime is written as the local time it shows (callers convert to the sub-district's
    time zone first), an aware one without its offset."""
    days = value.toordinal() - _EPOCH
    if type(value) is date:
        return days
    seconds = value.hour * 3600 + value.minute * 60 + value.second  # type: ignore[union-attr]
    return days + seconds / 86400 if seconds else days


def _styles_of(style: int | Sequence[int], count: int) -> list[int]:
    if isinstance(style, int):
        return [style] * count
    return [*style[:count], *[CELL] * (count - len(style))]


def _template(shape: tuple[object, ...], styles: Sequence[int]) -> tuple[str, tuple[int, ...]]:
    """The format string of a row of `shape` (each cell's type) with the cells' `styles`: {0} the row number, {n} the
    n-th value; and the indexes of the date cells (turned into serial numbers before the format). "" when a cell is
    of a type written otherwise (bool, int subclasses…)."""
    cells, dates = [], []
    for index, kind in enumerate(shape):
        style = styles[index]
        if kind is type(None):
            if style not in (PLAIN, TITLE):  # an empty cell of a table keeps its border
                cells.append(f'<c r="{_column(index)}{{0}}" s="{style}"/>')
            continue
        if kind is date or kind is datetime:
            dates.append(index)
            style = DATE if kind is date else DATETIME
        styled = f' s="{style}"' if style else ""
        if kind is int or kind is float or kind is date or kind is datetime:
            cells.append(f'<c r="{_column(index)}{{0}}"{styled}><v>{{{index + 1}}}</v></c>')
        elif kind is str:
            cells.append(
                f'<c r="{_column(index)}{{0}}"{styled} t="inlineStr"><is><t xml:space="preserve">{{{index + 1}}}'
                "</t></is></c>"
            )
        else:
            return "", ()
    return '<row r="{0}">' + "".join(cells) + "</row>", tuple(dates)


@dataclass
class Sheet:
    """A sheet, printed landscape and fitted to the paper's width. `styles`: each column's style for the rows
    appended without one (CELL where not given: bordered; WRAP for long text). `header_row` (1-based, 0 none): the
    table's header, repeated on every printed page, with an autofilter from it to the last row."""

    title: str
    widths: Sequence[float] = ()
    freeze_rows: int = 0  # rows kept in view when scrolling
    styles: Sequence[int] = ()
    header_row: int = 0
    table_end: int = 0  # the autofilter's last row (0: the sheet's last); set once the table is written
    _pending: list[bytes] = field(
        default_factory=list
    )  # encoded as they come: half the memory of str for CJK
    # The sheet's XML so far (its head and the rows moved out of `_pending`), raw-deflated, as a zip entry holds it.
    _spool: tempfile.SpooledTemporaryFile[bytes] | None = None
    _deflate: Any = None  # the zlib compressor of `_spool`
    _crc: int = 0  # CRC-32 and length of the XML in `_spool`, before compression
    _size: int = 0
    _queued: deque[Future[None]] = field(default_factory=deque)  # batches given to the compressing thread
    _count: int = 0
    _columns: int = 0  # the widest row's cells
    # row shape (the style given or None, then the cells' types) → (format string, date cells); "": cell by cell
    _templates: dict[tuple[object, ...], tuple[str, tuple[int, ...]]] = field(default_factory=dict)

    @property
    def rows(self) -> int:
        """Rows appended so far (the number of the last one)."""
        return self._count

    def append(self, values: Sequence[object], style: int | None = None) -> None:
        """A row; `style` for every cell of it (a title, a header, a total), else each column's own."""
        self._count += 1
        number = self._count
        if len(values) > self._columns:
            self._columns = len(values)
        if "" in values:  # an empty text is no cell, like None
            values = [None if value == "" else value for value in values]
        # The row's XML from a format string made once per shape (the cells' types and the style): one C call per
        # row instead of a few Python steps per cell, a third of the time of a 100,000-row sheet.
        shape = (style, *map(type, values))
        made = self._templates.get(shape)
        if made is None:
            styles = _styles_of(self.styles if style is None else style, len(values))
            made = _template(shape[1:], styles) if len(self._templates) < _MAX_TEMPLATES else ("", ())
            self._templates[shape] = made
        template, dates = made
        if template:
            if dates:
                values = list(values)
                for index in dates:
                    values[index] = excel_serial(values[index])  # type: ignore[arg-type]
            # Texts with nothing to escape (almost all of them) go in as they are; the check covers every cell
            # at once (numbers and None hold none of those characters).
            joined = _SEPARATOR.join(map(str, values))
            if len(joined) > MAX_CELL or _ESCAPE.search(joined) is not None:
                values = [_text(value) if type(value) is str else value for value in values]
            row = template.format(number, *values)
        else:
            styles = _styles_of(self.styles if style is None else style, len(values))
            row = self._row_xml(number, values, styles)
        self._pending.append(row.encode())
        if len(self._pending) >= _FLUSH_ROWS:
            self._flush()

    def _flush(self) -> None:
        """Hand the pending rows to the compressing thread (the sheet's head first, the first time)."""
        batch = b"".join(self._pending)
        self._pending.clear()
        if self._spool is None:
            self._spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 (closed by close)
            self._deflate = zlib.compressobj(
                SHEET_LEVEL, zlib.DEFLATED, -15
            )  # raw deflate, as in a zip entry
            batch = self._head() + batch
        while len(self._queued) >= _QUEUED:
            self._queued.popleft().result()
        self._queued.append(_deflate_thread().submit(self._compress, batch))

    def _compress(self, data: bytes) -> None:
        """In the compressing thread (or once it is done with this sheet's batches)."""
        assert self._spool is not None
        self._crc = zlib.crc32(data, self._crc)
        self._size += len(data)
        self._spool.write(self._deflate.compress(data))

    def _settle(self) -> None:
        """Wait until the compressing thread is done with this sheet's batches (raising what one raised)."""
        while self._queued:
            self._queued.popleft().result()

    def _finish(self) -> tuple[int, int, int]:
        """Compress the rest of a spooled sheet and end its stream: (CRC-32, XML length, compressed length)."""
        assert self._spool is not None
        self._settle()
        self._compress(b"".join(self._pending) + self._tail())
        self._pending.clear()
        self._spool.write(self._deflate.flush())
        return self._crc, self._size, self._spool.tell()

    @staticmethod
    def _row_xml(number: int, values: Sequence[object], styles: Sequence[int]) -> str:
        """A row of cells of any type (bools, dates, int subclasses…), cell by cell; `append` uses templates."""
        parts: list[object] = []  # a cell's XML, or (text cells) its column index until the texts are escaped
        texts: list[str] = []
        slots: list[int] = []
        for index, value in enumerate(values):
            styled = f' s="{styles[index]}"' if styles[index] else ""
            if value is None or value == "":
                if styles[index] not in (PLAIN, TITLE):  # an empty cell of a table keeps its border
                    parts.append(f'<c r="{_column(index)}{number}"{styled}/>')
                continue
            kind = type(value)
            if isinstance(value, date):
                style = DATETIME if isinstance(value, datetime) else DATE
                parts.append(f'<c r="{_column(index)}{number}" s="{style}"><v>{excel_serial(value)}</v></c>')
                continue
            if kind is not str and kind is not bool and isinstance(value, int | float):
                parts.append(f'<c r="{_column(index)}{number}"{styled}><v>{value}</v></c>')
                continue
            texts.append(value if kind is str else str(value))  # type: ignore[arg-type]
            slots.append(len(parts))
            parts.append((index, styled))
        if texts:
            # The row's texts are escaped in one go; a text holding the separator itself is escaped on its own.
            joined = _SEPARATOR.join(texts)
            pieces = _text(joined).split(_SEPARATOR) if len(joined) <= MAX_CELL else []
            if len(pieces) != len(texts):
                pieces = [_text(text) for text in texts]
            for slot, text in zip(slots, pieces, strict=True):
                index, styled = parts[slot]  # type: ignore[misc]
                parts[slot] = (
                    f'<c r="{_column(index)}{number}"{styled} t="inlineStr">'
                    f'<is><t xml:space="preserve">{text}</t></is></c>'
                )
        return f'<row r="{number}">{"".join(parts)}</row>'  # type: ignore[arg-type]

    def close(self) -> None:
        """Drop the spooled rows (`save` does, once the workbook is written)."""
        for queued in self._queued:  # the compressing thread is not left writing into a closed file
            queued.cancel()
        for queued in self._queued:
            if not queued.cancelled():
                queued.exception()
        self._queued.clear()
        if self._spool is not None:
            self._spool.close()
            self._spool = None
        self._pending.clear()

    def extend(self, rows: Iterable[Sequence[object]]) -> None:
        for values in rows:
            self.append(values)

    def _head(self) -> bytes:
        parts = [
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>'  # fitted to the page (see `_tail`'s pageSetup)
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
        return "".join(parts).encode()

    def write(self, out: IO[bytes]) -> None:
        """The sheet's XML, streamed: the rows are never joined into one string (nor read from the spool at once)."""
        if self._spool is None:
            out.write(self._head())
        else:  # the head and the first rows, compressed
            self._settle()
            self._spool.flush()
            self._spool.seek(0)
            inflate = zlib.decompressobj(-15)
            while chunk := self._spool.read(1 << 20):
                out.write(inflate.decompress(chunk))
            out.write(inflate.decompress(self._deflate.copy().flush()))  # what the compressor still holds
            out.write(inflate.flush())
            self._spool.seek(0, 2)
        for row in self._pending:
            out.write(row)
        out.write(self._tail())

    def last_column(self) -> str:
        return _column(max(self._columns, len(self.widths), 1) - 1)

    def filter_range(self) -> str | None:
        """The autofilter's range, from the header row to the last row ("A2:O120"); None without a header row."""
        if not self.header_row:
            return None
        return f"A{self.header_row}:{self.last_column()}{self.last_table_row()}"

    def last_table_row(self) -> int:
        return max(self.table_end or self._count, self.header_row)

    def _tail(self) -> bytes:
        """After the rows: the autofilter, and the print setup (landscape A4, one page wide, as many tall as it takes,
        centred)."""
        ranged = self.filter_range()
        return (
            "</sheetData>"
            + (f'<autoFilter ref="{ranged}"/>' if ranged else "")
            + '<printOptions horizontalCentered="1"/>'
            '<pageMargins left="0.4" right="0.4" top="0.6" bottom="0.6" header="0.3" footer="0.3"/>'
            '<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>'
            "</worksheet>"
        ).encode()


def _defined_names(sheets: Sequence[Sheet]) -> str:
    """workbook.xml's names: each table's header row repeated on printed pages, and its filter's range."""
    names = []
    for index, sheet in enumerate(sheets):
        ranged = sheet.filter_range()
        if ranged is None:
            continue
        quoted = "'" + sheet_name(sheet.title).replace("'", "''") + "'"
        last = f"${sheet.last_column()}${sheet.last_table_row()}"
        names.append(
            f'<definedName name="_xlnm._FilterDatabase" localSheetId="{index}" hidden="1">'
            f"{escape(f'{quoted}!$A${sheet.header_row}:{last}')}</definedName>"
        )
        names.append(
            f'<definedName name="_xlnm.Print_Titles" localSheetId="{index}">'
            f"{escape(f'{quoted}!${sheet.header_row}:${sheet.header_row}')}</definedName>"
        )
    return f"<definedNames>{''.join(names)}</definedNames>" if names else ""


def _write_deflated(package: zipfile.ZipFile, name: str, sheet: Sheet) -> None:
    """A spooled sheet as the zip entry `name`, its data already compressed (`Sheet._finish`): what
    `ZipFile.open(name, "w")` writes, without compressing again."""
    crc, size, compressed = sheet._finish()  # noqa: SLF001
    assert sheet._spool is not None  # noqa: SLF001
    if max(size, compressed) > zipfile.ZIP64_LIMIT:  # never for an export (4 GB); written the plain way then
        with package.open(name, "w", force_zip64=True) as out:
            sheet.write(out)
        return
    info = zipfile.ZipInfo(name, date_time=time.localtime(time.time())[:6])
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o600 << 16  # as ZipFile.open(name, "w"): ?rw-------
    info.CRC, info.file_size, info.compress_size = crc, size, compressed
    # ZipFile._open_to_write and _ZipWriteFile.close, with the sizes known beforehand (zipfile's own attributes).
    package.fp.seek(package.start_dir)  # type: ignore[union-attr]
    info.header_offset = package.fp.tell()  # type: ignore[union-attr]
    package._writecheck(info)  # type: ignore[attr-defined]  # noqa: SLF001
    package._didModify = True  # type: ignore[attr-defined]  # noqa: SLF001
    package.fp.write(info.FileHeader(False))  # type: ignore[union-attr]
    sheet._spool.seek(0)  # noqa: SLF001
    shutil.copyfileobj(sheet._spool, package.fp, 1 << 20)  # type: ignore[arg-type]  # noqa: SLF001
    package.start_dir = package.fp.tell()  # type: ignore[union-attr]
    package.filelist.append(info)
    package.NameToInfo[name] = info


def save(path: Path, sheets: Sequence[Sheet], compresslevel: int = 6) -> None:
    """Write the sheets, in order, as one workbook (`compresslevel` 1: a third of the time, a fifth bigger). A big
    sheet (more than one batch of rows) was compressed as its rows came, at `SHEET_LEVEL`, whatever `compresslevel`."""
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
        f"<sheets>{sheet_entries}</sheets>{_defined_names(sheets)}</workbook>"
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
            if sheet._spool is not None:  # noqa: SLF001  (a big sheet, compressed as its rows came)
                _write_deflated(package, f"xl/worksheets/sheet{n}.xml", sheet)
                continue
            with package.open(f"xl/worksheets/sheet{n}.xml", "w") as out:
                sheet.write(out)
    for sheet in sheets:
        sheet.close()
