"""Fixtures of the end-to-end tests: a fresh demo sub-district, the emulator and `gridbot run` in its own process.

    async def test_something(e2e):
        menu = await e2e.onboard("李娜")     # /start → 📱 分享手机号 → 验证成功 → the role menu
        li = e2e.user("李娜")                # a sandbox.SandboxUser: send_text, press, wait_message…
        await e2e.bot.restart()             # SIGTERM, then the same command on the same database
        assert (await e2e.person("李娜")).telegram_id == li.user_id

Every test gets its own SQLite file seeded with the demo roster (imported with `import_roster`, as `gridbot demo`
does), an emulator on a free port with one persona per person, and the bot started with BOT_TOKEN = the sandbox
token and TELEGRAM_API_BASE = the emulator. When a test fails, the bot's output is added to its report.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import datetime
from pathlib import Path

import pytest

from bot.sandbox_runner import SANDBOX_TOKEN, load_personas, seed_demo
from sandbox import Emulator, SandboxClient
from storage.db import Database
from storage.migrate import upgrade
from tests.e2e.harness import (
    DEFAULT_START,
    E2E,
    BotProcess,
    assert_clean_log,
    gridbot_command,
    gridbot_env,
)
from tests.e2e.process_clock import ProcessClock

E2E_DIR = Path(__file__).parent
BOT_PROCESSES = pytest.StashKey[list[BotProcess]]()


@pytest.hookimpl(tryfirst=True)  # before `-m` selects by marker
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if E2E_DIR in Path(item.path).parents:
            item.add_marker(pytest.mark.e2e)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> pytest.TestReport:
    report: pytest.TestReport = yield
    if report.failed:
        for number, bot in enumerate(item.stash.get(BOT_PROCESSES, []), start=1):
            report.sections.append((f"bot process {number} output", bot.log() or "(nothing)"))
    return report


async def seeded_database(path: Path, clock: ProcessClock) -> Database:
    db = Database(f"sqlite+aiosqlite:///{path}")
    await upgrade(db)
    seeded = await seed_demo(db, now=clock())
    assert seeded.imported and not seeded.errors, seeded
    return db


@pytest.fixture
def register_bot(request: pytest.FixtureRequest) -> Callable[[BotProcess], BotProcess]:
    """Attach a bot process to the test, so a failure report shows its output."""

    def register(bot: BotProcess) -> BotProcess:
        request.node.stash.setdefault(BOT_PROCESSES, []).append(bot)
        return bot

    return register


def start_instant(request: pytest.FixtureRequest) -> datetime:
    """The instant the test's bot starts at: `@pytest.mark.clock("2026-12-31T23:30:00+08:00")`, or DEFAULT_START."""
    marker = request.node.get_closest_marker("clock")
    return datetime.fromisoformat(marker.args[0]) if marker else DEFAULT_START


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Tests marked `every_mode` run on the default set-up and again on two instances behind a round-robin proxy
    (PostgreSQL + Redis, webhook mode: tests/e2e/deployments.py), so every flow is shown to work there too; the
    marker's arguments, when given, name the modes instead."""
    marker = metafunc.definition.get_closest_marker("every_mode")
    if "e2e" in metafunc.fixturenames and marker is not None:
        from tests.e2e.deployments import MODES

        wanted = marker.args or ("sqlite-polling", "pg-redis-webhook-x2")
        modes = [m for m in MODES if (m if isinstance(m, str) else m.values[0]) in wanted]
        metafunc.parametrize("e2e", modes, indirect=True)


@pytest.fixture
async def e2e(
    tmp_path: Path, register_bot: Callable[[BotProcess], BotProcess], request: pytest.FixtureRequest
) -> AsyncIterator[E2E]:
    mode = getattr(request, "param", "sqlite-polling")
    if mode != "sqlite-polling":
        from tests.e2e.deployments import deployment

        async with deployment(mode, tmp_path, register_bot, start=start_instant(request)) as (world, _):
            yield world
        return
    clock = ProcessClock(start_instant(request))
    db = await seeded_database(tmp_path / "gridbot.sqlite3", clock)
    personas = await load_personas(db, "zh-CN")
    async with sqlite_world(tmp_path, register_bot, clock, db, personas) as world:
        yield world


@asynccontextmanager
async def sqlite_world(
    tmp_path: Path,
    register_bot: Callable[[BotProcess], BotProcess],
    clock: ProcessClock,
    db: Database,
    personas: list[dict],
    **settings: str,
) -> AsyncIterator[E2E]:
    """`gridbot run` on SQLite with long polling against the emulator in strict mode, on `db` (seeded or not),
    with `settings` added to its environment; at the end it must stop cleanly and have logged no error."""
    try:
        async with (
            Emulator(SANDBOX_TOKEN, personas=personas) as emulator,
            SandboxClient(emulator.base_url) as sandbox,
        ):
            bot = register_bot(
                BotProcess(
                    gridbot_command("run"),
                    gridbot_env(
                        clock,
                        bot_token=SANDBOX_TOKEN,
                        telegram_api_base=emulator.base_url,
                        database_url=db.url,
                        media_dir=str(tmp_path / "media"),
                        default_locale="zh-CN",
                        log_level="INFO",
                        **settings,
                    ),
                    cwd=tmp_path,
                    sandbox_url=emulator.base_url,
                    log_path=tmp_path / "bot.log",
                )
            )
            try:
                await bot.start()
                world = E2E(emulator, sandbox, db, bot, personas, clock)
                yield world
                # Whatever the test did, the bot stops cleanly and logged no error along the way.
                if bot.running:
                    code = await bot.stop()
                    assert code == 0, f"the bot exited with {code} on SIGTERM"
                if world.check_log_at_teardown:
                    assert_clean_log(bot.log())
            finally:
                await bot.close()
    finally:
        await db.dispose()
