"""Feishu's long connection (FEISHU_MODE=ws, the default) end to end: `gridbot run` takes its endpoint from the
stand-in, connects by websocket and gets every event — messages and card presses — as lark's protobuf frames
(sandbox/feishu/longconn.py); nothing reaches it over HTTP. Also lark-oapi's own ws client against the stand-in:
split payloads and a handler's answer (a card press's toast) coming back in the answer frame."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from sandbox.feishu.server import FeishuStandIn
from storage.models import Person, Problem
from tests.e2e.conftest import start_instant
from tests.e2e.process_clock import ProcessClock
from tests.e2e.test_feishu_e2e import FeishuWorld, _report, feishu_world


@pytest.fixture
async def feishu_ws(tmp_path: Path, register_bot: Any, request: Any) -> AsyncIterator[FeishuWorld]:
    async with feishu_world(tmp_path, register_bot, ProcessClock(start_instant(request)), ws=True) as world:
        yield world


async def test_onboarding_and_a_report_over_the_long_connection(feishu_ws: FeishuWorld) -> None:
    standin = feishu_ws.standin
    assert standin.longconn.endpoint_calls == 1 and len(standin.longconn.connections) == 1

    li = await feishu_ws.onboard("李娜")  # by the directory's mobile
    async with feishu_ws.db.session() as session:
        person = await session.scalar(select(Person).where(Person.name == "李娜"))
    assert person is not None and person.telegram_id is not None and person.telegram_id >= 8 * 10**18

    nobody = await feishu_ws.user("王某", mobile="+8613900000001")  # in the directory, not on the roster
    await feishu_ws.say(nobody, "你好")
    await feishu_ws.wait(nobody, "名册中没有找到这个手机号")

    await _report(feishu_ws, li, "楼道堆放杂物，存在消防隐患")  # presses, a location, a photo, submit
    async with feishu_ws.db.session() as session:
        stored = await session.scalar(select(Problem).order_by(Problem.id.desc()))
    assert stored is not None and stored.status == "reported" and len(stored.photos) == 1

    deliveries = standin.poster.deliveries
    assert any(d.event_type == "card.action.trigger" for d in deliveries)
    assert all(len(d.attempts) == 1 and d.attempts[0].status == 200 for d in deliveries), deliveries
    data_frames = [f for f in standin.longconn.connections[0].frames if f.method == 1]
    assert len(data_frames) == len(deliveries)  # every event answered once, over the long connection


class _Handler:
    """What lark-oapi's ws client calls for an event; answers a card press with a toast, as a bot's handler can."""

    def __init__(self) -> None:
        self.events: list[dict[str, Any]] = []

    def _do_without_validation(self, payload: bytes) -> Any:
        import json

        event = json.loads(payload)
        self.events.append(event)
        if event["header"]["event_type"] == "card.action.trigger":
            return {"toast": {"type": "info", "content": "已收到"}}
        return None


async def test_lark_ws_client_split_frames_pings_and_answers() -> None:
    import lark_oapi.ws.client as lark_ws

    lark_ws.loop = asyncio.get_running_loop()  # the SDK's receive loop runs on its module's loop
    standin = FeishuStandIn().start_in_thread()  # lark-oapi fetches its endpoint with a blocking request
    standin.mode = "ws"
    standin.longconn.fragment_size = 200  # every event here is split into several frames
    handler = _Handler()
    client = lark_ws.Client(
        standin.app_id, standin.app_secret, event_handler=handler, domain=standin.base_url
    )  # type: ignore[arg-type]
    try:
        await client._connect()
        await client._write_message(lark_ws._new_ping_frame(int(client._service_id)).SerializeToString())
        await standin.wait_for(lambda: any(c.pings for c in standin.longconn.open), what="a ping")
        assert client._ping_interval == 120  # from the pong's ClientConfig

        user = standin.add_user("李娜", "+8613800000000")
        text = await standin.type_text(user.open_id, "你好" * 100)
        assert text.ok and text.answer == {}
        assert handler.events[0]["event"]["message"]["content"] == '{"text": "' + "你好" * 100 + '"}'

        card = standin.world.add_message(user.chat_id, "text", {"text": "卡片"}, from_bot=True)
        press = await standin.press_forged(user.open_id, card.message_id, {"a": 1})
        assert press.ok and press.toast == "已收到"

        forged = FeishuStandIn(app_secret="wrong")
        bad = lark_ws.Client(forged.app_id, "wrong", event_handler=handler, domain=standin.base_url)  # type: ignore[arg-type]
        with pytest.raises(lark_ws.ClientException):
            await bad._connect()
        standin.assert_clean()
    finally:
        await client._disconnect()
        standin.stop_thread()
