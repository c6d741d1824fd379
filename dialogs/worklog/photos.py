"""The log's photos: kept as they come, cleared, done."""

from __future__ import annotations

from typing import Any

from aiogram.types import CallbackQuery, Message
from aiogram_dialog import DialogManager, ShowMode
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button

from dialogs.states import WorkLogFlow
from dialogs.worklog.common import _draft, _next, _save, _say, _settings
from domain import worklog as rules
from storage.media import keep_photo


def _photo_count(draft: dict[str, Any]) -> int:
    return len(draft.get("photos", []))


async def on_photo(message: Message, _widget: MessageInput, manager: DialogManager) -> None:
    draft = _draft(manager)
    if _photo_count(draft) >= rules.PHOTOS_MAX:
        await _say(message, manager, "photos-too-many", max=rules.PHOTOS_MAX)
        return
    assert message.photo
    biggest = message.photo[-1]
    if any(p["file_unique_id"] == biggest.file_unique_id for p in draft.get("photos", [])):
        manager.show_mode = ShowMode.DELETE_AND_SEND
        return  # the same photo twice
    local = await keep_photo(
        message.bot,  # type: ignore[arg-type]
        _settings(manager).media_dir,
        "worklogs",
        biggest.file_id,
        biggest.file_unique_id,
    )
    draft.setdefault("photos", []).append(
        {"file_id": biggest.file_id, "file_unique_id": biggest.file_unique_id, "local_path": local}
    )
    await _save(manager)
    manager.show_mode = ShowMode.DELETE_AND_SEND  # the counter under the newest photo


async def on_document(message: Message, _widget: MessageInput, manager: DialogManager) -> None:
    await _say(message, manager, "photos-document")


async def on_other_in_photos(message: Message, _widget: MessageInput, manager: DialogManager) -> None:
    await _say(message, manager, "photos-not-photo")


async def on_clear_photos(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    draft = _draft(manager)
    draft["photos"] = []
    await _save(manager)


async def on_photos_done(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    await _next(manager, WorkLogFlow.problems)


async def photos_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    count = _photo_count(_draft(dialog_manager))
    return {"count": count, "max": rules.PHOTOS_MAX, "has_photos": count > 0}
