"""The replay's state: the people, communities and grids by name, the random generator, the counts it returns."""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from bot.config import Settings
from bot.demo.history.cast import DAYS, SEED
from domain.roles import Role
from domain.workcalendar import WorkCalendar
from domain.worklog import deployment_for
from storage.db import Database
from storage.models import Community, Grid, Person, PersonRole


@dataclass(frozen=True)
class HistoryResult:
    seeded: bool
    logs: int = 0
    problems: int = 0
    checkins: int = 0
    sheets: int = 0
    meetings: int = 0
    callouts: int = 0


class _Replay:
    """The demo's people, communities, grids and calendar, and the instants of the history."""

    def __init__(self, db: Database, settings: Settings, now: datetime, cal: WorkCalendar) -> None:
        self.db, self.settings, self.now, self.cal = db, settings, now, cal
        self.tz = ZoneInfo(settings.timezone)
        self.today = now.astimezone(self.tz).date()
        self.start = self.today - timedelta(days=DAYS)
        self.rng = random.Random(SEED)
        self.people: dict[str, int] = {}
        self.communities: dict[str, int] = {}
        self.grids: dict[tuple[str, str], int] = {}
        self.logs: dict[tuple[int, date], int] = {}  # (person, day) → log id
        self.deployments: dict[int, str] = {}  # person → the role they log as (services.worklog.author)

    def at(self, day: date, hour: int, minute: int = 0) -> datetime:
        return datetime.combine(day, time(hour, minute), self.tz).astimezone(UTC)

    def past(self, moment: datetime) -> bool:
        return moment < self.now

    def working_day_after(self, day: date, count: int = 1) -> date:
        return self.cal.add_working_days(day, count)

    def working_day(self, day: date) -> date:
        return self.cal.last_working_day_on_or_before(day)


async def _load(r: _Replay) -> None:
    async with r.db.session() as session:
        r.people = {name: pid for pid, name in await session.execute(select(Person.id, Person.name))}
        r.communities = {
            name: cid for cid, name in await session.execute(select(Community.id, Community.name))
        }
        names = {cid: name for name, cid in r.communities.items()}
        for gid, cid, name in await session.execute(select(Grid.id, Grid.community_id, Grid.name)):
            r.grids[(names[cid], name)] = gid
        roles: dict[int, list[Role]] = defaultdict(list)
        for pid, role in await session.execute(select(PersonRole.person_id, PersonRole.role)):
            roles[pid].append(Role(role))
    for pid, held in roles.items():
        if (deployment := deployment_for(held)) is not None:
            r.deployments[pid] = deployment.value
