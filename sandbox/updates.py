"""The bot's update queue: long polling with ``getUpdates`` or webhook pushes.

Semantics follow Telegram: an update stays queued until a later
``getUpdates`` confirms it with ``offset``; a second concurrent
``getUpdates`` terminates the first one with 409; while a webhook is set,
``getUpdates`` answers 409 and the queue is POSTed to the webhook over up to
``max_connections`` connections at once, each update retried with back-off
until the webhook answers 2xx. Different chats' updates go in parallel, as
Telegram's do; one chat's are posted one after the other, in order (the next
only once the previous one was answered 2xx) — Telegram does not document its
order within a chat, so the emulator takes the strict reading.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import secrets
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from aiohttp import ClientError, ClientSession, ClientTimeout, MultipartReader, TCPConnector

from . import errors
from .errors import ApiError, bad_request
from .params import Params
from .state import Signal

log = logging.getLogger(__name__)

_SECRET_RE = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
_WEBHOOK_TIMEOUT = ClientTimeout(total=30)
_MAX_BACKOFF = 5.0
# How far down the queue the webhook looks for an update whose chat is not busy (Telegram's own queue is per bot).
_LOOKAHEAD = 1000

# Called with a method a webhook answered with (Telegram executes those).
WebhookReplyHandler = Callable[[str, Params], Awaitable[Any]]


@dataclass
class Webhook:
    url: str
    secret_token: str | None
    max_connections: int = 40
    last_error_date: int | None = None
    last_error_message: str | None = None


class UpdateQueue:
    def __init__(self, on_webhook_reply: WebhookReplyHandler) -> None:
        self._pending: list[dict[str, Any]] = []
        # Telegram's update ids go up one by one from a number it chooses; a new emulator (a new sandbox run on a
        # kept database) must not start over at 1, or the bot would take its updates for ones it already handled.
        self._next_id = secrets.randbelow(9 * 10**8) + 10**8
        self._signal = Signal()
        self._poll_generation = 0
        self._closed = False
        self._on_webhook_reply = on_webhook_reply
        self._webhook_task: asyncio.Task[None] | None = None
        self.webhook: Webhook | None = None
        self.allowed_updates: list[str] | None = None

    @property
    def pending_count(self) -> int:
        return len(self._pending)

    def push(self, kind: str, payload: dict[str, Any]) -> dict[str, Any] | None:
        """Queue an update of type ``kind``; None if ``allowed_updates`` filters it out."""
        if self.allowed_updates and kind not in self.allowed_updates:
            return None
        update = {"update_id": self._next_id, kind: payload}
        self._next_id += 1
        self._pending.append(update)
        self._signal.notify()
        return update

    def _confirm(self, offset: int | None) -> None:
        if offset is None:
            return
        if offset < 0:  # Telegram: keep only the last -offset updates
            del self._pending[: max(len(self._pending) + offset, 0)]
        else:
            self._pending = [u for u in self._pending if u["update_id"] >= offset]

    async def get_updates(self, params: Params) -> list[dict[str, Any]]:
        if self.webhook is not None:
            raise ApiError(409, errors.WEBHOOK_ACTIVE)
        allowed = params.json("allowed_updates")
        if allowed is not None:
            self.allowed_updates = list(allowed)
        self._confirm(params.integer("offset"))
        limit = min(max(params.integer("limit") or 100, 1), 100)
        timeout = max(params.number("timeout") or 0.0, 0.0)

        self._poll_generation += 1
        generation = self._poll_generation
        self._signal.notify()  # a poll already waiting learns it was superseded
        deadline = time.monotonic() + timeout
        while not self._pending and not self._closed:
            if (left := deadline - time.monotonic()) <= 0:
                break
            await self._signal.wait(left)
            if generation != self._poll_generation:
                raise ApiError(409, errors.POLLING_CONFLICT)
        return self._pending[:limit]

    def set_webhook(self, params: Params) -> None:
        url = params.string("url") or ""
        if not url:
            self.delete_webhook(params.flag("drop_pending_updates"))
            return
        if not url.startswith(("http://", "https://")):
            raise bad_request("bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443")
        secret = params.string("secret_token")
        if secret is not None and not _SECRET_RE.match(secret):
            raise bad_request("secret token contains unallowed characters")
        allowed = params.json("allowed_updates")
        if allowed is not None:
            self.allowed_updates = list(allowed)
        if params.flag("drop_pending_updates"):
            self._pending.clear()
        self.webhook = Webhook(url, secret, params.integer("max_connections") or 40)
        self._poll_generation += 1  # a running long poll now conflicts with the webhook
        self._signal.notify()
        if self._webhook_task is None or self._webhook_task.done():
            self._webhook_task = asyncio.create_task(self._deliver())

    def delete_webhook(self, drop_pending: bool) -> None:
        self.webhook = None
        if drop_pending:
            self._pending.clear()
        self._signal.notify()

    def webhook_info(self) -> dict[str, Any]:
        hook = self.webhook
        info: dict[str, Any] = {
            "url": hook.url if hook else "",
            "has_custom_certificate": False,
            "pending_update_count": len(self._pending),
        }
        if hook is not None:
            info["max_connections"] = hook.max_connections
            if hook.last_error_date is not None:
                info["last_error_date"] = hook.last_error_date
                info["last_error_message"] = hook.last_error_message
            if self.allowed_updates:
                info["allowed_updates"] = self.allowed_updates
        return info

    async def close(self) -> None:
        self._closed = True
        self._signal.notify()
        if self._webhook_task is not None:
            self._webhook_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._webhook_task

    async def _deliver(self) -> None:
        # chat key -> the task posting that chat's oldest update
        in_flight: dict[Any, asyncio.Task[None]] = {}
        connector = TCPConnector(limit=0)  # the number of connections is max_connections, kept below
        async with ClientSession(timeout=_WEBHOOK_TIMEOUT, connector=connector) as session:
            try:
                while (hook := self.webhook) is not None and not self._closed:
                    blocked: set[Any] = set()
                    for update in self._pending[:_LOOKAHEAD]:
                        if len(in_flight) >= hook.max_connections:
                            break
                        key = chat_key(update)
                        if key in in_flight or key in blocked:
                            blocked.add(key)  # this chat's later updates wait for the one being posted
                            continue
                        in_flight[key] = asyncio.create_task(
                            self._deliver_one(session, hook, update, key, in_flight)
                        )
                    await self._signal.wait(30)
            finally:
                for task in list(in_flight.values()):
                    task.cancel()
                await asyncio.gather(*in_flight.values(), return_exceptions=True)

    async def _deliver_one(
        self,
        session: ClientSession,
        hook: Webhook,
        update: dict[str, Any],
        key: Any,
        in_flight: dict[Any, asyncio.Task[None]],
    ) -> None:
        """Post one update until the webhook takes it (or the webhook is changed or deleted)."""
        backoff = 0.5
        try:
            while self.webhook is hook and not self._closed:
                if await self._post(session, hook, update):
                    with contextlib.suppress(ValueError):
                        self._pending.remove(update)
                    return
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, _MAX_BACKOFF)
        finally:
            del in_flight[key]
            self._signal.notify()

    async def _post(self, session: ClientSession, hook: Webhook, update: dict[str, Any]) -> bool:
        headers = {"X-Telegram-Bot-Api-Secret-Token": hook.secret_token} if hook.secret_token else {}
        try:
            async with session.post(hook.url, json=update, headers=headers) as resp:
                if not 200 <= resp.status < 300:
                    hook.last_error_message = f"Wrong response from the webhook: {resp.status} {resp.reason}"
                    hook.last_error_date = int(time.time())
                    return False
                await self._handle_reply(resp.headers.get("Content-Type", ""), resp)
                return True
        except (ClientError, TimeoutError) as exc:
            hook.last_error_message = f"Connection failed: {exc}"
            hook.last_error_date = int(time.time())
            return False

    async def _handle_reply(self, content_type: str, resp: Any) -> None:
        """Execute a Bot API method the webhook returned in its response body."""
        if content_type.startswith("multipart/"):
            params = await Params.from_multipart(MultipartReader(resp.headers, resp.content))
        elif content_type.startswith("application/json"):
            body = await resp.json()
            params = Params(body if isinstance(body, dict) else {})
        else:
            return
        method = params.string("method")
        if method:
            try:
                await self._on_webhook_reply(method, params)
            except ApiError as exc:  # Telegram drops failed webhook replies silently
                log.info("webhook reply %s failed: %s", method, exc.description)


def chat_key(update: dict[str, Any]) -> Any:
    """The chat an update belongs to, for keeping each chat's updates in order: the chat of its message (a button's
    message for a callback query), else the user who sent it, else the update itself."""
    payload = next((v for k, v in update.items() if k != "update_id" and isinstance(v, dict)), {})
    chat = payload.get("chat") or (payload.get("message") or {}).get("chat")
    if isinstance(chat, dict) and "id" in chat:
        return ("chat", chat["id"])
    sender = payload.get("from") or payload.get("user")
    if isinstance(sender, dict) and "id" in sender:
        return ("user", sender["id"])
    return ("update", update.get("update_id"))
