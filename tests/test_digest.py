"""Leaders' digests (issue 7): the numbers for each leader's scope, the length limit, the chart, the schedule, the
nudge, and /digest. Expected figures are counted here from the seed itself, not by the code under test."""

from __future__ import annotations

import os
import random
import re
import warnings
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from sqlalchemy import delete, func, select, update

from domain.roles import Role
from reminders.engine import RunOutcome
from reports import charts
from reports.digest import LIMIT, split_message
from storage.models import (
    AttendanceDay,
    Community,
    DigestNudge,
    LogMonth,
    OutboxMessage,
    Person,
    Problem,
    ProblemEvent,
    ProblemRegister,
    WorkLog,
)
from tests.factories import add_person
from tests.reminder_helpers import at, make_engine

TASKS = ["publicist", "gatekeeper", "fixer", "helper", "servant"]
COMMUNITIES = ["幸福社区", "和平社区", "光明社区"]
LEADER_SCOPE = {"幸福社区", "和平社区"}  # 李分管 is in charge of these two


@dataclass
class Seeded:
    ids: dict[str, int]  # community name → id
    principal: int  # telegram ids
    leader: int
    other_leader: int
    logs: list[dict]
    problems: list[dict]
    attendance: list[dict]
    cadres: dict[int, str]  # paired cadre person id → community name
    owners: dict[str, int]  # community → person id of its grid worker (owner of the items)


async def seed(db) -> Seeded:  # type: ignore[no-untyped-def]
    """November and the first days of December 2026 in three communities, with random but recorded data."""
    rng = random.Random(7)
    await add_person(db, "王主任", "13900000001", [(Role.PRINCIPAL_LEADER, None)], telegram_id=501)
    await add_person(
        db,
        "李分管",
        "13900000002",
        [(Role.LEADER_IN_CHARGE, "幸福社区"), (Role.LEADER_IN_CHARGE, "和平社区")],
        telegram_id=502,
    )
    await add_person(db, "赵分管", "13900000003", [(Role.LEADER_IN_CHARGE, "光明社区")], telegram_id=503)
    owners, cadres = {}, {}
    for n, name in enumerate(COMMUNITIES):
        owners[name] = await add_person(
            db, f"网格员{n}", f"1390000010{n}", [(Role.GRID_WORKER, name)], telegram_id=600 + n
        )
        for k in range(2):
            pid = await add_person(db, f"包联{n}{k}", f"1390000020{n}{k}", [(Role.PAIRED_CADRE, name)])
            cadres[pid] = name
    async with db.session() as s:
        ids = {c.name: c.id for c in (await s.execute(select(Community))).scalars()}
        grids = {c: (await s.execute(select(Community).where(Community.id == ids[c]))).scalar() for c in ids}
        logs, problems, attendance = [], [], []
        for name in COMMUNITIES:
            grid_id = await s.run_sync(lambda _s, n=name: grids[n].grids[0].id)  # noqa: B023
            for day in range(1, 31):
                work_date = date(2026, 11, day)
                for _ in range(rng.randint(0, 2)):
                    cats = rng.sample(TASKS, rng.randint(1, 2))
                    status = rng.choice(["approved", "approved", "submitted", "excluded"])
                    row = {
                        "community": name,
                        "date": work_date,
                        "categories": cats,
                        "households": rng.randint(0, 9),
                        "status": status,
                        "person": owners[name],
                    }
                    logs.append(row)
                    s.add(
                        WorkLog(
                            person_id=owners[name],
                            community_id=ids[name],
                            grid_id=grid_id,
                            work_date=work_date,
                            deployment="grid_worker",
                            categories=cats,
                            households=row["households"],
                            content="走访",
                            status=status,
                            version=1,
                            created_at=at(2026, work_date.month, work_date.day, 18),
                            submitted_at=at(2026, work_date.month, work_date.day, 18),
                        )
                    )
            for i in range(8):
                day = rng.randint(2, 26)
                reported = at(2026, 11, day, 10)
                status = rng.choice(["reported", "accepted", "in_progress", "resolved", "closed"])
                due = date(2026, 11, day) + timedelta(days=rng.choice([2, 5, 40]))
                urgent = i == 0
                problem = Problem(
                    community_id=ids[name],
                    grid_id=grid_id,
                    kind="problem",
                    category="safety",
                    description="消防通道堵塞",
                    status=status,
                    reporter_id=owners[name],
                    owner_id=owners[name],
                    urgent=urgent,
                    escalated=False,
                    city_flag=False,
                    photos=[],
                    result_photos=[],
                    due_date=due,
                    reported_at=reported,
                    updated_at=reported,
                    urgent_rounds=0,
                    urgent_acked_at=reported if urgent and name == "幸福社区" else None,
                )
                s.add(problem)
                await s.flush()
                events = [("report", reported, owners[name])]
                response_hours = rng.choice([2, 30])
                if status != "reported":
                    events.append(("accept", reported + timedelta(hours=response_hours), None))
                if status in ("resolved", "closed"):
                    events.append(("resolve", reported + timedelta(hours=40), None))
                verdict = None
                if status == "closed":
                    verdict = rng.choice(["confirm", "confirm", "not_fixed"])
                    events.append((verdict, reported + timedelta(hours=50), owners[name]))
                for move, when, actor in events:
                    s.add(
                        ProblemEvent(
                            problem_id=problem.id, at=when, actor_id=actor, move=move, to_status=status
                        )
                    )
                problems.append(
                    {
                        "community": name,
                        "reported": reported,
                        "status": status,
                        "due": due,
                        "urgent": urgent,
                        "responded": status != "reported" and response_hours <= 24,
                        "verdict": verdict,
                        "resolved_at": reported + timedelta(hours=40)
                        if status in ("resolved", "closed")
                        else None,
                        "id": problem.id,
                    }
                )
        # Attendance in the week of 23–27 November (5 working days): each cadre 0–3 days.
        for pid, name in cadres.items():
            days = rng.sample(range(23, 28), rng.randint(0, 3))
            for d in days:
                s.add(
                    AttendanceDay(
                        person_id=pid,
                        community_id=ids[name],
                        day=date(2026, 11, d),
                        checkin_at=at(2026, 11, d, 9),
                    )
                )
            attendance.append({"community": name, "days": len(days)})
        # November's submissions: 幸福 on time, 和平 late, 光明 none; registers: 幸福 signed, 和平 submitted.
        s.add(LogMonth(community_id=ids["幸福社区"], month=date(2026, 11, 1), status="submitted", late=False,
                       submitted_at=at(2026, 12, 1, 9)))  # fmt: skip
        s.add(LogMonth(community_id=ids["和平社区"], month=date(2026, 11, 1), status="submitted", late=True,
                       submitted_at=at(2026, 12, 8, 9)))  # fmt: skip
        s.add(ProblemRegister(community_id=ids["幸福社区"], year=2026, month=11, submitted_at=at(2026, 12, 1, 9),
                              signed_at=at(2026, 12, 1, 11)))  # fmt: skip
        s.add(
            ProblemRegister(
                community_id=ids["和平社区"], year=2026, month=11, submitted_at=at(2026, 12, 1, 9)
            )
        )
    return Seeded(ids, 501, 502, 503, logs, problems, attendance, cadres, owners)


TASK_LABELS = ["宣传员", "守门员", "施工员", "帮办员", "勤务员"]


def _nonzero(*parts: tuple[str, int]) -> str:
    """The digest's way of listing figures: those that are not zero, joined by "，"."""
    return "，".join(label.format(n) for label, n in parts if n)


def _texts(harness, chat_id: int) -> str:  # type: ignore[no-untyped-def]
    return "\n".join(harness.telegram.texts(chat_id))


async def _run(harness, kind: str, when) -> None:  # type: ignore[no-untyped-def]
    harness.clock.now = when
    engine = make_engine(harness.db, harness.settings, harness.clock)
    result = await engine.run_kind(f"digest-{kind}", when)
    assert result.outcome is RunOutcome.RAN
    await harness.deliver()


# --- daily ------------------------------------------------------------------------------------------------------


async def test_daily_digest_numbers_for_each_leaders_scope(harness, db):
    seeded = await seed(db)
    await _run(harness, "daily", at(2026, 11, 27, 8, 31))  # a Friday: "yesterday" is Thursday 26 November
    today = date(2026, 11, 27)
    for chat_id, scope in ((seeded.principal, set(COMMUNITIES)), (seeded.leader, LEADER_SCOPE)):
        text = _texts(harness, chat_id)
        yesterday = [r for r in seeded.logs if r["date"] == date(2026, 11, 26) and r["community"] in scope]
        kept = [r for r in yesterday if r["status"] != "excluded"]
        people = len({r["person"] for r in kept})
        households = sum(r["households"] for r in kept)
        unsigned = sum(1 for r in seeded.logs if r["community"] in scope and r["status"] == "submitted")
        assert f"合计：纪实 {len(kept)} 条（{people} 人，走访 {households} 户），待签 {unsigned} 份" in text
        overdue = [
            p for p in seeded.problems
            if p["community"] in scope and p["status"] not in ("resolved", "closed") and p["due"] < today
        ]  # fmt: skip
        assert f"逾期事项</b> {len(overdue)} 项" in text
        for item in overdue[:15]:
            assert f"#{item['id']} " in text
        # 即报即办 of the last working day, or still not acknowledged.
        urgent = [
            p for p in seeded.problems
            if p["community"] in scope and p["urgent"]
            and (p["reported"] >= at(2026, 11, 26, 0) or (p["community"] != "幸福社区" and p["status"] not in ("resolved", "closed")))
        ]  # fmt: skip
        open_urgent = sum(1 for p in urgent if p["community"] != "幸福社区")
        assert f"新增 {len(urgent)} 项，未签收 {open_urgent} 项" in text
        assert all(len(part) <= LIMIT for part in harness.telegram.texts(chat_id))
    leader_text = _texts(harness, seeded.leader)
    assert "光明社区" not in leader_text  # not in 李分管's scope
    assert "范围：全街道 3 个社区" in _texts(harness, seeded.principal)


async def test_a_digest_goes_out_once_with_its_chart(harness, db):
    seeded = await seed(db)
    engine = make_engine(harness.db, harness.settings, harness.clock)
    when = at(2026, 11, 27, 8, 31)
    assert (await engine.run_kind("digest-daily", when)).outcome is RunOutcome.RAN
    assert (await engine.run_kind("digest-daily", when + timedelta(minutes=15))).outcome is RunOutcome.ALREADY
    assert (await engine.run_kind("digest-daily", at(2026, 11, 28, 8, 31))).outcome is RunOutcome.NON_WORKING
    assert (await engine.run_kind("digest-weekly", when)).outcome is RunOutcome.NOT_DUE  # Friday
    async with db.session() as s:
        keys = (await s.execute(select(OutboxMessage.key, OutboxMessage.method))).all()
    readers = {key.split(":")[3] for key, _ in keys if key.startswith("digest:daily:2026-11-27:")}
    async with db.session() as s:
        expected = {
            str(pid)
            for pid in (
                await s.execute(select(Person.id).where(Person.telegram_id.in_([501, 502, 503])))
            ).scalars()
        }
    assert readers == expected  # every principal leader and leader in charge, nobody else
    if charts.cjk_font():
        assert sum(1 for _, method in keys if method == "sendPhoto") == 3
        await harness.deliver()
        photos = [p for p in harness.telegram.photos if p["chat_id"] == seeded.leader]
        assert len(photos) == 1 and photos[0]["content"].startswith(b"\x89PNG")


async def test_a_digest_run_deletes_the_charts_of_more_than_a_week_ago(harness, db):
    """Charts are files under MEDIA_DIR/digests; each digest run deletes those drawn more than CHART_KEEP_DAYS ago
    (the day is in the name) and nothing else there."""
    folder = harness.settings.media_dir / "digests"
    folder.mkdir(parents=True, exist_ok=True)
    names = {
        "old": "daily-2026-11-19-0123456789ab.png",  # 8 days before 27 November
        "kept": "weekly-2026-11-20-0123456789ab.png",  # 7 days before: still kept
        "other": "notes-2026-01-01.txt",  # not a chart
    }
    for name in names.values():
        (folder / name).write_bytes(b"x")
    await seed(db)
    engine = make_engine(harness.db, harness.settings, harness.clock)
    assert (await engine.run_kind("digest-daily", at(2026, 11, 27, 8, 31))).outcome is RunOutcome.RAN
    left = {path.name for path in folder.iterdir()}
    assert names["old"] not in left and {names["kept"], names["other"]} <= left


# --- weekly and monthly -----------------------------------------------------------------------------------------


def _rates(problems: list[dict], start, end) -> tuple[str, str, str]:  # type: ignore[no-untyped-def]
    def pct(a: int, b: int) -> str:
        return f"{round(100 * a / b)}%" if b else "—"

    reported = [p for p in problems if start <= p["reported"] < end]
    responded = sum(1 for p in reported if p["responded"])
    resolved = sum(1 for p in reported if p["status"] in ("resolved", "closed"))
    verdicts = [p for p in problems if p["verdict"] and start <= p["reported"] + timedelta(hours=50) < end]
    confirmed = sum(1 for p in verdicts if p["verdict"] == "confirm")
    return pct(responded, len(reported)), pct(resolved, len(reported)), pct(confirmed, len(verdicts))


async def test_weekly_digest_attendance_tasks_problems_and_rates(harness, db):
    seeded = await seed(db)
    await _run(harness, "weekly", at(2026, 11, 30, 8, 31))  # Monday: the week of 23–29 November
    start, end = at(2026, 11, 23, 0), at(2026, 11, 30, 0)
    for chat_id, scope in ((seeded.principal, set(COMMUNITIES)), (seeded.leader, LEADER_SCOPE)):
        text = _texts(harness, chat_id)
        rows = [a for a in seeded.attendance if a["community"] in scope]
        compliant = sum(1 for a in rows if a["days"] >= 2)
        assert f"达标 {compliant}/{len(rows)} 人" in text
        for name in scope:
            mine = [a for a in rows if a["community"] == name]
            done = sum(1 for a in mine if a["days"] >= 2)
            line = f"{name}：达标 {done}/{len(mine)} 人，共 {sum(a['days'] for a in mine)} 天，未达标："
            assert (line in text) == (done < len(mine))  # only the communities with someone short are listed
        met = {a["community"] for a in rows} - {a["community"] for a in rows if a["days"] < 2}
        assert (f"另有 {len(met)} 个社区全部达标" in text) == bool(met)
        week = [
            r for r in seeded.logs
            if r["community"] in scope and date(2026, 11, 23) <= r["date"] < date(2026, 11, 30) and r["status"] != "excluded"
        ]  # fmt: skip
        per_task = Counter(c for r in week for c in r["categories"])
        shown = "、".join(
            f"{label} {per_task[t]}" for t, label in zip(TASKS, TASK_LABELS, strict=True) if per_task[t]
        )
        assert f"纪实表</b> {len(week)} 条，按重点任务：{shown}" in text
        mine = [p for p in seeded.problems if p["community"] in scope]
        opened = sum(1 for p in mine if start <= p["reported"] < end)
        resolved = sum(1 for p in mine if p["resolved_at"] and start <= p["resolved_at"] < end)
        overdue = sum(  # due in the week and still open: the week's items only
            1 for p in mine
            if p["status"] not in ("resolved", "closed") and date(2026, 11, 23) <= p["due"] < date(2026, 11, 30)
        )  # fmt: skip
        assert (
            "："
            + _nonzero(("新增 {} 项", opened), ("办结 {} 项", resolved), ("本周到期仍未办结 {} 项", overdue))
            in text
        )
        response, resolution, satisfaction = _rates(mine, start, end)
        assert f"响应率 {response} · 解决率 {resolution} · 满意率 {satisfaction}" in text


async def test_monthly_digest_submission_status(harness, db):
    seeded = await seed(db)
    await _run(harness, "monthly", at(2026, 12, 1, 8, 31))  # Tuesday 1 December: November
    text = _texts(harness, seeded.principal)
    assert "月度简报</b> 2026-11" in text
    assert "按时 1，逾期报送 1，未报送 1（共 3 个社区）" in text
    assert "逾期报送：和平社区" in text and "未报送：光明社区" in text
    assert "已签字 1，待签字 1，未报送 1（共 3 个社区）" in text
    response, resolution, satisfaction = _rates(seeded.problems, at(2026, 11, 1, 0), at(2026, 12, 1, 0))
    assert f"响应率 {response} · 解决率 {resolution} · 满意率 {satisfaction}" in text
    leader = _texts(harness, seeded.leader)
    assert "按时 1，逾期报送 1（共 2 个社区）" in leader and "光明社区" not in leader


# --- length and chart -------------------------------------------------------------------------------------------


def test_long_sections_are_split_between_lines_never_inside_a_row():
    rows = [f"社区{i:03d}：纪实 {i} 条 · {i % 7} 人 · {i * 3} 户" for i in range(400)]
    text = "标题\n范围\f📝 纪实表\n" + "\n".join(rows) + "\f📮 问题\n新增 3 项"
    parts = split_message(text, cont="（续）")
    assert all(len(p) <= LIMIT for p in parts) and len(parts) >= 3
    lines = [line for p in parts for line in p.split("\n")]
    assert all(row in lines for row in rows)  # every row whole, in one message
    assert parts[1].startswith("📝 纪实表\n") and parts[2].startswith("📝 纪实表（续）\n")  # title repeated
    assert parts[-1].endswith("📮 问题\n新增 3 项")


async def test_a_whole_district_digest_is_summarised_within_the_limit(harness, db):
    await add_person(db, "王主任", "13900000001", [(Role.PRINCIPAL_LEADER, None)], telegram_id=501)
    for i in range(200):
        await add_person(db, f"网格员{i}", f"1370000{i:04d}", [(Role.GRID_WORKER, f"第{i:03d}号社区")])
    await _run(harness, "daily", at(2026, 11, 27, 8, 31))
    texts = harness.telegram.texts(501)
    assert all(len(t) <= LIMIT for t in texts)
    joined = "\n".join(texts)
    assert "另有 200 个社区无新情况" in joined and "范围：全街道 200 个社区" in joined


# CI installs the font and sets REQUIRE_CJK_FONT=1, so there a missing font fails instead of skipping.
needs_cjk_font = pytest.mark.skipif(
    charts.cjk_font() is None and not os.environ.get("REQUIRE_CJK_FONT"),
    reason="no CJK font installed (Debian: fonts-noto-cjk); charts are left out",
)


@needs_cjk_font
def test_charts_render_chinese_text_without_missing_glyphs():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        bars = charts.bar_chart(
            "包联干部下沉达标率（%）",
            [("幸福社区", 50.0), ("和平社区", 100.0)],
            empty="暂无数据",
            percent=True,
        )
        funnel = charts.funnel_chart(
            "问题和建议办理情况",
            [("上报", 10), ("及时响应", 8), ("已办结", 5), ("确认解决", 4)],
            empty="暂无",
        )
    assert bars and bars.startswith(b"\x89PNG") and funnel and funnel.startswith(b"\x89PNG")
    missing = [w for w in caught if re.search("missing from|Glyph", str(w.message))]
    assert missing == []


def test_a_font_without_chinese_would_be_caught():
    """The glyph check above can fail: DejaVu Sans alone draws boxes for Chinese and matplotlib warns."""
    import matplotlib
    from matplotlib.figure import Figure

    with (
        warnings.catch_warnings(record=True) as caught,
        matplotlib.rc_context({"font.family": ["DejaVu Sans"]}),
    ):
        warnings.simplefilter("always")
        figure = Figure()
        figure.add_subplot().set_title("幸福社区")
        figure.savefig(__import__("io").BytesIO(), format="png")
    assert any("missing from" in str(w.message) for w in caught)


# --- nudge ------------------------------------------------------------------------------------------------------


async def _overdue_item(seeded: Seeded, community: str) -> dict:
    return next(
        p for p in seeded.problems
        if p["community"] == community and p["status"] not in ("resolved", "closed") and p["due"] < date(2026, 11, 27)
    )  # fmt: skip


async def _nudges_in_outbox(db) -> list[OutboxMessage]:  # type: ignore[no-untyped-def]
    async with db.session() as s:
        return list(
            (await s.execute(select(OutboxMessage).where(OutboxMessage.key.like("nudge:%")))).scalars()
        )


async def test_nudge_reminds_the_owner_once_through_the_outbox(harness, db):
    seeded = await seed(db)
    await _run(harness, "daily", at(2026, 11, 27, 8, 31))
    item = await _overdue_item(seeded, "幸福社区")
    leader = harness.user(seeded.leader)
    digest = next(
        m for m in leader.messages() if any(d.startswith("dgn:") for row in m.inline for _, d in row)
    )
    callback = await leader.press_data(f"dgn:{item['id']}", digest)
    assert leader.answer(callback)["text"] == "已催办，已通知 网格员0。"
    await harness.deliver()
    owner_texts = harness.telegram.texts(600)
    assert sum(f"逾期事项 #{item['id']}" in t for t in owner_texts) == 1
    assert "李分管 提醒您" in owner_texts[-1]
    # Pressed again, by the same leader or by the principal leader: told, not sent again.
    callback = await leader.press_data(f"dgn:{item['id']}", digest)
    assert "今天已催办过此事项（李分管）" in leader.answer(callback)["text"]
    principal = harness.user(seeded.principal)
    callback = await principal.press_data(f"dgn:{item['id']}", digest)
    assert "今天已催办过" in principal.answer(callback)["text"]
    await harness.deliver()
    assert len(await _nudges_in_outbox(db)) == 1
    assert sum(f"逾期事项 #{item['id']}" in t for t in harness.telegram.texts(600)) == 1


async def test_nudge_refusals_change_nothing(harness, db):
    seeded = await seed(db)
    await _run(harness, "daily", at(2026, 11, 27, 8, 31))
    outside = await _overdue_item(seeded, "光明社区")
    leader = harness.user(seeded.leader)
    digest = next(m for m in leader.messages() if m.inline)
    cases = [
        (f"dgn:{outside['id']}", "不在您的分管范围内"),  # another leader's community
        ("dgn:999999", "已办结或不再逾期"),  # forged id
        ("dgn:abc", "已办结或不再逾期"),
    ]
    done = next(p for p in seeded.problems if p["community"] == "幸福社区" and p["status"] == "closed")
    cases.append((f"dgn:{done['id']}", "已办结或不再逾期"))  # a stale button: the item is done
    for data, expected in cases:
        callback = await leader.press_data(data, digest)
        assert expected in leader.answer(callback)["text"]
    # A grid worker (no digest role) pressing a forwarded button.
    worker = harness.user(601)
    item = await _overdue_item(seeded, "和平社区")
    callback = await worker.press_data(f"dgn:{item['id']}", digest)
    assert "不在您的分管范围内" in worker.answer(callback)["text"]
    assert await _nudges_in_outbox(db) == []


# --- /digest ----------------------------------------------------------------------------------------------------


async def test_digest_command_shows_the_readers_scope_on_demand(harness, db):
    seeded = await seed(db)
    harness.clock.now = at(2026, 11, 27, 15, 0)
    leader = harness.user(seeded.leader)
    await leader.send("/digest")
    assert "范围：幸福社区、和平社区" in leader.last().text
    await leader.press("📅 今日简报")
    text = "\n".join(m.text for m in leader.messages())
    assert "每日简报</b> 2026-11-27" in text and "光明社区" not in text
    assert leader.last().text.startswith("📊 <b>工作简报</b>")  # the chooser again, under the digest
    async with db.session() as s:
        assert (await s.execute(select(func.count(OutboxMessage.id)))).scalar() == 0  # a reply, not queued


async def test_digest_command_refused_without_the_role(harness, db):
    await seed(db)
    worker = harness.user(600)
    await worker.send("/digest")
    assert "无权使用“📊 工作简报”" in worker.last().text


async def test_monthly_digest_burden_counts_match_the_database(harness, db):
    """Issue 8's burden count in the leaders' monthly digest: prompt sheets, meetings, people-hours per community
    and what each department asked, counted here from the seeded plan."""
    from tests.test_burden import seed_plan, store

    seeded = await seed(db)
    ids = list(seeded.ids.values())
    sheet_plan, meeting_plan = seed_plan(ids, random.Random(11))
    async with db.session() as s:
        sender = await s.scalar(select(Person.id).where(Person.telegram_id == seeded.principal))
    await store(db, sender, sheet_plan, meeting_plan)
    await _run(harness, "monthly", at(2026, 12, 1, 8, 31))
    start, end, today = date(2026, 11, 1), date(2026, 11, 30), date(2026, 12, 1)
    for chat_id, scope in ((seeded.principal, set(COMMUNITIES)), (seeded.leader, LEADER_SCOPE)):
        wanted = {seeded.ids[name] for name in scope}
        sheets = sum(
            1
            for issued, _, _, targets in sheet_plan
            for c, _, _ in targets
            if c in wanted and start <= issued <= end
        )
        overdue = sum(
            1 for _, due, _, targets in sheet_plan for c, status, done_on in targets
            if c in wanted and start <= due <= end
            and ((status == "done" and done_on > due) or (status != "done" and due < today))
        )  # fmt: skip
        approved = [(minutes, people) for day, status, minutes, _, people in meeting_plan
                    if status == "approved" and start <= day <= end]  # fmt: skip
        meetings = sum(1 for _, people in approved for c in people if c in wanted)
        hours = sum(
            n * minutes / 60 for minutes, people in approved for c, n in people.items() if c in wanted
        )
        shown = f"{hours:.1f}".removesuffix(".0")
        text = _texts(harness, chat_id)
        assert sheets and overdue and meetings  # the seeded plan has each: the line shows them all
        assert (
            f"工作提示单 {sheets} 份（逾期未办 {overdue} 份），会议 {meetings} 次，占用 {shown} 人时" in text
        )
    # Per department, for the whole sub-district only.
    departments: dict[str, Counter] = {}
    for issued, _, dept, _ in sheet_plan:
        if start <= issued <= end:
            departments.setdefault(dept, Counter())["sheets"] += 1
    for day, status, _, dept, _ in meeting_plan:
        if start <= day <= end:
            departments.setdefault(dept, Counter())["all meetings"] += 1  # "filed" is also a status
            departments[dept][status] += 1
    principal = _texts(harness, seeded.principal)
    for dept, n in departments.items():
        outcome = _nonzero(
            ("批准 {}", n["approved"]), ("不予召开 {}", n["declined"]), ("合并 {}", n["merged"])
        )
        meetings = f"报备会议 {n['all meetings']} 次" + (f"（{outcome}）" if outcome else "")
        asked = _nonzero(("发提示单 {} 份", n["sheets"]), (meetings, n["all meetings"]))
        assert f"{dept}：{asked}\n" in principal + "\n"

    assert "各部门" not in _texts(harness, seeded.leader)


async def test_facts_are_the_same_on_postgresql(any_db, settings):
    """The grouped queries (tasks counted from JSON by the database, first responses, submissions) on both
    databases: the week's and the month's figures against the seed."""
    from zoneinfo import ZoneInfo

    from services.calendar import cached_work_calendar
    from services.digest import monthly_facts, weekly_facts

    seeded = await seed(any_db)
    tz = ZoneInfo("Asia/Shanghai")
    cal = await cached_work_calendar(any_db)
    async with any_db.session() as s:
        week = await weekly_facts(s, date(2026, 11, 30), cal, tz, 24)
        month = await monthly_facts(s, date(2026, 12, 1), tz, 24)
    for facts, start, end in (
        (week, date(2026, 11, 23), date(2026, 11, 30)),
        (month.period, date(2026, 11, 1), date(2026, 12, 1)),
    ):
        for name, cid in seeded.ids.items():
            logs = [
                r
                for r in seeded.logs
                if r["community"] == name and start <= r["date"] < end and r["status"] != "excluded"
            ]
            assert dict(facts.tasks.get(cid, Counter())) == dict(
                Counter(c for r in logs for c in r["categories"])
            )
            assert facts.opened.get(cid, 0) == sum(
                1 for p in seeded.problems if p["community"] == name and at(start.year, start.month, start.day, 0) <= p["reported"] < at(end.year, end.month, end.day, 0)
            )  # fmt: skip
    assert {c: s.logs for c, s in month.submissions.items()} == {
        seeded.ids["幸福社区"]: "submitted",
        seeded.ids["和平社区"]: "late",
        seeded.ids["光明社区"]: "none",
    }


async def test_nudge_for_an_owner_not_on_the_bot_is_refused_and_not_stored(harness, db):
    seeded = await seed(db)
    await _run(harness, "daily", at(2026, 11, 27, 8, 31))
    item = await _overdue_item(seeded, "幸福社区")
    async with db.session() as s:  # the grid worker who owns it never joined (or left)
        await s.execute(update(Person).where(Person.telegram_id == 600).values(active=False))
    leader = harness.user(seeded.leader)
    digest = next(m for m in leader.messages() if m.inline)
    callback = await leader.press_data(f"dgn:{item['id']}", digest)
    assert "网格员0 尚未绑定机器人或已停用" in leader.answer(callback)["text"]
    assert await _nudges_in_outbox(db) == []
    async with db.session() as s:
        assert (await s.execute(select(func.count(DigestNudge.id)))).scalar() == 0


async def test_department_staff_read_digests_but_do_not_nudge(harness, db):
    seeded = await seed(db)
    await add_person(
        db, "陈静", "13900000009", [(Role.DEPARTMENT_STAFF, None)], telegram_id=509, department="经济发展办"
    )
    harness.clock.now = at(2026, 11, 27, 15, 0)
    staff = harness.user(509)
    await staff.send("/digest")
    await staff.press("📅 今日简报")
    shown = [m for m in staff.messages() if "每日简报" in m.text or "逾期事项" in m.text]
    assert shown and not any(
        d.startswith("dgn:") for m in staff.messages() for row in m.inline for _, d in row
    )
    item = await _overdue_item(seeded, "幸福社区")
    callback = await staff.press_data(f"dgn:{item['id']}", shown[0])
    assert "不在您的分管范围内" in staff.answer(callback)["text"]
    assert await _nudges_in_outbox(db) == []


async def test_a_chart_that_fails_leaves_the_digest_without_it(monkeypatch):
    def broken(_spec):  # type: ignore[no-untyped-def]
        raise RuntimeError("matplotlib fell over")

    monkeypatch.setattr(charts, "render", broken)
    spec = charts.ChartSpec("bar", "标题", (("幸福社区", 1.0),), "暂无数据")
    assert await charts.render_all([spec, spec]) == [None, None]


def test_a_line_as_long_as_a_message_is_shortened_not_sent_over_the_limit():
    parts = split_message("标题\n" + "短行\n" * 3 + "长" * 5000, cont="（续）")
    assert all(len(p) <= LIMIT for p in parts)
    assert parts[-1].startswith("标题（续）\n长") and parts[-1].endswith("…")


async def test_funnel_ends_with_the_months_items_the_reporters_confirmed(harness, db):
    from zoneinfo import ZoneInfo

    from reports.digest import monthly_chart
    from services.digest import Scope, monthly_facts

    seeded = await seed(db)
    async with db.session() as s:
        facts = await monthly_facts(s, date(2026, 12, 1), ZoneInfo("Asia/Shanghai"), 24)
    plan = monthly_chart(facts, Scope(frozenset(seeded.ids.values()), whole=True), "zh-CN")
    stages = dict(plan.spec.items)
    november = [p for p in seeded.problems if at(2026, 11, 1, 0) <= p["reported"] < at(2026, 12, 1, 0)]
    assert stages["上报"] == len(november)
    assert stages["已办结"] == sum(1 for p in november if p["status"] in ("resolved", "closed"))
    assert stages["确认解决"] == sum(1 for p in november if p["status"] == "closed") <= stages["已办结"]


async def test_a_chart_with_nothing_on_it_is_not_sent(harness, db):
    """A day without a single log in the leader's communities: the text says so, and no empty chart goes out with it
    (issue 15)."""
    seeded = await seed(db)
    engine = make_engine(harness.db, harness.settings, harness.clock)
    async with db.session() as s:
        await s.execute(delete(WorkLog))  # nobody logged anything
    assert (await engine.run_kind("digest-daily", at(2026, 11, 27, 8, 31))).outcome is RunOutcome.RAN
    async with db.session() as s:
        methods = [m for (m,) in (await s.execute(select(OutboxMessage.method))).all()]
    assert methods and "sendPhoto" not in methods
    await harness.deliver()
    assert _texts(harness, seeded.leader)  # the digest itself went out
    assert not [p for p in harness.telegram.photos if p["chat_id"] == seeded.leader]
