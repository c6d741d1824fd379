"""Issue 17: the administrator loads next year's holiday file and names sign delegates in the chat."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from domain.roles import Role
from locales import tr_text
from services.admin_delegates import change_delegate
from services.calendar import load_work_calendar, store_calendar
from services.worklog.signers import signer
from storage.models import AuditEntry, CalendarYear, SignDelegate
from tests.factories import add_person
from tests.sheet_helpers import community_ids, forge

GOOD = "# 2027 年节假日安排\n休 2027-01-01..2027-01-03 元旦\n休 2027-02-06..2027-02-13 春节\n班 2027-02-14 春节调休\n"
BROKEN = "休 2027-01-01..2027-01-03 元旦\n放 2027-02-06 春节\n"


def serve_file(harness, content: str) -> None:
    """What Telegram hands out when the bot downloads the document the user sent."""

    async def stream_content(url, *args, **kwargs):
        yield content.encode()

    harness.telegram.stream_content = stream_content


async def admin_and_community(db) -> None:
    await add_person(db, "管理员", "13800000001", [(Role.ADMIN, None)], telegram_id=100)
    await add_person(db, "张伟", "13820020001", [(Role.SECRETARY, "幸福社区")], telegram_id=101)
    await add_person(db, "王芳", "13820020003", [(Role.COMMUNITY_CADRE, "幸福社区")], telegram_id=102)


async def open_overview(harness):
    user = harness.user(100)
    await user.send("/menu")
    await user.press("👥 名册概况")
    return user


async def years_loaded(db) -> int:
    async with db.session() as s:
        return int((await s.execute(select(func.count()).select_from(CalendarYear))).scalar_one())


async def audit_actions(db) -> list[str]:
    async with db.session() as s:
        return list((await s.execute(select(AuditEntry.action).order_by(AuditEntry.id))).scalars())


async def test_holiday_file_is_previewed_then_loaded(harness, db):
    await admin_and_community(db)
    user = await open_overview(harness)
    await user.press("📅 节假日安排")
    assert "载入节假日安排" in user.last().text
    await user.send("春节放假")  # not a file
    assert "请把节假日安排作为<b>文件</b>发送" in user.messages()[-2].text
    await user.send_photo("photo-1")
    assert "请把节假日安排作为<b>文件</b>发送" in user.messages()[-2].text
    assert "载入节假日安排" in user.last().text  # the step is still waiting for the file
    serve_file(harness, GOOD)
    await user.send_document("2027.txt")
    preview = user.last()
    assert "2027 年节假日安排预览" in preview.text
    assert "2027年1月1日 至 2027年1月3日 元旦（3 天）" in preview.text
    assert "2027年2月14日 春节调休" in preview.text
    assert await years_loaded(db) == 0  # a preview loads nothing
    await user.press("✅ 确认载入")
    assert any(
        "已载入 2027 年工作日历：节假日 11 天，调休上班 1 天" in t for t in harness.telegram.texts(100)
    )
    cal = await load_work_calendar(db)
    assert cal.knows(2027)
    assert not cal.is_working_day(date(2027, 1, 1))
    assert cal.is_working_day(date(2027, 2, 14))  # a Sunday, made a working day
    assert "calendar_load" in await audit_actions(db)


async def test_broken_holiday_file_is_refused_and_nothing_loaded(harness, db):
    await admin_and_community(db)
    user = await open_overview(harness)
    await user.press("📅 节假日安排")
    serve_file(harness, BROKEN)
    await user.send_document("2027.txt")
    texts = "\n".join(harness.telegram.texts(100))
    assert "日历文件有 1 处错误，未载入任何内容" in texts
    assert "第 2 行开头应为“休”或“班”" in texts
    assert "✅ 确认载入" not in user.last().buttons()
    assert await years_loaded(db) == 0
    assert "calendar_load" not in await audit_actions(db)


async def test_calendar_service_refuses_a_non_administrator(db, clock):
    await admin_and_community(db)
    result = await store_calendar(db, GOOD.encode(), "2027.txt", clock(), admin_telegram_id=101)
    assert [e.code for e in result.errors] == ["not-admin"]
    assert await years_loaded(db) == 0


async def test_delegate_named_and_removed_with_buttons(harness, db):
    await admin_and_community(db)
    community = (await community_ids(db))["幸福社区"]
    wang = 3
    user = await open_overview(harness)
    await user.press("✍️ 代签人")
    await user.press("幸福社区")
    assert "（暂无代签人）" in user.last().text
    await user.press("➕ 指定代签人")
    await user.press("王芳")
    assert "确认指定 <b>王芳</b> 为 <b>幸福社区</b> 的代签人" in user.last().text
    assert not (await signer(db, wang)).may_sign(community)  # not before the confirmation
    await user.press("✅ 确认")
    assert (await signer(db, wang)).may_sign(community)
    assert "• 王芳" in user.last().text
    await user.press("➖ 取消 王芳")
    assert "确认取消 <b>王芳</b>" in user.last().text
    await user.press("✅ 确认")
    assert not (await signer(db, wang)).may_sign(community)
    assert "（暂无代签人）" in user.last().text
    assert (await audit_actions(db))[-2:] == ["delegate_delegated", "delegate_removed"]


async def test_forged_presses_and_non_administrators_change_nothing(harness, db, clock):
    await admin_and_community(db)
    community = (await community_ids(db))["幸福社区"]
    user = await open_overview(harness)
    await user.press("✍️ 代签人")
    # A community that does not exist:
    await user.press_data(forge(user.last_with_buttons(), "dlg_c", "999999"))
    await user.press("幸福社区")
    await user.press("➕ 指定代签人")
    screen = user.last_with_buttons()
    await user.press_data(forge(screen, "dlg_p", "1"), screen)  # the administrator: not of this community
    await user.press_data(forge(screen, "dlg_p", "²"), screen)
    async with db.session() as s:
        assert (await s.execute(select(func.count()).select_from(SignDelegate))).scalar_one() == 0
    # The service itself refuses someone who is not an administrator, whatever the buttons said.
    assert await change_delegate(db, 101, community, 3, now=clock(), remove=False) == "not-admin"
    assert not (await signer(db, 3)).may_sign(community)
    # A secretary has no roster overview to reach these screens from.
    secretary = harness.user(101)
    await secretary.send("/menu")
    assert "👥 名册概况" not in secretary.last().buttons()


async def test_missing_calendar_reminder_opens_the_file_step(harness, db, settings, clock):
    from datetime import timedelta

    from tests.reminder_helpers import at, make_engine, queued

    await admin_and_community(db)
    engine = make_engine(db, settings, clock)
    moment = at(2026, 11, 2, 0, 0)
    while moment <= at(2026, 11, 2, 23, 0):
        await engine.run_due(moment)
        moment += timedelta(hours=1)
    reminder = [q for q in await queued(db) if q.kind == "calendar-next-year"]
    assert reminder and reminder[0].buttons[0] == "📅 发送节假日安排文件"
    await harness.deliver()
    admin = harness.user(100)
    notice = [m for m in admin.messages() if "2027 年的节假日安排尚未载入" in m.text][0]
    await admin.press("📅 发送节假日安排文件", notice)
    assert "载入节假日安排" in admin.last().text
    serve_file(harness, GOOD)
    await admin.send_document("2027.txt")
    await admin.press("✅ 确认载入")
    assert (await load_work_calendar(db)).knows(2027)
    # Someone else pressing such a button (forged), or a made-up variant, opens nothing.
    secretary = harness.user(101)
    refused = await secretary.press_data("adm:cal", notice)
    assert "无权" in secretary.answer(refused)["text"] or "权限" in secretary.answer(refused)["text"]
    outdated = await secretary.press_data("adm:zz", notice)
    assert secretary.answer(outdated)["text"] == tr_text("zh-CN", "outdated-screen")
    assert not any("载入节假日安排" in m.text for m in secretary.messages())
