"""The two ways Feishu's events come in: the HTTP event callback (FEISHU_MODE=http) and the long connection (ws).

HTTP: a request is taken only when it is Feishu's — with FEISHU_ENCRYPT_KEY its X-Lark-Signature must be
sha256(timestamp + nonce + encrypt key + body) and an encrypted body ({"encrypt": …}, AES-256-CBC, key
sha256(encrypt key)) is decrypted; with FEISHU_VERIFICATION_TOKEN the event's token must match. Anything else is
answered 401 (400 for what cannot be read) and changes nothing. The URL check (url_verification) is answered with its
challenge.

Long connection: lark-oapi's `ws.Client`, run inside the bot's event loop (tried against the stand-in's long
connection, sandbox/feishu/longconn.py): its events go through the same `FeishuReceiver.take`; a press's toast is
not given on this path (the SDK's handler is synchronous), the card is still updated.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
from typing import Any

from aiohttp import web

from bot.feishu.receiver import FeishuReceiver

log = logging.getLogger("gridbot.feishu")


class Refused(Exception):
    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status


def _secret(value: Any) -> str:
    return value.get_secret_value() if value is not None else ""


def signature(timestamp: str, nonce: str, encrypt_key: str, body: bytes) -> str:
    return hashlib.sha256((timestamp + nonce + encrypt_key).encode() + body).hexdigest()


def decrypt(encrypt_key: str, encrypted: str) -> str:
    from lark_oapi.core.utils.decryptor import AESCipher

    return AESCipher(encrypt_key).decrypt_str(encrypted)


def open_event(headers: Any, body: bytes, encrypt_key: str, token: str) -> dict[str, Any]:
    """The event a request carries, checked and decrypted; `Refused` when it is not Feishu's."""
    if encrypt_key:
        given = headers.get("X-Lark-Signature", "")
        expected = signature(
            headers.get("X-Lark-Request-Timestamp", ""),
            headers.get("X-Lark-Request-Nonce", ""),
            encrypt_key,
            body,
        )
        if not hmac.compare_digest(given, expected):
            raise Refused(401, "signature")
    try:
        payload = json.loads(body)
        if isinstance(payload, dict) and "encrypt" in payload:
            if not encrypt_key:
                raise Refused(400, "encrypted, and no FEISHU_ENCRYPT_KEY")
            payload = json.loads(decrypt(encrypt_key, str(payload["encrypt"])))
    except (ValueError, TypeError) as exc:
        raise Refused(400, "unreadable") from exc
    if not isinstance(payload, dict):
        raise Refused(400, "not an object")
    given_token = payload.get("token") or (payload.get("header") or {}).get("token") or ""
    if token and not hmac.compare_digest(str(given_token), token):
        raise Refused(401, "verification token")
    return payload


def http_app(receiver: FeishuReceiver, settings: Any) -> web.Application:
    encrypt_key = _secret(settings.feishu_encrypt_key)
    token = _secret(settings.feishu_verification_token)

    async def events(request: web.Request) -> web.Response:
        body = await request.read()
        try:
            payload = open_event(request.headers, body, encrypt_key, token)
        except Refused as refused:
            log.warning("feishu event refused (%s)", refused)
            return web.json_response({"msg": str(refused)}, status=refused.status)
        if payload.get("type") == "url_verification":
            return web.json_response({"challenge": payload.get("challenge", "")})
        return web.json_response(await receiver.take(payload))

    app = web.Application()
    app.router.add_post(settings.feishu_event_path, events)
    return app


async def run_http(receiver: FeishuReceiver, settings: Any, stop: asyncio.Event) -> None:
    runner = web.AppRunner(http_app(receiver, settings))
    await runner.setup()
    site = web.TCPSite(runner, settings.feishu_event_host, settings.feishu_event_port)
    await site.start()
    log.info(
        "feishu events on %s:%s%s",
        settings.feishu_event_host,
        settings.feishu_event_port,
        settings.feishu_event_path,
    )
    try:
        await stop.wait()
    finally:
        await runner.cleanup()


class _WsEvents:
    """What lark-oapi's ws.Client calls for each event frame (its EventDispatcherHandler's one method it uses)."""

    def __init__(self, receiver: FeishuReceiver) -> None:
        self.receiver = receiver

    def _do_without_validation(self, payload: bytes) -> Any:
        task = asyncio.get_running_loop().create_task(self.receiver.take(json.loads(payload)))
        self.receiver.tasks_pending.add(task)
        task.add_done_callback(self.receiver.tasks_pending.discard)
        return None


async def run_ws(receiver: FeishuReceiver, settings: Any, domain: str, stop: asyncio.Event) -> None:
    """The long connection (FEISHU_MODE=ws). lark-oapi's `ws.Client.start()` runs its own loop forever; its parts are
    run here in the bot's loop instead."""
    import lark_oapi.ws.client as lark_ws
    from lark_oapi.core.enum import LogLevel

    # The SDK schedules its receive loop on a module-level `loop` bound when lark_oapi is first imported: a loop
    # other than this one (an import outside the running loop, or in a worker thread) would never run it, and the
    # connection would stay open with no event ever read. Bound to the running loop here.
    lark_ws.loop = asyncio.get_running_loop()
    client = lark_ws.Client(
        settings.feishu_app_id,
        _secret(settings.feishu_app_secret),
        event_handler=_WsEvents(receiver),  # the one method the client calls
        domain=domain,
        # Its INFO records carry the connection URL, whose access_key and ticket are credentials: kept out of logs.
        log_level=LogLevel.WARNING,
    )
    before = asyncio.all_tasks()
    await client._connect()
    receiving = [  # the SDK's receive loop, started by _connect
        task
        for task in asyncio.all_tasks() - before
        if getattr(task.get_coro(), "__qualname__", "") == "Client._receive_message_loop"
    ]
    ping = asyncio.create_task(client._ping_loop())
    log.info("feishu events over the long connection")
    try:
        await stop.wait()
    finally:
        # The receive loop is stopped before the connection is closed: left running, it takes the close for a lost
        # connection and reconnects (auto_reconnect, after up to ReconnectNonce s) — against the stand-in the process
        # then ignored SIGTERM for over 10 s.
        for task in (ping, *receiving):
            task.cancel()
        await asyncio.gather(ping, *receiving, return_exceptions=True)
        if receiver.tasks_pending:  # events answered to Feishu already: taken in before the process goes on
            await asyncio.wait(set(receiver.tasks_pending), timeout=5)
        await client._disconnect()
