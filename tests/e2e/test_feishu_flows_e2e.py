"""The rest of issue 19's flows over Feishu: `gridbot run` in its own process (FEISHU_MODE=http) against the strict
Feishu stand-in (sandbox/feishu), every user on Feishu. A work log with a photo returned by the secretary, corrected,
approved and submitted with its month (the workbook arriving as a Feishu file message); /checkin with a location,
the next week planned and a day moved with the secretary's approval; a call-out whose roll card is edited in place
(PATCH) as the squad answers with the alert card's buttons."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator, Callable
from datetime import datetime, time

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from domain.workcalendar import WorkCalendar
from sandbox.feishu.content import Seen
from services.callouts import set_neighbours
from storage.models import AttendanceDay, AttendancePlan, CalloutEvent, LogMonth, MoveRequest, WorkLog
from tests.e2e.conftest import start_instant
from tests.e2e.harness import DEFAULT_START, SHANGHAI
from tests.e2e.process_clock import ProcessClock
from tests.e2e.test_feishu_e2e import WAIT, FeishuWorld, feishu_world, fill_log_with_photo


async def card_where(world: FeishuWorld, open_id: str, check: Callable[[Seen], bool], what: str) -> Seen:
    """The latest message the user sees (as it is now, after edits) for which `check` holds."""

    def found() -> Seen | None:
        return next((s for s in reversed(world.standin.messages(open_id)) if check(s)), None)

    return await world.standin.wait_for(found, WAIT, f"{what} to {open_id}")


async def fresh_card(world: FeishuWorld, open_id: str, mark: int, fragment: str) -> Seen:
    """A card with buttons sent after `mark` (`world_mark()`) whose text has `fragment`."""
    chat = world.standin.world.user(open_id).chat_id

    def found() -> Seen | None:
        new = [world.standin.seen(m) for m in world.standin.world.bot_messages(chat) if m.seq > mark]
        return next((s for s in reversed(new) if fragment in s.text and s.labels), None)

    return await world.standin.wait_for(found, WAIT, f"a new {fragment!r} to {open_id}")


async def press_on(world: FeishuWorld, open_id: str, card: Seen, label: str) -> None:
    delivery = await world.standin.press(open_id, card.message_id, label=label)
    assert delivery.ok, delivery


# --- 1. /log → 退回 → corrected → 同意 → the month submitted ----------------------------------------------------

MONTH_START = (
    "2026-12-01T10:00:00+08:00"  # a working Tuesday: "昨天" is in November, a month that can be submitted
)


@pytest.mark.clock(MONTH_START)
async def test_log_returned_corrected_approved_and_month_submitted_over_feishu(
    tmp_path, register_bot, request
) -> None:
    clock = ProcessClock(start_instant(request))
    async with feishu_world(tmp_path, register_bot, clock) as feishu:
        secretary = await feishu.onboard("张伟")
        cadre = await feishu.onboard("郑海")
        party = await feishu.onboard("陈静")  # 党群工作部: receives the month's workbook
        stranger = await feishu.onboard("林静怡")  # 和平社区's secretary

        await feishu.say(cadre, "/log")
        await feishu.wait(cadre, "填写网格工作纪实表", buttons=True)
        await feishu.say(cadre, "昨天")  # typed, as the date step allows: 11月30日
        await feishu.wait(cadre, "请选择工作的网格", buttons=True)
        await fill_log_with_photo(feishu, cadre)

        request_card = await feishu.wait(secretary, "新的纪实表待您签署", buttons=True)
        assert "郑海（包联干部）" in request_card.text and "照片：1 张" in request_card.text
        approve = request_card.button("✅ 同意").value
        assert approve is not None

        # Another community's secretary with the same button value (a forged press in their own chat): refused
        # with a toast, nothing changes.
        theirs = feishu.standin.last_card(stranger)
        assert theirs is not None
        forged = await feishu.standin.press_forged(stranger, theirs.message_id, approve)
        assert forged.ok and "只有幸福社区的社区党委书记" in str(forged.answer), forged.answer

        await press_on(feishu, secretary, request_card, "↩️ 退回")
        await feishu.wait(secretary, "请输入退回原因")
        await feishu.say(secretary, "请写明清理的杂物和通道位置")
        await feishu.wait(secretary, "已退回纪实表 #1")
        returned = await feishu.wait(cadre, "您的纪实表被退回", buttons=True)
        assert "请写明清理的杂物和通道位置" in returned.text

        await feishu.press(cadre, "✏️ 修改并重新提交", "被退回的纪实表")
        await feishu.press(cadre, "✏️ 内容", "请简要填写工作内容")
        await feishu.say(cadre, "清理5栋1单元楼道堆放的纸箱和旧家具，消防通道已畅通")
        await feishu.wait(cadre, "纸箱和旧家具", buttons=True)
        await feishu.press(cadre, "📤 提交", "已提交")

        second = await card_where(
            feishu,
            secretary,
            lambda s: "新的纪实表待您签署" in s.text and "纸箱" in s.text and "✅ 同意" in s.labels,
            "the corrected log's request",
        )
        await press_on(feishu, secretary, second, "✅ 同意")
        await feishu.wait(secretary, "请输入签署意见")
        await feishu.say(secretary, "整改到位，同意。")
        await feishu.wait(secretary, "已签署同意纪实表 #1")
        told = await feishu.wait(cadre, "您的纪实表已签署同意")
        assert "整改到位，同意。" in told.text and "张伟" in told.text

        # The first request's button pressed after the signature: told so in the toast, nothing changes.
        stale = await feishu.standin.press_forged(secretary, request_card.message_id, approve)
        assert stale.ok and "签署后不能更改" in str(stale.answer), stale.answer
        async with feishu.db.session() as s:
            log = (await s.execute(select(WorkLog))).scalar_one()
        assert (log.status, log.version, log.opinion) == ("approved", 2, "整改到位，同意。")
        assert (log.work_date.year, log.work_date.month, log.work_date.day) == (2026, 11, 30)
        assert [p.local_path is not None for p in log.photos] == [True]

        # The month: 📤 纪实表月报 → 2026年11月 → 确认报送; the workbook arrives as a file message.
        mark = feishu.standin.world_mark()
        await feishu.say(secretary, "/menu")
        menu = await fresh_card(feishu, secretary, mark, "主菜单")
        await press_on(feishu, secretary, menu, "📤 纪实表月报")
        await feishu.wait(secretary, "请选择要报送的月份", buttons=True)
        await feishu.press(secretary, "2026年11月", "共 1 份：已同意 1 份")
        await feishu.press(secretary, "📤 确认报送党群工作部", "已报送 1 份纪实表至党群工作部")

        name = "纪实表-幸福社区-2026年11月.xlsx"
        sent = await feishu.standin.wait_for(
            lambda: next((s for s in feishu.standin.messages(party) if s.file_key), None),
            WAIT,
            "the workbook to 陈静",
        )
        resource = feishu.standin.world.resources[str(sent.file_key)]
        assert (resource.file_name, resource.file_type) == (name, "xls")
        await feishu.wait(party, "幸福社区")  # the caption, as a card after the file
        book = load_workbook(io.BytesIO(resource.data), read_only=True)
        rows = list(book["纪实表"].iter_rows(values_only=True))[2:]
        assert [(r[1], r[3], r[6], r[8], r[11]) for r in rows] == [
            (
                datetime.combine(log.work_date, time()),
                "郑海",
                8,
                "清理5栋1单元楼道堆放的纸箱和旧家具，消防通道已畅通",
                "整改到位，同意。",
            )
        ]
        copy = await feishu.standin.wait_for(
            lambda: next((s for s in feishu.standin.messages(secretary) if s.file_key), None),
            WAIT,
            "the secretary's own copy",
        )
        assert feishu.standin.world.resources[str(copy.file_key)].file_name == name
        async with feishu.db.session() as s:
            submission = (await s.execute(select(LogMonth))).scalar_one()
        assert submission.status == "submitted" and submission.log_count == 1


# --- 2. /checkin ---------------------------------------------------------------------------------------------


@pytest.fixture
async def feishu(tmp_path, register_bot, request) -> AsyncIterator[FeishuWorld]:
    async with feishu_world(tmp_path, register_bot, ProcessClock(start_instant(request))) as world:
        yield world


async def test_checkin_with_location_plan_and_move_over_feishu(feishu: FeishuWorld) -> None:
    # The bot's clock (DEFAULT_START): a working Wednesday, 10:00, so the check-in counts.
    assert WorkCalendar().is_working_day(DEFAULT_START.astimezone(SHANGHAI).date())
    cadre = await feishu.onboard("郑海")
    secretary = await feishu.onboard("张伟")

    await feishu.say(cadre, "/checkin")
    screen = await feishu.wait(cadre, "社区报到", buttons=True)
    assert "幸福社区" in screen.text and "📍 带位置报到" in screen.labels
    asked = await feishu.press(cadre, "📍 带位置报到", "发送当前位置")
    # The reply keyboard's 返回 is a card button that sends its text (the location button has no counterpart).
    assert asked.labels == ["⬅️ 返回"]
    await feishu.say(cadre, "我在社区")  # not a location: told, nothing recorded
    await feishu.wait(cadre, "这里需要您的位置")
    mark = feishu.standin.world_mark()
    await press_on(feishu, cadre, await feishu.wait(cadre, "发送当前位置", buttons=True), "⬅️ 返回")
    again = await fresh_card(feishu, cadre, mark, "社区报到")
    async with feishu.db.session() as s:
        assert (await s.execute(select(AttendanceDay))).first() is None
    await press_on(feishu, cadre, again, "📍 带位置报到")
    await fresh_card(feishu, cadre, mark, "发送当前位置")
    # No location button on Feishu: the user sends a location from the client's "+" menu.
    assert (await feishu.standin.send_location(cadre, 39.9087, 116.3975, name="幸福社区居委会")).ok
    await card_where(feishu, cadre, lambda s: s.text.startswith("✅ 已报到：幸福社区"), "the check-in")
    async with feishu.db.session() as s:
        day = (await s.execute(select(AttendanceDay))).scalar_one()
    assert (round(day.latitude or 0, 4), day.outside) == (39.9087, False)

    menu = await card_where(
        feishu, cadre, lambda s: "本周社区工作日：1 / " in s.text and "🗓 安排下周" in s.labels, "the menu"
    )
    await press_on(feishu, cadre, menu, "🗓 安排下周")
    plan = await feishu.wait(cadre, "安排下周社区工作日", buttons=True)
    days = sorted(label for label in plan.labels if label.startswith("▫️"))
    for day_label in days[:2]:
        current = await card_where(feishu, cadre, lambda s, d=day_label: d in s.labels, "the plan")
        await press_on(feishu, cadre, current, day_label)
        edited = await card_where(
            feishu, cadre, lambda s, d=day_label: "✅ " + d[3:] in s.labels, "the day ticked"
        )
        assert edited.message_id == plan.message_id and edited.edits >= 1  # the same card, PATCHed
    await feishu.press(cadre, "💾 保存", "已保存下周社区工作日")

    screen = await card_where(feishu, cadre, lambda s: "🔁 申请调整社区工作日" in s.labels, "the menu")
    await press_on(feishu, cadre, screen, "🔁 申请调整社区工作日")
    choose = await feishu.wait(cadre, "请选择要调整的日期", buttons=True)
    await press_on(feishu, cadre, choose, days[0][3:])
    target = await feishu.wait(cadre, "调整到哪一天", buttons=True)
    to_label = next(b for b in target.labels if b not in (days[0][3:], days[1][3:], "⬅️ 返回"))
    await press_on(feishu, cadre, target, to_label)
    await feishu.wait(cadre, "简要说明原因")
    await feishu.say(cadre, "街道召开安全生产会议")
    await feishu.wait(cadre, "等待社区书记审批")

    ask = await feishu.wait(secretary, "社区工作日调整申请", buttons=True)
    assert "郑海（幸福社区）" in ask.text and set(ask.labels) == {"✅ 同意", "❌ 不同意"}
    await press_on(feishu, secretary, ask, "✅ 同意")
    await feishu.wait(secretary, "您已同意")
    await feishu.wait(cadre, "社区书记已同意")
    async with feishu.db.session() as s:
        assert (await s.execute(select(MoveRequest.status))).scalar_one() == "approved"
        planned = {d.strftime("%-m月%-d日") for d in (await s.execute(select(AttendancePlan.day))).scalars()}
    assert to_label.split(" ")[1] in planned and days[0].split(" ")[2] not in planned


# --- 3. a call-out and its live roll -------------------------------------------------------------------------


async def test_callout_roll_card_edited_in_place_as_the_squad_answers_over_feishu(
    tmp_path, register_bot, request
) -> None:
    clock = ProcessClock(start_instant(request))
    # Widening to the neighbouring squad after 9 seconds instead of 10 minutes, looked for every second.
    async with feishu_world(
        tmp_path, register_bot, clock, callout_widen_minutes="0.15", callout_watch_seconds="1"
    ) as feishu:
        assert (await set_neighbours(feishu.db, "幸福社区", ["和平社区"]))[0] == "set"
        zhang = await feishu.onboard("张伟")
        ma = await feishu.onboard("马超")
        xu = await feishu.onboard("许刚")
        li = await feishu.onboard("李明华")

        await feishu.say(zhang, "/callout")
        await feishu.wait(zhang, "应急呼叫：立即通知", buttons=True)
        await feishu.press(zhang, "🚨 发起应急呼叫", "请选择事件类型")
        await feishu.press(zhang, "🔥 火情", "事发地点")
        assert (await feishu.standin.send_location(zhang, 30.2741, 120.1551)).ok
        await feishu.wait(zhang, "需要什么")
        await feishu.say(zhang, "3楼厨房起火，需要人手疏散群众")
        await feishu.wait(zhang, "是否同时呼叫综合执法大队", buttons=True)
        await feishu.press(zhang, "仅本社区应急分队", "请确认应急呼叫")
        await feishu.press(zhang, "🚨 立即发出", "已回复 0/1 人")
        roll = await feishu.wait(zhang, "已回复 0/1 人")
        assert roll.labels == ["✅ 结束"]

        alert = await feishu.wait(ma, "🚨🚨 应急呼叫", buttons=True)
        assert "3楼厨房起火" in alert.text
        await feishu.wait(ma, "30.274100, 120.155100")  # the place, as a card with the coordinates
        answered = await feishu.standin.press(ma, alert.message_id, label="🏃 马上到")
        assert answered.ok and "已记录：马上到" in str(answered.answer), answered.answer
        acked = await feishu.wait(zhang, "马上到（1）：马超")
        assert acked.message_id == roll.message_id and acked.edits >= 1  # the roll card, PATCHed in place

        # Only one on the way (two needed): the neighbouring squad is called after the shortened timeout.
        widened = await feishu.wait(xu, "🚨🚨 应急呼叫", buttons=True)
        assert "邻近社区应急分队" in widened.text
        told = await feishu.wait(li, "已扩大至邻近社区应急分队")
        assert "仅 1 人确认马上到（需要 2 人）" in told.text
        await feishu.wait(zhang, "已扩大至邻近社区")
        await press_on(feishu, xu, widened, "🙅 无法到场")
        await feishu.wait(xu, "请说明无法到场的原因")
        await feishu.say(xu, "在外地，赶不回来")
        await feishu.wait(xu, "已记录：无法到场")
        reasons = await feishu.wait(zhang, "许刚：在外地，赶不回来")
        assert reasons.message_id == roll.message_id

        now_roll = await card_where(feishu, zhang, lambda s: s.message_id == roll.message_id, "the roll")
        await press_on(feishu, zhang, now_roll, "✅ 结束")
        await feishu.wait(zhang, "处置结果")
        await feishu.say(zhang, "明火已扑灭，无人员伤亡")
        await feishu.wait(zhang, "已结束，已通知所有被呼叫人员")
        for user in (ma, xu):
            await feishu.wait(user, "明火已扑灭，无人员伤亡")
        final = await card_where(
            feishu, zhang, lambda s: s.message_id == roll.message_id and "已于" in s.text, "the closed roll"
        )
        assert final.labels == ["📊 导出时间线"]
        # The alert's button pressed after the end: told, nothing changes.
        late = await feishu.standin.press(ma, alert.message_id, label="🏃 马上到")
        assert late.ok and "已结束" in str(late.answer), late.answer

        await press_on(feishu, zhang, final, "📊 导出时间线")
        sent = await feishu.standin.wait_for(
            lambda: next((s for s in feishu.standin.messages(zhang) if s.file_key), None),
            WAIT,
            "the timeline",
        )
        book = load_workbook(io.BytesIO(feishu.standin.world.resources[str(sent.file_key)].data))
        events = [r[2] for r in book["时间线"].iter_rows(min_row=2, values_only=True)]
        assert events[:3] == ["发起", "发出", "马上到"] and events[-1] == "结束"
        async with feishu.db.session() as s:
            actions = (await s.scalars(select(CalloutEvent.action))).all()
        assert actions.count("widened") == 1
