"""The secretary's signature on a grid work log: 同意 with an optional opinion, 退回 with a required reason.

The buttons arrive on notifications sent through the outbox (`services.worklog_text.sign_buttons`), so a router
catches them, checks who is pressing and whether the log still waits (a refusal changes nothing and says why), then
opens a small dialog for the opinion or reason. /pending opens the same dialog.
"""

from __future__ import annotations

from typing import Any

from aiogram import Router
from aiogram.enums import ContentType
from aiogram.exceptions import TelegramAPIError, TelegramBadRequest
from aiogram.types import CallbackQuery, FSInputFile, InputMediaPhoto, Message
from aiogram_dialog import Dialog, DialogManager, ShowMode, StartMode, Window
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button, Cancel
from aiogram_dialog.widgets.text import Format

from dialogs.buttons import WorkLogButton, stale
from dialogs.guard import StaleGuard, restart_at_menu
from dialogs.states import WorkLogFlow, WorkLogSign
from dialogs.widgets import L, actor_of, answer_callback, edit_notice, keep_buttons_of, start_data
from domain import worklog as rules
from locales import tr
from services import worklog as service
from services.worklog_text import APPROVE, EDIT, RETURN, local_time, log_card

DECISION = {APPROVE: service.Decision.APPROVE, RETURN: service.Decision.RETURN}


def refusal_text(locale: str, result: service.SignResult) -> str:
    view = result.log
    args: dict[str, Any] = {"id": view.id if view else ""}
    if view is not None:
        args |= {
            "signer": view.signer or "",
            "at": local_time(view.signed_at) if view.signed_at else "",
            "community": view.community,
        }
    return tr(locale, f"wl-sign-{result.outcome.value}", **args)


async def _refresh_notification(callback: CallbackQuery, locale: str, view: service.LogView) -> None:
    """The pressed notification shows the log's current state, without buttons that can no longer be used."""
    if callback.message is None:
        return
    try:
        await callback.message.edit_text(log_card(locale, view), reply_markup=None)  # type: ignore[union-attr]
    except TelegramAPIError:  # too old to edit, or unchanged
        pass


async def on_button(
    callback: CallbackQuery, callback_data: WorkLogButton, dialog_manager: DialogManager
) -> None:
    actor = actor_of(dialog_manager)
    db = dialog_manager.middleware_data["db"]
    button = callback_data
    if actor.person_id is None:
        await restart_at_menu(callback, dialog_manager)
        return
    if button.verb == EDIT:
        view = await service.get_log(db, button.log_id)
        if view is None or view.person_id != actor.person_id:
            await answer_callback(callback, tr(actor.locale, "wl-sign-not-found", id=button.log_id))
            return
        if view.status is not rules.Status.RETURNED or view.version != button.version:
            await answer_callback(callback, tr(actor.locale, "wl-edit-not-returned", id=view.id))
            return
        await dialog_manager.start(
            WorkLogFlow.date, data={"log_id": view.id}, mode=StartMode.NORMAL, show_mode=ShowMode.SEND
        )
        return
    if button.verb not in DECISION:  # a "view" button: not sent by this version
        await restart_at_menu(callback, dialog_manager)
        return
    checked = await service.check_sign(db, actor.person_id, button.log_id, button.version)
    if checked.outcome is not service.SignOutcome.APPROVED:
        await answer_callback(callback, refusal_text(actor.locale, checked))
        if checked.log is not None and checked.outcome is not service.SignOutcome.NOT_ALLOWED:
            await _refresh_notification(callback, actor.locale, checked.log)
        return
    message = callback.message
    if message is not None:
        keep_buttons_of(
            message.message_id
        )  # usable until the decision is stored (then _sign edits the notice)
    if dialog_manager.has_context() and dialog_manager.current_context().state.group is WorkLogSign:
        # Pressed again on the notice while its step is open: that step is replaced, not stacked on.
        await dialog_manager.done(show_mode=ShowMode.NO_UPDATE)
    await dialog_manager.start(
        WorkLogSign.opinion if button.verb == APPROVE else WorkLogSign.reason,
        data={
            "log_id": button.log_id,
            "version": button.version,
            "chat_id": message.chat.id if message else None,
            "message_id": message.message_id if message else None,
        },
        mode=StartMode.NORMAL,
        show_mode=ShowMode.SEND,
    )


async def send_photos(manager: DialogManager, view: service.LogView) -> None:
    """The log's photos as an album in this chat: by Telegram file id, or from the bot's own copy when Telegram no
    longer has the file."""
    chat_id = manager.middleware_data["event_chat"].id
    bot = manager.middleware_data["bot"]
    try:
        await bot.send_media_group(
            chat_id, [InputMediaPhoto(media=file_id) for file_id, _, _ in view.photo_files]
        )
    except TelegramBadRequest:
        local = [InputMediaPhoto(media=FSInputFile(path)) for _, _, path in view.photo_files if path]
        if local:
            await bot.send_media_group(chat_id, local)
    manager.show_mode = ShowMode.DELETE_AND_SEND  # the screen comes back below the photos


async def on_photos(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    actor = actor_of(manager)
    db = manager.middleware_data["db"]
    log_id = manager.start_data.get("log_id") if isinstance(manager.start_data, dict) else None
    log_id = manager.dialog_data.get("selected", log_id)
    view = await service.get_log(db, int(log_id)) if log_id else None
    if view is None or not await service.can_view(db, actor.onboarded_id, view):
        await answer_callback(callback, tr(actor.locale, "outdated-screen"))
        return
    await send_photos(manager, view)


def photos_button() -> Button:
    return Button(L("wl-btn-photos"), id="photos", on_click=on_photos, when="photos")


def make_router() -> Router:
    router = Router(name="worklog-buttons")
    router.callback_query.register(on_button, WorkLogButton.filter())
    router.callback_query.register(restart_at_menu, stale(WorkLogButton))  # forged, or of an older version
    return router


# --- the opinion / reason dialog --------------------------------------------------------------------------------


async def sign_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    actor = actor_of(dialog_manager)
    view = await service.get_log(
        dialog_manager.middleware_data["db"], int(start_data(dialog_manager)["log_id"])
    )
    return {
        "card": log_card(actor.locale, view) if view else "",
        "max": rules.NOTE_MAX,
        "photos": view.photos if view else 0,
    }


async def _sign(
    event: CallbackQuery | Message, manager: DialogManager, decision: service.Decision, note: str | None
) -> None:
    actor = actor_of(manager)
    data = start_data(manager)
    settings = manager.middleware_data["settings"]
    result = await service.sign(
        manager.middleware_data["db"],
        actor.onboarded_id,
        int(data["log_id"]),
        data.get("version"),
        decision,
        note,
        now=manager.middleware_data["clock"](),
        default_locale=settings.default_locale,
    )
    outcome = result.outcome
    text: str
    if outcome in (service.SignOutcome.NEED_REASON, service.SignOutcome.TOO_LONG):
        text = tr(actor.locale, f"wl-sign-{outcome.value}", max=rules.NOTE_MAX)
        if isinstance(event, Message):
            await event.answer(text)
            manager.show_mode = ShowMode.DELETE_AND_SEND
        else:
            await answer_callback(event, text)
        return
    if outcome in (service.SignOutcome.APPROVED, service.SignOutcome.RETURNED):
        text = tr(actor.locale, f"wl-signed-{outcome.value}", id=data["log_id"])
        view = result.log
        if view is not None and data.get("message_id"):
            # The notification the secretary pressed: show the result, drop the buttons.
            await edit_notice(
                manager.event.bot,
                data["chat_id"],
                data["message_id"],
                log_card(actor.locale, view),
            )
    else:
        text = refusal_text(actor.locale, result)
    if isinstance(event, CallbackQuery):
        await answer_callback(event, text, alert=False)
        if event.message is not None:
            await event.message.answer(text)
    else:
        await event.answer(text)
    await manager.done({"signed": outcome.value}, show_mode=ShowMode.SEND)


async def on_approve_plain(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    await _sign(callback, manager, service.Decision.APPROVE, None)


async def on_opinion(message: Message, _widget: MessageInput, manager: DialogManager) -> None:
    await _sign(message, manager, service.Decision.APPROVE, message.text)


async def on_reason(message: Message, _widget: MessageInput, manager: DialogManager) -> None:
    await _sign(message, manager, service.Decision.RETURN, message.text)


async def on_not_text(message: Message, _widget: MessageInput, manager: DialogManager) -> None:
    await message.answer(tr(actor_of(manager).locale, "wl-need-text"))
    manager.show_mode = ShowMode.DELETE_AND_SEND


def make_dialog() -> Dialog:
    return Dialog(
        Window(
            Format("{card}"),
            L("wl-opinion-prompt"),
            photos_button(),
            Button(L("wl-btn-approve-plain"), id="approve", on_click=on_approve_plain),
            Cancel(L("wl-btn-cancel")),
            MessageInput(on_opinion, content_types=[ContentType.TEXT]),
            MessageInput(on_not_text),
            StaleGuard(),
            getter=sign_getter,
            state=WorkLogSign.opinion,
        ),
        Window(
            Format("{card}"),
            L("wl-reason-prompt"),
            photos_button(),
            Cancel(L("wl-btn-cancel")),
            MessageInput(on_reason, content_types=[ContentType.TEXT]),
            MessageInput(on_not_text),
            StaleGuard(),
            getter=sign_getter,
            state=WorkLogSign.reason,
        ),
    )
