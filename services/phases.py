"""Pilot phases (issue 17): which phase each community is in, set by an administrator in the chat or by a roster
file's 阶段 column, and which communities a feature counts (PHASE_FEATURES, `domain.phases`).

Every change is a new `CommunityPhase` row (the history) and an audit line; setting the phase a community is
already in changes nothing. The administrator's role is checked here, not only by the menu."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.phases import Feature, Phase, is_active
from services.admin_guard import admin_person_id
from storage.db import Database
from storage.models import AuditEntry, Community, CommunityPhase

AUDIT_ACTION = "community_phase_set"


@dataclass(frozen=True)
class CommunityState:
    id: int
    name: str
    phase: Phase | None
    since: date | None


class Outcome(StrEnum):
    SET = "set"
    UNCHANGED = "unchanged"  # it already was in that phase
    NOT_ADMIN = "not_admin"
    UNKNOWN = "unknown"  # no such community, or no such phase (a forged or stale press)


async def phases_on(session: AsyncSession, day: date | None = None) -> dict[int, tuple[Phase, date]]:
    """Each community's phase (and the day it entered it) on `day` (None: now): its latest change by then."""
    latest = select(
        CommunityPhase.community_id,
        CommunityPhase.phase,
        CommunityPhase.since,
        func.row_number()
        .over(
            partition_by=CommunityPhase.community_id,
            order_by=(CommunityPhase.since.desc(), CommunityPhase.id.desc()),
        )
        .label("n"),
    )
    if day is not None:
        latest = latest.where(CommunityPhase.since <= day)
    sub = latest.subquery()
    rows = await session.execute(select(sub.c.community_id, sub.c.phase, sub.c.since).where(sub.c.n == 1))
    return {cid: (Phase(phase), since) for cid, phase, since in rows}


async def inactive_communities(
    session: AsyncSession, feature: Feature, phase_features: dict[str, list[str]], day: date
) -> set[int]:
    """The communities `feature` does not count on `day` (empty unless PHASE_FEATURES names the feature)."""
    if feature.value not in phase_features:
        return set()
    return {
        cid
        for cid, (phase, _since) in (await phases_on(session, day)).items()
        if not is_active(phase, feature, phase_features)
    }


async def community_states(db: Database) -> list[CommunityState]:
    """Every community with its phase now, by name."""
    async with db.read_session() as session:
        phases = await phases_on(session)
        rows = await session.execute(select(Community.id, Community.name).order_by(Community.name))
        return [CommunityState(cid, name, *(phases.get(cid) or (None, None))) for cid, name in rows]


async def record_phase(
    session: AsyncSession,
    community_id: int,
    phase: Phase,
    *,
    today: date,
    now: datetime,
    person_id: int | None,
    telegram_id: int | None,
    source: str,
) -> bool:
    """The community enters `phase` today, unless it is in it already (False). Audited."""
    current = (await phases_on(session)).get(community_id)
    if current is not None and current[0] == phase:
        return False
    session.add(
        CommunityPhase(
            community_id=community_id,
            phase=phase.value,
            since=today,
            set_at=now,
            set_by=person_id,
            source=source,
        )
    )
    session.add(
        AuditEntry(
            at=now,
            actor_telegram_id=telegram_id,
            person_id=person_id,
            action=AUDIT_ACTION,
            detail={
                "community_id": community_id,
                "phase": phase.value,
                "previous": current[0].value if current else None,
                "since": today.isoformat(),
                "source": source,
            },
        )
    )
    return True


async def set_phase(
    db: Database, telegram_id: int, community_id: int, phase: str, *, today: date, now: datetime
) -> Outcome:
    """An administrator moves a community to `phase` from today."""
    if phase not in Phase.__members__.values():
        return Outcome.UNKNOWN
    async with db.session() as session:
        admin = await admin_person_id(session, telegram_id)
        if admin is None:
            return Outcome.NOT_ADMIN
        if await session.get(Community, community_id) is None:
            return Outcome.UNKNOWN
        changed = await record_phase(
            session,
            community_id,
            Phase(phase),
            today=today,
            now=now,
            person_id=admin,
            telegram_id=telegram_id,
            source="chat",
        )
    return Outcome.SET if changed else Outcome.UNCHANGED


async def apply_roster_phases(
    session: AsyncSession,
    phases: Iterable[tuple[str, str, str]],
    community_ids: Mapping[tuple[str, str], int],
    *,
    now: datetime,
    actor_telegram_id: int | None = None,
    today: date | None = None,
) -> int:
    """A roster import's 阶段 column, in the import's transaction: (sub-district, community, phase) triples; returns
    how many communities changed phase. `today` defaults to the date of `now` (UTC)."""
    changed = 0
    for subdistrict, community, phase in phases:
        community_id = community_ids.get((subdistrict, community))
        if community_id is None:
            continue  # named only beside a role that takes no community: nothing of the plan to attach it to
        changed += await record_phase(
            session,
            community_id,
            Phase(phase),
            today=today or now.date(),
            now=now,
            person_id=None,
            telegram_id=actor_telegram_id,
            source="roster",
        )
    return changed
