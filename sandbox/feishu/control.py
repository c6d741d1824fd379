"""Acting as Feishu users, and looking at what they see — the stand-in's control API for tests.

``Users`` turns "user X types text / presses a button / sends an image" into the event Feishu would post
(``im.message.receive_v1``, ``card.action.trigger``) and shows the bot's messages as the user sees them now.
The wait helpers poll with short sleeps until a condition holds or a timeout passes.
"""

from __future__ import annotations

import asyncio
import json
import secrets
import time
from collections.abc import Callable
from typing import Any, TypeVar

from . import content as ct
from .events import Delivery, EventPoster
from .world import FeishuUser, Message, World

T = TypeVar("T")
POLL = 0.01


class Users:
    def __init__(self, world: World, poster: EventPoster, clock: Callable[[], float] = time.time) -> None:
        self.world = world
        self.poster = poster
        self.clock = clock

    # --- events --------------------------------------------------------------------------------------------

    def _sender(self, user: FeishuUser) -> dict[str, Any]:
        return {
            "sender_id": {"union_id": user.union_id, "user_id": user.user_id, "open_id": user.open_id},
            "sender_type": "user",
            "tenant_key": self.world.tenant_key,
        }

    def message_event(self, user: FeishuUser, message: Message) -> dict[str, Any]:
        """The ``event`` of an ``im.message.receive_v1`` for a user's message."""
        now = str(int(self.clock() * 1000))
        return {
            "sender": self._sender(user),
            "message": {
                "message_id": message.message_id,
                "root_id": message.reply_to,
                "parent_id": message.reply_to,
                "create_time": now,
                "update_time": now,
                "chat_id": message.chat_id,
                "chat_type": "p2p",
                "message_type": message.msg_type,
                "content": json.dumps(message.content, ensure_ascii=False),
                "user_agent": "Mozilla/5.0 Feishu/7.0 (stand-in)",
            },
        }

    def card_action_event(self, user: FeishuUser, message: Message, value: dict[str, Any]) -> dict[str, Any]:
        """The ``event`` of a ``card.action.trigger`` for a click on a button of ``message``."""
        return {
            "operator": {
                "tenant_key": self.world.tenant_key,
                "user_id": user.user_id,
                "open_id": user.open_id,
                "union_id": user.union_id,
            },
            "token": "c-" + secrets.token_hex(16),  # the card's update token (for delayed updates)
            "action": {"value": value, "tag": "button"},
            "host": "im_message",
            "context": {"open_message_id": message.message_id, "open_chat_id": message.chat_id},
        }

    async def _user_message(
        self, open_id: str, msg_type: str, content: dict[str, Any], reply_to: str
    ) -> Delivery:
        user = self.world.user(open_id)
        message = self.world.add_message(
            user.chat_id, msg_type, content, from_bot=False, sender_open_id=open_id, reply_to=reply_to
        )
        return await self.poster.post("im.message.receive_v1", self.message_event(user, message))

    async def type_text(self, open_id: str, text: str, *, reply_to: str = "") -> Delivery:
        return await self._user_message(open_id, "text", {"text": text}, reply_to)

    async def send_image(self, open_id: str, data: bytes, *, file_name: str = "image.png") -> Delivery:
        resource = self.world.add_resource("image", data, file_name=file_name, by_bot=False)
        return await self._user_message(open_id, "image", {"image_key": resource.key}, "")

    async def send_file(self, open_id: str, data: bytes, file_name: str) -> Delivery:
        resource = self.world.add_resource("file", data, file_name=file_name, by_bot=False)
        return await self._user_message(
            open_id, "file", {"file_key": resource.key, "file_name": file_name}, ""
        )

    async def send_location(
        self, open_id: str, latitude: float, longitude: float, name: str = ""
    ) -> Delivery:
        # Feishu's location content: {"name", "longitude", "latitude"} with the coordinates as strings.
        content = {"name": name, "longitude": str(longitude), "latitude": str(latitude)}
        return await self._user_message(open_id, "location", content, "")

    async def press(
        self, open_id: str, message_id: str, value: dict[str, Any] | None = None, *, label: str | None = None
    ) -> Delivery:
        """Click a button of a card the user sees: by its ``label``, or by its ``value`` (which must be on the card;
        ``press_forged`` sends any value)."""
        user = self.world.user(open_id)
        message = self.world.messages.get(message_id)
        if message is None or message.chat_id != user.chat_id or message.deleted:
            raise AssertionError(f"{user.name} does not see a message {message_id}")
        if message.msg_type != "interactive":
            raise AssertionError(f"{message_id} is not a card: it has no buttons")
        seen = self.seen(message)
        if label is not None:
            value = seen.button(label).value
        values = [b.value for row in seen.buttons for b in row]
        if value is None or value not in values:
            raise AssertionError(f"no button with value {value!r} on {message_id}; values: {values}")
        delivery = await self.poster.post("card.action.trigger", self.card_action_event(user, message, value))
        self._apply_answered_card(message, delivery)
        return delivery

    def _apply_answered_card(self, message: Message, delivery: Delivery) -> None:
        """A callback answer carrying ``{"card": {"type": "raw", "data": {…}}}`` updates the card, as Feishu does."""
        answered = (delivery.answer or {}).get("card")
        if not isinstance(answered, dict):
            return
        data = answered.get("data")
        if answered.get("type") != "raw" or not isinstance(data, dict):
            raise AssertionError(
                f"the callback answer's card must be {{type: raw, data: {{…}}}}: {answered!r}"
            )
        ct.check_card(data, set(self.world.resources))
        with self.world.lock:
            message.patches.append(message.content)
            message.content = data

    async def press_forged(self, open_id: str, message_id: str, value: dict[str, Any]) -> Delivery:
        """A click carrying any value, as a tampered client could send (the message must exist in the chat)."""
        user = self.world.user(open_id)
        message = self.world.messages[message_id]
        return await self.poster.post("card.action.trigger", self.card_action_event(user, message, value))

    # --- what the user sees --------------------------------------------------------------------------------

    @staticmethod
    def seen(message: Message) -> ct.Seen:
        return ct.render(message.message_id, message.msg_type, message.content, len(message.patches))

    def messages(self, open_id: str) -> list[ct.Seen]:
        """The bot's messages in the user's chat as they are now (deleted ones gone, cards after patches)."""
        return [self.seen(m) for m in self.world.bot_messages(self.world.user(open_id).chat_id)]

    def last_message(self, open_id: str) -> ct.Seen | None:
        shown = self.messages(open_id)
        return shown[-1] if shown else None

    def last_card(self, open_id: str) -> ct.Seen | None:
        cards = [s for s in self.messages(open_id) if s.msg_type == "interactive"]
        return cards[-1] if cards else None

    # --- waiting -------------------------------------------------------------------------------------------

    async def wait_for(
        self, check: Callable[[], T | None], timeout: float = 5.0, what: str = "a condition"
    ) -> T:
        """Poll ``check`` until it returns something truthy (returned), or fail after ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        while True:
            result = check()
            if result:
                return result
            if time.monotonic() >= deadline:
                raise AssertionError(f"timed out after {timeout} s waiting for {what}")
            await asyncio.sleep(POLL)

    async def wait_for_messages(self, open_id: str, count: int, timeout: float = 5.0) -> list[ct.Seen]:
        """Wait until the user's chat holds at least ``count`` bot messages (deleted ones not counted)."""
        return await self.wait_for(
            lambda: shown if len(shown := self.messages(open_id)) >= count else None,
            timeout,
            f"{count} bot message(s) to {open_id}",
        )

    async def wait_for_text(self, open_id: str, fragment: str, timeout: float = 5.0) -> ct.Seen:
        """Wait until a bot message the user sees contains ``fragment``; the latest such message."""

        def check() -> ct.Seen | None:
            return next((s for s in reversed(self.messages(open_id)) if fragment in s.text), None)

        return await self.wait_for(check, timeout, f"a message with {fragment!r} to {open_id}")

    async def wait_for_new(self, open_id: str, after: int, timeout: float = 5.0) -> list[ct.Seen]:
        """Bot messages created after the world's message number ``after`` (``world_mark()``)."""
        chat = self.world.user(open_id).chat_id

        def check() -> list[ct.Seen] | None:
            new = [self.seen(m) for m in self.world.bot_messages(chat) if m.seq > after]
            return new or None

        return await self.wait_for(check, timeout, f"a new bot message to {open_id}")

    def world_mark(self) -> int:
        """The number of the latest message in the world: pass it to ``wait_for_new``."""
        with self.world.lock:
            return max((m.seq for m in self.world.messages.values()), default=0)
