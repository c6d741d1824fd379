"""The week's tally: every cadre's community days in a week, for the reminders, digests and exports."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, exists, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from domain.roles import Role
from storage.models import AttendanceDay, Person, PersonRole


@dataclass(frozen=True)
class CadreWeek:
    person_id: int
    name: str
    community_id: int
    done: int
    outside: int = 0  # of those, check-ins whose location was outside the community's radius


async def weekly_tally(session: AsyncSession, working_days: list[date]) -> list[CadreWeek]:
    """Every paired cadre (not also seconded) and their community days on `working_days`, in ONE statement,
    whatever the number of cadres."""
    seconded = aliased(PersonRole)
    days = working_days or [date.min]
    rows = await session.execute(
        select(
            Person.id,
            Person.name,
            PersonRole.community_id,
            func.count(AttendanceDay.id),
            func.count(AttendanceDay.id).filter(AttendanceDay.outside.is_(True)),
        )
        .select_from(PersonRole)
        .join(Person, Person.id == PersonRole.person_id)
        .outerjoin(
            AttendanceDay,
            and_(
                AttendanceDay.person_id == PersonRole.person_id,
                AttendanceDay.community_id == PersonRole.community_id,
                AttendanceDay.day.in_(days),
            ),
        )
        .where(
            PersonRole.role == Role.PAIRED_CADRE.value,
            ~exists().where(seconded.person_id == Person.id, seconded.role == Role.SECONDED_CADRE.value),
        )
        .group_by(Person.id, Person.name, PersonRole.community_id)
        .order_by(PersonRole.community_id, Person.name)
    )
    return [
        CadreWeek(r[0], r[1], r[2], int(r[3]) if working_days else 0, int(r[4] or 0) if working_days else 0)
        for r in rows
        if r[2] is not None  # the roster requires a community for a paired cadre
    ]
