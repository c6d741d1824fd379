"""Writing a prompt sheet, one question at a time: title, body, communities, due date (urgent or not), contact, a
photo or a location. The half-written sheet is saved at every step (services.sheets.save_draft)."""

from __future__ import annotations

from datetime import date
from typing import Any

from aiogram.types import CallbackQuery, Message
from aiogram_dialog import DialogManager, ShowMode
from markupsafe import escape

from dialogs.draft_flow import communities_next
from dialogs.problem_widgets import tell
from dialogs.sheet_widgets import config_of, echo, parse_day, text_field
from dialogs.states import PromptSheetFlow
from dialogs.widgets import actor_of, now_of
from domain import sheets as rules
from locales import tr
from services import sheets as service
from services.calendar import cached_work_calendar
from services.sheets import SheetError

COMMUNITIES_ID = "sheet_communities"
DUE_ID = "sheet_due"


async def _go(manager: DialogManager, state: Any) -> None:
    """Save the draft as it is now, then show `state`."""
    await service.save_draft(
        manager.middleware_data["db"],
        actor_of(manager).onboarded_id,
        manager.dialog_data,
        now_of(manager),
    )
    await manager.switch_to(state)


async def _go_on(manager: DialogManager, next_state: Any) -> None:
    """Save the draft and go on to `next_state`, or back to the summary when a field was being edited."""
    await _go(manager, PromptSheetFlow.summary if manager.dialog_data.get("editing") else next_state)


async def on_start(_start_data: Any, manager: DialogManager) -> None:
    """A draft saved earlier (before a restart, a /menu or a /cancel) is picked up again."""
    draft = await service.load_draft(manager.middleware_data["db"], actor_of(manager).onboarded_id)
    if draft:
        manager.dialog_data.update(draft)
        for community_id in draft.get("communities", []):
            await manager.find(COMMUNITIES_ID).set_checked(str(community_id), True)  # type: ignore[union-attr]


async def _after_input(manager: DialogManager, next_state: Any) -> None:
    """Go on to the next question, or back to the summary when a field was being edited."""
    manager.show_mode = ShowMode.DELETE_AND_SEND
    await _go_on(manager, next_state)


# --- title and body ------------------------------------------------------------------------------------------------


on_title = text_field("title", rules.TITLE_MAX, "sheet-title-bad", _after_input, PromptSheetFlow.body)


async def body_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    limit = config_of(dialog_manager).text_limit
    body = dialog_manager.dialog_data.get("body") or ""
    return {"limit": limit, "counter": rules.counter(body, limit), "has_body": bool(body)}


async def on_body(message: Message, _w: Any, manager: DialogManager) -> None:
    config = config_of(manager)
    text = (message.text or "").strip()
    try:
        service.check_body(text, config)
    except SheetError as exc:
        if exc.key == "sheet-body-too-long":
            manager.dialog_data["body_over"] = (
                text  # kept: sent back below so it can be shortened, not retyped
            )
            await message.answer(tr(actor_of(manager).locale, exc.key, **exc.args_))
            # The text goes after the heading, not through Fluent (which refuses a value over 2,500 characters).
            kept = tr(actor_of(manager).locale, "sheet-body-kept")
            await message.answer(f"{kept}\n\n{escape(echo(text))}")
            manager.show_mode = ShowMode.DELETE_AND_SEND
            return
        await tell(manager, message, exc.key, **exc.args_)
        return
    manager.dialog_data["body"] = text
    manager.dialog_data.pop("body_over", None)
    await message.answer(
        tr(actor_of(manager).locale, "sheet-body-ok", counter=rules.counter(text, config.text_limit))
    )
    await _after_input(manager, PromptSheetFlow.communities)


# --- communities ---------------------------------------------------------------------------------------------------


async def on_all(callback: CallbackQuery, _b: Any, manager: DialogManager) -> None:
    db = manager.middleware_data["db"]
    widget = manager.find(COMMUNITIES_ID)
    items = await service.communities_for(db, actor_of(manager).onboarded_id)
    every = len(widget.get_checked()) == len(items)  # type: ignore[union-attr]
    for community_id, _name in items:
        await widget.set_checked(str(community_id), not every)  # type: ignore[union-attr]


async def _communities_chosen(manager: DialogManager, chosen: list[int]) -> None:
    manager.dialog_data["communities"] = chosen
    await _go_on(manager, PromptSheetFlow.due)


on_communities_next = communities_next(COMMUNITIES_ID, "sheet-no-communities", _communities_chosen)


# --- due date ------------------------------------------------------------------------------------------------------


async def due_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    config = config_of(dialog_manager)
    cal = await cached_work_calendar(dialog_manager.middleware_data["db"])
    today = config.today(now_of(dialog_manager))
    urgent = bool(dialog_manager.dialog_data.get("urgent"))
    first = rules.first_due(today, cal, urgent=urgent, lead=config.lead_days)
    days = [first] + [cal.add_working_days(first, i) for i in range(1, 6)]
    return {
        "earliest": first.isoformat(),
        "lead": config.lead_days,
        "urgent": urgent,
        "not_urgent": not urgent,
        "days": [(d.isoformat(), d.strftime("%m-%d")) for d in days],
    }


async def _set_due(event: Message | CallbackQuery, manager: DialogManager, due: date) -> None:
    config = config_of(manager)
    cal = await cached_work_calendar(manager.middleware_data["db"])
    today = config.today(now_of(manager))
    try:
        service.check_due(due, today, cal, urgent=bool(manager.dialog_data.get("urgent")), config=config)
    except SheetError as exc:
        await tell(manager, event, exc.key, **exc.args_)
        return
    manager.dialog_data["due"] = due.isoformat()
    if isinstance(event, Message):
        manager.show_mode = ShowMode.DELETE_AND_SEND
    await _go_on(manager, PromptSheetFlow.contact)


async def on_due_text(message: Message, _w: Any, manager: DialogManager) -> None:
    day = parse_day(message.text or "", config_of(manager).today(now_of(manager)))
    if day is None:
        await tell(manager, message, "sheet-due-format")
        return
    await _set_due(message, manager, day)


async def on_due_pick(callback: CallbackQuery, _w: Any, manager: DialogManager, item_id: str) -> None:
    try:
        day = date.fromisoformat(item_id)
    except ValueError:
        await tell(manager, callback, "sheet-due-format")
        return
    await _set_due(callback, manager, day)


async def on_urgent_reason(message: Message, _w: Any, manager: DialogManager) -> None:
    reason = rules.clean_text(message.text, rules.URGENT_REASON_MAX)
    if reason is None:
        await tell(manager, message, "sheet-urgent-reason-needed", max=rules.URGENT_REASON_MAX)
        return
    manager.dialog_data["urgent"] = True
    manager.dialog_data["urgent_reason"] = reason
    manager.show_mode = ShowMode.DELETE_AND_SEND
    await _go(manager, PromptSheetFlow.due)


async def on_not_urgent(callback: CallbackQuery, _b: Any, manager: DialogManager) -> None:
    manager.dialog_data["urgent"] = False
    manager.dialog_data.pop("urgent_reason", None)
    await _go(manager, PromptSheetFlow.due)


# --- contact and attachment ----------------------------------------------------------------------------------------


on_contact = text_field(
    "contact", rules.CONTACT_MAX, "sheet-contact-bad", _after_input, PromptSheetFlow.attach
)


async def on_contact_me(callback: CallbackQuery, _b: Any, manager: DialogManager) -> None:
    manager.dialog_data["contact"] = actor_of(manager).name[: rules.CONTACT_MAX]
    await _go_on(manager, PromptSheetFlow.attach)


async def on_attachment(message: Message, _w: Any, manager: DialogManager) -> None:
    data = manager.dialog_data
    if message.document or message.video or message.animation or message.audio or message.voice:
        await tell(manager, message, "sheet-no-documents")
        return
    if message.photo:
        data["photo"] = message.photo[-1].file_id
        data.pop("lat", None), data.pop("lon", None)
    elif message.location:
        data["lat"], data["lon"] = message.location.latitude, message.location.longitude
        data.pop("photo", None)
    else:
        await tell(manager, message, "sheet-attach-hint")
        return
    manager.show_mode = ShowMode.DELETE_AND_SEND
    await _go(manager, PromptSheetFlow.summary)


async def on_attach_skip(callback: CallbackQuery, _b: Any, manager: DialogManager) -> None:
    for key in ("photo", "lat", "lon"):
        manager.dialog_data.pop(key, None)
    await _go(manager, PromptSheetFlow.summary)
