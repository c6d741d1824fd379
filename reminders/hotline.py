"""Reminder kind of 12345 work orders (issue 18, on issue 6's engine).

`hotline-orders`: every working day (the engine keeps quiet hours, non-working days and mutes), for each order not yet
closed, its next step (`domain.hotline.next_step`):

- due today or on the next working day: a reminder to those responsible, once per order and step
  (period `<item id>:<step>:soon`);
- past its deadline: the overdue flag, once per order and step (`<item id>:<step>:late`).

Those responsible: the item's owner and its responsible leader; on a warning order also the principal leaders of its
sub-district (the warning is theirs). A second call back is due `callback_days` after the second handling (not
stored: computed here with the calendar).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from domain import hotline as rules
from domain.roles import Role
from locales import Msg
from reminders.engine import Due, ReminderKind, Slot
from services.problems.config import ProblemConfig
from services.problems.hotline import clocks_of
from services.problems.hotline_card import view_of
from services.problems.notify import OPEN_DATA
from services.problems.people import people_with
from storage.models import HotlineOrder, Problem

KIND = "hotline-orders"


async def collect_hotline(session: AsyncSession, slot: Slot) -> list[Due]:
    config = ProblemConfig.from_settings(slot.settings)
    clocks = clocks_of(config)
    soon = slot.cal.add_working_days(slot.today, 1)
    rows = await session.execute(
        select(HotlineOrder, Problem.owner_id, Problem.leader_id, Problem.subdistrict_id)
        .join(Problem, Problem.id == HotlineOrder.problem_id)
        .where(HotlineOrder.closed_at.is_(None))
        .order_by(HotlineOrder.problem_id)
    )
    principals: dict[int | None, list[int]] = {}
    dues: list[Due] = []
    for order, owner_id, leader_id, subdistrict_id in rows:
        view = view_of(order, config.timezone)
        if view.second_handled_on is not None:
            view = view_of(
                order, config.timezone, rules.callback_deadline(view.second_handled_on, clocks, slot.cal)
            )
        step = rules.next_step(view)
        due = view.due(step) if step is not None else None
        if step is None or due is None:
            continue
        if slot.today > due:
            phase, msg_id = "late", "remind-hotline-overdue"
        elif due <= soon:
            phase, msg_id = "soon", "remind-hotline-due"
        else:
            continue
        people = {p for p in (owner_id, leader_id) if p}
        if step in rules.SECOND_ROUND:
            if subdistrict_id not in principals:
                principals[subdistrict_id] = await people_with(
                    session, Role.PRINCIPAL_LEADER, None, subdistrict_id
                )
            people |= set(principals[subdistrict_id])
        args = {
            "order": order.order_no,
            "id": order.problem_id,
            "step": Msg(f"hotline-step-{step.value}"),
            "due": due.isoformat(),
        }
        buttons = (("problem-btn-open", OPEN_DATA.format(id=order.problem_id)),)
        dues += [
            Due(person_id, f"{order.problem_id}:{step.value}:{phase}", msg_id, args, buttons)
            for person_id in sorted(people)
        ]
    return dues


def _every_working_day(_slot: Slot) -> bool:
    return True  # the engine already skips non-working days


def hotline_kinds() -> list[ReminderKind]:
    return [ReminderKind(KIND, _every_working_day, collect_hotline)]
