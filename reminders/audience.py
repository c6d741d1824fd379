"""Who a reminder goes to: the people holding some roles, by community. Shared by the reminder kinds of
`reminders.kinds`, `reminders.monthly` and `reminders.sheets`, which `reminders.kinds.all_kinds` gathers: the query
sits below them all so that none imports the module that lists it."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.roles import Role
from storage.models import PersonRole


async def people_by_role(
    session: AsyncSession, roles: set[Role], community_ids: set[int] | None = None
) -> dict[int, set[int | None]]:
    """person id → the communities in which they hold any of `roles` (None for roles without a community)."""
    query = select(PersonRole.person_id, PersonRole.community_id).where(
        PersonRole.role.in_([r.value for r in roles])
    )
    if community_ids is not None:
        query = query.where(PersonRole.community_id.in_(community_ids))
    found: dict[int, set[int | None]] = defaultdict(set)
    for person_id, community_id in await session.execute(query):
        found[person_id].add(community_id)
    return found
