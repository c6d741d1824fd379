"""党政办's decision on a filed meeting, from the buttons of its notice: approve and merge at once, decline after a
reason typed in a dialog of its own; an attendees button opens the attendees dialog (`dialogs.meetings.attendees`)."""

from __future__ import annotations

from typing import Any

from aiogram import Router
from aiogram.types import CallbackQuery, Message
from aiogram_dialog import Dialog, DialogManager, ShowMode, StartMode
from aiogram_dialog.widgets.kbd import Cancel
from aiogram_dialog.widgets.text import Format

from dialogs.buttons import MeetingButton, stale
from dialogs.guard import restart_at_menu
from dialogs.meetings.attendees import attend_dialog
from dialogs.problem_widgets import tell
from dialogs.sheet_widgets import config_of, notice_where, text_window
from dialogs.states import MeetingAttend, MeetingDecide
from dialogs.widgets import L, actor_of, answer_callback, edit_notice, now_of, start_data
from domain import sheets as rules
from domain.sheets import MeetingVerb
from locales import tr
from services import meetings as service
from services.meetings import MeetingError


async def on_button(
    callback: CallbackQuery, callback_data: MeetingButton, dialog_manager: DialogManager
) -> None:
    actor = actor_of(dialog_manager)
    db = dialog_manager.middleware_data["db"]
    config = config_of(dialog_manager)
    verb, ref = callback_data.verb, callback_data.ref
    button = service.Button(
        verb,
        callback_data.meeting_id,
        callback_data.version,
        other_id=ref if verb == MeetingVerb.MERGE else None,
        community_id=ref if verb == MeetingVerb.ATTEND else None,
    )
    if actor.person_id is None:
        await restart_at_menu(callback, dialog_manager)
        return
    where = notice_where(callback)
    try:
        if button.verb == MeetingVerb.ATTEND:
            # The button of each community's announcement names the community; a made-up one is refused here.
            # An older button without it, pressed by a secretary of several of the meeting's communities, opens
            # the dialog at a choice of their communities.
            try:
                await service.attend_choice(db, actor.person_id, button.meeting_id, button.community_id)
            except MeetingError as exc:
                if exc.key != "meeting-attend-choose-community":
                    raise
            await dialog_manager.start(
                MeetingAttend.pick,
                data={"meeting_id": button.meeting_id, "community_id": button.community_id, **where},
                mode=StartMode.NORMAL,
                show_mode=ShowMode.SEND,
            )
            return
        if button.verb == MeetingVerb.DECLINE:
            await service.check_decision(db, actor.person_id, button)
            await dialog_manager.start(
                MeetingDecide.reason,
                data={"meeting_id": button.meeting_id, "version": button.version, **where},
                mode=StartMode.NORMAL,
                show_mode=ShowMode.SEND,
            )
            return
        kept = await service.decide(
            db, actor.person_id, button, dialog_manager.middleware_data["clock"](), config
        )
    except MeetingError as exc:
        await answer_callback(callback, tr(actor.locale, exc.key, **exc.args_))
        return
    text = tr(actor.locale, f"meeting-decided-{button.verb.value}", id=button.meeting_id, other=kept.id)
    await answer_callback(callback, text, alert=False)
    await edit_notice(
        callback.bot,
        where["chat_id"],
        where["message_id"],
        text + "\n\n" + service.meeting_card(actor.locale, kept, config.timezone),
    )


def make_router() -> Router:
    router = Router(name="meeting-buttons")
    router.callback_query.register(on_button, MeetingButton.filter())
    router.callback_query.register(restart_at_menu, stale(MeetingButton))  # forged, or of an older version
    return router


async def reason_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    view = await service.meeting_view(
        dialog_manager.middleware_data["db"], int(start_data(dialog_manager).get("meeting_id", 0))
    )
    locale = actor_of(dialog_manager).locale
    card = service.meeting_card(locale, view, config_of(dialog_manager).timezone) if view else ""
    return {"card": card, "max": rules.NOTE_MAX}


async def on_reason(message: Message, _w: Any, manager: DialogManager) -> None:
    actor = actor_of(manager)
    data = start_data(manager)
    config = config_of(manager)
    button = service.Button(MeetingVerb.DECLINE, int(data["meeting_id"]), int(data["version"]))
    try:
        view = await service.decide(
            manager.middleware_data["db"],
            actor.onboarded_id,
            button,
            now_of(manager),
            config,
            reason=message.text,
        )
    except MeetingError as exc:
        await tell(manager, message, exc.key, **exc.args_)
        if exc.key != "meeting-reason-bad":
            await manager.done(show_mode=ShowMode.SEND)
        return
    text = tr(actor.locale, "meeting-decided-no", id=view.id, other=view.id)
    await edit_notice(
        message.bot,
        data.get("chat_id"),
        data.get("message_id"),
        text + "\n\n" + service.meeting_card(actor.locale, view, config.timezone),
    )
    await message.answer(text)
    await manager.done(show_mode=ShowMode.SEND)


def make_decision_dialogs() -> list[Dialog]:
    return [
        Dialog(
            text_window(
                Format("{card}"),
                L("meeting-ask-reason"),
                on_text=on_reason,
                back=Cancel(L("sheet-btn-cancel")),
                state=MeetingDecide.reason,
                getter=reason_getter,
            )
        ),
        attend_dialog(),
    ]
