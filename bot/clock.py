"""The bot's one clock: every part of a running bot (handlers, the outbox sender, reminders, exports, the urgent-item
watch, the CLI) asks `utc_now()` through the `clock` it was given, never `datetime.now()` itself.

A test gives the in-process bot a clock of its own; the end-to-end harness starts `gridbot run` with this function
replaced before the bot is imported (tests/e2e/process_clock.py), so the bot process and the test read one instant."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)
