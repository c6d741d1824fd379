"""The burden count: what the sub-district asked of each community in a period (prompt sheets received, approved
meetings, people-hours asked by them, sheets overdue), and what each department issued.

A few grouped queries, whatever the number of communities; the leaders' digests call these two functions.

Counting rules (docs/prompt-sheets-meetings.md): a sheet counts in the period it was issued (`issued_on`, local
date); a meeting counts on its day when approved (a merged meeting counts once, as the meeting that was kept);
people-hours are the people requested × the meeting's length; a sheet is overdue when its due date is in the
period, has passed (before `today`), and the community had not marked it done by then.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.sheets import Burden, DepartmentBurden, MeetingStatus, TargetStatus
from storage.models import Meeting, MeetingTarget, PromptSheet, PromptSheetTarget

__all__ = ["Burden", "DepartmentBurden", "burden_by_department", "burden_counts"]


def _today(timezone: str) -> date:
    return datetime.now(ZoneInfo(timezone)).date()


async def burden_counts(
    session: AsyncSession,
    *,
    start: date,
    end: date,
    community_ids: list[int] | None,
    today: date | None = None,
    timezone: str = "Asia/Shanghai",
) -> dict[int, Burden]:
    """community id → Burden for `start`..`end` (both included); communities with nothing are left out.
    `community_ids` None means every community. `today` decides what is overdue (default: today in `timezone`)."""
    today = today or _today(timezone)
    found: dict[int, dict[str, float]] = {}

    def slot(community_id: int) -> dict[str, float]:
        return found.setdefault(community_id, {"sheets": 0, "meetings": 0, "hours": 0.0, "overdue": 0})

    received = (
        select(PromptSheetTarget.community_id, func.count())
        .join(PromptSheet, PromptSheet.id == PromptSheetTarget.sheet_id)
        .where(PromptSheet.issued_on >= start, PromptSheet.issued_on <= end)
        .group_by(PromptSheetTarget.community_id)
    )
    late = or_(
        and_(PromptSheetTarget.status != TargetStatus.DONE.value, PromptSheetTarget.due_date < today),
        and_(
            PromptSheetTarget.status == TargetStatus.DONE.value,
            PromptSheetTarget.done_on > PromptSheetTarget.due_date,
        ),
    )
    overdue = (
        select(PromptSheetTarget.community_id, func.count())
        .where(PromptSheetTarget.due_date >= start, PromptSheetTarget.due_date <= end, late)
        .group_by(PromptSheetTarget.community_id)
    )
    meetings = (
        select(
            MeetingTarget.community_id,
            func.count(),
            func.sum(MeetingTarget.people * Meeting.minutes),
        )
        .join(Meeting, Meeting.id == MeetingTarget.meeting_id)
        .where(Meeting.status == MeetingStatus.APPROVED.value, Meeting.day >= start, Meeting.day <= end)
        .group_by(MeetingTarget.community_id)
    )
    if community_ids is not None:
        received = received.where(PromptSheetTarget.community_id.in_(community_ids))
        overdue = overdue.where(PromptSheetTarget.community_id.in_(community_ids))
        meetings = meetings.where(MeetingTarget.community_id.in_(community_ids))
    for community_id, count in await session.execute(received):
        slot(community_id)["sheets"] = count
    for community_id, count in await session.execute(overdue):
        slot(community_id)["overdue"] = count
    for community_id, count, minutes in await session.execute(meetings):
        entry = slot(community_id)
        entry["meetings"] = count
        entry["hours"] = (minutes or 0) / 60
    return {
        community_id: Burden(
            prompt_sheets=int(v["sheets"]),
            meetings=int(v["meetings"]),
            people_hours=round(float(v["hours"]), 2),
            sheets_overdue=int(v["overdue"]),
        )
        for community_id, v in found.items()
    }


async def burden_by_department(
    session: AsyncSession, *, start: date, end: date
) -> dict[str, DepartmentBurden]:
    """department name → sheets issued and meetings filed / approved / declined / merged in `start`..`end`.
    Sheets count by the day issued; meetings by the meeting's day."""
    found: dict[str, dict[str, int]] = {}

    def slot(name: str) -> dict[str, int]:
        return found.setdefault(name, {})

    sheets = (
        select(PromptSheet.department, func.count())
        .where(PromptSheet.issued_on >= start, PromptSheet.issued_on <= end)
        .group_by(PromptSheet.department)
    )
    for name, count in await session.execute(sheets):
        slot(name)["sheets"] = count

    def status_sum(status: MeetingStatus):  # type: ignore[no-untyped-def]
        return func.sum(case((Meeting.status == status.value, 1), else_=0))

    meetings = (
        select(
            Meeting.department,
            func.count(),
            status_sum(MeetingStatus.APPROVED),
            status_sum(MeetingStatus.DECLINED),
            status_sum(MeetingStatus.MERGED),
        )
        .where(Meeting.day >= start, Meeting.day <= end)
        .group_by(Meeting.department)
    )
    for name, filed, approved, declined, merged in await session.execute(meetings):
        entry = slot(name)
        entry |= {"filed": filed, "approved": approved or 0, "declined": declined or 0, "merged": merged or 0}
    return {
        name: DepartmentBurden(
            sheets=v.get("sheets", 0),
            meetings_filed=v.get("filed", 0),
            meetings_approved=int(v.get("approved", 0)),
            meetings_declined=int(v.get("declined", 0)),
            meetings_merged=int(v.get("merged", 0)),
        )
        for name, v in found.items()
    }
