"""Widgets shared by the dialogs: text from the locale files in the reader's language."""

from __future__ import annotations

import re
from collections import ChainMap
from collections.abc import Sequence
from contextvars import ContextVar
from datetime import datetime
from typing import Any

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.types import CallbackQuery, InputMediaPhoto, Message, ReplyKeyboardRemove
from aiogram_dialog import DialogManager, ShowMode
from aiogram_dialog.api.entities import OldMessage
from aiogram_dialog.manager.message_manager import MessageManager
from aiogram_dialog.widgets.common import WhenCondition
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Group, Select
from aiogram_dialog.widgets.text import Format, Text
from markupsafe import escape

from domain.roles import Actor
from locales import Html, tr, tr_from

MAX_ID = 2**31 - 1  # the largest value an INTEGER column holds on PostgreSQL (int4); SQLite's are wider
_ITEM_INT = re.compile(r"[0-9]{1,10}")
_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def item_int(item_id: str, *, least: int = 1) -> int | None:
    """A number from button data (a Select's item id, a field of a notification's callback data): only ASCII digits,
    at most ten, with a value from `least` to MAX_ID; anything else (a superscript "²" that passes `str.isdigit`,
    "-1", an id too big for the database) is None, to be answered as a forged or outdated button."""
    if not _ITEM_INT.fullmatch(item_id):
        return None
    value = int(item_id)
    return value if least <= value <= MAX_ID else None


def typed_int(text: str) -> int | None:
    """A whole number a person typed: ASCII or full-width digits (１２ from a Chinese keyboard), spaces around; None
    for anything else (a superscript "²", a sign, a number longer than ten digits). The caller checks the range."""
    cleaned = text.strip().translate(_FULLWIDTH_DIGITS)
    return int(cleaned) if _ITEM_INT.fullmatch(cleaned) else None


# The press this update already answered, so the dialog framework's own empty answer is not sent on top of it.
_answered: ContextVar[str | None] = ContextVar("answered_callback", default=None)


async def answer_callback(callback: CallbackQuery, text: str, *, alert: bool = True) -> None:
    """Answer a button press with `text`; when Telegram no longer takes the answer (the press is older than its
    answer window, e.g. made while the bot was restarting), say it in the chat instead, so it is never lost."""
    _answered.set(callback.id)
    try:
        await callback.answer(text, show_alert=alert)
    except TelegramAPIError:
        # Never into someone else's chat (a forged press on another person's message: dialogs.guard.in_own_chat).
        if callback.message is not None and callback.message.chat.id == callback.from_user.id:
            # A message is HTML: a plain text (tr_text) is escaped, a message (tr) goes as it is.
            await callback.bot.send_message(callback.message.chat.id, escape(text))  # type: ignore[union-attr]


# A notification whose buttons stay while the dialog it opened is shown below it (see `keep_buttons_of`).
_kept: ContextVar[int | None] = ContextVar("kept_buttons", default=None)


def keep_buttons_of(message_id: int) -> None:
    """The dialog about to open from a notification's button must not take the notification's buttons off: they are
    the person's way back to the decision until it is stored (if the bot stops before the dialog's state is written,
    the notice can still be pressed). The service's outcome edits the notice once the decision is made."""
    _kept.set(message_id)


# The chat whose reply keyboard (📍 发送当前位置, 📱 分享手机号) this update already took away with its own answer.
_reply_keyboard_removed: ContextVar[int | None] = ContextVar("reply_keyboard_removed", default=None)


async def answer_removing_reply_keyboard(manager: DialogManager, chat_id: int, text: str) -> None:
    """Say `text` in the chat and take the reply keyboard away with it. Without this, aiogram-dialog takes it away on
    its own when the next window shows, with a message of its own saying "...", a stray bubble in the chat. (Sent by
    the bot itself: a reply keyboard's press reaches the handler as a callback whose message is not bound to it.)"""
    await manager.middleware_data["bot"].send_message(chat_id, text, reply_markup=ReplyKeyboardRemove())
    _reply_keyboard_removed.set(chat_id)


class OnceAnsweringMessageManager(MessageManager):
    """aiogram-dialog answers every press after its handler ran; Telegram refuses a second answer (and the refusal
    is logged), so a press our handler already answered with a text is left alone. A notification marked with
    `keep_buttons_of` keeps its buttons when a dialog opens below it."""

    async def answer_callback(self, bot: Bot, callback_query: CallbackQuery) -> None:
        if _answered.get() != callback_query.id:
            await super().answer_callback(bot, callback_query)

    async def remove_inline_kbd(self, bot: Bot, old_message: OldMessage | None) -> Message | None:
        if old_message is not None and old_message.message_id == _kept.get():
            return None
        return await super().remove_inline_kbd(bot, old_message)

    async def remove_reply_kbd(self, bot: Bot, old_message: OldMessage | None) -> Message | None:
        if old_message is not None and old_message.chat.id == _reply_keyboard_removed.get():
            return None  # gone already, with the answer (answer_removing_reply_keyboard)
        return await super().remove_reply_kbd(bot, old_message)


def actor_of(manager: DialogManager) -> Actor:
    return manager.middleware_data["actor"]


def now_of(manager: DialogManager) -> datetime:
    """The bot's clock (UTC), as the middleware hands it over (frozen in tests)."""
    return manager.middleware_data["clock"]()


def start_data(manager: DialogManager) -> dict[str, Any]:
    """What the dialog was started with (a dict), or an empty dict."""
    return manager.start_data if isinstance(manager.start_data, dict) else {}


async def edit_notice(
    bot: Bot | None, chat_id: int | None, message_id: int | None, text: str, markup: Any = None
) -> None:
    """Show a new state on a message the bot sent (a notification someone pressed a button on), with only the
    buttons still usable; a message too old to edit, or unchanged, is left as it is. `bot` is the event's, which
    aiogram types as optional (it is always there in a handler)."""
    if bot is None or not chat_id or not message_id:
        return
    try:
        await bot.edit_message_text(text, chat_id=chat_id, message_id=message_id, reply_markup=markup)
    except TelegramAPIError:
        pass


async def send_album(bot: Bot, chat_id: int, photos: list[str], caption: str | None = None) -> None:
    """Photos (Telegram file ids) as albums of up to ten, one call each (a lone photo as itself); `caption` under
    the first."""
    for start in range(0, len(photos), 10):
        chunk = photos[start : start + 10]
        text = caption if start == 0 else None
        if len(chunk) == 1:
            await bot.send_photo(chat_id, chunk[0], caption=text)
        else:
            await bot.send_media_group(
                chat_id,
                [InputMediaPhoto(media=p, caption=text if i == 0 else None) for i, p in enumerate(chunk)],
            )


def pair_select(widget_id: str, items: str, on_click: Any) -> Select:
    """A button per (id, label) pair of the getter's `items` list."""
    return Select(
        Format("{item[1]}"), id=widget_id, item_id_getter=lambda item: item[0], items=items, on_click=on_click
    )


class L(Text):
    """A Fluent message; its variables come from the window's getter data (or fixed keyword arguments)."""

    def __init__(self, msg_id: str, when: WhenCondition = None, **args: Any) -> None:
        super().__init__(when=when)
        self.msg_id = msg_id
        self.args = args

    async def _render_text(self, data: dict, manager: DialogManager) -> str:
        # The render data holds every middleware value too (dozens): read the message's variables from it in place.
        values = ChainMap(self.args, data) if self.args else data
        return tr_from(actor_of(manager).locale, self.msg_id, values)


async def _hint(message: Message, _widget: MessageInput, manager: DialogManager) -> None:
    await message.answer(tr(actor_of(manager).locale, "dialog-hint"))
    # Bring the screen back below the hint, so its buttons are where the person is looking.
    manager.show_mode = ShowMode.DELETE_AND_SEND


def hint_input() -> MessageInput:
    """For windows that take no typed input: anything typed gets a hint instead of silence."""
    return MessageInput(_hint)


def choice_list(widget_id: str, items: str, on_click: Any, width: int = 1) -> Group:
    """Buttons for a list of (id, label) pairs from the getter's `items` key, `width` to a row."""
    return Group(pair_select(widget_id, items, on_click), width=width)


# Telegram takes at most 4,096 characters a message: a long list (a roster's row errors, a preview) is cut before
# that, with a line saying how many were left out.
LIST_ROOM = 3500


def capped_lines(locale: str, lines: Sequence[str], room: int = LIST_ROOM) -> Html:
    """`lines` joined one per line, as many as fit in `room` characters, then "…另有 N 行未显示"."""
    kept: list[str] = []
    used = 0
    for line in lines:
        if used + len(line) + 1 > room:
            kept.append(tr(locale, "lines-more", count=len(lines) - len(kept)))
            break
        kept.append(line)
        used += len(line) + 1
    return Html("\n").join(kept)
