"""The monthly 纪实表 workbook a community submits to 党群工作部, and its summary (Jinja2 over the locale's words).

Written with `reports.xlsx_stream` (plain SpreadsheetML, read back with openpyxl in the tests): a month of 20,000
logs in about a second (`benchmarks/worklog_workbook.py`; openpyxl took 7.7 s on the target machine).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from locales import tr
from reports.xlsx_stream import BOLD, TITLE, Sheet, save
from services.worklog import LogView, stored_utc
from services.worklog_text import categories_text, local_time, problems_text

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
_env = Environment(
    loader=FileSystemLoader(TEMPLATES), undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True
)


@cache
def _role(locale: str, deployment: str) -> str:
    return tr(locale, f"role-{deployment}")


@cache
def _tasks(locale: str, categories: tuple[str, ...]) -> str:
    return categories_text(locale, list(categories))


def row_values(locale: str, number: int, view: LogView) -> list[object]:
    return _cells(
        locale,
        number,
        view.work_date.isoformat(),
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
    return categories_text(locale, json.loads(stored))


def plain_row_values(
    locale: str, number: int, r: Any, problems: dict[int, list[tuple[int, str]]]
) -> list[object]:
    """`row_values` of a row of `services.worklog.month_log_select(plain=True)`, without making a LogView: a district
    month is 100,000 rows, and the views alone cost a second. The stored categories' text is translated once.
    (`_cells` spelled out: a call less per row.)"""
    day, stored, linked, signed = r[9], r[10], problems.get(r[0]), r[17]
    return [
        number,
        day if type(day) is str else day.isoformat(),
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
        _signed_text(signed) if signed else "",
    ]


_SIGNED: dict[object, str] = {}  # a stored signing time → its local text: logs signed together share one


def _signed_text(stored: object) -> str:
    text = _SIGNED.get(stored)
    if text is None:
        if len(_SIGNED) >= 4096:
            _SIGNED.clear()
        text = _SIGNED[stored] = local_time(stored_utc(stored))  # type: ignore[arg-type]
    return text


@cache
def _stored_categories(stored: str) -> tuple[str, ...]:
    return tuple(json.loads(stored))


def _cells(
    locale: str,
    number: int,
    day: str,
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
        local_time(signed_at) if signed_at else "",
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
    by_task = Counter[str]()
    for stored, n in Counter(r[10] if type(r[10]) is str else tuple(r[10]) for r in rows).items():
        for task in _stored_categories(stored) if type(stored) is str else stored:
            by_task[task] += n
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
            t=lambda msg_id, **args: tr(locale, msg_id, **args),
            community=community,
            month=f"{month:%Y-%m}",
            count=count,
            people=people,
            households=households,
            by_grid=sorted(by_grid.items()),
            by_task=[(tr(locale, f"wl-task-{task}"), n) for task, n in sorted(by_task.items())],
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
    if problems is None:
        summary = render_summary(locale, rows=rows, **words)
        values = (row_values(locale, number, view) for number, view in enumerate(rows, start=1))
    else:
        summary = _plain_summary(locale, rows, **words)
        values = (plain_row_values(locale, number, r, problems) for number, r in enumerate(rows, start=1))
    sheet = Sheet(tr(locale, "wl-sheet-logs"), widths=[width for _, width in COLUMNS], freeze_rows=2)
    sheet.append([tr(locale, "wl-sheet-title", community=community, month=f"{month:%Y-%m}")], TITLE)
    sheet.append([tr(locale, msg_id) for msg_id, _ in COLUMNS], BOLD)
    sheet.extend(values)
    summary_sheet = Sheet(tr(locale, "wl-sheet-summary"), widths=[80])
    summary_sheet.extend([line] for line in summary.splitlines())
    # Level 1: a third of level 6's time for a 100,000-row month (part of the 5 s of a submission), a fifth bigger.
    save(path, [sheet, summary_sheet], 1)
    return summary
