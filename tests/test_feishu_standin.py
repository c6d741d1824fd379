"""The Feishu stand-in (sandbox/feishu): its Open API accepts what Feishu accepts and refuses what Feishu refuses,
and its events are what lark-oapi's own dispatcher verifies, decrypts and parses."""

from __future__ import annotations

import asyncio
import io
import json
from collections.abc import AsyncIterator, Iterator
from typing import Any

import aiohttp
import lark_oapi as lark
import pytest
from aiohttp import web
from lark_oapi.api.contact.v3 import GetUserRequest
from lark_oapi.api.im.v1 import (
    CreateFileRequest,
    CreateFileRequestBody,
    CreateImageRequest,
    CreateImageRequestBody,
    CreateMessageRequest,
    CreateMessageRequestBody,
    DeleteMessageRequest,
    GetMessageResourceRequest,
    P2ImMessageReceiveV1,
    PatchMessageRequest,
    PatchMessageRequestBody,
    ReplyMessageRequest,
    ReplyMessageRequestBody,
)
from lark_oapi.core.model import RawRequest
from lark_oapi.core.utils import AESCipher
from lark_oapi.event.callback.model.p2_card_action_trigger import (
    P2CardActionTrigger,
    P2CardActionTriggerResponse,
)

from sandbox.feishu import FeishuStandIn, Limits, free_port

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
MOBILE = "+8613800138000"


def card(text: str = "**待审核** 张三的日志", buttons: list[tuple[str, str]] | None = None) -> dict[str, Any]:
    elements: list[dict[str, Any]] = [{"tag": "markdown", "content": text}]
    if buttons:
        actions = [
            {"tag": "button", "text": {"tag": "plain_text", "content": label}, "value": {"d": data}}
            for label, data in buttons
        ]
        elements.append({"tag": "action", "actions": actions})
    return {"elements": elements}


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
async def standin() -> AsyncIterator[FeishuStandIn]:
    s = FeishuStandIn()
    async with s:
        yield s


@pytest.fixture
def threaded() -> Iterator[FeishuStandIn]:
    """On a thread of its own: lark-oapi's token fetch blocks the event loop."""
    s = FeishuStandIn(app_id="cli_threaded000001").start_in_thread()
    yield s
    s.stop_thread()


def sdk(s: FeishuStandIn) -> lark.Client:
    return lark.Client.builder().app_id(s.app_id).app_secret(s.app_secret).domain(s.base_url).build()


async def call(
    s: FeishuStandIn, method: str, path: str, *, token: str | None = "auto", **kw: Any
) -> tuple[int, dict[str, Any], Any]:
    headers = kw.pop("headers", {})
    if token == "auto":
        token = s.app.token()
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    async with aiohttp.ClientSession() as session:
        async with session.request(method, s.base_url + path, headers=headers, **kw) as resp:
            return resp.status, await resp.json(), resp.headers


async def send(
    s: FeishuStandIn, open_id: str, msg_type: str, content: Any, **kw: Any
) -> tuple[int, dict[str, Any]]:
    body = {"receive_id": open_id, "msg_type": msg_type, "content": json.dumps(content, ensure_ascii=False)}
    status, answer, _ = await call(
        s, "POST", "/open-apis/im/v1/messages", params={"receive_id_type": "open_id"}, json=body, **kw
    )
    return status, answer


# --- the token and its checks ---------------------------------------------------------------------------------


async def test_token_flow_and_bearer_checks(standin: FeishuStandIn) -> None:
    path = "/open-apis/auth/v3/tenant_access_token/internal"
    wrong = {"app_id": standin.app_id, "app_secret": "nope"}
    status, answer, _ = await call(standin, "POST", path, token=None, json=wrong)
    assert (status, answer["code"]) == (400, 10014)
    status, answer, _ = await call(
        standin, "POST", path, token=None, json={"app_id": standin.app_id, "app_secret": standin.app_secret}
    )
    assert status == 200 and answer["code"] == 0 and answer["expire"] == 7200
    token = answer["tenant_access_token"]
    user = standin.add_user("张三", MOBILE)

    assert (await send(standin, user.open_id, "text", {"text": "hi"}, token=None))[1]["code"] == 99991661
    assert (await send(standin, user.open_id, "text", {"text": "hi"}, token="t-forged"))[1][
        "code"
    ] == 99991663
    assert (await send(standin, user.open_id, "text", {"text": "hi"}, token=token))[1]["code"] == 0
    standin.expire_tokens()
    assert (await send(standin, user.open_id, "text", {"text": "hi"}, token=token))[1]["code"] == 99991663
    assert [m.text for m in standin.messages(user.open_id)] == ["hi"]
    assert len(standin.take_errors()) == 4  # each refusal is the bot's fault in strict mode


# --- the SDK against the stand-in: every call the bot makes ----------------------------------------------------


async def test_sdk_send_reply_patch_delete_upload_download_lookup(threaded: FeishuStandIn) -> None:
    s, client = threaded, sdk(threaded)
    zhang, li = s.add_user("张三", MOBILE), s.add_user("李四", None)

    image = await client.im.v1.image.acreate(
        CreateImageRequest.builder()
        .request_body(CreateImageRequestBody.builder().image_type("message").image(io.BytesIO(PNG)).build())
        .build()
    )
    assert image.code == 0, image.msg
    image_key = image.data.image_key
    sheet = await client.im.v1.file.acreate(
        CreateFileRequest.builder()
        .request_body(
            CreateFileRequestBody.builder()
            .file_type("stream")
            .file_name("月报.xlsx")
            .file(io.BytesIO(b"PK.."))
            .build()
        )
        .build()
    )
    assert sheet.code == 0, sheet.msg

    body = card(buttons=[("同意", "log:ok:1"), ("退回", "log:back:1")])
    body["elements"].insert(
        0, {"tag": "img", "img_key": image_key, "alt": {"tag": "plain_text", "content": ""}}
    )
    sent = await client.im.v1.message.acreate(
        CreateMessageRequest.builder()
        .receive_id_type("open_id")
        .request_body(
            CreateMessageRequestBody.builder()
            .receive_id(zhang.open_id)
            .msg_type("interactive")
            .content(json.dumps(body, ensure_ascii=False))
            .build()
        )
        .build()
    )
    assert sent.code == 0, sent.msg
    message_id = sent.data.message_id
    assert sent.data.chat_id == zhang.chat_id

    patched = await client.im.v1.message.apatch(
        PatchMessageRequest.builder()
        .message_id(message_id)
        .request_body(PatchMessageRequestBody.builder().content(json.dumps(card("**已同意**"))).build())
        .build()
    )
    assert patched.code == 0, patched.msg
    seen = s.last_card(zhang.open_id)
    assert seen is not None and seen.text == "**已同意**" and seen.buttons == [] and seen.edits == 1

    file_msg = await client.im.v1.message.areply(
        ReplyMessageRequest.builder()
        .message_id(message_id)
        .request_body(
            ReplyMessageRequestBody.builder()
            .msg_type("file")
            .content(json.dumps({"file_key": sheet.data.file_key}))
            .build()
        )
        .build()
    )
    assert file_msg.code == 0, file_msg.msg
    assert s.world.messages[file_msg.data.message_id].reply_to == message_id

    user_photo = s.world.add_resource("image", PNG, by_bot=False)
    photo_msg = s.world.add_message(zhang.chat_id, "image", {"image_key": user_photo.key}, from_bot=False)
    got = await client.im.v1.message_resource.aget(
        GetMessageResourceRequest.builder()
        .message_id(photo_msg.message_id)
        .file_key(user_photo.key)
        .type("image")
        .build()
    )
    assert got.code == 0 and got.file.read() == PNG
    stranger = await client.im.v1.message_resource.aget(
        GetMessageResourceRequest.builder()
        .message_id(message_id)
        .file_key(user_photo.key)
        .type("image")
        .build()
    )
    assert stranger.code != 0  # a key not in that message: refused

    deleted = await client.im.v1.message.adelete(
        DeleteMessageRequest.builder().message_id(message_id).build()
    )
    assert deleted.code == 0, deleted.msg
    assert [m.msg_type for m in s.messages(zhang.open_id)] == ["file"]
    assert s.world.messages[message_id].deleted

    found = await client.contact.v3.user.aget(
        GetUserRequest.builder().user_id(zhang.open_id).user_id_type("open_id").build()
    )
    assert found.code == 0 and found.data.user.mobile == MOBILE and found.data.user.name == "张三"
    none = await client.contact.v3.user.aget(
        GetUserRequest.builder().user_id(li.open_id).user_id_type("open_id").build()
    )
    assert none.code == 0 and none.data.user.mobile is None
    s.take_errors()  # the forged resource download above


# --- documented rules: refused, and recorded as the bot's errors -------------------------------------------------


async def test_patch_only_cards_and_only_five_a_second(standin: FeishuStandIn) -> None:
    user = standin.add_user("张三", MOBILE)
    clock = FakeClock()
    standin.limiter.clock = clock
    _, text = await send(standin, user.open_id, "text", {"text": "纯文本"})
    path = f"/open-apis/im/v1/messages/{text['data']['message_id']}"
    status, answer, _ = await call(standin, "PATCH", path, json={"content": json.dumps(card())})
    assert (status, answer["code"]) == (400, 230001)

    _, sent = await send(standin, user.open_id, "interactive", card())
    path = f"/open-apis/im/v1/messages/{sent['data']['message_id']}"
    codes = [
        (await call(standin, "PATCH", path, json={"content": json.dumps(card(f"v{i}"))}))[1]["code"]
        for i in range(6)
    ]
    assert codes == [0, 0, 0, 0, 0, 230020]
    clock.now += 1.0
    assert (await call(standin, "PATCH", path, json={"content": json.dumps(card("v6"))}))[1]["code"] == 0
    assert standin.last_card(user.open_id).text == "v6"  # type: ignore[union-attr]
    assert standin.take_errors() == [
        f"PATCH /open-apis/im/v1/messages/{text['data']['message_id']}: 230001 "
        "only cards (msg_type interactive) can be updated by PATCH"
    ]
    assert [r.code for r in standin.refusals] == [230001, 230020]  # the rate refusal is not the bot's error

    await call(standin, "DELETE", path)
    assert (await call(standin, "PATCH", path, json={"content": json.dumps(card())}))[1]["code"] == 230011
    standin.take_errors()


async def test_over_the_app_rate_answers_429_with_reset_header() -> None:
    s = FeishuStandIn(limits=Limits(per_app_per_second=3, per_chat_per_second=None))
    async with s:
        clock = FakeClock()
        s.limiter.clock = clock
        users = [s.add_user(f"用户{i}") for i in range(4)]
        answers = [await send(s, u.open_id, "text", {"text": "提醒"}) for u in users]
        assert [status for status, _ in answers] == [200, 200, 200, 429]
        status, answer, headers = await call(
            s,
            "POST",
            "/open-apis/im/v1/messages",
            params={"receive_id_type": "open_id"},
            json={"receive_id": users[3].open_id, "msg_type": "text", "content": '{"text":"x"}'},
        )
        assert (status, answer["code"], headers["x-ogw-ratelimit-reset"]) == (429, 99991400, "1")
        assert s.messages(users[3].open_id) == [] and s.errors == []
        clock.now += 1.0
        assert (await send(s, users[3].open_id, "text", {"text": "提醒"}))[0] == 200


async def test_per_user_rate_is_five_a_second(standin: FeishuStandIn) -> None:
    standin.limiter.clock = FakeClock()
    user = standin.add_user("张三")
    codes = [(await send(standin, user.open_id, "text", {"text": str(i)}))[1]["code"] for i in range(6)]
    assert codes == [0] * 5 + [230020]


async def test_size_limits_150kb_text_30kb_card(standin: FeishuStandIn) -> None:
    user = standin.add_user("张三")
    assert (await send(standin, user.open_id, "text", {"text": "字" * 45_000}))[1]["code"] == 0  # 135 KB
    assert (await send(standin, user.open_id, "text", {"text": "字" * 52_000}))[1]["code"] == 230025  # 156 KB
    assert (await send(standin, user.open_id, "interactive", card("a" * 29_000)))[1]["code"] == 0
    assert (await send(standin, user.open_id, "interactive", card("a" * 31_000)))[1]["code"] == 230025
    assert len(standin.take_errors()) == 2


@pytest.mark.parametrize(
    "bad",
    [
        {
            "elements": [
                {
                    "tag": "action",
                    "actions": [{"tag": "button", "text": {"tag": "plain_text", "content": "x"}}],
                }
            ]
        },
        {"elements": [{"tag": "action", "actions": [{"tag": "button", "text": "x", "value": {}}]}]},
        {"elements": [{"tag": "table"}]},
        {
            "elements": [
                {
                    "tag": "img",
                    "img_key": "img_v3_never_uploaded",
                    "alt": {"tag": "plain_text", "content": ""},
                }
            ]
        },
        {"elements": []},
        {"text": "not a card"},
    ],
)
async def test_malformed_cards_are_refused(standin: FeishuStandIn, bad: dict[str, Any]) -> None:
    user = standin.add_user("张三")
    status, answer = await send(standin, user.open_id, "interactive", bad)
    assert status == 400 and answer["code"] == 230099
    assert standin.messages(user.open_id) == [] and len(standin.take_errors()) == 1


async def test_format_drift_and_unknown_requests_fail_loudly(standin: FeishuStandIn) -> None:
    user = standin.add_user("张三")
    body = {"receive_id": user.open_id, "msg_type": "text", "content": {"text": "an object, not a string"}}
    status, answer, _ = await call(
        standin, "POST", "/open-apis/im/v1/messages", params={"receive_id_type": "open_id"}, json=body
    )
    assert (status, answer["code"]) == (400, 230001)
    body = {
        "receive_id": user.open_id,
        "msg_type": "text",
        "content": '{"text":"x"}',
        "chat": "unknown field",
    }
    assert (
        await call(
            standin, "POST", "/open-apis/im/v1/messages", params={"receive_id_type": "open_id"}, json=body
        )
    )[1]["code"] == 230001
    body = {"receive_id": user.open_id, "msg_type": "text", "content": '{"text":"x"}'}
    assert (await call(standin, "POST", "/open-apis/im/v1/messages", json=body))[1][
        "code"
    ] == 230001  # no receive_id_type
    status, _, _ = await call(standin, "POST", "/open-apis/im/v1/chats", json={})
    assert status == 404
    assert len(standin.errors) == 4
    with pytest.raises(AssertionError, match="refused requests"):
        standin.assert_clean()
    standin.take_errors()
    standin.assert_clean()


async def test_uploads_are_checked(standin: FeishuStandIn) -> None:
    form = aiohttp.FormData()
    form.add_field("image_type", "message")
    form.add_field("image", b"not an image", filename="x.png")
    assert (await call(standin, "POST", "/open-apis/im/v1/images", data=form))[1]["code"] == 234011
    form = aiohttp.FormData()
    form.add_field("file_type", "exe")
    form.add_field("file_name", "a.exe")
    form.add_field("file", b"MZ", filename="a.exe")
    assert (await call(standin, "POST", "/open-apis/im/v1/files", data=form))[1]["code"] == 230001
    assert len(standin.take_errors()) == 2


# --- events to the bot: what lark-oapi's dispatcher accepts ------------------------------------------------------


class FakeBot:
    """An HTTP callback made of lark-oapi's own EventDispatcherHandler (verification token, encrypt key, models)."""

    def __init__(self, encrypt_key: str, token: str, *, slow_first: float = 0.0) -> None:
        self.received: list[P2ImMessageReceiveV1] = []
        self.clicks: list[P2CardActionTrigger] = []
        self.event_ids: list[str] = []
        self.slow_first = slow_first
        self.answer_card: dict[str, Any] | None = None
        self.handler = (
            lark.EventDispatcherHandler.builder(encrypt_key, token)
            .register_p2_im_message_receive_v1(self.received.append)
            .register_p2_card_action_trigger(self._click)
            .build()
        )
        self.port = free_port()
        self.runner: web.AppRunner | None = None

    def _click(self, data: P2CardActionTrigger) -> P2CardActionTriggerResponse:
        self.clicks.append(data)
        answer: dict[str, Any] = {"toast": {"type": "info", "content": "已同意"}}
        if self.answer_card is not None:
            answer["card"] = {"type": "raw", "data": self.answer_card}
        return P2CardActionTriggerResponse(answer)

    async def handle(self, request: web.Request) -> web.Response:
        raw = RawRequest()
        raw.uri, raw.body, raw.headers = request.path, await request.read(), dict(request.headers)
        if self.slow_first and not self.event_ids:
            self.event_ids.append("slow")
            await asyncio.sleep(self.slow_first)
        resp = self.handler.do(raw)
        return web.Response(status=resp.status_code, body=resp.content, content_type="application/json")

    async def __aenter__(self) -> FakeBot:
        app = web.Application()
        app.router.add_post("/feishu/events", self.handle)
        self.runner = web.AppRunner(app)
        await self.runner.setup()
        await web.TCPSite(self.runner, "127.0.0.1", self.port).start()
        return self

    async def __aexit__(self, *exc: Any) -> None:
        assert self.runner is not None
        await self.runner.cleanup()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/feishu/events"


@pytest.mark.parametrize("encrypt_key", ["an-encrypt-key", ""])
async def test_events_verify_decrypt_and_parse_with_lark_oapi(encrypt_key: str) -> None:
    s = FeishuStandIn(encrypt_key=encrypt_key)
    async with s, FakeBot(encrypt_key, s.verification_token) as bot:
        s.callback_url = bot.url
        user = s.add_user("张三", MOBILE)
        challenge = await s.poster.verify_url()
        assert challenge.status == 200 and challenge.error == ""

        delivery = await s.type_text(user.open_id, "/report")
        assert delivery.ok
        event = bot.received[-1]
        assert event.header.event_id == delivery.event_id and event.header.token == s.verification_token
        assert event.event.sender.sender_id.open_id == user.open_id
        assert event.event.message.chat_type == "p2p" and event.event.message.chat_id == user.chat_id
        assert json.loads(event.event.message.content) == {"text": "/report"}

        await s.send_image(user.open_id, PNG)
        image_key = json.loads(bot.received[-1].event.message.content)["image_key"]
        assert s.world.resources[image_key].data == PNG
        await s.send_location(user.open_id, 39.9, 116.4, "幸福社区")
        assert bot.received[-1].event.message.message_type == "location"
        await s.send_file(user.open_id, b"%PDF", "通知.pdf")
        assert json.loads(bot.received[-1].event.message.content)["file_name"] == "通知.pdf"

        status, sent = await send(s, user.open_id, "interactive", card(buttons=[("同意", "log:ok:7")]))
        message_id = sent["data"]["message_id"]
        click = await s.press(user.open_id, message_id, label="同意")
        assert click.ok and click.toast == "已同意"
        trigger = bot.clicks[-1].event
        assert trigger.operator.open_id == user.open_id and trigger.action.value == {"d": "log:ok:7"}
        assert trigger.context.open_message_id == message_id and trigger.context.open_chat_id == user.chat_id
        with pytest.raises(AssertionError, match="no button"):
            await s.press(user.open_id, message_id, {"d": "log:ok:8"})
        assert s.errors == []


async def test_encryption_and_signature_are_feishus() -> None:
    s = FeishuStandIn(encrypt_key="k3y")
    raw, headers = s.poster.encode(s.poster.envelope("im.message.receive_v1", {"x": 1}))
    plain = json.loads(AESCipher("k3y").decrypt_str(json.loads(raw)["encrypt"]))
    assert plain["schema"] == "2.0" and plain["header"]["token"] == s.verification_token

    handler = lark.EventDispatcherHandler.builder("k3y", s.verification_token).build()
    forged = RawRequest()
    forged.body = raw
    forged.headers = {**headers, "X-Lark-Signature": "0" * 64}
    assert handler.do(forged).status_code == 500  # lark-oapi refuses a wrong signature
    wrong_token = FeishuStandIn(encrypt_key="k3y", verification_token="other")
    raw2, headers2 = wrong_token.poster.encode(wrong_token.poster.envelope("im.message.receive_v1", {}))
    req = RawRequest()
    req.body, req.headers = raw2, headers2
    assert b"verification_token" in handler.do(req).content


async def test_an_event_not_answered_in_time_is_pushed_again_with_the_same_id() -> None:
    s = FeishuStandIn(answer_timeout=0.2, repush_delays=(0.05, 0.05))
    async with s, FakeBot("", s.verification_token, slow_first=0.5) as bot:
        s.callback_url = bot.url
        user = s.add_user("张三")
        delivery = await s.type_text(user.open_id, "你好")
        assert not delivery.ok and delivery.attempts[0].status is None
        await asyncio.wait_for(delivery.done.wait(), 5)
        assert delivery.ok and len(delivery.attempts) == 2
        ids = {e.header.event_id for e in bot.received}
        assert ids == {
            delivery.event_id
        }  # the slow first answer still arrived: the bot saw it twice, same id


async def test_messages_view_and_wait_helpers(standin: FeishuStandIn) -> None:
    user = standin.add_user("张三")
    mark = standin.world_mark()

    async def later() -> None:
        await asyncio.sleep(0.05)
        await send(standin, user.open_id, "interactive", card("**菜单**", [("上报问题", "menu:report")]))

    task = asyncio.create_task(later())
    new = await standin.wait_for_new(user.open_id, mark, timeout=2)
    await task
    assert new[0].labels == ["上报问题"] and new[0].button("上报问题").value == {"d": "menu:report"}
    assert (await standin.wait_for_text(user.open_id, "菜单")).message_id == new[0].message_id
    with pytest.raises(AssertionError, match="timed out"):
        await standin.wait_for_text(user.open_id, "不存在", timeout=0.05)


async def test_a_callback_answer_with_a_card_updates_it() -> None:
    s = FeishuStandIn()
    async with s, FakeBot("", s.verification_token) as bot:
        s.callback_url = bot.url
        user = s.add_user("张三")
        _, sent = await send(s, user.open_id, "interactive", card("**待审核**", [("同意", "ok")]))
        bot.answer_card = card("**已同意**")
        click = await s.press(user.open_id, sent["data"]["message_id"], label="同意")
        assert click.toast == "已同意"
        shown = s.last_card(user.open_id)
        assert shown is not None and shown.text == "**已同意**" and shown.labels == [] and shown.edits == 1
