"""Events to the bot's HTTP callback, in Feishu's format (schema 2.0), signed and encrypted as Feishu does.

* Body: the event JSON; with an encrypt key ``{"encrypt": base64(iv + AES-256-CBC(key=sha256(encrypt_key),
  PKCS#7-padded event JSON))}`` — what ``lark_oapi.core.utils.AESCipher`` decrypts.
* Headers ``X-Lark-Request-Timestamp``, ``X-Lark-Request-Nonce`` and ``X-Lark-Signature`` =
  sha256 hex of timestamp + nonce + encrypt_key + body — what ``EventDispatcherHandler._verify_sign`` checks.
* ``header.token`` carries the verification token.
* An event the bot does not answer 200 within ``answer_timeout`` (Feishu: 3 s) is pushed again with the same
  ``event_id`` after each of ``repush_delays`` (Feishu documents 15 s, 5 min, 1 h, 6 h). Card callbacks
  (``card.action.trigger``) are not re-pushed: an unanswered click shows the user an error instead.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import json
import logging
import os
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from Crypto.Cipher import AES

log = logging.getLogger(__name__)

FEISHU_REPUSH_DELAYS = (15.0, 300.0, 3600.0, 21600.0)


def encrypt(encrypt_key: str, plaintext: str) -> str:
    key = hashlib.sha256(encrypt_key.encode()).digest()
    data = plaintext.encode()
    pad = AES.block_size - len(data) % AES.block_size
    data += bytes([pad]) * pad
    iv = os.urandom(AES.block_size)
    return base64.b64encode(iv + AES.new(key, AES.MODE_CBC, iv).encrypt(data)).decode()


def signature(timestamp: str, nonce: str, encrypt_key: str, body: bytes) -> str:
    return hashlib.sha256((timestamp + nonce + encrypt_key).encode() + body).hexdigest()


@dataclass
class Attempt:
    status: int | None  # None: no answer in time (or the connection failed)
    body: str
    seconds: float
    error: str = ""


@dataclass
class Delivery:
    """One event and every push of it, with what the bot answered."""

    event_id: str
    event_type: str
    payload: dict[str, Any]
    attempts: list[Attempt] = field(default_factory=list)
    done: asyncio.Event = field(default_factory=asyncio.Event)

    @property
    def ok(self) -> bool:
        return any(a.status == 200 for a in self.attempts)

    @property
    def answer(self) -> dict[str, Any] | None:
        """The JSON the bot answered with 200 (for a card callback: the toast and/or card)."""
        for a in self.attempts:
            if a.status == 200:
                try:
                    value = json.loads(a.body) if a.body else {}
                except ValueError:
                    return None
                return value if isinstance(value, dict) else None
        return None

    @property
    def toast(self) -> str | None:
        answer = self.answer or {}
        toast = answer.get("toast")
        return str(toast.get("content")) if isinstance(toast, dict) else None


class EventPoster:
    def __init__(
        self,
        *,
        app_id: str,
        tenant_key: str,
        verification_token: str,
        encrypt_key: str = "",
        answer_timeout: float = 3.0,
        repush_delays: tuple[float, ...] = FEISHU_REPUSH_DELAYS,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.app_id = app_id
        self.tenant_key = tenant_key
        self.verification_token = verification_token
        self.encrypt_key = encrypt_key
        self.answer_timeout = answer_timeout
        self.repush_delays = repush_delays
        self.clock = clock
        self.callback_url: str | None = None
        self.deliveries: list[Delivery] = []
        self._tasks: set[asyncio.Task[None]] = set()

    # --- building ----------------------------------------------------------------------------------------

    def envelope(self, event_type: str, event: dict[str, Any]) -> dict[str, Any]:
        return {
            "schema": "2.0",
            "header": {
                "event_id": secrets.token_hex(16),
                "event_type": event_type,
                "create_time": str(int(self.clock() * 1000)),
                "token": self.verification_token,
                "app_id": self.app_id,
                "tenant_key": self.tenant_key,
            },
            "event": event,
        }

    def encode(self, payload: dict[str, Any]) -> tuple[bytes, dict[str, str]]:
        """The request body and headers for ``payload``, as Feishu sends them."""
        plaintext = json.dumps(payload, ensure_ascii=False)
        body = (
            json.dumps({"encrypt": encrypt(self.encrypt_key, plaintext)}) if self.encrypt_key else plaintext
        )
        raw = body.encode()
        headers = {"Content-Type": "application/json; charset=utf-8"}
        if self.encrypt_key:
            timestamp, nonce = str(int(self.clock())), secrets.token_hex(8)
            headers.update(
                {
                    "X-Lark-Request-Timestamp": timestamp,
                    "X-Lark-Request-Nonce": nonce,
                    "X-Lark-Signature": signature(timestamp, nonce, self.encrypt_key, raw),
                }
            )
        return raw, headers

    # --- posting -----------------------------------------------------------------------------------------

    async def _push(self, delivery: Delivery) -> Attempt:
        if not self.callback_url:
            raise RuntimeError("the stand-in has no callback_url: set it to the bot's event URL first")
        raw, headers = self.encode(delivery.payload)
        started = time.monotonic()
        try:
            async with aiohttp.ClientSession() as session:
                async with session.post(
                    self.callback_url,
                    data=raw,
                    headers=headers,
                    timeout=aiohttp.ClientTimeout(total=self.answer_timeout),
                ) as resp:
                    attempt = Attempt(resp.status, await resp.text(), time.monotonic() - started)
        except TimeoutError:
            attempt = Attempt(None, "", time.monotonic() - started, "no answer within the timeout")
        except aiohttp.ClientError as e:
            attempt = Attempt(None, "", time.monotonic() - started, f"{type(e).__name__}: {e}")
        delivery.attempts.append(attempt)
        return attempt

    async def post(self, event_type: str, event: dict[str, Any], *, all_pushes: bool = False) -> Delivery:
        """Post one event; re-push it in the background when not answered 200 in time (not card callbacks).

        Returns after the first push (``all_pushes=True``: after the last re-push); ``delivery.done`` is set then."""
        return await self.post_payload(self.envelope(event_type, event), all_pushes=all_pushes)

    async def post_payload(self, payload: dict[str, Any], *, all_pushes: bool = False) -> Delivery:
        header = payload.get("header") or {}
        delivery = Delivery(str(header.get("event_id", "")), str(header.get("event_type", "")), payload)
        self.deliveries.append(delivery)
        first = await self._push(delivery)
        if first.status == 200 or delivery.event_type == "card.action.trigger" or not self.repush_delays:
            delivery.done.set()
        else:
            task = asyncio.ensure_future(self._repush(delivery))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        if all_pushes:
            await delivery.done.wait()
        return delivery

    async def _repush(self, delivery: Delivery) -> None:
        try:
            for delay in self.repush_delays:
                await asyncio.sleep(delay)
                log.info("feishu stand-in: re-pushing %s (%s)", delivery.event_id, delivery.event_type)
                if (await self._push(delivery)).status == 200:
                    break
        finally:
            delivery.done.set()

    async def verify_url(self) -> Attempt:
        """Feishu's check when a request URL is saved in the console: the bot must echo the challenge."""
        challenge = secrets.token_hex(12)
        payload = {"challenge": challenge, "token": self.verification_token, "type": "url_verification"}
        delivery = Delivery("", "url_verification", payload)
        attempt = await self._push(delivery)
        if attempt.status == 200:
            try:
                echoed = json.loads(attempt.body).get("challenge")
            except (ValueError, AttributeError):
                echoed = None
            if echoed != challenge:
                attempt.error = f"the bot did not echo the challenge {challenge!r}: {attempt.body!r}"
        return attempt

    async def close(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)
