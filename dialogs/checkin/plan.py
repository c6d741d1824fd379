"""Next week's plan of community days."""

from __future__ import annotations

from datetime import date
from typing import Any

from aiogram.types import CallbackQuery
from aiogram_dialog import DialogManager
from aiogram_dialog.widgets.kbd import Button

from dialogs.checkin.common import PLAN_ID, _ctx, _days, _status, _tell
from dialogs.states import Checkin
from dialogs.widgets import actor_of, answer_callback
from domain.attendance import required_days
from locales import tr
from services import attendance
from services.attendance import PlanOutcome, day_label
from services.calendar import load_work_calendar


async def plan_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    locale = actor_of(dialog_manager).locale
    status = await _status(dialog_manager)
    days = status.next_week if status else []
    return {
        "days": [(d.isoformat(), day_label(locale, d)) for d in days],
        "working": len(days),
        "required": required_days(len(days)),
        "has_days": bool(days),
    }


async def on_open_plan(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    status = await _status(manager)
    if status is None or not status.posting.weekly_rule:
        await answer_callback(callback, tr(actor_of(manager).locale, "plan-not-bound"))
        return
    widget = manager.find(PLAN_ID)
    await widget.reset_checked()  # type: ignore[union-attr]
    for day in status.planned:
        if day in status.next_week:
            await widget.set_checked(day.isoformat(), True)  # type: ignore[union-attr]
    await manager.switch_to(Checkin.plan)


async def on_save_plan(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    db, now, tz = _ctx(manager)
    actor = actor_of(manager)
    locale = actor.locale
    try:
        days = sorted(date.fromisoformat(d) for d in manager.find(PLAN_ID).get_checked())  # type: ignore[union-attr]
    except ValueError:
        days = [date.min]
    cal = await load_work_calendar(db)
    outcome = await attendance.save_plan(db, actor.onboarded_id, days, now, tz, cal)
    if outcome is not PlanOutcome.SAVED:
        await answer_callback(callback, tr(locale, f"plan-{outcome.value}"))
        return
    if not days:
        text = tr(locale, "plan-cleared")
    else:
        text = tr(locale, "plan-saved", days=_days(locale, days))
        need = required_days(len(cal.working_days_of_week(days[0])))
        if len(days) < need:
            text += "\n" + tr(locale, "plan-saved-fewer", count=len(days), required=need)
    await _tell(manager, callback.message, text)  # type: ignore[arg-type]
    await manager.switch_to(Checkin.main)
