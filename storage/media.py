"""Photos people send are kept in MEDIA_DIR as well as by Telegram file id: Telegram's files expire, records don't.

Keeping a file is storage: it needs only something that downloads a file by its id (`FileSource`; aiogram's `Bot`
is one), so the floors above (the dialogs) pass their bot in and nothing here imports the messenger.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Protocol

log = logging.getLogger("gridbot.media")


class FileSource(Protocol):
    """Downloads a file the messenger holds, by its id, to a path (aiogram's `Bot.download`)."""

    async def download(self, file: str, destination: Path) -> object: ...


async def keep_photo(
    bot: FileSource, media_dir: Path, folder: str, file_id: str, file_unique_id: str
) -> str | None:
    """Download a photo into MEDIA_DIR/<folder>/; the local path, or None when it failed (the file id remains)."""
    safe = "".join(ch for ch in file_unique_id if ch.isalnum() or ch in "-_") or "photo"
    path = Path(media_dir) / folder / f"{safe}.jpg"
    if path.exists():
        return str(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        await bot.download(file_id, destination=path)
    except Exception as exc:  # network, expired file, full disk: the log is still stored with the file id
        log.warning("photo %s not downloaded (%s)", safe, type(exc).__name__)
        path.unlink(missing_ok=True)
        return None
    return str(path)
