"""Telegram's limits, paced evenly: the calls' turns (`Slot`) booked overall and per chat (`RateLimiter`)."""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(eq=False)
class Slot:
    """One call's turn, booked by `RateLimiter.reserve`: the call may start `delay` seconds after booking (at `at`)."""

    at: float
    delay: float
    began: float | None = None  # when the call to Telegram started
    ended: float | None = None  # when it was answered (or failed, or turned out not to be needed)


class RateLimiter:
    """At most `per_second` calls in any `window` (1 s), evenly spaced, and one per `chat_interval` seconds per chat.

    Telegram counts a call when it arrives, which the sender cannot see: somewhere between the moment the call started
    and its answer. So the calls are paced evenly at the limit with no catch-up (a call that went late does not make
    the next ones go sooner), and a call may start only once the `capacity`-th call before it has surely left the
    server's window: a second after its answer, or, for a call without an answer within `transit` seconds (a slow
    server), a second and `transit` after it started. Against a strict sliding-window server this never sends more
    than the limit in any second (provided a call's travel time to the server varies by less than `transit`), and,
    as long as the sender keeps up, the rate is the limit / (1 s + the answer time, at most `transit`): at least
    0.95 of the limit with the default `transit`, and close to the limit when answers are quick.

    Why not a fixed margin (pacing at, say, 0.97 of the limit) instead: under a strict window a margin only holds
    while every call takes about as long to reach the server as the one a window before it; one slow claim or one
    delayed request and a burst lands in the same second. Tying each turn to the answer a window earlier holds
    whatever the delays, and costs only the answer time.
    """

    def __init__(
        self,
        per_second: float = 30.0,
        chat_interval: float = 1.0,
        *,
        window: float = 1.0,
        transit: float = 0.05,
        timer: Callable[[], float] = time.monotonic,
    ) -> None:
        self.per_second = per_second
        self.interval = 1.0 / per_second
        self.chat_interval = chat_interval
        self.window = window
        self.capacity = max(1, math.floor(per_second * window + 1e-9))
        self.transit = transit
        self.timer = timer
        self._next_global = -math.inf
        self._next_chat: dict[int, float] = {}
        self._paused_until = -math.inf
        self._recent: deque[Slot] = deque()  # the calls that may still be in the server's window

    def pause(self, seconds: float, chat_id: int | None = None) -> None:
        self._paused_until = max(self._paused_until, self.timer() + seconds)

    def busy_chats(self, more_than: float) -> list[int]:
        """Chats whose next turn is more than `more_than` seconds away (and forget those whose turn has come)."""
        now = self.timer()
        for chat_id in [c for c, slot in self._next_chat.items() if slot <= now]:
            del self._next_chat[chat_id]
        return [c for c, slot in self._next_chat.items() if slot - now > more_than]

    def chat_delay(self, chat_id: int) -> float:
        return max(0.0, self._next_chat.get(chat_id, -math.inf) - self.timer())

    def _counted_by(self, slot: Slot, now: float) -> float:
        """The latest moment the server may have counted this call."""
        if slot.began is None:
            # Not started: it never went (ended), or it is about to start (its claim is being committed).
            return slot.at if slot.ended is not None else max(now, slot.at) + self.transit
        latest = slot.began + self.transit
        return latest if slot.ended is None else min(slot.ended, latest)

    def _window_free(self, start: float, now: float) -> float:
        """The earliest moment from `start` on when one more call leaves at most `capacity` in any window."""
        while self._recent and self._counted_by(self._recent[0], now) + self.window <= now:
            self._recent.popleft()
        if len(self._recent) < self.capacity:
            return start
        counted = sorted((self._counted_by(slot, now) for slot in self._recent), reverse=True)
        # After the `capacity`-th latest has left the window, fewer than `capacity` are in it.
        return max(start, counted[self.capacity - 1] + self.window)

    def reserve(self, chat_id: int) -> Slot:
        """Book the next free turn for a call to this chat (`Slot.delay`: how many seconds to wait for it).

        The sender tells `began` and `ended` about the call, and `ended` also when no call is made after all."""
        now = self.timer()
        start = max(now, self._next_chat.get(chat_id, -math.inf), self._paused_until, self._next_global)
        start = self._window_free(start, now)
        self._next_global = start + self.interval
        self._next_chat[chat_id] = start + self.chat_interval
        slot = Slot(at=start, delay=start - now)
        self._recent.append(slot)
        return slot

    def began(self, slot: Slot) -> None:
        slot.began = self.timer()

    def ended(self, slot: Slot) -> None:
        if slot.ended is None:
            slot.ended = self.timer()


class ByMessenger(RateLimiter):
    """Each messenger's limits apart (issue 19): Telegram's limiter for its chats, Feishu's for the chats of its id
    range; a 429 pauses only the messenger that gave it."""

    def __init__(self, telegram: RateLimiter, feishu: RateLimiter, is_feishu: Callable[[int], bool]) -> None:
        self.telegram, self.feishu, self.is_feishu = telegram, feishu, is_feishu
        self.timer = telegram.timer

    def _of(self, chat_id: int) -> RateLimiter:
        return self.feishu if self.is_feishu(chat_id) else self.telegram

    def pause(self, seconds: float, chat_id: int | None = None) -> None:
        (self.telegram if chat_id is None else self._of(chat_id)).pause(seconds)

    def busy_chats(self, more_than: float) -> list[int]:
        return self.telegram.busy_chats(more_than) + self.feishu.busy_chats(more_than)

    def chat_delay(self, chat_id: int) -> float:
        return self._of(chat_id).chat_delay(chat_id)

    def reserve(self, chat_id: int) -> Slot:
        return self._of(chat_id).reserve(chat_id)
