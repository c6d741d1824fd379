"""An async client of the emulator's control API, for tests.

    async with SandboxClient(emulator.base_url) as sandbox:
        zhang = sandbox.user(1001)
        await zhang.send_command("start")
        menu = await zhang.wait_message(lambda m: "菜单" in (m.text or ""))
        await zhang.press("走访登记")
        assert (await zhang.callback_answer()).text is None

Each ``SandboxUser`` keeps a cursor in the emulator's event log: every action
moves it to the action's own event, and ``wait_message`` returns the first
bot message or edit after the cursor, so "act, then wait for the answer"
never picks up an older message.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aiohttp import ClientSession, FormData

# A default point for request_location buttons: 天安门, Beijing.
DEFAULT_LOCATION = (39.9087, 116.3975)


class SandboxError(Exception):
    """The control API refused a request (the message is its ``error``)."""


@dataclass(frozen=True)
class Message:
    """A message in a chat, as the control API reports it."""

    message_id: int
    outgoing: bool  # sent by the bot
    text: str | None  # the text, or the caption of a photo/document
    caption: str | None
    html: str
    buttons: list[list[str]]  # inline keyboard button texts, row by row
    inline_keyboard: list[list[dict[str, Any]]]
    reply_keyboard: list[list[dict[str, Any]]] | None  # a reply keyboard sent with the message
    photo: dict[str, Any] | None
    document: dict[str, Any] | None
    location: dict[str, Any] | None
    contact: dict[str, Any] | None
    edited: bool
    deleted: bool
    raw: dict[str, Any]

    @classmethod
    def from_view(cls, view: dict[str, Any]) -> Message:
        markup = view.get("reply_markup") or {}
        return cls(
            message_id=view["message_id"],
            outgoing=view["outgoing"],
            text=view["text"] if view["text"] is not None else view["caption"],
            caption=view["caption"],
            html=view["html"],
            buttons=[[b["text"] for b in row] for row in view["inline_keyboard"]],
            inline_keyboard=view["inline_keyboard"],
            reply_keyboard=markup.get("keyboard"),
            photo=view["photo"],
            document=view["document"],
            location=view["location"],
            contact=view["contact"],
            edited=view["edited"],
            deleted=view["deleted"],
            raw=view,
        )


@dataclass(frozen=True)
class CallbackAnswer:
    answered: bool
    text: str | None = None
    show_alert: bool = False
    url: str | None = None


_OWN = object()  # share_contact(): "the user's own id", as distinct from an explicit None


class SandboxClient:
    def __init__(self, base_url: str, session: ClientSession | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        self._session = session
        self._owns_session = session is None
        self._users: dict[int, SandboxUser] = {}

    async def __aenter__(self) -> SandboxClient:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    async def close(self) -> None:
        if self._owns_session and self._session is not None:
            await self._session.close()
            self._session = None

    async def request(self, method: str, path: str, **kwargs: Any) -> Any:
        """Call ``/sandbox/api<path>``; raise ``SandboxError`` on an error answer."""
        if self._session is None:
            self._session = ClientSession()
        async with self._session.request(method, f"{self.base_url}/sandbox/api{path}", **kwargs) as resp:
            if resp.content_type != "application/json":
                raise SandboxError(f"{resp.status} {await resp.text()}")
            body = await resp.json()
            if resp.status >= 400:
                raise SandboxError(body.get("error", body))
            return body

    async def download(self, url: str) -> bytes:
        """Fetch a file by the ``url`` of a message's photo/document (e.g. an exported xlsx)."""
        if self._session is None:
            self._session = ClientSession()
        async with self._session.get(f"{self.base_url}{url}") as resp:
            resp.raise_for_status()
            return await resp.read()

    def user(self, user_id: int) -> SandboxUser:
        """The user with this id (one object per id, so its event cursor is shared)."""
        if user_id not in self._users:
            self._users[user_id] = SandboxUser(self, user_id)
        return self._users[user_id]

    async def personas(self) -> list[dict[str, Any]]:
        return (await self.request("GET", "/personas"))["personas"]

    async def set_personas(
        self, personas: list[dict[str, Any]], replace: bool = False
    ) -> list[dict[str, Any]]:
        body = await self.request("POST", "/personas", json={"personas": personas, "replace": replace})
        return body["personas"]

    async def configure(
        self,
        limits: dict[str, Any] | None = None,
        faults: dict[str, Any] | None = None,
        callback_timeout: float | None = None,
    ) -> dict[str, Any]:
        """Change limits/faults settings (partial dicts are merged); return the full configuration."""
        body: dict[str, Any] = {}
        if limits is not None:
            body["limits"] = limits
        if faults is not None:
            body["faults"] = faults
        if callback_timeout is not None:
            body["callback_timeout"] = callback_timeout
        return await self.request("POST", "/config", json=body)

    async def block(self, user_id: int) -> None:
        await self.request("POST", f"/users/{user_id}/block", json={"blocked": True})

    async def unblock(self, user_id: int) -> None:
        await self.request("POST", f"/users/{user_id}/block", json={"blocked": False})

    async def send_update(self, update: dict[str, Any]) -> dict[str, Any]:
        """Queue a raw Update for the bot (``POST /updates``); answers ``{"update", "update_id", "seq"}``, with
        ``update_id`` None when the bot's ``allowed_updates`` leave that type out."""
        return await self.request("POST", "/updates", json=update)

    async def stats(self) -> dict[str, Any]:
        return await self.request("GET", "/stats")

    async def reset_stats(self) -> None:
        await self.request("DELETE", "/stats")

    async def events(
        self, since: int = 0, timeout: float = 0, chat_id: int | None = None
    ) -> list[dict[str, Any]]:
        params: dict[str, Any] = {"since": since, "timeout": timeout}
        if chat_id is not None:
            params["chat_id"] = chat_id
        return (await self.request("GET", "/events", params=params))["events"]


class SandboxUser:
    """One Telegram user talking to the bot."""

    def __init__(self, client: SandboxClient, user_id: int) -> None:
        self.client = client
        self.user_id = user_id
        self.cursor = 0  # seq of the last event this user has seen
        self._last_callback_id: str | None = None

    async def _act(self, path: str, **kwargs: Any) -> dict[str, Any]:
        result = await self.client.request("POST", f"/chats/{self.user_id}{path}", **kwargs)
        self.cursor = max(self.cursor, result["seq"])
        return result

    async def send_text(self, text: str) -> Message:
        return Message.from_view((await self._act("/text", json={"text": text}))["message"])

    async def send_command(self, command: str, payload: str | None = None) -> Message:
        """Send ``/command`` (leading slash optional), with a deep-link style ``payload``."""
        text = "/" + command.removeprefix("/")
        return await self.send_text(f"{text} {payload}" if payload else text)

    async def share_contact(
        self,
        user_id: int | None | object = _OWN,
        phone: str | None = None,
        first_name: str | None = None,
        last_name: str | None = None,
    ) -> Message:
        """Share a contact: by default the user's own; ``user_id=None`` sends one without user_id."""
        body: dict[str, Any] = {"phone": phone, "first_name": first_name, "last_name": last_name}
        if user_id is not _OWN:
            body["user_id"] = user_id
        return Message.from_view((await self._act("/contact", json=body))["message"])

    async def send_location(self, latitude: float, longitude: float) -> Message:
        result = await self._act("/location", json={"latitude": latitude, "longitude": longitude})
        return Message.from_view(result["message"])

    async def send_photo(self, photo: Path | str | bytes, caption: str | None = None) -> Message:
        return await self._upload("/photo", photo, "photo.jpg", caption)

    async def send_document(
        self, document: Path | str | bytes, filename: str | None = None, caption: str | None = None
    ) -> Message:
        return await self._upload("/document", document, filename or "document.bin", caption)

    async def _upload(
        self, path: str, source: Path | str | bytes, filename: str, caption: str | None
    ) -> Message:
        if isinstance(source, bytes):
            data = source
        else:
            data, filename = await asyncio.to_thread(Path(source).read_bytes), Path(source).name
        form = FormData()
        form.add_field("file", data, filename=filename)
        if caption:
            form.add_field("caption", caption)
        return Message.from_view((await self._act(path, data=form))["message"])

    async def messages(self) -> list[Message]:
        """All messages of the chat (both sides), oldest first, without deleted ones."""
        body = await self.client.request("GET", f"/chats/{self.user_id}/messages")
        return [Message.from_view(v) for v in body["messages"]]

    async def last_message(self) -> Message | None:
        """The latest bot message still in the chat."""
        return next((m for m in reversed(await self.messages()) if m.outgoing), None)

    async def reply_keyboard(self) -> list[list[dict[str, Any]]] | None:
        """The reply keyboard currently shown under the input field."""
        body = await self.client.request("GET", f"/chats/{self.user_id}/messages")
        return (body["reply_keyboard"] or {}).get("keyboard")

    async def wait_message(
        self, predicate: Callable[[Message], bool] | None = None, timeout: float = 10
    ) -> Message:
        """The next bot message or edit after the cursor that matches ``predicate``."""
        deadline = time.monotonic() + timeout
        seen: list[str] = []
        while (left := deadline - time.monotonic()) > 0:
            events = await self.client.events(self.cursor, timeout=min(left, 30), chat_id=self.user_id)
            for event in events:
                self.cursor = event["seq"]
                if event["type"] not in ("message", "edit") or not event["message"]["outgoing"]:
                    continue
                message = Message.from_view(event["message"])
                if predicate is None or predicate(message):
                    return message
                seen.append(repr(message.text))
        raise AssertionError(
            f"user {self.user_id}: no matching bot message within {timeout}s; skipped: {seen}"
        )

    async def press(
        self,
        button_text: str,
        message_id: int | None = None,
        latitude: float | None = None,
        longitude: float | None = None,
    ) -> dict[str, Any]:
        """Press a button by its text: inline buttons of the latest bot message that has one, else
        the reply keyboard. A request_location button sends (latitude, longitude), by default
        ``DEFAULT_LOCATION``. Returns the control API's answer (the callback query or the sent message)."""
        body = await self.client.request("GET", f"/chats/{self.user_id}/messages")
        bot_messages = [v for v in body["messages"] if v["outgoing"]]
        if message_id is not None:
            bot_messages = [v for v in bot_messages if v["message_id"] == message_id]
        for view in reversed(bot_messages):
            for button in (b for row in view["inline_keyboard"] for b in row):
                if button["text"] != button_text:
                    continue
                if "callback_data" not in button:
                    raise AssertionError(f"button {button_text!r} is not a callback button: {button}")
                result = await self._act(
                    "/callback",
                    json={"message_id": view["message_id"], "callback_data": button["callback_data"]},
                )
                self._last_callback_id = result["callback_query_id"]
                return result
        keyboard = (body["reply_keyboard"] or {}).get("keyboard", []) if message_id is None else []
        for button in (b for row in keyboard for b in row):
            if button["text"] == button_text:
                point = {
                    "latitude": DEFAULT_LOCATION[0] if latitude is None else latitude,
                    "longitude": DEFAULT_LOCATION[1] if longitude is None else longitude,
                }
                extra = point if button.get("request_location") else {}
                return await self._act("/reply-button", json={"text": button_text, **extra})
        available = {
            f"message {v['message_id']}": [[b["text"] for b in row] for row in v["inline_keyboard"]]
            for v in bot_messages
            if v["inline_keyboard"]
        }
        available["reply keyboard"] = [[b["text"] for b in row] for row in keyboard]
        raise AssertionError(f"user {self.user_id}: no button {button_text!r}; available: {available}")

    async def callback_answer(self, timeout: float = 5) -> CallbackAnswer:
        """What the bot answered (answerCallbackQuery) to the last inline button press."""
        if self._last_callback_id is None:
            raise AssertionError(f"user {self.user_id} has not pressed an inline button")
        query = await self.client.request(
            "GET", f"/callbacks/{self._last_callback_id}", params={"timeout": timeout}
        )
        answer = query["answer"] or {}
        return CallbackAnswer(
            answered=query["answered"],
            text=answer.get("text"),
            show_alert=bool(answer.get("show_alert")),
            url=answer.get("url"),
        )

    async def block(self) -> None:
        await self.client.block(self.user_id)

    async def unblock(self) -> None:
        await self.client.unblock(self.user_id)
