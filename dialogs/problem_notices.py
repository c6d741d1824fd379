"""The buttons of a problem's notices (outside any dialog): 🔎 open the item, ✅ 已知悉, open a register."""

from __future__ import annotations

from contextlib import suppress

from aiogram import Router
from aiogram.exceptions import TelegramAPIError
from aiogram.types import CallbackQuery, Message
from aiogram_dialog import DialogManager, ShowMode, StartMode

from dialogs.buttons import ProblemButton, stale
from dialogs.problem_widgets import config_of
from dialogs.problems import _domain_person
from dialogs.states import ProblemItem, ProblemRegisterFlow
from dialogs.widgets import actor_of, answer_callback, now_of
from domain import problems as rules
from locales import tr
from services.problems import ProblemError, acknowledge, moves_for
from services.problems.register import may_view_register


async def on_stale_notice(callback: CallbackQuery, dialog_manager: DialogManager) -> None:
    """pb:… data that is not a `ProblemButton` (forged, or of an older version)."""
    await answer_callback(callback, tr(actor_of(dialog_manager).locale, "outdated-screen"))


async def on_notice_button(
    callback: CallbackQuery, callback_data: ProblemButton, dialog_manager: DialogManager
) -> None:
    """pb:open:<id>, pb:ack:<id>, pb:reg:<id> from a notification (outside any dialog)."""
    actor = actor_of(dialog_manager)
    what, ref = callback_data.what, callback_data.ref
    db = dialog_manager.middleware_data["db"]
    if what == "ack":
        try:
            earlier = await acknowledge(
                db, actor.onboarded_id, ref, now_of(dialog_manager), config_of(dialog_manager)
            )
        except ProblemError as exc:
            await answer_callback(callback, tr(actor.locale, exc.key, **exc.args_))
            return
        key = "problem-ack-earlier" if earlier is not None else "problem-ack-done"
        await answer_callback(callback, tr(actor.locale, key, id=ref, name=earlier or ""))
        return
    if what == "reg":
        if not await may_view_register(db, actor.onboarded_id, ref):
            await answer_callback(callback, tr(actor.locale, "problem-no-permission"))
            return
        await dialog_manager.start(
            ProblemRegisterFlow.view,
            data={"register_id": ref},
            mode=StartMode.NORMAL,
            show_mode=ShowMode.SEND,
        )
        return
    if what == "open":
        card, _ = await moves_for(db, actor.onboarded_id, ref)
        if card is None:
            await answer_callback(callback, tr(actor.locale, "problem-not-found"))
            return
        if not rules.may_view(await _domain_person(dialog_manager), card.view):
            await answer_callback(callback, tr(actor.locale, "problem-no-permission"))
            return
        await dialog_manager.start(
            ProblemItem.view, data={"problem_id": ref}, mode=StartMode.NORMAL, show_mode=ShowMode.SEND
        )
        await _keep_buttons(callback)
        return
    await answer_callback(callback, tr(actor.locale, "outdated-screen"))


async def _keep_buttons(callback: CallbackQuery) -> None:
    """aiogram-dialog takes the buttons off the message a dialog is started from; the item's card (edited in place
    on every change, `services.problem_notify.cards`) keeps its 🔎 button, so it is put back."""
    pressed = callback.message
    if not isinstance(pressed, Message) or pressed.reply_markup is None:  # too old to edit, or no buttons
        return
    with suppress(TelegramAPIError):  # gone meanwhile, or the buttons were never taken off ("not modified")
        await pressed.edit_reply_markup(reply_markup=pressed.reply_markup)


def make_router() -> Router:
    router = Router(name="problem-notices")
    router.callback_query.register(on_notice_button, ProblemButton.filter())
    router.callback_query.register(on_stale_notice, stale(ProblemButton))
    return router
