"""What the bot process holds once started (issue 14): matplotlib and numpy only in the digest charts' worker
processes, started by the first digest that draws charts, not at boot; alembic only when a migration runs; openpyxl
only when an export is built; asyncpg and SQLAlchemy's PostgreSQL dialect only on PostgreSQL.

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
# asyncpg and SQLAlchemy's PostgreSQL dialect too: these tests run the bot on SQLite.
HEAVY = ("matplotlib", "numpy", "alembic", "openpyxl", "asyncpg", "sqlalchemy.dialects.postgresql")

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
        # The migration ran, and only it brought alembic in (with SQLAlchemy's PostgreSQL dialect: alembic.ddl
        # loads every database's DDL).
        assert json.loads(out) == ["alembic", "sqlalchemy.dialects.postgresql"]
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


# `gridbot run` as the installed script runs it (`bot.cli.main`), against an emulator served from a thread of the same
# process, so that this process can be asked afterwards how aiogram was built in it.
ROUND_TRIP = """
import asyncio, json, os, signal, sys, threading

from bot.cli import main  # what the installed `gridbot` script does

USER, TOKEN = 555001, "{token}"
seen = {"aiogram imported before main": "aiogram" in sys.modules}
ready, bot_done = threading.Event(), threading.Event()


def emulator():
    from sandbox import Emulator, SandboxClient  # not aiogram: that is the bot's to import

    async def serve():
        async with Emulator(TOKEN) as emulator, SandboxClient(emulator.base_url) as sandbox:
            seen["base_url"] = emulator.base_url
            ready.set()
            for _ in range(600):
                if emulator.api.stats.calls.get("getUpdates", 0) >= 1:
                    break
                await asyncio.sleep(0.1)
            import aiogram.types
            from bot import fast_import

            seen["active"] = fast_import.active()
            seen["Update built before the update"] = aiogram.types.Update.__pydantic_complete__
            user = sandbox.user(USER)
            await user.send_command("start")
            seen["answer"] = (await user.wait_message(timeout=60)).text
            seen["keyboard"] = [[button["text"] for button in row] for row in await user.reply_keyboard() or []]
            seen["Update built after"] = aiogram.types.Update.__pydantic_complete__
            seen["Poll built"] = aiogram.types.Poll.__pydantic_complete__  # no poll ever arrives
            os.kill(os.getpid(), signal.SIGTERM)  # as systemd stops it
            await asyncio.to_thread(bot_done.wait, 60)

    asyncio.run(serve())


thread = threading.Thread(target=emulator)
thread.start()
ready.wait(60)
os.environ.update(
    BOT_TOKEN=TOKEN,
    TELEGRAM_API_BASE=seen["base_url"],
    DATABASE_URL=sys.argv[1],
    MEDIA_DIR=sys.argv[2],
    DEFAULT_LOCALE="zh-CN",
)
seen["exit"] = main(["run"])
bot_done.set()
thread.join(60)
print(json.dumps(seen, ensure_ascii=False))
"""


async def test_the_bot_process_builds_aiogram_types_on_first_use_and_still_answers(tmp_path):
    from bot.sandbox_runner import SANDBOX_TOKEN
    from locales import tr_text

    url = await _migrated(tmp_path)
    script = ROUND_TRIP.replace("{token}", SANDBOX_TOKEN)
    seen = json.loads(_run_script(tmp_path / "round_trip.py", script, url, str(tmp_path / "media")))
    assert seen["aiogram imported before main"] is False, seen
    assert seen["active"] is True, seen
    assert seen["Update built before the update"] is False, seen  # not at import: on the first update
    assert seen["Update built after"] is True, seen
    assert seen["Poll built"] is False, seen
    # a stranger's /start: the welcome and the button to share a phone number (a method with a reply keyboard)
    assert seen["answer"] == tr_text("zh-CN", "onboard-welcome"), seen
    assert seen["keyboard"] == [[tr_text("zh-CN", "onboard-share-button")]], seen
    assert seen["exit"] == 0, seen


# Every aiogram type and Bot API method's JSON schema (or the error saying it has none: a field of InputFile), as a
# dictionary by name; `defer` says whether aiogram is imported with bot.fast_import's deferral first.
SCHEMAS = """
import json, sys, warnings

if sys.argv[1] == "defer":
    from bot.fast_import import install

    install()
import aiogram.types
import aiogram.methods
from bot import fast_import

warnings.simplefilter("ignore")  # Default(...) values are left out of a JSON schema, with a warning each
schemas = {}
for module in (aiogram.types, aiogram.methods):
    for name in module.__all__:
        model = getattr(module, name)
        if hasattr(model, "model_json_schema") and model is not aiogram.methods.Response:
            try:
                schemas[name] = model.model_json_schema()
            except Exception as exc:
                schemas[name] = f"{type(exc).__name__}: {exc}"
# Types other libraries derive from aiogram's (aiogram-dialog's ReplyCallbackQuery, built when a reply-keyboard press
# arrives): deferred too, they must resolve aiogram's names as well as their own.
import aiogram_dialog.context.intent_middleware
from aiogram.types.base import TelegramObject


def subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from subclasses(sub)


for model in subclasses(TelegramObject):
    if not model.__module__.startswith("aiogram."):
        try:
            schemas[f"{model.__module__}.{model.__qualname__}"] = model.model_json_schema()
        except Exception as exc:
            schemas[f"{model.__module__}.{model.__qualname__}"] = f"{type(exc).__name__}: {exc}"
for result in ("Message", "Update", "bool", "list[Update]"):
    schemas[f"Response[{result}]"] = aiogram.methods.Response[eval(result, vars(aiogram.types))].model_json_schema()
print(json.dumps({"active": fast_import.active(), "schemas": schemas}, default=str))
"""


def test_aiogram_types_built_on_first_use_have_the_schemas_built_at_import(tmp_path):
    eager = json.loads(_run_script(tmp_path / "eager.py", SCHEMAS, "eager"))
    deferred = json.loads(_run_script(tmp_path / "deferred.py", SCHEMAS, "defer"))
    assert (eager["active"], deferred["active"]) == (False, True)
    assert len(eager["schemas"]) > 500  # every type and method
    assert "aiogram_dialog.api.entities.update_event.DialogUpdateEvent" in eager["schemas"] or any(
        name.startswith("aiogram_dialog.") for name in eager["schemas"]
    )
    assert deferred["schemas"] == eager["schemas"]


# What aiogram-dialog builds when a reply-keyboard button is pressed (intent_middleware.process_message): a type of
# its own derived from aiogram's, deferred like them in the bot process.
REPLY_PRESS = """
import sys

from bot.fast_import import install

install()
import bot.app  # noqa: F401  (everything the bot process imports)
from aiogram.types import Chat, Message, User
from aiogram_dialog.context.intent_middleware import InaccessibleBusinessMessage, ReplyCallbackQuery

chat = Chat(id=1, type="private")
pressed = Message(message_id=7, date=0, chat=chat, text="📍 发送当前位置")
query = ReplyCallbackQuery(
    id="",
    message=InaccessibleBusinessMessage(chat=chat, message_id=7),
    original_message=pressed,
    data="x",
    from_user=User(id=1, is_bot=False, first_name="a"),
    chat_instance="1",
)
print(type(query).__name__, query.message.message_id)
"""


def test_a_type_another_library_derives_from_aiograms_is_built_on_first_use_too(tmp_path):
    """The hostile flood's reply-keyboard presses found it: aiogram-dialog's ReplyCallbackQuery, built on first
    use without aiogram's names, failed with "class not fully defined"."""
    assert _run_script(tmp_path / "reply.py", REPLY_PRESS).strip() == "ReplyCallbackQuery 7"
