"""/mylogs: one's own logs by month; a secretary also sees the community's, filtered by grid, person and status.
A returned log opens with ✏️ 修改并重新提交."""

from __future__ import annotations

from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from aiogram.types import CallbackQuery
from aiogram_dialog import Dialog, DialogManager, ShowMode, StartMode, Window
from aiogram_dialog.widgets.kbd import Button, Cancel, Group, Row, Select, SwitchTo
from aiogram_dialog.widgets.text import Format

from dialogs.guard import StaleGuard
from dialogs.states import MyLogs, WorkLogFlow
from dialogs.widgets import L, actor_of, answer_callback, choice_list, hint_input, item_int
from dialogs.worklog_sign import photos_button
from domain import worklog as rules
from domain.worklog import Status
from locales import Html, tr
from services import worklog as service
from services.worklog_text import history_lines, log_card, short_line

PAGE_SIZE = 20


def _month(manager: DialogManager) -> date:
    if "month" not in manager.dialog_data:
        tz = ZoneInfo(manager.middleware_data["settings"].timezone)
        today = manager.middleware_data["clock"]().astimezone(tz).date()
        manager.dialog_data["month"] = rules.month_start(today).isoformat()
    return date.fromisoformat(manager.dialog_data["month"])


async def _signer(manager: DialogManager) -> Any:
    return await service.signer(manager.middleware_data["db"], actor_of(manager).onboarded_id)


async def month_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    actor = actor_of(dialog_manager)
    data = dialog_manager.dialog_data
    month = _month(dialog_manager)
    who = await _signer(dialog_manager)
    community = bool(data.get("community")) and bool(who.communities)
    status = Status(data["status"]) if data.get("status") else None
    wanted = service.LogFilter(
        month=month,
        person_id=data.get("person") if community else actor.person_id,
        community_ids=who.communities if community else None,
        grid_id=data.get("grid") if community else None,
        status=status,
    )
    offset = int(data.get("offset", 0))
    page = await service.list_logs(dialog_manager.middleware_data["db"], wanted, limit=offset + PAGE_SIZE)
    items = page.items[offset:]
    data["shown"] = [item.id for item in items]
    locale = actor.locale
    filters = []
    if community:
        filters.append(tr(locale, "wl-filter-grid", value=data.get("grid_name") or tr(locale, "wl-all")))
        filters.append(tr(locale, "wl-filter-person", value=data.get("person_name") or tr(locale, "wl-all")))
    filters.append(
        tr(
            locale,
            "wl-filter-status",
            value=tr(locale, f"wl-status-{status.value}") if status else tr(locale, "wl-all"),
        )
    )
    return {
        "title": tr(
            locale,
            "wl-community-logs" if community else "wl-my-logs",
            year=month.year,
            month=month.month,
        ),
        "filters": tr(locale, "list-separator").join(filters),
        "total": page.total,
        "lines": Html("\n").join(short_line(locale, item) for item in items),
        "items": [(str(item.id), f"#{item.id} {item.work_date:%m-%d} {item.grid}") for item in items],
        "has_items": bool(items),
        "empty": not page.total,
        "to_community": bool(who.communities) and not community,
        "community": community,
        "more": offset + PAGE_SIZE < page.total,
        "back": offset > 0,
    }


async def _shift(manager: DialogManager, months: int) -> None:
    month = _month(manager)
    month = rules.next_month(month) if months > 0 else rules.previous_month(month)
    manager.dialog_data["month"] = month.isoformat()
    manager.dialog_data["offset"] = 0


async def on_prev_month(callback: CallbackQuery, _b: Button, manager: DialogManager) -> None:
    await _shift(manager, -1)


async def on_next_month(callback: CallbackQuery, _b: Button, manager: DialogManager) -> None:
    await _shift(manager, +1)


async def on_more(callback: CallbackQuery, _b: Button, manager: DialogManager) -> None:
    manager.dialog_data["offset"] = int(manager.dialog_data.get("offset", 0)) + PAGE_SIZE


async def on_first_page(callback: CallbackQuery, _b: Button, manager: DialogManager) -> None:
    manager.dialog_data["offset"] = 0


async def on_toggle_scope(callback: CallbackQuery, _b: Button, manager: DialogManager) -> None:
    data = manager.dialog_data
    data["community"] = not data.get("community")
    for key in ("grid", "grid_name", "person", "person_name", "offset"):
        data.pop(key, None)


async def on_item(callback: CallbackQuery, _w: Any, manager: DialogManager, item_id: str) -> None:
    log_id = item_int(item_id)
    if log_id is None or log_id not in manager.dialog_data.get("shown", []):
        await answer_callback(callback, tr(actor_of(manager).locale, "outdated-screen"))
        return
    manager.dialog_data["selected"] = log_id
    await manager.switch_to(MyLogs.detail)


async def detail_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    actor = actor_of(dialog_manager)
    db = dialog_manager.middleware_data["db"]
    view = await service.get_log(db, dialog_manager.dialog_data["selected"])
    if view is None or not await service.can_view(db, actor.onboarded_id, view):
        return {
            "card": tr(actor.locale, "wl-sign-not-found", id=dialog_manager.dialog_data["selected"]),
            "history": "",
            "editable": False,
        }
    return {
        "card": log_card(actor.locale, view),
        "history": Html("\n").join([tr(actor.locale, "wl-history"), *history_lines(actor.locale, view)]),
        "editable": view.person_id == actor.person_id and view.status is Status.RETURNED,
        "photos": view.photos,
    }


async def on_edit(callback: CallbackQuery, _b: Button, manager: DialogManager) -> None:
    await manager.start(
        WorkLogFlow.date,
        data={"log_id": manager.dialog_data["selected"]},
        mode=StartMode.NORMAL,
        show_mode=ShowMode.EDIT,
    )


# --- filters ----------------------------------------------------------------------------------------------------


async def grids_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    who = await _signer(dialog_manager)
    grids = await service.community_grids(dialog_manager.middleware_data["db"], who.communities)
    return {"options": [(str(i), name) for i, name in grids]}


async def people_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    who = await _signer(dialog_manager)
    people = await service.community_people(dialog_manager.middleware_data["db"], who.communities)
    return {"options": [(str(i), name) for i, name in people]}


async def statuses_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    locale = actor_of(dialog_manager).locale
    return {"options": [(s.value, tr(locale, f"wl-status-{s.value}")) for s in Status]}


def _pick(key: str, getter: Any) -> Any:
    async def pick(callback: CallbackQuery, _w: Any, manager: DialogManager, item_id: str) -> None:
        options = dict((await getter(manager))["options"])
        if item_id not in options:
            await answer_callback(callback, tr(actor_of(manager).locale, "outdated-screen"))
            return
        manager.dialog_data[key] = item_int(item_id) or item_id  # a grid or a person by id; a status by name
        manager.dialog_data[f"{key}_name"] = options[item_id]
        manager.dialog_data["offset"] = 0
        await manager.switch_to(MyLogs.month)

    return pick


def _clear(key: str) -> Any:
    async def clear(callback: CallbackQuery, _b: Button, manager: DialogManager) -> None:
        manager.dialog_data.pop(key, None)
        manager.dialog_data.pop(f"{key}_name", None)
        await manager.switch_to(MyLogs.month)

    return clear


def _filter_window(state: Any, key: str, getter: Any) -> Window:
    return Window(
        L(f"wl-pick-{key}"),
        Group(
            Select(
                Format("{item[1]}"),
                id=f"pick_{key}",
                item_id_getter=lambda item: item[0],
                items="options",
                on_click=_pick(key, getter),
            ),
            width=2,
        ),
        Button(L("wl-all"), id=f"all_{key}", on_click=_clear(key)),
        SwitchTo(L("btn-back"), id="back", state=MyLogs.month),
        hint_input(),
        StaleGuard(),
        getter=getter,
        state=state,
    )


def make_dialog() -> Dialog:
    return Dialog(
        Window(
            Format("{title}"),
            Format("{filters}"),
            L("wl-list-total"),
            L("wl-list-empty", when="empty"),
            Format("{lines}", when="has_items"),
            choice_list("item", "items", on_item),
            Row(
                Button(L("wl-btn-first-page"), id="first", on_click=on_first_page, when="back"),
                Button(L("wl-btn-more"), id="more", on_click=on_more, when="more"),
            ),
            Row(
                Button(L("wl-btn-prev-month"), id="prev_month", on_click=on_prev_month),
                Button(L("wl-btn-next-month"), id="next_month", on_click=on_next_month),
            ),
            Button(L("wl-btn-scope-community"), id="scope_c", on_click=on_toggle_scope, when="to_community"),
            Button(L("wl-btn-scope-mine"), id="scope_m", on_click=on_toggle_scope, when="community"),
            Row(
                SwitchTo(L("wl-btn-filter-grid"), id="f_grid", state=MyLogs.filter_grid, when="community"),
                SwitchTo(
                    L("wl-btn-filter-person"), id="f_person", state=MyLogs.filter_person, when="community"
                ),
            ),
            SwitchTo(L("wl-btn-filter-status"), id="f_status", state=MyLogs.filter_status),
            Cancel(L("btn-back")),
            hint_input(),
            StaleGuard(),
            getter=month_getter,
            state=MyLogs.month,
        ),
        Window(
            Format("{card}"),
            Format("{history}"),
            photos_button(),
            Button(L("wl-btn-edit"), id="edit", on_click=on_edit, when="editable"),
            SwitchTo(L("btn-back"), id="back", state=MyLogs.month),
            hint_input(),
            StaleGuard(),
            getter=detail_getter,
            state=MyLogs.detail,
        ),
        _filter_window(MyLogs.filter_grid, "grid", grids_getter),
        _filter_window(MyLogs.filter_person, "person", people_getter),
        _filter_window(MyLogs.filter_status, "status", statuses_getter),
    )
