"""Work prompt sheets 工作提示单: issue one to communities, the secretaries' answers, the sender's view.

Each function is one thing a person does: it checks the rule in `domain.sheets` against the record as it is now,
writes the change and its notifications (through the outbox) in one transaction, and returns plain data. A refusal
raises `SheetError` before anything is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from markupsafe import escape
from sqlalchemy import case, delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from domain import sheets as rules
from domain.roles import Role
from domain.sheets import SheetVerb, TargetStatus
from locales import Html, tr
from services.calendar import cached_work_calendar
from services.notify import reachable, send
from services.problems import people_by_community, people_with
from services.refusal import Refusal
from storage.db import Database
from storage.models import (
    Community,
    Department,
    Person,
    PersonRole,
    PromptSheet,
    PromptSheetDraft,
    PromptSheetTarget,
)
from storage.outbox import enqueue

PREFIX = "ps"


@dataclass(frozen=True)
class SheetConfig:
    text_limit: int = rules.DEFAULT_TEXT_LIMIT
    lead_days: int = rules.MIN_LEAD_WORKING_DAYS
    timezone: str = "Asia/Shanghai"
    default_locale: str = "zh-CN"

    @classmethod
    def from_settings(cls, settings: object) -> SheetConfig:
        return cls(
            text_limit=settings.sheet_text_limit,  # type: ignore[attr-defined]
            lead_days=settings.sheet_lead_days,  # type: ignore[attr-defined]
            timezone=settings.timezone,  # type: ignore[attr-defined]
            default_locale=settings.default_locale,  # type: ignore[attr-defined]
        )

    def today(self, now: datetime) -> date:
        return now.astimezone(ZoneInfo(self.timezone)).date()


class SheetError(Refusal):
    """A refusal the person is told about: `key` is a Fluent message id of sheets.ftl."""


@dataclass(frozen=True)
class Button:
    verb: SheetVerb
    target_id: int
    version: int


def button_data(verb: SheetVerb, target_id: int, version: int) -> str:
    """`ps:<verb>:<target id>:<version>`, read back by `dialogs.buttons.SheetButton`."""
    return f"{PREFIX}:{verb.value}:{target_id}:{version}"


def secretary_buttons(locale: str, target_id: int, version: int, status: str) -> list[tuple[str, str]]:
    """The buttons a secretary may press now; none once the community is done or waits for an answer."""
    verbs = [v for v in (SheetVerb.RECEIVE, SheetVerb.DONE, SheetVerb.ASK) if status in rules.SHEET_FROM[v]]
    return [(tr(locale, f"sheet-btn-{v.value}"), button_data(v, target_id, version)) for v in verbs]


async def issuer(
    session: AsyncSession, person_id: int, community_ids: list[int] | set[int] | dict[int, int]
) -> tuple[int | None, str, str | None]:
    """(sub-district, department, refusal) of someone giving communities work: the refusal is "no-permission" for
    anyone but department staff and "no-communities" when a community is missing or not of their sub-district."""
    if not await is_department_staff(session, person_id):
        return None, "", "no-permission"
    sub = await session.scalar(select(Person.subdistrict_id).where(Person.id == person_id))
    wanted = set(community_ids)
    known = set(
        (
            await session.scalars(
                select(Community.id).where(Community.id.in_(wanted), Community.subdistrict_id == sub)
            )
        ).all()
    )
    if not wanted or known != wanted:
        return sub, "", "no-communities"
    return sub, await department_of(session, person_id), None


# --- who ----------------------------------------------------------------------------------------------------------


async def is_department_staff(session: AsyncSession, person_id: int) -> bool:
    found = await session.scalar(
        select(PersonRole.id).where(
            PersonRole.person_id == person_id, PersonRole.role == Role.DEPARTMENT_STAFF.value
        )
    )
    return found is not None


async def is_secretary_of(session: AsyncSession, person_id: int, community_id: int) -> bool:
    return person_id in await people_with(session, Role.SECRETARY, community_id)


async def communities_for(db: Database, person_id: int) -> list[tuple[int, str]]:
    """The communities of the person's sub-district, (id, name), by name."""
    async with db.session() as session:
        sub = await session.scalar(select(Person.subdistrict_id).where(Person.id == person_id))
        rows = await session.execute(
            select(Community.id, Community.name).where(Community.subdistrict_id == sub).order_by(Community.id)
        )
        return [(r.id, r.name) for r in rows]


async def department_of(session: AsyncSession, person_id: int) -> str:
    name = await session.scalar(
        select(Department.name)
        .join(Person, Person.department_id == Department.id)
        .where(Person.id == person_id)
    )
    return name or ""


# --- issue ---------------------------------------------------------------------------------------------------------


@dataclass
class SheetDraft:
    title: str
    body: str
    community_ids: list[int]
    due: date
    contact: str
    urgent: bool = False
    urgent_reason: str | None = None
    photo: str | None = None
    latitude: float | None = None
    longitude: float | None = None


DRAFT_KEYS = (
    "title",
    "body",
    "communities",
    "due",
    "urgent",
    "urgent_reason",
    "contact",
    "photo",
    "lat",
    "lon",
)


async def load_draft(db: Database, person_id: int) -> dict | None:
    async with db.session() as session:
        draft = await session.get(PromptSheetDraft, person_id)
        return dict(draft.data) if draft else None


async def save_draft(db: Database, person_id: int, data: dict, now: datetime) -> None:
    """The fields of a sheet being written (DRAFT_KEYS), kept until it is sent or discarded."""
    kept = {k: data[k] for k in DRAFT_KEYS if data.get(k) is not None}
    async with db.session() as session:
        draft = await session.get(PromptSheetDraft, person_id)
        if draft is None:
            session.add(PromptSheetDraft(person_id=person_id, data=kept, updated_at=now))
        else:
            draft.data, draft.updated_at = kept, now


async def discard_draft(db: Database, person_id: int) -> None:
    async with db.session() as session:
        await session.execute(delete(PromptSheetDraft).where(PromptSheetDraft.person_id == person_id))


def check_body(body: str, config: SheetConfig) -> None:
    if not body.strip():
        raise SheetError("sheet-body-empty")
    if rules.text_too_long(body.strip(), config.text_limit):
        raise SheetError(
            "sheet-body-too-long",
            count=len(body.strip()),
            limit=config.text_limit,
            over=len(body.strip()) - config.text_limit,
        )


def check_due(due: date, today: date, cal: object, *, urgent: bool, config: SheetConfig) -> None:
    problem = rules.check_due(due, today, cal, urgent=urgent, lead=config.lead_days)  # type: ignore[arg-type]
    if problem is not None:
        earliest = rules.first_due(today, cal, urgent=urgent, lead=config.lead_days)  # type: ignore[arg-type]
        raise SheetError(f"sheet-due-{problem.value}", earliest=earliest.isoformat(), lead=config.lead_days)


def validate(draft: SheetDraft, today: date, cal: object, config: SheetConfig) -> None:
    if rules.clean_text(draft.title, rules.TITLE_MAX) is None:
        raise SheetError("sheet-title-bad", max=rules.TITLE_MAX)
    check_body(draft.body, config)
    if not draft.community_ids:
        raise SheetError("sheet-no-communities")
    if draft.urgent and rules.clean_text(draft.urgent_reason, rules.URGENT_REASON_MAX) is None:
        raise SheetError("sheet-urgent-reason-needed", max=rules.URGENT_REASON_MAX)
    check_due(draft.due, today, cal, urgent=draft.urgent, config=config)
    if rules.clean_text(draft.contact, rules.CONTACT_MAX) is None:
        raise SheetError("sheet-contact-bad", max=rules.CONTACT_MAX)
    if draft.photo and draft.latitude is not None:
        raise SheetError("sheet-one-attachment")


async def create_sheet(
    db: Database, person_id: int, draft: SheetDraft, now: datetime, config: SheetConfig
) -> int:
    """Store the sheet and one target per community, and send it to each community's secretaries."""
    cal = await cached_work_calendar(db)  # read before the write transaction (SQLite: one writer)
    today = config.today(now)
    validate(draft, today, cal, config)
    async with db.session() as session:
        sub, department, refusal = await issuer(session, person_id, draft.community_ids)
        if refusal:
            raise SheetError(f"sheet-{refusal}")
        known = set(draft.community_ids)
        sheet = PromptSheet(
            subdistrict_id=sub,
            sender_id=person_id,
            department=department,
            title=draft.title.strip(),
            body=draft.body.strip(),
            due_date=draft.due,
            urgent=draft.urgent,
            urgent_reason=((draft.urgent_reason or "").strip() or None) if draft.urgent else None,
            contact=draft.contact.strip(),
            photo=draft.photo,
            latitude=draft.latitude,
            longitude=draft.longitude,
            issued_on=today,
            created_at=now,
        )
        session.add(sheet)
        await session.flush()
        targets = []
        for community_id in sorted(known):
            target = PromptSheetTarget(
                sheet_id=sheet.id,
                community_id=community_id,
                status=TargetStatus.SENT.value,
                version=1,
                due_date=draft.due,
                result_photos=[],
                updated_at=now,
            )
            session.add(target)
            targets.append(target)
        await session.flush()
        await session.execute(delete(PromptSheetDraft).where(PromptSheetDraft.person_id == person_id))
        sender = await session.scalar(select(Person.name).where(Person.id == person_id)) or ""
        await _to_secretaries(session, sheet, targets, sender, now, config, event="new")
        return sheet.id


def sheet_card(locale: str, sheet: PromptSheet, sender: str, community: str | None = None) -> str:
    lines = [tr(locale, "sheet-card-title", id=sheet.id, title=escape(sheet.title))]
    if community:
        lines.append(tr(locale, "sheet-card-community", community=escape(community)))
    lines.append(
        tr(locale, "sheet-card-from", name=escape(sender), department=escape(sheet.department or "-"))
    )
    lines.append(tr(locale, "sheet-card-body", body=escape(sheet.body)))
    lines.append(tr(locale, "sheet-card-due", due=sheet.due_date.isoformat()))
    if sheet.urgent:
        lines.append(tr(locale, "sheet-card-urgent", reason=escape(sheet.urgent_reason or "")))
    lines.append(tr(locale, "sheet-card-contact", contact=escape(sheet.contact)))
    if sheet.latitude is not None and sheet.longitude is not None:
        lines.append(
            tr(locale, "sheet-card-location", lat=f"{sheet.latitude:.5f}", lon=f"{sheet.longitude:.5f}")
        )
    if sheet.photo:
        lines.append(tr(locale, "sheet-card-photo"))
    return Html("\n").join(lines)


async def _community_name(session: AsyncSession, community_id: int) -> str:
    return await session.scalar(select(Community.name).where(Community.id == community_id)) or ""


async def _to_secretaries(
    session: AsyncSession,
    sheet: PromptSheet,
    targets: list[PromptSheetTarget],
    sender: str,
    now: datetime,
    config: SheetConfig,
    *,
    event: str,
) -> None:
    """The sheet (or the sender's answer) to each target community's secretaries, with the buttons of its version;
    the secretaries and names of all the communities read at once (a sheet to every community is 200)."""
    ids = [t.community_id for t in targets]
    secretaries_of = await people_by_community(session, Role.SECRETARY, ids)
    names = dict(
        (await session.execute(select(Community.id, Community.name).where(Community.id.in_(ids)))).all()
    )
    for target in targets:
        secretaries, community = secretaries_of[target.community_id], names.get(target.community_id, "")

        def render(
            _person_id: int, locale: str, target: PromptSheetTarget = target, community: str = community
        ) -> tuple[str, list[tuple[str, str]]]:
            head = tr(locale, f"sheet-notice-{event}", id=sheet.id, answer=escape(target.answer or ""))
            text = head + "\n\n" + sheet_card(locale, sheet, sender, community)
            return text, secretary_buttons(locale, target.id, target.version, target.status)

        key = f"sheet:{sheet.id}:t{target.id}:v{target.version}"
        await send(
            session, secretaries, key=key, now=now, default_locale=config.default_locale, render=render
        )
        if sheet.photo and event == "new":
            for _person_id, chat_id, locale in await reachable(session, secretaries):
                await enqueue(
                    session,
                    key=f"{key}:photo:{chat_id}",
                    chat_id=chat_id,
                    method="sendPhoto",
                    payload={
                        "photo": sheet.photo,
                        "caption": tr(locale or config.default_locale, "sheet-photo-caption", id=sheet.id),
                    },
                    now=now,
                )


# --- answers -------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TargetView:
    id: int
    sheet_id: int
    community_id: int
    community: str
    status: str
    version: int
    title: str
    sender_id: int
    card: str = ""
    question: str | None = None
    answer: str | None = None


async def _locked_target(session: AsyncSession, target_id: int) -> PromptSheetTarget | None:
    return await session.scalar(
        select(PromptSheetTarget).where(PromptSheetTarget.id == target_id).with_for_update()
    )


async def check_press(db: Database, person_id: int, button: Button) -> TargetView:
    """Who may press this button now: raises SheetError (a clear answer, nothing changes) otherwise."""
    async with db.session() as session:
        target = await session.get(PromptSheetTarget, button.target_id)
        sheet = await session.get(PromptSheet, target.sheet_id) if target else None
        if target is None or sheet is None:
            raise SheetError("sheet-not-found")
        await _check(session, person_id, sheet, target, button.verb, button.version)
        return await _view(session, sheet, target, "zh-CN")


async def _check(
    session: AsyncSession,
    person_id: int,
    sheet: PromptSheet,
    target: PromptSheetTarget,
    verb: SheetVerb,
    version: int,
) -> None:
    if verb == SheetVerb.ANSWER:
        if person_id != sheet.sender_id:
            raise SheetError("sheet-not-sender")
    elif not await is_secretary_of(session, person_id, target.community_id):
        raise SheetError("sheet-not-your-community")
    if target.version != version or target.status not in rules.SHEET_FROM[verb]:
        raise SheetError("sheet-stale", status=target.status)


async def _view(
    session: AsyncSession, sheet: PromptSheet, target: PromptSheetTarget, locale: str
) -> TargetView:
    sender = await session.scalar(select(Person.name).where(Person.id == sheet.sender_id)) or ""
    community = await _community_name(session, target.community_id)
    return TargetView(
        id=target.id,
        sheet_id=sheet.id,
        community_id=target.community_id,
        community=community,
        status=target.status,
        version=target.version,
        title=sheet.title,
        sender_id=sheet.sender_id,
        card=sheet_card(locale, sheet, sender, community),
        question=target.question,
        answer=target.answer,
    )


async def respond(
    db: Database,
    person_id: int,
    button: Button,
    now: datetime,
    config: SheetConfig,
    *,
    note: str | None = None,
    photos: list[str] | None = None,
    locale: str = "zh-CN",
) -> TargetView:
    """A secretary's 已收到 / 已完成 (result, photos) / 有疑问 (question), or the sender's answer to a question."""
    clean = rules.clean_text(note, rules.NOTE_MAX)
    if button.verb != SheetVerb.RECEIVE and clean is None:
        raise SheetError("sheet-note-bad", max=rules.NOTE_MAX)
    if photos and len(photos) > rules.MAX_RESULT_PHOTOS:
        raise SheetError("sheet-too-many-photos", max=rules.MAX_RESULT_PHOTOS)
    async with db.session() as session:
        target = await _locked_target(session, button.target_id)
        sheet = await session.get(PromptSheet, target.sheet_id) if target else None
        if target is None or sheet is None:
            raise SheetError("sheet-not-found")
        await _check(session, person_id, sheet, target, button.verb, button.version)
        target.status = rules.SHEET_TO[button.verb].value
        target.version += 1
        target.updated_at = now
        if button.verb == SheetVerb.RECEIVE:
            target.received_at = now
        elif button.verb == SheetVerb.DONE:
            target.result = clean
            target.result_photos = list(photos or [])
            target.done_on = config.today(now)
            target.done_by = person_id
            target.received_at = target.received_at or now
        elif button.verb == SheetVerb.ASK:
            target.question = clean
            target.answer = None
            target.received_at = target.received_at or now
        else:
            target.answer = clean
        await session.flush()
        sender = await session.scalar(select(Person.name).where(Person.id == sheet.sender_id)) or ""
        actor = await session.scalar(select(Person.name).where(Person.id == person_id)) or ""
        community = await _community_name(session, target.community_id)
        if button.verb == SheetVerb.ANSWER:
            await _to_secretaries(session, sheet, [target], sender, now, config, event="answer")
        elif button.verb in (SheetVerb.DONE, SheetVerb.ASK):
            await _to_sender(session, sheet, target, community, actor, now, config)
        return await _view(session, sheet, target, locale)


async def _to_sender(
    session: AsyncSession,
    sheet: PromptSheet,
    target: PromptSheetTarget,
    community: str,
    actor: str,
    now: datetime,
    config: SheetConfig,
) -> None:
    def render(_person_id: int, locale: str) -> tuple[str, list[tuple[str, str]]]:
        asked = target.status == TargetStatus.QUESTION
        text = tr(
            locale,
            "sheet-notice-question" if asked else "sheet-notice-done",
            id=sheet.id,
            title=escape(sheet.title),
            community=escape(community),
            name=escape(actor),
            question=escape(target.question or ""),
            result=escape(target.result or ""),
            photos=len(target.result_photos or []),
        )
        answer = (tr(locale, "sheet-btn-ans"), button_data(SheetVerb.ANSWER, target.id, target.version))
        return text, [answer] if asked else []

    await send(
        session,
        [sheet.sender_id],
        key=f"sheet:{sheet.id}:t{target.id}:v{target.version}:sender",
        now=now,
        default_locale=config.default_locale,
        render=render,
    )


# --- the sender's view -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SheetLine:
    id: int
    title: str
    due_date: date
    total: int
    done: int
    questions: int


async def my_sheets(db: Database, person_id: int, limit: int = 20) -> list[SheetLine]:
    """The person's latest sheets, with how many communities are done and how many asked a question."""
    async with db.session() as session:
        done = func.sum(case((PromptSheetTarget.status == TargetStatus.DONE.value, 1), else_=0))
        asked = func.sum(case((PromptSheetTarget.status == TargetStatus.QUESTION.value, 1), else_=0))
        rows = await session.execute(
            select(
                PromptSheet.id,
                PromptSheet.title,
                PromptSheet.due_date,
                func.count(PromptSheetTarget.id),
                done,
                asked,
            )
            .join(PromptSheetTarget, PromptSheetTarget.sheet_id == PromptSheet.id)
            .where(PromptSheet.sender_id == person_id)
            .group_by(PromptSheet.id, PromptSheet.title, PromptSheet.due_date)
            .order_by(PromptSheet.id.desc())
            .limit(limit)
        )
        return [SheetLine(r[0], r[1], r[2], r[3], int(r[4] or 0), int(r[5] or 0)) for r in rows]


@dataclass(frozen=True)
class CommunityState:
    target_id: int
    community: str
    status: str
    result: str | None
    photos: int
    question: str | None
    answer: str | None
    overdue: bool
    photo_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class SheetStatus:
    id: int
    title: str
    due_date: date
    card: str
    communities: list[CommunityState] = field(default_factory=list)


async def sheet_status(
    db: Database, person_id: int, sheet_id: int, now: datetime, config: SheetConfig, locale: str
) -> SheetStatus:
    """Each community's state of the sheet; only its sender may see it."""
    today = config.today(now)
    async with db.session() as session:
        sheet = await session.get(PromptSheet, sheet_id)
        if sheet is None or sheet.sender_id != person_id:
            raise SheetError("sheet-not-found")
        sender = await session.scalar(select(Person.name).where(Person.id == sheet.sender_id)) or ""
        rows = await session.execute(
            select(PromptSheetTarget, Community.name)
            .join(Community, Community.id == PromptSheetTarget.community_id)
            .where(PromptSheetTarget.sheet_id == sheet_id)
            .order_by(Community.id)
        )
        states = [
            CommunityState(
                t.id,
                name,
                t.status,
                t.result,
                len(t.result_photos or []),
                t.question,
                t.answer,
                rules.is_overdue(t.due_date, t.status, t.done_on, today),
                tuple(t.result_photos or ()),
            )
            for t, name in rows.all()
        ]
        return SheetStatus(sheet.id, sheet.title, sheet.due_date, sheet_card(locale, sheet, sender), states)
