"""Problems and suggestions: report, move through the lifecycle, 即报即办 pushes, what waits for whom.

Each function is one thing a person (or the clock) does: it checks the rule in `domain.problems` against the item as
it is now, writes the change, its history entry and its notifications in one transaction, and returns plain data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from markupsafe import Markup, escape
from sqlalchemy import and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from domain import problems as rules
from domain.naming import natural_key
from domain.phones import mask_phone
from domain.problems import Kind, Move, Status
from domain.roles import Role
from locales import tr, tr_text
from services import problem_notify as pn
from services.calendar import cached_work_calendar
from services.refusal import Refusal
from storage.db import Database
from storage.models import (
    Community,
    Department,
    Grid,
    Person,
    PersonGrid,
    PersonRole,
    Problem,
    ProblemEvent,
    ProblemRegister,
)


@dataclass(frozen=True)
class ProblemConfig:
    categories: dict[str, int] = field(default_factory=lambda: dict(rules.DEFAULT_CATEGORIES))
    urgent_ack: timedelta = timedelta(minutes=30)
    urgent_max_resends: int = 3
    register_due_day: int = 5
    timezone: str = "Asia/Shanghai"
    default_locale: str = "zh-CN"

    @classmethod
    def from_settings(cls, settings: object) -> ProblemConfig:
        return cls(
            categories=dict(settings.problem_categories),  # type: ignore[attr-defined]
            urgent_ack=timedelta(minutes=settings.problem_urgent_ack_minutes),  # type: ignore[attr-defined]
            urgent_max_resends=settings.problem_urgent_max_resends,  # type: ignore[attr-defined]
            register_due_day=settings.problem_register_due_day,  # type: ignore[attr-defined]
            timezone=settings.timezone,  # type: ignore[attr-defined]
            default_locale=settings.default_locale,  # type: ignore[attr-defined]
        )

    def today(self, now: datetime) -> date:
        return now.astimezone(ZoneInfo(self.timezone)).date()

    def local(self, moment: datetime) -> datetime:
        return moment.astimezone(ZoneInfo(self.timezone))


class ProblemError(Refusal):
    """A refusal the person is told about: `key` is a Fluent message id of problems.ftl."""


def category_label(locale: str, key: str) -> str:
    label = tr_text(locale, f"problem-cat-{key}")  # a plain label: escaped where a message shows it
    return key if label == f"problem-cat-{key}" else label


# --- who is acting --------------------------------------------------------------------------------------------


async def load_person(session: AsyncSession, person_id: int) -> rules.Person:
    row = (
        await session.execute(
            select(Person.subdistrict_id, Department.name)
            .outerjoin(Department, Department.id == Person.department_id)
            .where(Person.id == person_id)
        )
    ).first()
    if row is None:
        raise ProblemError("problem-no-permission")
    roles = await session.execute(
        select(PersonRole.role, PersonRole.community_id).where(PersonRole.person_id == person_id)
    )
    return rules.Person(
        id=person_id,
        subdistrict_id=row[0],
        roles=frozenset((Role(r.role), r.community_id) for r in roles),
        department=row[1],
    )


def _view(problem: Problem | Card) -> rules.ItemView:
    """What the rules need of a stored item or of its card."""
    return rules.ItemView(
        status=Status(problem.status),
        community_id=problem.community_id,
        subdistrict_id=problem.subdistrict_id,
        reporter_id=problem.reporter_id,
        owner_id=problem.owner_id,
        leader_id=problem.leader_id,
    )


# --- report ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GridChoice:
    id: int
    name: str
    community: str


async def grids_for(db: Database, person_id: int) -> list[GridChoice]:
    """The grids a person may report in: their own grids first, then every grid of their communities (all grids of
    the sub-district for those without a community, such as the law-enforcement brigade)."""
    async with db.session() as session:
        own = set(
            (await session.scalars(select(PersonGrid.grid_id).where(PersonGrid.person_id == person_id))).all()
        )
        communities = set(
            (
                await session.scalars(
                    select(PersonRole.community_id).where(
                        PersonRole.person_id == person_id, PersonRole.community_id.is_not(None)
                    )
                )
            ).all()
        )
        query = select(Grid.id, Grid.name, Community.name.label("community")).join(Community)
        if communities:
            query = query.where(or_(Grid.community_id.in_(communities), Grid.id.in_(own or {0})))
        else:
            sub = (
                await session.execute(select(Person.subdistrict_id).where(Person.id == person_id))
            ).scalar()
            query = query.where(Community.subdistrict_id == sub)
        rows = (await session.execute(query.order_by(Community.name, Grid.name))).all()
    rows = sorted(rows, key=lambda r: (natural_key(r.community), natural_key(r.name)))  # 第二 before 第十
    choices = [GridChoice(r.id, r.name, r.community) for r in rows]
    return sorted(choices, key=lambda g: g.id not in own)


@dataclass
class Draft:
    kind: str
    grid_id: int
    category: str
    description: str
    latitude: float | None = None
    longitude: float | None = None
    address: str | None = None
    photos: list[str] = field(default_factory=list)
    resident_name: str | None = None
    resident_phone: str | None = None
    urgent: bool = False
    log_id: int | None = None
    observed_on: date | None = None


@dataclass(frozen=True)
class SimilarItem:
    id: int
    description: str
    reported_at: datetime
    status: str


async def similar_open_items(
    db: Database, grid_id: int, category: str, now: datetime, kind: str = Kind.PROBLEM
) -> list[SimilarItem]:
    """Open items of the same category in the same grid from the last 7 days: the duplicate hint."""
    since = now - timedelta(days=rules.DUPLICATE_WINDOW_DAYS)
    async with db.session() as session:
        rows = await session.execute(
            select(Problem.id, Problem.description, Problem.reported_at, Problem.status)
            .where(
                Problem.grid_id == grid_id,
                Problem.category == category,
                Problem.kind == kind,
                Problem.reported_at >= since,
                Problem.status.in_([s.value for s in rules.OPEN_STATUSES]),
            )
            .order_by(Problem.reported_at.desc())
            .limit(5)
        )
        return [SimilarItem(r.id, r.description, r.reported_at, r.status) for r in rows]


def validate_draft(draft: Draft, config: ProblemConfig) -> None:
    if draft.kind not in set(Kind):
        raise ProblemError("problem-bad-kind")
    if draft.category not in config.categories:
        raise ProblemError("problem-bad-category")
    if rules.clean_text(draft.description, rules.MAX_DESCRIPTION) is None:
        raise ProblemError("problem-description-empty")
    if len(draft.photos) > rules.MAX_PHOTOS:
        raise ProblemError("problem-too-many-photos", max=rules.MAX_PHOTOS)
    if draft.latitude is not None and not rules.plausible_location(draft.latitude, draft.longitude or 0.0):
        raise ProblemError("problem-location-implausible")


async def create_problem(
    db: Database, person_id: int, draft: Draft, now: datetime, config: ProblemConfig
) -> int:
    """Record the item (the recorder is its first-inquiry owner 首问负责), notify the community, push 即报即办."""
    validate_draft(draft, config)
    # PRC working days (holidays and make-up days; issue 6's calendar, loaded years included), read before the
    # write transaction opens: on SQLite a second connection would wait for it.
    calendar = await cached_work_calendar(db)
    async with db.session() as session:
        grid = await session.get(Grid, draft.grid_id)
        allowed = {g.id for g in await _grids_in(session, person_id)}
        if grid is None or grid.id not in allowed:
            raise ProblemError("problem-bad-grid")
        community = await session.get(Community, grid.community_id)
        assert community is not None
        due = calendar.add_working_days(config.today(now), config.categories[draft.category])
        problem = Problem(
            subdistrict_id=community.subdistrict_id,
            community_id=community.id,
            grid_id=grid.id,
            kind=draft.kind,
            category=draft.category,
            description=draft.description.strip(),
            latitude=draft.latitude,
            longitude=draft.longitude,
            address=draft.address,
            photos=list(draft.photos),
            resident_name=draft.resident_name,
            resident_phone=draft.resident_phone,
            urgent=draft.urgent,
            status=Status.REPORTED,
            reporter_id=person_id,
            owner_id=person_id,
            escalated=False,
            city_flag=False,
            result_photos=[],
            due_date=due,
            log_id=draft.log_id,
            observed_on=draft.observed_on,
            reported_at=now,
            updated_at=now,
            urgent_rounds=0,
        )
        session.add(problem)
        await session.flush()
        event = ProblemEvent(
            problem_id=problem.id, at=now, actor_id=person_id, move="report", to_status=Status.REPORTED
        )
        session.add(event)
        await session.flush()
        secretaries = await people_with(session, Role.SECRETARY, community.id)
        await notify_change(session, problem, event, secretaries, now, config, actor_id=person_id)
        if problem.urgent:
            problem.urgent_pushed_at = now
            await _push_urgent(session, problem, 0, now, config)
        return problem.id


async def link_duplicate(
    db: Database, person_id: int, problem_id: int, note: str, now: datetime, config: ProblemConfig
) -> None:
    """ "Same as this one": the report is added to the existing item's history instead of becoming a new item."""
    async with db.session() as session:
        problem = (
            await session.execute(select(Problem).where(Problem.id == problem_id).with_for_update())
        ).scalar_one_or_none()
        if problem is None or problem.status not in rules.OPEN_STATUSES:
            raise ProblemError("problem-changed")
        if problem.grid_id not in {g.id for g in await _grids_in(session, person_id)}:
            raise ProblemError("problem-no-permission")
        event = ProblemEvent(
            problem_id=problem.id,
            at=now,
            actor_id=person_id,
            move="same",
            from_status=problem.status,
            to_status=problem.status,
            note=(note or "").strip()[: rules.MAX_NOTE] or None,
        )
        session.add(event)
        problem.updated_at = now
        await session.flush()
        await notify_change(session, problem, event, [], now, config, actor_id=person_id)


async def _grids_in(session: AsyncSession, person_id: int) -> list[Grid]:
    communities = (
        await session.scalars(
            select(PersonRole.community_id).where(
                PersonRole.person_id == person_id, PersonRole.community_id.is_not(None)
            )
        )
    ).all()
    own = (await session.scalars(select(PersonGrid.grid_id).where(PersonGrid.person_id == person_id))).all()
    if communities:
        query = select(Grid).where(or_(Grid.community_id.in_(communities), Grid.id.in_(own or [0])))
    else:
        sub = (await session.execute(select(Person.subdistrict_id).where(Person.id == person_id))).scalar()
        query = select(Grid).join(Community).where(Community.subdistrict_id == sub)
    return list((await session.scalars(query)).all())


# --- lifecycle ------------------------------------------------------------------------------------------------


async def apply_move(
    db: Database,
    person_id: int,
    problem_id: int,
    move: Move,
    now: datetime,
    config: ProblemConfig,
    *,
    expected_status: str | None = None,
    note: str | None = None,
    photos: list[str] | None = None,
    leader_id: int | None = None,
    due: date | None = None,
) -> Status:
    """Make `move` on the item as `person_id`; raises ProblemError (nothing changed) when it is not allowed now."""
    async with db.session() as session:
        problem = await locked_problem(session, problem_id)
        if expected_status is not None and problem.status != expected_status:
            raise ProblemError("problem-changed")
        person = await load_person(session, person_id)
        if not rules.may(person, _view(problem), move):
            raise ProblemError("problem-no-permission")
        clean_note = (note or "").strip() or None
        if move in rules.NOTE_REQUIRED and rules.clean_text(clean_note, rules.MAX_NOTE) is None:
            raise ProblemError("problem-note-empty", max=rules.MAX_NOTE)
        if clean_note and len(clean_note) > rules.MAX_NOTE:
            raise ProblemError("problem-note-empty", max=rules.MAX_NOTE)
        if photos and len(photos) > rules.MAX_PHOTOS:
            raise ProblemError("problem-too-many-photos", max=rules.MAX_PHOTOS)
        before = Status(problem.status)
        extra: list[int] = []
        if move == Move.ASSIGN:
            await check_leader_and_due(session, problem, leader_id, due, now, config)
            problem.leader_id = leader_id
            problem.owner_id = leader_id
            problem.due_date = due
            extra.append(leader_id)  # type: ignore[arg-type]
        after = rules.target_status(move, before, Status(problem.reopen_to) if problem.reopen_to else None)
        if move == Move.CLAIM:
            problem.owner_id = person_id
            problem.escalated = True
        elif move == Move.ESCALATE:
            problem.escalated = True
            problem.advice = clean_note
            extra += await office_staff(session, problem.subdistrict_id)
        elif move == Move.REGISTER:
            extra += await people_with(session, Role.PRINCIPAL_LEADER, None, problem.subdistrict_id)
        elif move == Move.RESOLVE:
            problem.reopen_to = (
                Status.IN_PROGRESS if before in (Status.ASSIGNED, Status.IN_PROGRESS) else before
            ).value
            problem.result = clean_note
            problem.result_photos = list(photos or [])
        elif move == Move.ACCEPT:
            extra += await people_with(session, Role.PAIRED_CADRE, problem.community_id)
        elif move == Move.NOT_FIXED:
            if problem.leader_id:
                extra.append(problem.leader_id)
            # Whoever reported it done (a community resolves an item nobody escalated) hears it is not.
            resolver = (
                await session.execute(
                    select(ProblemEvent.actor_id)
                    .where(ProblemEvent.problem_id == problem.id, ProblemEvent.move == Move.RESOLVE.value)
                    .order_by(ProblemEvent.id.desc())
                    .limit(1)
                )
            ).scalar()
            if resolver is not None:
                extra.append(resolver)
        elif move == Move.CITY:
            problem.city_flag = not problem.city_flag
            problem.city_note = clean_note if problem.city_flag else None
        problem.status = after.value
        problem.updated_at = now
        event = ProblemEvent(
            problem_id=problem.id,
            at=now,
            actor_id=person_id,
            move=move.value,
            from_status=before.value,
            to_status=after.value,
            note=clean_note if move != Move.ASSIGN else None,
        )
        session.add(event)
        await session.flush()
        await notify_change(session, problem, event, extra, now, config, actor_id=person_id)
        return after


async def locked_problem(session: AsyncSession, problem_id: int) -> Problem:
    problem = (
        await session.execute(select(Problem).where(Problem.id == problem_id).with_for_update())
    ).scalar_one_or_none()
    if problem is None:
        raise ProblemError("problem-not-found")
    return problem


async def leaders_of(db: Database, subdistrict_id: int | None) -> list[tuple[int, str]]:
    """Who can be named responsible leader 包办领导: principal leaders and leaders in charge of communities."""
    async with db.session() as session:
        rows = await session.execute(
            select(Person.id, Person.name)
            .join(PersonRole, PersonRole.person_id == Person.id)
            .where(
                Person.subdistrict_id == subdistrict_id,
                PersonRole.role.in_([Role.PRINCIPAL_LEADER.value, Role.LEADER_IN_CHARGE.value]),
            )
            .distinct()
            .order_by(Person.id)
        )
        return [(r.id, r.name) for r in rows]


async def check_leader_and_due(
    session: AsyncSession,
    problem: Problem,
    leader_id: int | None,
    due: date | None,
    now: datetime,
    config: ProblemConfig,
) -> None:
    if leader_id is None:
        raise ProblemError("problem-pick-leader")
    ok = (
        await session.execute(
            select(PersonRole.id)
            .join(Person, Person.id == PersonRole.person_id)
            .where(
                PersonRole.person_id == leader_id,
                Person.subdistrict_id == problem.subdistrict_id,
                PersonRole.role.in_([Role.PRINCIPAL_LEADER.value, Role.LEADER_IN_CHARGE.value]),
            )
        )
    ).first()
    if ok is None:
        raise ProblemError("problem-pick-leader")
    if due is None or due < config.today(now):
        raise ProblemError("problem-due-past")


async def people_with(
    session: AsyncSession, role: Role, community_id: int | None, subdistrict_id: int | None = None
) -> list[int]:
    query = (
        select(PersonRole.person_id)
        .join(Person, Person.id == PersonRole.person_id)
        .where(PersonRole.role == role.value)
    )
    if community_id is not None:
        query = query.where(PersonRole.community_id == community_id)
    if subdistrict_id is not None:
        query = query.where(Person.subdistrict_id == subdistrict_id)
    return sorted(set((await session.scalars(query)).all()))


async def people_by_community(
    session: AsyncSession, role: Role, community_ids: list[int]
) -> dict[int, list[int]]:
    """community id → the people holding `role` there, each list sorted: `people_with` for many communities in one
    query (a notice to every community of a sub-district is 200 of them)."""
    found: dict[int, list[int]] = {c: [] for c in community_ids}
    for person_id, community_id in await session.execute(
        select(PersonRole.person_id, PersonRole.community_id)
        .where(PersonRole.role == role.value, PersonRole.community_id.in_(community_ids))
        .distinct()
        .order_by(PersonRole.person_id)
    ):
        found[community_id].append(person_id)  # type: ignore[index]  # the IN filter rules out NULL
    return found


async def office_staff(session: AsyncSession, subdistrict_id: int | None) -> list[int]:
    rows = await session.scalars(
        select(Person.id)
        .join(PersonRole, PersonRole.person_id == Person.id)
        .join(Department, Department.id == Person.department_id)
        .where(
            PersonRole.role == Role.DEPARTMENT_STAFF.value,
            Department.name == rules.OFFICE_DEPARTMENT,
            Person.subdistrict_id == subdistrict_id,
        )
    )
    return sorted(set(rows.all()))


# --- what an item looks like to whom ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Card:
    """An item as plain data, with the names it refers to."""

    id: int
    kind: str
    category: str
    status: str
    urgent: bool
    community_id: int
    subdistrict_id: int | None
    community: str
    grid: str
    description: str
    latitude: float | None
    longitude: float | None
    address: str | None
    photos: tuple[str, ...]
    resident_name: str | None
    resident_phone: str | None
    reporter_id: int
    reporter: str
    owner_id: int | None
    owner: str
    leader_id: int | None
    leader: str
    due_date: date | None
    city_flag: bool
    city_note: str | None
    advice: str | None
    result: str | None
    result_photos: tuple[str, ...]
    reported_at: datetime
    urgent_acked: bool
    full_phone_ids: frozenset[int]  # who sees the resident's phone unmasked

    @property
    def view(self) -> rules.ItemView:
        return _view(self)


async def _card(session: AsyncSession, problem: Problem) -> Card:
    ids = {i for i in (problem.reporter_id, problem.owner_id, problem.leader_id) if i}
    names = (
        dict((await session.execute(select(Person.id, Person.name).where(Person.id.in_(ids)))).all())
        if ids
        else {}
    )
    community = await session.get(Community, problem.community_id)
    grid = await session.get(Grid, problem.grid_id) if problem.grid_id else None
    secretaries = await people_with(session, Role.SECRETARY, problem.community_id)
    return Card(
        id=problem.id,
        kind=problem.kind,
        category=problem.category,
        status=problem.status,
        urgent=problem.urgent,
        community_id=problem.community_id,
        subdistrict_id=problem.subdistrict_id,
        community=community.name if community else "",
        grid=grid.name if grid else "",
        description=problem.description,
        latitude=problem.latitude,
        longitude=problem.longitude,
        address=problem.address,
        photos=tuple(problem.photos or ()),
        resident_name=problem.resident_name,
        resident_phone=problem.resident_phone,
        reporter_id=problem.reporter_id,
        reporter=names.get(problem.reporter_id, ""),
        owner_id=problem.owner_id,
        owner=names.get(problem.owner_id, "") if problem.owner_id else "",
        leader_id=problem.leader_id,
        leader=names.get(problem.leader_id, "") if problem.leader_id else "",
        due_date=problem.due_date,
        city_flag=problem.city_flag,
        city_note=problem.city_note,
        advice=problem.advice,
        result=problem.result,
        result_photos=tuple(problem.result_photos or ()),
        reported_at=problem.reported_at,
        urgent_acked=problem.urgent_acked_at is not None,
        full_phone_ids=frozenset(
            {problem.reporter_id, *(i for i in (problem.owner_id, problem.leader_id) if i), *secretaries}
        ),
    )


async def card(db: Database, problem_id: int) -> Card | None:
    async with db.session() as session:
        problem = await session.get(Problem, problem_id)
        return None if problem is None else await _card(session, problem)


def status_label(locale: str, status: str) -> str:
    return tr_text(locale, f"problem-status-{status}")


def render_card(c: Card, viewer_id: int, locale: str, config: ProblemConfig, now: datetime) -> Markup:
    """The item as its viewer may see it: the resident's phone is masked unless the viewer handles the item."""
    phone = c.resident_phone or ""
    if phone and viewer_id not in c.full_phone_ids:
        phone = mask_phone(phone)
    lines = [
        tr(
            locale,
            "problem-card-title",
            id=c.id,
            kind=tr(locale, f"problem-kind-{c.kind}"),
            category=escape(category_label(locale, c.category)),
        )
    ]
    if c.urgent:
        lines.append(tr(locale, "problem-card-urgent"))
    lines.append(tr(locale, "problem-card-status", status=status_label(locale, c.status)))
    lines.append(tr(locale, "problem-card-where", community=escape(c.community), grid=escape(c.grid)))
    lines.append(
        tr(
            locale,
            "problem-card-reported",
            reporter=escape(c.reporter),
            at=config.local(c.reported_at).strftime("%Y-%m-%d %H:%M"),
        )
    )
    lines.append(tr(locale, "problem-card-description", text=escape(c.description)))
    if c.latitude is not None:
        lines.append(tr(locale, "problem-card-location", lat=f"{c.latitude:.5f}", lon=f"{c.longitude:.5f}"))
    if c.address:
        lines.append(tr(locale, "problem-card-address", address=escape(c.address)))
    if c.photos:
        lines.append(tr(locale, "problem-card-photos", count=len(c.photos)))
    if c.resident_name or phone:
        lines.append(
            tr(locale, "problem-card-resident", name=escape(c.resident_name or "-"), phone=phone or "-")
        )
    if c.owner:
        lines.append(tr(locale, "problem-card-owner", owner=escape(c.owner)))
    if c.leader:
        lines.append(tr(locale, "problem-card-leader", leader=escape(c.leader)))
    if c.due_date:
        overdue = rules.is_overdue(c.due_date, Status(c.status), config.today(now))
        lines.append(
            tr(
                locale,
                "problem-card-due-overdue" if overdue else "problem-card-due",
                due=c.due_date.isoformat(),
            )
        )
    if c.city_flag:
        lines.append(tr(locale, "problem-card-city", note=escape(c.city_note or "-")))
    if c.result:
        lines.append(tr(locale, "problem-card-result", result=escape(c.result)))
    return Markup("\n").join(lines)


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime
    actor: str
    move: str
    from_status: str | None
    to_status: str
    note: str | None


async def history(db: Database, problem_id: int) -> list[HistoryEntry]:
    async with db.session() as session:
        rows = await session.execute(
            select(ProblemEvent, Person.name)
            .outerjoin(Person, Person.id == ProblemEvent.actor_id)
            .where(ProblemEvent.problem_id == problem_id)
            .order_by(ProblemEvent.id)
        )
        return [
            HistoryEntry(e.at, name or "", e.move, e.from_status, e.to_status, e.note)
            for e, name in rows.all()
        ]


async def moves_for(db: Database, person_id: int, problem_id: int) -> tuple[Card | None, list[Move]]:
    async with db.session() as session:
        problem = await session.get(Problem, problem_id)
        if problem is None:
            return None, []
        person = await load_person(session, person_id)
        return await _card(session, problem), rules.allowed_moves(person, _view(problem))


async def notify_change(
    session: AsyncSession,
    problem: Problem,
    event: ProblemEvent,
    extra: list[int],
    now: datetime,
    config: ProblemConfig,
    *,
    actor_id: int,
) -> None:
    """The item's card, one per chat, always current (`pn.cards`): every chat holding it sees it edited with this
    change; the reporter, the current owner, the responsible leader and whoever must act next get it as a new message
    if they have none yet; those who had it and must act now (the move put the item in a state where they have a
    move to make, such as the new owner) also get a short new notice with the button to act."""
    recipients = {problem.reporter_id, *(i for i in (problem.owner_id, problem.leader_id) if i), *extra}
    recipients.discard(actor_id)
    c = await _card(session, problem)
    actor_name = (await session.execute(select(Person.name).where(Person.id == actor_id))).scalar() or ""
    # Who is asked to act: those the change hands the item to (`extra`), and anyone the new state gives a move; a
    # flag, a note or an acknowledgement (the state unchanged) asks nothing new of the others.
    asked = recipients if event.from_status != event.to_status else recipients & set(extra)
    must_act: set[int] = set()
    for person_id in sorted(asked):
        person = await load_person(session, person_id)
        if any(m != Move.CITY for m in rules.allowed_moves(person, c.view)):
            must_act.add(person_id)

    def head(locale: str) -> Markup:
        return tr(
            locale,
            f"problem-event-{event.move}",
            id=c.id,
            actor=actor_name,
            status=status_label(locale, c.status),
        )

    def button(locale: str) -> list[tuple[str, str]]:
        return [(tr_text(locale, "problem-btn-open"), pn.OPEN_DATA.format(id=c.id))]

    def render(person_id: int, locale: str) -> tuple[str, list[tuple[str, str]]]:
        parts = [head(locale)]
        if event.note:
            parts.append(tr(locale, "problem-event-note", note=event.note))
        parts += [Markup(""), render_card(c, person_id, locale, config, now)]
        return Markup("\n").join(parts), button(locale)

    def todo(person_id: int, locale: str) -> str | None:
        if person_id not in must_act:
            return None
        return tr(locale, "problem-todo", event=head(locale), id=c.id)

    await pn.cards(
        session,
        problem.id,
        recipients,
        key=f"problem:{problem.id}:event:{event.id}",
        now=now,
        default_locale=config.default_locale,
        render=render,
        todo=todo,
    )


# --- 即报即办 -------------------------------------------------------------------------------------------------------


async def urgent_recipients(session: AsyncSession, problem: Problem) -> list[int]:
    """Principal leaders, the leaders in charge of the item's community, and 党政办."""
    principals = await people_with(session, Role.PRINCIPAL_LEADER, None, problem.subdistrict_id)
    in_charge = await people_with(session, Role.LEADER_IN_CHARGE, problem.community_id)
    return sorted(set(principals) | set(in_charge) | set(await office_staff(session, problem.subdistrict_id)))


async def _push_urgent(
    session: AsyncSession, problem: Problem, round_: int, now: datetime, config: ProblemConfig
) -> None:
    c = await _card(session, problem)

    def render(person_id: int, locale: str) -> tuple[str, list[tuple[str, str]]]:
        head = tr(
            locale, "problem-urgent-push" if round_ == 0 else "problem-urgent-again", id=c.id, round=round_
        )
        return head + "\n\n" + render_card(c, person_id, locale, config, now), [
            (tr(locale, "problem-btn-ack"), pn.ACK_DATA.format(id=c.id)),
            (tr(locale, "problem-btn-open"), pn.OPEN_DATA.format(id=c.id)),
        ]

    await pn.send(
        session,
        await urgent_recipients(session, problem),
        key=f"problem:{problem.id}:urgent:{round_}",
        now=now,
        default_locale=config.default_locale,
        render=render,
    )


async def acknowledge(
    db: Database, person_id: int, problem_id: int, now: datetime, config: ProblemConfig
) -> str | None:
    """The acknowledge button of a 即报即办 push. Returns the name of whoever acknowledged it earlier, if anyone."""
    async with db.session() as session:
        problem = await locked_problem(session, problem_id)
        if not problem.urgent or person_id not in await urgent_recipients(session, problem):
            raise ProblemError("problem-no-permission")
        if problem.urgent_acked_at is not None:
            return (
                await session.execute(select(Person.name).where(Person.id == problem.urgent_acked_by))
            ).scalar() or ""
        problem.urgent_acked_at = now
        problem.urgent_acked_by = person_id
        event = ProblemEvent(
            problem_id=problem.id,
            at=now,
            actor_id=person_id,
            move="ack",
            from_status=problem.status,
            to_status=problem.status,
        )
        session.add(event)
        await session.flush()
        await notify_change(session, problem, event, [], now, config, actor_id=person_id)
        return None


async def resend_unacknowledged(db: Database, now: datetime, config: ProblemConfig | None = None) -> int:
    """The 即报即办 watch: a special/major item nobody acknowledged within `config.urgent_ack` is pushed again and
    the administrators are told. Safe to run as often as wanted: each round is queued once (idempotency keys).
    Returns how many items were pushed again."""
    config = config or ProblemConfig()
    async with db.session() as session:
        due = (
            await session.scalars(
                select(Problem)
                .where(
                    Problem.urgent.is_(True),
                    Problem.urgent_acked_at.is_(None),
                    Problem.urgent_pushed_at <= now - config.urgent_ack,
                    Problem.urgent_rounds < config.urgent_max_resends,
                    Problem.status.in_([s.value for s in rules.OPEN_STATUSES]),
                )
                .with_for_update(skip_locked=True)
            )
        ).all()
        minutes = int(config.urgent_ack.total_seconds() // 60)
        for problem in due:
            problem.urgent_rounds += 1
            problem.urgent_pushed_at = now
            await _push_urgent(session, problem, problem.urgent_rounds, now, config)
            admins = await people_with(session, Role.ADMIN, None)
            c = await _card(session, problem)
            rounds = problem.urgent_rounds

            def render(
                person_id: int, locale: str, c: Card = c, rounds: int = rounds
            ) -> tuple[str, list[tuple[str, str]]]:
                return (
                    tr(locale, "problem-urgent-admin", id=c.id, minutes=minutes, round=rounds)
                    + "\n\n"
                    + render_card(c, person_id, locale, config, now),
                    [],
                )

            await pn.send(
                session,
                admins,
                key=f"problem:{problem.id}:urgent-admin:{rounds}",
                now=now,
                default_locale=config.default_locale,
                render=render,
            )
        return len(due)


# --- what waits for whom ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PendingItem:
    """One line of the problems part of /pending: an item, or a monthly register, and what to do with it."""

    kind: str  # "problem", "register_sign" (principal leader), "register_submit" (secretary)
    ref_id: int  # problem id, register id, or community id for register_submit
    title: str  # plain text (no markup), short
    moves: tuple[str, ...] = ()
    due_date: date | None = None
    overdue: bool = False
    year: int = 0
    month: int = 0


async def pending_items(
    db: Database, actor: object, now: datetime, config: ProblemConfig | None = None
) -> list[PendingItem]:
    """What waits for this person: items they may accept, claim, register, assign, resolve or confirm; the items
    they lead, by due date; registers to sign (principal leaders) or to submit (secretaries, after month end)."""
    config = config or ProblemConfig()
    person_id = getattr(actor, "person_id", None)
    if person_id is None:
        return []
    today = config.today(now)
    calendar = await cached_work_calendar(db)
    async with db.session() as session:
        person = await load_person(session, person_id)
        communities = {c for _, c in person.roles if c is not None}
        conditions = [
            Problem.reporter_id == person_id,
            Problem.owner_id == person_id,
            Problem.leader_id == person_id,
        ]
        if communities:
            conditions.append(Problem.community_id.in_(communities))
        if person.subdistrict_id is not None:
            conditions.append(
                and_(
                    Problem.subdistrict_id == person.subdistrict_id,
                    Problem.status.in_([Status.ESCALATED.value, Status.REGISTERED.value]),
                )
            )
        problems = (
            await session.scalars(
                select(Problem).where(or_(*conditions), Problem.status != Status.CLOSED.value)
            )
        ).all()
        items: list[PendingItem] = []
        for problem in problems:
            moves = [m for m in rules.allowed_moves(person, _view(problem)) if m != Move.CITY]
            if not moves:
                continue
            items.append(
                PendingItem(
                    kind="problem",
                    ref_id=problem.id,
                    title=problem.description[:30],
                    moves=tuple(m.value for m in moves),
                    due_date=problem.due_date,
                    overdue=rules.is_overdue(problem.due_date, Status(problem.status), today),
                )
            )
        items.sort(key=lambda i: (i.due_date or date.max, i.ref_id))
        if person.has(Role.PRINCIPAL_LEADER):
            registers = await session.execute(
                select(ProblemRegister, Community.name)
                .join(Community, Community.id == ProblemRegister.community_id)
                .where(ProblemRegister.signed_at.is_(None), Community.subdistrict_id == person.subdistrict_id)
                .order_by(ProblemRegister.id)
            )
            for reg, name in registers.all():
                items.append(PendingItem("register_sign", reg.id, name, year=reg.year, month=reg.month))
        year, month = rules.previous_month(today)
        for role, community_id in sorted(person.roles, key=lambda rc: rc[1] or 0):
            if role != Role.SECRETARY or community_id is None:
                continue
            exists = await register_exists(session, community_id, year, month)
            if not exists:
                community_name = (
                    await session.execute(select(Community.name).where(Community.id == community_id))
                ).scalar()
                due = rules.register_due(year, month, config.register_due_day, calendar)
                items.append(
                    PendingItem(
                        "register_submit",
                        community_id,
                        community_name or "",
                        due_date=due,
                        overdue=today > due,
                        year=year,
                        month=month,
                    )
                )
        return items


async def register_exists(session: AsyncSession, community_id: int, year: int, month: int) -> bool:
    found = await session.execute(
        select(ProblemRegister.id).where(
            ProblemRegister.community_id == community_id,
            ProblemRegister.year == year,
            ProblemRegister.month == month,
        )
    )
    return found.first() is not None
