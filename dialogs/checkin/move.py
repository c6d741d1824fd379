"""A request to move a planned day: the day, the day it moves to, the reason."""

from __future__ import annotations

from datetime import date
from typing import Any

from aiogram.types import CallbackQuery, Message
from aiogram_dialog import DialogManager, ShowMode
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button

from dialogs.checkin.common import _ctx, _status, _tell
from dialogs.states import Checkin
from dialogs.widgets import actor_of, answer_callback
from domain.quiet import parse_hhmm
from locales import tr
from services import attendance
from services.attendance import MoveOutcome, day_label
from services.calendar import load_work_calendar


async def from_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    locale = actor_of(dialog_manager).locale
    status = await _status(dialog_manager)
    planned = status.planned if status else []
    return {"planned": [(d.isoformat(), day_label(locale, d)) for d in planned], "has_planned": bool(planned)}


async def on_from(callback: CallbackQuery, _widget: Any, manager: DialogManager, item_id: str) -> None:
    status = await _status(manager)
    if status is None or item_id not in {
        d.isoformat() for d in status.planned
    }:  # forged or no longer planned
        await answer_callback(callback, tr(actor_of(manager).locale, "move-result-not-planned"))
        return
    manager.dialog_data["from"] = item_id
    await manager.switch_to(Checkin.move_to)


def _targets(status: attendance.WeekStatus, from_day: date, cal: Any) -> list[date]:
    return [d for d in attendance.move_targets(cal, status.today, from_day) if d not in status.planned]


async def to_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    locale = actor_of(dialog_manager).locale
    status = await _status(dialog_manager)
    from_day = date.fromisoformat(dialog_manager.dialog_data["from"])
    cal = await load_work_calendar(dialog_manager.middleware_data["db"])
    targets = _targets(status, from_day, cal) if status else []
    return {
        "from_day": day_label(locale, from_day),
        "targets": [(d.isoformat(), day_label(locale, d)) for d in targets],
        "has_targets": bool(targets),
    }


async def on_to(callback: CallbackQuery, _widget: Any, manager: DialogManager, item_id: str) -> None:
    try:
        date.fromisoformat(item_id)
    except ValueError:
        await answer_callback(callback, tr(actor_of(manager).locale, "move-result-bad-target"))
        return
    manager.dialog_data["to"] = item_id
    await manager.switch_to(Checkin.move_reason)


async def reason_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    return {"max": attendance.REASON_MAX}


async def _submit_move(manager: DialogManager, message: Message | None, reason: str) -> None:
    db, now, tz = _ctx(manager)
    actor = actor_of(manager)
    settings = manager.middleware_data["settings"]
    from_day = date.fromisoformat(manager.dialog_data["from"])
    to_day = date.fromisoformat(manager.dialog_data["to"])
    cal = await load_work_calendar(db)
    outcome = await attendance.request_move(
        db,
        actor.onboarded_id,
        from_day,
        to_day,
        reason,
        now,
        tz,
        cal,
        default_locale=settings.default_locale,
        quiet=(parse_hhmm(settings.quiet_start), parse_hhmm(settings.quiet_end)),
    )
    locale = actor.locale
    text = tr(
        locale,
        f"move-result-{outcome.value}",
        from_day=day_label(locale, from_day),
        to_day=day_label(locale, to_day),
    )
    await _tell(manager, message, text)
    if outcome is MoveOutcome.BAD_TARGET:
        await manager.switch_to(Checkin.move_to)
    else:
        await manager.switch_to(Checkin.main)


async def on_reason(message: Message, _widget: MessageInput, manager: DialogManager) -> None:
    locale = actor_of(manager).locale
    if message.text is None or message.text.startswith("/"):
        manager.show_mode = ShowMode.NO_UPDATE
        await message.answer(tr(locale, "move-reason-text-only"))
        return
    reason = message.text.strip()
    if len(reason) > attendance.REASON_MAX:
        manager.show_mode = ShowMode.NO_UPDATE
        await message.answer(
            tr(locale, "move-reason-too-long", length=len(reason), max=attendance.REASON_MAX)
        )
        return
    await _submit_move(manager, message, reason)


async def on_skip_reason(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    await _submit_move(manager, callback.message, "")  # type: ignore[arg-type]
