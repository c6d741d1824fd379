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
from storage.models import LogMonth, Problem, WorkLog
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
    # Typed text that merely has a "<" is no HTML: escaped, not refused.
    assert seen(tr("zh-CN", "problem-confirm-title") + " <i") == "📋 请确认上报内容 <i"
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
