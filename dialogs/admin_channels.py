"""Administrator (issue 20): the work groups' robots — list them (masked), register one step by step (kind, group,
webhook address, secret, message kinds), test one (the robot's answer shown), remove one. The services check the
role on every step (`services.channels.registry`); the test call is the bot's (`dp["channel_test"]`, handed in by
`bot.app`, since this floor makes no HTTP calls)."""

from __future__ import annotations

from contextlib import suppress
from typing import Any

from aiogram.exceptions import TelegramAPIError
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message
from aiogram_dialog import Dialog, DialogManager, ShowMode
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button, Cancel, Column, Multiselect, Row, SwitchTo
from aiogram_dialog.widgets.text import Format

from dialogs.problem_widgets import button_window, choices, typed_window
from dialogs.widgets import L, actor_of, answer_callback, item_int, now_of
from domain.roles import Action
from locales import Html, tr, tr_text
from services.channels.model import MESSAGE_KINDS, ChannelError, ChannelView, Outcome
from services.channels.registry import (
    NewChannel,
    add_channel,
    check,
    list_channels,
    remove_channel,
    require_admin,
    scope_choices,
)
from services.channels.robots import ROBOTS
from services.channels.texts import channel_lines

KINDS_ID = "ch_kinds"


class AdminChannels(StatesGroup):
    """Issue 20: the group robots (kept here: one dialog's states, beside its only user)."""

    list = State()
    channel = State()
    remove = State()
    kind = State()
    scope = State()
    webhook = State()
    secret = State()
    kinds = State()


def _db(manager: DialogManager) -> Any:
    return manager.middleware_data["db"]


def channel_text(locale: str, v: ChannelView) -> Html:
    return Html("\n").join(channel_lines(locale, v, tr))


async def list_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    actor = actor_of(dialog_manager)
    if not actor.can(Action.ROSTER):  # the role may have been taken away while the screen was open
        return {"body": tr(actor.locale, "channel-not-admin"), "channels": []}
    views = await list_channels(_db(dialog_manager))
    body = Html("\n\n").join(channel_text(actor.locale, v) for v in views) or tr(actor.locale, "channel-none")
    items = [
        (str(v.id), f"#{v.id} {tr_text(actor.locale, f'channel-robot-{v.kind}')} · {v.scope}") for v in views
    ]
    return {"body": body, "channels": items}


async def _view(manager: DialogManager) -> ChannelView | None:
    wanted = manager.dialog_data.get("channel_id")
    return next((v for v in await list_channels(_db(manager)) if v.id == wanted), None)


async def channel_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    locale = actor_of(dialog_manager).locale
    view = await _view(dialog_manager)
    return {"body": channel_text(locale, view) if view else tr(locale, "channel-unknown", id="-")}


async def kind_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    locale = actor_of(dialog_manager).locale
    return {"robots": [(kind, tr_text(locale, f"channel-robot-{kind}")) for kind in ROBOTS]}


async def scope_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    locale = actor_of(dialog_manager).locale
    return {
        "scopes": [
            (item, tr_text(locale, "channels-scope-subdistrict", name=name) if whole else name)
            for item, name, whole in await scope_choices(_db(dialog_manager))
        ]
    }


async def kinds_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    locale = actor_of(dialog_manager).locale
    return {"message_kinds": [(kind, tr_text(locale, f"channel-kind-{kind}")) for kind in MESSAGE_KINDS]}


async def _refused(callback: CallbackQuery, manager: DialogManager, refusal: ChannelError) -> None:
    await answer_callback(callback, tr_text(actor_of(manager).locale, refusal.key, **refusal.args_))
    if refusal.key == "channel-not-admin":
        await manager.done()


async def _outdated(callback: CallbackQuery, manager: DialogManager) -> None:
    await answer_callback(callback, tr_text(actor_of(manager).locale, "outdated-screen"))


async def on_channel(callback: CallbackQuery, _widget: Any, manager: DialogManager, item_id: str) -> None:
    channel_id = item_int(item_id)
    if channel_id is None or channel_id not in {v.id for v in await list_channels(_db(manager))}:
        await _outdated(callback, manager)
        return
    manager.dialog_data["channel_id"] = channel_id
    await manager.switch_to(AdminChannels.channel)


async def on_start_add(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    try:
        await require_admin(_db(manager), callback.from_user.id)
    except ChannelError as refusal:
        await _refused(callback, manager, refusal)
        return
    manager.dialog_data.clear()
    await manager.switch_to(AdminChannels.kind)


async def on_kind(callback: CallbackQuery, _widget: Any, manager: DialogManager, item_id: str) -> None:
    if item_id not in ROBOTS:
        await _outdated(callback, manager)
        return
    manager.dialog_data["kind"] = item_id
    await manager.switch_to(AdminChannels.scope)


async def on_scope(callback: CallbackQuery, _widget: Any, manager: DialogManager, item_id: str) -> None:
    if item_id not in {item for item, _name, _whole in await scope_choices(_db(manager))}:
        await _outdated(callback, manager)
        return
    manager.dialog_data["scope"] = item_id
    await manager.switch_to(AdminChannels.webhook)


async def _forget(message: Message) -> None:
    """The address and the secret are not left in the chat's history."""
    with suppress(TelegramAPIError):
        await message.delete()


async def on_webhook(message: Message, _widget: MessageInput, manager: DialogManager) -> None:
    locale = actor_of(manager).locale
    manager.show_mode = ShowMode.DELETE_AND_SEND
    await _forget(message)
    kind = str(manager.dialog_data.get("kind", ""))
    try:
        check(NewChannel(kind=kind, webhook=(message.text or "").strip()))
    except ChannelError as refusal:
        await message.answer(tr(locale, refusal.key, **refusal.args_))
        return
    manager.dialog_data["webhook"] = (message.text or "").strip()
    if ROBOTS[kind].signs:
        await manager.switch_to(AdminChannels.secret)
    else:
        await _to_kinds(manager)


async def on_secret(message: Message, _widget: MessageInput, manager: DialogManager) -> None:
    locale = actor_of(manager).locale
    manager.show_mode = ShowMode.DELETE_AND_SEND
    await _forget(message)
    secret = (message.text or "").strip()
    data = manager.dialog_data
    try:
        check(NewChannel(kind=str(data.get("kind")), webhook=str(data.get("webhook")), secret=secret))
    except ChannelError as refusal:
        await message.answer(tr(locale, refusal.key, **refusal.args_))
        return
    data["secret"] = secret
    await _to_kinds(manager)


async def on_not_text(message: Message, _widget: MessageInput, manager: DialogManager) -> None:
    manager.show_mode = ShowMode.DELETE_AND_SEND
    await message.answer(tr(actor_of(manager).locale, "channels-send-text"))


async def _to_kinds(manager: DialogManager) -> None:
    """To the message kinds, every one ticked at first: a group usually wants all."""
    widget = manager.find(KINDS_ID)
    if widget is not None:
        for kind in MESSAGE_KINDS:
            await widget.set_checked(kind, True)
    await manager.switch_to(AdminChannels.kinds)


async def on_no_secret(_callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    manager.dialog_data.pop("secret", None)
    await _to_kinds(manager)


async def on_save(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    data = manager.dialog_data
    scope = str(data.get("scope", ""))
    if "webhook" not in data or scope[:1] not in ("s", "c") or item_int(scope[1:]) is None:
        await _outdated(callback, manager)
        return
    widget = manager.find(KINDS_ID)
    ticked = tuple(k for k in MESSAGE_KINDS if widget is not None and widget.is_checked(k))
    new = NewChannel(
        kind=str(data.get("kind")),
        webhook=str(data["webhook"]),
        secret=data.get("secret") or None,
        subscribed=ticked,
        community_id=int(scope[1:]) if scope[0] == "c" else None,
        subdistrict_id=int(scope[1:]) if scope[0] == "s" else None,
    )
    try:
        view = await add_channel(_db(manager), new, now_of(manager), actor_telegram_id=callback.from_user.id)
    except ChannelError as refusal:
        await _refused(callback, manager, refusal)
        return
    data.clear()
    data["channel_id"] = view.id
    await answer_callback(callback, tr_text(actor_of(manager).locale, "channels-saved"), alert=False)
    await manager.switch_to(AdminChannels.channel)


async def on_test(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    locale = actor_of(manager).locale
    try:
        await require_admin(_db(manager), callback.from_user.id)
    except ChannelError as refusal:
        await _refused(callback, manager, refusal)
        return
    channel_id = manager.dialog_data.get("channel_id")
    tester = manager.middleware_data.get("channel_test")
    verdict = (
        await tester(channel_id, tr_text(locale, "channel-test-text")) if tester and channel_id else None
    )
    if verdict is None:
        await _outdated(callback, manager)
        return
    if verdict.outcome is Outcome.SENT:
        await answer_callback(callback, tr_text(locale, "channel-test-ok"))
    else:
        await answer_callback(callback, tr_text(locale, "channel-test-failed", reason=verdict.reason))


async def on_remove(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    locale = actor_of(manager).locale
    channel_id = manager.dialog_data.get("channel_id")
    try:
        removed = isinstance(channel_id, int) and await remove_channel(
            _db(manager), channel_id, now_of(manager), actor_telegram_id=callback.from_user.id
        )
    except ChannelError as refusal:
        await _refused(callback, manager, refusal)
        return
    if not removed:
        await _outdated(callback, manager)
    else:
        await answer_callback(callback, tr_text(locale, "channel-removed", id=channel_id), alert=False)
    manager.dialog_data.pop("channel_id", None)
    await manager.switch_to(AdminChannels.list)


def make_dialog() -> Dialog:
    back_to_list = SwitchTo(L("btn-back"), id="ch_list", state=AdminChannels.list)
    return Dialog(
        button_window(
            L("channels-title"),
            Format("{body}"),
            choices("ch_pick", "channels", on_channel),
            Button(L("channels-add"), id="ch_add", on_click=on_start_add),
            Cancel(L("btn-back")),
            getter=list_getter,
            state=AdminChannels.list,
        ),
        button_window(
            Format("{body}"),
            Row(
                Button(L("channels-test"), id="ch_test", on_click=on_test),
                SwitchTo(L("channels-remove"), id="ch_rm", state=AdminChannels.remove),
            ),
            back_to_list,
            getter=channel_getter,
            state=AdminChannels.channel,
        ),
        button_window(
            Format("{body}"),
            L("channels-confirm-remove"),
            Row(
                Button(L("channels-yes-remove"), id="ch_rm_yes", on_click=on_remove),
                SwitchTo(L("btn-back"), id="ch_rm_no", state=AdminChannels.channel),
            ),
            getter=channel_getter,
            state=AdminChannels.remove,
        ),
        button_window(
            L("channels-pick-kind"),
            choices("ch_kind", "robots", on_kind),
            back_to_list,
            getter=kind_getter,
            state=AdminChannels.kind,
        ),
        button_window(
            L("channels-pick-scope"),
            choices("ch_scope", "scopes", on_scope),
            back_to_list,
            getter=scope_getter,
            state=AdminChannels.scope,
        ),
        typed_window(
            L("channels-ask-webhook"), on_webhook, on_not_text, back_to_list, state=AdminChannels.webhook
        ),
        typed_window(
            L("channels-ask-secret"),
            on_secret,
            on_not_text,
            Button(L("channels-no-secret"), id="ch_nosecret", on_click=on_no_secret),
            back_to_list,
            state=AdminChannels.secret,
        ),
        button_window(
            L("channels-pick-kinds"),
            Column(
                Multiselect(
                    Format("✅ {item[1]}"),
                    Format("⬜ {item[1]}"),
                    id=KINDS_ID,
                    item_id_getter=lambda item: item[0],
                    items="message_kinds",
                )
            ),
            Button(L("channels-save"), id="ch_save", on_click=on_save),
            back_to_list,
            getter=kinds_getter,
            state=AdminChannels.kinds,
        ),
    )
