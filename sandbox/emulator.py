"""A local Telegram Bot API server with a web chat, for tests and demos.

``Emulator`` serves, from one aiohttp application:

* the Bot API at ``/bot<token>/<method>`` and files at ``/file/bot<token>/<path>``;
* the control API at ``/sandbox/api/...`` (see ``control``);
* the web chat at ``/``.

It imports nothing from the bot: it is what Telegram would be.
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from aiohttp import web

from . import errors
from .botapi import BotApi
from .control import ControlApi
from .errors import ApiError, ResetAfterDelivery
from .limits import FaultConfig, FaultInjector, LimitConfig, RateLimiter, Stats
from .params import Params
from .world import World

log = logging.getLogger(__name__)

WEB_DIR = Path(__file__).with_name("web")


class Emulator:
    def __init__(
        self,
        token: str,
        host: str = "127.0.0.1",
        port: int = 0,
        personas: list[dict[str, Any]] | None = None,
        media_dir: Path | None = None,
        *,
        bot_first_name: str = "GridBot 网格助手",
        bot_username: str = "gridbot_sandbox_bot",
        limits: dict[str, Any] | None = None,
        faults: dict[str, Any] | None = None,
        callback_timeout: float = 15.0,
        timezone: str = "Asia/Shanghai",
    ) -> None:
        self.token = token
        ZoneInfo(timezone)  # an unknown zone fails here, not later in the browser
        self.host = host
        self._requested_port = port
        self._runner: web.AppRunner | None = None
        self.port: int | None = None

        bot_id, _, _ = token.partition(":")
        bot_user = {
            "id": int(bot_id) if bot_id.isdigit() else 1,
            "is_bot": True,
            "first_name": bot_first_name,
            "username": bot_username,
            "can_join_groups": False,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }
        self.world = World(bot_user, self._webhook_reply, media_dir, callback_timeout)
        self.world.set_personas(personas or [])
        limit_config, fault_config = LimitConfig(), FaultConfig()
        limit_config.update(limits or {})
        fault_config.update(faults or {})
        self.limiter = RateLimiter(limit_config)
        self.faults = FaultInjector(fault_config)
        self.api = BotApi(self.world, self.limiter, self.faults, Stats())
        # The web chat shows message times in the bot's zone (its TIMEZONE), whatever the browser's zone is.
        self.control = ControlApi(self.world, self.api, self.limiter, self.faults, timezone=timezone)

    @property
    def base_url(self) -> str:
        if self.port is None:
            raise RuntimeError("the emulator is not started")
        return f"http://{self.host}:{self.port}"

    def app(self) -> web.Application:
        app = web.Application(client_max_size=60 * 1024 * 1024)  # Bot API uploads go up to 50 MB
        app.add_routes(
            [
                web.route("*", "/bot{token}/{method}", self._bot_api),
                web.get("/file/bot{token}/{path:.+}", self._download),
                *self.control.routes(),
                web.get("/", self._index),
                web.static("/web", WEB_DIR),
            ]
        )
        return app

    async def start(self) -> None:
        # A short shutdown timeout: pending long polls are released on stop anyway.
        self._runner = web.AppRunner(self.app(), shutdown_timeout=1.0, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self._requested_port)
        await site.start()
        self.port = self._runner.addresses[0][1]  # the real port when 0 was asked for
        log.info("Bot API at %s/bot<token>/<method>, web chat at %s/", self.base_url, self.base_url)

    async def stop(self) -> None:
        await self.world.close()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def serve_forever(self) -> None:
        await self.start()
        try:
            await asyncio.Event().wait()
        finally:
            await self.stop()

    async def __aenter__(self) -> Emulator:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    async def _bot_api(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return _error(ApiError(401, errors.UNAUTHORIZED))
        try:
            params = await Params.from_request(request)
            result = await self.api.call(request.match_info["method"], params)
        except ApiError as exc:
            return _error(exc)
        except ResetAfterDelivery:  # a fault: it took effect, and the client gets no answer
            if request.transport is not None:
                request.transport.abort()
            raise web.HTTPInternalServerError() from None
        except Exception:
            # An emulator bug must still look like a Telegram answer, or aiogram fails to decode it.
            log.exception("Bot API call %s failed", request.match_info["method"])
            return _error(ApiError(500, errors.INTERNAL_SERVER_ERROR))
        return web.json_response({"ok": True, "result": result})

    async def _webhook_reply(self, method: str, params: Params) -> None:
        await self.api.call(method, params)

    async def _download(self, request: web.Request) -> web.Response:
        stored = self.world.files.by_path(request.match_info["path"])
        if request.match_info["token"] != self.token or stored is None:
            return _error(ApiError(404, errors.NOT_FOUND))
        return web.Response(body=self.world.files.read(stored), content_type=stored.mime_type)

    async def _index(self, request: web.Request) -> web.FileResponse:
        return web.FileResponse(WEB_DIR / "index.html")


def _error(exc: ApiError) -> web.Response:
    return web.json_response(exc.to_json(), status=exc.error_code)
