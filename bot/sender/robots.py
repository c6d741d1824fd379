"""The group robots' sender (issue 20): drains the outbox rows meant for WeCom / DingTalk / Feishu robots (those with
`channel_id`; the Telegram sender never takes them, nor this one Telegram's).

Each robot's rows go one at a time, in order, paced below its documented limit across every sender (the calls of
the last minute are read from the outbox: two instances keep to one pace), and claimed right before the call with a
lease, as the Telegram sender does: a row is sent once even with two instances. The answer is read by the robot's
module (`services.channels.<kind>.verdict`): a network error or a 5xx is retried with backoff, a rate-limit answer
waits the robot's window (the robot's later rows wait behind it), a message the robot refuses fails alone, and an
answer that refuses every message (bad key, bad signature, keyword) marks the channel broken and tells the
administrators once (`services.channels.registry.mark_broken`). Webhook addresses and secrets are never logged.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable
from contextlib import suppress
from datetime import datetime, timedelta
from pathlib import Path

import aiohttp

from services.channels import registry
from services.channels.model import OK, Outcome, Request, Verdict
from services.channels.robot import next_turn
from services.channels.robots import ROBOTS
from storage import outbox
from storage.db import Database

log = logging.getLogger("gridbot.robots")

Post = Callable[[str, bytes], Awaitable[tuple[int, dict | None]]]
MAX_ATTEMPTS = 8
CALL_TIMEOUT = 10.0
LEASE = timedelta(seconds=CALL_TIMEOUT + 10)


class HttpPost:
    """POST a JSON body with aiohttp; (HTTP status, the JSON answer or None)."""

    def __init__(self, timeout: float = CALL_TIMEOUT, proxy: str | None = None) -> None:
        self.timeout = timeout
        self.proxy = proxy
        self._session: aiohttp.ClientSession | None = None

    async def __call__(self, url: str, body: bytes) -> tuple[int, dict | None]:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=self.timeout))
        headers = {"Content-Type": "application/json; charset=utf-8"}
        async with self._session.post(url, data=body, headers=headers, proxy=self.proxy) as response:
            try:
                answer = await response.json(content_type=None)
            except (ValueError, aiohttp.ContentTypeError):
                answer = None
            return response.status, answer if isinstance(answer, dict) else None

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()


async def call(post: Post, request: Request, timeout: float = CALL_TIMEOUT) -> tuple[int, dict | None]:
    """One call; a network error or a timeout comes back as status 0 with no answer (retried by the verdict)."""
    data = json.dumps(request.body, ensure_ascii=False).encode()
    try:
        async with asyncio.timeout(timeout):
            return await post(request.url, data)
    except (TimeoutError, aiohttp.ClientError, OSError):
        return 0, None


def _read(path: Path) -> bytes | None:
    """A chart's file, or None when it is gone (deleted after its keep time)."""
    return path.read_bytes() if path.is_file() else None


class RobotSender:
    def __init__(
        self,
        db: Database,
        clock: Callable[[], datetime],
        *,
        default_locale: str = "zh-CN",
        post: Post | None = None,
        batch: int = 20,
        idle_poll: float = 1.0,
        on_queued: Callable[[], None] | None = None,
    ) -> None:
        self.db = db
        self.clock = clock
        self.default_locale = default_locale
        self.http = HttpPost() if post is None else None
        self.post: Post = post or self.http  # type: ignore[assignment]
        self.batch = batch
        self.idle_poll = idle_poll
        self.on_queued = (
            on_queued  # the Telegram sender's wake-up: a broken robot's notice to the administrators
        )
        self.next_turn: datetime | None = None  # the earliest moment a paced robot may send again
        self._wake = asyncio.Event()
        self._stopped = asyncio.Event()

    def wake(self) -> None:
        self._wake.set()

    def stop(self) -> None:
        self._stopped.set()
        self._wake.set()

    async def close(self) -> None:
        if self.http is not None:
            await self.http.close()

    async def run_forever(self) -> None:
        try:
            while not self._stopped.is_set():
                try:
                    sent = await self.drain_once()
                except Exception as exc:
                    log.error("robot outbox drain failed (%s); retrying", type(exc).__name__, exc_info=exc)
                    sent = 0
                if not sent and not self._stopped.is_set():
                    with suppress(TimeoutError):
                        await asyncio.wait_for(self._wake.wait(), timeout=self.idle_poll)
                    self._wake.clear()
        finally:
            await self.close()

    async def drain_once(self) -> int:
        """One call for each robot whose next row is due and whose pace allows one now; returns how many calls."""
        now = self.clock()
        self.next_turn = None
        async with self.db.session() as session:
            heads = await outbox.due_heads(session, now, self.batch, robots=True)
        calls = []
        for head in heads:
            claimed = await self._claim(head, now)
            if claimed is not None:
                calls.append(self._deliver(*claimed))
        for outcome in await asyncio.gather(*calls, return_exceptions=True):
            if isinstance(outcome, BaseException):
                log.error("robot delivery not recorded (%s)", type(outcome).__name__, exc_info=outcome)
        return len(calls)

    async def _claim(
        self, head: outbox.Outgoing, now: datetime
    ) -> tuple[outbox.Outgoing, registry.Target] | None:
        """The row claimed for a call now, with its channel as read for the claim; None: not this robot's turn, or
        the row was failed (channel gone or broken) or taken by another sender."""
        async with self.db.session() as session:
            target = await registry.target(session, head.channel_id) if head.channel_id else None
            if target is None or target.status != OK or target.kind not in ROBOTS:
                await outbox.mark_failed(session, head.id, "channel removed or broken")
                return None
            rules = ROBOTS[target.kind].rules
            recent = await outbox.robot_calls_since(session, target.id, now - timedelta(minutes=1), now)
            turn = next_turn(rules, recent, now)
            if turn > now:  # the robot's pace: its turn comes later
                self.next_turn = turn if self.next_turn is None else min(self.next_turn, turn)
                return None
            message = await outbox.claim(session, head, now, LEASE)
            return None if message is None else (message, target)

    async def _deliver(self, message: outbox.Outgoing, target: registry.Target) -> None:
        robot = ROBOTS[target.kind]
        body = message.payload.get("body")
        if body is None and "image_path" in message.payload:
            path = Path(message.payload["image_path"])
            png = await asyncio.to_thread(_read, path)
            body = robot.image(png) if png is not None else None
        if body is None:
            async with self.db.session() as session:
                await outbox.mark_failed(
                    session, message.id, "nothing to send (the picture is gone or too big)"
                )
            return
        status, answer = await call(
            self.post, robot.request(target.webhook, target.secret, body, self.clock())
        )
        await self._record(message, target.id, robot.verdict(status, answer))

    async def _record(self, message: outbox.Outgoing, channel_id: int, verdict: Verdict) -> None:
        now = self.clock()
        log.info("robot %s: outbox %s %s %s", channel_id, message.id, verdict.outcome.value, verdict.reason)
        async with self.db.session() as session:
            if verdict.outcome is Outcome.SENT:
                await outbox.mark_sent(session, message.id, now)
            elif verdict.outcome is Outcome.THROTTLED:
                when = now + timedelta(seconds=verdict.wait)
                await outbox.retry_later(
                    session, message.id, when, f"throttled {verdict.reason}", refund_attempt=True
                )
            elif verdict.outcome is Outcome.RETRY and message.attempts < MAX_ATTEMPTS:
                when = now + timedelta(seconds=min(2**message.attempts, 300))
                await outbox.retry_later(
                    session, message.id, when, verdict.reason, uncertain=verdict.reason == "HTTP 0"
                )
            else:
                await outbox.mark_failed(session, message.id, verdict.reason or verdict.outcome.value)
        if verdict.outcome is Outcome.BROKEN:
            if await registry.mark_broken(self.db, channel_id, verdict.reason, now, self.default_locale):
                log.warning("robot %s: marked broken (%s)", channel_id, verdict.reason)
                if self.on_queued:
                    self.on_queued()


async def send_test(
    db: Database, channel_id: int, text: str, clock: Callable[[], datetime], post: Post | None = None
) -> Verdict | None:
    """`channel test`: send `text` to the robot now (not through the outbox: the administrator waits for the answer)
    and return the robot's verdict; a robot that takes it is working again. None: no such channel."""
    async with db.session() as session:
        target = await registry.target(session, channel_id)
    if target is None:
        return None
    robot = ROBOTS[target.kind]
    http = HttpPost() if post is None else None
    try:
        body = robot.text(text)
        status, answer = await call(post or http, robot.request(target.webhook, target.secret, body, clock()))  # type: ignore[arg-type]
    finally:
        if http is not None:
            await http.close()
    verdict = robot.verdict(status, answer)
    if verdict.outcome is Outcome.SENT:
        await registry.mark_ok(db, channel_id)
    return verdict
