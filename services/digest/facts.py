"""What a digest is made of: the facts of a day, a week and a month (counts, urgent and overdue items, the three
rates, attendance, submissions), and the statuses they count.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime

from domain.problems import OPEN_STATUSES, Status
from services.burden import Burden, DepartmentBurden

OPEN = sorted(s.value for s in OPEN_STATUSES)

DONE = (Status.RESOLVED.value, Status.CLOSED.value)

RESPONSE_MOVES = ("accept", "claim", "escalate", "register", "assign", "start", "resolve")


@dataclass(frozen=True)
class LogCount:
    logs: int = 0
    people: int = 0
    households: int = 0


@dataclass(frozen=True)
class UrgentItem:
    id: int
    community_id: int
    category: str
    reported_at: datetime
    acked: bool
    acked_by: str | None


@dataclass(frozen=True)
class OverdueItem:
    id: int
    community_id: int
    category: str
    status: str
    due_date: date
    owner_id: int | None
    owner: str | None
    leader: str | None


@dataclass(frozen=True)
class Rates:
    reported: int = 0
    responded: int = 0
    resolved: int = 0
    confirmed: int = 0  # verdicts "fixed" given in the period (满意率), whenever the item was reported
    verdicts: int = 0
    closed: int = (
        0  # of the items reported in the period, those the reporter has confirmed (the funnel's last stage)
    )

    @staticmethod
    def pct(part: int, whole: int) -> int | None:
        return round(100 * part / whole) if whole else None

    @property
    def response(self) -> int | None:
        return self.pct(self.responded, self.reported)

    @property
    def resolution(self) -> int | None:
        return self.pct(self.resolved, self.reported)

    @property
    def satisfaction(self) -> int | None:
        return self.pct(self.confirmed, self.verdicts)

    def __add__(self, other: Rates) -> Rates:
        return Rates(
            self.reported + other.reported,
            self.responded + other.responded,
            self.resolved + other.resolved,
            self.confirmed + other.confirmed,
            self.verdicts + other.verdicts,
            self.closed + other.closed,
        )


@dataclass(frozen=True)
class Attendance:
    cadres: int = 0
    compliant: int = 0
    days: int = 0
    shortfall_names: tuple[str, ...] = ()


@dataclass
class DailyFacts:
    day: date
    since: date  # logs dated from this day (the previous working day) to yesterday
    names: dict[int, str]
    logs: dict[int, LogCount]
    urgent: list[UrgentItem]
    overdue: list[OverdueItem]
    unsigned_logs: dict[int, int]
    unsigned_registers: list[tuple[int, int, int]]  # (community id, year, month)
    # Problems reported from `since` to yesterday: (all, urgent).
    opened: dict[int, tuple[int, int]] = field(default_factory=dict)
    # Issue 18: the same problems by source (网格走访, 12345 热线…), per community.
    sources: dict[int, Counter] = field(default_factory=dict)


@dataclass
class PeriodFacts:
    """A week's or a month's figures, per community."""

    start: date
    end: date  # first day not included
    names: dict[int, str]
    logs: dict[int, LogCount]
    tasks: dict[int, Counter]
    opened: dict[int, int]
    resolved: dict[int, int]
    overdue: dict[int, int]  # due in the period and still open
    rates: dict[int, Rates]
    urgent: dict[int, int] = field(default_factory=dict)  # of `opened`, the urgent ones (即报即办)
    sources: dict[int, Counter] = field(default_factory=dict)  # issue 18: `opened` by source
    attendance: dict[int, Attendance] = field(default_factory=dict)
    working_days: int = 0
    # Issue 8's burden count over the period's days (a weekly digest: that week only).
    burden_start: date | None = None
    burden_end: date | None = None
    burden: dict[int, Burden] = field(default_factory=dict)
    departments: dict[int | None, dict[str, DepartmentBurden]] = field(
        default_factory=dict
    )  # by sub-district


@dataclass(frozen=True)
class Submission:
    logs: str  # none, submitted, late, reopened
    register: str  # none, submitted, signed


@dataclass
class MonthlyFacts:
    period: PeriodFacts
    submissions: dict[int, Submission]
    # Issue 17: each community's pilot phase (domain.phases.Phase's value) on the month's last day, those set only.
    phases: dict[int, str] = field(default_factory=dict)
    # Issue 18's optional quota (0: off): per community, its grid workers and what they reported in the month.
    quota: int = 0
    quota_workers: dict[int, int] = field(default_factory=dict)
    quota_reports: dict[int, int] = field(default_factory=dict)
