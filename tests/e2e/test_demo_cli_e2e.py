"""`gridbot demo`, then `gridbot run` without BOT_TOKEN, as a person runs them: the demo sub-district is seeded
once, the web chat is served, Ctrl-C / SIGTERM stop everything cleanly, and a second run keeps what was entered."""

from __future__ import annotations

import signal
from collections.abc import Callable
from pathlib import Path

from aiohttp import ClientSession

from bot.sandbox_runner import count_people
from domain.roles import Role
from locales import tr
from storage.db import Database
from tests.e2e.harness import (
    DEFAULT_START,
    BotProcess,
    assert_clean_log,
    free_port,
    gridbot_command,
    gridbot_env,
    new_menu,
)
from tests.e2e.process_clock import ProcessClock

ZHANG_TITLE = "张伟 · 社区党委书记 (幸福社区)"
HISTORY_SAID = tr("zh-CN", "demo-history", logs=0, problems=0, checkins=0, sheets=0, meetings=0, callouts=0)[
    :12
]


async def _verify(process: BotProcess, user_id: int) -> None:
    user = process.sandbox.user(user_id)
    await user.send_command("start")
    await user.wait_message(lambda m: "欢迎使用网格助手" in (m.text or ""))
    await user.press("📱 分享手机号")
    await user.wait_message(lambda m: m.text == "✅ 验证成功，张伟，欢迎您！")
    await user.wait_message(new_menu)


async def test_demo_seeds_once_serves_the_web_chat_and_stops_cleanly(
    tmp_path: Path, register_bot: Callable[[BotProcess], BotProcess]
) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    database_url = f"sqlite+aiosqlite:///{tmp_path / 'demo.sqlite3'}"
    env = gridbot_env(
        ProcessClock(DEFAULT_START),
        sandbox_database_url=database_url,
        sandbox_host="127.0.0.1",
        sandbox_port=str(port),
        log_level="INFO",
    )

    def process(command: str, name: str) -> BotProcess:
        return register_bot(
            BotProcess(
                gridbot_command(command),
                env,
                cwd=tmp_path,
                sandbox_url=url,
                log_path=tmp_path / f"{name}.log",
                stdout_path=tmp_path / f"{name}.out",
            )
        )

    demo = process("demo", "demo")
    try:
        await demo.start()  # returns once the bot polls the emulator
        personas = await demo.sandbox.personas()
        titles = [p["title"] for p in personas]
        assert len(personas) == 25 and ZHANG_TITLE in titles
        for role in Role:  # the demo shows every role of DOMAIN.md
            assert any(tr("zh-CN", f"role-{role.value}") in title for title in titles), role
        zhang = personas[titles.index(ZHANG_TITLE)]
        assert (zhang["last_name"], zhang["first_name"], zhang["phone"]) == ("张", "伟", "+8613820020001")
        async with ClientSession() as http, http.get(f"{url}/") as page:
            assert page.status == 200 and 'data-testid="text-input"' in await page.text()
        await _verify(demo, zhang["user_id"])
        assert await demo.stop(signal.SIGINT) == 0  # Ctrl-C
    finally:
        await demo.close()
    printed = demo.stdout()
    assert tr("zh-CN", "demo-seeded", people=25, communities=3, grids=12) in printed
    assert HISTORY_SAID in printed  # and the last two months of history (tests/e2e/test_demo_history.py)
    assert f"{url}/" in printed
    assert printed.rstrip().endswith(tr("zh-CN", "demo-stopped"))
    assert_clean_log(demo.log())

    rerun = process("run", "rerun")  # no BOT_TOKEN: the same sandbox
    try:
        await rerun.start()
        personas = await rerun.sandbox.personas()
        assert [p["user_id"] for p in personas if p["title"] == ZHANG_TITLE] == [zhang["user_id"]]
        # The emulator's chats are new, the binding is not: /start goes straight to the menu.
        user = rerun.sandbox.user(zhang["user_id"])
        await user.send_command("start")
        await user.wait_message(lambda m: m.text == "您已完成身份验证。")
        await user.wait_message(new_menu)
        assert await rerun.stop(signal.SIGTERM) == 0
    finally:
        await rerun.close()
    printed = rerun.stdout()
    assert tr("zh-CN", "cli-no-token") in printed
    assert tr("zh-CN", "demo-kept", people=25) in printed
    assert tr("zh-CN", "demo-seeded", people=25, communities=3, grids=12) not in printed
    assert HISTORY_SAID not in printed  # seeded once
    assert_clean_log(rerun.log())

    db = Database(database_url)
    try:
        assert await count_people(db) == 25
    finally:
        await db.dispose()
