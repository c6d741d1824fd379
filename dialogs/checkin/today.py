"""The /checkin main window: the cadre's day and week, checking in (with or without a location) and out."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from aiogram.types import CallbackQuery, Message
from aiogram_dialog import DialogManager, ShowMode
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button

from dialogs.checkin.common import _ctx, _days, _local_time, _status, _tell
from dialogs.states import Checkin
from dialogs.widgets import actor_of, answer_callback, answer_removing_reply_keyboard
from domain.attendance import valid_point
from domain.roles import Action
from locales import Html, tr
from services import attendance
from services.attendance import CheckinOutcome, CheckoutOutcome, day_label
from services.calendar import load_work_calendar


def _where(locale: str, record: attendance.DayRecord) -> str:
    if not record.located:
        return tr(locale, "checkin-where-none")
    if record.distance_m is None:
        return tr(locale, "checkin-where-unchecked")
    key = "checkin-where-outside" if record.outside else "checkin-where-inside"
    return tr(locale, key, distance=record.distance_m)


async def main_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    actor = actor_of(dialog_manager)
    locale = actor.locale
    status = await _status(dialog_manager)
    if status is None:
        key = "checkin-result-not-posted" if actor.can(Action.CHECKIN) else "no-permission"
        return {
            "body": tr(locale, key, action=tr(locale, "action-checkin")),
            "can_in": False,
            "can_out": False,
            "bound": False,
        }
    tz = _ctx(dialog_manager)[2]
    lines = [tr(locale, "checkin-title", community=status.posting.community)]
    record = status.record
    if record is None:
        lines.append(tr(locale, "checkin-today-none", today=day_label(locale, status.today)))
    elif record.checkout_at is None:
        lines.append(
            tr(
                locale,
                "checkin-today-in",
                time=_local_time(record.checkin_at, tz),
                where=_where(locale, record),
            )
        )
    else:
        lines.append(
            tr(
                locale,
                "checkin-today-out",
                time=_local_time(record.checkin_at, tz),
                out=_local_time(record.checkout_at, tz),
                where=_where(locale, record),
            )
        )
    if not status.today_working:
        lines.append(tr(locale, "checkin-non-working"))
    if status.posting.weekly_rule:
        lines.append(
            tr(
                locale,
                "checkin-week",
                done=status.done,
                required=status.required,
                working=len(status.this_week),
            )
        )
        if status.done >= status.required:
            lines.append(tr(locale, "checkin-week-met"))
        if status.planned:
            lines.append(tr(locale, "checkin-planned", days=_days(locale, status.planned)))
        else:
            lines.append(tr(locale, "checkin-planned-none"))
        if status.pending:
            items = tr(locale, "list-separator").join(
                f"{day_label(locale, a)} → {day_label(locale, b)}" for _, a, b in status.pending
            )
            lines.append(tr(locale, "checkin-pending", items=items))
    else:
        lines.append(tr(locale, "checkin-seconded"))
    return {
        "body": Html("\n").join(lines),
        "can_in": record is None,
        "can_out": record is not None and record.checkout_at is None,
        "bound": status.posting.weekly_rule,
    }


def _checkin_text(locale: str, result: attendance.CheckinResult, community: str, tz: ZoneInfo) -> str:
    if result.outcome is CheckinOutcome.NOT_POSTED:
        return tr(locale, "checkin-result-not-posted")
    record = result.record
    assert record is not None
    when = _local_time(record.checkin_at, tz)
    text = tr(
        locale,
        f"checkin-result-{result.outcome.value}",
        community=community,
        time=when,
        distance=record.distance_m,
        radius=result.radius_m,
    )
    if result.outcome is not CheckinOutcome.ALREADY and not result.working_day:
        text += "\n" + tr(locale, "checkin-non-working")
    return text


async def _check_in(manager: DialogManager, location: tuple[float, float] | None) -> str:
    db, now, tz = _ctx(manager)
    actor = actor_of(manager)
    cal = await load_work_calendar(db)
    result = await attendance.check_in(db, actor.onboarded_id, now, tz, cal, location)
    async with db.session() as session:
        posting = await attendance.posting_of(session, actor.onboarded_id)
    return _checkin_text(actor.locale, result, posting.community if posting else "", tz)


async def on_checkin_now(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    if not actor_of(manager).can(Action.CHECKIN):
        await answer_callback(callback, tr(actor_of(manager).locale, "outdated-screen"))
        return
    await _tell(manager, callback.message, await _check_in(manager, None))  # type: ignore[arg-type]


async def on_checkout(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    db, now, tz = _ctx(manager)
    actor = actor_of(manager)
    outcome = await attendance.check_out(db, actor.onboarded_id, now, tz)
    key = {
        CheckoutOutcome.DONE: "checkout-done",
        CheckoutOutcome.NOT_IN: "checkout-not-in",
        CheckoutOutcome.ALREADY: "checkout-already",
    }[outcome]
    await _tell(manager, callback.message, tr(actor.locale, key, time=_local_time(now, tz)))  # type: ignore[arg-type]


async def on_location(message: Message, _widget: MessageInput, manager: DialogManager) -> None:
    locale = actor_of(manager).locale
    location = message.location
    if message.forward_origin is not None or location is None:  # someone else's location is no check-in
        manager.show_mode = ShowMode.NO_UPDATE
        await message.answer(tr(locale, "checkin-need-location"))
        return
    if not valid_point(location.latitude, location.longitude):
        manager.show_mode = ShowMode.NO_UPDATE
        await message.answer(tr(locale, "checkin-bad-location"))
        return
    text = await _check_in(manager, (location.latitude, location.longitude))
    await answer_removing_reply_keyboard(manager, message.chat.id, text)
    await manager.switch_to(Checkin.main, show_mode=ShowMode.SEND)


async def on_not_location(message: Message, _widget: MessageInput, manager: DialogManager) -> None:
    manager.show_mode = ShowMode.NO_UPDATE
    await message.answer(tr(actor_of(manager).locale, "checkin-need-location"))


async def on_location_back(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    chat_id = callback.message.chat.id if callback.message is not None else callback.from_user.id
    await answer_removing_reply_keyboard(
        manager, chat_id, tr(actor_of(manager).locale, "checkin-location-cancelled")
    )
    await manager.switch_to(Checkin.main, show_mode=ShowMode.SEND)
