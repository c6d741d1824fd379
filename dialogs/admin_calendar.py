"""Administrator: next year's holiday arrangement sent as a file (the format `gridbot calendar load` reads), previewed,
then loaded by the same service as the command (`services.calendar.store_calendar`)."""

from __future__ import annotations

from datetime import date
from io import BytesIO
from typing import Any

from aiogram import Router
from aiogram.enums import ContentType
from aiogram.exceptions import TelegramAPIError
from aiogram.types import CallbackQuery, Message
from aiogram_dialog import Dialog, DialogManager, ShowMode, StartMode, Window
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button, Cancel, Row, SwitchTo
from aiogram_dialog.widgets.text import Format

from dialogs.buttons import AdminButton, stale
from dialogs.guard import StaleGuard
from dialogs.states import AdminCalendar
from dialogs.widgets import L, actor_of, answer_callback, capped_lines, hint_input, now_of
from domain.roles import Action, Actor
from domain.workcalendar import CalendarDay, CalendarError
from locales import Html, tr, tr_text
from services.calendar import MAX_FILE_BYTES, preview_calendar, store_calendar


def day_text(locale: str, day: date) -> Html:
    return tr(locale, "admin-cal-date", year=str(day.year), month=str(day.month), day=str(day.day))


def _runs(days: list[CalendarDay]) -> list[list[CalendarDay]]:
    """Consecutive days of the same kind and name, as one line each (a holiday of a week is one line)."""
    runs: list[list[CalendarDay]] = []
    for day in sorted(days, key=lambda d: d.day):
        last = runs[-1][-1] if runs else None
        if (
            last is not None
            and (day.day - last.day).days == 1
            and day.working == last.working
            and day.name == last.name
        ):
            runs[-1].append(day)
        else:
            runs.append([day])
    return runs


def preview_lines(locale: str, days: list[CalendarDay]) -> list[Html]:
    lines = []
    for working in (False, True):
        runs = [run for run in _runs(days) if run[0].working == working]
        lines.append(tr(locale, "admin-cal-workdays" if working else "admin-cal-holidays", count=len(runs)))
        for run in runs:
            if len(run) == 1:
                lines.append(tr(locale, "admin-cal-day", day=day_text(locale, run[0].day), name=run[0].name))
            else:
                lines.append(
                    tr(
                        locale,
                        "admin-cal-range",
                        first=day_text(locale, run[0].day),
                        last=day_text(locale, run[-1].day),
                        count=len(run),
                        name=run[0].name,
                    )
                )
    return lines


def error_lines(locale: str, errors: list[CalendarError]) -> Html:
    return capped_lines(
        locale,
        [
            tr(locale, "cli-calendar-rejected", count=len(errors)),
            *(tr(locale, f"calendar-error-{e.code}", line=e.line, text=e.text) for e in errors),
        ],
    )


async def preview_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    locale = actor_of(dialog_manager).locale
    parsed = preview_calendar(str(dialog_manager.dialog_data.get("text", "")).encode())
    if parsed.errors or parsed.year is None:  # not reached: the file was checked before this screen
        return {"body": error_lines(locale, parsed.errors)}
    return {
        "body": Html("\n").join(
            [tr(locale, "admin-cal-preview", year=str(parsed.year)), *preview_lines(locale, parsed.days)]
        )
    }


async def on_file(message: Message, _widget: MessageInput, manager: DialogManager) -> None:
    actor = actor_of(manager)
    locale = actor.locale
    manager.show_mode = ShowMode.DELETE_AND_SEND
    if not actor.can(Action.ROSTER):
        await message.answer(tr(locale, "no-permission", action=tr(locale, "action-roster")))
        return
    document = message.document
    if document is None or message.bot is None:
        return
    raw: bytes | None
    if document.file_size and document.file_size > MAX_FILE_BYTES:
        raw = b"\0" * (MAX_FILE_BYTES + 1)  # refused as too big without downloading it
    else:
        buffer = BytesIO()
        try:
            await message.bot.download(document, destination=buffer)
        except TelegramAPIError:
            await message.answer(tr(locale, "admin-cal-download-failed"))
            return
        raw = buffer.getvalue()
    parsed = preview_calendar(raw)
    if parsed.errors or parsed.year is None:
        await message.answer(error_lines(locale, parsed.errors))
        return
    manager.dialog_data["text"] = raw.decode("utf-8-sig")
    manager.dialog_data["name"] = (document.file_name or "calendar.txt")[:200]
    await manager.switch_to(AdminCalendar.preview)


async def on_other(message: Message, _widget: MessageInput, manager: DialogManager) -> None:
    await message.answer(tr(actor_of(manager).locale, "admin-cal-send-file"))
    manager.show_mode = ShowMode.DELETE_AND_SEND


async def on_confirm(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    actor = actor_of(manager)
    locale = actor.locale
    text = manager.dialog_data.get("text")
    if not isinstance(text, str):
        await answer_callback(callback, tr_text(locale, "outdated-screen"))
        return
    result = await store_calendar(
        manager.middleware_data["db"],
        text.encode(),
        str(manager.dialog_data.get("name") or "calendar.txt"),
        now_of(manager),
        admin_telegram_id=callback.from_user.id,
    )
    if result.errors:
        if result.errors[0].code == "not-admin":
            await answer_callback(
                callback, tr_text(locale, "no-permission", action=tr_text(locale, "action-roster"))
            )
            await manager.done()
            return
        if callback.message is not None:
            await callback.message.answer(error_lines(locale, result.errors))
        await manager.switch_to(AdminCalendar.file, show_mode=ShowMode.DELETE_AND_SEND)
        return
    if callback.message is not None:
        await callback.message.answer(
            tr(
                locale,
                "cli-calendar-loaded",
                year=str(result.year),
                holidays=result.holidays,
                workdays=result.workdays,
            )
        )
    await manager.done(show_mode=ShowMode.DELETE_AND_SEND)


def make_dialog() -> Dialog:
    return Dialog(
        Window(
            L("admin-cal-ask"),
            MessageInput(on_file, content_types=[ContentType.DOCUMENT]),
            MessageInput(on_other),
            Cancel(L("btn-back")),
            StaleGuard(),
            state=AdminCalendar.file,
        ),
        Window(
            Format("{body}"),
            Row(
                Button(L("admin-cal-confirm"), id="cal_ok", on_click=on_confirm),
                SwitchTo(L("admin-cal-again"), id="cal_again", state=AdminCalendar.file),
            ),
            Cancel(L("btn-back")),
            hint_input(),
            StaleGuard(),
            getter=preview_getter,
            state=AdminCalendar.preview,
        ),
    )


async def on_reminder_button(callback: CallbackQuery, actor: Actor, dialog_manager: DialogManager) -> None:
    """The button under the reminder that next year's calendar is missing: the holiday file step, administrators
    only (the role may have been taken away since the reminder was sent)."""
    if not actor.can(Action.ROSTER):
        label = tr_text(actor.locale, "action-roster")
        await answer_callback(callback, tr_text(actor.locale, "no-permission", action=label))
        return
    await dialog_manager.start(AdminCalendar.file, mode=StartMode.NORMAL, show_mode=ShowMode.SEND)


async def on_stale_button(callback: CallbackQuery, actor: Actor) -> None:
    await answer_callback(callback, tr_text(actor.locale, "outdated-screen"))


def make_router() -> Router:
    router = Router(name="admin-buttons")
    router.callback_query.register(on_reminder_button, AdminButton.filter())
    router.callback_query.register(on_stale_button, stale(AdminButton))
    return router
