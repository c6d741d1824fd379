"""Fixtures for the emulator tests: a running emulator, an aiogram Bot pointed at it, a control client."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer

from sandbox import Emulator, SandboxClient

TOKEN = "123456:TEST-token"
ZHANG = 1001
LI = 1002
PERSONAS = [
    {
        "user_id": ZHANG,
        "first_name": "伟",
        "last_name": "张",
        "username": "zhangwei",
        "phone": "+8613800001001",
        "language_code": "zh-hans",
        "title": "张伟 · 网格员、包联干部 (幸福社区)",
    },
    {
        "user_id": LI,
        "first_name": "娜",
        "last_name": "李",
        "username": None,
        "phone": "+8613800001002",
        "language_code": "zh-hans",
        "title": "李娜 · 社区书记",
    },
]


def make_bot(base_url: str, token: str = TOKEN) -> Bot:
    return Bot(token, session=AiohttpSession(api=TelegramAPIServer.from_base(base_url)))


@pytest.fixture
async def emulator() -> AsyncIterator[Emulator]:
    async with Emulator(TOKEN, personas=PERSONAS) as emu:
        yield emu


@pytest.fixture
async def bot(emulator: Emulator) -> AsyncIterator[Bot]:
    bot = make_bot(emulator.base_url)
    yield bot
    await bot.session.close()


@pytest.fixture
async def sandbox(emulator: Emulator) -> AsyncIterator[SandboxClient]:
    async with SandboxClient(emulator.base_url) as client:
        yield client
