"""Problems and suggestions over HTTP, the real bot process against the emulator (issue 5, "Done when"):
report with photo and location → community resolves → reporter confirms; the escalation ladder with "not fixed";
the paired cadre's claim; a 即报即办 push re-sent after a shortened timeout; the monthly register signed with a
leader per item and exported as xlsx (read back here)."""

from __future__ import annotations

import asyncio
import struct
import zlib
from collections.abc import Callable
from datetime import timedelta
from io import BytesIO

import pytest
from openpyxl import load_workbook
from sqlalchemy import select, update

from reports.register_xlsx import headers
from sandbox import Message, SandboxUser
from storage.models import OutboxMessage, Problem
from tests.e2e.harness import E2E, eventually


def png() -> bytes:
    """A real 2×2 PNG, so the emulator reads its size like Telegram would."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\x00" + b"\xff\x00\x00" * 2 for _ in range(2))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def has(text: str) -> Callable[[Message], bool]:
    return lambda m: text in (m.text or "")


async def press_and_wait(
    user: SandboxUser, button: str, expect: str, message_id: int | None = None
) -> Message:
    await user.press(button, message_id=message_id)
    return await user.wait_message(has(expect))


async def open_notice(user: SandboxUser, expect: str, screen: str) -> Message:
    """Wait for a notification containing `expect`, press its 🔎 查看并办理, return the item screen."""
    notice = await user.wait_message(lambda m: expect in (m.text or "") and bool(m.buttons), timeout=15)
    await user.press("🔎 查看并办理", message_id=notice.message_id)
    # The notice itself is edited (its button taken off) before the item screen comes as a new message.
    return await user.wait_message(lambda m: screen in (m.text or "") and m.message_id != notice.message_id)


async def problem(e2e: E2E) -> Problem:
    async with e2e.db.session() as session:
        return (await session.scalars(select(Problem).order_by(Problem.id.desc()))).first()  # type: ignore[return-value]


async def report(li: SandboxUser, description: str, *, urgent: bool = False, photo: bool = True) -> Message:
    await li.send_command("report")
    await li.wait_message(has("请选择上报类型"))
    await press_and_wait(li, "问题", "请选择所在网格")
    await press_and_wait(li, "幸福社区 · 第一网格", "请选择类别")
    await press_and_wait(li, "安全隐患", "请用文字描述")
    await li.send_text(description)
    await li.wait_message(has("请发送位置"))
    await li.send_location(39.9087, 116.3975)
    await li.wait_message(has("可以发送现场照片"))
    if photo:
        await li.send_photo(png())
        await li.wait_message(has("已收到 1 / 9 张照片"))
        await press_and_wait(li, "✅ 完成", "这件事是谁反映的")
    else:
        await press_and_wait(li, "✅ 完成", "这件事是谁反映的")
    await press_and_wait(li, "👥 代居民反映", "居民的姓名")
    await li.send_text("王大爷")
    await li.wait_message(has("居民手机号"))
    await li.send_text("13912345678")
    await li.wait_message(has("紧急程度"))
    await press_and_wait(li, "🚨 特殊重大（即报即办）" if urgent else "一般", "请确认上报内容")
    return await press_and_wait(li, "✅ 提交", "已上报，编号")


async def test_report_with_photo_and_location_resolved_in_the_community_and_confirmed(e2e: E2E) -> None:
    await e2e.onboard("张伟")
    await e2e.onboard("李娜")
    li, zhang = e2e.user("李娜"), e2e.user("张伟")
    await report(li, "楼道堆放杂物，存在消防隐患")
    stored = await problem(e2e)
    assert (
        stored.status == "reported" and len(stored.photos) == 1 and stored.latitude == pytest.approx(39.9087)
    )

    card = await open_notice(zhang, "新的上报", "待社区受理")
    assert "13912345678" in (card.text or "")  # the community secretary sees the resident's phone
    await press_and_wait(zhang, "✅ 受理", "社区已受理")
    await press_and_wait(zhang, "🛠 办结", "请说明办理结果")
    await zhang.send_text("已清理楼道杂物")
    await zhang.wait_message(has("办结照片"))
    await press_and_wait(zhang, "✅ 提交", "状态：已办结待确认")

    await open_notice(li, "已由 张伟 办结", "已办结待确认")
    await press_and_wait(li, "👍 确认已解决", "状态：已确认办结")
    assert (await problem(e2e)).status == "closed"
    history = await press_and_wait(li, "📜 办理记录", "办理记录")
    for step in ("上报", "受理", "办结", "确认已解决"):
        assert step in (history.text or "")


@pytest.mark.every_mode  # also on two instances behind one address (tests/e2e/deployments.py)
async def test_escalation_ladder_with_not_fixed_and_reopen(e2e: E2E) -> None:
    for name in ("张伟", "刘洋", "王建国", "李明华", "李娜"):
        await e2e.onboard(name)
    li, zhang, liu, wang, leader = (e2e.user(n) for n in ("李娜", "张伟", "刘洋", "王建国", "李明华"))
    await report(li, "小区路面塌陷，社区无力维修", photo=False)

    await open_notice(zhang, "新的上报", "待社区受理")
    await press_and_wait(zhang, "✅ 受理", "社区已受理")
    await press_and_wait(zhang, "⬆️ 上报街道", "上报街道的理由")
    await zhang.send_text("涉及市政道路，建议街道协调")
    await zhang.wait_message(has("已上报街道"))

    card = await open_notice(liu, "待党政办登记", "已上报街道")
    assert "139****5678" in (card.text or "") and "13912345678" not in (card.text or "")
    await press_and_wait(liu, "🗂 登记", "党政办已登记")

    await open_notice(wang, "待主要负责同志交办", "党政办已登记")
    await press_and_wait(wang, "👤 交办包办领导", "请选择包办领导")
    calendar = await press_and_wait(wang, "李明华", "请选择办理时限")
    await press_future_day(wang, calendar)
    await wang.wait_message(has("已交办包办领导"))
    stored = await problem(e2e)
    assert stored.status == "assigned" and stored.leader_id == (await e2e.person("李明华")).id

    await open_notice(leader, "已由 王建国 交办", "已交办包办领导")
    await press_and_wait(leader, "▶️ 开始办理", "办理中")
    await press_and_wait(leader, "🛠 办结", "请说明办理结果")
    await leader.send_text("已协调市政修复")
    await leader.wait_message(has("办结照片"))
    await press_and_wait(leader, "✅ 提交", "已办结待确认")

    await open_notice(li, "已由 李明华 办结", "已办结待确认")
    await press_and_wait(li, "👎 未解决", "哪里还没有解决")
    await li.send_text("雨后又塌陷了")
    await li.wait_message(has("当前状态：办理中"))
    assert (await problem(e2e)).status == "in_progress"

    await open_notice(leader, "表示未解决", "办理中")
    await press_and_wait(leader, "🛠 办结", "请说明办理结果")
    await leader.send_text("重新浇筑路基")
    await leader.wait_message(has("办结照片"))
    await press_and_wait(leader, "✅ 提交", "已办结待确认")
    await open_notice(li, "重新浇筑路基", "已办结待确认")
    await press_and_wait(li, "👍 确认已解决", "已确认办结")
    assert (await problem(e2e)).status == "closed"


async def test_paired_cadre_claims(e2e: E2E) -> None:
    for name in ("张伟", "郑海", "李娜"):
        await e2e.onboard(name)
    li, zhang, zheng = e2e.user("李娜"), e2e.user("张伟"), e2e.user("郑海")
    await report(li, "商铺占道经营", photo=False)
    await open_notice(zhang, "新的上报", "待社区受理")
    await press_and_wait(zhang, "✅ 受理", "社区已受理")
    card = await open_notice(zheng, "已由 张伟 受理", "社区已受理")
    assert "139****5678" in (card.text or "")  # not yet his: masked
    claimed = await press_and_wait(zheng, "🙋 认领承办", "包联干部认领承办")
    assert "13912345678" in (claimed.text or "")  # now the owner
    stored = await problem(e2e)
    assert stored.status == "claimed" and stored.owner_id == (await e2e.person("郑海")).id
    await li.wait_message(has("已由包联干部 郑海 认领承办"))


@pytest.mark.every_mode  # also on two instances behind one address (tests/e2e/deployments.py)
async def test_monthly_register_signed_with_a_leader_per_item_and_exported(e2e: E2E) -> None:
    for name in ("张伟", "王建国", "李娜"):
        await e2e.onboard(name)
    li, zhang, wang = e2e.user("李娜"), e2e.user("张伟"), e2e.user("王建国")
    await report(li, "路灯损坏三盏", photo=False)
    # The item was reported last month: the month is over and its register is due.
    last_month = e2e.now().replace(day=1) - timedelta(days=10)
    async with e2e.db.session() as session:
        await session.execute(update(Problem).values(reported_at=last_month))

    # The screen itself, not whatever came last: the 新的上报 notice may arrive after it.
    screen = await press_and_wait(zhang, "📂 问题办理", "待我处理")
    [todo] = [b for row in screen.buttons for b in row if "交办登记表待报送" in b]
    await press_and_wait(zhang, todo, "本月未在社区办结的事项共 1 项")
    await press_and_wait(zhang, "📤 报送党政办", "已报送党政办")

    notice = await wang.wait_message(has("已报送"), timeout=15)
    register = await press_and_wait(wang, "🗂 查看登记表", "尚未签批", message_id=notice.message_id)
    [item] = [b for row in register.buttons for b in row if b.startswith("#")]
    await press_and_wait(wang, item, "请选择这项的包办领导")
    calendar = await press_and_wait(wang, "李明华", "请选择办理时限")
    await press_future_day(wang, calendar)
    await wang.wait_message(has("包办领导：李明华"))
    await press_and_wait(wang, "✍️ 签批登记表", "已由 王建国")
    await wang.press("📥 导出 Excel")
    document = await wang.wait_message(lambda m: m.document is not None)
    sheet = load_workbook(BytesIO(await e2e.sandbox.download(document.document["url"]))).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[2] == headers("zh-CN")  # the columns, spelled out in tests/test_problems_service.py
    assert rows[3][0] == 1 and rows[3][2:6] == ["幸福社区", "第一网格", "李娜", "安全隐患"]
    assert "路灯损坏三盏" in rows[3][6] and rows[3][8] == "李明华" and rows[3][9]
    assert "王建国" in rows[1][0] and len(rows) == 4
    await zhang.wait_message(has("已由 王建国 签批"), timeout=15)


async def press_future_day(user, calendar: Message) -> None:  # type: ignore[no-untyped-def]
    """Press a day at least one day after today (marked "[ dd ]"); on the last day of a month, in the next month."""
    days = [b for row in calendar.buttons for b in row]
    today = next(i for i, b in enumerate(days) if b.startswith("["))
    later = [b for b in days[today + 1 :] if b.strip().isdigit()]
    if not later:
        await user.press(next(b for b in days if b.endswith(">>")), message_id=calendar.message_id)
        calendar = await user.wait_message(lambda m: m.message_id == calendar.message_id and m.edited)
        later = [b for row in calendar.buttons for b in row if b.strip().isdigit()]
    await user.press(later[0], message_id=calendar.message_id)


async def test_urgent_item_pushed_not_acknowledged_is_sent_again(e2e: E2E) -> None:
    # The same bot, restarted with the 即报即办 timeout shortened to 3 seconds and the watch every half second.
    e2e.bot.env.update(PROBLEM_URGENT_ACK_MINUTES="0.05", PROBLEM_WATCH_SECONDS="0.5")
    await e2e.bot.restart()
    for name in ("王建国", "李明华", "刘洋", "孙丽", "李娜"):
        await e2e.onboard(name)
    li, wang, sun = e2e.user("李娜"), e2e.user("王建国"), e2e.user("孙丽")
    done = await report(li, "燃气管道泄漏，已疏散住户", urgent=True, photo=False)
    assert "已立即推送" in (done.text or "")

    first = await wang.wait_message(has("即报即办"), timeout=15)
    assert "✅ 已知悉" in {b for row in first.buttons for b in row}
    assert "13912345678" not in (first.text or "")
    # Nobody acknowledges: after the (shortened) timeout it comes again, and the administrator is told.
    again = await wang.wait_message(has("第 1 次提醒"), timeout=20)
    await sun.wait_message(has("无人确认知悉"), timeout=20)
    await wang.press("✅ 已知悉", message_id=again.message_id)
    answer = await wang.callback_answer()
    assert answer.text and "已确认知悉" in answer.text
    await li.wait_message(has("已由 王建国 确认知悉"), timeout=15)
    stored = await problem(e2e)
    assert stored.urgent_acked_by == (await e2e.person("王建国")).id

    rounds = stored.urgent_rounds

    async def no_more_rounds() -> bool:
        async with e2e.db.session() as session:
            keys = (await session.scalars(select(OutboxMessage.key))).all()
        return not any(f":urgent:{rounds + 1}:" in k for k in keys)

    await eventually(no_more_rounds, timeout=1, what="no further re-send after acknowledgement")
    await asyncio.sleep(4)  # longer than the timeout: an acknowledged item is never pushed again
    assert await no_more_rounds()
