"""Reminder kind `assessment-unrated`: raters (leaders in charge, community secretaries) who still have cadres
unrated for the open quarter, ASSESSMENT_LEAD working days before its rating window closes and on the window's last
working day, in one message each naming whom (issue 7)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from domain import assessment as rules
from domain.assessment import Period
from domain.phases import Feature
from locales import MsgList
from reminders.engine import Due, ReminderKind, Slot
from reports.scorecard_text import period_label
from services.assessment import unrated_by_rater
from services.phases import inactive_communities
from services.scorecards import formula_from

NAMES_SHOWN = 10


def _window(slot: Slot) -> tuple[Period, int]:
    grace = formula_from(slot.settings.assessment_config).grace_days
    return rules.rating_quarter(slot.today, grace), grace


def reminder_days(slot: Slot) -> tuple[str, ...]:
    """The days the reminder goes out for the open quarter: (ahead, last), as ISO dates."""
    quarter, grace = _window(slot)
    last = slot.cal.last_working_day_on_or_before(rules.window_closes(quarter, grace))
    return slot.cal.add_working_days(last, -slot.settings.assessment_lead).isoformat(), last.isoformat()


def unrated_due(slot: Slot) -> bool:
    return slot.today.isoformat() in reminder_days(slot)


async def collect_unrated(session: AsyncSession, slot: Slot) -> list[Due]:
    quarter, grace = _window(slot)
    which = "last" if slot.today.isoformat() == reminder_days(slot)[1] else "ahead"
    dues = []
    # Issue 17: cadres of communities whose phase PHASE_FEATURES leaves out of the assessment are not asked about.
    skip = await inactive_communities(session, Feature.ASSESSMENT, slot.settings.phase_features, slot.today)
    for rater_id, everyone in (await unrated_by_rater(session, quarter)).items():
        unrated = [r for r in everyone if r.community_id not in skip]
        if not unrated:
            continue
        names = MsgList(tuple(r.name for r in unrated[:NAMES_SHOWN]))  # 、 or ", " by the reader's locale
        dues.append(
            Due(
                rater_id,
                f"{quarter.key}:{which}",
                "remind-assessment-unrated",
                {
                    # the quarter's label in Chinese; the English text names the quarter itself
                    "quarter": period_label(quarter, "zh-CN"),
                    "year": quarter.year,
                    "number": quarter.number,
                    "closes": rules.window_closes(quarter, grace).isoformat(),
                    "count": len(unrated),
                    "names": names,
                    "more": "…" if len(unrated) > NAMES_SHOWN else "",
                },
            )
        )
    return dues


def assessment_kinds() -> list[ReminderKind]:
    return [ReminderKind("assessment-unrated", unrated_due, collect_unrated)]
