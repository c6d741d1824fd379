"""Escaping in one place (issue 15): what a person typed is shown back as typed, whatever it holds.

`locales.tr` escapes every string it is given for the HTML the bot sends; `bot.plain_text` turns the fields Telegram
takes as plain text (button labels, pop-up answers) back. The test double refuses HTML that Telegram would refuse
("can't parse entities"), as the emulator does, so a field that skipped escaping fails here the way it failed in
production ("抱歉，处理时出了点问题")."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from markupsafe import Markup
from sqlalchemy import select

import locales
from locales import Html, Msg, MsgList, UnmarkedHtml, tr, tr_text
from sandbox.markup import format_text
from storage.models import LogMonth, Problem, ProblemEvent, WorkLog
from tests.factories import NOW
from tests.tg import make_fake_bot

TYPED = "A<B & C>D"  # what a person may well type: a comparison, an ampersand


def seen(text: str) -> str:
    """The text as the reader sees it (the HTML parsed the way Telegram does)."""
    return format_text(text, "HTML").text


# --- the mechanism ----------------------------------------------------------------------------------------------


def test_tr_escapes_what_it_is_given_and_keeps_messages_it_is_given():
    line = tr("zh-CN", "problem-confirm-description", text=TYPED)
    assert line == "内容：A&lt;B &amp; C&gt;D" and seen(line) == f"内容：{TYPED}"
    # A message inside a message is HTML already: not escaped twice.
    outer = tr("zh-CN", "problem-confirm-kind", kind=tr("zh-CN", "problem-confirm-description", text=TYPED))
    assert seen(outer) == f"类型：内容：{TYPED}"
    # Plain text (a workbook, a chart, a label): nothing escaped.
    assert tr_text("zh-CN", "problem-confirm-description", text=TYPED) == f"内容：{TYPED}"
    # Fragments rendered later in the reader's language: each piece escaped once.
    joined = locales.render(
        "zh-CN", MsgList((Msg("problem-confirm-description", {"text": TYPED}), "x<y"), None)
    )
    assert seen(str(joined)) == f"内容：{TYPED}\nx<y"


def test_html_that_lost_its_mark_is_refused_in_the_tests():
    parts = [tr("zh-CN", "problem-confirm-title"), tr("zh-CN", "problem-confirm-description", text="x")]
    assert "<b>" in parts[0]
    with pytest.raises(UnmarkedHtml):  # a plain "\n".join of messages, then handed to another message
        tr("zh-CN", "problem-confirm-description", text="\n".join(parts))
    with pytest.raises(UnmarkedHtml):  # or added to one
        tr("zh-CN", "problem-confirm-title") + "\n".join(parts)
    joined = Html("\n").join(parts)  # the way to do it
    assert seen(tr("zh-CN", "problem-confirm-description", text=joined)).startswith("内容：📋 请确认上报内容")
    # Typed text that merely has a "<", or even tags, is no HTML of ours: escaped, not refused.
    assert seen(tr("zh-CN", "problem-confirm-title") + " <i") == "📋 请确认上报内容 <i"
    assert seen(tr("zh-CN", "problem-confirm-description", text="<b>认真</b>")) == "内容：<b>认真</b>"
    assert isinstance(tr("zh-CN", "problem-confirm-title"), Markup)


async def test_labels_and_pop_up_answers_go_out_as_plain_text():
    bot, telegram = make_fake_bot()
    label = tr("zh-CN", "problem-confirm-description", text="A&B")  # "内容：A&amp;B" as HTML
    markup = InlineKeyboardMarkup(inline_keyboard=[[InlineKeyboardButton(text=label, callback_data="x")]])
    await bot.send_message(1, tr("zh-CN", "problem-confirm-description", text="A&B"), reply_markup=markup)
    [sent] = telegram.chat(1)
    assert sent.buttons() == ["内容：A&B"] and seen(sent.text) == "内容：A&B"
    assert (
        markup.inline_keyboard[0][0].text == "内容：A&amp;B"
    )  # the caller's (maybe cached) markup is not changed
    await bot.answer_callback_query("q1", text=label)
    assert telegram.answers["q1"]["text"] == "内容：A&B"


# --- typed fields shown back ------------------------------------------------------------------------------------


async def test_a_month_reopened_with_a_reason_holding_html_characters_still_opens(harness, db, clock):
    """The issue's case: the reason went into the month's screen unescaped, Telegram refused it, and the secretary
    could never open 📤 纪实表月报 for that month again."""
    from tests.test_worklog import SECRETARY, add_log, world

    ids = await world(db)
    await add_log(
        db,
        ids["cadre"],
        ids["own_grid"],
        date(2026, 11, 3),
        "approved",
        signed_by=ids["secretary"],
        signed_at=NOW,
    )
    clock.now = datetime(2026, 12, 3, 2, 0, tzinfo=UTC)
    secretary = harness.user(SECRETARY)
    await secretary.send("/menu")
    await secretary.press("📤 纪实表月报")
    await secretary.press("2026年11月")
    await secretary.press("📤 确认报送党群工作部")
    await secretary.press("🔓 重新开启该月")
    await secretary.send(TYPED)
    async with db.session() as s:
        month = (await s.execute(select(LogMonth))).scalar_one()
    assert month.reopen_reason == TYPED
    await secretary.send("/menu")
    await secretary.press("📤 纪实表月报")
    await secretary.press("2026年11月")
    assert f"已重新开启（{TYPED}）" in seen(secretary.last().text)


async def test_a_log_shows_typed_text_back_as_typed_to_its_author_and_its_signer(harness, db):
    from tests.test_worklog import CADRE, SECRETARY, fill_log, world

    await world(db)
    cadre, secretary = harness.user(CADRE), harness.user(SECRETARY)
    await fill_log(cadre, photos=0, content=f"走访独居老人 {TYPED}")
    assert f"走访独居老人 {TYPED}" in seen(cadre.last().text)  # the summary
    await cadre.press("✏️ 地址")
    await cadre.send(f"幸福小区 {TYPED}")
    assert f"幸福小区 {TYPED}" in seen(cadre.last().text)
    await cadre.press("📤 提交")
    await harness.deliver()
    request = secretary.last()
    assert f"走访独居老人 {TYPED}" in seen(request.text) and f"幸福小区 {TYPED}" in seen(request.text)
    await secretary.press("↩️ 退回", request)
    await secretary.send(f"请补充 {TYPED}")
    await harness.deliver()
    assert f"请补充 {TYPED}" in seen(cadre.last().text)
    await cadre.press("✏️ 修改并重新提交", cadre.last())
    assert f"退回原因：请补充 {TYPED}" in seen(cadre.last().text)
    [log] = await _all(db, WorkLog)
    assert log.content == f"走访独居老人 {TYPED}" and log.addresses == f"幸福小区 {TYPED}"


async def test_a_report_shows_typed_text_back_as_typed(harness, db):
    from tests.test_problems_flow import WORKER, org, send_location

    await org(db)
    worker = harness.user(WORKER)
    await worker.send("/report")
    await worker.press("问题")
    await worker.press("幸福社区 · 幸福社区第一网格")
    await worker.press("安全隐患")
    await worker.send(f"井盖松动 {TYPED}")
    await send_location(worker, 39.9087, 116.3975)
    await worker.press("✅ 完成")
    await worker.press("👥 代居民反映")
    await worker.send("王<大爷>&")
    await worker.send("13912345678")
    await worker.press("一般")
    summary = seen(worker.last().text)
    assert f"内容：井盖松动 {TYPED}" in summary and "王<大爷>&" in summary
    await worker.press("✏️ 位置")
    await worker.send(f"幸福路 {TYPED}")
    assert f"幸福路 {TYPED}" in seen(worker.last().text)
    await worker.press("✅ 提交")
    [problem] = await _all(db, Problem)
    assert (problem.description, problem.address) == (f"井盖松动 {TYPED}", f"幸福路 {TYPED}")
    await harness.deliver()
    assert any(f"井盖松动 {TYPED}" in seen(m.text) for m in worker.messages())


async def _all(db, model):  # type: ignore[no-untyped-def]
    async with db.session() as s:
        return list((await s.execute(select(model).order_by(model.id))).scalars())


def nobody_was_told_of_an_error(harness) -> None:
    """No chat holds the error handler's answer: nothing the bot sent was refused on the way."""
    told = [m.text for chat in harness.telegram.messages.values() for m in chat.values()]
    told += [str(a.get("text", "")) for a in harness.telegram.answers.values()]
    assert not [t for t in told if "处理时出了点问题" in t]


async def test_a_signing_opinion_is_shown_as_typed_to_the_author(harness, db):
    from tests.test_worklog import CADRE, SECRETARY, fill_log, world

    await world(db)
    cadre, secretary = harness.user(CADRE), harness.user(SECRETARY)
    await fill_log(cadre, photos=0)
    await cadre.press("📤 提交")
    await harness.deliver()
    await secretary.press("✅ 同意", secretary.last())
    await secretary.send(f"工作扎实 {TYPED}")
    assert "已签署同意纪实表 #1" in seen(secretary.last().text)
    [log] = await _all(db, WorkLog)
    assert (log.status, log.opinion) == ("approved", f"工作扎实 {TYPED}")
    await harness.deliver()
    assert f"工作扎实 {TYPED}" in seen(cadre.last().text)
    await cadre.send("/mylogs")
    await cadre.press("#1 11-27 第四网格")
    assert f"工作扎实 {TYPED}" in seen(cadre.last().text)  # the card and its history
    nobody_was_told_of_an_error(harness)


async def test_the_reason_for_leaving_unsigned_logs_out_of_a_month_is_shown_as_typed(harness, db, clock):
    from tests.test_worklog import CADRE, SECRETARY, add_log, world

    ids = await world(db)
    unsigned = await add_log(db, ids["cadre"], ids["own_grid"], date(2026, 11, 29), "submitted")
    clock.now = datetime(2026, 12, 3, 2, 0, tzinfo=UTC)
    secretary, cadre = harness.user(SECRETARY), harness.user(CADRE)
    await secretary.send("/menu")
    await secretary.press("📤 纪实表月报")
    await secretary.press("2026年11月")
    await secretary.press("➖ 未签署的不列入（需说明原因）")
    await secretary.send(f"填写人已调离 {TYPED}")
    assert "已将 1 份未签署的纪实表标记为不列入月报" in seen(secretary.messages()[-2].text)
    async with db.session() as s:
        log = await s.get(WorkLog, unsigned)
    assert log is not None and (log.status, log.excluded_reason) == ("excluded", f"填写人已调离 {TYPED}")
    await cadre.send("/mylogs")
    await cadre.press("◀️ 上月")
    await cadre.press(f"#{unsigned} 11-29 第四网格")
    card = seen(cadre.last().text)
    assert f"未列入月报（填写人已调离 {TYPED}）" in card  # the status
    assert f"未列入月报 填写人已调离 {TYPED}" in card  # the history line
    nobody_was_told_of_an_error(harness)


async def test_the_notes_of_a_problems_moves_are_shown_as_typed_on_its_card_and_history(harness, db):
    from tests.test_problems_flow import OFFICE, SECRETARY, WORKER, open_notice, org, report

    await org(db)
    worker = harness.user(WORKER)
    await report(worker)
    await worker.press("✅ 提交")
    secretary = await open_notice(harness, SECRETARY, "新的上报")
    await secretary.press("✅ 受理")
    await secretary.press("🛠 办结")
    await secretary.send(f"已清理 {TYPED}")
    await secretary.press("✅ 提交")
    assert f"办理结果：已清理 {TYPED}" in seen(secretary.last().text)
    worker = await open_notice(harness, WORKER, "办结")
    assert f"办理结果：已清理 {TYPED}" in seen(worker.last().text)  # the reporter's card
    await worker.press("👎 未解决")
    await worker.send(f"仍然漏水 {TYPED}")
    secretary = await open_notice(harness, SECRETARY, "未解决")
    await secretary.press("⬆️ 上报街道")
    await secretary.send(f"无法协调 {TYPED}")
    [problem] = await _all(db, Problem)
    assert (problem.result, problem.advice) == (f"已清理 {TYPED}", f"无法协调 {TYPED}")
    notes = [e.note for e in await _all(db, ProblemEvent) if e.note]
    assert notes == [f"已清理 {TYPED}", f"仍然漏水 {TYPED}", f"无法协调 {TYPED}"]
    office = await open_notice(harness, OFFICE, "上报街道")
    await office.press("📜 办理记录")
    history = seen(office.last().text)
    for note in (f"已清理 {TYPED}", f"仍然漏水 {TYPED}", f"无法协调 {TYPED}"):
        assert f"\n   {note}\n" in f"{history}\n", note
    nobody_was_told_of_an_error(harness)


async def test_a_prompt_sheet_its_question_answer_and_result_are_shown_as_typed(harness, db):
    from storage.models import PromptSheet, PromptSheetTarget
    from tests.sheet_helpers import SENDER, XINGFU, seed_people

    await seed_people(db)
    sender, secretary = harness.user(SENDER), harness.user(XINGFU)
    await sender.send("/sheet")
    await sender.press("➕ 新建提示单")
    await sender.send(f"消防排查 {TYPED}")
    await sender.send(f"请排查通道 {TYPED}")
    await sender.press("▫️ 幸福社区")
    await sender.press("➡️ 下一步")
    await sender.send("12-02")
    await sender.send(f"陈静 {TYPED}")
    await sender.press("⏭ 跳过")
    summary = seen(sender.last().text)
    for line in (f"标题：消防排查 {TYPED}", f"：请排查通道 {TYPED}", f"联系人：陈静 {TYPED}"):
        assert line in summary, line
    await sender.press("✅ 提交")
    [sheet] = await _all(db, PromptSheet)
    assert (sheet.title, sheet.body, sheet.contact) == (
        f"消防排查 {TYPED}",
        f"请排查通道 {TYPED}",
        f"陈静 {TYPED}",
    )
    await harness.deliver()
    notice = seen(secretary.last_with_buttons().text)
    for line in (f"消防排查 {TYPED}", f"内容：请排查通道 {TYPED}", f"联系人：陈静 {TYPED}"):
        assert line in notice, line

    await secretary.press("❓ 有疑问")
    await secretary.send(f"是否包括商铺 {TYPED}")
    await harness.deliver()
    question = sender.last_with_buttons()
    assert f"是否包括商铺 {TYPED}" in seen(question.text)
    await sender.press("💬 回复疑问", question)
    await sender.send(f"包括 {TYPED}")
    await harness.deliver()
    answered = secretary.last_with_buttons()
    assert f"回复了您的疑问：包括 {TYPED}" in seen(answered.text)
    await secretary.press("✅ 已完成", answered)
    await secretary.send(f"已排查 {TYPED}")
    await secretary.press("✅ 提交")
    await harness.deliver()
    assert f"已排查 {TYPED}" in seen(sender.last().text)
    [target] = await _all(db, PromptSheetTarget)
    assert (target.question, target.answer, target.result) == (
        f"是否包括商铺 {TYPED}",
        f"包括 {TYPED}",
        f"已排查 {TYPED}",
    )

    await sender.send("/sheet")
    await sender.press("📂 我发出的提示单")
    assert f"#1 消防排查 {TYPED} · 1/1 · 12-02" in sender.last().buttons()  # a label: plain text
    await sender.press(f"#1 消防排查 {TYPED} · 1/1 · 12-02")
    status = seen(sender.last().text)
    for line in (f"结果：已排查 {TYPED}", f"疑问：是否包括商铺 {TYPED}", f"回复：包括 {TYPED}"):
        assert line in status, line
    nobody_was_told_of_an_error(harness)


async def _file_a_meeting(filer, when: str) -> None:
    """Through the dialog: subject, place and the reason it cannot be a prompt sheet, each typed with `TYPED`."""
    await filer.send("/meeting")
    await filer.press("➕ 报备会议")
    await filer.send(f"部署会 {TYPED}")
    await filer.send(when)
    await filer.press("90 分钟")
    await filer.send(f"三楼 {TYPED}")
    await filer.press("▫️ 幸福社区")
    await filer.press("➡️ 下一步")
    await filer.press("2")
    await filer.send(f"需要演示 {TYPED}")


MEETING_LINES = (f"部署会 {TYPED}", f"地点：三楼 {TYPED}", f"不能用提示单代替的理由：需要演示 {TYPED}")


async def test_a_meetings_subject_place_reason_and_decline_reason_are_shown_as_typed(harness, db):
    from storage.models import Meeting
    from tests.sheet_helpers import OFFICE, SENDER, XINGFU, seed_people

    await seed_people(db)
    filer, office, secretary = harness.user(SENDER), harness.user(OFFICE), harness.user(XINGFU)
    await _file_a_meeting(filer, "12-02 14:30")
    for line in MEETING_LINES:
        assert line in seen(filer.last().text), line  # the summary
    await filer.press("✅ 提交报备")
    await harness.deliver()
    for line in MEETING_LINES:
        assert line in seen(office.last_with_buttons().text), line  # to be approved
    await office.press("✅ 同意")
    await harness.deliver()
    for line in MEETING_LINES:
        assert line in seen(filer.last().text), line  # approved
        assert line in seen(secretary.last_with_buttons().text), line  # announced

    await _file_a_meeting(filer, "12-09 14:30")  # a week later: nothing to merge with
    await filer.press("✅ 提交报备")
    await harness.deliver()
    await office.press("❌ 不同意", office.last_with_buttons())
    await office.send(f"可用提示单 {TYPED}")
    await harness.deliver()
    assert f"未获同意。理由：可用提示单 {TYPED}" in seen(filer.last().text)
    first, second = await _all(db, Meeting)
    for meeting in (first, second):
        assert (meeting.subject, meeting.place, meeting.why_not_sheet) == (
            f"部署会 {TYPED}",
            f"三楼 {TYPED}",
            f"需要演示 {TYPED}",
        )
    assert (second.status, second.decline_reason) == ("declined", f"可用提示单 {TYPED}")
    nobody_was_told_of_an_error(harness)


async def test_a_callouts_place_need_reason_and_outcome_are_shown_as_typed(harness, db):
    from domain.roles import Role
    from storage.models import Callout, CalloutTarget
    from tests.factories import add_person
    from tests.test_callouts import ROLL_END, SEC, SQUAD1, SQUAD2, alert, roll

    await add_person(db, "张伟", "13820020001", [(Role.SECRETARY, "幸福社区")], telegram_id=SEC)
    for name, phone, chat in (("马超", "13820020007", SQUAD1), ("刘军", "13820020008", SQUAD2)):
        await add_person(db, name, phone, [(Role.EMERGENCY_MEMBER, "幸福社区")], telegram_id=chat)
    sec, squad1, squad2 = harness.user(SEC), harness.user(SQUAD1), harness.user(SQUAD2)
    await sec.send("/callout")
    await sec.press("🚨 发起应急呼叫")
    await sec.press("🔥 火情")
    await sec.send(f"幸福小区 {TYPED}")
    await sec.send(f"需要人手 {TYPED}")
    await sec.press("仅本社区应急分队")
    place_and_need = (f"地点：幸福小区 {TYPED}", f"需要：需要人手 {TYPED}")
    for line in place_and_need:
        assert line in seen(sec.last().text), line  # the confirmation
    await sec.press("🚨 立即发出")
    await harness.deliver()
    for line in place_and_need:
        assert line in seen(alert(harness, SQUAD1).text), line  # the alert
    await squad1.press("🏃 马上到", alert(harness, SQUAD1))
    await squad2.press("🙅 无法到场", alert(harness, SQUAD2))
    await squad2.send(f"在外地出差 {TYPED}")
    await harness.deliver()
    on_the_roll = seen(roll(harness).text)
    for line in (*place_and_need, f"刘军：在外地出差 {TYPED}"):
        assert line in on_the_roll, line
    await sec.press(ROLL_END, roll(harness))
    await sec.send(f"明火已扑灭 {TYPED}")
    await harness.deliver()
    assert f"结束：明火已扑灭 {TYPED}" in seen(roll(harness).text)
    assert f"处置结果：明火已扑灭 {TYPED}" in seen(squad1.last().text)
    [callout] = await _all(db, Callout)
    assert (callout.address, callout.need, callout.outcome) == (
        f"幸福小区 {TYPED}",
        f"需要人手 {TYPED}",
        f"明火已扑灭 {TYPED}",
    )
    assert [t.reason for t in await _all(db, CalloutTarget)] == [None, f"在外地出差 {TYPED}"]
    nobody_was_told_of_an_error(harness)


def test_typed_text_passed_through_the_services_own_helpers_is_escaped_once():
    """A cadre's reason for moving a day (services.attendance.moves) and the CLI's lines: shown as typed."""
    from bot.console import plain
    from bot.plain_text import unescape
    from services.attendance.moves import _html

    line = tr(
        "zh-CN",
        "move-request-to-secretary",
        name=_html("A&B"),
        community="幸福社区",
        from_day="1日",
        to_day="2日",
        reason=_html(TYPED),
    )
    assert TYPED in seen(line) and "A&B" in seen(line) and "&amp;amp;" not in line
    assert plain(tr("zh-CN", "problem-confirm-description", text="R&D's <x>")) == "内容：R&D's <x>"
    assert unescape("Smith&copy; A&amp;B") == "Smith&copy; A&B"  # only what markupsafe escapes comes back


def test_a_long_list_is_cut_before_telegrams_limit_and_says_how_many_are_left_out():
    from dialogs.widgets import capped_lines

    lines = [tr("zh-CN", "problem-confirm-description", text=f"第 {n} 行 <错误> & 原因") for n in range(500)]
    text = capped_lines("zh-CN", lines)
    assert len(seen(text)) < 4096 and "第 0 行 <错误> & 原因" in seen(text)
    shown = seen(text).count("第 ")
    assert seen(text).endswith(f"…另有 {500 - shown} 行未显示")
