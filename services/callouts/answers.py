"""Pressing an alert or the roll: 马上到 / 无法到场 answers, and closing a call-out with its outcome."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from domain import callouts as rules
from domain.callouts import Answer, Status
from locales import tr
from services.callouts.access import may_manage
from services.callouts.alerts import queue_roll, record_event
from services.callouts.model import (
    PREFIX,
    CalloutConfig,
    Outcome,
)
from services.callouts.views import view_of
from services.notify import reachable
from storage.db import Database
from storage.models import (
    Callout,
    CalloutTarget,
)
from storage.outbox import enqueue

# --- answering ----------------------------------------------------------------------------------------------------


async def _check(
    session: AsyncSession,
    person_id: int,
    callout_id: int,
    version: int,
    *,
    manage: bool = False,
    lock: bool = False,
) -> tuple[Outcome, Callout | None]:
    """`lock`: for a change, the row is read FOR UPDATE (on PostgreSQL an answer and a close, two closes or two
    answers' roll_seq increments wait for each other), so the status and version checked below are current."""
    callout = await session.get(Callout, callout_id, with_for_update=lock)
    if callout is None:
        return Outcome.NOT_FOUND, None
    if manage:
        if not await may_manage(session, person_id, callout):
            return Outcome.NOT_ALLOWED, callout
    else:
        target = await _target(session, callout_id, person_id)
        if target is None:
            return Outcome.NOT_CALLED, callout
    if callout.status == Status.CLOSED:
        return Outcome.CLOSED, callout
    if callout.version != version:
        return Outcome.STALE, callout
    return Outcome.OK, callout


async def _target(session: AsyncSession, callout_id: int, person_id: int) -> CalloutTarget | None:
    return (
        await session.execute(
            select(CalloutTarget).where(
                CalloutTarget.callout_id == callout_id, CalloutTarget.person_id == person_id
            )
        )
    ).scalar()


async def check_answer(db: Database, person_id: int, callout_id: int, version: int) -> Outcome:
    async with db.session() as session:
        return (await _check(session, person_id, callout_id, version))[0]


async def check_manage(db: Database, person_id: int, callout_id: int, version: int) -> Outcome:
    async with db.session() as session:
        return (await _check(session, person_id, callout_id, version, manage=True))[0]


async def answer(
    db: Database,
    person_id: int,
    callout_id: int,
    version: int,
    choice: Answer,
    now: datetime,
    config: CalloutConfig,
    reason: str | None = None,
) -> Outcome:
    """马上到, or 无法到场 with a reason; a changed mind is recorded too. Nothing changes unless the outcome is OK."""
    if choice == Answer.CANNOT:
        if not (reason or "").strip():
            return Outcome.NEED_REASON
        reason = rules.clean_text(reason, rules.MAX_REASON)
        if reason is None:
            return Outcome.TOO_LONG
    async with db.session() as session:
        outcome, callout = await _check(session, person_id, callout_id, version, lock=True)
        if outcome is not Outcome.OK:
            return outcome
        assert callout is not None
        target = await _target(session, callout_id, person_id)
        assert target is not None
        if target.answer == choice.value and choice == Answer.COMING:
            return Outcome.SAME
        target.answer = choice.value
        target.answered_at = now
        target.reason = reason if choice == Answer.CANNOT else None
        await record_event(session, callout_id, now, choice.value, person_id, reason)
        await queue_roll(session, callout, now, config)
    return Outcome.OK


# --- closing and widening -----------------------------------------------------------------------------------------


async def close(
    db: Database,
    person_id: int,
    callout_id: int,
    version: int,
    outcome_text: str | None,
    now: datetime,
    config: CalloutConfig,
) -> Outcome:
    text = rules.clean_text(outcome_text, rules.MAX_OUTCOME)
    if text is None:
        return Outcome.NEED_REASON if not (outcome_text or "").strip() else Outcome.TOO_LONG
    async with db.session() as session:
        outcome, callout = await _check(session, person_id, callout_id, version, manage=True, lock=True)
        if outcome is not Outcome.OK:
            return outcome
        assert callout is not None
        callout.status = Status.CLOSED.value
        callout.version += 1
        callout.closed_at = now
        callout.closed_by = person_id
        callout.outcome = text
        await record_event(session, callout_id, now, "closed", person_id, text)
        view = await view_of(session, callout_id)
        assert view is not None
        for _pid, chat_id, locale in await reachable(session, [t.person_id for t in view.targets]):
            loc = locale or config.default_locale
            body = tr(loc, "callout-over", id=callout_id, community=view.community, outcome=text)
            await enqueue(
                session,
                key=f"{PREFIX}:over:{callout_id}:{chat_id}",
                chat_id=chat_id,
                payload={"text": body},
                now=now,
                priority=rules.PRIORITY,
            )
        await queue_roll(session, callout, now, config)
    return Outcome.OK
