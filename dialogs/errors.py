"""Errors, handled once for every dialog.

Stale buttons are normal life (a restart, an old message, a forged callback): answer, explain, go back to the menu.
Anything else is logged with the update id and the exception's type and frames only — exception messages can carry
what a user typed or a phone number from a failed SQL statement, so they never reach the log.
"""

from __future__ import annotations

import logging

from aiogram import Router
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import ExceptionTypeFilter
from aiogram.types import ErrorEvent
from aiogram_dialog import DialogManager, ShowMode, StartMode
from aiogram_dialog.api.exceptions import OutdatedIntent, UnknownIntent, UnknownState

from dialogs.guard import restart_at_menu
from dialogs.states import Menu, Onboarding
from dialogs.widgets import actor_of, answer_callback
from locales import tr

log = logging.getLogger("gridbot.errors")


async def on_stale(event: ErrorEvent, dialog_manager: DialogManager) -> None:
    log.info("update %s: stale dialog (%s)", event.update.update_id, type(event.exception).__name__)
    if event.update.callback_query:
        await restart_at_menu(event.update.callback_query, dialog_manager)
        return
    actor = actor_of(dialog_manager)
    message = event.update.message
    if message is not None and (message.from_user is None or message.from_user.id != message.chat.id):
        return  # not the sender's own chat (a forged update): nothing is shown there, see dialogs.guard.in_own_chat
    if message is not None:
        await message.answer(tr(actor.locale, "outdated-screen"))
    target = Menu.main if actor.onboarded else Onboarding.contact
    await dialog_manager.start(target, mode=StartMode.RESET_STACK, show_mode=ShowMode.SEND)


async def on_error(event: ErrorEvent, dialog_manager: DialogManager | None = None) -> None:
    log.error(
        "update %s failed: %s",
        event.update.update_id,
        type(event.exception).__name__,
        exc_info=event.exception,
    )
    if dialog_manager is None or "actor" not in dialog_manager.middleware_data:
        return
    text = tr(actor_of(dialog_manager).locale, "error-generic")
    try:
        if event.update.callback_query:
            await answer_callback(event.update.callback_query, text)
        elif event.update.message:
            await event.update.message.answer(text)
    except TelegramAPIError:  # blocked, rate-limited, gone: nothing more to do for this update
        log.warning("update %s: could not tell the user about the error", event.update.update_id)


def make_router() -> Router:
    router = Router(name="errors")
    router.errors.register(on_stale, ExceptionTypeFilter(UnknownIntent, OutdatedIntent, UnknownState))
    router.errors.register(on_error)
    return router
