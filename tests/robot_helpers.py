"""Helpers for the group robot tests (issue 20): the stand-ins on the test's clock, channels registered against
them, and the robot sender drained as the running bot would, the clock moving a second at a time while it waits."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from sqlalchemy import select

from bot.sender.robots import RobotSender
from sandbox.robots import RobotStandIns
from services.channels.registry import NewChannel, add_channel
from storage.db import Database
from storage.models import OutboxMessage
from storage.outbox import PENDING, SENDING

DT_SECRET = "SEC0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e3f4a5b6c7d8e9f0a1b2"
FS_SECRET = "fs9s8d7f6g5h4j3k2l1"
WECOM_KEY = "693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa"
DT_TOKEN = "a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e3f4a5b6c7d8e9f0a1b2"
FS_HOOK = "2f5a1c3e-8b7d-4e6f-9a0b-1c2d3e4f5a6b"


async def stand_ins(clock) -> RobotStandIns:  # type: ignore[no-untyped-def]
    robots = RobotStandIns(clock=lambda: clock().timestamp())
    await robots.start()
    return robots


async def register(
    db: Database, robots: RobotStandIns, kind: str, name: str, secret=None, community=None, now=None, **kw
):  # type: ignore[no-untyped-def]
    view = await add_channel(
        db,
        NewChannel(kind=kind, webhook=robots.url(kind, name), secret=secret, community=community, **kw),
        now,
    )
    return view.id


async def pending_robot_rows(db: Database) -> int:
    async with db.session() as s:
        rows = await s.execute(
            select(OutboxMessage.id).where(
                OutboxMessage.channel_id.is_not(None), OutboxMessage.status.in_([PENDING, SENDING])
            )
        )
        return len(rows.all())


async def drain(*senders: RobotSender, clock, step: float = 1.0, limit: int = 3600) -> int:  # type: ignore[no-untyped-def]
    """Call the robots until nothing is queued for them, moving the clock on by `step` when nothing could go.

    Several senders (several bot instances) drain at once, each round all of them together; the clock moves only
    between rounds, when no call is under way: as in real time, a call does not outlast its lease."""
    calls = 0
    for _ in range(limit):
        done = sum(await asyncio.gather(*(sender.drain_once() for sender in senders)))
        calls += done
        if not await pending_robot_rows(senders[0].db):
            return calls
        if not done:
            clock.now += timedelta(seconds=step)
    raise AssertionError("the robots' queue did not empty")
