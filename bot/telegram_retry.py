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
from aiogram.exceptions import (
    ClientDecodeError,
    TelegramAPIError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
    TelegramUnauthorizedError,
)
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


# --- start-up: is Telegram there at all? ---
# Before anything else the bot asks getMe, outside the answers' quick retries: while Telegram cannot be reached
# (no route, a blocked address, a proxy down) each try is said in ONE line, in DEFAULT_LOCALE, naming the settings to
# check, and tried again after STARTUP_BACKOFF seconds (the last one repeated); the traceback only with LOG_LEVEL=DEBUG.
# A try waits STARTUP_TIMEOUT seconds for the answer (aiogram's default is a minute: a blocked address, which drops
# the packets, would keep the operator waiting that long for the first word).
STARTUP_BACKOFF = (2.0, 5.0, 10.0, 20.0, 30.0, 60.0)
STARTUP_TIMEOUT = 15


class TelegramUnusable(Exception):
    """Telegram answered, and no retry will help (the token refused, TELEGRAM_API_BASE not a Bot API server): the
    message id (locales/*/cli.ftl) and its arguments, for the command line to say."""

    def __init__(self, msg_id: str, **args: object) -> None:
        super().__init__(msg_id)
        self.msg_id = msg_id
        self.args_ = args


def _is_proxy_error(exc: BaseException) -> bool:
    """python-socks' errors (aiohttp-socks, behind TELEGRAM_PROXY): a refused login is not an OSError, so aiohttp
    does not wrap it and aiogram lets it through as it is."""
    return type(exc).__module__.split(".")[0] in ("python_socks", "aiohttp_socks")


def failure_reason(exc: BaseException) -> str:
    """What went wrong, as a key of cli-telegram-unreachable's $reason."""
    import aiohttp

    cause: BaseException | None = exc
    while cause is not None:
        if _is_proxy_error(cause) or isinstance(
            cause, aiohttp.ClientProxyConnectionError | aiohttp.ClientHttpProxyError
        ):
            return "proxy"
        if isinstance(cause, TimeoutError):
            return "timeout"
        if isinstance(cause, aiohttp.ClientConnectorDNSError):
            return "dns"
        if isinstance(cause, aiohttp.ClientConnectorCertificateError | aiohttp.ClientSSLError):
            return "tls"
        if isinstance(cause, ConnectionRefusedError):
            return "refused"
        if isinstance(cause, TelegramServerError):
            return "server"
        if isinstance(cause, ClientDecodeError):
            return "answer"
        if isinstance(cause, aiohttp.ServerDisconnectedError | ConnectionResetError):
            return "reset"
        cause = cause.__cause__ or cause.__context__
    return "other"


def _where(api_base: str, proxy: str | None) -> tuple[str, str]:
    """The Bot API server's host[:port], and the proxy's (never its password), or ""."""
    from urllib.parse import urlsplit

    server = urlsplit(api_base).netloc.rpartition("@")[2] or api_base
    through = urlsplit(proxy).netloc.rpartition("@")[2] if proxy else ""
    return server, through


async def wait_for_telegram(
    bot: Bot,
    *,
    locale: str,
    api_base: str,
    proxy: str | None = None,
    backoff: tuple[float, ...] = STARTUP_BACKOFF,
    sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
) -> None:
    """getMe until it is answered; flood control (429) is waited out as Telegram asks, without a word."""
    from locales import tr_text

    server, through = _where(api_base, proxy)
    tries = 0
    while True:
        try:
            await bot.get_me(request_timeout=STARTUP_TIMEOUT)
            return
        except TelegramRetryAfter as exc:
            log.info("getMe: flood control, retried in %s s", exc.retry_after)
            await sleep(exc.retry_after)
            continue
        except TelegramUnauthorizedError as exc:
            raise TelegramUnusable("cli-telegram-token-refused", server=server) from exc
        except (TelegramNetworkError, TelegramServerError, ClientDecodeError, OSError) as exc:
            failure: BaseException = exc  # ClientDecodeError: not JSON (a gateway's error page)
        except TelegramAPIError as exc:  # e.g. 404: TELEGRAM_API_BASE is a web server, not a Bot API server
            raise TelegramUnusable("cli-telegram-refused", server=server, error=type(exc).__name__) from exc
        except Exception as exc:
            if not _is_proxy_error(exc):
                raise
            failure = exc
        pause = backoff[min(tries, len(backoff) - 1)]
        tries += 1
        line = tr_text(
            locale,
            "cli-telegram-unreachable",
            server=server,
            proxy=through or "none",
            reason=failure_reason(failure),
            seconds=pause,
        )
        log.warning("%s", line, exc_info=failure if log.isEnabledFor(logging.DEBUG) else None)
        await sleep(pause)
