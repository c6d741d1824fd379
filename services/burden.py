"""The burden count: what the sub-district asked of each community in a period (prompt sheets received, approved
meetings, people-hours asked by them, sheets overdue), and what each department issued.

A few grouped queries, whatever the number of communities; the leaders' digests call these two functions.

Counting rules (docs/prompt-sheets-meetings.md): a sheet counts in the period it was issued (`issued_on`, local
date); a meeting counts on its day when approved (a merged meeting counts once, as the meeting that was kept);
people-hours are the people requested × the meeting's length; a sheet is overdue when its due date is in the
period, has passed (before `today`), and the community had not marked it done by then.
"""

from __future__ import annotations

from dataclasses import astuple
from datetime import date

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.sheets import Burden, DepartmentBurden, MeetingStatus, TargetStatus
from storage.models import Meeting, MeetingTarget, PromptSheet, PromptSheetTarget

__all__ = ["Burden", "DepartmentBurden", "burden_by_department", "burden_counts", "departments_in"]


async def burden_counts(
    session: AsyncSession,
    *,
    start: date,
    end: date,
    community_ids: list[int] | None,
    today: date,
) -> dict[int, Burden]:
    """community id → Burden for `start`..`end` (both included); communities with nothing are left out.
    `community_ids` None means every community. `today` (the bot's clock, local) decides what is overdue."""
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
) -> dict[int | None, dict[str, DepartmentBurden]]:
    """sub-district id → department name → sheets issued and meetings filed / approved / declined / merged in
    `start`..`end`: a department is named within its sub-district (two sub-districts may both have a 城管科). Sheets
    count by the day issued; meetings by the meeting's day. See `departments_in` for one reader's share."""
    found: dict[tuple[int | None, str], dict[str, int]] = {}

    def slot(key: tuple[int | None, str]) -> dict[str, int]:
        return found.setdefault(key, {})

    sheets = (
        select(PromptSheet.subdistrict_id, PromptSheet.department, func.count())
        .where(PromptSheet.issued_on >= start, PromptSheet.issued_on <= end)
        .group_by(PromptSheet.subdistrict_id, PromptSheet.department)
    )
    for sub, name, count in await session.execute(sheets):
        slot((sub, name))["sheets"] = count

    def status_sum(status: MeetingStatus):
        return func.sum(case((Meeting.status == status.value, 1), else_=0))

    meetings = (
        select(
            Meeting.subdistrict_id,
            Meeting.department,
            func.count(),
            status_sum(MeetingStatus.APPROVED),
            status_sum(MeetingStatus.DECLINED),
            status_sum(MeetingStatus.MERGED),
        )
        .where(Meeting.day >= start, Meeting.day <= end)
        .group_by(Meeting.subdistrict_id, Meeting.department)
    )
    for sub, name, filed, approved, declined, merged in await session.execute(meetings):
        entry = slot((sub, name))
        entry |= {"filed": filed, "approved": approved or 0, "declined": declined or 0, "merged": merged or 0}
    by_subdistrict: dict[int | None, dict[str, DepartmentBurden]] = {}
    for (sub, name), v in found.items():
        by_subdistrict.setdefault(sub, {})[name] = DepartmentBurden(
            sheets=v.get("sheets", 0),
            meetings_filed=v.get("filed", 0),
            meetings_approved=int(v.get("approved", 0)),
            meetings_declined=int(v.get("declined", 0)),
            meetings_merged=int(v.get("merged", 0)),
        )
    return by_subdistrict


def departments_in(
    by_subdistrict: dict[int | None, dict[str, DepartmentBurden]], subdistrict_id: int | None
) -> dict[str, DepartmentBurden]:
    """One reader's departments: those of their sub-district and those tied to none. A reader tied to no
    sub-district (a deployment of one) sees every sub-district's, the same names added together."""
    shown = by_subdistrict if subdistrict_id is None else {
        sub: found for sub, found in by_subdistrict.items() if sub in (subdistrict_id, None)
    }  # fmt: skip
    total: dict[str, DepartmentBurden] = {}
    for departments in shown.values():
        for name, burden in departments.items():
            total[name] = (
                DepartmentBurden(*(a + b for a, b in zip(astuple(total[name]), astuple(burden), strict=True)))
                if name in total
                else burden
            )
    return total
