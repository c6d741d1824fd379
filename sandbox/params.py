"""Decoding of Bot API request parameters.

Telegram accepts the same parameters as a query string, a url-encoded or
multipart form, or a JSON body. aiogram always sends a form (url-encoded, or
multipart when files are attached) in which every non-string value is itself
JSON-encoded: ``chat_id=42``, ``disable_notification=true``,
``reply_markup={"inline_keyboard": ...}``. The typed getters below therefore
accept both a native JSON value and its string form.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from aiohttp import BodyPartReader, MultipartReader, web

from .errors import bad_request


@dataclass(frozen=True)
class Upload:
    """A file part of a multipart request."""

    filename: str
    content_type: str | None
    data: bytes


class Params:
    """The parameters of one Bot API call."""

    def __init__(self, values: dict[str, Any], uploads: dict[str, Upload] | None = None) -> None:
        self.values = values
        self.uploads = uploads or {}

    @classmethod
    async def from_request(cls, request: web.Request) -> Params:
        values: dict[str, Any] = dict(request.query)
        uploads: dict[str, Upload] = {}
        if request.method == "POST" and request.can_read_body:
            if request.content_type == "application/json":
                try:
                    body = await request.json()
                except ValueError:
                    raise bad_request("can't parse JSON encoded request body") from None
                if not isinstance(body, dict):
                    raise bad_request("request body must be a JSON object")
                values.update(body)
            elif request.content_type == "multipart/form-data":
                await _read_multipart(await request.multipart(), values, uploads)
            else:
                values.update(await request.post())
        return cls(values, uploads)

    @classmethod
    async def from_multipart(cls, reader: MultipartReader) -> Params:
        values: dict[str, Any] = {}
        uploads: dict[str, Upload] = {}
        await _read_multipart(reader, values, uploads)
        return cls(values, uploads)

    def has(self, name: str) -> bool:
        return self.values.get(name) not in (None, "")

    def string(self, name: str) -> str | None:
        value = self.values.get(name)
        if value is None:
            return None
        return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)

    def integer(self, name: str) -> int | None:
        value = self.values.get(name)
        if value in (None, ""):
            return None
        try:
            return int(value)
        except (TypeError, ValueError):
            raise bad_request(f"invalid {name} specified") from None

    def number(self, name: str) -> float | None:
        value = self.values.get(name)
        if value in (None, ""):
            return None
        try:
            return float(value)
        except (TypeError, ValueError):
            raise bad_request(f"invalid {name} specified") from None

    def flag(self, name: str) -> bool:
        return self.values.get(name) in (True, "true", "True", "1", 1)

    def json(self, name: str) -> Any:
        value = self.values.get(name)
        if not isinstance(value, str):
            return value
        if value == "":
            return None
        try:
            return json.loads(value)
        except ValueError:
            raise bad_request(f"can't parse {name} JSON object") from None

    def file(self, name: str) -> Upload | str | None:
        """A file parameter: an uploaded part, ``attach://<part>``, a file_id or a URL."""
        if name in self.uploads:
            return self.uploads[name]
        return self.attachment(self.string(name))

    def attachment(self, ref: str | None) -> Upload | str | None:
        if ref and ref.startswith("attach://"):
            part = ref.removeprefix("attach://")
            if part not in self.uploads:
                raise bad_request(f"can't find attached file {part!r}")
            return self.uploads[part]
        return ref


async def _read_multipart(
    reader: MultipartReader, values: dict[str, Any], uploads: dict[str, Upload]
) -> None:
    while (part := await reader.next()) is not None:
        if not isinstance(part, BodyPartReader) or part.name is None:
            continue
        if part.filename is not None:
            uploads[part.name] = Upload(
                filename=part.filename,
                content_type=part.headers.get("Content-Type"),
                data=bytes(await part.read()),
            )
        else:
            values[part.name] = await part.text()
