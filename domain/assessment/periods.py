"""Assessment periods (quarter, half year, year) and the rating window after a quarter."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum


class PeriodKind(StrEnum):
    QUARTER = "quarter"
    HALF = "half"
    YEAR = "year"


_MONTHS = {PeriodKind.QUARTER: 3, PeriodKind.HALF: 6, PeriodKind.YEAR: 12}

_COUNT = {PeriodKind.QUARTER: 4, PeriodKind.HALF: 2, PeriodKind.YEAR: 1}


@dataclass(frozen=True)
class Period:
    """A quarter, half-year or year: `number` is 1–4, 1–2 or 1."""

    kind: PeriodKind
    year: int
    number: int = 1

    def __post_init__(self) -> None:
        if not 1 <= self.number <= _COUNT[self.kind]:
            raise ValueError(f"{self.kind} number {self.number} out of range")

    @property
    def months(self) -> int:
        return _MONTHS[self.kind]

    @property
    def start(self) -> date:
        return date(self.year, (self.number - 1) * self.months + 1, 1)

    @property
    def end(self) -> date:
        last_month = self.number * self.months
        following = date(self.year + 1, 1, 1) if last_month == 12 else date(self.year, last_month + 1, 1)
        return following - timedelta(days=1)

    @property
    def quarters(self) -> list[tuple[int, int]]:
        """The (year, quarter) pairs inside the period: ratings are given per quarter."""
        first = (self.start.month - 1) // 3 + 1
        return [(self.year, q) for q in range(first, first + self.months // 3)]

    @property
    def key(self) -> str:
        return f"{self.year}-{self.kind.value}-{self.number}"

    @classmethod
    def containing(cls, kind: PeriodKind, day: date) -> Period:
        return cls(kind, day.year, (day.month - 1) // _MONTHS[kind] + 1)

    @classmethod
    def parse(cls, key: str) -> Period:
        year, kind, number = key.split("-")
        return cls(PeriodKind(kind), int(year), int(number))

    def previous(self) -> Period:
        if self.number > 1:
            return Period(self.kind, self.year, self.number - 1)
        return Period(self.kind, self.year - 1, _COUNT[self.kind])


def rating_quarter(today: date, grace_days: int) -> Period:
    """The quarter whose ratings are open today: the previous quarter during the first `grace_days` days after it
    ends (the rating window 评议期 runs from the quarter's first day to `grace_days` after its last), else the
    current quarter. One quarter is open at a time, so a rating is never given to two quarters by mistake."""
    current = Period.containing(PeriodKind.QUARTER, today)
    previous = current.previous()
    if today <= previous.end + timedelta(days=grace_days):
        return previous
    return current


def window_closes(quarter: Period, grace_days: int) -> date:
    """The last day on which a rating of `quarter` may be given or changed."""
    return quarter.end + timedelta(days=grace_days)


def rating_open(quarter: Period, today: date, grace_days: int) -> bool:
    return rating_quarter(today, grace_days) == quarter
