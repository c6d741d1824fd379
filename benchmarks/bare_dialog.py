"""The baseline of the button benchmarks: a bare aiogram-dialog bot with two windows, each with one button that
switches to the other (❓ 帮助 / ⬅️ 返回, the labels of the GridBot menu step), memory storage, any message starts it.

`benchmarks/menu_step.py` feeds it in process (`make_dispatcher`); `benchmarks/press_latency.py` runs this file as a
process that polls the emulator at TELEGRAM_API_BASE with BOT_TOKEN, as `gridbot run` does."""

from __future__ import annotations

import asyncio
import os

from aiogram import Bot, Dispatcher, Router
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.fsm.state import State, StatesGroup
from aiogram.fsm.storage.memory import MemoryStorage
from aiogram.types import Message
from aiogram_dialog import Dialog, DialogManager, StartMode, Window, setup_dialogs
from aiogram_dialog.widgets.kbd import SwitchTo
from aiogram_dialog.widgets.text import Const


class Two(StatesGroup):
    first = State()
    second = State()


def make_dispatcher() -> Dispatcher:
    dp = Dispatcher(storage=MemoryStorage())
    dp.include_router(
        Dialog(
            Window(Const("主菜单"), SwitchTo(Const("❓ 帮助"), id="help", state=Two.second), state=Two.first),
            Window(Const("帮助"), SwitchTo(Const("⬅️ 返回"), id="back", state=Two.first), state=Two.second),
        )
    )
    router = Router()

    @router.message()
    async def start(message: Message, dialog_manager: DialogManager) -> None:
        await dialog_manager.start(Two.first, mode=StartMode.RESET_STACK)

    dp.include_router(router)
    setup_dialogs(dp)
    return dp


async def poll() -> None:
    session = AiohttpSession(api=TelegramAPIServer.from_base(os.environ["TELEGRAM_API_BASE"]))
    bot = Bot(os.environ["BOT_TOKEN"], session=session)
    await bot.delete_webhook()
    await make_dispatcher().start_polling(bot, handle_signals=True)


if __name__ == "__main__":
    asyncio.run(poll())
