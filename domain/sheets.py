"""Work prompt sheets 工作提示单 and meeting filing 会议报备: the rules, without Telegram or SQL.

A department may give a community a task only as a short, clear prompt sheet (no forwarding documents 以文转文);
a meeting that needs community cadres is filed beforehand, and 党政办 approves, declines or merges it
(能并则并、能减则减).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from domain.problems import clean_text as clean_text  # the same trimming and limit for every typed text
from domain.workcalendar import WorkCalendar

DEFAULT_TEXT_LIMIT = 300  # characters of "what is needed"; more is a sign the task is not yet clear
TITLE_MAX = 60
CONTACT_MAX = 60
NOTE_MAX = 300  # a result, a question, an answer, a decline reason
URGENT_REASON_MAX = 200
MIN_LEAD_WORKING_DAYS = 2
MAX_RESULT_PHOTOS = 5
OFFICE_DEPARTMENT = "党政办"  # the department that decides on filed meetings (DOMAIN.md)
SUBJECT_MAX = 80
PLACE_MAX = 100
MAX_PEOPLE_PER_COMMUNITY = 20
MEETING_MINUTES = (30, 60, 90, 120, 180)
MAX_MEETING_MINUTES = 8 * 60


class TargetStatus(StrEnum):
    """One community's state of a sheet."""

    SENT = "sent"
    RECEIVED = "received"
    QUESTION = "question"  # the secretary asked; waits for the sender's answer
    ANSWERED = "answered"  # the sender answered; the secretary goes on
    DONE = "done"


class SheetVerb(StrEnum):
    RECEIVE = "rcv"
    DONE = "done"
    ASK = "ask"
    ANSWER = "ans"


# Which state a secretary's (or, for ANSWER, the sender's) press may come from.
SHEET_FROM: dict[SheetVerb, frozenset[TargetStatus]] = {
    SheetVerb.RECEIVE: frozenset({TargetStatus.SENT}),
    SheetVerb.DONE: frozenset({TargetStatus.SENT, TargetStatus.RECEIVED, TargetStatus.ANSWERED}),
    SheetVerb.ASK: frozenset({TargetStatus.SENT, TargetStatus.RECEIVED, TargetStatus.ANSWERED}),
    SheetVerb.ANSWER: frozenset({TargetStatus.QUESTION}),
}
SHEET_TO: dict[SheetVerb, TargetStatus] = {
    SheetVerb.RECEIVE: TargetStatus.RECEIVED,
    SheetVerb.DONE: TargetStatus.DONE,
    SheetVerb.ASK: TargetStatus.QUESTION,
    SheetVerb.ANSWER: TargetStatus.ANSWERED,
}


class MeetingStatus(StrEnum):
    FILED = "filed"
    APPROVED = "approved"
    DECLINED = "declined"
    MERGED = "merged"  # folded into another meeting, which keeps the record


class MeetingVerb(StrEnum):
    APPROVE = "ok"
    DECLINE = "no"
    MERGE = "mg"  # mg<other id>: merge this meeting into the other
    ATTEND = "att"  # a secretary names who attends


def text_too_long(text: str, limit: int) -> bool:
    return len(text) > limit


def counter(text: str, limit: int) -> str:
    """What the person sees under their text, e.g. 126/300."""
    return f"{len(text)}/{limit}"


def earliest_due(today: date, calendar: WorkCalendar, lead: int = MIN_LEAD_WORKING_DAYS) -> date:
    """The earliest due date of a sheet that is not urgent: `lead` working days after today."""
    return calendar.add_working_days(today, lead)


def first_due(
    today: date, calendar: WorkCalendar, *, urgent: bool, lead: int = MIN_LEAD_WORKING_DAYS
) -> date:
    """The first day a sheet may be due: today for an urgent one (the next working day if today is not one),
    otherwise `lead` working days ahead."""
    first = today if urgent else earliest_due(today, calendar, lead)
    while not calendar.is_working_day(first):
        first = earliest_due(first, calendar, 1)
    return first


class DueProblem(StrEnum):
    PAST = "past"
    TOO_SOON = "too-soon"
    NOT_WORKING = "not-working"


def check_due(
    due: date,
    today: date,
    calendar: WorkCalendar,
    *,
    urgent: bool,
    lead: int = MIN_LEAD_WORKING_DAYS,
) -> DueProblem | None:
    """None when `due` is allowed. An urgent sheet (with a reason) may be due from today on."""
    if due < today:
        return DueProblem.PAST
    if not calendar.is_working_day(due):
        return DueProblem.NOT_WORKING
    if not urgent and due < earliest_due(today, calendar, lead):
        return DueProblem.TOO_SOON
    return None


def is_overdue(due: date, status: str, done_on: date | None, today: date) -> bool:
    """Not done by its due date: still open after it, or done later than it."""
    if status == TargetStatus.DONE:
        return done_on is not None and done_on > due
    return today > due


def merge_window(day: date, calendar: WorkCalendar) -> tuple[date, date]:
    """Meetings on `day` or the next working day are merge candidates (and the other way round)."""
    return calendar.add_working_days(day, -1), calendar.add_working_days(day, 1)


def merge_candidate(
    day: date,
    communities: Iterable[int],
    other_day: date,
    other_communities: Iterable[int],
    cal: WorkCalendar,
) -> bool:
    """Another filed meeting on the same day or the next working day (either way) with overlapping communities."""
    near = (
        other_day == day
        or other_day == cal.add_working_days(day, 1)
        or day == cal.add_working_days(other_day, 1)
    )
    return near and bool(set(communities) & set(other_communities))


def merged_people(first: dict[int, int], second: dict[int, int]) -> dict[int, int]:
    """The union of two meetings' communities; a community in both sends the larger of the two numbers."""
    return {c: max(first.get(c, 0), second.get(c, 0)) for c in set(first) | set(second)}


def people_hours(minutes: int, people: int) -> float:
    return minutes * people / 60


@dataclass(frozen=True)
class Burden:
    """What the sub-district asked of one community in a period."""

    prompt_sheets: int = 0  # prompt sheets received
    meetings: int = 0  # approved meetings that targeted it (attended)
    people_hours: float = 0.0  # people × hours asked by those meetings
    sheets_overdue: int = 0  # its sheets due in the period not done by the due date


@dataclass(frozen=True)
class DepartmentBurden:
    """What one department issued in a period."""

    sheets: int = 0
    meetings_filed: int = 0
    meetings_approved: int = 0
    meetings_declined: int = 0
    meetings_merged: int = 0
