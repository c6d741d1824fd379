"""The month's logs as plain rows (for the monthly workbook and the exports), and the filter of a month."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Select, String, cast, func, select, type_coerce
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from domain import worklog as rules
from domain.worklog import Status
from storage.models import (
    Community,
    Grid,
    Person,
    Problem,
    WorkLog,
    WorkLogPhoto,
)


def _in_month(community_id: int, month: date) -> tuple[Any, ...]:
    return (
        WorkLog.community_id == community_id,
        WorkLog.work_date >= month,
        WorkLog.work_date < rules.next_month(month),
    )


def month_log_select(*where: Any, plain: bool = False) -> Select[Any]:
    """The month's logs as plain columns, filtered by `where`, in date order.

    `plain`: dates, times and the categories come as the database gives them, without SQLAlchemy's converters
    (on SQLite they parse text with regular expressions: 3 of the 5 s of 100,000 rows); the callers parse
    them with the standard library's C parsers instead. The categories are cast to text: asyncpg would decode each
    row's JSON, where the caller translates each distinct text once."""
    signer_person = aliased(Person)

    def raw(column: Any) -> Any:
        return type_coerce(column, String) if plain else column

    photo_count = (
        select(func.count(WorkLogPhoto.id)).where(WorkLogPhoto.log_id == WorkLog.id).scalar_subquery()
    )
    return (
        select(
            WorkLog.id,
            WorkLog.version,
            WorkLog.person_id,
            Person.name,
            WorkLog.deployment,
            WorkLog.community_id,
            Community.name,
            WorkLog.grid_id,
            Grid.name,
            raw(WorkLog.work_date),
            cast(WorkLog.categories, String) if plain else WorkLog.categories,
            WorkLog.households,
            WorkLog.addresses,
            WorkLog.content,
            WorkLog.status,
            WorkLog.opinion,
            signer_person.name,
            raw(WorkLog.signed_at),
            WorkLog.excluded_reason,
            raw(WorkLog.submitted_at),
            photo_count,
        )
        .join(Person, Person.id == WorkLog.person_id)
        .join(Community, Community.id == WorkLog.community_id)
        .join(Grid, Grid.id == WorkLog.grid_id)
        .outerjoin(signer_person, signer_person.id == WorkLog.signed_by)
        .where(*where)
        .order_by(WorkLog.work_date, WorkLog.id)
    )


async def linked_problems(session: AsyncSession, *where: Any) -> dict[int, list[tuple[int, str]]]:
    """Problems reported from the logs matching `where`, by log: selected by the month, not by a list of ids."""
    problems: dict[int, list[tuple[int, str]]] = {}
    linked = await session.execute(
        select(Problem.log_id, Problem.id, Problem.description)
        .join(WorkLog, WorkLog.id == Problem.log_id)
        .where(*where)
        .order_by(Problem.id)
    )
    for log_id, problem_id, description in linked:
        assert log_id is not None  # joined to its log
        problems.setdefault(log_id, []).append((problem_id, description))
    return problems


_STATUSES = {status.value: status for status in Status}


def stored_day(value: Any) -> date:
    return date.fromisoformat(value) if isinstance(value, str) else value


def stored_utc(value: Any) -> datetime | None:
    """A stored UTC time: SQLite's text (naive, UTC) when selected `plain`, else the datetime."""
    if isinstance(value, str):
        return datetime.fromisoformat(value).replace(tzinfo=UTC)
    return value
