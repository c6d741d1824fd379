"""What the /checkin windows share: the widget ids, the request's database, time and zone, the cadre's week, days and
times as shown, a reply in place of the dialog.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from aiogram.types import Message
from aiogram_dialog import DialogManager, ShowMode

from dialogs.widgets import actor_of
from domain.roles import Action
from locales import tr
from services import attendance
from services.attendance import day_label
from services.calendar import load_work_calendar

PLAN_ID = "plan_days"

FROM_ID = "move_from"

TO_ID = "move_to"

MUTE_ID = "mute_days"


def _ctx(manager: DialogManager) -> tuple[Any, datetime, ZoneInfo]:
    data = manager.middleware_data
    return data["db"], data["clock"](), ZoneInfo(data["settings"].timezone)


def _local_time(moment: datetime, tz: ZoneInfo) -> str:
    return moment.astimezone(tz).strftime("%H:%M")


def _days(locale: str, days: list[date]) -> str:
    return tr(locale, "list-separator").join(day_label(locale, d) for d in days)


async def _status(manager: DialogManager) -> attendance.WeekStatus | None:
    db, now, tz = _ctx(manager)
    actor = actor_of(manager)
    if not actor.can(Action.CHECKIN):
        return None
    cal = await load_work_calendar(db)
    return await attendance.week_status(db, actor.onboarded_id, now, tz, cal)


async def _tell(manager: DialogManager, message: Message | None, text: str, **kwargs: Any) -> None:
    """Say the outcome below, then show the screen again under it (the record is committed by now)."""
    if message is not None:
        await message.answer(text, **kwargs)
    manager.show_mode = ShowMode.SEND
