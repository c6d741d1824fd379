"""The buttons of a prompt sheet's notices and the reply dialog behind them: a secretary's 已收到 (answered at once),
已完成 (result and photos), 有疑问 (a question), and the sender's answer to a question."""

from __future__ import annotations

from typing import Any

from aiogram import Router
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from aiogram_dialog import Dialog, DialogManager, ShowMode, StartMode, Window
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button, Cancel

from dialogs.buttons import SheetButton, stale
from dialogs.guard import StaleGuard, restart_at_menu
from dialogs.problem_widgets import tell
from dialogs.sheet_widgets import config_of, next_question, notice_where, text_field, text_window
from dialogs.states import SheetReply
from dialogs.widgets import L, actor_of, answer_callback, edit_notice, now_of, start_data
from domain import sheets as rules
from domain.sheets import SheetVerb
from locales import tr
from services import sheets as service
from services.sheets import SheetError


def _markup(buttons_: list[tuple[str, str]]) -> InlineKeyboardMarkup | None:
    if not buttons_:
        return None
    return InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text=t, callback_data=d)] for t, d in buttons_]
    )


def _state_text(locale: str, view: service.TargetView) -> str:
    return (
        view.card
        + "\n\n"
        + tr(
            locale,
            "sheet-status-line",
            community=view.community,
            status=tr(locale, f"sheet-status-{view.status}"),
            flag="",
        )
    )


async def on_button(
    callback: CallbackQuery, callback_data: SheetButton, dialog_manager: DialogManager
) -> None:
    actor = actor_of(dialog_manager)
    db = dialog_manager.middleware_data["db"]
    button = service.Button(callback_data.verb, callback_data.target_id, callback_data.version)
    if actor.person_id is None:
        await restart_at_menu(callback, dialog_manager)
        return
    try:
        await service.check_press(db, actor.person_id, button)
        if button.verb == SheetVerb.RECEIVE:
            view = await service.respond(
                db,
                actor.person_id,
                button,
                now_of(dialog_manager),
                config_of(dialog_manager),
                locale=actor.locale,
            )
    except SheetError as exc:
        await answer_callback(callback, tr(actor.locale, exc.key, **exc.args_))
        return
    where = notice_where(callback)
    if button.verb == SheetVerb.RECEIVE:
        await answer_callback(
            callback, tr(actor.locale, "sheet-received-done", id=view.sheet_id), alert=False
        )
        await edit_notice(
            callback.bot,
            where["chat_id"],
            where["message_id"],
            _state_text(actor.locale, view),
            _markup(service.secretary_buttons(actor.locale, view.id, view.version, view.status)),
        )
        return
    state = {
        SheetVerb.DONE: SheetReply.result,
        SheetVerb.ASK: SheetReply.question,
        SheetVerb.ANSWER: SheetReply.answer,
    }
    await dialog_manager.start(
        state[button.verb],
        data={
            "verb": button.verb.value,
            "target_id": button.target_id,
            "version": button.version,
            **where,
        },
        mode=StartMode.NORMAL,
        show_mode=ShowMode.SEND,
    )


def make_router() -> Router:
    router = Router(name="sheet-buttons")
    router.callback_query.register(on_button, SheetButton.filter())
    router.callback_query.register(restart_at_menu, stale(SheetButton))  # forged, or of an older version
    return router


async def _reply(
    event: Message | CallbackQuery, manager: DialogManager, note: str | None, photos: list[str] | None
) -> None:
    actor = actor_of(manager)
    data = start_data(manager)
    button = service.Button(SheetVerb(data["verb"]), int(data["target_id"]), int(data["version"]))
    try:
        view = await service.respond(
            manager.middleware_data["db"],
            actor.onboarded_id,
            button,
            now_of(manager),
            config_of(manager),
            note=note,
            photos=photos,
            locale=actor.locale,
        )
    except SheetError as exc:
        await tell(manager, event, exc.key, **exc.args_)
        if exc.key in ("sheet-stale", "sheet-not-found", "sheet-not-your-community", "sheet-not-sender"):
            await manager.done(show_mode=ShowMode.SEND)
        return
    text = tr(actor.locale, f"sheet-replied-{button.verb.value}", id=view.sheet_id, community=view.community)
    keep = (
        service.secretary_buttons(actor.locale, view.id, view.version, view.status)
        if button.verb != SheetVerb.ANSWER
        else []
    )
    await edit_notice(
        event.bot, data.get("chat_id"), data.get("message_id"), _state_text(actor.locale, view), _markup(keep)
    )
    if isinstance(event, CallbackQuery):
        await answer_callback(event, text, alert=False)
        await event.message.answer(text)  # type: ignore[union-attr]
    else:
        await event.answer(text)
    await manager.done(show_mode=ShowMode.SEND)


async def reply_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    return {
        "max": rules.NOTE_MAX,
        "count": len(dialog_manager.dialog_data.get("photos", [])),
        "max_photos": rules.MAX_RESULT_PHOTOS,
    }


on_result = text_field("note", rules.NOTE_MAX, "sheet-note-bad", next_question, SheetReply.photos)


async def on_result_photo(message: Message, _w: Any, manager: DialogManager) -> None:
    photos: list[str] = manager.dialog_data.setdefault("photos", [])
    if message.photo:
        if len(photos) >= rules.MAX_RESULT_PHOTOS:
            await tell(manager, message, "sheet-too-many-photos", max=rules.MAX_RESULT_PHOTOS)
            return
        photos.append(message.photo[-1].file_id)
        manager.show_mode = ShowMode.DELETE_AND_SEND
    elif message.document:
        await tell(manager, message, "sheet-no-documents")
    else:
        await tell(manager, message, "sheet-photos-hint", max=rules.MAX_RESULT_PHOTOS)


async def on_result_submit(callback: CallbackQuery, _b: Any, manager: DialogManager) -> None:
    await _reply(
        callback, manager, manager.dialog_data.get("note"), list(manager.dialog_data.get("photos", []))
    )


async def on_note(message: Message, _w: Any, manager: DialogManager) -> None:
    note = rules.clean_text(message.text, rules.NOTE_MAX)
    if note is None:
        await tell(manager, message, "sheet-note-bad", max=rules.NOTE_MAX)
        return
    await _reply(message, manager, note, None)


def make_reply_dialog() -> Dialog:
    cancel = Cancel(L("sheet-btn-cancel"))

    def ask(what: str, on_text: Any, state: Any) -> Window:
        """`sheet-ask-<what>`, answered by typing."""
        return text_window(
            L(f"sheet-ask-{what}"), on_text=on_text, back=cancel, state=state, getter=reply_getter
        )

    return Dialog(
        ask("result", on_result, SheetReply.result),
        Window(
            L("sheet-ask-result-photos"),
            L("sheet-photos-count"),
            MessageInput(on_result_photo),
            Button(L("sheet-btn-submit"), id="result_submit", on_click=on_result_submit),
            cancel,
            StaleGuard(),
            getter=reply_getter,
            state=SheetReply.photos,
        ),
        ask("question", on_note, SheetReply.question),
        ask("answer", on_note, SheetReply.answer),
    )
