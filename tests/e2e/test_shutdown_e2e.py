"""Stopping the bot while it is answering someone: the answer should still go out, and nothing be logged as failed.

Expected to fail until `bot.app.run` shuts down in order (reported): aiogram's `start_polling` returns without
waiting for the updates being handled, and `run` then closes the HTTP session, so today the person gets
"抱歉，处理时出了点问题" instead of their menu and the log has a TelegramNetworkError. Waiting for those updates
is half the fix; the outbox sender must then be stopped between its transactions rather than cancelled inside one
(SQLAlchemy swallows a CancelledError that lands in its pool's rollback, and `run` waits for the sender forever).
With both, this test passes; then remove the xfail (strict: an unexpected pass fails the run as a reminder).
"""

from __future__ import annotations

import pytest

from tests.e2e.harness import E2E, assert_clean_log, bot_messages, eventually


@pytest.mark.xfail(
    strict=True, reason="bot.app.run does not wait for updates in flight on SIGTERM (reported)"
)
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
