"""Answers that wait out Telegram's flood control and passing failures instead of failing.

A Bot API call made while answering someone (an edit, a new screen, the answer to a button press) that Telegram
refuses with 429 "retry after N" is made again after N seconds; one that meets a server error (5xx) or a network
failure is made again after `BACKOFF` seconds; up to `MAX_WAIT` seconds in all: the person gets the answer a moment
late rather than not at all (aiogram raises and leaves the retry to the bot). A network failure may have happened
after Telegram took the call, so its retry can repeat a message: a repeat is better than no answer.
The outbox sender and the exports worker pace and defer their own calls on a 429, so their calls are left alone:
only calls inside an update (marked by `in_update`) are retried.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from aiogram import Bot
from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.exceptions import TelegramNetworkError, TelegramRetryAfter, TelegramServerError
from aiogram.methods import Response, TelegramMethod
from aiogram.methods.base import TelegramType

log = logging.getLogger("gridbot.telegram")
MAX_WAIT = 10.0  # seconds in all for one call; a button's answer must come within Telegram's 15 s
BACKOFF = 0.5  # before the retry of a call that met a 5xx or a network failure
_IN_UPDATE: ContextVar[bool] = ContextVar("gridbot_in_update", default=False)


class RetryInUpdate(BaseRequestMiddleware):
    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        if not _IN_UPDATE.get():
            return await make_request(bot, method)
        waited = 0.0
        while True:
            try:
                return await make_request(bot, method)
            except TelegramRetryAfter as exc:
                pause: float = exc.retry_after
                if waited + pause > MAX_WAIT:
                    raise
                log.info("%s: flood control, retried in %s s", type(method).__name__, pause)
            except (TelegramServerError, TelegramNetworkError) as exc:
                pause = BACKOFF
                if waited + pause > MAX_WAIT:
                    raise
                log.warning("%s: %s, retried in %s s", type(method).__name__, type(exc).__name__, pause)
            await asyncio.sleep(pause)
            waited += pause


@contextmanager
def retrying() -> Iterator[None]:
    """The calls made inside are retried like an update's (the start-up calls: getMe, setMyCommands, …)."""
    token = _IN_UPDATE.set(True)
    try:
        yield
    finally:
        _IN_UPDATE.reset(token)


def in_update() -> Callable[..., Awaitable[Any]]:
    """An outer update middleware: the calls made while handling the update are retried on a 429."""

    async def middleware(handler: Callable[..., Awaitable[Any]], event: Any, data: dict[str, Any]) -> Any:
        with retrying():
            return await handler(event, data)

    return middleware
