"""A prompt sheet being written: its fields, the half-written sheet kept until it is sent or discarded, and the
checks it must pass before it is sent."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import delete

from domain import sheets as rules
from services.sheets.config import SheetConfig, SheetError
from storage.db import Database
from storage.models import PromptSheetDraft


@dataclass
class SheetDraft:
    title: str
    body: str
    community_ids: list[int]
    due: date
    contact: str
    urgent: bool = False
    urgent_reason: str | None = None
    photo: str | None = None
    latitude: float | None = None
    longitude: float | None = None


DRAFT_KEYS = (
    "title",
    "body",
    "communities",
    "due",
    "urgent",
    "urgent_reason",
    "contact",
    "photo",
    "lat",
    "lon",
)


async def load_draft(db: Database, person_id: int) -> dict | None:
    async with db.session() as session:
        draft = await session.get(PromptSheetDraft, person_id)
        return dict(draft.data) if draft else None


async def save_draft(db: Database, person_id: int, data: dict, now: datetime) -> None:
    """The fields of a sheet being written (DRAFT_KEYS), kept until it is sent or discarded."""
    kept = {k: data[k] for k in DRAFT_KEYS if data.get(k) is not None}
    async with db.session() as session:
        draft = await session.get(PromptSheetDraft, person_id)
        if draft is None:
            session.add(PromptSheetDraft(person_id=person_id, data=kept, updated_at=now))
        else:
            draft.data, draft.updated_at = kept, now


async def discard_draft(db: Database, person_id: int) -> None:
    async with db.session() as session:
        await session.execute(delete(PromptSheetDraft).where(PromptSheetDraft.person_id == person_id))


def check_body(body: str, config: SheetConfig) -> None:
    if not body.strip():
        raise SheetError("sheet-body-empty")
    if rules.text_too_long(body.strip(), config.text_limit):
        raise SheetError(
            "sheet-body-too-long",
            count=len(body.strip()),
            limit=config.text_limit,
            over=len(body.strip()) - config.text_limit,
        )


def check_due(due: date, today: date, cal: object, *, urgent: bool, config: SheetConfig) -> None:
    problem = rules.check_due(due, today, cal, urgent=urgent, lead=config.lead_days)  # type: ignore[arg-type]
    if problem is not None:
        earliest = rules.first_due(today, cal, urgent=urgent, lead=config.lead_days)  # type: ignore[arg-type]
        raise SheetError(f"sheet-due-{problem.value}", earliest=earliest.isoformat(), lead=config.lead_days)


def validate(draft: SheetDraft, today: date, cal: object, config: SheetConfig) -> None:
    if rules.clean_text(draft.title, rules.TITLE_MAX) is None:
        raise SheetError("sheet-title-bad", max=rules.TITLE_MAX)
    check_body(draft.body, config)
    if not draft.community_ids:
        raise SheetError("sheet-no-communities")
    if draft.urgent and rules.clean_text(draft.urgent_reason, rules.URGENT_REASON_MAX) is None:
        raise SheetError("sheet-urgent-reason-needed", max=rules.URGENT_REASON_MAX)
    check_due(draft.due, today, cal, urgent=draft.urgent, config=config)
    if rules.clean_text(draft.contact, rules.CONTACT_MAX) is None:
        raise SheetError("sheet-contact-bad", max=rules.CONTACT_MAX)
    if draft.photo and draft.latitude is not None:
        raise SheetError("sheet-one-attachment")
