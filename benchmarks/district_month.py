"""A district month — 200 communities, 5,000 cadres, 100,000 work logs, 20,000 problems, paired cadres' community
days — then what the bot does with it at the start of the next month, measured:

- the full xlsx exports of the whole sub-district: 纪实表 (100,000 logs), 交办登记表 (20,000 problems) and the
  attendance of every week touching the month, each built exactly as the export worker builds it
  (`reports.exports.build`, in a read session);
- the daily, weekly and monthly digests of every principal leader and leader in charge (42), as the scheduler runs
  them: facts, texts, charts drawn by the chart worker processes, outbox rows.

Targets (issues 7 and 14), on the target machine (2 CPUs): exports + digests one after the other under 10 s on
SQLite AND on PostgreSQL (aim: 8 s on an idle machine), the same work at once (as the bot runs it) under 10 s, and
under 500 MB of peak resident memory counting every process (the bot's and the chart workers'). Each database runs
in a process of its own (its peak memory is its own); the seeding runs in another one and is not counted.

Prints the machine, Python, date and load; per database each export's and digest's wall and CPU time, the totals
with their targets, the peak of Python allocations (tracemalloc, in a separate run: it slows Python down) and the
peak resident sizes; then one verdict line with every row.

    .venv/bin/python benchmarks/district_month.py [--communities 200 --cadres 5000 --logs 100000 --problems 20000]
        [--database-url postgresql+asyncpg://…/scratch  (SQLite, then this PostgreSQL database: ALL ITS TABLES ARE
        DROPPED)]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import pickle
import platform
import resource
import sys
import tempfile
import time
import tracemalloc
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

# This module stays as light as the `gridbot` script (bot/cli.py): the chart workers are spawned processes, which
# import the main module, and they must hold what the bot's own workers hold, not the bot. The heavy imports are in
# the functions below.
if TYPE_CHECKING:
    from benchmarks.district_seed import District
    from domain.workcalendar import WorkCalendar
    from reports.exports import ExportParams
    from storage.db import Database

YEAR, MONTH = 2026, 10
TARGET_S, AIM_S, TARGET_MB = 10.0, 8.0, 500.0


def export_params(district: District, subdistrict: str, cal: WorkCalendar) -> list[ExportParams]:
    """The whole sub-district's exports of the month: the two monthly tables and every week touching the month."""
    from reports.exports import ExportParams

    common = {
        "scope": "all",
        "community_ids": district.community_ids,
        "scope_name": subdistrict,
        "locale": "zh-CN",
    }
    month = district.month
    wanted = [
        ExportParams(kind="worklog", month=month.isoformat(), **common),
        ExportParams(kind="register", month=month.isoformat(), **common),
    ]
    monday = month - timedelta(days=month.weekday())
    while monday.month == month.month or monday < month:
        days = [d.isoformat() for d in cal.working_days_of_week(monday)]
        wanted.append(ExportParams(kind="attendance", week=monday.isoformat(), working_days=days, **common))
        monday += timedelta(days=7)
    return wanted


async def run_exports(
    db: Database, wanted: list[ExportParams], folder: Path
) -> list[tuple[str, float, float, int]]:
    """(name, wall seconds, CPU seconds of the process — all its threads —, file size) of each export."""
    from reports.exports import build

    timings = []
    for params in wanted:
        start, cpu = time.perf_counter(), time.process_time()
        async with db.read_session() as session:
            path = await build(session, params, folder)
        wall, used = time.perf_counter() - start, time.process_time() - cpu
        timings.append((f"{params.kind} {params.period_text}", wall, used, path.stat().st_size))
    return timings


def _load() -> str:
    return " ".join(f"{n:.1f}" for n in os.getloadavg())


DIGEST_DAY = (
    2026,
    11,
    2,
    8,
    31,
)  # Monday 2 November, 08:31: the daily, weekly and monthly digests are all due


async def run_digests(db: Database, district: District, media: Path) -> list[tuple[str, float, float, int]]:
    """Each digest for every principal leader and leader in charge, as the scheduler runs it: the facts, each
    reader's text and chart, and the outbox rows. (name, wall s, CPU s, outbox rows) per digest."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from sqlalchemy import delete, update

    from bot.config import Settings
    from reminders.digests import make_kind
    from reminders.engine import ReminderEngine
    from storage.models import OutboxMessage, Person, ReminderRun

    readers = district.principal_ids + district.leader_ids
    async with db.session() as s:  # the seed binds nobody to Telegram; the leaders are, for their digests
        await s.execute(update(Person).where(Person.id.in_(readers)).values(telegram_id=Person.id + 10**9))
        await s.execute(delete(OutboxMessage))
        await s.execute(delete(ReminderRun))
    from reports import charts

    await (
        charts.warm_up()
    )  # as the bot does when it starts: the chart workers are ready before the first digest
    now = datetime(*DIGEST_DAY, tzinfo=ZoneInfo("Asia/Shanghai"))
    settings = Settings(_env_file=None, database_url=db.url, media_dir=media)
    timings = []
    for kind in ("daily", "weekly", "monthly"):
        engine = ReminderEngine(db, settings, [make_kind(kind)], lambda: now)
        start, cpu = time.perf_counter(), time.process_time()
        result = await engine.run_kind(f"digest-{kind}", now)
        wall, used = time.perf_counter() - start, time.process_time() - cpu
        assert result.queued > len(readers), result  # at least a text and a chart each
        timings.append((f"digest {kind} × {len(readers)} leaders", wall, used, result.queued))
    return timings


def _met(value: float, target: float) -> str:
    return "met" if value < target else "NOT met"


async def main(args: argparse.Namespace) -> None:
    """SQLite, then the PostgreSQL database if one is given, each in a process of its own; then the verdict."""
    print(
        f"{platform.node()} · {platform.machine()} · {os.cpu_count()} CPUs · Python {platform.python_version()} · "
        f"{dt.datetime.now().astimezone():%Y-%m-%d %H:%M %z} · load {_load()}",
        flush=True,
    )
    urls = [None] + ([args.database_url] if args.database_url else [])
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for n, url in enumerate(urls):
            into = Path(tmp) / f"result-{n}.json"
            command = [sys.executable, __file__, "--one", "--result-into", str(into)]
            command += ["--communities", str(args.communities), "--cadres", str(args.cadres)]
            command += ["--logs", str(args.logs), "--problems", str(args.problems)]
            command += ["--database-url", url] if url else []
            child = await asyncio.create_subprocess_exec(*command)
            assert await child.wait() == 0, f"the run on {url or 'SQLite'} failed"
            results.append(json.loads(await asyncio.to_thread(into.read_text)))
    print(
        f"targets (2 CPUs): exports + digests one after the other < {TARGET_S:.0f} s (aim {AIM_S:.0f} s idle), "
        f"at once < {TARGET_S:.0f} s, peak memory of every process < {TARGET_MB:.0f} MB"
    )
    rows = []
    for r in results:
        checks = [r["total"] < TARGET_S, r["together"] < TARGET_S, r["memory"] < TARGET_MB]
        rows.append(
            f"{r['database']} {'met' if all(checks) else 'NOT met'} ({r['total']:.2f} s one after the other, "
            f"{r['together']:.2f} s at once, {r['memory']:.0f} MB)"
        )
        print(
            f"  {r['database']:<11} one after the other {r['total']:6.2f} s < {TARGET_S:.0f} s {_met(r['total'], TARGET_S)}"
            f" · at once {r['together']:6.2f} s < {TARGET_S:.0f} s {_met(r['together'], TARGET_S)}"
            f" · memory {r['memory']:4.0f} MB < {TARGET_MB:.0f} MB {_met(r['memory'], TARGET_MB)}"
        )
    every = all("NOT" not in row for row in rows)
    print(f"verdict: {'met' if every else 'NOT met'} — {'; '.join(rows)}; load now {_load()}")


async def run_one(args: argparse.Namespace) -> None:
    """One database: seed, measure, print, and write the totals as JSON into `args.result_into`."""
    from sqlalchemy import text

    import bot.app  # noqa: F401  the bot's process holds aiogram, the dialogs and the rest: its peak counts them
    from domain.workcalendar import WorkCalendar
    from storage.db import Database
    from storage.migrate import upgrade

    imported = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    with tempfile.TemporaryDirectory() as tmp:
        db = Database(args.database_url or f"sqlite+aiosqlite:///{tmp}/district.sqlite3")
        if db.dialect == "postgresql":  # an empty database for the run: everything in it is dropped
            async with db.engine.begin() as conn:
                await conn.execute(text("DROP SCHEMA public CASCADE"))
                await conn.execute(text("CREATE SCHEMA public"))
        await upgrade(db)
        print(f"database: {db.dialect}")
        start = time.perf_counter()
        # Seeded by a process of its own, so that this process's peak memory is the exports' and digests'.
        seeded = Path(tmp) / "district.pickle"
        seeder = await asyncio.create_subprocess_exec(
            sys.executable, __file__, "--seed-into", str(seeded), "--database-url", db.url,
            "--communities", str(args.communities), "--cadres", str(args.cadres),
            "--logs", str(args.logs), "--problems", str(args.problems),
        )  # fmt: skip
        assert await seeder.wait() == 0, "seeding failed"
        district = pickle.loads(seeded.read_bytes())  # noqa: S301 (written by this script just now)
        print(
            f"seeded {args.communities} communities, {args.cadres} cadres, {args.logs} logs, {args.problems} problems "
            f"in {time.perf_counter() - start:.1f} s (not counted)"
        )
        wanted = export_params(district, "城关街道", WorkCalendar())
        folder = Path(tmp) / "exports"

        timings = await run_exports(db, wanted, folder)
        digests = await run_digests(db, district, Path(tmp) / "media")
        exports_total = sum(wall for _, wall, _, _ in timings)
        digests_total = sum(wall for _, wall, _, _ in digests)
        total = exports_total + digests_total
        cpu = sum(used for _, _, used, _ in timings + digests)
        for name, wall, used, size in timings:
            print(f"  {name:<36} wall {wall:6.2f} s  cpu {used:6.2f} s  {size / 1e6:6.1f} MB")
        for name, wall, used, rows in digests:
            print(f"  {name:<36} wall {wall:6.2f} s  cpu {used:6.2f} s  {rows:6d} outbox rows")
        print(
            f"exports {exports_total:.2f} s + digests {digests_total:.2f} s = wall {total:.2f} s "
            f"(target < {TARGET_S:.0f} s, aim {AIM_S:.0f} s: {_met(total, TARGET_S)}), cpu {cpu:.2f} s"
        )
        print("  (cpu: the process's threads; on a shared machine the wall time also holds the time other")
        print(f"  processes had the CPUs; load now {_load()})")
        # As the running bot does them when a burst of exports meets the 08:30 digests: one event loop, the export
        # worker and the scheduler side by side, the charts drawn by the worker processes meanwhile.
        start = time.perf_counter()
        await asyncio.gather(
            run_exports(db, wanted, Path(tmp) / "exports-together"),
            run_digests(db, district, Path(tmp) / "media-together"),
        )
        together = time.perf_counter() - start
        print(
            f"the same work at once, as the bot runs it: wall {together:.2f} s "
            f"(target < {TARGET_S:.0f} s: {_met(together, TARGET_S)})"
        )

        # The peak resident size of the work itself, before tracemalloc (whose own bookkeeping takes memory).
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux (seeding not included)
        workers = _chart_workers_peak_mb()
        tracemalloc.start()
        await run_exports(db, wanted, Path(tmp) / "exports-traced")
        await run_digests(db, district, Path(tmp) / "media-traced")
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(f"peak Python allocations during the exports and digests: {peak / 1e6:.0f} MB (tracemalloc)")
        print(
            f"peak resident size of the process: {rss:.0f} MB (ru_maxrss; the seeding ran in another process), "
            f"of which {imported:.0f} MB the bot's code once imported"
        )
        print(
            f"peak resident size of the chart worker processes: {' + '.join(f'{w:.0f}' for w in workers)} MB"
        )
        await db.dispose()
        memory = rss + sum(workers)
        print(
            f"peak memory of every process (the bot's and the chart workers'): {memory:.0f} MB "
            f"(target < {TARGET_MB:.0f} MB: {_met(memory, TARGET_MB)})",
            flush=True,
        )
        if args.result_into:
            result = {"database": db.dialect, "total": total, "together": together, "memory": memory}
            await asyncio.to_thread(Path(args.result_into).write_text, json.dumps(result))


def _chart_workers_peak_mb() -> list[float]:
    """VmHWM (peak resident size) of each chart worker process, from /proc."""
    from reports import charts

    pool = charts._pool  # noqa: SLF001 (the benchmark looks inside)
    found = []
    for pid in list(getattr(pool, "_processes", {}) or {}):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                found.append(int(line.split()[1]) / 1024)
    return found


async def seed_into(args: argparse.Namespace) -> None:
    from benchmarks.district_seed import seed_district
    from storage.db import Database

    db = Database(args.database_url)
    district = await seed_district(
        db,
        communities=args.communities,
        cadres=args.cadres,
        logs=args.logs,
        problems=args.problems,
        year=YEAR,
        month=MONTH,
    )
    await db.dispose()
    await asyncio.to_thread(Path(args.seed_into).write_bytes, pickle.dumps(district))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--communities", type=int, default=200)
    parser.add_argument("--cadres", type=int, default=5000)
    parser.add_argument("--logs", type=int, default=100_000)
    parser.add_argument("--problems", type=int, default=20_000)
    parser.add_argument(
        "--database-url",
        help="a PostgreSQL database to use (ALL ITS TABLES ARE DROPPED); default: a temporary SQLite file",
    )
    parser.add_argument(
        "--seed-into", help=argparse.SUPPRESS
    )  # internal: seed, pickle the District there, exit
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)  # internal: one database's run
    parser.add_argument("--result-into", help=argparse.SUPPRESS)  # internal: where --one writes its totals
    arguments = parser.parse_args()
    if arguments.seed_into:
        asyncio.run(seed_into(arguments))
    else:
        asyncio.run(run_one(arguments) if arguments.one else main(arguments))
