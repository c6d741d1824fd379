"""What every group robot kind gives (`Robot`): its limits, the shape of its webhook, its messages, its signed
request and how to read its answer. One module per kind (`wecom`, `dingtalk`, `feishu`); `robots.ROBOTS` holds them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from services.channels.model import GroupMessage, Outcome, Request, Verdict
from services.channels.render import as_markdown, size, split


@dataclass(frozen=True)
class RobotRules:
    """A robot's documented limits, and the pace the sender keeps below them."""

    per_minute: int  # documented
    pace_per_minute: (
        int  # what the sender keeps to (below the documented limit, so that a clock skew is harmless)
    )
    throttle_wait: float  # seconds waited after the robot says "too fast"
    per_second: int | None = None
    pace_per_second: int | None = None
    avoid_seconds: tuple[int, ...] = ()  # seconds of the minute never sent on (Feishu: :00 and :30)


@dataclass(frozen=True)
class Robot:
    kind: str
    rules: RobotRules
    host: str  # the real service's host, for the help text
    path_ok: Callable[[str, str], bool]  # (path, query) of the webhook address
    signs: bool  # takes a secret to sign with (optional: the group may use keywords instead)
    messages: Callable[[GroupMessage], list[dict]]  # outbox payloads: {"body": ...} or {"image_path": ...}
    request: Callable[[str, str | None, dict, datetime], Request]
    verdict: Callable[[int, dict | None], Verdict]
    image: Callable[[bytes], dict | None]  # the body of a picture, or None where the robot takes none
    text: Callable[[str], dict]  # the body of a plain text (`channel test`)

    def webhook_ok(self, url: str) -> bool:
        """https (http only to this machine, for a stand-in), and the kind's path with its key or token."""
        try:
            parts = urlsplit(url.strip())
        except ValueError:
            return False
        local = parts.hostname in ("127.0.0.1", "localhost", "::1")
        if parts.scheme != "https" and not (parts.scheme == "http" and local):
            return False
        return bool(parts.hostname) and self.path_ok(parts.path, parts.query)


def lines_of(message: GroupMessage, *, image: bool) -> str:
    """The message's text (markdown) after its title: the parts, the line on where to act, the chart's note."""
    text = "\n".join(as_markdown(part).strip("\n") for part in message.parts)
    if message.chart_path and not image and message.chart_note:
        text += "\n" + as_markdown(message.chart_note)
    if message.act:
        text += "\n\n" + as_markdown(message.act)
    return text


def pieces(
    message: GroupMessage, limit: int, *, image: bool, sep: str = "\n", titled: bool = True
) -> list[str]:
    """The message in pieces of at most `limit` bytes; with `titled` the title (bold) opens each."""
    head = f"**{as_markdown(message.title)}**" if titled else ""
    body = lines_of(message, image=image)
    return split(f"{head}\n{body}" if head else body, limit, head=head, sep=sep)


def by_code(
    http_status: int,
    answer: dict | None,
    code: int | None,
    *,
    throttled: set[int],
    broken: set[int],
    wait: float,
) -> Verdict:
    """The common reading of a robot's answer: 5xx or no answer → retry; a throttle code (or HTTP 429) → wait;
    a code that refuses every message → broken; 0 → sent; any other code → this message refused."""
    if http_status >= 500 or (answer is None and http_status != 404):
        return Verdict(Outcome.RETRY, f"HTTP {http_status}")
    if http_status == 429 or code in throttled:
        return Verdict(Outcome.THROTTLED, f"{code}", wait)
    message = str((answer or {}).get("errmsg") or (answer or {}).get("msg") or "")[:200]
    if code in broken or http_status == 404:
        return Verdict(Outcome.BROKEN, f"{code if code is not None else http_status} {message}".strip())
    if code == 0 and http_status < 400:
        return Verdict(Outcome.SENT)
    return Verdict(Outcome.REFUSED, f"{code if code is not None else http_status} {message}".strip())


def too_big(text: str, limit: int) -> bool:
    return size(text) > limit


def next_turn(rules: RobotRules, recent: list[datetime], now: datetime) -> datetime:
    """The earliest moment from `now` on when one more call keeps to the robot's pace: fewer than `pace_per_minute`
    calls in the minute before it (and `pace_per_second` in the second), and not on a second it avoids. `recent`:
    the robot's calls of the last minute, by any sender (`storage.outbox.robot_calls_since`)."""
    turn = now
    for _ in range(4):  # each rule can only move the turn later; a few rounds settle it
        before = turn
        in_minute = sorted(t for t in recent if t > turn - timedelta(minutes=1))
        if len(in_minute) >= rules.pace_per_minute:
            turn = max(turn, in_minute[-rules.pace_per_minute] + timedelta(minutes=1))
        if rules.pace_per_second:
            in_second = sorted(t for t in recent if t > turn - timedelta(seconds=1))
            if len(in_second) >= rules.pace_per_second:
                turn = max(turn, in_second[-rules.pace_per_second] + timedelta(seconds=1))
        if turn.second in rules.avoid_seconds:
            turn = turn.replace(microsecond=0) + timedelta(seconds=1)
        if turn == before:
            break
    return turn
