"""Filing a meeting: the draft and its checks, the filed meetings it could be merged with, and 党政办 asked to
decide."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from domain import sheets as rules
from domain.sheets import MeetingStatus, MeetingVerb
from locales import tr
from services.calendar import cached_work_calendar
from services.meetings.buttons import button_data
from services.meetings.errors import MeetingError
from services.meetings.views import MeetingView, candidate_lines, meeting_card, view_of
from services.problems import office_staff
from services.sheets import SheetConfig, issuer, send_rendered
from storage.db import Database
from storage.models import Meeting, MeetingTarget


@dataclass
class MeetingDraft:
    subject: str
    starts_at: datetime
    minutes: int
    place: str | None  # None: online
    people: dict[int, int]  # community id → how many people
    why_not_sheet: str


def validate(draft: MeetingDraft, now: datetime) -> None:
    if rules.clean_text(draft.subject, rules.SUBJECT_MAX) is None:
        raise MeetingError("meeting-subject-bad", max=rules.SUBJECT_MAX)
    if draft.starts_at <= now:
        raise MeetingError("meeting-when-past")
    if not 0 < draft.minutes <= rules.MAX_MEETING_MINUTES:
        raise MeetingError("meeting-minutes-bad", max=rules.MAX_MEETING_MINUTES)
    if draft.place is not None and rules.clean_text(draft.place, rules.PLACE_MAX) is None:
        raise MeetingError("meeting-place-bad", max=rules.PLACE_MAX)
    if not draft.people:
        raise MeetingError("meeting-no-communities")
    if any(not 0 < n <= rules.MAX_PEOPLE_PER_COMMUNITY for n in draft.people.values()):
        raise MeetingError("meeting-people-bad", max=rules.MAX_PEOPLE_PER_COMMUNITY)
    if rules.clean_text(draft.why_not_sheet, rules.NOTE_MAX) is None:
        raise MeetingError("meeting-why-bad", max=rules.NOTE_MAX)


@dataclass(frozen=True)
class Filed:
    id: int
    candidates: list[MeetingView]


async def file_meeting(
    db: Database, person_id: int, draft: MeetingDraft, now: datetime, config: SheetConfig
) -> Filed:
    """Store the filed meeting, find merge candidates, and ask 党政办 to decide (the candidates shown)."""
    validate(draft, now)
    cal = await cached_work_calendar(db)
    day = draft.starts_at.astimezone(ZoneInfo(config.timezone)).date()
    async with db.session() as session:
        sub, department, refusal = await issuer(session, person_id, draft.people)
        if refusal:
            raise MeetingError(f"meeting-{refusal}")
        meeting = Meeting(
            subdistrict_id=sub,
            filer_id=person_id,
            department=department,
            subject=draft.subject.strip(),
            starts_at=draft.starts_at,
            day=day,
            minutes=draft.minutes,
            place=draft.place.strip() if draft.place else None,
            why_not_sheet=draft.why_not_sheet.strip(),
            status=MeetingStatus.FILED.value,
            version=1,
            created_at=now,
        )
        session.add(meeting)
        await session.flush()
        for community_id, people in draft.people.items():
            session.add(MeetingTarget(meeting_id=meeting.id, community_id=community_id, people=people))
        await session.flush()
        candidates = await _candidates(session, meeting, set(draft.people), cal)
        view = await view_of(session, meeting)
        await _ask_office(session, view, candidates, now, config)
        return Filed(meeting.id, candidates)


async def _candidates(
    session: AsyncSession, meeting: Meeting, communities: set[int], cal: object
) -> list[MeetingView]:
    """Other filed meetings on the same day or the next working day (either way) with overlapping communities."""
    low, high = rules.merge_window(meeting.day, cal)  # type: ignore[arg-type]
    others = (
        await session.scalars(
            select(Meeting).where(
                Meeting.id != meeting.id,
                Meeting.status == MeetingStatus.FILED.value,
                Meeting.subdistrict_id == meeting.subdistrict_id,
                Meeting.day >= low,
                Meeting.day <= high,
            )
        )
    ).all()
    targets: dict[int, set[int]] = defaultdict(set)  # the others' communities, read at once
    for meeting_id, community_id in await session.execute(
        select(MeetingTarget.meeting_id, MeetingTarget.community_id).where(
            MeetingTarget.meeting_id.in_([o.id for o in others])
        )
    ):
        targets[meeting_id].add(community_id)
    return [
        await view_of(session, other)
        for other in others
        if rules.merge_candidate(meeting.day, communities, other.day, targets[other.id], cal)  # type: ignore[arg-type]
    ]


async def _ask_office(
    session: AsyncSession,
    view: MeetingView,
    candidates: list[MeetingView],
    now: datetime,
    config: SheetConfig,
) -> None:
    meeting = await session.get(Meeting, view.id)
    assert meeting is not None
    office = await office_staff(session, meeting.subdistrict_id)

    def render(_person_id: int, locale: str) -> tuple[str, list[tuple[str, str]]]:
        text = (
            tr(locale, "meeting-notice-filed", id=view.id)
            + "\n\n"
            + meeting_card(locale, view, config.timezone)
        )
        buttons: list[tuple[str, str]] = [
            (tr(locale, "meeting-btn-ok"), button_data(MeetingVerb.APPROVE, view.id, view.version)),
            (tr(locale, "meeting-btn-no"), button_data(MeetingVerb.DECLINE, view.id, view.version)),
        ]
        if candidates:
            text += (
                "\n\n"
                + tr(locale, "meeting-merge-proposed")
                + "\n"
                + candidate_lines(locale, candidates, config.timezone)
            )
            buttons += [
                (
                    tr(locale, "meeting-btn-merge", other=c.id),
                    button_data(MeetingVerb.MERGE, view.id, view.version, c.id),
                )
                for c in candidates
            ]
        return text, buttons

    await send_rendered(session, office, f"meeting:{view.id}:filed", now, config, render)
