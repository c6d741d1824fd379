"""Administrator: who may sign a community's logs in place of its secretary (the sign delegates), with buttons; the
change is the service `gridbot delegate` uses too (`services.worklog.signers.apply_delegate`)."""

from __future__ import annotations

from typing import Any

from aiogram.types import CallbackQuery
from aiogram_dialog import Dialog, DialogManager, ShowMode
from aiogram_dialog.widgets.kbd import Button, Cancel, Row, SwitchTo
from aiogram_dialog.widgets.text import Format

from dialogs.problem_widgets import button_window, choices
from dialogs.states import AdminDelegates
from dialogs.widgets import L, actor_of, answer_callback, item_int, now_of
from domain.roles import Action
from locales import Html, tr, tr_text
from services.admin_delegates import (
    change_delegate,
    communities,
    community_name,
    community_people,
    delegates_of,
)


def _db(manager: DialogManager) -> Any:
    return manager.middleware_data["db"]


async def community_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    actor = actor_of(dialog_manager)
    if not actor.can(Action.ROSTER):  # the role may have been taken away while the screen was open
        return {"communities": [], "empty": True}
    found = await communities(_db(dialog_manager))
    return {"communities": found, "empty": not found}


async def current_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    locale = actor_of(dialog_manager).locale
    community_id = int(dialog_manager.dialog_data.get("community_id", 0))
    name = await community_name(_db(dialog_manager), community_id) or ""
    delegates = await delegates_of(_db(dialog_manager), community_id)
    lines = [tr(locale, "admin-dlg-current", community=name)]
    if delegates:
        lines += [tr(locale, "admin-dlg-person", name=person) for _id, person in delegates]
    else:
        lines.append(tr(locale, "admin-dlg-none"))
    return {
        "body": Html("\n").join(lines),
        "removable": [
            (str(pid), tr_text(locale, "admin-dlg-remove", name=person)) for pid, person in delegates
        ],
    }


async def pick_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    community_id = int(dialog_manager.dialog_data.get("community_id", 0))
    people = await community_people(_db(dialog_manager), community_id)
    current = {pid for pid, _name in await delegates_of(_db(dialog_manager), community_id)}
    candidates = [(str(pid), name) for pid, name in people if pid not in current]
    return {"people": candidates, "none": not candidates}


async def confirm_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    data = dialog_manager.dialog_data
    locale = actor_of(dialog_manager).locale
    msg = "admin-dlg-confirm-remove" if data.get("remove") else "admin-dlg-confirm-add"
    return {"body": tr(locale, msg, name=str(data.get("name", "")), community=str(data.get("community", "")))}


async def _outdated(callback: CallbackQuery, manager: DialogManager) -> None:
    await answer_callback(callback, tr_text(actor_of(manager).locale, "outdated-screen"))


async def on_community(callback: CallbackQuery, _widget: Any, manager: DialogManager, item_id: str) -> None:
    community_id = item_int(item_id)
    name = await community_name(_db(manager), community_id) if community_id else None
    if community_id is None or name is None:
        await _outdated(callback, manager)
        return
    manager.dialog_data.update(community_id=community_id, community=name)
    await manager.switch_to(AdminDelegates.current)


async def _choose(
    callback: CallbackQuery, manager: DialogManager, item_id: str, pool: list[tuple[int, str]], remove: bool
) -> None:
    person_id = item_int(item_id)
    name = dict(pool).get(person_id) if person_id is not None else None
    if name is None:  # forged, or no longer on the list
        await _outdated(callback, manager)
        return
    manager.dialog_data.update(person_id=person_id, name=name, remove=remove)
    await manager.switch_to(AdminDelegates.confirm)


async def on_person(callback: CallbackQuery, _widget: Any, manager: DialogManager, item_id: str) -> None:
    pool = await community_people(_db(manager), int(manager.dialog_data.get("community_id", 0)))
    await _choose(callback, manager, item_id, pool, remove=False)


async def on_remove(callback: CallbackQuery, _widget: Any, manager: DialogManager, item_id: str) -> None:
    pool = await delegates_of(_db(manager), int(manager.dialog_data.get("community_id", 0)))
    await _choose(callback, manager, item_id, pool, remove=True)


async def on_confirm(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    data = manager.dialog_data
    locale = actor_of(manager).locale
    if "person_id" not in data or "community_id" not in data:
        await _outdated(callback, manager)
        return
    outcome = await change_delegate(
        _db(manager),
        callback.from_user.id,
        int(data["community_id"]),
        int(data["person_id"]),
        now=now_of(manager),
        remove=bool(data.get("remove")),
    )
    if outcome == "not-admin":
        await answer_callback(
            callback, tr_text(locale, "no-permission", action=tr_text(locale, "action-roster"))
        )
        await manager.done()
        return
    text = tr_text(
        locale,
        f"admin-dlg-{outcome}",
        name=str(data.get("name", "")),
        community=str(data.get("community", "")),
    )
    await answer_callback(callback, text, alert=False)
    for key in ("person_id", "name", "remove"):
        data.pop(key, None)
    await manager.switch_to(AdminDelegates.current, show_mode=ShowMode.EDIT)


def make_dialog() -> Dialog:
    return Dialog(
        button_window(
            L("admin-dlg-communities"),
            L("admin-dlg-no-communities", when="empty"),
            choices("dlg_c", "communities", on_community),
            Cancel(L("btn-back")),
            getter=community_getter,
            state=AdminDelegates.community,
        ),
        button_window(
            Format("{body}"),
            choices("dlg_r", "removable", on_remove),
            SwitchTo(L("admin-dlg-add"), id="dlg_add", state=AdminDelegates.pick),
            Row(
                SwitchTo(L("admin-dlg-other"), id="dlg_back", state=AdminDelegates.community),
                Cancel(L("btn-back")),
            ),
            getter=current_getter,
            state=AdminDelegates.current,
        ),
        button_window(
            L("admin-dlg-pick"),
            L("admin-dlg-no-people", when="none"),
            choices("dlg_p", "people", on_person),
            SwitchTo(L("btn-back"), id="dlg_pick_back", state=AdminDelegates.current),
            getter=pick_getter,
            state=AdminDelegates.pick,
        ),
        button_window(
            Format("{body}"),
            Row(
                Button(L("admin-dlg-yes"), id="dlg_yes", on_click=on_confirm),
                SwitchTo(L("btn-back"), id="dlg_no", state=AdminDelegates.current),
            ),
            getter=confirm_getter,
            state=AdminDelegates.confirm,
        ),
    )
