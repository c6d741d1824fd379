"""Administrator: one roster person from the chat (issue 17) — find by name or phone, see roles, communities, account
and status; unbind, deactivate, activate, invite. The services are `gridbot person …` / `gridbot invite`'s
(`services.person_admin`), which check the administrator role themselves; destructive steps ask first."""

from __future__ import annotations

from typing import Any

from aiogram.enums import ContentType
from aiogram.types import CallbackQuery, Message
from aiogram_dialog import Dialog, DialogManager, ShowMode, Window
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button, Cancel, SwitchTo
from aiogram_dialog.widgets.text import Format

from dialogs.guard import StaleGuard
from dialogs.states import AdminPeople
from dialogs.widgets import L, actor_of, answer_callback, choice_list, hint_input, now_of
from locales import Html, tr, tr_text
from services.person_admin import (
    NotAllowed,
    NotOnYourself,
    UnknownPerson,
    find_people,
    invite,
    phone_of,
    set_active,
    show_person,
    unbind,
)


def _db(manager: DialogManager) -> Any:
    return manager.middleware_data["db"]


def _refusal(locale: str) -> str:
    return tr_text(locale, "no-permission", action=tr_text(locale, "action-roster"))


async def on_query(message: Message, _widget: MessageInput, manager: DialogManager) -> None:
    actor = actor_of(manager)
    manager.show_mode = ShowMode.DELETE_AND_SEND
    query = (message.text or "").strip()[:50]
    if not query:
        return
    try:
        found = await find_people(_db(manager), actor, query)
    except NotAllowed:
        await message.answer(tr(actor.locale, "no-permission", action=tr(actor.locale, "action-roster")))
        return
    if not found:
        await message.answer(tr(actor.locale, "people-chat-none"))
        return
    manager.dialog_data["found"] = [
        (
            str(f.id),
            tr_text(actor.locale, "people-chat-item", name=f.name, phone=f.phone)
            + (tr_text(actor.locale, "people-chat-item-off") if f.deactivated else ""),
        )
        for f in found
    ]
    await manager.switch_to(AdminPeople.results)


async def on_not_text(message: Message, _widget: MessageInput, manager: DialogManager) -> None:
    await message.answer(tr(actor_of(manager).locale, "people-chat-type-query"))
    manager.show_mode = ShowMode.DELETE_AND_SEND


async def on_pick(callback: CallbackQuery, _widget: Any, manager: DialogManager, item_id: str) -> None:
    if not any(pid == item_id for pid, _ in manager.dialog_data.get("found", [])):
        await answer_callback(callback, tr_text(actor_of(manager).locale, "people-chat-gone"))
        return
    manager.dialog_data["person"] = int(item_id)
    await manager.switch_to(AdminPeople.person)


async def _phone(manager: DialogManager) -> str:
    return await phone_of(_db(manager), actor_of(manager), int(manager.dialog_data["person"]))


async def person_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    locale = actor_of(dialog_manager).locale
    try:
        view = await show_person(_db(dialog_manager), await _phone(dialog_manager))
    except (NotAllowed, UnknownPerson, KeyError):
        return {"body": tr(locale, "people-chat-gone"), "bound": False, "off": False, "on": False, "name": ""}
    roles = [
        tr(locale, "people-chat-role", role=tr_text(locale, f"role-{role}"), community=community or "")
        for role, community in view.roles
    ]
    status = "off" if view.deactivated else ("on" if view.active else "blocked")
    body = Html("\n").join(
        [
            tr(locale, "people-chat-card", name=view.name, phone=view.phone),
            *roles,
            tr(locale, "people-chat-bound-yes" if view.bound else "people-chat-bound-no"),
            tr(locale, f"people-chat-status-{status}"),
        ]
    )
    return {
        "body": body,
        "name": view.name,
        "bound": view.bound,
        "off": view.deactivated,
        "on": not view.deactivated,
    }


async def confirm_getter(dialog_manager: DialogManager, **kwargs: Any) -> dict[str, Any]:
    data = await person_getter(dialog_manager, **kwargs)
    locale = actor_of(dialog_manager).locale
    step = dialog_manager.dialog_data.get("step", "")
    data["ask"] = tr(locale, f"people-chat-ask-{step}", name=data["name"]) if step else ""
    return data


async def _ask(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    manager.dialog_data["step"] = button.widget_id
    await manager.switch_to(AdminPeople.confirm)


async def _act(callback: CallbackQuery, manager: DialogManager, step: str) -> None:
    locale = actor_of(manager).locale
    actor, db, now = actor_of(manager), _db(manager), now_of(manager)
    try:
        phone = await _phone(manager)
        if step == "unbind":
            change = await unbind(db, phone, now=now, actor=actor)
        else:
            change = await set_active(db, phone, step == "activate", now=now, actor=actor)
    except NotAllowed:
        await answer_callback(callback, _refusal(locale))
        return
    except NotOnYourself:
        await answer_callback(callback, tr_text(locale, "people-chat-not-yourself"))
        return
    except (UnknownPerson, KeyError):
        await answer_callback(callback, tr_text(locale, "people-chat-gone"))
        return
    outcome = "done" if change.changed else "already"
    await answer_callback(
        callback, tr_text(locale, f"people-chat-{step}-{outcome}", name=change.name), alert=False
    )
    manager.dialog_data.pop("step", None)
    await manager.switch_to(AdminPeople.person)


async def on_yes(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    step = manager.dialog_data.get("step")
    if step not in ("unbind", "deactivate"):
        await answer_callback(callback, tr_text(actor_of(manager).locale, "people-chat-gone"))
        return
    await _act(callback, manager, step)


async def on_activate(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    await _act(callback, manager, "activate")


async def on_invite(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    locale = actor_of(manager).locale
    settings = manager.middleware_data["settings"]
    try:
        code, name = await invite(
            _db(manager),
            actor_of(manager),
            int(manager.dialog_data["person"]),
            now=now_of(manager),
            days=settings.invite_days,
        )
    except NotAllowed:
        await answer_callback(callback, _refusal(locale))
        return
    except (UnknownPerson, KeyError):
        await answer_callback(callback, tr_text(locale, "people-chat-gone"))
        return
    username = settings.bot_username
    link = f"https://t.me/{username}?start={code}" if username else f"/start {code}"
    assert callback.message is not None
    await callback.message.answer(
        tr(locale, "people-chat-invite", name=name, days=settings.invite_days, link=link)
    )
    manager.show_mode = ShowMode.DELETE_AND_SEND
    await manager.show()


async def results_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    return {"found": dialog_manager.dialog_data.get("found", [])}


def make_dialog() -> Dialog:
    return Dialog(
        Window(
            L("people-chat-search"),
            MessageInput(on_query, content_types=[ContentType.TEXT]),
            MessageInput(on_not_text),
            Cancel(L("btn-back")),
            StaleGuard(),
            state=AdminPeople.search,
        ),
        Window(
            L("people-chat-results"),
            choice_list("pick", "found", on_pick),
            SwitchTo(L("people-chat-btn-again"), id="again", state=AdminPeople.search),
            hint_input(),
            StaleGuard(),
            getter=results_getter,
            state=AdminPeople.results,
        ),
        Window(
            Format("{body}"),
            Button(L("people-chat-btn-unbind"), id="unbind", on_click=_ask, when="bound"),
            Button(L("people-chat-btn-deactivate"), id="deactivate", on_click=_ask, when="on"),
            Button(L("people-chat-btn-activate"), id="activate", on_click=on_activate, when="off"),
            Button(L("people-chat-btn-invite"), id="invite", on_click=on_invite, when="on"),
            SwitchTo(L("btn-back"), id="list", state=AdminPeople.results),
            hint_input(),
            StaleGuard(),
            getter=person_getter,
            state=AdminPeople.person,
        ),
        Window(
            Format("{ask}"),
            Button(L("people-chat-btn-yes"), id="yes", on_click=on_yes),
            SwitchTo(L("btn-back"), id="no", state=AdminPeople.person),
            hint_input(),
            StaleGuard(),
            getter=confirm_getter,
            state=AdminPeople.confirm,
        ),
    )
