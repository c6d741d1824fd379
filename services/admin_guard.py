"""The administrator's steps in the chat: who is one (checked in each service, not only by the menu), and the audit
line each step leaves."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.roles import Role
from storage.models import AuditEntry, Person, PersonRole


async def admin_person_id(session: AsyncSession, telegram_id: int) -> int | None:
    """The active person bound to this Telegram account if they hold the administrator role, else None."""
    return (
        await session.execute(
            select(Person.id)
            .join(PersonRole, PersonRole.person_id == Person.id)
            .where(
                Person.telegram_id == telegram_id,
                Person.deactivated_at.is_(None),
                PersonRole.role == Role.ADMIN.value,
            )
            .limit(1)
        )
    ).scalar()


def audit(
    session: AsyncSession,
    now: datetime,
    telegram_id: int,
    action: str,
    person_id: int | None = None,
    **detail: object,
) -> None:
    session.add(
        AuditEntry(at=now, actor_telegram_id=telegram_id, person_id=person_id, action=action, detail=detail)
    )
