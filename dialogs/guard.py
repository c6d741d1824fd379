"""Stale and forged buttons: answered, explained, and the person is taken back to the menu."""

from __future__ import annotations

from aiogram.types import CallbackQuery
from aiogram_dialog import DialogManager, DialogProtocol, ShowMode, StartMode
from aiogram_dialog.widgets.kbd import Keyboard

from dialogs.states import Menu, Onboarding
from dialogs.widgets import actor_of, answer_callback
from locales import tr


def in_own_chat(callback: CallbackQuery) -> bool:
    """A private chat's buttons are pressed by the person in it: Telegram sends nothing else. A press on someone
    else's message (a forged or replayed update) gets its answer but no screen: aiogram-dialog keeps such a person in
    a stack of their own in that chat, where the onboarding's reply keyboard cannot go (InvalidKeyboardType), and a
    menu sent there would land in the other person's chat."""
    return callback.message is None or callback.message.chat.id == callback.from_user.id


async def restart_at_menu(callback: CallbackQuery, dialog_manager: DialogManager) -> None:
    actor = actor_of(dialog_manager)
    text = tr(actor.locale, "outdated-screen" if actor.onboarded else "not-onboarded")
    await answer_callback(callback, text)
    if not in_own_chat(callback):
        return
    target = Menu.main if actor.onboarded else Onboarding.contact
    await dialog_manager.start(target, mode=StartMode.RESET_STACK, show_mode=ShowMode.SEND)


class StaleGuard(Keyboard):
    """Last keyboard widget of every window: claims a callback that none of the window's buttons knows."""

    async def _render_keyboard(self, data: dict, manager: DialogManager) -> list:
        return []

    async def _process_other_callback(
        self, callback: CallbackQuery, dialog: DialogProtocol, manager: DialogManager
    ) -> bool:
        await restart_at_menu(callback, manager)
        return True
