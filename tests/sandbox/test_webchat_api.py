"""What the web chat reads from the emulator: the bot's time zone, in which it shows message times."""

from __future__ import annotations

from zoneinfo import ZoneInfoNotFoundError

import pytest

from sandbox import Emulator, SandboxClient

TOKEN = "9000000002:webchat-test"


async def test_the_web_chat_is_told_the_bots_time_zone(sandbox: SandboxClient) -> None:
    bot = await sandbox.request("GET", "/bot")
    assert bot["timezone"] == "Asia/Shanghai"  # the bot's TIMEZONE default


async def test_the_emulator_passes_on_the_zone_it_is_given() -> None:
    async with (
        Emulator(TOKEN, timezone="Europe/Berlin") as emulator,
        SandboxClient(emulator.base_url) as client,
    ):
        assert (await client.request("GET", "/bot"))["timezone"] == "Europe/Berlin"


def test_an_unknown_zone_is_refused_at_once() -> None:
    with pytest.raises(ZoneInfoNotFoundError):
        Emulator(TOKEN, timezone="Asia/Atlantis")
