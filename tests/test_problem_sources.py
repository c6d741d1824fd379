"""Issue 18, the reporting side: where an item came from (来源, kept from the reporter's role in the fewest taps), the
12345 order number (工单编号, a second item with the same number refused and pointed to the first), reports on a
resident's behalf (phone masked) or anonymous (nothing of the resident stored, 匿名 on the card, the register and the
export), the source in the register, the export and the digests, and the optional monthly quota."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from domain.exports import ExportParams
from domain.roles import Role
from locales import tr_text
from reports.register_export import export_register
from services.problems import Draft, ProblemConfig, ProblemError, card, create_problem, render_card, reporting
from services.problems import register as reg
from storage.models import Community, Grid, HotlineOrder, Problem
from tests.factories import NOW, add_person
from tests.test_problems_flow import (
    MASKED,
    RESIDENT_PHONE,
    SECRETARY,
    WORKER,
    org,
    send_location,
)

CONFIG = ProblemConfig()
WINDOW = 212
ORDER = "SH2026112700123"
ZONE = ZoneInfo("Asia/Shanghai")


async def staff(db) -> dict[str, int]:  # type: ignore[no-untyped-def]
    ids = await org(db)
    ids["window"] = await add_person(
        db, "周敏", "13820020009", [(Role.WINDOW_STAFF, "幸福社区")], telegram_id=WINDOW
    )
    return ids


@pytest.fixture
async def people(db):  # type: ignore[no-untyped-def]
    return await staff(db)


@pytest.fixture
async def both(any_db):  # type: ignore[no-untyped-def]
    """The tests without the bot run on SQLite and, with TEST_DATABASE_URL, on PostgreSQL."""
    return any_db, await staff(any_db)


async def rows(db) -> list[Problem]:  # type: ignore[no-untyped-def]
    async with db.session() as s:
        return list((await s.scalars(select(Problem).order_by(Problem.id))).all())


async def orders(db) -> list[tuple[int, str]]:  # type: ignore[no-untyped-def]
    async with db.session() as s:
        return list((await s.execute(select(HotlineOrder.problem_id, HotlineOrder.order_no))).all())


async def until_resident(user, description: str = "楼道堆放杂物，存在消防隐患") -> int:  # type: ignore[no-untyped-def]
    """/report up to the resident's question; returns the taps and messages it took."""
    steps = 0
    await user.send("/report")
    for press in ("问题", "幸福社区 · 幸福社区第一网格", "安全隐患"):
        await user.press(press)
        steps += 1
    await user.send(description)
    await send_location(user, 39.9087, 116.3975)
    await user.press("✅ 完成")
    assert "这件事是谁反映的" in user.last().text
    return steps + 3


async def to_summary(user, resident: str = "🙋 本人发现") -> None:  # type: ignore[no-untyped-def]
    await until_resident(user)
    await user.press(resident)
    await user.press("一般")


async def choose_hotline(user, number: str = ORDER) -> None:  # type: ignore[no-untyped-def]
    await user.press("✏️ 来源")
    await user.press("12345 热线")
    assert "工单编号" in user.last().text
    await user.send(number)


async def grid_id(db) -> int:  # type: ignore[no-untyped-def]
    async with db.session() as s:
        return (await s.execute(select(Grid.id).where(Grid.name == "幸福社区第一网格"))).scalar_one()


def popups(harness) -> list[str]:  # type: ignore[no-untyped-def]
    return [(a or {}).get("text", "") for a in harness.telegram.answers.values()]


# --- the source, kept in the fewest taps -------------------------------------------------------------------------


async def test_the_default_source_is_kept_without_a_tap_of_its_own(harness, db, people):
    worker = harness.user(WORKER)
    taps = await until_resident(worker)
    await worker.press("🙋 本人发现")
    await worker.press("一般")
    summary = worker.last().text
    assert "来源：网格走访" in summary and "反映方式：本人发现" in summary and "工单编号" not in summary
    assert "✏️ 来源" in worker.last().buttons() and "✏️ 工单编号" not in worker.last().buttons()
    await worker.press("✅ 提交")
    # kind, grid, category, text, location, photos done, who raised it, urgency, submit: nothing asked twice and no
    # step for the source.
    assert taps + 3 == 9
    [problem] = await rows(db)
    assert (problem.source, problem.anonymous, problem.resident_name, problem.resident_phone) == (
        "grid_visit",
        False,
        None,
        None,
    )


async def test_window_staff_start_from_the_window(harness, db, people):
    window = harness.user(WINDOW)
    await to_summary(window)
    assert "来源：窗口受理" in window.last().text
    await window.press("✏️ 来源")
    assert "✅ 窗口受理" in window.last().buttons()  # the current one marked
    await window.press("⬅️ 上一步")  # changed nothing
    assert "来源：窗口受理" in window.last().text
    await window.press("✏️ 来源")
    await window.press("来电来访")
    assert "来源：来电来访" in window.last().text and "请确认上报内容" in window.last().text
    await window.press("✅ 提交")
    [problem] = await rows(db)
    assert problem.source == "phone_visit" and problem.reporter_id == people["window"]


async def test_a_forged_source_button_is_refused_and_changes_nothing(harness, db, people):
    worker = harness.user(WORKER)
    await to_summary(worker)
    await worker.press("✏️ 来源")
    screen = worker.last_with_buttons()
    data = next(d for row in screen.inline for t, d in row if t == "来电来访")
    assert data.endswith("src:phone_visit")
    callback = await worker.press_data(data.removesuffix("phone_visit") + "evil")
    assert "这个来源无效" in worker.answer(callback)["text"]
    await worker.press("⬅️ 上一步")
    assert "来源：网格走访" in worker.last().text
    await worker.press("✅ 提交")
    [problem] = await rows(db)
    assert problem.source == "grid_visit"


async def test_the_service_refuses_a_forged_draft(both):
    db, people = both
    grid = await grid_id(db)
    base = {"kind": "problem", "grid_id": grid, "category": "safety", "description": "井盖缺失"}
    for draft, key in (
        (Draft(**base, source="evil"), "problem-bad-source"),
        (Draft(**base, source="hotline"), "problem-order-bad"),  # 12345 without its number
        (Draft(**base, source="hotline", order_no="工单！"), "problem-order-bad"),
        (Draft(**base, source="hotline", order_no="A1" * 30), "problem-order-bad"),  # too long
        (Draft(**base, source="window", order_no=ORDER), "problem-order-bad"),
        (Draft(**base, anonymous=True, resident_name="王大爷"), "problem-anonymous-resident"),
        (Draft(**base, source="window", observed_on=date(2026, 11, 26)), "problem-bad-source"),  # from a log
    ):
        with pytest.raises(ProblemError) as refused:
            await create_problem(db, people["worker"], draft, NOW, CONFIG)
        assert refused.value.key == key
    assert await rows(db) == []


# --- 12345 work orders -------------------------------------------------------------------------------------------


async def test_a_12345_report_with_its_order_number(harness, db, people):
    worker = harness.user(WORKER)
    await to_summary(worker)
    await worker.press("✏️ 来源")
    await worker.press("12345 热线")
    for bad in ("工单号码!!", "A" * 41, "ab"):
        await worker.send(bad)
        assert "不是有效的工单编号" in worker.messages()[-2].text
    await send_location(worker, 39.9, 116.4)  # not text at all
    assert "不是有效的工单编号" in worker.messages()[-2].text
    await worker.send(f"  {ORDER} ")
    summary = worker.last().text
    assert "来源：12345 热线" in summary and f"工单编号：{ORDER}" in summary
    assert "✏️ 工单编号" in worker.last().buttons()
    await worker.press("✅ 提交")
    [problem] = await rows(db)
    assert problem.source == "hotline"
    assert await orders(db) == [(problem.id, ORDER)]


async def test_backing_out_of_the_order_number_keeps_the_source(harness, db, people):
    worker = harness.user(WORKER)
    await to_summary(worker)
    await worker.press("✏️ 来源")
    await worker.press("12345 热线")
    await worker.press("⬅️ 上一步")  # back to the sources
    await worker.press("⬅️ 上一步")  # and to the summary
    assert "来源：网格走访" in worker.last().text and "工单编号" not in worker.last().text


async def test_a_second_report_with_the_same_number_is_refused_and_points_to_the_first(harness, db, people):
    worker = harness.user(WORKER)
    await to_summary(worker)
    await choose_hotline(worker)
    await worker.press("✅ 提交")
    [first] = await rows(db)

    other = harness.user(SECRETARY)
    await to_summary(other)
    await choose_hotline(other, ORDER.lower())  # the same number, typed in small letters
    refusal = other.messages()[-2].text
    assert f"工单 {ORDER} 已经上报过（#{first.id}，待社区受理）" in refusal
    assert "工单编号" in other.last().text  # still asked for a number
    await other.press("⬅️ 上一步")
    await other.press("⬅️ 上一步")
    await other.press("✅ 提交")  # submitted as a grid visit instead: no second order
    assert [p.source for p in await rows(db)] == ["hotline", "grid_visit"]
    assert await orders(db) == [(first.id, ORDER)]


async def test_a_number_taken_while_the_summary_was_open_is_refused_at_submit(harness, db, people):
    worker = harness.user(WORKER)
    await to_summary(worker)
    await choose_hotline(worker)
    # Someone else records the same order meanwhile.
    draft = Draft(
        kind="problem",
        grid_id=await grid_id(db),
        category="safety",
        description="同一工单",
        source="hotline",
        order_no=ORDER,
    )
    first = await create_problem(db, people["secretary"], draft, NOW, CONFIG)
    await worker.press("✅ 提交")
    assert any(f"已经上报过（#{first}，待社区受理）" in text for text in popups(harness))
    assert [p.id for p in await rows(db)] == [first]
    assert "请确认上报内容" in worker.last().text  # nothing lost: the person may change the source


async def test_the_unique_constraint_is_the_last_guard(both, monkeypatch):
    """Two submits at once both pass the check: the database refuses the second, told as the same refusal."""
    db, people = both
    draft = Draft(
        kind="problem",
        grid_id=await grid_id(db),
        category="safety",
        description="并发",
        source="hotline",
        order_no=ORDER,
    )
    first = await create_problem(db, people["worker"], draft, NOW, CONFIG)

    import services.problems.hotline as hotline

    checks: list[str] = []
    holder = reporting.order_holder

    async def not_yet(session, order_no):  # type: ignore[no-untyped-def]
        checks.append(
            order_no
        )  # the race: the checks in the transaction saw no order yet; the answer after does
        return None if len(checks) == 1 else await holder(session, order_no)

    async def nobody(_session, _order_no):  # type: ignore[no-untyped-def]
        return None

    monkeypatch.setattr(reporting, "order_holder", not_yet)
    monkeypatch.setattr(hotline, "order_by_number", nobody)
    with pytest.raises(ProblemError) as refused:
        await create_problem(db, people["secretary"], draft, NOW, CONFIG)
    assert refused.value.key == "problem-order-taken" and refused.value.args_["id"] == first
    assert len(await rows(db)) == 1 and len(await orders(db)) == 1


# --- on behalf and anonymous -------------------------------------------------------------------------------------


async def test_an_anonymous_report_keeps_nothing_of_the_resident(harness, db, people):
    worker = harness.user(WORKER)
    await until_resident(worker)
    await worker.press("👥 代居民反映")  # started on behalf, then the resident asks not to be named
    await worker.send("王大爷")
    await worker.send(RESIDENT_PHONE)
    await worker.press("一般")
    await worker.press("✏️ 居民")
    await worker.press("🙈 匿名（不记录居民信息）")
    summary = worker.last().text
    assert "匿名" in summary and "王大爷" not in summary and RESIDENT_PHONE not in summary
    await worker.press("✅ 提交")
    [problem] = await rows(db)
    assert (problem.anonymous, problem.resident_name, problem.resident_phone) == (True, None, None)

    item = await card(db, problem.id)
    assert item is not None
    for viewer in (people["secretary"], people["other_sec"]):
        text = render_card(item, viewer, "zh-CN", CONFIG, NOW)
        assert "涉及居民：匿名" in text and "王大爷" not in text and "来源：网格走访" in text


async def test_on_behalf_the_phone_is_masked_to_those_not_handling_it(harness, db, people):
    worker = harness.user(WORKER)
    await until_resident(worker)
    await worker.press("👥 代居民反映")
    await worker.send("王大爷")
    await worker.send(RESIDENT_PHONE)
    await worker.press("一般")
    assert f"代居民反映：王大爷 {RESIDENT_PHONE}" in worker.last().text  # the reporter sees what they typed
    await worker.press("✅ 提交")
    [problem] = await rows(db)
    assert (problem.resident_name, problem.resident_phone, problem.anonymous) == (
        "王大爷",
        RESIDENT_PHONE,
        False,
    )
    item = await card(db, problem.id)
    assert item is not None
    assert RESIDENT_PHONE in render_card(item, people["secretary"], "zh-CN", CONFIG, NOW)
    outsider = render_card(item, people["other_sec"], "zh-CN", CONFIG, NOW)
    assert MASKED in outsider and RESIDENT_PHONE not in outsider


async def test_the_resident_step_keeps_back_and_cancel(harness, db, people):
    worker = harness.user(WORKER)
    await until_resident(worker)
    await worker.press("👥 代居民反映")
    await worker.send(" ")
    assert "请输入居民姓名" in worker.messages()[-2].text
    await worker.press("⬅️ 上一步")
    assert "这件事是谁反映的" in worker.last().text
    await worker.press("🙋 本人发现")
    await worker.press("⬅️ 上一步")  # from the urgency: back to the question, not to the phone
    assert "这件事是谁反映的" in worker.last().text
    await worker.press("✖️ 取消")
    assert await rows(db) == []


# --- the register and the export ---------------------------------------------------------------------------------


async def _report_three(db, people) -> dict[str, int]:  # type: ignore[no-untyped-def]
    grid = await grid_id(db)
    base = {"kind": "problem", "grid_id": grid, "category": "safety"}
    made = {}
    for name, extra in (
        ("hotline", {"source": "hotline", "order_no": ORDER, "description": "热线工单"}),
        ("anonymous", {"anonymous": True, "description": "匿名反映"}),
        (
            "behalf",
            {"resident_name": "王大爷", "resident_phone": RESIDENT_PHONE, "description": "代居民反映"},
        ),
    ):
        made[name] = await create_problem(db, people["worker"], Draft(**base, **extra), NOW, CONFIG)
    return made


async def test_the_register_and_its_workbook_show_source_order_and_resident(both):
    db, people = both
    made = await _report_three(db, people)
    async with db.session() as s:
        community_id = (
            await s.execute(select(Community.id).where(Community.name == "幸福社区"))
        ).scalar_one()
    register_id = await reg.submit_register(
        db, people["secretary"], community_id, 2026, 11, datetime(2026, 12, 2, 2, 0, tzinfo=UTC), CONFIG
    )
    sheet = await reg.register_sheet(db, register_id, "zh-CN", CONFIG)
    by_content = {row.content.split("] ", 1)[1]: row for row in sheet.rows}
    assert (by_content["热线工单"].source, by_content["热线工单"].order_no) == ("12345 热线", ORDER)
    assert by_content["匿名反映"].resident == "匿名" and by_content["匿名反映"].source == "网格走访"
    assert by_content["代居民反映"].resident == f"王大爷 {MASKED}"

    book = load_workbook(BytesIO(await export_register(db, register_id, "zh-CN", CONFIG))).active
    table = [list(r) for r in book.iter_rows(values_only=True)]
    assert table[2][-3:] == ["来源", "工单编号", "涉及居民"]
    cells = {r[6].split("] ", 1)[1]: r[-3:] for r in table[3:]}
    assert cells["热线工单"][:2] == ["12345 热线", ORDER]
    assert cells["匿名反映"] == ["网格走访", None, "匿名"]
    assert cells["代居民反映"][2] == f"王大爷 {MASKED}"
    assert len(made) == 3


async def test_the_register_export_shows_source_order_and_anonymous(both, tmp_path):
    db, people = both
    from reports.exports import build
    from reports.register_xlsx import headers

    await _report_three(db, people)
    async with db.session() as s:
        ids = list((await s.scalars(select(Community.id))).all())
        params = ExportParams(
            kind="register",
            scope="all",
            community_ids=ids,
            scope_name="城关街道",
            locale="zh-CN",
            month="2026-11-01",
        )
        path = await build(s, params, tmp_path / "out")
    sheet = load_workbook(path).worksheets[0]
    table = [list(r) for r in sheet.iter_rows(values_only=True)]
    header = table[1]
    assert header[: len(headers("zh-CN"))] == headers("zh-CN")
    col = {name: header.index(name) for name in ("来源", "工单编号", "涉及居民")}
    cells = {r[6].split("] ", 1)[1]: r for r in table[2:]}
    assert (cells["热线工单"][col["来源"]], cells["热线工单"][col["工单编号"]]) == ("12345 热线", ORDER)
    assert cells["匿名反映"][col["涉及居民"]] == "匿名" and cells["匿名反映"][col["来源"]] == "网格走访"
    assert cells["代居民反映"][col["涉及居民"]] == f"王大爷 {MASKED}"
    assert RESIDENT_PHONE not in str(table)


# --- the digests -------------------------------------------------------------------------------------------------


async def test_the_digests_count_items_by_source_only_those_there_are(both):
    db, people = both
    from reports import digest as render
    from services.calendar import cached_work_calendar
    from services.digest import Scope, daily_facts, weekly_facts

    await _report_three(db, people)
    grid = await grid_id(db)
    window = Draft(kind="problem", grid_id=grid, category="safety", description="窗口受理", source="window")
    await create_problem(db, people["window"], window, NOW, CONFIG)
    cal = await cached_work_calendar(db)
    async with db.session() as s:
        ids = frozenset((await s.scalars(select(Community.id))).all())
        week = await weekly_facts(s, date(2026, 11, 30), cal, ZONE, 24)
        day = await daily_facts(s, date(2026, 11, 30), cal, ZONE)
    scope = Scope(ids, whole=False)
    line = "来源：网格走访 2，窗口受理 1，12345 热线 1"  # 来电来访 and 部门转办 had none: not shown
    assert line in "\n".join(render.weekly(week, scope, "zh-CN", rows=10).parts)
    assert line in "\n".join(render.daily(day, scope, "zh-CN", rows=10, nudges=0).parts)
    english = "\n".join(render.weekly(week, scope, "en", rows=10).parts)
    assert "Sources: Grid visit 2, Service window 1, 12345 hotline 1" in english


# --- the optional quota ------------------------------------------------------------------------------------------


async def _report_at(db, person_id: int, at: datetime) -> None:  # type: ignore[no-untyped-def]
    draft = Draft(
        kind="problem", grid_id=await grid_id(db), category="safety", description=f"上报 {at:%m-%d %H}"
    )
    await create_problem(db, person_id, draft, at, CONFIG)


async def test_the_quota_line_in_a_grid_workers_menu_only_when_it_is_on(harness, db, people):
    # 1 November 01:00 in Shanghai is still 31 October in UTC: it counts for November.
    for at in (datetime(2026, 10, 31, 17, 0, tzinfo=UTC), NOW, NOW - timedelta(days=40)):
        await _report_at(db, people["worker"], at)
    worker, secretary = harness.user(WORKER), harness.user(SECRETARY)
    await worker.send("/menu")
    assert "本月已上报" not in worker.last().text  # off by default

    harness.settings.problem_monthly_quota = 10
    await worker.send("/menu")
    assert "📊 本月已上报 2/10" in worker.last().text
    await secretary.send("/menu")
    assert "本月已上报" not in secretary.last().text  # not a grid worker


async def test_the_monthly_digest_shows_the_quota_per_community_without_ranking(both):
    db, people = both
    from reports import digest as render
    from services.digest import Scope, monthly_facts

    other = await add_person(db, "赵强", "13820020010", [(Role.GRID_WORKER, "幸福社区")])
    for at in (NOW, NOW + timedelta(hours=1)):
        await _report_at(db, people["worker"], at)
    await _report_at(db, people["secretary"], NOW)  # not a grid worker: not counted
    async with db.session() as s:
        ids = frozenset((await s.scalars(select(Community.id))).all())
        off = await monthly_facts(s, date(2026, 12, 1), ZONE, 24)
        on = await monthly_facts(s, date(2026, 12, 1), ZONE, 24, quota=10)
    scope = Scope(ids, whole=False)
    assert "本月上报情况" not in "\n".join(render.monthly(off, scope, "zh-CN", rows=10).parts)
    text = "\n".join(render.monthly(on, scope, "zh-CN", rows=10).parts)
    assert "每名网格员每月 10 项，不排名" in text
    assert "幸福社区：网格员 2 人，上报 2/20 项" in text and "和平社区：网格员 1 人，上报 0/10 项" in text
    assert text.index("和平社区：网格员") < text.index("幸福社区：网格员")  # by name, not by performance
    assert "李娜" not in text and "赵强" not in text and other


async def test_nothing_stored_by_the_refused_inputs(harness, db, people):
    worker = harness.user(WORKER)
    await to_summary(worker)
    await choose_hotline(worker, "？？？")
    assert "不是有效的工单编号" in worker.messages()[-2].text
    async with db.session() as s:
        assert (await s.execute(select(func.count()).select_from(Problem))).scalar_one() == 0
    assert await orders(db) == []
    assert tr_text("zh-CN", "problem-source-referral") == "部门转办"


async def test_a_12345_item_is_never_folded_into_a_similar_one(harness, db, people):
    worker = harness.user(WORKER)
    await to_summary(worker)
    await worker.press("✅ 提交")
    [first] = await rows(db)
    await to_summary(worker)
    assert f"🔁 与 #{first.id} 相同" in worker.last().buttons()  # the same-as hint, for a grid visit
    same = next(
        d for row in worker.last_with_buttons().inline for t, d in row if t == f"🔁 与 #{first.id} 相同"
    )
    await choose_hotline(worker)
    summary = worker.last()
    assert "近 7 天已有同类未办结事项" not in summary.text and not any("相同" in b for b in summary.buttons())
    callback = await worker.press_data(same)  # the hint's button, pressed after 12345 was chosen
    assert "12345 工单有自己的办理时限" in worker.answer(callback)["text"]
    await worker.press("✅ 提交")
    assert [p.source for p in await rows(db)] == ["grid_visit", "hotline"]
