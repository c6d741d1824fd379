"""One way to move through the two long flows (issue 15): every step of /log has ⬅️ 上一步, ✖️ 取消 and ⏸ 稍后再填
like /report; ⏸ says where the draft is; /report's summary shows 网格 and 紧急程度 and lets each field be changed; the
two photo steps use the same words and counter; the calendars speak Chinese in every view."""

from __future__ import annotations

import re

from sqlalchemy import select

from storage.models import Problem, WorkLogDraft

ENGLISH_MONTHS = re.compile(
    r"January|February|March|April|May|June|July|August|September|October|November|December"
)


async def _draft(db):  # type: ignore[no-untyped-def]
    async with db.session() as s:
        row = (await s.execute(select(WorkLogDraft))).scalar()
    return row.data if row else None


async def test_every_log_step_goes_back_cancels_or_waits(harness, db):
    from tests.test_worklog import CADRE, world

    await world(db)
    cadre = harness.user(CADRE)
    await cadre.send("/log")
    first = cadre.last()
    assert "⬅️ 上一步" not in first.buttons()  # nothing before the date
    assert {"✖️ 取消", "⏸ 稍后再填"} <= set(first.buttons())
    await cadre.press("📅 今天")
    await cadre.press("⭐ 第四网格")
    await cadre.press("▫️ 帮办员")
    await cadre.press("下一步 ➡️")
    await cadre.send("5")
    await cadre.send("和平路12号")
    assert "请简要填写工作内容" in cadre.last().text
    for step in (
        "请简要填写工作内容",
        "请填写走访地址",
        "走访了多少户",
        "请选择本次工作内容",
        "请选择工作的网格",
    ):
        screen = cadre.last()
        assert {"⬅️ 上一步", "✖️ 取消", "⏸ 稍后再填"} <= set(screen.buttons()), step
        await cadre.press("⬅️ 上一步")
    assert "填写网格工作纪实表" in cadre.last().text  # back at the date, what was entered is kept
    assert (await _draft(db))["addresses"] == "和平路12号"

    await cadre.press("⏸ 稍后再填")
    kept = cadre.messages()[-2]
    assert "草稿已保存" in kept.text and "/log" in kept.text and not kept.inline  # a message that stays
    assert "主菜单" in cadre.last().text  # the menu comes back below it
    assert (await _draft(db))["households"] == 5
    await cadre.send("/log")
    assert "您有一份未填完的纪实表" in cadre.last().text
    await cadre.press("▶️ 继续填写")
    assert "请简要填写工作内容" in cadre.last().text

    await cadre.press("✖️ 取消")
    assert "已取消，这份纪实没有保存" in cadre.messages()[-2].text
    assert await _draft(db) is None
    await cadre.send("/log")
    assert "填写网格工作纪实表" in cadre.last().text  # a fresh log, nothing to resume


async def test_changing_one_field_from_the_log_summary_has_no_step_back(harness, db):
    from tests.test_worklog import CADRE, fill_log, world

    await world(db)
    cadre = harness.user(CADRE)
    await fill_log(cadre, photos=0)
    await cadre.press("✏️ 内容")
    assert "⬅️ 上一步" not in cadre.last().buttons() and "↩️ 回到汇总" in cadre.last().buttons()


async def _report_until_summary(worker) -> None:  # type: ignore[no-untyped-def]
    from tests.test_problems_flow import send_location

    await worker.send("/report")
    await worker.press("问题")
    await worker.press("幸福社区 · 幸福社区第一网格")
    await worker.press("安全隐患")
    await worker.send("楼道堆放杂物")
    await send_location(worker, 39.9087, 116.3975)
    await worker.press("✅ 完成")
    await worker.press("🙋 本人发现")
    await worker.press("一般")


async def test_the_report_summary_shows_grid_and_urgency_and_changes_any_field(harness, db):
    from tests.test_problems_flow import WORKER, org

    await org(db)
    worker = harness.user(WORKER)
    await _report_until_summary(worker)
    summary = worker.last()
    assert "网格：幸福社区 · 幸福社区第一网格" in summary.text and "紧急程度：一般" in summary.text
    assert {"✏️ 类型", "✏️ 网格", "✏️ 类别", "✏️ 内容", "✏️ 位置", "✏️ 照片", "✏️ 居民", "✏️ 紧急程度"} <= set(
        summary.buttons()
    )
    await worker.press("✏️ 紧急程度")
    await worker.press("🚨 特殊重大（即报即办）")
    assert "紧急程度：🚨 特殊重大（即报即办）" in worker.last().text  # straight back to the summary
    await worker.press("✏️ 内容")
    await worker.press("⬅️ 上一步")  # changed nothing: back to the summary
    assert "请确认上报内容" in worker.last().text and "楼道堆放杂物" in worker.last().text
    await worker.press("✏️ 内容")
    await worker.send("楼道堆放纸箱，堵塞消防通道")
    assert "楼道堆放纸箱" in worker.last().text and "请确认上报内容" in worker.last().text
    await worker.press("✏️ 居民")
    await worker.press("👥 代居民反映")
    await worker.send("王大爷")
    await worker.send("13912345678")
    assert "王大爷" in worker.last().text and "请确认上报内容" in worker.last().text
    await worker.press("✅ 提交")
    async with db.session() as s:
        [problem] = list((await s.execute(select(Problem))).scalars())
    assert (problem.description, problem.urgent, problem.resident_name) == (
        "楼道堆放纸箱，堵塞消防通道",
        True,
        "王大爷",
    )


async def test_both_photo_steps_use_the_same_words_and_counter(harness, db):
    from tests.test_problems_flow import send_photo
    from tests.test_worklog import CADRE, world

    await world(db)
    cadre = harness.user(CADRE)
    await cadre.send("/log")
    await cadre.press("📅 今天")
    await cadre.press("⭐ 第四网格")
    await cadre.press("▫️ 帮办员")
    await cadre.press("下一步 ➡️")
    await cadre.send("5")
    await cadre.send("和平路12号")
    await cadre.send("帮助居民办理医保")
    log_prompt = cadre.last()
    await cadre.send_photo("p1")
    log_counter, log_buttons = cadre.last().text, cadre.last().buttons()  # (a Sent shows its latest edit)
    await cadre.press("⏸ 稍后再填")

    await cadre.send("/report")
    await cadre.press("问题")
    await cadre.press(next(b for b in cadre.last().buttons() if "第四网格" in b))
    await cadre.press("安全隐患")
    await cadre.send("楼道堆放杂物")
    await cadre.send("幸福路 3 号")
    report_prompt = cadre.last()
    await send_photo(cadre, "r1")
    report_counter, report_buttons = cadre.last().text, cadre.last().buttons()

    assert log_prompt.text == report_prompt.text
    assert "已收到 1 / 9 张照片" in log_counter and "已收到 1 / 9 张照片" in report_counter
    assert log_buttons[:2] == report_buttons[:2] == ["✅ 完成", "🗑 清空照片"]


async def test_the_calendars_name_months_in_chinese_when_zoomed_out(harness, db):
    from tests.test_worklog import CADRE, world

    await world(db)
    cadre = harness.user(CADRE)
    await cadre.send("/log")
    days = cadre.last()
    assert "🗓 2026年11月" in days.buttons() and not ENGLISH_MONTHS.search(" ".join(days.buttons()))
    await cadre.press("🗓 2026年11月")  # zoom out to the months
    months = cadre.last()
    assert "[ 11月 ]" in months.buttons() and "🗓 2026年" in months.buttons()
    assert not ENGLISH_MONTHS.search(" ".join(months.buttons()))
