"""What the /log steps share: the draft in the dialog and in the database, the person's day and zone, moving on to
the next step.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from aiogram.types import Message
from aiogram_dialog import DialogManager, ShowMode

from dialogs.states import WorkLogFlow
from dialogs.widgets import actor_of
from locales import tr
from services import worklog as service

DRAFT = "draft"

EDITING = "editing"  # came from the summary: go back there after the field


def _settings(manager: DialogManager) -> Any:
    return manager.middleware_data["settings"]


def _tz(manager: DialogManager) -> ZoneInfo:
    return ZoneInfo(_settings(manager).timezone)


def _today(manager: DialogManager) -> date:
    return manager.middleware_data["clock"]().astimezone(_tz(manager)).date()


def _locale(manager: DialogManager) -> str:
    return actor_of(manager).locale


def _draft(manager: DialogManager) -> dict[str, Any]:
    return manager.dialog_data.setdefault(DRAFT, {})


async def _save(manager: DialogManager) -> None:
    actor = actor_of(manager)
    assert actor.person_id is not None
    await service.save_draft(
        manager.middleware_data["db"], actor.person_id, _draft(manager), manager.middleware_data["clock"]()
    )


async def _next(manager: DialogManager, state: Any) -> None:
    """Go on to `state`, or back to the summary when the person came from there to change one field."""
    await _save(manager)
    if manager.dialog_data.pop(EDITING, False):
        await manager.switch_to(WorkLogFlow.summary)
    else:
        await manager.switch_to(state)


async def _say(message: Message, manager: DialogManager, msg_id: str, **args: Any) -> None:
    """A refusal or hint under the person's message; the step's screen comes back below it."""
    await message.answer(tr(_locale(manager), msg_id, **args))
    manager.show_mode = ShowMode.DELETE_AND_SEND


def _first_missing(draft: dict[str, Any]) -> Any:
    for key, state in (
        ("date", WorkLogFlow.date),
        ("grid_id", WorkLogFlow.grid),
        ("categories", WorkLogFlow.tasks),
        ("households", WorkLogFlow.households),
        ("content", WorkLogFlow.content),
    ):
        if not draft.get(key) and draft.get(key) != 0:
            return state
    if not draft.get("problems_checked"):
        return WorkLogFlow.problems
    return WorkLogFlow.summary
