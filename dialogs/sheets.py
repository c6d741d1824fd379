"""Work prompt sheets 工作提示单: department staff write one (title, what is needed within the length limit, which
communities, due date, contact, one photo or a location), see each community's state; secretaries answer with the
buttons of the notification (已收到 / 已完成 / 有疑问) and the sender answers questions.

The half-written sheet is saved at every step (services.sheets.save_draft), so it outlives a restart, /menu or
/cancel, until it is sent or discarded.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from aiogram import Router
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from aiogram_dialog import Dialog, DialogManager, ShowMode, StartMode, Window
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button, Cancel, Group, Multiselect, Row, SwitchTo
from aiogram_dialog.widgets.text import Format
from markupsafe import escape

from dialogs.buttons import SheetButton, stale
from dialogs.guard import StaleGuard, restart_at_menu
from dialogs.problem_widgets import buttons, tell
from dialogs.sheet_widgets import checked_ids, config_of, echo, list_window, parse_day, submit, text_window
from dialogs.states import PromptSheetFlow, SheetReply
from dialogs.widgets import (
    L,
    actor_of,
    answer_callback,
    edit_notice,
    hint_input,
    now_of,
    send_album,
    start_data,
)
from domain import sheets as rules
from domain.sheets import SheetVerb
from locales import Html, tr
from services import sheets as service
from services.calendar import cached_work_calendar
from services.sheets import SheetDraft, SheetError

COMMUNITIES_ID = "sheet_communities"
DUE_ID = "sheet_due"
MINE_ID = "sheet_mine"


async def _go(manager: DialogManager, state: Any) -> None:
    """Save the draft as it is now, then show `state`."""
    await service.save_draft(
        manager.middleware_data["db"],
        actor_of(manager).onboarded_id,
        manager.dialog_data,
        now_of(manager),
    )
    await manager.switch_to(state)


async def on_start(_start_data: Any, manager: DialogManager) -> None:
    """A draft saved earlier (before a restart, a /menu or a /cancel) is picked up again."""
    draft = await service.load_draft(manager.middleware_data["db"], actor_of(manager).onboarded_id)
    if draft:
        manager.dialog_data.update(draft)
        for community_id in draft.get("communities", []):
            await manager.find(COMMUNITIES_ID).set_checked(str(community_id), True)  # type: ignore[union-attr]


async def _after_input(manager: DialogManager, next_state: Any) -> None:
    """Go on to the next question, or back to the summary when a field was being edited."""
    manager.show_mode = ShowMode.DELETE_AND_SEND
    if manager.dialog_data.get("editing"):
        await _go(manager, PromptSheetFlow.summary)
    else:
        await _go(manager, next_state)


# --- title and body ------------------------------------------------------------------------------------------------


async def on_title(message: Message, _w: Any, manager: DialogManager) -> None:
    title = rules.clean_text(message.text, rules.TITLE_MAX)
    if title is None:
        await tell(manager, message, "sheet-title-bad", max=rules.TITLE_MAX)
        return
    manager.dialog_data["title"] = title
    await _after_input(manager, PromptSheetFlow.body)


async def body_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    limit = config_of(dialog_manager).text_limit
    body = dialog_manager.dialog_data.get("body") or ""
    return {"limit": limit, "counter": rules.counter(body, limit), "has_body": bool(body)}


async def on_body(message: Message, _w: Any, manager: DialogManager) -> None:
    config = config_of(manager)
    text = (message.text or "").strip()
    try:
        service.check_body(text, config)
    except SheetError as exc:
        if exc.key == "sheet-body-too-long":
            manager.dialog_data["body_over"] = (
                text  # kept: sent back below so it can be shortened, not retyped
            )
            await message.answer(tr(actor_of(manager).locale, exc.key, **exc.args_))
            # The text goes after the heading, not through Fluent (which refuses a value over 2,500 characters).
            kept = tr(actor_of(manager).locale, "sheet-body-kept")
            await message.answer(f"{kept}\n\n{escape(echo(text))}")
            manager.show_mode = ShowMode.DELETE_AND_SEND
            return
        await tell(manager, message, exc.key, **exc.args_)
        return
    manager.dialog_data["body"] = text
    manager.dialog_data.pop("body_over", None)
    await message.answer(
        tr(actor_of(manager).locale, "sheet-body-ok", counter=rules.counter(text, config.text_limit))
    )
    await _after_input(manager, PromptSheetFlow.communities)


# --- communities ---------------------------------------------------------------------------------------------------


async def communities_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    db = dialog_manager.middleware_data["db"]
    items = await service.communities_for(db, actor_of(dialog_manager).onboarded_id)
    chosen = dialog_manager.find(COMMUNITIES_ID).get_checked()  # type: ignore[union-attr]
    return {"communities": [(str(i), name) for i, name in items], "count": len(chosen)}


async def on_all(callback: CallbackQuery, _b: Any, manager: DialogManager) -> None:
    db = manager.middleware_data["db"]
    widget = manager.find(COMMUNITIES_ID)
    items = await service.communities_for(db, actor_of(manager).onboarded_id)
    every = len(widget.get_checked()) == len(items)  # type: ignore[union-attr]
    for community_id, _name in items:
        await widget.set_checked(str(community_id), not every)  # type: ignore[union-attr]


async def on_communities_next(callback: CallbackQuery, _b: Any, manager: DialogManager) -> None:
    chosen = checked_ids(manager, COMMUNITIES_ID)
    if not chosen:
        await tell(manager, callback, "sheet-no-communities")
        return
    manager.dialog_data["communities"] = chosen
    if manager.dialog_data.get("editing"):
        await _go(manager, PromptSheetFlow.summary)
    else:
        await _go(manager, PromptSheetFlow.due)


# --- due date ------------------------------------------------------------------------------------------------------


async def due_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    config = config_of(dialog_manager)
    cal = await cached_work_calendar(dialog_manager.middleware_data["db"])
    today = config.today(now_of(dialog_manager))
    urgent = bool(dialog_manager.dialog_data.get("urgent"))
    first = rules.first_due(today, cal, urgent=urgent, lead=config.lead_days)
    days = [first] + [cal.add_working_days(first, i) for i in range(1, 6)]
    return {
        "earliest": first.isoformat(),
        "lead": config.lead_days,
        "urgent": urgent,
        "not_urgent": not urgent,
        "days": [(d.isoformat(), d.strftime("%m-%d")) for d in days],
    }


async def _set_due(event: Message | CallbackQuery, manager: DialogManager, due: date) -> None:
    config = config_of(manager)
    cal = await cached_work_calendar(manager.middleware_data["db"])
    today = config.today(now_of(manager))
    try:
        service.check_due(due, today, cal, urgent=bool(manager.dialog_data.get("urgent")), config=config)
    except SheetError as exc:
        await tell(manager, event, exc.key, **exc.args_)
        return
    manager.dialog_data["due"] = due.isoformat()
    if isinstance(event, Message):
        manager.show_mode = ShowMode.DELETE_AND_SEND
    if manager.dialog_data.get("editing"):
        await _go(manager, PromptSheetFlow.summary)
    else:
        await _go(manager, PromptSheetFlow.contact)


async def on_due_text(message: Message, _w: Any, manager: DialogManager) -> None:
    day = parse_day(message.text or "", config_of(manager).today(now_of(manager)))
    if day is None:
        await tell(manager, message, "sheet-due-format")
        return
    await _set_due(message, manager, day)


async def on_due_pick(callback: CallbackQuery, _w: Any, manager: DialogManager, item_id: str) -> None:
    try:
        day = date.fromisoformat(item_id)
    except ValueError:
        await tell(manager, callback, "sheet-due-format")
        return
    await _set_due(callback, manager, day)


async def on_urgent_reason(message: Message, _w: Any, manager: DialogManager) -> None:
    reason = rules.clean_text(message.text, rules.URGENT_REASON_MAX)
    if reason is None:
        await tell(manager, message, "sheet-urgent-reason-needed", max=rules.URGENT_REASON_MAX)
        return
    manager.dialog_data["urgent"] = True
    manager.dialog_data["urgent_reason"] = reason
    manager.show_mode = ShowMode.DELETE_AND_SEND
    await _go(manager, PromptSheetFlow.due)


async def on_not_urgent(callback: CallbackQuery, _b: Any, manager: DialogManager) -> None:
    manager.dialog_data["urgent"] = False
    manager.dialog_data.pop("urgent_reason", None)
    await _go(manager, PromptSheetFlow.due)


# --- contact and attachment ----------------------------------------------------------------------------------------


async def on_contact(message: Message, _w: Any, manager: DialogManager) -> None:
    contact = rules.clean_text(message.text, rules.CONTACT_MAX)
    if contact is None:
        await tell(manager, message, "sheet-contact-bad", max=rules.CONTACT_MAX)
        return
    manager.dialog_data["contact"] = contact
    await _after_input(manager, PromptSheetFlow.attach)


async def on_contact_me(callback: CallbackQuery, _b: Any, manager: DialogManager) -> None:
    manager.dialog_data["contact"] = actor_of(manager).name[: rules.CONTACT_MAX]
    await _go(
        manager, PromptSheetFlow.summary if manager.dialog_data.get("editing") else PromptSheetFlow.attach
    )


async def on_attachment(message: Message, _w: Any, manager: DialogManager) -> None:
    data = manager.dialog_data
    if message.document or message.video or message.animation or message.audio or message.voice:
        await tell(manager, message, "sheet-no-documents")
        return
    if message.photo:
        data["photo"] = message.photo[-1].file_id
        data.pop("lat", None), data.pop("lon", None)
    elif message.location:
        data["lat"], data["lon"] = message.location.latitude, message.location.longitude
        data.pop("photo", None)
    else:
        await tell(manager, message, "sheet-attach-hint")
        return
    manager.show_mode = ShowMode.DELETE_AND_SEND
    await _go(manager, PromptSheetFlow.summary)


async def on_attach_skip(callback: CallbackQuery, _b: Any, manager: DialogManager) -> None:
    for key in ("photo", "lat", "lon"):
        manager.dialog_data.pop(key, None)
    await _go(manager, PromptSheetFlow.summary)


# --- summary -------------------------------------------------------------------------------------------------------


def _draft(manager: DialogManager) -> SheetDraft:
    data = manager.dialog_data
    return SheetDraft(
        title=data.get("title", ""),
        body=data.get("body", ""),
        community_ids=list(data.get("communities", [])),
        due=date.fromisoformat(data["due"]) if data.get("due") else date.min,
        contact=data.get("contact", ""),
        urgent=bool(data.get("urgent")),
        urgent_reason=data.get("urgent_reason"),
        photo=data.get("photo"),
        latitude=data.get("lat"),
        longitude=data.get("lon"),
    )


async def summary_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    dialog_manager.dialog_data["editing"] = True
    locale = actor_of(dialog_manager).locale
    draft = _draft(dialog_manager)
    names = dict(
        await service.communities_for(
            dialog_manager.middleware_data["db"], actor_of(dialog_manager).onboarded_id
        )
    )
    limit = config_of(dialog_manager).text_limit
    lines = [
        tr(locale, "sheet-summary-title", title=escape(draft.title)),
        tr(locale, "sheet-summary-body", body=escape(draft.body), counter=rules.counter(draft.body, limit)),
        tr(
            locale,
            "sheet-summary-communities",
            communities=escape(
                tr(locale, "list-separator").join(names.get(c, "?") for c in draft.community_ids)
            ),
            count=len(draft.community_ids),
        ),
        tr(locale, "sheet-summary-due", due=draft.due.isoformat() if draft.due != date.min else "-"),
    ]
    if draft.urgent:
        lines.append(tr(locale, "sheet-card-urgent", reason=escape(draft.urgent_reason or "")))
    lines.append(tr(locale, "sheet-card-contact", contact=escape(draft.contact)))
    if draft.photo:
        lines.append(tr(locale, "sheet-card-photo"))
    elif draft.latitude is not None:
        lines.append(
            tr(locale, "sheet-card-location", lat=f"{draft.latitude:.5f}", lon=f"{draft.longitude:.5f}")
        )
    else:
        lines.append(tr(locale, "sheet-summary-no-attachment"))
    return {"summary": Html("\n").join(lines)}


async def on_submit(callback: CallbackQuery, _b: Any, manager: DialogManager) -> None:
    actor = actor_of(manager)
    sheet_id = await submit(callback, manager, service.create_sheet, _draft(manager))
    if sheet_id is None:
        return
    # Committed: now the sender is told, and the draft is gone with the dialog's data.
    await callback.message.answer(tr(actor.locale, "sheet-sent", id=sheet_id))  # type: ignore[union-attr]
    manager.dialog_data.clear()
    manager.dialog_data["sheet_id"] = sheet_id
    manager.show_mode = ShowMode.SEND
    await manager.switch_to(PromptSheetFlow.status)


async def on_new(callback: CallbackQuery, _b: Any, manager: DialogManager) -> None:
    data = manager.dialog_data
    if data.get("title") and not data.get("sheet_id"):  # a draft is waiting: go on where it stopped
        steps = (
            ("body", PromptSheetFlow.body),
            ("communities", PromptSheetFlow.communities),
            ("due", PromptSheetFlow.due),
            ("contact", PromptSheetFlow.contact),
        )
        await manager.switch_to(
            next((state for key, state in steps if not data.get(key)), PromptSheetFlow.summary)
        )
        return
    manager.dialog_data.clear()
    await manager.find(COMMUNITIES_ID).reset_checked()  # type: ignore[union-attr]
    await manager.switch_to(PromptSheetFlow.title)


async def on_discard(callback: CallbackQuery, _b: Any, manager: DialogManager) -> None:
    await service.discard_draft(manager.middleware_data["db"], actor_of(manager).onboarded_id)
    manager.dialog_data.clear()
    await manager.find(COMMUNITIES_ID).reset_checked()  # type: ignore[union-attr]
    await answer_callback(callback, tr(actor_of(manager).locale, "sheet-discarded"), alert=False)
    await manager.switch_to(PromptSheetFlow.home)


async def home_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    data = dialog_manager.dialog_data
    return {"draft": bool(data.get("title")) and not data.get("sheet_id")}


# --- the sender's view ---------------------------------------------------------------------------------------------


async def mine_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    locale = actor_of(dialog_manager).locale
    lines = await service.my_sheets(
        dialog_manager.middleware_data["db"], actor_of(dialog_manager).onboarded_id
    )
    items = [
        (
            str(s.id),
            tr(
                locale,
                "sheet-mine-item",
                id=s.id,
                title=s.title[:20],
                done=s.done,
                total=s.total,
                questions=s.questions,
                due=s.due_date.strftime("%m-%d"),
            ),
        )
        for s in lines
    ]
    return {"items": items, "empty": not items}


async def status_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    actor = actor_of(dialog_manager)
    locale = actor.locale
    try:
        status = await service.sheet_status(
            dialog_manager.middleware_data["db"],
            actor.onboarded_id,
            int(dialog_manager.dialog_data.get("sheet_id", 0)),
            now_of(dialog_manager),
            config_of(dialog_manager),
            locale,
        )
    except SheetError as exc:
        return {"body": tr(locale, exc.key), "photos": False}
    lines = [status.card, "", tr(locale, "sheet-status-head")]
    for c in status.communities:
        line = tr(
            locale,
            "sheet-status-line",
            community=escape(c.community),
            status=tr(locale, f"sheet-status-{c.status}"),
            flag="⚠️" if c.overdue else "",
        )
        if c.result:
            line += "\n   " + tr(locale, "sheet-line-result", result=escape(c.result), photos=c.photos)
        if c.question:
            line += "\n   " + tr(locale, "sheet-line-question", question=escape(c.question))
        if c.answer:
            line += "\n   " + tr(locale, "sheet-line-answer", answer=escape(c.answer))
        lines.append(line)
    return {"body": Html("\n").join(lines), "photos": any(c.photo_ids for c in status.communities)}


async def on_result_photos(callback: CallbackQuery, _b: Any, manager: DialogManager) -> None:
    """The communities' result photos, in this chat, below which the screen comes back."""
    actor = actor_of(manager)
    try:
        status = await service.sheet_status(
            manager.middleware_data["db"],
            actor.onboarded_id,
            int(manager.dialog_data.get("sheet_id", 0)),
            now_of(manager),
            config_of(manager),
            actor.locale,
        )
    except SheetError as exc:
        await tell(manager, callback, exc.key)
        return
    for community in status.communities:  # one album per community, its name under it
        if community.photo_ids:
            await send_album(
                callback.bot,  # type: ignore[arg-type]
                callback.message.chat.id,  # type: ignore[union-attr]
                list(community.photo_ids),
                escape(community.community),
            )
    manager.show_mode = ShowMode.DELETE_AND_SEND


def make_dialog() -> Dialog:
    cancel_new = SwitchTo(L("sheet-btn-cancel"), id="to_home", state=PromptSheetFlow.home)
    return Dialog(
        Window(
            L("sheet-home"),
            L("sheet-home-draft", when="draft"),
            Button(L("sheet-btn-new"), id="new", on_click=on_new),
            SwitchTo(L("sheet-btn-mine"), id="mine", state=PromptSheetFlow.mine),
            Cancel(L("btn-back")),
            hint_input(),
            StaleGuard(),
            getter=home_getter,
            state=PromptSheetFlow.home,
        ),
        text_window(
            L("sheet-ask-title", max=rules.TITLE_MAX),
            on_text=on_title,
            back=cancel_new,
            state=PromptSheetFlow.title,
        ),
        text_window(
            L("sheet-ask-body"),
            L("sheet-body-current", when="has_body"),
            on_text=on_body,
            back=cancel_new,
            state=PromptSheetFlow.body,
            getter=body_getter,
        ),
        Window(
            L("sheet-ask-communities"),
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
            Row(
                Button(L("sheet-btn-all"), id="all", on_click=on_all),
                Button(L("sheet-btn-next"), id="next", on_click=on_communities_next),
            ),
            cancel_new,
            hint_input(),
            StaleGuard(),
            getter=communities_getter,
            state=PromptSheetFlow.communities,
        ),
        text_window(
            L("sheet-ask-due"),
            L("sheet-due-urgent-on", when="urgent"),
            buttons(DUE_ID, "days", on_due_pick, width=3),
            SwitchTo(
                L("sheet-btn-urgent"), id="urgent", state=PromptSheetFlow.urgent_reason, when="not_urgent"
            ),
            Button(L("sheet-btn-not-urgent"), id="not_urgent", on_click=on_not_urgent, when="urgent"),
            on_text=on_due_text,
            back=cancel_new,
            state=PromptSheetFlow.due,
            getter=due_getter,
        ),
        text_window(
            L("sheet-ask-urgent-reason", max=rules.URGENT_REASON_MAX),
            on_text=on_urgent_reason,
            back=SwitchTo(L("btn-back"), id="urgent_back", state=PromptSheetFlow.due),
            state=PromptSheetFlow.urgent_reason,
        ),
        text_window(
            L("sheet-ask-contact"),
            Button(L("sheet-btn-contact-me"), id="me", on_click=on_contact_me),
            on_text=on_contact,
            back=cancel_new,
            state=PromptSheetFlow.contact,
        ),
        Window(
            L("sheet-ask-attach"),
            Button(L("sheet-btn-skip"), id="skip", on_click=on_attach_skip),
            MessageInput(on_attachment),
            cancel_new,
            StaleGuard(),
            state=PromptSheetFlow.attach,
        ),
        Window(
            Format("{summary}"),
            L("sheet-summary-hint"),
            Row(
                SwitchTo(L("sheet-edit-title"), id="e_title", state=PromptSheetFlow.title),
                SwitchTo(L("sheet-edit-body"), id="e_body", state=PromptSheetFlow.body),
                SwitchTo(L("sheet-edit-communities"), id="e_comm", state=PromptSheetFlow.communities),
            ),
            Row(
                SwitchTo(L("sheet-edit-due"), id="e_due", state=PromptSheetFlow.due),
                SwitchTo(L("sheet-edit-contact"), id="e_contact", state=PromptSheetFlow.contact),
                SwitchTo(L("sheet-edit-attach"), id="e_attach", state=PromptSheetFlow.attach),
            ),
            Button(L("sheet-btn-submit"), id="submit", on_click=on_submit),
            Button(L("sheet-btn-discard"), id="discard", on_click=on_discard),
            hint_input(),
            StaleGuard(),
            getter=summary_getter,
            state=PromptSheetFlow.summary,
        ),
        list_window(
            "sheet",
            MINE_ID,
            "sheet_id",
            PromptSheetFlow.status,
            PromptSheetFlow.home,
            mine_getter,
            PromptSheetFlow.mine,
        ),
        Window(
            Format("{body}"),
            SwitchTo(L("sheet-btn-refresh"), id="refresh", state=PromptSheetFlow.status),
            Button(L("sheet-btn-photos"), id="result_photos", on_click=on_result_photos, when="photos"),
            SwitchTo(L("sheet-btn-mine"), id="status_mine", state=PromptSheetFlow.mine),
            Cancel(L("btn-back")),
            hint_input(),
            StaleGuard(),
            getter=status_getter,
            state=PromptSheetFlow.status,
        ),
        on_start=on_start,
    )


# --- notification buttons and the reply dialog --------------------------------------------------------------------


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
            community=escape(view.community),
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
    message = callback.message
    chat_id = message.chat.id if message else None
    message_id = message.message_id if message else None
    if button.verb == SheetVerb.RECEIVE:
        await answer_callback(
            callback, tr(actor.locale, "sheet-received-done", id=view.sheet_id), alert=False
        )
        await edit_notice(
            callback.bot,
            chat_id,
            message_id,
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
            "chat_id": chat_id,
            "message_id": message_id,
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
    text = tr(
        actor.locale, f"sheet-replied-{button.verb.value}", id=view.sheet_id, community=escape(view.community)
    )
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


async def on_result(message: Message, _w: Any, manager: DialogManager) -> None:
    note = rules.clean_text(message.text, rules.NOTE_MAX)
    if note is None:
        await tell(manager, message, "sheet-note-bad", max=rules.NOTE_MAX)
        return
    manager.dialog_data["note"] = note
    manager.show_mode = ShowMode.DELETE_AND_SEND
    await manager.switch_to(SheetReply.photos)


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
    return Dialog(
        text_window(
            L("sheet-ask-result"),
            on_text=on_result,
            back=cancel,
            state=SheetReply.result,
            getter=reply_getter,
        ),
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
        text_window(
            L("sheet-ask-question"),
            on_text=on_note,
            back=cancel,
            state=SheetReply.question,
            getter=reply_getter,
        ),
        text_window(
            L("sheet-ask-answer"),
            on_text=on_note,
            back=cancel,
            state=SheetReply.answer,
            getter=reply_getter,
        ),
    )
