"""The rules of problems, without Telegram or a database: working days, locations, the move table, month ends."""

from __future__ import annotations

from datetime import date

import pytest

from domain.problems import (
    ItemView,
    Move,
    Person,
    Status,
    add_working_days,
    allowed_moves,
    is_overdue,
    may_view,
    plausible_location,
    previous_month,
    register_due,
    target_status,
)
from domain.roles import Role
from domain.workcalendar import WorkCalendar


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (date(2026, 11, 27), 1, date(2026, 11, 30)),  # Fri + 1 → Mon
        (date(2026, 11, 27), 3, date(2026, 12, 2)),
        (date(2026, 11, 28), 1, date(2026, 11, 30)),  # Sat + 1 → Mon
        (date(2026, 11, 23), 5, date(2026, 11, 30)),
        (date(2026, 11, 23), 0, date(2026, 11, 23)),
    ],
)
def test_add_working_days_skips_weekends(start, n, expected):
    assert add_working_days(start, n) == expected


@pytest.mark.parametrize(
    ("lat", "lon", "ok"),
    [
        (39.9087, 116.3975, True),
        (0.0, 0.0, False),
        (48.85, 2.35, False),
        (-33.9, 151.2, False),
        (22.3, 114.2, True),
    ],
)
def test_plausible_location(lat, lon, ok):
    assert plausible_location(lat, lon) is ok


def test_overdue_only_while_open():
    assert is_overdue(date(2026, 11, 1), Status.IN_PROGRESS, date(2026, 11, 2))
    assert not is_overdue(date(2026, 11, 1), Status.RESOLVED, date(2026, 11, 2))
    assert not is_overdue(date(2026, 11, 2), Status.ACCEPTED, date(2026, 11, 2))


def test_not_fixed_returns_to_where_it_was():
    assert target_status(Move.NOT_FIXED, Status.RESOLVED, Status.IN_PROGRESS) == Status.IN_PROGRESS
    assert target_status(Move.NOT_FIXED, Status.RESOLVED, Status.CLAIMED) == Status.CLAIMED
    assert target_status(Move.CITY, Status.ACCEPTED) == Status.ACCEPTED


ITEM = ItemView(
    Status.ACCEPTED, community_id=1, subdistrict_id=1, reporter_id=10, owner_id=10, leader_id=None
)


def test_the_same_role_in_another_community_or_sub_district_may_do_nothing():
    secretary_elsewhere = Person(20, 1, frozenset({(Role.SECRETARY, 2)}))
    principal_elsewhere = Person(21, 2, frozenset({(Role.PRINCIPAL_LEADER, None)}))
    assert allowed_moves(secretary_elsewhere, ITEM) == []
    assert not may_view(secretary_elsewhere, ITEM) and not may_view(principal_elsewhere, ITEM)
    secretary = Person(22, 1, frozenset({(Role.SECRETARY, 1)}))
    assert set(allowed_moves(secretary, ITEM)) == {Move.RESOLVE, Move.ESCALATE, Move.CITY}


def test_a_12345_item_is_done_and_closed_by_its_orders_steps_not_by_the_lifecycle_moves():
    hotline = ItemView(
        Status.ACCEPTED,
        community_id=1,
        subdistrict_id=1,
        reporter_id=10,
        owner_id=10,
        leader_id=None,
        hotline=True,
    )
    secretary = Person(22, 1, frozenset({(Role.SECRETARY, 1)}))
    assert set(allowed_moves(secretary, hotline)) == {Move.ESCALATE, Move.CITY}  # no 办结: 已办理 instead
    reporter = Person(10, 1, frozenset({(Role.WINDOW_STAFF, 1)}))
    resolved = ItemView(
        Status.RESOLVED,
        community_id=1,
        subdistrict_id=1,
        reporter_id=10,
        owner_id=10,
        leader_id=None,
        hotline=True,
    )
    assert allowed_moves(reporter, resolved) == []  # the resident answers at the call back, not the reporter
    assert set(allowed_moves(reporter, ITEM)) >= {Move.RESOLVE}  # the same person on an ordinary item


def test_register_month_and_due_day():
    assert previous_month(date(2026, 1, 3)) == (2025, 12)
    cal = WorkCalendar()
    assert register_due(2026, 12, 5, cal) == date(2027, 1, 5)  # a Tuesday
    assert register_due(2026, 11, 5, cal) == date(2026, 12, 7)  # Saturday 5 December: Monday the 7th
