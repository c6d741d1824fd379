"""The Feishu transport (issue 19) against a small fake of Feishu's API: cards, events as updates, ids, the HTTP
callback's checks, re-pushed events, the rate limit, twin outbox rows and onboarding by the directory's mobile.
The end-to-end flows against the stand-in are in tests/e2e/test_feishu_e2e.py."""

from __future__ import annotations

import base64
import hashlib
import json
import os
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from aiogram.exceptions import TelegramRetryAfter
from aiogram.methods import SendMessage
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import func, select

from bot.app import make_dispatcher
from bot.config import Settings
from bot.feishu import api as feishu_api
from bot.feishu.api import FeishuApiError, Sent
from bot.feishu.events import to_update
from bot.feishu.ids import FEISHU_ID_BASE, is_feishu
from bot.feishu.inbound import http_app, signature
from bot.feishu.markup import card, html_to_markdown
from bot.feishu.wiring import Feishu, make_feishu
from bot.sender import OutboxSender, RateLimiter
from domain.roles import Role
from services.notify import notify
from services.people import load_actor
from storage import outbox
from storage.messenger_ids import USER, MessengerIds
from storage.models import AuditEntry, FeishuEvent, OutboxMessage, Person
from tests.factories import add_person, person_by_phone

PHONE = "13800138000"
ENCRYPT_KEY, TOKEN = "test-encrypt-key", "test-verification-token"


class FakeApi:
    """Feishu's API as the session uses it, recording each call; `mobiles`: the tenant directory."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, Any]] = []
        self.mobiles: dict[str, str | None] = {}
        self.fail: FeishuApiError | None = None
        self._n = 0

    def _next(self) -> str:
        self._n += 1
        return f"om_{self._n}"

    async def send(self, receive_id: str, msg_type: str, content: str, id_type: str = "open_id") -> Sent:
        if self.fail is not None:
            raise self.fail
        message_id = self._next()
        self.calls.append(("send", (receive_id, msg_type, json.loads(content), message_id)))
        return Sent(message_id, 1_764_208_800_000)

    async def patch(self, message_id: str, content: str) -> None:
        self.calls.append(("patch", (message_id, json.loads(content))))

    async def delete(self, message_id: str) -> None:
        self.calls.append(("delete", message_id))

    async def upload_image(self, data: bytes) -> str:
        self.calls.append(("image", data))
        return f"img_{len(self.calls)}"

    async def upload_file(self, data: bytes, name: str) -> str:
        self.calls.append(("file", name))
        return f"file_{len(self.calls)}"

    async def download(self, message_id: str, key: str, kind: str) -> bytes:
        return b"picture"

    async def user_mobile(self, open_id: str) -> str | None:
        return self.mobiles.get(open_id)

    def cards_to(self, open_id: str) -> list[dict]:
        return [c[2] for kind, c in self.calls if kind == "send" and c[0] == open_id]

    def texts_to(self, open_id: str) -> list[str]:
        return [_text(c) for c in self.cards_to(open_id)]


def _text(card_: dict) -> str:
    return "\n".join(e.get("content", "") for e in card_.get("elements", []) if e.get("tag") == "markdown")


def _buttons(card_: dict) -> dict[str, str]:
    return {
        b["text"]["content"]: b["value"]["d"]
        for e in card_.get("elements", [])
        if e.get("tag") == "action"
        for b in e["actions"]
        if "value" in b
    }


def _settings(tmp_path, **more: Any) -> Settings:
    return Settings(
        _env_file=None,
        database_url=f"sqlite+aiosqlite:///{tmp_path}/gridbot.sqlite3",
        media_dir=tmp_path / "media",
        feishu_app_id="cli_test",
        feishu_app_secret="secret",
        feishu_mode="http",
        **more,
    )


class Side:
    def __init__(self, tmp_path, db, clock, **more: Any) -> None:
        self.settings = _settings(tmp_path, **more)
        self.api = FakeApi()
        self.dp = make_dispatcher(self.settings, db, clock=clock)
        self.feishu: Feishu = make_feishu(self.settings, db, self.dp, clock, api=self.api)  # type: ignore[arg-type]
        self.db, self._events = db, 0

    def _event_id(self) -> str:
        self._events += 1
        return f"ev_{self._events}"

    def message(self, open_id: str, text: str, event_id: str | None = None) -> dict:
        self._events += 1
        return {
            "schema": "2.0",
            "header": {"event_id": event_id or self._event_id(), "event_type": "im.message.receive_v1"},
            "event": {
                "sender": {"sender_id": {"open_id": open_id}, "sender_type": "user"},
                "message": {
                    "message_id": f"om_in_{self._events}",
                    "chat_id": "oc_1",
                    "chat_type": "p2p",
                    "create_time": "1764208800000",
                    "message_type": "text",
                    "content": json.dumps({"text": text}),
                },
            },
        }

    def press(self, open_id: str, message_id: str, data: str) -> dict:
        return {
            "schema": "2.0",
            "header": {"event_id": self._event_id(), "event_type": "card.action.trigger"},
            "event": {
                "operator": {"open_id": open_id},
                "action": {"tag": "button", "value": {"d": data}},
                "context": {"open_message_id": message_id, "open_chat_id": "oc_1"},
            },
        }

    async def take(self, payload: dict) -> dict:
        answer = await self.feishu.receiver.take(payload)
        await self.feishu.receiver.finish(10)
        return answer

    async def li_writes(self, role: Role = Role.GRID_WORKER, telegram_id: int | None = None) -> None:
        """李红 on the roster (`role`, in 幸福社区 unless administrator), her Feishu directory mobile her roster
        phone, and her first message on Feishu, which binds her."""
        community = None if role is Role.ADMIN else "幸福社区"
        await add_person(self.db, "李红", PHONE, [(role, community)], telegram_id=telegram_id)
        self.api.mobiles["ou_li"] = "+8613800138000"
        await self.take(self.message("ou_li", "你好"))

    async def close(self) -> None:
        await self.dp.storage.close()


@pytest.fixture
async def side(tmp_path, any_db, clock):
    made = Side(tmp_path, any_db, clock)
    yield made
    await made.close()


# --- text and buttons --------------------------------------------------------------------------------------------


def test_html_becomes_card_markdown():
    assert html_to_markdown("<b>主菜单</b> · <i>网格员</i>") == "**主菜单** · *网格员*"
    assert html_to_markdown('<a href="https://x.cn/?a=1&amp;b=2">链接</a>') == "[链接](https://x.cn/?a=1&b=2)"
    assert html_to_markdown("<code>A&lt;B</code> &amp; <pre>x</pre>") == "`A<B` & `x`"
    assert html_to_markdown("<s>旧</s><u>下划线</u><tg-spoiler>藏</tg-spoiler>") == "~~旧~~下划线藏"
    assert html_to_markdown("<blockquote>一\n二</blockquote>") == "> 一\n> 二"


def test_inline_keyboard_becomes_card_buttons_and_reply_keyboards_nothing():
    markup = InlineKeyboardMarkup(
        inline_keyboard=[
            [
                InlineKeyboardButton(text="✅ 同意", callback_data="ok:1"),
                InlineKeyboardButton(text="退回", callback_data="no:1"),
            ],
            [InlineKeyboardButton(text="网页", url="https://example.cn")],
        ]
    )
    shown = card("<b>审批</b>", markup)
    assert shown["config"]["update_multi"] is True
    assert shown["elements"][0] == {"tag": "markdown", "content": "**审批**"}
    assert shown["elements"][1] == {
        "tag": "action",
        "actions": [
            {"tag": "button", "text": {"tag": "plain_text", "content": "✅ 同意"}, "value": {"d": "ok:1"}},
            {"tag": "button", "text": {"tag": "plain_text", "content": "退回"}, "value": {"d": "no:1"}},
        ],
    }
    assert shown["elements"][2]["actions"][0]["url"] == "https://example.cn"
    assert card("图", None, "img_1")["elements"][0]["img_key"] == "img_1"
    assert [e["tag"] for e in card("x", object())["elements"]] == ["markdown"]


# --- ids and events ------------------------------------------------------------------------------------------------


async def test_ids_are_stable_integers_in_feishu_range_and_reversible(any_db):
    db = any_db
    ids = MessengerIds(db)
    first = await ids.number(USER, "ou_abc")
    assert first >= FEISHU_ID_BASE and is_feishu(first) and not is_feishu(7_000_000_000)
    assert await MessengerIds(db).number(USER, "ou_abc") == first  # another process: the same row
    assert await MessengerIds(db).external(first, USER) == "ou_abc"
    assert await ids.external(first, "message") is None
    assert await ids.number(USER, "ou_other") != first


async def test_events_become_messages_and_callback_queries(db):
    ids = MessengerIds(db)
    image = {
        "schema": "2.0",
        "header": {"event_id": "e1", "event_type": "im.message.receive_v1"},
        "event": {
            "sender": {"sender_id": {"open_id": "ou_a"}},
            "message": {"message_id": "om_9", "message_type": "image", "content": '{"image_key": "img_k"}'},
        },
    }
    update = await to_update(5, image, ids, {})
    user = await ids.number(USER, "ou_a")
    assert update is not None and update.update_id == 5
    assert update.message.chat.id == user and update.message.from_user.id == user
    assert update.message.photo[0].file_id == "fsimg:om_9:img_k"
    press = {
        "schema": "2.0",
        "header": {"event_id": "e2", "event_type": "card.action.trigger"},
        "event": {
            "operator": {"open_id": "ou_a"},
            "action": {"value": {"d": "abc:1"}},
            "context": {"open_message_id": "om_9"},
        },
    }
    update = await to_update(6, press, ids, {})
    assert update.callback_query.data == "abc:1" and update.callback_query.from_user.id == user
    assert update.callback_query.message.message_id == await ids.number("message", "om_9")
    assert await to_update(7, {"header": {"event_type": "contact.user.created_v3"}}, ids, {}) is None


# --- onboarding by the directory's mobile ----------------------------------------------------------------------------


async def test_unbound_feishu_user_is_bound_by_directory_mobile(side):
    db = side.db
    await side.li_writes()
    person = await person_by_phone(db, PHONE)
    user = await side.feishu.ids.number(USER, "ou_li")
    assert person.telegram_id == user and person.feishu_id is None
    texts = side.api.texts_to("ou_li")
    assert any("验证成功，李红" in t for t in texts)
    assert "主菜单" in texts[-1] and "📝 填写纪实表" in _buttons(side.api.cards_to("ou_li")[-1])
    actor = await load_actor(db, user, "zh-CN")
    assert actor.onboarded and actor.name == "李红"


async def test_directory_without_mobile_is_refused_and_nothing_bound(side):
    db = side.db
    await add_person(db, "李红", PHONE, [(Role.GRID_WORKER, "幸福社区")])
    side.api.mobiles["ou_li"] = None
    await side.take(side.message("ou_li", "/start"))
    assert "无法从飞书通讯录读取您的手机号" in side.api.texts_to("ou_li")[-1]
    assert (await person_by_phone(db, PHONE)).telegram_id is None


async def test_directory_mobile_not_in_roster_gets_the_telegram_refusal(side):
    db = side.db
    side.api.mobiles["ou_x"] = "+8613900000000"
    await side.take(side.message("ou_x", "你好"))
    assert "名册中没有找到这个手机号" in side.api.texts_to("ou_x")[-1]
    async with db.session() as s:
        assert await s.scalar(select(func.count()).select_from(Person)) == 0
        audit = list(await s.scalars(select(AuditEntry.action)))
    assert audit == ["bind_unknown_phone"]


async def test_person_bound_on_telegram_binds_feishu_beside_it(side):
    db = side.db
    await side.li_writes(telegram_id=501)
    person = await person_by_phone(db, PHONE)
    user = await side.feishu.ids.number(USER, "ou_li")
    assert person.telegram_id == 501 and person.feishu_id == user
    assert (await load_actor(db, user, "zh-CN")).person_id == person.id
    assert (await load_actor(db, 501, "zh-CN")).person_id == person.id


# --- re-pushed events, presses --------------------------------------------------------------------------------------


async def test_a_repushed_event_is_handled_once(side):
    db = side.db
    side.api.mobiles["ou_x"] = "+8613900000000"
    event = side.message("ou_x", "你好", event_id="ev_same")
    await side.take(event)
    await side.take(event)  # Feishu pushes it again after 3 s without an answer
    assert len(side.api.texts_to("ou_x")) == 1
    async with db.session() as s:
        assert await s.scalar(select(func.count()).select_from(FeishuEvent)) == 1


async def test_press_edits_the_card_in_place(side):
    await side.li_writes()
    menu_id = next(c[3] for kind, c in reversed(side.api.calls) if kind == "send")
    data = _buttons(side.api.cards_to("ou_li")[-1])["📝 填写纪实表"]
    answer = await side.take(side.press("ou_li", menu_id, data))
    assert answer == {} or "toast" in answer
    patches = [c for kind, c in side.api.calls if kind == "patch"]
    assert patches and patches[-1][0] == menu_id  # the menu's card became the next step


async def test_forged_press_changes_nothing(side):
    db = side.db
    await side.li_writes()
    before = await person_by_phone(db, PHONE)
    answer = await side.take(side.press("ou_li", "om_1", "forged:data"))
    # Answered in time, in words, as Telegram's pop-up: Feishu's toast.
    assert answer["toast"]["content"] == "这个界面已过期，已为您回到主菜单。"
    after = await person_by_phone(db, PHONE)
    assert (before.telegram_id, before.feishu_id) == (after.telegram_id, after.feishu_id)


# --- the HTTP callback's checks -----------------------------------------------------------------------------------


def _encrypt(key: str, text: str) -> str:
    from Crypto.Cipher import AES

    iv = os.urandom(16)
    data = text.encode()
    pad = 16 - len(data) % 16
    cipher = AES.new(hashlib.sha256(key.encode()).digest(), AES.MODE_CBC, iv)
    return base64.b64encode(iv + cipher.encrypt(data + bytes([pad]) * pad)).decode()


async def test_http_callback_checks_signature_token_and_decrypts(tmp_path, db, clock):
    made = Side(tmp_path, db, clock, feishu_encrypt_key=ENCRYPT_KEY, feishu_verification_token=TOKEN)
    made.api.mobiles["ou_x"] = "+8613900000000"
    client = TestClient(TestServer(http_app(made.feishu.receiver, made.settings)))
    await client.start_server()
    path = made.settings.feishu_event_path

    async def post(payload: dict, *, key: str = ENCRYPT_KEY, sign_key: str = ENCRYPT_KEY):
        body = json.dumps({"encrypt": _encrypt(key, json.dumps(payload))}).encode()
        headers = {
            "X-Lark-Request-Timestamp": "1764208800",
            "X-Lark-Request-Nonce": "n1",
            "X-Lark-Signature": signature("1764208800", "n1", sign_key, body),
            "Content-Type": "application/json",
        }
        return await client.post(path, data=body, headers=headers)

    try:
        verify = await post({"type": "url_verification", "challenge": "ch-1", "token": TOKEN})
        assert verify.status == 200 and (await verify.json()) == {"challenge": "ch-1"}
        event = made.message("ou_x", "你好")
        event["header"]["token"] = TOKEN
        forged = await post(event, sign_key="not-the-key")
        assert forged.status == 401
        wrong_token = made.message("ou_x", "你好")
        wrong_token["header"]["token"] = "other"
        assert (await post(wrong_token)).status == 401
        unsigned = await client.post(path, data=json.dumps(event).encode())
        assert unsigned.status == 401
        async with db.session() as s:  # nothing taken in, nothing said
            assert await s.scalar(select(func.count()).select_from(FeishuEvent)) == 0
        assert made.api.calls == []
        good = await post(event)
        assert good.status == 200
        await made.feishu.receiver.finish(10)
        assert "名册中没有找到这个手机号" in made.api.texts_to("ou_x")[-1]
    finally:
        await client.close()
        await made.close()


# --- the rate limit and the outbox --------------------------------------------------------------------------------


class _Raw:
    def __init__(self, status: int, headers: dict[str, str]) -> None:
        self.status_code, self.headers = status, headers


class _Response:
    def __init__(self, code: int, status: int, headers: dict[str, str]) -> None:
        self.code, self.msg, self.raw = code, "rate limited", _Raw(status, headers)

    def success(self) -> bool:
        return self.code == 0


def test_rate_limit_reads_the_reset_header():
    with pytest.raises(FeishuApiError) as caught:
        feishu_api._check(_Response(99991400, 429, {"X-Ogw-Ratelimit-Reset": "7"}))
    assert caught.value.retry_after == 7
    with pytest.raises(FeishuApiError) as caught:
        feishu_api._check(_Response(99991400, 200, {}))
    assert caught.value.retry_after == 1
    with pytest.raises(FeishuApiError) as caught:
        feishu_api._check(_Response(230001, 400, {}))
    assert caught.value.retry_after is None


async def test_outbox_obeys_feishu_429_reset_and_pauses_only_feishu(side, clock):
    db = side.db
    user = await side.feishu.ids.number(USER, "ou_li")
    async with db.session() as s:
        await outbox.enqueue(s, key="k1", chat_id=user, payload={"text": "通知"}, now=clock())
    side.api.fail = FeishuApiError(99991400, "too many", 429, retry_after=7)
    with pytest.raises(TelegramRetryAfter):  # the session says it as Telegram would
        await side.feishu.bot(SendMessage(chat_id=user, text="x"))
    telegram = object()
    sender = OutboxSender(
        telegram,  # type: ignore[arg-type]  # never called: the only row is Feishu's
        db,
        clock,
        limiter=RateLimiter(1e6, 0),
        feishu_bot=side.feishu.bot,
    )
    assert await sender.drain_once() == 1
    async with db.session() as s:
        row = await s.scalar(select(OutboxMessage).where(OutboxMessage.key == "k1"))
    assert row.status == "pending" and row.attempts == 0 and "429" in row.error
    assert row.not_before == clock() + timedelta(seconds=7)
    assert sender.limiter.feishu._paused_until > sender.limiter.telegram._paused_until  # type: ignore[attr-defined]
    side.api.fail = None
    clock.now += timedelta(seconds=8)
    assert await sender.drain_once() == 1
    assert side.api.texts_to("ou_li") == ["通知"]


async def test_twin_rows_exactly_once_per_account(side, clock):
    db = side.db
    await side.li_writes(Role.ADMIN, telegram_id=501)
    feishu_id = (await person_by_phone(db, PHONE)).feishu_id
    for _ in range(2):  # a retried handler queues nothing twice
        async with db.session() as s:
            await notify(
                s, [(501, None)], key="n1", msg_id="onboard-already", now=clock(), default_locale="zh-CN"
            )
            await outbox.enqueue(
                s,
                key="e1",
                chat_id=501,
                payload={"edit_key": "n1:501", "text": "改"},
                now=clock(),
                method="editMessageText",
            )
    async with db.session() as s:
        rows = {r.key: (r.chat_id, r.payload) for r in await s.scalars(select(OutboxMessage))}
    assert rows["n1:501"][0] == 501 and rows["n1:501@feishu"][0] == feishu_id
    assert rows["e1@feishu"] == (feishu_id, {"edit_key": "n1:501@feishu", "text": "改"})
    assert len(rows) == 4


# --- nothing of Feishu without FEISHU_APP_ID ---------------------------------------------------------------------

_BUILD = """
import asyncio, sys

from bot.cli import main


async def build(url, media, feishu):
    from bot.app import build_app
    from bot.config import Settings

    more = {"feishu_app_id": "cli_x", "feishu_app_secret": "s"} if feishu == "yes" else {}
    settings = Settings(_env_file=None, bot_token="42:TEST", database_url=url, media_dir=media, **more)
    app = await build_app(settings)
    await app.dp.storage.close()
    await app.bot.session.close()
    await app.db.dispose()
    print("feishu" if app.feishu is not None else "telegram", "lark_oapi" in sys.modules)


asyncio.run(build(*sys.argv[1:4]))
"""


@pytest.mark.parametrize(("feishu", "expected"), [("no", "telegram False"), ("yes", "feishu True")])
def test_lark_oapi_is_imported_only_with_feishu_app_id(tmp_path, feishu, expected):
    import subprocess
    import sys

    url = f"sqlite+aiosqlite:///{tmp_path}/gridbot.sqlite3"
    done = subprocess.run(
        [sys.executable, "-c", _BUILD, url, str(tmp_path / "media"), feishu],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=Path(__file__).resolve().parents[1],
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[-2] == expected


# --- reply keyboards ------------------------------------------------------------------------------------------------


async def test_reply_keyboard_text_buttons_press_as_the_text_they_send(db):
    from aiogram.types import KeyboardButton, ReplyKeyboardMarkup
    from aiogram_dialog.utils import join_reply_callback

    back = join_reply_callback(
        "⬅️ 返回", "aBc\x1dloc_back"
    )  # as aiogram-dialog's ReplyKeyboardFactory writes it
    markup = ReplyKeyboardMarkup(
        keyboard=[
            [KeyboardButton(text="📍 发送当前位置", request_location=True)],
            [KeyboardButton(text=back)],
        ]
    )
    shown = card("请发送位置", markup)
    # The location button has no counterpart on a card (left out, a note says how to send a location instead); the
    # text button shows its label only.
    assert [e["tag"] for e in shown["elements"]] == ["markdown", "note", "action"]
    assert shown["elements"][2:] == [
        {
            "tag": "action",
            "actions": [
                {"tag": "button", "text": {"tag": "plain_text", "content": "⬅️ 返回"}, "value": {"t": back}}
            ],
        }
    ]
    assert [
        e["tag"]
        for e in card("x", ReplyKeyboardMarkup(keyboard=[[KeyboardButton(text="📱", request_contact=True)]]))[
            "elements"
        ]
    ] == ["markdown"]

    ids = MessengerIds(db)
    press = {
        "schema": "2.0",
        "header": {"event_id": "e9", "event_type": "card.action.trigger"},
        "event": {
            "operator": {"open_id": "ou_a"},
            "action": {"value": {"t": back}},
            "context": {"open_message_id": "om_9"},
        },
    }
    update = await to_update(9, press, ids, {})
    user = await ids.number(USER, "ou_a")
    # Pressed, it is the user sending the button's text, as on Telegram (aiogram-dialog reads its callback there).
    assert update is not None and update.callback_query is None and update.message is not None
    assert (update.message.text, update.message.chat.id, update.message.from_user.id) == (back, user, user)
    assert update.message.message_id == 9 and not is_feishu(
        update.message.message_id
    )  # names no Feishu message


def test_a_location_button_feishu_cannot_show_becomes_a_note_saying_how_to_send_a_location():
    from aiogram.types import KeyboardButton, ReplyKeyboardMarkup

    from bot.feishu.markup import card

    keyboard = ReplyKeyboardMarkup(
        keyboard=[
            [KeyboardButton(text="📍 发送当前位置", request_location=True)],
            [KeyboardButton(text="⬅️ 返回")],
        ]
    )
    elements = card("请发送您的位置", keyboard)["elements"]
    notes = [e for e in elements if e["tag"] == "note"]
    assert [n["elements"][0]["content"] for n in notes] == [
        "📍 飞书里发送位置：点输入框旁的 ＋ → 位置，选好后发送。"
    ]
    labels = [a["text"]["content"] for e in elements if e["tag"] == "action" for a in e["actions"]]
    assert labels == ["⬅️ 返回"]  # the location button itself has no counterpart
    english = ReplyKeyboardMarkup(keyboard=[[KeyboardButton(text="📍 Send location", request_location=True)]])
    assert "tap ＋" in card("Send your location", english)["elements"][-1]["elements"][0]["content"]
