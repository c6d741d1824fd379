"""Emergency call-outs 应急分队 (issue 8): raising one (community, kind, place, need, brigade, confirm), the recent
list with each call-out's roll and timeline export. The buttons of the alerts and of the caller's live roll, the
无法到场 reason and the closing outcome are in `dialogs.callout_buttons`.
"""

from __future__ import annotations

from typing import Any

from aiogram.enums import ContentType
from aiogram.types import CallbackQuery, Message
from aiogram_dialog import Dialog, DialogManager, ShowMode, Window
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Back, Button, Cancel, Row, SwitchTo
from aiogram_dialog.widgets.text import Format
from markupsafe import escape

from dialogs.callout_buttons import config_of, db_of, refusal, send_export, start_close
from dialogs.callout_buttons import make_answer_dialogs as make_answer_dialogs
from dialogs.callout_buttons import make_router as make_router
from dialogs.guard import StaleGuard, restart_at_menu
from dialogs.problem_widgets import button_window, buttons, choices, tell, typed_window
from dialogs.states import CalloutFlow
from dialogs.widgets import L, actor_of, answer_callback, item_int, now_of
from domain import callouts as rules
from locales import tr
from services import callouts as service
from services.callouts import CalloutError, Outcome

COMMUNITIES_ID = "co_communities"
KINDS_ID = "co_kinds"
RECENT_ID = "co_recent"
BRIGADE_ID = "co_brigade"


# --- raising ------------------------------------------------------------------------------------------------------


async def start_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    actor = actor_of(dialog_manager)
    locale = actor.locale
    config = config_of(dialog_manager)
    items = []
    for view in await service.recent(db_of(dialog_manager), actor.onboarded_id):
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
    communities = await service.communities_for(db_of(manager), actor_of(manager).onboarded_id)
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
    rows = await service.communities_for(db_of(dialog_manager), actor_of(dialog_manager).onboarded_id)
    return {"communities": [(str(i), name) for i, name in rows]}


async def on_community(callback: CallbackQuery, _w: Any, manager: DialogManager, item_id: str) -> None:
    allowed = dict(await service.communities_for(db_of(manager), actor_of(manager).onboarded_id))
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
            community=str(data.get("community", "")),
            kind=service.kind_label(locale, draft.kind),
            place=place,
            need=draft.need,
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
            db_of(manager),
            actor.onboarded_id,
            callback.message.chat.id if callback.message else actor.telegram_id,
            draft,
            now_of(manager),
            config_of(manager),
        )
    except CalloutError as exc:
        await tell(manager, callback, exc.key, **exc.args_)
        return
    view = await service.get_callout(db_of(manager), callout_id)
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
    outcome, _view = await service.get_managed(db_of(manager), actor_of(manager).onboarded_id, callout_id)
    if outcome != Outcome.OK:  # a forged item id: the roll is only for those who may manage the call-out
        await tell(manager, callback, f"callout-refused-{outcome.value}", id=callout_id)
        return
    manager.dialog_data["view_id"] = callout_id
    await manager.switch_to(CalloutFlow.view)


async def view_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    actor = actor_of(dialog_manager)
    callout_id = int(dialog_manager.dialog_data.get("view_id", 0))
    outcome, view = await service.get_managed(db_of(dialog_manager), actor.onboarded_id, callout_id)
    if view is None:
        return {"body": refusal(actor.locale, outcome, callout_id), "open": False}
    body = service.roll_text(actor.locale, view, now_of(dialog_manager), config_of(dialog_manager))
    return {"body": body, "open": view.status == rules.Status.OPEN}


async def on_view_export(callback: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    await send_export(callback, manager, int(manager.dialog_data.get("view_id", 0)))
    manager.show_mode = ShowMode.DELETE_AND_SEND


async def on_view_close(callback: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    view = await service.get_callout(db_of(manager), int(manager.dialog_data.get("view_id", 0)))
    if view is None:
        await tell(manager, callback, "callout-refused-not-found", id="")
        return
    await start_close(callback, manager, view.id, view.version)


def _to_start(widget_id: str) -> SwitchTo:
    return SwitchTo(L("btn-back"), id=widget_id, state=CalloutFlow.start)


def make_dialog() -> Dialog:
    return Dialog(
        button_window(
            L("callout-start"),
            L("callout-recent-title", when="has_recent"),
            Button(L("callout-btn-new"), id="co_new", on_click=on_new),
            choices(RECENT_ID, "recent", on_recent, height=5),
            Cancel(L("btn-back")),
            getter=start_getter,
            state=CalloutFlow.start,
        ),
        button_window(
            L("callout-ask-community"),
            choices(COMMUNITIES_ID, "communities", on_community, width=2),
            _to_start("co_comm_back"),
            getter=communities_getter,
            state=CalloutFlow.community,
        ),
        button_window(
            L("callout-ask-kind"),
            buttons(KINDS_ID, "kinds", on_kind, width=3),
            _to_start("co_kind_back"),
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
        typed_window(
            L("callout-ask-need", max=rules.MAX_NEED),
            on_need,
            on_need_other,
            Back(L("btn-back")),
            state=CalloutFlow.need,
        ),
        button_window(
            L("callout-ask-brigade"),
            buttons(BRIGADE_ID, "choices", on_brigade, width=2),
            Back(L("btn-back")),
            getter=brigade_getter,
            state=CalloutFlow.brigade,
        ),
        button_window(
            Format("{summary}"),
            Row(
                Button(L("callout-btn-send"), id="co_send", on_click=on_send),
                Cancel(L("callout-btn-cancel")),
            ),
            getter=confirm_getter,
            state=CalloutFlow.confirm,
        ),
        button_window(
            Format("{body}"),
            Button(L("callout-btn-export"), id="co_view_export", on_click=on_view_export),
            Button(L("callout-btn-end"), id="co_view_end", on_click=on_view_close, when="open"),
            _to_start("co_view_back"),
            getter=view_getter,
            state=CalloutFlow.view,
        ),
    )
