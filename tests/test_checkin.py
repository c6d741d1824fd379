"""/checkin through the real dispatcher: check in (with and without location), check out, plan next week, ask to
move a day and the secretary's decision; bad input, other people's presses and stale buttons change nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from aiogram.types import Location, MessageOriginUser, User
from sqlalchemy import func, select

from bot.sender import OutboxSender, RateLimiter
from domain.roles import Role
from storage.db import Database
from storage.models import (
    AttendanceDay,
    AttendancePlan,
    Community,
    CommunityPoint,
    MoveRequest,
    OutboxMessage,
    ReminderMute,
)
from tests.factories import add_person
from tests.reminder_helpers import at, make_engine

CADRE, SECRETARY, OTHER_SECRETARY, GRID_WORKER, SECONDED = 11, 12, 13, 14, 15
POINT = (30.0, 120.0)


@pytest.fixture
async def people(db: Database, clock) -> dict[str, int]:
    clock.now = at(2026, 11, 25, 10, 0)  # Wednesday
    ids = {
        "cadre": await add_person(
            db,
            "包联甲",
            "13800000011",
            [(Role.PAIRED_CADRE, "幸福社区")],
            telegram_id=CADRE,
            department="党政办",
        ),
        "secretary": await add_person(
            db, "书记", "13800000012", [(Role.SECRETARY, "幸福社区")], telegram_id=SECRETARY
        ),
        "other": await add_person(
            db, "别的书记", "13800000013", [(Role.SECRETARY, "和平社区")], telegram_id=OTHER_SECRETARY
        ),
        "grid": await add_person(
            db, "网格员", "13800000014", [(Role.GRID_WORKER, "幸福社区")], telegram_id=GRID_WORKER
        ),
        "seconded": await add_person(
            db, "下沉乙", "13800000015", [(Role.SECONDED_CADRE, "幸福社区")], telegram_id=SECONDED
        ),
    }
    async with db.session() as s:
        community = (await s.execute(select(Community).where(Community.name == "幸福社区"))).scalar_one()
        s.add(CommunityPoint(community_id=community.id, latitude=POINT[0], longitude=POINT[1], radius_m=500))
    return ids


async def _count(db: Database, model, *where) -> int:  # type: ignore[no-untyped-def]
    async with db.session() as s:
        return int(await s.scalar(select(func.count()).select_from(model).where(*where)) or 0)


async def _send_location(user, latitude: float, longitude: float, forwarded: bool = False) -> None:  # type: ignore[no-untyped-def]
    origin = (
        MessageOriginUser(
            type="user",
            date=datetime(2026, 11, 25, tzinfo=UTC),
            sender_user=User(id=999, is_bot=False, first_name="X"),
        )
        if forwarded
        else None
    )
    await user._feed(
        message=user._message(
            location=Location(latitude=latitude, longitude=longitude), forward_origin=origin
        )
    )


async def _deliver(harness, clock) -> None:  # type: ignore[no-untyped-def]
    sender = OutboxSender(harness.bot, harness.db, clock, limiter=RateLimiter(chat_interval=0))
    while await sender.drain_once():
        pass


async def test_a_person_without_the_role_is_refused_and_nothing_is_stored(harness, db, people):
    user = harness.user(GRID_WORKER)
    await user.send("/checkin")
    assert "无权使用“📍 社区报到”" in user.last().text
    assert await _count(db, AttendanceDay) == 0


async def test_check_in_without_location_then_check_out(harness, db, clock, people):
    user = harness.user(CADRE)
    await user.send("/checkin")
    screen = user.last()
    assert "社区报到</b> · 幸福社区" in screen.text and "还未报到" in screen.text
    assert "本周社区工作日：0 / 2 天" in screen.text
    old_button = next(
        data for text, data in (b for row in screen.inline for b in row) if text == "✅ 直接报到"
    )
    await user.press("✅ 直接报到")
    texts = user.telegram.texts(CADRE)
    assert "✅ 已报到：幸福社区，10:00。" in texts
    assert await _count(db, AttendanceDay, AttendanceDay.outside.is_(False)) == 1
    assert (
        "本周社区工作日：1 / 2 天" in user.last().text and "今天 10:00 已报到（未附位置）" in user.last().text
    )
    # The old screen's button, pressed again: a second check-in is refused and nothing is added.
    await user.press_data(old_button, screen)
    assert await _count(db, AttendanceDay) == 1
    clock.now = at(2026, 11, 25, 17, 30)
    await user.press("🚪 签退")
    assert "🚪 已签退，17:30。辛苦了！" in user.telegram.texts(CADRE)
    async with db.session() as s:
        row = (await s.execute(select(AttendanceDay))).scalar_one()
    assert row.checkout_at == at(2026, 11, 25, 17, 30)


async def test_location_inside_outside_and_wrong_input(harness, db, people):
    user = harness.user(CADRE)
    await user.send("/checkin")
    await user.press("📍 带位置报到")
    keyboard = user.reply_keyboard()
    assert keyboard and keyboard[0][0].get("request_location") is True
    await user.send("我在社区")  # text where a location is needed
    assert "这里需要您的位置" in user.last().text
    await _send_location(user, 30.001, 120.001, forwarded=True)  # someone else's location
    assert "这里需要您的位置" in user.last().text
    assert await _count(db, AttendanceDay) == 0
    await _send_location(user, 30.02, 120.0)  # about 2.2 km away
    texts = user.telegram.texts(CADRE)
    outside = next(t for t in texts if t.startswith("⚠️ 已报到并记录"))
    assert "超出 500 米范围" in outside
    async with db.session() as s:
        row = (await s.execute(select(AttendanceDay))).scalar_one()
    assert row.outside is True and 2000 < row.distance_m < 2400
    assert "位置在社区范围外" in user.last().text


async def test_location_inside_the_radius(harness, db, people):
    user = harness.user(CADRE)
    await user.send("/checkin")
    await user.press("📍 带位置报到")
    await _send_location(user, 30.001, 120.001)
    assert any("位置在社区范围内" in t for t in user.telegram.texts(CADRE))
    assert await _count(db, AttendanceDay, AttendanceDay.outside.is_(False)) == 1
    # The answer took the location keyboard away; no stray "..." message did it again (issue 15).
    assert "..." not in user.telegram.texts(CADRE)
    assert user.reply_keyboard() is None


async def test_going_back_from_the_location_step_leaves_no_stray_message(harness, db, people):
    user = harness.user(CADRE)
    await user.send("/checkin")
    await user.press("📍 带位置报到")
    keyboard = user.reply_keyboard()
    assert keyboard
    # A reply keyboard's button sends its text (aiogram-dialog hides its callback in it, invisibly).
    back = next(b["text"] for row in keyboard for b in row if b["text"].startswith("⬅️ 返回"))
    await user.send(back)
    assert "已返回，未报到。" in user.telegram.texts(CADRE)
    assert "..." not in user.telegram.texts(CADRE)
    assert user.reply_keyboard() is None
    assert await _count(db, AttendanceDay) == 0


async def test_seconded_cadre_is_not_held_to_two_days(harness, db, people):
    user = harness.user(SECONDED)
    await user.send("/checkin")
    assert "不受每周 2 天的要求约束" in user.last().text
    assert "🗓 安排下周" not in user.last().buttons()


async def _plan_and_ask(user, harness) -> None:  # type: ignore[no-untyped-def]
    await user.send("/checkin")
    await user.press("🗓 安排下周")
    assert "下周共 5 个工作日" in user.last().text
    await user.press("▫️ 周一 11月30日")
    await user.press("▫️ 周三 12月2日")
    await user.press("💾 保存")


async def test_plan_next_week_then_secretary_approves_a_move(harness, db, clock, people):
    user = harness.user(CADRE)
    await _plan_and_ask(user, harness)
    assert any("已保存下周社区工作日：周一 11月30日、周三 12月2日" in t for t in user.telegram.texts(CADRE))
    assert await _count(db, AttendancePlan) == 2
    await user.press("🔁 申请调整社区工作日")
    await user.press("周一 11月30日")
    await user.press("周二 12月1日")
    await user.send("区" * 201)
    assert "原因太长了（201 字）" in user.last().text
    assert await _count(db, MoveRequest) == 0
    await user.send("区里召开安全生产会议")
    assert any("已提交：周一 11月30日 → 周二 12月1日" in t for t in user.telegram.texts(CADRE))
    assert await _count(db, MoveRequest, MoveRequest.status == "pending") == 1
    await _deliver(harness, clock)
    ask = harness.telegram.chat(SECRETARY)[-1]
    assert "包联甲（幸福社区）" in ask.text and "区里召开安全生产会议" in ask.text
    assert ask.buttons() == ["✅ 同意", "❌ 不同意"]
    approve_data = ask.inline[0][0][1]

    # Someone else's presses: refused, nothing changes.
    other = harness.user(OTHER_SECRETARY)
    cid = await other.press("✅ 同意", ask)
    assert "只有该社区的社区党委书记" in other.answer(cid)["text"]
    cid = await user.press("✅ 同意", ask)
    assert "只有该社区的社区党委书记" in user.answer(cid)["text"]
    secretary = harness.user(SECRETARY)
    cid = await secretary.press_data("mv:ok:9999", ask)  # forged
    assert "不存在" in secretary.answer(cid)["text"]
    assert await _count(db, MoveRequest, MoveRequest.status == "pending") == 1

    cid = await secretary.press("✅ 同意", ask)
    assert "您已同意" in secretary.answer(cid)["text"]
    assert "您已同意：包联甲 周一 11月30日 → 周二 12月1日" in harness.telegram.chat(SECRETARY)[-1].text
    assert harness.telegram.chat(SECRETARY)[-1].buttons() == []
    async with db.session() as s:
        plans = sorted((await s.execute(select(AttendancePlan.day))).scalars())
    assert plans == [date(2026, 12, 1), date(2026, 12, 2)]
    await _deliver(harness, clock)
    assert "社区书记已同意" in harness.telegram.texts(CADRE)[-1]
    # The same (now stale) button again: told it is decided, nothing changes.
    cid = await secretary.press_data(approve_data, ask)
    assert "已经处理过了（已同意）" in secretary.answer(cid)["text"]
    assert await _count(db, OutboxMessage, OutboxMessage.chat_id == CADRE) == 1


async def test_secretary_declines_and_the_plan_stays(harness, db, clock, people):
    user = harness.user(CADRE)
    await _plan_and_ask(user, harness)
    await user.press("🔁 申请调整社区工作日")
    await user.press("周三 12月2日")
    await user.press("周四 12月3日")
    await user.press("⏭ 跳过")
    await _deliver(harness, clock)
    ask = harness.telegram.chat(SECRETARY)[-1]
    assert "原因：未说明" in ask.text
    await harness.user(SECRETARY).press("❌ 不同意", ask)
    async with db.session() as s:
        plans = sorted((await s.execute(select(AttendancePlan.day))).scalars())
        status = (await s.execute(select(MoveRequest.status))).scalar_one()
    assert plans == [date(2026, 11, 30), date(2026, 12, 2)] and status == "declined"
    await _deliver(harness, clock)
    assert "社区书记未同意" in harness.telegram.texts(CADRE)[-1]


async def test_a_request_at_night_reaches_the_secretary_in_the_morning(harness, db, clock, people):
    user = harness.user(CADRE)
    await _plan_and_ask(user, harness)
    clock.now = at(2026, 11, 25, 22, 30)
    await user.press("🔁 申请调整社区工作日")
    await user.press("周一 11月30日")
    await user.press("周二 12月1日")
    await user.press("⏭ 跳过")
    async with db.session() as s:
        row = (await s.execute(select(OutboxMessage).where(OutboxMessage.chat_id == SECRETARY))).scalar_one()
    assert row.not_before == at(2026, 11, 26, 8, 0)


async def test_half_filled_move_survives_a_restart(harness, db, clock, people):
    user = harness.user(CADRE)
    await _plan_and_ask(user, harness)
    await user.press("🔁 申请调整社区工作日")
    await user.press("周一 11月30日")
    await harness.restart()
    user = harness.user(CADRE)
    await user.press("周五 12月4日")
    await user.send("与街道值班冲突")
    async with db.session() as s:
        request = (await s.execute(select(MoveRequest))).scalar_one()
    assert (request.from_day, request.to_day, request.reason) == (
        date(2026, 11, 30),
        date(2026, 12, 4),
        "与街道值班冲突",
    )


async def test_mute_from_a_reminder_and_forged_mute_buttons(harness, db, clock, people, settings):
    # The midweek nudge of Wednesday 2 Dec 2026 (no community day yet that week) carries the mute buttons.
    clock.now = at(2026, 12, 2, 9, 0)
    await make_engine(db, settings, clock).run_kind("attendance-midweek")
    await _deliver(harness, clock)
    reminder = harness.telegram.chat(CADRE)[-1]
    assert reminder.buttons() == ["🔕 免打扰1天", "🔕 免打扰3天", "🔕 免打扰7天"]
    user = harness.user(CADRE)
    cid = await user.press_data("rmute:99", reminder)
    assert "无效" in user.answer(cid)["text"]
    assert await _count(db, ReminderMute) == 0
    cid = await user.press("🔕 免打扰3天", reminder)
    assert "已设置免打扰，至 12-05 09:00" in user.answer(cid)["text"]
    assert harness.telegram.chat(CADRE)[-1].buttons() == ["🔔 恢复提醒"]
    async with db.session() as s:
        assert (await s.execute(select(ReminderMute.until))).scalar_one() == at(2026, 12, 5, 9, 0)
    await user.press("🔔 恢复提醒")
    assert await _count(db, ReminderMute) == 0


async def test_mute_and_unmute_from_checkin(harness, db, people):
    user = harness.user(CADRE)
    await user.send("/checkin")
    await user.press("🔕 提醒免打扰")
    assert "当前：提醒正常发送。" in user.last().text
    await user.press("🔕 免打扰7天")
    assert "当前：免打扰至 12-02 10:00。" in user.last().text
    assert await _count(db, ReminderMute) == 1
    await user.press("🔔 恢复提醒")
    assert "当前：提醒正常发送。" in user.last().text and await _count(db, ReminderMute) == 0


async def test_forged_plan_and_move_buttons_change_nothing(harness, db, people):
    user = harness.user(CADRE)
    await _plan_and_ask(user, harness)
    await user.press("🔁 申请调整社区工作日")
    screen = user.last_with_buttons()
    prefix = screen.inline[0][0][1].rsplit(":", 1)[0]  # the dialog's own callback prefix for the day list
    cid = await user.press_data(f"{prefix}:2026-11-27", screen)  # a day that is not planned
    assert "不在您的安排中" in user.answer(cid)["text"]
    assert await _count(db, MoveRequest) == 0
