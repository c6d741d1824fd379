"""A filed meeting as plain data (`MeetingView`), its card, the merge candidates' lines, and the lists of meetings."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from locales import Html, tr
from storage.db import Database
from storage.models import Community, Meeting, MeetingAttendee, MeetingTarget, Person


@dataclass(frozen=True)
class MeetingView:
    id: int
    subject: str
    starts_at: datetime
    day: date
    minutes: int
    place: str | None
    status: str
    version: int
    filer_id: int
    filer: str
    department: str
    why_not_sheet: str
    people: dict[str, int]  # community name → people
    community_ids: dict[int, int]
    decline_reason: str | None = None
    merged_into: int | None = None
    attendees: dict[str, list[str]] = field(default_factory=dict)


async def targets_of(session: AsyncSession, meeting_id: int) -> dict[int, int]:
    """community id → people requested."""
    rows = await session.execute(
        select(MeetingTarget.community_id, MeetingTarget.people).where(MeetingTarget.meeting_id == meeting_id)
    )
    return dict(rows.all())


async def view_of(session: AsyncSession, meeting: Meeting) -> MeetingView:
    rows = (
        await session.execute(
            select(MeetingTarget.community_id, Community.name, MeetingTarget.people)
            .join(Community, Community.id == MeetingTarget.community_id)
            .where(MeetingTarget.meeting_id == meeting.id)
            .order_by(Community.id)
        )
    ).all()
    attendees: dict[str, list[str]] = {}
    named = await session.execute(
        select(Community.name, Person.name)
        .join(MeetingAttendee, MeetingAttendee.person_id == Person.id)
        .join(Community, Community.id == MeetingAttendee.community_id)
        .where(MeetingAttendee.meeting_id == meeting.id)
        .order_by(Community.id, Person.id)
    )
    for community, name in named.all():
        attendees.setdefault(community, []).append(name)
    filer = await session.scalar(select(Person.name).where(Person.id == meeting.filer_id)) or ""
    return MeetingView(
        id=meeting.id,
        subject=meeting.subject,
        starts_at=meeting.starts_at,
        day=meeting.day,
        minutes=meeting.minutes,
        place=meeting.place,
        status=meeting.status,
        version=meeting.version,
        filer_id=meeting.filer_id,
        filer=filer,
        department=meeting.department,
        why_not_sheet=meeting.why_not_sheet,
        people={r.name: r.people for r in rows},
        community_ids={r.community_id: r.people for r in rows},
        decline_reason=meeting.decline_reason,
        merged_into=meeting.merged_into,
        attendees=attendees,
    )


def meeting_card(locale: str, view: MeetingView, timezone: str = "Asia/Shanghai") -> str:
    when = view.starts_at.astimezone(ZoneInfo(timezone)).strftime("%Y-%m-%d %H:%M")
    sep = tr(locale, "list-separator")
    people = sep.join(
        tr(locale, "meeting-card-people-item", community=c, count=n) for c, n in view.people.items()
    )
    lines = [
        tr(locale, "meeting-card-title", id=view.id, subject=view.subject),
        tr(locale, "meeting-card-status", status=tr(locale, f"meeting-status-{view.status}")),
        tr(locale, "meeting-card-from", name=view.filer, department=view.department or "-"),
        tr(locale, "meeting-card-when", when=when, minutes=view.minutes),
        tr(locale, "meeting-card-place", place=view.place)
        if view.place
        else tr(locale, "meeting-card-online"),
        tr(locale, "meeting-card-people", people=people),
        tr(locale, "meeting-card-why", why=view.why_not_sheet),
    ]
    if view.decline_reason:
        lines.append(tr(locale, "meeting-card-declined", reason=view.decline_reason))
    if view.merged_into:
        lines.append(tr(locale, "meeting-card-merged", other=view.merged_into))
    for community, names in view.attendees.items():
        lines.append(tr(locale, "meeting-card-attendees", community=community, names=sep.join(names)))
    return Html("\n").join(lines)


def candidate_lines(locale: str, candidates: list[MeetingView], timezone: str) -> str:
    sep = tr(locale, "list-separator")
    return Html("\n").join(
        tr(
            locale,
            "meeting-merge-candidate",
            id=c.id,
            subject=c.subject,
            when=c.starts_at.astimezone(ZoneInfo(timezone)).strftime("%m-%d %H:%M"),
            communities=sep.join(c.people),
            filer=c.filer,
        )
        for c in candidates
    )


async def my_meetings(db: Database, person_id: int, limit: int = 20) -> list[MeetingView]:
    async with db.session() as session:
        meetings = (
            await session.scalars(
                select(Meeting).where(Meeting.filer_id == person_id).order_by(Meeting.id.desc()).limit(limit)
            )
        ).all()
        return [await view_of(session, m) for m in meetings]


async def meeting_view(db: Database, meeting_id: int) -> MeetingView | None:
    async with db.session() as session:
        meeting = await session.get(Meeting, meeting_id)
        return None if meeting is None else await view_of(session, meeting)
