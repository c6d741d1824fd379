"""The monthly 纪实表 workbook a community submits to 党群工作部, and its summary (Jinja2 over the locale's words).

openpyxl's write-only mode streams rows to the file, so a month of 20,000 logs stays quick and small in memory
(`benchmarks/worklog_workbook.py`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font

from locales import tr
from services.worklog import LogView
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


def row_values(locale: str, number: int, view: LogView) -> list[object]:
    return [
        number,
        view.work_date.isoformat(),
        view.grid,
        view.person,
        tr(locale, f"role-{view.deployment}"),
        categories_text(locale, view.categories),
        view.households,
        view.addresses or "",
        view.content,
        problems_text(locale, view.problems),
        view.photos,
        view.opinion or "",
        view.signer or "",
        local_time(view.signed_at) if view.signed_at else "",
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
            households=str(sum(view.households for view in rows)),
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
    book = Workbook(write_only=True)
    sheet = book.create_sheet(tr(locale, "wl-sheet-logs"))
    for index, (_, width) in enumerate(COLUMNS):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    sheet.freeze_panes = "A3"
    title = WriteOnlyCell(sheet, tr(locale, "wl-sheet-title", community=community, month=f"{month:%Y-%m}"))
    title.font = Font(bold=True, size=14)
    sheet.append([title])
    header = []
    for msg_id, _ in COLUMNS:
        cell = WriteOnlyCell(sheet, tr(locale, msg_id))
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center")
        header.append(cell)
    sheet.append(header)
    for number, view in enumerate(rows, start=1):
        sheet.append(row_values(locale, number, view))
    summary_sheet = book.create_sheet(tr(locale, "wl-sheet-summary"))
    for line in summary.splitlines():
        summary_sheet.append([line])
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return summary
