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
    month is 100,000 rows, and the views alone cost a second. The stored categories' text is translated once."""
    day = r[9] if isinstance(r[9], str) else r[9].isoformat()
    tasks = _tasks_stored(locale, r[10]) if isinstance(r[10], str) else _tasks(locale, tuple(r[10]))
    linked = problems.get(r[0], ())
    return _cells(
        locale,
        number,
        day,
        r[8],
        r[3],
        r[4],
        tasks,
        r[11],
        r[12],
        r[13],
        linked,
        r[20],
        r[15],
        r[16],
        stored_utc(r[17]),
    )


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
    by_grid = Counter(view.grid for view in rows)
    by_task = Counter(task for view in rows for task in view.categories)
    return (
        _env.get_template("worklog_month_summary.txt.j2")
        .render(
            t=lambda msg_id, **args: tr(locale, msg_id, **args),
            community=community,
            month=f"{month:%Y-%m}",
            count=len(rows),
            people=len({view.person_id for view in rows}),
            households=sum(view.households for view in rows),
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
    rows: Iterable[LogView],
    submitted_by: str,
    submitted_at: datetime,
    late: bool,
    excluded: int,
    locale: str,
) -> str:
    """Write the workbook to `path`; returns the summary text (also the workbook's first lines)."""
    rows = list(rows)
    summary = render_summary(
        locale,
        community=community,
        month=month,
        rows=rows,
        submitted_by=submitted_by,
        submitted_at=submitted_at,
        late=late,
        excluded=excluded,
    )
    sheet = Sheet(tr(locale, "wl-sheet-logs"), widths=[width for _, width in COLUMNS], freeze_rows=2)
    sheet.append([tr(locale, "wl-sheet-title", community=community, month=f"{month:%Y-%m}")], TITLE)
    sheet.append([tr(locale, msg_id) for msg_id, _ in COLUMNS], BOLD)
    sheet.extend(row_values(locale, number, view) for number, view in enumerate(rows, start=1))
    summary_sheet = Sheet(tr(locale, "wl-sheet-summary"), widths=[80])
    summary_sheet.extend([line] for line in summary.splitlines())
    save(path, [sheet, summary_sheet])
    return summary
