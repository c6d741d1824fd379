"""Buttons on messages the bot sent on its own (through the outbox), outside any dialog: the secretary's approve /
decline of a request to move a community day, and mute / unmute under a reminder.

These messages are sent by the outbox sender, not rendered by aiogram-dialog, so their buttons carry plain callback
data that is checked against the database on every press: a forged id, someone else's press, or a second press on a
decided request changes nothing and gets a clear answer."""

from __future__ import annotations

import re
from html import escape
from zoneinfo import ZoneInfo

from aiogram import F, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message

from bot.config import Settings
from dialogs.widgets import answer_callback
from domain.roles import Actor
from locales import tr
from reminders.engine import MUTE_CALLBACK
from services.attendance import MOVE_CALLBACK, DecideOutcome, day_label, decide_move
from services.reminders import mute, unmute

UNMUTE_CALLBACK = "runmute"
_MOVE = re.compile(rf"^{MOVE_CALLBACK}:(ok|no):(\d{{1,12}})$")
_MUTE = re.compile(rf"^{MUTE_CALLBACK}:(\d{{1,3}})$")


async def on_move_decision(callback: CallbackQuery, actor: Actor, db, settings: Settings, clock) -> None:
    locale = actor.locale
    match = _MOVE.match(callback.data or "")
    if match is None:
        await answer_callback(callback, tr(locale, "move-unknown"))
        return
    approve = match.group(1) == "ok"
    decision = await decide_move(
        db, int(match.group(2)), actor.onboarded_id, approve, clock(), default_locale=settings.default_locale
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
        name=escape(decision.cadre),
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


async def on_mute(callback: CallbackQuery, actor: Actor, db, settings: Settings, clock) -> None:
    locale = actor.locale
    match = _MUTE.match(callback.data or "")
    allowed = {d.strip() for d in settings.mute_days.split(",")}
    if match is None or match.group(1) not in allowed:
        await answer_callback(callback, tr(locale, "mute-bad"))
        return
    until = await mute(db, actor.onboarded_id, int(match.group(1)), clock())
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
    router.callback_query.register(on_move_decision, F.data.startswith(f"{MOVE_CALLBACK}:"))
    router.callback_query.register(on_mute, F.data.startswith(f"{MUTE_CALLBACK}:"))
    router.callback_query.register(on_unmute, F.data == UNMUTE_CALLBACK)
    return router
