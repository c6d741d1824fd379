"""The types aiogram parses Bot API answers into are made once, not once per answer (bot.response_types)."""

from __future__ import annotations

import gc

import pytest
from pydantic._internal import _generics

from bot.app import make_bot
from bot.config import Settings
from sandbox import Emulator

TOKEN = "123456:TEST-token"


async def test_answers_do_not_rebuild_their_types(monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[str] = []
    build = _generics.create_generic_submodel

    def counting(model_name: str, *args: object) -> object:
        made.append(model_name)
        return build(model_name, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(_generics, "create_generic_submodel", counting)
    async with Emulator(TOKEN) as emulator:
        bot = make_bot(Settings(_env_file=None, bot_token=TOKEN, telegram_api_base=emulator.base_url))
        try:
            for _ in range(5):
                assert (await bot.get_me()).is_bot
                gc.collect()  # what frees an unheld type between two answers in a running bot
        finally:
            await bot.session.close()
    assert made.count("Response[User]") <= 1, made
