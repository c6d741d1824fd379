"""Per-update context: who is writing (the Actor, loaded in one short read) and the shared services."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.enums import ChatType
from aiogram.types import Chat, TelegramObject, Update, User

from bot.chat_commands import ChatCommands
from bot.clock import Clock, utc_now
from bot.config import Settings
from domain.roles import Actor
from locales import tr
from services.people import deactivated, load_actor, mark_active
from storage.db import Database


class ContextMiddleware(BaseMiddleware):
    def __init__(
        self, db: Database, settings: Settings, clock: Clock = utc_now, commands: ChatCommands | None = None
    ) -> None:
        self.db = db
        self.settings = settings
        self.clock = clock
        self.commands = commands  # each person's menu of commands, kept to their roles

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        chat: Chat | None = data.get("event_chat")
        if chat is not None and chat.type != ChatType.PRIVATE:
            # A personal assistant: in a group it would show names, roles and menus to everyone, so it stays silent.
            return None
        user: User | None = data.get("event_from_user")
        if chat is not None and user is not None and chat.id != user.id:
            # A private chat is its person's own: an update in it from someone else is not Telegram's (a forged
            # press on another person's message); it is answered, and nothing runs, so nothing is shown or changed
            # in either chat.
            locale = self.settings.default_locale
            await _refuse(event, data, tr(locale, "button-not-yours"), in_chat=False)
            return None
        data["db"] = self.db
        data["settings"] = self.settings
        data["clock"] = self.clock
        if user is None:
            data["actor"] = Actor(telegram_id=0, locale=self.settings.default_locale)
        else:
            actor = await load_actor(self.db, user.id, self.settings.default_locale, user.language_code)
            if actor.onboarded and not actor.active:
                if await deactivated(self.db, actor.onboarded_id):
                    # Someone who left: told so, and no handler runs, so nothing is changed on their behalf.
                    await _refuse(event, data, tr(actor.locale, "account-deactivated"))
                    return None
                await mark_active(self.db, actor.onboarded_id)
            data["actor"] = actor
            if self.commands is not None and (bot := data.get("bot")) is not None:
                self.commands.follow(bot, actor)
        return await handler(event, data)


async def _refuse(event: TelegramObject, data: dict[str, Any], text: str, *, in_chat: bool = True) -> None:
    """Tell why nothing happens: on a press, its answer; on a message, a reply in the chat (unless not `in_chat`)."""
    bot = data.get("bot")
    if bot is None or not isinstance(event, Update):
        return
    if event.callback_query is not None:
        await bot.answer_callback_query(event.callback_query.id, text=text, show_alert=True)
    elif event.message is not None and in_chat:
        await bot.send_message(event.message.chat.id, text)
