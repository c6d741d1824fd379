"""Administrator (issue 17): a community's pilot phase — pick a community on the roster overview's 🧭 button, pick
its phase, confirm. `services.phases.set_phase` checks the administrator role, audits and keeps the history; a
forged or stale press (a community or phase that is not offered) changes nothing."""

from __future__ import annotations

from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from aiogram.types import CallbackQuery
from aiogram_dialog import Dialog, DialogManager, Window
from aiogram_dialog.widgets.kbd import Button, Cancel, SwitchTo
from aiogram_dialog.widgets.text import Format

from dialogs.guard import StaleGuard
from dialogs.states import AdminPhases
from dialogs.widgets import L, actor_of, answer_callback, choice_list, hint_input, item_int, now_of
from domain.phases import Phase
from domain.roles import Action
from locales import Html, tr, tr_text
from services.phases import Outcome, community_states, set_phase


def _today(manager: DialogManager) -> date:
    return now_of(manager).astimezone(ZoneInfo(manager.middleware_data["settings"].timezone)).date()


def _phase_label(locale: str, phase: Phase | str | None) -> str:
    return tr_text(locale, f"phase-{phase}" if phase else "phase-none")


async def communities_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    actor = actor_of(dialog_manager)
    locale = actor.locale
    if not actor.can(Action.ROSTER):  # the role may have been taken away while the screen was open
        return {"body": tr(locale, "no-permission", action=tr(locale, "action-roster")), "items": []}
    states = await community_states(dialog_manager.middleware_data["db"])
    if not states:
        return {"body": tr(locale, "phases-empty"), "items": []}
    items = [
        (str(c.id), tr_text(locale, "phases-item", community=c.name, phase=_phase_label(locale, c.phase)))
        for c in states
    ]
    return {"body": tr(locale, "phases-intro"), "items": items}


async def _outdated(callback: CallbackQuery, manager: DialogManager) -> None:
    await answer_callback(callback, tr(actor_of(manager).locale, "outdated-screen"))
    await manager.switch_to(AdminPhases.community)


async def on_community(callback: CallbackQuery, _widget: Any, manager: DialogManager, item_id: str) -> None:
    community_id = item_int(item_id)
    states = {c.id: c for c in await community_states(manager.middleware_data["db"])}
    if community_id is None or community_id not in states:  # forged, or the community is gone
        await _outdated(callback, manager)
        return
    manager.dialog_data["community"] = community_id
    await manager.switch_to(AdminPhases.phase)


async def _chosen(manager: DialogManager) -> Any:
    states = {c.id: c for c in await community_states(manager.middleware_data["db"])}
    return states.get(manager.dialog_data.get("community", 0))


async def phase_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    locale = actor_of(dialog_manager).locale
    state = await _chosen(dialog_manager)
    if state is None:
        return {"body": tr(locale, "outdated-screen"), "items": []}
    since = tr(locale, "phases-since", date=state.since.isoformat()) if state.since else ""
    body = Html("\n").join(
        [
            tr(
                locale,
                "phases-current",
                community=state.name,
                phase=_phase_label(locale, state.phase),
                since=since,
            ),
            tr(locale, "phases-choose"),
        ]
    )
    items = [(p.value, ("✅ " if p == state.phase else "") + _phase_label(locale, p)) for p in Phase]
    return {"body": body, "items": items}


async def on_phase(callback: CallbackQuery, _widget: Any, manager: DialogManager, item_id: str) -> None:
    if item_id not in Phase.__members__.values() or await _chosen(manager) is None:
        await _outdated(callback, manager)
        return
    manager.dialog_data["phase"] = item_id
    await manager.switch_to(AdminPhases.confirm)


async def confirm_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    locale = actor_of(dialog_manager).locale
    state = await _chosen(dialog_manager)
    phase = dialog_manager.dialog_data.get("phase")
    if state is None or phase is None:
        return {"body": tr(locale, "outdated-screen")}
    return {
        "body": tr(
            locale,
            "phases-confirm",
            community=state.name,
            phase=_phase_label(locale, phase),
            date=_today(dialog_manager).isoformat(),
        )
    }


async def on_confirm(callback: CallbackQuery, _button: Any, manager: DialogManager) -> None:
    actor = actor_of(manager)
    locale = actor.locale
    state = await _chosen(manager)
    phase = manager.dialog_data.get("phase")
    if state is None or phase is None:
        await _outdated(callback, manager)
        return
    today = _today(manager)
    outcome = await set_phase(
        manager.middleware_data["db"], actor.telegram_id, state.id, phase, today=today, now=now_of(manager)
    )
    args = {"community": state.name, "phase": _phase_label(locale, phase), "date": today.isoformat()}
    if outcome is Outcome.NOT_ADMIN:
        await answer_callback(callback, tr(locale, "no-permission", action=tr(locale, "action-roster")))
        await manager.done()
        return
    if outcome is Outcome.UNKNOWN:
        await _outdated(callback, manager)
        return
    message = "phases-done" if outcome is Outcome.SET else "phases-unchanged"
    await answer_callback(callback, tr_text(locale, message, **args), alert=False)  # an alert: plain text
    manager.dialog_data.clear()
    await manager.switch_to(AdminPhases.community)


def make_dialog() -> Dialog:
    return Dialog(
        Window(
            L("phases-title"),
            Format("{body}"),
            choice_list("community", "items", on_community),
            Cancel(L("btn-back")),
            hint_input(),
            StaleGuard(),
            getter=communities_getter,
            state=AdminPhases.community,
        ),
        Window(
            Format("{body}"),
            choice_list("phase", "items", on_phase, width=3),
            SwitchTo(L("btn-back"), id="back", state=AdminPhases.community),
            hint_input(),
            StaleGuard(),
            getter=phase_getter,
            state=AdminPhases.phase,
        ),
        Window(
            Format("{body}"),
            Button(L("btn-phases-confirm"), id="confirm", on_click=on_confirm),
            SwitchTo(L("btn-back"), id="back", state=AdminPhases.phase),
            hint_input(),
            StaleGuard(),
            getter=confirm_getter,
            state=AdminPhases.confirm,
        ),
    )
