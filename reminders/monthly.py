"""Reminder kinds of the monthly records and of problem items (issues 4 and 5, on issue 6's engine).

- `logs-deadline`: the last month's 纪实表 — its community's secretaries (the month not yet submitted to 党群工作部)
  and the authors of its returned logs, 3 working days before the deadline, on the day, and when overdue;
- `register-deadline`: the last month's 交办登记表 — secretaries whose community has not submitted it, on the same
  days (against PROBLEM_REGISTER_DUE_DAY);
- `register-unsigned`: principal leaders with a submitted register still unsigned, on the register's deadline and
  on each first working day of a week after it;
- `problem-items`: every working day, each owner or responsible leader of an open item due within 1 working day or
  overdue, in one message.

The deadline is the configured day of the following month, or the first working day after it when that is a rest day
(domain.workcalendar.monthly_deadline: the same date the submission screen shows and the late flag uses). "Overdue" goes out on
the first working day after it and then on each first working day of a week, until the month is submitted.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import or_, select, true
from sqlalchemy.ext.asyncio import AsyncSession

from domain import worklog as log_rules
from domain.problems import OPEN_STATUSES
from domain.roles import Role
from domain.workcalendar import monthly_deadline
from domain.worklog import Status as LogStatus
from locales import Msg, MsgList
from reminders.audience import people_by_role
from reminders.engine import Due, ReminderKind, Slot
from reminders.group_notices import deadline_to_groups, overdue_to_groups
from storage.models import Community, LogMonth, Problem, ProblemRegister, WorkLog, WorkLogDraft


def last_month(slot: Slot) -> date:
    return log_rules.previous_month(log_rules.month_start(slot.today))


def deadline(slot: Slot, due_day: int) -> date:
    """Last month's deadline: `due_day` of this month, or the first working day after it when that is a rest day."""
    return monthly_deadline(last_month(slot), due_day, slot.cal)


def stage(slot: Slot, due_day: int) -> str | None:
    """t3 (3 working days before, not before the 1st), t0 (the day), overdue (the first working day after, then
    weekly), or None."""
    due = deadline(slot, due_day)
    if slot.today == due:
        return "t0"
    # Not before the month is over (the month's records are not complete yet, and in the month itself "last month"
    # is another month): a deadline moved past a long holiday gets its early reminder on the first working day.
    ahead = max(
        slot.cal.add_working_days(due, -3), slot.cal.first_working_day_on_or_after(due.replace(day=1))
    )
    if slot.today == ahead:
        return "t3"
    if slot.today > due:
        after = slot.cal.working_days_between(due, slot.today)
        first_after = next((d for d in after if d > due), None)
        week = slot.cal.working_days_of_week(slot.today)
        if slot.today == first_after or (week and week[0] == slot.today):
            return "overdue"
    return None


def _logs_due(slot: Slot) -> bool:
    return stage(slot, slot.settings.log_month_deadline_day) is not None


def _register_due(slot: Slot) -> bool:
    return stage(slot, slot.settings.problem_register_due_day) is not None


def _period(slot: Slot, which: str) -> str:
    month = last_month(slot)
    return f"{month:%Y-%m}:{which}" + (f":{slot.today.isoformat()}" if which == "overdue" else "")


def _month_args(slot: Slot, due_day: int) -> dict[str, object]:
    """The deadline people read is the one the reminders count to and the late flag uses."""
    month = last_month(slot)
    return {"year": month.year, "month": month.month, "deadline": deadline(slot, due_day).isoformat()}


async def _community_names(session: AsyncSession) -> dict[int, str]:
    return dict((await session.execute(select(Community.id, Community.name))).all())


async def collect_logs(session: AsyncSession, slot: Slot) -> list[Due]:
    which = stage(slot, slot.settings.log_month_deadline_day)
    if which is None:
        return []
    month = last_month(slot)
    args = _month_args(slot, slot.settings.log_month_deadline_day)
    submitted = set(
        (
            await session.execute(
                select(LogMonth.community_id).where(LogMonth.month == month, LogMonth.status == "submitted")
            )
        ).scalars()
    )
    names = await _community_names(session)
    late, key = set(names) - submitted, f"rem:logs-deadline:groups:{_period(slot, which)}"
    await deadline_to_groups(
        session, slot, "logs", late, deadline(slot, slot.settings.log_month_deadline_day), key
    )
    dues: list[Due] = []
    for person_id, communities in (await people_by_role(session, {Role.SECRETARY})).items():
        waiting = sorted(names[c] for c in communities if c is not None and c not in submitted)
        if waiting:
            dues.append(
                Due(
                    person_id,
                    _period(slot, which),
                    f"remind-logs-secretary-{which}",
                    {**args, "communities": MsgList(tuple(name for name in waiting))},
                )
            )
    if which != "overdue":  # authors: returned logs of the month, and drafts left unfinished
        returned: dict[int, int] = defaultdict(int)
        rows = await session.execute(
            select(WorkLog.person_id).where(
                WorkLog.status == LogStatus.RETURNED.value,
                WorkLog.work_date >= month,
                WorkLog.work_date < log_rules.next_month(month),
                WorkLog.community_id.not_in(submitted) if submitted else true(),
            )
        )
        for (person_id,) in rows:
            returned[person_id] += 1
        drafts = set((await session.execute(select(WorkLogDraft.person_id))).scalars())
        for person_id in sorted(set(returned) | drafts):
            dues.append(
                Due(
                    person_id,
                    _period(slot, which),
                    "remind-logs-author",
                    {
                        **args,
                        "returned": returned.get(person_id, 0),
                        "draft": "yes" if person_id in drafts else "no",
                    },
                )
            )
    return dues


async def collect_register(session: AsyncSession, slot: Slot) -> list[Due]:
    which = stage(slot, slot.settings.problem_register_due_day)
    if which is None:
        return []
    month = last_month(slot)
    submitted = set(
        (
            await session.execute(
                select(ProblemRegister.community_id).where(
                    ProblemRegister.year == month.year, ProblemRegister.month == month.month
                )
            )
        ).scalars()
    )
    names = await _community_names(session)
    late, key = set(names) - submitted, f"rem:register-deadline:groups:{_period(slot, which)}"
    await deadline_to_groups(
        session, slot, "register", late, deadline(slot, slot.settings.problem_register_due_day), key
    )
    args = _month_args(slot, slot.settings.problem_register_due_day)
    dues = []
    for person_id, communities in (await people_by_role(session, {Role.SECRETARY})).items():
        waiting = sorted(names[c] for c in communities if c is not None and c not in submitted)
        if waiting:
            dues.append(
                Due(
                    person_id,
                    _period(slot, which),
                    f"remind-register-{which}",
                    {**args, "communities": MsgList(tuple(name for name in waiting))},
                )
            )
    return dues


def _unsigned_due(slot: Slot) -> bool:
    due = deadline(slot, slot.settings.problem_register_due_day)
    week = slot.cal.working_days_of_week(slot.today)
    return slot.today == due or (slot.today > due and bool(week) and week[0] == slot.today)


async def collect_unsigned(session: AsyncSession, slot: Slot) -> list[Due]:
    rows = (
        await session.execute(
            select(ProblemRegister.community_id, ProblemRegister.year, ProblemRegister.month).where(
                ProblemRegister.signed_at.is_(None)
            )
        )
    ).all()
    if not rows:
        return []
    names = await _community_names(session)
    listing = MsgList(
        tuple(
            Msg(
                "remind-register-unsigned-item",
                {"community": names.get(c, ""), "period": f"{y}-{m:02d}"},
            )
            for c, y, m in sorted(rows)
        )
    )
    leaders = await people_by_role(session, {Role.PRINCIPAL_LEADER})
    return [
        Due(p, slot.today.isoformat(), "remind-register-unsigned", {"count": len(rows), "registers": listing})
        for p in leaders
    ]


async def collect_items(session: AsyncSession, slot: Slot) -> list[Due]:
    await overdue_to_groups(session, slot)  # issue 20: the work groups' robots
    soon = slot.cal.add_working_days(slot.today, 1)
    rows = await session.execute(
        select(Problem.id, Problem.description, Problem.due_date, Problem.owner_id, Problem.leader_id).where(
            Problem.status.in_([s.value for s in OPEN_STATUSES]),
            Problem.due_date.is_not(None),
            Problem.due_date <= soon,
            or_(Problem.owner_id.is_not(None), Problem.leader_id.is_not(None)),
        )
    )
    by_person: dict[int, list[Msg]] = defaultdict(list)
    for problem_id, description, due, owner, leader in rows:
        assert due is not None  # the query asks for problems with a due date
        line = Msg(
            "remind-problem-items-line",
            {
                "mark": "⚠️" if due < slot.today else "⏰",
                "id": problem_id,
                "description": description[:30],
                "due": f"{due:%m-%d}",
            },
        )
        for person in {owner, leader} - {None}:
            by_person[person].append(line)  # type: ignore[index]
    return [
        Due(
            person,
            slot.today.isoformat(),
            "remind-problem-items",
            {"count": len(lines), "lines": MsgList(tuple(lines), sep_msg_id=None)},
        )
        for person, lines in by_person.items()
    ]


def every_working_day(slot: Slot) -> bool:
    return True  # the engine already skips non-working days for non-urgent kinds


def monthly_kinds() -> list[ReminderKind]:
    return [
        ReminderKind("logs-deadline", _logs_due, collect_logs),
        ReminderKind("register-deadline", _register_due, collect_register),
        ReminderKind("register-unsigned", _unsigned_due, collect_unsigned),
        ReminderKind("problem-items", every_working_day, collect_items),
    ]
