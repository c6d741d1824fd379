"""The secretaries name who attends an approved meeting: the members of their community to choose from (the
community chosen first when they are secretary of several of the meeting's communities), then 保存."""

from __future__ import annotations

from typing import Any

from aiogram.types import CallbackQuery
from aiogram_dialog import Dialog, DialogManager, ShowMode
from aiogram_dialog.widgets.kbd import Button, Cancel, Group, Row
from aiogram_dialog.widgets.text import Format
from markupsafe import escape

from dialogs.problem_widgets import tell
from dialogs.sheet_widgets import checkboxes, checked_ids, config_of, guarded_window
from dialogs.states import MeetingAttend
from dialogs.widgets import L, actor_of, answer_callback, item_int, now_of, pair_select, start_data
from locales import tr
from services import meetings as service
from services.meetings import MeetingError

ATTEND_ID = "meeting_attend"
ATTEND_COMMUNITY_ID = "meeting_attend_community"


def _attend_community(manager: DialogManager) -> int | None:
    """The community whose attendees are named: the button's, or the one chosen in the dialog."""
    chosen = manager.dialog_data.get("community_id", start_data(manager).get("community_id"))
    return None if chosen is None else int(chosen)


async def attend_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    actor = actor_of(dialog_manager)
    db = dialog_manager.middleware_data["db"]
    meeting_id = int(start_data(dialog_manager)["meeting_id"])
    nothing = {"members": [], "cap": 0, "community": "", "count": 0, "communities": []}
    try:
        choice = await service.attend_choice(
            db,
            actor.onboarded_id,
            meeting_id,
            _attend_community(dialog_manager),
        )
    except MeetingError as exc:
        if exc.key != "meeting-attend-choose-community":
            return {**nothing, "card": tr(actor.locale, exc.key, **exc.args_), "picking": False, "one": False}
        view = await service.meeting_view(db, meeting_id)
        mine = await service.attend_communities(db, actor.onboarded_id, meeting_id)
        return {
            **nothing,
            "card": service.meeting_card(actor.locale, view, config_of(dialog_manager).timezone)
            if view
            else "",
            "choosing": True,
            "communities": [
                (str(c), tr(actor.locale, "meeting-attend-community-item", community=name, count=n))
                for c, name, n in mine
            ],
            "picking": False,
            "one": False,
        }
    widget = dialog_manager.find(ATTEND_ID)
    if not dialog_manager.dialog_data.get("loaded"):
        dialog_manager.dialog_data["loaded"] = True
        for person_id in choice.chosen:
            await widget.set_checked(str(person_id), True)  # type: ignore[union-attr]
    return {
        "card": service.meeting_card(actor.locale, choice.meeting, config_of(dialog_manager).timezone),
        "members": [(str(i), name) for i, name in choice.members],
        "cap": choice.cap,
        "community": escape(choice.community),
        "count": len(widget.get_checked()),  # type: ignore[union-attr]
        "communities": [],
        "choosing": False,
        "picking": True,
        # A secretary of one of the meeting's communities sees the screen as before; of several, it names which.
        "one": not choice.several,
        "several": choice.several,
    }


async def on_attend_community(callback: CallbackQuery, _w: Any, manager: DialogManager, item_id: str) -> None:
    actor = actor_of(manager)
    community_id = item_int(item_id) or 0  # 0: no community, refused below like any the secretary is not of
    try:
        await service.attend_choice(
            manager.middleware_data["db"],
            actor.onboarded_id,
            int(start_data(manager)["meeting_id"]),
            community_id,
        )
    except MeetingError as exc:
        await tell(manager, callback, exc.key, **exc.args_)
        return
    manager.dialog_data["community_id"] = community_id
    manager.dialog_data["loaded"] = False
    await manager.find(ATTEND_ID).reset_checked()  # type: ignore[union-attr]


async def on_attend_save(callback: CallbackQuery, _b: Any, manager: DialogManager) -> None:
    actor = actor_of(manager)
    chosen = checked_ids(manager, ATTEND_ID)
    community_id = _attend_community(manager)
    meeting_id = int(start_data(manager)["meeting_id"])
    try:
        # Which community, for the message: read before saving, so that once saved nothing can fail any more.
        choice = await service.attend_choice(
            manager.middleware_data["db"], actor.onboarded_id, meeting_id, community_id
        )
        view = await service.name_attendees(
            manager.middleware_data["db"],
            actor.onboarded_id,
            meeting_id,
            chosen,
            now_of(manager),
            config_of(manager),
            community_id=community_id,
        )
    except MeetingError as exc:
        await tell(manager, callback, exc.key, **exc.args_)
        return
    if choice.several:
        text = tr(
            actor.locale,
            "meeting-attend-saved-for",
            id=view.id,
            community=choice.community,
            count=len(chosen),
        )
    else:
        text = tr(actor.locale, "meeting-attend-saved", id=view.id, count=len(chosen))
    await answer_callback(callback, text, alert=False)
    await callback.message.answer(text)  # type: ignore[union-attr]
    await manager.done(show_mode=ShowMode.SEND)


def attend_dialog() -> Dialog:
    return Dialog(
        guarded_window(
            Format("{card}"),
            L("meeting-ask-attendees", when="one"),
            L("meeting-ask-attendees-for", when="several"),
            L("meeting-ask-attend-community", when="choosing"),
            Group(
                pair_select(ATTEND_COMMUNITY_ID, "communities", on_attend_community),
                width=1,
                when="choosing",
            ),
            checkboxes(ATTEND_ID, "members", when="picking"),
            Row(
                Button(L("meeting-btn-attend-save"), id="save", on_click=on_attend_save),
                when="picking",
            ),
            Cancel(L("sheet-btn-cancel")),
            getter=attend_getter,
            state=MeetingAttend.pick,
        )
    )
