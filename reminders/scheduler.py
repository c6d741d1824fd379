"""APScheduler 3.11 wiring: one cron job per enabled reminder kind at its configured local time (TIMEZONE, explicit),
and a catch-up run every 15 minutes for slots missed while the bot was down. Every run goes through the engine,
which does each slot once, so the two overlapping, a double fire, or several instances never send twice."""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, tzinfo
from typing import Any, ClassVar
from zoneinfo import ZoneInfo

import apscheduler.executors.base
import apscheduler.schedulers.base
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from domain.quiet import in_quiet_hours
from reminders.engine import ReminderEngine
from services.callouts import CalloutConfig
from services.callouts import watch as callout_watch

log = logging.getLogger("gridbot.reminders")
# The call-out watch runs every few seconds: APScheduler's "Running job … executed successfully" for each run would
# fill the log. Failures are still logged (here, and by APScheduler as errors).
logging.getLogger("apscheduler.executors.default").setLevel(logging.WARNING)
CATCH_UP_MINUTES = 15


class _SchedulerTime(datetime):
    """`datetime` as APScheduler 3's scheduler and executors read it: they only ever call `datetime.now(tz)`, and
    while a GridScheduler with a clock runs, that is the bot's clock, so jobs fire on the bot's time (the time a test
    set), not the machine's. Without a clock it is the machine's time, as before."""

    clock: ClassVar[Callable[[], datetime] | None] = None

    @classmethod
    def now(cls, tz: tzinfo | None = None) -> datetime:  # type: ignore[override]
        if cls.clock is None:
            return datetime.now(tz)
        now = cls.clock()
        return now.astimezone(tz) if tz is not None else now.astimezone().replace(tzinfo=None)


def _run_apscheduler_on_the_bot_clock() -> None:
    for module in (apscheduler.schedulers.base, apscheduler.executors.base):
        if getattr(module, "datetime", None) not in (
            datetime,
            _SchedulerTime,
        ):  # a later APScheduler: look again
            raise RuntimeError(f"{module.__name__} no longer reads datetime.now: check how it tells the time")
        module.datetime = _SchedulerTime


_run_apscheduler_on_the_bot_clock()


class GridScheduler(AsyncIOScheduler):
    """An AsyncIOScheduler on the bot's clock, whose stop lets the runs in progress finish.

    APScheduler 3's asyncio executor cancels running jobs on shutdown, and a run cancelled inside a query leaves
    SQLAlchemy rolling back a connection under a CancelledError (an ERROR in the log, and work cut in half). `stop`
    pauses the scheduler (no new runs), waits for the runs it started, and only then shuts it down.

    With `clock`, the scheduler tells the time by it (`_SchedulerTime`); one GridScheduler runs per process."""

    def __init__(self, *, clock: Callable[[], datetime] | None = None, **options: Any) -> None:
        super().__init__(**options)
        self.clock = clock
        self._runs: set[asyncio.Task[Any]] = set()

    def start(self, paused: bool = False) -> None:
        _SchedulerTime.clock = self.clock
        super().start(paused)

    def shutdown(self, wait: bool = True) -> None:
        super().shutdown(wait)
        if _SchedulerTime.clock is self.clock:
            _SchedulerTime.clock = None

    def tracked(self, job: Callable[..., Awaitable[None]]) -> Callable[..., Awaitable[None]]:
        @functools.wraps(job)
        async def run(*args: Any) -> None:
            task = asyncio.current_task()
            assert task is not None
            self._runs.add(task)
            try:
                await job(*args)
            finally:
                self._runs.discard(task)

        return run

    async def stop(self, timeout: float) -> None:
        if not self.running:
            return
        self.pause()
        # A run the scheduler handed to the loop just before the pause has not started yet, so it is not in _runs:
        # one turn of the loop starts it (it registers first thing), and it is waited for like the others.
        await asyncio.sleep(0)
        if self._runs:
            _, late = await asyncio.wait(set(self._runs), timeout=timeout)
            if (
                late
            ):  # cancelled by the shutdown below; their slots were rolled back and are taken again later
                log.warning("%d reminder run(s) did not finish in %s s", len(late), timeout)
        self.shutdown(wait=False)
        await asyncio.sleep(0)  # AsyncIOScheduler shuts down at the loop's next turn (call_soon_threadsafe)


def make_scheduler(engine: ReminderEngine) -> GridScheduler:
    tz = ZoneInfo(engine.settings.timezone)
    scheduler = GridScheduler(timezone=tz, clock=engine.clock)
    defaults = {"coalesce": True, "max_instances": 1, "misfire_grace_time": 3600}
    for kind in engine.enabled():
        at = engine.time_of(kind.name)
        if not kind.urgent and in_quiet_hours(at, *engine.quiet):
            log.warning("reminder %s is set for %s, inside the quiet hours: it will never run", kind.name, at)
        scheduler.add_job(
            scheduler.tracked(_run_kind),
            CronTrigger(hour=at.hour, minute=at.minute, timezone=tz),
            args=[engine, kind.name],
            id=f"reminder:{kind.name}",
            **defaults,
        )
    scheduler.add_job(
        scheduler.tracked(_catch_up),
        CronTrigger(minute=f"*/{CATCH_UP_MINUTES}", timezone=tz),
        args=[engine],
        id="reminder:catch-up",
        **defaults,
    )
    # Issue 8: call-outs whose widening deadline passed (stored in the database, so a restart loses none).
    scheduler.add_job(
        scheduler.tracked(_watch_callouts),
        IntervalTrigger(
            seconds=engine.settings.callout_watch_seconds,
            timezone=tz,
            start_date=engine.clock().astimezone(tz),
        ),
        args=[engine],
        id="callouts:watch",
        **defaults,
    )
    return scheduler


async def _run_kind(engine: ReminderEngine, name: str) -> None:
    try:
        await engine.run_kind(name)
    except Exception as exc:  # a failed run leaves its slot free (rolled back): the catch-up tries again
        log.error("reminder %s failed (%s)", name, type(exc).__name__, exc_info=exc)


async def _catch_up(engine: ReminderEngine) -> None:
    for kind in engine.enabled():
        await _run_kind(engine, kind.name)


async def _watch_callouts(engine: ReminderEngine) -> None:
    try:
        if await callout_watch(engine.db, engine.clock(), CalloutConfig.from_settings(engine.settings)):
            if engine.on_queued:
                engine.on_queued()
    except Exception as exc:  # the next round tries again; the deadline is still in the database
        log.error("call-out watch failed (%s)", type(exc).__name__, exc_info=exc)
