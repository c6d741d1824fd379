"""The deployment modes the README promises (tests/e2e/deployments.py), each started as `gridbot run` processes
against the emulator with its rate limits on (issue 13), driving one scenario in each: onboarding, a work log
submitted and signed, a problem reported and accepted, and a reminder and a digest at their minute.

The bot's clock starts at Wednesday 9 Dec 2026 10:00 in Shanghai (the week's third working day); the reminder
`attendance-midweek` (paired cadres with no community day yet) and the daily digest are set for 10:01.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from storage.models import OutboxMessage, Problem, WorkLog
from tests.e2e.deployments import MODES, STRICT, deployment, has
from tests.e2e.harness import E2E, BotProcess
from tests.e2e.test_problems_e2e import open_notice, report
from tests.e2e.test_worklog_e2e import fill_until_summary

START = datetime.fromisoformat("2026-12-09T10:00:00+08:00")


@pytest.fixture
async def world(
    request: pytest.FixtureRequest, tmp_path: Path, register_bot: Callable[[BotProcess], BotProcess]
) -> AsyncIterator[tuple[E2E, list[BotProcess]]]:
    async with deployment(
        request.param,
        tmp_path,
        register_bot,
        start=START,
        limits=STRICT,
        reminder_times='{"attendance-midweek": "10:01", "digest-daily": "10:01"}',
    ) as world:
        yield world


@pytest.mark.parametrize("world", MODES, indirect=True)
async def test_the_scenario_in_each_deployment_mode(world: tuple[E2E, list[BotProcess]]) -> None:
    e2e, processes = world
    for name in ("张伟", "郑海", "李娜", "王建国"):
        await e2e.onboard(name)
    cadre, secretary, worker, leader = (e2e.user(n) for n in ("郑海", "张伟", "李娜", "王建国"))
    # The command list, set beside the first updates (not before them), is there by now in every mode.
    commands = (await e2e.sandbox.request("GET", "/bot"))["commands"]
    assert [c["command"] for c in commands][:3] == ["start", "menu", "log"]
    assert commands[2]["description"] == "填写网格工作纪实表"

    # A work log, submitted and signed with an opinion.
    await fill_until_summary(e2e, "郑海", photos=1)
    await cadre.press("📤 提交")
    await cadre.wait_message(has("已提交，等待社区书记签署"))
    request = await secretary.wait_message(has("新的纪实表待您签署"), timeout=15)
    await secretary.press("✅ 同意", message_id=request.message_id)
    await secretary.wait_message(has("请输入签署意见"))
    await secretary.send_text("同意。")
    await secretary.wait_message(has("已签署同意纪实表 #1"))
    await cadre.wait_message(has("您的纪实表已签署同意"), timeout=15)

    # A problem, reported by the grid worker and accepted by the secretary.
    await report(worker, "路灯损坏三盏", photo=False)
    await open_notice(secretary, "新的上报", "待社区受理")
    await secretary.press("✅ 受理")
    await secretary.wait_message(has("社区已受理"))

    # The reminder and the digest at 10:01 on the bot's clock, once each whatever the number of instances.
    nudge = await cadre.wait_message(has("本周已过三个工作日"), timeout=120)
    digest = await leader.wait_message(has("每日简报"), timeout=60)
    assert nudge and digest

    async with e2e.db.session() as s:
        logs = (await s.execute(select(WorkLog.status, WorkLog.opinion))).all()
        problems = (await s.execute(select(Problem.status))).scalars().all()
        keys = (await s.execute(select(OutboxMessage.key, func.count()).group_by(OutboxMessage.key))).all()
    assert logs == [("approved", "同意。")] and problems == ["accepted"]
    assert all(count == 1 for _, count in keys)
    for user, needle in ((cadre, "本周已过三个工作日"), (leader, "每日简报")):
        messages = await user.messages()
        assert sum(needle in (m.text or "") for m in messages) == 1
    if len(processes) > 1:  # both instances answered updates: the dialogs moved between them
        for process in processes:
            assert '"POST /telegram/webhook HTTP/1.1" 200' in process.log()
