"""/lang: switch the interface between zh-CN and English; every text follows at once."""

from __future__ import annotations

from contextlib import suppress
from dataclasses import replace
from typing import Any

from aiogram.exceptions import TelegramAPIError
from aiogram.types import BotCommandScopeChat, CallbackQuery
from aiogram_dialog import Dialog, DialogManager, ShowMode, StartMode, Window
from aiogram_dialog.widgets.kbd import Cancel, Select
from aiogram_dialog.widgets.text import Format

from dialogs.command_list import bot_commands
from dialogs.guard import StaleGuard
from dialogs.states import Language, Menu, Onboarding
from dialogs.widgets import L, actor_of, answer_callback, hint_input
from locales import LANGUAGE_NAMES, LOCALES, tr
from services.people import set_locale


async def languages_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    current = actor_of(dialog_manager).locale
    return {
        "languages": [(code, ("✅ " if code == current else "") + LANGUAGE_NAMES[code]) for code in LOCALES]
    }


async def on_language(callback: CallbackQuery, _widget: Any, manager: DialogManager, locale: str) -> None:
    actor = actor_of(manager)
    if locale not in LOCALES:  # a forged button
        await answer_callback(callback, tr(actor.locale, "outdated-screen"))
        return
    data = manager.middleware_data
    await set_locale(data["db"], actor.telegram_id, locale)
    data["actor"] = actor = replace(actor, locale=locale)
    await answer_callback(callback, tr(locale, "lang-changed"), alert=False)
    with suppress(TelegramAPIError):  # a nicety: the command list in the chosen language, for this chat only
        await callback.bot.set_my_commands(  # type: ignore[union-attr]
            bot_commands(locale, actor.roles if actor.onboarded else ()),
            scope=BotCommandScopeChat(chat_id=actor.telegram_id),
        )
    # Re-render from the top so that every visible text is in the new language.
    target = Menu.main if actor.onboarded else Onboarding.contact
    await manager.start(target, mode=StartMode.RESET_STACK, show_mode=ShowMode.EDIT)


def make_dialog() -> Dialog:
    return Dialog(
        Window(
            L("lang-title"),
            Select(
                Format("{item[1]}"),
                id="locale",
                item_id_getter=lambda item: item[0],
                items="languages",
                on_click=on_language,
            ),
            Cancel(L("btn-back"), when=lambda _d, _w, m: actor_of(m).onboarded),
            hint_input(),
            StaleGuard(),
            getter=languages_getter,
            state=Language.choose,
        ),
    )
