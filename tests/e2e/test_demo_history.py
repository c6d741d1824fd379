"""The demo sub-district's two months of history (bot/demo/history.py): what `gridbot demo` stores before the web
chat opens, and what a leader's first /digest, /assess and /export then show — through the very functions those
dialogs call (in-process, no bot)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

import bot.clock
from bot.config import Settings
from bot.demo.history import DAYS, SHORT_WEEK_CADRE, HistoryResult, seed_history
from bot.sandbox_runner import seed_demo
from domain.assessment import Period, PeriodKind, rating_quarter
from domain.problems import Status
from domain.sheets import MeetingStatus, TargetStatus
from locales import tr
from reminders.digests import digest_for, gather
from reports.exports import build
from reports.scorecard_text import render_scorecard
from services import assessment
from services import exports as export_service
from services.calendar import cached_work_calendar, load_work_calendar
from services.digest import scope_of
from services.scorecards import compute_scorecards, formula_from
from storage.db import Database
from storage.models import (
    AttendanceDay,
    AuditEntry,
    Callout,
    CalloutTarget,
    Community,
    Grid,
    LogMonth,
    Meeting,
    OutboxMessage,
    Person,
    PersonRole,
    Problem,
    ProblemEvent,
    ProblemRegister,
    PromptSheet,
    PromptSheetTarget,
    Rating,
    WorkLog,
    WorkLogEvent,
)
from tests.e2e.harness import DEFAULT_START

TZ = ZoneInfo("Asia/Shanghai")
TODAY = DEFAULT_START.astimezone(TZ).date()  # 2026-12-09, a Wednesday
COMMUNITIES = {"幸福社区", "和平社区", "光明社区"}
HISTORY_TABLES = (
    WorkLog,
    WorkLogEvent,
    LogMonth,
    AttendanceDay,
    Problem,
    ProblemEvent,
    ProblemRegister,
    PromptSheet,
    PromptSheetTarget,
    Meeting,
    Callout,
    CalloutTarget,
    Rating,
    AuditEntry,
)


async def _seeded(db: Database, settings: Settings, now: datetime = DEFAULT_START) -> HistoryResult:
    assert (await seed_demo(db, now=now)).imported
    return await seed_history(db, settings, now=now)


def _kept_under(path: str | None, folder: Path) -> bool:
    return path is not None and Path(path).is_file() and Path(path).is_relative_to(folder)


async def _person(db: Database, name: str) -> int:
    async with db.session() as session:
        person_id = await session.scalar(select(Person.id).where(Person.name == name))
    assert person_id is not None
    return person_id


async def _counts(db: Database) -> dict[str, int]:
    async with db.session() as session:
        return {
            table.__tablename__: int(await session.scalar(select(func.count()).select_from(table)) or 0)
            for table in HISTORY_TABLES
        }


async def test_history_has_logs_problems_in_every_state_checkins_sheets_meetings_and_a_callout(
    db: Database, settings: Settings
) -> None:
    result = await _seeded(db, settings)
    assert result.seeded and result.logs > 150 and result.checkins > 50
    async with db.session() as session:
        communities = {c.id: c.name for c in (await session.scalars(select(Community))).all()}
        names = dict((await session.execute(select(Person.id, Person.name))).all())
        secretaries = {
            community_id: person_id
            for person_id, community_id in await session.execute(
                select(PersonRole.person_id, PersonRole.community_id).where(PersonRole.role == "secretary")
            )
        }
        logs = (await session.scalars(select(WorkLog))).all()
        events = defaultdict(list)
        for event in (await session.scalars(select(WorkLogEvent).order_by(WorkLogEvent.id))).all():
            events[event.log_id].append(event.action)
        months = (await session.scalars(select(LogMonth))).all()
        problems = (await session.scalars(select(Problem))).all()
        moves = set((await session.scalars(select(ProblemEvent.move))).all())
        targets = set((await session.scalars(select(PromptSheetTarget.status))).all())
        meetings = set((await session.scalars(select(Meeting.status))).all())
        callout = (await session.scalars(select(Callout))).one()
        answers = (await session.scalars(select(CalloutTarget.answer))).all()
        attendance = (await session.scalars(select(AttendanceDay))).all()
        outbox = await session.scalar(select(func.count()).select_from(OutboxMessage))

    # Work logs: the last two months, before today, with plausible Chinese contents and addresses, in every grid
    # a logger works in; signed by their community's secretary, the newest still waiting, one waiting to be corrected
    # and some returned once, corrected and approved.
    assert TODAY - timedelta(days=DAYS) <= min(log.work_date for log in logs)
    assert max(log.work_date for log in logs) == TODAY - timedelta(days=1)
    assert {communities[log.community_id] for log in logs} == COMMUNITIES
    assert all("号楼" in (log.addresses or "") and len(log.content) >= 20 for log in logs)
    assert {log.status for log in logs} == {"approved", "submitted", "returned"}
    approved = [log for log in logs if log.status == "approved"]
    assert all(log.signed_by == secretaries[log.community_id] for log in approved)
    assert all(log.signed_at and log.signed_at < DEFAULT_START for log in approved)
    corrected = [log for log in approved if log.version == 2]
    assert corrected and all(
        events[log.id] == ["submitted", "returned", "resubmitted", "approved", "month-submitted"]
        or events[log.id] == ["submitted", "returned", "resubmitted", "approved"]
        for log in corrected
    )
    # October and November are over: each community's month went to 党群工作部 on time, its workbook kept.
    assert sorted((communities[m.community_id], m.month) for m in months) == sorted(
        (name, month) for name in COMMUNITIES for month in (date(2026, 10, 1), date(2026, 11, 1))
    )
    for month in months:
        assert month.status == "submitted" and not month.late
        assert month.submitted_by == secretaries[month.community_id]
        assert month.log_count == sum(
            log.community_id == month.community_id and log.work_date.replace(day=1) == month.month
            for log in logs
        )
        assert _kept_under(month.workbook_path, settings.media_dir)

    # Problems and suggestions in every state of the lifecycle, one sent back as not fixed.
    assert {Status(p.status) for p in problems} == set(Status)
    assert "not_fixed" in moves and {p.kind for p in problems} == {"problem", "suggestion"}
    assert all(p.reported_at < DEFAULT_START for p in problems)
    assert {communities[p.community_id] for p in problems} == COMMUNITIES
    # Prompt sheets in every state, meetings approved, declined and waiting, a call-out answered and closed.
    assert targets == set(TargetStatus)
    assert meetings == {MeetingStatus.APPROVED, MeetingStatus.DECLINED, MeetingStatus.FILED}
    assert callout.status == "closed" and callout.outcome and answers == ["coming", "coming"]

    # The paired and seconded cadres' two community days a week (the short week of one of them aside).
    cal = await cached_work_calendar(db)
    last_week = cal.week_of(TODAY) - timedelta(days=7)
    by_week: dict[tuple[str, date], int] = defaultdict(int)
    for day in attendance:
        assert cal.is_working_day(day.day) and day.checkout_at is not None
        by_week[(names[day.person_id], cal.week_of(day.day))] += 1
    full_weeks = {(name, week): n for (name, week), n in by_week.items() if week > min(w for _, w in by_week)}
    assert {n for (name, week), n in full_weeks.items() if week < cal.week_of(TODAY)} <= {1, 2}
    assert by_week[(SHORT_WEEK_CADRE, last_week)] == 1
    assert all(
        n == 2
        for (name, week), n in full_weeks.items()
        if name != SHORT_WEEK_CADRE and week < cal.week_of(TODAY)
    )

    assert outbox == 0  # nobody in the demo is bound yet: nothing was queued to be sent


async def test_a_second_run_adds_nothing(db: Database, settings: Settings) -> None:
    assert (await _seeded(db, settings)).seeded
    before = await _counts(db)
    again = await seed_history(db, settings, now=DEFAULT_START + timedelta(days=3))
    assert not again.seeded and await _counts(db) == before


async def test_a_database_with_peoples_own_entries_is_left_alone(db: Database, settings: Settings) -> None:
    await seed_demo(db, now=DEFAULT_START)
    person_id = await _person(db, "李娜")
    async with db.session() as session:
        community_id = await session.scalar(
            select(PersonRole.community_id).where(PersonRole.person_id == person_id)
        )
        grid = await session.scalar(select(Grid.id).where(Grid.community_id == community_id))
        session.add(
            WorkLog(
                person_id=person_id,
                community_id=community_id,
                grid_id=grid,
                work_date=TODAY,
                deployment="grid_worker",
                categories=["publicist"],
                households=3,
                content="今天入户宣传。",
                status="submitted",
                version=1,
                created_at=DEFAULT_START,
                submitted_at=DEFAULT_START,
            )
        )
    assert not (await seed_history(db, settings, now=DEFAULT_START)).seeded
    assert (await _counts(db))["work_logs"] == 1


async def test_a_database_where_someone_is_bound_is_left_alone(db: Database, settings: Settings) -> None:
    """Replayed through the services, the history would queue two months of notices to whoever is bound."""
    await seed_demo(db, now=DEFAULT_START)
    async with db.session() as session:
        (await session.get(Person, await _person(db, "张伟"))).telegram_id = 100_008  # type: ignore[union-attr]
    assert not (await seed_history(db, settings, now=DEFAULT_START)).seeded
    counts = await _counts(db)
    assert {n for table, n in counts.items() if table != "audit_log"} == {0}


async def test_the_history_follows_the_bots_clock(
    db: Database, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No `now` given: the bot's clock (as `gridbot demo` runs it), here moved to April 2027."""
    moved = datetime.fromisoformat("2027-04-20T15:00:00+08:00")
    monkeypatch.setattr(bot.clock, "utc_now", lambda: moved)
    assert (await seed_demo(db, now=moved)).imported
    assert (await seed_history(db, settings)).seeded
    today = moved.astimezone(TZ).date()
    async with db.session() as session:
        days = (await session.scalars(select(WorkLog.work_date))).all()
        months = set((await session.scalars(select(LogMonth.month))).all())
        reported = (await session.scalars(select(Problem.reported_at))).all()
        checkins = (await session.scalars(select(AttendanceDay.checkin_at))).all()
        quarters = set((await session.execute(select(Rating.year, Rating.quarter))).all())
    assert today - timedelta(days=DAYS) <= min(days) and max(days) == today - timedelta(days=1)
    assert months == {date(2027, 2, 1), date(2027, 3, 1)}
    assert max(reported) < moved and max(checkins) < moved
    assert quarters == {(2027, 2)}


async def test_a_leaders_first_digest_assess_and_export_show_real_content(
    db: Database, settings: Settings, tmp_path: Path
) -> None:
    await _seeded(db, settings)
    leader = await _person(db, "王建国")
    cal = await cached_work_calendar(db)

    # /digest: today's, last week's and last month's, as dialogs.digest.on_kind builds them.
    async with db.read_session() as session:
        scope = await scope_of(session, leader)
        assert scope is not None and scope.whole
        built = {
            kind: await gather(session, kind, TODAY, cal, settings) for kind in ("daily", "weekly", "monthly")
        }
    texts = {kind: "\n".join(digest_for(b, scope, "zh-CN", settings).parts) for kind, b in built.items()}
    for kind, text in texts.items():
        assert all(name in text for name in COMMUNITIES), (kind, text)
    daily = built["daily"].facts
    assert daily.overdue and sum(c.logs for c in daily.logs.values()) > 0  # type: ignore[attr-defined]
    assert digest_for(built["daily"], scope, "zh-CN", settings).nudges  # 催办 buttons under the overdue items
    weekly = built["weekly"].facts
    assert all(weekly.logs[c].logs > 0 for c in scope.community_ids)  # type: ignore[attr-defined]
    assert f"未达标：{SHORT_WEEK_CADRE}" in texts["weekly"]
    monthly = built["monthly"].facts
    assert {s.logs for s in monthly.submissions.values()} == {"submitted"}  # type: ignore[attr-defined]
    assert {s.register for s in monthly.submissions.values()} == {"submitted"}  # type: ignore[attr-defined]
    assert all(monthly.period.logs[c].logs > 20 for c in scope.community_ids)  # type: ignore[attr-defined]
    assert monthly.period.opened and monthly.period.resolved  # type: ignore[attr-defined]

    # /assess: the quarter's scorecards of the leader's scope, and ratings given and still to give.
    communities = await assessment.scorecard_scope(db, leader)
    quarter = Period.containing(PeriodKind.QUARTER, TODAY)
    async with db.session() as session:
        board = await compute_scorecards(
            session,
            period=quarter,
            community_ids=communities,
            formula=formula_from(settings.assessment_config),
            as_of=TODAY,
        )
    assert {c.name for c in board.communities} == COMMUNITIES
    assert all(c.total > 0 for c in board.communities)
    logging = [c for c in board.cadres if c.raw.logs_signed]
    assert len(logging) >= 10 and all(c.raw.households > 0 for c in logging)
    paired = [c for c in board.cadres if c.raw.attendance_weeks]
    assert len(paired) == 3 and all(c.raw.attendance_ok_weeks for c in paired)
    assert any(c.raw.rating_points for c in board.cadres)
    assert any(c.raw.problems_due for c in board.cadres)
    card = render_scorecard(board, "zh-CN", tr("zh-CN", "asmt-scope-all"))
    assert all(name in card for name in COMMUNITIES) and "郑海" in card
    grace = formula_from(settings.assessment_config).grace_days
    ratees = await assessment.ratees(db, await _person(db, "李明华"), rating_quarter(TODAY, grace))
    assert any(r.grade for r in ratees) and any(r.grade is None for r in ratees)

    # /export: last month's 纪实表 of the whole sub-district, queued as dialogs.export.on_confirm does and built as
    # the export worker builds it.
    requested = await export_service.request_export(
        db,
        leader,
        chat_id=1,
        locale="zh-CN",
        kind="worklog",
        community_id=None,
        period="2026-11-01",
        now=DEFAULT_START,
        timezone=settings.timezone,
        cal=await load_work_calendar(db),
    )
    assert requested.outcome is export_service.Outcome.QUEUED
    job = await export_service.claim_next(db, DEFAULT_START, timedelta(minutes=5))
    assert job is not None and job.id == requested.job_id
    async with db.session() as session:
        path = await build(session, job.params, tmp_path / "export")
        november = await session.scalar(
            select(func.count(WorkLog.id)).where(
                WorkLog.work_date >= date(2026, 11, 1), WorkLog.work_date < date(2026, 12, 1)
            )
        )
    sheet = load_workbook(path, read_only=True).worksheets[0]
    rows = [row for row in sheet.iter_rows(min_row=3, values_only=True) if row and row[0]]
    assert len(rows) == november and november > 60
    assert {row[0] for row in rows} == COMMUNITIES
