"""Administrator: the roster at a glance (imports happen on the command line: `gridbot roster import`)."""

from __future__ import annotations

from typing import Any

from aiogram_dialog import Dialog, DialogManager, Window
from aiogram_dialog.widgets.kbd import Cancel
from aiogram_dialog.widgets.text import Format
from markupsafe import escape

from dialogs.guard import StaleGuard
from dialogs.states import RosterOverview
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
                community=escape(c.name),
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
            Cancel(L("btn-back")),
            hint_input(),
            StaleGuard(),
            getter=overview_getter,
            state=RosterOverview.overview,
        ),
    )
