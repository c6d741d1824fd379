"""The emulated Bot API's core: dispatching a call (fault injection, rate limits, statistics) and what the
methods share: the chat, a file, a caption, sending and editing a message, deleting one.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Awaitable, Callable
from typing import Any

from .. import errors
from ..errors import ApiError, ResetAfterDelivery, bad_request, too_many_requests
from ..limits import SENDING_METHODS, Fault, FaultInjector, RateLimiter, Stats
from ..markup import FormattedText, format_text, validate_reply_markup
from ..media import StoredFile
from ..params import Params, Upload
from ..state import Chat, StoredMessage, content_key
from ..world import World

Handler = Callable[[Params], Awaitable[Any]]
_COMMAND_RE = re.compile(r"^[a-z0-9_]{1,32}$")


class ApiCore:
    """What every method handler uses; `BotApi` (the package) sets the attributes and the dispatch table."""

    world: World
    limiter: RateLimiter
    faults: FaultInjector
    stats: Stats
    _commands: dict[tuple[str, str], list[dict[str, Any]]]
    _methods: dict[str, tuple[str, Handler]]

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

    def _delete(self, chat: Chat, message_id: int | None) -> None:
        message = chat.live(message_id)
        if message is None:
            raise bad_request(errors.MESSAGE_TO_DELETE_NOT_FOUND)
        message.deleted = True
        self.world.events.publish("delete", chat.user.user_id, message_id=message.message_id)


async def _accept(params: Params) -> bool:
    return True


def _int_or_none(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
