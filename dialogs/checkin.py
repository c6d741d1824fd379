"""/checkin: a paired or seconded cadre's community day (check in, optionally with location; check out), next week's
plan, a request to move a planned day, and muting reminders. Handlers collect input and call one service each."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from aiogram.enums import ContentType
from aiogram.types import CallbackQuery, Message
from aiogram_dialog import Dialog, DialogManager, ShowMode, Window
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button, Cancel, Group, Multiselect, RequestLocation, SwitchTo
from aiogram_dialog.widgets.markup.reply_keyboard import ReplyKeyboardFactory
from aiogram_dialog.widgets.text import Format
from markupsafe import escape

from dialogs.guard import StaleGuard
from dialogs.states import Checkin
from dialogs.widgets import (
    L,
    actor_of,
    answer_callback,
    answer_removing_reply_keyboard,
    choice_list,
    hint_input,
)
from domain.attendance import required_days, valid_point
from domain.quiet import parse_hhmm
from domain.roles import Action
from locales import Html, tr
from services import attendance
from services.attendance import CheckinOutcome, CheckoutOutcome, MoveOutcome, PlanOutcome, day_label
from services.calendar import load_work_calendar
from services.reminders import mute, muted_until, unmute

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


# --- main ---


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
    lines = [tr(locale, "checkin-title", community=escape(status.posting.community))]
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


async def _tell(manager: DialogManager, message: Message | None, text: str, **kwargs: Any) -> None:
    """Say the outcome below, then show the screen again under it (the record is committed by now)."""
    if message is not None:
        await message.answer(text, **kwargs)
    manager.show_mode = ShowMode.SEND


def _checkin_text(locale: str, result: attendance.CheckinResult, community: str, tz: ZoneInfo) -> str:
    if result.outcome is CheckinOutcome.NOT_POSTED:
        return tr(locale, "checkin-result-not-posted")
    record = result.record
    assert record is not None
    when = _local_time(record.checkin_at, tz)
    text = tr(
        locale,
        f"checkin-result-{result.outcome.value}",
        community=escape(community),
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


# --- location ---


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


# --- plan ---


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


# --- move a planned day ---


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


# --- mute ---


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


def make_dialog() -> Dialog:
    back = SwitchTo(L("btn-back"), id="to_main", state=Checkin.main)
    return Dialog(
        Window(
            Format("{body}"),
            SwitchTo(L("checkin-btn-location"), id="loc", state=Checkin.location, when="can_in"),
            Button(L("checkin-btn-now"), id="now", on_click=on_checkin_now, when="can_in"),
            Button(L("checkin-btn-out"), id="out", on_click=on_checkout, when="can_out"),
            Button(L("checkin-btn-plan"), id="plan", on_click=on_open_plan, when="bound"),
            SwitchTo(L("checkin-btn-move"), id="move", state=Checkin.move_from, when="bound"),
            SwitchTo(L("checkin-btn-mute"), id="mute", state=Checkin.mute),
            Cancel(L("btn-back")),
            hint_input(),
            StaleGuard(),
            getter=main_getter,
            state=Checkin.main,
        ),
        Window(
            L("checkin-send-location"),
            RequestLocation(L("checkin-location-button")),
            Button(L("btn-back"), id="loc_back", on_click=on_location_back),
            MessageInput(on_location, content_types=[ContentType.LOCATION]),
            MessageInput(on_not_location),
            StaleGuard(),
            markup_factory=ReplyKeyboardFactory(resize_keyboard=True, one_time_keyboard=True),
            state=Checkin.location,
        ),
        Window(
            L("plan-title", when="has_days"),
            L("plan-no-working", when=lambda d, *_: not d["has_days"]),
            Group(
                Multiselect(
                    Format("✅ {item[1]}"),
                    Format("▫️ {item[1]}"),
                    id=PLAN_ID,
                    item_id_getter=lambda item: item[0],
                    items="days",
                ),
                width=2,
            ),
            Button(L("plan-save"), id="save", on_click=on_save_plan, when="has_days"),
            back,
            hint_input(),
            StaleGuard(),
            getter=plan_getter,
            state=Checkin.plan,
        ),
        Window(
            L("move-choose-from", when="has_planned"),
            L("move-none-planned", when=lambda d, *_: not d["has_planned"]),
            choice_list(FROM_ID, "planned", on_from, width=2),
            back,
            hint_input(),
            StaleGuard(),
            getter=from_getter,
            state=Checkin.move_from,
        ),
        Window(
            L("move-choose-to", when="has_targets"),
            L("move-no-targets", when=lambda d, *_: not d["has_targets"]),
            choice_list(TO_ID, "targets", on_to, width=2),
            SwitchTo(L("btn-back"), id="to_from", state=Checkin.move_from),
            hint_input(),
            StaleGuard(),
            getter=to_getter,
            state=Checkin.move_to,
        ),
        Window(
            L("move-reason-prompt"),
            Button(L("move-skip-reason"), id="skip", on_click=on_skip_reason),
            SwitchTo(L("btn-back"), id="to_to", state=Checkin.move_to),
            MessageInput(on_reason),
            StaleGuard(),
            getter=reason_getter,
            state=Checkin.move_reason,
        ),
        Window(
            L("mute-title"),
            Format("{status}"),
            choice_list(MUTE_ID, "options", on_mute, width=3),
            Button(L("unmute-button"), id="unmute", on_click=on_unmute, when="muted"),
            back,
            hint_input(),
            StaleGuard(),
            getter=mute_getter,
            state=Checkin.mute,
        ),
    )
