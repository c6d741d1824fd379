"""The cells of `reports.xlsx_stream`'s sheets: the cell styles and their styles.xml, column and sheet names, Excel's
dates, and a row's XML made from a format string once per row shape (`_template`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime

# Characters XML 1.0 forbids (a pasted text can carry them); Excel would refuse the file.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

_NOT_IN_SHEET_NAMES = re.compile(r"[\\/?*\[\]:]")

MAX_CELL = 32767  # Excel's limit on a cell's text

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


def row_xml(number: int, values: Sequence[object], styles: Sequence[int]) -> str:
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
