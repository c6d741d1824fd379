"""The emulated Bot API's message methods: sending, editing and deleting messages."""

from __future__ import annotations

import secrets
from typing import Any

from .. import errors
from ..errors import bad_request
from ..markup import format_text
from ..params import Params
from .core import ApiCore


class MessageMethods(ApiCore):
    """Named exactly like the Bot API methods: the dispatch table uses __name__."""

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
