"""Issuing a prompt sheet: stored with one target per community and sent to each community's secretaries."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select

from domain.sheets import TargetStatus
from services.calendar import cached_work_calendar
from services.sheets.config import SheetConfig, SheetError
from services.sheets.drafts import SheetDraft, validate
from services.sheets.notices import to_secretaries
from services.sheets.people import issuer
from storage.db import Database
from storage.models import Person, PromptSheet, PromptSheetDraft, PromptSheetTarget


async def create_sheet(
    db: Database, person_id: int, draft: SheetDraft, now: datetime, config: SheetConfig
) -> int:
    """Store the sheet and one target per community, and send it to each community's secretaries."""
    cal = await cached_work_calendar(db)  # read before the write transaction (SQLite: one writer)
    today = config.today(now)
    validate(draft, today, cal, config)
    async with db.session() as session:
        sub, department, refusal = await issuer(session, person_id, draft.community_ids)
        if refusal:
            raise SheetError(f"sheet-{refusal}")
        known = set(draft.community_ids)
        sheet = PromptSheet(
            subdistrict_id=sub,
            sender_id=person_id,
            department=department,
            title=draft.title.strip(),
            body=draft.body.strip(),
            due_date=draft.due,
            urgent=draft.urgent,
            urgent_reason=((draft.urgent_reason or "").strip() or None) if draft.urgent else None,
            contact=draft.contact.strip(),
            photo=draft.photo,
            latitude=draft.latitude,
            longitude=draft.longitude,
            issued_on=today,
            created_at=now,
        )
        session.add(sheet)
        await session.flush()
        targets = []
        for community_id in sorted(known):
            target = PromptSheetTarget(
                sheet_id=sheet.id,
                community_id=community_id,
                status=TargetStatus.SENT.value,
                version=1,
                due_date=draft.due,
                result_photos=[],
                updated_at=now,
            )
            session.add(target)
            targets.append(target)
        await session.flush()
        await session.execute(delete(PromptSheetDraft).where(PromptSheetDraft.person_id == person_id))
        sender = await session.scalar(select(Person.name).where(Person.id == person_id)) or ""
        await to_secretaries(session, sheet, targets, sender, now, config, event="new")
        return sheet.id
