"""The control API under ``/sandbox/api``: act as users, inspect chats, tune the emulator.

Used by the web chat and by tests (through ``sandbox.client``). All bodies and
answers are JSON, except photo/document uploads (multipart, field ``file``).
Errors answer ``{"error": "..."}`` with status 400 or 404.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import quote

from aiohttp import web

from .botapi import BotApi
from .limits import FaultInjector, RateLimiter, Stats
from .params import Upload
from .world import ActionError, World

_MAX_WAIT = 60.0
_Route = Callable[[web.Request], Awaitable[Any]]


class ControlApi:
    def __init__(
        self,
        world: World,
        api: BotApi,
        limiter: RateLimiter,
        faults: FaultInjector,
        *,
        timezone: str = "Asia/Shanghai",
    ) -> None:
        self.world = world
        self.timezone = timezone  # an IANA zone: the web chat shows message times in it
        self.api = api
        self.limiter = limiter
        self.faults = faults

    @property
    def stats(self) -> Stats:
        return self.api.stats

    def routes(self) -> list[web.RouteDef]:
        p = "/sandbox/api"
        return [
            web.get(f"{p}/personas", self._json(self.get_personas)),
            web.post(f"{p}/personas", self._json(self.post_personas)),
            web.get(f"{p}/bot", self._json(self.get_bot)),
            web.get(f"{p}/chats/{{user_id}}/messages", self._json(self.get_messages)),
            web.post(f"{p}/chats/{{user_id}}/text", self._json(self.post_text)),
            web.post(f"{p}/chats/{{user_id}}/contact", self._json(self.post_contact)),
            web.post(f"{p}/chats/{{user_id}}/location", self._json(self.post_location)),
            web.post(f"{p}/chats/{{user_id}}/photo", self._json(self.post_photo)),
            web.post(f"{p}/chats/{{user_id}}/document", self._json(self.post_document)),
            web.post(f"{p}/chats/{{user_id}}/callback", self._json(self.post_callback)),
            web.post(f"{p}/chats/{{user_id}}/reply-button", self._json(self.post_reply_button)),
            web.post(f"{p}/users/{{user_id}}/block", self._json(self.post_block)),
            web.post(f"{p}/updates", self._json(self.post_update)),
            web.get(f"{p}/callbacks/{{query_id}}", self._json(self.get_callback)),
            web.get(f"{p}/events", self._json(self.get_events)),
            web.get(f"{p}/config", self._json(self.get_config)),
            web.post(f"{p}/config", self._json(self.post_config)),
            web.get(f"{p}/stats", self._json(self.get_stats)),
            web.delete(f"{p}/stats", self._json(self.delete_stats)),
            web.get("/sandbox/files/{file_id}", self.get_file),
        ]

    @staticmethod
    def _json(handler: _Route) -> _Route:
        async def wrapper(request: web.Request) -> web.Response:
            try:
                return web.json_response(await handler(request))
            except ActionError as exc:
                return web.json_response({"error": str(exc)}, status=exc.status)
            except (KeyError, TypeError, ValueError) as exc:
                return web.json_response({"error": f"bad request: {exc!r}"}, status=400)

        return wrapper

    # -- personas and bot ------------------------------------------------

    async def get_personas(self, request: web.Request) -> dict[str, Any]:
        return {"personas": [u.persona() for u in self.world.personas()]}

    async def post_personas(self, request: web.Request) -> dict[str, Any]:
        body = await request.json()
        if isinstance(body, list):
            body = {"personas": body}
        self.world.set_personas(body["personas"], replace=bool(body.get("replace")))
        return await self.get_personas(request)

    async def get_bot(self, request: web.Request) -> dict[str, Any]:
        return {
            "bot": self.world.bot_user,
            "commands": self.api.default_commands(),
            "timezone": self.timezone,
        }

    # -- chats -----------------------------------------------------------

    async def get_messages(self, request: web.Request) -> dict[str, Any]:
        chat = self.world.chat(_user_id(request))
        after_id = int(request.query.get("after_id", 0))
        include_deleted = request.query.get("include_deleted") in ("1", "true")
        messages = [
            self.world.message_view(m)
            for m in chat.messages.values()
            if m.message_id > after_id and (include_deleted or not m.deleted)
        ]
        return {
            "user": chat.user.persona(),
            "messages": messages,
            "reply_keyboard": chat.reply_keyboard,
            "seq": self.world.events.seq,
        }

    async def post_text(self, request: web.Request) -> dict[str, Any]:
        body = await request.json()
        return self.world.send_text(_user_id(request), str(body["text"]))

    async def post_contact(self, request: web.Request) -> dict[str, Any]:
        user_id = _user_id(request)
        body = await request.json() if request.can_read_body else {}
        # Absent user_id: the sender's own contact; explicit null: a contact without user_id.
        contact_user_id = body["user_id"] if "user_id" in body else user_id
        return self.world.send_contact(
            user_id,
            phone=body.get("phone"),
            contact_user_id=None if contact_user_id is None else int(contact_user_id),
            first_name=body.get("first_name"),
            last_name=body.get("last_name"),
        )

    async def post_location(self, request: web.Request) -> dict[str, Any]:
        body = await request.json()
        return self.world.send_location(_user_id(request), float(body["latitude"]), float(body["longitude"]))

    async def post_photo(self, request: web.Request) -> dict[str, Any]:
        return await self._upload(request, "photo")

    async def post_document(self, request: web.Request) -> dict[str, Any]:
        return await self._upload(request, "document")

    async def _upload(self, request: web.Request, kind: str) -> dict[str, Any]:
        form = await request.post()
        field = form.get("file")
        if not isinstance(field, web.FileField):
            raise ActionError("multipart field 'file' is missing")
        upload = Upload(field.filename, field.content_type, field.file.read())
        caption = form.get("caption")
        return self.world.send_file(
            _user_id(request), upload, kind, caption if isinstance(caption, str) else None
        )

    async def post_callback(self, request: web.Request) -> dict[str, Any]:
        body = await request.json()
        return self.world.press_inline(_user_id(request), int(body["message_id"]), str(body["callback_data"]))

    async def post_reply_button(self, request: web.Request) -> dict[str, Any]:
        body = await request.json()
        lat, lon = body.get("latitude"), body.get("longitude")
        return self.world.press_reply_button(
            _user_id(request),
            str(body["text"]),
            latitude=None if lat is None else float(lat),
            longitude=None if lon is None else float(lon),
        )

    async def post_update(self, request: web.Request) -> dict[str, Any]:
        """A raw Update (groups, channels, stickers, forwards, any callback query): see ``sandbox.raw``."""
        return self.world.inject_update(await request.json())

    async def post_block(self, request: web.Request) -> dict[str, Any]:
        user_id = _user_id(request)
        body = await request.json() if request.can_read_body else {}
        self.world.set_blocked(user_id, bool(body.get("blocked", True)))
        return self.world.user(user_id).persona()

    async def get_callback(self, request: web.Request) -> dict[str, Any]:
        """A pressed button's callback query; ``timeout`` waits for the bot's answer."""
        query = self.world.callback(request.match_info["query_id"])
        deadline = time.monotonic() + min(float(request.query.get("timeout", 0)), _MAX_WAIT)
        seq = self.world.events.seq
        while not query.answered and (left := deadline - time.monotonic()) > 0:
            events = await self.world.events.wait(seq, left, chat_id=query.user_id)
            if not events:
                break
            seq = events[-1]["seq"]
        return query.to_json()

    # -- events, configuration, statistics --------------------------------

    async def get_events(self, request: web.Request) -> dict[str, Any]:
        since = int(request.query.get("since", 0))
        timeout = min(float(request.query.get("timeout", 0)), _MAX_WAIT)
        chat_id = int(request.query["chat_id"]) if "chat_id" in request.query else None
        events = await self.world.events.wait(since, timeout, chat_id)
        return {"events": events, "seq": self.world.events.seq}

    async def get_config(self, request: web.Request) -> dict[str, Any]:
        return {
            "limits": vars(self.limiter.config),
            "faults": vars(self.faults.config),
            "callback_timeout": self.world.callback_timeout,
        }

    async def post_config(self, request: web.Request) -> dict[str, Any]:
        body = await request.json()
        if "limits" in body:
            self.limiter.config.update(body["limits"])
            self.limiter.reset()
        if "faults" in body:
            self.faults.config.update(body["faults"])
            self.faults.reseed()
        if "callback_timeout" in body:
            self.world.callback_timeout = float(body["callback_timeout"])
        return await self.get_config(request)

    async def get_stats(self, request: web.Request) -> dict[str, Any]:
        return self.stats.to_json()

    async def delete_stats(self, request: web.Request) -> dict[str, Any]:
        self.api.stats = Stats()
        return self.stats.to_json()

    async def get_file(self, request: web.Request) -> web.Response:
        stored = self.world.files.get(request.match_info["file_id"])
        if stored is None:
            raise web.HTTPNotFound()
        disposition = "inline" if stored.mime_type.startswith("image/") else "attachment"
        return web.Response(
            body=self.world.files.read(stored),
            content_type=stored.mime_type,
            headers={
                "Content-Disposition": f"{disposition}; filename*=UTF-8''{quote(stored.file_name, safe='')}"
            },
        )


def _user_id(request: web.Request) -> int:
    try:
        return int(request.match_info["user_id"])
    except ValueError:
        raise ActionError("user_id must be an integer") from None
