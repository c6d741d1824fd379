"""Quiet hours: no non-urgent reminder between QUIET_START and QUIET_END (local time)."""

from __future__ import annotations

from datetime import time


def parse_hhmm(value: str) -> time:
    hours, _, minutes = value.partition(":")
    return time(int(hours), int(minutes))


def in_quiet_hours(t: time, start: time, end: time) -> bool:
    if start > end:  # across midnight, e.g. 21:00–08:00
        return t >= start or t < end
    return start <= t < end
