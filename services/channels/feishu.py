"""Feishu 飞书 custom bot (自定义机器人使用指南, open.feishu.cn/document/client-docs/bot-v3/add-custom-bot).

POST https://open.feishu.cn/open-apis/bot/v2/hook/HOOK with JSON {timestamp, sign, msg_type, content|card}: the
timestamp in seconds (within an hour of Feishu's clock), sign = base64(HMAC-SHA256(key="timestamp\\nsecret", msg=""));
the request body at most 20 KB; 100 messages a minute and 5 a second per bot, and not exactly on :00 or :30 (when
the whole country's bots send; throttled then, code 11232). Answers {"code": 0, "msg": "success"}; 19021 sign match
fail, 19022 ip not allowed, 19024 key words not found, 19001 invalid webhook, 9499 bad request. A picture needs an
image_key, which only an app can upload, so the chart is not sent (a line says where to see it).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from datetime import datetime

from services.channels.model import GroupMessage, Request, Verdict
from services.channels.render import as_text
from services.channels.robot import Robot, RobotRules, by_code, pieces

BODY_LIMIT = 20 * 1024
CONTENT_LIMIT = (
    16 * 1024
)  # of the markdown; the card around it, JSON's escapes and the signature take the rest
RULES = RobotRules(
    per_minute=100,
    pace_per_minute=90,
    throttle_wait=60.0,
    per_second=5,
    pace_per_second=4,
    avoid_seconds=(0, 30),
)


def sign(secret: str, timestamp: int) -> str:
    return base64.b64encode(
        hmac.new(f"{timestamp}\n{secret}".encode(), b"", digestmod=hashlib.sha256).digest()
    ).decode()


def _path_ok(path: str, query: str) -> bool:
    return "/open-apis/bot/v2/hook/" in path and len(path.rsplit("/", 1)[-1]) >= 8


def messages(message: GroupMessage) -> list[dict]:
    title = as_text(message.title)[:100]
    return [
        {
            "body": {
                "msg_type": "interactive",
                "card": {
                    "header": {"title": {"tag": "plain_text", "content": title}},
                    "elements": [{"tag": "markdown", "content": piece}],
                },
            }
        }
        for piece in pieces(message, CONTENT_LIMIT, image=False, titled=False)
    ]


def request(webhook: str, secret: str | None, body: dict, now: datetime) -> Request:
    if not secret:
        return Request(webhook, body)
    stamp = int(now.timestamp())
    return Request(webhook, {"timestamp": str(stamp), "sign": sign(secret, stamp), **body})


def verdict(http_status: int, answer: dict | None) -> Verdict:
    answer = answer or None
    code = None if answer is None else answer.get("code", answer.get("StatusCode"))
    return by_code(
        http_status,
        answer,
        code,
        throttled={11232},
        broken={19021, 19022, 19024, 19001},
        wait=RULES.throttle_wait,
    )


ROBOT = Robot(
    kind="feishu",
    rules=RULES,
    host="open.feishu.cn",
    path_ok=_path_ok,
    signs=True,
    messages=messages,
    request=request,
    verdict=verdict,
    image=lambda _png: None,
    text=lambda text: {"msg_type": "text", "content": {"text": text}},
)
