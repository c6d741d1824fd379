"""Meeting filing 会议报备: department staff file a meeting that needs community cadres (subject, date and time,
length, place or online, communities and how many people from each, why it cannot be a prompt sheet); 党政办
decides with the buttons of its notification (approve / decline with a reason / merge with a proposed meeting);
secretaries name who attends an approved meeting.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from aiogram import Router
from aiogram.types import CallbackQuery, Message
from aiogram_dialog import Dialog, DialogManager, ShowMode, StartMode, Window
from aiogram_dialog.widgets.kbd import Button, Cancel, Group, Multiselect, Row, SwitchTo
from aiogram_dialog.widgets.text import Format
from markupsafe import escape

from dialogs.buttons import MeetingButton, stale
from dialogs.guard import StaleGuard, restart_at_menu
from dialogs.problem_widgets import buttons, tell
from dialogs.sheet_widgets import checked_ids, config_of, list_window, parse_day, submit, text_window
from dialogs.states import MeetingAttend, MeetingDecide, MeetingFlow
from dialogs.widgets import (
    L,
    actor_of,
    answer_callback,
    edit_notice,
    hint_input,
    item_int,
    now_of,
    pair_select,
    start_data,
    typed_int,
)
from domain import sheets as rules
from domain.sheets import MeetingVerb
from locales import tr
from services import meetings as service
from services.meetings import MeetingDraft, MeetingError
from services.sheets import communities_for

COMMUNITIES_ID = "meeting_communities"
MINUTES_ID = "meeting_minutes"
PEOPLE_ID = "meeting_people"
MINE_ID = "meeting_mine"
ATTEND_ID = "meeting_attend"
ATTEND_COMMUNITY_ID = "meeting_attend_community"
_TIME = re.compile(r"^(.+?)\s+(\d{1,2})[:：](\d{2})$")


def parse_when(text: str, manager: DialogManager) -> datetime | None:
    """ "2026-12-03 14:30" or "12-03 14:30", local time."""
    config = config_of(manager)
    match = _TIME.match(text.strip())
    if match is None:
        return None
    day = parse_day(match.group(1), config.today(now_of(manager)))
    hour, minute = int(match.group(2)), int(match.group(3))
    if day is None or hour > 23 or minute > 59:
        return None
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=ZoneInfo(config.timezone))


async def _next(manager: DialogManager, state: Any, message: bool = True) -> None:
    if message:
        manager.show_mode = ShowMode.DELETE_AND_SEND
    await manager.switch_to(state)


def text_field(key: str, limit: int, refusal: str, next_state: Any) -> Any:
    """A handler that keeps typed text of at most `limit` characters under `key` and goes on to `next_state`."""

    async def handler(message: Message, _w: Any, manager: DialogManager) -> None:
        value = rules.clean_text(message.text, limit)
        if value is None:
            await tell(manager, message, refusal, max=limit)
            return
        manager.dialog_data[key] = value
        await _next(manager, next_state)

    return handler


def number_input(setter: Any) -> tuple[Any, Any]:
    """(button handler, typed-text handler) that both give the number to `setter`."""

    async def on_pick(callback: CallbackQuery, _w: Any, manager: DialogManager, item_id: str) -> None:
        await setter(callback, manager, item_id)

    async def on_text(message: Message, _w: Any, manager: DialogManager) -> None:
        await setter(message, manager, message.text or "")

    return on_pick, on_text


on_subject = text_field("subject", rules.SUBJECT_MAX, "meeting-subject-bad", MeetingFlow.when)


async def on_when(message: Message, _w: Any, manager: DialogManager) -> None:
    when = parse_when(message.text or "", manager)
    if when is None:
        await tell(manager, message, "meeting-when-format")
        return
    if when <= now_of(manager):
        await tell(manager, message, "meeting-when-past")
        return
    manager.dialog_data["when"] = when.isoformat()
    await _next(manager, MeetingFlow.minutes)


async def minutes_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    locale = actor_of(dialog_manager).locale
    return {
        "options": [(str(m), tr(locale, "meeting-minutes-option", minutes=m)) for m in rules.MEETING_MINUTES]
    }


async def _set_minutes(event: Message | CallbackQuery, manager: DialogManager, raw: str) -> None:
    minutes = typed_int(raw)
    if minutes is None or not 0 < minutes <= rules.MAX_MEETING_MINUTES:
        await tell(manager, event, "meeting-minutes-bad", max=rules.MAX_MEETING_MINUTES)
        return
    manager.dialog_data["minutes"] = minutes
    await _next(manager, MeetingFlow.place, isinstance(event, Message))


on_place = text_field("place", rules.PLACE_MAX, "meeting-place-bad", MeetingFlow.communities)


on_minutes_pick, on_minutes_text = number_input(_set_minutes)


async def on_online(callback: CallbackQuery, _b: Any, manager: DialogManager) -> None:
    manager.dialog_data["place"] = None
    await manager.switch_to(MeetingFlow.communities)


async def communities_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    items = await communities_for(dialog_manager.middleware_data["db"], actor_of(dialog_manager).onboarded_id)
    return {"communities": [(str(i), name) for i, name in items]}


async def on_communities_next(callback: CallbackQuery, _b: Any, manager: DialogManager) -> None:
    chosen = checked_ids(manager, COMMUNITIES_ID)
    if not chosen:
        await tell(manager, callback, "meeting-no-communities")
        return
    manager.dialog_data["order"] = chosen
    manager.dialog_data["people"] = {}
    await manager.switch_to(MeetingFlow.people)


def _pending_community(manager: DialogManager) -> int | None:
    people = manager.dialog_data.get("people", {})
    return next((c for c in manager.dialog_data.get("order", []) if str(c) not in people), None)


async def people_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    current = _pending_community(dialog_manager)
    names = dict(
        await communities_for(dialog_manager.middleware_data["db"], actor_of(dialog_manager).onboarded_id)
    )
    return {
        "community": escape(names.get(current or 0, "")),
        "max": rules.MAX_PEOPLE_PER_COMMUNITY,
        "options": [(str(n), str(n)) for n in range(1, 6)],
    }


async def _set_people(event: Message | CallbackQuery, manager: DialogManager, raw: str) -> None:
    people = typed_int(raw)
    if people is None or not 0 < people <= rules.MAX_PEOPLE_PER_COMMUNITY:
        await tell(manager, event, "meeting-people-bad", max=rules.MAX_PEOPLE_PER_COMMUNITY)
        return
    current = _pending_community(manager)
    if current is None:
        await manager.switch_to(MeetingFlow.why)
        return
    manager.dialog_data["people"][str(current)] = people
    if isinstance(event, Message):
        manager.show_mode = ShowMode.DELETE_AND_SEND
    if _pending_community(manager) is None:
        await manager.switch_to(MeetingFlow.why)


on_why = text_field("why", rules.NOTE_MAX, "meeting-why-bad", MeetingFlow.summary)


on_people_pick, on_people_text = number_input(_set_people)


def _draft(manager: DialogManager) -> MeetingDraft:
    data = manager.dialog_data
    return MeetingDraft(
        subject=data.get("subject", ""),
        starts_at=datetime.fromisoformat(data["when"])
        if data.get("when")
        else datetime.min.replace(tzinfo=ZoneInfo("UTC")),
        minutes=int(data.get("minutes", 0)),
        place=data.get("place"),
        people={int(c): int(n) for c, n in data.get("people", {}).items()},
        why_not_sheet=data.get("why", ""),
    )


async def summary_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    locale = actor_of(dialog_manager).locale
    draft = _draft(dialog_manager)
    names = dict(
        await communities_for(dialog_manager.middleware_data["db"], actor_of(dialog_manager).onboarded_id)
    )
    view = service.MeetingView(
        id=0,
        subject=draft.subject,
        starts_at=draft.starts_at,
        day=draft.starts_at.date(),
        minutes=draft.minutes,
        place=draft.place,
        status="draft",
        version=0,
        filer_id=0,
        filer=actor_of(dialog_manager).name,
        department=actor_of(dialog_manager).department or "",
        why_not_sheet=draft.why_not_sheet,
        people={names.get(c, "?"): n for c, n in draft.people.items()},
        community_ids=draft.people,
    )
    return {"summary": service.meeting_card(locale, view, config_of(dialog_manager).timezone)}


async def on_submit(callback: CallbackQuery, _b: Any, manager: DialogManager) -> None:
    actor = actor_of(manager)
    filed = await submit(callback, manager, service.file_meeting, _draft(manager))
    if filed is None:
        return
    text = tr(actor.locale, "meeting-filed", id=filed.id)
    if filed.candidates:
        text += "\n\n" + tr(actor.locale, "meeting-merge-proposed-filer") + "\n"
        text += service.candidate_lines(actor.locale, filed.candidates, config_of(manager).timezone)
    await callback.message.answer(text)  # type: ignore[union-attr]
    manager.dialog_data.clear()
    await manager.find(COMMUNITIES_ID).reset_checked()  # type: ignore[union-attr]
    manager.show_mode = ShowMode.SEND
    await manager.switch_to(MeetingFlow.home)


async def on_new(callback: CallbackQuery, _b: Any, manager: DialogManager) -> None:
    manager.dialog_data.clear()
    await manager.find(COMMUNITIES_ID).reset_checked()  # type: ignore[union-attr]
    await manager.switch_to(MeetingFlow.subject)


async def mine_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    locale = actor_of(dialog_manager).locale
    views = await service.my_meetings(
        dialog_manager.middleware_data["db"], actor_of(dialog_manager).onboarded_id
    )
    items = [
        (
            str(v.id),
            tr(
                locale,
                "meeting-mine-item",
                id=v.id,
                subject=v.subject[:20],
                day=v.day.strftime("%m-%d"),
                status=tr(locale, f"meeting-status-{v.status}"),
            ),
        )
        for v in views
    ]
    return {"items": items, "empty": not items}


async def detail_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    actor = actor_of(dialog_manager)
    view = await service.meeting_view(
        dialog_manager.middleware_data["db"], int(dialog_manager.dialog_data.get("meeting_id", 0))
    )
    if view is None or view.filer_id != actor.person_id:
        return {"body": tr(actor.locale, "meeting-not-found")}
    return {"body": service.meeting_card(actor.locale, view, config_of(dialog_manager).timezone)}


def make_dialog() -> Dialog:
    cancel = SwitchTo(L("sheet-btn-cancel"), id="to_home", state=MeetingFlow.home)
    return Dialog(
        Window(
            L("meeting-home"),
            Button(L("meeting-btn-new"), id="new", on_click=on_new),
            SwitchTo(L("meeting-btn-mine"), id="mine", state=MeetingFlow.mine),
            Cancel(L("btn-back")),
            hint_input(),
            StaleGuard(),
            state=MeetingFlow.home,
        ),
        text_window(
            L("meeting-ask-subject", max=rules.SUBJECT_MAX),
            on_text=on_subject,
            back=cancel,
            state=MeetingFlow.subject,
        ),
        text_window(
            L("meeting-ask-when"),
            on_text=on_when,
            back=cancel,
            state=MeetingFlow.when,
        ),
        text_window(
            L("meeting-ask-minutes"),
            buttons(MINUTES_ID, "options", on_minutes_pick, width=3),
            on_text=on_minutes_text,
            back=cancel,
            state=MeetingFlow.minutes,
            getter=minutes_getter,
        ),
        text_window(
            L("meeting-ask-place"),
            Button(L("meeting-btn-online"), id="online", on_click=on_online),
            on_text=on_place,
            back=cancel,
            state=MeetingFlow.place,
        ),
        Window(
            L("meeting-ask-communities"),
            Group(
                Multiselect(
                    Format("✅ {item[1]}"),
                    Format("▫️ {item[1]}"),
                    id=COMMUNITIES_ID,
                    item_id_getter=lambda item: item[0],
                    items="communities",
                ),
                width=2,
            ),
            Button(L("sheet-btn-next"), id="next", on_click=on_communities_next),
            cancel,
            hint_input(),
            StaleGuard(),
            getter=communities_getter,
            state=MeetingFlow.communities,
        ),
        text_window(
            L("meeting-ask-people"),
            buttons(PEOPLE_ID, "options", on_people_pick, width=5),
            on_text=on_people_text,
            back=cancel,
            state=MeetingFlow.people,
            getter=people_getter,
        ),
        text_window(
            L("meeting-ask-why"),
            on_text=on_why,
            back=cancel,
            state=MeetingFlow.why,
        ),
        Window(
            Format("{summary}"),
            Button(L("meeting-btn-submit"), id="submit", on_click=on_submit),
            cancel,
            hint_input(),
            StaleGuard(),
            getter=summary_getter,
            state=MeetingFlow.summary,
        ),
        list_window(
            "meeting",
            MINE_ID,
            "meeting_id",
            MeetingFlow.detail,
            MeetingFlow.home,
            mine_getter,
            MeetingFlow.mine,
        ),
        Window(
            Format("{body}"),
            SwitchTo(L("btn-back"), id="detail_back", state=MeetingFlow.mine),
            hint_input(),
            StaleGuard(),
            getter=detail_getter,
            state=MeetingFlow.detail,
        ),
    )


# --- 党政办's decision and the secretaries' attendees --------------------------------------------------------------


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
    message = callback.message
    where = {
        "chat_id": message.chat.id if message else None,
        "message_id": message.message_id if message else None,
    }
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
            community=escape(choice.community),
            count=len(chosen),
        )
    else:
        text = tr(actor.locale, "meeting-attend-saved", id=view.id, count=len(chosen))
    await answer_callback(callback, text, alert=False)
    await callback.message.answer(text)  # type: ignore[union-attr]
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
        Dialog(
            Window(
                Format("{card}"),
                L("meeting-ask-attendees", when="one"),
                L("meeting-ask-attendees-for", when="several"),
                L("meeting-ask-attend-community", when="choosing"),
                Group(
                    pair_select(ATTEND_COMMUNITY_ID, "communities", on_attend_community),
                    width=1,
                    when="choosing",
                ),
                Group(
                    Multiselect(
                        Format("✅ {item[1]}"),
                        Format("▫️ {item[1]}"),
                        id=ATTEND_ID,
                        item_id_getter=lambda item: item[0],
                        items="members",
                    ),
                    width=2,
                    when="picking",
                ),
                Row(
                    Button(L("meeting-btn-attend-save"), id="save", on_click=on_attend_save),
                    when="picking",
                ),
                Cancel(L("sheet-btn-cancel")),
                hint_input(),
                StaleGuard(),
                getter=attend_getter,
                state=MeetingAttend.pick,
            )
        ),
    ]
