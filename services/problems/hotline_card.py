"""A 12345 work order on its item's card: the order as plain data (read with the card), its lines (工单号, each
deadline and what was done when by whom, 预警, 逾期) and the step buttons of the one who may press them.

The buttons' data is `hl:<verb>:<item id>:<answer>` (read back by `dialogs.hotline.HotlineButton`): the verb names the
step, so a button of an earlier step pressed later is refused as done; the answer is a call back's satisfaction
(`-` on the 已回访 button itself, which asks for it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from domain import hotline as rules
from domain.hotline import Satisfaction, Step
from domain.roles import Role
from locales import Html, tr, tr_text
from services.problems.people import people_with
from storage.models import HotlineOrder, Person, Problem

VERBS = {
    Step.CONTACT: "ct",
    Step.HANDLE: "hd",
    Step.CALLBACK: "cb",
    Step.SECOND_HANDLE: "h2",
    Step.SECOND_CALLBACK: "c2",
}
STEP_OF_VERB = {verb: step for step, verb in VERBS.items()}
ANSWERS = {"s": Satisfaction.SATISFIED, "b": Satisfaction.BASICALLY, "u": Satisfaction.UNSATISFIED}
ASK = "-"  # the 已回访 button: asks for the satisfaction
BACK = "x"  # back from the satisfaction to the step buttons
DATA = "hl:{verb}:{id}:{answer}"

_DONE_BY = {
    Step.CONTACT: ("contacted_at", "contacted_by"),
    Step.HANDLE: ("handled_at", "handled_by"),
    Step.CALLBACK: ("called_back_at", "called_back_by"),
    Step.SECOND_HANDLE: ("second_handled_at", "second_handled_by"),
    Step.SECOND_CALLBACK: ("second_called_back_at", "second_called_back_by"),
}


def done_fields(step: Step) -> tuple[str, str]:
    """The order's columns of when a step was recorded and by whom."""
    return _DONE_BY[step]


def local_day(moment: datetime | None, zone: str) -> date | None:
    return None if moment is None else moment.astimezone(ZoneInfo(zone)).date()


def view_of(
    order: HotlineOrder | HotlineCard, zone: str, second_callback_due: date | None = None
) -> rules.OrderView:
    """The order as the rules see it, its steps' days in the sub-district's zone."""
    return rules.OrderView(
        received_on=order.received_on,
        contact_due=order.contact_due,
        handle_due=order.handle_due,
        callback_due=order.callback_due,
        second_due=order.second_due,
        second_callback_due=second_callback_due,
        contacted_on=local_day(order.contacted_at, zone),
        handled_on=local_day(order.handled_at, zone),
        called_back_on=local_day(order.called_back_at, zone),
        second_handled_on=local_day(order.second_handled_at, zone),
        second_called_back_on=local_day(order.second_called_back_at, zone),
        warning=order.warning_at is not None,
        closed=order.closed_at is not None,
    )


@dataclass(frozen=True)
class HotlineCard:
    """The order behind an item, with the names of those who recorded its steps."""

    order_no: str
    received_on: date
    contact_due: date
    handle_due: date
    callback_due: date | None
    second_due: date | None
    contacted_at: datetime | None
    handled_at: datetime | None
    called_back_at: datetime | None
    second_handled_at: datetime | None
    second_called_back_at: datetime | None
    satisfaction: str | None
    second_satisfaction: str | None
    warning_at: datetime | None
    closed_at: datetime | None
    done_by: dict[str, str]  # step → name of who recorded it
    principal_ids: frozenset[int]  # a warning order's principal leaders (who may record its steps)


async def hotline_card(session: AsyncSession, problem: Problem) -> HotlineCard | None:
    if problem.source != rules.SOURCE:
        return None
    order = await session.get(HotlineOrder, problem.id)
    if order is None:
        return None
    ids = {getattr(order, done_fields(s)[1]) for s in Step} - {None}
    names = (
        dict((await session.execute(select(Person.id, Person.name).where(Person.id.in_(ids)))).all())
        if ids
        else {}
    )
    principals: list[int] = []
    if order.warning_at is not None:
        principals = await people_with(session, Role.PRINCIPAL_LEADER, None, problem.subdistrict_id)
    return HotlineCard(
        order_no=order.order_no,
        received_on=order.received_on,
        contact_due=order.contact_due,
        handle_due=order.handle_due,
        callback_due=order.callback_due,
        second_due=order.second_due,
        contacted_at=order.contacted_at,
        handled_at=order.handled_at,
        called_back_at=order.called_back_at,
        second_handled_at=order.second_handled_at,
        second_called_back_at=order.second_called_back_at,
        satisfaction=order.satisfaction,
        second_satisfaction=order.second_satisfaction,
        warning_at=order.warning_at,
        closed_at=order.closed_at,
        done_by={s.value: names.get(getattr(order, done_fields(s)[1]), "") for s in Step},
        principal_ids=frozenset(principals),
    )


def hotline_lines(hc: HotlineCard, locale: str, zone: str, today: date) -> list[Html]:
    """The order's lines on the card: number, state, then each step's deadline and what was done."""
    view = view_of(hc, zone)
    state = "closed" if hc.closed_at else "warning" if hc.warning_at else "open"
    lines = [
        tr(
            locale,
            "hotline-card-order",
            number=hc.order_no,
            received=hc.received_on.isoformat(),
            state=state,
        )
    ]
    answers = {Step.CALLBACK: hc.satisfaction, Step.SECOND_CALLBACK: hc.second_satisfaction}
    for step in view.steps:
        done = getattr(hc, done_fields(step)[0])
        due = view.due(step)
        if done is not None:
            answer = answers.get(step)
            lines.append(
                tr(
                    locale,
                    "hotline-card-step-done",
                    step=tr(locale, f"hotline-step-{step.value}"),
                    due=due.isoformat() if due else "-",
                    at=done.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%d %H:%M"),
                    who=hc.done_by.get(step.value, ""),
                    answer=tr(locale, f"hotline-satisfaction-{answer}") if answer else "",
                    answered="yes" if answer else "no",
                    late="yes" if due is not None and local_day(done, zone) > due else "no",  # type: ignore[operator]
                )
            )
        elif due is not None or step == rules.next_step(view):
            lines.append(
                tr(
                    locale,
                    "hotline-card-step-todo",
                    step=tr(locale, f"hotline-step-{step.value}"),
                    due=due.isoformat() if due else "-",
                    late="yes" if rules.is_overdue(view, step, today) else "no",
                )
            )
    return lines


def may_press(
    hc: HotlineCard, step: Step, viewer_id: int, owner_id: int | None, leader_id: int | None
) -> bool:
    """The card's view of `domain.hotline.may_record` (the service checks it again on the press)."""
    if viewer_id in (owner_id, leader_id):
        return True
    return step in rules.SECOND_ROUND and viewer_id in hc.principal_ids


def step_buttons(
    hc: HotlineCard | None,
    problem_id: int,
    viewer_id: int,
    owner_id: int | None,
    leader_id: int | None,
    locale: str,
    zone: str,
) -> list[tuple[str, str]]:
    """The next step's button, for the one who may record it; none once the order is closed."""
    if hc is None:
        return []
    step = rules.next_step(view_of(hc, zone))
    if step is None or not may_press(hc, step, viewer_id, owner_id, leader_id):
        return []
    data = DATA.format(verb=VERBS[step], id=problem_id, answer=ASK if step in rules.CALLBACKS else "-")
    return [(tr_text(locale, f"hotline-btn-{step.value}"), data)]


def answer_buttons(step: Step, problem_id: int, locale: str) -> list[tuple[str, str]]:
    """满意 / 基本满意 / 不满意 for a call back, and back."""
    verb = VERBS[step]
    buttons = [
        (
            tr_text(locale, f"hotline-satisfaction-{value.value}"),
            DATA.format(verb=verb, id=problem_id, answer=code),
        )
        for code, value in ANSWERS.items()
    ]
    buttons.append((tr_text(locale, "hotline-btn-back"), DATA.format(verb=verb, id=problem_id, answer=BACK)))
    return buttons
