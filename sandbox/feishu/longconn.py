"""Feishu's long connection (长连接, what ``lark_oapi.ws.Client`` speaks), on the stand-in's port.

* ``POST /callback/ws/endpoint`` with ``{"AppID", "AppSecret"}`` answers ``{"code": 0, "data": {"URL": "ws://…/ws/v2?
  device_id=…&service_id=…&…", "ClientConfig": {…}}}``; wrong credentials answer a non-zero code (the client raises).
* ``GET /ws/v2`` upgrades to a websocket whose binary messages are lark's protobuf ``pbbp2.Frame``s: the client's
  ping (method 0 = control, header ``type=ping``) is answered with a pong whose payload is the ClientConfig JSON;
  an event goes as a data frame (method 1) with headers ``type=event``, ``message_id``, ``trace_id``, ``sum``,
  ``seq`` and the event JSON (schema 2.0, the same envelope as the HTTP callback, never encrypted) as payload, split
  into ``sum`` frames when longer than ``fragment_size``. The client answers with the same frame, payload
  ``{"code": 200}`` — plus ``"data"``: base64 of its handler's JSON answer (for ``card.action.trigger``: the toast
  and card) when it has one.
* Card callbacks go as ``type=event`` ``card.action.trigger`` events: lark-oapi's ws client drops ``type=card``
  frames (the old card callback is not delivered over the long connection) without answering.

``LongConnPoster`` is the stand-in's event poster with a ``mode``: ``"http"`` posts to the callback URL,
``"ws"`` pushes over the open long connection.
"""

from __future__ import annotations

import asyncio
import base64
import json
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from aiohttp import WSMsgType, web
from lark_oapi.ws.pb.pbbp2_pb2 import Frame

from .events import Attempt, Delivery, EventPoster

CONTROL, DATA = 0, 1
CLIENT_CONFIG = {"PingInterval": 120, "ReconnectCount": -1, "ReconnectInterval": 120, "ReconnectNonce": 30}


def headers_of(frame: Frame) -> dict[str, str]:
    return {h.key: h.value for h in frame.headers}


def new_frame(method: int, service: int, headers: dict[str, str], payload: bytes = b"") -> Frame:
    frame = Frame()
    frame.SeqID, frame.LogID, frame.service, frame.method = 0, 0, service, method
    for key, value in headers.items():
        header = frame.headers.add()
        header.key, header.value = key, value
    if payload:
        frame.payload = payload
    return frame


@dataclass
class Connection:
    device_id: str
    ws: web.WebSocketResponse
    loop: asyncio.AbstractEventLoop
    pings: int = 0
    frames: list[Frame] = field(default_factory=list)  # every frame the client sent


class LongConnection:
    def __init__(
        self,
        app_id: str,
        app_secret: str,
        errors: list[str],
        base_url: Callable[[], str],
        *,
        service_id: int = 33554678,
        fragment_size: int = 64 * 1024,
    ) -> None:
        self.app_id, self.app_secret = app_id, app_secret
        self.errors = errors  # the stand-in's: a broken rule shows in assert_clean
        self.base_url = base_url
        self.service_id = service_id
        self.fragment_size = fragment_size
        self.client_config = dict(CLIENT_CONFIG)
        self.tickets: dict[str, str] = {}  # device_id → ticket, issued by the endpoint
        self.connections: list[Connection] = []
        self.endpoint_calls = 0
        self._waiting: dict[str, asyncio.Future[Frame]] = {}

    def routes(self) -> list[web.RouteDef]:
        return [web.post("/callback/ws/endpoint", self.endpoint), web.get("/ws/v2", self.socket)]

    @property
    def open(self) -> list[Connection]:
        return [c for c in self.connections if not c.ws.closed]

    async def close_all(self, app: web.Application | None = None) -> None:
        for conn in self.open:
            await conn.ws.close()

    # --- the endpoint and the socket -------------------------------------------------------------------------

    async def endpoint(self, request: web.Request) -> web.Response:
        self.endpoint_calls += 1
        try:
            body = await request.json()
        except ValueError:
            return web.json_response({"code": 1000040343, "msg": "bad request"}, status=400)
        if body.get("AppID") != self.app_id or body.get("AppSecret") != self.app_secret:
            # The code Feishu gives here is not documented; any code other than 0, 1 and 1000040343 makes the
            # client raise ClientException (not retried).
            return web.json_response({"code": 10014, "msg": "app_id or app_secret is invalid"})
        device_id, ticket = secrets.token_hex(8), secrets.token_hex(16)
        self.tickets[device_id] = ticket
        host = self.base_url().replace("http://", "ws://", 1).replace("https://", "wss://", 1)
        query = urlencode(
            {
                "fpid": "493",
                "aid": "552564",
                "device_id": device_id,
                "access_key": secrets.token_hex(16),
                "service_id": str(self.service_id),
                "ticket": ticket,
            }
        )
        data = {"URL": f"{host}/ws/v2?{query}", "ClientConfig": self.client_config}
        return web.json_response({"code": 0, "msg": "ok", "data": data})

    async def socket(self, request: web.Request) -> web.StreamResponse:
        device_id = request.query.get("device_id", "")
        if not device_id or self.tickets.pop(device_id, None) != request.query.get("ticket"):
            self.errors.append(f"long connection: unknown or used device_id/ticket {device_id!r}")
            return web.Response(
                status=403, headers={"handshake-status": "403", "handshake-msg": "invalid ticket"}
            )
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        conn = Connection(device_id, ws, asyncio.get_running_loop())
        self.connections.append(conn)
        async for message in ws:
            if message.type != WSMsgType.BINARY:
                self.errors.append(f"long connection: a {message.type.name} message, not a binary frame")
                continue
            frame = Frame()
            try:
                frame.ParseFromString(message.data)
            except Exception:
                self.errors.append("long connection: a message that is not a pbbp2.Frame")
                continue
            conn.frames.append(frame)
            await self._from_client(conn, frame)
        return ws

    async def _from_client(self, conn: Connection, frame: Frame) -> None:
        headers = headers_of(frame)
        if frame.method == CONTROL and headers.get("type") == "ping":
            if frame.service != self.service_id:
                self.errors.append(f"long connection: a ping for service {frame.service}")
            conn.pings += 1
            pong = new_frame(
                CONTROL, self.service_id, {"type": "pong"}, json.dumps(self.client_config).encode()
            )
            await conn.ws.send_bytes(pong.SerializeToString())
            return
        if frame.method == DATA:
            waiting = self._waiting.pop(headers.get("message_id", ""), None)
            if waiting is None:
                self.errors.append(f"long connection: an answer to no pushed message: {headers}")
            elif not waiting.done():
                waiting.set_result(frame)
            return
        self.errors.append(f"long connection: an unexpected frame (method {frame.method}, headers {headers})")

    # --- pushing ---------------------------------------------------------------------------------------------

    async def push(self, payload: dict[str, Any], timeout: float, message_type: str = "event") -> Attempt:
        """One event to the open connection; the attempt carries the client's answer (status: its code)."""
        live = self.open
        if not live:
            return Attempt(None, "", 0.0, "no open long connection")
        conn = live[-1]
        if conn.loop is not asyncio.get_running_loop():  # the stand-in runs on a thread of its own
            future = asyncio.run_coroutine_threadsafe(
                self._push(conn, payload, timeout, message_type), conn.loop
            )
            return await asyncio.wrap_future(future)
        return await self._push(conn, payload, timeout, message_type)

    async def _push(
        self, conn: Connection, payload: dict[str, Any], timeout: float, message_type: str
    ) -> Attempt:
        started = time.monotonic()
        message_id, trace_id = secrets.token_hex(10), secrets.token_hex(8)
        raw = json.dumps(payload, ensure_ascii=False).encode()
        parts = [raw[i : i + self.fragment_size] for i in range(0, len(raw), self.fragment_size)] or [b""]
        answered: asyncio.Future[Frame] = asyncio.get_running_loop().create_future()
        self._waiting[message_id] = answered
        try:
            for seq, part in enumerate(parts):
                headers = {
                    "type": message_type,
                    "message_id": message_id,
                    "trace_id": trace_id,
                    "sum": str(len(parts)),
                    "seq": str(seq),
                }
                await conn.ws.send_bytes(new_frame(DATA, self.service_id, headers, part).SerializeToString())
            frame = await asyncio.wait_for(answered, timeout)
        except TimeoutError:
            return Attempt(None, "", time.monotonic() - started, "no answer within the timeout")
        except ConnectionError as e:
            return Attempt(None, "", time.monotonic() - started, f"{type(e).__name__}: {e}")
        finally:
            self._waiting.pop(message_id, None)
        try:
            answer = json.loads(frame.payload)
            data = answer.get("data")
            body = base64.b64decode(data).decode() if data else ""
            status = int(answer["code"])
        except (ValueError, KeyError, TypeError) as e:
            self.errors.append(f"long connection: an unreadable answer {frame.payload!r} ({e})")
            return Attempt(None, "", time.monotonic() - started, "unreadable answer")
        return Attempt(status, body, time.monotonic() - started)


class LongConnPoster(EventPoster):
    """The stand-in's poster: ``mode="http"`` to the callback URL, ``mode="ws"`` over the long connection."""

    def __init__(self, longconn: LongConnection, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.longconn = longconn
        self.mode = "http"

    async def _push(self, delivery: Delivery) -> Attempt:
        if self.mode != "ws":
            return await super()._push(delivery)
        attempt = await self.longconn.push(delivery.payload, self.answer_timeout)
        delivery.attempts.append(attempt)
        return attempt
