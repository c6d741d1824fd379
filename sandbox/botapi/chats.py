"""The emulated Bot API's other methods: the bot itself, updates and webhooks, callback answers, files, chats and
members, the command menus.
"""

from __future__ import annotations

import json
import time
from typing import Any

from .. import errors
from ..errors import bad_request
from ..params import Params
from .core import _COMMAND_RE, ApiCore, _int_or_none


class ChatMethods(ApiCore):
    """Named exactly like the Bot API methods: the dispatch table uses __name__."""

    async def getMe(self, params: Params) -> dict[str, Any]:  # noqa: N802
        return self.world.bot_user

    async def getUpdates(self, params: Params) -> list[dict[str, Any]]:  # noqa: N802
        return await self.world.updates.get_updates(params)

    async def setWebhook(self, params: Params) -> bool:  # noqa: N802
        self.world.updates.set_webhook(params)
        return True

    async def deleteWebhook(self, params: Params) -> bool:  # noqa: N802
        self.world.updates.delete_webhook(params.flag("drop_pending_updates"))
        return True

    async def getWebhookInfo(self, params: Params) -> dict[str, Any]:  # noqa: N802
        return self.world.updates.webhook_info()

    async def answerCallbackQuery(self, params: Params) -> bool:  # noqa: N802
        query = self.world.callbacks.get(params.string("callback_query_id") or "")
        if query is None or query.answered or time.monotonic() - query.created > self.world.callback_timeout:
            raise bad_request(errors.QUERY_TOO_OLD)
        query.answered = True
        query.answer = {
            "text": params.string("text"),
            "show_alert": params.flag("show_alert"),
            "url": params.string("url"),
            "cache_time": params.integer("cache_time"),
        }
        self.world.events.publish("callback_answer", query.user_id, **query.to_json())
        return True

    async def getFile(self, params: Params) -> dict[str, Any]:  # noqa: N802
        stored = self.world.files.get(params.string("file_id") or "")
        if stored is None:
            raise bad_request(errors.INVALID_FILE_ID)
        return stored.file()

    async def getChat(self, params: Params) -> dict[str, Any]:  # noqa: N802
        if not params.has("chat_id"):
            raise bad_request("chat_id is empty")
        user = self.world.users.get(_int_or_none(params.values["chat_id"]) or 0)
        if user is None:
            raise bad_request(errors.CHAT_NOT_FOUND)
        gifts = (
            "unlimited_gifts",
            "limited_gifts",
            "unique_gifts",
            "premium_subscription",
            "gifts_from_channels",
        )
        return {
            **user.telegram_chat(),
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": dict.fromkeys(gifts, False),
        }

    async def getChatMember(self, params: Params) -> dict[str, Any]:  # noqa: N802
        chat = await self.getChat(params)
        user_id = params.integer("user_id")
        if user_id == self.world.bot_user["id"]:
            return {"status": "member", "user": self.world.bot_user}
        if user_id is None or user_id != chat["id"]:  # a private chat has only its user and the bot
            raise bad_request("user not found")
        return {"status": "member", "user": self.world.users[user_id].telegram_user()}

    @staticmethod
    def _commands_key(params: Params) -> tuple[str, str]:
        scope = params.json("scope") or {"type": "default"}
        return json.dumps(scope, sort_keys=True), params.string("language_code") or ""

    async def setMyCommands(self, params: Params) -> bool:  # noqa: N802
        commands = params.json("commands")
        if not isinstance(commands, list) or len(commands) > 100:
            raise bad_request("can't parse commands JSON object")
        for command in commands:
            if not _COMMAND_RE.match(str(command.get("command", ""))):
                raise bad_request("BOT_COMMAND_INVALID")
            if not 1 <= len(str(command.get("description", ""))) <= 256:
                raise bad_request("command description is empty")
        self._commands[self._commands_key(params)] = [
            {"command": c["command"], "description": c["description"]} for c in commands
        ]
        return True

    async def getMyCommands(self, params: Params) -> list[dict[str, Any]]:  # noqa: N802
        return self._commands.get(self._commands_key(params), [])

    async def deleteMyCommands(self, params: Params) -> bool:  # noqa: N802
        self._commands.pop(self._commands_key(params), None)
        return True

    def default_commands(self) -> list[dict[str, Any]]:
        """The menu the web chat shows: default scope, any language."""
        scope = json.dumps({"type": "default"}, sort_keys=True)
        return self._commands.get((scope, ""), []) or next(
            (cmds for (s, _), cmds in self._commands.items() if s == scope), []
        )
