"""The problems a log found: none, a /report started from the log, or a line of text."""

from __future__ import annotations

from typing import Any

from aiogram.types import CallbackQuery, Message
from aiogram_dialog import DialogManager
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button

from dialogs.states import ReportProblem, WorkLogFlow
from dialogs.widgets import actor_of, answer_callback
from dialogs.worklog.common import _draft, _next, _save, _say
from domain.roles import Action
from locales import tr


async def problems_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    reported = _draft(dialog_manager).get("problem_ids", [])
    return {"reported": " ".join(f"#{i}" for i in reported), "none_yet": not reported}


async def on_no_problems(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    _draft(manager)["problems_checked"] = True
    await _next(manager, WorkLogFlow.summary)


async def on_report_problem(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    actor = actor_of(manager)
    if not actor.can(Action.REPORT):
        await answer_callback(
            callback, tr(actor.locale, "no-permission", action=tr(actor.locale, "action-report"))
        )
        return
    draft = _draft(manager)
    await _save(manager)
    await manager.start(ReportProblem.kind, data={"grid_id": draft.get("grid_id"), "date": draft.get("date")})


async def on_report_done(start_data: Any, result: Any, manager: DialogManager) -> None:
    """Back from the problem flow: a reported problem is kept on the draft; a cancelled one changes nothing."""
    if isinstance(result, dict) and isinstance(result.get("problem_id"), int):
        reported = _draft(manager).setdefault("problem_ids", [])
        if result["problem_id"] not in reported:
            reported.append(result["problem_id"])
        await _save(manager)


async def on_problems_text(message: Message, _widget: MessageInput, manager: DialogManager) -> None:
    await _say(message, manager, "wl-problems-use-button")
