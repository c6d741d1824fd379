"""The Bot API methods: what the bot can do, with Telegram's checks and errors.

``BotApi.call`` applies fault injection and rate limits, dispatches to one
method handler and keeps per-method statistics. Handlers take ``Params`` and
return the JSON ``result``; they raise ``ApiError`` for Telegram's failures.
Method names are case-insensitive, as on Telegram.

One module a concern: `core` (dispatch, and what the handlers share), `messages` (sending, editing, deleting),
`chats` (the other methods); `BotApi` puts them together here with its dispatch table.
"""

from __future__ import annotations

from typing import Any

from ..limits import FaultInjector, RateLimiter, Stats
from ..world import World
from .chats import ChatMethods
from .core import Handler, _accept
from .messages import MessageMethods


class BotApi(MessageMethods, ChatMethods):
    def __init__(self, world: World, limiter: RateLimiter, faults: FaultInjector, stats: Stats) -> None:
        self.world = world
        self.limiter = limiter
        self.faults = faults
        self.stats = stats
        self._commands: dict[tuple[str, str], list[dict[str, Any]]] = {}
        handlers: list[Handler] = [
            self.getMe,
            self.getUpdates,
            self.setWebhook,
            self.deleteWebhook,
            self.getWebhookInfo,
            self.sendMessage,
            self.sendPhoto,
            self.sendDocument,
            self.sendMediaGroup,
            self.sendLocation,
            self.sendChatAction,
            self.editMessageText,
            self.editMessageCaption,
            self.editMessageMedia,
            self.editMessageReplyMarkup,
            self.deleteMessage,
            self.deleteMessages,
            self.answerCallbackQuery,
            self.getFile,
            self.getChat,
            self.getChatMember,
            self.setMyCommands,
            self.getMyCommands,
            self.deleteMyCommands,
        ]
        self._methods: dict[str, tuple[str, Handler]] = {
            h.__name__.lower(): (h.__name__, h) for h in handlers
        }
        # Accepted and ignored: nothing in the emulator shows their effect.
        for name in (
            "close",
            "logOut",
            "setMyDescription",
            "setMyShortDescription",
            "setMyName",
            "setChatMenuButton",
        ):
            self._methods[name.lower()] = (name, _accept)
