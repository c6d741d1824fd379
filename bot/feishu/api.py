"""The Feishu Open API calls the bot makes, through lark-oapi's own request models and its async client.

`lark_oapi` is imported here only, when the first `FeishuApi` is made (it takes 1.5 s). Every failure is a
`FeishuApiError` carrying Feishu's code, the HTTP status and, for a rate limit (429 / code 99991400), the seconds
Feishu's `x-ogw-ratelimit-reset` header asks to wait.
"""

from __future__ import annotations

import asyncio
import io
from dataclasses import dataclass
from typing import Any

FEISHU_URL, LARK_URL = "https://open.feishu.cn", "https://open.larksuite.com"
RATE_LIMITED = 99991400
RESET_HEADER = "x-ogw-ratelimit-reset"


def domain_url(domain: str) -> str:
    """FEISHU_DOMAIN: "feishu", "lark", or an origin (https://…, or http://127.0.0.1:… for a local stand-in)."""
    named = {"feishu": FEISHU_URL, "lark": LARK_URL}
    return named.get(domain.strip().lower(), domain.strip().rstrip("/"))


class FeishuApiError(Exception):
    def __init__(self, code: int, msg: str, status: int = 200, retry_after: float | None = None) -> None:
        super().__init__(f"feishu {code} (HTTP {status}): {msg}")
        self.code, self.msg, self.status, self.retry_after = code, msg, status, retry_after


@dataclass(frozen=True)
class Sent:
    message_id: str
    create_time_ms: int | None


def _check(response: Any) -> None:
    raw = getattr(response, "raw", None)
    status = getattr(raw, "status_code", None) or 200
    if response.success() and status < 400:
        return
    headers = {k.lower(): v for k, v in (getattr(raw, "headers", None) or {}).items()}
    code = response.code if response.code is not None else -1
    retry_after = None
    if status == 429 or code == RATE_LIMITED:
        try:
            retry_after = max(1.0, float(headers.get(RESET_HEADER, "1")))
        except ValueError:
            retry_after = 1.0
    raise FeishuApiError(code, response.msg or "", status, retry_after)


class FeishuApi:
    """One app's calls: send, patch and delete a message, upload an image or a file, download a message's resource,
    read a user's directory entry."""

    def __init__(self, app_id: str, app_secret: str, domain: str, timeout: float = 30.0) -> None:
        import lark_oapi as lark

        self.client = (
            lark.Client.builder()
            .app_id(app_id)
            .app_secret(app_secret)
            .domain(domain_url(domain))
            .timeout(timeout)
            .log_level(lark.LogLevel.WARNING)
            .build()
        )

    async def _token(self) -> None:
        """lark-oapi fetches the tenant token synchronously inside its async calls: fetched (or found in its cache)
        on a thread first, so the event loop never waits on that request."""
        from lark_oapi.core.token import TokenManager

        await asyncio.to_thread(TokenManager.get_self_tenant_token, self.client._config)

    async def _call(self, resource: Any, name: str, request: Any) -> Any:
        await self._token()
        response = await getattr(resource, name)(request)
        _check(response)
        return response

    async def send(self, receive_id: str, msg_type: str, content: str, id_type: str = "open_id") -> Sent:
        from lark_oapi.api.im.v1 import CreateMessageRequest, CreateMessageRequestBody

        body = CreateMessageRequestBody.builder().receive_id(receive_id).msg_type(msg_type).content(content)
        request = CreateMessageRequest.builder().receive_id_type(id_type).request_body(body.build()).build()
        response = await self._call(self.client.im.v1.message, "acreate", request)
        data = response.data
        created = getattr(data, "create_time", None)
        return Sent(data.message_id, int(created) if created else None)

    async def patch(self, message_id: str, content: str) -> None:
        from lark_oapi.api.im.v1 import PatchMessageRequest, PatchMessageRequestBody

        body = PatchMessageRequestBody.builder().content(content).build()
        request = PatchMessageRequest.builder().message_id(message_id).request_body(body).build()
        await self._call(self.client.im.v1.message, "apatch", request)

    async def delete(self, message_id: str) -> None:
        from lark_oapi.api.im.v1 import DeleteMessageRequest

        request = DeleteMessageRequest.builder().message_id(message_id).build()
        await self._call(self.client.im.v1.message, "adelete", request)

    async def upload_image(self, data: bytes) -> str:
        from lark_oapi.api.im.v1 import CreateImageRequest, CreateImageRequestBody

        body = CreateImageRequestBody.builder().image_type("message").image(io.BytesIO(data)).build()
        response = await self._call(
            self.client.im.v1.image, "acreate", CreateImageRequest.builder().request_body(body).build()
        )
        return str(response.data.image_key)

    async def upload_file(self, data: bytes, name: str) -> str:
        from lark_oapi.api.im.v1 import CreateFileRequest, CreateFileRequestBody

        kind = {"xlsx": "xls", "xls": "xls", "pdf": "pdf", "doc": "doc", "docx": "doc"}.get(
            name.rsplit(".", 1)[-1].lower(), "stream"
        )
        body = CreateFileRequestBody.builder().file_type(kind).file_name(name).file(io.BytesIO(data)).build()
        response = await self._call(
            self.client.im.v1.file, "acreate", CreateFileRequest.builder().request_body(body).build()
        )
        return str(response.data.file_key)

    async def download(self, message_id: str, key: str, kind: str) -> bytes:
        """An image or file someone sent (kind "image" or "file")."""
        from lark_oapi.api.im.v1 import GetMessageResourceRequest

        request = GetMessageResourceRequest.builder().message_id(message_id).file_key(key).type(kind).build()
        response = await self._call(self.client.im.v1.message_resource, "aget", request)
        return bytes(response.file.read())

    async def user_mobile(self, open_id: str) -> str | None:
        """The mobile the tenant directory holds for this user (the app needs the contact permission), or None."""
        from lark_oapi.api.contact.v3 import GetUserRequest

        request = GetUserRequest.builder().user_id(open_id).user_id_type("open_id").build()
        response = await self._call(self.client.contact.v3.user, "aget", request)
        user = getattr(response.data, "user", None)
        return getattr(user, "mobile", None) or None
