"""Emergency call-outs 应急分队 (issue 8): who may raise one for which community, the answers, the widening rule.

Plain rules, no storage: the service (services/callouts.py) asks these and keeps the record.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from math import asin, cos, radians, sin, sqrt

from domain.problems import clean_text as clean_text  # the same trimming and limit for every typed text
from domain.roles import Role

KINDS = ("fire", "flood", "safety", "medical", "other")  # 火情 / 汛情 / 治安 / 医疗 / 其他
MAX_NEED = 300
MAX_ADDRESS = 200
MAX_REASON = 100  # 无法到场 needs a reason, briefly
MAX_OUTCOME = 300
# Outbox priority of every call-out message: above the routine notices (priority 0) that may be queued.
PRIORITY = 100
NEAREST_NEIGHBOURS = (
    3  # fallback when no neighbours were set: the nearest communities by their check-in points
)


class Status(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class Answer(StrEnum):
    COMING = "coming"  # 马上到
    CANNOT = "cannot"  # 无法到场 (with a reason)


class Wave(StrEnum):
    """Why a person was called: the community's squad, the brigade, or a neighbouring squad after widening."""

    SQUAD = "squad"
    BRIGADE = "brigade"
    NEIGHBOUR = "neighbour"


@dataclass(frozen=True)
class Raiser:
    """What decides whether someone may raise a call-out: their roles, the communities of those roles, and their
    sub-district (a deployment may serve several)."""

    roles: frozenset[Role]
    secretary_of: frozenset[int]
    in_charge_of: frozenset[int]
    subdistrict_id: int | None = None


def may_raise(raiser: Raiser, community_id: int, community_subdistrict: int | None = None) -> bool:
    """A community secretary for their own community, a leader in charge for theirs, a principal leader for any
    community of their sub-district, the administrator for any."""
    if Role.ADMIN in raiser.roles:
        return True
    if Role.PRINCIPAL_LEADER in raiser.roles and (
        raiser.subdistrict_id is None or community_subdistrict in (None, raiser.subdistrict_id)
    ):
        return True
    return community_id in raiser.secretary_of or community_id in raiser.in_charge_of


def needs_widening(coming: int, min_coming: int) -> bool:
    """At the deadline: fewer than `min_coming` people on their way widens the call-out."""
    return coming < min_coming


def elapsed_minutes(raised_at: datetime, now: datetime) -> int:
    return max(0, int((now - raised_at).total_seconds() // 60))


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance between two (latitude, longitude) points."""
    lat1, lon1, lat2, lon2 = map(radians, (*a, *b))
    h = sin((lat2 - lat1) / 2) ** 2 + cos(lat1) * cos(lat2) * sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * asin(sqrt(h))


def nearest(
    origin: tuple[float, float], others: dict[int, tuple[float, float]], count: int = NEAREST_NEIGHBOURS
) -> list[int]:
    """The `count` nearest of `others` (id → point), nearest first; ties by id."""
    return [i for i, _ in sorted(others.items(), key=lambda kv: (distance_km(origin, kv[1]), kv[0]))][:count]
