"""Reminders with a frozen clock: a month around the National Day holiday week (make-up Sunday 20 Sep and make-up
Saturday 10 Oct 2026), nothing at night or on days off, mutes, exactly once, and the calendar for unknown years."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from sqlalchemy import func, select

from bot.sender import OutboxSender, RateLimiter
from domain.roles import Role
from reminders.engine import Due, ReminderEngine, ReminderKind, RunOutcome
from services.attendance import check_in
from services.calendar import load_work_calendar, store_calendar
from services.reminders import mute
from storage.db import Database
from storage.models import OutboxMessage, ReminderRun
from tests.factories import add_person
from tests.reminder_helpers import SHANGHAI, at, make_engine, queued
from tests.tg import make_fake_bot

COMMUNITY = "幸福社区"


async def _people(db: Database) -> dict[str, int]:
    ids = {
        "paired_a": await add_person(
            db, "包联甲", "13800000001", [(Role.PAIRED_CADRE, COMMUNITY)], telegram_id=1, department="党政办"
        ),
        "paired_b": await add_person(
            db, "包联乙", "13800000002", [(Role.PAIRED_CADRE, COMMUNITY)], telegram_id=2, department="党政办"
        ),
        "paired_d": await add_person(
            db, "包联丁", "13800000004", [(Role.PAIRED_CADRE, COMMUNITY)], telegram_id=4, department="党政办"
        ),
        "seconded": await add_person(
            db, "下沉丙", "13800000003", [(Role.SECONDED_CADRE, COMMUNITY)], telegram_id=3
        ),
        "secretary": await add_person(
            db, "书记", "13800000005", [(Role.SECRETARY, COMMUNITY)], telegram_id=5
        ),
        "leader": await add_person(
            db, "分管领导", "13800000006", [(Role.LEADER_IN_CHARGE, COMMUNITY)], telegram_id=6
        ),
        "admin": await add_person(db, "管理员", "13800000007", [(Role.ADMIN, None)], telegram_id=7),
        "unbound": await add_person(
            db, "未绑定", "13800000008", [(Role.PAIRED_CADRE, COMMUNITY)], department="党政办"
        ),
    }
    return ids


async def _walk(
    engine: ReminderEngine, start: date, end: date, step_minutes: int = 60, fires: int = 2
) -> None:
    """Every `step_minutes`, day and night, the scheduler fires every kind `fires` times."""
    moment = at(start.year, start.month, start.day, 0, 0)
    stop = at(end.year, end.month, end.day, 23, 59)
    while moment <= stop:
        for _ in range(fires):
            await engine.run_due(moment)
        moment += timedelta(minutes=step_minutes)


async def test_a_month_around_the_national_day_holiday(db, settings, clock):
    ids = await _people(db)
    tz = SHANGHAI
    cal = await load_work_calendar(db)
    # 甲 meets week 38 on Monday and Tuesday; 丁 has one day in week 39; 乙 never checks in; 丙 is seconded.
    for person, day in (
        ("paired_a", (9, 14)),
        ("paired_a", (9, 15)),
        ("paired_d", (9, 21)),
        ("seconded", (9, 14)),
    ):
        await check_in(db, ids[person], at(2026, *day, 10), tz, cal)
    engine = make_engine(db, settings, clock, assessment_dates="09-30:quarterly", assessment_lead=3)
    await _walk(engine, date(2026, 9, 14), date(2026, 10, 18))
    sent = await queued(db)

    by_kind: dict[str, set[tuple[str, date]]] = defaultdict(set)
    names = {v: k for k, v in ids.items()}
    for q in sent:
        by_kind[q.kind].add((names[q.person_id], q.day))

    def days(kind: str, who: str) -> list[date]:
        return sorted(d for w, d in by_kind[kind] if w == who)

    D = lambda m, d: date(2026, m, d)  # noqa: E731
    # Third working day of the week, unless it is also the last (week 40: Mon–Wed; week 41: Thu–Sat after the holiday).
    assert days("attendance-midweek", "paired_b") == [D(9, 16), D(9, 23), D(10, 14)]
    assert days("attendance-midweek", "paired_a") == [D(9, 23), D(10, 14)]
    assert days("attendance-midweek", "paired_d") == [D(9, 16), D(10, 14)]  # 21 Sep counted in week 39
    # Last working day: the make-up Sunday 20 Sep, Thu 24 Sep before the Mid-Autumn holiday, Wed 30 Sep before National
    # Day, the make-up Saturday 10 Oct, and Friday 16 Oct.
    assert days("attendance-last-day", "paired_b") == [D(9, 20), D(9, 24), D(9, 30), D(10, 10), D(10, 16)]
    assert days("attendance-last-day", "paired_a") == [D(9, 24), D(9, 30), D(10, 10), D(10, 16)]
    assert days("attendance-last-day", "paired_d") == [D(9, 20), D(9, 24), D(9, 30), D(10, 10), D(10, 16)]
    # Seconded cadres are never nagged; unbound people cannot be reached.
    assert not [q for q in sent if q.person_id in (ids["seconded"], ids["unbound"])]
    # The Monday summary goes out on the first working day of each week: Thursday 8 Oct after the holiday.
    summary_days = [D(9, 14), D(9, 21), D(9, 28), D(10, 8), D(10, 12)]
    assert days("attendance-summary", "secretary") == summary_days
    assert days("attendance-summary", "leader") == summary_days
    # Assessment milestone 30 Sep: three working days ahead is 24 Sep (25–27 Sep are the Mid-Autumn holiday).
    assert days("assessment", "secretary") == [D(9, 24), D(9, 30)]
    assert days("assessment", "leader") == [D(9, 24), D(9, 30)]
    # Nothing at night, nothing on a day off, everything at the configured 09:00.
    off = {D(9, 26), D(9, 27), *(D(10, d) for d in range(1, 8)), D(9, 19), D(10, 11), D(10, 17), D(10, 18)}
    assert {q.hour for q in sent} == {9}
    assert not {q.day for q in sent} & off
    # No calendar warnings: 2026 is known and it is not November yet.
    assert not by_kind["calendar-fallback"] and not by_kind["calendar-next-year"]
    # What people read.
    last = next(
        q
        for q in sent
        if q.kind == "attendance-last-day" and q.person_id == ids["paired_b"] and q.day == D(10, 10)
    )
    assert "0 / 2" in last.text and "还差 2 天" in last.text
    assert any("免打扰" in b for b in last.buttons)
    summary = next(q for q in sent if q.kind == "attendance-summary" and q.chat_id == 5 and q.day == D(9, 21))
    assert (
        "包联乙（0/2）" in summary.text and "包联丁（0/2）" in summary.text and "包联甲" not in summary.text
    )
    # Exactly once although every slot was fired twice every hour.
    assert len({(q.kind, q.person_id, q.period) for q in sent}) == len(sent)


async def test_nothing_between_21_and_08_even_when_scheduled_then(db, settings, clock):
    await _people(db)
    engine = make_engine(db, settings, clock, reminder_time="07:00")
    for hour in range(0, 8):
        results = await engine.run_due(at(2026, 9, 16, hour, 30))
        assert {r.outcome for r in results if r.outcome is not RunOutcome.NOT_YET} <= {RunOutcome.QUIET}
    assert await queued(db) == []
    # 08:00 is the end of the quiet hours: the 07:00 slot runs then.
    await engine.run_due(at(2026, 9, 16, 8, 0))
    assert {q.kind for q in await queued(db)} == {"attendance-midweek"}
    late = make_engine(db, settings, clock, reminder_time="21:30")
    assert {r.outcome for r in await late.run_due(at(2026, 9, 24, 22, 0))} == {RunOutcome.QUIET}


async def test_urgent_kind_goes_out_at_night_and_on_holidays(db, settings, clock):
    ids = await _people(db)

    async def collect(session, slot):  # type: ignore[no-untyped-def]
        return [Due(ids["secretary"], slot.today.isoformat(), "remind-calendar-fallback", {"year": "2026"})]

    urgent = ReminderKind("urgent-test", lambda slot: True, collect, urgent=True)
    engine = ReminderEngine(db, settings.model_copy(update={"reminder_time": "00:00"}), [urgent], clock)
    await mute(db, ids["secretary"], 3, at(2026, 10, 1, 0, 0))
    result = await engine.run_kind("urgent-test", at(2026, 10, 2, 23, 30))  # a holiday, at night, muted
    assert result.outcome is RunOutcome.RAN and result.queued == 1
    assert (await queued(db))[0].buttons == []  # an urgent one offers no mute


async def test_muted_person_gets_no_ordinary_reminders_until_the_mute_ends(db, settings, clock):
    ids = await _people(db)
    await mute(db, ids["paired_b"], 3, at(2026, 9, 14, 12))
    engine = make_engine(db, settings, clock)
    await _walk(engine, date(2026, 9, 14), date(2026, 9, 24), fires=1)
    to_b = sorted(q.day for q in await queued(db) if q.person_id == ids["paired_b"])
    # Muted until 17 Sep 12:00: the 16 Sep nudge is skipped, 20 Sep and later arrive.
    assert date(2026, 9, 16) not in to_b
    assert to_b == [date(2026, 9, 20), date(2026, 9, 23), date(2026, 9, 24)]


async def test_switched_off_kind_never_runs(db, settings, clock):
    await _people(db)
    engine = make_engine(db, settings, clock, reminders_off="attendance-midweek, attendance-summary")
    await _walk(engine, date(2026, 9, 14), date(2026, 9, 20), fires=1)
    # August's 纪实表 and 交办登记表 are overdue in this week (nothing was submitted): those still go to the secretary.
    assert {q.kind for q in await queued(db)} == {"attendance-last-day", "logs-deadline", "register-deadline"}


async def test_double_fire_of_the_same_slot_queues_once(any_db, settings, clock):
    await _people(any_db)
    engine = make_engine(any_db, settings, clock)
    first = await engine.run_kind("attendance-midweek", at(2026, 9, 16, 9, 0))
    second = await engine.run_kind("attendance-midweek", at(2026, 9, 16, 9, 0))
    third = await make_engine(any_db, settings, clock).run_kind("attendance-midweek", at(2026, 9, 16, 15, 0))
    assert (first.outcome, first.queued) == (RunOutcome.RAN, 3)
    assert second.outcome is RunOutcome.ALREADY and third.outcome is RunOutcome.ALREADY
    assert len(await queued(any_db)) == 3


async def test_restart_between_queueing_and_sending_delivers_each_once(any_db, settings, clock):
    await _people(any_db)
    await make_engine(any_db, settings, clock).run_kind("attendance-midweek", at(2026, 9, 16, 9, 0))
    # The process dies here; a new one (new engine, new sender, new connections) starts and fires the slot again.
    restarted = Database(any_db.url)
    try:
        again = await make_engine(restarted, settings, clock).run_kind(
            "attendance-midweek", at(2026, 9, 16, 9, 5)
        )
        assert again.outcome is RunOutcome.ALREADY
        bot, telegram = make_fake_bot()
        sender = OutboxSender(
            bot, restarted, lambda: at(2026, 9, 16, 9, 5), limiter=RateLimiter(chat_interval=0)
        )
        assert await sender.drain_once() == 3
        assert await sender.drain_once() == 0
    finally:
        await restarted.dispose()
    for chat in (1, 2, 4):
        assert len(telegram.texts(chat)) == 1 and "本周已过三个工作日" in telegram.texts(chat)[0]
    assert telegram.texts(3) == []  # the seconded cadre


async def test_a_failed_run_leaves_the_slot_free_for_the_next_fire(db, settings, clock):
    ids = await _people(db)
    calls = []

    async def collect(session, slot):  # type: ignore[no-untyped-def]
        calls.append(slot.today)
        if len(calls) == 1:
            raise RuntimeError("database went away")
        return [Due(ids["admin"], "p", "remind-calendar-fallback", {"year": "2026"})]

    engine = ReminderEngine(db, settings, [ReminderKind("flaky", lambda slot: True, collect)], clock)
    try:
        await engine.run_kind("flaky", at(2026, 9, 16, 9, 0))
    except RuntimeError:
        pass
    assert (await engine.run_kind("flaky", at(2026, 9, 16, 9, 15))).queued == 1
    async with db.session() as s:
        assert await s.scalar(select(func.count()).select_from(ReminderRun)) == 1


async def test_2027_unknown_falls_back_to_monday_to_friday_and_warns_the_administrator(db, settings, clock):
    ids = await _people(db)
    cal = await load_work_calendar(db)
    assert not cal.knows(2027)
    # 1 Jan 2027 is a Friday: a public holiday in reality, a working day by the fallback; nothing crashes.
    assert cal.is_working_day(date(2027, 1, 1)) is True and cal.missing_years == {2027}
    engine = make_engine(db, settings, clock)
    await _walk(engine, date(2027, 1, 4), date(2027, 1, 10), fires=1)
    sent = await queued(db)
    warnings = [q for q in sent if q.kind == "calendar-fallback"]
    assert [(q.person_id, q.day) for q in warnings] == [(ids["admin"], date(2027, 1, 4))]
    assert "2027" in warnings[0].text and "周一至周五" in warnings[0].text
    # Attendance runs on the Mon–Fri fallback: the third working day is Wednesday 6 Jan, the last Friday 8 Jan.
    assert sorted({q.day for q in sent if q.kind == "attendance-midweek"}) == [date(2027, 1, 6)]
    assert sorted({q.day for q in sent if q.kind == "attendance-last-day"}) == [date(2027, 1, 8)]


CALENDAR_2027 = """# 2027 年节假日安排（测试用）
休 2027-01-01..2027-01-03 元旦
休 2027-01-06 测试假日
班 2027-01-09 调休（周六）
"""


async def test_a_loaded_2027_file_is_used(db, settings, clock):
    ids = await _people(db)
    result = await store_calendar(db, CALENDAR_2027.encode(), "2027.txt", at(2026, 12, 1))
    assert (result.year, result.holidays, result.workdays, result.errors) == (2027, 4, 1, [])
    cal = await load_work_calendar(db)
    assert (
        cal.knows(2027) and not cal.is_working_day(date(2027, 1, 1)) and cal.is_working_day(date(2027, 1, 9))
    )
    assert cal.working_days_of_week(date(2027, 1, 4)) == [date(2027, 1, d) for d in (4, 5, 7, 8, 9)]
    engine = make_engine(db, settings, clock)
    await _walk(engine, date(2027, 1, 4), date(2027, 1, 10), fires=1)
    sent = await queued(db)
    assert not [q for q in sent if q.kind.startswith("calendar")]
    assert date(2027, 1, 6) not in {q.day for q in sent}  # the loaded holiday
    assert sorted({q.day for q in sent if q.kind == "attendance-midweek"}) == [date(2027, 1, 7)]
    assert sorted({q.day for q in sent if q.kind == "attendance-last-day"}) == [
        date(2027, 1, 9)
    ]  # make-up Saturday
    assert ids


async def test_from_1_november_the_administrator_is_reminded_while_next_year_is_missing(db, settings, clock):
    ids = await _people(db)
    engine = make_engine(db, settings, clock)
    await _walk(engine, date(2026, 10, 26), date(2026, 11, 15), fires=1)
    reminders = sorted(q.day for q in await queued(db) if q.kind == "calendar-next-year")
    # 1 Nov 2026 is a Sunday: the first working day after it, then the first working day of each week.
    assert reminders == [date(2026, 11, 2), date(2026, 11, 9)]
    assert {q.person_id for q in await queued(db) if q.kind == "calendar-next-year"} == {ids["admin"]}
    # Once 2027 is loaded, the reminders stop.
    await store_calendar(db, CALENDAR_2027.encode(), "2027.txt", at(2026, 11, 10))
    await _walk(engine, date(2026, 11, 16), date(2026, 11, 20), fires=1)
    assert not [q for q in await queued(db) if q.kind == "calendar-next-year" and q.day >= date(2026, 11, 16)]


async def test_blocked_person_is_skipped(db, settings, clock):
    ids = await _people(db)
    from storage.outbox import mark_chat_blocked

    async with db.session() as s:
        await mark_chat_blocked(s, 2)
    await make_engine(db, settings, clock).run_kind("attendance-midweek", at(2026, 9, 16, 9))
    assert ids["paired_b"] not in {q.person_id for q in await queued(db)}
    async with db.session() as s:
        assert (
            await s.scalar(select(func.count()).select_from(OutboxMessage).where(OutboxMessage.chat_id == 2))
            == 0
        )


async def test_summary_shows_check_ins_outside_the_community(db, settings, clock):
    from storage.models import Community, CommunityPoint

    ids = await _people(db)
    async with db.session() as s:
        community = (await s.execute(select(Community).where(Community.name == COMMUNITY))).scalar_one()
        s.add(CommunityPoint(community_id=community.id, latitude=30.0, longitude=120.0, radius_m=300))
    cal = await load_work_calendar(db)
    await check_in(db, ids["paired_a"], at(2026, 9, 14, 10), SHANGHAI, cal, (30.05, 120.0))  # ~5.6 km away
    await check_in(db, ids["paired_a"], at(2026, 9, 15, 10), SHANGHAI, cal, (30.0005, 120.0))  # inside
    await make_engine(db, settings, clock).run_kind("attendance-summary", at(2026, 9, 21, 9))
    summary = next(q for q in await queued(db) if q.chat_id == 5)
    assert "包联甲（2/2 ⚠️1）" in summary.text and "⚠️N：N 天报到位置在社区范围外" in summary.text


async def test_summary_to_an_english_reader_has_english_list_lines(db, settings, clock):
    from storage.models import Community, CommunityPoint, UserPref

    ids = await _people(db)
    async with db.session() as s:
        community = (await s.execute(select(Community).where(Community.name == COMMUNITY))).scalar_one()
        s.add(CommunityPoint(community_id=community.id, latitude=30.0, longitude=120.0, radius_m=300))
        s.add(UserPref(telegram_id=5, locale="en"))  # the secretary reads English; the leader (6) Chinese
    cal = await load_work_calendar(db)
    await check_in(db, ids["paired_a"], at(2026, 9, 14, 10), SHANGHAI, cal, (30.05, 120.0))  # ~5.6 km away
    await check_in(db, ids["paired_a"], at(2026, 9, 15, 10), SHANGHAI, cal, (30.0005, 120.0))  # inside
    await make_engine(db, settings, clock).run_kind("attendance-summary", at(2026, 9, 21, 9))
    sent = {q.chat_id: q.text for q in await queued(db)}
    english = sent[5]
    assert f"• {COMMUNITY}: 4 / 3 / 包联丁 (0/2), 包联乙 (0/2), 包联甲 (2/2 ⚠️1), 未绑定 (0/2)" in english
    assert not any(mark in english for mark in "（）、："), english
    assert f"• {COMMUNITY}：4 / 3 / 包联丁（0/2）、包联乙（0/2）、包联甲（2/2 ⚠️1）、未绑定（0/2）" in sent[6]
