"""The log's date: a calendar of the days it may be dated, today, or a typed date."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from aiogram.types import CallbackQuery, Message
from aiogram_dialog import DialogManager
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button
from aiogram_dialog.widgets.kbd.calendar_kbd import CalendarDaysView, CalendarScope, CalendarUserConfig

from dialogs.clock_calendar import ClockCalendar, local_days_view, local_views
from dialogs.states import WorkLogFlow
from dialogs.widgets import actor_of, answer_callback
from dialogs.worklog.common import _draft, _locale, _next, _say, _settings, _today
from domain import worklog as rules
from locales import tr
from services import worklog as service


class CompactDaysView(CalendarDaysView):
    """Only the weeks that hold a day one can pick: a 7-day window needs two rows, not six of blanks."""

    async def render(self, config: Any, offset: date, data: dict, manager: DialogManager) -> list[list[Any]]:
        rows = await super().render(config, offset, data, manager)
        return [row for row in rows if row and any(button.text.strip() for button in row)]


class WorkDateCalendar(ClockCalendar):
    """Today and the configured number of days back; nothing else can be pressed."""

    def _init_views(self) -> dict[CalendarScope, Any]:
        views = local_views(self._item_callback_data)
        views[CalendarScope.DAYS] = local_days_view(self._item_callback_data, CompactDaysView)
        return views

    async def _get_user_config(self, data: dict, manager: DialogManager) -> CalendarUserConfig:
        today = _today(manager)
        back = _settings(manager).log_backdate_days
        from datetime import timedelta

        return self.config_with_clock(
            manager, min_date=today - timedelta(days=back), max_date=today, firstweekday=0
        )


async def _set_date(manager: DialogManager, day: date, reply: Any) -> bool:
    """Check and keep the date; `reply(msg_id, **args)` explains a refusal. True when accepted."""
    db = manager.middleware_data["db"]
    draft = _draft(manager)
    who = await service.author(db, actor_of(manager).onboarded_id)
    grid = who.grid(int(draft["grid_id"])) if draft.get("grid_id") else None
    # The community whose month lock applies: the chosen grid's, or the person's only community.
    communities = {grid.community_id} if grid else who.community_ids
    locked: list[date] = []
    if len(communities) == 1:
        async with db.session() as s:
            locked = await service.locked_months(s, next(iter(communities)))
    problem = rules.check_work_date(day, _today(manager), _settings(manager).log_backdate_days, locked)
    if problem is not None:
        await reply(
            f"wl-date-{problem.value}", days=_settings(manager).log_backdate_days, month=f"{day:%Y-%m}"
        )
        return False
    draft["date"] = day.isoformat()
    return True


async def on_date_clicked(callback: CallbackQuery, _widget: Any, manager: DialogManager, day: date) -> None:
    async def reply(msg_id: str, **args: Any) -> None:
        await answer_callback(callback, tr(_locale(manager), msg_id, **args))

    if await _set_date(manager, day, reply):
        await _next(manager, WorkLogFlow.grid)


async def on_today(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    await on_date_clicked(callback, None, manager, _today(manager))


async def on_date_typed(message: Message, _widget: MessageInput, manager: DialogManager) -> None:
    day = rules.parse_date(message.text or "", _today(manager))
    if day is None:
        await _say(message, manager, "wl-date-unreadable", **_date_examples(manager))
        return

    async def reply(msg_id: str, **args: Any) -> None:
        await _say(message, manager, msg_id, **args)

    if await _set_date(manager, day, reply):
        await _next(manager, WorkLogFlow.grid)


async def date_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    return {"days": _settings(dialog_manager).log_backdate_days, **_date_examples(dialog_manager)}


def _date_examples(manager: DialogManager) -> dict[str, str]:
    """Typed-date examples inside the window that may be logged: two days ago (or today, with no days back)."""
    day = _today(manager) - timedelta(days=min(2, _settings(manager).log_backdate_days))
    return {
        "example_short": f"{day.month:02d}-{day.day:02d}",
        "example_iso": day.isoformat(),
        "example_month": str(day.month),
        "example_day": str(day.day),
    }
