"""Reporting a problem or suggestion (/report, the menu, or from a grid work log).

Start data (optional, from the grid work log of issue 4): {"grid_id": int, "date": "YYYY-MM-DD", "log_id": int}
preselects the grid and the date. The dialog ends with `manager.done({"problem_id": id})`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from aiogram.enums import ContentType
from aiogram.types import CallbackQuery, Message
from aiogram_dialog import Dialog, DialogManager, ShowMode, Window
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button, Cancel, Group, Row, Select
from aiogram_dialog.widgets.text import Format

from dialogs.guard import StaleGuard
from dialogs.problem_widgets import buttons, choices, collect_photo, tell
from dialogs.states import ReportProblem
from dialogs.widgets import L, actor_of, hint_input, item_int
from domain import problems as rules
from domain.phones import normalize_phone
from domain.problems import Kind
from domain.roles import Action
from locales import Html, tr
from services.problems import (
    Draft,
    ProblemConfig,
    ProblemError,
    category_label,
    create_problem,
    grids_for,
    link_duplicate,
    similar_open_items,
)

KIND_ID = "kind"
GRID_ID = "grid"
CATEGORY_ID = "cat"
URGENCY_ID = "urg"
SAME_ID = "same"


def config_of(manager: DialogManager) -> ProblemConfig:
    return ProblemConfig.from_settings(manager.middleware_data["settings"])


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


async def confirm_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    data = dialog_manager.dialog_data
    locale = _locale(dialog_manager)
    now = dialog_manager.middleware_data["clock"]()
    similar = await similar_open_items(
        dialog_manager.middleware_data["db"],
        data["grid_id"],
        data["category"],
        now,
        data.get("kind", Kind.PROBLEM),
    )
    grids = await grids_for(dialog_manager.middleware_data["db"], actor_of(dialog_manager).onboarded_id)
    grid = next((g for g in grids if g.id == data["grid_id"]), None)
    lines = [
        tr(locale, "problem-confirm-kind", kind=tr(locale, f"problem-kind-{data['kind']}")),
        tr(locale, "problem-confirm-grid", grid=f"{grid.community} · {grid.name}" if grid else "-"),
        tr(locale, "problem-confirm-category", category=category_label(locale, data["category"])),
        tr(locale, "problem-confirm-description", text=data["description"]),
    ]
    if data.get("latitude") is not None:
        lines.append(
            tr(locale, "problem-card-location", lat=f"{data['latitude']:.5f}", lon=f"{data['longitude']:.5f}")
        )
    if data.get("address"):
        lines.append(tr(locale, "problem-card-address", address=data["address"]))
    lines.append(tr(locale, "problem-card-photos", count=len(data.get("photos", []))))
    if data.get("resident_name") or data.get("resident_phone"):
        # The person reporting sees what they typed: they are its first-inquiry owner.
        lines.append(
            tr(
                locale,
                "problem-card-resident",
                name=data.get("resident_name") or "-",
                phone=data.get("resident_phone") or "-",
            )
        )
    urgency = tr(locale, "problem-urgency-urgent" if data.get("urgent") else "problem-urgency-normal")
    lines.append(tr(locale, "problem-confirm-urgency", urgency=urgency))
    hint = ""
    if similar:
        hint = Html("\n").join(
            [tr(locale, "problem-duplicates-hint")]
            + [tr(locale, "problem-duplicate-line", id=s.id, text=s.description[:40]) for s in similar]
        )
    return {
        "summary": Html("\n").join(lines),
        "grid_from_log": bool(data.get("grid_from_log")),
        "hint": hint,
        "similar": [(s.id, tr(locale, "problem-btn-same", id=s.id)) for s in similar],
    }


# --- handlers ---------------------------------------------------------------------------------------------------

EDITING = "editing"  # came from the summary to change one field: back to the summary after it


async def _advance(manager: DialogManager, state: Any) -> None:
    """On to `state`, or back to the summary when the person came from there to change one field (the resident's
    name goes on to the phone first: the two are one field)."""
    if manager.dialog_data.get(EDITING) and state != ReportProblem.resident_phone:
        manager.dialog_data.pop(EDITING, None)
        await manager.switch_to(ReportProblem.confirm)
    else:
        await manager.switch_to(state)


async def on_prev(callback: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    """⬅️ 上一步: the step before (a grid carried over from the work log is not asked for, so it is skipped); while
    changing one field from the summary, back to the summary."""
    if manager.dialog_data.pop(EDITING, False):
        await manager.switch_to(ReportProblem.confirm)
        return
    if manager.current_context().state == ReportProblem.category:
        from_log = manager.dialog_data.get("grid_from_log")
        await manager.switch_to(ReportProblem.kind if from_log else ReportProblem.grid)
        return
    await manager.back()


def _edit(field: str, state: Any, when: Any = None) -> Button:
    async def go(callback: CallbackQuery, _w: Any, manager: DialogManager) -> None:
        manager.dialog_data[EDITING] = True
        await manager.switch_to(state)

    return Button(L(f"problem-edit-{field}"), id=f"edit_{field}", on_click=go, when=when)


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
    await _advance(manager, ReportProblem.resident_name)


async def on_resident_name(message: Message, _w: Any, manager: DialogManager) -> None:
    name = rules.clean_text(message.text, 50)
    if name is None:
        await tell(manager, message, "problem-resident-name-bad")
        return
    manager.dialog_data["resident_name"] = name
    await manager.switch_to(ReportProblem.resident_phone)


async def skip_resident(callback: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    manager.dialog_data.pop("resident_name", None)
    manager.dialog_data.pop("resident_phone", None)
    await _advance(manager, ReportProblem.urgency)


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


def _still_allowed(manager: DialogManager) -> bool:
    return actor_of(manager).can(Action.REPORT)


async def on_submit(callback: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    actor = actor_of(manager)
    if not _still_allowed(manager):
        await tell(manager, callback, "problem-no-permission")
        return
    data = manager.dialog_data
    draft = Draft(
        kind=data["kind"],
        grid_id=data["grid_id"],
        category=data["category"],
        description=data["description"],
        latitude=data.get("latitude"),
        longitude=data.get("longitude"),
        address=data.get("address"),
        photos=list(data.get("photos", [])),
        resident_name=data.get("resident_name"),
        resident_phone=data.get("resident_phone"),
        urgent=bool(data.get("urgent")),
        log_id=data.get("log_id"),
        observed_on=date.fromisoformat(data["date"]) if data.get("date") else None,
    )
    try:
        problem_id = await create_problem(
            manager.middleware_data["db"],
            actor.onboarded_id,
            draft,
            manager.middleware_data["clock"](),
            config_of(manager),
        )
    except ProblemError as exc:
        await tell(manager, callback, exc.key, **exc.args_)
        return
    key = "problem-reported-urgent" if draft.urgent else "problem-reported"
    await callback.message.answer(tr(actor.locale, key, id=problem_id))  # type: ignore[union-attr]
    await manager.done({"problem_id": problem_id}, show_mode=ShowMode.SEND)


async def on_same(callback: CallbackQuery, _w: Any, manager: DialogManager, item_id: str) -> None:
    actor = actor_of(manager)
    problem_id = item_int(item_id)
    if problem_id is None or not _still_allowed(manager):
        await tell(manager, callback, "problem-no-permission")
        return
    try:
        await link_duplicate(
            manager.middleware_data["db"],
            actor.onboarded_id,
            problem_id,
            manager.dialog_data.get("description", ""),
            manager.middleware_data["clock"](),
            config_of(manager),
        )
    except ProblemError as exc:
        await tell(manager, callback, exc.key, **exc.args_)
        return
    await callback.message.answer(tr(actor.locale, "problem-linked", id=problem_id))  # type: ignore[union-attr]
    await manager.done({"problem_id": problem_id}, show_mode=ShowMode.SEND)


def _cancel() -> Cancel:
    return Cancel(L("problem-btn-cancel"))


def _nav() -> Row:
    """⬅️ 上一步 and ✖️ 取消, as on every step of /log."""
    return Row(Button(L("btn-prev"), id="prev", on_click=on_prev), _cancel())


def make_dialog() -> Dialog:
    return Dialog(
        Window(
            L("problem-report-title"),
            L("problem-ask-kind"),
            buttons(KIND_ID, "kinds", on_kind, width=2),
            _cancel(),
            hint_input(),
            StaleGuard(),
            getter=kind_getter,
            state=ReportProblem.kind,
        ),
        Window(
            L("problem-ask-grid"),
            L("problem-no-grids", when="no_grids"),
            choices(GRID_ID, "grids", on_grid),
            _nav(),
            hint_input(),
            StaleGuard(),
            getter=grid_getter,
            state=ReportProblem.grid,
        ),
        Window(
            L("problem-ask-category"),
            buttons(CATEGORY_ID, "categories", on_category, width=2),
            _nav(),
            hint_input(),
            StaleGuard(),
            getter=category_getter,
            state=ReportProblem.category,
        ),
        Window(
            L("problem-ask-description", max=rules.MAX_DESCRIPTION),
            MessageInput(on_description, content_types=ContentType.TEXT),
            MessageInput(on_description_other),
            _nav(),
            StaleGuard(),
            state=ReportProblem.description,
        ),
        Window(
            L("problem-ask-location"),
            MessageInput(on_location, content_types=[ContentType.LOCATION, ContentType.TEXT]),
            MessageInput(on_location_other),
            _nav(),
            StaleGuard(),
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
        Window(
            L("problem-ask-resident-name"),
            MessageInput(on_resident_name, content_types=ContentType.TEXT),
            MessageInput(on_description_other_name),
            Button(L("problem-btn-skip"), id="res_skip", on_click=skip_resident),
            _nav(),
            StaleGuard(),
            state=ReportProblem.resident_name,
        ),
        Window(
            L("problem-ask-resident-phone"),
            MessageInput(on_resident_phone, content_types=ContentType.TEXT),
            MessageInput(on_phone_other),
            Button(L("problem-btn-skip"), id="phone_skip", on_click=skip_phone),
            _nav(),
            StaleGuard(),
            state=ReportProblem.resident_phone,
        ),
        Window(
            L("problem-ask-urgency"),
            Select(
                Format("{item[1]}"),
                id=URGENCY_ID,
                item_id_getter=lambda i: i[0],
                items="levels",
                on_click=on_urgency,
            ),
            _nav(),
            hint_input(),
            StaleGuard(),
            getter=urgency_getter,
            state=ReportProblem.urgency,
        ),
        Window(
            L("problem-confirm-title"),
            Format("{summary}"),
            Format("\n{hint}", when="hint"),
            Select(
                Format("{item[1]}"),
                id=SAME_ID,
                item_id_getter=lambda i: i[0],
                items="similar",
                on_click=on_same,
            ),
            Group(
                _edit("kind", ReportProblem.kind),
                _edit("grid", ReportProblem.grid, when=lambda d, *_: not d["grid_from_log"]),
                _edit("category", ReportProblem.category),
                _edit("description", ReportProblem.description),
                _edit("location", ReportProblem.location),
                _edit("photos", ReportProblem.photos),
                _edit("resident", ReportProblem.resident_name),
                _edit("urgency", ReportProblem.urgency),
                width=2,
            ),
            Button(L("problem-btn-submit"), id="submit", on_click=on_submit),
            _cancel(),
            hint_input(),
            StaleGuard(),
            getter=confirm_getter,
            state=ReportProblem.confirm,
        ),
        on_start=on_start,
    )


async def on_description_other_name(message: Message, _w: Any, manager: DialogManager) -> None:
    await tell(manager, message, "problem-resident-name-bad")


async def on_phone_other(message: Message, _w: Any, manager: DialogManager) -> None:
    await tell(manager, message, "problem-resident-phone-bad")
