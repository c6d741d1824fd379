"""Reminder kind of work prompt sheets (issue 8, on issue 6's engine).

`prompt-sheets`: every working day, each community secretary whose community has a sheet not yet done that is
overdue or due within 1 working day, in one message; a sheet waiting on the sender's answer to the community's
question is not the secretary's to move, so it reminds its sender instead (every question not yet answered).
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.roles import Role
from domain.sheets import TargetStatus
from locales import Msg, MsgList
from reminders.audience import people_by_role
from reminders.engine import Due, ReminderKind, Slot
from storage.models import Community, PromptSheet, PromptSheetTarget


async def collect_sheets(session: AsyncSession, slot: Slot) -> list[Due]:
    soon = slot.cal.add_working_days(slot.today, 1)
    rows = await session.execute(
        select(
            PromptSheet.id,
            PromptSheet.title,
            PromptSheetTarget.due_date,
            PromptSheetTarget.community_id,
            Community.name,
        )
        .join(PromptSheet, PromptSheet.id == PromptSheetTarget.sheet_id)
        .join(Community, Community.id == PromptSheetTarget.community_id)
        .where(
            PromptSheetTarget.status.not_in([TargetStatus.DONE.value, TargetStatus.QUESTION.value]),
            PromptSheetTarget.due_date <= soon,
        )
        .order_by(PromptSheetTarget.due_date, PromptSheet.id)
    )
    by_community: dict[int, list[Msg]] = defaultdict(list)
    for sheet_id, title, due, community_id, community in rows:
        by_community[community_id].append(
            Msg(
                "remind-prompt-sheets-line",
                {
                    "mark": "⚠️" if due < slot.today else "⏰",
                    "id": sheet_id,
                    "title": title[:30],
                    "community": community,
                    "due": f"{due:%m-%d}",
                },
            )
        )
    dues = await _questions_waiting(session, slot)
    if not by_community:
        return dues
    for person_id, communities in (
        await people_by_role(session, {Role.SECRETARY}, set(by_community))
    ).items():
        lines = [
            line for c in sorted(x for x in communities if x is not None) for line in by_community.get(c, [])
        ]
        if lines:
            dues.append(
                Due(
                    person_id,
                    slot.today.isoformat(),
                    "remind-prompt-sheets",
                    {"count": len(lines), "lines": MsgList(tuple(lines), sep_msg_id=None)},
                )
            )
    return dues


async def _questions_waiting(session: AsyncSession, slot: Slot) -> list[Due]:
    """Each sender with questions from communities still unanswered, oldest first."""
    rows = await session.execute(
        select(PromptSheet.sender_id, PromptSheet.id, PromptSheet.title, Community.name)
        .select_from(PromptSheetTarget)
        .join(PromptSheet, PromptSheet.id == PromptSheetTarget.sheet_id)
        .join(Community, Community.id == PromptSheetTarget.community_id)
        .where(PromptSheetTarget.status == TargetStatus.QUESTION.value)
        .order_by(PromptSheetTarget.updated_at, PromptSheet.id)
    )
    by_sender: dict[int, list[Msg]] = defaultdict(list)
    for sender_id, sheet_id, title, community in rows:
        by_sender[sender_id].append(
            Msg(
                "remind-sheet-questions-line",
                {"id": sheet_id, "title": title[:30], "community": community},
            )
        )
    return [
        Due(sender_id, f"{slot.today.isoformat()}:questions", "remind-sheet-questions", {
            "count": len(lines), "lines": MsgList(tuple(lines), sep_msg_id=None)
        })
        for sender_id, lines in by_sender.items()
    ]  # fmt: skip


def _every_working_day(_slot: Slot) -> bool:
    return True  # the engine already skips non-working days


def sheet_kinds() -> list[ReminderKind]:
    return [ReminderKind("prompt-sheets", _every_working_day, collect_sheets)]
