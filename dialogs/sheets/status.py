"""The sender's view of their prompt sheets: the list of their latest, each community's state of one, and the
communities' result photos."""

from __future__ import annotations

from typing import Any

from aiogram.types import CallbackQuery
from aiogram_dialog import DialogManager, ShowMode
from markupsafe import escape

from dialogs.problem_widgets import tell
from dialogs.sheet_widgets import config_of, mine_getter
from dialogs.widgets import actor_of, now_of, send_album
from locales import Html, tr
from services import sheets as service
from services.sheets import SheetError, SheetLine, SheetStatus

MINE_ID = "sheet_mine"


def _mine_item(locale: str, s: SheetLine) -> str:
    return tr(
        locale,
        "sheet-mine-item",
        id=s.id,
        title=s.title[:20],
        done=s.done,
        total=s.total,
        questions=s.questions,
        due=s.due_date.strftime("%m-%d"),
    )


sheets_getter = mine_getter(service.my_sheets, _mine_item)


async def _status(manager: DialogManager) -> SheetStatus:
    """The sheet the dialog shows (`sheet_id`), as its sender sees it; SheetError when it is not theirs."""
    actor = actor_of(manager)
    return await service.sheet_status(
        manager.middleware_data["db"],
        actor.onboarded_id,
        int(manager.dialog_data.get("sheet_id", 0)),
        now_of(manager),
        config_of(manager),
        actor.locale,
    )


async def status_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    locale = actor_of(dialog_manager).locale
    try:
        status = await _status(dialog_manager)
    except SheetError as exc:
        return {"body": tr(locale, exc.key), "photos": False}
    lines = [status.card, "", tr(locale, "sheet-status-head")]
    for c in status.communities:
        line = tr(
            locale,
            "sheet-status-line",
            community=c.community,
            status=tr(locale, f"sheet-status-{c.status}"),
            flag="⚠️" if c.overdue else "",
        )
        if c.result:
            line += "\n   " + tr(locale, "sheet-line-result", result=c.result, photos=c.photos)
        if c.question:
            line += "\n   " + tr(locale, "sheet-line-question", question=c.question)
        if c.answer:
            line += "\n   " + tr(locale, "sheet-line-answer", answer=c.answer)
        lines.append(line)
    return {"body": Html("\n").join(lines), "photos": any(c.photo_ids for c in status.communities)}


async def on_result_photos(callback: CallbackQuery, _b: Any, manager: DialogManager) -> None:
    """The communities' result photos, in this chat, below which the screen comes back."""
    try:
        status = await _status(manager)
    except SheetError as exc:
        await tell(manager, callback, exc.key)
        return
    for community in status.communities:  # one album per community, its name under it
        if community.photo_ids:
            await send_album(
                callback.bot,  # type: ignore[arg-type]
                callback.message.chat.id,  # type: ignore[union-attr]
                list(community.photo_ids),
                escape(community.community),
            )
    manager.show_mode = ShowMode.DELETE_AND_SEND
