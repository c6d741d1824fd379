"""Problems and suggestions through the real dispatcher: the report dialog, the item dialog and its moves, the
notifications (sent through the outbox, with buttons), bad input, permissions, and a half-filled report surviving
a restart."""

from __future__ import annotations

from datetime import timedelta
from io import BytesIO

import pytest
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import Document, Location, PhotoSize, Video
from sqlalchemy import func, select

from bot.sender import OutboxSender, RateLimiter
from domain.roles import Role
from storage.models import OutboxMessage, Problem, ProblemEvent
from tests.factories import add_person

WORKER, SECRETARY, PAIRED, OFFICE, PRINCIPAL, IN_CHARGE, ADMIN, OTHER_SEC, OTHER_WORKER, PARTY_DEPT = range(
    201, 211
)
RESIDENT_PHONE = "13912345678"
MASKED = "139****5678"


async def org(db) -> dict[str, int]:  # type: ignore[no-untyped-def]
    ids = {}
    ids["worker"] = await add_person(
        db, "李娜", "13820020002", [(Role.GRID_WORKER, "幸福社区")], telegram_id=WORKER
    )
    ids["secretary"] = await add_person(
        db, "张伟", "13820020001", [(Role.SECRETARY, "幸福社区")], telegram_id=SECRETARY
    )
    ids["paired"] = await add_person(
        db,
        "郑海",
        "13820020005",
        [(Role.PAIRED_CADRE, "幸福社区")],
        telegram_id=PAIRED,
        department="城市管理办公室",
    )
    ids["office"] = await add_person(
        db, "刘洋", "13910010005", [(Role.DEPARTMENT_STAFF, None)], telegram_id=OFFICE, department="党政办"
    )
    ids["principal"] = await add_person(
        db, "王建国", "13910010001", [(Role.PRINCIPAL_LEADER, None)], telegram_id=PRINCIPAL
    )
    ids["in_charge"] = await add_person(
        db, "李明华", "13910010002", [(Role.LEADER_IN_CHARGE, "幸福社区")], telegram_id=IN_CHARGE
    )
    ids["admin"] = await add_person(db, "孙丽", "13910010006", [(Role.ADMIN, None)], telegram_id=ADMIN)
    ids["other_sec"] = await add_person(
        db, "林静怡", "15030030001", [(Role.SECRETARY, "和平社区")], telegram_id=OTHER_SEC
    )
    ids["other_worker"] = await add_person(
        db, "何涛", "15030030002", [(Role.GRID_WORKER, "和平社区")], telegram_id=OTHER_WORKER
    )
    ids["party_dept"] = await add_person(
        db,
        "陈静",
        "13910010004",
        [(Role.DEPARTMENT_STAFF, None)],
        telegram_id=PARTY_DEPT,
        department="党群工作部",
    )
    return ids


@pytest.fixture
async def people(db):  # type: ignore[no-untyped-def]
    return await org(db)


async def send_photo(user, file_id: str) -> None:  # type: ignore[no-untyped-def]
    size = PhotoSize(file_id=file_id, file_unique_id=f"u-{file_id}", width=800, height=600)
    await user._feed(message=user._message(photo=[size]))


async def send_location(user, latitude: float, longitude: float) -> None:  # type: ignore[no-untyped-def]
    await user._feed(message=user._message(location=Location(latitude=latitude, longitude=longitude)))


async def send_document(user) -> None:  # type: ignore[no-untyped-def]
    await user._feed(
        message=user._message(document=Document(file_id="doc", file_unique_id="doc", file_name="a.pdf"))
    )


async def send_video(user) -> None:  # type: ignore[no-untyped-def]
    video = Video(file_id="vid", file_unique_id="vid", width=640, height=480, duration=3)
    await user._feed(message=user._message(video=video))


async def deliver(harness) -> None:  # type: ignore[no-untyped-def]
    """What the outbox sender would send now, delivered to the fake Telegram."""
    sender = OutboxSender(harness.bot, harness.db, harness.clock, limiter=RateLimiter(1e6, 0.0))
    while await sender.drain_once():
        pass


async def report(user, *, description="楼道堆放杂物，存在消防隐患", urgent=False, photos=0, phone=True):  # type: ignore[no-untyped-def]
    await user.send("/report")
    await user.press("问题")
    await user.press("幸福社区 · 幸福社区第一网格")
    await user.press("安全隐患")
    await user.send(description)
    await send_location(user, 39.9087, 116.3975)
    for n in range(photos):
        await send_photo(user, f"photo-{n}")
    await user.press("✅ 完成")  # with or without photos
    if phone:
        await user.press("👥 代居民反映")
        await user.send("王大爷")
        await user.send(RESIDENT_PHONE)
    else:
        await user.press("🙋 本人发现")
    await user.press("🚨 特殊重大（即报即办）" if urgent else "一般")


async def problems(db) -> list[Problem]:  # type: ignore[no-untyped-def]
    async with db.session() as s:
        return list((await s.scalars(select(Problem).order_by(Problem.id))).all())


async def outbox_count(db) -> int:  # type: ignore[no-untyped-def]
    async with db.session() as s:
        return (await s.execute(select(func.count()).select_from(OutboxMessage))).scalar_one()


async def test_report_with_photo_and_location_is_stored_and_the_secretary_told(harness, db, people):
    worker = harness.user(WORKER)
    await report(worker, photos=2)
    confirm = worker.last()
    assert "请确认上报内容" in confirm.text and "照片 2 张" in confirm.text
    await worker.press("✅ 提交")
    [problem] = await problems(db)
    assert problem.status == "reported" and problem.owner_id == people["worker"]
    assert problem.photos == ["photo-0", "photo-1"] and problem.latitude == pytest.approx(39.9087)
    assert problem.resident_phone == RESIDENT_PHONE
    assert problem.due_date.isoformat() == "2026-12-02"  # 3 working days after Fri 27 Nov
    assert any(f"已上报，编号 #{problem.id}" in t for t in harness.telegram.texts(WORKER))
    await deliver(harness)
    notice = harness.telegram.chat(SECRETARY)[-1]
    assert "新的上报" in notice.text and RESIDENT_PHONE in notice.text  # the secretary sees it in full
    assert notice.buttons() == ["🔎 查看并办理"]


async def test_bad_input_gets_a_clear_reply_and_changes_nothing(harness, db, people):
    worker = harness.user(WORKER)
    await worker.send("/report")
    await worker.press("问题")
    await worker.press("幸福社区 · 幸福社区第一网格")
    await worker.press("安全隐患")
    await worker.send("   ")
    assert "描述不能为空" in worker.messages()[-2].text
    await send_photo(worker, "p")  # a photo instead of the description
    assert "描述不能为空" in worker.messages()[-2].text
    await worker.send("井盖缺失")
    await send_location(worker, 0.0, 0.0)
    assert "不在合理范围内" in worker.messages()[-2].text
    await worker.send("幸福路 12 号")
    for n in range(9):
        await send_photo(worker, f"p{n}")
    await send_photo(worker, "p9")
    assert "最多只能添加 9 张照片" in worker.messages()[-2].text
    await send_document(worker)
    assert "请以“照片”方式发送" in worker.messages()[-2].text
    await send_video(worker)
    assert "只接收照片" in worker.messages()[-2].text
    assert "已收到 9 / 9 张照片" in worker.last().text
    await worker.press("✅ 完成")
    await worker.press("👥 代居民反映")
    await worker.send("王大爷")
    await worker.send("12345")
    assert "不是有效的手机号" in worker.messages()[-2].text
    assert await problems(db) == []


async def test_half_filled_report_survives_a_restart(harness, db, people):
    worker = harness.user(WORKER)
    await worker.send("/report")
    await worker.press("意见建议")
    await worker.press("幸福社区 · 幸福社区第一网格")
    await worker.press("环境卫生")
    await worker.send("建议增设分类垃圾桶")
    await harness.restart()
    worker = harness.user(WORKER)
    await worker.send("幸福路 12 号")
    await worker.press("✅ 完成")
    await worker.press("🙋 本人发现")
    await worker.press("一般")
    await worker.press("✅ 提交")
    [problem] = await problems(db)
    assert (problem.kind, problem.category, problem.description, problem.address) == (
        "suggestion",
        "environment",
        "建议增设分类垃圾桶",
        "幸福路 12 号",
    )


async def open_notice(harness, user_id: int, needle: str):  # type: ignore[no-untyped-def]
    """Deliver the outbox, then press 🔎 查看并办理 on the latest notification containing `needle`."""
    await deliver(harness)
    notice = [m for m in harness.telegram.chat(user_id) if needle in m.text and m.inline][-1]
    user = harness.user(user_id)
    await user.press(notice.buttons()[0], notice)
    return user


def pick_date(user, day):  # type: ignore[no-untyped-def]
    """The callback data of `day` on the calendar of the latest screen (any month: the widget decodes the date)."""
    from aiogram_dialog.widgets.kbd.calendar_kbd import raw_from_date

    screen = user.last_with_buttons()
    for row in screen.inline:
        for _text, data in row:
            head, sep, tail = data.rpartition(":")
            if sep and tail.isdigit() and len(tail) >= 9:
                return f"{head}{sep}{raw_from_date(day)}"
    raise AssertionError(f"no calendar on {screen.text!r}: {screen.inline}")


async def test_community_resolves_and_reporter_confirms(harness, db, people):
    worker = harness.user(WORKER)
    await report(worker, photos=1)
    await worker.press("✅ 提交")
    [problem] = await problems(db)

    secretary = await open_notice(harness, SECRETARY, "新的上报")
    assert RESIDENT_PHONE in secretary.last().text
    await secretary.press("✅ 受理")
    assert "社区已受理" in secretary.last().text
    await secretary.press("🛠 办结")
    await secretary.send("已清理楼道杂物")
    assert "办结照片" in secretary.last().text
    await send_photo(secretary, "after-1")
    await secretary.press("✅ 提交")
    [problem] = await problems(db)
    assert (
        problem.status == "resolved"
        and problem.result == "已清理楼道杂物"
        and problem.result_photos == ["after-1"]
    )

    # The paired cadre heard about the acceptance (they could have claimed it): the resident's phone is masked.
    await deliver(harness)
    paired_notes = harness.telegram.texts(PAIRED)
    assert paired_notes and all(RESIDENT_PHONE not in t for t in paired_notes) and MASKED in paired_notes[-1]

    worker = await open_notice(harness, WORKER, "办结")
    await worker.press("📷 查看照片")
    [album] = [m for m in harness.telegram._methods if type(m).__name__ == "SendMediaGroup"]
    assert [p.media for p in album.media] == ["photo-0", "after-1"]  # the report's photo and the result's
    await worker.press("👍 确认已解决", worker.last_with_buttons())
    [problem] = await problems(db)
    assert problem.status == "closed"
    await worker.press("📜 办理记录")
    history = worker.last().text
    for step in ("上报", "受理", "办结", "确认已解决"):
        assert step in history
    async with db.session() as s:
        moves = (await s.scalars(select(ProblemEvent.move).order_by(ProblemEvent.id))).all()
    assert moves == ["report", "accept", "resolve", "confirm"]


async def test_escalation_ladder_with_not_fixed_reopening(harness, db, people):
    worker = harness.user(WORKER)
    await report(worker)
    await worker.press("✅ 提交")
    secretary = await open_notice(harness, SECRETARY, "新的上报")
    await secretary.press("✅ 受理")
    await secretary.press("⬆️ 上报街道")
    await secretary.send("涉及产权单位，社区无法协调，建议街道牵头")

    office = await open_notice(harness, OFFICE, "上报街道")
    assert MASKED in office.last().text and RESIDENT_PHONE not in office.last().text
    await office.press("🗂 登记")

    principal = await open_notice(harness, PRINCIPAL, "党政办")
    await principal.press("👤 交办包办领导")
    await principal.press("李明华")
    yesterday = harness.clock.now.date() - timedelta(days=1)
    await principal.press_data(pick_date(principal, yesterday))
    [problem] = await problems(db)
    assert problem.status == "registered"  # the past date was refused
    assert any("办理时限不能早于今天" in (a or {}).get("text", "") for a in harness.telegram.answers.values())
    due = harness.clock.now.date() + timedelta(days=10)
    await principal.press_data(pick_date(principal, due))
    [problem] = await problems(db)
    assert (
        problem.status == "assigned" and problem.leader_id == people["in_charge"] and problem.due_date == due
    )

    leader = await open_notice(harness, IN_CHARGE, "交办")
    assert RESIDENT_PHONE in leader.last().text  # the responsible leader sees the phone
    await leader.press("▶️ 开始办理")
    await leader.press("🛠 办结")
    await leader.send("已协调物业修复")
    await leader.press("✅ 提交")

    worker = await open_notice(harness, WORKER, "办结")
    await worker.press("👎 未解决")
    await worker.send("晚上仍然漏水")
    [problem] = await problems(db)
    assert problem.status == "in_progress" and problem.leader_id == people["in_charge"]

    leader = await open_notice(harness, IN_CHARGE, "未解决")
    await leader.press("🛠 办结")
    await leader.send("更换了管道")
    await leader.press("✅ 提交")
    worker = await open_notice(harness, WORKER, "更换了管道")
    await worker.press("👍 确认已解决")
    [problem] = await problems(db)
    assert problem.status == "closed" and problem.advice == "涉及产权单位，社区无法协调，建议街道牵头"


async def test_paired_cadre_claims_and_resolves(harness, db, people):
    worker = harness.user(WORKER)
    await report(worker)
    await worker.press("✅ 提交")
    secretary = await open_notice(harness, SECRETARY, "新的上报")
    await secretary.press("✅ 受理")
    paired = await open_notice(harness, PAIRED, "受理")
    await paired.press("🙋 认领承办")
    [problem] = await problems(db)
    assert problem.status == "claimed" and problem.owner_id == people["paired"] and problem.escalated
    assert RESIDENT_PHONE in paired.last().text  # now the owner: unmasked
    await paired.press("🛠 办结")
    await paired.send("联系城管清理")
    await paired.press("✅ 提交")
    [problem] = await problems(db)
    assert problem.status == "resolved"


async def test_forged_and_foreign_buttons_change_nothing(harness, db, people):
    worker = harness.user(WORKER)
    await report(worker)
    await worker.press("✅ 提交")
    [problem] = await problems(db)
    outsider = harness.user(OTHER_SEC)
    await outsider.send("/menu")
    callback = await outsider.press_data(f"pb:open:{problem.id}")
    assert "无权" in outsider.answer(callback)["text"]
    callback = await outsider.press_data("pb:open:9999")
    assert "没有找到" in outsider.answer(callback)["text"]
    callback = await outsider.press_data(f"pb:ack:{problem.id}")
    assert "无权" in outsider.answer(callback)["text"]
    # The reporter may see the item but not accept it: no such button, and a forged one is refused.
    await worker.send("/menu")
    await worker.press_data(f"pb:open:{problem.id}")
    assert "✅ 受理" not in worker.last().buttons()
    screen = worker.last_with_buttons()
    some = [d for row in screen.inline for _t, d in row if "\x1d" in d][0]
    forged = some.split("\x1d")[0] + "\x1dmoves\x1daccept.reported"
    await worker.press_data(forged)
    [after] = await problems(db)
    assert after.status == "reported"


class FakeLog(StatesGroup):
    """Stands in for issue 4's grid work log: a dialog that starts the report and receives its result."""

    main = State()


async def test_report_started_from_a_grid_log_preselects_grid_and_date_and_returns_the_id(
    harness, db, people
):
    from aiogram import Router
    from aiogram.filters import Command
    from aiogram_dialog import Dialog, DialogManager, Window
    from aiogram_dialog.widgets.kbd import Start
    from aiogram_dialog.widgets.text import Const

    from dialogs.states import ReportProblem
    from storage.models import Grid

    async with db.session() as s:
        grid_id = (await s.execute(select(Grid.id).where(Grid.name == "幸福社区第一网格"))).scalar_one()
    results: list[object] = []

    async def on_result(_start_data, result, _manager) -> None:  # type: ignore[no-untyped-def]
        results.append(result)

    start_data = {"grid_id": grid_id, "date": "2026-11-26", "log_id": 77}
    log = Dialog(
        Window(
            Const("纪实表"),
            Start(Const("上报问题"), id="report", state=ReportProblem.kind, data=start_data),
            state=FakeLog.main,
        ),
        on_process_result=on_result,
    )
    opener = Router(name="fake-log-command")

    async def open_log(_message, dialog_manager: DialogManager) -> None:  # type: ignore[no-untyped-def]
        await dialog_manager.start(FakeLog.main)

    opener.message.register(open_log, Command("fakelog"))
    for router in (log, opener):  # before the first update: aiogram-dialog collects dialogs lazily
        harness.dp.sub_routers.insert(0, router)
        router._parent_router = harness.dp

    worker = harness.user(WORKER)
    await worker.send("/fakelog")
    await worker.press("上报问题")
    await worker.press("问题")
    assert "请选择类别" in worker.last().text  # the grid step is skipped
    await worker.press("矛盾纠纷")
    await worker.send("邻里噪音纠纷")
    await worker.send("3 栋 2 单元")
    await worker.press("✅ 完成")
    await worker.press("🙋 本人发现")
    await worker.press("一般")
    # Found on the grid visit the log records: 网格走访, not to be changed.
    assert "来源：网格走访" in worker.last().text and "✏️ 来源" not in worker.last().buttons()
    await worker.press("✅ 提交")
    [problem] = await problems(db)
    assert (problem.grid_id, problem.observed_on.isoformat(), problem.log_id) == (grid_id, "2026-11-26", 77)
    assert problem.source == "grid_visit"
    assert results == [{"problem_id": problem.id}]
    assert worker.last().text == "纪实表"  # back in the log


async def test_duplicate_hint_links_instead_of_duplicating(harness, db, people):
    worker = harness.user(WORKER)
    await report(worker, phone=False)
    await worker.press("✅ 提交")
    [first] = await problems(db)
    await report(worker, description="楼道又堆满杂物", phone=False)
    confirm = worker.last()
    assert "近 7 天已有同类未办结事项" in confirm.text and f"#{first.id}" in confirm.text
    await worker.press(f"🔁 与 #{first.id} 相同")
    assert [p.id for p in await problems(db)] == [first.id]
    assert any(f"已记入 #{first.id}" in t for t in harness.telegram.texts(WORKER))
    async with db.session() as s:
        notes = (await s.scalars(select(ProblemEvent.note).where(ProblemEvent.move == "same"))).all()
    assert notes == ["楼道又堆满杂物"]


async def test_every_notice_to_someone_not_handling_the_item_masks_the_phone(harness, db, people):
    worker = harness.user(WORKER)
    await report(worker, urgent=True)
    await worker.press("✅ 提交")
    secretary = await open_notice(harness, SECRETARY, "新的上报")
    await secretary.press("✅ 受理")
    await deliver(harness)
    full = {WORKER, SECRETARY}  # the owner and the community secretary (no responsible leader yet)
    async with db.session() as s:
        rows = (await s.scalars(select(OutboxMessage))).all()
    assert rows
    for row in rows:
        text = row.payload["text"]
        if row.chat_id in full:
            continue
        assert RESIDENT_PHONE not in text, row.chat_id
        if "涉及居民" in text:
            assert MASKED in text


async def test_pending_screen_and_register_by_buttons(harness, db, people):
    from datetime import UTC, datetime

    from openpyxl import load_workbook

    harness.clock.now = datetime(2026, 10, 20, 2, 0, tzinfo=UTC)
    worker = harness.user(WORKER)
    await report(worker)
    await worker.press("✅ 提交")
    harness.clock.now = datetime(2026, 11, 2, 2, 0, tzinfo=UTC)

    secretary = harness.user(SECRETARY)
    await secretary.send("/menu")
    await secretary.press("📂 问题办理")
    screen = secretary.last()
    assert "待我处理" in screen.text
    labels = screen.buttons()
    assert any("受理" in b for b in labels) and any("2026年10月 交办登记表待报送" in b for b in labels)
    await secretary.press([b for b in labels if "交办登记表待报送" in b][0])
    assert "本月未在社区办结的事项共 1 项" in secretary.last().text
    await secretary.press("📤 报送党政办")
    assert any("已报送党政办" in t for t in harness.telegram.texts(SECRETARY))

    principal = await open_notice(harness, PRINCIPAL, "交办登记表")
    register = principal.last()
    assert "尚未签批" in register.text
    await principal.press("✍️ 签批登记表")
    assert any(
        "还有事项没有明确包办领导" in (a or {}).get("text", "") for a in harness.telegram.answers.values()
    )
    item = [b for b in principal.last().buttons() if b.startswith("#")][0]
    await principal.press(item)
    await principal.press("李明华")
    await principal.press_data(pick_date(principal, harness.clock.now.date() - timedelta(days=1)))
    assert "请选择办理时限" in principal.last().text  # refused, still on the calendar
    await principal.press_data(pick_date(principal, harness.clock.now.date() + timedelta(days=7)))
    assert "包办领导：李明华" in principal.last().text
    await principal.press("✍️ 签批登记表")
    assert "已由 王建国" in principal.last().text
    await principal.press("📥 导出 Excel")
    [doc] = [
        m for name, m in ((type(m).__name__, m) for m in harness.telegram._methods) if name == "SendDocument"
    ]
    sheet = load_workbook(BytesIO(doc.document.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[2][0] == "序号" and rows[3][8] == "李明华" and len(rows) == 4

    # A grid worker cannot open the register, even with its button data.
    worker = harness.user(WORKER)
    callback = await worker.press_data("pb:reg:1", harness.telegram.chat(SECRETARY)[-1])
    assert "无权" in worker.answer(callback)["text"]


async def test_people_without_the_role_cannot_report(harness, db, people):
    for user_id in (PRINCIPAL, PARTY_DEPT, ADMIN):
        user = harness.user(user_id)
        await user.send("/report")
        assert "无权使用“📣 问题上报”" in user.last().text
    stranger = harness.user(999)
    await stranger.send("/report")
    assert "还未完成身份验证" in harness.telegram.texts(999)[0]
    assert await problems(db) == []


async def test_a_role_taken_away_mid_report_stops_the_submission(harness, db, people):
    from sqlalchemy import delete

    from storage.models import PersonRole

    worker = harness.user(WORKER)
    await report(worker, phone=False)
    async with db.session() as s:
        await s.execute(delete(PersonRole).where(PersonRole.person_id == people["worker"]))
    callback = await worker.press("✅ 提交")
    assert "无权" in worker.answer(callback)["text"]
    assert await problems(db) == []


async def test_back_from_category_goes_to_the_grid(harness, db, people):
    worker = harness.user(WORKER)
    await worker.send("/report")
    await worker.press("问题")
    await worker.press("幸福社区 · 幸福社区第一网格")
    await worker.press("⬅️ 上一步")
    assert "请选择所在网格" in worker.last().text
