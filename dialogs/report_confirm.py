"""The summary screen of /report: what was entered, the hint of similar open items ("same as this one"), a button
to change each field, and submitting the item.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from aiogram.types import CallbackQuery
from aiogram_dialog import DialogManager, ShowMode, Window
from aiogram_dialog.widgets.kbd import Button, Cancel, Group
from aiogram_dialog.widgets.text import Format

from dialogs.problem_widgets import button_window, config_of, tell
from dialogs.states import ReportProblem
from dialogs.widgets import L, actor_of, item_int, pair_select
from domain.problems import Kind
from domain.roles import Action
from domain.sources import HOTLINE, Resident
from locales import Html, render_args, tr
from services.problems import (
    Draft,
    ProblemError,
    category_label,
    create_problem,
    grids_for,
    link_duplicate,
    similar_open_items,
)
from services.problems.sources import source_label

SAME_ID = "same"
EDITING = "editing"  # came from the summary to change one field: back to the summary after it


def resident_of(data: dict[str, Any]) -> str | None:
    """本人发现 / 代居民反映 / 匿名 as chosen (a report begun before the choice existed: on behalf if a name or phone
    was typed)."""
    chosen = data.get("resident")
    if chosen is None and (data.get("resident_name") or data.get("resident_phone")):
        return Resident.ON_BEHALF.value
    return chosen if isinstance(chosen, str) else None


async def confirm_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    data = dialog_manager.dialog_data
    locale = actor_of(dialog_manager).locale
    now = dialog_manager.middleware_data["clock"]()
    source = data.get("source") or ""
    # A 12345 order is an item of its own (its clocks, its call back): never folded into another.
    similar = (
        []
        if source == HOTLINE
        else await similar_open_items(
            dialog_manager.middleware_data["db"],
            data["grid_id"],
            data["category"],
            now,
            data.get("kind", Kind.PROBLEM),
        )
    )
    grids = await grids_for(dialog_manager.middleware_data["db"], actor_of(dialog_manager).onboarded_id)
    grid = next((g for g in grids if g.id == data["grid_id"]), None)
    lines = [
        tr(locale, "problem-confirm-source", source=source_label(locale, source)),
    ]
    if source == HOTLINE and data.get("order_no"):
        lines.append(tr(locale, "problem-confirm-order", order=data["order_no"]))
    lines += [
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
    resident = resident_of(data)
    if resident == Resident.ON_BEHALF:
        # The person reporting sees what they typed: they are its first-inquiry owner.
        lines.append(
            tr(
                locale,
                "problem-confirm-on-behalf",
                name=data.get("resident_name") or "-",
                phone=data.get("resident_phone") or "-",
            )
        )
    elif resident in (Resident.SELF, Resident.ANONYMOUS):
        lines.append(tr(locale, f"problem-confirm-resident-{resident}"))
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
        "may_change_source": not data.get("from_log") and len(config_of(dialog_manager).sources) > 1,
        "hotline": source == HOTLINE,
        "hint": hint,
        "similar": [(s.id, tr(locale, "problem-btn-same", id=s.id)) for s in similar],
    }


def edit_button(field: str, state: Any, when: Any = None) -> Button:
    async def go(callback: CallbackQuery, _w: Any, manager: DialogManager) -> None:
        manager.dialog_data[EDITING] = True
        await manager.switch_to(state)

    return Button(L(f"problem-edit-{field}"), id=f"edit_{field}", on_click=go, when=when)


def _still_allowed(manager: DialogManager) -> bool:
    return actor_of(manager).can(Action.REPORT)


async def on_submit(callback: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    actor = actor_of(manager)
    if not _still_allowed(manager):
        await tell(manager, callback, "problem-no-permission")
        return
    data = manager.dialog_data
    on_behalf = resident_of(data) == Resident.ON_BEHALF
    source = data.get("source") or ""
    draft = Draft(
        kind=data["kind"],
        grid_id=data["grid_id"],
        category=data["category"],
        description=data["description"],
        latitude=data.get("latitude"),
        longitude=data.get("longitude"),
        address=data.get("address"),
        photos=list(data.get("photos", [])),
        resident_name=data.get("resident_name") if on_behalf else None,
        resident_phone=data.get("resident_phone") if on_behalf else None,
        anonymous=resident_of(data) == Resident.ANONYMOUS,
        urgent=bool(data.get("urgent")),
        log_id=data.get("log_id"),
        observed_on=date.fromisoformat(data["date"]) if data.get("date") else None,
        source=source,
        order_no=data.get("order_no") if source == HOTLINE else None,
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
        await tell(manager, callback, exc.key, **render_args(actor.locale, exc.args_))
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
    if manager.dialog_data.get("source") == HOTLINE:  # a button of the summary before 12345 was chosen
        await tell(manager, callback, "problem-order-no-link")
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


def confirm_window() -> Window:
    return button_window(
        L("problem-confirm-title"),
        Format("{summary}"),
        Format("\n{hint}", when="hint"),
        pair_select(SAME_ID, "similar", on_same),
        Group(
            edit_button("source", ReportProblem.source, when="may_change_source"),
            edit_button("order", ReportProblem.order_no, when="hotline"),
            edit_button("kind", ReportProblem.kind),
            edit_button("grid", ReportProblem.grid, when=lambda d, *_: not d["grid_from_log"]),
            edit_button("category", ReportProblem.category),
            edit_button("description", ReportProblem.description),
            edit_button("location", ReportProblem.location),
            edit_button("photos", ReportProblem.photos),
            edit_button("resident", ReportProblem.resident),
            edit_button("urgency", ReportProblem.urgency),
            width=2,
        ),
        Button(L("problem-btn-submit"), id="submit", on_click=on_submit),
        Cancel(L("problem-btn-cancel")),
        getter=confirm_getter,
        state=ReportProblem.confirm,
    )
