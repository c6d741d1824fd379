"""Emergency call-outs 应急分队 (issue 8): raising one (community, kind, place, need, brigade, confirm), the recent
list with each call-out's roll and timeline export; the buttons of the alerts and of the caller's live roll
(`co:<verb>:<id>:<version>`, checked against the database); the 无法到场 reason and the closing outcome.
"""

from __future__ import annotations

from typing import Any

from aiogram import Router
from aiogram.enums import ContentType
from aiogram.types import BufferedInputFile, CallbackQuery, Message
from aiogram_dialog import Dialog, DialogManager, ShowMode, StartMode, Window
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Back, Button, Cancel, Row, SwitchTo
from aiogram_dialog.widgets.text import Format
from markupsafe import escape

from dialogs.buttons import CalloutButton, stale
from dialogs.guard import StaleGuard, restart_at_menu
from dialogs.problem_widgets import buttons, choices, tell
from dialogs.states import CalloutAnswer, CalloutClose, CalloutFlow
from dialogs.widgets import L, actor_of, answer_callback, hint_input, item_int, now_of, start_data
from domain import callouts as rules
from domain.callouts import Answer
from locales import tr
from services import callouts as service
from services.callouts import CANNOT, END, EXPORT, GO, CalloutConfig, CalloutError, Outcome

COMMUNITIES_ID = "co_communities"
KINDS_ID = "co_kinds"
RECENT_ID = "co_recent"
BRIGADE_ID = "co_brigade"


def _config(manager: DialogManager) -> CalloutConfig:
    return CalloutConfig.from_settings(manager.middleware_data["settings"])


def _db(manager: DialogManager):
    return manager.middleware_data["db"]


def refusal(locale: str, outcome: Outcome, callout_id: int) -> str:
    return tr(locale, f"callout-refused-{outcome.value}", id=callout_id, max=rules.MAX_REASON)


# --- raising ------------------------------------------------------------------------------------------------------


async def start_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    actor = actor_of(dialog_manager)
    locale = actor.locale
    config = _config(dialog_manager)
    items = []
    for view in await service.recent(_db(dialog_manager), actor.onboarded_id):
        label = tr(
            locale,
            "callout-recent-item",
            id=view.id,
            community=view.community,
            kind=service.kind_label(locale, view.kind),
            at=config.local(view.raised_at).strftime("%m-%d %H:%M"),
            status=tr(locale, f"callout-status-{view.status}"),
        )
        items.append((str(view.id), label))
    return {"recent": items, "has_recent": bool(items)}


async def on_new(callback: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    communities = await service.communities_for(_db(manager), actor_of(manager).onboarded_id)
    if not communities:
        await tell(manager, callback, "callout-no-community")
        return
    manager.dialog_data.clear()
    if len(communities) == 1:
        manager.dialog_data["community_id"] = communities[0][0]
        manager.dialog_data["community"] = communities[0][1]
        await manager.switch_to(CalloutFlow.kind)
        return
    await manager.switch_to(CalloutFlow.community)


async def communities_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    rows = await service.communities_for(_db(dialog_manager), actor_of(dialog_manager).onboarded_id)
    return {"communities": [(str(i), name) for i, name in rows]}


async def on_community(callback: CallbackQuery, _w: Any, manager: DialogManager, item_id: str) -> None:
    allowed = dict(await service.communities_for(_db(manager), actor_of(manager).onboarded_id))
    community_id = item_int(item_id)
    if community_id is None or community_id not in allowed:
        await tell(manager, callback, "callout-no-permission")
        return
    manager.dialog_data["community_id"] = community_id
    manager.dialog_data["community"] = allowed[community_id]
    await manager.switch_to(CalloutFlow.kind)


async def kinds_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    locale = actor_of(dialog_manager).locale
    return {
        "kinds": [(k, service.kind_label(locale, k)) for k in rules.KINDS],
        "community": escape(str(dialog_manager.dialog_data.get("community", ""))),
    }


async def on_kind(callback: CallbackQuery, _w: Any, manager: DialogManager, item_id: str) -> None:
    if item_id not in rules.KINDS:
        await tell(manager, callback, "callout-bad-kind")
        return
    manager.dialog_data["kind"] = item_id
    await manager.switch_to(CalloutFlow.place)


async def on_place_location(message: Message, _w: Any, manager: DialogManager) -> None:
    location = message.location
    assert location is not None
    manager.dialog_data.update(latitude=location.latitude, longitude=location.longitude, address=None)
    await manager.switch_to(CalloutFlow.need)


async def on_place_text(message: Message, _w: Any, manager: DialogManager) -> None:
    address = rules.clean_text(message.text, rules.MAX_ADDRESS)
    if address is None:
        await tell(manager, message, "callout-place-hint", max=rules.MAX_ADDRESS)
        return
    manager.dialog_data.update(address=address, latitude=None, longitude=None)
    await manager.switch_to(CalloutFlow.need)


async def on_place_other(message: Message, _w: Any, manager: DialogManager) -> None:
    await tell(manager, message, "callout-place-hint", max=rules.MAX_ADDRESS)


async def on_need(message: Message, _w: Any, manager: DialogManager) -> None:
    need = rules.clean_text(message.text, rules.MAX_NEED)
    if need is None:
        await tell(manager, message, "callout-need-invalid", max=rules.MAX_NEED)
        return
    manager.dialog_data["need"] = need
    await manager.switch_to(CalloutFlow.brigade)


async def on_need_other(message: Message, _w: Any, manager: DialogManager) -> None:
    await tell(manager, message, "callout-need-invalid", max=rules.MAX_NEED)


async def brigade_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    locale = actor_of(dialog_manager).locale
    return {
        "choices": [("1", tr(locale, "callout-btn-brigade-yes")), ("0", tr(locale, "callout-btn-brigade-no"))]
    }


async def on_brigade(callback: CallbackQuery, _w: Any, manager: DialogManager, item_id: str) -> None:
    manager.dialog_data["brigade"] = item_id == "1"
    await manager.switch_to(CalloutFlow.confirm)


def _draft(manager: DialogManager) -> service.Draft | None:
    data = manager.dialog_data
    if not all(k in data for k in ("community_id", "kind", "need")):
        return None
    return service.Draft(
        community_id=int(data["community_id"]),
        kind=str(data["kind"]),
        need=str(data["need"]),
        address=data.get("address"),
        latitude=data.get("latitude"),
        longitude=data.get("longitude"),
        brigade=bool(data.get("brigade")),
    )


async def confirm_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    locale = actor_of(dialog_manager).locale
    data = dialog_manager.dialog_data
    draft = _draft(dialog_manager)
    if draft is None:
        return {"summary": tr(locale, "outdated-screen")}
    place = (
        escape(draft.address)
        if draft.address
        else tr(locale, "callout-place-location", lat=f"{draft.latitude:.5f}", lon=f"{draft.longitude:.5f}")
    )
    return {
        "summary": tr(
            locale,
            "callout-confirm",
            community=escape(str(data.get("community", ""))),
            kind=service.kind_label(locale, draft.kind),
            place=place,
            need=escape(draft.need),
            brigade=tr(locale, "callout-btn-brigade-yes" if draft.brigade else "callout-btn-brigade-no"),
        )
    }


async def on_send(callback: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    actor = actor_of(manager)
    draft = _draft(manager)
    if draft is None:
        await restart_at_menu(callback, manager)
        return
    try:
        callout_id = await service.raise_callout(
            _db(manager),
            actor.onboarded_id,
            callback.message.chat.id if callback.message else actor.telegram_id,
            draft,
            now_of(manager),
            _config(manager),
        )
    except CalloutError as exc:
        await tell(manager, callback, exc.key, **exc.args_)
        return
    view = await service.get_callout(_db(manager), callout_id)
    called = len(view.targets) if view else 0
    key = "callout-sent" if called else "callout-sent-nobody"
    text = tr(actor.locale, key, id=callout_id, count=called)
    await answer_callback(callback, text, alert=False)
    if callback.message is not None:  # the confirmation screen becomes the receipt, without its buttons
        await callback.message.edit_text(text, reply_markup=None)  # type: ignore[union-attr]
    await manager.done(show_mode=ShowMode.SEND)


# --- the recent list: one call-out ------------------------------------------------------------------------------


async def on_recent(callback: CallbackQuery, _w: Any, manager: DialogManager, item_id: str) -> None:
    callout_id = item_int(item_id)
    if callout_id is None:
        await tell(manager, callback, "callout-refused-not-found", id=item_id)
        return
    outcome, _view = await service.get_managed(_db(manager), actor_of(manager).onboarded_id, callout_id)
    if outcome != Outcome.OK:  # a forged item id: the roll is only for those who may manage the call-out
        await tell(manager, callback, f"callout-refused-{outcome.value}", id=callout_id)
        return
    manager.dialog_data["view_id"] = callout_id
    await manager.switch_to(CalloutFlow.view)


async def view_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    actor = actor_of(dialog_manager)
    callout_id = int(dialog_manager.dialog_data.get("view_id", 0))
    outcome, view = await service.get_managed(_db(dialog_manager), actor.onboarded_id, callout_id)
    if view is None:
        return {"body": refusal(actor.locale, outcome, callout_id), "open": False}
    body = service.roll_text(actor.locale, view, now_of(dialog_manager), _config(dialog_manager))
    return {"body": body, "open": view.status == rules.Status.OPEN}


async def on_view_export(callback: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    await send_export(callback, manager, int(manager.dialog_data.get("view_id", 0)))
    manager.show_mode = ShowMode.DELETE_AND_SEND


async def on_view_close(callback: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    view = await service.get_callout(_db(manager), int(manager.dialog_data.get("view_id", 0)))
    if view is None:
        await tell(manager, callback, "callout-refused-not-found", id="")
        return
    await start_close(callback, manager, view.id, view.version)


def make_dialog() -> Dialog:
    return Dialog(
        Window(
            L("callout-start"),
            L("callout-recent-title", when="has_recent"),
            Button(L("callout-btn-new"), id="co_new", on_click=on_new),
            choices(RECENT_ID, "recent", on_recent, height=5),
            Cancel(L("btn-back")),
            hint_input(),
            StaleGuard(),
            getter=start_getter,
            state=CalloutFlow.start,
        ),
        Window(
            L("callout-ask-community"),
            choices(COMMUNITIES_ID, "communities", on_community, width=2),
            SwitchTo(L("btn-back"), id="co_comm_back", state=CalloutFlow.start),
            hint_input(),
            StaleGuard(),
            getter=communities_getter,
            state=CalloutFlow.community,
        ),
        Window(
            L("callout-ask-kind"),
            buttons(KINDS_ID, "kinds", on_kind, width=3),
            SwitchTo(L("btn-back"), id="co_kind_back", state=CalloutFlow.start),
            hint_input(),
            StaleGuard(),
            getter=kinds_getter,
            state=CalloutFlow.kind,
        ),
        Window(
            L("callout-ask-place", max=rules.MAX_ADDRESS),
            MessageInput(on_place_location, content_types=ContentType.LOCATION),
            MessageInput(on_place_text, content_types=ContentType.TEXT),
            MessageInput(on_place_other),
            Back(L("btn-back")),
            StaleGuard(),
            state=CalloutFlow.place,
        ),
        Window(
            L("callout-ask-need", max=rules.MAX_NEED),
            MessageInput(on_need, content_types=ContentType.TEXT),
            MessageInput(on_need_other),
            Back(L("btn-back")),
            StaleGuard(),
            state=CalloutFlow.need,
        ),
        Window(
            L("callout-ask-brigade"),
            buttons(BRIGADE_ID, "choices", on_brigade, width=2),
            Back(L("btn-back")),
            hint_input(),
            StaleGuard(),
            getter=brigade_getter,
            state=CalloutFlow.brigade,
        ),
        Window(
            Format("{summary}"),
            Row(
                Button(L("callout-btn-send"), id="co_send", on_click=on_send),
                Cancel(L("callout-btn-cancel")),
            ),
            hint_input(),
            StaleGuard(),
            getter=confirm_getter,
            state=CalloutFlow.confirm,
        ),
        Window(
            Format("{body}"),
            Button(L("callout-btn-export"), id="co_view_export", on_click=on_view_export),
            Button(L("callout-btn-end"), id="co_view_end", on_click=on_view_close, when="open"),
            SwitchTo(L("btn-back"), id="co_view_back", state=CalloutFlow.start),
            hint_input(),
            StaleGuard(),
            getter=view_getter,
            state=CalloutFlow.view,
        ),
    )


# --- buttons of the alerts and of the roll ---------------------------------------------------------------------


async def send_export(callback: CallbackQuery, manager: DialogManager, callout_id: int) -> None:
    actor = actor_of(manager)
    outcome, content, name = await service.export(
        _db(manager),
        actor.onboarded_id,
        callout_id,
        actor.locale,
        _config(manager),
    )
    if outcome is not Outcome.OK or content is None:
        await answer_callback(callback, refusal(actor.locale, outcome, callout_id))
        return
    await answer_callback(callback, tr(actor.locale, "callout-export-sent", id=callout_id), alert=False)
    await callback.bot.send_document(  # type: ignore[union-attr]
        manager.middleware_data["event_chat"].id,
        BufferedInputFile(content, filename=name),
        caption=tr(actor.locale, "callout-export-caption", id=callout_id),
    )


async def start_close(callback: CallbackQuery, manager: DialogManager, callout_id: int, version: int) -> None:
    actor = actor_of(manager)
    outcome = await service.check_manage(_db(manager), actor.onboarded_id, callout_id, version)
    if outcome is not Outcome.OK:
        await answer_callback(callback, refusal(actor.locale, outcome, callout_id))
        return
    await manager.start(
        CalloutClose.outcome,
        data={"callout_id": callout_id, "version": version},
        mode=StartMode.NORMAL,
        show_mode=ShowMode.SEND,
    )


async def on_button(
    callback: CallbackQuery, callback_data: CalloutButton, dialog_manager: DialogManager
) -> None:
    actor = actor_of(dialog_manager)
    button = callback_data
    if actor.person_id is None:
        await restart_at_menu(callback, dialog_manager)
        return
    db = _db(dialog_manager)
    if button.verb == GO:
        outcome = await service.answer(
            db,
            actor.person_id,
            button.callout_id,
            button.version,
            Answer.COMING,
            now_of(dialog_manager),
            _config(dialog_manager),
        )
        key = "callout-go-done" if outcome is Outcome.OK else None
        text = (
            tr(actor.locale, key, id=button.callout_id)
            if key
            else refusal(actor.locale, outcome, button.callout_id)
        )
        await answer_callback(callback, text)
        return
    if button.verb == CANNOT:
        outcome = await service.check_answer(db, actor.person_id, button.callout_id, button.version)
        if outcome is not Outcome.OK:
            await answer_callback(callback, refusal(actor.locale, outcome, button.callout_id))
            return
        await dialog_manager.start(
            CalloutAnswer.reason,
            data={"callout_id": button.callout_id, "version": button.version},
            mode=StartMode.NORMAL,
            show_mode=ShowMode.SEND,
        )
        return
    if button.verb == END:
        await start_close(callback, dialog_manager, button.callout_id, button.version)
        return
    if button.verb == EXPORT:
        await send_export(callback, dialog_manager, button.callout_id)
        return
    await restart_at_menu(callback, dialog_manager)


def make_router() -> Router:
    router = Router(name="callout-buttons")
    router.callback_query.register(on_button, CalloutButton.filter())
    router.callback_query.register(restart_at_menu, stale(CalloutButton))  # forged, or of an older version
    return router


# --- 无法到场: the reason; 结束: the outcome ----------------------------------------------------------------------


async def _finish(message: Message, manager: DialogManager, outcome: Outcome, done_key: str) -> None:
    actor = actor_of(manager)
    callout_id = int(start_data(manager).get("callout_id", 0))
    if outcome in (Outcome.NEED_REASON, Outcome.TOO_LONG):
        max_ = rules.MAX_REASON if done_key == "callout-cannot-done" else rules.MAX_OUTCOME
        await tell(manager, message, f"callout-text-{outcome.value}", max=max_)
        return
    if outcome is Outcome.OK:
        await message.answer(tr(actor.locale, done_key, id=callout_id))
    else:
        await message.answer(refusal(actor.locale, outcome, callout_id))
    await manager.done(show_mode=ShowMode.SEND)


async def on_reason(message: Message, _w: Any, manager: DialogManager) -> None:
    start = start_data(manager)
    outcome = await service.answer(
        _db(manager),
        actor_of(manager).onboarded_id,
        int(start.get("callout_id", 0)),
        int(start.get("version", 0)),
        Answer.CANNOT,
        now_of(manager),
        _config(manager),
        reason=message.text,
    )
    await _finish(message, manager, outcome, "callout-cannot-done")


async def on_outcome(message: Message, _w: Any, manager: DialogManager) -> None:
    start = start_data(manager)
    outcome = await service.close(
        _db(manager),
        actor_of(manager).onboarded_id,
        int(start.get("callout_id", 0)),
        int(start.get("version", 0)),
        message.text,
        now_of(manager),
        _config(manager),
    )
    await _finish(message, manager, outcome, "callout-closed-done")


async def on_not_text(message: Message, _w: Any, manager: DialogManager) -> None:
    await tell(manager, message, "callout-text-only")


def make_answer_dialogs() -> list[Dialog]:
    return [
        Dialog(
            Window(
                L("callout-ask-reason", max=rules.MAX_REASON),
                MessageInput(on_reason, content_types=ContentType.TEXT),
                MessageInput(on_not_text),
                Cancel(L("callout-btn-cancel")),
                StaleGuard(),
                state=CalloutAnswer.reason,
            )
        ),
        Dialog(
            Window(
                L("callout-ask-outcome", max=rules.MAX_OUTCOME),
                MessageInput(on_outcome, content_types=ContentType.TEXT),
                MessageInput(on_not_text),
                Cancel(L("callout-btn-cancel")),
                StaleGuard(),
                state=CalloutClose.outcome,
            )
        ),
    ]
