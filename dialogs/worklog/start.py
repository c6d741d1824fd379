"""Starting /log: a new log, a draft to resume or discard, or a returned log to correct."""

from __future__ import annotations

from typing import Any

from aiogram.types import CallbackQuery
from aiogram_dialog import DialogManager, ShowMode, StartMode
from aiogram_dialog.widgets.kbd import Button, ManagedMultiselect

from dialogs.states import WorkLogFlow
from dialogs.widgets import actor_of, answer_callback
from dialogs.worklog.common import DRAFT, _draft, _first_missing, _save, _today
from domain import worklog as rules
from locales import tr
from services import worklog as service


async def on_start(start_data: Any, manager: DialogManager) -> None:
    actor = actor_of(manager)
    assert actor.person_id is not None
    db = manager.middleware_data["db"]
    log_id = start_data.get("log_id") if isinstance(start_data, dict) else None
    view = await service.get_log(db, int(log_id)) if log_id else None
    if view is not None and view.person_id == actor.person_id and view.status is rules.Status.RETURNED:
        # Editing a returned log (the button checked this too; checked again at resubmission).
        manager.dialog_data[DRAFT] = {
            "log_id": view.id,
            "date": view.work_date.isoformat(),
            "grid_id": view.grid_id,
            "categories": view.categories,
            "households": view.households,
            "addresses": view.addresses or "",
            "content": view.content,
            "problem_ids": [problem_id for problem_id, _ in view.problems],
            "problems_checked": True,
            "photos": [{"file_id": f, "file_unique_id": u, "local_path": p} for f, u, p in view.photo_files],
            "return_reason": view.return_reason or "",  # shown on the summary while the author edits
        }
        await _save(manager)
        await _check_tasks(manager)
        await manager.switch_to(WorkLogFlow.summary)
        return
    draft = await service.load_draft(db, actor.person_id)
    if draft:
        manager.dialog_data[DRAFT] = draft
        await _check_tasks(manager)
        await manager.switch_to(WorkLogFlow.resume)
        return
    manager.dialog_data[DRAFT] = {"date": _today(manager).isoformat(), "photos": []}


async def _check_tasks(manager: DialogManager) -> None:
    """Show the draft's tasks as ticked when the person comes to the tasks step."""
    widget: ManagedMultiselect = manager.find("tasks")  # type: ignore[assignment]
    for value in _draft(manager).get("categories", []):
        await widget.set_checked(value, True)


async def on_resume(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    await manager.switch_to(_first_missing(_draft(manager)))


async def on_discard(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    actor = actor_of(manager)
    assert actor.person_id is not None
    await service.discard_draft(manager.middleware_data["db"], actor.person_id)
    await answer_callback(callback, tr(actor.locale, "wl-discarded"), alert=False)
    manager.dialog_data[DRAFT] = {"date": _today(manager).isoformat(), "photos": []}
    await manager.switch_to(WorkLogFlow.date)


async def start_log(manager: DialogManager, log_id: int | None = None) -> None:
    """Open the log flow on top of whatever is open (the menu), to come back to it when done."""
    await manager.start(
        WorkLogFlow.date,
        data={"log_id": log_id} if log_id else {},
        mode=StartMode.NORMAL,
        show_mode=ShowMode.SEND,
    )
