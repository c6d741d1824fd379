"""The role-based main menu: each person sees only the actions of their roles."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from aiogram.types import CallbackQuery
from aiogram_dialog import Dialog, DialogManager, Window
from aiogram_dialog.widgets.kbd import Row, Start, SwitchTo
from aiogram_dialog.widgets.text import Format
from markupsafe import escape

from dialogs.actions import open_action
from dialogs.admin_channels import AdminChannels
from dialogs.command_list import commands_text
from dialogs.guard import StaleGuard
from dialogs.kept_widgets import INTENT_KEYBOARD, KeptButtons, KeptPairSelect
from dialogs.states import Language, Menu
from dialogs.widgets import L, actor_of, answer_callback, hint_input
from domain.roles import Action, Role, actions_for
from locales import Html, tr
from services.problems.sources import reported_this_month

ACTIONS_ID = "act"


def join(locale: str, items: list[str]) -> str:
    return _separator(locale).join(items)


@lru_cache(maxsize=16)
def _separator(locale: str) -> Html:
    return tr(locale, "list-separator")


async def menu_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    actor = actor_of(dialog_manager)
    locale = actor.locale
    roles, actions = _role_texts(locale, actor.roles)
    return {
        # Messages are sent as HTML: roster text is escaped, never trusted as markup.
        "name": escape(actor.name),
        "roles": roles,
        "communities": escape(join(locale, list(actor.communities))),
        "department": escape(actor.department or ""),
        "actions": list(actions),
        **await _quota(dialog_manager),
    }


async def _quota(manager: DialogManager) -> dict[str, Any]:
    """Issue 18: 本月已上报 n/quota for a grid worker, only when an administrator set a quota (one count)."""
    actor, settings = actor_of(manager), manager.middleware_data["settings"]
    if settings.problem_monthly_quota <= 0 or Role.GRID_WORKER not in actor.roles or not actor.onboarded:
        return {"quota": 0}
    db, now = manager.middleware_data["db"], manager.middleware_data["clock"]()
    reported = await reported_this_month(db, actor.onboarded_id, now, settings.timezone)
    return {"quota": settings.problem_monthly_quota, "reported": reported}


@lru_cache(maxsize=256)
def _role_texts(locale: str, roles: frozenset[Role]) -> tuple[str, tuple[tuple[str, str], ...]]:
    """The roles line and the menu's (action, label) pairs of a set of roles: the same few sets, on every press."""
    return (
        join(locale, [tr(locale, f"role-{role.value}") for role in sorted(roles)]),
        tuple((action.value, tr(locale, f"action-{action.value}")) for action in actions_for(roles)),
    )


async def on_action(callback: CallbackQuery, _widget: Any, manager: DialogManager, item_id: str) -> None:
    actor = actor_of(manager)
    try:
        action = Action(item_id)
    except ValueError:  # a forged button
        await answer_callback(callback, tr(actor.locale, "outdated-screen"))
        return
    refusal = await open_action(manager, action)
    if refusal:
        await answer_callback(callback, refusal)


async def help_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    return {"help": help_text(dialog_manager)}


def help_text(manager: DialogManager) -> str:
    actor = actor_of(manager)
    return _help_text(actor.locale, actor.roles if actor.onboarded else frozenset(), actor.onboarded)


@lru_cache(maxsize=256)
def _help_text(locale: str, roles: frozenset[Role], onboarded: bool) -> str:
    """The same few sets of roles ask for it again and again: made once each."""
    parts = [tr(locale, "help-title"), commands_text(locale, roles)]
    if onboarded:
        labels = [label for _action, label in _role_texts(locale, roles)[1]]
        parts.append(tr(locale, "help-your-actions", actions=join(locale, labels)))
    else:
        parts.append(tr(locale, "help-not-onboarded"))
    return Html("\n\n").join(parts)


def make_dialog() -> Dialog:
    return Dialog(
        Window(
            L("menu-title"),
            L("menu-who"),
            L("menu-roles"),
            L("menu-communities", when="communities"),
            L("menu-department", when="department"),
            L("problem-quota", when="quota"),
            L("menu-choose", when="actions"),
            L("menu-no-actions", when=lambda data, *_: not data["actions"]),
            KeptPairSelect(ACTIONS_ID, "actions", on_action, width=2),
            Start(  # issue 20: the work groups' robots, for administrators
                L("channels-open"),
                id="channels",
                state=AdminChannels.list,
                when=lambda _data, _widget, manager: actor_of(manager).can(Action.ROSTER),
            ),
            KeptButtons(
                Row(
                    Start(L("menu-lang"), id="lang", state=Language.choose),
                    SwitchTo(L("menu-help"), id="help", state=Menu.help),
                )
            ),
            hint_input(),
            StaleGuard(),
            getter=menu_getter,
            state=Menu.main,
            markup_factory=INTENT_KEYBOARD,
        ),
        Window(
            Format("{help}"),
            KeptButtons(SwitchTo(L("btn-back"), id="back", state=Menu.main)),
            hint_input(),
            StaleGuard(),
            getter=help_getter,
            state=Menu.help,
            markup_factory=INTENT_KEYBOARD,
        ),
    )
