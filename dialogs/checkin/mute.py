"""Muting the community-day reminders for some days, and unmuting them."""

from __future__ import annotations

from typing import Any

from aiogram.types import CallbackQuery
from aiogram_dialog import DialogManager
from aiogram_dialog.widgets.kbd import Button

from dialogs.checkin.common import _ctx
from dialogs.widgets import actor_of, answer_callback
from locales import tr
from services.reminders import mute, muted_until, unmute


async def mute_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    db, now, tz = _ctx(dialog_manager)
    actor = actor_of(dialog_manager)
    locale = actor.locale
    until = await muted_until(db, actor.onboarded_id, now)
    settings = dialog_manager.middleware_data["settings"]
    options = [int(d) for d in settings.mute_days.split(",") if d.strip().isdigit()]
    status = (
        tr(locale, "mute-status-on", until=until.astimezone(tz).strftime("%m-%d %H:%M"))
        if until
        else tr(locale, "mute-status-off")
    )
    return {
        "status": status,
        "options": [(str(d), tr(locale, "mute-button", days=d)) for d in options],
        "muted": until is not None,
    }


async def on_mute(callback: CallbackQuery, _widget: Any, manager: DialogManager, item_id: str) -> None:
    db, now, tz = _ctx(manager)
    actor = actor_of(manager)
    settings = manager.middleware_data["settings"]
    allowed = {d.strip() for d in settings.mute_days.split(",")}
    if item_id not in allowed:
        await answer_callback(callback, tr(actor.locale, "mute-bad"))
        return
    until = await mute(db, actor.onboarded_id, int(item_id), now)
    await answer_callback(
        callback,
        tr(actor.locale, "mute-done", until=until.astimezone(tz).strftime("%m-%d %H:%M")),
        alert=False,
    )


async def on_unmute(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    db, _, _ = _ctx(manager)
    actor = actor_of(manager)
    await unmute(db, actor.onboarded_id)
    await answer_callback(callback, tr(actor.locale, "unmute-done"), alert=False)
