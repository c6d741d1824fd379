"""The Bot API methods: what the bot can do, with Telegram's checks and errors.

``BotApi.call`` applies fault injection and rate limits, dispatches to one
method handler and keeps per-method statistics. Handlers take ``Params`` and
return the JSON ``result``; they raise ``ApiError`` for Telegram's failures.
Method names are case-insensitive, as on Telegram.
"""

from __future__ import annotations

import asyncio
import json
import re
import secrets
import time
from collections.abc import Awaitable, Callable
from typing import Any

from . import errors
from .errors import ApiError, ResetAfterDelivery, bad_request, too_many_requests
from .limits import SENDING_METHODS, Fault, FaultInjector, RateLimiter, Stats
from .markup import FormattedText, format_text, validate_reply_markup
from .media import StoredFile
from .params import Params, Upload
from .state import Chat, StoredMessage, content_key
from .world import World

Handler = Callable[[Params], Awaitable[Any]]
_COMMAND_RE = re.compile(r"^[a-z0-9_]{1,32}$")


class BotApi:
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

    async def call(self, method: str, params: Params) -> Any:
        key = method.lower()
        if key not in self._methods:
            self.stats.errors[404] += 1
            raise ApiError(404, errors.NOT_FOUND)
        name, handler = self._methods[key]
        self.stats.calls[name] += 1
        try:
            fault = await self._throttle(key, params)
            result = await handler(params)
        except ApiError as exc:
            self.stats.errors[exc.error_code] += 1
            raise
        if key in SENDING_METHODS:
            self.stats.sends[int(params.integer("chat_id") or 0)].append(time.time())
        if fault.reset:
            self.stats.resets += 1
            raise ResetAfterDelivery(name)
        return result

    async def _throttle(self, method: str, params: Params) -> Fault:
        fault = self.faults.decide(method)
        if fault.delay_ms:
            await asyncio.sleep(fault.delay_ms / 1000)
        if fault.error == "429":
            raise too_many_requests(self.faults.config.retry_after)
        if fault.error == "500":
            raise ApiError(500, errors.INTERNAL_SERVER_ERROR)
        if self.limiter.applies_to(method):
            retry_after = self.limiter.acquire(_int_or_none(params.values.get("chat_id")))
            if retry_after is not None:
                raise too_many_requests(retry_after)
        return fault

    # -- helpers -----------------------------------------------------------

    def _chat(self, params: Params) -> Chat:
        """The target chat of a call, with Telegram's errors for unknown/blocked users."""
        if not params.has("chat_id"):
            raise bad_request("chat_id is empty")
        chat_id = _int_or_none(params.values["chat_id"])
        user = self.world.users.get(chat_id) if chat_id is not None else None
        if user is None:
            raise bad_request(errors.CHAT_NOT_FOUND)
        if user.blocked:
            raise ApiError(403, errors.BOT_BLOCKED)
        return self.world.chat(user.user_id)

    def _file(self, ref: Upload | str | None, kind: str) -> StoredFile:
        if isinstance(ref, Upload):
            return self.world.files.add(ref, kind)
        if not ref:
            raise bad_request(f"there is no {kind} in the request")
        if ref.startswith(("http://", "https://")):
            raise bad_request(errors.HTTP_URL_UNAVAILABLE)  # the emulator never goes online
        stored = self.world.files.get(ref)
        if stored is None:
            raise bad_request(errors.WRONG_FILE_ID)
        return stored

    @staticmethod
    def _caption(params: Params) -> FormattedText | None:
        caption = params.string("caption")
        if not caption:
            return None
        return format_text(
            caption, params.string("parse_mode"), params.json("caption_entities"), caption=True
        )

    def _send(
        self,
        chat: Chat,
        content: dict[str, Any],
        formatted: FormattedText | None,
        params: Params,
        key: str = "text",
    ) -> StoredMessage:
        """Record a bot message whose text (``key="text"``) or caption is ``formatted``."""
        markup = validate_reply_markup(params.json("reply_markup"))
        data: dict[str, Any] = {"from": self.world.bot_user, **content}
        if formatted is not None:
            data[key] = formatted.text
            if formatted.entities:
                data["entities" if key == "text" else "caption_entities"] = formatted.entities
        if markup and "inline_keyboard" in markup:
            data["reply_markup"] = markup
        message = chat.add(
            data,
            outgoing=True,
            raw_text=params.string(key),
            parse_mode=params.string("parse_mode"),
            html=formatted.html if formatted else "",
            reply_markup=markup,
        )
        self.world.publish_message(chat, message)
        if markup and "keyboard" in markup:
            self.world.set_reply_keyboard(chat, markup)
        elif markup and markup.get("remove_keyboard"):
            self.world.set_reply_keyboard(chat, None)
        return message

    def _editable(self, params: Params) -> tuple[Chat, StoredMessage]:
        if params.has("inline_message_id"):
            raise bad_request(errors.MESSAGE_TO_EDIT_NOT_FOUND)  # no inline mode in the emulator
        chat = self._chat(params)
        message = chat.live(params.integer("message_id"))
        if message is None:
            raise bad_request(errors.MESSAGE_TO_EDIT_NOT_FOUND)
        if not message.outgoing:
            raise bad_request(errors.MESSAGE_CANT_BE_EDITED)
        return chat, message

    def _edit(
        self,
        chat: Chat,
        message: StoredMessage,
        params: Params,
        changes: dict[str, Any],
        formatted: FormattedText | None = None,
        text_key: str | None = None,
    ) -> dict[str, Any]:
        """Apply an edit; ``changes`` maps fields to new values, None meaning removal.

        As on Telegram, an edit without ``reply_markup`` removes the inline keyboard.
        """
        markup = validate_reply_markup(params.json("reply_markup"))
        if markup is not None and "inline_keyboard" not in markup:
            raise bad_request("inline keyboard expected")
        new = {**message.data, **changes, "reply_markup": markup}
        new = {k: v for k, v in new.items() if v not in (None, [])}
        if content_key(new) == content_key(message.data):
            raise bad_request(errors.MESSAGE_NOT_MODIFIED)
        message.snapshot()
        message.data = {**new, "edit_date": int(time.time())}
        message.reply_markup = markup
        if text_key is not None:
            message.raw_text = params.string(text_key)
            message.parse_mode = params.string("parse_mode")
            message.html = formatted.html if formatted else ""
        self.world.publish_message(chat, message, kind="edit")
        return message.data

    # -- methods -----------------------------------------------------------
    # Named exactly like the Bot API methods: the dispatch table uses __name__.

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

    async def sendMessage(self, params: Params) -> dict[str, Any]:  # noqa: N802
        chat = self._chat(params)
        formatted = format_text(params.string("text"), params.string("parse_mode"), params.json("entities"))
        return self._send(chat, {}, formatted, params).data

    async def sendPhoto(self, params: Params) -> dict[str, Any]:  # noqa: N802
        chat = self._chat(params)
        caption = self._caption(params)
        stored = self._file(params.file("photo"), "photo")
        return self._send(chat, {"photo": [stored.photo_size()]}, caption, params, key="caption").data

    async def sendDocument(self, params: Params) -> dict[str, Any]:  # noqa: N802
        chat = self._chat(params)
        caption = self._caption(params)
        stored = self._file(params.file("document"), "document")
        return self._send(chat, {"document": stored.document()}, caption, params, key="caption").data

    async def sendMediaGroup(self, params: Params) -> list[dict[str, Any]]:  # noqa: N802
        chat = self._chat(params)
        media = params.json("media")
        if not isinstance(media, list) or not 2 <= len(media) <= 10:
            raise bad_request("wrong number of messages in the media group: 2-10 items are allowed")
        group_id = str(secrets.randbits(60))
        prepared = []
        for item in media:  # validate everything before sending anything
            kind = "photo" if item.get("type") == "photo" else "document"
            item_params = Params({k: v for k, v in item.items() if k != "media"}, params.uploads)
            stored = self._file(params.attachment(item.get("media")), kind)
            content = {"photo": [stored.photo_size()]} if kind == "photo" else {"document": stored.document()}
            prepared.append((content, self._caption(item_params), item_params))
        return [
            self._send(
                chat, {**content, "media_group_id": group_id}, caption, item_params, key="caption"
            ).data
            for content, caption, item_params in prepared
        ]

    async def sendLocation(self, params: Params) -> dict[str, Any]:  # noqa: N802
        chat = self._chat(params)
        latitude, longitude = params.number("latitude"), params.number("longitude")
        if latitude is None or longitude is None:
            raise bad_request("wrong latitude/longitude specified")
        return self._send(
            chat, {"location": {"latitude": latitude, "longitude": longitude}}, None, params
        ).data

    async def sendChatAction(self, params: Params) -> bool:  # noqa: N802
        chat = self._chat(params)
        action = params.string("action")
        if not action:
            raise bad_request("action is empty")
        self.world.events.publish("chat_action", chat.user.user_id, action=action)
        return True

    async def editMessageText(self, params: Params) -> dict[str, Any]:  # noqa: N802
        chat, message = self._editable(params)
        if "text" not in message.data:
            raise bad_request(errors.NO_TEXT_TO_EDIT)
        formatted = format_text(params.string("text"), params.string("parse_mode"), params.json("entities"))
        changes = {"text": formatted.text, "entities": formatted.entities}
        return self._edit(chat, message, params, changes, formatted, text_key="text")

    async def editMessageCaption(self, params: Params) -> dict[str, Any]:  # noqa: N802
        chat, message = self._editable(params)
        if "text" in message.data or "location" in message.data:
            raise bad_request(errors.NO_CAPTION_TO_EDIT)
        caption = self._caption(params)
        changes = {
            "caption": caption.text if caption else None,
            "caption_entities": caption.entities if caption else None,
        }
        return self._edit(chat, message, params, changes, caption, text_key="caption")

    async def editMessageMedia(self, params: Params) -> dict[str, Any]:  # noqa: N802
        chat, message = self._editable(params)
        if "photo" not in message.data and "document" not in message.data:
            raise bad_request("there is no media in the message to edit")
        media = params.json("media")
        if not isinstance(media, dict):
            raise bad_request("can't parse InputMedia JSON object")
        kind = "photo" if media.get("type") == "photo" else "document"
        stored = self._file(params.attachment(media.get("media")), kind)
        media_params = Params({k: v for k, v in media.items() if k != "media"}, params.uploads)
        caption = self._caption(media_params)
        changes = {
            "photo": [stored.photo_size()] if kind == "photo" else None,
            "document": stored.document() if kind == "document" else None,
            "caption": caption.text if caption else None,
            "caption_entities": caption.entities if caption else None,
        }
        # reply_markup comes with the call, caption and parse_mode with the media object.
        merged = Params({**media_params.values, "reply_markup": params.values.get("reply_markup")})
        return self._edit(chat, message, merged, changes, caption, text_key="caption")

    async def editMessageReplyMarkup(self, params: Params) -> dict[str, Any]:  # noqa: N802
        chat, message = self._editable(params)
        return self._edit(chat, message, params, {})

    async def deleteMessage(self, params: Params) -> bool:  # noqa: N802
        chat = self._chat(params)
        self._delete(chat, params.integer("message_id"))
        return True

    async def deleteMessages(self, params: Params) -> bool:  # noqa: N802
        chat = self._chat(params)
        ids = params.json("message_ids") or []
        live = [i for i in ids if chat.live(int(i))]
        if not live:
            raise bad_request(errors.MESSAGE_TO_DELETE_NOT_FOUND)
        for message_id in live:
            self._delete(chat, int(message_id))
        return True

    def _delete(self, chat: Chat, message_id: int | None) -> None:
        message = chat.live(message_id)
        if message is None:
            raise bad_request(errors.MESSAGE_TO_DELETE_NOT_FOUND)
        message.deleted = True
        self.world.events.publish("delete", chat.user.user_id, message_id=message.message_id)

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


async def _accept(params: Params) -> bool:
    return True


def _int_or_none(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
