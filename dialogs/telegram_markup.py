"""The one place where plain buttons (`services.outgoing`: rows of [label, action]) become Telegram's markup, for the
outbox's sender and for a dialog that shows a notice's buttons itself (/digest). A second messenger turns the same
rows into its own cards in a module of its own."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup


def inline_keyboard(button_rows: Iterable[Sequence[Sequence[str]]]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [InlineKeyboardButton(text=label, callback_data=action) for label, action in row]
            for row in button_rows
        ]
    )
