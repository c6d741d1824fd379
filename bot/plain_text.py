"""Plain text where Telegram takes plain text: the other half of escaping in one place.

The locale layer renders every message as HTML (`locales.tr` escapes what a person or the database gave it), because
messages are sent with parse_mode HTML. A few fields of a call are not HTML: a button's label, the pop-up answer to
a press, a command's description. Telegram shows them as they are, so an escaped `&` would read `&amp;`. This request
middleware, installed on the bot's session, turns those fields back into the text they stand for just before the
call leaves, whoever built it (a dialog, the outbox's sender, the command list).
"""

from __future__ import annotations

from typing import Any

from aiogram import Bot
from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.methods import AnswerCallbackQuery, Response, SetMyCommands, TelegramMethod
from aiogram.methods.base import TelegramType
from aiogram.types import InlineKeyboardMarkup, ReplyKeyboardMarkup


def unescape(text: str) -> str:
    """The five characters markupsafe escapes, back (and nothing else: a name like "Smith&copy" stays as it is)."""
    return (
        text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&#34;", '"')
        .replace("&#39;", "'")
        .replace("&amp;", "&")
    )


def _plain_rows(rows: list[list[Any]]) -> list[list[Any]] | None:
    """The rows with every label unescaped, or None when no label holds an entity (the common case: no copy)."""
    if not any("&" in button.text for row in rows for button in row):
        return None
    return [
        [
            button.model_copy(update={"text": unescape(button.text)}) if "&" in button.text else button
            for button in row
        ]
        for row in rows
    ]


def plain_markup(markup: Any) -> Any:
    """A keyboard whose labels are plain text (a copy; the markup given may be a cached one shared by many calls)."""
    if isinstance(markup, InlineKeyboardMarkup):
        rows = _plain_rows(markup.inline_keyboard)
        return markup if rows is None else markup.model_copy(update={"inline_keyboard": rows})
    if isinstance(markup, ReplyKeyboardMarkup):
        rows = _plain_rows(markup.keyboard)
        return markup if rows is None else markup.model_copy(update={"keyboard": rows})
    return markup


class PlainTextFields(BaseRequestMiddleware):
    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        markup = getattr(method, "reply_markup", None)
        if markup is not None:
            plain = plain_markup(markup)
            if plain is not markup:
                method = method.model_copy(update={"reply_markup": plain})
        if isinstance(method, AnswerCallbackQuery) and method.text and "&" in method.text:
            method = method.model_copy(update={"text": unescape(method.text)})  # type: ignore[assignment]
        elif isinstance(method, SetMyCommands) and any("&" in c.description for c in method.commands):
            commands = [
                c.model_copy(update={"description": unescape(c.description)}) for c in method.commands
            ]
            method = method.model_copy(update={"commands": commands})  # type: ignore[assignment]
        return await make_request(bot, method)
