"""What the emulated Telegram knows: users, private chats, messages and events.

Every change a user could see in their client (a new message, an edit, a
deletion, a callback answer, a keyboard change) is appended to the
``EventLog`` with a monotonically increasing ``seq``; the web chat and the
test client long-poll that log.
"""

from __future__ import annotations

import asyncio
import copy
import time
from dataclasses import dataclass, field
from typing import Any

DEFAULT_LANGUAGE = "zh-hans"


@dataclass
class User:
    user_id: int
    first_name: str
    last_name: str | None = None
    username: str | None = None
    phone: str | None = None
    language_code: str | None = DEFAULT_LANGUAGE
    title: str | None = None
    is_persona: bool = False
    blocked: bool = False  # the user blocked the bot

    @classmethod
    def from_persona(cls, data: dict[str, Any]) -> User:
        return cls(
            user_id=int(data["user_id"]),
            first_name=str(data.get("first_name") or f"User {data['user_id']}"),
            last_name=data.get("last_name"),
            username=data.get("username"),
            phone=data.get("phone"),
            language_code=data.get("language_code", DEFAULT_LANGUAGE),
            title=data.get("title"),
            is_persona=True,
        )

    def persona(self) -> dict[str, Any]:
        return {
            "user_id": self.user_id,
            "first_name": self.first_name,
            "last_name": self.last_name,
            "username": self.username,
            "phone": self.phone,
            "language_code": self.language_code,
            "title": self.title,
            "blocked": self.blocked,
        }

    def telegram_user(self) -> dict[str, Any]:
        return _compact(
            {
                "id": self.user_id,
                "is_bot": False,
                "first_name": self.first_name,
                "last_name": self.last_name,
                "username": self.username,
                "language_code": self.language_code,
            }
        )

    def telegram_chat(self) -> dict[str, Any]:
        return _compact(
            {
                "id": self.user_id,
                "type": "private",
                "first_name": self.first_name,
                "last_name": self.last_name,
                "username": self.username,
            }
        )


def content_key(data: dict[str, Any]) -> tuple[Any, ...]:
    """The parts of a message that "message is not modified" compares."""
    return (
        data.get("text"),
        data.get("entities") or [],
        data.get("caption"),
        data.get("caption_entities") or [],
        data.get("photo"),
        data.get("document"),
        data.get("reply_markup"),
    )


def _compact(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if v is not None}


@dataclass
class StoredMessage:
    """One message plus what the web chat needs to show it."""

    data: dict[str, Any]  # the Telegram Message object as the bot sees it
    outgoing: bool  # sent by the bot
    raw_text: str | None = None  # text/caption exactly as the bot sent it
    parse_mode: str | None = None
    html: str = ""  # safe rendering of the text/caption
    reply_markup: dict[str, Any] | None = None  # any markup sent, including reply keyboards
    history: list[dict[str, Any]] = field(default_factory=list)  # earlier versions of ``data``
    deleted: bool = False

    @property
    def message_id(self) -> int:
        return int(self.data["message_id"])

    @property
    def inline_keyboard(self) -> list[list[dict[str, Any]]]:
        return (self.data.get("reply_markup") or {}).get("inline_keyboard") or []

    def snapshot(self) -> None:
        self.history.append(copy.deepcopy(self.data))

    def view(self, file_url: str) -> dict[str, Any]:
        """The control API representation; ``file_url`` is the download URL prefix."""
        d = self.data
        view: dict[str, Any] = {
            "message_id": self.message_id,
            "chat_id": d["chat"]["id"],
            "outgoing": self.outgoing,
            "date": d["date"],
            "edit_date": d.get("edit_date"),
            "edited": bool(self.history),
            "deleted": self.deleted,
            "text": d.get("text"),
            "caption": d.get("caption"),
            "entities": d.get("entities") or d.get("caption_entities") or [],
            "raw_text": self.raw_text,
            "parse_mode": self.parse_mode,
            "html": self.html,
            "inline_keyboard": self.inline_keyboard,
            "reply_markup": self.reply_markup,
            "photo": None,
            "document": None,
            "location": d.get("location"),
            "contact": d.get("contact"),
            "media_group_id": d.get("media_group_id"),
            "history": [h.get("text") or h.get("caption") for h in self.history],
        }
        if d.get("photo"):
            size = d["photo"][-1]
            view["photo"] = {**size, "url": f"{file_url}/{size['file_id']}"}
        if d.get("document"):
            doc = d["document"]
            view["document"] = {**doc, "url": f"{file_url}/{doc['file_id']}"}
        return view


@dataclass
class Chat:
    """A private chat between the bot and one user."""

    user: User
    messages: dict[int, StoredMessage] = field(default_factory=dict)
    reply_keyboard: dict[str, Any] | None = None  # the keyboard currently shown under the input
    _next_id: int = 1

    def add(self, data: dict[str, Any], outgoing: bool, **extra: Any) -> StoredMessage:
        data = {
            "message_id": self._next_id,
            "date": int(time.time()),
            "chat": self.user.telegram_chat(),
            **data,
        }
        self._next_id += 1
        message = StoredMessage(data=data, outgoing=outgoing, **extra)
        self.messages[message.message_id] = message
        return message

    def live(self, message_id: int | None) -> StoredMessage | None:
        message = self.messages.get(message_id or 0)
        return None if message is None or message.deleted else message


@dataclass
class CallbackQuery:
    """A pressed inline button and the bot's answer to it."""

    query_id: str
    user_id: int
    message_id: int
    data: str
    created: float  # time.monotonic()
    answered: bool = False
    answer: dict[str, Any] | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "callback_query_id": self.query_id,
            "user_id": self.user_id,
            "message_id": self.message_id,
            "data": self.data,
            "answered": self.answered,
            "answer": self.answer,
        }


class Signal:
    """Wakes every waiter on each ``notify``; waiters re-check their condition."""

    def __init__(self) -> None:
        self._event = asyncio.Event()

    def notify(self) -> None:
        self._event.set()
        self._event = asyncio.Event()

    async def wait(self, timeout: float) -> None:
        try:
            await asyncio.wait_for(self._event.wait(), timeout)
        except TimeoutError:
            pass


class EventLog:
    def __init__(self) -> None:
        self._events: list[dict[str, Any]] = []
        self._signal = Signal()
        self._closed = False

    @property
    def seq(self) -> int:
        return len(self._events)

    def publish(self, kind: str, chat_id: int, **payload: Any) -> dict[str, Any]:
        event = {"seq": self.seq + 1, "type": kind, "chat_id": chat_id, "time": time.time(), **payload}
        self._events.append(event)
        self._signal.notify()
        return event

    def since(self, seq: int, chat_id: int | None = None) -> list[dict[str, Any]]:
        events = self._events[max(seq, 0) :]
        return [e for e in events if chat_id is None or e["chat_id"] == chat_id]

    async def wait(self, seq: int, timeout: float, chat_id: int | None = None) -> list[dict[str, Any]]:
        deadline = time.monotonic() + timeout
        while not (events := self.since(seq, chat_id)) and not self._closed:
            if (left := deadline - time.monotonic()) <= 0:
                break
            await self._signal.wait(left)
        return events

    def close(self) -> None:
        """Release all long polls so the server can shut down promptly."""
        self._closed = True
        self._signal.notify()
