"""The sender's view of their prompt sheets: the latest ones with their counts, and each community's state of one."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import case, func, select

from domain import sheets as rules
from domain.sheets import TargetStatus
from services.sheets.config import SheetConfig, SheetError
from services.sheets.notices import sheet_card
from storage.db import Database
from storage.models import Community, Person, PromptSheet, PromptSheetTarget


@dataclass(frozen=True)
class SheetLine:
    id: int
    title: str
    due_date: date
    total: int
    done: int
    questions: int


async def my_sheets(db: Database, person_id: int, limit: int = 20) -> list[SheetLine]:
    """The person's latest sheets, with how many communities are done and how many asked a question."""
    async with db.session() as session:
        done = func.sum(case((PromptSheetTarget.status == TargetStatus.DONE.value, 1), else_=0))
        asked = func.sum(case((PromptSheetTarget.status == TargetStatus.QUESTION.value, 1), else_=0))
        rows = await session.execute(
            select(
                PromptSheet.id,
                PromptSheet.title,
                PromptSheet.due_date,
                func.count(PromptSheetTarget.id),
                done,
                asked,
            )
            .join(PromptSheetTarget, PromptSheetTarget.sheet_id == PromptSheet.id)
            .where(PromptSheet.sender_id == person_id)
            .group_by(PromptSheet.id, PromptSheet.title, PromptSheet.due_date)
            .order_by(PromptSheet.id.desc())
            .limit(limit)
        )
        return [SheetLine(r[0], r[1], r[2], r[3], int(r[4] or 0), int(r[5] or 0)) for r in rows]


@dataclass(frozen=True)
class CommunityState:
    target_id: int
    community: str
    status: str
    result: str | None
    photos: int
    question: str | None
    answer: str | None
    overdue: bool
    photo_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class SheetStatus:
    id: int
    title: str
    due_date: date
    card: str
    communities: list[CommunityState] = field(default_factory=list)


async def sheet_status(
    db: Database, person_id: int, sheet_id: int, now: datetime, config: SheetConfig, locale: str
) -> SheetStatus:
    """Each community's state of the sheet; only its sender may see it."""
    today = config.today(now)
    async with db.session() as session:
        sheet = await session.get(PromptSheet, sheet_id)
        if sheet is None or sheet.sender_id != person_id:
            raise SheetError("sheet-not-found")
        sender = await session.scalar(select(Person.name).where(Person.id == sheet.sender_id)) or ""
        rows = await session.execute(
            select(PromptSheetTarget, Community.name)
            .join(Community, Community.id == PromptSheetTarget.community_id)
            .where(PromptSheetTarget.sheet_id == sheet_id)
            .order_by(Community.id)
        )
        states = [
            CommunityState(
                t.id,
                name,
                t.status,
                t.result,
                len(t.result_photos or []),
                t.question,
                t.answer,
                rules.is_overdue(t.due_date, t.status, t.done_on, today),
                tuple(t.result_photos or ()),
            )
            for t, name in rows.all()
        ]
        return SheetStatus(sheet.id, sheet.title, sheet.due_date, sheet_card(locale, sheet, sender), states)
