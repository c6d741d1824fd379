"""A roster file as read, and what is wrong with it: the plain data `domain.roster_io` produces (`RosterFile` of
`RawRow`s, with the file-level `RosterError`s) and `domain.roster` judges, and the errors' rendering.

Below both, so neither imports the other for these shapes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from locales import tr


@dataclass(frozen=True)
class RosterError:
    """One problem in a roster file.

    `sheet` is None for the people sheet (the one the user thinks of as "the file") and for file-level errors;
    otherwise it names the other sheet, e.g. "网格". `row` is the spreadsheet row the user sees (header = 1), or
    None when the whole file or sheet is at fault. `code` is a Fluent message id; `params` are its arguments.
    """

    sheet: str | None
    row: int | None
    code: str
    params: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class RawRow:
    """One data row: `row` is the spreadsheet row number a user sees (header = 1); values are stripped text."""

    sheet: str
    row: int
    values: dict[str, str]


@dataclass
class RosterFile:
    people: list[RawRow] = field(default_factory=list)
    grids: list[RawRow] | None = None  # None: no 网格 sheet or file given
    people_sheet: str = ""
    people_columns: frozenset[str] = frozenset()
    grid_sheet: str | None = None
    grid_columns: frozenset[str] = frozenset()
    errors: list[RosterError] = field(default_factory=list)  # file- and sheet-level problems


def render_error(error: RosterError, locale: str) -> str:
    """'第 3 行：未知角色“网格长”' / 'Row 3: unknown role “网格长”'."""
    message = tr(locale, error.code, **error.params)
    if error.row is None and error.sheet is None:
        return message
    if error.row is None:
        return tr(locale, "roster-at-sheet", sheet=error.sheet, message=message)
    # Rows go in as text: Fluent would print row 1234 as "1,234".
    if error.sheet is None:
        return tr(locale, "roster-at-row", row=str(error.row), message=message)
    return tr(locale, "roster-at-sheet-row", sheet=error.sheet, row=str(error.row), message=message)


def render_errors(errors: Iterable[RosterError], locale: str) -> list[str]:
    return [render_error(error, locale) for error in errors]
