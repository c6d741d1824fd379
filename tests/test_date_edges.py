"""The bot's clock rules at the edges (issue 12), each at its edge: a day that is one date in Asia/Shanghai and another
in UTC, the week over New Year, the quarter boundary of ratings, December's register in January, quiet hours on New
Year's Eve, and the one monthly deadline (the submission screen, the reminders, the late flag) when its nominal day
is a Saturday or a holiday. Every instant comes from the test's clock; none from the machine's."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from domain.roles import Actor, Role
from domain.workcalendar import WorkCalendar, monthly_deadline
from reminders.engine import RunOutcome
from services.calendar import load_work_calendar, store_calendar
from services.problems import ProblemConfig, pending_items
from storage.models import AttendanceDay, LogMonth, WorkLogDraft
from tests.factories import add_person
from tests.reminder_helpers import accepted_problem, at, make_engine, queued
from tests.test_worklog import CADRE, SECRETARY, add_log, world

# 2027 as the State Council would publish it (the chinesecalendar package does not know 2027): 元旦 1–3 January.
CALENDAR_2027 = (
    "休 2027-01-01..2027-01-03 元旦\n休 2027-02-06..2027-02-13 春节\n班 2027-02-14\n班 2027-02-20\n"
)


async def load_2027(db) -> None:  # type: ignore[no-untyped-def]
    result = await store_calendar(db, CALENDAR_2027.encode(), "2027.txt", at(2026, 11, 20))
    assert not result.errors, result


# --- a day is the Asia/Shanghai day -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("hour", "day"),
    [
        ((2026, 12, 31, 23, 30), date(2026, 12, 31)),  # 15:30 UTC, the same day
        ((2027, 1, 1, 0, 30), date(2027, 1, 1)),  # 16:30 UTC on 31 December: already New Year's Day here
    ],
)
async def test_a_log_is_dated_by_the_day_in_shanghai_not_in_utc(harness, db, clock, hour, day):
    await world(db)
    clock.now = at(*hour)
    cadre = harness.user(CADRE)
    await cadre.send("/log")
    screen = cadre.last()
    assert f"🗓 {day.year}年{day.month}月" in [text for row in screen.inline for text, _ in row]
    marked = [(text, data) for row in screen.inline for text, data in row if text.startswith("[")]
    assert [text for text, _ in marked] == [f"[{day.day}]"]  # the calendar marks the clock's today
    # The next day (in Shanghai) is the future: a forged press for it is refused.
    from aiogram_dialog.widgets.kbd.calendar_kbd import raw_from_date

    today_data = marked[0][1]
    prefix = today_data[: -len(str(raw_from_date(day)))]
    callback = await cadre.press_data(prefix + str(raw_from_date(day + timedelta(days=1))), screen)
    assert "不能填写未来的日期" in cadre.answer(callback)["text"]
    await cadre.press_data(today_data, screen)
    assert "请选择工作的网格" in cadre.last().text
    async with db.session() as s:
        draft = (await s.execute(select(WorkLogDraft))).scalar_one()
    assert draft.data["date"] == day.isoformat()


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("12-31", "2026-12-31"), ("12月28日", "2026-12-28"), ("1-2", None)],  # 2 January: tomorrow, refused
)
async def test_a_typed_date_without_a_year_on_new_years_day(harness, db, clock, typed, stored):
    """Just after midnight on 1 January, "12-31" is yesterday, not the end of the new year."""
    await world(db)
    clock.now = at(2027, 1, 1, 0, 30)
    cadre = harness.user(CADRE)
    await cadre.send("/log")
    await cadre.send(typed)
    async with db.session() as s:
        draft = (await s.execute(select(WorkLogDraft))).scalar()
    if stored:
        assert "请选择工作的网格" in cadre.last().text
        assert draft is not None and draft.data["date"] == stored
    else:
        assert "不能填写未来的日期" in cadre.messages()[-2].text and "填写网格工作纪实表" in cadre.last().text
        assert draft is None or draft.data.get("date") == "2027-01-01"


# --- the week over New Year --------------------------------------------------------------------------------------


async def test_the_week_over_new_year_counts_its_days_in_both_years(harness, db, clock):
    """28 Dec 2026 – 3 Jan 2027 is one week (ISO 2026-W53); with 2027's calendar loaded, 1 January is a holiday, so
    Thursday 31 December is the week's last working day and Monday 4 January starts a new count."""
    await load_2027(db)
    cadre = await add_person(db, "包联甲", "13800000011", [(Role.PAIRED_CADRE, "幸福社区")], telegram_id=11)
    await add_person(db, "书记", "13800000012", [(Role.SECRETARY, "幸福社区")], telegram_id=12)
    user = harness.user(11)
    clock.now = at(2026, 12, 29, 10, 0)
    await user.send("/checkin")
    assert "本周社区工作日：0 / 2 天" in user.last().text
    await user.press("✅ 直接报到")
    assert "本周社区工作日：1 / 2 天" in user.last().text

    engine = make_engine(db, harness.settings, clock)
    # Thursday 31 December, the week's last working day: one day short.
    assert (await engine.run_kind("attendance-last-day", at(2026, 12, 31, 16, 0))).outcome is RunOutcome.RAN
    # New Year's Day: a holiday, nothing goes out; the week's summary comes on Monday 4 January.
    assert (
        await engine.run_kind("attendance-last-day", at(2027, 1, 1, 16, 0))
    ).outcome is RunOutcome.NON_WORKING
    assert (await engine.run_kind("attendance-summary", at(2027, 1, 4, 9, 0))).outcome is RunOutcome.RAN
    sent = {(q.kind, q.day): q for q in await queued(db)}
    last_day = sent[("attendance-last-day", date(2026, 12, 31))]
    assert last_day.person_id == cadre and "您本周在包联社区 1 / 2 天，还差 1 天" in last_day.text
    summary = sent[("attendance-summary", date(2027, 1, 4))]
    assert "上周（2026-W53）" in summary.text and "包联甲（1/2" in summary.text

    clock.now = at(2027, 1, 4, 10, 0)
    await user.send("/checkin")
    assert "本周社区工作日：0 / 2 天" in user.last().text
    async with db.session() as s:
        assert [d.day for d in (await s.execute(select(AttendanceDay))).scalars()] == [date(2026, 12, 29)]


# --- quarters ----------------------------------------------------------------------------------------------------


async def test_the_rating_quarter_changes_at_midnight_in_shanghai(harness, db, clock):
    """Q4 2026's rating window closes on 15 January 2027 (15 days' grace): at 23:30 that evening it is still Q4; at
    00:30 on the 16th in Shanghai (still the 15th in UTC) Q1 2027 is open."""
    await add_person(db, "李明华", "13910010002", [(Role.LEADER_IN_CHARGE, "幸福社区")], telegram_id=701)
    await add_person(db, "郑海", "13820020005", [(Role.PAIRED_CADRE, "幸福社区")], telegram_id=703)
    lead = harness.user(701)
    clock.now = at(2027, 1, 15, 23, 30)
    await lead.send("/assess")
    assert "2026年第4季度评议" in lead.last_with_buttons().text
    clock.now = at(2027, 1, 16, 0, 30)
    assert clock.now.date() == date(2027, 1, 15)  # UTC
    await lead.send("/assess")
    assert "2027年第1季度评议" in lead.last_with_buttons().text


# --- December's register in January ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("due_day", "deadline"),
    [
        (5, date(2027, 1, 5)),  # a Tuesday: the day itself
        (2, date(2027, 1, 4)),  # Saturday 2 January (and 元旦 holiday): the next working day, Monday the 4th
    ],
)
async def test_decembers_register_is_due_in_january_and_late_only_after_it(db, due_day, deadline):
    await load_2027(db)
    secretary = await add_person(db, "书记", "13800000005", [(Role.SECRETARY, "幸福社区")], telegram_id=5)
    actor = Actor(telegram_id=5, locale="zh-CN", person_id=secretary)
    config = ProblemConfig(register_due_day=due_day)
    for moment, overdue in ((at(*deadline.timetuple()[:3], 20, 0), False), (at(2027, 1, 6, 9, 0), True)):
        [item] = [i for i in await pending_items(db, actor, moment, config) if i.kind == "register_submit"]
        assert (item.year, item.month, item.due_date, item.overdue) == (2026, 12, deadline, overdue)


# --- quiet hours on New Year's Eve -------------------------------------------------------------------------------


async def test_reminders_wait_out_the_quiet_hours_and_the_holiday_over_new_year(db, settings, clock):
    """The item due on 31 December, the bot down all day and back at 21:30: nothing then (quiet hours, 21:00–08:00),
    nothing after midnight (before the kind's 09:00), nothing on New Year's Day (a holiday in the loaded 2027
    calendar, though 31 December in UTC until 08:00); the overdue reminder comes on Monday 4 January at 09:00."""
    await load_2027(db)
    secretary = await add_person(db, "书记", "13800000005", [(Role.SECRETARY, "幸福社区")], telegram_id=5)
    worker = await add_person(db, "网格员", "13800000002", [(Role.GRID_WORKER, "幸福社区")], telegram_id=2)
    async with db.session() as s:
        s.add(accepted_problem(worker, secretary, date(2026, 12, 31), reported=at(2026, 12, 20)))
    engine = make_engine(db, settings, clock)
    outcomes = [
        (await engine.run_kind("problem-items", moment)).outcome
        for moment in (
            at(2026, 12, 31, 21, 30),
            at(2027, 1, 1, 0, 30),
            at(2027, 1, 1, 9, 0),
            at(2027, 1, 4, 9, 0),
        )
    ]
    assert outcomes == [
        RunOutcome.QUIET,
        RunOutcome.NOT_YET,
        RunOutcome.NON_WORKING,
        RunOutcome.RAN,
    ]
    [reminder] = await queued(db)
    assert (reminder.day, reminder.hour) == (date(2027, 1, 4), 9)
    assert "⚠️ #1 路灯损坏（12-31）" in reminder.text


# --- one monthly deadline ---------------------------------------------------------------------------------------


def test_the_deadline_moves_to_the_next_working_day_only_when_it_falls_on_a_rest_day():
    cal = WorkCalendar()
    assert monthly_deadline(date(2026, 11, 1), 5, cal) == date(2026, 12, 7)  # Sat 5 Dec → Mon 7 Dec
    assert monthly_deadline(date(2026, 9, 1), 5, cal) == date(2026, 10, 8)  # 国庆 1–7 Oct → Thu 8 Oct
    assert monthly_deadline(date(2026, 3, 1), 5, cal) == date(2026, 4, 7)  # 清明 4–6 Apr → Tue 7 Apr
    assert monthly_deadline(date(2026, 10, 1), 5, cal) == date(2026, 11, 5)  # a Thursday: itself
    assert monthly_deadline(date(2027, 1, 1), 31, cal) == date(
        2027, 3, 1
    )  # clamped to Sun 28 Feb → Mon 1 Mar


@pytest.mark.parametrize(
    ("month", "nominal", "deadline", "ahead"),
    [
        # Sat 5 Dec → Mon 7 Dec; three working days before it is Wed 2 Dec.
        (date(2026, 11, 1), date(2026, 12, 5), date(2026, 12, 7), date(2026, 12, 2)),
        # 5 Oct is in the National Day holiday (1–7 Oct) → Thu 8 Oct; three working days before it fall in
        # September, before the month is over: the early reminder would be the 1st working day, the deadline itself.
        (date(2026, 9, 1), date(2026, 10, 5), date(2026, 10, 8), None),
    ],
)
async def test_screen_reminders_and_late_flag_agree_on_the_deadline(
    harness, db, clock, month, nominal, deadline, ahead
):
    cal = await load_work_calendar(db)
    assert not cal.is_working_day(nominal)
    ids = await world(db)
    await add_log(
        db, ids["cadre"], ids["own_grid"], month.replace(day=20), "approved", signed_by=ids["secretary"]
    )

    # The reminders: three working days before, on the deadline (not before it), overdue the working day after.
    engine = make_engine(db, harness.settings, clock)
    day = month.replace(day=20)
    while day <= deadline + timedelta(days=3):
        await engine.run_kind("logs-deadline", at(day.year, day.month, day.day, 9, 30))
        day += timedelta(days=1)
    sent = {
        q.day: q.text
        for q in await queued(db)
        if q.kind == "logs-deadline"
        and q.person_id == ids["secretary"]
        and f"{month.year}年{month.month}月" in q.text
    }
    after = cal.add_working_days(deadline, 1)
    assert sorted(sent) == [d for d in (ahead, deadline, after) if d is not None]
    if ahead is not None:
        assert f"报送期限为 {deadline.isoformat()}" in sent[ahead]
    assert (
        f"请今天报送：{month.year}年{month.month}月纪实表的报送期限为 {deadline.isoformat()}"
        in sent[deadline]
    )
    assert f"已超过报送期限（{deadline.isoformat()}）" in sent[after]

    # The screen on the deadline day: the same date, not yet late; submitted that evening: on time.
    clock.now = at(deadline.year, deadline.month, deadline.day, 20, 0)
    secretary = harness.user(SECRETARY)
    await secretary.send("/menu")
    await secretary.press("📤 纪实表月报")
    await secretary.press(f"{month.year}年{month.month}月")
    overview = secretary.last()
    assert f"报送期限：{deadline.isoformat()}" in overview.text and "已超过期限" not in overview.text
    await secretary.press("📤 确认报送党群工作部")
    assert "逾期报送" not in secretary.messages()[-2].text
    async with db.session() as s:
        assert (await s.execute(select(LogMonth.late))).scalar_one() is False


async def test_a_submission_the_working_day_after_the_moved_deadline_is_late(harness, db, clock):
    ids = await world(db)
    await add_log(
        db, ids["cadre"], ids["own_grid"], date(2026, 11, 20), "approved", signed_by=ids["secretary"]
    )
    clock.now = at(2026, 12, 8, 9, 0)  # the deadline (Sat 5 Dec) moved to Mon 7 Dec; this is Tuesday
    secretary = harness.user(SECRETARY)
    await secretary.send("/menu")
    await secretary.press("📤 纪实表月报")
    await secretary.press("2026年11月")
    assert "报送期限：2026-12-07" in secretary.last().text and "已超过期限" in secretary.last().text
    await secretary.press("📤 确认报送党群工作部")
    assert "逾期报送" in secretary.messages()[-2].text
    async with db.session() as s:
        assert (await s.execute(select(LogMonth.late))).scalar_one() is True
