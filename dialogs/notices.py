"""Buttons on messages the bot sent on its own (through the outbox), outside any dialog: the secretary's approve /
decline of a request to move a community day, and mute / unmute under a reminder.

These messages are sent by the outbox sender, not rendered by aiogram-dialog, so their buttons carry plain callback
data (`dialogs.buttons`) that is checked against the database on every press: a forged id, someone else's press, or a
second press on a decided request changes nothing and gets a clear answer."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from aiogram import Router
from aiogram.exceptions import TelegramAPIError
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message

from dialogs.buttons import MoveButton, MuteButton, UnmuteButton, stale
from dialogs.widgets import answer_callback, item_int
from domain.roles import Actor
from domain.settings import Settings
from locales import tr
from services.attendance import DecideOutcome, day_label, decide_move
from services.reminders import mute, unmute

UNMUTE_CALLBACK = UnmuteButton().pack()


async def on_stale_move(callback: CallbackQuery, actor: Actor) -> None:
    await answer_callback(callback, tr(actor.locale, "move-unknown"))


async def on_move_decision(
    callback: CallbackQuery, callback_data: MoveButton, actor: Actor, db, settings: Settings, clock
) -> None:
    locale = actor.locale
    approve = callback_data.decision == "ok"
    decision = await decide_move(
        db,
        callback_data.request_id,
        actor.onboarded_id,
        approve,
        clock(),
        default_locale=settings.default_locale,
    )
    if decision.outcome is DecideOutcome.UNKNOWN:
        await answer_callback(callback, tr(locale, "move-unknown"))
        return
    if decision.outcome is DecideOutcome.NOT_SECRETARY:
        await answer_callback(callback, tr(locale, "move-not-secretary"))
        return
    if decision.outcome is DecideOutcome.ALREADY_DECIDED:
        await answer_callback(callback, tr(locale, "move-already-decided", status=decision.status))
        return
    # Committed; now the secretary is told, and the buttons leave the message.
    outcome_line = tr(
        locale,
        f"move-decided-{decision.status}",
        name=decision.cadre,
        from_day=day_label(locale, decision.from_day),  # type: ignore[arg-type]
        to_day=day_label(locale, decision.to_day),  # type: ignore[arg-type]
    )
    await answer_callback(callback, outcome_line, alert=False)
    if isinstance(callback.message, Message):  # an InaccessibleMessage (deleted, too old) cannot be edited
        try:
            await callback.message.edit_text(
                f"{callback.message.html_text}\n\n{outcome_line}",
                reply_markup=None,
            )
        except TelegramAPIError:  # the message is too old to edit: the answer above still said it
            pass


async def on_stale_mute(callback: CallbackQuery, actor: Actor) -> None:
    await answer_callback(callback, tr(actor.locale, "mute-bad"))


async def on_mute(
    callback: CallbackQuery, callback_data: MuteButton, actor: Actor, db, settings: Settings, clock
) -> None:
    locale = actor.locale
    allowed = {item_int(d.strip()) for d in settings.mute_days.split(",")}
    if callback_data.days not in allowed:
        await answer_callback(callback, tr(locale, "mute-bad"))
        return
    until = await mute(db, actor.onboarded_id, callback_data.days, clock())
    shown = until.astimezone(ZoneInfo(settings.timezone)).strftime("%m-%d %H:%M")
    await answer_callback(callback, tr(locale, "mute-done", until=shown))
    if isinstance(callback.message, Message):  # an InaccessibleMessage (deleted, too old) cannot be edited
        keyboard = InlineKeyboardMarkup(
            inline_keyboard=[
                [InlineKeyboardButton(text=tr(locale, "unmute-button"), callback_data=UNMUTE_CALLBACK)]
            ]
        )
        try:
            await callback.message.edit_reply_markup(reply_markup=keyboard)
        except TelegramAPIError:
            pass


async def on_unmute(callback: CallbackQuery, actor: Actor, db) -> None:
    await unmute(db, actor.onboarded_id)
    await answer_callback(callback, tr(actor.locale, "unmute-done"), alert=False)
    if isinstance(callback.message, Message):  # an InaccessibleMessage (deleted, too old) cannot be edited
        try:
            await callback.message.edit_reply_markup(reply_markup=None)
        except TelegramAPIError:
            pass


def make_router() -> Router:
    router = Router(name="notices")
    router.callback_query.register(on_move_decision, MoveButton.filter())
    router.callback_query.register(on_stale_move, stale(MoveButton))
    router.callback_query.register(on_mute, MuteButton.filter())
    router.callback_query.register(on_stale_mute, stale(MuteButton))
    router.callback_query.register(on_unmute, UnmuteButton.filter())
    router.callback_query.register(on_stale_mute, stale(UnmuteButton))
    return router
