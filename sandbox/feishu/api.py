"""The Feishu Open API endpoints the bot uses, checked the way Feishu documents them.

Request paths and body fields are lark-oapi's own (``lark_oapi.api.im.v1`` / ``contact.v3`` request classes): each
JSON body is read into the SDK's request-body model and a field the model does not have, or a missing required one,
is refused — so if the SDK's format drifts from what the stand-in expects, a test breaks.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web
from lark_oapi.api.im.v1 import (
    CreateFileRequestBody,
    CreateImageRequestBody,
    CreateMessageRequestBody,
    PatchMessageRequestBody,
    ReplyMessageRequestBody,
)

from . import content as ct
from . import errors as E
from .errors import FeishuError
from .limits import RateLimiter
from .world import Message, World

log = logging.getLogger(__name__)

IMAGE_LIMIT = 10 * 1024 * 1024  # 上传图片: "上传的图片大小不能超过10MB"
FILE_LIMIT = 30 * 1024 * 1024  # 上传文件: "文件大小不得超过30MB"
FILE_TYPES = frozenset({"opus", "mp4", "pdf", "doc", "xls", "ppt", "stream"})
IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"BM", b"RIFF")
TOKEN_TTL = 7200  # seconds, as Feishu answers (the SDK refreshes 10 minutes before)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@dataclass
class Recorded:
    method: str
    path: str
    query: dict[str, str]
    status: int = 200
    code: int = 0
    msg: str = ""
    body: Any = None  # the parsed JSON body (or the multipart text fields)


@dataclass
class App:
    app_id: str
    app_secret: str
    generation: int = 0  # bumped by expire_tokens(): every token issued before is refused from then on
    granted: set[str] = field(default_factory=lambda: {"contact:user.phone:readonly"})

    def token(self) -> str:
        seed = f"{self.app_id}:{self.app_secret}:{self.generation}"
        # Deterministic per app and generation: lark-oapi caches tokens per app_id for the whole process, so a
        # token issued by one stand-in must still be valid in the next one a test starts with the same app.
        return "t-g" + hashlib.sha256(seed.encode()).hexdigest()[:38]


def _model_fields(model: type) -> set[str]:
    return set(getattr(model, "_types", {}))


def _body(data: Any, model: type, required: tuple[str, ...]) -> Any:
    if not isinstance(data, dict):
        raise FeishuError(E.INVALID_PARAM, "the request body must be a JSON object")
    unknown = set(data) - _model_fields(model)
    if unknown:
        raise FeishuError(E.INVALID_PARAM, f"unknown field(s) for {model.__name__}: {sorted(unknown)}")
    parsed = model(data)
    missing = [name for name in required if getattr(parsed, name) in (None, "")]
    if missing:
        raise FeishuError(E.INVALID_PARAM, f"{model.__name__}: missing required field(s) {missing}")
    return parsed


class OpenApi:
    def __init__(self, world: World, app: App, limiter: RateLimiter, *, strict: bool = True) -> None:
        self.world = world
        self.app = app
        self.limiter = limiter
        self.strict = strict
        self.requests: list[Recorded] = []
        self.errors: list[
            str
        ] = []  # broken rules and unknown requests (strict mode): a test should fail on these
        self.refusals: list[Recorded] = []  # every refused request, rate limits included
        self.clock: Callable[[], float] = time.time

    def routes(self) -> list[web.RouteDef]:
        p = "/open-apis"
        return [
            web.post(p + "/auth/v3/tenant_access_token/internal", self._wrap(self.token, auth=False)),
            web.post(p + "/im/v1/messages", self._wrap(self.create_message)),
            web.post(p + "/im/v1/messages/{message_id}/reply", self._wrap(self.reply_message)),
            web.patch(p + "/im/v1/messages/{message_id}", self._wrap(self.patch_message)),
            web.delete(p + "/im/v1/messages/{message_id}", self._wrap(self.delete_message)),
            web.post(p + "/im/v1/images", self._wrap(self.upload_image)),
            web.post(p + "/im/v1/files", self._wrap(self.upload_file)),
            web.get(p + "/im/v1/messages/{message_id}/resources/{file_key}", self._wrap(self.resource)),
            web.get(p + "/contact/v3/users/{user_id}", self._wrap(self.get_user)),
            web.route("*", "/{tail:.*}", self._wrap(self.unknown, auth=False)),
        ]

    # --- plumbing ----------------------------------------------------------------------------------------

    def _wrap(
        self, handler: Callable[[web.Request, Recorded], Awaitable[Any]], *, auth: bool = True
    ) -> Handler:
        async def run(request: web.Request) -> web.StreamResponse:
            rec = Recorded(request.method, request.path, dict(request.query))
            self.requests.append(rec)
            try:
                if auth:
                    self._check_token(request)
                result = await handler(request, rec)
            except FeishuError as e:
                rec.status, rec.code, rec.msg = e.status, e.code, e.msg
                self.refusals.append(rec)
                if e.rule and self.strict:
                    self.errors.append(f"{request.method} {request.path}: {e.code} {e.msg}")
                log.warning(
                    "feishu stand-in refused %s %s: %s %s", request.method, request.path, e.code, e.msg
                )
                body = {
                    "code": e.code,
                    "msg": e.msg,
                    "data": {},
                    "error": {"log_id": "standin-" + str(id(rec))},
                }
                return web.json_response(body, status=e.status, headers=e.headers)
            if isinstance(result, web.StreamResponse):
                return result
            return web.json_response(
                {"code": 0, "msg": "success", **({"data": result} if result is not None else {})}
            )

        return run

    def _check_token(self, request: web.Request) -> None:
        header = request.headers.get("Authorization", "")
        if not header.startswith("Bearer ") or not header[7:].strip():
            raise FeishuError(E.TOKEN_MISSING, "Missing access token for authorization.")
        if header[7:].strip() != self.app.token():
            raise FeishuError(E.TOKEN_INVALID, "Invalid access token for authorization.")

    async def _json(self, request: web.Request, rec: Recorded) -> tuple[Any, int]:
        # Feishu documents "Content-Type: application/json; charset=utf-8"; it also takes a body without a type, as
        # lark-oapi's blocking token request sends it (requests, data=bytes → application/octet-stream here).
        if request.content_type not in ("application/json", "application/octet-stream", ""):
            raise FeishuError(
                E.INVALID_PARAM, f"Content-Type must be application/json, not {request.content_type}"
            )
        raw = await request.read()
        try:
            rec.body = json.loads(raw)
        except ValueError:
            raise FeishuError(E.INVALID_PARAM, "the request body is not JSON") from None
        # The size Feishu's limits apply to: the body as compact UTF-8 JSON, whatever escaping the client chose
        # (httpx writes "\u5b57" for 字 in some versions: six bytes where UTF-8 needs three).
        return rec.body, len(json.dumps(rec.body, ensure_ascii=False, separators=(",", ":")).encode())

    def _message(self, message_id: str, *, of_bot: bool = False) -> Message:
        message = self.world.messages.get(message_id)
        if message is None:
            raise FeishuError(
                E.INVALID_PARAM, f"message_id {message_id!r} is not a message of this app's chats"
            )
        if message.deleted:
            raise FeishuError(E.MESSAGE_RECALLED, "The message is recalled.")
        if of_bot and not message.from_bot:
            raise FeishuError(E.INVALID_PARAM, "only the bot's own messages can be changed")
        return message

    def _message_data(self, m: Message) -> dict[str, Any]:
        return {
            "message_id": m.message_id,
            "root_id": m.reply_to or None,
            "parent_id": m.reply_to or None,
            "msg_type": m.msg_type,
            "create_time": str(int(self.clock() * 1000)),
            "update_time": str(int(self.clock() * 1000)),
            "deleted": m.deleted,
            "updated": bool(m.patches),
            "chat_id": m.chat_id,
            "sender": {
                "id": self.app.app_id,
                "id_type": "app_id",
                "sender_type": "app",
                "tenant_key": self.world.tenant_key,
            },
            "body": {"content": json.dumps(m.content, ensure_ascii=False)},
        }

    # --- endpoints ---------------------------------------------------------------------------------------

    async def token(self, request: web.Request, rec: Recorded) -> web.Response:
        data, _ = await self._json(request, rec)
        if not isinstance(data, dict) or set(data) - {"app_id", "app_secret"}:
            raise FeishuError(E.INVALID_PARAM, "tenant_access_token/internal takes {app_id, app_secret}")
        if data.get("app_id") != self.app.app_id:
            raise FeishuError(E.APP_INVALID, "invalid param: app_id")
        if data.get("app_secret") != self.app.app_secret:
            raise FeishuError(E.APP_SECRET_INVALID, "app secret invalid")
        body = {"code": 0, "msg": "ok", "tenant_access_token": self.app.token(), "expire": TOKEN_TTL}
        return web.json_response(body)

    async def create_message(self, request: web.Request, rec: Recorded) -> dict[str, Any]:
        id_type = request.query.get("receive_id_type")
        if id_type not in ("open_id", "union_id", "user_id", "email", "chat_id"):
            raise FeishuError(
                E.INVALID_PARAM, f"receive_id_type is required (open_id|chat_id|…), got {id_type!r}"
            )
        data, size = await self._json(request, rec)
        body = _body(data, CreateMessageRequestBody, ("receive_id", "msg_type", "content"))
        chat_id = self.world.chat_of(id_type, body.receive_id)
        if chat_id is None:
            raise FeishuError(
                E.NO_AVAILABILITY, f"Bot has NO availability to this user. ({id_type} {body.receive_id})"
            )
        return self._send(chat_id, body.msg_type, body.content, size, uuid=body.uuid or "")

    async def reply_message(self, request: web.Request, rec: Recorded) -> dict[str, Any]:
        original = self._message(request.match_info["message_id"])
        data, size = await self._json(request, rec)
        body = _body(data, ReplyMessageRequestBody, ("msg_type", "content"))
        return self._send(original.chat_id, body.msg_type, body.content, size, reply_to=original.message_id)

    def _send(
        self, chat_id: str, msg_type: str, raw: Any, size: int, *, uuid: str = "", reply_to: str = ""
    ) -> Any:
        parsed = ct.parse_content(msg_type, raw)
        ct.check_size(msg_type, size)
        ct.check_content(msg_type, parsed, set(self.world.resources))
        earlier = self.world.by_uuid(chat_id, uuid)
        if earlier is not None:
            return self._message_data(earlier)
        self.limiter.send(chat_id)
        message = self.world.add_message(
            chat_id, msg_type, parsed, from_bot=True, reply_to=reply_to, uuid=uuid
        )
        return self._message_data(message)

    async def patch_message(self, request: web.Request, rec: Recorded) -> None:
        message = self._message(request.match_info["message_id"], of_bot=True)
        data, size = await self._json(request, rec)
        body = _body(data, PatchMessageRequestBody, ("content",))
        if message.msg_type != "interactive":
            raise FeishuError(E.INVALID_PARAM, "only cards (msg_type interactive) can be updated by PATCH")
        card = ct.parse_content("interactive", body.content)
        ct.check_size("interactive", size)
        ct.check_card(card, set(self.world.resources))
        self.limiter.patch(message.message_id)
        with self.world.lock:
            message.patches.append(message.content)
            message.content = card
        return None

    async def delete_message(self, request: web.Request, rec: Recorded) -> None:
        message = self._message(request.match_info["message_id"], of_bot=True)
        message.deleted = True
        return None

    async def _multipart(self, request: web.Request, rec: Recorded) -> tuple[dict[str, str], dict[str, Any]]:
        if not request.content_type.startswith("multipart/form-data"):
            raise FeishuError(
                E.INVALID_PARAM, f"an upload is multipart/form-data, not {request.content_type}"
            )
        fields: dict[str, str] = {}
        files: dict[str, Any] = {}
        reader = await request.multipart()
        while (part := await reader.next()) is not None:
            if part.filename is not None:  # type: ignore[union-attr]
                files[part.name or ""] = (part.filename, await part.read())  # type: ignore[union-attr]
            else:
                fields[part.name or ""] = await part.text()  # type: ignore[union-attr]
        rec.body = dict(fields)
        return fields, files

    async def upload_image(self, request: web.Request, rec: Recorded) -> dict[str, str]:
        fields, files = await self._multipart(request, rec)
        _body({**fields, **{k: "" for k in files}}, CreateImageRequestBody, ("image_type",))
        if fields.get("image_type") not in ("message", "avatar"):
            raise FeishuError(E.INVALID_PARAM, "image_type must be message or avatar")
        data = _part(files, "image", IMAGE_LIMIT, "the image is larger than 10 MB")
        if not data.startswith(IMAGE_MAGIC):
            raise FeishuError(E.IMAGE_INVALID, "Can't recognize image format.")
        return {"image_key": self.world.add_resource("image", data, file_name=files["image"][0]).key}

    async def upload_file(self, request: web.Request, rec: Recorded) -> dict[str, str]:
        fields, files = await self._multipart(request, rec)
        _body({**fields, **{k: "" for k in files}}, CreateFileRequestBody, ("file_type", "file_name"))
        if fields["file_type"] not in FILE_TYPES:
            raise FeishuError(E.INVALID_PARAM, f"file_type must be one of {sorted(FILE_TYPES)}")
        data = _part(files, "file", FILE_LIMIT, "the file is larger than 30 MB")
        resource = self.world.add_resource(
            "file", data, file_name=fields["file_name"], file_type=fields["file_type"]
        )
        return {"file_key": resource.key}

    async def resource(self, request: web.Request, rec: Recorded) -> web.Response:
        kind = request.query.get("type")
        if kind not in ("image", "file"):
            raise FeishuError(E.INVALID_PARAM, "type must be image or file")
        message = self._message(request.match_info["message_id"])
        key = request.match_info["file_key"]
        resource = self.world.resources.get(key)
        if resource is None or key not in message.resource_keys:
            raise FeishuError(E.RESOURCE_NOT_FOUND, "File not in msg.")
        name = resource.file_name or key
        return web.Response(
            body=resource.data,
            content_type="application/octet-stream" if kind == "file" else "image/png",
            headers={"Content-Disposition": f"attachment; filename=\"{name}\"; filename*=UTF-8''{name}"},
        )

    async def get_user(self, request: web.Request, rec: Recorded) -> dict[str, Any]:
        id_type = request.query.get("user_id_type", "open_id")
        if id_type != "open_id":
            raise FeishuError(E.INVALID_PARAM, f"the stand-in looks users up by open_id, not {id_type}")
        user = self.world.users.get(request.match_info["user_id"])
        if user is None:
            raise FeishuError(E.USER_NOT_FOUND, "no user authority error")
        data: dict[str, Any] = {
            "open_id": user.open_id,
            "union_id": user.union_id,
            "name": user.name,
            "status": {"is_activated": True, "is_frozen": False, "is_resigned": False},
        }
        if (
            "contact:user.base:readonly" in self.app.granted
            or "contact:user.phone:readonly" in self.app.granted
        ):
            data["user_id"] = user.user_id
        if "contact:user.phone:readonly" in self.app.granted and user.mobile:
            data["mobile"] = user.mobile
            data["mobile_visible"] = True
        return {"user": data}

    async def unknown(self, request: web.Request, rec: Recorded) -> None:
        raise FeishuError(
            E.UNKNOWN_ENDPOINT, f"the stand-in does not implement {request.method} {request.path}", status=404
        )


def _part(files: dict[str, tuple[str, bytes]], name: str, limit: int, too_big: str) -> bytes:
    """An upload's file part `name`, refused as Feishu refuses it when missing, empty or over `limit` bytes."""
    if name not in files:
        raise FeishuError(E.INVALID_PARAM, f"the {name} part is missing")
    data = files[name][1]
    if not data:
        raise FeishuError(E.FILE_EMPTY, "File's size can't be 0.")
    if len(data) > limit:
        raise FeishuError(E.INVALID_PARAM, too_big)
    return data
