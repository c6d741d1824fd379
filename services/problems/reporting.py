"""Reporting an item: the grids a person may report in, the draft, and recording it (with its first notices,
the 即报即办 push and, for a 12345 item, its work order)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from domain import problems as rules
from domain.naming import natural_key
from domain.problems import Kind, Status
from domain.roles import Role
from domain.sources import GRID_VISIT, HOTLINE, valid_source
from domain.workcalendar import WorkCalendar
from locales import Msg
from services.calendar import cached_work_calendar
from services.problems.config import ProblemConfig, ProblemError
from services.problems.hotline import open_order, order_by_number
from services.problems.notices import notify_change
from services.problems.people import people_with
from services.problems.sources import order_number
from services.problems.urgent import push_urgent
from storage.db import Database
from storage.models import (
    Community,
    Grid,
    Person,
    PersonGrid,
    PersonRole,
    Problem,
    ProblemEvent,
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
    source: str = GRID_VISIT  # a key of config.sources (domain.sources)
    anonymous: bool = False  # the resident asked not to be named: nothing of them is kept
    order_no: str | None = None  # the 12345 work order's number, for source "hotline" only

    @property
    def from_log(self) -> bool:
        """Started from a grid work log (its date, and its id once saved): a grid visit 网格走访."""
        return self.log_id is not None or self.observed_on is not None


@dataclass(frozen=True)
class TakenOrder:
    """The item that already carries a 12345 order number."""

    order_no: str
    problem_id: int
    status: str


async def order_holder(session: AsyncSession, order_no: str) -> TakenOrder | None:
    """The item already reported with this 12345 order number, if any."""
    order = await order_by_number(session, order_no)
    if order is None:
        return None
    status = (await session.execute(select(Problem.status).where(Problem.id == order.problem_id))).scalar()
    return TakenOrder(order.order_no, order.problem_id, status or "")


async def taken_order(db: Database, order_no: str) -> TakenOrder | None:
    async with db.read_session() as session:
        return await order_holder(session, order_no)


def order_taken_error(taken: TakenOrder) -> ProblemError:
    """A second item with the same 12345 number is refused, pointing to the first (its number and status)."""
    return ProblemError(
        "problem-order-taken",
        order=taken.order_no,
        id=taken.problem_id,
        status=Msg(f"problem-status-{taken.status}"),
    )


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
    if not valid_source(draft.source, config.sources, from_log=draft.from_log):
        raise ProblemError("problem-bad-source")
    if draft.from_log and draft.source != GRID_VISIT:
        raise ProblemError("problem-bad-source")  # found on a grid visit, whatever was pressed
    if draft.source == HOTLINE:
        if draft.order_no is None or order_number(draft.order_no) != draft.order_no:
            raise ProblemError("problem-order-bad")
    elif draft.order_no is not None:
        raise ProblemError("problem-order-bad")
    if draft.anonymous and (draft.resident_name or draft.resident_phone):
        raise ProblemError("problem-anonymous-resident")


async def create_problem(
    db: Database, person_id: int, draft: Draft, now: datetime, config: ProblemConfig
) -> int:
    """Record the item (the recorder is its first-inquiry owner 首问负责), notify the community, push 即报即办; a
    12345 item opens its work order, and a number already on an item is refused (checked in the transaction, the
    unique constraint the last guard against two at once)."""
    validate_draft(draft, config)
    # PRC working days (holidays and make-up days; issue 6's calendar, loaded years included), read before the
    # write transaction opens: on SQLite a second connection would wait for it.
    calendar = await cached_work_calendar(db)
    try:
        return await _record(db, person_id, draft, now, config, calendar)
    except IntegrityError:
        taken = await taken_order(db, draft.order_no) if draft.order_no else None
        if taken is None:
            raise
        raise order_taken_error(taken) from None


async def _record(
    db: Database, person_id: int, draft: Draft, now: datetime, config: ProblemConfig, calendar: WorkCalendar
) -> int:
    async with db.session() as session:
        if draft.order_no is not None:
            taken = await order_holder(session, draft.order_no)
            if taken is not None:
                raise order_taken_error(taken)
        grid = await session.get(Grid, draft.grid_id)
        allowed = {g.id for g in await grids_in(session, person_id)}
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
            resident_name=None if draft.anonymous else draft.resident_name,
            resident_phone=None if draft.anonymous else draft.resident_phone,
            anonymous=draft.anonymous,
            source=draft.source,
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
        if draft.order_no is not None:
            await open_order(session, problem, draft.order_no, now, config, calendar)
        event = ProblemEvent(
            problem_id=problem.id, at=now, actor_id=person_id, move="report", to_status=Status.REPORTED
        )
        session.add(event)
        await session.flush()
        secretaries = await people_with(session, Role.SECRETARY, community.id)
        await notify_change(session, problem, event, secretaries, now, config, actor_id=person_id)
        if problem.urgent:
            problem.urgent_pushed_at = now
            await push_urgent(session, problem, 0, now, config)
        return problem.id


async def grids_in(session: AsyncSession, person_id: int) -> list[Grid]:
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
