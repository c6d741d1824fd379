"""Stopping the bot while it is answering someone: the answer still goes out, and nothing is logged as failed.

`bot.app.run` waits for the updates being handled (aiogram's polling returns without waiting for them) before it
closes the HTTP session, and stops the outbox sender between its transactions instead of cancelling it inside one.
"""

from __future__ import annotations

from tests.e2e.harness import E2E, assert_clean_log, bot_messages, eventually


async def test_sigterm_while_answering_lets_the_answer_finish(e2e: E2E) -> None:
    e2e.check_log_at_teardown = False  # this test checks the log itself, after the stop it is about
    user = e2e.user("李娜")
    await e2e.onboard("李娜")
    # Every sendMessage takes 0.8 s on the Telegram side, so the stop surely lands while the bot is answering.
    await e2e.sandbox.configure(
        faults={"enabled": True, "delay_rate": 1.0, "delay_ms": 800, "methods": ["sendMessage"]}
    )
    before = (await e2e.sandbox.stats())["calls"].get("sendMessage", 0)
    await user.send_command("start")

    async def answering() -> bool:
        return (await e2e.sandbox.stats())["calls"].get("sendMessage", 0) > before

    await eventually(answering, what="the bot starts answering")
    assert await e2e.bot.stop() == 0

    answers = bot_messages(await user.messages())
    assert answers[-2] == "您已完成身份验证。"
    assert answers[-1].startswith("🏠 网格助手 · 主菜单")
    assert_clean_log(e2e.bot.log())
