"""Each person's menu of commands (Telegram's setMyCommands for their chat) follows their roles and language: set
when this process first sees them after a start, and again whenever either changed (a roster import, a role given or
taken, /lang). In the background: no update waits for it, and a failure leaves the chat's previous list and is tried
again at the person's next update."""

from __future__ import annotations

import asyncio
import logging
from contextlib import suppress

from aiogram import Bot
from aiogram.types import BotCommandScopeChat

from dialogs.command_list import bot_commands
from domain.roles import Actor, Role

log = logging.getLogger("gridbot.commands")


class ChatCommands:
    def __init__(self) -> None:
        self._set: dict[
            int, tuple[str, frozenset[Role]]
        ] = {}  # chat -> the list last set: language and roles
        self._tasks: set[asyncio.Task[None]] = set()

    def follow(self, bot: Bot, actor: Actor) -> None:
        """Set the person's list if it is not the one last set for their chat."""
        if not actor.onboarded:
            return  # the general list (bot.app.register_commands) until they are placed
        wanted = (actor.locale, actor.roles)
        if self._set.get(actor.telegram_id) == wanted:
            return
        self._set[actor.telegram_id] = wanted
        task = asyncio.create_task(self._send(bot, actor.telegram_id, *wanted))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _send(self, bot: Bot, chat_id: int, locale: str, roles: frozenset[Role]) -> None:
        try:
            await bot.set_my_commands(bot_commands(locale, roles), scope=BotCommandScopeChat(chat_id=chat_id))
        except Exception as exc:  # a nicety: the person still has the general list and every command works
            if self._set.get(chat_id) == (locale, roles):
                del self._set[chat_id]
            log.info("a chat's command list was not set (%s); again at its next update", type(exc).__name__)

    async def close(self) -> None:
        """At a stop: calls still under way are cut (each is set again after the next start)."""
        for task in list(self._tasks):
            task.cancel()
        for task in list(self._tasks):
            with suppress(asyncio.CancelledError):
                await task
