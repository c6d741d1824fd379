"""The duplicate hint: open items like the one being reported, and adding a report to one of them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from domain import problems as rules
from domain.problems import Kind
from services.problems.config import ProblemConfig, ProblemError
from services.problems.notices import notify_change
from services.problems.reporting import grids_in
from storage.db import Database
from storage.models import (
    Problem,
    ProblemEvent,
)


@dataclass(frozen=True)
class SimilarItem:
    id: int
    description: str
    reported_at: datetime
    status: str


async def similar_open_items(
    db: Database, grid_id: int, category: str, now: datetime, kind: str = Kind.PROBLEM
) -> list[SimilarItem]:
    """Open items of the same category in the same grid from the last 7 days: the duplicate hint."""
    since = now - timedelta(days=rules.DUPLICATE_WINDOW_DAYS)
    async with db.session() as session:
        rows = await session.execute(
            select(Problem.id, Problem.description, Problem.reported_at, Problem.status)
            .where(
                Problem.grid_id == grid_id,
                Problem.category == category,
                Problem.kind == kind,
                Problem.reported_at >= since,
                Problem.status.in_([s.value for s in rules.OPEN_STATUSES]),
            )
            .order_by(Problem.reported_at.desc())
            .limit(5)
        )
        return [SimilarItem(r.id, r.description, r.reported_at, r.status) for r in rows]


async def link_duplicate(
    db: Database, person_id: int, problem_id: int, note: str, now: datetime, config: ProblemConfig
) -> None:
    """ "Same as this one": the report is added to the existing item's history instead of becoming a new item."""
    async with db.session() as session:
        problem = (
            await session.execute(select(Problem).where(Problem.id == problem_id).with_for_update())
        ).scalar_one_or_none()
        if problem is None or problem.status not in rules.OPEN_STATUSES:
            raise ProblemError("problem-changed")
        if problem.grid_id not in {g.id for g in await grids_in(session, person_id)}:
            raise ProblemError("problem-no-permission")
        event = ProblemEvent(
            problem_id=problem.id,
            at=now,
            actor_id=person_id,
            move="same",
            from_status=problem.status,
            to_status=problem.status,
            note=(note or "").strip()[: rules.MAX_NOTE] or None,
        )
        session.add(event)
        problem.updated_at = now
        await session.flush()
        await notify_change(session, problem, event, [], now, config, actor_id=person_id)
