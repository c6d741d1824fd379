"""Problems and suggestions: the lifecycle, who may move an item from which state to which, deadlines, input rules.

Plain rules, no Telegram and no SQL: services ask `allowed_moves` / `may` and validate input with the functions here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

from domain.roles import Role
from domain.workcalendar import WorkCalendar, monthly_deadline

MAX_PHOTOS = 9
MAX_DESCRIPTION = 1000
MAX_NOTE = 500
DUPLICATE_WINDOW_DAYS = 7
# Telegram locations that cannot be in a Chinese sub-district: a rough box around the PRC (incl. islands in the
# South China Sea would need 3°N; the box is for mistakes such as 0,0, not for geography lessons).
PLAUSIBLE_LAT = (3.0, 54.0)
PLAUSIBLE_LON = (73.0, 136.0)

DEFAULT_CATEGORIES: dict[str, int] = {
    # category key → deadline in working days; labels live in the locale files as problem-cat-<key>
    "safety": 3,  # 安全隐患
    "dispute": 5,  # 矛盾纠纷
    "environment": 5,  # 环境卫生
    "facilities": 10,  # 设施维修
    "livelihood": 10,  # 民生诉求
    "policy": 5,  # 政策咨询
    "other": 10,  # 其他
}


class Kind(StrEnum):
    PROBLEM = "problem"
    SUGGESTION = "suggestion"


class Status(StrEnum):
    REPORTED = "reported"  # waits for the community to accept it
    ACCEPTED = "accepted"  # the community has it
    CLAIMED = "claimed"  # the paired cadre claimed it 认领承办
    ESCALATED = "escalated"  # reported to the sub-district
    REGISTERED = "registered"  # registered by 党政办
    ASSIGNED = "assigned"  # a responsible leader 包办领导 was named
    IN_PROGRESS = "in_progress"
    RESOLVED = "resolved"  # waits for the reporter's confirmation
    CLOSED = "closed"  # confirmed by the reporter


OPEN_STATUSES = frozenset(Status) - {Status.RESOLVED, Status.CLOSED}


class Move(StrEnum):
    ACCEPT = "accept"
    RESOLVE = "resolve"
    CLAIM = "claim"
    ESCALATE = "escalate"
    REGISTER = "register"
    ASSIGN = "assign"
    START = "start"
    CONFIRM = "confirm"
    NOT_FIXED = "not_fixed"
    CITY = "city"  # flag/unflag "needs city-level coordination"; the status does not change


# Who acts, relative to the item: the names the permission table uses.
class Party(StrEnum):
    COMMUNITY = "community"  # secretary or community cadre of the item's community
    PAIRED = "paired"  # paired cadre of the item's community
    OWNER = "owner"  # current owner (first-inquiry owner, claimant, responsible leader)
    REPORTER = "reporter"
    OFFICE = "office"  # 党政办 staff of the item's sub-district
    PRINCIPAL = "principal"  # principal leader of the item's sub-district
    LEADER = "leader"  # the item's responsible leader


OFFICE_DEPARTMENT = "党政办"

# move → (states it may start from, parties allowed)
MOVES: dict[Move, tuple[frozenset[Status], frozenset[Party]]] = {
    Move.ACCEPT: (frozenset({Status.REPORTED}), frozenset({Party.COMMUNITY})),
    Move.RESOLVE: (
        frozenset({Status.ACCEPTED, Status.CLAIMED, Status.ASSIGNED, Status.IN_PROGRESS}),
        frozenset({Party.COMMUNITY, Party.OWNER, Party.LEADER}),
    ),
    Move.CLAIM: (frozenset({Status.ACCEPTED}), frozenset({Party.PAIRED})),
    Move.ESCALATE: (frozenset({Status.ACCEPTED, Status.CLAIMED}), frozenset({Party.COMMUNITY, Party.OWNER})),
    Move.REGISTER: (frozenset({Status.ESCALATED}), frozenset({Party.OFFICE})),
    Move.ASSIGN: (frozenset({Status.REGISTERED}), frozenset({Party.PRINCIPAL})),
    Move.START: (frozenset({Status.ASSIGNED}), frozenset({Party.LEADER})),
    Move.CONFIRM: (frozenset({Status.RESOLVED}), frozenset({Party.REPORTER})),
    Move.NOT_FIXED: (frozenset({Status.RESOLVED}), frozenset({Party.REPORTER})),
    Move.CITY: (
        OPEN_STATUSES - {Status.REPORTED},
        frozenset({Party.COMMUNITY, Party.OWNER, Party.LEADER, Party.PRINCIPAL, Party.OFFICE}),
    ),
}
# Moves that need a note (what was done, why not fixed, what to coordinate).
NOTE_REQUIRED = frozenset({Move.RESOLVE, Move.NOT_FIXED, Move.ESCALATE})
NOTE_OPTIONAL = frozenset({Move.CITY})


@dataclass(frozen=True)
class ItemView:
    """What the rules need to know about an item."""

    status: Status
    community_id: int
    subdistrict_id: int | None
    reporter_id: int
    owner_id: int | None
    leader_id: int | None
    hotline: bool = False  # a 12345 work order behind it (issue 18), done and closed by its own steps


# A 12345 order is reported done with 已办理 and closed by the resident's answer at the call back (domain.hotline),
# not by these moves: the reporter typed in the hotline's order, the resident is the one who confirms.
HOTLINE_INSTEAD = frozenset({Move.RESOLVE, Move.CONFIRM, Move.NOT_FIXED})


@dataclass(frozen=True)
class Person:
    """What the rules need to know about the person acting."""

    id: int
    subdistrict_id: int | None
    roles: frozenset[tuple[Role, int | None]] = field(default_factory=frozenset)  # (role, community id)
    department: str | None = None

    def has(self, role: Role, community_id: int | None = None) -> bool:
        return any(r == role and (community_id is None or c == community_id) for r, c in self.roles)


def parties(person: Person, item: ItemView) -> frozenset[Party]:
    """The capacities in which `person` stands to `item`."""
    found: set[Party] = set()
    same_sub = person.subdistrict_id is not None and person.subdistrict_id == item.subdistrict_id
    if person.has(Role.SECRETARY, item.community_id) or person.has(Role.COMMUNITY_CADRE, item.community_id):
        found.add(Party.COMMUNITY)
    if person.has(Role.PAIRED_CADRE, item.community_id):
        found.add(Party.PAIRED)
    if item.owner_id == person.id:
        found.add(Party.OWNER)
    if item.reporter_id == person.id:
        found.add(Party.REPORTER)
    if item.leader_id == person.id:
        found.add(Party.LEADER)
    if same_sub and person.has(Role.DEPARTMENT_STAFF) and person.department == OFFICE_DEPARTMENT:
        found.add(Party.OFFICE)
    if same_sub and person.has(Role.PRINCIPAL_LEADER):
        found.add(Party.PRINCIPAL)
    return frozenset(found)


def may_view(person: Person, item: ItemView) -> bool:
    """Those involved, anyone working in the item's community, and the sub-district's principal leaders and 党政办."""
    if parties(person, item):
        return True
    return any(community == item.community_id for _, community in person.roles)


def may(person: Person, item: ItemView, move: Move) -> bool:
    starts, allowed = MOVES[move]
    if item.status not in starts or (item.hotline and move in HOTLINE_INSTEAD):
        return False
    who = parties(person, item)
    if move == Move.RESOLVE and item.status in (Status.ASSIGNED, Status.IN_PROGRESS):
        # Once the sub-district has named a responsible leader, only that leader reports it done.
        return Party.LEADER in who
    if move == Move.RESOLVE and item.status == Status.CLAIMED:
        return Party.OWNER in who  # the paired cadre who claimed it
    if move == Move.ESCALATE and item.status == Status.CLAIMED:
        return Party.OWNER in who or Party.COMMUNITY in who
    return bool(who & allowed)


def allowed_moves(person: Person, item: ItemView) -> list[Move]:
    return [move for move in MOVES if may(person, item, move)]


def target_status(move: Move, item_status: Status, reopen_to: Status | None = None) -> Status:
    """The state after `move`; "not fixed" goes back to where the item was before it was resolved."""
    if move == Move.NOT_FIXED:
        return reopen_to or Status.ACCEPTED
    return {
        Move.ACCEPT: Status.ACCEPTED,
        Move.RESOLVE: Status.RESOLVED,
        Move.CLAIM: Status.CLAIMED,
        Move.ESCALATE: Status.ESCALATED,
        Move.REGISTER: Status.REGISTERED,
        Move.ASSIGN: Status.ASSIGNED,
        Move.START: Status.IN_PROGRESS,
        Move.CONFIRM: Status.CLOSED,
        Move.CITY: item_status,
    }[move]


# --- working days -------------------------------------------------------------------------------------------


def add_working_days(start: date, n: int) -> date:
    """`n` working days after `start`, Monday–Friday only: the domain tests' arithmetic. The bot itself uses the PRC
    calendar (`services.calendar.cached_work_calendar`: holidays, make-up days, loaded years)."""
    day = start
    left = n
    while left > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            left -= 1
    return day


def is_overdue(due: date | None, status: Status, today: date) -> bool:
    return due is not None and status in OPEN_STATUSES and today > due


# --- input ------------------------------------------------------------------------------------------------------


def plausible_location(latitude: float, longitude: float) -> bool:
    return (
        PLAUSIBLE_LAT[0] <= latitude <= PLAUSIBLE_LAT[1] and PLAUSIBLE_LON[0] <= longitude <= PLAUSIBLE_LON[1]
    )


def clean_text(text: str | None, limit: int) -> str | None:
    """Trimmed text, or None when empty or too long."""
    value = (text or "").strip()
    if not value or len(value) > limit:
        return None
    return value


def month_bounds(year: int, month: int) -> tuple[date, date]:
    """First day of the month and first day of the next."""
    first = date(year, month, 1)
    nxt = date(year + (month == 12), month % 12 + 1, 1)
    return first, nxt


def previous_month(today: date) -> tuple[int, int]:
    return (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)


def register_due(year: int, month: int, day_of_next_month: int, cal: WorkCalendar) -> date:
    """The register of (year, month) is due on this day of the following month, or the first working day after it
    when that is a rest day (the same rule as the 纪实表: domain.workcalendar.monthly_deadline)."""
    return monthly_deadline(date(year, month, 1), day_of_next_month, cal)
