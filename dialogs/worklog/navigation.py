"""Moving about the /log steps: back, later (the draft kept), cancel, back to the summary when correcting a field."""

from __future__ import annotations

from typing import Any

from aiogram.types import CallbackQuery
from aiogram_dialog import DialogManager, ShowMode
from aiogram_dialog.widgets.kbd import Button, Row, SwitchTo

from dialogs.states import WorkLogFlow
from dialogs.widgets import L, actor_of
from dialogs.worklog.common import EDITING, _draft, _locale, _save
from locales import tr
from services import worklog as service

# The steps in the order they are asked; ⬅️ 上一步 goes one back (the summary is reached only forward).
STEPS = (
    WorkLogFlow.date,
    WorkLogFlow.grid,
    WorkLogFlow.tasks,
    WorkLogFlow.households,
    WorkLogFlow.addresses,
    WorkLogFlow.content,
    WorkLogFlow.photos,
    WorkLogFlow.problems,
)


async def on_later(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    """⏸ 稍后再填: the draft is in the database already (every step saves it); say so, and how to come back, in a
    message that stays, and bring the menu back below it."""
    await _save(manager)
    assert callback.message is not None
    await callback.message.answer(tr(_locale(manager), "wl-kept-draft"))
    await manager.done(show_mode=ShowMode.SEND)


async def on_cancel(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    """✖️ 取消: the log being written is dropped (a returned log being corrected stays as it was returned)."""
    actor = actor_of(manager)
    await service.discard_draft(manager.middleware_data["db"], actor.onboarded_id)
    assert callback.message is not None
    returned = bool(_draft(manager).get("log_id"))
    await callback.message.answer(tr(actor.locale, "wl-cancelled-returned" if returned else "wl-cancelled"))
    await manager.done(show_mode=ShowMode.SEND)


async def on_back(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    current = manager.current_context().state
    if current not in STEPS or current == STEPS[0]:  # a stale press: stay
        return
    await _save(manager)
    await manager.switch_to(STEPS[STEPS.index(current) - 1])


def _has_back(_data: dict, _widget: Any, manager: DialogManager) -> bool:
    return not manager.dialog_data.get(EDITING) and manager.current_context().state != STEPS[0]


def _cancel_row() -> Row:
    """Every step: ⬅️ 上一步 (not on the first step, nor when changing one field from the summary, which has
    ↩️ 回到汇总 instead), ✖️ 取消 and ⏸ 稍后再填, as in /report."""
    return Row(
        Button(L("btn-prev"), id="prev", on_click=on_back, when=_has_back),
        Button(L("wl-btn-cancel"), id="cancel_log", on_click=on_cancel),
        _later_button(),
    )


def _later_button() -> Button:
    return Button(L("wl-btn-later"), id="later", on_click=on_later)


def _back_to_summary() -> SwitchTo:
    return SwitchTo(L("wl-btn-to-summary"), id="to_summary", state=WorkLogFlow.summary, when="editing")


async def editing_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    return {"editing": dialog_manager.dialog_data.get(EDITING, False)}
