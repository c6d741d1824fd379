"""The log's grid, tasks, households, addresses and content."""

from __future__ import annotations

from typing import Any

from aiogram.types import CallbackQuery, Message
from aiogram_dialog import DialogManager
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button, ManagedMultiselect

from dialogs.states import WorkLogFlow
from dialogs.widgets import actor_of, answer_callback, item_int
from dialogs.worklog.common import _draft, _locale, _next, _say
from domain import worklog as rules
from domain.worklog import Task
from locales import tr
from services import worklog as service


async def grid_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    actor = actor_of(dialog_manager)
    who = await service.author(dialog_manager.middleware_data["db"], actor.onboarded_id)
    show_all = dialog_manager.dialog_data.get("all_grids", False) or not any(g.own for g in who.grids)
    many = len(who.community_ids) > 1
    grids = [
        (str(g.id), f"{'⭐ ' if g.own else ''}{g.community + ' · ' if many else ''}{g.name}")
        for g in who.grids
        if show_all or g.own
    ]
    return {
        "grids": grids,
        "more": not show_all,
        "none": not who.grids,
    }


async def on_grid(callback: CallbackQuery, _widget: Any, manager: DialogManager, item_id: str) -> None:
    actor = actor_of(manager)
    who = await service.author(manager.middleware_data["db"], actor.onboarded_id)
    grid_id = item_int(item_id)
    grid = who.grid(grid_id) if grid_id is not None else None
    if grid is None:  # forged, or the roster changed while the screen was open
        await answer_callback(callback, tr(actor.locale, "wl-grid-outside"))
        return
    _draft(manager)["grid_id"] = grid.id
    await _next(manager, WorkLogFlow.tasks)


async def on_more_grids(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    manager.dialog_data["all_grids"] = True


async def tasks_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    locale = _locale(dialog_manager)
    return {"tasks": [(t.value, tr(locale, f"wl-task-{t.value}")) for t in Task]}


async def on_tasks_done(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    widget: ManagedMultiselect = manager.find("tasks")  # type: ignore[assignment]
    chosen = [t.value for t in Task if t.value in widget.get_checked()]
    if not chosen:
        await answer_callback(callback, tr(_locale(manager), "wl-tasks-none"))
        return
    _draft(manager)["categories"] = chosen
    await _next(manager, WorkLogFlow.households)


async def on_households(message: Message, _widget: MessageInput, manager: DialogManager) -> None:
    value = rules.parse_households(message.text or "")
    if value is None:
        await _say(message, manager, "wl-households-invalid", max=rules.HOUSEHOLDS_MAX)
        return
    _draft(manager)["households"] = value
    if value == 0:
        _draft(manager)["addresses"] = ""
        await _next(manager, WorkLogFlow.content)
    else:
        await _next(manager, WorkLogFlow.addresses)


async def _text_step(
    message: Message, manager: DialogManager, key: str, maximum: int, minimum: int = 1
) -> str | None:
    problem = rules.check_text(message.text, minimum=minimum, maximum=maximum)
    if problem is not None:
        await _say(
            message,
            manager,
            f"wl-text-{problem.value}",
            min=minimum,
            max=maximum,
            length=len(message.text or ""),
        )
        return None
    value = (message.text or "").strip()
    _draft(manager)[key] = value
    return value


async def on_addresses(message: Message, _widget: MessageInput, manager: DialogManager) -> None:
    if await _text_step(message, manager, "addresses", rules.ADDRESSES_MAX) is not None:
        await _next(manager, WorkLogFlow.content)


async def on_skip_addresses(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    _draft(manager)["addresses"] = ""
    await _next(manager, WorkLogFlow.content)


async def on_content(message: Message, _widget: MessageInput, manager: DialogManager) -> None:
    if await _text_step(message, manager, "content", rules.CONTENT_MAX, rules.CONTENT_MIN) is not None:
        await _next(manager, WorkLogFlow.photos)


async def on_not_text(message: Message, _widget: MessageInput, manager: DialogManager) -> None:
    await _say(message, manager, "wl-need-text")
