"""The APScheduler wiring: one cron job per enabled kind at its local time in Asia/Shanghai, plus the catch-up; bad
times are refused at start-up, not at 09:00."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from pydantic import ValidationError

from bot.config import Settings
from reminders.scheduler import make_scheduler
from tests.reminder_helpers import make_engine


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
