"""The deployment modes the README promises, each started as `gridbot run` processes against the emulator with its
rate limits on (issue 13), driving one scenario in each: onboarding, a work log submitted and signed, a problem
reported and accepted, and a reminder and a digest at their minute.

- `sqlite-polling`: one instance, SQLite, long polling;
- `pg-polling`: one instance, PostgreSQL, long polling;
- `pg-redis-webhook-x2`: two instances on PostgreSQL and Redis in webhook mode behind a round-robin proxy, so the
  updates of one dialog alternate between the instances at every step.

The bot's clock starts at Wednesday 9 Dec 2026 10:00 in Shanghai (the week's third working day); the reminder
`attendance-midweek` (paired cadres with no community day yet) and the daily digest are set for 10:01.
"""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator, Callable
from datetime import datetime
from pathlib import Path

import pytest
from aiohttp import ClientSession, ClientTimeout, web
from sqlalchemy import func, select

from bot.sandbox_runner import SANDBOX_TOKEN, load_personas, seed_demo
from sandbox import Emulator, Message, SandboxClient
from storage.models import OutboxMessage, Problem, WorkLog
from tests.conftest import PG_URL, REDIS_URL, fresh_database
from tests.e2e.harness import E2E, BotProcess, assert_clean_log, free_port, gridbot_command, gridbot_env
from tests.e2e.process_clock import ProcessClock
from tests.e2e.test_problems_e2e import open_notice, report
from tests.e2e.test_worklog_e2e import fill_until_summary

START = datetime.fromisoformat("2026-12-09T10:00:00+08:00")
MODES = [
    "sqlite-polling",
    pytest.param("pg-polling", marks=pytest.mark.skipif(not PG_URL, reason="TEST_DATABASE_URL not set")),
    pytest.param(
        "pg-redis-webhook-x2",
        marks=pytest.mark.skipif(
            not (PG_URL and REDIS_URL), reason="TEST_DATABASE_URL / TEST_REDIS_URL not set"
        ),
    ),
]
STRICT = {"enabled": True}  # Telegram's limits: 30 sends a second, a burst of 3 then 1 a second per chat


def has(needle: str) -> Callable[[Message], bool]:
    return lambda m: needle in (m.text or "")


async def round_robin_proxy(backends: list[str]) -> tuple[web.AppRunner, str]:
    """One address for Telegram's webhook, forwarding each POST to the next instance in turn."""
    turn = itertools.cycle(backends)
    session = ClientSession(timeout=ClientTimeout(total=70))

    async def forward(request: web.Request) -> web.Response:
        body = await request.read()
        headers = {
            k: v for k, v in request.headers.items() if k.lower().startswith(("x-telegram", "content-type"))
        }
        async with session.post(next(turn) + request.path, data=body, headers=headers) as answer:
            return web.Response(
                status=answer.status, body=await answer.read(), content_type=answer.content_type
            )

    async def close(_app: web.Application) -> None:
        await session.close()

    app = web.Application()
    app.router.add_post("/{path:.*}", forward)
    app.on_cleanup.append(close)
    runner = web.AppRunner(app)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    return runner, f"http://127.0.0.1:{port}"


@pytest.fixture
async def world(
    request: pytest.FixtureRequest, tmp_path: Path, register_bot: Callable[[BotProcess], BotProcess]
) -> AsyncIterator[tuple[E2E, list[BotProcess]]]:
    mode: str = request.param
    clock = ProcessClock(START)
    db = await fresh_database("sqlite" if mode == "sqlite-polling" else "postgresql", tmp_path)
    seeded = await seed_demo(db, now=clock())
    assert seeded.imported
    if mode.startswith("pg-redis"):
        from redis.asyncio import Redis

        redis = Redis.from_url(REDIS_URL)  # type: ignore[arg-type]
        await redis.flushdb()
        await redis.aclose()
    personas = await load_personas(db, "zh-CN")
    proxy: web.AppRunner | None = None
    processes: list[BotProcess] = []
    try:
        async with (
            Emulator(SANDBOX_TOKEN, personas=personas, limits=STRICT) as emulator,
            SandboxClient(emulator.base_url) as sandbox,
        ):
            common = {
                "bot_token": SANDBOX_TOKEN,
                "telegram_api_base": emulator.base_url,
                "database_url": db.url,
                "media_dir": str(tmp_path / "media"),
                "default_locale": "zh-CN",
                "log_level": "INFO",
                "reminder_times": '{"attendance-midweek": "10:01", "digest-daily": "10:01"}',
            }
            if mode == "pg-redis-webhook-x2":
                ports = [free_port(), free_port()]
                proxy, proxy_url = await round_robin_proxy([f"http://127.0.0.1:{p}" for p in ports])
                envs = [
                    {
                        **common,
                        "redis_url": REDIS_URL,
                        "webhook_url": f"{proxy_url}/telegram/webhook",
                        "webhook_secret": "e2e-webhook-secret",
                        "webhook_host": "127.0.0.1",
                        "webhook_port": str(port),
                    }
                    for port in ports
                ]
            else:
                envs = [common]
            for number, env in enumerate(envs):
                processes.append(
                    register_bot(
                        BotProcess(
                            gridbot_command("run"),
                            gridbot_env(clock, **env),
                            cwd=tmp_path,
                            sandbox_url=emulator.base_url,
                            log_path=tmp_path / f"bot{number}.log",
                            ready_call="setWebhook" if "webhook_url" in env else "getUpdates",
                        )
                    )
                )
            for process in processes:
                await process.start()
            yield E2E(emulator, sandbox, db, processes[0], personas, clock), processes
            for process in processes:
                assert await process.stop() == 0, process.log()
                assert_clean_log(process.log())
    finally:
        for process in processes:
            await process.close()
        if proxy is not None:
            await proxy.cleanup()
        await db.dispose()


@pytest.mark.parametrize("world", MODES, indirect=True)
async def test_the_scenario_in_each_deployment_mode(world: tuple[E2E, list[BotProcess]]) -> None:
    e2e, processes = world
    for name in ("张伟", "郑海", "李娜", "王建国"):
        await e2e.onboard(name)
    cadre, secretary, worker, leader = (e2e.user(n) for n in ("郑海", "张伟", "李娜", "王建国"))

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
