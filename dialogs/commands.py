"""Commands outside dialogs (/menu /help /cancel /lang and the action commands), and the last-resort fallbacks."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command, CommandObject
from aiogram.types import CallbackQuery, Message
from aiogram_dialog import DialogManager, ShowMode, StartMode

from dialogs.actions import open_action
from dialogs.command_list import ACTION_COMMANDS
from dialogs.guard import restart_at_menu
from dialogs.menu import help_text
from dialogs.states import Language, Menu, Onboarding
from dialogs.widgets import actor_of
from locales import tr


async def menu(message: Message, dialog_manager: DialogManager) -> None:
    actor = actor_of(dialog_manager)
    if not actor.onboarded:
        await message.answer(tr(actor.locale, "not-onboarded"))
        return
    await dialog_manager.start(Menu.main, mode=StartMode.RESET_STACK, show_mode=ShowMode.SEND)


async def help_(message: Message, dialog_manager: DialogManager) -> None:
    await message.answer(help_text(dialog_manager))


async def cancel(message: Message, dialog_manager: DialogManager) -> None:
    actor = actor_of(dialog_manager)
    if dialog_manager.has_context():
        await dialog_manager.reset_stack()
        await message.answer(tr(actor.locale, "cancelled"))
    else:
        await message.answer(tr(actor.locale, "nothing-to-cancel"))


async def lang(message: Message, dialog_manager: DialogManager) -> None:
    await dialog_manager.start(Language.choose, mode=StartMode.RESET_STACK, show_mode=ShowMode.SEND)


async def action_command(message: Message, command: CommandObject, dialog_manager: DialogManager) -> None:
    refusal = await open_action(
        dialog_manager, ACTION_COMMANDS[command.command], show_mode=ShowMode.SEND, fresh=True
    )
    if refusal:
        await message.answer(refusal)


async def unknown_message(message: Message, dialog_manager: DialogManager) -> None:
    actor = actor_of(dialog_manager)
    if not actor.onboarded:
        await message.answer(tr(actor.locale, "not-onboarded"))
        await dialog_manager.start(Onboarding.contact, mode=StartMode.RESET_STACK, show_mode=ShowMode.SEND)
    elif dialog_manager.has_context():
        await message.answer(tr(actor.locale, "dialog-hint"))
    else:
        await message.answer(tr(actor.locale, "unknown-input"))


async def unknown_callback(callback: CallbackQuery, dialog_manager: DialogManager) -> None:
    """A button no dialog claims: forged, from an old message, or pressed by someone who may not use it."""
    await restart_at_menu(callback, dialog_manager)


def make_router() -> Router:
    router = Router(name="commands")
    router.message.register(menu, Command("menu"))
    router.message.register(help_, Command("help"))
    router.message.register(cancel, Command("cancel"))
    router.message.register(lang, Command("lang"))
    router.message.register(action_command, Command(*ACTION_COMMANDS))
    return router


def make_fallback() -> Router:
    """Last in line: whatever no flow claimed gets a clear answer, never silence."""
    fallback = Router(name="fallback")
    fallback.message.register(unknown_message)
    fallback.callback_query.register(unknown_callback)
    return fallback
