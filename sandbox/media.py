"""The emulator's file store: uploads, file ids and downloads.

Every uploaded file gets a ``file_id`` that can be sent again, and a
``file_path`` served at ``/file/bot<token>/<file_path>`` like Telegram's file
endpoint. Files live in memory, or under ``media_dir`` when one is given (so a
long interactive session does not keep every photo in RAM).
"""

from __future__ import annotations

import mimetypes
import secrets
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .params import Upload

_DEFAULT_SIZE = (800, 600)


@dataclass
class StoredFile:
    file_id: str
    file_unique_id: str
    file_path: str
    file_name: str
    mime_type: str
    file_size: int
    width: int
    height: int

    def photo_size(self) -> dict[str, Any]:
        return {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": self.file_size,
            "width": self.width,
            "height": self.height,
        }

    def document(self) -> dict[str, Any]:
        return {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_name": self.file_name,
            "mime_type": self.mime_type,
            "file_size": self.file_size,
        }

    def file(self) -> dict[str, Any]:
        return {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": self.file_size,
            "file_path": self.file_path,
        }


class FileStore:
    def __init__(self, media_dir: Path | None = None) -> None:
        self._dir = media_dir
        self._files: dict[str, StoredFile] = {}
        self._by_path: dict[str, StoredFile] = {}
        self._blobs: dict[str, bytes] = {}
        if media_dir is not None:
            media_dir.mkdir(parents=True, exist_ok=True)

    def add(self, upload: Upload, kind: str) -> StoredFile:
        """Store an upload; ``kind`` is ``photo`` or ``document``."""
        unique = secrets.token_urlsafe(9)
        mime = upload.content_type
        if not mime or mime == "application/octet-stream":
            mime = mimetypes.guess_type(upload.filename)[0] or "application/octet-stream"
        suffix = Path(upload.filename).suffix or mimetypes.guess_extension(mime) or ""
        width, height = image_size(upload.data) or _DEFAULT_SIZE
        stored = StoredFile(
            # Telegram file ids are opaque; a kind prefix makes logs readable.
            file_id=f"{kind}-{unique}",
            file_unique_id=unique[:8],
            file_path=f"{kind}s/file_{len(self._files)}{suffix}",
            file_name=upload.filename,
            mime_type=mime,
            file_size=len(upload.data),
            width=width,
            height=height,
        )
        if self._dir is not None:
            (self._dir / stored.file_unique_id).write_bytes(upload.data)
        else:
            self._blobs[stored.file_id] = upload.data
        self._files[stored.file_id] = stored
        self._by_path[stored.file_path] = stored
        return stored

    def get(self, file_id: str) -> StoredFile | None:
        return self._files.get(file_id)

    def by_path(self, file_path: str) -> StoredFile | None:
        return self._by_path.get(file_path)

    def read(self, stored: StoredFile) -> bytes:
        if self._dir is not None:
            return (self._dir / stored.file_unique_id).read_bytes()
        return self._blobs[stored.file_id]


def image_size(data: bytes) -> tuple[int, int] | None:
    """Width and height of a PNG, GIF or JPEG from its header, if recognisable."""
    if data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) >= 24:
        return struct.unpack(">II", data[16:24])
    if data[:6] in (b"GIF87a", b"GIF89a") and len(data) >= 10:
        return struct.unpack("<HH", data[6:10])
    if data.startswith(b"\xff\xd8"):
        return _jpeg_size(data)
    return None


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    pos = 2
    while pos + 9 < len(data):
        if data[pos] != 0xFF:
            return None
        marker = data[pos + 1]
        length = struct.unpack(">H", data[pos + 2 : pos + 4])[0]
        # SOF0..SOF15 carry the frame size, except DHT (C4), JPG (C8) and DAC (CC).
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", data[pos + 5 : pos + 9])
            return width, height
        pos += 2 + length
    return None
