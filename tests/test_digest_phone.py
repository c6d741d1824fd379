"""Digests on a phone (issue 15): one short line per community with only the figures that are not zero, the
communities with nothing to report counted, no "0 | 0 / 0" tables, and a weekly digest about its own week only."""

from __future__ import annotations

import random
import re
from datetime import date
from zoneinfo import ZoneInfo

from sqlalchemy import select

from domain.roles import Role
from reports import digest as render
from services.calendar import cached_work_calendar
from services.digest import Scope, daily_facts, monthly_facts, weekly_facts
from storage.models import Community, Problem, PromptSheet, PromptSheetTarget, WorkLog
from tests.factories import add_person
from tests.reminder_helpers import at
from tests.test_burden import seed_plan, store
from tests.test_digest import _run, _texts, seed

SHANGHAI = ZoneInfo("Asia/Shanghai")
# A table cell or a figure that is zero: "0 | 1", "2 / 0 / 0", "0 项", "逾期未办 0 份", "0 logs".
ZERO_ZH = re.compile(r"\||\d / \d|(?<![\d./%])0 ?(条|份|项|次|人时|户|人(?!/))")
ZERO_EN = re.compile(r"\||\d / \d|(?<![\d./%])0 [a-z]")


def _zeros(text: str, pattern: re.Pattern[str]) -> list[str]:
    return [line for line in text.split("\n") if pattern.search(line)]


async def test_no_tables_and_no_zero_figures_in_any_digest(harness, db):
    seeded = await seed(db)
    # A quiet fourth community: its zeros were rows of "0 | 0 / 0 / 0 / 0 / 0" before.
    await add_person(db, "网格员9", "13900000109", [(Role.GRID_WORKER, "安宁社区")])
    ids = list(seeded.ids.values())
    sheet_plan, meeting_plan = seed_plan(ids, random.Random(3))
    await store(db, await _person(db, seeded.principal), sheet_plan, meeting_plan)
    await _run(harness, "daily", at(2026, 11, 27, 8, 31))
    await _run(harness, "weekly", at(2026, 11, 30, 8, 31))
    await _run(harness, "monthly", at(2026, 12, 1, 8, 31))
    for chat_id in (seeded.principal, seeded.leader, seeded.other_leader):
        text = _texts(harness, chat_id)
        assert "每日简报" in text and "每周简报" in text and "月度简报" in text
        assert _zeros(text, ZERO_ZH) == []
    # The same in English, from the same facts.
    cal = await cached_work_calendar(db)
    async with db.session() as s:
        day = await daily_facts(s, date(2026, 11, 27), cal, SHANGHAI)
        week = await weekly_facts(s, date(2026, 11, 30), cal, SHANGHAI, 24)
        month = await monthly_facts(s, date(2026, 12, 1), SHANGHAI, 24)
        every = frozenset((await s.execute(select(Community.id))).scalars())
    scope = Scope(every, whole=True)
    english = "\n".join(
        render.daily(day, scope, "en", rows=15, nudges=8).parts
        + render.weekly(week, scope, "en", rows=15).parts
        + render.monthly(month, scope, "en", rows=15).parts
    )
    assert "One more community had nothing new this week" in english
    assert _zeros(english, ZERO_EN) == []


async def _person(db, telegram_id: int) -> int:  # type: ignore[no-untyped-def]
    from storage.models import Person

    async with db.session() as s:
        return (await s.execute(select(Person.id).where(Person.telegram_id == telegram_id))).scalar_one()


async def test_quiet_communities_are_counted_not_listed(harness, db):
    seeded = await seed(db)
    for n, name in enumerate(("安宁社区", "长乐社区")):
        await add_person(db, f"网格员{n + 7}", f"1390000011{n}", [(Role.GRID_WORKER, name)])
    await _run(harness, "daily", at(2026, 11, 27, 8, 31))
    await _run(harness, "weekly", at(2026, 11, 30, 8, 31))
    text = _texts(harness, seeded.principal)
    assert "范围：全街道 5 个社区" in text
    assert "另有 2 个社区无新情况（安宁社区、长乐社区）" in text
    assert "另有 2 个社区本周无新情况（安宁社区、长乐社区）" in text
    assert "安宁社区：" not in text and "长乐社区：" not in text  # no line of their own
    for name in ("幸福社区", "和平社区", "光明社区"):  # the busy ones have one line each, in words
        assert re.search(rf"^{name}：纪实 \d+ 条", text, re.M)
    # A leader whose only community had nothing: the count, and no line.
    async with db.session() as s:
        await s.execute(WorkLog.__table__.delete().where(WorkLog.community_id == seeded.ids["光明社区"]))
        await s.execute(Problem.__table__.delete().where(Problem.community_id == seeded.ids["光明社区"]))
    before = len(harness.telegram.texts(seeded.other_leader))
    await _run(harness, "daily", at(2026, 12, 1, 8, 31))
    other = "\n".join(harness.telegram.texts(seeded.other_leader)[before:])
    assert "另有 1 个社区无新情况（光明社区）" in other and "光明社区：" not in other


async def test_a_weeks_digest_counts_that_week_only(harness, db):
    """The week of Monday 23 to Sunday 29 November, in Asia/Shanghai: a log of Sunday 22nd, a problem reported at
    23:30 on the 22nd (15:30 UTC), a prompt sheet of the 20th and an item due on the 20th belong to the week
    before; a problem reported at 00:30 on the 23rd (16:30 UTC on the 22nd) belongs to this one."""
    await add_person(db, "王主任", "13900000001", [(Role.PRINCIPAL_LEADER, None)], telegram_id=501)
    worker = await add_person(db, "网格员0", "13900000100", [(Role.GRID_WORKER, "幸福社区")], telegram_id=600)
    async with db.session() as s:
        community = (await s.execute(select(Community))).scalar_one()
        grid_id = await s.run_sync(lambda _s: community.grids[0].id)

        def log(day: date) -> WorkLog:
            return WorkLog(
                person_id=worker, community_id=community.id, grid_id=grid_id, work_date=day,
                deployment="grid_worker", categories=["fixer"], households=2, content="走访", status="approved",
                version=1, created_at=at(2026, day.month, day.day, 18), submitted_at=at(2026, day.month, day.day, 18),
            )  # fmt: skip

        def problem(reported, due: date, status: str = "reported") -> Problem:  # type: ignore[no-untyped-def]
            return Problem(
                community_id=community.id, grid_id=grid_id, kind="problem", category="safety", description="堵塞",
                status=status, reporter_id=worker, owner_id=worker, urgent=False, escalated=False,
                city_flag=False, photos=[], result_photos=[], due_date=due, reported_at=reported,
                updated_at=reported, urgent_rounds=0,
            )  # fmt: skip

        s.add_all([log(date(2026, 11, 22)) for _ in range(3)] + [log(date(2026, 11, 24))])
        s.add(problem(at(2026, 11, 22, 23, 30), date(2026, 12, 10)))
        s.add(problem(at(2026, 11, 23, 0, 30), date(2026, 12, 10)))
        s.add(problem(at(2026, 11, 16, 10), date(2026, 11, 20)))  # overdue since the week before
        sheet = PromptSheet(
            sender_id=worker, department="党政办", title="t", body="b", due_date=date(2026, 11, 21),
            urgent=False, contact="c", issued_on=date(2026, 11, 20), created_at=at(2026, 11, 20),
        )  # fmt: skip
        s.add(sheet)
        await s.flush()
        s.add(
            PromptSheetTarget(
                sheet_id=sheet.id,
                community_id=community.id,
                status="sent",
                version=1,
                due_date=date(2026, 11, 21),
                result_photos=[],
                updated_at=at(2026, 11, 20),
            )  # fmt: skip
        )
    await _run(harness, "weekly", at(2026, 11, 30, 8, 31))
    text = _texts(harness, 501)
    assert "每周简报</b> 2026年第 48 周（2026-11-23 至 2026-11-29）" in text
    assert "幸福社区：纪实 1 条（走访 2 户），问题 1 项\n" in text + "\n"
    assert "纪实表</b> 1 条，按重点任务：施工员 1" in text
    assert "问题和建议</b>：新增 1 项" in text and "到期" not in text
    assert "提示单 1 份" not in text and "本周无工作提示单和会议" in text
    # The week after, on the bot's clock: the week of 30 November, nothing of the 23rd–29th.
    before = len(harness.telegram.texts(501))
    await _run(harness, "weekly", at(2026, 12, 7, 8, 31))
    last = "\n".join(harness.telegram.texts(501)[before:])
    assert "2026年第 49 周（2026-11-30 至 2026-12-06）" in last
    assert "另有 1 个社区本周无新情况（幸福社区）" in last and "纪实表</b>：本周无纪实" in last
    assert "问题和建议</b>：本周无新增" in last


def test_a_community_line_names_only_its_figures():
    names = {1: "幸福社区", 2: "和平社区", 3: "光明社区"}
    lines = render._community_lines(
        "zh-CN",
        names,
        {
            1: [
                ("digest-fact-logs", {"count": 12}),
                ("digest-fact-unsigned", {"count": 3}),
                ("digest-fact-problems-urgent", {"count": 2, "urgent": 1}),
            ],
            2: [],
            3: [],
        },  # fmt: skip
        [1, 2, 3],
        rows=15,
        quiet_msg="digest-quiet-week",
    )
    assert [str(line) for line in lines] == [
        "幸福社区：纪实 12 条，待签 3 份，问题 2 项（紧急 1）",
        "另有 2 个社区本周无新情况（光明社区、和平社区）",
    ]
