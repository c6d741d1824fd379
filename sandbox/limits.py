"""Rate limits, fault injection and call statistics.

Both limits and faults are off by default and can be reconfigured at runtime
through the control API. Limits model Telegram's documented flood control:
about 30 messages per second overall and one per second per chat. Telegram
tolerates short bursts in a chat, so each chat gets a token bucket holding
``per_chat_burst`` messages refilled at ``per_chat_per_second``.
"""

from __future__ import annotations

import math
import random
import time
from collections import Counter, defaultdict
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


@dataclass
class LimitConfig:
    enabled: bool = False
    global_per_second: float = 30.0
    per_chat_per_second: float = 1.0
    per_chat_burst: int = 3
    count_edits: bool = True

    def update(self, changes: dict[str, Any]) -> None:
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


class RateLimiter:
    def __init__(self, config: LimitConfig) -> None:
        self.config = config
        self._global: _Bucket | None = None
        self._chats: dict[int, _Bucket] = {}

    def applies_to(self, method: str) -> bool:
        return self.config.enabled and (
            method in SENDING_METHODS or (self.config.count_edits and method in EDITING_METHODS)
        )

    def acquire(self, chat_id: int | None, now: float | None = None) -> int | None:
        """Take one message slot; return ``retry_after`` seconds if none is free."""
        now = time.monotonic() if now is None else now
        cfg = self.config
        if self._global is None:
            self._global = _Bucket(cfg.global_per_second, now)
        buckets = [(self._global, cfg.global_per_second, cfg.global_per_second)]
        if chat_id is not None:
            chat = self._chats.setdefault(chat_id, _Bucket(cfg.per_chat_burst, now))
            buckets.append((chat, cfg.per_chat_burst, cfg.per_chat_per_second))
        wait = 0.0
        for bucket, capacity, rate in buckets:
            bucket.refill(capacity, rate, now)
            wait = max(wait, bucket.wait_time(rate))
        if wait > 0:
            return max(1, math.ceil(wait))
        for bucket, _, _ in buckets:
            bucket.tokens -= 1
        return None

    def reset(self) -> None:
        self._global = None
        self._chats.clear()


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
