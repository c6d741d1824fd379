"""Local stand-ins of the WeCom, DingTalk and Feishu group robots' webhooks (issue 20), for tests and demos.

Each checks what its service documents and answers with its real error codes, keeping every message it took:
- WeCom `POST /cgi-bin/webhook/send?key=KEY`: an unknown key → 93000 invalid webhook url; text > 2048 bytes,
  markdown > 4096 bytes, an image over 2 MB or whose md5 does not match → 40058; more than 20 in a minute → 45009.
- DingTalk `POST /robot/send?access_token=TOKEN[&timestamp=MS&sign=SIGN]`: an unknown token → 300001; with a
  secret, a timestamp more than an hour off or a sign other than urlencode(base64(HMAC-SHA256(secret,
  "MS\\nsecret"))) → 310000 sign not match; with keywords, a message without one → 310000 keywords not in content;
  content over 20000 bytes → 460101; the 21st message in a minute → 130101, and every message for 10 minutes after.
  Errors as HTTP 200 with `errcode`.
- Feishu `POST /open-apis/bot/v2/hook/HOOK`: an unknown hook → 19001; a body over 20 KB or not JSON → HTTP 400 code
  9499; with a secret, a timestamp (seconds) more than an hour off or a sign other than base64(HMAC-SHA256(key=
  "timestamp\\nsecret", msg="")) → 19021; more than 5 in a second or 100 in a minute, or a message on :00 or :30 of a
  minute (when Feishu is busiest) → 11232 frequency limited.

It imports nothing of the bot; `clock` (epoch seconds) can be the test's clock.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from aiohttp import web

WECOM_TEXT, WECOM_MARKDOWN, WECOM_IMAGE = 2048, 4096, 2 * 1024 * 1024
DINGTALK_CONTENT = 20000
FEISHU_BODY = 20 * 1024
FRESH = 3600  # seconds a signed timestamp may be off


@dataclass
class Robot:
    kind: str
    name: str  # the key, token or hook
    secret: str | None = None
    keywords: tuple[str, ...] = ()
    received: list[dict] = field(default_factory=list)  # the bodies taken
    answers: list[int] = field(default_factory=list)  # every answer's code, in order
    calls: list[float] = field(default_factory=list)  # when each call came (the stand-in's clock)
    accepted: list[float] = field(default_factory=list)  # when each taken message came
    blocked_until: float = 0.0


class RobotStandIns:
    """The three webhooks on one local HTTP server: `await start()`, register robots, point channels at `url_*`."""

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self.clock = clock
        self.robots: dict[tuple[str, str], Robot] = {}
        self.base = ""
        self._runner: web.AppRunner | None = None

    # --- set-up ---------------------------------------------------------------------------------------------

    def add(self, kind: str, name: str, secret: str | None = None, keywords: tuple[str, ...] = ()) -> Robot:
        robot = Robot(kind, name, secret, keywords)
        self.robots[(kind, name)] = robot
        return robot

    def url(self, kind: str, name: str) -> str:
        if kind == "wecom":
            return f"{self.base}/cgi-bin/webhook/send?key={name}"
        if kind == "dingtalk":
            return f"{self.base}/robot/send?access_token={name}"
        return f"{self.base}/open-apis/bot/v2/hook/{name}"

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        app = web.Application(client_max_size=8 * 1024 * 1024)
        app.router.add_post("/cgi-bin/webhook/send", self._wecom)
        app.router.add_post("/robot/send", self._dingtalk)
        app.router.add_post("/open-apis/bot/v2/hook/{hook}", self._feishu)
        self._runner = web.AppRunner(app, access_log=None)  # the addresses hold the keys
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, port)
        await site.start()
        bound = site._server.sockets[0].getsockname()  # type: ignore[union-attr]
        self.base = f"http://{host}:{bound[1]}"
        return self.base

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    # --- the checks -----------------------------------------------------------------------------------------

    @staticmethod
    def _in_last(times: list[float], now: float, seconds: float) -> int:
        return sum(1 for t in times if now - seconds < t <= now)

    def _answer(
        self, robot: Robot | None, code: int, message: str, *, status: int = 200, feishu: bool = False
    ):
        if robot is not None:
            robot.answers.append(code)
        body = {"code": code, "msg": message, "data": {}} if feishu else {"errcode": code, "errmsg": message}
        return web.json_response(body, status=status)

    async def _wecom(self, request: web.Request) -> web.Response:
        robot = self.robots.get(("wecom", request.query.get("key", "")))
        if robot is None:
            return self._answer(None, 93000, "invalid webhook url")
        now = self.clock()
        robot.calls.append(now)
        try:
            body = json.loads(await request.read())
            kind = body["msgtype"]
        except (ValueError, KeyError, TypeError):
            return self._answer(robot, 40058, "invalid json or msgtype")
        if self._in_last(robot.accepted, now, 60) >= 20:
            return self._answer(robot, 45009, "api freq out of limit")
        problem = None
        if kind == "text" and len(str(body["text"]["content"]).encode()) > WECOM_TEXT:
            problem = "content exceed max length 2048"
        elif kind == "markdown" and len(str(body["markdown"]["content"]).encode()) > WECOM_MARKDOWN:
            problem = "markdown.content exceed max length 4096"
        elif kind == "image":
            try:
                png = base64.b64decode(body["image"]["base64"], validate=True)
            except (binascii.Error, KeyError):
                png = b""
            if not png or len(png) > WECOM_IMAGE:
                problem = "invalid image size"
            elif hashlib.md5(png).hexdigest() != body["image"].get("md5"):  # noqa: S324 (WeCom's check)
                problem = "invalid image md5"
        elif kind not in ("text", "markdown", "image", "news", "file"):
            problem = "invalid msgtype"
        if problem:
            return self._answer(robot, 40058, problem)
        robot.accepted.append(now)
        robot.received.append(body)
        return self._answer(robot, 0, "ok")

    async def _dingtalk(self, request: web.Request) -> web.Response:
        robot = self.robots.get(("dingtalk", request.query.get("access_token", "")))
        if robot is None:
            return self._answer(None, 300001, "token is not exist")
        now = self.clock()
        robot.calls.append(now)
        if now < robot.blocked_until:
            return self._answer(robot, 130101, "send too fast, exceed 20 times per minute")
        if robot.secret:
            stamp, sign = request.query.get("timestamp", ""), request.query.get("sign", "")
            if not stamp.isdigit() or abs(int(stamp) / 1000 - now) > FRESH:
                return self._answer(robot, 310000, "sign not match, timestamp is invalid")
            digest = hmac.new(
                robot.secret.encode(), f"{stamp}\n{robot.secret}".encode(), hashlib.sha256
            ).digest()
            # aiohttp has URL-decoded the query once; the sign was URL-encoded once by the sender.
            expected = base64.b64encode(digest).decode()
            if not hmac.compare_digest(sign, expected):
                return self._answer(robot, 310000, "sign not match")
        try:
            body = json.loads(await request.read())
            kind = body["msgtype"]
            content = {
                "text": lambda: body["text"]["content"],
                "markdown": lambda: body["markdown"]["title"] + body["markdown"]["text"],
                "actionCard": lambda: body["actionCard"]["title"] + body["actionCard"]["text"],
                "link": lambda: body["link"]["title"] + body["link"]["text"],
            }[kind]()
        except (ValueError, KeyError, TypeError):
            return self._answer(robot, 400013, "invalid message")
        if robot.keywords and not any(word in content for word in robot.keywords):
            return self._answer(robot, 310000, "keywords not in content")
        if len(content.encode()) > DINGTALK_CONTENT:
            return self._answer(robot, 460101, "message too long")
        if self._in_last(robot.accepted, now, 60) >= 20:
            robot.blocked_until = now + 600
            return self._answer(robot, 130101, "send too fast, exceed 20 times per minute")
        robot.accepted.append(now)
        robot.received.append(body)
        return self._answer(robot, 0, "ok")

    async def _feishu(self, request: web.Request) -> web.Response:
        robot = self.robots.get(("feishu", request.match_info["hook"]))
        if robot is None:
            return self._answer(
                None, 19001, "param invalid: incoming webhook access token invalid", feishu=True
            )
        now = self.clock()
        robot.calls.append(now)
        raw = await request.read()
        if len(raw) > FEISHU_BODY:
            return self._answer(robot, 9499, "Bad Request", status=400, feishu=True)
        try:
            body = json.loads(raw)
            kind = body["msg_type"]
        except (ValueError, KeyError, TypeError):
            return self._answer(robot, 9499, "Bad Request", status=400, feishu=True)
        if robot.secret:
            stamp = str(body.get("timestamp", ""))
            if not stamp.isdigit() or abs(int(stamp) - now) > FRESH:
                return self._answer(
                    robot, 19021, "sign match fail or timestamp is not within one hour", feishu=True
                )
            digest = hmac.new(f"{stamp}\n{robot.secret}".encode(), b"", hashlib.sha256).digest()
            if not hmac.compare_digest(str(body.get("sign", "")), base64.b64encode(digest).decode()):
                return self._answer(
                    robot, 19021, "sign match fail or timestamp is not within one hour", feishu=True
                )
        second = int(now) % 60
        busy = second in (0, 30)
        if (
            busy
            or self._in_last(robot.accepted, now, 1) >= 5
            or self._in_last(robot.accepted, now, 60) >= 100
        ):
            return self._answer(
                robot, 11232, "frequency limited psm[lark.oapi.app_platform_runtime]", feishu=True
            )
        if kind not in ("text", "post", "image", "share_chat", "interactive"):
            return self._answer(robot, 9499, "Bad Request", status=400, feishu=True)
        robot.accepted.append(now)
        robot.received.append(body)
        return self._answer(robot, 0, "success", feishu=True)
