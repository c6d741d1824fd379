"""/pending: the grid work logs waiting for this person's signature, a page at a time, each opened to sign or
return, and 本页全部同意 for the logs on the page (after a confirmation)."""

from __future__ import annotations

from typing import Any

from aiogram.types import CallbackQuery
from aiogram_dialog import Data, Dialog, DialogManager, Window
from aiogram_dialog.widgets.kbd import Button, Cancel, Row, Start, SwitchTo
from aiogram_dialog.widgets.text import Format

from dialogs.guard import StaleGuard
from dialogs.states import PendingLogs, ProblemsPending, WorkLogSign
from dialogs.widgets import L, actor_of, answer_callback, choice_list, hint_input, item_int
from dialogs.worklog_sign import photos_button
from locales import Html, tr
from services import worklog as service
from services.problems import ProblemConfig, pending_items
from services.worklog_text import history_lines, log_card, short_line

PAGE_SIZE = 5


def _offset(manager: DialogManager) -> int:
    return int(manager.dialog_data.get("offset", 0))


async def page_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    actor = actor_of(dialog_manager)
    page = await service.pending(
        dialog_manager.middleware_data["db"],
        actor.onboarded_id,
        _offset(dialog_manager),
        PAGE_SIZE,
    )
    if not page.items and page.total and _offset(dialog_manager):
        dialog_manager.dialog_data["offset"] = 0  # the page emptied (signed elsewhere): back to the first
        page = await service.pending(dialog_manager.middleware_data["db"], actor.onboarded_id, 0, PAGE_SIZE)
    # Exactly what is shown is what 本页全部同意 signs, even if more logs arrive meanwhile.
    dialog_manager.dialog_data["shown"] = [item.id for item in page.items]
    offset = _offset(dialog_manager)
    pages = max(1, -(-page.total // PAGE_SIZE))
    data = dialog_manager.middleware_data
    problem_items = await pending_items(
        data["db"], actor, data["clock"](), ProblemConfig.from_settings(data["settings"])
    )
    return {
        # Problem items and the monthly registers (交办登记表) to sign or submit are counted apart: a register is not
        # a problem. Both are handled in 📂 问题办理.
        "problems": sum(1 for item in problem_items if item.kind == "problem"),
        "registers": sum(1 for item in problem_items if item.kind != "problem"),
        "waiting": len(problem_items),
        "total": page.total,
        "page": offset // PAGE_SIZE + 1,
        "pages": pages,
        "lines": Html("\n").join(short_line(actor.locale, item) for item in page.items),
        "items": [(str(item.id), f"#{item.id} {item.person} {item.work_date:%m-%d}") for item in page.items],
        "has_items": bool(page.items),
        "empty": not page.total,
        "prev": offset > 0,
        "next": offset + PAGE_SIZE < page.total,
        "shown": len(page.items),
    }


async def on_prev(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    manager.dialog_data["offset"] = max(0, _offset(manager) - PAGE_SIZE)


async def on_next(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    manager.dialog_data["offset"] = _offset(manager) + PAGE_SIZE


async def on_item(callback: CallbackQuery, _widget: Any, manager: DialogManager, item_id: str) -> None:
    log_id = item_int(item_id)
    if log_id is None or log_id not in manager.dialog_data.get("shown", []):
        await answer_callback(callback, tr(actor_of(manager).locale, "outdated-screen"))
        return
    manager.dialog_data["selected"] = log_id
    await manager.switch_to(PendingLogs.detail)


async def detail_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    actor = actor_of(dialog_manager)
    view = await service.get_log(dialog_manager.middleware_data["db"], dialog_manager.dialog_data["selected"])
    if view is None:
        return {
            "card": tr(actor.locale, "wl-sign-not-found", id=dialog_manager.dialog_data["selected"]),
            "history": "",
        }
    history = history_lines(actor.locale, view)
    return {
        "card": log_card(actor.locale, view),
        "history": Html("\n").join([tr(actor.locale, "wl-history"), *history]),
        "photos": view.photos,
    }


async def _open_sign(callback: CallbackQuery, manager: DialogManager, state: Any) -> None:
    actor = actor_of(manager)
    log_id = manager.dialog_data["selected"]
    checked = await service.check_sign(manager.middleware_data["db"], actor.onboarded_id, log_id, None)
    if checked.outcome is not service.SignOutcome.APPROVED:
        from dialogs.worklog_sign import refusal_text

        await answer_callback(callback, refusal_text(actor.locale, checked))
        await manager.switch_to(PendingLogs.page)
        return
    assert checked.log is not None
    await manager.start(state, data={"log_id": log_id, "version": checked.log.version})


async def on_approve(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    await _open_sign(callback, manager, WorkLogSign.opinion)


async def on_return(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    await _open_sign(callback, manager, WorkLogSign.reason)


async def on_signed(start_data: Data, result: Any, manager: DialogManager) -> None:
    await manager.switch_to(PendingLogs.page)


async def on_confirm_all(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    actor = actor_of(manager)
    shown = list(manager.dialog_data.get("shown", []))
    approved, skipped = await service.approve_all(
        manager.middleware_data["db"],
        actor.onboarded_id,
        shown,
        now=manager.middleware_data["clock"](),
        default_locale=manager.middleware_data["settings"].default_locale,
    )
    await answer_callback(callback, tr(actor.locale, "wl-approved-all", approved=approved, skipped=skipped))
    await manager.switch_to(PendingLogs.page)


def make_dialog() -> Dialog:
    return Dialog(
        Window(
            L("wl-pending-title"),
            L("wl-pending-empty", when="empty"),
            L("wl-pending-problems", when="problems"),
            L("wl-pending-registers", when="registers"),
            Format("{lines}", when="has_items"),
            choice_list("item", "items", on_item),
            Row(
                Button(L("wl-btn-prev"), id="prev", on_click=on_prev, when="prev"),
                Button(L("wl-btn-next-page"), id="next", on_click=on_next, when="next"),
            ),
            SwitchTo(L("wl-btn-approve-all"), id="all", state=PendingLogs.confirm_all, when="has_items"),
            Start(L("wl-btn-pending-problems"), id="problems", state=ProblemsPending.items, when="waiting"),
            Cancel(L("btn-back")),
            hint_input(),
            StaleGuard(),
            getter=page_getter,
            state=PendingLogs.page,
        ),
        Window(
            Format("{card}"),
            Format("{history}"),
            photos_button(),
            Row(
                Button(L("wl-btn-approve"), id="approve", on_click=on_approve),
                Button(L("wl-btn-return"), id="return", on_click=on_return),
            ),
            SwitchTo(L("btn-back"), id="back", state=PendingLogs.page),
            hint_input(),
            StaleGuard(),
            getter=detail_getter,
            state=PendingLogs.detail,
        ),
        Window(
            L("wl-approve-all-confirm"),
            Format("{lines}"),
            Button(L("wl-btn-confirm"), id="confirm", on_click=on_confirm_all),
            SwitchTo(L("btn-back"), id="back", state=PendingLogs.page),
            hint_input(),
            StaleGuard(),
            getter=page_getter,
            state=PendingLogs.confirm_all,
        ),
        on_process_result=on_signed,
    )
