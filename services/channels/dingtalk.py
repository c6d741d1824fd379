"""DingTalk 钉钉 custom group robot (自定义机器人, open.dingtalk.com: 自定义机器人发送群消息, 加签).

POST https://oapi.dingtalk.com/robot/send?access_token=TOKEN&timestamp=MS&sign=SIGN, where SIGN is
urlencode(base64(HMAC-SHA256(key=secret, msg="MS\\nsecret"))), the timestamp in milliseconds and within an hour of
DingTalk's clock. Message types text / markdown / actionCard / link / feedCard; 20 messages a minute per robot, and
a robot that sends more is blocked for 10 minutes (errcode 130101). Errors come back as HTTP 200 with an `errcode`:
310000 (sign not match, keywords not in content, ip not in whitelist), 300001/400101 (no such token), 400102
(robot stopped). DingTalk names no byte limit in its page; 20000 bytes is the limit its server applies to content.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from datetime import datetime
from urllib.parse import quote_plus

from services.channels.model import GroupMessage, Request, Verdict
from services.channels.render import as_text
from services.channels.robot import Robot, RobotRules, by_code, pieces

CONTENT_LIMIT = 20000
RULES = RobotRules(per_minute=20, pace_per_minute=18, throttle_wait=600.0)
# DingTalk's markdown joins single line breaks: a line ends with two spaces to stay a line.
LINE = "  \n"


def sign(secret: str, timestamp_ms: int) -> str:
    """The `sign` query parameter, URL-encoded."""
    digest = hmac.new(secret.encode(), f"{timestamp_ms}\n{secret}".encode(), hashlib.sha256).digest()
    return quote_plus(base64.b64encode(digest))


def _path_ok(path: str, query: str) -> bool:
    return path.endswith("/robot/send") and "access_token=" in query


def messages(message: GroupMessage) -> list[dict]:
    title = as_text(message.title)[:60]
    return [
        {"body": {"msgtype": "markdown", "markdown": {"title": title, "text": piece}}}
        for piece in pieces(message, CONTENT_LIMIT, image=False, sep=LINE)
    ]


def request(webhook: str, secret: str | None, body: dict, now: datetime) -> Request:
    if not secret:
        return Request(webhook, body)
    stamp = int(now.timestamp() * 1000)
    return Request(f"{webhook}&timestamp={stamp}&sign={sign(secret, stamp)}", body)


def verdict(http_status: int, answer: dict | None) -> Verdict:
    code = (answer or {}).get("errcode")
    return by_code(
        http_status,
        answer,
        code,
        throttled={130101},
        broken={310000, 300001, 300005, 400101, 400102},
        wait=RULES.throttle_wait,
    )


ROBOT = Robot(
    kind="dingtalk",
    rules=RULES,
    host="oapi.dingtalk.com",
    path_ok=_path_ok,
    signs=True,
    messages=messages,
    request=request,
    verdict=verdict,
    image=lambda _png: None,  # a markdown image needs a public address; the bot has none to give
    text=lambda text: {"msgtype": "text", "text": {"content": text}},
)
