"""/checkin over HTTP with the real bot process (and its scheduler) against the emulator: a paired cadre checks in
with the request-location button, plans next week, asks to move a day; the community secretary approves with the
inline button and the cadre is told; the secretary of another community cannot decide it."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from domain.workcalendar import WorkCalendar
from storage.models import AttendanceDay, AttendancePlan, MoveRequest
from tests.e2e.harness import E2E, SHANGHAI, button_texts

CADRE, SECRETARY = "郑海", "张伟"  # 包联干部 and 社区党委书记 of 幸福社区 in the demo roster


@pytest.mark.every_mode  # also on two instances behind one address (tests/e2e/deployments.py)
async def test_checkin_plan_and_move_approved_by_the_secretary(e2e: E2E) -> None:
    # The bot's clock (DEFAULT_START): a working Wednesday, 10:00, so the check-in counts and the secretary is asked
    # at once (not held for the quiet hours).
    assert WorkCalendar().is_working_day(e2e.today()) and 9 <= e2e.now().astimezone(SHANGHAI).hour < 12
    await e2e.onboard(CADRE)
    await e2e.onboard(SECRETARY)
    cadre, secretary = e2e.user(CADRE), e2e.user(SECRETARY)

    await cadre.send_command("checkin")
    screen = await cadre.wait_message(lambda m: "社区报到" in (m.text or ""))
    assert "幸福社区" in (screen.text or "") and "📍 带位置报到" in button_texts(screen)
    await cadre.press("📍 带位置报到")
    await cadre.wait_message(lambda m: "发送当前位置" in (m.text or ""))
    await cadre.press("📍 发送当前位置")  # the reply keyboard's request_location button
    await cadre.wait_message(lambda m: (m.text or "").startswith("✅ 已报到：幸福社区"))
    async with e2e.db.session() as s:
        day = (await s.execute(select(AttendanceDay))).scalar_one()
    assert (
        day.latitude is not None and day.outside is False
    )  # no check-in point configured: recorded, not checked

    menu = await cadre.wait_message(lambda m: "本周社区工作日：1 / " in (m.text or ""))
    await cadre.press("🗓 安排下周", message_id=menu.message_id)
    plan = await cadre.wait_message(lambda m: "安排下周社区工作日" in (m.text or ""))
    days = sorted(b for b in button_texts(plan) if b.startswith("▫️"))
    await cadre.press(days[0])
    await cadre.wait_message(lambda m: "✅ " + days[0][3:] in button_texts(m))
    await cadre.press(days[1])
    await cadre.wait_message(lambda m: "✅ " + days[1][3:] in button_texts(m))
    await cadre.press("💾 保存")
    await cadre.wait_message(lambda m: "已保存下周社区工作日" in (m.text or ""))
    screen = await cadre.wait_message(lambda m: "🔁 申请调整社区工作日" in button_texts(m))
    await cadre.press("🔁 申请调整社区工作日", message_id=screen.message_id)
    choose = await cadre.wait_message(lambda m: "请选择要调整的日期" in (m.text or ""))
    await cadre.press(days[0][3:], message_id=choose.message_id)
    target = await cadre.wait_message(lambda m: "调整到哪一天" in (m.text or ""))
    to_label = next(b for b in button_texts(target) if b not in (days[0][3:], days[1][3:], "⬅️ 返回"))
    await cadre.press(to_label, message_id=target.message_id)
    await cadre.wait_message(lambda m: "简要说明原因" in (m.text or ""))
    await cadre.send_text("街道召开安全生产会议")
    await cadre.wait_message(lambda m: "等待社区书记审批" in (m.text or ""))

    ask = await secretary.wait_message(lambda m: "社区工作日调整申请" in (m.text or ""), timeout=15)
    assert "郑海（幸福社区）" in (ask.text or "") and button_texts(ask) == {"✅ 同意", "❌ 不同意"}
    await secretary.press("✅ 同意", message_id=ask.message_id)
    await secretary.wait_message(lambda m: "您已同意" in (m.text or ""))
    await cadre.wait_message(lambda m: "社区书记已同意" in (m.text or ""), timeout=15)
    async with e2e.db.session() as s:
        assert (await s.execute(select(MoveRequest.status))).scalar_one() == "approved"
        planned = {d.strftime("%-m月%-d日") for d in (await s.execute(select(AttendancePlan.day))).scalars()}
    assert to_label.split(" ")[1] in planned and days[0].split(" ")[2] not in planned
