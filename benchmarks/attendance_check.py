"""The weekly attendance check for many paired cadres: SQL statements and time, at two sizes to show the number of
statements does not grow with the number of cadres.

Measured on a freshly seeded database (20 communities; paired cadres bound to Telegram, some also seconded; 40 %
with two community days in the week, 30 % with one, 30 % with none):
- the tally alone (`services.attendance.weekly_tally`: every cadre's community days in the week);
- the whole last-working-day reminder run (`ReminderEngine.run_kind("attendance-last-day")`): the slot, the
  calendar, the tally, the recipients, and every shortfall reminder queued in the outbox.
Target (issue 6): the check in a constant number of statements, under 1 s for 10,000 cadres. Statements are counted
as the database executes them (issue 14): an executemany counts once per set of parameters, so the whole run shows
one INSERT per queued reminder (sent as one executemany call) beside a constant number of others; the verdict
checks that the check's count, and the run's count beyond one per reminder, stay the same at every size.

    .venv/bin/python benchmarks/attendance_check.py [--sizes 1000 10000] [--pg URL]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import event, insert, text  # noqa: E402

from bot.config import Settings  # noqa: E402
from locales import bundle  # noqa: E402
from reminders.engine import ReminderEngine  # noqa: E402
from reminders.kinds import all_kinds  # noqa: E402
from services.attendance import weekly_tally  # noqa: E402
from services.calendar import cached_work_calendar  # noqa: E402
from storage.db import Database  # noqa: E402
from storage.migrate import upgrade  # noqa: E402
from storage.models import AttendanceDay, Community, Person, PersonRole, Subdistrict  # noqa: E402

WEEK = [date(2026, 11, 23) + timedelta(days=i) for i in range(5)]  # Mon 23 – Fri 27 Nov 2026
LAST_DAY_9AM = datetime(2026, 11, 27, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai")).astimezone(UTC)


async def seed(db: Database, cadres: int) -> None:
    now = datetime(2026, 11, 1, tzinfo=UTC)
    async with db.session() as s:
        await s.execute(insert(Subdistrict), [{"id": 1, "name": "城关街道"}])
        await s.execute(
            insert(Community), [{"id": c, "subdistrict_id": 1, "name": f"社区{c}"} for c in range(1, 21)]
        )
        await s.execute(
            insert(Person),
            [
                {
                    "id": i,
                    "subdistrict_id": 1,
                    "name": f"干部{i}",
                    "phone": f"139{i:08d}",
                    "telegram_id": 5_000_000 + i,
                    "active": True,
                    "created_at": now,
                    "updated_at": now,
                }
                for i in range(1, cadres + 1)
            ],
        )
        roles = [
            {"person_id": i, "role": "paired_cadre", "community_id": i % 20 + 1} for i in range(1, cadres + 1)
        ]
        roles += [
            {"person_id": i, "role": "seconded_cadre", "community_id": i % 20 + 1}
            for i in range(1, cadres + 1, 50)
        ]
        await s.execute(insert(PersonRole), roles)
        days = []
        for i in range(1, cadres + 1):
            count = 2 if i % 10 < 4 else 1 if i % 10 < 7 else 0
            days += [
                {
                    "person_id": i,
                    "community_id": i % 20 + 1,
                    "day": WEEK[k],
                    "checkin_at": now,
                    "outside": False,
                }
                for k in range(count)
            ]
        await s.execute(insert(AttendanceDay), days)


class StatementCounter:
    def __init__(self, db: Database) -> None:
        self.count = 0
        event.listen(db.engine.sync_engine, "before_cursor_execute", self._on)

    def _on(
        self,
        _conn: object,
        _cursor: object,
        _sql: str,
        parameters: object,
        _context: object,
        executemany: bool,
    ) -> None:
        # Statements the database executes: an executemany runs its statement once per set of parameters (a bulk
        # INSERT that SQLAlchemy sends as one multi-row VALUES is one statement, and is counted once).
        self.count += len(parameters) if executemany and isinstance(parameters, list | tuple) else 1


async def measure(url: str, cadres: int) -> dict:
    db = Database(url)
    if db.engine.dialect.name == "postgresql":
        async with db.engine.begin() as conn:
            await conn.execute(text("DROP SCHEMA public CASCADE"))
            await conn.execute(text("CREATE SCHEMA public"))
    await upgrade(db)
    await seed(db, cadres)
    await cached_work_calendar(db)  # as in a running bot, where the calendar is read once a minute
    bundle("zh-CN")  # and the locale files are loaded
    counter = StatementCounter(db)
    async with db.session() as s:
        await s.execute(text("SELECT 1"))  # warm the connection pool
    counter.count = 0
    started = time.perf_counter()
    async with db.session() as s:
        tally = await weekly_tally(s, WEEK)
    tally_s, tally_statements = time.perf_counter() - started, counter.count
    settings = Settings(_env_file=None, database_url=url)
    engine = ReminderEngine(db, settings, all_kinds(), lambda: LAST_DAY_9AM)
    counter.count = 0
    started = time.perf_counter()
    result = await engine.run_kind("attendance-last-day")
    run_s, run_statements = time.perf_counter() - started, counter.count
    await db.dispose()
    return {
        "cadres": cadres,
        "counted": len(tally),
        "tally_s": tally_s,
        "tally_statements": tally_statements,
        "run_s": run_s,
        "run_statements": run_statements,
        "queued": result.queued,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--pg", default=os.environ.get("BENCH_DATABASE_URL"))
    args = parser.parse_args()
    backend = "PostgreSQL" if args.pg else "SQLite"
    print(
        f"{time.strftime('%Y-%m-%d')} · {platform.machine()}, {os.cpu_count()} CPU, Python {platform.python_version()}, {backend}"
    )
    print(
        "cadres | bound by the rule | tally: statements, ms | "
        "whole reminder run: statements (beyond one per reminder), ms, queued"
    )
    ok = True
    rows = []
    for size in args.sizes:
        url = args.pg or f"sqlite+aiosqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
        r = asyncio.run(measure(url, size))
        rows.append(r)
        print(
            f"{r['cadres']:>6} | {r['counted']:>6} | {r['tally_statements']}, {r['tally_s'] * 1000:.0f} ms | "
            f"{r['run_statements']} ({r['run_statements'] - r['queued']}), {r['run_s'] * 1000:.0f} ms, {r['queued']}"
        )
        ok &= (
            r["tally_s"] < 1.0
        )  # the check itself; the whole run (queueing every reminder) is shown beside it
    ok &= len({r["tally_statements"] for r in rows}) == 1
    ok &= len({r["run_statements"] - r["queued"] for r in rows}) == 1
    print("target met" if ok else "TARGET NOT MET")
    raise SystemExit(0 if ok else 1)


if __name__ == "__main__":
    main()
