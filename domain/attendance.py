"""The paired cadres' rule: at least 2 working days a week in the paired community (fewer if the week has fewer),
and whether a check-in location is within the community's radius."""

from __future__ import annotations

from math import asin, cos, radians, sin, sqrt

from domain.roles import Role

WEEKLY_DAYS = 2  # "每周至少2个工作日在包联社区"
EARTH_RADIUS_M = 6_371_000


def required_days(working_days_in_week: int) -> int:
    return min(WEEKLY_DAYS, working_days_in_week)


def shortfall(days_done: int, working_days_in_week: int) -> int:
    return max(0, required_days(working_days_in_week) - days_done)


def bound_by_weekly_rule(roles: frozenset[Role] | set[Role]) -> bool:
    """Paired cadres are; a seconded cadre is in the community every working day and is not nagged by this rule."""
    return Role.PAIRED_CADRE in roles and Role.SECONDED_CADRE not in roles


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> int:
    """Great-circle distance in metres (haversine)."""
    p1, p2 = radians(lat1), radians(lat2)
    dp, dl = p2 - p1, radians(lon2 - lon1)
    a = sin(dp / 2) ** 2 + cos(p1) * cos(p2) * sin(dl / 2) ** 2
    return round(2 * EARTH_RADIUS_M * asin(sqrt(a)))


def valid_point(latitude: float, longitude: float) -> bool:
    return -90 <= latitude <= 90 and -180 <= longitude <= 180
