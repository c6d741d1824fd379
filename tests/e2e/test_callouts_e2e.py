"""Emergency call-outs over HTTP, the real bot process against the emulator (issue 8, "Done when"): a call-out
acknowledged by one squad member, widened to the neighbouring community's squad after the (shortened) timeout with
the leader in charge told, closed with an outcome, its timeline exported; routine notices queued before it wait
their turn."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from io import BytesIO

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from sandbox import Message
from services.callouts import set_neighbours
from storage.models import CalloutEvent, OutboxMessage
from tests.e2e.harness import E2E, eventually

ROUTINE = 15  # per chat: at one message a second per chat, they take 15 s


def has(text: str) -> Callable[[Message], bool]:
    return lambda m: text in (m.text or "")


@pytest.mark.every_mode  # also on two instances behind one address (tests/e2e/deployments.py)
async def test_callout_acknowledged_widened_closed_and_exported(e2e: E2E) -> None:
    # Widening after 9 seconds instead of 10 minutes, looked for every second.
    e2e.bot.env.update(CALLOUT_WIDEN_MINUTES="0.15", CALLOUT_WATCH_SECONDS="1")
    await e2e.bot.restart()
    assert (await set_neighbours(e2e.db, "幸福社区", ["和平社区"]))[0] == "set"
    for name in ("张伟", "马超", "许刚", "李明华"):
        await e2e.onboard(name)
    zhang, ma, xu, li = e2e.user("张伟"), e2e.user("马超"), e2e.user("许刚"), e2e.user("李明华")

    # Routine notices for everyone in the story, queued first.
    await e2e.enqueue(
        [(user.user_id, f"例行提醒 {n}") for n in range(ROUTINE) for user in (zhang, ma, xu, li)],
        key="routine",
    )

    await zhang.send_command("callout")
    await zhang.wait_message(has("应急呼叫：立即通知"))
    await zhang.press("🚨 发起应急呼叫")
    await zhang.wait_message(has("请选择事件类型"))
    await zhang.press("🔥 火情")
    await zhang.wait_message(has("事发地点"))
    await zhang.send_location(30.2741, 120.1551)
    await zhang.wait_message(has("需要什么"))
    await zhang.send_text("3楼厨房起火，需要人手疏散群众")
    await zhang.wait_message(has("是否同时呼叫综合执法大队"))
    await zhang.press("仅本社区应急分队")
    await zhang.wait_message(has("请确认应急呼叫"))
    await zhang.press("🚨 立即发出")
    roll = await zhang.wait_message(has("已回复 0/1 人"), timeout=15)
    assert {b for row in roll.buttons for b in row} == {"✅ 结束"}

    alert = await ma.wait_message(has("🚨🚨 应急呼叫"), timeout=15)
    assert "3楼厨房起火" in (alert.text or "")
    await ma.wait_message(lambda m: m.location is not None)
    await ma.press("🏃 马上到", message_id=alert.message_id)
    assert "已记录：马上到" in ((await ma.callback_answer()).text or "")
    acked = await zhang.wait_message(has("马上到（1）：马超"), timeout=15)
    assert acked.message_id == roll.message_id  # the same message, edited

    # Only one on the way (two needed): after the shortened timeout the neighbouring squad is called, once.
    widened = await xu.wait_message(has("🚨🚨 应急呼叫"), timeout=20)
    assert "邻近社区应急分队" in (widened.text or "")
    told = await li.wait_message(has("已扩大至邻近社区应急分队"), timeout=15)
    assert "仅 1 人确认马上到（需要 2 人）" in (told.text or "")
    await zhang.wait_message(has("已扩大至邻近社区"), timeout=15)
    await xu.press("🙅 无法到场", message_id=widened.message_id)
    await xu.wait_message(has("请说明无法到场的原因"))
    await xu.send_text("在外地，赶不回来")
    await xu.wait_message(has("已记录：无法到场"))
    await zhang.wait_message(has("许刚：在外地，赶不回来"), timeout=15)

    # The routine notices waited: the call-out's messages went out while most of them were still queued.
    async with e2e.db.session() as session:
        rows = (await session.scalars(select(OutboxMessage).where(OutboxMessage.chat_id == ma.user_id))).all()
    alert_row = next(r for r in rows if r.key.startswith("co:alert:"))
    routine_after = [
        r
        for r in rows
        if r.key.startswith("routine") and (r.sent_at is None or r.sent_at > alert_row.sent_at)
    ]
    assert len(routine_after) >= ROUTINE // 3, [(r.key, r.sent_at) for r in rows]

    # The caller closes it with an outcome; everyone called is told.
    await zhang.press("✅ 结束", message_id=roll.message_id)
    await zhang.wait_message(has("处置结果"))
    await zhang.send_text("明火已扑灭，无人员伤亡")
    await zhang.wait_message(has("已结束，已通知所有被呼叫人员"))
    for user in (ma, xu):
        await user.wait_message(has("明火已扑灭，无人员伤亡"), timeout=20)
    final = await zhang.wait_message(lambda m: m.message_id == roll.message_id and "已于" in (m.text or ""))
    assert {b for row in final.buttons for b in row} == {"📊 导出时间线"}
    # An old button after the end changes nothing.
    await ma.press("🏃 马上到", message_id=alert.message_id)
    assert "已结束" in ((await ma.callback_answer()).text or "")

    await zhang.press("📊 导出时间线", message_id=roll.message_id)
    document = await zhang.wait_message(lambda m: m.document is not None, timeout=15)
    book = load_workbook(BytesIO(await e2e.sandbox.download(document.document["url"])))
    events = [r[2] for r in book["时间线"].iter_rows(min_row=2, values_only=True)]
    assert events[:3] == ["发起", "发出", "马上到"]
    assert events.count("扩大至邻近社区") == 1 and "告知分工社区领导" in events and events[-1] == "结束"

    await asyncio.sleep(2)  # more watch rounds: still widened once

    async def widened_once() -> bool:
        async with e2e.db.session() as session:
            actions = (await session.scalars(select(CalloutEvent.action))).all()
        return actions.count("widened") == 1

    await eventually(widened_once, timeout=5, what="one widening")
