"""Deployments for the end-to-end tests of issue 13: the supported modes, each started as `gridbot run` processes
against the emulator (tests/e2e/test_modes_e2e.py: one scenario in each mode; test_faults_e2e.py: kill -9 and faults).

- `sqlite-polling`: one instance, SQLite, long polling;
- `pg-polling`: one instance, PostgreSQL, long polling;
- `pg-redis-webhook-x2`: two instances on PostgreSQL and Redis in webhook mode behind a round-robin proxy, so the
  updates of one dialog alternate between the instances at every step.
"""

from __future__ import annotations

import itertools
import signal
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from aiohttp import ClientSession, ClientTimeout, web

from bot.sandbox_runner import SANDBOX_TOKEN, load_personas, seed_demo
from sandbox import Emulator, Message, SandboxClient
from tests.conftest import PG_URL, REDIS_URL, fresh_database
from tests.e2e.harness import E2E, BotProcess, assert_clean_log, free_port, gridbot_command, gridbot_env
from tests.e2e.process_clock import ProcessClock

NEEDS_PG = pytest.mark.skipif(not PG_URL, reason="TEST_DATABASE_URL not set")
NEEDS_PG_REDIS = pytest.mark.skipif(
    not (PG_URL and REDIS_URL), reason="TEST_DATABASE_URL / TEST_REDIS_URL not set"
)
MODES = [
    "sqlite-polling",
    pytest.param("pg-polling", marks=NEEDS_PG),
    pytest.param("pg-redis-webhook-x2", marks=NEEDS_PG_REDIS),
]
STRICT = {"enabled": True}  # Telegram's limits: 30 sends a second, a burst of 3 then 1 a second per chat


class _SharedEnv(dict[str, str]):
    """The settings of several processes: an update goes to every one of them."""

    def __init__(self, processes: list[BotProcess]) -> None:
        super().__init__(processes[0].env)
        self.processes = processes

    def update(self, *args: Any, **kwargs: Any) -> None:  # type: ignore[override]
        super().update(*args, **kwargs)
        for process in self.processes:
            process.env.update(*args, **kwargs)


class BotGroup:
    """Several instances as a test's one bot (`E2E.bot`): settings, stops and restarts apply to each."""

    def __init__(self, processes: list[BotProcess]) -> None:
        self.processes = processes
        self.env = _SharedEnv(processes)

    @property
    def running(self) -> bool:
        return any(process.running for process in self.processes)

    def log(self) -> str:
        return "\n".join(process.log() for process in self.processes)

    async def start(self) -> None:
        for process in self.processes:
            await process.start()

    async def stop(self, sig: int = signal.SIGTERM) -> int | None:
        codes = [await process.stop(sig) for process in self.processes]
        return next((code for code in codes if code != 0), codes[0])

    async def restart(
        self, sig: int = signal.SIGTERM, while_stopped: Callable[[], Awaitable[None]] | None = None
    ) -> None:
        code = await self.stop(sig)
        assert code == 0, f"an instance exited with {code} on {sig!r}:\n{self.log()}"
        if while_stopped is not None:
            await while_stopped()
        await self.start()

    async def close(self) -> None:
        for process in self.processes:
            await process.close()


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


@asynccontextmanager
async def deployment(
    mode: str,
    tmp_path: Path,
    register_bot: Callable[[BotProcess], BotProcess],
    *,
    start: datetime,
    limits: dict[str, Any] | None = None,
    faults: dict[str, Any] | None = None,
    **settings: str,
) -> AsyncIterator[tuple[E2E, list[BotProcess]]]:
    """`mode` (MODES) started as `gridbot run` processes on a fresh, seeded database, against an emulator with
    `limits` and `faults`, on a clock starting at `start`; `settings` go to every process. At the end every process
    must stop cleanly (SIGTERM, exit 0) and have logged no error."""
    clock = ProcessClock(start)
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
            Emulator(SANDBOX_TOKEN, personas=personas, limits=limits, faults=faults) as emulator,
            SandboxClient(emulator.base_url) as sandbox,
        ):
            common = {
                "bot_token": SANDBOX_TOKEN,
                "telegram_api_base": emulator.base_url,
                "database_url": db.url,
                "media_dir": str(tmp_path / "media"),
                "default_locale": "zh-CN",
                "log_level": "INFO",
                **settings,
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
            bot = processes[0] if len(processes) == 1 else BotGroup(processes)
            world = E2E(emulator, sandbox, db, bot, personas, clock)  # type: ignore[arg-type]
            yield world, processes
            for process in processes:
                if process.running:
                    assert await process.stop() == 0, process.log()
                if world.check_log_at_teardown:
                    assert_clean_log(process.log())
    finally:
        for process in processes:
            await process.close()
        if proxy is not None:
            await proxy.cleanup()
        await db.dispose()
