"""What the bot process holds once started (issue 14): matplotlib and numpy only in the digest charts' worker
processes, started by the first digest that draws charts, not at boot; alembic only when a migration runs; openpyxl
only when an export is built; asyncpg only on PostgreSQL.

Each check runs the bot in a fresh interpreter, started as the `gridbot` script starts it (`from bot.cli import
main`), since this test process has long imported all of them.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.config import Settings
from storage import migrate
from storage.db import Database
from storage.migrate import downgrade, head_revision, is_current, revisions, upgrade

REPO_ROOT = Path(__file__).resolve().parents[1]
# asyncpg too: these tests run the bot on SQLite.
HEAVY = ("matplotlib", "numpy", "alembic", "openpyxl", "asyncpg")

# The running bot's own code: `gridbot run` imports bot.cli, then bot.app (bot.cli.cmd_run), then builds the app.
BUILD = """
import asyncio, json, sys

from bot.cli import main  # what the installed `gridbot` script does


async def build(url, media):
    from bot.app import build_app
    from bot.config import Settings

    settings = Settings(_env_file=None, bot_token="42:TEST", database_url=url, media_dir=media)
    app = await build_app(settings)
    await app.bot.session.close()
    await app.db.dispose()


asyncio.run(build(sys.argv[1], sys.argv[2]))
print(json.dumps(sorted(name for name in HEAVY if name in sys.modules)))
""".replace("HEAVY", repr(HEAVY))

# `bot.app.run` serving an in-process emulator: idle once it polls, then a digest's worth of charts, then SIGTERM.
SERVE = """
import asyncio, json, os, signal, sys

from bot.cli import main  # the chart workers (spawned) import the main module again, as they do the gridbot script


def children():
    found = []
    for entry in os.listdir("/proc"):
        try:
            stat = open(f"/proc/{entry}/stat").read() if entry.isdigit() else ""
        except OSError:
            continue
        if stat and int(stat.rsplit(")", 1)[1].split()[1]) == os.getpid():
            found.append(int(entry))
    return found


def state():
    from reports import charts

    heavy = sorted(name for name in HEAVY if name in sys.modules)
    return {"heavy": heavy, "pool": charts._pool is not None, "children": len(children())}


async def main_(url, media):
    from bot.app import run
    from bot.config import Settings
    from bot.sandbox_runner import SANDBOX_TOKEN
    from reports import charts
    from sandbox import Emulator

    seen = {}
    async with Emulator(SANDBOX_TOKEN) as emulator:
        settings = Settings(
            _env_file=None,
            bot_token=SANDBOX_TOKEN,
            telegram_api_base=emulator.base_url,
            database_url=url,
            media_dir=media,
        )
        bot = asyncio.create_task(run(settings))
        for _ in range(600):
            if emulator.api.stats.calls.get("getUpdates", 0) >= 2 or bot.done():
                break
            await asyncio.sleep(0.1)
        await asyncio.sleep(1)  # the first rounds of the sender, the urgent watch, the exports, the scheduler
        seen["idle"] = state()
        spec = charts.ChartSpec("bar", "网格", (("幸福社区", 3.0), ("和谐社区", 1.0)), "暂无数据")
        pngs = await charts.render_all([spec] * charts.POOL_FROM)  # a digest's charts: drawn by the workers
        seen["drawn"] = {**state(), "pngs": sum(1 for png in pngs if png and png.startswith(b"\\x89PNG"))}
        os.kill(os.getpid(), signal.SIGTERM)  # as systemd stops it
        await asyncio.wait_for(bot, 30)
        seen["stopped"] = {"pool": charts._pool is not None}
    print(json.dumps(seen))


if __name__ == "__main__":
    asyncio.run(main_(sys.argv[1], sys.argv[2]))
""".replace("HEAVY", repr(HEAVY))


def _env() -> dict[str, str]:
    """This environment without the bot's settings (a developer's BOT_TOKEN, REDIS_URL…), the repository first."""
    names = {name.upper() for name in Settings.model_fields}
    env = {key: value for key, value in os.environ.items() if key.upper() not in names}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), os.environ.get("PYTHONPATH")]))
    return env


def _run_script(path: Path, script: str, *args: str) -> str:
    path.write_text(script, encoding="utf-8")  # a file: spawned workers import the main module by its path
    done = subprocess.run(
        [sys.executable, str(path), *args],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
        cwd=path.parent,  # not the repository: no developer's .env
        env=_env(),
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[-1]


async def _migrated(tmp_path: Path) -> str:
    db = Database(f"sqlite+aiosqlite:///{tmp_path}/gridbot.sqlite3")
    try:
        await upgrade(db)
    finally:
        await db.dispose()
    return db.url


async def test_the_started_bot_imports_no_charting_migration_or_workbook_library(tmp_path):
    url = await _migrated(tmp_path)
    out = _run_script(tmp_path / "build.py", BUILD, url, str(tmp_path / "media"))
    assert json.loads(out) == []


async def test_a_start_on_a_database_behind_the_code_still_migrates_it(tmp_path):
    db = Database(f"sqlite+aiosqlite:///{tmp_path}/gridbot.sqlite3")
    try:
        await upgrade(db, revisions()[-2])
        out = _run_script(tmp_path / "build.py", BUILD, db.url, str(tmp_path / "media"))
        assert json.loads(out) == ["alembic"]  # the migration ran, and only it brought alembic in
        assert await is_current(db)
    finally:
        await db.dispose()


@pytest.mark.skipif(sys.platform != "linux", reason="counts child processes in /proc")
async def test_the_chart_workers_start_with_the_first_charts_not_with_the_bot(tmp_path):
    from reports import charts

    if charts.cjk_font() is None:
        pytest.skip("no CJK font installed: no chart is drawn, so no worker is kept")
    url = await _migrated(tmp_path)
    seen = json.loads(_run_script(tmp_path / "serve.py", SERVE, url, str(tmp_path / "media")))
    assert seen["idle"] == {"heavy": [], "pool": False, "children": 0}, seen
    drawn = seen["drawn"]
    assert drawn["pool"] and drawn["children"] >= 1 and drawn["pngs"] == charts.POOL_FROM, seen
    assert drawn["heavy"] == [], seen  # drawn in the workers: matplotlib stays out of the bot process
    assert seen["stopped"] == {"pool": False}, seen


def test_the_head_revision_is_read_without_alembic_and_is_alembics_head():
    assert head_revision() == revisions()[-1]


async def test_the_schema_is_current_only_at_the_head(tmp_path):
    db = Database(f"sqlite+aiosqlite:///{tmp_path}/gridbot.sqlite3")
    try:
        assert not await is_current(db)  # an empty file: no alembic_version table
        await upgrade(db)
        assert await is_current(db)
        await downgrade(db, "-1")
        assert not await is_current(db)
        await upgrade(db)
        assert await is_current(db)
        await downgrade(db, "base")
        assert not await is_current(db)
    finally:
        await db.dispose()


def _revision(folder: Path, name: str, body: str) -> None:
    (folder / f"{name}.py").write_text(f'"""{name}"""\n\n{body}\n', encoding="utf-8")


@pytest.mark.parametrize(
    ("files", "head"),
    [
        ({"a": 'revision = "a"\ndown_revision = None', "b": 'revision = "b"\ndown_revision = "a"'}, "b"),
        # two heads (a branch): alembic decides
        (
            {
                "a": 'revision = "a"\ndown_revision = None',
                "b": 'revision = "b"\ndown_revision = "a"',
                "c": 'revision = "c"\ndown_revision = "a"',
            },
            None,
        ),
        # a merge, a branch label, a revision that is not a literal, a missing parent, no revision at all
        (
            {
                "a": 'revision = "a"\ndown_revision = None',
                "b": 'revision = "b"\ndown_revision = ("a",)',
            },
            None,
        ),
        ({"a": 'revision = "a"\ndown_revision = None\nbranch_labels = ("x",)'}, None),
        ({"a": 'revision = "a" + ""\ndown_revision = None'}, None),
        ({"a": 'revision = "a"\ndown_revision = "zz"'}, None),
        ({"a": "down_revision = None"}, None),
    ],
)
def test_the_head_revision_is_none_whenever_it_is_not_plain(tmp_path, monkeypatch, files, head):
    for name, body in files.items():
        _revision(tmp_path, name, body)
    (tmp_path / "__init__.py").write_text("", encoding="utf-8")
    monkeypatch.setattr(migrate, "VERSIONS", tmp_path)
    assert head_revision() == head
