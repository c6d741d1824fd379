"""The secretaries' attendees of an approved meeting: which of its communities a secretary names people for, the
choice shown, and the list saved (the filer told)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.roles import Role
from domain.sheets import MeetingStatus
from locales import tr
from services.meetings.errors import MeetingError
from services.meetings.views import MeetingView, targets_of, view_of
from services.sheets import SheetConfig, send_rendered
from storage.db import Database
from storage.models import Community, Meeting, MeetingAttendee, Person, PersonRole


@dataclass(frozen=True)
class AttendChoice:
    meeting: MeetingView
    community_id: int
    community: str
    cap: int
    members: list[tuple[int, str]]
    chosen: list[int]
    several: bool = False  # the person is secretary of more than one of the meeting's communities


async def _secretary_communities(
    session: AsyncSession, person_id: int, meeting: Meeting | None
) -> dict[int, int]:
    """community id → people requested, of the approved meeting's communities this person is secretary of (at
    least one, else refused)."""
    if meeting is None:
        raise MeetingError("meeting-not-found")
    if meeting.status != MeetingStatus.APPROVED:
        raise MeetingError("meeting-not-approved", status=meeting.status)
    targets = await targets_of(session, meeting.id)
    mine = (
        await session.scalars(
            select(PersonRole.community_id).where(
                PersonRole.person_id == person_id,
                PersonRole.role == Role.SECRETARY.value,
                PersonRole.community_id.in_(targets or [0]),
            )
        )
    ).all()
    if not mine:
        raise MeetingError("meeting-not-your-community")
    return {c: targets[c] for c in sorted({c for c in mine if c is not None})}  # in targets: never None


async def _secretary_target(
    session: AsyncSession, person_id: int, meeting: Meeting | None, community_id: int | None
) -> tuple[int, int, bool]:
    """(community id, people requested, secretary of several) for the meeting's community `community_id`, which
    this person must be secretary of; None (an older button) is their only such community."""
    mine = await _secretary_communities(session, person_id, meeting)
    if community_id is None:
        if len(mine) > 1:
            raise MeetingError("meeting-attend-choose-community")
        community_id = next(iter(mine))
    if community_id not in mine:
        raise MeetingError("meeting-attend-not-that-community")
    return community_id, mine[community_id], len(mine) > 1


async def attend_communities(db: Database, person_id: int, meeting_id: int) -> list[tuple[int, str, int]]:
    """(community id, name, people requested) of the approved meeting's communities this person is secretary of."""
    async with db.session() as session:
        mine = await _secretary_communities(session, person_id, await session.get(Meeting, meeting_id))
        names = dict(
            (await session.execute(select(Community.id, Community.name).where(Community.id.in_(mine)))).all()
        )
        return [(c, names.get(c, ""), n) for c, n in mine.items()]


async def attend_choice(
    db: Database, person_id: int, meeting_id: int, community_id: int | None = None
) -> AttendChoice:
    async with db.session() as session:
        meeting = await session.get(Meeting, meeting_id)
        community_id, cap, several = await _secretary_target(session, person_id, meeting, community_id)
        members = (
            await session.execute(
                select(Person.id, Person.name)
                .join(PersonRole, PersonRole.person_id == Person.id)
                .where(PersonRole.community_id == community_id)
                .distinct()
                .order_by(Person.id)
            )
        ).all()
        chosen = (
            await session.scalars(
                select(MeetingAttendee.person_id).where(
                    MeetingAttendee.meeting_id == meeting_id, MeetingAttendee.community_id == community_id
                )
            )
        ).all()
        name = await session.scalar(select(Community.name).where(Community.id == community_id)) or ""
        return AttendChoice(
            await view_of(session, meeting),  # type: ignore[arg-type]
            community_id,
            name,
            cap,
            [(m.id, m.name) for m in members],
            list(chosen),
            several,
        )


async def name_attendees(
    db: Database,
    person_id: int,
    meeting_id: int,
    chosen: list[int],
    now: datetime,
    config: SheetConfig,
    *,
    community_id: int | None = None,
) -> MeetingView:
    """The secretary's list of who attends from `community_id` (replacing an earlier list), at most the number
    requested, only people of that community; the person must be its secretary and the meeting must need it (None:
    their only community of the meeting)."""
    async with db.session() as session:
        meeting = await session.scalar(select(Meeting).where(Meeting.id == meeting_id).with_for_update())
        community_id, cap, _several = await _secretary_target(session, person_id, meeting, community_id)
        if not chosen:
            raise MeetingError("meeting-attend-none")
        if len(set(chosen)) > cap:
            raise MeetingError("meeting-attend-too-many", cap=cap, count=len(set(chosen)))
        members = set(
            (
                await session.scalars(
                    select(PersonRole.person_id).where(
                        PersonRole.community_id == community_id, PersonRole.person_id.in_(chosen)
                    )
                )
            ).all()
        )
        if members != set(chosen):
            raise MeetingError("meeting-attend-not-member")
        await session.execute(
            delete(MeetingAttendee).where(
                MeetingAttendee.meeting_id == meeting_id, MeetingAttendee.community_id == community_id
            )
        )
        for chosen_id in sorted(members):
            session.add(
                MeetingAttendee(
                    meeting_id=meeting_id,
                    person_id=chosen_id,
                    community_id=community_id,
                    named_by=person_id,
                    named_at=now,
                )
            )
        await session.flush()
        view = await view_of(session, meeting)  # type: ignore[arg-type]
        community = await session.scalar(select(Community.name).where(Community.id == community_id)) or ""
        names = view.attendees.get(community, [])
        stamp = now.strftime("%Y%m%d%H%M%S%f")

        def render(_person_id: int, locale: str) -> tuple[str, list[tuple[str, str]]]:
            text = tr(
                locale,
                "meeting-notice-attendees",
                id=view.id,
                community=community,
                names=tr(locale, "list-separator").join(names),
            )
            return text, []

        key = f"meeting:{view.id}:attend:c{community_id}:{stamp}"
        await send_rendered(session, [view.filer_id], key, now, config, render)
        return view
