"""Feishu's frequency limits, as the stand-in enforces them (sliding windows of one second).

Documented figures (open.feishu.cn, server-docs/im-v1/message/create, …/reply, …/patch):

* 发送消息 / 回复消息: "接口频率限制 1000 次/分钟、50 次/秒" per app → HTTP 429, code 99991400, header
  ``x-ogw-ratelimit-reset: <seconds>`` (``per_app_per_second``, default 50);
* "向同一用户发送消息的限频为 5 QPS" → code 230020 (``per_chat_per_second``, default 5);
* 更新应用发送的消息卡片: "单条消息更新频控为 5 QPS" → code 230020 (``patch_per_message_per_second``, default 5).

``None`` turns a limit off. The clock is injectable (monotonic seconds) so tests need not wait on the real one.
"""

from __future__ import annotations

import math
import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass

from .errors import FREQUENCY_LIMIT, RATE_LIMITED, FeishuError


@dataclass
class Limits:
    per_app_per_second: float | None = 50.0
    per_chat_per_second: float | None = 5.0
    patch_per_message_per_second: float | None = 5.0


class _Window:
    def __init__(self) -> None:
        self.times: deque[float] = deque()

    def admit(self, now: float, per_second: float) -> float:
        """0 when admitted (and counted); else the seconds until a slot frees."""
        while self.times and now - self.times[0] >= 1.0:
            self.times.popleft()
        if len(self.times) >= max(1, math.floor(per_second)):
            return 1.0 - (now - self.times[0])
        self.times.append(now)
        return 0.0


class RateLimiter:
    def __init__(self, limits: Limits | None = None, clock: Callable[[], float] = time.monotonic) -> None:
        self.limits = limits or Limits()
        self.clock = clock
        self._lock = threading.Lock()
        self._app = _Window()
        self._chats: dict[str, _Window] = defaultdict(_Window)
        self._patches: dict[str, _Window] = defaultdict(_Window)

    def reset(self) -> None:
        with self._lock:
            self._app = _Window()
            self._chats.clear()
            self._patches.clear()

    def send(self, chat_id: str) -> None:
        """A message sent (create or reply) into ``chat_id``: raise FeishuError when over a limit."""
        with self._lock:
            now = self.clock()
            if self.limits.per_app_per_second is not None:
                wait = self._app.admit(now, self.limits.per_app_per_second)
                if wait:
                    raise FeishuError(
                        RATE_LIMITED,
                        "request trigger frequency limit",
                        status=429,
                        headers={
                            "x-ogw-ratelimit-limit": str(int(self.limits.per_app_per_second)),
                            "x-ogw-ratelimit-reset": str(max(1, math.ceil(wait))),
                        },
                        rule=False,
                    )
            if self.limits.per_chat_per_second is not None:
                if self._chats[chat_id].admit(now, self.limits.per_chat_per_second):
                    self._app.times.pop()  # the refused send does not count against the app
                    raise FeishuError(
                        FREQUENCY_LIMIT, "This operation triggers the frequency limit.", rule=False
                    )

    def patch(self, message_id: str) -> None:
        with self._lock:
            limit = self.limits.patch_per_message_per_second
            if limit is not None and self._patches[message_id].admit(self.clock(), limit):
                raise FeishuError(FREQUENCY_LIMIT, "This operation triggers the frequency limit.", rule=False)
