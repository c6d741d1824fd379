"""Onboarding 身份验证: share your own phone with the request-contact button, or open a one-time invite link."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.enums import ContentType
from aiogram.filters import CommandObject, CommandStart
from aiogram.types import Message, ReplyKeyboardRemove
from aiogram_dialog import Dialog, DialogManager, ShowMode, StartMode, Window
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import RequestContact
from aiogram_dialog.widgets.markup.reply_keyboard import ReplyKeyboardFactory

from dialogs.states import Menu, Onboarding
from dialogs.widgets import L, actor_of
from domain.onboarding import BindOutcome
from domain.roles import Actor
from locales import tr
from services.onboarding import (
    AdminBootstrap,
    BindResult,
    bind_by_contact,
    bind_by_directory_mobile,
    redeem_invite,
)
from services.people import load_actor
from storage.messenger_ids import is_feishu_id

REFUSAL = {
    BindOutcome.NOT_OWN_CONTACT: "onboard-not-own-contact",
    BindOutcome.INVALID_PHONE: "onboard-invalid-phone",
    BindOutcome.UNKNOWN_PHONE: "onboard-unknown-phone",
    BindOutcome.TAKEN: "onboard-taken",
    BindOutcome.ACCOUNT_IN_USE: "onboard-account-in-use",
    BindOutcome.INVITE_INVALID: "onboard-invite-invalid",
    BindOutcome.INVITE_EXPIRED: "onboard-invite-expired",
    BindOutcome.DEACTIVATED: "account-deactivated",
}


def refusal_text(manager: DialogManager, outcome: BindOutcome) -> str:
    days = manager.middleware_data["settings"].invite_days
    return tr(actor_of(manager).locale, REFUSAL[outcome], days=days)


async def _after_bind(message: Message, manager: DialogManager, result: BindResult) -> None:
    actor = actor_of(manager)
    if result.outcome is not BindOutcome.BOUND:
        await message.answer(refusal_text(manager, result.outcome))
        return
    # The welcome itself removes the request-contact keyboard, so the dialog has no keyboard left to clean up
    # (otherwise aiogram-dialog sends a bare "..." message just to remove it).
    await message.answer(
        tr(actor.locale, "onboard-success", name=result.name), reply_markup=ReplyKeyboardRemove()
    )
    if result.first_admin:
        await message.answer(tr(actor.locale, "onboard-first-admin"))
    manager.current_stack().last_message_id = None
    data = manager.middleware_data
    # The actor of this update was loaded before the binding; the menu must see the person's roles.
    data["actor"] = await load_actor(data["db"], actor.telegram_id, data["settings"].default_locale)
    await manager.start(Menu.main, mode=StartMode.RESET_STACK, show_mode=ShowMode.SEND)


async def on_contact(message: Message, _widget: MessageInput, manager: DialogManager) -> None:
    data = manager.middleware_data
    assert message.contact is not None and message.from_user is not None
    settings = data["settings"]
    result = await bind_by_contact(
        data["db"],
        sender_id=message.from_user.id,
        contact_user_id=message.contact.user_id,
        phone=message.contact.phone_number,
        now=data["clock"](),
        default_locale=settings.default_locale,
        contact_first_name=message.contact.first_name,
        contact_last_name=message.contact.last_name,
        bootstrap=AdminBootstrap(settings.admin_phones, settings.subdistrict_name),
    )
    if result.outcome is not BindOutcome.BOUND:
        # The request-contact keyboard stays under the refusal; repeating the welcome would only add noise.
        manager.show_mode = ShowMode.NO_UPDATE
    await _after_bind(message, manager, result)


async def on_feishu_unbound(message: Message, dialog_manager: DialogManager) -> None:
    """Issue 19: Feishu has no contact button; a Feishu user who writes while unbound is bound by the mobile their
    tenant's directory holds (bot.feishu: dp["directory_mobile"]), by the rules of a shared contact."""
    data = dialog_manager.middleware_data
    lookup = data.get("directory_mobile")
    mobile = await lookup(message.from_user.id) if lookup is not None and message.from_user else None
    if not mobile:
        await message.answer(tr(actor_of(dialog_manager).locale, "onboard-feishu-no-mobile"))
        return
    settings = data["settings"]
    result = await bind_by_directory_mobile(
        data["db"],
        sender_id=actor_of(dialog_manager).telegram_id,
        mobile=mobile,
        now=data["clock"](),
        default_locale=settings.default_locale,
        bootstrap=AdminBootstrap(settings.admin_phones, settings.subdistrict_name),
    )
    await _after_bind(message, dialog_manager, result)


def _feishu_unbound(message: Message, actor: Actor) -> bool:
    return not actor.onboarded and is_feishu_id(actor.telegram_id)


async def on_other(message: Message, _widget: MessageInput, manager: DialogManager) -> None:
    manager.show_mode = ShowMode.NO_UPDATE
    await message.answer(tr(actor_of(manager).locale, "onboard-need-contact"))


def make_dialog() -> Dialog:
    return Dialog(
        Window(
            L("onboard-welcome"),
            RequestContact(L("onboard-share-button")),
            MessageInput(on_contact, content_types=[ContentType.CONTACT]),
            MessageInput(on_other),
            markup_factory=ReplyKeyboardFactory(
                resize_keyboard=True, input_field_placeholder=L("onboard-placeholder")
            ),
            state=Onboarding.contact,
        ),
    )


async def start_with_invite(message: Message, command: CommandObject, dialog_manager: DialogManager) -> None:
    actor = actor_of(dialog_manager)
    data = dialog_manager.middleware_data
    result = await redeem_invite(
        data["db"],
        code=command.args or "",
        sender_id=actor.telegram_id,
        now=data["clock"](),
        default_locale=data["settings"].default_locale,
    )
    if result.outcome is BindOutcome.BOUND:
        await _after_bind(message, dialog_manager, result)
        return
    await message.answer(refusal_text(dialog_manager, result.outcome))
    if not actor.onboarded:
        await dialog_manager.start(Onboarding.contact, mode=StartMode.RESET_STACK, show_mode=ShowMode.SEND)


async def start(message: Message, dialog_manager: DialogManager) -> None:
    actor = actor_of(dialog_manager)
    if actor.onboarded:
        await message.answer(tr(actor.locale, "onboard-already"))
        await dialog_manager.start(Menu.main, mode=StartMode.RESET_STACK, show_mode=ShowMode.SEND)
    else:
        await dialog_manager.start(Onboarding.contact, mode=StartMode.RESET_STACK, show_mode=ShowMode.SEND)


def make_router() -> Router:
    router = Router(name="onboarding")
    router.message.register(
        start_with_invite, CommandStart(deep_link=True, magic=F.args.regexp(r"^[A-Za-z0-9_-]{8,64}$"))
    )
    router.message.register(on_feishu_unbound, _feishu_unbound)  # after an invite, before /start (issue 19)
    router.message.register(start, CommandStart())
    return router
