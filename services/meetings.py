"""Meeting filing 会议报备: department staff file a meeting that needs community cadres; 党政办 approves, declines
(with a reason) or merges it with another filed meeting; approved meetings are announced to the community
secretaries, who name who attends. A meeting not filed here has no way to be announced through the bot.

Decision buttons carry `mt:<verb>:<id>:<version>` (merge: verb `mg<other id>`), checked against the database: only
党政办 staff decide, only on a meeting still filed at that version; anything else is refused and changes nothing.
The attendees button of each community's announcement carries that community (`mt:att<community id>:<id>:<version>`):
a secretary of several of the meeting's communities names each one's attendees separately.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from markupsafe import escape
from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from domain import sheets as rules
from domain.roles import Role
from domain.sheets import MeetingStatus, MeetingVerb
from locales import Html, tr
from services.calendar import cached_work_calendar
from services.notify import send
from services.problems import office_staff, people_by_community
from services.sheets import SheetConfig, SheetError, issuer
from storage.db import Database
from storage.models import Community, Meeting, MeetingAttendee, MeetingTarget, Person, PersonRole

PREFIX = "mt"


class MeetingError(SheetError):
    """A refusal the person is told about: `key` is a Fluent message id of meetings.ftl."""


@dataclass(frozen=True)
class Button:
    verb: MeetingVerb
    meeting_id: int
    version: int
    other_id: int | None = None
    community_id: int | None = None  # attend: the community whose attendees are named (None: an older button)


def button_data(
    verb: MeetingVerb,
    meeting_id: int,
    version: int,
    other_id: int | None = None,
    *,
    community_id: int | None = None,
) -> str:
    """`mt:<verb>[<id>]:<meeting id>:<version>`, read back by `dialogs.buttons.MeetingButton`: a merge names the
    other meeting and an attend button its community right after the verb (mg12, att3)."""
    if verb == MeetingVerb.MERGE:
        name = f"{verb.value}{other_id}"
    elif verb == MeetingVerb.ATTEND and community_id is not None:
        name = f"{verb.value}{community_id}"
    else:
        name = verb.value
    return f"{PREFIX}:{name}:{meeting_id}:{version}"


@dataclass
class MeetingDraft:
    subject: str
    starts_at: datetime
    minutes: int
    place: str | None  # None: online
    people: dict[int, int]  # community id → how many people
    why_not_sheet: str


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
        view = await _view(session, meeting)
        await _ask_office(session, view, candidates, now, config)
        return Filed(meeting.id, candidates)


async def _targets(session: AsyncSession, meeting_id: int) -> dict[int, int]:
    """community id → people requested."""
    rows = await session.execute(
        select(MeetingTarget.community_id, MeetingTarget.people).where(MeetingTarget.meeting_id == meeting_id)
    )
    return dict(rows.all())


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
        await _view(session, other)
        for other in others
        if rules.merge_candidate(meeting.day, communities, other.day, targets[other.id], cal)  # type: ignore[arg-type]
    ]


async def _view(session: AsyncSession, meeting: Meeting) -> MeetingView:
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
        tr(locale, "meeting-card-people-item", community=escape(c), count=n) for c, n in view.people.items()
    )
    lines = [
        tr(locale, "meeting-card-title", id=view.id, subject=escape(view.subject)),
        tr(locale, "meeting-card-status", status=tr(locale, f"meeting-status-{view.status}")),
        tr(locale, "meeting-card-from", name=escape(view.filer), department=escape(view.department or "-")),
        tr(locale, "meeting-card-when", when=when, minutes=view.minutes),
        tr(locale, "meeting-card-place", place=escape(view.place))
        if view.place
        else tr(locale, "meeting-card-online"),
        tr(locale, "meeting-card-people", people=people),
        tr(locale, "meeting-card-why", why=escape(view.why_not_sheet)),
    ]
    if view.decline_reason:
        lines.append(tr(locale, "meeting-card-declined", reason=escape(view.decline_reason)))
    if view.merged_into:
        lines.append(tr(locale, "meeting-card-merged", other=view.merged_into))
    for community, names in view.attendees.items():
        lines.append(
            tr(locale, "meeting-card-attendees", community=escape(community), names=escape(sep.join(names)))
        )
    return Html("\n").join(lines)


def candidate_lines(locale: str, candidates: list[MeetingView], timezone: str) -> str:
    sep = tr(locale, "list-separator")
    return Html("\n").join(
        tr(
            locale,
            "meeting-merge-candidate",
            id=c.id,
            subject=escape(c.subject),
            when=c.starts_at.astimezone(ZoneInfo(timezone)).strftime("%m-%d %H:%M"),
            communities=escape(sep.join(c.people)),
            filer=escape(c.filer),
        )
        for c in candidates
    )


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

    await send(
        session,
        office,
        key=f"meeting:{view.id}:filed",
        now=now,
        default_locale=config.default_locale,
        render=render,
    )


# --- decisions -----------------------------------------------------------------------------------------------------


async def check_decision(db: Database, person_id: int, button: Button) -> MeetingView:
    async with db.session() as session:
        meeting = await session.get(Meeting, button.meeting_id)
        await _check_decision(session, person_id, meeting, button)
        return await _view(session, meeting)  # type: ignore[arg-type]


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
        await _check_decision(session, person_id, meeting, button)
        assert meeting is not None
        meeting.decided_by, meeting.decided_at = person_id, now
        meeting.version += 1
        if button.verb == MeetingVerb.APPROVE:
            meeting.status = MeetingStatus.APPROVED.value
            await session.flush()
            view = await _view(session, meeting)
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
            view = await _view(session, meeting)
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
        mine = await _targets(session, meeting.id)
        theirs = await _targets(session, kept.id)
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
        kept_view = await _view(session, kept)
        merged_view = await _view(session, meeting)
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
            reason=escape(view.decline_reason or ""),
        )
        return head + "\n\n" + meeting_card(locale, kept, config.timezone), []

    await send(
        session,
        set(filers),
        key=f"meeting:{view.id}:{what}:v{view.version}",
        now=now,
        default_locale=config.default_locale,
        render=render,
    )


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
            head = tr(
                locale, "meeting-notice-announce", id=view.id, community=escape(community), count=people
            )
            data = button_data(MeetingVerb.ATTEND, view.id, view.version, community_id=community_id)
            return head + "\n\n" + meeting_card(locale, view, config.timezone), [
                (tr(locale, "meeting-btn-att"), data)
            ]

        await send(
            session,
            secretaries,
            key=f"meeting:{view.id}:announce:v{view.version}:c{community_id}",
            now=now,
            default_locale=config.default_locale,
            render=render,
        )


# --- attendees -----------------------------------------------------------------------------------------------------


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
    targets = await _targets(session, meeting.id)
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
            await _view(session, meeting),  # type: ignore[arg-type]
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
        view = await _view(session, meeting)  # type: ignore[arg-type]
        community = await session.scalar(select(Community.name).where(Community.id == community_id)) or ""
        names = view.attendees.get(community, [])
        stamp = now.strftime("%Y%m%d%H%M%S%f")

        def render(_person_id: int, locale: str) -> tuple[str, list[tuple[str, str]]]:
            text = tr(
                locale,
                "meeting-notice-attendees",
                id=view.id,
                community=escape(community),
                names=escape(tr(locale, "list-separator").join(names)),
            )
            return text, []

        await send(
            session,
            [view.filer_id],
            key=f"meeting:{view.id}:attend:c{community_id}:{stamp}",
            now=now,
            default_locale=config.default_locale,
            render=render,
        )
        return view


# --- lists -----------------------------------------------------------------------------------------------------------


async def my_meetings(db: Database, person_id: int, limit: int = 20) -> list[MeetingView]:
    async with db.session() as session:
        meetings = (
            await session.scalars(
                select(Meeting).where(Meeting.filer_id == person_id).order_by(Meeting.id.desc()).limit(limit)
            )
        ).all()
        return [await _view(session, m) for m in meetings]


async def meeting_view(db: Database, meeting_id: int) -> MeetingView | None:
    async with db.session() as session:
        meeting = await session.get(Meeting, meeting_id)
        return None if meeting is None else await _view(session, meeting)
