"""12345 hotline work orders (issue 18): opening an item's order with its clocks, and recording its steps.

`order_by_number` and `open_order` run inside the caller's transaction (`reporting.create_problem` opens the order of a
12345 item with the item itself). `record_step` is one thing a person does, in its own transaction: the step checked
against `domain.hotline` (the next one, by someone who may), written on the order with its history entry, the item's
status moved as the rules say, and the card edited in every chat holding it (with the next step's button for whoever
may press it); 不满意 turns the order into a warning order 预警 and brings it to the principal leaders.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from domain import hotline as rules
from domain import problems as lifecycle
from domain.hotline import Satisfaction, Step
from domain.problems import Status
from domain.roles import Role
from domain.workcalendar import WorkCalendar
from services.calendar import cached_work_calendar
from services.problems.cards import item_view
from services.problems.config import ProblemConfig, ProblemError
from services.problems.hotline_card import done_fields, view_of
from services.problems.moves import locked_problem
from services.problems.notices import notify_change
from services.problems.people import load_person, people_with
from storage.db import Database
from storage.models import HotlineOrder, Problem, ProblemEvent


def clocks_of(config: ProblemConfig) -> rules.Clocks:
    return rules.Clocks(
        contact_days=config.hotline_contact_days,
        handle_days=config.hotline_handle_days,
        callback_days=config.hotline_callback_days,
        second_days=config.hotline_second_days,
    )


async def order_by_number(session: AsyncSession, order_no: str) -> HotlineOrder | None:
    """The order with this number (as typed or as kept), if any."""
    number = rules.clean_order_no(order_no) or order_no.strip()
    return (
        await session.execute(select(HotlineOrder).where(HotlineOrder.order_no == number))
    ).scalar_one_or_none()


async def open_order(
    session: AsyncSession,
    problem: Problem,
    order_no: str,
    now: datetime,
    config: ProblemConfig,
    calendar: WorkCalendar,
) -> HotlineOrder:
    """Add the work order of a 12345 item (flushed, in the caller's transaction): received today (the sub-district's
    day), first contact and first handling due in working days from it. Refuses a number that is not one, or one
    already on another item."""
    number = rules.clean_order_no(order_no)
    if number is None:
        raise ProblemError("hotline-order-bad", max=rules.MAX_ORDER_NO)
    taken = await order_by_number(session, number)
    if taken is not None:
        raise ProblemError("hotline-order-taken", order=number, id=taken.problem_id)
    received = config.today(now)
    contact_due, handle_due = rules.first_deadlines(received, clocks_of(config), calendar)
    order = HotlineOrder(
        problem_id=problem.id,
        order_no=number,
        received_on=received,
        contact_due=contact_due,
        handle_due=handle_due,
    )
    problem.source = rules.SOURCE
    session.add(order)
    await session.flush()
    return order


@dataclass(frozen=True)
class StepOutcome:
    """What a recorded step did: the item's status after it, and whether the order became a warning order or
    closed."""

    problem_id: int
    step: Step
    satisfaction: Satisfaction | None
    status: Status
    warning: bool
    closed: bool
    next_due: (
        date | None
    )  # the deadline of the step now to do (a call back, a second handling), if it has one


async def _checked(
    session: AsyncSession, person_id: int, problem: Problem, step: Step, config: ProblemConfig
) -> HotlineOrder:
    """The item's order, when `person_id` may record `step` on it now; else a refusal (nothing changed)."""
    order = await session.get(HotlineOrder, problem.id)
    if order is None:
        raise ProblemError("hotline-not-order")
    person = await load_person(session, person_id)
    if not rules.may_record(step, lifecycle.parties(person, item_view(problem))):
        raise ProblemError("hotline-no-permission")
    why = rules.refusal(view_of(order, config.timezone), step)
    if why is not None:
        raise ProblemError(why)
    return order


async def check_step(
    db: Database, person_id: int, problem_id: int, step: Step, config: ProblemConfig
) -> None:
    """Whether `step` could be recorded now by `person_id` (before asking for a call back's answer): a refusal if
    not."""
    async with db.read_session() as session:
        problem = await session.get(Problem, problem_id)
        if problem is None:
            raise ProblemError("problem-not-found")
        await _checked(session, person_id, problem, step, config)


async def record_step(
    db: Database,
    person_id: int,
    problem_id: int,
    step: Step,
    now: datetime,
    config: ProblemConfig,
    satisfaction: Satisfaction | None = None,
) -> StepOutcome:
    """Record `step` of the item's order as `person_id` (a call back with the resident's `satisfaction`); raises
    ProblemError, nothing changed, when it is not theirs, not the next step (done already, or too early), the order
    is closed, or a call back has no answer."""
    if step in rules.CALLBACKS and satisfaction is None:
        raise ProblemError("hotline-pick-satisfaction")
    if step not in rules.CALLBACKS:
        satisfaction = None
    # PRC working days, read before the write transaction opens (on SQLite a second connection would wait for it).
    calendar = await cached_work_calendar(db)
    clocks = clocks_of(config)
    async with db.session() as session:
        problem = await locked_problem(session, problem_id)
        order = await _checked(session, person_id, problem, step, config)
        today = config.today(now)
        at_field, by_field = done_fields(step)
        setattr(order, at_field, now)
        setattr(order, by_field, person_id)
        extra: list[int] = []
        if step == Step.HANDLE:
            order.callback_due = rules.callback_deadline(today, clocks, calendar)
        elif step == Step.CALLBACK:
            order.satisfaction = satisfaction
            if satisfaction == Satisfaction.UNSATISFIED:
                order.warning_at = now
                order.second_due = rules.second_deadline(today, clocks, calendar)
                extra = await people_with(session, Role.PRINCIPAL_LEADER, None, problem.subdistrict_id)
            else:
                order.closed_at = now
        elif step == Step.SECOND_CALLBACK:
            order.second_satisfaction = satisfaction
            order.closed_at = now
        before = Status(problem.status)
        after, reopen_to = rules.status_after(
            step, satisfaction, before, Status(problem.reopen_to) if problem.reopen_to else None
        )
        problem.status = after.value
        problem.reopen_to = reopen_to.value if reopen_to else None
        problem.updated_at = now
        event = ProblemEvent(
            problem_id=problem.id,
            at=now,
            actor_id=person_id,
            move=rules.event_move(step, satisfaction),
            from_status=before.value,
            to_status=after.value,
        )
        session.add(event)
        await session.flush()
        await notify_change(session, problem, event, extra, now, config, actor_id=person_id)
        return StepOutcome(
            problem_id=problem.id,
            step=step,
            satisfaction=satisfaction,
            status=after,
            warning=order.warning_at is not None,
            closed=order.closed_at is not None,
            next_due=rules.next_due(view_of(order, config.timezone)),
        )
