"""Reminders of the monthly records and of problem items, with a frozen clock around the November 2026 deadlines.

November's 纪实表 and 交办登记表 are due on the 5th of December, a Saturday: the deadline moves to the next working day,
Monday 7 December (domain.workcalendar.monthly_deadline), three working days before it is Wednesday 2 December, and
"overdue" goes out on Tuesday 8 December and then each Monday until the month is submitted.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from domain.roles import Role
from storage.models import LogMonth, ProblemRegister, WorkLogDraft
from tests.factories import NOW, add_person
from tests.reminder_helpers import accepted_problem, at, make_engine, queued
from tests.test_reminders import _walk
from tests.test_worklog import add_log


async def test_deadline_reminders_before_on_the_day_and_overdue_until_submitted(db, settings, clock):
    secretary = await add_person(db, "书记", "13800000005", [(Role.SECRETARY, "幸福社区")], telegram_id=5)
    cadre = await add_person(db, "包联", "13800000001", [(Role.PAIRED_CADRE, "幸福社区")], telegram_id=1)
    worker = await add_person(db, "网格员", "13800000002", [(Role.GRID_WORKER, "幸福社区")], telegram_id=2)
    leader = await add_person(db, "主要领导", "13800000009", [(Role.PRINCIPAL_LEADER, None)], telegram_id=9)
    await add_log(db, cadre, 1, date(2026, 11, 20), "returned")
    async with db.session() as s:
        s.add(WorkLogDraft(person_id=worker, data={"date": "2026-11-30"}, updated_at=NOW))
        # October went in on time and its register is signed.
        s.add(
            LogMonth(
                community_id=1, month=date(2026, 10, 1), status="submitted", submitted_at=at(2026, 11, 3)
            )
        )
        s.add(
            ProblemRegister(
                community_id=1, year=2026, month=10, submitted_at=at(2026, 11, 3), signed_at=at(2026, 11, 4)
            )
        )
        s.add(accepted_problem(worker, secretary, date(2026, 12, 2), reported=NOW))
    engine = make_engine(db, settings, clock)
    await _walk(engine, date(2026, 11, 30), date(2026, 12, 9))
    # November is submitted (logs and register) on 10 December; the register still waits for its signature.
    async with db.session() as s:
        s.add(
            LogMonth(
                community_id=1, month=date(2026, 11, 1), status="submitted", submitted_at=at(2026, 12, 10)
            )
        )
        s.add(
            ProblemRegister(
                community_id=1, year=2026, month=11, submitted_by=secretary, submitted_at=at(2026, 12, 10)
            )
        )
    await _walk(engine, date(2026, 12, 10), date(2026, 12, 14))

    sent = await queued(db)
    days: dict[tuple[str, int], list[date]] = defaultdict(list)
    for q in sent:
        days[(q.kind, q.person_id)].append(q.day)
    D = lambda m, d: date(2026, m, d)  # noqa: E731
    assert days[("logs-deadline", secretary)] == [D(12, 2), D(12, 7), D(12, 8)]  # not on the 14th: submitted
    assert days[("logs-deadline", cadre)] == [D(12, 2), D(12, 7)]  # the returned log
    assert days[("logs-deadline", worker)] == [D(12, 2), D(12, 7)]  # the unfinished draft
    assert days[("register-deadline", secretary)] == [D(12, 2), D(12, 7), D(12, 8)]
    assert days[("register-unsigned", leader)] == [
        D(12, 14)
    ]  # submitted on the 10th, unsigned on Monday the 14th
    # The item due on 2 December: a working day ahead (1 Dec), on the day, then every working day while overdue.
    assert days[("problem-items", secretary)] == [
        D(12, 1),
        D(12, 2),
        D(12, 3),
        D(12, 4),
        D(12, 7),
        D(12, 8),
        D(12, 9),
        D(12, 10),
        D(12, 11),
        D(12, 14),
    ]

    text = {(q.kind, q.person_id, q.day): q.text for q in sent}
    assert (
        "2026年11月的网格工作纪实表报送期限为 2026-12-07（幸福社区）"
        in text[("logs-deadline", secretary, D(12, 2))]
    )
    assert (
        "请今天报送：2026年11月纪实表的报送期限为 2026-12-07" in text[("logs-deadline", secretary, D(12, 7))]
    )
    assert "已超过报送期限（2026-12-07）" in text[("logs-deadline", secretary, D(12, 8))]
    assert "报送党政办的期限为 2026-12-07" in text[("register-deadline", secretary, D(12, 2))]
    assert "您有 1 份被退回的纪实表尚未重新提交" in text[("logs-deadline", cadre, D(12, 2))]
    assert "未填完的纪实表" in text[("logs-deadline", worker, D(12, 7))]
    assert "⚠️ #1 路灯损坏（12-02）" in text[("problem-items", secretary, D(12, 3))]
    assert "⏰ #1 路灯损坏（12-02）" in text[("problem-items", secretary, D(12, 1))]
    assert {q.hour for q in sent} == {9}
    assert len({(q.kind, q.person_id, q.period) for q in sent}) == len(sent)  # every slot fired twice an hour


async def test_problem_items_and_unsigned_registers_to_english_readers(db, settings, clock):
    from storage.models import UserPref

    secretary = await add_person(db, "书记", "13800000005", [(Role.SECRETARY, "幸福社区")], telegram_id=5)
    worker = await add_person(db, "网格员", "13800000002", [(Role.GRID_WORKER, "幸福社区")], telegram_id=2)
    await add_person(db, "主要领导", "13800000009", [(Role.PRINCIPAL_LEADER, None)], telegram_id=9)
    async with db.session() as s:
        s.add_all([UserPref(telegram_id=5, locale="en"), UserPref(telegram_id=9, locale="en")])
        for month in (10, 11):
            s.add(ProblemRegister(community_id=1, year=2026, month=month, submitted_at=at(2026, 12, 1)))
        for description, due in (("路灯损坏", date(2026, 11, 30)), ("井盖缺失", date(2026, 12, 2))):
            s.add(accepted_problem(worker, secretary, due, description, reported=NOW))
    engine = make_engine(db, settings, clock)
    await engine.run_kind("problem-items", at(2026, 12, 1, 9))
    await engine.run_kind(
        "register-unsigned", at(2026, 12, 7, 9)
    )  # November's register deadline (5th: Saturday)
    text = {q.kind: q.text for q in await queued(db)}
    assert "⚠️ #1 路灯损坏 (due 11-30)\n⏰ #2 井盖缺失 (due 12-02)" in text["problem-items"]
    assert "幸福社区 (2026-10), 幸福社区 (2026-11)" in text["register-unsigned"]
    for reminder in text.values():
        assert not any(mark in reminder for mark in "（）、："), reminder
