"""Work prompt sheets and meeting filing over HTTP, the real bot process against the emulator (issue 8, "Done when"):
a sheet to three communities → received / done / question → answered, with the length limit and the due-date rule
and their messages; a meeting filed → merge proposed with another → merged by 党政办 → secretaries name attendees;
a declined meeting.

陈静 works in 党群工作部 and 刘洋 in 党政办; 张伟, 林静怡 and 宋雅 are the secretaries of 幸福社区, 和平社区 and
光明社区 (the demo roster). Dates are computed from the bot process's clock (e2e.today()) and the PRC calendar.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from sqlalchemy import select

from domain.workcalendar import WorkCalendar
from sandbox import Message, SandboxUser
from storage.models import Meeting, MeetingAttendee, PromptSheetTarget
from tests.e2e.harness import E2E
from tests.e2e.test_problems_e2e import png


def has(text: str) -> Callable[[Message], bool]:
    return lambda m: text in (m.text or "")


async def press_and_wait(
    user: SandboxUser, button: str, expect: str, message_id: int | None = None
) -> Message:
    await user.press(button, message_id=message_id)
    return await user.wait_message(has(expect))


@pytest.mark.every_mode  # also on two instances behind one address (tests/e2e/deployments.py)
async def test_prompt_sheet_to_three_communities_received_done_question_answered(e2e: E2E) -> None:
    for name in ("陈静", "张伟", "林静怡", "宋雅"):
        await e2e.onboard(name)
    chen, zhang, lin, song = (e2e.user(n) for n in ("陈静", "张伟", "林静怡", "宋雅"))
    cal = WorkCalendar()
    earliest = cal.add_working_days(e2e.today(), 2)
    too_soon = cal.add_working_days(e2e.today(), 1)

    await chen.send_command("sheet")
    await chen.wait_message(has("不以文转文"))
    await press_and_wait(chen, "➕ 新建提示单", "请输入提示单标题")
    await chen.send_text("冬季消防通道排查")
    await chen.wait_message(has("需要社区做什么"))
    await chen.send_text("查" * 320)
    refusal = await chen.wait_message(has("320/300"))
    assert "超出 20 字" in (refusal.text or "")
    await chen.wait_message(has("查" * 320))  # the text comes back, to be shortened rather than retyped
    await chen.send_text("请排查辖区老旧小区消防通道，反馈隐患数量和整改情况。")
    await chen.wait_message(has("选择发给哪些社区"))
    await chen.press("☑️ 全部社区")
    await chen.wait_message(lambda m: any("✅ 光明社区" in b for row in m.buttons for b in row))
    await press_and_wait(chen, "➡️ 下一步", "请选择或输入完成期限")
    await chen.send_text(too_soon.isoformat())
    refusal = await chen.wait_message(has("至少要提前 2 个工作日"))
    assert f"最早可选 {earliest.isoformat()}" in (refusal.text or "")
    # The step's screen comes back below the refusal (the old one is deleted): press on the new one.
    screen = await chen.wait_message(
        lambda m: "请选择或输入完成期限" in (m.text or "") and m.message_id > refusal.message_id
    )
    await press_and_wait(chen, "🚨 标记为紧急", "为什么紧急", screen.message_id)
    await chen.send_text("区里下周一检查")
    await chen.wait_message(has("已标记为紧急"))
    await chen.send_text(too_soon.isoformat())
    await chen.wait_message(has("请输入联系人"))
    await press_and_wait(chen, "👤 联系人填我本人", "可以附一张照片")
    await chen.send_document(b"%PDF-1.4", filename="通知.pdf")
    await chen.wait_message(has("不以文转文"))
    await chen.send_photo(png())
    summary = await chen.wait_message(has("请确认提示单"))
    assert "附照片 1 张" in (summary.text or "") and "🚨 紧急" in (summary.text or "")
    await press_and_wait(chen, "✅ 提交", "提示单已发出，编号 #1")

    notices = {}
    for name, user in (("张伟", zhang), ("林静怡", lin), ("宋雅", song)):
        notices[name] = await user.wait_message(
            lambda m: "新的工作提示单 #1" in (m.text or "") and bool(m.buttons)
        )
        assert notices[name].buttons == [["📥 已收到"], ["✅ 已完成"], ["❓ 有疑问"]]

    # 宋雅 presses 幸福社区's 已完成 (forged into her chat): refused, nothing changes.
    done_data = notices["张伟"].inline_keyboard[1][0]["callback_data"]
    e2e.add_button(song, notices["宋雅"].message_id, "✅ 替人完成", done_data)
    await song.press("✅ 替人完成", message_id=notices["宋雅"].message_id)
    assert "只有该社区书记可以办理" in ((await song.callback_answer()).text or "")

    await zhang.press("📥 已收到", message_id=notices["张伟"].message_id)
    await zhang.wait_message(lambda m: m.edited and "已收到" in (m.text or ""))
    await press_and_wait(zhang, "✅ 已完成", "办理结果", notices["张伟"].message_id)
    await zhang.send_text("已排查 12 处通道，整改 2 处")
    await zhang.wait_message(has("办理照片"))
    await press_and_wait(zhang, "✅ 提交", "已报告完成提示单 #1")

    await press_and_wait(lin, "❓ 有疑问", "写下您的疑问", notices["林静怡"].message_id)
    await lin.send_text("商住楼算不算老旧小区？")
    await lin.wait_message(has("疑问已转给"))
    question = await chen.wait_message(lambda m: "商住楼算不算老旧小区" in (m.text or "") and bool(m.buttons))
    await press_and_wait(chen, "💬 回复疑问", "写下您的回复", question.message_id)
    await chen.send_text("算，一并排查")
    await chen.wait_message(has("回复已转给 和平社区"))
    answer = await lin.wait_message(has("回复了您的疑问：算，一并排查"))
    assert answer.buttons == [["✅ 已完成"], ["❓ 有疑问"]]
    await song.press("📥 已收到", message_id=notices["宋雅"].message_id)
    await song.wait_message(lambda m: m.edited and "已收到" in (m.text or ""))

    await chen.send_command("sheet")
    home = await chen.wait_message(lambda m: "部门向社区布置工作" in (m.text or "") and bool(m.buttons))
    await press_and_wait(chen, "📂 我发出的提示单", "我发出的提示单", home.message_id)
    await chen.press("#1 冬季消防通道排查 · 1/3 · " + too_soon.strftime("%m-%d"))
    status = await chen.wait_message(has("各社区办理情况"))
    for line in ("• 幸福社区：已完成", "• 和平社区：已答复", "• 光明社区：已收到"):
        assert line in (status.text or "")
    async with e2e.db.session() as s:
        rows = (await s.scalars(select(PromptSheetTarget).order_by(PromptSheetTarget.community_id))).all()
    assert [t.status for t in rows] == ["done", "answered", "received"]


async def file_meeting(user: SandboxUser, subject: str, day: date, communities: dict[str, int]) -> Message:
    await user.send_command("meeting")
    home = await user.wait_message(lambda m: "能并则并" in (m.text or "") and bool(m.buttons))
    await press_and_wait(user, "➕ 报备会议", "请输入会议主题", home.message_id)
    await user.send_text(subject)
    await user.wait_message(has("会议日期和开始时间"))
    await user.send_text(f"{day.isoformat()} 14:30")
    await user.wait_message(has("会议时长"))
    await press_and_wait(user, "60 分钟", "请输入会议地点")
    await user.send_text("街道三楼会议室")
    await user.wait_message(has("需要参会的社区"))
    for name in communities:
        await user.press(f"▫️ {name}")
        await user.wait_message(lambda m, name=name: any(f"✅ {name}" in b for row in m.buttons for b in row))
    await user.press("➡️ 下一步")
    for name, people in communities.items():
        await user.wait_message(has(f"{name} 需要几人"))
        await user.send_text(str(people))
    await user.wait_message(has("为什么不能用工作提示单"))
    await user.send_text("需要现场演练")
    await user.wait_message(has("不能用提示单代替的理由"))
    await user.press("✅ 提交报备")
    filed = await user.wait_message(has("会议已报备"))
    await user.wait_message(has("能并则并"))  # the dialog's first screen again, below the confirmation
    return filed


@pytest.mark.every_mode  # also on two instances behind one address (tests/e2e/deployments.py)
async def test_meeting_merge_proposed_merged_attendees_named_and_one_declined(e2e: E2E) -> None:
    for name in ("陈静", "刘洋", "张伟", "林静怡", "宋雅"):
        await e2e.onboard(name)
    chen, liu, zhang, lin, song = (e2e.user(n) for n in ("陈静", "刘洋", "张伟", "林静怡", "宋雅"))
    cal = WorkCalendar()
    day = cal.add_working_days(e2e.today(), 3)
    next_day = cal.add_working_days(day, 1)

    await file_meeting(chen, "冬季消防部署会", day, {"幸福社区": 2, "和平社区": 1})
    first = await liu.wait_message(lambda m: "新的会议报备 #1" in (m.text or "") and bool(m.buttons))
    filed = await file_meeting(chen, "平安建设推进会", next_day, {"和平社区": 2, "光明社区": 1})
    assert "建议党政办考虑合并" in (filed.text or "") and "#1 冬季消防部署会" in (filed.text or "")
    second = await liu.wait_message(lambda m: "新的会议报备 #2" in (m.text or "") and bool(m.buttons))
    assert "建议合并" in (second.text or "")
    assert second.buttons == [["✅ 同意"], ["❌ 不同意"], ["🔗 与 #1 合并"]]

    # Only 党政办 decides: the filer's forged press changes nothing.
    mine = await chen.last_message()
    assert mine is not None
    e2e.add_button(chen, mine.message_id, "🔗 合并", second.inline_keyboard[2][0]["callback_data"])
    await chen.press("🔗 合并", message_id=mine.message_id)
    assert "只有党政办可以审核" in ((await chen.callback_answer()).text or "")

    await liu.press("🔗 与 #1 合并", message_id=second.message_id)
    await liu.wait_message(lambda m: m.edited and "已将会议 #2 并入 #1" in (m.text or ""))
    await chen.wait_message(has("已将会议 #2 并入会议 #1"))
    await liu.press("✅ 同意", message_id=first.message_id)  # #1 was approved by the merge
    assert "已经处理过" in ((await liu.callback_answer()).text or "")

    announced = {}
    for name, user, count in (("张伟", zhang, 2), ("林静怡", lin, 2), ("宋雅", song, 1)):
        announced[name] = await user.wait_message(has("党政办已同意的会议 #1"))
        assert f"需 {count} 人参加" in (announced[name].text or "")
    await press_and_wait(zhang, "👥 确定参会人员", "请选择参会人员", announced["张伟"].message_id)
    for person in ("李娜", "王芳", "黄敏"):
        await zhang.press(f"▫️ {person}")
        await zhang.wait_message(
            lambda m, person=person: any(f"✅ {person}" in b for row in m.buttons for b in row)
        )
    await zhang.press("✅ 保存参会人员")
    assert "只需要 2 人，您选了 3 人" in ((await zhang.callback_answer()).text or "")
    await zhang.press("✅ 黄敏")
    await zhang.wait_message(lambda m: any("▫️ 黄敏" in b for row in m.buttons for b in row))
    await press_and_wait(zhang, "✅ 保存参会人员", "已确定会议 #1 的参会人员 2 人")
    await chen.wait_message(has("幸福社区 参会人员 李娜、王芳"))
    async with e2e.db.session() as s:
        kept, merged = (await s.scalars(select(Meeting).order_by(Meeting.id))).all()
        named = set((await s.scalars(select(MeetingAttendee.person_id))).all())
    assert (kept.status, merged.status, merged.merged_into) == ("approved", "merged", 1)
    assert named == {(await e2e.person("李娜")).id, (await e2e.person("王芳")).id}

    far = cal.add_working_days(day, 5)
    await file_meeting(chen, "材料报送培训会", far, {"光明社区": 1})
    third = await liu.wait_message(lambda m: "新的会议报备 #3" in (m.text or "") and bool(m.buttons))
    await press_and_wait(liu, "❌ 不同意", "请写明不同意的理由", third.message_id)
    await liu.send_text("可以用工作提示单布置，不必开会")
    await liu.wait_message(has("已不同意会议 #3"))
    told = await chen.wait_message(has("会议 #3 未获同意"))
    assert "可以用工作提示单布置，不必开会" in (told.text or "")
