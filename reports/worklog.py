"""The monthly 纪实表 workbook a community submits to 党群工作部, and its summary (Jinja2 over the locale's words).

Written with `reports.xlsx_stream` (SpreadsheetML written directly, read back with openpyxl in the tests): a month of
100,000 logs well inside the submission's 5 s (`benchmarks/worklog_workbook.py`; openpyxl took 7.7 s for 20,000).
Dates and signing times are real Excel dates in the sub-district's time zone; the summary sheet is a table (by grid,
by task, then who submitted it and when), not the chat summary pasted into a column.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from locales import tr_text
from reports.naming import month_label, workbook_name
from reports.worklog_summary import _plain_tasks, _tally, summary_table
from reports.xlsx_stream import BOLD, CELL, DATE, DATETIME, TITLE, WRAP, Sheet, excel_serial, save
from services.worklog import LogView, install_month_workbook, stored_utc

TEMPLATES = Path(__file__).parent / "templates"
COLUMNS = (
    ("wl-col-no", 6),
    ("wl-col-date", 12),
    ("wl-col-grid", 12),
    ("wl-col-person", 10),
    ("wl-col-deployment", 12),
    ("wl-col-tasks", 18),
    ("wl-col-households", 10),
    ("wl-col-addresses", 20),
    ("wl-col-content", 50),
    ("wl-col-problems", 30),
    ("wl-col-photos", 8),
    ("wl-col-opinion", 24),
    ("wl-col-signer", 10),
    ("wl-col-signed-at", 17),
)
# Each column's cell style: dates as dates, long texts wrapped.
STYLES = (CELL, DATE, CELL, CELL, CELL, WRAP, CELL, WRAP, WRAP, WRAP, CELL, WRAP, CELL, DATETIME)
SHANGHAI = ZoneInfo("Asia/Shanghai")  # the default sub-district time zone (settings TIMEZONE)
_env = Environment(
    loader=FileSystemLoader(TEMPLATES), undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True
)


@cache
def _role(locale: str, deployment: str) -> str:
    return tr_text(locale, f"role-{deployment}")


@cache
def _tasks(locale: str, categories: tuple[str, ...]) -> str:
    return tr_text(locale, "list-separator").join(tr_text(locale, f"wl-task-{c}") for c in categories)


def problems_text(locale: str, problems: Sequence[tuple[int, str]]) -> str:
    """#12 邻里噪音纠纷；#13 … — the problems reported from a log, each cut to a short line (plain text)."""
    short = [f"#{i} {d[:30]}{'…' if len(d) > 30 else ''}" for i, d in problems]
    return tr_text(locale, "wl-problems-separator").join(short)


_DAYS: dict[object, int] = {}  # a stored day (SQLite's text, or a date) → its Excel serial number


def day_serial(day: object) -> int:
    serial = _DAYS.get(day)
    if serial is None:
        if len(_DAYS) >= 4096:
            _DAYS.clear()
        value = date.fromisoformat(day) if type(day) is str else day
        serial = _DAYS[day] = int(excel_serial(value))  # type: ignore[arg-type]
    return serial


def row_values(locale: str, number: int, view: LogView, tz: ZoneInfo = SHANGHAI) -> list[object]:
    return _cells(
        locale,
        tz,
        number,
        view.work_date,
        view.grid,
        view.person,
        view.deployment,
        _tasks(locale, tuple(view.categories)),
        view.households,
        view.addresses,
        view.content,
        view.problems,
        view.photos,
        view.opinion,
        view.signer,
        view.signed_at,
    )


@cache
def _tasks_stored(locale: str, stored: str) -> str:
    return _tasks(locale, tuple(json.loads(stored)))


def plain_row_values(
    locale: str, number: int, r: Any, problems: dict[int, list[tuple[int, str]]], tz: ZoneInfo = SHANGHAI
) -> list[object]:
    """`row_values` of a row of `services.worklog.month_log_select(plain=True)`, without making a LogView: a district
    month is 100,000 rows, and the views alone cost a second. The stored categories' text is translated once.
    (`_cells` spelled out: a call less per row.)"""
    day, stored, linked, signed = r[9], r[10], problems.get(r[0]), r[17]
    return [
        number,
        day_serial(day),
        r[8],
        r[3],
        _role(locale, r[4]),
        _tasks_stored(locale, stored) if type(stored) is str else _tasks(locale, tuple(stored)),
        r[11],
        r[12] or "",
        r[13],
        problems_text(locale, linked) if linked else "",
        r[20],
        r[15] or "",
        r[16] or "",
        _signed_serial(signed, tz) if signed else None,
    ]


# A stored signing time and the time zone → its local time as an Excel serial: logs signed together share one.
_SIGNED: dict[tuple[object, ZoneInfo], float | int] = {}


def _signed_serial(stored: object, tz: ZoneInfo) -> float | int:
    serial = _SIGNED.get((stored, tz))
    if serial is None:
        if len(_SIGNED) >= 4096:
            _SIGNED.clear()
        moment = stored_utc(stored).astimezone(tz)  # type: ignore[union-attr]
        serial = _SIGNED[(stored, tz)] = excel_serial(moment.replace(second=0, microsecond=0))
    return serial


def local_datetime(moment: datetime, tz: ZoneInfo) -> datetime:
    """`moment` as the sub-district's wall-clock time, to the minute, without its offset (what a cell shows)."""
    return moment.astimezone(tz).replace(second=0, microsecond=0, tzinfo=None)


def _cells(
    locale: str,
    tz: ZoneInfo,
    number: int,
    day: date,
    grid: str,
    person: str,
    deployment: str,
    tasks: str,
    households: int,
    addresses: str | None,
    content: str,
    problems: Sequence[tuple[int, str]],
    photos: int,
    opinion: str | None,
    signer: str | None,
    signed_at: datetime | None,
) -> list[object]:
    # The labels are looked up once per value: a district month is 100,000 rows of a handful of roles and tasks.
    return [
        number,
        day,
        grid,
        person,
        _role(locale, deployment),
        tasks,
        households,
        addresses or "",
        content,
        problems_text(locale, problems) if problems else "",
        photos,
        opinion or "",
        signer or "",
        local_datetime(signed_at, tz) if signed_at else None,
    ]


def render_summary(
    locale: str,
    *,
    community: str,
    month: date,
    rows: list[LogView],
    submitted_by: str,
    submitted_at: datetime,
    late: bool,
    excluded: int,
) -> str:
    return _summary_text(
        locale,
        community=community,
        month=month,
        count=len(rows),
        people=len({view.person_id for view in rows}),
        households=sum(view.households for view in rows),
        by_grid=Counter(view.grid for view in rows),
        by_task=Counter(task for view in rows for task in view.categories),
        submitted_by=submitted_by,
        submitted_at=submitted_at,
        late=late,
        excluded=excluded,
    )


def _plain_summary(locale: str, rows: list[Any], **words: Any) -> str:
    """`render_summary` of rows of `month_log_select(plain=True)`."""
    by_task = _plain_tasks(rows)
    return _summary_text(
        locale,
        count=len(rows),
        people=len({r[2] for r in rows}),
        households=sum(r[11] for r in rows),
        by_grid=Counter(r[8] for r in rows),
        by_task=by_task,
        **words,
    )


def _summary_text(
    locale: str,
    *,
    community: str,
    month: date,
    count: int,
    people: int,
    households: int,
    by_grid: Counter[str],
    by_task: Counter[str],
    submitted_by: str,
    submitted_at: datetime,
    late: bool,
    excluded: int,
) -> str:
    return (
        _env.get_template("worklog_month_summary.txt.j2")
        .render(
            t=lambda msg_id, **args: tr_text(
                locale, msg_id, **args
            ),  # a plain text: stored, escaped where shown
            community=community,
            month=f"{month:%Y-%m}",
            count=count,
            people=people,
            households=households,
            by_grid=sorted(by_grid.items()),
            by_task=[(tr_text(locale, f"wl-task-{task}"), n) for task, n in sorted(by_task.items())],
            submitted_by=submitted_by,
            submitted_at=f"{submitted_at:%Y-%m-%d %H:%M}",
            late=late,
            excluded=excluded,
        )
        .strip()
    )


def write_month_workbook(
    path: Path,
    *,
    community: str,
    month: date,
    rows: Iterable[Any],
    submitted_by: str,
    submitted_at: datetime,
    late: bool,
    excluded: int,
    locale: str,
    problems: dict[int, list[tuple[int, str]]] | None = None,
    tz: ZoneInfo | None = None,
) -> str:
    """Write the workbook to `path`; returns the summary text (also the workbook's first lines).

    `rows`: LogViews; or, with `problems` (the linked problems by log id, `services.worklog.linked_problems`), rows of
    `services.worklog.month_log_select(plain=True)` — the monthly submission's 100,000 logs without a LogView each."""
    rows = list(rows)
    words: dict[str, Any] = {
        "community": community,
        "month": month,
        "submitted_by": submitted_by,
        "submitted_at": submitted_at,
        "late": late,
        "excluded": excluded,
    }
    zone = tz or (submitted_at.tzinfo if isinstance(submitted_at.tzinfo, ZoneInfo) else SHANGHAI)
    grids: dict[str, list[Any]] = {}  # grid → [logs, people, households]
    if problems is None:
        summary = render_summary(locale, rows=rows, **words)
        values = (row_values(locale, number, view, zone) for number, view in enumerate(rows, start=1))
        by_task = Counter(task for view in rows for task in view.categories)
        for view in rows:
            _tally(grids, view.grid, view.person_id, view.households)
    else:
        summary = _plain_summary(locale, rows, **words)
        values = (
            plain_row_values(locale, number, r, problems, zone) for number, r in enumerate(rows, start=1)
        )
        by_task = _plain_tasks(rows)
        for r in rows:
            _tally(grids, r[8], r[2], r[11])
    month_text = tr_text(locale, "ex-period-month", year=month.year, month=month.month)
    sheet = Sheet(
        tr_text(locale, "wl-sheet-logs"),
        widths=[width for _, width in COLUMNS],
        freeze_rows=2,
        styles=STYLES,
        header_row=2,
    )
    sheet.append([tr_text(locale, "wl-sheet-title", community=community, month=month_text)], TITLE)
    sheet.append([tr_text(locale, msg_id) for msg_id, _ in COLUMNS], BOLD)
    sheet.extend(values)
    summary_sheet = summary_table(
        locale,
        title=tr_text(locale, "ex-worklog-summary-title", scope=community, month=month_text),
        grids=grids,
        by_task=by_task,
        facts=[
            ("ex-col-submitted-by", submitted_by),
            ("ex-col-submitted-at", local_datetime(submitted_at, zone)),
            ("ex-col-late", tr_text(locale, "ex-yes" if late else "ex-no")),
            ("ex-col-excluded", excluded),
        ],
    )
    # Level 1: a third of level 6's time for a 100,000-row month (part of the 5 s of a submission), a fifth bigger.
    save(path, [sheet, summary_sheet], 1)
    return summary


class MonthSubmissionWorkbook:
    """The month submission's workbook, through the service's seam (`services.worklog.MonthWorkbook`)."""

    def write(self, path: Path, **workbook: Any) -> str:
        return write_month_workbook(path, **workbook)  # looked up when called: a test may replace it

    def filename(self, locale: str, community: str, month: date) -> str:
        return workbook_name(locale, "worklog", community, month_label(locale, month))


MONTH_WORKBOOK = MonthSubmissionWorkbook()
install_month_workbook(MONTH_WORKBOOK)  # for a caller of `services.worklog.submit_month` that passes none
