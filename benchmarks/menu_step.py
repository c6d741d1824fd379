"""Updates per second of one menu step of the real bot, beside two baselines, on the same in-process feed.

- echo: a bare aiogram message handler that answers the text back;
- bare dialog: a bare aiogram-dialog two-window button step (press → other window → press back), memory storage;
- GridBot menu: the real dispatcher, middlewares, SQL dialog storage and database: press ❓ 帮助 (the menu's help
  window) and ⬅️ 返回, which loads the person's roles and re-renders the role menu — on SQLite, and on PostgreSQL
  when TEST_DATABASE_URL (or --pg URL) is given. On SQLite every press reads the person and their roles from the
  database; on PostgreSQL the bot reuses them until PostgreSQL notifies a change (migration 0002), and a second
  PostgreSQL row shows the same step reading them on every press.

Every scenario is fed through `Dispatcher.feed_update` with the same fake Telegram session (tests/tg.py), so the
figures compare the bot's own work, not the network. Target: GridBot menu ≥ 0.5 × bare dialog.

    .venv/bin/python benchmarks/menu_step.py [--n 2000] [--pg postgresql+asyncpg://postgres@127.0.0.1:5432/test]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from aiogram import Dispatcher, Router  # noqa: E402
from aiogram.fsm.state import State, StatesGroup  # noqa: E402
from aiogram.fsm.storage.memory import MemoryStorage  # noqa: E402
from aiogram.types import Message  # noqa: E402
from aiogram_dialog import Dialog, DialogManager, StartMode, Window, setup_dialogs  # noqa: E402
from aiogram_dialog.widgets.kbd import SwitchTo  # noqa: E402
from aiogram_dialog.widgets.text import Const  # noqa: E402
from sqlalchemy import text  # noqa: E402

from bot.app import make_dispatcher  # noqa: E402
from bot.config import Settings  # noqa: E402
from domain.roles import Role  # noqa: E402
from storage.db import Database  # noqa: E402
from storage.migrate import upgrade  # noqa: E402
from tests.factories import add_person  # noqa: E402
from tests.tg import TgUser, make_fake_bot  # noqa: E402


async def timed(step, n: int, warmup: int) -> float:  # type: ignore[no-untyped-def]
    for _ in range(warmup):
        await step()
    started = time.perf_counter()
    for _ in range(n):
        await step()
    return n / (time.perf_counter() - started)


async def bench_echo(n: int, warmup: int) -> float:
    router = Router()

    @router.message()
    async def echo(message: Message) -> None:
        await message.answer(message.text or "")

    dp = Dispatcher()
    dp.include_router(router)
    bot, telegram = make_fake_bot()
    user = TgUser(dp, bot, telegram, 1)

    async def step() -> None:
        await user.send("你好")

    return await timed(step, n, warmup)


class Two(StatesGroup):
    first = State()
    second = State()


async def bench_bare_dialog(n: int, warmup: int) -> float:
    dp = Dispatcher(storage=MemoryStorage())
    dp.include_router(
        Dialog(
            Window(Const("第一页"), SwitchTo(Const("下一页"), id="next", state=Two.second), state=Two.first),
            Window(Const("第二页"), SwitchTo(Const("上一页"), id="prev", state=Two.first), state=Two.second),
        )
    )
    router = Router()

    @router.message()
    async def start(message: Message, dialog_manager: DialogManager) -> None:
        await dialog_manager.start(Two.first, mode=StartMode.RESET_STACK)

    dp.include_router(router)
    setup_dialogs(dp)
    bot, telegram = make_fake_bot()
    user = TgUser(dp, bot, telegram, 1)
    await user.send("/start")

    async def step() -> None:
        await user.press(user.last_with_buttons().buttons()[0])

    return await timed(step, n, warmup)


async def bench_gridbot(url: str, n: int, warmup: int, *, remember_people: bool = True) -> float:
    db = Database(url)
    if not remember_people:  # PostgreSQL without its change notifications: the person is read on every press

        async def not_listening() -> None:
            return None

        db.people_version = not_listening  # type: ignore[method-assign]
    if db.dialect == "postgresql":
        async with db.engine.begin() as conn:
            await conn.execute(text("DROP SCHEMA public CASCADE"))
            await conn.execute(text("CREATE SCHEMA public"))
    await upgrade(db)
    await add_person(
        db,
        "王建国",
        "13800000001",
        [(Role.SECRETARY, "幸福社区"), (Role.GRID_WORKER, "幸福社区"), (Role.EMERGENCY_MEMBER, "幸福社区")],
        telegram_id=1,
    )
    dp = make_dispatcher(Settings(_env_file=None, database_url=url), db)
    bot, telegram = make_fake_bot()
    user = TgUser(dp, bot, telegram, 1)
    await user.send("/menu")
    labels = ("❓ 帮助", "⬅️ 返回")

    async def step() -> None:
        buttons = user.last_with_buttons().buttons()
        await user.press(next(label for label in labels if label in buttons))

    rate = await timed(step, n, warmup)
    assert "主菜单" in user.last().text or "帮助" in user.last().text
    await dp.storage.close()  # as `gridbot run` stops: pending dialog state is written first
    await db.dispose()
    return rate


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--warmup", type=int, default=200)
    parser.add_argument("--pg", default=os.environ.get("TEST_DATABASE_URL"))
    args = parser.parse_args()

    echo = await bench_echo(args.n, args.warmup)
    bare = await bench_bare_dialog(args.n, args.warmup)
    with tempfile.TemporaryDirectory() as tmp:
        sqlite = await bench_gridbot(f"sqlite+aiosqlite:///{tmp}/bench.sqlite3", args.n, args.warmup)
    pg = await bench_gridbot(args.pg, args.n, args.warmup) if args.pg else None
    pg_read = await bench_gridbot(args.pg, args.n, args.warmup, remember_people=False) if args.pg else None

    print(f"machine: {platform.machine()} {os.cpu_count()} cpu, Python {platform.python_version()}")
    print(f"{'scenario':<34}{'updates/s':>12}{'÷ bare dialog':>16}")
    rows = [
        ("aiogram echo", echo),
        ("aiogram-dialog two-window step", bare),
        ("GridBot menu step, SQLite", sqlite),
    ]
    if pg is not None and pg_read is not None:
        rows.append(("GridBot menu step, PostgreSQL", pg))
        rows.append(("  … reading roles every press", pg_read))
    for name, rate in rows:
        print(f"{name:<34}{rate:>12.0f}{rate / bare:>16.2f}")
    worst = min(rate for name, rate in rows if name.startswith("GridBot")) / bare
    print(f"target ≥ 0.50 × bare dialog: {'met' if worst >= 0.5 else 'NOT met'} ({worst:.2f})")


if __name__ == "__main__":
    asyncio.run(main())
