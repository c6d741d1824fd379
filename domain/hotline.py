"""12345 hotline work orders 工单 (issue 18): the order number, the clocks in PRC working days, the order of the steps,
who records them, what each does to the item's lifecycle, and what is overdue on a given day.

Plain rules, no Telegram and no SQL. An order runs contact 已联系 → handling 已办理 → call back 已回访 (the resident's
satisfaction); 不满意 turns it into a warning order 预警 for the sub-district's principal leaders, with a second
handling and a second call back, after which the order is closed whatever the answer (the answer is recorded).

Who records a step: the item's current owner (首问负责, the claimant or the responsible leader once assigned) or its
responsible leader; on a warning order also any principal leader of the item's sub-district (the warning is theirs,
and they may record the second handling themselves or leave it to the owner, who keeps the case).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from domain.problems import OPEN_STATUSES, Party, Status
from domain.workcalendar import WorkCalendar

SOURCE = "hotline"  # Problem.source of an item that came as a 12345 work order
MAX_ORDER_NO = 40
_ORDER_NO = re.compile(r"[A-Z0-9]+(?:-[A-Z0-9]+)*")


class Satisfaction(StrEnum):
    SATISFIED = "satisfied"  # 满意
    BASICALLY = "basically"  # 基本满意
    UNSATISFIED = "unsatisfied"  # 不满意


class Step(StrEnum):
    CONTACT = "contact"  # 已联系: first contact with the resident
    HANDLE = "handle"  # 已办理: first handling
    CALLBACK = "callback"  # 已回访: call back, with the resident's satisfaction
    SECOND_HANDLE = "second_handle"  # 预警: second handling
    SECOND_CALLBACK = "second_callback"  # 预警: the second call back, which closes the order


CALLBACKS = frozenset({Step.CALLBACK, Step.SECOND_CALLBACK})
HANDLINGS = frozenset({Step.HANDLE, Step.SECOND_HANDLE})
FIRST_ROUND = (Step.CONTACT, Step.HANDLE, Step.CALLBACK)
SECOND_ROUND = (Step.SECOND_HANDLE, Step.SECOND_CALLBACK)

# The history entry (ProblemEvent.move, at most 16 characters) of each step; a call back's carries the answer.
EVENT_MOVES = {Step.CONTACT: "hl_contact", Step.HANDLE: "hl_handle", Step.SECOND_HANDLE: "hl_handle2"}
CALLBACK_PREFIX = {Step.CALLBACK: "hl_cb", Step.SECOND_CALLBACK: "hl_cb2"}
_ANSWER_CODE = {Satisfaction.SATISFIED: "s", Satisfaction.BASICALLY: "b", Satisfaction.UNSATISFIED: "u"}


def event_move(step: Step, satisfaction: Satisfaction | None = None) -> str:
    """`hl_contact`, `hl_handle`, `hl_handle2`, or a call back with its answer: `hl_cb_u`, `hl_cb2_s`…"""
    if step in CALLBACKS:
        assert satisfaction is not None
        return f"{CALLBACK_PREFIX[step]}_{_ANSWER_CODE[satisfaction]}"
    return EVENT_MOVES[step]


def all_event_moves() -> list[str]:
    return [*EVENT_MOVES.values(), *(event_move(s, a) for s in CALLBACKS for a in Satisfaction)]


def clean_order_no(text: str | None) -> str | None:
    """The hotline's order number as stored: full-width characters made plain (a Chinese keyboard's １２３), spaces
    around dropped, letters in capitals; ASCII letters and digits in groups joined by single hyphens, with at least
    one digit, at most 40 characters. None for anything else (empty, words, punctuation, too long)."""
    if text is None:
        return None
    value = unicodedata.normalize("NFKC", text).strip().upper()
    if not value or len(value) > MAX_ORDER_NO or not value.isascii():
        return None
    if not _ORDER_NO.fullmatch(value) or not any(ch.isdigit() for ch in value):
        return None
    return value


# --- the clocks -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Clocks:
    """Working days allowed for each step (settings HOTLINE_*)."""

    contact_days: int = 1
    handle_days: int = 5
    callback_days: int = 1
    second_days: int = 3


def first_deadlines(received_on: date, clocks: Clocks, cal: WorkCalendar) -> tuple[date, date]:
    """(contact due, handling due), counted in working days from the day the order was received."""
    return (
        cal.add_working_days(received_on, clocks.contact_days),
        cal.add_working_days(received_on, clocks.handle_days),
    )


def callback_deadline(handled_on: date, clocks: Clocks, cal: WorkCalendar) -> date:
    """The call back is due this many working days after the (first or second) handling."""
    return cal.add_working_days(handled_on, clocks.callback_days)


def second_deadline(called_back_on: date, clocks: Clocks, cal: WorkCalendar) -> date:
    """A warning order's second handling is due this many working days after the 不满意 call back."""
    return cal.add_working_days(called_back_on, clocks.second_days)


# --- an order as the rules see it -------------------------------------------------------------------------------


@dataclass(frozen=True)
class OrderView:
    """An order's deadlines and the local days its steps were recorded. `second_callback_due` is not stored: it is
    `callback_deadline` of the second handling's day, given where a calendar is at hand (None otherwise)."""

    received_on: date
    contact_due: date
    handle_due: date
    callback_due: date | None = None
    second_due: date | None = None
    second_callback_due: date | None = None
    contacted_on: date | None = None
    handled_on: date | None = None
    called_back_on: date | None = None
    second_handled_on: date | None = None
    second_called_back_on: date | None = None
    warning: bool = False
    closed: bool = False

    def due(self, step: Step) -> date | None:
        return {
            Step.CONTACT: self.contact_due,
            Step.HANDLE: self.handle_due,
            Step.CALLBACK: self.callback_due,
            Step.SECOND_HANDLE: self.second_due,
            Step.SECOND_CALLBACK: self.second_callback_due,
        }[step]

    def done_on(self, step: Step) -> date | None:
        return {
            Step.CONTACT: self.contacted_on,
            Step.HANDLE: self.handled_on,
            Step.CALLBACK: self.called_back_on,
            Step.SECOND_HANDLE: self.second_handled_on,
            Step.SECOND_CALLBACK: self.second_called_back_on,
        }[step]

    @property
    def steps(self) -> tuple[Step, ...]:
        """The steps this order goes through: three, five once it is a warning order."""
        return FIRST_ROUND + SECOND_ROUND if self.warning else FIRST_ROUND


def next_step(order: OrderView) -> Step | None:
    """The step to record next, or None once the order is closed."""
    if order.closed:
        return None
    for step in order.steps:
        if order.done_on(step) is None:
            return step
    return None


def next_due(order: OrderView) -> date | None:
    """The deadline of the step to do next (None when closed, or when that step's deadline is not known)."""
    step = next_step(order)
    return None if step is None else order.due(step)


def is_overdue(order: OrderView, step: Step, today: date) -> bool:
    """The step is still to be done (the order open) and its deadline has passed."""
    due = order.due(step)
    return (
        not order.closed
        and step in order.steps
        and order.done_on(step) is None
        and due is not None
        and today > due
    )


def late_steps(order: OrderView, today: date) -> list[Step]:
    """Steps done after their deadline, and the step still to do whose deadline has passed by `today`."""
    late = []
    for step in order.steps:
        due, done = order.due(step), order.done_on(step)
        if due is None:
            continue
        if (done is not None and done > due) or (done is None and is_overdue(order, step, today)):
            late.append(step)
    return late


def refusal(order: OrderView, step: Step) -> str | None:
    """Why `step` cannot be recorded now (a Fluent id of hotline.ftl), or None when it is the next one."""
    if order.closed:
        return "hotline-closed"
    expected = next_step(order)
    if step == expected:
        return None
    if step in order.steps and order.done_on(step) is not None:
        return "hotline-step-done"  # a button pressed twice, or an older card's
    return "hotline-step-order"


def may_record(step: Step, parties: frozenset[Party]) -> bool:
    """Owner or responsible leader; on a warning order's steps also a principal leader of the sub-district."""
    allowed = {Party.OWNER, Party.LEADER}
    if step in SECOND_ROUND:
        allowed.add(Party.PRINCIPAL)
    return bool(parties & allowed)


# --- the item's lifecycle -------------------------------------------------------------------------------------


def status_after(
    step: Step, satisfaction: Satisfaction | None, status: Status, reopen_to: Status | None
) -> tuple[Status, Status | None]:
    """The item's (status, reopen_to) after the step, as the lifecycle's own moves would leave it:

    - contact: unchanged;
    - a handling is the lifecycle's "resolve": an open item becomes 已办结待确认 (RESOLVED), remembering where "not
      fixed" returns it (a reported item, not yet accepted, returns to the community: ACCEPTED); one already resolved
      or closed by the lifecycle is left as it is;
    - the call back replaces the reporter's confirmation: satisfied or basically satisfied closes a resolved item;
      不满意 reopens a resolved or closed one where "not fixed" would (the warning order);
    - the second call back closes a resolved item, whatever the answer (the order is closed with it).
    """
    if step in HANDLINGS:
        if status not in OPEN_STATUSES:
            return status, reopen_to
        if status in (Status.ASSIGNED, Status.IN_PROGRESS):
            back = Status.IN_PROGRESS
        elif status == Status.REPORTED:
            back = Status.ACCEPTED
        else:
            back = status
        return Status.RESOLVED, back
    if step == Step.CALLBACK and satisfaction == Satisfaction.UNSATISFIED:
        if status in (Status.RESOLVED, Status.CLOSED):
            return reopen_to or Status.ACCEPTED, reopen_to
        return status, reopen_to
    if step in CALLBACKS and status == Status.RESOLVED:
        return Status.CLOSED, reopen_to
    return status, reopen_to
