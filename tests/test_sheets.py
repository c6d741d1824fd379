"""Work prompt sheets in process: who may send them, the length limit and its counter, the due-date rule (urgent with
a reason), documents refused, a draft surviving a restart, and the secretaries' buttons (received / done / question →
answered) with forged, stale and wrong-person presses changing nothing."""

from __future__ import annotations

from datetime import date

import pytest
from aiogram.types import Location
from sqlalchemy import update

from domain import sheets as rules
from domain.roles import Action, Role, can
from domain.workcalendar import CalendarDay, WorkCalendar
from services.sheets import SheetConfig, SheetDraft, SheetError, create_sheet
from storage.models import PromptSheetTarget
from tests.factories import NOW
from tests.sheet_helpers import (
    GUANGMING,
    HEPING,
    SENDER,
    XINGFU,
    community_ids,
    forge,
    seed_people,
    sheets,
    targets,
)

# NOW is Friday 2026-11-27 10:00 in Shanghai: two working days ahead is Tuesday 2026-12-01.
EARLIEST = "2026-12-01"


@pytest.fixture
async def people(db):  # type: ignore[no-untyped-def]
    return await seed_people(db)


def test_only_department_staff_may_send_sheets_and_file_meetings():
    allowed = {role for role in Role if can([role], Action.PROMPT_SHEET)}
    assert allowed == {Role.DEPARTMENT_STAFF}
    assert {role for role in Role if can([role], Action.MEETING)} == {Role.DEPARTMENT_STAFF}


def test_due_date_rule_on_a_calendar_with_a_holiday_and_a_make_up_day():
    # Mon 2026-05-04 a holiday, Sat 2026-05-09 a make-up working day.
    cal = WorkCalendar(
        [CalendarDay(date(2026, 5, 4), False, "劳动节"), CalendarDay(date(2026, 5, 9), True, "调休")],
        [2026],
        builtin=False,
    )
    friday = date(2026, 5, 1)
    assert rules.earliest_due(friday, cal) == date(
        2026, 5, 6
    )  # Tue 5th (1), Wed 6th (2): the holiday skipped
    assert rules.check_due(date(2026, 5, 5), friday, cal, urgent=False) is rules.DueProblem.TOO_SOON
    assert rules.check_due(date(2026, 5, 5), friday, cal, urgent=True) is None
    assert rules.check_due(date(2026, 5, 4), friday, cal, urgent=True) is rules.DueProblem.NOT_WORKING
    assert rules.check_due(date(2026, 4, 30), friday, cal, urgent=True) is rules.DueProblem.PAST
    assert rules.check_due(date(2026, 5, 6), friday, cal, urgent=False) is None
    thursday = date(2026, 5, 7)
    assert rules.earliest_due(thursday, cal) == date(2026, 5, 9)  # the make-up Saturday counts
    # The first day offered: an urgent sheet raised on the holiday is due from the next working day at the earliest.
    assert rules.first_due(date(2026, 5, 4), cal, urgent=True) == date(2026, 5, 5)
    assert rules.first_due(friday, cal, urgent=True) == friday
    assert rules.first_due(friday, cal, urgent=False) == date(2026, 5, 6)
    assert rules.counter("x" * 126, 300) == "126/300"


async def test_secretary_is_refused_the_sheet_dialog(harness, db, people):
    secretary = harness.user(XINGFU)
    await secretary.send("/sheet")
    assert secretary.last().text == "您的角色无权使用“📋 工作提示单”。如有疑问请联系管理员。"
    config = SheetConfig()
    draft = SheetDraft("标题", "内容", [1], date(2026, 12, 2), "张伟")
    with pytest.raises(SheetError) as refused:
        await create_sheet(db, people["张伟"], draft, NOW, config)
    assert refused.value.key == "sheet-no-permission"
    assert await sheets(db) == []


async def _write_sheet(harness, *, urgent: bool) -> object:  # type: ignore[no-untyped-def]
    sender = await _new_sheet(harness)
    await sender.send("请各社区于期限前完成辖区内老旧小区消防通道排查，并反馈隐患数量。" * 3)
    await sender.press("☑️ 全部社区")
    await sender.press("➡️ 下一步")
    await sender.send("11-30")  # Monday: one working day ahead
    if urgent:
        assert "最早可选 2026-12-01" in sender.messages()[-2].text
        await sender.press("🚨 标记为紧急")
        await sender.send("区里明早检查")
        await sender.send("11-30")
    return sender


async def _new_sheet(harness):  # type: ignore[no-untyped-def]
    """The sender's new sheet, titled, at the question of its text."""
    sender = harness.user(SENDER)
    await sender.send("/sheet")
    await sender.press("➕ 新建提示单")
    await sender.send("冬季消防安全排查")
    return sender


async def test_length_limit_with_counter_and_the_text_kept(harness, db, people):
    sender = await _new_sheet(harness)
    long_text = "排" * 301
    await sender.send(long_text)
    texts = sender.telegram.texts(SENDER)
    refusal = next(t for t in texts if "301/300" in t)
    assert "超出 1 字" in refusal and "还没想清楚" in refusal
    assert any(long_text in t for t in texts)  # sent back, to shorten rather than retype
    assert "需要社区做什么" in sender.last().text  # still asking for the text
    await sender.send("排" * 126)
    assert any("126/300" in t for t in sender.telegram.texts(SENDER))
    assert "选择发给哪些社区" in sender.last().text


async def test_length_limit_is_a_setting(harness, db, people):
    harness.settings.sheet_text_limit = 10
    sender = harness.user(SENDER)
    await sender.send("/sheet")
    await sender.press("➕ 新建提示单")
    await sender.send("标题")
    await sender.send("一二三四五六七八九十一")
    assert any("11/10" in t for t in sender.telegram.texts(SENDER))


async def test_due_date_too_soon_names_the_earliest_day_and_urgent_needs_a_reason(harness, db, people):
    sender = await _write_sheet(harness, urgent=False)
    refusal = sender.messages()[-2].text
    assert "至少要提前 2 个工作日" in refusal and f"最早可选 {EARLIEST}" in refusal
    await sender.press("🚨 标记为紧急")
    await sender.send("   ")
    assert "必须说明理由" in sender.messages()[-2].text
    await sender.send("区里明早检查")
    await sender.send("2026-11-26")  # yesterday
    assert "不能早于今天" in sender.messages()[-2].text
    await sender.send("11-28")  # Saturday
    assert "须是工作日" in sender.messages()[-2].text
    await sender.send("11-30")
    assert "联系人" in sender.last().text


async def test_documents_are_refused_with_the_rule_and_a_photo_is_kept(harness, db, people):
    sender = await _write_sheet(harness, urgent=True)
    await sender.press("👤 联系人填我本人")
    await sender.send_document("通知.docx")
    assert "不以文转文" in sender.messages()[-2].text
    await sender.send_photo("site-photo")
    summary = sender.last().text
    assert "附照片 1 张" in summary and "🚨 紧急：区里明早检查" in summary and "2026-11-30" in summary
    assert await sheets(db) == []  # nothing stored before submit


async def test_draft_survives_a_restart(harness, db, people):
    sender = await _new_sheet(harness)
    await harness.restart()
    sender = harness.user(SENDER)
    await sender.send("请排查消防通道。")
    await sender.send("/menu")  # leaving the dialog keeps the draft too
    await sender.send("/sheet")
    assert "未提交的提示单草稿" in sender.last().text
    await sender.press("➕ 新建提示单")
    assert "选择发给哪些社区" in sender.last().text
    await sender.press("▫️ 光明社区")
    await sender.press("➡️ 下一步")
    await sender.send("12-02")
    await sender.send("陈静 13910010004")
    location = Location(latitude=39.9, longitude=116.4)
    await sender._feed(message=sender._message(location=location))
    await sender.press("✅ 提交")
    [sheet] = await sheets(db)
    assert (sheet.title, sheet.body, sheet.due_date, sheet.latitude) == (
        "冬季消防安全排查",
        "请排查消防通道。",
        date(2026, 12, 2),
        39.9,
    )
    assert "已发出，编号 #1" in sender.telegram.texts(SENDER)[-2]
    await sender.send("/sheet")
    assert "草稿" not in sender.last().text  # sent: the draft is gone


async def test_a_discarded_draft_is_gone(harness, db, people):
    sender = await _new_sheet(harness)
    await sender.send("/menu")
    await sender.send("/sheet")
    await sender.press("➕ 新建提示单")
    await sender.press("✖️ 取消")
    assert "未提交的提示单草稿" in sender.last().text
    await sender.press("➕ 新建提示单")
    await sender.send("请排查")
    await sender.press("▫️ 光明社区")
    await sender.press("➡️ 下一步")
    await sender.send("12-02")
    await sender.send("陈静")
    await sender.press("⏭ 跳过")
    await sender.press("🗑 放弃草稿")
    await sender.send("/menu")
    await sender.send("/sheet")
    assert "草稿" not in sender.last().text
    await sender.press("➕ 新建提示单")
    assert "请输入提示单标题" in sender.last().text


async def _sent_to_three(harness, db) -> None:  # type: ignore[no-untyped-def]
    sender = await _write_sheet(harness, urgent=True)
    await sender.send("陈静 13910010004")
    await sender.send_photo("site-photo")
    await sender.press("✅ 提交")
    await harness.deliver()


async def test_sheet_reaches_each_secretary_with_buttons_and_the_photo(harness, db, people):
    await _sent_to_three(harness, db)
    [sheet] = await sheets(db)
    assert sheet.urgent and sheet.urgent_reason == "区里明早检查" and sheet.department == "党群工作部"
    assert [t.status for t in await targets(db)] == ["sent"] * 3
    for chat in (XINGFU, HEPING, GUANGMING):
        notice = harness.user(chat).last_with_buttons()
        assert "新的工作提示单 #1" in notice.text and "冬季消防安全排查" in notice.text
        assert notice.buttons() == ["📥 已收到", "✅ 已完成", "❓ 有疑问"]
    assert {p["chat_id"] for p in harness.telegram.photos if p["file_id"] == "site-photo"} == {
        XINGFU,
        HEPING,
        GUANGMING,
    }


async def test_received_done_question_answered(harness, db, people):
    await _sent_to_three(harness, db)
    names = await community_ids(db)
    by_community = {t.community_id: t for t in await targets(db)}
    zhang, lin, song = harness.user(XINGFU), harness.user(HEPING), harness.user(GUANGMING)

    notice = zhang.last_with_buttons()
    await zhang.press("📥 已收到", notice)
    assert zhang.telegram.messages[XINGFU][notice.message_id].buttons() == ["✅ 已完成", "❓ 有疑问"]
    await zhang.press("✅ 已完成", zhang.telegram.messages[XINGFU][notice.message_id])
    await zhang.send("已排查 12 处通道，发现隐患 2 处")
    await zhang.send_photo("result-1")
    await zhang.press("✅ 提交")
    done = by_community[names["幸福社区"]]
    [t] = [t for t in await targets(db) if t.id == done.id]
    assert (t.status, t.result, t.result_photos) == ("done", "已排查 12 处通道，发现隐患 2 处", ["result-1"])

    await lin.press("❓ 有疑问")
    await lin.send("老旧小区是否包括商住楼？")
    await harness.deliver()
    sender = harness.user(SENDER)
    assert any("已完成提示单 #1" in text and "隐患 2 处" in text for text in sender.telegram.texts(SENDER))
    question = sender.last_with_buttons()
    assert "老旧小区是否包括商住楼？" in question.text and question.buttons() == ["💬 回复疑问"]
    await sender.press("💬 回复疑问", question)
    await sender.send("包括")
    await harness.deliver()
    answer = lin.last_with_buttons()
    assert "回复了您的疑问：包括" in answer.text and answer.buttons() == ["✅ 已完成", "❓ 有疑问"]
    [t] = [t for t in await targets(db) if t.community_id == names["和平社区"]]
    assert (t.status, t.question, t.answer) == ("answered", "老旧小区是否包括商住楼？", "包括")

    # The sender's per-community view.
    await sender.send("/sheet")
    await sender.press("📂 我发出的提示单")
    await sender.press(sender.last_with_buttons().buttons()[0])
    status = sender.last().text
    assert (
        "• 幸福社区：已完成" in status and "• 和平社区：已答复" in status and "• 光明社区：已发送" in status
    )
    assert "结果：已排查 12 处通道" in status and "疑问：老旧小区是否包括商住楼？" in status
    await sender.press("🖼 查看办理照片")
    assert [
        (p["chat_id"], p["file_id"], p["caption"]) for p in harness.telegram.photos if p["chat_id"] == SENDER
    ] == [(SENDER, "result-1", "幸福社区")]
    del song


async def test_wrong_secretary_forged_and_stale_presses_change_nothing(harness, db, people):
    await _sent_to_three(harness, db)
    names = await community_ids(db)
    zhang, lin = harness.user(XINGFU), harness.user(HEPING)
    xingfu_target = next(t for t in await targets(db) if t.community_id == names["幸福社区"])
    data = f"ps:rcv:{xingfu_target.id}:1"

    callback = await lin.press_data(data)  # 和平社区's secretary presses 幸福社区's button
    assert "只有该社区书记可以办理" in lin.answer(callback)["text"]
    callback = await harness.user(SENDER).press_data(f"ps:done:{xingfu_target.id}:1")
    assert "只有该社区书记可以办理" in harness.user(SENDER).answer(callback)["text"]
    callback = await zhang.press_data("ps:rcv:99999:1")
    assert "没有找到" in zhang.answer(callback)["text"]
    callback = await zhang.press_data(f"ps:ans:{xingfu_target.id}:1")  # only the sender answers
    assert "只有提示单发出人" in zhang.answer(callback)["text"]
    assert [t.status for t in await targets(db)] == ["sent"] * 3

    await zhang.press_data(data)
    callback = await zhang.press_data(data)  # the same press again: the version moved on
    assert "按钮已过期" in zhang.answer(callback)["text"]
    callback = await zhang.press_data(f"ps:done:{xingfu_target.id}:1")
    assert "按钮已过期" in zhang.answer(callback)["text"]
    statuses = {t.community_id: (t.status, t.version) for t in await targets(db)}
    assert statuses[names["幸福社区"]] == ("received", 2)
    assert statuses[names["和平社区"]] == ("sent", 1)


async def test_prompt_sheet_reminder_to_secretaries_with_overdue_or_due_soon_sheets(
    harness, db, people, settings
):
    from services.sheets import create_sheet as create
    from tests.reminder_helpers import at, make_engine

    names = await community_ids(db)
    draft = SheetDraft("排查", "请排查", [names["幸福社区"], names["和平社区"]], date(2026, 12, 1), "陈静")
    await create(db, people["陈静"], draft, NOW, SheetConfig())
    later = SheetDraft("统计", "请统计", [names["光明社区"]], date(2026, 12, 10), "陈静")
    await create(db, people["陈静"], later, NOW, SheetConfig())
    harness.clock.now = at(2026, 11, 30, 9, 30)
    engine = make_engine(db, settings, harness.clock)
    result = await engine.run_kind("prompt-sheets")
    assert result.queued == 2  # 幸福 and 和平 (due tomorrow); 光明's sheet is due later
    await harness.deliver()
    reminder = harness.user(XINGFU).last().text
    assert "1 份工作提示单即将到期" in reminder and "#1 排查" in reminder
    assert not any("即将到期" in t for t in harness.telegram.texts(GUANGMING))


async def test_prompt_sheet_reminders_to_english_readers_have_english_lines(harness, db, people, settings):
    from services.sheets import create_sheet as create
    from storage.models import UserPref
    from tests.reminder_helpers import at, make_engine

    names = await community_ids(db)
    draft = SheetDraft("排查", "请排查", [names["幸福社区"], names["和平社区"]], date(2026, 12, 1), "陈静")
    await create(db, people["陈静"], draft, NOW, SheetConfig())
    async with db.session() as s:  # 和平社区 asked a question the sender has not answered yet
        s.add_all([UserPref(telegram_id=XINGFU, locale="en"), UserPref(telegram_id=SENDER, locale="en")])
        await s.execute(
            update(PromptSheetTarget)
            .where(PromptSheetTarget.community_id == names["和平社区"])
            .values(status="question", question="范围包括商铺吗？")
        )
    harness.clock.now = at(2026, 11, 30, 9, 30)
    assert (await make_engine(db, settings, harness.clock).run_kind("prompt-sheets")).queued == 2
    await harness.deliver()
    reminder = harness.user(XINGFU).last().text
    assert "prompt sheets due soon" in reminder and "⏰ #1 排查 (幸福社区, due 12-01)" in reminder
    question = harness.user(SENDER).last().text
    assert "wait for your answer" in question and "❓ #1 排查 · 和平社区" in question
    for text in (reminder, question):
        assert not any(mark in text for mark in "（）、："), text


async def test_a_sheet_waiting_on_a_question_reminds_its_sender_not_the_secretary(
    harness, db, people, settings
):
    from services.sheets import create_sheet as create
    from tests.reminder_helpers import at, make_engine

    names = await community_ids(db)
    draft = SheetDraft("排查", "请排查", [names["幸福社区"], names["和平社区"]], date(2026, 12, 1), "陈静")
    await create(db, people["陈静"], draft, NOW, SheetConfig())
    async with db.session() as s:  # 幸福社区 asked a question the sender has not answered yet
        await s.execute(
            update(PromptSheetTarget)
            .where(PromptSheetTarget.community_id == names["幸福社区"])
            .values(status="question", question="范围包括商铺吗？")
        )
    harness.clock.now = at(2026, 11, 30, 9, 30)
    result = await make_engine(db, settings, harness.clock).run_kind("prompt-sheets")
    assert result.queued == 2  # 和平社区's secretary, and the sender
    await harness.deliver()
    assert not any("即将到期" in t for t in harness.telegram.texts(XINGFU))  # the next move is the sender's
    assert "#1 排查" in harness.user(HEPING).last().text
    question = harness.user(SENDER).last().text
    assert "1 个社区提出疑问" in question and "#1 排查 · 幸福社区" in question


async def test_a_very_long_text_is_sent_back_within_telegrams_limit(harness, db, people):
    sender = await _new_sheet(harness)
    await sender.send("排" * 4090)
    kept = next(t for t in sender.telegram.texts(SENDER) if "原文保留" in t)
    assert len(kept) < 4096 and "排" * 3500 + "…" in kept and "排" * 3501 not in kept and "{" not in kept
    assert "需要社区做什么" in sender.last().text  # still asking for the text


async def test_a_forged_community_id_is_ignored(harness, db, people):
    sender = await _new_sheet(harness)
    await sender.send("请排查")
    screen = sender.last_with_buttons()
    await sender.press_data(forge(screen, "sheet_communities", "abc"), screen)
    pressed = await sender.press("➡️ 下一步")
    assert "请至少选择一个社区" in sender.answer(pressed)["text"]  # the made-up id is not a community
    await sender.press("▫️ 光明社区")
    await sender.press("➡️ 下一步")
    assert "截止" in sender.last().text or "期限" in sender.last().text
