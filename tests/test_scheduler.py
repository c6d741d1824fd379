"""The APScheduler wiring: one cron job per enabled kind at its local time in Asia/Shanghai, plus the catch-up; bad
times are refused at start-up, not at 09:00."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from apscheduler.triggers.interval import IntervalTrigger
from pydantic import ValidationError
from sqlalchemy import text

from bot.config import Settings
from reminders.scheduler import GridScheduler, make_scheduler
from tests.reminder_helpers import at, make_engine


def ticking_clock(start: datetime):  # type: ignore[no-untyped-def]
    """The bot's clock for a scheduler that really runs: `start`, then as many seconds later as pass on the loop."""
    loop = asyncio.get_running_loop()
    started = loop.time()

    def clock() -> datetime:
        return (start + timedelta(seconds=loop.time() - started)).astimezone(UTC)

    return clock


def test_one_job_per_enabled_kind_at_its_local_time(db, settings, clock):
    engine = make_engine(
        db,
        settings,
        clock,
        reminder_times={"attendance-summary": "08:30"},
        reminders_off="assessment",
    )
    scheduler = make_scheduler(engine)
    jobs = {job.id: job for job in scheduler.get_jobs()}
    assert set(jobs) == {
        "reminder:attendance-midweek",
        "reminder:attendance-last-day",
        "reminder:attendance-summary",
        "reminder:calendar-next-year",
        "reminder:calendar-fallback",
        "reminder:logs-deadline",
        "reminder:register-deadline",
        "reminder:register-unsigned",
        "reminder:problem-items",
        "reminder:digest-daily",
        "reminder:digest-weekly",
        "reminder:digest-monthly",
        "reminder:assessment-unrated",
        "reminder:prompt-sheets",
        "reminder:hotline-orders",  # issue 18: 12345 work orders due soon or overdue
        "reminder:catch-up",
        "callouts:watch",  # issue 8: widening deadlines, every CALLOUT_WATCH_SECONDS
    }
    assert jobs["callouts:watch"].trigger.interval.total_seconds() == settings.callout_watch_seconds
    shanghai = ZoneInfo("Asia/Shanghai")
    after = datetime(2026, 11, 30, 0, 0, tzinfo=shanghai)
    summary = jobs["reminder:attendance-summary"].trigger.get_next_fire_time(None, after)
    nudge = jobs["reminder:attendance-midweek"].trigger.get_next_fire_time(None, after)
    assert (summary.hour, summary.minute, str(summary.tzinfo)) == (8, 30, "Asia/Shanghai")
    assert (nudge.hour, nudge.minute) == (9, 0)
    digest = jobs["reminder:digest-daily"].trigger.get_next_fire_time(None, after)
    assert (digest.hour, digest.minute) == (8, 30)  # the digests' own default time
    assert all(job.coalesce and job.max_instances == 1 for job in jobs.values())


def test_bad_reminder_times_are_refused_at_start_up():
    with pytest.raises(ValidationError):
        Settings(_env_file=None, reminder_times={"attendance-summary": "25:00"})
    with pytest.raises(ValidationError):
        Settings(_env_file=None, quiet_start="9pm")


async def test_stop_lets_a_reminder_run_in_progress_finish_its_transaction(db, caplog):
    """A stop (SIGTERM) while a run is inside a query: the run commits what it did, nothing is cancelled mid-query
    (which leaves SQLAlchemy rolling back under a CancelledError, an ERROR in the log), and no new run starts."""
    clock = ticking_clock(at(2026, 11, 27, 10, 0))
    scheduler = GridScheduler(timezone=ZoneInfo("Asia/Shanghai"), clock=clock)
    inside = asyncio.Event()
    runs: list[str] = []

    async def run() -> None:
        runs.append("started")
        async with db.session() as session:
            await session.execute(text("CREATE TABLE IF NOT EXISTS t (x INTEGER)"))
            await session.execute(text("INSERT INTO t VALUES (1)"))
            inside.set()
            await asyncio.sleep(0.3)  # the stop arrives here
            await session.commit()
        runs.append("committed")

    every = IntervalTrigger(seconds=0.5, start_date=clock())
    scheduler.add_job(scheduler.tracked(run), every, next_run_time=clock())  # at once, on the bot's clock
    scheduler.start()
    await asyncio.wait_for(inside.wait(), 5)
    await scheduler.stop(timeout=5)
    assert runs == ["started", "committed"] and not scheduler.running
    async with db.session() as session:
        assert (await session.execute(text("SELECT count(*) FROM t"))).scalar_one() == 1
    await asyncio.sleep(0.7)  # past the next fire time: the stopped scheduler starts nothing
    assert runs == ["started", "committed"]
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


async def test_stop_cancels_a_run_that_outlasts_the_timeout(caplog):
    clock = ticking_clock(at(2026, 11, 27, 10, 0))
    scheduler = GridScheduler(timezone=ZoneInfo("Asia/Shanghai"), clock=clock)
    inside = asyncio.Event()

    async def stuck() -> None:
        inside.set()
        await asyncio.sleep(60)

    hourly = IntervalTrigger(hours=1, start_date=clock())
    scheduler.add_job(scheduler.tracked(stuck), hourly, next_run_time=clock())
    scheduler.start()
    await asyncio.wait_for(inside.wait(), 5)
    with caplog.at_level(logging.WARNING, logger="gridbot.reminders"):
        await asyncio.wait_for(scheduler.stop(timeout=0.2), 5)
    assert not scheduler.running
    assert "1 reminder run(s) did not finish in 0.2 s" in caplog.text


async def test_stop_waits_for_a_run_handed_to_the_loop_just_before_it():
    """APScheduler's asyncio executor hands a run to the loop as a task; one not yet started when `stop` pauses the
    scheduler is still waited for, not cut at shutdown inside its query (an ERROR in the log of a stopping bot)."""
    clock = ticking_clock(at(2026, 11, 27, 10, 0))
    scheduler = GridScheduler(timezone=ZoneInfo("Asia/Shanghai"), clock=clock)
    scheduler.start()
    finished: list[bool] = []

    async def watch() -> None:
        await asyncio.sleep(0.05)
        finished.append(True)

    run = asyncio.get_running_loop().create_task(scheduler.tracked(watch)())  # as the executor submits it
    await scheduler.stop(
        timeout=5
    )  # in this task, before the run's first step (wait_for would start a new one)
    assert finished == [True] and run.done() and not run.cancelled()


async def test_jobs_fire_on_the_bots_clock_not_the_machines():
    """A cron job at 09:00 fires when the bot's clock (here half a second before 09:00 on 10 Feb 2027, whatever
    the machine's date) reaches 09:00."""
    from apscheduler.triggers.cron import CronTrigger

    shanghai = ZoneInfo("Asia/Shanghai")
    start = datetime(2027, 2, 10, 8, 59, 59, 500_000, tzinfo=shanghai)
    clock = ticking_clock(start)

    fired: list[datetime] = []
    done = asyncio.Event()

    async def job() -> None:
        fired.append(clock())
        done.set()

    scheduler = GridScheduler(timezone=shanghai, clock=clock)
    scheduler.add_job(scheduler.tracked(job), CronTrigger(hour=9, minute=0, timezone=shanghai))
    scheduler.start()
    try:
        await asyncio.wait_for(done.wait(), 5)
    finally:
        await scheduler.stop(timeout=1)
    local = fired[0].astimezone(shanghai)
    assert (local.date(), local.hour, local.minute) == (start.date(), 9, 0)
