"""Start-up time and idle memory of `gridbot run`, beside a bare aiogram bot, against the same Bot API emulator.

Each run starts, one after the other, against one sandbox emulator (in this process, Telegram's rate limits on):

- bare aiogram: a process that only imports aiogram and polls (`Dispatcher.start_polling`) with one echo handler;
- gridbot run: `gridbot run` as its own process, started as the end-to-end tests start it (tests/e2e/harness.py:
  `gridbot_command("run")`, `gridbot_env`, the process clock at the tests' DEFAULT_START), on a SQLite file seeded
  as they seed it (migrated, the demo roster: tests/e2e/conftest.py `seeded_database`) with one persona (李娜)
  already bound to Telegram, so the message below is a registered person's.

For each: the time from spawning the process to its first message in answer to the persona's /start, which is sent
right after the spawn (the emulator holds it until the bot polls); then, after IDLE seconds with nothing to do, the
resident size (VmRSS, /proc) of the process and of each of its child processes, named by their command line. The
figures are the min and median of --runs runs.

Before the runs the bot's packages are compiled to bytecode (`compileall`), as `pip install` compiles aiogram and
every other library the bare process imports: with PYTHONDONTWRITEBYTECODE set, or a source tree that cannot be
written, each start would otherwise compile the bot's ~300 modules again, which no installed bot does.

Targets (issue 14): first answer ≤ 2 s; the bot process's idle RSS ≤ 1.3 × the bare process's; no child process at
idle. Timings depend on the machine and its load: compare the two rows of one run, not figures from different
machines.

    .venv/bin/python benchmarks/startup_memory.py [--runs 3] [--idle 5]
"""

from __future__ import annotations

import argparse
import asyncio
import compileall
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import select, update  # noqa: E402

from bot.sandbox_runner import PERSONA_ID_BASE, SANDBOX_TOKEN, load_personas  # noqa: E402
from sandbox import Emulator, SandboxClient  # noqa: E402
from storage.db import Database  # noqa: E402
from storage.models import Person  # noqa: E402
from tests.e2e.conftest import seeded_database  # noqa: E402
from tests.e2e.harness import DEFAULT_START, BotProcess, gridbot_command, gridbot_env  # noqa: E402
from tests.e2e.process_clock import ProcessClock  # noqa: E402

PERSON = "李娜"
REPO = Path(__file__).resolve().parents[1]
PACKAGES = (
    "bot",
    "dialogs",
    "domain",
    "services",
    "storage",
    "locales",
    "reminders",
    "reports",
    "sandbox",
    "tests",
)
TARGET_SECONDS = 2.0
TARGET_RSS_RATIO = 1.3

BARE = """
import asyncio, sys

from aiogram import Bot, Dispatcher
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.types import Message


async def main(token: str, base: str) -> None:
    bot = Bot(token, session=AiohttpSession(api=TelegramAPIServer.from_base(base)))
    dp = Dispatcher()

    @dp.message()
    async def echo(message: Message) -> None:
        await message.answer(message.text or "-")

    await dp.start_polling(bot, handle_signals=True)


asyncio.run(main(sys.argv[1], sys.argv[2]))
"""


@dataclass
class Sample:
    seconds: float  # spawn → first answer
    rss_mb: float  # the process itself, after IDLE seconds
    children: list[tuple[str, float]]  # (name, RSS MB) of every descendant at idle


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def descendants(pid: int) -> list[int]:
    """Every process below `pid`, from /proc (the parent is the 4th field of /proc/<pid>/stat)."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        parents[int(entry)] = int(stat.rsplit(")", 1)[1].split()[1])
    found, frontier = [], [pid]
    while frontier:
        parent = frontier.pop()
        children = [child for child, of in parents.items() if of == parent]
        found += children
        frontier += children
    return found


def process_name(pid: int) -> str:
    """The command line, shortened: `python -c from multiprocessing.resource_tracker import main…` and the like."""
    try:
        argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return f"pid {pid}"
    words = [Path(argv[0].decode()).name] + [a.decode(errors="replace") for a in argv[1:] if a]
    line = " ".join(words)
    return line if len(line) <= 90 else line[:87] + "…"


async def measure(
    name: str, process: BotProcess, sandbox: SandboxClient, user_id: int, idle: float
) -> Sample:
    user = sandbox.user(user_id)
    started = time.monotonic()
    start = asyncio.create_task(process.start())  # spawns at once, then waits until the bot polls
    await asyncio.sleep(0)
    await user.send_command("start")
    await user.wait_message(timeout=60)
    seconds = time.monotonic() - started
    await start
    await asyncio.sleep(idle)
    assert process.process is not None
    pid = process.process.pid
    children = [(process_name(child), rss_mb(child)) for child in descendants(pid)]
    sample = Sample(seconds, rss_mb(pid), children)
    code = await process.stop()
    if code != 0:
        raise SystemExit(f"{name} exited with {code} on SIGTERM:\n{process.log()[-3000:]}")
    return sample


async def seed(folder: Path, clock: ProcessClock) -> Path:
    """The e2e tests' database, with PERSON bound to Telegram (as after onboarding), closed and ready to copy."""
    path = folder / "seeded.sqlite3"
    db = await seeded_database(path, clock)
    try:
        async with db.session() as session:
            person = (await session.execute(select(Person).where(Person.name == PERSON))).scalar_one()
            await session.execute(
                update(Person).where(Person.id == person.id).values(telegram_id=PERSONA_ID_BASE + person.id)
            )
    finally:
        await db.dispose()
    return path


async def one_run(
    number: int, folder: Path, seeded: Path, clock: ProcessClock, idle: float
) -> dict[str, Sample]:
    run = folder / f"run{number}"
    run.mkdir()
    database = run / "gridbot.sqlite3"
    shutil.copy(seeded, database)
    db = Database(f"sqlite+aiosqlite:///{database}")
    try:
        personas = await load_personas(db, "zh-CN")
    finally:
        await db.dispose()
    user_id = next(p["user_id"] for p in personas if (p["last_name"] or "") + p["first_name"] == PERSON)
    bare_script = run / "bare_bot.py"
    bare_script.write_text(BARE, encoding="utf-8")
    samples: dict[str, Sample] = {}
    async with (
        Emulator(SANDBOX_TOKEN, personas=personas, limits={"enabled": True}) as emulator,
        SandboxClient(emulator.base_url) as sandbox,
    ):
        env = gridbot_env(
            clock,
            bot_token=SANDBOX_TOKEN,
            telegram_api_base=emulator.base_url,
            database_url=f"sqlite+aiosqlite:///{database}",
            media_dir=str(run / "media"),
            default_locale="zh-CN",
            log_level="INFO",
        )
        processes = {
            "bare aiogram": BotProcess(
                [sys.executable, str(bare_script), SANDBOX_TOKEN, emulator.base_url],
                env,
                cwd=run,
                sandbox_url=emulator.base_url,
                log_path=run / "bare.log",
            ),
            "gridbot run": BotProcess(
                gridbot_command("run"),
                env,
                cwd=run,
                sandbox_url=emulator.base_url,
                log_path=run / "bot.log",
            ),
        }
        order = list(processes) if number % 2 else list(reversed(processes))  # neither always goes first
        for name in order:
            try:
                samples[name] = await measure(name, processes[name], sandbox, user_id, idle)
            finally:
                await processes[name].close()
    return samples


def children_text(children: list[tuple[str, float]]) -> str:
    if not children:
        return "none"
    return "; ".join(f"{name} ({mb:.0f} MB)" for name, mb in children)


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--idle", type=float, default=5.0, help="seconds idle before the memory is read")
    args = parser.parse_args()
    if not sys.platform.startswith("linux"):
        raise SystemExit("reads /proc: Linux only")

    if not all(compileall.compile_dir(REPO / package, quiet=1) for package in PACKAGES):
        raise SystemExit("the bot's packages do not compile")
    clock = ProcessClock(DEFAULT_START)
    runs: list[dict[str, Sample]] = []
    with tempfile.TemporaryDirectory(prefix="gridbot-startup-") as tmp:
        folder = Path(tmp)
        seeded = await seed(folder, clock)
        for number in range(1, args.runs + 1):
            runs.append(await one_run(number, folder, seeded, clock, args.idle))

    load = os.getloadavg()
    print(
        f"startup and idle memory — {args.runs} runs, memory read after {args.idle:g} s idle; "
        f"Python {platform.python_version()}, {os.cpu_count()} CPUs, load average {load[0]:.2f} {load[1]:.2f}"
    )
    for number, samples in enumerate(runs, start=1):
        for name, s in samples.items():
            print(
                f"  run {number} {name:<13} first answer {s.seconds:5.2f} s, idle RSS {s.rss_mb:6.1f} MB, "
                f"children: {children_text(s.children)}"
            )
    rows: dict[str, tuple[float, float, float, float, list[tuple[str, float]]]] = {}
    print(
        f"{'':<14}{'first answer s (min / median)':<32}{'idle RSS MB (min / median)':<30}children at idle (last run)"
    )
    for name in ("bare aiogram", "gridbot run"):
        seconds = [r[name].seconds for r in runs]
        rss = [r[name].rss_mb for r in runs]
        children = runs[-1][name].children
        rows[name] = (min(seconds), statistics.median(seconds), min(rss), statistics.median(rss), children)
        print(
            f"{name:<14}{min(seconds):5.2f} / {statistics.median(seconds):5.2f}{'':<19}"
            f"{min(rss):6.1f} / {statistics.median(rss):6.1f}{'':<15}{children_text(children)}"
        )
    bare, bot = rows["bare aiogram"], rows["gridbot run"]
    time_ratio, rss_ratio = bot[1] / bare[1], bot[3] / bare[3]
    any_children = any(r["gridbot run"].children for r in runs)
    print(f"ratios (medians): first answer {time_ratio:.2f} × bare; idle RSS {rss_ratio:.2f} × bare")
    print(
        f"targets: gridbot run's first answer ≤ {TARGET_SECONDS:g} s; its idle RSS ≤ {TARGET_RSS_RATIO:g} × bare; "
        "no child process at idle"
    )
    time_ok, rss_ok = bot[1] <= TARGET_SECONDS, rss_ratio <= TARGET_RSS_RATIO
    verdict = "MET" if time_ok and rss_ok and not any_children else "NOT MET"
    print(
        f"verdict: {verdict} — gridbot run: first answer {bot[1]:.2f} s (median; ≤ {TARGET_SECONDS:g} s "
        f"{'ok' if time_ok else 'over'}), idle RSS {bot[3]:.1f} MB = {rss_ratio:.2f} × bare "
        f"(≤ {TARGET_RSS_RATIO:g} {'ok' if rss_ok else 'over'}), children at idle: "
        f"{'some, see the runs' if any_children else 'none'}; bare aiogram: first answer {bare[1]:.2f} s, "
        f"idle RSS {bare[3]:.1f} MB, children at idle: {children_text(bare[4])}"
    )


if __name__ == "__main__":
    asyncio.run(main())
