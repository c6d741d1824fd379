"""The emulator's reset-after-delivery fault: the call takes effect, the client gets no answer (a network error)."""

from __future__ import annotations

import pytest
from aiohttp import ClientError, ClientSession

from sandbox import Emulator, SandboxClient

TOKEN = "9000000001:reset-test"
PERSONA = {"user_id": 100, "first_name": "娜", "last_name": "李", "phone": "13800000001"}


async def test_a_reset_call_is_delivered_but_not_answered():
    async with (
        Emulator(TOKEN, personas=[PERSONA], faults={"enabled": True, "rate_reset": 1.0}) as emulator,
        SandboxClient(emulator.base_url) as control,
        ClientSession() as http,
    ):
        with pytest.raises(ClientError):
            async with http.post(
                f"{emulator.base_url}/bot{TOKEN}/sendMessage", json={"chat_id": 100, "text": "你好"}
            ) as answer:
                await answer.read()
        messages = await control.user(100).messages()
        assert [m.text for m in messages] == ["你好"]  # it arrived
        assert (await control.stats())["resets"] == 1
