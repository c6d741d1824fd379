"""The emulated Telegram world and everything a *user* can do in it.

``World`` owns the users, their private chats with the bot, the file store,
the bot's update queue and the event log. The user-side actions here (send a
text, share a contact, press a button, ...) create the message a Telegram
client would create, record it in the chat and queue the matching update for
the bot. The bot side lives in ``botapi``.
"""

from __future__ import annotations

import copy
import secrets
import time
from pathlib import Path
from typing import Any

from .markup import command_entities
from .media import FileStore
from .params import Upload
from .raw import MESSAGE_KINDS, RawUpdateError, check_update
from .state import CallbackQuery, Chat, EventLog, StoredMessage, User
from .updates import UpdateQueue, WebhookReplyHandler

FILE_URL = "/sandbox/files"


class ActionError(Exception):
    """A user action that a Telegram client would not allow (HTTP 400/404 in the control API)."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


class World:
    def __init__(
        self,
        bot_user: dict[str, Any],
        on_webhook_reply: WebhookReplyHandler,
        media_dir: Path | None = None,
        callback_timeout: float = 15.0,
    ) -> None:
        self.bot_user = bot_user
        self.users: dict[int, User] = {}
        self.chats: dict[int, Chat] = {}
        self.callbacks: dict[str, CallbackQuery] = {}
        self.events = EventLog()
        self.files = FileStore(media_dir)
        self.updates = UpdateQueue(on_webhook_reply)
        # Seconds after which answerCallbackQuery fails as "query is too old".
        self.callback_timeout = callback_timeout
        # Groups and channels seen in raw updates: the next message_id of each (the bot cannot write there).
        self.group_message_ids: dict[int, int] = {}

    # -- users and chats -------------------------------------------------

    def personas(self) -> list[User]:
        return [u for u in self.users.values() if u.is_persona]

    def set_personas(self, personas: list[dict[str, Any]], replace: bool = False) -> None:
        if replace:
            for user in self.personas():
                user.is_persona = False
        for data in personas:
            new = User.from_persona(data)
            old = self.users.get(new.user_id)
            if old is not None:
                new.blocked = old.blocked
            if (chat := self.chats.get(new.user_id)) is not None:
                chat.user = new
            self.users[new.user_id] = new

    def user(self, user_id: int) -> User:
        """The user with this id; unknown ids are created on first use."""
        if user_id not in self.users:
            self.users[user_id] = User(user_id=user_id, first_name=f"User {user_id}")
        return self.users[user_id]

    def chat(self, user_id: int) -> Chat:
        if user_id not in self.chats:
            self.chats[user_id] = Chat(self.user(user_id))
        return self.chats[user_id]

    def set_blocked(self, user_id: int, blocked: bool) -> None:
        self.user(user_id).blocked = blocked

    def message_view(self, message: StoredMessage) -> dict[str, Any]:
        return message.view(FILE_URL)

    def publish_message(self, chat: Chat, message: StoredMessage, kind: str = "message") -> dict[str, Any]:
        return self.events.publish(kind, chat.user.user_id, message=self.message_view(message))

    def set_reply_keyboard(self, chat: Chat, keyboard: dict[str, Any] | None) -> None:
        chat.reply_keyboard = keyboard
        self.events.publish("keyboard", chat.user.user_id, reply_keyboard=keyboard)

    # -- user actions ----------------------------------------------------

    def _user_message(self, user_id: int, content: dict[str, Any]) -> dict[str, Any]:
        """Record a message the user sent and queue it for the bot."""
        chat = self.chat(user_id)
        chat.user.blocked = False  # writing to a blocked bot means unblocking it first, as in the apps
        message = chat.add({"from": chat.user.telegram_user(), **content}, outgoing=False)
        if "text" in content:
            message.raw_text = content["text"]
        event = self.publish_message(chat, message)
        update = self.updates.push("message", message.data)
        return {
            "message": self.message_view(message),
            "seq": event["seq"],
            "update_id": update["update_id"] if update else None,
        }

    def send_text(self, user_id: int, text: str) -> dict[str, Any]:
        if not text.strip():
            raise ActionError("text is empty")
        content: dict[str, Any] = {"text": text}
        if entities := command_entities(text):
            content["entities"] = entities
        return self._user_message(user_id, content)

    def send_contact(
        self,
        user_id: int,
        phone: str | None = None,
        contact_user_id: int | None = None,
        first_name: str | None = None,
        last_name: str | None = None,
    ) -> dict[str, Any]:
        """Share a contact; without arguments, the user's own (as request_contact does)."""
        user = self.user(user_id)
        phone = phone or user.phone
        if not phone:
            raise ActionError(f"user {user_id} has no phone number")
        contact = {
            "phone_number": phone,
            "first_name": first_name or user.first_name,
            # A contact typed by hand has only the names given; the own contact has the user's.
            "last_name": last_name if first_name else user.last_name,
            "user_id": contact_user_id,
        }
        return self._user_message(user_id, {"contact": {k: v for k, v in contact.items() if v is not None}})

    def send_location(self, user_id: int, latitude: float, longitude: float) -> dict[str, Any]:
        if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
            raise ActionError("coordinates out of range")
        return self._user_message(user_id, {"location": {"latitude": latitude, "longitude": longitude}})

    def send_file(self, user_id: int, upload: Upload, kind: str, caption: str | None) -> dict[str, Any]:
        stored = self.files.add(upload, kind)
        content: dict[str, Any] = (
            {"photo": [stored.photo_size()]} if kind == "photo" else {"document": stored.document()}
        )
        if caption:
            content["caption"] = caption
        return self._user_message(user_id, content)

    def press_inline(self, user_id: int, message_id: int, callback_data: str) -> dict[str, Any]:
        chat = self.chat(user_id)
        chat.user.blocked = False
        message = chat.live(message_id)
        if message is None or not message.outgoing:
            raise ActionError(f"no bot message {message_id} in chat {user_id}", 404)
        buttons = [b for row in message.inline_keyboard for b in row]
        if not any(b.get("callback_data") == callback_data for b in buttons):
            raise ActionError(f"message {message_id} has no button with callback_data {callback_data!r}")
        query = CallbackQuery(
            query_id=str(secrets.randbits(63)),
            user_id=user_id,
            message_id=message_id,
            data=callback_data,
            created=time.monotonic(),
        )
        self.callbacks[query.query_id] = query
        payload = {
            "id": query.query_id,
            "from": chat.user.telegram_user(),
            "message": message.data,
            # Telegram's chat_instance is an opaque per-chat string.
            "chat_instance": str(user_id * 7919 % 10**12),
            "data": callback_data,
        }
        event = self.events.publish("callback", user_id, **query.to_json())
        update = self.updates.push("callback_query", payload)
        return {**query.to_json(), "seq": event["seq"], "update_id": update["update_id"] if update else None}

    def press_reply_button(
        self, user_id: int, text: str, latitude: float | None = None, longitude: float | None = None
    ) -> dict[str, Any]:
        """Press a button of the chat's current reply keyboard."""
        chat = self.chat(user_id)
        keyboard = chat.reply_keyboard
        buttons = [b for row in (keyboard or {}).get("keyboard", []) for b in row]
        button = next((b for b in buttons if b["text"] == text), None)
        if keyboard is None or button is None:
            shown = [b["text"] for b in buttons]
            raise ActionError(f"no reply keyboard button {text!r}; shown: {shown}")
        if button.get("request_contact"):
            result = self.send_contact(user_id, contact_user_id=user_id)
        elif button.get("request_location"):
            if latitude is None or longitude is None:
                raise ActionError("this button requests a location: give latitude and longitude")
            result = self.send_location(user_id, latitude, longitude)
        else:
            result = self.send_text(user_id, text)
        if keyboard.get("one_time_keyboard"):
            self.set_reply_keyboard(chat, None)
        return result

    def inject_update(self, update: dict[str, Any]) -> dict[str, Any]:
        """Queue a raw update (``sandbox.raw`` checks its shape) with what Telegram would assign: a fresh
        ``update_id``; a new message's ``message_id`` and ``date`` (in a private chat it is also recorded there,
        as the user's message); a callback query's ``id``, which the bot can answer. The sender of a private
        message or callback query is created on first use, as for the other actions."""
        try:
            kind, payload = check_update(update)
        except RawUpdateError as exc:
            raise ActionError(str(exc)) from None
        payload = copy.deepcopy(payload)
        now = int(time.time())
        event: dict[str, Any] | None = None
        if kind in ("message", "channel_post"):
            chat_id = payload["chat"]["id"]
            new = {k: v for k, v in payload.items() if k not in ("message_id", "date")}
            if payload["chat"]["type"] == "private":
                chat = self.chat(chat_id)
                chat.user.blocked = False
                stored = chat.add(new, outgoing=False)
                stored.raw_text = new.get("text")
                payload = stored.data
                event = self.publish_message(chat, stored)
            else:
                message_id = self.group_message_ids.get(chat_id, 1)
                self.group_message_ids[chat_id] = message_id + 1
                payload = {"message_id": message_id, "date": now, **new}
        elif kind in MESSAGE_KINDS:  # an edit of a message the caller names
            payload["edit_date"] = now
        elif kind == "callback_query":
            user_id = payload["from"]["id"]
            self.user(user_id)
            message = payload.get("message")
            query = CallbackQuery(
                query_id=str(secrets.randbits(63)),
                user_id=user_id,
                message_id=int(message["message_id"]) if message else 0,
                data=payload["data"],
                created=time.monotonic(),
            )
            self.callbacks[query.query_id] = query
            payload["id"] = query.query_id
            chat_id = message["chat"]["id"] if message else user_id
            payload.setdefault("chat_instance", str(chat_id * 7919 % 10**12))
            event = self.events.publish("callback", user_id, **query.to_json())
        else:
            payload.setdefault("date", now)
        queued = self.updates.push(kind, payload)
        return {
            "update": queued,
            "update_id": queued["update_id"] if queued else None,
            "seq": event["seq"] if event else self.events.seq,
        }

    def callback(self, query_id: str) -> CallbackQuery:
        query = self.callbacks.get(query_id)
        if query is None:
            raise ActionError(f"unknown callback query {query_id}", 404)
        return query

    async def close(self) -> None:
        self.events.close()
        await self.updates.close()
