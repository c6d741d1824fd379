"""The pure rules of `domain.assessment`: who rates whom, periods, the rating window, ranks, the formula's checks."""

from __future__ import annotations

import tomllib
from datetime import date

import pytest

from domain.assessment import (
    FormulaError,
    Period,
    PeriodKind,
    competition_ranks,
    may_rate,
    parse_formula,
    window_closes,
)
from domain.roles import Role
from reports.scorecard_text import period_label
from services.scorecards import DEFAULT_CONFIG


@pytest.mark.parametrize(
    ("rater", "cadre", "expected"),
    [
        (Role.LEADER_IN_CHARGE, Role.PAIRED_CADRE, True),
        (Role.LEADER_IN_CHARGE, Role.SECONDED_CADRE, True),
        (Role.LEADER_IN_CHARGE, Role.GRID_WORKER, False),
        (Role.LEADER_IN_CHARGE, Role.COMMUNITY_CADRE, False),
        (Role.SECRETARY, Role.PAIRED_CADRE, True),
        (Role.SECRETARY, Role.SECONDED_CADRE, True),
        (Role.SECRETARY, Role.COMMUNITY_CADRE, True),
        (Role.SECRETARY, Role.GRID_WORKER, True),
        (Role.SECRETARY, Role.WINDOW_STAFF, False),
        (Role.SECRETARY, Role.EMERGENCY_MEMBER, False),
        (Role.PRINCIPAL_LEADER, Role.PAIRED_CADRE, False),
        (Role.GRID_WORKER, Role.GRID_WORKER, False),
    ],
)
def test_who_rates_whom(rater: Role, cadre: Role, expected: bool) -> None:
    assert may_rate({rater}, {cadre}) is expected


@pytest.mark.parametrize(
    ("period", "start", "end", "label", "quarters"),
    [
        (
            Period(PeriodKind.QUARTER, 2026, 1),
            date(2026, 1, 1),
            date(2026, 3, 31),
            "2026年第1季度",
            [(2026, 1)],
        ),
        (
            Period(PeriodKind.QUARTER, 2026, 4),
            date(2026, 10, 1),
            date(2026, 12, 31),
            "2026年第4季度",
            [(2026, 4)],
        ),
        (
            Period(PeriodKind.HALF, 2026, 1),
            date(2026, 1, 1),
            date(2026, 6, 30),
            "2026年上半年",
            [(2026, 1), (2026, 2)],
        ),
        (
            Period(PeriodKind.YEAR, 2028, 1),
            date(2028, 1, 1),
            date(2028, 12, 31),
            "2028年度",
            [(2028, q) for q in (1, 2, 3, 4)],
        ),
    ],
)
def test_periods(period: Period, start: date, end: date, label: str, quarters: list) -> None:  # type: ignore[type-arg]
    # The label is the locale's (asmt-period-*), as every scorecard prints it.
    assert (period.start, period.end, period_label(period, "zh-CN"), period.quarters) == (
        start,
        end,
        label,
        quarters,
    )
    assert Period.parse(period.key) == period


def test_previous_periods_cross_years_and_bad_numbers_are_refused() -> None:
    assert Period(PeriodKind.QUARTER, 2026, 1).previous() == Period(PeriodKind.QUARTER, 2025, 4)
    assert Period(PeriodKind.HALF, 2026, 1).previous() == Period(PeriodKind.HALF, 2025, 2)
    assert Period.containing(PeriodKind.HALF, date(2026, 7, 1)) == Period(PeriodKind.HALF, 2026, 2)
    assert window_closes(Period(PeriodKind.QUARTER, 2026, 4), 15) == date(2027, 1, 15)
    with pytest.raises(ValueError):
        Period(PeriodKind.QUARTER, 2026, 5)


def test_competition_ranks_share_ties() -> None:
    assert competition_ranks([90.0, 80.0, 80.0, 70.0, 0.0, 0.0]) == [1, 2, 2, 4, 5, 5]
    assert competition_ranks([]) == []


def _config() -> dict:  # type: ignore[type-arg]
    return tomllib.loads(DEFAULT_CONFIG.read_text(encoding="utf-8"))


def test_the_shipped_formula_parses_and_bad_ones_are_named() -> None:
    formula = parse_formula(_config())
    assert [r.weight for r in formula.components] == [30, 20, 20, 15, 15]
    assert (
        formula.grace_days == 15 and "总分" in formula.describe("zh-CN") and "Total" in formula.describe("en")
    )
    broken = _config()
    del broken["components"]["attendance"]
    with pytest.raises(FormulaError, match="attendance"):
        parse_formula(broken)
    broken = _config()
    broken["components"]["logs_signed"]["target_per_month"] = 0
    with pytest.raises(FormulaError, match="target_per_month"):
        parse_formula(broken)
    broken = _config()
    broken["components"]["households"]["method"] = "magic"
    with pytest.raises(FormulaError):
        parse_formula(broken)
