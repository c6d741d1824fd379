"""A prompt sheet before it is sent: the summary with its edit buttons, 提交 and 作废, and the home screen that
offers to go on with a draft waiting."""

from __future__ import annotations

from datetime import date
from typing import Any

from aiogram.types import CallbackQuery
from aiogram_dialog import DialogManager

from dialogs.draft_flow import community_names, on_submit, start_new
from dialogs.sheet_widgets import config_of
from dialogs.sheets.draft import COMMUNITIES_ID
from dialogs.states import PromptSheetFlow
from dialogs.widgets import actor_of, answer_callback
from domain import sheets as rules
from locales import Html, tr
from services import sheets as service
from services.sheets import SheetDraft


def _draft(manager: DialogManager) -> SheetDraft:
    data = manager.dialog_data
    return SheetDraft(
        title=data.get("title", ""),
        body=data.get("body", ""),
        community_ids=list(data.get("communities", [])),
        due=date.fromisoformat(data["due"]) if data.get("due") else date.min,
        contact=data.get("contact", ""),
        urgent=bool(data.get("urgent")),
        urgent_reason=data.get("urgent_reason"),
        photo=data.get("photo"),
        latitude=data.get("lat"),
        longitude=data.get("lon"),
    )


async def summary_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    dialog_manager.dialog_data["editing"] = True
    locale = actor_of(dialog_manager).locale
    draft = _draft(dialog_manager)
    names = await community_names(dialog_manager)
    limit = config_of(dialog_manager).text_limit
    lines = [
        tr(locale, "sheet-summary-title", title=draft.title),
        tr(locale, "sheet-summary-body", body=draft.body, counter=rules.counter(draft.body, limit)),
        tr(
            locale,
            "sheet-summary-communities",
            communities=tr(locale, "list-separator").join(names.get(c, "?") for c in draft.community_ids),
            count=len(draft.community_ids),
        ),
        tr(locale, "sheet-summary-due", due=draft.due.isoformat() if draft.due != date.min else "-"),
    ]
    if draft.urgent:
        lines.append(tr(locale, "sheet-card-urgent", reason=draft.urgent_reason or ""))
    lines.append(tr(locale, "sheet-card-contact", contact=draft.contact))
    if draft.photo:
        lines.append(tr(locale, "sheet-card-photo"))
    elif draft.latitude is not None:
        lines.append(
            tr(locale, "sheet-card-location", lat=f"{draft.latitude:.5f}", lon=f"{draft.longitude:.5f}")
        )
    else:
        lines.append(tr(locale, "sheet-summary-no-attachment"))
    return {"summary": Html("\n").join(lines)}


async def _sent(manager: DialogManager, sheet_id: int) -> None:
    manager.dialog_data["sheet_id"] = sheet_id
    await manager.switch_to(PromptSheetFlow.status)


# Committed: now the sender is told, and the draft is gone with the dialog's data.
on_sheet_submit = on_submit(
    service.create_sheet,
    _draft,
    lambda manager, sheet_id: tr(actor_of(manager).locale, "sheet-sent", id=sheet_id),
    _sent,
)


async def on_new(callback: CallbackQuery, _b: Any, manager: DialogManager) -> None:
    data = manager.dialog_data
    if data.get("title") and not data.get("sheet_id"):  # a draft is waiting: go on where it stopped
        steps = (
            ("body", PromptSheetFlow.body),
            ("communities", PromptSheetFlow.communities),
            ("due", PromptSheetFlow.due),
            ("contact", PromptSheetFlow.contact),
        )
        await manager.switch_to(
            next((state for key, state in steps if not data.get(key)), PromptSheetFlow.summary)
        )
        return
    await start_new(manager, COMMUNITIES_ID, PromptSheetFlow.title)


async def on_discard(callback: CallbackQuery, _b: Any, manager: DialogManager) -> None:
    await service.discard_draft(manager.middleware_data["db"], actor_of(manager).onboarded_id)
    manager.dialog_data.clear()
    await manager.find(COMMUNITIES_ID).reset_checked()  # type: ignore[union-attr]
    await answer_callback(callback, tr(actor_of(manager).locale, "sheet-discarded"), alert=False)
    await manager.switch_to(PromptSheetFlow.home)


async def home_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    data = dialog_manager.dialog_data
    return {"draft": bool(data.get("title")) and not data.get("sheet_id")}
