"""Feishu events (schema 2.0) as the aiogram updates the dialogs already handle.

`im.message.receive_v1` → a Message (text, image → photo, file → document, location, post → its text and first
picture); `card.action.trigger` (a button pressed on a card) → a CallbackQuery whose data is the button's value "d"
and whose message is the card (its integer id). The sender and chat of a one-to-one chat are the user's integer id,
as in Telegram's private chats. Nothing here imports lark_oapi.
"""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime
from typing import Any

from aiogram.types import (
    CallbackQuery,
    Chat,
    Document,
    InlineKeyboardMarkup,
    Location,
    Message,
    PhotoSize,
    Update,
    User,
)

from bot.feishu.markup import DATA, TEXT
from bot.feishu.session import FILE, IMAGE, file_id
from storage.messenger_ids import MESSAGE, USER, MessengerIds

MESSAGE_EVENT, CARD_EVENT = "im.message.receive_v1", "card.action.trigger"


class Toasts:
    """Presses waiting for their answer: the card callback's response waits a little for AnswerCallbackQuery's text,
    which then shows as Feishu's toast."""

    def __init__(self) -> None:
        self._waiting: dict[str, asyncio.Future[str]] = {}

    def expect(self, callback_id: str) -> asyncio.Future[str]:
        future: asyncio.Future[str] = asyncio.get_running_loop().create_future()
        self._waiting[callback_id] = future
        return future

    def answer(self, callback_id: str, text: str) -> None:
        future = self._waiting.get(callback_id)
        if future is not None and not future.done():
            future.set_result(text)

    def forget(self, callback_id: str) -> None:
        self._waiting.pop(callback_id, None)


def _date(ms: Any) -> datetime:
    try:
        return datetime.fromtimestamp(int(ms) / 1000, UTC)
    except (TypeError, ValueError):
        return datetime.now(UTC)


def _user(number: int) -> User:
    return User(id=number, is_bot=False, first_name="")


def _content(message: dict[str, Any]) -> dict[str, Any]:
    try:
        parsed = json.loads(message.get("content") or "{}")
    except ValueError:
        return {}
    return parsed if isinstance(parsed, dict) else {}


def _post(content: dict[str, Any]) -> tuple[str, str | None]:
    """A rich-text post's text, and its first picture's key."""
    body = content.get("content") and content or next(iter(content.values()), {})
    lines, image = [], None
    if isinstance(body, dict):
        if body.get("title"):
            lines.append(str(body["title"]))
        for paragraph in body.get("content") or []:
            parts = []
            for node in paragraph if isinstance(paragraph, list) else []:
                if node.get("tag") in ("text", "a", "md"):
                    parts.append(str(node.get("text", "")))
                elif node.get("tag") == "img" and image is None:
                    image = node.get("image_key")
            lines.append("".join(parts))
    return "\n".join(line for line in lines if line).strip(), image


async def message_update(update_id: int, event: dict[str, Any], ids: MessengerIds) -> Update | None:
    sender = (event.get("sender") or {}).get("sender_id") or {}
    message = event.get("message") or {}
    if not sender.get("open_id") or not message.get("message_id"):
        return None
    user_id = await ids.number(USER, sender["open_id"])
    number = await ids.number(MESSAGE, message["message_id"])
    kind, content = message.get("message_type"), _content(message)
    fields: dict[str, Any] = {}
    om = message["message_id"]
    if kind == "text":
        fields["text"] = str(content.get("text", ""))
    elif kind == "image" and content.get("image_key"):
        key = content["image_key"]
        fields["photo"] = [PhotoSize(file_id=file_id(IMAGE, om, key), file_unique_id=key, width=0, height=0)]
    elif kind == "file" and content.get("file_key"):
        key = content["file_key"]
        fields["document"] = Document(
            file_id=file_id(FILE, om, key), file_unique_id=key, file_name=content.get("file_name")
        )
    elif kind == "location":
        try:
            fields["location"] = Location(
                latitude=float(content["latitude"]), longitude=float(content["longitude"])
            )
        except (KeyError, TypeError, ValueError):
            pass
    elif kind == "post":
        text, image = _post(content)
        if image:
            fields["photo"] = [
                PhotoSize(file_id=file_id(IMAGE, om, image), file_unique_id=image, width=0, height=0)
            ]
            fields["caption"] = text or None
        else:
            fields["text"] = text
    # Any other kind (a sticker, audio…) comes as a message without content: the dialogs say what they expect.
    return Update(
        update_id=update_id,
        message=Message(
            message_id=number,
            date=_date(message.get("create_time")),
            chat=Chat(id=user_id, type="private"),
            from_user=_user(user_id),
            **fields,
        ),
    )


async def card_update(
    update_id: int, event_id: str, event: dict[str, Any], ids: MessengerIds, cards: dict[int, Any]
) -> Update | None:
    operator = event.get("operator") or {}
    value = (event.get("action") or {}).get("value")
    context = event.get("context") or {}
    message_id = context.get("open_message_id")
    if not operator.get("open_id") or not message_id or not isinstance(value, dict):
        return None
    user_id = await ids.number(USER, operator["open_id"])
    if DATA not in value and isinstance(value.get(TEXT), str) and value[TEXT]:
        # A reply keyboard's button (`markup.TEXT`): as on Telegram, pressing it is the user sending its text. The
        # message's id is the update id, which names no Feishu message (a delete or edit of it is refused).
        return Update(
            update_id=update_id,
            message=Message(
                message_id=update_id,
                date=datetime.now(UTC),
                chat=Chat(id=user_id, type="private"),
                from_user=_user(user_id),
                text=value[TEXT],
            ),
        )
    number = await ids.number(MESSAGE, message_id)
    text, markup, image_key = cards.get(number) or (None, None, None)
    photo = [PhotoSize(file_id=image_key, file_unique_id=image_key, width=0, height=0)] if image_key else None
    card = Message(
        message_id=number,
        date=datetime.fromtimestamp(0, UTC),
        chat=Chat(id=user_id, type="private"),
        photo=photo,
        reply_markup=markup if isinstance(markup, InlineKeyboardMarkup) else None,
        **({"caption": text} if image_key else {"text": text}),
    )
    return Update(
        update_id=update_id,
        callback_query=CallbackQuery(
            id=event_id,
            from_user=_user(user_id),
            chat_instance=f"feishu:{user_id}",
            message=card,
            data=str(value.get(DATA, "")),
        ),
    )


async def to_update(
    update_id: int, payload: dict[str, Any], ids: MessengerIds, cards: dict[int, Any]
) -> Update | None:
    """The update for one event (schema 2.0), or None for an event the bot does not take."""
    header = payload.get("header") or {}
    event = payload.get("event") or {}
    kind = header.get("event_type")
    if kind == MESSAGE_EVENT:
        return await message_update(update_id, event, ids)
    if kind == CARD_EVENT:
        return await card_update(update_id, str(header.get("event_id")), event, ids, cards)
    return None
