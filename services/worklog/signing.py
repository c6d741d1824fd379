"""Signing a log: approve (with an optional opinion) or return it (with a reason); the author is told."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy.ext.asyncio import AsyncSession

from domain import worklog as rules
from domain.worklog import Status
from services.notify import send
from services.worklog.outcomes import SignOutcome
from services.worklog.signers import _signer
from services.worklog.text import author_buttons, log_card
from services.worklog.views import LogView, _view
from storage.db import Database
from storage.models import (
    WorkLog,
    WorkLogEvent,
)


class Decision(StrEnum):
    APPROVE = "approve"
    RETURN = "return"


@dataclass(frozen=True)
class SignResult:
    outcome: SignOutcome
    log: LogView | None = None


async def check_sign(db: Database, person_id: int, log_id: int, version: int | None) -> SignResult:
    """Whether this person may sign this log now (the buttons check it before asking for an opinion)."""
    async with db.session() as s:
        return await _check_sign(s, person_id, log_id, version)


async def _check_sign(session: AsyncSession, person_id: int, log_id: int, version: int | None) -> SignResult:
    log = await session.get(WorkLog, log_id)
    if log is None:
        return SignResult(SignOutcome.NOT_FOUND)
    view = await _view(session, log_id)
    if not (await _signer(session, person_id)).may_sign(log.community_id):
        return SignResult(SignOutcome.NOT_ALLOWED, view)
    if log.status in (Status.APPROVED, Status.EXCLUDED):
        return SignResult(SignOutcome.ALREADY_SIGNED, view)
    if log.status == Status.RETURNED:
        return SignResult(SignOutcome.ALREADY_RETURNED, view)
    if version is not None and version != log.version:
        return SignResult(SignOutcome.OUTDATED, view)
    return SignResult(SignOutcome.APPROVED, view)  # i.e. "may sign"


async def sign(
    db: Database,
    person_id: int,
    log_id: int,
    version: int | None,
    decision: Decision,
    note: str | None,
    *,
    now: datetime,
    default_locale: str,
) -> SignResult:
    """Approve (optional opinion) or return (reason required); final once approved; the author is told."""
    note = (note or "").strip() or None
    if decision is Decision.RETURN and not note:
        return SignResult(SignOutcome.NEED_REASON)
    if note and len(note) > rules.NOTE_MAX:
        return SignResult(SignOutcome.TOO_LONG)
    async with db.session() as s:
        log = await s.get(WorkLog, log_id, with_for_update=True)  # two signers pressing at once: one wins
        checked = await _check_sign(s, person_id, log_id, version)
        if checked.outcome is not SignOutcome.APPROVED or log is None:
            return checked
        if decision is Decision.APPROVE:
            log.status = Status.APPROVED.value
            log.opinion = note
            log.signed_by = person_id
            log.signed_at = now
            outcome, msg = SignOutcome.APPROVED, "wl-told-approved"
        else:
            log.status = Status.RETURNED.value
            outcome, msg = SignOutcome.RETURNED, "wl-told-returned"
        s.add(WorkLogEvent(log_id=log.id, at=now, person_id=person_id, action=outcome.value, note=note))
        await s.flush()
        s.expire(log)
        view = await _view(s, log_id, with_events=True)
        await _tell_author(s, view, msg, now, default_locale)
    return SignResult(outcome, view)


async def _tell_author(
    session: AsyncSession, view: LogView, msg_id: str, now: datetime, default_locale: str
) -> None:
    await send(
        session,
        {view.person_id},
        key=f"worklog:{view.id}:v{view.version}:{view.status.value}",
        now=now,
        default_locale=default_locale,
        render=lambda _, locale: (log_card(locale, view, heading=msg_id), author_buttons(locale, view)),
    )


async def approve_all(
    db: Database, person_id: int, log_ids: Sequence[int], *, now: datetime, default_locale: str
) -> tuple[int, int]:
    """Approve the logs shown on the page (opinion left empty); returns (approved, skipped)."""
    approved = skipped = 0
    for log_id in log_ids:
        result = await sign(
            db, person_id, log_id, None, Decision.APPROVE, None, now=now, default_locale=default_locale
        )
        if result.outcome is SignOutcome.APPROVED:
            approved += 1
        else:
            skipped += 1
    return approved, skipped
