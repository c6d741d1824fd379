"""One naming scheme for every workbook the bot sends, and the periods as people read them (in file names, titles and
messages alike): `{report}-{scope}-{period}.xlsx`, e.g. `纪实表-幸福社区-2026年11月.xlsx`,
`考核记分卡-城关街道-2026年第4季度.xlsx`; never a UTC timestamp (a call-out's day is the sub-district's day).
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from locales import tr_text

# Characters file systems or Telegram clients refuse in a file name (and control characters).
_NOT_IN_NAMES = re.compile(r'[\\/:*?"<>|\x00-\x1f]')
REPORTS = ("worklog", "register", "attendance", "scorecards", "callout")  # ex-file-<report> in exports.ftl


def month_label(locale: str, month: date) -> str:
    """2026年11月."""
    return tr_text(locale, "ex-period-month", year=month.year, month=month.month)


def quarter_label(locale: str, first_day: date) -> str:
    """2026年第4季度 (the assessment's own words, as in the quarter pickers)."""
    return tr_text(locale, "asmt-period-quarter", year=first_day.year, number=(first_day.month - 1) // 3 + 1)


def week_label(locale: str, monday: date) -> str:
    """2026年11月2日至11月8日."""
    sunday = monday + timedelta(days=6)
    return tr_text(
        locale,
        "ex-period-week",
        year=monday.year,
        month=monday.month,
        day=monday.day,
        end_month=sunday.month,
        end_day=sunday.day,
        start=monday.isoformat(),
        end=sunday.isoformat(),
    )


def day_label(locale: str, day: date) -> str:
    """2026年11月3日."""
    return tr_text(locale, "ex-period-day", year=day.year, month=day.month, day=day.day)


def workbook_name(locale: str, report: str, scope: str, period: str) -> str:
    """`纪实表-幸福社区-2026年11月.xlsx`: `report` one of REPORTS, `scope` a community's or the sub-district's name,
    `period` one of the labels above."""
    name = f"{tr_text(locale, f'ex-file-{report}')}-{scope}-{period}"
    return _NOT_IN_NAMES.sub("_", name).strip() + ".xlsx"
