"""WeCom 企业微信 group robot (群机器人配置说明, developer.work.weixin.qq.com/document/path/91770).

POST https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=KEY with JSON; no signature (the key is the secret).
text ≤ 2048 bytes, markdown ≤ 4096 bytes (UTF-8), image: base64 of a JPG/PNG ≤ 2 MB before encoding, with its md5;
20 messages a minute per robot. Answers {"errcode": 0, "errmsg": "ok"}; 45009 api freq out of limit, 93000 invalid
webhook url, 40058 a field of the message is wrong.
"""

from __future__ import annotations

import base64
import hashlib
from datetime import datetime

from services.channels.model import GroupMessage, Request, Verdict
from services.channels.robot import Robot, RobotRules, by_code, pieces

MARKDOWN_LIMIT = 4096
TEXT_LIMIT = 2048
IMAGE_LIMIT = 2 * 1024 * 1024
RULES = RobotRules(per_minute=20, pace_per_minute=18, throttle_wait=60.0)


def _path_ok(path: str, query: str) -> bool:
    return path.endswith("/cgi-bin/webhook/send") and "key=" in query


def messages(message: GroupMessage) -> list[dict]:
    image = bool(message.chart_path)
    out: list[dict] = [
        {"body": {"msgtype": "markdown", "markdown": {"content": piece}}}
        for piece in pieces(message, MARKDOWN_LIMIT, image=image)
    ]
    if message.chart_path:
        out.append({"image_path": message.chart_path})
    return out


def image(png: bytes) -> dict | None:
    if len(png) > IMAGE_LIMIT:
        return None
    return {
        "msgtype": "image",
        "image": {"base64": base64.b64encode(png).decode(), "md5": hashlib.md5(png).hexdigest()},  # noqa: S324
    }


def request(webhook: str, secret: str | None, body: dict, now: datetime) -> Request:
    return Request(webhook, body)


def verdict(http_status: int, answer: dict | None) -> Verdict:
    code = (answer or {}).get("errcode")
    return by_code(http_status, answer, code, throttled={45009}, broken={93000}, wait=RULES.throttle_wait)


ROBOT = Robot(
    kind="wecom",
    rules=RULES,
    host="qyapi.weixin.qq.com",
    path_ok=_path_ok,
    signs=False,
    messages=messages,
    request=request,
    verdict=verdict,
    image=image,
    text=lambda text: {"msgtype": "text", "text": {"content": text}},
)
