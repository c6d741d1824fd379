"""📥 报表导出: pick what (纪实表, 交办登记表, attendance…), for which community or 全街道, which month or week, then
confirm. The export itself runs as a background job (bot/exports_worker.py) that shows its progress and sends the
document; here the choices are collected and `services.exports.request_export` checks them all again.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from aiogram.types import CallbackQuery
from aiogram_dialog import Dialog, DialogManager, ShowMode, Window
from aiogram_dialog.widgets.kbd import Back, Button, Cancel
from aiogram_dialog.widgets.text import Format
from markupsafe import escape

from dialogs.guard import StaleGuard
from dialogs.states import ExportFlow
from dialogs.widgets import L, actor_of, answer_callback, choice_list, hint_input
from locales import tr
from reports.exports import Period, Scope, kinds
from services import exports as service
from services.calendar import load_work_calendar

ALL = "all"  # the scope button of the whole sub-district


def _today(manager: DialogManager) -> date:
    tz = ZoneInfo(manager.middleware_data["settings"].timezone)
    return manager.middleware_data["clock"]().astimezone(tz).date()


async def on_start(_start_data: Any, manager: DialogManager) -> None:
    actor = actor_of(manager)
    scope = await service.export_scope(manager.middleware_data["db"], actor.onboarded_id)
    manager.dialog_data.update(
        kinds=service.offered_kinds(scope.roles),
        whole=scope.right.whole,
        subdistrict=scope.subdistrict,
        communities=scope.communities,
    )


async def kinds_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    locale = actor_of(dialog_manager).locale
    registry = kinds()
    return {"options": [(k, tr(locale, registry[k].label)) for k in dialog_manager.dialog_data["kinds"]]}


async def _stale(callback: CallbackQuery, manager: DialogManager) -> None:
    await answer_callback(callback, tr(actor_of(manager).locale, "outdated-screen"))


async def on_kind(callback: CallbackQuery, _w: Any, manager: DialogManager, item_id: str) -> None:
    if item_id not in manager.dialog_data["kinds"]:
        await _stale(callback, manager)
        return
    manager.dialog_data["kind"] = item_id
    await manager.switch_to(ExportFlow.scope)


def _scopes(manager: DialogManager) -> list[tuple[str, str]]:
    kind = kinds()[manager.dialog_data["kind"]]
    data = manager.dialog_data
    options: list[tuple[str, str]] = []
    if data["whole"] and Scope.ALL in kind.scopes:
        options.append((ALL, tr(actor_of(manager).locale, "ex-scope-all", name=data["subdistrict"])))
    if Scope.COMMUNITY in kind.scopes:
        options.extend((str(c), name) for c, name in data["communities"])
    return options


async def scopes_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    options = _scopes(dialog_manager)
    return {"options": options, "none": not options}


async def on_scope(callback: CallbackQuery, _w: Any, manager: DialogManager, item_id: str) -> None:
    if item_id not in {i for i, _ in _scopes(manager)}:
        await answer_callback(callback, tr(actor_of(manager).locale, "ex-not-allowed"))
        return
    manager.dialog_data["scope"] = item_id
    await manager.switch_to(ExportFlow.period)


def _period_label(locale: str, period: Period, start: date, current: bool) -> str:
    now = "yes" if current else "no"
    if period is Period.MONTH:
        return tr(locale, "ex-month-option", year=start.year, month=start.month, current=now)
    if period is Period.QUARTER:
        return tr(
            locale, "ex-quarter-option", year=start.year, quarter=(start.month - 1) // 3 + 1, current=now
        )
    end = start + timedelta(days=6)
    return tr(locale, "ex-week-option", start=f"{start:%m-%d}", end=f"{end:%m-%d}", current=now)


def _periods(manager: DialogManager) -> list[tuple[str, str]]:
    locale = actor_of(manager).locale
    period = kinds()[manager.dialog_data["kind"]].period
    offered = service.PERIODS_OFFERED[period](_today(manager))
    return [
        (start.isoformat(), _period_label(locale, period, start, i == 0)) for i, start in enumerate(offered)
    ]


async def periods_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    period = kinds()[dialog_manager.dialog_data["kind"]].period
    locale = actor_of(dialog_manager).locale
    return {"options": _periods(dialog_manager), "prompt_text": tr(locale, f"ex-pick-{period.value}")}


async def on_period(callback: CallbackQuery, _w: Any, manager: DialogManager, item_id: str) -> None:
    if item_id not in {i for i, _ in _periods(manager)}:
        await _stale(callback, manager)
        return
    manager.dialog_data["period"] = item_id
    await manager.switch_to(ExportFlow.confirm)


def _scope_label(manager: DialogManager) -> str:
    scope = manager.dialog_data["scope"]
    return dict(_scopes(manager)).get(scope, "")


async def confirm_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    data = dialog_manager.dialog_data
    locale = actor_of(dialog_manager).locale
    return {
        "kind": tr(locale, kinds()[data["kind"]].label),
        "scope": escape(_scope_label(dialog_manager)),  # an HTML message; names may hold < or &
        "period": dict(_periods(dialog_manager)).get(data["period"], data["period"]),
    }


async def on_confirm(callback: CallbackQuery, _b: Button, manager: DialogManager) -> None:
    actor = actor_of(manager)
    data = manager.dialog_data
    db = manager.middleware_data["db"]
    settings = manager.middleware_data["settings"]
    result = await service.request_export(
        db,
        actor.onboarded_id,
        chat_id=callback.message.chat.id if callback.message else actor.telegram_id,
        locale=actor.locale,
        kind=data["kind"],
        community_id=None if data["scope"] == ALL else int(data["scope"]),
        period=data["period"],
        now=manager.middleware_data["clock"](),
        timezone=settings.timezone,
        cal=await load_work_calendar(db),
        assessment_config=settings.assessment_config,
        phase_features=settings.phase_features,
    )
    await answer_callback(
        callback,
        tr(actor.locale, f"ex-{result.outcome.value}"),
        alert=result.outcome is not service.Outcome.QUEUED,
    )
    if result.outcome is service.Outcome.QUEUED:
        wake = manager.middleware_data.get("export_wake")
        if wake is not None:
            wake()
        manager.show_mode = ShowMode.EDIT
        await manager.done()


def make_dialog() -> Dialog:
    return Dialog(
        Window(
            L("ex-pick-kind"),
            choice_list("kind", "options", on_kind),
            Cancel(L("btn-back")),
            hint_input(),
            StaleGuard(),
            getter=kinds_getter,
            state=ExportFlow.kind,
        ),
        Window(
            L("ex-pick-scope"),
            L("ex-no-scope", when="none"),
            choice_list("scope", "options", on_scope, width=2),
            Back(L("btn-back")),
            hint_input(),
            StaleGuard(),
            getter=scopes_getter,
            state=ExportFlow.scope,
        ),
        Window(
            Format("{prompt_text}"),
            choice_list("period", "options", on_period, width=2),
            Back(L("btn-back")),
            hint_input(),
            StaleGuard(),
            getter=periods_getter,
            state=ExportFlow.period,
        ),
        Window(
            L("ex-confirm"),
            Button(L("ex-btn-start"), id="start", on_click=on_confirm),
            Back(L("btn-back")),
            Cancel(L("ex-btn-cancel")),
            hint_input(),
            StaleGuard(),
            getter=confirm_getter,
            state=ExportFlow.confirm,
        ),
        on_start=on_start,
    )
