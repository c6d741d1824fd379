"""The monthly register 交办登记表: the secretary submits it; the principal leader picks a responsible leader and a due
date for every item and signs it; whoever may see it exports it as xlsx.

Start data: {"community_id", "year", "month"} for submitting, {"register_id"} for the register itself.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from aiogram.types import BufferedInputFile, CallbackQuery
from aiogram_dialog import Dialog, DialogManager, ShowMode
from aiogram_dialog.widgets.kbd import Button, Cancel
from aiogram_dialog.widgets.text import Format

from dialogs.problem_widgets import button_window, choices, config_of, leader_and_due_windows, pick_id, tell
from dialogs.states import ProblemRegisterFlow
from dialogs.widgets import L, actor_of, answer_callback, now_of, start_data
from domain.roles import Role
from locales import Html, tr
from reports.register_export import export_register
from services.problems import ProblemError, category_label, leaders_of
from services.problems.register import (
    assign_item,
    may_view_register,
    preview,
    register_view,
    sign_register,
    submit_register,
)

ITEMS_ID = "reg_items"


def _register_id(manager: DialogManager) -> int:
    return int(manager.dialog_data.get("register_id") or start_data(manager).get("register_id") or 0)


# --- submit (secretary) -----------------------------------------------------------------------------------------


async def submit_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    start = start_data(dialog_manager)
    locale = actor_of(dialog_manager).locale
    ids = await preview(
        dialog_manager.middleware_data["db"],
        int(start.get("community_id", 0)),
        int(start.get("year", 0)),
        int(start.get("month", 0)),
        config_of(dialog_manager),
    )
    return {
        "year": str(start.get("year")),
        "month": start.get("month"),
        "count": len(ids),
        "ids": tr(locale, "list-separator").join(f"#{i}" for i in ids) or "-",
    }


async def on_submit(callback: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    actor = actor_of(manager)
    start = start_data(manager)
    try:
        register_id = await submit_register(
            manager.middleware_data["db"],
            actor.onboarded_id,
            int(start.get("community_id", 0)),
            int(start.get("year", 0)),
            int(start.get("month", 0)),
            now_of(manager),
            config_of(manager),
        )
    except ProblemError as exc:
        await tell(manager, callback, exc.key, **exc.args_)
        return
    await callback.message.answer(tr(actor.locale, "register-submitted"))  # type: ignore[union-attr]
    manager.dialog_data["register_id"] = register_id
    manager.show_mode = ShowMode.SEND
    await manager.switch_to(ProblemRegisterFlow.view)


# --- the register (principal leader signs; everyone allowed exports) ------------------------------------------------


async def view_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    actor = actor_of(dialog_manager)
    locale = actor.locale
    db = dialog_manager.middleware_data["db"]
    register_id = _register_id(dialog_manager)
    view = await register_view(db, register_id)
    if view is None or not await may_view_register(db, actor.onboarded_id, register_id):
        return {"body": tr(locale, "problem-not-found"), "items": [], "can_sign": False, "exportable": False}
    lines = [tr(locale, "register-title", community=view.community, year=str(view.year), month=view.month)]
    if view.signed_at:
        config = config_of(dialog_manager)
        lines.append(
            tr(
                locale,
                "register-signed-by",
                signer=view.signed_by or "",
                at=config.local(view.signed_at).strftime("%Y-%m-%d %H:%M"),
            )
        )
    else:
        lines.append(tr(locale, "register-unsigned"))
    if not view.items:
        lines.append(tr(locale, "register-empty"))
    for item in view.items:
        lines.append(
            tr(
                locale,
                "register-item-line",
                id=item.problem_id,
                category=category_label(locale, item.category),
                text=item.description[:40],
                leader=item.leader or "-",
                due=item.due_date.isoformat() if item.due_date else "-",
            )
        )
    principal = Role.PRINCIPAL_LEADER in actor.roles and not view.signed_at
    return {
        "body": Html("\n").join(lines),
        "items": [
            (i.problem_id, tr(locale, "register-btn-item", id=i.problem_id, leader=i.leader or "…"))
            for i in view.items
        ]
        if principal
        else [],
        "can_sign": principal,
        "exportable": True,
    }


on_item = pick_id("problem_id", ProblemRegisterFlow.leader, "problem-changed")


async def leaders_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    view = await register_view(dialog_manager.middleware_data["db"], _register_id(dialog_manager))
    leaders = await leaders_of(dialog_manager.middleware_data["db"], view.subdistrict_id if view else None)
    return {"leaders": leaders, "id": dialog_manager.dialog_data.get("problem_id")}


async def on_due(callback: CallbackQuery, manager: DialogManager, picked: date) -> None:
    try:
        await assign_item(
            manager.middleware_data["db"],
            actor_of(manager).onboarded_id,
            _register_id(manager),
            int(manager.dialog_data.get("problem_id", 0)),
            int(manager.dialog_data.get("leader_id", 0)),
            picked,
            now_of(manager),
            config_of(manager),
        )
    except ProblemError as exc:
        await tell(manager, callback, exc.key, **exc.args_)
        return
    await manager.switch_to(ProblemRegisterFlow.view)


async def on_sign(callback: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    actor = actor_of(manager)
    try:
        await sign_register(
            manager.middleware_data["db"],
            actor.onboarded_id,
            _register_id(manager),
            now_of(manager),
            config_of(manager),
        )
    except ProblemError as exc:
        await tell(manager, callback, exc.key, **exc.args_)
        return
    await answer_callback(callback, tr(actor.locale, "register-signed"), alert=False)


async def on_export(callback: CallbackQuery, _w: Any, manager: DialogManager) -> None:
    actor = actor_of(manager)
    db = manager.middleware_data["db"]
    register_id = _register_id(manager)
    if not await may_view_register(db, actor.onboarded_id, register_id):
        await tell(manager, callback, "problem-no-permission")
        return
    view = await register_view(db, register_id)
    content = await export_register(db, register_id, actor.locale, config_of(manager))
    name = (
        register_file_name(actor.locale, view.community, view.year, view.month) if view else "交办登记表.xlsx"
    )
    await callback.bot.send_document(  # type: ignore[union-attr]
        callback.message.chat.id,  # type: ignore[union-attr]
        BufferedInputFile(content, filename=name),
    )
    manager.show_mode = ShowMode.SEND


def register_file_name(locale: str, community: str, year: int, month: int) -> str:
    """交办登记表-幸福社区-2026年11月.xlsx (reports.naming)."""
    from datetime import date

    from reports.naming import month_label, workbook_name

    return workbook_name(locale, "register", community, month_label(locale, date(year, month, 1)))


def make_dialog() -> Dialog:
    return Dialog(
        button_window(
            L("register-submit-title"),
            L("register-submit-body"),
            Button(L("register-btn-submit"), id="submit", on_click=on_submit),
            Cancel(L("btn-back")),
            getter=submit_getter,
            state=ProblemRegisterFlow.submit,
        ),
        button_window(
            Format("{body}"),
            choices(ITEMS_ID, "items", on_item),
            Button(L("register-btn-sign"), id="sign", on_click=on_sign, when="can_sign"),
            Button(L("register-btn-export"), id="export", on_click=on_export, when="exportable"),
            Cancel(L("btn-back")),
            getter=view_getter,
            state=ProblemRegisterFlow.view,
        ),
        *leader_and_due_windows("reg", "register-ask-leader", ProblemRegisterFlow, leaders_getter, on_due),
    )
