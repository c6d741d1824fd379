"""The two ways Feishu's events come in: the HTTP event callback (FEISHU_MODE=http) and the long connection (ws).

HTTP: a request is taken only when it is Feishu's — with FEISHU_ENCRYPT_KEY its X-Lark-Signature must be
sha256(timestamp + nonce + encrypt key + body) and an encrypted body ({"encrypt": …}, AES-256-CBC, key
sha256(encrypt key)) is decrypted; with FEISHU_VERIFICATION_TOKEN the event's token must match. Anything else is
answered 401 (400 for what cannot be read) and changes nothing. The URL check (url_verification) is answered with its
challenge.

Long connection: lark-oapi's `ws.Client`, run inside the bot's event loop. It cannot be tried without Feishu (the
stand-in speaks HTTP only): its events go through the same `FeishuReceiver.take`; a press's toast is not given on
this path (the SDK's handler is synchronous), the card is still updated.
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
    run here in the bot's loop instead (the SDK binds its module to the loop it is first imported in: this one)."""
    from lark_oapi.ws import Client

    client = Client(
        settings.feishu_app_id,
        _secret(settings.feishu_app_secret),
        event_handler=_WsEvents(receiver),
        domain=domain,
    )
    await client._connect()
    ping = asyncio.create_task(client._ping_loop())
    try:
        await stop.wait()
    finally:
        ping.cancel()
        await client._disconnect()
