"""The answers to a prompt sheet: a secretary's 已收到 / 已完成 / 有疑问 and the sender's answer to a question, each
checked against the community's state and version before anything is written."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from domain import sheets as rules
from domain.sheets import SheetVerb
from services.sheets.buttons import Button
from services.sheets.config import SheetConfig, SheetError
from services.sheets.notices import sheet_card, to_secretaries, to_sender
from services.sheets.people import is_secretary_of
from storage.db import Database
from storage.models import Community, Person, PromptSheet, PromptSheetTarget


@dataclass(frozen=True)
class TargetView:
    id: int
    sheet_id: int
    community_id: int
    community: str
    status: str
    version: int
    title: str
    sender_id: int
    card: str = ""
    question: str | None = None
    answer: str | None = None


async def _community_name(session: AsyncSession, community_id: int) -> str:
    return await session.scalar(select(Community.name).where(Community.id == community_id)) or ""


async def _locked_target(session: AsyncSession, target_id: int) -> PromptSheetTarget | None:
    return await session.scalar(
        select(PromptSheetTarget).where(PromptSheetTarget.id == target_id).with_for_update()
    )


async def check_press(db: Database, person_id: int, button: Button) -> TargetView:
    """Who may press this button now: raises SheetError (a clear answer, nothing changes) otherwise."""
    async with db.session() as session:
        target = await session.get(PromptSheetTarget, button.target_id)
        sheet = await session.get(PromptSheet, target.sheet_id) if target else None
        if target is None or sheet is None:
            raise SheetError("sheet-not-found")
        await _check(session, person_id, sheet, target, button.verb, button.version)
        return await _view(session, sheet, target, "zh-CN")


async def _check(
    session: AsyncSession,
    person_id: int,
    sheet: PromptSheet,
    target: PromptSheetTarget,
    verb: SheetVerb,
    version: int,
) -> None:
    if verb == SheetVerb.ANSWER:
        if person_id != sheet.sender_id:
            raise SheetError("sheet-not-sender")
    elif not await is_secretary_of(session, person_id, target.community_id):
        raise SheetError("sheet-not-your-community")
    if target.version != version or target.status not in rules.SHEET_FROM[verb]:
        raise SheetError("sheet-stale", status=target.status)


async def _view(
    session: AsyncSession, sheet: PromptSheet, target: PromptSheetTarget, locale: str
) -> TargetView:
    sender = await session.scalar(select(Person.name).where(Person.id == sheet.sender_id)) or ""
    community = await _community_name(session, target.community_id)
    return TargetView(
        id=target.id,
        sheet_id=sheet.id,
        community_id=target.community_id,
        community=community,
        status=target.status,
        version=target.version,
        title=sheet.title,
        sender_id=sheet.sender_id,
        card=sheet_card(locale, sheet, sender, community),
        question=target.question,
        answer=target.answer,
    )


async def respond(
    db: Database,
    person_id: int,
    button: Button,
    now: datetime,
    config: SheetConfig,
    *,
    note: str | None = None,
    photos: list[str] | None = None,
    locale: str = "zh-CN",
) -> TargetView:
    """A secretary's 已收到 / 已完成 (result, photos) / 有疑问 (question), or the sender's answer to a question."""
    clean = rules.clean_text(note, rules.NOTE_MAX)
    if button.verb != SheetVerb.RECEIVE and clean is None:
        raise SheetError("sheet-note-bad", max=rules.NOTE_MAX)
    if photos and len(photos) > rules.MAX_RESULT_PHOTOS:
        raise SheetError("sheet-too-many-photos", max=rules.MAX_RESULT_PHOTOS)
    async with db.session() as session:
        target = await _locked_target(session, button.target_id)
        sheet = await session.get(PromptSheet, target.sheet_id) if target else None
        if target is None or sheet is None:
            raise SheetError("sheet-not-found")
        await _check(session, person_id, sheet, target, button.verb, button.version)
        target.status = rules.SHEET_TO[button.verb].value
        target.version += 1
        target.updated_at = now
        if button.verb == SheetVerb.RECEIVE:
            target.received_at = now
        elif button.verb == SheetVerb.DONE:
            target.result = clean
            target.result_photos = list(photos or [])
            target.done_on = config.today(now)
            target.done_by = person_id
            target.received_at = target.received_at or now
        elif button.verb == SheetVerb.ASK:
            target.question = clean
            target.answer = None
            target.received_at = target.received_at or now
        else:
            target.answer = clean
        await session.flush()
        sender = await session.scalar(select(Person.name).where(Person.id == sheet.sender_id)) or ""
        actor = await session.scalar(select(Person.name).where(Person.id == person_id)) or ""
        community = await _community_name(session, target.community_id)
        if button.verb == SheetVerb.ANSWER:
            await to_secretaries(session, sheet, [target], sender, now, config, event="answer")
        elif button.verb in (SheetVerb.DONE, SheetVerb.ASK):
            await to_sender(session, sheet, target, community, actor, now, config)
        return await _view(session, sheet, target, locale)
