"""Submitting a log (or resubmitting a returned one): the checks, the stored log and the signers asked to sign."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from domain import worklog as rules
from domain.worklog import Status, Task
from services.notify import send
from services.worklog.authors import Author, author
from services.worklog.outcomes import Refusal
from services.worklog.signers import signers_of
from services.worklog.text import log_card, sign_buttons
from services.worklog.views import LogView, _view
from storage.db import Database
from storage.models import (
    LogMonth,
    Problem,
    WorkLog,
    WorkLogDraft,
    WorkLogEvent,
    WorkLogPhoto,
)


async def locked_months(session: AsyncSession, community_id: int) -> list[date]:
    rows = await session.execute(
        select(LogMonth.month).where(LogMonth.community_id == community_id, LogMonth.status == "submitted")
    )
    return list(rows.scalars())


@dataclass
class Photo:
    file_id: str
    file_unique_id: str
    local_path: str | None = None


@dataclass
class LogInput:
    work_date: date
    grid_id: int
    categories: list[Task]
    households: int
    content: str
    addresses: str | None = None
    problem_ids: list[int] = field(default_factory=list)  # reported from this log through the problem flow
    photos: list[Photo] = field(default_factory=list)

    @classmethod
    def from_draft(cls, data: dict[str, Any]) -> LogInput:
        return cls(
            work_date=date.fromisoformat(data["date"]),
            grid_id=int(data["grid_id"]),
            categories=[Task(c) for c in data.get("categories", [])],
            households=int(data["households"]),
            content=data["content"],
            addresses=data.get("addresses") or None,
            problem_ids=[int(i) for i in data.get("problem_ids", [])],
            photos=[Photo(**p) for p in data.get("photos", [])],
        )


@dataclass(frozen=True)
class Submitted:
    log_id: int | None = None
    refusal: Refusal | None = None
    signers: int = 0  # how many people were told to sign


def check_input(
    item: LogInput, who: Author, today: date, backdate_days: int, locked: Sequence[date]
) -> Refusal | None:
    if who.deployment is None:
        return Refusal.NOT_ALLOWED
    grid = who.grid(item.grid_id)
    if grid is None:
        return Refusal.GRID_OUTSIDE
    problem = rules.check_work_date(item.work_date, today, backdate_days, locked)
    if problem is not None:
        return Refusal(problem.value)
    if not item.categories:
        return Refusal.NO_CATEGORY
    if rules.check_text(item.content, minimum=rules.CONTENT_MIN, maximum=rules.CONTENT_MAX):
        return Refusal.CONTENT
    if len(item.addresses or "") > rules.ADDRESSES_MAX:
        return Refusal.TOO_LONG
    if not 0 <= item.households <= rules.HOUSEHOLDS_MAX:
        return Refusal.CONTENT
    if len(item.photos) > rules.PHOTOS_MAX:
        return Refusal.TOO_MANY_PHOTOS
    return None


async def submit_log(
    db: Database,
    person_id: int,
    item: LogInput,
    *,
    now: datetime,
    tz: ZoneInfo,
    backdate_days: int,
    default_locale: str,
    log_id: int | None = None,
) -> Submitted:
    """Store a new log (or, with `log_id`, resubmit a returned one), drop the draft and ask the signers to sign."""
    who = await author(db, person_id)
    today = now.astimezone(tz).date()
    async with db.session() as s:
        grid = who.grid(item.grid_id)
        locked = await locked_months(s, grid.community_id) if grid else []
        refusal = check_input(item, who, today, backdate_days, locked)
        if refusal is None and log_id is not None:
            existing = await s.get(WorkLog, log_id, with_for_update=True)
            if existing is None or existing.person_id != person_id:
                refusal = Refusal.NOT_FOUND
            elif existing.status != Status.RETURNED:
                refusal = Refusal.NOT_RETURNED
        if refusal is not None:
            return Submitted(refusal=refusal)
        assert grid is not None and who.deployment is not None
        fields = dict(
            community_id=grid.community_id,
            grid_id=grid.id,
            work_date=item.work_date,
            deployment=who.deployment.value,
            categories=[c.value for c in item.categories],
            households=item.households,
            addresses=(item.addresses or "").strip() or None,
            content=item.content.strip(),
            status=Status.SUBMITTED.value,
            submitted_at=now,
        )
        if log_id is None:
            log = WorkLog(person_id=person_id, version=1, created_at=now, **fields)
            s.add(log)
            action = "submitted"
        else:
            assert existing is not None  # refused above otherwise
            log = existing
            for name, value in fields.items():
                setattr(log, name, value)
            log.version += 1
            log.opinion = None
            log.photos.clear()
            action = "resubmitted"
        log.photos.extend(
            WorkLogPhoto(
                position=i, file_id=p.file_id, file_unique_id=p.file_unique_id, local_path=p.local_path
            )
            for i, p in enumerate(item.photos)
        )
        await s.flush()
        if item.problem_ids:  # the problems this person reported while filling in the log point back to it
            await s.execute(
                update(Problem)
                .where(Problem.id.in_(item.problem_ids), Problem.reporter_id == person_id)
                .values(log_id=log.id)
            )
        s.add(WorkLogEvent(log_id=log.id, at=now, person_id=person_id, action=action))
        await s.execute(delete(WorkLogDraft).where(WorkLogDraft.person_id == person_id))
        signers = await signers_of(s, grid.community_id)
        view = await _view(s, log.id)
        queued = await _ask_to_sign(s, view, signers, now, default_locale)
    return Submitted(log_id=log.id, signers=queued)


async def _ask_to_sign(
    session: AsyncSession, view: LogView, signers: set[int], now: datetime, default_locale: str
) -> int:
    return await send(
        session,
        signers,
        key=f"worklog:{view.id}:v{view.version}:sign",
        now=now,
        default_locale=default_locale,
        render=lambda _, locale: (
            log_card(locale, view, heading="wl-sign-request"),
            sign_buttons(locale, view.id, view.version),
        ),
    )
