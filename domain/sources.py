"""Where an item came from (issue 18): the source channels, the one a reporter's role suggests, and who raised it.

The channels are configured (`Settings.problem_sources`: 网格走访, 窗口受理, 来电来访, 12345 热线, 部门转办 by
default); `HOTLINE` is the one that carries a 12345 work order. The resident behind an item is one of three: the
reporter found it themselves (no resident), they report on a resident's behalf (name and phone kept, the phone
masked to those not handling it), or the resident asked not to be named (nothing of them kept, for good).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from enum import StrEnum

from domain.hotline import SOURCE as HOTLINE_SOURCE
from domain.roles import Role

GRID_VISIT = "grid_visit"
WINDOW = "window"
HOTLINE = HOTLINE_SOURCE  # the channel whose items carry a 12345 work order (domain.hotline)
# The channels named in the locale files, in the order lists show them (a deployment's own come after, by name).
KNOWN = (GRID_VISIT, WINDOW, "phone_visit", HOTLINE, "referral")


def display_order(keys: Iterable[str]) -> list[str]:
    """Sources in a stable order: the known ones as in `KNOWN`, then the others by name."""
    return sorted(set(keys), key=lambda k: (KNOWN.index(k) if k in KNOWN else len(KNOWN), k))


class Resident(StrEnum):
    SELF = "self"  # 本人发现
    ON_BEHALF = "on_behalf"  # 代居民反映
    ANONYMOUS = "anonymous"  # 匿名


def default_source(roles: Iterable[Role], sources: Sequence[str], *, from_log: bool = False) -> str:
    """The source a report starts with, kept unless the person changes it: 网格走访 from a grid work log; 窗口受理
    for window staff (窗口人员); 网格走访 for grid workers and everyone else. A deployment without that channel in
    its list starts with its first channel."""
    if from_log:
        return GRID_VISIT
    wanted = WINDOW if Role.WINDOW_STAFF in set(roles) else GRID_VISIT
    if wanted in sources or not sources:
        return wanted
    return sources[0]


def valid_source(source: str, sources: Sequence[str], *, from_log: bool = False) -> bool:
    """A configured channel (a report from a grid work log is a grid visit whatever the list says)."""
    return source in sources or (from_log and source == GRID_VISIT)
