"""The 汇总 sheet of the monthly 纪实表 workbook (`reports.worklog`): the grids' and the tasks' tallies and the table
that shows them."""

from __future__ import annotations

import json
from collections import Counter
from functools import cache
from typing import Any

from locales import tr_text
from reports.xlsx_stream import BOLD, TITLE, Sheet


@cache
def _stored_categories(stored: str) -> tuple[str, ...]:
    return tuple(json.loads(stored))


def _tally(grids: dict[str, list[Any]], grid: str, person: int, households: int) -> None:
    tally = grids.get(grid)
    if tally is None:
        tally = grids[grid] = [0, set(), 0]
    tally[0] += 1
    tally[1].add(person)
    tally[2] += households


def _plain_tasks(rows: list[Any]) -> Counter[str]:
    by_task = Counter[str]()
    for stored, n in Counter(r[10] if type(r[10]) is str else tuple(r[10]) for r in rows).items():
        for task in _stored_categories(stored) if type(stored) is str else stored:
            by_task[task] += n
    return by_task


def summary_table(
    locale: str,
    *,
    title: str,
    grids: dict[str, list[Any]],
    by_task: Counter[str],
    facts: list[tuple[str, object]],
) -> Sheet:
    """The 汇总 sheet: a table of the grids (logs, people, households; the filter and the printed header on it) with
    its total, a table of the tasks, then who submitted the month and when, one fact a row."""
    sheet = Sheet(tr_text(locale, "wl-sheet-summary"), widths=[18, 12, 10, 12], freeze_rows=2, header_row=2)
    sheet.append([title], TITLE)
    sheet.append(
        [tr_text(locale, k) for k in ("wl-col-grid", "ex-col-logs", "ex-col-people", "ex-col-households")],
        BOLD,
    )
    people: set[Any] = set()
    for grid, (logs, who, households) in sorted(grids.items()):
        sheet.append([grid, logs, len(who), households])
        people |= who
    sheet.table_end = sheet.rows
    sheet.append(
        [
            tr_text(locale, "ex-total"),
            sum(t[0] for t in grids.values()),
            len(people),
            sum(t[2] for t in grids.values()),
        ],
        BOLD,
    )
    sheet.append([])
    sheet.append([tr_text(locale, "wl-col-tasks"), tr_text(locale, "ex-col-logs")], BOLD)
    for task, n in sorted(by_task.items()):
        sheet.append([tr_text(locale, f"wl-task-{task}"), n])
    sheet.append([])
    for msg_id, value in facts:
        sheet.append([tr_text(locale, msg_id), value])
    return sheet
