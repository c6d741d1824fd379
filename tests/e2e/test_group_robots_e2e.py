"""Issue 20 end to end: `gridbot run` in its own process, with a sub-district WeCom robot and a community DingTalk
robot pointed at the local stand-ins, sends the daily digest at its minute to each group once (the chart as an
image on WeCom where there is one), signed and within the robots' limits; and so do two instances on one
PostgreSQL database."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.sandbox_runner import load_personas
from sandbox.robots import Robot, RobotStandIns
from services.channels.registry import NewChannel, add_channel
from storage.models import Community, OutboxMessage
from tests.e2e.conftest import seeded_database, sqlite_world
from tests.e2e.deployments import NEEDS_PG_REDIS, deployment
from tests.e2e.harness import E2E, BotProcess, eventually
from tests.e2e.process_clock import ProcessClock

START = datetime.fromisoformat("2026-12-09T10:00:45+08:00")  # a Wednesday; the digest is set for 10:01
DT_TOKEN, DT_SECRET = "e2e-dingtalk-token-0123456789", "SECe2e0123456789abcdef"
WECOM_KEY = "e2e-wecom-key-0123456789"


@pytest.fixture
async def world(
    tmp_path: Path, register_bot: Callable[[BotProcess], BotProcess]
) -> AsyncIterator[tuple[E2E, RobotStandIns, str]]:
    clock = ProcessClock(START)
    robots = RobotStandIns(clock=lambda: clock().timestamp())
    await robots.start()
    robots.add("wecom", WECOM_KEY)
    robots.add("dingtalk", DT_TOKEN, secret=DT_SECRET, keywords=("网格通",))
    db = await seeded_database(tmp_path / "gridbot.sqlite3", clock)
    async with db.session() as s:
        community = (await s.execute(select(Community.name).order_by(Community.id).limit(1))).scalar_one()
    await add_channel(db, NewChannel(kind="wecom", webhook=robots.url("wecom", WECOM_KEY)), clock())
    await add_channel(
        db,
        NewChannel(
            kind="dingtalk", webhook=robots.url("dingtalk", DT_TOKEN), secret=DT_SECRET, community=community
        ),
        clock(),
    )
    personas = await load_personas(db, "zh-CN")
    try:
        async with sqlite_world(
            tmp_path, register_bot, clock, db, personas, reminder_times='{"digest-daily": "10:01"}'
        ) as e2e:
            yield e2e, robots, community
    finally:
        await robots.stop()


def digests(robot: Robot) -> list[str]:
    return [str(b) for b in robot.received if "每日简报" in str(b)]


async def each_group_gets_the_digest_once(
    robots: RobotStandIns, *, timeout: float, settle: float
) -> tuple[Robot, Robot]:
    """Wait for the day's digest on the WeCom and the DingTalk robot, then `settle` seconds more (anything sent twice
    would have come by then): every call answered 0, each digest received once. Returns (WeCom, DingTalk)."""
    wecom = robots.robots[("wecom", WECOM_KEY)]
    dingtalk = robots.robots[("dingtalk", DT_TOKEN)]

    async def both() -> bool:
        return bool(digests(wecom)) and bool(digests(dingtalk))

    await eventually(both, timeout=timeout, what="the daily digest in both groups")
    await asyncio.sleep(settle)
    assert set(wecom.answers) == {0} and set(dingtalk.answers) == {0}
    assert len(digests(dingtalk)) == len(set(digests(dingtalk))) >= 1
    assert len(digests(wecom)) == len(set(digests(wecom))) >= 1
    return wecom, dingtalk


async def test_the_daily_digest_reaches_each_group_once(world: tuple[E2E, RobotStandIns, str]) -> None:
    e2e, robots, community = world
    wecom, dingtalk = await each_group_gets_the_digest_once(robots, timeout=90, settle=3)
    assert all(community in text for text in digests(dingtalk))
    # The chart (drawn only when the day has figures to show) at most once, as an image on WeCom only.
    assert sum(1 for b in wecom.received if b.get("msgtype") == "image") <= 1
    assert WECOM_KEY not in e2e.bot.log() and DT_SECRET not in e2e.bot.log() and DT_TOKEN not in e2e.bot.log()


@NEEDS_PG_REDIS
async def test_two_instances_send_the_digest_to_each_group_once(
    tmp_path: Path, register_bot: Callable[[BotProcess], BotProcess]
) -> None:
    """Two `gridbot run` processes on one PostgreSQL database (Redis, webhook mode behind a round-robin address), both
    running the scheduler and the robots' sender: each group gets the day's digest once, each robot row sent once."""
    robots = RobotStandIns(clock=lambda: clock().timestamp())
    await robots.start()
    robots.add("wecom", WECOM_KEY)
    robots.add("dingtalk", DT_TOKEN, secret=DT_SECRET, keywords=("网格通",))
    start = START.replace(second=0)  # a minute before the digest: two processes take longer to start
    try:
        async with deployment(
            "pg-redis-webhook-x2",
            tmp_path,
            register_bot,
            start=start,
            reminder_times='{"digest-daily": "10:01"}',
        ) as (e2e, processes):
            clock = e2e.clock
            assert len(processes) == 2
            async with e2e.db.session() as s:
                community = (
                    await s.execute(select(Community.name).order_by(Community.id).limit(1))
                ).scalar_one()
            await add_channel(
                e2e.db, NewChannel(kind="wecom", webhook=robots.url("wecom", WECOM_KEY)), clock()
            )
            await add_channel(
                e2e.db,
                NewChannel(
                    kind="dingtalk",
                    webhook=robots.url("dingtalk", DT_TOKEN),
                    secret=DT_SECRET,
                    community=community,
                ),
                clock(),
            )
            assert clock() < start.replace(minute=1), "the channels came after the digest's minute"
            # settle: a second instance's copy would have come by then
            wecom, dingtalk = await each_group_gets_the_digest_once(robots, timeout=120, settle=5)
            async with e2e.db.session() as s:
                rows = (
                    await s.execute(
                        select(OutboxMessage.status, OutboxMessage.attempts).where(
                            OutboxMessage.channel_id.is_not(None)
                        )
                    )
                ).all()
            assert rows and all(status == "sent" for status, _ in rows)
            # Every message the robots got came from one row: as many messages as sent rows.
            assert len(wecom.received) + len(dingtalk.received) == len(rows)
    finally:
        await robots.stop()
