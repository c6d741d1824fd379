"""The reminder kinds of issue 6. Each is a schedule (`is_due`) and a query (`collect`); see `reminders.engine`.

Adding a kind (e.g. the monthly grid work logs of issue 4 or the problem register of issue 5) is one `collect`
function and one `ReminderKind(...)` line in `all_kinds()`, plus its messages in locales/*/reminders.ftl.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.attendance import required_days, shortfall
from domain.phases import Feature
from domain.roles import Role
from domain.workcalendar import week_id
from locales import Msg, MsgList
from reminders.audience import people_by_role as people_by_role
from reminders.engine import Due, ReminderKind, Slot
from services.attendance import CadreWeek, weekly_tally
from services.phases import inactive_communities
from storage.models import Community

MILESTONE_KINDS = ("quarterly", "half_year", "year_end")
CALENDAR_FILE_CALLBACK = "adm:cal"  # opens the holiday file step (dialogs.buttons.AdminButton)


# --- schedules -------------------------------------------------------------------------------------------------


def nth_working_day_of_week(slot: Slot, n: int) -> date | None:
    days = slot.cal.working_days_of_week(slot.today)
    return days[n - 1] if len(days) >= n else None


def midweek_due(slot: Slot) -> bool:
    """The third working day of the week, unless it is also the last (then the last-day nudge says it)."""
    days = slot.cal.working_days_of_week(slot.today)
    return len(days) > 3 and days[2] == slot.today


def last_working_day_due(slot: Slot) -> bool:
    days = slot.cal.working_days_of_week(slot.today)
    return bool(days) and days[-1] == slot.today


def first_working_day_due(slot: Slot) -> bool:
    days = slot.cal.working_days_of_week(slot.today)
    return bool(days) and days[0] == slot.today


def milestones(slot: Slot) -> list[tuple[date, str]]:
    """The configured assessment dates of this year (ASSESSMENT_DATES, MM-DD:kind); bad entries are skipped."""
    found = []
    for entry in slot.settings.assessment_dates.split(","):
        when, _, kind = entry.strip().partition(":")
        try:
            month, day = (int(x) for x in when.split("-"))
            found.append((date(slot.today.year, month, day), kind.strip() or "quarterly"))
        except ValueError:
            continue
    return found


def assessment_days(slot: Slot) -> list[tuple[date, date, str, str]]:
    """(reminder day, milestone date, milestone kind, which) for each milestone: `lead` working days before, and its last working
    day on or before the date."""
    result = []
    for when, kind in milestones(slot):
        on_day = slot.cal.last_working_day_on_or_before(when)
        ahead = slot.cal.add_working_days(on_day, -slot.settings.assessment_lead)
        result.append((ahead, when, kind, "ahead"))
        result.append((on_day, when, kind, "day"))
    return result


def assessment_due(slot: Slot) -> bool:
    return any(day == slot.today for day, _, _, _ in assessment_days(slot))


def next_year_missing_due(slot: Slot) -> bool:
    """From 1 November, while next year's calendar is unknown: the first working day on or after 1 November, then
    the first working day of each week."""
    if slot.today.month < 11 or slot.cal.knows(slot.today.year + 1):
        return False
    first_in_november = slot.cal.working_days_between(
        date(slot.today.year, 11, 1), date(slot.today.year, 11, 14)
    )
    return first_working_day_due(slot) or (bool(first_in_november) and first_in_november[0] == slot.today)


def this_year_missing_due(slot: Slot) -> bool:
    """The calendar of this very year is unknown: Monday–Friday is assumed; say so on the week's first working day
    (and on the first day it is noticed)."""
    return not slot.cal.knows(slot.today.year)


# --- queries ---------------------------------------------------------------------------------------------------


async def _counted(session: AsyncSession, slot: Slot, days: list[date]) -> list[CadreWeek]:
    """The paired cadres' tally, without the communities whose phase PHASE_FEATURES leaves out of attendance."""
    skip = await inactive_communities(session, Feature.ATTENDANCE, slot.settings.phase_features, slot.today)
    return [c for c in await weekly_tally(session, days) if c.community_id not in skip]


async def collect_midweek(session: AsyncSession, slot: Slot) -> list[Due]:
    week = slot.cal.working_days_of_week(slot.today)
    so_far = [d for d in week if d <= slot.today]
    need = required_days(len(week))
    return [
        Due(c.person_id, week_id(slot.today), "remind-attendance-midweek", {"required": need})
        for c in await _counted(session, slot, so_far)
        if c.done == 0
    ]


async def collect_last_day(session: AsyncSession, slot: Slot) -> list[Due]:
    week = slot.cal.working_days_of_week(slot.today)
    need = required_days(len(week))
    return [
        Due(
            c.person_id,
            week_id(slot.today),
            "remind-attendance-last-day",
            {"done": c.done, "required": need, "missing": shortfall(c.done, len(week))},
        )
        for c in await _counted(session, slot, week)
        if shortfall(c.done, len(week))
    ]


async def collect_summary(session: AsyncSession, slot: Slot) -> list[Due]:
    """Last week's shortfalls, per community, to its secretaries and the leaders in charge of it."""
    last_monday = slot.cal.week_of(slot.today) - timedelta(days=7)
    week = slot.cal.working_days_of_week(last_monday)
    if not week:
        return []
    tally = await _counted(session, slot, week)
    if not tally:
        return []
    need = required_days(len(week))
    by_community: dict[int, list] = defaultdict(list)
    for cadre in tally:
        by_community[cadre.community_id].append(cadre)
    names = dict((await session.execute(select(Community.id, Community.name))).all())
    readers = await people_by_role(session, {Role.SECRETARY, Role.LEADER_IN_CHARGE}, set(by_community))
    dues = []
    for person_id, communities in readers.items():
        lines, short_total = [], 0
        for community_id in sorted(c for c in communities if c in by_community):
            cadres = by_community[community_id]
            short = [c for c in cadres if c.done < need]
            short_total += len(short)
            flagged = [c for c in cadres if c.done < need or c.outside]
            detail = MsgList(
                tuple(
                    Msg(
                        "remind-attendance-summary-cadre",
                        {"name": c.name, "done": c.done, "required": need, "outside": c.outside},
                    )
                    for c in flagged
                )
            )
            lines.append(
                Msg(
                    "remind-attendance-summary-line",
                    {
                        "community": names.get(community_id, ""),
                        "cadres": len(cadres),
                        "short": len(short),
                        "names": detail if flagged else Msg("remind-attendance-summary-nobody"),
                    },
                )
            )
        if not lines:
            continue
        dues.append(
            Due(
                person_id,
                week_id(last_monday),
                "remind-attendance-summary",
                {
                    "week": week_id(last_monday),
                    "required": need,
                    "short": short_total,
                    "lines": MsgList(tuple(lines), sep_msg_id=None),
                },
            )
        )
    return dues


async def collect_assessment(session: AsyncSession, slot: Slot) -> list[Due]:
    todays = [(when, kind, which) for day, when, kind, which in assessment_days(slot) if day == slot.today]
    if not todays:
        return []
    readers = await people_by_role(session, {Role.SECRETARY, Role.LEADER_IN_CHARGE, Role.PRINCIPAL_LEADER})
    return [
        Due(
            person_id,
            f"{when.isoformat()}:{which}",
            f"remind-assessment-{which}",
            {"milestone": kind, "month": when.month, "day": when.day},
        )
        for when, kind, which in todays
        for person_id in readers
    ]


async def _admins(session: AsyncSession) -> list[int]:
    return list(await people_by_role(session, {Role.ADMIN}))


async def collect_next_year(session: AsyncSession, slot: Slot) -> list[Due]:
    year = slot.today.year + 1
    return [
        Due(
            p,
            f"{year}:{week_id(slot.today)}",
            "remind-calendar-next-year",
            {"year": str(year)},
            buttons=(("remind-calendar-open", CALENDAR_FILE_CALLBACK),),
        )
        for p in await _admins(session)
    ]


async def collect_fallback(session: AsyncSession, slot: Slot) -> list[Due]:
    year = slot.today.year
    return [
        Due(p, f"{year}:{week_id(slot.today)}", "remind-calendar-fallback", {"year": str(year)})
        for p in await _admins(session)
    ]


def all_kinds() -> list[ReminderKind]:
    from reminders.assessment import assessment_kinds  # issue 7: raters with cadres unrated
    from reminders.digests import digest_kinds  # the leaders' digests of issue 7
    from reminders.hotline import hotline_kinds  # issue 18: 12345 work orders due soon or overdue
    from reminders.monthly import monthly_kinds  # the records of issues 4 and 5
    from reminders.sheets import sheet_kinds  # issue 8: prompt sheets overdue or due soon

    return [
        ReminderKind("attendance-midweek", midweek_due, collect_midweek),
        ReminderKind("attendance-last-day", last_working_day_due, collect_last_day),
        ReminderKind("attendance-summary", first_working_day_due, collect_summary),
        ReminderKind("assessment", assessment_due, collect_assessment),
        ReminderKind("calendar-next-year", next_year_missing_due, collect_next_year),
        ReminderKind("calendar-fallback", this_year_missing_due, collect_fallback),
        *monthly_kinds(),
        *digest_kinds(),
        *assessment_kinds(),
        *sheet_kinds(),
        *hotline_kinds(),
    ]
