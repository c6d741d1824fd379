"""Scorecards of a district quarter — 200 communities, 5,000 cadres, 100,000 signed logs, 20,000 problems, the
paired cadres' community days and a rating for each cadre: `services.scorecards.compute_scorecards` for the whole
sub-district, its workbook (`reports.scorecard_xlsx`) and its chat text, timed, and the process's peak resident size
(tracemalloc is left off: it slows openpyxl several times over).

    .venv/bin/python benchmarks/scorecards.py [--database-url sqlite+aiosqlite:///...]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import resource
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import insert  # noqa: E402

from domain.assessment import Period, PeriodKind  # noqa: E402
from domain.roles import Role  # noqa: E402
from reports.scorecard_text import render_scorecard  # noqa: E402
from reports.scorecard_xlsx import write_scorecards_xlsx  # noqa: E402
from services.scorecards import compute_scorecards  # noqa: E402
from storage.db import Database  # noqa: E402
from storage.migrate import upgrade  # noqa: E402
from storage.models import (  # noqa: E402
    AttendanceDay,
    Community,
    Grid,
    Person,
    PersonRole,
    Problem,
    ProblemEvent,
    Rating,
    Subdistrict,
    WorkLog,
)

PERIOD = Period(PeriodKind.QUARTER, 2026, 3)
NOW = datetime(2026, 10, 10, 2, 0, tzinfo=UTC)
KINDS = (Role.GRID_WORKER, Role.COMMUNITY_CADRE, Role.PAIRED_CADRE, Role.SECONDED_CADRE)


async def seed(db: Database, communities: int, cadres: int, logs: int, problems: int) -> None:
    rnd = random.Random(7)
    days = [PERIOD.start + timedelta(days=n) for n in range((PERIOD.end - PERIOD.start).days + 1)]
    async with db.session() as s:
        await s.execute(insert(Subdistrict), [{"id": 1, "name": "城关街道"}])
        await s.execute(
            insert(Community),
            [{"id": c, "subdistrict_id": 1, "name": f"社区{c:03d}"} for c in range(1, communities + 1)],
        )
        await s.execute(
            insert(Grid),
            [{"id": c, "community_id": c, "name": "第一网格"} for c in range(1, communities + 1)],
        )
        people = [
            {
                "id": p,
                "subdistrict_id": 1,
                "name": f"干部{p:04d}",
                "phone": f"139{p:08d}",
                "created_at": NOW,
                "updated_at": NOW,
            }
            for p in range(1, cadres + 1)
        ]
        await s.execute(insert(Person), people)
        community_of = {p: (p % communities) + 1 for p in range(1, cadres + 1)}
        kind_of = {p: KINDS[p % len(KINDS)] for p in range(1, cadres + 1)}
        await s.execute(
            insert(PersonRole),
            [
                {"person_id": p, "role": kind_of[p].value, "community_id": community_of[p]}
                for p in community_of
            ]
            + [
                {"person_id": c, "role": Role.SECRETARY.value, "community_id": c}
                for c in range(1, communities + 1)
            ],
        )
        rows = []
        for n in range(logs):
            p = rnd.randint(1, cadres)
            rows.append(
                {
                    "person_id": p,
                    "community_id": community_of[p],
                    "grid_id": community_of[p],
                    "work_date": rnd.choice(days),
                    "deployment": "grid_worker",
                    "categories": ["servant"],
                    "households": rnd.randint(0, 20),
                    "content": "走访",
                    "status": "approved" if n % 10 else "submitted",
                    "created_at": NOW,
                    "submitted_at": NOW,
                }
            )
        await s.execute(insert(WorkLog), rows)
        rows = []
        for n in range(1, problems + 1):
            p = rnd.randint(1, cadres)
            rows.append(
                {
                    "id": n,
                    "community_id": community_of[p],
                    "kind": "problem",
                    "category": "安全隐患",
                    "description": "隐患",
                    "status": "closed" if n % 3 else "in_progress",
                    "reporter_id": p,
                    "owner_id": p,
                    "due_date": rnd.choice(days),
                    "reported_at": NOW,
                    "updated_at": NOW,
                }
            )
        await s.execute(insert(Problem), rows)
        await s.execute(
            insert(ProblemEvent),
            [
                {
                    "problem_id": r["id"],
                    "at": datetime.combine(r["due_date"], datetime.min.time(), UTC)
                    + timedelta(days=rnd.randint(-3, 2)),
                    "move": "resolve",
                    "to_status": "resolved",
                }
                for r in rows
                if r["status"] == "closed"
            ],
        )
        paired = [p for p in community_of if kind_of[p] is Role.PAIRED_CADRE]
        await s.execute(
            insert(AttendanceDay),
            [
                {"person_id": p, "community_id": community_of[p], "day": d, "checkin_at": NOW}
                for p in paired
                for d in days
                if d.weekday() in (1, 2) and rnd.random() < 0.8
            ],
        )
        await s.execute(
            insert(Rating),
            [
                {
                    "rater_id": community_of[p],
                    "cadre_id": p,
                    "community_id": community_of[p],
                    "rater_role": "secretary",
                    "year": 2026,
                    "quarter": 3,
                    "grade": rnd.choice(["excellent", "good", "fair", "poor"]),
                    "version": 1,
                    "created_at": NOW,
                    "updated_at": NOW,
                }
                for p in community_of
                if p > communities
            ],
        )


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url")
    parser.add_argument("--communities", type=int, default=200)
    parser.add_argument("--cadres", type=int, default=5000)
    parser.add_argument("--logs", type=int, default=100_000)
    parser.add_argument("--problems", type=int, default=20_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db = Database(args.database_url or f"sqlite+aiosqlite:///{folder}/bench.sqlite3")
        await upgrade(db)
        started = time.perf_counter()
        await seed(db, args.communities, args.cadres, args.logs, args.problems)
        print(f"seeded in {time.perf_counter() - started:.1f} s")
        started = time.perf_counter()
        async with db.session() as session:
            board = await compute_scorecards(session, period=PERIOD, community_ids=None)
        computed = time.perf_counter() - started
        started = time.perf_counter()
        path = write_scorecards_xlsx(board, Path(folder) / "scorecards.xlsx", "zh-CN")
        written = time.perf_counter() - started
        started = time.perf_counter()
        text = render_scorecard(board, "zh-CN", "全街道")
        rendered = time.perf_counter() - started
        await db.dispose()
        print(f"{len(board.cadres)} cadres, {len(board.communities)} communities")
        print(
            f"compute_scorecards {computed:.2f} s, workbook {written:.2f} s ({path.stat().st_size // 1024} KB), "
            f"text {rendered * 1000:.0f} ms ({len(text)} chars)"
        )
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
        print(f"peak RSS {rss} MB (seeding included)")


if __name__ == "__main__":
    asyncio.run(main())
