"""The summary: the whole log, a button to correct each field, submitting or discarding it."""

from __future__ import annotations

from typing import Any

from aiogram.types import CallbackQuery
from aiogram_dialog import DialogManager, ShowMode
from aiogram_dialog.widgets.kbd import Button
from markupsafe import escape

from dialogs.states import WorkLogFlow
from dialogs.widgets import L, actor_of, answer_callback
from dialogs.worklog.common import EDITING, _draft, _first_missing, _locale, _settings, _tz
from dialogs.worklog.photos import _photo_count
from domain.roles import Action
from locales import tr
from services import worklog as service
from services.worklog_text import categories_text


async def summary_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    draft = _draft(dialog_manager)
    locale = _locale(dialog_manager)
    actor = actor_of(dialog_manager)
    who = await service.author(dialog_manager.middleware_data["db"], actor.onboarded_id)
    grid = who.grid(int(draft["grid_id"])) if draft.get("grid_id") else None
    return {
        "resubmit": bool(draft.get("log_id")),
        "return_reason": escape(draft.get("return_reason") or ""),
        "date": draft.get("date", "—"),
        "grid": escape(f"{grid.community} · {grid.name}") if grid else "—",
        "tasks": categories_text(locale, draft.get("categories", [])) or "—",
        "households": draft.get("households", "—"),
        "addresses": escape(draft.get("addresses") or "—"),
        "content": escape(draft.get("content") or "—"),
        "problems": " ".join(f"#{i}" for i in draft.get("problem_ids", [])) or tr(locale, "wl-none"),
        "photos": _photo_count(draft),
    }


def _edit(field: str, state: Any) -> Button:
    async def go(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
        manager.dialog_data[EDITING] = True
        await manager.switch_to(state)

    return Button(L(f"wl-edit-{field}"), id=f"edit_{field}", on_click=go)


async def on_submit(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    actor = actor_of(manager)
    settings = _settings(manager)
    draft = _draft(manager)
    missing = _first_missing(draft)
    if missing is not WorkLogFlow.summary:
        await answer_callback(callback, tr(actor.locale, "wl-incomplete"))
        await manager.switch_to(missing)
        return
    if not actor.can(Action.LOG):
        await answer_callback(
            callback, tr(actor.locale, "no-permission", action=tr(actor.locale, "action-log"))
        )
        return
    item = service.LogInput.from_draft(draft)
    result = await service.submit_log(
        manager.middleware_data["db"],
        actor.onboarded_id,
        item,
        now=manager.middleware_data["clock"](),
        tz=_tz(manager),
        backdate_days=settings.log_backdate_days,
        default_locale=settings.default_locale,
        log_id=draft.get("log_id"),
    )
    if result.refusal is not None:
        await answer_callback(
            callback,
            tr(actor.locale, f"wl-refused-{result.refusal.value}", days=settings.log_backdate_days),
        )
        return
    # Stored and committed: only now is the person told.
    msg = "wl-submitted" if result.signers else "wl-submitted-no-signer"
    await answer_callback(callback, tr(actor.locale, msg, id=result.log_id), alert=False)
    assert callback.message is not None
    await callback.message.answer(tr(actor.locale, msg, id=result.log_id))
    await manager.done(show_mode=ShowMode.SEND)


async def on_discard_from_summary(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    actor = actor_of(manager)
    await service.discard_draft(manager.middleware_data["db"], actor.onboarded_id)
    await answer_callback(callback, tr(actor.locale, "wl-discarded"), alert=False)
    await manager.done(show_mode=ShowMode.SEND)
