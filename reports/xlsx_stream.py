"""A minimal .xlsx writer for big tables an office prints: rows of text, numbers and real Excel dates, thin borders,
wrapped long text, a bold header repeated on every printed page with an autofilter on it, column widths, a frozen
header, landscape pages fitted to the paper's width, several sheets. Everything else (reading workbooks, small
styled
exports) uses openpyxl, with the same look (`reports.xlsx_look`).

Why not openpyxl here: a month of logs is 20,000 rows × 14 cells, and openpyxl spends ~28 µs on each cell on the
target machine (7.7 s for the workbook, with lxml; XlsxWriter 5.6 s) against a 5 s target for the whole monthly
submission (benchmarks/worklog_workbook.py). Writing the sheet XML directly costs ~2 µs a cell. The output is
standard SpreadsheetML (inline strings), read back with openpyxl in the tests, and opens in Excel and WPS.

Since issue 14 (a district month's 纪实表 is 100,000 rows, a month's submission as many): a row's XML comes from a
format string made once per row shape (`_template`), and a big sheet's rows are compressed by a thread of their
own
while the next rows are made (`Sheet._flush`); `save` copies them into the zip as they are.

The cells (styles, names, dates, a row's XML template) are in `reports.xlsx_cells`, re-exported here.
"""

from __future__ import annotations

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
from pathlib import Path
from typing import IO, Any
from xml.sax.saxutils import escape, quoteattr

from reports.xlsx_cells import (
    _ESCAPE,
    _MAX_TEMPLATES,
    _SEPARATOR,
    _STYLES,
    _column,
    _styles_of,
    _template,
    _text,
    row_xml,
)
from reports.xlsx_cells import BOLD as BOLD
from reports.xlsx_cells import CELL as CELL
from reports.xlsx_cells import DATE as DATE
from reports.xlsx_cells import DATE_FORMAT as DATE_FORMAT
from reports.xlsx_cells import DATETIME as DATETIME
from reports.xlsx_cells import DATETIME_FORMAT as DATETIME_FORMAT
from reports.xlsx_cells import MAX_CELL as MAX_CELL
from reports.xlsx_cells import PLAIN as PLAIN
from reports.xlsx_cells import TITLE as TITLE
from reports.xlsx_cells import WRAP as WRAP
from reports.xlsx_cells import column_name as column_name
from reports.xlsx_cells import excel_serial as excel_serial
from reports.xlsx_cells import sheet_name as sheet_name

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

    _row_xml = staticmethod(row_xml)  # a row of cells of any type, cell by cell (`reports.xlsx_cells`)

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
