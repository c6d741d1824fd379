"""Rules of the grid work log 网格工作纪实表: what a log holds, which dates it may have, who logs as what, who signs.

Plain functions over plain values: the services call them before anything is stored, the dialogs call them to
explain a refusal, and the tests call them without Telegram or a database.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from domain.roles import Role
from domain.workcalendar import WorkCalendar, monthly_deadline


class Task(StrEnum):
    """The five key tasks of grid work (DOMAIN.md): a log names one or more."""

    PUBLICIST = "publicist"  # 宣传员
    GATEKEEPER = "gatekeeper"  # 守门员
    FIXER = "fixer"  # 施工员
    HELPER = "helper"  # 帮办员
    SERVANT = "servant"  # 勤务员


class Status(StrEnum):
    SUBMITTED = "submitted"  # waiting for the secretary's signature
    RETURNED = "returned"  # sent back with a reason; the author edits and resubmits
    APPROVED = "approved"  # signed with an opinion: final
    EXCLUDED = "excluded"  # left out of a month's submission, with a reason


CONTENT_MIN = 5
CONTENT_MAX = 1000
ADDRESSES_MAX = 500
NOTE_MAX = 500  # opinions, return reasons, exclusion and reopening reasons
HOUSEHOLDS_MAX = 999
PHOTOS_MAX = 9

# The role a person logs as, most specific first: paired and seconded cadres log as grid workers of their community.
DEPLOYMENT_ORDER = (
    Role.PAIRED_CADRE,
    Role.SECONDED_CADRE,
    Role.SECRETARY,
    Role.COMMUNITY_CADRE,
    Role.GRID_WORKER,
)


def deployment_for(roles: Iterable[Role]) -> Role | None:
    held = set(roles)
    return next((role for role in DEPLOYMENT_ORDER if role in held), None)


class DateProblem(StrEnum):
    FUTURE = "future"
    TOO_OLD = "too-old"
    MONTH_LOCKED = "month-locked"


def month_start(day: date) -> date:
    return day.replace(day=1)


def next_month(month: date) -> date:
    return (month.replace(day=28) + timedelta(days=4)).replace(day=1)


def previous_month(month: date) -> date:
    return (month.replace(day=1) - timedelta(days=1)).replace(day=1)


def check_work_date(
    day: date, today: date, backdate_days: int, locked_months: Iterable[date] = ()
) -> DateProblem | None:
    """Why `day` cannot be a log's date, or None: not in the future, at most `backdate_days` back, month not locked."""
    if day > today:
        return DateProblem.FUTURE
    if day < today - timedelta(days=backdate_days):
        return DateProblem.TOO_OLD
    if month_start(day) in set(locked_months):
        return DateProblem.MONTH_LOCKED
    return None


_RELATIVE = {"今天": 0, "今日": 0, "today": 0, "昨天": 1, "昨日": 1, "yesterday": 1, "前天": 2}
_FULL = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")
_SHORT = re.compile(r"^\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")


def parse_date(text: str, today: date) -> date | None:
    """A typed date: 2026-11-25, 2026/11/25, 2026年11月25日, 今天/昨天/前天, or 11-25, 11月25日 without a year: the
    one nearest to today (on 1 January, "12-31" is yesterday, not a day at the end of this year)."""
    cleaned = text.strip().lower()
    if cleaned in _RELATIVE:
        return today - timedelta(days=_RELATIVE[cleaned])
    if match := _FULL.match(cleaned):
        return _date_or_none(int(match[1]), int(match[2]), int(match[3]))
    if match := _SHORT.match(cleaned):
        candidates = [
            _date_or_none(year, int(match[1]), int(match[2]))
            for year in (today.year - 1, today.year, today.year + 1)
        ]
        found = [day for day in candidates if day is not None]
        return min(found, key=lambda day: abs((day - today).days)) if found else None
    return None


def _date_or_none(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:  # 2月30日
        return None


class TextProblem(StrEnum):
    EMPTY = "empty"
    TOO_SHORT = "too-short"
    TOO_LONG = "too-long"


def check_text(text: str | None, *, minimum: int = 1, maximum: int) -> TextProblem | None:
    cleaned = (text or "").strip()
    if not cleaned:
        return TextProblem.EMPTY
    if len(cleaned) < minimum:
        return TextProblem.TOO_SHORT
    if len(cleaned) > maximum:
        return TextProblem.TOO_LONG
    return None


_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_HOUSEHOLDS = re.compile(r"[0-9]{1,9}")


def parse_households(text: str) -> int | None:
    """ASCII or full-width digits, "户" after them allowed; not a superscript "²" (which `str.isdigit` takes and
    `int` refuses) nor a number longer than nine digits."""
    cleaned = text.strip().removesuffix("户").strip().translate(_FULLWIDTH_DIGITS)
    if not _HOUSEHOLDS.fullmatch(cleaned):
        return None
    value = int(cleaned)
    return value if value <= HOUSEHOLDS_MAX else None


def submission_deadline(month: date, deadline_day: int, cal: WorkCalendar) -> date:
    """The last day to submit a month's logs: the `deadline_day` of the following month (default the 5th), moved to
    the next working day when it is a rest day (domain.workcalendar.monthly_deadline)."""
    return monthly_deadline(month, deadline_day, cal)


def is_late(month: date, submitted_on: date, deadline_day: int, cal: WorkCalendar) -> bool:
    return submitted_on > submission_deadline(month, deadline_day, cal)


def can_submit_month(month: date, today: date) -> bool:
    """A month's logs go in once the month is over."""
    return next_month(month) <= today


@dataclass(frozen=True)
class Signer:
    """Who may sign a community's logs: its Party secretaries and the delegates the administrator named."""

    person_id: int
    secretary_of: frozenset[int]
    delegate_of: frozenset[int]

    def may_sign(self, community_id: int) -> bool:
        return community_id in self.secretary_of or community_id in self.delegate_of

    @property
    def communities(self) -> frozenset[int]:
        return self.secretary_of | self.delegate_of


def local_day(moment: datetime, tz: object) -> date:
    return moment.astimezone(tz).date()  # type: ignore[arg-type]
