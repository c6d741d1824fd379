"""The clock of a bot process the end-to-end harness starts: the instant the test chose, running on from there.

The harness's bootstrap (harness.gridbot_command) imports this module and calls `install()` before it imports the
bot; `install` replaces `bot.clock.utc_now`, which every part of the bot reads through the clock it is given, with
one that reads `GRIDBOT_E2E_CLOCK`: "<ISO instant>@<time.monotonic() when the test's clock read that instant>". The
monotonic clock is the machine's, the same in every process and never moved (not by a test that moves the test
process's wall clock either), so the test process's `ProcessClock` with the same value reads the same time as the
bot, and a restarted bot goes on from where it was.
Production never runs this: `gridbot` itself has no clock setting."""

from __future__ import annotations

import os
import sys
import time
from datetime import UTC, datetime, timedelta

ENV = "GRIDBOT_E2E_CLOCK"


class ProcessClock:
    """`start` at the monotonic time `anchor`; afterwards as many seconds later as have passed since."""

    def __init__(self, start: datetime, anchor: float | None = None) -> None:
        assert start.tzinfo is not None, "an instant: give its time zone"
        self.start = start.astimezone(UTC)
        self.anchor = time.monotonic() if anchor is None else anchor

    def __call__(self) -> datetime:
        return self.start + timedelta(seconds=time.monotonic() - self.anchor)

    def env(self) -> str:
        return f"{self.start.isoformat()}@{self.anchor!r}"

    @classmethod
    def from_env(cls, value: str) -> ProcessClock:
        start, anchor = value.rsplit("@", 1)
        return cls(datetime.fromisoformat(start), float(anchor))


def install() -> None:
    value = os.environ.get(ENV)
    if not value:
        return
    loaded = [name for name in ("bot.app", "bot.cli", "bot.middlewares") if name in sys.modules]
    assert not loaded, f"the bot was imported before its clock was set: {loaded}"
    import bot.clock

    bot.clock.utc_now = ProcessClock.from_env(value)  # type: ignore[assignment]
