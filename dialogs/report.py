"""Reporting a problem or suggestion (/report, the menu, or from a grid work log).

Start data (optional, from the grid work log of issue 4): {"grid_id": int, "date": "YYYY-MM-DD", "log_id": int}
preselects the grid and the date (and makes it a grid visit 网格走访). The dialog ends with
`manager.done({"problem_id": id})`. The source, the 12345 number and the resident's choice: `dialogs.report_source`
(why the source is changed on the summary rather than asked).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from aiogram.enums import ContentType
from aiogram.types import CallbackQuery, Message
from aiogram_dialog import Dialog, DialogManager, Window
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button, Cancel, Row

from dialogs.guard import StaleGuard
from dialogs.problem_widgets import (
    button_window,
    buttons,
    choices,
    collect_photo,
    config_of,
    tell,
    typed_window,
)
from dialogs.report_confirm import EDITING, confirm_window
from dialogs.report_source import advance, resident_window, source_windows
from dialogs.states import ReportProblem
from dialogs.widgets import L, actor_of, item_int, pair_select
from domain import problems as rules
from domain.phones import normalize_phone
from domain.problems import Kind
from domain.sources import Resident, default_source
from locales import tr
from services.problems import category_label, grids_for

KIND_ID = "kind"
GRID_ID = "grid"
CATEGORY_ID = "cat"
URGENCY_ID = "urg"


def _locale(manager: DialogManager) -> str:
    return actor_of(manager).locale


# --- start ------------------------------------------------------------------------------------------------------


async def on_start(start_data: Any, manager: DialogManager) -> None:
    data = start_data if isinstance(start_data, dict) else {}
    actor = actor_of(manager)
    grids = await grids_for(manager.middleware_data["db"], actor.onboarded_id)
    grid_id = data.get("grid_id")
    if isinstance(grid_id, int) and any(g.id == grid_id for g in grids):
        manager.dialog_data["grid_id"] = grid_id
        manager.dialog_data["grid_from_log"] = True
    observed = data.get("date")
    if isinstance(observed, str):
        try:
            manager.dialog_data["date"] = date.fromisoformat(observed).isoformat()
        except ValueError:
            pass
    if isinstance(data.get("log_id"), int):
        manager.dialog_data["log_id"] = data["log_id"]
    # Only a grid work log starts /report with a date: what it found is a grid visit's.
    from_log = "date" in manager.dialog_data or "log_id" in manager.dialog_data
    if from_log:
        manager.dialog_data["from_log"] = True
    config = config_of(manager)
    manager.dialog_data["source"] = default_source(actor.roles, config.sources, from_log=from_log)
    manager.dialog_data["photos"] = []


# --- getters ----------------------------------------------------------------------------------------------------


async def kind_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    locale = _locale(dialog_manager)
    return {"kinds": [(k.value, tr(locale, f"problem-kind-{k.value}")) for k in Kind]}


async def grid_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    grids = await grids_for(dialog_manager.middleware_data["db"], actor_of(dialog_manager).onboarded_id)
    return {"grids": [(g.id, f"{g.community} · {g.name}") for g in grids], "no_grids": not grids}


async def category_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    locale = _locale(dialog_manager)
    return {
        "categories": [(key, category_label(locale, key)) for key in config_of(dialog_manager).categories],
    }


async def photos_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    count = len(dialog_manager.dialog_data.get("photos", []))
    return {"count": count, "max": rules.MAX_PHOTOS, "has_photos": count > 0}


async def urgency_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    locale = _locale(dialog_manager)
    return {
        "levels": [
            ("normal", tr(locale, "problem-urgency-normal")),
            ("urgent", tr(locale, "problem-urgency-urgent")),
        ]
    }


# --- handlers ---------------------------------------------------------------------------------------------------


async def _advance(manager: DialogManager, state: Any) -> None:
    """On to `state`, or back to the summary when the person came from there to change one field."""
    await advance(manager, state)


async def on_prev(callback: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    """⬅️ 上一步: the step before (a grid carried over from the work log is not asked for, so it is skipped); while
    changing one field from the summary, back to the summary."""
    if manager.dialog_data.pop(EDITING, False):
        await manager.switch_to(ReportProblem.confirm)
        return
    state = manager.current_context().state
    if state == ReportProblem.category:
        from_log = manager.dialog_data.get("grid_from_log")
        await manager.switch_to(ReportProblem.kind if from_log else ReportProblem.grid)
        return
    if state == ReportProblem.urgency:  # the phone was asked only on a resident's behalf
        on_behalf = manager.dialog_data.get("resident") == Resident.ON_BEHALF
        await manager.switch_to(ReportProblem.resident_phone if on_behalf else ReportProblem.resident)
        return
    await manager.back()


async def on_kind(callback: CallbackQuery, _w: Any, manager: DialogManager, item_id: str) -> None:
    if item_id not in set(Kind):
        await tell(manager, callback, "problem-bad-kind")
        return
    manager.dialog_data["kind"] = item_id
    await _advance(
        manager, ReportProblem.category if "grid_id" in manager.dialog_data else ReportProblem.grid
    )


async def on_grid(callback: CallbackQuery, _w: Any, manager: DialogManager, item_id: str) -> None:
    grids = await grids_for(manager.middleware_data["db"], actor_of(manager).onboarded_id)
    grid_id = item_int(item_id)
    if grid_id is None or grid_id not in {g.id for g in grids}:
        await tell(manager, callback, "problem-bad-grid")
        return
    manager.dialog_data["grid_id"] = grid_id
    await _advance(manager, ReportProblem.category)


async def on_category(callback: CallbackQuery, _w: Any, manager: DialogManager, item_id: str) -> None:
    if item_id not in config_of(manager).categories:
        await tell(manager, callback, "problem-bad-category")
        return
    manager.dialog_data["category"] = item_id
    await _advance(manager, ReportProblem.description)


async def on_description(message: Message, _w: Any, manager: DialogManager) -> None:
    text = rules.clean_text(message.text, rules.MAX_DESCRIPTION)
    if text is None:
        await tell(manager, message, "problem-description-empty", max=rules.MAX_DESCRIPTION)
        return
    manager.dialog_data["description"] = text
    await _advance(manager, ReportProblem.location)


async def on_description_other(message: Message, _w: Any, manager: DialogManager) -> None:
    await tell(manager, message, "problem-description-empty", max=rules.MAX_DESCRIPTION)


async def on_location(message: Message, _w: Any, manager: DialogManager) -> None:
    if message.location is not None:
        lat, lon = message.location.latitude, message.location.longitude
        if not rules.plausible_location(lat, lon):
            await tell(manager, message, "problem-location-implausible")
            return
        manager.dialog_data["latitude"], manager.dialog_data["longitude"] = lat, lon
        manager.dialog_data.pop("address", None)
    else:
        address = rules.clean_text(message.text, 300)
        if address is None:
            await tell(manager, message, "problem-location-need")
            return
        manager.dialog_data["address"] = address
        manager.dialog_data.pop("latitude", None)
        manager.dialog_data.pop("longitude", None)
    await _advance(manager, ReportProblem.photos)


async def on_location_other(message: Message, _w: Any, manager: DialogManager) -> None:
    await tell(manager, message, "problem-location-need")


async def on_clear_photos(callback: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    manager.dialog_data["photos"] = []


async def to_resident(callback: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    await _advance(manager, ReportProblem.resident)


async def on_resident_name(message: Message, _w: Any, manager: DialogManager) -> None:
    """On a resident's behalf (代居民反映): their name, then their phone."""
    name = rules.clean_text(message.text, 50)
    if name is None:
        await tell(manager, message, "problem-resident-name-bad")
        return
    manager.dialog_data["resident"] = Resident.ON_BEHALF.value
    manager.dialog_data["resident_name"] = name
    await manager.switch_to(ReportProblem.resident_phone)


async def on_resident_phone(message: Message, _w: Any, manager: DialogManager) -> None:
    phone = normalize_phone(message.text)
    if phone is None:
        await tell(manager, message, "problem-resident-phone-bad")
        return
    manager.dialog_data["resident_phone"] = phone
    await _advance(manager, ReportProblem.urgency)


async def skip_phone(callback: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    manager.dialog_data.pop("resident_phone", None)
    await _advance(manager, ReportProblem.urgency)


async def on_urgency(callback: CallbackQuery, _w: Any, manager: DialogManager, item_id: str) -> None:
    if item_id not in ("normal", "urgent"):
        await tell(manager, callback, "problem-bad-kind")
        return
    manager.dialog_data["urgent"] = item_id == "urgent"
    await _advance(manager, ReportProblem.confirm)


def _cancel() -> Cancel:
    return Cancel(L("problem-btn-cancel"))


def _nav() -> Row:
    """⬅️ 上一步 and ✖️ 取消, as on every step of /log."""
    return Row(Button(L("btn-prev"), id="prev", on_click=on_prev), _cancel())


def make_dialog() -> Dialog:
    return Dialog(
        button_window(
            L("problem-report-title"),
            L("problem-ask-kind"),
            buttons(KIND_ID, "kinds", on_kind, width=2),
            _cancel(),
            getter=kind_getter,
            state=ReportProblem.kind,
        ),
        button_window(
            L("problem-ask-grid"),
            L("problem-no-grids", when="no_grids"),
            choices(GRID_ID, "grids", on_grid),
            _nav(),
            getter=grid_getter,
            state=ReportProblem.grid,
        ),
        button_window(
            L("problem-ask-category"),
            buttons(CATEGORY_ID, "categories", on_category, width=2),
            _nav(),
            getter=category_getter,
            state=ReportProblem.category,
        ),
        typed_window(
            L("problem-ask-description", max=rules.MAX_DESCRIPTION),
            on_description,
            on_description_other,
            _nav(),
            state=ReportProblem.description,
        ),
        typed_window(
            L("problem-ask-location"),
            on_location,
            on_location_other,
            _nav(),
            content_types=[ContentType.LOCATION, ContentType.TEXT],
            state=ReportProblem.location,
        ),
        Window(
            L("photos-prompt"),
            L("photos-count", when="has_photos"),
            MessageInput(collect_photo),
            Row(
                Button(L("btn-photos-done"), id="photos_done", on_click=to_resident),
                Button(L("btn-photos-clear"), id="photos_clear", on_click=on_clear_photos, when="has_photos"),
            ),
            _nav(),
            StaleGuard(),
            getter=photos_getter,
            state=ReportProblem.photos,
        ),
        resident_window(_nav()),
        typed_window(
            L("problem-ask-resident-name"),
            on_resident_name,
            on_description_other_name,
            _nav(),
            state=ReportProblem.resident_name,
        ),
        typed_window(
            L("problem-ask-resident-phone"),
            on_resident_phone,
            on_phone_other,
            Button(L("problem-btn-skip"), id="phone_skip", on_click=skip_phone),
            _nav(),
            state=ReportProblem.resident_phone,
        ),
        button_window(
            L("problem-ask-urgency"),
            pair_select(URGENCY_ID, "levels", on_urgency),
            _nav(),
            getter=urgency_getter,
            state=ReportProblem.urgency,
        ),
        confirm_window(),
        *source_windows(_nav(), _cancel()),
        on_start=on_start,
    )


async def on_description_other_name(message: Message, _w: Any, manager: DialogManager) -> None:
    await tell(manager, message, "problem-resident-name-bad")


async def on_phone_other(message: Message, _w: Any, manager: DialogManager) -> None:
    await tell(manager, message, "problem-resident-phone-bad")
