"""The grid work log 纪实表 through the dispatcher: filling in, drafts, the secretary's signature, refusals."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import delete, func, select

from domain.roles import Role
from storage.db import Database
from storage.models import Grid, OutboxMessage, PersonGrid, WorkLog, WorkLogDraft, WorkLogEvent, WorkLogPhoto
from tests.factories import NOW, add_person

SECRETARY, CADRE, OTHER_SECRETARY, PARTY_MASS, WORKER = 201, 202, 203, 204, 205
TODAY = date(2026, 11, 27)  # NOW in Asia/Shanghai


async def add_grid(db: Database, community_grid: str, name: str, person_id: int | None = None) -> int:
    async with db.session() as s:
        first = (await s.execute(select(Grid).where(Grid.name == community_grid))).scalar_one()
        grid = Grid(community_id=first.community_id, name=name, households=200)
        s.add(grid)
        await s.flush()
        if person_id is not None:
            s.add(PersonGrid(person_id=person_id, grid_id=grid.id))
        return grid.id


async def world(db: Database) -> dict[str, int]:
    ids = {
        "secretary": await add_person(
            db, "张伟", "13820020001", [(Role.SECRETARY, "幸福社区")], telegram_id=SECRETARY
        ),
        "cadre": await add_person(
            db,
            "郑海",
            "13820020005",
            [(Role.PAIRED_CADRE, "幸福社区")],
            telegram_id=CADRE,
            department="城市管理办公室",
        ),
        "other": await add_person(
            db, "林静怡", "15030030001", [(Role.SECRETARY, "和平社区")], telegram_id=OTHER_SECRETARY
        ),
        "party": await add_person(
            db,
            "陈静",
            "13910010004",
            [(Role.DEPARTMENT_STAFF, None)],
            telegram_id=PARTY_MASS,
            department="党群工作部",
        ),
        "worker": await add_person(
            db, "李娜", "13820020002", [(Role.GRID_WORKER, "幸福社区")], telegram_id=WORKER
        ),
    }
    ids["own_grid"] = await add_grid(db, "幸福社区第一网格", "第四网格", ids["cadre"])
    ids["other_grid"] = await _scalar(db, select(Grid.id).where(Grid.name == "和平社区第一网格"))
    return ids


async def _actor(db: Database, telegram_id: int):  # type: ignore[no-untyped-def]
    from services.people import load_actor

    return await load_actor(db, telegram_id, "zh-CN")


async def _scalar(db: Database, stmt):  # type: ignore[no-untyped-def]
    async with db.session() as s:
        return (await s.execute(stmt)).scalar()


async def logs(db: Database) -> list[WorkLog]:
    async with db.session() as s:
        return list((await s.execute(select(WorkLog).order_by(WorkLog.id))).scalars())


async def fill_log(user, *, photos: int = 2, content: str = "走访独居老人，排查燃气安全隐患") -> None:  # type: ignore[no-untyped-def]
    await user.send("/log")
    assert "填写网格工作纪实表" in user.last().text
    await user.press("📅 今天")
    assert "请选择工作的网格" in user.last().text
    await user.press("⭐ 第四网格")
    await user.press("▫️ 守门员")
    await user.press("▫️ 施工员")
    await user.press("下一步 ➡️")
    assert "走访了多少户" in user.last().text
    await user.send("12")
    await user.send("幸福小区3栋")
    await user.send(content)
    assert "可以发送现场照片" in user.last().text
    for number in range(photos):
        await user.send_photo(f"p{number}")
    await user.press("✅ 完成")
    await user.press("👌 无")
    assert "请核对纪实表" in user.last().text


async def test_paired_cadre_logs_work_and_secretary_approves_with_opinion(harness, db):
    ids = await world(db)
    cadre, secretary = harness.user(CADRE), harness.user(SECRETARY)
    await fill_log(cadre)
    summary = cadre.last().text
    for part in (
        "日期：2026-11-27",
        "幸福社区 · 第四网格",
        "守门员、施工员",
        "走访：12 户",
        "照片：2 张",
        "发现问题：无",
    ):
        assert part in summary, part
    await cadre.press("📤 提交")
    # /log was opened over the main menu (a slash command starts fresh): once submitted, the menu comes back.
    assert "纪实表 #1 已提交，等待社区书记签署" in cadre.messages()[-2].text
    assert "主菜单" in cadre.last().text

    [log] = await logs(db)
    assert (log.person_id, log.grid_id, log.work_date, log.deployment) == (
        ids["cadre"],
        ids["own_grid"],
        TODAY,
        "paired_cadre",
    )
    assert log.categories == ["gatekeeper", "fixer"] and log.households == 12 and log.status == "submitted"
    assert log.addresses == "幸福小区3栋"
    async with db.session() as s:
        photos = list((await s.execute(select(WorkLogPhoto).order_by(WorkLogPhoto.position))).scalars())
        assert await s.get(WorkLogDraft, ids["cadre"]) is None  # the draft is gone once submitted
    assert [p.file_id for p in photos] == ["p0", "p1"]
    assert all(p.local_path and Path(p.local_path).read_bytes().startswith(b"photo:") for p in photos)  # noqa: ASYNC240

    assert await harness.deliver() == 1
    request = secretary.last()
    assert "新的纪实表待您签署" in request.text and "郑海（包联干部）" in request.text
    assert request.buttons() == ["✅ 同意", "↩️ 退回"]
    await secretary.press("✅ 同意", request)
    assert "请输入签署意见" in secretary.last().text
    await secretary.press("📷 查看照片（2 张）")
    [(_, album)] = [(name, args) for name, args in harness.telegram.calls if name == "SendMediaGroup"]
    assert album["chat_id"] == SECRETARY and [m["media"] for m in album["media"]] == ["p0", "p1"]
    assert "请输入签署意见" in secretary.last().text  # the screen again, below the photos
    await secretary.send("工作扎实，同意。")
    assert "已签署同意纪实表 #1" in secretary.last().text
    assert secretary.telegram.messages[SECRETARY][request.message_id].inline == []  # buttons gone

    [log] = await logs(db)
    assert (log.status, log.opinion, log.signed_by, log.signed_at) == (
        "approved",
        "工作扎实，同意。",
        ids["secretary"],
        NOW,
    )
    assert await harness.deliver() == 1
    told = cadre.last().text
    assert "您的纪实表已签署同意" in told and "工作扎实，同意。" in told and "张伟" in told


async def test_return_with_reason_then_edit_resubmit_and_approve(harness, db):
    await world(db)
    cadre, secretary = harness.user(CADRE), harness.user(SECRETARY)
    await fill_log(cadre, photos=1)
    await cadre.press("📤 提交")
    await harness.deliver()
    first_request = secretary.last()
    old_approve = first_request.inline[0][0][1]
    await secretary.press("↩️ 退回", first_request)
    await secretary.send("   ")
    assert "退回必须填写原因" in secretary.messages()[-2].text
    await secretary.send("请补充走访对象的具体情况")
    assert "已退回纪实表 #1" in secretary.last().text
    await harness.deliver()
    returned = cadre.last()
    assert "您的纪实表被退回" in returned.text and "请补充走访对象的具体情况" in returned.text
    await cadre.press("✏️ 修改并重新提交", returned)
    assert "被退回的纪实表" in cadre.last().text
    assert "退回原因：请补充走访对象的具体情况" in cadre.last().text  # the reason stays in view while editing
    await cadre.press("✏️ 内容")
    await cadre.send("走访独居老人王某某，检查燃气灶具和报警器，已提醒定期检查")
    assert "请核对纪实表" in cadre.last().text and "报警器" in cadre.last().text
    await cadre.press("📤 提交")
    [log] = await logs(db)
    assert (log.status, log.version) == ("submitted", 2) and "报警器" in log.content
    await harness.deliver()
    # The first request's button is outdated now; the new one signs.
    callback = await secretary.press_data(old_approve, first_request)
    assert "已被修改并重新提交，请使用最新的那条消息签署" in secretary.answer(callback)["text"]
    await secretary.press("✅ 同意")
    await secretary.press("✅ 同意（不填意见）")
    [log] = await logs(db)
    assert log.status == "approved" and log.opinion is None
    async with db.session() as s:
        actions = list((await s.execute(select(WorkLogEvent.action).order_by(WorkLogEvent.id))).scalars())
    assert actions == ["submitted", "returned", "resubmitted", "approved"]


async def test_wrong_person_and_old_button_change_nothing(harness, db):
    await world(db)
    cadre, secretary, other = harness.user(CADRE), harness.user(SECRETARY), harness.user(OTHER_SECRETARY)
    await fill_log(cadre, photos=0)
    await cadre.press("📤 提交")
    await harness.deliver()
    request = secretary.last()
    approve_data = request.inline[0][0][1]
    # Another community's secretary presses (a forwarded or forged button): refused, nothing changes.
    callback = await other.press_data(approve_data, request)
    assert "只有幸福社区的社区党委书记" in other.answer(callback)["text"]
    [log] = await logs(db)
    assert log.status == "submitted"
    # The author cannot sign their own log either.
    callback = await cadre.press_data(approve_data, request)
    assert "只有幸福社区的社区党委书记" in cadre.answer(callback)["text"]
    await secretary.press("✅ 同意", request)
    await secretary.press("✅ 同意（不填意见）")
    # The same old button again after signing: told who signed, nothing changes.
    callback = await secretary.press_data(approve_data, request)
    assert "已由张伟于 2026-11-27 10:00 签署" in secretary.answer(callback)["text"]
    callback = await secretary.press_data(approve_data.replace(":a:", ":r:"), request)
    assert "签署后不能更改" in secretary.answer(callback)["text"]
    [log] = await logs(db)
    assert log.status == "approved"
    async with db.session() as s:
        assert (await s.execute(select(func.count(WorkLogEvent.id)))).scalar_one() == 2


async def test_bad_input_is_explained_and_changes_nothing(harness, db, clock):
    ids = await world(db)
    cadre = harness.user(CADRE)
    await cadre.send("/log")
    await cadre.send("2026-12-01")
    assert "不能填写未来的日期" in cadre.messages()[-2].text
    await cadre.send("2026-11-01")
    assert "只能补填最近 7 天内" in cadre.messages()[-2].text
    await cadre.send("某天")
    assert "没看懂这个日期" in cadre.messages()[-2].text
    await cadre.send("昨天")
    assert "请选择工作的网格" in cadre.last().text
    # A forged grid button for a grid of another community.
    grid_button = next(data for row in cadre.last().inline for text, data in row if text == "⭐ 第四网格")
    callback = await cadre.press_data(grid_button.rsplit(":", 1)[0] + f":{ids['other_grid']}")
    assert "不在您所在的社区" in cadre.answer(callback)["text"]
    assert "请选择工作的网格" in cadre.last().text
    await cadre.press("显示本社区其他网格")
    assert "幸福社区第一网格" in cadre.last().buttons()
    await cadre.press("⭐ 第四网格")
    callback = await cadre.press("下一步 ➡️")
    assert "请至少选择一项任务" in cadre.answer(callback)["text"]
    await cadre.press("▫️ 宣传员")
    await cadre.press("下一步 ➡️")
    await cadre.send("十二")
    assert "请输入 0 到 999 之间的整数" in cadre.messages()[-2].text
    await cadre.send("0")  # no households: no addresses step
    # The limits themselves, not a placeholder (issue 15: "（min–max 字）" was shown).
    assert cadre.last().text == "✍️ 请简要填写工作内容（5–1000 字）。"
    await cadre.send_photo("early")
    assert "这一步需要输入文字" in cadre.messages()[-2].text
    await cadre.send("好" * 1001)
    assert "内容太长了（1001 字，最多 1000 字）" in cadre.messages()[-2].text
    assert cadre.last().text == "✍️ 请简要填写工作内容（5–1000 字）。"
    await cadre.send("好")
    assert "至少 5 个字" in cadre.messages()[-2].text
    assert cadre.last().text == "✍️ 请简要填写工作内容（5–1000 字）。"
    await cadre.send("宣传垃圾分类政策")
    await cadre.send_document("现场.jpg")
    assert "请以“照片”方式发送" in cadre.messages()[-2].text
    for number in range(10):
        await cadre.send_photo(f"q{number}")
    assert "最多只能添加 9 张照片" in cadre.messages()[-2].text
    assert "已收到 9 / 9 张照片" in cadre.last().text
    await cadre.press("✅ 完成")
    await cadre.press("👌 无")
    assert "照片：9 张" in cadre.last().text and "日期：2026-11-26" in cadre.last().text
    assert await logs(db) == []  # nothing is stored until submitted
    await cadre.press("📤 提交")
    [log] = await logs(db)
    assert log.households == 0 and log.addresses is None and log.work_date == date(2026, 11, 26)


async def test_half_filled_log_survives_restart_and_can_be_resumed_or_discarded(harness, db):
    await world(db)
    cadre = harness.user(CADRE)
    await cadre.send("/log")
    await cadre.press("📅 今天")
    await cadre.press("⭐ 第四网格")
    await cadre.press("▫️ 帮办员")
    await cadre.press("下一步 ➡️")
    await cadre.send("5")
    await harness.restart()
    cadre = harness.user(CADRE)
    # The dialog itself survived the restart: the next step takes the addresses.
    await cadre.send("和平路12号")
    assert "请简要填写工作内容" in cadre.last().text
    # Leaving through /menu keeps the draft; /log offers it back.
    await cadre.send("/menu")
    await cadre.send("/log")
    assert "您有一份未填完的纪实表" in cadre.last().text and "和平路12号" in cadre.last().text
    await cadre.press("▶️ 继续填写")
    assert "请简要填写工作内容" in cadre.last().text
    await cadre.send("帮助居民办理医保")
    await cadre.send("/menu")
    await cadre.send("/log")
    await cadre.press("🗑 丢弃")
    assert "填写网格工作纪实表" in cadre.last().text
    async with db.session() as s:
        draft = (await s.execute(select(WorkLogDraft))).scalar()
    assert draft is None or "content" not in draft.data


async def test_pending_pages_and_approve_all_shown(harness, db, clock):
    ids = await world(db)
    async with db.session() as s:
        for number in range(7):
            s.add(
                WorkLog(
                    person_id=ids["worker"],
                    community_id=1,
                    grid_id=1,
                    work_date=TODAY - timedelta(days=number % 3),
                    deployment="grid_worker",
                    categories=["servant"],
                    households=number,
                    content=f"日常巡查 {number}",
                    status="submitted",
                    version=1,
                    created_at=NOW,
                    submitted_at=NOW + timedelta(minutes=number),
                )
            )
    secretary = harness.user(SECRETARY)
    await secretary.send("/pending")
    page = secretary.last()
    assert "待我签批的纪实表</b>（共 7 份，第 1/2 页）" in page.text
    await secretary.press("✅ 本页全部同意")
    assert "确认同意本页以下 5 份纪实表吗" in secretary.last().text
    await secretary.press("✅ 确认")
    assert sorted(log.status for log in await logs(db)) == ["approved"] * 5 + ["submitted"] * 2
    assert "共 2 份，第 1/1 页" in secretary.last().text
    await secretary.press("#6 李娜 11-25")
    assert "日常巡查 5" in secretary.last().text
    await secretary.press("↩️ 退回")
    await secretary.send("内容过于简单")
    assert [log.status for log in await logs(db)][5] == "returned"
    # A leader has nothing to sign in the grid work log; the screen says so.
    other = harness.user(OTHER_SECRETARY)
    await other.send("/pending")
    assert "目前没有等待您签署的纪实表" in other.last().text
    async with db.session() as s:
        told = (
            await s.execute(select(func.count(OutboxMessage.id)).where(OutboxMessage.chat_id == WORKER))
        ).scalar_one()
    assert told == 6  # five approvals and one return


@pytest.mark.parametrize("role", [Role.WINDOW_STAFF, Role.ENFORCEMENT_MEMBER])
async def test_people_without_the_role_cannot_log(harness, db, role):
    await add_person(
        db,
        "某人",
        "13800000099",
        [(role, "幸福社区" if role is Role.WINDOW_STAFF else None)],
        telegram_id=299,
    )
    user = harness.user(299)
    await user.send("/log")
    assert "无权使用“📝 填写纪实表”" in user.last().text
    await user.send("/pending")
    assert "无权使用" in user.last().text
    assert await logs(db) == []


async def add_log(db: Database, person_id: int, grid_id: int, day: date, status: str, **extra) -> int:  # type: ignore[no-untyped-def]
    async with db.session() as s:
        grid = await s.get(Grid, grid_id)
        log = WorkLog(
            person_id=person_id,
            community_id=grid.community_id,  # type: ignore[union-attr]
            grid_id=grid_id,
            work_date=day,
            deployment=extra.pop("deployment", "paired_cadre"),
            categories=extra.pop("categories", ["helper"]),
            households=extra.pop("households", 3),
            content=extra.pop("content", f"{day} 走访"),
            status=status,
            version=1,
            created_at=NOW,
            submitted_at=NOW,
            **extra,
        )
        s.add(log)
        await s.flush()
        return log.id


async def test_month_submission_locks_the_month_and_sends_the_workbook(harness, db, clock):
    from datetime import UTC, datetime

    from openpyxl import load_workbook

    from storage.models import LogMonth

    ids = await world(db)
    for day in (3, 11, 28):
        await add_log(
            db,
            ids["cadre"],
            ids["own_grid"],
            date(2026, 11, day),
            "approved",
            opinion=f"同意{day}",
            signed_by=ids["secretary"],
            signed_at=NOW,
        )
    unsigned = await add_log(db, ids["cadre"], ids["own_grid"], date(2026, 11, 29), "submitted")
    await add_log(db, ids["cadre"], ids["own_grid"], date(2026, 12, 1), "submitted")  # another month
    clock.now = datetime(2026, 12, 3, 2, 0, tzinfo=UTC)
    secretary = harness.user(SECRETARY)

    # Not the secretary: refused.
    worker = harness.user(WORKER)
    await worker.send("/menu")
    assert "📤 纪实表月报" not in worker.last().buttons()

    await secretary.send("/menu")
    await secretary.press("📤 纪实表月报")
    assert secretary.last().buttons()[:3] == ["2026年11月", "2026年10月", "2026年9月"]
    await secretary.press("2026年11月")
    overview = secretary.last()
    assert "共 4 份：已同意 3 份，未签署 1 份" in overview.text and "报送期限：2026-12-07" in overview.text
    assert "📤 确认报送党群工作部" not in overview.buttons()  # an unsigned log is in the way
    await secretary.press("➖ 未签署的不列入（需说明原因）")
    await secretary.send("")  # an empty message body is not possible in Telegram; a blank one is
    await secretary.send("   ")
    assert "请填写原因" in secretary.messages()[-2].text
    await secretary.send("填写人已调离，无法核实")
    assert "已将 1 份未签署的纪实表标记为不列入月报" in secretary.messages()[-2].text
    await secretary.press("📤 确认报送党群工作部")
    assert "已报送 3 份纪实表至党群工作部" in secretary.messages()[-2].text
    assert "状态：✅ 已于 2026-12-03 10:00 报送" in secretary.last().text

    async with db.session() as s:
        month = (await s.execute(select(LogMonth))).scalar_one()
        excluded = await s.get(WorkLog, unsigned)
    assert (month.status, month.late, month.log_count, month.excluded_count) == ("submitted", False, 3, 1)
    assert excluded.status == "excluded" and excluded.excluded_reason == "填写人已调离，无法核实"  # type: ignore[union-attr]

    assert await harness.deliver() == 2
    documents = harness.telegram.documents
    assert sorted(d["chat_id"] for d in documents) == [SECRETARY, PARTY_MASS]
    assert "幸福社区 2026-11 网格工作纪实表" in documents[0]["caption"]
    book = load_workbook(month.workbook_path, read_only=True)
    rows = list(book["纪实表"].iter_rows(values_only=True))
    assert rows[0][0] == "幸福社区 网格工作纪实表（2026年11月）"
    assert rows[1][:4] == ("序号", "日期", "网格", "姓名")
    assert [(r[0], r[1], r[2], r[3], r[4], r[11], r[12]) for r in rows[2:]] == [
        (1, datetime(2026, 11, 3), "第四网格", "郑海", "包联干部", "同意3", "张伟"),  # real Excel dates
        (2, datetime(2026, 11, 11), "第四网格", "郑海", "包联干部", "同意11", "张伟"),
        (3, datetime(2026, 11, 28), "第四网格", "郑海", "包联干部", "同意28", "张伟"),
    ]

    # The month is locked: a late log for it is refused until the secretary reopens it.
    cadre = harness.user(CADRE)
    await cadre.send("/log")
    await cadre.send("11-30")
    assert "已报送党群工作部，该月已锁定" in cadre.messages()[-2].text
    await secretary.send("/menu")
    await secretary.press("📤 纪实表月报")
    await secretary.press("2026年11月")
    assert "已于 2026-12-03 10:00 报送" in secretary.last().text
    await secretary.press("🔓 重新开启该月")
    await secretary.send("补录11月30日的走访")
    assert "该月已重新开启" in secretary.messages()[-2].text
    async with db.session() as s:
        month = (await s.execute(select(LogMonth))).scalar_one()
    assert (month.status, month.reopen_reason, month.reopened_by) == (
        "reopened",
        "补录11月30日的走访",
        ids["secretary"],
    )
    await cadre.send("11-30")
    assert "请选择工作的网格" in cadre.last().text


async def test_month_submitted_after_the_deadline_is_late(harness, db, clock):
    from datetime import UTC, datetime

    from storage.models import LogMonth

    ids = await world(db)
    await add_log(
        db,
        ids["cadre"],
        ids["own_grid"],
        date(2026, 10, 20),
        "approved",
        signed_by=ids["secretary"],
        signed_at=NOW,
    )
    clock.now = datetime(2026, 11, 6, 2, 0, tzinfo=UTC)
    secretary = harness.user(SECRETARY)
    await secretary.send("/menu")
    await secretary.press("📤 纪实表月报")
    await secretary.press("2026年10月")
    assert "已超过期限" in secretary.last().text
    await secretary.press("📤 确认报送党群工作部")
    assert "逾期报送" in secretary.messages()[-2].text
    async with db.session() as s:
        assert (await s.execute(select(LogMonth.late))).scalar_one() is True
    # The other community's secretary cannot submit or reopen 幸福社区's month.
    from services import worklog as service

    result = await service.reopen_month(db, ids["other"], 1, date(2026, 10, 1), "试试", now=clock.now)
    assert result.outcome is service.MonthOutcome.NOT_ALLOWED


async def test_two_signers_at_once_one_wins(any_db):
    """The secretary and a delegate press at the same moment: one signature, the other is told; on both databases."""
    import asyncio

    from services import worklog as service
    from storage.models import SignDelegate

    db = any_db
    ids = await world(db)
    async with db.session() as s:
        s.add(SignDelegate(community_id=1, person_id=ids["worker"], created_at=NOW))
    log_id = await add_log(db, ids["cadre"], ids["own_grid"], TODAY, "submitted")
    results = await asyncio.gather(
        service.sign(
            db, ids["secretary"], log_id, 1, service.Decision.APPROVE, "同意", now=NOW, default_locale="zh-CN"
        ),
        service.sign(
            db, ids["worker"], log_id, 1, service.Decision.RETURN, "补充", now=NOW, default_locale="zh-CN"
        ),
    )
    outcomes = sorted(r.outcome.value for r in results)
    assert outcomes in (["already-signed", "approved"], ["already-returned", "returned"])
    async with db.session() as s:
        events = (await s.execute(select(func.count(WorkLogEvent.id)))).scalar_one()
        told = (
            await s.execute(select(func.count(OutboxMessage.id)).where(OutboxMessage.chat_id == CADRE))
        ).scalar_one()
    assert events == 1 and told == 1


async def test_problem_found_is_reported_through_the_problem_flow_and_linked_to_the_log(harness, db):
    from storage.models import Problem

    ids = await world(db)
    cadre = harness.user(CADRE)
    await cadre.send("/log")
    await cadre.send("昨天")
    await cadre.press("⭐ 第四网格")
    await cadre.press("▫️ 施工员")
    await cadre.press("下一步 ➡️")
    await cadre.send("2")
    await cadre.press("跳过")
    await cadre.send("调解邻里纠纷，现场协调")
    await cadre.press("✅ 完成")
    await cadre.send("楼道灯坏了")  # typed instead of reported: pointed to the button, nothing kept
    assert "请点“⚠️ 上报问题”登记发现的问题" in cadre.messages()[-2].text
    await cadre.press("⚠️ 上报问题")
    await cadre.press("问题")
    assert "请选择类别" in cadre.last().text  # the grid came from the log
    await cadre.press("矛盾纠纷")
    await cadre.send("邻里噪音纠纷，需社区持续跟进")
    await cadre.send("幸福小区3栋2单元")
    await cadre.press("✅ 完成")
    await cadre.press("🙋 本人发现")
    await cadre.press("一般")
    await cadre.press("✅ 提交")
    async with db.session() as s:
        problem = (await s.execute(select(Problem))).scalar_one()
    assert (problem.grid_id, problem.observed_on) == (ids["own_grid"], date(2026, 11, 26))
    problems_step = cadre.last_with_buttons()
    assert f"已上报：#{problem.id}" in problems_step.text and "✅ 没有其他问题" in problems_step.buttons()
    await cadre.press("✅ 没有其他问题")
    assert f"发现问题：#{problem.id}" in cadre.last().text
    await cadre.press("📤 提交")
    [log] = await logs(db)
    async with db.session() as s:
        assert (await s.get(Problem, problem.id)).log_id == log.id  # type: ignore[union-attr]
    await harness.deliver()
    request = [m for m in harness.user(SECRETARY).messages() if "新的纪实表待您签署" in m.text][-1]
    assert f"发现问题：已上报 #{problem.id} 邻里噪音纠纷，需社区持续跟进" in request.text
    # /pending also leads to the problem items waiting for the secretary (accepting the reported one).
    secretary = harness.user(SECRETARY)
    await secretary.send("/pending")
    from bot.config import Settings
    from services.problems import ProblemConfig, pending_items

    waiting = await pending_items(
        db, await _actor(db, SECRETARY), NOW, ProblemConfig.from_settings(Settings(_env_file=None))
    )
    problems = [item for item in waiting if item.kind == "problem"]
    registers = [item for item in waiting if item.kind != "problem"]
    assert problems and registers  # the reported item, and October's 交办登记表 to submit
    # A register is not counted as a problem; it has its own line (issue 15).
    assert f"📂 另有 {len(problems)} 项问题待您办理。" in secretary.last().text
    assert f"📋 另有 {len(registers)} 份交办登记表待您签署或报送。" in secretary.last().text
    await secretary.press(f"📂 问题办理（{len(waiting)}）")
    assert f"#{problem.id}" in secretary.last().text + " ".join(secretary.last().buttons())


async def test_forged_calendar_press_for_a_future_or_too_old_day_is_refused(harness, db):
    """The calendar only shows the allowed days; a crafted press for another day is answered and changes nothing."""
    from aiogram_dialog.widgets.kbd.calendar_kbd import raw_from_date

    await world(db)
    cadre = harness.user(CADRE)
    await cadre.send("/log")
    screen = cadre.last()
    today_data = next(data for row in screen.inline for text, data in row if text == "[27]")
    prefix = today_data[: -len(str(raw_from_date(TODAY)))]
    for day, reply in (
        (date(2026, 11, 28), "不能填写未来的日期"),
        (date(2026, 11, 1), "只能补填最近 7 天内"),
    ):
        callback = await cadre.press_data(prefix + str(raw_from_date(day)), screen)
        assert reply in cadre.answer(callback)["text"]
        assert "填写网格工作纪实表" in cadre.last().text  # still the date step
    async with db.session() as s:
        draft = (await s.execute(select(WorkLogDraft))).scalar()
    assert draft is None or draft.data.get("date") != "2026-11-28"
    await cadre.press_data(today_data, screen)
    assert "请选择工作的网格" in cadre.last().text


async def test_the_notice_keeps_its_buttons_until_the_decision_is_stored(harness, db):
    """✅ 同意 on the notice opens the opinion step below it; the notice keeps its buttons, so when the bot stops before
    the step's state was written the log can still be signed from the notice; pressed again, the step is replaced,
    not stacked. Once signed, the notice shows the result without buttons."""
    from storage.models import FsmRecord

    await world(db)
    cadre, secretary = harness.user(CADRE), harness.user(SECRETARY)
    await fill_log(cadre)
    await cadre.press("📤 提交")
    assert await harness.deliver() == 1
    request = secretary.last()

    def notice_buttons() -> list[str]:
        return secretary.telegram.messages[SECRETARY][request.message_id].buttons()

    await secretary.press("✅ 同意", request)
    assert "请输入签署意见" in secretary.last().text
    assert notice_buttons() == ["✅ 同意", "↩️ 退回"]

    await harness.restart()
    async with harness.restarted[-1].session() as s:  # the opinion step's state never reached the database
        await s.execute(delete(FsmRecord).where(FsmRecord.key.contains(f":{SECRETARY}:")))
    await secretary.press("✅ 同意", request)
    assert "请输入签署意见" in secretary.last().text
    await secretary.press("↩️ 退回", request)  # changed their mind: the reason step replaces the opinion step
    assert "请输入退回原因" in secretary.last().text
    await secretary.press("✅ 同意", request)
    await secretary.send("同意。")
    assert "已签署同意纪实表 #1" in secretary.last().text
    assert notice_buttons() == []
    [log] = await logs(db)
    assert (log.status, log.opinion) == ("approved", "同意。")
    await secretary.send("/menu")  # one dialog was open, not three: the menu comes straight back
    assert "主菜单" in secretary.last().text


async def test_a_month_without_logs_is_submitted_only_after_a_confirmation(harness, db, clock):
    """确认报送 of a month with no approved log asks first (issue 15): an empty workbook would go to 党群工作部."""
    from datetime import UTC, datetime

    from storage.models import LogMonth

    await world(db)
    clock.now = datetime(2026, 12, 3, 2, 0, tzinfo=UTC)
    secretary = harness.user(SECRETARY)
    await secretary.send("/menu")
    await secretary.press("📤 纪实表月报")
    await secretary.press("2026年11月")
    assert "共 0 份" in secretary.last().text
    await secretary.press("📤 确认报送党群工作部")
    confirm = secretary.last()
    assert "幸福社区 2026年11月没有一份已同意的纪实表。确定要向党群工作部报送一份空的月报吗？" in confirm.text
    async with db.session() as s:
        assert (await s.execute(select(LogMonth))).scalar() is None  # nothing sent yet
    await secretary.press("⬅️ 返回")
    assert "共 0 份" in secretary.last().text
    await secretary.press("📤 确认报送党群工作部")
    await secretary.press("✅ 确定，报送空月报")
    assert "已报送 0 份纪实表至党群工作部" in secretary.messages()[-2].text
    assert "状态：✅ 已于 2026-12-03 10:00 报送" in secretary.last().text
    async with db.session() as s:
        month = (await s.execute(select(LogMonth))).scalar_one()
    assert (month.status, month.log_count) == ("submitted", 0)


async def test_the_typed_date_examples_are_days_that_may_be_logged(harness, db, clock):
    """The date step's examples come from today, inside the window (issue 15: a fixed "11-25" was out of it in March),
    and typing the example works."""
    from datetime import UTC, datetime

    await world(db)
    clock.now = datetime(2027, 3, 10, 2, 0, tzinfo=UTC)  # Wednesday 10 March 2027, 10:00 in Shanghai
    cadre = harness.user(CADRE)
    await cadre.send("/log")
    assert "也可以直接输入，如“03-08”或“昨天”。" in cadre.last().text
    await cadre.send("三月的某天")
    assert "或输入如“2027-03-08”“3月8日”“昨天”。" in cadre.messages()[-2].text
    await cadre.send("03-08")  # the example, typed: accepted, the flow goes on to the grid
    async with db.session() as s:
        draft = (await s.execute(select(WorkLogDraft))).scalar_one()
    assert draft.data["date"] == "2027-03-08"
