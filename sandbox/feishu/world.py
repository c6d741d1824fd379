"""What the Feishu stand-in remembers: the tenant's users, their p2p chats with the bot, every message, every upload.

Plain data, kept for tests to read. Ids look like Feishu's (``ou_…`` users, ``oc_…`` chats, ``om_…`` messages,
``img_v3_…`` / ``file_v3_…`` resources) and are made from a counter, so a run is reproducible.
"""

from __future__ import annotations

import hashlib
import itertools
import threading
from dataclasses import dataclass, field
from typing import Any


def _fake_id(prefix: str, seed: str) -> str:
    return prefix + hashlib.sha256(seed.encode()).hexdigest()[:32]


@dataclass
class FeishuUser:
    open_id: str
    name: str
    mobile: str | None  # "+8613800138000" as the directory returns it; None: the directory has no mobile
    chat_id: str  # the p2p chat between this user and the bot
    union_id: str = ""
    user_id: str = ""


@dataclass
class Resource:
    key: str  # image_key or file_key
    kind: str  # "image" | "file"
    data: bytes
    file_name: str = ""
    file_type: str = ""  # for files: opus/mp4/pdf/doc/xls/ppt/stream
    uploaded_by_bot: bool = True


@dataclass
class Message:
    message_id: str
    chat_id: str
    msg_type: str  # text/post/image/file/interactive/location
    content: dict[str, Any]  # the parsed content JSON (for cards: the card as it is now, after patches)
    from_bot: bool
    seq: int
    sender_open_id: str = ""  # for a user's message
    reply_to: str = ""  # the message it replies to (POST …/reply)
    deleted: bool = False
    patches: list[dict[str, Any]] = field(default_factory=list)  # earlier card contents, oldest first
    uuid: str = ""

    @property
    def resource_keys(self) -> set[str]:
        keys = set()
        for name in ("image_key", "file_key"):
            value = self.content.get(name)
            if isinstance(value, str):
                keys.add(value)
        if self.msg_type == "interactive":
            for element in self.content.get("elements") or []:
                if isinstance(element, dict) and element.get("tag") == "img":
                    keys.add(str(element.get("img_key")))
        return keys


class World:
    """Users, chats, messages, resources. Thread-safe enough for a stand-in run on its own thread: every change
    happens under one lock, and readers get copies of lists."""

    def __init__(self, app_id: str) -> None:
        self.app_id = app_id
        self.tenant_key = _fake_id("", "tenant:" + app_id)[:16]
        self.lock = threading.RLock()
        self.users: dict[str, FeishuUser] = {}  # open_id → user
        self.messages: dict[str, Message] = {}  # message_id → message, in creation order
        self.resources: dict[str, Resource] = {}
        self._seq = itertools.count(1)

    # --- users and chats ---------------------------------------------------------------------------------

    def add_user(self, name: str, mobile: str | None = None, *, open_id: str | None = None) -> FeishuUser:
        with self.lock:
            n = len(self.users) + 1
            open_id = open_id or _fake_id("ou_", f"{self.app_id}:user:{n}:{name}")
            user = FeishuUser(
                open_id=open_id,
                name=name,
                mobile=mobile,
                chat_id=_fake_id("oc_", f"{self.app_id}:p2p:{open_id}"),
                union_id=_fake_id("on_", f"union:{open_id}"),
                user_id=f"u{n:04d}",
            )
            self.users[open_id] = user
            return user

    def user(self, open_id: str) -> FeishuUser:
        try:
            return self.users[open_id]
        except KeyError:
            raise KeyError(f"no Feishu user {open_id!r} in the stand-in's world") from None

    def user_by_chat(self, chat_id: str) -> FeishuUser | None:
        return next((u for u in self.users.values() if u.chat_id == chat_id), None)

    def chat_of(self, receive_id_type: str, receive_id: str) -> str | None:
        """The chat a send to (receive_id_type, receive_id) lands in; None when there is no such user/chat."""
        if receive_id_type == "open_id":
            user = self.users.get(receive_id)
            return user.chat_id if user else None
        if receive_id_type == "chat_id":
            return receive_id if self.user_by_chat(receive_id) else None
        if receive_id_type == "user_id":
            return next((u.chat_id for u in self.users.values() if u.user_id == receive_id), None)
        if receive_id_type == "union_id":
            return next((u.chat_id for u in self.users.values() if u.union_id == receive_id), None)
        return None

    # --- messages ----------------------------------------------------------------------------------------

    def add_message(
        self,
        chat_id: str,
        msg_type: str,
        content: dict[str, Any],
        *,
        from_bot: bool,
        sender_open_id: str = "",
        reply_to: str = "",
        uuid: str = "",
    ) -> Message:
        with self.lock:
            seq = next(self._seq)
            message = Message(
                message_id=_fake_id("om_", f"{self.app_id}:msg:{seq}"),
                chat_id=chat_id,
                msg_type=msg_type,
                content=content,
                from_bot=from_bot,
                seq=seq,
                sender_open_id=sender_open_id,
                reply_to=reply_to,
                uuid=uuid,
            )
            self.messages[message.message_id] = message
            return message

    def by_uuid(self, chat_id: str, uuid: str) -> Message | None:
        """Feishu de-duplicates sends carrying the same uuid (within an hour): the earlier message is returned."""
        if not uuid:
            return None
        return next(
            (m for m in self.messages.values() if m.uuid == uuid and m.chat_id == chat_id and m.from_bot),
            None,
        )

    def chat_messages(self, chat_id: str, *, include_deleted: bool = False) -> list[Message]:
        with self.lock:
            return [
                m
                for m in self.messages.values()
                if m.chat_id == chat_id and (include_deleted or not m.deleted)
            ]

    def bot_messages(self, chat_id: str, *, include_deleted: bool = False) -> list[Message]:
        return [m for m in self.chat_messages(chat_id, include_deleted=include_deleted) if m.from_bot]

    # --- resources ---------------------------------------------------------------------------------------

    def add_resource(
        self, kind: str, data: bytes, *, file_name: str = "", file_type: str = "", by_bot: bool = True
    ) -> Resource:
        with self.lock:
            n = len(self.resources) + 1
            prefix = "img_v3_" if kind == "image" else "file_v3_"
            key = _fake_id(prefix, f"{self.app_id}:{kind}:{n}")[: len(prefix) + 24]
            resource = Resource(key, kind, data, file_name, file_type, by_bot)
            self.resources[key] = resource
            return resource
