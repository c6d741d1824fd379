"""Feishu end to end (issue 19): the daily digest with its chart. `gridbot run` serves Feishu only (HTTP events
from the local stand-in, sandbox/feishu); the bot's clock starts on Wednesday 9 Dec 2026 just before 10:01, when
the daily digest is set to go. The principal leader 王建国 binds on Feishu by the directory's mobile; Tuesday's
work logs (seeded in the database before the start) give the chart its figures. He gets the digest as a card, and
the chart as a card whose image the bot uploaded — each once."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from reports import charts
from storage.db import Database
from storage.models import Community, Grid, OutboxMessage, Person, WorkLog
from tests.e2e.conftest import seeded_database
from tests.e2e.harness import BotProcess
from tests.e2e.process_clock import ProcessClock
from tests.e2e.test_feishu_e2e import FeishuWorld, feishu_world

pytestmark = pytest.mark.skipif(
    charts.cjk_font() is None, reason="no CJK font installed (Debian: fonts-noto-cjk); charts are left out"
)

START = datetime.fromisoformat("2026-12-09T10:00:35+08:00")  # a Wednesday; the daily digest is set for 10:01
DIGEST_AT = datetime.fromisoformat("2026-12-09T10:01:00+08:00")
YESTERDAY = date(2026, 12, 8)
HOUSEHOLDS = (4, 6)  # two logs in 幸福社区 on Tuesday


@dataclass
class DigestWorld:
    world: FeishuWorld
    clock: ProcessClock


async def _seed_logs(db: Database, clock: ProcessClock) -> None:
    """Tuesday's approved logs by 李娜 in 幸福社区 第一网格, as if written and signed then."""
    async with db.session() as session:
        community = await session.scalar(select(Community).where(Community.name == "幸福社区"))
        assert community is not None
        grid = await session.scalar(select(Grid).where(Grid.community_id == community.id).order_by(Grid.id))
        worker = await session.scalar(select(Person.id).where(Person.name == "李娜"))
        assert grid is not None and worker is not None
        for households in HOUSEHOLDS:
            session.add(
                WorkLog(
                    person_id=worker,
                    community_id=community.id,
                    grid_id=grid.id,
                    work_date=YESTERDAY,
                    deployment="grid_worker",
                    categories=["helper"],
                    households=households,
                    content="入户走访独居老人",
                    status="approved",
                    version=1,
                    created_at=clock(),
                    submitted_at=clock(),
                )
            )


@pytest.fixture
async def digest_world(
    tmp_path: Path, register_bot: Callable[[BotProcess], BotProcess]
) -> AsyncIterator[DigestWorld]:
    seeding = ProcessClock(START)
    db = await seeded_database(tmp_path / "gridbot.sqlite3", seeding)
    await _seed_logs(db, seeding)
    clock = ProcessClock(START)  # from here: the seeding took its time
    async with feishu_world(
        tmp_path, register_bot, clock, db=db, reminder_times='{"digest-daily": "10:01"}'
    ) as world:
        yield DigestWorld(world, clock)


async def test_a_leader_on_feishu_gets_the_daily_digest_with_its_chart_once(
    digest_world: DigestWorld,
) -> None:
    feishu, clock = digest_world.world, digest_world.clock
    leader = await feishu.onboard("王建国")
    assert clock() < DIGEST_AT, "bound only after the digest's minute: the run would have found no reader"

    digest = await feishu.standin.wait_for(
        lambda: next((s for s in feishu.standin.messages(leader) if "每日简报" in s.text), None),
        90,
        "the daily digest",
    )
    assert digest.msg_type == "interactive"  # every bot message is a card
    assert "2026-12-08" in digest.text or "12月8日" in digest.text, digest.text
    assert f"纪实 {len(HOUSEHOLDS)} 条" in digest.text and f"走访 {sum(HOUSEHOLDS)} 户" in digest.text, (
        digest.text
    )
    assert "<b>" not in digest.text  # Telegram's HTML became card markdown

    def chart() -> object:
        return next((s for s in feishu.standin.messages(leader) if s.images), None)

    shown = await feishu.standin.wait_for(chart, 30, "the digest's chart")
    assert shown.msg_type == "interactive" and len(shown.images) == 1  # type: ignore[attr-defined]
    assert "网格工作" in shown.text  # type: ignore[attr-defined]  # the caption, in the card
    uploaded = feishu.standin.world.resources[shown.images[0]]  # type: ignore[attr-defined]
    assert uploaded.kind == "image" and uploaded.uploaded_by_bot and uploaded.data.startswith(b"\x89PNG")

    await asyncio.sleep(2)  # a duplicate would have come by now
    seen = feishu.standin.messages(leader)
    assert sum("每日简报" in s.text for s in seen) == 1
    assert sum(bool(s.images) for s in seen) == 1
    async with feishu.db.session() as session:
        person = await session.scalar(select(Person).where(Person.name == "王建国"))
        assert person is not None and person.telegram_id is not None and person.telegram_id >= 8 * 10**18
        rows = (
            await session.execute(
                select(OutboxMessage.key, OutboxMessage.method, OutboxMessage.status, func.count())
                .where(
                    OutboxMessage.chat_id == person.telegram_id, OutboxMessage.key.startswith("digest:daily:")
                )
                .group_by(OutboxMessage.key, OutboxMessage.method, OutboxMessage.status)
            )
        ).all()
    assert rows and all(status == "sent" and n == 1 for _, _, status, n in rows)
    assert sum(method == "sendPhoto" for _, method, _, _ in rows) == 1
