"""Rate limits, fault injection and call statistics.

Both limits and faults are off by default and can be reconfigured at runtime
through the control API. Limits model Telegram's documented flood control:
about 30 messages per second overall and one per second per chat. Telegram
tolerates short bursts in a chat, so each chat gets a token bucket holding
``per_chat_burst`` messages refilled at ``per_chat_per_second``.

The global limit is, by default, a strict sliding window (``window="sliding"``):
at most ``global_per_second`` sends and edits are accepted in ANY interval of
one second, and the next one is answered 429 with ``retry_after`` = the whole
seconds until the oldest of them leaves the window. Telegram's own algorithm is
not published; the emulator is meant to be at least as strict, so a sender that
never sees a 429 here will not cause them there. ``window="bucket"`` is the
older, more lenient model: a token bucket holding ``global_per_second`` tokens
refilled at that rate, which lets a burst of that many through at once.
"""

from __future__ import annotations

import math
import random
import time
from collections import Counter, defaultdict, deque
from dataclasses import dataclass, field, fields
from typing import Any

# Calls that put a message in a chat (edits too: Telegram's flood control counts them).
SENDING_METHODS = frozenset({"sendmessage", "sendphoto", "senddocument", "sendmediagroup", "sendlocation"})
EDITING_METHODS = frozenset(
    {"editmessagetext", "editmessagecaption", "editmessagemedia", "editmessagereplymarkup"}
)


def _update_dataclass(obj: Any, changes: dict[str, Any]) -> None:
    known = {f.name: f for f in fields(obj)}
    unknown = set(changes) - set(known)
    if unknown:
        raise ValueError(f"unknown setting(s): {', '.join(sorted(unknown))}")
    for name, value in changes.items():
        setattr(obj, name, value)


WINDOWS = ("sliding", "bucket")


@dataclass
class LimitConfig:
    enabled: bool = False
    global_per_second: float = 30.0
    per_chat_per_second: float = 1.0
    per_chat_burst: int = 3
    count_edits: bool = True
    # The global limit: "sliding" (at most `global_per_second`, rounded down, in any one second) or "bucket" (a token
    # bucket of that capacity and rate: a full second's worth may go at once).
    window: str = "sliding"

    def update(self, changes: dict[str, Any]) -> None:
        if "window" in changes and changes["window"] not in WINDOWS:
            raise ValueError(f"window must be one of {', '.join(WINDOWS)}")
        _update_dataclass(self, changes)


@dataclass
class _Bucket:
    tokens: float
    stamp: float

    def refill(self, capacity: float, rate: float, now: float) -> None:
        self.tokens = min(capacity, self.tokens + (now - self.stamp) * rate)
        self.stamp = now

    def wait_time(self, rate: float) -> float:
        return 0.0 if self.tokens >= 1 else (1 - self.tokens) / rate


class _SlidingWindow:
    """The times of the sends accepted in the last second: at most `capacity` of them."""

    def __init__(self) -> None:
        self._accepted: deque[float] = deque()

    def wait_time(self, capacity: int, now: float) -> float:
        while self._accepted and self._accepted[0] <= now - 1.0:
            self._accepted.popleft()
        if len(self._accepted) < capacity:
            return 0.0
        # The send that must leave the window before one more may come in.
        return self._accepted[len(self._accepted) - capacity] + 1.0 - now

    def take(self, now: float) -> None:
        self._accepted.append(now)


class RateLimiter:
    def __init__(self, config: LimitConfig) -> None:
        self.config = config
        self._global: _Bucket | None = None
        self._window = _SlidingWindow()
        self._chats: dict[int, _Bucket] = {}
        self.refused = 0  # calls answered 429 by the limits (not by fault injection)

    def applies_to(self, method: str) -> bool:
        return self.config.enabled and (
            method in SENDING_METHODS or (self.config.count_edits and method in EDITING_METHODS)
        )

    def acquire(self, chat_id: int | None, now: float | None = None) -> int | None:
        """Take one message slot; return ``retry_after`` seconds if none is free."""
        now = time.monotonic() if now is None else now
        cfg = self.config
        sliding = cfg.window == "sliding"
        buckets = []
        if not sliding:
            if self._global is None:
                self._global = _Bucket(cfg.global_per_second, now)
            buckets.append((self._global, cfg.global_per_second, cfg.global_per_second))
        if chat_id is not None:
            chat = self._chats.setdefault(chat_id, _Bucket(cfg.per_chat_burst, now))
            buckets.append((chat, cfg.per_chat_burst, cfg.per_chat_per_second))
        capacity = max(1, math.floor(cfg.global_per_second + 1e-9))
        wait = self._window.wait_time(capacity, now) if sliding else 0.0
        for bucket, bucket_capacity, rate in buckets:
            bucket.refill(bucket_capacity, rate, now)
            wait = max(wait, bucket.wait_time(rate))
        if wait > 0:
            self.refused += 1
            return max(1, math.ceil(wait))
        if sliding:
            self._window.take(now)
        for bucket, _, _ in buckets:
            bucket.tokens -= 1
        return None

    def reset(self) -> None:
        self._global = None
        self._window = _SlidingWindow()
        self._chats.clear()
        self.refused = 0


@dataclass
class FaultConfig:
    enabled: bool = False
    seed: int = 0
    rate_429: float = 0.0
    retry_after: int = 1
    rate_500: float = 0.0
    delay_rate: float = 0.0
    delay_ms: int = 0
    # A share of calls that take effect (the message is delivered) but whose connection is then reset before the
    # answer: the client cannot know, and a retry makes a duplicate, as with Telegram after a network failure.
    rate_reset: float = 0.0
    # None: every method except getUpdates (failing the long poll only slows
    # aiogram's polling loop down, it does not exercise the bot's own code).
    methods: list[str] | None = None

    def update(self, changes: dict[str, Any]) -> None:
        _update_dataclass(self, changes)


@dataclass(frozen=True)
class Fault:
    delay_ms: int = 0
    error: str | None = None  # "429" or "500"
    reset: bool = False  # the call takes effect, then the connection is reset (no answer)


class FaultInjector:
    def __init__(self, config: FaultConfig) -> None:
        self.config = config
        self._rng = random.Random(config.seed)

    def reseed(self) -> None:
        self._rng = random.Random(self.config.seed)

    def decide(self, method: str) -> Fault:
        cfg = self.config
        if not cfg.enabled:
            return Fault()
        if cfg.methods is None:
            if method == "getupdates":
                return Fault()
        elif method not in {m.lower() for m in cfg.methods}:
            return Fault()
        # Always draw the same number of values so one setting does not shift the others' sequence.
        delay_roll, error_roll = self._rng.random(), self._rng.random()
        delay = cfg.delay_ms if delay_roll < cfg.delay_rate else 0
        if error_roll < cfg.rate_429:
            return Fault(delay, "429")
        if error_roll < cfg.rate_429 + cfg.rate_500:
            return Fault(delay, "500")
        if error_roll < cfg.rate_429 + cfg.rate_500 + cfg.rate_reset:
            return Fault(delay, reset=True)
        return Fault(delay)


@dataclass
class Stats:
    calls: Counter[str] = field(default_factory=Counter)  # method -> calls
    errors: Counter[int] = field(default_factory=Counter)  # error_code -> answers
    # chat_id -> wall-clock times of successful sending calls, to check pacing
    sends: defaultdict[int, list[float]] = field(default_factory=lambda: defaultdict(list))
    resets: int = 0  # calls that took effect and then had their connection reset (FaultConfig.rate_reset)

    def to_json(self) -> dict[str, Any]:
        return {
            "calls": dict(self.calls),
            "resets": self.resets,
            "errors": {str(code): n for code, n in self.errors.items()},
            "served_429": self.errors[429],
            "sends": {str(chat): times for chat, times in self.sends.items()},
        }
