"""Keep the types aiogram parses Bot API answers into.

aiogram reads every answer as `Response[<the method's result type>]`, a pydantic generic model that pydantic makes
on first use and keeps only in a weak cache. A running bot drops them between calls (the garbage collector frees the
made class), so the next answer builds it again: 1–5 ms of schema building each time, about a thousand times in
half a minute of 200 people pressing buttons, most of a press's CPU after the handler itself. Holding each made
type once makes the lookup a dictionary hit."""

from __future__ import annotations

from typing import Any

from aiogram import Bot
from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.methods import Response, TelegramMethod
from aiogram.methods.base import TelegramType

_KEPT: dict[Any, type[Response[Any]]] = {}


class KeepResponseTypes(BaseRequestMiddleware):
    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        returning = method.__returning__
        if returning not in _KEPT:
            _KEPT[returning] = Response[returning]  # type: ignore[valid-type]
        return await make_request(bot, method)
