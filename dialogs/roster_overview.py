"""Administrator: the roster at a glance, and the way to the roster by file (`dialogs.admin_roster`)."""

from __future__ import annotations

from typing import Any

from aiogram_dialog import Dialog, DialogManager, Window
from aiogram_dialog.widgets.kbd import Cancel, Row, Start
from aiogram_dialog.widgets.text import Format

from dialogs.guard import StaleGuard
from dialogs.states import (
    AdminCalendar,
    AdminDelegates,
    AdminPeople,
    AdminPhases,
    AdminRoster,
    RosterOverview,
)
from dialogs.widgets import L, actor_of, hint_input
from domain.roles import Action
from locales import Html, tr
from services.roster_overview import roster_overview


async def overview_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    actor = actor_of(dialog_manager)
    locale = actor.locale
    if not actor.can(Action.ROSTER):  # the role may have been taken away while the screen was open
        return {"body": tr(locale, "no-permission", action=tr(locale, "action-roster"))}
    overview = await roster_overview(dialog_manager.middleware_data["db"])
    if not overview.people:
        return {"body": tr(locale, "admin-overview-empty")}
    lines = [
        tr(
            locale,
            "admin-overview-totals",
            people=overview.people,
            bound=overview.bound,
            unbound=overview.people - overview.bound,
            inactive=overview.inactive,
        ),
        "",
        tr(locale, "admin-overview-by-role"),
        *(
            tr(locale, "admin-overview-role", role=tr(locale, f"role-{role.value}"), count=count)
            for role, count in overview.by_role
        ),
        "",
        tr(locale, "admin-overview-by-community"),
        *(
            tr(
                locale,
                "admin-overview-community",
                community=c.name,
                people=c.people,
                bound=c.bound,
                grids=c.grids,
            )
            for c in overview.by_community
        ),
    ]
    return {"body": Html("\n").join(lines)}


def make_dialog() -> Dialog:
    return Dialog(
        Window(
            L("admin-overview-title"),
            Format("{body}"),
            Start(L("roster-chat-open"), id="import", state=AdminRoster.upload),
            Start(L("people-chat-open"), id="people", state=AdminPeople.search),
            Row(  # issue 17: the holiday file and the sign delegates
                Start(L("admin-open-calendar"), id="adm_cal", state=AdminCalendar.file),
                Start(L("admin-open-delegates"), id="adm_dlg", state=AdminDelegates.community),
            ),
            Start(L("btn-phases"), id="adm_phases", state=AdminPhases.community),  # issue 17: pilot phases
            Cancel(L("btn-back")),
            hint_input(),
            StaleGuard(),
            getter=overview_getter,
            state=RosterOverview.overview,
        ),
    )
