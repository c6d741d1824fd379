"""党政办's decisions on a filed meeting (approve, decline with a reason, merge into another filed meeting), the
filers told, and an approved meeting announced to its communities' secretaries."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from domain import sheets as rules
from domain.roles import Role
from domain.sheets import MeetingStatus, MeetingVerb
from locales import tr
from services.calendar import cached_work_calendar
from services.meetings.buttons import Button, button_data
from services.meetings.errors import MeetingError
from services.meetings.views import MeetingView, meeting_card, targets_of, view_of
from services.problems import office_staff, people_by_community
from services.sheets import SheetConfig, send_rendered
from storage.db import Database
from storage.models import Community, Meeting, MeetingTarget


async def _checked(session: AsyncSession, person_id: int, meeting: Meeting | None, button: Button) -> None:
    """`_check_decision` as the package `services.meetings` holds it now (a test may wrap it there)."""
    from services import meetings as package  # at call time: the package is imported by then

    await package._check_decision(session, person_id, meeting, button)


async def check_decision(db: Database, person_id: int, button: Button) -> MeetingView:
    async with db.session() as session:
        meeting = await session.get(Meeting, button.meeting_id)
        await _checked(session, person_id, meeting, button)
        return await view_of(session, meeting)  # type: ignore[arg-type]


async def _check_decision(
    session: AsyncSession, person_id: int, meeting: Meeting | None, button: Button
) -> None:
    if meeting is None:
        raise MeetingError("meeting-not-found")
    # 党政办 of the meeting's own sub-district: another sub-district's office decides nothing here.
    if person_id not in await office_staff(session, meeting.subdistrict_id):
        raise MeetingError("meeting-not-office")
    if meeting.status != MeetingStatus.FILED or meeting.version != button.version:
        raise MeetingError("meeting-stale", status=meeting.status)


async def decide(
    db: Database,
    person_id: int,
    button: Button,
    now: datetime,
    config: SheetConfig,
    *,
    reason: str | None = None,
) -> MeetingView:
    """党政办's approve / decline (reason) / merge into another filed meeting. Returns the meeting that is kept."""
    cal = await cached_work_calendar(db) if button.verb == MeetingVerb.MERGE else None
    other_id = button.other_id if button.verb == MeetingVerb.MERGE else None
    ids = sorted({button.meeting_id, other_id} if other_id is not None else {button.meeting_id})
    async with db.session() as session:
        # A merge locks both meetings in one statement, in id order: two staff merging A into B and B into A at
        # the same time then wait for each other in turn (the second is told the meeting was decided) instead of
        # each holding one lock and waiting for the other's (a deadlock on PostgreSQL).
        locked = {
            m.id: m
            for m in (
                await session.scalars(
                    select(Meeting).where(Meeting.id.in_(ids)).order_by(Meeting.id).with_for_update()
                )
            ).all()
        }
        meeting = locked.get(button.meeting_id)
        await _checked(session, person_id, meeting, button)
        assert meeting is not None
        meeting.decided_by, meeting.decided_at = person_id, now
        meeting.version += 1
        if button.verb == MeetingVerb.APPROVE:
            meeting.status = MeetingStatus.APPROVED.value
            await session.flush()
            view = await view_of(session, meeting)
            await _tell_filers(session, [view.filer_id], "approved", view, view, now, config)
            await _announce(session, view, now, config)
            return view
        if button.verb == MeetingVerb.DECLINE:
            clean = rules.clean_text(reason, rules.NOTE_MAX)
            if clean is None:
                raise MeetingError("meeting-reason-bad", max=rules.NOTE_MAX)
            meeting.status = MeetingStatus.DECLINED.value
            meeting.decline_reason = clean
            await session.flush()
            view = await view_of(session, meeting)
            await _tell_filers(session, [view.filer_id], "declined", view, view, now, config)
            return view
        if button.verb != MeetingVerb.MERGE or button.other_id is None or button.other_id == meeting.id:
            raise MeetingError("meeting-stale", status=meeting.status)
        kept = locked.get(button.other_id)
        if (
            kept is None
            or kept.status != MeetingStatus.FILED
            or kept.subdistrict_id != meeting.subdistrict_id
        ):
            raise MeetingError("meeting-merge-gone", other=button.other_id)
        mine = await targets_of(session, meeting.id)
        theirs = await targets_of(session, kept.id)
        # Only a meeting that would have been proposed: a forged target outside the rule merges nothing.
        if not rules.merge_candidate(meeting.day, mine, kept.day, theirs, cal):  # type: ignore[arg-type]
            raise MeetingError("meeting-merge-not-candidate", other=button.other_id)
        await session.execute(delete(MeetingTarget).where(MeetingTarget.meeting_id == kept.id))
        for community_id, people in sorted(rules.merged_people(theirs, mine).items()):
            session.add(MeetingTarget(meeting_id=kept.id, community_id=community_id, people=people))
        kept.minutes = max(kept.minutes, meeting.minutes)
        meeting.status = MeetingStatus.MERGED.value
        meeting.merged_into = kept.id
        # Merging is 党政办's decision on both: the meeting that is kept is approved and announced once.
        kept.status = MeetingStatus.APPROVED.value
        kept.version += 1
        kept.decided_by, kept.decided_at = person_id, now
        await session.flush()
        kept_view = await view_of(session, kept)
        merged_view = await view_of(session, meeting)
        await _tell_filers(
            session, [meeting.filer_id, kept.filer_id], "merged", merged_view, kept_view, now, config
        )
        await _announce(session, kept_view, now, config)
        return kept_view


async def _tell_filers(
    session: AsyncSession,
    filers: list[int],
    what: str,
    view: MeetingView,
    kept: MeetingView,
    now: datetime,
    config: SheetConfig,
) -> None:
    def render(_person_id: int, locale: str) -> tuple[str, list[tuple[str, str]]]:
        head = tr(
            locale,
            f"meeting-notice-{what}",
            id=view.id,
            other=kept.id,
            reason=view.decline_reason or "",
        )
        return head + "\n\n" + meeting_card(locale, kept, config.timezone), []

    key = f"meeting:{view.id}:{what}:v{view.version}"
    await send_rendered(session, set(filers), key, now, config, render)


async def _announce(session: AsyncSession, view: MeetingView, now: datetime, config: SheetConfig) -> None:
    """The approved meeting to the secretaries of its communities, each with a button to name who attends: one
    message per community, its button carrying the community (a secretary of two gets two)."""
    ids = list(view.community_ids)
    names = dict(
        (await session.execute(select(Community.id, Community.name).where(Community.id.in_(ids)))).all()
    )
    secretaries_of = await people_by_community(session, Role.SECRETARY, ids)  # all at once: may be 200
    for community_id, people in view.community_ids.items():
        secretaries = secretaries_of[community_id]
        community = names.get(community_id, "")

        def render(
            _person_id: int,
            locale: str,
            community: str = community,
            people: int = people,
            community_id: int = community_id,
        ) -> tuple[str, list[tuple[str, str]]]:
            head = tr(locale, "meeting-notice-announce", id=view.id, community=community, count=people)
            data = button_data(MeetingVerb.ATTEND, view.id, view.version, community_id=community_id)
            return head + "\n\n" + meeting_card(locale, view, config.timezone), [
                (tr(locale, "meeting-btn-att"), data)
            ]

        key = f"meeting:{view.id}:announce:v{view.version}:c{community_id}"
        await send_rendered(session, secretaries, key, now, config, render)
