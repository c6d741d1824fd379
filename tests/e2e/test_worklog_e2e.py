"""The grid work log over HTTP, against the real bot process and the Bot API emulator (issue 4's "done when").

郑海 is a paired cadre (包联干部) of 幸福社区, grid 第四网格; 张伟 is its Party secretary; 林静怡 is 和平社区's secretary;
陈静 works in 党群工作部. All from the demo roster.
"""

from __future__ import annotations

import io
from datetime import date, datetime, time

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from sandbox.client import Message
from storage.models import Grid, LogMonth, WorkLog
from tests.e2e.harness import E2E, new_menu

JPEG = bytes.fromhex(
    "ffd8ffe000104a46494600010100000100010000ffd9"
)  # a tiny JPEG header: the bot only stores it


def has(text: str):  # type: ignore[no-untyped-def]
    return lambda m: text in (m.text or "")


async def fill_until_summary(e2e: E2E, name: str, photos: int) -> None:
    user = e2e.user(name)
    await user.send_command("log")
    await user.wait_message(has("填写网格工作纪实表"))
    await user.press("📅 今天")
    await user.wait_message(has("请选择工作的网格"))
    await user.press("⭐ 第四网格")
    await user.wait_message(has("哪些重点任务"))
    await user.press("▫️ 守门员")
    await user.wait_message(has("哪些重点任务"))
    await user.press("下一步 ➡️")
    await user.wait_message(has("走访了多少户"))
    await user.send_text("8")
    await user.wait_message(has("走访的地址"))
    await user.send_text("幸福小区5栋")
    await user.wait_message(has("请简要填写工作内容"))
    await user.send_text("检查楼道消防通道，清理堆放杂物")
    await user.wait_message(has("可以发送现场照片"))
    for number in range(photos):
        await user.send_photo(JPEG)
        await user.wait_message(has(f"已收到 {number + 1} / 9 张照片"))
    await user.press("✅ 完成")
    await user.wait_message(has("发现问题了吗"))
    await user.press("👌 无")
    await user.wait_message(has("请核对纪实表"))


@pytest.mark.every_mode  # also on two instances behind one address (tests/e2e/deployments.py)
async def test_log_with_photos_is_returned_corrected_and_approved(e2e: E2E) -> None:
    for name in ("张伟", "郑海", "林静怡"):
        await e2e.onboard(name)
    cadre, secretary, stranger = e2e.user("郑海"), e2e.user("张伟"), e2e.user("林静怡")

    await fill_until_summary(e2e, "郑海", photos=2)
    await cadre.press("📤 提交")
    await cadre.wait_message(has("已提交，等待社区书记签署"))
    request = await secretary.wait_message(has("新的纪实表待您签署"))
    assert "郑海（包联干部）" in (request.text or "") and "照片：2 张" in (request.text or "")
    async with e2e.db.session() as s:
        log = (await s.execute(select(WorkLog))).scalar_one()
        assert [p.local_path is not None for p in log.photos] == [True, True]  # downloaded from the emulator

    # Someone else's secretary presses the same button (forged into their chat): refused, nothing changes.
    approve = request.inline_keyboard[0][0]["callback_data"]
    mine = await stranger.last_message()
    assert mine is not None
    e2e.add_button(stranger, mine.message_id, "✅ 同意", approve)
    await stranger.press("✅ 同意", message_id=mine.message_id)
    assert "只有幸福社区的社区党委书记" in ((await stranger.callback_answer()).text or "")

    await secretary.press("↩️ 退回", message_id=request.message_id)
    await secretary.wait_message(has("请输入退回原因"))
    await secretary.send_text("请写明清理的杂物和通道位置")
    await secretary.wait_message(has("已退回纪实表 #1"))
    returned = await cadre.wait_message(has("您的纪实表被退回"))
    assert "请写明清理的杂物和通道位置" in (returned.text or "")

    await cadre.press("✏️ 修改并重新提交", message_id=returned.message_id)
    await cadre.wait_message(has("被退回的纪实表"))
    await cadre.press("✏️ 内容")
    await cadre.wait_message(has("请简要填写工作内容"))
    await cadre.send_text("清理5栋1单元楼道堆放的纸箱和旧家具，消防通道已畅通")
    await cadre.wait_message(has("纸箱和旧家具"))
    await cadre.press("📤 提交")
    await cadre.wait_message(has("已提交"))

    second = await secretary.wait_message(
        lambda m: "新的纪实表待您签署" in (m.text or "") and "纸箱" in (m.text or "")
    )
    await secretary.press("✅ 同意", message_id=second.message_id)
    await secretary.wait_message(has("请输入签署意见"))
    await secretary.send_text("整改到位，同意。")
    await secretary.wait_message(has("已签署同意纪实表 #1"))
    told = await cadre.wait_message(has("您的纪实表已签署同意"))
    assert "整改到位，同意。" in (told.text or "") and "张伟" in (told.text or "")

    # The first request's button, pressed after the signature: told, and nothing changes.
    e2e.add_button(secretary, request.message_id, "旧按钮", approve)
    await secretary.press("旧按钮", message_id=request.message_id)
    assert "签署后不能更改" in ((await secretary.callback_answer()).text or "")
    async with e2e.db.session() as s:
        log = (await s.execute(select(WorkLog))).scalar_one()
    assert (log.status, log.version, log.opinion) == ("approved", 2, "整改到位，同意。")


async def test_restart_in_the_middle_of_a_log_and_resume(e2e: E2E) -> None:
    await e2e.onboard("郑海")
    cadre = e2e.user("郑海")
    await cadre.send_command("log")
    await cadre.wait_message(has("填写网格工作纪实表"))
    await cadre.press("📅 今天")
    await cadre.wait_message(has("请选择工作的网格"))
    await cadre.press("⭐ 第四网格")
    await cadre.wait_message(has("哪些重点任务"))
    await cadre.press("▫️ 帮办员")
    await cadre.wait_message(has("哪些重点任务"))
    await cadre.press("下一步 ➡️")
    await cadre.wait_message(has("走访了多少户"))
    await cadre.send_text("3")
    await cadre.wait_message(has("走访的地址"))

    await e2e.bot.restart()

    await cadre.send_text("光明路8号")  # the step after the restart takes it
    await cadre.wait_message(has("请简要填写工作内容"))
    await cadre.send_command("menu")
    await cadre.wait_message(new_menu)
    await cadre.send_command("log")
    resume = await cadre.wait_message(has("您有一份未填完的纪实表"))
    assert "光明路8号" in (resume.text or "") and "帮办员" in (resume.text or "")
    await cadre.press("▶️ 继续填写")
    await cadre.wait_message(has("请简要填写工作内容"))
    await cadre.send_text("帮助独居老人申请居家养老服务")
    await cadre.wait_message(has("可以发送现场照片"))
    await cadre.send_document(b"not a photo", filename="现场.jpg")
    await cadre.wait_message(has("请以“照片”方式发送"))
    await cadre.wait_message(has("可以发送现场照片"))  # the step again, below the hint
    await cadre.press("✅ 完成")
    await cadre.wait_message(has("发现问题了吗"))
    await cadre.press("👌 无")
    await cadre.wait_message(has("请核对纪实表"))
    await cadre.press("📤 提交")
    await cadre.wait_message(has("已提交"))
    async with e2e.db.session() as s:
        log = (await s.execute(select(WorkLog))).scalar_one()
    assert (log.addresses, log.content, log.categories) == (
        "光明路8号",
        "帮助独居老人申请居家养老服务",
        ["helper"],
    )


@pytest.mark.every_mode  # also on two instances behind one address (tests/e2e/deployments.py)
async def test_month_submission_sends_a_workbook_matching_the_logs(e2e: E2E) -> None:
    for name in ("张伟", "陈静"):
        await e2e.onboard(name)
    cadre_id = (await e2e.person("郑海")).id
    secretary_id = (await e2e.person("张伟")).id
    now, today = e2e.now(), e2e.today()
    month = date(today.year, today.month, 1)
    previous = date(month.year - (month.month == 1), (month.month - 2) % 12 + 1, 1)
    async with e2e.db.session() as s:
        grid = (await s.execute(select(Grid).where(Grid.name == "第四网格"))).scalars().first()
        assert grid is not None
        for day, households in ((2, 5), (9, 12), (20, 0)):
            s.add(
                WorkLog(
                    person_id=cadre_id,
                    community_id=grid.community_id,
                    grid_id=grid.id,
                    work_date=previous.replace(day=day),
                    deployment="paired_cadre",
                    categories=["publicist", "servant"],
                    households=households,
                    content=f"{day}日 宣传防诈骗知识",
                    status="approved",
                    version=1,
                    opinion="同意",
                    signed_by=secretary_id,
                    signed_at=now,
                    created_at=now,
                    submitted_at=now,
                )
            )
    secretary, party = e2e.user("张伟"), e2e.user("陈静")
    await secretary.send_command("menu")
    await secretary.wait_message(new_menu)
    await secretary.press("📤 纪实表月报")
    label = f"{previous.year}年{previous.month}月"
    await secretary.wait_message(has("请选择要报送的月份"))
    await secretary.press(label)
    await secretary.wait_message(has("共 3 份：已同意 3 份"))
    await secretary.press("📤 确认报送党群工作部")
    await secretary.wait_message(has("已报送 3 份纪实表至党群工作部"))

    document: Message = await party.wait_message(lambda m: m.document is not None, timeout=20)
    assert document.document is not None
    assert document.document["file_name"] == f"纪实表-幸福社区-{previous.year}年{previous.month}月.xlsx"
    assert "幸福社区" in (document.text or "")
    book = load_workbook(io.BytesIO(await e2e.sandbox.download(document.document["url"])), read_only=True)
    rows = list(book["纪实表"].iter_rows(values_only=True))[2:]
    async with e2e.db.session() as s:
        logs = list((await s.execute(select(WorkLog).order_by(WorkLog.work_date))).scalars())
        submission = (await s.execute(select(LogMonth))).scalar_one()
    assert [(r[1], r[3], r[5], r[6], r[8], r[11]) for r in rows] == [
        (
            datetime.combine(log.work_date, time()),
            "郑海",
            "宣传员、勤务员",
            log.households,
            log.content,
            "同意",
        )
        for log in logs
    ]
    assert submission.status == "submitted" and submission.log_count == 3
    copy = await secretary.wait_message(
        lambda m: m.document is not None, timeout=20
    )  # the secretary's own copy
    assert copy.document is not None and copy.document["file_name"] == document.document["file_name"]
