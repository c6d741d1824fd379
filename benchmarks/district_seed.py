"""A district month in the database, fast: communities with grids, cadres with their roles, leaders and department
staff, work logs, problems (some on submitted and signed registers), monthly submissions and paired cadres'
community days — all written with bulk inserts (one statement per few thousand rows).

Used by `benchmarks/district_month.py` and, small, by the export tests. Deterministic for a given `seed`.

    await seed_district(db, communities=200, cadres=5000, logs=100_000, problems=20_000, year=2026, month=10)
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, insert, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from domain.problems import DEFAULT_CATEGORIES, OPEN_STATUSES
from domain.problems import Kind as ProblemKind
from domain.problems import Status as ProblemStatus
from domain.roles import Role
from domain.worklog import Status as LogStatus
from domain.worklog import Task
from storage.db import Database
from storage.models import (
    AttendanceDay,
    Community,
    Department,
    Grid,
    LogMonth,
    Person,
    PersonRole,
    Problem,
    ProblemRegister,
    Subdistrict,
    WorkLog,
)

CHUNK = 5000
GRIDS_PER_COMMUNITY = 5
DEPARTMENTS = ("党群工作部", "党政办", "经济发展办", "城市管理办", "社会事务办")
SHANGHAI = ZoneInfo("Asia/Shanghai")
CONTENT = "走访辖区居民，宣传防诈骗知识，排查楼道消防隐患，协助办理居家养老服务申请。"
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂"
# Status shares of the month's logs and of its problems.
LOG_STATUSES = (
    (LogStatus.APPROVED, 0.8),
    (LogStatus.SUBMITTED, 0.1),
    (LogStatus.RETURNED, 0.05),
    (LogStatus.EXCLUDED, 0.05),
)


@dataclass
class District:
    """What was seeded: ids to look people up by, for the benchmark's digests and the tests."""

    subdistrict_id: int
    community_ids: list[int]
    principal_ids: list[int] = field(default_factory=list)
    leader_ids: list[int] = field(default_factory=list)  # leaders in charge, five communities each
    department_ids: list[int] = field(default_factory=list)  # department staff (people)
    secretary_ids: list[int] = field(default_factory=list)  # one per community, in community order
    paired_ids: list[int] = field(default_factory=list)
    month: date = date(2026, 10, 1)


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)


async def _bulk(session: AsyncSession, model: Any, rows: list[dict[str, Any]]) -> None:
    for start in range(0, len(rows), CHUNK):
        await session.execute(insert(model), rows[start : start + CHUNK])


def _month_days(year: int, month: int) -> list[date]:
    first = date(year, month, 1)
    nxt = date(year + (month == 12), month % 12 + 1, 1)
    return [first + timedelta(days=n) for n in range((nxt - first).days)]


async def seed_district(
    db: Database,
    *,
    communities: int = 200,
    cadres: int = 5000,
    logs: int = 100_000,
    problems: int = 20_000,
    year: int,
    month: int,
    subdistrict: str = "城关街道",
    seed: int = 7,
    leaders_per: int = 5,
) -> District:
    """Seed one sub-district's month. `cadres` counts the people who work in grids (one secretary per community
    among them; about a quarter are paired cadres of a department); leaders and department staff come on top."""
    rng = random.Random(seed)
    now = datetime(year, month, 1, tzinfo=UTC)
    days = _month_days(year, month)
    weekdays = [d for d in days if d.weekday() < 5]
    async with db.session() as s:
        sub = Subdistrict(name=subdistrict)
        s.add(sub)
        await s.flush()
        depts = [Department(subdistrict_id=sub.id, name=name) for name in DEPARTMENTS]
        s.add_all(depts)
        await s.flush()
        dept_ids = [d.id for d in depts]
        community_rows = [{"subdistrict_id": sub.id, "name": f"社区{n + 1:03d}"} for n in range(communities)]
        await _bulk(s, Community, community_rows)
        community_ids = list(
            (
                await s.execute(
                    select(Community.id).where(Community.subdistrict_id == sub.id).order_by(Community.id)
                )
            )
            .scalars()
            .all()
        )
        grid_rows = [
            {
                "community_id": c,
                "name": f"第{g + 1}网格",
                "households": 300 + g * 20,
                "population": 900 + g * 50,
            }
            for c in community_ids
            for g in range(GRIDS_PER_COMMUNITY)
        ]
        await _bulk(s, Grid, grid_rows)
        grids: dict[int, list[int]] = {}
        for grid_id, community_id in await s.execute(
            select(Grid.id, Grid.community_id).where(Grid.community_id.in_(community_ids))
        ):
            grids.setdefault(community_id, []).append(grid_id)

        # People: ids are given here, so the roles can be written without reading them back.
        next_id = int(await s.scalar(select(func.max(Person.id))) or 0) + 1
        people: list[dict[str, Any]] = []
        roles: list[dict[str, Any]] = []
        district = District(sub.id, community_ids, month=date(year, month, 1))

        def person(role_list: list[tuple[Role, int | None]], department: int | None = None) -> int:
            nonlocal next_id
            pid = next_id
            next_id += 1
            people.append(
                {
                    "id": pid,
                    "subdistrict_id": sub.id,
                    "name": _name(rng),
                    "phone": f"139{seed:02d}{pid:06d}",
                    "department_id": department,
                    "active": True,
                    "created_at": now,
                    "updated_at": now,
                }
            )
            roles.extend({"person_id": pid, "role": r.value, "community_id": c} for r, c in role_list)
            return pid

        for _ in range(2):
            district.principal_ids.append(person([(Role.PRINCIPAL_LEADER, None)]))
        for start in range(0, communities, leaders_per):
            charge = community_ids[start : start + leaders_per]
            district.leader_ids.append(person([(Role.LEADER_IN_CHARGE, c) for c in charge]))
        for dept in dept_ids:
            for _ in range(2):
                district.department_ids.append(person([(Role.DEPARTMENT_STAFF, None)], department=dept))
        workers: list[tuple[int, int]] = []  # (person, community) of everyone who writes logs
        for index in range(cadres):
            community = community_ids[index % communities]
            round_ = index // communities  # every community gets one of each round's people
            if round_ == 0:
                pid = person([(Role.SECRETARY, community), (Role.GRID_WORKER, community)])
                district.secretary_ids.append(pid)
            elif round_ % 4 == 1:
                pid = person([(Role.PAIRED_CADRE, community)], department=rng.choice(dept_ids))
                district.paired_ids.append(pid)
            elif round_ % 9 == 2:
                pid = person([(Role.SECONDED_CADRE, community)], department=rng.choice(dept_ids))
            else:
                pid = person([(Role.GRID_WORKER, community)])
            workers.append((pid, community))
        await _bulk(s, Person, people)
        await _bulk(s, PersonRole, roles)
        secretary_of = dict(zip(community_ids, district.secretary_ids, strict=True))
        paired = set(district.paired_ids)

        # Work logs.
        statuses = [status for status, _ in LOG_STATUSES]
        weights = [share for _, share in LOG_STATUSES]
        tasks = list(Task)
        log_rows = []
        for n in range(logs):
            pid, community = workers[n % len(workers)]
            status = rng.choices(statuses, weights)[0]
            day = rng.choice(days)
            submitted = datetime.combine(day, time(10), SHANGHAI)
            signed = status is LogStatus.APPROVED
            log_rows.append(
                {
                    "person_id": pid,
                    "community_id": community,
                    "grid_id": rng.choice(grids[community]),
                    "work_date": day,
                    "deployment": (Role.PAIRED_CADRE if pid in paired else Role.GRID_WORKER).value,
                    "categories": rng.sample([t.value for t in tasks], rng.randint(1, 2)),
                    "households": rng.randint(0, 12),
                    "addresses": f"{rng.randint(1, 30)}号楼{rng.randint(1, 6)}单元",
                    "content": CONTENT,
                    "status": status.value,
                    "version": 1,
                    "opinion": "同意" if signed else None,
                    "signed_by": secretary_of[community] if signed else None,
                    "signed_at": submitted + timedelta(hours=5) if signed else None,
                    "excluded_reason": "未按时签署" if status is LogStatus.EXCLUDED else None,
                    "created_at": submitted,
                    "submitted_at": submitted,
                }
            )
        await _bulk(s, WorkLog, log_rows)
        del log_rows

        # Registers: the first half of the communities submitted theirs, the first quarter had it signed.
        first_register = int(await s.scalar(select(func.max(ProblemRegister.id))) or 0) + 1
        register_rows = [
            {
                "id": first_register + n,
                "community_id": c,
                "year": year,
                "month": month,
                "submitted_by": secretary_of[c],
                "submitted_at": now + timedelta(days=32),
                "signed_by": district.principal_ids[0] if n < communities // 4 else None,
                "signed_at": now + timedelta(days=34) if n < communities // 4 else None,
            }
            for n, c in enumerate(community_ids[: communities // 2])
        ]
        await _bulk(s, ProblemRegister, register_rows)
        register_of = {r["community_id"]: r["id"] for r in register_rows}
        categories = list(DEFAULT_CATEGORIES)
        problem_statuses = list(ProblemStatus)
        leaders = district.principal_ids + district.leader_ids
        problem_rows = []
        for n in range(problems):
            pid, community = workers[(n * 7) % len(workers)]
            status = rng.choice(problem_statuses)
            reported = datetime.combine(
                rng.choice(days), time(rng.randint(8, 20), rng.randint(0, 59)), SHANGHAI
            )
            on_register = community in register_of and status in OPEN_STATUSES
            problem_rows.append(
                {
                    "subdistrict_id": sub.id,
                    "community_id": community,
                    "grid_id": rng.choice(grids[community]),
                    "kind": rng.choice(list(ProblemKind)).value,
                    "category": rng.choice(categories),
                    "description": f"楼道堆放杂物，存在消防隐患（{n + 1}）",
                    "photos": [],
                    "result_photos": [],
                    "urgent": rng.random() < 0.05,
                    "status": status.value,
                    "reporter_id": pid,
                    "leader_id": rng.choice(leaders) if on_register else None,
                    "escalated": status is ProblemStatus.ESCALATED,
                    "city_flag": False,
                    "due_date": (reported + timedelta(days=10)).date() if on_register else None,
                    "result": "已清理" if status in (ProblemStatus.RESOLVED, ProblemStatus.CLOSED) else None,
                    "register_id": register_of[community] if on_register else None,
                    "reported_at": reported,
                    "updated_at": reported,
                    "urgent_rounds": 0,
                }
            )
        await _bulk(s, Problem, problem_rows)
        del problem_rows

        # Monthly submissions of logs: two thirds of the communities.
        await _bulk(
            s,
            LogMonth,
            [
                {
                    "community_id": c,
                    "month": date(year, month, 1),
                    "status": "submitted",
                    "submitted_by": secretary_of[c],
                    "submitted_at": now + timedelta(days=33),
                    "late": False,
                    "log_count": 0,
                    "excluded_count": 0,
                }
                for c in community_ids[: communities * 2 // 3]
            ],
        )

        # Paired cadres' community days: 0 to 3 weekdays a week each.
        community_of = dict(workers)
        weeks: dict[date, list[date]] = {}
        for d in weekdays:
            weeks.setdefault(d - timedelta(days=d.weekday()), []).append(d)
        attendance = []
        for pid in district.paired_ids:
            for week_days in weeks.values():
                for d in rng.sample(week_days, min(len(week_days), rng.randint(0, 3))):
                    checkin = datetime.combine(d, time(9), SHANGHAI)
                    attendance.append(
                        {
                            "person_id": pid,
                            "community_id": community_of[pid],
                            "day": d,
                            "checkin_at": checkin,
                            "checkout_at": checkin + timedelta(hours=8),
                            "outside": rng.random() < 0.1,
                        }
                    )
        await _bulk(s, AttendanceDay, attendance)
        if s.bind.dialect.name == "postgresql":  # ids given above: move the sequences past them
            for table in ("people", "problem_registers"):
                await s.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
                    )
                )
    return district
