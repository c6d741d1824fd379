"""Problems without Telegram: every move's permissions (the right role of the right community or sub-district; others
change nothing), 即报即办 re-sends with a frozen clock, the duplicate hint, what waits for whom, and the monthly
register signed and exported."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from io import BytesIO

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from domain.problems import Move
from domain.roles import Actor
from reports.register_export import export_register
from services import problem_register as reg
from services.problems import (
    Draft,
    ProblemConfig,
    ProblemError,
    acknowledge,
    apply_move,
    create_problem,
    pending_items,
    resend_unacknowledged,
    similar_open_items,
)
from storage.models import Grid, OutboxMessage, Problem, ProblemEvent
from tests.conftest import fresh_database, needs_pg
from tests.factories import NOW
from tests.test_problems_flow import ADMIN, IN_CHARGE, OFFICE, PRINCIPAL, RESIDENT_PHONE, org

# The register form's own column headers (网格反映问题和意见建议交办登记表), as the zh-CN workbook must carry them.
OFFICIAL_HEADERS = [
    "序号",
    "反映时间",
    "社区",
    "网格",
    "反映人",
    "类别",
    "问题/建议内容",
    "处理建议",
    "包办领导",
    "办理时限",
    "办理结果",
    "备注",
    "来源",
    "工单编号",
    "涉及居民",
]  # fmt: skip  (issue 18's three after the form's own)

CONFIG = ProblemConfig()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=needs_pg)])
async def db(request, tmp_path):  # type: ignore[no-untyped-def]
    """These tests run on SQLite and, with TEST_DATABASE_URL, on PostgreSQL (row locks, skip-locked reads)."""
    database = await fresh_database(request.param, tmp_path)
    yield database
    await database.dispose()


@pytest.fixture
async def people(db):  # type: ignore[no-untyped-def]
    return await org(db)


async def grid_id(db, community: str = "幸福社区第一网格") -> int:  # type: ignore[no-untyped-def]
    async with db.session() as s:
        return (await s.execute(select(Grid.id).where(Grid.name == community))).scalar_one()


async def new_item(db, people, *, urgent=False, now=NOW, category="safety") -> int:  # type: ignore[no-untyped-def]
    draft = Draft(
        kind="problem",
        grid_id=await grid_id(db),
        category=category,
        description="路灯不亮",
        resident_name="王大爷",
        resident_phone=RESIDENT_PHONE,
        urgent=urgent,
    )
    return await create_problem(db, people["worker"], draft, now, CONFIG)


async def status(db, problem_id: int) -> str:  # type: ignore[no-untyped-def]
    async with db.session() as s:
        return (await s.get(Problem, problem_id)).status


async def events(db, problem_id: int) -> int:  # type: ignore[no-untyped-def]
    async with db.session() as s:
        return (
            await s.execute(
                select(func.count()).select_from(ProblemEvent).where(ProblemEvent.problem_id == problem_id)
            )
        ).scalar_one()


async def outbox(db) -> list[OutboxMessage]:  # type: ignore[no-untyped-def]
    async with db.session() as s:
        return list((await s.scalars(select(OutboxMessage).order_by(OutboxMessage.id))).all())


async def move(db, who: int, problem_id: int, m: Move, **kw):  # type: ignore[no-untyped-def]
    notes = {Move.RESOLVE: "已处理", Move.ESCALATE: "需街道协调", Move.NOT_FIXED: "没修好"}
    kw.setdefault("note", notes.get(m))
    return await apply_move(db, who, problem_id, m, NOW, CONFIG, **kw)


# Who may make each move from which state; everybody else is refused and nothing changes.
# (path of moves that brings a new item to the state, the move, the people allowed)
CASES = [
    ([], Move.ACCEPT, {"secretary"}),
    ([Move.ACCEPT], Move.CLAIM, {"paired"}),
    ([Move.ACCEPT], Move.ESCALATE, {"secretary", "worker"}),  # the worker is the first-inquiry owner
    ([Move.ACCEPT], Move.RESOLVE, {"secretary", "worker"}),
    ([Move.ACCEPT, Move.ESCALATE], Move.REGISTER, {"office"}),
    ([Move.ACCEPT, Move.ESCALATE, Move.REGISTER], Move.ASSIGN, {"principal"}),
    ([Move.ACCEPT, Move.ESCALATE, Move.REGISTER, Move.ASSIGN], Move.START, {"in_charge"}),
    ([Move.ACCEPT, Move.ESCALATE, Move.REGISTER, Move.ASSIGN], Move.RESOLVE, {"in_charge"}),
    ([Move.ACCEPT, Move.RESOLVE], Move.CONFIRM, {"worker"}),
    ([Move.ACCEPT, Move.RESOLVE], Move.NOT_FIXED, {"worker"}),
]
BY = {
    Move.ACCEPT: "secretary",
    Move.ESCALATE: "secretary",
    Move.REGISTER: "office",
    Move.ASSIGN: "principal",
    Move.RESOLVE: "secretary",
}
EVERYONE = [
    "worker",
    "secretary",
    "paired",
    "office",
    "principal",
    "in_charge",
    "admin",
    "other_sec",
    "other_worker",
    "party_dept",
]


@pytest.mark.parametrize(("path", "the_move", "allowed"), CASES, ids=lambda v: str(v))
async def test_only_the_right_people_can_make_each_move(db, people, path, the_move, allowed):
    due = NOW.date() + timedelta(days=5)
    extra = {"leader_id": people["in_charge"], "due": due} if the_move == Move.ASSIGN else {}
    for who in EVERYONE:
        if who in allowed:
            continue
        problem_id = await new_item(db, people)
        for step in path:
            step_extra = {"leader_id": people["in_charge"], "due": due} if step == Move.ASSIGN else {}
            await move(db, people[BY[step]], problem_id, step, **step_extra)
        before, history, queued = (
            await status(db, problem_id),
            await events(db, problem_id),
            len(await outbox(db)),
        )
        with pytest.raises(ProblemError) as refused:
            await move(db, people[who], problem_id, the_move, **extra)
        assert refused.value.key == "problem-no-permission", who
        assert (await status(db, problem_id), await events(db, problem_id), len(await outbox(db))) == (
            before,
            history,
            queued,
        ), f"{who} changed something"
    for who in allowed:
        problem_id = await new_item(db, people)
        for step in path:
            step_extra = {"leader_id": people["in_charge"], "due": due} if step == Move.ASSIGN else {}
            await move(db, people[BY[step]], problem_id, step, **step_extra)
        await move(db, people[who], problem_id, the_move, **extra)
        assert await events(db, problem_id) == len(path) + 2


async def test_assign_refuses_a_past_due_date_and_a_non_leader(db, people):
    problem_id = await new_item(db, people)
    for step in (Move.ACCEPT, Move.ESCALATE, Move.REGISTER):
        await move(db, people[BY[step]], problem_id, step)
    with pytest.raises(ProblemError) as past:
        await move(
            db,
            people["principal"],
            problem_id,
            Move.ASSIGN,
            leader_id=people["in_charge"],
            due=NOW.date() - timedelta(days=1),
        )
    assert past.value.key == "problem-due-past"
    with pytest.raises(ProblemError) as not_leader:
        await move(
            db, people["principal"], problem_id, Move.ASSIGN, leader_id=people["secretary"], due=NOW.date()
        )
    assert not_leader.value.key == "problem-pick-leader"
    assert await status(db, problem_id) == "registered"


async def test_notes_are_required_where_the_form_needs_them(db, people):
    problem_id = await new_item(db, people)
    await move(db, people["secretary"], problem_id, Move.ACCEPT)
    with pytest.raises(ProblemError) as empty:
        await apply_move(db, people["secretary"], problem_id, Move.RESOLVE, NOW, CONFIG, note="  ")
    assert empty.value.key == "problem-note-empty"
    assert await status(db, problem_id) == "accepted"


async def test_a_stale_screen_cannot_move_a_changed_item(db, people):
    problem_id = await new_item(db, people)
    await move(db, people["secretary"], problem_id, Move.ACCEPT)
    with pytest.raises(ProblemError) as stale:
        await apply_move(
            db, people["secretary"], problem_id, Move.ACCEPT, NOW, CONFIG, expected_status="reported"
        )
    assert stale.value.key == "problem-changed"


async def test_urgent_item_is_pushed_resent_after_the_timeout_and_the_admin_told(db, people):
    config = ProblemConfig(urgent_ack=timedelta(minutes=5))
    problem_id = await new_item(db, people, urgent=True)
    pushes = [m for m in await outbox(db) if ":urgent:0:" in m.key]
    assert {m.chat_id for m in pushes} == {PRINCIPAL, IN_CHARGE, OFFICE}
    for push in pushes:
        assert "即报即办" in push.payload["text"] and RESIDENT_PHONE not in push.payload["text"]
        buttons = [
            label for row in push.payload["buttons"] for label, _ in row
        ]  # plain rows (services.outgoing)
        assert buttons == ["✅ 已知悉", "🔎 查看并办理"]

    assert await resend_unacknowledged(db, NOW + timedelta(minutes=4), config) == 0
    assert await resend_unacknowledged(db, NOW + timedelta(minutes=5), config) == 1
    assert await resend_unacknowledged(db, NOW + timedelta(minutes=5), config) == 0  # once per round
    rows = await outbox(db)
    again = [m for m in rows if ":urgent:1:" in m.key]
    assert {m.chat_id for m in again} == {PRINCIPAL, IN_CHARGE, OFFICE}
    [admin] = [m for m in rows if m.chat_id == ADMIN]
    assert "无人确认知悉" in admin.payload["text"] and "5 分钟" in admin.payload["text"]

    assert await acknowledge(db, people["in_charge"], problem_id, NOW + timedelta(minutes=6), config) is None
    assert (
        await acknowledge(db, people["principal"], problem_id, NOW + timedelta(minutes=7), config) == "李明华"
    )
    assert await resend_unacknowledged(db, NOW + timedelta(hours=1), config) == 0
    with pytest.raises(ProblemError):
        await acknowledge(db, people["secretary"], problem_id, NOW, config)


async def test_unacknowledged_resends_stop_after_the_maximum(db, people):
    config = ProblemConfig(urgent_ack=timedelta(minutes=1), urgent_max_resends=2)
    await new_item(db, people, urgent=True)
    sent = [await resend_unacknowledged(db, NOW + timedelta(minutes=n), config) for n in range(1, 6)]
    assert sent == [1, 1, 0, 0, 0]


async def test_duplicate_hint_finds_open_items_of_the_same_category_and_grid_in_seven_days(db, people):
    old = await new_item(db, people, now=NOW - timedelta(days=8))
    recent = await new_item(db, people, now=NOW - timedelta(days=2))
    await new_item(db, people, category="dispute")
    found = await similar_open_items(db, await grid_id(db), "safety", NOW)
    assert [s.id for s in found] == [recent] and old != recent


async def test_pending_lists_what_waits_for_each_person(db, people):
    problem_id = await new_item(db, people)

    def actor(key: str) -> Actor:
        return Actor(telegram_id=0, locale="zh-CN", person_id=people[key])

    assert [
        (i.ref_id, i.moves) for i in await pending_items(db, actor("secretary"), NOW) if i.kind == "problem"
    ] == [(problem_id, ("accept",))]
    assert [i for i in await pending_items(db, actor("other_sec"), NOW) if i.kind == "problem"] == []
    await move(db, people["secretary"], problem_id, Move.ACCEPT)
    await move(db, people["secretary"], problem_id, Move.ESCALATE)
    assert [i.moves for i in await pending_items(db, actor("office"), NOW)] == [("register",)]
    await move(db, people["office"], problem_id, Move.REGISTER)
    assert [i.moves for i in await pending_items(db, actor("principal"), NOW)] == [("assign",)]
    second = await new_item(db, people)
    for step in (Move.ACCEPT, Move.ESCALATE, Move.REGISTER):
        await move(db, people[BY[step]], second, step)
    await move(
        db,
        people["principal"],
        second,
        Move.ASSIGN,
        leader_id=people["in_charge"],
        due=NOW.date() + timedelta(days=3),
    )
    await move(
        db,
        people["principal"],
        problem_id,
        Move.ASSIGN,
        leader_id=people["in_charge"],
        due=NOW.date() + timedelta(days=9),
    )
    mine = [i for i in await pending_items(db, actor("in_charge"), NOW) if i.kind == "problem"]
    assert [i.ref_id for i in mine] == [second, problem_id]  # by due date
    later = NOW + timedelta(days=5)
    assert [i.overdue for i in await pending_items(db, actor("in_charge"), later) if i.kind == "problem"] == [
        True,
        False,
    ]


async def test_monthly_register_submitted_signed_and_exported(db, people):
    october = datetime(2026, 10, 15, 2, 0, tzinfo=NOW.tzinfo)
    escalated = await new_item(db, people, now=october)
    closed_in_community = await new_item(db, people, now=october)
    open_item = await new_item(db, people, now=october)
    await apply_move(db, people["secretary"], escalated, Move.ACCEPT, october, CONFIG)
    await apply_move(db, people["secretary"], escalated, Move.ESCALATE, october, CONFIG, note="建议街道协调")
    await apply_move(db, people["secretary"], closed_in_community, Move.ACCEPT, october, CONFIG)
    await apply_move(db, people["secretary"], closed_in_community, Move.RESOLVE, october, CONFIG, note="已修")

    sec = Actor(telegram_id=0, locale="zh-CN", person_id=people["secretary"])
    [due] = [i for i in await pending_items(db, sec, NOW) if i.kind == "register_submit"]
    assert (due.year, due.month, due.due_date) == (2026, 10, date(2026, 11, 5))
    community_id = due.ref_id
    with pytest.raises(ProblemError):  # only the community's own secretary submits
        await reg.submit_register(db, people["other_sec"], community_id, 2026, 10, NOW, CONFIG)
    with pytest.raises(ProblemError) as early:
        await reg.submit_register(db, people["secretary"], community_id, 2026, 11, NOW, CONFIG)
    assert early.value.key == "register-month-not-over"
    register_id = await reg.submit_register(db, people["secretary"], community_id, 2026, 10, NOW, CONFIG)
    view = await reg.register_view(db, register_id)
    assert [i.problem_id for i in view.items] == [escalated, open_item]  # not the one closed in the community

    with pytest.raises(ProblemError) as unassigned:
        await reg.sign_register(db, people["principal"], register_id, NOW, CONFIG)
    assert unassigned.value.key == "register-items-unassigned"
    with pytest.raises(ProblemError):
        await reg.assign_item(
            db,
            people["principal"],
            register_id,
            escalated,
            people["in_charge"],
            NOW.date() - timedelta(days=1),
            NOW,
            CONFIG,
        )
    with pytest.raises(ProblemError):  # not a principal leader
        await reg.assign_item(
            db, people["in_charge"], register_id, escalated, people["in_charge"], NOW.date(), NOW, CONFIG
        )
    for pid in (escalated, open_item):
        await reg.assign_item(
            db, people["principal"], register_id, pid, people["in_charge"], date(2026, 12, 10), NOW, CONFIG
        )
    with pytest.raises(ProblemError):
        await reg.sign_register(db, people["in_charge"], register_id, NOW, CONFIG)
    await reg.sign_register(db, people["principal"], register_id, NOW, CONFIG)
    view = await reg.register_view(db, register_id)
    assert view.signed_by == "王建国" and view.signed_at == NOW
    assert await status(db, open_item) == "assigned"

    sheet = load_workbook(BytesIO(await export_register(db, register_id, "zh-CN", CONFIG))).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[2] == OFFICIAL_HEADERS
    assert "王建国" in rows[1][0]
    # the time and the deadline as real dates (Shanghai time), shown as dates
    assert rows[3][:6] == [
        1,
        datetime(2026, 10, 15, 10, 0),
        "幸福社区",
        "幸福社区第一网格",
        "李娜",
        "安全隐患",
    ]
    assert rows[3][7:10] == ["建议街道协调", "李明华", datetime(2026, 12, 10)]
    assert sheet["B4"].number_format == "yyyy-mm-dd hh:mm" and sheet["J4"].number_format == "yyyy-mm-dd"
    assert len(rows) == 5

    english = load_workbook(BytesIO(await export_register(db, register_id, "en", CONFIG))).active
    assert english.title == "Problem register"
    assert [c.value for c in english[3]][:3] == ["No.", "Reported at", "Community"]


def test_register_workbook_headers_in_each_locale():
    from reports.register_xlsx import WIDTHS, RegisterRow, build_register_xlsx

    row = RegisterRow(1, "2026-10-15 10:00", "幸福社区", "第一网格", "李娜", "x", "y", "", "", "", "", "")
    english = [
        "No.",
        "Reported at",
        "Community",
        "Grid",
        "Reported by",
        "Category",
        "Problem / suggestion",
        "Proposed handling",
        "Responsible leader",
        "Deadline",
        "Result",
        "Remarks",
        "Source",
        "Work order",
        "Resident",
    ]
    for locale, title, headers in (
        ("zh-CN", "交办登记表", OFFICIAL_HEADERS),
        ("en", "Problem register", english),
    ):
        sheet = load_workbook(BytesIO(build_register_xlsx(locale, "标题", "签批", [row]))).active
        rows = [list(r) for r in sheet.iter_rows(values_only=True)]
        assert sheet.title == title and rows[2] == headers and len(headers) == len(WIDTHS)
        assert rows[3][:3] == [1, "2026-10-15 10:00", "幸福社区"]


async def test_configured_categories_and_deadlines(db, people):
    config = ProblemConfig(categories={"燃气安全": 2})
    draft = Draft(kind="problem", grid_id=await grid_id(db), category="燃气安全", description="闻到燃气味")
    problem_id = await create_problem(db, people["worker"], draft, NOW, config)
    async with db.session() as s:
        stored = await s.get(Problem, problem_id)
    assert stored.due_date == date(2026, 12, 1)  # Fri 27 Nov + 2 working days
    with pytest.raises(ProblemError) as unknown:
        await create_problem(
            db, people["worker"], Draft("problem", await grid_id(db), "safety", "x"), NOW, config
        )
    assert unknown.value.key == "problem-bad-category"
    from services.problems import category_label

    assert (
        category_label("zh-CN", "燃气安全") == "燃气安全"
        and category_label("en", "safety") == "Safety hazard"
    )


async def test_reporting_in_another_communitys_grid_is_refused(db, people):
    async with db.session() as s:
        other = (await s.execute(select(Grid.id).where(Grid.name == "和平社区第一网格"))).scalar_one()
    with pytest.raises(ProblemError) as refused:
        await create_problem(db, people["worker"], Draft("problem", other, "safety", "路灯不亮"), NOW, CONFIG)
    assert refused.value.key == "problem-bad-grid"
    async with db.session() as s:
        assert (await s.execute(select(func.count()).select_from(Problem))).scalar_one() == 0


async def test_city_coordination_flag_with_a_note_and_overdue_flag(db, people):
    from services.problems import card, render_card

    problem_id = await new_item(db, people)
    await move(db, people["secretary"], problem_id, Move.ACCEPT)
    with pytest.raises(ProblemError):
        await move(db, people["other_sec"], problem_id, Move.CITY, note="需市水务局")
    await move(db, people["secretary"], problem_id, Move.CITY, note="需市水务局协调")
    item = await card(db, problem_id)
    assert item.city_flag and item.status == "accepted"
    late = NOW + timedelta(days=10)
    text = render_card(item, people["admin"], "zh-CN", CONFIG, late)
    assert "需市级协调：需市水务局协调" in text and "已超期" in text and "139****5678" in text
    assert RESIDENT_PHONE in render_card(item, people["secretary"], "zh-CN", CONFIG, late)


async def test_deadlines_count_prc_working_days_across_the_national_day_holiday(db, people):
    """Reported on Wed 30 Sep 2026 with 2 working days: 1–7 Oct are the holiday, so the item is due Fri 9 Oct (Thu 8
    Oct is the first working day, Fri 9 the second)."""
    from datetime import UTC, datetime

    config = ProblemConfig(categories={"燃气安全": 2})
    draft = Draft(kind="problem", grid_id=await grid_id(db), category="燃气安全", description="闻到燃气味")
    reported = datetime(2026, 9, 30, 2, 0, tzinfo=UTC)
    problem_id = await create_problem(db, people["worker"], draft, reported, config)
    async with db.session() as s:
        stored = await s.get(Problem, problem_id)
    assert stored.due_date == date(2026, 10, 9)
